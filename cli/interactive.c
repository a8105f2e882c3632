/* The interface's commands: `rutin`, `rutin demo`, `rutin exercise` and
 * `rutin exercise class`. The path (cmd.c) has parsed their options and
 * read the config; here the checks before the screen starts, then the
 * interface (app.c). */
#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "tui/app.h"
#include "cli/cmd.h"
#include "cli/commands.h"
#include "cli/delegate.h"
#include "tui/conffile.h"
#include "tui/paths.h"

#define DEMO_USER "demo"
#define DEMO_PASS "demo-demo-demo"
#define IDLE_DEFAULT 300

/* The folders the interface reads routines from, and what it made to
 * name them. */
struct folders {
	const char *dir[OPT_MAX_DIRS + CONFIG_MAX_DIRS + 3];
	size_t count;
	char *owned[2];
};

static void
folders_free(struct folders *f)
{
	free(f->owned[0]);
	free(f->owned[1]);
}

/* --routines replaces every other folder. Else the config's come before
 * the usual ones (a routine there wins over one with the same id): the
 * user's own, the organisation's (the system's rutin folder), the
 * shipped. */
static void
folders_of(struct folders *f, const struct cmd_ctx *c)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	if (c->o.routines.count > 0) {
		for (i = 0; i < (size_t)c->o.routines.count; i++)
			f->dir[f->count++] = c->o.routines.dir[i];
		return;
	}
	for (i = 0; i < c->cfg.routine_count; i++)
		f->dir[f->count++] = c->cfg.routines[i];
	f->dir[f->count++] = f->owned[0] = xdg_file("XDG_DATA_HOME", ".local/share",
	    "routines");
	f->dir[f->count++] = f->owned[1] = paths_org_routines();
	if (c->cfg.shipped_routines)
		f->dir[f->count++] = paths_shipped_routines();
}

/* The interface's options from the command's (borrowing its strings and
 * the folders'); the idle lock from --idle-lock, else the config. */
static void
app_options_from(struct app_options *o, const struct cmd_ctx *c, const struct folders *f)
{
	memset(o, 0, sizeof(*o));
	o->db = c->o.db;
	o->user = c->o.user;
	o->routine_dirs = f->dir;
	o->routine_dir_count = f->count;
	o->idle_seconds = c->o.idle_lock >= 0 ? c->o.idle_lock :
	    c->cfg.idle_lock >= 0 ? c->cfg.idle_lock : IDLE_DEFAULT;
	o->session = c->o.session;
	o->seals.syslog = c->cfg.seal_syslog;
	o->seals.file = c->cfg.seal_file;
	o->seal_on_complete = c->cfg.seal_on_complete;
	o->seal_on_close = c->cfg.seal_on_close;
}

/* The log must exist and be private before the screen starts. */
static int
check_db(const char *db)
{
	char *keys = xasprintf("%s.keys", db);
	const char *paths[2] = { db, keys };
	struct stat st;
	int i, rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		if (stat(paths[i], &st) != 0) {
			if (i == 0)
				fprintf(stderr, _("rutin: no log at %s.\nCreate one with: rutin init "
				    "--db %s --user NAME\nor try the training demo: rutin demo\n"),
				    db, db);
			else
				fprintf(stderr, _("rutin: %s: the keyring is missing; restore it "
				    "from a backup (the recovery key needs it too)\n"), keys);
			rc = 2;
		} else if (st.st_mode & 077) {
			fprintf(stderr, _("rutin: %s: others may read or change this file "
			    "(mode %04o); it must be private: chmod 600 %s\n"), paths[i],
			    (unsigned)(st.st_mode & 07777), paths[i]);
			rc = 2;
		}
	}
	free(keys);
	return rc;
}

/* The interface in `mode` on the command's log. */
static int
interface_in(struct cmd_ctx *c, enum app_mode mode)
{
	struct folders f;
	struct app_options o;
	int rc;

	if ((rc = check_db(c->o.db)) != 0)
		return rc;
	folders_of(&f, c);
	app_options_from(&o, c, &f);
	o.mode = mode;
	rc = app_run(&o);
	folders_free(&f);
	return rc;
}

static int
interface_exec(struct cmd_ctx *c)
{
	return interface_in(c, APP_ROUTINES);
}

static int
trainee_exec(struct cmd_ctx *c)
{
	return interface_in(c, APP_TRAINEE);
}

static int
class_exec(struct cmd_ctx *c)
{
	return interface_in(c, APP_CLASS);
}

static int
demo_create(const char *db)
{
	char recovery[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = NULL;

	fprintf(stderr, _("rutin demo: creating a training log at %s …\n"), db);
	if (log_create(db, DEMO_USER, DEMO_PASS, strlen(DEMO_PASS), NULL, recovery, &log,
	    &err) != LOG_OK || log_set_training(log, &err) != LOG_OK) {
		fprintf(stderr, "rutin demo: %s\n", err.message);
		log_close(&log);
		return EXIT_USAGE;
	}
	sodium_memzero(recovery, sizeof(recovery)); /* a throw-away log */
	log_close(&log);
	return 0;
}

static void
remove_demo(const char *dir, const char *db)
{
	static const char *const suffixes[] = { "", ".keys", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < 4; i++) {
		char *p = xasprintf("%s%s", db, suffixes[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
}

/* With --db the demo log is kept (and reused); else it is made in a
 * temporary folder and thrown away at exit. */
static int
demo_exec(struct cmd_ctx *c)
{
	struct folders f;
	struct app_options o;
	char *dir = NULL, *db = NULL;
	int rc;

	if (c->o.db_given && cmd_root_refused(c))
		return EXIT_USAGE;
	if (!c->o.db_given) {
		const char *tmp = getenv("TMPDIR");

		dir = xasprintf("%s/rutin-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			fprintf(stderr, "rutin demo: %s: %s\n", dir, strerror(errno));
			free(dir);
			return EXIT_USAGE;
		}
		c->o.db = db = xasprintf("%s/demo.db", dir);
	}
	rc = access(c->o.db, F_OK) != 0 ? demo_create(c->o.db) : 0;
	if (rc == 0)
		rc = check_db(c->o.db);
	if (rc == 0) {
		folders_of(&f, c);
		app_options_from(&o, c, &f);
		o.user = DEMO_USER;
		o.demo_pass = DEMO_PASS;
		rc = app_run(&o);
		folders_free(&f);
	}
	if (dir != NULL)
		remove_demo(dir, c->o.db);
	free(db);
	free(dir);
	return rc;
}

#define INTERFACE_OPTIONS (OPT(DB) | OPT(UNIT) | OPT(USER) | OPT(ROUTINES) | OPT(IDLE_LOCK))

const struct cmd_entry interface_cmd = {
	.name = "", .usage = "[--db FILE] [--user NAME] [--routines DIR] [--idle-lock SECONDS]",
	.summary = N_("the interface: walk routines, logged step by step"),
	.options = INTERFACE_OPTIONS, .max_operands = 0, .flags = CMD_CONFIG,
	.exec = interface_exec,
};
const struct cmd_entry demo_cmd = {
	.name = "demo", .usage = "[--db FILE] [--routines DIR] [--idle-lock SECONDS]",
	.summary = N_("the interface on a training log, with the shipped routines"),
	.options = OPT(DB) | OPT(ROUTINES) | OPT(IDLE_LOCK), .max_operands = 0,
	.flags = CMD_CONFIG | CMD_ROOT_OK, .exec = demo_exec,
};
/* A trainee's interface, and the trainer's class view: on a training log,
 * named (never the default, live, log). */
const struct cmd_entry exercise_cmd = {
	.group = "exercise", .name = "",
	.usage = "--db FILE [--routines DIR] [--idle-lock SECONDS]",
	.summary = N_("a trainee's interface: pick the exercise session and walk it"),
	.options = INTERFACE_OPTIONS, .max_operands = 0,
	.flags = CMD_NAMED_DB | CMD_CONFIG, .exec = trainee_exec,
};
const struct cmd_entry exercise_class_cmd = {
	.group = "exercise", .name = "class",
	.usage = "--db FILE [--session ID] [--routines DIR] [--idle-lock SECONDS]",
	.summary = N_("the trainer's class view: every trainee's step, live"),
	.options = INTERFACE_OPTIONS | OPT(SESSION), .max_operands = 0,
	.flags = CMD_NAMED_DB | CMD_CONFIG, .exec = class_exec,
};

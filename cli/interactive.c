/* `rutin` and `rutin demo`: options, the config file, checks before the
 * screen starts, then the interface (app.c). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
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
#include "cli/interactive.h"
#include "tui/paths.h"

#define DEMO_USER "demo"
#define DEMO_PASS "demo-demo-demo"
#define MAX_DIRS 8

struct settings {
	char *db;
	const char *user;
	const char *dirs[MAX_DIRS];
	size_t dir_count;
	int idle_seconds;
	const char *session;       /* exercise class: --session */
	bool db_given;
	char *owned[MAX_DIRS + 3];
	size_t owned_count;
	struct config cfg;
};

static char *
own(struct settings *s, char *p)
{
	if (s->owned_count < sizeof(s->owned) / sizeof(s->owned[0]))
		s->owned[s->owned_count++] = p;
	return p;
}

static void
settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < s->owned_count; i++)
		free(s->owned[i]);
	config_free(&s->cfg);
}

/* The config file (tui/conffile.c): db, routines, idle_lock, seals. */
static int
read_config(struct settings *s)
{
	size_t i;

	if (config_load(&s->cfg) != 0)
		return -1;
	if (s->cfg.db != NULL)
		s->db = s->cfg.db;
	for (i = 0; i < s->cfg.routine_count && s->dir_count < MAX_DIRS; i++)
		s->dirs[s->dir_count++] = s->cfg.routines[i];
	if (s->cfg.idle_lock >= 0)
		s->idle_seconds = s->cfg.idle_lock;
	return 0;
}

/* The interface's options from the settings (both borrow its strings). */
static void
app_options_from(struct app_options *o, const struct settings *s, const char *user)
{
	memset(o, 0, sizeof(*o));
	o->db = s->db;
	o->user = user;
	o->routine_dirs = s->dirs;
	o->routine_dir_count = s->dir_count;
	o->idle_seconds = s->idle_seconds;
	o->seals.syslog = s->cfg.seal_syslog;
	o->seals.file = s->cfg.seal_file;
	o->seal_on_complete = s->cfg.seal_on_complete;
	o->seal_on_close = s->cfg.seal_on_close;
}

static int
parse(const char *cmd, int argc, char **argv, struct settings *s)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "routines", required_argument, NULL, 'r' },
		{ "idle-lock", required_argument, NULL, 'i' },
		{ "session", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool dirs_given = false;
	int c;

	memset(s, 0, sizeof(*s));
	s->idle_seconds = 300;
	if (read_config(s) != 0)
		return -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (delegate_db_ok(cmd[0] != '\0' ? cmd : "--db", optarg) != 0)
				return -1;
			s->db = optarg;
			s->db_given = true;
			break;
		case 's':
			if (strcmp(cmd, "exercise class") != 0)
				goto unknown;
			s->session = optarg;
			break;
		case 'u':
			s->user = optarg;
			break;
		case 'r':
			if (delegate_path_ok(cmd[0] != '\0' ? cmd : "--routines", optarg,
			    false) != 0)
				return -1;
			if (!dirs_given) /* the command line replaces the config's */
				s->dir_count = 0;
			dirs_given = true;
			if (s->dir_count < MAX_DIRS)
				s->dirs[s->dir_count++] = optarg;
			break;
		case 'i': {
			char *e;
			long v = strtol(optarg, &e, 10);

			if (*e != '\0' || v < 0 || v > 86400) {
				fprintf(stderr, _("rutin %s: --idle-lock takes seconds, 0 to "
				    "86400\n"), cmd);
				return -1;
			}
			s->idle_seconds = (int)v;
			break;
		}
		case 'h':
			printf(_("See rutin(1): man rutin\n"));
			exit(0);
		default:
		unknown:
			fprintf(stderr, _("rutin %s: unknown option '%s'; see rutin(1)\n"), cmd,
			    argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("rutin %s: unexpected '%s'\n"), cmd, argv[optind]);
		return -1;
	}
	/* The config's folders come before the usual ones (a routine there
	 * wins over one with the same id): the user's own, the organisation's
	 * (the system's rutin folder), the shipped; --routines replaces them
	 * all. */
	if (!dirs_given) {
		if (s->dir_count < MAX_DIRS)
			s->dirs[s->dir_count++] = own(s, xdg_file("XDG_DATA_HOME",
			    ".local/share", "routines"));
		if (s->dir_count < MAX_DIRS)
			s->dirs[s->dir_count++] = own(s, org_routines_dir());
		if (s->cfg.shipped_routines && s->dir_count < MAX_DIRS)
			s->dirs[s->dir_count++] = shipped_routines_dir();
	}
	return 0;
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

int
cmd_interactive(int argc, char **argv)
{
	struct settings s;
	struct app_options o;
	int rc;

	if (parse("", argc, argv, &s) != 0) {
		settings_free(&s);
		return EXIT_USAGE;
	}
	if (s.db == NULL)
		s.db = own(&s, default_db_path());
	if ((rc = check_db(s.db)) != 0) {
		settings_free(&s);
		return rc;
	}
	app_options_from(&o, &s, s.user ? s.user : login_name());
	rc = app_run(&o);
	settings_free(&s);
	return rc;
}

int
cmd_exercise_interface(int argc, char **argv, bool class_view)
{
	const char *cmd = class_view ? "exercise class" : "exercise";
	struct settings s;
	struct app_options o;
	int rc;

	if (parse(cmd, argc, argv, &s) != 0) {
		settings_free(&s);
		return EXIT_USAGE;
	}
	/* A training log is never the default (live) log: name it. */
	if (!s.db_given) {
		fprintf(stderr, _("rutin %s: name the training log with --db FILE\n"), cmd);
		settings_free(&s);
		return EXIT_USAGE;
	}
	if ((rc = check_db(s.db)) != 0) {
		settings_free(&s);
		return rc;
	}
	app_options_from(&o, &s, s.user ? s.user : login_name());
	o.mode = class_view ? APP_CLASS : APP_TRAINEE;
	o.session = s.session;
	rc = app_run(&o);
	settings_free(&s);
	return rc;
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

static int
cmd_demo(int argc, char **argv)
{
	struct settings s;
	struct app_options o;
	char *dir = NULL;
	int rc;

	if (parse("demo", argc, argv, &s) != 0) {
		settings_free(&s);
		return EXIT_USAGE;
	}
	/* With --db on the command line the demo log is kept (and reused);
	 * else it is made in a temporary folder and thrown away at exit. */
	{
		int i;
		bool db_given = false;

		for (i = 1; i < argc; i++)
			if (strcmp(argv[i], "--db") == 0 || strncmp(argv[i], "--db=", 5) == 0)
				db_given = true;
		if (!db_given) {
			const char *tmp = getenv("TMPDIR");

			dir = xasprintf("%s/rutin-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
			if (mkdtemp(dir) == NULL) {
				fprintf(stderr, "rutin demo: %s: %s\n", dir, strerror(errno));
				free(dir);
				settings_free(&s);
				return EXIT_USAGE;
			}
			s.db = own(&s, xasprintf("%s/demo.db", dir));
		}
	}
	if (access(s.db, F_OK) != 0 && (rc = demo_create(s.db)) != 0) {
		if (dir != NULL)
			remove_demo(dir, s.db);
		free(dir);
		settings_free(&s);
		return rc;
	}
	if ((rc = check_db(s.db)) != 0) {
		settings_free(&s);
		free(dir);
		return rc;
	}
	app_options_from(&o, &s, DEMO_USER);
	o.demo_pass = DEMO_PASS;
	rc = app_run(&o);
	if (dir != NULL)
		remove_demo(dir, s.db);
	free(dir);
	settings_free(&s);
	return rc;
}

static int
demo_exec(struct cmd_ctx *c)
{
	return cmd_demo(c->argc, c->argv);
}

/* The interface's options (--idle-lock, the config's settings) are read
 * by parse() above, not by the path: CMD_OWN_ARGS. */
const struct cmd_entry demo_cmd = {
	.name = "demo", .usage = "[--db FILE] [--routines DIR]",
	.summary = N_("the interface on a training log, with the shipped routines"),
	.flags = CMD_OWN_ARGS, .exec = demo_exec,
};

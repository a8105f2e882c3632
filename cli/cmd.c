/* The one path every command takes (cmd.h): find the entry, parse its
 * options, check its operands, open the log, check the role, exec,
 * close. Also --help and the usage lines, drawn from the entries. */
#include "config.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checklists/suggest.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/delegate.h"
#include "cli/units.h"
#include "tui/conffile.h"
#include "tui/catalog.h"
#include "tui/paths.h"

static const struct cmd_entry *const entries[] = {
#define X(n) &n##_cmd,
	COMMANDS(X)
#undef X
};
#define N_ENTRIES (sizeof(entries) / sizeof(entries[0]))

/* Every --routines folder reaches the catalog. */
_Static_assert(OPT_MAX_DIRS <= CATALOG_MAX_EXTRA, "--routines outgrows the catalog");

/* getopt_long's table, from CLI_OPTIONS: each option's code is 256 plus
 * its id, so none is taken for a short option. */
static const struct option long_opts[] = {
#define KIND_STR required_argument
#define KIND_FD required_argument
#define KIND_FLAG no_argument
#define KIND_SECS required_argument
#define KIND_COUNT required_argument
#define KIND_DIRS required_argument
#define X(id, name, kind, field, arg) { name, KIND_##kind, NULL, 256 + OPT_##id },
	CLI_OPTIONS(X)
#undef X
	{ NULL, 0, NULL, 0 },
};
#undef KIND_STR
#undef KIND_FD
#undef KIND_FLAG
#undef KIND_SECS
#undef KIND_COUNT
#undef KIND_DIRS

static const char *const opt_args[] = {
#define X(id, name, kind, field, arg) arg,
	CLI_OPTIONS(X)
#undef X
};

/* ---- Setting an option, by its kind ---- */

static int
set_STR(const char *cmd, int id, const char **field)
{
	(void)cmd;
	(void)id;
	*field = optarg;
	return 0;
}

static int
set_FLAG(const char *cmd, int id, int *field)
{
	(void)cmd;
	(void)id;
	*field = 1;
	return 0;
}

static int
set_FD(const char *cmd, int id, int *field)
{
	char *end;
	long v = strtol(optarg, &end, 10);

	(void)id;
	if (*optarg == '\0' || *end != '\0' || v < 0 || v > 1024) {
		cmdline_prefix(stderr, cmd);
		fprintf(stderr, _("not a file descriptor: '%s'\n"), optarg);
		return -1;
	}
	*field = (int)v;
	return 0;
}

/* optarg as a whole number from 0 to max, into *v. */
static bool
whole_number(long max, int *v)
{
	char *end;
	long n = strtol(optarg, &end, 10);

	if (*optarg == '\0' || *end != '\0' || n < 0 || n > max)
		return false;
	*v = (int)n;
	return true;
}

static int
set_SECS(const char *cmd, int id, int *field)
{
	if (whole_number(86400, field))
		return 0;
	cmdline_prefix(stderr, cmd);
	fprintf(stderr, _("--%s takes seconds, 0 to 86400, not '%s'\n"),
	    long_opts[id].name, optarg);
	return -1;
}

static int
set_COUNT(const char *cmd, int id, int *field)
{
	if (whole_number(10000, field))
		return 0;
	cmdline_prefix(stderr, cmd);
	fprintf(stderr, _("--%s takes a whole number, 0 to 10000, not '%s'\n"),
	    long_opts[id].name, optarg);
	return -1;
}

/* An option that may repeat: each value is kept, in order. */
static int
set_DIRS(const char *cmd, int id, opt_DIRS *field)
{
	if (field->count == OPT_MAX_DIRS) {
		cmdline_prefix(stderr, cmd);
		fprintf(stderr, _("--%s may be given at most %d times\n"),
		    long_opts[id].name, OPT_MAX_DIRS);
		return -1;
	}
	field->dir[field->count++] = optarg;
	return 0;
}

static int
set_option(const char *cmd, int id, struct opts *o)
{
	switch (id) {
#define X(oid, name, kind, field, arg) \
	case OPT_##oid: return set_##kind(cmd, id, &o->field);
	CLI_OPTIONS(X)
#undef X
	default:
		return -1;
	}
}

/* Was the option given? */
#define GIVEN_STR(f) ((f) != NULL)
#define GIVEN_FLAG(f) ((f) != 0)
#define GIVEN_FD(f) ((f) >= 0)
#define GIVEN_SECS(f) ((f) >= 0)
#define GIVEN_COUNT(f) ((f) >= 0)
#define GIVEN_DIRS(f) ((f).count > 0)

static bool
option_given(const struct opts *o, int id)
{
	switch (id) {
#define X(oid, name, kind, field, arg) case OPT_##oid: return GIVEN_##kind(o->field);
	CLI_OPTIONS(X)
#undef X
	default:
		return false;
	}
}

/* ---- Usage and help ---- */

static void
entry_words(const struct cmd_entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", e->group != NULL ? e->group : e->name,
	    e->group != NULL && e->name[0] != '\0' ? " " : "",
	    e->group != NULL ? e->name : "");
}

/* "rutin WORDS USAGE": how the entry is used. */
static void
entry_usage(const struct cmd_entry *e, char *buf, size_t size)
{
	char words[64];

	entry_words(e, words, sizeof(words));
	snprintf(buf, size, "rutin%s%s%s%s", words[0] != '\0' ? " " : "", words,
	    e->usage[0] != '\0' ? " " : "", e->usage);
}

/* "rutin WORDS --help". */
static void
entry_help_hint(const struct cmd_entry *e, char *buf, size_t size)
{
	char words[64];

	entry_words(e, words, sizeof(words));
	snprintf(buf, size, "rutin%s%s --help", words[0] != '\0' ? " " : "", words);
}

/* "  rutin WORDS USAGE" and the summary beneath it. */
static void
usage_line(FILE *out, const struct cmd_entry *e)
{
	char usage[256];

	entry_usage(e, usage, sizeof(usage));
	fprintf(out, "  %s\n      %s\n", usage, _(e->summary));
}

static void
cmd_usage(FILE *out)
{
	size_t i;

	fprintf(out, _("Usage:\n"));
	usage_line(out, &interface_cmd);
	for (i = 0; i < N_ENTRIES; i++)
		usage_line(out, entries[i]);
	fprintf(out, "  rutin --help\n      %s\n  rutin --version\n      %s\n",
	    _("show this help"), _("show the version"));
	fprintf(out, _("Commands that open a log also take --user NAME (default: your "
	    "login name),\n--passphrase-fd N and --recovery (unlock with the recovery "
	    "key).\n"));
	fprintf(out, _("rutin COMMAND --help says more of one; see rutin(1) for all.\n"));
}

/* `rutin WORDS --help`: the usage, the summary and every option it takes. */
static void
entry_help(const struct cmd_entry *e)
{
	char usage[256];
	int id;

	entry_usage(e, usage, sizeof(usage));
	printf(_("Usage: %s\n"), usage);
	printf("%s\n", _(e->summary));
	if ((e->options & ~OPT(HELP)) != 0) {
		printf(_("Options:\n"));
		for (id = 0; id < OPT_COUNT; id++)
			if (e->options & (UINT64_C(1) << id))
				printf("  --%s%s%s\n", long_opts[id].name, opt_args[id] ? " " : "",
				    opt_args[id] ? opt_args[id] : "");
	}
	printf(_("See rutin(1): man rutin\n"));
}

/* ---- Finding the entry ---- */

static bool
is_group(const char *word)
{
	size_t i;

	for (i = 0; i < N_ENTRIES; i++)
		if (entries[i]->group != NULL && strcmp(entries[i]->group, word) == 0)
			return true;
	return false;
}

/* The entry argv[0] (and argv[1]) name; *words is how many they took. */
static const struct cmd_entry *
cmd_find(int argc, char **argv, int *words)
{
	size_t i;

	for (i = 0; i < N_ENTRIES; i++) {
		const struct cmd_entry *e = entries[i];

		if (e->group == NULL && strcmp(e->name, argv[0]) == 0) {
			*words = 1;
			return e;
		}
		if (e->group != NULL && strcmp(e->group, argv[0]) == 0 && argc > 1 &&
		    e->name[0] != '\0' && strcmp(e->name, argv[1]) == 0) {
			*words = 2;
			return e;
		}
	}
	/* A group's word alone, when the group has such an entry (`rutin
	 * exercise` is a trainee's interface). */
	for (i = 0; i < N_ENTRIES; i++)
		if (entries[i]->group != NULL && strcmp(entries[i]->group, argv[0]) == 0 &&
		    entries[i]->name[0] == '\0' && (argc < 2 || argv[1][0] == '-')) {
			*words = 1;
			return entries[i];
		}
	return NULL;
}

/* "rutin review: say what: list, show RUN, …" from the group's entries. */
static int
group_usage(const char *group)
{
	size_t i;

	fprintf(stderr, _("rutin %s: say what:"), group);
	for (i = 0; i < N_ENTRIES; i++)
		if (entries[i]->group != NULL && strcmp(entries[i]->group, group) == 0 &&
		    entries[i]->name[0] != '\0')
			fprintf(stderr, "\n  rutin %s %s %s", group, entries[i]->name,
			    entries[i]->usage);
	fprintf(stderr, _("\nSee rutin(1).\n"));
	return EXIT_USAGE;
}

static int
unknown_command(const char *name)
{
	const char *names[N_ENTRIES];
	size_t i, n = 0;
	const char *hint;

	for (i = 0; i < N_ENTRIES; i++)
		names[n++] = entries[i]->group != NULL ? entries[i]->group : entries[i]->name;
	hint = suggest_word(name, names, n);
	if (hint != NULL)
		fprintf(stderr, _("rutin: unknown command '%s'; did you mean '%s'?\n"),
		    name, hint);
	else
		fprintf(stderr, _("rutin: unknown command '%s'\n"), name);
	cmd_usage(stderr);
	return EXIT_USAGE;
}

/* ---- Parsing ---- */

/* The config files, kept for exec (CMD_CONFIG: the interface's
 * settings), and the log they name (`db`) when --db was not given; -1
 * after a message naming the file and line. */
static int
read_config(struct cmd_ctx *c)
{
	if (conffile_load(&c->cfg) != 0)
		return -1;
	if (c->o.db == NULL && c->cfg.db != NULL)
		c->o.db = c->o.db_config = c->cfg.db;
	return 0;
}

/* Through sudo, no file by name but the log (delegate.h). */
static int
paths_ok(const struct cmd_ctx *c)
{
	const struct opts *o = &c->o;
	int i;

	if ((o->out != NULL && delegate_path_ok(c->cmd, o->out, true) != 0) ||
	    (o->into != NULL && delegate_path_ok(c->cmd, o->into, true) != 0) ||
	    (o->seals != NULL && delegate_path_ok(c->cmd, o->seals, false) != 0) ||
	    (o->etc != NULL && delegate_path_ok(c->cmd, o->etc, false) != 0) ||
	    (o->db != NULL && delegate_db_ok(c->cmd, o->db) != 0))
		return -1;
	for (i = 0; i < o->routines.count; i++)
		if (delegate_path_ok(c->cmd, o->routines.dir[i], false) != 0)
			return -1;
	for (i = 0; (c->entry->flags & CMD_FILES) && i < c->argc; i++)
		if (delegate_path_ok(c->cmd, c->argv[i], false) != 0)
			return -1;
	return 0;
}

/* The options an entry takes, "--db, --user, ...". */
static void
options_taken(FILE *out, const struct cmd_entry *e)
{
	const char *sep = "";
	int id;

	for (id = 0; id < OPT_COUNT; id++)
		if (e->options & (UINT64_C(1) << id)) {
			fprintf(out, "%s--%s", sep, long_opts[id].name);
			sep = ", ";
		}
	fprintf(out, "%s--help", sep);
}

/* Options from argv[1..] (argv[0] is the command's last word), allowing
 * the entry's; the operands are left in c->argc/argv. 0, or -1 after a
 * message. --help prints the entry's help and exits. */
static int
cmd_parse(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_entry *e = c->entry;
	char hint[96];
	int code;

	entry_help_hint(e, hint, sizeof(hint));
	memset(&c->o, 0, sizeof(c->o));
	c->o.pass_fd = c->o.new_pass_fd = c->o.idle_lock = -1;
	c->o.keep_daily = c->o.keep_monthly = -1;
	optind = 1;
	opterr = 0;
	while ((code = getopt_long(argc, argv, "hq", long_opts, NULL)) != -1) {
		int id = code == 'h' ? OPT_HELP : code == 'q' ? OPT_QUIET : code - 256;

		if (code == '?' || id < 0 || id >= OPT_COUNT) {
			cmdline_prefix(stderr, c->cmd);
			fprintf(stderr, _("unknown option '"));
			utf8_write_visible(stderr, argv[optind - 1]);
			fprintf(stderr, _("'; see %s\n"), hint);
			return -1;
		}
		/* One another command takes: named, not its value (getopt
		 * took the next word as that). */
		if (id != OPT_HELP && !(e->options & (UINT64_C(1) << id))) {
			cmdline_prefix(stderr, c->cmd);
			fprintf(stderr, _("unknown option '--%s' (it takes "), long_opts[id].name);
			options_taken(stderr, e);
			fprintf(stderr, _("); see %s\n"), hint);
			return -1;
		}
		if (set_option(c->cmd, id, &c->o) != 0)
			return -1;
		if (id == OPT_HELP) {
			entry_help(e);
			exit(0);
		}
	}
	/* getopt_long moved the operands, wherever they were, to the end. */
	c->argc = argc - optind;
	c->argv = argv + optind;
	c->o.db_given = c->o.db != NULL;
	c->o.user_given = c->o.user != NULL;
	if (c->entry->flags & CMD_NO_DB)
		return paths_ok(c);
	if (c->o.user == NULL)
		c->o.user = paths_login_name();
	if (units_choose(c) != 0)
		return -1;
	/* A command given --db reads no config, but for the interface's
	 * settings. */
	if ((c->o.db == NULL || (c->entry->flags & CMD_CONFIG)) && read_config(c) != 0)
		return -1;
	if (units_member_ok(c) != 0)
		return -1;
	if (c->o.db == NULL)
		c->o.db = c->o.db_default = paths_default_db();
	return paths_ok(c);
}

/* What the path made for exec. */
static void
ctx_free(struct cmd_ctx *c)
{
	free(c->o.db_default);
	conffile_free(&c->cfg);
}

/* Was every option the entry requires given? 0, or -1 after a message. */
static int
missing_option(const struct cmd_ctx *c)
{
	int id;

	for (id = 0; id < OPT_COUNT; id++) {
		char usage[256];

		if (!(c->entry->required & (UINT64_C(1) << id)) || option_given(&c->o, id))
			continue;
		entry_usage(c->entry, usage, sizeof(usage));
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("give --%s %s; usage: %s\n"), long_opts[id].name,
		    opt_args[id] != NULL ? opt_args[id] : "", usage);
		return -1;
	}
	return 0;
}

/* The operands and required options the entry wants; 0, or -1 after a
 * message. */
static int
arguments_ok(const struct cmd_ctx *c)
{
	const struct cmd_entry *e = c->entry;
	char usage[256];

	entry_usage(e, usage, sizeof(usage));
	if (c->argc < e->min_operands) {
		cmdline_prefix(stderr, c->cmd);
		if (e->missing != NULL)
			fprintf(stderr, "%s\n", _(e->missing));
		else
			fprintf(stderr, _("an operand is missing; usage: %s\n"), usage);
		return -1;
	}
	if (e->max_operands >= 0 && c->argc > e->max_operands) {
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("unexpected '"));
		utf8_write_visible(stderr, c->argv[e->max_operands]);
		fprintf(stderr, _("'; usage: %s\n"), usage);
		return -1;
	}
	if (missing_option(c) != 0)
		return -1;
	if ((e->flags & CMD_NAMED_DB) && !c->o.db_given) {
		/* A training log is never the default (live) log: name it. */
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("name the training log with --db FILE\n"));
		return -1;
	}
	return 0;
}

/* ---- Opening, the role ---- */

/* An account's name, or its number. */
static const char *
owner_name(uid_t uid)
{
	static char number[24];
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		return pw->pw_name;
	snprintf(number, sizeof(number), "%lu", (unsigned long)uid);
	return number;
}

bool
cmd_root_refused(const struct cmd_ctx *c)
{
	struct stat st;
	char *dir, *slash;
	int found;

	if (geteuid() != 0)
		return false;
	if ((found = stat(c->o.db, &st)) != 0) {
		/* A log to be made: its folder's owner. */
		dir = xstrdup(c->o.db);
		slash = strrchr(dir, '/');
		if (slash != NULL)
			*(slash == dir ? slash + 1 : slash) = '\0';
		found = stat(slash != NULL ? dir : ".", &st);
		free(dir);
	}
	if (found != 0 || st.st_uid == 0)
		return false;
	cmdline_prefix(stderr, c->cmd);
	fprintf(stderr, _("%s (or its folder) belongs to the account %s: run rutin "
	    "as that account (sudo -u %s rutin ...), not as root, whose files there "
	    "that account could not use\n"), c->o.db, owner_name(st.st_uid),
	    owner_name(st.st_uid));
	return true;
}

/* May this account run the entry here? 0, or the exit status after a
 * message: 1 for a role that may not (rutin(1), EXIT STATUS). A trainer
 * has no rights in a live log at all: her account cannot be made there
 * (db/accounts.c), so one there is refused as the wrong log (2). */
int
cmd_role_ok(const struct cmd_ctx *c)
{
	enum log_role r = log_role(c->log);
	bool training = log_is_training(c->log);

	if (r == ROLE_TRAINER && !training) {
		fprintf(stderr, _("rutin %s: a trainer sees nothing of a live log; this "
		    "needs a supervisor or the run's caseworker\n"), c->cmd);
		return EXIT_USAGE;
	}
	/* A one-time join code opens the log for one thing: choosing a
	 * passphrase. */
	if (log_must_choose_passphrase(c->log) && c->entry != &user_passwd_cmd) {
		fprintf(stderr, _("rutin %s: '%s' opened the log with a one-time join "
		    "code: choose your own passphrase first (rutin exercise asks for it; "
		    "or rutin user passwd)\n"), c->cmd, log_user(c->log));
		return EXIT_USAGE;
	}
	if (c->entry->role == CMD_SUPERVISOR && r != ROLE_SUPERVISOR) {
		fprintf(stderr, _("rutin %s: only a supervisor may do this; '%s' is a %s\n"),
		    c->cmd, log_user(c->log), log_role_label(r));
		return EXIT_FAILED;
	}
	if (c->entry->role == CMD_MANAGER && !log_manages(c->log)) {
		fprintf(stderr, _("rutin %s: only a supervisor (in a training log also a "
		    "trainer) may do this; '%s' is a %s\n"), c->cmd, log_user(c->log),
		    log_role_label(r));
		return EXIT_FAILED;
	}
	return 0;
}

/* Parse, check, open, exec, close: the path of every entry. */
static int
cmd_exec(const struct cmd_entry *e, int argc, char **argv)
{
	struct cmd_ctx c;
	struct log_error err;
	char name[64];
	int rc;

	memset(&c, 0, sizeof(c));
	entry_words(e, name, sizeof(name));
	c.entry = e;
	c.cmd = name;
	if (cmd_parse(&c, argc, argv) != 0 || arguments_ok(&c) != 0 ||
	    (!(e->flags & (CMD_NO_DB | CMD_ROOT_OK)) && cmd_root_refused(&c))) {
		ctx_free(&c);
		return EXIT_USAGE;
	}
	if (e->check != NULL && (rc = e->check(&c)) != 0) {
		ctx_free(&c);
		return rc;
	}
	if ((e->flags & CMD_LOG) && (e->no_log == NULL || !e->no_log(&c))) {
		if (cmdline_open_log(c.cmd, &c.o, &c.log, &err) != LOG_OK) {
			ctx_free(&c);
			return cmd_report(c.cmd, &err);
		}
		if ((rc = cmd_role_ok(&c)) != 0) {
			cmdline_close_log(&c.log);
			ctx_free(&c);
			return rc;
		}
	}
	rc = e->exec(&c);
	if (c.log != NULL)
		cmdline_close_log(&c.log);
	ctx_free(&c);
	return rc;
}

int
cmd_main(int argc, char **argv)
{
	const struct cmd_entry *e;
	int words;

	/* No command, or only options: the interface on a log. */
	if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0))
		return cmd_exec(&interface_cmd, argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cmd_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("rutin %s\n", PACKAGE_VERSION);
		return 0;
	}
	e = cmd_find(argc - 1, argv + 1, &words);
	if (e == NULL && is_group(argv[1]))
		return group_usage(argv[1]);
	if (e == NULL)
		return unknown_command(argv[1]);
	return cmd_exec(e, argc - words, argv + words);
}

int
cmd_exit_for(enum log_status s)
{
	switch (s) {
	case LOG_OK:
		return 0;
	case LOG_E_DENIED:
	case LOG_E_INVALID:
	case LOG_E_CORRUPT:
		return EXIT_FAILED;
	default:
		return EXIT_USAGE;
	}
}

int
cmd_report(const char *cmd, const struct log_error *err)
{
	fprintf(stderr, "rutin %s: ", cmd);
	cmdline_print_clean(stderr, err->message);
	return cmd_exit_for(err->status);
}

/* rutin: the command line. Each command is a function; main() picks one. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/lint.h"
#include "checklists/scan.h"
#include "common/utf8.h"
#include "checklists/routine.h"
#include "checklists/suggest.h"
#include "common/i18n.h"
#include "tui/catalog.h"
#include "cli/commands.h"
#include "cli/delegate.h"
#include "cli/doctor.h"
#include "cli/language.h"
#include "cli/exercise.h"
#include "cli/export.h"
#include "cli/review.h"
#include "cli/interactive.h"
#include "tui/keys.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
};

static int cmd_lint(int argc, char **argv);
static int cmd_show(int argc, char **argv);
static int cmd_keys(int argc, char **argv);
static int cmd_scan(int argc, char **argv);

/* The commands of DESIGN.md. */
static const struct command commands[] = {
	{ "lint", cmd_lint, N_("rutin lint FILE|DIR...                  check routine files") },
	{ "show", cmd_show, N_("rutin show FILE...                      print a routine's id, version, title, steps and hash") },
	{ "init", cmd_init, N_("rutin init [--db FILE] [--user NAME]    create a log; prints its recovery key once") },
	{ "user", cmd_user, N_("rutin user add NAME --role ROLE | remove NAME | role NAME ROLE | list | passwd\n"
	    "                                          manage accounts (supervisors) or your passphrase") },
	{ "verify", cmd_verify, N_("rutin verify [--db FILE] [--seals FILE [--require-sealed]] [--full] [--rebuild]\n"
	    "                                          check that the log was not altered") },
	{ "seal", cmd_seal, N_("rutin seal [--db FILE]                  seal the log's head: one signed line to keep elsewhere") },
	{ "backup", cmd_backup, N_("rutin backup [--db FILE] --out FILE       a consistent copy while others write; never overwrites") },
	{ "doctor", cmd_doctor, N_("rutin doctor [--db FILE] [--user NAME]   check a deployment: files, disk, access, seals, backups") },
	{ "events", cmd_events, N_("rutin events [--db FILE] [--run ID]     print events as JSON Lines") },
	{ "rekey", cmd_rekey, N_("rutin rekey [--db FILE]                 a fresh log key: old keyring copies open nothing current") },
	{ "recovery", cmd_recovery, N_("rutin recovery new [--db FILE]          replace the recovery key (and rekey)") },
	{ "upgrade", cmd_upgrade, N_("rutin upgrade [--db FILE]               convert a log made by rutin 0.1 to SQLCipher 4's format") },
	{ "demo", cmd_demo, N_("rutin demo [--db FILE]                  the interface on a training log, with the shipped routines") },
	{ "review", cmd_review, N_("rutin review list|show RUN|sign RUN|return RUN --comment TEXT|access\n"
	    "                                          supervisors: runs, findings, sign-off, the access log") },
	{ "exercise", cmd_exercise, N_("rutin exercise list|start FILE|class|inject ID|end|report --db FILE\n"
	    "                                          trainers: exercises on a training log; with no word, a trainee's interface") },
	{ "scan", cmd_scan, N_("rutin scan FILE...|-                    list identity numbers and contact details in a document's text") },
	{ "keys", cmd_keys, N_("rutin keys                              list the keys of the interface") },
	{ "export", cmd_export, N_("rutin export --format csv|jsonl --out FILE [--from DATE] [--to DATE] [--run RUN]\n"
	    "                                          supervisors: the runs for a spreadsheet; never overwrites") },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, _("Usage:\n"));
	fprintf(out, "  %s\n", _("rutin [--db FILE] [--routines DIR] [--idle-lock SECONDS]\n"
	    "                                          the interface: walk routines, logged step by step"));
	for (i = 0; i < N_COMMANDS; i++)
		if (commands[i].synopsis != NULL)
			fprintf(out, "  %s\n", _(commands[i].synopsis));
	fprintf(out, "  %s\n  %s\n",
	    _("rutin --help                            show this help"),
	    _("rutin --version                         show the version"));
	fprintf(out, _("Commands that open a log also take --user NAME (default: your "
	    "login name),\n--passphrase-fd N and --recovery (unlock with the recovery "
	    "key).\n"));
	fprintf(out, _("See rutin(1) for more.\n"));
}

/* Parses a command's options; only --help is common to all of them.
 * Returns the index of the first operand, or -1 after printing usage. */
static int
parse_common(int argc, char **argv, const char *name, int *quiet)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hq", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case 'q':
			if (quiet != NULL) {
				*quiet = 1;
				break;
			}
			fprintf(stderr, _("rutin %s: unknown option '%s'\n"), name,
			    argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, _("rutin %s: unknown option '%s'\n"), name,
			    argv[optind - 1]);
			return -1;
		}
	}
	return optind;
}

/* Every operand may be opened by name (delegate.h). */
static bool
operands_ok(const char *cmd, int first, int argc, char **argv)
{
	int i;

	for (i = first; i < argc; i++)
		if (delegate_path_ok(cmd, argv[i], false) != 0)
			return false;
	return true;
}

static int
cmd_lint(int argc, char **argv)
{
	struct lint_result res = { 0, 0, 0, 0, 0 };
	struct catalog installed;
	struct lint_routines rt = { catalog_lookup, &installed };
	char *own_dir = NULL;
	int quiet = 0, i, first = parse_common(argc, argv, "lint", &quiet);

	if (first < 0)
		return EXIT_USAGE;
	if (first >= argc) {
		fprintf(stderr, _("rutin lint: name at least one file or directory, "
		    "e.g. rutin lint my-routine.yaml\n"));
		return EXIT_USAGE;
	}
	if (!operands_ok("lint", first, argc, argv))
		return EXIT_USAGE;
	/* Exercises are checked against the routines the interface would
	 * use: the configured folders, the user's own and the shipped ones. */
	catalog_load_configured(&installed, NULL, &own_dir);
	free(own_dir);
	for (i = first; i < argc; i++)
		lint_path(argv[i], stdout, &rt, &res);
	catalog_free(&installed);
	if (!quiet)
		fprintf(stderr, _("rutin lint: %zu file(s) checked, %zu invalid; "
		    "%zu error(s), %zu warning(s)\n"), res.files, res.invalid,
		    res.errors, res.warnings);
	return res.status;
}

/* A label and a text from a routine file, through the sanitiser. */
static void
show_field(const char *label, const char *text)
{
	printf("%-9s ", label);
	utf8_write_visible(stdout, text);
	putchar('\n');
}

static void
show_routine(const struct routine *r)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];

	routine_hash_hex(r, hex);
	show_field("file:", routine_source(r));
	show_field("id:", routine_id(r));
	printf("%-9s %ld\n", "version:", routine_version(r));
	show_field("title:", routine_title(r));
	printf("%-9s %s\n", "area:", routine_area_name(routine_area(r)));
	printf("%-9s %zu\n", "sections:", routine_section_count(r));
	printf("%-9s %zu\n", "steps:", routine_step_count(r));
	printf("%-9s %s\n", "sha256:", hex);
}

static int
cmd_show(int argc, char **argv)
{
	int i, status = 0, first = parse_common(argc, argv, "show", NULL);

	if (first < 0)
		return EXIT_USAGE;
	if (first >= argc) {
		fprintf(stderr, _("rutin show: name at least one routine file\n"));
		return EXIT_USAGE;
	}
	if (!operands_ok("show", first, argc, argv))
		return EXIT_USAGE;
	for (i = first; i < argc; i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct routine *r = NULL;
		enum routine_status st = routine_load_file(argv[i], &r, &d);

		diag_print(&d, argv[i], stderr);
		diag_list_clear(&d);
		if (st != ROUTINE_OK) {
			if ((int)st > status)
				status = (int)st;
			continue;
		}
		if (i > first)
			putchar('\n');
		show_routine(r);
		routine_free(&r);
	}
	return status;
}

/* One file (or "-": standard input) through the guard. */
static enum scan_status
scan_one(const char *path, size_t *found)
{
	char err[1024];
	enum scan_status st;
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (in == NULL) {
		fprintf(stderr, "rutin scan: ");
		utf8_write_visible(stderr, path);
		fprintf(stderr, ": %s\n", strerror(errno));
		return SCAN_ERROR;
	}
	st = scan_stream(in, strcmp(path, "-") == 0 ? _("(standard input)") : path,
	    stdout, found, err, sizeof(err));
	if (in != stdin)
		fclose(in);
	if (st == SCAN_ERROR) {
		fprintf(stderr, "rutin scan: ");
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
	}
	return st;
}

static int
cmd_scan(int argc, char **argv)
{
	int quiet = 0, i, first = parse_common(argc, argv, "scan", &quiet);
	enum scan_status worst = SCAN_CLEAN;
	size_t total = 0, files = 0;

	if (first < 0)
		return EXIT_USAGE;
	if (first >= argc) {
		fprintf(stderr, _("rutin scan: name at least one file, or - for standard "
		    "input, e.g. pdftotext beslut.pdf - | rutin scan -\n"));
		return EXIT_USAGE;
	}
	if (!operands_ok("scan", first, argc, argv))
		return EXIT_USAGE;
	for (i = first; i < argc; i++) {
		size_t found = 0;
		enum scan_status st = scan_one(argv[i], &found);

		total += found;
		files += st != SCAN_ERROR;
		if (st > worst)
			worst = st;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("rutin scan: the list could not be written: %s\n"),
		    strerror(errno));
		return EXIT_USAGE;
	}
	if (!quiet && total == 0 && worst == SCAN_CLEAN)
		fprintf(stderr, P_("rutin scan: nothing found in %zu file\n",
		    "rutin scan: nothing found in %zu files\n", files), files);
	else if (!quiet)
		fprintf(stderr, P_("rutin scan: %zu finding in %zu file(s) read; check "
		    "each before the document is sent\n", "rutin scan: %zu findings in "
		    "%zu file(s) read; check each before the document is sent\n", total),
		    total, files);
	return (int)worst;
}

static int
cmd_keys(int argc, char **argv)
{
	(void)argc, (void)argv;
	keys_print();
	return 0;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
unknown_command(const char *name)
{
	const char *names[N_COMMANDS];
	const char *hint;
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	hint = suggest_word(name, names, N_COMMANDS);
	if (hint != NULL)
		fprintf(stderr, _("rutin: unknown command '%s'; did you mean '%s'?\n"),
		    name, hint);
	else
		fprintf(stderr, _("rutin: unknown command '%s'\n"), name);
	usage(stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	const struct command *cmd;

	language_init();
	/* Past a file size limit a write must fail (and be reported), not
	 * kill rutin in the middle of a step. */
	signal(SIGXFSZ, SIG_IGN);
	/* From the first line: most commands ask for a passphrase, and
	 * nothing of it or of a key may end up in a core dump or be read
	 * by another process of the same user through ptrace. */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (sodium_init() < 0) {
		fputs("rutin: libsodium could not start\n", stderr);
		return EXIT_USAGE;
	}
	/* No command, or only options: the interface on a log. */
	if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--version") != 0))
		return cmd_interactive(argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("rutin %s\n", PACKAGE_VERSION);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL)
		return unknown_command(argv[1]);
	return cmd->run(argc - 1, argv + 1);
}

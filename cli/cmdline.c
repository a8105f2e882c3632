/* Options, opening the log and reporting, shared by the commands. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "tui/conffile.h"
#include "cli/delegate.h"
#include "tui/paths.h"
#include "cli/secret.h"

static const struct option long_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "user", required_argument, NULL, OPT_USER },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "run", required_argument, NULL, OPT_RUN },
	{ "passphrase-fd", required_argument, NULL, OPT_PASS_FD },
	{ "new-passphrase-fd", required_argument, NULL, OPT_NEW_PASS_FD },
	{ "recovery", no_argument, NULL, OPT_RECOVERY },
	{ "rebuild", no_argument, NULL, OPT_REBUILD },
	{ "seals", required_argument, NULL, OPT_SEALS },
	{ "require-sealed", no_argument, NULL, OPT_REQUIRE_SEALED },
	{ "log-id", required_argument, NULL, OPT_LOG_ID },
	{ "comment", required_argument, NULL, OPT_COMMENT },
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "findings", no_argument, NULL, OPT_FINDINGS },
	{ "confirm", no_argument, NULL, OPT_CONFIRM },
	{ "routines", required_argument, NULL, OPT_ROUTINES },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "routine", required_argument, NULL, OPT_ROUTINE },
	{ "case", required_argument, NULL, OPT_CASE },
	{ "session", required_argument, NULL, OPT_SESSION },
	{ "backup", no_argument, NULL, OPT_BACKUP },
	{ "etc", required_argument, NULL, OPT_ETC },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* The allowed options per command, as their codes. */
static bool
allowed(int opt, const int *list)
{
	for (; *list != 0; list++)
		if (*list == opt)
			return true;
	return false;
}

static int
parse_fd(const char *cmd, const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1024) {
		fprintf(stderr, _("rutin %s: not a file descriptor: '%s'\n"), cmd, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* The log the config files name (`db`), as the interface opens it; -1
 * after a message naming the file and line. */
static int
db_from_config(struct opts *o)
{
	struct config cfg;

	if (config_load(&cfg) != 0)
		return -1;
	if (cfg.db != NULL)
		o->db = o->db_config = xstrdup(cfg.db);
	config_free(&cfg);
	return 0;
}

/* Parses options from argv[1..]; returns the index of the first operand
 * or -1 after a message. */
int
parse(const char *cmd, int argc, char **argv, const int *ok, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->pass_fd = o->new_pass_fd = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		if (c == '?' || !allowed(c, ok)) {
			fprintf(stderr, _("rutin %s: unknown option '%s'; see rutin(1)\n"),
			    cmd, argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_USER: o->user = optarg; break;
		case OPT_ROLE: o->role = optarg; break;
		case OPT_RUN: o->run = optarg; break;
		case OPT_RECOVERY: o->recovery = 1; break;
		case OPT_REBUILD: o->rebuild = 1; break;
		case OPT_SEALS: o->seals = optarg; break;
		case OPT_REQUIRE_SEALED: o->require_sealed = 1; break;
		case OPT_LOG_ID: o->log_id = optarg; break;
		case OPT_COMMENT: o->comment = optarg; break;
		case OPT_ACCOUNT: o->account = optarg; break;
		case OPT_STATUS: o->status = optarg; break;
		case OPT_FINDINGS: o->findings = 1; break;
		case OPT_CONFIRM: o->confirm = 1; break;
		case OPT_ROUTINES: o->routines = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_ROUTINE: o->routine = optarg; break;
		case OPT_CASE: o->case_text = optarg; break;
		case OPT_SESSION: o->session = optarg; break;
		case OPT_BACKUP: o->backup = 1; break;
		case OPT_ETC: o->etc = optarg; break;
		case OPT_OUT: o->out = optarg; break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case OPT_SIZE: o->size = optarg; break;
		case OPT_SEED: o->seed = optarg; break;
		case OPT_PASS_FD:
			if (parse_fd(cmd, optarg, &o->pass_fd) != 0)
				return -1;
			break;
		case OPT_NEW_PASS_FD:
			if (parse_fd(cmd, optarg, &o->new_pass_fd) != 0)
				return -1;
			break;
		case OPT_HELP:
			printf(_("See rutin(1): man rutin\n"));
			exit(0);
		default:
			break;
		}
	}
	/* Through sudo, no file by name but the log (delegate.h). */
	if ((o->out != NULL && delegate_path_ok(cmd, o->out, true) != 0) ||
	    (o->seals != NULL && delegate_path_ok(cmd, o->seals, false) != 0) ||
	    (o->routines != NULL && delegate_path_ok(cmd, o->routines, false) != 0) ||
	    (o->etc != NULL && delegate_path_ok(cmd, o->etc, false) != 0) ||
	    (o->db != NULL && delegate_db_ok(cmd, o->db) != 0))
		return -1;
	if (o->user == NULL)
		o->user = login_name();
	if (o->db == NULL && db_from_config(o) != 0)
		return -1;
	if (o->db == NULL)
		o->db = o->db_default = default_db_path();
	return optind;
}

void
opts_free(struct opts *o)
{
	free(o->db_default);
	free(o->db_config);
}

int
exit_for(enum log_status s)
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

/* Messages may carry text from the files (SQLite's error text, names):
 * nothing raw reaches the terminal. */
void
print_clean(FILE *out, const char *s)
{
	utf8_write_visible(out, s);
	fputc('\n', out);
}

int
report(const char *cmd, const struct log_error *err)
{
	fprintf(stderr, "rutin %s: ", cmd);
	print_clean(stderr, err->message);
	return exit_for(err->status);
}

/* True when everything written to standard output reached it. */
bool
stdout_ok(void)
{
	return fflush(stdout) == 0 && !ferror(stdout);
}

int
output_failed(const char *cmd)
{
	fprintf(stderr, _("rutin %s: could not write the output\n"), cmd);
	return EXIT_USAGE;
}

/* What open_log said of the account's own chain, so close_log says only
 * what came up later. */
static char own_problem_said[512];

void
close_log(struct log **log)
{
	const char *p;

	log_own_save(*log);
	p = *log != NULL ? log_own_problem(*log) : NULL;
	if (p != NULL && strcmp(p, own_problem_said) != 0) {
		fputs(_("rutin: warning: "), stderr);
		print_clean(stderr, p);
	}
	own_problem_said[0] = '\0';
	log_close(log);
}

/* Opens the log named in the options, asking for the passphrase (or the
 * recovery key) when needed. */
enum log_status
open_log(const char *cmd, const struct opts *o, struct log **log, struct log_error *err)
{
	struct secret s;
	const char *why = NULL;
	char *prompt;
	enum log_status st;

	if (access(o->db, F_OK) != 0) {
		err->status = LOG_E_MISSING;
		snprintf(err->message, sizeof(err->message), _("%s: no log here; create "
		    "one with: rutin init --db %s --user NAME"), o->db, o->db);
		return LOG_E_MISSING;
	}
	prompt = o->recovery ? xstrdup(_("Recovery key: ")) :
	    xasprintf(_("Passphrase for %s: "), o->user);
	if (secret_read(o->pass_fd, prompt, &s, &why) != 0) {
		free(prompt);
		err->status = LOG_E_IO;
		snprintf(err->message, sizeof(err->message), "%s", why);
		return LOG_E_IO;
	}
	free(prompt);
	st = o->recovery ? log_open_recovery(o->db, s.text, log, err) :
	    log_open(o->db, o->user, s.text, s.len, log, err);
	secret_free(&s);
	if (st == LOG_OK && log_authority_problem(*log) != NULL) {
		fprintf(stderr, _("rutin %s: warning: the log fails its check at event %"
		    PRId64 ": "), cmd, log_authority_bad_seq(*log));
		print_clean(stderr, log_authority_problem(*log));
		fprintf(stderr, _("rutin %s: until it is repaired, no one has a "
		    "supervisor's or trainer's rights in it (rutin verify says more; "
		    "restore a backup that verifies against the seals)\n"), cmd);
	}
	if (st == LOG_OK && log_own_problem(*log) != NULL) {
		fprintf(stderr, _("rutin %s: warning: "), cmd);
		print_clean(stderr, log_own_problem(*log));
		snprintf(own_problem_said, sizeof(own_problem_said), "%s",
		    log_own_problem(*log));
	}
	if (st == LOG_OK && log_slot_is_weak(*log))
		fprintf(stderr, _("rutin %s: warning: your key slot uses weaker key "
		    "derivation than the current default; run 'rutin user passwd' to "
		    "strengthen it\n"), cmd);
	return st;
}


/* One CSV field and its separator (export.c says why these choices). */
void
csv_write_field(FILE *out, const char *s, bool last)
{
	bool formula = *s != '\0' && strchr("=+-@", s[0]) != NULL;
	bool quote = formula || strpbrk(s, ";\"\r\n") != NULL;

	if (!quote) { /* most fields: as they are */
		fputs(s, out);
		fputs(last ? "\r\n" : ";", out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out); /* never a formula */
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
	fputs(last ? "\r\n" : ";", out);
}


void
json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

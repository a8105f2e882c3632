/* Opening the log and writing output, shared by the commands. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "cli/cmdline.h"
#include "cli/cmd.h"
#include "cli/secret.h"
#include "runlog/releases.h"
#include "tui/catalog.h"
#include "tui/conffile.h"
#include "tui/seals.h"

/* Messages may carry text from the files (SQLite's error text, names):
 * nothing raw reaches the terminal. */
void
cmdline_print_clean(FILE *out, const char *s)
{
	utf8_write_visible(out, s);
	fputc('\n', out);
}

void
cmdline_prefix(FILE *out, const char *cmd)
{
	fprintf(out, "rutin%s%s: ", cmd[0] != '\0' ? " " : "", cmd);
}

/* True when everything written to standard output reached it. */
bool
cmdline_stdout_ok(void)
{
	return fflush(stdout) == 0 && !ferror(stdout);
}

int
cmdline_output_failed(const char *cmd)
{
	fprintf(stderr, _("rutin %s: could not write the output\n"), cmd);
	return EXIT_USAGE;
}

/* What open_log said of the account's own chain, so close_log says only
 * what came up later. */
static char own_problem_said[512];

void
cmdline_close_log(struct log **log)
{
	const char *p;

	log_own_save(*log);
	p = *log != NULL ? log_own_problem(*log) : NULL;
	if (p != NULL && strcmp(p, own_problem_said) != 0) {
		fputs(_("rutin: warning: "), stderr);
		cmdline_print_clean(stderr, p);
	}
	own_problem_said[0] = '\0';
	log_close(log);
}

/* Opens the log named in the options, asking for the passphrase (or the
 * recovery key) when needed. */
enum log_status
cmdline_open_log(const char *cmd, const struct opts *o, struct log **log, struct log_error *err)
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
		cmdline_print_clean(stderr, log_authority_problem(*log));
		fprintf(stderr, _("rutin %s: until it is repaired, no one has a "
		    "supervisor's or trainer's rights in it (rutin verify says more; "
		    "restore a backup that verifies against the seals)\n"), cmd);
	}
	if (st == LOG_OK && log_own_problem(*log) != NULL) {
		fprintf(stderr, _("rutin %s: warning: "), cmd);
		cmdline_print_clean(stderr, log_own_problem(*log));
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
cmdline_csv_field(FILE *out, const char *s, bool last)
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
cmdline_json_string(FILE *out, const char *s)
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

/* A progress bar on standard error while a whole log is copied, when
 * that is a terminal. */
void
cmdline_progress(void *ctx, int percent)
{
	const char *what = ctx;
	int i, n = percent / 5;

	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r%s [", what);
	for (i = 0; i < 20; i++)
		fputc(i < n ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%%%s", percent, percent >= 100 ? "\n" : "");
	fflush(stderr);
}

enum cmdline_seal
cmdline_seal_change(struct log *log, char *why, size_t why_size)
{
	struct seal_dest dest;
	char line[LOG_SEAL_LEN];
	struct config cfg;
	enum cmdline_seal r;

	if (conffile_load(&cfg) != 0) {
		snprintf(why, why_size, "%s", _("the config file cannot be read (see above)"));
		return CMDLINE_NOT_SEALED;
	}
	dest.syslog = cfg.seal_syslog;
	dest.file = cfg.seal_file;
	if (!dest.syslog && dest.file == NULL)
		r = CMDLINE_NO_DEST;
	else
		r = seals_send(log, &dest, line, why, why_size) ? CMDLINE_SEALED :
		    CMDLINE_NOT_SEALED;
	conffile_free(&cfg);
	return r;
}

void
cmdline_load_catalog(const char *cmd, struct log *log, const struct opts *o,
    struct catalog *c, char **own_dir)
{
	struct releases rel;
	struct log_error err;

	catalog_load_configured(c, o->routines.dir, (size_t)o->routines.count, own_dir);
	if (log == NULL || log_is_training(log))
		return;
	if (releases_read(log, &rel, &err) != LOG_OK) {
		fprintf(stderr, _("rutin %s: the log's released routines could not be "
		    "read (%s); runs of an earlier release say their routine changed\n"),
		    cmd, err.message);
		return;
	}
	catalog_keep_releases(c, &rel);
	releases_free(&rel);
}

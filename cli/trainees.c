/* rutin exercise trainees add --from FILE: a class at once. Each trainee
 * named in the file gets a caseworker's account in the training log
 * with a one-time join code as its passphrase (db/accounts.c,
 * log_user_invite): the trainer hands the codes out on paper, each
 * trainee turns hers into her own passphrase at her first join, and the
 * codes never used stop working when the exercise ends. No trainer
 * chooses a trainee's passphrase, and no file of them is written: the
 * codes are printed once, to standard output. */
#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "runlog/xsession.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"

#define TRAINEES_MAX 200
#define TRAINEES_FILE_MAX (64 * 1024)
/* A code: three groups of four from 29 characters that are not mistaken
 * for one another on paper (no 0/O, 1/I/L, U/V), about 58 bits; with
 * Argon2id for each guess (half a second, db/keyring.h) no one guesses
 * one in an exercise's time, nor in a lifetime. */
#define CODE_GROUPS 3
#define CODE_GROUP 4
#define CODE_LEN (CODE_GROUPS * (CODE_GROUP + 1) - 1)
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTWXYZ23456789";

struct trainee {
	char name[65];
	unsigned line;
};

/* A code into `out` (CODE_LEN + 1 bytes): "K7QM-9XRT-2F4H". */
static void
make_code(char *out)
{
	size_t i, k = 0, n = sizeof(code_alphabet) - 1;

	for (i = 0; i < CODE_GROUPS * CODE_GROUP; i++) {
		if (i > 0 && i % CODE_GROUP == 0)
			out[k++] = '-';
		out[k++] = code_alphabet[randombytes_uniform((uint32_t)n)];
	}
	out[k] = '\0';
}

static bool
listed(const struct trainee *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return true;
	return false;
}

/* One line of the file: an account name, or blank, or a # comment. 0, or
 * after a message naming the file, line and column, EXIT_USAGE. */
static int
read_line(const char *path, unsigned lineno, char *line, struct log *log,
    struct trainee *t, size_t *n)
{
	char *p = line, *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	if (*p == '\0' || *p == '#')
		return 0;
	if (!log_account_name_ok(p)) {
		fprintf(stderr, _("%s:%u:%zu: '"), path, lineno, (size_t)(p - line) + 1);
		utf8_write_visible(stderr, p);
		fprintf(stderr, _("' is no account name: use 1 to 64 letters a-z, digits, "
		    "'.', '_' or '-'\n"));
		return EXIT_USAGE;
	}
	if (listed(t, *n, p) || log_authority_role(log, p) >= 0) {
		fprintf(stderr, _("%s:%u:%zu: '%s' is %s\n"), path, lineno,
		    (size_t)(p - line) + 1, p, listed(t, *n, p) ? _("named twice") :
		    _("an account of the log already"));
		return EXIT_USAGE;
	}
	if (*n == TRAINEES_MAX) {
		fprintf(stderr, _("%s:%u: more than %d trainees\n"), path, lineno,
		    TRAINEES_MAX);
		return EXIT_USAGE;
	}
	/* An account name is at most 64 bytes (log_account_name_ok). */
	memcpy(t[*n].name, p, strlen(p) < sizeof(t[*n].name) ? strlen(p) + 1 :
	    sizeof(t[*n].name) - 1);
	t[(*n)++].line = lineno;
	return 0;
}

/* The whole file, checked before any account is made. */
static int
read_trainees(const char *cmd, const char *path, struct log *log, struct trainee *t,
    size_t *n)
{
	char line[512];
	unsigned lineno = 0, col = 0;
	struct stat sb;
	FILE *f;
	int rc = 0;

	*n = 0;
	if ((f = fopen(path, "r")) == NULL || fstat(fileno(f), &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || sb.st_size > TRAINEES_FILE_MAX) {
		fprintf(stderr, _("rutin %s: %s: %s\n"), cmd, path, f == NULL ?
		    strerror(errno) : _("not a text file of at most 64 KiB"));
		if (f != NULL)
			fclose(f);
		return EXIT_USAGE;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fprintf(stderr, _("%s:%u: the line is too long\n"), path, lineno);
			rc = EXIT_USAGE;
			break;
		}
		line[strcspn(line, "\n")] = '\0';
		if (utf8_invalid_at(line, strlen(line), &col) != strlen(line)) {
			fprintf(stderr, _("%s:%u:%u: not UTF-8\n"), path, lineno, col);
			rc = EXIT_USAGE;
			break;
		}
		rc = read_line(path, lineno, line, log, t, n);
	}
	fclose(f);
	if (rc == 0 && *n == 0) {
		fprintf(stderr, _("rutin %s: %s names no trainee (one account name a "
		    "line)\n"), cmd, path);
		rc = EXIT_USAGE;
	}
	return rc;
}

/* The one open session, or NULL after a message. */
static const struct xsession *
open_session(struct cmd_ctx *c, struct xstate *st)
{
	const struct xsession *s;
	struct log_error err;
	size_t open;

	if (xstate_update(c->log, st, &err) != LOG_OK) {
		cmd_report(c->cmd, &err);
		return NULL;
	}
	if (c->o.session != NULL)
		s = xstate_session(st, c->o.session);
	else
		s = xstate_open_session(st, &open);
	if (s == NULL || s->ended != 0)
		fprintf(stderr, _("rutin %s: no open exercise session%s; start one first "
		    "(rutin exercise start), or name it with --session ID\n"), c->cmd,
		    c->o.session != NULL ? _(" by that id") : "");
	return s != NULL && s->ended == 0 ? s : NULL;
}

/* Makes each account and prints its code as soon as it is made: a code
 * printed is an account that exists. */
static int
invite_all(struct cmd_ctx *c, const struct xsession *s, const struct trainee *t,
    size_t n)
{
	char *code = sodium_malloc(CODE_LEN + 1);
	struct log_error err;
	size_t i;
	int rc = 0;

	if (code == NULL) {
		fprintf(stderr, _("rutin %s: not enough memory\n"), c->cmd);
		return EXIT_FAILED;
	}
	printf(_("Join codes for \"%s\" (session %.8s).\nHand each trainee her own "
	    "on paper: she types it as her passphrase at her\nfirst join and then "
	    "chooses her own. A code works once, and not after the\nexercise ends. "
	    "Nothing keeps them: do not save this.\n\n"), s->title, s->id);
	for (i = 0; i < n && rc == 0; i++) {
		make_code(code);
		if (log_user_invite(c->log, t[i].name, code, CODE_LEN, s->id, &err) != LOG_OK) {
			rc = cmd_report(c->cmd, &err);
			break;
		}
		printf("  %-20s %s\n", t[i].name, code);
		fflush(stdout);
	}
	sodium_memzero(code, CODE_LEN + 1);
	sodium_free(code);
	if (rc == 0)
		printf(_("\n%zu trainee(s) added. Each joins with rutin exercise --db %s "
		    "--user NAME.\n"), n, c->o.db);
	return rc;
}

static int
trainees_exec(struct cmd_ctx *c)
{
	struct trainee *t = xcalloc(TRAINEES_MAX, sizeof(*t));
	const struct xsession *s;
	struct xstate st;
	size_t n;
	int rc;

	memset(&st, 0, sizeof(st));
	if (strcmp(c->argv[0], "add") != 0) {
		fprintf(stderr, _("rutin %s: say what: add --from FILE\n"), c->cmd);
		rc = EXIT_USAGE;
	} else if (!log_is_training(c->log)) {
		fprintf(stderr, _("rutin %s: %s is a live log: join codes are for "
		    "training logs only\n"), c->cmd, c->o.db);
		rc = EXIT_USAGE;
	} else if ((s = open_session(c, &st)) == NULL) {
		rc = EXIT_FAILED;
	} else if ((rc = read_trainees(c->cmd, c->o.from, c->log, t, &n)) == 0) {
		rc = invite_all(c, s, t, n);
		rc = commands_seal_account_change(c, rc == 0 ? (cmdline_stdout_ok() ? 0 :
		    cmdline_output_failed(c->cmd)) : rc);
	}
	xstate_free(&st);
	free(t);
	return rc;
}

const struct cmd_entry exercise_trainees_cmd = {
	.group = "exercise", .name = "trainees",
	.usage = "add --from FILE --db FILE [--session ID]",
	.summary = N_("a trainer adds a class at once: an account and a one-time join "
	    "code for each trainee the file names"),
	.missing = N_("say what: rutin exercise trainees add --from FILE"),
	.options = OPT_OPEN | OPT(FROM) | OPT(SESSION), .required = OPT(FROM),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG | CMD_NAMED_DB,
	.role = CMD_MANAGER, .exec = trainees_exec,
};

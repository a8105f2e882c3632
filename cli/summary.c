/* rutin summary RUN: a completed run's journal extract for the case file
 * (runlog/extract.h), as text that pastes cleanly into a case-management
 * system's journal, or as a PDF for the akt (report/journal.h). Making it
 * is logged (access.recorded, "summary"). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"
#include "report/journal.h"
#include "runlog/extract.h"

/* ---- The command ---- */

static int
parse_format(const char *format, bool *pdf)
{
	*pdf = false;
	if (format == NULL || strcmp(format, "text") == 0)
		return 0;
	if (strcmp(format, "pdf") == 0) {
		*pdf = true;
		return 0;
	}
	fprintf(stderr, _("rutin summary: --format is text or pdf\n"));
	return EXIT_USAGE;
}

/* The PDF's file, made before the extract is logged (a name that is taken
 * logs nothing); NULL after a message. */
static struct journal_pdf *
open_pdf(const char *path)
{
	char err[1024];
	struct journal_pdf *p = journal_pdf_create(path, clock_now_ms(), err, sizeof(err));

	if (p == NULL) {
		fputs("rutin summary: ", stderr);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
	}
	return p;
}

static int
write_pdf(const struct extract *x, struct journal_pdf *p)
{
	char err[1024];

	if (!journal_pdf_write(p, x, err, sizeof(err))) {
		fputs("rutin summary: ", stderr);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	return 0;
}

static int
write_text(const struct extract *x)
{
	journal_write_text(x, stdout);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("summary");
}

static int
summary(struct session *s, const char *id)
{
	struct log_run_info ri;
	struct extract x;
	struct journal_pdf *d = NULL;
	const struct routine *r;
	char msg[512];
	bool pdf;
	int rc;

	if ((rc = parse_format(s->o.format, &pdf)) != 0)
		return rc;
	if (pdf && s->o.out == NULL) {
		fprintf(stderr, _("rutin summary: --format pdf needs --out FILE\n"));
		return EXIT_USAGE;
	}
	if (!pdf && s->o.out != NULL) {
		fprintf(stderr, _("rutin summary: the text goes to standard output; --out "
		    "is for --format pdf\n"));
		return EXIT_USAGE;
	}
	if ((rc = review_session_find_run(s, id, &ri)) != 0)
		return rc;
	if (strcmp(ri.status, "completed") != 0) {
		fprintf(stderr, _("rutin summary: the run is not completed (%s): an extract "
		    "of a run still being walked would leave steps out; finish it first\n"),
		    ri.status);
		return EXIT_FAILED;
	}
	if ((r = catalog_find_text(&s->catalog, ri.routine_id,
	    ri.routine_hash)) == NULL) {
		fprintf(stderr, _("rutin summary: the routine %s is not installed here: name "
		    "its folder with --routines DIR\n"), ri.routine_id);
		return EXIT_FAILED;
	}
	if (extract_load(s->log, &ri, r, &x, msg, sizeof(msg)) != RUN_OK) {
		fputs("rutin summary: ", stderr);
		cmdline_print_clean(stderr, msg);
		return EXIT_FAILED;
	}
	if (pdf && (d = open_pdf(s->o.out)) == NULL) {
		extract_free(&x);
		return EXIT_USAGE;
	}
	/* Logged before the extract is written: an extract no one knows
	 * was made is a copy of the case no one can account for. */
	rc = review_session_access(s, ACCESS_READ_SUMMARY, ri.run_id);
	if (rc != 0 && d != NULL)
		journal_pdf_discard(d);
	else if (rc == 0)
		rc = pdf ? write_pdf(&x, d) : write_text(&x);
	extract_free(&x);
	return rc;
}

static int
summary_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, summary);
}

const struct cmd_entry summary_cmd = {
	.name = "summary", .usage = "RUN [--format text|pdf] [--out FILE] [--routines DIR]",
	.summary = N_("a completed run's journal extract for the case file, as text or "
	    "PDF (making it is logged)"),
	.missing = REVIEW_RUN_MISSING,
	.options = OPT_OPEN | OPT(FORMAT) | OPT(OUT) | OPT(ROUTINES),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .exec = summary_exec,
};

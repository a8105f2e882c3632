/* rutin summary RUN: a completed run's journal extract for the case file
 * (runlog/extract.h), as text that pastes cleanly into a case-management
 * system's journal, or as a PDF for the akt (draw/pdfdoc.h). Making it is
 * logged (access.recorded, "summary"). */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"
#include "draw/pdfdoc.h"
#include "runlog/extract.h"

/* Lines of the text extract: short enough for a journal's field. */
#define SUMMARY_WIDTH 72

/* ---- The extract as lines of text, for both outputs ---- */

/* Where each line goes: text with its indent and style; the text output
 * wraps it, the PDF lays it out. */
struct sink {
	void (*line)(void *ctx, enum pdfdoc_style style, int indent, const char *text);
	void *ctx;
};

static void
emit(const struct sink *k, enum pdfdoc_style style, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
emit(const struct sink *k, enum pdfdoc_style style, int indent, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (text == NULL) {
		fprintf(stderr, "rutin: out of memory\n");
		exit(EXIT_USAGE);
	}
	k->line(k->ctx, style, indent, text);
	free(text);
}

/* What a step's line says after its prompt. */
static const char *
status_words(const struct extract_step *s)
{
	switch (s->status) {
	case STEP_ANSWERED:
		return s->value != NULL ? s->value : "";
	case STEP_NOT_APPLICABLE:
		return _("not applicable");
	case STEP_SKIPPED:
		return _("skipped");
	case STEP_PENDING:
		break;
	}
	return _("not answered");
}

static void
extract_lines(const struct extract *x, const struct sink *k)
{
	char started[32], ended[32];
	size_t i, j;

	when_format(started, sizeof(started), x->ri.started);
	when_format(ended, sizeof(ended), x->ri.last_activity);
	emit(k, PDFDOC_TITLE, 0, "%s", _("Journal extract from rutin"));
	emit(k, PDFDOC_BODY, 0, _("Routine: %s, version %ld"), routine_title(x->r),
	    routine_version(x->r));
	emit(k, PDFDOC_BODY, 0, _("Case: %s"), x->ri.case_ref);
	emit(k, PDFDOC_BODY, 0, _("Walked: %s to %s by %s"), started, ended, x->ri.account);
	emit(k, PDFDOC_BODY, 0, _("Steps shown: %zu; answered %zu, not applicable %zu, "
	    "skipped %zu; deviations %zu"), x->sum.visible, x->sum.answered,
	    x->sum.not_applicable, x->sum.skipped, x->sum.deviations);
	for (i = 0; i < x->n; i++) {
		const struct extract_step *s = &x->steps[i];

		if (s->section != NULL)
			emit(k, PDFDOC_HEADING, 0, "%s", s->section);
		if (s->status == STEP_ANSWERED || s->status == STEP_PENDING)
			emit(k, PDFDOC_BODY, 1, "- %s: %s", s->prompt, status_words(s));
		else
			emit(k, PDFDOC_BODY, 1, "- %s: %s: %s", s->prompt, status_words(s),
			    s->value != NULL ? s->value : "");
		if (s->is_deviation || s->deviation != NULL)
			emit(k, PDFDOC_BODY, 2, _("Deviation: %s"),
			    s->deviation != NULL ? s->deviation : _("no reason given"));
		for (j = 0; j < s->nnotes; j++)
			emit(k, PDFDOC_BODY, 2, _("Note: %s"), s->notes[j]);
	}
}

/* ---- Text ---- */

/* A copy of `text` for a journal: each line break, tab and character
 * utf8_is_disruptive() names (and any byte that is not UTF-8) becomes
 * a space. Caller frees. */
static char *
journal_text(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), i = 0, n = 0;
	char *out = xmalloc(len + 1);

	while (i < len) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, len - i, &cp);

		if (w == 0 || cp == '\n' || cp == '\t' || utf8_is_disruptive(cp)) {
			out[n++] = ' ';
			i += w == 0 ? 1 : w;
			continue;
		}
		memcpy(out + n, p + i, w);
		n += w;
		i += w;
	}
	out[n] = '\0';
	return out;
}

/* The bytes of the first `width` characters of s (all of it when
 * shorter). */
static size_t
fit(const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, chars = 0;

	while (i < len && chars < width) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, len - i, &cp);

		i += w == 0 ? 1 : w;
		chars++;
	}
	return i;
}

struct text_out {
	FILE *out;
	bool first;
};

/* A line of text wrapped at SUMMARY_WIDTH characters, continuation lines
 * indented two more; control characters (a note's line breaks among
 * them) become spaces, so that it pastes as the journal's own text. */
static void
text_line(void *ctx, enum pdfdoc_style style, int indent, const char *text)
{
	struct text_out *t = ctx;
	char *clean = journal_text(text);
	const char *p = clean;
	int pad = 2 * indent, width = SUMMARY_WIDTH - pad;

	if (style == PDFDOC_HEADING || (style == PDFDOC_TITLE && !t->first))
		fputc('\n', t->out);
	t->first = false;
	while (*p != '\0') {
		size_t n = fit(p, (size_t)width), cut = n;

		if (p[n] != '\0') { /* back to a space */
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = n;
		}
		fprintf(t->out, "%*s%.*s\n", pad, "", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		if (pad == 2 * indent) { /* continuation lines: two more */
			pad += 2;
			width -= 2;
		}
	}
	if (style == PDFDOC_TITLE)
		fputc('\n', t->out);
	free(clean);
}

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

static void
pdf_line(void *ctx, enum pdfdoc_style style, int indent, const char *text)
{
	struct pdfdoc *d = ctx;

	if (style == PDFDOC_HEADING)
		pdfdoc_space(d, 6);
	pdfdoc_text(d, style, indent, text);
}

/* The PDF's file, made before the extract is logged (a name that is taken
 * logs nothing); NULL after a message. */
static struct pdfdoc *
open_pdf(const char *path)
{
	char err[1024], made[32], footer[256];
	struct pdfdoc *d;

	when_format(made, sizeof(made), clock_now_ms());
	snprintf(footer, sizeof(footer), _("rutin, journal extract made %s"), made);
	d = pdfdoc_open(path, _("Journal extract"), footer, _("Page"), err, sizeof(err));
	if (d == NULL) {
		fputs("rutin summary: ", stderr);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
	}
	return d;
}

static int
write_pdf(const struct extract *x, struct pdfdoc *d)
{
	char err[1024];
	struct sink k = { pdf_line, d };

	extract_lines(x, &k);
	if (!pdfdoc_close(d, err, sizeof(err))) {
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
	struct text_out t = { stdout, true };
	struct sink k = { text_line, &t };

	extract_lines(x, &k);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("summary");
}

static int
summary(struct session *s, const char *id)
{
	struct log_run_info ri;
	struct extract x;
	struct pdfdoc *d = NULL;
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
	if ((r = catalog_find(&s->catalog, ri.routine_id)) == NULL) {
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
		pdfdoc_discard(d);
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

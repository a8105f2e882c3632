/* The journal extract as text and as PDF (journal.h). */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "draw/pdfdoc.h"
#include "report/journal.h"

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
	text = xvasprintf(fmt, ap);
	va_end(ap);
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
		if (s->confirmed_by != NULL)
			emit(k, PDFDOC_BODY, 2, _("Confirmed by %s, the second person"),
			    s->confirmed_by);
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

/* A line of text wrapped at JOURNAL_WIDTH characters, continuation lines
 * indented two more; control characters (a note's line breaks among
 * them) become spaces, so that it pastes as the journal's own text. */
static void
text_line(void *ctx, enum pdfdoc_style style, int indent, const char *text)
{
	struct text_out *t = ctx;
	char *clean = journal_text(text);
	const char *p = clean;
	int pad = 2 * indent, width = JOURNAL_WIDTH - pad;

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

void
journal_write_text(const struct extract *x, FILE *out)
{
	struct text_out t = { out, true };
	struct sink k = { text_line, &t };

	extract_lines(x, &k);
}

/* ---- PDF ---- */

struct journal_pdf {
	struct pdfdoc *d;
};

static void
pdf_line(void *ctx, enum pdfdoc_style style, int indent, const char *text)
{
	struct pdfdoc *d = ctx;

	if (style == PDFDOC_HEADING)
		pdfdoc_space(d, 6);
	pdfdoc_text(d, style, indent, text);
}

struct journal_pdf *
journal_pdf_create(const char *path, int64_t made, char *err, size_t err_size)
{
	char when[32], footer[256];
	struct journal_pdf *p = xcalloc(1, sizeof(*p));

	when_format(when, sizeof(when), made);
	snprintf(footer, sizeof(footer), _("rutin, journal extract made %s"), when);
	p->d = pdfdoc_open(path, _("Journal extract"), footer, _("Page"), err, err_size);
	if (p->d == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

bool
journal_pdf_write(struct journal_pdf *p, const struct extract *x, char *err,
    size_t err_size)
{
	struct sink k = { pdf_line, p->d };
	bool ok;

	extract_lines(x, &k);
	ok = pdfdoc_close(p->d, err, err_size);
	free(p);
	return ok;
}

void
journal_pdf_discard(struct journal_pdf *p)
{
	pdfdoc_discard(p->d);
	free(p);
}

/* rutin scan; see scan.h. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "scan/sandbox.h"
#include "scan/scan.h"

/* The excerpt of a finding: an identity number with its digits masked
 * (the scan's output may be pasted anywhere), else the text as written,
 * line breaks as spaces, through the sanitiser. */
static void
print_excerpt(FILE *out, const char *text, const struct guard_finding *f)
{
	const unsigned char *p = (const unsigned char *)text + f->offset;
	size_t i = 0;
	char *copy;

	if (f->kind > GUARD_COORDINATION_NUMBER) {
		copy = xstrndup(text + f->offset, f->length);
		for (i = 0; copy[i] != '\0'; i++)
			if (copy[i] == '\n' || copy[i] == '\r' || copy[i] == '\t')
				copy[i] = ' ';
		utf8_write_visible(out, copy);
		free(copy);
		return;
	}
	while (i < f->length) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, f->length - i, &cp);

		if (w == 0)
			w = 1, cp = '?';
		if (cp == '-' || cp == '+' || cp == ' ' || cp == '/' || cp == '.' || cp == '_')
			fputc((int)cp, out);
		else if (cp == '\n' || cp == '\r' || cp == '\t')
			fputc(' ', out);
		else if (guard_is_invisible(cp))
			; /* invisible: left out */
		else
			fputc('*', out); /* a digit, or a separator of another kind */
		i += w;
	}
}

/* Where in the part: FILE:LINE:COL for a text file, FILE:PART:LINE:COL
 * for a part of a document (a PDF page's number is its part). */
static void
print_where(FILE *out, const char *name, const struct doc_part *p, unsigned line,
    unsigned column)
{
	utf8_write_visible(out, name);
	if (p->label != NULL) {
		fputc(':', out);
		utf8_write_visible(out, p->label);
	}
	fprintf(out, ":%u:%u: ", line, column);
}

/* The guard reads a part in pieces of about this size, each ending at a
 * paragraph (an empty line) when there is one, else at a line end: a
 * number can be broken over one line end but not over an empty line, and
 * the guard's memory grows with what it reads at once. */
#define SCAN_PIECE (64u << 10)

/* Where the piece from `from` ends (exclusive). */
static size_t
piece_end(const char *text, size_t len, size_t from)
{
	size_t end, k;

	if (len - from <= SCAN_PIECE)
		return len;
	end = from + SCAN_PIECE;
	for (k = end; k > from + 1; k--) /* back to an empty line */
		if (text[k - 1] == '\n' && text[k - 2] == '\n')
			return k;
	for (k = end; k > from; k--) /* else back to a line end */
		if (text[k - 1] == '\n')
			return k;
	while (end < len && (((unsigned char)text[end]) & 0xc0) == 0x80)
		end++; /* a line longer than a piece: cut between characters */
	return end;
}

/* One part through the guard, piece by piece; each finding at the line
 * and column of its first character. */
static size_t
scan_part(const struct doc_part *p, const char *name, FILE *out)
{
	size_t from = 0, at = 0, total = 0;
	unsigned line = 1, column = 1;

	while (from < p->len) {
		size_t end = piece_end(p->text, p->len, from), count, k;
		char *piece = xstrndup(p->text + from, end - from);
		struct guard_finding *f;

		count = guard_find_all(piece, &f);
		for (k = 0; k < count; k++) {
			size_t offset = from + f[k].offset;

			while (at < offset) { /* findings come in order */
				uint32_t cp;
				size_t w = utf8_decode((const unsigned char *)p->text + at,
				    offset - at, &cp);

				if (w == 0)
					w = 1;
				if (p->text[at] == '\n')
					line++, column = 1;
				else
					column++;
				at += w;
			}
			print_where(out, name, p, line, column);
			fprintf(out, "%s: ", guard_kind_token(f[k].kind));
			print_excerpt(out, piece, &f[k]);
			fputc('\n', out);
		}
		free(f);
		free(piece);
		total += count;
		from = end;
	}
	return total;
}

static void
say(FILE *errs, const char *name, const char *where, const char *msg)
{
	fputs("rutin scan: ", errs);
	utf8_write_visible(errs, name);
	fputs(where, errs);
	utf8_write_visible(errs, msg);
	fputc('\n', errs);
}

enum scan_status
scan_doc(const struct doc *d, const char *name, FILE *out, FILE *errs, size_t *found)
{
	enum scan_status st = SCAN_CLEAN;
	size_t i;

	*found = 0;
	if (d->pages > 0 && d->nblank == d->pages) {
		say(errs, name, ": ", _("no text to check: the document is an image (a "
		    "scan?). rutin cannot read what it shows; check it by eye, or ask "
		    "for it as text."));
		st = SCAN_ERROR;
	} else {
		for (i = 0; i < d->nblank; i++) {
			char where[32], *msg;

			snprintf(where, sizeof(where), ":%u: ", d->blank_pages[i]);
			msg = xasprintf(_("page %u has no text to check (an image, a scan, or "
			    "text drawn as shapes): check it by eye"), d->blank_pages[i]);
			say(errs, name, where, msg);
			free(msg);
			st = SCAN_ERROR;
		}
	}
	for (i = 0; i < d->n; i++)
		*found += scan_part(&d->parts[i], name, out);
	if (st != SCAN_ERROR && *found > 0)
		st = SCAN_FOUND;
	return st;
}

/* The whole file, at most DOC_MAX_FILE bytes and one more (doc_read
 * then says it is too large), into *data. */
static bool
slurp(FILE *in, char **data, size_t *len)
{
	size_t cap = 1 << 16, max = (size_t)DOC_MAX_FILE + 1;

	*data = xmalloc(cap);
	*len = 0;
	while (*len < max) {
		size_t got;

		if (*len == cap) {
			cap = cap * 2 < max ? cap * 2 : max;
			*data = xreallocarray(*data, cap, 1);
		}
		got = fread(*data + *len, 1, cap - *len, in);
		*len += got;
		if (got == 0)
			break;
	}
	return !ferror(in);
}

enum scan_status
scan_file(const char *path, const char *name, FILE *out, FILE *errs, size_t *found)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	struct doc d = DOC_INIT;
	char err[1024], *data;
	size_t len;
	enum scan_status st;
	bool read_ok;

	*found = 0;
	if (in == NULL) {
		say(errs, name, ": ", strerror(errno));
		return SCAN_ERROR;
	}
	read_ok = slurp(in, &data, &len);
	if (!is_stdin)
		fclose(in);
	if (!read_ok) {
		say(errs, name, ": ", _("could not be read"));
		free(data);
		return SCAN_ERROR;
	}
	d.name = is_stdin ? NULL : path;
	err[0] = '\0';
	if (!sandbox_read(data, len, &d, err, sizeof(err))) {
		char where[32] = ": ";

		if (d.err_line > 0 && d.err_column > 0)
			snprintf(where, sizeof(where), ":%u:%u: ", d.err_line, d.err_column);
		else if (d.err_line > 0)
			snprintf(where, sizeof(where), ":%u: ", d.err_line);
		say(errs, name, where, err);
		doc_free(&d);
		free(data);
		return SCAN_ERROR;
	}
	free(data);
	st = scan_doc(&d, name, out, errs, found);
	doc_free(&d);
	return st;
}

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"
#include "checklists/scan.h"
#include "common/i18n.h"
#include "common/utf8.h"

/* The excerpt of a finding: an identity number with its digits masked
 * (the scan's output may be pasted anywhere), else the text as written,
 * through the sanitiser. */
static void
print_excerpt(FILE *out, const char *line, const struct guard_finding *f)
{
	const unsigned char *p = (const unsigned char *)line + f->offset;
	size_t i = 0;
	char *text;

	if (f->kind > GUARD_COORDINATION_NUMBER) {
		text = strndup(line + f->offset, f->length);
		if (text != NULL)
			utf8_write_visible(out, text);
		free(text);
		return;
	}
	while (i < f->length) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, f->length - i, &cp);

		if (w == 0)
			w = 1, cp = '?';
		if (cp == '-' || cp == '+' || cp == ' ' || cp == '/' || cp == '.')
			fputc((int)cp, out);
		else if (guard_is_invisible(cp))
			; /* invisible: left out */
		else
			fputc('*', out); /* a digit, or a separator of another kind */
		i += w;
	}
}

/* Documents that are not text and must be extracted first, by how they
 * begin. */
static const struct {
	const char *magic;
	size_t len;
	const char *what, *how;
} formats[] = {
	{ "%PDF-", 5, "PDF", "pdftotext FILE - | rutin scan -" },
	{ "PK\x03\x04", 4, "Word (.docx) or another zipped", "docx2txt FILE - | rutin scan -" },
	{ "\xd0\xcf\x11\xe0", 4, "old Word (.doc) or another OLE", "antiword FILE | rutin scan -" },
	{ "{\\rtf", 5, "RTF", "unrtf --text FILE | rutin scan -" },
};

/* A message for a document that is not text, or false. */
static bool
not_text(const char *line, size_t len, const char *name, char *err, size_t err_size)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (len >= formats[i].len && memcmp(line, formats[i].magic, formats[i].len) == 0) {
			snprintf(err, err_size, _("%s: a %s document, not text: extract its "
			    "text first: %s"), name, formats[i].what, formats[i].how);
			return true;
		}
	return false;
}

enum scan_status
scan_stream(FILE *in, const char *name, FILE *out, size_t *found, char *err,
    size_t err_size)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0, k;
	ssize_t n;
	enum scan_status status = SCAN_CLEAN;

	*found = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		struct guard_finding *f;
		size_t len = (size_t)n, count;
		unsigned column;

		lineno++;
		if (lineno == 1 && not_text(line, len, name, err, err_size)) {
			status = SCAN_ERROR;
			break;
		}
		if (memchr(line, '\0', len) != NULL) {
			snprintf(err, err_size, _("%s:%zu: a NUL byte: this is not text. "
			    "Extract the text first (pdftotext FILE -, docx2txt FILE -)."),
			    name, lineno);
			status = SCAN_ERROR;
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (utf8_invalid_at(line, len, &column) < len) {
			snprintf(err, err_size, _("%s:%zu:%u: not UTF-8 text. Convert it "
			    "first (iconv -f WINDOWS-1252 -t UTF-8), or extract the text "
			    "(pdftotext FILE -, docx2txt FILE -)."), name, lineno, column);
			status = SCAN_ERROR;
			break;
		}
		/* A byte order mark at the start is not text: columns count
		 * from after it, as editors count them. */
		if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0) {
			len -= 3;
			memmove(line, line + 3, len + 1);
		}
		count = guard_find_all(line, &f);
		for (k = 0; k < count; k++) {
			fprintf(out, "%s:%zu:%u: %s: ", name, lineno, f[k].column,
			    guard_kind_token(f[k].kind));
			print_excerpt(out, line, &f[k]);
			fputc('\n', out);
		}
		free(f);
		*found += count;
		if (count > 0)
			status = SCAN_FOUND;
	}
	if (status != SCAN_ERROR && ferror(in)) {
		snprintf(err, err_size, _("%s: could not be read"), name);
		status = SCAN_ERROR;
	}
	free(line);
	return status;
}

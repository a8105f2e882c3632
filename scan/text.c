/* Plain text for the guard: UTF-8 (with or without a byte order mark),
 * UTF-16 with a byte order mark (converted with iconv); Windows-1252 and
 * UTF-16 without a mark are named, with the command that converts them,
 * never guessed. See doc.h. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "scan/doc.h"

/* Line and column (characters) of byte `at` in UTF-8 text. */
static void
position_of(const char *s, size_t at, unsigned *line, unsigned *column)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	*line = 1;
	*column = 1;
	while (i < at) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, at - i, &cp);

		if (w == 0)
			w = 1;
		if (p[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
		i += w;
	}
}

/* Windows-1252 leaves five bytes undefined; text that is not UTF-8 and
 * has none of them (nor control characters other than white space) reads
 * as Windows-1252 or Latin-1. */
static bool
looks_like_1252(const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == 0x81 || s[i] == 0x8d || s[i] == 0x8f || s[i] == 0x90 || s[i] == 0x9d ||
		    (s[i] < 0x20 && strchr("\t\n\r\f", s[i]) == NULL))
			return false;
	return true;
}

/* Every other byte NUL: UTF-16 without its byte order mark. */
static const char *
utf16_without_mark(const unsigned char *s, size_t len)
{
	size_t i, even = 0, odd = 0;

	if (len < 4)
		return NULL;
	for (i = 0; i + 1 < len; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	if (odd * 4 >= len && even == 0)
		return "UTF-16LE";
	if (even * 4 >= len && odd == 0)
		return "UTF-16BE";
	return NULL;
}

/* UTF-16 (after its mark) into the part, as UTF-8. */
static bool
from_utf16(const char *data, size_t len, const char *from, struct doc *d,
    struct doc_part *p, char *err, size_t err_size)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)data, *out, *buf;
	size_t inleft = len, cap = 2 * len + 16, outleft = cap;
	bool ok;

	if (cd == (iconv_t)-1) {
		snprintf(err, err_size, _("UTF-16 text, which this system cannot convert: %s"),
		    strerror(errno));
		return false;
	}
	buf = out = xmalloc(cap);
	ok = iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1;
	iconv_close(cd);
	if (!ok) {
		snprintf(err, err_size, _("not valid UTF-16 at byte %zu"), len - inleft);
		free(buf);
		return false;
	}
	ok = doc_append(d, p, buf, cap - outleft);
	free(buf);
	if (!ok)
		snprintf(err, err_size, _("more text than rutin scans (%u MiB)"), DOC_MAX_TEXT >> 20);
	return ok;
}

bool
text_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size)
{
	const unsigned char *u = (const unsigned char *)data;
	struct doc_part *p;
	const char *nul, *utf16;
	unsigned column;
	size_t bad;

	d->kind = "text";
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		p = doc_add_part(d, NULL);
		return from_utf16(data + 2, len - 2, u[0] == 0xff ? "UTF-16LE" : "UTF-16BE",
		    d, p, err, err_size);
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) { /* columns count after it */
		data += 3;
		len -= 3;
		u += 3;
	}
	if ((nul = memchr(data, '\0', len)) != NULL) {
		char *hint;

		if ((utf16 = utf16_without_mark(u, len)) != NULL) {
			char tool[64];

			snprintf(tool, sizeof(tool), "iconv -f %s -t UTF-8", utf16);
			hint = doc_hint(d, tool);
			snprintf(err, err_size, _("UTF-16 text without a byte order mark: "
			    "convert it first: %s"), hint);
			free(hint);
		} else {
			position_of(data, (size_t)(nul - data), &d->err_line, &column);
			snprintf(err, err_size, _("a NUL byte: this is not text, nor a document "
			    "rutin reads (PDF, .docx, .odt)"));
		}
		return false;
	}
	if ((bad = utf8_invalid_at(data, len, &column)) < len) {
		unsigned line;

		position_of(data, bad, &line, &column);
		d->err_line = line;
		d->err_column = column;
		if (looks_like_1252(u, len)) {
			char *hint = doc_hint(d, "iconv -f WINDOWS-1252 -t UTF-8");

			snprintf(err, err_size, _("not UTF-8 text: it reads as Windows-1252 "
			    "(Latin-1), which rutin does not guess. Convert it first: %s"), hint);
			free(hint);
		} else {
			snprintf(err, err_size, _("not UTF-8 text, nor a document rutin reads "
			    "(PDF, .docx, .odt)"));
		}
		return false;
	}
	p = doc_add_part(d, NULL);
	if (!doc_append(d, p, data, len)) {
		snprintf(err, err_size, _("more text than rutin scans (%u MiB)"), DOC_MAX_TEXT >> 20);
		return false;
	}
	return true;
}

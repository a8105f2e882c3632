#include "config.h"

#include <string.h>

#include "common/utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_invalid_at(const char *s, size_t len, unsigned *column)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned col = 1;

	while (i < len) {
		uint32_t cp;
		size_t w = utf8_decode(p + i, len - i, &cp);

		if (w == 0)
			break;
		i += w;
		col++;
	}
	if (column != NULL)
		*column = col;
	return i;
}

int
utf8_is_disruptive(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
utf8_write_visible(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0, k;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			fprintf(out, "\\x%02x", (unsigned char)s[i++]);
		else if (utf8_is_disruptive(cp) && cp < 0x80)
			fprintf(out, "\\x%02x", (unsigned)cp), i += k;
		else if (utf8_is_disruptive(cp))
			fprintf(out, "<U+%04X>", (unsigned)cp), i += k;
		else
			fwrite(s + i, 1, k, out), i += k;
	}
}

#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "common/xalloc.h"
#include "db/fields.h"

static bool
valid_name(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 32 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static bool
valid_utf8(const char *s)
{
	size_t len = strlen(s);

	return utf8_invalid_at(s, len, NULL) == len;
}

/* A byte that goes out as it is. */
static bool
plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* With `terminal`, C1 controls and direction overrides are escaped too:
 * valid JSON either way, but they never reach a terminal raw. Plain text
 * goes out a run at a time (every event read is written again to check
 * its form: fields_from_json). */
static void
write_string(FILE *out, const char *s, bool terminal)
{
	size_t len = strlen(s), i = 0, j;

	fputc('"', out);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (plain_byte(c)) {
			for (j = i + 1; j < len && plain_byte((unsigned char)s[j]); j++)
				;
			fwrite(s + i, 1, j - i, out);
			i = j;
			continue;
		}
		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c == '\n') {
			fputs("\\n", out);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
		} else if (c >= 0x80) {
			/* whole UTF-8 sequences; a stray byte never goes out raw */
			k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
			if (k == 0) {
				fputs("\\ufffd", out);
			} else if (terminal && utf8_is_disruptive(cp)) {
				fprintf(out, "\\u%04x", (unsigned)cp);
				i += k - 1;
			} else {
				fwrite(s + i, 1, k, out);
				i += k - 1;
			}
		}
		i++;
	}
	fputc('"', out);
}

void
fields_json_string(FILE *out, const char *s)
{
	write_string(out, s, false);
}

void
fields_json_string_safe(FILE *out, const char *s)
{
	write_string(out, s, true);
}

bool
fields_write_json_safe(FILE *out, const char *json)
{
	struct log_field *f;
	size_t n, i;

	if (!fields_from_json(json, &f, &n))
		return false;
	fputc('{', out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		write_string(out, f[i].name, true);
		fputc(':', out);
		if (f[i].text != NULL)
			write_string(out, f[i].text, true);
		else
			fprintf(out, "%" PRId64, f[i].number);
	}
	fputc('}', out);
	fields_free(f, n);
	return true;
}

static int
cmp_field(const void *a, const void *b)
{
	return strcmp(((const struct log_field *)a)->name,
	    ((const struct log_field *)b)->name);
}

char *
fields_to_json(const struct log_field *f, size_t n)
{
	struct log_field *sorted = xcalloc(n + 1, sizeof(*sorted));
	char *buf = NULL;
	size_t len = 0, i;
	FILE *out;

	if (n > 0)
		memcpy(sorted, f, n * sizeof(*f));
	qsort(sorted, n, sizeof(*sorted), cmp_field);
	for (i = 0; i < n; i++) {
		if (!valid_name(sorted[i].name) ||
		    (i > 0 && strcmp(sorted[i].name, sorted[i - 1].name) == 0) ||
		    (sorted[i].text != NULL && !valid_utf8(sorted[i].text))) {
			free(sorted);
			return NULL;
		}
	}
	out = open_memstream(&buf, &len);
	fputc('{', out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		fprintf(out, "\"%s\":", sorted[i].name);
		if (sorted[i].text != NULL)
			fields_json_string(out, sorted[i].text);
		else
			fprintf(out, "%" PRId64, sorted[i].number);
	}
	fputc('}', out);
	fclose(out);
	free(sorted);
	return buf;
}

void
fields_free(struct log_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)f[i].name);
		free((char *)f[i].text);
	}
	free(f);
}

/* Reads a JSON string at *p (just after the opening quote) in the escapes
 * fields_to_json() writes; returns a copy or NULL. */
static char *
parse_string(const char **p)
{
	const char *s = *p;
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '"'; s++) {
		if (*s == '\0')
			goto bad;
		if (*s != '\\') {
			if ((unsigned char)*s < 0x20)
				goto bad;
			*o++ = *s;
			continue;
		}
		s++;
		if (*s == '"' || *s == '\\') {
			*o++ = *s;
		} else if (*s == 'n') {
			*o++ = '\n';
		} else if (*s == 'u' && s[1] == '0' && s[2] == '0' &&
		    isxdigit((unsigned char)s[3]) && isxdigit((unsigned char)s[4])) {
			/* exactly four hex digits, all present: never past the end */
			unsigned v = (unsigned)strtoul((char[3]){ s[3], s[4], '\0' }, NULL, 16);

			if (v == 0 || (v >= 0x20 && v != 0x7f) || v == '\n')
				goto bad;
			*o++ = (char)v;
			s += 4;
		} else {
			goto bad;
		}
	}
	*o = '\0';
	*p = s + 1;
	return out;
bad:
	free(out);
	return NULL;
}

bool
fields_from_json(const char *json, struct log_field **out, size_t *n)
{
	struct log_field *f = NULL;
	size_t count = 0, cap = 0;
	const char *p = json;
	char *again;

	*out = NULL;
	*n = 0;
	if (*p++ != '{')
		return false;
	while (*p != '}') {
		struct log_field field = { NULL, NULL, 0 };

		if (count > 0 && *p++ != ',')
			goto bad;
		if (*p++ != '"' || (field.name = parse_string(&p)) == NULL)
			goto bad;
		if (*p++ != ':')
			goto bad_field;
		if (*p == '"') {
			p++;
			if ((field.text = parse_string(&p)) == NULL)
				goto bad_field;
		} else {
			char *end;

			if (!(*p == '-' || (*p >= '0' && *p <= '9')))
				goto bad_field;
			field.number = strtoll(p, &end, 10);
			p = end;
		}
		if (count == cap) {
			cap = cap ? 2 * cap : 8;
			f = xreallocarray(f, cap, sizeof(*f));
		}
		f[count++] = field;
		continue;
bad_field:
		free((char *)field.name);
		goto bad;
	}
	if (p[1] != '\0')
		goto bad;
	/* Only the canonical form is accepted: writing it again must give
	 * the very same text. */
	again = fields_to_json(f, count);
	if (again == NULL || strcmp(again, json) != 0) {
		free(again);
		goto bad;
	}
	free(again);
	*out = f;
	*n = count;
	return true;
bad:
	fields_free(f, count);
	return false;
}

/* Past the JSON string that starts at `p` (its opening quote), or NULL. */
static const char *
skip_string(const char *p)
{
	for (p++; *p != '\0' && *p != '"'; p++)
		if (*p == '\\' && *++p == '\0')
			return NULL;
	return *p == '"' ? p + 1 : NULL;
}

bool
fields_json_text(const char *json, const char *name, char *out, size_t size)
{
	const char *p = json, *key, *end;
	size_t len = strlen(name), klen;

	if (p == NULL || *p++ != '{')
		return false;
	while (*p == '"') {
		key = p + 1;
		if ((end = skip_string(p)) == NULL || *end != ':')
			return false;
		klen = (size_t)(end - 1 - key);
		p = end + 1;
		if (*p == '"') {
			const char *v = p + 1;

			if ((end = skip_string(p)) == NULL)
				return false;
			if (klen == len && memcmp(key, name, len) == 0) {
				size_t vlen = (size_t)(end - 1 - v);

				if (vlen >= size || memchr(v, '\\', vlen) != NULL)
					return false;
				memcpy(out, v, vlen);
				out[vlen] = '\0';
				return true;
			}
			p = end;
		} else {
			p += strspn(p, "-0123456789");
		}
		if (*p != ',')
			break;
		p++;
	}
	return false;
}

bool
fields_for_people(const char *name)
{
	return strcmp(name, "routine_hash") != 0 && strcmp(name, "author_prev") != 0;
}

const char *
fields_text(const struct log_field *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return f[i].text;
	return NULL;
}

int64_t
fields_number(const struct log_field *f, size_t n, const char *name,
    int64_t otherwise)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0 && f[i].text == NULL)
			return f[i].number;
	return otherwise;
}

/* A document's parts, and which reader reads it; see doc.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "scan/doc.h"

struct doc_part *
doc_add_part(struct doc *d, const char *label)
{
	struct doc_part *p;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->parts = xreallocarray(d->parts, d->cap, sizeof(*d->parts));
	}
	p = &d->parts[d->n++];
	p->label = label != NULL ? xstrdup(label) : NULL;
	p->text = xstrdup("");
	p->len = 0;
	return p;
}

bool
doc_append(struct doc *d, struct doc_part *p, const char *s, size_t n)
{
	if (n > DOC_MAX_TEXT - d->text_total)
		return false;
	p->text = xreallocarray(p->text, p->len + n + 1, 1);
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
	d->text_total += n;
	return true;
}

void
doc_add_blank_page(struct doc *d, unsigned page)
{
	if (d->nblank == d->capblank) {
		d->capblank = d->capblank ? 2 * d->capblank : 8;
		d->blank_pages = xreallocarray(d->blank_pages, d->capblank, sizeof(unsigned));
	}
	d->blank_pages[d->nblank++] = page;
}

static bool
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\r\n\f\v", *s) == NULL)
			return false;
	return true;
}

void
doc_drop_empty(struct doc *d)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++) {
		if (blank(d->parts[i].text)) {
			free(d->parts[i].label);
			free(d->parts[i].text);
			continue;
		}
		d->parts[k++] = d->parts[i];
	}
	d->n = k;
}

void
doc_free(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->parts[i].label);
		free(d->parts[i].text);
	}
	free(d->parts);
	free(d->blank_pages);
	{
		const char *name = d->name;

		*d = (struct doc)DOC_INIT;
		d->name = name;
	}
}

/* The name in single quotes when the shell would read it otherwise. */
static char *
shell_word(const char *s)
{
	const char *p;
	size_t n = 3;
	char *out, *o;

	if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/+,")]
	    == '\0' && s[0] != '\0')
		return xstrdup(s);
	for (p = s; *p != '\0'; p++)
		n += *p == '\'' ? 4 : 1;
	o = out = xmalloc(n);
	*o++ = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

char *
doc_hint(const struct doc *d, const char *tool)
{
	char *word, *hint;

	if (d->name == NULL)
		return xasprintf("... | %s | rutin scan -", tool);
	word = shell_word(d->name);
	hint = xasprintf("%s %s | rutin scan -", tool, word);
	free(word);
	return hint;
}

/* Documents rutin does not read, by how they begin, with the tool that
 * extracts their text. */
static const struct {
	const char *magic;
	size_t len;
	const char *message; /* the command follows it */
	const char *tool;
} unread[] = {
	{ "\xd0\xcf\x11\xe0", 4, N_("an old Word (.doc) or other OLE document, which rutin "
	    "does not read: save it as .docx or PDF, or extract its text first: "),
	    "antiword" },
	{ "{\\rtf", 5, N_("an RTF document, which rutin does not read: save it as .docx "
	    "or PDF, or extract its text first: "), "unrtf --text" },
};

bool
doc_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size)
{
	size_t i;

	if (len > DOC_MAX_FILE) {
		snprintf(err, err_size, _("larger than rutin scans (%u MiB)"), DOC_MAX_FILE >> 20);
		return false;
	}
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return pdf_read(data, len, d, err, err_size);
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return office_read(data, len, d, err, err_size);
	for (i = 0; i < sizeof(unread) / sizeof(unread[0]); i++)
		if (len >= unread[i].len && memcmp(data, unread[i].magic, unread[i].len) == 0) {
			char *hint = doc_hint(d, unread[i].tool);

			snprintf(err, err_size, "%s%s", _(unread[i].message), hint);
			free(hint);
			return false;
		}
	return text_read(data, len, d, err, err_size);
}

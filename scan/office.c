/* Word (.docx) and OpenDocument text (.odt) for the guard: a zip archive
 * (libzip) of XML parts (libxml2). Read: the body, headers, footers,
 * comments, footnotes and endnotes, tracked deletions (text still in the
 * file though not shown), the links' targets, and the document's
 * properties (title, subject, author, keywords, description, company...).
 * Each becomes a part of its own, a paragraph a line. See doc.h.
 *
 * The XML is parsed without the network, without loading a DTD and
 * without expanding entities; an entry larger than DOC_MAX_TEXT is not
 * inflated (a zip bomb). */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "scan/doc.h"

/* ---- Reading an entry ---- */

/* The entry `name` inflated, NUL-terminated, into *out (caller frees);
 * 0: read, 1: absent, -1: could not be read (err says why). */
static int
entry_read(zip_t *z, const char *name, char **out, size_t *len, char *err, size_t err_size)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t got;

	zip_stat_init(&st);
	if (zip_stat(z, name, 0, &st) != 0)
		return 1;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > DOC_MAX_TEXT) {
		snprintf(err, err_size, _("its part %s is larger than rutin reads (%u MiB)"),
		    name, DOC_MAX_TEXT >> 20);
		return -1;
	}
	if ((f = zip_fopen(z, name, 0)) == NULL) {
		snprintf(err, err_size, _("its part %s cannot be opened (%s)"), name,
		    zip_strerror(z));
		return -1;
	}
	*out = xmalloc((size_t)st.size + 1);
	got = zip_fread(f, *out, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		snprintf(err, err_size, _("its part %s is damaged"), name);
		free(*out);
		return -1;
	}
	(*out)[got] = '\0';
	*len = (size_t)got;
	return 0;
}

static xmlDoc *
parse(const char *data, size_t len)
{
	if (len > (size_t)0x7fffffff)
		return NULL;
	return xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

static struct doc_part *part_labelled(struct doc *d, const char *label);

/* The entry `name` parsed into *out (caller frees with xmlFreeDoc);
 * 0: parsed, 1: absent, -1: could not be read or parsed (err says why). */
static int
entry_xml(zip_t *z, const char *name, xmlDoc **out, char *err, size_t err_size)
{
	char *data;
	size_t len;
	int st = entry_read(z, name, &data, &len, err, err_size);

	if (st != 0)
		return st;
	*out = parse(data, len);
	free(data);
	if (*out == NULL) {
		snprintf(err, err_size, _("its part %s is not well-formed XML"), name);
		return -1;
	}
	return 0;
}

/* Appends a line to the part labelled `label`; false past the cap. */
static bool
append_line(struct doc *d, const char *label, const char *text)
{
	struct doc_part *p = part_labelled(d, label);

	return doc_append(d, p, text, strlen(text)) && doc_append(d, p, "\n", 1);
}

static bool
too_much(char *err, size_t err_size)
{
	snprintf(err, err_size, _("more text than rutin scans (%u MiB)"), DOC_MAX_TEXT >> 20);
	return false;
}

/* ---- Walking the XML ---- */

/* What an element means, by its local name. */
enum action {
	ACT_NONE,       /* walk its children */
	ACT_TEXT,       /* its text is the document's (Word's w:t) */
	ACT_TAB,        /* a tab */
	ACT_BREAK,      /* a line break inside a paragraph */
	ACT_PARAGRAPH,  /* ends with a new line */
	ACT_SPACES,     /* ODF text:s: text:c spaces */
	ACT_PART,       /* its text goes to another part (a comment, a deletion) */
	ACT_SKIP,       /* nothing in it is text */
};

struct rule {
	const char *name;
	enum action action;
	const char *part;  /* ACT_PART: the part's label */
};

struct markup {
	const struct rule *rules;
	bool text_anywhere; /* ODF: every text node is text; Word: only in w:t */
};

/* Word: w:delText (a tracked deletion) and w:instrText (a field's code,
 * a HYPERLINK's address among them) are text kept in the file but not
 * shown: each is a part of its own. */
static const struct rule word_rules[] = {
	{ "t", ACT_TEXT, NULL }, { "delText", ACT_PART, "deleted" },
	{ "instrText", ACT_PART, "fields" }, { "tab", ACT_TAB, NULL },
	{ "br", ACT_BREAK, NULL }, { "cr", ACT_BREAK, NULL }, { "p", ACT_PARAGRAPH, NULL },
	{ NULL, ACT_NONE, NULL },
};
static const struct markup word = { word_rules, false };

static const struct rule odf_rules[] = {
	{ "p", ACT_PARAGRAPH, NULL }, { "h", ACT_PARAGRAPH, NULL },
	{ "tab", ACT_TAB, NULL }, { "line-break", ACT_BREAK, NULL },
	{ "s", ACT_SPACES, NULL }, { "annotation", ACT_PART, "comments" },
	{ "tracked-changes", ACT_PART, "deleted" }, { "note", ACT_PART, "footnotes" },
	{ "header", ACT_PART, "header" }, { "header-left", ACT_PART, "header" },
	{ "header-first", ACT_PART, "header" }, { "footer", ACT_PART, "footer" },
	{ "footer-left", ACT_PART, "footer" }, { "footer-first", ACT_PART, "footer" },
	{ "sequence-decls", ACT_SKIP, NULL }, { "font-face-decls", ACT_SKIP, NULL },
	{ "automatic-styles", ACT_SKIP, NULL }, { "styles", ACT_SKIP, NULL },
	{ NULL, ACT_NONE, NULL },
};
static const struct markup odf = { odf_rules, true };

/* Where the walk puts text: the part labelled `label`, made when first
 * written to (an empty header makes no part). */
struct walk {
	struct doc *d;
	const struct markup *m;
	const char *label;
	bool full; /* DOC_MAX_TEXT reached */
};

static const struct rule *
rule_of(const struct markup *m, const xmlNode *n)
{
	const struct rule *r;

	for (r = m->rules; r->name != NULL; r++)
		if (strcmp((const char *)n->name, r->name) == 0)
			return r;
	return NULL;
}

static struct doc_part *
part_labelled(struct doc *d, const char *label)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->parts[i].label != NULL && strcmp(d->parts[i].label, label) == 0)
			return &d->parts[i];
	return doc_add_part(d, label);
}

static void
put(struct walk *w, const char *s, size_t n)
{
	if (w->full || n == 0)
		return;
	if (!doc_append(w->d, part_labelled(w->d, w->label), s, n))
		w->full = true;
}

/* The number in an ODF text:s element's text:c (default 1, at most 1000). */
static long
odf_spaces(xmlNode *n)
{
	xmlChar *c = xmlGetProp(n, (const xmlChar *)"c");
	long k = c != NULL ? strtol((const char *)c, NULL, 10) : 1;

	xmlFree(c);
	return k < 1 ? 1 : k > 1000 ? 1000 : k;
}

static void
walk_nodes(struct walk *w, xmlNode *n, bool in_text)
{
	for (; n != NULL && !w->full; n = n->next) {
		const struct rule *r;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if ((in_text || w->m->text_anywhere) && n->content != NULL)
				put(w, (const char *)n->content, strlen((const char *)n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		r = rule_of(w->m, n);
		switch (r != NULL ? r->action : ACT_NONE) {
		case ACT_TEXT:
			walk_nodes(w, n->children, true);
			break;
		case ACT_TAB:
			put(w, "\t", 1);
			break;
		case ACT_BREAK:
			put(w, "\n", 1);
			break;
		case ACT_PARAGRAPH:
			walk_nodes(w, n->children, in_text);
			put(w, "\n", 1);
			break;
		case ACT_SPACES: {
			long k;

			for (k = odf_spaces(n); k > 0; k--)
				put(w, " ", 1);
			break;
		}
		case ACT_PART: {
			struct walk inner = *w;

			inner.label = r->part;
			/* Word's w:delText and w:instrText are themselves text. */
			walk_nodes(&inner, n->children, !w->m->text_anywhere);
			if (!w->m->text_anywhere)
				put(&inner, "\n", 1);
			w->full = inner.full;
			break;
		}
		case ACT_SKIP:
			break;
		case ACT_NONE:
			walk_nodes(w, n->children, in_text);
			break;
		}
	}
}

/* ---- The parts of a package ---- */

/* Reads the XML entry `name` into the part `label` by the markup's rules;
 * false (err set) when it could not be read. An absent entry is none. */
static bool
read_xml_entry(zip_t *z, const char *name, const char *label, const struct markup *m,
    struct doc *d, char *err, size_t err_size)
{
	struct walk w = { d, m, label, false };
	xmlDoc *x;
	int st = entry_xml(z, name, &x, err, err_size);

	if (st != 0)
		return st > 0;
	walk_nodes(&w, xmlDocGetRootElement(x), false);
	xmlFreeDoc(x);
	return w.full ? too_much(err, err_size) : true;
}

/* Properties: each child element of the root with text is a part named
 * by the element ("title", "creator", "keywords", "Company"...), except
 * dates and counts, which say nothing of a person. */
static const char *const not_properties[] = {
	"created", "modified", "revision", "lastPrinted", "TotalTime", "Pages", "Words",
	"Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "DocSecurity",
	"ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged", "AppVersion",
	"Template", "Application", "creation-date", "date", "editing-cycles",
	"editing-duration", "document-statistic", "generator", "print-date",
	"HeadingPairs", "TitlesOfParts", NULL
};

static bool
is_property(const char *name)
{
	size_t i;

	for (i = 0; not_properties[i] != NULL; i++)
		if (strcmp(name, not_properties[i]) == 0)
			return false;
	return true;
}

static bool
read_properties(zip_t *z, const char *name, struct doc *d, char *err, size_t err_size)
{
	xmlDoc *x;
	xmlNode *root, *n;
	bool ok = true;
	int st = entry_xml(z, name, &x, err, err_size);

	if (st != 0)
		return st > 0;
	root = xmlDocGetRootElement(x);
	if (root != NULL && strcmp((const char *)root->name, "document-meta") == 0)
		root = root->children; /* ODF: office:document-meta/office:meta */
	for (; root != NULL && root->type != XML_ELEMENT_NODE; root = root->next)
		;
	for (n = root != NULL ? root->children : NULL; n != NULL && ok; n = n->next) {
		xmlChar *text;

		if (n->type != XML_ELEMENT_NODE || !is_property((const char *)n->name))
			continue;
		text = xmlNodeGetContent(n);
		if (text != NULL && text[0] != '\0')
			ok = append_line(d, (const char *)n->name, (const char *)text);
		xmlFree(text);
	}
	xmlFreeDoc(x);
	return ok ? true : too_much(err, err_size);
}

/* The targets of a Word document's external links (a map link behind the
 * words "se här"), one per line, in the part "links". */
static bool
read_links(zip_t *z, const char *name, struct doc *d, char *err, size_t err_size)
{
	xmlDoc *x;
	xmlNode *n;
	bool ok = true;
	int st = entry_xml(z, name, &x, err, err_size);

	if (st != 0)
		return st > 0;
	n = xmlDocGetRootElement(x);
	for (n = n != NULL ? n->children : NULL; n != NULL && ok; n = n->next) {
		xmlChar *mode, *target;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		mode = xmlGetProp(n, (const xmlChar *)"TargetMode");
		target = xmlGetProp(n, (const xmlChar *)"Target");
		if (mode != NULL && target != NULL && strcmp((const char *)mode, "External") == 0)
			ok = append_line(d, "links", (const char *)target);
		xmlFree(mode);
		xmlFree(target);
	}
	xmlFreeDoc(x);
	return ok ? true : too_much(err, err_size);
}

/* Word's parts in the order a reader meets them: headers, the body,
 * footers, footnotes and endnotes, comments. Headers and footers are
 * numbered in the package (header1.xml, ...); each is its own part. */
static bool
read_word(zip_t *z, struct doc *d, char *err, size_t err_size)
{
	static const char *const kinds[] = { "header", "footer", NULL };
	zip_int64_t i, n = zip_get_num_entries(z, 0);
	size_t k;
	bool ok;

	d->kind = "Word";
	ok = read_xml_entry(z, "word/document.xml", "body", &word, d, err, err_size);
	for (k = 0; kinds[k] != NULL && ok; k++)
		for (i = 0; i < n && ok; i++) {
			const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
			char label[64];
			int num;

			if (name == NULL || strncmp(name, "word/", 5) != 0 ||
			    strncmp(name + 5, kinds[k], strlen(kinds[k])) != 0 ||
			    sscanf(name + 5 + strlen(kinds[k]), "%d.xml", &num) != 1)
				continue;
			snprintf(label, sizeof(label), "%s%d", kinds[k], num);
			ok = read_xml_entry(z, name, label, &word, d, err, err_size);
		}
	return ok &&
	    read_xml_entry(z, "word/footnotes.xml", "footnotes", &word, d, err, err_size) &&
	    read_xml_entry(z, "word/endnotes.xml", "endnotes", &word, d, err, err_size) &&
	    read_xml_entry(z, "word/comments.xml", "comments", &word, d, err, err_size) &&
	    read_links(z, "word/_rels/document.xml.rels", d, err, err_size) &&
	    read_properties(z, "docProps/core.xml", d, err, err_size) &&
	    read_properties(z, "docProps/app.xml", d, err, err_size) &&
	    read_properties(z, "docProps/custom.xml", d, err, err_size);
}

/* OpenDocument text: the body (with its comments, tracked deletions and
 * notes) in content.xml, the headers and footers in styles.xml, the
 * properties in meta.xml. */
static bool
read_odf(zip_t *z, struct doc *d, char *err, size_t err_size)
{
	d->kind = "OpenDocument";
	return read_xml_entry(z, "content.xml", "body", &odf, d, err, err_size) &&
	    read_xml_entry(z, "styles.xml", "styles", &odf, d, err, err_size) &&
	    read_properties(z, "meta.xml", d, err, err_size);
}

/* The mimetype entry of an OpenDocument package. */
static bool
is_odf_text(zip_t *z)
{
	char buf[128], small[64];
	char *data = NULL;
	size_t len;
	bool yes;

	if (entry_read(z, "mimetype", &data, &len, buf, sizeof(buf)) != 0)
		return false;
	snprintf(small, sizeof(small), "%s", data);
	yes = strncmp(small, "application/vnd.oasis.opendocument.text", 39) == 0;
	free(data);
	return yes;
}

bool
office_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	bool ok;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL || (z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)) == NULL) {
		snprintf(err, err_size, _("a damaged zip archive (%s): not a Word or "
		    "OpenDocument file rutin can read"), zip_error_strerror(&ze));
		if (src != NULL)
			zip_source_free(src);
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);
	if (zip_name_locate(z, "word/document.xml", 0) >= 0) {
		ok = read_word(z, d, err, err_size);
	} else if (is_odf_text(z)) {
		ok = read_odf(z, d, err, err_size);
	} else {
		snprintf(err, err_size, _("a zip archive that is neither a Word (.docx) nor "
		    "an OpenDocument text (.odt): rutin does not read it. Save the "
		    "document as .docx, .odt or PDF."));
		ok = false;
	}
	zip_discard(z);
	if (ok)
		doc_drop_empty(d);
	return ok;
}

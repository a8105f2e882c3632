/* A PDF for the guard, read with poppler's GLib binding: each page's text
 * (in reading order, a line per line), the comments (annotations) on each
 * page, the document information (title, author, subject, keywords,
 * creator, producer) and the XMP metadata's text. A page without text is
 * remembered (d->blank_pages): the caller says it was not checked. See
 * doc.h. */
#include "config.h"

#include <poppler.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "scan/doc.h"

/* Adds a part with the given text (g_free'd here); false past the cap. */
static bool
add_text(struct doc *d, const char *label, gchar *text)
{
	bool ok = true;

	if (text != NULL && text[0] != '\0')
		ok = doc_append(d, doc_add_part(d, label), text, strlen(text));
	g_free(text);
	return ok;
}

static bool
only_space(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (strchr(" \t\r\n\f\v", *s) == NULL)
			return false;
	return true;
}

/* The comments on a page, one per line. */
static bool
read_annotations(struct doc *d, PopplerPage *page, unsigned number)
{
	GList *map = poppler_page_get_annot_mapping(page), *l;
	struct doc_part *p = NULL;
	char label[32];
	bool ok = true;

	snprintf(label, sizeof(label), "%u-comments", number);
	for (l = map; l != NULL && ok; l = l->next) {
		PopplerAnnotMapping *m = l->data;
		gchar *text = poppler_annot_get_contents(m->annot);

		if (text != NULL && !only_space(text)) {
			if (p == NULL)
				p = doc_add_part(d, label);
			ok = doc_append(d, p, text, strlen(text)) && doc_append(d, p, "\n", 1);
		}
		g_free(text);
	}
	poppler_page_free_annot_mapping(map);
	return ok;
}

/* The text nodes of an XML document, one per line (XMP's dc:title,
 * dc:creator...). */
static bool
xml_text_nodes(struct doc *d, struct doc_part *p, xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL &&
		    !only_space((const char *)n->content)) {
			const char *t = (const char *)n->content;

			if (!doc_append(d, p, t, strlen(t)) || !doc_append(d, p, "\n", 1))
				return false;
		}
		if (n->children != NULL && !xml_text_nodes(d, p, n->children))
			return false;
	}
	return true;
}

static bool
read_xmp(struct doc *d, PopplerDocument *pd)
{
	gchar *xmp = poppler_document_get_metadata(pd);
	xmlDoc *x;
	bool ok = true;

	if (xmp == NULL)
		return true;
	x = xmlReadMemory(xmp, (int)strlen(xmp), NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (x != NULL) {
		ok = xml_text_nodes(d, doc_add_part(d, "xmp"), xmlDocGetRootElement(x));
		xmlFreeDoc(x);
	}
	g_free(xmp);
	return ok;
}

/* The document information dictionary: each field a part of its own. */
static bool
read_info(struct doc *d, PopplerDocument *pd)
{
	return add_text(d, "title", poppler_document_get_title(pd)) &&
	    add_text(d, "author", poppler_document_get_author(pd)) &&
	    add_text(d, "subject", poppler_document_get_subject(pd)) &&
	    add_text(d, "keywords", poppler_document_get_keywords(pd)) &&
	    add_text(d, "creator", poppler_document_get_creator(pd)) &&
	    add_text(d, "producer", poppler_document_get_producer(pd));
}

bool
pdf_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *e = NULL;
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &e);
	bool ok = true;
	int i, n;

	d->kind = "PDF";
	g_bytes_unref(bytes);
	if (pd == NULL) {
		if (e != NULL && e->domain == POPPLER_ERROR && e->code == POPPLER_ERROR_ENCRYPTED)
			snprintf(err, err_size, _("a PDF locked with a password: rutin cannot "
			    "read it. Check the unlocked document."));
		else
			snprintf(err, err_size, _("not a PDF rutin can read (%s)"),
			    e != NULL ? e->message : "?");
		g_clear_error(&e);
		return false;
	}
	n = poppler_document_get_n_pages(pd);
	d->pages = n > 0 ? (unsigned)n : 0;
	for (i = 0; i < n && ok; i++) {
		PopplerPage *page = poppler_document_get_page(pd, i);
		char label[16];
		gchar *text;

		if (page == NULL) {
			doc_add_blank_page(d, (unsigned)i + 1);
			continue;
		}
		text = poppler_page_get_text(page);
		snprintf(label, sizeof(label), "%d", i + 1);
		if (only_space(text)) {
			doc_add_blank_page(d, (unsigned)i + 1);
			g_free(text);
		} else {
			ok = add_text(d, label, text);
		}
		ok = ok && read_annotations(d, page, (unsigned)i + 1);
		g_object_unref(page);
	}
	ok = ok && read_info(d, pd) && read_xmp(d, pd);
	g_object_unref(pd);
	if (!ok)
		snprintf(err, err_size, _("more text than rutin scans (%u MiB)"), DOC_MAX_TEXT >> 20);
	return ok;
}

/* Documents drawn as PDF (cairo, with pango for the text: Swedish letters,
 * line breaking, fonts): A4 pages with margins, a title, headings,
 * paragraphs that wrap and flow onto the next page, and each page's
 * number and a footer line. One module for every PDF rutin writes (the
 * journal extract now; the reports and the exercise charts reuse it).
 * Knows no run, no screen and no database.
 *
 * The file is made here, 0600, never over another file; on any failure
 * it is removed and the reason said: a PDF is written whole or not at
 * all. Memory: the struct pdfdoc is the caller's until pdfdoc_close. */
#ifndef RUTIN_PDFDOC_H
#define RUTIN_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>

struct pdfdoc;

enum pdfdoc_style {
	PDFDOC_TITLE,    /* the document's title, large */
	PDFDOC_HEADING,  /* a section's heading, bold */
	PDFDOC_BODY,     /* ordinary text */
	PDFDOC_SMALL,    /* smaller, grey: what was made when, by whom */
	PDFDOC_LABEL,    /* small and bold: a table's headings */
};

/* Makes `path` (O_EXCL, 0600) for an A4 document whose information
 * dictionary carries `title` only (no names, no case references: the
 * properties travel with the file). `footer` is printed at the foot of
 * every page with its number after `page_word` ("Sida 2"). NULL with a
 * sentence in err on failure. */
struct pdfdoc *pdfdoc_open(const char *path, const char *title, const char *footer,
    const char *page_word, char *err, size_t err_size);

/* A paragraph of UTF-8 text in a style, indented `indent` steps (about
 * 5 mm each), wrapped to the page and moved to the next page when it
 * does not fit; line breaks in the text are kept. */
void pdfdoc_text(struct pdfdoc *d, enum pdfdoc_style style, int indent, const char *text);

/* Vertical space, in points. */
void pdfdoc_space(struct pdfdoc *d, double points);

/* Moves to the next page unless `points` more fit on this one. */
void pdfdoc_room(struct pdfdoc *d, double points);
/* Begins a new page, unless nothing is on this one yet. */
void pdfdoc_new_page(struct pdfdoc *d);

/* The pages drawn so far (1 while the first is being drawn). */
int pdfdoc_pages(const struct pdfdoc *d);

/* Finishes the document and closes the file (flushed to disk); false,
 * with the file removed and a sentence in err, when it could not be
 * written whole. Frees d in any case. */
bool pdfdoc_close(struct pdfdoc *d, char *err, size_t err_size);

/* Gives the document up: the file is removed. Frees d. */
void pdfdoc_discard(struct pdfdoc *d);

#endif

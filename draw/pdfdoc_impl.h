/* Inside draw/: the document's state and its styles, for the modules that
 * draw into a struct pdfdoc (chart.c). Nothing outside draw/ includes
 * this. */
#ifndef RUTIN_PDFDOC_IMPL_H
#define RUTIN_PDFDOC_IMPL_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>

#include "draw/pdfdoc.h"

/* A4 in points, and the margins: 20 mm, 25 mm at the foot for the page
 * number. */
#define PDFDOC_PAGE_W 595.276
#define PDFDOC_PAGE_H 841.890
#define PDFDOC_MARGIN 56.69
#define PDFDOC_FOOT 70.87
#define PDFDOC_INDENT 14.17

struct pdfdoc {
	char *path;
	int fd;
	FILE *out;
	bool write_failed;
	cairo_surface_t *surface;
	cairo_t *cr;
	char *footer, *page_word;
	int page;
	double y;       /* where the next paragraph begins */
};

struct pdfdoc_style_info {
	const char *font;
	double r, g, b;
	double after; /* space after, in points */
};
extern const struct pdfdoc_style_info pdfdoc_styles[];

/* A layout of `text` in a style, `width` points wide; the caller unrefs. */
PangoLayout *pdfdoc_layout(cairo_t *cr, enum pdfdoc_style style, double width,
    const char *text);
/* Ends the page (its foot drawn) and begins the next. */
void pdfdoc_next_page(struct pdfdoc *d);

#endif

/* PDF documents with cairo and pango; see pdfdoc.h. */
#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "draw/pdfdoc.h"

/* A4 in points, and the margins: 20 mm, 25 mm at the foot for the page
 * number. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.69
#define FOOT 70.87
#define INDENT 14.17

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

/* cairo's output goes through this: every byte to the file, or the
 * document fails. */
static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdfdoc *d = closure;

	if (fwrite(data, 1, length, d->out) != length) {
		d->write_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static const struct {
	const char *font;
	double r, g, b;
	double after; /* space after, in points */
} styles[] = {
	[PDFDOC_TITLE] = { "Sans Bold 16", 0, 0, 0, 8 },
	[PDFDOC_HEADING] = { "Sans Bold 11.5", 0, 0, 0, 3 },
	[PDFDOC_BODY] = { "Sans 10", 0, 0, 0, 2 },
	[PDFDOC_SMALL] = { "Sans 8.5", 0.35, 0.35, 0.35, 2 },
};

/* A layout of `text` in a style, `width` points wide. */
static PangoLayout *
layout_of(cairo_t *cr, enum pdfdoc_style style, double width, const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *f = pango_font_description_from_string(styles[style].font);

	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* The page's foot: the footer line and the page's number. */
static void
draw_foot(struct pdfdoc *d)
{
	char number[64];
	PangoLayout *l;
	int w, h;

	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	l = layout_of(d->cr, PDFDOC_SMALL, PAGE_W - 2 * MARGIN - 80, d->footer);
	cairo_move_to(d->cr, MARGIN, PAGE_H - FOOT + 24);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	snprintf(number, sizeof(number), "%s %d", d->page_word, d->page);
	l = layout_of(d->cr, PDFDOC_SMALL, 80, number);
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(d->cr, PAGE_W - MARGIN - w, PAGE_H - FOOT + 24);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

static void
next_page(struct pdfdoc *d)
{
	draw_foot(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

struct pdfdoc *
pdfdoc_open(const char *path, const char *title, const char *footer, const char *page_word,
    char *err, size_t err_size)
{
	struct pdfdoc *d = xcalloc(1, sizeof(*d));

	d->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (d->fd < 0) {
		snprintf(err, err_size, errno == EEXIST ? _("%s already exists; rutin never "
		    "writes over a file: choose another name") : "%s: %s", path, strerror(errno));
		free(d);
		return NULL;
	}
	d->out = fdopen(d->fd, "w");
	if (d->out == NULL) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		close(d->fd);
		unlink(path);
		free(d);
		return NULL;
	}
	d->path = xstrdup(path);
	d->footer = xstrdup(footer != NULL ? footer : "");
	d->page_word = xstrdup(page_word);
	d->surface = cairo_pdf_surface_create_for_stream(write_out, d, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "rutin");
	d->cr = cairo_create(d->surface);
	d->page = 1;
	d->y = MARGIN;
	return d;
}

void
pdfdoc_text(struct pdfdoc *d, enum pdfdoc_style style, int indent, const char *text)
{
	double x = MARGIN + indent * INDENT, width = PAGE_W - MARGIN - x;
	PangoLayout *l = layout_of(d->cr, style, width, text);
	PangoLayoutIter *it;
	double bottom = PAGE_H - FOOT;

	cairo_set_source_rgb(d->cr, styles[style].r, styles[style].g, styles[style].b);
	/* Line by line, so that a long paragraph flows onto the next page. */
	it = pango_layout_get_iter(l);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		int baseline = pango_layout_iter_get_baseline(it);
		double h;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		h = (double)logical.height / PANGO_SCALE;
		if (d->y + h > bottom) {
			next_page(d);
			cairo_set_source_rgb(d->cr, styles[style].r, styles[style].g,
			    styles[style].b);
		}
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
		    d->y + (double)(baseline - logical.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(d->cr, line);
		d->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	d->y += styles[style].after;
}

void
pdfdoc_space(struct pdfdoc *d, double points)
{
	d->y += points;
}

int
pdfdoc_pages(const struct pdfdoc *d)
{
	return d->page;
}

bool
pdfdoc_close(struct pdfdoc *d, char *err, size_t err_size)
{
	cairo_status_t st;
	bool ok;

	draw_foot(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	ok = st == CAIRO_STATUS_SUCCESS && !d->write_failed && fflush(d->out) == 0 &&
	    !ferror(d->out) && fsync(d->fd) == 0;
	ok = fclose(d->out) == 0 && ok;
	if (!ok) {
		snprintf(err, err_size, _("%s could not be written whole (%s) and was removed"),
		    d->path, st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) :
		    strerror(errno));
		unlink(d->path);
	}
	free(d->path);
	free(d->footer);
	free(d->page_word);
	free(d);
	return ok;
}

void
pdfdoc_discard(struct pdfdoc *d)
{
	cairo_destroy(d->cr);
	cairo_surface_destroy(d->surface);
	fclose(d->out);
	unlink(d->path);
	free(d->path);
	free(d->footer);
	free(d->page_word);
	free(d);
}

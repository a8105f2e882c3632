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
#include "draw/pdfdoc_impl.h"

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

const struct pdfdoc_style_info pdfdoc_styles[] = {
	[PDFDOC_TITLE] = { "Sans Bold 16", 0, 0, 0, 8 },
	[PDFDOC_HEADING] = { "Sans Bold 11.5", 0, 0, 0, 3 },
	[PDFDOC_BODY] = { "Sans 10", 0, 0, 0, 2 },
	[PDFDOC_SMALL] = { "Sans 8.5", 0.35, 0.35, 0.35, 2 },
	[PDFDOC_LABEL] = { "Sans Bold 7.5", 0, 0, 0, 2 },
};

PangoLayout *
pdfdoc_layout(cairo_t *cr, enum pdfdoc_style style, double width, const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *f = pango_font_description_from_string(pdfdoc_styles[style].font);

	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	/* Headings break between words only; text breaks a word too long
	 * for its line rather than run past the margin. */
	pango_layout_set_wrap(l, style == PDFDOC_LABEL ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
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
	l = pdfdoc_layout(d->cr, PDFDOC_SMALL, PDFDOC_PAGE_W - 2 * PDFDOC_MARGIN - 80, d->footer);
	cairo_move_to(d->cr, PDFDOC_MARGIN, PDFDOC_PAGE_H - PDFDOC_FOOT + 24);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	snprintf(number, sizeof(number), "%s %d", d->page_word, d->page);
	l = pdfdoc_layout(d->cr, PDFDOC_SMALL, 80, number);
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(d->cr, PDFDOC_PAGE_W - PDFDOC_MARGIN - w, PDFDOC_PAGE_H - PDFDOC_FOOT + 24);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

void
pdfdoc_next_page(struct pdfdoc *d)
{
	draw_foot(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = PDFDOC_MARGIN;
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
	d->surface = cairo_pdf_surface_create_for_stream(write_out, d, PDFDOC_PAGE_W,
	    PDFDOC_PAGE_H);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "rutin");
	d->cr = cairo_create(d->surface);
	d->page = 1;
	d->y = PDFDOC_MARGIN;
	return d;
}

void
pdfdoc_text(struct pdfdoc *d, enum pdfdoc_style style, int indent, const char *text)
{
	double x = PDFDOC_MARGIN + indent * PDFDOC_INDENT;
	double width = PDFDOC_PAGE_W - PDFDOC_MARGIN - x;
	PangoLayout *l = pdfdoc_layout(d->cr, style, width, text);
	PangoLayoutIter *it;
	double bottom = PDFDOC_PAGE_H - PDFDOC_FOOT;

	cairo_set_source_rgb(d->cr, pdfdoc_styles[style].r, pdfdoc_styles[style].g,
	    pdfdoc_styles[style].b);
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
			pdfdoc_next_page(d);
			cairo_set_source_rgb(d->cr, pdfdoc_styles[style].r, pdfdoc_styles[style].g,
			    pdfdoc_styles[style].b);
		}
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
		    d->y + (double)(baseline - logical.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(d->cr, line);
		d->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	d->y += pdfdoc_styles[style].after;
}

void
pdfdoc_space(struct pdfdoc *d, double points)
{
	d->y += points;
}

void
pdfdoc_room(struct pdfdoc *d, double points)
{
	if (d->y + points > PDFDOC_PAGE_H - PDFDOC_FOOT && d->y > PDFDOC_MARGIN)
		pdfdoc_next_page(d);
}

void
pdfdoc_new_page(struct pdfdoc *d)
{
	if (d->y > PDFDOC_MARGIN)
		pdfdoc_next_page(d);
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

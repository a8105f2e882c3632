/* Charts and tables with cairo and pango; see chart.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "draw/chart.h"
#include "draw/pdfdoc_impl.h"

#define WIDTH (PDFDOC_PAGE_W - 2 * PDFDOC_MARGIN)
#define ROW 13.0          /* a bar across, and its gap */
#define COLUMNS_H 170.0   /* the plot of upright columns */
#define LEGEND_H 16.0

/* Okabe and Ito's palette: told apart by people who see colours
 * differently, and in grey print. */
static const double palette[][3] = {
	{ 0.000, 0.447, 0.698 }, { 0.902, 0.624, 0.000 }, { 0.000, 0.620, 0.451 },
	{ 0.800, 0.475, 0.655 }, { 0.337, 0.706, 0.914 }, { 0.835, 0.369, 0.000 },
	{ 0.941, 0.894, 0.259 }, { 0.300, 0.300, 0.300 },
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

static void
colour(cairo_t *cr, size_t series)
{
	const double *c = palette[series % NPALETTE];

	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* Text in a style at x, y (its top), `width` wide; returns its height. */
static double
text_at(cairo_t *cr, enum pdfdoc_style style, double x, double y, double width,
    const char *text, bool right)
{
	PangoLayout *l = pdfdoc_layout(cr, style, width, text);
	int w, h;

	if (right)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	return h;
}

/* The width a text takes in a style, on one line. */
static double
text_width(cairo_t *cr, enum pdfdoc_style style, const char *text)
{
	PangoLayout *l = pdfdoc_layout(cr, style, 10000, text);
	int w, h;

	pango_layout_get_pixel_size(l, &w, &h);
	g_object_unref(l);
	return w;
}

static double
total_of(const struct chart *c, size_t i)
{
	double t = 0;
	size_t k;

	for (k = 0; k < c->nseries; k++)
		t += c->series[k].values[i];
	return t;
}

/* A round step for an axis up to `max`: 1, 2 or 5 times a power of ten,
 * about five steps. */
static double
step_for(double max)
{
	double raw = max / 5, p = 1, f;

	if (raw <= 1)
		return 1;
	while (p * 10 <= raw)
		p *= 10;
	f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void
number(char *buf, size_t size, double v, double small)
{
	if (small > 0 && v > 0 && v < small)
		snprintf(buf, size, "< %g", small);
	else
		snprintf(buf, size, "%g", v);
}

static double
axis_max(const struct chart *c)
{
	double max = c->line_label != NULL ? c->line_at : 0, step;
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (total_of(c, i) > max)
			max = total_of(c, i);
	if (c->small > 0 && max < c->small)
		max = c->small;
	if (c->clamp_at > 0 && max > c->clamp_at)
		max = c->clamp_at;
	step = step_for(max);
	return step * (double)(long long)((max + step - 1e-9) / step);
}

/* The series' colours and names, in lines as wide as the page; returns
 * the height taken. */
static double
legend(cairo_t *cr, const struct chart *c, double y)
{
	double x = PDFDOC_MARGIN, top = y;
	size_t k;

	if (c->nseries < 2)
		return 0;
	for (k = 0; k < c->nseries; k++) {
		double w = 11 + text_width(cr, PDFDOC_SMALL, c->series[k].name) + 12;

		if (x > PDFDOC_MARGIN && x + w > PDFDOC_MARGIN + WIDTH) {
			x = PDFDOC_MARGIN;
			y += LEGEND_H - 4;
		}
		colour(cr, k);
		cairo_rectangle(cr, x, y + 3, 8, 8);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		text_at(cr, PDFDOC_SMALL, x + 11, y, w, c->series[k].name, false);
		x += w;
	}
	return y - top + LEGEND_H;
}

/* One stacked bar from (x, y) `len` along (up for a column, right for a
 * bar), `thick` across; an outline to `small` for a hidden count. */
static void
stack(cairo_t *cr, const struct chart *c, size_t i, double x, double y, double thick,
    double scale)
{
	double total = total_of(c, i), at = 0;
	size_t k;

	if (c->small > 0 && total > 0 && total < c->small) {
		cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
		cairo_set_line_width(cr, 0.6);
		if (c->kind == CHART_COLUMNS)
			cairo_rectangle(cr, x, y - c->small * scale, thick, c->small * scale);
		else
			cairo_rectangle(cr, x, y, c->small * scale, thick);
		cairo_stroke(cr);
		return;
	}
	for (k = 0; k < c->nseries; k++) {
		double v = c->series[k].values[i] * scale;

		if (c->clamp_at > 0 && at + v > c->clamp_at * scale)
			v = c->clamp_at * scale - at; /* cut at the axis' end; its number says all */
		if (v <= 0)
			continue;
		colour(cr, k);
		if (c->kind == CHART_COLUMNS)
			cairo_rectangle(cr, x, y - at - v, thick, v);
		else
			cairo_rectangle(cr, x + at, y, v, thick);
		cairo_fill(cr);
		at += v;
	}
}

static void
limit_line(cairo_t *cr, const struct chart *c, double x0, double y0, double len,
    double scale)
{
	double dash[] = { 4, 3 };

	if (c->line_label == NULL)
		return;
	cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
	cairo_set_line_width(cr, 1);
	cairo_set_dash(cr, dash, 2, 0);
	if (c->kind == CHART_COLUMNS) {
		cairo_move_to(cr, x0, y0 - c->line_at * scale);
		cairo_line_to(cr, x0 + len, y0 - c->line_at * scale);
	} else {
		cairo_move_to(cr, x0 + c->line_at * scale, y0);
		cairo_line_to(cr, x0 + c->line_at * scale, y0 + len);
	}
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	if (c->kind == CHART_COLUMNS)
		text_at(cr, PDFDOC_SMALL, x0 + len - 150, y0 - c->line_at * scale - 12, 150,
		    c->line_label, true);
	else
		text_at(cr, PDFDOC_SMALL, x0 + c->line_at * scale + 3, y0 - 12, 150,
		    c->line_label, false);
}

static void
columns(struct pdfdoc *d, const struct chart *c, double max)
{
	cairo_t *cr = d->cr;
	double x0 = PDFDOC_MARGIN + 30, base = d->y + COLUMNS_H, slot, thick, scale, v;
	double step = step_for(max);
	size_t i;
	char buf[32];

	slot = (WIDTH - 30) / (double)c->nlabels;
	thick = slot * 0.7;
	scale = COLUMNS_H / max;
	cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
	cairo_set_line_width(cr, 0.4);
	for (v = 0; v <= max + 1e-9; v += step) {
		cairo_move_to(cr, x0, base - v * scale);
		cairo_line_to(cr, x0 + WIDTH - 30, base - v * scale);
		cairo_stroke(cr);
		snprintf(buf, sizeof(buf), "%g", v);
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		text_at(cr, PDFDOC_SMALL, PDFDOC_MARGIN, base - v * scale - 6, 26, buf, true);
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
	}
	for (i = 0; i < c->nlabels; i++) {
		double x = x0 + i * slot + (slot - thick) / 2, t = total_of(c, i);

		stack(cr, c, i, x, base, thick, scale);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		if (t > 0) {
			number(buf, sizeof(buf), t, c->small);
			text_at(cr, PDFDOC_SMALL, x - 10, base - (t < c->small ? c->small : t) *
			    scale - 12, thick + 20, buf, false);
		}
		cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
		text_at(cr, PDFDOC_SMALL, x0 + i * slot, base + 2, slot, c->labels[i], false);
	}
	limit_line(cr, c, x0, base, WIDTH - 30, scale);
	d->y = base + 16;
}

static void
bars(struct pdfdoc *d, const struct chart *c, double max)
{
	cairo_t *cr = d->cr;
	double label_w = WIDTH * 0.42, x0 = PDFDOC_MARGIN + label_w + 4;
	double len = WIDTH - label_w - 50, scale = len / max, y = d->y + 12;
	size_t i;
	char buf[32];

	for (i = 0; i < c->nlabels; i++) {
		double t = total_of(c, i), h;
		PangoLayout *l = pdfdoc_layout(cr, PDFDOC_SMALL, label_w, c->labels[i]);
		int lw, lh;

		pango_layout_get_pixel_size(l, &lw, &lh);
		h = lh > ROW ? lh + 3 : ROW;
		g_object_unref(l);
		if (y + h > PDFDOC_PAGE_H - PDFDOC_FOOT) {
			pdfdoc_next_page(d);
			y = d->y;
		}
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		text_at(cr, PDFDOC_SMALL, PDFDOC_MARGIN, y, label_w, c->labels[i], false);
		stack(cr, c, i, x0, y + 1, ROW - 4, scale);
		number(buf, sizeof(buf), t, c->small);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		text_at(cr, PDFDOC_SMALL, x0 + (t < c->small ? c->small : c->clamp_at > 0 &&
		    t > c->clamp_at ? c->clamp_at : t) * scale + 3, y, 46, buf, false);
		y += h;
	}
	limit_line(cr, c, x0, d->y + 12, y - d->y - 12, scale);
	d->y = y + 6;
}

void
chart_draw(struct pdfdoc *d, const struct chart *c)
{
	double max = axis_max(c), need;
	size_t i;
	bool any = false;

	for (i = 0; i < c->nlabels; i++)
		any |= total_of(c, i) > 0;
	need = 40 + (c->kind == CHART_COLUMNS ? COLUMNS_H + 20 :
	    ROW * (double)(c->nlabels < 12 ? c->nlabels : 12)) + LEGEND_H;
	pdfdoc_room(d, need);
	pdfdoc_text(d, PDFDOC_HEADING, 0, c->title);
	if (!any) {
		pdfdoc_text(d, PDFDOC_BODY, 1, c->empty != NULL ? c->empty : "-");
		pdfdoc_space(d, 8);
		return;
	}
	if (c->axis != NULL)
		pdfdoc_text(d, PDFDOC_SMALL, 0, c->axis);
	d->y += legend(d->cr, c, d->y);
	if (c->kind == CHART_COLUMNS)
		columns(d, c, max);
	else
		bars(d, c, max);
	pdfdoc_space(d, 10);
}

/* ---- Tables ---- */

/* The widest word of `text` in a style (a heading breaks only between
 * words, so a column is never narrower than its longest word); a soft
 * hyphen (U+00AD, which a translation may put in a long word) parts
 * words too, as pango breaks there. */
static double
widest_word(cairo_t *cr, enum pdfdoc_style style, const char *text)
{
	char *copy = xstrdup(text), *w, *save = NULL, *shy;
	double max = 0, x;

	while ((shy = strstr(copy, "\u00ad")) != NULL) { /* "-" and a space */
		shy[0] = '-';
		shy[1] = ' ';
	}
	for (w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save))
		if ((x = text_width(cr, style, w)) > max)
			max = x;
	free(copy);
	return max;
}

#define CELL_GAP 4.0

/* Each column's width in points: at least its heading's longest word and
 * its widest number, the room left shared as `widths` says. */
static double *
column_widths(cairo_t *cr, const struct chart_table *t)
{
	double *w = xcalloc(t->ncols + 1, sizeof(*w)), need = 0, spare;
	size_t k, r;

	for (k = 0; k < t->ncols; k++) {
		w[k] = widest_word(cr, PDFDOC_LABEL, t->head[k]) + CELL_GAP + 1;
		for (r = 0; r < t->nrows; r++) {
			const char *cell = t->cells[r * t->ncols + k];
			double x = (t->numeric != NULL && t->numeric[k] ?
			    text_width(cr, PDFDOC_SMALL, cell) :
			    widest_word(cr, PDFDOC_SMALL, cell)) + CELL_GAP + 1; /* pango rounds */

			if (x > w[k])
				w[k] = x;
		}
		need += w[k];
	}
	spare = WIDTH - need;
	for (k = 0; k < t->ncols; k++) /* shrunk alike when even that is too wide */
		w[k] = spare >= 0 ? w[k] + spare * t->widths[k] : w[k] * WIDTH / need;
	return w;
}

static double
row_at(struct pdfdoc *d, const struct chart_table *t, const double *widths,
    const char *const *cells, enum pdfdoc_style style, bool draw)
{
	double x = PDFDOC_MARGIN, h = 0;
	size_t k;

	for (k = 0; k < t->ncols; k++) {
		double w = widths[k] - CELL_GAP;
		PangoLayout *l = pdfdoc_layout(d->cr, style, w, cells[k]);
		int lw, lh;

		pango_layout_get_pixel_size(l, &lw, &lh);
		g_object_unref(l);
		if (draw) {
			cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
			text_at(d->cr, style, x, d->y, w, cells[k], t->numeric != NULL &&
			    t->numeric[k]);
		}
		if (lh > h)
			h = lh;
		x += widths[k];
	}
	return h + 2;
}

void
chart_table(struct pdfdoc *d, const struct chart_table *t)
{
	double h, *w = column_widths(d->cr, t);
	size_t r;

	pdfdoc_room(d, 60);
	h = row_at(d, t, w, t->head, PDFDOC_LABEL, true);
	d->y += h;
	for (r = 0; r < t->nrows; r++) {
		const char *const *cells = t->cells + r * t->ncols;

		h = row_at(d, t, w, cells, PDFDOC_SMALL, false);
		if (d->y + h > PDFDOC_PAGE_H - PDFDOC_FOOT) {
			pdfdoc_next_page(d);
			d->y += row_at(d, t, w, t->head, PDFDOC_LABEL, true);
		}
		if (r % 2 == 1) {
			cairo_set_source_rgb(d->cr, 0.95, 0.95, 0.95);
			cairo_rectangle(d->cr, PDFDOC_MARGIN, d->y - 1, WIDTH, h);
			cairo_fill(d->cr);
		}
		row_at(d, t, w, cells, PDFDOC_SMALL, true);
		d->y += h;
	}
	free(w);
	pdfdoc_space(d, 10);
}

/* Charts and tables in a PDF document (pdfdoc.h), drawn with cairo and
 * laid out with pango: columns or bars, stacked by series, with a legend,
 * a value axis of round steps, each total written at its bar (so the
 * figures are text a reader, or pdftotext, finds), and an optional line
 * across (a limit: the 72 hours). Knows no run and no database; the
 * caller gives labels and numbers.
 *
 * Small counts: with `small` set, a total above 0 and below it is
 * written "< small" and its bar drawn as an outline up to `small`, so no
 * single case can be counted out of a report that leaves the unit; the
 * segments of a stacked bar are not labelled. */
#ifndef RUTIN_CHART_H
#define RUTIN_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "draw/pdfdoc.h"

struct chart_series {
	const char *name;        /* in the legend */
	const double *values;    /* one per label */
};

enum chart_kind {
	CHART_COLUMNS,           /* upright, the labels below (weeks, hours) */
	CHART_BARS,              /* across, the labels on the left (routines, steps) */
};

struct chart {
	const char *title;       /* above it, as a heading */
	enum chart_kind kind;
	const char *const *labels;
	size_t nlabels;
	const struct chart_series *series;  /* stacked in this order */
	size_t nseries;
	const char *axis;        /* what the values count ("runs") */
	const char *line_label;  /* a line across at line_at, so named; NULL: none */
	double line_at;
	double small;            /* see above; 0: every count written as it is */
	double clamp_at;         /* bars end at this value, their numbers
	                          * written whole (a run not done for weeks
	                          * beside a 72-hour limit); 0: none */
	const char *empty;       /* said instead of the chart when every value is 0 */
};

/* Draws the chart at the document's place, on a new page when it does
 * not fit on this one. */
void chart_draw(struct pdfdoc *d, const struct chart *c);

struct chart_table {
	const char *const *head;   /* ncols headings */
	size_t ncols;
	const char *const *cells;  /* nrows * ncols, row by row */
	size_t nrows;
	const double *widths;      /* each column's share of the room left once
	                            * every column holds its heading's longest
	                            * word and its widest number */
	const bool *numeric;       /* right-aligned columns */
};

/* Draws a table, its heading row repeated on each page it runs onto. */
void chart_table(struct pdfdoc *d, const struct chart_table *t);

#endif

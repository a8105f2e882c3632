/* Drawing helpers every screen uses: text cut with "…", rows, boxes,
 * wrapped text. Only draw; know no screen. */
#ifndef RUTIN_DRAW_H
#define RUTIN_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/term.h"

/* UTF-8 text at y, x, in `width` columns (not bytes); cut text ends in
 * "…". And how many columns a text takes. */
void draw_text(int y, int x, int width, const char *s);
int draw_text_width(const char *s);
/* Makes `s` one row: line breaks and any control character become
 * spaces (a note or comment in a list). */
void draw_text_one_line(char *s);
/* A list row: cleared, the text one column in, highlighted if selected. */
void draw_row(int y, int x, int width, const char *text, bool selected);
/* A list row of columns: cell i from column x[i] up to x[i+1] (the last
 * to the screen's edge), each on one row and cut with "…". */
void draw_cells(int y, const int *x, const char *const *cells, size_t n,
    bool selected);
void draw_vline(int y, int x, int n);
void draw_box(int y, int x, int h, int w, const char *title);
/* A box of h x w in the middle of the screen; its corner in *y, *x. */
void draw_center_box(const char *title, int h, int w, int *y, int *x);
/* Draws `text` wrapped into the box; returns the rows used. */
int draw_wrapped(int y, int x, int width, int max_rows, const char *text, attr_t attr);
/* The same from row y (which may be above `top`: scrolled), drawing only
 * the rows in [top, bottom); returns every row the text takes. */
int draw_wrapped_in(int y, int top, int bottom, int x, int width, const char *text,
    attr_t attr);
/* A bar across from y, x: n of max in `width` columns, in eighths of a
 * column (block characters; '#' on a terminal without UTF-8). A count
 * above 0 shows at least an eighth. Returns the columns it took. */
int draw_bar(int y, int x, int width, size_t n, size_t max);

#endif

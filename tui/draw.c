/* Drawing helpers every screen uses. */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include <stdlib.h>
#include <wchar.h>

#include "tui/draw.h"

static int
char_width(wchar_t c)
{
	int w = wcwidth(c);

	return w > 0 ? w : 1;
}

/* The columns of UTF-8 text (0 when it is not valid UTF-8). */
int
draw_text_width(const char *s)
{
	wchar_t w[512];
	size_t n = mbstowcs(w, s, 511), i;
	int col = 0;

	if (n == (size_t)-1)
		return 0;
	for (i = 0; i < n; i++)
		col += char_width(w[i]);
	return col;
}

/* Draws UTF-8 text at y, x, in `width` columns; text that is cut ends in
 * "…" (or "~" without UTF-8), so nothing looks whole that is not. The
 * text is converted once and drawn in one call. */
void
draw_text(int y, int x, int width, const char *s)
{
	wchar_t w[512];
	size_t n = mbstowcs(w, s, 511);
	int col = 0, fit = 0, fit_col = 0, i;

	if (n == (size_t)-1 || width <= 0)
		return;
	/* How much fits whole, and how much fits beside a "…". */
	for (i = 0; i < (int)n; i++) {
		int cw = char_width(w[i]);

		if (col + cw <= width - 1) {
			fit = i + 1;
			fit_col = col + cw;
		}
		col += cw;
		if (col > width)
			break;
	}
	if (col <= width) {
		mvaddnwstr(y, x, w, (int)n);
		return;
	}
	if (fit > 0)
		mvaddnwstr(y, x, w, fit);
	mvaddnwstr(y, x + fit_col, term_utf8() ? L"…" : L"~", 1);
}

void
draw_text_one_line(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

void
draw_row(int y, int x, int width, const char *text, bool selected)
{
	if (selected)
		attron(term_attr(PAIR_SELECTED));
	mvhline(y, x, ' ', width);
	draw_text(y, x + 1, width - 2, text);
	if (selected)
		attroff(term_attr(PAIR_SELECTED));
}

/* Wraps `text` from row y, at most max_rows rows, drawing only the rows in
 * [top, bottom); returns the rows it takes. */
static int
wrap(int y, int top, int bottom, int x, int width, int max_rows, const char *text,
    attr_t attr)
{
	wchar_t w[4096];
	size_t n = mbstowcs(w, text ? text : "", 4095);
	int row = 0, start = 0, i, last_col = 0;

	if (n == (size_t)-1 || width < 4)
		return 0;
	attron(attr);
	while (start < (int)n && row < max_rows) {
		int col = 0, brk = -1, brk_col = 0, end = start;

		for (i = start; i < (int)n && w[i] != L'\n'; i++) {
			int cw = wcwidth(w[i]) > 0 ? wcwidth(w[i]) : 1;

			if (col + cw > width)
				break;
			if (w[i] == L' ')
				brk = i, brk_col = col;
			col += cw;
		}
		end = i;
		if (i < (int)n && w[i] != L'\n' && brk > start)
			end = brk, col = brk_col;
		if (y + row >= top && y + row < bottom)
			mvaddnwstr(y + row, x, &w[start], end - start);
		last_col = col;
		start = end;
		if (start < (int)n && (w[start] == L' ' || w[start] == L'\n'))
			start++;
		row++;
	}
	/* Text left over when the rows ran out: the last row says so. */
	if (start < (int)n && row > 0 && y + row - 1 >= top && y + row - 1 < bottom)
		mvaddnwstr(y + row - 1, x + (last_col < width ? last_col : width - 1),
		    term_utf8() ? L"…" : L"~", 1);
	attroff(attr);
	return row;
}

int
draw_wrapped(int y, int x, int width, int max_rows, const char *text, attr_t attr)
{
	return wrap(y, y, y + max_rows, x, width, max_rows, text, attr);
}

int
draw_wrapped_in(int y, int top, int bottom, int x, int width, const char *text,
    attr_t attr)
{
	return wrap(y, top, bottom, x, width, INT_MAX, text, attr);
}

/* Lines drawn as characters (not the alternate character set), so they
 * look the same on every terminal and in headless screen dumps. */
static void
draw_line_chars(int y, int x, int n, bool vertical, const wchar_t *ch)
{
	int i;

	for (i = 0; i < n; i++)
		mvaddnwstr(vertical ? y + i : y, vertical ? x : x + i, ch, 1);
}

void
draw_vline(int y, int x, int n)
{
	draw_line_chars(y, x, n, true, term_utf8() ? L"│" : L"|");
}

void
draw_box(int y, int x, int h, int w, const char *title)
{
	bool u = term_utf8();
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	attron(A_BOLD);
	draw_line_chars(y, x, w, false, u ? L"─" : L"-");
	draw_line_chars(y + h - 1, x, w, false, u ? L"─" : L"-");
	draw_line_chars(y, x, h, true, u ? L"│" : L"|");
	draw_line_chars(y, x + w - 1, h, true, u ? L"│" : L"|");
	mvaddnwstr(y, x, u ? L"┌" : L"+", 1);
	mvaddnwstr(y, x + w - 1, u ? L"┐" : L"+", 1);
	mvaddnwstr(y + h - 1, x, u ? L"└" : L"+", 1);
	mvaddnwstr(y + h - 1, x + w - 1, u ? L"┘" : L"+", 1);
	if (title != NULL && *title != '\0')
		draw_text(y, x + 2, w - 4, title);
	attroff(A_BOLD);
}

void
draw_center_box(const char *title, int h, int w, int *y, int *x)
{
	*y = (LINES - h) / 2;
	*x = (COLS - w) / 2;
	draw_box(*y, *x, h, w, title);
}

void
draw_cells(int y, const int *x, const char *const *cells, size_t n, bool selected)
{
	size_t i;

	draw_row(y, 0, COLS - 1, "", selected);
	if (selected)
		attron(term_attr(PAIR_SELECTED));
	for (i = 0; i < n; i++) {
		char cell[1024];

		snprintf(cell, sizeof(cell), "%s", cells[i]);
		draw_text_one_line(cell); /* a text with line breaks stays in its row */
		draw_text(y, x[i], (i + 1 < n ? x[i + 1] : COLS - 1) - x[i] - 1, cell);
	}
	if (selected)
		attroff(term_attr(PAIR_SELECTED));
}

int
draw_bar(int y, int x, int width, size_t n, size_t max)
{
	static const char *const eighths[] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	bool utf8 = term_utf8();
	size_t units, full, c;

	if (n == 0 || max == 0 || width <= 0)
		return 0;
	units = n * (size_t)width * 8 / max;
	if (units == 0)
		units = 1;
	full = units / 8;
	for (c = 0; c < full; c++)
		mvaddstr(y, x + (int)c, utf8 ? "█" : "#");
	if (units % 8 != 0 && full < (size_t)width) {
		mvaddstr(y, x + (int)full, utf8 ? eighths[units % 8 - 1] :
		    (units % 8 >= 4 ? "#" : ""));
		full++;
	}
	return (int)full;
}

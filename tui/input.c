#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "common/xalloc.h"
#include "tui/input.h"

void
input_clear(struct input *in)
{
	in->len = in->cursor = 0;
	in->mark = in->mark_len = 0;
	in->text[0] = L'\0';
}

void
input_wipe(struct input *in)
{
	volatile wchar_t *p = in->text;
	size_t i;

	for (i = 0; i < sizeof(in->text) / sizeof(in->text[0]); i++)
		p[i] = L'\0';
	in->len = in->cursor = 0;
	in->mark = in->mark_len = 0;
}

void
input_set(struct input *in, const char *utf8)
{
	size_t n = mbstowcs(in->text, utf8 ? utf8 : "", INPUT_MAX);

	if (n == (size_t)-1)
		n = 0;
	in->text[n] = L'\0';
	in->len = in->cursor = (int)n;
	in->mark = in->mark_len = 0;
}

/* The characters of the field's text that `bytes` bytes of its UTF-8 hold. */
static int
chars_in_bytes(const struct input *in, int from, size_t bytes)
{
	char buf[MB_LEN_MAX];
	int i;

	for (i = from; i < in->len; i++) {
		int w = wctomb(buf, in->text[i]);

		if (w <= 0 || (size_t)w > bytes)
			break;
		bytes -= (size_t)w;
	}
	return i - from;
}

void
input_mark(struct input *in, size_t offset, size_t length)
{
	int start = chars_in_bytes(in, 0, offset);

	in->mark = start;
	in->mark_len = chars_in_bytes(in, start, length);
	in->cursor = start;
}

/* Removes the marked characters; the cursor where they were. */
static void
cut_mark(struct input *in)
{
	memmove(&in->text[in->mark], &in->text[in->mark + in->mark_len],
	    (size_t)(in->len - in->mark - in->mark_len + 1) * sizeof(wchar_t));
	in->len -= in->mark_len;
	in->cursor = in->mark;
	in->mark_len = 0;
}

/* Deletes the character under the cursor. */
static void
input_delete(struct input *in)
{
	if (in->cursor < in->len) {
		memmove(&in->text[in->cursor], &in->text[in->cursor + 1],
		    (size_t)(in->len - in->cursor) * sizeof(wchar_t));
		in->len--;
	}
}

/* Where the word before the cursor begins (spaces first, then the word). */
static int
word_left(const struct input *in)
{
	int i = in->cursor;

	while (i > 0 && iswspace((wint_t)in->text[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)in->text[i - 1]))
		i--;
	return i;
}

/* Where the word after the cursor ends. */
static int
word_right(const struct input *in)
{
	int i = in->cursor;

	while (i < in->len && iswspace((wint_t)in->text[i]))
		i++;
	while (i < in->len && !iswspace((wint_t)in->text[i]))
		i++;
	return i;
}

/* The start of the line (after a line break) that holds index i. */
static int
line_start(const struct input *in, int i)
{
	while (i > 0 && in->text[i - 1] != L'\n')
		i--;
	return i;
}

/* The end (the line break, or the end of the text) of the line at i. */
static int
line_end(const struct input *in, int i)
{
	while (i < in->len && in->text[i] != L'\n')
		i++;
	return i;
}

/* Up and Down in a text of several lines: the same column of the line
 * before or after, or its end when it is shorter. */
static void
line_up_down(struct input *in, bool up)
{
	int start = line_start(in, in->cursor), col = in->cursor - start, other;

	if (up) {
		if (start == 0)
			return;
		other = line_start(in, start - 1);
		in->cursor = other + col < start - 1 ? other + col : start - 1;
	} else {
		int end = line_end(in, in->cursor), next_end;

		if (end == in->len)
			return;
		next_end = line_end(in, end + 1);
		in->cursor = end + 1 + col < next_end ? end + 1 + col : next_end;
	}
}

/* Removes the characters from..to (exclusive); the cursor at from. */
static void
cut(struct input *in, int from, int to)
{
	memmove(&in->text[from], &in->text[to], (size_t)(in->len - to + 1) * sizeof(wchar_t));
	in->len -= to - from;
	in->cursor = from;
}

/* The editing keys people have in their fingers (readline's): Ctrl-W
 * removes the word before the cursor, Ctrl-U all before it, Ctrl-K all
 * after it, Ctrl-A and Ctrl-E go to the start and the end. */
static bool
control_key(struct input *in, wint_t ch)
{
	switch (ch) {
	case 23: /* Ctrl-W */
		cut(in, word_left(in), in->cursor);
		return true;
	case 21: /* Ctrl-U */
		cut(in, 0, in->cursor);
		return true;
	case 11: /* Ctrl-K */
		in->text[in->cursor] = L'\0';
		in->len = in->cursor;
		return true;
	case 1: /* Ctrl-A */
		in->cursor = 0;
		return true;
	case 5: /* Ctrl-E */
		in->cursor = in->len;
		return true;
	default:
		return false;
	}
}

bool
input_key(struct input *in, enum term_event ev, wint_t ch)
{
	if (in->mark_len > 0) {
		bool erase = (ev == TERM_KEYCODE && (ch == KEY_BACKSPACE || ch == KEY_DC)) ||
		    (ev == TERM_CHAR && (ch == 127 || ch == 8));

		if (erase) {
			cut_mark(in);
			return true;
		}
		if (ev == TERM_CHAR && iswprint((wint_t)ch))
			cut_mark(in); /* typing replaces what is marked */
		else
			in->mark_len = 0;
	}
	if (ev == TERM_KEYCODE) {
		switch (ch) {
		case KEY_LEFT:
			if (in->cursor > 0)
				in->cursor--;
			return true;
		case KEY_RIGHT:
			if (in->cursor < in->len)
				in->cursor++;
			return true;
		case KEY_HOME:
			in->cursor = 0;
			return true;
		case KEY_END:
			in->cursor = in->len;
			return true;
		case KEY_BACKSPACE:
			if (in->cursor > 0) {
				in->cursor--;
				input_delete(in);
			}
			return true;
		case KEY_DC:
			input_delete(in);
			return true;
		case KEY_UP:
		case KEY_DOWN:
			line_up_down(in, ch == KEY_UP);
			return true;
		case TERM_KEY_WORD_LEFT:
			in->cursor = word_left(in);
			return true;
		case TERM_KEY_WORD_RIGHT:
			in->cursor = word_right(in);
			return true;
		default:
			return false;
		}
	}
	if (ev != TERM_CHAR)
		return false;
	if (ch == 127 || ch == 8)
		return input_key(in, TERM_KEYCODE, KEY_BACKSPACE);
	if (control_key(in, ch))
		return true;
	if (!iswprint((wint_t)ch) || in->len >= INPUT_MAX)
		return false;
	memmove(&in->text[in->cursor + 1], &in->text[in->cursor],
	    (size_t)(in->len - in->cursor + 1) * sizeof(wchar_t));
	in->text[in->cursor++] = (wchar_t)ch;
	in->len++;
	return true;
}

size_t
input_paste(struct input *in, const wchar_t *text, size_t len, bool multiline)
{
	size_t i, room, k = 0, left = 0;
	wchar_t *add = xmalloc((len + 1) * sizeof(*add));

	if (in->mark_len > 0)
		cut_mark(in); /* a paste replaces what is marked */
	room = (size_t)(INPUT_MAX - in->len);

	for (i = 0; i < len; i++) {
		wchar_t c = text[i];

		if (c == L'\n' && !multiline)
			c = L' ';
		else if (c == L'\t')
			c = L' ';
		else if (c != L'\n' && !iswprint((wint_t)c))
			continue;
		if (k < room)
			add[k++] = c;
		else
			left++;
	}
	memmove(&in->text[in->cursor + k], &in->text[in->cursor],
	    (size_t)(in->len - in->cursor + 1) * sizeof(wchar_t));
	memcpy(&in->text[in->cursor], add, k * sizeof(wchar_t));
	in->cursor += (int)k;
	in->len += (int)k;
	free(add);
	return left;
}

char *
input_utf8(const struct input *in)
{
	size_t n = wcstombs(NULL, in->text, 0);
	char *s;

	if (n == (size_t)-1)
		return xstrdup("");
	s = xmalloc(n + 1);
	wcstombs(s, in->text, n + 1);
	return s;
}

static int
char_width(wchar_t c)
{
	return c != L'\n' && wcwidth(c) > 0 ? wcwidth(c) : 1;
}

void
input_draw(const struct input *in, int y, int x, int width, bool focus)
{
	int start = 0, col = 0, i;

	mvhline(y, x, ' ', width);
	if (in->secret) {
		if (focus) {
			move(y, x);
			curs_set(1);
		}
		return;
	}
	/* Scroll so the cursor stays visible: from the cursor back as far as
	 * the width allows (one pass, however long the text). */
	start = in->cursor;
	for (col = 0; start > 0; start--) {
		int w = char_width(in->text[start - 1]);

		if (col + w >= width - 1)
			break;
		col += w;
	}
	col = 0;
	for (i = start; i < in->len; i++) {
		int w = char_width(in->text[i]);

		if (col + w > width)
			break;
		bool marked = in->mark_len > 0 && i >= in->mark && i < in->mark + in->mark_len;

		if (marked)
			attron(A_REVERSE | A_BOLD);
		if (in->text[i] == L'\n')
			mvaddnwstr(y, x + col, term_utf8() ? L"↵" : L"|", 1);
		else
			mvaddnwstr(y, x + col, &in->text[i], 1);
		if (marked)
			attroff(A_REVERSE | A_BOLD);
		col += w;
	}
	if (focus) {
		col = 0;
		for (i = start; i < in->cursor; i++)
			col += char_width(in->text[i]);
		move(y, x + col);
		curs_set(1);
	}
}

bool
input_matches(const struct input *in, const char *text)
{
	wchar_t hay[512], needle[INPUT_MAX + 1];
	size_t i, n;

	if (in->len == 0)
		return true;
	n = mbstowcs(hay, text, 511);
	if (n == (size_t)-1)
		return false;
	hay[n] = L'\0';
	for (i = 0; i < n; i++)
		hay[i] = (wchar_t)towlower((wint_t)hay[i]);
	for (i = 0; i < (size_t)in->len; i++)
		needle[i] = (wchar_t)towlower((wint_t)in->text[i]);
	needle[in->len] = L'\0';
	return wcsstr(hay, needle) != NULL;
}

/* Where character i of the field is drawn over rows `width` wide: its
 * row and column (line breaks start a row, long lines wrap). */
static void
place(const struct input *in, int upto, int width, int *row, int *col)
{
	int i;

	*row = *col = 0;
	for (i = 0; i < upto; i++) {
		int w = char_width(in->text[i]);

		if (in->text[i] == L'\n') {
			(*row)++;
			*col = 0;
			continue;
		}
		if (*col + w > width) {
			(*row)++;
			*col = 0;
		}
		*col += w;
	}
	if (*col >= width) { /* the cursor after a full row: the next one */
		(*row)++;
		*col = 0;
	}
}

void
input_draw_rows(const struct input *in, int y, int x, int width, int rows, bool focus)
{
	int cur_row, cur_col, first, row = 0, col = 0, i;

	place(in, in->cursor, width, &cur_row, &cur_col);
	first = cur_row >= rows ? cur_row - rows + 1 : 0;
	for (i = 0; i < rows; i++)
		mvhline(y + i, x, ' ', width);
	for (i = 0; i < in->len; i++) {
		int w = char_width(in->text[i]);
		bool marked = in->mark_len > 0 && i >= in->mark && i < in->mark + in->mark_len;

		if (in->text[i] == L'\n') {
			row++;
			col = 0;
			continue;
		}
		if (col + w > width) {
			row++;
			col = 0;
		}
		if (row >= first && row < first + rows) {
			if (marked)
				attron(A_REVERSE | A_BOLD);
			mvaddnwstr(y + row - first, x + col, &in->text[i], 1);
			if (marked)
				attroff(A_REVERSE | A_BOLD);
		}
		col += w;
	}
	if (focus) {
		move(y + cur_row - first, x + cur_col);
		curs_set(1);
	}
}


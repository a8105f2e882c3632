/* A text field on one screen line: wide characters, so å, ä and ö edit
 * and move like any letter. A note may hold line breaks (pasted), drawn
 * as ↵. */
#ifndef RUTIN_INPUT_H
#define RUTIN_INPUT_H

#include <stdbool.h>

#include "tui/term.h"

#define INPUT_MAX 1000

struct input {
	wchar_t text[INPUT_MAX + 1];
	int len;
	int cursor;
	bool secret;    /* draw nothing of the text (passphrases) */
	int mark, mark_len; /* marked characters (what the guard found); 0: none */
};

void input_clear(struct input *in);
/* Sets the text from UTF-8. */
void input_set(struct input *in, const char *utf8);
/* Inserts pasted text at the cursor: line breaks stay line breaks when
 * `multiline` (a note), else become spaces; tabs become spaces, other
 * control characters are left out. Returns the characters that did not
 * fit in INPUT_MAX (0: all of it went in). */
size_t input_paste(struct input *in, const wchar_t *text, size_t len,
    bool multiline);
/* Marks what the guard found, `length` bytes at byte `offset` of the
 * field's text as UTF-8 (input_utf8), and puts the cursor on its first
 * character. While marked, Backspace or Delete removes the marked text
 * with one key and typing or pasting replaces it; moving the cursor
 * unmarks it. */
void input_mark(struct input *in, size_t offset, size_t length);
/* Handles an editing key; true when it was one. */
bool input_key(struct input *in, enum term_event ev, wint_t ch);
/* The text as UTF-8 in a buffer the caller frees. */
char *input_utf8(const struct input *in);
/* Whether the field's text is in `text` (UTF-8), in any case; an empty
 * field is in every text. For filters. */
bool input_matches(const struct input *in, const char *text);
/* Draws the field at y, x, `width` columns wide, with the cursor shown
 * when `focus`. */
void input_draw(const struct input *in, int y, int x, int width, bool focus);
/* Draws the field over `rows` rows from y, x, `width` columns wide: line
 * breaks start a new row, long lines wrap, and the rows scroll so that
 * the cursor is seen (a note, a text answer). */
void input_draw_rows(const struct input *in, int y, int x, int width, int rows, bool focus);
/* Wipes the text (passphrases). */
void input_wipe(struct input *in);

#endif

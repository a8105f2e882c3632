/* What every list screen shares: moving the selection (KEYS_MOVE,
 * KEYS_PAGE and KEYS_ENDS: up, down, a page, the first and the last), and
 * `/` to find as one types on a list whose letters are keys (KEYS_FIND).
 * The lists whose typing is text already (home, the review queue, the
 * access log) narrow as one types without `/`. */
#ifndef RUTIN_LIST_H
#define RUTIN_LIST_H

#include <stdbool.h>

#include "tui/input.h"
#include "tui/keys.h"

/* Moves *selected among `count` rows for `act` (a page is `page` rows);
 * false when `act` is not a moving key. */
bool list_move(int *selected, int count, int page, enum action act);

struct list_find {
	struct input text;
	bool open;         /* typing goes into it */
};

/* A key for the find field: ACT_FIND opens it; while it is open, text
 * narrows the list as it is typed, Enter closes it keeping the text, Esc
 * clears it and closes it. Esc with the field closed but holding text
 * clears it. True when the key was the field's. */
bool list_find_key(struct list_find *f, enum action act, enum term_event ev, wint_t ch);
/* Whether a row whose words are `text` is shown: every row when the field
 * is empty. */
bool list_find_matches(const struct list_find *f, const char *text);
/* Whether anything is being found (the field holds text or is open). */
bool list_find_active(const struct list_find *f);
/* "Find: ..." on row y from column 1 when active (its cursor shown while
 * open); nothing otherwise. */
void list_find_draw(const struct list_find *f, int y);
void list_find_clear(struct list_find *f);

#endif

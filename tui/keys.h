/* The keys: one table of actions, from which the help overlay, the status
 * line and `rutin keys` (checked against the man page) are made. */
#ifndef RUTIN_KEYS_H
#define RUTIN_KEYS_H

#include "tui/term.h"

enum action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
	ACT_SELECT,     /* Enter: answer, open, confirm */
	ACT_BACK,       /* Esc: close, cancel, leave (a run is paused) */
	ACT_TAB,        /* next field */
	ACT_YES, ACT_NO,
	ACT_SKIP, ACT_NOT_APPLICABLE, ACT_NOTE, ACT_DEVIATION,
	ACT_INFO,       /* help text and references of the step */
	ACT_FINISH,
	ACT_HELP,       /* every key */
	ACT_PANIC,      /* blank the screen and lock at once */
	ACT_REDRAW,
	ACT_QUIT,
	ACT_COUNT
};

/* Screens an action works on. */
enum {
	ON_UNLOCK = 1, ON_HOME = 2, ON_WALK = 4, ON_FINISH = 8, ON_ALL = 15
};

struct binding {
	enum action action;
	const char *keys;   /* as shown, e.g. "j" */
	const char *what;   /* untranslated; shown through gettext */
	unsigned screens;
};

/* The table, ending with ACT_NONE. */
extern const struct binding bindings[];

/* The action for a key on a screen; ACT_NONE for other keys. Letters are
 * only actions where the screen takes no typed text (home filters by
 * typing). */
enum action key_action(enum term_event ev, wint_t ch, unsigned screen, bool typing);

/* Prints the table for `rutin keys` (and the man page check). */
void keys_print(void);

#endif

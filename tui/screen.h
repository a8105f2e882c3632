/* The screens, as a table of operations (tig's view_ops and htop's
 * Panel_EventHandler are the models). Each screen is one file that
 * defines its `struct screen_ops` and keeps its state to itself; the app
 * (app.c) owns the loop, the boxes over every screen (help, prompt,
 * confirmation, lock), the frame and the status line, and moves between
 * screens with app_go().
 *
 * Adding a screen: write tui/scr_NAME.c with its ops, add one line to
 * SCREENS below, and list the file in Makefile.am and po/POTFILES.in.
 * Keys it needs that no group has go into the key table (tui/keys.c).
 * tui/README lists this. */
#ifndef RUTIN_SCREEN_H
#define RUTIN_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/run.h"
#include "tui/keys.h"

/* X(ID, ops): every screen, one line each. */
#define SCREENS(X) \
	X(UNLOCK, unlock_screen) \
	X(HOME, home_screen) \
	X(WALK, walk_screen) \
	X(FINISH, finish_screen) \
	X(QUEUE, queue_screen) \
	X(REVIEW, review_screen) \
	X(ACCESS, access_screen) \
	X(XJOIN, xjoin_screen) \
	X(CLASS, class_screen) \
	X(CASES, cases_screen) \
	X(EXTRACT, extract_screen) \
	X(STATS, stats_screen) \
	X(SECOND, second_screen)

enum screen_id {
#define X(id, ops) SCR_##id,
	SCREENS(X)
#undef X
	SCR_COUNT
};

struct app;
struct input;

/* A key and what it does here, for the status line: "Enter answer".
 * `also` adds a second key before the label ("↑↓ choose"); with `act`
 * ACT_NONE the label stands alone ("type to filter"). A hint whose key
 * does not work at the moment (text is being typed) is left out. */
struct hint {
	enum action act, also;
	const char *label; /* untranslated */
};
#define HINTS_END { ACT_NONE, ACT_NONE, NULL }

struct screen_ops {
	const char *name;
	size_t state_size;   /* the screen's own state: zeroed at the start,
	                      * kept for the session (app_state()) */
	unsigned keys;       /* the KEYS_* groups it offers */
	/* Groups it offers now besides (NULL: none): an exercise's walk. */
	unsigned (*more_keys)(const struct app *a);
	/* The hints on the status line: on the left, cut when they do not
	 * fit; on the right those that must always be seen, before the ones
	 * the frame adds to every screen (help, lock, quit: app.c). */
	const struct hint *hints, *always;

	/* All but draw and key may be NULL. */
	void (*init)(struct app *a);   /* once, after the state is made */
	void (*fini)(struct app *a);   /* once, at the end: free what it owns */
	void (*enter)(struct app *a);  /* each time app_go() comes here */
	void (*leave)(struct app *a);  /* each time app_go() goes elsewhere */
	void (*draw)(struct app *a);   /* only draws: no state changes */
	/* Once a second without a key, while the screen is shown (NULL: the
	 * screen waits for keys only): to notice what others logged. */
	void (*tick)(struct app *a);
	void (*key)(struct app *a, enum action act, enum term_event ev, wint_t ch);
	/* Does what a prompt this screen opened (app_prompt) asked, with its
	 * text; *hint may say what a rejected text should look like. */
	enum run_error (*submit)(struct app *a, int purpose, const char *text,
	    unsigned flags, struct guard_result *g, const char **hint);
	/* How much of what is typed is text now (NULL: TYPING_NONE). */
	enum typing (*typing)(const struct app *a);
	/* The text field a paste goes into now, or NULL; *multiline when it
	 * keeps line breaks. */
	struct input *(*field)(struct app *a, bool *multiline);
};

#define X(id, ops) extern const struct screen_ops ops;
SCREENS(X)
#undef X

#endif

/* The keys: one table binds each key to an action, names it and says what
 * it does (tmux's key table is the model). keys_action() reads it to
 * translate a key, once; the help box, the status line and `rutin keys`
 * (checked against the man page) are drawn from it, so what is shown
 * cannot drift from what the keys do. */
#ifndef RUTIN_KEYS_H
#define RUTIN_KEYS_H

#include <stdbool.h>

#include "tui/term.h"

enum action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
	ACT_FIRST, ACT_LAST, /* a list's first and last row */
	ACT_FIND,       /* a list whose letters are keys: find as one types */
	ACT_SELECT,     /* Enter: answer, open, confirm */
	ACT_BACK,       /* Esc: close, cancel, leave (a run is paused) */
	ACT_TAB,        /* next field */
	ACT_YES, ACT_NO,
	ACT_SKIP, ACT_NOT_APPLICABLE, ACT_NOTE, ACT_DEVIATION,
	ACT_INFO,       /* help text and references of the step */
	ACT_COMMENT,    /* a returned run: the supervisor's comment, whole */
	ACT_FINISH,
	ACT_VIEW,       /* the review queue's next list */
	ACT_ACCESS,     /* the access log */
	ACT_PERIOD,     /* the review queue's period */
	ACT_SIGN_CLEAN, /* the review queue: sign the runs without findings */
	ACT_KIND,       /* the review queue: the kind of finding it keeps */
	ACT_HANDOVER,   /* the review queue: hand an unfinished run over */
	ACT_SWITCH,     /* between the review queue and the routines */
	ACT_CASES,      /* "Mina ärenden": her runs by case */
	ACT_PDF,        /* the journal extract: save it as a PDF */
	ACT_STATS,      /* the review queue: the unit's figures */
	ACT_PERIOD_PREV, ACT_PERIOD_NEXT, /* the figures: the quarter before, after */
	ACT_SIGN, ACT_RETURN,
	ACT_TIMELINE,   /* a run's steps or its timeline */
	ACT_SCENARIO,   /* an exercise's scenario */
	ACT_INJECT,     /* the class view: send an inject */
	ACT_DEBRIEF,    /* the class view: a trainee's debrief */
	ACT_END,        /* the class view: end the exercise */
	ACT_PAUSE_CLASS, /* the class view: pause or resume everyone */
	ACT_MESSAGE,    /* the class view: a message to everyone or one */
	ACT_RESTART,    /* the class view: restart the trainee's run */
	ACT_ANSWERS,    /* the class view: the class's answers, for a projector */
	ACT_SECOND,     /* a second person: confirm here, or the steps waiting */
	ACT_CHANGES,    /* home, supervisors: what changed in files not released */
	ACT_HELP,       /* every key */
	ACT_PANIC,      /* blank the screen and lock at once */
	ACT_REDRAW,
	ACT_INTERRUPT,  /* Ctrl-C: never loses what is typed; twice quits */
	ACT_QUIT,
	ACT_COUNT
};

/* Groups of keys; a screen offers the groups it names (struct
 * screen_ops.keys). KEYS_ALL work everywhere. */
enum {
	KEYS_ALL = 1,      /* Enter, Esc, help, panic, redraw, quit */
	KEYS_MOVE = 2,     /* up, down */
	KEYS_PAGE = 4,     /* page up, page down */
	KEYS_FIELDS = 8,   /* Tab between fields */
	KEYS_STEP = 16,    /* answering a step: y n s x a i */
	KEYS_DEVIATION = 32,
	KEYS_FINISH = 64,
	KEYS_QUEUE = 128,  /* the review queue: lists, the access log */
	KEYS_SWITCH = 256, /* the review queue or the routines */
	KEYS_REVIEW = 512, /* a run under review: sign, return, timeline */
	KEYS_EXERCISE = 1024, /* a trainee's walk: the scenario */
	KEYS_CLASS = 2048, /* the class view: inject, debrief, end */
	KEYS_RETURNED = 4096, /* a walk of a returned run: the comment */
	KEYS_ENDS = 8192,  /* a list: its first and last row */
	KEYS_FIND = 16384, /* a list whose letters are keys: / finds */
	KEYS_CASES = 32768, /* home: "Mina ärenden" */
	KEYS_EXTRACT = 65536, /* the journal extract: save as PDF */
	KEYS_STATS = 131072, /* the unit's figures */
	KEYS_SECOND = 262144, /* a second person's confirmation */
	KEYS_CHANGES = 524288, /* home: routine files changed, not released */
};

/* How much of what is typed is text, not keys. */
enum typing {
	TYPING_NONE,  /* letters are keys (the walk) */
	TYPING_NAMES, /* letters are text; '?' still opens help (account
	               * names and filters never hold a '?') */
	TYPING_ALL,   /* every printable key is text (passphrases, prompts) */
};

struct key {
	enum term_event ev;  /* TERM_CHAR or TERM_KEYCODE */
	wint_t ch;           /* 0 ends the list */
	const char *name;    /* in help and the man page: "Down" */
	const char *glyph;   /* on the status line when not the name: "↓" */
};

#define BINDING_KEYS 3

struct binding {
	enum action action;
	unsigned group;      /* KEYS_* */
	const char *what;    /* untranslated; shown through gettext; NULL:
	                      * not listed (another line names the key) */
	struct key keys[BINDING_KEYS];
};

/* The table, ending with ACT_NONE. */
extern const struct binding keys_bindings[];

/* The action of a key among `groups` (KEYS_ALL always counts), with
 * printable keys taken as text as `typing` says; ACT_NONE otherwise. */
enum action keys_action(enum term_event ev, wint_t ch, unsigned groups,
    enum typing typing);

/* The name of the first key for `act` among `groups` (KEYS_ALL always
 * counts) that works under `typing` (its glyph when it has one), or NULL
 * when none does: the status line never names a key that does nothing. */
const char *keys_label(enum action act, unsigned groups, enum typing typing);

/* All of a binding's key names, as help shows them: "Down, j". */
void keys_names(const struct binding *b, char *out, size_t size);

/* Prints the table for `rutin keys` (and the man page check). */
void keys_print(void);

#endif

/* The interactive program: one state per screen, each with a *_key()
 * that changes state and a *_draw() that only draws (STYLE.md). Modals
 * (help, prompts, stop messages, confirmations) sit above any screen. */
#ifndef RUTIN_APP_H
#define RUTIN_APP_H

#include <stdbool.h>

#include "tui/catalog.h"
#include "tui/input.h"
#include "tui/keys.h"
#include "runlog/runlog.h"
#include "tui/seals.h"

enum app_screen { SCR_UNLOCK, SCR_HOME, SCR_WALK, SCR_FINISH };

enum modal {
	MODAL_NONE,
	MODAL_HELP,     /* every key */
	MODAL_INFO,     /* the step's help text and references */
	MODAL_PROMPT,   /* a line of text: case ref, note, reason, answer */
	MODAL_CHOICE,   /* pick an answer of a yesno or choice step */
	MODAL_STOP,     /* a stop message to acknowledge */
	MODAL_CONFIRM,  /* flagged text: log it anyway? */
	MODAL_LOCKED,   /* blank, passphrase again */
};

/* What a prompt's text is for. */
enum purpose { FOR_CASE_REF, FOR_NOTE, FOR_SKIP, FOR_NA, FOR_DEVIATION,
	FOR_ANSWER, FOR_ABORT };

struct app_options {
	const char *db;
	const char *user;
	const char *const *routine_dirs;
	size_t routine_dir_count;
	int idle_seconds;          /* 0: no idle lock */
	const char *demo_pass;     /* shown on the unlock screen, for demo */
	struct seal_dest seals;    /* where seals go (config) */
	bool seal_on_complete;     /* seal when a run is completed */
	bool seal_on_close;        /* seal when a supervisor's session ends */
};

struct app {
	struct app_options opt;
	struct catalog catalog;
	int failed_unlocks;        /* before the first success */
	bool unlocked;
	struct runlog rl;          /* rl.log is the open log, or NULL */
	struct run *run;           /* the run being walked, or NULL */
	enum app_screen screen;
	bool quit;

	/* unlock */
	struct input account;
	struct input pass;
	int field;                 /* 0 account, 1 passphrase */

	/* home: runs to resume, then routines; filtered by typing */
	struct input filter;
	struct log_run_info *open_runs;
	size_t open_run_count;
	int selected;

	/* walk and finish */
	int step;                  /* the selected step's index */
	int finish_selected;

	/* modals */
	enum modal modal;
	enum modal under_lock;     /* the modal the lock covered */
	enum modal under_help;     /* the box help was opened over */
	enum purpose purpose;
	const struct routine *pending_routine; /* FOR_CASE_REF */
	struct input prompt;
	char prompt_title[256];
	char prompt_error[1024];
	int choice;                /* MODAL_CHOICE: the highlighted option */
	char *confirm_text;        /* MODAL_CONFIRM: the text to log */
	char confirm_message[512];
	int help_scroll;
	struct input lock_pass;
	char lock_error[256];

	/* the message line */
	char message[1024];
	bool message_is_error;
};

/* Runs the interface until the user quits. Returns an exit status. */
int app_run(const struct app_options *opt);

/* Shared by the screens (app.c). */
void app_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void app_prompt(struct app *a, enum purpose p, const char *title, const char *initial);
void app_draw_frame(struct app *a, const char *title);
void draw_box(int y, int x, int h, int w, const char *title);
/* UTF-8 text at y, x, in `width` columns (not bytes); cut text ends in
 * "…". And how many columns a text takes. */
void draw_text(int y, int x, int width, const char *s);
int text_width(const char *s);
/* A list row: cleared, the text one column in, highlighted if selected. */
void draw_row(int y, int x, int width, const char *text, bool selected);
void draw_vline(int y, int x, int n);
/* Draws `text` wrapped into the box; returns the rows used. */
int draw_wrapped(int y, int x, int width, int max_rows, const char *text, attr_t attr);

/* Screens. */
void unlock_draw(struct app *a);
void unlock_key(struct app *a, enum term_event ev, wint_t ch);
void home_enter(struct app *a);
void home_draw(struct app *a);
void home_key(struct app *a, enum term_event ev, wint_t ch);
void walk_enter(struct app *a);
void walk_draw(struct app *a);
void walk_key(struct app *a, enum action act);
/* Does what a prompt of a->purpose asked with its text. */
enum run_error walk_submit(struct app *a, const char *text, unsigned flags,
    struct guard_result *g);
/* What a rejected answer to the current step should have looked like
 * (a date's format), or NULL. */
const char *walk_answer_hint(struct app *a);
void walk_choice_done(struct app *a);
void walk_pause_and_leave(struct app *a);
void finish_draw(struct app *a);
void finish_key(struct app *a, enum action act);
/* Starts a run of a->pending_routine with this case reference. */
enum run_error home_start_run(struct app *a, const char *case_ref, unsigned flags,
    struct guard_result *g);

#endif

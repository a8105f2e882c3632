/* The interactive program: the loop, the frame every screen shares, and
 * the boxes that sit above any screen (help, a prompt, a confirmation of
 * flagged text, the lock). The screens themselves are a table
 * (tui/screen.h); each keeps its own state. */
#ifndef RUTIN_APP_H
#define RUTIN_APP_H

#include <stdbool.h>

#include "runlog/runlog.h"
#include "tui/catalog.h"
#include "checklists/guard.h"
#include "tui/input.h"
#include "tui/keys.h"
#include "tui/screen.h"
#include "tui/seals.h"

enum modal {
	MODAL_NONE,
	MODAL_HELP,     /* every key of this screen */
	MODAL_PROMPT,   /* a line of text for the screen's submit */
	MODAL_CONFIRM,  /* flagged text, or a contradicting answer: log it anyway? */
	MODAL_LOCKED,   /* blank, passphrase again */
};

/* What a MODAL_CONFIRM box asks. */
enum confirm_kind {
	CONFIRM_TEXT,     /* flagged text: log it as it is? */
	CONFIRM_ANSWER,   /* an answer that contradicts another: keep it? */
	CONFIRM_DECISION, /* a decision with a warning: take it all the same? */
	CONFIRM_KIND_COUNT
};

#define PROMPT_MULTILINE 1u /* the prompt keeps line breaks (a note) */
#define WALK_AT_CURRENT (-1L)
#define WALK_AS_LEFT (-2L)

/* What the interface is for: walking routines (rutin, rutin demo), a
 * trainee's exercise (rutin exercise) or the trainer's class view (rutin
 * exercise class). */
enum app_mode { APP_ROUTINES, APP_TRAINEE, APP_CLASS };

struct xplay;

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
	enum app_mode mode;
	const char *session;       /* APP_CLASS: the session (an id's start) */
};

struct app {
	struct app_options opt;
	struct catalog catalog;
	int failed_unlocks;        /* before the first success */
	char unlock_error[512];    /* why the last of them failed */
	bool unlocked;
	bool quit;
	bool interrupted;          /* Ctrl-C pressed once: again quits */

	/* The session: the open log, and the run being walked (NULL: none).
	 * goto_step is where the walk screen opens next: a step's index,
	 * WALK_AT_CURRENT (where the run needs her; the default) or
	 * WALK_AS_LEFT (where she was). */
	struct runlog rl;
	struct run *run;
	long goto_step;
	/* A supervisor's: the run the review screen shows (the queue sets it)
	 * and whether reading the queue is in the access log yet. */
	struct log_run_info review_run;
	bool queue_logged;
	/* The run whose journal extract the extract screen shows ("Mina
	 * ärenden" sets it). */
	struct log_run_info extract_run;
	/* An exercise's: the session, its exercise and injects (tui/xplay.h);
	 * NULL outside one. */
	struct xplay *x;

	enum screen_id screen;
	void *state[SCR_COUNT];    /* each screen's own (app_state()) */

	/* the boxes over every screen */
	enum modal modal;
	enum modal under_lock;     /* the box the lock covered */
	enum modal under_help;     /* the box help was opened over */
	int purpose;               /* the screen's: what the prompt is for */
	unsigned prompt_flags;     /* PROMPT_* */
	struct input prompt;
	char prompt_title[256];
	char prompt_error[1024];
	char *confirm_text;        /* MODAL_CONFIRM: the text or answer to log */
	enum confirm_kind confirm_kind; /* ...what it asks (app.c's table) */
	char confirm_message[1024];
	struct guard_finding confirm_hit; /* CONFIRM_TEXT: what the guard flagged */
	unsigned modal_serial;     /* counts the boxes opened */
	int help_scroll;
	struct input lock_pass;
	char lock_error[256];

	/* the status line of each screen and typing state, made once (the
	 * language does not change while rutin runs) */
	struct status_line {
		bool made;
		char left[512], right[256];
	} status[SCR_COUNT][TYPING_ALL + 1];

	/* the message line */
	char message[1024];
	bool message_is_error;
};

/* Runs the interface until the user quits. Returns an exit status. */
int app_run(const struct app_options *opt);

/* Leaves the current screen (its leave) and enters `id` (its enter). */
void app_go(struct app *a, enum screen_id id);
/* A screen's own state (screen_ops.state_size bytes, zeroed at start). */
void *app_state(struct app *a, enum screen_id id);
const void *app_state_const(const struct app *a, enum screen_id id);

void app_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Opens a prompt; its text goes to the current screen's submit with
 * `purpose` (the screen's own numbering). */
void app_prompt(struct app *a, int purpose, const char *title, const char *initial,
    unsigned flags);
/* Asks whether to keep `answer`, which contradicts another answer
 * (`message`, the routine's); "yes" sends it to the screen's submit with
 * `purpose` and RUN_CONFIRMED, "no" logs nothing. */
void app_confirm_answer(struct app *a, int purpose, const char *answer,
    const char *message);
/* Asks before a decision the screen should not take unasked (signing a
 * run with critical findings; `message` says why): "y" sends `text` to
 * the screen's submit with `purpose` and RUN_CONFIRMED, "n" or Esc does
 * nothing and says so. */
void app_confirm_decision(struct app *a, int purpose, const char *text,
    const char *message);
/* Says a run engine error on the message line (the log's words for
 * RUN_E_LOG). */
void app_run_error(struct app *a, enum run_error e);
/* Pauses the open run (if active), releases it and goes home; every way
 * out of a run comes here. */
void app_leave_run(struct app *a);
/* Where a finished or left run goes back to: the routines, or a trainee's
 * exercise sessions. */
enum screen_id app_home(const struct app *a);
/* Takes run `ri` of routine `r` for this session and rebuilds it from the
 * log into a->run, to resume it or (`correcting`) to correct it; false,
 * with a message, when it cannot. */
bool app_take_run(struct app *a, const struct log_run_info *ri,
    const struct routine *r, bool correcting);
/* Reads the walked run again from the log when a step of it waits for a
 * second person: she may have confirmed it from her own session (said on
 * the message line). */
void app_reread_second(struct app *a);
/* The text of its routine open run `ri` started with (from the catalog,
 * by hash), or NULL when it is not here. */
const struct routine *app_run_routine(struct app *a, const struct log_run_info *ri);
/* How many steps of open runs wait for this account as the second person
 * (runlog/second.h): what home and the queue count. */
size_t app_second_waiting(struct app *a);
/* The first event of a taken run could not be logged: give it back. */
void app_drop_run(struct app *a);
/* Takes and resumes a paused or active run (run.resumed); false, with a
 * message, when it cannot. */
bool app_resume_run(struct app *a, const struct log_run_info *ri,
    const struct routine *r);
void app_draw_frame(struct app *a, const char *title);

#endif

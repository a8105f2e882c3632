/* The run engine: one walk of one routine for one case.
 *
 * Every change goes through one path: the operation is checked, turned
 * into an event, handed to the caller's `emit` callback (which logs it
 * durably) and only then applied. If `emit` fails, nothing changes and the
 * operation returns RUN_E_LOG; so the engine's state is always exactly
 * what the log holds, and run_replay() of the logged events rebuilds it.
 *
 * Rules (checklists/FORMAT.md, "How a routine is run"):
 * - A step is visible when it has no `when`, or its `when` step is visible
 *   and answered with one of the listed answers (`in`), or not answered
 *   with any of them (`unless`: unanswered, skipped and not applicable
 *   show the step). When a changed answer
 *   hides a step, whatever the step had (answer, not applicable, skipped,
 *   deviation, acknowledged stop) is retracted with an event of its own.
 * - A visible step with `stop` halts the routine until acknowledged: later
 *   steps cannot be answered, skipped or completed before that.
 * - Completing needs every visible required step answered, marked not
 *   applicable or skipped; and every visible critical step that is skipped
 *   or unanswered (a deviation) needs a written reason.
 * - Every free text passes the personal-data guard (guard.h): a refused
 *   text gives RUN_E_REFUSED; a flagged one RUN_E_CONFIRM unless the flags
 *   include RUN_CONFIRMED (the user confirmed it).
 * The engine knows no screen and no database. */
#ifndef RUTIN_RUN_H
#define RUTIN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checklists/guard.h"
#include "checklists/routine.h"
#include "common/vocab.h"

enum run_mode { RUN_LIVE, RUN_TRAINING };

/* enum run_status: common/vocab.h (RUN_STATUSES). */

enum step_status {
	STEP_PENDING,        /* nothing yet */
	STEP_ANSWERED,
	STEP_NOT_APPLICABLE, /* assessed, does not apply; with a reason */
	STEP_SKIPPED,        /* not assessed; with a reason */
};

/* The engine's events are the first part of the event vocabulary
 * (common/vocab.h: RUTIN_RUN_EVENTS), EV_RUN_STARTED to EV_RUN_REOPENED.
 * Their texts: the answer (step.answered), the reason (step.skipped,
 * step.not_applicable, deviation.recorded, run.aborted) or the note. */
#define RUN_EV_ONE(id, name, flags, status, author, fields, label) + 1
enum { RUN_EV_COUNT = 0 RUTIN_RUN_EVENTS(RUN_EV_ONE) };
#undef RUN_EV_ONE

/* An event as plain data. Strings belong to whoever made the event; the
 * engine's own events are valid only during the emit callback. */
struct run_event {
	enum event_type type;
	int64_t time;       /* milliseconds since 1970-01-01 UTC */
	const char *step;   /* the step's id, for step events; else NULL */
	const char *text;   /* answer, reason or note; else NULL (step.confirmed:
	                     * the answer confirmed) */
	/* Who wrote it: the log's account (replay); NULL in the engine's own
	 * events, whose author is the run_io's account. */
	const char *account;
	/* EV_STEP_CONFIRMED only: what the step asks ("colleague",
	 * "supervisor": step_second_name()) and the role the confirming
	 * account had (log_role_name(): "caseworker", "supervisor"). */
	const char *as;
	const char *role;
	/* EV_RUN_STARTED: the log's option "second_person" was on, so steps
	 * whose second person is the organisation's choice need one. */
	bool second_on;
	/* EV_RUN_STARTED only: */
	const char *routine_id;
	long routine_version;
	const char *routine_hash; /* 64 hex digits */
	const char *case_ref;
	enum run_mode mode;
};

/* The engine's event of that name (event_name() gives the names); -1 for
 * a name that is not one of the engine's events. */
int run_event_type_from_name(const char *name);

/* How the engine reaches the outside: `emit` logs an event durably and
 * returns 0, or non-zero when it could not; `now` gives the time in ms
 * since the epoch (NULL: the system clock). */
struct run_io {
	int (*emit)(void *ctx, const struct run_event *ev);
	void *emit_ctx;
	int64_t (*now)(void *ctx);
	void *now_ctx;
	/* The account that writes the engine's events (its answers are hers:
	 * she cannot confirm them as the second person); NULL: nobody's. */
	const char *account;
};

enum run_error {
	RUN_OK = 0,
	RUN_E_STATE,       /* the run is paused, completed or aborted (or not paused) */
	RUN_E_NO_STEP,     /* no step has that id */
	RUN_E_HIDDEN,      /* the step is not visible now */
	RUN_E_HALTED,      /* an earlier stop has not been acknowledged */
	RUN_E_ANSWER,      /* not a possible answer for the step's kind */
	RUN_E_TEXT,        /* empty, too long, or with control characters */
	RUN_E_REFUSED,     /* the guard refuses the text */
	RUN_E_CONFIRM,     /* the guard flags the text; confirm with RUN_CONFIRMED */
	RUN_E_NOT_NEEDED,  /* a deviation or acknowledgement this step does not take */
	RUN_E_CONTRADICTS, /* the answer contradicts another (run_contradiction());
	                    * confirm with RUN_CONFIRMED */
	RUN_E_INCOMPLETE,  /* completion rules not met: see run_blockers() */
	RUN_E_SECOND,      /* not a confirmation this account may give: the
	                    * step's answer is hers, or her role is not the
	                    * one the step asks for, or the answer changed */
	RUN_E_LOG,         /* emit failed; the state is what the log holds */
	RUN_E_REPLAY,      /* an event does not fit the run (replay) */
};

/* A sentence for the user, translated. */
const char *run_error_message(enum run_error e);

#define RUN_CONFIRMED 1u   /* flag: the user confirmed a flagged text or
                            * a contradicting answer */
#define RUN_SECOND_ON 2u   /* run_start: the log's option "second_person" is
                            * on (steps with `optional` need a second person) */

#define RUN_MAX_TEXT 4000  /* bytes in a note, reason or text answer */
#define RUN_MAX_CASE_REF 100

struct run;

/* Starts a run of `r` (which must outlive the run). Emits run.started.
 * On RUN_OK *out is a run the caller frees with run_free(). `guard` (may
 * be NULL) receives the guard's findings on the case reference. */
enum run_error run_start(const struct routine *r, enum run_mode mode,
    const char *case_ref, unsigned flags, const struct run_io *io,
    struct run **out, struct guard_result *guard);

/* Rebuilds a run from its logged events, emitting nothing. The first
 * event must be run.started for exactly this routine (id, version and
 * hash). On an event that does not fit, returns RUN_E_REPLAY and sets
 * *bad to its index. Texts are not guarded again. */
enum run_error run_replay(const struct routine *r, const struct run_event *evs,
    size_t n, const struct run_io *io, struct run **out, size_t *bad);

void run_free(struct run **run);

/* Operations. `step` is a step id. Answers: "ja" for check; "ja"/"nej"
 * for yesno; an option id for choice; text for text; YYYY-MM-DD for date.
 * Answering an answered step changes the answer; answering it with the
 * answer it holds changes nothing and logs nothing (RUN_OK). */
enum run_error run_answer(struct run *run, const char *step, const char *answer,
    unsigned flags, struct guard_result *guard);
/* How many answers of later steps the last operation retracted (a
 * changed answer hid them; each has its step.retracted event). */
size_t run_retracted(const struct run *run);
enum run_error run_not_applicable(struct run *run, const char *step,
    const char *reason, unsigned flags, struct guard_result *guard);
enum run_error run_skip(struct run *run, const char *step, const char *reason,
    unsigned flags, struct guard_result *guard);
enum run_error run_note(struct run *run, const char *step, const char *text,
    unsigned flags, struct guard_result *guard);
/* For a visible critical step that is skipped or unanswered. */
enum run_error run_deviation(struct run *run, const char *step,
    const char *reason, unsigned flags, struct guard_result *guard);
enum run_error run_acknowledge_stop(struct run *run, const char *step);
/* The second person confirms step `step`'s answer, which must be
 * `answer` still (what she was shown): `account` (not the one who gave
 * the answer) with role `role` (log_role_name()). The event is emitted
 * like any other: the caller's emit writes it with her key. The run may
 * be active or paused. */
enum run_error run_confirm(struct run *run, const char *step, const char *answer,
    const char *account, const char *role);
enum run_error run_pause(struct run *run);
enum run_error run_resume(struct run *run);
enum run_error run_complete(struct run *run);
/* Opens a completed run again, for corrections a supervisor asked for
 * (who may is the caller's rule); completing it again ends them. */
enum run_error run_reopen(struct run *run);
enum run_error run_abort(struct run *run, const char *reason, unsigned flags,
    struct guard_result *guard);

/* ---- Looking at a run ---- */

const struct routine *run_routine(const struct run *run);
enum run_status run_status(const struct run *run);
enum run_mode run_mode(const struct run *run);
const char *run_case_ref(const struct run *run);
const char *run_abort_reason(const struct run *run); /* NULL unless aborted */
/* When it started, and when it was completed (0 unless it is now), in ms
 * since 1970. */
int64_t run_started_at(const struct run *run);
int64_t run_completed_at(const struct run *run);

/* By step index (0 .. routine_step_count()-1). */
bool run_step_visible(const struct run *run, size_t i);
enum step_status run_step_status(const struct run *run, size_t i);
/* The answer (ANSWERED) or the reason (NOT_APPLICABLE, SKIPPED); else NULL. */
const char *run_step_value(const struct run *run, size_t i);
/* When the step got its answer or reason (ms since 1970), or 0. */
int64_t run_step_time(const struct run *run, size_t i);
/* The recorded deviation reason, or NULL. */
const char *run_step_deviation(const struct run *run, size_t i);
/* A visible critical step that is skipped or unanswered. */
bool run_step_is_deviation(const struct run *run, size_t i);
/* Whether the active run's shown step `step` holds exactly `answer`, so
 * that answering it so would change nothing. */
bool run_step_holds(const struct run *run, const char *step, const char *answer);
/* The routine's message when answering `step` with `answer` would
 * contradict another answer of the run (the step's own `contradicts`, or
 * a later answered step's that names this step); NULL when it would not.
 * run_answer() then needs RUN_CONFIRMED. The text belongs to the routine. */
const char *run_contradiction(const struct run *run, const char *step,
    const char *answer);
/* The contradiction step `i`'s answer stands in now (confirmed when it was
 * given), or NULL. */
const struct step_contradiction *run_step_contradiction(const struct run *run,
    size_t i);
/* Who must confirm step `i`'s answer in this run (its routine's
 * `second_person`, unless that is the organisation's choice and the run
 * started with the option off). */
enum second_person run_step_second(const struct run *run, size_t i);
/* Who gave step `i`'s answer, and who confirmed it (NULL: no one yet;
 * both NULL for a step that is not answered), and when (ms, or 0). */
const char *run_step_answered_by(const struct run *run, size_t i);
const char *run_step_confirmed_by(const struct run *run, size_t i, int64_t *when);
/* A visible answered step whose second person has not confirmed it. */
bool run_step_awaits_second(const struct run *run, size_t i);
/* Whether the run started with the option "second_person" on. */
bool run_second_on(const struct run *run);
/* A visible stop step not yet acknowledged. */
bool run_step_halts(const struct run *run, size_t i);
/* The first visible step that needs the caseworker: a halting stop or an
 * unanswered step; -1 when there is none. Resume there. */
long run_current(const struct run *run);

size_t run_note_count(const struct run *run);
/* The i-th note: its step index and text. */
const char *run_note_text(const struct run *run, size_t i, size_t *step);

enum run_blocker_kind {
	BLOCK_UNANSWERED,  /* a visible required step is pending */
	BLOCK_NO_REASON,   /* a deviation without a reason */
	BLOCK_STOP,        /* a stop not acknowledged */
	BLOCK_SECOND,      /* an answer waits for a second person */
};
struct run_blocker {
	enum run_blocker_kind kind;
	size_t step;
};
/* Why the run cannot be completed now: fills up to `max` blockers in step
 * order and returns how many there are in all (0: it can be completed). */
size_t run_blockers(const struct run *run, struct run_blocker *out, size_t max);

struct run_summary {
	size_t visible;
	size_t answered;
	size_t not_applicable;
	size_t skipped;
	size_t pending;
	size_t deviations;      /* visible critical steps skipped or unanswered */
	size_t notes;
	int64_t active_ms;      /* time spent, pauses excluded */
};
void run_summarize(const struct run *run, struct run_summary *out);

/* Writes the whole state as text, one fact a line, in a fixed order: two
 * runs with equal dumps are in the same state. For tests and debugging. */
void run_dump(const struct run *run, FILE *out);

#endif

/* The debrief of an exercise session: every trainee's run replayed from
 * the log and scored against the exercise (checklists/score.h), with what
 * a trainer goes through afterwards: missed expectations and why, wrong
 * answers, skipped steps and their reasons, texts the guard flagged that
 * the trainee confirmed, time per step; and for the class, how often each
 * expectation was missed. The class view and `rutin exercise report` both
 * read it. Knows no screen. */
#ifndef RUTIN_DEBRIEF_H
#define RUTIN_DEBRIEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/exercise.h"
#include "checklists/score.h"
#include "runlog/xsession.h"

struct debrief_trainee {
	char account[65];
	char run_id[LOG_ID_LEN];
	struct run *run;          /* replayed; NULL when it could not be */
	char problem[256];        /* why not, for the trainer */
	struct exercise_score score;
	struct run_summary sum;
	long current;             /* the step the run waits at, or -1 */
	size_t deviations;        /* so far: critical steps skipped, or left
	                           * open before where the run waits (all
	                           * open ones once it is finished) */
	size_t confirmed_flags;   /* logged texts the guard flags (confirmed) */
	size_t injects_shown;     /* exercise.shown events of the run */
	size_t guard_refused;     /* exercise.guard_refused events of the run:
	                           * texts the guard stopped (never logged) */
	size_t too_fast;          /* steps answered faster than they can be
	                           * read (checklists/reading.h) */
	int64_t *step_ms;         /* per step index: time until its events,
	                           * pauses left out */
	int64_t started, last_time; /* ms since 1970 */
	int64_t restarted;        /* ms since 1970 the trainer set the run
	                           * aside (exercise.restarted), else 0: it
	                           * is listed, not scored, not counted */
};

struct debrief {
	struct debrief_trainee *trainees; /* by account, then by when the
	                                   * run began */
	size_t count;
	size_t scored;            /* trainees' runs not restarted */
	size_t *missed;           /* per expectation: runs (not restarted)
	                           * that missed it */
	size_t expectation_count;
};

/* Reads the runs joined to session `s`, replays each with routine `r` and
 * scores it with `ex` (the injects' acknowledgements too, timed to `now`
 * or to the session's end). A run that cannot be replayed is listed with its
 * problem (and no score). Free with debrief_free(). */
enum log_status debrief_load(struct log *log, const struct xstate *st,
    const struct xsession *s, const struct exercise *ex,
    const struct routine *r, int64_t now, struct debrief *out,
    struct log_error *err);
void debrief_free(struct debrief *d);

/* The run's status as a word ("active", "completed"...), "restarted" or
 * "unreadable":
 * for machines (CSV, JSON Lines). */
const char *debrief_status(const struct debrief_trainee *t);

/* The same for people, in the interface's language. */
const char *debrief_status_label(const struct debrief_trainee *t);

/* A step of the routine for a sentence: its prompt, quoted (cut with
 * "…"), found by id; the id when the routine has no such step. Into
 * buf. */
void debrief_step_words(const struct routine *r, const char *id, char *buf, size_t size);

/* What an expectation's value says: an answer in words (a choice's
 * label, yes, no, done), a reason (not applicable, skipped) as it is;
 * NULL when there is none. Owned by the routine, the catalog or `e`. */
const char *debrief_value_words(const struct routine *r, const struct expect_score *e);

#endif

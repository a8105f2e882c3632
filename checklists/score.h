/* Scoring an exercise run: each expectation of the exercise compared with
 * the run's state (the run engine, run.h). Pure: no screen, no database.
 *
 * An expectation is met when its step is shown and answered with one of
 * the expected answers (any answer when none are listed). Anything else
 * misses it: another answer, "not applicable", skipped, unanswered, or
 * the step hidden by an earlier answer, the expected answer given
 * faster than the step can be read, or without the note the expectation
 * asks for. The score is the sum of the met
 * expectations' points; the run passes when the score reaches the pass
 * mark and no critical expectation is missed. */
#ifndef RUTIN_SCORE_H
#define RUTIN_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/exercise.h"
#include "checklists/run.h"

enum expect_result {
	EXPECT_MET,
	EXPECT_WRONG,          /* answered with an answer not expected */
	EXPECT_NOT_APPLICABLE, /* marked not applicable */
	EXPECT_SKIPPED,        /* skipped */
	EXPECT_UNANSWERED,     /* nothing yet: shown, or waiting for the open
	                        * step its `when` names */
	EXPECT_HIDDEN,         /* not shown: an earlier answer hid it */
	EXPECT_TOO_FAST,       /* the expected answer, given faster than the
	                        * step can be read (checklists/reading.h),
	                        * unless the exercise turns the floor off */
	EXPECT_NO_NOTE,        /* the expected answer, without the note the
	                        * expectation asks for (why) */
	EXPECT_LATE,           /* an inject acknowledged, but later than it
	                        * asks */
};

struct expect_score {
	const struct exercise_expectation *e;
	enum expect_result result;
	const char *value;     /* the answer or reason (the run's), or NULL */
	long points;           /* awarded: e->points when met, else 0 */
};

/* An inject that asks for an acknowledgement, in one run: what the log
 * says (the caller reads it; this module reads no log). */
struct inject_seen {
	const char *inject;    /* its id */
	int64_t shown;         /* ms since 1970 it was first shown; 0: never */
	int64_t acknowledged;  /* ms since 1970; 0: not (yet) */
	int64_t paused_ms;     /* the class was paused this long in between
	                        * (until now when not acknowledged) */
	int64_t now;           /* ms since 1970, for one not acknowledged yet */
};

struct ack_score {
	const struct exercise_inject *in;
	enum expect_result result; /* MET, LATE, UNANSWERED (shown, not
	                        * acknowledged) or HIDDEN (not shown) */
	int64_t ms;            /* from showing to acknowledgement (or now),
	                        * pauses left out; 0 when not shown */
	long points;           /* awarded */
};

struct exercise_score {
	long points;
	long max_points;
	long pass_mark;
	size_t met;
	size_t critical_missed;
	bool passed;
	struct expect_score *items; /* one per expectation, in file order */
	size_t count;
	struct ack_score *acks;     /* one per inject asking for an
	                             * acknowledgement, in file order (after
	                             * score_acknowledgements) */
	size_t ack_count;
};

/* Scores `run` (a run of the exercise's routine) against `ex`. The items
 * point into ex and run: keep both while using them. Free with
 * score_free(). */
void score_exercise(const struct exercise *ex, const struct run *run,
    struct exercise_score *out);
/* Adds the injects' acknowledgements to a score made by score_exercise:
 * `seen` holds what the log says for the injects that ask for one (in
 * any order; an inject not in it was never shown). An acknowledgement
 * within the inject's minutes earns its points; a late one, one not
 * given, or an inject never shown earns none (a trainer who does not
 * send an inject with points takes them from everyone: lint says so). */
void score_acknowledgements(const struct exercise *ex, const struct inject_seen *seen,
    size_t n, struct exercise_score *out);
void score_free(struct exercise_score *s);

/* A short English name: "met", "wrong", "not-applicable", "skipped",
 * "unanswered", "hidden", "too-fast", "no-note", "late" (for CSV and JSON
 * Lines). */
const char *score_result_name(enum expect_result r);
/* The same for people, translated: "another answer", "skipped"... */
const char *score_result_label(enum expect_result r);

#endif

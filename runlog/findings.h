/* Findings: what a supervisor must look at first in a run, computed from
 * its events and its routine (issue 11). Knows no screen and no database:
 * it takes the run's events as the engine's (runlog_collect gives them
 * from a log) and replays them itself. */
#ifndef RUTIN_FINDINGS_H
#define RUTIN_FINDINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "checklists/run.h"

enum finding_kind {
	FINDING_CRITICAL_SKIPPED,  /* a critical step skipped; the reason */
	FINDING_CRITICAL_OPEN,     /* a critical step left open with a deviation reason */
	FINDING_CRITICAL_NA,       /* a critical step marked not applicable */
	FINDING_CONTRADICTION,     /* an answer confirmed against one it contradicts */
	FINDING_PROTECTION_OFF,    /* a protection gate's answer hides critical steps */
	FINDING_STOP,              /* a stop acknowledged, and minutes to the next step */
	FINDING_CONFIRMED_FLAG,    /* logged text the guard flags: it was confirmed */
	FINDING_RETRACTED,         /* an answer retracted by a changed earlier answer */
	FINDING_NOTES,             /* how many notes the run has */
	FINDING_ROUTINE_CHANGED,   /* the routine's text differs from the current one */
	FINDING_FAST,              /* unusually fast against this routine's runs (a note) */
	/* a deadline the routine declares, met late or not met and due (its
	 * place is the one the leak routine's 72 hours to IMY had, so the
	 * findings cache's bits keep their meaning) */
	FINDING_DEADLINE,
	FINDING_KIND_COUNT
};

/* Unusually fast (doc/rutin.1, FINDINGS): a finished run's pace is the
 * median time from one piece of step work to the next, pauses left out,
 * over at least FINDING_FAST_MIN_STEPS steps. It is fast below a third of its
 * routine's baseline (the median pace of the routine's finished runs in
 * the findings cache, once there are FINDING_FAST_MIN_RUNS), and always
 * below the floor: nobody reads a step and answers it in under 5 s. */
#define FINDING_FAST_FLOOR_MS 5000
#define FINDING_FAST_DIVISOR 3
#define FINDING_FAST_MIN_STEPS 5
#define FINDING_FAST_MIN_RUNS 5

struct finding {
	enum finding_kind kind;
	bool critical;       /* a supervisor must look at it */
	long step;           /* the step's index, or -1 */
	int64_t time;        /* ms since 1970 of the event it comes from, or 0 */
	char detail[512];    /* in words (prompts, labels); never the logged text
	                      * itself: it may hold data */
};

struct findings {
	struct finding *items; /* in the order of the events */
	size_t count;
	size_t critical;       /* how many of them are critical */
	int64_t active_ms;     /* time spent in the run, pauses left out */
	int64_t pace_ms;       /* the median time per step; -1: too few steps,
	                        * or the run is not finished */
	/* Until when (ms) the same events give the same findings: a
	 * deadline not due yet may still run out; INT64_MAX otherwise. */
	int64_t stable_until;
};

/* The findings of the run in `evs` (n events, the first run.started) of
 * routine `r`; `current_hash` is the hex hash of the routine installed now
 * (NULL: not installed), `now` ms since 1970, `baseline_ms` the routine's
 * median pace in this log (0: not known; the floor alone decides).
 * Returns RUN_OK, or the replay's error when the events do not fit the
 * routine. */
enum run_error findings_of(const struct routine *r, const struct run_event *evs,
    size_t n, const char *current_hash, int64_t now, int64_t baseline_ms,
    struct findings *out);
/* The same, and the run replayed from the events into *run_out (the
 * caller frees it with run_free; nothing it is given is logged): a view
 * that shows the run's steps and its findings replays it once. */
enum run_error findings_of_run(const struct routine *r, const struct run_event *evs,
    size_t n, const char *current_hash, int64_t now, int64_t baseline_ms,
    struct findings *out, struct run **run_out);
void findings_free(struct findings *f);

/* Whether a run of pace `pace_ms` (-1: none) is unusually fast against
 * `baseline_ms` (0: none). */
bool findings_fast(int64_t pace_ms, int64_t baseline_ms);

/* The baseline from the paces of a routine's finished runs: `n` of
 * them, whose middle ones (sorted) are `lower` and `upper` (the same one
 * for an odd n). Their median, or 0 with fewer than
 * FINDING_FAST_MIN_RUNS. */
int64_t findings_baseline(int64_t n, int64_t lower, int64_t upper);

/* The kinds present, as bits (1 << kind). */
uint32_t findings_kinds(const struct findings *f);

/* The kind with this token, or -1. */
int finding_kind_of(const char *token);

/* A stable name for scripts ("critical-skipped"), never translated; and a
 * short translated one for people. */
const char *finding_token(enum finding_kind k);
const char *finding_name(enum finding_kind k);

#endif

/* Where a run stands against its routine's deadlines (routine.h: struct
 * routine_deadline; checklists/FORMAT.md, "Deadlines"). Knows no screen
 * and no database: it reads the run as the engine holds it. */
#ifndef RUTIN_DEADLINE_H
#define RUTIN_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/run.h"

enum deadline_state {
	DEADLINE_NONE,    /* does not apply: the run was aborted, the step that
	                   * meets it is hidden or not applicable, or the date
	                   * step is not answered (no date yet) */
	DEADLINE_OPEN,    /* not met, not due yet */
	DEADLINE_MET,     /* met in time */
	DEADLINE_LATE,    /* met after it was due */
	DEADLINE_MISSED,  /* not met, and due */
};

struct run_deadline {
	const struct routine_deadline *d; /* the routine's */
	enum deadline_state state;
	int64_t due;      /* ms since 1970; 0 with DEADLINE_NONE */
	int64_t done;     /* when it was met (ms), or 0 */
};

/* Fills out[] with the state of each of the run's routine's deadlines at
 * `now` (ms since 1970), in the routine's order, up to `max`; returns how
 * many the routine has. */
size_t deadline_of_run(const struct run *run, int64_t now, struct run_deadline *out,
    size_t max);

/* Whether a state is due or past it (not met in time). */
bool deadline_failed(enum deadline_state s);

/* The end of the day `date` (YYYY-MM-DD) names, local time, in ms since
 * 1970; false when it is no date. */
bool deadline_end_of_day(const char *date, int64_t *out);

#endif

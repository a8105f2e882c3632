/* What is due: the deadlines not yet met of a list of runs
 * (checklists/deadline.h), soonest first -- what the caseworker's home
 * screen lists and its header counts. Knows no screen.
 *
 * Memory: *out is an array the caller frees; its deadlines belong to the
 * routines given, which must outlive it. */
#ifndef RUTIN_DUE_H
#define RUTIN_DUE_H

#include <stddef.h>
#include <stdint.h>

#include "checklists/deadline.h"
#include "db/log.h"

struct due_item {
	size_t run;                        /* index in the runs given */
	const struct routine_deadline *d;  /* the routine's */
	int64_t due;                       /* ms since 1970 */
};

/* The deadlines of runs[0..n-1] not met at `now` (open, or due and not
 * met), soonest first: routines[i] is runs[i]'s routine (NULL: not
 * installed). A run whose routine is not installed, or whose events do
 * not fit its routine any more (the routine changed), has deadlines no
 * one can know: *unknown counts those runs, for the screen to say so
 * rather than show nothing as if nothing were due. RUN_OK, or RUN_E_LOG
 * with a message. */
enum run_error due_of_runs(struct log *log, const struct log_run_info *runs,
    const struct routine *const *routines, size_t n, int64_t now,
    struct due_item **out, size_t *count, size_t *unknown, char *msg,
    size_t msg_size);

#endif

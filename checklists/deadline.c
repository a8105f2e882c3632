#include "config.h"

#include <string.h>

#include "checklists/deadline.h"
#include "common/when.h"

bool
deadline_end_of_day(const char *date, int64_t *out)
{
	int64_t t = strlen(date) == 10 ? when_parse_day(date, 1) : -1;

	if (t < 0)
		return false;
	*out = t;
	return true;
}

bool
deadline_failed(enum deadline_state s)
{
	return s == DEADLINE_LATE || s == DEADLINE_MISSED;
}

/* When the deadline falls for this run; false when it has no date yet. */
static bool
due_time(const struct run *run, const struct routine_deadline *d, int64_t *due)
{
	const char *date;

	if (d->from == DEADLINE_HOURS) {
		*due = run_started_at(run) + (int64_t)d->hours * 3600 * 1000;
		return true;
	}
	if (!run_step_visible(run, d->date_step) ||
	    run_step_status(run, d->date_step) != STEP_ANSWERED)
		return false;
	date = run_step_value(run, d->date_step);
	return date != NULL && deadline_end_of_day(date, due);
}

/* Whether the deadline applies, and when it was met (0: not yet). */
static bool
met_time(const struct run *run, const struct routine_deadline *d, int64_t *done)
{
	*done = 0;
	if (d->met_by < 0) {
		*done = run_completed_at(run);
		return true;
	}
	if (!run_step_visible(run, (size_t)d->met_by) ||
	    run_step_status(run, (size_t)d->met_by) == STEP_NOT_APPLICABLE)
		return false;
	if (run_step_status(run, (size_t)d->met_by) == STEP_ANSWERED)
		*done = run_step_time(run, (size_t)d->met_by);
	return true;
}

static void
deadline_of(const struct run *run, const struct routine_deadline *d, int64_t now,
    struct run_deadline *out)
{
	memset(out, 0, sizeof(*out));
	out->d = d;
	out->state = DEADLINE_NONE;
	if (run_status(run) == RUN_ABORTED || !due_time(run, d, &out->due) ||
	    !met_time(run, d, &out->done)) {
		out->due = out->done = 0;
		return;
	}
	if (out->done != 0)
		out->state = out->done <= out->due ? DEADLINE_MET : DEADLINE_LATE;
	else
		out->state = now <= out->due ? DEADLINE_OPEN : DEADLINE_MISSED;
}

size_t
deadline_of_run(const struct run *run, int64_t now, struct run_deadline *out, size_t max)
{
	const struct routine *r = run_routine(run);
	size_t n = routine_deadline_count(r), i;

	for (i = 0; i < n && i < max; i++)
		deadline_of(run, routine_deadline(r, i), now, &out[i]);
	return n;
}

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "runlog/due.h"
#include "runlog/runlog.h"

static int
soonest_first(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->run < y->run ? -1 : x->run > y->run;
}

/* Whether the run was started with exactly this text of its routine. */
static bool
same_text(const struct log_run_info *ri, const struct routine *r)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];

	routine_hash_hex(r, hex);
	return strcmp(hex, ri->routine_hash) == 0;
}

/* Adds run i's deadlines not met to *out. */
static enum run_error
add_run(struct log *log, const struct log_run_info *ri, const struct routine *r,
    size_t i, int64_t now, struct due_item **out, size_t *count, size_t *unknown,
    char *msg, size_t msg_size)
{
	struct run_deadline d[ROUTINE_MAX_DEADLINES];
	struct runlog rl;
	struct run *run = NULL;
	enum run_error e;
	size_t k, n;

	memset(&rl, 0, sizeof(rl));
	rl.log = log;
	snprintf(rl.run_id, sizeof(rl.run_id), "%s", ri->run_id);
	e = runlog_restore(&rl, r, &run, msg, msg_size);
	if (e == RUN_E_REPLAY) {
		(*unknown)++; /* see due.h */
		return RUN_OK;
	}
	if (e != RUN_OK)
		return e;
	n = deadline_of_run(run, now, d, ROUTINE_MAX_DEADLINES);
	for (k = 0; k < n && k < ROUTINE_MAX_DEADLINES; k++) {
		if (d[k].state != DEADLINE_OPEN && d[k].state != DEADLINE_MISSED)
			continue;
		*out = xreallocarray(*out, *count + 1, sizeof(**out));
		(*out)[*count].run = i;
		(*out)[*count].d = d[k].d;
		(*out)[(*count)++].due = d[k].due;
	}
	run_free(&run);
	return RUN_OK;
}

enum run_error
due_of_runs(struct log *log, const struct log_run_info *runs,
    const struct routine *const *routines, size_t n, int64_t now,
    struct due_item **out, size_t *count, size_t *unknown, char *msg, size_t msg_size)
{
	enum run_error e;
	size_t i;

	*out = NULL;
	*count = *unknown = 0;
	for (i = 0; i < n; i++) {
		if (routines[i] == NULL) {
			(*unknown)++;
			continue;
		}
		if (routine_deadline_count(routines[i]) == 0 && same_text(&runs[i], routines[i]))
			continue; /* its routine declares none: nothing to replay */
		e = add_run(log, &runs[i], routines[i], i, now, out, count, unknown, msg,
		    msg_size);
		if (e != RUN_OK) {
			free(*out);
			*out = NULL;
			*count = 0;
			return e;
		}
	}
	if (*count > 1)
		qsort(*out, *count, sizeof(**out), soonest_first);
	return RUN_OK;
}

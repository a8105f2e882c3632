#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "runlog/runlog.h"
#include "runlog/second.h"

bool
second_may_confirm(enum second_person who, const char *answered_by,
    const char *account, enum log_role role)
{
	if (who == SECOND_NONE || account == NULL ||
	    (answered_by != NULL && strcmp(answered_by, account) == 0))
		return false;
	return role == ROLE_SUPERVISOR || (who == SECOND_COLLEAGUE &&
	    role == ROLE_CASEWORKER);
}

static int
oldest_first(const void *a, const void *b)
{
	const struct second_item *x = a, *y = b;

	if (x->since != y->since)
		return x->since < y->since ? -1 : 1;
	return x->run != y->run ? (x->run < y->run ? -1 : 1) :
	    (x->step < y->step ? -1 : x->step > y->step);
}

static void
add_waiting(const struct run *run, size_t ri, const char *account, enum log_role role,
    struct second_item **out, size_t *count)
{
	size_t i, n = routine_step_count(run_routine(run));

	for (i = 0; i < n; i++) {
		struct second_item *it;

		if (!run_step_awaits_second(run, i) || (account != NULL &&
		    !second_may_confirm(run_step_second(run, i),
		    run_step_answered_by(run, i), account, role)))
			continue;
		*out = xreallocarray(*out, *count + 1, sizeof(**out));
		it = &(*out)[(*count)++];
		it->run = ri;
		it->step = i;
		it->who = run_step_second(run, i);
		it->answered_by = xstrdup(run_step_answered_by(run, i) ?
		    run_step_answered_by(run, i) : "");
		it->answer = xstrdup(run_step_value(run, i));
		it->since = run_step_time(run, i);
	}
}

/* Whether any step of `r` may need a second person: the others' runs
 * are not read at all (home counts on every change of the log). */
static bool
asks_second(const struct routine *r)
{
	size_t i;

	for (i = 0; i < routine_step_count(r); i++)
		if (routine_step(r, i)->second != SECOND_NONE)
			return true;
	return false;
}

enum run_error
second_waiting(struct log *log, const struct log_run_info *runs,
    const struct routine *const *routines, size_t n, const char *account,
    enum log_role role, struct second_item **out, size_t *count, size_t *unknown,
    char *msg, size_t msg_size)
{
	size_t i;

	*out = NULL;
	*count = *unknown = 0;
	for (i = 0; i < n; i++) {
		struct runlog rl;
		struct run *run = NULL;
		enum run_error e;

		if (routines[i] == NULL) {
			(*unknown)++;
			continue;
		}
		if (!asks_second(routines[i]))
			continue;
		memset(&rl, 0, sizeof(rl));
		rl.log = log;
		snprintf(rl.run_id, sizeof(rl.run_id), "%s", runs[i].run_id);
		e = runlog_restore(&rl, routines[i], &run, msg, msg_size);
		if (e == RUN_E_REPLAY) {
			(*unknown)++;
			continue;
		}
		if (e != RUN_OK) {
			second_items_free(*out, *count);
			*out = NULL;
			*count = 0;
			return e;
		}
		add_waiting(run, i, account, role, out, count);
		run_free(&run);
	}
	if (*count > 1)
		qsort(*out, *count, sizeof(**out), oldest_first);
	return RUN_OK;
}

void
second_items_free(struct second_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].answered_by);
		free(items[i].answer);
	}
	free(items);
}

enum run_error
second_confirm(struct log *log, const char *run_id, const struct routine *r,
    const char *step, const char *answer, char *msg, size_t msg_size)
{
	struct runlog rl;
	struct run *run = NULL;
	enum run_error e;

	memset(&rl, 0, sizeof(rl));
	rl.log = log;
	snprintf(rl.run_id, sizeof(rl.run_id), "%s", run_id);
	if ((e = runlog_restore(&rl, r, &run, msg, msg_size)) != RUN_OK)
		return e;
	e = run_confirm(run, step, answer, log_user(log), log_role_name(log_role(log)));
	if (e == RUN_E_LOG)
		snprintf(msg, msg_size, "%s", rl.error.message);
	else if (e != RUN_OK)
		snprintf(msg, msg_size, "%s", run_error_message(e));
	run_free(&run);
	return e;
}

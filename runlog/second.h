/* Steps waiting for a second person (checklists/routine.h's
 * second_person): what an account may confirm in others' open runs -- the
 * list the caseworker's home and the supervisor's queue open -- and the
 * confirmation from her own session. Knows no screen.
 *
 * Memory: *out is an array the caller frees with second_items_free();
 * each item's strings are its own; its step belongs to the routine
 * given, which must outlive it. */
#ifndef RUTIN_SECOND_H
#define RUTIN_SECOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/run.h"
#include "db/log.h"

struct second_item {
	size_t run;                /* index in the runs given */
	size_t step;               /* the step's index in its routine */
	enum second_person who;    /* what the step asks for */
	char *answered_by;
	char *answer;              /* the answer as stored (an option's id) */
	int64_t since;             /* when it was answered (ms) */
};

/* Whether an account of `role` that is `account` may confirm an answer
 * `answered_by` gave to a step that asks for `who`. */
bool second_may_confirm(enum second_person who, const char *answered_by,
    const char *account, enum log_role role);

/* The steps of runs[0..n-1] (open runs; routines[i] is runs[i]'s routine,
 * NULL: not installed) that wait for a second person and that `account`
 * of `role` may confirm (every waiting step when `account` is NULL),
 * oldest answer first. Runs whose events do not fit their routine are
 * left out and counted in *unknown. RUN_OK, or RUN_E_LOG with a message. */
enum run_error second_waiting(struct log *log, const struct log_run_info *runs,
    const struct routine *const *routines, size_t n, const char *account,
    enum log_role role, struct second_item **out, size_t *count, size_t *unknown,
    char *msg, size_t msg_size);
void second_items_free(struct second_item *items, size_t n);

/* Confirms, as the account of `log`, step `step`'s answer `answer` in
 * run `run_id` of routine `r` (the run read again from the log, so what
 * she confirms is what it holds now). The engine's error, RUN_E_LOG with
 * the log's message, or RUN_OK. */
enum run_error second_confirm(struct log *log, const char *run_id,
    const struct routine *r, const char *step, const char *answer, char *msg,
    size_t msg_size);

#endif

/* The unit's egenkontroll in numbers (issue 27): what `rutin review stats`
 * prints per routine and month and what `rutin report` draws for a
 * period, computed once, from the same replays, so that the report's
 * charts and the command's table cannot disagree. Each run is replayed
 * with its routine (review_findings_run): its findings, its steps skipped
 * or not applicable, its deadlines. Knows no screen and no drawing.
 *
 * Memory: a struct stats owns its arrays (stats_free); routine ids are
 * copied, deadline titles belong to the routines given, which must
 * outlive it. */
#ifndef RUTIN_STATS_H
#define RUTIN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/deadline.h"
#include "db/log.h"
#include "runlog/findings.h"

/* One routine in one month (of the runs' starts): review stats' row. */
struct stats_cell {
	char routine[65];
	char month[8];          /* YYYY-MM, local time */
	size_t runs, completed, signed_, with_findings, findings, critical_skips;
	size_t confirmed_flags;
	int64_t *minutes;       /* active minutes of each completed run, sorted */
	size_t timed;
};

/* One routine over the whole period. */
struct stats_routine {
	char id[65];
	const struct routine *r;    /* NULL: not installed here */
	size_t started, completed, paused, active, aborted;
	size_t returned;            /* returned, whether corrected since or not */
	size_t signed_;
	size_t with_critical;       /* runs with a critical finding */
	size_t unknown;             /* runs whose findings could not be computed */
	size_t kinds[FINDING_KIND_COUNT]; /* findings of each kind */
	int64_t *active_ms;         /* each completed run's, sorted */
	size_t timed;
};

/* A week (Monday, local time) of run starts, by the runs' status now. */
struct stats_week {
	int64_t monday;             /* ms since 1970 */
	size_t status[RUN_STATUS_COUNT];
};

/* A step skipped or marked not applicable, and how often. */
struct stats_step {
	char routine[65];
	long step;                  /* its index in the routine */
	size_t skipped, not_applicable;
};

/* A run against one of its routine's deadlines: the time from the run's
 * start to when it was met (or to `now`, not met yet), against the time
 * the deadline allowed. */
struct stats_deadline {
	char routine[65];
	const struct routine_deadline *d;
	int64_t taken_ms, allowed_ms;
	bool met;
};

/* A signed run: the time from its completion to its signature. */
struct stats_latency {
	int64_t ms;
	char account[65];           /* the caseworker's */
	char reviewer[65];
};

struct stats {
	int64_t from, to;           /* runs started in [from, to); 0: open */
	size_t runs;
	struct stats_routine *routines;
	size_t nroutines;
	struct stats_cell *cells;   /* by routine, then month */
	size_t ncells;
	struct stats_week *weeks;   /* oldest first, every week of the period */
	size_t nweeks;
	struct stats_step *steps;   /* most often skipped or n/a first */
	size_t nsteps;
	struct stats_deadline *deadlines;
	size_t ndeadlines;
	struct stats_latency *latencies; /* shortest first */
	size_t nlatencies;
};

/* The routine of an id in the text with that hash, as review_find_fn
 * (the caller's catalog). */
typedef const struct routine *(*stats_find_fn)(void *ctx, const char *id,
    const char *hash);

/* The numbers of the runs started in [from, to) (0: no bound), of the
 * routines in ids[0..nids-1] (none: every routine), at `now`. LOG_OK, or
 * the log's error. */
enum log_status stats_collect(struct log *log, stats_find_fn find, void *ctx,
    int64_t from, int64_t to, const char *const *ids, size_t nids, int64_t now,
    struct stats *out, struct log_error *err);
void stats_free(struct stats *s);

/* The median of n sorted values (of an even count, the upper of the two
 * middle ones, as review stats has always said it), or -1 when n is 0. */
int64_t stats_median(const int64_t *v, size_t n);

#endif

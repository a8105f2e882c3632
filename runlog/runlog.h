/* The run engine's events to and from the log: the glue that lets
 * checklists/ know no database and db/ know no routine. Which fields an
 * event carries comes from the vocabulary (common/vocab.h). runlog/ knows
 * no screen: the interface and the unit tests link it alike. */
#ifndef RUTIN_RUNLOG_H
#define RUTIN_RUNLOG_H

#include "checklists/run.h"
#include "db/log.h"

struct runlog {
	struct log *log;
	char run_id[LOG_ID_LEN];
	struct log_error error; /* the last failure, for the screen */
	/* The second person's own session, open at this terminal while she
	 * confirms (step.confirmed goes through it, signed with her key);
	 * NULL: every event goes through `log`. Not owned. */
	struct log *second;
};

#define RUNLOG_MAX_FIELDS 6

/* The log fields of engine event `ev` into `f` (pointing into `ev`, valid
 * while it is); returns how many. */
size_t runlog_fields(const struct run_event *ev, struct log_field f[RUNLOG_MAX_FIELDS]);

/* The run_io that appends every engine event to the log, durably, before
 * the engine applies it. */
struct run_io runlog_io(struct runlog *rl);

/* The engine's events of one run, as the log holds them (the run's
 * review events are left out); strings owned by the array. */
struct runlog_events {
	struct run_event *evs;
	size_t n, cap;
	bool bad;  /* an event rutin does not know */
	/* Set by runlog_collect_tapped: sees every event of the run as it
	 * is read, review events too (a second reader of the same pass). */
	int (*tap)(void *ctx, const struct log_event *ev);
	void *tap_ctx;
};

/* Reads run `run_id`'s events. RUN_OK, RUN_E_LOG (the log could not be
 * read) or RUN_E_REPLAY (unknown events, or none); a message in msg. */
enum run_error runlog_collect(struct log *log, const char *run_id,
    struct runlog_events *out, char *msg, size_t msg_size);

/* The same, each event also given to `tap` (its return value is
 * ignored); *tapped says whether every event reached it (false: the log
 * could not be read, and the tap may have seen some). */
enum run_error runlog_collect_tapped(struct log *log, const char *run_id,
    struct runlog_events *out, int (*tap)(void *ctx, const struct log_event *ev),
    void *tap_ctx, bool *tapped, char *msg, size_t msg_size);
void runlog_events_free(struct runlog_events *e);

/* Collecting without reading: adds one event of the log to `c` (zeroed
 * at first; its tap, if set, sees it too), as runlog_collect does for
 * each it reads; returns what log_events' callback would (0: go on).
 * Then runlog_events_check: RUN_OK, or RUN_E_REPLAY (an event rutin does
 * not know, or none) with a message. */
int runlog_events_add(struct runlog_events *c, const struct log_event *ev);
enum run_error runlog_events_check(const struct runlog_events *c, char *msg,
    size_t msg_size);

/* Rebuilds run `run_id` of routine `r` from the log. On failure returns
 * the engine's or log's error and writes a message into `msg`. */
enum run_error runlog_restore(struct runlog *rl, const struct routine *r,
    struct run **out, char *msg, size_t msg_size);

#endif

/* A supervisor's review of runs, shared by `rutin review` and the review
 * screens (issue 11): the last review of a run and its comment, the
 * findings of a logged run, who may sign or return it, and the access
 * log. Knows no screen: the caller finds the routine and prints. */
#ifndef RUTIN_RUNLOG_REVIEW_H
#define RUTIN_RUNLOG_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "db/log.h"
#include "runlog/findings.h"

struct runlog_events;

/* A run's last review event. */
struct review_note {
	bool any;              /* false: never signed or returned */
	bool returned;         /* review.returned (else review.signed) */
	int64_t seq, time;
	char by[65];
	char comment[512];     /* "" when none; as logged: print it cleaned */
	char step[65];         /* a return: the step it is about, or "" */
};

/* The last review of run `run_id` into *out; LOG_OK or a read error. */
enum log_status review_last(struct log *log, const char *run_id,
    struct review_note *out, struct log_error *err);

/* The findings of the logged run `ri`, replayed with `r` (the installed
 * routine of that id, or NULL); `now` ms since 1970; speed judged against
 * the routine's finished runs in the findings cache. RUN_OK, or an error
 * with a sentence in `why`: the routine is not installed, its text is not
 * the one the run followed, or the events do not replay. */
enum run_error review_findings(struct log *log, const struct routine *r,
    const struct log_run_info *ri, int64_t now, struct findings *out,
    char *why, size_t why_size);

/* The same, and the run replayed into *run_out (the caller frees it;
 * unchanged on an error): the run view replays it once. */
enum run_error review_findings_run(struct log *log, const struct routine *r,
    const struct log_run_info *ri, int64_t now, struct findings *out,
    struct run **run_out, char *why, size_t why_size);

/* The same from the run's events collected already (runlog_events_add:
 * a report reads a whole period's in one pass, runlog/stats.c). */
enum run_error review_findings_collected(struct log *log, const struct routine *r,
    const struct log_run_info *ri, const struct runlog_events *evs, int64_t now,
    struct findings *out, struct run **run_out, char *why, size_t why_size);

/* A reader of every event of the run (its timeline), given the events in
 * the findings' own pass; `read` is set when every event reached `cb`
 * (false: the routine was not there to replay with, or the log could not
 * be read: the caller reads the events itself, after forgetting what cb
 * was given). */
struct review_tap {
	int (*cb)(void *ctx, const struct log_event *ev);
	void *ctx;
	bool read;
};

/* review_findings_run with `tap` (NULL: none) reading the same pass. */
enum run_error review_findings_tapped(struct log *log, const struct routine *r,
    const struct log_run_info *ri, int64_t now, struct findings *out,
    struct run **run_out, struct review_tap *tap, char *why, size_t why_size);

/* What a list shows of a run's findings. */
struct review_counts {
	bool have;             /* false: they could not be computed */
	size_t count, critical;
	int64_t active_ms;     /* time spent, pauses left out */
	uint32_t kinds;        /* bits 1 << enum finding_kind */
	int64_t pace_ms;       /* median time per step; -1: too few steps */
};

/* The installed text of routine `id` with the canonical hash `hash` (a
 * run's), or another of its texts when none has it (the run then does
 * not replay, and says so), or NULL. */
typedef const struct routine *(*review_find_fn)(void *ctx, const char *id,
    const char *hash);

/* The counts of the findings of runs[0..n-1] into out[0..n-1]: from the
 * findings cache where it holds them for the run's last event, the
 * installed text and the time `now`; else computed from the events and
 * cached (in one transaction; an open run's row counts until its next
 * event). Then speed is
 * judged against each routine's finished runs in the cache (the cache
 * keeps no "unusually fast": it would change with every run). Reads the
 * cache rows into runs[]. */
void review_counts(struct log *log, review_find_fn find, void *ctx,
    struct log_run_info *runs, size_t n, int64_t now, struct review_counts *out);

/* Narrows `f` to runs that may have a finding of kind `kind` (-1: any
 * run), as the findings cache knows them; the caller keeps the rows
 * whose counts (review_counts) have the kind: review_has_kind. */
void review_filter_kind(struct log_run_filter *f, int kind);
bool review_has_kind(const struct review_counts *c, int kind);

/* Computes and caches the findings of every run the cache does not hold
 * for its last event yet, so a list of critical findings is one query. Returns how
 * many it computed, or -1 with err filled when the runs cannot be read
 * (a cache that cannot be written makes lists slower, nothing else). */
long review_fill_cache(struct log *log, review_find_fn find, void *ctx, int64_t now,
    struct log_error *err);

/* Checks every cache row against findings computed anew from the events
 * (rutin verify): a row that differs was not written by rutin from these
 * events. *checked counts the rows compared, *unchecked those whose
 * routine text is not installed here. Returns 0 when all agree, 1 with
 * the first differing run's id in `bad_run`, -1 with err filled. */
int review_check_cache(struct log *log, review_find_fn find, void *ctx,
    char bad_run[LOG_ID_LEN], size_t *checked, size_t *unchecked, struct log_error *err);

/* Why this session may not sign (`sign`) or return `ri`: REVIEW_MAY
 * when it may. A returned run not yet corrected may still be signed (the
 * supervisor changed her mind), not returned again. */
enum review_refusal {
	REVIEW_MAY,
	REVIEW_NOT_SUPERVISOR,  /* only supervisors review */
	REVIEW_OWN_RUN,         /* nobody reviews their own run */
	REVIEW_NOT_COMPLETED,   /* only a completed run is reviewed */
	REVIEW_AWAITS_CORRECTION, /* returned: the caseworker has it */
	REVIEW_ALREADY_SIGNED,
	REVIEW_NEEDS_COMMENT,   /* a return says what to correct */
};
enum review_refusal review_may_decide(struct log *log, const struct log_run_info *ri,
    bool sign);
/* The refusal as a sentence (translated). */
const char *review_refusal_message(enum review_refusal r);

/* Logs review.signed or review.returned of `ri` with `comment` (NULL or
 * "" for none) and, for a return, the id of the step it is about (`step`,
 * NULL or "" for the run as a whole; the caller has checked it is one of
 * the routine's). The one check of a decision: review_may_decide(), and
 * a return needs a comment. Refused: LOG_E_DENIED, nothing logged, and
 * *why says why (the caller says it in its words and picks the exit
 * status); else *why is REVIEW_MAY. The caller has guarded the comment. */
enum log_status review_decide(struct log *log, const struct log_run_info *ri,
    bool sign, const char *comment, const char *step, enum review_refusal *why,
    struct log_error *err);

/* Why a handover was refused (review_handover). */
enum handover_refusal {
	HANDOVER_MAY,
	HANDOVER_FINISHED,       /* only an unfinished run is handed over */
	HANDOVER_NOT_CASEWORKER, /* `to` is not a caseworker of this log */
	HANDOVER_SAME,           /* the run is already theirs */
};

/* Hands unfinished run `ri` to caseworker `to` (one on leave, holiday
 * cover): run.handed_over, not while a session has the run open. Refused:
 * LOG_E_DENIED with *why set, nothing logged; a run open elsewhere is the
 * log's error. The one rule for the command line and the interface; the
 * caller has checked the role (a supervisor's). */
enum log_status review_handover(struct log *log, const struct log_run_info *ri,
    const char *to, enum handover_refusal *why, struct log_error *err);
/* The refusal as a sentence (translated), `to` and the run's status in it
 * as the caller prints them; caller frees. */
char *review_handover_message(enum handover_refusal r, const struct log_run_info *ri,
    const char *to);

/* Whether run `ri`, with counts `c`, may be signed with others at once:
 * completed and never reviewed (a corrected run is looked at), its
 * findings computed and none, and this account may sign it. */
bool review_is_clean(struct log *log, const struct log_run_info *ri,
    const struct review_counts *c);

/* Signs each of runs[0..n-1] (with counts[0..n-1]) that review_is_clean,
 * one review.signed each, without a comment; *done counts them. LOG_OK,
 * or the first failure with err filled (the runs before it stay
 * signed). */
enum log_status review_sign_clean(struct log *log, const struct log_run_info *runs,
    const struct review_counts *counts, size_t n, size_t *done, struct log_error *err);

/* Logs access.recorded: this session's account read `what` (the review
 * queue, a run, …: common/vocab.h's ACCESS_READS) of run `run_id` (NULL:
 * no one run). */
enum log_status review_record_access(struct log *log, enum access_read what,
    const char *run_id, struct log_error *err);

/* An entry of the access log: access.recorded, review.*, export and
 * sample events, as the log holds them. */
struct access_entry {
	int64_t seq, time;
	char account[65];
	char run_id[LOG_ID_LEN]; /* "" when not about one run */
	char type[40];           /* the event's type */
	char what[128];          /* access.recorded's `what`, a review's comment
	                          * (cut), or "" */
};

/* The access log, oldest first, optionally of one run and one account;
 * *out is an array the caller frees. */
enum log_status review_access_log(struct log *log, const char *run_id,
    const char *account, struct access_entry **out, size_t *n,
    struct log_error *err);

#endif

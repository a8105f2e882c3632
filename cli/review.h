/* What the review commands share (review.c, review_unit.c): the session
 * the path opened with the routines to replay runs with, the run an
 * operand names, and rows in text, CSV or JSON Lines. Internal to cli/. */
#ifndef RUTIN_CLI_REVIEW_H
#define RUTIN_CLI_REVIEW_H

#include <stdint.h>
#include <stdio.h>

#include "checklists/run.h"
#include "cli/cmd.h"
#include "db/log.h"
#include "runlog/findings.h"
#include "tui/catalog.h"

/* What a review command has open: the log, and the routines to replay
 * runs with. Borrowed from the path's context; the session owns only the
 * catalog and own_dir. */
struct session {
	const char *cmd;
	struct opts o;
	struct log *log;
	struct catalog catalog;
	char *own_dir;
};

enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSONL };

/* What the commands that take a RUN say when it is missing. */
#define REVIEW_RUN_MISSING N_("give one run id (rutin review list shows them)")

/* Runs `run` on a session made from the path's context (the first
 * operand, or NULL, its run_id). */
int review_session_exec(struct cmd_ctx *c,
    int (*run)(struct session *s, const char *run_id));
/* An access.recorded event: who (the session's account), what, which
 * run; 0, or the exit status after a message. */
int review_session_access(struct session *s, enum access_read what, const char *run_id);
/* The run with this id or unique prefix; 0, or the exit status. A
 * caseworker finds only her own. */
int review_session_find_run(struct session *s, const char *prefix,
    struct log_run_info *out);
/* The installed routine of an id (a struct session * in ctx), or NULL:
 * runlog/stats.h's stats_find_fn. */
const struct routine *review_session_routine(void *ctx, const char *id,
    const char *hash);
/* The findings of a run, or a message why there are none. */
enum run_error review_session_findings(struct session *s, const struct log_run_info *ri,
    struct findings *out, char *why, size_t why_size);
/* ms since 1970 as local "YYYY-MM-DD HH:MM:SS" (timelines). */
void review_print_time(FILE *out, int64_t ms);
/* --format as one of `allowed` (1 << FORMAT_* bits); 0, or the exit status. */
int review_parse_format(struct session *s, unsigned allowed, enum format *out);
/* One row of `n` named values: text columns two spaces apart (cleaned
 * for the terminal), a CSV record, or a JSON object. */
void review_print_row(enum format fmt, const char *const *names,
    const char *const *values, size_t n);
/* The CSV header (with its byte order mark); nothing for text or JSON. */
void review_print_header(enum format fmt, const char *const *names, size_t n);

#endif

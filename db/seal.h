/* Seals: a signed line naming the log's head, kept outside the log (a
 * file elsewhere, the diarium, syslog), so that a rollback or a rewrite of
 * history is found later even by someone who could rewrite the whole file.
 *
 *   rutin-seal/1 log=<identity> seq=<n> head=<hash> time=<ms> at=<UTC>
 *       signer=<account> accounts=<name>:<role>,... sig=<signature>
 *
 * (one line). `log` is the hash of the log's first event, `seq` and `head`
 * those of the log.sealed event the seal appends, and `sig` that event's
 * own Ed25519 signature by `signer`; `accounts` the accounts and roles
 * the signed events give at that point (also the event's field, so its
 * hash covers them), which a restore reads (restore.c); no personal
 * data. db/FORMAT.md has the details and what seals can and cannot
 * show. */
#ifndef RUTIN_SEAL_H
#define RUTIN_SEAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/log.h"

#define LOG_SEAL_LEN 8192

/* Appends a log.sealed event and writes its seal line (no newline) into
 * `line`. Any account with a signing key may seal (automatic seals at the
 * end of a run); the command restricts itself to supervisors. */
enum log_status log_seal(struct log *log, char line[LOG_SEAL_LEN],
    struct log_error *err);

/* The newest seal of the log `id` (64 hex digits) in `seals` (any text),
 * for a restore: its event, time and accounts ("anna:supervisor,…",
 * malloc'd; NULL for a seal of a rutin that wrote none). seq 0: none. */
struct log_seal_newest {
	int64_t seq;
	int64_t time;
	char *accounts;
};
void log_seal_newest(FILE *seals, const char *id, struct log_seal_newest *out);

/* True when the log's newest event is a seal (log.sealed): nothing is
 * left to seal. */
bool log_sealed_to_end(struct log *log);

/* The log's identity: the hash of its first event, as 64 hex digits. */
enum log_status log_identity(struct log *log, char out[65], struct log_error *err);

/* What checking the log against seals found. */
struct log_seal_report {
	int64_t seals;          /* seals of this log that were checked */
	int64_t other_logs;     /* seal lines of other logs, ignored */
	int64_t unreadable;     /* lines that mention rutin-seal/1 but do not parse */
	int64_t newest_seq;     /* the newest good seal's event, 0: none */
	int64_t newest_time;    /* its time, ms */
	int64_t tail_events;    /* events after it: not sealed */
	int64_t tail_since;     /* time of the first of those, ms */
	int64_t beyond;         /* LOG_SEALS_BACKUP: seals of later events */
	int64_t last_seq;       /* the log's (the copy's) last event */
	int64_t last_time;      /* its time, ms */
	/* Seals of events a recorded restore (log.restored) lost: made before
	 * it, of events after its copy's end; not a rollback. The newest such
	 * restore: */
	int64_t lost_seals;
	int64_t restored_copy_seq;
	int64_t restored_time;
	int64_t lost_to;        /* the newest event lost, as far as known */
	char restored_by[65];
};

/* How log_verify_seals checks. */
enum {
	LOG_SEALS_BACKUP = 2,   /* a backup: seals past its end were made after
	                         * it (counted in `beyond`), not a rollback */
};

/* verify, against the seal lines in `seals` (any text: a file of seals,
 * or a grep of a syslog export; NULL: none). Everything plain verify
 * checks is checked, every signature included: a seal never vouches for
 * what is below it, whoever signed it, so no seal line can make verify
 * weaker. Every seal of the log must match it exactly (same event, hash,
 * time, signer, signature, the signer's key valid at that point); a seal
 * beyond the log's end means it was rolled back (unless
 * LOG_SEALS_BACKUP). `log_id` (64 hex digits, or NULL when not known) is
 * the identity the log must have: a log whose first event hashes to
 * another was rewritten from its start, or is another log, and only
 * seals naming `log_id` count as this log's. LOG_OK intact,
 * LOG_E_CORRUPT altered (r->problem names the seal or event), else could
 * not check. */
enum log_status log_verify_seals(struct log *log, FILE *seals, unsigned flags,
    const char *log_id, struct log_verify *r, struct log_seal_report *sr,
    struct log_error *err);

/* True when `text` is a log identity: 64 lower-case hex digits. */
bool log_id_valid(const char *text);

#endif

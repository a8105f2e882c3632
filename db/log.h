/* The log: one SQLCipher file of append-only, hash-chained events, with
 * summary tables derived from them, and a keyring next to it (FILE.keys).
 * db/FORMAT.md describes both files. It knows no screen and no routine:
 * events are a type name and typed fields.
 *
 * Every function that can fail fills a struct log_error with a status and
 * a sentence for the user that names the file. Nothing here prints. */
#ifndef RUTIN_LOG_H
#define RUTIN_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/fields.h"
#include "db/keyring.h"
#include "db/recovery.h"

enum log_status {
	LOG_OK = 0,
	LOG_E_WRONG,      /* wrong account or passphrase, or wrong recovery key */
	LOG_E_MISSING,    /* no such file */
	LOG_E_PERMS,      /* others may read the file */
	LOG_E_NOT_A_LOG,  /* not a rutin log (or damaged beyond opening) */
	LOG_E_NEWER,      /* made by a newer rutin */
	LOG_E_EXISTS,     /* init: the file is already there */
	LOG_E_DENIED,     /* the account may not do this */
	LOG_E_INVALID,    /* bad argument: name, role, field, short passphrase */
	LOG_E_FULL,       /* the disk or file size limit is full; nothing written */
	LOG_E_BUSY,       /* other writers held the log too long */
	LOG_E_IO,         /* any other I/O or SQLite failure */
	LOG_E_CORRUPT,    /* altered or damaged (also once the key is proven) */
	LOG_E_OLD,        /* made by rutin 0.1: run rutin upgrade first */
	LOG_E_REFUSED,    /* this account may not open this log (a trainer's,
	                   * a live log) */
	LOG_E_REMOTE,     /* on a network (or FUSE) filesystem: one host only */
};

struct log_error {
	enum log_status status;
	char message[512];
};

enum log_role { ROLE_CASEWORKER, ROLE_TRAINER, ROLE_SUPERVISOR };

const char *log_role_name(enum log_role r);
/* The role as people say it, translated ("handläggare"); messages use
 * it, the command line and the events take log_role_name's. */
const char *log_role_label(enum log_role r);
/* -1 when unknown. */
int log_role_from_name(const char *name);

#define LOG_MIN_PASSPHRASE 12
#define LOG_ID_LEN 37 /* a UUID and its NUL */
#define LOG_SIG_BYTES 64 /* Ed25519 */

struct log;

/* Called with 0..100 while a whole log is copied (rekey, upgrade). */
typedef void (*log_progress_fn)(void *ctx, int percent);

/* Creates the log `path` and its keyring with `user` as first supervisor.
 * Refuses passphrases shorter than LOG_MIN_PASSPHRASE characters. Writes
 * the recovery key to `recovery` (show it once, then wipe it). `kdf` NULL
 * means KEYRING_KDF_DEFAULT (tests pass weaker ones). On success *out is open. */
enum log_status log_create(const char *path, const char *user,
    const char *pass, size_t pass_len, const struct kdf_params *kdf,
    char recovery[RECOVERY_TEXT_LEN], struct log **out, struct log_error *err);

/* Opens `path` as `user`. */
enum log_status log_open(const char *path, const char *user, const char *pass,
    size_t pass_len, struct log **out, struct log_error *err);

/* Opens with the recovery key, as the pseudo-account "(recovery)" with a
 * supervisor's rights; needs no keyring. */
enum log_status log_open_recovery(const char *path, const char *recovery_key,
    struct log **out, struct log_error *err);

/* Closes and frees; NULL allowed. */
void log_close(struct log **log);

/* Progress of this session's verify (log_verify, log_verify_seals): `fn`
 * gets 0 to 100 as the events are read, 100 last. NULL: none. */
void log_set_progress(struct log *log, log_progress_fn fn, void *ctx);

const char *log_path(const struct log *log);
const char *log_user(const struct log *log);
enum log_role log_role(const struct log *log);
/* True when the account's key slot is weaker than KEYRING_KDF_DEFAULT. */
bool log_slot_is_weak(const struct log *log);

/* The seq of the log's newest event (0: none), as this connection sees
 * it now: a screen that shows what others log reads again when it grows;
 * -1 when it cannot be read. */
int64_t log_last_seq(struct log *log);

/* Marks a new log as a training log, for exercises; it can never be
 * unmarked. Logged as a "log.training" event. Supervisors only. */
enum log_status log_set_training(struct log *log, struct log_error *err);
/* True for a training log: every screen shows it. */
bool log_is_training(const struct log *log);
/* Why this session has no supervisor's or trainer's rights although the
 * account may have them: an event that fails its check (the chain, or
 * the signature of an event that gives authority), named with its
 * number; NULL when the events hold (db/authority.c). Roles come from
 * the signed events, never from the accounts summary. */
const char *log_authority_problem(const struct log *log);
int64_t log_authority_bad_seq(const struct log *log);
/* Why this account's own chain cannot be trusted on this machine: the log
 * no longer holds an event this account's last session here wrote (it was
 * removed or changed, or the log is an older copy), or the record of it
 * could not be kept; NULL when all is well (db/own.c). Said, never fatal:
 * the session works on, and its next event records what it knew. */
const char *log_own_problem(const struct log *log);
/* Writes this account's record of its last event (db/own.c) when the
 * session appended since; log_close does it too. Call it before
 * log_own_problem at the end of a session to say a failure. */
void log_own_save(struct log *log);
/* This session keeps no record of its events at this place, and removes
 * the one its open made: a file that is about to be renamed (rutin
 * restore's work copy), whose place no later session will share. */
void log_own_forget(struct log *log);
/* The role (enum log_role) the signed events give `name` now: -1 when it
 * is not an active account, or when the events fail their check. */
int log_authority_role(struct log *log, const char *name);
/* Whether `name` may name an account: 1 to 64 of a-z, digits, '.', '_'
 * and '-'. */
bool log_account_name_ok(const char *name);
/* True when this account may manage accounts and keys: a supervisor, or a
 * trainer on a training log (a trainer's account opens no live log: log_open
 * refuses it, and a live log takes no trainer account). */
bool log_manages(const struct log *log);
/* The Unix login behind this session when rutin runs through sudo as
 * another account (the service account of a shared server): SUDO_USER,
 * recorded as the field "login" of every event this session appends, so
 * the log shows who sat at the terminal beside the rutin account. NULL
 * when rutin runs as the login itself. */
const char *log_login(const struct log *log);
char *log_sudo_login(void);

/* Checks a passphrase for this log's account, as unlocking would (the
 * idle lock asks again). LOG_OK or LOG_E_WRONG. */
enum log_status log_check_passphrase(struct log *log, const char *pass,
    size_t pass_len, struct log_error *err);

/* ---- Events ---- */

struct log_event_in {
	const char *type;      /* e.g. "step.answered"; [a-z_.], 1-64 */
	const char *run_id;    /* NULL for events outside a run */
	int64_t time;          /* ms since the epoch; 0: now */
	const struct log_field *fields;
	size_t field_count;
};

/* Appends one event as this account: one transaction, durable when it
 * returns LOG_OK (WAL, synchronous=FULL), retried while other processes
 * write. *seq (may be NULL) receives its sequence number. */
enum log_status log_append(struct log *log, const struct log_event_in *ev,
    int64_t *seq, struct log_error *err);

struct log_event {
	int64_t seq;
	const char *id;
	int64_t time;
	const char *account;
	const char *run_id;    /* NULL outside runs */
	const char *type;
	const char *fields;    /* canonical JSON */
	unsigned char prev_hash[32];
	unsigned char hash[32];
	const unsigned char *sig; /* LOG_SIG_BYTES, or NULL (rutin 0.1's events) */
};

/* Calls `cb` for each event in sequence order, optionally only one run's
 * and only one account's. `cb` returns non-zero to stop. */
enum log_status log_events(struct log *log, const char *run_id,
    const char *account, int (*cb)(void *ctx, const struct log_event *ev),
    void *ctx, struct log_error *err);

/* Calls `cb` for each event of the runs started in [from, to) (ms; 0:
 * open-ended), run after run in the order log_runs gives them oldest
 * first (their start, then as stored), each run's in sequence order. One
 * statement for a whole period: a report replays thousands of runs, and
 * each statement run allocates (under memory security every allocation is
 * an mlock and an munlock: db/cipher.c). Events of runs started while it
 * reads may be among them or not. `cb` returns non-zero to stop. */
enum log_status log_period_events(struct log *log, int64_t from, int64_t to,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err);

/* Calls `cb` with the event the runs summary names as run `run_id`'s last
 * review (its review_seq), if that event is the run's; *named says
 * whether the summary names one (false: never reviewed, or no such run).
 * The summary is derived: a caller that finds the event is not a review
 * reads the run's events instead. */
enum log_status log_run_review_event(struct log *log, const char *run_id, bool *named,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err);

/* Calls `cb` for each event after sequence number `after` whose type
 * begins with `prefix` ("exercise."), in sequence order: what changed
 * since a screen last looked. `cb` returns non-zero to stop. */
enum log_status log_events_typed(struct log *log, const char *prefix,
    int64_t after, int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err);

/* One session at a time on a run (lease.c). Takes run_id for this
 * session: LOG_OK, or LOG_E_BUSY naming who has it open ("bo since
 * 10:42") while that session is still there. A supervisor may take it
 * over with `force`. A lease of a session that ended is taken over. */
enum log_status log_run_take(struct log *log, const char *run_id, bool force,
    struct log_error *err);
/* Gives the run back (pausing, finishing); log_close() gives back all. */
void log_run_release(struct log *log, const char *run_id);

/* The findings counts of a run, cached (not evidence: rutin
 * computes them from the events and the routine; verify with the routines
 * installed recomputes them). Valid while the run's last_seq is the same,
 * the routine's installed text has this hash, and the time is before
 * stable_until (ms). */
struct log_findings {
	const char *run_id;
	const char *routine_id;
	int64_t last_seq;
	char routine_hash[65];
	int64_t stable_until;
	int64_t count, critical, active_ms;
	int64_t kinds;           /* bits 1 << enum finding_kind (runlog/findings.h) */
	int64_t pace_ms;         /* median time per step; -1: too few steps */
};

/* Stores cache rows, in one transaction. */
enum log_status log_findings_store(struct log *log, const struct log_findings *rows,
    size_t n, struct log_error *err);

/* A run as the summary table has it. */
struct log_run_info {
	char run_id[LOG_ID_LEN];
	char routine_id[65];
	long routine_version;
	char routine_hash[65];
	char case_ref[101];
	char account[65];
	char status[16];         /* active, paused, completed, aborted */
	int64_t started;
	int64_t last_activity;
	int64_t deviations;
	char review[12];         /* "", signed, returned, corrected (completed
	                          * again after a return) */
	int64_t review_seq;      /* seq of the last review event, or 0 */
	char reviewer[65];       /* who wrote it, or "" */
	int64_t reviewed_at;     /* when (ms), or 0 */
	int64_t last_seq;        /* seq of its last own (engine) event */
	/* log_runs() and log_runs_each() fill these from the same query;
	 * log_runs_cached() fills them anew: */
	bool cache_read;         /* cached and cache are filled */
	bool cached;             /* a findings cache row for this last_seq */
	struct log_findings cache; /* its values (cache.run_id is NULL) */
};

/* Which runs log_runs() lists. Fields left zero do not filter. */
/* The review filter for runs waiting for a supervisor. */
#define LOG_REVIEW_QUEUE "queue"

struct log_run_filter {
	const char *account;    /* NULL: everyone's */
	bool open_only;         /* only active and paused (most recent activity
	                         * first); else all, newest start first */
	bool oldest_first;      /* all, oldest start first */
	const char *id_prefix;  /* NULL: any run; else ids starting with it */
	const char *routine_id; /* exactly this routine */
	const char *status;     /* exactly this status */
	/* A review state's word (common/vocab.h; "" for none yet), or
	 * LOG_REVIEW_QUEUE: completed and waiting for a supervisor (not
	 * reviewed, or corrected after a return). */
	const char *review;
	int64_t from, to;       /* started in [from, to) (ms); 0: open-ended */
	const char *text;       /* in the case reference, routine or account,
	                         * ASCII letters in any case */
	bool critical_only;     /* a cached critical finding, or a finished
	                         * run with no cache row (findings unknown:
	                         * to be looked at all the same) */
	bool uncached_only;     /* no cache row for its last_seq, or one
	                         * stable only until `now` */
	int64_t now;            /* ms since 1970, for uncached_only */
	/* A cache row with one of these kinds' bits (or a pace, `paced`), or
	 * no cache row: findings not known yet (runlog/review.h's
	 * review_filter_kind sets them; the caller keeps the rows whose
	 * computed findings have the kind). */
	int64_t kinds_any;
	bool paced;
	size_t limit;           /* at most so many rows; 0: all */
	const char *case_ref;   /* NULL: any; else exactly this case reference */
};

/* Calls `cb` with each summary row the filter picks (valid during the
 * call); `cb` returns non-zero to stop. Nothing is held in memory. */
enum log_status log_runs_each(struct log *log, const struct log_run_filter *f,
    int (*cb)(void *ctx, const struct log_run_info *r), void *ctx, struct log_error *err);

/* The summary rows of the runs the filter picks; *out is an array the
 * caller frees. */
enum log_status log_runs(struct log *log, const struct log_run_filter *f,
    struct log_run_info **out, size_t *n, struct log_error *err);

/* The paces (pace_ms >= 0) of the findings cache rows of `routine_id`'s
 * runs (finished runs whose findings rutin computed: an open run has no
 * pace): how many there are
 * in *count, and the middle one twice (an odd count) or the two middle
 * ones, smaller first, in middle[] (-1 when there are none). */
enum log_status log_routine_paces(struct log *log, const char *routine_id,
    int64_t *count, int64_t middle[2], struct log_error *err);

/* Reads each run's findings cache row for its last event (a list of a
 * screen's rows: one indexed look-up each). */
enum log_status log_runs_cached(struct log *log, struct log_run_info *runs, size_t n,
    struct log_error *err);

/* The runs of `account` (NULL: everyone's) that are not completed or
 * aborted, most recent first; *out is an array the caller frees. */
enum log_status log_open_runs(struct log *log, const char *account,
    struct log_run_info **out, size_t *n, struct log_error *err);

/* Writes one event as a JSON object and a newline (rutin events): seq, id,
 * time (ISO 8601 UTC) and time_ms, account, run, type, fields, prev_hash,
 * hash, sig. Fields that are not the canonical JSON rutin writes (a tampered
 * log) are written as a JSON string with "fields_valid": false, so the
 * output stays JSON and nothing raw reaches a terminal. */
void log_event_write_json(FILE *out, const struct log_event *ev);

/* A fresh random identifier (UUID v4) for runs. */
void log_new_id(char out[LOG_ID_LEN]);

/* ---- Accounts (supervisors; passwd for oneself) ---- */

struct log_account {
	char name[65];
	enum log_role role;
	bool has_slot;
};

enum log_status log_user_add(struct log *log, const char *name,
    enum log_role role, const char *pass, size_t pass_len,
    const struct kdf_params *kdf, struct log_error *err);
/* ---- Released routines (db/FORMAT.md) ---- */

/* A routine text a supervisor releases: the caller (who knows routines)
 * gives what the event records. */
struct log_release_in {
	const char *id;
	long version;
	const char *hash;     /* the canonical hash, 64 hex digits */
	const char *title;
	const char *note;     /* why, or NULL */
	const char *source;   /* the file's text as released */
};

/* routine.released, signed: a supervisor on a live log; refused for a text
 * released already. From the log's first release on, a live log starts
 * runs only of released, not withdrawn texts (log_append refuses others;
 * verify reports them). */
enum log_status log_release(struct log *log, const struct log_release_in *r,
    struct log_error *err);
/* routine.withdrawn: no new runs of that text; open runs go on. */
enum log_status log_withdraw(struct log *log, const char *id, const char *hash,
    const char *note, struct log_error *err);
/* Whether the text with this hash is released and not withdrawn. */
bool log_routine_released(struct log *log, const char *hash);
/* Whether the log has released any routine (and so runs only released
 * ones on a live log). */
bool log_releases_adopted(struct log *log);

/* ---- The log's options (db/FORMAT.md, "Options") ---- */

/* Steps whose second person is the organisation's choice (`optional` in
 * a routine's second_person) need one in the runs started while it is
 * "on"; off by default. */
#define LOG_OPTION_SECOND_PERSON "second_person"

/* log.option_set, signed: a supervisor (a trainer, in a training log)
 * sets `name` to `value`. LOG_E_INVALID for a name or value rutin does
 * not know, LOG_E_EXISTS when it has that value already. */
enum log_status log_option_set(struct log *log, const char *name, const char *value,
    struct log_error *err);
/* Whether the option second_person is on now. */
bool log_second_person_on(struct log *log);

/* A trainee's account on a training log, made with a one-time join code
 * as its passphrase (a caseworker's), and exercise.invited for it in
 * `session`: until she chooses her own passphrase (log_user_passwd) a
 * session opened with the code writes nothing else. */
enum log_status log_user_invite(struct log *log, const char *name,
    const char *code, size_t code_len, const char *session,
    struct log_error *err);
/* Whether `name` still waits to choose her passphrase (her join code is
 * the only thing that opens her slot). */
bool log_user_pending(struct log *log, const char *name);
/* This session was opened with a join code: it must choose a passphrase
 * before it writes anything. */
bool log_must_choose_passphrase(const struct log *log);
/* The join code of `name`, unused, stops working: account.removed, and
 * her slot out of the keyring (no rekey: the slot sealed the current log
 * key to a code no one used; db/FORMAT.md says what remains). Refused
 * for an account that is not pending. */
enum log_status log_user_expire(struct log *log, const char *name,
    struct log_error *err);
/* Removes the account and its slot and rekeys the log, so the removed
 * account's keys open nothing current; refuses, changing nothing, while
 * other sessions have the log open. */
enum log_status log_user_remove(struct log *log, const char *name,
    log_progress_fn fn, void *ctx, struct log_error *err);
enum log_status log_user_set_role(struct log *log, const char *name,
    enum log_role role, struct log_error *err);
/* Changes this account's own passphrase (and raises its slot to kdf),
 * then rekeys when no other session has the log open (*rekeyed). */
enum log_status log_user_passwd(struct log *log, const char *pass,
    size_t pass_len, const struct kdf_params *kdf, bool *rekeyed,
    struct log_error *err);
/* Lists active accounts; *out is an array the caller frees. */
enum log_status log_user_list(struct log *log, struct log_account **out,
    size_t *n, struct log_error *err);

/* ---- Sessions (sessions.c) ---- */

/* A session that has the log open (its record in FILE.lock, db/lock.h). */
struct log_session {
	char account[65];
	char login[65];        /* the Unix login through sudo, or "" */
	long pid;
	int64_t since;         /* seconds since 1970: when it opened the log */
	int record;
};

/* The other sessions that have the log open now (not this one); *out is
 * an array the caller frees. */
enum log_status log_sessions(struct log *log, struct log_session **out, size_t *n,
    struct log_error *err);
/* Asks the session of process `pid` (one of log_sessions') to close: it
 * must still be open and be a process this one may signal; then
 * session.closed is appended, naming it, and it gets SIGTERM, on which
 * the interface pauses its run and exits. *closed: the session ended
 * within `wait_ms`. LOG_E_INVALID when no session of this log is that
 * process; LOG_E_DENIED when it cannot be signalled (another Unix
 * account's). */
enum log_status log_session_close(struct log *log, long pid, int wait_ms, bool *closed,
    struct log_error *err);

/* ---- Keys and format (rekey.c) ---- */

/* Re-encrypts the log under a fresh random key and seals it to every
 * remaining account and the recovery slot (supervisors): afterwards no
 * copy of an old keyring opens the current log. Refuses (LOG_E_BUSY,
 * naming them) while other sessions have the log open, and (LOG_E_DENIED)
 * while slots from rutin 0.1 remain. Logged as "log.rekeyed". */
enum log_status log_rekey(struct log *log, log_progress_fn fn, void *ctx,
    struct log_error *err);

/* Replaces the recovery key (supervisors, or the recovery key); the new
 * one is written to `recovery` (show it once, then wipe it). Rekeys too
 * (*rekeyed), unless slots of rutin 0.1 remain: then the old recovery
 * key of 0.1, which is the log key, still decrypts the file until a
 * rekey. */
enum log_status log_recovery_new(struct log *log, char recovery[RECOVERY_TEXT_LEN],
    log_progress_fn fn, void *ctx, bool *rekeyed, struct log_error *err);

/* What an upgrade keeps of the 0.1 log: FILE.before-upgrade and
 * FILE.before-upgrade.keys, made before anything changes. */
#define LOG_UPGRADE_KEPT ".before-upgrade"
/* Converts a log made by rutin 0.1 (SQLCipher 3 format) to SQLCipher 4's,
 * keeping every event and hash; refuses one that verify finds altered.
 * Opens it as `user` with passphrase `secret`, or with the recovery key.
 * *upgraded is false (and LOG_OK) when it already was current. */
enum log_status log_upgrade(const char *path, const char *user,
    const char *secret, size_t secret_len, bool recovery, log_progress_fn fn,
    void *ctx, bool *upgraded, struct log_error *err);

/* The SQLCipher version linked in ("4.6.1 community"), or "" when the
 * SQLite linked in is not SQLCipher. */
void log_cipher_version(char *out, size_t size);
/* True for SQLCipher 4.5 or newer. */
bool log_cipher_version_ok(const char *version);
/* LOG_OK, or LOG_E_REMOTE (with why) when `path`'s folder is on a network
 * or FUSE filesystem, where the log cannot live. */
enum log_status log_fs_check(const char *path, struct log_error *err);
/* The time (ms) of the last event whose type is `type`, or 0: none. */
enum log_status log_last_of(struct log *log, const char *type, int64_t *time,
    struct log_error *err);

/* ---- Backup (backup.c) ---- */

/* Copies the log as it is now into the new file `out` (never replacing
 * one), encrypted with the same key, and the keyring into `out`.keys, both
 * mode 0600 and synced, while other sessions go on writing (one snapshot:
 * SQLite's online backup in one step). *events (may be NULL) receives how
 * many events the copy holds. Then logs "log.backed_up" here. Any account:
 * every account holds the key. LOG_E_EXISTS when either file is there. */
enum log_status log_backup(struct log *log, const char *out, int64_t *events,
    struct log_error *err);
/* The folders copies were made into, as log.backed_up records them (its
 * field `folder`: copies made before it was recorded are not named);
 * *out and each string are the caller's. */
enum log_status log_backup_folders(struct log *log, char ***out, size_t *n,
    struct log_error *err);

/* ---- Verify ---- */

struct log_verify {
	int64_t events;
	int64_t training_events; /* "log.training" events seen */
	/* Events of rutin 0.1, before its upgrade to signed events: the
	 * chain holds them, no signature does (the first ones of the log). */
	int64_t unsigned_events;
	int64_t first_bad_seq;   /* 0 when the chain is intact */
	char problem[512];       /* empty when intact */
};

/* Checks SQLCipher's page integrity, every event's hash, the chain and
 * sequence, the append-only guards, and that the summary tables match the
 * events. Reads only. LOG_OK intact, LOG_E_CORRUPT altered (report says
 * what and where), other statuses: could not check. */
enum log_status log_verify(struct log *log, struct log_verify *report,
    struct log_error *err);

/* Rebuilds the summary tables from the events (supervisors). */
enum log_status log_rebuild(struct log *log, struct log_error *err);

/* ---- Retention and gallring (cull.c; db/FORMAT.md) ---- */

#define LOG_RETENTION_MAX_DAYS 36500

/* The log's retention rule: the newest retention.set. */
struct log_retention {
	int64_t days;            /* runs are kept this long after they ended */
	char decision[256];      /* the gallringsbeslut it rests on */
	int64_t time, seq;       /* when it was set, by whom, its event */
	char by[65];
};
/* *has is false when no rule was set. */
enum log_status log_retention_get(struct log *log, struct log_retention *r,
    bool *has, struct log_error *err);
/* Sets it (supervisors): 1 to LOG_RETENTION_MAX_DAYS days and a decision. */
enum log_status log_retention_set(struct log *log, int64_t days,
    const char *decision, struct log_error *err);

/* A run past the rule. The strings are the plan's. */
struct log_cull_run {
	char run_id[LOG_ID_LEN];
	char *routine_id, *routine_hash, *case_ref;
	int64_t ended;           /* its end or its review, whichever is later */
	int64_t events;
};

/* What `rutin gallra` would do now. The plan owns everything in it;
 * log_cull_plan_free() frees it. */
struct log_cull_plan {
	struct log_retention rule;   /* days 0: none set (nothing to do) */
	int64_t before;              /* runs that ended before this go */
	struct log_cull_run *runs;
	size_t run_count;
	int64_t events;              /* their events */
	size_t open_past;            /* runs past the rule not ended: kept */
	/* A gallring begun and not finished (its event written, its events
	 * not all removed): finished first, nothing else planned. */
	int64_t pending;             /* its event's seq, or 0 */
	int64_t last_cull;           /* the newest gallring's event, or 0 */
	int64_t pending_events;      /* its events still in the log */
	char *pending_removed, *pending_run_ids;
	/* What the runs and cutoff hash to (log_cull_digest). With the option
	 * second_person on, another supervisor approves that plan first: the
	 * newest approval since the last gallring, whose cutoff the plan
	 * then takes. */
	char plan[65];
	bool needs_second;
	char approved_by[65];        /* "" when none */
	char approved_plan[65];
	int64_t approved_before;
};
enum log_status log_cull_plan(struct log *log, struct log_cull_plan *p,
    struct log_error *err);
void log_cull_plan_free(struct log_cull_plan *p);
/* SHA-256 of "rutin-cull/1\n", the cutoff in decimal, "\n" and the run
 * ids separated by spaces, as hex: what an approval and the gallring
 * event name (verify recomputes it from the gallring's fields). */
void log_cull_digest(int64_t before, const char *run_ids, char hex[65]);
/* The second supervisor's approval of the plan (retention.approved). */
enum log_status log_cull_approve(struct log *log, const struct log_cull_plan *p,
    struct log_error *err);
/* Carries the plan out (supervisors, no other session open): writes
 * retention.culled (unless finishing a pending one), removes the events
 * and the runs' summaries with secure_delete, then VACUUM and an emptied
 * write-ahead log; with no run to remove after an earlier gallring, only
 * the last step again (it may have been interrupted). Progress through log_set_progress's function. An
 * interrupted gallring leaves a log that verifies, and the next plan
 * finishes it. *seq: the gallring event's. */
enum log_status log_cull(struct log *log, const struct log_cull_plan *p,
    int64_t *seq, struct log_error *err);

/* An archive package's events (handelser.jsonl, `rutin archive`) as a
 * log in memory, its summaries recomputed, for log_verify and
 * log_verify_seals (archive_in.c). A line that is not an event is named
 * (LOG_E_CORRUPT). Close it with log_close(). */
enum log_status log_open_archive(const char *events_path, struct log **out,
    struct log_error *err);

/* The gallrings a log records, oldest first; *out is the caller's. */
struct log_cull_info {
	int64_t seq, time, days, runs, events, before;
	char by[65];
	char decision[256];
};
enum log_status log_culls(struct log *log, struct log_cull_info **out, size_t *n,
    struct log_error *err);

#endif

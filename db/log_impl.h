/* The log's private parts, shared by the files of db/. */
#ifndef RUTIN_LOG_IMPL_H
#define RUTIN_LOG_IMPL_H

#include <sqlite3.h>
#include <sys/resource.h>

#include "db/log.h"

#define LOG_FORMAT "rutin-log/1"
#define LOG_SCHEMA_VERSION 6

/* SQL: the seq of the first event of the run in `row` (a table name or
 * new/old in a trigger), which keys the run in runs_text (schema.c). */
#define RUN_FIRST_SEQ(row) "(SELECT min(seq) FROM events WHERE events.run_id = " \
    row ".run_id)"
#define LOG_EVENT_COLUMNS "seq, id, time, account, run_id, type, fields," \
    " prev_hash, hash, sig"
#define LOG_SIG_MSG_LEN (12 + 32) /* "rutin-sig/1\n" and the event's hash */
#define LOG_RECOVERY_USER "(recovery)"
#define LOG_SALT_BYTES 16
#define LOG_KEY_SPEC_LEN (3 + 2 * (LOG_KEY_BYTES + LOG_SALT_BYTES)) /* x'…' */

struct authors;

struct log {
	sqlite3 *db;
	char *path;
	char *keys_path;
	char *lock_path;
	char *user;
	char *login;            /* the Unix login behind sudo, or NULL */
	enum log_role role;
	bool recovery;
	bool recovery_raw;      /* a recovery key from rutin 0.1: the raw log key */
	bool weak;
	bool pending;           /* opened with a one-time join code: nothing is
	                         * written until she chooses her passphrase */
	bool training;
	bool legacy;            /* the file is in rutin 0.1's SQLCipher 3 format */
	bool legacy_ok;         /* open it anyway (rutin upgrade) */
	struct log_lock *lock;  /* held from open to close (lock.c) */
	unsigned char *key;     /* sodium_malloc; no access except while used */
	unsigned char *sign_sk; /* the account's Ed25519 key; likewise */
	bool can_sign;          /* sign_sk holds a key */
	bool unsigned_ok;       /* only while upgrade appends log.upgraded */
	bool leased;            /* took a run's lease (lease.c) */
	bool run_events_busy;   /* the cached read of a run's events is under way */
	struct authors *auth;   /* the signed events' authority (authority.c) */
	int64_t auth_seq;       /* the last event it read */
	unsigned char auth_head[32]; /* that event's hash */
	int64_t auth_bad;       /* the first event that failed its check, or 0 */
	char auth_why[256];     /* what failed */
	/* The account's own chain (own.c): its newest event as this session
	 * knows it, the log's newest event of the account as the authority
	 * pass read it, the one appended in the open transaction, the file
	 * kept between sessions, and what went wrong with them. */
	int64_t own_seq;
	unsigned char own_hash[32];
	int64_t own_log_seq;
	unsigned char own_log_hash[32];
	int64_t own_tx_seq;
	unsigned char own_tx_hash[32];
	char *own_path;
	bool own_dirty;         /* own_seq changed since the file was written */
	bool own_off;           /* keeps no record at this place (log_own_forget) */
	char own_problem[384];
	/* The middle paces of routines' runs (cache.c), read once while no
	 * other connection changed the file (data_version) and this one
	 * wrote no findings cache row. */
	struct pace_memo *paces;
	size_t pace_count;
	int64_t paces_version;
	uint64_t cache_writes, paces_writes;
	struct cull_map *cull;  /* what gallrings removed, read at the first gap */
	log_progress_fn progress; /* verify's progress, or NULL */
	void *progress_ctx;
	unsigned char salt[LOG_SALT_BYTES]; /* the file's, from its first bytes */
	/* Prepared statements reused across appends and verify; it only
	 * grows, so a statement handed out is never finalised under its
	 * user (until log_close or the check tables go). */
	struct stmt_entry {
		const char *sql;   /* a static string; identity is the key */
		char prefix[16];
		sqlite3_stmt *st;
	} *cache;
	size_t cache_count, cache_cap;
};

/* The hash, and when asked its signature (zeros when unsigned) and time,
 * of event `seq`; false when the log holds none (events.c). */
bool log_event_at(struct log *log, int64_t seq, unsigned char hash[32],
    unsigned char sig[LOG_SIG_BYTES], int64_t *time);

/* The account's own chain (own.c; db/FORMAT.md, "Each author's own
 * chain"). own_load at open, after the authority pass (own_note_log sees
 * every event it reads); own_prev gives the hex hash an append names as
 * its author's previous event (false: none, the account's first);
 * own_appended, own_commit and own_rollback follow the transaction. */
void own_load(struct log *log);
void own_note_log(struct log *log, const struct log_event *ev);
bool own_prev(struct log *log, char hex[65]);
void own_appended(struct log *log, int64_t seq, const unsigned char hash[32]);
void own_commit(struct log *log);
void own_rollback(struct log *log);
/* verify: each account's previous event, checked against what its next
 * event names. own_map_check is false (why set) when they differ. */
struct own_map;
struct own_map *own_map_new(void);
void own_map_free(struct own_map **m);
bool own_map_check(struct own_map *m, const struct log_event *ev, char *why,
    size_t len);

/* Whether a confirmation (step.confirmed) by `account` of `step`'s answer
 * `text` in run `run_id` holds against the run's events before `before`:
 * the step's last change is an answer, that answer, by someone else
 * (db/confirm.c). False with a sentence in `why`. */
bool log_confirm_holds(struct log *log, const char *run_id, int64_t before,
    const char *account, const char *step, const char *text, char *why,
    size_t len);

/* A prepared, reset statement for the static text `sql` in which "%s"
 * (if any) stands for the table-name prefix; kept until log_close(). */
sqlite3_stmt *log_stmt(struct log *log, const char *sql, const char *prefix,
    int *rc);

/* Opens log->path and keys it with log->key and salt, in the format
 * log->legacy says; an SQLite code (cipher.c). */
int log_key_database(struct log *log, const unsigned char salt[LOG_SALT_BYTES],
    int flags);
/* The schema (schema.c): migrates an opened log to LOG_SCHEMA_VERSION,
 * and checks that it is a rutin log (and whether a training log). */
enum log_status log_migrate(struct log *log, struct log_error *err);
enum log_status log_check_format(struct log *log, struct log_error *err);

/* Pins every cipher setting of `schema` ("main" or an attached name):
 * SQLCipher 4's format, or with legacy rutin 0.1's SQLCipher 3 one. */
int log_pin_cipher(sqlite3 *db, const char *schema, bool legacy);
/* The raw key and salt as SQLCipher's 96-hex key spec of LOG_KEY_SPEC_LEN
 * characters, in secure memory the caller frees with sodium_free(). */
char *log_key_spec(const unsigned char *key,
    const unsigned char salt[LOG_SALT_BYTES]);

/* Fills *err (may be NULL) and returns st. */
/* Copies the file `from` into the new file `to` (never replacing one),
 * mode 0600, synced (backup.c). */
enum log_status log_copy_file(const char *from, const char *to, struct log_error *err);
enum log_status log_fail(struct log_error *err, enum log_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Maps an SQLite result code to a status with a message naming the file. */
enum log_status log_sql_fail(struct log *log, int rc, const char *what,
    struct log_error *err);
/* Keys the database at log->path with log->key and salt and proves it;
 * see log.c. Sets log->legacy. */
enum log_status log_key_and_check(struct log *log,
    const unsigned char salt[LOG_SALT_BYTES], bool proven, struct log_error *err);
/* Rekeys with the keyring `kr` already loaded under both locks (rekey.c). */
enum log_status log_rekey_locked(struct log *log, struct keyring *kr,
    const char *reason, log_progress_fn fn, void *ctx, struct log_error *err);

/* verify's problems, one line each; the first bad event is kept. */
void log_verify_report(struct log_verify *r, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What verify is told from outside (seals): at_event sees every event
 * with the authorship as it stands before the event. Nothing from outside
 * lets verify skip a check: every signature is always checked. */
struct verify_hook {
	void (*at_event)(void *ctx, const struct log_event *ev,
	    const struct authors *a, struct log_verify *r);
	void *ctx;
};
/* log_verify, inside a read transaction the caller began (summary.c);
 * r must be zeroed. */
enum log_status log_verify_hooked(struct log *log, const struct verify_hook *h,
    struct log_verify *r, struct log_error *err);

/* Makes rutin's schema in `db` (verify compares with it). */
int log_make_schema(sqlite3 *db);
/* An empty log in memory with rutin's schema, no key and no account
 * (`label` names it in messages): for reading a package (archive_in.c). */
enum log_status log_open_memory(const char *label, struct log **out,
    struct log_error *err);

/* The keyring as it is on disk (take the keyring lock first to change
 * it); a missing one is an empty keyring only with missing_ok, else an
 * error, and a damaged one is LOG_E_CORRUPT (log.c). */
enum log_status log_load_keyring(struct log *log, bool missing_ok,
    struct keyring **kr, struct log_error *err);

/* The name of the network filesystem with statfs(2) type `magic`, or NULL
 * for one rutin takes as local. */
const char *log_fs_remote_name(unsigned long magic);

/* Gives back every run this session holds (lease.c; at close). */
void log_release_all_runs(struct log *log);

/* Closes the database connection only (the log stays allocated). */
void log_close_db(struct log *log);
/* Opens a log made by rutin 0.1 too (for rutin upgrade); with recovery,
 * `secret` is the recovery key. */
enum log_status log_open_for_upgrade(const char *path, const char *user,
    const char *secret, size_t secret_len, bool recovery, struct log **out,
    struct log_error *err);

/* log_period_events' statement (events.c; its plan is tested). */
extern const char log_sql_period_events[];

/* The first column of the first row of `sql`, or `otherwise` when there
 * is none or it fails (sql.c). */
int64_t log_query_int64(struct log *log, const char *sql, int64_t otherwise);

/* Runs SQL without results. */
int log_exec(struct log *log, const char *sql);

/* Finalizes the cached statements on tables other than the main ones,
 * or all of them (sql.c). */
void log_forget_check_statements(struct log *log);
void log_forget_statements(struct log *log);

/* A valid new account name and a long enough passphrase (log.c). */
enum log_status log_check_new_account(const char *name, size_t pass_len,
    struct log_error *err);

/* Signs an event's hash with log->sign_sk; checks a signature (events.c). */
void log_event_sign(struct log *log, const unsigned char hash[32],
    unsigned char sig[LOG_SIG_BYTES]);
bool log_event_sig_ok(const unsigned char hash[32], const unsigned char *sig,
    const unsigned char pk[32]);

/* Whether `ev` is the event after one whose hash is `prev`, at seq
 * `expect`: the first of these that fails (events.c); and the sentence
 * verify and the authority give for it. */
enum log_chain { LOG_CHAIN_OK, LOG_CHAIN_GAP, LOG_CHAIN_ALTERED, LOG_CHAIN_BROKEN };
enum log_chain log_chain_check(const struct log_event *ev, int64_t expect,
    const unsigned char prev[32]);
void log_chain_text(enum log_chain c, const struct log_event *ev, int64_t expect,
    char *out, size_t len);

/* What gallrings removed (cull.c): the retention.culled events' ranges
 * and the hashes that cross each gap, read from the log (their signatures
 * are checked where the events are met, as any authority event's).
 * cull_map_load never returns NULL; cull_map_problem names a malformed
 * gallring event. cull_chain_check is log_chain_check that lets a gap
 * through when a gallring covers it and the event names the hash it
 * recorded (loading *m when first needed); cull_map_next_author gives,
 * once each in order, the removed events before `before` that an
 * author's chain needs (verify's own map takes them as events);
 * cull_removed whether a gallring removed event `seq` (log->cull). */
struct cull_map;
struct cull_map *cull_map_load(struct log *log);
void cull_map_free(struct cull_map **m);
const char *cull_map_problem(const struct cull_map *m);
bool cull_map_covers(const struct cull_map *m, int64_t lo, int64_t hi);
enum log_chain cull_chain_check(struct log *log, struct cull_map **m,
    const struct log_event *ev, int64_t expect, const unsigned char prev[32]);
bool cull_map_next_author(struct cull_map *m, int64_t before, const char **account,
    int64_t *seq, const unsigned char **hash);
bool cull_removed(struct log *log, int64_t seq);
void own_map_bridge(struct own_map *m, const char *account, int64_t seq,
    const unsigned char hash[32]);

/* Who may do what, as the signed events say (authority.c): reads the
 * events the session has not read yet, checking the chain of every one
 * and the signature of every event that gives or takes authority
 * (EVF_AUTHORITY), with the code verify uses. A failure is not an error:
 * it leaves log->auth_bad set, and from then on no one in this session
 * has a supervisor's or trainer's rights. LOG_OK unless the log cannot be
 * read. */
enum log_status log_authority_sync(struct log *log, struct log_error *err);

/* Appends within an open write transaction (events.c). */
enum log_status log_append_in_tx(struct log *log, const struct log_event_in *ev,
    int64_t *seq, struct log_error *err);
/* BEGIN IMMEDIATE with retries, and COMMIT/ROLLBACK (sql.c). */
enum log_status log_begin(struct log *log, struct log_error *err);
enum log_status log_commit(struct log *log, struct log_error *err);
void log_rollback(struct log *log);

/* The summary tables (summary.c): applies one stored event to the tables
 * named prefix+"runs" and prefix+"accounts". */
int summary_apply(struct log *log, const char *prefix, const struct log_event *ev);
/* Whether the accounts summary lists `name` as an active account; the
 * summary decides nothing else (log.c, when the events fail their check). */
bool summary_account_active(struct log *log, const char *name);
/* What verify recomputes of a run's row. */
struct summary_run {
	int64_t last_activity;
	const char *status;   /* NULL: unchanged */
	int64_t deviations;   /* steps whose deviation reason stands */
	const char *review;   /* "", "signed", "returned", "corrected" */
	int64_t review_seq;   /* its last review event */
	int64_t last_seq;     /* its last own (engine) event */
};
/* Sets a run's row; and the status a run event leaves (NULL: unchanged). */
int summary_run_update(struct log *log, const char *prefix, const char *run_id,
    const struct summary_run *row);
const char *summary_run_status_after(const char *type);
/* The review state a review event (enum event_type) sets, or NULL. */
const char *summary_review_after(int type);

/* Recomputes the summary tables from the events, in a transaction of its
 * own (verify.c); log_rebuild() without its role check, for the upgrade. */
enum log_status log_recompute_summaries(struct log *log, struct log_error *err);

/* The steps of one run whose deviation reason stands: a deviation.recorded
 * gives one, and answering the step, marking it not applicable or
 * retracting it ends it (common/vocab.h: EVF_SETS_REASON, EVF_ENDS_REASON).
 * So a run's `deviations` is what the run engine shows, not how many
 * reasons were typed. Owns its copies of the step ids. */
struct reasons {
	char **steps;
	size_t count, cap;
};
/* Applies an event of type `type` about `step` (either may be NULL). */
void summary_reasons_apply(struct reasons *r, const char *type, const char *step);
void summary_reasons_free(struct reasons *r);

#endif

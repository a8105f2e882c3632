/* Who has a log open, and who may change its keys: advisory locks on a
 * third file next to the log, FILE.lock (mode 0600, no secrets in it).
 *
 * - Every session holds a shared lock from open to close; rekey and
 *   upgrade make it exclusive, so they run only when no one else has the
 *   log open, and a session that opens meanwhile waits for them.
 * - Each session also locks a record in the file that says who it is
 *   (account, process, since when); the exclusive lock names them when it
 *   is refused ("open in another session by bo since 10:42").
 * - Keyring changes happen one at a time under a third lock, and re-read
 *   the keyring under it, so none is lost.
 *
 * Open file description locks (Linux): they belong to the open file, so
 * two logs open in one process do not release each other's locks. */
#ifndef RUTIN_LOCK_H
#define RUTIN_LOCK_H

#include "db/log.h"

struct log_lock;

/* Takes the session lock of `path` (the lock file; made 0600 when
 * missing) as `account`; waits up to LOCK_WAIT_SECONDS for a rekey or
 * upgrade that holds it. *out is freed with lock_release(). */
#define LOCK_WAIT_SECONDS 300
enum log_status lock_session(const char *path, const char *account,
    struct log_lock **out, struct log_error *err);

/* Makes the session lock exclusive, without waiting: LOG_OK, or
 * LOG_E_BUSY with a message naming every other session. */
enum log_status lock_exclusive(struct log_lock *l, const char *log_path,
    struct log_error *err);
/* Back to a shared session lock. */
void lock_shared(struct log_lock *l);

/* One keyring change at a time: waits for the others. */
enum log_status lock_keyring(struct log_lock *l, struct log_error *err);
void lock_keyring_release(struct log_lock *l);

/* This session's record (-1: none), and whether the session that took
 * record `record` as process `pid` is still there. */
int lock_record(const struct log_lock *l);
bool lock_record_alive(struct log_lock *l, int record, long pid);

/* The other sessions that have the log open now (their records still
 * locked), in record order; *out is the caller's to free. */
size_t lock_sessions(struct log_lock *l, struct log_session **out);

/* Releases every lock and frees; NULL allowed. */
void lock_release(struct log_lock **l);

#endif

/* Helpers for the log's tests: weak key derivation (tests only; the
 * commands always use KEYRING_KDF_DEFAULT), raw access to the database as an
 * attacker with the key would have, and file checks. */
#ifndef RUTIN_DBHELP_H
#define RUTIN_DBHELP_H

#include <sqlite3.h>
#include <stdbool.h>

#include "db/log.h"
#include "db/recovery.h"

extern const struct kdf_params TEST_KDF; /* the minimum: ~0.1 ms */

#define PASS_A "correct horse battery"
#define PASS_B "another long passphrase"

/* Creates dir/name as supervisor "anna" with PASS_A; the recovery key goes
 * to `recovery` (may be NULL). Returns the open log. */
struct log *make_log(const char *path, char *recovery);
/* Opens as user/pass; fails the test unless the result is `expect`. */
struct log *open_as(const char *path, const char *user, const char *pass,
    enum log_status expect);
/* Appends an event with one text field. */
void append_note(struct log *log, const char *run_id, const char *type,
    const char *text);
/* Opens the database directly with the recovery key (no rutin code). */
sqlite3 *raw_open(const char *path, const char *recovery);
/* The log key, from the recovery key and the keyring next to path. */
void log_key_of(const char *path, const char *recovery,
    unsigned char key[LOG_KEY_BYTES]);
/* The log opened with the sqlcipher library and nothing but a raw key. */
sqlite3 *raw_open_key(const char *path, const unsigned char key[LOG_KEY_BYTES]);
void raw_exec(sqlite3 *db, const char *sql);
/* What an attacker with the key does: drops the append-only triggers,
 * runs `sql`, and puts them back (raw_tamper); or each half alone. */
void raw_tamper(sqlite3 *db, const char *sql);
void raw_drop_guards(sqlite3 *db);
void raw_restore_guards(sqlite3 *db);
/* What the first read of the file with nothing but `key` gives: SQLITE_OK
 * when the key opens it, SQLITE_NOTADB when not. */
int raw_try_key(const char *path, const unsigned char key[LOG_KEY_BYTES]);
/* The log key from user's slot in the keyring file `keys`, as anyone with
 * a copy of it and the passphrase would get it; false when it does not
 * open. */
bool unwrap_slot(const char *keys, const char *user, const char *pass,
    unsigned char key[LOG_KEY_BYTES]);
/* Copies a file (mode 0600). */
void copy_file(const char *from, const char *to);
/* True when `needle` occurs in the file's raw bytes. */
bool file_contains(const char *path, const void *needle, size_t len);

/* Writes `path` and its keyring `keys` as rutin 0.1 made them: SQLCipher
 * 3's format, unsigned hash-chained events by "anna" (log.created,
 * account.added, `notes` notes; with `run`, a run as 0.1 logged it, and its
 * summary row), a keyring of format 1 whose slot for anna wraps the log
 * key with `pass`; its recovery key (the log key itself) into `recovery`. */
void legacy_log_write(const char *path, const char *keys, const char *pass,
    int notes, bool run, char recovery[RECOVERY_TEXT_LEN]);

#endif

/* Helpers for the log's tests: weak key derivation (tests only; the
 * commands always use KDF_DEFAULT), raw access to the database as an
 * attacker with the key would have, and file checks. */
#ifndef RUTIN_DBHELP_H
#define RUTIN_DBHELP_H

#include <sqlite3.h>
#include <stdbool.h>

#include "db/log.h"

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
void raw_exec(sqlite3 *db, const char *sql);
/* The file's bytes; caller frees. */
char *slurp(const char *path, size_t *len);
/* True when `needle` occurs in the file's raw bytes. */
bool file_contains(const char *path, const void *needle, size_t len);

#endif

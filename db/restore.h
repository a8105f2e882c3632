/* Putting a copy of the log back (rutin restore): the files, the record
 * of the restore, the swap. cli/restore.c reads the seals and re-applies
 * what changed since the copy; db/FORMAT.md, "Restore", says why and what
 * it does not protect against. */
#ifndef RUTIN_RESTORE_H
#define RUTIN_RESTORE_H

#include <stdint.h>

#include "db/log.h"

/* Copies the log `copy` and its keyring into the new files `to` and
 * `to`.keys (mode 0600, synced; never replacing a file). Refuses a copy
 * whose write-ahead file holds events. */
enum log_status log_restore_files(const char *copy, const char *to,
    struct log_error *err);

/* Removes what log_restore_files made at `path`, and its lock and
 * write-ahead files. */
void log_restore_discard(const char *path);

/* What the restore knows of what it loses. */
struct log_restore_info {
	int64_t lost_to;        /* the newest event the seals name, 0: none past the copy */
	int64_t seals_newest;   /* that seal's time, ms; 0: none */
	const char *source;     /* the copy's file name, for people */
};

/* Appends log.restored to the log opened from the copy: the copy's last
 * event (sequence, hash, time) and what `ri` says. A supervisor, or the
 * recovery key. */
enum log_status log_restore_record(struct log *log, const struct log_restore_info *ri,
    struct log_error *err);

/* Takes the log's exclusive lock for the whole restore: LOG_E_BUSY,
 * naming them, while sessions have it open; sessions that open meanwhile
 * wait until log_restore_unlock(). The lock file is made when missing (a
 * log lost with its files). */
struct log_lock;
enum log_status log_restore_lock(const char *path, struct log_lock **lock,
    struct log_error *err);
void log_restore_unlock(struct log_lock **lock);

/* Puts the closed log `restored` (and its keyring) in place of `path`,
 * whose files (the log, keyring, write-ahead files) move to *aside (a new
 * name, malloc'd) with their suffixes. The caller holds the lock. */
enum log_status log_restore_swap(const char *restored, const char *path, char **aside,
    struct log_error *err);

#endif

/* Run through sudo for someone else (`sudo -u rutin rutin` by a
 * caseworker), rutin runs as the service account, which may read and
 * write files the login who ran sudo may not: the unit's log above all.
 * Such a run opens no file named on its command line other than the log
 * it is told to open (--db): it would read a file of the account's for
 * her, or leave a file of the account's she could not read. Standard
 * input ("-") is hers and is read. Root running sudo is not held back. */
#ifndef RUTIN_DELEGATE_H
#define RUTIN_DELEGATE_H

#include <stdbool.h>

/* The login sudo ran rutin for, when that holds it back; NULL otherwise.
 * The string is owned by this module. */
const char *delegate_login(void);

/* 0 when `path` may be opened by name: not held back, or "-". Otherwise
 * says why on stderr as "rutin CMD: PATH: ..." and returns -1. `write`:
 * the file would be made, not read. */
int delegate_path_ok(const char *cmd, const char *path, bool write);

/* 0 when --db `path` may be opened: not held back, or it is the unit's
 * log, the config's `db` (the same file once both are resolved). Otherwise
 * says so on stderr and returns -1. The message is the same whatever the
 * path names, or whether it exists: through sudo, --db must not probe
 * the service account's files. */
int delegate_db_ok(const char *cmd, const char *path);

#endif

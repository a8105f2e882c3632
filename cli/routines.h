/* The routines group (cli/routines.c): what init shares of it. */
#ifndef RUTIN_CLI_ROUTINES_H
#define RUTIN_CLI_ROUTINES_H

#include "db/log.h"
#include "tui/catalog.h"

/* Releases every routine of `cat` in `log` as its file reads now (a new
 * log's first releases, offered by init), each with `note`; says each.
 * 0, or 1 after saying which could not be released. */
int routines_release_found(struct log *log, const struct catalog *cat,
    const char *note);

#endif

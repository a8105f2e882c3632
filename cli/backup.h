/* What rutin backup knows about its copies, for doctor too. */
#ifndef RUTIN_CLI_BACKUP_H
#define RUTIN_CLI_BACKUP_H

#include <stdint.h>
#include <stdio.h>

#include "db/log.h"

/* Names the copies of log `db` (STEM-STAMP.db) in folder `dir` stamped
 * before the log's retention rule reaches back (they may still hold runs
 * a gallring removed), one line each on `out` after `lead`. Returns how
 * many, 0 when the log has no rule, -1 (errno set) when `dir` cannot be
 * read. */
int backup_name_past_rule(struct log *log, const char *db, const char *dir,
    FILE *out, const char *lead);

#endif

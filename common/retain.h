/* Which time-stamped copies to keep (rutin backup --into): the newest of
 * each of the last `daily` days that have one, and the newest of each of
 * the last `monthly` months that have one; a copy either rule keeps
 * stays. As restic's and borg's prune do, the days and months counted
 * are those with a copy, so a server that was off for a week still keeps
 * `daily` copies. Knows no files: it works on the stamps. */
#ifndef RUTIN_RETAIN_H
#define RUTIN_RETAIN_H

#include <stdbool.h>
#include <stddef.h>

/* "YYYY-MM-DDTHHMMSS": a copy's stamp (its name holds it). */
#define RETAIN_STAMP_LEN 17

/* True when `s` is exactly such a stamp, of a real date and time. */
bool retain_stamp_ok(const char *s);

/* keep[i] for each of the n stamps (any order, each retain_stamp_ok):
 * whether the rules keep it. */
void retain_select(const char *const *stamps, size_t n, unsigned daily, unsigned monthly,
    bool *keep);

#endif

/* Where seals go: rutin seal and the automatic seals send each seal line
 * to the destinations the config names (seal_syslog, seal_file), so it is
 * kept outside the log. db/seal.h makes the line. */
#ifndef RUTIN_SEALS_H
#define RUTIN_SEALS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/log.h"
#include "db/seal.h"

struct seal_dest {
	bool syslog;           /* /dev/log, facility user, level notice; an error
	                        * when no daemon takes it */
	const char *file;      /* appended to (made 0600), or NULL */
};

/* Seals the log into `line` and sends it to every destination. False
 * with a sentence in `why` when the seal or a destination failed (the
 * seal may then exist in the log and in `line` only). */
bool seals_send(struct log *log, const struct seal_dest *d, char line[LOG_SEAL_LEN],
    char *why, size_t why_len);

/* True when a syslog daemon listens on /dev/log (doctor); else false with
 * a sentence in `why`. */
bool seals_syslog_ok(char *why, size_t why_len);

#endif

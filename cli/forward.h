/* Seals forwarded off the server by rsyslog over RELP (rutin-admin(7),
 * SEALS): rsyslog queues each seal on disk until the collector
 * acknowledges it. rutin cannot see the acknowledgement itself; rsyslog's
 * statistics (impstats, written to a file every minute) say how many
 * messages the queue of the action named "rutin-seals" still holds.
 * rutin doctor reads them (config: seal_queue_stats = FILE). */
#ifndef RUTIN_FORWARD_H
#define RUTIN_FORWARD_H

#include <stdbool.h>

/* The action's name in the rsyslog recipe; its queue's statistics line
 * begins "rutin-seals queue: ". */
#define FORWARD_ACTION "rutin-seals"

/* The queue's size on the last statistics line for FORWARD_ACTION in
 * `text` (impstats' legacy format, "... rutin-seals queue: origin=core.queue
 * size=N ..."): true with *size set, false when no such line is there. */
bool forward_queue_size(const char *text, long long *size);

/* doctor: the seals rsyslog has not had acknowledged, by `stats`, the
 * statistics file, as findings (doctor.h). */
void forward_check(const char *stats);

#endif

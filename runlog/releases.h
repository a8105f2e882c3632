/* The routine releases of a log, read back for people (rutin routines
 * list and release, the interface): each release with who made it, when
 * and why, the text released (so a file can be compared with it), and
 * whether it was withdrawn. The decision what may run is db's
 * (log_routine_released); this is its history. Knows no screen. */
#ifndef RUTIN_RELEASES_H
#define RUTIN_RELEASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/log.h"

struct release_entry {
	char id[65];
	long version;
	char hash[65];
	char title[201];
	char by[65];
	int64_t time;
	char *note;            /* owned; "" when none */
	char *source;          /* owned: the text released */
	bool withdrawn;        /* the latest word on this hash */
	char withdrawn_by[65];
	int64_t withdrawn_time;
	char *withdrawn_note;  /* owned, or NULL */
};

struct releases {
	struct release_entry *items; /* oldest first */
	size_t count, cap;
};

/* Reads every release and withdrawal of the log. */
enum log_status releases_read(struct log *log, struct releases *out,
    struct log_error *err);
void releases_free(struct releases *r);
/* The release of this hash, or NULL. */
const struct release_entry *releases_find(const struct releases *r, const char *hash);
/* The newest release of routine `id` that stands (not withdrawn), or
 * NULL. */
const struct release_entry *releases_latest(const struct releases *r, const char *id);

#endif

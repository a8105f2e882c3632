/* Days and times as people write and read them, in local time: the
 * command line's --from and --to and the screens' periods and times. */
#ifndef RUTIN_WHEN_H
#define RUTIN_WHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DD" as ms since 1970 at local midnight, `days` later; -1 when
 * it is not such a date (2026-02-30 is not). */
int64_t when_parse_day(const char *s, int days);

/* A period as people name one: a quarter "2026-Q4", a month "2026-11",
 * or two days "2026-10-01..2026-12-31" (both included). */
struct when_period {
	int64_t from, to;            /* [from, to): ms since 1970, local midnights */
	int64_t before_from;         /* the period before, as long: [before_from, from) */
	char label[64];              /* "2026 Q4", "2026-11", "2026-10-01 – 2026-12-31" */
	char before_label[64];
};
/* Reads a period; false when `s` is none of the three (or the second day
 * comes before the first). */
bool when_parse_period(const char *s, struct when_period *out);

/* ms since 1970 as local "YYYY-MM-DD HH:MM" into buf (size bytes; "?"
 * when it cannot be said). */
void when_format(char *buf, size_t size, int64_t ms);
/* The same with the seconds, "YYYY-MM-DD HH:MM:SS": timelines. */
void when_format_seconds(char *buf, size_t size, int64_t ms);

/* A length of time in words, to the minute: "45 min", "5 h 10 min",
 * "2 d 4 h" (a negative one as its size). */
void when_span(char *buf, size_t size, int64_t ms);

/* The time zone local times are in, by name: $TZ when it names one
 * ("Europe/Stockholm"), else the zone /etc/localtime links to, else
 * /etc/timezone; else the offset from UTC now ("UTC+0100"). */
void when_zone_name(char *buf, size_t size);

#endif

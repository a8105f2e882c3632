/* Days and times as people write them (when.h). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/when.h"

/* "YYYY-MM-DD" as ms since 1970 at local midnight (+ days), or -1. */
int64_t
when_parse_day(const char *s, int days)
{
	struct tm tm;
	char *end;
	int year, month, day;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	/* strptime takes 2026-02-30; mktime would make it 2 March. */
	year = tm.tm_year, month = tm.tm_mon, day = tm.tm_mday;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1 || tm.tm_year != year || tm.tm_mon != month ||
	    tm.tm_mday != day)
		return -1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* ms since 1970 in local time, to the minute or the second; or "?". */
static void
format_as(char *buf, size_t size, int64_t ms, bool seconds)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "?");
}

void
when_format(char *buf, size_t size, int64_t ms)
{
	format_as(buf, size, ms, false);
}

void
when_format_seconds(char *buf, size_t size, int64_t ms)
{
	format_as(buf, size, ms, true);
}

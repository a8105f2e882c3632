/* Days and times as people write them (when.h). */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
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

/* What follows "zoneinfo/" in a path, or NULL. */
static const char *
zone_of_path(const char *path)
{
	const char *z = strstr(path, "zoneinfo/");

	return z != NULL && z[9] != '\0' ? z + 9 : NULL;
}

void
when_zone_name(char *buf, size_t size)
{
	const char *tz = getenv("TZ"), *z;
	char link[PATH_MAX];
	ssize_t n;
	FILE *f;
	time_t now = clock_now();
	struct tm tm;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz != NULL && *tz != '\0') {
		snprintf(buf, size, "%s", zone_of_path(tz) != NULL ? zone_of_path(tz) : tz);
		return;
	}
	if ((n = readlink("/etc/localtime", link, sizeof(link) - 1)) > 0) {
		link[n] = '\0';
		if ((z = zone_of_path(link)) != NULL) {
			snprintf(buf, size, "%s", z);
			return;
		}
	}
	if ((f = fopen("/etc/timezone", "re")) != NULL) {
		bool got = fgets(link, sizeof(link), f) != NULL;

		fclose(f);
		link[strcspn(link, "\n")] = '\0';
		if (got && link[0] != '\0') {
			snprintf(buf, size, "%s", link);
			return;
		}
	}
	if (localtime_r(&now, &tm) != NULL && strftime(buf, size, "UTC%z", &tm) > 0)
		return;
	snprintf(buf, size, "?");
}

void
when_span(char *buf, size_t size, int64_t ms)
{
	long long min = (long long)((ms < 0 ? -ms : ms) / 60000);

	if (min < 60)
		snprintf(buf, size, _("%lld min"), min);
	else if (min < 24 * 60)
		snprintf(buf, size, _("%lld h %lld min"), min / 60, min % 60);
	else
		snprintf(buf, size, _("%lld d %lld h"), min / (24 * 60), min / 60 % 24);
}

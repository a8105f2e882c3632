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

/* Local midnight of the first of month `month` (1-12, may run over into
 * the next years) of `year`; -1 when mktime cannot say. */
static int64_t
month_start(int year, int month)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t * 1000;
}

static bool
quarter(const char *s, struct when_period *out)
{
	int y, q, n = 0;

	if (sscanf(s, "%4d-Q%1d%n", &y, &q, &n) != 2 || s[n] != '\0' || strlen(s) != 7 ||
	    q < 1 || q > 4 || y < 1970)
		return false;
	out->from = month_start(y, 3 * q - 2);
	out->to = month_start(y, 3 * q + 1);
	out->before_from = month_start(q == 1 ? y - 1 : y, q == 1 ? 10 : 3 * q - 5);
	snprintf(out->label, sizeof(out->label), "%d Q%d", y, q);
	snprintf(out->before_label, sizeof(out->before_label), "%d Q%d", q == 1 ? y - 1 : y,
	    q == 1 ? 4 : q - 1);
	return out->from >= 0 && out->to >= 0 && out->before_from >= 0;
}

static bool
month(const char *s, struct when_period *out)
{
	int y, m, n = 0;

	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || s[n] != '\0' || strlen(s) != 7 ||
	    m < 1 || m > 12 || y < 1970)
		return false;
	out->from = month_start(y, m);
	out->to = month_start(y, m + 1);
	out->before_from = month_start(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	snprintf(out->label, sizeof(out->label), "%04d-%02d", y, m);
	snprintf(out->before_label, sizeof(out->before_label), "%04d-%02d",
	    m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	return out->from >= 0 && out->to >= 0 && out->before_from >= 0;
}

static bool
days(const char *s, struct when_period *out)
{
	const char *dots = strstr(s, "..");
	char first[16];
	int64_t len;
	time_t t;
	struct tm tm;
	char a[16], b[16];

	if (dots == NULL || dots - s != 10 || strlen(dots + 2) != 10)
		return false;
	memcpy(first, s, 10);
	first[10] = '\0';
	out->from = when_parse_day(first, 0);
	out->to = when_parse_day(dots + 2, 1);
	if (out->from < 0 || out->to < 0 || out->to <= out->from)
		return false;
	len = out->to - out->from;
	out->before_from = out->from - len;
	snprintf(out->label, sizeof(out->label), "%s – %s", first, dots + 2);
	t = (time_t)(out->before_from / 1000);
	localtime_r(&t, &tm);
	strftime(a, sizeof(a), "%Y-%m-%d", &tm);
	t = (time_t)(out->from / 1000 - 1);
	localtime_r(&t, &tm);
	strftime(b, sizeof(b), "%Y-%m-%d", &tm);
	snprintf(out->before_label, sizeof(out->before_label), "%s – %s", a, b);
	return true;
}

bool
when_parse_period(const char *s, struct when_period *out)
{
	memset(out, 0, sizeof(*out));
	return quarter(s, out) || month(s, out) || days(s, out);
}

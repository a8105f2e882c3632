#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/retain.h"
#include "common/xalloc.h"

bool
retain_stamp_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdddddd";
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se;
	size_t i;

	if (strlen(s) != RETAIN_STAMP_LEN)
		return false;
	for (i = 0; i < RETAIN_STAMP_LEN; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	y = atoi(s);
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[13] - '0') * 10 + (s[14] - '0');
	se = (s[15] - '0') * 10 + (s[16] - '0');
	if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] || h > 23 || mi > 59 || se > 60)
		return false;
	return !(mo == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

struct item {
	const char *stamp;
	size_t index;
};

/* Newest first. */
static int
newest_first(const void *a, const void *b)
{
	return strcmp(((const struct item *)b)->stamp, ((const struct item *)a)->stamp);
}

/* Keeps the newest of each of the first `count` periods (the stamp's
 * first `len` characters: 10 a day, 7 a month), walking newest first. */
static void
keep_periods(const struct item *it, size_t n, size_t len, unsigned count, bool *keep)
{
	const char *last = NULL;
	unsigned kept = 0;
	size_t i;

	for (i = 0; i < n && kept < count; i++) {
		if (last != NULL && strncmp(last, it[i].stamp, len) == 0)
			continue;
		keep[it[i].index] = true;
		last = it[i].stamp;
		kept++;
	}
}

void
retain_select(const char *const *stamps, size_t n, unsigned daily, unsigned monthly,
    bool *keep)
{
	struct item *it = xcalloc(n + 1, sizeof(*it));
	size_t i;

	for (i = 0; i < n; i++) {
		it[i].stamp = stamps[i];
		it[i].index = i;
		keep[i] = false;
	}
	qsort(it, n, sizeof(*it), newest_first);
	keep_periods(it, n, 10, daily, keep);
	keep_periods(it, n, 7, monthly, keep);
	free(it);
}

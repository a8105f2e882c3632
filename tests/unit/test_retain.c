/* Which backup copies rutin backup --into keeps: the newest of each of
 * the last N days and M months that have a copy. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/retain.h"
#include "tests/unit/testhelp.h"

static void
test_stamps(void **state)
{
	(void)state;
	assert_true(retain_stamp_ok("2026-12-06T021500"));
	assert_true(retain_stamp_ok("2024-02-29T000000"));
	assert_false(retain_stamp_ok("2026-02-29T000000"));  /* not a leap year */
	assert_false(retain_stamp_ok("2100-02-29T000000"));
	assert_false(retain_stamp_ok("2026-13-01T000000"));
	assert_false(retain_stamp_ok("2026-04-31T000000"));
	assert_false(retain_stamp_ok("2026-12-06T240000"));
	assert_false(retain_stamp_ok("2026-12-06T021500x"));
	assert_false(retain_stamp_ok("2026-12-06"));
	assert_false(retain_stamp_ok("2026-12-06 021500"));
	assert_false(retain_stamp_ok("2026-1a-06T021500"));
	assert_false(retain_stamp_ok(""));
}

/* Two copies a day from 1 October to 6 December (out of order): 7 daily
 * and 3 monthly keep the newest of the last 7 days and the newest of
 * October and November (December's newest is today's). */
static void
test_daily_and_monthly(void **state)
{
	static char buf[200][48];
	const char *stamps[200];
	bool keep[200];
	size_t n = 0, i, kept = 0;
	int m, d, h;

	(void)state;
	for (h = 14; h >= 2; h -= 12)
		for (m = 10; m <= 12; m++)
			for (d = 1; d <= (m == 12 ? 6 : m == 11 ? 30 : 31); d++) {
				snprintf(buf[n], sizeof(buf[n]), "2026-%02d-%02dT%02d0000", m, d, h);
				stamps[n] = buf[n];
				n++;
			}
	retain_select(stamps, n, 7, 3, keep);
	for (i = 0; i < n; i++) {
		bool want = strcmp(stamps[i], "2026-10-31T140000") == 0 ||
		    strcmp(stamps[i], "2026-11-30T140000") == 0 ||
		    (strncmp(stamps[i], "2026-12-", 8) == 0 && stamps[i][11] == '1') ||
		    strcmp(stamps[i], "2026-11-30T140000") == 0;

		if (keep[i] != want)
			fail_msg("%s: kept %d, expected %d", stamps[i], keep[i], want);
		kept += keep[i];
	}
	/* 1-6 December: 6 days, then 30 November (daily and monthly), then
	 * 31 October (monthly). */
	assert_int_equal(kept, 8);
}

/* The days counted are days with a copy: after a month off, 3 daily still
 * keeps three copies. */
static void
test_gaps(void **state)
{
	const char *stamps[] = { "2026-01-01T020000", "2026-01-02T020000", "2026-03-01T020000",
		"2026-01-03T020000" };
	bool keep[4];

	(void)state;
	retain_select(stamps, 4, 3, 0, keep);
	assert_true(keep[2]);
	assert_true(keep[3]);
	assert_true(keep[1]);
	assert_false(keep[0]);
	retain_select(stamps, 4, 1, 1, keep);
	assert_true(keep[2]);
	assert_false(keep[0] || keep[1] || keep[3]);
	retain_select(stamps, 4, 1, 2, keep);
	assert_true(keep[2] && keep[3]);
	assert_false(keep[0] || keep[1]);
	retain_select(stamps, 0, 3, 3, keep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamps),
		cmocka_unit_test(test_daily_and_monthly),
		cmocka_unit_test(test_gaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

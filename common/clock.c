/* The wall clock (clock.h). With RUTIN_TEST_CLOCK defined, as only
 * tests/tools/testclock.c does, it is shifted by the environment's
 * RUTIN_TEST_CLOCK seconds so a test can live on any date and cross
 * midnight or a month's end when it chooses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/clock.h"

#ifdef RUTIN_TEST_CLOCK
#include <errno.h>

/* The shift in seconds; a value that is not a whole number stops the
 * program rather than let a test run on the real date unawares. */
static int64_t
clock_shift(void)
{
	static int read;
	static int64_t shift;
	const char *s;
	char *end;

	if (read)
		return shift;
	read = 1;
	s = getenv("RUTIN_TEST_CLOCK");
	if (s == NULL || *s == '\0')
		return shift = 0;
	errno = 0;
	shift = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0') {
		fprintf(stderr, "rutin: RUTIN_TEST_CLOCK: not a number of seconds: '%s'\n", s);
		exit(2);
	}
	return shift;
}

static int64_t advanced; /* seconds, by clock_test_advance */

bool
clock_test_advance(int64_t seconds)
{
	if (seconds < 0)
		return false;
	advanced += seconds;
	return true;
}

void
clock_test_key(void)
{
	static int read;
	static long step;
	const char *s;

	if (!read) {
		read = 1;
		s = getenv("RUTIN_TEST_KEY_SECONDS");
		step = s != NULL ? strtol(s, NULL, 10) : 0;
	}
	if (step > 0)
		advanced += step;
}
#else
static int64_t
clock_shift(void)
{
	return 0;
}

static const int64_t advanced = 0;

bool
clock_test_advance(int64_t seconds)
{
	(void)seconds;
	return false;
}

void
clock_test_key(void)
{
}
#endif

int64_t
clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec + clock_shift() + advanced) * 1000 + ts.tv_nsec / 1000000;
}

time_t
clock_now(void)
{
	return (time_t)(clock_now_ms() / 1000);
}

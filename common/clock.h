/* The time as every part of rutin reads it. An event's time is evidence:
 * the installed program reads only the system's clock. Test builds link
 * tests/tools/testclock.c instead, which shifts it by RUTIN_TEST_CLOCK
 * seconds (tests/README, "The test clock"); nothing in an installed
 * binary reads that variable (tests/cli/clock.sh checks it). */
#ifndef RUTIN_CLOCK_H
#define RUTIN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds since 1970 (UTC). */
int64_t clock_now_ms(void);
/* Seconds since 1970 (UTC). */
time_t clock_now(void);
/* Test builds only: moves this process's clock `seconds` on (a headless
 * key script's "wait SECONDS", tests/README), true. The installed program
 * returns false and its clock stays the system's. */
bool clock_test_advance(int64_t seconds);
/* Test builds only: a key was read from the terminal; with
 * RUTIN_TEST_KEY_SECONDS set, the clock moves that many seconds on (a
 * trainee in tmux who reads each step before she answers). The
 * installed program does nothing. */
void clock_test_key(void);

#endif

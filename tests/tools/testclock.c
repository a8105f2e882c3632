/* The clock of test builds (common/clock.h): linked into tests/bin/rutin
 * ahead of libcommon.a, so its clock_now_ms wins, shifted by the
 * environment's RUTIN_TEST_CLOCK. Never part of an installed binary. */
#define RUTIN_TEST_CLOCK 1
#include "common/clock.c"

/* The document readers' limits of test builds (scan/limits.h): linked
 * into tests/bin/rutin ahead of libscan.a, so its limits_get wins, read
 * from RUTIN_TEST_SANDBOX. Never part of an installed binary. */
#define RUTIN_TEST_LIMITS 1
#include "scan/limits.c"

/* The readers' limits; see limits.h. */
#include "config.h"

#include "scan/limits.h"

#ifdef RUTIN_TEST_LIMITS
#include <stdlib.h>
#include <string.h>

/* RUTIN_TEST_SANDBOX="cpu=N,wait=N,fault=crash|hang" (any of them). */
static void
test_limits(struct limits *l)
{
	const char *v = getenv("RUTIN_TEST_SANDBOX"), *p;

	if (v == NULL)
		return;
	if ((p = strstr(v, "cpu=")) != NULL)
		l->cpu_seconds = (unsigned)strtoul(p + 4, NULL, 10);
	if ((p = strstr(v, "wait=")) != NULL)
		l->wait_seconds = (unsigned)strtoul(p + 5, NULL, 10);
	if (strstr(v, "fault=crash") != NULL)
		l->fault = LIMITS_CRASH;
	if (strstr(v, "fault=hang") != NULL)
		l->fault = LIMITS_HANG;
}
#endif

void
limits_get(struct limits *l)
{
	l->cpu_seconds = LIMITS_CPU_SECONDS;
	l->wait_seconds = LIMITS_WAIT_SECONDS;
	l->memory = LIMITS_MEMORY;
	l->fault = LIMITS_NO_FAULT;
#ifdef RUTIN_TEST_LIMITS
	test_limits(l);
#endif
}

/* What a document's reader may take (sandbox.c). The installed program
 * uses the constants below; test builds link tests/tools/testlimits.c
 * instead, which reads RUTIN_TEST_SANDBOX (tests/README, "The sandbox's
 * limits") to shorten them or to make the reader fail, so that the tests
 * see each way a reader can go wrong. Nothing in an installed binary
 * reads that variable (make check looks). */
#ifndef RUTIN_LIMITS_H
#define RUTIN_LIMITS_H

/* Seconds of processor time, and of waiting, a document may take; bytes
 * of address space the reader may use (not under AddressSanitizer, which
 * reserves more). */
#define LIMITS_CPU_SECONDS 30
#define LIMITS_WAIT_SECONDS 60
#define LIMITS_MEMORY (2048ul << 20)

enum limits_fault {
	LIMITS_NO_FAULT,
	LIMITS_CRASH,   /* test builds only: the reader aborts */
	LIMITS_HANG,    /* test builds only: the reader loops */
};

struct limits {
	unsigned cpu_seconds, wait_seconds;
	unsigned long memory;
	enum limits_fault fault;
};

void limits_get(struct limits *l);

#endif

/* rutin doctor's output, shared by its checks (doctor.c, reach.c): one
 * line per finding, "ok   " or "FIX  ", and "--   " for what it could not
 * look at and says how to. Lines are cleaned of control characters. */
#ifndef RUTIN_DOCTOR_H
#define RUTIN_DOCTOR_H

#include <stdbool.h>

/* A finding: good ("ok") or to fix ("FIX", counted for the exit status).
 * A FIX line says the command that fixes it. */
void doctor_finding(bool good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What was not checked, and how to check it ("--"). */
void doctor_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

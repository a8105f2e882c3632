/* What changed between two routines, printed in words (rutin routines
 * diff; rutin routines release shows it before a release). */
#ifndef RUTIN_CLI_RDIFF_H
#define RUTIN_CLI_RDIFF_H

#include <stdbool.h>

#include "checklists/routine.h"

/* Prints the changes from `a` to `b` on standard output, those that can
 * weaken the routine first; true when their hashes differ. */
bool rdiff_print(const struct routine *a, const struct routine *b);

#endif

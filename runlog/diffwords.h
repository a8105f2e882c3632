/* What changed between two versions of a routine, in words
 * (checklists/diff.h gives the changes): the review a supervisor reads
 * before she releases one -- rutin routines diff, routines release, and
 * the supervisor's home in the interface. The changes that can make the
 * routine protect less come first, marked "!". Knows no screen. */
#ifndef RUTIN_DIFFWORDS_H
#define RUTIN_DIFFWORDS_H

#include <stdbool.h>
#include <stdio.h>

#include "checklists/routine.h"

/* Writes the changes from `a` to `b` to `out`, one a line, those that can
 * weaken the routine first, then a count; true when their hashes
 * differ. */
bool diffwords_write(FILE *out, const struct routine *a, const struct routine *b);

#endif

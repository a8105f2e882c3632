/* Fail-closed analysis of a routine (issue 19): which protecting steps a
 * caseworker can make disappear without giving an answer.
 *
 * A step *protects* when it is critical or has a `stop`. It *fails open*
 * when some condition on its chain of `when`s (its own, the `when` of
 * the step that one names, and so on) is an `in` condition: skipping that
 * gate, marking it not applicable or leaving it unanswered hides the step,
 * and no answer was given. An `unless` condition hides only for an
 * explicit answer the author listed, so a chain of `unless` conditions
 * fails closed. Knows no screen and no database. */
#ifndef RUTIN_FAILSAFE_H
#define RUTIN_FAILSAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/diag.h"
#include "checklists/routine.h"

struct fail_open {
	size_t step;   /* the protecting step that can disappear */
	size_t gate;   /* the step whose non-answer hides it */
	const struct step_when *when; /* the `in` condition on that gate */
};

bool failsafe_step_protects(const struct step *s);

/* Fills up to `max` pairs in step order and returns how many there are. */
size_t failsafe_list(const struct routine *r, struct fail_open *out,
    size_t max);

/* Adds a warning to `d` for each pair, at the `in` condition's place. */
void failsafe_warn(const struct routine *r, struct diag_list *d);

#endif

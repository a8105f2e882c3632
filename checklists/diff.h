/* What changed between two versions of a routine, for the supervisor who
 * reviews a routine before she releases it (rutin routines diff): steps
 * added, removed and moved, made critical or not, required or not, the
 * protection gate, conditions, references, prompts, answers, help, stops,
 * sections and deadlines. Steps and sections are matched by id. Pure: no
 * screen, no database; the words are the caller's.
 *
 * A change that can make the routine protect less is marked `weakens`:
 * a step removed or no longer critical, required or a protection gate; a
 * stop removed; a condition changed (it may hide a step that protects);
 * a second person removed, left to the organisation, or a supervisor
 * made a colleague; a deadline removed or made longer. The supervisor reads those first. */
#ifndef RUTIN_DIFF_H
#define RUTIN_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/routine.h"

enum rdiff_kind {
	RDIFF_TITLE,            /* the routine's title */
	RDIFF_SECTION_ADDED,
	RDIFF_SECTION_REMOVED,
	RDIFF_SECTION_RETITLED,
	RDIFF_STEP_ADDED,
	RDIFF_STEP_REMOVED,
	RDIFF_STEP_MOVED,       /* to another section, or out of the order
	                         * the other steps keep */
	RDIFF_CRITICAL_ON,
	RDIFF_CRITICAL_OFF,
	RDIFF_REQUIRED_ON,
	RDIFF_REQUIRED_OFF,
	RDIFF_GATE_ON,
	RDIFF_GATE_OFF,
	RDIFF_KIND,             /* check, yes/no, choice, text, date */
	RDIFF_PROMPT,
	RDIFF_OPTIONS,          /* a choice's answers: added, removed, relabelled */
	RDIFF_CONDITION,        /* `when` */
	RDIFF_CONTRADICTIONS,
	RDIFF_REFERENCES,       /* which references the step cites */
	RDIFF_HELP,
	RDIFF_STOP_ADDED,
	RDIFF_STOP_REMOVED,
	RDIFF_STOP_CHANGED,
	RDIFF_SECOND,           /* who confirms its answer (second_person) */
	RDIFF_REFERENCE_TEXT,   /* a reference's own text */
	RDIFF_DEADLINE_ADDED,
	RDIFF_DEADLINE_REMOVED,
	RDIFF_DEADLINE_CHANGED,
	RDIFF_KIND_COUNT
};

struct rdiff_change {
	enum rdiff_kind kind;
	bool weakens;
	/* What it is about, in the old routine (a) and the new one (b); NULL
	 * where it does not exist. */
	const struct step *step_a, *step_b;
	const struct section *section_a, *section_b;
	const struct routine_deadline *deadline_a, *deadline_b;
	const struct routine_ref *ref_a, *ref_b;
	size_t index_a, index_b;   /* the steps' positions, from 0 */
};

struct rdiff {
	struct rdiff_change *items; /* owned; they point into both routines */
	size_t count;
	size_t weakening;           /* items that weaken */
};

/* The changes from `a` to `b`, in the order of b's steps (removals where
 * they stood in a), routine-level ones first. Free with diff_free(). */
void diff_routines(const struct routine *a, const struct routine *b, struct rdiff *out);
void diff_free(struct rdiff *d);

#endif

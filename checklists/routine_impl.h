/* The routine's private layout, shared by loader.c, routine.c and canon.c.
 * Nothing outside checklists/ includes this. */
#ifndef RUTIN_ROUTINE_IMPL_H
#define RUTIN_ROUTINE_IMPL_H

#include "checklists/routine.h"
#include "common/arena.h"

struct routine {
	struct arena *arena; /* owns the routine and everything it points to */
	const char *source;
	const char *id;
	long version;
	const char *title;
	const char *description;
	enum routine_area area;
	struct routine_ref *refs;
	size_t ref_count;
	struct section *sections;
	size_t section_count;
	struct step *steps;
	size_t step_count;
	struct routine_deadline *deadlines;
	size_t deadline_count;
	/* Computed once by the loader (canon.c), before anyone sees it. */
	uint8_t hash[ROUTINE_HASH_BYTES];
};

/* Computes r->hash from the model (canon.c); only the loader calls it. */
void routine_compute_hash(struct routine *r);

#endif

/* libFuzzer target: any bytes through the routine loader. Besides the
 * sanitizers' findings, it aborts when a loaded routine breaks one of the
 * model's invariants. Build with ./configure --enable-fuzzing CC=clang;
 * see tests/README. tests/fuzz/replay.c runs the same entry point over the
 * corpus in every `make check`. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/routine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_invariants(const struct routine *r)
{
	size_t i, j, n = routine_step_count(r), steps = 0;
	char hex[2 * ROUTINE_HASH_BYTES + 1];

	routine_hash_hex(r, hex);
	if (strlen(hex) != 64 || routine_section_count(r) == 0 || n == 0)
		abort();
	for (i = 0; i < routine_section_count(r); i++) {
		const struct section *s = routine_section(r, i);

		if (s->first_step != steps || s->step_count == 0)
			abort();
		steps += s->step_count;
	}
	if (steps != n)
		abort();
	for (i = 0; i < n; i++) {
		const struct step *s = routine_step(r, i);

		if (routine_find_step(r, s->id) != (long)i || s->prompt[0] == '\0')
			abort();
		if ((s->kind == STEP_CHOICE) != (s->option_count > 0))
			abort();
		for (j = 0; j < s->ref_count; j++)
			if (s->refs[j] >= routine_ref_count(r))
				abort();
		if (s->when != NULL && (s->when->step >= i || s->when->value_count == 0))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	enum routine_status st;
	FILE *sink = fopen("/dev/null", "w");

	st = routine_load_buffer((const char *)data, size, "fuzz.yaml", &r, &d);
	if ((st == ROUTINE_OK) != (r != NULL) || (st == ROUTINE_OK) == (d.errors > 0))
		abort();
	if (r != NULL)
		check_invariants(r);
	if (sink != NULL) {
		diag_print(&d, "fuzz.yaml", sink);
		fclose(sink);
	}
	diag_list_clear(&d);
	routine_free(&r);
	return 0;
}

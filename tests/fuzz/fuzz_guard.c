/* libFuzzer target: any text through the personal-data guard. Besides the
 * sanitizers, it aborts when a finding lies outside the text, a verdict
 * disagrees with the findings, or the explanation is missing; and when
 * guard_find_all (rutin scan) disagrees with guard_check: it finds as
 * many (or more, past GUARD_MAX_FINDINGS), in order, none overlapping. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct guard_result r;
	char *why;
	size_t i, len;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text); /* the guard reads up to the first NUL */
	guard_check(text, &r);
	if ((r.count > 0) != (r.verdict != GUARD_CLEAN) || r.count > GUARD_MAX_FINDINGS)
		abort();
	for (i = 0; i < r.count; i++) {
		const struct guard_finding *f = &r.findings[i];

		if (f->length == 0 || f->offset + f->length > len || f->column == 0)
			abort();
		if ((f->kind <= GUARD_COORDINATION_NUMBER) && r.verdict != GUARD_REFUSED)
			abort();
	}
	why = guard_explain(&r);
	if ((why != NULL) != (r.verdict != GUARD_CLEAN))
		abort();
	free(why);
	{
		struct guard_finding *all;
		size_t n = guard_find_all(text, &all);

		if (r.count < GUARD_MAX_FINDINGS ? n != r.count : n < r.count)
			abort();
		for (i = 0; i < n; i++)
			if (all[i].length == 0 || all[i].offset + all[i].length > len ||
			    (i > 0 && all[i].offset < all[i - 1].offset + all[i - 1].length))
				abort();
		free(all);
	}
	free(text);
	return 0;
}

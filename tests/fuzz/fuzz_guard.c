/* libFuzzer target: any text through the personal-data guard. Besides the
 * sanitizers, it aborts when a finding lies outside the text, a verdict
 * disagrees with the findings, or the explanation is missing. */
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
	free(text);
	return 0;
}

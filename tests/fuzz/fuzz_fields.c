/* libFuzzer target: the log's field parser on any text (verify reads
 * fields back from a log that may have been tampered with). Whatever it
 * accepts must write back to exactly the same canonical text. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *again;
	struct log_field *f;
	size_t n;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fields_from_json(text, &f, &n)) {
		again = fields_to_json(f, n);
		if (again == NULL || strcmp(again, text) != 0)
			abort();
		free(again);
		fields_free(f, n);
	}
	free(text);
	return 0;
}

/* libFuzzer target: any bytes through the document readers rutin scan
 * uses (doc_read: PDF with poppler, Word and OpenDocument with libzip and
 * libxml2, text), in-process so that the sanitizers see the readers. Then
 * each part through the guard, as scan does. Besides the sanitizers, it
 * aborts when a reader says it read but left a part's text unterminated,
 * longer than its length says, or past the cap; or failed without saying
 * why. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/doc.h"
#include "scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc d = DOC_INIT;
	char err[1024];
	size_t i, total = 0, found;
	FILE *null;

	err[0] = '\0';
	d.name = "fuzz.bin";
	if (!doc_read((const char *)data, size, &d, err, sizeof(err))) {
		if (err[0] == '\0')
			abort();
		doc_free(&d);
		return 0;
	}
	for (i = 0; i < d.n; i++) {
		if (d.parts[i].text == NULL || d.parts[i].text[d.parts[i].len] != '\0')
			abort();
		total += d.parts[i].len;
	}
	if (total > DOC_MAX_TEXT || total != d.text_total || d.nblank > d.pages)
		abort();
	null = fopen("/dev/null", "w");
	if (null != NULL) {
		scan_doc(&d, "fuzz.bin", null, null, &found);
		fclose(null);
	}
	doc_free(&d);
	return 0;
}

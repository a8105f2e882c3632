/* Scanning a document's text with the guard before it is sent (rutin
 * scan): every identity number, phone number, e-mail address, street
 * address and postal code, one line each, as FILE:LINE:COL: kind: excerpt.
 * Knows no screen and no database. */
#ifndef RUTIN_SCAN_H
#define RUTIN_SCAN_H

#include <stdio.h>

enum scan_status {
	SCAN_CLEAN = 0,  /* nothing found */
	SCAN_FOUND = 1,  /* something found */
	SCAN_ERROR = 2,  /* not read: not text, not UTF-8, a read error */
};

/* Scans `in` (its name `name` in the output and messages) and writes each
 * finding to `out`; identity numbers are masked (digits as '*'), other
 * excerpts shown as written with control characters made visible. On
 * SCAN_ERROR writes a message naming the file, line and column into err.
 * *found counts the findings. */
enum scan_status scan_stream(FILE *in, const char *name, FILE *out, size_t *found,
    char *err, size_t err_size);

#endif

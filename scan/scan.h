/* rutin scan: a document through the guard before it is sent. Reads text
 * files, PDF, Word (.docx) and OpenDocument text (.odt) (doc.h), each in
 * a child process under limits (sandbox.h), and lists every finding of
 * the guard, one a line:
 *
 *     FILE:LINE:COL: kind: excerpt           a text file
 *     FILE:PAGE:LINE:COL: kind: excerpt      a PDF page
 *     FILE:PART:LINE:COL: kind: excerpt      "body", "header1", "comments",
 *                                            "title", "2-comments"...
 *
 * Identity numbers are masked (digits as '*'); other excerpts are shown
 * as written, control characters made visible. Knows no screen and no
 * database. */
#ifndef RUTIN_SCAN_H
#define RUTIN_SCAN_H

#include <stdio.h>

#include "scan/doc.h"

enum scan_status {
	SCAN_CLEAN = 0,  /* read in full, nothing found */
	SCAN_FOUND = 1,  /* something found */
	SCAN_ERROR = 2,  /* not read, or not all of it (a page without text) */
};

/* Scans the file at `path` ("-": standard input; `name` is how messages
 * call it): findings to `out`, what could not be read to `errs` (each
 * line begins "rutin scan: NAME"). *found counts the findings. */
enum scan_status scan_file(const char *path, const char *name, FILE *out, FILE *errs,
    size_t *found);

/* Lists the findings in a document already read (scan_file's second
 * half); says on `errs` which pages had no text. */
enum scan_status scan_doc(const struct doc *d, const char *name, FILE *out, FILE *errs,
    size_t *found);

#endif

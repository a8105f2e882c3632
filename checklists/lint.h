/* lint: check routine and exercise files and directories of them, for
 * `rutin lint`. A file's `format` decides how it is read: rutin-exercise/1
 * as an exercise, anything else as a routine. */
#ifndef RUTIN_LINT_H
#define RUTIN_LINT_H

#include <stddef.h>
#include <stdio.h>

#include "checklists/routine.h"

struct lint_result {
	size_t files;    /* files checked */
	size_t invalid;  /* files with at least one error */
	size_t errors;
	size_t warnings;
	int status;      /* 0 all valid, 1 some invalid, 2 some unreadable */
};

/* Where an exercise's routine is found, to check the exercise against it:
 * `find` returns the installed routine with that id, or NULL (then the
 * exercise's steps are not checked, with a warning saying so). */
struct lint_routines {
	const struct routine *(*find)(void *ctx, const char *id);
	void *ctx;
};

/* Checks `path`: a file is checked whatever its name; a directory is
 * searched recursively (hidden entries and symbolic links to directories
 * are skipped) for *.yaml and *.yml files, in sorted order. Diagnostics go
 * to `out`, GCC-style. `rt` may be NULL. `res` accumulates over calls; start it zeroed. */
void lint_path(const char *path, FILE *out, const struct lint_routines *rt,
    struct lint_result *res);

#endif

/* lint: check routine files and directories of them, for `rutin lint`. */
#ifndef RUTIN_LINT_H
#define RUTIN_LINT_H

#include <stddef.h>
#include <stdio.h>

struct lint_result {
	size_t files;    /* files checked */
	size_t invalid;  /* files with at least one error */
	size_t errors;
	size_t warnings;
	int status;      /* 0 all valid, 1 some invalid, 2 some unreadable */
};

/* Checks `path`: a file is checked whatever its name; a directory is
 * searched recursively (hidden entries and symbolic links to directories
 * are skipped) for *.yaml and *.yml files, in sorted order. Diagnostics go
 * to `out`, GCC-style. `res` accumulates over calls; start it zeroed. */
void lint_path(const char *path, FILE *out, struct lint_result *res);

#endif

/* Diagnostics: errors and warnings about one input file, with positions.
 * They are printed GCC-style, `FILE:LINE:COL: error: message`, so editors
 * can jump to them. Lines and columns are 1-based; columns count characters
 * (Unicode code points), not bytes. Line 0 means "the whole file". */
#ifndef RUTIN_DIAG_H
#define RUTIN_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity severity;
	unsigned line;
	unsigned col;
	char *message; /* owned by the list */
};

/* At most this many diagnostics are kept per file; the rest are counted. */
#define DIAG_MAX 100

struct diag_list {
	struct diag *items;
	size_t count;
	size_t capacity;
	size_t errors;   /* every error, also those past DIAG_MAX */
	size_t warnings; /* every warning, also those past DIAG_MAX */
};

/* An empty list; clear it with diag_list_clear() when done. */
#define DIAG_LIST_INIT { NULL, 0, 0, 0, 0 }

/* Records an error (or warning) at line:col. The message is a printf format. */
void diag_error(struct diag_list *d, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag_list *d, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Frees every message and leaves an empty list. */
void diag_list_clear(struct diag_list *d);
/* True when at least one error was recorded. */
bool diag_has_errors(const struct diag_list *d);
/* Prints the list sorted by position as `file:line:col: error: message`
 * lines, followed by a note when diagnostics were dropped past DIAG_MAX. */
void diag_print(struct diag_list *d, const char *file, FILE *out);

#endif

/* Helpers shared by the cmocka unit tests. Include after <cmocka.h>'s
 * prerequisites; see tests/README for how to write a test. */
#ifndef RUTIN_TESTHELP_H
#define RUTIN_TESTHELP_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checklists/diag.h"
#include "checklists/routine.h"

/* The first lines of a valid routine; STEPS_LINE is the line on which
 * text appended to it starts. Steps appended are indented 6 spaces. */
extern const char test_routine_head[];
#define STEPS_LINE 12

/* Loads `text` (a NUL-terminated YAML string) with the routine loader.
 * Returns the routine (caller frees with routine_free) or NULL. */
struct routine *load_text(const char *text, struct diag_list *d);
/* Loads test_routine_head followed by `steps`. */
struct routine *load_steps(const char *steps, struct diag_list *d);

/* Fails the test unless `d` holds a diagnostic of `severity` at line:col
 * whose message contains `needle`. Prints every diagnostic on failure. */
void expect_diag_at(const struct diag_list *d, enum diag_severity severity,
    unsigned line, unsigned col, const char *needle, const char *file,
    int srcline);
#define assert_error_at(d, line, col, needle) \
	expect_diag_at((d), DIAG_ERROR, (line), (col), (needle), __FILE__, __LINE__)
#define assert_warning_at(d, line, col, needle) \
	expect_diag_at((d), DIAG_WARNING, (line), (col), (needle), __FILE__, __LINE__)

/* Prints every diagnostic (for a failing test's output). */
void print_diags(const struct diag_list *d);

/* A fresh temporary directory under $TMPDIR (or /tmp); caller frees the
 * string and removes the directory with remove_tree(). */
char *make_temp_dir(void);
void remove_tree(const char *path);
/* Writes `len` bytes to dir/name (creating folders is not done). Returns
 * the full path; caller frees. */
char *write_file(const char *dir, const char *name, const char *data, size_t len);
/* The file's bytes, NUL-terminated (the test fails when it cannot be
 * read); caller frees. */
char *slurp(const char *path, size_t *len);
/* Path of a file in the source tree ($RUTIN_SRCDIR or "."); caller frees. */
char *srcdir_path(const char *relative);


/* ---- Runs ---- */
#include "checklists/run.h"

/* Records every emitted event (deep copies). Set fail_next to make the
 * next emit fail once, as a full disk would. */
struct recorder {
	struct run_event *events;
	size_t count;
	size_t capacity;
	int fail_next;
	int64_t clock; /* a fake clock: each reading advances it 1 s, */
	int64_t tick_ms; /* or this much when set (a reader's pace) */
};

/* A run_io that records into `rec` and reads its fake clock. */
struct run_io recorder_io(struct recorder *rec);
void recorder_free(struct recorder *rec);
/* A training run of `r` recorded into *rec, which it zeroes first; the
 * test fails if the run does not start. The caller frees the run with
 * run_free() and the recorder with recorder_free(). */
struct run *recorded_run(const struct routine *r, struct recorder *rec,
    const char *case_ref);
/* The run's state as text (run_dump); caller frees. */
char *dump_run(const struct run *run);
/* Fails the test unless the two runs hold the same state, fact for fact. */
void assert_same_run(const struct run *a, const struct run *b);
/* Loads a shipped routine by file name, e.g. "kontaktforbud.yaml". */
struct routine *load_shipped(const char *name);

#endif

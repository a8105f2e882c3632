/* A run's journal extract (rutin summary): what the caseworker documents
 * in the personakt that the routine was followed -- the routine's title
 * and version, the case reference, when and by whom, and for each step
 * shown, in order under its section: the step's prompt with the answer in
 * words, or why it was not applicable or skipped; who confirmed it as
 * the second person; the deviations with their reasons; the notes. Only what the log holds, every text of it
 * having passed the guard when it was written. Knows no screen; cli/
 * prints it as text and PDF.
 *
 * Memory: the extract owns the replayed run and its arrays; its strings
 * belong to the run, the routine (which must outlive it) or the catalog. */
#ifndef RUTIN_EXTRACT_H
#define RUTIN_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/run.h"
#include "db/log.h"

struct extract_step {
	const char *section;     /* the section's title when one begins here */
	const struct step *step; /* the routine's */
	const char *prompt;      /* the step's prompt */
	enum step_status status;
	const char *value;       /* the answer in words, or the reason; NULL */
	const char *deviation;   /* the reason recorded for a deviation, or NULL */
	bool is_deviation;       /* a critical step skipped or left open */
	const char *confirmed_by; /* its answer's second person, or NULL */
	const char **notes;      /* the notes on the step, in order */
	size_t nnotes;
};

struct extract {
	struct log_run_info ri;
	const struct routine *r;
	struct run *run;
	struct run_summary sum;
	struct extract_step *steps; /* the steps shown, in order */
	size_t n;
};

/* Replays run `ri` with routine `r` (the run's own, by hash) and makes
 * its extract. RUN_OK, or the engine's or log's error with a message. */
enum run_error extract_load(struct log *log, const struct log_run_info *ri,
    const struct routine *r, struct extract *out, char *msg, size_t msg_size);
void extract_free(struct extract *x);

#endif

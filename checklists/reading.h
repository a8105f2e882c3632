/* How long a step takes to read, and which steps a run answered faster
 * than that: the reading floor of an exercise's debrief (issue 23).
 *
 * A step's floor is its prompt, and for a choice step the options'
 * labels, read at READING_WPM words a minute, and never less than
 * READING_MIN_MS. 500 words a minute is about twice the rate adults read
 * non-fiction silently (238 words a minute in Brysbaert's meta-analysis,
 * Journal of Memory and Language 109, 2019) and the rate at which
 * skimming begins: an answer below it was given without reading the
 * step, not by a fast reader. The time a run took for a step is from its
 * last event before the step's answer (the run's start, or another step's
 * answer, skip or reason) to the answer: a pause, an inject or a note in
 * between only make it longer, so the floor never flags a careful run.
 * Pure: no screen, no database. */
#ifndef RUTIN_READING_H
#define RUTIN_READING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/run.h"

#define READING_WPM 500
#define READING_MIN_MS 1000

/* Words in `text` (runs of non-space characters); 0 for NULL. */
size_t reading_words(const char *text);
/* The step's floor in ms. */
int64_t reading_floor_ms(const struct step *s);
/* The time run `run` took to answer step i (ms; 0 when two answers came
 * in the same millisecond), or -1: the step has no answer, skip or reason. */
int64_t reading_taken_ms(const struct run *run, size_t i);
/* Step i is shown, has its answer, skip or reason, and it came faster
 * than the step's floor. */
bool reading_too_fast(const struct run *run, size_t i);
/* How many steps of the run reading_too_fast() finds. */
size_t reading_too_fast_count(const struct run *run);

#endif

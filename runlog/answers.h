/* The class's answers to one question of an exercise, for the projector
 * and the debrief's PDF: per expectation's step, how many runs gave
 * each answer (the expected ones marked), how many skipped it, marked it
 * not applicable or left it, and how long they took on it, as a
 * distribution. Restarted runs and runs that cannot be replayed are left
 * out. Knows no screen: tui/scr_answers.c and the report draw it. */
#ifndef RUTIN_ANSWERS_H
#define RUTIN_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runlog/debrief.h"

/* One bar: an answer the step offers, or what else happened. */
struct answer_bar {
	const char *label;     /* the answer's words (words_answer) or a
	                        * result's label; translated, owned by the
	                        * routine or the catalog */
	bool expected;         /* one of the expectation's answers */
	size_t count;
	const char **names;    /* the trainees who gave it (count of them),
	                        * pointing into the debrief: the trainer's
	                        * own view names them, the projector never */
};

/* The bins of the time taken on the step: below the step's reading
 * floor, then up to 30 s, 1 min, 2 min, 5 min, and longer. */
#define ANSWER_TIME_BINS 6

struct answer_question {
	const struct exercise_expectation *e;
	const struct step *step;   /* NULL when the routine has no such step */
	struct answer_bar *bars;
	size_t n_bars;
	size_t runs;               /* runs counted */
	size_t met;                /* of them, runs that met the expectation */
	size_t timed;              /* runs that spent time on the step */
	size_t time_bins[ANSWER_TIME_BINS];
	int64_t median_ms;         /* of the timed runs; 0 when none */
};

/* The class's answers to expectation k of `ex`; free with
 * answers_free(). `d`, `ex` and `r` must outlive it. */
void answers_question(const struct debrief *d, const struct exercise *ex,
    const struct routine *r, size_t k, struct answer_question *out);
void answers_free(struct answer_question *q);

/* A bin's label for people ("under the reading floor", "under 30 s"...),
 * translated. */
const char *answers_bin_label(size_t bin);

#endif

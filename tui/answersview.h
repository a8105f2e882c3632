/* The class's answers to one question, drawn for a projector (the class
 * view's b): the step's prompt, a bar per answer with its count (the
 * expected answers marked ✓), what else the runs did with the step, and
 * the time taken on it as a distribution. Readable at 80x24. Names only
 * when `names` (the trainer's own screen): the projector shows none. */
#ifndef RUTIN_ANSWERSVIEW_H
#define RUTIN_ANSWERSVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "runlog/answers.h"

/* Draws question `index` of `total` from row `top` to `bottom` (not
 * included). */
void answersview_draw(const struct answer_question *q, size_t index, size_t total,
    bool names, int top, int bottom);

#endif

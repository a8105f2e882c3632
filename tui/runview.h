/* Drawing a run (read-only): the outline of its visible steps, each with
 * its mark, beside the selected step in full: position, critical marker,
 * prompt, answer or reason, deviation, notes. Used by the walk screen and
 * by any screen that shows a replayed run. */
#ifndef RUTIN_RUNVIEW_H
#define RUTIN_RUNVIEW_H

#include <stddef.h>

#include "checklists/run.h"

/* The outline's width: 32 columns up to a 100-column terminal, then two
 * fifths of the width, at most 60: a wide terminal shows more of each
 * step's prompt in the outline. */
int runview_outline_width(int cols);

/* Draws `run` with step `step` selected, between rows top and bottom. */
void runview_draw(const struct run *run, size_t step, int top, int bottom);
/* The same in the columns left of `right` (a pane beside it). */
void runview_draw_in(const struct run *run, size_t step, int top, int bottom,
    int right);

/* The title of a run's screen: its case reference, then the routine. */
void runview_title(const struct run *run, char *out, size_t size);

/* "a colleague", "a supervisor": who a step's second person is to be. */
const char *runview_second_who(enum second_person who);
/* Draws, at y, x, `w` wide, what step `i`'s second person has done
 * (confirmed by whom and when, or waits for one); returns the rows
 * drawn (0: the step needs none). */
int runview_second_line(const struct run *run, size_t i, int y, int x, int w);

#endif

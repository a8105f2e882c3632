/* A trainee's exercise in the walk: the scenario beside the routine (or
 * in a box on a narrow screen) and the injects, shown as they come due:
 * at their step, after their minutes, or when the trainer sends one. Each
 * inject shown is logged (exercise.shown) before it is drawn. The walk
 * screen calls these when a->x is set; they do nothing otherwise. */
#ifndef RUTIN_XPLAY_H
#define RUTIN_XPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "runlog/xsession.h"
#include "tui/app.h"

/* Joins session `s` (a run of its routine started and joined, or her own
 * run in it resumed) and opens the walk; false, with a message, when it
 * cannot. */
bool xplay_join(struct app *a, const struct xsession *s);
/* Ends the exercise part of the session (a->x freed). */
void xplay_close(struct app *a);

/* After the run changed or the walk opened: injects due at the step the
 * run waits at. */
void xplay_step(struct app *a);
/* Once a second: the class paused or resumed, the trainer's messages and
 * injects, injects due by time (the class's pauses left out), her run
 * restarted by the trainer (a new one begins), and the end of the
 * session (the run is paused and she is back at the list). */
void xplay_tick(struct app *a);

/* The guard refused text she wrote at `step` (g: its findings): logged
 * for the trainer (exercise.guard_refused: the step and what the guard
 * found, never the text); a log that fails is said. */
void xplay_guard_refused(struct app *a, const char *step, const struct guard_result *g);

/* The class's time for the screen: "12:30 of 45:00" (the exercise's
 * budget), "paused · " before it while the class is paused; "" outside
 * an exercise. */
void xplay_clock(const struct app *a, char *buf, size_t size);

/* Columns the scenario takes on the right (0 on a narrow screen). */
int xplay_pane_width(const struct app *a);
void xplay_draw_pane(const struct app *a, int top, int bottom);
/* The box over the walk: an inject, or the scenario opened with F5. */
void xplay_draw_box(const struct app *a);
/* A key for the exercise's boxes: true when it was theirs. */
bool xplay_key(struct app *a, enum action act);

#endif

/* An exercise's debrief as a PDF (rutin exercise report --format pdf),
 * for the projector and the trainer's file: the session, the class's
 * result, and per question the class's answers as a bar chart (the
 * expected answers marked) and the time taken on the step as a
 * distribution (runlog/answers.h), drawn with draw/chart.h. Anonymous:
 * no trainee's name is in it (the text report names them). Knows no
 * screen. */
#ifndef RUTIN_EXERCISE_REPORT_H
#define RUTIN_EXERCISE_REPORT_H

#include <stdint.h>

#include "runlog/debrief.h"

struct pdfdoc;

struct exercise_report {
	const struct xsession *session;
	const struct exercise *ex;
	const struct routine *routine;
	const struct debrief *d;
	int64_t made;              /* ms since 1970 */
	const char *made_by;       /* the trainer's account */
	int64_t elapsed_ms;        /* the class's time, pauses left out */
};

/* Draws the report into d (its pages; the caller closes it). */
void exercise_report_draw(struct pdfdoc *d, const struct exercise_report *r);

#endif

/* An exercise's debrief as a PDF (exercise.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "draw/chart.h"
#include "draw/pdfdoc.h"
#include "report/exercise.h"
#include "runlog/answers.h"

static void
summary(struct pdfdoc *d, const struct exercise_report *r)
{
	char line[512], started[32], made[32];
	size_t i, passed = 0;

	for (i = 0; i < r->d->count; i++)
		passed += r->d->trainees[i].run != NULL && r->d->trainees[i].restarted == 0 &&
		    r->d->trainees[i].score.passed;
	when_format(started, sizeof(started), r->session->started);
	when_format(made, sizeof(made), r->made);
	pdfdoc_text(d, PDFDOC_TITLE, 0, r->ex->title);
	snprintf(line, sizeof(line), _("The class's answers, per question. Exercise %s, "
	    "version %ld, with the routine \"%s\"; session %.8s, started %s by %s."),
	    r->ex->id, r->ex->version, routine_title(r->routine), r->session->id,
	    started, r->session->trainer);
	pdfdoc_text(d, PDFDOC_BODY, 0, line);
	snprintf(line, sizeof(line), _("%zu run(s) scored, %zu passed (pass mark %ld of "
	    "%ld points, and no critical expectation missed). The class's time, pauses "
	    "left out: %" PRId64 ":%02" PRId64 "."), r->d->scored, passed,
	    r->ex->pass_mark, r->ex->max_points, r->elapsed_ms / 60000,
	    r->elapsed_ms / 1000 % 60);
	pdfdoc_text(d, PDFDOC_BODY, 0, line);
	snprintf(line, sizeof(line), _("Made %s by %s. No trainee is named here; the "
	    "expected answers are marked ✓."), made, r->made_by);
	pdfdoc_text(d, PDFDOC_SMALL, 0, line);
	pdfdoc_space(d, 12);
}

/* The answers' labels, the expected ones marked; caller frees each. */
static char **
bar_labels(const struct answer_question *q)
{
	char **labels = xcalloc(q->n_bars + 1, sizeof(*labels));
	size_t i, n;

	for (i = 0; i < q->n_bars; i++) {
		n = strlen(q->bars[i].label) + 8;
		labels[i] = xmalloc(n);
		snprintf(labels[i], n, "%s%s", q->bars[i].label,
		    q->bars[i].expected ? " ✓" : "");
	}
	return labels;
}

static void
question(struct pdfdoc *d, const struct exercise_report *r, size_t k)
{
	struct answer_question q;
	const char *bins[ANSWER_TIME_BINS];
	double *counts, times[ANSWER_TIME_BINS];
	char **labels, title[512], heading[512];
	size_t i;

	answers_question(r->d, r->ex, r->routine, k, &q);
	snprintf(heading, sizeof(heading), _("Question %zu of %zu%s: %s"), k + 1,
	    r->ex->expectation_count, q.e->critical ? _(" (critical)") : "",
	    q.step != NULL ? q.step->prompt : q.e->step);
	pdfdoc_room(d, 260);
	pdfdoc_text(d, PDFDOC_HEADING, 0, heading);
	snprintf(title, sizeof(title), _("%zu of %zu run(s) met it. Why it matters: %s"),
	    q.met, q.runs, q.e->why);
	pdfdoc_text(d, PDFDOC_BODY, 0, title);
	labels = bar_labels(&q);
	counts = xcalloc(q.n_bars + 1, sizeof(*counts));
	for (i = 0; i < q.n_bars; i++)
		counts[i] = (double)q.bars[i].count;
	chart_draw(d, &(struct chart){ .title = _("The answers"), .kind = CHART_BARS,
	    .labels = (const char *const *)labels, .nlabels = q.n_bars,
	    .series = &(struct chart_series){ _("runs"), counts }, .nseries = 1,
	    .axis = _("runs"), .empty = _("No run has reached this step yet.") });
	for (i = 0; i < ANSWER_TIME_BINS; i++) {
		bins[i] = answers_bin_label(i);
		times[i] = (double)q.time_bins[i];
	}
	snprintf(title, sizeof(title), _("Time on the step (median %" PRId64 ":%02" PRId64
	    ")"), q.median_ms / 60000, q.median_ms / 1000 % 60);
	chart_draw(d, &(struct chart){ .title = title, .kind = CHART_BARS,
	    .labels = bins, .nlabels = ANSWER_TIME_BINS,
	    .series = &(struct chart_series){ _("runs"), times }, .nseries = 1,
	    .axis = _("runs"), .empty = _("No run has spent time on this step yet.") });
	pdfdoc_space(d, 12);
	for (i = 0; i < q.n_bars; i++)
		free(labels[i]);
	free(labels);
	free(counts);
	answers_free(&q);
}

void
exercise_report_draw(struct pdfdoc *d, const struct exercise_report *r)
{
	size_t k;

	summary(d, r);
	for (k = 0; k < r->ex->expectation_count; k++)
		question(d, r, k);
}

/* The class's answers on the projector (answersview.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "runlog/words.h"
#include "tui/answersview.h"
#include "tui/draw.h"

#define LABEL_COLS 28   /* an answer's words */
#define COUNT_COLS 5

/* Who gave it, after the bar: the trainer's own view only. */
static void
draw_names(const struct answer_bar *b, int y, int x, int width)
{
	char line[512];
	size_t i, used = 0;

	line[0] = '\0';
	for (i = 0; i < b->count && used + 1 < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s",
		    i > 0 ? ", " : "", b->names[i]);
	if (used >= sizeof(line))
		used = sizeof(line) - 1;
	attron(term_attr(PAIR_DIM));
	draw_text(y, x, width, line);
	attroff(term_attr(PAIR_DIM));
}

static int
draw_answers(const struct answer_question *q, bool names, int y, int bottom)
{
	int bar = LABEL_COLS + 4, width = COLS - bar - COUNT_COLS - 2;
	size_t i, max = 1;
	char label[LABEL_COLS * 4 + 8], count[32];

	if (names)
		width /= 2;
	for (i = 0; i < q->n_bars; i++)
		if (q->bars[i].count > max)
			max = q->bars[i].count;
	for (i = 0; i < q->n_bars && y < bottom; i++, y++) {
		const struct answer_bar *b = &q->bars[i];
		int len;

		snprintf(label, sizeof(label), "%s", b->label);
		draw_text_one_line(label);
		if (b->expected)
			attron(A_BOLD);
		mvaddstr(y, 1, b->expected ? (term_utf8() ? "✓" : "*") : " ");
		draw_text(y, 3, LABEL_COLS, label);
		if (b->expected)
			attroff(A_BOLD);
		len = draw_bar(y, bar, width, b->count, max);
		snprintf(count, sizeof(count), "%zu", b->count);
		mvaddstr(y, bar + len + 1, count);
		if (names && b->count > 0)
			draw_names(b, y, bar + width + COUNT_COLS + 1,
			    COLS - (bar + width + COUNT_COLS + 2));
	}
	return y;
}

static int
draw_times(const struct answer_question *q, int y, int bottom)
{
	int bar = LABEL_COLS + 4, width = COLS - bar - COUNT_COLS - 2;
	size_t i, max = 1;
	char line[256];

	if (y >= bottom)
		return y;
	snprintf(line, sizeof(line), _("Time on the step (median %" PRId64 ":%02" PRId64 ")"),
	    q->median_ms / 60000, q->median_ms / 1000 % 60);
	attron(A_BOLD);
	draw_text(y++, 1, COLS - 2, line);
	attroff(A_BOLD);
	for (i = 0; i < ANSWER_TIME_BINS; i++)
		if (q->time_bins[i] > max)
			max = q->time_bins[i];
	for (i = 0; i < ANSWER_TIME_BINS && y < bottom; i++, y++) {
		int len;

		draw_text(y, 3, LABEL_COLS, answers_bin_label(i));
		len = draw_bar(y, bar, width, q->time_bins[i], max);
		snprintf(line, sizeof(line), "%zu", q->time_bins[i]);
		mvaddstr(y, bar + len + 1, line);
	}
	return y;
}

void
answersview_draw(const struct answer_question *q, size_t index, size_t total,
    bool names, int top, int bottom)
{
	char line[512], step[WORDS_PROMPT_MAX * 2 + 16];
	int y = top;

	snprintf(line, sizeof(line), _("Question %zu of %zu%s · %zu of %zu met it"),
	    index + 1, total, q->e->critical ? _(" · critical") : "", q->met, q->runs);
	draw_text(y++, 1, COLS - 2, line);
	snprintf(step, sizeof(step), "%s", q->step != NULL ? q->step->prompt : q->e->step);
	attron(A_BOLD);
	y += draw_wrapped(y, 1, COLS - 2, 2, step, A_BOLD);
	attroff(A_BOLD);
	y++;
	if (q->runs == 0) {
		draw_text(y, 3, COLS - 6, _("No run has reached this step yet."));
		return;
	}
	y = draw_answers(q, names, y, bottom - ANSWER_TIME_BINS - 2);
	y = draw_times(q, y + 1, bottom - 1);
	(void)y;
	attron(term_attr(PAIR_DIM));
	draw_text(bottom - 1, 1, COLS - 2, term_utf8() ? _("✓ the expected answer") :
	    _("* the expected answer"));
	attroff(term_attr(PAIR_DIM));
}

/* The class's answers to one question (answers.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/reading.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/answers.h"
#include "runlog/words.h"

/* The upper ends of the bins after the first, ms. */
static const int64_t bin_ends[ANSWER_TIME_BINS - 2] = { 30000, 60000, 120000, 300000 };

const char *
answers_bin_label(size_t bin)
{
	switch (bin) {
	case 0: return _("faster than it can be read");
	case 1: return _("under 30 s");
	case 2: return _("30 s to 1 min");
	case 3: return _("1 to 2 min");
	case 4: return _("2 to 5 min");
	case 5: return _("5 min or more");
	}
	return "?";
}

static bool
expected_answer(const struct exercise_expectation *e, const char *id)
{
	size_t i;

	if (e->answer_count == 0)
		return true;
	for (i = 0; i < e->answer_count; i++)
		if (strcmp(e->answers[i].id, id) == 0)
			return true;
	return false;
}

static struct answer_bar *
add_bar(struct answer_question *q, size_t cap, const char *label, bool expected)
{
	struct answer_bar *b = &q->bars[q->n_bars++];

	b->label = label;
	b->expected = expected;
	b->names = xcalloc(cap + 1, sizeof(*b->names));
	return b;
}

/* A bar for every answer the step offers, in its order, counted or not:
 * the room sees the answers no one gave too. Text and date steps have
 * one: "answered". */
static void
answer_bars(struct answer_question *q, size_t cap)
{
	const struct step *s = q->step;
	size_t i;

	switch (s != NULL ? s->kind : STEP_TEXT) {
	case STEP_CHECK:
		add_bar(q, cap, words_answer(s, ANSWER_YES), true);
		break;
	case STEP_YESNO:
		add_bar(q, cap, words_answer(s, ANSWER_YES), expected_answer(q->e, ANSWER_YES));
		add_bar(q, cap, words_answer(s, ANSWER_NO), expected_answer(q->e, ANSWER_NO));
		break;
	case STEP_CHOICE:
		for (i = 0; i < s->option_count; i++)
			add_bar(q, cap, s->options[i].label,
			    expected_answer(q->e, s->options[i].id));
		break;
	case STEP_TEXT:
	case STEP_DATE:
		add_bar(q, cap, _("answered"), true);
		break;
	}
}

/* The bar of an answer `value` (answer_bars' order). */
static long
bar_of_answer(const struct step *s, const char *value)
{
	size_t i;

	switch (s != NULL ? s->kind : STEP_TEXT) {
	case STEP_YESNO:
		return strcmp(value, ANSWER_NO) == 0 ? 1 : 0;
	case STEP_CHOICE:
		for (i = 0; i < s->option_count; i++)
			if (strcmp(s->options[i].id, value) == 0)
				return (long)i;
		return -1;
	default:
		return 0;
	}
}

/* The bar of what else happened: found by its label, added after the
 * answers when first met. */
static struct answer_bar *
other_bar(struct answer_question *q, size_t cap, enum expect_result r)
{
	const char *label = score_result_label(r);
	size_t i;

	for (i = 0; i < q->n_bars; i++)
		if (q->bars[i].label == label)
			return &q->bars[i];
	return add_bar(q, cap, label, false);
}

static void
count_run(struct answer_question *q, size_t cap, const struct debrief_trainee *t,
    const struct expect_score *e)
{
	struct answer_bar *b = NULL;
	long k;

	q->runs++;
	q->met += e->result == EXPECT_MET;
	switch (e->result) {
	case EXPECT_MET:
	case EXPECT_WRONG:
	case EXPECT_TOO_FAST:
	case EXPECT_NO_NOTE:
		k = e->value != NULL ? bar_of_answer(q->step, e->value) : -1;
		b = k >= 0 && (size_t)k < q->n_bars ? &q->bars[k] : NULL;
		break;
	default:
		break;
	}
	if (b == NULL)
		b = other_bar(q, cap, e->result == EXPECT_TOO_FAST ||
		    e->result == EXPECT_NO_NOTE ? EXPECT_WRONG : e->result);
	b->names[b->count++] = t->account;
}

static int
by_ms(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

static void
time_run(struct answer_question *q, const struct debrief_trainee *t, long step,
    int64_t *times)
{
	int64_t ms = t->step_ms[step];
	size_t bin;

	if (ms <= 0)
		return;
	times[q->timed++] = ms;
	if (t->run != NULL && reading_too_fast(t->run, (size_t)step)) {
		q->time_bins[0]++;
		return;
	}
	for (bin = 0; bin < ANSWER_TIME_BINS - 2 && ms >= bin_ends[bin]; bin++)
		;
	q->time_bins[bin + 1]++;
}

void
answers_question(const struct debrief *d, const struct exercise *ex,
    const struct routine *r, size_t k, struct answer_question *out)
{
	size_t cap = d->count, i;
	long step;
	int64_t *times = xcalloc(cap + 1, sizeof(*times));

	memset(out, 0, sizeof(*out));
	out->e = &ex->expectations[k];
	out->step = routine_step_by_id(r, out->e->step);
	step = routine_find_step(r, out->e->step);
	/* The step's answers, and at most three results besides. */
	out->bars = xcalloc((out->step != NULL ? out->step->option_count : 0) + 8,
	    sizeof(*out->bars));
	answer_bars(out, cap);
	for (i = 0; i < d->count; i++) {
		const struct debrief_trainee *t = &d->trainees[i];

		if (t->run == NULL || t->restarted != 0 || k >= t->score.count)
			continue;
		count_run(out, cap, t, &t->score.items[k]);
		if (step >= 0)
			time_run(out, t, step, times);
	}
	if (out->timed > 0) {
		qsort(times, out->timed, sizeof(*times), by_ms);
		out->median_ms = times[out->timed / 2];
	}
	free(times);
}

void
answers_free(struct answer_question *q)
{
	size_t i;

	for (i = 0; i < q->n_bars; i++)
		free(q->bars[i].names);
	free(q->bars);
	memset(q, 0, sizeof(*q));
}

/* Scoring an exercise run against its expectations (score.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/reading.h"
#include "checklists/score.h"
#include "common/i18n.h"
#include "common/xalloc.h"

static const char *const result_names[] = { "met", "wrong", "not-applicable",
	"skipped", "unanswered", "hidden", "too-fast", "no-note", "late" };

const char *
score_result_name(enum expect_result r)
{
	return (size_t)r < sizeof(result_names) / sizeof(result_names[0]) ?
	    result_names[r] : "?";
}

const char *
score_result_label(enum expect_result r)
{
	switch (r) {
	case EXPECT_MET: return _("met");
	case EXPECT_WRONG: return _("another answer");
	case EXPECT_NOT_APPLICABLE: return _("marked not applicable");
	case EXPECT_SKIPPED: return _("skipped");
	case EXPECT_UNANSWERED: return _("not answered");
	case EXPECT_HIDDEN: return _("not shown: an earlier answer hid the step");
	case EXPECT_TOO_FAST: return _("answered faster than the step can be read");
	case EXPECT_NO_NOTE: return _("answered, but with no note saying why");
	case EXPECT_LATE: return _("acknowledged too late");
	}
	return "?";
}

static bool
answer_expected(const struct exercise_expectation *e, const char *answer)
{
	size_t i;

	if (e->answer_count == 0)
		return true;
	for (i = 0; i < e->answer_count; i++)
		if (strcmp(e->answers[i].id, answer) == 0)
			return true;
	return false;
}

/* A step that is not shown: hidden by an answer (or a skip, or "not
 * applicable") to the step its `when` names, or only not reached yet,
 * because that step is still open. */
static enum expect_result
not_shown(const struct run *run, size_t k)
{
	const struct routine *r = run_routine(run);
	const struct step *s = routine_step(r, k);

	while (s->when != NULL) {
		size_t t = s->when->step;

		if (!run_step_visible(run, t)) {
			s = routine_step(r, t);
			continue;
		}
		return run_step_status(run, t) == STEP_PENDING ? EXPECT_UNANSWERED :
		    EXPECT_HIDDEN;
	}
	return EXPECT_HIDDEN;
}

/* A note on step k (the engine takes none that is empty or blank). */
static bool
has_note(const struct run *run, size_t k)
{
	size_t i, step;

	for (i = 0; i < run_note_count(run); i++)
		if (run_note_text(run, i, &step) != NULL && step == k)
			return true;
	return false;
}

static void
score_one(const struct exercise *ex, const struct exercise_expectation *e,
    const struct run *run, struct expect_score *out)
{
	long k = routine_find_step(run_routine(run), e->step);

	memset(out, 0, sizeof(*out));
	out->e = e;
	if (k < 0) {
		out->result = EXPECT_HIDDEN;
		return;
	}
	if (!run_step_visible(run, (size_t)k)) {
		out->result = not_shown(run, (size_t)k);
		return;
	}
	out->value = run_step_value(run, (size_t)k);
	switch (run_step_status(run, (size_t)k)) {
	case STEP_PENDING:
		out->result = EXPECT_UNANSWERED;
		break;
	case STEP_NOT_APPLICABLE:
		out->result = EXPECT_NOT_APPLICABLE;
		break;
	case STEP_SKIPPED:
		out->result = EXPECT_SKIPPED;
		break;
	case STEP_ANSWERED:
		out->result = answer_expected(e, out->value) ? EXPECT_MET : EXPECT_WRONG;
		break;
	}
	if (out->result == EXPECT_MET && ex->reading_floor &&
	    reading_too_fast(run, (size_t)k))
		out->result = EXPECT_TOO_FAST;
	if (out->result == EXPECT_MET && e->note && !has_note(run, (size_t)k))
		out->result = EXPECT_NO_NOTE;
	if (out->result == EXPECT_MET)
		out->points = e->points;
}

void
score_exercise(const struct exercise *ex, const struct run *run,
    struct exercise_score *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->max_points = ex->max_points;
	out->pass_mark = ex->pass_mark;
	out->count = ex->expectation_count;
	out->items = xcalloc(out->count ? out->count : 1, sizeof(*out->items));
	for (i = 0; i < out->count; i++) {
		struct expect_score *s = &out->items[i];

		score_one(ex, &ex->expectations[i], run, s);
		out->points += s->points;
		if (s->result == EXPECT_MET)
			out->met++;
		else if (s->e->critical)
			out->critical_missed++;
	}
	out->passed = out->points >= out->pass_mark && out->critical_missed == 0;
}

static const struct inject_seen *
seen_of(const struct inject_seen *seen, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (seen[i].inject != NULL && strcmp(seen[i].inject, id) == 0)
			return &seen[i];
	return NULL;
}

static void
score_ack(const struct exercise_inject *in, const struct inject_seen *s,
    struct ack_score *out)
{
	int64_t end;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if (s == NULL || s->shown == 0) {
		out->result = EXPECT_HIDDEN;
		return;
	}
	end = s->acknowledged != 0 ? s->acknowledged : s->now;
	out->ms = end - s->shown - s->paused_ms;
	if (out->ms < 0)
		out->ms = 0;
	if (s->acknowledged == 0)
		out->result = EXPECT_UNANSWERED;
	else if (out->ms <= in->ack_minutes * 60000)
		out->result = EXPECT_MET;
	else
		out->result = EXPECT_LATE;
	if (out->result == EXPECT_MET)
		out->points = in->ack_points;
}

void
score_acknowledgements(const struct exercise *ex, const struct inject_seen *seen,
    size_t n, struct exercise_score *out)
{
	size_t i;

	for (i = 0; i < out->ack_count; i++)
		out->points -= out->acks[i].points; /* scored again */
	free(out->acks);
	out->acks = xcalloc(ex->inject_count + 1, sizeof(*out->acks));
	out->ack_count = 0;
	for (i = 0; i < ex->inject_count; i++) {
		const struct exercise_inject *in = &ex->injects[i];
		struct ack_score *a;

		if (in->ack_minutes <= 0)
			continue;
		a = &out->acks[out->ack_count++];
		score_ack(in, seen_of(seen, n, in->id), a);
		out->points += a->points;
	}
	out->passed = out->points >= out->pass_mark && out->critical_missed == 0;
}

void
score_free(struct exercise_score *s)
{
	free(s->acks);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

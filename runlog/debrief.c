/* The debrief of an exercise session (debrief.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "checklists/reading.h"
#include "runlog/debrief.h"
#include "runlog/findings.h"
#include "runlog/runlog.h"
#include "runlog/words.h"

const char *
debrief_status(const struct debrief_trainee *t)
{
	if (t->restarted != 0)
		return "restarted";
	return t->run != NULL ? run_status_word(run_status(t->run)) : "unreadable";
}

const char *
debrief_status_label(const struct debrief_trainee *t)
{
	if (t->restarted != 0)
		return _("restarted");
	return t->run != NULL ? _(run_status_label(run_status(t->run))) : _("unreadable");
}

void
debrief_step_words(const struct routine *r, const char *id, char *buf, size_t size)
{
	words_step(routine_step_by_id(r, id), id, buf, size);
}

const char *
debrief_value_words(const struct routine *r, const struct expect_score *e)
{
	if (e->value == NULL)
		return NULL;
	if (e->result != EXPECT_MET && e->result != EXPECT_WRONG)
		return e->value; /* the reason given */
	return words_answer(routine_step_by_id(r, e->e->step), e->value);
}

/* Time per step: each event on a step adds the time since the run's
 * previous event, unless the run was paused in between. */
static void
step_times(const struct routine *r, const struct runlog_events *e, int64_t *ms)
{
	int64_t prev = e->n > 0 ? e->evs[0].time : 0;
	bool paused = false;
	size_t i;

	for (i = 0; i < e->n; i++) {
		const struct run_event *ev = &e->evs[i];
		long k = ev->step != NULL ? routine_find_step(r, ev->step) : -1;

		if (ev->type == (enum event_type)EV_RUN_PAUSED)
			paused = true;
		else if (ev->type == (enum event_type)EV_RUN_RESUMED)
			paused = false;
		else if (k >= 0 && !paused && ev->time > prev)
			ms[k] += ev->time - prev;
		prev = ev->time;
	}
}

static size_t
confirmed_flags(const struct findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->count; i++)
		if (f->items[i].kind == FINDING_CONFIRMED_FLAG)
			n++;
	return n;
}

static size_t
deviations_so_far(const struct run *run, long current)
{
	size_t i, n = 0, count = routine_step_count(run_routine(run));
	bool done = run_status(run) == RUN_COMPLETED || run_status(run) == RUN_ABORTED;

	for (i = 0; i < count; i++)
		if (run_step_is_deviation(run, i) &&
		    (run_step_status(run, i) == STEP_SKIPPED || done ||
		    (current >= 0 && i < (size_t)current)))
			n++;
	return n;
}

static size_t
shown_of(const struct xstate *st, const char *run_id)
{
	size_t i, n = 0;

	for (i = 0; i < st->n_shown; i++)
		if (strcmp(st->shown[i].run_id, run_id) == 0)
			n++;
	return n;
}

static size_t
refused_of(const struct xstate *st, const char *run_id)
{
	size_t i, n = 0;

	for (i = 0; i < st->n_refused; i++)
		if (strcmp(st->refused[i].run_id, run_id) == 0)
			n++;
	return n;
}

/* Replays and scores one trainee's run; a run that cannot be replayed
 * keeps its problem. Fails only when the log cannot be read. */
static enum log_status
load_trainee(struct log *log, const struct xjoin *j, const struct exercise *ex,
    const struct routine *r, struct debrief_trainee *t, struct log_error *err)
{
	struct runlog_events e;
	struct findings f;
	enum run_error re;

	memset(t, 0, sizeof(*t));
	snprintf(t->account, sizeof(t->account), "%s", j->account);
	snprintf(t->run_id, sizeof(t->run_id), "%s", j->run_id);
	t->step_ms = xcalloc(routine_step_count(r) + 1, sizeof(*t->step_ms));
	t->current = -1;
	re = runlog_collect(log, j->run_id, &e, t->problem, sizeof(t->problem));
	if (re == RUN_E_LOG) {
		snprintf(err->message, sizeof(err->message), "%s", t->problem);
		return err->status = LOG_E_IO;
	}
	if (re != RUN_OK)
		return LOG_OK;
	/* One replay gives the run and its findings (the flags she
	 * confirmed): the class view reads every trainee every second. */
	re = findings_of_run(r, e.evs, e.n, NULL, 0, 0, &f, &t->run);
	if (re != RUN_OK) {
		snprintf(t->problem, sizeof(t->problem), _("the run does not fit "
		    "routine '%s' as installed (%s)"), routine_id(r), run_error_message(re));
		runlog_events_free(&e);
		return LOG_OK;
	}
	t->started = e.evs[0].time;
	t->last_time = e.evs[e.n - 1].time;
	step_times(r, &e, t->step_ms);
	t->confirmed_flags = confirmed_flags(&f);
	findings_free(&f);
	runlog_events_free(&e);
	score_exercise(ex, t->run, &t->score);
	run_summarize(t->run, &t->sum);
	t->current = run_current(t->run);
	t->deviations = deviations_so_far(t->run, t->current);
	return LOG_OK;
}

/* The injects' acknowledgements, from what the log says of the run. */
static void
score_acks(const struct xstate *st, const struct xsession *s,
    const struct exercise *ex, int64_t now, struct debrief_trainee *t)
{
	struct inject_seen *seen = xcalloc(ex->inject_count + 1, sizeof(*seen));
	size_t i, n = 0;

	if (s->ended != 0 && s->ended < now)
		now = s->ended;
	for (i = 0; i < ex->inject_count; i++) {
		const char *id = ex->injects[i].id;
		struct inject_seen *v;

		if (ex->injects[i].ack_minutes <= 0)
			continue;
		v = &seen[n++];
		v->inject = id;
		v->shown = xstate_first_shown(st, t->run_id, id);
		v->acknowledged = xstate_acknowledged(st, t->run_id, id);
		v->now = now;
		if (v->shown != 0)
			v->paused_ms = xstate_paused_ms(st, s->id, v->shown,
			    v->acknowledged != 0 ? v->acknowledged : now);
	}
	score_acknowledgements(ex, seen, n, &t->score);
	free(seen);
}

/* A class list by name, a trainee's runs in the order she began them: the
 * same order however the trainees happened to join. */
static int
by_account(const void *pa, const void *pb)
{
	const struct debrief_trainee *a = pa, *b = pb;
	int c = strcmp(a->account, b->account);

	if (c != 0)
		return c;
	if (a->started != b->started)
		return a->started < b->started ? -1 : 1;
	return strcmp(a->run_id, b->run_id);
}

enum log_status
debrief_load(struct log *log, const struct xstate *st, const struct xsession *s,
    const struct exercise *ex, const struct routine *r, int64_t now,
    struct debrief *out, struct log_error *err)
{
	size_t i, k;
	enum log_status ls;

	memset(out, 0, sizeof(*out));
	out->expectation_count = ex->expectation_count;
	out->missed = xcalloc(ex->expectation_count + 1, sizeof(*out->missed));
	out->trainees = xcalloc(st->n_joins + 1, sizeof(*out->trainees));
	for (i = 0; i < st->n_joins; i++) {
		struct debrief_trainee *t;

		if (strcmp(st->joins[i].session, s->id) != 0)
			continue;
		t = &out->trainees[out->count++];
		if ((ls = load_trainee(log, &st->joins[i], ex, r, t, err)) != LOG_OK) {
			debrief_free(out);
			return ls;
		}
		t->injects_shown = shown_of(st, t->run_id);
		t->guard_refused = refused_of(st, t->run_id);
		t->too_fast = t->run != NULL ? reading_too_fast_count(t->run) : 0;
		if (xstate_restart_of(st, t->run_id) != NULL)
			t->restarted = xstate_restart_of(st, t->run_id)->time;
		if (t->run != NULL)
			score_acks(st, s, ex, now, t);
		if (t->restarted != 0)
			continue;
		out->scored++;
		for (k = 0; t->run != NULL && k < t->score.count; k++)
			if (t->score.items[k].result != EXPECT_MET)
				out->missed[k]++;
	}
	qsort(out->trainees, out->count, sizeof(*out->trainees), by_account);
	return LOG_OK;
}

void
debrief_free(struct debrief *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		run_free(&d->trainees[i].run);
		score_free(&d->trainees[i].score);
		free(d->trainees[i].step_ms);
	}
	free(d->trainees);
	free(d->missed);
	memset(d, 0, sizeof(*d));
}

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/runlog.h"
#include "runlog/stats.h"

int64_t
stats_median(const int64_t *v, size_t n)
{
	return n > 0 ? v[n / 2] : -1;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- Where a run is counted ---- */

static struct stats_cell *
cell_of(struct stats *s, const struct log_run_info *ri)
{
	time_t t = (time_t)(ri->started / 1000);
	struct tm tm;
	char month[8];
	size_t i;

	localtime_r(&t, &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	for (i = 0; i < s->ncells; i++)
		if (strcmp(s->cells[i].routine, ri->routine_id) == 0 &&
		    strcmp(s->cells[i].month, month) == 0)
			return &s->cells[i];
	s->cells = xreallocarray(s->cells, s->ncells + 1, sizeof(*s->cells));
	memset(&s->cells[s->ncells], 0, sizeof(*s->cells));
	snprintf(s->cells[s->ncells].routine, sizeof(s->cells[0].routine), "%s", ri->routine_id);
	snprintf(s->cells[s->ncells].month, sizeof(s->cells[0].month), "%s", month);
	return &s->cells[s->ncells++];
}

static struct stats_routine *
routine_of(struct stats *s, const char *id, const struct routine *r)
{
	size_t i;

	for (i = 0; i < s->nroutines; i++)
		if (strcmp(s->routines[i].id, id) == 0)
			return &s->routines[i];
	s->routines = xreallocarray(s->routines, s->nroutines + 1, sizeof(*s->routines));
	memset(&s->routines[s->nroutines], 0, sizeof(*s->routines));
	snprintf(s->routines[s->nroutines].id, sizeof(s->routines[0].id), "%s", id);
	s->routines[s->nroutines].r = r;
	return &s->routines[s->nroutines++];
}

/* Monday 00:00 local time of the week `ms` falls in. */
static int64_t
monday_of(int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday -= (tm.tm_wday + 6) % 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* The week after the Monday `monday` (a week is not always 7 x 24 h). */
static int64_t
next_monday(int64_t monday)
{
	time_t t = (time_t)(monday / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static struct stats_week *
week_of(struct stats *s, int64_t started)
{
	int64_t monday = monday_of(started);
	size_t i;

	for (i = 0; i < s->nweeks; i++)
		if (s->weeks[i].monday == monday)
			return &s->weeks[i];
	s->weeks = xreallocarray(s->weeks, s->nweeks + 1, sizeof(*s->weeks));
	memset(&s->weeks[s->nweeks], 0, sizeof(*s->weeks));
	s->weeks[s->nweeks].monday = monday;
	return &s->weeks[s->nweeks++];
}

static void
add_step(struct stats *s, const char *routine, long step, enum step_status st)
{
	size_t i;

	for (i = 0; i < s->nsteps; i++)
		if (s->steps[i].step == step && strcmp(s->steps[i].routine, routine) == 0)
			break;
	if (i == s->nsteps) {
		s->steps = xreallocarray(s->steps, s->nsteps + 1, sizeof(*s->steps));
		memset(&s->steps[i], 0, sizeof(*s->steps));
		snprintf(s->steps[i].routine, sizeof(s->steps[i].routine), "%s", routine);
		s->steps[i].step = step;
		s->nsteps++;
	}
	s->steps[i].skipped += st == STEP_SKIPPED;
	s->steps[i].not_applicable += st == STEP_NOT_APPLICABLE;
}

/* ---- One run ---- */

/* What only a replay tells: the steps skipped or not applicable, the
 * deadlines, the time from completion to signature. */
static void
from_replay(struct stats *s, const struct log_run_info *ri, const struct run *run,
    int64_t now)
{
	const struct routine *r = run_routine(run);
	struct run_deadline d[ROUTINE_MAX_DEADLINES];
	size_t i, n;

	for (i = 0; i < routine_step_count(r); i++) {
		enum step_status st = run_step_status(run, i);

		if (run_step_visible(run, i) && (st == STEP_SKIPPED || st == STEP_NOT_APPLICABLE))
			add_step(s, ri->routine_id, (long)i, st);
	}
	n = deadline_of_run(run, now, d, ROUTINE_MAX_DEADLINES);
	for (i = 0; i < n && i < ROUTINE_MAX_DEADLINES; i++) {
		struct stats_deadline *x;

		if (d[i].state == DEADLINE_NONE)
			continue;
		s->deadlines = xreallocarray(s->deadlines, s->ndeadlines + 1,
		    sizeof(*s->deadlines));
		x = &s->deadlines[s->ndeadlines++];
		snprintf(x->routine, sizeof(x->routine), "%s", ri->routine_id);
		x->d = d[i].d;
		x->allowed_ms = d[i].due - run_started_at(run);
		x->taken_ms = (d[i].done != 0 ? d[i].done : now) - run_started_at(run);
		x->met = d[i].done != 0;
	}
	if (review_state_of(ri->review) == REVIEW_SIGNED && run_completed_at(run) != 0 &&
	    ri->reviewed_at >= run_completed_at(run)) {
		struct stats_latency *l;

		s->latencies = xreallocarray(s->latencies, s->nlatencies + 1,
		    sizeof(*s->latencies));
		l = &s->latencies[s->nlatencies++];
		l->ms = ri->reviewed_at - run_completed_at(run);
		snprintf(l->account, sizeof(l->account), "%s", ri->account);
		snprintf(l->reviewer, sizeof(l->reviewer), "%s", ri->reviewer);
	}
}

/* Run `ri` with its events (NULL: none were read). */
static void
add_run(struct stats *s, struct log *log, const struct log_run_info *ri,
    const struct routine *r, const struct runlog_events *evs, int64_t now)
{
	struct stats_routine *sr = routine_of(s, ri->routine_id, r);
	struct stats_cell *c = cell_of(s, ri);
	int status = run_status_of(ri->status), review = review_state_of(ri->review);
	struct run *run = NULL;
	struct findings fs;
	char why[512];
	bool have;
	size_t k;

	s->runs++;
	if (status >= 0)
		week_of(s, ri->started)->status[status]++;
	sr->started++;
	sr->completed += status == RUN_COMPLETED;
	sr->paused += status == RUN_PAUSED;
	sr->active += status == RUN_ACTIVE;
	sr->aborted += status == RUN_ABORTED;
	sr->returned += review == REVIEW_RETURNED || review == REVIEW_CORRECTED;
	sr->signed_ += review == REVIEW_SIGNED;
	c->runs++;
	c->signed_ += review == REVIEW_SIGNED;
	c->completed += status == RUN_COMPLETED;

	have = evs != NULL && review_findings_collected(log, r, ri, evs, now, &fs, &run, why,
	    sizeof(why)) == RUN_OK;
	if (!have) {
		sr->unknown++;
		return;
	}
	c->findings += fs.count;
	c->with_findings += fs.count > 0;
	sr->with_critical += fs.critical > 0;
	for (k = 0; k < fs.count; k++) {
		sr->kinds[fs.items[k].kind]++;
		c->critical_skips += fs.items[k].kind == FINDING_CRITICAL_SKIPPED;
		c->confirmed_flags += fs.items[k].kind == FINDING_CONFIRMED_FLAG;
	}
	if (status == RUN_COMPLETED) {
		c->minutes = xreallocarray(c->minutes, c->timed + 1, sizeof(*c->minutes));
		c->minutes[c->timed++] = fs.active_ms / 60000;
		sr->active_ms = xreallocarray(sr->active_ms, sr->timed + 1,
		    sizeof(*sr->active_ms));
		sr->active_ms[sr->timed++] = fs.active_ms;
	}
	from_replay(s, ri, run, now);
	run_free(&run);
	findings_free(&fs);
}

/* ---- The whole ---- */

static bool
wanted(const char *id, const char *const *ids, size_t nids)
{
	size_t i;

	for (i = 0; i < nids; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return nids == 0;
}

static int
most_first(const void *a, const void *b)
{
	const struct stats_step *x = a, *y = b;
	size_t nx = x->skipped + x->not_applicable, ny = y->skipped + y->not_applicable;
	int c;

	if (nx != ny)
		return nx > ny ? -1 : 1;
	if ((c = strcmp(x->routine, y->routine)) != 0)
		return c;
	return x->step < y->step ? -1 : x->step > y->step;
}

static int
by_monday(const void *a, const void *b)
{
	const struct stats_week *x = a, *y = b;

	return x->monday < y->monday ? -1 : x->monday > y->monday;
}

static int
by_latency(const void *a, const void *b)
{
	const struct stats_latency *x = a, *y = b;

	return x->ms < y->ms ? -1 : x->ms > y->ms;
}

static int
by_routine_id(const void *a, const void *b)
{
	return strcmp(((const struct stats_routine *)a)->id,
	    ((const struct stats_routine *)b)->id);
}

/* Every week of a bounded period is shown, a week without runs too. */
static void
fill_weeks(struct stats *s)
{
	int64_t w;

	if (s->from == 0 || s->to == 0)
		return;
	for (w = monday_of(s->from); w < s->to; w = next_monday(w))
		week_of(s, w);
}

static void
sort_all(struct stats *s)
{
	size_t i;

	fill_weeks(s);
	for (i = 0; i < s->ncells; i++)
		if (s->cells[i].timed > 1)
			qsort(s->cells[i].minutes, s->cells[i].timed, sizeof(int64_t), cmp_i64);
	for (i = 0; i < s->nroutines; i++)
		if (s->routines[i].timed > 1)
			qsort(s->routines[i].active_ms, s->routines[i].timed, sizeof(int64_t),
			    cmp_i64);
	if (s->nroutines > 1)
		qsort(s->routines, s->nroutines, sizeof(*s->routines), by_routine_id);
	if (s->nweeks > 1)
		qsort(s->weeks, s->nweeks, sizeof(*s->weeks), by_monday);
	if (s->nsteps > 1)
		qsort(s->steps, s->nsteps, sizeof(*s->steps), most_first);
	if (s->nlatencies > 1)
		qsort(s->latencies, s->nlatencies, sizeof(*s->latencies), by_latency);
}

/* ---- One pass over the period's events ---- */

/* The runs in the period and the one whose events are being read: the
 * events come run after run, in the runs' order (log_period_events). */
struct pass {
	struct stats *s;
	struct log *log;
	stats_find_fn find;
	void *ctx;
	const char *const *ids;
	size_t nids;
	int64_t now;
	struct log_run_info *runs;
	size_t n;
	bool *done;                 /* runs[i] added */
	size_t next;                /* where the next run is looked for */
	struct log_run_info *cur;   /* NULL: the events are of no run wanted */
	char *cur_id;               /* the run whose events are being read */
	struct runlog_events evs;
};

/* The run `id` among the runs read (usually the next one: both are in
 * the runs' order); NULL: one started since, or not wanted. */
static struct log_run_info *
run_named(struct pass *p, const char *id)
{
	size_t k, i;

	for (k = 0; k < p->n; k++) {
		i = (p->next + k) % p->n;
		if (!p->done[i] && strcmp(p->runs[i].run_id, id) == 0) {
			p->next = i + 1;
			return wanted(p->runs[i].routine_id, p->ids, p->nids) ? &p->runs[i] : NULL;
		}
	}
	return NULL;
}

static void
pass_flush(struct pass *p)
{
	if (p->cur != NULL) {
		add_run(p->s, p->log, p->cur, p->find(p->ctx, p->cur->routine_id,
		    p->cur->routine_hash), &p->evs, p->now);
		p->done[p->cur - p->runs] = true;
	}
	runlog_events_free(&p->evs);
	memset(&p->evs, 0, sizeof(p->evs));
	p->cur = NULL;
}

static int
pass_event(void *ctx, const struct log_event *ev)
{
	struct pass *p = ctx;

	if (ev->run_id == NULL)
		return 0;
	if (p->cur_id == NULL || strcmp(ev->run_id, p->cur_id) != 0) {
		pass_flush(p);
		free(p->cur_id);
		p->cur_id = xstrdup(ev->run_id);
		p->cur = run_named(p, ev->run_id);
	}
	if (p->cur != NULL)
		(void)runlog_events_add(&p->evs, ev);
	return 0;
}

enum log_status
stats_collect(struct log *log, stats_find_fn find, void *ctx, int64_t from, int64_t to,
    const char *const *ids, size_t nids, int64_t now, struct stats *out,
    struct log_error *err)
{
	struct log_run_filter f = { .account = NULL, .oldest_first = true, .from = from,
		.to = to };
	struct pass p = { .s = out, .log = log, .find = find, .ctx = ctx, .ids = ids,
		.nids = nids, .now = now };
	enum log_status st;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	if ((st = log_runs(log, &f, &p.runs, &p.n, err)) != LOG_OK)
		return st;
	p.done = xcalloc(p.n + 1, sizeof(*p.done));
	st = log_period_events(log, from, to, pass_event, &p, err);
	pass_flush(&p);
	free(p.cur_id);
	/* A run none of whose events was read (none can be: run.started
	 * makes the run) counts, with findings unknown. */
	for (i = 0; st == LOG_OK && i < p.n; i++)
		if (!p.done[i] && wanted(p.runs[i].routine_id, ids, nids))
			add_run(out, log, &p.runs[i], find(ctx, p.runs[i].routine_id,
			    p.runs[i].routine_hash), NULL, now);
	free(p.done);
	free(p.runs);
	if (st != LOG_OK) {
		stats_free(out);
		return st;
	}
	sort_all(out);
	return LOG_OK;
}

void
stats_free(struct stats *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++)
		free(s->cells[i].minutes);
	for (i = 0; i < s->nroutines; i++)
		free(s->routines[i].active_ms);
	free(s->cells);
	free(s->routines);
	free(s->weeks);
	free(s->steps);
	free(s->deadlines);
	free(s->latencies);
	memset(s, 0, sizeof(*s));
}

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"
#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "checklists/deadline.h"
#include "runlog/findings.h"
#include "runlog/words.h"

static const struct {
	const char *token, *name;
	bool critical;
} kinds[FINDING_KIND_COUNT] = {
	[FINDING_CRITICAL_SKIPPED] = { "critical-skipped", N_("critical step skipped"), true },
	[FINDING_CRITICAL_OPEN] = { "critical-open", N_("critical step left open"), true },
	[FINDING_CRITICAL_NA] = { "critical-not-applicable", N_("critical step not applicable"), true },
	[FINDING_CONTRADICTION] = { "contradiction", N_("contradicting answers"), true },
	[FINDING_PROTECTION_OFF] = { "protection-off", N_("protection switched off"), true },
	[FINDING_STOP] = { "stop", N_("stop"), false },
	[FINDING_CONFIRMED_FLAG] = { "confirmed-flag", N_("confirmed contact detail"), true },
	[FINDING_RETRACTED] = { "retracted", N_("answer retracted"), false },
	[FINDING_NOTES] = { "notes", N_("notes"), false },
	[FINDING_ROUTINE_CHANGED] = { "routine-changed", N_("routine changed since"), false },
	[FINDING_FAST] = { "fast", N_("unusually fast"), false },
	[FINDING_DEADLINE] = { "deadline-missed", N_("deadline missed"), true },
};

const char *
finding_token(enum finding_kind k)
{
	return (unsigned)k < FINDING_KIND_COUNT ? kinds[k].token : "unknown";
}

int
finding_kind_of(const char *token)
{
	int k;

	/* Before routines declared deadlines, the leak routine's 72 hours to
	 * IMY was the only one, named so; scripts may still ask for it. */
	if (strcmp(token, "leak-late") == 0)
		return FINDING_DEADLINE;
	for (k = 0; k < FINDING_KIND_COUNT; k++)
		if (strcmp(kinds[k].token, token) == 0)
			return k;
	return -1;
}

const char *
finding_name(enum finding_kind k)
{
	return (unsigned)k < FINDING_KIND_COUNT ? _(kinds[k].name) : "?";
}

static struct finding *
add(struct findings *f, enum finding_kind kind, long step, int64_t time)
{
	struct finding *x;

	f->items = xreallocarray(f->items, f->count + 1, sizeof(*f->items));
	x = &f->items[f->count++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->critical = kinds[kind].critical;
	x->step = step;
	x->time = time;
	f->critical += x->critical;
	return x;
}

/* Step i of r as a finding names it: its prompt, quoted and short
 * (runlog/words.h); "-" for none. */
static const char *
step_words(const struct routine *r, long i, char *buf, size_t size)
{
	if (i < 0)
		return "-";
	words_step(routine_step(r, (size_t)i), NULL, buf, size);
	return buf;
}

/* The answer to step i in words. */
static const char *
answer_words(const struct routine *r, const struct run *run, size_t i)
{
	return words_answer(routine_step(r, i), run_step_value(run, i));
}

/* ---- From the state the events leave ---- */

static void
critical_steps(const struct routine *r, const struct run *run, struct findings *f)
{
	size_t i;

	for (i = 0; i < routine_step_count(r); i++) {
		const struct step *s = routine_step(r, i);
		struct finding *x;

		if (!s->critical || !run_step_visible(run, i))
			continue;
		if (run_step_status(run, i) == STEP_SKIPPED)
			x = add(f, FINDING_CRITICAL_SKIPPED, (long)i, 0);
		else if (run_step_status(run, i) == STEP_NOT_APPLICABLE)
			x = add(f, FINDING_CRITICAL_NA, (long)i, 0);
		else if (run_step_status(run, i) == STEP_PENDING &&
		    run_step_deviation(run, i) != NULL)
			x = add(f, FINDING_CRITICAL_OPEN, (long)i, 0);
		else
			continue;
		words_step(s, NULL, x->detail, sizeof(x->detail));
	}
}

/* An answer the routine says contradicts an earlier one ("nej, no
 * protection needed" after "ja, there are threats"): the caseworker
 * confirmed it; the supervisor checks which one is true. */
static void
contradictions(const struct routine *r, const struct run *run, struct findings *f)
{
	size_t i;

	for (i = 0; i < routine_step_count(r); i++) {
		const struct step_contradiction *c = run_step_contradiction(run, i);
		char one[WORDS_PROMPT_MAX + 16], other[WORDS_PROMPT_MAX + 16];
		struct finding *x;

		if (c == NULL)
			continue;
		x = add(f, FINDING_CONTRADICTION, (long)i, 0);
		snprintf(x->detail, sizeof(x->detail), "%s = %s, %s = %s",
		    step_words(r, (long)i, one, sizeof(one)), answer_words(r, run, i),
		    step_words(r, (long)c->other.step, other, sizeof(other)),
		    answer_words(r, run, c->other.step));
	}
}

/* An answer to a protection gate ("Ska uppgifter om var någon bor
 * skyddas?" = nej: the routine marks the question `protection_gate`) that
 * hides critical steps: the answers to spot-check against the population
 * register. Other answers that hide steps ("snabbupplysningar" hides what
 * only an investigation needs) are the routine working as written, not a
 * finding; a gate skipped or not applicable hides nothing (the routines
 * fail closed) and is a finding of its own when the gate is critical. */
static void
protection_off(const struct routine *r, const struct run *run, struct findings *f)
{
	size_t i, j;

	for (i = 0; i < routine_step_count(r); i++) {
		char gate[WORDS_PROMPT_MAX + 16];
		size_t hidden = 0;
		struct finding *x;

		if (!routine_step(r, i)->protection_gate || !run_step_visible(run, i) ||
		    run_step_status(run, i) != STEP_ANSWERED)
			continue;
		for (j = i + 1; j < routine_step_count(r); j++) {
			const struct step *s = routine_step(r, j);

			if (s->critical && s->when != NULL && s->when->step == i &&
			    !run_step_visible(run, j))
				hidden++;
		}
		if (hidden == 0)
			continue;
		x = add(f, FINDING_PROTECTION_OFF, (long)i, 0);
		snprintf(x->detail, sizeof(x->detail), P_("%s = %s hides %zu critical step",
		    "%s = %s hides %zu critical steps", hidden),
		    step_words(r, (long)i, gate, sizeof(gate)), answer_words(r, run, i), hidden);
	}
}

/* ---- From the events ---- */

static bool
is_step_work(enum event_type t)
{
	return t == EV_STEP_ANSWERED || t == EV_STEP_NOT_APPLICABLE || t == EV_STEP_SKIPPED;
}

static void
stops(const struct routine *r, const struct run_event *evs, size_t n, struct findings *f)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		char what[WORDS_PROMPT_MAX + 16];
		struct finding *x;
		long step;

		if (evs[i].type != EV_STOP_ACKNOWLEDGED)
			continue;
		step = routine_find_step(r, evs[i].step);
		x = add(f, FINDING_STOP, step, evs[i].time);
		for (j = i + 1; j < n; j++)
			if (is_step_work(evs[j].type) && evs[j].step != NULL &&
			    strcmp(evs[j].step, evs[i].step) != 0)
				break;
		if (j < n)
			snprintf(x->detail, sizeof(x->detail), _("%s: the next step %lld min "
			    "later"), step_words(r, step, what, sizeof(what)),
			    (long long)((evs[j].time - evs[i].time) / 60000));
		else
			snprintf(x->detail, sizeof(x->detail), _("%s: no step after it"),
			    step_words(r, step, what, sizeof(what)));
	}
}

/* Logged text the guard flags was confirmed by the caseworker: a phone
 * number, address or e-mail is now in the log. The text is not copied. */
static void
confirmed_flags(const struct routine *r, const struct run_event *evs, size_t n,
    struct findings *f)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *text = evs[i].type == EV_RUN_STARTED ? evs[i].case_ref : evs[i].text;
		char what[WORDS_PROMPT_MAX + 16];
		struct guard_result g;
		struct finding *x;
		long step;

		if (text == NULL || evs[i].type == EV_STEP_RETRACTED)
			continue;
		guard_check(text, &g);
		if (g.verdict != GUARD_FLAGGED || g.count == 0)
			continue;
		step = evs[i].step != NULL ? routine_find_step(r, evs[i].step) : -1;
		x = add(f, FINDING_CONFIRMED_FLAG, step, evs[i].time);
		if (step >= 0)
			snprintf(x->detail, sizeof(x->detail), _("%s in what was written at %s"),
			    guard_kind_name(g.findings[0].kind), step_words(r, step, what,
			    sizeof(what)));
		else
			snprintf(x->detail, sizeof(x->detail), _("%s in the case reference"),
			    guard_kind_name(g.findings[0].kind));
	}
}

static void
retractions_and_notes(const struct routine *r, const struct run_event *evs, size_t n,
    struct findings *f)
{
	size_t i, notes = 0;
	struct finding *x;

	for (i = 0; i < n; i++) {
		if (evs[i].type == EV_NOTE_ADDED)
			notes++;
		if (evs[i].type != EV_STEP_RETRACTED)
			continue;
		x = add(f, FINDING_RETRACTED, routine_find_step(r, evs[i].step), evs[i].time);
		words_step(x->step >= 0 ? routine_step(r, (size_t)x->step) : NULL, evs[i].step,
		    x->detail, sizeof(x->detail));
	}
	if (notes > 0) {
		x = add(f, FINDING_NOTES, -1, 0);
		snprintf(x->detail, sizeof(x->detail), P_("%zu note", "%zu notes", notes), notes);
	}
}

static int
cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
median_of(int64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_int64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The run's pace: the median time between one piece of step work and
 * the next, pauses left out (a gap that spans a pause is not counted);
 * -1 with fewer than FINDING_FAST_MIN_STEPS steps. */
static int64_t
pace(const struct run_event *evs, size_t n, size_t *steps)
{
	int64_t *gaps = xcalloc(n + 1, sizeof(*gaps)), last = evs[0].time, p = -1;
	size_t i, k = 0;

	for (i = 1; i < n; i++) {
		if (evs[i].type == EV_RUN_PAUSED || evs[i].type == EV_RUN_RESUMED ||
		    evs[i].type == EV_RUN_REOPENED) {
			last = evs[i].time;
			continue;
		}
		if (!is_step_work(evs[i].type))
			continue;
		gaps[k++] = evs[i].time - last;
		last = evs[i].time;
	}
	if (k >= FINDING_FAST_MIN_STEPS)
		p = median_of(gaps, k);
	free(gaps);
	*steps = k;
	return p;
}

bool
findings_fast(int64_t pace_ms, int64_t baseline_ms)
{
	int64_t limit = baseline_ms / FINDING_FAST_DIVISOR;

	if (pace_ms < 0)
		return false;
	return pace_ms < (limit > FINDING_FAST_FLOOR_MS ? limit : FINDING_FAST_FLOOR_MS);
}

int64_t
findings_baseline(int64_t n, int64_t lower, int64_t upper)
{
	return n < FINDING_FAST_MIN_RUNS ? 0 : (lower + upper) / 2;
}

/* Judged once the run is finished: a pace is the whole run's. */
static void
fast(const struct run *run, const struct run_event *evs, size_t n, int64_t baseline_ms,
    struct findings *f)
{
	size_t steps;
	struct finding *x;
	int64_t pace_t, base_t;

	if (!run_status_ended(run_status(run)))
		return;
	f->pace_ms = pace(evs, n, &steps);
	if (!findings_fast(f->pace_ms, baseline_ms))
		return;
	x = add(f, FINDING_FAST, -1, 0);
	/* Seconds to a tenth as whole and tenth: the decimal mark is the
	 * translation's ("1,5 s" in Swedish), whatever LC_NUMERIC says. */
	pace_t = (f->pace_ms + 50) / 100;
	base_t = (baseline_ms + 50) / 100;
	if (baseline_ms > 0)
		snprintf(x->detail, sizeof(x->detail), _("a median of %lld.%lld s per step "
		    "over %zu steps; this routine's runs in this log take %lld.%lld s"),
		    (long long)(pace_t / 10), (long long)(pace_t % 10), steps,
		    (long long)(base_t / 10), (long long)(base_t % 10));
	else
		snprintf(x->detail, sizeof(x->detail), _("a median of %lld.%lld s per step "
		    "over %zu steps"), (long long)(pace_t / 10), (long long)(pace_t % 10), steps);
}

uint32_t
findings_kinds(const struct findings *f)
{
	uint32_t bits = 0;
	size_t i;

	for (i = 0; i < f->count; i++)
		bits |= 1u << f->items[i].kind;
	return bits;
}

/* The routine's deadlines (checklists/deadline.h): one met late or due
 * and not met is a finding; one not due yet makes the findings stable
 * only until it is. */
static void
deadlines(const struct run *run, int64_t now, struct findings *f)
{
	struct run_deadline d[ROUTINE_MAX_DEADLINES];
	size_t n = deadline_of_run(run, now, d, ROUTINE_MAX_DEADLINES), i;
	struct finding *x;

	for (i = 0; i < n && i < ROUTINE_MAX_DEADLINES; i++) {
		char span[64];

		if (d[i].state == DEADLINE_OPEN && d[i].due + 1 < f->stable_until)
			f->stable_until = d[i].due + 1; /* not late yet; then it is */
		if (!deadline_failed(d[i].state))
			continue;
		x = add(f, FINDING_DEADLINE, d[i].d->met_by, d[i].done);
		when_span(span, sizeof(span), (d[i].done != 0 ? d[i].done : now) - d[i].due);
		if (d[i].done != 0)
			snprintf(x->detail, sizeof(x->detail), _("%s: met %s after the deadline"),
			    d[i].d->title, span);
		else
			snprintf(x->detail, sizeof(x->detail), _("%s: not met, %s past the "
			    "deadline"), d[i].d->title, span);
	}
}

static int
no_emit(void *ctx, const struct run_event *ev)
{
	(void)ctx;
	(void)ev;
	return 0;
}

enum run_error
findings_of(const struct routine *r, const struct run_event *evs, size_t n,
    const char *current_hash, int64_t now, int64_t baseline_ms, struct findings *out)
{
	return findings_of_run(r, evs, n, current_hash, now, baseline_ms, out, NULL);
}

enum run_error
findings_of_run(const struct routine *r, const struct run_event *evs, size_t n,
    const char *current_hash, int64_t now, int64_t baseline_ms, struct findings *out,
    struct run **run_out)
{
	struct run_io io = { no_emit, NULL, NULL, NULL, NULL };
	struct run *run = NULL;
	struct run_summary sum;
	size_t bad = 0;
	enum run_error e;
	struct finding *x;

	memset(out, 0, sizeof(*out));
	out->stable_until = INT64_MAX;
	out->pace_ms = -1;
	if (n == 0)
		return RUN_E_REPLAY;
	e = run_replay(r, evs, n, &io, &run, &bad);
	if (e != RUN_OK)
		return e;
	critical_steps(r, run, out);
	protection_off(r, run, out);
	contradictions(r, run, out);
	stops(r, evs, n, out);
	confirmed_flags(r, evs, n, out);
	retractions_and_notes(r, evs, n, out);
	if (current_hash == NULL || strcmp(current_hash, evs[0].routine_hash) != 0) {
		x = add(out, FINDING_ROUTINE_CHANGED, -1, 0);
		snprintf(x->detail, sizeof(x->detail), current_hash == NULL ?
		    _("version %ld; the routine is not installed now") :
		    _("version %ld; the installed text differs"), evs[0].routine_version);
	}
	fast(run, evs, n, baseline_ms, out);
	deadlines(run, now, out);
	run_summarize(run, &sum);
	out->active_ms = sum.active_ms;
	if (run_out != NULL)
		*run_out = run;
	else
		run_free(&run);
	return RUN_OK;
}

void
findings_free(struct findings *f)
{
	free(f->items);
	memset(f, 0, sizeof(*f));
}

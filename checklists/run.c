/* The run engine; run.h has the rules. Every change is an event that goes
 * through run_submit(): check, emit (log), apply. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklists/run.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

struct step_rt {
	enum step_status status;
	char *value;     /* answer or reason */
	char *deviation; /* reason, when recorded */
	bool stop_acked;
	int64_t time;    /* of the answer or reason (ms), or 0 */
	char *answered_by;  /* who gave the answer (NULL: not known) */
	char *confirmed_by; /* its second person, or NULL */
	int64_t confirmed;  /* when (ms), or 0 */
};

struct note {
	size_t step;
	char *text;
};

struct run {
	const struct routine *routine;
	enum run_mode mode;
	enum run_status status;
	char *case_ref;
	char *abort_reason;
	struct step_rt *steps;
	bool *visible;
	struct note *notes;
	size_t note_count;
	size_t note_capacity;
	int64_t started;
	int64_t completed;          /* when it was last completed (ms), or 0 */
	int64_t active_since;
	int64_t active_ms;
	struct run_io io;
	bool replaying;
	bool second_on;             /* started with the option on */
	size_t retracted;           /* by the last operation (run_retracted) */
};

int
run_event_type_from_name(const char *name)
{
	int t = event_type_of(name);

	return t >= 0 && t < RUN_EV_COUNT ? t : -1;
}

const char *
run_error_message(enum run_error e)
{
	switch (e) {
	case RUN_OK:
		return _("done");
	case RUN_E_STATE:
		return _("the run is not active (paused, completed or aborted)");
	case RUN_E_NO_STEP:
		return _("the routine has no such step");
	case RUN_E_HIDDEN:
		return _("the step is not shown for the answers given");
	case RUN_E_HALTED:
		return _("an earlier stop must be acknowledged first");
	case RUN_E_ANSWER:
		return _("that is not a possible answer for this step");
	case RUN_E_TEXT:
		return _("the text is empty, too long, or contains control characters");
	case RUN_E_REFUSED:
		return _("the text contains a personal identity number and cannot be logged");
	case RUN_E_CONFIRM:
		return _("the text may contain contact details; confirm or rewrite it");
	case RUN_E_NOT_NEEDED:
		return _("this step does not take that");
	case RUN_E_CONTRADICTS:
		return _("the answer contradicts an earlier answer; confirm it or change it");
	case RUN_E_INCOMPLETE:
		return _("the run cannot be completed yet");
	case RUN_E_SECOND:
		return _("this account cannot confirm the answer: the second person "
		    "is someone other than the one who answered, in the role the step "
		    "asks for, and confirms the answer as it stands");
	case RUN_E_LOG:
		return _("the log could not be written; nothing was recorded");
	case RUN_E_REPLAY:
		break;
	}
	return _("the logged events do not fit this routine");
}

/* ---- State ---- */

static int64_t
run_now(const struct run *run)
{
	if (run->io.now != NULL)
		return run->io.now(run->io.now_ctx);
	return clock_now_ms();
}

/* Does condition `w` hold? Only an explicit answer counts: a step that is
 * hidden, unanswered, skipped or not applicable lists no answer, so an
 * `in` condition fails (open) and an `unless` condition holds (closed). */
static bool
run_condition_holds(const struct run *run, const struct step_when *w)
{
	const struct step_rt *dep = &run->steps[w->step];
	bool listed = dep->status == STEP_ANSWERED && step_when_lists(w, dep->value);

	if (!run->visible[w->step])
		return false;
	return w->unless ? !listed : listed;
}

/* The contradiction of step `s` that `answer` makes with the earlier
 * answers as they stand, or NULL. */
static const struct step_contradiction *
own_contradiction(const struct run *run, const struct step *s, const char *answer)
{
	size_t k;

	for (k = 0; k < s->contradiction_count; k++) {
		const struct step_contradiction *c = &s->contradicts[k];

		if (routine_answer_listed(c->answers, c->answer_count, answer) &&
		    run_condition_holds(run, &c->other))
			return c;
	}
	return NULL;
}

const struct step_contradiction *
run_step_contradiction(const struct run *run, size_t i)
{
	const struct step *s = routine_step(run->routine, i);

	if (s == NULL || !run->visible[i] || run->steps[i].status != STEP_ANSWERED)
		return NULL;
	return own_contradiction(run, s, run->steps[i].value);
}

const char *
run_contradiction(const struct run *run, const char *step, const char *answer)
{
	long i = step != NULL ? routine_find_step(run->routine, step) : -1;
	size_t j, k, n = routine_step_count(run->routine);
	const struct step_contradiction *c;

	if (i < 0 || answer == NULL || !run->visible[i])
		return NULL;
	c = own_contradiction(run, routine_step(run->routine, (size_t)i), answer);
	if (c != NULL)
		return c->message;
	/* A later answer this one would contradict. */
	for (j = (size_t)i + 1; j < n; j++) {
		const struct step *t = routine_step(run->routine, j);

		if (!run->visible[j] || run->steps[j].status != STEP_ANSWERED)
			continue;
		for (k = 0; k < t->contradiction_count; k++) {
			const struct step_contradiction *tc = &t->contradicts[k];

			if (tc->other.step == (size_t)i && step_when_lists(&tc->other, answer) &&
			    routine_answer_listed(tc->answers, tc->answer_count, run->steps[j].value))
				return tc->message;
		}
	}
	return NULL;
}

/* A condition names an earlier step, so one pass in order settles all. */
static void
run_compute_visibility(struct run *run)
{
	size_t i, n = routine_step_count(run->routine);

	for (i = 0; i < n; i++) {
		const struct step *s = routine_step(run->routine, i);

		run->visible[i] = s->when == NULL || run_condition_holds(run, s->when);
	}
}

static long
run_find_step(const struct run *run, const char *id)
{
	return id != NULL ? routine_find_step(run->routine, id) : -1;
}

static bool
step_has_state(const struct step_rt *st)
{
	return st->status != STEP_PENDING || st->deviation != NULL || st->stop_acked;
}

/* The answer's authors: a new answer, or none, needs a new confirmation. */
static void
step_clear_second(struct step_rt *st)
{
	free(st->answered_by);
	free(st->confirmed_by);
	st->answered_by = st->confirmed_by = NULL;
	st->confirmed = 0;
}

static void
step_clear(struct step_rt *st)
{
	free(st->value);
	free(st->deviation);
	st->value = st->deviation = NULL;
	st->status = STEP_PENDING;
	st->stop_acked = false;
	step_clear_second(st);
}

enum second_person
run_step_second(const struct run *run, size_t i)
{
	const struct step *s = routine_step(run->routine, i);

	if (s == NULL || (s->second_optional && !run->second_on))
		return SECOND_NONE;
	return s->second;
}

bool
run_second_on(const struct run *run)
{
	return run->second_on;
}

const char *
run_step_answered_by(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) &&
	    run->steps[i].status == STEP_ANSWERED ? run->steps[i].answered_by : NULL;
}

const char *
run_step_confirmed_by(const struct run *run, size_t i, int64_t *when)
{
	const struct step_rt *st = i < routine_step_count(run->routine) ?
	    &run->steps[i] : NULL;

	if (when != NULL)
		*when = st != NULL && st->confirmed_by != NULL ? st->confirmed : 0;
	return st != NULL && st->status == STEP_ANSWERED ? st->confirmed_by : NULL;
}

bool
run_step_awaits_second(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) && run->visible[i] &&
	    run->steps[i].status == STEP_ANSWERED &&
	    run->steps[i].confirmed_by == NULL && run_step_second(run, i) != SECOND_NONE;
}

/* The rules of a confirmation (run.h, run_confirm): the step asks for a
 * second person of that kind, holds this answer unconfirmed, and was
 * answered by someone else; a supervisor's step needs a supervisor, a
 * colleague's a caseworker or a supervisor. */
static enum run_error
check_confirmation(const struct run *run, long i, const struct run_event *ev)
{
	const struct step_rt *st;
	enum second_person want;

	if (i < 0)
		return RUN_E_NO_STEP;
	if (run->status != RUN_ACTIVE && run->status != RUN_PAUSED)
		return RUN_E_STATE;
	if (!run->visible[i])
		return RUN_E_HIDDEN;
	st = &run->steps[i];
	want = run_step_second(run, (size_t)i);
	if (want == SECOND_NONE || ev->as == NULL ||
	    strcmp(ev->as, step_second_name(want)) != 0)
		return RUN_E_NOT_NEEDED;
	if (st->status != STEP_ANSWERED || st->confirmed_by != NULL || ev->text == NULL ||
	    strcmp(ev->text, st->value) != 0)
		return RUN_E_SECOND;
	if (ev->account == NULL || ev->role == NULL || st->answered_by == NULL ||
	    strcmp(ev->account, st->answered_by) == 0)
		return RUN_E_SECOND;
	if (strcmp(ev->role, "supervisor") == 0)
		return RUN_OK;
	return want == SECOND_COLLEAGUE && strcmp(ev->role, "caseworker") == 0 ?
	    RUN_OK : RUN_E_SECOND;
}

bool
run_step_halts(const struct run *run, size_t i)
{
	const struct step *s = routine_step(run->routine, i);

	return s != NULL && run->visible[i] && s->stop != NULL &&
	    !run->steps[i].stop_acked;
}

/* Is any step up to and including `last` a halting stop? */
static bool
run_halted_through(const struct run *run, size_t last)
{
	size_t i;

	for (i = 0; i <= last; i++)
		if (run_step_halts(run, i))
			return true;
	return false;
}

bool
run_step_is_deviation(const struct run *run, size_t i)
{
	const struct step *s = routine_step(run->routine, i);

	return s != NULL && run->visible[i] && s->critical &&
	    (run->steps[i].status == STEP_SKIPPED ||
	    run->steps[i].status == STEP_PENDING);
}

/* ---- Checking texts and answers ---- */

static enum run_error
check_text(const char *text, size_t max)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len, i = 0;
	bool blank = true;

	if (text == NULL || (len = strlen(text)) == 0 || len > max)
		return RUN_E_TEXT;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (k == 0 || utf8_is_disruptive(cp))
			return RUN_E_TEXT;
		if (cp != ' ' && cp != '\n')
			blank = false;
		i += k;
	}
	return blank ? RUN_E_TEXT : RUN_OK;
}

static enum run_error
check_guard(const struct run *run, const char *text, unsigned flags,
    struct guard_result *out)
{
	struct guard_result r;

	if (run != NULL && run->replaying)
		return RUN_OK; /* texts were guarded when they were written */
	guard_check(text, &r);
	if (out != NULL)
		*out = r;
	if (r.verdict == GUARD_REFUSED)
		return RUN_E_REFUSED;
	if (r.verdict == GUARD_FLAGGED && !(flags & RUN_CONFIRMED))
		return RUN_E_CONFIRM;
	return RUN_OK;
}

static enum run_error
check_free_text(const struct run *run, const char *text, size_t max,
    unsigned flags, struct guard_result *guard)
{
	enum run_error e = check_text(text, max);

	return e != RUN_OK ? e : check_guard(run, text, flags, guard);
}

/* YYYY-MM-DD, a real calendar date from 1900 to 2199. */
static bool
valid_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static enum run_error
check_answer(const struct run *run, const struct step *s, const char *answer,
    unsigned flags, struct guard_result *guard)
{
	size_t i;

	if (answer == NULL)
		return RUN_E_ANSWER;
	switch (s->kind) {
	case STEP_CHECK:
		return strcmp(answer, ANSWER_YES) == 0 ? RUN_OK : RUN_E_ANSWER;
	case STEP_YESNO:
		return strcmp(answer, ANSWER_YES) == 0 || strcmp(answer, ANSWER_NO) == 0 ?
		    RUN_OK : RUN_E_ANSWER;
	case STEP_CHOICE:
		for (i = 0; i < s->option_count; i++)
			if (strcmp(answer, s->options[i].id) == 0)
				return RUN_OK;
		return RUN_E_ANSWER;
	case STEP_DATE:
		return valid_date(answer) ? RUN_OK : RUN_E_ANSWER;
	case STEP_TEXT:
		break;
	}
	return check_free_text(run, answer, RUN_MAX_TEXT, flags, guard);
}

/* ---- Checking an event against the state ---- */

/* Common checks for an event about step `i` that changes its state. */
static enum run_error
check_step_change(const struct run *run, long i)
{
	if (i < 0)
		return RUN_E_NO_STEP;
	if (!run->visible[i])
		return RUN_E_HIDDEN;
	if (run_halted_through(run, (size_t)i))
		return RUN_E_HALTED;
	return RUN_OK;
}

static enum run_error
run_check(const struct run *run, const struct run_event *ev, unsigned flags,
    struct guard_result *guard)
{
	long i = run_find_step(run, ev->step);
	const struct step *s = i >= 0 ? routine_step(run->routine, (size_t)i) : NULL;
	enum run_error e;

	if (ev->type == EV_RUN_RESUMED)
		return run->status == RUN_PAUSED ? RUN_OK : RUN_E_STATE;
	if (ev->type == EV_RUN_REOPENED)
		return run->status == RUN_COMPLETED ? RUN_OK : RUN_E_STATE;
	if (ev->type == EV_STEP_CONFIRMED)
		return check_confirmation(run, i, ev);
	if (ev->type == EV_RUN_ABORTED) {
		if (run->status != RUN_ACTIVE && run->status != RUN_PAUSED)
			return RUN_E_STATE;
		return check_free_text(run, ev->text, RUN_MAX_TEXT, flags, guard);
	}
	if (run->status != RUN_ACTIVE)
		return RUN_E_STATE;

	switch (ev->type) {
	case EV_STEP_ANSWERED:
		if ((e = check_step_change(run, i)) != RUN_OK)
			return e;
		if ((e = check_answer(run, s, ev->text, flags, guard)) != RUN_OK)
			return e;
		return !(flags & RUN_CONFIRMED) &&
		    run_contradiction(run, ev->step, ev->text) != NULL ?
		    RUN_E_CONTRADICTS : RUN_OK;
	case EV_STEP_RETRACTED:
		if (i < 0)
			return RUN_E_NO_STEP;
		return !run->visible[i] && step_has_state(&run->steps[i]) ?
		    RUN_OK : RUN_E_NOT_NEEDED;
	case EV_NOTE_ADDED:
		if (i < 0)
			return RUN_E_NO_STEP;
		if (!run->visible[i])
			return RUN_E_HIDDEN;
		return check_free_text(run, ev->text, RUN_MAX_TEXT, flags, guard);
	case EV_STEP_NOT_APPLICABLE:
	case EV_STEP_SKIPPED:
		if ((e = check_step_change(run, i)) != RUN_OK)
			return e;
		return check_free_text(run, ev->text, RUN_MAX_TEXT, flags, guard);
	case EV_DEVIATION_RECORDED:
		if ((e = check_step_change(run, i)) != RUN_OK)
			return e;
		if (!run_step_is_deviation(run, (size_t)i))
			return RUN_E_NOT_NEEDED;
		return check_free_text(run, ev->text, RUN_MAX_TEXT, flags, guard);
	case EV_STOP_ACKNOWLEDGED:
		if (i < 0)
			return RUN_E_NO_STEP;
		if (!run->visible[i])
			return RUN_E_HIDDEN;
		if (!run_step_halts(run, (size_t)i))
			return RUN_E_NOT_NEEDED;
		return i > 0 && run_halted_through(run, (size_t)i - 1) ?
		    RUN_E_HALTED : RUN_OK;
	case EV_RUN_PAUSED:
		return RUN_OK;
	case EV_RUN_COMPLETED:
		return run_blockers(run, NULL, 0) == 0 ? RUN_OK : RUN_E_INCOMPLETE;
	default:
		return RUN_E_REPLAY; /* run.started only comes first */
	}
}

/* ---- Applying an event ---- */

static void
run_add_note(struct run *run, size_t step, const char *text)
{
	if (run->note_count == run->note_capacity) {
		run->note_capacity = run->note_capacity ? 2 * run->note_capacity : 8;
		run->notes = xreallocarray(run->notes, run->note_capacity,
		    sizeof(*run->notes));
	}
	run->notes[run->note_count].step = step;
	run->notes[run->note_count].text = xstrdup(text);
	run->note_count++;
}

static void
step_set(struct step_rt *st, enum step_status status, const char *value, int64_t time)
{
	st->time = time;
	free(st->value);
	st->value = xstrdup(value);
	st->status = status;
	if (status != STEP_SKIPPED) { /* answered or not applicable: no deviation */
		free(st->deviation);
		st->deviation = NULL;
	}
}

static void
run_apply(struct run *run, const struct run_event *ev)
{
	long i = run_find_step(run, ev->step);
	struct step_rt *st = i >= 0 ? &run->steps[i] : NULL;

	switch (ev->type) {
	case EV_STEP_ANSWERED:
		step_set(st, STEP_ANSWERED, ev->text, ev->time);
		step_clear_second(st);
		if (ev->account != NULL || run->io.account != NULL)
			st->answered_by = xstrdup(ev->account != NULL ? ev->account :
			    run->io.account);
		break;
	case EV_STEP_CONFIRMED:
		st->confirmed_by = xstrdup(ev->account);
		st->confirmed = ev->time;
		break;
	case EV_STEP_NOT_APPLICABLE:
		step_set(st, STEP_NOT_APPLICABLE, ev->text, ev->time);
		step_clear_second(st);
		break;
	case EV_STEP_SKIPPED:
		step_set(st, STEP_SKIPPED, ev->text, ev->time);
		step_clear_second(st);
		break;
	case EV_STEP_RETRACTED:
		step_clear(st);
		break;
	case EV_NOTE_ADDED:
		run_add_note(run, (size_t)i, ev->text);
		break;
	case EV_DEVIATION_RECORDED:
		free(st->deviation);
		st->deviation = xstrdup(ev->text);
		break;
	case EV_STOP_ACKNOWLEDGED:
		st->stop_acked = true;
		break;
	case EV_RUN_PAUSED:
		run->active_ms += ev->time - run->active_since;
		run->status = RUN_PAUSED;
		break;
	case EV_RUN_RESUMED:
	case EV_RUN_REOPENED:
		run->active_since = ev->time;
		run->status = RUN_ACTIVE;
		break;
	case EV_RUN_COMPLETED:
		run->active_ms += ev->time - run->active_since;
		run->status = RUN_COMPLETED;
		run->completed = ev->time;
		break;
	case EV_RUN_ABORTED:
		if (run->status == RUN_ACTIVE)
			run->active_ms += ev->time - run->active_since;
		run->abort_reason = xstrdup(ev->text);
		run->status = RUN_ABORTED;
		break;
	default: /* run.started, and no other type reaches a run */
		break;
	}
	run_compute_visibility(run);
}

/* Logs the event (unless replaying), then applies it. */
static enum run_error
run_commit(struct run *run, const struct run_event *ev)
{
	if (!run->replaying && run->io.emit != NULL &&
	    run->io.emit(run->io.emit_ctx, ev) != 0)
		return RUN_E_LOG;
	run_apply(run, ev);
	return RUN_OK;
}

/* Retracts whatever hidden steps still hold, in step order. */
static enum run_error
run_settle(struct run *run)
{
	size_t i, n = routine_step_count(run->routine);

	if (run->status != RUN_ACTIVE)
		return RUN_OK;
	for (i = 0; i < n; i++) {
		struct run_event ev;
		enum run_error e;

		if (run->visible[i] || !step_has_state(&run->steps[i]))
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.type = EV_STEP_RETRACTED;
		ev.time = run_now(run);
		ev.step = routine_step(run->routine, i)->id;
		if ((e = run_commit(run, &ev)) != RUN_OK)
			return e;
		run->retracted++;
	}
	return RUN_OK;
}

/* The one way a live run changes. */
static enum run_error
run_submit(struct run *run, enum event_type type, const char *step,
    const char *text, unsigned flags, struct guard_result *guard)
{
	struct run_event ev;
	enum run_error e;

	if (guard != NULL)
		memset(guard, 0, sizeof(*guard));
	run->retracted = 0;
	if ((e = run_settle(run)) != RUN_OK)
		return e;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.step = step;
	ev.text = text;
	if ((e = run_check(run, &ev, flags, guard)) != RUN_OK)
		return e;
	ev.time = run_now(run);
	/* Use the routine's copy of the id: the caller's may be any buffer. */
	if (step != NULL)
		ev.step = routine_step(run->routine, (size_t)run_find_step(run, step))->id;
	if ((e = run_commit(run, &ev)) != RUN_OK)
		return e;
	return run_settle(run);
}

/* ---- Creating runs ---- */

static struct run *
run_new(const struct routine *r, const struct run_io *io)
{
	struct run *run = xcalloc(1, sizeof(*run));
	size_t n = routine_step_count(r);

	run->routine = r;
	run->steps = xcalloc(n, sizeof(*run->steps));
	run->visible = xcalloc(n, sizeof(*run->visible));
	if (io != NULL)
		run->io = *io;
	run_compute_visibility(run);
	return run;
}

static void
run_apply_start(struct run *run, const struct run_event *ev)
{
	run->mode = ev->mode;
	run->second_on = ev->second_on;
	run->case_ref = xstrdup(ev->case_ref);
	run->started = run->active_since = ev->time;
	run->status = RUN_ACTIVE;
}

enum run_error
run_start(const struct routine *r, enum run_mode mode, const char *case_ref,
    unsigned flags, const struct run_io *io, struct run **out,
    struct guard_result *guard)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	struct run_event ev;
	struct run *run;
	enum run_error e;

	*out = NULL;
	if (guard != NULL)
		memset(guard, 0, sizeof(*guard));
	if ((e = check_free_text(NULL, case_ref, RUN_MAX_CASE_REF, flags, guard)) != RUN_OK)
		return e;
	if (strchr(case_ref, '\n') != NULL)
		return RUN_E_TEXT;
	run = run_new(r, io);
	routine_hash_hex(r, hash);
	memset(&ev, 0, sizeof(ev));
	ev.type = EV_RUN_STARTED;
	ev.time = run_now(run);
	ev.routine_id = routine_id(r);
	ev.routine_version = routine_version(r);
	ev.routine_hash = hash;
	ev.case_ref = case_ref;
	ev.mode = mode;
	ev.second_on = (flags & RUN_SECOND_ON) != 0;
	if (run->io.emit != NULL && run->io.emit(run->io.emit_ctx, &ev) != 0) {
		run_free(&run);
		return RUN_E_LOG;
	}
	run_apply_start(run, &ev);
	*out = run;
	return RUN_OK;
}

static bool
started_fits(const struct routine *r, const struct run_event *ev)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];

	routine_hash_hex(r, hash);
	return ev->type == EV_RUN_STARTED && ev->routine_id != NULL &&
	    strcmp(ev->routine_id, routine_id(r)) == 0 &&
	    ev->routine_version == routine_version(r) && ev->routine_hash != NULL &&
	    strcmp(ev->routine_hash, hash) == 0 &&
	    check_text(ev->case_ref, RUN_MAX_CASE_REF) == RUN_OK &&
	    (ev->mode == RUN_LIVE || ev->mode == RUN_TRAINING);
}

enum run_error
run_replay(const struct routine *r, const struct run_event *evs, size_t n,
    const struct run_io *io, struct run **out, size_t *bad)
{
	struct run *run;
	size_t k;

	*out = NULL;
	*bad = 0;
	if (n == 0 || !started_fits(r, &evs[0]))
		return RUN_E_REPLAY;
	run = run_new(r, io);
	run->replaying = true;
	run_apply_start(run, &evs[0]);
	for (k = 1; k < n; k++) {
		/* Two sessions on one run (before leases, or a crash between
		 * them) can log a pause or resume twice: harmless, skipped. */
		if ((evs[k].type == EV_RUN_PAUSED && run->status == RUN_PAUSED) ||
		    (evs[k].type == EV_RUN_RESUMED && run->status == RUN_ACTIVE))
			continue;
		if (evs[k].type == EV_RUN_STARTED ||
		    run_check(run, &evs[k], RUN_CONFIRMED, NULL) != RUN_OK) {
			*bad = k;
			run_free(&run);
			return RUN_E_REPLAY;
		}
		run_apply(run, &evs[k]);
	}
	run->replaying = false;
	*out = run;
	return RUN_OK;
}

void
run_free(struct run **run)
{
	size_t i, n;

	if (run == NULL || *run == NULL)
		return;
	n = routine_step_count((*run)->routine);
	for (i = 0; i < n; i++)
		step_clear(&(*run)->steps[i]);
	for (i = 0; i < (*run)->note_count; i++)
		free((*run)->notes[i].text);
	free((*run)->notes);
	free((*run)->steps);
	free((*run)->visible);
	free((*run)->case_ref);
	free((*run)->abort_reason);
	free(*run);
	*run = NULL;
}

/* ---- Operations ---- */

size_t
run_retracted(const struct run *run)
{
	return run->retracted;
}

enum run_error
run_answer(struct run *run, const char *step, const char *answer,
    unsigned flags, struct guard_result *guard)
{
	run->retracted = 0;
	if (run_step_holds(run, step, answer))
		return RUN_OK; /* nothing changes, so nothing is logged */
	return run_submit(run, EV_STEP_ANSWERED, step, answer, flags, guard);
}

bool
run_step_holds(const struct run *run, const char *step, const char *answer)
{
	long i = run_find_step(run, step);

	return i >= 0 && answer != NULL && run->status == RUN_ACTIVE &&
	    run->visible[i] && !run_halted_through(run, (size_t)i) &&
	    run->steps[i].status == STEP_ANSWERED &&
	    strcmp(run->steps[i].value, answer) == 0;
}

enum run_error
run_not_applicable(struct run *run, const char *step, const char *reason,
    unsigned flags, struct guard_result *guard)
{
	return run_submit(run, EV_STEP_NOT_APPLICABLE, step, reason, flags, guard);
}

enum run_error
run_skip(struct run *run, const char *step, const char *reason, unsigned flags,
    struct guard_result *guard)
{
	return run_submit(run, EV_STEP_SKIPPED, step, reason, flags, guard);
}

enum run_error
run_note(struct run *run, const char *step, const char *text, unsigned flags,
    struct guard_result *guard)
{
	return run_submit(run, EV_NOTE_ADDED, step, text, flags, guard);
}

enum run_error
run_deviation(struct run *run, const char *step, const char *reason,
    unsigned flags, struct guard_result *guard)
{
	return run_submit(run, EV_DEVIATION_RECORDED, step, reason, flags, guard);
}

enum run_error
run_acknowledge_stop(struct run *run, const char *step)
{
	return run_submit(run, EV_STOP_ACKNOWLEDGED, step, NULL, 0, NULL);
}

enum run_error
run_confirm(struct run *run, const char *step, const char *answer,
    const char *account, const char *role)
{
	struct run_event ev;
	long i = run_find_step(run, step);
	enum run_error e;

	run->retracted = 0;
	memset(&ev, 0, sizeof(ev));
	ev.type = EV_STEP_CONFIRMED;
	ev.step = i >= 0 ? routine_step(run->routine, (size_t)i)->id : step;
	ev.text = answer;
	ev.account = account;
	ev.role = role;
	if (i >= 0 && run_step_second(run, (size_t)i) != SECOND_NONE)
		ev.as = step_second_name(run_step_second(run, (size_t)i));
	if ((e = check_confirmation(run, i, &ev)) != RUN_OK)
		return e;
	ev.time = run_now(run);
	return run_commit(run, &ev);
}

enum run_error
run_pause(struct run *run)
{
	return run_submit(run, EV_RUN_PAUSED, NULL, NULL, 0, NULL);
}

enum run_error
run_resume(struct run *run)
{
	return run_submit(run, EV_RUN_RESUMED, NULL, NULL, 0, NULL);
}

enum run_error
run_complete(struct run *run)
{
	return run_submit(run, EV_RUN_COMPLETED, NULL, NULL, 0, NULL);
}

enum run_error
run_reopen(struct run *run)
{
	return run_submit(run, EV_RUN_REOPENED, NULL, NULL, 0, NULL);
}

enum run_error
run_abort(struct run *run, const char *reason, unsigned flags,
    struct guard_result *guard)
{
	return run_submit(run, EV_RUN_ABORTED, NULL, reason, flags, guard);
}

/* ---- Looking at a run ---- */

const struct routine *
run_routine(const struct run *run)
{
	return run->routine;
}

enum run_status
run_status(const struct run *run)
{
	return run->status;
}

enum run_mode
run_mode(const struct run *run)
{
	return run->mode;
}

const char *
run_case_ref(const struct run *run)
{
	return run->case_ref;
}

int64_t
run_started_at(const struct run *run)
{
	return run->started;
}

int64_t
run_completed_at(const struct run *run)
{
	return run->status == RUN_COMPLETED ? run->completed : 0;
}

int64_t
run_step_time(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) && run->steps[i].status != STEP_PENDING ?
	    run->steps[i].time : 0;
}

const char *
run_abort_reason(const struct run *run)
{
	return run->abort_reason;
}

bool
run_step_visible(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) && run->visible[i];
}

enum step_status
run_step_status(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) ? run->steps[i].status :
	    STEP_PENDING;
}

const char *
run_step_value(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) ? run->steps[i].value : NULL;
}

const char *
run_step_deviation(const struct run *run, size_t i)
{
	return i < routine_step_count(run->routine) ? run->steps[i].deviation : NULL;
}

long
run_current(const struct run *run)
{
	size_t i, n = routine_step_count(run->routine);

	for (i = 0; i < n; i++)
		if (run->visible[i] &&
		    (run_step_halts(run, i) || run->steps[i].status == STEP_PENDING))
			return (long)i;
	return -1;
}

size_t
run_note_count(const struct run *run)
{
	return run->note_count;
}

const char *
run_note_text(const struct run *run, size_t i, size_t *step)
{
	if (i >= run->note_count)
		return NULL;
	if (step != NULL)
		*step = run->notes[i].step;
	return run->notes[i].text;
}

size_t
run_blockers(const struct run *run, struct run_blocker *out, size_t max)
{
	size_t i, count = 0, n = routine_step_count(run->routine);

	for (i = 0; i < n; i++) {
		const struct step *s = routine_step(run->routine, i);
		enum run_blocker_kind kind;

		if (!run->visible[i])
			continue;
		/* One rule that never makes a critical step weaker than an
		 * ordinary one: a required step, critical or not, must be
		 * answered, marked not applicable or skipped (a reason alone
		 * closes nothing); a critical step skipped, or left open when
		 * not required, is a deviation that needs a reason as well. */
		if (run_step_halts(run, i))
			kind = BLOCK_STOP;
		else if (s->required && run->steps[i].status == STEP_PENDING)
			kind = BLOCK_UNANSWERED;
		else if (run_step_is_deviation(run, i) && run->steps[i].deviation == NULL)
			kind = BLOCK_NO_REASON;
		else if (run_step_awaits_second(run, i))
			kind = BLOCK_SECOND;
		else
			continue;
		if (count < max) {
			out[count].kind = kind;
			out[count].step = i;
		}
		count++;
	}
	return count;
}

void
run_summarize(const struct run *run, struct run_summary *out)
{
	size_t i, n = routine_step_count(run->routine);

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (!run->visible[i])
			continue;
		out->visible++;
		switch (run->steps[i].status) {
		case STEP_ANSWERED:
			out->answered++;
			break;
		case STEP_NOT_APPLICABLE:
			out->not_applicable++;
			break;
		case STEP_SKIPPED:
			out->skipped++;
			break;
		case STEP_PENDING:
			out->pending++;
			break;
		}
		if (run_step_is_deviation(run, i))
			out->deviations++;
	}
	out->notes = run->note_count;
	out->active_ms = run->active_ms;
	if (run->status == RUN_ACTIVE)
		out->active_ms += run_now(run) - run->active_since;
}

static void
dump_text(FILE *out, const char *s)
{
	if (s == NULL) {
		fputs("-", out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

void
run_dump(const struct run *run, FILE *out)
{
	static const char *const step_statuses[] = { "pending", "answered",
		"not-applicable", "skipped" };
	size_t i, n = routine_step_count(run->routine);

	fprintf(out, "routine %s %ld\nmode %s\nstatus %s\ncase ", routine_id(run->routine),
	    routine_version(run->routine), run->mode == RUN_LIVE ? "live" : "training",
	    run_status_word(run->status));
	dump_text(out, run->case_ref);
	fputs("\nabort ", out);
	dump_text(out, run->abort_reason);
	fprintf(out, "\nsecond_person %s", run->second_on ? "on" : "off");
	fprintf(out, "\ntime started=%lld active_ms=%lld active_since=%lld\n",
	    (long long)run->started, (long long)run->active_ms,
	    (long long)run->active_since);
	for (i = 0; i < n; i++) {
		const struct step_rt *st = &run->steps[i];

		fprintf(out, "step %s visible=%d status=%s value=",
		    routine_step(run->routine, i)->id, run->visible[i],
		    step_statuses[st->status]);
		dump_text(out, st->value);
		fputs(" deviation=", out);
		dump_text(out, st->deviation);
		fprintf(out, " stop_acked=%d confirmed_by=", st->stop_acked);
		dump_text(out, st->confirmed_by);
		fputc('\n', out);
	}
	for (i = 0; i < run->note_count; i++) {
		fprintf(out, "note %s ", routine_step(run->routine, run->notes[i].step)->id);
		dump_text(out, run->notes[i].text);
		fputc('\n', out);
	}
}

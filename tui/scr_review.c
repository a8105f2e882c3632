/* A run under review, read-only: who did it and how it was reviewed, its
 * findings at the top, then its steps (drawn by runview on the run
 * replayed from the log) or its timeline of every event, those since a
 * return marked. A supervisor signs (s) or returns (r) it here. Opening
 * another's run is in the access log. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklists/guard.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/runlog.h"
#include "runlog/words.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/runview.h"

/* At most so many findings take rows at the top; the rest are counted. */
#define REVIEW_FINDING_ROWS 6

struct review {
	struct run *run;          /* replayed, never changed; NULL: not replayable */
	char why[512];            /* why there is no run or no findings */
	struct findings fs;
	bool have_findings;
	struct review_note note;  /* the last review */
	char **lines;             /* the timeline, one event a line */
	size_t nlines, since_return; /* events after the return */
	bool timeline;
	size_t step;              /* the selected step (steps) */
	int scroll;               /* the first line shown (timeline) */
};

/* A signature's comment, before and after the supervisor confirmed
 * signing despite critical findings. */
enum { FOR_SIGN, FOR_SIGN_CHECKED, FOR_RETURN };

static struct review *
R(struct app *a)
{
	return app_state(a, SCR_REVIEW);
}

static void
forget_timeline(struct review *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	free(v->lines);
	v->lines = NULL;
	v->nlines = v->since_return = 0;
}

static void
forget(struct review *v)
{
	run_free(&v->run);
	findings_free(&v->fs);
	forget_timeline(v);
}

/* One event as a timeline line: the time to the second, the account,
 * and what was done in words (runlog/words.h). */
static char *
event_line(const struct log_event *ev, const struct routine *r, bool since_return)
{
	time_t t = (time_t)(ev->time / 1000);
	char when[32], *what, *line;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%m-%d %H:%M:%S", &tm);
	what = words_event(ev, r);
	line = xasprintf("%s %s  %s  %s", since_return ? "+" : " ", when, ev->account, what);
	free(what);
	draw_text_one_line(line); /* control characters */
	return line;
}

struct timeline {
	struct review *v;
	const struct routine *r;  /* the run's routine, or NULL */
	int64_t since;            /* the return's seq, or 0 */
	size_t cap;
};

static int
add_line(void *ctx, const struct log_event *ev)
{
	struct timeline *t = ctx;
	struct review *v = t->v;
	bool after = t->since > 0 && ev->seq > t->since;

	if (v->nlines == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		v->lines = xreallocarray(v->lines, t->cap, sizeof(*v->lines));
	}
	v->lines[v->nlines++] = event_line(ev, t->r, after);
	v->since_return += after;
	return 0;
}

/* Reads the run again from the log: its row, review, findings, steps and
 * timeline. */
static void
load(struct app *a)
{
	struct review *v = R(a);
	struct log_run_filter f = { .id_prefix = a->review_run.run_id };
	const struct routine *r = catalog_find_text(&a->catalog, a->review_run.routine_id,
	    a->review_run.routine_hash);
	struct timeline t = { v, r, 0, 0 };
	struct review_tap tap = { add_line, &t, false };
	struct log_run_info *rows = NULL;
	struct log_error err;
	size_t n = 0;

	forget(v);
	if (log_runs(a->rl.log, &f, &rows, &n, &err) == LOG_OK && n == 1)
		a->review_run = rows[0];
	free(rows);
	v->why[0] = '\0';
	if (review_last(a->rl.log, a->review_run.run_id, &v->note, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	t.since = v->note.any && v->note.returned ? v->note.seq : 0;
	/* One pass of its events gives the findings, the steps shown (a
	 * replay, read-only: nothing done to it is logged) and the timeline. */
	v->have_findings = review_findings_tapped(a->rl.log, r, &a->review_run,
	    clock_now_ms(), &v->fs, &v->run, &tap, v->why, sizeof(v->why)) == RUN_OK;
	if (!tap.read) {
		forget_timeline(v);
		t.cap = 0;
		if (log_events(a->rl.log, a->review_run.run_id, NULL, add_line, &t, &err) !=
		    LOG_OK)
			app_message(a, true, "%s", err.message);
	}
	if (v->run != NULL && v->step >= routine_step_count(run_routine(v->run)))
		v->step = 0;
}

static void
review_enter(struct app *a)
{
	struct review *v = R(a);
	struct log_error err;

	v->timeline = false;
	v->step = 0;
	v->scroll = 0;
	/* Opening another's run is in the access log before it is shown. */
	if (strcmp(a->review_run.account, log_user(a->rl.log)) != 0 &&
	    review_record_access(a->rl.log, ACCESS_READ_SHOW, a->review_run.run_id,
	    &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		app_go(a, SCR_QUEUE);
		return;
	}
	load(a);
	if (v->run != NULL && run_current(v->run) >= 0)
		v->step = (size_t)run_current(v->run);
	else if (v->run != NULL)
		while (v->step + 1 < routine_step_count(run_routine(v->run)) &&
		    !run_step_visible(v->run, v->step))
			v->step++;
}

static void
review_leave(struct app *a)
{
	forget(R(a));
}

static void
review_fini(struct app *a)
{
	forget(R(a));
}

static const char *
state_text(const struct log_run_info *ri)
{
	int review = review_state_of(ri->review), status = run_status_of(ri->status);

	if (review == REVIEW_SIGNED)
		return _("signed");
	if (review == REVIEW_RETURNED)
		return status == RUN_COMPLETED ? _("returned, not yet corrected") :
		    _("returned, being corrected");
	if (review == REVIEW_CORRECTED)
		return _("corrected after the return: to review");
	if (status == RUN_COMPLETED)
		return _("completed: to review");
	return status == RUN_ABORTED ? _("aborted") : _("not finished");
}

/* The head: case, routine, caseworker, state, the last review; then the
 * findings. Returns the first free row. */
static int
draw_head(struct app *a, struct review *v)
{
	const struct log_run_info *ri = &a->review_run;
	char line[1024], when[32];
	time_t t = (time_t)(ri->started / 1000);
	struct tm tm;
	int y = 2;
	size_t i;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	snprintf(line, sizeof(line), _("Caseworker %s · started %s · %s · %lld min"),
	    ri->account, when, state_text(ri), (long long)(v->fs.active_ms / 60000));
	draw_text(y++, 1, COLS - 2, line);
	if (v->note.any) {
		localtime_r(&(time_t){ (time_t)(v->note.time / 1000) }, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		snprintf(line, sizeof(line), v->note.returned ? _("Returned by %s %s: %s") :
		    _("Signed by %s %s: %s"), v->note.by, when,
		    v->note.comment[0] ? v->note.comment : "-");
		y += draw_wrapped(y, 1, COLS - 2, 2, line, A_BOLD);
	}
	if (v->since_return > 0) {
		snprintf(line, sizeof(line), P_("%zu event since the return (+ in the timeline)",
		    "%zu events since the return (+ in the timeline)", v->since_return),
		    v->since_return);
		attron(term_attr(PAIR_OK));
		draw_text(y++, 1, COLS - 2, line);
		attroff(term_attr(PAIR_OK));
	}
	if (!v->have_findings) {
		snprintf(line, sizeof(line), _("Findings: none computed: %s"), v->why);
		attron(term_attr(PAIR_WARN));
		draw_text(y++, 1, COLS - 2, line);
		attroff(term_attr(PAIR_WARN));
		return y + 1;
	}
	snprintf(line, sizeof(line), P_("Findings: %zu (%zu critical)",
	    "Findings: %zu (%zu critical)", v->fs.count), v->fs.count, v->fs.critical);
	attron(A_BOLD | A_UNDERLINE);
	draw_text(y++, 1, COLS - 2, line);
	attroff(A_BOLD | A_UNDERLINE);
	for (i = 0; i < v->fs.count && i < REVIEW_FINDING_ROWS; i++) {
		const struct finding *f = &v->fs.items[i];

		snprintf(line, sizeof(line), "%s %s: %s", f->critical ? "!" : " ",
		    finding_name(f->kind), f->detail);
		if (f->critical)
			attron(term_attr(PAIR_WARN));
		draw_text(y++, 2, COLS - 3, line);
		if (f->critical)
			attroff(term_attr(PAIR_WARN));
	}
	if (v->fs.count > REVIEW_FINDING_ROWS) {
		snprintf(line, sizeof(line), _("… and %zu more (rutin review show lists all)"),
		    v->fs.count - REVIEW_FINDING_ROWS);
		draw_text(y++, 2, COLS - 3, line);
	}
	return y + 1;
}

static void
draw_timeline(struct review *v, int top, int bottom)
{
	int y, i;

	int first = v->scroll;

	attron(A_BOLD | A_UNDERLINE);
	draw_text(top - 1, 1, COLS - 2, _("Timeline"));
	attroff(A_BOLD | A_UNDERLINE);
	if (first > (int)v->nlines - (bottom - top))
		first = (int)v->nlines - (bottom - top);
	if (first < 0)
		first = 0;
	for (i = first, y = top; i < (int)v->nlines && y < bottom; i++, y++) {
		bool after = v->lines[i][0] == '+';

		if (after)
			attron(term_attr(PAIR_OK));
		draw_text(y, 1, COLS - 2, v->lines[i]);
		if (after)
			attroff(term_attr(PAIR_OK));
	}
}

static void
review_draw(struct app *a)
{
	struct review *v = R(a);
	const struct routine *r = catalog_find_text(&a->catalog, a->review_run.routine_id,
	    a->review_run.routine_hash);
	char title[256];
	int y;

	snprintf(title, sizeof(title), _("rutin · review · %s · %s"), a->review_run.case_ref,
	    r != NULL ? routine_title(r) : a->review_run.routine_id);
	app_draw_frame(a, title);
	y = draw_head(a, v);
	if (y > LINES - 8)
		y = LINES - 8;
	if (v->timeline || v->run == NULL) {
		draw_timeline(v, y + 1, LINES - 3);
	} else {
		attron(A_BOLD | A_UNDERLINE);
		draw_text(y, 1, COLS - 2, _("Steps"));
		attroff(A_BOLD | A_UNDERLINE);
		runview_draw(v->run, v->step, y + 1, LINES - 3);
	}
}

/* The next or previous visible step. */
static void
move_step(struct review *v, int dir)
{
	size_t n = routine_step_count(run_routine(v->run)), i = v->step;

	while ((dir < 0 && i > 0) || (dir > 0 && i + 1 < n)) {
		i = dir < 0 ? i - 1 : i + 1;
		if (run_step_visible(v->run, i)) {
			v->step = i;
			return;
		}
	}
}

/* The step a return is about: the one selected in the steps (the
 * caseworker's walk opens there); none from the timeline. */
static const struct step *
return_step(const struct review *v)
{
	if (v->timeline || v->run == NULL)
		return NULL;
	return routine_step(run_routine(v->run), v->step);
}

/* Sign or return: first whether this account may, then the comment. */
static void
ask_decision(struct app *a, bool sign)
{
	enum review_refusal why = review_may_decide(a->rl.log, &a->review_run, sign);

	if (why != REVIEW_MAY) {
		app_message(a, true, "%s", review_refusal_message(why));
		return;
	}
	if (sign) {
		app_prompt(a, FOR_SIGN, _("Sign the run: a comment (may be empty)"), "", 0);
	} else if (return_step(R(a)) != NULL) {
		char title[256], words[WORDS_PROMPT_MAX + 16];

		words_step(return_step(R(a)), NULL, words, sizeof(words));
		snprintf(title, sizeof(title), _("Return the run: what should the caseworker "
		    "correct at %s?"), words);
		app_prompt(a, FOR_RETURN, title, "", 0);
	} else {
		app_prompt(a, FOR_RETURN, _("Return the run: what should the caseworker "
		    "correct?"), "", 0);
	}
}

/* What must be read before signing: the critical findings, or why there
 * are none to show; false when there is nothing. */
static bool
sign_warning(const struct review *v, char *out, size_t size)
{
	size_t i, len;

	if (!v->have_findings) {
		snprintf(out, size, _("The findings of this run could not be computed here: "
		    "%s. Sign it without them?"), v->why);
		return true;
	}
	if (v->fs.critical == 0)
		return false;
	len = (size_t)snprintf(out, size, P_("This run has %zu critical finding:",
	    "This run has %zu critical findings:", v->fs.critical), v->fs.critical);
	for (i = 0; i < v->fs.count && len < size; i++)
		if (v->fs.items[i].critical)
			len += (size_t)snprintf(out + len, size - len, " %s: %s;",
			    finding_name(v->fs.items[i].kind), v->fs.items[i].detail);
	if (len < size)
		snprintf(out + len, size - len, " %s", _("Sign it all the same?"));
	return true;
}

static enum run_error
review_submit(struct app *a, int purpose, const char *text, unsigned flags,
    struct guard_result *g, const char **hint)
{
	enum review_refusal why;
	struct log_error err;
	char warning[1024];
	const struct step *s;
	const char *step;
	bool sign = purpose != FOR_RETURN;

	/* The comment goes into the log: the guard reads it first. */
	guard_check(text, g);
	if (g->verdict == GUARD_REFUSED)
		return RUN_E_REFUSED;
	if (g->verdict == GUARD_FLAGGED && !(flags & RUN_CONFIRMED))
		return RUN_E_CONFIRM;
	if (purpose == FOR_SIGN && sign_warning(R(a), warning, sizeof(warning))) {
		app_confirm_decision(a, FOR_SIGN_CHECKED, text, warning);
		return RUN_OK;
	}
	s = sign ? NULL : return_step(R(a));
	step = s != NULL ? s->id : NULL;
	if (review_decide(a->rl.log, &a->review_run, sign, text, step, &why, &err) != LOG_OK) {
		if (why == REVIEW_NEEDS_COMMENT) { /* the prompt stays open */
			*hint = _("Say what should be corrected: the caseworker sees it on "
			    "her home.");
			return RUN_E_TEXT;
		}
		app_message(a, true, "%s", err.message);
		return RUN_OK;
	}
	app_message(a, false, sign ? _("Signed %s.") : _("Returned %s to %s."),
	    a->review_run.case_ref, a->review_run.account);
	load(a);
	return RUN_OK;
}

static void
review_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct review *v = R(a);
	int page = LINES / 2;

	(void)ev;
	(void)ch;
	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
		if (v->timeline || v->run == NULL)
			v->scroll += act == ACT_UP ? -1 : 1;
		else
			move_step(v, act == ACT_UP ? -1 : 1);
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		v->scroll += act == ACT_PAGE_UP ? -page : page;
		if (!v->timeline && v->run != NULL) {
			int k;

			for (k = 0; k < 10; k++)
				move_step(v, act == ACT_PAGE_UP ? -1 : 1);
		}
		break;
	case ACT_TIMELINE:
		v->timeline = !v->timeline;
		break;
	case ACT_SIGN:
		ask_decision(a, true);
		break;
	case ACT_RETURN:
		ask_decision(a, false);
		break;
	case ACT_BACK:
		app_go(a, SCR_QUEUE);
		break;
	default:
		break;
	}
	if (v->scroll > (int)v->nlines - 1)
		v->scroll = (int)v->nlines - 1;
	if (v->scroll < 0)
		v->scroll = 0;
}

static const struct hint review_hints[] = {
	{ ACT_SIGN, ACT_NONE, N_("sign") },
	{ ACT_RETURN, ACT_NONE, N_("return") },
	{ ACT_TIMELINE, ACT_NONE, N_("steps/timeline") },
	{ ACT_UP, ACT_DOWN, N_("move") },
	{ ACT_BACK, ACT_NONE, N_("queue") },
	HINTS_END
};


const struct screen_ops review_screen = {
	.name = "review",
	.state_size = sizeof(struct review),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_REVIEW,
	.hints = review_hints,
	.fini = review_fini,
	.enter = review_enter,
	.leave = review_leave,
	.draw = review_draw,
	.key = review_key,
	.submit = review_submit,
};

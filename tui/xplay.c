/* A trainee's exercise in the walk (xplay.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/runlog.h"
#include "tui/draw.h"
#include "tui/xplay.h"

#define PANE_MIN_COLS 120
#define PANE_WIDTH 44

struct xplay {
	struct xstate st;
	struct exercise *ex;
	struct xsession session;   /* a copy; its text is not kept */
	int64_t run_started;       /* ms since 1970 */
	int64_t joined_seq;        /* the log's events up to here came before
	                            * her run joined the session */
	bool *auto_done;           /* per inject: its step or time came */
	int64_t trainer_seq;       /* the trainer's injects up to here are handled */
	size_t *queue;             /* injects to show, by index */
	size_t queued;
	long showing;              /* the inject in the box, or -1 */
	long message;              /* the trainer's message in the box (an
	                            * index into st.messages), or -1 */
	int64_t message_seq;       /* messages up to here are handled (shown,
	                            * or not hers) */
	bool paused;               /* the trainer paused the class */
	bool scenario_open;
};

static void
xplay_free(struct xplay **xp)
{
	struct xplay *x = *xp;

	if (x == NULL)
		return;
	xstate_free(&x->st);
	exercise_free(&x->ex);
	free(x->auto_done);
	free(x->queue);
	free(x);
	*xp = NULL;
}

void
xplay_close(struct app *a)
{
	xplay_free(&a->x);
}

static void enqueue(struct xplay *x, size_t i);

/* What was shown before (another terminal, an earlier session) is not
 * shown again: the step and time injects the run showed, and the
 * trainer's injects up to the last one it showed. An inject that waits
 * for her acknowledgement is shown again until she gives it. */
static void
recall_shown(struct xplay *x, const char *run_id)
{
	size_t i;

	for (i = 0; i < x->ex->inject_count; i++)
		if (x->ex->injects[i].ack_minutes > 0 &&
		    xstate_shown_count(&x->st, run_id, x->ex->injects[i].id) > 0 &&
		    xstate_acknowledged(&x->st, run_id, x->ex->injects[i].id) == 0)
			enqueue(x, i);

	for (i = 0; i < x->ex->inject_count; i++)
		x->auto_done[i] = x->ex->injects[i].trigger != INJECT_TRAINER &&
		    xstate_shown_count(&x->st, run_id, x->ex->injects[i].id) > 0;
	for (i = 0; i < x->st.n_injected; i++) {
		const struct xinjected *in = &x->st.injected[i];
		size_t k;

		for (k = 0; k < x->st.n_shown; k++)
			if (strcmp(x->st.shown[k].run_id, run_id) == 0 &&
			    strcmp(x->st.shown[k].inject, in->inject) == 0 &&
			    x->st.shown[k].time >= in->time)
				x->trainer_seq = in->seq;
	}
}

static struct xplay *
xplay_new(struct app *a, const struct xsession *s, struct exercise *ex,
    struct log_error *err)
{
	struct xplay *x = xcalloc(1, sizeof(*x));

	x->ex = ex;
	x->session = *s;
	x->session.text = NULL;
	x->auto_done = xcalloc(ex->inject_count + 1, sizeof(*x->auto_done));
	x->queue = xcalloc(2 * ex->inject_count + 1, sizeof(*x->queue));
	x->showing = -1;
	x->message = -1;
	if (xstate_update(a->rl.log, &x->st, err) != LOG_OK) {
		xplay_free(&x);
		return NULL;
	}
	x->paused = xstate_paused(&x->st, s->id);
	return x;
}

/* Her run in the session, if she has one: resumed. */
static bool
resume_own(struct app *a, const struct xjoin *j, const struct routine *r)
{
	struct log_run_filter f = { .id_prefix = j->run_id, .account = log_user(a->rl.log) };
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0;
	bool ok = false;

	if (log_runs(a->rl.log, &f, &runs, &n, &err) != LOG_OK || n != 1) {
		app_message(a, true, "%s", n == 0 ? _("Your run of this exercise is not "
		    "in the log any more.") : err.message);
	} else if (run_status_ended(run_status_of(runs[0].status))) {
		app_message(a, false, "%s", _("You have finished this exercise; the "
		    "trainer goes through it with you."));
	} else if (app_resume_run(a, &runs[0], r)) {
		a->x->run_started = runs[0].started;
		a->x->joined_seq = j->seq;
		ok = true;
	}
	free(runs);
	return ok;
}

static bool
start_new(struct app *a, const struct xsession *s, const struct routine *r)
{
	struct run_io io = runlog_io(&a->rl);
	struct log_error err;
	char case_ref[128];
	enum run_error e;

	log_new_id(a->rl.run_id);
	log_run_take(a->rl.log, a->rl.run_id, false, NULL);
	snprintf(case_ref, sizeof(case_ref), _("Exercise %s"), a->x->ex->id);
	e = run_start(r, RUN_TRAINING, case_ref, log_second_person_on(a->rl.log) ?
	    RUN_SECOND_ON : 0, &io, &a->run, NULL);
	if (e != RUN_OK) {
		log_run_release(a->rl.log, a->rl.run_id);
		app_run_error(a, e);
		return false;
	}
	if (xsession_join(a->rl.log, s, a->rl.run_id, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		log_run_release(a->rl.log, a->rl.run_id);
		run_free(&a->run);
		return false;
	}
	a->x->run_started = clock_now_ms();
	a->x->joined_seq = a->x->st.last_seq;
	return true;
}

/* Whether the trainer set a run of hers in the session aside. */
static bool
restarted_before(const struct xstate *st, const char *session, const char *me)
{
	size_t i;

	for (i = 0; i < st->n_joins; i++)
		if (strcmp(st->joins[i].session, session) == 0 &&
		    strcmp(st->joins[i].account, me) == 0 &&
		    xstate_restart_of(st, st->joins[i].run_id) != NULL)
			return true;
	return false;
}

bool
xplay_join(struct app *a, const struct xsession *s)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = NULL;
	const struct routine *r;
	const struct xjoin *j;
	struct log_error err;
	bool ok, restarted;

	if (xsession_exercise(s, &ex, &d) != ROUTINE_OK) {
		app_message(a, true, "%s", d.count > 0 ? d.items[0].message :
		    _("The exercise in the log cannot be read."));
		diag_list_clear(&d);
		return false;
	}
	diag_list_clear(&d);
	if ((r = catalog_find(&a->catalog, ex->routine_id)) == NULL) {
		app_message(a, true, _("The routine %s is not installed here."),
		    ex->routine_id);
		exercise_free(&ex);
		return false;
	}
	xplay_close(a);
	if ((a->x = xplay_new(a, s, ex, &err)) == NULL) {
		app_message(a, true, "%s", err.message);
		return false;
	}
	j = xstate_join_of(&a->x->st, s->id, log_user(a->rl.log));
	restarted = j == NULL && restarted_before(&a->x->st, s->id, log_user(a->rl.log));
	if (j == NULL && s->ended != 0) {
		app_message(a, true, "%s", _("This exercise has ended."));
		ok = false;
	} else {
		ok = j != NULL ? resume_own(a, j, r) : start_new(a, s, r);
	}
	if (!ok) {
		xplay_close(a);
		return false;
	}
	recall_shown(a->x, a->rl.run_id);
	a->goto_step = WALK_AT_CURRENT;
	app_go(a, SCR_WALK);
	if (restarted)
		app_message(a, false, "%s", _("The trainer has restarted your exercise: "
		    "a new run begins at the first step."));
	return true;
}

/* ---- The guard ---- */

void
xplay_guard_refused(struct app *a, const char *step, const struct guard_result *g)
{
	enum guard_kind kind = GUARD_PERSONAL_NUMBER;
	struct log_error err;
	size_t i;

	if (a->x == NULL || a->run == NULL)
		return;
	for (i = 0; i < g->count; i++)
		if (g->findings[i].kind <= GUARD_COORDINATION_NUMBER) {
			kind = g->findings[i].kind;
			break;
		}
	if (xsession_guard_refused(a->rl.log, a->rl.run_id, step, guard_kind_token(kind),
	    &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
}

/* ---- Injects ---- */

static void
enqueue(struct xplay *x, size_t i)
{
	if (x->queued < 2 * x->ex->inject_count)
		x->queue[x->queued++] = i;
}

/* The next inject into the box, logged first: what the log says she saw
 * is what she saw. */
static void
show_next(struct app *a)
{
	struct xplay *x = a->x;
	struct log_error err;
	size_t i;

	if (x->showing >= 0 || x->queued == 0)
		return;
	i = x->queue[0];
	memmove(x->queue, x->queue + 1, --x->queued * sizeof(*x->queue));
	if (xsession_shown(a->rl.log, a->rl.run_id, x->ex->injects[i].id, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	x->showing = (long)i;
	x->scenario_open = false;
}

void
xplay_step(struct app *a)
{
	struct xplay *x = a->x;
	long cur;
	size_t i;

	if (x == NULL || a->run == NULL)
		return;
	cur = run_current(a->run);
	for (i = 0; cur >= 0 && i < x->ex->inject_count; i++) {
		const struct exercise_inject *in = &x->ex->injects[i];

		if (in->trigger == INJECT_AT_STEP && !x->auto_done[i] &&
		    strcmp(in->step, routine_step(run_routine(a->run), (size_t)cur)->id) == 0) {
			x->auto_done[i] = true;
			enqueue(x, i);
		}
	}
	show_next(a);
}

static void
trainer_injects(struct app *a)
{
	struct xplay *x = a->x;
	const char *me = log_user(a->rl.log);
	size_t i;

	for (i = 0; i < x->st.n_injected; i++) {
		const struct xinjected *in = &x->st.injected[i];
		const struct exercise_inject *inj;

		if (in->seq <= x->trainer_seq || strcmp(in->session, x->session.id) != 0)
			continue;
		x->trainer_seq = in->seq;
		inj = exercise_find_inject(x->ex, in->inject);
		if (inj != NULL && (in->to[0] == '\0' || strcmp(in->to, me) == 0))
			enqueue(x, (size_t)(inj - x->ex->injects));
	}
}

/* The trainer's next message to her (or to everyone) into the box,
 * logged first: each is shown once in her run, also to one who comes
 * back after a dropped connection; one sent before her run joined the
 * session is not hers (by the log's order, not by clocks). */
static void
next_message(struct app *a)
{
	struct xplay *x = a->x;
	const char *me = log_user(a->rl.log);
	struct log_error err;
	size_t i;

	if (x->message >= 0)
		return;
	for (i = 0; i < x->st.n_messages; i++) {
		const struct xmessage *m = &x->st.messages[i];

		if (m->seq <= x->message_seq)
			continue;
		x->message_seq = m->seq;
		if (strcmp(m->session, x->session.id) != 0 || m->seq <= x->joined_seq ||
		    (m->to[0] != '\0' && strcmp(m->to, me) != 0) ||
		    xstate_message_shown(&x->st, a->rl.run_id, m->seq))
			continue;
		if (xsession_message_shown(a->rl.log, a->rl.run_id, m->seq, &err) != LOG_OK) {
			app_message(a, true, "%s", err.message);
			return;
		}
		x->message = (long)i;
		return;
	}
}

static bool
session_ended(const struct xplay *x)
{
	const struct xsession *s = xstate_session(&x->st, x->session.id);

	return s != NULL && s->ended != 0;
}

/* The trainer set her run aside: she leaves it and a new one begins in
 * the same session. */
static void
restart_run(struct app *a)
{
	struct xsession s = *xstate_session(&a->x->st, a->x->session.id);

	s.text = xstrdup(s.text);
	app_leave_run(a);
	xplay_join(a, &s); /* says so */
	free(s.text);
}

/* Her run's time, the class's pauses left out: the injects due by time
 * wait while the class is paused. */
static int64_t
run_elapsed(const struct xplay *x)
{
	int64_t now = clock_now_ms();

	return now - x->run_started - xstate_paused_ms(&x->st, x->session.id,
	    x->run_started, now);
}

void
xplay_tick(struct app *a)
{
	struct xplay *x = a->x;
	struct log_error err;
	size_t i;

	if (x == NULL || a->run == NULL)
		return;
	if (xstate_update(a->rl.log, &x->st, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	if (session_ended(x)) {
		app_leave_run(a);
		app_message(a, false, "%s", _("The trainer has ended the exercise; "
		    "your run is paused as it was."));
		return;
	}
	if (xstate_restart_of(&x->st, a->rl.run_id) != NULL) {
		restart_run(a);
		return;
	}
	x->paused = xstate_paused(&x->st, x->session.id);
	next_message(a);
	trainer_injects(a);
	for (i = 0; !x->paused && i < x->ex->inject_count; i++)
		if (x->ex->injects[i].trigger == INJECT_AFTER && !x->auto_done[i] &&
		    run_elapsed(x) >= x->ex->injects[i].minutes * 60000) {
			x->auto_done[i] = true;
			enqueue(x, i);
		}
	show_next(a);
}

void
xplay_clock(const struct app *a, char *buf, size_t size)
{
	const struct xplay *x = a->x;
	const struct xsession *s;
	char clock[96];

	buf[0] = '\0';
	if (x == NULL || (s = xstate_session(&x->st, x->session.id)) == NULL)
		return;
	xstate_clock_text(&x->st, s, x->ex->minutes, clock_now_ms(), clock, sizeof(clock));
	snprintf(buf, size, "%s%s", x->paused ? _("paused · ") : "", clock);
}

/* ---- Drawing and keys ---- */

int
xplay_pane_width(const struct app *a)
{
	return a->x != NULL && COLS >= PANE_MIN_COLS ? PANE_WIDTH : 0;
}

void
xplay_draw_pane(const struct app *a, int top, int bottom)
{
	int w = xplay_pane_width(a), x0 = COLS - w, y;
	char title[256], clock[128], line[192];

	if (w == 0)
		return;
	snprintf(title, sizeof(title), _(" Exercise: %s "), a->x->ex->title);
	draw_box(top, x0, bottom - top, w - 1, title);
	y = top + 1;
	xplay_clock(a, clock, sizeof(clock));
	snprintf(line, sizeof(line), _("Time: %s"), clock);
	draw_text(y++, x0 + 2, w - 5, line);
	y += draw_wrapped(y, x0 + 2, w - 5, bottom - y - 2, a->x->ex->scenario, 0);
	if (y < bottom - 1)
		draw_wrapped(bottom - 2, x0 + 2, w - 5, 1, _("F5: the scenario in full"),
		    term_attr(PAIR_DIM));
}

/* The class is paused: nothing is answered until the trainer resumes. */
static void
draw_paused(const struct app *a)
{
	int y, x0, h = 8, w = COLS - 10;
	char clock[128], line[224];

	xplay_clock(a, clock, sizeof(clock));
	draw_center_box(_(" The exercise is paused "), h, w, &y, &x0);
	draw_wrapped(y + 2, x0 + 2, w - 4, 2, _("The trainer has paused the exercise "
	    "for everyone. Your run waits as it is; it goes on when the trainer "
	    "resumes it."), A_BOLD);
	snprintf(line, sizeof(line), _("The class's time: %s"), clock);
	draw_text(y + h - 2, x0 + 2, w - 4, line);
}

void
xplay_draw_box(const struct app *a)
{
	const struct xplay *x = a->x;
	int y, x0, h, w = COLS - 10;

	if (x == NULL)
		return;
	if (x->paused) {
		draw_paused(a);
	} else if (x->message >= 0) {
		const struct xmessage *m = &x->st.messages[x->message];
		char title[128];

		h = 10;
		snprintf(title, sizeof(title), _(" A message from %s, the trainer "), m->from);
		draw_center_box(title, h, w, &y, &x0);
		draw_wrapped(y + 2, x0 + 2, w - 4, h - 5, m->text, A_BOLD);
		draw_wrapped(y + h - 2, x0 + 2, w - 4, 1, _("Enter: read"),
		    term_attr(PAIR_DIM));
	} else if (x->showing >= 0) {
		const struct exercise_inject *in = &x->ex->injects[x->showing];
		char hint[256];

		h = 12;
		draw_center_box(_(" Something happens "), h, w, &y, &x0);
		draw_wrapped(y + 2, x0 + 2, w - 4, h - 5, in->text, A_BOLD);
		if (in->ack_minutes > 0)
			snprintf(hint, sizeof(hint), ngettext("Enter: acknowledge that you "
			    "have read it (within %ld minute)", "Enter: acknowledge that you "
			    "have read it (within %ld minutes)", in->ack_minutes),
			    in->ack_minutes);
		else
			snprintf(hint, sizeof(hint), "%s", _("Enter: noted (the walk goes "
			    "on; what you do about it is in your answers)"));
		draw_wrapped(y + h - 2, x0 + 2, w - 4, 1, hint, term_attr(PAIR_DIM));
	} else if (x->scenario_open) {
		h = LINES - 6;
		draw_center_box(_(" The scenario (Esc closes) "), h, w, &y, &x0);
		draw_wrapped(y + 2, x0 + 2, w - 4, h - 4, x->ex->scenario, 0);
	}
}

/* The inject in the box, acknowledged when it asks for it (once: the
 * first acknowledgement is the one scored); false when the log would not
 * take it (said). */
static bool
acknowledge(struct app *a)
{
	struct xplay *x = a->x;
	const struct exercise_inject *in = &x->ex->injects[x->showing];
	struct log_error err;

	if (in->ack_minutes <= 0 || xstate_acknowledged(&x->st, a->rl.run_id, in->id) != 0)
		return true;
	if (xsession_acknowledge(a->rl.log, a->rl.run_id, in->id, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return false;
	}
	return true;
}

bool
xplay_key(struct app *a, enum action act)
{
	struct xplay *x = a->x;

	if (x == NULL)
		return false;
	if (x->paused)
		return true; /* no answer while the class is paused */
	if (x->message >= 0) {
		if (act == ACT_SELECT || act == ACT_BACK) {
			x->message = -1;
			next_message(a);
		}
		return true;
	}
	if (x->showing >= 0) {
		if ((act == ACT_SELECT || act == ACT_BACK) && acknowledge(a)) {
			x->showing = -1;
			show_next(a);
		}
		return true;
	}
	if (act == ACT_SCENARIO) {
		x->scenario_open = !x->scenario_open;
		return true;
	}
	if (x->scenario_open) {
		if (act == ACT_SELECT || act == ACT_BACK)
			x->scenario_open = false;
		return true;
	}
	return false;
}

/* The trainer's class view (rutin exercise class): every trainee of the
 * exercise session with where she is, steps done, points so far, the
 * deviations and guard flags of her run and the injects she has seen,
 * read again from the log every second, under the class's clock. Enter
 * shows a trainee's run as the walk draws it (read-only), d her
 * debrief, i sends an inject to everyone or to her, m a message, p
 * pauses or resumes the class, r restarts her run, b shows the class's
 * answers per question for a projector, F5 the scenario and the role
 * cards, e ends the exercise. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/reading.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/answers.h"
#include "runlog/debrief.h"
#include "runlog/words.h"
#include "runlog/xsession.h"
#include "tui/app.h"
#include "tui/answersview.h"
#include "tui/draw.h"
#include "tui/input.h"
#include "tui/list.h"
#include "tui/runview.h"

enum class_view { CV_TABLE, CV_RUN, CV_DEBRIEF, CV_INJECT, CV_END, CV_SCENARIO,
	CV_MESSAGE, CV_RESTART, CV_ANSWERS };

struct class_screen {
	struct xstate st;
	char session[LOG_ID_LEN];
	struct exercise *ex;
	const struct routine *routine;
	struct debrief d;
	enum class_view view;
	int selected;
	size_t step;           /* CV_RUN: the step shown */
	bool follow;           /* CV_RUN: the step follows where the trainee
	                        * is, until the trainer moves */
	int choice;            /* CV_INJECT: the inject */
	bool to_one;           /* CV_INJECT, CV_MESSAGE: only the selected
	                        * trainee */
	struct input message;  /* CV_MESSAGE */
	size_t question;       /* CV_ANSWERS: the expectation shown */
	bool names;            /* CV_ANSWERS: who answered what (the
	                        * trainer's own screen; off by default) */
	int scroll;            /* CV_DEBRIEF, CV_SCENARIO */
	struct list_find find; /* CV_TABLE: the trainees / keeps, by name */
};

static struct class_screen *
C(struct app *a)
{
	return app_state(a, SCR_CLASS);
}

static const struct class_screen *
C_const(const struct app *a)
{
	return app_state_const(a, SCR_CLASS);
}

static const struct xsession *
session(const struct class_screen *c)
{
	return c->session[0] ? xstate_session(&c->st, c->session) : NULL;
}

static const struct debrief_trainee *
selected(const struct class_screen *c)
{
	return c->selected >= 0 && (size_t)c->selected < c->d.count ?
	    &c->d.trainees[c->selected] : NULL;
}

/* The session --session names, else the only open one, else the latest. */
static const struct xsession *
choose_session(struct app *a, struct class_screen *c)
{
	const struct xsession *s;
	size_t open;

	if (a->opt.session != NULL)
		return xstate_session(&c->st, a->opt.session);
	s = xstate_open_session(&c->st, &open);
	if (s == NULL && open == 0 && c->st.n_sessions > 0)
		s = &c->st.sessions[c->st.n_sessions - 1];
	return s;
}

static bool
open_session(struct app *a, struct class_screen *c)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct xsession *s = choose_session(a, c);

	if (s == NULL) {
		app_message(a, true, "%s", c->st.n_sessions == 0 ? _("No exercise has "
		    "been started in this log: rutin exercise start FILE --db FILE.") :
		    _("Several exercises are open, or --session names none: give "
		    "--session ID (rutin exercise report shows them)."));
		return false;
	}
	snprintf(c->session, sizeof(c->session), "%s", s->id);
	if (xsession_exercise(s, &c->ex, &d) != ROUTINE_OK) {
		app_message(a, true, "%s", d.count > 0 ? d.items[0].message :
		    _("The exercise in the log cannot be read."));
		diag_list_clear(&d);
		return false;
	}
	diag_list_clear(&d);
	c->routine = catalog_find(&a->catalog, c->ex->routine_id);
	if (c->routine == NULL) {
		app_message(a, true, _("The routine %s is not installed here."),
		    c->ex->routine_id);
		exercise_free(&c->ex);
		return false;
	}
	return true;
}

/* The row of run `run_id` stays selected when someone who joined later
 * is listed above it; otherwise the selection stays within the list. */
static void
reselect(struct class_screen *c, const char *run_id)
{
	size_t i;

	for (i = 0; run_id[0] != '\0' && i < c->d.count; i++)
		if (strcmp(c->d.trainees[i].run_id, run_id) == 0) {
			c->selected = (int)i;
			return;
		}
	if (c->selected >= (int)c->d.count)
		c->selected = c->d.count > 0 ? (int)c->d.count - 1 : 0;
}

static void show_current(struct class_screen *c);

/* Reads the log again: new events, then every trainee's run. */
static void
reload(struct app *a)
{
	struct class_screen *c = C(a);
	const struct xsession *s;
	struct log_error err;
	char was[LOG_ID_LEN];

	if (xstate_update(a->rl.log, &c->st, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	if (c->ex == NULL && !open_session(a, c))
		return;
	s = session(c);
	snprintf(was, sizeof(was), "%s", selected(c) != NULL ? selected(c)->run_id : "");
	debrief_free(&c->d);
	if (debrief_load(a->rl.log, &c->st, s, c->ex, c->routine, clock_now_ms(), &c->d, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	reselect(c, was);
	if (c->view == CV_RUN && c->follow)
		show_current(c);
}

static void
class_enter(struct app *a)
{
	C(a)->view = CV_TABLE;
	reload(a);
}

static void
class_fini(struct app *a)
{
	struct class_screen *c = C(a);

	debrief_free(&c->d);
	exercise_free(&c->ex);
	xstate_free(&c->st);
}

/* ---- Drawing ---- */

/* The class's time, pauses left out: "12:30 of 45:00", "paused · " first
 * while it is paused. */
static void
class_clock(const struct class_screen *c, const struct xsession *s, char *buf,
    size_t size)
{
	char clock[96];

	xstate_clock_text(&c->st, s, c->ex->minutes, clock_now_ms(), clock, sizeof(clock));
	snprintf(buf, size, "%s%s", xstate_paused(&c->st, s->id) ? _("PAUSED · ") : "",
	    clock);
}

/* How many trainees the debrief's runs are (they are sorted by
 * account). */
static size_t
trainees(const struct debrief *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += i == 0 || strcmp(d->trainees[i].account, d->trainees[i - 1].account) != 0;
	return n;
}

static void
draw_header(const struct class_screen *c, const struct xsession *s)
{
	char line[512], clock[128];
	bool paused = xstate_paused(&c->st, s->id);
	size_t people;

	class_clock(c, s, clock, sizeof(clock));
	snprintf(line, sizeof(line), _("%s · session %.8s · %s"), c->ex->title, s->id,
	    s->ended ? _("ended") : _("open"));
	attron(A_BOLD);
	draw_text(2, 1, COLS - 2, line);
	attroff(A_BOLD);
	people = trainees(&c->d);
	if (people == c->d.count)
		snprintf(line, sizeof(line), _("Pass mark %ld of %ld points · %zu trainee(s) · "
		    "time %s"), c->ex->pass_mark, c->ex->max_points, people, clock);
	else /* a restarted run is a row of its own */
		snprintf(line, sizeof(line), _("Pass mark %ld of %ld points · %zu trainee(s), "
		    "%zu runs · time %s"), c->ex->pass_mark, c->ex->max_points, people,
		    c->d.count, clock);
	if (paused)
		attron(term_attr(PAIR_WARN) | A_BOLD);
	draw_text(3, 1, COLS - 2, line);
	if (paused)
		attroff(term_attr(PAIR_WARN) | A_BOLD);
}

/* The table's columns: trainee, status, done, points, deviations, texts
 * the guard stopped, guard flags confirmed, injects seen, the step she is
 * at (16 columns of it at 80). */
static const int cols[] = { 1, 14, 25, 32, 40, 45, 51, 57, 64 };
#define N_COLS (sizeof(cols) / sizeof(cols[0]))

static void
draw_trainee(const struct class_screen *c, const struct debrief_trainee *t, int y,
    bool sel)
{
	char n[6][32];
	const char *cells[N_COLS];

	cells[0] = t->account;
	if (t->run == NULL) {
		cells[1] = t->problem;
		draw_cells(y, cols, cells, 2, sel);
		return;
	}
	snprintf(n[0], sizeof(n[0]), "%zu/%zu", t->sum.answered + t->sum.not_applicable +
	    t->sum.skipped, t->sum.visible);
	snprintf(n[1], sizeof(n[1]), "%ld/%ld", t->score.points, t->score.max_points);
	snprintf(n[2], sizeof(n[2]), "%zu", t->deviations);
	snprintf(n[3], sizeof(n[3]), "%zu", t->guard_refused);
	snprintf(n[4], sizeof(n[4]), "%zu", t->confirmed_flags);
	snprintf(n[5], sizeof(n[5]), "%zu", t->injects_shown);
	cells[1] = debrief_status_label(t);
	cells[2] = n[0], cells[3] = n[1], cells[4] = n[2], cells[5] = n[3], cells[6] = n[4];
	cells[7] = n[5];
	cells[8] = t->current >= 0 ? routine_step(c->routine, (size_t)t->current)->prompt :
	    _("every step done");
	draw_cells(y, cols, cells, N_COLS, sel);
}

/* The trainees the find keeps, as indexes into d.trainees; out[] has
 * room for d.count. */
static size_t
shown(const struct class_screen *c, int *out)
{
	size_t i, n = 0;

	for (i = 0; i < c->d.count; i++)
		if (list_find_matches(&c->find, c->d.trainees[i].account))
			out[n++] = (int)i;
	return n;
}

/* Who answered faster than the steps can be read, and how often: a line
 * under the table (empty when no one did). */
static void
too_fast_line(const struct class_screen *c, char *buf, size_t size)
{
	const char *before = _("Answered faster than the steps can be read:");
	size_t i, used;

	buf[0] = '\0';
	for (i = 0; i < c->d.count; i++) {
		const struct debrief_trainee *t = &c->d.trainees[i];

		if (t->too_fast == 0)
			continue;
		used = strlen(buf);
		snprintf(buf + used, size - used, "%s %s (%zu)", before, t->account,
		    t->too_fast);
		before = ",";
	}
}

static void
draw_table(const struct class_screen *c)
{
	static const char *const heads[N_COLS] = { N_("Trainee"), N_("Status"),
		N_("Done"), N_("Points"), N_("Dev."), N_("Stop"), N_("Flags"), N_("Injects"),
		N_("Now at") };
	const char *cells[N_COLS];
	int *list = xcalloc(c->d.count + 1, sizeof(*list));
	size_t i, n = shown(c, list);
	int y = 5, bottom;
	char fast[512];

	for (i = 0; i < N_COLS; i++)
		cells[i] = _(heads[i]);
	attron(A_UNDERLINE);
	draw_cells(4, cols, cells, N_COLS, false);
	attroff(A_UNDERLINE);
	if (c->d.count == 0)
		draw_wrapped(y, 3, COLS - 6, 3, _("No trainee has joined yet. They start "
		    "with rutin exercise --db FILE; they appear here within a second."), 0);
	else if (n == 0)
		draw_text(y, 3, COLS - 6, _("Nothing matches."));
	too_fast_line(c, fast, sizeof(fast));
	bottom = fast[0] != '\0' ? LINES - 4 : LINES - 3;
	for (i = 0; i < n && y < bottom; i++)
		draw_trainee(c, &c->d.trainees[list[i]], y++, list[i] == c->selected);
	if (fast[0] != '\0') {
		draw_text_one_line(fast);
		attron(term_attr(PAIR_WARN));
		draw_text(LINES - 3, 1, COLS - 2, fast);
		attroff(term_attr(PAIR_WARN));
	}
	list_find_draw(&c->find, 3);
	free(list);
}

static void
draw_debrief(const struct class_screen *c, const struct debrief_trainee *t)
{
	int y, x, h = LINES - 4, w = COLS - 6, row, skip = c->scroll;
	char title[128], line[1024], step[WORDS_PROMPT_MAX + 16];
	size_t k;

	snprintf(title, sizeof(title), _(" Debrief: %s (Esc closes) "), t->account);
	draw_center_box(title, h, w, &y, &x);
	row = y + 2;
	snprintf(line, sizeof(line), _("%ld of %ld points, %s; %zu critical expectation(s) "
	    "missed"), t->score.points, t->score.max_points, t->score.passed ?
	    _("passed") : _("not passed"), t->score.critical_missed);
	row += draw_wrapped(row, x + 2, w - 4, 1, line, A_BOLD) + 1;
	if (t->too_fast > 0) {
		snprintf(line, sizeof(line), ngettext("%zu step answered faster than it can be "
		    "read (%d words a minute)", "%zu steps answered faster than they can be read "
		    "(%d words a minute)", t->too_fast), t->too_fast, READING_WPM);
		row += draw_wrapped(row, x + 2, w - 4, 2, line, term_attr(PAIR_WARN)) + 1;
	}
	for (k = 0; k < t->score.count && row < y + h - 1; k++) {
		const struct expect_score *e = &t->score.items[k];

		if (e->result == EXPECT_MET || skip-- > 0)
			continue;
		debrief_step_words(c->routine, e->e->step, step, sizeof(step));
		snprintf(line, sizeof(line), "%s%s: %s%s%s", step, e->e->critical ?
		    _(" (critical)") : "", score_result_label(e->result),
		    e->value != NULL ? " · " : "", e->value != NULL ?
		    debrief_value_words(c->routine, e) : "");
		draw_text_one_line(line);
		/* The step's prompt, then what happened and the answer: up to
		 * three rows, so the answer is never cut off. */
		row += draw_wrapped(row, x + 2, w - 4, 3, line, term_attr(e->e->critical ?
		    PAIR_ERROR : PAIR_WARN));
		row += draw_wrapped(row, x + 4, w - 6, y + h - 1 - row, e->e->why, 0);
	}
}

static void
draw_inject(const struct class_screen *c, const struct debrief_trainee *t)
{
	int y, x, h, w = COLS - 10;
	size_t k;
	char line[512];

	h = (int)c->ex->inject_count + 6;
	if (h > LINES - 4)
		h = LINES - 4;
	draw_center_box(_(" Send an inject "), h, w, &y, &x);
	snprintf(line, sizeof(line), _("To: %s   (Tab: everyone or the selected trainee)"),
	    c->to_one && t != NULL ? t->account : _("everyone"));
	draw_text(y + 1, x + 2, w - 4, line);
	for (k = 0; k < c->ex->inject_count && (int)k < h - 5; k++) {
		snprintf(line, sizeof(line), "%-20s %s", c->ex->injects[k].id,
		    c->ex->injects[k].text);
		draw_text_one_line(line);
		draw_row(y + 3 + (int)k, x + 1, w - 2, line, (int)k == c->choice);
	}
}

/* The scenario, then the role cards the trainer plays. */
static void
draw_scenario(const struct class_screen *c)
{
	int y, x, h = LINES - 4, w = COLS - 6, row, bottom;
	size_t k;
	char line[256];

	draw_center_box(_(" The scenario and your role cards (Esc closes) "), h, w, &y, &x);
	row = y + 2 - c->scroll;
	bottom = y + h - 1;
	/* Scrolled: the text starts above the box, which shows its rows
	 * from y + 1 to bottom. */
	row += draw_wrapped_in(row, y + 1, bottom, x + 2, w - 4, c->ex->scenario, 0) + 1;
	for (k = 0; k < c->ex->role_count; k++) {
		snprintf(line, sizeof(line), _("Role: %s"), c->ex->roles[k].title);
		row += draw_wrapped_in(row, y + 1, bottom, x + 2, w - 4, line, A_BOLD);
		row += draw_wrapped_in(row, y + 1, bottom, x + 4, w - 6, c->ex->roles[k].text,
		    0) + 1;
	}
}

static void
draw_message(const struct class_screen *c, const struct debrief_trainee *t)
{
	int y, x, h = 9, w = COLS - 10;
	char line[256];

	draw_center_box(_(" A message to the class "), h, w, &y, &x);
	snprintf(line, sizeof(line), _("To: %s   (Tab: everyone or the selected trainee)"),
	    c->to_one && t != NULL ? t->account : _("everyone"));
	draw_text(y + 1, x + 2, w - 4, line);
	input_draw_rows(&c->message, y + 3, x + 2, w - 4, 3, true);
	draw_wrapped(y + h - 2, x + 2, w - 4, 1, _("Enter sends it (the guard reads it "
	    "first), Esc does not."), term_attr(PAIR_DIM));
}

/* The class's answers, full screen: for the projector. */
static void
draw_answers(const struct class_screen *c)
{
	struct answer_question q;

	if (c->ex->expectation_count == 0)
		return;
	answers_question(&c->d, c->ex, c->routine, c->question, &q);
	answersview_draw(&q, c->question, c->ex->expectation_count, c->names, 2,
	    LINES - 2);
	answers_free(&q);
}

static void
class_draw(struct app *a)
{
	const struct class_screen *c = C_const(a);
	const struct xsession *s = session(c);
	const struct debrief_trainee *t = selected(c);
	int y, x;

	app_draw_frame(a, c->view == CV_ANSWERS ? _("rutin · the class's answers · "
	    "↑↓ questions · Tab names · Esc back") :
	    _("rutin · class view"));
	if (c->ex == NULL || s == NULL)
		return;
	if (c->view == CV_ANSWERS) {
		draw_answers(c);
		return;
	}
	if (c->view == CV_RUN && t != NULL && t->run != NULL) {
		char title[256];

		snprintf(title, sizeof(title), _("%s's run (read-only; Esc: the class)"),
		    t->account);
		attron(A_BOLD);
		draw_text(2, 1, COLS - 2, title);
		attroff(A_BOLD);
		runview_draw(t->run, c->step, 3, LINES - 2);
		return;
	}
	draw_header(c, s);
	draw_table(c);
	if (c->view == CV_DEBRIEF && t != NULL && t->run != NULL)
		draw_debrief(c, t);
	else if (c->view == CV_INJECT)
		draw_inject(c, t);
	else if (c->view == CV_SCENARIO)
		draw_scenario(c);
	else if (c->view == CV_MESSAGE)
		draw_message(c, t);
	else if (c->view == CV_RESTART && t != NULL) {
		char line[256];

		snprintf(line, sizeof(line), _("Restart %s's run? It is set aside (the "
		    "report lists it as restarted, not scored) and her screen begins a "
		    "new one at the first step. Enter restarts it, Esc does not."),
		    t->account);
		draw_center_box(_(" Restart a run "), 8, 60, &y, &x);
		draw_wrapped(y + 2, x + 2, 56, 4, line, 0);
	} else if (c->view == CV_END) {
		draw_center_box(_(" End the exercise "), 7, 60, &y, &x);
		draw_wrapped(y + 2, x + 2, 56, 3, _("End it for everyone? Their runs stay as "
		    "they are; the debrief reads them. Enter ends it, Esc does not."), 0);
	}
}

/* ---- Keys ---- */

static void move_step(struct class_screen *c, int dir);

/* The run view at the step the trainee is on (as of the last refresh:
 * each refresh moves it on while the view follows her). */
static void
show_current(struct class_screen *c)
{
	const struct debrief_trainee *t = selected(c);

	if (t == NULL || t->run == NULL)
		return;
	c->step = t->current >= 0 ? (size_t)t->current : 0;
	if (!run_step_visible(t->run, c->step))
		move_step(c, 1);
}

static void
move_step(struct class_screen *c, int dir)
{
	const struct debrief_trainee *t = selected(c);
	long i = (long)c->step, n;

	if (t == NULL || t->run == NULL)
		return;
	n = (long)routine_step_count(c->routine);
	for (i += dir; i >= 0 && i < n; i += dir)
		if (run_step_visible(t->run, (size_t)i)) {
			c->step = (size_t)i;
			return;
		}
}

static void
open_run(struct app *a, struct class_screen *c)
{
	const struct debrief_trainee *t = selected(c);

	if (t == NULL)
		return;
	if (t->run == NULL) {
		app_message(a, true, "%s", t->problem);
		return;
	}
	c->view = CV_RUN;
	c->follow = true;
	show_current(c);
}

static void
send_inject(struct app *a, struct class_screen *c)
{
	const struct debrief_trainee *t = selected(c);
	const struct xsession *s = session(c);
	const char *id = c->ex->injects[c->choice].id;
	struct log_error err;

	if (xsession_inject(a->rl.log, s, id, c->to_one && t != NULL ? t->account : NULL,
	    &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	c->view = CV_TABLE;
	if (c->to_one && t != NULL)
		app_message(a, false, _("Inject %s sent to %s."), id, t->account);
	else
		app_message(a, false, _("Inject %s sent to everyone."), id);
}

static void
end_session(struct app *a, struct class_screen *c)
{
	struct log_error err;
	size_t expired;

	c->view = CV_TABLE;
	if (xsession_end(a->rl.log, &c->st, session(c), &expired, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	else if (expired > 0)
		app_message(a, false, ngettext("The exercise is ended; %zu join code that "
		    "was never used no longer works.", "The exercise is ended; %zu join "
		    "codes that were never used no longer work.", expired), expired);
	else
		app_message(a, false, "%s", _("The exercise is ended; the trainees' screens "
		    "say so. The debrief: d, or rutin exercise report."));
	reload(a);
}

static void
pause_or_resume(struct app *a, struct class_screen *c)
{
	const struct xsession *s = session(c);
	bool pause = !xstate_paused(&c->st, s->id);
	struct log_error err;
	enum log_status ls;

	ls = pause ? xsession_pause(a->rl.log, &c->st, s, &err) :
	    xsession_resume(a->rl.log, &c->st, s, &err);
	if (ls != LOG_OK)
		app_message(a, true, "%s", err.message);
	else
		app_message(a, false, "%s", pause ? _("The class is paused: every "
		    "trainee's screen says so and takes no answer. p resumes it.") :
		    _("The class goes on."));
	reload(a);
}

static void
send_message(struct app *a, struct class_screen *c)
{
	const struct debrief_trainee *t = selected(c);
	char *text = input_utf8(&c->message);
	struct log_error err;

	if (xsession_message(a->rl.log, &c->st, session(c), text,
	    c->to_one && t != NULL ? t->account : NULL, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
	} else {
		c->view = CV_TABLE;
		input_clear(&c->message);
		if (c->to_one && t != NULL)
			app_message(a, false, _("Message sent to %s."), t->account);
		else
			app_message(a, false, "%s", _("Message sent to everyone."));
	}
	free(text);
}

static void
restart_run(struct app *a, struct class_screen *c)
{
	const struct debrief_trainee *t = selected(c);
	struct log_error err;

	c->view = CV_TABLE;
	if (t == NULL)
		return;
	if (xsession_restart(a->rl.log, &c->st, session(c), t->run_id, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	else
		app_message(a, false, _("%s's run is restarted: her screen begins a new "
		    "one."), t->account);
	reload(a);
}

/* Whether the trainer may steer the session now; says why not. */
static bool
steerable(struct app *a, const struct xsession *s)
{
	if (s != NULL && !s->ended)
		return true;
	app_message(a, true, "%s", _("The exercise has ended."));
	return false;
}

/* Moves the selection among the trainees shown; false for another key. */
static bool
table_move(struct class_screen *c, enum action act)
{
	int *list = xcalloc(c->d.count + 1, sizeof(*list));
	int n = (int)shown(c, list), pos = 0, i;
	bool moved;

	for (i = 0; i < n; i++)
		if (list[i] == c->selected)
			pos = i;
	moved = list_move(&pos, n, LINES - 8, act);
	if (moved && n > 0)
		c->selected = list[pos];
	free(list);
	return moved;
}

static void
table_key(struct app *a, struct class_screen *c, enum action act, enum term_event ev,
    wint_t ch)
{
	const struct xsession *s = session(c);

	if (list_find_key(&c->find, act, ev, ch)) {
		table_move(c, ACT_FIRST);
		return;
	}
	if (table_move(c, act))
		return;
	switch (act) {
	case ACT_SELECT:
		open_run(a, c);
		break;
	case ACT_DEBRIEF:
		if (selected(c) != NULL && selected(c)->run != NULL) {
			c->view = CV_DEBRIEF;
			c->scroll = 0;
		}
		break;
	case ACT_PAUSE_CLASS:
		if (steerable(a, s))
			pause_or_resume(a, c);
		break;
	case ACT_MESSAGE:
		if (steerable(a, s)) {
			c->view = CV_MESSAGE;
			c->to_one = false;
		}
		break;
	case ACT_RESTART:
		if (steerable(a, s) && selected(c) != NULL) {
			if (selected(c)->restarted != 0)
				app_message(a, true, "%s", _("This run was restarted already."));
			else
				c->view = CV_RESTART;
		}
		break;
	case ACT_ANSWERS:
		c->view = CV_ANSWERS;
		c->names = false;
		break;
	case ACT_INJECT:
		if (!steerable(a, s)) {
			break;
		} else if (c->ex->inject_count == 0) {
			app_message(a, true, "%s", _("This exercise has no injects."));
		} else {
			c->view = CV_INJECT;
			c->choice = 0;
			c->to_one = false;
		}
		break;
	case ACT_SCENARIO:
		c->view = CV_SCENARIO;
		c->scroll = 0;
		break;
	case ACT_END:
		if (s != NULL && s->ended)
			app_message(a, true, "%s", _("The exercise has ended already."));
		else if (s != NULL)
			c->view = CV_END;
		break;
	default:
		break;
	}
}

static void
message_key(struct app *a, struct class_screen *c, enum action act,
    enum term_event ev, wint_t ch)
{
	if (act == ACT_TAB)
		c->to_one = !c->to_one;
	else if (act == ACT_SELECT)
		send_message(a, c);
	else
		input_key(&c->message, ev, ch);
}

static void
answers_key(struct class_screen *c, enum action act, enum term_event ev)
{
	size_t n = c->ex->expectation_count;

	if ((act == ACT_DOWN || act == ACT_PAGE_DOWN) && c->question + 1 < n)
		c->question++;
	else if ((act == ACT_UP || act == ACT_PAGE_UP) && c->question > 0)
		c->question--;
	else if (act == ACT_TAB && ev == TERM_CHAR)
		c->names = !c->names;
}

static void
class_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct class_screen *c = C(a);

	(void)ch;
	if (c->ex == NULL)
		return;
	if (c->view == CV_TABLE) {
		table_key(a, c, act, ev, ch);
		return;
	}
	if (act == ACT_BACK) {
		c->view = CV_TABLE;
		return;
	}
	if (c->view == CV_MESSAGE) {
		message_key(a, c, act, ev, ch);
		return;
	}
	if (c->view == CV_ANSWERS) {
		answers_key(c, act, ev);
		return;
	}
	if (c->view == CV_RUN && (act == ACT_UP || act == ACT_DOWN)) {
		c->follow = false;
		move_step(c, act == ACT_UP ? -1 : 1);
	}
	else if ((c->view == CV_DEBRIEF || c->view == CV_SCENARIO) && act == ACT_DOWN)
		c->scroll++;
	else if ((c->view == CV_DEBRIEF || c->view == CV_SCENARIO) && act == ACT_UP &&
	    c->scroll > 0)
		c->scroll--;
	else if (c->view == CV_SCENARIO && act == ACT_SCENARIO)
		c->view = CV_TABLE;
	else if (c->view == CV_INJECT && act == ACT_UP && c->choice > 0)
		c->choice--;
	else if (c->view == CV_INJECT && act == ACT_DOWN &&
	    c->choice + 1 < (int)c->ex->inject_count)
		c->choice++;
	else if (c->view == CV_INJECT && ev == TERM_CHAR && act == ACT_TAB)
		c->to_one = !c->to_one;
	else if (c->view == CV_INJECT && act == ACT_SELECT)
		send_inject(a, c);
	else if (c->view == CV_END && act == ACT_SELECT)
		end_session(a, c);
	else if (c->view == CV_RESTART && act == ACT_SELECT)
		restart_run(a, c);
}

static void
class_tick(struct app *a)
{
	reload(a);
}

/* The trainee table's keys: its ends and / (not the other views'). */
static unsigned
class_more_keys(const struct app *a)
{
	return C_const(a)->view == CV_TABLE ? KEYS_ENDS | KEYS_FIND : 0;
}

static enum typing
class_typing(const struct app *a)
{
	const struct class_screen *c = C_const(a);

	if (c->view == CV_MESSAGE)
		return TYPING_ALL;
	return c->view == CV_TABLE && c->find.open ? TYPING_ALL : TYPING_NONE;
}

static struct input *
class_field(struct app *a, bool *multiline)
{
	struct class_screen *c = C(a);

	*multiline = false;
	if (c->view == CV_MESSAGE)
		return &c->message;
	return c->view == CV_TABLE && c->find.open ? &c->find.text : NULL;
}

static const struct hint class_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("choose") },
	{ ACT_SELECT, ACT_NONE, N_("run") },
	{ ACT_DEBRIEF, ACT_NONE, N_("debrief") },
	{ ACT_INJECT, ACT_NONE, N_("inject") },
	{ ACT_PAUSE_CLASS, ACT_NONE, N_("pause") },
	{ ACT_MESSAGE, ACT_NONE, N_("message") },
	{ ACT_ANSWERS, ACT_NONE, N_("answers") },
	{ ACT_END, ACT_NONE, N_("end") },
	HINTS_END
};


const struct screen_ops class_screen = {
	.name = "class",
	.state_size = sizeof(struct class_screen),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_FIELDS | KEYS_CLASS | KEYS_EXERCISE,
	.more_keys = class_more_keys,
	.hints = class_hints,
	.fini = class_fini,
	.enter = class_enter,
	.draw = class_draw,
	.tick = class_tick,
	.key = class_key,
	.typing = class_typing,
	.field = class_field,
};

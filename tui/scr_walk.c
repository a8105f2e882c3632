/* Walking a routine: the outline of steps beside the selected step, and
 * the finish screen. Every change goes through the run engine, which logs
 * it before anything is shown as done. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "tui/app.h"

#define OUTLINE_WIDTH 32

static const struct step *
current_step(struct app *a)
{
	return routine_step(run_routine(a->run), (size_t)a->step);
}

/* The mark beside a step in the outline. */
static const char *
step_mark(struct app *a, size_t i)
{
	bool u = term_utf8();

	if (run_step_halts(a->run, i))
		return u ? "■" : "S";
	/* A critical step left open is only a deviation at the end; a
	 * skipped one is one now. */
	if (run_step_is_deviation(a->run, i) &&
	    run_step_status(a->run, i) == STEP_SKIPPED)
		return "!";
	switch (run_step_status(a->run, i)) {
	case STEP_ANSWERED: return u ? "✓" : "x";
	case STEP_NOT_APPLICABLE: return u ? "∅" : "/";
	case STEP_SKIPPED: return u ? "–" : "-";
	case STEP_PENDING: break;
	}
	return u ? "·" : ".";
}

/* After every change: go where the caseworker is needed, and show a stop
 * that halts the routine. */
static void
advance(struct app *a)
{
	long cur = run_current(a->run);

	if (cur >= 0)
		a->step = (int)cur;
	if (cur >= 0 && run_step_halts(a->run, (size_t)cur))
		a->modal = MODAL_STOP;
	else if (a->modal == MODAL_STOP)
		a->modal = MODAL_NONE;
}

void
walk_enter(struct app *a)
{
	a->screen = SCR_WALK;
	a->step = 0;
	a->modal = MODAL_NONE;
	advance(a);
	if (run_current(a->run) < 0) {
		size_t i;

		for (i = 0; i < routine_step_count(run_routine(a->run)); i++)
			if (run_step_visible(a->run, i)) {
				a->step = (int)i;
				break;
			}
	}
}

const char *
walk_answer_hint(struct app *a)
{
	const struct step *s = routine_step(run_routine(a->run), (size_t)a->step);

	if (s != NULL && s->kind == STEP_DATE)
		return _("That is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01 "
		    "(a day that exists).");
	return NULL;
}

/* The automatic seal at the end of a run (seal_on_complete). */
static void
seal_after_run(struct app *a)
{
	char line[LOG_SEAL_LEN], why[512];

	if (!seal_send(a->rl.log, &a->opt.seals, line, why, sizeof(why)))
		app_message(a, true, _("The run is completed and logged, but sealing "
		    "failed: %s"), why);
	else
		app_message(a, false, "%s", _("The run is completed, logged and sealed."));
}

static void
show_error(struct app *a, enum run_error e)
{
	if (e == RUN_E_LOG)
		app_message(a, true, "%s: %s", run_error_message(e), a->rl.error.message);
	else
		app_message(a, true, "%s", run_error_message(e));
}

static void
answer(struct app *a, const char *value)
{
	enum run_error e;

	a->rl.retracted = 0;
	e = run_answer(a->run, current_step(a)->id, value, 0, NULL);
	if (e != RUN_OK) {
		show_error(a, e);
		return;
	}
	/* A changed answer can hide later steps: say what was undone. */
	if (a->rl.retracted > 0)
		app_message(a, false, _("Saved. %d later step(s) no longer apply: their "
		    "answers were retracted (logged)."), a->rl.retracted);
	else
		app_message(a, false, "%s", _("Saved in the log."));
	advance(a);
}

void
walk_pause_and_leave(struct app *a)
{
	if (run_status(a->run) == RUN_ACTIVE && run_pause(a->run) != RUN_OK) {
		app_message(a, true, "%s: %s", run_error_message(RUN_E_LOG),
		    a->rl.error.message);
	} else {
		app_message(a, false, "%s", _("The run is paused; choose it to resume."));
	}
	if (a->rl.log != NULL)
		log_run_release(a->rl.log, a->rl.run_id);
	run_free(&a->run);
	a->modal = MODAL_NONE;
	if (a->rl.log != NULL) {
		char keep[sizeof(a->message)];

		snprintf(keep, sizeof(keep), "%s", a->message);
		home_enter(a);
		snprintf(a->message, sizeof(a->message), "%s", keep);
	}
}

enum run_error
walk_submit(struct app *a, const char *text, unsigned flags, struct guard_result *g)
{
	const char *id = current_step(a)->id;
	enum run_error e;

	switch (a->purpose) {
	case FOR_NOTE: e = run_note(a->run, id, text, flags, g); break;
	case FOR_SKIP: e = run_skip(a->run, id, text, flags, g); break;
	case FOR_NA: e = run_not_applicable(a->run, id, text, flags, g); break;
	case FOR_DEVIATION: e = run_deviation(a->run, id, text, flags, g); break;
	case FOR_ANSWER: e = run_answer(a->run, id, text, flags, g); break;
	case FOR_ABORT: e = run_abort(a->run, text, flags, g); break;
	default: return RUN_E_STATE;
	}
	if (e != RUN_OK)
		return e;
	a->modal = MODAL_NONE;
	app_message(a, false, "%s", _("Saved in the log."));
	if (a->purpose != FOR_NOTE && a->purpose != FOR_DEVIATION)
		advance(a);
	return RUN_OK;
}

static void
move_step(struct app *a, int dir, int count)
{
	int n = (int)routine_step_count(run_routine(a->run)), i = a->step;

	while (count-- > 0) {
		int j = i + dir;

		while (j >= 0 && j < n && !run_step_visible(a->run, (size_t)j))
			j += dir;
		if (j < 0 || j >= n)
			break;
		i = j;
	}
	a->step = i;
}

/* The answers a yesno or choice step offers, for the picker. */
static size_t
choice_options(const struct step *s, const char **ids, const char **labels, size_t max)
{
	size_t i;

	if (s->kind == STEP_YESNO) {
		ids[0] = ANSWER_YES, labels[0] = _("Yes (ja)");
		ids[1] = ANSWER_NO, labels[1] = _("No (nej)");
		return 2;
	}
	for (i = 0; i < s->option_count && i < max; i++) {
		ids[i] = s->options[i].id;
		labels[i] = s->options[i].label;
	}
	return i;
}

void
walk_choice_done(struct app *a)
{
	const char *ids[64], *labels[64];
	size_t n = choice_options(current_step(a), ids, labels, 64);

	a->modal = MODAL_NONE;
	if (a->choice >= 0 && (size_t)a->choice < n)
		answer(a, ids[a->choice]);
}

static void
open_answer(struct app *a)
{
	const struct step *s = current_step(a);
	const char *v = run_step_status(a->run, (size_t)a->step) == STEP_ANSWERED ?
	    run_step_value(a->run, (size_t)a->step) : NULL;

	switch (s->kind) {
	case STEP_CHECK:
		answer(a, ANSWER_YES);
		break;
	case STEP_YESNO:
	case STEP_CHOICE: {
		const char *ids[64], *labels[64];
		size_t n = choice_options(s, ids, labels, 64), i;

		a->choice = 0;
		for (i = 0; v != NULL && i < n; i++)
			if (strcmp(ids[i], v) == 0)
				a->choice = (int)i;
		a->modal = MODAL_CHOICE;
		break;
	}
	case STEP_TEXT:
		app_prompt(a, FOR_ANSWER, _("Your answer (no personal identity numbers)"), v);
		break;
	case STEP_DATE:
		app_prompt(a, FOR_ANSWER, _("Date, YYYY-MM-DD"), v);
		break;
	}
}

void
walk_key(struct app *a, enum action act)
{
	const struct step *s = current_step(a);

	if (a->modal == MODAL_STOP) {
		if (act == ACT_SELECT) {
			enum run_error e = run_acknowledge_stop(a->run, s->id);

			a->modal = MODAL_NONE;
			if (e != RUN_OK)
				show_error(a, e);
			else
				app_message(a, false, "%s", _("Acknowledged and logged."));
		} else if (act == ACT_BACK) {
			a->modal = MODAL_NONE;
			move_step(a, -1, 1);
		}
		return;
	}
	if (a->modal == MODAL_CHOICE) {
		const char *ids[64], *labels[64];
		int n = (int)choice_options(s, ids, labels, 64);

		if (act == ACT_UP && a->choice > 0)
			a->choice--;
		else if (act == ACT_DOWN && a->choice + 1 < n)
			a->choice++;
		else if (act == ACT_SELECT)
			walk_choice_done(a);
		else if (act == ACT_BACK)
			a->modal = MODAL_NONE;
		return;
	}
	switch (act) {
	case ACT_UP: move_step(a, -1, 1); break;
	case ACT_DOWN: move_step(a, 1, 1); break;
	case ACT_PAGE_UP: move_step(a, -1, 10); break;
	case ACT_PAGE_DOWN: move_step(a, 1, 10); break;
	case ACT_SELECT:
		if (run_step_halts(a->run, (size_t)a->step))
			a->modal = MODAL_STOP;
		else
			open_answer(a);
		break;
	case ACT_YES:
		if (s->kind == STEP_YESNO || s->kind == STEP_CHECK)
			answer(a, ANSWER_YES);
		else
			app_message(a, true, "%s", _("y is for yes/no and check steps; "
			    "Enter opens this step's options or text."));
		break;
	case ACT_NO:
		if (s->kind == STEP_YESNO)
			answer(a, ANSWER_NO);
		else if (s->kind == STEP_CHECK)
			app_message(a, true, "%s", _("A check has no \"no\": Enter marks it "
			    "done, x not applicable, s skips it."));
		else
			app_message(a, true, "%s", _("n is for yes/no steps; Enter opens "
			    "this step's options or text."));
		break;
	case ACT_SKIP:
		app_prompt(a, FOR_SKIP, _("Why is the step skipped (not assessed)?"), "");
		break;
	case ACT_NOT_APPLICABLE:
		app_prompt(a, FOR_NA, _("Why does the step not apply?"), "");
		break;
	case ACT_NOTE:
		app_prompt(a, FOR_NOTE, _("Note on this step"), "");
		break;
	case ACT_DEVIATION:
		if (run_step_is_deviation(a->run, (size_t)a->step))
			app_prompt(a, FOR_DEVIATION, _("Reason for the deviation"),
			    run_step_deviation(a->run, (size_t)a->step));
		else
			app_message(a, true, "%s", _("Only a critical step that is skipped or "
			    "unanswered is a deviation."));
		break;
	case ACT_INFO:
		a->modal = MODAL_INFO;
		a->help_scroll = 0;
		break;
	case ACT_FINISH:
		a->screen = SCR_FINISH;
		a->finish_selected = 0;
		break;
	case ACT_BACK:
		walk_pause_and_leave(a);
		break;
	default:
		break;
	}
}

/* ---- Drawing ---- */

static void
draw_outline(struct app *a, int top, int bottom)
{
	const struct routine *r = run_routine(a->run);
	size_t i, sec = (size_t)-1;
	int y = top, rows = 0, first = 0;

	/* Count rows up to the selected step, to scroll it into view. */
	for (i = 0; i < routine_step_count(r) && (int)i <= a->step; i++) {
		if (!run_step_visible(a->run, i))
			continue;
		if (routine_step(r, i)->section != sec) {
			rows++;
			sec = routine_step(r, i)->section;
		}
		rows++;
	}
	if (rows > bottom - top)
		first = rows - (bottom - top);
	sec = (size_t)-1;
	rows = 0;
	for (i = 0; i < routine_step_count(r) && y < bottom; i++) {
		const struct step *s = routine_step(r, i);
		char line[256];

		if (!run_step_visible(a->run, i))
			continue;
		if (s->section != sec) {
			sec = s->section;
			if (rows++ >= first) {
				draw_wrapped(y, 1, OUTLINE_WIDTH - 2, 1,
				    routine_section(r, sec)->title, A_BOLD);
				y++;
			}
		}
		if (rows++ < first || y >= bottom)
			continue;
		snprintf(line, sizeof(line), "%s %s", step_mark(a, i), s->prompt);
		draw_row(y++, 1, OUTLINE_WIDTH - 1, line, (int)i == a->step);
	}
}

static int
count_visible(struct app *a, int upto, int *total)
{
	size_t i, n = routine_step_count(run_routine(a->run));
	int pos = 0;

	*total = 0;
	for (i = 0; i < n; i++)
		if (run_step_visible(a->run, i)) {
			(*total)++;
			if ((int)i <= upto)
				pos++;
		}
	return pos;
}

static void
draw_step(struct app *a, int top, int bottom)
{
	const struct routine *r = run_routine(a->run);
	const struct step *s = current_step(a);
	size_t i = (size_t)a->step, k;
	int x = OUTLINE_WIDTH + 2, w = COLS - x - 1, y = top, total;
	char line[1024];
	const char *v = run_step_value(a->run, i);

	int pos = count_visible(a, a->step, &total);

	/* Where the step is and whether it is critical come first: the
	 * section's title is what gives way on a narrow screen. */
	snprintf(line, sizeof(line), _("Step %d of %d%s · %s"), pos, total,
	    s->critical ? _(" · critical") : "", routine_section(r, s->section)->title);
	attron(term_attr(PAIR_DIM));
	draw_text(y++, x, w, line);
	attroff(term_attr(PAIR_DIM));
	y++;
	y += draw_wrapped(y, x, w, 5, s->prompt, A_BOLD);
	y++;
	switch (run_step_status(a->run, i)) {
	case STEP_ANSWERED:
		if (s->kind == STEP_CHOICE)
			for (k = 0; k < s->option_count; k++)
				if (strcmp(s->options[k].id, v) == 0)
					v = s->options[k].label;
		snprintf(line, sizeof(line), _("Answer: %s"),
		    s->kind == STEP_CHECK ? _("done") : strcmp(v, ANSWER_YES) == 0 ?
		    _("yes") : strcmp(v, ANSWER_NO) == 0 ? _("no") : v);
		y += draw_wrapped(y, x, w, 3, line, term_attr(PAIR_OK));
		break;
	case STEP_NOT_APPLICABLE:
		snprintf(line, sizeof(line), _("Not applicable: %s"), v);
		y += draw_wrapped(y, x, w, 3, line, 0);
		break;
	case STEP_SKIPPED:
		snprintf(line, sizeof(line), _("Skipped: %s"), v);
		y += draw_wrapped(y, x, w, 3, line, term_attr(PAIR_WARN));
		break;
	case STEP_PENDING:
		snprintf(line, sizeof(line), "%s", s->kind == STEP_CHECK ?
		    _("Not done yet: Enter marks it done.") : s->kind == STEP_YESNO ?
		    _("Not answered: y yes, n no, or Enter.") : s->kind == STEP_CHOICE ?
		    _("Not answered: Enter to choose.") : s->kind == STEP_DATE ?
		    _("Not answered: Enter to give a date.") : _("Not answered: Enter to write."));
		y += draw_wrapped(y, x, w, 2, line, 0);
		break;
	}
	if (run_step_is_deviation(a->run, i) &&
	    (run_step_status(a->run, i) == STEP_SKIPPED ||
	    run_step_deviation(a->run, i) != NULL)) {
		const char *dev = run_step_deviation(a->run, i);

		if (dev != NULL)
			snprintf(line, sizeof(line), _("Deviation: %s"), dev);
		else
			snprintf(line, sizeof(line), "%s", _("Deviation: a reason is needed (d)."));
		y += draw_wrapped(y, x, w, 3, line, term_attr(PAIR_ERROR));
	}
	for (k = 0; k < run_note_count(a->run) && y < bottom; k++) {
		size_t at;
		const char *note = run_note_text(a->run, k, &at);

		if (at != i)
			continue;
		snprintf(line, sizeof(line), _("Note: %s"), note);
		y += draw_wrapped(y, x, w, bottom - y, line, term_attr(PAIR_DIM));
	}
	if (s->help != NULL && y + 1 < bottom)
		draw_wrapped(y + 1, x, w, 1, _("i: why this step matters, and its references"),
		    term_attr(PAIR_DIM));
}

static void
draw_center_box(const char *title, int h, int w, int *y, int *x)
{
	*y = (LINES - h) / 2;
	*x = (COLS - w) / 2;
	draw_box(*y, *x, h, w, title);
}

static void
draw_modal(struct app *a)
{
	const struct step *s = current_step(a);
	const struct routine *r = run_routine(a->run);
	int y, x, h, w = COLS - 10, row;
	size_t k;

	if (a->modal == MODAL_STOP) {
		draw_center_box(_(" STOP "), 9, w, &y, &x);
		attron(term_attr(PAIR_ERROR));
		draw_wrapped(y + 2, x + 2, w - 4, 4, s->stop, A_BOLD);
		attroff(term_attr(PAIR_ERROR));
		draw_wrapped(y + 7, x + 2, w - 4, 1, _("Enter: acknowledged (logged) · Esc: back"), 0);
	} else if (a->modal == MODAL_CHOICE) {
		const char *ids[64], *labels[64];
		size_t n = choice_options(s, ids, labels, 64);

		h = (int)n + 4;
		draw_center_box(_(" Choose the answer "), h, w, &y, &x);
		for (k = 0; k < n; k++) {
			if ((int)k == a->choice)
				attron(term_attr(PAIR_SELECTED));
			mvhline(y + 2 + (int)k, x + 2, ' ', w - 4);
			draw_wrapped(y + 2 + (int)k, x + 3, w - 6, 1, labels[k], 0);
			if ((int)k == a->choice)
				attroff(term_attr(PAIR_SELECTED));
		}
	} else if (a->modal == MODAL_INFO) {
		h = LINES - 6;
		draw_center_box(_(" About this step (Esc closes) "), h, w, &y, &x);
		row = y + 2;
		row += draw_wrapped(row, x + 2, w - 4, h - 6, s->help ? s->help :
		    _("This step has no help text."), 0);
		row++;
		for (k = 0; k < s->ref_count && row < y + h - 1; k++)
			row += draw_wrapped(row, x + 2, w - 4, 1,
			    routine_ref(r, s->refs[k])->text, term_attr(PAIR_DIM));
	}
}

void
walk_draw(struct app *a)
{
	const struct routine *r = run_routine(a->run);
	char title[512];
	int top = 3;

	/* The case reference first: it must always be seen. */
	snprintf(title, sizeof(title), "%s · %s", run_case_ref(a->run), routine_title(r));
	app_draw_frame(a, title);
	draw_vline(top, OUTLINE_WIDTH, LINES - 2 - top);
	draw_outline(a, top, LINES - 2);
	draw_step(a, top, LINES - 2);
	draw_modal(a);
}

/* ---- Finish ---- */

void
finish_draw(struct app *a)
{
	struct run_blocker b[64];
	struct run_summary sum;
	size_t n = run_blockers(a->run, b, 64), i;
	char line[512];
	int y = 3;

	run_summarize(a->run, &sum);
	snprintf(line, sizeof(line), "%s · %s", _("Finish"), routine_title(run_routine(a->run)));
	app_draw_frame(a, line);
	snprintf(line, sizeof(line), _("Steps shown: %zu · done: %zu · not applicable: %zu · "
	    "skipped: %zu · open: %zu"), sum.visible, sum.answered, sum.not_applicable,
	    sum.skipped, sum.pending);
	y += draw_wrapped(y, 2, COLS - 4, 2, line, A_BOLD);
	snprintf(line, sizeof(line), _("Deviations: %zu · notes: %zu · time spent: %lld min"),
	    sum.deviations, sum.notes, (long long)(sum.active_ms / 60000));
	y += draw_wrapped(y, 2, COLS - 4, 2, line, sum.deviations ? term_attr(PAIR_WARN) : 0);
	y++;
	if (n == 0) {
		draw_wrapped(y, 2, COLS - 4, 2, _("Everything needed is done. f completes the "
		    "run and logs it."), term_attr(PAIR_OK));
		return;
	}
	draw_wrapped(y++, 2, COLS - 4, 1, _("Before the run can be completed:"), A_BOLD);
	if (a->finish_selected >= (int)n)
		a->finish_selected = (int)n - 1;
	for (i = 0; i < n && i < 64 && y < LINES - 3; i++, y++) {
		const struct step *s = routine_step(run_routine(a->run), b[i].step);
		const char *why = b[i].kind == BLOCK_STOP ? _("stop not acknowledged") :
		    b[i].kind == BLOCK_NO_REASON ? _("deviation: give a reason (Enter)") :
		    _("not answered (required)");

		snprintf(line, sizeof(line), "%s – %s", why, s->prompt);
		draw_row(y, 2, COLS - 4, line, (int)i == a->finish_selected);
	}
}

void
finish_key(struct app *a, enum action act)
{
	struct run_blocker b[64];
	size_t n = run_blockers(a->run, b, 64);
	enum run_error e;

	switch (act) {
	case ACT_UP:
		if (a->finish_selected > 0)
			a->finish_selected--;
		break;
	case ACT_DOWN:
		if (a->finish_selected + 1 < (int)n)
			a->finish_selected++;
		break;
	case ACT_SELECT:
	case ACT_DEVIATION:
		if (n == 0)
			break;
		a->step = (int)b[a->finish_selected].step;
		if (b[a->finish_selected].kind == BLOCK_NO_REASON) {
			app_prompt(a, FOR_DEVIATION, _("Reason for the deviation"), "");
		} else {
			a->screen = SCR_WALK;
			if (b[a->finish_selected].kind == BLOCK_STOP)
				a->modal = MODAL_STOP;
		}
		break;
	case ACT_FINISH:
		e = run_complete(a->run);
		if (e != RUN_OK) {
			show_error(a, e);
			break;
		}
		run_free(&a->run);
		log_run_release(a->rl.log, a->rl.run_id);
		home_enter(a);
		app_message(a, false, "%s", _("The run is completed and logged."));
		if (a->opt.seal_on_complete)
			seal_after_run(a);
		break;
	case ACT_BACK:
		a->screen = SCR_WALK;
		break;
	default:
		break;
	}
}

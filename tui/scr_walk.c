/* Walking a routine: the run drawn by runview beside its boxes (a stop to
 * acknowledge, the answers to choose from, the step's help). Every change
 * goes through the run engine, which logs it before anything is shown as
 * done. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "runlog/review.h"
#include "runlog/words.h"
#include "tui/app.h"
#include "tui/cosign.h"
#include "tui/draw.h"
#include "tui/runview.h"
#include "tui/xplay.h"

/* The walk's own boxes, over its steps (help may open over them). */
enum box { BOX_NONE, BOX_STOP, BOX_CHOICE, BOX_INFO, BOX_RETURN, BOX_SECOND };

struct walk {
	size_t step;             /* the selected step */
	enum box box;
	int choice;              /* BOX_CHOICE: the highlighted answer */
	int info_scroll;
	struct review_note note; /* the run's last review: a return is shown */
	struct cosign *cosign;   /* BOX_SECOND: the second person's box */
	int64_t seen_seq;        /* the log's newest event the run was read at */
};

/* What a prompt of the walk is for. */
enum { FOR_NOTE, FOR_SKIP, FOR_NA, FOR_DEVIATION, FOR_ANSWER };

static struct walk *
W(struct app *a)
{
	return app_state(a, SCR_WALK);
}

static const struct step *
current_step(struct app *a)
{
	return routine_step(run_routine(a->run), W(a)->step);
}

/* After every change: go where the caseworker is needed, and show a stop
 * that halts the routine. */
static void
advance(struct app *a)
{
	struct walk *w = W(a);
	long cur = run_current(a->run);

	if (cur >= 0)
		w->step = (size_t)cur;
	if (cur >= 0 && run_step_halts(a->run, (size_t)cur))
		w->box = BOX_STOP;
	else if (w->box == BOX_STOP)
		w->box = BOX_NONE;
	xplay_step(a); /* an exercise's inject at this step */
}

static void
first_visible(struct app *a)
{
	size_t i;

	for (i = 0; i < routine_step_count(run_routine(a->run)); i++)
		if (run_step_visible(a->run, i)) {
			W(a)->step = i;
			return;
		}
}

/* Opens where a->goto_step says: a run started or resumed where it
 * needs her; back from finish, at the step finish chose or where she was. */
static void
walk_enter(struct app *a)
{
	struct walk *w = W(a);
	struct log_error err;

	w->box = BOX_NONE;
	w->seen_seq = log_last_seq(a->rl.log);
	app_reread_second(a); /* confirmed meanwhile, from her own session? */
	/* A run returned to her: the comment stays on screen while she
	 * corrects it (a training run has no review). */
	if (review_last(a->rl.log, a->rl.run_id, &w->note, &err) != LOG_OK)
		memset(&w->note, 0, sizeof(w->note));
	if (a->goto_step >= 0) {
		w->step = (size_t)a->goto_step;
		if (run_step_halts(a->run, w->step))
			w->box = BOX_STOP;
	} else if (a->goto_step == WALK_AT_CURRENT) {
		w->step = 0;
		advance(a);
		if (run_current(a->run) < 0)
			first_visible(a);
	}
	a->goto_step = WALK_AT_CURRENT;
	xplay_step(a);
}

/* The answer just given needs a second person: the box asks for her
 * here (Esc lets the step wait for her own session). */
static bool
ask_second(struct app *a)
{
	struct walk *w = W(a);

	if (!run_step_awaits_second(a->run, w->step))
		return false;
	cosign_close(&w->cosign);
	if ((w->cosign = cosign_open(a, w->step)) == NULL)
		return false;
	w->box = BOX_SECOND;
	return true;
}

static void
second_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct walk *w = W(a);

	if (cosign_key(a, w->cosign, act, ev, ch))
		return;
	cosign_close(&w->cosign);
	w->box = BOX_NONE;
	advance(a);
}

/* Another session confirmed a step of this run (her own, later): the run
 * is read again, so the walk shows it and completing it counts it. */
static void
reread_if_confirmed(struct app *a)
{
	struct walk *w = W(a);
	int64_t last = log_last_seq(a->rl.log);

	if (last <= w->seen_seq || w->box == BOX_SECOND)
		return;
	w->seen_seq = last;
	app_reread_second(a);
}

static void
answer(struct app *a, const char *value)
{
	enum run_error e;

	if (run_step_holds(a->run, current_step(a)->id, value)) {
		app_message(a, false, "%s", _("Unchanged: that is already the answer "
		    "(nothing logged)."));
		advance(a);
		return;
	}
	e = run_answer(a->run, current_step(a)->id, value, 0, NULL);
	if (e == RUN_E_CONTRADICTS) {
		app_confirm_answer(a, FOR_ANSWER, value,
		    run_contradiction(a->run, current_step(a)->id, value));
		return;
	}
	if (e != RUN_OK) {
		app_run_error(a, e);
		return;
	}
	/* A changed answer can hide later steps: say what was undone. */
	if (run_retracted(a->run) > 0)
		app_message(a, false, _("Saved. %zu later step(s) no longer apply: their "
		    "answers were retracted (logged)."), run_retracted(a->run));
	else
		app_message(a, false, "%s", _("Saved in the log."));
	if (ask_second(a))
		return;
	advance(a);
}

static enum run_error
walk_submit(struct app *a, int purpose, const char *text, unsigned flags,
    struct guard_result *g, const char **hint)
{
	const struct step *s = current_step(a);
	enum run_error e;

	switch (purpose) {
	case FOR_NOTE: e = run_note(a->run, s->id, text, flags, g); break;
	case FOR_SKIP: e = run_skip(a->run, s->id, text, flags, g); break;
	case FOR_NA: e = run_not_applicable(a->run, s->id, text, flags, g); break;
	case FOR_DEVIATION: e = run_deviation(a->run, s->id, text, flags, g); break;
	case FOR_ANSWER: e = run_answer(a->run, s->id, text, flags, g); break;
	default: return RUN_E_STATE;
	}
	if (e == RUN_E_REFUSED)
		xplay_guard_refused(a, s->id, g);
	if (e == RUN_E_ANSWER && s->kind == STEP_DATE)
		*hint = _("That is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01 "
		    "(a day that exists).");
	if (e != RUN_OK)
		return e;
	app_message(a, false, "%s", _("Saved in the log."));
	if (purpose != FOR_NOTE && purpose != FOR_DEVIATION)
		advance(a);
	return RUN_OK;
}

static void
move_step(struct app *a, int dir, int count)
{
	int n = (int)routine_step_count(run_routine(a->run)), i = (int)W(a)->step;

	while (count-- > 0) {
		int j = i + dir;

		while (j >= 0 && j < n && !run_step_visible(a->run, (size_t)j))
			j += dir;
		if (j < 0 || j >= n)
			break;
		i = j;
	}
	W(a)->step = (size_t)i;
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

static void
open_answer(struct app *a)
{
	struct walk *w = W(a);
	const struct step *s = current_step(a);
	const char *v = run_step_status(a->run, w->step) == STEP_ANSWERED ?
	    run_step_value(a->run, w->step) : NULL;

	switch (s->kind) {
	case STEP_CHECK:
		answer(a, ANSWER_YES);
		break;
	case STEP_YESNO:
	case STEP_CHOICE: {
		const char *ids[64], *labels[64];
		size_t n = choice_options(s, ids, labels, 64), i;

		w->choice = 0;
		for (i = 0; v != NULL && i < n; i++)
			if (strcmp(ids[i], v) == 0)
				w->choice = (int)i;
		w->box = BOX_CHOICE;
		break;
	}
	case STEP_TEXT:
		/* A text answer keeps its line breaks, as a note does: one
		 * behaviour for every free text. */
		app_prompt(a, FOR_ANSWER, _("Your answer (no personal identity numbers)"), v,
		    PROMPT_MULTILINE);
		break;
	case STEP_DATE:
		app_prompt(a, FOR_ANSWER, _("Date, YYYY-MM-DD"), v, 0);
		break;
	}
}

/* ---- Keys, in a box or on the steps ---- */

static void
stop_key(struct app *a, enum action act)
{
	enum run_error e;

	if (act == ACT_SELECT) {
		e = run_acknowledge_stop(a->run, current_step(a)->id);
		W(a)->box = BOX_NONE;
		if (e != RUN_OK)
			app_run_error(a, e);
		else
			app_message(a, false, "%s", _("Acknowledged and logged."));
	} else if (act == ACT_BACK) {
		W(a)->box = BOX_NONE;
		move_step(a, -1, 1);
	}
}

/* A choice step's option that y or n answers: the one with the id "ja"
 * or "yes" (y), "nej" or "no" (n), so that Ja / Vet inte / Nej takes the
 * keys a yes/no step does; NULL when there is none. */
static const char *
yes_no_option(const struct step *s, bool yes)
{
	static const char *const ids[2][2] = { { "nej", "no" }, { "ja", "yes" } };
	size_t k, i;

	if (s == NULL || s->kind != STEP_CHOICE)
		return NULL;
	for (k = 0; k < s->option_count; k++)
		for (i = 0; i < 2; i++)
			if (strcmp(s->options[k].id, ids[yes][i]) == 0)
				return s->options[k].id;
	return NULL;
}

static void
choice_key(struct app *a, enum action act)
{
	struct walk *w = W(a);
	const char *ids[64], *labels[64];
	int n = (int)choice_options(current_step(a), ids, labels, 64);

	if (act == ACT_UP && w->choice > 0) {
		w->choice--;
	} else if (act == ACT_DOWN && w->choice + 1 < n) {
		w->choice++;
	} else if (act == ACT_SELECT) {
		w->box = BOX_NONE;
		if (w->choice >= 0 && w->choice < n)
			answer(a, ids[w->choice]);
	} else if ((act == ACT_YES || act == ACT_NO) &&
	    yes_no_option(current_step(a), act == ACT_YES) != NULL) {
		w->box = BOX_NONE;
		answer(a, yes_no_option(current_step(a), act == ACT_YES));
	} else if (act == ACT_BACK) {
		w->box = BOX_NONE;
	}
}

static void
info_key(struct app *a, enum action act)
{
	struct walk *w = W(a);

	if (act == ACT_DOWN)
		w->info_scroll++;
	else if (act == ACT_UP && w->info_scroll > 0)
		w->info_scroll--;
	else if (act == ACT_BACK || act == ACT_SELECT)
		w->box = BOX_NONE;
}

static void
yes_no_key(struct app *a, enum action act)
{
	const struct step *s = current_step(a);
	const char *option = yes_no_option(s, act == ACT_YES);

	if (option != NULL)
		answer(a, option);
	else if (act == ACT_YES && (s->kind == STEP_YESNO || s->kind == STEP_CHECK))
		answer(a, ANSWER_YES);
	else if (act == ACT_YES)
		app_message(a, true, "%s", _("y is for yes/no and check steps; "
		    "Enter opens this step's options or text."));
	else if (s->kind == STEP_YESNO)
		answer(a, ANSWER_NO);
	else if (s->kind == STEP_CHECK)
		app_message(a, true, "%s", _("A check has no \"no\": Enter marks it "
		    "done, x not applicable, s skips it."));
	else
		app_message(a, true, "%s", _("n is for yes/no steps; Enter opens "
		    "this step's options or text."));
}

static bool
returned(const struct walk *w)
{
	return w->note.any && w->note.returned;
}

static void
walk_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct walk *w = W(a);

	if (w->box != BOX_SECOND && xplay_key(a, act)) /* an exercise's inject or scenario */
		return;
	switch (w->box) {
	case BOX_STOP: stop_key(a, act); return;
	case BOX_CHOICE: choice_key(a, act); return;
	case BOX_INFO: info_key(a, act); return;
	case BOX_RETURN:
		if (act == ACT_BACK || act == ACT_SELECT || act == ACT_COMMENT)
			w->box = BOX_NONE;
		return;
	case BOX_SECOND: second_key(a, act, ev, ch); return;
	case BOX_NONE: break;
	}
	switch (act) {
	case ACT_UP: move_step(a, -1, 1); break;
	case ACT_DOWN: move_step(a, 1, 1); break;
	case ACT_PAGE_UP: move_step(a, -1, 10); break;
	case ACT_PAGE_DOWN: move_step(a, 1, 10); break;
	case ACT_SELECT:
		if (run_step_halts(a->run, w->step))
			w->box = BOX_STOP;
		else
			open_answer(a);
		break;
	case ACT_YES:
	case ACT_NO:
		yes_no_key(a, act);
		break;
	case ACT_SKIP:
		app_prompt(a, FOR_SKIP, _("Why is the step skipped (not assessed)?"), "", 0);
		break;
	case ACT_NOT_APPLICABLE:
		app_prompt(a, FOR_NA, _("Why does the step not apply?"), "", 0);
		break;
	case ACT_NOTE:
		app_prompt(a, FOR_NOTE, _("Note on this step"), "", PROMPT_MULTILINE);
		break;
	case ACT_DEVIATION:
		if (run_step_is_deviation(a->run, w->step))
			app_prompt(a, FOR_DEVIATION, _("Reason for the deviation"),
			    run_step_deviation(a->run, w->step), 0);
		else
			app_message(a, true, "%s", _("Only a critical step that is skipped or "
			    "unanswered is a deviation."));
		break;
	case ACT_INFO:
		w->box = BOX_INFO;
		w->info_scroll = 0;
		break;
	case ACT_COMMENT: /* a key only while the run is a returned one */
		w->box = BOX_RETURN;
		break;
	case ACT_SECOND:
		if (!ask_second(a))
			app_message(a, true, "%s", run_step_second(a->run, w->step) ==
			    SECOND_NONE ? _("This step needs no second person.") :
			    _("A second person confirms an answer: this step has none to "
			    "confirm now, or it is confirmed already."));
		break;
	case ACT_FINISH:
		app_go(a, SCR_FINISH);
		break;
	case ACT_BACK:
		app_leave_run(a);
		break;
	default:
		break;
	}
}

/* Whether a step of the run asks for a second person. */
static bool
asks_second(const struct run *run)
{
	size_t i;

	for (i = 0; run != NULL && i < routine_step_count(run_routine(run)); i++)
		if (run_step_second(run, i) != SECOND_NONE)
			return true;
	return false;
}

/* In an exercise, F5 shows the scenario; in a returned run, c the
 * supervisor's comment; in a run with a step that asks for a second
 * person, 2 lets her confirm here. */
static unsigned
walk_more_keys(const struct app *a)
{
	const struct walk *w = app_state_const(a, SCR_WALK);

	return (a->x != NULL ? KEYS_EXERCISE : 0) | (returned(w) ? KEYS_RETURNED : 0) |
	    (asks_second(a->run) ? KEYS_SECOND : 0) |
	    (w->box == BOX_SECOND ? KEYS_FIELDS : 0);
}

static void
walk_tick(struct app *a)
{
	xplay_tick(a);
	if (a->run != NULL)
		reread_if_confirmed(a);
}

/* The second person's box takes text; the walk's letters are keys. */
static enum typing
walk_typing(const struct app *a)
{
	const struct walk *w = app_state_const(a, SCR_WALK);

	return w->box == BOX_SECOND ? cosign_typing(w->cosign) : TYPING_NONE;
}

static struct input *
walk_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return W(a)->box == BOX_SECOND ? cosign_field(W(a)->cosign) : NULL;
}

/* Leaving the walk, or rutin ending with the box open: her passphrase's
 * buffer is wiped and freed. */
static void
walk_leave(struct app *a)
{
	cosign_close(&W(a)->cosign);
	if (W(a)->box == BOX_SECOND)
		W(a)->box = BOX_NONE;
}

/* ---- Drawing ---- */

static void
draw_stop(const struct step *s)
{
	int y, x, w = COLS - 10;

	draw_center_box(_(" STOP "), 9, w, &y, &x);
	attron(term_attr(PAIR_ERROR));
	draw_wrapped(y + 2, x + 2, w - 4, 4, s->stop, A_BOLD);
	attroff(term_attr(PAIR_ERROR));
	draw_wrapped(y + 7, x + 2, w - 4, 1, _("Enter: acknowledged (logged) · Esc: back"), 0);
}

/* The rows an option's label takes in the choice box, `width` wide: the
 * whole label, up to OPTION_ROWS rows (then "…"). */
#define OPTION_ROWS 4

static int
option_rows(const char *label, int width)
{
	return draw_wrapped_in(0, -1, -1, 0, width, label, 0) < OPTION_ROWS ?
	    draw_wrapped_in(0, -1, -1, 0, width, label, 0) : OPTION_ROWS;
}

static void
draw_choice(const struct step *s, int chosen)
{
	const char *ids[64], *labels[64];
	size_t n = choice_options(s, ids, labels, 64), k;
	int y, x, w = COLS - 10, rows = 0, row, room = LINES - 6;

	/* Each option wrapped whole, so no word of it is missing; the box as
	 * high as they need, within the screen. */
	for (k = 0; k < n; k++)
		rows += option_rows(labels[k], w - 8);
	draw_center_box(_(" Choose the answer "), (rows + 4 < room ? rows : room - 4) + 4, w,
	    &y, &x);
	row = y + 2;
	for (k = 0; k < n && row < y + 2 + room - 4; k++) {
		/* The key beside the option it answers at once: y for ja, n
		 * for nej. */
		const char *key = ids[k] == yes_no_option(s, true) ? "y" :
		    ids[k] == yes_no_option(s, false) ? "n" : " ";
		int h = option_rows(labels[k], w - 8), r;

		if ((int)k == chosen)
			attron(term_attr(PAIR_SELECTED));
		for (r = 0; r < h; r++)
			mvhline(row + r, x + 2, ' ', w - 4);
		attron(A_BOLD);
		mvaddstr(row, x + 3, key);
		attroff(A_BOLD);
		draw_wrapped(row, x + 5, w - 8, h, labels[k], 0);
		if ((int)k == chosen)
			attroff(term_attr(PAIR_SELECTED));
		row += h;
	}
}

static void
draw_info(const struct routine *r, const struct step *s)
{
	int y, x, h = LINES - 6, w = COLS - 10, row;
	size_t k;

	draw_center_box(_(" About this step (Esc closes) "), h, w, &y, &x);
	row = y + 2;
	row += draw_wrapped(row, x + 2, w - 4, h - 6, s->help ? s->help :
	    _("This step has no help text."), 0);
	row++;
	for (k = 0; k < s->ref_count && row < y + h - 1; k++)
		row += draw_wrapped(row, x + 2, w - 4, 1,
		    routine_ref(r, s->refs[k])->text, term_attr(PAIR_DIM));
}

/* "Returned by anna about "Step": comment", or without the step. */
static void
return_text(struct app *a, const struct walk *w, char *out, size_t size)
{
	long i = w->note.step[0] ? routine_find_step(run_routine(a->run), w->note.step) : -1;
	char words[WORDS_PROMPT_MAX + 16];

	if (i >= 0) {
		words_step(routine_step(run_routine(a->run), (size_t)i), NULL, words,
		    sizeof(words));
		snprintf(out, size, _("Returned by %s about %s: %s"), w->note.by, words,
		    w->note.comment);
	} else {
		snprintf(out, size, _("Returned by %s: %s"), w->note.by, w->note.comment);
	}
}

/* The return's comment on the line above the steps, cut with "…" and
 * the key that shows it whole. */
static void
draw_return_line(struct app *a, const struct walk *w)
{
	const char *key = _("c: the whole comment");
	int kw = draw_text_width(key), width = COLS - 4 - kw;
	char text[1024];

	return_text(a, w, text, sizeof(text));
	attron(term_attr(PAIR_WARN));
	mvhline(2, 0, ' ', COLS);
	draw_text(2, 1, width > 10 ? width : COLS - 2, text);
	attroff(term_attr(PAIR_WARN));
	if (width > 10)
		draw_text(2, COLS - 1 - kw, kw, key);
}

static void
draw_return_box(struct app *a, const struct walk *w)
{
	int y, x, h = LINES - 6, bw = COLS - 10;
	char text[1024];

	return_text(a, w, text, sizeof(text));
	draw_center_box(_(" The supervisor's comment (Esc closes) "), h, bw, &y, &x);
	draw_wrapped(y + 2, x + 2, bw - 4, h - 4, text, 0);
}

static void
walk_draw(struct app *a)
{
	struct walk *w = W(a);
	char title[512], clock[128];
	size_t n;

	runview_title(a->run, title, sizeof(title));
	xplay_clock(a, clock, sizeof(clock));
	n = strlen(title);
	if (clock[0] != '\0' && n < sizeof(title))
		snprintf(title + n, sizeof(title) - n, " · %s", clock);
	app_draw_frame(a, title);
	if (returned(w))
		draw_return_line(a, w);
	runview_draw_in(a->run, w->step, 3, LINES - 2, COLS - xplay_pane_width(a));
	xplay_draw_pane(a, 3, LINES - 2);
	switch (w->box) {
	case BOX_STOP: draw_stop(current_step(a)); break;
	case BOX_CHOICE: draw_choice(current_step(a), w->choice); break;
	case BOX_INFO: draw_info(run_routine(a->run), current_step(a)); break;
	case BOX_RETURN: draw_return_box(a, w); break;
	case BOX_SECOND: cosign_draw(a, w->cosign); break;
	case BOX_NONE: break;
	}
	xplay_draw_box(a);
}

static const struct hint walk_hints[] = {
	{ ACT_SELECT, ACT_NONE, N_("answer") },
	{ ACT_SKIP, ACT_NONE, N_("skip") },
	{ ACT_NOT_APPLICABLE, ACT_NONE, N_("n/a") },
	{ ACT_NOTE, ACT_NONE, N_("note") },
	{ ACT_INFO, ACT_NONE, N_("info") },
	{ ACT_FINISH, ACT_NONE, N_("finish") },
	HINTS_END
};

/* Its own, before the frame's (help, lock, quit). */
static const struct hint walk_always[] = {
	{ ACT_BACK, ACT_NONE, N_("pause") },
	HINTS_END
};

const struct screen_ops walk_screen = {
	.name = "walk",
	.state_size = sizeof(struct walk),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_STEP | KEYS_DEVIATION | KEYS_FINISH,
	.more_keys = walk_more_keys,
	.hints = walk_hints,
	.always = walk_always,
	.enter = walk_enter,
	.draw = walk_draw,
	.leave = walk_leave,
	.fini = walk_leave,
	.tick = walk_tick,
	.key = walk_key,
	.submit = walk_submit,
	.typing = walk_typing,
	.field = walk_field,
};

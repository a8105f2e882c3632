/* The steps waiting for a second person that this account may confirm:
 * colleagues' answers in open runs (a supervisor's also those that need a
 * supervisor), oldest first. Enter shows the step and its answer (in the
 * access log: she read a colleague's run); Enter again confirms it, in
 * her own name and with her key. Read again when the log grows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/second.h"
#include "runlog/words.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/runview.h"

struct second {
	struct log_run_info *runs;      /* every open run */
	const struct routine **routines; /* each run's, or NULL */
	size_t run_count;
	struct second_item *items;
	size_t count, unknown;
	int selected;
	bool box;                       /* the selected step shown, to confirm */
	int64_t seen_seq;
};

static struct second *
S(struct app *a)
{
	return app_state(a, SCR_SECOND);
}

static void
forget(struct second *s)
{
	second_items_free(s->items, s->count);
	free(s->runs);
	free(s->routines);
	s->items = NULL;
	s->runs = NULL;
	s->routines = NULL;
	s->count = s->run_count = s->unknown = 0;
}

static void
load(struct app *a)
{
	struct second *s = S(a);
	struct log_error err;
	char msg[512];
	size_t i;

	forget(s);
	s->seen_seq = log_last_seq(a->rl.log);
	if (log_open_runs(a->rl.log, NULL, &s->runs, &s->run_count, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	s->routines = xcalloc(s->run_count + 1, sizeof(*s->routines));
	for (i = 0; i < s->run_count; i++)
		s->routines[i] = app_run_routine(a, &s->runs[i]);
	if (second_waiting(a->rl.log, s->runs, s->routines, s->run_count,
	    log_user(a->rl.log), log_role(a->rl.log), &s->items, &s->count, &s->unknown,
	    msg, sizeof(msg)) != RUN_OK)
		app_message(a, true, "%s", msg);
	if (s->selected >= (int)s->count)
		s->selected = s->count > 0 ? (int)s->count - 1 : 0;
}

static const struct step *
item_step(const struct second *s, const struct second_item *it)
{
	return routine_step(s->routines[it->run], it->step);
}

/* Opening a step of a colleague's run is a read of it: logged. */
static void
open_box(struct app *a, struct second *s)
{
	struct log_error err;

	if (s->count == 0)
		return;
	if (review_record_access(a->rl.log, ACCESS_READ_SECOND,
	    s->runs[s->items[s->selected].run].run_id, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	s->box = true;
}

static void
confirm(struct app *a, struct second *s)
{
	const struct second_item *it = &s->items[s->selected];
	char msg[600];

	if (second_confirm(a->rl.log, s->runs[it->run].run_id, s->routines[it->run],
	    item_step(s, it)->id, it->answer, msg, sizeof(msg)) != RUN_OK) {
		app_message(a, true, "%s", msg);
	} else {
		app_message(a, false, _("Confirmed as the second person, in your name "
		    "(logged)."));
	}
	s->box = false;
	load(a);
}

static void
second_enter(struct app *a)
{
	S(a)->box = false;
	load(a);
}

static void
second_leave(struct app *a)
{
	forget(S(a));
}

static void
second_tick(struct app *a)
{
	struct second *s = S(a);

	if (!s->box && log_last_seq(a->rl.log) > s->seen_seq)
		load(a);
}

static void
second_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct second *s = S(a);

	(void)ev;
	(void)ch;
	if (s->box) {
		if (act == ACT_SELECT)
			confirm(a, s);
		else if (act == ACT_BACK)
			s->box = false;
		return;
	}
	if (list_move(&s->selected, (int)s->count, LINES - 8, act))
		return;
	if (act == ACT_SELECT)
		open_box(a, s);
	else if (act == ACT_BACK)
		app_go(a, log_role(a->rl.log) == ROLE_SUPERVISOR &&
		    !log_is_training(a->rl.log) ? SCR_QUEUE : app_home(a));
}

static void
draw_box_of(struct app *a, const struct second *s)
{
	const struct second_item *it = &s->items[s->selected];
	const struct log_run_info *ri = &s->runs[it->run];
	const struct step *st = item_step(s, it);
	int y, x, w = COLS - 10, row;
	char line[1200], when[64];

	(void)a;
	draw_center_box(_(" Confirm as the second person "), LINES - 6, w, &y, &x);
	row = y + 2;
	snprintf(line, sizeof(line), "%s · %s", ri->case_ref,
	    routine_title(s->routines[it->run]));
	row += draw_wrapped(row, x + 2, w - 4, 2, line, A_BOLD) + 1;
	row += draw_wrapped(row, x + 2, w - 4, 6, st->prompt, A_BOLD) + 1;
	snprintf(line, sizeof(line), _("Answer: %s"), words_answer(st, it->answer));
	row += draw_wrapped(row, x + 2, w - 4, 6, line, term_attr(PAIR_OK)) + 1;
	when_format(when, sizeof(when), it->since);
	snprintf(line, sizeof(line), _("Answered by %s, %s. It needs %s besides her."),
	    it->answered_by, when, runview_second_who(it->who));
	row += draw_wrapped(row, x + 2, w - 4, 3, line, 0) + 1;
	if (st->help != NULL && row < y + LINES - 10)
		draw_wrapped(row, x + 2, w - 4, y + LINES - 10 - row, st->help,
		    term_attr(PAIR_DIM));
	draw_wrapped(y + LINES - 8, x + 2, w - 4, 1, _("Enter: I confirm this answer "
	    "(logged in my name) · Esc: back"), term_attr(PAIR_DIM));
}

static void
second_draw(struct app *a)
{
	struct second *s = S(a);
	int y = 3, i, top;
	char line[1024], when[64];

	app_draw_frame(a, _("Waiting for a second person"));
	draw_wrapped(y++, 2, COLS - 4, 1, _("Colleagues' answers that need a second "
	    "person, and that you may confirm:"), term_attr(PAIR_DIM));
	y++;
	if (s->count == 0) {
		draw_wrapped(y, 2, COLS - 4, 2, _("No step waits for you as the second "
		    "person."), 0);
	}
	top = s->selected >= LINES - 8 ? s->selected - (LINES - 9) : 0;
	for (i = top; i < (int)s->count && y < LINES - 3; i++, y++) {
		const struct second_item *it = &s->items[i];

		when_format(when, sizeof(when), it->since);
		snprintf(line, sizeof(line), "%s · %s · %s · %s, %s",
		    s->runs[it->run].case_ref, routine_title(s->routines[it->run]),
		    item_step(s, it)->prompt, it->answered_by, when);
		draw_row(y, 2, COLS - 4, line, i == s->selected);
	}
	if (s->unknown > 0 && y < LINES - 2) {
		snprintf(line, sizeof(line), P_("%zu open run could not be read with an "
		    "installed routine: its steps are not listed.", "%zu open runs could "
		    "not be read with an installed routine: their steps are not listed.",
		    s->unknown), s->unknown);
		draw_wrapped(LINES - 3, 2, COLS - 4, 1, line, term_attr(PAIR_WARN));
	}
	if (s->box && s->count > 0)
		draw_box_of(a, s);
}

static const struct hint second_hints[] = {
	{ ACT_SELECT, ACT_NONE, N_("show, then confirm") },
	HINTS_END
};

static const struct hint second_always[] = {
	{ ACT_BACK, ACT_NONE, N_("back") },
	HINTS_END
};

const struct screen_ops second_screen = {
	.name = "second",
	.state_size = sizeof(struct second),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS,
	.hints = second_hints,
	.always = second_always,
	.enter = second_enter,
	.leave = second_leave,
	.fini = second_leave,
	.draw = second_draw,
	.tick = second_tick,
	.key = second_key,
};

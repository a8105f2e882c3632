/* A trainee's home (rutin exercise): the exercise sessions of the
 * training log, open ones first, with where she stands in each; `/` finds
 * one by its title or trainer. Enter starts her run of an open one, or
 * resumes it; the walk then shows the scenario and the injects
 * (xplay.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "runlog/xsession.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/xplay.h"

struct xjoin_screen {
	struct xstate st;
	size_t *order;      /* indexes into st.sessions: open first, newest first */
	bool *finished;     /* by order: her run in it is completed or aborted */
	size_t n;
	int selected;       /* among the sessions shown */
	struct list_find find;
};

static struct xjoin_screen *
J(struct app *a)
{
	return app_state(a, SCR_XJOIN);
}

static const struct xjoin_screen *
J_const(const struct app *a)
{
	return app_state_const(a, SCR_XJOIN);
}

static void
sessions_first_open(struct xjoin_screen *j)
{
	size_t i, n = 0;
	int pass;

	free(j->order);
	j->order = xcalloc(j->st.n_sessions + 1, sizeof(*j->order));
	for (pass = 0; pass < 2; pass++)
		for (i = j->st.n_sessions; i-- > 0;)
			if ((j->st.sessions[i].ended == 0) == (pass == 0))
				j->order[n++] = i;
	j->n = n;
}

/* Whether her run in each listed session is finished (its summary row). */
static void
mark_finished(struct app *a, struct xjoin_screen *j)
{
	size_t k;

	free(j->finished);
	j->finished = xcalloc(j->n + 1, sizeof(*j->finished));
	for (k = 0; k < j->n; k++) {
		const struct xjoin *mine = xstate_join_of(&j->st,
		    j->st.sessions[j->order[k]].id, log_user(a->rl.log));
		struct log_run_filter f = { .id_prefix = mine ? mine->run_id : NULL,
			.account = log_user(a->rl.log) };
		struct log_run_info *ri = NULL;
		struct log_error err;
		size_t n = 0;

		if (mine != NULL && log_runs(a->rl.log, &f, &ri, &n, &err) == LOG_OK && n == 1)
			j->finished[k] = run_status_ended(run_status_of(ri->status));
		free(ri);
	}
}

/* Reads what was logged since the last look (all of it after `fresh`). */
static void
load(struct app *a, bool fresh)
{
	struct xjoin_screen *j = J(a);
	struct log_error err;

	if (fresh)
		xstate_free(&j->st);
	if (xstate_update(a->rl.log, &j->st, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	sessions_first_open(j);
	mark_finished(a, j);
	if (j->selected >= (int)j->n)
		j->selected = j->n > 0 ? (int)j->n - 1 : 0;
}

static void
xjoin_enter(struct app *a)
{
	xplay_close(a);
	load(a, true);
}

static void
xjoin_tick(struct app *a)
{
	load(a, false); /* a session the trainer starts appears */
}

/* The exercise this screen started for the walk is its to end
 * (xplay.h), at teardown as when she comes back here. */
static void
xjoin_fini(struct app *a)
{
	xplay_close(a);
	xstate_free(&J(a)->st);
	free(J(a)->order);
	free(J(a)->finished);
}

/* The listed sessions `find` keeps, as positions in order[]: into
 * shown[], which has room for j->n. */
static size_t
shown(const struct xjoin_screen *j, size_t *out)
{
	size_t k, n = 0;

	for (k = 0; k < j->n; k++) {
		const struct xsession *s = &j->st.sessions[j->order[k]];

		if (list_find_matches(&j->find, s->title) ||
		    list_find_matches(&j->find, s->trainer))
			out[n++] = k;
	}
	return n;
}

static void
xjoin_draw(struct app *a)
{
	static const int x[] = { 1, 30, 42, 60 };
	const struct xjoin_screen *j = J_const(a);
	size_t *list = xcalloc(j->n + 1, sizeof(*list)), n = shown(j, list), i;
	char when[32];
	int y = 5;

	app_draw_frame(a, _("rutin · exercises"));
	attron(A_BOLD);
	mvaddstr(2, 1, _("Exercises in this training log"));
	attroff(A_BOLD);
	if (j->n == 0) {
		draw_wrapped(4, 3, COLS - 6, 3, _("No exercise has been started here yet. "
		    "The trainer starts one with rutin exercise start; it appears here "
		    "within a second."), 0);
		free(list);
		return;
	}
	attron(A_UNDERLINE);
	mvhline(4, 0, ' ', COLS);
	draw_text(4, x[0], x[1] - x[0] - 1, _("Exercise"));
	draw_text(4, x[1], x[2] - x[1] - 1, _("Trainer"));
	draw_text(4, x[2], x[3] - x[2] - 1, _("Started"));
	draw_text(4, x[3], COLS - 1 - x[3], _("You"));
	attroff(A_UNDERLINE);
	for (i = 0; i < n && y < LINES - 3; i++) {
		size_t k = list[i];
		const struct xsession *s = &j->st.sessions[j->order[k]];
		const struct xjoin *mine = xstate_join_of(&j->st, s->id, log_user(a->rl.log));
		const char *cells[4];

		when_format(when, sizeof(when), s->started);
		cells[0] = s->title;
		cells[1] = s->trainer;
		cells[2] = when;
		cells[3] = j->finished[k] ? _("done") : s->ended ? _("ended") :
		    mine != NULL ? _("Enter: resume") : _("Enter: start");
		draw_cells(y++, x, cells, 4, (int)i == j->selected);
	}
	if (n == 0)
		draw_text(5, 3, COLS - 6, _("Nothing matches."));
	list_find_draw(&j->find, 3);
	free(list);
}

static void
xjoin_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct xjoin_screen *j = J(a);
	size_t *list = xcalloc(j->n + 1, sizeof(*list)), n = shown(j, list);

	if (list_find_key(&j->find, act, ev, ch))
		j->selected = 0;
	else if (list_move(&j->selected, (int)n, LINES - 8, act))
		;
	else if (act == ACT_SELECT && j->selected < (int)n)
		xplay_join(a, &j->st.sessions[j->order[list[j->selected]]]);
	free(list);
}

static enum typing
xjoin_typing(const struct app *a)
{
	return J_const(a)->find.open ? TYPING_ALL : TYPING_NONE;
}

static struct input *
xjoin_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return J(a)->find.open ? &J(a)->find.text : NULL;
}

static const struct hint xjoin_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("choose") },
	{ ACT_SELECT, ACT_NONE, N_("start/resume") },
	{ ACT_FIND, ACT_NONE, N_("find") },
	HINTS_END
};


const struct screen_ops xjoin_screen = {
	.name = "exercises",
	.state_size = sizeof(struct xjoin_screen),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS | KEYS_FIND,
	.hints = xjoin_hints,
	.fini = xjoin_fini,
	.enter = xjoin_enter,
	.draw = xjoin_draw,
	.tick = xjoin_tick,
	.key = xjoin_key,
	.typing = xjoin_typing,
	.field = xjoin_field,
};

/* The access log, for supervisors: who opened, reviewed, sampled, handed
 * over or exported what, and when, newest first; typing narrows it by
 * account, case or what was done. The same principle as the access logs
 * of health records (loggkontroll). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/words.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"

struct access_row {
	struct access_entry e;
	char case_ref[101];       /* the run's, or "" */
	char line[512];           /* as shown; what the filter reads */
};

struct access {
	struct input filter;
	struct access_row *rows;  /* newest first */
	size_t n;
	int selected, top;
};

static struct access *
A(struct app *a)
{
	return app_state(a, SCR_ACCESS);
}

static int
by_run_id(const void *x, const void *y)
{
	return strcmp(((const struct log_run_info *)x)->run_id,
	    ((const struct log_run_info *)y)->run_id);
}

/* What an entry says, in words (common/vocab.h): what was read, or what
 * was done. */
static const char *
entry_kind(const struct access_entry *e)
{
	return words_access(e->type, e->what);
}

static void
load(struct app *a)
{
	struct access *s = A(a);
	struct log_run_filter f = { .account = NULL };
	struct log_run_info *runs = NULL, key, *hit;
	struct access_entry *list = NULL;
	struct log_error err;
	size_t nruns = 0, n = 0, i;

	free(s->rows);
	s->rows = NULL;
	s->n = 0;
	if (review_access_log(a->rl.log, NULL, NULL, &list, &n, &err) != LOG_OK ||
	    log_runs(a->rl.log, &f, &runs, &nruns, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		free(list);
		return;
	}
	qsort(runs, nruns, sizeof(*runs), by_run_id);
	s->rows = xcalloc(n + 1, sizeof(*s->rows));
	for (i = 0; i < n; i++) {
		struct access_row *r = &s->rows[n - 1 - i];
		time_t t = (time_t)(list[i].time / 1000);
		char when[32];
		struct tm tm;

		r->e = list[i];
		snprintf(key.run_id, sizeof(key.run_id), "%s", r->e.run_id);
		hit = r->e.run_id[0] ? bsearch(&key, runs, nruns, sizeof(*runs), by_run_id) : NULL;
		snprintf(r->case_ref, sizeof(r->case_ref), "%s", hit ? hit->case_ref : "");
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		snprintf(r->line, sizeof(r->line), "%s  %-10s %s%s%s%s%s", when, r->e.account,
		    entry_kind(&r->e), event_is(r->e.type, EV_ACCESS_RECORDED) ? "" : " ",
		    event_is(r->e.type, EV_ACCESS_RECORDED) ? "" : r->e.what,
		    r->case_ref[0] ? " · " : "", r->case_ref);
		draw_text_one_line(r->line); /* a comment's line breaks */
	}
	s->n = n;
	free(list);
	free(runs);
}

static void
access_enter(struct app *a)
{
	struct access *s = A(a);

	s->selected = s->top = 0;
	input_clear(&s->filter);
	load(a);
}

static void
access_leave(struct app *a)
{
	free(A(a)->rows);
	A(a)->rows = NULL;
	A(a)->n = 0;
}

static void
access_fini(struct app *a)
{
	free(A(a)->rows);
}

/* How many rows the filter shows. */
static int
count_shown(const struct access *s)
{
	int k = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		k += input_matches(&s->filter, s->rows[i].line);
	return k;
}

static void
access_draw(struct app *a)
{
	struct access *s = A(a);
	int top = 5, bottom = LINES - 3, y = top, k = 0;
	size_t i;

	app_draw_frame(a, _("rutin · access log"));
	attron(A_BOLD);
	mvaddstr(2, 1, _("Filter:"));
	attroff(A_BOLD);
	input_draw(&s->filter, 2, 10, 40, false);
	attron(A_UNDERLINE);
	draw_text(4, 1, COLS - 2, _("When              Account    What · Case"));
	attroff(A_UNDERLINE);
	for (i = 0; i < s->n && y < bottom; i++) {
		if (!input_matches(&s->filter, s->rows[i].line))
			continue;
		if (k++ < s->top)
			continue;
		draw_row(y++, 0, COLS - 1, s->rows[i].line, k - 1 == s->selected);
	}
	if (k == 0)
		draw_text(top, 3, COLS - 6, s->filter.len > 0 ? _("Nothing matches the filter.") :
		    _("Nobody has read or reviewed anything yet."));
	input_draw(&s->filter, 2, 10, 40, true);
}

static void
access_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct access *s = A(a);
	int rows = LINES - 8, total = count_shown(s);

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		list_move(&s->selected, total, rows, act);
		break;
	case ACT_BACK:
		if (s->filter.len > 0)
			input_clear(&s->filter);
		else
			app_go(a, SCR_QUEUE);
		break;
	default:
		if (ev == TERM_PASTE || input_key(&s->filter, ev, ch))
			s->selected = 0;
		break;
	}
	if (s->selected < s->top)
		s->top = s->selected;
	if (s->selected >= s->top + rows)
		s->top = s->selected - rows + 1;
}

static enum typing
access_typing(const struct app *a)
{
	(void)a;
	return TYPING_NAMES;
}

static struct input *
access_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return &A(a)->filter;
}

static const struct hint access_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("move") },
	{ ACT_NONE, ACT_NONE, N_("type to filter") },
	{ ACT_BACK, ACT_NONE, N_("queue") },
	HINTS_END
};


const struct screen_ops access_screen = {
	.name = "access",
	.state_size = sizeof(struct access),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS,
	.hints = access_hints,
	.fini = access_fini,
	.enter = access_enter,
	.leave = access_leave,
	.draw = access_draw,
	.key = access_key,
	.typing = access_typing,
	.field = access_field,
};

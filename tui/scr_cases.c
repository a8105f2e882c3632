/* "Mina ärenden": the caseworker's runs by case reference -- open, paused,
 * returned, completed, aborted -- the case she worked on last first. Enter
 * on a case opens its history: every run made for that case reference in
 * this log, across routines and colleagues (each colleague's run she sees
 * there is in the access log). Enter on a run of hers resumes it (open or
 * paused) or shows its journal extract (completed). `/` finds as one types.
 * The lists are read again when the log grows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"

struct case_row {
	int run;                 /* index in runs, or -1: a case's heading */
	const char *case_ref;    /* the runs' */
	size_t count;            /* a heading: the case's runs */
	char text[512];          /* what it shows, and what / finds in */
};

struct cases {
	struct log_run_info *runs; /* grouped by case, the latest case first */
	size_t n;
	struct case_row *rows;
	size_t nrows;
	char case_ref[101];      /* a case's history shown, or "": hers */
	int selected;
	struct list_find find;
	int64_t seen_seq;
	bool keep;               /* back from an extract: where she was */
};

static struct cases *
C(struct app *a)
{
	return app_state(a, SCR_CASES);
}

/* ---- Reading ---- */

/* Each run's case's latest activity, for the order: a case she worked on
 * today comes before one of last year. */
struct ranked {
	struct log_run_info ri;
	int64_t case_latest;
};

static int
by_case(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	int c;

	if (a->case_latest != b->case_latest)
		return a->case_latest > b->case_latest ? -1 : 1;
	if ((c = strcmp(a->ri.case_ref, b->ri.case_ref)) != 0)
		return c;
	if (a->ri.started != b->ri.started)
		return a->ri.started > b->ri.started ? -1 : 1;
	return strcmp(a->ri.run_id, b->ri.run_id);
}

static int
by_case_ref(const void *x, const void *y)
{
	return strcmp(((const struct ranked *)x)->ri.case_ref,
	    ((const struct ranked *)y)->ri.case_ref);
}

/* Sorts runs[0..n-1] into cases, the latest case first. */
static void
group(struct log_run_info *runs, size_t n)
{
	struct ranked *r = xcalloc(n + 1, sizeof(*r));
	size_t i, j, k;

	for (i = 0; i < n; i++)
		r[i].ri = runs[i];
	qsort(r, n, sizeof(*r), by_case_ref);
	for (i = 0; i < n; i = j) {
		int64_t latest = 0;

		for (j = i; j < n && strcmp(r[j].ri.case_ref, r[i].ri.case_ref) == 0; j++)
			if (r[j].ri.last_activity > latest)
				latest = r[j].ri.last_activity;
		for (k = i; k < j; k++)
			r[k].case_latest = latest;
	}
	qsort(r, n, sizeof(*r), by_case);
	for (i = 0; i < n; i++)
		runs[i] = r[i].ri;
	free(r);
}

/* What a run's state is, in words: "paused", "completed · signed". */
static void
state_words(const struct log_run_info *ri, char *buf, size_t size)
{
	int st = run_status_of(ri->status), rv = review_state_of(ri->review);

	if (st == RUN_COMPLETED && rv > REVIEW_NONE)
		snprintf(buf, size, "%s · %s", _(run_status_label(RUN_COMPLETED)),
		    _(review_state_label((enum review_state)rv)));
	else if (st == RUN_COMPLETED)
		snprintf(buf, size, "%s · %s", _(run_status_label(RUN_COMPLETED)),
		    _("waiting for review"));
	else
		snprintf(buf, size, "%s", st >= 0 ? _(run_status_label((enum run_status)st)) :
		    ri->status);
}

static void
run_text(struct app *a, const struct log_run_info *ri, bool with_account, char *buf,
    size_t size)
{
	const struct routine *r = catalog_find_text(&a->catalog, ri->routine_id,
	    ri->routine_hash);
	char state[128], started[32];

	state_words(ri, state, sizeof(state));
	when_format(started, sizeof(started), ri->started);
	if (with_account)
		snprintf(buf, size, _("  %s · %s · %s · started %s"), r ? routine_title(r) :
		    ri->routine_id, ri->account, state, started);
	else
		snprintf(buf, size, _("  %s · %s · started %s"), r ? routine_title(r) :
		    ri->routine_id, state, started);
	draw_text_one_line(buf);
}

static void
make_rows(struct app *a, struct cases *c)
{
	size_t i, j;

	free(c->rows);
	c->rows = xcalloc(2 * c->n + 1, sizeof(*c->rows));
	c->nrows = 0;
	for (i = 0; i < c->n; i = j) {
		struct case_row *h = &c->rows[c->nrows++];

		h->run = -1;
		h->case_ref = c->runs[i].case_ref;
		for (j = i; j < c->n && strcmp(c->runs[j].case_ref, c->runs[i].case_ref) == 0; j++) {
			struct case_row *r = &c->rows[c->nrows++];

			r->run = (int)j;
			r->case_ref = c->runs[j].case_ref;
			run_text(a, &c->runs[j], c->case_ref[0] != '\0', r->text, sizeof(r->text));
		}
		h->count = j - i;
		snprintf(h->text, sizeof(h->text), P_("%s · %zu run", "%s · %zu runs", h->count),
		    h->case_ref, h->count);
		draw_text_one_line(h->text);
	}
}

/* The runs made for case reference `ref`, everyone's. */
static enum log_status
case_runs(struct app *a, const char *ref, struct log_run_info **out, size_t *n,
    struct log_error *err)
{
	struct log_run_filter f = { .case_ref = ref };

	return log_runs(a->rl.log, &f, out, n, err);
}

static void
load(struct app *a)
{
	struct cases *c = C(a);
	struct log_run_filter mine = { .account = log_user(a->rl.log) };
	struct log_error err;
	enum log_status st;

	free(c->runs);
	c->runs = NULL;
	c->n = 0;
	c->seen_seq = log_last_seq(a->rl.log);
	if (c->case_ref[0] != '\0')
		st = case_runs(a, c->case_ref, &c->runs, &c->n, &err);
	else
		st = log_runs(a->rl.log, &mine, &c->runs, &c->n, &err);
	if (st != LOG_OK)
		app_message(a, true, "%s", err.message);
	group(c->runs, c->n);
	make_rows(a, c);
}

/* Her colleagues' runs she sees in a case's history go into the access
 * log: the history is more than her own work. */
static bool
record_history(struct app *a, struct cases *c)
{
	struct log_error err;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->runs[i].account, log_user(a->rl.log)) == 0)
			continue;
		if (review_record_access(a->rl.log, ACCESS_READ_CASE, c->runs[i].run_id,
		    &err) != LOG_OK) {
			app_message(a, true, "%s", err.message);
			return false;
		}
	}
	return true;
}

/* ---- The screen ---- */

static void
cases_enter(struct app *a)
{
	struct cases *c = C(a);

	if (!c->keep) {
		c->case_ref[0] = '\0';
		c->selected = 0;
		list_find_clear(&c->find);
	}
	c->keep = false;
	load(a);
}

static void
cases_leave(struct app *a)
{
	struct cases *c = C(a);

	free(c->runs);
	free(c->rows);
	c->runs = NULL;
	c->rows = NULL;
	c->n = c->nrows = 0;
}

static void
cases_fini(struct app *a)
{
	cases_leave(a);
	input_wipe(&C(a)->find.text);
}

static void
cases_tick(struct app *a)
{
	struct cases *c = C(a);
	int64_t seq = log_last_seq(a->rl.log);

	if (seq >= 0 && seq != c->seen_seq)
		load(a);
}

/* The rows / keeps: a heading when its case or any of its runs matches,
 * a run when it or its case does. Fills idx[] with row indexes. */
static size_t
shown(const struct cases *c, int *idx)
{
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++) {
		const struct case_row *r = &c->rows[i];
		bool keep = list_find_matches(&c->find, r->text) ||
		    list_find_matches(&c->find, r->case_ref);
		size_t j;

		for (j = i + 1; !keep && r->run < 0 && j < c->nrows && c->rows[j].run >= 0; j++)
			keep = list_find_matches(&c->find, c->rows[j].text);
		if (keep)
			idx[n++] = (int)i;
	}
	return n;
}

static int
list_top(void)
{
	return 3;
}

static int
list_rows(void)
{
	return LINES - 3 - list_top() - 1;
}

static void
cases_draw(struct app *a)
{
	struct cases *c = C(a);
	int *idx = xcalloc(c->nrows + 1, sizeof(*idx));
	size_t n = shown(c, idx), i;
	int y = list_top(), first = 0;
	char title[256];

	if (c->case_ref[0] != '\0') {
		snprintf(title, sizeof(title), _("rutin · case %s: every run in this log"),
		    c->case_ref);
		app_draw_frame(a, title);
	} else {
		app_draw_frame(a, _("rutin · my cases"));
	}
	if (c->selected >= (int)n)
		c->selected = n > 0 ? (int)n - 1 : 0;
	if (c->selected >= list_rows())
		first = c->selected - list_rows() + 1;
	for (i = (size_t)first; i < n && y < list_top() + list_rows(); i++) {
		const struct case_row *r = &c->rows[idx[i]];

		if (r->run < 0)
			attron(A_BOLD);
		draw_row(y++, 0, COLS - 1, r->text, (int)i == c->selected);
		if (r->run < 0)
			attroff(A_BOLD);
	}
	if (c->nrows == 0)
		draw_text(list_top(), 3, COLS - 6, _("No runs yet: the runs you start are "
		    "listed here by case, completed ones too."));
	else if (n == 0)
		draw_text(list_top(), 3, COLS - 6, _("Nothing matches."));
	list_find_draw(&c->find, 2);
	free(idx);
}

/* Opens a case's history. */
static void
open_case(struct app *a, struct cases *c, const char *ref)
{
	char copy[sizeof(c->case_ref)];

	snprintf(copy, sizeof(copy), "%s", ref);
	snprintf(c->case_ref, sizeof(c->case_ref), "%s", copy);
	c->selected = 0;
	list_find_clear(&c->find);
	load(a);
	record_history(a, c);
}

/* A run of hers: resumed, or its journal extract. */
static void
open_run(struct app *a, const struct log_run_info *ri)
{
	const struct routine *r = catalog_find_text(&a->catalog, ri->routine_id,
	    ri->routine_hash);
	char case_ref[sizeof(ri->case_ref)];

	if (strcmp(ri->account, log_user(a->rl.log)) != 0) {
		app_message(a, true, _("This run is %s's: only a supervisor opens another's "
		    "run (the review queue)."), ri->account);
		return;
	}
	switch (run_status_of(ri->status)) {
	case RUN_COMPLETED:
		a->extract_run = *ri;
		C(a)->keep = true; /* Esc comes back here */
		app_go(a, SCR_EXTRACT);
		return;
	case RUN_ACTIVE:
	case RUN_PAUSED:
		if (r == NULL) {
			app_message(a, true, _("The routine %s is not installed here."),
			    ri->routine_id);
			return;
		}
		snprintf(case_ref, sizeof(case_ref), "%s", ri->case_ref);
		if (!app_resume_run(a, ri, r))
			return;
		a->goto_step = WALK_AT_CURRENT;
		app_go(a, SCR_WALK);
		app_message(a, false, _("Resumed %s where it was left."), case_ref);
		return;
	default:
		app_message(a, true, "%s", _("The run was aborted: it has no journal extract. "
		    "Its reason is in the log (rutin review show)."));
		return;
	}
}

static void
cases_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct cases *c = C(a);
	int *idx = xcalloc(c->nrows + 1, sizeof(*idx));
	size_t n = shown(c, idx);
	const struct case_row *r = n > 0 && c->selected < (int)n ? &c->rows[idx[c->selected]] :
	    NULL;

	if (list_find_key(&c->find, act, ev, ch)) {
		c->selected = 0;
	} else if (list_move(&c->selected, (int)n, list_rows(), act)) {
		;
	} else if (act == ACT_BACK || act == ACT_CASES) {
		if (c->case_ref[0] != '\0') { /* from a case back to hers */
			c->case_ref[0] = '\0';
			c->selected = 0;
			load(a);
		} else {
			app_go(a, app_home(a));
		}
	} else if (act == ACT_SELECT && r != NULL) {
		if (r->run < 0 && c->case_ref[0] == '\0')
			open_case(a, c, r->case_ref);
		else if (r->run >= 0)
			open_run(a, &c->runs[r->run]);
	}
	free(idx);
}

static enum typing
cases_typing(const struct app *a)
{
	return ((const struct cases *)app_state_const(a, SCR_CASES))->find.open ?
	    TYPING_ALL : TYPING_NONE;
}

static struct input *
cases_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return C(a)->find.open ? &C(a)->find.text : NULL;
}

static const struct hint cases_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("choose") },
	{ ACT_SELECT, ACT_NONE, N_("open") },
	{ ACT_FIND, ACT_NONE, N_("find") },
	{ ACT_BACK, ACT_NONE, N_("back") },
	HINTS_END
};

const struct screen_ops cases_screen = {
	.name = "cases",
	.state_size = sizeof(struct cases),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS | KEYS_FIND | KEYS_CASES,
	.hints = cases_hints,
	.fini = cases_fini,
	.enter = cases_enter,
	.leave = cases_leave,
	.draw = cases_draw,
	.tick = cases_tick,
	.key = cases_key,
	.typing = cases_typing,
	.field = cases_field,
};

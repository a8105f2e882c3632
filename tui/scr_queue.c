/* The review queue: a supervisor's home. Runs newest first, in lists Tab
 * steps through (to review, critical findings, returned, signed, all),
 * narrowed by typing (case reference, routine or caseworker) and by the
 * period they started in (F4); each row with its findings. Enter opens a
 * run in the review screen; F2 shows the access log; F3 goes to the
 * routines; F6 signs the runs of the list without findings, asking
 * first; F7 keeps the runs with one kind of finding. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "runlog/review.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"

/* At most so many rows are listed; typing narrows the rest. */
#define QUEUE_MAX_ROWS 500

enum { FOR_PERIOD, FOR_SIGN_CLEAN, FOR_HANDOVER };

enum view { VIEW_QUEUE, VIEW_CRITICAL, VIEW_RETURNED, VIEW_SIGNED, VIEW_ALL, VIEW_COUNT };

/* Each list: its name and what it asks of the summary. */
static const struct {
	const char *name;    /* untranslated */
	bool queue;          /* completed, and not signed or returned */
	int review;          /* the filter's review state, or -1 */
	int status;          /* the filter's status, or -1 */
	bool critical_only;
} views[VIEW_COUNT] = {
	{ N_("To review"), true, -1, -1, false },
	{ N_("Critical findings"), false, -1, RUN_COMPLETED, true },
	{ N_("Returned"), false, REVIEW_RETURNED, -1, false },
	{ N_("Signed"), false, REVIEW_SIGNED, -1, false },
	{ N_("All runs"), false, -1, -1, false },
};

struct qrow {
	struct log_run_info ri;
	struct review_counts counts;
};

struct queue {
	struct input filter;
	enum view view;
	int64_t from, to;        /* the period (ms), 0: open-ended */
	int kind;                /* the kind of finding kept (F7), -1: any */
	char period[32];         /* as typed, "" for all */
	struct qrow *rows;
	size_t n;
	bool more;               /* rows beyond QUEUE_MAX_ROWS left out */
	int selected, top;
	size_t second;           /* steps waiting for her as the second person */
	struct log_run_info handover; /* FOR_HANDOVER: the run being handed over */
	/* This month's runs for the header: started, completed, signed. */
	size_t month_started, month_completed, month_signed;
};

static struct queue *
Q(struct app *a)
{
	return app_state(a, SCR_QUEUE);
}

/* How many rows of the list review_sign_clean would sign. */
static size_t
clean_rows(struct app *a)
{
	struct queue *q = Q(a);
	size_t i, n = 0;

	for (i = 0; i < q->n; i++)
		n += review_is_clean(a->rl.log, &q->rows[i].ri, &q->rows[i].counts);
	return n;
}

static void
ask_sign_clean(struct app *a)
{
	size_t n = clean_rows(a);
	char msg[512];

	if (n == 0) {
		app_message(a, false, "%s", _("No run of this list waits for a first review "
		    "without findings."));
		return;
	}
	snprintf(msg, sizeof(msg), P_("Sign the %zu run of this list that waits for a "
	    "first review and has no findings? It is logged as signed by you, without a "
	    "comment.", "Sign the %zu runs of this list that wait for a first review and "
	    "have no findings? Each is logged as signed by you, without a comment.", n), n);
	app_confirm_decision(a, FOR_SIGN_CLEAN, "", msg);
}

/* Signs them, one review.signed each. */
static void load(struct app *a);

static void
sign_clean(struct app *a)
{
	struct queue *q = Q(a);
	struct log_run_info *runs;
	struct review_counts *counts;
	struct log_error err;
	size_t i, done;

	load(a); /* the rows as the log has them now */
	runs = xcalloc(q->n + 1, sizeof(*runs));
	counts = xcalloc(q->n + 1, sizeof(*counts));
	for (i = 0; i < q->n; i++) {
		runs[i] = q->rows[i].ri;
		counts[i] = q->rows[i].counts;
	}
	if (review_sign_clean(a->rl.log, runs, counts, q->n, &done, &err) != LOG_OK)
		app_message(a, true, P_("%zu run was signed, then: %s", "%zu runs were signed, "
		    "then: %s", done), done, err.message);
	else
		app_message(a, false, P_("Signed %zu run without findings.", "Signed %zu runs "
		    "without findings.", done), done);
	free(runs);
	free(counts);
}

/* This month's counts for the header (the summary rows: no replay). */
static void
count_month(struct app *a, struct queue *q)
{
	struct log_run_filter f = { .account = NULL };
	struct log_run_info *runs = NULL;
	struct log_error err;
	time_t t = clock_now();
	struct tm tm;
	char month[16];
	size_t n = 0, i;

	localtime_r(&t, &tm);
	strftime(month, sizeof(month), "%Y-%m-01", &tm);
	f.from = when_parse_day(month, 0);
	tm.tm_mon++;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(month, sizeof(month), "%Y-%m-01", &tm);
	f.to = when_parse_day(month, 0);
	q->month_started = q->month_completed = q->month_signed = 0;
	if (log_runs(a->rl.log, &f, &runs, &n, &err) != LOG_OK)
		return; /* the list's own read says what went wrong */
	for (i = 0; i < n; i++) {
		q->month_started++;
		q->month_completed += run_status_of(runs[i].status) == RUN_COMPLETED;
		q->month_signed += review_state_of(runs[i].review) == REVIEW_SIGNED;
	}
	free(runs);
}

/* Reads the list again: the view, the typed text. */
static void
load(struct app *a)
{
	struct queue *q = Q(a);
	struct log_run_filter f = {
		.review = views[q->view].queue ? LOG_REVIEW_QUEUE : views[q->view].review >= 0 ?
		    review_state_word((enum review_state)views[q->view].review) : NULL,
		.status = views[q->view].status >= 0 ?
		    run_status_word((enum run_status)views[q->view].status) : NULL };
	struct log_run_info *runs = NULL;
	struct review_counts *counts;
	struct log_error err;
	char *text = input_utf8(&q->filter);
	size_t n = 0, i;

	free(q->rows);
	q->rows = NULL;
	q->n = 0;
	q->more = false;
	f.text = text;
	f.from = q->from;
	f.to = q->to;
	f.limit = QUEUE_MAX_ROWS + 1;
	/* Critical findings as the cache has them, and the finished runs it
	 * does not hold yet; those are computed (and cached) below, and kept
	 * only if they have one. */
	f.critical_only = views[q->view].critical_only;
	review_filter_kind(&f, q->kind);
	if (log_runs(a->rl.log, &f, &runs, &n, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	if (n > QUEUE_MAX_ROWS) {
		n = QUEUE_MAX_ROWS;
		q->more = true;
	}
	q->rows = xcalloc(n + 1, sizeof(*q->rows));
	counts = xcalloc(n + 1, sizeof(*counts));
	review_counts(a->rl.log, catalog_lookup_text, &a->catalog, runs, n,
	    clock_now_ms(), counts);
	for (i = 0; i < n; i++) {
		if ((f.critical_only && counts[i].have && counts[i].critical == 0) ||
		    !review_has_kind(&counts[i], q->kind))
			continue;
		q->rows[q->n].ri = runs[i];
		q->rows[q->n++].counts = counts[i];
	}
	free(counts);
	free(runs);
	free(text);
	if (q->selected >= (int)q->n)
		q->selected = q->n > 0 ? (int)q->n - 1 : 0;
	count_month(a, q);
	q->second = app_second_waiting(a);
}

static void
queue_init(struct app *a)
{
	Q(a)->kind = -1;
}

static void
queue_enter(struct app *a)
{
	struct log_error err;

	/* Reading the queue shows others' cases: once a session, logged. */
	if (!a->queue_logged) {
		if (review_record_access(a->rl.log, ACCESS_READ_QUEUE, NULL, &err) != LOG_OK) {
			app_message(a, true, "%s", err.message);
			app_go(a, SCR_HOME);
			return;
		}
		a->queue_logged = true;
	}
	load(a);
}

static void
queue_fini(struct app *a)
{
	free(Q(a)->rows);
}

/* "3 (1!)" for findings, "-" when they could not be computed. */
static void
findings_text(const struct qrow *row, char *out, size_t size)
{
	if (!row->counts.have)
		snprintf(out, size, "-");
	else if (row->counts.critical > 0)
		snprintf(out, size, "%zu (%zu!)", row->counts.count, row->counts.critical);
	else
		snprintf(out, size, "%zu", row->counts.count);
}

static const char *
state_text(const struct log_run_info *ri)
{
	int review = review_state_of(ri->review), status = run_status_of(ri->status);

	if (review > REVIEW_NONE)
		return _(review_state_label((enum review_state)review));
	if (status == RUN_COMPLETED || status == RUN_ABORTED || status == RUN_PAUSED)
		return _(run_status_label((enum run_status)status));
	return _("open");
}

/* One row in columns: case, routine, caseworker, started, state, time,
 * findings. */
static void
draw_queue_row(struct app *a, int y, const struct qrow *row, bool selected)
{
	const struct routine *r = catalog_find_text(&a->catalog, row->ri.routine_id,
	    row->ri.routine_hash);
	time_t t = (time_t)(row->ri.started / 1000);
	char when[32], mins[16], found[32];
	struct tm tm;
	static const int x[] = { 1, 16, 32, 43, 55, 66, 71 };

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%m-%d %H:%M", &tm);
	snprintf(mins, sizeof(mins), row->counts.have ? "%lld" : "-",
	    (long long)(row->counts.active_ms / 60000));
	findings_text(row, found, sizeof(found));
	draw_row(y, 0, COLS - 1, "", selected);
	if (selected)
		attron(term_attr(PAIR_SELECTED));
	draw_text(y, x[0], x[1] - x[0] - 1, row->ri.case_ref);
	draw_text(y, x[1], x[2] - x[1] - 1, r ? routine_title(r) : row->ri.routine_id);
	draw_text(y, x[2], x[3] - x[2] - 1, row->ri.account);
	draw_text(y, x[3], x[4] - x[3] - 1, when);
	draw_text(y, x[4], x[5] - x[4] - 1, state_text(&row->ri));
	draw_text(y, x[5], x[6] - x[5] - 1, mins);
	if (row->counts.critical > 0 && !selected)
		attron(term_attr(PAIR_WARN));
	draw_text(y, x[6], COLS - 1 - x[6], found);
	if (row->counts.critical > 0 && !selected)
		attroff(term_attr(PAIR_WARN));
	if (selected)
		attroff(term_attr(PAIR_SELECTED));
}

static void
draw_tabs(struct queue *q)
{
	int x = 1, i;

	for (i = 0; i < VIEW_COUNT; i++) {
		char name[64];

		/* The list shown is in brackets: seen without colour too. */
		snprintf(name, sizeof(name), i == (int)q->view ? "[%s]" : " %s ",
		    _(views[i].name));
		if (i == (int)q->view)
			attron(A_REVERSE | A_BOLD);
		draw_text(3, x, COLS - x - 1, name);
		if (i == (int)q->view)
			attroff(A_REVERSE | A_BOLD);
		x += draw_text_width(name) + 1;
	}
}

static void
queue_draw(struct app *a)
{
	struct queue *q = Q(a);
	int top = 6, rows = LINES - 3 - top, y, i;
	char line[256];

	snprintf(line, sizeof(line), _("rutin · review queue · this month: %zu "
	    "started, %zu completed, %zu signed"), q->month_started,
	    q->month_completed, q->month_signed);
	app_draw_frame(a, line);
	attron(A_BOLD);
	mvaddstr(2, 1, _("Filter:"));
	attroff(A_BOLD);
	input_draw(&q->filter, 2, 10, 40, false);
	if (q->period[0] != '\0') {
		snprintf(line, sizeof(line), _("Started: %s"), q->period);
		draw_text(2, 52, COLS - 53, line);
	}
	draw_tabs(q);
	if (q->kind >= 0) {
		snprintf(line, sizeof(line), _("Only runs with: %s (F7: the next kind)"),
		    finding_name((enum finding_kind)q->kind));
		draw_text(4, 1, COLS - 2, line);
	} else if (q->second > 0) {
		/* Steps a second person must confirm wait on her (F5). */
		snprintf(line, sizeof(line), P_("%zu step waits for you as the second "
		    "person: F5 shows it", "%zu steps wait for you as the second person: "
		    "F5 shows them", q->second), q->second);
		attron(term_attr(PAIR_WARN));
		draw_text(4, 1, COLS - 2, line);
		attroff(term_attr(PAIR_WARN));
	}
	attron(A_UNDERLINE);
	draw_text(5, 1, 14, _("Case"));
	draw_text(5, 16, 15, _("Routine"));
	draw_text(5, 32, 10, _("Caseworker"));
	draw_text(5, 43, 11, _("Started"));
	draw_text(5, 55, 10, _("State"));
	draw_text(5, 66, 4, _("Min"));
	draw_text(5, 71, COLS - 72, _("Findings"));
	attroff(A_UNDERLINE);
	if (q->selected < q->top)
		q->top = q->selected;
	if (q->selected >= q->top + rows)
		q->top = q->selected - rows + 1;
	for (i = q->top, y = top; i < (int)q->n && y < top + rows; i++, y++)
		draw_queue_row(a, y, &q->rows[i], i == q->selected);
	if (q->n == 0) {
		draw_text(top, 3, COLS - 6, q->filter.len > 0 ? _("Nothing matches the filter.") :
		    _("No runs in this list."));
	}
	if (q->more) {
		snprintf(line, sizeof(line), _("The first %d runs; type to narrow the list."),
		    QUEUE_MAX_ROWS);
		attron(term_attr(PAIR_DIM));
		draw_text(LINES - 3, 1, COLS - 2, line);
		attroff(term_attr(PAIR_DIM));
	}
	input_draw(&q->filter, 2, 10, 40, true);
}

/* F8: the chosen run to another caseworker; an unfinished run only (the
 * "All runs" list shows them), said before anything is asked. */
static void
ask_handover(struct app *a)
{
	struct queue *q = Q(a);
	char title[256];
	int status;

	if (q->n == 0)
		return;
	q->handover = q->rows[q->selected].ri;
	status = run_status_of(q->handover.status);
	if (status != RUN_ACTIVE && status != RUN_PAUSED) {
		app_message(a, true, "%s", _("Only an unfinished run is handed over: choose "
		    "one in All runs (Tab)."));
		return;
	}
	snprintf(title, sizeof(title), _("Hand %s (%s) over to which caseworker?"),
	    q->handover.case_ref, q->handover.account);
	app_prompt(a, FOR_HANDOVER, title, "", 0);
}

static void
queue_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct queue *q = Q(a);

	if (list_move(&q->selected, (int)q->n, 10, act))
		return;
	switch (act) {
	case ACT_VIEW:
		q->view = (enum view)((q->view + 1) % VIEW_COUNT);
		q->selected = q->top = 0;
		load(a);
		break;
	case ACT_BACK:
		if (q->filter.len > 0) {
			input_clear(&q->filter);
			load(a);
		}
		break;
	case ACT_SELECT:
		if (q->n == 0)
			break;
		a->review_run = q->rows[q->selected].ri;
		app_go(a, SCR_REVIEW);
		break;
	case ACT_ACCESS:
		app_go(a, SCR_ACCESS);
		break;
	case ACT_STATS:
		app_go(a, SCR_STATS);
		break;
	case ACT_PERIOD:
		app_prompt(a, FOR_PERIOD, _("Started in: a month (2026-11), a day, or two days "
		    "(2026-11-01 2026-11-15); empty for all"), q->period, 0);
		break;
	case ACT_SIGN_CLEAN:
		ask_sign_clean(a);
		break;
	case ACT_KIND:
		q->kind = q->kind + 1 < FINDING_KIND_COUNT ? q->kind + 1 : -1;
		q->selected = q->top = 0;
		load(a);
		break;
	case ACT_SWITCH:
		app_go(a, SCR_HOME);
		break;
	case ACT_SECOND:
		app_go(a, SCR_SECOND);
		break;
	case ACT_HANDOVER:
		ask_handover(a);
		break;
	default:
		/* A key that edits the filter, or a paste into it. */
		if (ev == TERM_PASTE || input_key(&q->filter, ev, ch)) {
			q->selected = q->top = 0;
			load(a);
		}
		break;
	}
}

/* The handover the prompt asked for: the one rule (runlog/review.h). */
static enum run_error
handover(struct app *a, const char *to, const char **hint)
{
	static char why[512];
	struct queue *q = Q(a);
	enum handover_refusal refusal;
	struct log_error err;
	enum log_status st = review_handover(a->rl.log, &q->handover, to, &refusal, &err);

	if (st == LOG_E_DENIED && refusal != HANDOVER_MAY) {
		char *msg = review_handover_message(refusal, &q->handover, to);

		snprintf(why, sizeof(why), "%s", msg);
		free(msg);
		*hint = why;
		return RUN_E_TEXT;
	}
	if (st != LOG_OK) {
		snprintf(why, sizeof(why), "%s", err.message);
		*hint = why;
		return RUN_E_TEXT;
	}
	app_message(a, false, _("%s is handed over to %s (logged)."), q->handover.case_ref, to);
	load(a);
	return RUN_OK;
}

/* "YYYY-MM", "YYYY-MM-DD" or two days as [from, to) in ms; false when
 * it is none of them. */
static bool
parse_period(const char *text, int64_t *from, int64_t *to)
{
	char first[16], second[16], day[32], extra;
	int n = sscanf(text, "%15s %15s %c", first, second, &extra), year, month, end;

	if (n == 1 && sscanf(first, "%4d-%2d%n", &year, &month, &end) == 2 && end == 7 &&
	    first[7] == '\0' && year > 0 && month >= 1 && month <= 12) { /* a month: its first day to the next one's */
		snprintf(day, sizeof(day), "%04d-%02d-01", year, month);
		*from = when_parse_day(day, 0);
		snprintf(day, sizeof(day), "%04d-%02d-01", month == 12 ? year + 1 : year,
		    month == 12 ? 1 : month + 1);
		*to = when_parse_day(day, 0);
		return *from >= 0 && *to > *from;
	}
	if (n == 1)
		return (*from = when_parse_day(first, 0)) >= 0 && (*to = when_parse_day(first, 1)) >= 0;
	if (n == 2)
		return (*from = when_parse_day(first, 0)) >= 0 && (*to = when_parse_day(second, 1)) >= 0 &&
		    *to > *from;
	return false;
}

static enum run_error
queue_submit(struct app *a, int purpose, const char *text, unsigned flags,
    struct guard_result *g, const char **hint)
{
	struct queue *q = Q(a);
	int64_t from = 0, to = 0;

	(void)g;
	if (purpose == FOR_SIGN_CLEAN && (flags & RUN_CONFIRMED)) {
		sign_clean(a);
		load(a);
		return RUN_OK;
	}
	if (purpose == FOR_HANDOVER)
		return handover(a, text, hint);
	if (purpose != FOR_PERIOD)
		return RUN_E_STATE;
	if (*text != '\0' && !parse_period(text, &from, &to)) {
		*hint = _("A month as 2026-11, a day as 2026-11-05, or two days.");
		return RUN_E_TEXT;
	}
	q->from = from;
	q->to = to;
	snprintf(q->period, sizeof(q->period), "%s", text);
	q->selected = q->top = 0;
	load(a);
	return RUN_OK;
}

static enum typing
queue_typing(const struct app *a)
{
	(void)a;
	return TYPING_NAMES;
}

static struct input *
queue_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return &Q(a)->filter;
}

static const struct hint queue_hints[] = {
	{ ACT_SELECT, ACT_NONE, N_("open a run") },
	{ ACT_VIEW, ACT_NONE, N_("next list") },
	{ ACT_NONE, ACT_NONE, N_("type to filter") },
	{ ACT_PERIOD, ACT_NONE, N_("period") },
	{ ACT_ACCESS, ACT_NONE, N_("access log") },
	{ ACT_SWITCH, ACT_NONE, N_("routines") },
	{ ACT_SIGN_CLEAN, ACT_NONE, N_("sign clean runs") },
	{ ACT_HANDOVER, ACT_NONE, N_("hand over") },
	{ ACT_SECOND, ACT_NONE, N_("second person") },
	HINTS_END
};


const struct screen_ops queue_screen = {
	.name = "queue",
	.state_size = sizeof(struct queue),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS | KEYS_QUEUE | KEYS_SWITCH,
	.hints = queue_hints,
	.init = queue_init,
	.fini = queue_fini,
	.enter = queue_enter,
	.draw = queue_draw,
	.key = queue_key,
	.submit = queue_submit,
	.typing = queue_typing,
	.field = queue_field,
};

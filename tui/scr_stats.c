/* The unit's figures for a supervisor (F9 on the review queue): this
 * quarter's runs per week as columns of block characters and the
 * findings per routine as bars -- the same numbers rutin report draws
 * (runlog/stats.h), readable at 80x24. [ and ] go to the quarter before
 * and after. Reading it is in the access log, as review stats is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/when.h"
#include "runlog/review.h"
#include "runlog/stats.h"
#include "tui/app.h"
#include "tui/draw.h"

#define COLUMN_ROWS 7

struct stats_screen {
	struct stats st;
	bool loaded;
	int year, quarter;         /* the quarter shown */
	char label[64];
};

static struct stats_screen *
S(struct app *a)
{
	return app_state(a, SCR_STATS);
}

static const struct routine *
find_routine(void *ctx, const char *id, const char *hash)
{
	return catalog_find_text(&((struct app *)ctx)->catalog, id, hash);
}

static void
load(struct app *a)
{
	struct stats_screen *s = S(a);
	struct when_period p;
	struct log_error err;
	char name[16];

	if (s->loaded)
		stats_free(&s->st);
	s->loaded = false;
	snprintf(name, sizeof(name), "%04d-Q%d", s->year, s->quarter);
	if (!when_parse_period(name, &p))
		return;
	snprintf(s->label, sizeof(s->label), "%s", p.label);
	if (stats_collect(a->rl.log, find_routine, a, p.from, p.to, NULL, 0, clock_now_ms(),
	    &s->st, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	s->loaded = true;
}

static void
stats_enter(struct app *a)
{
	struct stats_screen *s = S(a);
	struct log_error err;
	time_t t = clock_now();
	struct tm tm;

	localtime_r(&t, &tm);
	s->year = tm.tm_year + 1900;
	s->quarter = tm.tm_mon / 3 + 1;
	if (review_record_access(a->rl.log, ACCESS_READ_STATS, NULL, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		app_go(a, SCR_QUEUE);
		return;
	}
	load(a);
}

static void
stats_leave(struct app *a)
{
	struct stats_screen *s = S(a);

	if (s->loaded)
		stats_free(&s->st);
	s->loaded = false;
}

/* One cell of a column `units` eighths high, at row r from the bottom. */
static const char *
column_cell(long units, int r, bool utf8)
{
	static const char *const eighths[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇" };
	long here = units - 8L * r;

	if (here >= 8)
		return utf8 ? "█" : "#";
	if (here <= 0)
		return " ";
	return utf8 ? eighths[here - 1] : (here >= 4 ? "#" : ".");
}

static void
draw_weeks(const struct stats *st, int y, bool utf8)
{
	size_t i, max = 1;
	int r, x;
	char buf[24];

	for (i = 0; i < st->nweeks; i++) {
		size_t n = 0, k;

		for (k = 0; k < RUN_STATUS_COUNT; k++)
			n += st->weeks[i].status[k];
		if (n > max)
			max = n;
	}
	snprintf(buf, sizeof(buf), "%zu", max);
	mvaddstr(y, 1, buf);
	mvaddstr(y + COLUMN_ROWS - 1, 1, "0");
	for (i = 0, x = 6; i < st->nweeks && x + 4 < COLS; i++, x += 5) {
		size_t n = 0, k;
		long units;
		time_t t = (time_t)(st->weeks[i].monday / 1000);
		struct tm tm;

		for (k = 0; k < RUN_STATUS_COUNT; k++)
			n += st->weeks[i].status[k];
		units = (long)(n * COLUMN_ROWS * 8 / max);
		for (r = 0; r < COLUMN_ROWS; r++) {
			const char *cell = column_cell(units, r, utf8);

			mvaddstr(y + COLUMN_ROWS - 1 - r, x, cell);
			mvaddstr(y + COLUMN_ROWS - 1 - r, x + 1, cell);
			mvaddstr(y + COLUMN_ROWS - 1 - r, x + 2, cell);
		}
		localtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%V", &tm);
		mvaddstr(y + COLUMN_ROWS, x, buf);
		snprintf(buf, sizeof(buf), "%zu", n);
		mvaddstr(y + COLUMN_ROWS + 1, x, buf);
	}
}

static void
draw_findings(const struct stats *st, int y, int bottom)
{
	size_t i, max = 1;
	int label = 30, width = COLS - label - 10;
	char buf[32];

	for (i = 0; i < st->nroutines; i++) {
		size_t n = 0, k;

		for (k = 0; k < FINDING_KIND_COUNT; k++)
			n += k != FINDING_NOTES ? st->routines[i].kinds[k] : 0;
		if (n > max)
			max = n;
	}
	for (i = 0; i < st->nroutines && y < bottom; i++, y++) {
		const struct stats_routine *r = &st->routines[i];
		size_t n = 0, k;
		int len;

		for (k = 0; k < FINDING_KIND_COUNT; k++)
			n += k != FINDING_NOTES ? r->kinds[k] : 0;
		draw_text(y, 1, label - 2, r->r ? routine_title(r->r) : r->id);
		len = draw_bar(y, label, width, n, max);
		snprintf(buf, sizeof(buf), "%zu", n);
		mvaddstr(y, label + len + 1, buf);
	}
}

static void
stats_draw(struct app *a)
{
	struct stats_screen *s = S(a);
	size_t i, runs = 0, completed = 0, signed_ = 0, critical = 0;
	bool utf8 = term_utf8();
	char line[256], title[128];

	snprintf(title, sizeof(title), _("rutin · the unit's figures · %s"), s->label);
	app_draw_frame(a, title);
	if (!s->loaded)
		return;
	for (i = 0; i < s->st.nroutines; i++) {
		runs += s->st.routines[i].started;
		completed += s->st.routines[i].completed;
		signed_ += s->st.routines[i].signed_;
		critical += s->st.routines[i].with_critical;
	}
	snprintf(line, sizeof(line), _("Runs %zu · completed %zu · signed %zu · with critical "
	    "findings %zu"), runs, completed, signed_, critical);
	draw_text(2, 1, COLS - 2, line);
	attron(A_BOLD);
	draw_text(4, 1, COLS - 2, _("Runs started per week (week numbers, then runs)"));
	attroff(A_BOLD);
	draw_weeks(&s->st, 5, utf8);
	attron(A_BOLD);
	draw_text(5 + COLUMN_ROWS + 3, 1, COLS - 2, _("Findings per routine"));
	attroff(A_BOLD);
	if (runs == 0)
		draw_text(5 + COLUMN_ROWS + 4, 3, COLS - 6, _("No runs were started in the "
		    "period."));
	draw_findings(&s->st, 5 + COLUMN_ROWS + 4, LINES - 3);
}

static void
stats_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct stats_screen *s = S(a);

	(void)ev;
	(void)ch;
	if (act == ACT_BACK || act == ACT_STATS) {
		app_go(a, SCR_QUEUE);
		return;
	}
	if (act != ACT_PERIOD_PREV && act != ACT_PERIOD_NEXT)
		return;
	s->quarter += act == ACT_PERIOD_PREV ? -1 : 1;
	if (s->quarter < 1) {
		s->quarter = 4;
		s->year--;
	} else if (s->quarter > 4) {
		s->quarter = 1;
		s->year++;
	}
	load(a);
}

static const struct hint stats_hints[] = {
	{ ACT_PERIOD_PREV, ACT_PERIOD_NEXT, N_("quarter before/after") },
	{ ACT_BACK, ACT_NONE, N_("queue") },
	HINTS_END
};

const struct screen_ops stats_screen = {
	.name = "stats",
	.state_size = sizeof(struct stats_screen),
	.keys = KEYS_STATS,
	.hints = stats_hints,
	.fini = stats_leave,
	.enter = stats_enter,
	.leave = stats_leave,
	.draw = stats_draw,
	.key = stats_key,
};

/* The unit's egenkontroll report (unit.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "draw/chart.h"
#include "draw/pdfdoc.h"
#include "report/unit.h"

#define TOP_STEPS 10
#define MAX_DEADLINE_RUNS 40

/* ---- Words and numbers ---- */

/* Short, for a table's narrow column. */
static const char *const month_names[] = { N_("Jan."), N_("Feb."), N_("Mar."),
	N_("Apr."), N_("May"), N_("June"), N_("July"), N_("Aug."), N_("Sep."),
	N_("Oct."), N_("Nov."), N_("Dec.") };

/* "nov. 2026" from "2026-11". */
static void
month_words(char *buf, size_t size, const char *ym)
{
	int y = 0, m = 0;

	if (sscanf(ym, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
		snprintf(buf, size, "%s\u00a0%d", _(month_names[m - 1]), y); /* one word */
	else
		snprintf(buf, size, "%s", ym);
}

/* A count as the report may show it: "< 5" below the small limit. */
static void
count(char *buf, size_t size, size_t n)
{
	if (n > 0 && n < UNIT_REPORT_SMALL)
		snprintf(buf, size, "< %d", UNIT_REPORT_SMALL);
	else
		snprintf(buf, size, "%zu", n);
}

/* A share in per cent, or "–" when its base is too small to say one. */
static void
share(char *buf, size_t size, size_t part, size_t whole)
{
	if (whole < UNIT_REPORT_SMALL)
		snprintf(buf, size, "–");
	else
		snprintf(buf, size, "%zu %%", 100 * part / whole);
}

/* A number with one decimal, the decimal sign of the language ("1,5"). */
static void
decimal(char *buf, size_t size, size_t num, size_t den)
{
	size_t tenths = den ? (10 * num + den / 2) / den : 0;

	/* TRANSLATORS: a number with one decimal; Swedish writes a comma. */
	snprintf(buf, size, _("%zu.%zu"), tenths / 10, tenths % 10);
}

/* Cuts `s` at a space before `max` bytes, with "…". */
static void
cut_words(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	for (n = max - 4; n > 0 && s[n] != ' '; n--)
		;
	memcpy(s + n, "…", sizeof("…"));
}

static const char *
routine_title_of(const struct stats *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nroutines; i++)
		if (strcmp(s->routines[i].id, id) == 0 && s->routines[i].r != NULL)
			return routine_title(s->routines[i].r);
	return id;
}

/* ---- The summary ---- */

struct totals {
	size_t started, completed, unfinished, aborted, returned, signed_, critical, known;
};

static void
totals_of(const struct stats *s, struct totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; s != NULL && i < s->nroutines; i++) {
		const struct stats_routine *r = &s->routines[i];

		t->started += r->started;
		t->completed += r->completed;
		t->unfinished += r->active + r->paused;
		t->aborted += r->aborted;
		t->returned += r->returned;
		t->signed_ += r->signed_;
		t->critical += r->with_critical;
		t->known += r->started - r->unknown;
	}
}

static void
summary_table(struct pdfdoc *d, const struct unit_report *r)
{
	static const double widths[] = { 0.5, 0.25, 0.25 };
	static const bool numeric[] = { false, true, true };
	struct totals a, b;
	const char *head[3];
	char cells[8][3][96];
	const char *cp[8 * 3];
	size_t i, k;

	totals_of(r->now, &a);
	totals_of(r->prev, &b);
	head[0] = _("Indicator");
	head[1] = r->period;
	head[2] = r->before;
	{
		size_t va[7] = { a.started, a.completed, a.unfinished, a.aborted, a.returned,
			a.signed_, 0 };
		size_t vb[7] = { b.started, b.completed, b.unfinished, b.aborted, b.returned,
			b.signed_, 0 };
		const char *labels[8] = { N_("Runs started"), N_("Completed"),
			N_("Unfinished (active or paused)"), N_("Aborted"),
			N_("Returned for correction"), N_("Signed by a supervisor"),
			N_("With critical findings"), N_("Findings not known (routine changed "
			"or not installed)") };

		for (i = 0; i < 6; i++) {
			snprintf(cells[i][0], sizeof(cells[i][0]), "%s", _(labels[i]));
			count(cells[i][1], sizeof(cells[i][1]), va[i]);
			count(cells[i][2], sizeof(cells[i][2]), vb[i]);
		}
		snprintf(cells[6][0], sizeof(cells[6][0]), "%s", _(labels[6]));
		share(cells[6][1], sizeof(cells[6][1]), a.critical, a.known);
		share(cells[6][2], sizeof(cells[6][2]), b.critical, b.known);
		snprintf(cells[7][0], sizeof(cells[7][0]), "%s", _(labels[7]));
		count(cells[7][1], sizeof(cells[7][1]), a.started - a.known);
		count(cells[7][2], sizeof(cells[7][2]), b.started - b.known);
	}
	for (i = 0; i < 8; i++)
		for (k = 0; k < 3; k++)
			cp[3 * i + k] = cells[i][k];
	chart_table(d, &(struct chart_table){ head, 3, cp, 8, widths, numeric });
}

static const struct stats_routine *
prev_routine(const struct stats *s, const char *id)
{
	size_t i;

	for (i = 0; s != NULL && i < s->nroutines; i++)
		if (strcmp(s->routines[i].id, id) == 0)
			return &s->routines[i];
	return NULL;
}

static void
minutes_cell(char *buf, size_t size, const struct stats_routine *r)
{
	if (r == NULL || r->timed == 0)
		snprintf(buf, size, "–");
	else if (r->timed < UNIT_REPORT_SMALL)
		snprintf(buf, size, _("(< %d runs)"), UNIT_REPORT_SMALL);
	else
		snprintf(buf, size, _("%lld min"), (long long)(stats_median(r->active_ms,
		    r->timed) / 60000));
}

static void
median_table(struct pdfdoc *d, const struct unit_report *r)
{
	static const double widths[] = { 0.4, 0.2, 0.2, 0.2 };
	static const bool numeric[] = { false, true, true, true };
	const struct stats *s = r->now;
	char (*cells)[4][128] = xcalloc(s->nroutines + 1, sizeof(*cells));
	const char **cp = xcalloc(4 * s->nroutines + 1, sizeof(*cp));
	const char *head[4];
	char h2[96], h3[96];
	size_t i, k;

	snprintf(h2, sizeof(h2), _("Median, %s"), r->period);
	snprintf(h3, sizeof(h3), _("Median, %s"), r->before);
	head[0] = _("Routine");
	head[1] = _("Completed");
	head[2] = h2;
	head[3] = h3;
	for (i = 0; i < s->nroutines; i++) {
		const struct stats_routine *sr = &s->routines[i];

		snprintf(cells[i][0], sizeof(cells[i][0]), "%s", sr->r ? routine_title(sr->r) :
		    sr->id);
		count(cells[i][1], sizeof(cells[i][1]), sr->completed);
		minutes_cell(cells[i][2], sizeof(cells[i][2]), sr);
		minutes_cell(cells[i][3], sizeof(cells[i][3]), prev_routine(r->prev, sr->id));
		for (k = 0; k < 4; k++)
			cp[4 * i + k] = cells[i][k];
	}
	pdfdoc_text(d, PDFDOC_HEADING, 0, _("Time spent on a completed run, per routine"));
	pdfdoc_text(d, PDFDOC_SMALL, 0, _("The median active time (pauses left out) of the "
	    "runs completed."));
	chart_table(d, &(struct chart_table){ head, 4, cp, s->nroutines, widths, numeric });
	free(cp);
	free(cells);
}

static void
first_page(struct pdfdoc *d, const struct unit_report *r)
{
	char line[512], made[32];

	pdfdoc_text(d, PDFDOC_TITLE, 0, _("Internal control: routines for protected data"));
	if (!r->verified) {
		snprintf(line, sizeof(line), _("THE LOG DID NOT VERIFY when this report was made: "
		    "%s. The figures below come from a log that may have been altered."),
		    r->verify);
		pdfdoc_text(d, PDFDOC_HEADING, 0, line);
	}
	snprintf(line, sizeof(line), _("Unit: %s"), r->unit);
	pdfdoc_text(d, PDFDOC_BODY, 0, line);
	snprintf(line, sizeof(line), _("Period: %s (beside it: %s)"), r->period, r->before);
	pdfdoc_text(d, PDFDOC_BODY, 0, line);
	when_format(made, sizeof(made), r->made);
	snprintf(line, sizeof(line), _("Made %s by %s with rutin"), made, r->made_by);
	pdfdoc_text(d, PDFDOC_BODY, 0, line);
	snprintf(line, sizeof(line), _("Log: %.16s…; verified when made: %s"), r->log_id,
	    r->verify);
	pdfdoc_text(d, PDFDOC_SMALL, 0, line);
	snprintf(line, sizeof(line), _("No case references or names of the people in the "
	    "cases are in this report. A count below %d is written \"< %d\" so that no "
	    "single case can be picked out."), UNIT_REPORT_SMALL, UNIT_REPORT_SMALL);
	pdfdoc_text(d, PDFDOC_SMALL, 0, line);
	pdfdoc_space(d, 8);
	summary_table(d, r);
	median_table(d, r);
}

/* ---- Charts ---- */

static void
weeks_chart(struct pdfdoc *d, const struct stats *s)
{
	static const enum run_status order[] = { RUN_COMPLETED, RUN_PAUSED, RUN_ACTIVE,
		RUN_ABORTED };
	char (*labels)[16] = xcalloc(s->nweeks + 1, sizeof(*labels));
	const char **lp = xcalloc(s->nweeks + 1, sizeof(*lp));
	double *v = xcalloc(4 * (s->nweeks + 1), sizeof(*v));
	struct chart_series series[4];
	size_t i, k;

	for (i = 0; i < s->nweeks; i++) {
		time_t t = (time_t)(s->weeks[i].monday / 1000);
		struct tm tm;
		char week[8];

		localtime_r(&t, &tm);
		strftime(week, sizeof(week), "%V", &tm);
		snprintf(labels[i], sizeof(labels[i]), "%s", week);
		lp[i] = labels[i];
		for (k = 0; k < 4; k++)
			v[k * s->nweeks + i] = (double)s->weeks[i].status[order[k]];
	}
	for (k = 0; k < 4; k++) {
		series[k].name = _(run_status_label(order[k]));
		series[k].values = v + k * s->nweeks;
	}
	chart_draw(d, &(struct chart){ .title = _("Runs started per week, by their status "
	    "now"), .kind = CHART_COLUMNS, .labels = lp, .nlabels = s->nweeks,
	    .series = series, .nseries = 4, .axis = _("runs; the weeks by their numbers"),
	    .small = UNIT_REPORT_SMALL,
	    .empty = _("No runs were started in the period.") });
	free(v);
	free(lp);
	free(labels);
}

static void
findings_chart(struct pdfdoc *d, const struct stats *s)
{
	const char **lp = xcalloc(s->nroutines + 1, sizeof(*lp));
	double *v = xcalloc((size_t)FINDING_KIND_COUNT * (s->nroutines + 1), sizeof(*v));
	struct chart_series series[FINDING_KIND_COUNT];
	size_t i, n = 0;
	int k;

	for (i = 0; i < s->nroutines; i++)
		lp[i] = s->routines[i].r ? routine_title(s->routines[i].r) : s->routines[i].id;
	for (k = 0; k < FINDING_KIND_COUNT; k++) {
		size_t sum = 0;

		for (i = 0; i < s->nroutines; i++)
			sum += s->routines[i].kinds[k];
		if (sum == 0 || k == FINDING_NOTES)
			continue; /* notes are no finding to report on */
		for (i = 0; i < s->nroutines; i++)
			v[n * s->nroutines + i] = (double)s->routines[i].kinds[k];
		series[n].name = finding_name((enum finding_kind)k);
		series[n].values = v + n * s->nroutines;
		n++;
	}
	chart_draw(d, &(struct chart){ .title = _("Findings per routine and kind"),
	    .kind = CHART_BARS, .labels = lp, .nlabels = n > 0 ? s->nroutines : 0,
	    .series = series, .nseries = n, .axis = _("findings"),
	    .small = UNIT_REPORT_SMALL, .empty = _("No findings in the period.") });
	free(v);
	free(lp);
}

static void
steps_chart(struct pdfdoc *d, const struct stats *s)
{
	size_t n = s->nsteps < TOP_STEPS ? s->nsteps : TOP_STEPS, i;
	char (*labels)[512] = xcalloc(n + 1, sizeof(*labels));
	const char **lp = xcalloc(n + 1, sizeof(*lp));
	double *v = xcalloc(2 * (n + 1), sizeof(*v));
	struct chart_series series[2] = { { _("skipped"), v }, { _("not applicable"), v + n } };

	for (i = 0; i < n; i++) {
		const struct stats_step *st = &s->steps[i];
		const struct stats_routine *sr = prev_routine(s, st->routine);
		const struct step *step = sr && sr->r ? routine_step(sr->r, (size_t)st->step) : NULL;

		snprintf(labels[i], sizeof(labels[i]), "%s: %s",
		    sr && sr->r ? routine_title(sr->r) : st->routine,
		    step ? step->prompt : "?");
		cut_words(labels[i], 110);
		lp[i] = labels[i];
		v[i] = (double)st->skipped;
		v[n + i] = (double)st->not_applicable;
	}
	chart_draw(d, &(struct chart){ .title = _("The steps most often skipped or marked "
	    "not applicable"), .kind = CHART_BARS, .labels = lp, .nlabels = n,
	    .series = series, .nseries = 2, .axis = _("runs"), .small = UNIT_REPORT_SMALL,
	    .empty = _("No step was skipped or marked not applicable.") });
	free(v);
	free(lp);
	free(labels);
}

/* One chart per declared deadline: each run's time against the limit. */
static void
deadline_chart(struct pdfdoc *d, const struct stats *s, size_t first)
{
	const struct stats_deadline *x = &s->deadlines[first];
	size_t cap = s->ndeadlines - first, n = 0, i;
	char (*labels)[16] = xcalloc(cap + 1, sizeof(*labels));
	const char **lp = xcalloc(cap + 1, sizeof(*lp));
	double *v = xcalloc(2 * (cap + 1), sizeof(*v)), limit = -1;
	char title[512], line[128];
	bool same = true;

	for (i = first; i < s->ndeadlines && n < MAX_DEADLINE_RUNS; i++) {
		const struct stats_deadline *y = &s->deadlines[i];

		if (y->d != x->d)
			continue;
		snprintf(labels[n], sizeof(labels[n]), "%zu", n + 1);
		lp[n] = labels[n];
		/* hours, to a tenth */
		v[(y->met ? 0 : cap) + n] = (double)((y->taken_ms + 180000) / 360000) / 10;
		if (limit >= 0 && limit != (double)y->allowed_ms / 3600000.0)
			same = false;
		limit = (double)y->allowed_ms / 3600000.0;
		n++;
	}
	snprintf(title, sizeof(title), _("%s (%s): hours from the start of each run"),
	    x->d->title, routine_title_of(s, x->routine));
	snprintf(line, sizeof(line), _("the limit, %g hours"), limit);
	chart_draw(d, &(struct chart){ .title = title, .kind = CHART_BARS, .labels = lp,
	    .nlabels = n, .series = (struct chart_series[]){ { _("met"), v },
	    { _("not met yet, or not met"), v + cap } }, .nseries = 2, .axis = _("hours"),
	    .line_label = same && limit >= 0 ? line : NULL, .line_at = limit,
	    .clamp_at = same && limit > 0 ? 3 * limit : 0 });
	free(v);
	free(lp);
	free(labels);
}

static void
deadline_charts(struct pdfdoc *d, const struct stats *s)
{
	size_t i, j;

	for (i = 0; i < s->ndeadlines; i++) {
		for (j = 0; j < i && s->deadlines[j].d != s->deadlines[i].d; j++)
			;
		if (j == i) /* the first run of this deadline */
			deadline_chart(d, s, i);
	}
}

static void
latency_chart(struct pdfdoc *d, const struct stats *s)
{
	static const int64_t day = 86400000;
	static const int64_t bounds[] = { 1, 2, 7, 14, 28 };
	const char *labels[] = { N_("< 1 day"), N_("1–2 days"), N_("2–7 days"),
		N_("1–2 weeks"), N_("2–4 weeks"), N_("> 4 weeks") };
	const char *lp[6];
	double v[6] = { 0 };
	size_t i, b;

	for (i = 0; i < 6; i++)
		lp[i] = _(labels[i]);
	for (i = 0; i < s->nlatencies; i++) {
		for (b = 0; b < 5 && s->latencies[i].ms >= bounds[b] * day; b++)
			;
		v[b]++;
	}
	chart_draw(d, &(struct chart){ .title = _("From completed to signed"),
	    .kind = CHART_COLUMNS, .labels = lp, .nlabels = 6,
	    .series = (struct chart_series[]){ { _("signed runs"), v } }, .nseries = 1,
	    .axis = _("signed runs"), .small = UNIT_REPORT_SMALL,
	    .empty = _("No run completed in the period has been signed.") });
}

/* ---- Tables ---- */

static void
cells_table(struct pdfdoc *d, const struct stats *s)
{
	static const double widths[] = { 0.19, 0.14, 0.07, 0.11, 0.08, 0.09, 0.09, 0.12, 0.11 };
	static const bool numeric[] = { false, false, true, true, true, true, true, true, true };
	const char *head[9] = { _("Routine"), _("Month"), _("Runs"), _("Completed"),
		_("Signed"), _("Findings per run"), _("Critical skips"),
		_("Contact details confirmed"), _("Median minutes") };
	char (*cells)[9][128] = xcalloc(s->ncells + 1, sizeof(*cells));
	const char **cp = xcalloc(9 * s->ncells + 1, sizeof(*cp));
	size_t i, k;

	for (i = 0; i < s->ncells; i++) {
		const struct stats_cell *c = &s->cells[i];

		snprintf(cells[i][0], sizeof(cells[i][0]), "%s", routine_title_of(s, c->routine));
		month_words(cells[i][1], sizeof(cells[i][1]), c->month);
		count(cells[i][2], sizeof(cells[i][2]), c->runs);
		share(cells[i][3], sizeof(cells[i][3]), c->completed, c->runs);
		share(cells[i][4], sizeof(cells[i][4]), c->signed_, c->completed);
		decimal(cells[i][5], sizeof(cells[i][5]), c->findings, c->runs);
		count(cells[i][6], sizeof(cells[i][6]), c->critical_skips);
		count(cells[i][7], sizeof(cells[i][7]), c->confirmed_flags);
		if (c->timed >= UNIT_REPORT_SMALL)
			snprintf(cells[i][8], sizeof(cells[i][8]), "%lld",
			    (long long)stats_median(c->minutes, c->timed));
		else
			snprintf(cells[i][8], sizeof(cells[i][8]), "–");
		for (k = 0; k < 9; k++)
			cp[9 * i + k] = cells[i][k];
	}
	pdfdoc_new_page(d);
	pdfdoc_text(d, PDFDOC_HEADING, 0, _("Indicators per routine and month"));
	pdfdoc_text(d, PDFDOC_SMALL, 0, _("As rutin review stats computes them, for the runs "
	    "started in the period. Shares and medians of fewer than 5 runs are not given."));
	if (s->ncells == 0)
		pdfdoc_text(d, PDFDOC_BODY, 1, _("No runs were started in the period."));
	else
		chart_table(d, &(struct chart_table){ head, 9, cp, s->ncells, widths, numeric });
	free(cp);
	free(cells);
}

/* With names, for the unit's own use: the time to signature per
 * caseworker. */
static void
names_table(struct pdfdoc *d, const struct stats *s)
{
	static const double widths[] = { 0.5, 0.25, 0.25 };
	static const bool numeric[] = { false, true, true };
	const char *head[3] = { _("Caseworker"), _("Signed runs"), _("Median days to "
	    "signature") };
	char (*cells)[3][96] = xcalloc(s->nlatencies + 1, sizeof(*cells));
	const char **cp = xcalloc(3 * s->nlatencies + 1, sizeof(*cp));
	int64_t *ms = xcalloc(s->nlatencies + 1, sizeof(*ms));
	size_t i, j, rows = 0, n;

	for (i = 0; i < s->nlatencies; i++) {
		for (j = 0; j < i && strcmp(s->latencies[j].account, s->latencies[i].account); j++)
			;
		if (j < i)
			continue;
		for (n = 0, j = i; j < s->nlatencies; j++) /* sorted: medians in order */
			if (strcmp(s->latencies[j].account, s->latencies[i].account) == 0)
				ms[n++] = s->latencies[j].ms;
		snprintf(cells[rows][0], sizeof(cells[rows][0]), "%s", s->latencies[i].account);
		snprintf(cells[rows][1], sizeof(cells[rows][1]), "%zu", n);
		decimal(cells[rows][2], sizeof(cells[rows][2]), (size_t)stats_median(ms, n),
		    86400000);
		for (j = 0; j < 3; j++)
			cp[3 * rows + j] = cells[rows][j];
		rows++;
	}
	pdfdoc_text(d, PDFDOC_HEADING, 0, _("From completed to signed, per caseworker (for "
	    "the unit's own use)"));
	chart_table(d, &(struct chart_table){ head, 3, cp, rows, widths, numeric });
	free(ms);
	free(cp);
	free(cells);
}

void
unit_report_draw(struct pdfdoc *d, const struct unit_report *r)
{
	first_page(d, r);
	if (r->now->runs == 0) { /* one page that says so, no empty charts */
		pdfdoc_space(d, 8);
		pdfdoc_text(d, PDFDOC_HEADING, 0, _("No runs were started in the period: "
		    "there is nothing more to report."));
		return;
	}
	pdfdoc_new_page(d);
	weeks_chart(d, r->now);
	findings_chart(d, r->now);
	steps_chart(d, r->now);
	deadline_charts(d, r->now);
	latency_chart(d, r->now);
	if (r->with_names)
		names_table(d, r->now);
	cells_table(d, r->now);
}

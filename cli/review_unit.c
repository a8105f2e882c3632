/* rutin review sample | stats | handover: the unit's internal control
 * (a reproducible sample, indicators per routine and month) and handing
 * a run to another caseworker. The group's session: review.h. */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/vocab.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "runlog/findings.h"
#include "runlog/review.h"
#include "runlog/stats.h"
#include "runlog/sample.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"

/* ---- sample ---- */

/* --size and --seed as numbers; 0, or the exit status. A draw without a
 * seed gets a random one, printed and logged, so it can be redrawn. */
static int
sample_numbers(struct session *s, size_t *size, uint64_t *seed)
{
	char *end;
	unsigned long long v;

	v = s->o.size ? strtoull(s->o.size, &end, 10) : 0;
	if (s->o.size == NULL || *end != '\0' || v < 1 || v > 100000) {
		fprintf(stderr, _("rutin %s: --size wants how many runs to draw, 1 to "
		    "100000\n"), s->cmd);
		return EXIT_USAGE;
	}
	*size = (size_t)v;
	if (s->o.seed == NULL) {
		randombytes_buf(seed, sizeof(*seed));
		*seed &= 0xffffffffffffULL; /* short enough to note down */
		return 0;
	}
	v = strtoull(s->o.seed, &end, 10);
	if (*s->o.seed == '\0' || *end != '\0' || s->o.seed[0] == '-') {
		fprintf(stderr, _("rutin %s: --seed wants a whole number\n"), s->cmd);
		return EXIT_USAGE;
	}
	*seed = v;
	return 0;
}

/* The sample as an event: its period, size, seed and every run in it. */
static int
log_sample(struct session *s, const struct sample_item *items, size_t n, size_t size,
    uint64_t seed)
{
	char seed_text[32], size_text[32], *runs = xcalloc(n * (LOG_ID_LEN + 1) + 1, 1);
	struct log_field f[5] = {
		{ "from", s->o.from, 0 }, { "runs", runs, 0 }, { "seed", seed_text, 0 },
		{ "size", size_text, 0 }, { "to", s->o.to, 0 },
	};
	struct log_event_in in = { event_name(EV_REVIEW_SAMPLED), NULL, 0, f, 5 };
	struct log_error err;
	size_t i, used = 0;
	int rc = 0;

	snprintf(seed_text, sizeof(seed_text), "%" PRIu64, seed);
	snprintf(size_text, sizeof(size_text), "%zu", size);
	for (i = 0; i < n; i++)
		if (items[i].taken)
			used += (size_t)snprintf(runs + used, LOG_ID_LEN + 2, "%s%s",
			    used ? " " : "", items[i].run_id);
	if (log_append(s->log, &in, NULL, &err) != LOG_OK)
		rc = cmd_report(s->cmd, &err);
	free(runs);
	return rc;
}

/* A sampled run: why it is in the sample ("critical": its findings;
 * "drawn": by chance). */
static const char *const sample_columns[] = { "run", "why", "caseworker", "routine",
	"case_ref" };

static int
review_sample(struct session *s, const char *unused)
{
	struct log_run_filter f = { .account = NULL };
	struct log_run_info *runs = NULL, *in = NULL;
	struct sample_item *items;
	struct log_error err;
	int64_t from, to;
	uint64_t seed;
	size_t n = 0, m = 0, size, i, drawn, critical = 0;
	enum format fmt;
	int rc;

	(void)unused;
	if ((rc = review_parse_format(s, 7, &fmt)) != 0)
		return rc;
	if (s->o.from == NULL || s->o.to == NULL ||
	    (from = when_parse_day(s->o.from, 0)) < 0 || (to = when_parse_day(s->o.to, 1)) < 0) {
		fprintf(stderr, _("rutin %s: give the period as --from YYYY-MM-DD --to "
		    "YYYY-MM-DD\n"), s->cmd);
		return EXIT_USAGE;
	}
	if ((rc = sample_numbers(s, &size, &seed)) != 0)
		return rc;
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	in = xcalloc(n + 1, sizeof(*in));
	items = xcalloc(n + 1, sizeof(*items));
	for (i = 0; i < n; i++) {
		struct findings fs;
		char why[512];

		if (runs[i].started < from || runs[i].started >= to ||
		    run_status_of(runs[i].status) != RUN_COMPLETED)
			continue;
		in[m] = runs[i];
		items[m].run_id = in[m].run_id;
		items[m].routine_id = in[m].routine_id;
		/* Findings that cannot be computed count as critical: such a run
		 * is always looked at. */
		items[m].critical = review_session_findings(s, &in[m], &fs, why, sizeof(why)) != RUN_OK ||
		    fs.critical > 0;
		findings_free(&fs);
		m++;
	}
	drawn = sample_draw(items, m, size, seed);
	if (fmt != FORMAT_TEXT)
		review_print_header(fmt, sample_columns, 5);
	for (i = 0; i < m; i++) {
		critical += items[i].critical;
		if (!items[i].taken)
			continue;
		if (fmt != FORMAT_TEXT) {
			const char *v[5] = { in[i].run_id, items[i].by_chance ? "drawn" : "critical",
				in[i].account, in[i].routine_id, in[i].case_ref };

			review_print_row(fmt, sample_columns, v, 5);
			continue;
		}
		printf("%.8s  %-20s ", in[i].run_id, items[i].by_chance ? _("drawn") :
		    _("critical findings"));
		utf8_write_visible(stdout, in[i].account);
		fputs("  ", stdout);
		utf8_write_visible(stdout, in[i].routine_id);
		fputs("  ", stdout);
		cmdline_print_clean(stdout, in[i].case_ref);
	}
	rc = log_sample(s, items, m, size, seed);
	if (rc == 0 && !cmdline_stdout_ok())
		rc = cmdline_output_failed(s->cmd);
	if (rc == 0)
		fprintf(stderr, P_("rutin %s: %zu completed run in the period; %zu with "
		    "critical findings, %zu drawn with seed %" PRIu64 " (logged; the same "
		    "seed draws the same sample)\n", "rutin %s: %zu completed runs in the "
		    "period; %zu with critical findings, %zu drawn with seed %" PRIu64
		    " (logged; the same seed draws the same sample)\n", m), s->cmd, m,
		    critical, drawn, seed);
	free(items);
	free(in);
	free(runs);
	return rc;
}

/* ---- stats ---- */

static const char *const stat_columns[] = { "routine", "month", "runs", "completed_pct",
	"signed_pct", "findings_per_run", "critical_skips", "confirmed_flags",
	"median_minutes" };

static void
stat_print(const struct stats_cell *c, enum format fmt)
{
	char v[9][72];
	const char *vp[9];
	size_t k;

	snprintf(v[0], sizeof(v[0]), "%s", c->routine);
	snprintf(v[1], sizeof(v[1]), "%s", c->month);
	snprintf(v[2], sizeof(v[2]), "%zu", c->runs);
	snprintf(v[3], sizeof(v[3]), "%zu", c->runs ? 100 * c->completed / c->runs : 0);
	snprintf(v[4], sizeof(v[4]), "%zu", c->completed ? 100 * c->signed_ / c->completed : 0);
	snprintf(v[5], sizeof(v[5]), "%zu.%zu", c->runs ? c->findings / c->runs : 0,
	    c->runs ? (10 * c->findings / c->runs) % 10 : 0);
	if (fmt == FORMAT_CSV) /* a decimal comma, as a Swedish spreadsheet reads numbers */
		v[5][strcspn(v[5], ".")] = ',';
	snprintf(v[6], sizeof(v[6]), "%zu", c->critical_skips);
	snprintf(v[7], sizeof(v[7]), "%zu", c->confirmed_flags);
	if (c->timed > 0)
		snprintf(v[8], sizeof(v[8]), "%lld", (long long)stats_median(c->minutes,
		    c->timed));
	else
		snprintf(v[8], sizeof(v[8]), "%s", fmt == FORMAT_TEXT ? "-" : "");
	for (k = 0; k < 9; k++)
		vp[k] = v[k];
	review_print_row(fmt, stat_columns, vp, 9);
}

/* Indicators per routine and month (runlog/stats.h, which rutin report
 * draws from too): runs, the share completed, the share of completed runs
 * signed, findings per run, critical skips, confirmed contact details,
 * the median minutes a completed run took. */
static int
review_stats(struct session *s, const char *unused)
{
	struct stats st;
	struct log_error err;
	enum format fmt;
	size_t i;
	int rc;

	(void)unused;
	if ((rc = review_parse_format(s, 7, &fmt)) != 0)
		return rc;
	if ((rc = review_session_access(s, ACCESS_READ_STATS, NULL)) != 0)
		return rc;
	if (stats_collect(s->log, review_session_routine, s, 0, 0, NULL, 0, clock_now_ms(),
	    &st, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if (fmt == FORMAT_TEXT)
		review_print_row(fmt, stat_columns, stat_columns, 9);
	else
		review_print_header(fmt, stat_columns, 9);
	for (i = 0; i < st.ncells; i++)
		stat_print(&st.cells[i], fmt);
	stats_free(&st);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

/* ---- handover ---- */

/* A paused or active run handed from one caseworker to another (one on
 * leave): run.handed_over; the runs summary and her home follow. */
static int
review_handover_cmd_run(struct session *s, const char *id)
{
	struct log_run_info ri;
	struct log_error err;
	enum handover_refusal why;
	enum log_status st;
	int rc;

	if (s->o.to == NULL) {
		fprintf(stderr, _("rutin %s: say to whom: --to NAME\n"), s->cmd);
		return EXIT_USAGE;
	}
	if ((rc = review_session_find_run(s, id, &ri)) != 0)
		return rc;
	st = review_handover(s->log, &ri, s->o.to, &why, &err);
	if (st == LOG_E_DENIED && why != HANDOVER_MAY) {
		char *msg = review_handover_message(why, &ri, s->o.to);

		fprintf(stderr, "rutin %s: ", s->cmd);
		cmdline_print_clean(stderr, msg);
		free(msg);
		return EXIT_FAILED;
	}
	if (st != LOG_OK)
		return cmd_report(s->cmd, &err);
	printf(_("Handed %s (%s) from %s to %s.\n"), ri.run_id, ri.case_ref, ri.account,
	    s->o.to);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

/* ---- The entries (cmd.h) ---- */


static int
sample_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_sample);
}

const struct cmd_entry review_sample_cmd = {
	.group = "review", .name = "sample",
	.usage = "--from DATE --to DATE --size N [--seed S] [--format text|jsonl] [--routines DIR]",
	.summary = N_("every run with critical findings, and a reproducible draw of the rest"),
	.options = OPT_OPEN | OPT(FROM) | OPT(TO) | OPT(SIZE) | OPT(SEED) | OPT(FORMAT) |
	    OPT(ROUTINES), .flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = sample_exec,
};
static int
stats_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_stats);
}

const struct cmd_entry review_stats_cmd = {
	.group = "review", .name = "stats", .usage = "[--format text|csv|jsonl] [--routines DIR]",
	.summary = N_("indicators per routine and month"),
	.options = OPT_OPEN | OPT(FORMAT) | OPT(ROUTINES), .flags = CMD_LOG,
	.role = CMD_SUPERVISOR, .exec = stats_exec,
};
static int
handover_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_handover_cmd_run);
}

const struct cmd_entry review_handover_cmd = {
	.group = "review", .name = "handover", .usage = "RUN --to NAME",
	.summary = N_("hand an unfinished run to another caseworker"),
	.missing = REVIEW_RUN_MISSING, .options = OPT_OPEN | OPT(TO), .required = OPT(TO),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = handover_exec,
};

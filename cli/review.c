/* rutin review list | show | sign | return | access: the supervisor's
 * side on the command line (issue 11). Roles: a supervisor sees every
 * run and signs or returns others' completed runs; a caseworker sees her
 * own runs; a trainer sees nothing of a live log. Opening, signing or
 * returning a run that is not one's own, and reading the queue, is logged
 * (access.recorded), as access to health records is. */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklists/guard.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "runlog/findings.h"
#include "runlog/review.h"
#include "runlog/runlog.h"
#include "runlog/sample.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"

/* What a review command has open: the log, and the routines to replay
 * runs with. */
struct session {
	const char *cmd;
	struct opts o;
	struct log *log;
	struct catalog catalog;
	char *own_dir;
};

/* Runs one of the group's commands on the session the path opened. */
static int
review_exec(struct cmd_ctx *c, int (*run)(struct session *s, const char *run_id))
{
	struct session s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.cmd = c->cmd;
	s.o = c->o;
	s.log = c->log;
	catalog_load_configured(&s.catalog, s.o.routines, &s.own_dir);
	rc = run(&s, c->argc > 0 ? c->argv[0] : NULL);
	catalog_free(&s.catalog);
	free(s.own_dir);
	return rc;
}

/* An access.recorded event: who (the session's account), what, which run. */
static int
record_access(struct session *s, const char *what, const char *run_id)
{
	struct log_error err;

	if (review_record_access(s->log, what, run_id, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	return 0;
}

/* A run's review state as the summary has it, for people. */
static const char *
state_name(const char *review)
{
	if (strcmp(review, "signed") == 0)
		return _("signed");
	if (strcmp(review, "returned") == 0)
		return _("returned");
	if (strcmp(review, "corrected") == 0)
		return _("corrected");
	return "-";
}

/* The run with this id or unique prefix; 0, or the exit status. A
 * caseworker finds only her own. */
static int
find_run(struct session *s, const char *prefix, struct log_run_info *out)
{
	struct log_run_filter f = { .id_prefix = prefix };
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0;
	int rc = 0;

	/* Others' runs are not there for a caseworker: not even counted. */
	if (log_role(s->log) != ROLE_SUPERVISOR)
		f.account = log_user(s->log);
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if (n == 0 || strlen(prefix) < 4) {
		fprintf(stderr, "rutin %s: ", s->cmd);
		utf8_write_visible(stderr, prefix);
		fprintf(stderr, n == 0 ? _(": no such run (rutin review list shows the "
		    "runs you may see)\n") : _(": give at least 4 characters of the run's "
		    "id\n"));
		rc = EXIT_FAILED;
	} else if (n > 1) {
		fprintf(stderr, "rutin %s: ", s->cmd);
		utf8_write_visible(stderr, prefix);
		fprintf(stderr, _(": %zu runs begin so; give more of the id\n"), n);
		rc = EXIT_FAILED;
	} else {
		*out = runs[0];
	}
	free(runs);
	return rc;
}

/* The findings of a run, or a message why there are none. */
static enum run_error
run_findings(struct session *s, const struct log_run_info *ri, struct findings *out,
    char *why, size_t why_size)
{
	return review_findings(s->log, catalog_find(&s->catalog, ri->routine_id), ri,
	    clock_now_ms(), out, why, why_size);
}

static void
print_time(FILE *out, int64_t ms)
{
	char buf[32];

	when_format(buf, sizeof(buf), ms);
	fputs(buf, out);
}

/* ---- Rows: text, CSV or JSON Lines ---- */

enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSONL };

/* --format as one of `allowed` (FORMAT_* bits); 0, or the exit status. */
static int
parse_format(struct session *s, unsigned allowed, enum format *out)
{
	static const char *const names[] = { "text", "csv", "jsonl" };
	size_t i;

	*out = FORMAT_TEXT;
	if (s->o.format == NULL)
		return 0;
	for (i = 0; i < 3; i++)
		if ((allowed & (1u << i)) && strcmp(s->o.format, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	fprintf(stderr, (allowed & 4) ? _("rutin %s: --format is text, csv or jsonl\n") :
	    _("rutin %s: --format is text or csv\n"), s->cmd);
	return EXIT_USAGE;
}

/* One row of `n` named values: text columns two spaces apart (cleaned
 * for the terminal), a CSV record, or a JSON object. */
static void
print_row(enum format fmt, const char *const *names, const char *const *values, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (fmt == FORMAT_CSV) {
			csv_write_field(stdout, values[k], k + 1 == n);
		} else if (fmt == FORMAT_JSONL) {
			fputs(k ? "," : "{", stdout);
			json_string(stdout, names[k]);
			fputc(':', stdout);
			json_string(stdout, values[k]);
			if (k + 1 == n)
				fputs("}\n", stdout);
		} else {
			utf8_write_visible(stdout, values[k]);
			fputs(k + 1 == n ? "\n" : "  ", stdout);
		}
	}
}

static void
print_header(enum format fmt, const char *const *names, size_t n)
{
	size_t k;

	if (fmt != FORMAT_CSV)
		return;
	fputs(CSV_BOM, stdout);
	for (k = 0; k < n; k++)
		csv_write_field(stdout, names[k], k + 1 == n);
}

/* ---- list ---- */

/* The --status values: a run's status, a review state, or the queue. */
static const char *const status_values[] = { "active", "paused", "completed",
	"aborted", "signed", "returned", "corrected", "queue", NULL };

/* The list's filter from the options; 0, or the exit status. */
static int
list_filter(struct session *s, struct log_run_filter *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->account = log_role(s->log) == ROLE_SUPERVISOR ? s->o.account : log_user(s->log);
	f->routine_id = s->o.routine;
	f->text = s->o.case_text;
	if (s->o.status != NULL) {
		for (i = 0; status_values[i] != NULL; i++)
			if (strcmp(s->o.status, status_values[i]) == 0)
				break;
		if (status_values[i] == NULL) {
			fprintf(stderr, _("rutin %s: --status is active, paused, completed, "
			    "aborted, signed, returned, corrected or queue\n"), s->cmd);
			return EXIT_USAGE;
		}
		if (i < 4)
			f->status = s->o.status;
		else
			f->review = s->o.status;
	}
	if ((s->o.from != NULL && (f->from = when_parse_day(s->o.from, 0)) < 0) ||
	    (s->o.to != NULL && (f->to = when_parse_day(s->o.to, 1)) < 0)) {
		fprintf(stderr, _("rutin %s: --from and --to take a day as YYYY-MM-DD\n"),
		    s->cmd);
		return EXIT_USAGE;
	}
	return 0;
}

static const char *const list_columns[] = { "run", "case_ref", "routine",
	"routine_version", "caseworker", "started", "status", "review", "minutes",
	"findings", "critical" };
#define LIST_COLUMNS (sizeof(list_columns) / sizeof(list_columns[0]))

static void
list_row(enum format fmt, const struct log_run_info *ri, const struct review_counts *fs)
{
	bool have = fs->have;
	char version[24], started[32], minutes[24], count[24], critical[24];
	const char *v[LIST_COLUMNS] = { ri->run_id, ri->case_ref, ri->routine_id, version,
		ri->account, started, ri->status, ri->review, minutes, count, critical };

	snprintf(version, sizeof(version), "%ld", ri->routine_version);
	when_format(started, sizeof(started), ri->started);
	minutes[0] = count[0] = critical[0] = '\0'; /* unknown: empty */
	if (have) {
		snprintf(minutes, sizeof(minutes), "%lld", (long long)(fs->active_ms / 60000));
		snprintf(count, sizeof(count), "%zu", fs->count);
		snprintf(critical, sizeof(critical), "%zu", fs->critical);
	}
	if (fmt != FORMAT_TEXT) {
		print_row(fmt, list_columns, v, LIST_COLUMNS);
		return;
	}
	printf("%.8s  %s  %-10s %-9s ", ri->run_id, started, ri->status, state_name(ri->review));
	utf8_write_visible(stdout, ri->account);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ri->routine_id);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ri->case_ref);
	if (have)
		printf(P_("  %s min  %zu finding (%zu critical)", "  %s min  %zu findings "
		    "(%zu critical)", fs->count), minutes, fs->count, fs->critical);
	else
		fputs(_("  findings: -"), stdout);
	putchar('\n');
}

/* The runs this account may see, newest first, filtered as the options
 * say, with their findings. */
static int
review_list(struct session *s)
{
	struct log_run_filter f;
	struct log_run_info *runs = NULL;
	struct review_counts *counts;
	struct log_error err;
	enum format fmt;
	size_t n = 0, i, shown = 0;
	int rc;

	if ((rc = parse_format(s, 7, &fmt)) != 0 || (rc = list_filter(s, &f)) != 0)
		return rc;
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if (log_role(s->log) == ROLE_SUPERVISOR && (rc = record_access(s, "review list",
	    NULL)) != 0) {
		free(runs);
		return rc;
	}
	print_header(fmt, list_columns, LIST_COLUMNS);
	counts = xcalloc(n + 1, sizeof(*counts));
	review_counts(s->log, catalog_lookup, &s->catalog, runs, n, clock_now_ms(),
	    counts);
	for (i = 0; i < n; i++) {
		if (!s->o.findings || !counts[i].have || counts[i].critical > 0) {
			list_row(fmt, &runs[i], &counts[i]);
			shown++;
		}
	}
	free(counts);
	free(runs);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed(s->cmd);
	fprintf(stderr, P_("rutin review list: %zu run\n", "rutin review list: %zu runs\n",
	    shown), shown);
	return 0;
}

/* ---- show ---- */

/* Prints one event of a timeline; ctx points to the seq of the return
 * after which events are marked "+" (0: none). */
static int
print_event(void *ctx, const struct log_event *ev)
{
	const int64_t *since = ctx;
	struct log_field *f;
	size_t n, i;

	if (since != NULL)
		fputs(*since > 0 && ev->seq > *since ? "+ " : "  ", stdout);
	print_time(stdout, ev->time);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ev->account);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ev->type);
	if (fields_from_json(ev->fields, &f, &n)) {
		for (i = 0; i < n; i++) {
			if (!fields_for_people(f[i].name))
				continue;
			printf("  %s=", f[i].name);
			if (f[i].text != NULL)
				utf8_write_visible(stdout, f[i].text);
			else
				printf("%lld", (long long)f[i].number);
		}
		fields_free(f, n);
	}
	putchar('\n');
	return 0;
}

static void
show_findings(struct session *s, const struct log_run_info *ri)
{
	struct findings fs;
	char why[512];
	size_t i;

	if (run_findings(s, ri, &fs, why, sizeof(why)) != RUN_OK) {
		fputs(_("Findings: none computed: "), stdout);
		cmdline_print_clean(stdout, why);
		return;
	}
	printf(P_("Findings: %zu (%zu critical)\n", "Findings: %zu (%zu critical)\n",
	    fs.count), fs.count, fs.critical);
	for (i = 0; i < fs.count; i++) {
		printf("  %s %-16s ", fs.items[i].critical ? "!" : " ",
		    finding_token(fs.items[i].kind));
		cmdline_print_clean(stdout, fs.items[i].detail);
	}
	findings_free(&fs);
}

static int
review_show(struct session *s, const char *id)
{
	struct log_run_info ri;
	struct review_note rv;
	struct log_error err;
	int64_t since;
	int rc;

	if ((rc = find_run(s, id, &ri)) != 0)
		return rc;
	if (strcmp(ri.account, log_user(s->log)) != 0 &&
	    (rc = record_access(s, "review show", ri.run_id)) != 0)
		return rc;
	if (review_last(s->log, ri.run_id, &rv, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	printf(_("Run:       %s\n"), ri.run_id);
	fputs(_("Case:      "), stdout);
	cmdline_print_clean(stdout, ri.case_ref);
	printf(_("Routine:   %s, version %ld\n"), ri.routine_id, ri.routine_version);
	fputs(_("Caseworker: "), stdout);
	cmdline_print_clean(stdout, ri.account);
	printf(_("Status:    %s; review: %s\n"), ri.status, state_name(ri.review));
	if (rv.any) {
		printf(_("Reviewed:  %s by "), rv.returned ? _("returned") : _("signed"));
		utf8_write_visible(stdout, rv.by);
		fputs(": ", stdout);
		cmdline_print_clean(stdout, rv.comment[0] ? rv.comment : "-");
	}
	putchar('\n');
	show_findings(s, &ri);
	since = rv.any && rv.returned ? rv.seq : 0;
	fputs(since > 0 ? _("\nTimeline (+ since the return):\n") : _("\nTimeline:\n"),
	    stdout);
	if (log_events(s->log, ri.run_id, NULL, print_event, &since, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

/* ---- sign, return ---- */

/* A comment goes into the log: the guard reads it first. */
static int
check_comment(struct session *s, const char *text)
{
	struct guard_result g;
	char *why;

	guard_check(text, &g);
	if (g.verdict == GUARD_CLEAN || (g.verdict == GUARD_FLAGGED && s->o.confirm))
		return 0;
	why = guard_explain(&g);
	fprintf(stderr, "rutin %s: ", s->cmd);
	cmdline_print_clean(stderr, why);
	if (g.verdict == GUARD_FLAGGED)
		fprintf(stderr, _("rutin %s: --confirm logs it as it is\n"), s->cmd);
	free(why);
	return EXIT_FAILED;
}

static int
decide(struct session *s, const char *id, bool sign)
{
	struct log_run_info ri;
	struct log_error err;
	enum review_refusal why;
	int rc;

	if (!sign && (s->o.comment == NULL || *s->o.comment == '\0')) {
		fprintf(stderr, _("rutin %s: a returned run needs --comment TEXT saying "
		    "what to correct\n"), s->cmd);
		return EXIT_USAGE;
	}
	if (s->o.comment != NULL && (rc = check_comment(s, s->o.comment)) != 0)
		return rc;
	if ((rc = find_run(s, id, &ri)) != 0)
		return rc;
	if ((why = review_may_decide(s->log, &ri, sign)) != REVIEW_MAY) {
		fprintf(stderr, "rutin %s: %s\n", s->cmd, review_refusal_message(why));
		return why == REVIEW_OWN_RUN || why == REVIEW_NOT_SUPERVISOR ? EXIT_USAGE :
		    EXIT_FAILED;
	}
	if (review_decide(s->log, &ri, sign, s->o.comment, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	printf(sign ? _("Signed %s (%s).\n") : _("Returned %s (%s).\n"), ri.run_id,
	    ri.case_ref);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

/* ---- access ---- */

static const char *const access_columns[] = { "seq", "time", "account", "event",
	"run", "what" };
#define ACCESS_COLUMNS (sizeof(access_columns) / sizeof(access_columns[0]))

static int
review_access(struct session *s)
{
	struct log_run_info ri;
	struct access_entry *list = NULL;
	struct log_error err;
	enum format fmt;
	size_t n = 0, i;
	int rc;

	if ((rc = parse_format(s, 7, &fmt)) != 0)
		return rc;
	if (s->o.run != NULL && (rc = find_run(s, s->o.run, &ri)) != 0)
		return rc;
	if (review_access_log(s->log, s->o.run != NULL ? ri.run_id : NULL, s->o.account,
	    &list, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	print_header(fmt, access_columns, ACCESS_COLUMNS);
	for (i = 0; i < n; i++) {
		char seq[24], when[32];
		const char *v[ACCESS_COLUMNS] = { seq, when, list[i].account, list[i].type,
			list[i].run_id, list[i].what };

		snprintf(seq, sizeof(seq), "%lld", (long long)list[i].seq);
		when_format(when, sizeof(when), list[i].time);
		if (fmt != FORMAT_TEXT) {
			print_row(fmt, access_columns, v, ACCESS_COLUMNS);
			continue;
		}
		printf("%-8.8s  %s  ", list[i].run_id[0] ? list[i].run_id : "-", when);
		utf8_write_visible(stdout, list[i].account);
		fputs("  ", stdout);
		utf8_write_visible(stdout, list[i].type);
		if (list[i].what[0] != '\0') {
			fputs("  ", stdout);
			utf8_write_visible(stdout, list[i].what);
		}
		putchar('\n');
	}
	free(list);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed(s->cmd);
	fprintf(stderr, P_("rutin review access: %zu event\n",
	    "rutin review access: %zu events\n", n), n);
	return 0;
}

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
	if ((rc = parse_format(s, 7, &fmt)) != 0)
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
		    strcmp(runs[i].status, "completed") != 0)
			continue;
		in[m] = runs[i];
		items[m].run_id = in[m].run_id;
		items[m].routine_id = in[m].routine_id;
		/* Findings that cannot be computed count as critical: such a run
		 * is always looked at. */
		items[m].critical = run_findings(s, &in[m], &fs, why, sizeof(why)) != RUN_OK ||
		    fs.critical > 0;
		findings_free(&fs);
		m++;
	}
	drawn = sample_draw(items, m, size, seed);
	if (fmt != FORMAT_TEXT)
		print_header(fmt, sample_columns, 5);
	for (i = 0; i < m; i++) {
		critical += items[i].critical;
		if (!items[i].taken)
			continue;
		if (fmt != FORMAT_TEXT) {
			const char *v[5] = { in[i].run_id, items[i].by_chance ? "drawn" : "critical",
				in[i].account, in[i].routine_id, in[i].case_ref };

			print_row(fmt, sample_columns, v, 5);
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

/* Indicators of one routine in one month. */
struct stat_cell {
	char routine[65];
	char month[8];          /* YYYY-MM of the start */
	size_t runs, completed, signed_, with_findings, findings, critical_skips;
	size_t confirmed_flags;
	int64_t *minutes;       /* active time of each completed run */
	size_t timed;
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static struct stat_cell *
stat_cell_of(struct stat_cell **cells, size_t *n, const struct log_run_info *ri)
{
	time_t t = (time_t)(ri->started / 1000);
	struct tm tm;
	char month[8];
	size_t i;

	localtime_r(&t, &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	for (i = 0; i < *n; i++)
		if (strcmp((*cells)[i].routine, ri->routine_id) == 0 &&
		    strcmp((*cells)[i].month, month) == 0)
			return &(*cells)[i];
	*cells = xreallocarray(*cells, *n + 1, sizeof(**cells));
	memset(&(*cells)[*n], 0, sizeof(**cells));
	snprintf((*cells)[*n].routine, sizeof((*cells)[*n].routine), "%s", ri->routine_id);
	snprintf((*cells)[*n].month, sizeof((*cells)[*n].month), "%s", month);
	return &(*cells)[(*n)++];
}

/* Adds one run to its cell. */
static void
stat_add(struct session *s, struct stat_cell *c, const struct log_run_info *ri)
{
	struct findings fs;
	char why[512];
	size_t k;
	bool have = run_findings(s, ri, &fs, why, sizeof(why)) == RUN_OK;

	c->runs++;
	c->signed_ += strcmp(ri->review, "signed") == 0;
	if (have) {
		c->findings += fs.count;
		c->with_findings += fs.count > 0;
		for (k = 0; k < fs.count; k++) {
			c->critical_skips += fs.items[k].kind == FINDING_CRITICAL_SKIPPED;
			c->confirmed_flags += fs.items[k].kind == FINDING_CONFIRMED_FLAG;
		}
	}
	if (strcmp(ri->status, "completed") == 0) {
		c->completed++;
		if (have) {
			c->minutes = xreallocarray(c->minutes, c->timed + 1, sizeof(*c->minutes));
			c->minutes[c->timed++] = fs.active_ms / 60000;
		}
	}
	findings_free(&fs);
}

static const char *const stat_columns[] = { "routine", "month", "runs", "completed_pct",
	"signed_pct", "findings_per_run", "critical_skips", "confirmed_flags",
	"median_minutes" };

static void
stat_print(const struct stat_cell *c, enum format fmt)
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
		snprintf(v[8], sizeof(v[8]), "%lld", (long long)c->minutes[c->timed / 2]);
	else
		snprintf(v[8], sizeof(v[8]), "%s", fmt == FORMAT_TEXT ? "-" : "");
	for (k = 0; k < 9; k++)
		vp[k] = v[k];
	print_row(fmt, stat_columns, vp, 9);
}

/* Indicators per routine and month: runs, the share completed, the share
 * of completed runs signed, findings per run, critical skips, confirmed
 * contact details, the median minutes a completed run took. */
static int
review_stats(struct session *s, const char *unused)
{
	struct log_run_filter f = { .account = NULL };
	struct log_run_info *runs = NULL;
	struct stat_cell *cells = NULL;
	struct log_error err;
	size_t n = 0, ncells = 0, i;
	enum format fmt;
	int rc;

	(void)unused;
	if ((rc = parse_format(s, 7, &fmt)) != 0)
		return rc;
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if ((rc = record_access(s, "review stats", NULL)) != 0) {
		free(runs);
		return rc;
	}
	for (i = n; i-- > 0;) /* oldest first */
		stat_add(s, stat_cell_of(&cells, &ncells, &runs[i]), &runs[i]);
	if (fmt == FORMAT_TEXT)
		print_row(fmt, stat_columns, stat_columns, 9);
	else
		print_header(fmt, stat_columns, 9);
	for (i = 0; i < ncells; i++) {
		if (cells[i].timed > 0)
			qsort(cells[i].minutes, cells[i].timed, sizeof(int64_t), cmp_i64);
		stat_print(&cells[i], fmt);
		free(cells[i].minutes);
	}
	free(cells);
	free(runs);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

/* ---- handover ---- */

/* A paused or active run handed from one caseworker to another (one on
 * leave): run.handed_over; the runs summary and her home follow. */
static int
review_handover(struct session *s, const char *id)
{
	struct log_field f = { "to", s->o.to, 0 };
	struct log_event_in in = { event_name(EV_RUN_HANDED_OVER), NULL, 0, &f, 1 };
	struct log_account *accounts = NULL;
	struct log_run_info ri;
	struct log_error err;
	size_t n = 0, i;
	bool caseworker = false;
	int rc;

	if (s->o.to == NULL) {
		fprintf(stderr, _("rutin %s: say to whom: --to NAME\n"), s->cmd);
		return EXIT_USAGE;
	}
	if ((rc = find_run(s, id, &ri)) != 0)
		return rc;
	if (strcmp(ri.status, "active") != 0 && strcmp(ri.status, "paused") != 0) {
		fprintf(stderr, _("rutin %s: the run is %s; only an unfinished run is "
		    "handed over\n"), s->cmd, ri.status);
		return EXIT_FAILED;
	}
	if (log_user_list(s->log, &accounts, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	for (i = 0; i < n; i++)
		if (strcmp(accounts[i].name, s->o.to) == 0 && accounts[i].role == ROLE_CASEWORKER)
			caseworker = true;
	free(accounts);
	if (!caseworker || strcmp(s->o.to, ri.account) == 0) {
		fprintf(stderr, "rutin %s: ", s->cmd);
		utf8_write_visible(stderr, s->o.to);
		fprintf(stderr, strcmp(s->o.to, ri.account) == 0 ? _(": the run is "
		    "already theirs\n") : _(": not a caseworker of this log (rutin user "
		    "list)\n"));
		return EXIT_FAILED;
	}
	/* Not while a session has it open: that terminal would go on. */
	if (log_run_take(s->log, ri.run_id, false, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	in.run_id = ri.run_id;
	rc = log_append(s->log, &in, NULL, &err) == LOG_OK ? 0 : cmd_report(s->cmd, &err);
	log_run_release(s->log, ri.run_id);
	if (rc == 0) {
		printf(_("Handed %s (%s) from %s to %s.\n"), ri.run_id, ri.case_ref, ri.account,
		    s->o.to);
		rc = cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
	}
	return rc;
}

/* ---- The entries (cmd.h) ---- */

static int
do_list(struct session *s, const char *run)
{
	(void)run;
	return review_list(s);
}

static int
do_sign(struct session *s, const char *run)
{
	return decide(s, run, true);
}

static int
do_return(struct session *s, const char *run)
{
	return decide(s, run, false);
}

static int
do_access(struct session *s, const char *run)
{
	(void)run;
	return review_access(s);
}

static int
list_exec(struct cmd_ctx *c)
{
	return review_exec(c, do_list);
}

static int
show_exec(struct cmd_ctx *c)
{
	return review_exec(c, review_show);
}

static int
sign_exec(struct cmd_ctx *c)
{
	return review_exec(c, do_sign);
}

static int
return_exec(struct cmd_ctx *c)
{
	return review_exec(c, do_return);
}

static int
access_exec(struct cmd_ctx *c)
{
	return review_exec(c, do_access);
}

static int
sample_exec(struct cmd_ctx *c)
{
	return review_exec(c, review_sample);
}

static int
stats_exec(struct cmd_ctx *c)
{
	return review_exec(c, review_stats);
}

static int
handover_exec(struct cmd_ctx *c)
{
	return review_exec(c, review_handover);
}

#define OPEN (OPT(DB) | OPT(USER) | OPT(PASS_FD))
#define RUN_MISSING N_("give one run id (rutin review list shows them)")

const struct cmd_entry review_list_cmd = {
	.group = "review", .name = "list",
	.usage = "[--account NAME] [--status STATUS] [--routine ID] [--case TEXT] "
	    "[--from DATE] [--to DATE] [--findings] [--format text|csv|jsonl] [--routines DIR]",
	.summary = N_("runs to review (a caseworker: her own), with their findings"),
	.options = OPEN | OPT(ACCOUNT) | OPT(STATUS) | OPT(FINDINGS) | OPT(ROUTINE) |
	    OPT(CASE) | OPT(FROM) | OPT(TO) | OPT(FORMAT) | OPT(ROUTINES),
	.flags = CMD_LOG, .exec = list_exec,
};
const struct cmd_entry review_show_cmd = {
	.group = "review", .name = "show", .usage = "RUN [--routines DIR]",
	.summary = N_("a run: its findings and timeline (opening it is logged)"),
	.missing = RUN_MISSING, .options = OPEN | OPT(ROUTINES),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .exec = show_exec,
};
const struct cmd_entry review_sign_cmd = {
	.group = "review", .name = "sign", .usage = "RUN [--comment TEXT] [--confirm]",
	.summary = N_("a supervisor signs a completed run off"),
	.missing = RUN_MISSING, .options = OPEN | OPT(COMMENT) | OPT(CONFIRM),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = sign_exec,
};
const struct cmd_entry review_return_cmd = {
	.group = "review", .name = "return", .usage = "RUN --comment TEXT [--confirm]",
	.summary = N_("a supervisor returns a run to its caseworker, saying why"),
	.missing = RUN_MISSING, .options = OPEN | OPT(COMMENT) | OPT(CONFIRM),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = return_exec,
};
const struct cmd_entry review_access_cmd = {
	.group = "review", .name = "access",
	.usage = "[--run RUN] [--account NAME] [--format text|csv|jsonl]",
	.summary = N_("the access log: who opened which run, exported or sampled"),
	.options = OPEN | OPT(RUN) | OPT(ACCOUNT) | OPT(FORMAT), .flags = CMD_LOG,
	.role = CMD_SUPERVISOR, .exec = access_exec,
};
const struct cmd_entry review_sample_cmd = {
	.group = "review", .name = "sample",
	.usage = "--from DATE --to DATE --size N [--seed S] [--format text|jsonl] [--routines DIR]",
	.summary = N_("every run with critical findings, and a reproducible draw of the rest"),
	.options = OPEN | OPT(FROM) | OPT(TO) | OPT(SIZE) | OPT(SEED) | OPT(FORMAT) |
	    OPT(ROUTINES), .flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = sample_exec,
};
const struct cmd_entry review_stats_cmd = {
	.group = "review", .name = "stats", .usage = "[--format text|csv|jsonl] [--routines DIR]",
	.summary = N_("indicators per routine and month"),
	.options = OPEN | OPT(FORMAT) | OPT(ROUTINES), .flags = CMD_LOG,
	.role = CMD_SUPERVISOR, .exec = stats_exec,
};
const struct cmd_entry review_handover_cmd = {
	.group = "review", .name = "handover", .usage = "RUN --to NAME",
	.summary = N_("hand an unfinished run to another caseworker"),
	.missing = RUN_MISSING, .options = OPEN | OPT(TO), .required = OPT(TO),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = handover_exec,
};

/* rutin review list | show | sign | return | access: the supervisor's
 * side on the command line (issue 11); sample, stats and handover are in
 * review_unit.c. Roles: a supervisor sees every
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
#include "runlog/words.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "cli/review.h"

/* Runs one of the group's commands on the session the path opened. */
int
review_session_exec(struct cmd_ctx *c, int (*run)(struct session *s, const char *run_id))
{
	struct session s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.cmd = c->cmd;
	s.o = c->o;
	s.log = c->log;
	cmdline_load_catalog(c->cmd, c->log, &c->o, &s.catalog, &s.own_dir);
	rc = run(&s, c->argc > 0 ? c->argv[0] : NULL);
	catalog_free(&s.catalog);
	free(s.own_dir);
	return rc;
}

/* An access.recorded event: who (the session's account), what, which run. */
int
review_session_access(struct session *s, enum access_read what, const char *run_id)
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
	int r = review_state_of(review);

	return r > REVIEW_NONE ? _(review_state_label((enum review_state)r)) : "-";
}

/* A run's status as the summary has it, for people. */
static const char *
status_name(const char *status)
{
	int st = run_status_of(status);

	return st >= 0 ? _(run_status_label((enum run_status)st)) : status;
}

/* `text` and spaces to `width` characters (UTF-8: a character is the
 * bytes that do not continue one), cleaned. */
static void
print_padded(const char *text, int width)
{
	const char *p;
	int n = 0;

	for (p = text; *p != '\0'; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	utf8_write_visible(stdout, text);
	for (; n < width; n++)
		putchar(' ');
}

/* The run with this id or unique prefix; 0, or the exit status. A
 * caseworker finds only her own. */
int
review_session_find_run(struct session *s, const char *prefix, struct log_run_info *out)
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
const struct routine *
review_session_routine(void *ctx, const char *id, const char *hash)
{
	return catalog_find_text(&((struct session *)ctx)->catalog, id, hash);
}

enum run_error
review_session_findings(struct session *s, const struct log_run_info *ri, struct findings *out,
    char *why, size_t why_size)
{
	return review_findings(s->log, catalog_find_text(&s->catalog, ri->routine_id,
	    ri->routine_hash), ri, clock_now_ms(), out, why, why_size);
}

void
review_print_time(FILE *out, int64_t ms)
{
	char buf[32];

	when_format_seconds(buf, sizeof(buf), ms);
	fputs(buf, out);
}

/* ---- Rows: text, CSV or JSON Lines ---- */

/* --format as one of `allowed` (FORMAT_* bits); 0, or the exit status. */
int
review_parse_format(struct session *s, unsigned allowed, enum format *out)
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
void
review_print_row(enum format fmt, const char *const *names, const char *const *values, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (fmt == FORMAT_CSV) {
			cmdline_csv_field(stdout, values[k], k + 1 == n);
		} else if (fmt == FORMAT_JSONL) {
			fputs(k ? "," : "{", stdout);
			cmdline_json_string(stdout, names[k]);
			fputc(':', stdout);
			cmdline_json_string(stdout, values[k]);
			if (k + 1 == n)
				fputs("}\n", stdout);
		} else {
			utf8_write_visible(stdout, values[k]);
			fputs(k + 1 == n ? "\n" : "  ", stdout);
		}
	}
}

void
review_print_header(enum format fmt, const char *const *names, size_t n)
{
	size_t k;

	if (fmt != FORMAT_CSV)
		return;
	fputs(CSV_BOM, stdout);
	for (k = 0; k < n; k++)
		cmdline_csv_field(stdout, names[k], k + 1 == n);
}

/* ---- list ---- */

/* The --status values: a run's status, a review state, or the queue. */
/* The list's filter from the options; 0, or the exit status. */
static int
list_filter(struct session *s, struct log_run_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->account = log_role(s->log) == ROLE_SUPERVISOR ? s->o.account : log_user(s->log);
	f->routine_id = s->o.routine;
	f->text = s->o.case_text;
	if (s->o.status != NULL) {
		if (run_status_of(s->o.status) >= 0) {
			f->status = s->o.status;
		} else if (review_state_of(s->o.status) > REVIEW_NONE ||
		    strcmp(s->o.status, LOG_REVIEW_QUEUE) == 0) {
			f->review = s->o.status;
		} else {
			fprintf(stderr, _("rutin %s: --status is active, paused, completed, "
			    "aborted, signed, returned, corrected or queue\n"), s->cmd);
			return EXIT_USAGE;
		}
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
	"findings", "critical", "time_zone" };
#define LIST_COLUMNS (sizeof(list_columns) / sizeof(list_columns[0]))

/* One run of review list; `r` its routine (for its title), or NULL. */
static void
list_row(enum format fmt, const struct log_run_info *ri, const struct routine *r,
    const struct review_counts *fs)
{
	bool have = fs->have;
	char version[24], started[32], minutes[24], count[24], critical[24];
	char zone[64];
	const char *v[LIST_COLUMNS] = { ri->run_id, ri->case_ref, ri->routine_id, version,
		ri->account, started, ri->status, ri->review, minutes, count, critical, zone };

	snprintf(version, sizeof(version), "%ld", ri->routine_version);
	when_format(started, sizeof(started), ri->started);
	when_zone_name(zone, sizeof(zone));
	minutes[0] = count[0] = critical[0] = '\0'; /* unknown: empty */
	if (have) {
		snprintf(minutes, sizeof(minutes), "%lld", (long long)(fs->active_ms / 60000));
		snprintf(count, sizeof(count), "%zu", fs->count);
		snprintf(critical, sizeof(critical), "%zu", fs->critical);
	}
	if (fmt != FORMAT_TEXT) {
		review_print_row(fmt, list_columns, v, LIST_COLUMNS);
		return;
	}
	printf("%.8s  %s  ", ri->run_id, started);
	print_padded(status_name(ri->status), 11);
	print_padded(state_name(ri->review), 10);
	utf8_write_visible(stdout, ri->account);
	fputs("  ", stdout);
	utf8_write_visible(stdout, r != NULL ? routine_title(r) : ri->routine_id);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ri->case_ref);
	if (have)
		printf(P_("  %s min  %zu finding (%zu critical)", "  %s min  %zu findings "
		    "(%zu critical)", fs->count), minutes, fs->count, fs->critical);
	else
		fputs(_("  findings: -"), stdout);
	putchar('\n');
}

/* --finding as a finding's kind, -1 when not given; -2 after saying
 * which kinds there are. */
static int
finding_filter(struct session *s)
{
	int k, kind;

	if (s->o.finding == NULL)
		return -1;
	if ((kind = finding_kind_of(s->o.finding)) >= 0)
		return kind;
	fprintf(stderr, _("rutin %s: --finding is one of:"), s->cmd);
	for (k = 0; k < FINDING_KIND_COUNT; k++)
		fprintf(stderr, " %s", finding_token((enum finding_kind)k));
	fputc('\n', stderr);
	return -2;
}

/* Whether the options keep a run with these counts: --findings keeps
 * critical findings and findings unknown, --finding one kind. */
static bool
list_keeps(const struct session *s, int kind, const struct review_counts *c)
{
	if (s->o.findings && c->have && c->critical == 0)
		return false;
	return review_has_kind(c, kind);
}

/* The runs this account may see, newest first, filtered as the options
 * say, with their findings. */
static int
review_list(struct session *s, const char *unused)
{
	struct log_run_filter f;
	struct log_run_info *runs = NULL;
	struct review_counts *counts;
	struct log_error err;
	enum format fmt;
	size_t n = 0, i, shown = 0;
	int kind, rc;

	(void)unused;
	if ((rc = review_parse_format(s, 7, &fmt)) != 0 || (rc = list_filter(s, &f)) != 0)
		return rc;
	if ((kind = finding_filter(s)) < -1)
		return EXIT_USAGE;
	review_filter_kind(&f, kind);
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if (log_role(s->log) == ROLE_SUPERVISOR && (rc = review_session_access(s, ACCESS_READ_LIST,
	    NULL)) != 0) {
		free(runs);
		return rc;
	}
	review_print_header(fmt, list_columns, LIST_COLUMNS);
	counts = xcalloc(n + 1, sizeof(*counts));
	review_counts(s->log, catalog_lookup_text, &s->catalog, runs, n, clock_now_ms(),
	    counts);
	for (i = 0; i < n; i++) {
		if (list_keeps(s, kind, &counts[i])) {
			list_row(fmt, &runs[i], catalog_find_text(&s->catalog, runs[i].routine_id,
			    runs[i].routine_hash),
			    &counts[i]);
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

/* What print_event needs: the return after which events are marked "+"
 * (its seq; 0: none), and the run's routine for its words (or NULL). */
struct timeline {
	int64_t since;
	const struct routine *r;
};

/* Prints one event of a timeline, one line: the time to the second, the
 * account and what was done in words (runlog/words.h). */
static int
print_event(void *ctx, const struct log_event *ev)
{
	const struct timeline *t = ctx;
	char *what = words_event(ev, t->r);

	fputs(t->since > 0 && ev->seq > t->since ? "+ " : "  ", stdout);
	review_print_time(stdout, ev->time);
	fputs("  ", stdout);
	utf8_write_visible(stdout, ev->account);
	fputs("  ", stdout);
	utf8_write_visible(stdout, what);
	putchar('\n');
	free(what);
	return 0;
}

static void
show_findings(struct session *s, const struct log_run_info *ri)
{
	struct findings fs;
	char why[512];
	size_t i;

	if (review_session_findings(s, ri, &fs, why, sizeof(why)) != RUN_OK) {
		fputs(_("Findings: none computed: "), stdout);
		cmdline_print_clean(stdout, why);
		return;
	}
	printf(P_("Findings: %zu (%zu critical)\n", "Findings: %zu (%zu critical)\n",
	    fs.count), fs.count, fs.critical);
	for (i = 0; i < fs.count; i++) {
		printf("  %s %s: ", fs.items[i].critical ? "!" : " ",
		    finding_name(fs.items[i].kind));
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
	struct timeline t;
	int rc;

	if ((rc = review_session_find_run(s, id, &ri)) != 0)
		return rc;
	if (strcmp(ri.account, log_user(s->log)) != 0 &&
	    (rc = review_session_access(s, ACCESS_READ_SHOW, ri.run_id)) != 0)
		return rc;
	if (review_last(s->log, ri.run_id, &rv, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	printf(_("Run:       %s\n"), ri.run_id);
	fputs(_("Case:      "), stdout);
	cmdline_print_clean(stdout, ri.case_ref);
	t.r = catalog_find_text(&s->catalog, ri.routine_id, ri.routine_hash);
	fputs(_("Routine:   "), stdout);
	utf8_write_visible(stdout, t.r != NULL ? routine_title(t.r) : ri.routine_id);
	printf(_(", version %ld\n"), ri.routine_version);
	fputs(_("Caseworker: "), stdout);
	cmdline_print_clean(stdout, ri.account);
	printf(_("Status:    %s; review: %s\n"), status_name(ri.status), state_name(ri.review));
	if (rv.any) {
		printf(_("Reviewed:  %s by "), rv.returned ? _("returned") : _("signed"));
		utf8_write_visible(stdout, rv.by);
		fputs(": ", stdout);
		cmdline_print_clean(stdout, rv.comment[0] ? rv.comment : "-");
	}
	putchar('\n');
	show_findings(s, &ri);
	t.since = rv.any && rv.returned ? rv.seq : 0;
	fputs(t.since > 0 ? _("\nTimeline (+ since the return):\n") : _("\nTimeline:\n"),
	    stdout);
	if (log_events(s->log, ri.run_id, NULL, print_event, &t, &err) != LOG_OK)
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

/* A run with critical findings, or findings that cannot be computed
 * here, is signed only with --confirm: they are said first. 0, or the
 * exit status. */
static int
check_findings_before_signing(struct session *s, const struct log_run_info *ri)
{
	struct findings fs;
	char why[512];
	size_t i;

	if (review_may_decide(s->log, ri, true) != REVIEW_MAY)
		return 0; /* refused below, with the reason */
	if (review_session_findings(s, ri, &fs, why, sizeof(why)) != RUN_OK) {
		if (s->o.confirm)
			return 0;
		fprintf(stderr, _("rutin %s: the findings of this run cannot be computed "
		    "here: "), s->cmd);
		cmdline_print_clean(stderr, why);
	} else {
		if (fs.critical == 0 || s->o.confirm) {
			findings_free(&fs);
			return 0;
		}
		fprintf(stderr, P_("rutin %s: this run has %zu critical finding:\n",
		    "rutin %s: this run has %zu critical findings:\n", fs.critical), s->cmd,
		    fs.critical);
		for (i = 0; i < fs.count; i++) {
			if (!fs.items[i].critical)
				continue;
			fprintf(stderr, "  ! %s: ", finding_name(fs.items[i].kind));
			cmdline_print_clean(stderr, fs.items[i].detail);
		}
		findings_free(&fs);
	}
	fprintf(stderr, _("rutin %s: read the run (rutin review show %.8s); --confirm "
	    "signs it all the same\n"), s->cmd, ri->run_id);
	return EXIT_FAILED;
}

/* --step names one of the routine's steps (by its id, as `rutin show`
 * lists them). 0, or the exit status. */
static int
check_step(struct session *s, const struct log_run_info *ri)
{
	const struct routine *r = catalog_find_text(&s->catalog, ri->routine_id,
	    ri->routine_hash);

	if (r == NULL) {
		fprintf(stderr, _("rutin %s: the routine %s is not installed here, so --step "
		    "cannot be checked; give its folder with --routines\n"), s->cmd,
		    ri->routine_id);
		return EXIT_FAILED;
	}
	size_t i;

	if (routine_find_step(r, s->o.step) >= 0)
		return 0;
	fprintf(stderr, _("rutin %s: --step: %s has no step "), s->cmd, routine_title(r));
	utf8_write_visible(stderr, s->o.step);
	fputs(_("; its steps are:\n"), stderr);
	for (i = 0; i < routine_step_count(r); i++) {
		char words[WORDS_PROMPT_MAX + 16];

		words_step(routine_step(r, i), NULL, words, sizeof(words));
		fprintf(stderr, "  %s  ", routine_step(r, i)->id);
		utf8_write_visible(stderr, words);
		fputc('\n', stderr);
	}
	return EXIT_USAGE;
}

static int
decide(struct session *s, const char *id, bool sign)
{
	struct log_run_info ri;
	struct log_error err;
	enum review_refusal why;
	int rc;

	if (s->o.comment != NULL && (rc = check_comment(s, s->o.comment)) != 0)
		return rc;
	if ((rc = review_session_find_run(s, id, &ri)) != 0)
		return rc;
	if (sign && (rc = check_findings_before_signing(s, &ri)) != 0)
		return rc;
	if (!sign && s->o.step != NULL && (rc = check_step(s, &ri)) != 0)
		return rc;
	if (review_decide(s->log, &ri, sign, s->o.comment, s->o.step, &why, &err) == LOG_OK) {
		printf(sign ? _("Signed %s (%s).\n") : _("Returned %s (%s).\n"),
		    ri.run_id, ri.case_ref);
		return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
	}
	if (why == REVIEW_NEEDS_COMMENT) {
		fprintf(stderr, _("rutin %s: a returned run needs --comment TEXT saying "
		    "what to correct\n"), s->cmd);
		return EXIT_USAGE;
	}
	/* Any other refusal: the account may not (rutin(1), EXIT STATUS). */
	return cmd_report(s->cmd, &err);
}

/* ---- access ---- */

static const char *const access_columns[] = { "seq", "time", "account", "event",
	"run", "what", "time_zone" };
#define ACCESS_COLUMNS (sizeof(access_columns) / sizeof(access_columns[0]))

static int
review_access(struct session *s, const char *unused)
{
	struct log_run_info ri;
	struct access_entry *list = NULL;
	struct log_error err;
	enum format fmt;
	char zone[64];
	size_t n = 0, i;
	int rc;

	(void)unused;
	if ((rc = review_parse_format(s, 7, &fmt)) != 0)
		return rc;
	if (s->o.run != NULL && (rc = review_session_find_run(s, s->o.run, &ri)) != 0)
		return rc;
	if (review_access_log(s->log, s->o.run != NULL ? ri.run_id : NULL, s->o.account,
	    &list, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	review_print_header(fmt, access_columns, ACCESS_COLUMNS);
	when_zone_name(zone, sizeof(zone));
	for (i = 0; i < n; i++) {
		char seq[24], when[32];
		const char *v[ACCESS_COLUMNS] = { seq, when, list[i].account, list[i].type,
			list[i].run_id, list[i].what, zone };

		snprintf(seq, sizeof(seq), "%lld", (long long)list[i].seq);
		when_format(when, sizeof(when), list[i].time);
		if (fmt != FORMAT_TEXT) {
			review_print_row(fmt, access_columns, v, ACCESS_COLUMNS);
			continue;
		}
		printf("%-8.8s  %s  ", list[i].run_id[0] ? list[i].run_id : "-", when);
		utf8_write_visible(stdout, list[i].account);
		fputs("  ", stdout);
		utf8_write_visible(stdout, words_access(list[i].type, list[i].what));
		if (list[i].what[0] != '\0' && !event_is(list[i].type, EV_ACCESS_RECORDED)) {
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

/* ---- The entries (cmd.h) ---- */

static int
do_sign(struct session *s, const char *run)
{
	return decide(s, run, true);
}

/* review sign-clean: the runs waiting for a first review that have no
 * findings (as the filters pick them), listed; signed, one review.signed
 * each, only with --confirm. */
static int
sign_clean(struct session *s, const char *unused)
{
	struct log_run_filter f;
	struct log_run_info *runs = NULL;
	struct review_counts *counts;
	struct log_error err;
	size_t n = 0, i, clean = 0, done = 0;
	int rc;

	(void)unused;
	if ((rc = list_filter(s, &f)) != 0)
		return rc;
	f.review = LOG_REVIEW_QUEUE;
	if (log_runs(s->log, &f, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	if ((rc = review_session_access(s, ACCESS_READ_LIST, NULL)) != 0) {
		free(runs);
		return rc;
	}
	counts = xcalloc(n + 1, sizeof(*counts));
	review_counts(s->log, catalog_lookup_text, &s->catalog, runs, n, clock_now_ms(),
	    counts);
	for (i = 0; i < n; i++)
		if (review_is_clean(s->log, &runs[i], &counts[i])) {
			list_row(FORMAT_TEXT, &runs[i], catalog_find_text(&s->catalog,
			    runs[i].routine_id, runs[i].routine_hash), &counts[i]);
			clean++;
		}
	if (clean == 0) {
		fprintf(stderr, _("rutin %s: no run waiting for a first review is without "
		    "findings; nothing to sign\n"), s->cmd);
	} else if (!s->o.confirm) {
		fprintf(stderr, P_("rutin %s: %zu run without findings would be signed; "
		    "nothing was signed; --confirm signs it\n", "rutin %s: %zu runs without "
		    "findings would be signed; nothing was signed; --confirm signs them\n",
		    clean), s->cmd, clean);
		rc = EXIT_FAILED;
	} else if (review_sign_clean(s->log, runs, counts, n, &done, &err) != LOG_OK) {
		fprintf(stderr, P_("rutin %s: %zu run was signed before this failed:\n",
		    "rutin %s: %zu runs were signed before this failed:\n", done), s->cmd, done);
		rc = cmd_report(s->cmd, &err);
	} else {
		printf(P_("Signed %zu run without findings.\n", "Signed %zu runs without "
		    "findings.\n", done), done);
	}
	free(counts);
	free(runs);
	if (rc == 0 && !cmdline_stdout_ok())
		return cmdline_output_failed(s->cmd);
	return rc;
}

static int
do_return(struct session *s, const char *run)
{
	return decide(s, run, false);
}

static int
list_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_list);
}

static int
show_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_show);
}

static int
sign_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, do_sign);
}

static int
sign_clean_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, sign_clean);
}

static int
return_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, do_return);
}

static int
access_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, review_access);
}


const struct cmd_entry review_list_cmd = {
	.group = "review", .name = "list",
	.usage = "[--account NAME] [--status STATUS] [--routine ID] [--case TEXT] "
	    "[--from DATE] [--to DATE] [--findings] [--finding KIND] [--format text|csv|jsonl] [--routines DIR]",
	.summary = N_("runs to review (a caseworker: her own), with their findings"),
	.options = OPT_OPEN | OPT(ACCOUNT) | OPT(STATUS) | OPT(FINDINGS) | OPT(FINDING) |
	    OPT(ROUTINE) | OPT(CASE) | OPT(FROM) | OPT(TO) | OPT(FORMAT) | OPT(ROUTINES),
	.flags = CMD_LOG, .exec = list_exec,
};
const struct cmd_entry review_show_cmd = {
	.group = "review", .name = "show", .usage = "RUN [--routines DIR]",
	.summary = N_("a run: its findings and timeline (opening it is logged)"),
	.missing = REVIEW_RUN_MISSING, .options = OPT_OPEN | OPT(ROUTINES),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .exec = show_exec,
};
const struct cmd_entry review_sign_cmd = {
	.group = "review", .name = "sign",
	.usage = "RUN [--comment TEXT] [--confirm] [--routines DIR]",
	.summary = N_("a supervisor signs a completed run off"),
	.missing = REVIEW_RUN_MISSING,
	.options = OPT_OPEN | OPT(COMMENT) | OPT(CONFIRM) | OPT(ROUTINES),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = sign_exec,
};
const struct cmd_entry review_sign_clean_cmd = {
	.group = "review", .name = "sign-clean",
	.usage = "[--account NAME] [--routine ID] [--case TEXT] [--from DATE] [--to DATE] "
	    "[--confirm] [--routines DIR]",
	.summary = N_("signs at once the runs waiting for a first review that have no "
	    "findings (listed; --confirm signs them)"),
	.options = OPT_OPEN | OPT(ACCOUNT) | OPT(ROUTINE) | OPT(CASE) | OPT(FROM) | OPT(TO) |
	    OPT(CONFIRM) | OPT(ROUTINES),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = sign_clean_exec,
};
const struct cmd_entry review_return_cmd = {
	.group = "review", .name = "return",
	.usage = "RUN --comment TEXT [--step STEP] [--confirm] [--routines DIR]",
	.summary = N_("a supervisor returns a run to its caseworker, saying why"),
	.missing = REVIEW_RUN_MISSING,
	.options = OPT_OPEN | OPT(COMMENT) | OPT(STEP) | OPT(CONFIRM) | OPT(ROUTINES),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = return_exec,
};
const struct cmd_entry review_access_cmd = {
	.group = "review", .name = "access",
	.usage = "[--run RUN] [--account NAME] [--format text|csv|jsonl]",
	.summary = N_("the access log: who opened which run, exported or sampled"),
	.options = OPT_OPEN | OPT(RUN) | OPT(ACCOUNT) | OPT(FORMAT), .flags = CMD_LOG,
	.role = CMD_SUPERVISOR, .exec = access_exec,
};

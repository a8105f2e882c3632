/* rutin export: the runs of a log as CSV or JSON Lines, for a supervisor's
 * spreadsheet or another program (issues 11, 21). One row per run: its
 * summary, its latest review, the minutes spent and its findings (the
 * routine's title beside its id), and the time zone its times are in.
 * The file is made 0600, never overwritten, and removed again when it
 * cannot be written whole; the export is logged. The column names are
 * for programs; `--lang sv` (or `en`) writes a CSV for people instead:
 * headers, statuses, reviews and kinds of finding in words.
 *
 * CSV: RFC 4180 with the choices that make Excel and LibreOffice Calc in a
 * Swedish locale open it right by double-click: a UTF-8 byte order mark
 * (else Excel reads it as Windows-1252), ';' between fields (',' is the
 * decimal comma there, so Excel's list separator is ';'), CRLF line ends,
 * every field quoted when it holds ';', '"', CR or LF, quotes doubled. A
 * field that starts with '=', '+', '-' or '@' gets a leading apostrophe,
 * so a spreadsheet never runs it as a formula. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "runlog/findings.h"
#include "runlog/review.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "cli/language.h"

enum format { FORMAT_CSV, FORMAT_JSONL };

/* Rows are written in batches: each batch's findings are read from the
 * findings cache (filled before the first row) in one go. */
#define EXPORT_BATCH 256

/* An export being written: one row a run, oldest start first, from the
 * query to the file a batch at a time. */
struct export {
	FILE *out;
	enum format fmt;
	bool words;              /* --lang: headers and values for people */
	size_t n;
	struct log *log;
	struct catalog *catalog;
	int64_t now;
	int kind;                /* --finding: its kind, or -1 */
	char zone[64];           /* the time zone of every time written */
	struct log_run_info batch[EXPORT_BATCH];
	size_t nb;
};

static void
iso_time(char *out, size_t size, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms == 0) {
		out[0] = '\0';
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The columns: the name programs read, and the header people read. */
static const struct {
	const char *name, *header;
	bool number;             /* JSON: written as a number */
} columns[] = {
	{ "run_id", N_("Run"), false },
	{ "started", N_("Started"), false },
	{ "case_ref", N_("Case reference"), false },
	{ "routine_id", N_("Routine id"), false },
	{ "routine", N_("Routine"), false },
	{ "routine_version", N_("Version"), true },
	{ "account", N_("Caseworker (account)"), false },
	{ "status", N_("Status"), false },
	{ "last_activity", N_("Last activity"), false },
	{ "deviations", N_("Deviations"), true },
	{ "review", N_("Review"), false },
	{ "reviewed_by", N_("Reviewed by"), false },
	{ "reviewed_at", N_("Reviewed at"), false },
	{ "minutes", N_("Minutes"), true },
	{ "findings", N_("Findings"), true },
	{ "critical", N_("Critical findings"), true },
	{ "finding_kinds", N_("Kinds of finding"), false },
	{ "time_zone", N_("Time zone"), false },
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

/* A row's values and the buffers they point into. */
struct row {
	const char *v[N_COLUMNS];
	char started[32], version[24], last[32], deviations[24], reviewed[32];
	char minutes[24], findings[24], critical[24], kinds[512];
};

/* The kinds present, as tokens (for programs) or names (for people). */
static void
kinds_text(uint32_t kinds, bool words, char *out, size_t size)
{
	size_t len = 0;
	int k;

	out[0] = '\0';
	for (k = 0; k < FINDING_KIND_COUNT && len < size; k++)
		if (kinds & (1u << k))
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? (words ?
			    ", " : " ") : "", words ? finding_name((enum finding_kind)k) :
			    finding_token((enum finding_kind)k));
}

/* The row's values, in the order of `columns`. A run whose findings
 * cannot be computed here has its findings columns empty, never 0. */
static void
values(const struct export *e, const struct log_run_info *r, const struct review_counts *c,
    struct row *w)
{
	const struct routine *rt = catalog_find_text(e->catalog, r->routine_id,
	    r->routine_hash);
	/* The summary says "corrected" for a returned run completed again;
	 * its last review is still the return. */
	int review = review_state_of(r->review) == REVIEW_CORRECTED ? REVIEW_RETURNED :
	    review_state_of(r->review);
	int status = run_status_of(r->status);
	const char *review_text = review > REVIEW_NONE ? review_state_word((enum review_state)review) : "";
	const char *status_text = r->status;

	if (e->words && review > REVIEW_NONE)
		review_text = _(review_state_label((enum review_state)review));
	if (e->words && status >= 0)
		status_text = _(run_status_label((enum run_status)status));
	iso_time(w->started, sizeof(w->started), r->started);
	snprintf(w->version, sizeof(w->version), "%ld", r->routine_version);
	iso_time(w->last, sizeof(w->last), r->last_activity);
	snprintf(w->deviations, sizeof(w->deviations), "%lld", (long long)r->deviations);
	iso_time(w->reviewed, sizeof(w->reviewed), r->reviewed_at);
	w->minutes[0] = w->findings[0] = w->critical[0] = w->kinds[0] = '\0';
	if (c->have) {
		snprintf(w->minutes, sizeof(w->minutes), "%lld", (long long)(c->active_ms / 60000));
		snprintf(w->findings, sizeof(w->findings), "%zu", c->count);
		snprintf(w->critical, sizeof(w->critical), "%zu", c->critical);
		kinds_text(c->kinds, e->words, w->kinds, sizeof(w->kinds));
	}
	w->v[0] = r->run_id, w->v[1] = w->started, w->v[2] = r->case_ref;
	w->v[3] = r->routine_id, w->v[4] = rt != NULL ? routine_title(rt) : "";
	w->v[5] = w->version, w->v[6] = r->account, w->v[7] = status_text;
	w->v[8] = w->last, w->v[9] = w->deviations, w->v[10] = review_text;
	w->v[11] = r->reviewer, w->v[12] = w->reviewed, w->v[13] = w->minutes;
	w->v[14] = w->findings, w->v[15] = w->critical, w->v[16] = w->kinds;
	w->v[17] = e->zone;
}

static void
write_header(const struct export *e)
{
	size_t k;

	if (e->fmt != FORMAT_CSV)
		return;
	fputs(CSV_BOM, e->out);
	for (k = 0; k < N_COLUMNS; k++)
		cmdline_csv_field(e->out, e->words ? _(columns[k].header) : columns[k].name,
		    k + 1 == N_COLUMNS);
}

static void
write_values(struct export *e, const struct row *w)
{
	size_t k;

	e->n++;
	if (e->fmt == FORMAT_CSV) {
		for (k = 0; k < N_COLUMNS; k++)
			cmdline_csv_field(e->out, w->v[k], k + 1 == N_COLUMNS);
		return;
	}
	fputc('{', e->out);
	for (k = 0; k < N_COLUMNS; k++) {
		fprintf(e->out, "%s\"%s\":", k ? "," : "", columns[k].name);
		if (columns[k].number && w->v[k][0] != '\0')
			fputs(w->v[k], e->out);
		else if (columns[k].number)
			fputs("null", e->out); /* findings not known */
		else
			cmdline_json_string(e->out, w->v[k]);
	}
	fputs("}\n", e->out);
}

/* The batch's findings from the cache (filled before), then its rows. */
static void
flush_batch(struct export *e)
{
	struct review_counts c[EXPORT_BATCH];
	struct row w;
	size_t i;

	review_counts(e->log, catalog_lookup_text, e->catalog, e->batch, e->nb, e->now, c);
	for (i = 0; i < e->nb; i++) {
		if (!review_has_kind(&c[i], e->kind))
			continue;
		values(e, &e->batch[i], &c[i], &w);
		write_values(e, &w);
	}
	e->nb = 0;
}

static int
write_row(void *ctx, const struct log_run_info *r)
{
	struct export *e = ctx;

	e->batch[e->nb++] = *r;
	if (e->nb == EXPORT_BATCH)
		flush_batch(e);
	return 0;
}

/* Writes the file: made here, 0600, never over another; removed when it
 * could not be written whole. */
static int
write_file(const char *path, struct log *log, const struct log_run_filter *f,
    struct export *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	struct log_error err;
	enum log_status s;
	FILE *out;
	bool ok;

	if (fd < 0) {
		fprintf(stderr, "rutin export: ");
		utf8_write_visible(stderr, path);
		fprintf(stderr, errno == EEXIST ? _(": already exists; rutin never "
		    "overwrites an export: choose another name\n") : ": %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	out = fdopen(fd, "w");
	if (out == NULL) {
		close(fd);
		unlink(path);
		return cmdline_output_failed("export");
	}
	e->out = out;
	write_header(e);
	s = log_runs_each(log, f, write_row, e, &err);
	if (s == LOG_OK && e->nb > 0)
		flush_batch(e);
	ok = fflush(out) == 0 && !ferror(out) && fsync(fd) == 0;
	ok = fclose(out) == 0 && ok;
	if (s != LOG_OK) {
		unlink(path);
		return cmd_report("export", &err);
	}
	if (!ok) {
		char msg[1024];

		unlink(path);
		snprintf(msg, sizeof(msg), _("rutin export: %s could not be written whole "
		    "and was removed\n"), path);
		utf8_write_visible(stderr, msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int
parse_range(const struct opts *o, int64_t *from, int64_t *to)
{
	*from = *to = -1;
	if (o->from != NULL && (*from = when_parse_day(o->from, 0)) < 0) {
		fprintf(stderr, _("rutin export: --from wants a date as YYYY-MM-DD\n"));
		return EXIT_USAGE;
	}
	if (o->to != NULL && (*to = when_parse_day(o->to, 1)) < 0) {
		fprintf(stderr, _("rutin export: --to wants a date as YYYY-MM-DD\n"));
		return EXIT_USAGE;
	}
	return 0;
}

/* The path comes from the command line: through the sanitiser. */
static void
say_written(size_t n, const char *path)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), P_("rutin export: %zu run written to %s\n",
	    "rutin export: %zu runs written to %s\n", n), n, path);
	utf8_write_visible(stderr, msg);
}

/* --finding as its kind; -1 after saying which kinds there are. */
static int
finding_kind(const char *token)
{
	int k = finding_kind_of(token);

	if (k >= 0)
		return k;
	fprintf(stderr, _("rutin export: --finding is one of:"));
	for (k = 0; k < FINDING_KIND_COUNT; k++)
		fprintf(stderr, " %s", finding_token((enum finding_kind)k));
	fputc('\n', stderr);
	return -1;
}

/* Before the log is opened: the format, the language, the kind and the
 * days. */
static int
export_check(struct cmd_ctx *c)
{
	int64_t from, to;

	if (strcmp(c->o.format, "csv") != 0 && strcmp(c->o.format, "jsonl") != 0) {
		fprintf(stderr, _("rutin export: give --format csv or jsonl and --out "
		    "FILE\n"));
		return EXIT_USAGE;
	}
	if (c->o.lang != NULL && strcmp(c->o.lang, "sv") != 0 && strcmp(c->o.lang, "en") != 0) {
		fprintf(stderr, _("rutin export: --lang is sv or en\n"));
		return EXIT_USAGE;
	}
	if (c->o.lang != NULL && strcmp(c->o.format, "csv") != 0) {
		fprintf(stderr, _("rutin export: --lang is for a CSV that people read; JSON "
		    "Lines keeps the names programs read\n"));
		return EXIT_USAGE;
	}
	if (c->o.finding != NULL && finding_kind(c->o.finding) < 0)
		return EXIT_USAGE;
	return parse_range(&c->o, &from, &to);
}

static int
export_exec(struct cmd_ctx *c)
{
	struct log_field what = { "what", access_read_word(ACCESS_READ_EXPORT), 0 };
	struct log_event_in in = { event_name(EV_ACCESS_RECORDED), NULL, 0, &what, 1 };
	struct export *e = xcalloc(1, sizeof(*e));
	struct log_run_filter f = { .oldest_first = true };
	const struct opts *o = &c->o;
	struct catalog catalog;
	struct log_error err;
	char *own_dir = NULL, *saved = NULL;
	int64_t from, to;
	int rc;

	if ((rc = parse_range(o, &from, &to)) != 0) {
		free(e);
		return rc;
	}
	memset(&catalog, 0, sizeof(catalog));
	cmdline_load_catalog(c->cmd, c->log, o, &catalog, &own_dir);
	e->fmt = strcmp(o->format, "csv") == 0 ? FORMAT_CSV : FORMAT_JSONL;
	e->words = o->lang != NULL;
	e->log = c->log;
	e->catalog = &catalog;
	e->now = clock_now_ms();
	e->kind = o->finding != NULL ? finding_kind(o->finding) : -1;
	when_zone_name(e->zone, sizeof(e->zone));
	f.id_prefix = o->run;
	f.from = from < 0 ? 0 : from;
	f.to = to < 0 ? 0 : to;
	review_filter_kind(&f, e->kind);
	/* Every finished run's findings into the cache first: the rows then
	 * only read (a cache that cannot be filled leaves them computed as
	 * they are read, or empty). */
	if (review_fill_cache(c->log, catalog_lookup_text, &catalog, e->now, &err) < 0) {
		rc = cmd_report(c->cmd, &err);
		goto out;
	}
	if (o->lang != NULL)
		saved = language_switch(o->lang);
	rc = write_file(o->out, c->log, &f, e);
	if (saved != NULL)
		language_restore(saved);
	if (rc != 0)
		goto out;
	/* Logged once written: who exported, that they did. */
	if (log_append(c->log, &in, NULL, &err) != LOG_OK) {
		rc = cmd_report(c->cmd, &err);
		goto out;
	}
	say_written(e->n, o->out);
out:
	catalog_free(&catalog);
	free(own_dir);
	free(e);
	return rc;
}

const struct cmd_entry export_cmd = {
	.name = "export", .usage = "--format csv|jsonl --out FILE [--lang sv|en] [--from DATE] "
	    "[--to DATE] [--run RUN] [--finding KIND] [--routines DIR]",
	.summary = N_("supervisors: the runs for a spreadsheet; never overwrites"),
	.options = OPT_OPEN | OPT(FORMAT) | OPT(OUT) | OPT(LANG) | OPT(FROM) |
	    OPT(TO) | OPT(RUN) | OPT(FINDING) | OPT(ROUTINES),
	.required = OPT(FORMAT) | OPT(OUT), .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.check = export_check, .exec = export_exec,
};

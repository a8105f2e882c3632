/* rutin export: the runs of a log as CSV or JSON Lines, for a supervisor's
 * spreadsheet or another program (issue 11). One row per run: its summary
 * and its latest review. The file is made 0600, never overwritten, and
 * removed again when it cannot be written whole; the export is logged.
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

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"

enum format { FORMAT_CSV, FORMAT_JSONL };

/* An export being written: one row a run, oldest start first, straight
 * from the query to the file (nothing held in memory). */
struct export {
	FILE *out;
	enum format fmt;
	size_t n;
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

static const char *const columns[] = { "run_id", "started", "case_ref", "routine_id",
	"routine_version", "account", "status", "last_activity", "deviations", "review",
	"reviewed_by", "reviewed_at", NULL };

/* The row's values, in the order of `columns`, into v (buffers in b). */
static void
values(const struct log_run_info *r, const char *v[12], char b[5][32])
{
	/* The summary says "corrected" for a returned run completed again;
	 * its last review is still the return. */
	bool returned = review_state_of(r->review) == REVIEW_CORRECTED;

	iso_time(b[0], sizeof(b[0]), r->started);
	snprintf(b[1], sizeof(b[1]), "%ld", r->routine_version);
	iso_time(b[2], sizeof(b[2]), r->last_activity);
	snprintf(b[3], sizeof(b[3]), "%lld", (long long)r->deviations);
	iso_time(b[4], sizeof(b[4]), r->reviewed_at);
	v[0] = r->run_id, v[1] = b[0], v[2] = r->case_ref;
	v[3] = r->routine_id, v[4] = b[1], v[5] = r->account;
	v[6] = r->status, v[7] = b[2], v[8] = b[3];
	v[9] = returned ? review_state_word(REVIEW_RETURNED) : r->review;
	v[10] = r->reviewer, v[11] = b[4];
}

static void
write_header(FILE *out, enum format fmt)
{
	size_t k;

	if (fmt != FORMAT_CSV)
		return;
	fputs(CSV_BOM, out);
	for (k = 0; columns[k] != NULL; k++)
		cmdline_csv_field(out, columns[k], columns[k + 1] == NULL);
}

static int
write_row(void *ctx, const struct log_run_info *r)
{
	struct export *e = ctx;
	const char *v[12];
	char b[5][32];
	size_t k;

	values(r, v, b);
	e->n++;
	if (e->fmt == FORMAT_CSV) {
		for (k = 0; columns[k] != NULL; k++)
			cmdline_csv_field(e->out, v[k], columns[k + 1] == NULL);
		return 0;
	}
	fputc('{', e->out);
	for (k = 0; columns[k] != NULL; k++) {
		fprintf(e->out, "%s\"%s\":", k ? "," : "", columns[k]);
		if (k == 4 || k == 8)
			fputs(v[k], e->out); /* numbers */
		else
			cmdline_json_string(e->out, v[k]);
	}
	fputs("}\n", e->out);
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
	write_header(out, e->fmt);
	s = log_runs_each(log, f, write_row, e, &err);
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

/* Before the log is opened: the format and the days. */
static int
export_check(struct cmd_ctx *c)
{
	int64_t from, to;

	if (strcmp(c->o.format, "csv") != 0 && strcmp(c->o.format, "jsonl") != 0) {
		fprintf(stderr, _("rutin export: give --format csv or jsonl and --out "
		    "FILE\n"));
		return EXIT_USAGE;
	}
	return parse_range(&c->o, &from, &to);
}

static int
export_exec(struct cmd_ctx *c)
{
	struct log_field what = { "what", access_read_word(ACCESS_READ_EXPORT), 0 };
	struct log_event_in in = { event_name(EV_ACCESS_RECORDED), NULL, 0, &what, 1 };
	struct export e = { NULL, FORMAT_CSV, 0 };
	struct log_run_filter f = { .oldest_first = true };
	const struct opts *o = &c->o;
	struct log_error err;
	int64_t from, to;
	int rc;

	e.fmt = strcmp(o->format, "csv") == 0 ? FORMAT_CSV : FORMAT_JSONL;
	if ((rc = parse_range(o, &from, &to)) != 0)
		return rc;
	f.id_prefix = o->run;
	f.from = from < 0 ? 0 : from;
	f.to = to < 0 ? 0 : to;
	if ((rc = write_file(o->out, c->log, &f, &e)) != 0)
		return rc;
	/* Logged once written: who exported, that they did. */
	if (log_append(c->log, &in, NULL, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	say_written(e.n, o->out);
	return 0;
}

const struct cmd_entry export_cmd = {
	.name = "export", .usage = "--format csv|jsonl --out FILE [--from DATE] [--to DATE] [--run RUN]",
	.summary = N_("supervisors: the runs for a spreadsheet; never overwrites"),
	.options = OPT_OPEN | OPT(FORMAT) | OPT(OUT) | OPT(FROM) |
	    OPT(TO) | OPT(RUN),
	.required = OPT(FORMAT) | OPT(OUT), .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.check = export_check, .exec = export_exec,
};

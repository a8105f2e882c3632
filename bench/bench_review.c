/* The supervisors' review on a big log, each against raw SQL doing the
 * same work on the same connection in the same run (reported, never
 * asserted). A log of BENCH_EVENTS events (default 1,000,000), 25 a run
 * (40,000 runs over a year; a tenth with a critical step skipped, a fifth
 * of the completed ones signed), built through the real append path:
 *   1. the queue's first screen (50 rows to review, with their findings
 *      counts) from the findings cache, and cold (replaying each run);
 *   2. filters: typed text, routine and period, critical findings;
 *   3. a run view: the run's row, events, replay, findings, last review;
 *   4. export of every run to CSV: `rutin export` (the binary) against a
 *      raw SELECT of the same rows written with fprintf;
 *   5. the unit's report of the year: runlog/stats.c against the SQL that
 *      counts what SQL can, and the whole `rutin report`.
 * Targets (issue 11): first screen and any filter <= 50 ms, a run view
 * <= 20 ms, export >= 0.8x the raw rate. Run with `make bench`;
 * BENCH_KEEP=1 leaves the log and says where (to profile a command). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/log_impl.h"
#include "runlog/review.h"
#include "runlog/runlog.h"
#include "runlog/stats.h"

#define PASS "benchmark passphrase"
#define STEPS 23
#define PER_RUN 25
#define ROUNDS 15
#define SCREEN 50

static const struct kdf_params CHEAP = { 1, 8192 };
static struct routine *routine;
static char bench_hash[2 * ROUTINE_HASH_BYTES + 1];

static void die(const char *what, const char *msg) __attribute__((noreturn));

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_review: %s: %s\n", what, msg);
	exit(2);
}

/* The routine's text, also written where `rutin export --routines`
 * finds it. */
static char *routine_text;

/* 23 check steps, the first four critical. */
static void
make_routine(void)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *text = xstrdup("format: rutin/1\nid: bench\nversion: 1\ntitle: Bench\n"
	    "area: other\nsections:\n  - id: s\n    title: S\n    steps:\n"), *more;
	int i;

	for (i = 1; i <= STEPS; i++) {
		more = xasprintf("%s      - {id: s%d, kind: check, prompt: Steg %d%s}\n", text,
		    i, i, i <= 4 ? ", critical: true, help: H" : "");
		free(text);
		text = more;
	}
	if (routine_load_buffer(text, strlen(text), "bench.yaml", &routine, &d) != ROUTINE_OK)
		die("routine", "does not load");
	diag_list_clear(&d);
	routine_hash_hex(routine, bench_hash);
	routine_text = text;
}

/* DIR/routines/bench.yaml; the folder's path (the caller frees it). */
static char *
write_routine(const char *dir)
{
	char *folder = xasprintf("%s/routines", dir), *file;
	FILE *f;

	file = xasprintf("%s/bench.yaml", folder);
	if ((mkdir(folder, 0700) != 0 && errno != EEXIST) || (f = fopen(file, "w")) == NULL)
		die("routine", folder);
	fputs(routine_text, f);
	if (fclose(f) != 0)
		die("routine", file);
	free(file);
	return folder;
}

static const struct routine *
find(void *ctx, const char *id, const char *hash)
{
	(void)ctx;
	(void)hash;
	return strcmp(id, "bench") == 0 ? routine : NULL;
}

static void
append(struct log *log, const char *type, const char *run_id, int64_t time,
    const struct log_field *f, size_t n)
{
	struct log_event_in in = { type, run_id, time, f, n };
	struct log_error err;

	if (log_append_in_tx(log, &in, NULL, &err) != LOG_OK)
		die("build", err.message);
}

static void
step_event(struct log *log, const char *run_id, int64_t t, enum event_type type,
    int step, const char *text)
{
	char id[8];
	struct log_field f[2] = { { "step", id, 0 }, { "text", text, 0 } };

	snprintf(id, sizeof(id), "s%d", step);
	append(log, event_name(type), run_id, t, f, 2);
}

/* One run of the caseworker's: started, its steps a minute apart, and
 * (but for the last of every twenty) completed. Returns its events. */
static long
one_run(struct log *log, long k, int64_t start, char run_id[LOG_ID_LEN])
{
	char case_ref[32], hash[2 * ROUTINE_HASH_BYTES + 1];
	struct log_field start_f[5] = { { "case_ref", case_ref, 0 }, { "mode", "live", 0 },
		{ "routine_hash", hash, 0 }, { "routine_id", "bench", 0 },
		{ "routine_version", NULL, 1 } };
	int64_t t = start;
	long n = 0;
	int s;

	snprintf(hash, sizeof(hash), "%s", bench_hash);
	snprintf(case_ref, sizeof(case_ref), "SN 2026/%ld", k);
	log_new_id(run_id);
	append(log, event_name(EV_RUN_STARTED), run_id, t, start_f, 5), n++;
	for (s = 1; s <= STEPS; s++) {
		t += 60000;
		if (s == 2 && k % 10 == 0) { /* a critical step skipped, with reasons */
			step_event(log, run_id, t, EV_STEP_SKIPPED, s, "Ingen tid");
			step_event(log, run_id, t + 1000, EV_DEVIATION_RECORDED, s, "Akut läge");
			n += 2;
		} else {
			step_event(log, run_id, t, EV_STEP_ANSWERED, s, "ja"), n++;
		}
	}
	if (k % 20 != 19)
		append(log, event_name(EV_RUN_COMPLETED), run_id, t + 60000, NULL, 0), n++;
	return n;
}

/* The log: kim walks the runs, the supervisor signs a fifth of them. */
static void
build(const char *path, long events, long *runs_out)
{
	char recovery[RECOVERY_TEXT_LEN], (*ids)[LOG_ID_LEN];
	int64_t year = (int64_t)1767225600 * 1000; /* 2026-01-01 */
	long runs = events / PER_RUN, k, n = 0;
	struct log_error err;
	struct log *sup = NULL, *kim = NULL;
	double t0 = bench_now_ms();

	if (log_create(path, "bench", PASS, strlen(PASS), &CHEAP, recovery, &sup, &err) != LOG_OK ||
	    log_user_add(sup, "kim", ROLE_CASEWORKER, PASS, strlen(PASS), &CHEAP, &err) != LOG_OK ||
	    log_open(path, "kim", PASS, strlen(PASS), &kim, &err) != LOG_OK)
		die("create", err.message);
	sodium_memzero(recovery, sizeof(recovery));
	ids = xcalloc((size_t)runs + 1, sizeof(*ids));
	log_exec(kim, "PRAGMA synchronous = OFF;");
	for (k = 0; k < runs; k++) {
		if (k % 2000 == 0 && (k > 0 && log_commit(kim, &err) != LOG_OK))
			die("build", err.message);
		if (k % 2000 == 0 && log_begin(kim, &err) != LOG_OK)
			die("build", err.message);
		n += one_run(kim, k, year + k * (365LL * 86400000 / runs), ids[k]);
	}
	if (log_commit(kim, &err) != LOG_OK || log_begin(sup, &err) != LOG_OK)
		die("build", err.message);
	for (k = 0; k < runs; k += 5)
		if (k % 20 != 19)
			append(sup, event_name(EV_REVIEW_SIGNED), ids[k], 0, NULL, 0), n++;
	if (log_commit(sup, &err) != LOG_OK)
		die("build", err.message);
	log_exec(sup, "PRAGMA wal_checkpoint(TRUNCATE);");
	printf("a log of %ld events, %ld runs (built in %.1f s)\n", n, runs,
	    (bench_now_ms() - t0) / 1e3);
	log_close(&kim);
	log_close(&sup);
	free(ids);
	*runs_out = runs;
}

/* ---- Timing ---- */

typedef void (*work_fn)(struct log *log, void *ctx);

/* The median of ROUNDS runs of fn, in ms. */
static double
median_ms(work_fn fn, struct log *log, void *ctx)
{
	double t[ROUNDS], t0;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		t0 = bench_now_ms();
		fn(log, ctx);
		t[i] = bench_now_ms() - t0;
	}
	qsort(t, ROUNDS, sizeof(t[0]), bench_cmp_double);
	return t[ROUNDS / 2];
}

static void
report(const char *what, double rutin, double raw, double target)
{
	printf("  %-34s rutin %7.2f ms  raw %7.2f ms  %5.2fx  (target <= %.0f ms)\n", what,
	    rutin, raw, raw > 0 ? rutin / raw : 0, target);
}

/* ---- rutin's side: what the screens and commands do ---- */

/* A list as the queue reads it: the rows, then each row's counts. */
static void
rutin_list(struct log *log, void *ctx)
{
	const struct log_run_filter *f = ctx;
	struct log_run_info *runs = NULL;
	struct review_counts c[SCREEN];
	struct log_error err;
	size_t n = 0;

	if (log_runs(log, f, &runs, &n, &err) != LOG_OK || n > SCREEN)
		die("list", err.message);
	review_counts(log, find, NULL, runs, n, (int64_t)time(NULL) * 1000, c);
	free(runs);
}

/* A run view's reading: the row, the last review, then one pass of its
 * events for the findings, the steps (one replay) and the timeline. */
static int
count_event(void *ctx, const struct log_event *ev)
{
	(*(size_t *)ctx) += strlen(ev->fields) > 0;
	return 0;
}

static void
rutin_view(struct log *log, void *ctx)
{
	const char *id = ctx;
	struct log_run_filter f = { .id_prefix = id };
	struct log_run_info *ri = NULL;
	struct review_note note;
	struct findings fs;
	struct log_error err;
	struct run *run = NULL;
	char why[512];
	size_t n = 0, lines = 0;
	struct review_tap tap = { count_event, &lines, false };

	if (log_runs(log, &f, &ri, &n, &err) != LOG_OK || n != 1)
		die("view", "no run");
	if (review_last(log, id, &note, &err) != LOG_OK)
		die("view", err.message);
	if (review_findings_tapped(log, routine, ri, (int64_t)time(NULL) * 1000, &fs, &run,
	    &tap, why, sizeof(why)) != RUN_OK || !tap.read)
		die("view", why);
	run_free(&run);
	findings_free(&fs);
	free(ri);
}

/* ---- The raw side: the same rows from the same connection ---- */

/* A raw query of the rows with their findings cache rows joined (as
 * rutin reads them); prepared once, as rutin keeps its statements. */
struct raw_query {
	const char *sql;
	const char *text;      /* bound to ?1, or NULL */
	int64_t a, b;          /* bound to ?2 and ?3 */
	sqlite3_stmt *st;
};

static void
raw_list(struct log *log, void *ctx)
{
	struct raw_query *q = ctx;
	int64_t sum = 0;

	if (q->st == NULL && sqlite3_prepare_v2(log->db, q->sql, -1, &q->st, NULL) != SQLITE_OK)
		die("raw", sqlite3_errmsg(log->db));
	if (q->text != NULL)
		sqlite3_bind_text(q->st, 1, q->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q->st, 2, q->a);
	sqlite3_bind_int64(q->st, 3, q->b);
	while (sqlite3_step(q->st) == SQLITE_ROW)
		sum += sqlite3_column_bytes(q->st, 0) + sqlite3_column_int64(q->st, 1);
	sqlite3_reset(q->st);
	if (sum < 0)
		die("raw", "impossible");
}

static void
raw_done(struct raw_query *q)
{
	sqlite3_finalize(q->st);
}

static void
raw_view(struct log *log, void *ctx)
{
	sqlite3_stmt *st;
	size_t bytes = 0;

	sqlite3_prepare_v2(log->db, "SELECT seq, id, time, account, run_id, type, fields,"
	    " prev_hash, hash, sig FROM events WHERE run_id = ? ORDER BY seq;", -1, &st, NULL);
	sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		bytes += (size_t)sqlite3_column_bytes(st, 6);
	sqlite3_finalize(st);
	if (bytes == 0)
		die("raw view", "no events");
}

/* The columns rutin's lists read: the summary row, its last review's
 * author and time, and its findings cache row. */
#define RAW_ROWS "SELECT r.run_id, c.count, r.routine_id, r.routine_version," \
    " r.routine_hash, r.case_ref, r.account, r.status, r.started, r.last_activity," \
    " r.deviations, r.review, r.review_seq, e.account, e.time, r.last_seq," \
    " c.routine_hash, c.stable_until, c.critical, c.active_ms, c.kinds, c.pace_ms" \
    " FROM runs AS r LEFT JOIN events AS e ON r.review_seq > 0 AND e.seq = r.review_seq" \
    " LEFT JOIN findings_cache AS c ON c.run_id = r.run_id AND c.last_seq = r.last_seq "

static void
bench_lists(struct log *log, long runs)
{
	struct log_run_filter queue = { .review = "queue", .limit = SCREEN };
	struct log_run_filter text = { .text = "2026/1234", .limit = SCREEN };
	struct log_run_filter period = { .routine_id = "bench",
		.from = (int64_t)1772323200 * 1000, .to = (int64_t)1775001600 * 1000,
		.limit = SCREEN }; /* March 2026 */
	struct log_run_filter critical = { .critical_only = true, .limit = SCREEN };
	struct raw_query q_queue = { RAW_ROWS "WHERE r.status = 'completed' AND r.review IN"
		" ('', 'corrected') ORDER BY r.started DESC LIMIT 50;", NULL, 0, 0, NULL };
	struct log_run_filter shared = { .text = "SN 2026/", .limit = SCREEN };
	/* The typed text's raw side reads the same trigram index (schema 6);
	 * the LIKE scan of every run is what it replaced, and what a text
	 * most runs share is still read with (it stops at the screenful). */
	struct raw_query q_text = { RAW_ROWS "WHERE r.run_id IN (SELECT run_id FROM runs_text"
		" WHERE runs_text MATCH ?1) ORDER BY r.started DESC LIMIT 50;", "\"2026/1234\"",
		0, 0, NULL };
	struct raw_query q_scan = { RAW_ROWS "WHERE r.case_ref LIKE ?1 OR r.routine_id LIKE ?1"
		" OR r.account LIKE ?1 ORDER BY r.started DESC LIMIT 50;", "%2026/1234%", 0, 0,
		NULL };
	struct raw_query q_shared = { RAW_ROWS "WHERE r.case_ref LIKE ?1 OR r.routine_id LIKE ?1"
		" OR r.account LIKE ?1 ORDER BY r.started DESC LIMIT 50;", "%SN 2026/%", 0, 0,
		NULL };
	struct raw_query q_period = { RAW_ROWS "WHERE r.routine_id = ?1 AND r.started >= ?2"
		" AND r.started < ?3 ORDER BY r.started DESC LIMIT 50;", "bench",
		period.from, period.to, NULL };
	struct raw_query q_critical = { RAW_ROWS "WHERE c.critical > 0"
		" ORDER BY r.started DESC LIMIT 50;", NULL, 0, 0, NULL };
	struct log_error err;
	double t0, fill;
	long filled;

	/* Cold: no cache yet; each of the 50 rows is replayed (and cached). */
	t0 = bench_now_ms();
	rutin_list(log, &queue);
	printf("queue, first screen of %d, cold (each run replayed): %.1f ms\n", SCREEN,
	    bench_now_ms() - t0);
	t0 = bench_now_ms();
	filled = review_fill_cache(log, find, NULL, (int64_t)time(NULL) * 1000, &err);
	fill = bench_now_ms() - t0;
	if (filled < 0)
		die("fill", err.message);
	printf("findings cache filled for %ld of %ld runs in %.1f s (%.2f ms a run: once;\n"
	    "  the walk fills it as each run is completed)\n", filled, runs, fill / 1e3,
	    filled ? fill / (double)filled : 0);
	printf("median of %d, the same connection:\n", ROUNDS);
	report("queue, first screen of 50", median_ms(rutin_list, log, &queue),
	    median_ms(raw_list, log, &q_queue), 50);
	report("filter: typed case reference", median_ms(rutin_list, log, &text),
	    median_ms(raw_list, log, &q_text), 10);
	printf("    (raw LIKE scan of every run, before the index: %.2f ms)\n",
	    median_ms(raw_list, log, &q_scan));
	report("filter: text every run shares", median_ms(rutin_list, log, &shared),
	    median_ms(raw_list, log, &q_shared), 50);
	report("filter: routine and a month", median_ms(rutin_list, log, &period),
	    median_ms(raw_list, log, &q_period), 50);
	report("filter: critical findings", median_ms(rutin_list, log, &critical),
	    median_ms(raw_list, log, &q_critical), 50);
	raw_done(&q_queue);
	raw_done(&q_text);
	raw_done(&q_scan);
	raw_done(&q_shared);
	raw_done(&q_period);
	raw_done(&q_critical);
}

static void
bench_view(struct log *log, long runs)
{
	struct log_run_filter f = { .text = "SN 2026/", .limit = 1 };
	struct log_run_info *ri = NULL;
	struct log_error err;
	size_t n = 0;

	(void)runs;
	if (log_runs(log, &f, &ri, &n, &err) != LOG_OK || n != 1)
		die("view", "no run");
	report("run view (row, events, replay, findings)", median_ms(rutin_view, log,
	    ri->run_id), median_ms(raw_view, log, ri->run_id), 20);
	free(ri);
}

/* ---- Export ---- */

/* `rutin WORD ...` as the supervisor "bench" runs it, the passphrase on
 * fd 3, its errors to /dev/null; ms. `args` ends with NULL. */
static double
rutin_as_bench(const char *rutin, const char *const *args)
{
	const char *argv[32];
	int fds[2], status;
	double t0 = bench_now_ms();
	size_t n = 0;
	pid_t pid;

	argv[n++] = rutin;
	while (*args != NULL && n < 30)
		argv[n++] = *args++;
	argv[n] = NULL;
	if (pipe(fds) != 0)
		die(argv[1], "pipe");
	if ((pid = fork()) == 0) {
		close(fds[1]);
		dup2(fds[0], 3);
		if (dup2(open("/dev/null", O_WRONLY), 2) < 0)
			_exit(126);
		execv(rutin, (char *const *)argv);
		_exit(127);
	}
	close(fds[0]);
	if (write(fds[1], PASS "\n", strlen(PASS) + 1) < 0)
		die(argv[1], "write");
	close(fds[1]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(argv[1], "the command failed");
	return bench_now_ms() - t0;
}

/* `rutin export` as a supervisor runs it (every run, or with `from` only
 * those started from that day); ms. */
static double
rutin_export(const char *rutin, const char *path, const char *routines, const char *out,
    const char *from)
{
	const char *args[] = { "export", "--db", path, "--user", "bench", "--passphrase-fd",
		"3", "--format", "csv", "--out", out, "--from", from, "--routines", routines,
		NULL };

	return rutin_as_bench(rutin, args);
}

/* A time as the export writes it. */
static const char *
raw_time(sqlite3_stmt *st, int c, char *buf, size_t size)
{
	time_t t = (time_t)(sqlite3_column_int64(st, c) / 1000);
	struct tm tm;

	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		return "";
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

/* The same rows with a raw SELECT, the times formatted as the export's,
 * the findings read from the findings cache, written with fprintf and
 * synced; ms. */
static double
raw_export(struct log *log, const char *out)
{
	static const int times[] = { 1, 7, 11 };
	FILE *f = fopen(out, "w");
	double t0 = bench_now_ms();
	sqlite3_stmt *st;
	char buf[3][32];
	int c, k;

	if (f == NULL)
		die("raw export", out);
	sqlite3_prepare_v2(log->db, "SELECT r.run_id, r.started, r.case_ref, r.routine_id,"
	    " r.routine_version, r.account, r.status, r.last_activity, r.deviations,"
	    " r.review, e.account, e.time, c.active_ms / 60000, c.count, c.critical, c.kinds"
	    " FROM runs AS r LEFT JOIN events AS e"
	    " ON r.review_seq > 0 AND e.seq = r.review_seq"
	    " LEFT JOIN findings_cache AS c ON c.run_id = r.run_id AND c.last_seq = r.last_seq"
	    " ORDER BY r.started;", -1, &st, NULL);
	fputs("\xef\xbb\xbfrun_id;started;case_ref;routine_id;routine;routine_version;account;"
	    "status;last_activity;deviations;review;reviewed_by;reviewed_at;minutes;findings;"
	    "critical;finding_kinds;time_zone\r\n", f);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v[16];

		for (c = 0; c < 16; c++)
			v[c] = sqlite3_column_text(st, c) ? (const char *)sqlite3_column_text(st, c) :
			    "";
		for (k = 0; k < 3; k++)
			v[times[k]] = raw_time(st, times[k], buf[k], sizeof(buf[k]));
		/* the routine's id where rutin writes its title, the kinds'
		 * bits where it writes their tokens: as many bytes, near enough */
		fprintf(f, "%s;%s;%s;%s;%s;", v[0], v[1], v[2], v[3], v[3]);
		for (c = 4; c < 16; c++)
			fprintf(f, "%s;", v[c]);
		fputs("UTC\r\n", f);
	}
	sqlite3_finalize(st);
	/* rutin's export is on disk when it says so: the same here. */
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		die("raw export", "fsync");
	fclose(f);
	return bench_now_ms() - t0;
}

static void
bench_export(const char *rutin, const char *dir, const char *path, long runs)
{
	char *routines = write_routine(dir), *out;
	double r[5], w[5], e[5];
	int i;
	struct log *log;
	struct log_error err;

	for (i = 0; i < 5; i++) {
		out = xasprintf("%s/export-%d.csv", dir, i);
		r[i] = rutin_export(rutin, path, routines, out, "2000-01-01");
		unlink(out);
		e[i] = rutin_export(rutin, path, routines, out, "2999-01-01");
		unlink(out);
		free(out);
		if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
			die("open", err.message);
		out = xasprintf("%s/raw-%d.csv", dir, i);
		w[i] = raw_export(log, out);
		unlink(out);
		free(out);
		log_close(&log);
	}
	qsort(r, 5, sizeof(r[0]), bench_cmp_double);
	qsort(w, 5, sizeof(w[0]), bench_cmp_double);
	qsort(e, 5, sizeof(e[0]), bench_cmp_double);
	printf("export of all %ld runs to CSV, median of 5:\n", runs);
	free(routines);
	printf("  raw SELECT + fprintf (same columns, times formatted, findings from the"
	    " cache), synced: %.0f ms"
	    " (%.0f runs/s)\n", w[2], runs / w[2] * 1e3);
	printf("  rutin export, the whole command: %.0f ms (%.0f runs/s): %.2fx the raw rate\n",
	    r[2], runs / r[2] * 1e3, w[2] / r[2]);
	printf("  of which starting, opening, logging the export, closing (an export of\n"
	    "  no runs): %.0f ms; the rows: %.0f ms (%.0f runs/s): %.2fx the raw rate"
	    " (target >= 0.8x)\n", e[2], r[2] - e[2], runs / (r[2] - e[2]) * 1e3,
	    w[2] / (r[2] - e[2]));
}

/* ---- 5. The unit's report for the whole year (issue 27) ---- */

/* What SQL alone can count of the report's numbers: runs per routine and
 * month by status and review, and the runs with a critical finding in the
 * findings cache. */
static void
raw_report(struct log *log, int64_t from, int64_t to)
{
	sqlite3_stmt *st;
	long n = 0;

	if (sqlite3_prepare_v2(log->db, "SELECT r.routine_id, strftime('%Y-%m', r.started / 1000,"
	    " 'unixepoch', 'localtime'), count(*), sum(r.status = 'completed'),"
	    " sum(r.status = 'paused'), sum(r.review = 'signed'), sum(coalesce(c.critical, 0) > 0)"
	    " FROM runs r LEFT JOIN findings_cache c ON c.run_id = r.run_id"
	    " WHERE r.started >= ?1 AND r.started < ?2 GROUP BY 1, 2", -1, &st, NULL) != SQLITE_OK)
		die("raw report", sqlite3_errmsg(log->db));
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	if (n <= 0)
		die("raw report", "no runs");
}

static double
rutin_report(const char *rutin, const char *path, const char *routines, const char *out)
{
	const char *args[] = { "report", "--db", path, "--user", "bench", "--passphrase-fd",
		"3", "--period", "2026-01-01..2026-12-31", "--out", out, "--routines", routines,
		NULL };

	return rutin_as_bench(rutin, args);
}

static void
bench_report(const char *rutin, const char *dir, const char *path, long runs)
{
	int64_t from = (int64_t)1767225600 * 1000, to = (int64_t)1798761600 * 1000;
	char *routines = write_routine(dir), *out = xasprintf("%s/report.pdf", dir);
	double t0, mine[3], raw[3], whole;
	struct log_error err;
	struct log *log;
	struct stats st;
	int i;

	if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
		die("open", err.message);
	for (i = 0; i < 3; i++) {
		t0 = bench_now_ms();
		if (stats_collect(log, find, NULL, from, to, NULL, 0, to, &st, &err) != LOG_OK)
			die("stats", err.message);
		mine[i] = bench_now_ms() - t0;
		stats_free(&st);
		t0 = bench_now_ms();
		raw_report(log, from, to);
		raw[i] = bench_now_ms() - t0;
	}
	log_close(&log);
	qsort(mine, 3, sizeof(mine[0]), bench_cmp_double);
	qsort(raw, 3, sizeof(raw[0]), bench_cmp_double);
	whole = rutin_report(rutin, path, routines, out);
	unlink(out);
	printf("the unit's report of the year, %ld runs (issue 27; target <= 5 s):\n", runs);
	printf("  runlog/stats.c (every run replayed: findings, steps, deadlines): %.0f ms;"
	    " raw SQL counting runs per routine, month, status and review with the"
	    " findings cache's critical: %.1f ms: %.0fx\n", mine[1], raw[1],
	    raw[1] > 0 ? mine[1] / raw[1] : 0);
	printf("  rutin report, the whole command (two periods, verify, the PDF): %.0f ms\n",
	    whole);
	free(routines);
	free(out);
}

int
main(int argc, char **argv)
{
	const char *n = getenv("BENCH_EVENTS"), *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/rutin-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *path, *cmd;
	struct log_error err;
	struct log *log;
	long runs;

	if (argc != 2)
		die("usage", "bench_review RUTIN");
	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		die("setup", "cannot start");
	path = xasprintf("%s/review.db", dir);
	make_routine();
	build(path, n != NULL ? atol(n) : 1000000L, &runs);
	if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
		die("open", err.message);
	bench_lists(log, runs);
	bench_view(log, runs);
	log_close(&log);
	bench_export(argv[1], dir, path, runs);
	bench_report(argv[1], dir, path, runs);
	if (getenv("BENCH_KEEP") != NULL) {
		printf("kept %s\n", path);
		return 0;
	}
	routine_free(&routine);
	free(routine_text);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0) /* banned-ok: a fixed command on our own temp dir */
		fprintf(stderr, "bench_review: could not remove %s\n", dir);
	free(cmd);
	free(path);
	free(dir);
	return 0;
}

/* A class of BENCH_TRAINEES (default 30) trainees walking "Kontaktfamiljen"
 * at once on one training log, each a process of its own appending through
 * the library as the interface does (the engine, one event a step, the
 * exercise.joined and exercise.shown events); then:
 *   1. no event lost: the log holds exactly what the processes said they
 *      logged, and verify finds it intact;
 *   2. the class view's refresh (the sessions read, every trainee's run
 *      read, replayed and scored) against raw SQL reading the same rows on
 *      the same connection, the median of 15 (target <= 100 ms);
 *   3. the append rate while 30 write at once.
 * Reported, never asserted. Arguments: the source folder (for the routine
 * and the exercise). */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "common/clock.h"
#include "common/xalloc.h"
#include "db/log_impl.h"
#include "runlog/debrief.h"
#include "runlog/runlog.h"
#include "runlog/xsession.h"

#define PASS "benchmark passphrase"
#define ROUNDS 15

static const struct kdf_params CHEAP = { 1, 8192 };

static void die(const char *what, const char *msg) __attribute__((noreturn));

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_class: %s: %s\n", what, msg);
	exit(2);
}

static struct routine *
load_routine(const char *src)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *path = xasprintf("%s/checklists/routines/skyddade-personuppgifter.yaml", src);

	if (routine_load_file(path, &r, &d) != ROUTINE_OK)
		die(path, "does not load");
	diag_list_clear(&d);
	free(path);
	return r;
}

static struct exercise *
load_exercise(const char *src)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = NULL;
	char *path = xasprintf("%s/checklists/exercises/kontaktfamiljen.yaml", src);

	if (exercise_load_file(path, &ex, &d) != ROUTINE_OK)
		die(path, "does not load");
	diag_list_clear(&d);
	free(path);
	return ex;
}

/* The expected answer of a step (the first the exercise accepts), or what
 * the step's kind takes. */
static const char *
answer_for(const struct exercise *ex, const struct step *s)
{
	size_t i;

	for (i = 0; i < ex->expectation_count; i++)
		if (strcmp(ex->expectations[i].step, s->id) == 0 &&
		    ex->expectations[i].answer_count > 0)
			return ex->expectations[i].answers[0].id;
	switch (s->kind) {
	case STEP_CHECK: return ANSWER_YES;
	case STEP_YESNO: return ANSWER_NO;
	case STEP_CHOICE: return s->options[0].id;
	case STEP_DATE: return "2026-11-28";
	case STEP_TEXT: return "Gått igenom skyddet.";
	}
	return ANSWER_YES;
}

/* One trainee: joins, walks every step as the exercise expects, sees the
 * injects at their steps, completes. Writes how many events it logged to
 * `out`. */
static void
trainee(const char *db, int i, const struct xsession *s, const struct routine *r,
    const struct exercise *ex, int out)
{
	struct runlog rl;
	struct run_io io;
	struct run *run = NULL;
	struct log_error err;
	char name[32];
	long cur, k;
	long events = 0;

	snprintf(name, sizeof(name), "t%02d", i);
	memset(&rl, 0, sizeof(rl));
	if (log_open(db, name, PASS, strlen(PASS), &rl.log, &err) != LOG_OK)
		die(name, err.message);
	io = runlog_io(&rl);
	log_new_id(rl.run_id);
	if (run_start(r, RUN_TRAINING, "Övning", 0, &io, &run, NULL) != RUN_OK ||
	    xsession_join(rl.log, s, rl.run_id, &err) != LOG_OK)
		die(name, "start");
	events += 2;
	while ((cur = run_current(run)) >= 0) {
		const struct step *st = routine_step(r, (size_t)cur);

		for (k = 0; k < (long)ex->inject_count; k++)
			if (ex->injects[k].trigger == INJECT_AT_STEP &&
			    strcmp(ex->injects[k].step, st->id) == 0) {
				if (xsession_shown(rl.log, rl.run_id, ex->injects[k].id,
				    &err) != LOG_OK)
					die(name, err.message);
				events++;
			}
		if (run_step_halts(run, (size_t)cur)) {
			if (run_acknowledge_stop(run, st->id) != RUN_OK)
				die(name, "stop");
		} else if (run_answer(run, st->id, answer_for(ex, st), RUN_CONFIRMED,
		    NULL) != RUN_OK) {
			die(name, st->id);
		}
		events++;
	}
	if (run_complete(run) != RUN_OK)
		die(name, "complete");
	events++;
	if (write(out, &events, sizeof(events)) != sizeof(events))
		die(name, "pipe");
	run_free(&run);
	log_close(&rl.log);
}

/* ---- The class view's refresh, and the raw reading of the same ---- */

struct refresh {
	const struct exercise *ex;
	const struct routine *r;
	const char *session;
	size_t trainees;
};

static void
rutin_refresh(struct log *log, struct refresh *f)
{
	struct xstate st;
	struct debrief d;
	struct log_error err;

	memset(&st, 0, sizeof(st));
	if (xstate_update(log, &st, &err) != LOG_OK ||
	    debrief_load(log, &st, xstate_session(&st, f->session), f->ex, f->r,
	    clock_now_ms(), &d, &err) != LOG_OK)
		die("refresh", err.message);
	f->trainees = d.count;
	debrief_free(&d);
	xstate_free(&st);
}

/* Raw: the exercise events, then each joined run's events, the columns
 * read as the library reads them. */
static void
raw_refresh(struct log *log, struct refresh *f)
{
	sqlite3_stmt *x, *e;
	size_t sum = 0;

	if (sqlite3_prepare_v2(log->db, "SELECT seq, id, time, account, run_id, type,"
	    " fields FROM events WHERE type >= 'exercise.' AND type < 'exercise/'"
	    " ORDER BY seq;", -1, &x, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(log->db, "SELECT seq, id, time, account, run_id, type,"
	    " fields, prev_hash, hash, sig FROM events WHERE run_id = ? ORDER BY seq;",
	    -1, &e, NULL) != SQLITE_OK)
		die("raw", sqlite3_errmsg(log->db));
	while (sqlite3_step(x) == SQLITE_ROW) {
		sum += (size_t)sqlite3_column_bytes(x, 6);
		if (strcmp((const char *)sqlite3_column_text(x, 5), "exercise.joined") != 0)
			continue;
		sqlite3_bind_text(e, 1, (const char *)sqlite3_column_text(x, 4), -1,
		    SQLITE_TRANSIENT);
		while (sqlite3_step(e) == SQLITE_ROW)
			sum += (size_t)sqlite3_column_bytes(e, 6);
		sqlite3_reset(e);
	}
	sqlite3_finalize(x);
	sqlite3_finalize(e);
	if (sum == 0)
		die("raw", "nothing read");
	(void)f;
}

static double
median(void (*fn)(struct log *, struct refresh *), struct log *log, struct refresh *f)
{
	double t[ROUNDS], t0;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		t0 = bench_now_ms();
		fn(log, f);
		t[i] = bench_now_ms() - t0;
	}
	qsort(t, ROUNDS, sizeof(t[0]), bench_cmp_double);
	return t[ROUNDS / 2];
}

static int64_t
count_events(struct log *log)
{
	return log_query_int64(log, "SELECT count(*) FROM events;", -1);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("BENCH_TRAINEES");
	int n = env != NULL ? atoi(env) : 30, i, fds[2];
	char dir[] = "/tmp/rutin-bench-class-XXXXXX", recovery[RECOVERY_TEXT_LEN];
	char *db;
	struct routine *r;
	struct exercise *ex;
	struct log *log = NULL;
	struct log_error err;
	struct log_verify v;
	struct xsession s;
	struct refresh f;
	int64_t before, after, said = 0, one;
	double t0, wall, ours, raw;

	if (argc != 2 || n < 1 || n > 99 || sodium_init() < 0 || mkdtemp(dir) == NULL)
		die("usage", "bench_class SRCDIR (BENCH_TRAINEES 1..99)");
	r = load_routine(argv[1]);
	ex = load_exercise(argv[1]);
	db = xasprintf("%s/kurs.db", dir);
	if (log_create(db, "tove", PASS, strlen(PASS), &CHEAP, recovery, &log, &err) != LOG_OK ||
	    log_set_training(log, &err) != LOG_OK ||
	    log_user_set_role(log, "tove", ROLE_TRAINER, &err) != LOG_OK ||
	    xsession_start(log, ex, &s, &err) != LOG_OK)
		die(db, err.message);
	for (i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "t%02d", i);
		if (log_user_add(log, name, ROLE_CASEWORKER, PASS, strlen(PASS), &CHEAP,
		    &err) != LOG_OK)
			die(name, err.message);
	}
	before = count_events(log);
	if (pipe(fds) != 0)
		die("pipe", "cannot");
	t0 = bench_now_ms();
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(fds[0]);
			trainee(db, i, &s, r, ex, fds[1]);
			_exit(0);
		}
		if (pid < 0)
			die("fork", "cannot");
	}
	close(fds[1]);
	for (i = 0; i < n; i++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			die("trainee", "failed");
	}
	wall = bench_now_ms() - t0;
	while (read(fds[0], &one, sizeof(one)) == sizeof(one))
		said += one;
	after = count_events(log);
	printf("bench_class: %d trainees walking \"%s\" at once, each a process\n", n,
	    ex->title);
	printf("  events the trainees logged      %" PRId64 " (the log gained %" PRId64
	    ": %s)\n", said, after - before, said == after - before ? "none lost" : "LOST");
	printf("  appending, all at once          %.0f ms, %.0f events/s\n", wall,
	    (double)said * 1000.0 / wall);
	printf("  verify                          %s\n", log_verify(log, &v, &err) ==
	    LOG_OK ? "intact" : v.problem);
	memset(&f, 0, sizeof(f));
	f.ex = ex, f.r = r, f.session = s.id;
	ours = median(rutin_refresh, log, &f);
	raw = median(raw_refresh, log, &f);
	printf("  class view refresh (%zu rows)    rutin %7.2f ms  raw %7.2f ms  %5.2fx  "
	    "(target <= 100 ms)\n", f.trainees, ours, raw, raw > 0 ? ours / raw : 0);
	log_close(&log);
	routine_free(&r);
	exercise_free(&ex);
	if (getenv("BENCH_KEEP") == NULL) {
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0) /* banned-ok: a benchmark's own temp folder */
			fprintf(stderr, "bench_class: could not remove %s\n", dir);
		free(cmd);
	} else {
		printf("  kept: %s (passphrase \"%s\")\n", db, PASS);
	}
	free(db);
	return 0;
}

/* mkquarter DB ROUTINES_DIR: a log of a realistic half year for the
 * report's test (tests/cli/report.sh): anna supervises, bo and cy walk
 * 300 runs of the review fixture and the leak routine from 2026-07-01 to
 * 2026-12-31 through the run engine and the real append path, each event
 * at its own time: answers drawn from a fixed seed (some steps skipped,
 * some not applicable, deviations with reasons), a tenth of the runs left
 * paused and a few aborted; anna signs most completed runs days later and
 * returns some. The passphrase of all three is "quarter passphrase".
 * Prints nothing the test relies on: it counts from `rutin events`.
 *
 * mkquarter DB ROUTINES_DIR FROM DAYS RUNS: the same over DAYS days from
 * the day FROM (YYYY-MM-DD, UTC) with RUNS runs, each with a case
 * reference of its year ("SN 2024/1003") and a note of its own on its
 * first step ("Anteckning nr 1003 om ärendet"), for the gallring test
 * (tests/cli/gallra.sh) to look for after it removed them. */
#include "config.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklists/run.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/log.h"
#include "runlog/runlog.h"

#define PASS "quarter passphrase"
#define RUNS 300
#define HOUR 3600000LL
#define DAY (24 * HOUR)

static const struct kdf_params CHEAP = { 1, 8192 };
static uint64_t seed = 20261207;
static int64_t clock_ms;
static bool with_notes;

static unsigned
draw(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static int64_t
fake_now(void *ctx)
{
	(void)ctx;
	clock_ms += 30000 + (int64_t)draw(240000); /* half a minute to four */
	return clock_ms;
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "mkquarter: %s: %s\n", what, msg);
	exit(1);
}

static const char *
answer_for(const struct step *s)
{
	switch (s->kind) {
	case STEP_CHECK:
		return ANSWER_YES;
	case STEP_YESNO:
		return draw(4) == 0 ? ANSWER_YES : ANSWER_NO;
	case STEP_CHOICE:
		return s->options[draw((unsigned)s->option_count)].id;
	case STEP_TEXT:
		return "Åtgärder dokumenterade i akten.";
	case STEP_DATE:
		return "2026-12-20";
	}
	return ANSWER_YES;
}

/* One step of the run where it waits: acknowledged, answered, skipped or
 * not applicable. */
static void
one_step(struct run *run, long cur)
{
	const struct step *s = routine_step(run_routine(run), (size_t)cur);
	enum run_error e;
	unsigned dice = draw(100);

	if (run_step_halts(run, (size_t)cur)) {
		if (run_acknowledge_stop(run, s->id) != RUN_OK)
			die("stop", s->id);
		return;
	}
	if (dice < 6)
		e = run_skip(run, s->id, "Hann inte i dag", 0, NULL);
	else if (dice < 10)
		e = run_not_applicable(run, s->id, "Gäller inte i ärendet", 0, NULL);
	else
		e = run_answer(run, s->id, answer_for(s), 0, NULL);
	if (e == RUN_E_CONTRADICTS)
		e = run_answer(run, s->id, answer_for(s), RUN_CONFIRMED, NULL);
	if (e != RUN_OK)
		die("step", run_error_message(e));
}

/* The reasons completing asks for, then completion. */
static bool
finish(struct run *run)
{
	struct run_blocker b[64];
	size_t n = run_blockers(run, b, 64), i;

	for (i = 0; i < n && i < 64; i++)
		if (b[i].kind == BLOCK_NO_REASON &&
		    run_deviation(run, routine_step(run_routine(run), b[i].step)->id,
		    "Akut läge, dokumenterat i akten", 0, NULL) != RUN_OK)
			die("deviation", "refused");
	return run_complete(run) == RUN_OK;
}

/* One run from `start`; returns its status. */
static enum run_status
walk(struct log *log, const struct routine *r, long k, int64_t start,
    char run_id[LOG_ID_LEN])
{
	struct runlog rl = { .log = log };
	struct run_io io = runlog_io(&rl);
	struct run *run = NULL;
	char case_ref[32];
	unsigned fate = draw(100);
	long cur, steps = 0;
	enum run_status st;

	io.now = fake_now;
	clock_ms = start;
	log_new_id(rl.run_id);
	if (with_notes) {
		time_t t = (time_t)(start / 1000);
		struct tm tm;

		gmtime_r(&t, &tm);
		snprintf(case_ref, sizeof(case_ref), "SN %d/%ld", tm.tm_year + 1900, 1000 + k);
	} else {
		snprintf(case_ref, sizeof(case_ref), "SN 2026/%ld", 1000 + k);
	}
	if (run_start(r, RUN_LIVE, case_ref, 0, &io, &run, NULL) != RUN_OK)
		die("start", rl.error.message);
	if (with_notes) {
		char note[64];

		snprintf(note, sizeof(note), "Anteckning nr %ld om ärendet", 1000 + k);
		if (run_note(run, routine_step(r, 0)->id, note, 0, NULL) != RUN_OK)
			die("note", note);
	}
	while ((cur = run_current(run)) >= 0 && steps++ < 200) {
		if (fate < 10 && steps > 3) { /* left for another day */
			run_pause(run);
			break;
		}
		one_step(run, cur);
	}
	if (fate >= 10 && fate < 13)
		run_abort(run, "Fel ärende", 0, NULL);
	else if (fate >= 13 && !finish(run))
		die("complete", "refused");
	st = run_status(run);
	snprintf(run_id, LOG_ID_LEN, "%s", rl.run_id);
	run_free(&run);
	return st;
}

static void
review(struct log *sup, const char *run_id, const char *type, int64_t t)
{
	struct log_field f = { "text", "Granskad", 0 };
	struct log_event_in in = { type, run_id, t, &f, 1 };
	struct log_error err;

	if (log_append(sup, &in, NULL, &err) != LOG_OK)
		die("review", err.message);
}

int
main(int argc, char **argv)
{
	struct routine *routines[2] = { NULL, NULL };
	const char *names[2] = { "granskning.yaml", "misstankt-rojande.yaml" };
	char recovery[RECOVERY_TEXT_LEN], path[4096], run_id[LOG_ID_LEN];
	struct log *sup = NULL, *cw[2] = { NULL, NULL };
	struct diag_list d = DIAG_LIST_INIT;
	struct log_error err;
	int64_t from = 1782864000000; /* 2026-07-01 00:00 UTC (the tests run in UTC) */
	int64_t span = 184 * DAY, t;
	long k, runs = RUNS;
	int i;

	if ((argc != 3 && argc != 6) || sodium_init() < 0) {
		fprintf(stderr, "usage: mkquarter DB ROUTINES_DIR [FROM DAYS RUNS]\n");
		return 2;
	}
	if (argc == 6) {
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		if (strptime(argv[3], "%Y-%m-%d", &tm) == NULL || atol(argv[4]) < 1 ||
		    atol(argv[5]) < 1) {
			fprintf(stderr, "mkquarter: FROM is YYYY-MM-DD, DAYS and RUNS numbers\n");
			return 2;
		}
		from = (int64_t)timegm(&tm) * 1000;
		span = atol(argv[4]) * DAY;
		runs = atol(argv[5]);
		with_notes = true;
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], names[i]);
		if (routine_load_file(path, &routines[i], &d) != ROUTINE_OK)
			die(path, "does not load");
	}
	if (log_create(argv[1], "anna", PASS, strlen(PASS), &CHEAP, recovery, &sup,
	    &err) != LOG_OK ||
	    log_user_add(sup, "bo", ROLE_CASEWORKER, PASS, strlen(PASS), &CHEAP, &err) != LOG_OK ||
	    log_user_add(sup, "cy", ROLE_CASEWORKER, PASS, strlen(PASS), &CHEAP, &err) != LOG_OK ||
	    log_open(argv[1], "bo", PASS, strlen(PASS), &cw[0], &err) != LOG_OK ||
	    log_open(argv[1], "cy", PASS, strlen(PASS), &cw[1], &err) != LOG_OK)
		die("create", err.message);
	sodium_memzero(recovery, sizeof(recovery));
	for (k = 0; k < runs; k++) {
		const struct routine *r = routines[draw(100) < 85 ? 0 : 1];
		enum run_status st;

		t = from + k * (span / runs) + (int64_t)draw(4 * 3600) * 1000;
		st = walk(cw[k % 2], r, k, t, run_id);
		if (st != RUN_COMPLETED)
			continue;
		t = clock_ms + (int64_t)(1 + draw(20)) * DAY / 2;
		if (draw(100) < 70)
			review(sup, run_id, event_name(EV_REVIEW_SIGNED), t);
		else if (draw(100) < 30)
			review(sup, run_id, event_name(EV_REVIEW_RETURNED), t);
	}
	log_close(&cw[0]);
	log_close(&cw[1]);
	log_close(&sup);
	routine_free(&routines[0]);
	routine_free(&routines[1]);
	diag_list_clear(&d);
	return 0;
}

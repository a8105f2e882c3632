/* Property: for every shipped routine, replaying the events a run emitted
 * gives exactly the same state, whatever the caseworker did. Many random
 * walks (answers valid and not, changed answers, skips, notes, deviations,
 * stops, pauses, completion attempts, failed log writes) are compared with
 * their replay after every few operations. The walks are reproducible:
 * RUTIN_SEED sets the seed, and a failure prints it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"

#define WALKS 250
#define OPS 150

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t
pick(size_t n)
{
	return (size_t)(rng() % n);
}

static const char *const texts[] = {
	"Klart", "Uppgiften saknas i akten", "Ring 070-123 45 67",
	"Pnr 121212-1212", "Rad ett\nRad två", "", "Dnr 2025-00123",
};

static const char *
random_answer(const struct step *s)
{
	static const char *const junk[] = { "ja", "nej", "kanske", "", "2025-13-01" };

	if (pick(8) == 0)
		return junk[pick(5)];
	switch (s->kind) {
	case STEP_CHECK:
		return ANSWER_YES;
	case STEP_YESNO:
		return pick(2) ? ANSWER_YES : ANSWER_NO;
	case STEP_CHOICE:
		return s->options[pick(s->option_count)].id;
	case STEP_DATE:
		return pick(2) ? "2025-11-27" : "2026-02-28";
	case STEP_TEXT:
		break;
	}
	return texts[pick(sizeof(texts) / sizeof(texts[0]))];
}

static void
random_operation(struct run *run, struct recorder *rec)
{
	const struct routine *r = run_routine(run);
	const struct step *s = routine_step(r, pick(routine_step_count(r)));
	const char *text = texts[pick(sizeof(texts) / sizeof(texts[0]))];
	unsigned flags = pick(2) ? RUN_CONFIRMED : 0;
	size_t op = pick(100);

	if (pick(25) == 0)
		rec->fail_next = 1; /* the next log write fails */
	if (pick(2) && run_current(run) >= 0) {
		/* Half the time, do what a caseworker would do next. */
		size_t cur = (size_t)run_current(run);

		s = routine_step(r, cur);
		if (run_step_halts(run, cur))
			run_acknowledge_stop(run, s->id);
		else if (s->critical && pick(6) == 0)
			run_skip(run, s->id, "Uppgiften saknas", 0, NULL);
		else
			run_answer(run, s->id, random_answer(s), flags, NULL);
		if (run_status(run) == RUN_PAUSED)
			run_resume(run);
		else if (pick(4) == 0 && run_blockers(run, NULL, 0) > 0) {
			struct run_blocker b;

			run_blockers(run, &b, 1);
			if (b.kind == BLOCK_NO_REASON)
				run_deviation(run, routine_step(r, b.step)->id,
				    "Kunde inte kontrolleras", 0, NULL);
		}
		if (pick(3) == 0)
			run_complete(run);
		rec->fail_next = 0;
		return;
	}
	if (op < 45)
		run_answer(run, s->id, random_answer(s), flags, NULL);
	else if (op < 53)
		run_skip(run, s->id, text, flags, NULL);
	else if (op < 59)
		run_not_applicable(run, s->id, text, flags, NULL);
	else if (op < 65)
		run_note(run, s->id, text, flags, NULL);
	else if (op < 71)
		run_deviation(run, s->id, text, flags, NULL);
	else if (op < 83)
		run_acknowledge_stop(run, s->id);
	else if (op < 87)
		run_pause(run);
	else if (op < 93)
		run_resume(run);
	else if (op < 99)
		run_complete(run);
	else
		run_abort(run, text, flags, NULL);
	rec->fail_next = 0;
}

/* After a successful change nothing hidden keeps an answer, and the
 * current step is a visible one that needs the caseworker. */
static void
check_invariants(const struct run *run)
{
	size_t i, n = routine_step_count(run_routine(run));
	long cur = run_current(run);

	for (i = 0; i < n; i++)
		if (!run_step_visible(run, i) && run_status(run) == RUN_ACTIVE &&
		    run_step_status(run, i) != STEP_PENDING)
			fail_msg("hidden step %zu keeps its state", i);
	if (cur >= 0) {
		assert_true(run_step_visible(run, (size_t)cur));
		assert_true(run_step_halts(run, (size_t)cur) ||
		    run_step_status(run, (size_t)cur) == STEP_PENDING);
	}
}

static void
assert_replay_equal(const struct routine *r, const struct run *run,
    const struct recorder *rec, uint64_t seed, int walk)
{
	struct run *again = NULL;
	size_t bad = 0;
	char *a, *b;

	if (run_replay(r, rec->events, rec->count, NULL, &again, &bad) != RUN_OK)
		fail_msg("%s walk %d (seed %llu): replay refused event %zu (%s)",
		    routine_id(r), walk, (unsigned long long)seed, bad,
		    event_name(rec->events[bad].type));
	a = dump_run(run);
	b = dump_run(again);
	if (strcmp(a, b) != 0) {
		print_message("# live:\n%s# replayed:\n%s", a, b);
		fail_msg("%s walk %d (seed %llu): replay differs", routine_id(r),
		    walk, (unsigned long long)seed);
	}
	run_free(&again);
	free(a);
	free(b);
}

static void
walk_routine(struct routine *r, uint64_t seed)
{
	size_t completed = 0, deviated = 0, events = 0;
	int walk, op;

	rng_state = seed;
	for (walk = 0; walk < WALKS; walk++) {
		struct recorder rec;
		struct run_io io;
		struct run *run = NULL;

		memset(&rec, 0, sizeof(rec));
		io = recorder_io(&rec);
		assert_int_equal(run_start(r, pick(2) ? RUN_LIVE : RUN_TRAINING,
		    "SN 2025/1234", 0, &io, &run, NULL), RUN_OK);
		for (op = 0; op < OPS && run_status(run) != RUN_COMPLETED &&
		    run_status(run) != RUN_ABORTED; op++) {
			random_operation(run, &rec);
			if (rec.count > 0 && rec.events[rec.count - 1].type != EV_STEP_RETRACTED)
				check_invariants(run);
			if (op % 10 == 9)
				assert_replay_equal(r, run, &rec, seed, walk);
		}
		assert_replay_equal(r, run, &rec, seed, walk);
		if (run_status(run) == RUN_COMPLETED) {
			struct run_summary sum;

			completed++;
			run_summarize(run, &sum);
			deviated += sum.deviations > 0;
		}
		events += rec.count;
		run_free(&run);
		recorder_free(&rec);
	}
	print_message("# %s: %d walks, %zu events, %zu completed (%zu with deviations)\n",
	    routine_id(r), WALKS, events, completed, deviated);
	/* The walks must reach the interesting places, or they prove little. */
	assert_true(completed > 0);
}

static uint64_t
seed_from_env(void)
{
	const char *s = getenv("RUTIN_SEED");

	return s != NULL && *s != '\0' ? strtoull(s, NULL, 10) : 20261127ULL;
}

static void
test_replay_skyddade_personuppgifter(void **state)
{
	struct routine *r = load_shipped("skyddade-personuppgifter.yaml");

	(void)state;
	walk_routine(r, seed_from_env());
	routine_free(&r);
}

static void
test_replay_kontaktforbud(void **state)
{
	struct routine *r = load_shipped("kontaktforbud.yaml");

	(void)state;
	walk_routine(r, seed_from_env() + 1);
	routine_free(&r);
}

static void
test_replay_vardnad_boende_umgange(void **state)
{
	struct routine *r = load_shipped("vardnad-boende-umgange.yaml");

	(void)state;
	walk_routine(r, seed_from_env() + 2);
	routine_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_skyddade_personuppgifter),
		cmocka_unit_test(test_replay_kontaktforbud),
		cmocka_unit_test(test_replay_vardnad_boende_umgange),
	};

	return cmocka_run_group_tests_name("replay", tests, NULL, NULL);
}

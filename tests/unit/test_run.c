/* The run engine's rules, on a small routine built for them:
 *   0 typ (choice a|b|c, critical)   1 fara (yesno)
 *   2 ring (check, when fara=ja, stop) 3 bara-a (check, when typ=a, critical)
 *   4 under-a (yesno, when bara-a=ja)  5 datum (date)  6 fritext (text, optional) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"

static const char engine_routine[] =
    "format: rutin/1\nid: motor\nversion: 4\ntitle: Motortest\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: typ, kind: choice, prompt: Typ?, options: [a, b, c], critical: true}\n"
    "      - {id: fara, kind: yesno, prompt: Fara?}\n"
    "      - {id: ring, kind: check, prompt: Ring 112, when: {step: fara, in: [ja]}, stop: Ring nu}\n"
    "      - {id: bara-a, kind: check, prompt: A-steg, when: {step: typ, in: [a]}, critical: true}\n"
    "      - {id: under-a, kind: yesno, prompt: Under A, when: {step: bara-a, in: [ja]}}\n"
    "      - {id: datum, kind: date, prompt: Datum}\n"
    "      - {id: fritext, kind: text, prompt: Text, required: false}\n";

struct fixture {
	struct routine *routine;
	struct recorder rec;
	struct run *run;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct diag_list d = DIAG_LIST_INIT;
	struct run_io io;

	f->routine = load_text(engine_routine, &d);
	diag_list_clear(&d);
	if (f->routine == NULL)
		return -1;
	io = recorder_io(&f->rec);
	if (run_start(f->routine, RUN_TRAINING, "SN 2025/1234", 0, &io, &f->run, NULL) != RUN_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	run_free(&f->run);
	routine_free(&f->routine);
	recorder_free(&f->rec);
	free(f);
	return 0;
}

static void
assert_visible(const struct run *run, const char *expected)
{
	char got[64];
	size_t i, n = routine_step_count(run_routine(run));

	for (i = 0; i < n; i++)
		got[i] = run_step_visible(run, i) ? 'v' : '-';
	got[n] = '\0';
	assert_string_equal(got, expected);
}

static const struct run_event *
last_event(const struct fixture *f, size_t back)
{
	assert_true(f->rec.count > back);
	return &f->rec.events[f->rec.count - 1 - back];
}

static void
test_start(void **state)
{
	struct fixture *f = *state;
	const struct run_event *ev = &f->rec.events[0];
	char hash[65];

	routine_hash_hex(f->routine, hash);
	assert_int_equal(f->rec.count, 1);
	assert_int_equal(ev->type, EV_RUN_STARTED);
	assert_string_equal(ev->routine_id, "motor");
	assert_int_equal(ev->routine_version, 4);
	assert_string_equal(ev->routine_hash, hash);
	assert_string_equal(ev->case_ref, "SN 2025/1234");
	assert_int_equal(ev->mode, RUN_TRAINING);
	assert_int_equal(run_status(f->run), RUN_ACTIVE);
	assert_int_equal(run_mode(f->run), RUN_TRAINING);
	assert_visible(f->run, "vv---vv");
	assert_int_equal(run_current(f->run), 0);
}

static void
test_answers_are_checked_by_kind(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run_answer(f->run, "typ", "d", 0, NULL), RUN_E_ANSWER);
	assert_int_equal(run_answer(f->run, "fara", "kanske", 0, NULL), RUN_E_ANSWER);
	assert_int_equal(run_answer(f->run, "datum", "2025-02-29", 0, NULL), RUN_E_ANSWER);
	assert_int_equal(run_answer(f->run, "datum", "2025-1-05", 0, NULL), RUN_E_ANSWER);
	assert_int_equal(run_answer(f->run, "fritext", "a\033[2Jb", 0, NULL), RUN_E_TEXT);
	assert_int_equal(run_answer(f->run, "fritext", "   ", 0, NULL), RUN_E_TEXT);
	assert_int_equal(run_answer(f->run, "nope", "ja", 0, NULL), RUN_E_NO_STEP);
	assert_int_equal(run_answer(f->run, "bara-a", "ja", 0, NULL), RUN_E_HIDDEN);
	assert_int_equal(f->rec.count, 1); /* nothing was logged */
	assert_int_equal(run_answer(f->run, "datum", "2024-02-29", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "typ", "c", 0, NULL), RUN_OK);
	assert_int_equal(run_step_status(f->run, 0), STEP_ANSWERED);
	assert_string_equal(run_step_value(f->run, 0), "c");
	assert_int_equal(last_event(f, 0)->type, EV_STEP_ANSWERED);
	assert_string_equal(last_event(f, 0)->step, "typ");
	assert_string_equal(last_event(f, 0)->text, "c");
}

/* Choosing what is already chosen changes nothing and logs nothing. */
static void
test_same_answer_logs_nothing(void **state)
{
	struct fixture *f = *state;
	size_t logged;

	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	logged = f->rec.count;
	assert_true(run_step_holds(f->run, "typ", "a"));
	assert_false(run_step_holds(f->run, "typ", "b"));
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(f->rec.count, logged);
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	assert_true(f->rec.count > logged);
}

static void
test_changed_answer_retracts_hidden_steps(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_visible(f->run, "vv-v-vv");
	assert_int_equal(run_answer(f->run, "bara-a", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "under-a", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_note(f->run, "under-a", "Noterat", 0, NULL), RUN_OK);
	assert_visible(f->run, "vv-vvvv");
	f->rec.count += 0;
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	/* The engine says what the change retracted (the walk tells her). */
	assert_int_equal(run_retracted(f->run), 2);
	/* The change, then one retraction per step it hid, in step order. */
	assert_int_equal(last_event(f, 2)->type, EV_STEP_ANSWERED);
	assert_int_equal(last_event(f, 1)->type, EV_STEP_RETRACTED);
	assert_string_equal(last_event(f, 1)->step, "bara-a");
	assert_int_equal(last_event(f, 0)->type, EV_STEP_RETRACTED);
	assert_string_equal(last_event(f, 0)->step, "under-a");
	assert_visible(f->run, "vv---vv");
	assert_int_equal(run_step_status(f->run, 3), STEP_PENDING);
	assert_null(run_step_value(f->run, 4));
	assert_int_equal(run_note_count(f->run), 1); /* notes are history: kept */
	/* Back to a: the steps come back empty, not with the old answers. */
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_retracted(f->run), 0); /* nothing held to retract */
	assert_int_equal(run_step_status(f->run, 3), STEP_PENDING);
}

static void
test_stop_halts_until_acknowledged(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run_answer(f->run, "fara", "ja", 0, NULL), RUN_OK);
	assert_true(run_step_halts(f->run, 2));
	assert_int_equal(run_current(f->run), 0); /* typ is still first */
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK); /* before the stop */
	assert_int_equal(run_current(f->run), 2);
	assert_int_equal(run_answer(f->run, "datum", "2025-11-27", 0, NULL), RUN_E_HALTED);
	assert_int_equal(run_answer(f->run, "ring", "ja", 0, NULL), RUN_E_HALTED);
	assert_int_equal(run_skip(f->run, "datum", "Senare", 0, NULL), RUN_E_HALTED);
	assert_int_equal(run_complete(f->run), RUN_E_INCOMPLETE);
	assert_int_equal(run_acknowledge_stop(f->run, "fara"), RUN_E_NOT_NEEDED);
	assert_int_equal(run_acknowledge_stop(f->run, "ring"), RUN_OK);
	assert_int_equal(last_event(f, 0)->type, EV_STOP_ACKNOWLEDGED);
	assert_int_equal(run_acknowledge_stop(f->run, "ring"), RUN_E_NOT_NEEDED);
	assert_int_equal(run_answer(f->run, "datum", "2025-11-27", 0, NULL), RUN_OK);
	/* Hidden and shown again: the stop halts again. */
	assert_int_equal(run_answer(f->run, "fara", "nej", 0, NULL), RUN_OK);
	assert_int_equal(last_event(f, 0)->type, EV_STEP_RETRACTED);
	assert_int_equal(run_answer(f->run, "fara", "ja", 0, NULL), RUN_OK);
	assert_true(run_step_halts(f->run, 2));
}

static void
test_completion_rules(void **state)
{
	struct fixture *f = *state;
	struct run_blocker b[8];
	struct run_summary sum;

	assert_int_equal(run_blockers(f->run, b, 8), 3);
	/* typ: critical and required, unanswered: like any required step it
	 * must be answered, skipped or marked not applicable */
	assert_int_equal(b[0].kind, BLOCK_UNANSWERED);
	assert_int_equal(b[0].step, 0);
	assert_int_equal(b[1].kind, BLOCK_UNANSWERED); /* fara */
	assert_int_equal(b[2].kind, BLOCK_UNANSWERED); /* datum; fritext is optional */
	assert_int_equal(b[2].step, 5);
	assert_int_equal(run_complete(f->run), RUN_E_INCOMPLETE);

	assert_int_equal(run_answer(f->run, "fara", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_skip(f->run, "datum", "Okänt ännu", 0, NULL), RUN_OK);
	assert_int_equal(run_step_status(f->run, 5), STEP_SKIPPED);
	assert_int_equal(run_blockers(f->run, b, 8), 1); /* a skip handles a required step */
	assert_true(run_step_is_deviation(f->run, 0));
	assert_int_equal(run_deviation(f->run, "fara", "x", 0, NULL), RUN_E_NOT_NEEDED);
	/* A deviation reason alone does not close a critical step... */
	assert_int_equal(run_deviation(f->run, "typ", "Uppgiften saknas i akten", 0, NULL), RUN_OK);
	assert_string_equal(run_step_deviation(f->run, 0), "Uppgiften saknas i akten");
	assert_int_equal(run_blockers(f->run, b, 8), 1);
	assert_int_equal(b[0].kind, BLOCK_UNANSWERED);
	assert_int_equal(run_complete(f->run), RUN_E_INCOMPLETE);
	/* ...skipping it does, and its reason stands. */
	assert_int_equal(run_skip(f->run, "typ", "Kan inte bedömas nu", 0, NULL), RUN_OK);
	assert_int_equal(run_blockers(f->run, b, 8), 0);
	assert_int_equal(run_complete(f->run), RUN_OK);
	assert_int_equal(run_status(f->run), RUN_COMPLETED);
	assert_int_equal(last_event(f, 0)->type, EV_RUN_COMPLETED);
	run_summarize(f->run, &sum);
	assert_int_equal(sum.visible, 4);
	assert_int_equal(sum.answered, 1);
	assert_int_equal(sum.skipped, 2);
	assert_int_equal(sum.pending, 1);
	assert_int_equal(sum.deviations, 1);
	/* Nothing changes a completed run. */
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_E_STATE);
	assert_int_equal(run_abort(f->run, "För sent", 0, NULL), RUN_E_STATE);
}

static void
test_answering_a_deviation_clears_it(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run_skip(f->run, "typ", "Vet inte", 0, NULL), RUN_OK);
	assert_true(run_step_is_deviation(f->run, 0));
	assert_int_equal(run_deviation(f->run, "typ", "Akten saknas", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	assert_false(run_step_is_deviation(f->run, 0));
	assert_null(run_step_deviation(f->run, 0));
	assert_int_equal(run_deviation(f->run, "typ", "x", 0, NULL), RUN_E_NOT_NEEDED);
	assert_int_equal(run_not_applicable(f->run, "datum", "Inget datum i detta ärende", 0, NULL), RUN_OK);
	assert_int_equal(run_step_status(f->run, 5), STEP_NOT_APPLICABLE);
	assert_string_equal(run_step_value(f->run, 5), "Inget datum i detta ärende");
	assert_int_equal(last_event(f, 0)->type, EV_STEP_NOT_APPLICABLE);
}

static void
test_guard_on_every_text(void **state)
{
	struct fixture *f = *state;
	struct guard_result g;
	struct run *other = NULL;
	struct run_io io = recorder_io(&f->rec);
	size_t before = f->rec.count;

	assert_int_equal(run_start(f->routine, RUN_LIVE, "Barn 19121212-1212", 0, &io, &other, &g),
	    RUN_E_REFUSED);
	assert_null(other);
	assert_int_equal(g.verdict, GUARD_REFUSED);
	assert_int_equal(g.findings[0].column, 6);
	assert_int_equal(run_note(f->run, "typ", "Pnr 121212-1212", 0, &g), RUN_E_REFUSED);
	assert_int_equal(run_skip(f->run, "typ", "Se 121212-1212", 0, NULL), RUN_E_REFUSED);
	assert_int_equal(run_answer(f->run, "fritext", "121212-1212", 0, NULL), RUN_E_REFUSED);
	assert_int_equal(run_abort(f->run, "Fel 121212-1212", RUN_CONFIRMED, NULL), RUN_E_REFUSED);
	assert_int_equal(f->rec.count, before); /* nothing logged */
	assert_int_equal(run_note(f->run, "typ", "Ring 070-123 45 67", 0, &g), RUN_E_CONFIRM);
	assert_int_equal(g.verdict, GUARD_FLAGGED);
	assert_int_equal(g.findings[0].kind, GUARD_PHONE);
	assert_int_equal(f->rec.count, before);
	assert_int_equal(run_note(f->run, "typ", "Ring 070-123 45 67", RUN_CONFIRMED, &g), RUN_OK);
	assert_int_equal(last_event(f, 0)->type, EV_NOTE_ADDED);
	assert_int_equal(run_note(f->run, "typ", "Klart", 0, &g), RUN_OK);
	assert_int_equal(g.verdict, GUARD_CLEAN);
}

static void
test_pause_resume_and_time(void **state)
{
	struct fixture *f = *state;
	struct run_summary sum;

	/* The fake clock advances 1 s per reading: start was at t0. */
	assert_int_equal(run_pause(f->run), RUN_OK);
	assert_int_equal(run_status(f->run), RUN_PAUSED);
	assert_int_equal(run_answer(f->run, "fara", "nej", 0, NULL), RUN_E_STATE);
	assert_int_equal(run_note(f->run, "typ", "x", 0, NULL), RUN_E_STATE);
	assert_int_equal(run_pause(f->run), RUN_E_STATE);
	f->rec.clock += 3600 * 1000; /* an hour away */
	assert_int_equal(run_resume(f->run), RUN_OK);
	assert_int_equal(run_resume(f->run), RUN_E_STATE);
	assert_int_equal(run_abort(f->run, "Fel ärende", 0, NULL), RUN_OK);
	assert_int_equal(run_status(f->run), RUN_ABORTED);
	assert_string_equal(run_abort_reason(f->run), "Fel ärende");
	run_summarize(f->run, &sum);
	/* Active from start to pause (1 s) and from resume to abort (1 s). */
	assert_int_equal(sum.active_ms, 2000);
}

static void
test_log_failure_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char *before = dump_run(f->run), *after;
	size_t count = f->rec.count;

	f->rec.fail_next = 1;
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_E_LOG);
	after = dump_run(f->run);
	assert_string_equal(before, after);
	assert_int_equal(f->rec.count, count);
	assert_int_equal(run_step_status(f->run, 0), STEP_PENDING);
	free(after);
	/* Retractions that could not be logged are made by the next change. */
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "bara-a", "ja", 0, NULL), RUN_OK);
	f->rec.fail_next = 0;
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	free(before);
}

static void
test_replay_restores_the_state(void **state)
{
	struct fixture *f = *state;
	struct run *again = NULL;
	size_t bad = 99;
	char *a, *b;

	run_answer(f->run, "typ", "a", 0, NULL);
	run_answer(f->run, "bara-a", "ja", 0, NULL);
	run_note(f->run, "bara-a", "Rad ett\nRad två", 0, NULL);
	run_answer(f->run, "fara", "ja", 0, NULL);
	run_acknowledge_stop(f->run, "ring");
	run_answer(f->run, "typ", "c", 0, NULL);
	run_pause(f->run);
	assert_int_equal(run_replay(f->routine, f->rec.events, f->rec.count, NULL, &again, &bad), RUN_OK);
	a = dump_run(f->run);
	b = dump_run(again);
	assert_string_equal(a, b);
	assert_int_equal(run_current(again), run_current(f->run));
	/* A resumed replay goes on like the original. */
	assert_int_equal(run_resume(again), RUN_OK);
	assert_int_equal(run_answer(again, "datum", "2025-12-24", 0, NULL), RUN_OK);
	run_free(&again);
	free(a);
	free(b);
}

static void
test_replay_refuses_what_does_not_fit(void **state)
{
	struct fixture *f = *state;
	struct run *again = NULL;
	struct run_event evs[3];
	size_t bad = 0;

	run_answer(f->run, "typ", "b", 0, NULL);
	memcpy(evs, f->rec.events, 2 * sizeof(evs[0]));
	/* An answer to a step that is hidden at that point. */
	evs[2] = evs[1];
	evs[2].step = "bara-a";
	evs[2].text = "ja";
	assert_int_equal(run_replay(f->routine, evs, 3, NULL, &again, &bad), RUN_E_REPLAY);
	assert_int_equal(bad, 2);
	assert_null(again);
	/* The routine changed since the run started: the hash differs. */
	evs[0].routine_hash = "0000000000000000000000000000000000000000000000000000000000000000";
	assert_int_equal(run_replay(f->routine, evs, 2, NULL, &again, &bad), RUN_E_REPLAY);
	assert_int_equal(bad, 0);
	/* A case reference with control characters (a tampered log). */
	evs[0].routine_hash = f->rec.events[0].routine_hash;
	evs[0].case_ref = "SN \033[2J";
	assert_int_equal(run_replay(f->routine, evs, 2, NULL, &again, &bad), RUN_E_REPLAY);
	/* No run.started first. */
	assert_int_equal(run_replay(f->routine, evs + 1, 1, NULL, &again, &bad), RUN_E_REPLAY);
}

/* Two sessions on one run each logged a pause and a resume: the run
 * still replays, to the state the last event says. */
static void
test_replay_takes_a_double_pause(void **state)
{
	struct fixture *f = *state;
	struct run *again = NULL;
	struct run_event evs[6];
	size_t bad = 0;

	assert_int_equal(run_pause(f->run), RUN_OK);
	assert_int_equal(run_resume(f->run), RUN_OK);
	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	/* started, paused, resumed, answered -> started, paused, paused,
	 * resumed, resumed, answered */
	evs[0] = f->rec.events[0];
	evs[1] = evs[2] = f->rec.events[1];
	evs[3] = evs[4] = f->rec.events[2];
	evs[5] = f->rec.events[3];
	assert_int_equal(evs[1].type, EV_RUN_PAUSED);
	assert_int_equal(evs[3].type, EV_RUN_RESUMED);
	assert_int_equal(run_replay(f->routine, evs, 6, NULL, &again, &bad), RUN_OK);
	assert_int_equal(run_status(again), RUN_ACTIVE);
	run_free(&again);
	/* Ending paused, twice: paused. */
	assert_int_equal(run_replay(f->routine, evs, 3, NULL, &again, &bad), RUN_OK);
	assert_int_equal(run_status(again), RUN_PAUSED);
	run_free(&again);
}

static void
test_event_names(void **state)
{
	int t;

	(void)state;
	for (t = 0; t < RUN_EV_COUNT; t++)
		assert_int_equal(run_event_type_from_name(event_name((enum event_type)t)), t);
	assert_string_equal(event_name(EV_STEP_RETRACTED), "step.retracted");
	assert_int_equal(run_event_type_from_name("step.deleted"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answers_are_checked_by_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_answer_logs_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_answer_retracts_hidden_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_halts_until_acknowledged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answering_a_deviation_clears_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guard_on_every_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_resume_and_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_failure_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_restores_the_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_refuses_what_does_not_fit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_takes_a_double_pause, setup, teardown),
		cmocka_unit_test(test_event_names),
	};

	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}

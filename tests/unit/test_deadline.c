/* Deadlines a routine declares (checklists/FORMAT.md, "Deadlines"): how the
 * loader checks them, what they add to the hash, and where a run stands
 * against them (checklists/deadline.h). The clock is the recorder's: a
 * fixed start, moved by the test. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklists/deadline.h"
#include "tests/unit/testhelp.h"

#define HEAD "format: rutin/1\nid: frist\nversion: 1\ntitle: Frist\narea: other\n" \
    "sections:\n  - id: s\n    title: S\n    steps:\n" \
    "      - {id: anmal, kind: check, prompt: Anmäl}\n" \
    "      - {id: datum, kind: date, prompt: Datum}\n" \
    "      - {id: val, kind: choice, prompt: Val, options: [a, b]}\n" \
    "      - {id: bara-a, kind: check, prompt: Bara A, when: {step: val, in: [a]}, required: false}\n"

#define DEADLINES_LINE 15 /* the line after "deadlines:" */

static const char both_kinds[] = HEAD
    "deadlines:\n"
    "  - {id: timmar, title: Inom ett dygn, hours: 24, met_by: anmal}\n"
    "  - {id: dag, title: Dagens slut, date: datum}\n"
    "  - {id: villkor, title: Bara för A, hours: 2, met_by: bara-a}\n";

/* The recorder's clock moves a second with each reading. */
#define assert_near(a, b) assert_true((a) >= (b) - 10000 && (a) <= (b) + 10000)

static const int64_t START = 1764000000000; /* 2025-11-24 16:00 UTC */
#define HOUR 3600000LL

static int
utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static struct diag_list
load_bad(const char *deadlines)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *text;
	struct routine *r;

	if (asprintf(&text, "%sdeadlines:\n%s", HEAD, deadlines) < 0)
		fail();
	r = load_text(text, &d);
	assert_null(r);
	free(text);
	return d;
}

static void
test_loader_checks_deadlines(void **state)
{
	struct diag_list d;

	(void)state;
	d = load_bad("  - {id: x, title: X}\n");
	assert_error_at(&d, DEADLINES_LINE, 5, "a deadline needs 'hours' (after the "
	    "run's start) or 'date' (a date step)");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, hours: 3, date: datum}\n");
	assert_error_at(&d, DEADLINES_LINE, 30, "a deadline takes 'hours' or 'date', "
	    "not both");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, date: anmal}\n");
	assert_error_at(&d, DEADLINES_LINE, 29, "'date' must name a date step; 'anmal' "
	    "is a check step");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, hours: 3, met_by: anmla}\n");
	assert_error_at(&d, DEADLINES_LINE, 41, "'met_by' names step 'anmla', which does "
	    "not exist; did you mean 'anmal'?");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, date: datum, met_by: datum}\n");
	assert_error_at(&d, DEADLINES_LINE, 44, "'met_by' names the date step itself");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, hours: 0}\n");
	assert_error_at(&d, DEADLINES_LINE, 30, "'hours' must be between 1 and 8760");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, hours: 1}\n  - {id: x, title: Y, hours: 2}\n");
	assert_error_at(&d, DEADLINES_LINE + 1, 10, "duplicate deadline id 'x' (first "
	    "used at line 15)");
	diag_list_clear(&d);
	d = load_bad("  - {id: x, title: X, hours: 1, minutes: 5}\n");
	assert_error_at(&d, DEADLINES_LINE, 33, "unknown key 'minutes' in a deadline");
	diag_list_clear(&d);
	d = load_bad("  []\n");
	assert_error_at(&d, DEADLINES_LINE, 3, "'deadlines' needs 1 to 10 entries");
	diag_list_clear(&d);
}

static void
test_hash_counts_deadlines_only_when_there_are_some(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *plain = load_text(HEAD, &d), *with = load_text(both_kinds, &d);
	char *other = strdup(both_kinds);
	struct routine *changed;

	(void)state;
	assert_non_null(plain);
	assert_non_null(with);
	assert_int_equal(routine_deadline_count(plain), 0);
	assert_int_equal(routine_deadline_count(with), 3);
	assert_memory_not_equal(routine_hash(plain), routine_hash(with), ROUTINE_HASH_BYTES);
	memcpy(strstr(other, "hours: 24"), "hours: 25", 9);
	changed = load_text(other, &d);
	assert_non_null(changed);
	assert_memory_not_equal(routine_hash(changed), routine_hash(with), ROUTINE_HASH_BYTES);
	routine_free(&plain);
	routine_free(&with);
	routine_free(&changed);
	free(other);
	diag_list_clear(&d);
}

struct walk {
	struct routine *r;
	struct recorder rec;
	struct run *run;
	struct run_io io;
	struct run_deadline d[3];
};

static void
walk_start(struct walk *w)
{
	struct diag_list d = DIAG_LIST_INIT;

	memset(w, 0, sizeof(*w));
	w->r = load_text(both_kinds, &d);
	assert_non_null(w->r);
	diag_list_clear(&d);
	w->rec.clock = START;
	w->io = recorder_io(&w->rec);
	assert_int_equal(run_start(w->r, RUN_LIVE, "SN 2026/5", 0, &w->io, &w->run, NULL),
	    RUN_OK);
}

static void
at(struct walk *w, int64_t hours)
{
	w->rec.clock = START + hours * HOUR;
}

static void
states(struct walk *w, int64_t now_hours, enum deadline_state a, enum deadline_state b,
    enum deadline_state c)
{
	assert_int_equal(deadline_of_run(w->run, START + now_hours * HOUR, w->d, 3), 3);
	assert_int_equal(w->d[0].state, a);
	assert_int_equal(w->d[1].state, b);
	assert_int_equal(w->d[2].state, c);
}

static void
walk_free(struct walk *w)
{
	run_free(&w->run);
	recorder_free(&w->rec);
	routine_free(&w->r);
}

static void
test_hours_from_the_start(void **state)
{
	struct walk w;

	(void)state;
	walk_start(&w);
	states(&w, 23, DEADLINE_OPEN, DEADLINE_NONE, DEADLINE_NONE);
	assert_near(w.d[0].due, START + 24 * HOUR);
	states(&w, 25, DEADLINE_MISSED, DEADLINE_NONE, DEADLINE_NONE);
	at(&w, 10);
	assert_int_equal(run_answer(w.run, "anmal", "ja", 0, NULL), RUN_OK);
	states(&w, 25, DEADLINE_MET, DEADLINE_NONE, DEADLINE_NONE);
	assert_near(w.d[0].done, START + 10 * HOUR);
	walk_free(&w);

	walk_start(&w);
	at(&w, 30);
	assert_int_equal(run_answer(w.run, "anmal", "ja", 0, NULL), RUN_OK);
	states(&w, 40, DEADLINE_LATE, DEADLINE_NONE, DEADLINE_NONE);
	assert_true(deadline_failed(w.d[0].state));
	walk_free(&w);

	/* Skipped is not done; not applicable means it does not apply. */
	walk_start(&w);
	assert_int_equal(run_skip(w.run, "anmal", "Hinner inte", 0, NULL), RUN_OK);
	states(&w, 25, DEADLINE_MISSED, DEADLINE_NONE, DEADLINE_NONE);
	assert_int_equal(run_not_applicable(w.run, "anmal", "Ingen incident", 0, NULL),
	    RUN_OK);
	states(&w, 25, DEADLINE_NONE, DEADLINE_NONE, DEADLINE_NONE);
	walk_free(&w);
}

static void
test_a_hidden_step_has_no_deadline(void **state)
{
	struct walk w;

	(void)state;
	walk_start(&w);
	assert_int_equal(run_answer(w.run, "val", "b", 0, NULL), RUN_OK);
	states(&w, 5, DEADLINE_OPEN, DEADLINE_NONE, DEADLINE_NONE);
	assert_int_equal(run_answer(w.run, "val", "a", 0, NULL), RUN_OK);
	states(&w, 5, DEADLINE_OPEN, DEADLINE_NONE, DEADLINE_MISSED);
	states(&w, 1, DEADLINE_OPEN, DEADLINE_NONE, DEADLINE_OPEN);
	walk_free(&w);
}

static void
test_a_date_and_completion(void **state)
{
	struct walk w;

	(void)state;
	walk_start(&w);
	/* The end of 2025-11-26, local time (UTC here): 56 hours on. */
	assert_int_equal(run_answer(w.run, "datum", "2025-11-26", 0, NULL), RUN_OK);
	states(&w, 55, DEADLINE_MISSED, DEADLINE_OPEN, DEADLINE_NONE);
	assert_near(w.d[1].due, START + 56 * HOUR);
	states(&w, 57, DEADLINE_MISSED, DEADLINE_MISSED, DEADLINE_NONE);
	assert_int_equal(run_answer(w.run, "anmal", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(w.run, "val", "b", 0, NULL), RUN_OK);
	at(&w, 50);
	assert_int_equal(run_complete(w.run), RUN_OK);
	states(&w, 57, DEADLINE_MET, DEADLINE_MET, DEADLINE_NONE);
	assert_near(w.d[1].done, START + 50 * HOUR);
	/* Reopened to correct it: the run is not completed until it is again. */
	at(&w, 60);
	assert_int_equal(run_reopen(w.run), RUN_OK);
	states(&w, 61, DEADLINE_MET, DEADLINE_MISSED, DEADLINE_NONE);
	at(&w, 62);
	assert_int_equal(run_complete(w.run), RUN_OK);
	states(&w, 63, DEADLINE_MET, DEADLINE_LATE, DEADLINE_NONE);
	walk_free(&w);

	walk_start(&w);
	assert_int_equal(run_abort(w.run, "Fel ärende", 0, NULL), RUN_OK);
	states(&w, 100, DEADLINE_NONE, DEADLINE_NONE, DEADLINE_NONE);
	walk_free(&w);
}

static void
test_end_of_day(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_true(deadline_end_of_day("2026-12-07", &t));
	assert_true(t == 1796688000000); /* 2026-12-08 00:00 UTC */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	assert_true(deadline_end_of_day("2026-12-07", &t));
	assert_true(t == 1796688000000 - HOUR);
	assert_true(deadline_end_of_day("2026-06-30", &t));
	assert_true(t == 1782864000000 - 2 * HOUR); /* summer time */
	utc(NULL);
	assert_false(deadline_end_of_day("2026-13-01", &t));
	assert_false(deadline_end_of_day("2026-12-7", &t));
	assert_false(deadline_end_of_day("2026-12-07x", &t));
	assert_false(deadline_end_of_day("", &t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loader_checks_deadlines),
		cmocka_unit_test(test_hash_counts_deadlines_only_when_there_are_some),
		cmocka_unit_test(test_hours_from_the_start),
		cmocka_unit_test(test_a_hidden_step_has_no_deadline),
		cmocka_unit_test(test_a_date_and_completion),
		cmocka_unit_test(test_end_of_day),
	};

	return cmocka_run_group_tests(tests, utc, NULL);
}

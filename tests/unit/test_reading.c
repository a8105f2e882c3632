/* The reading floor (checklists/reading.h): a step's floor from its words,
 * the time a run took for each step, and the steps answered faster than
 * they can be read. The clock is the recorder's, set before each answer
 * (each reading of it adds a second). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/reading.h"
#include "tests/unit/testhelp.h"

/* A prompt of 50 words (6 s at 500 a minute), one of 3 (the 1 s minimum),
 * and a choice whose two labels add 20 words to a prompt of 5. */
#define WORDS10 "ett två tre fyra fem sex sju åtta nio tio "
static const char text[] = "format: rutin/1\nid: las\nversion: 1\ntitle: Läs\n"
    "area: other\nsections:\n  - id: s\n    title: S\n    steps:\n"
    "      - {id: lang, kind: check, prompt: " WORDS10 WORDS10 WORDS10 WORDS10 WORDS10 "}\n"
    "      - {id: kort, kind: check, prompt: Tre korta ord}\n"
    "      - id: val\n        kind: choice\n        prompt: Välj det som stämmer bäst\n"
    "        options:\n"
    "          - {id: a, label: " WORDS10 "}\n"
    "          - {id: b, label: " WORDS10 "}\n"
    "      - {id: sist, kind: check, prompt: Sist}\n";

struct walk {
	struct routine *r;
	struct recorder rec;
	struct run *run;
	struct run_io io;
};

static const int64_t START = 1764000000000;

static void
walk_start(struct walk *w)
{
	struct diag_list d = DIAG_LIST_INIT;

	memset(w, 0, sizeof(*w));
	w->r = load_text(text, &d);
	assert_non_null(w->r);
	diag_list_clear(&d);
	w->rec.clock = START - 1000; /* the start reads it: START */
	w->io = recorder_io(&w->rec);
	assert_int_equal(run_start(w->r, RUN_LIVE, "SN 2026/5", 0, &w->io, &w->run, NULL),
	    RUN_OK);
}

/* Answers step `id` with `value` at START + ms. */
static void
answer_at(struct walk *w, const char *id, const char *value, int64_t ms)
{
	w->rec.clock = START + ms - 1000;
	assert_int_equal(run_answer(w->run, id, value, 0, NULL), RUN_OK);
}

static void
walk_free(struct walk *w)
{
	run_free(&w->run);
	recorder_free(&w->rec);
	routine_free(&w->r);
}

static void
test_floor_of_a_step(void **state)
{
	struct walk w;

	(void)state;
	walk_start(&w);
	assert_int_equal(reading_words(NULL), 0);
	assert_int_equal(reading_words("  två\tord \n"), 2);
	assert_int_equal(reading_floor_ms(routine_step(w.r, 0)), 6000);
	assert_int_equal(reading_floor_ms(routine_step(w.r, 1)), READING_MIN_MS);
	assert_int_equal(reading_floor_ms(routine_step(w.r, 2)), 25 * 60000 / READING_WPM);
	walk_free(&w);
}

/* Each step's time runs from the answer before it (whichever step that
 * was), or from the start; a run clicked through in a second is too fast
 * on every step, one that takes its time on none. */
static void
test_too_fast(void **state)
{
	struct walk w;

	(void)state;
	walk_start(&w);
	assert_int_equal(reading_taken_ms(w.run, 0), -1);
	assert_false(reading_too_fast(w.run, 0));
	answer_at(&w, "lang", "ja", 5999);
	assert_int_equal(reading_taken_ms(w.run, 0), 5999);
	assert_true(reading_too_fast(w.run, 0));
	answer_at(&w, "kort", "ja", 5999 + 1000);
	assert_false(reading_too_fast(w.run, 1)); /* exactly the minimum */
	answer_at(&w, "val", "a", 6999 + 2999);
	assert_true(reading_too_fast(w.run, 2));  /* 25 words: 3 s */
	answer_at(&w, "sist", "ja", 60000);
	assert_false(reading_too_fast(w.run, 3));
	assert_int_equal(reading_too_fast_count(w.run), 2);
	/* A changed answer is timed from the answer before it, whichever
	 * step that was: here the last one. */
	answer_at(&w, "val", "b", 60500);
	assert_int_equal(reading_taken_ms(w.run, 2), 500);
	assert_int_equal(reading_too_fast_count(w.run), 2);
	walk_free(&w);

	walk_start(&w);
	answer_at(&w, "lang", "ja", 100);
	answer_at(&w, "kort", "ja", 100);
	answer_at(&w, "val", "b", 100);
	answer_at(&w, "sist", "ja", 100);
	assert_int_equal(reading_taken_ms(w.run, 1), 0);
	assert_int_equal(reading_too_fast_count(w.run), 4);
	walk_free(&w);

	walk_start(&w);
	answer_at(&w, "lang", "ja", 6000);
	answer_at(&w, "kort", "ja", 7000);
	answer_at(&w, "val", "b", 10000);
	answer_at(&w, "sist", "ja", 11000);
	assert_int_equal(reading_too_fast_count(w.run), 0);
	walk_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_floor_of_a_step),
		cmocka_unit_test(test_too_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

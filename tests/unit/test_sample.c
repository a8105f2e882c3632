/* Sampling for internal control: all runs with critical findings, then a
 * reproducible draw, stratified by routine. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runlog/sample.h"
#include "tests/unit/testhelp.h"

#define N 100

static char ids[N][16];
static struct sample_item items[N];

/* 60 runs of routine "a", 30 of "b", 10 of "c"; runs 0, 10, 20 critical. */
static void
make(void)
{
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "run-%03zu", i);
		items[i].run_id = ids[i];
		items[i].routine_id = i < 60 ? "a" : i < 90 ? "b" : "c";
		items[i].critical = i % 10 == 0 && i < 30;
	}
}

static size_t
taken(const char *routine, bool by_chance_only)
{
	size_t i, n = 0;

	for (i = 0; i < N; i++)
		if (items[i].taken && (!by_chance_only || items[i].by_chance) &&
		    (routine == NULL || strcmp(items[i].routine_id, routine) == 0))
			n++;
	return n;
}

static void
test_critical_always_then_the_size(void **state)
{
	(void)state;
	make();
	assert_int_equal(sample_draw(items, N, 10, 42), 10);
	assert_true(items[0].taken && items[10].taken && items[20].taken);
	assert_false(items[0].by_chance);
	assert_int_equal(taken(NULL, false), 13);
	assert_int_equal(taken(NULL, true), 10);
}

/* 97 runs without critical findings: 57 a, 30 b, 10 c; a draw of 10 is
 * 5.9 / 3.1 / 1.0: 6, 3 and 1 by the largest remainder. */
static void
test_stratified_by_routine(void **state)
{
	(void)state;
	make();
	sample_draw(items, N, 10, 7);
	assert_int_equal(taken("a", true), 6);
	assert_int_equal(taken("b", true), 3);
	assert_int_equal(taken("c", true), 1);
}

static void
test_reproducible_and_order_free(void **state)
{
	bool first[N];
	size_t i, same = 1;

	(void)state;
	make();
	sample_draw(items, N, 10, 2026);
	for (i = 0; i < N; i++)
		first[i] = items[i].taken;
	/* The same runs in another order, the same seed: the same sample. */
	for (i = 0; i < N / 2; i++) {
		struct sample_item t = items[i];

		items[i] = items[N - 1 - i];
		items[N - 1 - i] = t;
	}
	sample_draw(items, N, 10, 2026);
	for (i = 0; i < N; i++) {
		size_t orig = (size_t)atoi(items[i].run_id + 4);

		assert_int_equal(items[i].taken, first[orig]);
	}
	/* Another seed: another sample. */
	make();
	sample_draw(items, N, 10, 2027);
	for (i = 0; i < N; i++)
		if (items[i].taken != first[i])
			same = 0;
	assert_int_equal(same, 0);
}

static void
test_more_than_there_are(void **state)
{
	(void)state;
	make();
	assert_int_equal(sample_draw(items, N, 1000, 1), 97);
	assert_int_equal(taken(NULL, false), N);
	assert_int_equal(sample_draw(items, 0, 5, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_critical_always_then_the_size),
		cmocka_unit_test(test_stratified_by_routine),
		cmocka_unit_test(test_reproducible_and_order_free),
		cmocka_unit_test(test_more_than_there_are),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Fail closed, proved by enumeration (issue 19): for every shipped routine
 * and every protecting step (critical, or with a stop), every combination
 * of states on the gates its visibility hangs on, driven through the real
 * engine. A gate is each step on the chain of `when`s above the protecting
 * step; its states are each answer it can take, skipped, not applicable,
 * unanswered, and an answer replaced by a skip. After each combination the
 * step must be shown, unless a gate on its chain holds an explicit answer
 * that its condition declares hiding (`unless` lists it, or `in` does not).
 *
 * The engine computes a step's visibility from its chain alone
 * (run_compute_visibility), so the combinations of the chain's gates are
 * every combination that can matter to that step; the other gates stay
 * unanswered. The fixture tests/fixtures/fail-open.yaml is written to fail
 * open and must fail here and warn in lint. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "checklists/failsafe.h"
#include "common/xalloc.h"

#define MAX_CHAIN 16

/* The states a gate is put in besides its answers. */
enum { ST_NONE = -1, ST_SKIP = -2, ST_NA = -3, ST_ANSWER_THEN_SKIP = -4 };
#define EXTRA_STATES 4

struct chain {
	size_t gate[MAX_CHAIN];              /* in step order */
	const struct step_when *when[MAX_CHAIN]; /* the condition naming it */
	size_t n;
};

struct tally {
	size_t combinations;
	size_t failures;
	char first[512];
};

static size_t
answer_count(const struct step *s)
{
	switch (s->kind) {
	case STEP_CHECK:
		return 1;
	case STEP_YESNO:
		return 2;
	case STEP_CHOICE:
		return s->option_count;
	default:
		return 0;
	}
}

static const char *
answer_at(const struct step *s, size_t k)
{
	if (s->kind == STEP_CHOICE)
		return s->options[k].id;
	return k == 0 ? ANSWER_YES : ANSWER_NO;
}

static void
chain_of(const struct routine *r, const struct step *s, struct chain *c)
{
	const struct step_when *w;
	size_t i, j;

	c->n = 0;
	for (w = s->when; w != NULL; w = routine_step(r, w->step)->when) {
		assert_true(c->n < MAX_CHAIN);
		c->gate[c->n] = w->step;
		c->when[c->n] = w;
		c->n++;
	}
	/* Nearest first as found; walk them in step order. */
	for (i = 0, j = c->n ? c->n - 1 : 0; i < j; i++, j--) {
		size_t g = c->gate[i];
		const struct step_when *t = c->when[i];

		c->gate[i] = c->gate[j], c->when[i] = c->when[j];
		c->gate[j] = g, c->when[j] = t;
	}
}

/* A hurried caseworker acknowledges every stop before step `upto`. */
static void
acknowledge_stops(struct run *run, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (run_step_halts(run, i))
			assert_int_equal(run_acknowledge_stop(run,
			    routine_step(run_routine(run), i)->id), RUN_OK);
}

static void
apply_state(struct run *run, const struct step *g, size_t gi, int state)
{
	enum run_error e = RUN_OK;

	acknowledge_stops(run, gi);
	if (!run_step_visible(run, gi) || state == ST_NONE)
		return; /* hidden by an earlier gate: nothing can be given */
	if (state >= 0)
		e = run_answer(run, g->id, answer_at(g, (size_t)state), RUN_CONFIRMED, NULL);
	else if (state == ST_SKIP)
		e = run_skip(run, g->id, "Hann inte", 0, NULL);
	else if (state == ST_NA)
		e = run_not_applicable(run, g->id, "Gäller inte", 0, NULL);
	else if (state == ST_ANSWER_THEN_SKIP) {
		e = run_answer(run, g->id, answer_at(g, 0), RUN_CONFIRMED, NULL);
		if (e == RUN_OK)
			e = run_skip(run, g->id, "Ångrade svaret", 0, NULL);
	}
	assert_int_equal(e, RUN_OK);
}

/* Does a gate on the chain hold an explicit answer its condition hides
 * for? */
static bool
hidden_by_answer(const struct run *run, const struct chain *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		size_t g = c->gate[i];
		bool listed;

		if (!run_step_visible(run, g) || run_step_status(run, g) != STEP_ANSWERED)
			continue;
		listed = step_when_lists(c->when[i], run_step_value(run, g));
		if (c->when[i]->unless ? listed : !listed)
			return true;
	}
	return false;
}

static const char *
state_name(const struct step *g, int state)
{
	switch (state) {
	case ST_NONE: return "unanswered";
	case ST_SKIP: return "skipped";
	case ST_NA: return "not applicable";
	case ST_ANSWER_THEN_SKIP: return "answered, then skipped";
	default: return answer_at(g, (size_t)state);
	}
}

static void
try_combination(const struct routine *r, size_t si, const struct chain *c,
    const int *states, struct tally *t)
{
	struct recorder rec;
	struct run *run = recorded_run(r, &rec, "Ärende 1");
	size_t i;

	for (i = 0; i < c->n; i++)
		apply_state(run, routine_step(r, c->gate[i]), c->gate[i], states[i]);
	t->combinations++;
	if (!run_step_visible(run, si) && !hidden_by_answer(run, c)) {
		if (t->failures++ == 0) {
			int len = snprintf(t->first, sizeof(t->first),
			    "%s: step '%s' hidden without an answer that hides it:",
			    routine_id(r), routine_step(r, si)->id);

			for (i = 0; i < c->n && len > 0 && (size_t)len < sizeof(t->first); i++)
				len += snprintf(t->first + len, sizeof(t->first) - (size_t)len,
				    " %s=%s", routine_step(r, c->gate[i])->id,
				    state_name(routine_step(r, c->gate[i]), states[i]));
		}
	}
	run_free(&run);
	recorder_free(&rec);
}

/* Every combination of the chain's gate states, as an odometer. */
static void
enumerate_step(const struct routine *r, size_t si, struct tally *t)
{
	struct chain c;
	int states[MAX_CHAIN];
	size_t i;

	chain_of(r, routine_step(r, si), &c);
	for (i = 0; i < c.n; i++)
		states[i] = ST_ANSWER_THEN_SKIP;
	for (;;) {
		try_combination(r, si, &c, states, t);
		for (i = 0; i < c.n; i++) {
			int top = (int)answer_count(routine_step(r, c.gate[i])) - 1;

			if (states[i] < top) {
				states[i]++;
				break;
			}
			states[i] = ST_ANSWER_THEN_SKIP;
		}
		if (i == c.n)
			return;
	}
}

static void
enumerate_routine(const struct routine *r, struct tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < routine_step_count(r); i++)
		if (failsafe_step_protects(routine_step(r, i)))
			enumerate_step(r, i, t);
}

static size_t
protecting_steps(const struct routine *r)
{
	size_t i, n = 0;

	for (i = 0; i < routine_step_count(r); i++)
		n += failsafe_step_protects(routine_step(r, i));
	return n;
}

static const char *const shipped[] = {
	"skyddade-personuppgifter.yaml", "kontaktforbud.yaml",
	"vardnad-boende-umgange.yaml", "fore-utskick.yaml",
	"yttrande-tingsratt.yaml", "skola-och-vard.yaml",
	"misstankt-rojande.yaml", "overflyttning-overlamning.yaml",
	"telefon-och-reception.yaml", NULL,
};

static void
test_shipped_routines_fail_closed(void **state)
{
	size_t i, total = 0;

	(void)state;
	for (i = 0; shipped[i] != NULL; i++) {
		struct routine *r = load_shipped(shipped[i]);
		struct tally t;

		enumerate_routine(r, &t);
		/* Every protecting step was walked at least once. */
		assert_true(t.combinations >= protecting_steps(r));
		if (t.failures > 0)
			fail_msg("%zu of %zu combinations fail open; first: %s",
			    t.failures, t.combinations, t.first);
		assert_int_equal(failsafe_list(r, NULL, 0), 0);
		total += t.combinations;
		routine_free(&r);
	}
	print_message("%zu combinations walked\n", total);
}

/* The test can fail: a routine written to fail open does. */
static void
test_fail_open_fixture_fails(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *path = srcdir_path("tests/fixtures/fail-open.yaml");
	struct fail_open f[8];
	struct tally t;

	(void)state;
	assert_int_equal(routine_load_file(path, &r, &d), ROUTINE_OK);
	enumerate_routine(r, &t);
	assert_true(t.failures > 0);
	assert_non_null(strstr(t.first, "'ring-polisen'"));
	/* skydda-adressen (in: [ja, vet-inte] on skydd-behovs) and
	 * ring-polisen (in: [ja] on akut-fara) fail open; adress-i-brev
	 * (unless: [nej]) does not. */
	assert_int_equal(failsafe_list(r, f, 8), 2);
	assert_string_equal(routine_step(r, f[0].step)->id, "ring-polisen");
	assert_string_equal(routine_step(r, f[0].gate)->id, "akut-fara");
	assert_string_equal(routine_step(r, f[1].step)->id, "skydda-adressen");
	assert_string_equal(routine_step(r, f[1].gate)->id, "skydd-behovs");
	failsafe_warn(r, &d);
	assert_warning_at(&d, 16, 15, "critical step 'ring-polisen' disappears "
	    "when step 'akut-fara' is skipped");
	assert_warning_at(&d, 28, 15, "critical step 'skydda-adressen' disappears");
	diag_list_clear(&d);
	routine_free(&r);
	free(path);
}

/* `unless`: only a listed answer hides; skipped, not applicable and
 * unanswered show the step; a hidden gate hides it. */
static void
test_unless_fails_closed(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = load_steps(
	    "      - {id: a, kind: yesno, prompt: A}\n"
	    "      - {id: g, kind: choice, prompt: G, options: [ja, nej, vet-inte],\n"
	    "         when: {step: a, unless: [nej]}}\n"
	    "      - {id: s, kind: check, prompt: S, critical: true,\n"
	    "         when: {step: g, unless: [nej]}}\n", &d);
	struct recorder rec;
	struct run_io io;
	struct run *run = NULL;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	io = recorder_io(&rec);
	assert_non_null(r);
	assert_int_equal(failsafe_list(r, NULL, 0), 0);
	assert_int_equal(run_start(r, RUN_TRAINING, "x", 0, &io, &run, NULL), RUN_OK);
	assert_true(run_step_visible(run, 2));           /* nothing answered */
	assert_int_equal(run_skip(run, "g", "x", 0, NULL), RUN_OK);
	assert_true(run_step_visible(run, 2));
	assert_int_equal(run_not_applicable(run, "g", "x", 0, NULL), RUN_OK);
	assert_true(run_step_visible(run, 2));
	assert_int_equal(run_answer(run, "g", "vet-inte", 0, NULL), RUN_OK);
	assert_true(run_step_visible(run, 2));
	assert_int_equal(run_answer(run, "g", "nej", 0, NULL), RUN_OK);
	assert_false(run_step_visible(run, 2));
	assert_int_equal(run_answer(run, "g", "ja", 0, NULL), RUN_OK);
	assert_true(run_step_visible(run, 2));
	assert_int_equal(run_answer(run, "a", "nej", 0, NULL), RUN_OK);
	assert_false(run_step_visible(run, 1));          /* the gate hidden... */
	assert_false(run_step_visible(run, 2));          /* ...hides it too */
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
	diag_list_clear(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unless_fails_closed),
		cmocka_unit_test(test_fail_open_fixture_fails),
		cmocka_unit_test(test_shipped_routines_fail_closed),
	};

	return cmocka_run_group_tests_name("failsafe", tests, NULL, NULL);
}

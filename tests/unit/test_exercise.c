/* Exercises (checklists/exercise.c) and their scoring (score.c): the
 * shipped exercises load and fit their routines; broken files are
 * reported at the right line and column; scores of runs walked through
 * the engine match scores computed by hand. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "checklists/exercise.h"
#include "checklists/score.h"
#include "common/xalloc.h"

static struct exercise *
load_exercise_text(const char *text, struct diag_list *d)
{
	struct exercise *ex = NULL;

	exercise_load_buffer(text, strlen(text), "test.yaml", &ex, d);
	return ex;
}

static struct exercise *
load_shipped_exercise(const char *name)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = NULL;
	char *rel = xasprintf("checklists/exercises/%s", name);
	char *path = srcdir_path(rel);

	if (exercise_load_file(path, &ex, &d) != ROUTINE_OK) {
		print_diags(&d);
		fail_msg("cannot load %s", path);
	}
	assert_int_equal(d.warnings, 0);
	diag_list_clear(&d);
	free(path);
	free(rel);
	return ex;
}

/* ---- Loading ---- */

static void
test_shipped_exercises_fit_their_routines(void **state)
{
	static const struct {
		const char *file, *routine, *id;
		long max_points, pass_mark;
		size_t injects, expectations;
	} shipped[] = {
		{ "kontaktfamiljen.yaml", "skyddade-personuppgifter.yaml",
		  "kontaktfamiljen", 21, 15, 5, 14 },
		{ "snabbupplysningar.yaml", "vardnad-boende-umgange.yaml",
		  "snabbupplysningar", 22, 16, 5, 15 },
		{ "overlamning.yaml", "kontaktforbud.yaml", "overlamning", 18, 13, 5, 14 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		struct exercise *ex = load_shipped_exercise(shipped[i].file);
		struct routine *r = load_shipped(shipped[i].routine);
		struct diag_list d = DIAG_LIST_INIT;

		assert_string_equal(ex->id, shipped[i].id);
		assert_int_equal(ex->max_points, shipped[i].max_points);
		assert_int_equal(ex->pass_mark, shipped[i].pass_mark);
		assert_int_equal(ex->inject_count, shipped[i].injects);
		assert_int_equal(ex->expectation_count, shipped[i].expectations);
		/* Written for exactly the shipped text: no warning either. */
		if (!exercise_check_routine(ex, r, &d) || d.warnings != 0)
			print_diags(&d);
		assert_int_equal(d.errors, 0);
		assert_int_equal(d.warnings, 0);
		diag_list_clear(&d);
		routine_free(&r);
		exercise_free(&ex);
	}
}

static const char small_head[] =
    "format: rutin-exercise/1\n"          /* 1 */
    "id: liten\n"                         /* 2 */
    "version: 1\n"                        /* 3 */
    "title: Liten övning\n"               /* 4 */
    "scenario: Ett påhittat ärende.\n"    /* 5 */
    "routine: {id: motor, version: 4}\n"; /* 6 */

static void
test_small_exercise_loads(void **state)
{
	char *text = xasprintf("%s"
	    "roles:\n"
	    "  - {id: pappan, title: Pappan, text: Han ringer.}\n"
	    "injects:\n"
	    "  - {id: a, at: {step: typ}, text: Vid typ.}\n"
	    "  - {id: b, at: {minutes: 10}, text: Efter tio minuter.}\n"
	    "  - {id: c, at: trainer, text: När utbildaren vill.}\n"
	    "expectations:\n"
	    "  - {step: typ, answers: [a, b], points: 3, critical: true, why: Därför.}\n"
	    "  - {step: datum, why: Ett datum.}\n"
	    "pass_mark: 2\n", small_head);
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = load_exercise_text(text, &d);
	char hex[65];

	(void)state;
	if (ex == NULL)
		print_diags(&d);
	assert_non_null(ex);
	assert_string_equal(ex->routine_id, "motor");
	assert_int_equal(ex->routine_version, 4);
	assert_null(ex->routine_hash);
	assert_int_equal(ex->role_count, 1);
	assert_int_equal(ex->inject_count, 3);
	assert_int_equal(ex->injects[0].trigger, INJECT_AT_STEP);
	assert_string_equal(ex->injects[0].step, "typ");
	assert_int_equal(ex->injects[1].trigger, INJECT_AFTER);
	assert_int_equal(ex->injects[1].minutes, 10);
	assert_int_equal(ex->injects[2].trigger, INJECT_TRAINER);
	assert_ptr_equal(exercise_find_inject(ex, "c"), &ex->injects[2]);
	assert_null(exercise_find_inject(ex, "d"));
	/* points default to 1; critical to false */
	assert_int_equal(ex->expectations[1].points, 1);
	assert_false(ex->expectations[1].critical);
	assert_int_equal(ex->max_points, 4);
	exercise_hash_hex(ex, hex);
	assert_int_equal(strlen(hex), 64);
	exercise_free(&ex);
	assert_null(ex);
	diag_list_clear(&d);
	free(text);
}

static void
test_errors_at_their_place(void **state)
{
	char *text = xasprintf("%s"
	    "injects:\n"                                                 /* 7 */
	    "  - {id: a, at: {step: typ}, text: Ett.}\n"                 /* 8 */
	    "  - {id: a, at: {minutes: 10}, text: Två.}\n"               /* 9 */
	    "  - {id: b, at: later, text: Tre.}\n"                       /* 10 */
	    "  - {id: c, at: {minutes: 0}, text: Fyra.}\n"               /* 11 */
	    "expectations:\n"                                            /* 12 */
	    "  - {step: typ, answers: [], why: Tomt.}\n"                 /* 13 */
	    "  - {step: typ, why: Igen.}\n"                              /* 14 */
	    "  - {step: datum, points: 101, why: För mycket.}\n"         /* 15 */
	    "  - {step: fara, pionts: 2, why: Stavfel.}\n"               /* 16 */
	    "  - {step: ring}\n"                                         /* 17 */
	    "pass_mark: 5\n", small_head);                               /* 18 */
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_null(load_exercise_text(text, &d));
	assert_error_at(&d, 9, 10, "duplicate inject id 'a'");
	assert_error_at(&d, 10, 17, "'at' must be 'trainer'");
	assert_error_at(&d, 11, 27, "'minutes' must be between 1 and 600");
	assert_error_at(&d, 13, 26, "'answers' needs at least one answer");
	assert_error_at(&d, 14, 12, "step 'typ' has an expectation already");
	assert_error_at(&d, 15, 27, "'points' must be between 0 and 100");
	assert_error_at(&d, 16, 18, "unknown key 'pionts' in an expectation; did you mean 'points'?");
	assert_error_at(&d, 17, 5, "missing the required key 'why'");
	/* The expectations on typ (line 13), datum and fara give a point
	 * each (a wrong `points` keeps the default): 5 is out of reach. */
	assert_error_at(&d, 18, 12, "'pass_mark' is 5, but the expectations give at most 3");
	diag_list_clear(&d);
	free(text);
}

static void
test_other_format_and_bad_hash(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_null(load_exercise_text("format: rutin/1\nid: x\n", &d));
	assert_error_at(&d, 1, 9, "unsupported format 'rutin/1'; this version of "
	    "rutin reads 'rutin-exercise/1'");
	assert_int_equal(d.errors, 1); /* nothing else is read */
	diag_list_clear(&d);

	assert_null(load_exercise_text("format: rutin-exercise/1\nid: x\nversion: 1\n"
	    "title: X\nscenario: S\nroutine: {id: motor, version: 1, hash: ABC}\n"
	    "expectations: []\npass_mark: 0\n", &d));
	assert_error_at(&d, 6, 40, "64 lowercase hex digits");
	assert_error_at(&d, 7, 15, "at least one expectation");
	diag_list_clear(&d);
}

/* ---- Against the routine ---- */

static const char motor_routine[] =
    "format: rutin/1\nid: motor\nversion: 4\ntitle: Motortest\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: typ, kind: choice, prompt: Typ?, options: [a, b, c]}\n"
    "      - {id: fara, kind: yesno, prompt: Fara?}\n"
    "      - {id: ring, kind: check, prompt: Ring 112}\n"
    "      - {id: datum, kind: date, prompt: Datum}\n"
    "      - {id: fritext, kind: text, prompt: Text}\n";

static void
test_checked_against_the_routine(void **state)
{
	char *text = xasprintf(
	    "format: rutin-exercise/1\nid: liten\nversion: 1\ntitle: T\n"  /* 1-4 */
	    "scenario: S\n"                                                  /* 5 */
	    "routine: {id: motor, version: 3}\n"                             /* 6 */
	    "injects:\n"                                                     /* 7 */
	    "  - {id: a, at: {step: ringa}, text: Ett.}\n"                   /* 8 */
	    "expectations:\n"                                                /* 9 */
	    "  - {step: typ, answers: [a, d], why: W.}\n"                    /* 10 */
	    "  - {step: fara, answers: [kanske], why: W.}\n"                 /* 11 */
	    "  - {step: ring, answers: [nej], why: W.}\n"                    /* 12 */
	    "  - {step: fritext, answers: [ja], why: W.}\n"                  /* 13 */
	    "  - {step: datun, why: W.}\n"                                   /* 14 */
	    "pass_mark: 1\n");
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = load_exercise_text(text, &d);
	struct routine *r = load_text(motor_routine, &d);

	(void)state;
	assert_non_null(ex);
	assert_non_null(r);
	assert_false(exercise_check_routine(ex, r, &d));
	assert_warning_at(&d, 6, 10, "written for version 3 of routine 'motor'; "
	    "the installed one is version 4");
	assert_error_at(&d, 8, 17, "routine 'motor' has no step 'ringa'; did you mean 'ring'?");
	assert_error_at(&d, 10, 30, "'d' is not a possible answer of step 'typ'");
	assert_error_at(&d, 11, 28, "'kanske' is not a possible answer of step 'fara'");
	assert_error_at(&d, 12, 28, "'nej' is not a possible answer of step 'ring' (a check step)");
	assert_error_at(&d, 13, 31, "step 'fritext' is a text step: any answer meets it");
	assert_error_at(&d, 14, 12, "has no step 'datun'; did you mean 'datum'?");
	assert_int_equal(d.errors, 6);
	diag_list_clear(&d);
	routine_free(&r);
	exercise_free(&ex);
	free(text);
}

static void
test_changed_routine_is_a_warning(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = load_exercise_text(
	    "format: rutin-exercise/1\nid: liten\nversion: 1\ntitle: T\nscenario: S\n"
	    "routine: {id: motor, version: 4, hash: "
	    "0000000000000000000000000000000000000000000000000000000000000000}\n"
	    "expectations: [{step: typ, why: W.}]\npass_mark: 1\n", &d);
	struct routine *r = load_text(motor_routine, &d);
	struct routine *other = load_shipped("kontaktforbud.yaml");

	(void)state;
	assert_true(exercise_check_routine(ex, r, &d));
	assert_warning_at(&d, 6, 10, "routine 'motor' has changed since the exercise was written");
	assert_false(exercise_check_routine(ex, other, &d));
	assert_error_at(&d, 6, 10, "the exercise is for routine 'motor', not 'kontaktforbud'");
	diag_list_clear(&d);
	routine_free(&r);
	routine_free(&other);
	exercise_free(&ex);
}

/* ---- Scoring ---- */

struct walk {
	struct routine *routine;
	struct exercise *ex;
	struct recorder rec;
	struct run *run;
};

static int
walk_setup(void **state)
{
	struct walk *w = calloc(1, sizeof(*w));
	struct run_io io;

	w->routine = load_shipped("skyddade-personuppgifter.yaml");
	w->ex = load_shipped_exercise("kontaktfamiljen.yaml");
	io = recorder_io(&w->rec);
	if (run_start(w->routine, RUN_TRAINING, "Övning 1", 0, &io, &w->run,
	    NULL) != RUN_OK)
		return -1;
	*state = w;
	return 0;
}

static int
walk_teardown(void **state)
{
	struct walk *w = *state;

	run_free(&w->run);
	routine_free(&w->routine);
	exercise_free(&w->ex);
	recorder_free(&w->rec);
	free(w);
	return 0;
}

/* Answers steps in order: "step=answer", "step!reason" (skipped),
 * "step~reason" (not applicable). */
static void
walk(struct run *run, const char *const *moves)
{
	size_t i;

	for (i = 0; moves[i] != NULL; i++) {
		char *m = xstrdup(moves[i]);
		char *sep = m + strcspn(m, "=!~");
		char op = *sep;
		enum run_error e;

		*sep = '\0';
		e = op == '=' ? run_answer(run, m, sep + 1, 0, NULL) :
		    op == '!' ? run_skip(run, m, sep + 1, 0, NULL) :
		    run_not_applicable(run, m, sep + 1, 0, NULL);
		if (e != RUN_OK)
			fail_msg("%s: %s", moves[i], run_error_message(e));
		free(m);
	}
}

static const struct expect_score *
item(const struct exercise_score *s, const char *step)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (strcmp(s->items[i].e->step, step) == 0)
			return &s->items[i];
	fail_msg("no expectation on %s", step);
	return NULL;
}

static const char *const mixed_walk[] = {
	"akut-fara=nej", "hot=ja", "riskbedomning=ja", "kontrollera-alla=ja",
	"fraga-personen=ja", "starkaste-skydd=sekretessmarkering",
	"barnens-skydd=ja", "skydd-behovs=ja", "behandla-som-sekretess=ja",
	"andra-forvaltningar!Hann inte", "ingen-adress=ja",
	"namndens-identitet=ja", "telefon=ja", "hotande-vardnadshavare=ja",
	"sekretess-mot-vardnadshavare=ja",
	"sekretessprovning~Inget ska skickas", "kontrollera-bilagor=ja", NULL,
};

static void
test_score_by_hand(void **state)
{
	struct walk *w = *state;
	struct exercise_score s;

	walk(w->run, mixed_walk);
	exercise_score(w->ex, w->run, &s);
	/* By hand: met kontrollera-alla 1, barnens-skydd 1, skydd-behovs 2,
	 * behandla-som-sekretess 1, ingen-adress 1, namndens-identitet 2,
	 * telefon 2, hotande-vardnadshavare 1, sekretess-mot-vardnadshavare 2,
	 * kontrollera-bilagor 1 = 14 of 21. Critical ones missed:
	 * starkaste-skydd (wrong), automatiska-utskick (unanswered),
	 * sekretessprovning (not applicable). */
	assert_int_equal(s.points, 14);
	assert_int_equal(s.max_points, 21);
	assert_int_equal(s.met, 10);
	assert_int_equal(s.critical_missed, 3);
	assert_false(s.passed);
	assert_int_equal(item(&s, "starkaste-skydd")->result, EXPECT_WRONG);
	assert_string_equal(item(&s, "starkaste-skydd")->value, "sekretessmarkering");
	assert_int_equal(item(&s, "andra-forvaltningar")->result, EXPECT_SKIPPED);
	assert_string_equal(item(&s, "andra-forvaltningar")->value, "Hann inte");
	assert_int_equal(item(&s, "automatiska-utskick")->result, EXPECT_UNANSWERED);
	assert_int_equal(item(&s, "sekretessprovning")->result, EXPECT_NOT_APPLICABLE);
	assert_int_equal(item(&s, "telefon")->points, 2);
	assert_int_equal(item(&s, "andra-forvaltningar")->points, 0);
	exercise_score_free(&s);

	/* "No protection needed" hides the steps that protect: each of them
	 * is missed, and skydd-behovs itself is wrong. 14 - 2 (skydd-behovs)
	 * - 1 - 1 - 2 (behandla-som-sekretess, ingen-adress,
	 * namndens-identitet hidden) = 8. */
	walk(w->run, (const char *const[]){ "skydd-behovs=nej", NULL });
	exercise_score(w->ex, w->run, &s);
	assert_int_equal(s.points, 8);
	assert_int_equal(s.critical_missed, 7);
	assert_int_equal(item(&s, "ingen-adress")->result, EXPECT_HIDDEN);
	assert_null(item(&s, "ingen-adress")->value);
	assert_int_equal(item(&s, "andra-forvaltningar")->result, EXPECT_HIDDEN);
	assert_int_equal(item(&s, "skydd-behovs")->result, EXPECT_WRONG);
	exercise_score_free(&s);
}

static void
test_full_marks_and_critical_miss(void **state)
{
	struct walk *w = *state;
	struct exercise_score s;
	static const char *const all[] = {
		"akut-fara=nej", "hot=ja", "riskbedomning=ja", "kontrollera-alla=ja",
		"fraga-personen=ja", "starkaste-skydd=skyddad-folkbokforing",
		"barnens-skydd=ja", "skydd-behovs=ja", "behandla-som-sekretess=ja",
		"begransa-atkomst=ja", "kontaktperson=ja", "andra-forvaltningar=ja",
		"ingen-adress=ja", "namndens-identitet=ja", "automatiska-utskick=ja",
		"hotande-vardnadshavare=ja", "sekretess-mot-vardnadshavare=ja",
		"sekretessprovning=ja", "kontrollera-bilagor=ja", NULL,
	};

	/* Before anything is answered, a step waiting for an open step is
	 * not reached, not hidden. */
	exercise_score(w->ex, w->run, &s);
	assert_int_equal(s.points, 0);
	assert_int_equal(item(&s, "hotande-vardnadshavare")->result, EXPECT_UNANSWERED);
	assert_int_equal(item(&s, "sekretess-mot-vardnadshavare")->result,
	    EXPECT_UNANSWERED);
	exercise_score_free(&s);

	walk(w->run, all);
	/* telefon still open: 21 - 2 = 19, over the pass mark of 15, but
	 * telefon is critical: not passed. */
	exercise_score(w->ex, w->run, &s);
	assert_int_equal(s.points, 19);
	assert_int_equal(s.critical_missed, 1);
	assert_false(s.passed);
	exercise_score_free(&s);

	walk(w->run, (const char *const[]){ "telefon=ja", NULL });
	exercise_score(w->ex, w->run, &s);
	assert_int_equal(s.points, 21);
	assert_int_equal(s.met, 14);
	assert_int_equal(s.critical_missed, 0);
	assert_true(s.passed);
	assert_string_equal(expect_result_name(EXPECT_NOT_APPLICABLE), "not-applicable");
	exercise_score_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_exercises_fit_their_routines),
		cmocka_unit_test(test_small_exercise_loads),
		cmocka_unit_test(test_errors_at_their_place),
		cmocka_unit_test(test_other_format_and_bad_hash),
		cmocka_unit_test(test_checked_against_the_routine),
		cmocka_unit_test(test_changed_routine_is_a_warning),
		cmocka_unit_test_setup_teardown(test_score_by_hand, walk_setup,
		    walk_teardown),
		cmocka_unit_test_setup_teardown(test_full_marks_and_critical_miss,
		    walk_setup, walk_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

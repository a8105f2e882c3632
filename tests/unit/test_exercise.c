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
		  "kontaktfamiljen", 23, 17, 6, 15 },
		{ "snabbupplysningar.yaml", "vardnad-boende-umgange.yaml",
		  "snabbupplysningar", 22, 16, 5, 15 },
		{ "overlamning.yaml", "kontaktforbud.yaml", "overlamning", 18, 13, 5, 14 },
		{ "rojande-mallen.yaml", "misstankt-rojande.yaml", "rojande-mallen",
		  15, 13, 4, 10 },
		{ "fingerade.yaml", "skyddade-personuppgifter.yaml", "fingerade",
		  15, 13, 4, 9 },
		{ "barnavardsutredning.yaml", "skyddade-personuppgifter.yaml",
		  "barnavardsutredning", 16, 14, 3, 10 },
		{ "anhorig-ringer.yaml", "telefon-och-reception.yaml", "anhorig-ringer",
		  12, 11, 3, 7 },
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
	assert_error_at(&d, 18, 12, "'pass_mark' is 5, but the expectations and acknowledgements give at most 3");
	diag_list_clear(&d);
	free(text);
}

/* An inject that asks for an acknowledgement: within its minutes it earns
 * its points, later or never it does not, and the class's pauses are
 * left out of the time; one never shown earns nothing either. */
static void
test_acknowledgements_scored(void **state)
{
	char *text = xasprintf("%s"
	    "minutes: 45\n"
	    "injects:\n"
	    "  - {id: a, at: trainer, text: Ring., acknowledge_within: 5, points: 2}\n"
	    "  - {id: b, at: {step: typ}, text: Mejl., acknowledge_within: 1}\n"
	    "  - {id: c, at: trainer, text: Inget att kvittera.}\n"
	    "expectations:\n"
	    "  - {step: typ, why: Därför.}\n"
	    "pass_mark: 3\n", small_head);
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = load_exercise_text(text, &d);
	struct exercise_score s;
	const int64_t t0 = 1700000000000;
	struct inject_seen seen[2] = {
		{ "a", t0, t0 + 7 * 60000, 3 * 60000, 0 },  /* 7 min, 3 paused */
		{ "b", t0, 0, 0, t0 + 30000 },              /* not yet */
	};

	(void)state;
	if (ex == NULL)
		print_diags(&d);
	assert_non_null(ex);
	assert_int_equal(ex->minutes, 45);
	assert_int_equal(ex->injects[0].ack_minutes, 5);
	assert_int_equal(ex->injects[0].ack_points, 2);
	assert_int_equal(ex->injects[1].ack_points, 1);   /* the default */
	assert_int_equal(ex->injects[2].ack_minutes, 0);
	assert_int_equal(ex->max_points, 1 + 2 + 1);

	memset(&s, 0, sizeof(s));
	s.pass_mark = ex->pass_mark;
	s.points = 1;                  /* the expectation, met */
	score_acknowledgements(ex, seen, 2, &s);
	assert_int_equal(s.ack_count, 2);  /* c asks for none */
	assert_int_equal(s.acks[0].result, EXPECT_MET);
	assert_int_equal(s.acks[0].ms, 4 * 60000);
	assert_int_equal(s.acks[0].points, 2);
	assert_int_equal(s.acks[1].result, EXPECT_UNANSWERED);
	assert_int_equal(s.points, 3);
	assert_true(s.passed);

	/* Without the pause a's seven minutes are too late; scored again,
	 * not added twice. */
	seen[0].paused_ms = 0;
	score_acknowledgements(ex, seen, 2, &s);
	assert_int_equal(s.acks[0].result, EXPECT_LATE);
	assert_string_equal(score_result_name(EXPECT_LATE), "late");
	assert_int_equal(s.points, 1);
	assert_false(s.passed);

	/* Never shown: nothing, and said. */
	score_acknowledgements(ex, seen + 1, 1, &s);
	assert_int_equal(s.acks[0].result, EXPECT_HIDDEN);
	assert_int_equal(s.acks[0].ms, 0);
	score_free(&s);
	exercise_free(&ex);
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

/* An expectation with `note: true` is met by the answer and a note on the
 * step that says something; the answer alone misses it. */
static void
test_expectation_asks_for_a_note(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = load_exercise_text(
	    "format: rutin-exercise/1\nid: liten\nversion: 1\ntitle: T\nscenario: S\n"
	    "routine: {id: motor, version: 4}\n"
	    "expectations:\n"
	    "  - {step: typ, answers: [a], points: 2, note: true, why: Skriv varför.}\n"
	    "  - {step: fara, answers: [nej], why: W.}\n"
	    "pass_mark: 3\n", &d);
	struct routine *r = load_text(motor_routine, &d);
	struct recorder rec;
	struct run *run;
	struct exercise_score s;

	(void)state;
	assert_non_null(ex);
	assert_non_null(r);
	assert_true(ex->expectations[0].note);
	assert_false(ex->expectations[1].note);
	run = recorded_run(r, &rec, "Övning 1");
	rec.tick_ms = 60000;
	assert_int_equal(run_answer(run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(run, "fara", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_note(run, "fara", "En anteckning på fel steg", 0, NULL), RUN_OK);
	assert_int_equal(run_note(run, "typ", "   ", 0, NULL), RUN_E_TEXT); /* never empty */
	score_exercise(ex, run, &s);
	assert_int_equal(s.items[0].result, EXPECT_NO_NOTE);
	assert_int_equal(s.points, 1);
	assert_false(s.passed);
	assert_string_equal(score_result_name(EXPECT_NO_NOTE), "no-note");
	score_free(&s);
	assert_int_equal(run_note(run, "typ", "Typ a: så står det i akten", 0, NULL), RUN_OK);
	score_exercise(ex, run, &s);
	assert_int_equal(s.items[0].result, EXPECT_MET);
	assert_int_equal(s.points, 3);
	assert_true(s.passed);
	score_free(&s);
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
	exercise_free(&ex);
	diag_list_clear(&d);
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
	w->rec.tick_ms = 60000; /* a minute a step: read, not clicked */
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
 * "step~reason" (not applicable), "step=!answer" (an answer that
 * contradicts another, confirmed). */
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
		e = op == '=' && sep[1] == '!' ?
		    run_answer(run, m, sep + 2, RUN_CONFIRMED, NULL) :
		    op == '=' ? run_answer(run, m, sep + 1, 0, NULL) :
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
	score_exercise(w->ex, w->run, &s);
	/* By hand: met kontrollera-alla 1, barnens-skydd 1, skydd-behovs 2,
	 * behandla-som-sekretess 1, ingen-adress 1, namndens-identitet 2,
	 * telefon 2, hotande-vardnadshavare 1, sekretess-mot-vardnadshavare 2,
	 * kontrollera-bilagor 1 = 14 of 23. Critical ones missed:
	 * starkaste-skydd (wrong), automatiska-utskick and
	 * underratta-om-utredning (unanswered), sekretessprovning (not
	 * applicable). */
	assert_int_equal(s.points, 14);
	assert_int_equal(s.max_points, 23);
	assert_int_equal(s.met, 10);
	assert_int_equal(s.critical_missed, 4);
	assert_false(s.passed);
	assert_int_equal(item(&s, "starkaste-skydd")->result, EXPECT_WRONG);
	assert_string_equal(item(&s, "starkaste-skydd")->value, "sekretessmarkering");
	assert_int_equal(item(&s, "andra-forvaltningar")->result, EXPECT_SKIPPED);
	assert_string_equal(item(&s, "andra-forvaltningar")->value, "Hann inte");
	assert_int_equal(item(&s, "automatiska-utskick")->result, EXPECT_UNANSWERED);
	assert_int_equal(item(&s, "sekretessprovning")->result, EXPECT_NOT_APPLICABLE);
	assert_int_equal(item(&s, "telefon")->points, 2);
	assert_int_equal(item(&s, "andra-forvaltningar")->points, 0);
	score_free(&s);

	/* "No protection needed" hides the steps that protect: each of them
	 * is missed, and skydd-behovs itself is wrong. 14 - 2 (skydd-behovs)
	 * - 1 - 1 - 2 (behandla-som-sekretess, ingen-adress,
	 * namndens-identitet hidden) = 8. The answer contradicts hot = ja:
	 * the engine refuses it until the trainee confirms it. */
	assert_int_equal(run_answer(w->run, "skydd-behovs", "nej", 0, NULL),
	    RUN_E_CONTRADICTS);
	walk(w->run, (const char *const[]){ "skydd-behovs=!nej", NULL });
	score_exercise(w->ex, w->run, &s);
	assert_int_equal(s.points, 8);
	assert_int_equal(s.critical_missed, 8);
	assert_int_equal(item(&s, "ingen-adress")->result, EXPECT_HIDDEN);
	assert_null(item(&s, "ingen-adress")->value);
	assert_int_equal(item(&s, "andra-forvaltningar")->result, EXPECT_HIDDEN);
	assert_int_equal(item(&s, "skydd-behovs")->result, EXPECT_WRONG);
	score_free(&s);
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
		"underratta-om-utredning=ja", "sekretessprovning=ja",
		"kontrollera-bilagor=ja", NULL,
	};

	/* Before anything is answered, a step waiting for an open step is
	 * not reached, not hidden. */
	score_exercise(w->ex, w->run, &s);
	assert_int_equal(s.points, 0);
	assert_int_equal(item(&s, "hotande-vardnadshavare")->result, EXPECT_UNANSWERED);
	assert_int_equal(item(&s, "sekretess-mot-vardnadshavare")->result,
	    EXPECT_UNANSWERED);
	score_free(&s);

	walk(w->run, all);
	/* telefon still open: 23 - 2 = 21, over the pass mark of 17, but
	 * telefon is critical: not passed. */
	score_exercise(w->ex, w->run, &s);
	assert_int_equal(s.points, 21);
	assert_int_equal(s.critical_missed, 1);
	assert_false(s.passed);
	score_free(&s);

	walk(w->run, (const char *const[]){ "telefon=ja", NULL });
	score_exercise(w->ex, w->run, &s);
	assert_int_equal(s.points, 23);
	assert_int_equal(s.met, 15);
	assert_int_equal(s.critical_missed, 0);
	assert_true(s.passed);
	assert_string_equal(score_result_name(EXPECT_NOT_APPLICABLE), "not-applicable");
	score_free(&s);
}

/* ---- Every shipped exercise: walked to its end, and clicked through ---- */

static const struct exercise_expectation *
expectation_on(const struct exercise *ex, const char *step)
{
	size_t i;

	for (i = 0; i < ex->expectation_count; i++)
		if (strcmp(ex->expectations[i].step, step) == 0)
			return &ex->expectations[i];
	return NULL;
}

/* The first visible step still waiting, acknowledging stops on the way;
 * -1 when none is left. */
static long
next_open_step(struct run *run)
{
	const struct routine *r = run_routine(run);
	size_t i;

	for (i = 0; i < routine_step_count(r); i++) {
		if (run_step_halts(run, i))
			assert_int_equal(run_acknowledge_stop(run, routine_step(r, i)->id),
			    RUN_OK);
		if (run_step_visible(run, i) && run_step_status(run, i) == STEP_PENDING)
			return (long)i;
	}
	return -1;
}

/* As a careful trainee: the first expected answer where there is one;
 * any other yes/no or choice question is skipped (so that nothing hangs
 * on a guess: the routines fail closed), with a deviation reason when it
 * is critical. Every contradiction is confirmed. */
static void
model_answer(struct run *run, const struct exercise *ex, const struct step *s)
{
	const struct exercise_expectation *e = expectation_on(ex, s->id);
	enum run_error err;

	if (e != NULL && e->answer_count > 0)
		err = run_answer(run, s->id, e->answers[0].id, RUN_CONFIRMED, NULL);
	else if (s->kind == STEP_CHECK || (e != NULL && s->kind == STEP_YESNO))
		err = run_answer(run, s->id, ANSWER_YES, 0, NULL);
	else if (e != NULL && s->kind == STEP_CHOICE) /* any answer meets it */
		err = run_answer(run, s->id, s->options[0].id, 0, NULL);
	else if (s->kind == STEP_DATE)
		err = run_answer(run, s->id, "2026-03-02", 0, NULL);
	else if (s->kind == STEP_TEXT)
		err = run_answer(run, s->id, "Klart enligt rutinen", 0, NULL);
	else {
		err = run_skip(run, s->id, "Framgår inte av övningen", 0, NULL);
		if (err == RUN_OK && s->critical)
			err = run_deviation(run, s->id, "Framgår inte av övningen", 0, NULL);
	}
	if (err != RUN_OK)
		fail_msg("%s: %s: %s", ex->id, s->id, run_error_message(err));
}

/* As someone who presses Enter on every step: ja, the first option, and
 * yes to every "are you sure". */
static void
click_through_answer(struct run *run, const struct step *s)
{
	const char *a = s->kind == STEP_CHOICE ? s->options[0].id :
	    s->kind == STEP_DATE ? "2026-03-02" : s->kind == STEP_TEXT ? "ok" : ANSWER_YES;

	assert_int_equal(run_answer(run, s->id, a, RUN_CONFIRMED, NULL), RUN_OK);
}

static void
walk_exercise(const char *file, bool careful, struct exercise_score *out)
{
	struct exercise *ex = load_shipped_exercise(file);
	char *rel = xasprintf("%s.yaml", ex->routine_id);
	struct routine *r = load_shipped(rel);
	struct recorder rec;
	struct run *run = recorded_run(r, &rec, "Övning 1");
	long i;

	/* Careful: a minute a step. Clicking through: a second. */
	rec.tick_ms = careful ? 60000 : 1000;
	while ((i = next_open_step(run)) >= 0) {
		const struct step *s = routine_step(r, (size_t)i);

		if (careful)
			model_answer(run, ex, s);
		else
			click_through_answer(run, s);
	}
	assert_int_equal(run_complete(run), RUN_OK);
	score_exercise(ex, run, out);
	/* The items point into the exercise: the caller reads only the
	 * totals, then frees the score. */
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
	free(rel);
	exercise_free(&ex);
}

/* The model answers, each a second after the one before: faster than the
 * steps can be read. They earn nothing, and the run fails; an exercise
 * that turns the reading floor off scores them in full. */
static void
test_model_answers_too_fast(void **state)
{
	struct exercise *ex = load_shipped_exercise("kontaktfamiljen.yaml");
	struct routine *r = load_shipped("skyddade-personuppgifter.yaml");
	struct recorder rec;
	struct run *run = recorded_run(r, &rec, "Övning 1");
	struct exercise_score s;
	size_t k, fast = 0;
	long i;

	(void)state;
	assert_true(ex->reading_floor);
	while ((i = next_open_step(run)) >= 0)
		model_answer(run, ex, routine_step(r, (size_t)i));
	score_exercise(ex, run, &s);
	for (k = 0; k < s.count; k++)
		fast += s.items[k].result == EXPECT_TOO_FAST;
	assert_true(fast > 0);
	assert_int_equal(s.met + fast, s.count);
	assert_true(s.points < s.pass_mark);
	assert_false(s.passed);
	assert_string_equal(score_result_name(EXPECT_TOO_FAST), "too-fast");
	score_free(&s);

	ex->reading_floor = false;
	score_exercise(ex, run, &s);
	assert_int_equal(s.points, s.max_points);
	assert_true(s.passed);
	score_free(&s);
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
	exercise_free(&ex);
}

static const char *const shipped_exercises[] = {
	"kontaktfamiljen.yaml", "snabbupplysningar.yaml", "overlamning.yaml",
	"rojande-mallen.yaml", "fingerade.yaml", "barnavardsutredning.yaml",
	"anhorig-ringer.yaml", NULL,
};

/* A careful walk of each exercise reaches its end with every point; a
 * trainee who presses Enter through it fails. */
static void
test_shipped_exercises_walked_and_clicked_through(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; shipped_exercises[i] != NULL; i++) {
		struct exercise_score s;
		long points, max_points;
		bool passed;

		walk_exercise(shipped_exercises[i], true, &s);
		points = s.points, max_points = s.max_points, passed = s.passed;
		score_free(&s);
		if (!passed || points != max_points)
			fail_msg("%s walked carefully: %ld of %ld, %s", shipped_exercises[i],
			    points, max_points, passed ? "passed" : "failed");
		walk_exercise(shipped_exercises[i], false, &s);
		passed = s.passed;
		points = s.points;
		score_free(&s);
		if (passed)
			fail_msg("%s clicked through: passed with %ld points",
			    shipped_exercises[i], points);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_exercises_fit_their_routines),
		cmocka_unit_test(test_shipped_exercises_walked_and_clicked_through),
		cmocka_unit_test(test_model_answers_too_fast),
		cmocka_unit_test(test_small_exercise_loads),
		cmocka_unit_test(test_errors_at_their_place),
		cmocka_unit_test(test_other_format_and_bad_hash),
		cmocka_unit_test(test_checked_against_the_routine),
		cmocka_unit_test(test_changed_routine_is_a_warning),
		cmocka_unit_test(test_expectation_asks_for_a_note),
		cmocka_unit_test(test_acknowledgements_scored),
		cmocka_unit_test_setup_teardown(test_score_by_hand, walk_setup,
		    walk_teardown),
		cmocka_unit_test_setup_teardown(test_full_marks_and_critical_miss,
		    walk_setup, walk_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

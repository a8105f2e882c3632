/* Findings (runlog/findings.c): each one built from the events a real run
 * of the engine emits, with the recorder's clock set to the times a
 * caseworker would take. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runlog/findings.h"
#include "runlog/sample.h"
#include "tests/unit/testhelp.h"

static const char routine_text[] =
    "format: rutin/1\nid: granskning\nversion: 3\ntitle: Granskningstest\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: fara, kind: yesno, prompt: Fara?, critical: true}\n"
    "      - {id: ring, kind: check, prompt: Ring 112, when: {step: fara, in: [ja]}, stop: Ring nu, critical: true}\n"
    "      - {id: skydd, kind: choice, prompt: Skydd?, options: [ja, vet-inte, nej], critical: true,\n"
    "         protection_gate: true,\n"
    "         contradicts: [{answers: [nej], step: fara, in: [ja], message: Fara men inget skydd?}]}\n"
    "      - {id: a, kind: check, prompt: A, when: {step: skydd, in: [ja, vet-inte]}, critical: true}\n"
    "      - {id: b, kind: check, prompt: B, when: {step: skydd, in: [ja, vet-inte]}, critical: true}\n"
    "      - {id: c, kind: check, prompt: C, critical: true}\n"
    "      - {id: d, kind: check, prompt: D, critical: true, required: false}\n"
    "      - {id: text, kind: text, prompt: T, required: false}\n";

struct fx {
	struct routine *r;
	struct recorder rec;
	struct run *run;
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	struct findings f;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct diag_list d = DIAG_LIST_INIT;
	struct run_io io;

	x->r = load_text(routine_text, &d);
	diag_list_clear(&d);
	if (x->r == NULL)
		return -1;
	routine_hash_hex(x->r, x->hash);
	x->rec.clock = 1764000000000;
	io = recorder_io(&x->rec);
	if (run_start(x->r, RUN_LIVE, "SN 2026/1", 0, &io, &x->run, NULL) != RUN_OK)
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	findings_free(&x->f);
	run_free(&x->run);
	routine_free(&x->r);
	recorder_free(&x->rec);
	free(x);
	return 0;
}

/* A caseworker's pace: a minute per step. */
static void
minute(struct fx *x)
{
	x->rec.clock += 60000;
}

static void
ok(enum run_error e)
{
	assert_int_equal(e, RUN_OK);
}

/* The findings with the routine's baseline pace `baseline` (0: none). */
static void
compute_against(struct fx *x, const char *hash, int64_t now, int64_t baseline)
{
	findings_free(&x->f);
	assert_int_equal(findings_of(x->r, x->rec.events, x->rec.count, hash, now, baseline,
	    &x->f), RUN_OK);
}

static void
compute(struct fx *x, const char *hash, int64_t now)
{
	compute_against(x, hash, now, 0);
}

/* The finding of that kind, or NULL. */
static const struct finding *
find(const struct fx *x, enum finding_kind k)
{
	size_t i;

	for (i = 0; i < x->f.count; i++)
		if (x->f.items[i].kind == k)
			return &x->f.items[i];
	return NULL;
}

/* The finding of that kind; the test fails without one. */
static const struct finding *
need(const struct fx *x, enum finding_kind k)
{
	const struct finding *f = find(x, k);

	if (f == NULL) {
		fail_msg("no %s finding", finding_token(k));
		abort();
	}
	return f;
}

static size_t
count(const struct fx *x, enum finding_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < x->f.count; i++)
		n += x->f.items[i].kind == k;
	return n;
}

static void
test_a_plain_run_has_no_findings(void **state)
{
	struct fx *x = *state;

	minute(x); ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	minute(x); ok(run_answer(x->run, "skydd", "ja", 0, NULL));
	minute(x); ok(run_answer(x->run, "a", ANSWER_YES, 0, NULL));
	minute(x); ok(run_answer(x->run, "b", ANSWER_YES, 0, NULL));
	minute(x); ok(run_answer(x->run, "c", ANSWER_YES, 0, NULL));
	minute(x); ok(run_answer(x->run, "d", ANSWER_YES, 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_int_equal(x->f.count, 0);
	assert_int_equal(x->f.critical, 0);
}

static void
test_critical_skipped_and_open(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	ok(run_skip(x->run, "c", "Akten saknas", 0, NULL));
	ok(run_deviation(x->run, "d", "Hann inte", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_CRITICAL_SKIPPED);
	assert_true(f->critical);
	assert_string_equal(routine_step(x->r, (size_t)f->step)->id, "c");
	f = need(x, FINDING_CRITICAL_OPEN);
	assert_string_equal(routine_step(x->r, (size_t)f->step)->id, "d");
	/* Answered later: neither stands. */
	ok(run_answer(x->run, "c", ANSWER_YES, 0, NULL));
	ok(run_answer(x->run, "d", ANSWER_YES, 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_CRITICAL_SKIPPED));
	assert_null(find(x, FINDING_CRITICAL_OPEN));
}

static void
test_protection_off(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	ok(run_answer(x->run, "skydd", "vet-inte", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_PROTECTION_OFF));
	ok(run_answer(x->run, "skydd", "nej", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_PROTECTION_OFF);
	assert_true(f->critical);
	assert_string_equal(f->detail, "\"Skydd?\" = nej hides 2 critical steps");
	/* fara = nej hides a critical step (the call), but fara is no
	 * protection gate: not protection switched off. */
	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_int_equal(count(x, FINDING_PROTECTION_OFF), 1);
}

/* A critical step marked not applicable is no deviation (it was
 * assessed, with a reason), but the supervisor sees it. */
static void
test_critical_not_applicable(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	ok(run_not_applicable(x->run, "c", "Gäller inte detta ärende", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_CRITICAL_NA);
	assert_true(f->critical);
	assert_string_equal(f->detail, "\"C\"");
	assert_null(find(x, FINDING_CRITICAL_SKIPPED));
	assert_false(run_step_is_deviation(x->run, (size_t)f->step));
	ok(run_answer(x->run, "c", ANSWER_YES, 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_CRITICAL_NA));
}

/* "Acute danger" then "no protection needed": the engine asks for a
 * confirmation, either way round, logs nothing without it, and the kept
 * answer is a critical finding as long as both stand. */
static void
test_contradiction(void **state)
{
	struct fx *x = *state;
	const struct finding *f;
	size_t logged;

	ok(run_answer(x->run, "fara", ANSWER_YES, 0, NULL));
	ok(run_acknowledge_stop(x->run, "ring"));
	logged = x->rec.count;
	assert_int_equal(run_answer(x->run, "skydd", "nej", 0, NULL), RUN_E_CONTRADICTS);
	assert_string_equal(run_contradiction(x->run, "skydd", "nej"), "Fara men inget skydd?");
	assert_null(run_contradiction(x->run, "skydd", "ja"));
	assert_int_equal(x->rec.count, logged);
	ok(run_answer(x->run, "skydd", "nej", RUN_CONFIRMED, NULL));
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_CONTRADICTION);
	assert_true(f->critical);
	assert_string_equal(f->detail, "\"Skydd?\" = nej, \"Fara?\" = yes");
	/* fara changed: the contradiction is gone. */
	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_CONTRADICTION));
	/* The other way round: skydd = nej stands, fara = ja contradicts it. */
	assert_string_equal(run_contradiction(x->run, "fara", ANSWER_YES),
	    "Fara men inget skydd?");
	assert_int_equal(run_answer(x->run, "fara", ANSWER_YES, 0, NULL), RUN_E_CONTRADICTS);
	ok(run_answer(x->run, "fara", ANSWER_YES, RUN_CONFIRMED, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_int_equal(count(x, FINDING_CONTRADICTION), 1);
}

/* Issue 21: Vårdnad as snabbupplysningar, every protecting step
 * answered, has no critical finding (the assignment hides what only an
 * investigation needs, which is no protection switched off); the
 * protection question answered "nej" after violence was reported has
 * two: protection switched off, and the contradiction. */
static void
walk_vardnad(const struct routine *r, struct recorder *rec, const char *const *answers,
    struct findings *out)
{
	struct run_io io;
	struct run *run = NULL;
	long i;
	char hash[2 * ROUTINE_HASH_BYTES + 1];

	memset(rec, 0, sizeof(*rec));
	rec->clock = 1764000000000;
	io = recorder_io(rec);
	routine_hash_hex(r, hash);
	ok(run_start(r, RUN_LIVE, "FR 2026/3", 0, &io, &run, NULL));
	while ((i = run_current(run)) >= 0) {
		const struct step *s = routine_step(r, (size_t)i);
		const char *a = NULL;
		size_t k;

		rec->clock += 60000;
		if (run_step_halts(run, (size_t)i))
			ok(run_acknowledge_stop(run, s->id));
		for (k = 0; answers[k] != NULL; k += 2)
			if (strcmp(answers[k], s->id) == 0)
				a = answers[k + 1];
		if (a == NULL)
			a = s->kind == STEP_YESNO ? ANSWER_NO : s->kind == STEP_CHOICE ?
			    s->options[0].id : s->kind == STEP_DATE ? "2026-03-02" :
			    s->kind == STEP_TEXT ? "Klart" : ANSWER_YES;
		ok(run_answer(run, s->id, a, RUN_CONFIRMED, NULL));
	}
	ok(run_complete(run));
	assert_int_equal(findings_of(r, rec->events, rec->count, hash, rec->clock, 0, out),
	    RUN_OK);
	run_free(&run);
}

/* Vårdnad's answers: snabbupplysningar with protection asked for, and
 * with violence reported and no protection. */
static const char *const vardnad_clean[] = { "uppdrag", "snabbupplysningar",
	"starkaste-skydd", "ansokt", "skydd-behovs", "ja", NULL };
static const char *const vardnad_off[] = { "uppdrag", "snabbupplysningar",
	"starkaste-skydd", "inget-kant", "vald-uppgivet", "ja",
	"skydd-behovs", "nej", NULL };

static void
test_snabbupplysningar_is_not_protection_off(void **state)
{
	struct routine *r = load_shipped("vardnad-boende-umgange.yaml");
	struct recorder rec;
	struct findings f;
	size_t i;

	(void)state;
	walk_vardnad(r, &rec, vardnad_clean, &f);
	for (i = 0; i < f.count; i++)
		if (f.items[i].critical)
			fail_msg("critical finding %s: %s", finding_token(f.items[i].kind),
			    f.items[i].detail);
	findings_free(&f);
	recorder_free(&rec);

	walk_vardnad(r, &rec, vardnad_off, &f);
	for (i = 0; i < f.count && f.items[i].kind != FINDING_PROTECTION_OFF; i++)
		;
	assert_true(i < f.count);
	assert_true(f.items[i].critical);
	assert_non_null(strstr(f.items[i].detail, "\"Ska uppgifter om var n\xc3\xa5gon bor skyddas?\" = "
	    "Nej \xe2\x80\x93 inget av detta g\xc3\xa4ller n\xc3\xa5gon i \xc3\xa4rendet hides"));
	for (i = 0; i < f.count && f.items[i].kind != FINDING_CONTRADICTION; i++)
		;
	assert_true(i < f.count);
	assert_string_equal(f.items[i].detail, "\"Ska uppgifter om var n\xc3\xa5gon bor skyddas?\" = "
	    "Nej \xe2\x80\x93 inget av detta g\xc3\xa4ller n\xc3\xa5gon i \xc3\xa4rendet, "
	    "\"Har v\xc3\xa5ld eller hot uppgetts eller kommit fram?\" = yes");
	findings_free(&f);
	recorder_free(&rec);
	routine_free(&r);
}

static void
test_stop_and_minutes_to_the_next_step(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	ok(run_answer(x->run, "fara", ANSWER_YES, 0, NULL));
	ok(run_acknowledge_stop(x->run, "ring"));
	x->rec.clock += 7 * 60000;
	ok(run_answer(x->run, "ring", ANSWER_YES, 0, NULL)); /* the same step */
	x->rec.clock += 60000;
	ok(run_answer(x->run, "skydd", "ja", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_STOP);
	assert_false(f->critical);
	assert_string_equal(f->detail, "\"Ring 112\": the next step 8 min later");
}

static void
test_confirmed_flag_never_copies_the_text(void **state)
{
	struct fx *x = *state;
	struct guard_result g;
	const struct finding *f;

	assert_int_equal(run_answer(x->run, "text", "Ring 070-123 45 67", 0, &g), RUN_E_CONFIRM);
	ok(run_answer(x->run, "text", "Ring 070-123 45 67", RUN_CONFIRMED, &g));
	ok(run_note(x->run, "c", "Inget att anmärka", 0, NULL));
	compute(x, x->hash, x->rec.clock);
	assert_int_equal(count(x, FINDING_CONFIRMED_FLAG), 1);
	f = need(x, FINDING_CONFIRMED_FLAG);
	assert_true(f->critical);
	assert_string_equal(routine_step(x->r, (size_t)f->step)->id, "text");
	assert_null(strstr(f->detail, "070"));
	assert_string_equal(f->detail, "a phone number in what was written at \"T\"");
}

static void
test_retractions_and_notes(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	ok(run_answer(x->run, "skydd", "ja", 0, NULL));
	ok(run_answer(x->run, "a", ANSWER_YES, 0, NULL));
	ok(run_note(x->run, "a", "Ett", 0, NULL));
	ok(run_note(x->run, "a", "Två", 0, NULL));
	ok(run_answer(x->run, "skydd", "nej", 0, NULL)); /* hides a: retracted */
	compute(x, x->hash, x->rec.clock);
	f = need(x, FINDING_RETRACTED);
	assert_string_equal(f->detail, "\"A\"");
	f = need(x, FINDING_NOTES);
	assert_string_equal(f->detail, "2 notes");
}

static void
test_routine_changed(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_ROUTINE_CHANGED));
	compute(x, "0000", x->rec.clock);
	f = need(x, FINDING_ROUTINE_CHANGED);
	assert_string_equal(f->detail, "version 3; the installed text differs");
	compute(x, NULL, x->rec.clock);
	assert_non_null(strstr(need(x, FINDING_ROUTINE_CHANGED)->detail, "not installed"));
}

static void
test_fast(void **state)
{
	static const char *const steps[] = { "c", "d", "skydd", "a", "b" };
	struct fx *x = *state;
	size_t i;

	/* The recorder's clock: one second per event. */
	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	for (i = 0; i < 5; i++)
		ok(run_answer(x->run, steps[i], i == 2 ? "ja" : ANSWER_YES, 0, NULL));
	/* Open, the run has no pace yet: judged when it is finished. */
	compute(x, x->hash, x->rec.clock);
	assert_null(find(x, FINDING_FAST));
	assert_int_equal(x->f.pace_ms, -1);
	ok(run_complete(x->run));
	compute(x, x->hash, x->rec.clock);
	assert_false(need(x, FINDING_FAST)->critical); /* a signal worth a look, not a deviation */
	assert_string_equal(need(x, FINDING_FAST)->detail, "a median of 1.0 s per step over 6 steps");
}

static void
test_not_fast_at_a_normal_pace(void **state)
{
	static const char *const steps[] = { "c", "d", "skydd", "a", "b" };
	struct fx *x = *state;
	size_t i;

	minute(x); ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	for (i = 0; i < 5; i++) {
		x->rec.clock += 20000;
		ok(run_answer(x->run, steps[i], i == 2 ? "ja" : ANSWER_YES, 0, NULL));
	}
	/* A pause of a day is not a slow step, and not counted. */
	ok(run_pause(x->run));
	x->rec.clock += 86400000;
	ok(run_resume(x->run));
	ok(run_complete(x->run));
	compute(x, x->hash, x->rec.clock);
	assert_int_equal(x->f.pace_ms, 20000 + 1000); /* the recorder's second too */
	assert_null(find(x, FINDING_FAST));
}

/* 20 s a step is a careful pace in most routines, and unusually fast in
 * one whose runs in this log take 90 s a step: the baseline decides. */
static void
test_fast_against_the_routines_runs(void **state)
{
	static const char *const steps[] = { "c", "d", "skydd", "a", "b" };
	struct fx *x = *state;
	size_t i;

	x->rec.clock += 20000;
	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	for (i = 0; i < 5; i++) {
		x->rec.clock += 19000; /* and the recorder's second */
		ok(run_answer(x->run, steps[i], i == 2 ? "ja" : ANSWER_YES, 0, NULL));
	}
	ok(run_complete(x->run));
	compute_against(x, x->hash, x->rec.clock, 0);
	assert_null(find(x, FINDING_FAST));
	assert_int_equal(x->f.pace_ms, 20000);
	compute_against(x, x->hash, x->rec.clock, 60000); /* a third is 20 s: not below */
	assert_null(find(x, FINDING_FAST));
	compute_against(x, x->hash, x->rec.clock, 90000);
	assert_false(need(x, FINDING_FAST)->critical);
	assert_string_equal(need(x, FINDING_FAST)->detail, "a median of 20.0 s per step over "
	    "6 steps; this routine's runs in this log take 90.0 s");
	assert_true(findings_kinds(&x->f) & (1u << FINDING_FAST));
}

/* The run the findings were computed on, handed over: the engine's run,
 * fact for fact (the review screen shows its steps from it). */
static void
test_findings_hand_over_the_replayed_run(void **state)
{
	struct fx *x = *state;
	struct run *again = NULL;

	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	ok(run_skip(x->run, "c", "Akten saknas", 0, NULL));
	findings_free(&x->f);
	assert_int_equal(findings_of_run(x->r, x->rec.events, x->rec.count, x->hash,
	    x->rec.clock, 0, &x->f, &again), RUN_OK);
	assert_non_null(need(x, FINDING_CRITICAL_SKIPPED));
	assert_same_run(x->run, again);
	run_free(&again);
}

/* Too few steps say nothing of a pace. */
static void
test_no_pace_from_few_steps(void **state)
{
	struct fx *x = *state;

	ok(run_answer(x->run, "fara", ANSWER_NO, 0, NULL));
	ok(run_answer(x->run, "c", ANSWER_YES, 0, NULL));
	ok(run_abort(x->run, "Fel ärende", 0, NULL));
	compute_against(x, x->hash, x->rec.clock, 600000);
	assert_int_equal(x->f.pace_ms, -1);
	assert_null(find(x, FINDING_FAST));
}

static void
test_fast_rule(void **state)
{
	(void)state;
	assert_false(findings_fast(-1, 0));
	assert_true(findings_fast(4999, 0));       /* the floor, with no baseline */
	assert_false(findings_fast(5000, 0));
	assert_true(findings_fast(4999, 6000));    /* the floor under a fast routine */
	assert_false(findings_fast(5000, 6000));
	assert_true(findings_fast(19999, 60000));  /* below a third */
	assert_false(findings_fast(20000, 60000));
}

static void
test_baseline_needs_five_runs(void **state)
{
	(void)state;
	assert_int_equal(findings_baseline(0, -1, -1), 0);
	assert_int_equal(findings_baseline(4, 20000, 30000), 0);
	assert_int_equal(findings_baseline(5, 30000, 30000), 30000);
	assert_int_equal(findings_baseline(6, 30000, 40000), 35000);
}

static void
test_kind_tokens(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < FINDING_KIND_COUNT; k++)
		assert_int_equal(finding_kind_of(finding_token((enum finding_kind)k)), k);
	assert_int_equal(finding_kind_of("fast"), FINDING_FAST);
	/* The name the leak routine's deadline had, for scripts that use it. */
	assert_int_equal(finding_kind_of("leak-late"), FINDING_DEADLINE);
	assert_int_equal(finding_kind_of("Fast"), -1);
	assert_int_equal(finding_kind_of(""), -1);
}

/* Issue 21: in one session every run landed under critical findings, so
 * a sample of 2 drew all 5. Ten realistic runs of Vårdnad, a minute a
 * step, nine of them clean (snabbupplysningar, protection asked for) and
 * one with protection switched off: the nine have no critical finding,
 * and a sample of 2 takes the one with findings and draws 2, not all. */
static void
test_a_sample_of_clean_runs_draws_its_size(void **state)
{
	struct routine *r = load_shipped("vardnad-boende-umgange.yaml");
	static const char *const ids[10] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
		"r8", "r9" };
	struct sample_item items[10];
	struct recorder rec;
	struct findings f;
	size_t i, taken = 0;

	(void)state;
	for (i = 0; i < 10; i++) {
		walk_vardnad(r, &rec, i == 7 ? vardnad_off : vardnad_clean, &f);
		memset(&items[i], 0, sizeof(items[i]));
		items[i].run_id = ids[i];
		items[i].routine_id = routine_id(r);
		items[i].critical = f.critical > 0;
		assert_int_equal(items[i].critical, i == 7);
		findings_free(&f);
		recorder_free(&rec);
	}
	assert_int_equal(sample_draw(items, 10, 2, 42), 2);
	for (i = 0; i < 10; i++)
		taken += items[i].taken;
	assert_int_equal(taken, 3);
	assert_true(items[7].taken && !items[7].by_chance);
	routine_free(&r);
}

/* The leak routine: IMY within 72 hours of the start. */
static void
leak_run(int64_t imy_after_hours, int64_t now_hours, bool expect)
{
	struct routine *r = load_shipped("misstankt-rojande.yaml");
	struct recorder rec;
	struct run_io io;
	struct run *run = NULL;
	struct findings f;
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	int64_t start = 1764000000000;
	size_t i;
	bool late = false;

	memset(&rec, 0, sizeof(rec));
	rec.clock = start;
	io = recorder_io(&rec);
	routine_hash_hex(r, hash);
	ok(run_start(r, RUN_LIVE, "SN 2026/2", 0, &io, &run, NULL));
	ok(run_answer(run, "akut-fara", ANSWER_NO, 0, NULL));
	ok(run_answer(run, "informera-personen", ANSWER_YES, 0, NULL));
	if (imy_after_hours >= 0) {
		rec.clock = start + imy_after_hours * 3600000;
		ok(run_answer(run, "imy", ANSWER_YES, 0, NULL));
	}
	assert_int_equal(findings_of(r, rec.events, rec.count, hash,
	    start + now_hours * 3600000, 0, &f), RUN_OK);
	for (i = 0; i < f.count; i++) {
		if (f.items[i].kind != FINDING_DEADLINE)
			continue;
		late = true;
		assert_true(f.items[i].critical);
		/* Named by the routine's title for it, hours past it in words. */
		if (imy_after_hours >= 0)
			assert_string_equal(f.items[i].detail, "Anmälan till IMY: met 8 h 0 min "
			    "after the deadline");
		else
			assert_string_equal(f.items[i].detail, "Anmälan till IMY: not met, 59 "
			    "min past the deadline");
	}
	/* Not late yet: the findings hold only until the deadline. */
	if (!late && imy_after_hours < 0)
		assert_true(f.stable_until > start + 72 * 3600000 &&
		    f.stable_until < start + 72 * 3600000 + 10000);
	if (late != expect)
		fail_msg("IMY after %lld h, now %lld h: late %d", (long long)imy_after_hours,
		    (long long)now_hours, late);
	findings_free(&f);
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
}

static void
test_leak_within_72_hours(void **state)
{
	(void)state;
	leak_run(10, 100, false);   /* done in time */
	leak_run(80, 100, true);    /* done late */
	leak_run(-1, 48, false);    /* not done, not late yet */
	leak_run(-1, 73, true);     /* not done, late */
}

static void
test_names(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < FINDING_KIND_COUNT; k++) {
		assert_string_not_equal(finding_token((enum finding_kind)k), "unknown");
		assert_non_null(finding_name((enum finding_kind)k));
	}
	assert_string_equal(finding_token(FINDING_KIND_COUNT), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_plain_run_has_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_critical_skipped_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protection_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_critical_not_applicable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contradiction, setup, teardown),
		cmocka_unit_test(test_snabbupplysningar_is_not_protection_off),
		cmocka_unit_test_setup_teardown(test_stop_and_minutes_to_the_next_step, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_confirmed_flag_never_copies_the_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retractions_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_routine_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_fast_at_a_normal_pace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_against_the_routines_runs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_pace_from_few_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings_hand_over_the_replayed_run, setup,
		    teardown),
		cmocka_unit_test(test_fast_rule),
		cmocka_unit_test(test_a_sample_of_clean_runs_draws_its_size),
		cmocka_unit_test(test_baseline_needs_five_runs),
		cmocka_unit_test(test_kind_tokens),
		cmocka_unit_test(test_leak_within_72_hours),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

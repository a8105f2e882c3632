/* A valid routine round-trips into the model with every field. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"

static struct routine *
load_example(void)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *path = srcdir_path("checklists/examples/exempel.yaml");

	if (routine_load_file(path, &r, &d) != ROUTINE_OK)
		print_diags(&d);
	assert_non_null(r);
	assert_int_equal(d.errors + d.warnings, 0);
	assert_string_equal(routine_source(r), path);
	diag_list_clear(&d);
	free(path);
	return r;
}

static void
test_header(void **state)
{
	struct routine *r = load_example();

	(void)state;
	assert_string_equal(routine_id(r), "exempel-besked");
	assert_int_equal(routine_version(r), 2);
	assert_string_equal(routine_title(r),
	    "Exempel – skicka ett beslut när en part har skyddade personuppgifter");
	assert_int_equal(routine_area(r), AREA_PROTECTED_IDENTITY);
	assert_string_equal(routine_area_name(routine_area(r)), "protected-identity");
	assert_string_equal(routine_description(r),
	    "Ett kort exempel som visar formatet. Det är ingen rutin för skarpa ärenden.\n");
	assert_int_equal(routine_ref_count(r), 2);
	assert_string_equal(routine_ref(r, 0)->id, "osl-21-3");
	assert_string_equal(routine_ref(r, 0)->text,
	    "Offentlighets- och sekretesslag (2009:400) 21 kap. 3 §");
	assert_string_equal(routine_ref(r, 1)->id, "fl-21");
	assert_null(routine_ref(r, 2));
	routine_free(&r);
}

static void
test_sections(void **state)
{
	struct routine *r = load_example();
	const struct section *s;

	(void)state;
	assert_int_equal(routine_section_count(r), 2);
	s = routine_section(r, 0);
	assert_string_equal(s->id, "kontroll");
	assert_string_equal(s->title, "Kontrollera skyddet");
	assert_string_equal(s->description, "Gör detta innan något skickas.");
	assert_int_equal(s->first_step, 0);
	assert_int_equal(s->step_count, 4);
	s = routine_section(r, 1);
	assert_string_equal(s->id, "utskick");
	assert_null(s->description);
	assert_int_equal(s->first_step, 4);
	assert_int_equal(s->step_count, 4);
	assert_null(routine_section(r, 2));
	routine_free(&r);
}

static void
test_choice_step(void **state)
{
	struct routine *r = load_example();
	const struct step *s = routine_step(r, 0);

	(void)state;
	assert_int_equal(routine_step_count(r), 8);
	assert_string_equal(s->id, "skyddsform");
	assert_int_equal(s->kind, STEP_CHOICE);
	assert_string_equal(s->prompt, "Vilken form av skydd har mottagaren?");
	assert_int_equal(s->option_count, 4);
	assert_string_equal(s->options[1].id, "skyddad-folkbokforing");
	assert_string_equal(s->options[1].label, "Skyddad folkbokföring");
	/* A plain option is its own label. */
	assert_string_equal(s->options[3].id, "inget");
	assert_string_equal(s->options[3].label, "inget");
	assert_true(s->required); /* the default */
	assert_true(s->critical);
	assert_int_equal(s->ref_count, 1);
	assert_string_equal(routine_ref(r, s->refs[0])->id, "osl-21-3");
	assert_string_equal(s->help,
	    "Slå upp personen i folkbokföringen innan du skriver något.\n"
	    "Hoppar du över steget kan adressen röjas i ett utskick.\n");
	assert_null(s->stop);
	assert_null(s->when);
	assert_int_equal(s->section, 0);
	assert_int_equal(s->line, 20);
	assert_int_equal(s->col, 9);
	routine_free(&r);
}

static void
test_conditions_and_stop(void **state)
{
	struct routine *r = load_example();
	const struct step *s;

	(void)state;
	s = routine_step(r, 2);
	assert_string_equal(s->id, "ring-polisen");
	assert_int_equal(s->kind, STEP_CHECK);
	assert_string_equal(s->stop, "Risk för akut fara. Ring 112 innan du går vidare.");
	assert_non_null(s->when);
	assert_int_equal(s->when->step, 1);
	assert_true(s->when->unless); /* fails closed: only "nej" hides it */
	assert_int_equal(s->when->value_count, 1);
	assert_string_equal(s->when->values[0], ANSWER_NO);
	assert_int_equal(s->when->line, 40);
	assert_int_equal(s->when->col, 15);
	assert_false(s->critical); /* the default */
	assert_null(s->contradicts);

	s = routine_step(r, 3);
	assert_string_equal(s->id, "skydd-behovs");
	assert_true(s->protection_gate);
	assert_false(routine_step(r, 0)->protection_gate); /* the default */
	assert_int_equal(s->contradiction_count, 1);
	assert_int_equal(s->contradicts[0].answer_count, 1);
	assert_string_equal(s->contradicts[0].answers[0], ANSWER_NO);
	assert_int_equal(s->contradicts[0].other.step, 0);
	assert_false(s->contradicts[0].other.unless);
	assert_int_equal(s->contradicts[0].other.value_count, 3);
	assert_string_equal(s->contradicts[0].other.values[2], "fingerade");
	assert_string_equal(s->contradicts[0].message,
	    "Mottagaren har skydd, men du har svarat att inget behöver skyddas. Stämmer det?");

	s = routine_step(r, 4);
	assert_int_equal(s->section, 1);
	assert_int_equal(s->when->step, 0);
	assert_false(s->when->unless);
	assert_string_equal(s->when->values[0], "skyddad-folkbokforing");
	s = routine_step(r, 5);
	assert_string_equal(s->id, "ingen-adress");
	assert_int_equal(s->when->step, 3);
	assert_true(s->when->unless);

	assert_int_equal(routine_step(r, 6)->kind, STEP_DATE);
	s = routine_step(r, 7);
	assert_int_equal(s->kind, STEP_TEXT);
	assert_false(s->required);
	assert_null(routine_step(r, 8));

	assert_int_equal(routine_find_step(r, "datum"), 6);
	assert_int_equal(routine_find_step(r, "saknas"), -1);
	assert_ptr_equal(routine_step_by_id(r, "datum"), routine_step(r, 6));
	assert_null(routine_step_by_id(r, "saknas"));
	assert_null(routine_step_by_id(r, NULL));
	assert_null(routine_step_by_id(NULL, "datum"));
	assert_string_equal(step_kind_name(STEP_YESNO), "yesno");
	routine_free(&r);
}

static void
test_flow_style_same_model(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r;

	(void)state;
	r = load_text("{format: rutin/1, id: f, version: 7, title: \"Flöde\", "
	    "area: custody, sections: [{id: s, title: S, steps: "
	    "[{id: a, kind: yesno, prompt: P, required: false, critical: true}]}]}",
	    &d);
	assert_non_null(r);
	assert_int_equal(routine_version(r), 7);
	assert_int_equal(routine_area(r), AREA_CUSTODY);
	assert_string_equal(routine_title(r), "Flöde");
	assert_false(routine_step(r, 0)->required);
	assert_true(routine_step(r, 0)->critical);
	assert_int_equal(routine_ref_count(r), 0);
	routine_free(&r);
	diag_list_clear(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_choice_step),
		cmocka_unit_test(test_conditions_and_stop),
		cmocka_unit_test(test_flow_style_same_model),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}

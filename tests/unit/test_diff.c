/* What changed between two versions of a routine (checklists/diff.h):
 * each kind of change, made one at a time to a small routine, is found
 * once, as that kind, weakening or not as diff.h says; the same routine
 * has no change. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checklists/diff.h"

/* The old version: two sections, a reference, a deadline; %s stand for
 * what a test changes (the fields of steps "hot", "skydd", "brev" and
 * the end). */
static const char old_text[] =
    "format: rutin/1\nid: r\nversion: 1\ntitle: Rutin\narea: other\n"
    "references:\n"
    "  - {id: osl, text: OSL 21 kap. 3 §}\n"
    "  - {id: fl, text: FL 21 §}\n"
    "sections:\n"
    "  - id: a\n    title: Först\n    steps:\n"
    "      - {id: hot, kind: yesno, prompt: Finns hot?, critical: true, protection_gate: true}\n"
    "      - {id: skydd, kind: choice, prompt: Vilket skydd?, options: [{id: sf, label: Skyddad}, {id: sm, label: Markering}], refs: [osl]}\n"
    "      - {id: brev, kind: check, prompt: Kontrollera brevet, when: {step: hot, unless: [nej]}, critical: true, stop: Ring 112., help: Se mallen.}\n"
    "  - id: b\n    title: Sedan\n    steps:\n"
    "      - {id: ring, kind: check, prompt: Ring tillbaka}\n"
    "      - {id: datum, kind: date, prompt: När?, required: false}\n"
    "deadlines:\n"
    "  - {id: dygn, title: Inom ett dygn, hours: 24, met_by: ring}\n";

static struct routine *
load(const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;

	if (routine_load_buffer(text, strlen(text), "test", &r, &d) != ROUTINE_OK) {
		size_t i;

		for (i = 0; i < d.count; i++)
			fprintf(stderr, "%u:%u: %s\n", d.items[i].line, d.items[i].col,
			    d.items[i].message);
		fail_msg("the routine does not load");
	}
	diag_list_clear(&d);
	return r;
}

/* `from` replaced by `to` once in the old text. */
static char *
edited(const char *from, const char *to)
{
	const char *at = strstr(old_text, from);
	size_t n = strlen(old_text) - strlen(from) + strlen(to) + 1;
	char *s;

	assert_non_null(at);
	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - old_text), old_text, to, at + strlen(from));
	return s;
}

/* The changes from the old version to the edited one. */
static void
diff_edit(const char *from, const char *to, struct rdiff *d)
{
	char *text = edited(from, to);
	struct routine *a = load(old_text), *b = load(text);

	diff_routines(a, b, d);
	/* The changes point into the routines: read what is needed now. */
	routine_free(&a);
	routine_free(&b);
	free(text);
}

/* Exactly one change, of this kind, weakening or not. */
static void
assert_one(const char *from, const char *to, enum rdiff_kind kind, bool weakens)
{
	struct rdiff d;

	diff_edit(from, to, &d);
	if (d.count != 1)
		fail_msg("'%s' -> '%s': %zu changes, not 1", from, to, d.count);
	assert_int_equal(d.items[0].kind, kind);
	assert_int_equal(d.items[0].weakens, weakens);
	assert_int_equal(d.weakening, weakens ? 1 : 0);
	diff_free(&d);
}

static void
test_same_routine(void **state)
{
	struct routine *a = load(old_text), *b = load(old_text);
	struct rdiff d;

	(void)state;
	diff_routines(a, b, &d);
	assert_int_equal(d.count, 0);
	diff_free(&d);
	routine_free(&a);
	routine_free(&b);
}

static void
test_step_flags(void **state)
{
	(void)state;
	assert_one("prompt: Finns hot?, critical: true", "prompt: Finns hot?",
	    RDIFF_CRITICAL_OFF, true);
	assert_one("prompt: Ring tillbaka}", "prompt: Ring tillbaka, critical: true}",
	    RDIFF_CRITICAL_ON, false);
	assert_one("prompt: När?, required: false", "prompt: När?", RDIFF_REQUIRED_ON, false);
	assert_one("prompt: Ring tillbaka}", "prompt: Ring tillbaka, required: false}",
	    RDIFF_REQUIRED_OFF, true);
	assert_one(", protection_gate: true}", "}", RDIFF_GATE_OFF, true);
}

static void
test_step_content(void **state)
{
	(void)state;
	assert_one("prompt: Ring tillbaka", "prompt: Ring tillbaka via känt nummer",
	    RDIFF_PROMPT, false);
	assert_one("{id: datum, kind: date", "{id: datum, kind: text", RDIFF_KIND, false);
	assert_one("label: Markering}", "label: Sekretessmarkering}", RDIFF_OPTIONS, false);
	assert_one("when: {step: hot, unless: [nej]}", "when: {step: hot, in: [ja]}",
	    RDIFF_CONDITION, true);
	assert_one(", refs: [osl]}", ", refs: [osl, fl]}", RDIFF_REFERENCES, false);
	assert_one("help: Se mallen.", "help: Se den nya mallen.", RDIFF_HELP, false);
	assert_one("label: Markering}], refs: [osl]}",
	    "label: Markering}], refs: [osl], contradicts: [{answers: [sm], step: hot, "
	    "in: [ja], message: Stämmer det?}]}", RDIFF_CONTRADICTIONS, false);
	assert_one(", stop: Ring 112.", "", RDIFF_STOP_REMOVED, true);
	assert_one("stop: Ring 112.", "stop: Ring 112 genast.", RDIFF_STOP_CHANGED, false);
	assert_one("prompt: Ring tillbaka}", "prompt: Ring tillbaka, stop: Vänta.}",
	    RDIFF_STOP_ADDED, false);
}

/* The step "brev" (critical) with second_person `x`, then with `y` ("" for
 * none): exactly one change, RDIFF_SECOND, weakening or not. */
static void
assert_second(const char *x, const char *y, bool weakens)
{
	char fx[128], fy[128];
	char *tx, *ty;
	struct routine *a, *b;
	struct rdiff d;

	snprintf(fx, sizeof(fx), "help: Se mallen.%s%s}", *x ? ", second_person: " : "", x);
	snprintf(fy, sizeof(fy), "help: Se mallen.%s%s}", *y ? ", second_person: " : "", y);
	tx = edited("help: Se mallen.}", fx);
	ty = edited("help: Se mallen.}", fy);
	a = load(tx);
	b = load(ty);
	diff_routines(a, b, &d);
	if (d.count != 1)
		fail_msg("'%s' -> '%s': %zu changes, not 1", x, y, d.count);
	assert_int_equal(d.items[0].kind, RDIFF_SECOND);
	assert_int_equal(d.items[0].weakens, weakens);
	diff_free(&d);
	routine_free(&a);
	routine_free(&b);
	free(tx);
	free(ty);
}

/* A second person asked for, or less of one: removed, left to the
 * organisation, a supervisor made a colleague weaken; the rest does not. */
static void
test_second_person(void **state)
{
	(void)state;
	assert_second("", "colleague", false);
	assert_second("colleague", "supervisor", false);
	assert_second("{who: colleague, optional: true}", "colleague", false);
	assert_second("colleague", "", true);
	assert_second("colleague", "{who: colleague, optional: true}", true);
	assert_second("supervisor", "colleague", true);
	assert_second("{who: supervisor, optional: true}", "", true);
}

static void
test_steps_added_removed_moved(void **state)
{
	struct rdiff d;

	(void)state;
	assert_one("      - {id: ring, kind: check, prompt: Ring tillbaka}\n",
	    "      - {id: ring, kind: check, prompt: Ring tillbaka}\n"
	    "      - {id: ny, kind: check, prompt: Nytt steg}\n", RDIFF_STEP_ADDED, false);
	/* Any step removed can weaken the routine (datum is not even
	 * required). */
	assert_one("      - {id: datum, kind: date, prompt: När?, required: false}\n", "",
	    RDIFF_STEP_REMOVED, true);
	/* ring, the first step of section b, moved to the end of section a:
	 * the same position (4th), another section. */
	{
		char *once = edited("      - {id: ring, kind: check, prompt: Ring tillbaka}\n", "");
		const char *brev = "stop: Ring 112., help: Se mallen.}\n";
		char *at = strstr(once, brev), *moved;
		struct routine *a, *b;
		size_t n;

		assert_non_null(at);
		n = strlen(once) + 64;
		moved = malloc(n);
		assert_non_null(moved);
		snprintf(moved, n, "%.*s%s      - {id: ring, kind: check, prompt: Ring tillbaka}\n%s",
		    (int)(at - once), once, brev, at + strlen(brev));
		a = load(old_text);
		b = load(moved);
		diff_routines(a, b, &d);
		assert_int_equal(d.count, 1);
		assert_int_equal(d.items[0].kind, RDIFF_STEP_MOVED);
		assert_int_equal(d.items[0].index_a, 3);
		assert_int_equal(d.items[0].index_b, 3);
		assert_string_equal(d.items[0].step_b->id, "ring");
		diff_free(&d);
		routine_free(&a);
		routine_free(&b);
		free(moved);
		free(once);
	}
}

/* Steps that swap places within a section: one of them moved, the
 * other keeps the order. */
static void
test_swap_is_one_move(void **state)
{
	struct rdiff d;

	(void)state;
	{
		char *text = edited(
		    "      - {id: ring, kind: check, prompt: Ring tillbaka}\n"
		    "      - {id: datum, kind: date, prompt: När?, required: false}\n",
		    "      - {id: datum, kind: date, prompt: När?, required: false}\n"
		    "      - {id: ring, kind: check, prompt: Ring tillbaka}\n");
		struct routine *a = load(old_text), *b = load(text);

		diff_routines(a, b, &d);
		assert_int_equal(d.count, 1);
		assert_int_equal(d.items[0].kind, RDIFF_STEP_MOVED);
		diff_free(&d);
		routine_free(&a);
		routine_free(&b);
		free(text);
	}
}

static void
test_sections_references_deadlines(void **state)
{
	struct rdiff d;

	(void)state;
	diff_edit("deadlines:\n", "  - id: c\n    title: Sist\n    steps:\n"
	    "      - {id: sist, kind: check, prompt: Avsluta}\ndeadlines:\n", &d);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.items[0].kind, RDIFF_SECTION_ADDED);
	assert_int_equal(d.items[1].kind, RDIFF_STEP_ADDED);
	diff_free(&d);
	/* Section b out, with its steps and the deadline one of them met. */
	diff_edit("  - id: b\n    title: Sedan\n    steps:\n"
	    "      - {id: ring, kind: check, prompt: Ring tillbaka}\n"
	    "      - {id: datum, kind: date, prompt: När?, required: false}\n"
	    "deadlines:\n  - {id: dygn, title: Inom ett dygn, hours: 24, met_by: ring}\n",
	    "", &d);
	assert_int_equal(d.count, 4);
	assert_int_equal(d.items[0].kind, RDIFF_SECTION_REMOVED);
	assert_int_equal(d.items[1].kind, RDIFF_STEP_REMOVED);
	assert_int_equal(d.items[2].kind, RDIFF_STEP_REMOVED);
	assert_int_equal(d.items[3].kind, RDIFF_DEADLINE_REMOVED);
	assert_int_equal(d.weakening, 3);
	diff_free(&d);
	assert_one("title: Sedan", "title: Därefter", RDIFF_SECTION_RETITLED, false);
	assert_one("text: FL 21 §}", "text: Förvaltningslagen 21 §}", RDIFF_REFERENCE_TEXT,
	    false);
	assert_one("hours: 24", "hours: 48", RDIFF_DEADLINE_CHANGED, true);
	assert_one("hours: 24", "hours: 12", RDIFF_DEADLINE_CHANGED, false);
	assert_one("deadlines:\n  - {id: dygn, title: Inom ett dygn, hours: 24, met_by: ring}\n",
	    "", RDIFF_DEADLINE_REMOVED, true);
	assert_one("  - {id: dygn, title: Inom ett dygn, hours: 24, met_by: ring}\n",
	    "  - {id: dygn, title: Inom ett dygn, hours: 24, met_by: ring}\n"
	    "  - {id: vecka, title: Inom en vecka, hours: 168}\n", RDIFF_DEADLINE_ADDED,
	    false);
	assert_one("title: Rutin\n", "title: Rutinen\n", RDIFF_TITLE, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_routine),
		cmocka_unit_test(test_step_flags),
		cmocka_unit_test(test_step_content),
		cmocka_unit_test(test_second_person),
		cmocka_unit_test(test_steps_added_removed_moved),
		cmocka_unit_test(test_swap_is_one_move),
		cmocka_unit_test(test_sections_references_deadlines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

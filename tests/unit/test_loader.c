/* The routine loader: every class of content error, each at its exact
 * line and column. Steps appended to test_routine_head start at line 12
 * (STEPS_LINE) and are indented six spaces, so in "      - id: a" the key
 * `id` is at column 9 and its value at column 13. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/testhelp.h"
#include "checklists/ytree.h"
#include "common/xalloc.h"

#define L(n) (STEPS_LINE + (n)) /* the n-th line of the appended steps */

/* A loader test: the text must fail to load, and report these errors. */
static struct diag_list
must_fail_steps(const char *steps)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = load_steps(steps, &d);

	if (r != NULL) {
		routine_free(&r);
		fail_msg("the routine loaded, but it has errors");
	}
	assert_true(d.errors > 0);
	return d;
}

static struct diag_list
must_fail_text(const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = load_text(text, &d);

	if (r != NULL) {
		routine_free(&r);
		fail_msg("the routine loaded, but it has errors");
	}
	return d;
}

static void
test_minimal_valid(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r;

	(void)state;
	r = load_steps("      - {id: a, kind: check, prompt: Gör det, refs: [r1]}\n", &d);
	print_diags(&d);
	assert_non_null(r);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	routine_free(&r);
	assert_null(r);
	diag_list_clear(&d);
}

static void
test_unknown_key_with_suggestion(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: a\n"
	    "        kind: check\n"
	    "        promt: Gör det\n");
	assert_error_at(&d, L(2), 9, "unknown key 'promt' in a step; did you mean 'prompt'?");
	assert_error_at(&d, L(0), 9, "a step is missing the required key 'prompt'");
	diag_list_clear(&d);
}

static void
test_unknown_key_without_suggestion(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: a\n"
	    "        kind: check\n"
	    "        prompt: Gör det\n"
	    "        colour: red\n");
	assert_error_at(&d, L(3), 9, "unknown key 'colour' in a step (known keys: id, kind, prompt,");
	diag_list_clear(&d);
}

static void
test_unknown_top_level_and_section_keys(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text(
	    "format: rutin/1\n"
	    "id: t\n"
	    "version: 1\n"
	    "titel: T\n"
	    "area: other\n"
	    "sections:\n"
	    "  - id: s\n"
	    "    title: S\n"
	    "    stpes:\n"
	    "      - {id: a, kind: check, prompt: P}\n");
	assert_error_at(&d, 4, 1, "unknown key 'titel' in the routine; did you mean 'title'?");
	assert_error_at(&d, 1, 1, "the routine is missing the required key 'title'");
	assert_error_at(&d, 9, 5, "unknown key 'stpes' in a section; did you mean 'steps'?");
	assert_error_at(&d, 7, 5, "a section is missing the required key 'steps'");
	diag_list_clear(&d);
}

static void
test_duplicate_key(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: a\n"
	    "        kind: check\n"
	    "        prompt: Ett\n"
	    "        prompt: Två\n");
	assert_error_at(&d, L(3), 9, "duplicate key 'prompt' (first given at line 14)");
	assert_int_equal(d.errors, 1);
	diag_list_clear(&d);
}

static void
test_wrong_types(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: [a]\n"
	    "        kind: check\n"
	    "        prompt: {text: P}\n"
	    "        refs: r1\n"
	    "      - just text\n");
	assert_error_at(&d, L(0), 13, "'id' must be text, not a list");
	assert_error_at(&d, L(2), 17, "'prompt' must be text, not a mapping");
	assert_error_at(&d, L(3), 15, "'refs' must be a list, not text");
	assert_error_at(&d, L(4), 9, "a step must be a mapping (key: value), not text");
	diag_list_clear(&d);

	d = must_fail_text("- a\n- b\n");
	assert_error_at(&d, 1, 1, "the top level of a routine must be a mapping");
	diag_list_clear(&d);

	d = must_fail_text("just a sentence\n");
	assert_error_at(&d, 1, 1, "the top level of a routine must be a mapping (key: value), not text");
	diag_list_clear(&d);
}

static void
test_empty_texts(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: a\n"
	    "        kind: check\n"
	    "        prompt: ''\n"
	    "        help:\n"
	    "        stop: \"  \"\n");
	assert_error_at(&d, L(2), 17, "'prompt' must not be empty");
	assert_error_at(&d, L(3), 14, "'help' must not be empty");
	assert_error_at(&d, L(4), 15, "'stop' must not be empty");
	diag_list_clear(&d);
}

static void
test_missing_required_keys(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps("      - prompt: P\n");
	assert_error_at(&d, L(0), 9, "a step is missing the required key 'id'");
	assert_error_at(&d, L(0), 9, "a step is missing the required key 'kind'");
	diag_list_clear(&d);

	d = must_fail_text("format: rutin/1\n");
	assert_error_at(&d, 1, 1, "missing the required key 'id'");
	assert_error_at(&d, 1, 1, "missing the required key 'version'");
	assert_error_at(&d, 1, 1, "missing the required key 'title'");
	assert_error_at(&d, 1, 1, "missing the required key 'area'");
	assert_error_at(&d, 1, 1, "missing the required key 'sections'");
	diag_list_clear(&d);

	d = must_fail_text("id: t\nversion: 1\ntitle: T\narea: other\n"
	    "sections: [{id: s, title: S, steps: [{id: a, kind: check, prompt: P}]}]\n");
	assert_error_at(&d, 1, 1, "the routine is missing the required key 'format'");
	assert_int_equal(d.errors, 1);
	diag_list_clear(&d);
}

static void
test_identifiers(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: Stora-Bokstäver\n"
	    "        kind: check\n"
	    "        prompt: P\n"
	    "      - id: -a\n"
	    "        kind: check\n"
	    "        prompt: P\n"
	    "      - id: x2345678901234567890123456789012345678901234567890123456789012345\n"
	    "        kind: check\n"
	    "        prompt: P\n");
	assert_error_at(&d, L(0), 13, "'id' must be 1 to 64 characters of a-z, 0-9 and '-'");
	assert_error_at(&d, L(3), 13, "got '-a'");
	assert_error_at(&d, L(6), 13, "'id' must be 1 to 64 characters");
	diag_list_clear(&d);
}

static void
test_duplicate_ids(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text(
	    "format: rutin/1\nid: t\nversion: 1\ntitle: T\narea: other\n"
	    "sections:\n"
	    "  - id: s\n"                                   /* 7 */
	    "    title: S\n"
	    "    steps:\n"
	    "      - {id: a, kind: check, prompt: P}\n"     /* 10 */
	    "  - id: s\n"                                   /* 11 */
	    "    title: T\n"
	    "    steps:\n"
	    "      - {id: a, kind: yesno, prompt: Q}\n");   /* 14 */
	assert_error_at(&d, 14, 9, "duplicate step id 'a' (first used at line 10)");
	assert_error_at(&d, 11, 5, "duplicate section id 's' (first used at line 7)");
	assert_int_equal(d.errors, 2);
	diag_list_clear(&d);
}

static void
test_unknown_kind(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - {id: a, kind: chekc, prompt: P}\n"
	    "      - {id: b, kind: number, prompt: P}\n");
	assert_error_at(&d, L(0), 23, "unknown kind 'chekc'; did you mean 'check'? (one of: check, yesno, choice, text, date)");
	assert_error_at(&d, L(1), 23, "unknown kind 'number' (one of: check, yesno, choice, text, date)");
	diag_list_clear(&d);
}

static void
test_unknown_format_stops_early(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text("format: rutin/2\nid: T\nwhatever: 1\n");
	assert_error_at(&d, 1, 9, "unsupported format 'rutin/2'; this version of rutin reads 'rutin/1'");
	/* Only the unknown key check runs: the rest belongs to another format. */
	assert_error_at(&d, 3, 1, "unknown key 'whatever'");
	assert_int_equal(d.errors, 2);
	diag_list_clear(&d);
}

static void
test_version_numbers(void **state)
{
	static const struct {
		const char *value;
		const char *message;
	} cases[] = {
		{ "0", "'version' must be between 1 and 1000000" },
		{ "1000001", "'version' must be between 1 and 1000000" },
		{ "99999999999999999999", "'version' must be between 1 and 1000000" },
		{ "three", "'version' must be a whole number, not 'three'" },
		{ "'3'", "'version' must be a whole number, not '3'" },
		{ "1.5", "'version' must be a whole number, not '1.5'" },
		{ "-2", "'version' must be a whole number, not '-2'" },
		{ "", "'version' must be a whole number, not nothing" },
		{ "[1]", "'version' must be a whole number, not a list" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = xasprintf("format: rutin/1\nid: t\nversion: %s\ntitle: T\n"
		    "area: other\nsections: [{id: s, title: S, steps: "
		    "[{id: a, kind: check, prompt: P}]}]\n", cases[i].value);
		struct diag_list d = must_fail_text(text);

		assert_error_at(&d, 3, cases[i].value[0] ? 10 : 9, cases[i].message);
		assert_int_equal(d.errors, 1);
		diag_list_clear(&d);
		free(text);
	}
}

static void
test_booleans(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - id: a\n"
	    "        kind: check\n"
	    "        prompt: P\n"
	    "        required: yes\n"
	    "        critical: 'true'\n"
	    "      - id: b\n"
	    "        kind: check\n"
	    "        prompt: P\n"
	    "        critical: [true]\n");
	assert_error_at(&d, L(3), 19, "'required' must be true or false, not 'yes'");
	assert_error_at(&d, L(4), 19, "'critical' must be true or false, not 'true'");
	assert_error_at(&d, L(8), 19, "'critical' must be true or false, not a list");
	diag_list_clear(&d);
}

static void
test_area(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text("format: rutin/1\nid: t\nversion: 1\ntitle: T\n"
	    "area: contact_ban\nsections: [{id: s, title: S, steps: "
	    "[{id: a, kind: check, prompt: P}]}]\n");
	assert_error_at(&d, 5, 7, "unknown area 'contact_ban'; did you mean 'contact-ban'?");
	diag_list_clear(&d);
}

static void
test_choice_options(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - {id: a, kind: choice, prompt: P}\n"
	    "      - {id: b, kind: choice, prompt: P, options: []}\n"
	    "      - {id: c, kind: choice, prompt: P, options: [x, y, x]}\n"
	    "      - {id: d, kind: choice, prompt: P, options: [{id: x}, {id: x, label: X}]}\n"
	    "      - {id: e, kind: yesno, prompt: P, options: [x, y]}\n"
	    "      - {id: f, kind: choice, prompt: P, options: [Ja tack, {label: L}]}\n");
	assert_error_at(&d, L(0), 9, "a choice step is missing the required key 'options'");
	assert_error_at(&d, L(1), 51, "a choice step needs at least one option");
	assert_error_at(&d, L(2), 58, "duplicate option 'x'");
	assert_error_at(&d, L(3), 66, "duplicate option 'x'");
	assert_error_at(&d, L(4), 50, "'options' applies only to choice steps; this step's kind is 'yesno'");
	assert_error_at(&d, L(5), 52, "'options' must be 1 to 64 characters of a-z, 0-9 and '-'");
	assert_error_at(&d, L(5), 61, "an option is missing the required key 'id'");
	diag_list_clear(&d);
}

static void
test_single_option_warns(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r;

	(void)state;
	r = load_steps("      - {id: a, kind: choice, prompt: P, options: [bara], refs: [r1]}\n", &d);
	assert_non_null(r); /* a warning does not make the routine invalid */
	assert_warning_at(&d, L(0), 51, "a choice with a single option");
	routine_free(&r);
	diag_list_clear(&d);
}

static void
test_refs(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - {id: a, kind: check, prompt: P, refs: [r1, r2, r1]}\n");
	assert_error_at(&d, L(0), 52, "'refs' names 'r2', which is not an id in 'references'");
	assert_warning_at(&d, L(0), 56, "reference 'r1' is named twice");
	diag_list_clear(&d);
}

static void
test_references(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text("format: rutin/1\nid: t\nversion: 1\ntitle: T\narea: other\n"
	    "references:\n"
	    "  - {id: a, text: A}\n"          /* 7 */
	    "  - {id: a, text: B}\n"          /* 8 */
	    "  - {id: b}\n"                   /* 9 */
	    "  - {id: c, text: C, url: x}\n"  /* 10 */
	    "  - {id: d, text: D}\n"          /* 11 */
	    "sections: [{id: s, title: S, steps: [{id: x, kind: check, prompt: P, refs: [a, c]}]}]\n");
	assert_error_at(&d, 8, 10, "duplicate reference id 'a'");
	assert_error_at(&d, 9, 5, "a reference is missing the required key 'text'");
	assert_error_at(&d, 10, 22, "unknown key 'url' in a reference");
	assert_warning_at(&d, 11, 10, "reference 'd' is not used by any step");
	diag_list_clear(&d);
}

static void
test_when_errors(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - {id: val, kind: choice, prompt: P, options: [x, y]}\n"      /* 0 */
	    "      - {id: fri, kind: text, prompt: P, required: false}\n"         /* 1 */
	    "      - {id: a, kind: check, prompt: P, when: {step: vla, in: [x]}}\n"  /* 2 */
	    "      - {id: b, kind: check, prompt: P, when: {step: c, in: [ja]}}\n"   /* 3 */
	    "      - {id: c, kind: yesno, prompt: P, when: {step: c, in: [ja]}}\n"   /* 4 */
	    "      - {id: d, kind: check, prompt: P, when: {step: fri, in: [x]}}\n"  /* 5 */
	    "      - {id: e, kind: check, prompt: P, when: {step: val, in: [z]}}\n"  /* 6 */
	    "      - {id: f, kind: check, prompt: P, when: {step: c, in: [jaa]}}\n"  /* 7 */
	    "      - {id: g, kind: check, prompt: P, when: {step: val, in: []}}\n"   /* 8 */
	    "      - {id: h, kind: check, prompt: P, when: {step: val}}\n"           /* 9 */
	    "      - {id: i, kind: check, prompt: P, when: {step: val, in: x}}\n"    /* 10 */
	    "      - {id: j, kind: check, prompt: P, when: {step: val, in: [x], and: 1}}\n" /* 11 */
	    "      - {id: k, kind: check, prompt: P, when: val}\n"                   /* 12 */
	    "      - {id: m, kind: check, prompt: P, when: {step: a, in: [nej]}}\n"); /* 13 */
	assert_error_at(&d, L(2), 54, "'when' names step 'vla', which does not exist; did you mean 'val'?");
	assert_error_at(&d, L(3), 54, "'when' names step 'c', which comes later (line 16); a step can depend only on an earlier step");
	assert_error_at(&d, L(4), 54, "a step cannot depend on its own answer");
	assert_error_at(&d, L(5), 54, "'when' can depend only on a check, yesno or choice step; 'fri' is a text step");
	assert_error_at(&d, L(6), 64, "'z' is not a possible answer of step 'val' (possible: x, y)");
	assert_error_at(&d, L(7), 62, "'jaa' is not a possible answer of step 'c'; did you mean 'ja'? (possible: ja, nej)");
	assert_error_at(&d, L(8), 63, "'in' needs at least one answer");
	assert_error_at(&d, L(9), 47, "'when' needs 'in' (the answers that show the step) or 'unless' (the answers that hide it)");
	assert_error_at(&d, L(10), 63, "'in' must be a list, not text");
	assert_error_at(&d, L(11), 68, "unknown key 'and' in 'when'");
	assert_error_at(&d, L(12), 47, "'when' must be a mapping (key: value), not text");
	assert_error_at(&d, L(13), 62, "'nej' is not a possible answer of step 'a' (possible: ja)");
	diag_list_clear(&d);
}

/* `unless` and `contradicts` (issue 19), each mistake at its place. */
static void
test_unless_and_contradicts_errors(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_steps(
	    "      - {id: val, kind: choice, prompt: P, options: [x, y]}\n"        /* 0 */
	    "      - {id: fri, kind: text, prompt: P, required: false}\n"           /* 1 */
	    "      - {id: a, kind: check, prompt: P, when: {step: val, in: [x], unless: [y]}}\n" /* 2 */
	    "      - {id: b, kind: check, prompt: P, when: {step: val, unless: [q]}}\n" /* 3 */
	    "      - {id: c, kind: check, prompt: P, when: {step: val, unless: []}}\n" /* 4 */
	    "      - {id: e, kind: yesno, prompt: P, contradicts: [{answers: [nej], step: val, in: [x]}]}\n" /* 5 */
	    "      - {id: f, kind: yesno, prompt: P, contradicts: [{answers: [kanske], step: val, in: [x], message: M}]}\n" /* 6 */
	    "      - {id: g, kind: text, prompt: P, contradicts: [{answers: [x], step: val, in: [x], message: M}]}\n" /* 7 */
	    "      - {id: h, kind: yesno, prompt: P, contradicts: [{answers: [ja], step: val, unless: [x], message: M}]}\n" /* 8 */
	    "      - {id: i, kind: yesno, prompt: P, contradicts: []}\n" /* 9 */
	    "      - {id: j, kind: check, prompt: P, protection_gate: true}\n"); /* 10 */
	assert_error_at(&d, L(2), 76, "a condition has either 'in' or 'unless', not both");
	assert_error_at(&d, L(3), 68, "'q' is not a possible answer of step 'val' (possible: x, y)");
	assert_error_at(&d, L(4), 67, "'unless' needs at least one answer");
	assert_error_at(&d, L(5), 55, "a contradiction is missing the required key 'message'");
	assert_error_at(&d, L(6), 66, "'kanske' is not a possible answer of step 'f'");
	assert_error_at(&d, L(7), 53, "'contradicts' is only for check, yesno and choice steps");
	assert_error_at(&d, L(8), 82, "unknown key 'unless' in a contradiction");
	assert_error_at(&d, L(8), 55, "a contradiction is missing the required key 'in'");
	assert_error_at(&d, L(9), 54, "'contradicts' needs 1 to 20 entries");
	assert_error_at(&d, L(10), 58, "'protection_gate' is for yesno and choice steps; "
	    "this step's kind is 'check'");
	diag_list_clear(&d);
}

static void
test_section_and_routine_need_content(void **state)
{
	struct diag_list d;

	(void)state;
	d = must_fail_text("format: rutin/1\nid: t\nversion: 1\ntitle: T\narea: other\n"
	    "sections: []\n");
	assert_error_at(&d, 6, 11, "a routine needs at least one section");
	diag_list_clear(&d);
	d = must_fail_text("format: rutin/1\nid: t\nversion: 1\ntitle: T\narea: other\n"
	    "sections: [{id: s, title: S, steps: []}]\n");
	assert_error_at(&d, 6, 37, "a section needs at least one step");
	diag_list_clear(&d);
}

static void
test_step_limit(void **state)
{
	size_t cap = 64 * (ROUTINE_MAX_STEPS + 2), n = 0, i;
	char *steps = xmalloc(cap);
	struct diag_list d;

	(void)state;
	for (i = 0; i <= ROUTINE_MAX_STEPS; i++)
		n += (size_t)snprintf(steps + n, cap - n,
		    "      - {id: s%zu, kind: check, prompt: P}\n", i);
	/* One list may hold that many items, but not that many steps. */
	d = must_fail_steps(steps);
	assert_error_at(&d, L(ROUTINE_MAX_STEPS), 9, "too many steps in the routine (limit 500)");
	diag_list_clear(&d);
	free(steps);
}

static void
test_all_errors_reported(void **state)
{
	struct diag_list d;

	(void)state;
	/* Five independent mistakes in one file: all five are reported. */
	d = must_fail_steps(
	    "      - {id: a, kind: check, prompt: P, refs: [nope]}\n"
	    "      - {id: b, kind: yesno, prompt: '', critical: maybe}\n"
	    "      - {id: c, kind: choice, prompt: P, options: [x, x]}\n"
	    "      - {id: d, kind: chek, prompt: P}\n");
	assert_int_equal(d.errors, 5);
	diag_list_clear(&d);
}

static void
test_diagnostics_are_capped(void **state)
{
	size_t cap = 64 * 160, n = 0, i;
	char *steps = xmalloc(cap), *out = NULL;
	size_t out_len = 0;
	struct diag_list d;
	FILE *f;

	(void)state;
	for (i = 0; i < 150; i++)
		n += (size_t)snprintf(steps + n, cap - n,
		    "      - {id: s%zu, kind: nope, prompt: P}\n", i);
	d = must_fail_steps(steps);
	assert_int_equal(d.errors, 150);       /* all counted */
	assert_int_equal(d.count, DIAG_MAX);   /* the first 100 kept */
	f = open_memstream(&out, &out_len);
	diag_print(&d, "x.yaml", f);
	fclose(f);
	assert_non_null(strstr(out, "x.yaml:111:25: error: unknown kind 'nope'"));
	assert_non_null(strstr(out, "\nx.yaml: note: 51 more diagnostics not shown\n"));
	diag_list_clear(&d);
	free(out);
	free(steps);
}

static void
test_file_errors(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *dir = make_temp_dir();
	char *fifo = xasprintf("%s/fifo.yaml", dir);
	char *missing = xasprintf("%s/missing.yaml", dir);
	char *big, *path;

	(void)state;
	assert_int_equal(routine_load_file(missing, &r, &d), ROUTINE_IO);
	assert_error_at(&d, 0, 0, "cannot open: No such file or directory");
	diag_list_clear(&d);

	assert_int_equal(routine_load_file(dir, &r, &d), ROUTINE_IO);
	assert_error_at(&d, 0, 0, "is a directory");
	diag_list_clear(&d);

	/* A FIFO with no writer: refused at once, never waited on. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(routine_load_file(fifo, &r, &d), ROUTINE_IO);
	assert_error_at(&d, 0, 0, "not a regular file");
	diag_list_clear(&d);

	big = xcalloc(YTREE_MAX_BYTES + 10, 1);
	memset(big, '#', YTREE_MAX_BYTES + 9);
	path = write_file(dir, "big.yaml", big, YTREE_MAX_BYTES + 9);
	assert_int_equal(routine_load_file(path, &r, &d), ROUTINE_INVALID);
	assert_error_at(&d, 0, 0, "the file is too large");
	assert_null(r);
	diag_list_clear(&d);

	remove_tree(dir);
	free(big);
	free(path);
	free(fifo);
	free(missing);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_valid),
		cmocka_unit_test(test_unknown_key_with_suggestion),
		cmocka_unit_test(test_unknown_key_without_suggestion),
		cmocka_unit_test(test_unknown_top_level_and_section_keys),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_empty_texts),
		cmocka_unit_test(test_missing_required_keys),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_unknown_kind),
		cmocka_unit_test(test_unknown_format_stops_early),
		cmocka_unit_test(test_version_numbers),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_area),
		cmocka_unit_test(test_choice_options),
		cmocka_unit_test(test_single_option_warns),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_when_errors),
		cmocka_unit_test(test_unless_and_contradicts_errors),
		cmocka_unit_test(test_section_and_routine_need_content),
		cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_diagnostics_are_capped),
		cmocka_unit_test(test_file_errors),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}

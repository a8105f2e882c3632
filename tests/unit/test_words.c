/* Words for people (runlog/words.c): each kind of event of a run as a
 * supervisor reads it, in the routine's words and never by id; a note's
 * line breaks kept on one line. (In English: the tests bind no
 * translation.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runlog/words.h"
#include "tests/unit/testhelp.h"

static const char routine_text[] =
    "format: rutin/1\nid: ord\nversion: 1\ntitle: Ordtest\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: fara, kind: yesno, prompt: Finns det fara?}\n"
    "      - {id: ring, kind: check, prompt: Ring 112}\n"
    "      - {id: skydd, kind: choice, prompt: Vilket skydd?,\n"
    "         options: [{id: sekretess, label: Sekretessmarkering}, {id: inget, label: Inget skydd}]}\n"
    "      - {id: plan, kind: text, prompt: Planen}\n";

static struct routine *r;

static int
setup(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	r = load_text(routine_text, &d);
	diag_list_clear(&d);
	return r == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	routine_free(&r);
	return 0;
}

/* The words of one event of `type` with `fields` (canonical JSON). */
static char *
words(const char *type, const char *fields, const struct routine *with)
{
	struct log_event ev = { .seq = 2, .time = 1764000000000, .account = "bo",
	    .run_id = "r1", .type = type, .fields = fields };

	return words_event(&ev, with);
}

static void
check(const char *type, const char *fields, const struct routine *with, const char *want)
{
	char *got = words(type, fields, with);

	assert_string_equal(got, want);
	free(got);
}

static void
test_answers_in_the_routines_words(void **state)
{
	(void)state;
	check("step.answered", "{\"step\":\"fara\",\"text\":\"ja\"}", r,
	    "answered \"Finns det fara?\": yes");
	check("step.answered", "{\"step\":\"fara\",\"text\":\"nej\"}", r,
	    "answered \"Finns det fara?\": no");
	check("step.answered", "{\"step\":\"ring\",\"text\":\"ja\"}", r,
	    "answered \"Ring 112\": done");
	check("step.answered", "{\"step\":\"skydd\",\"text\":\"inget\"}", r,
	    "answered \"Vilket skydd?\": Inget skydd");
	check("step.answered", "{\"step\":\"plan\",\"text\":\"Skolan meddelas\"}", r,
	    "answered \"Planen\": Skolan meddelas");
}

static void
test_reasons_and_notes_on_one_line(void **state)
{
	(void)state;
	check("step.skipped", "{\"step\":\"ring\",\"text\":\"Ingen telefon\"}", r,
	    "skipped the step \"Ring 112\": Ingen telefon");
	check("step.not_applicable", "{\"step\":\"skydd\",\"text\":\"Ej aktuellt\"}", r,
	    "marked the step not applicable \"Vilket skydd?\": Ej aktuellt");
	check("note.added", "{\"step\":\"plan\",\"text\":\"rad ett\\nrad tv\xc3\xa5\"}", r,
	    "added a note \"Planen\": rad ett\xe2\x86\xb5 rad tv\xc3\xa5");
	check("stop.acknowledged", "{\"step\":\"ring\"}", r,
	    "acknowledged the stop \"Ring 112\"");
}

static void
test_run_events(void **state)
{
	(void)state;
	check("run.started", "{\"case_ref\":\"SN 2026/1\",\"mode\":\"live\",\"routine_hash\":"
	    "\"00\",\"routine_id\":\"ord\",\"routine_version\":1}", r,
	    "started the run: Ordtest");
	check("run.completed", "{}", r, "completed the run");
	check("access.recorded", "{\"what\":\"review show\"}", r, "opened the run");
}

static void
test_the_access_log_in_words(void **state)
{
	(void)state;
	assert_string_equal(words_access("access.recorded", "review show"), "opened the run");
	assert_string_equal(words_access("access.recorded", "export"), "exported runs");
	assert_string_equal(words_access("access.recorded", "a newer read"), "a newer read");
	assert_string_equal(words_access("review.sampled", "11"), "drew a sample, seed");
}

static void
test_without_the_routine_the_ids(void **state)
{
	(void)state;
	check("step.answered", "{\"step\":\"skydd\",\"text\":\"inget\"}", NULL,
	    "answered \"skydd\": inget");
	check("step.answered", "{\"step\":\"borttaget\",\"text\":\"ja\"}", r,
	    "answered \"borttaget\": ja");
	check("a.newer.type", "{\"text\":\"x\"}", r, "a.newer.type: x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_in_the_routines_words),
		cmocka_unit_test(test_reasons_and_notes_on_one_line),
		cmocka_unit_test(test_run_events),
		cmocka_unit_test(test_the_access_log_in_words),
		cmocka_unit_test(test_without_the_routine_the_ids),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

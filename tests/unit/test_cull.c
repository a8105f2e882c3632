/* Gallring (db/cull.c, issue 29): the retention rule, a removal that
 * verify and the authority pass accept, each author's chain across the
 * gaps, and what an attacker with the key does: removes one more run,
 * alters the gallring event to cover it, or writes a gallring of his own
 * with a caseworker's key (a modified rutin, past the command's role
 * check), or one without a second supervisor's approval while the log's
 * option second_person is on. The times are relative to the clock: no
 * date is assumed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/clock.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

#define DAY (24LL * 3600 * 1000)

struct fx {
	char *dir, *path;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct log_error err;
	struct log *anna;

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	anna = make_log(f->path, NULL);
	if (log_user_add(anna, "bo", ROLE_CASEWORKER, PASS_B, strlen(PASS_B), &TEST_KDF,
	    &err) != LOG_OK)
		fail_msg("user add: %s", err.message);
	log_close(&anna);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	remove_tree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* A run by `log`'s account: started, a note, completed, `age` days ago. */
static void
old_run(struct log *log, const char *run_id, const char *case_ref, int64_t age)
{
	int64_t t = clock_now_ms() - age * DAY;
	struct log_field s[] = {
		{ "case_ref", case_ref, 0 }, { "mode", "live", 0 },
		{ "routine_hash", "ab", 0 }, { "routine_id", "granskning", 0 },
		{ "routine_version", NULL, 1 },
	};
	struct log_field note[] = { { "step", "las", 0 }, { "text", case_ref, 0 } };
	struct log_event_in in[] = {
		{ event_name(EV_RUN_STARTED), run_id, t, s, 5 },
		{ event_name(EV_NOTE_ADDED), run_id, t + 1000, note, 2 },
		{ event_name(EV_RUN_COMPLETED), run_id, t + 2000, NULL, 0 },
	};
	struct log_error err;
	size_t i;

	for (i = 0; i < 3; i++)
		if (log_append(log, &in[i], NULL, &err) != LOG_OK)
			fail_msg("append: %s", err.message);
}

/* Three years of bo's runs, interleaved with anna's reviews of them and
 * a run of hers, then a two-year rule. */
static void
three_years(struct fx *f)
{
	struct log *anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	struct log *bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	struct log_field c = { "text", "Granskad", 0 };
	struct log_event_in sign = { event_name(EV_REVIEW_SIGNED), "r1", 0, &c, 1 };
	struct log_error err;

	old_run(bo, "r1", "SN 2023/1", 1100);
	old_run(anna, "a1", "SN 2023/2", 1000);
	sign.time = clock_now_ms() - 900 * DAY;
	assert_int_equal(log_append(anna, &sign, NULL, &err), LOG_OK);
	old_run(bo, "r2", "SN 2024/3", 800);
	old_run(bo, "r3", "SN 2025/4", 300);
	old_run(bo, "r4", "SN 2026/5", 10);
	assert_int_equal(log_retention_set(bo, 730, "SN 2026/112", &err), LOG_E_DENIED);
	assert_int_equal(log_retention_set(anna, 730, "", &err), LOG_E_INVALID);
	assert_int_equal(log_retention_set(anna, 730, "SN 2026/112", &err), LOG_OK);
	log_close(&bo);
	log_close(&anna);
}

static void
expect_verify(struct fx *f, const char *problem)
{
	struct log *anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	struct log_verify r;
	struct log_error err;

	if (problem == NULL) {
		if (log_verify(anna, &r, &err) != LOG_OK)
			fail_msg("verify: %s", r.problem);
	} else {
		assert_int_equal(log_verify(anna, &r, &err), LOG_E_CORRUPT);
		if (strstr(r.problem, problem) == NULL)
			fail_msg("verify said '%s', not '%s'", r.problem, problem);
	}
	log_close(&anna);
}

/* `who` plans and removes (anna, or bo made a supervisor in memory: a
 * modified rutin). */
static void
cull_as(struct fx *f, const char *who, const char *pass, size_t want_runs)
{
	struct log *log = open_as(f->path, who, pass, LOG_OK);
	struct log_cull_plan p;
	struct log_error err;
	int64_t seq = 0;

	log->role = ROLE_SUPERVISOR;
	assert_int_equal(log_cull_plan(log, &p, &err), LOG_OK);
	assert_int_equal(p.run_count, want_runs);
	if (log_cull(log, &p, &seq, &err) != LOG_OK)
		fail_msg("cull: %s", err.message);
	assert_true(want_runs == 0 || seq > 0);
	log_cull_plan_free(&p);
	log_close(&log);
}

static int64_t
count(struct fx *f, const char *sql)
{
	struct log *anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	int64_t n = log_query_int64(anna, sql, -1);

	log_close(&anna);
	return n;
}

/* The runs past two years go (r1, a1 and anna's review of r1, r2); the
 * others stay; verify accepts the gaps and reports them; both authors'
 * next events follow their chains across the gaps; a session opened
 * after it has its full rights. */
static void
test_cull(void **state)
{
	struct fx *f = *state;
	struct log_cull_info *list;
	struct log_error err;
	struct log *anna, *bo;
	size_t n;

	three_years(f);
	expect_verify(f, NULL);
	cull_as(f, "anna", PASS_A, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE run_id IN"
	    " ('r1', 'a1', 'r2');"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM runs;"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM runs_text WHERE case_ref LIKE"
	    " 'SN 2023%';"), 0);
	expect_verify(f, NULL);
	anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_null(log_authority_problem(anna));
	assert_int_equal(log_culls(anna, &list, &n, &err), LOG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].runs, 3);
	assert_int_equal(list[0].events, 10);
	assert_string_equal(list[0].decision, "SN 2026/112");
	free(list);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	append_note(bo, NULL, "log.sealed", "bo");
	append_note(anna, NULL, "log.sealed", "anna");
	log_close(&bo);
	log_close(&anna);
	expect_verify(f, NULL);
	/* Nothing more is past the rule; a later run of the same kind is. */
	cull_as(f, "anna", PASS_A, 0);
}

/* After a gallring, bo (a caseworker) runs `sql` with the log key from
 * his slot and the sqlcipher library, the guards lifted and put back. */
static void
bo_tampers(struct fx *f, const char *sql)
{
	unsigned char key[LOG_KEY_BYTES];
	char *keys = xasprintf("%s.keys", f->path);
	sqlite3 *db;

	three_years(f);
	cull_as(f, "anna", PASS_A, 3);
	assert_true(unwrap_slot(keys, "bo", PASS_B, key));
	free(keys);
	db = raw_open_key(f->path, key);
	raw_tamper(db, sql);
	sqlite3_close(db);
}

/* One more run removed by hand, the way gallra removes: a gap no
 * gallring covers. */
static void
test_one_more_removed(void **state)
{
	struct fx *f = *state;

	bo_tampers(f, "DELETE FROM runs WHERE run_id = 'r3';"
	    " DELETE FROM events WHERE run_id = 'r3';");
	expect_verify(f, "is missing");
}

/* The gallring event altered to say it removed r3 too: its hash breaks. */
static void
test_gallring_altered(void **state)
{
	struct fx *f = *state;

	bo_tampers(f, "UPDATE events SET fields = replace(fields, '\"runs\":3',"
	    " '\"runs\":4') WHERE type = 'retention.culled';");
	expect_verify(f, "altered");
}

/* bo, a caseworker with the log key and his own signing key, runs a
 * gallring of his own (a modified rutin: the role check skipped): the
 * event is not a supervisor's, so verify fails, and every session opened
 * after it has no supervisor's rights. */
static void
test_caseworker_gallring(void **state)
{
	struct fx *f = *state;
	struct log *anna;

	three_years(f);
	cull_as(f, "bo", PASS_B, 3);
	expect_verify(f, "retention.culled");
	anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_non_null(log_authority_problem(anna));
	assert_int_not_equal(log_role(anna), ROLE_SUPERVISOR);
	log_close(&anna);
}

/* With the option second_person on, a gallring without another
 * supervisor's approval of its plan (a modified rutin that skips the
 * check) is named by verify; log_cull itself refuses it. */
static void
test_unapproved_gallring(void **state)
{
	struct fx *f = *state;
	struct log_cull_plan p;
	struct log_error err;
	struct log *anna;

	three_years(f);
	anna = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_int_equal(log_option_set(anna, "second_person", "on", &err), LOG_OK);
	assert_int_equal(log_cull_plan(anna, &p, &err), LOG_OK);
	assert_true(p.needs_second);
	assert_int_equal(log_cull(anna, &p, NULL, &err), LOG_E_DENIED);
	/* Her own approval is not a second person's. */
	assert_int_equal(log_cull_approve(anna, &p, &err), LOG_OK);
	log_cull_plan_free(&p);
	assert_int_equal(log_cull_plan(anna, &p, &err), LOG_OK);
	assert_int_equal(log_cull(anna, &p, NULL, &err), LOG_E_DENIED);
	p.needs_second = false;
	assert_int_equal(log_cull(anna, &p, NULL, &err), LOG_OK);
	log_cull_plan_free(&p);
	log_close(&anna);
	expect_verify(f, "without another supervisor's approval");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cull, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_more_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gallring_altered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caseworker_gallring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unapproved_gallring, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

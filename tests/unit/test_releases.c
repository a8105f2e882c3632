/* Released routines (db/releases.c): from a live log's first release on,
 * it starts runs only of released, not withdrawn texts; only a
 * supervisor releases or withdraws; a training log takes no release; and
 * a run of an unreleased text written past the check (a modified rutin,
 * with the log key and an account's own signing key) fails verify. */
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
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/log_impl.h"

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"

struct fx {
	char *dir, *path;
	struct log *anna, *bo;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct log_error err;

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->anna = make_log(f->path, NULL);
	if (log_user_add(f->anna, "bo", ROLE_CASEWORKER, PASS_B, strlen(PASS_B), &TEST_KDF,
	    &err) != LOG_OK)
		fail_msg("user add: %s", err.message);
	f->bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_close(&f->anna);
	log_close(&f->bo);
	remove_tree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* bo starts run `run` of routine x in the text with `hash`. */
static enum log_status
start(struct log *log, const char *run, const char *hash, struct log_error *err)
{
	struct log_field fields[] = {
		{ "case_ref", "SN 2026/1", 0 }, { "mode", "live", 0 },
		{ "routine_hash", hash, 0 }, { "routine_id", "x", 0 },
		{ "routine_version", NULL, 1 },
	};
	struct log_event_in ev = { "run.started", run, 0, fields, 5 };

	return log_append(log, &ev, NULL, err);
}

static enum log_status
release(struct log *log, const char *hash, struct log_error *err)
{
	struct log_release_in in = { "x", 1, hash, "Rutin X", "granskad", "format: rutin/1\n" };

	return log_release(log, &in, err);
}

static void
test_first_release_closes_the_log(void **state)
{
	struct fx *f = *state;
	struct log_error err;

	/* Before any release: any text runs (a log from before releases). */
	assert_false(log_releases_adopted(f->bo));
	assert_int_equal(start(f->bo, "r1", H1, &err), LOG_OK);
	/* A caseworker does not release. */
	assert_int_equal(release(f->bo, H2, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "only a supervisor"));
	assert_int_equal(release(f->anna, H2, &err), LOG_OK);
	assert_int_equal(release(f->anna, H2, &err), LOG_E_EXISTS);
	/* bo's session learns of it at his next start. */
	assert_int_equal(start(f->bo, "r2", H1, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "is not released in this log"));
	assert_int_equal(start(f->bo, "r3", H2, &err), LOG_OK);
	assert_true(log_routine_released(f->bo, H2));
	assert_false(log_routine_released(f->bo, H1));
	/* Withdrawn: no new run; the open one goes on. */
	assert_int_equal(log_withdraw(f->bo, "x", H2, NULL, &err), LOG_E_DENIED);
	assert_int_equal(log_withdraw(f->anna, "x", H2, "fel", &err), LOG_OK);
	assert_int_equal(log_withdraw(f->anna, "x", H2, "fel", &err), LOG_E_INVALID);
	assert_int_equal(start(f->bo, "r4", H2, &err), LOG_E_DENIED);
	append_note(f->bo, "r3", "note.added", "går vidare");
	/* Released again: runs again. */
	assert_int_equal(release(f->anna, H2, &err), LOG_OK);
	assert_int_equal(start(f->bo, "r5", H2, &err), LOG_OK);
	{
		struct log_verify r;

		assert_int_equal(log_verify(f->anna, &r, &err), LOG_OK);
	}
}

/* A modified rutin that skips the check (here: bo's session forgets the
 * releases it read) writes a run of a text never released, signed with
 * his own key: verify names it. */
static void
test_unreleased_run_fails_verify(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log_verify r;

	assert_int_equal(release(f->anna, H2, &err), LOG_OK);
	assert_int_equal(start(f->bo, "r1", H1, &err), LOG_E_DENIED);
	authors_free(&f->bo->auth);
	f->bo->auth = authors_new(); /* what it read is gone; it reads no more */
	assert_int_equal(start(f->bo, "r1", H1, &err), LOG_OK);
	assert_int_equal(log_verify(f->anna, &r, &err), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "never released in this log"));
}

static void
test_training_log_takes_no_release(void **state)
{
	struct fx *f = *state;
	struct log_error err;

	assert_int_equal(log_set_training(f->anna, &err), LOG_OK);
	assert_int_equal(release(f->anna, H2, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "training log"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_release_closes_the_log, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreleased_run_fails_verify, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_training_log_takes_no_release, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

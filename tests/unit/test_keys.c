/* Keys that can be revoked, tried as an attacker would: a removed or
 * careless account with a copy of the keyring, a caseworker holding the
 * log key, keyring changes racing each other; and the upgrade of a log
 * made by rutin 0.1. The attacker's tool is the sqlcipher library with a
 * raw key (raw_try_key), nothing of rutin's. Slots use TEST_KDF. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/xalloc.h"

struct fx {
	char *dir;
	char *path;
	char *keys;
	char *stolen;
	char recovery[RECOVERY_TEXT_LEN];
	struct log *log;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct log_error err;

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->keys = xasprintf("%s/log.db.keys", f->dir);
	f->stolen = xasprintf("%s/stolen.keys", f->dir);
	f->log = make_log(f->path, f->recovery);
	if (log_user_add(f->log, "bo", ROLE_CASEWORKER, PASS_B, strlen(PASS_B),
	    &TEST_KDF, &err) != LOG_OK)
		fail_msg("add bo: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_close(&f->log);
	remove_tree(f->dir);
	free(f->dir);
	free(f->path);
	free(f->keys);
	free(f->stolen);
	free(f);
	return 0;
}

static int64_t
event_count(struct log *log)
{
	struct log_verify r;
	struct log_error err;

	if (log_verify(log, &r, &err) != LOG_OK)
		fail_msg("verify: %s %s", err.message, r.problem);
	return r.events;
}

struct type_count {
	const char *type;
	int64_t n;
};

static int
count_one(void *ctx, const struct log_event *ev)
{
	struct type_count *c = ctx;

	c->n += strcmp(ev->type, c->type) == 0;
	return 0;
}

static int64_t
count_type(struct log *log, const char *type)
{
	struct type_count c = { type, 0 };
	struct log_error err;

	assert_int_equal(log_events(log, NULL, NULL, count_one, &c, &err), LOG_OK);
	return c.n;
}

/* A caseworker keeps a copy of the keyring, is removed, and tries his
 * old slot and passphrase on the log as it is now: nothing opens. */
static void
test_removed_account_reads_nothing_current(void **state)
{
	struct fx *f = *state;
	unsigned char key[LOG_KEY_BYTES];
	struct log_error err;

	copy_file(f->keys, f->stolen);
	assert_true(unwrap_slot(f->stolen, "bo", PASS_B, key));
	assert_int_equal(raw_try_key(f->path, key), SQLITE_OK); /* before */
	if (log_user_remove(f->log, "bo", NULL, NULL, &err) != LOG_OK)
		fail_msg("remove: %s", err.message);
	append_note(f->log, NULL, "note.added", "written after bo left");
	assert_int_equal(raw_try_key(f->path, key), SQLITE_NOTADB);
	/* His slot is not in the new keyring, in any form. */
	assert_false(file_contains(f->keys, "account bo ", 11));
	assert_false(unwrap_slot(f->keys, "bo", PASS_B, key));
	/* The old key he could still have read with is not the new one, and
	 * the new keyring hands the new key to everyone who stays. */
	log_close(&f->log);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_int_equal(event_count(f->log), 6);
}

/* After a passphrase change with no one else in the log, the old keyring
 * with the old (leaked) passphrase opens nothing current. */
static void
test_old_keyring_after_passwd(void **state)
{
	struct fx *f = *state;
	unsigned char key[LOG_KEY_BYTES];
	struct log_error err;
	struct log *bo;
	bool rekeyed;

	copy_file(f->keys, f->stolen);
	log_close(&f->log);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	assert_int_equal(log_user_passwd(bo, "bo's brand new words", 20, &TEST_KDF,
	    &rekeyed, &err), LOG_OK);
	assert_true(rekeyed);
	append_note(bo, NULL, "note.added", "after the change");
	log_close(&bo);
	assert_true(unwrap_slot(f->stolen, "bo", PASS_B, key));
	assert_int_equal(raw_try_key(f->path, key), SQLITE_NOTADB);
	bo = open_as(f->path, "bo", PASS_B, LOG_E_WRONG);
	bo = open_as(f->path, "bo", "bo's brand new words", LOG_OK);
	log_close(&bo);
}

/* A caseworker unwraps his slot, turns the log key into a recovery key
 * and tries to make himself a supervisor with it: the recovery key is a
 * secret of its own now, so that opens nothing. */
static void
test_log_key_is_no_recovery_key(void **state)
{
	struct fx *f = *state;
	unsigned char key[LOG_KEY_BYTES];
	char forged[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = NULL;

	log_close(&f->log);
	assert_true(unwrap_slot(f->keys, "bo", PASS_B, key));
	recovery_encode(key, forged);
	assert_int_equal(log_open_recovery(f->path, forged, &log, &err), LOG_E_WRONG);
	assert_null(log);
	assert_non_null(strstr(err.message, "not this log's current recovery key"));
	/* The real one works, through the keyring. */
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_OK);
	log_close(&log);
}

/* Rekey waits for no one: it refuses while another session is open and
 * says who, and changes nothing. */
static void
test_rekey_refused_while_open(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	unsigned char before[32], after[32];
	size_t n;
	char *bytes = slurp(f->keys, &n);

	crypto_hash_sha256(before, (unsigned char *)bytes, n);
	free(bytes);
	assert_int_equal(log_rekey(f->log, NULL, NULL, &err), LOG_E_BUSY);
	assert_non_null(strstr(err.message, "open in another session by bo since"));
	assert_int_equal(log_user_remove(f->log, "bo", NULL, NULL, &err), LOG_E_BUSY);
	bytes = slurp(f->keys, &n);
	crypto_hash_sha256(after, (unsigned char *)bytes, n);
	free(bytes);
	assert_memory_equal(before, after, 32);
	log_close(&bo);
	/* A caseworker may not rekey at all. */
	log_close(&f->log);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	assert_int_equal(log_rekey(bo, NULL, NULL, &err), LOG_E_DENIED);
	log_close(&bo);
}

static void
progress_cb(void *ctx, int pct)
{
	int *calls = ctx;

	assert_true(pct >= 0 && pct <= 100);
	++*calls;
}

/* Rekey keeps every event, hash and summary; verify passes after it, the
 * old key opens nothing and every account still gets in. */
static void
test_rekey_keeps_everything(void **state)
{
	struct fx *f = *state;
	unsigned char old_key[LOG_KEY_BYTES], new_key[LOG_KEY_BYTES];
	struct log_error err;
	struct log *bo;
	int64_t before;
	int calls = 0;
	int i;

	for (i = 0; i < 50; i++)
		append_note(f->log, "run-1", "note.added", "Anteckning");
	before = event_count(f->log);
	log_key_of(f->path, f->recovery, old_key);
	assert_int_equal(log_rekey(f->log, progress_cb, &calls, &err), LOG_OK);
	assert_true(calls >= 1); /* at least the final 100 % */
	assert_int_equal(event_count(f->log), before + 1);
	log_key_of(f->path, f->recovery, new_key);
	assert_true(sodium_memcmp(old_key, new_key, LOG_KEY_BYTES) != 0);
	assert_int_equal(raw_try_key(f->path, old_key), SQLITE_NOTADB);
	assert_int_equal(raw_try_key(f->path, new_key), SQLITE_OK);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	log_close(&bo);
	/* No temporary file is left behind. */
	{
		char *pending = xasprintf("%s.new", f->keys);

		assert_int_not_equal(access(pending, F_OK), 0);
		free(pending);
	}
}

/* A new recovery key: the old one opens nothing, the new one does. */
static void
test_recovery_new(void **state)
{
	struct fx *f = *state;
	char fresh[RECOVERY_TEXT_LEN];
	bool rekeyed;
	struct log_error err;
	struct log *log = NULL;

	assert_int_equal(log_recovery_new(f->log, fresh, NULL, NULL, &rekeyed, &err), LOG_OK);
	assert_true(rekeyed);
	assert_string_not_equal(fresh, f->recovery);
	log_close(&f->log);
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_E_WRONG);
	assert_int_equal(log_open_recovery(f->path, fresh, &log, &err), LOG_OK);
	log_close(&log);
}

/* A rekey stopped between its two renames (the new log in place, its
 * keyring still FILE.keys.new): the next open finishes it. */
static void
test_interrupted_rekey_is_finished(void **state)
{
	struct fx *f = *state;
	char *pending = xasprintf("%s.new", f->keys);
	struct log_error err;
	struct log *bo;

	copy_file(f->keys, f->stolen);
	assert_int_equal(log_rekey(f->log, NULL, NULL, &err), LOG_OK);
	log_close(&f->log);
	assert_int_equal(rename(f->keys, pending), 0);
	assert_int_equal(rename(f->stolen, f->keys), 0);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	log_close(&bo);
	assert_int_not_equal(access(pending, F_OK), 0);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	free(pending);
}

/* Keyring changes from many processes at once: none is lost. */
static void
test_concurrent_keyring_changes(void **state)
{
	struct fx *f = *state;
	enum { WORKERS = 4, ROUNDS = 5 };
	struct log_error err;
	char name[16], pass[64];
	pid_t pids[WORKERS + 1];
	int w, r, status;

	for (w = 0; w < WORKERS; w++) {
		snprintf(name, sizeof(name), "u%d", w);
		if (log_user_add(f->log, name, ROLE_CASEWORKER, PASS_B, strlen(PASS_B),
		    &TEST_KDF, &err) != LOG_OK)
			fail_msg("add %s: %s", name, err.message);
	}
	log_close(&f->log);
	for (w = 0; w <= WORKERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] != 0)
			continue;
		for (r = 0; r < ROUNDS; r++) {
			struct log *log;
			bool rekeyed;

			if (w == WORKERS) { /* a supervisor adding accounts */
				if (log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log,
				    &err) != LOG_OK)
					_exit(10);
				snprintf(name, sizeof(name), "n%d", r);
				if (log_user_add(log, name, ROLE_CASEWORKER, PASS_B,
				    strlen(PASS_B), &TEST_KDF, &err) != LOG_OK)
					_exit(11);
			} else {
				snprintf(name, sizeof(name), "u%d", w);
				if (r == 0)
					snprintf(pass, sizeof(pass), "%s", PASS_B);
				else
					snprintf(pass, sizeof(pass), "pass of %s round %d", name, r - 1);
				if (log_open(f->path, name, pass, strlen(pass), &log, &err) != LOG_OK)
					_exit(12);
				snprintf(pass, sizeof(pass), "pass of %s round %d", name, r);
				if (log_user_passwd(log, pass, strlen(pass), &TEST_KDF, &rekeyed,
				    &err) != LOG_OK)
					_exit(13);
			}
			log_close(&log);
		}
		_exit(0);
	}
	for (w = 0; w <= WORKERS; w++) {
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	for (w = 0; w < WORKERS; w++) {
		struct log *log;

		snprintf(name, sizeof(name), "u%d", w);
		snprintf(pass, sizeof(pass), "pass of %s round %d", name, ROUNDS - 1);
		log = open_as(f->path, name, pass, LOG_OK);
		log_close(&log);
	}
	for (r = 0; r < ROUNDS; r++) {
		struct log *log;

		snprintf(name, sizeof(name), "n%d", r);
		log = open_as(f->path, name, PASS_B, LOG_OK);
		log_close(&log);
	}
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	/* setup's 3 + 4 adds + 20 passphrase changes + 5 adds, and a rekey
	 * for each change that found the log to itself */
	assert_int_equal(event_count(f->log) - count_type(f->log, "log.rekeyed"),
	    3 + WORKERS + WORKERS * ROUNDS + ROUNDS);
}

/* A slot planted with an absurd key derivation cost would hang rutin for
 * hours or exhaust memory: it is refused as damage. */
static void
test_planted_slot_cost_refused(void **state)
{
	struct fx *f = *state;
	size_t n;
	char *bytes, *at, *planted;
	struct log_error err;
	struct log *log = NULL;
	FILE *out;

	log_close(&f->log);
	bytes = slurp(f->keys, &n);
	at = strstr(bytes, "account bo argon2id13 1 8192 ");
	assert_non_null(at);
	at[strlen("account bo argon2id13 ")] = '\0';
	planted = xasprintf("%s4000000000 8192 %s", bytes,
	    at + strlen("account bo argon2id13 1 8192 "));
	out = fopen(f->keys, "w");
	fputs(planted, out);
	fclose(out);
	assert_int_equal(log_open(f->path, "bo", PASS_B, strlen(PASS_B), &log, &err),
	    LOG_E_CORRUPT);
	assert_non_null(strstr(err.message, "out of bounds"));
	free(bytes);
	free(planted);
}

/* Damage in the first page, found once the key is proven by the slot, is
 * damage (exit 1), never "wrong passphrase". */
static void
test_damaged_first_page_is_damage(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;
	FILE *fp;
	int c;

	log_close(&f->log);
	fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	fseek(fp, 200, SEEK_SET);
	c = fgetc(fp);
	fseek(fp, 200, SEEK_SET);
	fputc(c ^ 0x01, fp);
	fclose(fp);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_CORRUPT);
	assert_non_null(strstr(err.message, "damaged"));
	assert_null(strstr(err.message, "wrong account or passphrase"));
	/* A wrong passphrase is still only that. */
	assert_int_equal(log_open(f->path, "anna", "not the passphrase", 18, &log, &err),
	    LOG_E_WRONG);
}

/* ---- One session at a time on a run ---- */

static void
test_run_lease(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *bo = open_as(f->path, "bo", PASS_B, LOG_OK), *bo2;
	pid_t pid;
	int status;

	assert_int_equal(log_run_take(bo, "run-1", false, &err), LOG_OK);
	assert_int_equal(log_run_take(bo, "run-1", false, &err), LOG_OK); /* again: mine */
	/* bo in a second terminal: refused, and told who and since when. */
	bo2 = open_as(f->path, "bo", PASS_B, LOG_OK);
	assert_int_equal(log_run_take(bo2, "run-1", false, &err), LOG_E_BUSY);
	assert_non_null(strstr(err.message, "open in another session by bo since"));
	/* Only a supervisor may take it over while the first is there. */
	assert_int_equal(log_run_take(bo2, "run-1", true, &err), LOG_E_DENIED);
	assert_int_equal(log_run_take(f->log, "run-1", true, &err), LOG_OK);
	assert_int_equal(log_run_take(bo, "run-1", false, &err), LOG_E_BUSY);
	log_run_release(f->log, "run-1");
	assert_int_equal(log_run_take(bo2, "run-1", false, &err), LOG_OK);
	/* Closing gives back what a session held. */
	log_close(&bo2);
	assert_int_equal(log_run_take(bo, "run-1", false, &err), LOG_OK);
	log_close(&bo);
	/* A session that dies holding a run: its lease is taken over. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct log *dying = open_as(f->path, "bo", PASS_B, LOG_OK);

		_exit(log_run_take(dying, "run-2", false, &err) == LOG_OK ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	assert_int_equal(log_run_take(bo, "run-2", false, &err), LOG_OK);
	log_close(&bo);
}

/* ---- A log made by rutin 0.1 ---- */

/* The log as rutin 0.1 made it (tests/unit/dbhelp.c), in f's files. */
static void
make_legacy(struct fx *f, int notes, bool run)
{
	log_close(&f->log);
	legacy_log_write(f->path, f->keys, PASS_A, notes, run, f->recovery);
}

static void
test_upgrade_from_0_1(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;
	bool upgraded;
	size_t n;
	char *bytes;

	make_legacy(f, 3, false);
	bytes = slurp(f->path, &n);
	free(bytes);
	assert_int_equal(n % 1024, 0);
	/* Every other way in says what to do. */
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_OLD);
	assert_non_null(strstr(err.message, "rutin upgrade"));
	assert_int_equal(log_upgrade(f->path, "anna", "wrong passphrase!", 17, false,
	    NULL, NULL, &upgraded, &err), LOG_E_WRONG);
	if (log_upgrade(f->path, "anna", PASS_A, strlen(PASS_A), false, NULL, NULL,
	    &upgraded, &err) != LOG_OK)
		fail_msg("upgrade: %s", err.message);
	assert_true(upgraded);
	log = open_as(f->path, "anna", PASS_A, LOG_OK);
	/* 5 of 0.1, log.upgraded, and anna's new key registered */
	assert_int_equal(event_count(log), 5 + 1 + 1);
	assert_int_equal(count_type(log, "account.key_registered"), 1);
	append_note(log, NULL, "note.added", "signed from now on");
	assert_int_equal(event_count(log), 8);
	log_close(&log);
	/* SQLCipher 4's format now, and anna's slot is of today's kind. */
	assert_true(file_contains(f->keys, "rutin-keyring 2\naccount anna ", 29));
	{
		unsigned char key[LOG_KEY_BYTES];

		assert_true(unwrap_slot(f->keys, "anna", PASS_A, key));
		assert_int_equal(raw_try_key(f->path, key), SQLITE_OK);
	}
	/* Again: nothing to do. */
	assert_int_equal(log_upgrade(f->path, "anna", PASS_A, strlen(PASS_A), false,
	    NULL, NULL, &upgraded, &err), LOG_OK);
	assert_false(upgraded);
	/* A new recovery key (anna's is the only slot, now replaced), and
	 * with it a rekey. */
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_int_equal(log_recovery_new(f->log, f->recovery, NULL, NULL, &upgraded,
	    &err), LOG_OK);
	assert_true(upgraded); /* rekeyed */
	event_count(f->log);
}

/* 0.1 counted deviation reasons in runs.deviations; 0.2 counts steps
 * whose reason stands. The upgrade recomputes the summaries, so the run
 * answered after two reasons shows none, and verify agrees. */
static void
test_upgrade_recomputes_deviations(void **state)
{
	struct fx *f = *state;
	struct log_run_info *runs = NULL;
	struct log_verify r;
	struct log_error err;
	bool upgraded;
	size_t n = 0;

	make_legacy(f, 1, true);
	if (log_upgrade(f->path, "anna", PASS_A, strlen(PASS_A), false, NULL, NULL,
	    &upgraded, &err) != LOG_OK)
		fail_msg("upgrade: %s", err.message);
	assert_true(upgraded);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_int_equal(log_open_runs(f->log, NULL, &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(runs[0].case_ref, "KF 2026/7");
	assert_int_equal(runs[0].deviations, 0);
	free(runs);
	if (log_verify(f->log, &r, &err) != LOG_OK)
		fail_msg("verify: %s", r.problem);
}

/* A 0.1 log whose only way in is 0.1's recovery key (the raw log key):
 * upgraded with it, it gets a recovery key of today's kind that signs,
 * and through it a new supervisor. */
static void
test_upgrade_with_the_recovery_key_only(void **state)
{
	struct fx *f = *state;
	char fresh[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = NULL;
	bool upgraded, rekeyed;

	make_legacy(f, 2, false);
	if (log_upgrade(f->path, "(recovery)", f->recovery, strlen(f->recovery), true,
	    NULL, NULL, &upgraded, &err) != LOG_OK)
		fail_msg("upgrade: %s", err.message);
	assert_true(upgraded);
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_OK);
	/* It cannot sign: writing is refused, and says what to do. */
	assert_int_equal(log_user_add(log, "ny-chef", ROLE_SUPERVISOR, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "rutin recovery new"));
	/* Without the keyring no rekey may happen: its new key would be
	 * sealed to no one. */
	{
		char *saved = xasprintf("%s.saved", f->keys);
		struct log *raw = NULL;

		log_close(&log);
		assert_int_equal(rename(f->keys, saved), 0);
		assert_int_equal(log_open_recovery(f->path, f->recovery, &raw, &err), LOG_OK);
		assert_int_not_equal(log_rekey(raw, NULL, NULL, &err), LOG_OK);
		log_close(&raw);
		assert_int_equal(rename(saved, f->keys), 0);
		free(saved);
		assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_OK);
	}
	/* anna's slot of 0.1 remains: a new recovery key, no rekey yet. */
	assert_int_equal(log_recovery_new(log, fresh, NULL, NULL, &rekeyed, &err), LOG_OK);
	assert_false(rekeyed);
	assert_int_equal(log_user_add(log, "ny-chef", ROLE_SUPERVISOR, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	log_close(&log);
	assert_int_equal(log_open_recovery(f->path, fresh, &log, &err), LOG_OK);
	event_count(log);
	log_close(&log);
	f->log = open_as(f->path, "ny-chef", PASS_B, LOG_OK);
	event_count(f->log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_removed_account_reads_nothing_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_keyring_after_passwd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_key_is_no_recovery_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rekey_refused_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rekey_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_rekey_is_finished, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_keyring_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planted_slot_cost_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_first_page_is_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_recomputes_deviations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_from_0_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_with_the_recovery_key_only, setup, teardown),
	};

	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}

/* Seals kept outside the log, tried as an attacker would: an older copy
 * of the file put back, the WAL of a killed session deleted or damaged, a
 * log cut and continued (journald's CVE-2023-31438), a seal made with a
 * key its signer got later (CVE-2023-31439). Slots use TEST_KDF. */
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
#include "db/seal.h"

struct fx {
	char *dir;
	char *path;
	char *seals;
	char *wal;
	struct log *log;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->seals = xasprintf("%s/seals.txt", f->dir);
	f->wal = xasprintf("%s/log.db-wal", f->dir);
	f->log = make_log(f->path, NULL);
	append_note(f->log, "run-1", "note.added", "Första");
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
	free(f->seals);
	free(f->wal);
	free(f);
	return 0;
}

/* Seals the log and keeps the line in the seal file, as syslog would. */
static void
seal_to_file(struct fx *f, struct log *log)
{
	char line[LOG_SEAL_LEN];
	struct log_error err;
	FILE *out;

	if (log_seal(log, line, &err) != LOG_OK)
		fail_msg("seal: %s", err.message);
	out = fopen(f->seals, "a");
	assert_non_null(out);
	/* as a syslog export has it, with a prefix */
	fprintf(out, "Nov 28 14:02:11 srv rutin[4711]: %s\n", line);
	fclose(out);
}

static enum log_status
verify_with_seals(struct fx *f, const char *log_id, struct log_verify *r,
    struct log_seal_report *sr)
{
	struct log_error err;
	enum log_status s;
	FILE *in = fopen(f->seals, "r");

	if (f->log == NULL)
		f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	s = log_verify_seals(f->log, in, 0, log_id, r, sr, &err);
	if (in != NULL)
		fclose(in);
	return s;
}

static void
test_seal_line_and_tail(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;
	char line[LOG_SEAL_LEN];
	struct log_error err;

	seal_to_file(f, f->log);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_OK);
	assert_int_equal(sr.seals, 1);
	assert_int_equal(sr.newest_seq, 4);
	assert_int_equal(sr.tail_events, 0);
	append_note(f->log, "run-1", "note.added", "Andra");
	append_note(f->log, "run-1", "note.added", "Tredje");
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_OK);
	assert_int_equal(sr.tail_events, 2);
	assert_true(sr.tail_since > 0);
	/* The line holds no personal data: no case text, no note. */
	assert_int_equal(log_seal(f->log, line, &err), LOG_OK);
	assert_non_null(strstr(line, "rutin-seal/1 log="));
	assert_non_null(strstr(line, " signer=anna accounts=anna:supervisor"));
	assert_non_null(strstr(line, " sig="));
	assert_null(strstr(line, "Andra"));
}

/* An older copy of the file put back: the seal names an event that is
 * no longer there. No key is needed for this attack. */
static void
test_older_copy_put_back(void **state)
{
	struct fx *f = *state;
	char *old = xasprintf("%s/old.db", f->dir);
	struct log_seal_report sr;
	struct log_verify r;

	log_close(&f->log);
	copy_file(f->path, old);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	append_note(f->log, "run-1", "note.added", "Efter kopian");
	seal_to_file(f, f->log);
	log_close(&f->log);
	assert_int_equal(rename(old, f->path), 0);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "rolled back"));
	/* Without the seals, verify cannot tell (it says so on the command
	 * line): the older copy is a consistent log. */
	{
		struct log_error err;

		assert_int_equal(log_verify(f->log, &r, &err), LOG_OK);
	}
	free(old);
}

/* A session killed after sealing; its WAL deleted or damaged near the
 * end. SQLite takes a bad frame for the end of the WAL, by design. */
static void
kill_after_sealing(struct fx *f)
{
	pid_t pid;
	int status;

	log_close(&f->log);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct log *log = open_as(f->path, "anna", PASS_A, LOG_OK);

		append_note(log, "run-1", "note.added", "Före döden");
		seal_to_file(f, log);
		_exit(0); /* killed: no close, no checkpoint */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(access(f->wal, F_OK), 0);
}

static void
test_wal_deleted(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;

	kill_after_sealing(f);
	assert_int_equal(unlink(f->wal), 0);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "rolled back"));
}

static void
test_wal_end_damaged(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;
	struct stat st;
	FILE *w;
	int c;

	kill_after_sealing(f);
	assert_int_equal(stat(f->wal, &st), 0);
	w = fopen(f->wal, "r+b");
	assert_non_null(w);
	fseek(w, st.st_size - 100, SEEK_SET);
	c = fgetc(w);
	fseek(w, st.st_size - 100, SEEK_SET);
	fputc(c ^ 0x01, w);
	fclose(w);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "rolled back"));
}

/* Cut back to an older copy and continued past the seal's event: the
 * event at the sealed position is another one (CVE-2023-31438). */
static void
test_truncated_and_continued(void **state)
{
	struct fx *f = *state;
	char *old = xasprintf("%s/old.db", f->dir);
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	int i;

	log_close(&f->log);
	copy_file(f->path, old);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	append_note(f->log, "run-1", "note.added", "Bortklippt");
	seal_to_file(f, f->log);
	log_close(&f->log);
	assert_int_equal(rename(old, f->path), 0);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	for (i = 0; i < 5; i++)
		append_note(f->log, "run-1", "note.added", "Fortsättning");
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "rewritten at or below the seal"));
	/* anna's session remembered her seal (event 5); her first event in
	 * the older copy names it, so the cut shows from there too (her own
	 * chain, db/own.c), with seals or without. */
	assert_int_equal(r.first_bad_seq, 4);
	assert_non_null(strstr(r.problem, "event 4 (note.added by anna): it names "
	    "as the previous event of 'anna' one"));
	assert_int_equal(log_verify(f->log, &r, &err), LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 4);
	free(old);
}

/* A seal signed with a key its signer got only later is refused
 * (CVE-2023-31439): the key must be the one held at the seal's event. */
static void
test_seal_with_a_later_key(void **state)
{
	struct fx *f = *state;
	unsigned char *sk = sodium_malloc(64), key[LOG_KEY_BYTES], msg[44];
	char line[LOG_SEAL_LEN], sig_hex[129], *keys = xasprintf("%s.keys", f->path);
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	struct keyring *kr = NULL;
	char *m = NULL, *at;
	unsigned char hash[32], sig[64];
	bool rekeyed;
	FILE *out;

	assert_int_equal(log_seal(f->log, line, &err), LOG_OK);
	assert_int_equal(log_user_passwd(f->log, "anna's later words", 18, &TEST_KDF,
	    &rekeyed, &err), LOG_OK);
	/* The later key signs the sealed event's hash. */
	assert_int_equal(keyring_load(keys, &kr, &m), KEYRING_OK);
	assert_int_equal(keyring_unlock(kr, "anna", "anna's later words", 18, key, sk,
	    NULL, NULL), KEYRING_OK);
	keyring_free(&kr);
	at = strstr(line, " head=");
	assert_non_null(at);
	assert_int_equal(sodium_hex2bin(hash, 32, at + 6, 64, NULL, NULL, NULL), 0);
	memcpy(msg, "rutin-sig/1\n", 12);
	memcpy(msg + 12, hash, 32);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, 64);
	at = strstr(line, " sig=");
	memcpy(at + 5, sig_hex, 128);
	out = fopen(f->seals, "w");
	fprintf(out, "%s\n", line);
	fclose(out);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "not signed by a key 'anna' held at that point"));
	sodium_free(sk);
	free(keys);
}

/* Lines of other logs and lines that only look like seals are counted,
 * not trusted. */
static void
test_other_and_unreadable_lines(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;
	FILE *out;

	seal_to_file(f, f->log);
	out = fopen(f->seals, "a");
	fputs("rutin-seal/1 log=00000000000000000000000000000000000000000000000000"
	    "00000000000000 seq=1 head=0000000000000000000000000000000000000000000"
	    "000000000000000000000 time=1 at=x signer=x sig=" "0000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000\n", out);
	fputs("rutin-seal/1 log=garbage\n", out);
	fputs("an unrelated syslog line\n", out);
	fclose(out);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_OK);
	assert_int_equal(sr.seals, 1);
	assert_int_equal(sr.other_logs, 1);
	assert_int_equal(sr.unreadable, 1);
}

/* A seal never vouches for what is below it: a signature damaged below
 * a matching seal is found as plain verify finds it (before issue 25 the
 * seal switched signature checks off below it). */
static void
test_seal_skips_nothing(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;
	unsigned char key[LOG_KEY_BYTES];
	struct log_error err;
	sqlite3 *db;

	seal_to_file(f, f->log);
	append_note(f->log, "run-1", "note.added", "Efter sigillet");
	log_close(&f->log);
	{
		char *keys = xasprintf("%s.keys", f->path);

		assert_true(unwrap_slot(keys, "anna", PASS_A, key));
		free(keys);
	}
	db = raw_open_key(f->path, key);
	raw_tamper(db, "UPDATE events SET sig = zeroblob(64) WHERE seq = 3;");
	sqlite3_close(db);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 3);
	assert_int_equal(log_verify(f->log, &r, &err), LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 3);
}

/* The identity: a log whose first event is another is refused when the
 * identity is given, whatever seals it has of its own; a malformed one is
 * no identity. */
static void
test_identity(void **state)
{
	struct fx *f = *state;
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	char real[65], *other = xasprintf("%s/other.db", f->dir);
	struct log *fake;

	assert_int_equal(log_identity(f->log, real, &err), LOG_OK);
	assert_true(log_id_valid(real));
	assert_false(log_id_valid("ABC"));
	seal_to_file(f, f->log);
	assert_int_equal(verify_with_seals(f, real, &r, &sr), LOG_OK);
	assert_int_equal(sr.seals, 1);
	/* The attacker's log, made from its first event with keys of his own,
	 * with a seal of its own in the same store. */
	fake = make_log(other, NULL);
	append_note(fake, "run-1", "note.added", "Första");
	log_close(&f->log);
	f->log = fake;
	seal_to_file(f, f->log);
	assert_int_equal(verify_with_seals(f, NULL, &r, &sr), LOG_OK);
	assert_int_equal(sr.other_logs, 1); /* the real log's seal, "another log" */
	assert_int_equal(verify_with_seals(f, real, &r, &sr), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "this is not the log"));
	assert_int_equal(r.first_bad_seq, 1);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seal_line_and_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_copy_put_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_end_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_and_continued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seal_with_a_later_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_and_unreadable_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seal_skips_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
	};

	return cmocka_run_group_tests_name("seals", tests, NULL, NULL);
}

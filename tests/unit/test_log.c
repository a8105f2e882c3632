/* The encrypted log: keys and accounts, encryption on disk, events and
 * the chain, and what verify finds after tampering. Slots use TEST_KDF. */
#include "config.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "db/log_impl.h"
#include "common/xalloc.h"
#include "db/sigpool.h"

struct fx {
	char *dir;
	char *path;
	char *keys;
	char recovery[RECOVERY_TEXT_LEN];
	struct log *log;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->keys = xasprintf("%s/log.db.keys", f->dir);
	f->log = make_log(f->path, f->recovery);
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
	free(f);
	return 0;
}

static struct log_verify
verify_of(struct log *log, enum log_status expect)
{
	struct log_verify r;
	struct log_error err;
	enum log_status s = log_verify(log, &r, &err);

	if (s != expect)
		fail_msg("verify: %d, expected %d: %s", s, expect, r.problem);
	return r;
}

static void
test_create_and_unlock(void **state)
{
	struct fx *f = *state;
	struct stat st;
	struct log *log;
	struct log_error err;
	char again[RECOVERY_TEXT_LEN];

	struct rlimit core;

	assert_string_equal(log_user(f->log), "anna");
	assert_int_equal(log_role(f->log), ROLE_SUPERVISOR);
	/* No core dumps while a log is open. */
	assert_int_equal(getrlimit(RLIMIT_CORE, &core), 0);
	assert_int_equal(core.rlim_cur, 0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	/* Both files are private. */
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->keys, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The recovery key: 14 groups, and it round-trips. */
	assert_int_equal(strlen(f->recovery), 55 + 13);
	log_close(&f->log);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_true(log_slot_is_weak(log)); /* TEST_KDF is below the default */
	log_close(&log);
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_OK);
	assert_string_equal(log_user(log), "(recovery)");
	assert_int_equal(log_role(log), ROLE_SUPERVISOR);
	log_close(&log);
	/* The same file cannot be created twice. */
	assert_int_equal(log_create(f->path, "bo", PASS_B, strlen(PASS_B), &TEST_KDF,
	    again, &log, &err), LOG_E_EXISTS);
	assert_non_null(strstr(err.message, "already exists"));
}

static const char *
pragma_text(sqlite3 *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* The file is in SQLCipher 4's own format: 4096-byte pages, HMAC-SHA512
 * per page, the salt as the first 16 bytes. A raw connection with nothing
 * but the key and salt (SQLCipher 4's defaults) reads what rutin wrote,
 * so nothing depends on a setting rutin forgot. */
static void
test_cipher_settings_pinned(void **state)
{
	struct fx *f = *state;
	unsigned char salt[16], zero[16] = { 0 };
	char buf[64];
	size_t n;
	char *bytes;
	sqlite3 *db;

	append_note(f->log, NULL, "note.added", "Sidor");
	log_close(&f->log);
	bytes = slurp(f->path, &n);
	memcpy(salt, bytes, 16);
	free(bytes);
	assert_true(memcmp(salt, zero, 16) != 0);
	assert_int_equal(n % 4096, 0);
	db = raw_open(f->path, f->recovery);
	assert_string_equal(pragma_text(db, "PRAGMA cipher_page_size;", buf, sizeof(buf)), "4096");
	assert_string_equal(pragma_text(db, "PRAGMA cipher_use_hmac;", buf, sizeof(buf)), "1");
	assert_string_equal(pragma_text(db, "PRAGMA cipher_hmac_algorithm;", buf,
	    sizeof(buf)), "HMAC_SHA512");
	assert_true(strncmp(pragma_text(db, "PRAGMA cipher_version;", buf, sizeof(buf)),
	    "4.", 2) == 0);
	assert_string_equal(pragma_text(db, "PRAGMA journal_mode;", buf, sizeof(buf)), "wal");
	assert_string_equal(pragma_text(db, "SELECT count(*) FROM events;", buf, sizeof(buf)), "3");
	sqlite3_close(db);
}

static void
test_wrong_passphrase_changes_nothing(void **state)
{
	struct fx *f = *state;
	unsigned char before[32], after[32];
	struct log_error err;
	struct log *log;
	size_t n;
	char *bytes;
	char typo[RECOVERY_TEXT_LEN];

	log_close(&f->log);
	bytes = slurp(f->path, &n);
	crypto_hash_sha256(before, (unsigned char *)bytes, n);
	free(bytes);
	log = open_as(f->path, "anna", "wrong passphrase!", LOG_E_WRONG);
	log = open_as(f->path, "nobody", PASS_A, LOG_E_WRONG);
	assert_int_equal(log_open(f->path, "nobody", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_WRONG);
	/* The same words whether the account exists or not. */
	assert_non_null(strstr(err.message, "wrong account or passphrase"));
	memcpy(typo, f->recovery, sizeof(typo));
	typo[0] = typo[0] == 'A' ? 'B' : 'A';
	assert_int_equal(log_open_recovery(f->path, typo, &log, &err), LOG_E_WRONG);
	assert_non_null(strstr(err.message, "not a valid recovery key"));
	bytes = slurp(f->path, &n);
	crypto_hash_sha256(after, (unsigned char *)bytes, n);
	free(bytes);
	assert_memory_equal(before, after, 32);
}

static void
test_encrypted_on_disk(void **state)
{
	struct fx *f = *state;
	static const char note[] = "Hemlig anteckning 4711 om mötet";
	char *wal = xasprintf("%s-wal", f->path);
	unsigned char key[LOG_KEY_BYTES];
	char hex[2 * LOG_KEY_BYTES + 1];

	append_note(f->log, NULL, "note.added", note);
	assert_false(file_contains(f->path, "SQLite format 3", 15));
	assert_false(file_contains(f->path, note, strlen(note)));
	assert_false(file_contains(f->path, "anna", 4));
	if (access(wal, F_OK) == 0)
		assert_false(file_contains(wal, note, strlen(note)));
	/* The keyring holds no key and no passphrase, in any form. */
	log_key_of(f->path, f->recovery, key);
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	assert_false(file_contains(f->keys, key, sizeof(key)));
	assert_false(file_contains(f->keys, hex, strlen(hex)));
	assert_false(file_contains(f->keys, PASS_A, strlen(PASS_A)));
	assert_false(file_contains(f->keys, f->recovery, strlen(f->recovery)));
	free(wal);
}

static unsigned
file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

static void
test_permissions_refused(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;

	log_close(&f->log);
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_PERMS);
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_non_null(strstr(err.message, f->path));
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(chmod(f->keys, 0640), 0);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_PERMS);
	assert_non_null(strstr(err.message, f->keys));
	assert_int_equal(chmod(f->keys, 0600), 0);
	/* The WAL's files too; a stale read-only index is explained. */
	{
		char *shm = xasprintf("%s-shm", f->path);
		FILE *out = fopen(shm, "w");

		fclose(out);
		assert_int_equal(chmod(shm, 0644), 0);
		assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log,
		    &err), LOG_E_PERMS);
		assert_non_null(strstr(err.message, "chmod 600"));
		/* Read-only and this account's (SQLite gave it the mode of a
		 * log made read-only with chmod 400): repaired, and it opens. */
		assert_int_equal(chmod(shm, 0400), 0);
		log = open_as(f->path, "anna", PASS_A, LOG_OK);
		assert_int_equal(file_mode(shm), 0600);
		log_close(&log);
		unlink(shm);
		free(shm);
	}
	/* Another account's: explained; a -wal is never to be deleted. */
	if (geteuid() == 0) {
		char *shm = xasprintf("%s-shm", f->path), *wal = xasprintf("%s-wal", f->path);
		FILE *out = fopen(shm, "w");

		fclose(out);
		assert_int_equal(chmod(shm, 0400), 0);
		assert_int_equal(chown(shm, 65534, 65534), 0);
		/* In use (a lock on it, as every SQLite connection holds on
		 * its -shm): explained, and left alone. */
		{
			int fd = open(shm, O_RDONLY);
			struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET,
			    .l_start = 128, .l_len = 1 };

			assert_true(fd >= 0);
			assert_int_equal(fcntl(fd, F_OFD_SETLK, &fl), 0);
			assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A),
			    &log, &err), LOG_E_PERMS);
			assert_non_null(strstr(err.message, "it is in use"));
			assert_non_null(strstr(err.message, "holds no events"));
			assert_null(strstr(err.message, "rm "));
			assert_int_equal(access(shm, F_OK), 0);
			close(fd);
		}
		/* No one uses it: removed (SQLite makes it anew), and it opens. */
		log = open_as(f->path, "anna", PASS_A, LOG_OK);
		log_close(&log);
		{
			struct stat st;

			/* Gone, or SQLite's new one: this account's, 0600. */
			if (stat(shm, &st) == 0) {
				assert_int_equal(st.st_uid, geteuid());
				assert_int_equal(st.st_mode & 07777, 0600);
			}
		}
		unlink(shm);
		out = fopen(wal, "w");
		fclose(out);
		assert_int_equal(chmod(wal, 0400), 0);
		assert_int_equal(chown(wal, 65534, 65534), 0);
		assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log,
		    &err), LOG_E_PERMS);
		assert_non_null(strstr(err.message, "Never delete it"));
		assert_null(strstr(err.message, "rm "));
		assert_null(strstr(err.message, "index"));
		unlink(wal);
		free(shm);
		free(wal);
	}
	log = open_as(f->path, "anna", PASS_A, LOG_OK);
	log_close(&log);
}

static void
test_accounts_and_roles(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *bo, *cleo;
	struct log_account *list;
	bool rekeyed;
	size_t n;

	assert_int_equal(log_user_add(f->log, "bo", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	assert_int_equal(log_user_add(f->log, "cleo", ROLE_CASEWORKER, "short", 5,
	    &TEST_KDF, &err), LOG_E_INVALID);
	assert_non_null(strstr(err.message, "at least 12 characters"));
	assert_int_equal(log_user_add(f->log, "bad name", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_E_INVALID);
	assert_int_equal(log_user_add(f->log, "bo", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_E_INVALID);
	/* A live log takes no trainer: a trainer never holds its key. */
	assert_int_equal(log_user_add(f->log, "cleo", ROLE_TRAINER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "trainer accounts belong in training logs"));
	assert_int_equal(log_user_add(f->log, "cleo", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	assert_int_equal(log_user_set_role(f->log, "cleo", ROLE_TRAINER, &err), LOG_E_DENIED);

	bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	assert_int_equal(log_role(bo), ROLE_CASEWORKER);
	/* A caseworker manages no accounts. */
	assert_int_equal(log_user_add(bo, "dan", ROLE_SUPERVISOR, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_E_DENIED);
	assert_int_equal(log_user_remove(bo, "cleo", NULL, NULL, &err), LOG_E_DENIED);
	assert_int_equal(log_user_set_role(bo, "bo", ROLE_SUPERVISOR, &err), LOG_E_DENIED);
	/* Anyone changes their own passphrase. */
	assert_int_equal(log_user_passwd(bo, "bo's brand new words", 20, &TEST_KDF,
	    &rekeyed, &err), LOG_OK);
	assert_false(rekeyed); /* anna has the log open */
	log_close(&bo);
	bo = open_as(f->path, "bo", PASS_B, LOG_E_WRONG);
	bo = open_as(f->path, "bo", "bo's brand new words", LOG_OK);
	log_close(&bo);

	/* The last supervisor stays. */
	assert_int_equal(log_user_remove(f->log, "anna", NULL, NULL, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "last supervisor"));
	assert_int_equal(log_user_set_role(f->log, "anna", ROLE_CASEWORKER, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "last supervisor"));
	assert_int_equal(log_user_set_role(f->log, "cleo", ROLE_SUPERVISOR, &err), LOG_OK);
	cleo = open_as(f->path, "cleo", PASS_B, LOG_OK);
	assert_int_equal(log_role(cleo), ROLE_SUPERVISOR);
	log_close(&cleo);

	/* A removed account cannot unlock, and its slot is gone. */
	if (log_user_remove(f->log, "bo", NULL, NULL, &err) != LOG_OK)
		fail_msg("remove bo: %s", err.message);
	bo = open_as(f->path, "bo", "bo's brand new words", LOG_E_WRONG);
	assert_false(file_contains(f->keys, "account bo ", 11));
	assert_int_equal(log_user_list(f->log, &list, &n, &err), LOG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "anna");
	assert_int_equal(list[0].role, ROLE_SUPERVISOR);
	assert_true(list[0].has_slot);
	assert_string_equal(list[1].name, "cleo");
	free(list);
	verify_of(f->log, LOG_OK);
}

/* In a training log a trainer manages accounts as a supervisor does, and
 * verify accepts what she signed; a live log refuses exercise events, and
 * a trainer's account on a live log (as an older rutin could make one,
 * here by a role change logged directly) does not open. */
static void
test_trainers_and_training_logs(void **state)
{
	struct fx *f = *state;
	struct log_field role[] = { { "name", "bo", 0 }, { "role", "trainer", 0 } };
	struct log_event_in changed = { "account.role_changed", NULL, 0, role, 2 };
	struct log_field sess[] = { { "session", "s", 0 } };
	struct log_event_in ended = { "exercise.ended", NULL, 0, sess, 1 };
	struct log_error err;
	struct log *cleo, *bo;

	struct log_field live[] = { { "case_ref", "SN 1", 0 }, { "mode", "live", 0 } };
	struct log_field training[] = { { "case_ref", "SN 1", 0 }, { "mode", "training", 0 } };
	struct log_event_in start_live = { "run.started", "r1", 0, live, 2 };
	struct log_event_in start_training = { "run.started", "r2", 0, training, 2 };

	/* The live log: no exercise, no training run. */
	assert_int_equal(log_append(f->log, &ended, NULL, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "exercises run only in a training log"));
	assert_int_equal(log_append(f->log, &start_training, NULL, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "takes live runs only"));
	assert_int_equal(log_user_add(f->log, "bo", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	assert_int_equal(log_append(f->log, &changed, NULL, &err), LOG_OK);
	assert_null(open_as(f->path, "bo", PASS_B, LOG_E_REFUSED));
	assert_int_equal(log_user_remove(f->log, "bo", NULL, NULL, &err), LOG_OK);

	/* The same log made a training log: trainers manage it; it takes
	 * no live run. */
	assert_int_equal(log_set_training(f->log, &err), LOG_OK);
	assert_int_equal(log_append(f->log, &start_live, NULL, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "takes training runs only"));
	assert_int_equal(log_user_add(f->log, "cleo", ROLE_TRAINER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	cleo = open_as(f->path, "cleo", PASS_B, LOG_OK);
	assert_true(log_manages(cleo));
	assert_int_equal(log_user_add(cleo, "dan", ROLE_CASEWORKER, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	assert_int_equal(log_append(cleo, &ended, NULL, &err), LOG_OK);
	/* anna may step down to trainer: cleo still manages; cleo then may
	 * not, being the last who does. */
	assert_int_equal(log_user_set_role(cleo, "anna", ROLE_TRAINER, &err), LOG_OK);
	assert_int_equal(log_user_set_role(cleo, "anna", ROLE_CASEWORKER, &err), LOG_OK);
	assert_int_equal(log_user_set_role(cleo, "cleo", ROLE_CASEWORKER, &err),
	    LOG_E_DENIED);
	verify_of(cleo, LOG_OK);
	bo = open_as(f->path, "dan", PASS_B, LOG_OK);
	assert_false(log_manages(bo));
	log_close(&bo);
	log_close(&cleo);
}

/* A log on a network filesystem is refused (the write-ahead log needs one
 * host); the classification by statfs(2)'s type, and a local folder. No
 * NFS server here: the refusal of a real mount is not exercised. */
static void
test_network_filesystems(void **state)
{
	struct fx *f = *state;
	struct log_error err;

	assert_string_equal(log_fs_remote_name(0x6969), "nfs");
	assert_string_equal(log_fs_remote_name(0xff534d42), "cifs");
	assert_string_equal(log_fs_remote_name(0xfe534d42), "smb2");
	assert_non_null(strstr(log_fs_remote_name(0x65735546), "sshfs"));
	assert_string_equal(log_fs_remote_name(0x01021997), "9p");
	assert_null(log_fs_remote_name(0xef53));      /* ext2/3/4 */
	assert_null(log_fs_remote_name(0x01021994));  /* tmpfs */
	assert_null(log_fs_remote_name(0x58465342));  /* xfs */
	assert_null(log_fs_remote_name(0x9123683e));  /* btrfs */
	assert_int_equal(log_fs_check(f->path, &err), LOG_OK);
}

struct collected {
	char types[1024];
	size_t count;
	int64_t last_seq;
	struct log *log;        /* collect_nested reads from it */
};

static int
collect(void *ctx, const struct log_event *ev)
{
	struct collected *c = ctx;

	strncat(c->types, ev->type, sizeof(c->types) - strlen(c->types) - 2); /* banned-ok */
	strcat(c->types, " "); /* banned-ok: bounded above */
	c->count++;
	c->last_seq = ev->seq;
	return 0;
}

/* collect, and after each event run-2's events in brackets. */
static int
collect_nested(void *ctx, const struct log_event *ev)
{
	struct collected *c = ctx;
	struct log_error err;

	collect(c, ev);
	strcat(c->types, "["); /* banned-ok: the buffer is far from full here */
	if (log_events(c->log, "run-2", NULL, collect, c, &err) != LOG_OK)
		return 1;
	strcat(c->types, "] "); /* banned-ok: likewise */
	return 0;
}

static void
test_events_and_summaries(void **state)
{
	struct fx *f = *state;
	struct log_field started[] = {
		{ "routine_id", "kontaktforbud", 0 }, { "routine_version", NULL, 3 },
		{ "routine_hash", "ab12", 0 }, { "case_ref", "SN 2025/1234", 0 },
		{ "mode", "live", 0 },
	};
	struct log_event_in ev = { "run.started", "run-1", 0, started, 5 };
	struct log_field bad[] = { { "Bad Name", "x", 0 } };
	struct log_event_in bad_ev = { "note.added", NULL, 0, bad, 1 };
	struct log_error err;
	struct collected c;
	int64_t seq;

	assert_int_equal(log_append(f->log, &ev, &seq, &err), LOG_OK);
	assert_int_equal(seq, 3); /* log.created, account.added, this */
	append_note(f->log, "run-1", "deviation.recorded", "Saknas");
	append_note(f->log, "run-2", "note.added", "annan genomgång");
	append_note(f->log, "run-1", "run.completed", "klar");
	assert_int_equal(log_append(f->log, &bad_ev, NULL, &err), LOG_E_INVALID);
	bad_ev.type = "Not A Type";
	assert_int_equal(log_append(f->log, &bad_ev, NULL, &err), LOG_E_INVALID);

	memset(&c, 0, sizeof(c));
	assert_int_equal(log_events(f->log, NULL, NULL, collect, &c, &err), LOG_OK);
	assert_string_equal(c.types, "log.created account.added run.started "
	    "deviation.recorded note.added run.completed ");
	memset(&c, 0, sizeof(c));
	assert_int_equal(log_events(f->log, "run-1", NULL, collect, &c, &err), LOG_OK);
	assert_string_equal(c.types, "run.started deviation.recorded run.completed ");
	memset(&c, 0, sizeof(c));
	assert_int_equal(log_events(f->log, NULL, "nobody", collect, &c, &err), LOG_OK);
	assert_int_equal(c.count, 0);
	/* A run's events are read through a kept statement; reading another
	 * run's from within the callback must not disturb the first read. */
	memset(&c, 0, sizeof(c));
	c.log = f->log;
	assert_int_equal(log_events(f->log, "run-1", NULL, collect_nested, &c, &err), LOG_OK);
	assert_string_equal(c.types, "run.started [note.added ] deviation.recorded "
	    "[note.added ] run.completed [note.added ] ");
	memset(&c, 0, sizeof(c));
	assert_int_equal(log_events(f->log, "run-1", NULL, collect, &c, &err), LOG_OK);
	assert_string_equal(c.types, "run.started deviation.recorded run.completed ");
	verify_of(f->log, LOG_OK);
}

/* Appends `type` to run `run` at `time` (ms). */
static void
append_at(struct log *log, const char *run, const char *type, int64_t time)
{
	struct log_field started[] = { { "routine_id", "kontaktforbud", 0 },
		{ "routine_version", NULL, 3 }, { "routine_hash", "ab12", 0 },
		{ "case_ref", "SN 2025/1234", 0 }, { "mode", "live", 0 } };
	struct log_field step[] = { { "step", "s1", 0 }, { "text", "ja", 0 } };
	bool start = strcmp(type, "run.started") == 0;
	struct log_event_in ev = { type, run, time, start ? started : step, start ? 5 : 2 };
	struct log_error err;

	assert_int_equal(log_append(log, &ev, NULL, &err), LOG_OK);
}

/* A period's events come run after run in the order of the runs' starts
 * (then as stored), each run's in sequence, though the runs' events are
 * interleaved in the log; runs started outside the period are left out;
 * and SQLite reads them along the indexes, without sorting. */
static void
test_period_events(void **state)
{
	struct fx *f = *state;
	const int64_t day = 86400000, t = (int64_t)1790000000 * 1000;
	struct log_error err;
	struct collected c;
	char plan[4096] = "", *sql;
	sqlite3_stmt *st;

	append_at(f->log, "late", "run.started", t + 2 * day);
	append_at(f->log, "early", "run.started", t + day);
	append_at(f->log, "before", "run.started", t - day);
	append_at(f->log, "late", "step.answered", t + 2 * day + 1);
	append_at(f->log, "early", "step.answered", t + day + 1);
	append_at(f->log, "tie", "run.started", t + day);
	append_at(f->log, "early", "run.completed", t + day + 2);
	append_at(f->log, "tie", "step.answered", t + day + 3);

	memset(&c, 0, sizeof(c));
	assert_int_equal(log_period_events(f->log, t, t + 3 * day, collect, &c, &err), LOG_OK);
	assert_string_equal(c.types, "run.started step.answered run.completed "
	    "run.started step.answered run.started step.answered ");
	memset(&c, 0, sizeof(c));
	assert_int_equal(log_period_events(f->log, t, t + 2 * day, collect, &c, &err), LOG_OK);
	assert_int_equal(c.count, 5); /* early's three, tie's two */
	memset(&c, 0, sizeof(c));
	assert_int_equal(log_period_events(f->log, 0, 0, collect, &c, &err), LOG_OK);
	assert_int_equal(c.count, 8);
	assert_string_equal(c.types, "run.started run.started step.answered run.completed "
	    "run.started step.answered run.started step.answered ");

	sql = xasprintf("EXPLAIN QUERY PLAN %s", log_sql_period_events);
	assert_int_equal(sqlite3_prepare_v2(f->log->db, sql, -1, &st, NULL), SQLITE_OK);
	free(sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strncat(plan, (const char *)sqlite3_column_text(st, 3), /* banned-ok */
		    sizeof(plan) - strlen(plan) - 2);
		strcat(plan, "\n"); /* banned-ok: bounded above */
	}
	sqlite3_finalize(st);
	assert_non_null(strstr(plan, "runs_by_started"));
	assert_non_null(strstr(plan, "events_by_run"));
	assert_null(strstr(plan, "TEMP B-TREE"));
}

/* Flips 16 bytes at `offset` of the closed log's file. */
static void
flip_bytes(const char *path, size_t offset)
{
	size_t n, i;
	char *bytes = slurp(path, &n);
	FILE *out;

	assert_true(n > offset + 16);
	for (i = offset; i < offset + 16; i++)
		bytes[i] ^= 0x5a;
	out = fopen(path, "wb");
	fwrite(bytes, 1, n, out);
	fclose(out);
	free(bytes);
}

/* Signatures are checked on worker threads in batches: whatever the
 * number of threads, the first bad event is the smallest, across
 * batches, and the rest of verify is unchanged. */
static void
test_verify_on_threads(void **state)
{
	static const int threads[] = { 1, 2, 4 };
	struct fx *f = *state;
	struct log_verify r;
	sqlite3 *db;
	size_t i;

	for (i = 0; i < 5000; i++)
		append_note(f->log, "run-1", "note.added", "n");
	verify_of(f->log, LOG_OK);
	log_close(&f->log);
	db = raw_open(f->path, f->recovery);
	raw_exec(db, "DROP TRIGGER events_no_update;"
	    "UPDATE events SET sig = zeroblob(64) WHERE seq IN (4500, 3000);");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		log_set_verify_threads(threads[i]);
		r = verify_of(f->log, LOG_E_CORRUPT);
		assert_int_equal(r.first_bad_seq, 3000);
		assert_non_null(strstr(r.problem, "event 3000 (note.added by anna): its "
		    "signature is not that of 'anna'"));
		assert_null(strstr(r.problem, "event 4500"));
	}
	log_set_verify_threads(0);
}

static void
test_tamper_flip_bytes(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;
	struct log_verify r;
	size_t i, n;
	char *bytes;

	for (i = 0; i < 40; i++)
		append_note(f->log, "run-1", "note.added", "Fyllnad för fler sidor i filen");
	log_close(&f->log);
	bytes = slurp(f->path, &n);
	free(bytes);
	/* A page of events: the log opens, verify finds the damage. */
	flip_bytes(f->path, n - 600);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_OK);
	r = verify_of(log, LOG_E_CORRUPT);
	assert_true(strlen(r.problem) > 0);
	log_close(&log);
	/* The page with the log's metadata: opening already says "damaged". */
	flip_bytes(f->path, 2048);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_CORRUPT);
	assert_non_null(strstr(err.message, "damaged"));
}

static void
test_tamper_edit_event(void **state)
{
	struct fx *f = *state;
	struct log_verify r;
	sqlite3 *db;

	append_note(f->log, "run-1", "note.added", "Första");
	append_note(f->log, "run-1", "note.added", "Andra");
	append_note(f->log, "run-1", "note.added", "Tredje");
	log_close(&f->log);
	/* An attacker with the key removes the guard, edits event 4, and puts
	 * the guard back. */
	db = raw_open(f->path, f->recovery);
	raw_tamper(db, "UPDATE events SET fields = '{\"text\":\"Ändrad\"}' WHERE seq = 4;");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	r = verify_of(f->log, LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 4);
	assert_non_null(strstr(r.problem, "event 4 was altered"));
}

static void
test_tamper_guard_removed(void **state)
{
	struct fx *f = *state;
	struct log_verify r;
	sqlite3 *db;

	log_close(&f->log);
	db = raw_open(f->path, f->recovery);
	raw_exec(db, "DROP TRIGGER events_no_delete;");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	r = verify_of(f->log, LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "append-only guards"));
}

static void
test_tamper_delete_last_event(void **state)
{
	struct fx *f = *state;
	struct log_field started[] = { { "case_ref", "SN 1", 0 } };
	struct log_event_in ev = { "run.started", "run-9", 0, started, 1 };
	struct log_verify r;
	struct log_error err;
	sqlite3 *db;

	assert_int_equal(log_append(f->log, &ev, NULL, &err), LOG_OK);
	append_note(f->log, "run-9", "run.completed", "klar");
	log_close(&f->log);
	db = raw_open(f->path, f->recovery);
	raw_tamper(db, "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	/* The chain is still whole; the run summary still says completed. */
	r = verify_of(f->log, LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 0);
	assert_non_null(strstr(r.problem, "run summaries do not match"));
	/* A supervisor can rebuild the summaries from what is there. */
	assert_int_equal(log_rebuild(f->log, &err), LOG_OK);
	verify_of(f->log, LOG_OK);
}

static void
test_missing_event_in_the_middle(void **state)
{
	struct fx *f = *state;
	struct log_verify r;
	sqlite3 *db;

	append_note(f->log, NULL, "note.added", "ett");
	append_note(f->log, NULL, "note.added", "två");
	log_close(&f->log);
	db = raw_open(f->path, f->recovery);
	raw_exec(db, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3;");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	r = verify_of(f->log, LOG_E_CORRUPT);
	assert_int_equal(r.first_bad_seq, 3);
	assert_non_null(strstr(r.problem, "event 3 is missing"));
}

static void
test_newer_log_refused(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;
	sqlite3 *db;

	log_close(&f->log);
	db = raw_open(f->path, f->recovery);
	raw_exec(db, "PRAGMA user_version = 7;");
	sqlite3_close(db);
	assert_int_equal(log_open(f->path, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_NEWER);
	assert_non_null(strstr(err.message, "newer rutin"));
}

static void
test_not_a_log(void **state)
{
	struct fx *f = *state;
	char *plain = xasprintf("%s/plain.db", f->dir), *plainkeys;
	struct log_error err;
	struct log *log = NULL;
	sqlite3 *db;

	/* A plaintext SQLite file (made by SQLCipher without a key). */
	assert_int_equal(sqlite3_open(plain, &db), SQLITE_OK);
	raw_exec(db, "CREATE TABLE t (x);");
	sqlite3_close(db);
	chmod(plain, 0600);
	plainkeys = xasprintf("%s.keys", plain);
	free(write_file(f->dir, "plain.db.keys", "rutin-keyring 1\n", 16));
	chmod(plainkeys, 0600);
	assert_int_equal(log_open(plain, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_NOT_A_LOG);
	assert_non_null(strstr(err.message, "unencrypted SQLite"));
	assert_int_equal(log_open(f->dir, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_NOT_A_LOG);
	free(plain);
	free(plainkeys);
	plain = xasprintf("%s/none.db", f->dir);
	assert_int_equal(log_open(plain, "anna", PASS_A, strlen(PASS_A), &log, &err),
	    LOG_E_MISSING);
	free(plain);
}

/* The recovery key opens the log through its slot in the keyring when
 * every passphrase is lost; without the keyring it opens nothing (since
 * 0.2 it is not the log key itself), and says what is missing. */
static void
test_recovery_needs_the_keyring(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	struct log *log = NULL;
	char *saved = xasprintf("%s.saved", f->keys);

	log_close(&f->log);
	assert_int_equal(rename(f->keys, saved), 0);
	open_as(f->path, "anna", PASS_A, LOG_E_MISSING);
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_E_WRONG);
	assert_non_null(strstr(err.message, ".keys is missing"));
	assert_int_equal(rename(saved, f->keys), 0);
	assert_int_equal(log_open_recovery(f->path, f->recovery, &log, &err), LOG_OK);
	/* With the recovery key, a supervisor account can be made again. */
	assert_int_equal(log_user_add(log, "ny-chef", ROLE_SUPERVISOR, PASS_B,
	    strlen(PASS_B), &TEST_KDF, &err), LOG_OK);
	log_close(&log);
	log = open_as(f->path, "ny-chef", PASS_B, LOG_OK);
	verify_of(log, LOG_OK);
	log_close(&log);
	free(saved);
}

static void
test_training_mark_and_open_runs(void **state)
{
	struct fx *f = *state;
	struct log_field started[] = { { "case_ref", "Övning 1", 0 },
		{ "routine_id", "kontaktforbud", 0 } };
	struct log_event_in ev = { "run.started", "run-a", 0, started, 2 };
	struct log_run_info *runs;
	struct log_verify r;
	struct log_error err;
	size_t n;
	sqlite3 *db;

	assert_false(log_is_training(f->log));
	assert_int_equal(log_set_training(f->log, &err), LOG_OK);
	assert_true(log_is_training(f->log));
	assert_int_equal(log_append(f->log, &ev, NULL, &err), LOG_OK);
	ev.run_id = "run-b";
	assert_int_equal(log_append(f->log, &ev, NULL, &err), LOG_OK);
	append_note(f->log, "run-b", "run.completed", "klar");
	assert_int_equal(log_open_runs(f->log, "anna", &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1); /* run-b is completed */
	assert_string_equal(runs[0].run_id, "run-a");
	assert_string_equal(runs[0].case_ref, "Övning 1");
	assert_string_equal(runs[0].status, "active");
	free(runs);
	assert_int_equal(log_open_runs(f->log, "bo", &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 0);
	free(runs);
	/* The idle lock's check. */
	assert_int_equal(log_check_passphrase(f->log, PASS_A, strlen(PASS_A), &err), LOG_OK);
	assert_int_equal(log_check_passphrase(f->log, PASS_B, strlen(PASS_B), &err), LOG_E_WRONG);
	log_close(&f->log);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_true(log_is_training(f->log));
	verify_of(f->log, LOG_OK);
	log_close(&f->log);
	/* Unmarking behind rutin's back is noticed. */
	db = raw_open(f->path, f->recovery);
	raw_exec(db, "DELETE FROM meta WHERE key = 'mode';");
	sqlite3_close(db);
	f->log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_true(log_is_training(f->log)); /* the events say so (issue 25) */
	r = verify_of(f->log, LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "training mark"));
}

static void
test_event_json_is_safe(void **state)
{
	struct log_event ev;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.seq = 7;
	ev.id = "id-1";
	ev.time = 1764201600123LL;
	ev.account = "anna";
	ev.type = "note.added";
	/* canonical fields: written as an object */
	ev.fields = "{\"step\":\"a\",\"text\":\"Möte\"}";
	f = open_memstream(&out, &len);
	log_event_write_json(f, &ev);
	fclose(f);
	assert_non_null(strstr(out, "{\"seq\":7,\"id\":\"id-1\",\"time\":\"2025-11-27T00:00:00.123Z\","
	    "\"time_ms\":1764201600123,\"account\":\"anna\",\"run\":null,\"type\":\"note.added\","
	    "\"fields\":{\"step\":\"a\",\"text\":\"Möte\"},\"prev_hash\":\"00"));
	free(out);
	/* a tampered log: raw escape bytes and a stray byte never go out raw */
	ev.fields = "{\"text\":\"\033[2J\377\"}";
	ev.account = "an\033na";
	out = NULL;
	f = open_memstream(&out, &len);
	log_event_write_json(f, &ev);
	fclose(f);
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\377'));
	assert_non_null(strstr(out, "\"account\":\"an\\u001bna\""));
	assert_non_null(strstr(out, "\"fields\":\"{\\\"text\\\":\\\"\\u001b[2J\\ufffd\\\"}\",\"fields_valid\":false"));
	free(out);	/* Canonical fields may hold C1 controls and direction overrides
	 * (valid UTF-8, stored as typed): escaped on the way out. */
	ev.account = "anna";
	ev.fields = "{\"text\":\"a\xc2\x9b" "2Jb\xe2\x80\xae" "c\"}";
	out = NULL;
	f = open_memstream(&out, &len);
	log_event_write_json(f, &ev);
	fclose(f);
	assert_null(strstr(out, "\xc2\x9b"));
	assert_null(strstr(out, "\xe2\x80\xae"));
	assert_non_null(strstr(out, "\"fields\":{\"text\":\"a\\u009b2Jb\\u202ec\"}"));
	free(out);
}

static void
test_recovery_key_format(void **state)
{
	unsigned char key[32], back[32];
	char text[RECOVERY_TEXT_LEN], *lower;
	size_t i;

	(void)state;
	randombytes_buf(key, sizeof(key));
	recovery_encode(key, text);
	assert_int_equal(strlen(text), 68);
	for (i = 4; i < 68; i += 5)
		assert_int_equal(text[i], '-');
	assert_true(recovery_decode(text, back));
	assert_memory_equal(key, back, 32);
	/* Case, spaces and look-alikes do not matter; a typo does. */
	lower = xstrdup(text);
	for (i = 0; lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	assert_true(recovery_decode(lower, back));
	lower[0] = lower[0] == '7' ? '8' : '7';
	assert_false(recovery_decode(lower, back));
	assert_false(recovery_decode("ABCD", back));
	free(lower);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cipher_settings_pinned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_on_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trainers_and_training_logs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_network_filesystems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_and_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_on_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_flip_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_edit_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_guard_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_delete_last_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_event_in_the_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_log_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery_needs_the_keyring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training_mark_and_open_runs, setup, teardown),
		cmocka_unit_test(test_event_json_is_safe),
		cmocka_unit_test(test_recovery_key_format),
	};

	setenv("LANGUAGE", "en", 1);
	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}

#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/xalloc.h"
#include "db/recovery.h"

const struct kdf_params TEST_KDF = { 1, 8192 };

struct log *
make_log(const char *path, char *recovery)
{
	char rec[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = NULL;

	if (log_create(path, "anna", PASS_A, strlen(PASS_A), &TEST_KDF, rec, &log,
	    &err) != LOG_OK)
		fail_msg("log_create: %s", err.message);
	if (recovery != NULL)
		memcpy(recovery, rec, RECOVERY_TEXT_LEN);
	return log;
}

struct log *
open_as(const char *path, const char *user, const char *pass, enum log_status expect)
{
	struct log_error err = { LOG_OK, "" };
	struct log *log = NULL;
	enum log_status s = log_open(path, user, pass, strlen(pass), &log, &err);

	if (s != expect)
		fail_msg("open as %s: got %d (%s), expected %d", user, s, err.message, expect);
	return log;
}

void
append_note(struct log *log, const char *run_id, const char *type, const char *text)
{
	struct log_field f[] = { { "text", text, 0 } };
	struct log_event_in ev = { type, run_id, 0, f, 1 };
	struct log_error err;

	if (log_append(log, &ev, NULL, &err) != LOG_OK)
		fail_msg("append: %s", err.message);
}

void
log_key_of(const char *path, const char *recovery, unsigned char key[LOG_KEY_BYTES])
{
	/* As an attacker holding the recovery key and a copy of the keyring
	 * would: the recovery slot gives the log key. */
	unsigned char secret[LOG_KEY_BYTES];
	struct keyring *kr = NULL;
	char *keys = xasprintf("%s.keys", path), *msg = NULL;

	assert_true(recovery_decode(recovery, secret));
	assert_int_equal(keyring_load(keys, &kr, &msg), KEYRING_OK);
	assert_int_equal(keyring_recover(kr, secret, key, NULL), KEYRING_OK);
	keyring_free(&kr);
	free(keys);
}

/* SQLCipher's raw key spec for the log at path: key and the file's salt. */
static void
spec_of(const char *path, const unsigned char key[LOG_KEY_BYTES], char spec[100])
{
	unsigned char salt[16];
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(salt, 1, 16, f), 16);
	fclose(f);
	spec[0] = 'x';
	spec[1] = '\'';
	sodium_bin2hex(spec + 2, 65, key, 32);
	sodium_bin2hex(spec + 66, 33, salt, 16);
	spec[98] = '\'';
	spec[99] = '\0';
}

sqlite3 *
raw_open_key(const char *path, const unsigned char key[LOG_KEY_BYTES])
{
	char spec[100];
	sqlite3 *db = NULL;

	spec_of(path, key, spec);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_key(db, spec, 99), SQLITE_OK);
	/* SQLCipher 4's defaults, nothing else: the format is its own. */
	raw_exec(db, "PRAGMA cipher_log_level = NONE;");
	raw_exec(db, "SELECT count(*) FROM sqlite_master;");
	return db;
}

int
raw_try_key(const char *path, const unsigned char key[LOG_KEY_BYTES])
{
	char spec[100];
	sqlite3 *db = NULL;
	int rc;

	spec_of(path, key, spec);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_key(db, spec, 99);
	sqlite3_exec(db, "PRAGMA cipher_log_level = NONE;", NULL, NULL, NULL);
	rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

bool
unwrap_slot(const char *keys, const char *user, const char *pass,
    unsigned char key[LOG_KEY_BYTES])
{
	struct keyring *kr = NULL;
	char *msg = NULL;
	bool ok;

	assert_int_equal(keyring_load(keys, &kr, &msg), KEYRING_OK);
	ok = keyring_unlock(kr, user, pass, strlen(pass), key, NULL, NULL, NULL) ==
	    KEYRING_OK;
	keyring_free(&kr);
	return ok;
}

void
copy_file(const char *from, const char *to)
{
	size_t n;
	char *bytes = slurp(from, &n);
	FILE *f = fopen(to, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(to, 0600), 0);
	free(bytes);
}

sqlite3 *
raw_open(const char *path, const char *recovery)
{
	unsigned char key[LOG_KEY_BYTES];

	log_key_of(path, recovery, key);
	return raw_open_key(path, key);
}

void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

bool
file_contains(const char *path, const void *needle, size_t len)
{
	size_t n;
	char *buf = slurp(path, &n);
	bool found = memmem(buf, n, needle, len) != NULL;

	free(buf);
	return found;
}

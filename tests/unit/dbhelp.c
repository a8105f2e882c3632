#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* SQLCipher's raw key spec x'<key><salt>' (99 characters and a NUL). */
static void
key_spec(const unsigned char key[LOG_KEY_BYTES], const unsigned char salt[16],
    char spec[100])
{
	spec[0] = 'x';
	spec[1] = '\'';
	sodium_bin2hex(spec + 2, 65, key, 32);
	sodium_bin2hex(spec + 66, 33, salt, 16);
	spec[98] = '\'';
	spec[99] = '\0';
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
	key_spec(key, salt, spec);
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

/* The log's append-only guards (db/schema.c), as a key holder would put
 * them back after changing rows. */
static const char guards_sql[] =
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;";

void
raw_drop_guards(sqlite3 *db)
{
	raw_exec(db, "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;");
}

void
raw_restore_guards(sqlite3 *db)
{
	raw_exec(db, guards_sql);
}

void
raw_tamper(sqlite3 *db, const char *sql)
{
	raw_drop_guards(db);
	raw_exec(db, sql);
	raw_restore_guards(db);
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

/* ---- A log made by rutin 0.1 ---- */

/* The hash rutin has always given an event (db/events.c). */
void log_event_hash(const struct log_event *ev, unsigned char out[32]);

/* rutin 0.1's schema, as it created it (db/FORMAT.md of 0.1). */
static const char schema_0_1[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " time INTEGER NOT NULL, account TEXT NOT NULL, run_id TEXT,"
    " type TEXT NOT NULL, fields TEXT NOT NULL, prev_hash BLOB NOT NULL,"
    " hash BLOB NOT NULL);"
    "CREATE INDEX events_by_run ON events(run_id, seq);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TABLE accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " active INTEGER NOT NULL, since INTEGER NOT NULL);"
    "CREATE TABLE runs (run_id TEXT PRIMARY KEY, routine_id TEXT,"
    " routine_version INTEGER, routine_hash TEXT, case_ref TEXT, mode TEXT,"
    " account TEXT NOT NULL, status TEXT NOT NULL, started INTEGER NOT NULL,"
    " last_activity INTEGER NOT NULL, deviations INTEGER NOT NULL);"
    "INSERT INTO meta VALUES ('format', 'rutin-log/1');"
    "PRAGMA user_version = 1;";

/* A run as 0.1 logged it: two reasons for a critical step, then the step
 * answered. 0.1's summary counted the reasons (2); 0.2 counts none. */
static const char *const legacy_run[][2] = {
	{ "run.started", "{\"case_ref\":\"KF 2026/7\",\"mode\":\"live\","
	    "\"routine_hash\":\"00\",\"routine_id\":\"kontaktforbud\","
	    "\"routine_version\":1}" },
	{ "deviation.recorded", "{\"step\":\"akut-fara\",\"text\":\"Vet inte\"}" },
	{ "deviation.recorded", "{\"step\":\"akut-fara\",\"text\":\"Ringer i morgon\"}" },
	{ "step.answered", "{\"step\":\"akut-fara\",\"text\":\"nej\"}" },
};
#define LEGACY_RUN_EVENTS 4

void
legacy_log_write(const char *path, const char *keys, const char *pass, int notes,
    bool run, char recovery[RECOVERY_TEXT_LEN])
{
	static const char *const fields[] = { "{\"format\":\"rutin-log/1\"}",
		"{\"name\":\"anna\",\"role\":\"supervisor\"}",
		"{\"text\":\"F\xc3\xb6re uppgraderingen\"}" };
	static const char *const types[] = { "log.created", "account.added", "note.added" };
	int total = 2 + notes + (run ? LEGACY_RUN_EVENTS : 0);
	unsigned char key[LOG_KEY_BYTES], salt[16], kek[32], nonce[24], box[48];
	unsigned char prev[32] = { 0 };
	char spec[100], hex[2 * 48 + 1], id[LOG_ID_LEN];
	char *wal = xasprintf("%s-wal", path);
	sqlite3 *db;
	sqlite3_stmt *st;
	FILE *out;
	int i;

	unlink(path);
	unlink(wal);
	randombytes_buf(key, sizeof(key));
	randombytes_buf(salt, sizeof(salt));
	key_spec(key, salt, spec);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_key(db, spec, 99), SQLITE_OK);
	raw_exec(db, "PRAGMA cipher_log_level = NONE;");
	raw_exec(db, "PRAGMA cipher_compatibility = 3;");
	raw_exec(db, schema_0_1);
	raw_exec(db, "PRAGMA journal_mode = WAL;");
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?,"
	    " 'anna', ?, ?, ?, ?, ?);", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < total; i++) {
		struct log_event ev;
		int k = i - 2 - notes; /* the run's events from k = 0 */

		memset(&ev, 0, sizeof(ev));
		log_new_id(id);
		ev.seq = i + 1;
		ev.id = id;
		ev.time = 1764000000000 + i;
		ev.account = "anna";
		ev.run_id = k >= 0 ? "r1" : NULL;
		ev.type = k >= 0 ? legacy_run[k][0] : types[i < 2 ? i : 2];
		ev.fields = k >= 0 ? legacy_run[k][1] : fields[i < 2 ? i : 2];
		memcpy(ev.prev_hash, prev, 32);
		log_event_hash(&ev, ev.hash);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ev.seq);
		sqlite3_bind_text(st, 2, ev.id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, ev.time);
		if (ev.run_id != NULL)
			sqlite3_bind_text(st, 4, ev.run_id, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_text(st, 5, ev.type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, ev.fields, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 7, ev.prev_hash, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 8, ev.hash, 32, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		memcpy(prev, ev.hash, 32);
	}
	sqlite3_finalize(st);
	raw_exec(db, "INSERT INTO accounts VALUES ('anna', 'supervisor', 1, 1764000000001);");
	if (run) {
		char *row = xasprintf("INSERT INTO runs VALUES ('r1', 'kontaktforbud', 1,"
		    " '00', 'KF 2026/7', 'live', 'anna', 'active', %lld, %lld, 2);",
		    1764000000000LL + 2 + notes, 1764000000000LL + total - 1);

		raw_exec(db, row);
		free(row);
	}
	sqlite3_close(db);
	assert_int_equal(chmod(path, 0600), 0);
	/* The keyring of rutin 0.1: "slot" lines wrapping the key. */
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	assert_int_equal(crypto_pwhash(kek, 32, pass, strlen(pass), salt, 1, 8192,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box, NULL, key, 32,
	    (const unsigned char *)"rutin-keyring/1:anna", 20, NULL, nonce, kek);
	out = fopen(keys, "w");
	fputs("rutin-keyring 1\nslot anna argon2id13 1 8192 ", out);
	sodium_bin2hex(hex, sizeof(hex), salt, 16);
	fprintf(out, "%s ", hex);
	sodium_bin2hex(hex, sizeof(hex), nonce, 24);
	fprintf(out, "%s ", hex);
	sodium_bin2hex(hex, sizeof(hex), box, 48);
	fprintf(out, "%s\n", hex);
	fclose(out);
	assert_int_equal(chmod(keys, 0600), 0);
	recovery_encode(key, recovery);
	free(wal);
}


/* Log benchmarks, each against raw SQLCipher doing the same work in the
 * same run (reported, never asserted):
 *   1. durable appends: log_append() (hash, Ed25519 signature, summaries)
 *      vs a raw INSERT of an equivalent row with the same pragmas (WAL,
 *      synchronous=FULL, cipher_memory_security, one transaction each);
 *      target >= 0.8x the raw rate;
 *   2. verify --full over BENCH_EVENTS events (default 1,000,000) vs a raw
 *      scan of the same rows hashing the same bytes with SHA-256 and
 *      checking the same Ed25519 signatures; target <= 1.5x; verify after
 *      a seal with a short unsealed tail; and bytes on disk per event;
 *   3. rekey of that log vs a bare sqlcipher_export of the same file;
 *   4. seal (append + line), target <= 50 ms;
 *   5. opening a log, key derivation excluded (a minimal-cost slot); target
 *      <= 20 ms; and the default key derivation on its own.
 * Run with `make bench`. */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "common/xalloc.h"
#include "db/log_impl.h"
#include "db/seal.h"
#include "db/sigpool.h"

#define APPENDS 2000
#define PASS "benchmark passphrase"

static const struct kdf_params CHEAP = { 1, 8192 };

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_log: %s: %s\n", what, msg);
	exit(2);
}

static struct log *
create(const char *path, char *recovery)
{
	struct log_error err;
	struct log *log;

	if (log_create(path, "bench", PASS, strlen(PASS), &CHEAP, recovery, &log, &err) != LOG_OK)
		die("create", err.message);
	return log;
}

/* The log key of the log at `path`, from its recovery key and keyring;
 * a random one for a file that does not exist yet. */
static void
log_key(const char *path, const char *recovery, unsigned char key[32])
{
	unsigned char secret[32];
	struct keyring *kr = NULL;
	char *keys = xasprintf("%s.keys", path), *msg = NULL;

	if (access(path, F_OK) != 0) {
		randombytes_buf(key, 32);
	} else if (!recovery_decode(recovery, secret) ||
	    keyring_load(keys, &kr, &msg) != KEYRING_OK ||
	    keyring_recover(kr, secret, key, NULL) != KEYRING_OK) {
		die("raw", "recovery key");
	}
	keyring_free(&kr);
	free(msg);
	free(keys);
}

/* A raw connection keyed as rutin keys it, with the same pragmas. */
static sqlite3 *
raw_open(const char *path, const char *recovery)
{
	unsigned char key[32], salt[16] = { 0 };
	char *spec;
	FILE *f = fopen(path, "rb");
	sqlite3 *db;

	log_key(path, recovery, key);
	if (f != NULL) {
		if (fread(salt, 1, 16, f) != 16)
			die("raw", "short file");
		fclose(f);
	} else {
		randombytes_buf(salt, 16);
	}
	spec = log_key_spec(key, salt);
	sqlite3_open(path, &db);
	sqlite3_key(db, spec, LOG_KEY_SPEC_LEN);
	sodium_free(spec);
	sqlite3_exec(db, "PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;"
	    "SELECT count(*) FROM sqlite_master;"
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL, NULL, NULL);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static const struct log_field note[] = {
	{ "step", "kontrollera-alla", 0 },
	{ "text", "Kontrollerat i folkbokföringen, inga avvikelser", 0 },
};

static void
bench_appends(const char *dir)
{
	char *a = xasprintf("%s/append.db", dir), *b = xasprintf("%s/raw.db", dir);
	char recovery[RECOVERY_TEXT_LEN];
	struct log_event_in ev = { "note.added", "4b9f0a4e-4f3b-4a55-9d8e-0c6d5b2a1e77",
		0, note, 2 };
	struct log_error err;
	struct log *log = create(a, recovery);
	unsigned char hash[32];
	char *json = fields_to_json(note, 2), id[LOG_ID_LEN];
	sqlite3_stmt *st;
	sqlite3 *raw;
	double t0, rutin_ms, raw_ms;
	int i;

	t0 = bench_now_ms();
	for (i = 0; i < APPENDS; i++)
		if (log_append(log, &ev, NULL, &err) != LOG_OK)
			die("append", err.message);
	rutin_ms = bench_now_ms() - t0;
	log_close(&log);

	/* Raw: the same table and indexes, same pragmas, one transaction per
	 * row; no hash chain, signature or summary. */
	raw = raw_open(b, recovery);
	sqlite3_exec(raw, "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL"
	    " UNIQUE, time INTEGER NOT NULL, account TEXT NOT NULL, run_id TEXT,"
	    " type TEXT NOT NULL, fields TEXT NOT NULL, prev_hash BLOB NOT NULL,"
	    " hash BLOB NOT NULL, sig BLOB);"
	    "CREATE INDEX events_by_run ON events(run_id, seq);", NULL, NULL, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
	    -1, &st, NULL);
	t0 = bench_now_ms();
	for (i = 0; i < APPENDS; i++) {
		log_new_id(id);
		randombytes_buf(hash, sizeof(hash));
		sqlite3_exec(raw, "BEGIN IMMEDIATE;", NULL, NULL, NULL);
		sqlite3_bind_int64(st, 1, i + 1);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, 1764201600000LL + i);
		sqlite3_bind_text(st, 4, "bench", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, ev.run_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, ev.type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, json, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, hash, 32, SQLITE_STATIC);
		sqlite3_bind_blob(st, 9, hash, 32, SQLITE_STATIC);
		sqlite3_bind_zeroblob(st, 10, 64);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("raw insert", sqlite3_errmsg(raw));
		sqlite3_reset(st);
		sqlite3_exec(raw, "COMMIT;", NULL, NULL, NULL);
	}
	raw_ms = bench_now_ms() - t0;
	sqlite3_finalize(st);
	sqlite3_close(raw);
	printf("durable appends (%d, synchronous=FULL, WAL, each signed):\n", APPENDS);
	printf("  raw SQLCipher INSERT:  %8.0f /s\n", APPENDS / raw_ms * 1e3);
	printf("  rutin log_append:      %8.0f /s\n", APPENDS / rutin_ms * 1e3);
	printf("  ratio rutin/raw:       %8.2fx (target >= 0.8x)\n", raw_ms / rutin_ms);
	free(json);
	free(a);
	free(b);
}

/* The bench account's signing public key, from its slot. */
static void
signing_key(const char *path, unsigned char pk[32])
{
	unsigned char key[32], *sk = sodium_malloc(64);
	struct keyring *kr = NULL;
	char *keys = xasprintf("%s.keys", path), *msg = NULL;

	if (sk == NULL || keyring_load(keys, &kr, &msg) != KEYRING_OK ||
	    keyring_unlock(kr, "bench", PASS, strlen(PASS), key, sk, NULL, NULL) !=
	    KEYRING_OK)
		die("raw", "signing key");
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	sodium_free(sk);
	keyring_free(&kr);
	free(msg);
	free(keys);
}

/* verify against a seal with a short unsealed tail: signatures are
 * checked only after the seal; and the seal itself (median of 21). */
static void
bench_sealed_verify(const char *path, double full_ms)
{
	char line[LOG_SEAL_LEN], *seals = xasprintf("%s.seals", path);
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	struct log *log;
	double t[21], t0, ms;
	FILE *f;
	int i;

	if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
		die("open", err.message);
	for (i = 0; i < 21; i++) {
		t0 = bench_now_ms();
		if (log_seal(log, line, &err) != LOG_OK)
			die("seal", err.message);
		t[i] = bench_now_ms() - t0;
	}
	qsort(t, 21, sizeof(t[0]), bench_cmp_double);
	f = fopen(seals, "w");
	fprintf(f, "%s\n", line);
	fclose(f);
	for (i = 0; i < 1000; i++)
		if (log_append(log, &(struct log_event_in){ "note.added", NULL, 0, note, 2 },
		    NULL, &err) != LOG_OK)
			die("append", err.message);
	f = fopen(seals, "r");
	t0 = bench_now_ms();
	if (log_verify_seals(log, f, 0, NULL, &r, &sr, &err) != LOG_OK)
		die("verify --seals", err.message);
	ms = bench_now_ms() - t0;
	fclose(f);
	log_close(&log);
	printf("seal (append log.sealed, the signed line; median of 21):\n");
	printf("  rutin seal:            %8.2f ms (target <= 50 ms)\n", t[10]);
	printf("verify --seals, %lld unsealed events after the newest seal:\n",
	    (long long)sr.tail_events);
	printf("  rutin verify:          %8.0f ms (%.2fx of plain verify: a seal"
	    " skips no check)\n", ms, ms / full_ms);
	unlink(seals);
	free(seals);
}

/* rekey against a bare sqlcipher_export of the same file to a new key. */
static void
bench_rekey(const char *path, const char *recovery)
{
	char *copy = xasprintf("%s.export", path), *spec, *sql;
	unsigned char key[32], salt[16];
	struct log_error err;
	struct log *log;
	double t0, rekey_ms, raw_ms;
	sqlite3 *raw;

	raw = raw_open(path, recovery);
	randombytes_buf(key, 32);
	randombytes_buf(salt, 16);
	spec = log_key_spec(key, salt);
	sql = xasprintf("ATTACH DATABASE '%s' AS fresh KEY \"%s\";"
	    " SELECT sqlcipher_export('fresh'); DETACH DATABASE fresh;", copy, spec);
	sodium_free(spec);
	t0 = bench_now_ms();
	if (sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK)
		die("export", sqlite3_errmsg(raw));
	raw_ms = bench_now_ms() - t0;
	sqlite3_close(raw);
	unlink(copy);
	if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
		die("open", err.message);
	t0 = bench_now_ms();
	if (log_rekey(log, NULL, NULL, &err) != LOG_OK)
		die("rekey", err.message);
	rekey_ms = bench_now_ms() - t0;
	log_close(&log);
	printf("rekey (a fresh key; copy, fsync, rename, reseal):\n");
	printf("  bare sqlcipher_export: %8.0f ms\n", raw_ms);
	printf("  rutin rekey:           %8.0f ms\n", rekey_ms);
	printf("  ratio rutin/raw:       %8.2fx\n", rekey_ms / raw_ms);
	free(sql);
	free(copy);
}

/* The raw side's work per row: SHA-256 over the same columns' bytes. */
static void
raw_hash_row(sqlite3_stmt *st, unsigned char out[32])
{
	crypto_hash_sha256_state h;
	int c;

	crypto_hash_sha256_init(&h);
	for (c = 0; c < 9; c++)
		crypto_hash_sha256_update(&h, sqlite3_column_blob(st, c),
		    (unsigned long long)sqlite3_column_bytes(st, c));
	crypto_hash_sha256_final(&h, out);
}

/* Opening a big log: the session reads its authority from the events
 * (db/authority.c: every event's chain link, the signatures of the
 * authority events and of each account's newest), against a raw open, key
 * and scan hashing the same rows. Best of 3, key derivation included on
 * both sides' account (the slot's is minimal). */
static void
bench_open_big(const char *path, const char *recovery, long events)
{
	double t0, t, open_ms = 1e9, raw_ms = 1e9;
	unsigned char out[32];
	struct log_error err;
	struct log *log;
	sqlite3_stmt *st;
	sqlite3 *raw;
	int k;

	for (k = 0; k < 3; k++) {
		t0 = bench_now_ms();
		if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
			die("open", err.message);
		t = bench_now_ms() - t0;
		log_close(&log);
		open_ms = t < open_ms ? t : open_ms;
		t0 = bench_now_ms();
		raw = raw_open(path, recovery);
		sqlite3_prepare_v2(raw, "SELECT seq, id, time, account, run_id, type,"
		    " fields, prev_hash, hash, sig FROM events ORDER BY seq;", -1, &st, NULL);
		while (sqlite3_step(st) == SQLITE_ROW)
			raw_hash_row(st, out);
		sqlite3_finalize(st);
		sqlite3_close(raw);
		t = bench_now_ms() - t0;
		raw_ms = t < raw_ms ? t : raw_ms;
	}
	printf("open of a log of %ld events (authority from the events; best of 3):\n",
	    events);
	printf("  raw open + scan + SHA-256: %8.0f ms\n", raw_ms);
	printf("  rutin log_open:        %8.0f ms (%.2fx)\n", open_ms, open_ms / raw_ms);
}

static void
bench_verify(const char *dir, long events)
{
	char *path = xasprintf("%s/verify.db", dir), *wal = xasprintf("%s-wal", path);
	char recovery[RECOVERY_TEXT_LEN];
	struct log_event_in ev = { "note.added", "4b9f0a4e-4f3b-4a55-9d8e-0c6d5b2a1e77",
		0, note, 2 };
	struct log_error err;
	struct log_verify r;
	struct log *log = create(path, recovery);
	struct stat st_db;
	sqlite3_stmt *st;
	sqlite3 *raw;
	unsigned char pk[32];
	double t0, build_ms, verify_ms, raw_ms, by_threads[3];
	static const int threads[3] = { 1, 2, 0 };
	long i, bad = 0;
	int k;

	/* Built through the real append path, in large transactions (this is
	 * the only place that batches; the commands commit each event). */
	t0 = bench_now_ms();
	log_exec(log, "PRAGMA synchronous = OFF;");
	for (i = 0; i < events; i++) {
		if (i % 50000 == 0 && (i > 0 && log_commit(log, &err) != LOG_OK))
			die("build", err.message);
		if (i % 50000 == 0 && log_begin(log, &err) != LOG_OK)
			die("build", err.message);
		if (log_append_in_tx(log, &ev, NULL, &err) != LOG_OK)
			die("build", err.message);
	}
	if (log_commit(log, &err) != LOG_OK)
		die("build", err.message);
	log_exec(log, "PRAGMA wal_checkpoint(TRUNCATE);");
	build_ms = bench_now_ms() - t0;
	log_close(&log);
	stat(path, &st_db);

	bench_open_big(path, recovery, events);
	{
		struct log_error e2;

		if (log_open(path, "bench", PASS, strlen(PASS), &log, &e2) != LOG_OK)
			die("open", e2.message);
	}
	/* Signature checks on 1, 2 and every core (db/sigpool.c). */
	for (k = 0; k < 3; k++) {
		log_set_verify_threads(threads[k]);
		t0 = bench_now_ms();
		if (log_verify(log, &r, &err) != LOG_OK)
			die("verify", err.message);
		by_threads[k] = bench_now_ms() - t0;
	}
	log_set_verify_threads(0);
	verify_ms = by_threads[2];
	log_close(&log);

	/* Raw: read every row, SHA-256 the same bytes and check the same
	 * Ed25519 signature, nothing else. */
	raw = raw_open(path, recovery);
	signing_key(path, pk);
	t0 = bench_now_ms();
	sqlite3_prepare_v2(raw, "SELECT seq, id, time, account, run_id, type, fields,"
	    " prev_hash, hash, sig FROM events ORDER BY seq;", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		unsigned char out[32], msg[44];

		raw_hash_row(st, out);
		memcpy(msg, "rutin-sig/1\n", 12);
		memcpy(msg + 12, sqlite3_column_blob(st, 8), 32);
		if (sqlite3_column_bytes(st, 9) == 64)
			bad += crypto_sign_verify_detached(sqlite3_column_blob(st, 9), msg,
			    sizeof(msg), pk) != 0;
	}
	sqlite3_finalize(st);
	raw_ms = bench_now_ms() - t0;
	sqlite3_close(raw);
	printf("verify --full over %ld events (built in %.1f s):\n", events, build_ms / 1e3);
	printf("  raw scan + SHA-256 + Ed25519: %8.0f ms (%ld bad)\n", raw_ms, bad);
	printf("  rutin verify, 1 thread:  %8.0f ms (chain, signatures, pages, schema,"
	    " summaries)   %.2fx\n", by_threads[0], by_threads[0] / raw_ms);
	printf("  rutin verify, 2 threads: %8.0f ms   %.2fx (target <= 0.6x on 2 cores)\n",
	    by_threads[1], by_threads[1] / raw_ms);
	printf("  rutin verify, all %d:     %8.0f ms   %.2fx\n", log_verify_threads(),
	    by_threads[2], by_threads[2] / raw_ms);
	printf("  bytes on disk/event:   %8.0f\n", (double)st_db.st_size / (double)(events + 2));
	bench_sealed_verify(path, verify_ms);
	bench_rekey(path, recovery);
	unlink(wal);
	free(wal);
	free(path);
}

static void
bench_open(const char *dir)
{
	char *path = xasprintf("%s/open.db", dir);
	char recovery[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = create(path, recovery);
	unsigned char key[32], salt[16];
	double t0, open_ms = 1e9, raw_ms = 1e9, kdf_ms;
	int i;

	log_close(&log);
	for (i = 0; i < 20; i++) {
		sqlite3 *raw;
		double t;

		t0 = bench_now_ms();
		if (log_open(path, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
			die("open", err.message);
		t = bench_now_ms() - t0;
		open_ms = t < open_ms ? t : open_ms;
		log_close(&log);
		t0 = bench_now_ms();
		raw = raw_open(path, recovery);
		t = bench_now_ms() - t0;
		raw_ms = t < raw_ms ? t : raw_ms;
		sqlite3_close(raw);
	}
	randombytes_buf(salt, sizeof(salt));
	t0 = bench_now_ms();
	if (crypto_pwhash(key, 32, PASS, strlen(PASS), salt, KEYRING_KDF_DEFAULT.ops,
	    KEYRING_KDF_DEFAULT.mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		die("kdf", "out of memory");
	kdf_ms = bench_now_ms() - t0;
	printf("open (key derivation excluded: a minimal-cost slot; best of 20):\n");
	printf("  raw open + key + read: %8.2f ms\n", raw_ms);
	printf("  rutin log_open:        %8.2f ms (target <= 20 ms)\n", open_ms);
	printf("  default key derivation (Argon2id ops %llu, %zu MiB): %.0f ms\n",
	    KEYRING_KDF_DEFAULT.ops, KEYRING_KDF_DEFAULT.mem >> 20, kdf_ms);
	free(path);
}

int
main(void)
{
	const char *n = getenv("BENCH_EVENTS");
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/rutin-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *cmd;

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		die("setup", "cannot start");
	bench_open(dir);
	bench_appends(dir);
	bench_verify(dir, n != NULL ? atol(n) : 1000000L);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0) /* banned-ok: a fixed command on our own temp dir */
		fprintf(stderr, "bench_log: could not remove %s\n", dir);
	free(cmd);
	free(dir);
	return 0;
}

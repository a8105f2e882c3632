/* Log benchmarks, each against raw SQLCipher doing the same work in the
 * same run (reported, never asserted):
 *   1. durable appends: log_append() vs a raw INSERT of an equivalent row
 *      with the same pragmas (WAL, synchronous=FULL, one transaction each);
 *      target >= 0.8x the raw rate;
 *   2. verify over BENCH_EVENTS events (default 1,000,000) vs a raw scan of
 *      the same rows hashing the same bytes with SHA-256; target <= 1.5x;
 *      and bytes on disk per event;
 *   3. opening a log, key derivation excluded (a minimal-cost slot); target
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

/* A raw connection keyed exactly as rutin keys it. */
static sqlite3 *
raw_open(const char *path, const char *recovery)
{
	unsigned char key[32], salt[16] = { 0 };
	char spec[100];
	FILE *f = fopen(path, "rb");
	sqlite3 *db;

	if (f != NULL) {
		if (fread(salt, 1, 16, f) != 16)
			die("raw", "short file");
		fclose(f);
	} else {
		randombytes_buf(salt, 16);
	}
	if (!recovery_decode(recovery, key))
		die("raw", "recovery key");
	spec[0] = 'x';
	spec[1] = '\'';
	sodium_bin2hex(spec + 2, 65, key, 32);
	sodium_bin2hex(spec + 66, 33, salt, 16);
	spec[98] = '\'';
	spec[99] = '\0';
	sqlite3_open(path, &db);
	sqlite3_key(db, spec, 99);
	sqlite3_exec(db, "PRAGMA cipher_compatibility = 3; SELECT count(*) FROM sqlite_master;"
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

	/* Raw: the same row shape, same pragmas, one transaction per row. */
	raw = raw_open(b, recovery);
	sqlite3_exec(raw, "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL"
	    " UNIQUE, time INTEGER NOT NULL, account TEXT NOT NULL, run_id TEXT,"
	    " type TEXT NOT NULL, fields TEXT NOT NULL, prev_hash BLOB NOT NULL,"
	    " hash BLOB NOT NULL);", NULL, NULL, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);",
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
		if (sqlite3_step(st) != SQLITE_DONE)
			die("raw insert", sqlite3_errmsg(raw));
		sqlite3_reset(st);
		sqlite3_exec(raw, "COMMIT;", NULL, NULL, NULL);
	}
	raw_ms = bench_now_ms() - t0;
	sqlite3_finalize(st);
	sqlite3_close(raw);
	printf("durable appends (%d, synchronous=FULL, WAL):\n", APPENDS);
	printf("  raw SQLCipher INSERT:  %8.0f /s\n", APPENDS / raw_ms * 1e3);
	printf("  rutin log_append:      %8.0f /s\n", APPENDS / rutin_ms * 1e3);
	printf("  ratio rutin/raw:       %8.2fx (target >= 0.8x)\n", raw_ms / rutin_ms);
	free(json);
	free(a);
	free(b);
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
	double t0, build_ms, verify_ms, raw_ms;
	long i;

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

	{
		struct log_error e2;

		if (log_open(path, "bench", PASS, strlen(PASS), &log, &e2) != LOG_OK)
			die("open", e2.message);
	}
	t0 = bench_now_ms();
	if (log_verify(log, &r, &err) != LOG_OK)
		die("verify", err.message);
	verify_ms = bench_now_ms() - t0;
	log_close(&log);

	/* Raw: read every row and SHA-256 the same bytes, nothing else. */
	raw = raw_open(path, recovery);
	t0 = bench_now_ms();
	sqlite3_prepare_v2(raw, "SELECT seq, id, time, account, run_id, type, fields,"
	    " prev_hash, hash FROM events ORDER BY seq;", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		crypto_hash_sha256_state h;
		unsigned char out[32];
		int c;

		crypto_hash_sha256_init(&h);
		for (c = 0; c < 9; c++)
			crypto_hash_sha256_update(&h, sqlite3_column_blob(st, c),
			    (unsigned long long)sqlite3_column_bytes(st, c));
		crypto_hash_sha256_final(&h, out);
	}
	sqlite3_finalize(st);
	raw_ms = bench_now_ms() - t0;
	sqlite3_close(raw);
	printf("verify over %ld events (built in %.1f s):\n", events, build_ms / 1e3);
	printf("  raw scan + SHA-256:    %8.0f ms\n", raw_ms);
	printf("  rutin verify:          %8.0f ms (chain, pages, guards, summaries)\n",
	    verify_ms);
	printf("  ratio rutin/raw:       %8.2fx (target <= 1.5x)\n", verify_ms / raw_ms);
	printf("  bytes on disk/event:   %8.0f\n", (double)st_db.st_size / (double)(events + 2));
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
	if (crypto_pwhash(key, 32, PASS, strlen(PASS), salt, KDF_DEFAULT.ops,
	    KDF_DEFAULT.mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		die("kdf", "out of memory");
	kdf_ms = bench_now_ms() - t0;
	printf("open (key derivation excluded: a minimal-cost slot; best of 20):\n");
	printf("  raw open + key + read: %8.2f ms\n", raw_ms);
	printf("  rutin log_open:        %8.2f ms (target <= 20 ms)\n", open_ms);
	printf("  default key derivation (Argon2id ops %llu, %zu MiB): %.0f ms\n",
	    KDF_DEFAULT.ops, KDF_DEFAULT.mem >> 20, kdf_ms);
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

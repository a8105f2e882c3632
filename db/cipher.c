/* Keying SQLCipher: the raw key spec and every cipher setting pinned. */
#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "db/log_impl.h"

/* Every cipher setting pinned, after the key and before the first read
 * (../shared/SQLCIPHER.md 1.2, 2): a log is in SQLCipher 4's own format;
 * rutin 0.1 wrote SQLCipher 3.4.1's, read only to upgrade it. */
static const char *const pins_v4[] = {
	"cipher_page_size = 4096", "kdf_iter = 256000",
	"cipher_hmac_algorithm = HMAC_SHA512",
	"cipher_kdf_algorithm = PBKDF2_HMAC_SHA512", "cipher_use_hmac = ON",
	"cipher_plaintext_header_size = 0", NULL,
};
static const char *const pins_v3[] = {
	"cipher_compatibility = 3", "cipher_hmac_algorithm = HMAC_SHA1",
	"cipher_kdf_algorithm = PBKDF2_HMAC_SHA1", "cipher_page_size = 1024",
	"kdf_iter = 64000", "cipher_use_hmac = ON", NULL,
};

/* Sends the pins for `schema` ("main" or an attached name). */
int
log_pin_cipher(sqlite3 *db, const char *schema, bool legacy)
{
	const char *const *p;
	char sql[128];
	int rc = SQLITE_OK;

	for (p = legacy ? pins_v3 : pins_v4; *p != NULL && rc == SQLITE_OK; p++) {
		snprintf(sql, sizeof(sql), "PRAGMA %s.%s;", schema, *p);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	return rc;
}

/* The raw key and salt as SQLCipher's 96-hex key spec, in secure memory
 * the caller frees with sodium_free(); NULL when out of it. */
char *
log_key_spec(const unsigned char *key, const unsigned char salt[LOG_SALT_BYTES])
{
	char *spec = sodium_malloc(LOG_KEY_SPEC_LEN + 1);

	if (spec == NULL)
		return NULL;
	spec[0] = 'x';
	spec[1] = '\'';
	sodium_bin2hex(spec + 2, 2 * LOG_KEY_BYTES + 1, key, LOG_KEY_BYTES);
	sodium_bin2hex(spec + 2 + 2 * LOG_KEY_BYTES, 2 * LOG_SALT_BYTES + 1, salt,
	    LOG_SALT_BYTES);
	spec[LOG_KEY_SPEC_LEN - 1] = '\'';
	spec[LOG_KEY_SPEC_LEN] = '\0';
	return spec;
}

/* SQLite's heap, under SQLCipher's memory security. SQLCipher locks each
 * block it hands out (mlock) and unlocks it when freed (munlock); but
 * locks are per page, not per block, so freeing any block unlocks the
 * whole page, and with it the key buffers that share the page (tests/unit/
 * test_memory.c found the raw and hex key there). This allocator sits
 * under SQLCipher's: once SQLCipher has wiped and unlocked a freed block,
 * the block's pages are locked again, so the live blocks on them stay
 * locked. A failing mlock (RLIMIT_MEMLOCK reached) is not an error: the
 * pages are then as SQLCipher left them. The size is kept in a header of
 * 8 bytes, as SQLite's own mem1.c does without malloc_usable_size. */
#define HEAP_HEADER 8

/* Only the first and last page of a freed block can hold other blocks;
 * the pages between were the freed block's alone. */
static void
relock(uintptr_t base, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t first = base & ~(page - 1), last = (base + len - 1) & ~(page - 1);

	(void)mlock((void *)first, page);
	if (last != first)
		(void)mlock((void *)last, page);
}

static void *
heap_malloc(int n)
{
	sqlite3_int64 *p = malloc((size_t)n + HEAP_HEADER);

	if (p == NULL)
		return NULL;
	p[0] = n;
	return p + 1;
}

static int
heap_size(void *p)
{
	return p == NULL ? 0 : (int)((sqlite3_int64 *)p)[-1];
}

static void
heap_free(void *p)
{
	sqlite3_int64 *base = (sqlite3_int64 *)p - 1;
	size_t len = (size_t)base[0] + HEAP_HEADER;
	uintptr_t at = (uintptr_t)base;

	free(base);
	relock(at, len);
}

static void *
heap_realloc(void *p, int n)
{
	sqlite3_int64 *base = realloc((sqlite3_int64 *)p - 1, (size_t)n + HEAP_HEADER);

	if (base == NULL)
		return NULL;
	base[0] = n;
	return base + 1;
}

static int
heap_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
heap_init(void *unused)
{
	(void)unused;
	return SQLITE_OK;
}

static void
heap_shutdown(void *unused)
{
	(void)unused;
}

static const sqlite3_mem_methods heap_methods = {
	heap_malloc, heap_free, heap_realloc, heap_size, heap_roundup,
	heap_init, heap_shutdown, NULL,
};

/* Installs the heap above before SQLite starts (sqlite3_config works
 * only then; SQLCipher wraps whatever is installed when it starts). The
 * first log opened or made in the process does it; in a process that used
 * SQLite before, SQLite's own heap stays (test_memory.c would find it). */
static void
heap_install(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	(void)sqlite3_config(SQLITE_CONFIG_MALLOC, &heap_methods);
}

/* Opens the database and keys it with the raw key and salt. Returns an
 * SQLite code; the key spec is wiped. */
int
log_key_database(struct log *log, const unsigned char salt[LOG_SALT_BYTES], int flags)
{
	char *spec;
	int rc;

	heap_install();
	rc = sqlite3_open_v2(log->path, &log->db, flags, NULL);
	/* Before the first read: opening a WAL log while other processes
	 * write or recover it must wait, not fail. */
	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(log->db, 10000);
	if (rc != SQLITE_OK)
		return rc;
	/* SQLCipher's memory security is process-wide and must be on before
	 * the key is given: sqlite3_key copies the key into SQLCipher's own
	 * buffers, which are locked and wiped only when it is already on
	 * (tests/unit/test_memory.c finds the copies otherwise). */
	sqlite3_exec(log->db, "PRAGMA cipher_memory_security = ON;", NULL, NULL, NULL);
	sodium_mprotect_readonly(log->key);
	spec = log_key_spec(log->key, salt);
	sodium_mprotect_noaccess(log->key);
	if (spec == NULL)
		return SQLITE_NOMEM;
	rc = sqlite3_key(log->db, spec, LOG_KEY_SPEC_LEN);
	sodium_free(spec);
	if (rc != SQLITE_OK)
		return rc;
	/* Silences SQLCipher's own messages (they would garble a screen) and
	 * has it lock and wipe the memory it keys with; both must follow the
	 * key. Memory security stays on for the rest of the process. */
	log_exec(log, "PRAGMA cipher_log_level = NONE;");
	log_exec(log, "PRAGMA cipher_memory_security = ON;");
	return log_pin_cipher(log->db, "main", log->legacy);
}

/* SQLCipher 4.5 or newer: 4.5 made memory security opt-in and fixed
 * what rutin relies on (../shared/SQLCIPHER.md 2). */
bool
log_cipher_version_ok(const char *v)
{
	int major = 0, minor = 0;

	return v != NULL && sscanf(v, "%d.%d", &major, &minor) == 2 &&
	    (major > 4 || (major == 4 && minor >= 5));
}


void
log_cipher_version(char *out, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA cipher_version;", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

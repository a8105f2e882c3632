/* Creating, opening and closing the log; keys and file safety.
 * The open sequence follows ../shared/SQLCIPHER.md section 3. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/lock.h"
#include "db/log_impl.h"

static enum log_status unwrap_key(struct log *log, const char *keys,
    const char *pass, size_t pass_len, unsigned char *key, unsigned char *sign_sk,
    bool *legacy, struct log_error *err);
static enum log_status recover_from(struct log *log, const char *keys,
    const char *text, unsigned char *key, unsigned char *sign_sk,
    struct log_error *err);
static enum log_status recover_key(struct log *log, const char *text,
    unsigned char *key, unsigned char *sign_sk, struct log_error *err);

static const char *const role_names[] = { "caseworker", "trainer", "supervisor" };

const char *
log_role_name(enum log_role r)
{
	return (unsigned)r < 3 ? role_names[r] : "?";
}

const char *
log_role_label(enum log_role r)
{
	static const char *const labels[] = { N_("caseworker"), N_("trainer"),
		N_("supervisor") };

	return (unsigned)r < 3 ? _(labels[r]) : "?";
}

int
log_role_from_name(const char *name)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

int64_t
log_last_seq(struct log *log)
{
	return log_query_int64(log, "SELECT coalesce(max(seq), 0) FROM events;", -1);
}

const char *
log_path(const struct log *log)
{
	return log->path;
}

const char *
log_user(const struct log *log)
{
	return log->user;
}

enum log_role
log_role(const struct log *log)
{
	return log->role;
}

bool
log_slot_is_weak(const struct log *log)
{
	return log->weak;
}

/* ---- Process safety while a log is open ---- */

/* No core dumps and no ptrace by others while any log holds a key; the
 * process's own settings come back when the last one closes (two logs
 * open at once: closing one keeps the other's keys safe). */
static int secrets_open;
static struct rlimit secrets_old_core;
static int secrets_old_dumpable;

static void
secrets_protect(void)
{
	struct rlimit none = { 0, 0 };

	if (secrets_open++ > 0)
		return;
	getrlimit(RLIMIT_CORE, &secrets_old_core);
	secrets_old_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void
secrets_release(void)
{
	if (secrets_open == 0 || --secrets_open > 0)
		return;
	setrlimit(RLIMIT_CORE, &secrets_old_core);
	if (secrets_old_dumpable > 0)
		prctl(PR_SET_DUMPABLE, secrets_old_dumpable, 0, 0, 0);
}

static struct log *
log_new(const char *path)
{
	struct log *log = xcalloc(1, sizeof(*log));

	log->path = xstrdup(path);
	log->login = log_sudo_login();
	log->keys_path = xasprintf("%s.keys", path);
	log->lock_path = xasprintf("%s.lock", path);
	log->key = sodium_malloc(LOG_KEY_BYTES);
	log->sign_sk = sodium_malloc(KEYRING_SIGN_SK);
	if (log->key == NULL || log->sign_sk == NULL) {
		fputs("rutin: no locked memory for the keys\n", stderr);
		exit(2);
	}
	sodium_mprotect_noaccess(log->key);
	sodium_mprotect_noaccess(log->sign_sk);
	secrets_protect();
	return log;
}

void
log_close_db(struct log *log)
{
	log_forget_statements(log);
	if (log->db != NULL) {
		/* What this session wrote goes into the log file now, not when
		 * the last session closes; the last one also removes the WAL. */
		sqlite3_exec(log->db, "PRAGMA wal_checkpoint(PASSIVE);", NULL, NULL, NULL);
		sqlite3_close_v2(log->db);
	}
	log->db = NULL;
}

void
log_close(struct log **logp)
{
	struct log *log;

	if (logp == NULL || (log = *logp) == NULL)
		return;
	log_release_all_runs(log);
	log_own_save(log);
	log_close_db(log);
	lock_release(&log->lock);
	if (log->key != NULL) {
		sodium_mprotect_readwrite(log->key);
		sodium_free(log->key); /* zeroes it */
	}
	if (log->sign_sk != NULL) {
		sodium_mprotect_readwrite(log->sign_sk);
		sodium_free(log->sign_sk);
	}
	secrets_release();
	free(log->paces);
	free(log->path);
	free(log->keys_path);
	free(log->lock_path);
	free(log->user);
	free(log->login);
	free(log->own_path);
	authors_free(&log->auth);
	cull_map_free(&log->cull);
	free(log);
	*logp = NULL;
}

enum log_status
log_open_memory(const char *label, struct log **out, struct log_error *err)
{
	struct log *log = log_new(label);
	int rc;

	*out = NULL;
	if ((rc = sqlite3_open(":memory:", &log->db)) != SQLITE_OK ||
	    (rc = log_make_schema(log->db)) != SQLITE_OK) {
		enum log_status s = log_fail(err, LOG_E_IO, _("%s: %s"), label,
		    log->db != NULL ? sqlite3_errmsg(log->db) : sqlite3_errstr(rc));

		log_close(&log);
		return s;
	}
	log->role = ROLE_CASEWORKER;
	*out = log;
	return LOG_OK;
}

/* ---- Files ---- */

/* Refuses a file others may read or write: the keyring and log protect
 * people's safety. */
static enum log_status
check_file(const char *path, bool must_exist, struct log_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT && !must_exist)
			return LOG_OK;
		return log_fail(err, errno == ENOENT ? LOG_E_MISSING : LOG_E_IO,
		    _("%s: %s"), path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return log_fail(err, LOG_E_NOT_A_LOG, _("%s: not a regular file"), path);
	if (st.st_mode & 077)
		return log_fail(err, LOG_E_PERMS, _("%s: others may read or change "
		    "this file (mode %04o); it must be private: chmod 600 %s"), path,
		    (unsigned)(st.st_mode & 07777), path);
	return LOG_OK;
}

/* Whether any process holds a lock on the file `st` describes, from
 * /proc/locks (which lists every process's, whoever owns the file): every
 * SQLite connection holds one on its -shm for as long as it is open. */
static bool
file_locked(const struct stat *st)
{
	FILE *in = fopen("/proc/locks", "re");
	char line[256];
	bool locked = in == NULL; /* cannot tell: as if it were */

	while (in != NULL && !locked && fgets(line, sizeof(line), in) != NULL) {
		unsigned maj, min;
		unsigned long ino;
		const char *p = line;
		int i;

		/* "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128": the
		 * sixth field is device and inode. A waiter's line ("1: ->
		 * POSIX …") is skipped: its holder has a line of its own. */
		if (strstr(line, " -> ") != NULL)
			continue;
		for (i = 0; i < 5 && p != NULL; i++) {
			p = strchr(p, ' ');
			while (p != NULL && *p == ' ')
				p++;
		}
		if (p != NULL && sscanf(p, "%x:%x:%lu", &maj, &min, &ino) == 3 &&
		    ino == (unsigned long)st->st_ino &&
		    maj == major(st->st_dev) && min == minor(st->st_dev))
			locked = true;
	}
	if (in != NULL)
		fclose(in);
	return locked;
}

/* A FILE-shm this account cannot write (another account's, left by a
 * session of it, or a copy's) is only an index, which SQLite rebuilds
 * from FILE-wal: removed when no one can be using it, that is when this
 * is the only rutin session (the exclusive lock) and no process at all
 * holds a lock on it. True when it is gone. */
static bool
remove_stale_shm(struct log *log, const char *shm, const struct stat *st)
{
	struct log_error busy;
	bool gone = false;

	if (log->lock == NULL || lock_exclusive(log->lock, log->path, &busy) != LOG_OK)
		return false;
	if (!file_locked(st))
		gone = unlink(shm) == 0;
	lock_shared(log->lock);
	return gone;
}

/* FILE-wal and FILE-shm, when there: private like the log, and writable.
 * SQLite makes them with the log's mode, so after a `chmod 400` of the log
 * they are left read-only: this account's own are given 0600 back. A
 * FILE-wal of another account is explained and never to be deleted (it
 * may hold committed events); a FILE-shm of another is removed when no
 * one uses it (remove_stale_shm), else explained. */
static enum log_status
check_sidecar(struct log *log, const char *ext, struct log_error *err)
{
	char *p = xasprintf("%s%s", log->path, ext);
	enum log_status s = check_file(p, false, err);
	bool wal = strcmp(ext, "-wal") == 0;
	struct stat st;

	if (s == LOG_OK && stat(p, &st) == 0 && st.st_uid == geteuid() &&
	    !(st.st_mode & S_IWUSR) && chmod(p, 0600) != 0)
		s = log_fail(err, LOG_E_PERMS, _("%s is read-only and cannot be given "
		    "mode 0600: %s"), p, strerror(errno));
	if (s == LOG_OK && stat(p, &st) == 0 &&
	    (!(st.st_mode & S_IWUSR) || access(p, W_OK) != 0) &&
	    !(!wal && remove_stale_shm(log, p, &st)))
		s = wal ? log_fail(err, LOG_E_PERMS, _("%s cannot be written by this "
		    "account (mode %04o, owner %ld): the log's write-ahead file, which "
		    "may hold committed events. Never delete it: give it to the log's "
		    "owner (chown, chmod 600) and open the log as that account"), p,
		    (unsigned)(st.st_mode & 07777), (long)st.st_uid) :
		    log_fail(err, LOG_E_PERMS, _("%s cannot be written by this account "
		    "(mode %04o, owner %ld), and it is in use (another rutin session, "
		    "or a program holding a lock on it): SQLite's index of the "
		    "write-ahead file, which holds no events. rutin removes it by "
		    "itself once no one uses it: open the log again when the other "
		    "sessions have ended"), p, (unsigned)(st.st_mode & 07777),
		    (long)st.st_uid);
	free(p);
	return s;
}

static enum log_status
read_salt(const char *path, unsigned char salt[LOG_SALT_BYTES], struct log_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return log_fail(err, LOG_E_IO, "%s: %s", path, strerror(errno));
	got = read(fd, salt, LOG_SALT_BYTES);
	close(fd);
	if (got != LOG_SALT_BYTES)
		return log_fail(err, LOG_E_NOT_A_LOG, _("%s: too short to be a rutin log"),
		    path);
	if (memcmp(salt, "SQLite format 3", 15) == 0)
		return log_fail(err, LOG_E_NOT_A_LOG, _("%s: an unencrypted SQLite "
		    "file, not a rutin log"), path);
	return LOG_OK;
}

/* The first read proves the key; then make sure this is SQLCipher. */
static enum log_status
check_key(struct log *log, struct log_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_exec(log->db, "SELECT count(*) FROM sqlite_master;", NULL,
	    NULL, NULL);
	bool ok;

	if (rc == SQLITE_NOTADB)
		return log_fail(err, LOG_E_WRONG, _("%s: wrong account or passphrase, "
		    "or the file is damaged or not a rutin log"), log->path);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("opening"), err);
	rc = sqlite3_prepare_v2(log->db, "PRAGMA cipher_version;", -1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return log_fail(err, LOG_E_IO, _("rutin was built without SQLCipher; "
		    "refusing to write an unencrypted log"));
	}
	ok = log_cipher_version_ok((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!ok)
		return log_fail(err, LOG_E_IO, _("rutin needs SQLCipher 4.5 or newer; "
		    "this one is older (on Debian 12 install libsqlcipher1 from "
		    "bookworm-backports)"));
	sqlite3_busy_timeout(log->db, 10000);
	log_exec(log, "PRAGMA synchronous = FULL;");
	log_exec(log, "PRAGMA foreign_keys = ON;");
	return LOG_OK;
}

/* The login sudo ran rutin for: SUDO_USER, when sudo made this process
 * another user than the one who asked (SUDO_UID differs from ours), and it
 * is a plain account name. sudo resets the environment and sets these
 * itself; the value is as true as sudo's word. NULL otherwise. */
char *
log_sudo_login(void)
{
	const char *name = getenv("SUDO_USER"), *uid = getenv("SUDO_UID");
	char *end;
	unsigned long u;
	size_t n;

	if (name == NULL || uid == NULL || *uid == '\0')
		return NULL;
	u = strtoul(uid, &end, 10);
	if (*end != '\0' || (uid_t)u == getuid())
		return NULL;
	n = strlen(name);
	if (n == 0 || n > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
		return NULL;
	return xstrdup(name);
}

void
log_set_progress(struct log *log, log_progress_fn fn, void *ctx)
{
	log->progress = fn;
	log->progress_ctx = ctx;
}

const char *
log_login(const struct log *log)
{
	return log->login;
}

bool
log_manages(const struct log *log)
{
	return log->role == ROLE_SUPERVISOR ||
	    (log->role == ROLE_TRAINER && log->training);
}

bool
log_is_training(const struct log *log)
{
	return log->training;
}

enum log_status
log_set_training(struct log *log, struct log_error *err)
{
	struct log_field f[] = { { "mode", "training", 0 } };
	struct log_event_in ev = { event_name(EV_LOG_TRAINING), NULL, 0, f, 1 };
	enum log_status s;

	if (log->role != ROLE_SUPERVISOR)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may mark a "
		    "training log"));
	if (log->training)
		return LOG_OK;
	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	if (log_exec(log, "INSERT OR REPLACE INTO meta VALUES ('mode', 'training');") !=
	    SQLITE_OK) {
		s = log_sql_fail(log, sqlite3_errcode(log->db), _("writing"), err);
		log_rollback(log);
		return s;
	}
	if ((s = log_append_in_tx(log, &ev, NULL, err)) != LOG_OK) {
		log_rollback(log);
		return s;
	}
	if ((s = log_commit(log, err)) == LOG_OK)
		log->training = true;
	return s;
}

enum log_status
log_check_passphrase(struct log *log, const char *pass, size_t pass_len,
    struct log_error *err)
{
	unsigned char *key = sodium_malloc(LOG_KEY_BYTES);
	enum log_status s;
	bool same;

	if (key == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory to derive the key"));
	s = log->recovery ? recover_key(log, pass, key, NULL, err) :
	    unwrap_key(log, log->keys_path, pass, pass_len, key, NULL, NULL, err);
	sodium_mprotect_readonly(log->key);
	same = s == LOG_OK && sodium_memcmp(key, log->key, LOG_KEY_BYTES) == 0;
	sodium_mprotect_noaccess(log->key);
	sodium_free(key);
	return same ? LOG_OK : log_fail(err, LOG_E_WRONG,
	    _("wrong passphrase"));
}

/* The account's role, as the signed events give it (authority.c); the
 * accounts summary only says whether a name is an account when the events
 * fail their check, and then the session gets no more than a caseworker's
 * rights. Removed accounts are out. */
static enum log_status
load_account(struct log *log, struct log_error *err)
{
	enum log_status s;
	int role;

	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (log->auth_bad > 0) {
		role = summary_account_active(log, log->user) ? ROLE_CASEWORKER : -1;
	} else {
		role = authors_role(log->auth, log->user);
		log->training = authors_training(log->auth);
		log->pending = authors_pending(log->auth, log->user);
	}
	if (role < 0)
		return log_fail(err, LOG_E_WRONG, _("%s: wrong account or passphrase, "
		    "or the file is damaged or not a rutin log"), log->path);
	log->role = (enum log_role)role;
	if (log->role == ROLE_TRAINER && !log->training)
		return log_fail(err, LOG_E_REFUSED, _("%s is a live log: a trainer's "
		    "account opens training logs only"), log->path);
	return LOG_OK;
}

/* The recovery key: a supervisor's rights, if it is the one the log's
 * events name. A keyring's recovery slot can be replaced by anyone who
 * holds the log key; its signing key then differs from the events'. */
static enum log_status
load_recovery(struct log *log, struct log_error *err)
{
	unsigned char want[32], have[32];
	enum log_status s;

	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	log->role = log->auth_bad > 0 ? ROLE_CASEWORKER : ROLE_SUPERVISOR;
	if (log->auth_bad > 0 || !authors_key(log->auth, LOG_RECOVERY_USER, want))
		return LOG_OK; /* a log of rutin 0.1 that never had one yet */
	if (log->can_sign) {
		sodium_mprotect_readonly(log->sign_sk);
		crypto_sign_ed25519_sk_to_pk(have, log->sign_sk);
		sodium_mprotect_noaccess(log->sign_sk);
	}
	if (log->can_sign && sodium_memcmp(want, have, 32) == 0)
		return LOG_OK;
	return log_fail(err, LOG_E_WRONG, _("%s: that recovery key is not the one "
	    "the log's events name: the keyring's recovery slot was replaced "
	    "outside rutin, or the key was replaced by rutin recovery new"),
	    log->path);
}

/* Keys the database and checks it. The key came from an authenticated
 * slot, so a file it does not open is damaged, unless it opens in rutin
 * 0.1's format (then: upgrade it first). `proven` is false only for a
 * recovery key from rutin 0.1, which is the raw log key with a checksum. */
enum log_status
log_key_and_check(struct log *log, const unsigned char salt[LOG_SALT_BYTES],
    bool proven, struct log_error *err)
{
	enum log_status s;
	int rc;

	log->legacy = false;
	rc = log_key_database(log, salt, SQLITE_OPEN_READWRITE);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("opening"), err);
	if ((s = check_key(log, err)) != LOG_E_WRONG)
		return s;
	log_close_db(log);
	log->legacy = true;
	rc = log_key_database(log, salt, SQLITE_OPEN_READWRITE);
	if (rc == SQLITE_OK && check_key(log, NULL) == LOG_OK)
		return log->legacy_ok ? LOG_OK : log_fail(err, LOG_E_OLD, _("%s: a log "
		    "made by rutin 0.1 (SQLCipher 3 format); upgrade it first: rutin "
		    "upgrade --db %s"), log->path, log->path);
	log_close_db(log);
	log->legacy = false;
	if (!proven)
		return log_fail(err, LOG_E_WRONG, _("%s: wrong recovery key, or the "
		    "file is damaged or not a rutin log"), log->path);
	return log_fail(err, LOG_E_CORRUPT, _("%s: damaged: the key from the "
	    "keyring is right but does not open the file (its first page fails "
	    "its check), or the keyring belongs to another log"), log->path);
}

/* Everything after the key is known. */
static enum log_status
finish_open(struct log *log, const unsigned char salt[LOG_SALT_BYTES],
    bool proven, struct log_error *err)
{
	enum log_status s;

	if ((s = log_key_and_check(log, salt, proven, err)) != LOG_OK)
		return s;
	if ((s = log_migrate(log, err)) != LOG_OK || (s = log_check_format(log, err)) != LOG_OK)
		return s == LOG_E_NOT_A_LOG && proven ? log_fail(err, LOG_E_CORRUPT,
		    _("%s: damaged: %s"), log->path, err->message) : s;
	return log->recovery ? load_recovery(log, err) : load_account(log, err);
}

/* The start every open shares: a private regular file and its salt; for
 * an account (not the recovery key) a private keyring too; then the
 * session lock, held until log_close(). */
static enum log_status
open_begin(const char *path, const char *user, bool recovery, struct log **logp,
    unsigned char salt[LOG_SALT_BYTES], struct log_error *err)
{
	struct log *log;
	enum log_status s;

	*logp = NULL;
	if (sodium_init() < 0)
		return log_fail(err, LOG_E_IO, _("libsodium could not start"));
	log = log_new(path);
	log->user = xstrdup(user);
	log->recovery = recovery;
	if ((s = check_file(log->path, true, err)) != LOG_OK ||
	    (s = log_fs_check(log->path, err)) != LOG_OK ||
	    (s = check_sidecar(log, "-wal", err)) != LOG_OK ||
	    (!recovery && (s = check_file(log->keys_path, true, err)) != LOG_OK) ||
	    (s = lock_session(log->lock_path, user, &log->lock, err)) != LOG_OK ||
	    (s = check_sidecar(log, "-shm", err)) != LOG_OK ||
	    (s = read_salt(log->path, salt, err)) != LOG_OK) {
		log_close(&log);
		return s;
	}
	memcpy(log->salt, salt, LOG_SALT_BYTES);
	*logp = log;
	return LOG_OK;
}

/* Unwraps the log key from the account's slot in the keyring `keys`. */
static enum log_status
unwrap_key(struct log *log, const char *keys, const char *pass, size_t pass_len,
    unsigned char *key, unsigned char *sign_sk, bool *legacy, struct log_error *err)
{
	struct keyring *kr = NULL;
	struct kdf_params used;
	enum keyring_status ks;
	char *msg = NULL;

	ks = keyring_load(keys, &kr, &msg);
	if (ks != KEYRING_OK) {
		enum log_status s = log_fail(err, ks == KEYRING_BAD ? LOG_E_CORRUPT :
		    LOG_E_IO, _("%s: %s"), keys, msg);

		free(msg);
		return s;
	}
	if (sign_sk != NULL)
		sodium_mprotect_readwrite(sign_sk);
	ks = keyring_unlock(kr, log->user, pass, pass_len, key, sign_sk, &used, legacy);
	if (sign_sk != NULL)
		sodium_mprotect_noaccess(sign_sk);
	keyring_free(&kr);
	if (ks == KEYRING_NOMEM)
		return log_fail(err, LOG_E_IO, _("not enough memory to derive the key"));
	if (ks == KEYRING_BAD)
		return log_fail(err, LOG_E_CORRUPT, _("%s: damaged: the passphrase "
		    "opens the slot of %s, but the slot holds no valid key"), keys,
		    log->user);
	if (ks != KEYRING_OK)
		return log_fail(err, LOG_E_WRONG, _("%s: wrong account or passphrase, "
		    "or the file is damaged or not a rutin log"), log->path);
	log->weak = keyring_kdf_is_weaker(&used);
	return LOG_OK;
}

enum log_status
log_load_keyring(struct log *log, bool missing_ok, struct keyring **kr,
    struct log_error *err)
{
	char *msg = NULL;
	enum keyring_status ks = keyring_load(log->keys_path, kr, &msg);
	enum log_status s = LOG_OK;

	if (ks == KEYRING_MISSING && missing_ok)
		*kr = keyring_new();
	else if (ks != KEYRING_OK)
		s = log_fail(err, ks == KEYRING_BAD ? LOG_E_CORRUPT : LOG_E_IO, "%s: %s",
		    log->keys_path, msg);
	free(msg);
	return s;
}

/* Replaces a slot from rutin 0.1 with one of today's, now that the
 * passphrase is at hand; re-reads the keyring under its lock. The new
 * secret's signing key is registered by an event it signs itself: no one
 * could vouch for it (db/FORMAT.md, the threat model). */
static enum log_status
convert_legacy_slot(struct log *log, const char *pass, size_t pass_len,
    struct log_error *err)
{
	unsigned char pk[KEYRING_SIGN_PK];
	char pk_hex[2 * KEYRING_SIGN_PK + 1];
	struct log_field f[] = { { "name", log->user, 0 }, { "sign_pk", pk_hex, 0 } };
	struct log_event_in ev = { event_name(EV_ACCOUNT_KEY_REGISTERED), NULL, 0, f, 2 };
	struct keyring *kr = NULL;
	enum log_status s;
	char *msg = NULL;

	if ((s = lock_keyring(log->lock, err)) != LOG_OK)
		return s;
	if ((s = log_load_keyring(log, false, &kr, err)) == LOG_OK) {
		sodium_mprotect_readonly(log->key);
		sodium_mprotect_readwrite(log->sign_sk);
		if (keyring_set_slot(kr, log->user, pass, pass_len, log->key,
		    &KEYRING_KDF_DEFAULT, true, pk, log->sign_sk) != KEYRING_OK)
			s = log_fail(err, LOG_E_IO, _("not enough memory to derive the key"));
		sodium_mprotect_noaccess(log->sign_sk);
		sodium_mprotect_noaccess(log->key);
		if (s == LOG_OK && keyring_save(kr, log->keys_path, &msg) != KEYRING_OK)
			s = log_fail(err, LOG_E_IO, "%s: %s", log->keys_path, msg);
		if (s == LOG_OK) {
			log->weak = false;
			log->can_sign = true;
			sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
			s = log_append(log, &ev, NULL, err);
		}
	}
	lock_keyring_release(log->lock);
	free(msg);
	keyring_free(&kr);
	return s;
}

/* A rekey that stopped between renaming the new log into place and
 * renaming its keyring (FILE.keys.new) after it: finish it. */
static enum log_status
finish_interrupted_rekey(struct log *log, const char *pass, size_t pass_len,
    const unsigned char salt[LOG_SALT_BYTES], struct log_error *err)
{
	char *pending = xasprintf("%s.new", log->keys_path);
	struct log_error ignored;
	enum log_status s = LOG_E_MISSING;

	if (access(pending, F_OK) == 0) {
		sodium_mprotect_readwrite(log->key);
		s = log->recovery ? recover_from(log, pending, pass, log->key,
		    log->sign_sk, &ignored) : unwrap_key(log, pending, pass, pass_len,
		    log->key, log->sign_sk, NULL, &ignored);
		sodium_mprotect_noaccess(log->key);
		if (s == LOG_OK && (s = finish_open(log, salt, true, &ignored)) == LOG_OK &&
		    (s = lock_keyring(log->lock, err)) == LOG_OK) {
			if (rename(pending, log->keys_path) != 0)
				s = log_fail(err, LOG_E_IO, "%s: %s", log->keys_path,
				    strerror(errno));
			lock_keyring_release(log->lock);
		}
	}
	free(pending);
	return s;
}

/* Opens with log->key holding the key from `proven` source; on failure
 * tries an interrupted rekey's keyring. Frees the log on failure. */
static enum log_status
open_end(struct log *log, const unsigned char salt[LOG_SALT_BYTES], bool proven,
    const char *pass, size_t pass_len, struct log **out, struct log_error *err)
{
	enum log_status s = finish_open(log, salt, proven, err);

	if ((s == LOG_E_CORRUPT || s == LOG_E_WRONG) &&
	    finish_interrupted_rekey(log, pass, pass_len, salt, err) == LOG_OK)
		s = LOG_OK;
	if (s != LOG_OK) {
		log_close(&log);
		return s;
	}
	own_load(log);
	*out = log;
	return LOG_OK;
}

static enum log_status
open_account(const char *path, const char *user, const char *pass,
    size_t pass_len, bool legacy_ok, struct log **out, struct log_error *err)
{
	unsigned char salt[LOG_SALT_BYTES];
	struct log *log;
	enum log_status s;
	bool legacy_slot = false;

	*out = NULL;
	if ((s = open_begin(path, user, false, &log, salt, err)) != LOG_OK)
		return s;
	log->legacy_ok = legacy_ok;
	sodium_mprotect_readwrite(log->key);
	s = unwrap_key(log, log->keys_path, pass, pass_len, log->key, log->sign_sk,
	    &legacy_slot, err);
	sodium_mprotect_noaccess(log->key);
	if (s != LOG_OK) {
		log_close(&log);
		return s;
	}
	log->can_sign = !legacy_slot;
	if ((s = open_end(log, salt, true, pass, pass_len, &log, err)) != LOG_OK)
		return s;
	if (legacy_slot && !log->legacy &&
	    (s = convert_legacy_slot(log, pass, pass_len, err)) != LOG_OK) {
		log_close(&log);
		return s;
	}
	*out = log;
	return LOG_OK;
}

enum log_status
log_open(const char *path, const char *user, const char *pass, size_t pass_len,
    struct log **out, struct log_error *err)
{
	return open_account(path, user, pass, pass_len, false, out, err);
}

/* The log key from a recovery key through the recovery slot of `keys`;
 * with no such slot (a keyring from rutin 0.1, or none at all) the
 * recovery key is the raw log key of rutin 0.1, and *proven is false. */
static enum log_status
recover_from(struct log *log, const char *keys, const char *text,
    unsigned char *key, unsigned char *sign_sk, struct log_error *err)
{
	unsigned char *secret = sodium_malloc(LOG_KEY_BYTES);
	struct keyring *kr = NULL;
	enum keyring_status ks = KEYRING_MISSING;
	char *msg = NULL;

	if (secret == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	if (!recovery_decode(text, secret)) {
		sodium_free(secret);
		return log_fail(err, LOG_E_WRONG, _("that is not a valid recovery key "
		    "(a character is wrong or missing)"));
	}
	if (keyring_load(keys, &kr, &msg) == KEYRING_OK) {
		if (sign_sk != NULL)
			sodium_mprotect_readwrite(sign_sk);
		ks = keyring_recover(kr, secret, key, sign_sk);
		if (sign_sk != NULL)
			sodium_mprotect_noaccess(sign_sk);
		if (ks == KEYRING_OK && sign_sk != NULL)
			log->can_sign = true;
	}
	free(msg);
	keyring_free(&kr);
	log->recovery_raw = ks == KEYRING_MISSING;
	if (ks == KEYRING_MISSING)
		memcpy(key, secret, LOG_KEY_BYTES);
	sodium_free(secret);
	if (ks == KEYRING_WRONG)
		return log_fail(err, LOG_E_WRONG, _("%s: that is not this log's current "
		    "recovery key (was it replaced by rutin recovery new?)"), log->path);
	if (ks == KEYRING_BAD)
		return log_fail(err, LOG_E_CORRUPT, _("%s: damaged: the recovery slot "
		    "holds no valid key"), keys);
	return ks == KEYRING_OK || ks == KEYRING_MISSING ? LOG_OK :
	    log_fail(err, LOG_E_IO, _("not enough memory"));
}

static enum log_status
recover_key(struct log *log, const char *text, unsigned char *key,
    unsigned char *sign_sk, struct log_error *err)
{
	return recover_from(log, log->keys_path, text, key, sign_sk, err);
}

static enum log_status
open_recovery(const char *path, const char *recovery_key, bool legacy_ok,
    struct log **out, struct log_error *err)
{
	unsigned char salt[LOG_SALT_BYTES];
	struct log *log;
	enum log_status s;
	bool keys_missing;

	*out = NULL;
	if ((s = open_begin(path, LOG_RECOVERY_USER, true, &log, salt, err)) != LOG_OK)
		return s;
	log->legacy_ok = legacy_ok;
	sodium_mprotect_readwrite(log->key);
	s = recover_key(log, recovery_key, log->key, log->sign_sk, err);
	sodium_mprotect_noaccess(log->key);
	keys_missing = access(log->keys_path, F_OK) != 0;
	if (s != LOG_OK)
		log_close(&log);
	else
		s = open_end(log, salt, !log->recovery_raw, recovery_key, 0, out, err);
	if (s == LOG_E_WRONG && keys_missing)
		s = log_fail(err, LOG_E_WRONG, _("%s.keys is missing: the recovery key "
		    "opens the log through its slot there; restore the keyring from "
		    "a backup"), path);
	return s;
}

enum log_status
log_open_recovery(const char *path, const char *recovery_key, struct log **out,
    struct log_error *err)
{
	return open_recovery(path, recovery_key, false, out, err);
}

enum log_status
log_open_for_upgrade(const char *path, const char *user, const char *secret,
    size_t secret_len, bool recovery, struct log **out, struct log_error *err)
{
	return recovery ? open_recovery(path, secret, true, out, err) :
	    open_account(path, user, secret, secret_len, true, out, err);
}

/* ---- Creating ---- */

static bool
valid_account_name(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 64 && s[0] != '-' && s[0] != '(' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

bool
log_account_name_ok(const char *name)
{
	return valid_account_name(name);
}

enum log_status
log_check_new_account(const char *name, size_t pass_len, struct log_error *err)
{
	if (!valid_account_name(name))
		return log_fail(err, LOG_E_INVALID, _("account name '%s': use 1 to 64 "
		    "letters a-z, digits, '.', '_' or '-'"), name);
	if (pass_len < LOG_MIN_PASSPHRASE)
		return log_fail(err, LOG_E_INVALID, _("the passphrase is too short: "
		    "use at least %d characters"), LOG_MIN_PASSPHRASE);
	return LOG_OK;
}

static enum log_status
create_database(struct log *log, const char *tmp, const unsigned char salt[LOG_SALT_BYTES],
    struct log_error *err)
{
	char *real = log->path;
	enum log_status s;
	int rc;

	log->path = (char *)tmp;
	rc = log_key_database(log, salt, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	log->path = real;
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("creating"), err);
	if ((s = check_key(log, err)) != LOG_OK)
		return s;
	if (log_exec(log, "PRAGMA journal_mode = WAL;") != SQLITE_OK)
		return log_sql_fail(log, sqlite3_errcode(log->db), _("creating"), err);
	return log_migrate(log, err);
}

/* The log's first events: its creation, which names the recovery key's
 * and the first account's signing keys (its hash is the log's identity),
 * and the first account. */
static enum log_status
first_events(struct log *log, const char *sign_pk, const char *recovery_pk,
    struct log_error *err)
{
	struct log_field created[] = { { "format", LOG_FORMAT, 0 },
		{ "recovery_pk", recovery_pk, 0 }, { "sign_pk", sign_pk, 0 } };
	struct log_field account[] = { { "name", log->user, 0 },
		{ "role", "supervisor", 0 }, { "sign_pk", sign_pk, 0 } };
	struct log_event_in ev1 = { event_name(EV_LOG_CREATED), NULL, 0, created, 3 };
	struct log_event_in ev2 = { event_name(EV_ACCOUNT_ADDED), NULL, 0, account, 3 };
	enum log_status s;

	if ((s = log_append(log, &ev1, NULL, err)) != LOG_OK)
		return s;
	return log_append(log, &ev2, NULL, err);
}

/* The first keyring: the first account's slot and the recovery slot,
 * both sealing log->key; the recovery secret is written for a human into
 * `recovery`, the two signing public keys as hex into the last two. */
static enum log_status
new_keyring(struct log *log, const char *pass, size_t pass_len,
    const struct kdf_params *kdf, struct keyring **out,
    char recovery[RECOVERY_TEXT_LEN], char sign_hex[2 * KEYRING_SIGN_PK + 1],
    char rec_hex[2 * KEYRING_SIGN_PK + 1], struct log_error *err)
{
	unsigned char *secret = sodium_malloc(LOG_KEY_BYTES);
	unsigned char pk[KEYRING_SIGN_PK], rec_pk[KEYRING_SIGN_PK];
	struct keyring *kr = keyring_new();
	bool ok;

	if (secret == NULL) {
		keyring_free(&kr);
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	}
	randombytes_buf(secret, LOG_KEY_BYTES);
	sodium_mprotect_readonly(log->key);
	sodium_mprotect_readwrite(log->sign_sk);
	ok = keyring_set_slot(kr, log->user, pass, pass_len, log->key,
	    kdf ? kdf : &KEYRING_KDF_DEFAULT, false, pk, log->sign_sk) == KEYRING_OK &&
	    keyring_set_recovery(kr, secret, log->key, rec_pk) == KEYRING_OK;
	sodium_mprotect_noaccess(log->sign_sk);
	sodium_mprotect_noaccess(log->key);
	if (ok)
		recovery_encode(secret, recovery);
	sodium_free(secret);
	if (!ok) {
		keyring_free(&kr);
		return log_fail(err, LOG_E_IO, _("not enough memory to derive the key"));
	}
	sodium_bin2hex(sign_hex, 2 * KEYRING_SIGN_PK + 1, pk, sizeof(pk));
	sodium_bin2hex(rec_hex, 2 * KEYRING_SIGN_PK + 1, rec_pk, sizeof(rec_pk));
	log->can_sign = true;
	*out = kr;
	return LOG_OK;
}

enum log_status
log_create(const char *path, const char *user, const char *pass,
    size_t pass_len, const struct kdf_params *kdf,
    char recovery[RECOVERY_TEXT_LEN], struct log **out, struct log_error *err)
{
	unsigned char salt[LOG_SALT_BYTES];
	char sign_hex[2 * KEYRING_SIGN_PK + 1], rec_hex[2 * KEYRING_SIGN_PK + 1];
	struct keyring *kr = NULL;
	struct log *log;
	enum log_status s;
	char *tmp, *msg = NULL;
	mode_t old_umask;
	int fd;

	*out = NULL;
	recovery[0] = '\0';
	if (sodium_init() < 0)
		return log_fail(err, LOG_E_IO, _("libsodium could not start"));
	if ((s = log_check_new_account(user, pass_len, err)) != LOG_OK)
		return s;
	log = log_new(path);
	log->user = xstrdup(user);
	if (access(log->path, F_OK) == 0 || access(log->keys_path, F_OK) == 0) {
		s = log_fail(err, LOG_E_EXISTS, _("%s: already exists; rutin init "
		    "never overwrites a log"), access(log->path, F_OK) == 0 ?
		    log->path : log->keys_path);
		log_close(&log);
		return s;
	}
	if ((s = log_fs_check(log->path, err)) != LOG_OK ||
	    (s = lock_session(log->lock_path, user, &log->lock, err)) != LOG_OK) {
		log_close(&log);
		return s;
	}
	/* Built under a temporary name and linked into place at the end, so
	 * a half-made log never has the real name. */
	old_umask = umask(077);
	tmp = xasprintf("%s.new.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		s = log_fail(err, LOG_E_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	close(fd);
	unlink(tmp); /* SQLCipher must create it itself, empty */
	randombytes_buf(salt, sizeof(salt));
	memcpy(log->salt, salt, LOG_SALT_BYTES);
	sodium_mprotect_readwrite(log->key);
	randombytes_buf(log->key, LOG_KEY_BYTES);
	sodium_mprotect_noaccess(log->key);
	log->role = ROLE_SUPERVISOR;
	if ((s = create_database(log, tmp, salt, err)) != LOG_OK ||
	    (s = new_keyring(log, pass, pass_len, kdf, &kr, recovery, sign_hex,
	    rec_hex, err)) != LOG_OK)
		goto out;
	{	/* append under the temporary name */
		char *real = log->path;

		log->path = tmp;
		s = first_events(log, sign_hex, rec_hex, err);
		log->path = real;
	}
	if (s != LOG_OK)
		goto out;
	log_close_db(log); /* checkpoints and removes the WAL */
	if (keyring_save(kr, log->keys_path, &msg) != KEYRING_OK) {
		s = log_fail(err, LOG_E_IO, "%s: %s", log->keys_path, msg);
		goto out;
	}
	if (chmod(tmp, 0600) != 0 || link(tmp, log->path) != 0) {
		s = log_fail(err, errno == EEXIST ? LOG_E_EXISTS : LOG_E_IO, "%s: %s",
		    log->path, strerror(errno));
		unlink(log->keys_path);
		goto out;
	}
	unlink(tmp);
	s = finish_open(log, salt, true, err);
out:
	umask(old_umask);
	if (s != LOG_OK) {
			log_close_db(log);
		unlink(tmp);
		sodium_memzero(recovery, RECOVERY_TEXT_LEN);
		recovery[0] = '\0';
		log_close(&log);
	} else {
		*out = log;
	}
	free(msg);
	free(tmp);
	keyring_free(&kr);
	return s;
}

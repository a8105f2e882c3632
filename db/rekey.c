/* Replacing the log file as a whole: rekey (a fresh log key, after an
 * account is removed or a passphrase leaked), a new recovery key, and the
 * upgrade of a log made by rutin 0.1 to SQLCipher 4's format.
 *
 * Each copies the log with sqlcipher_export into a new file under the new
 * key, appends its own event there, fsyncs it, writes the new keyring
 * beside the old one (FILE.keys.new), renames the new log into place and
 * then the keyring. A crash before the first rename leaves the old log as
 * it was; between the two renames, the next open finds FILE.keys.new and
 * finishes (log.c). It runs only with the exclusive session lock: no one
 * else has the log open. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/lock.h"
#include "db/log_impl.h"

struct progress {
	const char *tmp;
	int64_t total;
	log_progress_fn fn;
	void *ctx;
	int last;
};

/* SQLite calls it every few thousand steps of the export: the share of
 * the old file's bytes already in the new one. */
static int
on_progress(void *arg)
{
	struct progress *p = arg;
	struct stat st;
	int pct;

	if (p->fn == NULL || p->total <= 0 || stat(p->tmp, &st) != 0)
		return 0;
	pct = (int)(100 * (int64_t)st.st_size / p->total);
	if (pct > 99)
		pct = 99;
	if (pct != p->last) {
		p->last = pct;
		p->fn(p->ctx, pct);
	}
	return 0;
}

static int64_t
file_bytes(struct log *log)
{
	return log_query_int64(log, "SELECT page_count * page_size FROM"
	    " pragma_page_count(), pragma_page_size();", 0);
}

/* Copies the open log into the new file `tmp` under key and salt, in
 * SQLCipher 4's format. */
static enum log_status
export_copy(struct log *log, const char *tmp, const unsigned char *key,
    const unsigned char salt[LOG_SALT_BYTES], log_progress_fn fn, void *ctx,
    struct log_error *err)
{
	struct progress p = { tmp, file_bytes(log), fn, ctx, -1 };
	sqlite3_stmt *st = NULL;
	char *spec, sql[64];
	int rc, version = 0;

	if (sqlite3_prepare_v2(log->db, "PRAGMA user_version;", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	log_exec(log, "PRAGMA wal_checkpoint(TRUNCATE);");
	/* Never ATTACH without KEY (../shared/SQLCIPHER.md 1.5). */
	sodium_mprotect_readonly((void *)key);
	spec = log_key_spec(key, salt);
	sodium_mprotect_noaccess((void *)key);
	if (spec == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	rc = sqlite3_prepare_v2(log->db, "ATTACH DATABASE ?1 AS fresh KEY ?2;", -1,
	    &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, spec, LOG_KEY_SPEC_LEN, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(log->db);
	}
	sqlite3_finalize(st);
	sodium_free(spec);
	if (rc == SQLITE_OK)
		rc = log_pin_cipher(log->db, "fresh", false);
	if (rc == SQLITE_OK) {
		sqlite3_progress_handler(log->db, 10000, on_progress, &p);
		rc = log_exec(log, "SELECT sqlcipher_export('fresh');");
		sqlite3_progress_handler(log->db, 0, NULL, NULL);
	}
	snprintf(sql, sizeof(sql), "PRAGMA fresh.user_version = %d;", version);
	if (rc == SQLITE_OK)
		rc = log_exec(log, sql);
	if (rc != SQLITE_OK) {
		enum log_status s = log_sql_fail(log, rc, _("copying the log"), err);

		log_exec(log, "DETACH DATABASE fresh;");
		return s;
	}
	rc = log_exec(log, "DETACH DATABASE fresh;");
	return rc == SQLITE_OK ? LOG_OK : log_sql_fail(log, rc, _("copying the log"), err);
}

static bool
fsync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* Opens the copy under its new key, in WAL mode, appends `ev` as this
 * account, and closes it (which checkpoints). log->key is the new key. */
static enum log_status
finish_copy(struct log *log, const char *tmp, const unsigned char salt[LOG_SALT_BYTES],
    const struct log_event_in *ev, struct log_error *err)
{
	char *real = log->path;
	enum log_status s;

	log->path = (char *)tmp;
	s = log_key_and_check(log, salt, true, err);
	if (s == LOG_OK && log_exec(log, "PRAGMA journal_mode = WAL;") != SQLITE_OK)
		s = log_sql_fail(log, sqlite3_errcode(log->db), _("copying the log"), err);
	if (s == LOG_OK)
		s = log_append(log, ev, NULL, err);
	log_close_db(log);
	log->path = real;
	if (s == LOG_OK && !fsync_file(tmp))
		s = log_fail(err, LOG_E_IO, "%s: %s", tmp, strerror(errno));
	return s;
}

/* Puts the new file (and keyring, when kr is not NULL) in place of the
 * old ones, in the order that a crash at any point can be recovered. */
static enum log_status
commit_files(struct log *log, const char *tmp, const struct keyring *kr,
    struct log_error *err)
{
	char *pending = xasprintf("%s.new", log->keys_path);
	enum log_status s = LOG_OK;
	char *msg = NULL;

	if (kr != NULL && keyring_save(kr, pending, &msg) != KEYRING_OK)
		s = log_fail(err, LOG_E_IO, "%s: %s", pending, msg);
	else if (chmod(tmp, 0600) != 0 || rename(tmp, log->path) != 0 ||
	    !keyring_fsync_dir(log->path))
		s = log_fail(err, LOG_E_IO, "%s: %s", log->path, strerror(errno));
	else if (kr != NULL && (rename(pending, log->keys_path) != 0 ||
	    !keyring_fsync_dir(log->keys_path)))
		s = log_fail(err, LOG_E_IO, "%s: %s", log->keys_path, strerror(errno));
	if (s != LOG_OK && access(tmp, F_OK) == 0)
		unlink(pending); /* the old log is still in place: so is its keyring */
	free(pending);
	free(msg);
	return s;
}

/* Replaces the log with a copy under `key` (secure memory, taken over)
 * that ends with `ev`; `kr` (may be NULL: unchanged) is the keyring that
 * goes with it. On failure the old log stays open and unchanged. */
static enum log_status
replace_log(struct log *log, unsigned char *key, const struct keyring *kr,
    const struct log_event_in *ev, log_progress_fn fn, void *ctx,
    struct log_error *err)
{
	unsigned char salt[LOG_SALT_BYTES], old_salt[LOG_SALT_BYTES];
	unsigned char *old_key = log->key;
	char *tmp = xasprintf("%s.rekey.XXXXXX", log->path);
	enum log_status s;
	struct log_error ignored;
	mode_t old_umask = umask(077);
	int fd = mkstemp(tmp);

	umask(old_umask);
	if (fd < 0) {
		s = log_fail(err, LOG_E_IO, "%s: %s", tmp, strerror(errno));
		free(tmp);
		sodium_free(key);
		return s;
	}
	close(fd); /* empty: SQLCipher takes a 0-byte file for a new database */
	memcpy(old_salt, log->salt, LOG_SALT_BYTES);
	randombytes_buf(salt, sizeof(salt));
	s = export_copy(log, tmp, key, salt, fn, ctx, err);
	if (s == LOG_OK) {
		log_close_db(log);
		log->key = key;
		s = finish_copy(log, tmp, salt, ev, err);
	}
	if (s == LOG_OK)
		s = commit_files(log, tmp, kr, err);
	if (s == LOG_OK) {
		sodium_free(old_key);
		memcpy(log->salt, salt, LOG_SALT_BYTES);
		s = log_key_and_check(log, salt, true, err);
		if (fn != NULL)
			fn(ctx, 100);
	} else {
		unlink(tmp);
		if (log->key != old_key)
			sodium_free(log->key);
		else
			sodium_free(key);
		log->key = old_key;
		if (log->db == NULL)
			log_key_and_check(log, old_salt, true, &ignored);
	}
	free(tmp);
	return s;
}

static enum log_status
require_supervisor(const struct log *log, const char *what, struct log_error *err)
{
	if (log_manages(log))
		return LOG_OK;
	return log_fail(err, LOG_E_DENIED, _("only a supervisor may %s; '%s' is a %s"),
	    what, log->user, log_role_label(log->role));
}

static enum log_status
refuse_legacy(struct log *log, const struct keyring *kr, struct log_error *err)
{
	char *names = keyring_legacy_names(kr);
	enum log_status s = LOG_OK;

	if (names != NULL)
		s = log_fail(err, LOG_E_DENIED, _("%s: the key slots of %s are from "
		    "rutin 0.1 and hold the log key itself; each must log in once "
		    "(which replaces the slot) or be removed before the log can be "
		    "rekeyed"), log->keys_path, names);
	free(names);
	return s;
}

/* A fresh key sealed to everyone in kr; the new file ends with `ev`. */
static enum log_status
rekey_with_event(struct log *log, struct keyring *kr, const struct log_event_in *ev,
    log_progress_fn fn, void *ctx, struct log_error *err)
{
	unsigned char *key;
	enum log_status s;

	if ((s = refuse_legacy(log, kr, err)) != LOG_OK)
		return s;
	/* A key sealed to no one would lose the log. */
	if (keyring_slot_count(kr) == 0 && !keyring_has_recovery(kr))
		return log_fail(err, LOG_E_DENIED, _("%s: the keyring holds no account "
		    "and no recovery key to give a new key to; not rekeyed"),
		    log->keys_path);
	if ((key = sodium_malloc(LOG_KEY_BYTES)) == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	randombytes_buf(key, LOG_KEY_BYTES);
	keyring_reseal(kr, key);
	sodium_mprotect_noaccess(key);
	return replace_log(log, key, kr, ev, fn, ctx, err);
}

enum log_status
log_rekey_locked(struct log *log, struct keyring *kr, const char *reason,
    log_progress_fn fn, void *ctx, struct log_error *err)
{
	struct log_field f[] = { { "reason", reason, 0 } };
	struct log_event_in ev = { event_name(EV_LOG_REKEYED), NULL, 0, f, 1 };

	return rekey_with_event(log, kr, &ev, fn, ctx, err);
}

/* Runs `change` with the exclusive session lock and the keyring lock,
 * on the keyring as it is on disk now. */
static enum log_status
with_keys_exclusive(struct log *log, enum log_status (*change)(struct log *,
    struct keyring *, const void *, log_progress_fn, void *, struct log_error *),
    const void *arg, log_progress_fn fn, void *ctx, struct log_error *err)
{
	struct keyring *kr = NULL;
	enum log_status s;

	if ((s = lock_exclusive(log->lock, log->path, err)) != LOG_OK)
		return s;
	if ((s = lock_keyring(log->lock, err)) == LOG_OK) {
		if ((s = log_load_keyring(log, false, &kr, err)) == LOG_OK)
			s = change(log, kr, arg, fn, ctx, err);
		keyring_free(&kr);
		lock_keyring_release(log->lock);
	}
	lock_shared(log->lock);
	return s;
}

static enum log_status
rekey_change(struct log *log, struct keyring *kr, const void *reason,
    log_progress_fn fn, void *ctx, struct log_error *err)
{
	return log_rekey_locked(log, kr, reason, fn, ctx, err);
}

enum log_status
log_rekey(struct log *log, log_progress_fn fn, void *ctx, struct log_error *err)
{
	enum log_status s = require_supervisor(log, _("rekey the log"), err);

	return s != LOG_OK ? s : with_keys_exclusive(log, rekey_change, "requested",
	    fn, ctx, err);
}

struct recovery_args {
	const unsigned char *secret;
	bool rekeyed;
};

/* A session opened with rutin 0.1's recovery key (the raw log key) has no
 * signing key: it signs from now on with the new recovery key's, which
 * the recovery.replaced event registers (verify accepts that only where
 * the log never had a recovery key: an upgraded log). */
static enum log_status
sign_as_new_recovery(struct log *log, struct keyring *kr,
    const unsigned char *secret, struct log_error *err)
{
	unsigned char *key = sodium_malloc(LOG_KEY_BYTES);
	enum keyring_status ks;

	if (key == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	sodium_mprotect_readwrite(log->sign_sk);
	ks = keyring_recover(kr, secret, key, log->sign_sk);
	sodium_mprotect_noaccess(log->sign_sk);
	sodium_free(key);
	if (ks != KEYRING_OK)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	log->can_sign = true;
	log->recovery_raw = false;
	return LOG_OK;
}

static enum log_status
recovery_change(struct log *log, struct keyring *kr, const void *arg,
    log_progress_fn fn, void *ctx, struct log_error *err)
{
	struct recovery_args *ra = (struct recovery_args *)arg;
	unsigned char pk[KEYRING_SIGN_PK];
	char pk_hex[2 * KEYRING_SIGN_PK + 1], *legacy, *msg = NULL;
	struct log_field f[] = { { "recovery_pk", pk_hex, 0 } };
	struct log_event_in ev = { event_name(EV_RECOVERY_REPLACED), NULL, 0, f, 1 };
	enum log_status s;

	/* The old recovery slot goes; the event names the new recovery key's
	 * signing key. */
	sodium_mprotect_readonly(log->key);
	keyring_set_recovery(kr, ra->secret, log->key, pk);
	sodium_mprotect_noaccess(log->key);
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	if (log->recovery && !log->can_sign &&
	    (s = sign_as_new_recovery(log, kr, ra->secret, err)) != LOG_OK)
		return s;
	legacy = keyring_legacy_names(kr);
	if (legacy == NULL) {
		/* With the rekey, the key the old recovery slot held goes too. */
		s = rekey_with_event(log, kr, &ev, fn, ctx, err);
		ra->rekeyed = s == LOG_OK;
		return s;
	}
	/* Slots of rutin 0.1 hold the log key itself: no rekey until they
	 * are replaced, so the event goes into this file. */
	free(legacy);
	if ((s = log_append(log, &ev, NULL, err)) == LOG_OK &&
	    keyring_save(kr, log->keys_path, &msg) != KEYRING_OK)
		s = log_fail(err, LOG_E_IO, "%s: %s", log->keys_path, msg);
	free(msg);
	return s;
}

enum log_status
log_recovery_new(struct log *log, char recovery[RECOVERY_TEXT_LEN],
    log_progress_fn fn, void *ctx, bool *rekeyed, struct log_error *err)
{
	struct recovery_args ra = { NULL, false };
	unsigned char *secret;
	enum log_status s;

	recovery[0] = '\0';
	*rekeyed = false;
	if ((s = require_supervisor(log, _("replace the recovery key"), err)) != LOG_OK)
		return s;
	if ((secret = sodium_malloc(LOG_KEY_BYTES)) == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	randombytes_buf(secret, LOG_KEY_BYTES);
	ra.secret = secret;
	s = with_keys_exclusive(log, recovery_change, &ra, fn, ctx, err);
	if (s == LOG_OK)
		recovery_encode(secret, recovery);
	*rekeyed = ra.rekeyed;
	sodium_free(secret);
	return s;
}

/* The log of rutin 0.1 and its keyring, kept as they were beside the
 * upgraded one (LOG_UPGRADE_KEPT): an upgrade that goes wrong, or a
 * question later about what 0.1 wrote, has the original. Under the
 * exclusive lock, its write-ahead log folded in first. A copy an earlier
 * attempt kept is the same log (a failed upgrade changes nothing): kept. */
static enum log_status
keep_before_upgrade(struct log *log, struct log_error *err)
{
	char *db = xasprintf("%s%s", log->path, LOG_UPGRADE_KEPT);
	char *keys = xasprintf("%s%s.keys", log->path, LOG_UPGRADE_KEPT);
	enum log_status s = LOG_OK;

	log_exec(log, "PRAGMA wal_checkpoint(TRUNCATE);");
	if (access(db, F_OK) != 0 && (s = log_copy_file(log->path, db, err)) == LOG_OK &&
	    (s = log_copy_file(log->keys_path, keys, err)) != LOG_OK)
		unlink(db);
	free(db);
	free(keys);
	return s;
}

static enum log_status
upgrade_change(struct log *log, struct keyring *kr, const void *arg,
    log_progress_fn fn, void *ctx, struct log_error *err)
{
	struct log_field f[] = { { "from", "sqlcipher-3", 0 }, { "to", "sqlcipher-4", 0 } };
	struct log_event_in ev = { event_name(EV_LOG_UPGRADED), NULL, 0, f, 2 };
	struct log_verify r;
	unsigned char *key;
	enum log_status s;

	(void)kr;
	(void)arg;
	/* The summaries are derived, and 0.2 derives `deviations` otherwise
	 * than 0.1 did (steps with a standing reason, not reasons typed):
	 * recompute them, then verify. The events, their chain and hashes are
	 * what verify protects, and recomputing touches none of them. */
	if ((s = keep_before_upgrade(log, err)) != LOG_OK ||
	    (s = log_recompute_summaries(log, err)) != LOG_OK)
		return s;
	/* Nothing altered may be carried into the new file unseen. */
	if (log_verify(log, &r, err) != LOG_OK)
		return log_fail(err, err->status == LOG_E_CORRUPT ? LOG_E_CORRUPT :
		    err->status, _("%s: not upgraded: verify finds it altered or "
		    "damaged: %s"), log->path, r.problem[0] ? r.problem : err->message);
	/* The same key: the slots of rutin 0.1 hold it, and go on opening
	 * the log until each is replaced at its owner's next login. */
	if ((key = sodium_malloc(LOG_KEY_BYTES)) == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	sodium_mprotect_readonly(log->key);
	memcpy(key, log->key, LOG_KEY_BYTES);
	sodium_mprotect_noaccess(log->key);
	sodium_mprotect_noaccess(key);
	/* Signed when the upgrading session has a signing key (the recovery
	 * key of this log); else the last unsigned event. */
	log->unsigned_ok = true;
	s = replace_log(log, key, NULL, &ev, fn, ctx, err);
	log->unsigned_ok = false;
	return s;
}

enum log_status
log_upgrade(const char *path, const char *user, const char *secret,
    size_t secret_len, bool recovery, log_progress_fn fn, void *ctx,
    bool *upgraded, struct log_error *err)
{
	struct log *log = NULL;
	enum log_status s;

	*upgraded = false;
	if ((s = log_open_for_upgrade(path, user, secret, secret_len, recovery, &log,
	    err)) != LOG_OK)
		return s;
	if (!log->legacy) {
		log_close(&log);
		return LOG_OK;
	}
	if ((s = require_supervisor(log, _("upgrade the log"), err)) == LOG_OK &&
	    (s = with_keys_exclusive(log, upgrade_change, NULL, fn, ctx, err)) == LOG_OK) {
		log->legacy = false;
		*upgraded = true;
	}
	log_close(&log);
	/* The upgrading account's own slot is replaced at this open. */
	if (s == LOG_OK && !recovery &&
	    (s = log_open(path, user, secret, secret_len, &log, err)) == LOG_OK)
		log_close(&log);
	return s;
}

/* rutin backup: a consistent copy of the log while sessions write to it,
 * encrypted as the log is, and its keyring beside it (the copy is useless
 * without the keyring of its time). SQLite's online backup API copies
 * every page in one step under a read transaction: in WAL mode writers go
 * on, and the copy is the log as of that transaction's start. */
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

/* Makes `path` new and private (never replacing a file); true or errno. */
static bool
create_new(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Copies the bytes of `from` into the new file `to`, made private and
 * synced (the keyring here; the log and keyring in restore.c). */
enum log_status
log_copy_file(const char *from, const char *to, struct log_error *err)
{
	char buf[8192];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	bool ok = true;

	if (in < 0)
		return log_fail(err, LOG_E_IO, _("%s: %s"), from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return log_fail(err, errno == EEXIST ? LOG_E_EXISTS : LOG_E_IO,
		    _("%s: %s"), to, strerror(errno));
	}
	while (ok && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0 && write(out, buf, (size_t)n) == n;
	}
	ok = ok && fsync(out) == 0;
	close(in);
	if (close(out) != 0 || !ok)
		return log_fail(err, errno == ENOSPC ? LOG_E_FULL : LOG_E_IO,
		    _("%s: could not be written: %s"), to, strerror(errno));
	return LOG_OK;
}

/* The pages of the log into `to` (made empty beforehand), keyed with the
 * log's own key and salt, then checkpointed and synced. */
/* Every page, in one step or (with a progress function set: a terminal)
 * in steps of BACKUP_STEP_PAGES, saying how far it is. */
#define BACKUP_STEP_PAGES 1024
static int
copy_steps(struct log *log, sqlite3_backup *b)
{
	int rc, total;

	if (log->progress == NULL)
		return sqlite3_backup_step(b, -1);
	while ((rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES)) == SQLITE_OK) {
		total = sqlite3_backup_pagecount(b);
		if (total > 0)
			log->progress(log->progress_ctx, (int)((int64_t)(total -
			    sqlite3_backup_remaining(b)) * 99 / total));
	}
	if (rc == SQLITE_DONE)
		log->progress(log->progress_ctx, 100);
	return rc;
}

static enum log_status
copy_pages(struct log *log, const char *to, struct log_error *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *spec;
	int rc;

	rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sodium_mprotect_readonly(log->key);
		spec = log_key_spec(log->key, log->salt);
		sodium_mprotect_noaccess(log->key);
		rc = spec == NULL ? SQLITE_NOMEM : sqlite3_key(dst, spec, LOG_KEY_SPEC_LEN);
		sodium_free(spec);
	}
	if (rc == SQLITE_OK) {
		sqlite3_exec(dst, "PRAGMA cipher_log_level = NONE;", NULL, NULL, NULL);
		rc = log_pin_cipher(dst, "main", false);
	}
	if (rc == SQLITE_OK && (b = sqlite3_backup_init(dst, "main", log->db, "main")) != NULL) {
		/* Within the caller's read transaction, one snapshot however
		 * many steps; in steps only to show progress on a terminal. */
		rc = copy_steps(log, b);
		sqlite3_backup_finish(b);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(dst);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		log_fail(err, rc == SQLITE_FULL ? LOG_E_FULL : LOG_E_IO, _("%s: the copy "
		    "failed: %s"), to, dst != NULL ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close_v2(dst);
		return err->status;
	}
	if (sqlite3_close_v2(dst) != SQLITE_OK)
		return log_fail(err, LOG_E_IO, _("%s: could not be closed"), to);
	return LOG_OK;
}

/* The absolute folder the copy `out` is in. */
static char *
copy_folder(const char *out)
{
	char *dir = xstrdup(out), *slash = strrchr(dir, '/'), *real;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	real = realpath(dir, NULL);
	if (real == NULL)
		return dir;
	free(dir);
	return real;
}

static void
remove_copy(const char *out, const char *keys)
{
	static const char *const ext[] = { "-wal", "-shm" };
	size_t i;

	unlink(out);
	unlink(keys);
	for (i = 0; i < 2; i++) {
		char *p = xasprintf("%s%s", out, ext[i]);

		unlink(p);
		free(p);
	}
}

enum log_status
log_backup(struct log *log, const char *out, int64_t *events,
    struct log_error *err)
{
	char *keys = xasprintf("%s.keys", out);
	struct log_field f[] = { { "events", NULL, 0 }, { "folder", NULL, 0 } };
	struct log_event_in ev = { event_name(EV_LOG_BACKED_UP), NULL, 0, f, 2 };
	char *folder = NULL;
	enum log_status s;
	struct stat st;

	if (lstat(out, &st) == 0 || lstat(keys, &st) == 0) {
		s = log_fail(err, LOG_E_EXISTS, _("%s is already there; a backup never "
		    "replaces a file: name a new one"), lstat(out, &st) == 0 ? out : keys);
		free(keys);
		return s;
	}
	if (!create_new(out)) {
		s = log_fail(err, errno == ENOSPC ? LOG_E_FULL : LOG_E_IO, _("%s: %s"), out,
		    strerror(errno));
		free(keys);
		return s;
	}
	/* The keyring of this key: no rekey may come in between. */
	if ((s = lock_keyring(log->lock, err)) != LOG_OK) {
		remove_copy(out, keys);
		free(keys);
		return s;
	}
	/* One read transaction for the count and the copy: the same snapshot. */
	log_exec(log, "BEGIN;");
	f[0].number = log_query_int64(log, "SELECT count(*) FROM events;", 0);
	s = copy_pages(log, out, err);
	log_exec(log, "COMMIT;");
	if (s == LOG_OK)
		s = log_copy_file(log->keys_path, keys, err);
	lock_keyring_release(log->lock);
	if (s == LOG_OK && !keyring_fsync_dir(out))
		s = log_fail(err, LOG_E_IO, _("%s: could not be synced"), out);
	if (s != LOG_OK) {
		remove_copy(out, keys);
		free(keys);
		return s;
	}
	free(keys);
	if (events != NULL)
		*events = f[0].number;
	/* Said in the log itself (after the copy: the copy does not hold it),
	 * so rutin doctor and a supervisor see when the last one was made,
	 * and doctor where copies older than the retention rule may lie. */
	folder = copy_folder(out);
	f[1].text = folder;
	s = log_append(log, &ev, NULL, err);
	free(folder);
	return s;
}

enum log_status
log_backup_folders(struct log *log, char ***out, size_t *n, struct log_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(log->db, "SELECT DISTINCT json_extract(fields,"
	    " '$.folder') FROM events WHERE type = ? AND json_valid(fields);", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, event_name(EV_LOG_BACKED_UP), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

/* rutin restore, the log's part (cli/restore.c decides what to re-apply):
 * the copy and its keyring copied beside the log under a new name, the
 * restore recorded in it, and the files swapped in under the log's
 * exclusive lock, the replaced log kept aside. db/FORMAT.md, "Restore". */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/keyring.h"
#include "db/lock.h"
#include "db/log_impl.h"
#include "db/restore.h"

static const char *const suffixes[] = { "", ".keys", "-wal", "-shm", ".lock" };
#define N_SUFFIXES (sizeof(suffixes) / sizeof(suffixes[0]))

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

enum log_status
log_restore_files(const char *copy, const char *to, struct log_error *err)
{
	char *wal = xasprintf("%s-wal", copy), *from_keys = xasprintf("%s.keys", copy);
	char *to_keys = xasprintf("%s.keys", to);
	struct stat st;
	enum log_status s;

	/* A copy rutin backup made is one file; a copy of a log in use may
	 * hold events in its write-ahead file, which a copy of it alone
	 * loses. */
	if (stat(wal, &st) == 0 && st.st_size > 0)
		s = log_fail(err, LOG_E_INVALID, _("%s holds events not yet in %s (a copy of "
		    "a log in use, not one rutin backup made): restore from a copy made "
		    "with rutin backup"), wal, copy);
	else if ((s = log_copy_file(copy, to, err)) == LOG_OK &&
	    (s = log_copy_file(from_keys, to_keys, err)) != LOG_OK)
		unlink(to);
	free(wal);
	free(from_keys);
	free(to_keys);
	return s;
}

void
log_restore_discard(const char *path)
{
	size_t i;

	for (i = 0; i < N_SUFFIXES; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
}

enum log_status
log_restore_record(struct log *log, const struct log_restore_info *ri,
    struct log_error *err)
{
	unsigned char head[32];
	char head_hex[65], copy_seq[24], copy_time[24], lost_to[24], newest[24];
	int64_t seq, time = 0;
	struct log_field f[6];
	struct log_event_in ev = { event_name(EV_LOG_RESTORED), NULL, 0, f, 6 };

	if (log->role != ROLE_SUPERVISOR && !log->recovery)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may restore the "
		    "log; '%s' is a %s"), log->user, log_role_label(log->role));
	seq = log_last_seq(log);
	if (!log_event_at(log, seq, head, NULL, &time))
		return log_sql_fail(log, sqlite3_errcode(log->db), _("reading"), err);
	sodium_bin2hex(head_hex, sizeof(head_hex), head, 32);
	snprintf(copy_seq, sizeof(copy_seq), "%" PRId64, seq);
	snprintf(copy_time, sizeof(copy_time), "%" PRId64, time);
	snprintf(lost_to, sizeof(lost_to), "%" PRId64, ri->lost_to);
	snprintf(newest, sizeof(newest), "%" PRId64, ri->seals_newest);
	f[0] = (struct log_field){ "copy_head", head_hex, 0 };
	f[1] = (struct log_field){ "copy_seq", copy_seq, 0 };
	f[2] = (struct log_field){ "copy_time", copy_time, 0 };
	f[3] = (struct log_field){ "lost_to", lost_to, 0 };
	f[4] = (struct log_field){ "seals_newest", newest, 0 };
	f[5] = (struct log_field){ "source", ri->source, 0 };
	return log_append(log, &ev, NULL, err);
}

/* `path`.replaced-YYYYMMDDTHHMMSS, a name no file has. */
static char *
aside_name(const char *path)
{
	time_t t = (time_t)(clock_now_ms() / 1000);
	struct tm tm;
	char stamp[32];
	char *name;
	int n = 0;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	name = xasprintf("%s.replaced-%s", path, stamp);
	while (exists(name)) {
		free(name);
		name = xasprintf("%s.replaced-%s-%d", path, stamp, ++n);
	}
	return name;
}

/* Moves each of the log's files that exists to `aside` with its suffix. */
static enum log_status
move_aside(const char *path, const char *aside, struct log_error *err)
{
	size_t i;

	for (i = 0; i + 1 < N_SUFFIXES; i++) { /* the lock file stays */
		char *from = xasprintf("%s%s", path, suffixes[i]);
		char *to = xasprintf("%s%s", aside, suffixes[i]);
		bool ok = !exists(from) || rename(from, to) == 0;

		free(from);
		free(to);
		if (!ok)
			return log_fail(err, LOG_E_IO, _("%s: could not be moved aside: %s"),
			    path, strerror(errno));
	}
	return LOG_OK;
}

enum log_status
log_restore_lock(const char *path, struct log_lock **lock, struct log_error *err)
{
	char *lock_path = xasprintf("%s.lock", path);
	enum log_status s;

	*lock = NULL;
	if ((s = lock_session(lock_path, "(restore)", lock, err)) == LOG_OK &&
	    (s = lock_exclusive(*lock, path, err)) != LOG_OK)
		lock_release(lock);
	free(lock_path);
	return s;
}

void
log_restore_unlock(struct log_lock **lock)
{
	lock_release(lock);
}

enum log_status
log_restore_swap(const char *restored, const char *path, char **aside,
    struct log_error *err)
{
	char *from_keys = xasprintf("%s.keys", restored), *to_keys = xasprintf("%s.keys", path);
	char *work_lock = xasprintf("%s.lock", restored);
	enum log_status s;

	*aside = aside_name(path);
	if ((s = move_aside(path, *aside, err)) == LOG_OK &&
	    (rename(restored, path) != 0 || rename(from_keys, to_keys) != 0))
		s = log_fail(err, LOG_E_IO, _("%s: the restored log could not be put in "
		    "place: %s (the replaced one is %s)"), path, strerror(errno), *aside);
	if (s == LOG_OK && !keyring_fsync_dir(path))
		s = log_fail(err, LOG_E_IO, _("%s: its folder could not be synced: %s"),
		    path, strerror(errno));
	if (s == LOG_OK)
		unlink(work_lock); /* the restored log's own, no longer its name */
	free(from_keys);
	free(to_keys);
	free(work_lock);
	return s;
}

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/lock.h"
#include "db/log_impl.h"

/* Byte 0: sessions (shared) against rekey and upgrade (exclusive).
 * Byte 1: keyring changes. From RECORD_BASE: one record per session. */
#define SESSION_BYTE 0
#define KEYRING_BYTE 1
#define RECORD_BASE 4096
#define RECORD_SIZE 128
#define RECORD_MAX 256

struct log_lock {
	int fd;
	int record; /* -1: none could be had (more than RECORD_MAX sessions) */
};

static int
ofd_lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, cmd, &fl);
}

/* True when another open file holds a lock on the range. */
static bool
locked_by_other(int fd, off_t start, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

static int
open_lock_file(const char *path, struct log_error *err)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		log_fail(err, LOG_E_IO, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		log_fail(err, LOG_E_PERMS, _("%s: others may read or change this file "
		    "(mode %04o); it must be private: chmod 600 %s"), path,
		    (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Takes a free record and writes who this session is into it: "ACCOUNT
 * PID SINCE [LOGIN]", the login when rutin runs through sudo. */
static void
take_record(struct log_lock *l, const char *account)
{
	char rec[RECORD_SIZE], *login = log_sudo_login();
	int k;

	l->record = -1;
	for (k = 0; k < RECORD_MAX; k++) {
		if (ofd_lock(l->fd, F_OFD_SETLK, F_WRLCK, RECORD_BASE + k * RECORD_SIZE,
		    RECORD_SIZE) != 0)
			continue;
		memset(rec, 0, sizeof(rec));
		snprintf(rec, sizeof(rec), "%s %ld %lld%s%s", account, (long)getpid(),
		    (long long)clock_now(), login != NULL ? " " : "", login != NULL ? login : "");
		if (pwrite(l->fd, rec, sizeof(rec), RECORD_BASE + k * RECORD_SIZE) !=
		    (ssize_t)sizeof(rec)) {
			ofd_lock(l->fd, F_OFD_SETLK, F_UNLCK, RECORD_BASE + k * RECORD_SIZE,
			    RECORD_SIZE);
			break;
		}
		l->record = k;
		break;
	}
	free(login);
}

/* Record k of another session that is still open, into *out. */
static bool
read_record(struct log_lock *l, int k, struct log_session *out)
{
	char rec[RECORD_SIZE + 1];
	long long since;

	if (k == l->record || !locked_by_other(l->fd, RECORD_BASE + k * RECORD_SIZE,
	    RECORD_SIZE))
		return false;
	memset(rec, 0, sizeof(rec));
	memset(out, 0, sizeof(*out));
	if (pread(l->fd, rec, RECORD_SIZE, RECORD_BASE + k * RECORD_SIZE) <= 0 ||
	    sscanf(rec, "%64[A-Za-z0-9._()-] %ld %lld %64[A-Za-z0-9._-]", out->account,
	    &out->pid, &since, out->login) < 3)
		return false;
	out->since = (int64_t)since;
	out->record = k;
	return true;
}

size_t
lock_sessions(struct log_lock *l, struct log_session **out)
{
	struct log_session *list = NULL, one;
	size_t n = 0;
	int k;

	for (k = 0; k < RECORD_MAX; k++) {
		if (!read_record(l, k, &one))
			continue;
		list = xreallocarray(list, n + 1, sizeof(*list));
		list[n++] = one;
	}
	*out = list;
	return n;
}

enum log_status
lock_session(const char *path, const char *account, struct log_lock **out,
    struct log_error *err)
{
	struct log_lock *l;
	int fd, waited;

	*out = NULL;
	if ((fd = open_lock_file(path, err)) < 0)
		return err != NULL ? err->status : LOG_E_IO;
	/* A rekey or upgrade holds it exclusively for as long as it copies
	 * the log; wait for it, but not forever. */
	for (waited = 0; ofd_lock(fd, F_OFD_SETLK, F_RDLCK, SESSION_BYTE, 1) != 0;
	    waited++) {
		if ((errno != EAGAIN && errno != EACCES) ||
		    waited >= LOCK_WAIT_SECONDS * 10) {
			close(fd);
			return log_fail(err, LOG_E_BUSY, _("%s: the log is being rekeyed "
			    "or upgraded in another session; try again later"), path);
		}
		usleep(100000);
	}
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	take_record(l, account);
	*out = l;
	return LOG_OK;
}

/* "bo since 10:42 (process 123)" for each other session, ", "-separated. */
static char *
other_sessions(struct log_lock *l)
{
	struct log_session *list;
	char when[32], *text = NULL, *more;
	size_t n = lock_sessions(l, &list), i;
	struct tm tm;
	time_t t;

	for (i = 0; i < n; i++) {
		t = (time_t)list[i].since;
		if (localtime_r(&t, &tm) == NULL || strftime(when, sizeof(when),
		    t > clock_now() - 86400 ? "%H:%M" : "%Y-%m-%d %H:%M", &tm) == 0)
			snprintf(when, sizeof(when), "?");
		more = xasprintf(_("%s%s%s since %s (process %ld)"), text ? text : "",
		    text ? ", " : "", list[i].account, when, list[i].pid);
		free(text);
		text = more;
	}
	free(list);
	return text;
}

enum log_status
lock_exclusive(struct log_lock *l, const char *log_path, struct log_error *err)
{
	char *who;
	enum log_status s;

	if (ofd_lock(l->fd, F_OFD_SETLK, F_WRLCK, SESSION_BYTE, 1) == 0)
		return LOG_OK;
	who = other_sessions(l);
	s = log_fail(err, LOG_E_BUSY, _("%s: open in another session by %s; ask them "
	    "to close rutin, then try again"), log_path, who ? who :
	    _("someone (the session did not say who)"));
	free(who);
	return s;
}

void
lock_shared(struct log_lock *l)
{
	ofd_lock(l->fd, F_OFD_SETLK, F_RDLCK, SESSION_BYTE, 1);
}

enum log_status
lock_keyring(struct log_lock *l, struct log_error *err)
{
	while (ofd_lock(l->fd, F_OFD_SETLKW, F_WRLCK, KEYRING_BYTE, 1) != 0)
		if (errno != EINTR)
			return log_fail(err, LOG_E_IO, _("locking the keyring: %s"),
			    strerror(errno));
	return LOG_OK;
}

void
lock_keyring_release(struct log_lock *l)
{
	ofd_lock(l->fd, F_OFD_SETLK, F_UNLCK, KEYRING_BYTE, 1);
}

void
lock_release(struct log_lock **lp)
{
	struct log_lock *l;

	if (lp == NULL || (l = *lp) == NULL)
		return;
	close(l->fd); /* releases every OFD lock of this open file */
	free(l);
	*lp = NULL;
}

int
lock_record(const struct log_lock *l)
{
	return l->record;
}

bool
lock_record_alive(struct log_lock *l, int record, long pid)
{
	struct log_session one;

	if (record < 0 || record >= RECORD_MAX)
		return false;
	if (record == l->record)
		return pid == (long)getpid();
	return read_record(l, record, &one) && one.pid == pid;
}

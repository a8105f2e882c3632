/* Who has the log open, and asking one of them to close (log.h,
 * "Sessions"): the records of FILE.lock (lock.c), and a signal to the
 * session's process, recorded in the log first (session.closed). So that
 * `rutin user remove`, which needs the log to itself, is not blocked by a
 * colleague who went home with rutin open. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "db/lock.h"
#include "db/log_impl.h"

enum log_status
log_sessions(struct log *log, struct log_session **out, size_t *n, struct log_error *err)
{
	(void)err;
	*n = lock_sessions(log->lock, out);
	return LOG_OK;
}

/* The session of process `pid`, into *out. */
static bool
find_session(struct log *log, long pid, struct log_session *out)
{
	struct log_session *list;
	size_t n = lock_sessions(log->lock, &list), i;
	bool found = false;

	for (i = 0; i < n && !found; i++)
		if (list[i].pid == pid) {
			*out = list[i];
			found = true;
		}
	free(list);
	return found;
}

/* Waits up to `wait_ms` for the session's record to be let go. */
static bool
wait_closed(struct log *log, const struct log_session *s, int wait_ms)
{
	int waited;

	for (waited = 0; waited <= wait_ms; waited += 100) {
		if (!lock_record_alive(log->lock, s->record, s->pid))
			return true;
		usleep(100000);
	}
	return false;
}

enum log_status
log_session_close(struct log *log, long pid, int wait_ms, bool *closed,
    struct log_error *err)
{
	struct log_session s;
	struct log_field f[4];
	struct log_event_in ev;
	enum log_status st;

	*closed = false;
	if (pid <= 0 || pid == (long)getpid() || !find_session(log, pid, &s))
		return log_fail(err, LOG_E_INVALID, _("no other session of this log is "
		    "process %ld (rutin sessions lists them)"), pid);
	if (kill((pid_t)pid, 0) != 0)
		return log_fail(err, LOG_E_DENIED, _("the session of %s (process %ld) "
		    "cannot be asked to close from this Unix account: %s"), s.account, pid,
		    strerror(errno));
	f[0] = (struct log_field){ "name", s.account, 0 };
	f[1] = (struct log_field){ "login", s.login, 0 };
	f[2] = (struct log_field){ "pid", NULL, pid };
	f[3] = (struct log_field){ "since", NULL, s.since };
	ev = (struct log_event_in){ event_name(EV_SESSION_CLOSED), NULL, 0, f, 4 };
	if ((st = log_append(log, &ev, NULL, err)) != LOG_OK)
		return st;
	if (kill((pid_t)pid, SIGTERM) != 0)
		return log_fail(err, LOG_E_IO, _("the session of %s (process %ld) could not "
		    "be asked to close: %s"), s.account, pid, strerror(errno));
	*closed = wait_closed(log, &s, wait_ms);
	return LOG_OK;
}

/* Seals rsyslog has not had acknowledged: forward.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/when.h"
#include "cli/doctor.h"
#include "cli/forward.h"

/* impstats writes every minute in the recipe; older than this, rsyslog
 * has stopped (or the interval was changed). */
#define STALE_SECS (10 * 60)
/* The end of the file is read: the last minutes' lines are there. */
#define TAIL_BYTES 65536

bool
forward_queue_size(const char *text, long long *size)
{
	static const char tag[] = FORWARD_ACTION " queue: ";
	const char *p = text, *last = NULL, *eol, *s;
	char *end;
	long long v;

	while ((p = strstr(p, tag)) != NULL) {
		/* The name begins the message: after "DATE: " or at a line's start. */
		if (p == text || p[-1] == ' ' || p[-1] == '\n')
			last = p;
		p += sizeof(tag) - 1;
	}
	if (last == NULL)
		return false;
	eol = strchr(last, '\n');
	if (eol == NULL)
		eol = last + strlen(last);
	s = strstr(last, " size=");
	if (s == NULL || s > eol)
		return false;
	s += 6;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno != 0 || v < 0 || (end != eol && *end != ' '))
		return false;
	*size = v;
	return true;
}

/* The last TAIL_BYTES of `path` into buf (NUL-ended); false with errno. */
static bool
read_tail(const char *path, char *buf, size_t len, struct stat *st)
{
	ssize_t n;
	off_t from;
	/* O_NONBLOCK: a FIFO in its place must not hang doctor. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return false;
	if (fstat(fd, st) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return false;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL; /* not a file */
		return false;
	}
	from = st->st_size > (off_t)(len - 1) ? st->st_size - (off_t)(len - 1) : 0;
	n = pread(fd, buf, len - 1, from);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

void
forward_check(const char *stats)
{
	static char buf[TAIL_BYTES + 1];
	struct stat st;
	long long queued;
	time_t now = clock_now();
	char when[32];

	if (!read_tail(stats, buf, sizeof(buf), &st)) {
		doctor_finding(false, _("rsyslog's statistics %s (seal_queue_stats): %s: load "
		    "impstats with log.file=\"%s\" as rutin-admin(7) shows, and restart rsyslog"),
		    stats, strerror(errno), stats);
		return;
	}
	when_format(when, sizeof(when), (int64_t)st.st_mtime * 1000);
	if (now - st.st_mtime > STALE_SECS) {
		doctor_finding(false, _("rsyslog has written no statistics to %s since %s: is "
		    "rsyslog running? (systemctl status rsyslog) Until it runs, seals reach "
		    "no collector"), stats, when);
	} else if (!forward_queue_size(buf, &queued)) {
		doctor_finding(false, _("rsyslog's statistics %s name no action \"%s\": give the "
		    "action that forwards the seals name=\"%s\", as rutin-admin(7) shows"),
		    stats, FORWARD_ACTION, FORWARD_ACTION);
	} else if (queued > 0) {
		doctor_finding(false, ngettext("%lld seal waits in rsyslog's queue, not yet "
		    "acknowledged by the collector (rsyslog's statistics of %s): it is kept on "
		    "disk until the collector answers; check the collector and the way to it "
		    "(journalctl -u rsyslog)", "%lld seals wait in rsyslog's queue, not yet "
		    "acknowledged by the collector (rsyslog's statistics of %s): they are kept "
		    "on disk until the collector answers; check the collector and the way to "
		    "it (journalctl -u rsyslog)", (unsigned long)queued), queued, when);
	} else {
		doctor_finding(true, _("no seal waits in rsyslog's queue unacknowledged by the "
		    "collector (rsyslog's statistics of %s)"), when);
	}
}

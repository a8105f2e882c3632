#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "tui/seals.h"

#define SYSLOG_SOCKET "/dev/log"

/* Appends the line and a newline, durably. */
static bool
append_line(const char *path, const char *line, char *why, size_t why_len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t n = strlen(line);
	bool ok;

	if (fd < 0) {
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return false;
	}
	ok = write(fd, line, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	if (!ok)
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
	close(fd);
	return ok;
}

/* A socket to the syslog daemon, connected: -1 (errno set) when no
 * daemon listens. Datagrams, or a stream where the daemon wants one (as
 * glibc's syslog(3) tries). *stream says which. */
static int
syslog_connect(bool *stream)
{
	struct sockaddr_un addr;
	int fd, type;

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", SYSLOG_SOCKET);
	for (type = SOCK_DGRAM; ; type = SOCK_STREAM) {
		if ((fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0)) < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
			*stream = type == SOCK_STREAM;
			return fd;
		}
		close(fd);
		if (errno != EPROTOTYPE || type == SOCK_STREAM)
			return -1;
	}
}

bool
seals_syslog_ok(char *why, size_t why_len)
{
	bool stream;
	int fd = syslog_connect(&stream);

	if (fd < 0) {
		snprintf(why, why_len, _("%s: %s (no syslog daemon listens)"), SYSLOG_SOCKET,
		    strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

/* Sends the line to the syslog daemon, facility user, level notice, as
 * syslog(3) would: but syslog(3) drops a message silently when no daemon
 * takes it, and a seal that went nowhere must be said. */
static bool
send_syslog(const char *line, char *why, size_t why_len)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = clock_now();
	struct tm tm;
	bool stream, ok;
	char *msg;
	size_t n;
	int fd;

	localtime_r(&now, &tm);
	msg = xasprintf("<%d>%s %2d %02d:%02d:%02d rutin[%ld]: %s", LOG_USER | LOG_NOTICE,
	    months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    (long)getpid(), line);
	n = strlen(msg) + 1; /* a stream's messages end with a NUL */
	if ((fd = syslog_connect(&stream)) < 0)
		ok = false;
	else
		ok = send(fd, msg, stream ? n : n - 1, MSG_NOSIGNAL) == (ssize_t)(stream ? n : n - 1);
	if (!ok)
		snprintf(why, why_len, _("the seal was not sent to syslog: %s: %s (no "
		    "syslog daemon took it)"), SYSLOG_SOCKET, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(msg);
	return ok;
}

bool
seals_send(struct log *log, const struct seal_dest *d, char line[LOG_SEAL_LEN],
    char *why, size_t why_len)
{
	struct log_error err;
	char file_why[256];
	bool ok;

	why[0] = '\0';
	if (log_seal(log, line, &err) != LOG_OK) {
		snprintf(why, why_len, "%s", err.message);
		return false;
	}
	/* rsyslog or journald forward it to a central log server. Every
	 * destination is tried; the first that failed is said. */
	ok = !d->syslog || send_syslog(line, why, why_len);
	if (d->file != NULL && !append_line(d->file, line, ok ? why : file_why,
	    ok ? why_len : sizeof(file_why)))
		ok = false;
	return ok;
}

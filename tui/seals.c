#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "common/i18n.h"
#include "tui/seals.h"

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

bool
seals_send(struct log *log, const struct seal_dest *d, char line[LOG_SEAL_LEN],
    char *why, size_t why_len)
{
	struct log_error err;

	why[0] = '\0';
	if (log_seal(log, line, &err) != LOG_OK) {
		snprintf(why, why_len, "%s", err.message);
		return false;
	}
	if (d->syslog) {
		/* rsyslog or journald forward it to a central log server. */
		openlog("rutin", LOG_PID | LOG_NDELAY, LOG_USER);
		syslog(LOG_NOTICE, "%s", line);
		closelog();
	}
	if (d->file != NULL && !append_line(d->file, line, why, why_len))
		return false;
	return true;
}

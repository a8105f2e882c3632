/* syslog_sink SECONDS COUNT: stands in for a syslog daemon. Binds
 * /dev/log (a Unix datagram socket, where syslog(3) writes) when nothing
 * is there, prints "ready" on standard error, then prints each message it
 * receives until it has COUNT of them, SECONDS have passed or it is sent
 * SIGTERM, and always removes the socket. Exit 77 (skip) when /dev/log
 * exists already or cannot be made (not root). Tests only. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	struct sockaddr_un addr;
	struct sigaction sa;
	char buf[2048];
	time_t end;
	int fd, want, got = 0;

	if (argc != 3)
		return 2;
	end = time(NULL) + atoi(argv[1]);
	want = atoi(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (access("/dev/log", F_OK) == 0)
		return 77;
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "/dev/log");
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		return 77;
	fprintf(stderr, "ready\n");
	while (!stop && got < want && time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			got++;
			buf[n] = '\0';
			printf("%s\n", buf);
			fflush(stdout);
		}
	}
	close(fd);
	unlink("/dev/log");
	return 0;
}

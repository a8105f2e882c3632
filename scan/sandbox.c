/* doc_read in a child process under limits; see sandbox.h. The child
 * writes the document to a pipe: a status byte, then either the error
 * (its position and sentence) or the kind, pages, pages without text and
 * parts, each length-prefixed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "scan/limits.h"
#include "scan/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* ---- The child's side ---- */

static bool
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool
put_u32(int fd, uint32_t v)
{
	return write_all(fd, &v, sizeof(v));
}

static bool
put_bytes(int fd, const char *s, size_t n)
{
	uint64_t len = n;

	return write_all(fd, &len, sizeof(len)) && write_all(fd, s, n);
}

static bool
send_doc(int fd, const struct doc *d)
{
	size_t i;
	bool ok = write_all(fd, "O", 1) && put_bytes(fd, d->kind, strlen(d->kind)) &&
	    put_u32(fd, d->pages) && put_u32(fd, (uint32_t)d->nblank);

	for (i = 0; i < d->nblank && ok; i++)
		ok = put_u32(fd, d->blank_pages[i]);
	ok = ok && put_u32(fd, (uint32_t)d->n);
	for (i = 0; i < d->n && ok; i++)
		ok = put_u32(fd, d->parts[i].label != NULL) &&
		    (d->parts[i].label == NULL ||
		    put_bytes(fd, d->parts[i].label, strlen(d->parts[i].label))) &&
		    put_bytes(fd, d->parts[i].text, d->parts[i].len);
	return ok;
}

/* A limit on the child; the hard limit a second above the soft one for
 * processor time, so that SIGXCPU (which the parent names) comes before
 * the kernel's SIGKILL. */
static void
limit(int resource, rlim_t value)
{
	struct rlimit r = { value, resource == RLIMIT_CPU ? value + 1 : value };

	setrlimit(resource, &r);
}

static void
child(int fd, const char *data, size_t len, struct doc *d, const struct limits *lim)
{
	char err[1024];
	int null = open("/dev/null", O_WRONLY);
	volatile bool spin = true;
	bool ok;

	/* Libraries print their complaints about a damaged file: not on
	 * the terminal (the parent says what matters). */
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	limit(RLIMIT_CORE, 0);
	limit(RLIMIT_CPU, lim->cpu_seconds);
#ifndef UNDER_ASAN
	limit(RLIMIT_AS, lim->memory);
#endif
	if (lim->fault == LIMITS_CRASH) /* test builds only (limits.h) */
		abort();
	while (lim->fault == LIMITS_HANG && spin)
		;
	err[0] = '\0';
	ok = doc_read(data, len, d, err, sizeof(err));
	if (ok)
		ok = send_doc(fd, d);
	else
		ok = write_all(fd, "E", 1) && put_u32(fd, d->err_line) &&
		    put_u32(fd, d->err_column) && put_bytes(fd, err, strlen(err));
	_exit(ok ? 0 : 3);
}

/* ---- The parent's side ---- */

struct reader {
	const char *buf;
	size_t len, at;
	bool bad;
};

static const void *
take(struct reader *r, size_t n)
{
	const void *p = r->buf + r->at;

	if (r->bad || n > r->len - r->at) {
		r->bad = true;
		return NULL;
	}
	r->at += n;
	return p;
}

static uint32_t
get_u32(struct reader *r)
{
	uint32_t v = 0;
	const void *p = take(r, sizeof(v));

	if (p != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

/* A length-prefixed string, NUL-terminated, into a fresh allocation. */
static char *
get_bytes(struct reader *r, size_t *n)
{
	uint64_t len = 0;
	const void *p = take(r, sizeof(len));
	const char *s;

	if (p == NULL)
		return NULL;
	memcpy(&len, p, sizeof(len));
	if (len > r->len || (s = take(r, (size_t)len)) == NULL)
		return NULL;
	if (n != NULL)
		*n = (size_t)len;
	return xstrndup(s, (size_t)len);
}

static const char *
kind_of(const char *k)
{
	static const char *const kinds[] = { "text", "PDF", "Word", "OpenDocument" };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (k != NULL && strcmp(k, kinds[i]) == 0)
			return kinds[i];
	return "?";
}

static bool
receive_doc(struct reader *r, struct doc *d, char *err, size_t err_size)
{
	const char *st = take(r, 1);
	uint32_t i, n;
	char *s;

	if (st != NULL && *st == 'E') {
		d->err_line = get_u32(r);
		d->err_column = get_u32(r);
		s = get_bytes(r, NULL);
		snprintf(err, err_size, "%s", s != NULL ? s : "?");
		free(s);
		return false;
	}
	s = get_bytes(r, NULL);
	d->kind = kind_of(s);
	free(s);
	d->pages = get_u32(r);
	n = get_u32(r);
	for (i = 0; i < n && !r->bad; i++)
		doc_add_blank_page(d, get_u32(r));
	n = get_u32(r);
	for (i = 0; i < n && !r->bad; i++) {
		char *label = get_u32(r) ? get_bytes(r, NULL) : NULL;
		size_t len = 0;
		char *text = get_bytes(r, &len);
		struct doc_part *p;

		if (text == NULL) {
			free(label);
			break;
		}
		p = doc_add_part(d, label);
		free(p->text);
		p->text = text;
		p->len = len;
		free(label);
	}
	if (r->bad || st == NULL || *st != 'O') {
		snprintf(err, err_size, _("the reader's answer was cut short"));
		return false;
	}
	return true;
}

/* A clock for a deadline: never set back or forward. */
static time_t
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Reads the child's answer until the pipe closes, at most the text cap
 * and a margin, within the time allowed; false on a timeout. */
static bool
read_answer(int fd, unsigned seconds, char **buf, size_t *len, bool *too_long)
{
	size_t cap = 1 << 16, max = (size_t)DOC_MAX_TEXT + (16u << 20);
	time_t deadline = monotonic_seconds() + seconds;

	*buf = xmalloc(cap);
	*len = 0;
	*too_long = false;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		time_t left = deadline - monotonic_seconds();
		ssize_t got;
		int ready;

		if (left <= 0)
			return false;
		ready = poll(&p, 1, (int)left * 1000);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return false;
		if (*len == cap) {
			if (cap >= max) {
				*too_long = true;
				return true;
			}
			cap *= 2;
			*buf = xreallocarray(*buf, cap, 1);
		}
		got = read(fd, *buf + *len, cap - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return true;
		*len += (size_t)got;
	}
}

bool
sandbox_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size)
{
	int fds[2], status = 0;
	pid_t pid;
	char *answer = NULL;
	size_t alen = 0;
	bool in_time, too_long, ok = false;
	struct reader r;
	struct limits lim;

	limits_get(&lim);
	if (pipe(fds) != 0) {
		snprintf(err, err_size, _("could not start the reader: %s"), strerror(errno));
		return false;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		snprintf(err, err_size, _("could not start the reader: %s"), strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], data, len, d, &lim);
	}
	close(fds[1]);
	in_time = read_answer(fds[0], lim.wait_seconds, &answer, &alen, &too_long);
	close(fds[0]);
	if (!in_time || too_long)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!in_time) {
		snprintf(err, err_size, _("reading it took longer than %u s: stopped. "
		    "A damaged or crafted document? Check it by hand."), lim.wait_seconds);
	} else if (too_long) {
		snprintf(err, err_size, _("more text than rutin scans (%u MiB)"), DOC_MAX_TEXT >> 20);
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
		snprintf(err, err_size, _("reading it took more than %u s of processor "
		    "time: stopped. A damaged or crafted document? Check it by hand."),
		    lim.cpu_seconds);
	} else if (WIFSIGNALED(status)) {
		snprintf(err, err_size, _("the document reader failed on it (signal %d): a "
		    "damaged or crafted document? Check it by hand."), WTERMSIG(status));
	} else if (alen > 0 && answer[0] == 'E') {
		r = (struct reader){ answer, alen, 0, false };
		ok = receive_doc(&r, d, err, err_size);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_size, _("the document reader failed on it (it ran out of "
		    "memory, or the file is damaged): check it by hand"));
	} else {
		r = (struct reader){ answer, alen, 0, false };
		ok = receive_doc(&r, d, err, err_size);
	}
	free(answer);
	return ok;
}

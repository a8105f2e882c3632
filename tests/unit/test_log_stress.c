/* The log under stress: processes killed mid-append, many processes
 * appending at once, and a full disk. Nothing committed is lost, nothing
 * is duplicated, the chain stays one line, and the log stays openable. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/xalloc.h"

#define KILLS 60
#define WRITERS 16
#define APPENDS 200

static char *
new_log(char **dir)
{
	char *path;
	struct log *log;

	*dir = make_temp_dir();
	path = xasprintf("%s/log.db", *dir);
	log = make_log(path, NULL);
	log_close(&log);
	return path;
}

/* Verifies the log (chain, sequence, summaries) and returns its length. */
static int64_t
verified_length(struct log *log)
{
	struct log_verify r;
	struct log_error err;

	if (log_verify(log, &r, &err) != LOG_OK)
		fail_msg("verify: %s", err.message);
	return r.events;
}

static int
count_cb(void *ctx, const struct log_event *ev)
{
	(void)ev;
	(*(int64_t *)ctx)++;
	return 0;
}

static int64_t
events_of_run(struct log *log, const char *run_id)
{
	struct log_error err;
	int64_t n = 0;

	assert_int_equal(log_events(log, run_id, NULL, count_cb, &n, &err), LOG_OK);
	return n;
}

/* The child appends until killed, reporting each committed seq. */
static void
appender(const char *path, int fd)
{
	struct log *log = NULL;
	struct log_error oerr;
	int64_t seq;
	struct log_field f[] = { { "text", "Händelse under krocktest", 0 } };
	struct log_event_in ev = { "note.added", "crash", 0, f, 1 };
	struct log_error err;

	if (log_open(path, "anna", PASS_A, strlen(PASS_A), &log, &oerr) != LOG_OK) {
		fprintf(stderr, "appender: %s\n", oerr.message);
		_exit(2);
	}
	for (;;) {
		if (log_append(log, &ev, &seq, &err) != LOG_OK)
			_exit(3);
		if (write(fd, &seq, sizeof(seq)) != sizeof(seq))
			_exit(4);
	}
}

static void
test_kill_during_appends(void **state)
{
	char *dir, *path = new_log(&dir);
	int64_t max_reported = 0, reported = 0;
	struct timespec pause;
	int i;

	(void)state;
	srand(20261127);
	for (i = 0; i < KILLS; i++) {
		int fds[2];
		pid_t pid;
		int64_t seq;
		struct log *log;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			appender(path, fds[1]);
		}
		close(fds[1]);
		/* Kill it only once it has committed something, at a random
		 * moment after: what is asserted is counts, never speed. */
		if (read(fds[0], &seq, sizeof(seq)) == sizeof(seq)) {
			reported++;
			max_reported = seq > max_reported ? seq : max_reported;
		}
		pause.tv_sec = 0;
		pause.tv_nsec = (5 + rand() % 40) * 1000000L;
		nanosleep(&pause, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		while (read(fds[0], &seq, sizeof(seq)) == sizeof(seq)) {
			reported++;
			if (seq > max_reported)
				max_reported = seq;
		}
		close(fds[0]);
		/* Every append reported as done is there; the chain is whole. */
		log = open_as(path, "anna", PASS_A, LOG_OK);
		if (verified_length(log) < max_reported)
			fail_msg("kill %d: %lld events, but %lld was reported committed", i,
			    (long long)verified_length(log), (long long)max_reported);
		log_close(&log);
	}
	print_message("# %d kills, %lld appends reported committed, all present\n",
	    KILLS, (long long)reported);
	assert_true(reported >= KILLS); /* each child committed before its kill */
	remove_tree(dir);
	free(dir);
	free(path);
}

/* Starts n processes that each append `appends` notes to run "wN". */
static void
spawn_writers(const char *path, pid_t *pids, int n, int appends)
{
	int i;

	for (i = 0; i < n; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct log_error oerr;
			struct log *log;
			char run[16];
			int k;

			/* In a child: report on stderr and exit, never through cmocka. */
			if (log_open(path, "anna", PASS_A, strlen(PASS_A), &log, &oerr) != LOG_OK) {
				fprintf(stderr, "writer %d: %s\n", i, oerr.message);
				_exit(1);
			}
			snprintf(run, sizeof(run), "w%d", i);
			for (k = 0; k < appends; k++) {
				struct log_field f[] = { { "n", NULL, k } };
				struct log_event_in ev = { "note.added", run, 0, f, 1 };
				struct log_error err;

				if (log_append(log, &ev, NULL, &err) != LOG_OK) {
					fprintf(stderr, "writer %d: %s\n", i, err.message);
					_exit(1);
				}
			}
			log_close(&log);
			_exit(0);
		}
	}
}

static void
wait_writers(const pid_t *pids, int n)
{
	int i, status;

	for (i = 0; i < n; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

static void
test_many_writers(void **state)
{
	char *dir, *path = new_log(&dir);
	pid_t pids[WRITERS];
	struct log *log;
	int i;

	(void)state;
	spawn_writers(path, pids, WRITERS, APPENDS);
	wait_writers(pids, WRITERS);
	log = open_as(path, "anna", PASS_A, LOG_OK);
	/* One chain of 2 + 16 x 200 events; each writer's 200 all there. */
	assert_int_equal(verified_length(log), 2 + WRITERS * APPENDS);
	for (i = 0; i < WRITERS; i++) {
		char run[16];

		snprintf(run, sizeof(run), "w%d", i);
		assert_int_equal(events_of_run(log, run), APPENDS);
	}
	log_close(&log);
	remove_tree(dir);
	free(dir);
	free(path);
}

/* How many events are committed now. */
static int64_t
log_query_events(struct log *log)
{
	return events_of_run(log, NULL);
}

/* The hashes of the first `n` events, in order. */
struct hashes {
	unsigned char (*h)[32];
	int64_t n, max;
};

static int
hash_cb(void *ctx, const struct log_event *ev)
{
	struct hashes *hs = ctx;

	if (hs->n < hs->max)
		memcpy(hs->h[hs->n++], ev->hash, 32);
	return hs->n >= hs->max;
}

static void
first_hashes(struct log *log, int64_t n, struct hashes *out)
{
	struct log_error err;

	out->h = xcalloc((size_t)n + 1, 32);
	out->n = 0;
	out->max = n;
	assert_int_equal(log_events(log, NULL, NULL, hash_cb, out, &err), LOG_OK);
	assert_int_equal(out->n, n);
}

/* A backup taken while 8 processes append: it opens with the same
 * passphrase, verifies, and holds exactly the log's first events up to
 * the moment it was taken, every one that was committed before it began
 * among them. Nothing is overwritten. */
static void
test_backup_while_writing(void **state)
{
	char *dir, *path = new_log(&dir), *out = xasprintf("%s/copy.db", dir);
	pid_t pids[8];
	struct log *log, *copy;
	struct log_error err;
	struct hashes a, b;
	int64_t before, in_copy = 0;
	struct stat st;

	(void)state;
	log = open_as(path, "anna", PASS_A, LOG_OK);
	spawn_writers(path, pids, 8, APPENDS);
	/* Wait until the writers are under way; count what is committed. */
	while ((before = log_query_events(log)) < 2 + 8 * 10)
		usleep(1000);
	assert_int_equal(log_backup(log, out, &in_copy, &err), LOG_OK);
	assert_true(in_copy >= before);
	wait_writers(pids, 8);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	copy = open_as(out, "anna", PASS_A, LOG_OK);
	assert_int_equal(verified_length(copy), in_copy);
	first_hashes(copy, in_copy, &b);
	first_hashes(log, in_copy, &a);
	assert_memory_equal(a.h, b.h, (size_t)in_copy * 32);
	/* The log goes on: every writer's events and the backup's own. */
	assert_int_equal(verified_length(log), 2 + 8 * APPENDS + 1);
	assert_int_equal(log_backup(log, out, NULL, &err), LOG_E_EXISTS);
	print_message("# a backup of %lld events taken while 8 processes appended "
	    "(%lld committed before it began)\n", (long long)in_copy, (long long)before);
	free(a.h);
	free(b.h);
	log_close(&copy);
	log_close(&log);
	remove_tree(dir);
	free(dir);
	free(path);
	free(out);
}

static void
test_disk_full(void **state)
{
	char *dir, *path = new_log(&dir);
	struct { int64_t ok; int status; char message[512]; } result;
	struct log *log;
	int fds[2], status;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit lim = { 200 * 1024, 200 * 1024 };
		struct log_field f[] = { { "text", "Fyller disken med en lång anteckning "
		    "som tar plats i loggen, gång på gång, tills det tar stopp.", 0 } };
		struct log_event_in ev = { "note.added", "full", 0, f, 1 };
		struct log_error err;

		memset(&result, 0, sizeof(result));
		signal(SIGXFSZ, SIG_IGN);
		log = open_as(path, "anna", PASS_A, LOG_OK);
		setrlimit(RLIMIT_FSIZE, &lim);
		for (;;) {
			if (log_append(log, &ev, NULL, &err) != LOG_OK)
				break;
			result.ok++;
		}
		result.status = err.status;
		snprintf(result.message, sizeof(result.message), "%s", err.message);
		if (write(fds[1], &result, sizeof(result)) != sizeof(result))
			_exit(2);
		log_close(&log);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &result, sizeof(result)), sizeof(result));
	close(fds[0]);
	waitpid(pid, &status, 0);
	print_message("# %lld appends fitted; then: %s\n", (long long)result.ok,
	    result.message);
	assert_true(result.ok > 0);
	assert_int_equal(result.status, LOG_E_FULL);
	assert_non_null(strstr(result.message, "full"));
	assert_non_null(strstr(result.message, path));
	/* The log is intact and holds exactly what was reported written. */
	log = open_as(path, "anna", PASS_A, LOG_OK);
	assert_int_equal(verified_length(log), 2 + result.ok);
	assert_int_equal(events_of_run(log, "full"), result.ok);
	log_close(&log);
	remove_tree(dir);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_during_appends),
		cmocka_unit_test(test_many_writers),
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_disk_full),
	};

	setenv("LANGUAGE", "en", 1);
	return cmocka_run_group_tests_name("log_stress", tests, NULL, NULL);
}

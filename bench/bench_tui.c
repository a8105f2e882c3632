/* Interface benchmarks (reported, never asserted):
 *   1. process start to the first drawn screen, key derivation excluded:
 *      rutin headless drawing its unlock screen vs a raw ncurses program
 *      drawing one screen (bench/raw_screen), median of 25 runs each;
 *      target <= 50 ms;
 *   2. CPU instructions per keystroke while walking a 30-step routine,
 *      counted by valgrind's callgrind (repeatable, unlike time), so that
 *      later changes can be compared.
 * The log uses a minimal-cost key slot so unlocking costs nothing here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "common/xalloc.h"
#include "db/log.h"

#define RUNS 25
#define STEPS 30
#define PASS "benchmark passphrase"

static const struct kdf_params CHEAP = { 1, 8192 };

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* Runs argv with the environment set up; returns the wall time in ms. */
static double
timed(char *const argv[], const char *keys)
{
	double t0 = bench_now_ms();
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int null = open("/dev/null", 1);

		if (keys != NULL)
			setenv("RUTIN_KEYS", keys, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 2) {
		fprintf(stderr, "bench_tui: %s failed\n", argv[0]);
		exit(2);
	}
	return bench_now_ms() - t0;
}

static double
median_of(char *const argv[], const char *keys)
{
	double t[RUNS];
	int i;

	for (i = 0; i < RUNS; i++)
		t[i] = timed(argv, keys);
	qsort(t, RUNS, sizeof(double), bench_cmp_double);
	return t[RUNS / 2];
}

/* Instructions valgrind's callgrind counts for one headless run. */
static long long
instructions(const char *rutin, const char *db, const char *routines, const char *keys,
    const char *dir)
{
	char *cmd = xasprintf("cd '%s' && RUTIN_KEYS='%s' valgrind --tool=callgrind "
	    "--callgrind-out-file=/dev/null '%s' --db '%s' --user bench --routines '%s' "
	    "--idle-lock 0 2>&1 | sed -n 's/.*Collected : \\([0-9]*\\).*/\\1/p'",
	    dir, keys, rutin, db, routines);
	FILE *p = popen(cmd, "r"); /* banned-ok: a fixed command on our files */
	long long n = -1;

	if (p != NULL) {
		if (fscanf(p, "%lld", &n) != 1)
			n = -1;
		pclose(p);
	}
	free(cmd);
	return n;
}

static int
count_answer(void *ctx, const struct log_event *ev)
{
	*(long *)ctx += strcmp(ev->type, "step.answered") == 0;
	return 0;
}

/* How many step.answered events the log holds. */
static long
answered(const char *db)
{
	struct log_error err;
	struct log *log;
	long n = 0;

	if (log_open(db, "bench", PASS, strlen(PASS), &log, &err) != LOG_OK)
		return -1;
	if (log_events(log, NULL, NULL, count_answer, &n, &err) != LOG_OK)
		n = -1;
	log_close(&log);
	return n;
}

int
main(int argc, char **argv)
{
	const char *rutin = argc > 1 ? argv[1] : "./rutin";
	const char *raw = argc > 2 ? argv[2] : "./bench/raw_screen";
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/rutin-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *db, *routines, *routine, *start_keys, *base_keys, *walk_keys, *cmd;
	char recovery[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log;
	double rutin_ms, raw_ms;
	long long base, walk;
	size_t cap = 65536, n = 0;
	char *text;
	int i;

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	db = xasprintf("%s/bench.db", dir);
	routines = xasprintf("%s/routines", dir);
	routine = xasprintf("%s/routines/bench.yaml", dir);
	start_keys = xasprintf("%s/start.keys", dir);
	base_keys = xasprintf("%s/base.keys", dir);
	walk_keys = xasprintf("%s/walk.keys", dir);
	if (log_create(db, "bench", PASS, strlen(PASS), &CHEAP, recovery, &log, &err) != LOG_OK) {
		fprintf(stderr, "bench_tui: %s\n", err.message);
		return 2;
	}
	log_close(&log);
	mkdir(routines, 0700);
	text = xmalloc(cap);
	n += (size_t)snprintf(text + n, cap - n, "format: rutin/1\nid: bench\nversion: 1\n"
	    "title: Mätrutin\narea: other\nsections:\n  - id: s\n    title: Avsnitt\n"
	    "    steps:\n");
	for (i = 0; i < STEPS; i++)
		n += (size_t)snprintf(text + n, cap - n, "      - {id: s%d, kind: check, "
		    "prompt: Kontrollera uppgift %d i ärendet, help: Varför steget behövs}\n",
		    i, i);
	write_text(routine, text);
	free(text);
	write_text(start_keys, "save-display /dev/null\n");
	/* The account is the log's supervisor: F3 from the review queue to
	 * the routines. */
	write_text(base_keys, "text " PASS "\nEnter\nF3\nEnter\ntext SN 1\nEnter\nF10\n");
	text = xmalloc(4096);
	n = (size_t)snprintf(text, 4096, "text " PASS "\nEnter\nF3\nEnter\ntext SN 1\nEnter\n");
	for (i = 0; i < STEPS; i++)
		n += (size_t)snprintf(text + n, 4096 - n, "Enter\n");
	snprintf(text + n, 4096 - n, "F10\n");
	write_text(walk_keys, text);
	free(text);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	{
		char opt_db[] = "--db", opt_user[] = "--user", user[] = "bench",
		    opt_routines[] = "--routines", opt_idle[] = "--idle-lock", zero[] = "0";
		char *rargv[] = { (char *)rutin, opt_db, db, opt_user, user, opt_routines,
			routines, opt_idle, zero, NULL };
		char *bargv[] = { (char *)raw, NULL };

		rutin_ms = median_of(rargv, start_keys);
		raw_ms = median_of(bargv, NULL);
	}
	printf("start to first screen (headless, key derivation excluded; median of %d):\n",
	    RUNS);
	printf("  raw ncurses, one screen: %7.2f ms\n", raw_ms);
	printf("  rutin, unlock screen:    %7.2f ms (target <= 50 ms)\n", rutin_ms);
	printf("  ratio rutin/raw:         %7.2fx\n", rutin_ms / raw_ms);
	if (system("command -v valgrind >/dev/null 2>&1") == 0) { /* banned-ok */
		base = instructions(rutin, db, routines, base_keys, dir);
		walk = instructions(rutin, db, routines, walk_keys, dir);
		/* Keys that missed the walk would measure something else. */
		if (answered(db) < STEPS)
			printf("instructions per keystroke: the keys did not walk the "
			    "routine (%ld steps answered, not %d)\n", answered(db), STEPS);
		else if (base > 0 && walk > base)
			printf("instructions per keystroke, walking %d check steps "
			    "(callgrind): %lld\n", STEPS, (walk - base) / STEPS);
		else
			printf("instructions per keystroke: callgrind gave no count\n");
	} else {
		printf("instructions per keystroke: valgrind is not installed\n");
	}
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0) /* banned-ok: our own temp dir */
		fprintf(stderr, "bench_tui: could not remove %s\n", dir);
	free(cmd);
	free(dir);
	free(db);
	free(routines);
	free(routine);
	free(start_keys);
	free(base_keys);
	free(walk_keys);
	return 0;
}

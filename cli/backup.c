/* rutin backup: a consistent copy of the log and its keyring while others
 * write (db/backup.c). --out FILE makes one copy and never replaces a
 * file; --into DIR makes a time-stamped one there (LOG-YYYY-MM-DDTHHMMSS.db)
 * and, with --keep-daily N [--keep-monthly M], removes the older copies
 * of that log the rule does not keep (common/retain.h), after the new one
 * is made. Only names of exactly that form are touched: copies made by
 * hand or by another log stay. A copy that would not fit is not begun,
 * and after one is made, less than space_left MB free where the log or
 * the copies are fails it (as auditd's space_left). The shipped
 * rutin-backup.service runs it nightly (rutin-admin(7), BACKUPS). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/retain.h"
#include "common/xalloc.h"
#include "db/log.h"
#include "cli/backup.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "tui/conffile.h"

#define MB (1024LL * 1024)

static int
backup_check(struct cmd_ctx *c)
{
	const struct opts *o = &c->o;

	if ((o->out == NULL) == (o->into == NULL)) {
		fprintf(stderr, "%s", _("rutin backup: give --out FILE (one copy) or --into "
		    "DIR (a time-stamped copy there), one of them\n"));
		return EXIT_USAGE;
	}
	if (o->into == NULL && (o->keep_daily >= 0 || o->keep_monthly >= 0)) {
		fprintf(stderr, "%s", _("rutin backup: --keep-daily and --keep-monthly go "
		    "with --into DIR\n"));
		return EXIT_USAGE;
	}
	if (o->keep_monthly >= 0 && o->keep_daily < 0) {
		fprintf(stderr, "%s", _("rutin backup: --keep-monthly needs --keep-daily N "
		    "too\n"));
		return EXIT_USAGE;
	}
	if (o->keep_daily == 0) {
		fprintf(stderr, "%s", _("rutin backup: --keep-daily must keep at least 1 "
		    "(the copy just made)\n"));
		return EXIT_USAGE;
	}
	return 0;
}

/* The log's file name without ".db": the copies' names begin with it. */
static char *
stem_of(const char *db)
{
	char *copy = xstrdup(db), *stem;
	size_t n;

	stem = xstrdup(basename(copy));
	free(copy);
	n = strlen(stem);
	if (n > 3 && strcmp(stem + n - 3, ".db") == 0)
		stem[n - 3] = '\0';
	return stem;
}

/* The stamp in `name` when it is STEM-STAMP.db, else NULL. */
static const char *
stamp_in(const char *name, const char *stem, char *buf)
{
	size_t n = strlen(stem);

	if (strncmp(name, stem, n) != 0 || name[n] != '-' ||
	    strlen(name + n + 1) != RETAIN_STAMP_LEN + 3 ||
	    strcmp(name + n + 1 + RETAIN_STAMP_LEN, ".db") != 0)
		return NULL;
	memcpy(buf, name + n + 1, RETAIN_STAMP_LEN);
	buf[RETAIN_STAMP_LEN] = '\0';
	return retain_stamp_ok(buf) ? buf : NULL;
}

/* Removes the copies of `stem` in `dir` the rule does not keep. 0, or 1
 * after a message (the new copy is made either way). */
static int
prune(const char *dir, const char *stem, unsigned daily, unsigned monthly)
{
	char **stamps = NULL, buf[RETAIN_STAMP_LEN + 1];
	size_t n = 0, i, removed = 0;
	struct dirent *e;
	bool *keep;
	int rc = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, _("rutin backup: the copy is made, but %s cannot be read to "
		    "remove older copies: %s\n"), dir, strerror(errno));
		return EXIT_FAILED;
	}
	while ((e = readdir(d)) != NULL)
		if (stamp_in(e->d_name, stem, buf) != NULL) {
			stamps = xreallocarray(stamps, n + 1, sizeof(*stamps));
			stamps[n++] = xstrdup(buf);
		}
	closedir(d);
	keep = xcalloc(n + 1, sizeof(*keep));
	retain_select((const char *const *)stamps, n, daily, monthly, keep);
	for (i = 0; i < n; i++) {
		char *db, *keys;

		if (keep[i])
			continue;
		db = xasprintf("%s/%s-%s.db", dir, stem, stamps[i]);
		keys = xasprintf("%s.keys", db);
		if (unlink(db) != 0 || (unlink(keys) != 0 && errno != ENOENT)) {
			fprintf(stderr, _("rutin backup: the copy is made, but the older copy "
			    "%s cannot be removed: %s\n"), db, strerror(errno));
			rc = EXIT_FAILED;
		} else {
			removed++;
		}
		free(db);
		free(keys);
	}
	printf(P_("Kept %zu copy in %s (the newest of each of the last %u days and %u "
	    "months that have one); removed %zu older.\n", "Kept %zu copies in %s (the "
	    "newest of each of the last %u days and %u months that have one); removed "
	    "%zu older.\n", n - removed), n - removed, dir, daily, monthly, removed);
	for (i = 0; i < n; i++)
		free(stamps[i]);
	free(stamps);
	free(keep);
	return rc;
}

/* A stamp's time (local, as stamped_path writes it) in ms. */
static int64_t
stamp_ms(const char *stamp)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(stamp, "%Y-%m-%dT%H%M%S", &tm) == NULL)
		return -1;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

int
backup_name_past_rule(struct log *log, const char *db, const char *dir, FILE *out,
    const char *lead)
{
	char *stem = stem_of(db), buf[RETAIN_STAMP_LEN + 1];
	struct log_retention rule;
	struct log_error err;
	struct dirent *e;
	int64_t before;
	bool has;
	int n = 0;
	DIR *d;

	if (log_retention_get(log, &rule, &has, &err) != LOG_OK || !has) {
		free(stem);
		return 0;
	}
	before = clock_now_ms() - rule.days * 24LL * 3600 * 1000;
	if ((d = opendir(dir)) == NULL) {
		free(stem);
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (stamp_in(e->d_name, stem, buf) != NULL && stamp_ms(buf) >= 0 &&
		    stamp_ms(buf) < before) {
			fprintf(out, "%s%s/%s\n", lead, dir, e->d_name);
			n++;
		}
	closedir(d);
	free(stem);
	return n;
}

/* After a copy with --into: the copies the retention rule says should no
 * longer be kept are named, and the command fails (the nightly timer
 * then says so); rutin removes none that --keep-* keeps. */
static int
past_rule(struct log *log, const char *db, const char *dir)
{
	int n;

	fflush(stdout);
	n = backup_name_past_rule(log, db, dir, stderr, "  ");
	if (n > 0) {
		fprintf(stderr, P_("rutin backup: the copy is made, but %d older copy (above) "
		    "is older than the log's retention rule and may still hold runs a "
		    "gallring removed: remove it, or keep fewer months (--keep-monthly)\n",
		    "rutin backup: the copy is made, but %d older copies (above) are older "
		    "than the log's retention rule and may still hold runs a gallring "
		    "removed: remove them, or keep fewer months (--keep-monthly)\n",
		    (unsigned long)n), n);
		return EXIT_FAILED;
	}
	if (n < 0) {
		fprintf(stderr, _("rutin backup: the copy is made, but %s cannot be read "
		    "to look for copies older than the retention rule: %s\n"), dir,
		    strerror(errno));
		return EXIT_FAILED;
	}
	return 0;
}

/* The bytes free to this account in the filesystem of `path`, or -1
 * (errno set). */
static long long
free_bytes(const char *path)
{
	struct statvfs sv;

	if (statvfs(path, &sv) != 0)
		return -1;
	return (long long)sv.f_bavail * (long long)sv.f_frsize;
}

/* The folder `out` goes into. Caller frees. */
static char *
folder_of(const char *out)
{
	char *copy = xstrdup(out), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* Room for the copy in its folder: the log and keyring, and a tenth more
 * (the copy is written whole before it counts). 0, or 1 after a message:
 * nothing is copied, and no older copy is removed to make room (a copy
 * is removed only after a newer one is made). */
static int
room_for_copy(const char *db, const char *out)
{
	char *dir = folder_of(out), *keys = xasprintf("%s.keys", db);
	long long need = 0, avail = free_bytes(dir);
	struct stat st;
	int rc = 0;

	if (stat(db, &st) == 0)
		need += st.st_size;
	if (stat(keys, &st) == 0)
		need += st.st_size;
	need += need / 10 + 64 * 1024;
	if (avail >= 0 && avail < need) {
		fprintf(stderr, _("rutin backup: no room for the copy in %s: %lld MB free, the "
		    "copy needs about %lld MB. Nothing was copied. Free space there, or move "
		    "the copies elsewhere (older copies are removed only after a newer one "
		    "is made)\n"), dir, avail / MB, (need + MB - 1) / MB);
		rc = EXIT_FAILED;
	}
	free(dir);
	free(keys);
	return rc;
}

/* After the copy, as auditd's space_left: the folder of the copies and
 * the log's own with less than `space_left` MB free fail the backup (so
 * the service's failure says it, by mail where root gets mail) while
 * there is still room. 0, or 1 after a message for each. */
static int
space_left_check(const char *db, const char *out)
{
	struct config cfg;
	char *dirs[2] = { folder_of(db), folder_of(out) };
	long long left, avail;
	int i, rc = 0;

	if (conffile_load(&cfg) != 0)
		return EXIT_FAILED;
	left = conffile_space_left(&cfg) * MB;
	conffile_free(&cfg);
	for (i = 0; i < 2 && left > 0; i++) {
		if (i == 1 && strcmp(dirs[0], dirs[1]) == 0)
			break;
		if ((avail = free_bytes(dirs[i])) < 0 || avail >= left)
			continue;
		if (i == 0)
			fprintf(stderr, _("rutin backup: the copy is made, but only %lld MB are "
			    "free where the log is (%s; space_left = %lld MB): when it is full, "
			    "no caseworker can log anything more. Free space there\n"),
			    avail / MB, dirs[i], left / MB);
		else
			fprintf(stderr, _("rutin backup: the copy is made, but only %lld MB are "
			    "free in %s (space_left = %lld MB): the next copies may not fit. "
			    "Free space there, or keep fewer copies (--keep-daily, "
			    "--keep-monthly)\n"), avail / MB, dirs[i], left / MB);
		rc = EXIT_FAILED;
	}
	free(dirs[0]);
	free(dirs[1]);
	return rc;
}

/* DIR/STEM-STAMP.db for now (the local time). */
static char *
stamped_path(const char *dir, const char *stem)
{
	time_t t = (time_t)(clock_now_ms() / 1000);
	char stamp[32];
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H%M%S", &tm);
	return xasprintf("%s/%s-%s.db", dir, stem, stamp);
}

static int
backup_exec(struct cmd_ctx *c)
{
	struct log_error err;
	struct log *log = c->log;
	const struct opts *o = &c->o;
	char *stem = stem_of(o->db), *out;
	int64_t events = 0;
	struct stat st;
	int rc = 0;

	if (o->into != NULL && stat(o->into, &st) != 0) {
		fprintf(stderr, _("rutin backup: --into %s: %s\n"), o->into, strerror(errno));
		free(stem);
		return EXIT_USAGE;
	}
	if (o->into != NULL && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("rutin backup: --into %s: not a folder\n"), o->into);
		free(stem);
		return EXIT_USAGE;
	}
	out = o->into != NULL ? stamped_path(o->into, stem) : xstrdup(o->out);
	if (isatty(STDERR_FILENO))
		log_set_progress(log, cmdline_progress, _("backing up"));
	if ((rc = room_for_copy(o->db, out)) != 0) {
		; /* said */
	} else if (log_backup(log, out, &events, &err) != LOG_OK) {
		rc = cmd_report("backup", &err);
	} else {
		printf(_("Backed up %" PRId64 " events of %s to %s, with its keyring %s.keys "
		    "(both mode 0600).\nCheck it: rutin verify --db %s --seals FILE\n"),
		    events, o->db, out, out, out);
		if (o->keep_daily > 0)
			rc = prune(o->into, stem, (unsigned)o->keep_daily,
			    o->keep_monthly > 0 ? (unsigned)o->keep_monthly : 0);
		if (o->into != NULL && past_rule(log, o->db, o->into) != 0)
			rc = EXIT_FAILED;
		if (space_left_check(o->db, out) != 0)
			rc = EXIT_FAILED;
		if (!cmdline_stdout_ok())
			rc = cmdline_output_failed("backup");
	}
	free(out);
	free(stem);
	return rc;
}

const struct cmd_entry backup_cmd = {
	.name = "backup", .usage = "--out FILE | --into DIR [--keep-daily N [--keep-monthly M]]",
	.summary = N_("a consistent copy while others write; never overwrites"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(OUT) | OPT(INTO) | OPT(KEEP_DAILY) |
	    OPT(KEEP_MONTHLY),
	.flags = CMD_LOG, .check = backup_check, .exec = backup_exec,
};

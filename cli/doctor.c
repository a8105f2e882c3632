/* rutin doctor: checks a deployment and says what to fix, one line per
 * finding ("ok" or "FIX"), exit 0 when nothing needs fixing, 1 when
 * something does, 2 when it could not look. It checks what rutin itself
 * cannot enforce at every start: who owns the files and who may read them,
 * that the disk is local and has room, how caseworkers reach rutin (a sudo
 * rule or an ssh forced command, so they never hold the files), where
 * seals go, and (with an account) how old the last backup and seal are. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "db/log.h"
#include "db/seal.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "tui/conffile.h"
#include "tui/seals.h"

#define MIN_FREE_BYTES (1024LL * 1024 * 1024) /* 1 GiB */
#define MAX_AGE_MS (26LL * 3600 * 1000)        /* a night's backup, and some */

static int problems;

static void finding(bool good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
finding(bool good, const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fputs(good ? "ok   " : "FIX  ", stdout);
	cmdline_print_clean(stdout, line);
	if (!good)
		problems++;
}

/* ---- The files ---- */

/* The account the files must belong to: the one doctor runs as; or, run
 * by root, the owner of the log's folder (the service account). */
static uid_t owner;

static void
check_private(const char *path, const char *what, bool required)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (required)
			finding(false, _("%s %s: %s"), what, path, strerror(errno));
		return;
	}
	if (st.st_uid != owner)
		finding(false, _("%s %s belongs to uid %u, not to the account rutin runs "
		    "as (uid %u): chown it, or run rutin as its owner"), what, path,
		    (unsigned)st.st_uid, (unsigned)owner);
	else if (st.st_uid == 0)
		finding(false, _("%s %s belongs to root: run rutin as a service account "
		    "(rutin-admin(7)), never as root"), what,
		    path);
	else if (st.st_mode & 077)
		finding(false, _("%s %s has mode %04o: others may read it; chmod 600 %s"),
		    what, path, (unsigned)(st.st_mode & 07777), path);
	else
		finding(true, _("%s %s: private (%04o), owned by the account rutin runs as"),
		    what, path, (unsigned)(st.st_mode & 07777));
}

static void
check_folder(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		finding(false, _("folder %s: %s"), dir, strerror(errno));
		return;
	}
	if (geteuid() == 0)
		owner = st.st_uid;
	if (st.st_mode & 022)
		finding(false, _("folder %s has mode %04o: others may put files in it or "
		    "replace the log; chmod 700 %s"), dir, (unsigned)(st.st_mode & 07777), dir);
	else if (st.st_mode & 005)
		finding(false, _("folder %s has mode %04o: others may list it and see when "
		    "the log changes; chmod 700 %s"), dir, (unsigned)(st.st_mode & 07777), dir);
	else
		finding(true, _("folder %s: only its owner enters it (%04o)"), dir,
		    (unsigned)(st.st_mode & 07777));
}

static void
check_disk(const char *db, const char *dir)
{
	struct log_error err;
	struct statvfs sv;
	long long avail;

	if (log_fs_check(db, &err) != LOG_OK)
		finding(false, "%s", err.message);
	else
		finding(true, _("%s is on a local filesystem"), dir);
	if (statvfs(dir, &sv) != 0) {
		finding(false, _("free space in %s: %s"), dir, strerror(errno));
		return;
	}
	avail = (long long)sv.f_bavail * (long long)sv.f_frsize;
	if (avail < MIN_FREE_BYTES)
		finding(false, _("only %lld MB free in %s: a full disk stops every "
		    "caseworker's logging (nothing is lost, nothing more is written); "
		    "free space or move the log"), avail / (1024 * 1024), dir);
	else
		finding(true, _("%lld MB free in %s"), avail / (1024 * 1024), dir);
}

/* ---- How caseworkers reach rutin ---- */

/* Files that are there but could not be read (sudoers are root's). */
static int unreadable;

/* True when a line of `path` that is not a comment holds every word. */
static bool
file_has(const char *path, const char *w1, const char *w2)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	bool found = false;

	if (f == NULL) {
		unreadable += errno == EACCES;
		return false;
	}
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		const char *p = line + strspn(line, " \t");

		found = *p != '#' && strstr(p, w1) != NULL && (w2 == NULL || strstr(p, w2));
	}
	fclose(f);
	return found;
}

/* The first file of `dir` (or `file` itself) with such a line, into out. */
static bool
any_has(const char *file, const char *dir, const char *w1, const char *w2,
    char *out, size_t size)
{
	struct dirent *e;
	DIR *d;

	if (file_has(file, w1, w2)) {
		snprintf(out, size, "%s", file);
		return true;
	}
	if ((d = opendir(dir)) == NULL) {
		unreadable += errno == EACCES;
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (file_has(p, w1, w2)) {
			snprintf(out, size, "%s", p);
			free(p);
			closedir(d);
			return true;
		}
		free(p);
	}
	closedir(d);
	return false;
}

static void
check_access(const char *etc)
{
	char *sudoers = xasprintf("%s/sudoers", etc), *sudoers_d = xasprintf("%s/sudoers.d", etc);
	char *sshd = xasprintf("%s/ssh/sshd_config", etc);
	char *sshd_d = xasprintf("%s/ssh/sshd_config.d", etc);
	char where[1024];

	unreadable = 0;
	if (any_has(sudoers, sudoers_d, "bin/rutin", "(rutin)", where, sizeof(where)))
		finding(true, _("caseworkers reach rutin through sudo as the rutin "
		    "account (%s)"), where);
	else if (any_has(sshd, sshd_d, "ForceCommand", "rutin", where, sizeof(where)))
		finding(true, _("caseworkers reach rutin through an ssh forced command (%s)"),
		    where);
	else if (unreadable > 0)
		printf(_("--   how caseworkers reach rutin: %s/sudoers and sudoers.d are "
		    "root's to read; run rutin doctor as root for this check\n"), etc);
	else
		finding(false, _("no sudo rule (%s/sudoers.d) or ssh ForceCommand (%s) runs "
		    "rutin: on a shared server caseworkers must reach it that way, or they "
		    "hold the log's files themselves and keep copies when they leave"),
		    etc, sshd);
	free(sudoers);
	free(sudoers_d);
	free(sshd);
	free(sshd_d);
}

/* ---- Seals, backups, versions ---- */

static void
check_seal_destination(void)
{
	struct config cfg;
	char *dir, why[256];

	if (conffile_load(&cfg) != 0) {
		finding(false, "%s", _("the config file cannot be read (see above)"));
		return;
	}
	if (cfg.seal_file != NULL) {
		dir = xstrdup(cfg.seal_file);
		if (access(cfg.seal_file, W_OK) == 0 ||
		    (access(cfg.seal_file, F_OK) != 0 && access(dirname(dir), W_OK) == 0))
			finding(true, _("seals are appended to %s"), cfg.seal_file);
		else
			finding(false, _("seals go to %s, which cannot be written: %s"),
			    cfg.seal_file, strerror(errno));
		free(dir);
	}
	if (cfg.seal_syslog && seals_syslog_ok(why, sizeof(why)))
		finding(true, "%s", _("seals go to syslog (forward it off this server)"));
	else if (cfg.seal_syslog)
		finding(false, _("seals go to syslog, but %s: start rsyslog (apt install "
		    "rsyslog) or set seal_file = PATH"), why);
	if (cfg.seal_file == NULL && !cfg.seal_syslog)
		finding(false, "%s", _("no seal destination: set seal_syslog = yes or "
		    "seal_file = PATH in the config, so a rollback or a rewritten history "
		    "can be told"));
	conffile_free(&cfg);
}

static void
check_age(struct log *log, const char *type, const char *what)
{
	struct log_error err;
	int64_t at = 0, now = clock_now_ms();
	char when[32];

	if (log_last_of(log, type, &at, &err) != LOG_OK) {
		finding(false, "%s", err.message);
	} else if (at == 0) {
		finding(false, _("no %s was ever made of this log"), what);
	} else {
		when_format(when, sizeof(when), at);
		finding(now - at <= MAX_AGE_MS, _("the last %s was made %s (%" PRId64
		    " hours ago)"), what, when, (now - at) / 3600000);
	}
}

/* The log's identity, which verify needs to tell a log rewritten from its
 * first event: kept as log_id in the config of the log it names. */
static void
check_identity(struct log *log, const struct opts *o)
{
	struct log_error err;
	struct config cfg;
	char id[65];

	if (log_identity(log, id, &err) != LOG_OK) {
		finding(false, "%s", err.message);
		return;
	}
	if (log_authority_problem(log) != NULL)
		finding(false, _("the log fails its check at event %" PRId64 ": no one has "
		    "a supervisor's rights in it until it is repaired (rutin verify)"),
		    log_authority_bad_seq(log));
	if (log_own_problem(log) != NULL)
		finding(false, "%s", log_own_problem(log));
	if (o->db_config == NULL) {
		printf(_("--   the log's identity is %s (as log_id in the config of "
		    "the unit whose log it is)\n"), id);
		return;
	}
	if (conffile_load(&cfg) != 0) {
		finding(false, "%s", _("the config file cannot be read (see above)"));
		return;
	}
	if (cfg.log_id == NULL)
		finding(false, _("log_id is not set in the config: verify cannot tell "
		    "a log rewritten from its first event; add the line: log_id = %s"), id);
	else if (strcmp(cfg.log_id, id) != 0)
		finding(false, _("the log's identity is %s, but log_id in the config "
		    "names %s: this is not the log its seals are about (rewritten from "
		    "its first event, or another log)"), id, cfg.log_id);
	else
		finding(true, _("the log's identity is %s, as log_id in the config "
		    "says"), id);
	conffile_free(&cfg);
}

static void
check_versions(void)
{
	char cipher[128];

	log_cipher_version(cipher, sizeof(cipher));
	if (log_cipher_version_ok(cipher))
		finding(true, _("SQLCipher %s"), cipher);
	else
		finding(false, _("SQLCipher %s: rutin needs 4.5 or newer"), cipher[0] ?
		    cipher : _("(not SQLCipher)"));
	finding(sodium_library_version_major() >= 10, _("libsodium %s"),
	    sodium_version_string());
}

static int
doctor_exec(struct cmd_ctx *c)
{
	struct log_error err;
	struct log *log = NULL;
	const struct opts *o = &c->o;
	char *keys, *lock, *dir;
	bool account;
	/* The log's age checks need an account; the rest only the files. */
	account = o->pass_fd >= 0 || o->recovery || o->user_given;
	problems = 0;
	owner = geteuid();
	keys = xasprintf("%s.keys", o->db);
	lock = xasprintf("%s.lock", o->db);
	dir = xstrdup(o->db);
	printf(_("rutin doctor: %s\n"), o->db);
	check_folder(dirname(dir)); /* first: run by root, it names the owner */
	check_private(o->db, _("log"), true);
	check_private(keys, _("keyring"), true);
	check_private(lock, _("lock file"), false);
	free(dir);
	dir = xstrdup(o->db);
	check_disk(o->db, dirname(dir));
	check_access(o->etc != NULL ? o->etc : "/etc");
	check_seal_destination();
	if (!account) {
		printf(_("--   the ages of the last backup and seal: give --user NAME (and "
		    "--passphrase-fd N) to read them from the log\n"));
	} else if (cmdline_open_log("doctor", o, &log, &err) != LOG_OK) {
		finding(false, "%s", err.message);
	} else {
		check_identity(log, o);
		check_age(log, "log.backed_up", _("backup"));
		check_age(log, "log.sealed", _("seal"));
		log_close(&log);
	}
	check_versions();
	free(keys);
	free(lock);
	free(dir);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed("doctor");
	return problems > 0 ? EXIT_FAILED : 0;
}

const struct cmd_entry doctor_cmd = {
	.name = "doctor", .usage = "[--user NAME [--passphrase-fd N]] [--etc DIR]",
	.summary = N_("check a deployment: files, disk, access, seals, backups"),
	.options = OPT(DB) | OPT(USER) | OPT(PASS_FD) | OPT(RECOVERY) | OPT(ETC),
	.flags = CMD_ROOT_OK, .exec = doctor_exec,
};

/* rutin doctor: checks a deployment and says what to fix, one line per
 * finding ("ok", or "FIX" with the command that fixes it; doctor.h), exit
 * 0 when nothing needs fixing, 1 when something does, 2 when it could not
 * look. It checks what rutin itself cannot enforce at every start: which
 * log the config names, who owns the files and who may read them, that
 * the disk is local and has room, how caseworkers reach rutin (reach.c:
 * a sudo rule or an ssh forced command, so they never hold the files,
 * tried as a member of rutin-users), where seals go, and (with an
 * account) the log's identity, its accounts against the group, and how
 * old the last backup and seal are. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <pwd.h>
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
#include "runlog/releases.h"
#include "tui/catalog.h"
#include "cli/backup.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "cli/doctor.h"
#include "cli/forward.h"
#include "cli/reach.h"
#include "tui/conffile.h"
#include "tui/paths.h"
#include "tui/seals.h"

#define MAX_AGE_MS (26LL * 3600 * 1000)        /* a night's backup, and some */

static int problems;

static void say(const char *tag, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
say(const char *tag, const char *fmt, va_list ap)
{
	char line[1536];

	vsnprintf(line, sizeof(line), fmt, ap);
	fputs(tag, stdout);
	cmdline_print_clean(stdout, line);
}

void
doctor_finding(bool good, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(good ? "ok   " : "FIX  ", fmt, ap);
	va_end(ap);
	if (!good)
		problems++;
}

void
doctor_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("--   ", fmt, ap);
	va_end(ap);
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
			doctor_finding(false, _("%s %s: %s"), what, path, strerror(errno));
		return;
	}
	if (st.st_uid != owner)
		doctor_finding(false, _("%s %s belongs to uid %u, not to the account rutin runs "
		    "as (uid %u): chown it, or run rutin as its owner"), what, path,
		    (unsigned)st.st_uid, (unsigned)owner);
	else if (st.st_uid == 0)
		doctor_finding(false, _("%s %s belongs to root: run rutin as a service account "
		    "(rutin-admin(7)), never as root"), what,
		    path);
	else if (st.st_mode & 077)
		doctor_finding(false, _("%s %s has mode %04o: others may read it; chmod 600 %s"),
		    what, path, (unsigned)(st.st_mode & 07777), path);
	else
		doctor_finding(true, _("%s %s: private (%04o), owned by the account rutin runs as"),
		    what, path, (unsigned)(st.st_mode & 07777));
}

static void
check_folder(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		doctor_finding(false, _("folder %s: %s"), dir, strerror(errno));
		return;
	}
	if (geteuid() == 0)
		owner = st.st_uid;
	if (st.st_mode & 022)
		doctor_finding(false, _("folder %s has mode %04o: others may put files in it or "
		    "replace the log; chmod 700 %s"), dir, (unsigned)(st.st_mode & 07777), dir);
	else if (st.st_mode & 005)
		doctor_finding(false, _("folder %s has mode %04o: others may list it and see when "
		    "the log changes; chmod 700 %s"), dir, (unsigned)(st.st_mode & 07777), dir);
	else
		doctor_finding(true, _("folder %s: only its owner enters it (%04o)"), dir,
		    (unsigned)(st.st_mode & 07777));
}

/* The config's space_left (auditd's name), in bytes. */
static long long
space_left_bytes(void)
{
	struct config cfg;
	long long mb = CONFIG_SPACE_LEFT;

	if (conffile_load(&cfg) == 0) {
		mb = conffile_space_left(&cfg);
		conffile_free(&cfg);
	}
	return mb * 1024 * 1024;
}

static void
check_disk(const char *db, const char *dir)
{
	struct log_error err;
	struct statvfs sv;
	long long avail, left = space_left_bytes();

	if (log_fs_check(db, &err) != LOG_OK)
		doctor_finding(false, "%s", err.message);
	else
		doctor_finding(true, _("%s is on a local filesystem"), dir);
	if (statvfs(dir, &sv) != 0) {
		doctor_finding(false, _("free space in %s: %s"), dir, strerror(errno));
		return;
	}
	avail = (long long)sv.f_bavail * (long long)sv.f_frsize;
	if (avail < left)
		doctor_finding(false, _("only %lld MB free in %s (space_left = %lld MB): a "
		    "full disk stops every caseworker's logging (nothing is lost, nothing "
		    "more is written); free space or move the log"), avail / (1024 * 1024),
		    dir, left / (1024 * 1024));
	else
		doctor_finding(true, _("%lld MB free in %s"), avail / (1024 * 1024), dir);
}

/* ---- Seals, backups, versions ---- */

static void
check_seal_destination(void)
{
	struct config cfg;
	char *dir, why[256];

	if (conffile_load(&cfg) != 0) {
		doctor_finding(false, "%s", _("the config file cannot be read (see above)"));
		return;
	}
	if (cfg.seal_file != NULL) {
		dir = xstrdup(cfg.seal_file);
		if (access(cfg.seal_file, W_OK) == 0 ||
		    (access(cfg.seal_file, F_OK) != 0 && access(dirname(dir), W_OK) == 0))
			doctor_finding(true, _("seals are appended to %s"), cfg.seal_file);
		else
			doctor_finding(false, _("seals go to %s, which cannot be written: %s"),
			    cfg.seal_file, strerror(errno));
		free(dir);
	}
	if (cfg.seal_syslog && seals_syslog_ok(why, sizeof(why)))
		doctor_finding(true, "%s", _("seals go to syslog (forward it off this server)"));
	else if (cfg.seal_syslog)
		doctor_finding(false, _("seals go to syslog, but %s: start rsyslog (apt install "
		    "rsyslog) or set seal_file = PATH"), why);
	if (cfg.seal_queue_stats != NULL)
		forward_check(cfg.seal_queue_stats);
	else if (cfg.seal_syslog)
		doctor_note("%s", _("whether the seals reach the central log server: with "
		    "rsyslog forwarding them over RELP, set seal_queue_stats = FILE (rsyslog's "
		    "statistics; rutin-admin(7), SEALS) and doctor says how many wait"));
	if (cfg.seal_file == NULL && !cfg.seal_syslog)
		doctor_finding(false, "%s", _("no seal destination: set seal_syslog = yes or "
		    "seal_file = PATH in the config, so a rollback or a rewritten history "
		    "can be told"));
	conffile_free(&cfg);
}

/* The age of the newest event of `type`: ok within a night and a bit,
 * else a FIX ending in `never` (none was made) or `old`: the command. */
static void
check_age(struct log *log, const char *type, const char *what, const char *never,
    const char *old)
{
	struct log_error err;
	int64_t at = 0, now = clock_now_ms();
	char when[32];

	if (log_last_of(log, type, &at, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
	} else if (at == 0) {
		doctor_finding(false, _("no %s was ever made of this log: %s"), what, never);
	} else if (now - at > MAX_AGE_MS) {
		when_format(when, sizeof(when), at);
		doctor_finding(false, _("the last %s was made %s (%" PRId64 " hours ago): %s"),
		    what, when, (now - at) / 3600000, old);
	} else {
		when_format(when, sizeof(when), at);
		doctor_finding(true, _("the last %s was made %s (%" PRId64 " hours ago)"),
		    what, when, (now - at) / 3600000);
	}
}

static void
check_ages(struct log *log)
{
	check_age(log, "log.backed_up", _("backup"), _("turn on the nightly backup with: "
	    "systemctl enable --now rutin-backup.timer (rutin-admin(7), BACKUPS)"),
	    _("see why the nightly backup did not run with: systemctl status "
	    "rutin-backup.timer rutin-backup.service"));
	check_age(log, "log.sealed", _("seal"), _("make one with: rutin seal; and set "
	    "seal_on_complete = yes in the config"), _("make one with: rutin seal; and set "
	    "seal_on_complete = yes in the config"));
}

/* The retention rule, and the copies of the log (in the folders its
 * backups went to) older than it: they may still hold runs a gallring
 * removed (db/FORMAT.md, "Retention and gallring"). */
static void
check_copies_past_rule(struct log *log, const char *db)
{
	struct log_retention rule;
	struct log_error err;
	char **dirs = NULL;
	size_t n = 0, i;
	bool has;
	int past;

	if (log_retention_get(log, &rule, &has, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
		return;
	}
	if (!has) {
		doctor_note("%s", _("the log has no retention rule: it keeps every run "
		    "(rutin gallra rule; rutin-admin(7), RETENTION)"));
		return;
	}
	doctor_finding(true, P_("retention: runs are kept %" PRId64 " day after they "
	    "ended (rutin gallra removes older ones)", "retention: runs are kept %" PRId64
	    " days after they ended (rutin gallra removes older ones)",
	    (unsigned long)rule.days), rule.days);
	if (log_backup_folders(log, &dirs, &n, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
		return;
	}
	for (i = 0; i < n; i++) {
		fflush(stdout);
		past = backup_name_past_rule(log, db, dirs[i], stdout, "       ");
		if (past > 0)
			doctor_finding(false, P_("%d copy of the log in %s (above) is older than "
			    "the retention rule and may still hold runs a gallring removed: "
			    "remove it, or keep fewer months (rutin backup --keep-monthly)",
			    "%d copies of the log in %s (above) are older than the retention "
			    "rule and may still hold runs a gallring removed: remove them, or "
			    "keep fewer months (rutin backup --keep-monthly)",
			    (unsigned long)past), past, dirs[i]);
		else if (past == 0)
			doctor_finding(true, _("no copy of the log in %s is older than the "
			    "retention rule"), dirs[i]);
		else
			doctor_finding(false, _("the backup folder %s cannot be read to look "
			    "for copies older than the retention rule: %s"), dirs[i],
			    strerror(errno));
		free(dirs[i]);
	}
	free(dirs);
}

/* What a live log runs: its released routine texts. A file that differs
 * from its release (a package upgrade, an edit) runs only once a
 * supervisor releases it: said, as is a log with no release at all. */
static void
check_releases(struct log *log)
{
	struct releases rel;
	struct log_error err;
	struct catalog cat;
	char *own = NULL, hash[65];
	size_t i, differ = 0;

	if (log_is_training(log))
		return;
	if (releases_read(log, &rel, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
		return;
	}
	if (rel.count == 0) {
		doctor_finding(false, "%s", _("no routine is released in this log: it runs "
		    "any routine file it finds (rutin routines list; a supervisor "
		    "releases the ones in use with rutin routines release FILE)"));
		releases_free(&rel);
		return;
	}
	memset(&cat, 0, sizeof(cat));
	catalog_load_configured(&cat, NULL, 0, &own);
	for (i = 0; i < cat.count; i++) {
		const struct release_entry *e = releases_latest(&rel, routine_id(cat.routines[i]));

		routine_hash_hex(cat.routines[i], hash);
		if (e == NULL || strcmp(e->hash, hash) == 0)
			continue;
		differ++;
		doctor_finding(false, _("routine %s: the file (version %ld) differs from its "
		    "release (version %ld): the released text runs until a supervisor "
		    "releases the new one (rutin routines diff, release)"),
		    routine_id(cat.routines[i]), routine_version(cat.routines[i]), e->version);
	}
	if (differ == 0)
		doctor_finding(true, _("every routine file with a release matches it"));
	catalog_free(&cat);
	free(own);
	releases_free(&rel);
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
		doctor_finding(false, "%s", err.message);
		return;
	}
	if (log_authority_problem(log) != NULL)
		doctor_finding(false, _("the log fails its check at event %" PRId64 ": no one has "
		    "a supervisor's rights in it until it is repaired (rutin verify)"),
		    log_authority_bad_seq(log));
	if (log_own_problem(log) != NULL)
		doctor_finding(false, "%s", log_own_problem(log));
	if (o->db_config == NULL) {
		doctor_note(_("the log's identity is %s (as log_id in the config of "
		    "the unit whose log it is)"), id);
		return;
	}
	if (conffile_load(&cfg) != 0) {
		doctor_finding(false, "%s", _("the config file cannot be read (see above)"));
		return;
	}
	if (cfg.log_id == NULL)
		doctor_finding(false, _("log_id is not set in the config: verify cannot tell "
		    "a log rewritten from its first event; add the line: log_id = %s"), id);
	else if (strcmp(cfg.log_id, id) != 0)
		doctor_finding(false, _("the log's identity is %s, but log_id in the config "
		    "names %s: this is not the log its seals are about (rewritten from "
		    "its first event, or another log)"), id, cfg.log_id);
	else
		doctor_finding(true, _("the log's identity is %s, as log_id in the config "
		    "says"), id);
	conffile_free(&cfg);
}

static void
check_versions(void)
{
	char cipher[128];

	log_cipher_version(cipher, sizeof(cipher));
	if (log_cipher_version_ok(cipher))
		doctor_finding(true, _("SQLCipher %s"), cipher);
	else
		doctor_finding(false, _("SQLCipher %s: rutin needs 4.5 or newer"), cipher[0] ?
		    cipher : _("(not SQLCipher)"));
	doctor_finding(sodium_library_version_major() >= 10, _("libsodium %s"),
	    sodium_version_string());
}

/* Which log doctor looks at, and where that was said. False when there
 * is no log to look at: root with no `db` line in the system's config. */
static bool
which_log(const struct opts *o, const struct config *cfg)
{
	char *head = conffile_unit() != NULL ? xasprintf(_("rutin doctor: unit %s: %s"),
	    conffile_unit(), o->db) : xasprintf(_("rutin doctor: %s"), o->db);

	cmdline_print_clean(stdout, head);
	free(head);
	if (o->db_config != NULL) {
		doctor_note(_("the log named by db in %s"), cfg->db_from != NULL ?
		    cfg->db_from : "config");
	} else if (o->db_default != NULL && geteuid() == 0) {
		doctor_finding(false, _("no db line in %s/config names the unit's log, so "
		    "rutin run by caseworkers opens a log of their own: add it with: echo "
		    "'db = /var/lib/rutin/enhet.db' >>%s/config"), paths_system_config(),
		    paths_system_config());
		return false;
	} else if (o->db_default != NULL) {
		doctor_note(_("no --db and no db line in %s/config: this account's own log"),
		    paths_system_config());
	}
	return true;
}

/* The service account's name: the owner of the log's folder (doctor run
 * by root), else "rutin". */
static const char *
service_name(void)
{
	static char name[64];
	struct passwd *pw = getpwuid(owner);

	snprintf(name, sizeof(name), "%s", pw != NULL && owner != 0 ? pw->pw_name : "rutin");
	return name;
}

/* How to make what is missing, as the account rutin runs as. */
static char *
as_service(const char *cmd)
{
	return geteuid() == 0 ? xasprintf("sudo -u %s %s", service_name(), cmd) :
	    xstrdup(cmd);
}

/* The files: folder, log, keyring, lock file, disk. */
static void
check_files(const char *db)
{
	char *keys = xasprintf("%s.keys", db), *lock = xasprintf("%s.lock", db);
	char *dir = xstrdup(db), *init;
	struct stat st;

	dirname(dir);
	init = xasprintf("rutin init --db %s --user NAME", db);
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		char *mk = geteuid() == 0 ? xasprintf("install -d -m 700 -o rutin -g rutin %s",
		    dir) : xasprintf("mkdir -p -m 700 %s", dir);
		char *make = as_service(init);

		doctor_finding(false, _("folder %s does not exist: make it with: %s; then the "
		    "log with: %s"), dir, mk, make);
		free(mk);
		free(make);
		goto out;
	}
	check_folder(dir); /* first: run by root, it names the owner */
	if (stat(db, &st) != 0 && errno == ENOENT) {
		char *make = as_service(init);

		doctor_finding(false, _("log %s: there is no log here yet: make it with: %s"),
		    db, make);
		free(make);
	} else {
		check_private(db, _("log"), true);
		if (stat(keys, &st) != 0 && errno == ENOENT)
			doctor_finding(false, _("keyring %s: missing, and without it no one "
			    "opens the log: put back the keyring of its last backup "
			    "(COPY.keys; rutin-admin(7), BACKUPS)"), keys);
		else
			check_private(keys, _("keyring"), true);
		check_private(lock, _("lock file"), false);
	}
	check_disk(db, dir);
out:
	free(init);
	free(keys);
	free(lock);
	free(dir);
}

/* One log: the unit chosen (or none), `o` naming its log, `cfg` the
 * config as read for it. `account`: read the log itself too. */
static void
doctor_one(const struct opts *o, const struct config *cfg, bool account)
{
	struct log_error err;
	struct log *log = NULL;
	/* doctor tries sudo itself only on the system's own files, as root. */
	bool real = o->etc == NULL && geteuid() == 0;
	const char *group = cfg->group != NULL ? cfg->group : REACH_GROUP;

	owner = geteuid();
	if (which_log(o, cfg))
		check_files(o->db);
	reach_check(o->etc != NULL ? o->etc : "/etc", real, service_name(), group);
	check_seal_destination();
	if (!account) {
		doctor_note("%s", _("the log's identity, its accounts against the group, and "
		    "the ages of the last backup and seal: give --user NAME (and "
		    "--passphrase-fd N) to read them from the log"));
	} else if (access(o->db, F_OK) != 0) {
		; /* said above */
	} else if (cmdline_open_log("doctor", o, &log, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
	} else {
		check_identity(log, o);
		if (o->etc == NULL)
			reach_accounts(log, group);
		check_ages(log);
		check_copies_past_rule(log, o->db);
		check_releases(log);
		log_close(&log);
	}
}

/* With no --unit and no --db where units there are: each unit's log in
 * turn, without reading the logs (a passphrase is one unit's). */
static void
doctor_units(const struct opts *o, char **units, size_t n)
{
	struct config cfg;
	struct opts one;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			putchar('\n');
		if (conffile_use_unit(units[i]) != 0 || conffile_load(&cfg) != 0) {
			doctor_finding(false, _("unit %s: its file cannot be read (see above)"),
			    units[i]);
			continue;
		}
		one = *o;
		one.unit = units[i];
		one.db = one.db_config = cfg.db;
		one.db_default = NULL;
		if (cfg.db == NULL)
			doctor_finding(false, _("unit %s names no log: add db = FILE to %s/units/"
			    "%s.conf"), units[i], paths_system_config(), units[i]);
		else
			doctor_one(&one, &cfg, false);
		conffile_free(&cfg);
	}
	conffile_use_unit(NULL);
	doctor_note(_("each unit's identity, accounts and backups: rutin doctor --unit "
	    "NAME --user NAME"));
}

static int
doctor_exec(struct cmd_ctx *c)
{
	const struct opts *o = &c->o;
	bool account = o->pass_fd >= 0 || o->recovery || o->user_given;
	size_t n = 0;
	char **units = o->unit == NULL && !o->db_given ? conffile_units(&n) : NULL;

	problems = 0;
	if (n > 0)
		doctor_units(o, units, n);
	else
		doctor_one(o, &c->cfg, account);
	conffile_units_free(units, n);
	check_versions();
	if (!cmdline_stdout_ok())
		return cmdline_output_failed("doctor");
	return problems > 0 ? EXIT_FAILED : 0;
}

const struct cmd_entry doctor_cmd = {
	.name = "doctor", .usage = "[--user NAME [--passphrase-fd N]] [--etc DIR]",
	.summary = N_("check a deployment: files, disk, access, seals, backups"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(ETC),
	.flags = CMD_ROOT_OK, .exec = doctor_exec,
};

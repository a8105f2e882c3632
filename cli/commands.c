/* rutin init | user | verify | events: the log from the command line. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "db/log.h"
#include "runlog/review.h"
#include "tui/catalog.h"
#include "cli/archive.h"
#include "cli/cmdline.h"
#include "cli/cmd.h"
#include "cli/commands.h"
#include "cli/routines.h"
#include "tui/conffile.h"
#include "tui/seals.h"
#include "tui/paths.h"
#include "cli/secret.h"


/* ---- init ---- */

void
commands_print_recovery(const char *db, const char *recovery)
{
	printf(_("Recovery key (shown only now; with the keyring %s.keys it "
	    "opens the log even if every passphrase is lost):\n\n    %s\n\n"),
	    db, recovery);
	printf(_("Write it down and keep it locked away, apart from the computer.\n"));
}

void
commands_remove_new_log(const char *db)
{
	static const char *const ext[] = { "", ".keys", ".lock", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char *p = xasprintf("%s%s", db, ext[i]);

		unlink(p);
		free(p);
	}
}

/* A new live log has no released routine: it runs any file until a
 * supervisor releases the ones in use. Say so, with the routines found;
 * at a terminal offer to release them now, else the commands. 0, or 1
 * when a release she asked for failed (said). */
static int
offer_releases(struct cmd_ctx *c, struct log *log)
{
	struct catalog cat;
	char *own = NULL, line[16];
	size_t i;
	int rc = 0;

	memset(&cat, 0, sizeof(cat));
	catalog_load_configured(&cat, NULL, 0, &own);
	printf(_("\nNo routine is released in this log yet: until you release the ones "
	    "in use it runs any routine file it finds; from the first release on, "
	    "only released texts. The routines found here:\n"));
	for (i = 0; i < cat.count; i++) {
		printf("  %-28s %3ld  ", routine_id(cat.routines[i]),
		    routine_version(cat.routines[i]));
		utf8_write_visible(stdout, routine_title(cat.routines[i]));
		putchar('\n');
	}
	/* At a terminal (the passphrase typed, not given on a descriptor),
	 * she may release them as they are now; a script releases them one
	 * by one after reading them. */
	if (cat.count > 0 && c->o.pass_fd < 0 && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO)) {
		printf(P_("Release this routine now, as its file reads (rutin show FILE "
		    "shows its steps)? Type yes, or anything else to release none now: ",
		    "Release these %zu routines now, as their files read (rutin show FILE "
		    "shows the steps)? Type yes, or anything else to release none now: ",
		    cat.count), cat.count);
		fflush(stdout);
		if (fgets(line, sizeof(line), stdin) != NULL && strcmp(line, "yes\n") == 0) {
			rc = routines_release_found(log, &cat, _("released at rutin init"));
			catalog_free(&cat);
			free(own);
			return rc;
		}
		printf("%s\n", _("None released."));
	}
	printf(_("Read one (rutin show FILE), then release it: rutin routines release "
	    "FILE --db %s; rutin routines list shows where each stands.\n"), c->o.db);
	catalog_free(&cat);
	free(own);
	return rc;
}

static int
init_exec(struct cmd_ctx *c)
{
	char recovery[RECOVERY_TEXT_LEN], identity[65];
	struct log_error err;
	struct log *log = NULL;
	struct secret s;
	const char *why;
	const struct opts *o = &c->o;
	char *dir, *slash;
	int rc;

	/* The XDG folder is made private if it does not exist yet. */
	dir = xstrdup(o->db);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (o->db_default != NULL) {
			char *p;

			for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
				*p = '\0';
				mkdir(dir, 0700);
				*p = '/';
			}
			mkdir(dir, 0700);
		}
	}
	free(dir);
	if (secret_read_new(o->pass_fd, _("New passphrase (at least 12 characters): "),
	    &s, &why) != 0) {
		fprintf(stderr, "rutin init: %s\n", why);
		return EXIT_USAGE;
	}
	if (log_create(o->db, o->user, s.text, s.len, NULL, recovery, &log, &err) != LOG_OK) {
		secret_free(&s);
		return cmd_report(c->cmd, &err);
	}
	secret_free(&s);
	printf(_("Created %s with %s as supervisor.\n\n"), o->db, o->user);
	if (log_identity(log, identity, &err) == LOG_OK)
		printf(_("Log identity (every seal names it): %s\n\n"), identity);
	commands_print_recovery(o->db, recovery);
	sodium_memzero(recovery, sizeof(recovery));
	rc = offer_releases(c, log);
	cmdline_close_log(&log);
	if (!cmdline_stdout_ok()) {
		/* The only copy of the recovery key was lost: no log. */
		commands_remove_new_log(o->db);
		fprintf(stderr, _("rutin init: could not write the recovery key; %s was "
		    "not kept\n"), o->db);
		return EXIT_USAGE;
	}
	return rc;
}

/* ---- user ---- */

static int
user_add(struct log *log, const struct opts *o, const char *name)
{
	struct log_error err;
	struct secret s;
	const char *why;
	char *prompt;
	int role;

	if (o->role == NULL || (role = log_role_from_name(o->role)) < 0) {
		fprintf(stderr, _("rutin user add: give --role caseworker, trainer or "
		    "supervisor\n"));
		return EXIT_USAGE;
	}
	prompt = xasprintf(_("New passphrase for %s (at least 12 characters): "), name);
	if (secret_read_new(o->new_pass_fd, prompt, &s, &why) != 0) {
		free(prompt);
		fprintf(stderr, "rutin user add: %s\n", why);
		return EXIT_USAGE;
	}
	free(prompt);
	if (log_user_add(log, name, (enum log_role)role, s.text, s.len, NULL, &err) != LOG_OK) {
		secret_free(&s);
		return cmd_report("user add", &err);
	}
	secret_free(&s);
	printf(_("Added %s as %s.\n"), name, log_role_label((enum log_role)role));
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("user add");
}

static int
user_passwd(struct log *log, const struct opts *o)
{
	bool rekeyed;
	struct log_error err;
	struct secret s;
	const char *why;

	if (secret_read_new(o->new_pass_fd, _("New passphrase (at least 12 characters): "),
	    &s, &why) != 0) {
		fprintf(stderr, "rutin user passwd: %s\n", why);
		return EXIT_USAGE;
	}
	if (log_user_passwd(log, s.text, s.len, NULL, &rekeyed, &err) != LOG_OK) {
		secret_free(&s);
		return cmd_report("user passwd", &err);
	}
	secret_free(&s);
	printf(_("Changed the passphrase of %s.\n"), log_user(log));
	if (rekeyed)
		printf(_("The log has a new key: a copy of the old keyring with the old "
		    "passphrase opens nothing current.\n"));
	else
		printf(_("The log was not rekeyed (another session has it open): until "
		    "a supervisor runs 'rutin rekey', a copy of the old keyring with the "
		    "old passphrase still opens it.\n"));
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("user passwd");
}

static int
user_list(struct log *log)
{
	struct log_account *list;
	struct log_error err;
	size_t n, i;

	if (log_user_list(log, &list, &n, &err) != LOG_OK)
		return cmd_report("user list", &err);
	for (i = 0; i < n; i++)
		printf("%-24s %-13s%s\n", list[i].name, log_role_label(list[i].role),
		    list[i].has_slot ? "" : _("  (no key slot: cannot log in)"));
	free(list);
	return 0;
}

/* Every account change is sealed where the config sends seals, so that
 * a restore from a copy made before it knows of it (cli/restore.c): 0,
 * or exit 2 (as rutin seal) when the seal was not delivered. Without a destination the
 * change stands, and that it is known only to the log is said. */
int
commands_seal_account_change(struct cmd_ctx *c, int rc)
{
	char why[512];
	enum cmdline_seal sealed;

	if (rc != 0)
		return rc;
	sealed = cmdline_seal_change(c->log, why, sizeof(why));
	if (sealed == CMDLINE_NO_DEST) {
		if (!log_is_training(c->log))
			fprintf(stderr, _("rutin %s: no seal destination is configured "
			    "(seal_syslog, seal_file): a restore from a copy made before "
			    "this change cannot know of it\n"), c->cmd);
		return 0;
	}
	if (sealed == CMDLINE_NOT_SEALED) {
		fprintf(stderr, _("rutin %s: the change is made, but it was not sealed: "
		    "%s; seal it now (rutin seal), or a restore from an older copy will "
		    "not know of it\n"), c->cmd, why);
		return EXIT_USAGE;
	}
	return 0;
}

static int
user_add_exec(struct cmd_ctx *c)
{
	return commands_seal_account_change(c, user_add(c->log, &c->o, c->argv[0]));
}

static int
user_remove_exec(struct cmd_ctx *c)
{
	struct log_error err;

	if (log_user_remove(c->log, c->argv[0], cmdline_progress, _("rekeying"), &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	printf(_("Removed %s and its key slot; the log has a new key.\n"), c->argv[0]);
	return commands_seal_account_change(c, cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd));
}

static int
user_role_exec(struct cmd_ctx *c)
{
	struct log_error err;
	int role = log_role_from_name(c->argv[1]);

	if (role < 0) {
		fprintf(stderr, _("rutin user role: ROLE is caseworker, trainer or "
		    "supervisor\n"));
		return EXIT_USAGE;
	}
	if (log_user_set_role(c->log, c->argv[0], (enum log_role)role, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	printf(_("%s is now %s.\n"), c->argv[0], log_role_label((enum log_role)role));
	return commands_seal_account_change(c, cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd));
}

static int
user_list_exec(struct cmd_ctx *c)
{
	int rc = user_list(c->log);

	return rc == 0 && !cmdline_stdout_ok() ? cmdline_output_failed(c->cmd) : rc;
}

static int
user_passwd_exec(struct cmd_ctx *c)
{
	return user_passwd(c->log, &c->o);
}

/* ---- verify ---- */

/* What the seals showed, after an intact verdict; exit 1 for an unsealed
 * tail when the seals are required. */
static int
report_seals(const struct opts *o, const struct log_seal_report *sr)
{
	char when[32];

	if (o->seals == NULL) {
		printf(_("No seals were given: a rollback to an older copy, or a "
		    "rewritten tail, cannot be told from here (rutin verify --seals "
		    "FILE).\n"));
		return o->require_sealed ? EXIT_FAILED : 0;
	}
	if (sr->other_logs > 0 || sr->unreadable > 0)
		printf(_("%s: %" PRId64 " seal lines of other logs ignored, %" PRId64
		    " unreadable\n"), o->seals, sr->other_logs, sr->unreadable);
	if (sr->newest_seq > 0) {
		int64_t n = sr->seals - sr->beyond - sr->lost_seals;

		when_format(when, sizeof(when), sr->newest_time);
		printf(ngettext("%" PRId64 " seal matches the log; the newest is of %s "
		    "(event %" PRId64 ")\n", "%" PRId64 " seals match the log; the newest "
		    "is of %s (event %" PRId64 ")\n", (unsigned long)n), n, when,
		    sr->newest_seq);
	} else {
		printf(_("%s holds no seal of this log\n"), o->seals);
	}
	if (sr->lost_seals > 0) {
		when_format(when, sizeof(when), sr->restored_time);
		printf(_("Restored from a copy by %s on %s: events %" PRId64 " to %" PRId64
		    " were lost (%" PRId64 " seal(s) name them); the restore is recorded "
		    "and signed\n"), sr->restored_by, when, sr->restored_copy_seq + 1,
		    sr->lost_to, sr->lost_seals);
	}
	if (o->backup) {
		when_format(when, sizeof(when), sr->last_time);
		printf(_("A backup: it reaches event %" PRId64 " (%s); %" PRId64 " seal(s) "
		    "name later events, made after it was taken\n"), sr->last_seq, when,
		    sr->beyond);
	}
	if (sr->tail_events > 0 && o->backup) {
		when_format(when, sizeof(when), sr->tail_since);
		printf(ngettext("%" PRId64 " event since %s is not sealed in it\n",
		    "%" PRId64 " events since %s are not sealed in it\n",
		    (unsigned long)sr->tail_events), sr->tail_events, when);
		return 0;
	}
	if (sr->tail_events > 0) {
		when_format(when, sizeof(when), sr->tail_since);
		printf(ngettext("%" PRId64 " event since %s is not sealed\n",
		    "%" PRId64 " events since %s are not sealed\n",
		    (unsigned long)sr->tail_events), sr->tail_events, when);
		return o->require_sealed ? EXIT_FAILED : 0;
	}
	return 0;
}

/* The findings cache against findings computed anew with the routines
 * installed here; 0 when it agrees (or has nothing to check). */
static int
check_findings_cache(struct log *log, const struct opts *o)
{
	struct catalog catalog;
	struct log_error err;
	char bad[LOG_ID_LEN], *own = NULL;
	size_t checked = 0, unchecked = 0;
	int rc;

	memset(&catalog, 0, sizeof(catalog));
	cmdline_load_catalog("verify", log, o, &catalog, &own);
	rc = review_check_cache(log, catalog_lookup_text, &catalog, bad, &checked, &unchecked,
	    &err);
	catalog_free(&catalog);
	free(own);
	if (rc < 0)
		return cmd_report("verify", &err);
	if (rc > 0) {
		printf(_("the findings cache does not match the events of run %s: it "
		    "was not written by rutin from them (rutin verify --rebuild clears "
		    "it)\n"), bad);
		return EXIT_FAILED;
	}
	if (checked + unchecked > 0)
		printf(_("findings cache: %zu runs agree with their events; %zu not "
		    "checked (their routine text is not installed here: --routines)\n"),
		    checked, unchecked);
	return 0;
}

/* The identity the log must have: --log-id, else the config's `log_id`
 * when the log is the config's (no --db); NULL when neither. --require-sealed
 * needs one: without it a log rewritten from its first event, with a seal
 * of its own, would pass. -1 after a message. */
static int
verify_identity(const struct opts *o, char **log_id)
{
	struct config cfg;

	*log_id = NULL;
	if (o->log_id != NULL && !log_id_valid(o->log_id)) {
		fprintf(stderr, _("rutin verify: --log-id: '%s' is not a log's identity "
		    "(64 hex digits, as rutin init printed it)\n"), o->log_id);
		return -1;
	}
	if (o->log_id != NULL) {
		*log_id = xstrdup(o->log_id);
		return 0;
	}
	if (o->db_config != NULL && conffile_load(&cfg) != 0)
		return -1;
	if (o->db_config == NULL)
		memset(&cfg, 0, sizeof(cfg));
	if (cfg.log_id != NULL)
		*log_id = xstrdup(cfg.log_id);
	conffile_free(&cfg);
	if (*log_id == NULL && o->require_sealed) {
		fprintf(stderr, _("rutin verify: --require-sealed needs the log's "
		    "identity, or a log rewritten from its first event with a seal of "
		    "its own would pass: give --log-id (rutin init printed it; rutin "
		    "doctor shows it) or set log_id in the config\n"));
		return -1;
	}
	return 0;
}

/* The gallrings the log records (db/cull.c): each gap in the chain that
 * one covers was accepted as removed under the retention rule. */
static void
report_culls(struct log *log)
{
	struct log_cull_info *list;
	struct log_error err;
	char when[32];
	size_t n, i;

	if (log_culls(log, &list, &n, &err) != LOG_OK) {
		cmd_report("verify", &err);
		return;
	}
	for (i = 0; i < n; i++) {
		when_format(when, sizeof(when), list[i].time);
		/* The decision is typed text: written through the sanitiser. */
		printf(_("Removed under the retention rule, gallringsbeslut "));
		utf8_write_visible(stdout, list[i].decision);
		printf(ngettext(" (%s, by %s; event %" PRId64 "): %" PRId64 " run, %"
		    PRId64 " events; the gaps they left are the ones it records\n",
		    " (%s, by %s; event %" PRId64 "): %" PRId64 " runs, %" PRId64
		    " events; the gaps they left are the ones it records\n",
		    (unsigned long)list[i].runs), when, list[i].by, list[i].seq,
		    list[i].runs, list[i].events);
	}
	free(list);
}

/* What verify was told about the log's identity. */
static void
report_identity(const char *log_id)
{
	if (log_id != NULL)
		printf(_("The log is the one with identity %.16s… (its first event is "
		    "the one named)\n"), log_id);
	else
		printf(_("The log's identity was not given (--log-id, or log_id in the "
		    "config): a log rewritten from its first event cannot be told "
		    "from here.\n"));
}

static int
verify_exec(struct cmd_ctx *c)
{
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	struct log *log = c->log;
	const struct opts *o = &c->o;
	FILE *seals = NULL;
	char *log_id = NULL;
	int rc;

	if (o->archive != NULL)
		return verify_archive(c);
	if (verify_identity(o, &log_id) != 0)
		return EXIT_USAGE;
	if (o->seals != NULL && (seals = fopen(o->seals, "r")) == NULL) {
		fprintf(stderr, "rutin verify: %s: %s\n", o->seals, strerror(errno));
		return EXIT_USAGE;
	}
	log_set_progress(log, cmdline_progress, _("verifying"));
	if (o->rebuild && log_rebuild(log, &err) != LOG_OK) {
		rc = cmd_report("verify", &err);
	} else if (log_verify_seals(log, seals, o->backup ? LOG_SEALS_BACKUP : 0, log_id,
	    &r, &sr, &err) == LOG_OK) {
		if (r.unsigned_events == 0)
			printf(_("%s: intact: %" PRId64 " events, the chain is whole, every "
			    "event is signed by its author and the summaries match\n"), o->db,
			    r.events);
		else if (r.unsigned_events < r.events)
			printf(_("%s: intact: %" PRId64 " events, the chain is whole, the "
			    "summaries match, and every event from %" PRId64 " on is signed "
			    "by its author; events 1 to %" PRId64 " were written before the "
			    "log had signatures (by rutin 0.1, up to its upgrade) and carry "
			    "none: the chain alone holds them\n"), o->db, r.events,
			    r.unsigned_events + 1, r.unsigned_events);
		else
			printf(_("%s: intact: %" PRId64 " events, the chain is whole and the "
			    "summaries match; no event is signed yet: all were written "
			    "before the log had signatures (by rutin 0.1, up to its upgrade), "
			    "and the chain alone holds them\n"), o->db, r.events);
		report_identity(log_id);
		report_culls(log);
		rc = report_seals(o, &sr);
		if (check_findings_cache(log, o) != 0)
			rc = EXIT_FAILED;
	} else if (err.status == LOG_E_CORRUPT) {
		printf(_("%s: ALTERED OR DAMAGED (%" PRId64 " events read)\n"), o->db,
		    r.events);
		if (r.first_bad_seq > 0)
			printf(_("first bad event: %" PRId64 "\n"), r.first_bad_seq);
		cmdline_print_clean(stdout, r.problem);
		rc = EXIT_FAILED;
	} else {
		rc = cmd_report("verify", &err);
	}
	if (rc != EXIT_USAGE && !cmdline_stdout_ok())
		rc = cmdline_output_failed("verify");
	if (seals != NULL)
		fclose(seals);
	free(log_id);
	return rc;
}

/* ---- seal ---- */

static int
seal_exec(struct cmd_ctx *c)
{
	struct seal_dest dest = { false, NULL };
	char line[LOG_SEAL_LEN], why[512];
	struct log *log = c->log;
	struct config cfg;
	int rc = 0;

	if (conffile_load(&cfg) != 0)
		return EXIT_USAGE;
	dest.syslog = cfg.seal_syslog;
	dest.file = cfg.seal_file;
	if (!seals_send(log, &dest, line, why, sizeof(why))) {
		fprintf(stderr, "rutin seal: %s\n", why);
		if (line[0] != '\0')
			printf("%s\n", line);
		rc = EXIT_USAGE;
	} else {
		printf("%s\n", line);
		if (!cmdline_stdout_ok())
			rc = cmdline_output_failed("seal");
	}
	conffile_free(&cfg);
	return rc;
}

/* ---- events ---- */

static int
print_event(void *ctx, const struct log_event *ev)
{
	long *printed = ctx;

	log_event_write_json(stdout, ev);
	++*printed;
	return 0;
}

static int
events_exec(struct cmd_ctx *c)
{
	struct log_error err;
	struct log *log = c->log;
	const struct opts *o = &c->o;
	long printed = 0;
	int rc = 0;

	/* A supervisor sees every event, and so does a trainer in a training
	 * log (log_manages); anyone else only their own. */
	if (log_events(log, o->run, log_manages(log) ? NULL :
	    log_user(log), print_event, &printed, &err) != LOG_OK) {
		rc = cmd_report("events", &err);
	} else if (!cmdline_stdout_ok()) {
		rc = cmdline_output_failed("events");
	} else if (o->run != NULL && printed == 0) {
		/* An empty export for a run is a mistyped id, not "nothing". */
		fprintf(stderr, "rutin events: ");
		utf8_write_visible(stderr, o->run);
		fprintf(stderr, _(": no such run in %s (or none of its events is "
		    "yours)\n"), o->db);
		rc = EXIT_FAILED;
	}
	return rc;
}

/* ---- rekey, recovery new, upgrade ---- */

static int
rekey_exec(struct cmd_ctx *c)
{
	struct log_error err;
	struct log *log = c->log;
	const struct opts *o = &c->o;
	int rc = 0;

	if (log_rekey(log, cmdline_progress, _("rekeying"), &err) != LOG_OK)
		rc = cmd_report("rekey", &err);
	else
		printf(_("%s has a new key; every account and the recovery key open it, "
		    "old keyring copies do not.\n"), o->db);
	return rc == 0 && !cmdline_stdout_ok() ? cmdline_output_failed("rekey") : rc;
}

static int
recovery_new_exec(struct cmd_ctx *c)
{
	char recovery[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct log *log = c->log;
	const struct opts *o = &c->o;
	bool rekeyed;
	int rc = 0;

	if (log_recovery_new(log, recovery, cmdline_progress, _("rekeying"), &rekeyed,
	    &err) != LOG_OK) {
		rc = cmd_report("recovery new", &err);
	} else {
		if (rekeyed)
			printf(_("%s has a new recovery key and a new log key; the old "
			    "recovery key opens nothing current.\n\n"), o->db);
		else
			printf(_("%s has a new recovery key. Key slots of rutin 0.1 remain, "
			    "so the log was not rekeyed: the recovery key of rutin 0.1 (the "
			    "log key itself) still decrypts the file until every account "
			    "has logged in once and a supervisor runs rutin rekey.\n\n"),
			    o->db);
		commands_print_recovery(o->db, recovery);
		if (!cmdline_stdout_ok()) {
			fprintf(stderr, _("rutin recovery new: could not write the new "
			    "recovery key; run rutin recovery new again\n"));
			rc = EXIT_USAGE;
		}
	}
	sodium_memzero(recovery, sizeof(recovery));
	return rc;
}

static int
upgrade_exec(struct cmd_ctx *c)
{
	struct log_error err;
	struct secret s;
	const char *why = NULL;
	const struct opts *o = &c->o;
	bool upgraded;
	char *prompt;
	int rc = 0;

	if (access(o->db, F_OK) != 0) {
		fprintf(stderr, _("rutin upgrade: %s: no log here\n"), o->db);
		return EXIT_USAGE;
	}
	prompt = o->recovery ? xstrdup(_("Recovery key: ")) :
	    xasprintf(_("Passphrase for %s: "), o->user);
	if (secret_read(o->pass_fd, prompt, &s, &why) != 0) {
		free(prompt);
		fprintf(stderr, "rutin upgrade: %s\n", why);
		return EXIT_USAGE;
	}
	free(prompt);
	if (log_upgrade(o->db, o->user, s.text, s.len, o->recovery, cmdline_progress,
	    _("upgrading"), &upgraded, &err) != LOG_OK)
		rc = cmd_report("upgrade", &err);
	else if (upgraded)
		printf(_("%s is now in SQLCipher 4's format; every event and hash was "
		    "kept. The log as rutin 0.1 left it is kept as %s%s (with its keyring): "
		    "keep it until the upgraded log verifies against the seals, then "
		    "store it as you store backups. The other accounts' key slots are "
		    "replaced as each logs in; then run 'rutin recovery new' and keep the "
		    "new recovery key.\n"), o->db, o->db, LOG_UPGRADE_KEPT);
	else
		printf(_("%s is already in the current format.\n"), o->db);
	secret_free(&s);
	return rc == 0 && !cmdline_stdout_ok() ? cmdline_output_failed("upgrade") : rc;
}

/* ---- The entries (cmd.h) ---- */


const struct cmd_entry init_cmd = {
	.name = "init", .usage = "[--db FILE] [--user NAME]",
	.summary = N_("create a log; prints its recovery key once"),
	.options = OPT_OPEN, .exec = init_exec,
};
const struct cmd_entry user_add_cmd = {
	.group = "user", .name = "add", .usage = "NAME --role ROLE [--new-passphrase-fd N]",
	.summary = N_("a supervisor adds an account (caseworker, trainer or supervisor)"),
	.missing = N_("name the account: rutin user add NAME --role ROLE"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(ROLE) | OPT(NEW_PASS_FD), .required = OPT(ROLE),
	.min_operands = 1, .max_operands = 1, .flags = CMD_LOG | CMD_CONFIG,
	.role = CMD_MANAGER, .exec = user_add_exec,
};
const struct cmd_entry user_remove_cmd = {
	.group = "user", .name = "remove", .usage = "NAME",
	.summary = N_("a supervisor removes an account and rekeys the log"),
	.missing = N_("name the account: rutin user remove NAME"),
	.options = OPT_OPEN | OPT(RECOVERY), .min_operands = 1, .max_operands = 1,
	.flags = CMD_LOG | CMD_CONFIG, .role = CMD_MANAGER, .exec = user_remove_exec,
};
const struct cmd_entry user_role_cmd = {
	.group = "user", .name = "role", .usage = "NAME ROLE",
	.summary = N_("a supervisor gives an account another role"),
	.missing = N_("name the account and its role: rutin user role NAME ROLE"),
	.options = OPT_OPEN | OPT(RECOVERY), .min_operands = 2, .max_operands = 2,
	.flags = CMD_LOG | CMD_CONFIG, .role = CMD_MANAGER, .exec = user_role_exec,
};
const struct cmd_entry user_list_cmd = {
	.group = "user", .name = "list", .usage = "",
	.summary = N_("the log's accounts and their roles"),
	.options = OPT_OPEN | OPT(RECOVERY), .flags = CMD_LOG, .exec = user_list_exec,
};
const struct cmd_entry user_passwd_cmd = {
	.group = "user", .name = "passwd", .usage = "[--new-passphrase-fd N]",
	.summary = N_("change your own passphrase"),
	.options = OPT_OPEN | OPT(NEW_PASS_FD), .flags = CMD_LOG, .exec = user_passwd_exec,
};
/* verify --archive reads a package, not the log. */
static bool
verify_no_log(const struct cmd_ctx *c)
{
	return c->o.archive != NULL;
}

static int
verify_check(struct cmd_ctx *c)
{
	if (c->o.archive != NULL && (c->o.rebuild || c->o.backup || c->o.require_sealed)) {
		fprintf(stderr, _("rutin verify: --archive checks a package: --rebuild, "
		    "--backup and --require-sealed are for a log\n"));
		return EXIT_USAGE;
	}
	return 0;
}

const struct cmd_entry verify_cmd = {
	.name = "verify",
	.usage = "[--seals FILE [--require-sealed] [--log-id ID]] [--backup] [--rebuild] "
	    "[--routines DIR] | --archive DIR|FILE.tar [--seals FILE] [--log-id ID]",
	.summary = N_("check that the log (or an archive package of it) was not altered"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(REBUILD) | OPT(SEALS) | OPT(REQUIRE_SEALED) |
	    OPT(LOG_ID) | OPT(ROUTINES) | OPT(BACKUP) | OPT(ARCHIVE),
	.flags = CMD_LOG, .check = verify_check, .exec = verify_exec,
	.no_log = verify_no_log,
};
const struct cmd_entry seal_cmd = {
	.name = "seal", .usage = "",
	.summary = N_("seal the log's head: one signed line to keep elsewhere"),
	.options = OPT_OPEN | OPT(RECOVERY), .flags = CMD_LOG, .role = CMD_SUPERVISOR,
	.exec = seal_exec,
};
const struct cmd_entry events_cmd = {
	.name = "events", .usage = "[--run RUN]",
	.summary = N_("print events as JSON Lines (a caseworker's own)"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(RUN), .flags = CMD_LOG, .exec = events_exec,
};
const struct cmd_entry rekey_cmd = {
	.name = "rekey", .usage = "",
	.summary = N_("a fresh log key: old keyring copies open nothing current"),
	.options = OPT_OPEN | OPT(RECOVERY), .flags = CMD_LOG, .role = CMD_MANAGER,
	.exec = rekey_exec,
};
const struct cmd_entry recovery_new_cmd = {
	.group = "recovery", .name = "new", .usage = "",
	.summary = N_("replace the recovery key (and rekey)"),
	.options = OPT_OPEN | OPT(RECOVERY), .flags = CMD_LOG, .role = CMD_MANAGER,
	.exec = recovery_new_exec,
};
const struct cmd_entry upgrade_cmd = {
	.name = "upgrade", .usage = "",
	.summary = N_("convert a log made by rutin 0.1 to SQLCipher 4's format"),
	.options = OPT_OPEN | OPT(RECOVERY), .exec = upgrade_exec,
};

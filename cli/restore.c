/* rutin restore --from COPY: puts a copy of the log back without bringing
 * back anyone removed after it was made. The copy's keyring still holds
 * the slot of an account removed since, so its old passphrase would open
 * the copy again; what was removed lives outside the copy, in the seals
 * (every account change is sealed, and each seal line names the accounts
 * and roles of its time). The restore reads the newest seal of the log,
 * re-applies each removal and demotion made after the copy (a removal
 * rekeys), records itself (log.restored) and seals, all in a new file
 * beside the log, and only then swaps it in under the log's exclusive
 * lock, keeping the replaced files aside. db/FORMAT.md, "Restore". */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/delegate.h"
#include "db/restore.h"
#include "db/seal.h"
#include "tui/seals.h"

/* An account and its role, as a seal line names it. */
struct named_role {
	char name[65];
	int role;              /* enum log_role, or -1: a word this rutin lacks */
};

/* What the restore re-applies and what it only says. */
struct plan {
	struct named_role *sealed;  /* the newest seal's accounts */
	size_t n_sealed;
	struct log_account *copy;   /* the copy's accounts */
	size_t n_copy;
	int64_t copy_seq;           /* the copy's last event */
	struct log_seal_newest newest;
};

static void
plan_free(struct plan *p)
{
	free(p->sealed);
	free(p->copy);
	free(p->newest.accounts);
}

/* "anna:supervisor,bo:caseworker" into p->sealed. */
static void
parse_accounts(const char *text, struct plan *p)
{
	char *copy = xstrdup(text), *save = NULL, *item;

	for (item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		struct named_role *r;

		if (colon == NULL)
			continue;
		*colon = '\0';
		p->sealed = xreallocarray(p->sealed, p->n_sealed + 1, sizeof(*p->sealed));
		r = &p->sealed[p->n_sealed++];
		snprintf(r->name, sizeof(r->name), "%s", item);
		r->role = log_role_from_name(colon + 1);
	}
	free(copy);
}

static const struct named_role *
sealed_role(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_sealed; i++)
		if (strcmp(p->sealed[i].name, name) == 0)
			return &p->sealed[i];
	return NULL;
}

static bool
in_copy(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_copy; i++)
		if (strcmp(p->copy[i].name, name) == 0)
			return true;
	return false;
}

/* The seal store: --seals, else the config's seal_file. */
static const char *
seal_store(const struct cmd_ctx *c)
{
	return c->o.seals != NULL ? c->o.seals : c->cfg.seal_file;
}

/* The newest seal of the copy's log in the store, and the copy's own
 * check against every seal there (a copy altered since its seals is no
 * copy to restore). 0, or the exit status after a message. */
static int
read_store(struct cmd_ctx *c, struct plan *p)
{
	const char *store = seal_store(c);
	struct log_seal_report sr;
	struct log_verify v;
	struct log_error err;
	char id[65];
	FILE *f;

	if (log_identity(c->log, id, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	if ((f = fopen(store, "r")) == NULL) {
		fprintf(stderr, "rutin restore: %s: %s\n", store, strerror(errno));
		return EXIT_USAGE;
	}
	log_seal_newest(f, id, &p->newest);
	rewind(f);
	if (log_verify_seals(c->log, f, LOG_SEALS_BACKUP, id, &v, &sr, &err) != LOG_OK) {
		fclose(f);
		fprintf(stderr, _("rutin restore: the copy does not match the seals in %s, "
		    "or is damaged; it is not restored: "), store);
		cmdline_print_clean(stderr, err.message);
		return EXIT_FAILED;
	}
	fclose(f);
	p->copy_seq = sr.last_seq;
	return 0;
}

/* The restorer is, in the newest seal, what she is in the copy: a
 * supervisor (the recovery key is none). 0, or exit 1 after a message. */
static int
restorer_ok(const struct cmd_ctx *c, const struct plan *p)
{
	const char *me = log_user(c->log);
	const struct named_role *r = sealed_role(p, me);

	if (strcmp(me, "(recovery)") == 0 || (r != NULL && r->role == ROLE_SUPERVISOR))
		return 0;
	if (r == NULL)
		fprintf(stderr, _("rutin restore: '%s' was removed after the copy was made "
		    "(the seal of event %" PRId64 "); another supervisor, or the recovery "
		    "key, restores it\n"), me, p->newest.seq);
	else
		fprintf(stderr, _("rutin restore: '%s' is no supervisor since the copy was "
		    "made (the seal of event %" PRId64 "); another supervisor, or the "
		    "recovery key, restores it\n"), me, p->newest.seq);
	return EXIT_FAILED;
}

/* What changed after the copy, from the newest seal: 0, or the exit
 * status after a message. */
static int
make_plan(struct cmd_ctx *c, struct plan *p)
{
	struct log_error err;
	int rc;

	if ((rc = read_store(c, p)) != 0)
		return rc;
	if (log_user_list(c->log, &p->copy, &p->n_copy, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	if (p->newest.seq <= p->copy_seq)
		return 0;
	if (p->newest.accounts == NULL) {
		fprintf(stderr, _("rutin restore: the newest seal of this log (event %" PRId64
		    ") names no accounts (an older rutin made it): who was removed after "
		    "the copy cannot be known; seal the live log with this rutin (rutin "
		    "seal), or restore a newer copy\n"), p->newest.seq);
		return EXIT_FAILED;
	}
	parse_accounts(p->newest.accounts, p);
	return restorer_ok(c, p);
}

/* A supervisor or trainer in the copy who is a caseworker in the seal. */
static bool
demoted(const struct log_account *a, const struct named_role *r)
{
	return r != NULL && r->role == ROLE_CASEWORKER && a->role != ROLE_CASEWORKER;
}

/* Re-applies each removal and demotion after the copy: 0, or the exit
 * status after a message. Additions and promotions are only said: a seal
 * line is kept where the log's users cannot change it, but it carries no
 * signature of its own over the accounts, so it may take rights away,
 * never give them. */
static int
reapply(struct cmd_ctx *c, const struct plan *p)
{
	struct log_error err;
	size_t i;

	for (i = 0; p->newest.seq > p->copy_seq && i < p->n_copy; i++) {
		const struct log_account *a = &p->copy[i];
		const struct named_role *r = sealed_role(p, a->name);
		enum log_status s = LOG_OK;

		if (r == NULL) {
			s = log_user_remove(c->log, a->name, cmdline_progress, _("rekeying"), &err);
			if (s == LOG_OK)
				printf(_("Removed again: %s (removed after the copy was made).\n"),
				    a->name);
		} else if (demoted(a, r)) {
			s = log_user_set_role(c->log, a->name, ROLE_CASEWORKER, &err);
			if (s == LOG_OK)
				printf(_("A caseworker again: %s (since after the copy).\n"), a->name);
		}
		if (s != LOG_OK)
			return cmd_report(c->cmd, &err);
	}
	for (i = 0; i < p->n_sealed; i++) {
		const struct named_role *r = &p->sealed[i];

		if (!in_copy(p, r->name))
			printf(_("Added after the copy, not restored: %s; add the account again "
			    "(rutin user add %s --role %s).\n"), r->name, r->name,
			    r->role >= 0 ? log_role_name((enum log_role)r->role) : "?");
	}
	return 0;
}

/* The restore recorded in the restored log, before anything else is
 * written there. */
static int
record(struct cmd_ctx *c, const struct plan *p)
{
	const char *base = strrchr(c->o.from, '/');
	struct log_restore_info ri = {
		.lost_to = p->newest.seq > p->copy_seq ? p->newest.seq : 0,
		.seals_newest = p->newest.time,
		.source = base != NULL ? base + 1 : c->o.from,
	};
	struct log_error err;

	if (log_restore_record(c->log, &ri, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	return 0;
}

/* The restored log sealed, its accounts as they now are, where the
 * config sends seals. */
static int
seal_restored(struct cmd_ctx *c)
{
	char why[512];
	enum cmdline_seal sealed = cmdline_seal_change(c->log, why, sizeof(why));

	if (sealed == CMDLINE_NO_DEST) {
		fprintf(stderr, _("rutin restore: no seal destination is configured "
		    "(seal_syslog, seal_file): the restore is recorded in the log, but "
		    "not sealed outside it\n"));
		return 0;
	}
	if (sealed == CMDLINE_NOT_SEALED) {
		fprintf(stderr, _("rutin restore: the restore was not sealed: %s\n"), why);
		return EXIT_USAGE;
	}
	return 0;
}

static bool
same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
	    x.st_ino == y.st_ino;
}

/* 0 when the restore may begin, or the exit status after a message. */
static int
restore_check(struct cmd_ctx *c)
{
	const char *store = seal_store(c);
	char *work = xasprintf("%s.restoring", c->o.db);
	struct stat st;
	int rc = 0;

	if (delegate_path_ok(c->cmd, c->o.from, false) != 0)
		rc = EXIT_USAGE;
	else if (store == NULL) {
		fprintf(stderr, _("rutin restore: give the seals made since the copy (--seals "
		    "FILE, or seal_file in the config): without them who was removed after "
		    "the copy cannot be known, and a removed account would open the log "
		    "again\n"));
		rc = EXIT_USAGE;
	} else if (same_file(c->o.from, c->o.db)) {
		fprintf(stderr, _("rutin restore: %s is the log itself, not a copy\n"),
		    c->o.from);
		rc = EXIT_USAGE;
	} else if (lstat(work, &st) == 0) {
		fprintf(stderr, _("rutin restore: %s is there, left by a restore that did "
		    "not finish; remove it and %s.keys, then restore again\n"), work, work);
		rc = EXIT_USAGE;
	}
	free(work);
	return rc;
}

static void
say_done(const struct cmd_ctx *c, const struct plan *p, const char *aside)
{
	char when[32];

	when_format(when, sizeof(when), p->newest.time);
	printf(_("Restored %s from %s: its events 1 to %" PRId64 " are the log now.\n"),
	    c->o.db, c->o.from, p->copy_seq);
	if (p->newest.seq > p->copy_seq)
		printf(_("Events %" PRId64 " to at least %" PRId64 " (sealed %s) are lost; "
		    "rutin verify --seals reports them as lost in this restore.\n"),
		    p->copy_seq + 1, p->newest.seq, when);
	else
		printf(_("The seals name no event after the copy's last: no account change "
		    "since was sealed, and events written after it, if any, were never "
		    "sealed.\n"));
	if (aside != NULL)
		printf(_("The log it replaced is kept as %s.\n"), aside);
}

/* In the opened work copy: what to re-apply, the record, the re-applied
 * changes, the seal. 0, or the exit status after a message. */
static int
restore_in_copy(struct cmd_ctx *c, struct plan *p)
{
	int rc;

	/* Its place is about to be renamed: no record of the restorer's
	 * events there (db/own.c), so a failed attempt leaves none. */
	log_own_forget(c->log);
	if ((rc = cmd_role_ok(c)) == 0 && (rc = make_plan(c, p)) == 0 &&
	    (rc = record(c, p)) == 0 && (rc = reapply(c, p)) == 0)
		rc = seal_restored(c);
	return rc;
}

/* The restore, the log's lock held: 0, or the exit status after a
 * message (the half-made log is then removed). */
static int
restore_locked(struct cmd_ctx *c, const char *work, struct plan *p)
{
	char *aside = NULL;
	struct log_error err;
	struct opts o;
	int rc;

	if (log_restore_files(c->o.from, work, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	o = c->o;
	o.db = work;
	if (cmdline_open_log(c->cmd, &o, &c->log, &err) != LOG_OK)
		rc = cmd_report(c->cmd, &err);
	else
		rc = restore_in_copy(c, p);
	if (c->log != NULL)
		cmdline_close_log(&c->log);
	if (rc == 0 && log_restore_swap(work, c->o.db, &aside, &err) != LOG_OK)
		rc = cmd_report(c->cmd, &err);
	if (rc == 0)
		say_done(c, p, aside);
	else
		log_restore_discard(work);
	free(aside);
	return rc;
}

static int
restore_exec(struct cmd_ctx *c)
{
	struct log_lock *lock = NULL;
	struct log_error err;
	struct plan p;
	char *work;
	int rc;

	if ((rc = restore_check(c)) != 0)
		return rc;
	/* No one has the log open, or opens it, until the restored one is in
	 * place: nothing written meanwhile can be lost unseen. */
	if (log_restore_lock(c->o.db, &lock, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	memset(&p, 0, sizeof(p));
	work = xasprintf("%s.restoring", c->o.db);
	rc = restore_locked(c, work, &p);
	log_restore_unlock(&lock);
	free(work);
	plan_free(&p);
	return rc;
}

const struct cmd_entry restore_cmd = {
	.name = "restore", .usage = "--from COPY [--seals FILE]",
	.summary = N_("put a copy back, removing again whoever was removed after it"),
	.options = OPT_OPEN | OPT(RECOVERY) | OPT(FROM) | OPT(SEALS),
	.required = OPT(FROM), .max_operands = 0, .flags = CMD_CONFIG,
	.role = CMD_SUPERVISOR, .exec = restore_exec,
};

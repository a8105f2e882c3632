/* rutin gallra rule [--days N --decision TEXT] and rutin gallra
 * [--dry-run] [--confirm] (issue 29, part 1): the log's retention rule,
 * resting on the organisation's gallringsbeslut, and the removal of the
 * runs past it, recorded by one signed event that verify reads
 * (db/cull.c; db/FORMAT.md, "Retention and gallring"). Supervisors. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklists/routine.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "tui/catalog.h"

/* ---- gallra rule ---- */

static void
print_rule(const struct log_retention *r)
{
	char when[32];

	when_format(when, sizeof(when), r->time);
	printf(ngettext("Runs are kept %" PRId64 " day after they ended (or were "
	    "reviewed, whichever is later).\n", "Runs are kept %" PRId64 " days after "
	    "they ended (or were reviewed, whichever is later).\n",
	    (unsigned long)r->days), r->days);
	printf(_("Gallringsbeslut: "));
	cmdline_print_clean(stdout, r->decision);
	printf(_("Set by %s on %s.\n"), r->by, when);
}

static int
gallra_rule_exec(struct cmd_ctx *c)
{
	struct log_retention r;
	struct log_error err;
	char *end = NULL;
	long long days = 0;
	bool has;

	if (c->o.days == NULL && c->o.decision == NULL) {
		if (log_retention_get(c->log, &r, &has, &err) != LOG_OK)
			return cmd_report(c->cmd, &err);
		if (!has)
			printf(_("The log has no retention rule: nothing is removed. A "
			    "supervisor sets one with rutin gallra rule --days N --decision "
			    "TEXT, naming the gallringsbeslut it rests on.\n"));
		else
			print_rule(&r);
		return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
	}
	if (c->o.days == NULL || c->o.decision == NULL) {
		fprintf(stderr, _("rutin %s: a rule needs both --days N and --decision "
		    "TEXT (the gallringsbeslut's reference)\n"), c->cmd);
		return EXIT_USAGE;
	}
	days = strtoll(c->o.days, &end, 10);
	if (end == c->o.days || *end != '\0' || days < 1 ||
	    days > LOG_RETENTION_MAX_DAYS) {
		fprintf(stderr, _("rutin %s: --days: '%s' is not a number of days from 1 "
		    "to %d\n"), c->cmd, c->o.days, LOG_RETENTION_MAX_DAYS);
		return EXIT_USAGE;
	}
	if (log_retention_set(c->log, days, c->o.decision, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	if (log_retention_get(c->log, &r, &has, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	print_rule(&r);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
}

const struct cmd_entry gallra_rule_cmd = {
	.group = "gallra", .name = "rule", .usage = "[--days N --decision TEXT]",
	.summary = N_("show or set how long runs are kept, and the gallringsbeslut "
	    "it rests on (supervisors)"),
	.options = OPT_OPEN | OPT(DAYS) | OPT(DECISION),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = gallra_rule_exec,
};

/* ---- gallra ---- */

/* The title of a run's routine text, never its id: the id only when the
 * text is installed nowhere (said). */
static void
print_title(const struct catalog *cat, const struct log_cull_run *r)
{
	const struct routine *rt = catalog_find_text(cat, r->routine_id, r->routine_hash);

	if (rt != NULL)
		utf8_write_visible(stdout, routine_title(rt));
	else
		printf(_("(a routine not installed here: %s)"), r->routine_id);
}

static void
print_plan(const struct cmd_ctx *c, const struct log_cull_plan *p)
{
	struct catalog cat;
	char when[32], *own = NULL;
	size_t i;

	print_rule(&p->rule);
	when_format(when, sizeof(when), p->before);
	if (p->run_count == 0) {
		printf(_("No run ended before %s: nothing to remove.\n"), when);
	} else {
		memset(&cat, 0, sizeof(cat));
		cmdline_load_catalog(c->cmd, c->log, &c->o, &cat, &own);
		printf(ngettext("%zu run ended before %s (%" PRId64 " events):\n",
		    "%zu runs ended before %s (%" PRId64 " events):\n",
		    (unsigned long)p->run_count), p->run_count, when, p->events);
		for (i = 0; i < p->run_count; i++) {
			when_format(when, sizeof(when), p->runs[i].ended);
			printf("  %s  ", when);
			utf8_write_visible(stdout, p->runs[i].case_ref);
			printf("  ");
			print_title(&cat, &p->runs[i]);
			printf("\n");
		}
		catalog_free(&cat);
		free(own);
	}
	if (p->open_past > 0)
		printf(ngettext("%zu run past the rule has not ended (active or paused): "
		    "it is kept until it ends.\n", "%zu runs past the rule have not ended "
		    "(active or paused): they are kept until they end.\n",
		    (unsigned long)p->open_past), p->open_past);
}

/* "yes" typed at the terminal after `question`; said when not. */
static bool
ask_yes(const struct cmd_ctx *c, const char *question)
{
	char line[16];

	printf("%s", question);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL || strcmp(line, "yes\n") != 0) {
		fprintf(stderr, _("rutin %s: nothing done\n"), c->cmd);
		return false;
	}
	return true;
}

/* --confirm, or "yes" typed at a terminal. */
static bool
confirmed(const struct cmd_ctx *c, const struct log_cull_plan *p)
{
	if (c->o.confirm)
		return true;
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, _("rutin %s: nothing removed: read the list (--dry-run), "
		    "then remove them with --confirm (standard input is no terminal to "
		    "ask on)\n"), c->cmd);
		return false;
	}
	printf(ngettext("Remove this %zu run and its %" PRId64 " events for good? ",
	    "Remove these %zu runs and their %" PRId64 " events for good? ",
	    (unsigned long)p->run_count), p->run_count, p->events);
	return ask_yes(c, _("Type yes: "));
}

/* With the option second_person on: another supervisor approved this
 * very plan (the same runs, the same cutoff). 0, or the exit status
 * after a message. */
static int
second_ok(const struct cmd_ctx *c, const struct log_cull_plan *p)
{
	if (!p->needs_second)
		return 0;
	if (p->approved_by[0] == '\0' || strcmp(p->approved_plan, p->plan) != 0) {
		fprintf(stderr, _("rutin %s: the log's option second_person is on: another "
		    "supervisor reads this list and approves it first (rutin gallra "
		    "approve)%s\n"), c->cmd, p->approved_by[0] != '\0' ? _("; the runs "
		    "past the rule changed since the last approval") : "");
		return EXIT_FAILED;
	}
	if (strcmp(p->approved_by, log_user(c->log)) == 0) {
		fprintf(stderr, _("rutin %s: you approved this gallring yourself: another "
		    "supervisor carries it out\n"), c->cmd);
		return EXIT_FAILED;
	}
	printf(_("Approved by %s as the second person.\n"), p->approved_by);
	return 0;
}

static int
gallra_exec(struct cmd_ctx *c)
{
	struct log_cull_plan p;
	struct log_error err;
	int64_t seq = 0;
	bool finishing;
	int rc = 0;

	if (log_cull_plan(c->log, &p, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	finishing = p.pending > 0;
	if (finishing) {
		printf(ngettext("A gallring begun earlier (event %" PRId64 ") is not "
		    "finished: %" PRId64 " of its event is still in the log.\n",
		    "A gallring begun earlier (event %" PRId64 ") is not finished: %"
		    PRId64 " of its events are still in the log.\n",
		    (unsigned long)p.pending_events), p.pending, p.pending_events);
		if (c->o.dry_run) {
			printf(_("rutin gallra without --dry-run finishes it.\n"));
			log_cull_plan_free(&p);
			return 0;
		}
	} else if (p.rule.days == 0) {
		log_cull_plan_free(&p);
		fprintf(stderr, _("rutin %s: the log has no retention rule: set one first "
		    "(rutin gallra rule --days N --decision TEXT)\n"), c->cmd);
		return EXIT_USAGE;
	} else {
		print_plan(c, &p);
		if (c->o.dry_run || p.run_count == 0) {
			if (c->o.dry_run && p.run_count > 0)
				printf(_("A dry run: nothing was removed.\n"));
			else if (!c->o.dry_run && log_cull(c->log, &p, NULL, &err) != LOG_OK)
				rc = cmd_report(c->cmd, &err);
			log_cull_plan_free(&p);
			if (rc != 0)
				return rc;
			return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
		}
		if ((rc = second_ok(c, &p)) != 0 || !confirmed(c, &p)) {
			log_cull_plan_free(&p);
			return rc != 0 ? rc : EXIT_USAGE;
		}
	}
	log_set_progress(c->log, cmdline_progress, _("removing"));
	if (log_cull(c->log, &p, &seq, &err) != LOG_OK) {
		rc = cmd_report(c->cmd, &err);
		if (seq > 0 || finishing)
			fprintf(stderr, _("rutin %s: the log is whole and verifies; run rutin "
			    "gallra again to finish the removal\n"), c->cmd);
		log_cull_plan_free(&p);
		return rc != 0 ? rc : EXIT_FAILED;
	}
	if (finishing)
		printf(_("The gallring of event %" PRId64 " is finished.\n"), seq);
	else
		printf(ngettext("Removed %zu run (%" PRId64 " events) under the "
		    "gallringsbeslut; event %" PRId64 " records it, and the freed space "
		    "in the log file is overwritten.\n", "Removed %zu runs (%" PRId64
		    " events) under the gallringsbeslut; event %" PRId64 " records it, "
		    "and the freed space in the log file is overwritten.\n",
		    (unsigned long)p.run_count), p.run_count, p.events, seq);
	printf(_("Copies of the log made before today (backups) still hold them: "
	    "rutin doctor names those older than the rule.\n"));
	log_cull_plan_free(&p);
	return commands_seal_account_change(c, cmdline_stdout_ok() ? 0 :
	    cmdline_output_failed(c->cmd));
}

/* ---- gallra approve ---- */

static int
gallra_approve_exec(struct cmd_ctx *c)
{
	struct log_cull_plan p;
	struct log_error err;
	int rc = 0;

	if (log_cull_plan(c->log, &p, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	if (p.pending > 0 || p.rule.days == 0 || !p.needs_second) {
		fprintf(stderr, "rutin %s: %s\n", c->cmd, p.pending > 0 ? _("a gallring "
		    "begun earlier is not finished: rutin gallra finishes it") :
		    p.rule.days == 0 ? _("the log has no retention rule") : _("the log's "
		    "option second_person is off: a gallring needs no approval"));
		log_cull_plan_free(&p);
		return EXIT_USAGE;
	}
	print_plan(c, &p);
	if (p.run_count == 0) {
		log_cull_plan_free(&p);
		return 0;
	}
	if (!c->o.confirm && !isatty(STDIN_FILENO)) {
		fprintf(stderr, _("rutin %s: read the list, then approve it with --confirm "
		    "(standard input is no terminal to ask on)\n"), c->cmd);
		rc = EXIT_USAGE;
	} else if (!c->o.confirm && !ask_yes(c, _("Approve removing these runs? Type "
	    "yes: "))) {
		rc = EXIT_USAGE;
	} else if (log_cull_approve(c->log, &p, &err) != LOG_OK) {
		rc = cmd_report(c->cmd, &err);
	} else {
		printf(_("Approved: another supervisor may now remove them (rutin gallra).\n"));
	}
	log_cull_plan_free(&p);
	return rc;
}

const struct cmd_entry gallra_approve_cmd = {
	.group = "gallra", .name = "approve", .usage = "[--confirm] [--routines DIR]",
	.summary = N_("approve the runs a gallring would remove, as the second "
	    "supervisor, when the log's option second_person is on"),
	.options = OPT_OPEN | OPT(CONFIRM) | OPT(ROUTINES),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = gallra_approve_exec,
};

const struct cmd_entry gallra_cmd = {
	.group = "gallra", .name = "", .usage = "[--dry-run] [--confirm] [--routines DIR]",
	.summary = N_("remove the runs past the retention rule, recorded by one "
	    "signed event that verify reads (supervisors)"),
	.options = OPT_OPEN | OPT(DRY_RUN) | OPT(CONFIRM) | OPT(ROUTINES),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = gallra_exec,
};

/* rutin routines release | withdraw | list: the routine texts a live log
 * runs (issue 28). A supervisor releases a file after rutin lint and a
 * review of what changed since the routine's last release (printed
 * first); from the log's first release on, the log starts runs only of
 * released texts (db/releases.c). Withdrawing a release stops new runs;
 * open runs go on, bound by hash. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklists/routine.h"
#include "checklists/yread.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "runlog/releases.h"
#include "runlog/words.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "runlog/diffwords.h"
#include "cli/routines.h"

/* The routine in `path`, valid, or NULL after lint's messages; *text
 * gets the file's bytes the routine was read from (the caller frees
 * them): what a release records is exactly what was hashed. */
static struct routine *
load_valid(const char *cmd, const char *path, char **text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *bytes = NULL;
	size_t len = 0;

	*text = NULL;
	if (yread_read_file(path, &bytes, &len, &d) == YREAD_OK) {
		/* The bytes as a string for the event: a file with a NUL in it
		 * is no routine (the loader refuses it below). */
		*text = xmalloc(len + 1);
		memcpy(*text, bytes, len);
		(*text)[len] = '\0';
		free(bytes);
	}
	if (*text == NULL || strlen(*text) != len ||
	    routine_load_buffer(*text, len, path, &r, &d) != ROUTINE_OK) {
		routine_free(&r);
		fprintf(stderr, _("rutin %s: %s is not a valid routine; nothing is "
		    "released (rutin lint says why):\n"), cmd, path);
		free(*text);
		*text = NULL;
	}
	diag_print(&d, path, stderr);
	diag_list_clear(&d);
	return r;
}

/* What changed since the routine's standing release, or that it is the
 * first. */
static void
show_review(const struct releases *rel, const struct routine *r)
{
	const struct release_entry *last = releases_latest(rel, routine_id(r));
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *old = NULL;

	if (last == NULL) {
		printf(_("The first release of \"%s\" (%s) in this log; its steps: rutin "
		    "show FILE.\n"), routine_title(r), routine_id(r));
		return;
	}
	printf(_("Released now: version %ld, by %s; what the file changes:\n"),
	    last->version, last->by);
	if (routine_load_buffer(last->source, strlen(last->source), last->id, &old, &d) ==
	    ROUTINE_OK)
		diffwords_write(stdout, old, r);
	else
		printf("%s\n", _("(the released text no longer loads in this rutin: "
		    "compare by hand)"));
	diag_list_clear(&d);
	routine_free(&old);
}

/* --confirm, or "yes" typed at a terminal. */
static bool
confirmed(const struct cmd_ctx *c, const struct routine *r)
{
	char line[16];

	if (c->o.confirm)
		return true;
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, _("rutin %s: read the differences, then release it with "
		    "--confirm (standard input is no terminal to ask on)\n"), c->cmd);
		return false;
	}
	printf(_("Release \"%s\" version %ld for every run in this log? Type yes: "),
	    routine_title(r), routine_version(r));
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL || strcmp(line, "yes\n") != 0) {
		fprintf(stderr, _("rutin %s: not released\n"), c->cmd);
		return false;
	}
	return true;
}

int
routines_release_found(struct log *log, const struct catalog *cat, const char *note)
{
	struct log_release_in in;
	struct log_error err;
	struct routine *r;
	char hash[65], *text;
	size_t i;
	int rc = 0;

	for (i = 0; i < cat->count; i++) {
		const char *path = routine_source(cat->routines[i]);

		if ((r = load_valid("init", path, &text)) == NULL) {
			rc = EXIT_FAILED;
			continue;
		}
		routine_hash_hex(r, hash);
		in.id = routine_id(r), in.version = routine_version(r), in.hash = hash;
		in.title = routine_title(r), in.note = note, in.source = text;
		if (log_release(log, &in, &err) != LOG_OK) {
			fprintf(stderr, "rutin init: %s\n", err.message);
			rc = EXIT_FAILED;
		} else {
			printf(_("Released \"%s\" version %ld (%.12s).\n"), routine_title(r),
			    routine_version(r), hash);
		}
		routine_free(&r);
		free(text);
	}
	return rc;
}

static int
release_exec(struct cmd_ctx *c)
{
	char *text;
	struct routine *r = load_valid(c->cmd, c->argv[0], &text);
	struct log_release_in in;
	struct releases rel;
	struct log_error err;
	char hash[65];
	int rc = 0;

	if (r == NULL)
		return EXIT_USAGE;
	routine_hash_hex(r, hash);
	if (releases_read(c->log, &rel, &err) != LOG_OK) {
		routine_free(&r);
		free(text);
		return cmd_report(c->cmd, &err);
	}
	if (log_routine_released(c->log, hash)) {
		printf(_("\"%s\" version %ld is released already in this text (%.12s).\n"),
		    routine_title(r), routine_version(r), hash);
	} else {
		show_review(&rel, r);
		if (!confirmed(c, r)) {
			rc = EXIT_FAILED;
		} else {
			in.id = routine_id(r), in.version = routine_version(r), in.hash = hash;
			in.title = routine_title(r), in.note = c->o.note;
			in.source = text;
			if (log_release(c->log, &in, &err) != LOG_OK)
				rc = cmd_report(c->cmd, &err);
			else
				printf(_("Released \"%s\" version %ld (%.12s): from now on this "
				    "log starts runs of it in this text only.\n"),
				    routine_title(r), routine_version(r), hash);
			rc = commands_seal_account_change(c, rc);
		}
	}
	releases_free(&rel);
	routine_free(&r);
	free(text);
	if (rc == 0 && !cmdline_stdout_ok())
		return cmdline_output_failed(c->cmd);
	return rc;
}

static int
withdraw_exec(struct cmd_ctx *c)
{
	struct releases rel;
	struct log_error err;
	const struct release_entry *e = NULL;
	size_t i, len = strlen(c->argv[0]);
	int rc;

	if (releases_read(c->log, &rel, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	/* A hash (or its start, 8 digits or more), or a routine's id: its
	 * standing release. */
	for (i = 0; i < rel.count && e == NULL; i++)
		if (!rel.items[i].withdrawn && len >= 8 &&
		    strncmp(rel.items[i].hash, c->argv[0], len) == 0)
			e = &rel.items[i];
	if (e == NULL)
		e = releases_latest(&rel, c->argv[0]);
	if (e == NULL) {
		fprintf(stderr, _("rutin %s: no standing release is named '"), c->cmd);
		utf8_write_visible(stderr, c->argv[0]);
		fprintf(stderr, _("' (rutin routines list shows them)\n"));
		releases_free(&rel);
		return EXIT_FAILED;
	}
	if (log_withdraw(c->log, e->id, e->hash, c->o.note, &err) != LOG_OK)
		rc = cmd_report(c->cmd, &err);
	else {
		printf(_("Withdrew \"%s\" version %ld (%.12s): no new runs of it; the runs "
		    "open in it go on.\n"), e->title, e->version, e->hash);
		rc = commands_seal_account_change(c, 0);
	}
	releases_free(&rel);
	return rc;
}

/* Each installed routine and where it stands; then the releases. */
static void
list_installed(struct log *log, const struct releases *rel, const struct catalog *cat)
{
	size_t i;
	char hash[65];

	for (i = 0; i < cat->count; i++) {
		const struct routine *r = cat->routines[i];
		const struct release_entry *last = releases_latest(rel, routine_id(r));
		const char *state;

		routine_hash_hex(r, hash);
		if (log_routine_released(log, hash))
			state = _("released");
		else if (last != NULL)
			state = _("CHANGED, NOT RELEASED (rutin routines diff, then release)");
		else
			state = _("not released");
		printf("  %-28s %3ld  %.12s  %s\n", routine_id(r), routine_version(r), hash,
		    state);
	}
}

static void
list_releases(const struct releases *rel)
{
	char when[32];
	size_t i;

	for (i = 0; i < rel->count; i++) {
		const struct release_entry *e = &rel->items[i];

		when_format(when, sizeof(when), e->time);
		printf("  %-28s %3ld  %.12s  %s %s", e->id, e->version, e->hash, when, e->by);
		if (e->withdrawn) {
			when_format(when, sizeof(when), e->withdrawn_time);
			printf(_("  withdrawn %s by %s"), when, e->withdrawn_by);
		}
		if (e->note[0] != '\0') {
			fputs("  ", stdout);
			utf8_write_visible(stdout, e->note);
		}
		putchar('\n');
	}
}

static int
list_exec(struct cmd_ctx *c)
{
	struct catalog cat;
	struct releases rel;
	struct log_error err;
	char *own = NULL;

	if (releases_read(c->log, &rel, &err) != LOG_OK)
		return cmd_report(c->cmd, &err);
	memset(&cat, 0, sizeof(cat));
	catalog_load_configured(&cat, c->o.routines.dir, (size_t)c->o.routines.count, &own);
	if (log_is_training(c->log))
		printf("%s\n", _("A training log runs every routine file (trainers try "
		    "drafts there); releases are a live log's."));
	else if (rel.count == 0)
		printf("%s\n", _("No routine is released in this log: it runs any routine "
		    "file it finds. Release the ones in use (rutin routines release "
		    "FILE); from the first release on, it runs released texts only."));
	else
		printf("%s\n", _("This log runs released routine texts only."));
	printf(_("\nThe routine files found here (id, version, hash, state):\n"));
	list_installed(c->log, &rel, &cat);
	if (rel.count > 0) {
		printf(_("\nReleases (id, version, hash, when, by whom, note):\n"));
		list_releases(&rel);
	}
	catalog_free(&cat);
	free(own);
	releases_free(&rel);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
}

/* The installed routines' steps that need a second person: always, or
 * as the organisation chooses (the option). */
static void
list_second_steps(const struct catalog *cat, bool on)
{
	size_t i, k, shown = 0;

	for (i = 0; i < cat->count; i++) {
		const struct routine *r = cat->routines[i];

		for (k = 0; k < routine_step_count(r); k++) {
			const struct step *s = routine_step(r, k);
			char words[WORDS_PROMPT_MAX + 16];

			if (s->second == SECOND_NONE)
				continue;
			words_step(s, NULL, words, sizeof(words));
			printf("  %s: %s\n      %s · %s\n", routine_title(r), words,
			    s->second == SECOND_SUPERVISOR ? _("a supervisor") :
			    _("a colleague"), !s->second_optional ? _("always") : on ?
			    _("the organisation's choice: on") :
			    _("the organisation's choice: off"));
			shown++;
		}
	}
	if (shown == 0)
		printf("  %s\n", _("(none of the routines found here has one)"));
}

static const char second_on_text[] = N_("A second person is on: the runs started "
    "from now on need one on the steps where the routine leaves it to the "
    "organisation. Runs open now go on as they started.\n");
static const char second_off_text[] = N_("A second person is off where the routine "
    "leaves it to the organisation, for the runs started from now on; steps "
    "that always need one still do.\n");

static int
second_exec(struct cmd_ctx *c)
{
	struct catalog cat;
	struct log_error err;
	enum log_status st;
	char *own = NULL;
	bool on;

	if (c->argc == 1) {
		if (!log_manages(c->log)) {
			fprintf(stderr, _("rutin %s: only a supervisor (in a training log "
			    "also a trainer) sets the log's options; '%s' is a %s\n"),
			    c->cmd, log_user(c->log), log_role_label(log_role(c->log)));
			return EXIT_USAGE;
		}
		st = log_option_set(c->log, LOG_OPTION_SECOND_PERSON, c->argv[0], &err);
		if (st == LOG_E_EXISTS) {
			printf("%s\n", err.message); /* nothing to do: said, exit 0 */
		} else if (st != LOG_OK) {
			return cmd_report(c->cmd, &err);
		} else {
			fputs(strcmp(c->argv[0], "on") == 0 ? _(second_on_text) :
			    _(second_off_text), stdout);
			if (commands_seal_account_change(c, 0) != 0)
				return EXIT_FAILED;
		}
	}
	on = log_second_person_on(c->log);
	memset(&cat, 0, sizeof(cat));
	catalog_load_configured(&cat, c->o.routines.dir, (size_t)c->o.routines.count, &own);
	printf(on ? _("The log's option second_person is on.\n") :
	    _("The log's option second_person is off.\n"));
	printf(_("\nSteps whose answer a second person confirms (routine, step, who, "
	    "when):\n"));
	list_second_steps(&cat, on);
	catalog_free(&cat);
	free(own);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
}

static int
second_check(struct cmd_ctx *c)
{
	if (c->argc == 1 && strcmp(c->argv[0], "on") != 0 && strcmp(c->argv[0], "off") != 0) {
		fprintf(stderr, _("rutin %s: on or off, not '"), c->cmd);
		utf8_write_visible(stderr, c->argv[0]);
		fputs("'\n", stderr);
		return EXIT_USAGE;
	}
	return 0;
}

const struct cmd_entry routines_second_cmd = {
	.group = "routines", .name = "second-person", .usage = "[on|off] [--routines DIR]",
	.summary = N_("which steps need a second person; a supervisor turns on or off "
	    "those the routines leave to the organisation"),
	.options = OPT_OPEN | OPT(ROUTINES), .min_operands = 0, .max_operands = 1,
	.flags = CMD_LOG | CMD_CONFIG, .role = CMD_ANYONE, .check = second_check,
	.exec = second_exec,
};

const struct cmd_entry routines_release_cmd = {
	.group = "routines", .name = "release", .usage = "FILE [--note TEXT] [--confirm]",
	.summary = N_("a supervisor releases a routine text for the live log's runs, "
	    "after reading what changed"),
	.missing = N_("name the routine file: rutin routines release FILE"),
	.options = OPT_OPEN | OPT(NOTE) | OPT(CONFIRM), .min_operands = 1,
	.max_operands = 1, .flags = CMD_LOG | CMD_FILES | CMD_CONFIG,
	.role = CMD_SUPERVISOR, .exec = release_exec,
};
const struct cmd_entry routines_withdraw_cmd = {
	.group = "routines", .name = "withdraw", .usage = "ID|HASH [--note TEXT]",
	.summary = N_("a supervisor withdraws a release: no new runs of that text"),
	.missing = N_("name the routine or the release's hash"),
	.options = OPT_OPEN | OPT(NOTE), .min_operands = 1, .max_operands = 1,
	.flags = CMD_LOG | CMD_CONFIG, .role = CMD_SUPERVISOR, .exec = withdraw_exec,
};
const struct cmd_entry routines_list_cmd = {
	.group = "routines", .name = "list", .usage = "[--routines DIR]",
	.summary = N_("the routine files found and the log's releases"),
	.options = OPT_OPEN | OPT(ROUTINES), .flags = CMD_LOG | CMD_CONFIG,
	.role = CMD_ANYONE, .exec = list_exec,
};

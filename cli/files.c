/* The commands that open no log: lint and show (routine files), scan
 * (a document's text through the guard) and keys (the interface's). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/lint.h"
#include "checklists/routine.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "tui/catalog.h"
#include "tui/keys.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "scan/scan.h"

static int
lint_exec(struct cmd_ctx *c)
{
	struct lint_result res = { 0, 0, 0, 0, 0 };
	struct catalog installed;
	struct lint_routines rt = { catalog_lookup, &installed };
	char *own_dir = NULL;
	int i;
	/* Exercises are checked against the routines the interface would
	 * use: the configured folders, the user's own and the shipped ones. */
	catalog_load_configured(&installed, NULL, 0, &own_dir);
	free(own_dir);
	for (i = 0; i < c->argc; i++)
		lint_path(c->argv[i], stdout, &rt, &res);
	catalog_free(&installed);
	if (!c->o.quiet)
		fprintf(stderr, _("rutin lint: %zu file(s) checked, %zu invalid; "
		    "%zu error(s), %zu warning(s)\n"), res.files, res.invalid,
		    res.errors, res.warnings);
	return res.status;
}

/* A label and a text from a routine file, through the sanitiser. */
static void
show_field(const char *label, const char *text)
{
	printf("%-9s ", label);
	utf8_write_visible(stdout, text);
	putchar('\n');
}

/* "deadline: imy, 72 hours after the start, met by step imy": what an
 * author checks (checklists/FORMAT.md, "Deadlines"); ids, like the rest. */
static void
show_deadline(const struct routine *r, const struct routine_deadline *d)
{
	printf("%-9s ", "deadline:");
	utf8_write_visible(stdout, d->id);
	if (d->from == DEADLINE_HOURS)
		printf(", %ld hours after the start", d->hours);
	else
		printf(", the day step %s names", routine_step(r, d->date_step)->id);
	if (d->met_by >= 0)
		printf(", met by step %s\n", routine_step(r, (size_t)d->met_by)->id);
	else
		printf(", met by completing the run\n");
}

static void
show_routine(const struct routine *r)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];
	size_t i;

	routine_hash_hex(r, hex);
	show_field("file:", routine_source(r));
	show_field("id:", routine_id(r));
	printf("%-9s %ld\n", "version:", routine_version(r));
	show_field("title:", routine_title(r));
	printf("%-9s %s\n", "area:", routine_area_name(routine_area(r)));
	printf("%-9s %zu\n", "sections:", routine_section_count(r));
	printf("%-9s %zu\n", "steps:", routine_step_count(r));
	for (i = 0; i < routine_deadline_count(r); i++)
		show_deadline(r, routine_deadline(r, i));
	printf("%-9s %s\n", "sha256:", hex);
}

static int
show_exec(struct cmd_ctx *c)
{
	int i, status = 0;

	for (i = 0; i < c->argc; i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct routine *r = NULL;
		enum routine_status st = routine_load_file(c->argv[i], &r, &d);

		diag_print(&d, c->argv[i], stderr);
		diag_list_clear(&d);
		if (st != ROUTINE_OK) {
			if ((int)st > status)
				status = (int)st;
			continue;
		}
		if (i > 0)
			putchar('\n');
		show_routine(r);
		routine_free(&r);
	}
	return status;
}

static int
scan_exec(struct cmd_ctx *c)
{
	int i;
	enum scan_status worst = SCAN_CLEAN;
	size_t total = 0, files = 0, unread = 0;

	for (i = 0; i < c->argc; i++) {
		size_t found = 0;
		const char *path = c->argv[i];
		enum scan_status st = scan_file(path, strcmp(path, "-") == 0 ?
		    _("(standard input)") : path, stdout, stderr, &found);

		total += found;
		if (st == SCAN_ERROR)
			unread++;
		else
			files++;
		if (st > worst)
			worst = st;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("rutin scan: the list could not be written: %s\n"),
		    strerror(errno));
		return EXIT_USAGE;
	}
	if (c->o.quiet)
		return (int)worst;
	/* Never a clean summary after a file that was not read in full. */
	if (unread > 0)
		fprintf(stderr, P_("rutin scan: %zu file could not be read, or not all of it, "
		    "and was not checked (see above)\n", "rutin scan: %zu files could not be "
		    "read, or not all of them, and were not checked (see above)\n", unread),
		    unread);
	if (total == 0 && unread == 0)
		fprintf(stderr, P_("rutin scan: nothing found in %zu file\n",
		    "rutin scan: nothing found in %zu files\n", files), files);
	else if (total == 0 && files > 0)
		fprintf(stderr, P_("rutin scan: nothing found in the %zu file read in full\n",
		    "rutin scan: nothing found in the %zu files read in full\n", files), files);
	else if (total > 0)
		fprintf(stderr, P_("rutin scan: %zu finding; check each before the document "
		    "is sent\n", "rutin scan: %zu findings; check each before the document "
		    "is sent\n", total), total);
	return (int)worst;
}

static int
keys_exec(struct cmd_ctx *c)
{
	(void)c;
	keys_print();
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(c->cmd);
}

/* ---- The entries (cmd.h) ---- */

const struct cmd_entry lint_cmd = {
	.name = "lint", .usage = "[--quiet] FILE|DIR...",
	.summary = N_("check routine and exercise files"),
	.missing = N_("name at least one file or directory, e.g. rutin lint my-routine.yaml"),
	.options = OPT(QUIET), .min_operands = 1, .max_operands = -1,
	.flags = CMD_NO_DB | CMD_FILES, .exec = lint_exec,
};
const struct cmd_entry show_cmd = {
	.name = "show", .usage = "FILE...",
	.summary = N_("print a routine's id, version, title, steps and hash"),
	.missing = N_("name at least one routine file"),
	.min_operands = 1, .max_operands = -1, .flags = CMD_NO_DB | CMD_FILES,
	.exec = show_exec,
};
const struct cmd_entry scan_cmd = {
	.name = "scan", .usage = "[--quiet] FILE...|-",
	.summary = N_("list identity numbers, contact details and clues to a place in a "
	    "document (text, PDF, Word, OpenDocument)"),
	.missing = N_("name at least one file, or - for standard input, e.g. rutin scan "
	    "beslut.pdf"),
	.options = OPT(QUIET), .min_operands = 1, .max_operands = -1,
	.flags = CMD_NO_DB | CMD_FILES, .exec = scan_exec,
};
const struct cmd_entry keys_cmd = {
	.name = "keys", .usage = "",
	.summary = N_("list the keys of the interface"),
	.flags = CMD_NO_DB, .exec = keys_exec,
};

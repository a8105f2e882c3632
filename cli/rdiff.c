/* rutin routines diff A B: what changed between two versions of a
 * routine, in words (checklists/diff.h): the review a supervisor does
 * before she releases one. The changes that can make it protect less
 * come first, marked "!". Exit 0: the same routine; 1: it changed (as
 * diff(1)); 2: a file could not be read or is no valid routine. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "runlog/diffwords.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"

static struct routine *
load(const char *path)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;

	if (routine_load_file(path, &r, &d) != ROUTINE_OK)
		fprintf(stderr, _("rutin routines diff: %s is not a valid routine (rutin "
		    "lint says why):\n"), path);
	diag_print(&d, path, stderr);
	diag_list_clear(&d);
	return r;
}

static int
diff_exec(struct cmd_ctx *c)
{
	struct routine *a = load(c->argv[0]), *b = a != NULL ? load(c->argv[1]) : NULL;
	bool changed;

	if (a == NULL || b == NULL) {
		routine_free(&a);
		return EXIT_USAGE;
	}
	changed = diffwords_write(stdout, a, b);
	routine_free(&a);
	routine_free(&b);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed(c->cmd);
	return changed ? 1 : 0;
}

const struct cmd_entry routines_diff_cmd = {
	.group = "routines", .name = "diff", .usage = "OLD.yaml NEW.yaml",
	.summary = N_("what changed between two versions of a routine, in words (exit "
	    "1 when it changed)"),
	.missing = N_("name two routine files: rutin routines diff OLD.yaml NEW.yaml"),
	.min_operands = 2, .max_operands = 2, .flags = CMD_NO_DB | CMD_FILES,
	.exec = diff_exec,
};

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklists/files.h"
#include "checklists/lint.h"
#include "checklists/routine.h"
#include "common/i18n.h"
#include "common/xalloc.h"

static void
lint_status(struct lint_result *res, int status)
{
	if (status > res->status)
		res->status = status;
}

static void
lint_file(const char *path, FILE *out, struct lint_result *res)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	enum routine_status st = routine_load_file(path, &r, &d);

	res->files++;
	res->errors += d.errors;
	res->warnings += d.warnings;
	if (st != ROUTINE_OK)
		res->invalid++;
	lint_status(res, (int)st);
	diag_print(&d, path, out);
	diag_list_clear(&d);
	routine_free(&r);
}

struct lint_walk {
	FILE *out;
	struct lint_result *res;
};

static void
lint_found(void *ctx, const char *path)
{
	struct lint_walk *lw = ctx;

	lint_file(path, lw->out, lw->res);
}

static void
lint_problem(void *ctx, const char *path, const char *message)
{
	struct lint_walk *lw = ctx;

	fprintf(lw->out, _("%s: error: %s\n"), path, message);
	lint_status(lw->res, 2);
}

void
lint_path(const char *path, FILE *out, struct lint_result *res)
{
	struct stat st;
	size_t before = res->files;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct lint_walk lw = { out, res };
		struct routine_walk w = { lint_found, lint_problem, &lw };

		routine_files(path, &w);
		if (res->files == before) {
			fprintf(out, _("%s: warning: no *.yaml files found here\n"),
			    path);
			res->warnings++;
		}
		return;
	}
	lint_file(path, out, res);
}

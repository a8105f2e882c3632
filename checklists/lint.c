#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklists/exercise.h"
#include "checklists/failsafe.h"
#include "checklists/files.h"
#include "checklists/lint.h"
#include "checklists/routine.h"
#include "checklists/yread.h"
#include "common/i18n.h"
#include "common/xalloc.h"

static void
lint_status(struct lint_result *res, int status)
{
	if (status > res->status)
		res->status = status;
}

/* An exercise, and against its routine when that is installed. */
static enum routine_status
lint_exercise(const char *text, size_t len, const char *path,
    const struct lint_routines *rt, struct diag_list *d)
{
	struct exercise *ex = NULL;
	enum routine_status st = exercise_load_buffer(text, len, path, &ex, d);
	const struct routine *r;

	if (st != ROUTINE_OK)
		return st;
	r = rt != NULL && rt->find != NULL ? rt->find(rt->ctx, ex->routine_id) : NULL;
	if (r == NULL)
		diag_warning(d, ex->routine_line, ex->routine_col, _("routine '%s' is "
		    "not installed here, so the steps and answers the exercise "
		    "names were not checked"), ex->routine_id);
	else if (!exercise_check_routine(ex, r, d))
		st = ROUTINE_INVALID;
	exercise_free(&ex);
	return st;
}

static enum routine_status
lint_text(const char *text, size_t len, const char *path,
    const struct lint_routines *rt, struct diag_list *d)
{
	struct routine *r = NULL;
	enum routine_status st;
	char format[32];

	yread_sniff_format(text, len, format, sizeof(format));
	if (strcmp(format, EXERCISE_FORMAT) == 0)
		return lint_exercise(text, len, path, rt, d);
	st = routine_load_buffer(text, len, path, &r, d);
	if (r != NULL)
		failsafe_warn(r, d);
	routine_free(&r);
	return st;
}

static void
lint_file(const char *path, FILE *out, const struct lint_routines *rt,
    struct lint_result *res)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *text = NULL;
	size_t len = 0;
	enum routine_status st = (enum routine_status)yread_read_file(path, &text,
	    &len, &d);

	if (st == ROUTINE_OK)
		st = lint_text(text, len, path, rt, &d);
	free(text);
	res->files++;
	res->errors += d.errors;
	res->warnings += d.warnings;
	if (st != ROUTINE_OK)
		res->invalid++;
	lint_status(res, (int)st);
	diag_print(&d, path, out);
	diag_list_clear(&d);
}

struct lint_walk {
	FILE *out;
	const struct lint_routines *rt;
	struct lint_result *res;
};

static void
lint_found(void *ctx, const char *path)
{
	struct lint_walk *lw = ctx;

	lint_file(path, lw->out, lw->rt, lw->res);
}

static void
lint_problem(void *ctx, const char *path, const char *message)
{
	struct lint_walk *lw = ctx;

	fprintf(lw->out, _("%s: error: %s\n"), path, message);
	lint_status(lw->res, 2);
}

void
lint_path(const char *path, FILE *out, const struct lint_routines *rt,
    struct lint_result *res)
{
	struct stat st;
	size_t before = res->files;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct lint_walk lw = { out, rt, res };
		struct routine_walk w = { lint_found, lint_problem, &lw };

		routine_files(path, &w);
		if (res->files == before) {
			fprintf(out, _("%s: warning: no *.yaml files found here\n"),
			    path);
			res->warnings++;
		}
		return;
	}
	lint_file(path, out, rt, res);
}

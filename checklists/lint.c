#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklists/lint.h"
#include "checklists/routine.h"
#include "common/i18n.h"
#include "common/xalloc.h"

#define LINT_MAX_DEPTH 32

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

static int
lint_wanted(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
lint_visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static void
lint_dir(const char *dir, FILE *out, struct lint_result *res, int depth)
{
	struct dirent **list;
	int n, i;

	if (depth > LINT_MAX_DEPTH) {
		fprintf(out, _("%s: error: directories nested too deeply (limit %d)\n"),
		    dir, LINT_MAX_DEPTH);
		lint_status(res, 2);
		return;
	}
	n = scandir(dir, &list, lint_visible, alphasort);
	if (n < 0) {
		fprintf(out, _("%s: error: cannot read directory: %s\n"), dir,
		    strerror(errno));
		lint_status(res, 2);
		return;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, list[i]->d_name);
		struct stat st;

		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			lint_dir(path, out, res, depth + 1);
		else if (lint_wanted(list[i]->d_name))
			lint_file(path, out, res);
		free(path);
		free(list[i]);
	}
	free(list);
}

void
lint_path(const char *path, FILE *out, struct lint_result *res)
{
	struct stat st;
	size_t before = res->files;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		lint_dir(path, out, res, 0);
		if (res->files == before) {
			fprintf(out, _("%s: warning: no *.yaml files found here\n"),
			    path);
			res->warnings++;
		}
		return;
	}
	lint_file(path, out, res);
}

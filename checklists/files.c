#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklists/files.h"
#include "common/i18n.h"
#include "common/xalloc.h"

bool
routine_file_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

static int
visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static bool
walk(const char *dir, const struct routine_walk *w, int depth)
{
	struct dirent **list;
	char msg[256];
	int n, i;

	if (depth > ROUTINE_DIR_DEPTH) {
		snprintf(msg, sizeof(msg), _("folders nested too deeply (limit %d)"),
		    ROUTINE_DIR_DEPTH);
		if (w->problem != NULL)
			w->problem(w->ctx, dir, msg);
		return false;
	}
	n = scandir(dir, &list, visible, alphasort);
	if (n < 0) {
		snprintf(msg, sizeof(msg), _("cannot read directory: %s"), strerror(errno));
		if (w->problem != NULL)
			w->problem(w->ctx, dir, msg);
		return false;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, list[i]->d_name);
		struct stat st;

		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(path, w, depth + 1);
		else if (routine_file_name(list[i]->d_name))
			w->file(w->ctx, path);
		free(path);
		free(list[i]);
	}
	free(list);
	return true;
}

bool
routine_files(const char *dir, const struct routine_walk *w)
{
	return walk(dir, w, 0);
}

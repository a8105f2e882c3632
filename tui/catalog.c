#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "tui/catalog.h"

static int
yaml_file(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0;
}

static int
by_area_then_title(const void *a, const void *b)
{
	const struct routine *x = *(const struct routine *const *)a;
	const struct routine *y = *(const struct routine *const *)b;

	if (routine_area(x) != routine_area(y))
		return (int)routine_area(x) - (int)routine_area(y);
	return strcmp(routine_title(x), routine_title(y));
}

void
catalog_load(struct catalog *c, const char *const *dirs, size_t n)
{
	size_t d, cap = 0;

	memset(c, 0, sizeof(*c));
	for (d = 0; d < n; d++) {
		struct dirent **list;
		int k, m = scandir(dirs[d], &list, yaml_file, alphasort);

		for (k = 0; k < m; k++) {
			char *path = xasprintf("%s/%s", dirs[d], list[k]->d_name);
			struct diag_list diags = DIAG_LIST_INIT;
			struct routine *r = NULL;

			if (routine_load_file(path, &r, &diags) != ROUTINE_OK) {
				c->invalid++;
			} else if (catalog_find(c, routine_id(r)) != NULL) {
				routine_free(&r); /* the first folder wins */
			} else {
				if (c->count == cap) {
					cap = cap ? 2 * cap : 8;
					c->routines = xreallocarray(c->routines, cap,
					    sizeof(*c->routines));
				}
				c->routines[c->count++] = r;
			}
			diag_list_clear(&diags);
			free(path);
			free(list[k]);
		}
		if (m >= 0)
			free(list);
	}
	if (c->count > 1)
		qsort(c->routines, c->count, sizeof(*c->routines), by_area_then_title);
}

void
catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		routine_free(&c->routines[i]);
	free(c->routines);
	memset(c, 0, sizeof(*c));
}

const struct routine *
catalog_find(const struct catalog *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(routine_id(c->routines[i]), id) == 0)
			return c->routines[i];
	return NULL;
}

const char *
area_title(enum routine_area a)
{
	switch (a) {
	case AREA_PROTECTED_IDENTITY:
		return _("Protected personal data");
	case AREA_CONTACT_BAN:
		return _("Contact bans");
	case AREA_CUSTODY:
		return _("Custody, residence and contact");
	case AREA_OTHER:
		break;
	}
	return _("Other routines");
}

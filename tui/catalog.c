#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/files.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "tui/catalog.h"
#include "tui/conffile.h"
#include "tui/paths.h"

static int
by_area_then_title(const void *a, const void *b)
{
	const struct routine *x = *(const struct routine *const *)a;
	const struct routine *y = *(const struct routine *const *)b;

	if (routine_area(x) != routine_area(y))
		return (int)routine_area(x) - (int)routine_area(y);
	return strcmp(routine_title(x), routine_title(y));
}

static void
push(struct catalog *c, struct routine *r)
{
	if (c->count == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->routines = xreallocarray(c->routines, c->cap, sizeof(*c->routines));
	}
	c->routines[c->count++] = r;
}

/* One file of a folder: loaded, or counted (with its name) as invalid;
 * an id seen before is left out (the first folder wins). */
static void
catalog_file(void *ctx, const char *path)
{
	struct catalog *c = ctx;
	struct diag_list diags = DIAG_LIST_INIT;
	struct routine *r = NULL;

	if (routine_load_file(path, &r, &diags) != ROUTINE_OK) {
		c->invalid_names = xreallocarray(c->invalid_names, c->invalid + 1,
		    sizeof(*c->invalid_names));
		c->invalid_names[c->invalid++] = xstrdup(path);
	} else if (catalog_find(c, routine_id(r)) != NULL) {
		routine_free(&r);
	} else {
		push(c, r);
	}
	diag_list_clear(&diags);
}

void
catalog_load(struct catalog *c, const char *const *dirs, size_t n)
{
	/* The same rule as rutin lint (checklists/files.c); a folder that is
	 * not there is fine. */
	struct routine_walk w = { catalog_file, NULL, c };
	size_t d;

	memset(c, 0, sizeof(*c));
	for (d = 0; d < n; d++)
		routine_files(dirs[d], &w);
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
	for (i = 0; i < c->invalid; i++)
		free(c->invalid_names[i]);
	free(c->invalid_names);
	for (i = 0; i < c->changed; i++)
		free(c->changed_names[i]);
	free(c->changed_names);
	for (i = 0; i < c->n_others; i++)
		routine_free(&c->others[i]);
	free(c->others);
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

static bool
has_text(const struct routine *r, const char *id, const char *hash)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];

	if (strcmp(routine_id(r), id) != 0)
		return false;
	routine_hash_hex(r, hex);
	return strcmp(hex, hash) == 0;
}

const struct routine *
catalog_find_text(const struct catalog *c, const char *id, const char *hash)
{
	size_t i;

	for (i = 0; hash != NULL && i < c->count; i++)
		if (has_text(c->routines[i], id, hash))
			return c->routines[i];
	for (i = 0; hash != NULL && i < c->n_others; i++)
		if (has_text(c->others[i], id, hash))
			return c->others[i];
	return catalog_find(c, id);
}

const struct routine *
catalog_lookup_text(void *catalog, const char *id, const char *hash)
{
	return catalog_find_text(catalog, id, hash);
}

/* Keeps `r` among the other texts, unless one with its hash is there. */
static void
keep_other(struct catalog *c, struct routine *r)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];
	size_t i;

	routine_hash_hex(r, hex);
	for (i = 0; i < c->count; i++)
		if (has_text(c->routines[i], routine_id(r), hex)) {
			routine_free(&r);
			return;
		}
	for (i = 0; i < c->n_others; i++)
		if (has_text(c->others[i], routine_id(r), hex)) {
			routine_free(&r);
			return;
		}
	c->others = xreallocarray(c->others, c->n_others + 1, sizeof(*c->others));
	c->others[c->n_others++] = r;
}

/* A released text, loaded; NULL when this rutin cannot read it. */
static struct routine *
load_release(const struct release_entry *e)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;

	if (routine_load_buffer(e->source, strlen(e->source), e->id, &r, &d) != ROUTINE_OK)
		routine_free(&r);
	diag_list_clear(&d);
	return r;
}

void
catalog_keep_releases(struct catalog *c, const struct releases *rel)
{
	size_t i;
	struct routine *r;

	for (i = 0; i < rel->count; i++)
		if ((r = load_release(&rel->items[i])) != NULL)
			keep_other(c, r);
}

const char *
catalog_area_title(enum routine_area a)
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

const struct routine *
catalog_lookup(void *catalog, const char *id)
{
	return catalog_find(catalog, id);
}

void
catalog_load_configured(struct catalog *c, const char *const *extra, size_t n_extra,
    char **own_dir)
{
	const char *dirs[CATALOG_MAX_EXTRA + CONFIG_MAX_DIRS + 3];
	struct config cfg;
	char *org;
	size_t n = 0, i;

	*own_dir = NULL;
	for (i = 0; i < n_extra && i < CATALOG_MAX_EXTRA; i++)
		dirs[n++] = extra[i];
	if (conffile_load(&cfg) != 0) {
		catalog_load(c, dirs, n);
		return;
	}
	for (i = 0; i < cfg.routine_count; i++)
		dirs[n++] = cfg.routines[i];
	*own_dir = xdg_file("XDG_DATA_HOME", ".local/share", "routines");
	dirs[n++] = *own_dir;
	dirs[n++] = org = paths_org_routines();
	if (cfg.shipped_routines)
		dirs[n++] = paths_shipped_routines();
	catalog_load(c, dirs, n);
	free(org);
	conffile_free(&cfg);
}

size_t
catalog_use_releases(struct catalog *c, const struct releases *rel)
{
	size_t i, k, changed = 0;
	char old[65], now[65];

	for (i = 0; i < rel->count; i++) {
		const struct release_entry *e = &rel->items[i];
		struct routine *r;

		if ((r = load_release(e)) == NULL)
			continue; /* a text this rutin cannot read: the file stays */
		if (releases_latest(rel, e->id) != e) {
			keep_other(c, r); /* an earlier release: its runs go on */
			continue;
		}
		for (k = 0; k < c->count && strcmp(routine_id(c->routines[k]), e->id) != 0; k++)
			;
		if (k == c->count) {
			push(c, r);
			continue;
		}
		routine_hash_hex(c->routines[k], old);
		routine_hash_hex(r, now);
		if (strcmp(old, now) == 0) {
			routine_free(&r);
			continue;
		}
		c->changed_names = xreallocarray(c->changed_names, c->changed + 1,
		    sizeof(*c->changed_names));
		c->changed_names[c->changed++] = xstrdup(routine_source(c->routines[k]));
		/* The file's text stays for runs that started with it (before
		 * the log released this routine); it is offered no more. */
		c->others = xreallocarray(c->others, c->n_others + 1, sizeof(*c->others));
		c->others[c->n_others++] = c->routines[k];
		c->routines[k] = r;
		changed++;
	}
	if (c->count > 1)
		qsort(c->routines, c->count, sizeof(*c->routines), by_area_then_title);
	return changed;
}

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/seal.h"
#include "tui/conffile.h"
#include "tui/paths.h"

/* Each key reads its value into the config; NULL on success, or what a
 * good value looks like. */
typedef const char *(*config_set)(struct config *c, const char *val);

static const char *
set_db(struct config *c, const char *val)
{
	free(c->db);
	c->db = xstrdup(val);
	return NULL;
}

static const char *
set_group(struct config *c, const char *val)
{
	if (*val == '\0' || strlen(val) > 64 || strspn(val, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(val))
		return _("a group's name");
	free(c->group);
	c->group = xstrdup(val);
	return NULL;
}

static const char *
set_routines(struct config *c, const char *val)
{
	if (c->routine_count == CONFIG_MAX_DIRS)
		return _("at most 8 routines lines");
	c->routines[c->routine_count++] = xstrdup(val);
	return NULL;
}

static const char *
set_idle_lock(struct config *c, const char *val)
{
	char *end;
	long v = strtol(val, &end, 10);

	if (*val == '\0' || *end != '\0' || v < 0 || v > 86400)
		return _("seconds, 0 to 86400");
	c->idle_lock = (int)v;
	return NULL;
}

static const char *
yes_no(const char *val, bool *out)
{
	if (strcmp(val, "yes") == 0)
		*out = true;
	else if (strcmp(val, "no") == 0)
		*out = false;
	else
		return _("yes or no");
	return NULL;
}

static const char *
set_seal_syslog(struct config *c, const char *val)
{
	return yes_no(val, &c->seal_syslog);
}

static const char *
set_seal_on_complete(struct config *c, const char *val)
{
	return yes_no(val, &c->seal_on_complete);
}

static const char *
set_seal_on_close(struct config *c, const char *val)
{
	return yes_no(val, &c->seal_on_close);
}

static const char *
set_shipped_routines(struct config *c, const char *val)
{
	return yes_no(val, &c->shipped_routines);
}

static const char *
set_seal_file(struct config *c, const char *val)
{
	if (val[0] != '/')
		return _("an absolute path");
	free(c->seal_file);
	c->seal_file = xstrdup(val);
	return NULL;
}

/* rsyslog's statistics (impstats, log.file): doctor reads how many seals
 * its queue "rutin-seals" holds that the collector has not acknowledged. */
static const char *
set_seal_queue_stats(struct config *c, const char *val)
{
	if (val[0] != '/')
		return _("an absolute path");
	free(c->seal_queue_stats);
	c->seal_queue_stats = xstrdup(val);
	return NULL;
}

/* The free space, in MB, below which backup and doctor warn (auditd's
 * space_left): 0 turns the warning off. */
static const char *
set_space_left(struct config *c, const char *val)
{
	char *end;
	long v = strtol(val, &end, 10);

	if (*val == '\0' || *end != '\0' || v < 0 || v > 100000000)
		return _("megabytes, 0 to 100000000");
	c->space_left = v;
	return NULL;
}

/* The log's identity, as rutin init printed it: 64 hex digits. */
static const char *
set_log_id(struct config *c, const char *val)
{
	if (!log_id_valid(val))
		return _("the log's identity as rutin init printed it (64 hex digits)");
	free(c->log_id);
	c->log_id = xstrdup(val);
	return NULL;
}

static const struct {
	const char *key;
	config_set set;
} keys[] = {
	{ "db", set_db },
	{ "log_id", set_log_id },
	{ "routines", set_routines },
	{ "shipped_routines", set_shipped_routines },
	{ "idle_lock", set_idle_lock },
	{ "seal_syslog", set_seal_syslog },
	{ "seal_file", set_seal_file },
	{ "seal_on_complete", set_seal_on_complete },
	{ "seal_on_close", set_seal_on_close },
	{ "seal_queue_stats", set_seal_queue_stats },
	{ "space_left", set_space_left },
	{ "group", set_group },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* Splits "key = value" in place; false when there is no '='. */
static bool
split(char *line, char **key, char **val)
{
	char *eq, *end;

	*key = line + strspn(line, " \t");
	eq = strchr(*key, '=');
	if (eq == NULL)
		return false;
	*eq = '\0';
	for (end = eq; end > *key && (end[-1] == ' ' || end[-1] == '\t'); end--)
		end[-1] = '\0';
	*val = eq + 1 + strspn(eq + 1, " \t");
	for (end = *val + strlen(*val); end > *val && (end[-1] == ' ' ||
	    end[-1] == '\t' || end[-1] == '\r'); end--)
		end[-1] = '\0';
	return true;
}

static int
apply_line(struct config *c, char *line, const char *path, unsigned lineno)
{
	char *key, *val, known[256] = "";
	const char *why;
	size_t i;

	if (!split(line, &key, &val)) {
		fprintf(stderr, _("%s:%u: expected 'key = value'\n"), path, lineno);
		return -1;
	}
	for (i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].key, key) != 0)
			continue;
		if ((why = keys[i].set(c, val)) == NULL) {
			if (strcmp(key, "db") == 0) {
				free(c->db_from);
				c->db_from = xasprintf("%s:%u", path, lineno);
			}
			return 0;
		}
		fprintf(stderr, _("%s:%u: %s must be %s\n"), path, lineno, key, why);
		return -1;
	}
	for (i = 0; i < N_KEYS; i++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
		    i ? ", " : "", keys[i].key);
	fprintf(stderr, _("%s:%u: unknown key '%s' (known: %s)\n"), path, lineno, key,
	    known);
	return -1;
}

/* Applies the lines of `path` over what *c holds; a missing file is fine. */
static int
read_file(struct config *c, const char *path)
{
	char line[4096];
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");
	int rc = 0;

	if (f == NULL)
		return 0;
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		char *p = line + strspn(line, " \t");

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		rc = apply_line(c, line, path, lineno);
	}
	fclose(f);
	return rc;
}

/* The chosen unit (conffile_use_unit), for the whole process. */
static char unit[33];

static char *
unit_path(const char *name)
{
	return xasprintf("%s/units/%s.conf", paths_system_config(), name);
}

int
conffile_load(struct config *c)
{
	char *sys = xasprintf("%s/config", paths_system_config());
	char *path = xdg_file("XDG_CONFIG_HOME", ".config", "config");
	char *u = unit[0] != '\0' ? unit_path(unit) : NULL;
	int rc;

	memset(c, 0, sizeof(*c));
	c->idle_lock = -1;
	c->space_left = -1;
	c->shipped_routines = true;
	/* The system's first (the server's administrator), then the user's,
	 * then the chosen unit's: a value there wins, `routines` folders add
	 * up. */
	rc = read_file(c, sys);
	if (rc == 0)
		rc = read_file(c, path);
	if (rc == 0 && u != NULL) {
		/* A unit's log and its identity are the unit's own, never the
		 * system config's (another unit's, or none). */
		free(c->db);
		free(c->db_from);
		free(c->log_id);
		c->db = c->db_from = c->log_id = NULL;
		rc = read_file(c, u);
	}
	free(sys);
	free(path);
	free(u);
	if (rc != 0)
		conffile_free(c); /* what was read before the bad line */
	return rc;
}

long
conffile_space_left(const struct config *c)
{
	return c->space_left >= 0 ? c->space_left : CONFIG_SPACE_LEFT;
}

void
conffile_free(struct config *c)
{
	size_t i;

	free(c->db);
	free(c->db_from);
	for (i = 0; i < c->routine_count; i++)
		free(c->routines[i]);
	free(c->seal_file);
	free(c->seal_queue_stats);
	free(c->log_id);
	free(c->group);
	memset(c, 0, sizeof(*c));
}

/* ---- Units ---- */

bool
conffile_unit_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= 32 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	    name[0] != '-';
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
conffile_units(size_t *n)
{
	char *dir = xasprintf("%s/units", paths_system_config()), **list = NULL;
	struct dirent *e;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			char *name;

			if (len <= 5 || strcmp(e->d_name + len - 5, ".conf") != 0)
				continue;
			name = xstrndup(e->d_name, len - 5);
			if (!conffile_unit_name_ok(name)) {
				free(name);
				continue;
			}
			list = xreallocarray(list, *n + 1, sizeof(*list));
			list[(*n)++] = name;
		}
		closedir(d);
	}
	free(dir);
	if (*n > 1)
		qsort(list, *n, sizeof(*list), cmp_names);
	return list;
}

void
conffile_units_free(char **units, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(units[i]);
	free(units);
}

/* "barn, vuxen", or "none". Caller frees. */
static char *
units_listed(void)
{
	size_t n, i, len = 1;
	char **u = conffile_units(&n), *out;

	for (i = 0; i < n; i++)
		len += strlen(u[i]) + 2;
	out = xcalloc(len + 8, 1);
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), len + 8 - strlen(out), "%s%s", i ? ", " : "", u[i]);
	if (n == 0)
		snprintf(out, len + 8, "%s", _("none"));
	conffile_units_free(u, n);
	return out;
}

int
conffile_use_unit(const char *name)
{
	char *path, *known;

	if (name == NULL) {
		unit[0] = '\0';
		return 0;
	}
	path = unit_path(conffile_unit_name_ok(name) ? name : "-");
	if (!conffile_unit_name_ok(name) || access(path, R_OK) != 0) {
		known = units_listed();
		fprintf(stderr, _("rutin: no unit '%s': %s/units has no such NAME.conf "
		    "(units: %s)\n"), name, paths_system_config(), known);
		free(known);
		free(path);
		return -1;
	}
	free(path);
	snprintf(unit, sizeof(unit), "%s", name);
	return 0;
}

const char *
conffile_unit(void)
{
	return unit[0] != '\0' ? unit : NULL;
}

char *
conffile_unit_group(const char *name)
{
	struct config c;
	char *path = unit_path(name), *group;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = read_file(&c, path);
	free(path);
	group = rc == 0 && c.group != NULL ? xstrdup(c.group) : NULL;
	conffile_free(&c);
	return group;
}

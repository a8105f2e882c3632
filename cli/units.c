/* Choosing a unit (units.h). */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "cli/cmdline.h"
#include "cli/delegate.h"
#include "cli/units.h"
#include "tui/conffile.h"

bool
units_in_group(const char *group, const char *login)
{
	struct group *g = getgrnam(group);
	struct passwd *pw;
	gid_t gid;
	size_t i;

	if (g == NULL)
		return false;
	gid = g->gr_gid;
	for (i = 0; g->gr_mem[i] != NULL; i++)
		if (strcmp(g->gr_mem[i], login) == 0)
			return true;
	pw = getpwnam(login);
	return pw != NULL && pw->pw_gid == gid;
}

/* The units whose group holds `login`; *n of them. */
static char **
units_of(const char *login, size_t *n)
{
	size_t all, i;
	char **units = conffile_units(&all), **mine = xcalloc(all + 1, sizeof(*mine));

	*n = 0;
	for (i = 0; i < all; i++) {
		char *group = conffile_unit_group(units[i]);

		if (group != NULL && units_in_group(group, login))
			mine[(*n)++] = xstrdup(units[i]);
		free(group);
	}
	conffile_units_free(units, all);
	return mine;
}

/* The interface, on a terminal: she picks one of `units`. NULL when
 * nothing was picked. */
static const char *
ask(char **units, size_t n)
{
	char line[64], *end;
	size_t i;
	long k;

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return NULL;
	fputs(_("You are in more than one unit:\n"), stderr);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %zu  %s\n", i + 1, units[i]);
	for (;;) {
		fprintf(stderr, _("Which unit's log (1-%zu, or Enter to stop)? "), n);
		if (fgets(line, sizeof(line), stdin) == NULL || line[0] == '\n')
			return NULL;
		line[strcspn(line, "\n")] = '\0';
		k = strtol(line, &end, 10);
		if (*end == '\0' && k >= 1 && (size_t)k <= n)
			return units[k - 1];
		for (i = 0; i < n; i++)
			if (strcmp(line, units[i]) == 0)
				return units[i];
	}
}

/* Through sudo with no --unit and no --db: her unit, when units there
 * are. */
static int
unit_of_login(struct cmd_ctx *c, const char *login)
{
	size_t all, n, i;
	char **units = conffile_units(&all), **mine;
	const char *pick = NULL;
	int rc = 0;

	conffile_units_free(units, all);
	if (all == 0)
		return 0; /* no units: the config's db, as before */
	mine = units_of(login, &n);
	if (n == 1)
		pick = mine[0];
	else if (n > 1 && c->entry == &interface_cmd)
		pick = ask(mine, n);
	if (pick != NULL) {
		rc = conffile_use_unit(pick);
	} else if (n > 1) {
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("%s is in more than one unit; give --unit NAME ("), login);
		for (i = 0; i < n; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", mine[i]);
		fputs(")\n", stderr);
		rc = -1;
	}
	/* In none: the config's db, which units_member_ok() then holds to
	 * the config's group. */
	for (i = 0; i < n; i++)
		free(mine[i]);
	free(mine);
	return rc;
}

int
units_choose(struct cmd_ctx *c)
{
	const char *login = delegate_login();

	if (c->o.unit != NULL && c->o.db_given) {
		cmdline_prefix(stderr, c->cmd);
		fputs(_("--unit names the log: leave out --db\n"), stderr);
		return -1;
	}
	if (c->o.unit != NULL)
		return conffile_use_unit(c->o.unit);
	if (c->o.db_given || login == NULL)
		return 0;
	return unit_of_login(c, login);
}

int
units_member_ok(const struct cmd_ctx *c)
{
	const char *login = delegate_login(), *unit = conffile_unit();

	if (unit != NULL && c->cfg.db == NULL && !c->o.db_given) {
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("unit %s names no log: add db = FILE to its file\n"), unit);
		return -1;
	}
	if (login == NULL || unit == NULL)
		return 0;
	if (c->cfg.group == NULL) {
		cmdline_prefix(stderr, c->cmd);
		fprintf(stderr, _("unit %s names no group (group = in its file), so no one "
		    "may open its log through sudo; ask the administrator\n"), unit);
		return -1;
	}
	if (units_in_group(c->cfg.group, login))
		return 0;
	cmdline_prefix(stderr, c->cmd);
	fprintf(stderr, _("%s is not in %s, the group of unit %s: its log is not hers "
	    "to open\n"), login, c->cfg.group, unit);
	return -1;
}

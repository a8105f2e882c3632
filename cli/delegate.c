/* Files named on the command line of a run through sudo (delegate.h). */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "db/log.h"
#include "tui/conffile.h"
#include "cli/cmdline.h"
#include "cli/delegate.h"

const char *
delegate_login(void)
{
	static char *login;
	static bool known;
	const char *uid = getenv("SUDO_UID");

	if (!known) {
		known = true;
		/* log_sudo_login: SUDO_USER when sudo made us another user. */
		login = log_sudo_login();
		if (login != NULL && uid != NULL && strcmp(uid, "0") == 0) {
			free(login);
			login = NULL;
		}
	}
	return login;
}

/* The account rutin runs as, for the message. */
static const char *
account_name(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL ? pw->pw_name : "?";
}

int
delegate_path_ok(const char *cmd, const char *path, bool write)
{
	const char *login = delegate_login();

	if (login == NULL || strcmp(path, "-") == 0)
		return 0;
	cmdline_prefix(stderr, cmd);
	utf8_write_visible(stderr, path);
	if (write)
		fprintf(stderr, _(": run through sudo for %s, rutin makes no file named "
		    "on its command line: it would be the account %s's, which %s cannot "
		    "read; run it as that account (its crontab), or ask the "
		    "administrator\n"), login, account_name(), login);
	else
		fprintf(stderr, _(": run through sudo for %s, rutin reads no file named "
		    "on its command line: it runs as the account %s, which may read "
		    "what %s may not; give the file on standard input (-) where the "
		    "command takes it, or ask the administrator\n"), login,
		    account_name(), login);
	return -1;
}

/* Both paths resolved to the same file; false when either cannot be. */
static bool
same_path(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

int
delegate_db_ok(const char *cmd, const char *path)
{
	const char *login = delegate_login();
	struct config cfg;
	bool ok;

	if (login == NULL)
		return 0;
	if (conffile_load(&cfg) != 0)
		return -1;
	ok = cfg.db != NULL && (strcmp(cfg.db, path) == 0 || same_path(cfg.db, path));
	conffile_free(&cfg);
	if (ok)
		return 0;
	cmdline_prefix(stderr, cmd);
	fprintf(stderr, _("run through sudo for %s, rutin opens only the unit's log "
	    "(db in the config); leave out --db\n"), login);
	return -1;
}

#include "config.h"

#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "db/log.h"
#include "tui/paths.h"

char *
paths_default_db(void)
{
	return xdg_file("XDG_DATA_HOME", ".local/share", "log.db");
}

const char *
paths_login_name(void)
{
	static char *sudo_login;
	static bool asked;
	struct passwd *pw;
	const char *u = getenv("USER");

	/* Through sudo the account rutin runs as is the service account's;
	 * the one who sat down is sudo's caller. */
	if (!asked) {
		asked = true;
		sudo_login = log_sudo_login();
	}
	if (sudo_login != NULL)
		return sudo_login;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL)
		return pw->pw_name;
	return u != NULL ? u : "";
}

const char *
paths_system_config(void)
{
	const char *dir = getenv("RUTIN_SYSCONFDIR");

	return dir != NULL && *dir != '\0' ? dir : SYSCONFDIR "/rutin";
}

char *
paths_org_routines(void)
{
	return xasprintf("%s/routines", paths_system_config());
}

const char *
paths_shipped_exercises(void)
{
	const char *dir = getenv("RUTIN_EXERCISES_DIR");

	return dir != NULL && *dir != '\0' ? dir : PKGDATADIR "/exercises";
}

const char *
paths_shipped_routines(void)
{
	const char *dir = getenv("RUTIN_ROUTINES_DIR");

	return dir != NULL && *dir != '\0' ? dir : PKGDATADIR "/routines";
}

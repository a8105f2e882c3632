/* Where things are by default: the XDG folders and the login name. One
 * place, so the commands and the interface agree. */
#ifndef RUTIN_PATHS_H
#define RUTIN_PATHS_H

#include "common/xdg.h" /* xdg_file() */

/* The default log: $XDG_DATA_HOME/rutin/log.db. Caller frees. */
char *paths_default_db(void);
/* The shipped routines: $(datadir)/rutin/routines, or RUTIN_ROUTINES_DIR
 * (for tests of an uninstalled build, like RUTIN_LOCALEDIR). */
const char *paths_shipped_routines(void);
/* The system's rutin folder: $(sysconfdir)/rutin (/etc/rutin on Debian),
 * or RUTIN_SYSCONFDIR: its `config`, and in `routines/` the organisation's
 * own routines, used beside the shipped ones. */
const char *paths_system_config(void);
char *paths_org_routines(void); /* caller frees */
/* The shipped exercises: $(datadir)/rutin/exercises, or RUTIN_EXERCISES_DIR. */
const char *paths_shipped_exercises(void);
/* The default account name: through sudo for another user, sudo's caller
 * (SUDO_USER, db/log.h's log_sudo_login); else the login name from the
 * password database, else $USER, else "". */
const char *paths_login_name(void);

#endif

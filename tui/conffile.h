/* The config files: the system's, $(sysconfdir)/rutin/config (on Debian
 * /etc/rutin/config), then the user's, $XDG_CONFIG_HOME/rutin/config,
 * whose values win (`routines` folders add up): `key = value` lines and #
 * comments. One table knows every key (conffile.c); the interface and the
 * commands read the same files. */
#ifndef RUTIN_CONFFILE_H
#define RUTIN_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_DIRS 8

/* Free space, in MB, below which doctor and backup warn by default. */
#define CONFIG_SPACE_LEFT 1024

struct config {
	char *db;                              /* NULL: the default */
	char *db_from;                         /* "FILE:LINE" that set db, or NULL */
	char *log_id;                          /* the identity of `db`, or NULL */
	char *routines[CONFIG_MAX_DIRS];       /* `routines` may repeat: added */
	size_t routine_count;
	bool shipped_routines;                 /* also the shipped ones (yes) */
	int idle_lock;                         /* seconds; -1: not set */
	bool seal_syslog;                      /* send seals through syslog(3) */
	char *seal_file;                       /* append seals to this file */
	char *seal_queue_stats;                /* rsyslog's impstats file, or NULL */
	long space_left;                       /* MB; -1: not set (CONFIG_SPACE_LEFT) */
	bool seal_on_complete;                 /* seal when a run completes */
	bool seal_on_close;                    /* seal when a supervisor closes rutin */
	char *group;                           /* the unit's Unix group, or NULL */
};

/* Reads the config files into *c (zeroed first; missing files leave the
 * defaults). -1 after a message on stderr naming FILE:LINE, with *c
 * freed. Strings are the caller's to free with conffile_free(). */
int conffile_load(struct config *c);
void conffile_free(struct config *c);
/* space_left of `c` in MB, CONFIG_SPACE_LEFT when it is not set. */
long conffile_space_left(const struct config *c);

/* ---- Units: several logs on one server (rutin-admin(7), UNITS) ----
 * A unit is $(sysconfdir)/rutin/units/NAME.conf, lines as in the config
 * (db, log_id, group, seals, routines...), read after the two config
 * files once the unit is chosen: every later conffile_load() of the
 * process reads it. NAME: [a-z0-9-], 1 to 32 characters. */
bool conffile_unit_name_ok(const char *name);
/* Chooses the unit (NULL: none): 0, or -1 after a message on stderr
 * when the name is not a unit's. */
int conffile_use_unit(const char *name);
/* The chosen unit, or NULL. */
const char *conffile_unit(void);
/* The units there are, sorted; *n of them; free with conffile_units_free. */
char **conffile_units(size_t *n);
void conffile_units_free(char **units, size_t n);
/* The `group` line of unit `name` alone (without choosing it), or NULL;
 * caller frees. */
char *conffile_unit_group(const char *name);

#endif

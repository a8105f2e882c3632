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
	bool seal_on_complete;                 /* seal when a run completes */
	bool seal_on_close;                    /* seal when a supervisor closes rutin */
};

/* Reads the config files into *c (zeroed first; missing files leave the
 * defaults). -1 after a message on stderr naming FILE:LINE, with *c
 * freed. Strings are the caller's to free with conffile_free(). */
int conffile_load(struct config *c);
void conffile_free(struct config *c);

#endif

/* Which unit's log a command opens (rutin-admin(7), UNITS): --unit NAME;
 * or, run through sudo for a login, the one unit whose group holds her
 * (the interface asks which when several do). Through sudo a login
 * opens only the log of a unit whose group she is in. The unit's file
 * is read by every later conffile_load() (tui/conffile.h). */
#ifndef RUTIN_UNITS_H
#define RUTIN_UNITS_H

#include <stdbool.h>

#include "cli/cmd.h"

/* Before the config is read: chooses c's unit. 0, or -1 after a
 * message. */
int units_choose(struct cmd_ctx *c);

/* After it is read (c->cfg): a chosen unit names its log, and through
 * sudo the login is in the unit's group. 0, or -1 after a message. */
int units_member_ok(const struct cmd_ctx *c);

/* Is `login` in the Unix group `group` (named in it, or its primary
 * group)? */
bool units_in_group(const char *group, const char *login);

#endif

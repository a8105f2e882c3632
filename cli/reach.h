/* How caseworkers reach rutin on a shared server (rutin-admin(7)): a sudo
 * rule or an ssh forced command runs it as the service account for the
 * members of the group rutin-users. rutin doctor's checks of that path:
 * the files that set it up, and, run by root on the system itself, the
 * path tried as a member would take it (sudo -n as her, so no password is
 * asked and none may be needed), and the group's members against the
 * log's accounts. Findings go out through doctor.h. */
#ifndef RUTIN_REACH_H
#define RUTIN_REACH_H

#include <stdbool.h>

#include "db/log.h"

/* The group of a server with one log (a unit names its own). */
#define REACH_GROUP "rutin-users"

/* The sudo and sshd files under `etc` for the members of `group`
 * (REACH_GROUP, or a unit's). With `real` (the system's own /etc, doctor
 * run by root) also the path itself, as the group's first member:
 * `sudo -n -u SERVICE BINDIR/rutin --version`. */
void reach_check(const char *etc, bool real, const char *service, const char *group);

/* The members of rutin-users against the accounts of `log`: a member
 * without an account of her login's name, and an account named as a
 * person's login (uid 1000 or more) who is not a member (she left?). */
void reach_accounts(struct log *log, const char *group);

#endif

/* The commands that work on a log (init, user, verify, seal, backup,
 * events, rekey, recovery new, upgrade): their entries are in cmd.h's
 * COMMANDS. What other commands share of them: */
#ifndef RUTIN_COMMANDS_H
#define RUTIN_COMMANDS_H

#include "cli/cmd.h"

/* What init prints about the recovery key, once. */
void commands_print_recovery(const char *db, const char *recovery);
/* Removes a log just made and its companions (its recovery key was lost). */
void commands_remove_new_log(const char *db);

#endif

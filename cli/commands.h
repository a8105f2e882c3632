/* The commands that work on a log (init, user, verify, seal, backup,
 * events, rekey, recovery new, upgrade): their entries are in cmd.h's
 * COMMANDS. What other commands share of them: */
#ifndef RUTIN_COMMANDS_H
#define RUTIN_COMMANDS_H

#include "cli/cmd.h"

/* What init prints about the recovery key, once. */
void commands_print_recovery(const char *db, const char *recovery);
/* After a change of the accounts (rc 0): the log sealed to the
 * configured destinations; the exit status (2 when the seal was not
 * delivered, after a message), or rc. */
int commands_seal_account_change(struct cmd_ctx *c, int rc);
/* Removes a log just made and its companions (its recovery key was lost). */
void commands_remove_new_log(const char *db);

#endif

/* The commands that work on a log: init, user, verify, events,
 * rekey, recovery, upgrade. */
#ifndef RUTIN_COMMANDS_H
#define RUTIN_COMMANDS_H

enum { EXIT_FAILED = 1, EXIT_USAGE = 2 };

int cmd_init(int argc, char **argv);
/* What init prints about the recovery key, once. */
void print_recovery(const char *recovery);
/* Removes a log just made and its companions (its recovery key was lost). */
void remove_new_log(const char *db);
int cmd_user(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_rekey(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_recovery(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);

#endif

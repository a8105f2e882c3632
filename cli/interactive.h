/* The interactive commands: `rutin` (the TUI on a log) and `rutin demo`
 * (the TUI on a training log, made if needed). */
#ifndef RUTIN_INTERACTIVE_H
#define RUTIN_INTERACTIVE_H

#include <stdbool.h>

/* `rutin exercise` (a trainee's: pick a session, walk it) and `rutin
 * exercise class` (the trainer's class view): the interface on a training
 * log named with --db. argv[0] is the word before the options. */
int cmd_exercise_interface(int argc, char **argv, bool class_view);

#endif

/* The interactive commands: `rutin` (the TUI on a log) and `rutin demo`
 * (the TUI on a training log, made if needed). */
#ifndef RUTIN_INTERACTIVE_H
#define RUTIN_INTERACTIVE_H

int cmd_interactive(int argc, char **argv);
int cmd_demo(int argc, char **argv);

#endif

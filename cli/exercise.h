/* rutin exercise: trainers' exercises on a training log (issue 12). */
#ifndef RUTIN_TUI_EXERCISE_H
#define RUTIN_TUI_EXERCISE_H

/* rutin exercise list|start|class|inject|end|report, and with no word the
 * trainee's interface. */
int cmd_exercise(int argc, char **argv);

#endif

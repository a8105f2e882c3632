/* The second person at the same terminal: a box over the walk in which a
 * colleague (or a supervisor) types her own account and passphrase to
 * confirm the answer of a step that needs a second person. Her session
 * opens for the one event (step.confirmed, signed with her key) and
 * closes; the caseworker's stays open beside it.
 *
 * Memory: the box is in guarded, locked memory (sodium_malloc), made by
 * cosign_open and wiped and freed by cosign_close. */
#ifndef RUTIN_COSIGN_H
#define RUTIN_COSIGN_H

#include <stdbool.h>

#include "tui/app.h"

struct cosign;

/* A box for step `step` of the walked run (it must wait for a second
 * person); NULL when locked memory cannot be had (said on the message
 * line). */
struct cosign *cosign_open(struct app *a, size_t step);
void cosign_close(struct cosign **c);

/* A key while the box is open; false when it closed (confirmed, or Esc). */
bool cosign_key(struct app *a, struct cosign *c, enum action act, enum term_event ev,
    wint_t ch);
void cosign_draw(struct app *a, const struct cosign *c);
/* Names are text but '?'; a passphrase is all text. */
enum typing cosign_typing(const struct cosign *c);
/* The field a paste goes into. */
struct input *cosign_field(struct cosign *c);

#endif

/* Words for people: a run's events and answers as a supervisor reads
 * them, in the routine's own words (the step's prompt, the option's
 * label) and the interface's language (the event's phrase, yes and no),
 * never by id. Knows no screen: the interface's timeline and rutin
 * review show print what it gives. */
#ifndef RUTIN_WORDS_H
#define RUTIN_WORDS_H

#include "checklists/routine.h"
#include "db/log.h"

/* What an answer `value` to step `s` says: "done" for a check, "yes" or
 * "no", a choice's label; free text and dates as they are. `s` may be
 * NULL (the value then). Translated; owned by the step, the catalog or
 * `value`. */
const char *words_answer(const struct step *s, const char *value);

/* A step for a sentence: its prompt, quoted, cut after WORDS_PROMPT_MAX
 * bytes at a character's end with "…"; the id (quoted) when `s` is NULL.
 * Into buf (size bytes). */
#define WORDS_PROMPT_MAX 72
void words_step(const struct step *s, const char *id, char *buf, size_t size);

/* One event as one line after the account's name: what was done ("answered",
 * "skipped the step"), to which step (its prompt, quoted), and the answer's
 * label, the reason or the note; a run's start names the routine's title.
 * `r`: the run's routine, or NULL (ids are then all there is). Line
 * breaks of a note are shown as "↵"; other control characters are left
 * for the printer to clean. Caller frees. */
char *words_event(const struct log_event *ev, const struct routine *r);

/* What an entry of the access log says (type, and its "what" for a
 * reading): what was read ("opened the run"), or what was done
 * ("signed the run"). Translated. */
const char *words_access(const char *type, const char *what);

#endif

/* "Did you mean ...?" for misspelt keys, kinds, ids and answers. */
#ifndef RUTIN_SUGGEST_H
#define RUTIN_SUGGEST_H

#include <stddef.h>

/* The candidate closest to `word` (at most 2 edits away, counting a swap of
 * neighbours as one), or NULL. `candidates` is NULL-terminated when count is
 * (size_t)-1, otherwise holds `count` entries. */
const char *suggest_word(const char *word, const char *const *candidates,
    size_t count);

/* Edit distance (optimal string alignment) between a and b, or a number
 * larger than 2 when either is longer than 64 bytes. */
size_t suggest_distance(const char *a, const char *b);

#endif

/* A bump allocator: many small allocations, freed all at once. A loaded
 * routine keeps every string and array of its model in one arena, so
 * routine_free() is one call and a half-built model cannot leak. */
#ifndef RUTIN_ARENA_H
#define RUTIN_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena; free it with arena_free(). */
struct arena *arena_new(void);
/* Frees every block of *a and sets *a to NULL; NULL is allowed. */
void arena_free(struct arena **a);
/* Zeroed memory for `size` bytes, aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of `size`; aborts on overflow like xalloc. */
void *arena_array(struct arena *a, size_t n, size_t size);
/* A NUL-terminated copy of the first n bytes of s, owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Bytes handed out so far (for benchmarks and limits). */
size_t arena_used(const struct arena *a);

#endif

/* Allocation that never returns NULL: on exhaustion it prints one line and
 * exits with status 2. Every answered step is committed before the screen
 * moves on, so leaving on out-of-memory loses nothing that was shown as done. */
#ifndef RUTIN_XALLOC_H
#define RUTIN_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Each returns memory the caller frees with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif

/* Passphrases and recovery keys from the user: from a file descriptor
 * (--passphrase-fd N, as gpg does) or from the terminal without echo.
 * They live in sodium_malloc'd memory, locked out of swap, and are wiped
 * by secret_free(). They are never echoed, logged or written. */
#ifndef RUTIN_SECRET_H
#define RUTIN_SECRET_H

#include <stddef.h>

struct secret {
	char *text; /* NUL-terminated */
	size_t len;
};

#define SECRET_MAX 1024

/* Reads one line from `fd` (>= 0), or asks `prompt` on the terminal when
 * fd is -1. Returns 0, or -1 with *why (static text) set. */
int secret_read(int fd, const char *prompt, struct secret *out, const char **why);
/* Asks twice on the terminal (or reads once from fd) for a new passphrase. */
int secret_read_new(int fd, const char *prompt, struct secret *out,
    const char **why);
void secret_free(struct secret *s);

#endif

/* The archive package (archive.c) and its check (verify_archive.c). */
#ifndef RUTIN_CLI_ARCHIVE_H
#define RUTIN_CLI_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/cmd.h"
#include "db/log.h"

/* The line(s) of nycklar.jsonl an event gives: the signing key it names
 * and for whom, from which event on (none for most events). */
void archive_put_key(FILE *keys, const struct log_event *ev);

/* A file's bytes (the caller frees them), or NULL with errno set. */
char *archive_read_bytes(const char *path, size_t *len);

/* The package's files (names relative to `dir`) into the new tar file
 * `tar` (0600, synced; never over a file), under the folder `top`; false
 * with why (the tar removed) when it cannot be written whole. */
bool archive_tar_write(const char *tar, const char *dir, const char *top,
    char *const *files, size_t n, char *why, size_t len);
/* A package's tar file extracted into the existing empty folder `into`:
 * the path of its one folder there (the caller frees), or NULL with why
 * (a name outside that folder, a link, a damaged tar). */
char *archive_tar_extract(const char *tar, const char *into, char *why, size_t len);
/* Removes `into` and everything in it (after a check). */
void archive_tar_remove(const char *into);

/* rutin verify --archive DIR: the package checked with rutin's own code.
 * 0 intact, 1 altered or incomplete, 2 could not look (said). */
int verify_archive(struct cmd_ctx *c);

#endif

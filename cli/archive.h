/* The archive package (archive.c) and its check (verify_archive.c). */
#ifndef RUTIN_CLI_ARCHIVE_H
#define RUTIN_CLI_ARCHIVE_H

#include <stdio.h>

#include "cli/cmd.h"
#include "db/log.h"

/* The line(s) of nycklar.jsonl an event gives: the signing key it names
 * and for whom, from which event on (none for most events). */
void archive_put_key(FILE *keys, const struct log_event *ev);

/* A file's bytes (the caller frees them), or NULL with errno set. */
char *archive_read_bytes(const char *path, size_t *len);

/* rutin verify --archive DIR: the package checked with rutin's own code.
 * 0 intact, 1 altered or incomplete, 2 could not look (said). */
int verify_archive(struct cmd_ctx *c);

#endif

/* yread: typed values from a YAML tree (ytree.h), shared by the routine
 * loader (loader.c) and the exercise loader (exercise.c).
 *
 * Each reader checks one value strictly and, when it is wrong, reports it
 * at the value's line and column in the caller's diagnostics and returns
 * NULL (or false, or -1); nothing is guessed or defaulted. Texts returned
 * are the tree's own scalars: they live as long as the tree's arena.
 * checklists/FORMAT.md documents the rules ("Values are read strictly"). */
#ifndef RUTIN_YREAD_H
#define RUTIN_YREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/diag.h"
#include "checklists/ytree.h"

struct yread {
	struct diag_list *d; /* where problems go */
};

enum yread_status {
	YREAD_OK = 0,
	YREAD_INVALID = 1, /* read, but the content is wrong (or too large) */
	YREAD_IO = 2,      /* could not be read, or is no regular file */
};

/* Reads a regular file of at most YTREE_MAX_BYTES into *buf (the caller
 * frees it); a FIFO or device is refused without blocking. */
enum yread_status yread_read_file(const char *path, char **buf, size_t *len,
    struct diag_list *d);

/* "a, b, c": the first `count` words, or up to a NULL when count is
 * (size_t)-1. The caller frees it. */
char *yread_join_words(const char *const *words, size_t count);
/* 1..ROUTINE_MAX_ID of a-z, 0-9 and '-', not starting with '-'. */
bool yread_is_identifier(const char *s, size_t len);
/* Only spaces and line breaks. */
bool yread_is_blank(const char *s);

/* Reports each key of `map` not in `allowed` (NULL-ended), with a
 * suggestion for a near miss. `what` is an N_() phrase: "a step". */
void yread_check_keys(struct yread *y, const struct ynode *map,
    const char *const *allowed, const char *what);
/* True for a mapping; else reported. */
bool yread_expect_mapping(struct yread *y, const struct ynode *n, const char *what);
/* The value of `key`, or NULL (reported when required). */
const struct ynode *yread_field(struct yread *y, const struct ynode *map,
    const char *key, bool required, const char *what);
/* A non-empty text, or NULL (reported). */
const char *yread_text(struct yread *y, const struct ynode *v, const char *key);
const char *yread_text_field(struct yread *y, const struct ynode *map,
    const char *key, bool required, const char *what);
/* An id (yread_is_identifier), or NULL (reported). */
const char *yread_id(struct yread *y, const struct ynode *v, const char *key);
const char *yread_id_field(struct yread *y, const struct ynode *map,
    const char *key, const char *what);
/* true/false written plain; *out is left alone when the key is absent. */
void yread_bool_field(struct yread *y, const struct ynode *map, const char *key,
    bool *out);
/* A required whole number in [min, max]; false when absent or wrong. */
bool yread_integer_field(struct yread *y, const struct ynode *map, const char *key,
    long min, long max, const char *what, long *out);
/* A required one of `names` (NULL-ended): its index, or -1 (reported). */
int yread_enum_field(struct yread *y, const struct ynode *map, const char *key,
    const char *const *names, const char *what);
/* A list, or NULL (reported when required or not a list). */
const struct ynode *yread_list_field(struct yread *y, const struct ynode *map,
    const char *key, bool required, const char *what);
/* The file's `format` value when the text is a YAML mapping that has one,
 * copied into out (empty otherwise): lint decides with it which loader
 * reads the file. */
void yread_sniff_format(const char *text, size_t len, char *out, size_t size);

#endif

/* Typed event fields and their canonical JSON form.
 *
 * An event's fields are a flat object of text and integer values. They are
 * stored, hashed and printed as one canonical JSON text: keys sorted
 * byte-wise, no spaces, strings escaped minimally (", \ and control
 * characters; other UTF-8 as is). The parser reads back exactly that form
 * and nothing else, so a changed byte is noticed. */
#ifndef RUTIN_FIELDS_H
#define RUTIN_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct log_field {
	const char *name;   /* [a-z0-9_], 1-32 characters */
	const char *text;   /* the value, or NULL for a number */
	int64_t number;
};

/* The canonical JSON of `n` fields (any order); caller frees. NULL when a
 * name is invalid or repeated, or a text is not valid UTF-8. */
char *fields_to_json(const struct log_field *f, size_t n);

/* Parses canonical JSON back. On success *out is an array the caller frees
 * with fields_free(); its strings are copies. */
bool fields_from_json(const char *json, struct log_field **out, size_t *n);
void fields_free(struct log_field *f, size_t n);

/* The text value of `name` in canonical fields JSON, found without
 * parsing the rest: true and copied into out (NUL-terminated) when it is
 * there, a text without escapes, and shorter than `size`. */
bool fields_json_text(const char *json, const char *name, char *out, size_t size);

/* False for the fields a timeline a person reads leaves out: hashes
 * (routine_hash, and author_prev: each author's own chain), which mean
 * nothing to her and are checked by verify. */
bool fields_for_people(const char *name);

/* The text value of `name`, or NULL. */
const char *fields_text(const struct log_field *f, size_t n, const char *name);
/* The number value of `name`, or `otherwise` when it is none. */
int64_t fields_number(const struct log_field *f, size_t n, const char *name,
    int64_t otherwise);

/* Writes `s` as a JSON string (with quotes), in the canonical form. */
void fields_json_string(FILE *out, const char *s);
/* The same for output a person may read on a terminal: C1 controls and
 * direction overrides escaped as \uXXXX too. */
void fields_json_string_safe(FILE *out, const char *s);
/* Writes canonical fields JSON with every string as fields_json_string_safe
 * does; false (nothing written) when `json` is not canonical. */
bool fields_write_json_safe(FILE *out, const char *json);

#endif

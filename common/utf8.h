/* Strict UTF-8 decoding (no overlong forms, no surrogates, at most U+10FFFF). */
#ifndef RUTIN_UTF8_H
#define RUTIN_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decodes the code point at s (n bytes available) into *cp and returns its
 * length in bytes (1-4), or 0 when the bytes there are not valid UTF-8. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The offset of the first byte of s[0..len) that is not valid UTF-8, or
 * len when all of it is; *column (may be NULL) gets that character's
 * 1-based position. */
size_t utf8_invalid_at(const char *s, size_t len, unsigned *column);

/* True for characters that must not reach a terminal from a routine or
 * the log: C0 controls except the newline, DEL, C1 controls, and the
 * Unicode direction overrides and isolates. */
int utf8_is_disruptive(uint32_t cp);

/* Writes `s` to a terminal or a file a person reads: every character
 * utf8_is_disruptive() names, and every byte that is not valid UTF-8, is
 * written visibly instead ("\\x1b", "<U+202E>"); the rest as is. The one
 * sanitiser for messages, whatever their source (SQLite's error text, an
 * account name, a file name). */
void utf8_write_visible(FILE *out, const char *s);

#endif

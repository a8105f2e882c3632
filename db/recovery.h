/* The recovery key: the log's own 256-bit key, written for a human. It
 * is printed once, at `rutin init`, and opens the log even if the keyring
 * is lost. 32 key bytes and 2 checksum bytes in Crockford base32, in groups
 * of four: "7K2P-...". Decoding ignores case, spaces and dashes, reads O as
 * 0 and I or L as 1, and refuses a typo through the checksum. */
#ifndef RUTIN_RECOVERY_H
#define RUTIN_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "db/keyring.h"

/* 55 characters in 14 groups, 13 dashes, NUL. */
#define RECOVERY_TEXT_LEN 69

void recovery_encode(const unsigned char key[LOG_KEY_BYTES],
    char out[RECOVERY_TEXT_LEN]);
/* False when the text is not a recovery key or its checksum fails. */
bool recovery_decode(const char *text, unsigned char key[LOG_KEY_BYTES]);

#endif

/* The keyring: one key slot per account, each wrapping the log's random
 * 256-bit key with a key derived from the account's passphrase (Argon2id,
 * libsodium). It is a small text file next to the log (FILE.keys), written
 * atomically, mode 0600; db/FORMAT.md describes it. It holds account names
 * and wrapped keys, never a key or passphrase in the clear. */
#ifndef RUTIN_KEYRING_H
#define RUTIN_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#define LOG_KEY_BYTES 32

/* Argon2id cost. Stored with each slot, so the default can be raised later
 * without breaking old slots. */
struct kdf_params {
	unsigned long long ops;
	size_t mem; /* bytes */
};

/* The production default: about half a second on the team's machines
 * (bench/README). */
extern const struct kdf_params KDF_DEFAULT;

struct keyring;

enum keyring_status {
	KEYRING_OK = 0,
	KEYRING_WRONG,    /* no such account, or wrong passphrase (one answer for both) */
	KEYRING_EXISTS,   /* the account already has a slot */
	KEYRING_MISSING,  /* the keyring file does not exist */
	KEYRING_BAD,      /* the file is not a keyring or is damaged */
	KEYRING_IO,       /* reading or writing failed */
	KEYRING_NOMEM,    /* secure memory or key derivation memory ran out */
};

/* A new empty keyring; free with keyring_free(). */
struct keyring *keyring_new(void);
void keyring_free(struct keyring **kr);

/* Reads the keyring at `path`. On error, *msg (caller frees) says what is
 * wrong, naming the line. */
enum keyring_status keyring_load(const char *path, struct keyring **out,
    char **msg);
/* Writes the keyring to `path` atomically (temporary file, fsync, rename),
 * mode 0600. */
enum keyring_status keyring_save(const struct keyring *kr, const char *path,
    char **msg);

/* Unwraps the log key for `name`. A missing account costs the same key
 * derivation as a wrong passphrase and gives the same answer. On success
 * *used is the slot's cost. */
enum keyring_status keyring_unlock(const struct keyring *kr, const char *name,
    const char *pass, size_t pass_len, unsigned char key[LOG_KEY_BYTES],
    struct kdf_params *used);
/* Adds (or, with replace, replaces) the slot for `name`. */
enum keyring_status keyring_set_slot(struct keyring *kr, const char *name,
    const char *pass, size_t pass_len, const unsigned char key[LOG_KEY_BYTES],
    const struct kdf_params *kdf, bool replace);
/* Removes the slot; false if there was none. */
bool keyring_remove_slot(struct keyring *kr, const char *name);
bool keyring_has_slot(const struct keyring *kr, const char *name);
size_t keyring_slot_count(const struct keyring *kr);

/* True when a slot's cost is below the current default. */
bool kdf_is_weaker(const struct kdf_params *p);

#endif

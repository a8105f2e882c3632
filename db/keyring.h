/* The keyring: one key slot per account and one for the recovery key. A
 * slot wraps the account's own secret with a key derived from its
 * passphrase (Argon2id, libsodium); the log's random 256-bit key is sealed
 * to the public key of each account's secret and of the recovery secret,
 * so a new log key can be handed to every remaining account without their
 * passphrases (rekey). A small text file next to the log (FILE.keys),
 * written atomically, mode 0600; db/FORMAT.md describes it. It holds
 * account names, public keys and wrapped or sealed keys, never a key or
 * passphrase in the clear. */
#ifndef RUTIN_KEYRING_H
#define RUTIN_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#define LOG_KEY_BYTES 32
#define KEYRING_SIGN_PK 32 /* Ed25519 public key */
#define KEYRING_SIGN_SK 64 /* Ed25519 secret key (libsodium's form) */

/* Argon2id cost. Stored with each slot, so the default can be raised later
 * without breaking old slots. */
struct kdf_params {
	unsigned long long ops;
	size_t mem; /* bytes */
};

/* The production default: about half a second on the team's machines
 * (bench/README). */
extern const struct kdf_params KEYRING_KDF_DEFAULT;
/* The most a slot may ask for; a slot beyond it is refused as damaged. */
extern const struct kdf_params KEYRING_KDF_MAX;

struct keyring;

enum keyring_status {
	KEYRING_OK = 0,
	KEYRING_WRONG,    /* no such account, or wrong passphrase (one answer for both) */
	KEYRING_EXISTS,   /* the account already has a slot */
	KEYRING_MISSING,  /* the keyring file does not exist */
	KEYRING_BAD,      /* the file is not a keyring or is damaged */
	KEYRING_IO,       /* reading or writing failed */
	KEYRING_NOMEM,    /* secure memory or key derivation memory ran out */
	KEYRING_LEGACY,   /* reseal: a slot from rutin 0.1 cannot be resealed */
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
 * derivation as a wrong passphrase and gives the same answer: WRONG. A
 * right passphrase whose slot does not hold a key is BAD (damage). On
 * success *used is the slot's cost, sign_sk (may be NULL; secure memory
 * of KEYRING_SIGN_SK bytes) the account's signing key, and *legacy (may
 * be NULL) tells a slot from rutin 0.1, which has no signing key and is
 * to be replaced with keyring_set_slot(). */
enum keyring_status keyring_unlock(const struct keyring *kr, const char *name,
    const char *pass, size_t pass_len, unsigned char key[LOG_KEY_BYTES],
    unsigned char *sign_sk, struct kdf_params *used, bool *legacy);
/* Adds (or, with replace, replaces) the slot for `name`, with a new
 * account secret, and seals `key` to it. The secret's signing key pair
 * goes to sign_pk and sign_sk (each may be NULL). */
enum keyring_status keyring_set_slot(struct keyring *kr, const char *name,
    const char *pass, size_t pass_len, const unsigned char key[LOG_KEY_BYTES],
    const struct kdf_params *kdf, bool replace,
    unsigned char sign_pk[KEYRING_SIGN_PK], unsigned char *sign_sk);
/* Seals `key` to every account and to the recovery secret (rekey).
 * KEYRING_LEGACY, changing nothing, while a slot from rutin 0.1 remains. */
enum keyring_status keyring_reseal(struct keyring *kr,
    const unsigned char key[LOG_KEY_BYTES]);
/* Sets the recovery slot: `key` sealed to the recovery secret's key pair;
 * the secret's signing public key goes to sign_pk (may be NULL). */
enum keyring_status keyring_set_recovery(struct keyring *kr,
    const unsigned char secret[LOG_KEY_BYTES], const unsigned char key[LOG_KEY_BYTES],
    unsigned char sign_pk[KEYRING_SIGN_PK]);
/* The recovery secret's signing public key. */
bool keyring_recovery_sign_pk(const unsigned char secret[LOG_KEY_BYTES],
    unsigned char pk[KEYRING_SIGN_PK]);
/* The log key from the recovery secret: MISSING when the keyring has no
 * recovery slot (a keyring from rutin 0.1), WRONG when the secret is not
 * the current one, BAD when the slot is damaged. */
enum keyring_status keyring_recover(const struct keyring *kr,
    const unsigned char secret[LOG_KEY_BYTES], unsigned char key[LOG_KEY_BYTES],
    unsigned char *sign_sk);
bool keyring_has_recovery(const struct keyring *kr);
/* The names with slots from rutin 0.1, ", "-separated (caller frees), or
 * NULL when there are none. */
char *keyring_legacy_names(const struct keyring *kr);
/* Removes the slot; false if there was none. */
bool keyring_remove_slot(struct keyring *kr, const char *name);
bool keyring_has_slot(const struct keyring *kr, const char *name);
size_t keyring_slot_count(const struct keyring *kr);

/* fsync()s the folder that holds `path`, so a rename in it is durable. */
bool keyring_fsync_dir(const char *path);

/* True when a slot's cost is below the current default. */
bool keyring_kdf_is_weaker(const struct kdf_params *p);

#endif

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/keyring.h"

#define KEYRING_MAGIC_V1 "rutin-keyring 1"
#define KEYRING_MAGIC "rutin-keyring 2"
#define KEYRING_MAX_BYTES (1024 * 1024)
#define KEYRING_MAX_SLOTS 1000
#define SLOT_SALT crypto_pwhash_SALTBYTES
#define SLOT_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SLOT_BOX (LOG_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define SLOT_PK crypto_box_PUBLICKEYBYTES
#define SLOT_SEALED (LOG_KEY_BYTES + crypto_box_SEALBYTES)

const struct kdf_params KEYRING_KDF_DEFAULT = { 3, 256u * 1024 * 1024 };
/* A planted slot must not make rutin work for hours or exhaust memory:
 * libsodium's SENSITIVE level is the most a slot may ask for. */
const struct kdf_params KEYRING_KDF_MAX = { 10, 1024u * 1024 * 1024 };

/* An account's slot. Since rutin-keyring 2 the passphrase wraps the
 * account's own 32-byte secret, from which its X25519 key pair comes; the
 * log key is sealed to that public key, so a new log key can be sealed to
 * every account without knowing any passphrase. A legacy slot (rutin 0.1)
 * wraps the log key itself; it is converted at its owner's next unlock. */
struct slot {
	char *name;
	bool legacy;
	struct kdf_params kdf;
	unsigned char salt[SLOT_SALT];
	unsigned char nonce[SLOT_NONCE];
	unsigned char box[SLOT_BOX];
	unsigned char pk[SLOT_PK];
	unsigned char sealed[SLOT_SEALED];
};

struct keyring {
	struct slot *slots;
	size_t count;
	size_t capacity;
	bool has_recovery;
	unsigned char rec_pk[SLOT_PK];
	unsigned char rec_sealed[SLOT_SEALED];
};

struct keyring *
keyring_new(void)
{
	return xcalloc(1, sizeof(struct keyring));
}

void
keyring_free(struct keyring **kr)
{
	size_t i;

	if (kr == NULL || *kr == NULL)
		return;
	for (i = 0; i < (*kr)->count; i++)
		free((*kr)->slots[i].name);
	free((*kr)->slots);
	free(*kr);
	*kr = NULL;
}

bool
keyring_kdf_is_weaker(const struct kdf_params *p)
{
	return p->ops < KEYRING_KDF_DEFAULT.ops || p->mem < KEYRING_KDF_DEFAULT.mem;
}

static struct slot *
find_slot(const struct keyring *kr, const char *name)
{
	size_t i;

	for (i = 0; i < kr->count; i++)
		if (strcmp(kr->slots[i].name, name) == 0)
			return &kr->slots[i];
	return NULL;
}

bool
keyring_has_slot(const struct keyring *kr, const char *name)
{
	return find_slot(kr, name) != NULL;
}

size_t
keyring_slot_count(const struct keyring *kr)
{
	return kr->count;
}

bool
keyring_has_recovery(const struct keyring *kr)
{
	return kr->has_recovery;
}

char *
keyring_legacy_names(const struct keyring *kr)
{
	char *list = NULL, *more;
	size_t i;

	for (i = 0; i < kr->count; i++) {
		if (!kr->slots[i].legacy)
			continue;
		more = list ? xasprintf("%s, %s", list, kr->slots[i].name) :
		    xstrdup(kr->slots[i].name);
		free(list);
		list = more;
	}
	return list;
}

/* The slot is bound to its account name: a slot copied under another
 * name does not open. */
static char *
slot_ad(const char *name, bool legacy, size_t *len)
{
	char *ad = xasprintf("rutin-keyring/%d:%s", legacy ? 1 : 2, name);

	*len = strlen(ad);
	return ad;
}

/* Derives the key-encryption key into secure memory; NULL on failure. */
static unsigned char *
derive_kek(const char *pass, size_t len, const unsigned char *salt,
    const struct kdf_params *kdf)
{
	unsigned char *kek = sodium_malloc(LOG_KEY_BYTES);

	if (kek == NULL)
		return NULL;
	if (crypto_pwhash(kek, LOG_KEY_BYTES, pass, len, salt, kdf->ops, kdf->mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(kek);
		return NULL;
	}
	return kek;
}

/* The X25519 key pair of a 32-byte secret (an account's or the recovery
 * secret); `context` keeps the two kinds apart. sk is secure memory the
 * caller frees; NULL when out of it. */
static unsigned char *
box_keypair(const unsigned char secret[LOG_KEY_BYTES], const char context[8],
    unsigned char pk[SLOT_PK])
{
	unsigned char *seed = sodium_malloc(crypto_box_SEEDBYTES);
	unsigned char *sk = sodium_malloc(crypto_box_SECRETKEYBYTES);

	if (seed == NULL || sk == NULL) {
		sodium_free(seed);
		sodium_free(sk);
		return NULL;
	}
	crypto_kdf_derive_from_key(seed, crypto_box_SEEDBYTES, 1, context, secret);
	crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	return sk;
}

/* The Ed25519 key pair of the same secret: it signs the account's (or the
 * recovery key's) events. sk may be NULL when only pk is wanted. */
static bool
sign_keypair(const unsigned char secret[LOG_KEY_BYTES], const char context[8],
    unsigned char pk[KEYRING_SIGN_PK], unsigned char *sk)
{
	unsigned char *seed = sodium_malloc(crypto_sign_SEEDBYTES);
	unsigned char *tmp = sk != NULL ? sk : sodium_malloc(crypto_sign_SECRETKEYBYTES);

	if (seed == NULL || tmp == NULL) {
		sodium_free(seed);
		if (sk == NULL)
			sodium_free(tmp);
		return false;
	}
	crypto_kdf_derive_from_key(seed, crypto_sign_SEEDBYTES, 2, context, secret);
	crypto_sign_seed_keypair(pk, tmp, seed);
	sodium_free(seed);
	if (sk == NULL)
		sodium_free(tmp);
	return true;
}

/* Opens a sealed log key with the secret's key pair, checking that the
 * pair is the one the keyring names. */
static enum keyring_status
unseal(const unsigned char secret[LOG_KEY_BYTES], const char context[8],
    const unsigned char want_pk[SLOT_PK], const unsigned char sealed[SLOT_SEALED],
    unsigned char key[LOG_KEY_BYTES], enum keyring_status wrong_pair)
{
	unsigned char pk[SLOT_PK];
	unsigned char *sk = box_keypair(secret, context, pk);
	int rc;

	if (sk == NULL)
		return KEYRING_NOMEM;
	if (sodium_memcmp(pk, want_pk, SLOT_PK) != 0) {
		sodium_free(sk);
		return wrong_pair;
	}
	rc = crypto_box_seal_open(key, sealed, SLOT_SEALED, pk, sk);
	sodium_free(sk);
	if (rc != 0) {
		sodium_memzero(key, LOG_KEY_BYTES);
		return KEYRING_BAD;
	}
	return KEYRING_OK;
}

enum keyring_status
keyring_unlock(const struct keyring *kr, const char *name, const char *pass,
    size_t pass_len, unsigned char key[LOG_KEY_BYTES], unsigned char *sign_sk,
    struct kdf_params *used, bool *legacy)
{
	const struct slot *s = find_slot(kr, name);
	unsigned char dummy_salt[SLOT_SALT] = { 0 };
	unsigned char *kek, *secret;
	enum keyring_status st;
	char *ad;
	size_t ad_len;
	int rc;

	if (sodium_init() < 0)
		return KEYRING_NOMEM;
	/* Without a slot, spend the same time and say the same thing. */
	kek = derive_kek(pass, pass_len, s ? s->salt : dummy_salt,
	    s ? &s->kdf : &KEYRING_KDF_DEFAULT);
	if (kek == NULL)
		return KEYRING_NOMEM;
	if (s == NULL) {
		sodium_free(kek);
		return KEYRING_WRONG;
	}
	secret = sodium_malloc(LOG_KEY_BYTES);
	if (secret == NULL) {
		sodium_free(kek);
		return KEYRING_NOMEM;
	}
	ad = slot_ad(name, s->legacy, &ad_len);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(secret, NULL, NULL, s->box,
	    SLOT_BOX, (const unsigned char *)ad, ad_len, s->nonce, kek);
	sodium_free(kek);
	free(ad);
	if (rc != 0) {
		st = KEYRING_WRONG;
	} else if (s->legacy) {
		memcpy(key, secret, LOG_KEY_BYTES);
		st = KEYRING_OK;
	} else {
		/* The passphrase was right: anything wrong now is damage. */
		st = unseal(secret, "rutinacc", s->pk, s->sealed, key, KEYRING_BAD);
		if (st == KEYRING_OK && sign_sk != NULL) {
			unsigned char pk[KEYRING_SIGN_PK];

			if (!sign_keypair(secret, "rutinacc", pk, sign_sk))
				st = KEYRING_NOMEM;
		}
	}
	sodium_free(secret);
	if (st != KEYRING_OK) {
		sodium_memzero(key, LOG_KEY_BYTES);
		return st;
	}
	if (used != NULL)
		*used = s->kdf;
	if (legacy != NULL)
		*legacy = s->legacy;
	return KEYRING_OK;
}

static struct slot *
slot_for(struct keyring *kr, const char *name)
{
	struct slot *s = find_slot(kr, name);

	if (s != NULL)
		return s;
	if (kr->count == kr->capacity) {
		kr->capacity = kr->capacity ? 2 * kr->capacity : 4;
		kr->slots = xreallocarray(kr->slots, kr->capacity, sizeof(*kr->slots));
	}
	s = &kr->slots[kr->count++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	return s;
}

enum keyring_status
keyring_set_slot(struct keyring *kr, const char *name, const char *pass,
    size_t pass_len, const unsigned char key[LOG_KEY_BYTES],
    const struct kdf_params *kdf, bool replace,
    unsigned char sign_pk[KEYRING_SIGN_PK], unsigned char *sign_sk)
{
	struct slot *s = find_slot(kr, name), fresh;
	unsigned char *kek, *secret, *sk;
	char *ad;
	size_t ad_len;

	if (sodium_init() < 0)
		return KEYRING_NOMEM;
	if (s != NULL && !replace)
		return KEYRING_EXISTS;
	memset(&fresh, 0, sizeof(fresh));
	fresh.kdf = *kdf;
	randombytes_buf(fresh.salt, sizeof(fresh.salt));
	randombytes_buf(fresh.nonce, sizeof(fresh.nonce));
	/* A new account secret each time: a passphrase change also
	 * changes the key pair, so an old slot and its passphrase open
	 * nothing sealed after it. */
	secret = sodium_malloc(LOG_KEY_BYTES);
	kek = secret != NULL ? derive_kek(pass, pass_len, fresh.salt, kdf) : NULL;
	if (kek == NULL) {
		sodium_free(secret);
		return KEYRING_NOMEM;
	}
	randombytes_buf(secret, LOG_KEY_BYTES);
	ad = slot_ad(name, false, &ad_len);
	crypto_aead_xchacha20poly1305_ietf_encrypt(fresh.box, NULL, secret,
	    LOG_KEY_BYTES, (const unsigned char *)ad, ad_len, NULL, fresh.nonce, kek);
	sodium_free(kek);
	free(ad);
	sk = box_keypair(secret, "rutinacc", fresh.pk);
	if (sk == NULL || (sign_pk != NULL &&
	    !sign_keypair(secret, "rutinacc", sign_pk, sign_sk))) {
		sodium_free(sk);
		sodium_free(secret);
		return KEYRING_NOMEM;
	}
	sodium_free(secret);
	sodium_free(sk);
	crypto_box_seal(fresh.sealed, key, LOG_KEY_BYTES, fresh.pk);
	s = slot_for(kr, name);
	fresh.name = s->name;
	*s = fresh;
	return KEYRING_OK;
}

enum keyring_status
keyring_set_recovery(struct keyring *kr, const unsigned char secret[LOG_KEY_BYTES],
    const unsigned char key[LOG_KEY_BYTES], unsigned char sign_pk[KEYRING_SIGN_PK])
{
	unsigned char *sk;

	if (sodium_init() < 0 || (sk = box_keypair(secret, "rutinrec", kr->rec_pk)) == NULL)
		return KEYRING_NOMEM;
	if (sign_pk != NULL && !sign_keypair(secret, "rutinrec", sign_pk, NULL)) {
		sodium_free(sk);
		return KEYRING_NOMEM;
	}
	sodium_free(sk);
	crypto_box_seal(kr->rec_sealed, key, LOG_KEY_BYTES, kr->rec_pk);
	kr->has_recovery = true;
	return KEYRING_OK;
}

enum keyring_status
keyring_recover(const struct keyring *kr, const unsigned char secret[LOG_KEY_BYTES],
    unsigned char key[LOG_KEY_BYTES], unsigned char *sign_sk)
{
	enum keyring_status st;
	unsigned char pk[KEYRING_SIGN_PK];

	if (!kr->has_recovery)
		return KEYRING_MISSING;
	if (sodium_init() < 0)
		return KEYRING_NOMEM;
	st = unseal(secret, "rutinrec", kr->rec_pk, kr->rec_sealed, key, KEYRING_WRONG);
	if (st == KEYRING_OK && sign_sk != NULL &&
	    !sign_keypair(secret, "rutinrec", pk, sign_sk))
		st = KEYRING_NOMEM;
	return st;
}

bool
keyring_recovery_sign_pk(const unsigned char secret[LOG_KEY_BYTES],
    unsigned char pk[KEYRING_SIGN_PK])
{
	return sign_keypair(secret, "rutinrec", pk, NULL);
}

enum keyring_status
keyring_reseal(struct keyring *kr, const unsigned char key[LOG_KEY_BYTES])
{
	size_t i;

	for (i = 0; i < kr->count; i++)
		if (kr->slots[i].legacy)
			return KEYRING_LEGACY;
	for (i = 0; i < kr->count; i++)
		crypto_box_seal(kr->slots[i].sealed, key, LOG_KEY_BYTES, kr->slots[i].pk);
	if (kr->has_recovery)
		crypto_box_seal(kr->rec_sealed, key, LOG_KEY_BYTES, kr->rec_pk);
	return KEYRING_OK;
}

bool
keyring_remove_slot(struct keyring *kr, const char *name)
{
	struct slot *s = find_slot(kr, name);

	if (s == NULL)
		return false;
	free(s->name);
	*s = kr->slots[--kr->count];
	sodium_memzero(&kr->slots[kr->count], sizeof(kr->slots[kr->count]));
	return true;
}

/* ---- The file ---- */

static void
hex_put(FILE *f, const unsigned char *p, size_t n)
{
	char hex[2 * SLOT_SEALED + 1];

	sodium_bin2hex(hex, sizeof(hex), p, n);
	fputs(hex, f);
}

static bool
hex_get(const char *s, unsigned char *out, size_t n)
{
	size_t got = 0;

	return strlen(s) == 2 * n &&
	    sodium_hex2bin(out, n, s, 2 * n, NULL, &got, NULL) == 0 && got == n;
}

static bool
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

/* "recovery <pk> <sealed>" */
static enum keyring_status
parse_recovery(struct keyring *kr, char **f, int n, unsigned lineno, char **msg)
{
	if (n != 3 || kr->has_recovery || !hex_get(f[1], kr->rec_pk, SLOT_PK) ||
	    !hex_get(f[2], kr->rec_sealed, SLOT_SEALED)) {
		*msg = xasprintf(_("line %u: damaged recovery slot"), lineno);
		return KEYRING_BAD;
	}
	kr->has_recovery = true;
	return KEYRING_OK;
}

/* "account <name> argon2id13 <ops> <mem> <salt> <nonce> <box> <pk> <sealed>"
 * or a legacy "slot <name> argon2id13 <ops> <mem> <salt> <nonce> <box>". */
static enum keyring_status
parse_account(struct keyring *kr, char **f, int n, unsigned lineno, char **msg)
{
	bool legacy = strcmp(f[0], "slot") == 0;
	struct slot s;
	char *end;

	memset(&s, 0, sizeof(s));
	s.legacy = legacy;
	if (n != (legacy ? 8 : 10) || !valid_name(f[1]) ||
	    strcmp(f[2], "argon2id13") != 0) {
		*msg = xasprintf(_("line %u: not a key slot"), lineno);
		return KEYRING_BAD;
	}
	errno = 0;
	s.kdf.ops = strtoull(f[3], &end, 10);
	if (errno || *end || *f[3] == '-' || s.kdf.ops < crypto_pwhash_OPSLIMIT_MIN ||
	    s.kdf.ops > KEYRING_KDF_MAX.ops) {
		*msg = xasprintf(_("line %u: key derivation cost out of bounds (1 to "
		    "%llu passes)"), lineno, KEYRING_KDF_MAX.ops);
		return KEYRING_BAD;
	}
	s.kdf.mem = (size_t)strtoull(f[4], &end, 10);
	if (errno || *end || *f[4] == '-' || s.kdf.mem < crypto_pwhash_MEMLIMIT_MIN ||
	    s.kdf.mem > KEYRING_KDF_MAX.mem) {
		*msg = xasprintf(_("line %u: key derivation memory out of bounds "
		    "(8 KiB to %zu MiB)"), lineno, KEYRING_KDF_MAX.mem >> 20);
		return KEYRING_BAD;
	}
	if (!hex_get(f[5], s.salt, SLOT_SALT) || !hex_get(f[6], s.nonce, SLOT_NONCE) ||
	    !hex_get(f[7], s.box, SLOT_BOX) || (!legacy &&
	    (!hex_get(f[8], s.pk, SLOT_PK) || !hex_get(f[9], s.sealed, SLOT_SEALED)))) {
		*msg = xasprintf(_("line %u: damaged key slot"), lineno);
		return KEYRING_BAD;
	}
	if (find_slot(kr, f[1]) != NULL) {
		*msg = xasprintf(_("line %u: a second slot for '%s'"), lineno, f[1]);
		return KEYRING_BAD;
	}
	if (kr->count == KEYRING_MAX_SLOTS) {
		*msg = xasprintf(_("line %u: too many slots"), lineno);
		return KEYRING_BAD;
	}
	{
		struct slot *place = slot_for(kr, f[1]);

		s.name = place->name;
		*place = s;
	}
	return KEYRING_OK;
}

static enum keyring_status
parse_line(struct keyring *kr, char *line, unsigned lineno, bool v1, char **msg)
{
	char *f[11], *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(line, " ", &save); tok && n < 11;
	    tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	if (n > 0 && strcmp(f[0], "slot") == 0)
		return parse_account(kr, f, n, lineno, msg);
	if (n > 0 && !v1 && strcmp(f[0], "account") == 0)
		return parse_account(kr, f, n, lineno, msg);
	if (n > 0 && !v1 && strcmp(f[0], "recovery") == 0)
		return parse_recovery(kr, f, n, lineno, msg);
	*msg = xasprintf(_("line %u: not a key slot"), lineno);
	return KEYRING_BAD;
}

enum keyring_status
keyring_load(const char *path, struct keyring **out, char **msg)
{
	struct keyring *kr;
	char *buf, *line, *save = NULL;
	enum keyring_status st = KEYRING_OK;
	unsigned lineno = 0;
	bool v1;
	ssize_t got;
	size_t len = 0;
	int fd;

	*out = NULL;
	*msg = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		*msg = xstrdup(strerror(errno));
		return errno == ENOENT ? KEYRING_MISSING : KEYRING_IO;
	}
	buf = xmalloc(KEYRING_MAX_BYTES + 1);
	while (len < KEYRING_MAX_BYTES &&
	    (got = read(fd, buf + len, KEYRING_MAX_BYTES - len)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*msg = xstrdup(strerror(errno));
			close(fd);
			free(buf);
			return KEYRING_IO;
		}
		len += (size_t)got;
	}
	close(fd);
	buf[len] = '\0';
	v1 = strncmp(buf, KEYRING_MAGIC_V1 "\n", sizeof(KEYRING_MAGIC_V1)) == 0;
	if (memchr(buf, '\0', len) != NULL || (!v1 && strncmp(buf, KEYRING_MAGIC
	    "\n", sizeof(KEYRING_MAGIC)) != 0)) {
		*msg = xstrdup(_("line 1: not a rutin keyring"));
		free(buf);
		return KEYRING_BAD;
	}
	kr = keyring_new();
	for (line = strtok_r(buf, "\n", &save); line && st == KEYRING_OK;
	    line = strtok_r(NULL, "\n", &save)) {
		if (++lineno == 1)
			continue;
		st = parse_line(kr, line, lineno, v1, msg);
	}
	free(buf);
	if (st != KEYRING_OK) {
		keyring_free(&kr);
		return st;
	}
	*out = kr;
	return KEYRING_OK;
}

bool
keyring_fsync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0)
		close(fd);
	free(copy);
	return ok;
}

enum keyring_status
keyring_save(const struct keyring *kr, const char *path, char **msg)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	bool write_failed = false;
	FILE *f;
	size_t i;
	int fd;

	*msg = NULL;
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0600) != 0 || (f = fdopen(fd, "w")) == NULL) {
		*msg = xstrdup(strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return KEYRING_IO;
	}
	fputs(KEYRING_MAGIC "\n", f);
	for (i = 0; i < kr->count; i++) {
		const struct slot *s = &kr->slots[i];

		fprintf(f, "%s %s argon2id13 %llu %zu ", s->legacy ? "slot" : "account",
		    s->name, s->kdf.ops, s->kdf.mem);
		hex_put(f, s->salt, SLOT_SALT);
		fputc(' ', f);
		hex_put(f, s->nonce, SLOT_NONCE);
		fputc(' ', f);
		hex_put(f, s->box, SLOT_BOX);
		if (!s->legacy) {
			fputc(' ', f);
			hex_put(f, s->pk, SLOT_PK);
			fputc(' ', f);
			hex_put(f, s->sealed, SLOT_SEALED);
		}
		fputc('\n', f);
	}
	if (kr->has_recovery) {
		fputs("recovery ", f);
		hex_put(f, kr->rec_pk, SLOT_PK);
		fputc(' ', f);
		hex_put(f, kr->rec_sealed, SLOT_SEALED);
		fputc('\n', f);
	}
	{
		bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;

		if (fclose(f) != 0) /* always closed, also after a failure */
			ok = false;
		if (!ok)
			write_failed = true;
	}
	if (write_failed || rename(tmp, path) != 0 || !keyring_fsync_dir(path)) {
		*msg = xstrdup(strerror(errno));
		unlink(tmp);
		free(tmp);
		return KEYRING_IO;
	}
	free(tmp);
	return KEYRING_OK;
}

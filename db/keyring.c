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

#define KEYRING_MAGIC "rutin-keyring 1"
#define KEYRING_MAX_BYTES (1024 * 1024)
#define KEYRING_MAX_SLOTS 1000
#define SLOT_SALT crypto_pwhash_SALTBYTES
#define SLOT_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SLOT_BOX (LOG_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

const struct kdf_params KDF_DEFAULT = { 3, 256u * 1024 * 1024 };

struct slot {
	char *name;
	struct kdf_params kdf;
	unsigned char salt[SLOT_SALT];
	unsigned char nonce[SLOT_NONCE];
	unsigned char box[SLOT_BOX];
};

struct keyring {
	struct slot *slots;
	size_t count;
	size_t capacity;
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
kdf_is_weaker(const struct kdf_params *p)
{
	return p->ops < KDF_DEFAULT.ops || p->mem < KDF_DEFAULT.mem;
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

/* The slot is bound to its account name: a slot copied under another
 * name does not open. */
static char *
slot_ad(const char *name, size_t *len)
{
	char *ad = xasprintf("rutin-keyring/1:%s", name);

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

enum keyring_status
keyring_unlock(const struct keyring *kr, const char *name, const char *pass,
    size_t pass_len, unsigned char key[LOG_KEY_BYTES], struct kdf_params *used)
{
	const struct slot *s = find_slot(kr, name);
	unsigned char dummy_salt[SLOT_SALT] = { 0 };
	unsigned char *kek;
	char *ad;
	size_t ad_len;
	int rc;

	if (sodium_init() < 0)
		return KEYRING_NOMEM;
	/* Without a slot, spend the same time and say the same thing. */
	kek = derive_kek(pass, pass_len, s ? s->salt : dummy_salt,
	    s ? &s->kdf : &KDF_DEFAULT);
	if (kek == NULL)
		return KEYRING_NOMEM;
	if (s == NULL) {
		sodium_free(kek);
		return KEYRING_WRONG;
	}
	ad = slot_ad(name, &ad_len);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(key, NULL, NULL, s->box,
	    SLOT_BOX, (const unsigned char *)ad, ad_len, s->nonce, kek);
	sodium_free(kek);
	free(ad);
	if (rc != 0) {
		sodium_memzero(key, LOG_KEY_BYTES);
		return KEYRING_WRONG;
	}
	if (used != NULL)
		*used = s->kdf;
	return KEYRING_OK;
}

enum keyring_status
keyring_set_slot(struct keyring *kr, const char *name, const char *pass,
    size_t pass_len, const unsigned char key[LOG_KEY_BYTES],
    const struct kdf_params *kdf, bool replace)
{
	struct slot *s = find_slot(kr, name), fresh;
	unsigned char *kek;
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
	kek = derive_kek(pass, pass_len, fresh.salt, kdf);
	if (kek == NULL)
		return KEYRING_NOMEM;
	ad = slot_ad(name, &ad_len);
	crypto_aead_xchacha20poly1305_ietf_encrypt(fresh.box, NULL, key,
	    LOG_KEY_BYTES, (const unsigned char *)ad, ad_len, NULL, fresh.nonce, kek);
	sodium_free(kek);
	free(ad);
	if (s == NULL) {
		if (kr->count == kr->capacity) {
			kr->capacity = kr->capacity ? 2 * kr->capacity : 4;
			kr->slots = xreallocarray(kr->slots, kr->capacity, sizeof(*kr->slots));
		}
		s = &kr->slots[kr->count++];
		fresh.name = xstrdup(name);
	} else {
		fresh.name = s->name;
	}
	*s = fresh;
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
	return true;
}

/* ---- The file ---- */

static void
hex_put(FILE *f, const unsigned char *p, size_t n)
{
	char hex[2 * 64 + 1];

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

static enum keyring_status
parse_slot(struct keyring *kr, char *line, unsigned lineno, char **msg)
{
	char *f[8], *save = NULL, *tok;
	struct slot s;
	int n = 0;
	char *end;

	for (tok = strtok_r(line, " ", &save); tok && n < 8;
	    tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	memset(&s, 0, sizeof(s));
	if (n != 8 || strcmp(f[0], "slot") != 0 || !valid_name(f[1]) ||
	    strcmp(f[2], "argon2id13") != 0) {
		*msg = xasprintf(_("line %u: not a key slot"), lineno);
		return KEYRING_BAD;
	}
	errno = 0;
	s.kdf.ops = strtoull(f[3], &end, 10);
	if (errno || *end || s.kdf.ops < crypto_pwhash_OPSLIMIT_MIN) {
		*msg = xasprintf(_("line %u: bad key derivation cost"), lineno);
		return KEYRING_BAD;
	}
	s.kdf.mem = (size_t)strtoull(f[4], &end, 10);
	if (errno || *end || s.kdf.mem < crypto_pwhash_MEMLIMIT_MIN ||
	    s.kdf.mem > (size_t)4 << 30) {
		*msg = xasprintf(_("line %u: bad key derivation memory"), lineno);
		return KEYRING_BAD;
	}
	if (!hex_get(f[5], s.salt, SLOT_SALT) || !hex_get(f[6], s.nonce, SLOT_NONCE) ||
	    !hex_get(f[7], s.box, SLOT_BOX)) {
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
	if (kr->count == kr->capacity) {
		kr->capacity = kr->capacity ? 2 * kr->capacity : 4;
		kr->slots = xreallocarray(kr->slots, kr->capacity, sizeof(*kr->slots));
	}
	s.name = xstrdup(f[1]);
	kr->slots[kr->count++] = s;
	return KEYRING_OK;
}

enum keyring_status
keyring_load(const char *path, struct keyring **out, char **msg)
{
	struct keyring *kr;
	char *buf, *line, *save = NULL;
	enum keyring_status st = KEYRING_OK;
	unsigned lineno = 0;
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
	if (memchr(buf, '\0', len) != NULL || strncmp(buf, KEYRING_MAGIC "\n",
	    sizeof(KEYRING_MAGIC)) != 0) {
		*msg = xstrdup(_("line 1: not a rutin keyring"));
		free(buf);
		return KEYRING_BAD;
	}
	kr = keyring_new();
	for (line = strtok_r(buf, "\n", &save); line && st == KEYRING_OK;
	    line = strtok_r(NULL, "\n", &save)) {
		if (++lineno == 1)
			continue;
		st = parse_slot(kr, line, lineno, msg);
	}
	free(buf);
	if (st != KEYRING_OK) {
		keyring_free(&kr);
		return st;
	}
	*out = kr;
	return KEYRING_OK;
}

static bool
fsync_dir_of(const char *path)
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

		fprintf(f, "slot %s argon2id13 %llu %zu ", s->name, s->kdf.ops, s->kdf.mem);
		hex_put(f, s->salt, SLOT_SALT);
		fputc(' ', f);
		hex_put(f, s->nonce, SLOT_NONCE);
		fputc(' ', f);
		hex_put(f, s->box, SLOT_BOX);
		fputc('\n', f);
	}
	{
		bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;

		if (fclose(f) != 0) /* always closed, also after a failure */
			ok = false;
		if (!ok)
			write_failed = true;
	}
	if (write_failed || rename(tmp, path) != 0 || !fsync_dir_of(path)) {
		*msg = xstrdup(strerror(errno));
		unlink(tmp);
		free(tmp);
		return KEYRING_IO;
	}
	free(tmp);
	return KEYRING_OK;
}

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "db/recovery.h"

#define RAW_BYTES (LOG_KEY_BYTES + 2)
#define CHARS 55 /* ceil(34 * 8 / 5) */

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
checksum(const unsigned char key[LOG_KEY_BYTES], unsigned char out[2])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"rutin-recovery/1", 16);
	crypto_hash_sha256_update(&st, key, LOG_KEY_BYTES);
	crypto_hash_sha256_final(&st, h);
	out[0] = h[0];
	out[1] = h[1];
	sodium_memzero(&st, sizeof(st));
}

void
recovery_encode(const unsigned char key[LOG_KEY_BYTES], char out[RECOVERY_TEXT_LEN])
{
	unsigned char raw[RAW_BYTES];
	unsigned bits = 0, acc = 0;
	size_t i, c = 0, o = 0;

	memcpy(raw, key, LOG_KEY_BYTES);
	checksum(key, raw + LOG_KEY_BYTES);
	for (i = 0; i < RAW_BYTES || bits > 0; ) {
		if (bits < 5 && i < RAW_BYTES) {
			acc = (acc << 8) | raw[i++];
			bits += 8;
		}
		if (bits < 5) { /* the last, short group of bits */
			acc <<= 5 - bits;
			bits = 5;
		}
		if (c > 0 && c % 4 == 0)
			out[o++] = '-';
		out[o++] = alphabet[(acc >> (bits - 5)) & 31];
		bits -= 5;
		c++;
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
	acc = 0;
}

static int
value_of(char ch)
{
	const char *p;

	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch == 'O')
		ch = '0';
	if (ch == 'I' || ch == 'L')
		ch = '1';
	p = ch != '\0' ? strchr(alphabet, ch) : NULL;
	return p != NULL ? (int)(p - alphabet) : -1;
}

bool
recovery_decode(const char *text, unsigned char key[LOG_KEY_BYTES])
{
	unsigned char raw[RAW_BYTES + 1], sum[2];
	unsigned acc = 0, bits = 0;
	size_t n = 0, chars = 0;
	bool ok;

	for (; *text != '\0'; text++) {
		int v;

		if (*text == '-' || *text == ' ' || *text == '\n')
			continue;
		if ((v = value_of(*text)) < 0 || ++chars > CHARS)
			return false;
		acc = (acc << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			raw[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (chars != CHARS || n != RAW_BYTES)
		return false;
	memcpy(key, raw, LOG_KEY_BYTES);
	checksum(key, sum);
	ok = sodium_memcmp(sum, raw + LOG_KEY_BYTES, 2) == 0;
	sodium_memzero(raw, sizeof(raw));
	if (!ok)
		sodium_memzero(key, LOG_KEY_BYTES);
	return ok;
}

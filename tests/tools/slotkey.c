/* slotkey KEYRING ACCOUNT: what an account holder can reach. Reads the
 * account's passphrase from standard input, unwraps the account's slot
 * with rutin's keyring code and prints the log key as SQLCipher's raw key
 * spec x'<key><salt>' for the log next to the keyring, so a test can open
 * the log with the sqlcipher command-line client as an attacker would.
 * Exit 1 when the slot does not open. For tests only; never installed. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/keyring.h"

int
main(int argc, char **argv)
{
	unsigned char key[LOG_KEY_BYTES], salt[16];
	char pass[256], hex[2 * LOG_KEY_BYTES + 1], salt_hex[33], *db, *msg = NULL;
	struct keyring *kr = NULL;
	size_t n;
	FILE *f;

	if (argc != 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: slotkey KEYRING ACCOUNT <passphrase\n");
		return 2;
	}
	if (fgets(pass, sizeof(pass), stdin) == NULL)
		return 2;
	pass[strcspn(pass, "\n")] = '\0';
	if (keyring_load(argv[1], &kr, &msg) != KEYRING_OK) {
		fprintf(stderr, "slotkey: %s\n", msg);
		free(msg);
		return 2;
	}
	if (keyring_unlock(kr, argv[2], pass, strlen(pass), key, NULL, NULL, NULL) !=
	    KEYRING_OK) {
		keyring_free(&kr);
		return 1;
	}
	keyring_free(&kr);
	n = strlen(argv[1]);
	if (n < 5 || strcmp(argv[1] + n - 5, ".keys") != 0 || (db = strdup(argv[1])) == NULL)
		return 2;
	db[n - 5] = '\0';
	f = fopen(db, "rb");
	free(db);
	if (f == NULL)
		return 2;
	n = fread(salt, 1, 16, f);
	fclose(f);
	if (n != 16)
		return 2;
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	printf("x'%s%s'\n", hex, salt_hex);
	return 0;
}

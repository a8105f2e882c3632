/* legacy_log PATH: writes PATH and PATH.keys as rutin 0.1 made them (see
 * tests/unit/dbhelp.c: SQLCipher 3's format, unsigned events, a keyring
 * of format 1 with one slot, for "anna"), with the passphrase read from
 * standard input; prints 0.1's recovery key. For the fault injection of
 * `rutin upgrade` (tests/faults/inject.sh); never installed. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/xalloc.h"

int
main(int argc, char **argv)
{
	char recovery[RECOVERY_TEXT_LEN], pass[256], *keys;

	if (argc != 2 || sodium_init() < 0 || fgets(pass, sizeof(pass), stdin) == NULL) {
		fprintf(stderr, "usage: legacy_log PATH <passphrase\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	keys = xasprintf("%s.keys", argv[1]);
	legacy_log_write(argv[1], keys, pass, 2, true, recovery);
	printf("%s\n", recovery);
	free(keys);
	return 0;
}

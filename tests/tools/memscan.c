/* memscan PID KEYHEX: the memory attack of issue 25 on a running rutin.
 * Reads every readable mapping of process PID that is not locked (its
 * smaps says "Locked: 0 kB") through /proc/PID/mem, as root or the
 * process's owner can, and counts where the 32-byte log key (given as 64
 * hex digits, e.g. from tests/tools/slotkey) lies in it: raw, and as hex
 * in lower and upper case. Prints "raw N hex N" and exits 0; exit 2 when
 * the process cannot be read, 77 in a build with AddressSanitizer (its
 * quarantine keeps freed blocks, and its shadow is not what an installed
 * rutin maps). For tests only; never installed. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1ul << 20)
#define BIGGEST (256ul << 20) /* larger mappings: a sanitizer's shadow */
#define KEY_BYTES 32

struct needle {
	unsigned char bytes[2 * KEY_BYTES];
	size_t len;
	long found;
};

static int
hex_digit(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static int
parse_key(const char *hex, struct needle n[3])
{
	size_t i;

	if (strlen(hex) != 2 * KEY_BYTES || strspn(hex, "0123456789abcdef") != 2 * KEY_BYTES)
		return -1;
	for (i = 0; i < KEY_BYTES; i++)
		n[0].bytes[i] = (unsigned char)(hex_digit(hex[2 * i]) * 16 +
		    hex_digit(hex[2 * i + 1]));
	n[0].len = KEY_BYTES;
	for (i = 0; i < 2 * KEY_BYTES; i++) {
		n[1].bytes[i] = (unsigned char)hex[i];
		n[2].bytes[i] = (unsigned char)toupper((unsigned char)hex[i]);
	}
	n[1].len = n[2].len = 2 * KEY_BYTES;
	return 0;
}

/* Counts the needles in [from, to), read in chunks that overlap by the
 * longest needle less one byte; a match is counted in the chunk where it
 * starts before the overlap (or in the last chunk), so once. */
static void
scan_range(FILE *mem, unsigned long from, unsigned long to, unsigned char *buf,
    struct needle *n)
{
	const size_t step = CHUNK - (2 * KEY_BYTES - 1);
	unsigned long at;
	size_t got, k;
	int i;

	for (at = from; at < to; at += step) {
		size_t want = to - at < CHUNK ? to - at : CHUNK;
		int last;

		if (fseek(mem, (long)at, SEEK_SET) != 0)
			return;
		got = fread(buf, 1, want, mem);
		last = got < CHUNK;
		for (i = 0; i < 3; i++)
			for (k = 0; k + n[i].len <= got && (last || k < step); k++)
				if (buf[k] == n[i].bytes[0] &&
				    memcmp(buf + k, n[i].bytes, n[i].len) == 0)
					n[i].found++;
		if (last)
			return;
	}
}

int
main(int argc, char **argv)
{
	struct needle n[3] = { { { 0 }, 0, 0 } };
	char path[64], line[512], perms[8] = "";
	unsigned long from = 0, to = 0, locked;
	unsigned char *buf;
	FILE *maps, *mem;
	int have = 0;

#if defined(__SANITIZE_ADDRESS__)
	(void)argc;
	(void)argv;
	return 77;
#endif
	if (argc != 3 || parse_key(argv[2], n) != 0) {
		fprintf(stderr, "usage: memscan PID KEYHEX (64 lower-case hex digits)\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/smaps", argv[1]);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%s/mem", argv[1]);
	mem = fopen(path, "rb");
	buf = malloc(CHUNK);
	if (maps == NULL || mem == NULL || buf == NULL) {
		fprintf(stderr, "memscan: cannot read process %s\n", argv[1]);
		return 2;
	}
	setvbuf(mem, NULL, _IONBF, 0);
	while (fgets(line, sizeof(line), maps) != NULL) {
		unsigned long a, b;

		/* Into a and b first: "Anonymous:" scans as the number 0xA. */
		if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) == 3) {
			from = a;
			to = b;
			have = 1;
		} else if (have && sscanf(line, "Locked: %lu kB", &locked) == 1) {
			have = 0;
			if (locked == 0 && perms[0] == 'r' && to - from <= BIGGEST)
				scan_range(mem, from, to, buf, n);
		}
	}
	printf("raw %ld hex %ld\n", n[0].found, n[1].found + n[2].found);
	free(buf);
	fclose(maps);
	fclose(mem);
	return 0;
}

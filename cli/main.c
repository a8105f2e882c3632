/* rutin: what every command needs before it starts, then the command
 * table's one path (cmd.c). */
#include "config.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/cmd.h"
#include "cli/language.h"

int
main(int argc, char **argv)
{
	language_init();
	/* Past a file size limit a write must fail (and be reported), not
	 * kill rutin in the middle of a step. */
	signal(SIGXFSZ, SIG_IGN);
	/* From the first line: most commands ask for a passphrase, and
	 * nothing of it or of a key may end up in a core dump or be read
	 * by another process of the same user through ptrace. */
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (sodium_init() < 0) {
		fputs("rutin: libsodium could not start\n", stderr);
		return EXIT_USAGE;
	}
	return cmd_main(argc, argv);
}

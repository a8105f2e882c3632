/* rutin sessions: who has the log open, since when, from which login;
 * rutin sessions close PID asks one of them to close (its run is paused,
 * its interface exits), so that user remove and rekey, which need the log
 * to themselves, are not blocked by a colleague who went home with rutin
 * open. A supervisor's (or a trainer's in a training log); the close is
 * logged first (session.closed). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "db/log.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"

/* How long close waits for the session to let go of the log: its
 * interface looks for the signal once a second. */
#define CLOSE_WAIT_MS 10000

/* "bo (login rt-bo), since 2026-12-06 10:42, process 1234" */
static char *
session_text(const struct log_session *s)
{
	char when[32];

	when_format(when, sizeof(when), s->since * 1000);
	if (s->login[0] != '\0')
		return xasprintf(_("%s (login %s), since %s, process %ld"), s->account,
		    s->login, when, s->pid);
	return xasprintf(_("%s, since %s, process %ld"), s->account, when, s->pid);
}

static int
sessions_exec(struct cmd_ctx *c)
{
	struct log_session *list = NULL;
	struct log_error err;
	size_t n, i;

	if (log_sessions(c->log, &list, &n, &err) != LOG_OK)
		return cmd_report("sessions", &err);
	if (n == 0)
		printf("%s\n", _("No other session has the log open."));
	for (i = 0; i < n; i++) {
		char *line = session_text(&list[i]);

		cmdline_print_clean(stdout, line);
		free(line);
	}
	free(list);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed("sessions");
	return 0;
}

/* The operand: a process number. */
static int
close_check(struct cmd_ctx *c)
{
	const char *p = c->argv[0];

	if (*p == '\0' || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9) {
		fputs(_("rutin sessions close: give the session's process number, as rutin "
		    "sessions lists it\n"), stderr);
		return EXIT_USAGE;
	}
	return 0;
}

static int
close_exec(struct cmd_ctx *c)
{
	long pid = strtol(c->argv[0], NULL, 10);
	struct log_session *list = NULL, who;
	struct log_error err;
	size_t n = 0, i;
	bool closed;
	char *text;

	memset(&who, 0, sizeof(who));
	if (log_sessions(c->log, &list, &n, &err) != LOG_OK)
		return cmd_report("sessions close", &err);
	for (i = 0; i < n; i++)
		if (list[i].pid == pid)
			who = list[i];
	free(list);
	if (log_session_close(c->log, pid, CLOSE_WAIT_MS, &closed, &err) != LOG_OK)
		return cmd_report("sessions close", &err);
	text = session_text(&who);
	if (closed)
		printf(_("Closed the session of "));
	else
		printf(_("Asked the session of "));
	cmdline_print_clean(stdout, text);
	if (closed)
		printf("%s\n", _("It paused its run and let go of the log; the close is "
		    "logged (session.closed)."));
	else
		printf(_("It has not closed within %d seconds (its process may be stopped); "
		    "the request is logged (session.closed). Try again, or ask her.\n"),
		    CLOSE_WAIT_MS / 1000);
	free(text);
	if (!cmdline_stdout_ok())
		return cmdline_output_failed("sessions close");
	return closed ? 0 : EXIT_FAILED;
}

const struct cmd_entry sessions_cmd = {
	.group = "sessions", .name = "", .usage = "",
	.summary = N_("who has the log open, since when, from which login"),
	.options = OPT_OPEN | OPT(RECOVERY), .flags = CMD_LOG, .role = CMD_MANAGER,
	.exec = sessions_exec,
};
const struct cmd_entry sessions_close_cmd = {
	.group = "sessions", .name = "close", .usage = "PID",
	.summary = N_("ask a session to close: it pauses its run and exits (logged)"),
	.missing = N_("which session: its process number, as rutin sessions lists it"),
	.options = OPT_OPEN | OPT(RECOVERY), .min_operands = 1, .max_operands = 1,
	.flags = CMD_LOG, .role = CMD_MANAGER, .check = close_check, .exec = close_exec,
};

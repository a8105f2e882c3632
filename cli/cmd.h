/* The command table, in the manner of tmux's struct cmd_entry: every
 * command (or word of a group: "review sign") is one const entry in the
 * file of its command or group, listed once in COMMANDS below. One path
 * (cmd.c) parses its options, checks its operands, opens the log, checks
 * the role and reports errors; the entry's exec does the rest. --help,
 * the usage lines and the man page's synopsis come from the entries
 * (tests/cli/docs.sh compares them). */
#ifndef RUTIN_CMD_H
#define RUTIN_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/options.h"
#include "db/log.h"
#include "tui/conffile.h"

enum { EXIT_FAILED = 1, EXIT_USAGE = 2 };

enum cmd_flags {
	CMD_LOG = 1,          /* open the log (the passphrase asked) before exec */
	CMD_NAMED_DB = 2,     /* --db must be given: a training log is never the default */
	CMD_FILES = 4,        /* the operands are files: through sudo, checked (delegate.h) */
	CMD_NO_DB = 8,        /* no log at all: no --db default, no config read */
	CMD_CONFIG = 16,      /* exec uses the config's settings (the interface) */
	CMD_ROOT_OK = 32,     /* exec asks cmd_root_refused itself, or need not (doctor) */
};

/* Who may run a command once the log is open. */
enum cmd_role {
	CMD_ANYONE,           /* every account (what each may see is the command's) */
	CMD_SUPERVISOR,       /* a supervisor */
	CMD_MANAGER,          /* a supervisor, or a trainer in a training log */
};

struct cmd_ctx;

struct cmd_entry {
	const char *group;    /* "review", or NULL for a command of one word */
	const char *name;     /* "sign"; "" for the group's word alone */
	const char *usage;    /* after "rutin GROUP NAME": operands and options */
	const char *summary;  /* one line for --help (N_: translated when shown) */
	const char *missing;  /* when an operand is missing (N_), or NULL */
	uint64_t options;     /* OPT() bits allowed besides --help */
	uint64_t required;    /* OPT() bits that must be given */
	int min_operands;
	int max_operands;     /* -1: any number */
	unsigned flags;       /* enum cmd_flags */
	enum cmd_role role;
	/* Before the log is opened, the values of the options (a format, a
	 * date): 0, or the exit status after a message. Optional. */
	int (*check)(struct cmd_ctx *c);
	int (*exec)(struct cmd_ctx *c);
	/* With CMD_LOG: true when these options need no log opened
	 * (verify --archive reads a package). Optional. */
	bool (*no_log)(const struct cmd_ctx *c);
};

/* What exec gets. The path owns all of it and frees it after exec. */
struct cmd_ctx {
	const struct cmd_entry *entry;
	const char *cmd;      /* "review sign": the name in messages */
	struct opts o;
	struct config cfg;    /* the config files: read with CMD_CONFIG or no --db */
	int argc;             /* the operands */
	char **argv;
	struct log *log;      /* open when the entry has CMD_LOG */
};

/* Every command, in the order --help lists them. */
#define COMMANDS(X) \
	X(lint) X(show) X(scan) X(keys) \
	X(init) X(user_add) X(user_remove) X(user_role) X(user_list) X(user_passwd) \
	X(verify) X(seal) X(backup) X(restore) X(doctor) X(sessions) X(sessions_close) \
	X(events) X(rekey) X(recovery_new) \
	X(upgrade) X(demo) \
	X(review_list) X(review_show) X(review_sign) X(review_sign_clean) X(review_return) \
	X(review_access) X(review_sample) X(review_stats) X(review_handover) \
	X(export) X(summary) X(report) X(registerutdrag) X(archive) \
	X(gallra) X(gallra_rule) X(gallra_approve) \
	X(exercise) X(exercise_list) X(exercise_start) X(exercise_class) \
	X(exercise_inject) X(exercise_pause) X(exercise_resume) X(exercise_message) \
	X(exercise_restart) X(exercise_trainees) X(exercise_end) X(exercise_report) \
	X(routines_diff) X(routines_release) X(routines_withdraw) X(routines_list) \
	X(routines_second)

#define X(n) extern const struct cmd_entry n##_cmd;
COMMANDS(X)
#undef X
/* `rutin [OPTIONS]`: the interface on a log (interactive.c); no word
 * names it. */
extern const struct cmd_entry interface_cmd;

/* Runs the command argv[1..] names (the interface when it names none);
 * returns the exit status. */
int cmd_main(int argc, char **argv);

/* May this account run c's entry in c->log? The one role check: 0, or
 * the exit status after a message. The path makes it after opening; a
 * command that opens the log itself (exercise start) calls it then. */
int cmd_role_ok(const struct cmd_ctx *c);

/* Root running rutin on a log that belongs to another account (the
 * service account's, /var/lib/rutin): its lock, write-ahead or new files
 * would be root's, and every caseworker would then be refused ("Permission
 * denied"). True after saying to run it as that account. The path asks it
 * for every entry without CMD_NO_DB or CMD_ROOT_OK. */
bool cmd_root_refused(const struct cmd_ctx *c);

/* "rutin CMD: message" on stderr; returns the exit status. */
int cmd_report(const char *cmd, const struct log_error *err);
/* The exit status for a log status. */
int cmd_exit_for(enum log_status s);

#endif

/* What the commands that open a log share: their options, opening the
 * log (asking for the passphrase), and saying what went wrong. Used by
 * commands.c and review.c. */
#ifndef RUTIN_CMDLINE_H
#define RUTIN_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/log.h"

struct opts {
	const char *db;
	const char *user;
	const char *role;
	const char *run;
	int pass_fd;
	int new_pass_fd;
	int recovery;
	int rebuild;
	const char *seals;
	int require_sealed;
	const char *log_id;        /* verify: the identity the log must have */
	int backup;                /* verify: the log is a backup */
	const char *comment;       /* review sign/return */
	const char *account;       /* review list/access */
	const char *status;        /* review list */
	int findings;              /* review list: only runs with findings */
	int confirm;               /* log flagged text as it is */
	const char *routines;      /* a routine folder besides the usual ones */
	const char *format;        /* export: csv or jsonl */
	const char *out;           /* export: the file to make */
	const char *from, *to;     /* export, sample: YYYY-MM-DD, the days included */
	const char *size;          /* sample: how many to draw */
	const char *seed;          /* sample: the draw's seed */
	const char *routine;       /* review list: one routine's runs */
	const char *case_text;     /* review list: text in the case reference */
	const char *session;       /* exercise: a session's id or its beginning */
	const char *etc;           /* doctor: where sudoers and ssh are (/etc) */
	char *db_default;          /* the XDG default, when no --db or config */
	char *db_config;           /* the config's `db`, when no --db */
};

enum { OPT_DB = 256, OPT_USER, OPT_ROLE, OPT_RUN, OPT_PASS_FD, OPT_NEW_PASS_FD,
	OPT_RECOVERY, OPT_REBUILD, OPT_SEALS, OPT_REQUIRE_SEALED, OPT_LOG_ID, OPT_HELP,
	OPT_COMMENT, OPT_ACCOUNT, OPT_STATUS, OPT_FINDINGS, OPT_CONFIRM, OPT_ROUTINES,
	OPT_FORMAT, OPT_OUT, OPT_FROM, OPT_TO, OPT_SIZE, OPT_SEED, OPT_ROUTINE, OPT_CASE,
	OPT_SESSION, OPT_BACKUP, OPT_ETC };

/* Parses options from argv[1..], allowing those in `ok` (0-ended);
 * returns the index of the first operand or -1 after a message. --help
 * prints a pointer to the man page and exits. */
int parse(const char *cmd, int argc, char **argv, const int *ok, struct opts *o);
void opts_free(struct opts *o);
/* The exit status for a log status. */
int exit_for(enum log_status s);
/* A line through the sanitiser. */
void print_clean(FILE *out, const char *s);
/* "rutin CMD: message" on stderr; returns the exit status. */
int report(const char *cmd, const struct log_error *err);
/* True when everything written to standard output reached it. */
bool stdout_ok(void);
int output_failed(const char *cmd);
/* Opens the log named in the options, asking for the passphrase (or the
 * recovery key) when needed. */
enum log_status open_log(const char *cmd, const struct opts *o, struct log **log,
    struct log_error *err);
/* Closes a log open_log opened, saying first what went wrong with the
 * account's own chain since (db/own.c: its record could not be kept). */
void close_log(struct log **log);

/* One field of CSV as rutin writes it (export.c: ';', quoting, no formula
 * cells), then ';' or, for the last, CRLF. */
void csv_write_field(FILE *out, const char *s, bool last);
/* A JSON string (RFC 8259), control characters and DEL as \u escapes,
 * so nothing raw reaches a terminal. */
void json_string(FILE *out, const char *s);
/* The byte order mark a CSV file begins with. */
#define CSV_BOM "\xef\xbb\xbf"

#endif

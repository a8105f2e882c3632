/* What the commands share besides the path (cmd.h): opening the log
 * (asking for the passphrase), and writing output safely. */
#ifndef RUTIN_CMDLINE_H
#define RUTIN_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/options.h"
#include "db/log.h"

/* "rutin CMD: " on `out` before a message ("rutin: " for the interface,
 * whose cmd is ""). */
void cmdline_prefix(FILE *out, const char *cmd);
/* A progress bar on standard error ("rekeying [####  ]  40%"), when that
 * is a terminal; ctx is the label. A log_progress_fn. */
void cmdline_progress(void *ctx, int percent);
/* A line through the sanitiser. */
void cmdline_print_clean(FILE *out, const char *s);
/* True when everything written to standard output reached it. */
bool cmdline_stdout_ok(void);
int cmdline_output_failed(const char *cmd);
/* Opens the log named in the options, asking for the passphrase (or the
 * recovery key) when needed. */
enum log_status cmdline_open_log(const char *cmd, const struct opts *o, struct log **log,
    struct log_error *err);
/* Closes a log cmdline_open_log opened, saying first what went wrong with the
 * account's own chain since (db/own.c: its record could not be kept). */
void cmdline_close_log(struct log **log);

struct catalog;
/* The routines of a command that reads runs (review, export, summary,
 * report, verify's check of the findings cache): the configured files,
 * and every text the log released, so that a run bound to an earlier
 * release replays; *own_dir as catalog_load_configured gives it. A log
 * whose releases cannot be read is said on stderr (its runs of earlier
 * texts then say their routine changed). */
void cmdline_load_catalog(const char *cmd, struct log *log, const struct opts *o,
    struct catalog *c, char **own_dir);

/* One field of CSV as rutin writes it (export.c: ';', quoting, no formula
 * cells), then ';' or, for the last, CRLF. */
void cmdline_csv_field(FILE *out, const char *s, bool last);
/* A JSON string (RFC 8259), control characters and DEL as \u escapes,
 * so nothing raw reaches a terminal. */
void cmdline_json_string(FILE *out, const char *s);
/* The byte order mark a CSV file begins with. */
#define CSV_BOM "\xef\xbb\xbf"

/* Seals the log where the config files send seals (read here: a command
 * given --db has not read them), after a change to the accounts or a
 * restore (rutin seal itself prints the line). */
enum cmdline_seal {
	CMDLINE_SEALED,       /* delivered to every destination */
	CMDLINE_NO_DEST,      /* the config names none: nothing sent */
	CMDLINE_NOT_SEALED,   /* not delivered, or the config unreadable: `why` */
};
enum cmdline_seal cmdline_seal_change(struct log *log, char *why, size_t why_size);

#endif

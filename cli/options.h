/* The command line's options, one line each: its name after "--", its
 * kind (STR: takes a value; FLAG: takes none; FD: a file descriptor;
 * SECS: seconds, 0 to a day; COUNT: a whole number, 0 to 10000; DIRS: a folder, and the option may repeat), the
 * field of struct opts it sets, and what its value is called in --help.
 * A new option is one line here and a bit in the entries (cmd.h) of the
 * commands that take it. --quiet is also -q, --help also -h. */
#ifndef RUTIN_OPTIONS_H
#define RUTIN_OPTIONS_H

#include <stdint.h>

#define CLI_OPTIONS(X) \
	X(DB,             "db",                STR,  db,             "FILE") \
	X(UNIT,           "unit",              STR,  unit,           "NAME") \
	X(USER,           "user",              STR,  user,           "NAME") \
	X(PASS_FD,        "passphrase-fd",     FD,   pass_fd,        "N") \
	X(NEW_PASS_FD,    "new-passphrase-fd", FD,   new_pass_fd,    "N") \
	X(RECOVERY,       "recovery",          FLAG, recovery,       NULL) \
	X(ROLE,           "role",              STR,  role,           "ROLE") \
	X(RUN,            "run",               STR,  run,            "RUN") \
	X(REBUILD,        "rebuild",           FLAG, rebuild,        NULL) \
	X(SEALS,          "seals",             STR,  seals,          "FILE") \
	X(REQUIRE_SEALED, "require-sealed",    FLAG, require_sealed, NULL) \
	X(LOG_ID,         "log-id",            STR,  log_id,         "ID") \
	X(BACKUP,         "backup",            FLAG, backup,         NULL) \
	X(COMMENT,        "comment",           STR,  comment,        "TEXT") \
	X(STEP,           "step",              STR,  step,           "STEP") \
	X(ACCOUNT,        "account",           STR,  account,        "NAME") \
	X(STATUS,         "status",            STR,  status,         "STATUS") \
	X(FINDINGS,       "findings",          FLAG, findings,       NULL) \
	X(FINDING,        "finding",           STR,  finding,        "KIND") \
	X(CONFIRM,        "confirm",           FLAG, confirm,        NULL) \
	X(ROUTINES,       "routines",          DIRS, routines,       "DIR") \
	X(ROUTINE,        "routine",           STR,  routine,        "ID") \
	X(CASE,           "case",              STR,  case_text,      "TEXT") \
	X(FORMAT,         "format",            STR,  format,         "FORMAT") \
	X(LANG,           "lang",              STR,  lang,           "sv|en") \
	X(OUT,            "out",               STR,  out,            "FILE") \
	X(INTO,           "into",              STR,  into,           "DIR") \
	X(KEEP_DAILY,     "keep-daily",        COUNT, keep_daily,    "N") \
	X(KEEP_MONTHLY,   "keep-monthly",      COUNT, keep_monthly,  "N") \
	X(FROM,           "from",              STR,  from,           "DATE|COPY") \
	X(TO,             "to",                STR,  to,             "DATE|NAME") \
	X(SIZE,           "size",              STR,  size,           "N") \
	X(SEED,           "seed",              STR,  seed,           "S") \
	X(SESSION,        "session",           STR,  session,        "ID") \
	X(PERIOD,         "period",            STR,  period,         "PERIOD") \
	X(WITH_NAMES,     "with-names",        FLAG, with_names,     NULL) \
	X(WITH_TEXTS,     "with-texts",        FLAG, with_texts,     NULL) \
	X(ETC,            "etc",               STR,  etc,            "DIR") \
	X(IDLE_LOCK,      "idle-lock",         SECS, idle_lock,      "SECONDS") \
	X(QUIET,          "quiet",             FLAG, quiet,          NULL) \
	X(NOTE,           "note",              STR,  note,           "TEXT") \
	X(DRY_RUN,        "dry-run",           FLAG, dry_run,        NULL) \
	X(ARCHIVE,        "archive",           STR,  archive,        "DIR") \
	X(DAYS,           "days",              STR,  days,           "N") \
	X(DECISION,       "decision",          STR,  decision,       "TEXT") \
	X(HELP,           "help",              FLAG, help,           NULL)

enum opt_id {
#define X(id, name, kind, field, arg) OPT_##id,
	CLI_OPTIONS(X)
#undef X
	OPT_COUNT
};

/* An option's bit in a command's entry. */
#define OPT(id) (UINT64_C(1) << OPT_##id)
/* What every command that opens a log takes (--unit: the log of a unit,
 * tui/conffile.h). */
#define OPT_OPEN (OPT(DB) | OPT(UNIT) | OPT(USER) | OPT(PASS_FD))

typedef const char *opt_STR;
typedef int opt_FLAG;
typedef int opt_FD;
typedef int opt_SECS;
typedef int opt_COUNT;
#define OPT_MAX_DIRS 8
typedef struct {
	const char *dir[OPT_MAX_DIRS];
	int count;
} opt_DIRS;

struct opts {
#define X(id, name, kind, field, arg) opt_##kind field;
	CLI_OPTIONS(X)
#undef X
	int db_given;              /* --db was on the command line */
	int user_given;            /* --user was */
	char *db_default;          /* the XDG default, when no --db or config */
	const char *db_config;     /* the config's `db`, when no --db (cmd_ctx's cfg) */
};

#endif

/* SQL helpers every file of db/ uses: errors as the user reads them,
 * plain execution, the statement cache and write transactions. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

#define BUSY_RETRIES 50

enum log_status
log_fail(struct log_error *err, enum log_status st, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->status = st;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return st;
}

enum log_status
log_sql_fail(struct log *log, int rc, const char *what, struct log_error *err)
{
	const char *path = log != NULL ? log->path : "?";
	const char *detail = log != NULL && log->db != NULL ?
	    sqlite3_errmsg(log->db) : sqlite3_errstr(rc);

	/* A write past RLIMIT_FSIZE or onto a full disk is "full" to users. */
	if ((rc & 0xff) == SQLITE_IOERR && log != NULL && log->db != NULL &&
	    (sqlite3_system_errno(log->db) == ENOSPC ||
	    sqlite3_system_errno(log->db) == EFBIG))
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return log_fail(err, LOG_E_FULL, _("%s: %s: the disk is full (or the "
		    "file size limit reached); nothing was written"), path, what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return log_fail(err, LOG_E_BUSY, _("%s: %s: the log stayed busy with "
		    "other writers; try again"), path, what);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return log_fail(err, LOG_E_CORRUPT, _("%s: %s: the file is damaged "
		    "(%s)"), path, what, detail);
	default:
		return log_fail(err, LOG_E_IO, _("%s: %s failed: %s"), path, what, detail);
	}
}

int
log_exec(struct log *log, const char *sql)
{
	return sqlite3_exec(log->db, sql, NULL, NULL, NULL);
}

int64_t
log_query_int64(struct log *log, const char *sql, int64_t otherwise)
{
	sqlite3_stmt *st;
	int64_t n = otherwise;

	if (sqlite3_prepare_v2(log->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ---- The statement cache ---- */

sqlite3_stmt *
log_stmt(struct log *log, const char *sql, const char *prefix, int *rc)
{
	const char *mark = strstr(sql, "%s");
	struct stmt_entry *e;
	char *text;
	size_t i;

	for (i = 0; i < log->cache_count; i++) {
		e = &log->cache[i];
		if (e->sql == sql && strcmp(e->prefix, prefix) == 0) {
			sqlite3_reset(e->st);
			sqlite3_clear_bindings(e->st);
			*rc = SQLITE_OK;
			return e->st;
		}
	}
	/* Table names are fixed strings, never input: "%s" marks the prefix. */
	text = mark != NULL ? xasprintf("%.*s%s%s", (int)(mark - sql), sql, prefix, mark + 2) :
	    xstrdup(sql);
	if (log->cache_count == log->cache_cap) {
		log->cache_cap = log->cache_cap ? 2 * log->cache_cap : 16;
		log->cache = xreallocarray(log->cache, log->cache_cap, sizeof(*log->cache));
	}
	e = &log->cache[log->cache_count];
	memset(e, 0, sizeof(*e));
	*rc = sqlite3_prepare_v2(log->db, text, -1, &e->st, NULL);
	free(text);
	if (*rc != SQLITE_OK)
		return NULL;
	e->sql = sql;
	snprintf(e->prefix, sizeof(e->prefix), "%s", prefix);
	log->cache_count++;
	return e->st;
}

/* Finalises every entry, or with checks_only those of the check tables. */
static void
forget(struct log *log, bool checks_only)
{
	size_t i, kept = 0;

	for (i = 0; i < log->cache_count; i++) {
		struct stmt_entry *e = &log->cache[i];

		if (checks_only && e->prefix[0] == '\0') {
			log->cache[kept++] = *e;
			continue;
		}
		sqlite3_finalize(e->st);
	}
	log->cache_count = kept;
}

void
log_forget_statements(struct log *log)
{
	forget(log, false);
	free(log->cache);
	log->cache = NULL;
	log->cache_cap = 0;
}

void
log_forget_check_statements(struct log *log)
{
	forget(log, true);
}

/* ---- Transactions ---- */

static const char sql_begin[] = "BEGIN IMMEDIATE;";
static const char sql_commit[] = "COMMIT;";

/* Runs a cached statement without results (parsed once per log). */
static int
run_cached(struct log *log, const char *sql)
{
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql, "", &rc);

	if (st == NULL)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum log_status
log_begin(struct log *log, struct log_error *err)
{
	int rc, tries = 0;

	/* BEGIN IMMEDIATE takes the write lock first; busy_timeout waits for
	 * it, and a few retries ride out a long queue of writers. */
	while ((rc = run_cached(log, sql_begin)) == SQLITE_BUSY &&
	    ++tries < BUSY_RETRIES)
		usleep(10000);
	return rc == SQLITE_OK ? LOG_OK : log_sql_fail(log, rc, _("writing"), err);
}

enum log_status
log_commit(struct log *log, struct log_error *err)
{
	int rc = run_cached(log, sql_commit);

	if (rc == SQLITE_OK) {
		own_commit(log);
		return LOG_OK;
	}
	log_rollback(log);
	return log_sql_fail(log, rc, _("writing"), err);
}

void
log_rollback(struct log *log)
{
	if (!sqlite3_get_autocommit(log->db))
		log_exec(log, "ROLLBACK;");
	own_rollback(log);
}


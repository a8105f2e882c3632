/* The findings cache: counts rutin computed from a finished run's events
 * and its routine, kept so the supervisors' queue need not replay every
 * run. Not evidence, not events: see db/FORMAT.md. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

static const char sql_store[] = "INSERT OR REPLACE INTO findings_cache (run_id,"
    " last_seq, routine_hash, stable_until, count, critical, active_ms, kinds, pace_ms,"
    " routine_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);";

static int
store_one(struct log *log, const struct log_findings *f)
{
	sqlite3_stmt *st;
	int rc;

	st = log_stmt(log, sql_store, "", &rc);
	if (st == NULL)
		return rc;
	sqlite3_bind_text(st, 1, f->run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->last_seq);
	sqlite3_bind_text(st, 3, f->routine_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f->stable_until);
	sqlite3_bind_int64(st, 5, f->count);
	sqlite3_bind_int64(st, 6, f->critical);
	sqlite3_bind_int64(st, 7, f->active_ms);
	sqlite3_bind_int64(st, 8, f->kinds);
	sqlite3_bind_int64(st, 9, f->pace_ms);
	sqlite3_bind_text(st, 10, f->routine_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum log_status
log_findings_store(struct log *log, const struct log_findings *rows, size_t n,
    struct log_error *err)
{
	enum log_status s;
	size_t i;
	int rc = SQLITE_OK;

	if (n == 0)
		return LOG_OK;
	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_one(log, &rows[i]);
	log->cache_writes++;
	if (rc != SQLITE_OK) {
		s = log_sql_fail(log, rc, _("storing findings"), err);
		log_rollback(log);
		return s;
	}
	return log_commit(log, err);
}

/* The middle of the paces of a routine's runs, from the index: how many
 * there are, then the one or two in the middle. */
static const char sql_pace_count[] = "SELECT count(*) FROM findings_cache"
    " WHERE routine_id = ? AND pace_ms >= 0;";
static const char sql_pace_middle[] = "SELECT pace_ms FROM findings_cache"
    " WHERE routine_id = ?1 AND pace_ms >= 0 ORDER BY pace_ms LIMIT 2 OFFSET ?2;";

static enum log_status
read_paces(struct log *log, const char *routine_id, int64_t *count, int64_t middle[2],
    struct log_error *err)
{
	sqlite3_stmt *st;
	int rc, k = 0;

	*count = 0;
	middle[0] = middle[1] = -1;
	if ((st = log_stmt(log, sql_pace_count, "", &rc)) == NULL)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, routine_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return log_sql_fail(log, rc, _("reading"), err);
	if (*count == 0)
		return LOG_OK;
	if ((st = log_stmt(log, sql_pace_middle, "", &rc)) == NULL)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, routine_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (*count - 1) / 2);
	while (k < 2 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		middle[k++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	if (*count % 2 == 1 || k < 2)
		middle[1] = middle[0];
	return LOG_OK;
}

/* A routine's paces as read. */
struct pace_memo {
	char routine_id[65];
	int64_t count, middle[2];
};

static const char sql_data_version[] = "PRAGMA data_version;";

/* SQLite's data_version, or -1: through the statement cache, since it is
 * asked once a run replayed (a statement prepared anew allocates, and
 * each allocation is locked and unlocked under memory security). */
static int64_t
data_version(struct log *log)
{
	int64_t v = -1;
	sqlite3_stmt *st;
	int rc;

	if ((st = log_stmt(log, sql_data_version, "", &rc)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

/* Counting a routine's paces reads its whole range of the index (40,000
 * runs: a millisecond): read once, and again only when another
 * connection changed the file or this one wrote cache rows. */
enum log_status
log_routine_paces(struct log *log, const char *routine_id, int64_t *count,
    int64_t middle[2], struct log_error *err)
{
	int64_t version = data_version(log);
	struct pace_memo *m;
	enum log_status st;
	size_t i;

	if (version < 0 || version != log->paces_version ||
	    log->cache_writes != log->paces_writes) {
		log->pace_count = 0;
		log->paces_version = version;
		log->paces_writes = log->cache_writes;
	}
	for (i = 0; i < log->pace_count; i++) {
		m = &log->paces[i];
		if (strcmp(m->routine_id, routine_id) == 0) {
			*count = m->count;
			middle[0] = m->middle[0];
			middle[1] = m->middle[1];
			return LOG_OK;
		}
	}
	if ((st = read_paces(log, routine_id, count, middle, err)) != LOG_OK ||
	    version < 0 || strlen(routine_id) >= sizeof(m->routine_id))
		return st;
	log->paces = xreallocarray(log->paces, log->pace_count + 1, sizeof(*log->paces));
	m = &log->paces[log->pace_count++];
	snprintf(m->routine_id, sizeof(m->routine_id), "%s", routine_id);
	m->count = *count;
	m->middle[0] = middle[0];
	m->middle[1] = middle[1];
	return LOG_OK;
}

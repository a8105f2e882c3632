/* One session at a time on a run: a lease in the log (table leases) that
 * names the session's account, process and record in FILE.lock. A lease
 * whose session is gone (its record no longer locked: the process ended,
 * however) is taken over without asking. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "db/lock.h"
#include "db/log_impl.h"

static const char sql_holder[] = "SELECT account, pid, record, since FROM leases"
    " WHERE run_id = ?;";
static const char sql_take[] = "INSERT OR REPLACE INTO leases (run_id, account,"
    " pid, record, since) VALUES (?, ?, ?, ?, ?);";
static const char sql_release[] = "DELETE FROM leases WHERE run_id = ? AND"
    " pid = ? AND record = ?;";
static const char sql_release_all[] = "DELETE FROM leases WHERE pid = ? AND"
    " record = ?;";

static void
since_text(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(out, 32,
	    t > clock_now() - 86400 ? "%H:%M" : "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, 32, "?");
}

/* Within the transaction: who holds it now (alive), if anyone else. */
static enum log_status
held_by_other(struct log *log, const char *run_id, char *who, size_t who_len,
    struct log_error *err)
{
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql_holder, "", &rc);
	enum log_status s = LOG_OK;

	if (st == NULL)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long pid = (long)sqlite3_column_int64(st, 1);
		int record = sqlite3_column_int(st, 2);
		char when[32];

		if ((pid != (long)getpid() || record != lock_record(log->lock)) &&
		    lock_record_alive(log->lock, record, pid)) {
			since_text(sqlite3_column_int64(st, 3), when);
			snprintf(who, who_len, _("%s since %s"),
			    (const char *)sqlite3_column_text(st, 0), when);
			s = LOG_E_BUSY;
		}
	} else if (rc != SQLITE_DONE) {
		s = log_sql_fail(log, rc, _("reading"), err);
	}
	sqlite3_reset(st);
	return s;
}

enum log_status
log_run_take(struct log *log, const char *run_id, bool force, struct log_error *err)
{
	sqlite3_stmt *st;
	enum log_status s;
	char who[128];
	int rc;

	if (force && log->role != ROLE_SUPERVISOR)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may take over a "
		    "run that another session has open"));
	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	s = held_by_other(log, run_id, who, sizeof(who), err);
	if (s == LOG_E_BUSY && !force) {
		log_rollback(log);
		return log_fail(err, LOG_E_BUSY, _("this run is open in another session "
		    "by %s; it can be resumed when that session closes, or taken over "
		    "by a supervisor"), who);
	}
	if (s != LOG_OK && s != LOG_E_BUSY) {
		log_rollback(log);
		return s;
	}
	if ((st = log_stmt(log, sql_take, "", &rc)) == NULL) {
		log_rollback(log);
		return log_sql_fail(log, rc, _("writing"), err);
	}
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, log->user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)getpid());
	sqlite3_bind_int(st, 4, lock_record(log->lock));
	sqlite3_bind_int64(st, 5, (sqlite3_int64)clock_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_rollback(log);
		return log_sql_fail(log, rc, _("writing"), err);
	}
	if ((s = log_commit(log, err)) == LOG_OK)
		log->leased = true;
	return s;
}

static void
release(struct log *log, const char *sql, const char *run_id)
{
	int rc, i = 1;
	sqlite3_stmt *st = log_stmt(log, sql, "", &rc);

	if (st == NULL)
		return;
	if (run_id != NULL)
		sqlite3_bind_text(st, i++, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)getpid());
	sqlite3_bind_int(st, i, lock_record(log->lock));
	sqlite3_step(st);
	sqlite3_reset(st);
}

void
log_run_release(struct log *log, const char *run_id)
{
	release(log, sql_release, run_id);
}

void
log_release_all_runs(struct log *log)
{
	if (log->leased && log->db != NULL && log->lock != NULL)
		release(log, sql_release_all, NULL);
}

/* Summary tables derived from the events, and the checks of `verify`. The
 * event types named here are the contract with the run engine
 * (checklists/run.h) and the account commands; db/FORMAT.md lists them. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

void log_event_hash(const struct log_event *ev, unsigned char out[32]);
void log_event_from_row(sqlite3_stmt *st, struct log_event *ev);

/* Runs one statement with its table name prefixed (where "%s" stands);
 * binds the event's time as ?1 and the texts as ?2... (NULL: SQL NULL). */
static int
run_sql(sqlite3 *db, const char *sql_with_prefix, const char *prefix, int64_t time,
    const char *a, const char *b, const char *c, const char *d, const char *e,
    const char *f, const char *g)
{
	const char *v[7] = { a, b, c, d, e, f, g };
	const char *mark = strstr(sql_with_prefix, "%s");
	char sql[512];
	sqlite3_stmt *st;
	int rc, i, n;

	/* Table names are fixed strings, never input: "%s" marks the prefix. */
	if (mark == NULL)
		return SQLITE_MISUSE;
	snprintf(sql, sizeof(sql), "%.*s%s%s", (int)(mark - sql_with_prefix),
	    sql_with_prefix, prefix, mark + 2);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	n = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, time);
	for (i = 2; i <= n && i - 2 < 7; i++)
		if (v[i - 2] != NULL)
			sqlite3_bind_text(st, i, v[i - 2], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char *
run_status_after(const char *type)
{
	if (strcmp(type, "run.paused") == 0)
		return "paused";
	if (strcmp(type, "run.resumed") == 0)
		return "active";
	if (strcmp(type, "run.completed") == 0)
		return "completed";
	if (strcmp(type, "run.aborted") == 0)
		return "aborted";
	return NULL;
}

int
summary_apply(sqlite3 *db, const char *prefix, const struct log_event *ev)
{
	struct log_field *f;
	size_t n;
	const char *status;
	char version[32];
	int rc = SQLITE_OK;
	size_t i;

	if (!fields_from_json(ev->fields, &f, &n))
		return SQLITE_CORRUPT;
	if (strcmp(ev->type, "account.added") == 0) {
		rc = run_sql(db, "INSERT OR REPLACE INTO %saccounts (since, name, role,"
		    " active) VALUES (?, ?, ?, 1);", prefix, ev->time,
		    fields_text(f, n, "name"), fields_text(f, n, "role"), NULL, NULL,
		    NULL, NULL, NULL);
	} else if (strcmp(ev->type, "account.removed") == 0) {
		rc = run_sql(db, "UPDATE %saccounts SET since = ?, active = 0"
		    " WHERE name = ?;", prefix, ev->time, fields_text(f, n, "name"),
		    NULL, NULL, NULL, NULL, NULL, NULL);
	} else if (strcmp(ev->type, "account.role_changed") == 0) {
		rc = run_sql(db, "UPDATE %saccounts SET since = ?, role = ?2"
		    " WHERE name = ?3;", prefix, ev->time, fields_text(f, n, "role"),
		    fields_text(f, n, "name"), NULL, NULL, NULL, NULL, NULL);
	} else if (strcmp(ev->type, "run.started") == 0 && ev->run_id != NULL) {
		version[0] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(f[i].name, "routine_version") == 0 && f[i].text == NULL)
				snprintf(version, sizeof(version), "%" PRId64, f[i].number);
		rc = run_sql(db, "INSERT INTO %sruns (started, last_activity, run_id,"
		    " routine_id, routine_version, routine_hash, case_ref, mode, account,"
		    " status, deviations) VALUES (?1, ?1, ?2, ?3, CAST(?4 AS INTEGER), ?5,"
		    " ?6, ?7, ?8, 'active', 0);", prefix, ev->time, ev->run_id,
		    fields_text(f, n, "routine_id"), version[0] ? version : NULL,
		    fields_text(f, n, "routine_hash"), fields_text(f, n, "case_ref"),
		    fields_text(f, n, "mode"), ev->account);
	} else if (ev->run_id != NULL) {
		status = run_status_after(ev->type);
		rc = run_sql(db, "UPDATE %sruns SET last_activity = ?1,"
		    " status = coalesce(?2, status),"
		    " deviations = deviations + CAST(?3 AS INTEGER) WHERE run_id = ?4;",
		    prefix, ev->time, status,
		    strcmp(ev->type, "deviation.recorded") == 0 ? "1" : "0", ev->run_id,
		    NULL, NULL, NULL, NULL);
	}
	fields_free(f, n);
	return rc;
}

/* ---- verify ---- */

static void
report(struct log_verify *r, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
report(struct log_verify *r, int64_t seq, const char *fmt, ...)
{
	size_t used = strlen(r->problem);
	va_list ap;

	/* Every kind of problem is reported, one line each; the first event
	 * found bad is the one to start from. */
	if (r->first_bad_seq == 0 && seq > 0)
		r->first_bad_seq = seq;
	if (used > 0 && used < sizeof(r->problem) - 1)
		r->problem[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(r->problem + used, sizeof(r->problem) - used, fmt, ap);
	va_end(ap);
}

/* SQLCipher checks every page's HMAC as it decrypts it. */
static void
check_pages(struct log *log, struct log_verify *r)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(log->db, "PRAGMA integrity_check;", -1, &st, NULL);
	const char *first = NULL;

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		first = (const char *)sqlite3_column_text(st, 0);
		if (first != NULL && strcmp(first, "ok") != 0)
			report(r, 0, _("the database structure is damaged: %s"), first);
	} else {
		report(r, 0, _("pages are damaged or were changed outside rutin: %s"),
		    sqlite3_errmsg(log->db));
	}
	sqlite3_finalize(st);
}

static void
check_guards(struct log *log, struct log_verify *r)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(log->db, "SELECT count(*) FROM sqlite_master WHERE"
	    " type = 'trigger' AND name IN ('events_no_update', 'events_no_delete');",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n != 2)
		report(r, 0, _("the append-only guards on the events were removed"));
}

static void
check_chain(struct log *log, struct log_verify *r)
{
	unsigned char prev[32] = { 0 }, want[32];
	sqlite3_stmt *st;
	struct log_event ev;
	int64_t expect = 1;
	bool bad = false;
	int rc;

	rc = sqlite3_prepare_v2(log->db, "SELECT seq, id, time, account, run_id,"
	    " type, fields, prev_hash, hash FROM events ORDER BY seq;", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		r->events++;
		log_event_hash(&ev, want);
		if (bad) {
			/* the first break is reported; later events are counted */
		} else if (ev.seq != expect) {
			report(r, expect, _("event %" PRId64 " is missing (the next is %"
			    PRId64 ")"), expect, ev.seq);
			bad = true;
		} else if (sodium_memcmp(want, ev.hash, 32) != 0) {
			report(r, ev.seq, _("event %" PRId64 " was altered: its content "
			    "does not match its hash"), ev.seq);
			bad = true;
		} else if (sodium_memcmp(ev.prev_hash, prev, 32) != 0) {
			report(r, ev.seq, _("event %" PRId64 " does not follow the event "
			    "before it (the chain is broken)"), ev.seq);
			bad = true;
		}
		memcpy(prev, ev.hash, 32);
		expect = ev.seq + 1;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE && !bad)
		report(r, expect, _("events from %" PRId64 " on cannot be read: %s"),
		    expect, sqlite3_errmsg(log->db));
	sqlite3_finalize(st);
}

/* Fills the temp.check_* tables from the events. */
static int
recompute(struct log *log, const char *prefix)
{
	sqlite3_stmt *st;
	struct log_event ev;
	int rc = sqlite3_prepare_v2(log->db, "SELECT seq, id, time, account, run_id,"
	    " type, fields, prev_hash, hash FROM events ORDER BY seq;", -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		rc = summary_apply(log->db, prefix, &ev);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int64_t
count_rows(struct log *log, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(log->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
check_summaries(struct log *log, struct log_verify *r)
{
	int rc;

	log_exec(log, "DROP TABLE IF EXISTS temp.check_runs;"
	    "DROP TABLE IF EXISTS temp.check_accounts;");
	rc = log_exec(log, "CREATE TEMP TABLE check_runs AS SELECT * FROM runs WHERE 0;"
	    "CREATE TEMP TABLE check_accounts AS SELECT * FROM accounts WHERE 0;");
	if (rc == SQLITE_OK)
		rc = recompute(log, "temp.check_");
	if (rc != SQLITE_OK) {
		report(r, 0, _("the summaries cannot be recomputed: %s"),
		    sqlite3_errmsg(log->db));
	} else {
		if (count_rows(log, "SELECT count(*) FROM (SELECT * FROM runs EXCEPT"
		    " SELECT * FROM temp.check_runs);") != 0 ||
		    count_rows(log, "SELECT count(*) FROM (SELECT * FROM temp.check_runs"
		    " EXCEPT SELECT * FROM runs);") != 0)
			report(r, 0, _("the run summaries do not match the events (an "
			    "event may have been removed); see rutin verify --rebuild"));
		if (count_rows(log, "SELECT count(*) FROM (SELECT * FROM accounts EXCEPT"
		    " SELECT * FROM temp.check_accounts);") != 0 ||
		    count_rows(log, "SELECT count(*) FROM (SELECT * FROM"
		    " temp.check_accounts EXCEPT SELECT * FROM accounts);") != 0)
			report(r, 0, _("the account table does not match the events"));
	}
	log_exec(log, "DROP TABLE IF EXISTS temp.check_runs;"
	    "DROP TABLE IF EXISTS temp.check_accounts;");
}

enum log_status
log_verify(struct log *log, struct log_verify *r, struct log_error *err)
{
	memset(r, 0, sizeof(*r));
	check_chain(log, r);
	check_pages(log, r);
	check_guards(log, r);
	check_summaries(log, r);
	if (r->problem[0] == '\0')
		return LOG_OK;
	return log_fail(err, LOG_E_CORRUPT, "%s: %s", log->path, r->problem);
}

enum log_status
log_rebuild(struct log *log, struct log_error *err)
{
	enum log_status s;
	int rc;

	if (log->role != ROLE_SUPERVISOR)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may rebuild the "
		    "summaries"));
	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	rc = log_exec(log, "DELETE FROM runs; DELETE FROM accounts;");
	if (rc == SQLITE_OK)
		rc = recompute(log, "");
	if (rc != SQLITE_OK) {
		s = log_sql_fail(log, rc, _("rebuilding"), err);
		log_rollback(log);
		return s;
	}
	return log_commit(log, err);
}

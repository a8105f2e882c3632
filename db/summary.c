/* Summary tables derived from the events. The event types named here are
 * the contract with the run engine (checklists/run.h) and the account
 * commands; db/FORMAT.md lists them. verify.c checks them. */
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


/* Runs one cached statement with its table name prefixed (where "%s"
 * stands); binds the event's time as ?1 and the texts as ?2... (NULL: SQL
 * NULL). */
static int
run_sql(struct log *log, const char *sql, const char *prefix, int64_t time,
    const char *a, const char *b, const char *c, const char *d, const char *e,
    const char *f, const char *g)
{
	const char *v[7] = { a, b, c, d, e, f, g };
	sqlite3_stmt *st;
	int rc, i, n;

	st = log_stmt(log, sql, prefix, &rc);
	if (st == NULL)
		return rc;
	n = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, time);
	for (i = 2; i <= n && i - 2 < 7; i++)
		if (v[i - 2] != NULL)
			sqlite3_bind_text(st, i, v[i - 2], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char sql_account_added[] = "INSERT OR REPLACE INTO %saccounts (since,"
    " name, role, active) VALUES (?, ?, ?, 1);";
static const char sql_account_removed[] = "UPDATE %saccounts SET since = ?,"
    " active = 0 WHERE name = ?;";
static const char sql_role_changed[] = "UPDATE %saccounts SET since = ?, role = ?2"
    " WHERE name = ?3;";
static const char sql_run_started[] = "INSERT INTO %sruns (started, last_activity,"
    " run_id, routine_id, routine_version, routine_hash, case_ref, mode, account,"
    " status, deviations) VALUES (?1, ?1, ?2, ?3, CAST(?4 AS INTEGER), ?5, ?6, ?7,"
    " ?8, 'active', 0);";
static const char sql_run_event[] = "UPDATE %sruns SET last_activity = ?1,"
    " status = coalesce(?2, status), deviations = deviations + CAST(?3 AS INTEGER)"
    " WHERE run_id = ?4;";

const char *
summary_run_status_after(const char *type)
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
summary_apply(struct log *log, const char *prefix, const struct log_event *ev)
{
	struct log_field *f = NULL;
	size_t n = 0, i;
	char version[32];
	int rc = SQLITE_OK;
	bool account = strncmp(ev->type, "account.", 8) == 0;
	bool started = strcmp(ev->type, "run.started") == 0 && ev->run_id != NULL;

	/* Most events only touch their run's row; only these need fields. */
	if ((account || started) && !fields_from_json(ev->fields, &f, &n))
		return SQLITE_CORRUPT;
	if (strcmp(ev->type, "account.added") == 0) {
		rc = run_sql(log, sql_account_added, prefix, ev->time,
		    fields_text(f, n, "name"), fields_text(f, n, "role"), NULL, NULL,
		    NULL, NULL, NULL);
	} else if (strcmp(ev->type, "account.removed") == 0) {
		rc = run_sql(log, sql_account_removed, prefix, ev->time, fields_text(f, n, "name"),
		    NULL, NULL, NULL, NULL, NULL, NULL);
	} else if (strcmp(ev->type, "account.role_changed") == 0) {
		rc = run_sql(log, sql_role_changed, prefix, ev->time, fields_text(f, n, "role"),
		    fields_text(f, n, "name"), NULL, NULL, NULL, NULL, NULL);
	} else if (started) {
		version[0] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(f[i].name, "routine_version") == 0 && f[i].text == NULL)
				snprintf(version, sizeof(version), "%" PRId64, f[i].number);
		rc = run_sql(log, sql_run_started, prefix, ev->time, ev->run_id,
		    fields_text(f, n, "routine_id"), version[0] ? version : NULL,
		    fields_text(f, n, "routine_hash"), fields_text(f, n, "case_ref"),
		    fields_text(f, n, "mode"), ev->account);
	} else if (ev->run_id != NULL) {
		rc = run_sql(log, sql_run_event, prefix, ev->time, summary_run_status_after(ev->type),
		    strcmp(ev->type, "deviation.recorded") == 0 ? "1" : "0", ev->run_id,
		    NULL, NULL, NULL, NULL);
	}
	fields_free(f, n);
	return rc;
}

int
summary_run_update(struct log *log, const char *prefix, const char *run_id,
    int64_t last_activity, const char *status, int64_t deviations)
{
	char dev[32];

	snprintf(dev, sizeof(dev), "%" PRId64, deviations);
	return run_sql(log, sql_run_event, prefix, last_activity, status, dev, run_id,
	    NULL, NULL, NULL, NULL);
}

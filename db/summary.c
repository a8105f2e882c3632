/* Summary tables derived from the events. What each event type does to
 * them comes from the vocabulary (common/vocab.h); db/FORMAT.md lists it.
 * verify.c checks them. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/log_impl.h"


/* Runs one cached statement with its table name prefixed (where "%s"
 * stands); binds the event's time as ?1 and the texts as ?2..?9 (NULL: SQL
 * NULL). */
static int
run_sql(struct log *log, const char *sql, const char *prefix, int64_t time,
    const char *a, const char *b, const char *c, const char *d, const char *e,
    const char *f, const char *g, const char *h)
{
	const char *v[8] = { a, b, c, d, e, f, g, h };
	sqlite3_stmt *st;
	int rc, i, n;

	st = log_stmt(log, sql, prefix, &rc);
	if (st == NULL)
		return rc;
	n = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, time);
	for (i = 2; i <= n && i - 2 < 8; i++)
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
    " status, deviations, review, review_seq, last_seq) VALUES (?1, ?1, ?2, ?3,"
    " CAST(?4 AS INTEGER), ?5, ?6, ?7, ?8, 'active', 0, '', 0, CAST(?9 AS INTEGER));";
/* A returned run completed again is a corrected one: back in the queue. */
static const char sql_run_event[] = "UPDATE %sruns SET last_activity = ?1,"
    " review = CASE WHEN ?2 = 'completed' AND review = 'returned' THEN 'corrected'"
    " ELSE review END, status = coalesce(?2, status),"
    " deviations = coalesce(CAST(?3 AS INTEGER), deviations),"
    " last_seq = CAST(?5 AS INTEGER) WHERE run_id = ?4;";
static const char sql_run_set[] = "UPDATE %sruns SET last_activity = ?1,"
    " status = coalesce(?2, status), deviations = CAST(?3 AS INTEGER),"
    " review = ?5, review_seq = CAST(?6 AS INTEGER), last_seq = CAST(?7 AS INTEGER)"
    " WHERE run_id = ?4;";
static const char sql_run_review[] = "UPDATE %sruns SET review = ?2,"
    " review_seq = CAST(?3 AS INTEGER) WHERE run_id = ?4 AND ?1 IS NOT NULL;";
static const char sql_run_owner[] = "UPDATE %sruns SET account = ?2"
    " WHERE run_id = ?3 AND ?1 IS NOT NULL;";
static const char sql_run_deviations[] = "SELECT deviations FROM %sruns"
    " WHERE run_id = ?;";
static const char sql_run_reasons[] = "SELECT type, fields FROM events"
    " WHERE run_id = ?1 AND seq <= ?2 ORDER BY seq;";

const char *
summary_run_status_after(const char *type)
{
	int t = event_type_of(type);

	return t >= 0 ? event_table[t].status : NULL;
}

void
summary_reasons_apply(struct reasons *r, const char *type, const char *step)
{
	unsigned flags = event_flags_of(type);
	size_t i;

	if (step == NULL || !(flags & (EVF_SETS_REASON | EVF_ENDS_REASON)))
		return;
	for (i = 0; i < r->count; i++)
		if (strcmp(r->steps[i], step) == 0)
			break;
	if ((flags & EVF_ENDS_REASON) && i < r->count) {
		free(r->steps[i]);
		r->steps[i] = r->steps[--r->count];
	} else if ((flags & EVF_SETS_REASON) && i == r->count) {
		if (r->count == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 8;
			r->steps = xreallocarray(r->steps, r->cap, sizeof(*r->steps));
		}
		r->steps[r->count++] = xstrdup(step);
	}
}

void
summary_reasons_free(struct reasons *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		free(r->steps[i]);
	free(r->steps);
	memset(r, 0, sizeof(*r));
}

/* The step an event's fields name, as a copy, or NULL. */
static char *
event_step(const char *json)
{
	struct log_field *f;
	size_t n;
	char *step = NULL;

	if (fields_from_json(json, &f, &n)) {
		if (fields_text(f, n, "step") != NULL)
			step = xstrdup(fields_text(f, n, "step"));
		fields_free(f, n);
	}
	return step;
}

/* How many steps of `ev`'s run have a standing deviation reason after it:
 * the run's events up to `ev` read again. */
static int
count_reasons(struct log *log, const struct log_event *ev, int64_t *count)
{
	struct reasons r = { NULL, 0, 0 };
	sqlite3_stmt *st;
	int rc;

	st = log_stmt(log, sql_run_reasons, "", &rc);
	if (st == NULL)
		return rc;
	sqlite3_bind_text(st, 1, ev->run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ev->seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		char *step;

		if (!(event_flags_of(type) & (EVF_SETS_REASON | EVF_ENDS_REASON)))
			continue;
		step = event_step((const char *)sqlite3_column_text(st, 1));
		summary_reasons_apply(&r, type, step);
		free(step);
	}
	sqlite3_reset(st);
	*count = (int64_t)r.count;
	summary_reasons_free(&r);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* An event of a run: its row's last activity and status, and its
 * deviations where the event can change them. An event that can only end
 * a reason reads the run's events only when the row says one stands. */
static int
apply_run_event(struct log *log, const char *prefix, const struct log_event *ev,
    const struct event_info *info)
{
	unsigned flags = info != NULL ? info->flags : 0;
	const char *status = info != NULL ? info->status : NULL;
	char value[32], seq[32];
	int64_t n = 0;
	sqlite3_stmt *st;
	int rc;

	if ((flags & EVF_ENDS_REASON) && !(flags & EVF_SETS_REASON)) {
		st = log_stmt(log, sql_run_deviations, prefix, &rc);
		if (st == NULL)
			return rc;
		sqlite3_bind_text(st, 1, ev->run_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
		if (n == 0) /* no reason stands, so none ends */
			flags = 0;
	}
	snprintf(seq, sizeof(seq), "%" PRId64, ev->seq);
	if (!(flags & (EVF_SETS_REASON | EVF_ENDS_REASON)))
		return run_sql(log, sql_run_event, prefix, ev->time, status, NULL,
		    ev->run_id, seq, NULL, NULL, NULL, NULL);
	if ((rc = count_reasons(log, ev, &n)) != SQLITE_OK)
		return rc;
	snprintf(value, sizeof(value), "%" PRId64, n);
	return run_sql(log, sql_run_event, prefix, ev->time, status, value, ev->run_id,
	    seq, NULL, NULL, NULL, NULL);
}

int
summary_apply(struct log *log, const char *prefix, const struct log_event *ev)
{
	struct log_field *f = NULL;
	size_t n = 0, i;
	char version[32], seq[32];
	int rc = SQLITE_OK, type = event_type_of(ev->type);
	const struct event_info *info = type >= 0 ? &event_table[type] : NULL;
	bool account = info != NULL && (info->flags & EVF_ACCOUNT);
	bool started = type == EV_RUN_STARTED && ev->run_id != NULL;

	/* Most events only touch their run's row; only these need fields. */
	if ((account || started) && !fields_from_json(ev->fields, &f, &n))
		return SQLITE_CORRUPT;
	if (type == EV_ACCOUNT_ADDED) {
		rc = run_sql(log, sql_account_added, prefix, ev->time,
		    fields_text(f, n, "name"), fields_text(f, n, "role"), NULL, NULL,
		    NULL, NULL, NULL, NULL);
	} else if (type == EV_ACCOUNT_REMOVED) {
		rc = run_sql(log, sql_account_removed, prefix, ev->time, fields_text(f, n, "name"),
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	} else if (type == EV_ACCOUNT_ROLE_CHANGED) {
		rc = run_sql(log, sql_role_changed, prefix, ev->time, fields_text(f, n, "role"),
		    fields_text(f, n, "name"), NULL, NULL, NULL, NULL, NULL, NULL);
	} else if (started) {
		snprintf(seq, sizeof(seq), "%" PRId64, ev->seq);
		version[0] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(f[i].name, "routine_version") == 0 && f[i].text == NULL)
				snprintf(version, sizeof(version), "%" PRId64, f[i].number);
		rc = run_sql(log, sql_run_started, prefix, ev->time, ev->run_id,
		    fields_text(f, n, "routine_id"), version[0] ? version : NULL,
		    fields_text(f, n, "routine_hash"), fields_text(f, n, "case_ref"),
		    fields_text(f, n, "mode"), ev->account, seq);
	} else if (type == EV_RUN_HANDED_OVER && ev->run_id != NULL) {
		/* The run is hers now: her home lists it. */
		if (fields_from_json(ev->fields, &f, &n))
			rc = run_sql(log, sql_run_owner, prefix, ev->time, fields_text(f, n, "to"),
			    ev->run_id, NULL, NULL, NULL, NULL, NULL, NULL);
		else
			rc = SQLITE_CORRUPT;
	} else if ((type == EV_REVIEW_SIGNED || type == EV_REVIEW_RETURNED) &&
	    ev->run_id != NULL) {
		snprintf(version, sizeof(version), "%" PRId64, ev->seq);
		rc = run_sql(log, sql_run_review, prefix, ev->time, summary_review_after(type),
		    version, ev->run_id, NULL, NULL, NULL, NULL, NULL);
	} else if (ev->run_id != NULL && !(info != NULL && (info->flags & EVF_REVIEW))) {
		rc = apply_run_event(log, prefix, ev, info);
	}
	fields_free(f, n);
	return rc;
}

int
summary_run_update(struct log *log, const char *prefix, const char *run_id,
    const struct summary_run *row)
{
	char dev[32], seq[32], last[32];

	snprintf(dev, sizeof(dev), "%" PRId64, row->deviations);
	snprintf(seq, sizeof(seq), "%" PRId64, row->review_seq);
	snprintf(last, sizeof(last), "%" PRId64, row->last_seq);
	return run_sql(log, sql_run_set, prefix, row->last_activity, row->status, dev,
	    run_id, row->review, seq, last, NULL, NULL);
}

const char *
summary_review_after(int type)
{
	return type == EV_REVIEW_SIGNED ? review_state_word(REVIEW_SIGNED) :
	    type == EV_REVIEW_RETURNED ? review_state_word(REVIEW_RETURNED) : NULL;
}

bool
summary_account_active(struct log *log, const char *name)
{
	sqlite3_stmt *st;
	bool active = false;

	if (sqlite3_prepare_v2(log->db, "SELECT 1 FROM accounts WHERE name = ? AND"
	    " active = 1;", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	active = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return active;
}

/* The database's schema and its migrations; which log format a file is. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "db/log_impl.h"

static const char schema_v1[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " time INTEGER NOT NULL, account TEXT NOT NULL, run_id TEXT,"
    " type TEXT NOT NULL, fields TEXT NOT NULL, prev_hash BLOB NOT NULL,"
    " hash BLOB NOT NULL);"
    "CREATE INDEX events_by_run ON events(run_id, seq);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TABLE accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " active INTEGER NOT NULL, since INTEGER NOT NULL);"
    "CREATE TABLE runs (run_id TEXT PRIMARY KEY, routine_id TEXT,"
    " routine_version INTEGER, routine_hash TEXT, case_ref TEXT, mode TEXT,"
    " account TEXT NOT NULL, status TEXT NOT NULL, started INTEGER NOT NULL,"
    " last_activity INTEGER NOT NULL, deviations INTEGER NOT NULL);"
    "INSERT INTO meta VALUES ('format', '" LOG_FORMAT "');";

/* Version 2: every event signed by its author (Ed25519, over its hash);
 * a log upgraded from 0.1 keeps its earlier events unsigned. */
static const char schema_v2[] = "ALTER TABLE events ADD COLUMN sig BLOB;";

/* Version 3: which session holds which run (lease.c); not evidence, so
 * not events, and not checked by verify beyond the schema. */
static const char schema_v3[] = "CREATE TABLE leases (run_id TEXT PRIMARY KEY,"
    " account TEXT NOT NULL, pid INTEGER NOT NULL, record INTEGER NOT NULL,"
    " since INTEGER NOT NULL);";

/* Version 4: each run's review state in its summary row ("" not
 * reviewed, signed, returned, corrected: completed again after a return),
 * the seq of its last review event and of its last own event, filled from
 * the events a log already holds; runs by start time, for the
 * supervisor's queue; and the findings cache (not evidence: see
 * db/FORMAT.md). */
static const char schema_v4[] =
    "ALTER TABLE runs ADD COLUMN review TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE runs ADD COLUMN review_seq INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE runs ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX runs_by_started ON runs(started);"
    "CREATE TABLE findings_cache (run_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL,"
    " routine_hash TEXT NOT NULL, stable_until INTEGER NOT NULL,"
    " count INTEGER NOT NULL, critical INTEGER NOT NULL, active_ms INTEGER NOT NULL);"
    "UPDATE runs SET last_seq = coalesce((SELECT max(seq) FROM events"
    " WHERE events.run_id = runs.run_id AND events.type NOT IN ('review.signed',"
    " 'review.returned', 'access.recorded', 'run.handed_over')), 0);"
    "UPDATE runs SET review_seq = coalesce((SELECT max(seq) FROM events"
    " WHERE events.run_id = runs.run_id AND events.type IN ('review.signed',"
    " 'review.returned')), 0);"
    "UPDATE runs SET review = CASE (SELECT type FROM events"
    " WHERE seq = runs.review_seq) WHEN 'review.signed' THEN 'signed'"
    " WHEN 'review.returned' THEN 'returned' ELSE '' END;";

/* Version 5: the findings cache keeps which kinds of finding a run has
 * (bits, 1 << enum finding_kind, "unusually fast" left out), its pace
 * (the median time per step, -1: too few steps) and its routine, so a
 * list can filter by kind and judge speed against the median pace of the
 * routine's runs, read from an index. Rows of version 4 lack all three:
 * they go, and are computed again. */
static const char schema_v5[] =
    "ALTER TABLE findings_cache ADD COLUMN kinds INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE findings_cache ADD COLUMN pace_ms INTEGER NOT NULL DEFAULT -1;"
    "ALTER TABLE findings_cache ADD COLUMN routine_id TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX findings_by_pace ON findings_cache(routine_id, pace_ms);"
    "DELETE FROM findings_cache;";

/* Version 6: the runs' texts a supervisor types to find one (case
 * reference, routine id, account) in an FTS5 index of trigrams, so "0042"
 * finds its runs without reading every run. The index keeps its own copy
 * of the texts, and each run's row is keyed by the seq of the run's first
 * event (stable: events never change, while a table's rowid may be
 * renumbered by VACUUM). Triggers keep it equal to `runs`; verify checks
 * that it is (db/FORMAT.md). */
static const char schema_v6[] =
    "CREATE VIRTUAL TABLE runs_text USING fts5(run_id UNINDEXED, case_ref,"
    " routine_id, account, tokenize = 'trigram');"
    "CREATE TRIGGER runs_text_insert AFTER INSERT ON runs BEGIN"
    " INSERT INTO runs_text (rowid, run_id, case_ref, routine_id, account)"
    " VALUES (" RUN_FIRST_SEQ("new") ", new.run_id, new.case_ref, new.routine_id,"
    " new.account); END;"
    "CREATE TRIGGER runs_text_update AFTER UPDATE OF run_id, case_ref, routine_id,"
    " account ON runs BEGIN"
    " DELETE FROM runs_text WHERE rowid = " RUN_FIRST_SEQ("old") ";"
    " INSERT INTO runs_text (rowid, run_id, case_ref, routine_id, account)"
    " VALUES (" RUN_FIRST_SEQ("new") ", new.run_id, new.case_ref, new.routine_id,"
    " new.account); END;"
    "CREATE TRIGGER runs_text_delete AFTER DELETE ON runs BEGIN"
    " DELETE FROM runs_text WHERE rowid = " RUN_FIRST_SEQ("old") "; END;"
    "INSERT INTO runs_text (rowid, run_id, case_ref, routine_id, account)"
    " SELECT " RUN_FIRST_SEQ("runs") ", run_id, case_ref, routine_id, account"
    " FROM runs;";

/* Migrations: migrations[v] takes a log from version v to v + 1. */
static const char *const migrations[] = { schema_v1, schema_v2, schema_v3, schema_v4,
	schema_v5, schema_v6 };

int
log_make_schema(sqlite3 *db)
{
	size_t v;
	int rc = SQLITE_OK;

	for (v = 0; v < LOG_SCHEMA_VERSION && rc == SQLITE_OK; v++)
		rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
	return rc;
}

static int
user_version(struct log *log)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(log->db, "PRAGMA user_version;", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

enum log_status
log_migrate(struct log *log, struct log_error *err)
{
	int v = user_version(log);
	char sql[64];
	enum log_status s;

	if (v > LOG_SCHEMA_VERSION)
		return log_fail(err, LOG_E_NEWER, _("%s: made by a newer rutin (log "
		    "version %d, this rutin reads up to %d); upgrade rutin"), log->path,
		    v, LOG_SCHEMA_VERSION);
	while (v >= 0 && v < LOG_SCHEMA_VERSION) {
		if ((s = log_begin(log, err)) != LOG_OK)
			return s;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d;", v + 1);
		if (log_exec(log, migrations[v]) != SQLITE_OK ||
		    log_exec(log, sql) != SQLITE_OK) {
			s = log_sql_fail(log, sqlite3_errcode(log->db), _("updating the log"), err);
			log_rollback(log);
			return s;
		}
		if ((s = log_commit(log, err)) != LOG_OK)
			return s;
		v++;
	}
	return v < 0 ? log_sql_fail(log, sqlite3_errcode(log->db), _("opening"), err) :
	    LOG_OK;
}

enum log_status
log_check_format(struct log *log, struct log_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(log->db, "SELECT value FROM meta WHERE key = 'format';",
	    -1, &st, NULL);
	bool ok = false;

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		ok = v != NULL && strcmp(v, LOG_FORMAT) == 0;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	/* A table that cannot be read is damage; a wrong value is a stranger. */
	if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
		return log_sql_fail(log, rc, _("opening"), err);
	if (!ok)
		return log_fail(err, LOG_E_NOT_A_LOG,
		    _("%s: an encrypted database, but not a rutin log"), log->path);
	if (sqlite3_prepare_v2(log->db, "SELECT value FROM meta WHERE key = 'mode';",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		log->training = v != NULL && strcmp(v, "training") == 0;
	}
	sqlite3_finalize(st);
	return LOG_OK;
}


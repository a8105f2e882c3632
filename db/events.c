/* Appending and reading events; the hash chain. */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/log_impl.h"

void
log_new_id(char out[LOG_ID_LEN])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant */
	snprintf(out, LOG_ID_LEN,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
	    b[11], b[12], b[13], b[14], b[15]);
}

/* ---- The chain ---- */

/* The event's canonical bytes are collected and hashed in one call: a
 * dozen small updates per event cost more than the hashing (verify reads
 * every event). */
struct canon {
	unsigned char *p;
	size_t len, cap;
	unsigned char stack[1024];
};

static void
canon_put(struct canon *c, const void *data, size_t n)
{
	if (c->cap - c->len < n) {
		size_t cap = 2 * (c->len + n);
		unsigned char *q = xmalloc(cap);

		memcpy(q, c->p, c->len);
		if (c->p != c->stack)
			free(c->p);
		c->p = q;
		c->cap = cap;
	}
	memcpy(c->p + c->len, data, n);
	c->len += n;
}

static void
put_str(struct canon *c, const char *s)
{
	uint32_t n = s != NULL ? (uint32_t)strlen(s) : 0xffffffffu;
	unsigned char b[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
		(unsigned char)(n >> 8), (unsigned char)n };

	canon_put(c, b, 4);
	if (s != NULL)
		canon_put(c, s, n);
}

static void
put_i64(struct canon *c, int64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
	canon_put(c, b, 8);
}

/* SHA-256 of "rutin-event/1\n", the previous hash and the event's stored
 * columns, each length-prefixed (db/FORMAT.md). */
void log_event_hash(const struct log_event *ev, unsigned char out[32]);

void
log_event_hash(const struct log_event *ev, unsigned char out[32])
{
	struct canon c;

	c.p = c.stack;
	c.len = 0;
	c.cap = sizeof(c.stack);
	canon_put(&c, "rutin-event/1\n", 14);
	canon_put(&c, ev->prev_hash, 32);
	put_i64(&c, ev->seq);
	put_str(&c, ev->id);
	put_i64(&c, ev->time);
	put_str(&c, ev->account);
	put_str(&c, ev->run_id);
	put_str(&c, ev->type);
	put_str(&c, ev->fields);
	crypto_hash_sha256(out, c.p, c.len);
	if (c.p != c.stack)
		free(c.p);
}

static bool
valid_type(const char *t)
{
	size_t n = t != NULL ? strlen(t) : 0;

	return n >= 1 && n <= 64 && strspn(t, "abcdefghijklmnopqrstuvwxyz_.") == n;
}

/* The last event's sequence number and hash (0 and zeros when none). */
static const char sql_head[] = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1;";
static const char sql_insert[] = "INSERT INTO events (seq, id, time, account,"
    " run_id, type, fields, prev_hash, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?);";

static int
chain_head(struct log *log, int64_t *seq, unsigned char hash[32])
{
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql_head, "", &rc);

	*seq = 0;
	memset(hash, 0, 32);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(hash, sqlite3_column_blob(st, 1), 32);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc;
}

static int
insert_event(struct log *log, const struct log_event *ev)
{
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql_insert, "", &rc);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, ev->seq);
	sqlite3_bind_text(st, 2, ev->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ev->time);
	sqlite3_bind_text(st, 4, ev->account, -1, SQLITE_STATIC);
	if (ev->run_id != NULL)
		sqlite3_bind_text(st, 5, ev->run_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ev->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ev->fields, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, ev->prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, ev->hash, 32, SQLITE_STATIC);
	if (ev->sig != NULL)
		sqlite3_bind_blob(st, 10, ev->sig, LOG_SIG_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The bytes an event's signature covers: a label and its hash, which
 * covers the hash before it. */
static void
sig_message(const unsigned char hash[32], unsigned char msg[LOG_SIG_MSG_LEN])
{
	memcpy(msg, "rutin-sig/1\n", 12);
	memcpy(msg + 12, hash, 32);
}

void
log_event_sign(struct log *log, const unsigned char hash[32],
    unsigned char sig[LOG_SIG_BYTES])
{
	unsigned char msg[LOG_SIG_MSG_LEN];

	sig_message(hash, msg);
	sodium_mprotect_readonly(log->sign_sk);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), log->sign_sk);
	sodium_mprotect_noaccess(log->sign_sk);
}

bool
log_event_sig_ok(const unsigned char hash[32], const unsigned char *sig,
    const unsigned char pk[32])
{
	unsigned char msg[LOG_SIG_MSG_LEN];

	if (sig == NULL)
		return false;
	sig_message(hash, msg);
	return crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) == 0;
}

/* Whether the caller's fields already name `name`. */
static bool
has_field(const struct log_event_in *in, const char *name)
{
	size_t i;

	for (i = 0; i < in->field_count; i++)
		if (strcmp(in->fields[i].name, name) == 0)
			return true;
	return false;
}

/* The event's fields as canonical JSON, with the fields every event gets
 * added: "author_prev", the hash of its author's previous event as this
 * session knows it (own.c), and "login" when the session runs through
 * sudo (log_login()). */
static char *
fields_with_session(struct log *log, const struct log_event_in *in)
{
	struct log_field *f;
	char prev[65];
	char *json;
	size_t n = in->field_count;

	f = xcalloc(n + 2, sizeof(*f));
	if (n > 0)
		memcpy(f, in->fields, n * sizeof(*f));
	if (!has_field(in, "author_prev") && own_prev(log, prev)) {
		f[n].name = "author_prev";
		f[n++].text = prev;
	}
	if (log->login != NULL && !has_field(in, "login")) {
		f[n].name = "login";
		f[n++].text = log->login;
	}
	json = fields_to_json(f, n);
	free(f);
	return json;
}

/* A run's mode is its log's: a training log takes no live run, a live log
 * no training run. */
static bool
run_mode_fits(const struct log *log, const struct log_event_in *in)
{
	size_t i;

	if (!event_is(in->type, EV_RUN_STARTED))
		return true;
	for (i = 0; i < in->field_count; i++)
		if (strcmp(in->fields[i].name, "mode") == 0 && in->fields[i].text != NULL)
			return (strcmp(in->fields[i].text, "training") == 0) == log->training;
	return true;
}

static const char *
in_field(const struct log_event_in *in, const char *name)
{
	size_t i;

	for (i = 0; i < in->field_count; i++)
		if (strcmp(in->fields[i].name, name) == 0)
			return in->fields[i].text;
	return NULL;
}

/* From the log's first routine.released on, a live log starts runs only
 * of released routine texts (db/FORMAT.md, "Released routines"). */
static enum log_status
run_released_ok(struct log *log, const struct log_event_in *in, struct log_error *err)
{
	const char *hash = in_field(in, "routine_hash"), *id = in_field(in, "routine_id");
	enum log_status s;

	if (log->training || !event_is(in->type, EV_RUN_STARTED))
		return LOG_OK;
	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (!authors_releases(log->auth) || (hash != NULL &&
	    authors_released(log->auth, hash)))
		return LOG_OK;
	return log_fail(err, LOG_E_DENIED, _("routine '%s' in this text (hash %.12s) "
	    "is not released in this log: a supervisor compares it with the release "
	    "(rutin routines diff) and releases it (rutin routines release)"),
	    id != NULL ? id : "?", hash != NULL ? hash : "?");
}

/* While the log's option second_person is on, a run starts with it; a
 * confirmation is by someone else than the one who answered, of the
 * answer the step holds, in the role the step asks for (db/confirm.c,
 * db/authors.c: verify checks the same). Read inside the transaction, so
 * an answer changed meanwhile is seen. */
static enum log_status
second_person_ok(struct log *log, const struct log_event_in *in, struct log_error *err)
{
	const char *on = in_field(in, "second_person"), *as = in_field(in, "as");
	const char *role = in_field(in, "role");
	enum log_status s;
	char why[256];

	if (!event_is(in->type, EV_RUN_STARTED) && !event_is(in->type, EV_STEP_CONFIRMED))
		return LOG_OK;
	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (event_is(in->type, EV_RUN_STARTED)) {
		if (!authors_second_on(log->auth) || (on != NULL && strcmp(on, "on") == 0))
			return LOG_OK;
		return log_fail(err, LOG_E_DENIED, _("the log's option second_person is "
		    "on: a run starts with it (this rutin did not ask for it)"));
	}
	if (role == NULL || as == NULL || strcmp(role, log_role_name(log->role)) != 0 ||
	    log->auth_bad > 0 || !(log->role == ROLE_SUPERVISOR ||
	    (log->role == ROLE_CASEWORKER && strcmp(as, "colleague") == 0)))
		return log_fail(err, LOG_E_DENIED, _("'%s', a %s, cannot confirm this "
		    "step: it needs a %s"), log->user, log_role_label(log->role),
		    as != NULL && strcmp(as, "supervisor") == 0 ?
		    log_role_label(ROLE_SUPERVISOR) : _("colleague"));
	if (!log_confirm_holds(log, in->run_id, INT64_MAX, log->user,
	    in_field(in, "step"), in_field(in, "text"), why, sizeof(why)))
		return log_fail(err, LOG_E_DENIED, "%s", why);
	return LOG_OK;
}

enum log_status
log_append_in_tx(struct log *log, const struct log_event_in *in, int64_t *seq,
    struct log_error *err)
{
	struct log_event ev;
	char id[LOG_ID_LEN];
	unsigned char sig[LOG_SIG_BYTES];
	char *json;
	int rc;

	if (!valid_type(in->type))
		return log_fail(err, LOG_E_INVALID, _("invalid event type '%s'"),
		    in->type ? in->type : "");
	if ((event_flags_of(in->type) & EVF_TRAINING) && !log->training)
		return log_fail(err, LOG_E_DENIED, _("%s is a live log: exercises run "
		    "only in a training log"), log->path);
	if (log->pending && !event_is(in->type, EV_ACCOUNT_PASSPHRASE_CHANGED))
		return log_fail(err, LOG_E_DENIED, _("'%s' opened the log with a one-time "
		    "join code: choose your own passphrase first (rutin exercise asks for "
		    "it; or rutin user passwd)"), log->user);
	if (!run_mode_fits(log, in))
		return log_fail(err, LOG_E_DENIED, log->training ? _("%s is a training "
		    "log: it takes training runs only") : _("%s is a live log: it takes "
		    "live runs only"), log->path);
	if ((rc = run_released_ok(log, in, err)) != LOG_OK)
		return (enum log_status)rc;
	if ((rc = second_person_ok(log, in, err)) != LOG_OK)
		return (enum log_status)rc;
	json = fields_with_session(log, in);
	if (json == NULL)
		return log_fail(err, LOG_E_INVALID, _("invalid fields in a '%s' event"),
		    in->type);
	memset(&ev, 0, sizeof(ev));
	rc = chain_head(log, &ev.seq, ev.prev_hash);
	if (rc != SQLITE_OK) {
		free(json);
		return log_sql_fail(log, rc, _("writing"), err);
	}
	log_new_id(id);
	ev.seq++;
	ev.id = id;
	ev.time = in->time != 0 ? in->time : clock_now_ms();
	ev.account = log->user;
	ev.run_id = in->run_id;
	ev.type = in->type;
	ev.fields = json;
	log_event_hash(&ev, ev.hash);
	if (log->can_sign) {
		log_event_sign(log, ev.hash, sig);
		ev.sig = sig;
	} else if (!log->unsigned_ok) {
		free(json);
		return log_fail(err, LOG_E_DENIED, _("%s: this session holds no signing "
		    "key (a recovery key from rutin 0.1); a supervisor must run rutin "
		    "recovery new first"), log->path);
	}
	rc = insert_event(log, &ev);
	if (rc == SQLITE_OK)
		rc = summary_apply(log, "", &ev);
	if (rc == SQLITE_OK)
		own_appended(log, ev.seq, ev.hash);
	free(json);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("writing"), err);
	if (seq != NULL)
		*seq = ev.seq;
	return LOG_OK;
}

enum log_status
log_append(struct log *log, const struct log_event_in *ev, int64_t *seq,
    struct log_error *err)
{
	enum log_status s;

	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	if ((s = log_append_in_tx(log, ev, seq, err)) != LOG_OK) {
		log_rollback(log);
		return s;
	}
	return log_commit(log, err);
}

/* ---- Reading ---- */

bool
log_event_at(struct log *log, int64_t seq, unsigned char hash[32],
    unsigned char sig[LOG_SIG_BYTES], int64_t *time)
{
	static const char sql[] = "SELECT hash, sig, time FROM events WHERE seq = ?;";
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql, "", &rc);
	bool ok = false;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
		memcpy(hash, sqlite3_column_blob(st, 0), 32);
		if (sig != NULL && sqlite3_column_bytes(st, 1) == LOG_SIG_BYTES)
			memcpy(sig, sqlite3_column_blob(st, 1), LOG_SIG_BYTES);
		else if (sig != NULL)
			memset(sig, 0, LOG_SIG_BYTES);
		if (time != NULL)
			*time = sqlite3_column_int64(st, 2);
		ok = true;
	}
	sqlite3_reset(st);
	return ok;
}

/* Fills ev from a row of LOG_EVENT_COLUMNS; the strings live until the
 * next step. */
enum log_chain
log_chain_check(const struct log_event *ev, int64_t expect,
    const unsigned char prev[32])
{
	unsigned char want[32];

	if (ev->seq != expect)
		return LOG_CHAIN_GAP;
	log_event_hash(ev, want);
	if (sodium_memcmp(want, ev->hash, 32) != 0)
		return LOG_CHAIN_ALTERED;
	if (sodium_memcmp(ev->prev_hash, prev, 32) != 0)
		return LOG_CHAIN_BROKEN;
	return LOG_CHAIN_OK;
}

void
log_chain_text(enum log_chain c, const struct log_event *ev, int64_t expect,
    char *out, size_t len)
{
	if (c == LOG_CHAIN_GAP)
		snprintf(out, len, _("event %" PRId64 " is missing (the next is %"
		    PRId64 ")"), expect, ev->seq);
	else if (c == LOG_CHAIN_ALTERED)
		snprintf(out, len, _("event %" PRId64 " was altered: its content "
		    "does not match its hash"), ev->seq);
	else if (c == LOG_CHAIN_BROKEN)
		snprintf(out, len, _("event %" PRId64 " does not follow the event "
		    "before it (the chain is broken)"), ev->seq);
	else
		snprintf(out, len, "%s", "");
}

void log_event_from_row(sqlite3_stmt *st, struct log_event *ev);

void
log_event_from_row(sqlite3_stmt *st, struct log_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->seq = sqlite3_column_int64(st, 0);
	ev->id = (const char *)sqlite3_column_text(st, 1);
	ev->time = sqlite3_column_int64(st, 2);
	ev->account = (const char *)sqlite3_column_text(st, 3);
	ev->run_id = (const char *)sqlite3_column_text(st, 4);
	ev->type = (const char *)sqlite3_column_text(st, 5);
	ev->fields = (const char *)sqlite3_column_text(st, 6);
	if (sqlite3_column_bytes(st, 7) == 32)
		memcpy(ev->prev_hash, sqlite3_column_blob(st, 7), 32);
	if (sqlite3_column_bytes(st, 8) == 32)
		memcpy(ev->hash, sqlite3_column_blob(st, 8), 32);
	if (sqlite3_column_bytes(st, 9) == LOG_SIG_BYTES)
		ev->sig = sqlite3_column_blob(st, 9);
	if (ev->id == NULL)
		ev->id = "";
	if (ev->account == NULL)
		ev->account = "";
	if (ev->type == NULL)
		ev->type = "";
	if (ev->fields == NULL)
		ev->fields = "";
}

/* Steps st (of LOG_EVENT_COLUMNS) to its end or until cb returns nonzero,
 * and finalizes it. */
static enum log_status
each_event(struct log *log, sqlite3_stmt *st,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	struct log_event ev;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		if (cb(ctx, &ev) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? LOG_OK : log_sql_fail(log, rc, _("reading"), err);
}

/* One run's events through the statement cache (sql.c): a report or a
 * list replays thousands of runs, and preparing the statement anew for
 * each costs more than reading its events (every block SQLite allocates
 * is locked and unlocked: cipher.c). Not while a callback of the same
 * read reads again (the statement is in use): then prepared anew. */
static const char sql_run_events[] = "SELECT " LOG_EVENT_COLUMNS " FROM events"
    " WHERE run_id = ?1 AND (?2 IS NULL OR account = ?2) ORDER BY seq;";

static enum log_status
run_events_cached(struct log *log, const char *run_id, const char *account,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	struct log_event ev;
	sqlite3_stmt *st;
	int rc;

	if ((st = log_stmt(log, sql_run_events, "", &rc)) == NULL)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	if (account != NULL)
		sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
	log->run_events_busy = true;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		if (cb(ctx, &ev) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	log->run_events_busy = false;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? LOG_OK : log_sql_fail(log, rc, _("reading"), err);
}

enum log_status
log_events_typed(struct log *log, const char *prefix, int64_t after,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* Along the primary key from `after`; types compared as a range, so
	 * no LIKE pattern is built from the prefix. */
	rc = sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS " FROM events"
	    " WHERE seq > ?1 AND type >= ?2 AND type < ?2 || x'7f' ORDER BY seq;", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
	return each_event(log, st, cb, ctx, err);
}

enum log_status
log_events(struct log *log, const char *run_id, const char *account,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (run_id != NULL && !log->run_events_busy)
		return run_events_cached(log, run_id, account, cb, ctx, err);
	/* One run's events along events_by_run; `?1 IS NULL OR` would make
	 * SQLite read every event of the log. */
	rc = sqlite3_prepare_v2(log->db, run_id != NULL ?
	    "SELECT " LOG_EVENT_COLUMNS " FROM events WHERE run_id = ?1"
	    " AND (?2 IS NULL OR account = ?2) ORDER BY seq;" :
	    "SELECT " LOG_EVENT_COLUMNS " FROM events WHERE (?2 IS NULL OR account = ?2)"
	    " ORDER BY seq;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	if (run_id != NULL)
		sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	if (account != NULL)
		sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
	return each_event(log, st, cb, ctx, err);
}

/* Along runs_by_started, then each run's events along events_by_run: no
 * sorting (EXPLAIN QUERY PLAN, tests/unit/test_log.c). */
const char log_sql_period_events[] = "SELECT e.seq, e.id, e.time, e.account,"
    " e.run_id, e.type, e.fields, e.prev_hash, e.hash, e.sig FROM runs r"
    " JOIN events e ON e.run_id = r.run_id WHERE r.started >= ?1 AND r.started < ?2"
    " ORDER BY r.started, r.rowid, e.seq;";

enum log_status
log_period_events(struct log *log, int64_t from, int64_t to,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(log->db, log_sql_period_events, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_int64(st, 1, from > 0 ? from : INT64_MIN);
	sqlite3_bind_int64(st, 2, to > 0 ? to : INT64_MAX);
	return each_event(log, st, cb, ctx, err);
}

enum log_status
log_run_review_event(struct log *log, const char *run_id, bool *named,
    int (*cb)(void *ctx, const struct log_event *ev), void *ctx,
    struct log_error *err)
{
	sqlite3_stmt *st;
	int64_t seq = 0;
	int rc;

	*named = false;
	rc = sqlite3_prepare_v2(log->db, "SELECT review_seq FROM runs WHERE run_id = ?;", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	if (seq <= 0)
		return LOG_OK;
	*named = true;
	rc = sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS " FROM events"
	    " WHERE seq = ?1 AND run_id = ?2;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, run_id, -1, SQLITE_STATIC);
	return each_event(log, st, cb, ctx, err);
}

enum log_status
log_open_runs(struct log *log, const char *account, struct log_run_info **out,
    size_t *n, struct log_error *err)
{
	struct log_run_filter f = { .account = account, .open_only = true };

	return log_runs(log, &f, out, n, err);
}

/* The prefix is compared with substr, never LIKE: an id typed with '%'
 * or '_' matches nothing; the text is found with LIKE and every wildcard
 * in it escaped. Newest first walks runs_by_started and stops at the
 * limit. */
#define SQL_RUNS "SELECT r.run_id, r.routine_id, r.routine_version," \
    " r.routine_hash, r.case_ref, r.account, r.status, r.started, r.last_activity," \
    " r.deviations, r.review, r.review_seq, e.account, e.time, r.last_seq," \
    " fc.routine_hash, fc.stable_until, fc.count, fc.critical, fc.active_ms, fc.kinds," \
    " fc.pace_ms" \
    " FROM %sruns AS r" \
    " LEFT JOIN events AS e ON r.review_seq > 0 AND e.seq = r.review_seq" \
    " LEFT JOIN findings_cache AS fc ON fc.run_id = r.run_id AND fc.last_seq = r.last_seq" \
    " WHERE "
/* The run's findings cache row for its last event, if any. */
#define SQL_CACHED(more) "EXISTS (SELECT 1 FROM findings_cache AS c" \
    " WHERE c.run_id = r.run_id AND c.last_seq = r.last_seq" more ")"
/* STARTED is "r.started", a range the index on started walks, or
 * "+r.started" where another index must be used (an id's prefix, the
 * open runs by last activity). */
#define SQL_RUNS_WHERE(STARTED) "(?2 = 0 OR r.status IN ('active', 'paused'))" \
    " AND (?1 IS NULL OR r.account = ?1)" \
    " AND (?3 IS NULL OR substr(r.run_id, 1, length(?3)) = ?3)" \
    " AND (?4 IS NULL OR r.routine_id = ?4) AND (?5 IS NULL OR r.status = ?5)" \
    " AND (?6 IS NULL OR (?6 = 'queue' AND r.status = 'completed'" \
    "  AND r.review IN ('', 'corrected')) OR r.review = ?6)" \
    " AND " STARTED " >= ?7 AND " STARTED " < ?8" \
    " AND (?9 IS NULL OR r.case_ref LIKE ?9 ESCAPE '\\'" \
    "  OR r.routine_id LIKE ?9 ESCAPE '\\' OR r.account LIKE ?9 ESCAPE '\\')" \
    " AND (?11 = 0 OR " SQL_CACHED(" AND c.critical > 0") \
    "  OR (r.status IN ('completed', 'aborted') AND NOT " SQL_CACHED("") "))" \
    " AND (?12 = 0 OR NOT " SQL_CACHED(" AND c.stable_until > ?13") ")" \
    " AND ((?14 = 0 AND ?15 = 0) OR fc.run_id IS NULL OR (fc.kinds & ?14) != 0" \
    "  OR (?15 != 0 AND fc.pace_ms >= 0))" \
    " AND (?17 IS NULL OR r.case_ref = ?17)"
static const char sql_runs[] = SQL_RUNS SQL_RUNS_WHERE("r.started")
    " ORDER BY r.started DESC LIMIT ?10;";
static const char sql_runs_oldest[] = SQL_RUNS SQL_RUNS_WHERE("r.started")
    " ORDER BY r.started LIMIT ?10;";
static const char sql_open_runs[] = SQL_RUNS SQL_RUNS_WHERE("+r.started")
    " ORDER BY r.last_activity DESC LIMIT ?10;";
/* Typed text of three characters or more: the runs its trigrams found
 * in runs_text (schema 6), given as a JSON array of that table's rowids,
 * then the same LIKE as above, so the index only narrows and the rows
 * are those the scan would give. */
#define SQL_RUNS_TEXT SQL_RUNS "r.run_id IN (SELECT run_id FROM runs_text" \
    " WHERE rowid IN (SELECT value FROM json_each(?16))) AND " SQL_RUNS_WHERE("+r.started")
static const char sql_runs_text[] = SQL_RUNS_TEXT " ORDER BY r.started DESC LIMIT ?10;";
static const char sql_runs_text_oldest[] = SQL_RUNS_TEXT " ORDER BY r.started LIMIT ?10;";
/* An id prefix as a range of the primary key, so one run is found without
 * reading them all (`?3 IS NULL OR` keeps SQLite from using the index). */
static const char sql_run_ids[] = SQL_RUNS "r.run_id >= ?3"
    " AND r.run_id < ?3 || char(1114111) AND " SQL_RUNS_WHERE("+r.started")
    " ORDER BY r.started DESC LIMIT ?10;";

/* "%text%" for LIKE, with '%', '_' and '\' in the text escaped: what is
 * typed is found as it is, never read as a wildcard. (LIKE, not
 * instr(lower()), which with SQLCipher's ICU costs ~10 us a row.) */
static void
bind_contains(sqlite3_stmt *st, int i, const char *text)
{
	char *pattern = xcalloc(2 * strlen(text) + 3, 1), *p = pattern;

	*p++ = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	*p = '%';
	sqlite3_bind_text(st, i, pattern, -1, SQLITE_TRANSIENT);
	free(pattern);
}

/* Whether the trigram index can find the text: three characters at
 * least (shorter ones have no trigram; they are scanned). */
static bool
text_indexed(const char *text)
{
	size_t chars = 0;

	for (; text != NULL && *text != '\0'; text++)
		chars += ((unsigned char)*text & 0xc0) != 0x80;
	return chars >= 3;
}

/* The text as one FTS5 phrase: quoted, its quotes doubled, so nothing in
 * it is read as query syntax. */
static void
bind_phrase(sqlite3_stmt *st, int i, const char *text)
{
	char *phrase = xcalloc(2 * strlen(text) + 3, 1), *p = phrase;

	*p++ = '"';
	for (; *text != '\0'; text++) {
		if (*text == '"')
			*p++ = '"';
		*p++ = *text;
	}
	*p = '"';
	sqlite3_bind_text(st, i, phrase, -1, SQLITE_TRANSIENT);
	free(phrase);
}

/* How many runs the index may find for a text before the newest-first
 * scan is the quicker way to a screenful: the index reads and sorts every
 * run it finds, the scan stops at the limit, and a text that many runs
 * share ("SN 20", typed on the way to a whole reference) is soon met by
 * the scan. Measured at 40,000 runs: 11 found, 1 ms by the index against
 * 25 ms scanned; all 40,000, 72 ms by the index against 1 ms scanned. */
#define TEXT_INDEX_MAX 1000

static const char sql_text_rowids[] = "SELECT rowid FROM runs_text"
    " WHERE runs_text MATCH ?1 LIMIT ?2;";

/* The rowids of runs_text the text's trigrams find, as a JSON array
 * (allocated: the caller frees it), or NULL when there are `max` or more
 * (or they cannot be read: then the scan gives the rows). One pass of the
 * index: the list's query reads these rows, not the index again. */
static char *
text_rowids(struct log *log, const char *text, size_t max)
{
	char *json = NULL;
	size_t found = 0, size = 0;
	sqlite3_stmt *st;
	FILE *out;
	int rc;

	if ((st = log_stmt(log, sql_text_rowids, "", &rc)) == NULL)
		return NULL;
	if ((out = open_memstream(&json, &size)) == NULL)
		return NULL;
	bind_phrase(st, 1, text);
	sqlite3_bind_int64(st, 2, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	fputc('[', out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "%s%lld", found++ > 0 ? "," : "",
		    (long long)sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	fputc(']', out);
	if (fclose(out) != 0 || rc != SQLITE_DONE || found >= max) {
		free(json);
		return NULL;
	}
	return json;
}

/* Which statement answers the filter (each walks the index that fits);
 * *rowids: the index's rows for the text, when it is read (freed by the
 * caller). */
static const char *
runs_statement(struct log *log, const struct log_run_filter *f, char **rowids)
{
	*rowids = NULL;
	if (f->id_prefix != NULL)
		return sql_run_ids;
	if (f->open_only)
		return sql_open_runs;
	if (text_indexed(f->text))
		*rowids = text_rowids(log, f->text, f->limit == 0 ? SIZE_MAX : TEXT_INDEX_MAX);
	if (*rowids != NULL)
		return f->oldest_first ? sql_runs_text_oldest : sql_runs_text;
	return f->oldest_first ? sql_runs_oldest : sql_runs;
}

static void
bind_run_filter(sqlite3_stmt *st, const struct log_run_filter *f)
{
	const char *texts[] = { f->account, NULL, f->id_prefix, f->routine_id, f->status,
		f->review };
	int i;

	for (i = 0; i < 6; i++)
		if (texts[i] != NULL)
			sqlite3_bind_text(st, i + 1, texts[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, f->open_only ? 1 : 0);
	/* A range the index on started can walk, open-ended as [0, max). */
	sqlite3_bind_int64(st, 7, f->from);
	sqlite3_bind_int64(st, 8, f->to != 0 ? f->to : INT64_MAX);
	if (f->text != NULL && *f->text != '\0')
		bind_contains(st, 9, f->text);
	sqlite3_bind_int64(st, 10, f->limit ? (int64_t)f->limit : -1);
	sqlite3_bind_int(st, 11, f->critical_only);
	sqlite3_bind_int(st, 12, f->uncached_only);
	sqlite3_bind_int64(st, 13, f->now);
	sqlite3_bind_int64(st, 14, f->kinds_any);
	sqlite3_bind_int(st, 15, f->paced);
	if (f->case_ref != NULL)
		sqlite3_bind_text(st, 17, f->case_ref, -1, SQLITE_STATIC);
}

/* Copies column `col` (text or NULL) into a buffer. */
static void
copy_column(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;

	/* Cut at a character's start, so a long text stays valid UTF-8. */
	if (n >= size)
		for (n = size - 1; n > 0 && (t[n] & 0xc0) == 0x80; n--)
			;
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

/* The findings cache row in columns col.. (routine_hash, stable_until,
 * count, critical, active_ms, kinds, pace_ms) into r, when there is one. */
static void
cache_from_row(sqlite3_stmt *st, int col, struct log_run_info *r, bool present)
{
	r->cache_read = true;
	r->cached = present;
	if (!present)
		return;
	r->cache.last_seq = r->last_seq;
	copy_column(st, col, r->cache.routine_hash, sizeof(r->cache.routine_hash));
	r->cache.stable_until = sqlite3_column_int64(st, col + 1);
	r->cache.count = sqlite3_column_int64(st, col + 2);
	r->cache.critical = sqlite3_column_int64(st, col + 3);
	r->cache.active_ms = sqlite3_column_int64(st, col + 4);
	r->cache.kinds = sqlite3_column_int64(st, col + 5);
	r->cache.pace_ms = sqlite3_column_int64(st, col + 6);
}

static void
run_from_row(sqlite3_stmt *st, struct log_run_info *r)
{
	memset(r, 0, sizeof(*r));
	copy_column(st, 0, r->run_id, sizeof(r->run_id));
	copy_column(st, 1, r->routine_id, sizeof(r->routine_id));
	r->routine_version = (long)sqlite3_column_int64(st, 2);
	copy_column(st, 3, r->routine_hash, sizeof(r->routine_hash));
	copy_column(st, 4, r->case_ref, sizeof(r->case_ref));
	copy_column(st, 5, r->account, sizeof(r->account));
	copy_column(st, 6, r->status, sizeof(r->status));
	r->started = sqlite3_column_int64(st, 7);
	r->last_activity = sqlite3_column_int64(st, 8);
	r->deviations = sqlite3_column_int64(st, 9);
	copy_column(st, 10, r->review, sizeof(r->review));
	r->review_seq = sqlite3_column_int64(st, 11);
	copy_column(st, 12, r->reviewer, sizeof(r->reviewer));
	r->reviewed_at = sqlite3_column_int64(st, 13);
	r->last_seq = sqlite3_column_int64(st, 14);
	/* Its findings cache row for that last event, read in the same query
	 * (one look-up a row would cost more than the row). */
	cache_from_row(st, 15, r, sqlite3_column_type(st, 15) != SQLITE_NULL);
}

static const char sql_cache_row[] = "SELECT routine_hash, stable_until, count,"
    " critical, active_ms, kinds, pace_ms FROM findings_cache"
    " WHERE run_id = ? AND last_seq = ?;";

enum log_status
log_runs_cached(struct log *log, struct log_run_info *runs, size_t n,
    struct log_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_OK;

	st = log_stmt(log, sql_cache_row, "", &rc);
	for (i = 0; i < n && st != NULL; i++) {
		struct log_run_info *r = &runs[i];

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, r->run_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, r->last_seq);
		rc = sqlite3_step(st);
		cache_from_row(st, 0, r, rc == SQLITE_ROW);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
		rc = SQLITE_OK;
	}
	if (st != NULL)
		sqlite3_reset(st);
	return rc == SQLITE_OK ? LOG_OK : log_sql_fail(log, rc, _("reading"), err);
}

enum log_status
log_runs_each(struct log *log, const struct log_run_filter *f,
    int (*cb)(void *ctx, const struct log_run_info *r), void *ctx, struct log_error *err)
{
	struct log_run_info row;
	sqlite3_stmt *st;
	char *rowids;
	int rc;

	st = log_stmt(log, runs_statement(log, f, &rowids), "", &rc);
	if (st == NULL) {
		free(rowids);
		return log_sql_fail(log, rc, _("reading"), err);
	}
	bind_run_filter(st, f);
	if (rowids != NULL)
		sqlite3_bind_text(st, 16, rowids, -1, free);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		run_from_row(st, &row);
		if (cb(ctx, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? LOG_OK : log_sql_fail(log, rc, _("reading"), err);
}

struct run_list {
	struct log_run_info *items;
	size_t n, cap;
};

static int
add_run(void *ctx, const struct log_run_info *r)
{
	struct run_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	l->items[l->n++] = *r;
	return 0;
}

enum log_status
log_runs(struct log *log, const struct log_run_filter *f, struct log_run_info **out,
    size_t *n, struct log_error *err)
{
	struct run_list l = { NULL, 0, 0 };
	enum log_status s = log_runs_each(log, f, add_run, &l, err);

	if (s != LOG_OK) {
		free(l.items);
		l.items = NULL;
		l.n = 0;
	}
	*out = l.items;
	*n = l.n;
	return s;
}

static void
write_hex(FILE *out, const unsigned char *p, int n)
{
	int i;

	fputc('"', out);
	for (i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
	fputc('"', out);
}

void
log_event_write_json(FILE *out, const struct log_event *ev)
{
	time_t t = (time_t)(ev->time / 1000);
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "{\"seq\":%" PRId64 ",\"id\":", ev->seq);
	fields_json_string_safe(out, ev->id);
	fprintf(out, ",\"time\":\"%s.%03dZ\",\"time_ms\":%" PRId64 ",\"account\":", when,
	    (int)(ev->time % 1000 + (ev->time % 1000 < 0 ? 1000 : 0)), ev->time);
	fields_json_string_safe(out, ev->account);
	fputs(",\"run\":", out);
	if (ev->run_id != NULL)
		fields_json_string_safe(out, ev->run_id);
	else
		fputs("null", out);
	fputs(",\"type\":", out);
	fields_json_string_safe(out, ev->type);
	fputs(",\"fields\":", out);
	if (!fields_write_json_safe(out, ev->fields)) {
		fields_json_string_safe(out, ev->fields);
		fputs(",\"fields_valid\":false", out);
	}
	fputs(",\"prev_hash\":", out);
	write_hex(out, ev->prev_hash, 32);
	fputs(",\"hash\":", out);
	write_hex(out, ev->hash, 32);
	fputs(",\"sig\":", out);
	if (ev->sig != NULL)
		write_hex(out, ev->sig, LOG_SIG_BYTES);
	else
		fputs("null", out);
	fputs("}\n", out);
}

static int
last_time(void *ctx, const struct log_event *ev)
{
	*(int64_t *)ctx = ev->time;
	return 0;
}

enum log_status
log_last_of(struct log *log, const char *type, int64_t *time, struct log_error *err)
{
	*time = 0;
	return log_events_typed(log, type, 0, last_time, time, err);
}

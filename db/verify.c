/* `rutin verify` and `verify --rebuild`: one pass over the events checks
 * the chain and authorship and recomputes the summaries; then the pages,
 * the schema and the summaries are compared. */
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
#include "db/authors.h"
#include "db/log_impl.h"
#include "db/sigpool.h"

void log_event_from_row(sqlite3_stmt *st, struct log_event *ev);

/* ---- verify ---- */

void
log_verify_report(struct log_verify *r, int64_t seq, const char *fmt, ...)
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
	/* quick_check reads and so decrypts and authenticates every page, and
	 * checks the b-trees; it skips only index-to-table cross checks. */
	int rc = sqlite3_prepare_v2(log->db, "PRAGMA quick_check;", -1, &st, NULL);
	const char *first = NULL;

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		first = (const char *)sqlite3_column_text(st, 0);
		if (first != NULL && strcmp(first, "ok") != 0)
			log_verify_report(r, 0,
			    _("the database structure is damaged: %s"), first);
	} else {
		log_verify_report(r, 0,
		    _("pages are damaged or were changed outside rutin: %s"),
		    sqlite3_errmsg(log->db));
	}
	sqlite3_finalize(st);
}

/* The schema must be exactly what rutin makes: the same tables,
 * indexes and append-only triggers, word for word (a trigger emptied or a
 * table widened is found, not only a trigger dropped). */
static void
check_schema(struct log *log, struct log_verify *r)
{
	static const char sql[] = "SELECT group_concat(type || ' ' || name || ' ' ||"
	    " coalesce(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master"
	    " ORDER BY type, name);";
	sqlite3 *mem = NULL;
	sqlite3_stmt *st;
	char *want = NULL, *have = NULL;

	if (sqlite3_open(":memory:", &mem) == SQLITE_OK &&
	    log_make_schema(mem) == SQLITE_OK &&
	    sqlite3_prepare_v2(mem, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			want = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(mem);
	if (sqlite3_prepare_v2(log->db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			have = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (want == NULL || have == NULL || strcmp(want, have) != 0)
		log_verify_report(r, 0,
		    _("the database's schema is not rutin's (a table, index or "
		    "the append-only guards on the events were changed)"));
	free(want);
	free(have);
}

/* Run rows recomputed in memory during verify's pass: one UPDATE per run
 * at the end instead of one per event. Only runs whose run.started was
 * seen are tracked, as the per-event UPDATE would do. */
struct run_acc {
	char *run_id;
	int64_t last_activity;
	const char *status; /* static text, or NULL: unchanged */
	struct reasons reasons; /* the steps whose deviation reason stands */
	char owner[65];     /* whose run it is now (started, handed over) */
	const char *review; /* static text, or NULL: not reviewed */
	int64_t review_seq;
	int64_t last_seq;
};

struct run_map {
	struct run_acc *slots;
	size_t capacity; /* a power of two */
	size_t count;
};

static size_t
run_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct run_acc *
run_map_find(struct run_map *m, const char *run_id, bool add)
{
	size_t i;

	if (add && 2 * (m->count + 1) > m->capacity) {
		struct run_map bigger = { NULL, m->capacity ? 2 * m->capacity : 64, 0 };

		bigger.slots = xcalloc(bigger.capacity, sizeof(*bigger.slots));
		for (i = 0; i < m->capacity; i++)
			if (m->slots[i].run_id != NULL) {
				size_t j = run_hash(m->slots[i].run_id) & (bigger.capacity - 1);

				while (bigger.slots[j].run_id != NULL)
					j = (j + 1) & (bigger.capacity - 1);
				bigger.slots[j] = m->slots[i];
				bigger.count++;
			}
		free(m->slots);
		*m = bigger;
	}
	if (m->capacity == 0)
		return NULL;
	for (i = run_hash(run_id) & (m->capacity - 1); m->slots[i].run_id != NULL;
	    i = (i + 1) & (m->capacity - 1))
		if (strcmp(m->slots[i].run_id, run_id) == 0)
			return &m->slots[i];
	if (!add)
		return NULL;
	m->slots[i].run_id = xstrdup(run_id);
	m->count++;
	return &m->slots[i];
}

/* Writes the tracked rows into temp.check_runs and frees the map. */
static bool
run_map_flush(struct log *log, struct run_map *m)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < m->capacity; i++) {
		struct run_acc *a = &m->slots[i];
		struct summary_run row = { a->last_activity, a->status,
			(int64_t)a->reasons.count, a->review ? a->review : "", a->review_seq,
			a->last_seq };

		if (a->run_id == NULL)
			continue;
		if (ok && a->last_activity != 0 &&
		    summary_run_update(log, "temp.check_", a->run_id, &row) != SQLITE_OK)
			ok = false;
		summary_reasons_free(&a->reasons);
		free(a->run_id);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
	return ok;
}

/* The account a run.handed_over gives the run to, into `to`. */
static bool
handed_to(const struct log_event *ev, char *to, size_t size)
{
	struct log_field *f;
	size_t n;
	bool ok;

	if (!fields_from_json(ev->fields, &f, &n))
		return false;
	ok = fields_text(f, n, "to") != NULL;
	if (ok)
		snprintf(to, size, "%s", fields_text(f, n, "to"));
	fields_free(f, n);
	return ok;
}

/* Nobody signs or returns their own run: the rule the commands keep,
 * checked again here against whose run it was at the time. */
static void
check_not_own(struct run_map *m, const struct log_event *ev, struct log_verify *r)
{
	struct run_acc *a;

	if (summary_review_after(event_type_of(ev->type)) == NULL || ev->run_id == NULL ||
	    (a = run_map_find(m, ev->run_id, false)) == NULL)
		return;
	if (strcmp(a->owner, ev->account) == 0)
		log_verify_report(r, ev->seq,
		    _("event %" PRId64 " (%s by %s): a review of the "
		    "account's own run"), ev->seq, ev->type, ev->account);
}

/* A confirmation is by someone else than the one who answered, of the
 * answer the step held then (log_append's rule, checked again). */
static void
check_confirmation(struct log *log, const struct log_event *ev, struct log_verify *r)
{
	struct log_field *f;
	size_t n;
	char why[256];

	if (!event_is(ev->type, EV_STEP_CONFIRMED))
		return;
	if (!fields_from_json(ev->fields, &f, &n)) {
		log_verify_report(r, ev->seq, _("event %" PRId64 " (%s by %s): its fields "
		    "are not rutin's"), ev->seq, ev->type, ev->account);
		return;
	}
	if (!log_confirm_holds(log, ev->run_id, ev->seq, ev->account,
	    fields_text(f, n, "step"), fields_text(f, n, "text"), why, sizeof(why)))
		log_verify_report(r, ev->seq, _("event %" PRId64 " (%s by %s): %s"),
		    ev->seq, ev->type, ev->account, why);
	fields_free(f, n);
}

/* Applies one event to the recomputed summaries. */
static bool
check_apply(struct log *log, struct run_map *m, const struct log_event *ev)
{
	unsigned flags = event_flags_of(ev->type);
	int type = event_type_of(ev->type);
	struct run_acc *a;

	if (ev->run_id == NULL || (flags & EVF_ACCOUNT))
		return summary_apply(log, "temp.check_", ev) == SQLITE_OK;
	if (type == EV_RUN_STARTED) {
		a = run_map_find(m, ev->run_id, true);
		snprintf(a->owner, sizeof(a->owner), "%s", ev->account);
		return summary_apply(log, "temp.check_", ev) == SQLITE_OK;
	}
	a = run_map_find(m, ev->run_id, false);
	if (type == EV_RUN_HANDED_OVER) {
		if (a != NULL && !handed_to(ev, a->owner, sizeof(a->owner)))
			return false;
		return summary_apply(log, "temp.check_", ev) == SQLITE_OK;
	}
	if (a == NULL)
		return true; /* no such run: the UPDATE would change nothing */
	if (summary_review_after(type) != NULL) {
		a->review = summary_review_after(type);
		a->review_seq = ev->seq;
		return true;
	}
	if (flags & EVF_REVIEW)
		return true; /* never in the runs summary */
	a->last_activity = ev->time;
	a->last_seq = ev->seq;
	if (summary_run_status_after(ev->type) != NULL)
		a->status = summary_run_status_after(ev->type);
	if (type == EV_RUN_COMPLETED && review_state_of(a->review) == REVIEW_RETURNED)
		a->review = review_state_word(REVIEW_CORRECTED);
	if (flags & (EVF_SETS_REASON | EVF_ENDS_REASON)) {
		struct log_field *f;
		size_t n;

		if (!fields_from_json(ev->fields, &f, &n))
			return false;
		summary_reasons_apply(&a->reasons, ev->type, fields_text(f, n, "step"));
		fields_free(f, n);
	}
	return true;
}

/* The first event whose signature failed on the worker threads, reported
 * as if found in order: it becomes the first bad event when it comes
 * before the one reported so far. */
static void
report_bad_signature(struct log *log, struct log_verify *r, int64_t seq)
{
	int64_t first = r->first_bad_seq;
	struct log_event ev;
	sqlite3_stmt *st;
	char why[256];

	if (sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS " FROM events"
	    " WHERE seq = ?;", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		authors_sig_problem(&ev, why, sizeof(why));
		log_verify_report(r, ev.seq,
		    _("event %" PRId64 " (%s by %s): %s"), ev.seq,
		    ev.type, ev.account, why);
		if (first > 0 && seq < first)
			r->first_bad_seq = seq;
	}
	sqlite3_finalize(st);
}

/* The approvals of gallrings seen since the last one: a gallring names
 * the plan its runs and cutoff hash to, and while the option
 * second_person is on another supervisor approved that plan before it
 * (db/cull.c; authorship checked the roles). */
struct cull_check {
	char plan[65];
	char by[65];
};

static void
check_cull(struct cull_check *cc, const struct authors *a, const struct log_event *ev,
    struct log_verify *r)
{
	struct log_field *f;
	char digest[65];
	const char *plan, *ids;
	size_t n;

	if (event_is(ev->type, EV_RETENTION_APPROVED)) {
		snprintf(cc->plan, sizeof(cc->plan), "%s", "");
		if (fields_json_text(ev->fields, "plan", cc->plan, sizeof(cc->plan)))
			snprintf(cc->by, sizeof(cc->by), "%s", ev->account);
		return;
	}
	if (!event_is(ev->type, EV_RETENTION_CULLED) ||
	    !fields_from_json(ev->fields, &f, &n))
		return;
	plan = fields_text(f, n, "plan");
	ids = fields_text(f, n, "run_ids");
	log_cull_digest(fields_number(f, n, "before", 0), ids != NULL ? ids : "", digest);
	if (plan == NULL || strcmp(plan, digest) != 0)
		log_verify_report(r, ev->seq, _("event %" PRId64 " (%s by %s): the plan it "
		    "names is not what its runs and cutoff hash to"), ev->seq, ev->type,
		    ev->account);
	else if (authors_second_on(a) && (strcmp(cc->plan, plan) != 0 ||
	    strcmp(cc->by, ev->account) == 0))
		log_verify_report(r, ev->seq, _("event %" PRId64 " (%s by %s): made while "
		    "the log's option second_person was on, without another supervisor's "
		    "approval of its plan"), ev->seq, ev->type, ev->account);
	cc->plan[0] = cc->by[0] = '\0';
	fields_free(f, n);
}

/* The removed events before `seq` that an author's chain needs, as the
 * gallrings that removed them recorded them (db/cull.c). */
static void
bridge_authors(struct cull_map *culls, struct own_map *own, int64_t seq)
{
	const unsigned char *hash;
	const char *account;
	int64_t at;

	while (cull_map_next_author(culls, seq, &account, &at, &hash))
		own_map_bridge(own, account, at, hash);
}

/* One pass over the events: the chain, and the summaries recomputed into
 * the temp.check_* tables. */
static void
check_chain(struct log *log, const struct verify_hook *h, struct log_verify *r,
    bool *summaries_ok)
{
	unsigned char prev[32] = { 0 };
	enum log_chain link;
	struct run_map runs = { NULL, 0, 0 };
	struct authors *authors = authors_new();
	struct own_map *own = own_map_new();
	struct cull_map *culls = NULL;
	struct cull_check cc = { "", "" };
	struct sigpool *pool = sigpool_new(0);
	unsigned char pk[32];
	bool unsigned_seen = false, needs_sig, own_chain_bad = false;
	int64_t sig_bad, total;
	char why[256];
	sqlite3_stmt *st;
	struct log_event ev;
	int64_t expect = 1;
	bool bad = false;
	int rc;

	total = log->progress != NULL ? log_query_int64(log, "SELECT coalesce(max(seq),"
	    " 0) FROM events;", 0) : 0;
	rc = sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS
	    " FROM events ORDER BY seq;", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		r->events++;
		if (total > 0 && r->events % 4096 == 0)
			log->progress(log->progress_ctx, (int)(r->events * 99 / total));
		if (bad) {
			/* the first break is reported; later events are counted */
		} else if ((link = cull_chain_check(log, &culls, &ev, expect, prev)) !=
		    LOG_CHAIN_OK) {
			log_chain_text(link, &ev, expect, why, sizeof(why));
			log_verify_report(r, link == LOG_CHAIN_GAP ? expect : ev.seq,
			    "%s", why);
			bad = true;
		}
		if (!bad && !unsigned_seen && !authors_check_deferred(authors, &ev, pk,
		    &needs_sig, why, sizeof(why))) {
			log_verify_report(r, ev.seq,
			    _("event %" PRId64 " (%s by %s): %s"), ev.seq,
			    ev.type, ev.account, why);
			unsigned_seen = true;
		} else if (!bad && !unsigned_seen && needs_sig) {
			sigpool_add(pool, ev.seq, ev.hash, ev.sig, pk);
		} else if (!bad && !unsigned_seen) {
			r->unsigned_events++;
		}
		bridge_authors(culls, own, ev.seq);
		/* The first break of an account's own chain is reported;
		 * every later event of that account would repeat it. */
		if (!own_chain_bad && !own_map_check(own, &ev, why, sizeof(why))) {
			log_verify_report(r, ev.seq,
			    _("event %" PRId64 " (%s by %s): %s"), ev.seq,
			    ev.type, ev.account, why);
			own_chain_bad = true;
		}
		if (!bad) {
			check_not_own(&runs, &ev, r);
			check_confirmation(log, &ev, r);
			check_cull(&cc, authors, &ev, r);
		}
		if (h != NULL && h->at_event != NULL)
			h->at_event(h->ctx, &ev, authors, r);
		memcpy(prev, ev.hash, 32);
		expect = ev.seq + 1;
		if (event_type_of(ev.type) == EV_LOG_TRAINING)
			r->training_events++;
		else if ((event_flags_of(ev.type) & EVF_TRAINING) &&
		    r->training_events == 0 && !bad)
			log_verify_report(r, ev.seq,
			    _("event %" PRId64 " (%s) belongs to an "
			    "exercise, but the log was not a training log then"), ev.seq,
			    ev.type);
		if (*summaries_ok && !check_apply(log, &runs, &ev))
			*summaries_ok = false;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE && !bad)
		log_verify_report(r, expect,
		    _("events from %" PRId64 " on cannot be read: %s"),
		    expect, sqlite3_errmsg(log->db));
	sqlite3_finalize(st);
	if ((sig_bad = sigpool_finish(&pool)) > 0) {
		report_bad_signature(log, r, sig_bad);
		unsigned_seen = true;
	}
	if (!run_map_flush(log, &runs))
		*summaries_ok = false;
	/* An unsigned log is one made by rutin 0.1 and not yet upgraded;
	 * anything else without signatures was rewritten. */
	if (r->events > 0 && !bad && !unsigned_seen && !authors_signed(authors) &&
	    !log->legacy)
		log_verify_report(r, 1,
		    _("no event is signed, yet the log is not one of rutin "
		    "0.1 waiting for its upgrade: it was rewritten"));
	if (cull_map_problem(culls) != NULL)
		log_verify_report(r, 0, "%s", cull_map_problem(culls));
	cull_map_free(&culls);
	authors_free(&authors);
	own_map_free(&own);
}

/* Fills the temp.check_* tables from the events. */
static int
recompute(struct log *log, const char *prefix)
{
	sqlite3_stmt *st;
	struct log_event ev;
	int rc = sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS
	    " FROM events ORDER BY seq;", -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		rc = summary_apply(log, prefix, &ev);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int64_t
count_rows(struct log *log, const char *sql)
{
	return log_query_int64(log, sql, -1);
}

static bool
prepare_checks(struct log *log)
{
	log_exec(log, "DROP TABLE IF EXISTS temp.check_runs;"
	    "DROP TABLE IF EXISTS temp.check_accounts;");
	/* CREATE TABLE AS copies no key: the unique indexes give the copies
	 * the tables' own, and find a run by its id without reading every
	 * row (without them verify was quadratic in the runs: 60 s of its
	 * 89 for 40,000 runs). */
	return log_exec(log, "CREATE TEMP TABLE check_runs AS SELECT * FROM runs WHERE 0;"
	    "CREATE UNIQUE INDEX temp.check_runs_id ON check_runs (run_id);"
	    "CREATE TEMP TABLE check_accounts AS SELECT * FROM accounts WHERE 0;"
	    "CREATE UNIQUE INDEX temp.check_accounts_name ON check_accounts (name);") ==
	    SQLITE_OK;
}

/* A row of the case reference index, as it must be for each run: keyed
 * by the run's first event (schema.c). */
#define RUNS_TEXT_ROW "rowid, run_id, case_ref, routine_id, account"
#define RUNS_ROW RUN_FIRST_SEQ("runs") ", run_id, case_ref, routine_id, account"

static void
compare_summaries(struct log *log, struct log_verify *r, bool recomputed)
{
	if (!recomputed) {
		log_verify_report(r, 0, _("the summaries cannot be recomputed: %s"),
		    sqlite3_errmsg(log->db));
		return;
	}
	if (count_rows(log, "SELECT count(*) FROM (SELECT * FROM runs EXCEPT"
	    " SELECT * FROM temp.check_runs);") != 0 ||
	    count_rows(log, "SELECT count(*) FROM (SELECT * FROM temp.check_runs"
	    " EXCEPT SELECT * FROM runs);") != 0)
		log_verify_report(r, 0, _("the run summaries do not match the events (an "
		    "event may have been removed); see rutin verify --rebuild"));
	if (count_rows(log, "SELECT count(*) FROM (SELECT * FROM accounts EXCEPT"
	    " SELECT * FROM temp.check_accounts);") != 0 ||
	    count_rows(log, "SELECT count(*) FROM (SELECT * FROM"
	    " temp.check_accounts EXCEPT SELECT * FROM accounts);") != 0)
		log_verify_report(r, 0, _("the account table does not match the events"));
	if (count_rows(log, "SELECT count(*) FROM (SELECT " RUNS_TEXT_ROW " FROM runs_text"
	    " EXCEPT SELECT " RUNS_ROW " FROM runs);") != 0 ||
	    count_rows(log, "SELECT count(*) FROM (SELECT " RUNS_ROW " FROM runs"
	    " EXCEPT SELECT " RUNS_TEXT_ROW " FROM runs_text);") != 0)
		log_verify_report(r, 0, _("the index of case references does not match "
		    "the runs; see rutin verify --rebuild"));
}

enum log_status
log_verify(struct log *log, struct log_verify *r, struct log_error *err)
{
	memset(r, 0, sizeof(*r));
	log_exec(log, "BEGIN;");
	return log_verify_hooked(log, NULL, r, err);
}

enum log_status
log_verify_hooked(struct log *log, const struct verify_hook *h,
    struct log_verify *r, struct log_error *err)
{
	bool summaries_ok;

	/* The caller began one read transaction: a consistent snapshot while
	 * others append; it ends here. */
	summaries_ok = prepare_checks(log);
	check_chain(log, h, r, &summaries_ok);
	compare_summaries(log, r, summaries_ok);
	check_pages(log, r);
	check_schema(log, r);
	if (log->progress != NULL)
		log->progress(log->progress_ctx, 100);
	if ((r->training_events > 0) != (log_query_int64(log, "SELECT count(*) FROM"
	    " meta WHERE key = 'mode' AND value = 'training';", 0) > 0))
		log_verify_report(r, 0,
		    _("the log's training mark does not match its events"));
	log_exec(log, "ROLLBACK;");
	log_forget_check_statements(log);
	log_exec(log, "DROP TABLE IF EXISTS temp.check_runs;"
	    "DROP TABLE IF EXISTS temp.check_accounts;");
	if (r->problem[0] == '\0')
		return LOG_OK;
	return log_fail(err, LOG_E_CORRUPT, "%s: %s", log->path, r->problem);
}

enum log_status
log_rebuild(struct log *log, struct log_error *err)
{
	if (!log_manages(log))
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may rebuild the "
		    "summaries"));
	return log_recompute_summaries(log, err);
}

enum log_status
log_recompute_summaries(struct log *log, struct log_error *err)
{
	enum log_status s;
	int rc;

	if ((s = log_begin(log, err)) != LOG_OK)
		return s;
	rc = log_exec(log, "DELETE FROM runs_text; DELETE FROM runs; DELETE FROM accounts;"
	    " DELETE FROM findings_cache;");
	if (rc == SQLITE_OK)
		rc = recompute(log, "");
	if (rc != SQLITE_OK) {
		s = log_sql_fail(log, rc, _("rebuilding"), err);
		log_rollback(log);
		return s;
	}
	return log_commit(log, err);
}

/* Retention and gallring (db/FORMAT.md, "Retention and gallring"): the
 * log's retention rule (retention.set), and `rutin gallra`, which removes
 * the events of runs past it and first writes one signed event
 * (retention.culled) that says what goes — the runs, the ranges of
 * events, and the hashes the chains need to cross each gap. verify and
 * the authority pass read those events (the cull map below) to tell a
 * gap a supervisor made under the rule from one made by anyone else. */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/fields.h"
#include "db/lock.h"
#include "db/log_impl.h"

#define DAY_MS (24LL * 3600 * 1000)

/* A supervisor, as the signed events say (the session's role is a
 * caseworker's when they fail: db/authority.c). */
static bool
supervises(const struct log *log)
{
	return log->role == ROLE_SUPERVISOR && log->auth_bad == 0;
}

/* ---- the map of what gallrings removed (verify, authority, own) ---- */

struct cull_range {
	int64_t lo, hi;
};

struct cull_bridge {
	int64_t seq;
	unsigned char hash[32];
	char account[65];          /* an author bridge's account; "" for the chain */
};

struct cull_map {
	struct cull_range *ranges;
	size_t nranges, capr;
	struct cull_bridge *chain;
	size_t nchain, capc;
	struct cull_bridge *authors;
	size_t nauthors, capa, next_author;
	char problem[256];
};

static void
add_range(struct cull_map *m, int64_t lo, int64_t hi)
{
	if (m->nranges == m->capr) {
		m->capr = m->capr ? 2 * m->capr : 16;
		m->ranges = xreallocarray(m->ranges, m->capr, sizeof(*m->ranges));
	}
	m->ranges[m->nranges].lo = lo;
	m->ranges[m->nranges++].hi = hi;
}

static void
add_bridge(struct cull_bridge **list, size_t *n, size_t *cap, int64_t seq,
    const unsigned char hash[32], const char *account)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*list = xreallocarray(*list, *cap, sizeof(**list));
	}
	(*list)[*n].seq = seq;
	memcpy((*list)[*n].hash, hash, 32);
	snprintf((*list)[*n].account, sizeof((*list)[*n].account), "%s",
	    account != NULL ? account : "");
	++*n;
}

/* Past one item of a list separated by single spaces: false when what
 * follows it is neither a space nor the end. */
static bool
next_item(const char **p, int used)
{
	*p += used;
	if (**p == ' ')
		(*p)++;
	else if (**p != '\0')
		return false;
	return true;
}

/* "LO-HI LO-HI ...": true when every range is well formed and below the
 * event that names it. */
static bool
parse_ranges(struct cull_map *m, const char *text, int64_t below)
{
	const char *p = text;
	long long lo, hi;
	int used;

	while (*p != '\0') {
		if (sscanf(p, "%lld-%lld%n", &lo, &hi, &used) != 2 || lo < 1 || hi < lo ||
		    hi >= below)
			return false;
		add_range(m, lo, hi);
		if (!next_item(&p, used))
			return false;
	}
	return true;
}

/* "SEQ:HASH ..." (the chain) or "SEQ:HASH:ACCOUNT ..." (authors). */
static bool
parse_bridges(struct cull_map *m, const char *text, int64_t below, bool authors)
{
	const char *p = text;
	unsigned char hash[32];
	char hex[65], account[65];
	long long seq;
	int used;

	while (*p != '\0') {
		account[0] = '\0';
		if ((authors ? sscanf(p, "%lld:%64[0-9a-f]:%64[A-Za-z0-9._-]%n", &seq, hex,
		    account, &used) != 3 : sscanf(p, "%lld:%64[0-9a-f]%n", &seq, hex,
		    &used) != 2) || seq < 1 || seq >= below || strlen(hex) != 64 ||
		    sodium_hex2bin(hash, 32, hex, 64, NULL, NULL, NULL) != 0)
			return false;
		if (authors)
			add_bridge(&m->authors, &m->nauthors, &m->capa, seq, hash, account);
		else
			add_bridge(&m->chain, &m->nchain, &m->capc, seq, hash, NULL);
		if (!next_item(&p, used))
			return false;
	}
	return true;
}

static int
by_lo(const void *a, const void *b)
{
	const struct cull_range *x = a, *y = b;

	return (x->lo > y->lo) - (x->lo < y->lo);
}

static int
by_seq(const void *a, const void *b)
{
	const struct cull_bridge *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* One retention.culled event's fields into the map. */
static void
map_take(struct cull_map *m, int64_t seq, const char *json)
{
	struct log_field *f;
	size_t n;
	const char *removed, *bridges, *authors;

	if (!fields_from_json(json, &f, &n)) {
		snprintf(m->problem, sizeof(m->problem), _("event %" PRId64 " (%s): its "
		    "fields are not rutin's"), seq, event_name(EV_RETENTION_CULLED));
		return;
	}
	removed = fields_text(f, n, "removed");
	bridges = fields_text(f, n, "bridges");
	authors = fields_text(f, n, "authors");
	if (removed == NULL || bridges == NULL || authors == NULL ||
	    !parse_ranges(m, removed, seq) || !parse_bridges(m, bridges, seq, false) ||
	    !parse_bridges(m, authors, seq, true))
		snprintf(m->problem, sizeof(m->problem), _("event %" PRId64 " (%s): what "
		    "it says was removed is not rutin's (a range or hash malformed, or "
		    "not before the event)"), seq, event_name(EV_RETENTION_CULLED));
	fields_free(f, n);
}

struct cull_map *
cull_map_load(struct log *log)
{
	struct cull_map *m = xcalloc(1, sizeof(*m));
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(log->db, "SELECT seq, fields FROM events WHERE type = ?"
	    " ORDER BY seq;", -1, &st, NULL) != SQLITE_OK) {
		snprintf(m->problem, sizeof(m->problem), "%s", sqlite3_errmsg(log->db));
		return m;
	}
	sqlite3_bind_text(st, 1, event_name(EV_RETENTION_CULLED), -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		map_take(m, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	/* qsort is given no null array, even an empty one (C says so). */
	if (m->nranges > 0)
		qsort(m->ranges, m->nranges, sizeof(*m->ranges), by_lo);
	if (m->nchain > 0)
		qsort(m->chain, m->nchain, sizeof(*m->chain), by_seq);
	if (m->nauthors > 0)
		qsort(m->authors, m->nauthors, sizeof(*m->authors), by_seq);
	return m;
}

void
cull_map_free(struct cull_map **m)
{
	if (m == NULL || *m == NULL)
		return;
	free((*m)->ranges);
	free((*m)->chain);
	free((*m)->authors);
	free(*m);
	*m = NULL;
}

const char *
cull_map_problem(const struct cull_map *m)
{
	return m != NULL && m->problem[0] != '\0' ? m->problem : NULL;
}

bool
cull_map_covers(const struct cull_map *m, int64_t lo, int64_t hi)
{
	size_t i;

	/* The ranges are sorted by their start; several may together cover
	 * [lo, hi] (two gallrings side by side). */
	for (i = 0; m != NULL && i < m->nranges && lo <= hi; i++)
		if (m->ranges[i].lo <= lo && m->ranges[i].hi >= lo)
			lo = m->ranges[i].hi + 1;
	return lo > hi;
}

static const struct cull_bridge *
find_chain(const struct cull_map *m, int64_t seq)
{
	struct cull_bridge key;

	key.seq = seq;
	return m->nchain == 0 ? NULL : bsearch(&key, m->chain, m->nchain,
	    sizeof(*m->chain), by_seq);
}

enum log_chain
cull_chain_check(struct log *log, struct cull_map **m, const struct log_event *ev,
    int64_t expect, const unsigned char prev[32])
{
	const struct cull_bridge *b;
	int tries;

	if (ev->seq <= expect)
		return log_chain_check(ev, expect, prev);
	/* A gap: loaded when first met, and once more when this one is not
	 * in the map (a gallring made since it was read). */
	for (tries = 0; tries < 2; tries++) {
		if (*m == NULL || tries == 1) {
			cull_map_free(m);
			*m = cull_map_load(log);
		}
		if (cull_map_covers(*m, expect, ev->seq - 1) &&
		    (b = find_chain(*m, ev->seq - 1)) != NULL)
			return log_chain_check(ev, ev->seq, b->hash);
	}
	return LOG_CHAIN_GAP;
}

bool
cull_map_next_author(struct cull_map *m, int64_t before, const char **account,
    int64_t *seq, const unsigned char **hash)
{
	const struct cull_bridge *b;

	if (m == NULL || m->next_author >= m->nauthors ||
	    m->authors[m->next_author].seq >= before)
		return false;
	b = &m->authors[m->next_author++];
	*account = b->account;
	*seq = b->seq;
	*hash = b->hash;
	return true;
}

bool
cull_removed(struct log *log, int64_t seq)
{
	if (log->cull == NULL || !cull_map_covers(log->cull, seq, seq)) {
		cull_map_free(&log->cull);
		log->cull = cull_map_load(log);
	}
	return cull_map_covers(log->cull, seq, seq);
}

/* ---- the rule ---- */

enum log_status
log_retention_get(struct log *log, struct log_retention *r, bool *has,
    struct log_error *err)
{
	struct log_field *f;
	sqlite3_stmt *st;
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	*has = false;
	rc = sqlite3_prepare_v2(log->db, "SELECT seq, time, account, fields FROM events"
	    " WHERE type = ? ORDER BY seq DESC LIMIT 1;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, event_name(EV_RETENTION_SET), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    fields_from_json((const char *)sqlite3_column_text(st, 3), &f, &n)) {
		r->seq = sqlite3_column_int64(st, 0);
		r->time = sqlite3_column_int64(st, 1);
		snprintf(r->by, sizeof(r->by), "%s", sqlite3_column_text(st, 2));
		snprintf(r->decision, sizeof(r->decision), "%s",
		    fields_text(f, n, "decision") ? fields_text(f, n, "decision") : "");
		r->days = fields_number(f, n, "days", 0);
		fields_free(f, n);
		*has = r->days > 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

enum log_status
log_retention_set(struct log *log, int64_t days, const char *decision,
    struct log_error *err)
{
	struct log_field f[] = { { "days", NULL, days }, { "decision", decision, 0 } };
	struct log_event_in ev = { event_name(EV_RETENTION_SET), NULL, 0, f, 2 };

	if (!supervises(log))
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may set the "
		    "retention rule"));
	if (days < 1 || days > LOG_RETENTION_MAX_DAYS)
		return log_fail(err, LOG_E_INVALID, _("the retention is 1 to %d days, "
		    "not %" PRId64), LOG_RETENTION_MAX_DAYS, days);
	if (decision == NULL || decision[0] == '\0')
		return log_fail(err, LOG_E_INVALID, _("the rule needs the gallringsbeslut "
		    "it rests on (--decision: its reference, e.g. \"SN 2026/112 §4\")"));
	return log_append(log, &ev, NULL, err);
}

/* ---- the plan ---- */

void
log_cull_digest(int64_t before, const char *run_ids, char hex[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[32];
	char head[64];

	snprintf(head, sizeof(head), "rutin-cull/1\n%" PRId64 "\n", before);
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)head, strlen(head));
	crypto_hash_sha256_update(&h, (const unsigned char *)run_ids, strlen(run_ids));
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, 65, d, 32);
}

/* The run ids of a plan, as the gallring event lists them. */
static char *
plan_ids(const struct log_cull_plan *p)
{
	size_t i, len = 1;
	char *s, *at;

	for (i = 0; i < p->run_count; i++)
		len += strlen(p->runs[i].run_id) + 1;
	s = at = xmalloc(len);
	*s = '\0';
	for (i = 0; i < p->run_count; i++)
		at += snprintf(at, len - (size_t)(at - s), "%s%s", i > 0 ? " " : "",
		    p->runs[i].run_id);
	return s;
}

/* The newest approval since the last gallring (retention.approved after
 * the newest retention.culled): its signer, cutoff and plan. */
static enum log_status
standing_approval(struct log *log, struct log_cull_plan *p, struct log_error *err)
{
	struct log_field *f;
	sqlite3_stmt *st;
	size_t n;
	int rc;

	rc = sqlite3_prepare_v2(log->db, "SELECT account, fields FROM events WHERE"
	    " type = ?1 AND seq > (SELECT coalesce(max(seq), 0) FROM events WHERE"
	    " type = ?2) ORDER BY seq DESC LIMIT 1;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, event_name(EV_RETENTION_APPROVED), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, event_name(EV_RETENTION_CULLED), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    fields_from_json((const char *)sqlite3_column_text(st, 1), &f, &n)) {
		snprintf(p->approved_by, sizeof(p->approved_by), "%s",
		    sqlite3_column_text(st, 0));
		snprintf(p->approved_plan, sizeof(p->approved_plan), "%s",
		    fields_text(f, n, "plan") ? fields_text(f, n, "plan") : "");
		p->approved_before = fields_number(f, n, "before", 0);
		fields_free(f, n);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

/* The newest gallring, its ranges and run ids, when some of its events
 * are still in the log (a gallring begun and not finished): *seq 0 when
 * there is none. */
static enum log_status
pending_cull(struct log *log, int64_t *seq, char **removed, char **run_ids,
    int64_t *left, int64_t *newest, struct log_error *err)
{
	struct cull_map one = { 0 };
	struct log_field *f;
	sqlite3_stmt *st;
	size_t n, i;
	int rc;

	*seq = 0;
	*left = 0;
	*removed = *run_ids = NULL;
	rc = sqlite3_prepare_v2(log->db, "SELECT seq, fields FROM events WHERE type = ?"
	    " ORDER BY seq DESC LIMIT 1;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, event_name(EV_RETENTION_CULLED), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    fields_from_json((const char *)sqlite3_column_text(st, 1), &f, &n)) {
		*seq = sqlite3_column_int64(st, 0);
		*removed = xstrdup(fields_text(f, n, "removed") ? fields_text(f, n, "removed") : "");
		*run_ids = xstrdup(fields_text(f, n, "run_ids") ? fields_text(f, n, "run_ids") : "");
		fields_free(f, n);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	*newest = *seq;
	if (*seq == 0)
		return LOG_OK;
	if (!parse_ranges(&one, *removed, *seq)) {
		free(one.ranges);
		return log_fail(err, LOG_E_CORRUPT, _("%s: event %" PRId64 " (%s) is "
		    "malformed"), log->path, *seq, event_name(EV_RETENTION_CULLED));
	}
	rc = sqlite3_prepare_v2(log->db, "SELECT count(*) FROM events WHERE seq BETWEEN"
	    " ?1 AND ?2;", -1, &st, NULL);
	for (i = 0; rc == SQLITE_OK && i < one.nranges; i++) {
		sqlite3_bind_int64(st, 1, one.ranges[i].lo);
		sqlite3_bind_int64(st, 2, one.ranges[i].hi);
		if (sqlite3_step(st) == SQLITE_ROW)
			*left += sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(one.ranges);
	if (*left == 0) {
		*seq = 0;
		free(*removed);
		free(*run_ids);
		*removed = *run_ids = NULL;
	}
	return LOG_OK;
}

static void
plan_add(struct log_cull_plan *p, sqlite3_stmt *st, size_t *cap)
{
	struct log_cull_run *r;

	if (p->run_count == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		p->runs = xreallocarray(p->runs, *cap, sizeof(*p->runs));
	}
	r = &p->runs[p->run_count++];
	memset(r, 0, sizeof(*r));
	snprintf(r->run_id, sizeof(r->run_id), "%s", sqlite3_column_text(st, 0));
	r->routine_id = xstrdup(sqlite3_column_text(st, 1) ?
	    (const char *)sqlite3_column_text(st, 1) : "");
	r->routine_hash = xstrdup(sqlite3_column_text(st, 2) ?
	    (const char *)sqlite3_column_text(st, 2) : "");
	r->case_ref = xstrdup(sqlite3_column_text(st, 3) ?
	    (const char *)sqlite3_column_text(st, 3) : "");
	r->ended = sqlite3_column_int64(st, 5);
	r->events = sqlite3_column_int64(st, 6);
	p->events += r->events;
}

/* The runs past the rule: ended (completed or aborted), and their end or
 * their review, whichever is later, before `before`. Readings (access
 * entries) do not keep a run. */
static enum log_status
plan_runs(struct log *log, struct log_cull_plan *p, struct log_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	rc = sqlite3_prepare_v2(log->db, "SELECT r.run_id, r.routine_id, r.routine_hash,"
	    " r.case_ref, r.status, max(r.last_activity, coalesce(e.time, 0)) AS t,"
	    " (SELECT count(*) FROM events AS x WHERE x.run_id = r.run_id)"
	    " FROM runs AS r LEFT JOIN events AS e ON r.review_seq > 0"
	    " AND e.seq = r.review_seq WHERE t < ?1 ORDER BY r.started, r.run_id;", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_int64(st, 1, p->before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (run_status_ended(run_status_of((const char *)sqlite3_column_text(st, 4))))
			plan_add(p, st, &cap);
		else
			p->open_past++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

enum log_status
log_cull_plan(struct log *log, struct log_cull_plan *p, struct log_error *err)
{
	enum log_status s;
	bool has;

	memset(p, 0, sizeof(*p));
	if ((s = log_retention_get(log, &p->rule, &has, err)) != LOG_OK)
		return s;
	if ((s = pending_cull(log, &p->pending, &p->pending_removed, &p->pending_run_ids,
	    &p->pending_events, &p->last_cull, err)) != LOG_OK || p->pending > 0 || !has)
		return s;
	p->needs_second = log_second_person_on(log);
	if (p->needs_second && (s = standing_approval(log, p, err)) != LOG_OK)
		return s;
	/* An approval fixes the cutoff: the runs it saw, not those that
	 * passed the rule since. */
	p->before = p->approved_before > 0 ? p->approved_before :
	    clock_now_ms() - p->rule.days * DAY_MS;
	if ((s = plan_runs(log, p, err)) == LOG_OK) {
		char *ids = plan_ids(p);

		log_cull_digest(p->before, ids, p->plan);
		free(ids);
	}
	return s;
}

enum log_status
log_cull_approve(struct log *log, const struct log_cull_plan *p,
    struct log_error *err)
{
	struct log_field f[] = { { "before", NULL, p->before }, { "plan", p->plan, 0 },
		{ "runs", NULL, (int64_t)p->run_count } };
	struct log_event_in ev = { event_name(EV_RETENTION_APPROVED), NULL, 0, f, 3 };

	if (!supervises(log))
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may approve a "
		    "gallring"));
	if (p->run_count == 0)
		return log_fail(err, LOG_E_INVALID, _("no run is past the retention rule: "
		    "there is nothing to approve"));
	return log_append(log, &ev, NULL, err);
}

void
log_cull_plan_free(struct log_cull_plan *p)
{
	size_t i;

	for (i = 0; i < p->run_count; i++) {
		free(p->runs[i].routine_id);
		free(p->runs[i].routine_hash);
		free(p->runs[i].case_ref);
	}
	free(p->runs);
	free(p->pending_removed);
	free(p->pending_run_ids);
	memset(p, 0, sizeof(*p));
}

/* ---- what the gallring event says ---- */

/* A growing text. */
struct text {
	char *s;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + (size_t)n + 2 > t->cap) {
		t->cap = 2 * (t->len + (size_t)n + 2) + 256;
		t->s = xreallocarray(t->s, t->cap, 1);
	}
	if (t->len > 0)
		t->s[t->len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static const char *
text_str(struct text *t)
{
	return t->s != NULL ? t->s : "";
}

/* The seqs of the runs' events, sorted. */
struct seqs {
	int64_t *v;
	size_t n, cap;
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static enum log_status
removed_seqs(struct log *log, const struct log_cull_plan *p, struct seqs *out,
    struct log_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	rc = sqlite3_prepare_v2(log->db, "SELECT seq FROM events WHERE run_id = ?;", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	for (i = 0; i < p->run_count; i++) {
		sqlite3_bind_text(st, 1, p->runs[i].run_id, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 1024;
				out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
			}
			out->v[out->n++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	if (out->n > 0)
		qsort(out->v, out->n, sizeof(*out->v), cmp_i64);
	return LOG_OK;
}

static bool
seqs_has(const struct seqs *s, int64_t seq)
{
	return s->n > 0 && bsearch(&seq, s->v, s->n, sizeof(*s->v), cmp_i64) != NULL;
}

/* Each account's previous event as verify will see it after the removal. */
struct last_of {
	char account[65];
	int64_t seq;
	unsigned char hash[32];
	bool removed;
	bool bridged;
};

static struct last_of *
last_find(struct last_of **list, size_t *n, const char *account)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i].account, account) == 0)
			return &(*list)[i];
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	memset(&(*list)[*n], 0, sizeof(**list));
	snprintf((*list)[*n].account, sizeof((*list)[0].account), "%s", account);
	return &(*list)[(*n)++];
}

static void
add_author_bridge(struct text *authors, struct last_of *l)
{
	char hex[65];

	if (!l->removed || l->bridged)
		return;
	sodium_bin2hex(hex, sizeof(hex), l->hash, 32);
	text_add(authors, "%" PRId64 ":%s:%s", l->seq, hex, l->account);
	l->bridged = true;
}

static void
note_last(struct last_of **list, size_t *n, const char *account, int64_t seq,
    const unsigned char hash[32], bool removed)
{
	struct last_of *l = last_find(list, n, account);

	l->seq = seq;
	memcpy(l->hash, hash, 32);
	l->removed = removed;
	l->bridged = false;
}

/* Walks every event (and the author bridges of earlier gallrings) as
 * verify will: the hashes the chain and each author's chain need once
 * the seqs in `gone` are removed and the gallring event (by `self`) is
 * appended after them. */
static enum log_status
bridges_for(struct log *log, const struct seqs *gone, struct text *chain,
    struct text *authors, struct log_error *err)
{
	struct cull_map *earlier = cull_map_load(log);
	struct last_of *last = NULL;
	size_t nlast = 0;
	int64_t prev_seq = 0, bseq;
	unsigned char prev_hash[32];
	const unsigned char *bhash;
	const char *bacct;
	bool prev_gone = false;
	char hex[65];
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(log->db, "SELECT seq, account, hash FROM events"
	    " ORDER BY seq;", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *account = (const char *)sqlite3_column_text(st, 1);
		const unsigned char *hash = sqlite3_column_blob(st, 2);
		bool now_gone = seqs_has(gone, seq);

		if (hash == NULL || sqlite3_column_bytes(st, 2) != 32) {
			rc = SQLITE_CORRUPT;
			break;
		}
		while (cull_map_next_author(earlier, seq, &bacct, &bseq, &bhash))
			note_last(&last, &nlast, bacct, bseq, bhash, false);
		if (!now_gone) {
			if (prev_gone && prev_seq == seq - 1) {
				sodium_bin2hex(hex, sizeof(hex), prev_hash, 32);
				text_add(chain, "%" PRId64 ":%s", prev_seq, hex);
			}
			add_author_bridge(authors, last_find(&last, &nlast, account));
		}
		note_last(&last, &nlast, account, seq, hash, now_gone);
		prev_seq = seq;
		memcpy(prev_hash, hash, 32);
		prev_gone = now_gone;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = SQLITE_DONE;
	if (rc == SQLITE_DONE) {
		/* The gallring event itself comes next, by this session. */
		if (prev_gone) {
			sodium_bin2hex(hex, sizeof(hex), prev_hash, 32);
			text_add(chain, "%" PRId64 ":%s", prev_seq, hex);
		}
		add_author_bridge(authors, last_find(&last, &nlast, log->user));
	}
	free(last);
	cull_map_free(&earlier);
	if (rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

/* The seqs as maximal ranges "LO-HI ...". */
static void
ranges_text(const struct seqs *s, struct text *t)
{
	size_t i = 0, j;

	while (i < s->n) {
		for (j = i; j + 1 < s->n && s->v[j + 1] == s->v[j] + 1; j++)
			;
		text_add(t, "%" PRId64 "-%" PRId64, s->v[i], s->v[j]);
		i = j + 1;
	}
}

/* Appends retention.culled for the plan's runs: *seq its seq. */
static enum log_status
write_cull_event(struct log *log, const struct log_cull_plan *p, int64_t *seq,
    char **removed, char **run_ids, struct log_error *err)
{
	struct text rt = { 0 }, ids = { 0 }, chain = { 0 }, authors = { 0 };
	struct seqs gone = { 0 };
	enum log_status s;
	size_t i;

	if ((s = removed_seqs(log, p, &gone, err)) == LOG_OK)
		s = bridges_for(log, &gone, &chain, &authors, err);
	if (s == LOG_OK) {
		ranges_text(&gone, &rt);
		for (i = 0; i < p->run_count; i++)
			text_add(&ids, "%s", p->runs[i].run_id);
		{
			struct log_field f[] = {
				{ "authors", text_str(&authors), 0 },
				{ "before", NULL, p->before },
				{ "bridges", text_str(&chain), 0 },
				{ "days", NULL, p->rule.days },
				{ "decision", p->rule.decision, 0 },
				{ "events", NULL, (int64_t)gone.n },
				{ "plan", p->plan, 0 },
				{ "removed", text_str(&rt), 0 },
				{ "run_ids", text_str(&ids), 0 },
				{ "runs", NULL, (int64_t)p->run_count },
			};
			struct log_event_in ev = { event_name(EV_RETENTION_CULLED), NULL, 0, f,
				sizeof(f) / sizeof(f[0]) };

			s = log_append(log, &ev, seq, err);
		}
		*removed = xstrdup(text_str(&rt));
		*run_ids = xstrdup(text_str(&ids));
	}
	free(rt.s);
	free(ids.s);
	free(chain.s);
	free(authors.s);
	free(gone.v);
	return s;
}

/* ---- the removal ---- */

static int
exec_checked(struct log *log, const char *sql)
{
	return sqlite3_exec(log->db, sql, NULL, NULL, NULL);
}

/* Deletes the events in `removed` (below `g`) and the runs' summaries, in
 * one transaction, with secure_delete on: the freed cells are zeroed. The
 * append-only guard on deletes is lifted inside the transaction and put
 * back word for word (verify compares the schema). */
static enum log_status
delete_events(struct log *log, int64_t g, const char *removed, const char *run_ids,
    struct log_error *err)
{
	struct cull_map one = { 0 };
	sqlite3_stmt *st = NULL;
	char *guard = NULL, *ids = xstrdup(run_ids), *id, *save = NULL;
	enum log_status s;
	size_t i;
	int rc;

	if (!parse_ranges(&one, removed, g)) {
		free(ids);
		return log_fail(err, LOG_E_CORRUPT, _("%s: event %" PRId64 " (%s) is "
		    "malformed"), log->path, g, event_name(EV_RETENTION_CULLED));
	}
	if ((s = log_begin(log, err)) != LOG_OK) {
		free(one.ranges);
		free(ids);
		return s;
	}
	rc = sqlite3_prepare_v2(log->db, "SELECT sql FROM sqlite_master WHERE type ="
	    " 'trigger' AND name = 'events_no_delete';", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		guard = xstrdup((const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_CORRUPT; /* no guard: not a log rutin made */
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = exec_checked(log, "CREATE TEMP TABLE cull_ids (run_id TEXT PRIMARY KEY);");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(log->db, "INSERT OR IGNORE INTO temp.cull_ids"
		    " VALUES (?);", -1, &st, NULL);
	for (id = strtok_r(ids, " ", &save); rc == SQLITE_OK && id != NULL;
	    id = strtok_r(NULL, " ", &save)) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(log->db);
		sqlite3_reset(st);
	}
	if (st != NULL)
		sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = exec_checked(log, "DELETE FROM findings_cache WHERE run_id IN"
		    " (SELECT run_id FROM temp.cull_ids);"
		    "DELETE FROM leases WHERE run_id IN (SELECT run_id FROM temp.cull_ids);"
		    "DELETE FROM runs WHERE run_id IN (SELECT run_id FROM temp.cull_ids);"
		    /* FTS5 keeps deleted rows' terms in its segments until they
		     * are merged: merged now, so no trigram of a removed case
		     * reference stays behind. */
		    "INSERT INTO runs_text(runs_text) VALUES ('optimize');"
		    "DROP TABLE temp.cull_ids;");
	if (rc == SQLITE_OK)
		rc = exec_checked(log, "DROP TRIGGER events_no_delete;");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(log->db, "DELETE FROM events WHERE seq BETWEEN ?1"
		    " AND ?2 AND seq < ?3;", -1, &st, NULL);
	for (i = 0; rc == SQLITE_OK && i < one.nranges; i++) {
		sqlite3_bind_int64(st, 1, one.ranges[i].lo);
		sqlite3_bind_int64(st, 2, one.ranges[i].hi);
		sqlite3_bind_int64(st, 3, g);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(log->db);
		sqlite3_reset(st);
		if (log->progress != NULL && one.nranges > 0)
			log->progress(log->progress_ctx, 10 + (int)(40 * (i + 1) / one.nranges));
	}
	if (st != NULL)
		sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = exec_checked(log, guard);
	free(guard);
	free(one.ranges);
	free(ids);
	if (rc != SQLITE_OK) {
		s = log_sql_fail(log, rc, _("removing"), err);
		log_rollback(log);
		return s;
	}
	return log_commit(log, err);
}

/* The freed pages: the file rewritten without them (VACUUM), and the
 * write-ahead log, which held the pages as they were, checkpointed and
 * cut to nothing. */
static enum log_status
reclaim(struct log *log, struct log_error *err)
{
	static const char *const steps[] = {
		"PRAGMA wal_checkpoint(TRUNCATE);",
		"VACUUM;",
		"PRAGMA wal_checkpoint(TRUNCATE);",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_OK, busy = 0;

	log_forget_statements(log);
	for (i = 0; rc == SQLITE_OK && i < sizeof(steps) / sizeof(steps[0]); i++) {
		if ((rc = sqlite3_prepare_v2(log->db, steps[i], -1, &st, NULL)) != SQLITE_OK)
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			busy |= sqlite3_column_int(st, 0);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_finalize(st);
		if (log->progress != NULL)
			log->progress(log->progress_ctx, 60 + 13 * (int)(i + 1));
	}
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reclaiming the freed pages"), err);
	if (busy)
		return log_fail(err, LOG_E_BUSY, _("%s: the write-ahead log could not be "
		    "emptied (another process reads the log); run rutin gallra again when "
		    "it has ended"), log->path);
	return LOG_OK;
}

enum log_status
log_cull(struct log *log, const struct log_cull_plan *p, int64_t *seq,
    struct log_error *err)
{
	char *removed = NULL, *run_ids = NULL;
	enum log_status s;
	int64_t g = p->pending;

	if (!supervises(log))
		return log_fail(err, LOG_E_DENIED, _("only a supervisor may remove runs "
		    "under the retention rule"));
	if (g == 0 && p->run_count == 0 && p->last_cull == 0)
		return LOG_OK;
	if (g == 0 && p->run_count == 0) {
		/* Nothing new: the last gallring's pages reclaimed again, in
		 * case that step was interrupted. */
		if ((s = lock_exclusive(log->lock, log->path, err)) != LOG_OK)
			return s;
		s = reclaim(log, err);
		lock_shared(log->lock);
		return s;
	}
	if (g == 0 && p->needs_second && (p->approved_by[0] == '\0' ||
	    strcmp(p->approved_plan, p->plan) != 0))
		return log_fail(err, LOG_E_DENIED, _("the log's option second_person is on: "
		    "another supervisor approves this gallring first (rutin gallra approve)"));
	if (g == 0 && p->needs_second && strcmp(p->approved_by, log->user) == 0)
		return log_fail(err, LOG_E_DENIED, _("the log's option second_person is on: "
		    "you approved this gallring yourself; another supervisor carries it out, "
		    "or approves it"));
	if ((s = lock_exclusive(log->lock, log->path, err)) != LOG_OK)
		return s;
	if (g == 0) {
		s = write_cull_event(log, p, &g, &removed, &run_ids, err);
	} else {
		removed = xstrdup(p->pending_removed);
		run_ids = xstrdup(p->pending_run_ids);
	}
	if (log->progress != NULL && s == LOG_OK)
		log->progress(log->progress_ctx, 10);
	if (s == LOG_OK && (s = log_exec(log, "PRAGMA secure_delete = ON;") == SQLITE_OK ?
	    LOG_OK : log_sql_fail(log, sqlite3_errcode(log->db), _("removing"), err)) ==
	    LOG_OK) {
		s = delete_events(log, g, removed, run_ids, err);
		if (s == LOG_OK)
			s = reclaim(log, err);
		log_exec(log, "PRAGMA secure_delete = OFF;");
	}
	lock_shared(log->lock);
	free(removed);
	free(run_ids);
	if (seq != NULL)
		*seq = g;
	if (s == LOG_OK && log->progress != NULL)
		log->progress(log->progress_ctx, 100);
	return s;
}

/* ---- the gallrings a log records ---- */

enum log_status
log_culls(struct log *log, struct log_cull_info **out, size_t *n,
    struct log_error *err)
{
	struct log_field *f;
	sqlite3_stmt *st;
	size_t cap = 0, nf;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(log->db, "SELECT seq, time, account, fields FROM events"
	    " WHERE type = ? ORDER BY seq;", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	sqlite3_bind_text(st, 1, event_name(EV_RETENTION_CULLED), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct log_cull_info *c;

		if (!fields_from_json((const char *)sqlite3_column_text(st, 3), &f, &nf))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof(*c));
		c->seq = sqlite3_column_int64(st, 0);
		c->time = sqlite3_column_int64(st, 1);
		snprintf(c->by, sizeof(c->by), "%s", sqlite3_column_text(st, 2));
		snprintf(c->decision, sizeof(c->decision), "%s",
		    fields_text(f, nf, "decision") ? fields_text(f, nf, "decision") : "");
		c->days = fields_number(f, nf, "days", 0);
		c->runs = fields_number(f, nf, "runs", 0);
		c->events = fields_number(f, nf, "events", 0);
		c->before = fields_number(f, nf, "before", 0);
		fields_free(f, nf);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return log_sql_fail(log, rc, _("reading"), err);
	}
	return LOG_OK;
}

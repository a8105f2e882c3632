#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/runlog.h"

/* ---- The last review ---- */

/* A field's text into a buffer, or "". */
static void
field_into(const char *json, const char *name, char *out, size_t size)
{
	struct log_field *f;
	size_t n;

	out[0] = '\0';
	if (!fields_from_json(json, &f, &n))
		return;
	if (fields_text(f, n, name) != NULL)
		snprintf(out, size, "%s", fields_text(f, n, name));
	fields_free(f, n);
}

static int
scan_review(void *ctx, const struct log_event *ev)
{
	struct review_note *r = ctx;

	if (!event_is(ev->type, EV_REVIEW_SIGNED) && !event_is(ev->type, EV_REVIEW_RETURNED))
		return 0;
	r->any = true;
	r->returned = event_is(ev->type, EV_REVIEW_RETURNED);
	r->seq = ev->seq;
	r->time = ev->time;
	snprintf(r->by, sizeof(r->by), "%s", ev->account);
	field_into(ev->fields, "text", r->comment, sizeof(r->comment));
	field_into(ev->fields, "step", r->step, sizeof(r->step));
	return 0;
}

enum log_status
review_last(struct log *log, const char *run_id, struct review_note *out,
    struct log_error *err)
{
	enum log_status s;
	bool named;

	/* The one event the summary names, not the run's every event; were
	 * it not a review of the run (a summary rewritten with the key), the
	 * events say which is. */
	memset(out, 0, sizeof(*out));
	s = log_run_review_event(log, run_id, &named, scan_review, out, err);
	if (s != LOG_OK || !named || out->any)
		return s;
	return log_events(log, run_id, NULL, scan_review, out, err);
}

/* ---- Findings ---- */

/* The routine's baseline pace in this log (runlog/findings.h); 0 when
 * not known. A baseline that cannot be read is none: speed is a note. */
static int64_t
baseline_of(struct log *log, const char *routine_id)
{
	struct log_error err;
	int64_t n, middle[2];

	if (log_routine_paces(log, routine_id, &n, middle, &err) != LOG_OK)
		return 0;
	return findings_baseline(n, middle[0], middle[1]);
}

/* RUN_OK when `r` is the text run `ri` followed (its hash into `hash`);
 * else RUN_E_REPLAY and why. */
static enum run_error
routine_is_the_runs(const struct routine *r, const struct log_run_info *ri,
    char hash[2 * ROUTINE_HASH_BYTES + 1], char *why, size_t why_size)
{
	if (r == NULL) {
		snprintf(why, why_size, _("the routine %s is not installed here"), ri->routine_id);
		return RUN_E_REPLAY;
	}
	routine_hash_hex(r, hash);
	if (strcmp(hash, ri->routine_hash) != 0) {
		snprintf(why, why_size, _("the run followed version %ld of %s, whose text is "
		    "not installed here (give its folder with --routines)"),
		    ri->routine_version, ri->routine_id);
		return RUN_E_REPLAY;
	}
	return RUN_OK;
}

/* From events runlog_events_check() accepted. */
static enum run_error
findings_of_events(const struct routine *r, const char *hash,
    const struct runlog_events *evs, int64_t now, int64_t baseline,
    struct findings *out, struct run **run_out, char *why, size_t why_size)
{
	enum run_error e;

	e = findings_of_run(r, evs->evs, evs->n, hash, now, baseline, out, run_out);
	if (e != RUN_OK)
		snprintf(why, why_size, "%s", run_error_message(e));
	return e;
}

static enum run_error
findings_with(struct log *log, const struct routine *r, const struct log_run_info *ri,
    int64_t now, int64_t baseline, struct findings *out, struct run **run_out,
    struct review_tap *tap, char *why, size_t why_size)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	struct runlog_events evs;
	enum run_error e;

	memset(out, 0, sizeof(*out));
	if ((e = routine_is_the_runs(r, ri, hash, why, why_size)) != RUN_OK)
		return e;
	e = tap != NULL ? runlog_collect_tapped(log, ri->run_id, &evs, tap->cb, tap->ctx,
	    &tap->read, why, why_size) : runlog_collect(log, ri->run_id, &evs, why, why_size);
	if (e != RUN_OK)
		return e;
	e = findings_of_events(r, hash, &evs, now, baseline, out, run_out, why, why_size);
	runlog_events_free(&evs);
	return e;
}

enum run_error
review_findings_collected(struct log *log, const struct routine *r,
    const struct log_run_info *ri, const struct runlog_events *evs, int64_t now,
    struct findings *out, struct run **run_out, char *why, size_t why_size)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	enum run_error e;

	memset(out, 0, sizeof(*out));
	if ((e = routine_is_the_runs(r, ri, hash, why, why_size)) != RUN_OK ||
	    (e = runlog_events_check(evs, why, why_size)) != RUN_OK)
		return e;
	return findings_of_events(r, hash, evs, now, baseline_of(log, ri->routine_id), out,
	    run_out, why, why_size);
}

enum run_error
review_findings(struct log *log, const struct routine *r, const struct log_run_info *ri,
    int64_t now, struct findings *out, char *why, size_t why_size)
{
	return review_findings_run(log, r, ri, now, out, NULL, why, why_size);
}

enum run_error
review_findings_run(struct log *log, const struct routine *r, const struct log_run_info *ri,
    int64_t now, struct findings *out, struct run **run_out, char *why, size_t why_size)
{
	return review_findings_tapped(log, r, ri, now, out, run_out, NULL, why, why_size);
}

enum run_error
review_findings_tapped(struct log *log, const struct routine *r,
    const struct log_run_info *ri, int64_t now, struct findings *out,
    struct run **run_out, struct review_tap *tap, char *why, size_t why_size)
{
	if (tap != NULL)
		tap->read = false;
	return findings_with(log, r, ri, now, r != NULL ? baseline_of(log, ri->routine_id) : 0,
	    out, run_out, tap, why, why_size);
}

/* ---- The findings cache ---- */

#define FAST_BIT (1u << FINDING_FAST)

/* The counts of computed findings as the cache keeps them: without
 * "unusually fast", which depends on the routine's other runs and is
 * judged when the counts are read. */
static void
counts_of(const struct findings *fs, struct review_counts *out)
{
	uint32_t kinds = findings_kinds(fs);

	out->have = true;
	out->count = fs->count - ((kinds & FAST_BIT) != 0);
	out->critical = fs->critical;
	out->active_ms = fs->active_ms;
	out->kinds = kinds & ~FAST_BIT;
	out->pace_ms = fs->pace_ms;
}

/* A cache row for `ri` from counts_of()'s counts. */
static void
cache_row(const struct log_run_info *ri, const struct routine *r,
    const struct review_counts *c, int64_t stable_until, struct log_findings *row)
{
	memset(row, 0, sizeof(*row));
	row->run_id = ri->run_id;
	row->routine_id = ri->routine_id;
	row->last_seq = ri->last_seq;
	routine_hash_hex(r, row->routine_hash);
	row->stable_until = stable_until;
	row->count = (int64_t)c->count;
	row->critical = (int64_t)c->critical;
	row->active_ms = c->active_ms;
	row->kinds = c->kinds;
	row->pace_ms = c->pace_ms;
}

/* Counts from the cache row, when it stands for `r`'s text and `now`. */
static bool
from_cache(const struct routine *r, const struct log_run_info *ri, int64_t now,
    struct review_counts *out)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];

	if (r == NULL || !ri->cached || now >= ri->cache.stable_until)
		return false;
	routine_hash_hex(r, hash);
	if (strcmp(hash, ri->cache.routine_hash) != 0)
		return false;
	out->have = true;
	out->count = (size_t)ri->cache.count;
	out->critical = (size_t)ri->cache.critical;
	out->active_ms = ri->cache.active_ms;
	out->kinds = (uint32_t)ri->cache.kinds;
	out->pace_ms = ri->cache.pace_ms;
	return true;
}

/* The baselines of the routines of a list, each read once. */
struct baselines {
	const char **ids;
	int64_t *values;
	size_t n;
};

static int64_t
baseline_cached(struct log *log, struct baselines *b, const char *routine_id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->ids[i], routine_id) == 0)
			return b->values[i];
	b->ids = xreallocarray(b->ids, b->n + 1, sizeof(*b->ids));
	b->values = xreallocarray(b->values, b->n + 1, sizeof(*b->values));
	b->ids[b->n] = routine_id;
	b->values[b->n] = baseline_of(log, routine_id);
	return b->values[b->n++];
}

/* "Unusually fast" judged against the routine's baseline, read after the
 * list's own rows were cached. */
static void
judge_speed(struct log *log, const struct log_run_info *runs, size_t n,
    struct review_counts *out)
{
	struct baselines b = { NULL, NULL, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (!out[i].have || out[i].pace_ms < 0 ||
		    !findings_fast(out[i].pace_ms, baseline_cached(log, &b, runs[i].routine_id)))
			continue;
		out[i].count++;
		out[i].kinds |= FAST_BIT;
	}
	free(b.ids);
	free(b.values);
}

void
review_counts(struct log *log, review_find_fn find, void *ctx, struct log_run_info *runs,
    size_t n, int64_t now, struct review_counts *out)
{
	struct log_findings *rows = xcalloc(n + 1, sizeof(*rows));
	struct log_error err;
	size_t i, k = 0;

	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n && runs[i].cache_read; i++)
		;
	/* Rows from log_runs() carry their cache rows; others are read. */
	if (i < n && log_runs_cached(log, runs, n, &err) != LOG_OK)
		for (i = 0; i < n; i++)
			runs[i].cached = false;
	for (i = 0; i < n; i++) {
		const struct routine *r = find(ctx, runs[i].routine_id, runs[i].routine_hash);
		struct findings fs;
		char why[512];

		if (from_cache(r, &runs[i], now, &out[i]) ||
		    findings_with(log, r, &runs[i], now, 0, &fs, NULL, NULL, why,
		    sizeof(why)) != RUN_OK)
			continue;
		counts_of(&fs, &out[i]);
		cache_row(&runs[i], r, &out[i], fs.stable_until, &rows[k++]);
		findings_free(&fs);
	}
	/* A cache that cannot be written is only slower: not an error. */
	log_findings_store(log, rows, k, &err);
	free(rows);
	judge_speed(log, runs, n, out);
}

void
review_filter_kind(struct log_run_filter *f, int kind)
{
	f->kinds_any = kind >= 0 && kind != FINDING_FAST ? (int64_t)1 << kind : 0;
	f->paced = kind == FINDING_FAST;
}

bool
review_has_kind(const struct review_counts *c, int kind)
{
	return kind < 0 || (c->have && (c->kinds & (1u << kind)) != 0);
}

#define FILL_BATCH 1000

long
review_fill_cache(struct log *log, review_find_fn find, void *ctx, int64_t now,
    struct log_error *err)
{
	struct log_run_filter f = { .uncached_only = true, .now = now };
	struct log_run_info *runs = NULL;
	struct review_counts *counts;
	size_t n = 0, i;
	long done = 0;

	if (log_runs(log, &f, &runs, &n, err) != LOG_OK)
		return -1;
	/* In batches: each one transaction. A run whose routine is not
	 * installed stays uncached: listed with its findings unknown, never
	 * as without any. */
	counts = xcalloc(FILL_BATCH, sizeof(*counts));
	for (i = 0; i < n; i += FILL_BATCH) {
		size_t m = n - i < FILL_BATCH ? n - i : FILL_BATCH, j;

		review_counts(log, find, ctx, runs + i, m, now, counts);
		for (j = 0; j < m; j++)
			done += counts[j].have;
	}
	free(counts);
	free(runs);
	return done;
}

/* Whether cached counts equal findings computed anew. The time is one
 * the row stood for: just before its stable_until, or for a row stable
 * for ever, a time after every deadline. */
static bool
cache_agrees(struct log *log, const struct routine *r, const struct log_run_info *ri)
{
	int64_t when = ri->cache.stable_until == INT64_MAX ? INT64_MAX / 2 :
	    ri->cache.stable_until - 1;
	struct review_counts c;
	struct findings fs;
	char why[512];
	bool same;

	if (findings_with(log, r, ri, when, 0, &fs, NULL, NULL, why, sizeof(why)) != RUN_OK)
		return false;
	counts_of(&fs, &c);
	same = (int64_t)c.count == ri->cache.count && (int64_t)c.critical ==
	    ri->cache.critical && c.active_ms == ri->cache.active_ms &&
	    (int64_t)c.kinds == ri->cache.kinds && c.pace_ms == ri->cache.pace_ms &&
	    fs.stable_until == ri->cache.stable_until;
	findings_free(&fs);
	return same;
}

int
review_check_cache(struct log *log, review_find_fn find, void *ctx,
    char bad_run[LOG_ID_LEN], size_t *checked, size_t *unchecked, struct log_error *err)
{
	struct log_run_filter f = { .account = NULL };
	struct log_run_info *runs = NULL;
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	size_t n = 0, i;
	int rc = 0;

	*checked = *unchecked = 0;
	if (log_runs(log, &f, &runs, &n, err) != LOG_OK)
		return -1;
	if (log_runs_cached(log, runs, n, err) != LOG_OK) {
		free(runs);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const struct routine *r;

		if (!runs[i].cached)
			continue;
		r = find(ctx, runs[i].routine_id, runs[i].routine_hash);
		if (r != NULL)
			routine_hash_hex(r, hash);
		if (r == NULL || strcmp(hash, runs[i].cache.routine_hash) != 0) {
			(*unchecked)++;
			continue;
		}
		(*checked)++;
		if (!cache_agrees(log, r, &runs[i])) {
			snprintf(bad_run, LOG_ID_LEN, "%s", runs[i].run_id);
			rc = 1;
		}
	}
	free(runs);
	return rc;
}

/* ---- Sign and return ---- */

enum review_refusal
review_may_decide(struct log *log, const struct log_run_info *ri, bool sign)
{
	if (log_role(log) != ROLE_SUPERVISOR)
		return REVIEW_NOT_SUPERVISOR;
	if (strcmp(ri->account, log_user(log)) == 0)
		return REVIEW_OWN_RUN;
	if (run_status_of(ri->status) != RUN_COMPLETED)
		return REVIEW_NOT_COMPLETED;
	if (!sign && review_state_of(ri->review) == REVIEW_RETURNED)
		return REVIEW_AWAITS_CORRECTION;
	if (review_state_of(ri->review) == REVIEW_SIGNED)
		return REVIEW_ALREADY_SIGNED;
	return REVIEW_MAY;
}

const char *
review_refusal_message(enum review_refusal r)
{
	switch (r) {
	case REVIEW_NOT_SUPERVISOR:
		return _("only a supervisor signs or returns runs");
	case REVIEW_OWN_RUN:
		return _("nobody reviews their own run; another supervisor must");
	case REVIEW_NOT_COMPLETED:
		return _("only a completed run is reviewed; this one is not finished");
	case REVIEW_AWAITS_CORRECTION:
		return _("the run was returned and waits for the caseworker's correction");
	case REVIEW_ALREADY_SIGNED:
		return _("the run is already signed");
	case REVIEW_NEEDS_COMMENT:
		return _("a returned run needs a comment saying what to correct");
	case REVIEW_MAY:
		break;
	}
	return "";
}

enum log_status
review_decide(struct log *log, const struct log_run_info *ri, bool sign,
    const char *comment, const char *step, enum review_refusal *why,
    struct log_error *err)
{
	struct log_field f[2];
	struct log_event_in in = { event_name(sign ? EV_REVIEW_SIGNED : EV_REVIEW_RETURNED),
		ri->run_id, 0, f, 0 };
	bool has_comment = comment != NULL && *comment != '\0';

	/* Fields in their canonical order: step, text. */
	if (!sign && step != NULL && *step != '\0')
		f[in.field_count++] = (struct log_field){ "step", step, 0 };
	if (has_comment)
		f[in.field_count++] = (struct log_field){ "text", comment, 0 };
	*why = review_may_decide(log, ri, sign);
	if (*why == REVIEW_MAY && !sign && !has_comment)
		*why = REVIEW_NEEDS_COMMENT;
	if (*why != REVIEW_MAY) {
		err->status = LOG_E_DENIED;
		snprintf(err->message, sizeof(err->message), "%s", review_refusal_message(*why));
		return LOG_E_DENIED;
	}
	return log_append(log, &in, NULL, err);
}

bool
review_is_clean(struct log *log, const struct log_run_info *ri, const struct review_counts *c)
{
	return c->have && c->count == 0 && review_state_of(ri->review) == REVIEW_NONE &&
	    review_may_decide(log, ri, true) == REVIEW_MAY;
}

enum log_status
review_sign_clean(struct log *log, const struct log_run_info *runs,
    const struct review_counts *counts, size_t n, size_t *done, struct log_error *err)
{
	enum review_refusal why;
	enum log_status st;
	size_t i;

	*done = 0;
	for (i = 0; i < n; i++) {
		if (!review_is_clean(log, &runs[i], &counts[i]))
			continue;
		if ((st = review_decide(log, &runs[i], true, NULL, NULL, &why, err)) != LOG_OK)
			return st;
		(*done)++;
	}
	return LOG_OK;
}

/* ---- The access log ---- */

enum log_status
review_record_access(struct log *log, enum access_read what, const char *run_id,
    struct log_error *err)
{
	struct log_field f = { "what", access_read_word(what), 0 };
	struct log_event_in in = { event_name(EV_ACCESS_RECORDED), run_id, 0, &f, 1 };

	return log_append(log, &in, NULL, err);
}

struct access_list {
	const char *account;
	struct access_entry *items;
	size_t n, cap;
};

static bool
is_access(const char *type)
{
	return (event_flags_of(type) & EVF_ACCESS) != 0;
}

static int
collect_access(void *ctx, const struct log_event *ev)
{
	struct access_list *l = ctx;
	struct access_entry *e;

	if (!is_access(ev->type) || (l->account != NULL && strcmp(l->account, ev->account) != 0))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	e = &l->items[l->n++];
	memset(e, 0, sizeof(*e));
	e->seq = ev->seq;
	e->time = ev->time;
	snprintf(e->account, sizeof(e->account), "%s", ev->account);
	snprintf(e->run_id, sizeof(e->run_id), "%s", ev->run_id ? ev->run_id : "");
	snprintf(e->type, sizeof(e->type), "%s", ev->type);
	if (event_is(ev->type, EV_ACCESS_RECORDED))
		field_into(ev->fields, "what", e->what, sizeof(e->what));
	else if (event_is(ev->type, EV_RUN_HANDED_OVER))
		field_into(ev->fields, "to", e->what, sizeof(e->what));
	else if (event_is(ev->type, EV_REVIEW_SAMPLED))
		field_into(ev->fields, "seed", e->what, sizeof(e->what));
	else
		field_into(ev->fields, "text", e->what, sizeof(e->what));
	return 0;
}

enum log_status
review_access_log(struct log *log, const char *run_id, const char *account,
    struct access_entry **out, size_t *n, struct log_error *err)
{
	struct access_list l = { account, NULL, 0, 0 };
	enum log_status s = log_events(log, run_id, NULL, collect_access, &l, err);

	if (s != LOG_OK) {
		free(l.items);
		l.items = NULL;
		l.n = 0;
	}
	*out = l.items;
	*n = l.n;
	return s;
}

enum log_status
review_handover(struct log *log, const struct log_run_info *ri, const char *to,
    enum handover_refusal *why, struct log_error *err)
{
	struct log_field f = { "to", to, 0 };
	struct log_event_in in = { event_name(EV_RUN_HANDED_OVER), ri->run_id, 0, &f, 1 };
	struct log_account *accounts = NULL;
	int status = run_status_of(ri->status);
	bool caseworker = false;
	enum log_status st;
	size_t n = 0, i;

	*why = HANDOVER_MAY;
	if (status != RUN_ACTIVE && status != RUN_PAUSED)
		*why = HANDOVER_FINISHED;
	else if (strcmp(to, ri->account) == 0)
		*why = HANDOVER_SAME;
	if (*why != HANDOVER_MAY)
		return LOG_E_DENIED;
	if ((st = log_user_list(log, &accounts, &n, err)) != LOG_OK)
		return st;
	for (i = 0; i < n; i++)
		if (strcmp(accounts[i].name, to) == 0 && accounts[i].role == ROLE_CASEWORKER)
			caseworker = true;
	free(accounts);
	if (!caseworker) {
		*why = HANDOVER_NOT_CASEWORKER;
		return LOG_E_DENIED;
	}
	/* Not while a session has it open: that terminal would go on. */
	if ((st = log_run_take(log, ri->run_id, false, err)) != LOG_OK)
		return st;
	st = log_append(log, &in, NULL, err);
	log_run_release(log, ri->run_id);
	return st;
}

char *
review_handover_message(enum handover_refusal r, const struct log_run_info *ri,
    const char *to)
{
	switch (r) {
	case HANDOVER_FINISHED:
		return xasprintf(_("the run is %s; only an unfinished run is handed over"),
		    ri->status);
	case HANDOVER_SAME:
		return xasprintf(_("%s: the run is already theirs"), to);
	case HANDOVER_NOT_CASEWORKER:
		return xasprintf(_("%s: not a caseworker of this log (rutin user list)"), to);
	case HANDOVER_MAY:
		break;
	}
	return xstrdup("");
}


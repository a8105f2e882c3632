#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/fields.h"
#include "db/log_impl.h"
#include "db/seal.h"

#define SEAL_TAG "rutin-seal/1 "

struct seal {
	unsigned char log[32];
	int64_t seq;
	unsigned char head[32];
	int64_t time;
	char signer[65];
	unsigned char sig[LOG_SIG_BYTES];
	char at[32];     /* as written, for messages */
	char *accounts;  /* "anna:supervisor,…", malloc'd; NULL: none written */
};

/* The characters of the accounts field: names, roles, ':' and ','. */
#define ACCOUNT_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:,"

/* "anna:supervisor,bo:caseworker": the accounts and roles the signed
 * events give now, by name; false when they do not fit in `size`. */
static bool
accounts_text(struct log *log, char *buf, size_t size, struct log_error *err)
{
	struct log_account *list = NULL;
	size_t n = 0, i, used = 0;
	bool fits = true;

	buf[0] = '\0';
	if (log_user_list(log, &list, &n, err) != LOG_OK)
		return false;
	for (i = 0; i < n && fits; i++) {
		int w = snprintf(buf + used, size - used, "%s%s:%s", i > 0 ? "," : "",
		    list[i].name, log_role_name(list[i].role));

		fits = w > 0 && (size_t)w < size - used;
		used += fits ? (size_t)w : 0;
	}
	free(list);
	if (!fits)
		log_fail(err, LOG_E_INVALID, _("%s: too many accounts for one seal line"),
		    log->path);
	return fits;
}

static void
utc_text(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "?");
}

/* The seal line of event `seq` (a log.sealed naming `accounts`). */
static enum log_status
seal_line(struct log *log, int64_t seq, const char *accounts, char line[LOG_SEAL_LEN],
    struct log_error *err)
{
	unsigned char id[32], head[32], sig[LOG_SIG_BYTES];
	char id_hex[65], head_hex[65], sig_hex[2 * LOG_SIG_BYTES + 1], at[32];
	int64_t time;

	if (!log_event_at(log, 1, id, NULL, NULL) || !log_event_at(log, seq, head, sig, &time))
		return log_sql_fail(log, sqlite3_errcode(log->db), _("reading"), err);
	sodium_bin2hex(id_hex, sizeof(id_hex), id, 32);
	sodium_bin2hex(head_hex, sizeof(head_hex), head, 32);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, LOG_SIG_BYTES);
	utc_text(time, at);
	snprintf(line, LOG_SEAL_LEN, SEAL_TAG "log=%s seq=%" PRId64 " head=%s time=%"
	    PRId64 " at=%s signer=%s%s%s sig=%s", id_hex, seq, head_hex, time, at,
	    log->user, accounts != NULL ? " accounts=" : "", accounts != NULL ? accounts : "",
	    sig_hex);
	return LOG_OK;
}

enum log_status
log_seal(struct log *log, char line[LOG_SEAL_LEN], struct log_error *err)
{
	struct log_field f = { "accounts", NULL, 0 };
	struct log_event_in ev = { event_name(EV_LOG_SEALED), NULL, 0, &f, 1 };
	enum log_status s;
	char *accounts;
	int64_t seq;

	line[0] = '\0';
	if (!log->can_sign)
		return log_fail(err, LOG_E_DENIED, _("%s: this session holds no signing "
		    "key to seal with"), log->path);
	/* When the signed events cannot say who the accounts are (the
	 * authority is broken: the session says so), the seal names none, as
	 * an older rutin's did; a restore then refuses to rely on it. */
	f.text = accounts = xmalloc(LOG_SEAL_LEN / 2);
	if (!accounts_text(log, accounts, LOG_SEAL_LEN / 2, err)) {
		if (err->status != LOG_E_CORRUPT) {
			free(accounts);
			return err->status;
		}
		free(accounts);
		f.text = accounts = NULL;
		ev.field_count = 0;
	}
	if ((s = log_append(log, &ev, &seq, err)) == LOG_OK)
		s = seal_line(log, seq, accounts, line, err);
	free(accounts);
	return s;
}

bool
log_sealed_to_end(struct log *log)
{
	sqlite3_stmt *st;
	bool sealed = false;

	if (sqlite3_prepare_v2(log->db, "SELECT type FROM events ORDER BY seq DESC"
	    " LIMIT 1;", -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		sealed = event_is((const char *)sqlite3_column_text(st, 0), EV_LOG_SEALED);
	sqlite3_finalize(st);
	return sealed;
}

enum log_status
log_identity(struct log *log, char out[65], struct log_error *err)
{
	unsigned char id[32];

	out[0] = '\0';
	if (!log_event_at(log, 1, id, NULL, NULL))
		return log_sql_fail(log, sqlite3_errcode(log->db), _("reading"), err);
	sodium_bin2hex(out, 65, id, 32);
	return LOG_OK;
}

/* ---- Reading seals ---- */

static bool
hex_field(const char *line, const char *key, unsigned char *out, size_t n)
{
	const char *p = strstr(line, key);
	size_t got = 0;

	if (p == NULL)
		return false;
	p += strlen(key);
	return strspn(p, "0123456789abcdef") == 2 * n &&
	    sodium_hex2bin(out, n, p, 2 * n, NULL, &got, NULL) == 0 && got == n;
}

static bool
int_field(const char *line, const char *key, int64_t *out)
{
	const char *p = strstr(line, key);
	char *end;

	if (p == NULL)
		return false;
	*out = strtoll(p + strlen(key), &end, 10);
	return end != p + strlen(key) && (*end == ' ' || *end == '\0');
}

/* Parses the seal in a line (after any prefix, e.g. syslog's). */
static bool
parse_seal(const char *text, struct seal *s)
{
	const char *p = strstr(text, SEAL_TAG), *q;
	size_t n;

	memset(s, 0, sizeof(*s));
	if (p == NULL || !hex_field(p, " log=", s->log, 32) ||
	    !int_field(p, " seq=", &s->seq) || s->seq < 1 ||
	    !hex_field(p, " head=", s->head, 32) || !int_field(p, " time=", &s->time) ||
	    !hex_field(p, " sig=", s->sig, LOG_SIG_BYTES) ||
	    (q = strstr(p, " signer=")) == NULL)
		return false;
	q += strlen(" signer=");
	n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-()");
	if (n == 0 || n > 64)
		return false;
	memcpy(s->signer, q, n);
	utc_text(s->time, s->at);
	if ((q = strstr(p, " accounts=")) != NULL) {
		q += strlen(" accounts=");
		s->accounts = xstrndup(q, strspn(q, ACCOUNT_CHARS));
	}
	return true;
}

static void
seals_free(struct seal *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i].accounts);
	free(list);
}

void
log_seal_newest(FILE *seals, const char *id, struct log_seal_newest *out)
{
	char *line = NULL, hex[65];
	size_t cap = 0;
	struct seal s;

	memset(out, 0, sizeof(*out));
	while (getline(&line, &cap, seals) > 0) {
		if (strstr(line, SEAL_TAG) == NULL || !parse_seal(line, &s))
			continue;
		sodium_bin2hex(hex, sizeof(hex), s.log, 32);
		if (strcmp(hex, id) != 0 || s.seq <= out->seq) {
			free(s.accounts);
			continue;
		}
		free(out->accounts);
		out->seq = s.seq;
		out->time = s.time;
		out->accounts = s.accounts;
	}
	free(line);
}

/* The event's field `name` equals `want`. */
static bool
field_is(const struct log_event *ev, const char *name, const char *want)
{
	struct log_field *f;
	size_t n, i;
	bool same = false;

	if (!fields_from_json(ev->fields, &f, &n))
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			same = f[i].text != NULL && strcmp(f[i].text, want) == 0;
	fields_free(f, n);
	return same;
}

static int
by_seq(const void *a, const void *b)
{
	const struct seal *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A restore the log records (log.restored): the copy ended at copy_seq;
 * seals made before `time` that name later events name lost ones. */
struct restore_mark {
	int64_t copy_seq, time, lost_to;
	char by[65];
};

struct seal_set {
	struct seal *list;
	size_t count, next;    /* next: the first not yet met in the pass */
	int64_t newest_good;   /* the newest seal found to match */
	int64_t newest_time;
	struct restore_mark *restores;
	size_t n_restores;
	struct log_seal_report *sr;
};

static int64_t
field_int(const char *json, const char *name)
{
	char text[32];

	return fields_json_text(json, name, text, sizeof(text)) ? strtoll(text, NULL, 10) : 0;
}

/* The restores the log records, oldest first. */
static void
read_restores(struct log *log, struct seal_set *set)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(log->db, "SELECT time, account, fields FROM events"
	    " WHERE type = 'log.restored' ORDER BY seq;", -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *fields = (const char *)sqlite3_column_text(st, 2);
		struct restore_mark *m;

		set->restores = xreallocarray(set->restores, set->n_restores + 1,
		    sizeof(*set->restores));
		m = &set->restores[set->n_restores++];
		m->time = sqlite3_column_int64(st, 0);
		snprintf(m->by, sizeof(m->by), "%s", (const char *)sqlite3_column_text(st, 1));
		m->copy_seq = fields != NULL ? field_int(fields, "copy_seq") : 0;
		m->lost_to = fields != NULL ? field_int(fields, "lost_to") : 0;
	}
	sqlite3_finalize(st);
}

/* True when a recorded restore lost the event `s` names: the seal was
 * made before the restore, of an event after the copy's end. Counted in
 * the report, with the newest such restore. */
static bool
lost_in_restore(struct seal_set *set, const struct seal *s)
{
	struct log_seal_report *sr = set->sr;
	size_t i;

	for (i = set->n_restores; i-- > 0;) {
		const struct restore_mark *m = &set->restores[i];

		if (s->seq <= m->copy_seq || s->time >= m->time)
			continue;
		sr->lost_seals++;
		sr->restored_time = m->time;
		sr->restored_copy_seq = m->copy_seq;
		snprintf(sr->restored_by, sizeof(sr->restored_by), "%s", m->by);
		if (s->seq > sr->lost_to)
			sr->lost_to = s->seq;
		if (m->lost_to > sr->lost_to)
			sr->lost_to = m->lost_to;
		return true;
	}
	return false;
}

/* The same seal line twice (RELP delivers again after a broken
 * connection; a store copied into another): every field equal. */
static bool
same_seal(const struct seal *a, const struct seal *b)
{
	return a->seq == b->seq && a->time == b->time &&
	    memcmp(a->head, b->head, 32) == 0 && strcmp(a->signer, b->signer) == 0 &&
	    memcmp(a->sig, b->sig, LOG_SIG_BYTES) == 0 &&
	    (a->accounts == NULL) == (b->accounts == NULL) &&
	    (a->accounts == NULL || strcmp(a->accounts, b->accounts) == 0);
}

/* Drops the repeats of a seal from the list sorted by seq: one seal
 * counted once. A line that differs in any field stays and is checked. */
static void
drop_repeats(struct seal_set *set)
{
	size_t i, j, kept = 0;

	for (i = 0; i < set->count; i++) {
		for (j = kept; j > 0 && set->list[j - 1].seq == set->list[i].seq; j--)
			if (same_seal(&set->list[j - 1], &set->list[i]))
				break;
		if (j > 0 && set->list[j - 1].seq == set->list[i].seq) {
			free(set->list[i].accounts);
			continue;
		}
		set->list[kept++] = set->list[i];
	}
	set->count = kept;
}

static void
read_seals(FILE *in, const unsigned char id[32], struct seal_set *set,
    struct log_seal_report *sr)
{
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	struct seal s;

	while (getline(&line, &cap, in) > 0) {
		if (strstr(line, SEAL_TAG) == NULL)
			continue;
		if (!parse_seal(line, &s)) {
			sr->unreadable++;
		} else if (sodium_memcmp(s.log, id, 32) != 0) {
			free(s.accounts);
			sr->other_logs++;
		} else {
			if (set->count == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				set->list = xreallocarray(set->list, alloc, sizeof(s));
			}
			set->list[set->count++] = s;
		}
	}
	free(line);
	if (set->count == 0)
		return; /* no list: qsort must not be given NULL */
	qsort(set->list, set->count, sizeof(s), by_seq);
	drop_repeats(set);
}

/* Called by verify's pass at every event: the seals at this event must be
 * exactly it, signed with the key its signer held then. */
static void
check_seals_at(void *ctx, const struct log_event *ev, const struct authors *a,
    struct log_verify *r)
{
	struct seal_set *set = ctx;
	unsigned char pk[32];

	for (; set->next < set->count && set->list[set->next].seq == ev->seq; set->next++) {
		const struct seal *s = &set->list[set->next];
		bool same = sodium_memcmp(s->head, ev->hash, 32) == 0 && s->time == ev->time &&
		    event_is(ev->type, EV_LOG_SEALED);

		if (!same && lost_in_restore(set, s)) {
			continue;
		} else if (!same) {
			log_verify_report(r, ev->seq, _("the log was rewritten at or below "
			    "the seal of %s (event %" PRId64 "): that event is not the one "
			    "sealed"), s->at, s->seq);
		} else if (s->accounts != NULL && !field_is(ev, "accounts", s->accounts)) {
			log_verify_report(r, ev->seq, _("the seal of %s (event %" PRId64 ") "
			    "names other accounts than its event"), s->at, s->seq);
		} else if (strcmp(s->signer, ev->account) != 0 || ev->sig == NULL ||
		    sodium_memcmp(s->sig, ev->sig, LOG_SIG_BYTES) != 0 ||
		    !authors_key(a, s->signer, pk) || !log_event_sig_ok(ev->hash, s->sig, pk)) {
			log_verify_report(r, ev->seq, _("the seal of %s (event %" PRId64 ") "
			    "is not signed by a key '%s' held at that point"), s->at, s->seq,
			    s->signer);
		} else if (s->seq > set->newest_good) {
			set->newest_good = s->seq;
			set->newest_time = s->time;
		}
	}
}

bool
log_id_valid(const char *text)
{
	return text != NULL && strlen(text) == 64 &&
	    strspn(text, "0123456789abcdef") == 64;
}

/* The identity the log must have: `log_id` when given (and then a log
 * whose own differs is reported), else its own. */
static void
identity_to_check(struct log *log, const char *log_id, unsigned char id[32],
    struct log_verify *r)
{
	unsigned char own[32], want[32];
	size_t got = 0;

	if (!log_event_at(log, 1, own, NULL, NULL))
		memset(own, 0, sizeof(own));
	memcpy(id, own, 32);
	if (log_id == NULL || !log_id_valid(log_id) ||
	    sodium_hex2bin(want, 32, log_id, 64, NULL, &got, NULL) != 0 || got != 32)
		return;
	memcpy(id, want, 32);
	if (sodium_memcmp(own, want, 32) != 0)
		log_verify_report(r, 1, _("this is not the log %.12s…: its first event "
		    "is another (a log rewritten from its start, or another log); its "
		    "seals are not this file's"), log_id);
}

enum log_status
log_verify_seals(struct log *log, FILE *seals, unsigned flags, const char *log_id,
    struct log_verify *r, struct log_seal_report *sr, struct log_error *err)
{
	struct seal_set set = { .sr = sr };
	struct verify_hook hook = { check_seals_at, &set };
	unsigned char id[32], hash[32];
	enum log_status s;
	int64_t last;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(sr, 0, sizeof(*sr));
	log_exec(log, "BEGIN;");
	identity_to_check(log, log_id, id, r);
	if ((last = log_last_seq(log)) < 0)
		last = 0; /* unreadable: every seal is past the end, and said to be */
	if (seals != NULL)
		read_seals(seals, id, &set, sr);
	read_restores(log, &set);
	sr->seals = (int64_t)set.count;
	sr->last_seq = last;
	if (!log_event_at(log, last, hash, NULL, &sr->last_time))
		sr->last_time = 0;
	/* A seal past the end: events it vouched for are gone, unless this is
	 * a backup, which ends where it was taken. */
	for (i = 0; i < set.count; i++)
		if (set.list[i].seq > last && (flags & LOG_SEALS_BACKUP)) {
			sr->beyond++;
		} else if (set.list[i].seq > last && lost_in_restore(&set, &set.list[i])) {
			continue;
		} else if (set.list[i].seq > last) {
			log_verify_report(r, last + 1, _("the log was rolled back: the seal "
			    "of %s names event %" PRId64 ", but the log ends at %" PRId64),
			    set.list[i].at, set.list[i].seq, last);
			break;
		}
	s = log_verify_hooked(log, &hook, r, err);
	if (r->problem[0] != '\0' && s == LOG_OK)
		s = log_fail(err, LOG_E_CORRUPT, "%s: %s", log->path, r->problem);
	sr->newest_seq = set.newest_good;
	sr->newest_time = set.newest_time;
	sr->tail_events = r->events - set.newest_good;
	if (sr->tail_events > 0) {
		int64_t t = 0;

		if (log_event_at(log, set.newest_good + 1, hash, NULL, &t))
			sr->tail_since = t;
	}
	seals_free(set.list, set.count);
	free(set.restores);
	return s;
}

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
};

static void
utc_text(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "?");
}

static int64_t
last_seq(struct log *log)
{
	return log_query_int64(log, "SELECT coalesce(max(seq), 0) FROM events;", 0);
}

enum log_status
log_seal(struct log *log, char line[LOG_SEAL_LEN], struct log_error *err)
{
	struct log_event_in ev = { event_name(EV_LOG_SEALED), NULL, 0, NULL, 0 };
	unsigned char id[32], head[32], sig[LOG_SIG_BYTES];
	char id_hex[65], head_hex[65], sig_hex[2 * LOG_SIG_BYTES + 1], at[32];
	enum log_status s;
	int64_t seq, time;

	line[0] = '\0';
	if (!log->can_sign)
		return log_fail(err, LOG_E_DENIED, _("%s: this session holds no signing "
		    "key to seal with"), log->path);
	if ((s = log_append(log, &ev, &seq, err)) != LOG_OK)
		return s;
	if (!log_event_at(log, 1, id, NULL, NULL) || !log_event_at(log, seq, head, sig, &time))
		return log_sql_fail(log, sqlite3_errcode(log->db), _("reading"), err);
	sodium_bin2hex(id_hex, sizeof(id_hex), id, 32);
	sodium_bin2hex(head_hex, sizeof(head_hex), head, 32);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, LOG_SIG_BYTES);
	utc_text(time, at);
	snprintf(line, LOG_SEAL_LEN, SEAL_TAG "log=%s seq=%" PRId64 " head=%s time=%"
	    PRId64 " at=%s signer=%s sig=%s", id_hex, seq, head_hex, time, at,
	    log->user, sig_hex);
	return LOG_OK;
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
	return true;
}

static int
by_seq(const void *a, const void *b)
{
	const struct seal *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct seal_set {
	struct seal *list;
	size_t count, next;    /* next: the first not yet met in the pass */
	int64_t newest_good;   /* the newest seal found to match */
	int64_t newest_time;
};

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
	qsort(set->list, set->count, sizeof(s), by_seq);
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

		if (sodium_memcmp(s->head, ev->hash, 32) != 0 || s->time != ev->time ||
		    !event_is(ev->type, EV_LOG_SEALED)) {
			log_verify_report(r, ev->seq, _("the log was rewritten at or below "
			    "the seal of %s (event %" PRId64 "): that event is not the one "
			    "sealed"), s->at, s->seq);
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
	struct seal_set set = { NULL, 0, 0, 0, 0 };
	struct verify_hook hook = { check_seals_at, &set };
	unsigned char id[32], hash[32];
	enum log_status s;
	int64_t last;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(sr, 0, sizeof(*sr));
	log_exec(log, "BEGIN;");
	identity_to_check(log, log_id, id, r);
	last = last_seq(log);
	if (seals != NULL)
		read_seals(seals, id, &set, sr);
	sr->seals = (int64_t)set.count;
	sr->last_seq = last;
	if (!log_event_at(log, last, hash, NULL, &sr->last_time))
		sr->last_time = 0;
	/* A seal past the end: events it vouched for are gone, unless this is
	 * a backup, which ends where it was taken. */
	for (i = 0; i < set.count; i++)
		if (set.list[i].seq > last && (flags & LOG_SEALS_BACKUP)) {
			sr->beyond++;
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
	free(set.list);
	return s;
}

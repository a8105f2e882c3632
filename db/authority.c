/* Who may do what in a session, from the signed events and never from the
 * `accounts` summary, which anyone holding the log key can rewrite
 * (db/FORMAT.md, "Authority"). The events are read once at open and then
 * only the new ones: each must follow the one before (the chain, as
 * verify checks it), and each that gives or takes authority
 * (EVF_AUTHORITY in common/vocab.h) must be signed by a key its author
 * held at that point and be of a kind its author may write (authors.c,
 * the code verify uses). A failure closes: no one in the session has a
 * supervisor's or trainer's rights, and log_authority_problem() says why. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/log_impl.h"

void log_event_from_row(sqlite3_stmt *st, struct log_event *ev);

/* Each account's newest event of a pass, with the key it held then. A
 * rewrite of history from any point changes the hash of every later
 * event, so every account but the rewriter's own that wrote after that
 * point has a newest event whose signature no longer holds: checking
 * these few signatures finds what checking all of them would (db/FORMAT.md,
 * "Authority"), short of a rewrite of events only the rewriter wrote since. */
struct newest {
	char account[65];
	int64_t seq;
	unsigned char hash[32];
	unsigned char sig[LOG_SIG_BYTES];
	bool has_sig;
	unsigned char pk[32];
	bool has_pk;
};

struct pass {
	struct newest *list;
	size_t count, cap;
};

static void
note_newest(struct pass *p, const struct authors *a, const struct log_event *ev)
{
	struct newest *n = NULL;
	size_t i;

	for (i = 0; i < p->count && n == NULL; i++)
		if (strcmp(p->list[i].account, ev->account) == 0)
			n = &p->list[i];
	if (n == NULL) {
		if (p->count == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 8;
			p->list = xreallocarray(p->list, p->cap, sizeof(*p->list));
		}
		n = &p->list[p->count++];
		snprintf(n->account, sizeof(n->account), "%s", ev->account);
	}
	n->seq = ev->seq;
	memcpy(n->hash, ev->hash, 32);
	n->has_sig = ev->sig != NULL;
	if (n->has_sig)
		memcpy(n->sig, ev->sig, LOG_SIG_BYTES);
	n->has_pk = authors_key(a, ev->account, n->pk);
}

/* Marks the authority as failed at `seq`, with why. */
static void
fail_at(struct log *log, int64_t seq, const char *why)
{
	log->auth_bad = seq;
	snprintf(log->auth_why, sizeof(log->auth_why), "%s", why);
}

/* Checks one event after the last one read; false when it fails. */
static bool
take(struct log *log, struct pass *p, const struct log_event *ev)
{
	enum log_chain link = cull_chain_check(log, &log->cull, ev, log->auth_seq + 1,
	    log->auth_head);
	char why[256];

	if (link != LOG_CHAIN_OK) {
		log_chain_text(link, ev, log->auth_seq + 1, why, sizeof(why));
		fail_at(log, link == LOG_CHAIN_GAP ? log->auth_seq + 1 : ev->seq, why);
		return false;
	}
	own_note_log(log, ev);
	if (event_flags_of(ev->type) & EVF_AUTHORITY) {
		if (!authors_check(log->auth, ev, why, sizeof(why))) {
			fail_at(log, ev->seq, why);
			return false;
		}
	} else if (authors_signed(log->auth)) {
		note_newest(p, log->auth, ev);
	}
	log->auth_seq = ev->seq;
	memcpy(log->auth_head, ev->hash, 32);
	return true;
}

/* The newest event of each account in the pass must carry its author's
 * signature. */
static void
check_newest(struct log *log, const struct pass *p)
{
	char why[256];
	size_t i;

	for (i = 0; i < p->count && log->auth_bad == 0; i++) {
		const struct newest *n = &p->list[i];

		if (n->has_pk && n->has_sig && log_event_sig_ok(n->hash, n->sig, n->pk))
			continue;
		snprintf(why, sizeof(why), _("event %" PRId64 " is not signed by '%s', "
		    "whose name it bears: the log was altered at or before it"), n->seq,
		    n->account);
		fail_at(log, n->seq, why);
	}
}

enum log_status
log_authority_sync(struct log *log, struct log_error *err)
{
	struct pass p = { NULL, 0, 0 };
	struct log_event ev;
	sqlite3_stmt *st;
	int rc;

	if (log->auth == NULL)
		log->auth = authors_new();
	if (log->auth_bad > 0)
		return LOG_OK;
	rc = sqlite3_prepare_v2(log->db, "SELECT " LOG_EVENT_COLUMNS " FROM events"
	    " WHERE seq > ? ORDER BY seq;", -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, log->auth_seq);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_event_from_row(st, &ev);
		rc = take(log, &p, &ev) ? SQLITE_OK : SQLITE_DONE;
	}
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		/* Damaged pages: the session opens, with no authority, and
		 * verify says where. */
		char why[256];

		snprintf(why, sizeof(why), _("events from %" PRId64 " on cannot be "
		    "read: %s"), log->auth_seq + 1, sqlite3_errmsg(log->db));
		fail_at(log, log->auth_seq + 1, why);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		check_newest(log, &p);
	free(p.list);
	if (rc != SQLITE_DONE)
		return log_sql_fail(log, rc, _("reading"), err);
	return LOG_OK;
}

const char *
log_authority_problem(const struct log *log)
{
	return log->auth_bad > 0 ? log->auth_why : NULL;
}

int64_t
log_authority_bad_seq(const struct log *log)
{
	return log->auth_bad;
}

int
log_authority_role(struct log *log, const char *name)
{
	if (log_authority_sync(log, NULL) != LOG_OK || log->auth_bad > 0)
		return -1;
	return authors_role(log->auth, name);
}

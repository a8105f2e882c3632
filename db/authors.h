/* Who wrote each event, checked as verify reads the events in order: the
 * signature of every event against its author's key at that point, and
 * who may do what (account changes need a supervisor or the recovery key;
 * the recovery key does nothing else). The keys and roles come from the
 * events themselves: log.created names the first account's and the
 * recovery key's signing keys, account.added each new account's, and so
 * on (db/FORMAT.md, "Authorship"). */
#ifndef RUTIN_AUTHORS_H
#define RUTIN_AUTHORS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/log.h"

struct authors;

struct authors *authors_new(void);
void authors_free(struct authors **a);

/* Checks `ev` (the next event in sequence order) and then applies it.
 * False with a sentence in `why` when it is not signed by a key of its
 * author, or its author may not do that. */
bool authors_check(struct authors *a, const struct log_event *ev, char *why,
    size_t why_len);
/* The same, but the signature is left to the caller (verify checks them
 * on every core, db/sigpool.h): when *needs_sig, `ev` must carry a
 * signature by pk_out. authors_sig_problem() is the sentence for one that
 * does not. */
bool authors_check_deferred(struct authors *a, const struct log_event *ev,
    unsigned char pk_out[32], bool *needs_sig, char *why, size_t why_len);
void authors_sig_problem(const struct log_event *ev, char *why, size_t why_len);
/* The signing key `name` (or the recovery key) holds at this point. */
bool authors_key(const struct authors *a, const char *name, unsigned char pk[32]);

/* The role (enum log_role) of `name` at this point: -1 when it is not an
 * active account. */
int authors_role(const struct authors *a, const char *name);
/* Whether `name` was invited with a one-time join code (exercise.invited)
 * and has not chosen her own passphrase since (account.passphrase_changed). */
bool authors_pending(const struct authors *a, const char *name);
/* Whether the log has released a routine (routine.released): from then
 * on a run on a live log must follow a released text. */
bool authors_releases(const struct authors *a);
/* Whether the routine text with this hash (64 hex digits) is released
 * and not withdrawn. */
bool authors_released(const struct authors *a, const char *hash);
/* Whether the log's option second_person is on at this point. */
bool authors_second_on(const struct authors *a);
/* True once a log.training event was seen. */
bool authors_training(const struct authors *a);
/* The accounts known so far, in the order they were added: false past
 * the end; *role is -1 for a removed one. *name stays the authors'. */
bool authors_at(const struct authors *a, size_t i, const char **name, int *role);

/* True once the events are signed: from log.created in a log made since
 * rutin 0.2, after log.upgraded in one made by 0.1. */
bool authors_signed(const struct authors *a);

#endif

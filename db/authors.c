#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/log_impl.h"

struct author {
	char name[65];
	unsigned char pk[32];
	bool has_pk;
	int role;   /* enum log_role, or -1 */
	bool active;
	bool pending; /* invited with a one-time join code (exercise.invited)
	               * and has not chosen her own passphrase since */
};

struct authors {
	struct author *list;
	size_t count, cap;
	unsigned char recovery_pk[32];
	bool has_recovery;
	bool signed_era; /* from log.created (0.2) or after log.upgraded */
	bool training;   /* a log.training event was seen */
	/* Routine texts released (routine.released), by hash; from the
	 * first one on, a run on a live log must name one not withdrawn. */
	struct release {
		char hash[65];
		bool withdrawn;
	} *released;
	size_t n_released, cap_released;
	bool second_on; /* log.option_set second_person on */
};

/* What each kind of event needs of its signer is the vocabulary's
 * (common/vocab.h: the author column and EVF_RECOVERY): MANAGER is a
 * supervisor, or a trainer once the log is a training log
 * (log_manages()). A type the vocabulary does not know is written by no
 * one. */

struct authors *
authors_new(void)
{
	return xcalloc(1, sizeof(struct authors));
}

void
authors_free(struct authors **a)
{
	if (a == NULL || *a == NULL)
		return;
	free((*a)->list);
	free((*a)->released);
	free(*a);
	*a = NULL;
}

static struct author *
find(struct authors *a, const char *name, bool add)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		if (strcmp(a->list[i].name, name) == 0)
			return &a->list[i];
	if (!add || name == NULL)
		return NULL;
	if (a->count == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->list = xreallocarray(a->list, a->cap, sizeof(*a->list));
	}
	memset(&a->list[a->count], 0, sizeof(a->list[0]));
	snprintf(a->list[a->count].name, sizeof(a->list[0].name), "%s", name);
	a->list[a->count].role = -1;
	return &a->list[a->count++];
}

static bool
pk_from_hex(const char *hex, unsigned char pk[32])
{
	size_t got = 0;

	return hex != NULL && strlen(hex) == 64 &&
	    sodium_hex2bin(pk, 32, hex, 64, NULL, &got, NULL) == 0 && got == 32;
}

/* The key the event must be signed with, or NULL (with why). */
static const unsigned char *
signer_key(struct authors *a, const struct log_event *ev, const struct log_field *f,
    size_t n, unsigned char own[32], char *why, size_t why_len)
{
	struct author *au;

	if (strcmp(ev->account, LOG_RECOVERY_USER) == 0) {
		/* A log upgraded from rutin 0.1 has no recovery key until
		 * recovery.replaced names one, signed by that key itself. */
		if (!a->has_recovery && event_is(ev->type, EV_RECOVERY_REPLACED) &&
		    pk_from_hex(fields_text(f, n, "recovery_pk"), own))
			return own;
		if (!a->has_recovery)
			snprintf(why, why_len, _("written with a recovery key this log "
			    "never had"));
		return a->has_recovery ? a->recovery_pk : NULL;
	}
	/* A new key registers itself (a slot of rutin 0.1 replaced): only for
	 * an account that has none yet. */
	if (event_is(ev->type, EV_ACCOUNT_KEY_REGISTERED)) {
		au = find(a, ev->account, false);
		if (au == NULL || !au->active || au->has_pk ||
		    !pk_from_hex(fields_text(f, n, "sign_pk"), own)) {
			snprintf(why, why_len, _("registers a signing key for '%s', which "
			    "is not an account without one"), ev->account);
			return NULL;
		}
		return own;
	}
	if (event_is(ev->type, EV_LOG_CREATED) &&
	    pk_from_hex(fields_text(f, n, "sign_pk"), own))
		return own;
	au = find(a, ev->account, false);
	if (au == NULL || !au->active || !au->has_pk) {
		snprintf(why, why_len, _("written in the name of '%s', which had no "
		    "signing key at that point"), ev->account);
		return NULL;
	}
	return au->pk;
}

/* May the signer write this kind of event? */
static bool
allowed(struct authors *a, const struct log_event *ev, const struct log_field *f,
    size_t n, char *why, size_t why_len)
{
	int t = event_type_of(ev->type);
	const struct event_info *info = t >= 0 ? &event_table[t] : NULL;
	bool recovery = strcmp(ev->account, LOG_RECOVERY_USER) == 0;
	struct author *au;
	const char *name;

	if (info == NULL || info->author == EVA_UNSET) {
		snprintf(why, why_len, _("'%s' is not a kind of event rutin writes"),
		    ev->type);
		return false;
	}
	if (recovery) {
		if (info->flags & EVF_RECOVERY)
			return true;
		snprintf(why, why_len, _("the recovery key wrote '%s', which only an "
		    "account may write"), ev->type);
		return false;
	}
	if (info->author == EVA_ANYONE)
		return true;
	if (info->author == EVA_CREATOR) {
		/* Only as the log's first signed event. */
		if (!a->signed_era)
			return true;
		snprintf(why, why_len, _("'%s' wrote '%s' in a log that already "
		    "exists"), ev->account, ev->type);
		return false;
	}
	if (info->author == EVA_SELF) {
		name = fields_text(f, n, "name");
		if (name != NULL && strcmp(name, ev->account) == 0)
			return true;
		snprintf(why, why_len, _("'%s' changed the key of another account"),
		    ev->account);
		return false;
	}
	au = find(a, ev->account, false);
	if (au != NULL && au->active && (au->role == ROLE_SUPERVISOR ||
	    (info->author == EVA_MANAGER && a->training && au->role == ROLE_TRAINER)))
		return true;
	if (info->author == EVA_MANAGER && a->training)
		snprintf(why, why_len, _("'%s' wrote '%s' without being a supervisor "
		    "or trainer at that point"), ev->account, ev->type);
	else
		snprintf(why, why_len, _("'%s' wrote '%s' without being a supervisor at "
		    "that point"), ev->account, ev->type);
	return false;
}

static struct release *
find_release(const struct authors *a, const char *hash)
{
	size_t i;

	for (i = 0; hash != NULL && i < a->n_released; i++)
		if (strcmp(a->released[i].hash, hash) == 0)
			return &a->released[i];
	return NULL;
}

/* A release (again, after a withdrawal) or a withdrawal. */
static void
apply_release(struct authors *a, const char *hash, bool withdrawn)
{
	struct release *r;

	if (hash == NULL || strlen(hash) != 64)
		return;
	if ((r = find_release(a, hash)) == NULL) {
		if (withdrawn)
			return;
		if (a->n_released == a->cap_released) {
			a->cap_released = a->cap_released ? 2 * a->cap_released : 16;
			a->released = xreallocarray(a->released, a->cap_released,
			    sizeof(*a->released));
		}
		r = &a->released[a->n_released++];
		snprintf(r->hash, sizeof(r->hash), "%s", hash);
	}
	r->withdrawn = withdrawn;
}

/* Follows the event: keys, roles and the recovery key it names, join
 * codes waiting, routine texts released. */
static void
apply(struct authors *a, const struct log_event *ev, const struct log_field *f,
    size_t n)
{
	const char *name = fields_text(f, n, "name");
	struct author *au;
	unsigned char pk[32];

	if (event_is(ev->type, EV_LOG_TRAINING))
		a->training = true;
	if (event_is(ev->type, EV_LOG_CREATED)) {
		if (pk_from_hex(fields_text(f, n, "sign_pk"), pk)) {
			au = find(a, ev->account, true);
			memcpy(au->pk, pk, 32);
			au->has_pk = au->active = true;
			au->role = ROLE_SUPERVISOR;
			a->signed_era = true;
		}
		a->has_recovery = pk_from_hex(fields_text(f, n, "recovery_pk"),
		    a->recovery_pk);
	} else if (event_is(ev->type, EV_ACCOUNT_ADDED) && name != NULL) {
		au = find(a, name, true);
		au->has_pk = pk_from_hex(fields_text(f, n, "sign_pk"), au->pk);
		au->role = log_role_from_name(fields_text(f, n, "role") ?
		    fields_text(f, n, "role") : "");
		au->active = true;
	} else if (event_is(ev->type, EV_ACCOUNT_REMOVED) && name != NULL &&
	    (au = find(a, name, false)) != NULL) {
		au->active = false;
		au->has_pk = false;
		au->pending = false;
	} else if (event_is(ev->type, EV_EXERCISE_INVITED) && name != NULL &&
	    (au = find(a, name, false)) != NULL) {
		au->pending = au->active;
	} else if (event_is(ev->type, EV_ACCOUNT_ROLE_CHANGED) && name != NULL &&
	    (au = find(a, name, false)) != NULL) {
		au->role = log_role_from_name(fields_text(f, n, "role") ?
		    fields_text(f, n, "role") : "");
	} else if ((event_is(ev->type, EV_ACCOUNT_PASSPHRASE_CHANGED) ||
	    event_is(ev->type, EV_ACCOUNT_KEY_REGISTERED)) && name != NULL &&
	    (au = find(a, name, false)) != NULL) {
		if (pk_from_hex(fields_text(f, n, "sign_pk"), pk)) {
			memcpy(au->pk, pk, 32);
			au->has_pk = true;
		}
		au->pending = false;
	} else if (event_is(ev->type, EV_ROUTINE_RELEASED)) {
		apply_release(a, fields_text(f, n, "hash"), false);
	} else if (event_is(ev->type, EV_ROUTINE_WITHDRAWN)) {
		apply_release(a, fields_text(f, n, "hash"), true);
	} else if (event_is(ev->type, EV_LOG_OPTION_SET) &&
	    strcmp(fields_text(f, n, "name") ? fields_text(f, n, "name") : "",
	    LOG_OPTION_SECOND_PERSON) == 0) {
		a->second_on = fields_text(f, n, "value") != NULL &&
		    strcmp(fields_text(f, n, "value"), "on") == 0;
	} else if (event_is(ev->type, EV_RECOVERY_REPLACED)) {
		a->has_recovery = pk_from_hex(fields_text(f, n, "recovery_pk"),
		    a->recovery_pk);
	} else if (event_is(ev->type, EV_LOG_UPGRADED)) {
		a->signed_era = true;
	}
}

/* From the log's first release on, a run on a live log follows a
 * released routine text: run.started names its hash. */
static bool
run_released(const struct authors *a, const struct log_event *ev, char *why,
    size_t why_len)
{
	struct log_field *f;
	const struct release *r;
	const char *hash;
	size_t n;
	bool ok;

	if (a->n_released == 0 || a->training || !event_is(ev->type, EV_RUN_STARTED))
		return true;
	if (!fields_from_json(ev->fields, &f, &n)) {
		snprintf(why, why_len, _("its fields are not rutin's"));
		return false;
	}
	hash = fields_text(f, n, "routine_hash");
	r = find_release(a, hash);
	ok = r != NULL && !r->withdrawn;
	if (!ok)
		snprintf(why, why_len, r != NULL ? _("a run of routine '%s' in a text "
		    "whose release was withdrawn") : _("a run of routine '%s' in a text "
		    "that was never released in this log"),
		    fields_text(f, n, "routine_id") ? fields_text(f, n, "routine_id") : "?");
	fields_free(f, n);
	return ok;
}

/* While the log's option second_person is on, a run starts with it on
 * (run.started's second_person): its steps whose second person is the
 * organisation's choice need one. */
static bool
run_second_ok(const struct authors *a, const struct log_event *ev, char *why,
    size_t why_len)
{
	char on[8];

	if (!a->second_on || !event_is(ev->type, EV_RUN_STARTED))
		return true;
	if (fields_json_text(ev->fields, "second_person", on, sizeof(on)) &&
	    strcmp(on, "on") == 0)
		return true;
	snprintf(why, why_len, _("a run started without a second person on the steps "
	    "that ask for one, while the log's option second_person was on"));
	return false;
}

/* A confirmation names the role its signer has at this point, and that
 * role is the one the step asks for: a supervisor for "supervisor", a
 * caseworker or a supervisor for "colleague". (That it is someone else
 * than the one who answered is verify's and log_append's: it needs the
 * run's earlier events, db/confirm.c.) */
static bool
confirm_role_ok(const struct authors *a, const struct log_event *ev, char *why,
    size_t why_len)
{
	char as[16], role[16];
	int have;

	if (!event_is(ev->type, EV_STEP_CONFIRMED))
		return true;
	have = authors_role(a, ev->account);
	if (!fields_json_text(ev->fields, "as", as, sizeof(as)) ||
	    !fields_json_text(ev->fields, "role", role, sizeof(role)) || have < 0 ||
	    strcmp(role, log_role_name((enum log_role)have)) != 0) {
		snprintf(why, why_len, _("a confirmation by '%s' that does not name the "
		    "role the account had"), ev->account);
		return false;
	}
	if (have == ROLE_SUPERVISOR || (have == ROLE_CASEWORKER &&
	    strcmp(as, "colleague") == 0))
		return true;
	snprintf(why, why_len, _("a confirmation as '%s' by '%s', a %s: the step "
	    "asks for another role"), as, ev->account,
	    log_role_name((enum log_role)have));
	return false;
}

bool
authors_second_on(const struct authors *a)
{
	return a->second_on;
}

bool
authors_releases(const struct authors *a)
{
	return a->n_released > 0;
}

bool
authors_released(const struct authors *a, const char *hash)
{
	const struct release *r = find_release(a, hash);

	return r != NULL && !r->withdrawn;
}

static bool
needs_fields(const char *type)
{
	int t = event_type_of(type);

	/* The log's and the accounts' own events: not a run's. */
	return t >= 0 && !(event_table[t].flags & EVF_RUN);
}

bool
authors_check_deferred(struct authors *a, const struct log_event *ev,
    unsigned char pk_out[32], bool *needs_sig, char *why, size_t why_len)
{
	struct log_field *f = NULL;
	size_t n = 0;
	unsigned char own[32];
	const unsigned char *pk;
	bool ok = true, signed_now;

	why[0] = '\0';
	*needs_sig = false;
	if (needs_fields(ev->type) && !fields_from_json(ev->fields, &f, &n)) {
		snprintf(why, why_len, _("its fields are not rutin's"));
		return false;
	}
	/* Since rutin 0.2 the first event names its author's key, and every
	 * event is signed from there; a log from 0.1 from its upgrade on. */
	signed_now = a->signed_era || (event_is(ev->type, EV_LOG_CREATED) &&
	    fields_text(f, n, "sign_pk") != NULL);
	if (signed_now) {
		pk = signer_key(a, ev, f, n, own, why, why_len);
		if (pk == NULL) {
			ok = false;
		} else {
			memcpy(pk_out, pk, 32);
			*needs_sig = true;
			ok = allowed(a, ev, f, n, why, why_len);
		}
	}
	if (ok)
		ok = run_released(a, ev, why, why_len);
	if (ok)
		ok = run_second_ok(a, ev, why, why_len);
	if (ok)
		ok = confirm_role_ok(a, ev, why, why_len);
	apply(a, ev, f, n);
	fields_free(f, n);
	return ok;
}

void
authors_sig_problem(const struct log_event *ev, char *why, size_t why_len)
{
	snprintf(why, why_len, ev->sig == NULL ? _("it is not signed (by '%s')") :
	    _("its signature is not that of '%s': altered, or written in someone "
	    "else's name"), ev->account);
}

bool
authors_check(struct authors *a, const struct log_event *ev, char *why,
    size_t why_len)
{
	unsigned char pk[32];
	bool needs_sig, ok = authors_check_deferred(a, ev, pk, &needs_sig, why, why_len);

	if (needs_sig && !log_event_sig_ok(ev->hash, ev->sig, pk)) {
		authors_sig_problem(ev, why, why_len);
		return false;
	}
	return ok;
}

bool
authors_signed(const struct authors *a)
{
	return a->signed_era;
}

int
authors_role(const struct authors *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		if (strcmp(a->list[i].name, name) == 0)
			return a->list[i].active ? a->list[i].role : -1;
	return -1;
}

bool
authors_pending(const struct authors *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		if (strcmp(a->list[i].name, name) == 0)
			return a->list[i].active && a->list[i].pending;
	return false;
}

bool
authors_training(const struct authors *a)
{
	return a->training;
}

bool
authors_at(const struct authors *a, size_t i, const char **name, int *role)
{
	if (i >= a->count)
		return false;
	*name = a->list[i].name;
	*role = a->list[i].active ? a->list[i].role : -1;
	return true;
}

bool
authors_key(const struct authors *a, const char *name, unsigned char pk[32])
{
	size_t i;

	if (strcmp(name, LOG_RECOVERY_USER) == 0) {
		if (a->has_recovery)
			memcpy(pk, a->recovery_pk, 32);
		return a->has_recovery;
	}
	for (i = 0; i < a->count; i++)
		if (strcmp(a->list[i].name, name) == 0 && a->list[i].active &&
		    a->list[i].has_pk) {
			memcpy(pk, a->list[i].pk, 32);
			return true;
		}
	return false;
}

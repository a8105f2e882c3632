/* Accounts and their key slots. The signed events decide who may do what
 * (authority.c); the keyring only holds keys, and the accounts table is a
 * summary. Every change is an event. */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/authors.h"
#include "db/lock.h"
#include "db/log_impl.h"

static enum log_status
require_manager(const struct log *log, struct log_error *err)
{
	if (log_manages(log))
		return LOG_OK;
	return log_fail(err, LOG_E_DENIED, _("only a supervisor (on a training log "
	    "also a trainer) may manage accounts; '%s' is a %s"), log->user,
	    log_role_label(log->role));
}

/* A trainer's account exists only in training logs: it never holds a key
 * to a live one. */
static enum log_status
refuse_trainer_on_live(const struct log *log, enum log_role role,
    struct log_error *err)
{
	if (role != ROLE_TRAINER || log->training)
		return LOG_OK;
	return log_fail(err, LOG_E_DENIED, _("%s is a live log: trainer accounts "
	    "belong in training logs only (rutin exercise start makes one)"),
	    log->path);
}

/* -1 when the account is not active, else its role: as the signed events
 * give it, read up to the newest event (authority.c). */
static int
account_role(struct log *log, const char *name)
{
	return log_authority_role(log, name);
}

static bool
is_manager_role(const struct log *log, int role)
{
	return role == ROLE_SUPERVISOR || (role == ROLE_TRAINER && log->training);
}

/* The accounts that may manage accounts: supervisors, and on a training
 * log trainers too. */
static int
manager_count(struct log *log)
{
	const char *name;
	int count = 0, role;
	size_t i;

	if (log_authority_sync(log, NULL) != LOG_OK || log->auth_bad > 0)
		return 0;
	for (i = 0; authors_at(log->auth, i, &name, &role); i++)
		if (is_manager_role(log, role))
			count++;
	return count;
}

/* The keyring, or an empty one when it is gone and the recovery key is
 * making accounts again (adding a slot is all an empty one can do). */
static enum log_status
load_keys(struct log *log, struct keyring **kr, struct log_error *err)
{
	return log_load_keyring(log, log->recovery, kr, err);
}

static enum log_status
save_keys(struct log *log, struct keyring *kr, struct log_error *err)
{
	char *msg = NULL;

	if (keyring_save(kr, log->keys_path, &msg) == KEYRING_OK)
		return LOG_OK;
	log_fail(err, LOG_E_IO, "%s: %s", log->keys_path, msg);
	free(msg);
	return LOG_E_IO;
}

/* Logs one account event in its own transaction. */
static enum log_status
account_event(struct log *log, const char *type, const char *name,
    const char *role, struct log_error *err)
{
	struct log_field f[2] = { { "name", name, 0 }, { "role", role, 0 } };
	struct log_event_in ev = { type, NULL, 0, f, role != NULL ? 2 : 1 };

	return log_append(log, &ev, NULL, err);
}

static enum log_status
set_slot(struct log *log, struct keyring *kr, const char *name,
    const char *pass, size_t pass_len, const struct kdf_params *kdf, bool replace,
    unsigned char sign_pk[KEYRING_SIGN_PK], unsigned char *sign_sk,
    struct log_error *err)
{
	enum keyring_status ks;

	sodium_mprotect_readonly(log->key);
	ks = keyring_set_slot(kr, name, pass, pass_len, log->key,
	    kdf ? kdf : &KEYRING_KDF_DEFAULT, replace, sign_pk, sign_sk);
	sodium_mprotect_noaccess(log->key);
	if (ks == KEYRING_EXISTS)
		return log_fail(err, LOG_E_INVALID, _("%s already has a key slot"), name);
	if (ks != KEYRING_OK)
		return log_fail(err, LOG_E_IO, _("not enough memory to derive the key"));
	return LOG_OK;
}

/* Sets a slot on the keyring as it is on disk, under the keyring lock,
 * so that two changes at once both land; then logs `ev`, which names the
 * slot's new signing key (its field "sign_pk" is filled in here). When
 * the event cannot be written, the keyring is put back as it was: a slot
 * whose key no event names would sign events no one can check. */
static enum log_status
change_slot(struct log *log, const char *name, const char *pass,
    size_t pass_len, const struct kdf_params *kdf, bool replace,
    unsigned char *sign_sk, struct log_event_in *ev, char *pk_hex,
    struct log_error *err)
{
	unsigned char pk[KEYRING_SIGN_PK];
	struct keyring *kr = NULL, *before = NULL;
	struct log_error ignored;
	enum log_status s;

	if ((s = lock_keyring(log->lock, err)) != LOG_OK)
		return s;
	if ((s = load_keys(log, &kr, err)) == LOG_OK &&
	    (s = load_keys(log, &before, err)) == LOG_OK) {
		if (!replace)
			keyring_remove_slot(kr, name); /* a stale slot of a removed account */
		if ((s = set_slot(log, kr, name, pass, pass_len, kdf, replace, pk,
		    sign_sk, err)) == LOG_OK)
			s = save_keys(log, kr, err);
		if (s == LOG_OK) {
			sodium_bin2hex(pk_hex, 2 * KEYRING_SIGN_PK + 1, pk, sizeof(pk));
			if ((s = log_append(log, ev, NULL, err)) != LOG_OK)
				save_keys(log, before, &ignored);
		}
	}
	keyring_free(&kr);
	keyring_free(&before);
	lock_keyring_release(log->lock);
	return s;
}

enum log_status
log_user_add(struct log *log, const char *name, enum log_role role,
    const char *pass, size_t pass_len, const struct kdf_params *kdf,
    struct log_error *err)
{
	char pk_hex[2 * KEYRING_SIGN_PK + 1] = "";
	struct log_field f[] = { { "name", name, 0 }, { "role", log_role_name(role), 0 },
		{ "sign_pk", pk_hex, 0 } };
	struct log_event_in ev = { event_name(EV_ACCOUNT_ADDED), NULL, 0, f, 3 };
	enum log_status s;

	if ((s = require_manager(log, err)) != LOG_OK ||
	    (s = refuse_trainer_on_live(log, role, err)) != LOG_OK ||
	    (s = log_check_new_account(name, pass_len, err)) != LOG_OK)
		return s;
	if (account_role(log, name) >= 0)
		return log_fail(err, LOG_E_INVALID, _("account '%s' already exists"), name);
	return change_slot(log, name, pass, pass_len, kdf, false, NULL, &ev, pk_hex, err);
}

/* Under both locks: the event, the slot out, then a fresh key. */
static enum log_status
remove_locked(struct log *log, const char *name, log_progress_fn fn, void *ctx,
    struct log_error *err)
{
	struct keyring *kr = NULL;
	enum log_status s;
	char *reason;

	if ((s = log_load_keyring(log, false, &kr, err)) != LOG_OK)
		return s;
	/* Checked before anything changes. */
	keyring_remove_slot(kr, name);
	{
		char *legacy = keyring_legacy_names(kr);

		if (legacy != NULL) {
			s = log_fail(err, LOG_E_DENIED, _("%s: the key slots of %s are "
			    "from rutin 0.1 and hold the log key itself; each must log in "
			    "once (which replaces the slot) before an account can be "
			    "removed with a rekey"), log->keys_path, legacy);
			free(legacy);
			keyring_free(&kr);
			return s;
		}
	}
	if ((s = account_event(log, event_name(EV_ACCOUNT_REMOVED), name, NULL, err)) == LOG_OK) {
		reason = xasprintf("account removed: %s", name);
		s = log_rekey_locked(log, kr, reason, fn, ctx, err);
		free(reason);
	}
	keyring_free(&kr);
	return s;
}

enum log_status
log_user_remove(struct log *log, const char *name, log_progress_fn fn, void *ctx,
    struct log_error *err)
{
	enum log_status s;
	int role;

	if ((s = require_manager(log, err)) != LOG_OK)
		return s;
	role = account_role(log, name);
	if (role < 0)
		return log_fail(err, LOG_E_INVALID, _("there is no account '%s'"), name);
	if (is_manager_role(log, role) && manager_count(log) <= 1)
		return log_fail(err, LOG_E_DENIED, _("'%s' is the last supervisor and "
		    "cannot be removed; add another supervisor first"), name);
	if ((s = lock_exclusive(log->lock, log->path, err)) != LOG_OK)
		return s;
	if ((s = lock_keyring(log->lock, err)) == LOG_OK) {
		s = remove_locked(log, name, fn, ctx, err);
		lock_keyring_release(log->lock);
	}
	lock_shared(log->lock);
	return s;
}

enum log_status
log_user_set_role(struct log *log, const char *name, enum log_role role,
    struct log_error *err)
{
	enum log_status s;
	int old;

	if ((s = require_manager(log, err)) != LOG_OK)
		return s;
	old = account_role(log, name);
	if (old < 0)
		return log_fail(err, LOG_E_INVALID, _("there is no account '%s'"), name);
	if ((s = refuse_trainer_on_live(log, role, err)) != LOG_OK)
		return s;
	if (is_manager_role(log, old) && !is_manager_role(log, (int)role) &&
	    manager_count(log) <= 1)
		return log_fail(err, LOG_E_DENIED, _("'%s' is the last supervisor"), name);
	return account_event(log, event_name(EV_ACCOUNT_ROLE_CHANGED), name, log_role_name(role), err);
}

enum log_status
log_user_passwd(struct log *log, const char *pass, size_t pass_len,
    const struct kdf_params *kdf, bool *rekeyed, struct log_error *err)
{
	char pk_hex[2 * KEYRING_SIGN_PK + 1] = "";
	struct log_field f[] = { { "name", log->user, 0 }, { "sign_pk", pk_hex, 0 } };
	struct log_event_in ev = { event_name(EV_ACCOUNT_PASSPHRASE_CHANGED), NULL, 0, f, 2 };
	unsigned char *new_sk;
	struct keyring *kr = NULL;
	struct log_error busy;
	enum log_status s;

	*rekeyed = false;
	if (log->recovery)
		return log_fail(err, LOG_E_DENIED, _("the recovery key has no passphrase "
		    "to change; add an account instead"));
	if ((s = log_check_new_account(log->user, pass_len, err)) != LOG_OK)
		return s;
	if ((new_sk = sodium_malloc(KEYRING_SIGN_SK)) == NULL)
		return log_fail(err, LOG_E_IO, _("not enough memory"));
	/* The event naming the new signing key is signed with the old one. */
	s = change_slot(log, log->user, pass, pass_len, kdf, true, new_sk, &ev, pk_hex,
	    err);
	if (s == LOG_OK) {
		sodium_mprotect_readwrite(log->sign_sk);
		memcpy(log->sign_sk, new_sk, KEYRING_SIGN_SK);
		sodium_mprotect_noaccess(log->sign_sk);
		log->weak = keyring_kdf_is_weaker(kdf ? kdf : &KEYRING_KDF_DEFAULT);
		log->pending = false; /* the join code opens nothing now */
	}
	sodium_free(new_sk);
	if (s != LOG_OK)
		return s;
	/* The old passphrase may have leaked: with a fresh key, a copy of the
	 * old keyring opens nothing current. Only when no one else has the
	 * log open; otherwise the caller says that rutin rekey is due. */
	if (lock_exclusive(log->lock, log->path, &busy) != LOG_OK)
		return LOG_OK;
	if ((s = lock_keyring(log->lock, err)) == LOG_OK) {
		char *legacy = NULL;

		if ((s = log_load_keyring(log, false, &kr, err)) == LOG_OK &&
		    (legacy = keyring_legacy_names(kr)) == NULL &&
		    (s = log_rekey_locked(log, kr, "passphrase changed", NULL, NULL, err)) ==
		    LOG_OK)
			*rekeyed = true;
		free(legacy);
		keyring_free(&kr);
		lock_keyring_release(log->lock);
	}
	lock_shared(log->lock);
	return s;
}

bool
log_must_choose_passphrase(const struct log *log)
{
	return log->pending;
}

bool
log_user_pending(struct log *log, const char *name)
{
	return log_authority_sync(log, NULL) == LOG_OK && log->auth_bad == 0 &&
	    authors_pending(log->auth, name);
}

enum log_status
log_user_invite(struct log *log, const char *name, const char *code,
    size_t code_len, const char *session, struct log_error *err)
{
	struct log_field f[] = { { "name", name, 0 }, { "session", session, 0 } };
	struct log_event_in ev = { event_name(EV_EXERCISE_INVITED), NULL, 0, f, 2 };
	enum log_status s;

	if (!log->training)
		return log_fail(err, LOG_E_DENIED, _("%s is a live log: join codes are "
		    "for training logs only"), log->path);
	if ((s = log_user_add(log, name, ROLE_CASEWORKER, code, code_len, NULL,
	    err)) != LOG_OK)
		return s;
	return log_append(log, &ev, NULL, err);
}

enum log_status
log_user_expire(struct log *log, const char *name, struct log_error *err)
{
	struct keyring *kr = NULL;
	enum log_status s;

	if ((s = require_manager(log, err)) != LOG_OK)
		return s;
	if (!log_user_pending(log, name))
		return log_fail(err, LOG_E_INVALID, _("'%s' has no join code waiting"),
		    name);
	/* The event first: the events decide, so once it is written the code
	 * opens nothing (log_open finds no such account), even if the slot
	 * could not be taken out below. */
	if ((s = account_event(log, event_name(EV_ACCOUNT_REMOVED), name, NULL,
	    err)) != LOG_OK)
		return s;
	if ((s = lock_keyring(log->lock, err)) != LOG_OK)
		return s;
	if ((s = load_keys(log, &kr, err)) == LOG_OK) {
		keyring_remove_slot(kr, name);
		s = save_keys(log, kr, err);
	}
	keyring_free(&kr);
	lock_keyring_release(log->lock);
	return s;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct log_account *)a)->name,
	    ((const struct log_account *)b)->name);
}

enum log_status
log_user_list(struct log *log, struct log_account **out, size_t *n,
    struct log_error *err)
{
	struct keyring *kr = NULL;
	struct log_account *list = NULL;
	size_t count = 0, cap = 0, i;
	const char *name;
	enum log_status s;
	char *msg = NULL;
	int role;

	*out = NULL;
	*n = 0;
	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (log->auth_bad > 0)
		return log_fail(err, LOG_E_CORRUPT, _("%s: the accounts cannot be "
		    "listed: %s (rutin verify)"), log->path, log->auth_why);
	if (keyring_load(log->keys_path, &kr, &msg) != KEYRING_OK)
		kr = keyring_new(); /* lost: every account shows without a slot */
	free(msg);
	for (i = 0; authors_at(log->auth, i, &name, &role); i++) {
		if (role < 0)
			continue;
		if (count == cap) {
			cap = cap ? 2 * cap : 8;
			list = xreallocarray(list, cap, sizeof(*list));
		}
		snprintf(list[count].name, sizeof(list[count].name), "%s", name);
		list[count].role = (enum log_role)role;
		list[count].has_slot = keyring_has_slot(kr, name);
		count++;
	}
	keyring_free(&kr);
	if (count > 0)
		qsort(list, count, sizeof(*list), by_name);
	*out = list;
	*n = count;
	return LOG_OK;
}

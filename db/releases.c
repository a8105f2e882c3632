/* Routine releases (log.h, "Released routines"): a supervisor releases a
 * routine text by its hash, or withdraws a release. Both are authority
 * events (common/vocab.h): db/authors.c keeps the released hashes, and
 * from the log's first release on a live log starts runs only of them
 * (events.c) and verify reports any other run. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "db/authors.h"
#include "db/log_impl.h"

static enum log_status
require_release_right(struct log *log, struct log_error *err)
{
	enum log_status s;

	if (log->training)
		return log_fail(err, LOG_E_DENIED, _("%s is a training log: it runs any "
		    "routine (trainers try drafts there); releases are a live log's"),
		    log->path);
	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (log->role != ROLE_SUPERVISOR || log->auth_bad > 0)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor releases or "
		    "withdraws a routine; '%s' is a %s"), log->user,
		    log_role_label(log->role));
	return LOG_OK;
}

bool
log_routine_released(struct log *log, const char *hash)
{
	return log_authority_sync(log, NULL) == LOG_OK && authors_released(log->auth, hash);
}

bool
log_releases_adopted(struct log *log)
{
	return log_authority_sync(log, NULL) == LOG_OK && authors_releases(log->auth);
}

enum log_status
log_release(struct log *log, const struct log_release_in *r, struct log_error *err)
{
	struct log_field f[] = { { "hash", r->hash, 0 }, { "note", r->note ? r->note : "", 0 },
		{ "routine_id", r->id, 0 }, { "source", r->source, 0 },
		{ "title", r->title, 0 }, { "version", NULL, r->version } };
	struct log_event_in ev = { event_name(EV_ROUTINE_RELEASED), NULL, 0, f, 6 };
	enum log_status s;

	if ((s = require_release_right(log, err)) != LOG_OK)
		return s;
	if (authors_released(log->auth, r->hash))
		return log_fail(err, LOG_E_EXISTS, _("routine '%s' version %ld is released "
		    "already in this text (hash %.12s)"), r->id, r->version, r->hash);
	return log_append(log, &ev, NULL, err);
}

enum log_status
log_withdraw(struct log *log, const char *id, const char *hash, const char *note,
    struct log_error *err)
{
	struct log_field f[] = { { "hash", hash, 0 }, { "note", note ? note : "", 0 },
		{ "routine_id", id, 0 } };
	struct log_event_in ev = { event_name(EV_ROUTINE_WITHDRAWN), NULL, 0, f, 3 };
	enum log_status s;

	if ((s = require_release_right(log, err)) != LOG_OK)
		return s;
	if (!authors_released(log->auth, hash))
		return log_fail(err, LOG_E_INVALID, _("no release of '%s' with hash %.12s "
		    "stands in this log"), id, hash);
	return log_append(log, &ev, NULL, err);
}

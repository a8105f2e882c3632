/* Steps that need a second person (db/FORMAT.md, "Second persons"): the
 * log's option that turns on the organisation's choices, and the rule a
 * confirmation keeps against the run's earlier events, which log_append
 * enforces and verify checks again. The role a confirmation needs is
 * db/authors.c's (it follows the roles in order). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "common/vocab.h"
#include "db/authors.h"
#include "db/log_impl.h"

/* The options a log has, and the values each takes. */
static const struct {
	const char *name;
	const char *const values[3];
} options[] = {
	{ LOG_OPTION_SECOND_PERSON, { "on", "off", NULL } },
};

static bool
option_value_ok(const char *name, const char *value, bool *known)
{
	size_t i, j;

	*known = false;
	for (i = 0; i < sizeof(options) / sizeof(*options); i++) {
		if (strcmp(options[i].name, name) != 0)
			continue;
		*known = true;
		for (j = 0; options[i].values[j] != NULL; j++)
			if (strcmp(options[i].values[j], value) == 0)
				return true;
	}
	return false;
}

bool
log_second_person_on(struct log *log)
{
	return log_authority_sync(log, NULL) == LOG_OK && authors_second_on(log->auth);
}

enum log_status
log_option_set(struct log *log, const char *name, const char *value,
    struct log_error *err)
{
	struct log_field f[] = { { "name", name, 0 }, { "value", value, 0 } };
	struct log_event_in ev = { event_name(EV_LOG_OPTION_SET), NULL, 0, f, 2 };
	enum log_status s;
	bool known;

	if (!option_value_ok(name, value, &known))
		return log_fail(err, LOG_E_INVALID, known ? _("option '%s' is on or off, "
		    "not '%s'") : _("no option '%s' (the options: second_person)"), name,
		    value);
	if ((s = log_authority_sync(log, err)) != LOG_OK)
		return s;
	if (!log_manages(log) || log->auth_bad > 0)
		return log_fail(err, LOG_E_DENIED, _("only a supervisor (in a training "
		    "log also a trainer) sets the log's options; '%s' is a %s"),
		    log->user, log_role_label(log->role));
	if ((strcmp(value, "on") == 0) == authors_second_on(log->auth))
		return log_fail(err, LOG_E_EXISTS, _("option '%s' is %s already"), name,
		    value);
	return log_append(log, &ev, NULL, err);
}

/* The run's last event about `step` before `before` that changes what
 * the step holds: its type and author, and its text. */
static bool
last_step_event(struct log *log, const char *run_id, int64_t before, const char *step,
    char *type, size_t type_size, char *account, size_t account_size, char **text)
{
	static const char sql[] = "SELECT type, account, fields FROM events"
	    " WHERE run_id = ? AND seq < ? ORDER BY seq DESC;";
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql, "", &rc);
	bool found = false;

	*text = NULL;
	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before);
	while (!found && sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *fields = (const char *)sqlite3_column_text(st, 2);
		int k = t != NULL ? event_type_of(t) : -1;
		struct log_field *f;
		size_t n;

		if (k != EV_STEP_ANSWERED && k != EV_STEP_RETRACTED &&
		    k != EV_STEP_NOT_APPLICABLE && k != EV_STEP_SKIPPED &&
		    k != EV_STEP_CONFIRMED)
			continue;
		if (fields == NULL || !fields_from_json(fields, &f, &n))
			continue;
		if (fields_text(f, n, "step") != NULL &&
		    strcmp(fields_text(f, n, "step"), step) == 0) {
			snprintf(type, type_size, "%s", t);
			snprintf(account, account_size, "%s",
			    (const char *)sqlite3_column_text(st, 1));
			*text = fields_text(f, n, "text") != NULL ?
			    xstrdup(fields_text(f, n, "text")) : NULL;
			found = true;
		}
		fields_free(f, n);
	}
	sqlite3_reset(st);
	return found;
}

bool
log_confirm_holds(struct log *log, const char *run_id, int64_t before,
    const char *account, const char *step, const char *text, char *why, size_t len)
{
	char type[64], by[65];
	char *answer;
	bool ok;

	if (run_id == NULL || step == NULL || text == NULL) {
		snprintf(why, len, _("a confirmation that names no run, step or answer"));
		return false;
	}
	if (!last_step_event(log, run_id, before, step, type, sizeof(type), by,
	    sizeof(by), &answer)) {
		snprintf(why, len, _("a confirmation of step '%s', which holds no answer"),
		    step);
		return false;
	}
	ok = false;
	if (!event_is(type, EV_STEP_ANSWERED))
		snprintf(why, len, event_is(type, EV_STEP_CONFIRMED) ?
		    _("step '%s' was confirmed already") : _("a confirmation of step "
		    "'%s', which holds no answer"), step);
	else if (answer == NULL || strcmp(answer, text) != 0)
		snprintf(why, len, _("a confirmation of another answer than step '%s' "
		    "holds"), step);
	else if (strcmp(by, account) == 0)
		snprintf(why, len, _("'%s' confirmed her own answer to step '%s': the "
		    "second person is someone else"), account, step);
	else
		ok = true;
	free(answer);
	return ok;
}

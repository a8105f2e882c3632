/* Exercise sessions: writing their events and reading them back
 * (xsession.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "runlog/xsession.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) != NULL ? (src) : "")

/* Grows an array of `size`-byte items by one; returns the new item, zeroed. */
static void *
push(void **items, size_t *n, size_t *cap, size_t size)
{
	char *p;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*items = xreallocarray(*items, *cap, size);
	}
	p = (char *)*items + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

static struct xsession *
find_session(struct xstate *st, const char *id)
{
	size_t i;

	for (i = 0; i < st->n_sessions; i++)
		if (strcmp(st->sessions[i].id, id) == 0)
			return &st->sessions[i];
	return NULL;
}

static int64_t
field_number(const struct log_field *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0 && f[i].text == NULL)
			return f[i].number;
	return 0;
}

static void
read_started(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xsession *s = push((void **)&st->sessions, &st->n_sessions,
	    &st->cap_sessions, sizeof(*s));

	COPY(s->id, fields_text(f, n, "session"));
	COPY(s->exercise_id, fields_text(f, n, "exercise_id"));
	s->exercise_version = (long)field_number(f, n, "exercise_version");
	COPY(s->exercise_hash, fields_text(f, n, "exercise_hash"));
	COPY(s->routine_id, fields_text(f, n, "routine_id"));
	COPY(s->title, fields_text(f, n, "title"));
	s->text = xstrdup(fields_text(f, n, "source") ? fields_text(f, n, "source") : "");
	COPY(s->trainer, ev->account);
	s->started = ev->time;
}

static void
read_event(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	int type = event_type_of(ev->type);
	struct xsession *s;

	if (type == EV_EXERCISE_STARTED) {
		read_started(st, ev, f, n);
	} else if (type == EV_EXERCISE_ENDED) {
		s = find_session(st, fields_text(f, n, "session") ?
		    fields_text(f, n, "session") : "");
		if (s != NULL && s->ended == 0) {
			s->ended = ev->time;
			COPY(s->ended_by, ev->account);
		}
	} else if (type == EV_EXERCISE_JOINED && ev->run_id != NULL) {
		struct xjoin *j = push((void **)&st->joins, &st->n_joins,
		    &st->cap_joins, sizeof(*j));

		COPY(j->run_id, ev->run_id);
		COPY(j->account, ev->account);
		COPY(j->session, fields_text(f, n, "session"));
		j->time = ev->time;
	} else if (type == EV_EXERCISE_INJECTED) {
		struct xinjected *in = push((void **)&st->injected, &st->n_injected,
		    &st->cap_injected, sizeof(*in));

		in->seq = ev->seq;
		in->time = ev->time;
		COPY(in->session, fields_text(f, n, "session"));
		COPY(in->inject, fields_text(f, n, "inject"));
		COPY(in->to, fields_text(f, n, "to"));
	} else if (type == EV_EXERCISE_SHOWN && ev->run_id != NULL) {
		struct xshown *sh = push((void **)&st->shown, &st->n_shown,
		    &st->cap_shown, sizeof(*sh));

		COPY(sh->run_id, ev->run_id);
		COPY(sh->inject, fields_text(f, n, "inject"));
		sh->time = ev->time;
	} else if (type == EV_EXERCISE_GUARD_REFUSED && ev->run_id != NULL) {
		struct xrefused *rf = push((void **)&st->refused, &st->n_refused,
		    &st->cap_refused, sizeof(*rf));

		COPY(rf->run_id, ev->run_id);
		COPY(rf->step, fields_text(f, n, "step"));
		COPY(rf->kind, fields_text(f, n, "kind"));
		rf->time = ev->time;
	}
}

static int
on_event(void *ctx, const struct log_event *ev)
{
	struct xstate *st = ctx;
	struct log_field *f;
	size_t n;

	st->last_seq = ev->seq;
	if (!fields_from_json(ev->fields, &f, &n)) {
		st->bad++;
		return 0;
	}
	read_event(st, ev, f, n);
	fields_free(f, n);
	return 0;
}

enum log_status
xstate_update(struct log *log, struct xstate *st, struct log_error *err)
{
	return log_events_typed(log, "exercise.", st->last_seq, on_event, st, err);
}

void
xstate_free(struct xstate *st)
{
	size_t i;

	for (i = 0; i < st->n_sessions; i++)
		free(st->sessions[i].text);
	free(st->sessions);
	free(st->joins);
	free(st->injected);
	free(st->shown);
	free(st->refused);
	memset(st, 0, sizeof(*st));
}

enum routine_status
xsession_exercise(const struct xsession *s, struct exercise **out,
    struct diag_list *d)
{
	enum routine_status st;
	char hash[65];

	st = exercise_load_buffer(s->text, strlen(s->text), s->title, out, d);
	if (st != ROUTINE_OK)
		return st;
	exercise_hash_hex(*out, hash);
	if (strcmp(hash, s->exercise_hash) != 0) {
		diag_error(d, 0, 0, _("the exercise text in the log does not match "
		    "its hash; run rutin verify"));
		exercise_free(out);
		return ROUTINE_INVALID;
	}
	return ROUTINE_OK;
}

const struct xsession *
xstate_session(const struct xstate *st, const char *id)
{
	const struct xsession *found = NULL;
	size_t i, len = strlen(id);

	if (len == 0)
		return NULL;
	for (i = 0; i < st->n_sessions; i++) {
		if (strcmp(st->sessions[i].id, id) == 0)
			return &st->sessions[i];
		if (strncmp(st->sessions[i].id, id, len) == 0) {
			if (found != NULL)
				return NULL; /* ambiguous */
			found = &st->sessions[i];
		}
	}
	return found;
}

const struct xsession *
xstate_open_session(const struct xstate *st, size_t *open_count)
{
	const struct xsession *found = NULL;
	size_t i;

	*open_count = 0;
	for (i = 0; i < st->n_sessions; i++)
		if (st->sessions[i].ended == 0) {
			found = &st->sessions[i];
			(*open_count)++;
		}
	return *open_count == 1 ? found : NULL;
}

const struct xjoin *
xstate_join_of(const struct xstate *st, const char *session, const char *account)
{
	size_t i;

	for (i = st->n_joins; i-- > 0;)
		if (strcmp(st->joins[i].session, session) == 0 &&
		    strcmp(st->joins[i].account, account) == 0)
			return &st->joins[i];
	return NULL;
}

const struct xjoin *
xstate_join_of_run(const struct xstate *st, const char *run_id)
{
	size_t i;

	for (i = 0; i < st->n_joins; i++)
		if (strcmp(st->joins[i].run_id, run_id) == 0)
			return &st->joins[i];
	return NULL;
}

size_t
xstate_shown_count(const struct xstate *st, const char *run_id, const char *inject)
{
	size_t i, n = 0;

	for (i = 0; i < st->n_shown; i++)
		if (strcmp(st->shown[i].run_id, run_id) == 0 &&
		    strcmp(st->shown[i].inject, inject) == 0)
			n++;
	return n;
}

/* ---- Writing ---- */

static enum log_status
require_training(struct log *log, bool manage, struct log_error *err)
{
	if (!log_is_training(log)) {
		snprintf(err->message, sizeof(err->message), _("%s is a live log: "
		    "exercises run only in a training log"), log_path(log));
		return err->status = LOG_E_DENIED;
	}
	if (manage && !log_manages(log)) {
		snprintf(err->message, sizeof(err->message), _("only a trainer or a "
		    "supervisor may start, end or steer an exercise; '%s' is a %s"),
		    log_user(log), log_role_name(log_role(log)));
		return err->status = LOG_E_DENIED;
	}
	return LOG_OK;
}

static enum log_status
append(struct log *log, enum event_type type, const char *run_id,
    const struct log_field *f, size_t n, struct log_error *err)
{
	struct log_event_in ev = { event_name(type), run_id, 0, f, n };

	return log_append(log, &ev, NULL, err);
}

enum log_status
xsession_start(struct log *log, const struct exercise *ex, struct xsession *out,
    struct log_error *err)
{
	char hash[65];
	struct log_field f[7];
	enum log_status s;

	if ((s = require_training(log, true, err)) != LOG_OK)
		return s;
	memset(out, 0, sizeof(*out));
	log_new_id(out->id);
	exercise_hash_hex(ex, hash);
	f[0] = (struct log_field){ "exercise_hash", hash, 0 };
	f[1] = (struct log_field){ "exercise_id", ex->id, 0 };
	f[2] = (struct log_field){ "exercise_version", NULL, ex->version };
	f[3] = (struct log_field){ "routine_id", ex->routine_id, 0 };
	f[4] = (struct log_field){ "session", out->id, 0 };
	f[5] = (struct log_field){ "source", ex->text, 0 };
	f[6] = (struct log_field){ "title", ex->title, 0 };
	if ((s = append(log, EV_EXERCISE_STARTED, NULL, f, 7, err)) != LOG_OK)
		return s;
	COPY(out->exercise_id, ex->id);
	out->exercise_version = ex->version;
	COPY(out->exercise_hash, hash);
	COPY(out->routine_id, ex->routine_id);
	COPY(out->title, ex->title);
	COPY(out->trainer, log_user(log));
	return LOG_OK;
}

/* What the trainer does to a session: a training log, someone who
 * manages it, the session still open. */
static enum log_status
require_open_by_manager(struct log *log, const struct xsession *s,
    struct log_error *err)
{
	enum log_status st;

	if ((st = require_training(log, true, err)) != LOG_OK)
		return st;
	if (s->ended != 0) {
		snprintf(err->message, sizeof(err->message), _("the exercise session "
		    "%.8s has ended already"), s->id);
		return err->status = LOG_E_INVALID;
	}
	return LOG_OK;
}

enum log_status
xsession_end(struct log *log, const struct xsession *s, struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 } };
	enum log_status st;

	if ((st = require_open_by_manager(log, s, err)) != LOG_OK)
		return st;
	return append(log, EV_EXERCISE_ENDED, NULL, f, 1, err);
}

enum log_status
xsession_join(struct log *log, const struct xsession *s, const char *run_id,
    struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 } };
	enum log_status st;

	if ((st = require_training(log, false, err)) != LOG_OK)
		return st;
	if (s->ended != 0) {
		snprintf(err->message, sizeof(err->message), _("the exercise \"%s\" "
		    "has ended; ask the trainer for a new one"), s->title);
		return err->status = LOG_E_INVALID;
	}
	return append(log, EV_EXERCISE_JOINED, run_id, f, 1, err);
}

enum log_status
xsession_inject(struct log *log, const struct xsession *s, const char *inject,
    const char *to, struct log_error *err)
{
	struct log_field f[] = { { "inject", inject, 0 }, { "session", s->id, 0 },
		{ "to", to != NULL ? to : "", 0 } };
	enum log_status st;

	if ((st = require_open_by_manager(log, s, err)) != LOG_OK)
		return st;
	return append(log, EV_EXERCISE_INJECTED, NULL, f, 3, err);
}

enum log_status
xsession_guard_refused(struct log *log, const char *run_id, const char *step,
    const char *kind, struct log_error *err)
{
	struct log_field f[] = { { "kind", kind, 0 }, { "step", step, 0 } };
	enum log_status st;

	if ((st = require_training(log, false, err)) != LOG_OK)
		return st;
	return append(log, EV_EXERCISE_GUARD_REFUSED, run_id, f, 2, err);
}

enum log_status
xsession_shown(struct log *log, const char *run_id, const char *inject,
    struct log_error *err)
{
	struct log_field f[] = { { "inject", inject, 0 } };
	enum log_status st;

	if ((st = require_training(log, false, err)) != LOG_OK)
		return st;
	return append(log, EV_EXERCISE_SHOWN, run_id, f, 1, err);
}

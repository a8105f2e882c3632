/* Exercise sessions: writing their events and reading them back
 * (xsession.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "checklists/guard.h"
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

#define PUSH(st, name) push((void **)&(st)->name, &(st)->n_##name, \
	&(st)->cap_##name, sizeof(*(st)->name))

/* A text field, "" when it is absent. */
static const char *
text_of(const struct log_field *f, size_t n, const char *name)
{
	const char *t = fields_text(f, n, name);

	return t != NULL ? t : "";
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
	struct xsession *s = PUSH(st, sessions);

	COPY(s->id, text_of(f, n, "session"));
	COPY(s->exercise_id, text_of(f, n, "exercise_id"));
	s->exercise_version = (long)field_number(f, n, "exercise_version");
	COPY(s->exercise_hash, text_of(f, n, "exercise_hash"));
	COPY(s->routine_id, text_of(f, n, "routine_id"));
	COPY(s->title, text_of(f, n, "title"));
	s->text = xstrdup(text_of(f, n, "source"));
	COPY(s->trainer, ev->account);
	s->started = ev->time;
}

static void
read_ended(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xsession *s = find_session(st, text_of(f, n, "session"));

	if (s != NULL && s->ended == 0) {
		s->ended = ev->time;
		COPY(s->ended_by, ev->account);
	}
}

static void
read_joined(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xjoin *j = PUSH(st, joins);

	COPY(j->run_id, ev->run_id);
	COPY(j->account, ev->account);
	COPY(j->session, text_of(f, n, "session"));
	j->time = ev->time;
	j->seq = ev->seq;
}

static void
read_injected(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xinjected *in = PUSH(st, injected);

	in->seq = ev->seq;
	in->time = ev->time;
	COPY(in->session, text_of(f, n, "session"));
	COPY(in->inject, text_of(f, n, "inject"));
	COPY(in->to, text_of(f, n, "to"));
}

static void
read_shown(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xshown *sh = PUSH(st, shown);

	COPY(sh->run_id, ev->run_id);
	COPY(sh->inject, text_of(f, n, "inject"));
	sh->time = ev->time;
}

static void
read_refused(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xrefused *rf = PUSH(st, refused);

	COPY(rf->run_id, ev->run_id);
	COPY(rf->step, text_of(f, n, "step"));
	COPY(rf->kind, text_of(f, n, "kind"));
	rf->time = ev->time;
}

static struct xpause *
open_pause(struct xstate *st, const char *session)
{
	size_t i;

	for (i = st->n_pauses; i-- > 0;)
		if (strcmp(st->pauses[i].session, session) == 0)
			return st->pauses[i].to == 0 ? &st->pauses[i] : NULL;
	return NULL;
}

static void
read_paused(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xpause *p;

	if (open_pause(st, text_of(f, n, "session")) != NULL)
		return; /* paused already */
	p = PUSH(st, pauses);
	COPY(p->session, text_of(f, n, "session"));
	p->from = ev->time;
}

static void
read_resumed(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xpause *p = open_pause(st, text_of(f, n, "session"));

	if (p != NULL)
		p->to = ev->time > p->from ? ev->time : p->from;
}

static void
read_message(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xmessage *m = PUSH(st, messages);

	m->seq = ev->seq;
	m->time = ev->time;
	COPY(m->session, text_of(f, n, "session"));
	COPY(m->from, ev->account);
	COPY(m->to, text_of(f, n, "to"));
	m->text = xstrdup(text_of(f, n, "text"));
}

static void
read_message_shown(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xmsgshown *m = PUSH(st, msgshown);

	COPY(m->run_id, ev->run_id);
	m->seq = field_number(f, n, "message");
}

static void
read_restarted(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xrestart *r = PUSH(st, restarts);

	COPY(r->run_id, ev->run_id);
	COPY(r->session, text_of(f, n, "session"));
	COPY(r->by, ev->account);
	r->time = ev->time;
}

static void
read_acknowledged(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xack *k = PUSH(st, acks);

	COPY(k->run_id, ev->run_id);
	COPY(k->inject, text_of(f, n, "inject"));
	k->time = ev->time;
}

static void
read_invited(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	struct xinvite *v = PUSH(st, invites);

	COPY(v->name, text_of(f, n, "name"));
	COPY(v->session, text_of(f, n, "session"));
	v->time = ev->time;
}

typedef void reader_fn(struct xstate *, const struct log_event *,
    const struct log_field *, size_t);

/* Each exercise event's reader; `run`: the event must name a run. */
static const struct {
	enum event_type type;
	bool run;
	reader_fn *read;
} readers[] = {
	{ EV_EXERCISE_STARTED, false, read_started },
	{ EV_EXERCISE_ENDED, false, read_ended },
	{ EV_EXERCISE_JOINED, true, read_joined },
	{ EV_EXERCISE_INJECTED, false, read_injected },
	{ EV_EXERCISE_SHOWN, true, read_shown },
	{ EV_EXERCISE_GUARD_REFUSED, true, read_refused },
	{ EV_EXERCISE_PAUSED, false, read_paused },
	{ EV_EXERCISE_RESUMED, false, read_resumed },
	{ EV_EXERCISE_MESSAGE, false, read_message },
	{ EV_EXERCISE_MESSAGE_SHOWN, true, read_message_shown },
	{ EV_EXERCISE_RESTARTED, true, read_restarted },
	{ EV_EXERCISE_ACKNOWLEDGED, true, read_acknowledged },
	{ EV_EXERCISE_INVITED, false, read_invited },
};

static void
read_event(struct xstate *st, const struct log_event *ev,
    const struct log_field *f, size_t n)
{
	int type = event_type_of(ev->type);
	size_t i;

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if ((int)readers[i].type == type) {
			if (!readers[i].run || ev->run_id != NULL)
				readers[i].read(st, ev, f, n);
			return;
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
	free(st->pauses);
	for (i = 0; i < st->n_messages; i++)
		free(st->messages[i].text);
	free(st->messages);
	free(st->msgshown);
	free(st->restarts);
	free(st->acks);
	free(st->invites);
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
			return xstate_restart_of(st, st->joins[i].run_id) == NULL ?
			    &st->joins[i] : NULL;
	return NULL;
}

bool
xstate_message_shown(const struct xstate *st, const char *run_id, int64_t seq)
{
	size_t i;

	for (i = 0; i < st->n_msgshown; i++)
		if (st->msgshown[i].seq == seq && strcmp(st->msgshown[i].run_id, run_id) == 0)
			return true;
	return false;
}

const struct xrestart *
xstate_restart_of(const struct xstate *st, const char *run_id)
{
	size_t i;

	for (i = 0; i < st->n_restarts; i++)
		if (strcmp(st->restarts[i].run_id, run_id) == 0)
			return &st->restarts[i];
	return NULL;
}

bool
xstate_paused(const struct xstate *st, const char *session)
{
	size_t i;

	for (i = st->n_pauses; i-- > 0;)
		if (strcmp(st->pauses[i].session, session) == 0)
			return st->pauses[i].to == 0;
	return false;
}

int64_t
xstate_paused_ms(const struct xstate *st, const char *session, int64_t from,
    int64_t to)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < st->n_pauses; i++) {
		const struct xpause *p = &st->pauses[i];
		int64_t a = p->from > from ? p->from : from;
		int64_t b = p->to == 0 || p->to > to ? to : p->to;

		if (strcmp(p->session, session) == 0 && b > a)
			sum += b - a;
	}
	return sum;
}

int64_t
xstate_elapsed_ms(const struct xstate *st, const struct xsession *s, int64_t now)
{
	int64_t end = s->ended != 0 && s->ended < now ? s->ended : now;

	if (end <= s->started)
		return 0;
	return end - s->started - xstate_paused_ms(st, s->id, s->started, end);
}

void
xstate_clock_text(const struct xstate *st, const struct xsession *s, long minutes,
    int64_t now, char *buf, size_t size)
{
	int64_t ms = xstate_elapsed_ms(st, s, now), budget = (int64_t)minutes * 60000;
	int64_t rest = budget > ms ? budget - ms : ms - budget;

	if (minutes <= 0)
		snprintf(buf, size, "%" PRId64 ":%02" PRId64, ms / 60000, ms / 1000 % 60);
	else
		snprintf(buf, size, budget >= ms ? _("%" PRId64 ":%02" PRId64 " of %ld:00, "
		    "%" PRId64 ":%02" PRId64 " left") : _("%" PRId64 ":%02" PRId64 " of "
		    "%ld:00, %" PRId64 ":%02" PRId64 " over"), ms / 60000, ms / 1000 % 60,
		    minutes, rest / 60000, rest / 1000 % 60);
}

int64_t
xstate_first_shown(const struct xstate *st, const char *run_id, const char *inject)
{
	size_t i;

	for (i = 0; i < st->n_shown; i++)
		if (strcmp(st->shown[i].run_id, run_id) == 0 &&
		    strcmp(st->shown[i].inject, inject) == 0)
			return st->shown[i].time;
	return 0;
}

int64_t
xstate_acknowledged(const struct xstate *st, const char *run_id, const char *inject)
{
	size_t i;

	for (i = 0; i < st->n_acks; i++)
		if (strcmp(st->acks[i].run_id, run_id) == 0 &&
		    strcmp(st->acks[i].inject, inject) == 0)
			return st->acks[i].time;
	return 0;
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

/* An event of a trainee's run: any account, a training log. */
static enum log_status
append_run(struct log *log, enum event_type type, const char *run_id,
    const struct log_field *f, size_t n, struct log_error *err)
{
	enum log_status st;

	if ((st = require_training(log, false, err)) != LOG_OK)
		return st;
	return append(log, type, run_id, f, n, err);
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
xsession_end(struct log *log, const struct xstate *st, const struct xsession *s,
    size_t *expired, struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 } };
	enum log_status ls;
	size_t i;

	if (expired != NULL)
		*expired = 0;
	if ((ls = require_open_by_manager(log, s, err)) != LOG_OK)
		return ls;
	if ((ls = append(log, EV_EXERCISE_ENDED, NULL, f, 1, err)) != LOG_OK)
		return ls;
	/* Join codes expire with the exercise. */
	for (i = 0; i < st->n_invites; i++) {
		const struct xinvite *v = &st->invites[i];

		if (strcmp(v->session, s->id) != 0 || !log_user_pending(log, v->name))
			continue;
		if ((ls = log_user_expire(log, v->name, err)) != LOG_OK)
			return ls;
		if (expired != NULL)
			(*expired)++;
	}
	return LOG_OK;
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

	return append_run(log, EV_EXERCISE_GUARD_REFUSED, run_id, f, 2, err);
}

enum log_status
xsession_shown(struct log *log, const char *run_id, const char *inject,
    struct log_error *err)
{
	struct log_field f[] = { { "inject", inject, 0 } };

	return append_run(log, EV_EXERCISE_SHOWN, run_id, f, 1, err);
}

enum log_status
xsession_message_shown(struct log *log, const char *run_id, int64_t seq,
    struct log_error *err)
{
	struct log_field f[] = { { "message", NULL, seq } };

	return append_run(log, EV_EXERCISE_MESSAGE_SHOWN, run_id, f, 1, err);
}

enum log_status
xsession_acknowledge(struct log *log, const char *run_id, const char *inject,
    struct log_error *err)
{
	struct log_field f[] = { { "inject", inject, 0 } };

	return append_run(log, EV_EXERCISE_ACKNOWLEDGED, run_id, f, 1, err);
}

static enum log_status
pause_or_resume(struct log *log, const struct xstate *st, const struct xsession *s,
    bool pause, struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 } };
	enum log_status ls;

	if ((ls = require_open_by_manager(log, s, err)) != LOG_OK)
		return ls;
	if (xstate_paused(st, s->id) == pause) {
		snprintf(err->message, sizeof(err->message), "%s", pause ?
		    _("the exercise is paused already") : _("the exercise is not paused"));
		return err->status = LOG_E_INVALID;
	}
	return append(log, pause ? EV_EXERCISE_PAUSED : EV_EXERCISE_RESUMED, NULL,
	    f, 1, err);
}

enum log_status
xsession_pause(struct log *log, const struct xstate *st, const struct xsession *s,
    struct log_error *err)
{
	return pause_or_resume(log, st, s, true, err);
}

enum log_status
xsession_resume(struct log *log, const struct xstate *st, const struct xsession *s,
    struct log_error *err)
{
	return pause_or_resume(log, st, s, false, err);
}

static bool
has_joined(const struct xstate *st, const struct xsession *s, const char *account)
{
	size_t i;

	for (i = 0; i < st->n_joins; i++)
		if (strcmp(st->joins[i].session, s->id) == 0 &&
		    strcmp(st->joins[i].account, account) == 0)
			return true;
	return false;
}

/* The guard reads a trainer's message as it reads a note, and sends
 * nothing it finds anything in: a message goes to every screen. */
static bool
message_clean(const char *text, struct log_error *err)
{
	struct guard_result g;
	char *why;

	guard_check(text, &g);
	if (g.verdict == GUARD_CLEAN)
		return true;
	why = guard_explain(&g);
	snprintf(err->message, sizeof(err->message), _("the message was not sent: "
	    "%s"), why != NULL ? why : "");
	free(why);
	err->status = LOG_E_INVALID;
	return false;
}

enum log_status
xsession_message(struct log *log, const struct xstate *st, const struct xsession *s,
    const char *text, const char *to, struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 }, { "text", text, 0 },
		{ "to", to != NULL ? to : "", 0 } };
	enum log_status ls;

	if ((ls = require_open_by_manager(log, s, err)) != LOG_OK)
		return ls;
	if (text[strspn(text, " \t\n")] == '\0' || strlen(text) > XMESSAGE_MAX) {
		snprintf(err->message, sizeof(err->message), _("a message is 1 to %d "
		    "bytes of text"), XMESSAGE_MAX);
		return err->status = LOG_E_INVALID;
	}
	if (to != NULL && !has_joined(st, s, to)) {
		snprintf(err->message, sizeof(err->message), _("'%s' has no run in "
		    "this exercise"), to);
		return err->status = LOG_E_INVALID;
	}
	if (!message_clean(text, err))
		return err->status;
	return append(log, EV_EXERCISE_MESSAGE, NULL, f, 3, err);
}

enum log_status
xsession_restart(struct log *log, const struct xstate *st, const struct xsession *s,
    const char *run_id, struct log_error *err)
{
	struct log_field f[] = { { "session", s->id, 0 } };
	const struct xjoin *j = xstate_join_of_run(st, run_id);
	enum log_status ls;

	if ((ls = require_open_by_manager(log, s, err)) != LOG_OK)
		return ls;
	if (j == NULL || strcmp(j->session, s->id) != 0) {
		snprintf(err->message, sizeof(err->message), _("the run %.8s is not "
		    "in this exercise"), run_id);
		return err->status = LOG_E_INVALID;
	}
	if (xstate_restart_of(st, run_id) != NULL) {
		snprintf(err->message, sizeof(err->message), _("%s's run %.8s was "
		    "restarted already"), j->account, run_id);
		return err->status = LOG_E_INVALID;
	}
	return append(log, EV_EXERCISE_RESTARTED, run_id, f, 1, err);
}

/* Exercise sessions on a training log: the trainer starts one for an
 * exercise, trainees' runs join it, the trainer triggers injects and ends
 * it. Everything is an event (common/vocab.h, RUTIN_EXERCISE_EVENTS); this
 * module writes them and reads them back into a struct xstate, which a
 * screen keeps and updates with only the events since it last looked.
 * Knows no screen. Only a training log takes these events (log_append
 * refuses them in a live log); only a trainer or supervisor may start,
 * end or inject. */
#ifndef RUTIN_XSESSION_H
#define RUTIN_XSESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/exercise.h"
#include "db/log.h"

struct xsession {
	char id[LOG_ID_LEN];
	char exercise_id[65];
	long exercise_version;
	char exercise_hash[65];
	char routine_id[65];
	char title[201];
	char trainer[65];     /* who started it */
	int64_t started;      /* ms since 1970 */
	int64_t ended;        /* 0 while it is open */
	char ended_by[65];
	char *text;           /* the exercise file as started (owned by the
	                       * xstate) */
};

/* A trainee's run in a session (exercise.joined). */
struct xjoin {
	char run_id[LOG_ID_LEN];
	char account[65];
	char session[LOG_ID_LEN];
	int64_t time;
	int64_t seq;          /* of the exercise.joined event */
};

/* An inject the trainer triggered (exercise.injected). */
struct xinjected {
	int64_t seq;
	int64_t time;
	char session[LOG_ID_LEN];
	char inject[65];
	char to[65];          /* one trainee's account, or "" for everyone */
};

/* An inject a trainee's screen showed (exercise.shown). */
struct xshown {
	char run_id[LOG_ID_LEN];
	char inject[65];
	int64_t time;
};

/* Text the guard refused in a trainee's run (exercise.guard_refused):
 * the step and the kind (checklists/guard.h's token), never the text. */
struct xrefused {
	char run_id[LOG_ID_LEN];
	char step[65];
	char kind[33];
	int64_t time;
};

/* A pause of the whole class (exercise.paused, exercise.resumed). */
struct xpause {
	char session[LOG_ID_LEN];
	int64_t from;
	int64_t to;           /* 0 while it lasts */
};

/* A message from the trainer (exercise.message). */
struct xmessage {
	int64_t seq;
	int64_t time;
	char session[LOG_ID_LEN];
	char from[65];
	char to[65];          /* one trainee's account, or "" for everyone */
	char *text;           /* owned by the xstate */
};

/* A message a trainee's screen showed (exercise.message_shown). */
struct xmsgshown {
	char run_id[LOG_ID_LEN];
	int64_t seq;          /* the message's */
};

/* A trainee's run the trainer set aside (exercise.restarted). */
struct xrestart {
	char run_id[LOG_ID_LEN];
	char session[LOG_ID_LEN];
	char by[65];
	int64_t time;
};

/* An inject a trainee acknowledged (exercise.acknowledged). */
struct xack {
	char run_id[LOG_ID_LEN];
	char inject[65];
	int64_t time;
};

/* A trainee the trainer invited with a one-time join code
 * (exercise.invited). */
struct xinvite {
	char name[65];
	char session[LOG_ID_LEN];
	int64_t time;
};

#define XMESSAGE_MAX 500  /* bytes of a trainer's message */

/* What the log's exercise events say, oldest first. Zero it to start;
 * xstate_update() adds the events after last_seq. */
struct xstate {
	struct xsession *sessions;
	size_t n_sessions, cap_sessions;
	struct xjoin *joins;
	size_t n_joins, cap_joins;
	struct xinjected *injected;
	size_t n_injected, cap_injected;
	struct xshown *shown;
	size_t n_shown, cap_shown;
	struct xrefused *refused;
	size_t n_refused, cap_refused;
	struct xpause *pauses;
	size_t n_pauses, cap_pauses;
	struct xmessage *messages;
	size_t n_messages, cap_messages;
	struct xmsgshown *msgshown;
	size_t n_msgshown, cap_msgshown;
	struct xrestart *restarts;
	size_t n_restarts, cap_restarts;
	struct xack *acks;
	size_t n_acks, cap_acks;
	struct xinvite *invites;
	size_t n_invites, cap_invites;
	int64_t last_seq;     /* the last exercise event read */
	size_t bad;           /* events with fields rutin did not write */
};

enum log_status xstate_update(struct log *log, struct xstate *st,
    struct log_error *err);
void xstate_free(struct xstate *st);

/* The session's exercise, as the log holds it: *out is one the caller
 * frees, or NULL with problems in `d` (a log holding another text than
 * its hash names is reported too). */
enum routine_status xsession_exercise(const struct xsession *s,
    struct exercise **out, struct diag_list *d);

/* The session with this id, or with an id starting with it when that is
 * unambiguous; NULL otherwise. */
const struct xsession *xstate_session(const struct xstate *st, const char *id);
/* The only open session, or NULL when there are none or several
 * (*open_count says which). */
const struct xsession *xstate_open_session(const struct xstate *st,
    size_t *open_count);
/* The latest run `account` joined to `session` and not restarted by the
 * trainer, or NULL. */
const struct xjoin *xstate_join_of(const struct xstate *st, const char *session,
    const char *account);
/* The join of run `run_id`, or NULL: a run that is no exercise's. */
const struct xjoin *xstate_join_of_run(const struct xstate *st, const char *run_id);
/* How many times the run's screen showed this inject. */
size_t xstate_shown_count(const struct xstate *st, const char *run_id,
    const char *inject);

/* Whether the run's screen showed the message logged at `seq`. */
bool xstate_message_shown(const struct xstate *st, const char *run_id, int64_t seq);
/* The restart that set run `run_id` aside, or NULL. */
const struct xrestart *xstate_restart_of(const struct xstate *st, const char *run_id);
/* Whether the class is paused now. */
bool xstate_paused(const struct xstate *st, const char *session);
/* How long the class was paused between `from` and `to` (ms). */
int64_t xstate_paused_ms(const struct xstate *st, const char *session,
    int64_t from, int64_t to);
/* The class's time: from the start to `now` (or to its end), its pauses
 * left out (ms). */
int64_t xstate_elapsed_ms(const struct xstate *st, const struct xsession *s,
    int64_t now);
/* The class's clock for a screen: "12:30 of 45:00, 32:30 left" with a
 * budget of `minutes` (0: none, then "12:30"), "50:10 of 45:00, 5:10
 * over" past it; pauses left out. */
void xstate_clock_text(const struct xstate *st, const struct xsession *s,
    long minutes, int64_t now, char *buf, size_t size);
/* When the run first showed the inject, and when she acknowledged it (0:
 * never). */
int64_t xstate_first_shown(const struct xstate *st, const char *run_id,
    const char *inject);
int64_t xstate_acknowledged(const struct xstate *st, const char *run_id,
    const char *inject);

/* Writes the events. Each checks the log is a training log and who may:
 * start, end and inject need log_manages(); join and shown are the
 * trainee's, in her own run. *out receives the new session. */
enum log_status xsession_start(struct log *log, const struct exercise *ex,
    struct xsession *out, struct log_error *err);
/* Ends the session; the join codes of its trainees who never used them
 * stop working (their accounts removed, log_user_expire): *expired says
 * how many (may be NULL). */
enum log_status xsession_end(struct log *log, const struct xstate *st,
    const struct xsession *s, size_t *expired, struct log_error *err);
enum log_status xsession_join(struct log *log, const struct xsession *s,
    const char *run_id, struct log_error *err);
/* `to`: a trainee's account or NULL for everyone in the session. */
enum log_status xsession_inject(struct log *log, const struct xsession *s,
    const char *inject, const char *to, struct log_error *err);
enum log_status xsession_shown(struct log *log, const char *run_id,
    const char *inject, struct log_error *err);
/* Her screen shows the trainer's message logged at `seq`. */
enum log_status xsession_message_shown(struct log *log, const char *run_id,
    int64_t seq, struct log_error *err);
/* She acknowledged the inject in the box (one that asks for it). */
enum log_status xsession_acknowledge(struct log *log, const char *run_id,
    const char *inject, struct log_error *err);
/* The trainer stops the whole class, and lets it go on. `st` says
 * whether it is paused (a second pause is refused). */
enum log_status xsession_pause(struct log *log, const struct xstate *st,
    const struct xsession *s, struct log_error *err);
enum log_status xsession_resume(struct log *log, const struct xstate *st,
    const struct xsession *s, struct log_error *err);
/* A message to everyone (`to` NULL) or one trainee: refused when the guard
 * finds anything in it (the message says what), when it is empty or
 * longer than XMESSAGE_MAX bytes, or when `to` has no run in the
 * session. */
enum log_status xsession_message(struct log *log, const struct xstate *st,
    const struct xsession *s, const char *text, const char *to,
    struct log_error *err);
/* Sets the trainee's run aside: her screen leaves it and starts a new
 * one. Refused for a run that is not in the session or was restarted
 * already. */
enum log_status xsession_restart(struct log *log, const struct xstate *st,
    const struct xsession *s, const char *run_id, struct log_error *err);
/* The guard refused text a trainee wrote at `step` of her run: `kind` is
 * the finding's token (guard_kind_token). The text is never logged. */
enum log_status xsession_guard_refused(struct log *log, const char *run_id,
    const char *step, const char *kind, struct log_error *err);

#endif

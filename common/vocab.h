/* The event vocabulary: every event type the log holds, its fields and
 * what it does to the summaries, defined once. The run engine
 * (checklists/run.c), the mapping to the log (runlog/), the summaries and
 * verify (db/) and the commands use these names, never string literals;
 * db/FORMAT.md documents the same table for readers of the file.
 *
 * Adding an event type is one line here (and its row in db/FORMAT.md),
 * which says who may write it: there is no default.
 * The run engine's events come first, in the order of enum run_event_type
 * (checklists/run.h), which is made from the first part of this list. */
#ifndef RUTIN_VOCAB_H
#define RUTIN_VOCAB_H

#include <stdbool.h>

/* What an event type is and does. */
enum {
	EVF_RUN = 1,          /* belongs to a run: has a run_id */
	EVF_STEP = 2,         /* names a step: field "step" */
	EVF_TEXT = 4,         /* carries a text: field "text" (answer, reason, note) */
	EVF_SETS_REASON = 8,  /* gives a step's deviation reason */
	EVF_ENDS_REASON = 16, /* the step's deviation reason no longer stands */
	EVF_ACCOUNT = 32,     /* changes the accounts summary */
	EVF_REVIEW = 64,      /* about a run (a run_id) but not the engine's:
	                       * leaves the run and its summary row alone */
	EVF_TRAINING = 128,   /* an exercise's: only a training log takes it */
	EVF_RECOVERY = 256,   /* the recovery key may write it too */
	EVF_AUTHORITY = 512,  /* says who may do what: keys, roles, the recovery
	                       * key, the training mark (db/authority.c) */
	EVF_ACCESS = 1024,    /* an entry of the access log: someone read,
	                       * decided on, drew or handed over runs
	                       * (rutin review access, the access screen) */
};

/* Who may write an event type (db/authors.c checks it in verify). Every
 * type names one: there is no default, and a type that is not in this
 * table is written by no one. */
enum event_author {
	EVA_UNSET = 0,   /* never in the table: a type without a rule */
	EVA_CREATOR,     /* the log's first event, with the key it names */
	EVA_ANYONE,      /* any account with a signing key */
	EVA_SELF,        /* the account the event names (field "name") */
	EVA_SUPERVISOR,  /* a supervisor at that point of the log */
	EVA_MANAGER,     /* a supervisor, or a trainer in a training log */
};

/* The run engine's events: X(ID, name, flags, the run's status after it
 * or NULL, who may write it, the fields, what it says to a person: a
 * phrase after the account's name, "bo skipped the step", translated by
 * the caller). */
#define RUTIN_RUN_EVENTS(X) \
	X(RUN_STARTED, "run.started", EVF_RUN, NULL, EVA_ANYONE, \
	    "case_ref mode routine_hash routine_id routine_version second_person", \
	    N_("started the run")) \
	X(STEP_ANSWERED, "step.answered", EVF_RUN | EVF_STEP | EVF_TEXT | \
	    EVF_ENDS_REASON, NULL, EVA_ANYONE, "step text", \
	    N_("answered")) \
	X(STEP_RETRACTED, "step.retracted", EVF_RUN | EVF_STEP | EVF_ENDS_REASON, \
	    NULL, EVA_ANYONE, "step", \
	    N_("answer withdrawn (a changed answer hid the step)")) \
	X(NOTE_ADDED, "note.added", EVF_RUN | EVF_STEP | EVF_TEXT, NULL, EVA_ANYONE, \
	    "step text", \
	    N_("added a note")) \
	X(STEP_NOT_APPLICABLE, "step.not_applicable", EVF_RUN | EVF_STEP | EVF_TEXT | \
	    EVF_ENDS_REASON, NULL, EVA_ANYONE, "step text", \
	    N_("marked the step not applicable")) \
	X(STEP_SKIPPED, "step.skipped", EVF_RUN | EVF_STEP | EVF_TEXT, NULL, EVA_ANYONE, \
	    "step text", \
	    N_("skipped the step")) \
	X(DEVIATION_RECORDED, "deviation.recorded", EVF_RUN | EVF_STEP | EVF_TEXT | \
	    EVF_SETS_REASON, NULL, EVA_ANYONE, "step text", \
	    N_("recorded a deviation")) \
	X(STOP_ACKNOWLEDGED, "stop.acknowledged", EVF_RUN | EVF_STEP, NULL, EVA_ANYONE, \
	    "step", \
	    N_("acknowledged the stop")) \
	X(STEP_CONFIRMED, "step.confirmed", EVF_RUN | EVF_STEP | EVF_TEXT, NULL, \
	    EVA_ANYONE, "as role step text", \
	    N_("confirmed the answer as the second person")) \
	X(RUN_PAUSED, "run.paused", EVF_RUN, "paused", EVA_ANYONE, "", \
	    N_("paused the run")) \
	X(RUN_RESUMED, "run.resumed", EVF_RUN, "active", EVA_ANYONE, "", \
	    N_("resumed the run")) \
	X(RUN_COMPLETED, "run.completed", EVF_RUN, "completed", EVA_ANYONE, "", \
	    N_("completed the run")) \
	X(RUN_ABORTED, "run.aborted", EVF_RUN | EVF_TEXT, "aborted", EVA_ANYONE, "text", \
	    N_("aborted the run")) \
	X(RUN_REOPENED, "run.reopened", EVF_RUN, "active", EVA_ANYONE, "", \
	    N_("reopened the run"))

/* The log's and the accounts' own events. */
#define RUTIN_LOG_EVENTS(X) \
	X(LOG_CREATED, "log.created", EVF_AUTHORITY, NULL, EVA_CREATOR, \
	    "format sign_pk recovery_pk", \
	    N_("created the log")) \
	X(LOG_TRAINING, "log.training", EVF_AUTHORITY, NULL, EVA_SUPERVISOR, "mode", \
	    N_("made the log a training log")) \
	X(LOG_REKEYED, "log.rekeyed", EVF_RECOVERY, NULL, EVA_ANYONE, "reason", \
	    N_("gave the log a new key")) \
	X(LOG_UPGRADED, "log.upgraded", EVF_RECOVERY | EVF_AUTHORITY, NULL, \
	    EVA_SUPERVISOR, "from to", \
	    N_("upgraded the log's format")) \
	X(LOG_SEALED, "log.sealed", 0, NULL, EVA_ANYONE, "accounts", \
	    N_("sealed the log")) \
	X(LOG_BACKED_UP, "log.backed_up", 0, NULL, EVA_ANYONE, "events folder", \
	    N_("backed up the log")) \
	X(LOG_RESTORED, "log.restored", EVF_RECOVERY, NULL, EVA_SUPERVISOR, \
	    "copy_head copy_seq copy_time lost_to seals_newest source", \
	    N_("restored the log from a copy")) \
	X(SESSION_CLOSED, "session.closed", 0, NULL, EVA_MANAGER, "name login pid since", \
	    N_("closed another session")) \
	X(RECOVERY_REPLACED, "recovery.replaced", EVF_RECOVERY | EVF_AUTHORITY, NULL, \
	    EVA_MANAGER, "recovery_pk", \
	    N_("replaced the recovery key")) \
	X(ACCOUNT_ADDED, "account.added", EVF_ACCOUNT | EVF_RECOVERY | EVF_AUTHORITY, \
	    NULL, EVA_MANAGER, "name role sign_pk", \
	    N_("added an account")) \
	X(ACCOUNT_REMOVED, "account.removed", EVF_ACCOUNT | EVF_RECOVERY | \
	    EVF_AUTHORITY, NULL, EVA_MANAGER, "name", \
	    N_("removed an account")) \
	X(ACCOUNT_ROLE_CHANGED, "account.role_changed", EVF_ACCOUNT | EVF_RECOVERY | \
	    EVF_AUTHORITY, NULL, EVA_MANAGER, "name role", \
	    N_("changed an account's role")) \
	X(ACCOUNT_PASSPHRASE_CHANGED, "account.passphrase_changed", EVF_AUTHORITY, \
	    NULL, EVA_SELF, "name sign_pk", \
	    N_("changed the passphrase")) \
	X(ACCOUNT_KEY_REGISTERED, "account.key_registered", EVF_AUTHORITY, NULL, \
	    EVA_SELF, "name sign_pk", \
	    N_("registered a signing key")) \
	X(ROUTINE_RELEASED, "routine.released", EVF_AUTHORITY, NULL, EVA_SUPERVISOR, \
	    "hash note routine_id source title version", \
	    N_("released a routine")) \
	X(ROUTINE_WITHDRAWN, "routine.withdrawn", EVF_AUTHORITY, NULL, EVA_SUPERVISOR, \
	    "hash note routine_id", \
	    N_("withdrew a routine")) \
	X(LOG_OPTION_SET, "log.option_set", EVF_AUTHORITY, NULL, EVA_MANAGER, \
	    "name value", \
	    N_("changed an option of the log")) \
	X(RETENTION_SET, "retention.set", EVF_AUTHORITY, NULL, EVA_SUPERVISOR, \
	    "days decision", \
	    N_("set the log's retention rule")) \
	X(RETENTION_APPROVED, "retention.approved", EVF_AUTHORITY, NULL, \
	    EVA_SUPERVISOR, "before plan runs", \
	    N_("approved a gallring as the second person")) \
	X(RETENTION_CULLED, "retention.culled", EVF_AUTHORITY, NULL, EVA_SUPERVISOR, \
	    "authors before bridges days decision events plan removed run_ids runs", \
	    N_("removed runs past the retention rule (gallring)"))

/* Supervisors' events about runs (a run_id, never replayed), and the
 * access log: who opened, signed, returned or exported what. */
#define RUTIN_REVIEW_EVENTS(X) \
	X(REVIEW_SIGNED, "review.signed", EVF_REVIEW | EVF_TEXT | EVF_ACCESS, NULL, \
	    EVA_SUPERVISOR, "text", \
	    N_("signed")) \
	X(REVIEW_RETURNED, "review.returned", EVF_REVIEW | EVF_TEXT | EVF_ACCESS, NULL, \
	    EVA_SUPERVISOR, "text", \
	    N_("returned")) \
	X(ACCESS_RECORDED, "access.recorded", EVF_REVIEW | EVF_ACCESS, NULL, EVA_ANYONE, \
	    "what", \
	    N_("read")) \
	X(REVIEW_SAMPLED, "review.sampled", EVF_ACCESS, NULL, EVA_SUPERVISOR, \
	    "from runs seed size to", \
	    N_("drew a sample, seed")) \
	X(RUN_HANDED_OVER, "run.handed_over", EVF_REVIEW | EVF_ACCESS, NULL, \
	    EVA_SUPERVISOR, "to", \
	    N_("handed over to"))

/* Exercises on a training log (runlog/xsession.h): a trainer starts,
 * pauses, resumes and ends a session, triggers injects, sends messages
 * and restarts a trainee's run; a trainee's run joins a session, and her
 * screen records each inject it showed and each she acknowledged. */
#define RUTIN_EXERCISE_EVENTS(X) \
	X(EXERCISE_STARTED, "exercise.started", EVF_TRAINING, NULL, EVA_MANAGER, \
	    "exercise_hash exercise_id exercise_version routine_id session source title", \
	    N_("started an exercise")) \
	X(EXERCISE_JOINED, "exercise.joined", EVF_REVIEW | EVF_TRAINING, NULL, \
	    EVA_ANYONE, "session", \
	    N_("joined the exercise")) \
	X(EXERCISE_INJECTED, "exercise.injected", EVF_TRAINING, NULL, EVA_MANAGER, \
	    "inject session to", \
	    N_("sent an inject")) \
	X(EXERCISE_SHOWN, "exercise.shown", EVF_REVIEW | EVF_TRAINING, NULL, EVA_ANYONE, \
	    "inject", \
	    N_("was shown an inject")) \
	X(EXERCISE_ENDED, "exercise.ended", EVF_TRAINING, NULL, EVA_MANAGER, "session", \
	    N_("ended the exercise")) \
	X(EXERCISE_GUARD_REFUSED, "exercise.guard_refused", EVF_REVIEW | EVF_TRAINING | \
	    EVF_STEP, NULL, \
	    EVA_ANYONE, "step kind", \
	    N_("was stopped by the guard")) \
	X(EXERCISE_INVITED, "exercise.invited", EVF_TRAINING | EVF_AUTHORITY, NULL, \
	    EVA_MANAGER, "name session", \
	    N_("invited a trainee with a one-time join code")) \
	X(EXERCISE_PAUSED, "exercise.paused", EVF_TRAINING, NULL, EVA_MANAGER, "session", \
	    N_("paused the exercise")) \
	X(EXERCISE_RESUMED, "exercise.resumed", EVF_TRAINING, NULL, EVA_MANAGER, \
	    "session", \
	    N_("resumed the exercise")) \
	X(EXERCISE_MESSAGE, "exercise.message", EVF_TRAINING | EVF_TEXT, NULL, \
	    EVA_MANAGER, "session text to", \
	    N_("sent a message")) \
	X(EXERCISE_MESSAGE_SHOWN, "exercise.message_shown", EVF_REVIEW | EVF_TRAINING, \
	    NULL, EVA_ANYONE, "message", \
	    N_("was shown a message")) \
	X(EXERCISE_RESTARTED, "exercise.restarted", EVF_REVIEW | EVF_TRAINING, NULL, \
	    EVA_MANAGER, "session", \
	    N_("restarted a trainee's run")) \
	X(EXERCISE_ACKNOWLEDGED, "exercise.acknowledged", EVF_REVIEW | EVF_TRAINING, \
	    NULL, EVA_ANYONE, "inject", \
	    N_("acknowledged an inject"))

#define RUTIN_EVENTS(X) RUTIN_RUN_EVENTS(X) RUTIN_LOG_EVENTS(X) RUTIN_REVIEW_EVENTS(X) \
	RUTIN_EXERCISE_EVENTS(X)

enum event_type {
#define X(id, name, flags, status, author, fields, label) EV_##id,
	RUTIN_EVENTS(X)
#undef X
	EV_COUNT
};

/* A run's status: the engine's (checklists/run.h), the word a run's
 * summary stores, and its label for people (translated by the caller:
 * common/ has no gettext domain of its own). */
#define RUN_STATUSES(X) \
	X(ACTIVE, "active", N_("active")) \
	X(PAUSED, "paused", N_("paused")) \
	X(COMPLETED, "completed", N_("completed")) \
	X(ABORTED, "aborted", N_("aborted"))

enum run_status {
#define X(id, word, label) RUN_##id,
	RUN_STATUSES(X)
#undef X
	RUN_STATUS_COUNT
};

/* A completed run's review: none yet, signed, returned, or corrected (a
 * returned run completed again). */
#define REVIEW_STATES(X) \
	X(NONE, "", N_("not reviewed")) \
	X(SIGNED, "signed", N_("signed")) \
	X(RETURNED, "returned", N_("returned")) \
	X(CORRECTED, "corrected", N_("corrected"))

enum review_state {
#define X(id, word, label) REVIEW_##id,
	REVIEW_STATES(X)
#undef X
	REVIEW_STATE_COUNT
};

/* The status a summary's word names; -1 when it names none. */
int run_status_of(const char *word);
/* The word ("completed"); the untranslated label ("completed"). */
const char *run_status_word(enum run_status s);
const char *run_status_label(enum run_status s);
/* True for a run that has ended: completed or aborted. */
bool run_status_ended(int s);
/* The review state a summary's word names; -1 when it names none. */
int review_state_of(const char *word);
const char *review_state_word(enum review_state r);
const char *review_state_label(enum review_state r);

/* What an access.recorded event says was read (its field "what", written
 * by the command or screen that read): the word stored, and what it says
 * to a person (untranslated). */
#define ACCESS_READS(X) \
	X(QUEUE, "review queue", N_("read the review queue")) \
	X(SHOW, "review show", N_("opened the run")) \
	X(LIST, "review list", N_("listed runs (rutin review list)")) \
	X(STATS, "review stats", N_("read the indicators")) \
	X(EXPORT, "export", N_("exported runs")) \
	X(SUMMARY, "summary", N_("made a journal extract")) \
	X(CASE, "case history", N_("opened a case's history (Mina ärenden)")) \
	X(REPORT, "report", N_("made the unit's report (rutin report)")) \
	X(SECOND, "second person", N_("read a step waiting for a second person")) \
	X(SUBJECT, "registerutdrag", \
	    N_("made an extract for a data subject's request (rutin registerutdrag)")) \
	X(ARCHIVE, "archive", N_("made an archive package of the log (rutin archive)"))

enum access_read {
#define X(id, word, label) ACCESS_READ_##id,
	ACCESS_READS(X)
#undef X
	ACCESS_READ_COUNT
};

const char *access_read_word(enum access_read r);
/* The label of the read a stored word names; the word itself when it
 * names none (a newer rutin's). */
const char *access_read_label(const char *word);

struct event_info {
	const char *name;    /* as stored in the log's `type` column */
	unsigned flags;      /* EVF_* */
	const char *status;  /* the run's status after it, or NULL */
	enum event_author author; /* who may write it */
	const char *fields;  /* the field names, separated by spaces */
	const char *label;   /* for a person, after who did it (N_) */
};

/* The table, indexed by enum event_type. */
extern const struct event_info event_table[EV_COUNT];

/* The name of a type ("run.started"); "unknown" out of range. */
const char *event_name(enum event_type t);

/* The type with that name, or -1. */
int event_type_of(const char *name);

/* Whether `type` (a log's type column) is the name of `t`. */
bool event_is(const char *type, enum event_type t);

/* The flags of the type with that name; 0 for a name not in the table. */
unsigned event_flags_of(const char *name);

/* What an event of the type with that name says to a person ("skipped
 * the step", untranslated: the caller's gettext); the name itself for a
 * type not in the table (a newer rutin's). */
const char *event_label(const char *name);

#endif

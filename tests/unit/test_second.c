/* Steps that need a second person (issue 28): the format, the engine's
 * rules (not the one who answered, the role the step asks, the answer as
 * it stands, a changed answer needs a new one, the run cannot be
 * completed before), the log's option for the organisation's choices,
 * log_append's rules, the confirmation at the same terminal signed with
 * the second person's own key, the list of waiting steps, and verify
 * against a confirmation written past the checks (a modified rutin with
 * the log key and the writer's own signing key). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "tests/unit/testhelp.h"
#include "tests/unit/dbhelp.h"
#include "common/xalloc.h"
#include "db/fields.h"
#include "db/log_impl.h"
#include "runlog/runlog.h"
#include "runlog/second.h"

#define PASS_C "a third long passphrase"

void log_event_hash(const struct log_event *ev, unsigned char out[32]);

static const char second_routine[] =
    "format: rutin/1\nid: andra\nversion: 1\ntitle: Andra person\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: las, kind: check, prompt: Läs handlingen, critical: true,"
    " second_person: colleague}\n"
    "      - {id: beslut, kind: yesno, prompt: Beslut?, critical: true,"
    " second_person: supervisor}\n"
    "      - {id: val, kind: check, prompt: Valfri, critical: true,"
    " second_person: {who: colleague, optional: true}}\n"
    "      - {id: vanlig, kind: check, prompt: Vanlig}\n";

/* ---- The format ---- */

static bool
has_diag(const struct diag_list *d, enum diag_severity sev, const char *text)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (d->items[i].severity == sev && strstr(d->items[i].message, text) != NULL)
			return true;
	print_diags(d);
	return false;
}

static void
test_format(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = load_text(second_routine, &d), *plain;
	uint8_t with[32];

	(void)state;
	assert_non_null(r);
	assert_int_equal(d.count, 0);
	assert_int_equal(routine_step(r, 0)->second, SECOND_COLLEAGUE);
	assert_false(routine_step(r, 0)->second_optional);
	assert_int_equal(routine_step(r, 1)->second, SECOND_SUPERVISOR);
	assert_int_equal(routine_step(r, 2)->second, SECOND_COLLEAGUE);
	assert_true(routine_step(r, 2)->second_optional);
	assert_int_equal(routine_step(r, 3)->second, SECOND_NONE);
	/* The hash covers it: the same routine without it is another text. */
	memcpy(with, routine_hash(r), 32);
	plain = load_steps("      - {id: las, kind: check, prompt: Läs handlingen, "
	    "critical: true}\n", &d);
	assert_non_null(plain);
	assert_memory_not_equal(with, routine_hash(plain), 32);
	routine_free(&plain);
	routine_free(&r);
	/* A word rutin does not know, at its line and column, with a hint. */
	r = load_steps("      - {id: x, kind: check, prompt: X, critical: true, "
	    "second_person: colleage}\n", &d);
	assert_null(r);
	assert_true(has_diag(&d, DIAG_ERROR, "did you mean 'colleague'"));
	diag_list_clear(&d);
	r = load_steps("      - {id: x, kind: check, prompt: X, critical: true, "
	    "second_person: {who: supervisor, optinal: true}}\n", &d);
	assert_null(r);
	assert_true(has_diag(&d, DIAG_ERROR, "'optinal'"));
	diag_list_clear(&d);
	/* Not critical: a skip would need no one, and no one would see it. */
	r = load_steps("      - {id: x, kind: check, prompt: X, second_person: colleague}\n",
	    &d);
	assert_non_null(r);
	assert_int_equal(d.errors, 0);
	assert_true(has_diag(&d, DIAG_WARNING, "make it critical"));
	diag_list_clear(&d);
	routine_free(&r);
}

/* ---- The engine, without a log ---- */

struct efx {
	struct routine *r;
	struct recorder rec;
	struct run *run;
};

static struct run *
start_as(struct efx *f, const char *account, unsigned flags)
{
	struct run_io io;
	struct run *run = NULL;

	memset(&f->rec, 0, sizeof(f->rec));
	io = recorder_io(&f->rec);
	io.account = account;
	assert_int_equal(run_start(f->r, RUN_LIVE, "SN 2026/1", flags, &io, &run, NULL),
	    RUN_OK);
	return run;
}

static void
test_engine_rules(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct efx f;
	struct run_blocker b[8];
	struct run *replayed = NULL;
	struct run_io io;
	size_t bad;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_non_null(f.r = load_text(second_routine, &d));
	f.run = start_as(&f, "bo", 0);
	/* Off: the organisation's choice needs no one. */
	assert_int_equal(run_step_second(f.run, 2), SECOND_NONE);
	assert_int_equal(run_answer(f.run, "las", "ja", 0, NULL), RUN_OK);
	assert_true(run_step_awaits_second(f.run, 0));
	assert_string_equal(run_step_answered_by(f.run, 0), "bo");
	assert_int_equal(run_answer(f.run, "beslut", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f.run, "val", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f.run, "vanlig", "ja", 0, NULL), RUN_OK);
	assert_false(run_step_awaits_second(f.run, 2));
	/* Two blockers: the two answers wait. */
	assert_int_equal(run_blockers(f.run, b, 8), 2);
	assert_int_equal(b[0].kind, BLOCK_SECOND);
	assert_int_equal(run_complete(f.run), RUN_E_INCOMPLETE);
	/* Not the one who answered; not a caseworker for a supervisor's step;
	 * not another answer than the one that stands; no one but a second
	 * person of a step that asks for one. */
	assert_int_equal(run_confirm(f.run, "las", "ja", "bo", "caseworker"), RUN_E_SECOND);
	assert_int_equal(run_confirm(f.run, "beslut", "nej", "cia", "caseworker"),
	    RUN_E_SECOND);
	assert_int_equal(run_confirm(f.run, "beslut", "ja", "anna", "supervisor"),
	    RUN_E_SECOND);
	assert_int_equal(run_confirm(f.run, "vanlig", "ja", "cia", "caseworker"),
	    RUN_E_NOT_NEEDED);
	assert_int_equal(run_confirm(f.run, "las", "ja", "cia", "trainer"), RUN_E_SECOND);
	assert_int_equal(run_confirm(f.run, "las", "ja", "cia", "caseworker"), RUN_OK);
	assert_string_equal(run_step_confirmed_by(f.run, 0, NULL), "cia");
	assert_int_equal(run_confirm(f.run, "las", "ja", "anna", "supervisor"),
	    RUN_E_SECOND); /* confirmed already */
	/* A changed answer needs a new confirmation. */
	assert_int_equal(run_answer(f.run, "beslut", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_confirm(f.run, "beslut", "ja", "anna", "supervisor"), RUN_OK);
	assert_int_equal(run_answer(f.run, "beslut", "nej", 0, NULL), RUN_OK);
	assert_true(run_step_awaits_second(f.run, 1));
	assert_null(run_step_confirmed_by(f.run, 1, NULL));
	assert_int_equal(run_confirm(f.run, "beslut", "nej", "anna", "supervisor"), RUN_OK);
	/* The same answer again changes nothing: the confirmation stands. */
	assert_int_equal(run_answer(f.run, "beslut", "nej", 0, NULL), RUN_OK);
	assert_non_null(run_step_confirmed_by(f.run, 1, NULL));
	assert_int_equal(run_blockers(f.run, b, 8), 0);
	assert_int_equal(run_complete(f.run), RUN_OK);
	/* The events rebuild the same run; the confirmations carry their
	 * authors, the engine's own events are the io's account's. */
	io = recorder_io(&f.rec);
	io.account = "bo";
	assert_int_equal(run_replay(f.r, f.rec.events, f.rec.count, &io, &replayed, &bad),
	    RUN_OK);
	assert_same_run(f.run, replayed);
	run_free(&replayed);
	run_free(&f.run);
	recorder_free(&f.rec);
	/* On: the organisation's choice needs one too, and the start says so. */
	f.run = start_as(&f, "bo", RUN_SECOND_ON);
	assert_true(f.rec.events[0].second_on);
	assert_int_equal(run_step_second(f.run, 2), SECOND_COLLEAGUE);
	assert_int_equal(run_answer(f.run, "val", "ja", 0, NULL), RUN_OK);
	assert_true(run_step_awaits_second(f.run, 2));
	run_free(&f.run);
	recorder_free(&f.rec);
	routine_free(&f.r);
}

/* ---- In a log ---- */

struct fx {
	char *dir, *path;
	struct log *anna, *bo, *cia;
	struct routine *r;
	struct runlog rl;          /* bo's run */
	struct run *run;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct diag_list d = DIAG_LIST_INIT;
	struct log_error err;

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->anna = make_log(f->path, NULL);
	if (log_user_add(f->anna, "bo", ROLE_CASEWORKER, PASS_B, strlen(PASS_B), &TEST_KDF,
	    &err) != LOG_OK || log_user_add(f->anna, "cia", ROLE_CASEWORKER, PASS_C,
	    strlen(PASS_C), &TEST_KDF, &err) != LOG_OK)
		fail_msg("user add: %s", err.message);
	f->bo = open_as(f->path, "bo", PASS_B, LOG_OK);
	f->cia = open_as(f->path, "cia", PASS_C, LOG_OK);
	f->r = load_text(second_routine, &d);
	*state = f;
	return f->r != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	run_free(&f->run);
	routine_free(&f->r);
	log_close(&f->anna);
	log_close(&f->bo);
	log_close(&f->cia);
	remove_tree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* bo starts a run and answers every step. */
static void
bo_answers_all(struct fx *f, unsigned flags)
{
	struct run_io io;

	memset(&f->rl, 0, sizeof(f->rl));
	f->rl.log = f->bo;
	log_new_id(f->rl.run_id);
	io = runlog_io(&f->rl);
	assert_int_equal(run_start(f->r, RUN_LIVE, "SN 2026/4", flags, &io, &f->run, NULL),
	    RUN_OK);
	assert_int_equal(run_answer(f->run, "las", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "beslut", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "val", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "vanlig", "ja", 0, NULL), RUN_OK);
}

/* Who wrote the run's last event of this type. */
static int
last_author(void *ctx, const struct log_event *ev)
{
	char *out = ctx;

	if (strcmp(ev->type, "step.confirmed") == 0)
		snprintf(out, 65, "%s", ev->account);
	return 0;
}

static void
expect_verify(struct fx *f, const char *problem)
{
	struct log_verify r;
	struct log_error err;

	if (problem == NULL) {
		assert_int_equal(log_verify(f->anna, &r, &err), LOG_OK);
		return;
	}
	assert_int_equal(log_verify(f->anna, &r, &err), LOG_E_CORRUPT);
	if (strstr(r.problem, problem) == NULL)
		fail_msg("verify said '%s', not '%s'", r.problem, problem);
}

/* At the same terminal: cia's own session opens beside bo's, and the
 * confirmation is hers, signed with her key; anna's the supervisor's. */
static void
test_same_terminal(void **state)
{
	struct fx *f = *state;
	struct log_error err;
	char by[65] = "";
	char msg[256];

	bo_answers_all(f, 0);
	f->rl.second = f->cia;
	assert_int_equal(run_confirm(f->run, "las", "ja", "cia", "caseworker"), RUN_OK);
	assert_int_equal(run_confirm(f->run, "beslut", "nej", "cia", "caseworker"),
	    RUN_E_SECOND);
	f->rl.second = f->anna;
	assert_int_equal(run_confirm(f->run, "beslut", "nej", "anna", "supervisor"), RUN_OK);
	f->rl.second = NULL;
	assert_int_equal(log_events(f->anna, f->rl.run_id, NULL, last_author, by, &err),
	    LOG_OK);
	assert_string_equal(by, "anna");
	assert_int_equal(run_complete(f->run), RUN_OK);
	/* The run read back from the log is the same run. */
	run_free(&f->run);
	assert_int_equal(runlog_restore(&f->rl, f->r, &f->run, msg, sizeof(msg)), RUN_OK);
	assert_string_equal(run_step_confirmed_by(f->run, 0, NULL), "cia");
	assert_int_equal(run_status(f->run), RUN_COMPLETED);
	expect_verify(f, NULL);
}

/* Later, from her own session: the steps wait in her list; his are not
 * his to confirm; a supervisor's step only in a supervisor's list. */
static void
test_waiting_list(void **state)
{
	struct fx *f = *state;
	struct log_run_info *runs = NULL;
	struct second_item *items = NULL;
	const struct routine *rs[4];
	struct log_error err;
	size_t n = 0, count, unknown, i;
	char msg[256];

	bo_answers_all(f, 0);
	assert_int_equal(log_open_runs(f->cia, NULL, &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1);
	for (i = 0; i < n; i++)
		rs[i] = f->r;
	assert_int_equal(second_waiting(f->cia, runs, rs, n, "cia", ROLE_CASEWORKER, &items,
	    &count, &unknown, msg, sizeof(msg)), RUN_OK);
	assert_int_equal(count, 1);
	assert_string_equal(routine_step(f->r, items[0].step)->id, "las");
	assert_string_equal(items[0].answered_by, "bo");
	second_items_free(items, count);
	assert_int_equal(second_waiting(f->bo, runs, rs, n, "bo", ROLE_CASEWORKER, &items,
	    &count, &unknown, msg, sizeof(msg)), RUN_OK);
	assert_int_equal(count, 0);
	second_items_free(items, count);
	assert_int_equal(second_waiting(f->anna, runs, rs, n, "anna", ROLE_SUPERVISOR,
	    &items, &count, &unknown, msg, sizeof(msg)), RUN_OK);
	assert_int_equal(count, 2);
	second_items_free(items, count);
	/* cia confirms from her session; bo's run, read again, counts it. */
	assert_int_equal(second_confirm(f->cia, runs[0].run_id, f->r, "las", "ja", msg,
	    sizeof(msg)), RUN_OK);
	assert_int_equal(second_confirm(f->cia, runs[0].run_id, f->r, "beslut", "nej", msg,
	    sizeof(msg)), RUN_E_SECOND);
	assert_int_equal(second_confirm(f->bo, runs[0].run_id, f->r, "las", "ja", msg,
	    sizeof(msg)), RUN_E_SECOND);
	/* An answer changed since she read it: refused, not logged. */
	assert_int_equal(run_answer(f->run, "beslut", "ja", 0, NULL), RUN_OK);
	assert_int_equal(second_confirm(f->anna, runs[0].run_id, f->r, "beslut", "nej",
	    msg, sizeof(msg)), RUN_E_SECOND);
	assert_int_equal(second_confirm(f->anna, runs[0].run_id, f->r, "beslut", "ja",
	    msg, sizeof(msg)), RUN_OK);
	/* bo's session holds the run from before; it cannot complete it
	 * until it reads it again (the screens do). */
	assert_int_equal(run_complete(f->run), RUN_E_INCOMPLETE);
	run_free(&f->run);
	assert_int_equal(runlog_restore(&f->rl, f->r, &f->run, msg, sizeof(msg)), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
	free(runs);
	expect_verify(f, NULL);
}

/* log_append keeps the rules whatever the engine above it did. */
static enum log_status
confirm_raw(struct log *log, const char *run, const char *step, const char *text,
    const char *as, const char *role, struct log_error *err)
{
	struct log_field fields[] = { { "as", as, 0 }, { "role", role, 0 },
		{ "step", step, 0 }, { "text", text, 0 } };
	struct log_event_in ev = { "step.confirmed", run, 0, fields, 4 };

	return log_append(log, &ev, NULL, err);
}

static void
test_append_rules(void **state)
{
	struct fx *f = *state;
	struct log_error err;

	bo_answers_all(f, 0);
	assert_int_equal(confirm_raw(f->bo, f->rl.run_id, "las", "ja", "colleague",
	    "caseworker", &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "her own answer"));
	assert_int_equal(confirm_raw(f->cia, f->rl.run_id, "beslut", "nej", "supervisor",
	    "caseworker", &err), LOG_E_DENIED);
	assert_int_equal(confirm_raw(f->cia, f->rl.run_id, "las", "ja", "colleague",
	    "supervisor", &err), LOG_E_DENIED); /* a role she does not have */
	assert_int_equal(confirm_raw(f->cia, f->rl.run_id, "las", "nej", "colleague",
	    "caseworker", &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "another answer"));
	assert_int_equal(confirm_raw(f->cia, f->rl.run_id, "las", "ja", "colleague",
	    "caseworker", &err), LOG_OK);
	assert_int_equal(confirm_raw(f->anna, f->rl.run_id, "las", "ja", "colleague",
	    "supervisor", &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "confirmed already"));
	expect_verify(f, NULL);
}

/* The option: a supervisor's, signed; while on, a run starts with it. */
static void
test_option(void **state)
{
	struct fx *f = *state;
	struct log_field fields[] = {
		{ "case_ref", "SN 2026/9", 0 }, { "mode", "live", 0 },
		{ "routine_hash", "ab", 0 }, { "routine_id", "x", 0 },
		{ "routine_version", NULL, 1 },
	};
	struct log_event_in start = { "run.started", "r9", 0, fields, 5 };
	struct log_error err;

	assert_false(log_second_person_on(f->bo));
	assert_int_equal(log_option_set(f->bo, "second_person", "on", &err), LOG_E_DENIED);
	assert_int_equal(log_option_set(f->anna, "second_person", "maybe", &err),
	    LOG_E_INVALID);
	assert_int_equal(log_option_set(f->anna, "colour", "on", &err), LOG_E_INVALID);
	assert_int_equal(log_option_set(f->anna, "second_person", "off", &err), LOG_E_EXISTS);
	assert_int_equal(log_option_set(f->anna, "second_person", "on", &err), LOG_OK);
	assert_true(log_second_person_on(f->bo));
	/* An older rutin (or one that leaves it out) is refused. */
	assert_int_equal(log_append(f->bo, &start, NULL, &err), LOG_E_DENIED);
	assert_non_null(strstr(err.message, "second_person is on"));
	bo_answers_all(f, RUN_SECOND_ON);
	assert_true(run_step_awaits_second(f->run, 2));
	assert_int_equal(log_option_set(f->anna, "second_person", "off", &err), LOG_OK);
	/* The run goes on as it started. */
	assert_int_equal(run_complete(f->run), RUN_E_INCOMPLETE);
	expect_verify(f, NULL);
}

/* What a modified rutin writes with the log key and its account's own
 * signing key, past every check: an event signed by `log`'s key, at the
 * chain's head, with the summaries as rutin would leave them. */
static void
forge(struct log *log, const char *run, const char *type, const struct log_field *fields,
    size_t n)
{
	static const char head[] = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1;";
	static const char ins[] = "INSERT INTO events (seq, id, time, account, run_id,"
	    " type, fields, prev_hash, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);";
	unsigned char sig[LOG_SIG_BYTES];
	struct log_event ev;
	char id[LOG_ID_LEN];
	sqlite3_stmt *st;
	char *json = fields_to_json(fields, n);

	memset(&ev, 0, sizeof(ev));
	assert_int_equal(sqlite3_exec(log->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(log->db, head, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	ev.seq = sqlite3_column_int64(st, 0) + 1;
	memcpy(ev.prev_hash, sqlite3_column_blob(st, 1), 32);
	sqlite3_finalize(st);
	log_new_id(id);
	ev.id = id;
	ev.time = 1780000000000LL;
	ev.account = log_user(log);
	ev.run_id = run;
	ev.type = type;
	ev.fields = json;
	log_event_hash(&ev, ev.hash);
	log_event_sign(log, ev.hash, sig);
	assert_int_equal(sqlite3_prepare_v2(log->db, ins, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, ev.seq);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ev.time);
	sqlite3_bind_text(st, 4, ev.account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, run, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, json, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, ev.prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, ev.hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, sig, LOG_SIG_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(summary_apply(log, "", &ev), SQLITE_OK);
	assert_int_equal(sqlite3_exec(log->db, "COMMIT;", NULL, NULL, NULL), SQLITE_OK);
	free(json);
}

/* bo confirms his own answer, as a colleague would. */
static void
test_forged_own_confirmation(void **state)
{
	struct fx *f = *state;
	struct log_field c[] = { { "as", "colleague", 0 }, { "role", "caseworker", 0 },
		{ "step", "las", 0 }, { "text", "ja", 0 } };
	char msg[256];

	bo_answers_all(f, 0);
	expect_verify(f, NULL);
	forge(f->bo, f->rl.run_id, "step.confirmed", c, 4);
	expect_verify(f, "her own answer");
	/* Nor does the run take it. */
	run_free(&f->run);
	assert_int_equal(runlog_restore(&f->rl, f->r, &f->run, msg, sizeof(msg)),
	    RUN_E_REPLAY);
}

/* cia confirms the supervisor's step, naming a role she does not have. */
static void
test_forged_role(void **state)
{
	struct fx *f = *state;
	struct log_field c[] = { { "as", "supervisor", 0 }, { "role", "supervisor", 0 },
		{ "step", "beslut", 0 }, { "text", "nej", 0 } };
	struct log_field c2[] = { { "as", "supervisor", 0 }, { "role", "caseworker", 0 },
		{ "step", "beslut", 0 }, { "text", "nej", 0 } };

	bo_answers_all(f, 0);
	forge(f->cia, f->rl.run_id, "step.confirmed", c, 4);
	expect_verify(f, "does not name the role");
	teardown(state);
	setup(state);
	f = *state;
	bo_answers_all(f, 0);
	forge(f->cia, f->rl.run_id, "step.confirmed", c2, 4);
	expect_verify(f, "asks for another role");
}

/* A run started without the option while it was on. */
static void
test_forged_start_without_option(void **state)
{
	struct fx *f = *state;
	struct log_field s[] = {
		{ "case_ref", "SN 2026/9", 0 }, { "mode", "live", 0 },
		{ "routine_hash", "ab", 0 }, { "routine_id", "x", 0 },
		{ "routine_version", NULL, 1 },
	};
	struct log_error err;

	assert_int_equal(log_option_set(f->anna, "second_person", "on", &err), LOG_OK);
	forge(f->bo, "r9", "run.started", s, 5);
	expect_verify(f, "while the log's option second_person was on");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_engine_rules),
		cmocka_unit_test_setup_teardown(test_same_terminal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiting_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_own_confirmation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_start_without_option, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("second", tests, NULL, NULL);
}

/* The event vocabulary (common/vocab.h) and the mapping of the run
 * engine's events to the log and back (runlog/): what a run writes, what
 * a resumed run rebuilds, and what the runs summary says of it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/vocab.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/runlog.h"
#include "tests/unit/dbhelp.h"
#include "tests/unit/testhelp.h"

/* typ is critical; fara gates a stop; datum is critical too. */
static const char routine_text[] =
    "format: rutin/1\nid: motor\nversion: 4\ntitle: Motortest\narea: other\n"
    "sections:\n"
    "  - id: s\n    title: S\n    steps:\n"
    "      - {id: typ, kind: choice, prompt: Typ?, options: [a, b], critical: true}\n"
    "      - {id: fara, kind: yesno, prompt: Fara?}\n"
    "      - {id: ring, kind: check, prompt: Ring 112, when: {step: fara, in: [ja]}, stop: Ring nu}\n"
    "      - {id: datum, kind: date, prompt: Datum, critical: true}\n"
    "      - {id: fritext, kind: text, prompt: Text, required: false}\n";

struct fx {
	char *dir, *path;
	char recovery[RECOVERY_TEXT_LEN];
	struct routine *routine;
	struct runlog rl;
	struct run *run;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct diag_list d = DIAG_LIST_INIT;
	struct run_io io;

	f->dir = make_temp_dir();
	f->path = xasprintf("%s/log.db", f->dir);
	f->rl.log = make_log(f->path, f->recovery);
	f->routine = load_text(routine_text, &d);
	diag_list_clear(&d);
	if (f->routine == NULL)
		return -1;
	log_new_id(f->rl.run_id);
	io = runlog_io(&f->rl);
	if (run_start(f->routine, RUN_LIVE, "KF 2026/7", 0, &io, &f->run, NULL) != RUN_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	run_free(&f->run);
	routine_free(&f->routine);
	log_close(&f->rl.log);
	remove_tree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* The runs summary's row of the fixture's run. */
static int64_t
summary_deviations(struct fx *f)
{
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0, i;
	int64_t d = -1;

	assert_int_equal(log_open_runs(f->rl.log, NULL, &runs, &n, &err), LOG_OK);
	for (i = 0; i < n; i++)
		if (strcmp(runs[i].run_id, f->rl.run_id) == 0)
			d = runs[i].deviations;
	free(runs);
	assert_true(d >= 0);
	return d;
}

static void
assert_verifies(struct fx *f)
{
	struct log_verify r;
	struct log_error err;

	if (log_verify(f->rl.log, &r, &err) != LOG_OK)
		fail_msg("verify: %s", r.problem);
}

/* The run rebuilt from the log is the engine's, fact for fact. */
static void
assert_restores_same(struct fx *f)
{
	struct run *again = NULL;
	char msg[512];

	assert_int_equal(runlog_restore(&f->rl, f->routine, &again, msg, sizeof(msg)), RUN_OK);
	assert_same_run(f->run, again);
	run_free(&again);
}

/* The log opened by a second supervisor, "berit", added for it. */
static struct log *
as_other_supervisor(struct fx *f)
{
	struct log_error err;

	if (log_user_add(f->rl.log, "berit", ROLE_SUPERVISOR, PASS_B, strlen(PASS_B),
	    &TEST_KDF, &err) != LOG_OK && err.status != LOG_E_EXISTS)
		fail_msg("user add: %s", err.message);
	return open_as(f->path, "berit", PASS_B, LOG_OK);
}

/* The fixture run's summary row. */
static struct log_run_info
summary_row(struct fx *f)
{
	struct log_run_filter flt = { .id_prefix = f->rl.run_id };
	struct log_run_info *runs = NULL, row;
	struct log_error err;
	size_t n = 0;

	assert_int_equal(log_runs(f->rl.log, &flt, &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1);
	row = runs[0];
	free(runs);
	return row;
}

static void
review_as(struct log *log, const char *run_id, enum event_type t)
{
	struct log_event_in in = { event_name(t), run_id, 0, NULL, 0 };
	struct log_error err;

	if (log_append(log, &in, NULL, &err) != LOG_OK)
		fail_msg("append: %s", err.message);
}

static void
complete(struct fx *f)
{
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fara", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "datum", "2026-11-02", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fritext", "Klart", 0, NULL), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
}

/* Returned, reopened, corrected, completed again and signed: the summary
 * row follows (returned, then corrected, then signed), the replayed run
 * is the engine's, and verify recomputes the same. */
static void
test_return_reopen_correct_sign(void **state)
{
	struct fx *f = *state;
	struct log *other = as_other_supervisor(f);
	struct log_run_info row;

	complete(f);
	assert_string_equal(summary_row(f).review, "");
	review_as(other, f->rl.run_id, EV_REVIEW_RETURNED);
	row = summary_row(f);
	assert_string_equal(row.review, "returned");
	assert_string_equal(row.status, "completed");
	assert_true(row.review_seq > 0);
	assert_int_equal(run_reopen(f->run), RUN_OK);
	assert_int_equal(run_reopen(f->run), RUN_E_STATE);
	assert_string_equal(summary_row(f).status, "active");
	assert_string_equal(summary_row(f).review, "returned");
	assert_int_equal(run_answer(f->run, "fritext", "Rättat enligt återlämningen", 0,
	    NULL), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
	assert_string_equal(summary_row(f).review, "corrected");
	assert_verifies(f);
	assert_restores_same(f);
	review_as(other, f->rl.run_id, EV_REVIEW_SIGNED);
	assert_string_equal(summary_row(f).review, "signed");
	assert_verifies(f);
	log_close(&other);
}

/* review_decide is the one check of a sign-off or a return: each refusal
 * is its reason, and nothing is logged for it. */
static void
test_review_decide_refusals(void **state)
{
	struct fx *f = *state;
	struct log *other = as_other_supervisor(f);
	enum review_refusal why;
	struct review_note note;
	struct log_run_info row;
	struct log_error err;

	row = summary_row(f);
	assert_int_equal(review_decide(other, &row, true, NULL, NULL, &why, &err), LOG_E_DENIED);
	assert_int_equal(why, REVIEW_NOT_COMPLETED);
	complete(f);
	row = summary_row(f);
	assert_int_equal(review_decide(f->rl.log, &row, true, NULL, NULL, &why, &err), LOG_E_DENIED);
	assert_int_equal(why, REVIEW_OWN_RUN);
	assert_int_equal(review_decide(other, &row, false, "", NULL, &why, &err), LOG_E_DENIED);
	assert_int_equal(why, REVIEW_NEEDS_COMMENT);
	assert_string_equal(summary_row(f).review, ""); /* nothing logged */
	assert_int_equal(review_decide(other, &row, false, "Datum saknas", "datum", &why, &err),
	    LOG_OK);
	assert_int_equal(why, REVIEW_MAY);
	/* The return names the step it is about. */
	assert_int_equal(review_last(f->rl.log, f->rl.run_id, &note, &err), LOG_OK);
	assert_true(note.returned);
	assert_string_equal(note.step, "datum");
	assert_string_equal(note.comment, "Datum saknas");
	row = summary_row(f);
	assert_string_equal(row.review, review_state_word(REVIEW_RETURNED));
	assert_int_equal(review_decide(other, &row, false, "Igen", NULL, &why, &err), LOG_E_DENIED);
	assert_int_equal(why, REVIEW_AWAITS_CORRECTION);
	/* She changed her mind: a returned run may still be signed; a
	 * signature names no step. */
	assert_int_equal(review_decide(other, &row, true, NULL, "datum", &why, &err), LOG_OK);
	assert_int_equal(review_last(f->rl.log, f->rl.run_id, &note, &err), LOG_OK);
	assert_false(note.returned);
	assert_string_equal(note.step, "");
	row = summary_row(f);
	assert_int_equal(review_decide(other, &row, true, NULL, NULL, &why, &err), LOG_E_DENIED);
	assert_int_equal(why, REVIEW_ALREADY_SIGNED);
	assert_string_equal(err.message, review_refusal_message(REVIEW_ALREADY_SIGNED));
	log_close(&other);
}

/* The last review is read from the one event the summary names; a
 * summary pointed at another event with the key does not change what the
 * review was. */
static void
test_last_review_read_from_the_event(void **state)
{
	struct fx *f = *state;
	struct log *other = as_other_supervisor(f);
	struct review_note note;
	struct log_error err;
	char *sql;
	sqlite3 *raw;

	assert_int_equal(review_last(f->rl.log, f->rl.run_id, &note, &err), LOG_OK);
	assert_false(note.any);
	complete(f);
	review_as(other, f->rl.run_id, EV_REVIEW_RETURNED);
	log_close(&other);
	assert_int_equal(review_last(f->rl.log, f->rl.run_id, &note, &err), LOG_OK);
	assert_true(note.any && note.returned);
	assert_string_equal(note.by, "berit");
	raw = raw_open(f->path, f->recovery);
	sql = xasprintf("UPDATE runs SET review_seq = (SELECT min(seq) FROM events"
	    " WHERE run_id = '%s');", f->rl.run_id);
	raw_exec(raw, sql);
	free(sql);
	sqlite3_close(raw);
	memset(&note, 0, sizeof(note));
	assert_int_equal(review_last(f->rl.log, f->rl.run_id, &note, &err), LOG_OK);
	assert_true(note.any && note.returned);
	assert_string_equal(note.by, "berit");
}

/* What a log of schema 5 lacks: the index of the runs' texts and its
 * triggers. */
#define SCHEMA_BEFORE_6 "DROP TRIGGER runs_text_insert; DROP TRIGGER runs_text_update;" \
    " DROP TRIGGER runs_text_delete; DROP TABLE runs_text;"

/* A log of schema version 3 (before the review columns) holding a
 * returned run: opening it migrates, filling the state from the events. */
static void
test_migration_fills_review_state(void **state)
{
	struct fx *f = *state;
	struct log *other = as_other_supervisor(f);
	sqlite3 *raw;

	complete(f);
	review_as(other, f->rl.run_id, EV_REVIEW_RETURNED);
	log_close(&other);
	log_close(&f->rl.log);
	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, SCHEMA_BEFORE_6 "DROP INDEX runs_by_started;"
	    " ALTER TABLE runs DROP COLUMN review;"
	    " ALTER TABLE runs DROP COLUMN review_seq; ALTER TABLE runs DROP COLUMN last_seq;"
	    " DROP TABLE findings_cache; PRAGMA user_version = 3;");
	sqlite3_close(raw);
	f->rl.log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_string_equal(summary_row(f).review, "returned");
	assert_verifies(f);
}

static const struct routine *
no_routine(void *ctx, const char *id, const char *hash)
{
	(void)ctx;
	(void)id;
	(void)hash;
	return NULL;
}

static const struct routine *
fixture_routine(void *ctx, const char *id, const char *hash)
{
	struct fx *f = ctx;

	(void)hash;
	return strcmp(id, routine_id(f->routine)) == 0 ? f->routine : NULL;
}

/* The findings cache: filled for a finished run, read back while the run
 * has no later event, stale after one, and checked against the events
 * (a row rewritten with the key is found). */
static void
test_findings_cache(void **state)
{
	struct fx *f = *state;
	struct review_counts c;
	struct log_run_info row;
	struct log_error err;
	char bad[LOG_ID_LEN];
	size_t checked, unchecked;
	sqlite3 *raw;

	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fara", "nej", 0, NULL), RUN_OK);
	assert_int_equal(run_skip(f->run, "datum", "Okänt", 0, NULL), RUN_OK);
	assert_int_equal(run_deviation(f->run, "datum", "Uppgiften saknas", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fritext", "Klart", 0, NULL), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
	row = summary_row(f);
	assert_int_equal(log_runs_cached(f->rl.log, &row, 1, &err), LOG_OK);
	assert_false(row.cached);
	review_counts(f->rl.log, fixture_routine, f, &row, 1, 0, &c);
	assert_true(c.have);
	assert_int_equal(c.critical, 1); /* datum, a critical step, skipped */
	row = summary_row(f);
	assert_int_equal(log_runs_cached(f->rl.log, &row, 1, &err), LOG_OK);
	assert_true(row.cached);
	assert_int_equal(row.cache.critical, 1);
	assert_int_equal(row.cache.count, (int64_t)c.count);
	assert_int_equal(review_check_cache(f->rl.log, fixture_routine, f, bad, &checked,
	    &unchecked, &err), 0);
	assert_int_equal(checked, 1);
	/* Rewritten with the key: verify's check names the run. */
	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, "UPDATE findings_cache SET critical = 0;");
	sqlite3_close(raw);
	assert_int_equal(review_check_cache(f->rl.log, fixture_routine, f, bad, &checked,
	    &unchecked, &err), 1);
	assert_string_equal(bad, f->rl.run_id);
	/* A later event of the run: the row no longer counts. */
	assert_int_equal(run_reopen(f->run), RUN_OK);
	row = summary_row(f);
	assert_int_equal(log_runs_cached(f->rl.log, &row, 1, &err), LOG_OK);
	assert_false(row.cached);
	/* Open again, it is cached for its new last event; completed, again. */
	assert_int_equal(review_fill_cache(f->rl.log, fixture_routine, f, 0, &err), 1);
	assert_int_equal(review_fill_cache(f->rl.log, fixture_routine, f, 0, &err), 0);
	assert_int_equal(run_complete(f->run), RUN_OK);
	assert_int_equal(review_fill_cache(f->rl.log, fixture_routine, f, 0, &err), 1);
	row = summary_row(f);
	assert_int_equal(log_runs_cached(f->rl.log, &row, 1, &err), LOG_OK);
	assert_int_equal(row.cache.critical, 1);
	assert_int_equal(review_check_cache(f->rl.log, fixture_routine, f, bad, &checked,
	    &unchecked, &err), 0);
	/* The routine not installed: not checked, and never counted clean. */
	assert_int_equal(review_check_cache(f->rl.log, no_routine, NULL, bad, &checked,
	    &unchecked, &err), 0);
	assert_int_equal(checked, 0);
	assert_int_equal(unchecked, 1);
	assert_verifies(f);
}

/* A new run of the fixture's routine, walked through five steps and
 * completed; its summary row. */
static struct log_run_info
another_completed_run(struct fx *f)
{
	struct run_io io;

	run_free(&f->run);
	log_new_id(f->rl.run_id);
	io = runlog_io(&f->rl);
	assert_int_equal(run_start(f->routine, RUN_LIVE, "KF 2026/8", 0, &io, &f->run, NULL),
	    RUN_OK);
	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fara", "ja", 0, NULL), RUN_OK);
	assert_int_equal(run_acknowledge_stop(f->run, "ring"), RUN_OK);
	assert_int_equal(run_answer(f->run, "ring", ANSWER_YES, 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "datum", "2026-11-02", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fritext", "Klart", 0, NULL), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
	return summary_row(f);
}

/* Rewrites the findings cache with the key (as only a test would), and
 * marks runs[0..n-1] as rows whose cache rows must be read again. */
static void
set_paces(struct fx *f, const char *sql, struct log_run_info *runs, size_t n)
{
	sqlite3 *raw = raw_open(f->path, f->recovery);
	size_t i;

	raw_exec(raw, sql);
	sqlite3_close(raw);
	for (i = 0; i < n; i++)
		runs[i].cache_read = false;
}

/* "Unusually fast" is judged when counts are read, against the pace of
 * the routine's completed runs in the cache, and is never cached: 20 s a
 * step is fast where the routine's runs take 90 s, and not where fewer
 * than five runs give no baseline (the 5 s floor alone). */
static void
test_speed_judged_against_the_routine(void **state)
{
	struct fx *f = *state;
	struct log_run_info runs[6];
	struct review_counts c[6];
	struct log_error err;
	char *sql;
	size_t i;

	for (i = 0; i < 6; i++)
		runs[i] = another_completed_run(f);
	review_counts(f->rl.log, fixture_routine, f, runs, 6, 0, c);
	for (i = 0; i < 6; i++) {
		assert_true(c[i].have);
		assert_true(c[i].pace_ms >= 0); /* five steps, finished: a pace */
	}
	/* The paces as the cache has them, not as this machine took them:
	 * 3 s a step, below the floor. */
	set_paces(f, "UPDATE findings_cache SET pace_ms = 3000;", runs, 6);
	review_counts(f->rl.log, fixture_routine, f, runs, 6, 0, c);
	for (i = 0; i < 6; i++)
		assert_true(c[i].kinds & (1u << FINDING_FAST)); /* no one reads so fast */
	assert_int_equal(log_runs_cached(f->rl.log, runs, 6, &err), LOG_OK);
	assert_int_equal(runs[5].cache.count + 1, (int64_t)c[5].count);
	assert_false(runs[5].cache.kinds & (1u << FINDING_FAST));

	sql = xasprintf("UPDATE findings_cache SET pace_ms = 90000;"
	    " UPDATE findings_cache SET pace_ms = 20000 WHERE run_id = '%s';", runs[5].run_id);
	set_paces(f, sql, runs, 6);
	free(sql);
	review_counts(f->rl.log, fixture_routine, f, runs, 6, 0, c);
	assert_false(c[0].kinds & (1u << FINDING_FAST));
	assert_true(c[5].kinds & (1u << FINDING_FAST));
	assert_int_equal(runs[5].cache.count + 1, (int64_t)c[5].count);

	/* Paces of 10 to 60 s in the order of the runs' ids: the median is
	 * 35 s, a third of it 11.7 s: only the run of 10 s is fast. */
	set_paces(f, "UPDATE findings_cache SET pace_ms = 10000 * (SELECT count(*)"
	    " FROM findings_cache AS o WHERE o.run_id <= findings_cache.run_id);", runs, 6);
	review_counts(f->rl.log, fixture_routine, f, runs, 6, 0, c);
	for (i = 0; i < 6; i++)
		assert_int_equal((c[i].kinds & (1u << FINDING_FAST)) != 0, c[i].pace_ms == 10000);
	for (i = 0; i < 6; i++)
		if (c[i].pace_ms == 10000)
			break;
	assert_true(i < 6);

	/* Three others and this one: no baseline; 20 s is above the floor. */
	sql = xasprintf("UPDATE findings_cache SET pace_ms = 90000;"
	    " UPDATE findings_cache SET pace_ms = 20000 WHERE run_id = '%s';"
	    " UPDATE findings_cache SET pace_ms = -1 WHERE run_id IN ('%s', '%s');",
	    runs[5].run_id, runs[0].run_id, runs[1].run_id);
	set_paces(f, sql, runs, 6);
	free(sql);
	review_counts(f->rl.log, fixture_routine, f, runs, 6, 0, c);
	assert_false(c[5].kinds & (1u << FINDING_FAST));
	assert_int_equal(runs[5].cache.count, (int64_t)c[5].count);
}

/* Signing the clean runs of a list at once: a run with a critical
 * finding stays, and so does one's own. */
static void
test_sign_clean_runs(void **state)
{
	struct fx *f = *state;
	struct log_run_filter signed_filter = { .review = "signed" };
	struct log_run_info runs[2], *signed_runs = NULL;
	struct review_counts c[2];
	struct log_error err;
	struct log *other;
	size_t done, n = 0;

	complete(f); /* clean */
	runs[0] = summary_row(f);
	runs[1] = another_completed_run(f);
	assert_int_equal(run_reopen(f->run), RUN_OK);
	assert_int_equal(run_skip(f->run, "datum", "Okänt", 0, NULL), RUN_OK);
	assert_int_equal(run_deviation(f->run, "datum", "Uppgiften saknas", 0, NULL), RUN_OK);
	assert_int_equal(run_complete(f->run), RUN_OK);
	runs[1] = summary_row(f);
	other = as_other_supervisor(f);
	review_counts(other, fixture_routine, f, runs, 2, 0, c);
	assert_int_equal(c[0].count, 0);
	assert_true(c[1].critical > 0);
	/* Her own runs: none signed. */
	assert_int_equal(review_sign_clean(f->rl.log, runs, c, 2, &done, &err), LOG_OK);
	assert_int_equal(done, 0);
	assert_int_equal(review_sign_clean(other, runs, c, 2, &done, &err), LOG_OK);
	assert_int_equal(done, 1);
	runs[1] = summary_row(f);
	assert_string_equal(runs[1].review, "");
	/* The clean run is signed, once. */
	assert_int_equal(log_runs(f->rl.log, &signed_filter, &signed_runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(signed_runs[0].run_id, runs[0].run_id);
	free(signed_runs);
	log_close(&other);
	assert_verifies(f);
}

/* A log of schema version 4 loses its findings cache rows when opened
 * (they lack the kinds and the pace) and has them computed again. */
static void
test_migration_to_5_drops_the_cache(void **state)
{
	struct fx *f = *state;
	struct log_run_info row;
	struct review_counts c;
	struct log_error err;

	complete(f);
	row = summary_row(f);
	review_counts(f->rl.log, fixture_routine, f, &row, 1, 0, &c);
	log_close(&f->rl.log);
	set_paces(f, SCHEMA_BEFORE_6 "DROP INDEX findings_by_pace;"
	    " ALTER TABLE findings_cache DROP COLUMN kinds;"
	    " ALTER TABLE findings_cache DROP COLUMN pace_ms;"
	    " ALTER TABLE findings_cache DROP COLUMN routine_id; PRAGMA user_version = 4;",
	    &row, 1);
	f->rl.log = open_as(f->path, "anna", PASS_A, LOG_OK);
	row = summary_row(f);
	assert_int_equal(log_runs_cached(f->rl.log, &row, 1, &err), LOG_OK);
	assert_false(row.cached);
	assert_verifies(f);
}

/* How many runs the typed text finds. */
static size_t
runs_found(struct fx *f, const char *text)
{
	struct log_run_filter flt = { .text = text };
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0;

	assert_int_equal(log_runs(f->rl.log, &flt, &runs, &n, &err), LOG_OK);
	free(runs);
	return n;
}

/* Typed text is found as typed: '%' and '_' are not wildcards, and
 * nothing is read as the index's query syntax (quotes, AND, OR, NEAR,
 * '*'), whether the text is short enough to be scanned or long enough
 * for the index. */
static void
test_text_filter_is_literal(void **state)
{
	struct fx *f = *state;
	const char *texts[] = { "kf 2026", "2026/7", "%", "_", "KF_2026", "\\", "6/7", "f 2",
		"Kf", "\"kf", "KF*", "kf 2026/7 ", "2026 OR kf", "NEAR(kf 2026)", "KF AND",
		"\"KF 2026/7\"", "mot", "MOTOR", "ann" };
	size_t want[] = { 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1 }, i, n;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((n = runs_found(f, texts[i])) != want[i])
			fail_msg("text '%s': %zu runs, want %zu", texts[i], n, want[i]);
}

/* The index of the runs' texts (schema 6) follows the runs: a run is
 * found by its case reference, routine and account, and by its new owner
 * after a handover. Rewritten with the key, it hides a run from a typed
 * search, and verify says so; --rebuild mends it. */
static void
test_text_index_kept_and_checked(void **state)
{
	struct fx *f = *state;
	struct log_field to = { "to", "bosse", 0 };
	struct log_event_in in = { event_name(EV_RUN_HANDED_OVER), f->rl.run_id, 0, &to, 1 };
	struct log_verify r;
	struct log_error err;
	sqlite3 *raw;

	assert_int_equal(runs_found(f, "2026/7"), 1);
	assert_int_equal(runs_found(f, "anna"), 1);
	if (log_user_add(f->rl.log, "bosse", ROLE_CASEWORKER, PASS_B, strlen(PASS_B),
	    &TEST_KDF, &err) != LOG_OK)
		fail_msg("user add: %s", err.message);
	if (log_append(f->rl.log, &in, NULL, &err) != LOG_OK)
		fail_msg("hand over: %s", err.message);
	assert_int_equal(runs_found(f, "bosse"), 1);
	assert_int_equal(runs_found(f, "anna"), 0);
	assert_verifies(f);

	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, "DELETE FROM runs_text;");
	sqlite3_close(raw);
	assert_int_equal(runs_found(f, "2026/7"), 0); /* the index is what is read */
	assert_int_equal(runs_found(f, "KF"), 1);     /* two characters: scanned */
	assert_int_equal(log_verify(f->rl.log, &r, &err), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "index of case references"));
	assert_int_equal(log_rebuild(f->rl.log, &err), LOG_OK);
	assert_int_equal(runs_found(f, "2026/7"), 1);
	assert_verifies(f);

	/* Its own tables changed behind its back: SQLite's check finds it. */
	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, "UPDATE runs_text_content SET c1 = 'KF 2099/1';");
	sqlite3_close(raw);
	assert_int_equal(log_verify(f->rl.log, &r, &err), LOG_E_CORRUPT);
}

/* A text a thousand runs or more share is scanned newest first (the scan stops
 * at the screenful); a rarer one is read from the index. Shown with a
 * run the index has lost: the scan finds it, the index does not. */
static void
test_common_text_is_scanned(void **state)
{
	struct fx *f = *state;
	struct log_run_filter common = { .text = "SN 2026/", .limit = 1001 };
	struct log_run_filter all = { .text = "SN 2026/" };
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0;
	sqlite3 *raw;

	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k"
	    " WHERE i < 1001) INSERT INTO runs (run_id, routine_id, case_ref, account,"
	    " status, started, last_activity, deviations) SELECT printf('r%04d', i), 'motor',"
	    " 'SN 2026/' || i, 'anna', 'completed', i, i, 0 FROM k;"
	    " DELETE FROM runs_text WHERE run_id = 'r0999';");
	sqlite3_close(raw);
	assert_int_equal(runs_found(f, "SN 2026/999"), 0);
	assert_int_equal(log_runs(f->rl.log, &common, &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1001);
	assert_string_equal(runs[0].run_id, "r1001");
	assert_string_equal(runs[2].run_id, "r0999");
	free(runs);
	assert_int_equal(log_runs(f->rl.log, &all, &runs, &n, &err), LOG_OK);
	assert_int_equal(n, 1000); /* every row wanted: the index */
	free(runs);
}

/* A log of schema 5 gets the index when opened, filled from its runs. */
static void
test_migration_to_6_indexes_the_runs(void **state)
{
	struct fx *f = *state;
	sqlite3 *raw;

	complete(f);
	log_close(&f->rl.log);
	raw = raw_open(f->path, f->recovery);
	raw_exec(raw, SCHEMA_BEFORE_6 "PRAGMA user_version = 5;");
	sqlite3_close(raw);
	f->rl.log = open_as(f->path, "anna", PASS_A, LOG_OK);
	assert_int_equal(runs_found(f, "2026/7"), 1);
	assert_verifies(f);
}

/* A review of one's own run, written past the commands (as a script with
 * the library could), is what verify reports. */
static void
test_verify_refuses_review_of_own_run(void **state)
{
	struct fx *f = *state;
	struct log_verify r;
	struct log_error err;

	complete(f);
	review_as(f->rl.log, f->rl.run_id, EV_REVIEW_SIGNED);
	assert_int_equal(log_verify(f->rl.log, &r, &err), LOG_E_CORRUPT);
	assert_non_null(strstr(r.problem, "own run"));
}

static size_t
engine_deviations(struct fx *f)
{
	struct run_summary s;

	run_summarize(f->run, &s);
	return s.deviations;
}

/* ---- The vocabulary ---- */

static void
test_names_are_unique_and_found(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < EV_COUNT; i++) {
		assert_int_equal(event_type_of(event_name((enum event_type)i)), i);
		assert_true(event_is(event_table[i].name, (enum event_type)i));
		for (j = i + 1; j < EV_COUNT; j++)
			assert_string_not_equal(event_table[i].name, event_table[j].name);
	}
	assert_int_equal(event_type_of("step.deleted"), -1);
	assert_int_equal(event_flags_of("step.deleted"), 0);
	assert_string_equal(event_name(EV_COUNT), "unknown");
	assert_false(event_is(NULL, EV_RUN_STARTED));
}

static void
test_engine_events_come_first(void **state)
{
	int i;

	(void)state;
	/* The engine replays exactly its own events, and they are a run's. */
	for (i = 0; i < EV_COUNT; i++) {
		int t = run_event_type_from_name(event_table[i].name);

		assert_int_equal(t, i < RUN_EV_COUNT ? i : -1);
		assert_int_equal(!!(event_table[i].flags & EVF_RUN), i < RUN_EV_COUNT);
	}
	assert_int_equal(RUN_EV_COUNT, EV_RUN_REOPENED + 1);
}

/* A type's field list names "step" and "text" exactly when its flags say
 * so: the documentation and the mapping cannot disagree. */
static void
test_fields_match_flags(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < EV_COUNT; i++) {
		const struct event_info *e = &event_table[i];
		char *words = xasprintf(" %s ", e->fields);
		bool has_step = strstr(words, " step ") != NULL;
		bool has_text = strstr(words, " text ") != NULL;

		assert_int_equal(has_step, !!(e->flags & EVF_STEP));
		assert_int_equal(has_text, !!(e->flags & EVF_TEXT));
		free(words);
	}
}

static void
test_statuses(void **state)
{
	int i;

	(void)state;
	assert_string_equal(event_table[EV_RUN_PAUSED].status, "paused");
	assert_string_equal(event_table[EV_RUN_RESUMED].status, "active");
	assert_string_equal(event_table[EV_RUN_COMPLETED].status, "completed");
	assert_string_equal(event_table[EV_RUN_ABORTED].status, "aborted");
	assert_null(event_table[EV_STEP_ANSWERED].status);
	/* Each status an event sets is a word of RUN_STATUSES, and back. */
	for (i = 0; i < EV_COUNT; i++)
		if (event_table[i].status != NULL)
			assert_string_equal(run_status_word((enum run_status)
			    run_status_of(event_table[i].status)), event_table[i].status);
	assert_int_equal(run_status_of("signed"), -1);
	assert_int_equal(review_state_of("signed"), REVIEW_SIGNED);
	assert_true(run_status_ended(RUN_ABORTED) && !run_status_ended(RUN_PAUSED));
}

/* Every event type says something to a person, each its own thing; an
 * unknown type (a newer rutin's) is shown by its name. */
static void
test_event_labels(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < EV_COUNT; i++) {
		const char *l = event_table[i].label;

		if (l == NULL || l[0] == '\0' || strchr(l, '.') != NULL)
			fail_msg("%s has no label a person reads", event_table[i].name);
		assert_string_equal(event_label(event_table[i].name), l);
		for (j = 0; j < i; j++)
			if (strcmp(event_table[j].label, l) == 0)
				fail_msg("%s and %s say the same", event_table[j].name,
				    event_table[i].name);
	}
	assert_string_equal(event_label("step.skipped"), "skipped the step");
	assert_string_equal(event_label("future.thing"), "future.thing");
	/* What access.recorded says was read: the stored word and its label. */
	assert_string_equal(access_read_word(ACCESS_READ_SHOW), "review show");
	assert_string_equal(access_read_label("review show"), "opened the run");
	assert_string_equal(access_read_label("review later"), "review later");
	for (i = 0; i < ACCESS_READ_COUNT; i++)
		assert_int_not_equal(strcmp(access_read_label(access_read_word(
		    (enum access_read)i)), access_read_word((enum access_read)i)), 0);
}

/* ---- Engine events to log fields ---- */

static void
test_fields_of_engine_events(void **state)
{
	struct run_event ev;
	struct log_field f[RUNLOG_MAX_FIELDS];

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.type = EV_RUN_STARTED;
	ev.case_ref = "KF 2026/7";
	ev.routine_id = "motor";
	ev.routine_hash = "ab";
	ev.routine_version = 4;
	ev.mode = RUN_TRAINING;
	assert_int_equal(runlog_fields(&ev, f), 5);
	assert_string_equal(fields_text(f, 5, "case_ref"), "KF 2026/7");
	assert_string_equal(fields_text(f, 5, "mode"), "training");
	assert_string_equal(f[4].name, "routine_version");
	assert_int_equal(f[4].number, 4);

	memset(&ev, 0, sizeof(ev));
	ev.type = EV_STEP_ANSWERED;
	ev.step = "typ";
	ev.text = "a";
	assert_int_equal(runlog_fields(&ev, f), 2);
	assert_string_equal(fields_text(f, 2, "step"), "typ");
	assert_string_equal(fields_text(f, 2, "text"), "a");

	/* A retraction names its step only; a pause nothing. */
	ev.type = EV_STEP_RETRACTED;
	assert_int_equal(runlog_fields(&ev, f), 1);
	assert_string_equal(f[0].name, "step");
	ev.type = EV_RUN_PAUSED;
	ev.step = NULL;
	ev.text = NULL;
	assert_int_equal(runlog_fields(&ev, f), 0);
}

/* ---- Through a real log ---- */

static void
test_restore_gives_the_same_run(void **state)
{
	struct fx *f = *state;
	struct run *again = NULL;
	char msg[512];

	assert_int_equal(run_answer(f->run, "typ", "b", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fara", ANSWER_YES, 0, NULL), RUN_OK);
	assert_int_equal(run_acknowledge_stop(f->run, "ring"), RUN_OK);
	assert_int_equal(run_note(f->run, "fara", "Rad ett\nRad två", 0, NULL), RUN_OK);
	assert_int_equal(run_skip(f->run, "datum", "Uppgiften saknas", 0, NULL), RUN_OK);
	assert_int_equal(run_deviation(f->run, "datum", "Akten är inte här", 0, NULL), RUN_OK);
	assert_int_equal(run_answer(f->run, "fara", ANSWER_NO, 0, NULL), RUN_OK);
	assert_int_equal(run_retracted(f->run), 1); /* ring no longer applies */
	assert_int_equal(run_pause(f->run), RUN_OK);

	assert_int_equal(runlog_restore(&f->rl, f->routine, &again, msg, sizeof(msg)), RUN_OK);
	assert_same_run(f->run, again);
	assert_int_equal(run_status(again), RUN_PAUSED);
	run_free(&again);
	assert_verifies(f);
}

static void
test_restore_refuses_unknown_events(void **state)
{
	struct fx *f = *state;
	struct run *again = NULL;
	char msg[512];

	append_note(f->rl.log, f->rl.run_id, "step.deleted", "typ");
	assert_int_equal(runlog_restore(&f->rl, f->routine, &again, msg, sizeof(msg)),
	    RUN_E_REPLAY);
	assert_null(again);
	assert_non_null(strstr(msg, "rutin verify"));
}

/* Two reasons for one step are one deviation; answering the step ends
 * it. The summary says what the engine says, and verify agrees. */
static void
test_deviations_count_steps_not_reasons(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run_deviation(f->run, "typ", "Vet inte ännu", 0, NULL), RUN_OK);
	assert_int_equal(run_deviation(f->run, "typ", "Frågar i morgon", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 1);
	assert_int_equal(run_deviation(f->run, "datum", "Akten saknas", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 2);
	assert_int_equal(engine_deviations(f), 2);
	assert_verifies(f);

	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 1);
	assert_int_equal(run_not_applicable(f->run, "datum", "Inget datum", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 0);
	assert_int_equal(engine_deviations(f), 0);
	assert_verifies(f);

	/* Skipped with a reason: a deviation again, once. */
	assert_int_equal(run_skip(f->run, "datum", "Inte bedömt", 0, NULL), RUN_OK);
	assert_int_equal(run_deviation(f->run, "datum", "Akten saknas", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 1);
	assert_int_equal(engine_deviations(f), 1);
	assert_verifies(f);

	/* Rebuilt from the events, the summary is the same. */
	{
		struct log_error err;

		assert_int_equal(log_rebuild(f->rl.log, &err), LOG_OK);
		assert_int_equal(summary_deviations(f), 1);
		assert_verifies(f);
	}
}

/* A retraction ends a step's reason too (the step no longer applies). */
static void
test_retraction_ends_a_reason(void **state)
{
	struct fx *f = *state;
	struct log_event_in in;
	struct log_field fld = { "step", "datum", 0 };
	struct log_error err;

	assert_int_equal(run_deviation(f->run, "datum", "Akten saknas", 0, NULL), RUN_OK);
	assert_int_equal(summary_deviations(f), 1);
	memset(&in, 0, sizeof(in));
	in.type = event_name(EV_STEP_RETRACTED);
	in.run_id = f->rl.run_id;
	in.fields = &fld;
	in.field_count = 1;
	assert_int_equal(log_append(f->rl.log, &in, NULL, &err), LOG_OK);
	assert_int_equal(summary_deviations(f), 0);
	assert_verifies(f);
}

/* A supervisor's events about a run are logged with its run_id, yet they
 * are not the run's: a resumed run skips them and the runs summary does
 * not move (its last activity is the caseworker's). */
static void
test_review_events_leave_the_run_alone(void **state)
{
	struct fx *f = *state;
	struct log_run_info *runs = NULL;
	struct log_field fld = { "text", "Granskad, inget att anmärka", 0 };
	struct log_event_in in;
	struct log_error err;
	struct log *other;
	int64_t last = 0;
	size_t n = 0, i;

	assert_int_equal(run_answer(f->run, "typ", "a", 0, NULL), RUN_OK);
	assert_int_equal(run_pause(f->run), RUN_OK);
	assert_int_equal(log_open_runs(f->rl.log, NULL, &runs, &n, &err), LOG_OK);
	for (i = 0; i < n; i++)
		if (strcmp(runs[i].run_id, f->rl.run_id) == 0)
			last = runs[i].last_activity;
	free(runs);
	memset(&in, 0, sizeof(in));
	in.type = event_name(EV_REVIEW_RETURNED);
	in.run_id = f->rl.run_id;
	in.time = last + 3600000;
	in.fields = &fld;
	in.field_count = 1;
	other = as_other_supervisor(f);
	assert_int_equal(log_append(other, &in, NULL, &err), LOG_OK);
	log_close(&other);
	assert_restores_same(f);
	runs = NULL;
	assert_int_equal(log_open_runs(f->rl.log, NULL, &runs, &n, &err), LOG_OK);
	for (i = 0; i < n; i++)
		if (strcmp(runs[i].run_id, f->rl.run_id) == 0)
			assert_int_equal(runs[i].last_activity, last);
	free(runs);
	assert_verifies(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_are_unique_and_found),
		cmocka_unit_test(test_engine_events_come_first),
		cmocka_unit_test(test_fields_match_flags),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_event_labels),
		cmocka_unit_test(test_fields_of_engine_events),
		cmocka_unit_test_setup_teardown(test_restore_gives_the_same_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_unknown_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deviations_count_steps_not_reasons, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retraction_ends_a_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_events_leave_the_run_alone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_return_reopen_correct_sign, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_review_decide_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_refuses_review_of_own_run, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migration_fills_review_state, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_findings_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speed_judged_against_the_routine, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migration_to_5_drops_the_cache, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sign_clean_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_filter_is_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_review_read_from_the_event, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_text_index_kept_and_checked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migration_to_6_indexes_the_runs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_common_text_is_scanned, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* rutin exercise list | start | end | inject | pause | resume | message |
 * restart | report: trainers' exercises on the command line (issues 12
 * and 23); `rutin exercise` and
 * `rutin exercise class` are the interface (interactive.c). Exercises run
 * only in a training log: every command here refuses a live one (exit 2),
 * and the log itself refuses exercise events there. */
#include "config.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checklists/files.h"
#include "checklists/guard.h"
#include "checklists/reading.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "common/when.h"
#include "draw/pdfdoc.h"
#include "report/exercise.h"
#include "runlog/debrief.h"
#include "runlog/words.h"
#include "runlog/xsession.h"
#include "tui/catalog.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/commands.h"
#include "cli/delegate.h"
#include "tui/paths.h"
#include "cli/secret.h"

/* What an exercise command has open. */
struct xcmd {
	const char *cmd;
	struct cmd_ctx *c;         /* the path's: its entry, and the log once open */
	struct opts o;
	struct log *log;
	struct catalog catalog;
	bool catalog_loaded;
	char *own_dir;
	struct xstate st;
};

static void
xcmd_close(struct xcmd *x)
{
	xstate_free(&x->st);
	x->c->log = x->log; /* the path closes it */
	catalog_free(&x->catalog);
	free(x->own_dir);
}

static int
refuse_live(const char *cmd, const char *db)
{
	fprintf(stderr, _("rutin %s: %s is a live log: exercises run only in a "
	    "training log (rutin exercise start FILE --db NEW-FILE makes one)\n"),
	    cmd, db);
	return EXIT_USAGE;
}

/* With the log open: the routines, and the log's sessions read. */
static int
xcmd_ready(struct xcmd *x)
{
	struct log_error err;

	if (!x->catalog_loaded)
		catalog_load_configured(&x->catalog, x->o.routines.dir,
		    (size_t)x->o.routines.count, &x->own_dir);
	x->catalog_loaded = true;
	if (xstate_update(x->log, &x->st, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	return 0;
}

/* Opens the training log (unless start made it), checks the role the
 * entry needs (cmd.c, the one check) and reads its sessions; 0 or the
 * exit status. */
static int
xcmd_open(struct xcmd *x)
{
	struct log_error err;
	int rc;

	if (x->log == NULL && cmdline_open_log(x->cmd, &x->o, &x->log, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	if (!log_is_training(x->log))
		return refuse_live(x->cmd, x->o.db);
	x->c->log = x->log;
	if ((rc = cmd_role_ok(x->c)) != 0)
		return rc;
	return xcmd_ready(x);
}

/* The session --session names, or the only open one (else the latest
 * when `latest` is allowed); NULL after a message. */
static const struct xsession *
pick_session(struct xcmd *x, bool latest)
{
	const struct xsession *s;
	size_t open;

	if (x->o.session != NULL) {
		s = xstate_session(&x->st, x->o.session);
		if (s == NULL) {
			fprintf(stderr, _("rutin %s: no exercise session begins with '"), x->cmd);
			utf8_write_visible(stderr, x->o.session);
			fprintf(stderr, _("' (or more than one does); rutin exercise report "
			    "lists them\n"));
		}
		return s;
	}
	s = xstate_open_session(&x->st, &open);
	if (s != NULL)
		return s;
	if (open == 0 && latest && x->st.n_sessions > 0)
		return &x->st.sessions[x->st.n_sessions - 1];
	if (open == 0)
		fprintf(stderr, _("rutin %s: no exercise session is open in %s\n"), x->cmd,
		    x->o.db);
	else
		fprintf(stderr, _("rutin %s: %zu exercise sessions are open; name one "
		    "with --session ID\n"), x->cmd, open);
	return NULL;
}

/* ---- Installed exercises ---- */

struct found {
	const char *id;          /* looked for, or NULL: list every one */
	struct exercise *match;
	size_t count, invalid;
	bool listing;
};

static void
found_file(void *ctx, const char *path)
{
	struct found *f = ctx;
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = NULL;

	if (exercise_load_file(path, &ex, &d) != ROUTINE_OK) {
		f->invalid++;
		if (f->listing) {
			fputs(_("  (not valid: rutin lint "), stdout);
			utf8_write_visible(stdout, path);
			fputs(")\n", stdout);
		}
	} else if (f->listing) {
		printf("  %-20s ", ex->id);
		utf8_write_visible(stdout, ex->title);
		printf(_("\n  %-20s routine %s, %zu expectations, pass mark %ld of %ld "
		    "points, %zu injects\n  %-20s "), "", ex->routine_id,
		    ex->expectation_count, ex->pass_mark, ex->max_points, ex->inject_count, "");
		utf8_write_visible(stdout, path);
		putchar('\n');
		f->count++;
	} else if (f->match == NULL && strcmp(ex->id, f->id) == 0) {
		f->match = ex;
		ex = NULL;
	}
	exercise_free(&ex);
	diag_list_clear(&d);
}

/* Walks the user's own exercise folder, then the shipped one. */
static void
walk_installed(struct found *f)
{
	char *own = xdg_file("XDG_DATA_HOME", ".local/share", "exercises");
	const char *dirs[2] = { own, paths_shipped_exercises() };
	struct routine_walk w = { found_file, NULL, f };
	size_t i;

	for (i = 0; i < 2; i++)
		routine_files(dirs[i], &w);
	free(own);
}

static int
list_exec(struct cmd_ctx *c)
{
	struct found f = { NULL, NULL, 0, 0, true };

	(void)c;
	printf(_("Installed exercises:\n"));
	walk_installed(&f);
	if (f.count == 0 && f.invalid == 0)
		printf(_("  none (the shipped ones are in %s)\n"), paths_shipped_exercises());
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("exercise list");
}

/* FILE (a path) or the id of an installed exercise; NULL after the
 * problems were printed. */
static struct exercise *
load_exercise_arg(const char *cmd, const char *arg)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct exercise *ex = NULL;
	struct found f = { arg, NULL, 0, 0, false };

	if (strchr(arg, '/') != NULL || access(arg, F_OK) == 0) {
		if (delegate_path_ok(cmd, arg, false) != 0)
			return NULL;
		exercise_load_file(arg, &ex, &d);
		diag_print(&d, arg, stderr);
		diag_list_clear(&d);
		return ex;
	}
	walk_installed(&f);
	if (f.match == NULL) {
		fprintf(stderr, _("rutin %s: no exercise file or installed exercise '"), cmd);
		utf8_write_visible(stderr, arg);
		fprintf(stderr, _("' (rutin exercise list shows the installed ones)\n"));
	}
	return f.match;
}

/* ---- start ---- */

/* Makes the training log with the trainer as its first account (made a
 * supervisor by log_create, then marked training and made a trainer:
 * three events anyone can read back), and leaves it open in x->log. */
static int
create_training_log(struct xcmd *x)
{
	char recovery[RECOVERY_TEXT_LEN];
	struct log_error err;
	struct secret s;
	const char *why;

	if (secret_read_new(x->o.pass_fd, _("New passphrase for the training log "
	    "(at least 12 characters): "), &s, &why) != 0) {
		fprintf(stderr, "rutin %s: %s\n", x->cmd, why);
		return EXIT_USAGE;
	}
	if (log_create(x->o.db, x->o.user, s.text, s.len, NULL, recovery, &x->log,
	    &err) != LOG_OK || log_set_training(x->log, &err) != LOG_OK ||
	    log_user_set_role(x->log, x->o.user, ROLE_TRAINER, &err) != LOG_OK) {
		secret_free(&s);
		sodium_memzero(recovery, sizeof(recovery));
		if (err.status != LOG_E_EXISTS) {
			log_close(&x->log);
			commands_remove_new_log(x->o.db);
		}
		return cmd_report(x->cmd, &err);
	}
	secret_free(&s);
	printf(_("Created the training log %s with %s as trainer.\n\n"), x->o.db,
	    x->o.user);
	commands_print_recovery(x->o.db, recovery);
	sodium_memzero(recovery, sizeof(recovery));
	putchar('\n');
	if (!cmdline_stdout_ok()) {
		log_close(&x->log);
		commands_remove_new_log(x->o.db);
		fprintf(stderr, _("rutin %s: could not write the recovery key; %s was "
		    "not kept\n"), x->cmd, x->o.db);
		return EXIT_USAGE;
	}
	return 0;
}

/* The exercise against the routine installed here: errors stop it. */
static int
check_against_routine(struct xcmd *x, const struct exercise *ex)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct routine *r = catalog_find(&x->catalog, ex->routine_id);
	bool ok;

	if (r == NULL) {
		fprintf(stderr, _("rutin %s: the exercise needs routine '%s', which is "
		    "not installed here\n"), x->cmd, ex->routine_id);
		return EXIT_FAILED;
	}
	ok = exercise_check_routine(ex, r, &d);
	diag_print(&d, ex->source, stderr);
	diag_list_clear(&d);
	return ok ? 0 : EXIT_FAILED;
}

static int
exercise_start(struct xcmd *x, const char *arg)
{
	struct exercise *ex = load_exercise_arg(x->cmd, arg);
	struct xsession s;
	struct log_error err;
	int rc;

	if (ex == NULL)
		return EXIT_FAILED;
	/* Checked before a log is made for it. */
	catalog_load_configured(&x->catalog, x->o.routines.dir,
	    (size_t)x->o.routines.count, &x->own_dir);
	x->catalog_loaded = true;
	if ((rc = check_against_routine(x, ex)) != 0 ||
	    (access(x->o.db, F_OK) != 0 && (rc = create_training_log(x)) != 0) ||
	    (rc = xcmd_open(x)) != 0) {
		exercise_free(&ex);
		return rc;
	}
	if (xsession_start(x->log, ex, &s, &err) != LOG_OK) {
		exercise_free(&ex);
		return cmd_report(x->cmd, &err);
	}
	printf(_("Started \"%s\" (session %.8s) in %s.\n"), ex->title, s.id, x->o.db);
	printf(_("Trainees join with:  rutin exercise --db %s --user NAME\n"), x->o.db);
	printf(_("The class view:      rutin exercise class --db %s\n"), x->o.db);
	printf(_("Add a trainee:       rutin user add NAME --role caseworker --db %s\n"),
	    x->o.db);
	exercise_free(&ex);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

/* ---- end, inject ---- */

/* Opens the log and picks the open session, for the commands that steer
 * it: the session, or NULL with the exit status in *rc (after a
 * message). */
static const struct xsession *
steer_open(struct xcmd *x, int *rc)
{
	const struct xsession *s;

	if ((*rc = xcmd_open(x)) != 0)
		return NULL;
	if ((s = pick_session(x, false)) == NULL)
		*rc = EXIT_FAILED;
	return s;
}

static int
exercise_end(struct xcmd *x, const char *arg)
{
	const struct xsession *s;
	struct log_error err;
	size_t expired;
	int rc;

	(void)arg;
	if ((s = steer_open(x, &rc)) == NULL)
		return rc;
	if (xsession_end(x->log, &x->st, s, &expired, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	printf(_("Ended \"%s\" (session %.8s). The debrief: rutin exercise report "
	    "--db %s\n"), s->title, s->id, x->o.db);
	if (expired > 0)
		printf(ngettext("%zu join code that was never used no longer works (its "
		    "account is removed).\n", "%zu join codes that were never used no "
		    "longer work (their accounts are removed).\n", expired), expired);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

static int
exercise_inject(struct xcmd *x, const char *inject)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct xsession *s;
	struct exercise *ex = NULL;
	struct log_error err;
	int rc;

	if ((s = steer_open(x, &rc)) == NULL)
		return rc;
	if (xsession_exercise(s, &ex, &d) != ROUTINE_OK) {
		diag_print(&d, s->title, stderr);
		diag_list_clear(&d);
		return EXIT_FAILED;
	}
	if (exercise_find_inject(ex, inject) == NULL) {
		fprintf(stderr, _("rutin %s: \"%s\" has no inject '"), x->cmd, ex->title);
		utf8_write_visible(stderr, inject);
		fprintf(stderr, "'\n");
		exercise_free(&ex);
		return EXIT_FAILED;
	}
	exercise_free(&ex);
	if (x->o.to != NULL && xstate_join_of(&x->st, s->id, x->o.to) == NULL) {
		fprintf(stderr, _("rutin %s: %s has not joined this exercise\n"), x->cmd,
		    x->o.to);
		return EXIT_FAILED;
	}
	if (xsession_inject(x->log, s, inject, x->o.to, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	if (x->o.to != NULL)
		printf(_("Inject %s sent to %s.\n"), inject, x->o.to);
	else
		printf(_("Inject %s sent to everyone in the exercise.\n"), inject);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

/* ---- pause, resume, message, restart ---- */

static int
exercise_pause_or_resume(struct xcmd *x, bool pause)
{
	const struct xsession *s;
	struct log_error err;
	enum log_status ls;
	int rc;

	if ((s = steer_open(x, &rc)) == NULL)
		return rc;
	ls = pause ? xsession_pause(x->log, &x->st, s, &err) :
	    xsession_resume(x->log, &x->st, s, &err);
	if (ls != LOG_OK)
		return cmd_report(x->cmd, &err);
	printf(pause ? _("Paused \"%s\": every trainee's screen says so and takes "
	    "no answer until you resume it (rutin exercise resume).\n") :
	    _("Resumed \"%s\".\n"), s->title);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

static int
exercise_pause(struct xcmd *x, const char *arg)
{
	(void)arg;
	return exercise_pause_or_resume(x, true);
}

static int
exercise_resume(struct xcmd *x, const char *arg)
{
	(void)arg;
	return exercise_pause_or_resume(x, false);
}

static int
exercise_message(struct xcmd *x, const char *text)
{
	const struct xsession *s;
	struct log_error err;
	int rc;

	if ((s = steer_open(x, &rc)) == NULL)
		return rc;
	if (xsession_message(x->log, &x->st, s, text, x->o.to, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	if (x->o.to != NULL)
		printf(_("Message sent to %s.\n"), x->o.to);
	else
		printf("%s\n", _("Message sent to everyone in the exercise."));
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

static int
exercise_restart(struct xcmd *x, const char *account)
{
	const struct xsession *s;
	const struct xjoin *j;
	struct log_error err;
	int rc;

	if ((s = steer_open(x, &rc)) == NULL)
		return rc;
	if ((j = xstate_join_of(&x->st, s->id, account)) == NULL) {
		fprintf(stderr, _("rutin %s: '"), x->cmd);
		utf8_write_visible(stderr, account);
		fprintf(stderr, _("' has no run in this exercise to restart\n"));
		return EXIT_FAILED;
	}
	if (xsession_restart(x->log, &x->st, s, j->run_id, &err) != LOG_OK)
		return cmd_report(x->cmd, &err);
	printf(_("%s's run %.8s is set aside (the report lists it as restarted); "
	    "her screen starts a new one.\n"), account, j->run_id);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

/* ---- report ---- */

/* A text of the exercise or the run on one line: line breaks become
 * spaces, trailing ones go; nothing raw reaches the terminal. */
static void
print_line(const char *s)
{
	char *copy = xstrdup(s), *p;
	size_t n = strlen(copy);

	for (p = copy; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	while (n > 0 && copy[n - 1] == ' ')
		copy[--n] = '\0';
	cmdline_print_clean(stdout, copy);
	free(copy);
}

static void
print_minutes(int64_t ms)
{
	printf("%" PRId64 ":%02" PRId64, ms / 60000, ms / 1000 % 60);
}

/* A missed expectation: the step's prompt, its level and points, what
 * happened, the answer given (its label) and why it matters. */
static void
report_missed(const struct routine *r, const struct expect_score *e)
{
	char step[WORDS_PROMPT_MAX + 16];

	debrief_step_words(r, e->e->step, step, sizeof(step));
	fputs(_("  missed "), stdout);
	utf8_write_visible(stdout, step);
	printf(_("%s (%ld p): %s"), e->e->critical ? _(", critical") : "", e->e->points,
	    score_result_label(e->result));
	if (e->value != NULL) {
		fputs(": ", stdout);
		utf8_write_visible(stdout, debrief_value_words(r, e));
	}
	fputs(_("\n    why: "), stdout);
	print_line(e->e->why);
}

/* The steps she answered faster than they can be read: the first few,
 * with the time she took and the step's floor. */
#define TOO_FAST_LISTED 5

static void
report_too_fast(const struct routine *r, const struct debrief_trainee *t)
{
	char step[WORDS_PROMPT_MAX + 16];
	size_t i, shown = 0;

	if (t->too_fast == 0)
		return;
	printf(ngettext("  %zu step answered faster than it can be read (%d words a "
	    "minute):\n", "  %zu steps answered faster than they can be read (%d words a "
	    "minute):\n", t->too_fast), t->too_fast, READING_WPM);
	for (i = 0; i < routine_step_count(r) && shown < TOO_FAST_LISTED; i++) {
		if (!reading_too_fast(t->run, i))
			continue;
		words_step(routine_step(r, i), NULL, step, sizeof(step));
		fputs("    ", stdout);
		print_minutes(reading_taken_ms(t->run, i));
		fputs(_(" of "), stdout);
		print_minutes(reading_floor_ms(routine_step(r, i)));
		fputs("  ", stdout);
		utf8_write_visible(stdout, step);
		putchar('\n');
		shown++;
	}
	if (t->too_fast > shown)
		printf(_("    and %zu more\n"), t->too_fast - shown);
}

/* The injects that ask for an acknowledgement: how long she took. */
static void
report_acks(const struct debrief_trainee *t)
{
	size_t i;

	for (i = 0; i < t->score.ack_count; i++) {
		const struct ack_score *a = &t->score.acks[i];

		fputs(_("  inject \""), stdout);
		utf8_write_visible(stdout, a->in->id);
		printf(_("\" (to acknowledge within %ld min, %ld p): "), a->in->ack_minutes,
		    a->in->ack_points);
		if (a->result == EXPECT_MET || a->result == EXPECT_LATE) {
			fputs(a->result == EXPECT_MET ? _("acknowledged after ") :
			    _("acknowledged too late, after "), stdout);
			print_minutes(a->ms);
			putchar('\n');
		} else {
			printf("%s\n", a->result == EXPECT_HIDDEN ? _("never shown") :
			    _("not acknowledged"));
		}
	}
}

/* What the guard stopped in the trainee's run: where, and what it was. */
static void
report_refusals(const struct routine *r, const struct xstate *st,
    const struct debrief_trainee *t)
{
	char step[WORDS_PROMPT_MAX + 16];
	const struct step *s;
	size_t i;
	int kind;

	for (i = 0; i < st->n_refused; i++) {
		if (strcmp(st->refused[i].run_id, t->run_id) != 0)
			continue;
		s = routine_step_by_id(r, st->refused[i].step);
		kind = guard_kind_of_token(st->refused[i].kind);
		if (s != NULL)
			words_step(s, NULL, step, sizeof(step));
		fputs(_("  stopped by the guard at "), stdout);
		utf8_write_visible(stdout, s != NULL ? step : _("a step of another version"));
		printf(": %s\n", kind >= 0 ? guard_kind_name((enum guard_kind)kind) : "?");
	}
}

static void
report_trainee_text(const struct routine *r, const struct xstate *st,
    const struct debrief_trainee *t)
{
	char step[WORDS_PROMPT_MAX + 16];
	size_t k, i;

	printf("\n%s: ", t->account);
	if (t->run == NULL) {
		cmdline_print_clean(stdout, t->problem);
		return;
	}
	if (t->restarted != 0) {
		char when[32];

		when_format(when, sizeof(when), t->restarted);
		printf(_("run %.8s restarted by the trainer %s; not scored (%ld of %ld "
		    "points when it was set aside)\n"), t->run_id, when, t->score.points,
		    t->score.max_points);
		return;
	}
	printf(_("%ld of %ld points, %s"), t->score.points, t->score.max_points,
	    t->score.passed ? _("passed") : _("not passed"));
	if (t->score.critical_missed > 0)
		printf(_(" (%zu critical expectation(s) missed)"), t->score.critical_missed);
	printf(_(" · run %.8s, %s, "), t->run_id, debrief_status_label(t));
	print_minutes(t->sum.active_ms);
	printf(_(" active\n"));
	for (k = 0; k < t->score.count; k++)
		if (t->score.items[k].result != EXPECT_MET)
			report_missed(r, &t->score.items[k]);
	for (i = 0; i < routine_step_count(r); i++)
		if (run_step_visible(t->run, i) &&
		    run_step_status(t->run, i) == STEP_SKIPPED) {
			words_step(routine_step(r, i), NULL, step, sizeof(step));
			fputs(_("  skipped "), stdout);
			utf8_write_visible(stdout, step);
			fputs(": ", stdout);
			print_line(run_step_value(t->run, i));
		}
	printf(_("  deviations %zu · stopped by the guard %zu · guard flags confirmed %zu · "
	    "injects seen %zu\n"), t->deviations, t->guard_refused, t->confirmed_flags,
	    t->injects_shown);
	report_refusals(r, st, t);
	report_acks(t);
	report_too_fast(r, t);
	printf(_("  time per step:\n"));
	for (i = 0; i < routine_step_count(r); i++)
		if (t->step_ms[i] > 0) {
			words_step(routine_step(r, i), NULL, step, sizeof(step));
			fputs("    ", stdout);
			print_minutes(t->step_ms[i]);
			fputs("  ", stdout);
			utf8_write_visible(stdout, step);
			putchar('\n');
		}
}

static void
report_text(const struct xsession *s, const struct exercise *ex,
    const struct routine *r, const struct xstate *st, const struct debrief *d)
{
	char when[32], ended[32], step[WORDS_PROMPT_MAX + 16];
	size_t i, k, passed = 0;

	when_format(when, sizeof(when), s->started);
	when_format(ended, sizeof(ended), s->ended);
	printf(_("Exercise \"%s\" (%s, version %ld), session %.8s\n"), ex->title, ex->id,
	    ex->version, s->id);
	printf(_("Started %s by %s; %s%s. Routine \"%s\". Pass mark %ld of %ld points, "
	    "and no critical expectation missed.\n"), when, s->trainer,
	    s->ended ? _("ended ") : _("still open"), s->ended ? ended : "",
	    routine_title(r), ex->pass_mark, ex->max_points);
	fputs(_("The class's time, pauses left out: "), stdout);
	print_minutes(xstate_elapsed_ms(st, s, clock_now_ms()));
	if (ex->minutes > 0)
		printf(_(" of %ld:00 planned"), ex->minutes);
	putchar('\n');
	for (i = 0; i < d->count; i++) {
		report_trainee_text(r, st, &d->trainees[i]);
		passed += d->trainees[i].run != NULL && d->trainees[i].restarted == 0 &&
		    d->trainees[i].score.passed;
	}
	printf(_("\nThe class: %zu run(s) scored, %zu passed.\n"), d->scored, passed);
	for (i = 0; i < d->expectation_count && d->missed[i] == 0; i++)
		;
	if (i == d->expectation_count)
		return; /* no one, or no one missed anything */
	printf(_("Missed most (runs that missed it, of %zu):\n"), d->scored);
	for (k = d->scored; k > 0; k--)
		for (i = 0; i < d->expectation_count; i++)
			if (d->missed[i] == k) {
				debrief_step_words(r, ex->expectations[i].step, step,
				    sizeof(step));
				printf("  %zu  ", k);
				utf8_write_visible(stdout, step);
				printf("%s\n", ex->expectations[i].critical ? _(" (critical)") : "");
			}
}

/* Ids for machines, and beside them the words a person reads: the
 * step's prompt and the answer's label. A row is an expectation, or
 * (`inject` set, `step` empty) an inject's acknowledgement, whose
 * `value` is the seconds it took. */
static const char *const report_columns[] = { "session", "exercise_id", "account",
	"run_id", "status", "points", "max_points", "pass_mark", "passed", "step",
	"step_prompt", "critical", "expected_points", "result", "value", "answer",
	"awarded", "inject", NULL };
#define REPORT_COLUMNS (sizeof(report_columns) / sizeof(report_columns[0]) - 1)
/* Which of them JSON Lines writes as numbers or booleans, not strings. */
static const bool report_bare[] = { false, false, false, false, false, true, true,
	true, true, false, false, true, true, false, false, false, true, false };

static const char *
step_prompt(const struct routine *r, const char *id)
{
	const struct step *st = routine_step_by_id(r, id);

	return st != NULL ? st->prompt : "";
}

static void
report_row(const char *const *v, bool csv)
{
	size_t c;

	for (c = 0; c < REPORT_COLUMNS; c++) {
		if (csv) {
			cmdline_csv_field(stdout, v[c], c + 1 == REPORT_COLUMNS);
			continue;
		}
		printf("%s\"%s\":", c == 0 ? "{" : ",", report_columns[c]);
		if (report_bare[c])
			fputs(v[c], stdout);
		else
			cmdline_json_string(stdout, v[c]);
	}
	if (!csv)
		fputs("}\n", stdout);
}

/* The columns every row of a trainee has: session to passed. */
static void
trainee_columns(const struct xsession *s, const struct exercise *ex,
    const struct debrief_trainee *t, char n[3][32], const char **v)
{
	snprintf(n[0], sizeof(n[0]), "%ld", t->score.points);
	snprintf(n[1], sizeof(n[1]), "%ld", t->score.max_points);
	snprintf(n[2], sizeof(n[2]), "%ld", ex->pass_mark);
	v[0] = s->id, v[1] = ex->id, v[2] = t->account, v[3] = t->run_id;
	v[4] = debrief_status(t), v[5] = n[0], v[6] = n[1], v[7] = n[2];
	v[8] = t->score.passed ? "true" : "false";
}

static void
expectation_row(const struct routine *r, const struct expect_score *e,
    const char **v, bool csv)
{
	char n[2][32];

	snprintf(n[0], sizeof(n[0]), "%ld", e->e->points);
	snprintf(n[1], sizeof(n[1]), "%ld", e->points);
	v[9] = e->e->step;
	v[10] = step_prompt(r, e->e->step);
	v[11] = e->e->critical ? "true" : "false", v[12] = n[0];
	v[13] = score_result_name(e->result);
	v[14] = e->value != NULL ? e->value : "";
	v[15] = e->value != NULL ? debrief_value_words(r, e) : "";
	v[16] = n[1], v[17] = "";
	report_row(v, csv);
}

static void
ack_row(const struct ack_score *a, const char **v, bool csv)
{
	char n[3][32];

	snprintf(n[0], sizeof(n[0]), "%ld", a->in->ack_points);
	snprintf(n[1], sizeof(n[1]), "%ld", a->points);
	snprintf(n[2], sizeof(n[2]), "%" PRId64, a->ms / 1000);
	v[9] = "", v[10] = "", v[11] = "false", v[12] = n[0];
	v[13] = score_result_name(a->result);
	v[14] = a->result != EXPECT_HIDDEN ? n[2] : "";
	v[15] = "", v[16] = n[1], v[17] = a->in->id;
	report_row(v, csv);
}

static void
report_rows(const struct xsession *s, const struct exercise *ex,
    const struct routine *r, const struct debrief *d, bool csv)
{
	size_t i, k;

	if (csv) {
		fputs(CSV_BOM, stdout);
		for (k = 0; k < REPORT_COLUMNS; k++)
			cmdline_csv_field(stdout, report_columns[k], k + 1 == REPORT_COLUMNS);
	}
	for (i = 0; i < d->count; i++) {
		const struct debrief_trainee *t = &d->trainees[i];
		const char *v[REPORT_COLUMNS];
		char n[3][32];

		if (t->run == NULL)
			continue;
		trainee_columns(s, ex, t, n, v);
		for (k = 0; k < t->score.count; k++)
			expectation_row(r, &t->score.items[k], v, csv);
		for (k = 0; k < t->score.ack_count; k++)
			ack_row(&t->score.acks[k], v, csv);
	}
}

/* The class's answers as a PDF, never over a file: 0, or the exit status
 * after a message (the file is then removed). */
static int
report_pdf(struct xcmd *x, const struct xsession *s, const struct exercise *ex,
    const struct routine *r, const struct debrief *db)
{
	struct exercise_report er;
	struct pdfdoc *d;
	char footer[256], made[32], err[512];

	memset(&er, 0, sizeof(er));
	er.session = s, er.ex = ex, er.routine = r, er.d = db;
	er.made = clock_now_ms();
	er.made_by = log_user(x->log);
	er.elapsed_ms = xstate_elapsed_ms(&x->st, s, er.made);
	when_format(made, sizeof(made), er.made);
	snprintf(footer, sizeof(footer), _("rutin, exercise \"%s\", made %s"), ex->title,
	    made);
	if ((d = pdfdoc_open(x->o.out, ex->title, footer, _("Page"), err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "rutin %s: ", x->cmd);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	exercise_report_draw(d, &er);
	if (!pdfdoc_close(d, err, sizeof(err))) {
		fprintf(stderr, "rutin %s: ", x->cmd);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
		return EXIT_FAILED;
	}
	printf(_("Wrote %s: the class's answers to %zu question(s), no names.\n"),
	    x->o.out, ex->expectation_count);
	return 0;
}

static int
exercise_report(struct xcmd *x, const char *arg)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct xsession *s;
	const struct routine *r;
	struct exercise *ex = NULL;
	struct debrief db;
	struct log_error err;
	const char *format = x->o.format != NULL ? x->o.format : "text";
	int rc;

	(void)arg;
	bool pdf = strcmp(format, "pdf") == 0;

	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "jsonl") != 0 && !pdf) {
		fprintf(stderr, _("rutin %s: --format is text, csv, jsonl or pdf\n"), x->cmd);
		return EXIT_USAGE;
	}
	if (pdf != (x->o.out != NULL)) {
		fprintf(stderr, "%s", pdf ? _("rutin exercise report: --format pdf writes "
		    "a file: give --out FILE.pdf\n") : _("rutin exercise report: --out is "
		    "for --format pdf; the other formats go to standard output\n"));
		return EXIT_USAGE;
	}
	if ((rc = xcmd_open(x)) != 0)
		return rc;
	if ((s = pick_session(x, true)) == NULL)
		return EXIT_FAILED;
	if (xsession_exercise(s, &ex, &d) != ROUTINE_OK) {
		diag_print(&d, s->title, stderr);
		diag_list_clear(&d);
		return EXIT_FAILED;
	}
	if ((r = catalog_find(&x->catalog, ex->routine_id)) == NULL) {
		fprintf(stderr, _("rutin %s: routine '%s' is not installed here; the runs "
		    "cannot be replayed\n"), x->cmd, ex->routine_id);
		exercise_free(&ex);
		return EXIT_FAILED;
	}
	if (debrief_load(x->log, &x->st, s, ex, r, clock_now_ms(), &db, &err) != LOG_OK) {
		exercise_free(&ex);
		return cmd_report(x->cmd, &err);
	}
	if (pdf)
		rc = report_pdf(x, s, ex, r, &db);
	else if (strcmp(format, "text") == 0)
		report_text(s, ex, r, &x->st, &db);
	else
		report_rows(s, ex, r, &db, strcmp(format, "csv") == 0);
	debrief_free(&db);
	exercise_free(&ex);
	if (rc != 0)
		return rc;
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(x->cmd);
}

/* ---- The entries (cmd.h) ---- */

/* Runs one of the group's commands, opening the log when it needs it. */
static int
xcmd_exec(struct cmd_ctx *c, int (*run)(struct xcmd *x, const char *operand))
{
	struct xcmd x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.cmd = c->cmd;
	x.c = c;
	x.o = c->o;
	rc = run(&x, c->argc > 0 ? c->argv[0] : NULL);
	xcmd_close(&x);
	return rc;
}

static int
start_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_start);
}

static int
end_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_end);
}

static int
inject_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_inject);
}

static int
pause_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_pause);
}

static int
resume_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_resume);
}

static int
message_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_message);
}

static int
restart_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_restart);
}

static int
report_exec(struct cmd_ctx *c)
{
	return xcmd_exec(c, exercise_report);
}

/* exercise_cmd and exercise_class_cmd, the interface: interactive.c. */
const struct cmd_entry exercise_list_cmd = {
	.group = "exercise", .name = "list", .usage = "",
	.summary = N_("the installed exercises"),
	.flags = CMD_NO_DB, .exec = list_exec,
};
const struct cmd_entry exercise_start_cmd = {
	.group = "exercise", .name = "start", .usage = "FILE|ID --db FILE [--routines DIR]",
	.summary = N_("a trainer starts an exercise in a training log (made if new)"),
	.missing = N_("give one operand; see rutin(1)"),
	.options = OPT_OPEN | OPT(ROUTINES), .min_operands = 1, .max_operands = 1,
	.flags = CMD_NAMED_DB, .role = CMD_MANAGER, .exec = start_exec,
};
const struct cmd_entry exercise_inject_cmd = {
	.group = "exercise", .name = "inject", .usage = "ID --db FILE [--to NAME] [--session ID]",
	.summary = N_("send an inject to every trainee, or one"),
	.missing = N_("give one operand; see rutin(1)"),
	.options = OPT_OPEN | OPT(SESSION) | OPT(TO), .min_operands = 1, .max_operands = 1,
	.flags = CMD_NAMED_DB, .role = CMD_MANAGER, .exec = inject_exec,
};
const struct cmd_entry exercise_end_cmd = {
	.group = "exercise", .name = "end", .usage = "--db FILE [--session ID]",
	.summary = N_("end the exercise session"),
	.options = OPT_OPEN | OPT(SESSION), .flags = CMD_NAMED_DB, .role = CMD_MANAGER,
	.exec = end_exec,
};
const struct cmd_entry exercise_pause_cmd = {
	.group = "exercise", .name = "pause", .usage = "--db FILE [--session ID]",
	.summary = N_("pause the whole class (the class's clock stops)"),
	.options = OPT_OPEN | OPT(SESSION), .flags = CMD_NAMED_DB, .role = CMD_MANAGER,
	.exec = pause_exec,
};
const struct cmd_entry exercise_resume_cmd = {
	.group = "exercise", .name = "resume", .usage = "--db FILE [--session ID]",
	.summary = N_("let the paused class go on"),
	.options = OPT_OPEN | OPT(SESSION), .flags = CMD_NAMED_DB, .role = CMD_MANAGER,
	.exec = resume_exec,
};
const struct cmd_entry exercise_message_cmd = {
	.group = "exercise", .name = "message",
	.usage = "TEXT --db FILE [--to NAME] [--session ID]",
	.summary = N_("send a message to every trainee, or one (checked by the guard)"),
	.missing = N_("give the message as one operand; see rutin(1)"),
	.options = OPT_OPEN | OPT(SESSION) | OPT(TO), .min_operands = 1, .max_operands = 1,
	.flags = CMD_NAMED_DB, .role = CMD_MANAGER, .exec = message_exec,
};
const struct cmd_entry exercise_restart_cmd = {
	.group = "exercise", .name = "restart", .usage = "NAME --db FILE [--session ID]",
	.summary = N_("set a trainee's run aside: she starts the exercise again"),
	.missing = N_("give one operand; see rutin(1)"),
	.options = OPT_OPEN | OPT(SESSION), .min_operands = 1, .max_operands = 1,
	.flags = CMD_NAMED_DB, .role = CMD_MANAGER, .exec = restart_exec,
};
const struct cmd_entry exercise_report_cmd = {
	.group = "exercise", .name = "report",
	.usage = "--db FILE [--session ID] [--format text|csv|jsonl|pdf --out FILE] "
	    "[--routines DIR]",
	.summary = N_("the debrief: each trainee's run scored against the expectations"),
	.options = OPT_OPEN | OPT(SESSION) | OPT(FORMAT) | OPT(OUT) | OPT(ROUTINES),
	.flags = CMD_NAMED_DB,
	.role = CMD_MANAGER, .exec = report_exec,
};

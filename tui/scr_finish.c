/* Finishing a run: its summary, what still stands in the way of
 * completing it (each a way back to its step, or a reason to give), and
 * completion. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "runlog/review.h"
#include "tui/app.h"
#include "tui/draw.h"

#define MAX_BLOCKERS 64

struct finish {
	int selected;  /* the highlighted blocker */
	int64_t seen_seq; /* the log's newest event when the run was read */
};

/* What a prompt of the finish screen is for. */
enum { FOR_DEVIATION };

static struct finish *
F(struct app *a)
{
	return app_state(a, SCR_FINISH);
}

static void
finish_enter(struct app *a)
{
	F(a)->selected = 0;
	F(a)->seen_seq = log_last_seq(a->rl.log);
	app_reread_second(a);
}

/* A second person may confirm from her own session while this shows. */
static void
finish_tick(struct app *a)
{
	int64_t last = log_last_seq(a->rl.log);

	if (last <= F(a)->seen_seq)
		return;
	F(a)->seen_seq = last;
	app_reread_second(a);
}

/* The automatic seal at the end of a run (seal_on_complete). */
static void
seal_after_run(struct app *a)
{
	char line[LOG_SEAL_LEN], why[512];

	if (!seals_send(a->rl.log, &a->opt.seals, line, why, sizeof(why)))
		app_message(a, true, _("The run is completed and logged, but sealing "
		    "failed: %s"), why);
	else
		app_message(a, false, "%s", _("The run is completed, logged and sealed."));
}

/* The finished run's findings into the cache, so the supervisors' queue
 * need not replay it (a failure only makes the queue slower). */
static void
cache_findings(struct app *a)
{
	struct log_run_filter f = { .id_prefix = a->rl.run_id };
	struct log_run_info *ri = NULL;
	struct review_counts c;
	struct log_error err;
	size_t n = 0;

	if (log_runs(a->rl.log, &f, &ri, &n, &err) == LOG_OK && n == 1)
		review_counts(a->rl.log, catalog_lookup_text, &a->catalog, ri, 1,
		    clock_now_ms(), &c);
	free(ri);
}

static void
complete(struct app *a)
{
	enum run_error e;

	app_reread_second(a); /* confirmed from her own session meanwhile? */
	e = run_complete(a->run);

	if (e != RUN_OK) {
		app_run_error(a, e);
		return;
	}
	cache_findings(a);
	run_free(&a->run);
	log_run_release(a->rl.log, a->rl.run_id);
	app_go(a, app_home(a));
	app_message(a, false, "%s", _("The run is completed and logged."));
	if (a->opt.seal_on_complete)
		seal_after_run(a);
}

/* Enter on a blocker: a reason to give here, or its step to go to. */
static void
open_blocker(struct app *a, const struct run_blocker *b)
{
	if (b->kind == BLOCK_NO_REASON) {
		app_prompt(a, FOR_DEVIATION, _("Reason for the deviation"), "", 0);
		return;
	}
	a->goto_step = (long)b->step;
	app_go(a, SCR_WALK);
}

static void
finish_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct finish *f = F(a);
	struct run_blocker b[MAX_BLOCKERS];
	size_t n = run_blockers(a->run, b, MAX_BLOCKERS);

	(void)ev;
	(void)ch;
	switch (act) {
	case ACT_UP:
		if (f->selected > 0)
			f->selected--;
		break;
	case ACT_DOWN:
		if (f->selected + 1 < (int)n)
			f->selected++;
		break;
	case ACT_SELECT:
	case ACT_DEVIATION:
		if (n > 0)
			open_blocker(a, &b[f->selected]);
		break;
	case ACT_FINISH:
		complete(a);
		break;
	case ACT_BACK:
		a->goto_step = WALK_AS_LEFT;
		app_go(a, SCR_WALK);
		break;
	default:
		break;
	}
}

/* The reason for the highlighted blocker's deviation. */
static enum run_error
finish_submit(struct app *a, int purpose, const char *text, unsigned flags,
    struct guard_result *g, const char **hint)
{
	struct run_blocker b[MAX_BLOCKERS];
	size_t n = run_blockers(a->run, b, MAX_BLOCKERS);
	const struct step *s;
	enum run_error e;

	(void)hint;
	if (purpose != FOR_DEVIATION || n == 0)
		return RUN_E_STATE;
	s = routine_step(run_routine(a->run), b[F(a)->selected < (int)n ?
	    F(a)->selected : 0].step);
	e = run_deviation(a->run, s->id, text, flags, g);
	if (e == RUN_OK)
		app_message(a, false, "%s", _("Saved in the log."));
	return e;
}

static void
finish_draw(struct app *a)
{
	struct finish *f = F(a);
	struct run_blocker b[MAX_BLOCKERS];
	struct run_summary sum;
	size_t n = run_blockers(a->run, b, MAX_BLOCKERS), i;
	char line[512];
	int y = 3;

	run_summarize(a->run, &sum);
	snprintf(line, sizeof(line), "%s · %s", _("Finish"), routine_title(run_routine(a->run)));
	app_draw_frame(a, line);
	snprintf(line, sizeof(line), _("Steps shown: %zu · done: %zu · not applicable: %zu · "
	    "skipped: %zu · open: %zu"), sum.visible, sum.answered, sum.not_applicable,
	    sum.skipped, sum.pending);
	y += draw_wrapped(y, 2, COLS - 4, 2, line, A_BOLD);
	snprintf(line, sizeof(line), _("Deviations: %zu · notes: %zu · time spent: %lld min"),
	    sum.deviations, sum.notes, (long long)(sum.active_ms / 60000));
	y += draw_wrapped(y, 2, COLS - 4, 2, line, sum.deviations ? term_attr(PAIR_WARN) : 0);
	y++;
	if (n == 0) {
		draw_wrapped(y, 2, COLS - 4, 2, _("Everything needed is done. f completes the "
		    "run and logs it."), term_attr(PAIR_OK));
		return;
	}
	draw_wrapped(y++, 2, COLS - 4, 1, _("Before the run can be completed:"), A_BOLD);
	if (f->selected >= (int)n)
		f->selected = (int)n - 1;
	for (i = 0; i < n && y < LINES - 3; i++, y++) {
		const struct step *s = routine_step(run_routine(a->run), b[i].step);
		const char *why = b[i].kind == BLOCK_STOP ? _("stop not acknowledged") :
		    b[i].kind == BLOCK_NO_REASON ? _("deviation: give a reason (Enter)") :
		    b[i].kind == BLOCK_SECOND ? _("waits for a second person (Enter, "
		    "then 2)") : _("not answered (required)");

		snprintf(line, sizeof(line), "%s – %s", why, s->prompt);
		draw_row(y, 2, COLS - 4, line, (int)i == f->selected);
	}
}

static const struct hint finish_hints[] = {
	{ ACT_SELECT, ACT_NONE, N_("reason or go to step") },
	{ ACT_FINISH, ACT_NONE, N_("complete") },
	HINTS_END
};

/* Its own, before the frame's (help, lock, quit). */
static const struct hint finish_always[] = {
	{ ACT_BACK, ACT_NONE, N_("back") },
	HINTS_END
};

const struct screen_ops finish_screen = {
	.name = "finish",
	.state_size = sizeof(struct finish),
	.keys = KEYS_MOVE | KEYS_DEVIATION | KEYS_FINISH,
	.hints = finish_hints,
	.always = finish_always,
	.enter = finish_enter,
	.tick = finish_tick,
	.draw = finish_draw,
	.key = finish_key,
	.submit = finish_submit,
};

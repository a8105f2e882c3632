/* A completed run's journal extract (report/journal.h), as `rutin summary`
 * prints it: lines short enough to copy into the case-management system's
 * journal, and `p` saves it as a PDF for the akt. Opening it and saving
 * the PDF are each in the access log, as the command's are. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "report/journal.h"
#include "runlog/review.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"

struct extract_view {
	char *text;              /* the extract, its lines ended by '\n' */
	char **lines;            /* into text */
	size_t n;
	int top;
};

enum { FOR_PDF };

static struct extract_view *
E(struct app *a)
{
	return app_state(a, SCR_EXTRACT);
}

static void
forget(struct extract_view *v)
{
	if (v->text != NULL)
		explicit_bzero(v->text, strlen(v->text));
	free(v->text);
	free(v->lines);
	memset(v, 0, sizeof(*v));
}

/* The extract's text, split into lines. */
static void
split(struct extract_view *v)
{
	char *p;

	v->lines = xcalloc(strlen(v->text) + 1, sizeof(*v->lines));
	for (p = v->text; *p != '\0';) {
		char *nl = strchr(p, '\n');

		v->lines[v->n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
}

/* Loads the run's extract; false, with a message, when it cannot. */
static bool
load(struct app *a, struct extract *x)
{
	const struct routine *r = catalog_find_text(&a->catalog, a->extract_run.routine_id,
	    a->extract_run.routine_hash);
	char msg[512];

	if (r == NULL) {
		app_message(a, true, _("The routine %s is not installed here: its extract "
		    "cannot be made."), a->extract_run.routine_id);
		return false;
	}
	if (extract_load(a->rl.log, &a->extract_run, r, x, msg, sizeof(msg)) != RUN_OK) {
		app_message(a, true, "%s", msg);
		return false;
	}
	return true;
}

static bool
record(struct app *a)
{
	struct log_error err;

	if (review_record_access(a->rl.log, ACCESS_READ_SUMMARY, a->extract_run.run_id,
	    &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return false;
	}
	return true;
}

static void
extract_enter(struct app *a)
{
	struct extract_view *v = E(a);
	struct extract x;
	size_t size = 0;
	FILE *f;

	forget(v);
	if (!load(a, &x)) {
		app_go(a, SCR_CASES);
		return;
	}
	/* In the access log before it is on the screen. */
	if (!record(a) || (f = open_memstream(&v->text, &size)) == NULL) {
		extract_free(&x);
		app_go(a, SCR_CASES);
		return;
	}
	journal_write_text(&x, f);
	extract_free(&x);
	if (fclose(f) != 0) {
		forget(v);
		app_message(a, true, "%s", _("The extract could not be made: out of memory."));
		app_go(a, SCR_CASES);
		return;
	}
	split(v);
}

static void
extract_leave(struct app *a)
{
	forget(E(a));
}

static int
page_rows(void)
{
	return LINES - 5;
}

static void
extract_draw(struct app *a)
{
	struct extract_view *v = E(a);
	char title[256];
	int y, last = (int)v->n - page_rows();

	snprintf(title, sizeof(title), _("rutin · journal extract · %s"),
	    a->extract_run.case_ref);
	app_draw_frame(a, title);
	if (v->top > last)
		v->top = last > 0 ? last : 0;
	for (y = 0; y < page_rows() && v->top + y < (int)v->n; y++)
		draw_text(2 + y, 2, COLS - 3, v->lines[v->top + y]);
	if ((int)v->n > page_rows()) {
		char where[96];

		snprintf(where, sizeof(where), _("lines %d–%d of %zu"), v->top + 1,
		    v->top + y, v->n);
		draw_text(LINES - 3, COLS - 2 - (int)strlen(where), (int)strlen(where) + 1,
		    where);
	}
}

/* A name for the PDF in her home folder: the day and the run, never the
 * case reference (a file name is seen by more than the file). */
static void
default_path(const struct app *a, char *buf, size_t size)
{
	const char *home = getenv("HOME");
	char day[16];
	time_t t = clock_now();
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(buf, size, "%s/journalutdrag-%s-%.8s.pdf", home && *home ? home : ".",
	    day, a->extract_run.run_id);
}

static void
extract_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct extract_view *v = E(a);
	char path[1024];

	(void)ev;
	(void)ch;
	if (list_move(&v->top, (int)v->n, page_rows(), act))
		return;
	if (act == ACT_BACK) {
		app_go(a, SCR_CASES); /* where she was: the cases screen keeps it */
	} else if (act == ACT_PDF) {
		default_path(a, path, sizeof(path));
		app_prompt(a, FOR_PDF, _("Save the journal extract as PDF (a new file)"), path, 0);
	}
}

/* The path typed: the PDF made (never over a file), logged, written. */
static enum run_error
extract_submit(struct app *a, int purpose, const char *path, unsigned flags,
    struct guard_result *g, const char **hint)
{
	static char why[1024];
	struct journal_pdf *p;
	const struct routine *r;
	struct extract x;
	char msg[512];

	(void)flags;
	(void)g;
	if (purpose != FOR_PDF)
		return RUN_E_STATE;
	if ((p = journal_pdf_create(path, clock_now_ms(), why, sizeof(why))) == NULL) {
		*hint = why;
		return RUN_E_TEXT;
	}
	r = catalog_find_text(&a->catalog, a->extract_run.routine_id,
	    a->extract_run.routine_hash);
	if (r == NULL || extract_load(a->rl.log, &a->extract_run, r, &x, msg,
	    sizeof(msg)) != RUN_OK) {
		journal_pdf_discard(p);
		snprintf(why, sizeof(why), "%s", r == NULL ? _("the routine is not installed "
		    "here") : msg);
		*hint = why;
		return RUN_E_TEXT;
	}
	if (!record(a)) {
		journal_pdf_discard(p);
		extract_free(&x);
		return RUN_E_LOG;
	}
	if (!journal_pdf_write(p, &x, why, sizeof(why))) {
		extract_free(&x);
		*hint = why;
		return RUN_E_TEXT;
	}
	extract_free(&x);
	app_message(a, false, _("Saved %s (the extract is in the access log)."), path);
	return RUN_OK;
}

static const struct hint extract_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("scroll") },
	{ ACT_PDF, ACT_NONE, N_("save as PDF") },
	{ ACT_BACK, ACT_NONE, N_("back") },
	HINTS_END
};

const struct screen_ops extract_screen = {
	.name = "extract",
	.state_size = sizeof(struct extract_view),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS | KEYS_EXTRACT,
	.hints = extract_hints,
	.fini = extract_leave,
	.enter = extract_enter,
	.leave = extract_leave,
	.draw = extract_draw,
	.key = extract_key,
	.submit = extract_submit,
};

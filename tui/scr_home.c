/* Home: the caseworker's runs returned to her, the deadlines of her
 * unfinished runs (soonest first), her unfinished runs, then the routines
 * by area, filtered by typing. The lists are read again
 * when the log grows (a supervisor returned a run), once a second
 * without a key. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "common/clock.h"
#include "common/when.h"
#include "runlog/diffwords.h"
#include "runlog/due.h"
#include "runlog/review.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/list.h"

struct home {
	struct input filter;
	struct log_run_info *open_runs; /* hers, not finished */
	size_t open_run_count;
	/* hers, completed, returned by a supervisor: to correct */
	struct log_run_info *returned;
	struct review_note *returned_notes;
	size_t returned_count;
	struct due_item *due;           /* her unfinished runs' deadlines not met */
	size_t due_count;
	size_t due_unknown;             /* runs whose deadlines cannot be known */
	int selected;
	const struct routine *pending; /* asked a case reference for */
	int64_t seen_seq;              /* the log's newest event when read */
	size_t unreleased;             /* routine files not offered: the log
	                                * runs released texts only */
	size_t second;                 /* colleagues' steps waiting for her as
	                                * their second person */
	char *changes;                 /* F6's box: the changed files in words,
	                                * or NULL when it is closed */
	int changes_scroll;
};

enum { FOR_CASE_REF };

static struct home *
H(struct app *a)
{
	return app_state(a, SCR_HOME);
}

struct entry {
	int run;                     /* index in open_runs, or -1 */
	int returned;                /* index in returned, or -1 */
	int due;                     /* index in due (run is its run), or -1 */
	const struct routine *routine;
	bool second;                 /* the row that opens the steps waiting for
	                              * her as the second person */
};

/* Whether the filter keeps a run: its case reference or routine title. */
static bool
keeps_run(struct home *h, const struct log_run_info *ri, const struct routine *r)
{
	return input_matches(&h->filter, ri->case_ref) ||
	    (r != NULL && input_matches(&h->filter, routine_title(r)));
}

/* Whether a new run of `r` may start here: a live log that has released
 * routines starts runs of released texts only (db/releases.c refuses
 * the others; here they are not offered). */
static bool
released(struct app *a, const struct routine *r)
{
	char hash[65];

	if (log_is_training(a->rl.log) || !log_releases_adopted(a->rl.log))
		return true;
	routine_hash_hex(r, hash);
	return log_routine_released(a->rl.log, hash);
}

static size_t
entries(struct app *a, struct entry *out, size_t max)
{
	struct home *h = H(a);
	size_t n = 0, i;

	if (h->second > 0 && h->filter.len == 0 && n < max)
		out[n++] = (struct entry){ -1, -1, -1, NULL, true };
	for (i = 0; i < h->returned_count && n < max; i++) {
		const struct routine *r = catalog_find_text(&a->catalog, h->returned[i].routine_id,
		    h->returned[i].routine_hash);

		if (keeps_run(h, &h->returned[i], r))
			out[n++] = (struct entry){ -1, (int)i, -1, r, false };
	}
	for (i = 0; i < h->due_count && n < max; i++) {
		const struct log_run_info *ri = &h->open_runs[h->due[i].run];
		const struct routine *r = catalog_find_text(&a->catalog, ri->routine_id,
		    ri->routine_hash);

		if (keeps_run(h, ri, r) || input_matches(&h->filter, h->due[i].d->title))
			out[n++] = (struct entry){ (int)h->due[i].run, -1, (int)i, r,
			    false };
	}
	for (i = 0; i < h->open_run_count && n < max; i++) {
		const struct routine *r = catalog_find_text(&a->catalog, h->open_runs[i].routine_id,
		    h->open_runs[i].routine_hash);

		if (keeps_run(h, &h->open_runs[i], r))
			out[n++] = (struct entry){ (int)i, -1, -1, r, false };
	}
	h->unreleased = 0;
	for (i = 0; i < a->catalog.count && n < max; i++) {
		const struct routine *r = a->catalog.routines[i];

		if (!released(a, r)) {
			h->unreleased++;
			continue;
		}
		if (input_matches(&h->filter, routine_title(r)) ||
		    input_matches(&h->filter, routine_id(r)))
			out[n++] = (struct entry){ -1, -1, -1, r, false };
	}
	return n;
}

static void
forget_runs(struct home *h)
{
	free(h->open_runs);
	free(h->returned);
	free(h->returned_notes);
	free(h->due);
	h->open_runs = h->returned = NULL;
	h->returned_notes = NULL;
	h->due = NULL;
	h->open_run_count = h->returned_count = h->due_count = h->due_unknown = 0;
}

/* Her runs a supervisor returned, each with its comment. */
static void
load_returned(struct app *a, struct home *h)
{
	struct log_run_filter f = { .account = log_user(a->rl.log),
		.review = review_state_word(REVIEW_RETURNED),
		.status = run_status_word(RUN_COMPLETED) };
	struct log_error err;
	size_t i;

	if (log_runs(a->rl.log, &f, &h->returned, &h->returned_count, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	h->returned_notes = xcalloc(h->returned_count + 1, sizeof(*h->returned_notes));
	for (i = 0; i < h->returned_count; i++)
		if (review_last(a->rl.log, h->returned[i].run_id, &h->returned_notes[i],
		    &err) != LOG_OK)
			app_message(a, true, "%s", err.message);
}

/* The deadlines of her unfinished runs not met yet. */
static void
load_due(struct app *a, struct home *h)
{
	const struct routine **routines = xcalloc(h->open_run_count + 1, sizeof(*routines));
	char msg[512];
	size_t i;

	for (i = 0; i < h->open_run_count; i++)
		routines[i] = catalog_find_text(&a->catalog, h->open_runs[i].routine_id,
		    h->open_runs[i].routine_hash);
	if (due_of_runs(a->rl.log, h->open_runs, routines, h->open_run_count,
	    clock_now_ms(), &h->due, &h->due_count, &h->due_unknown, msg,
	    sizeof(msg)) != RUN_OK)
		app_message(a, true, "%s", msg);
	free(routines);
}

/* How many of them are past due at `now`. */
static size_t
overdue_count(const struct home *h, int64_t now)
{
	size_t i, n = 0;

	for (i = 0; i < h->due_count; i++)
		n += h->due[i].due < now;
	return n;
}

/* Reads her runs from the log. */
static void
load_runs(struct app *a, struct home *h)
{
	struct log_error err;

	forget_runs(h);
	h->seen_seq = log_last_seq(a->rl.log);
	load_returned(a, h);
	if (log_open_runs(a->rl.log, log_user(a->rl.log), &h->open_runs,
	    &h->open_run_count, &err) != LOG_OK)
		app_message(a, true, "%s", err.message);
	load_due(a, h);
	h->second = app_second_waiting(a);
}

static void
home_enter(struct app *a)
{
	struct home *h = H(a);

	load_runs(a, h);
	h->selected = 0;
	input_clear(&h->filter);
}

/* The selected entry's run id ("" for a routine) and routine. */
static void
selection(struct app *a, char run_id[LOG_ID_LEN], const struct routine **r)
{
	struct home *h = H(a);
	struct entry list[256];
	size_t n = entries(a, list, 256);
	const struct entry *e = h->selected < (int)n ? &list[h->selected] : NULL;

	run_id[0] = '\0';
	*r = e != NULL ? e->routine : NULL;
	if (e != NULL && e->returned >= 0)
		snprintf(run_id, LOG_ID_LEN, "%s", h->returned[e->returned].run_id);
	else if (e != NULL && e->run >= 0)
		snprintf(run_id, LOG_ID_LEN, "%s", h->open_runs[e->run].run_id);
}

/* Selects that entry again after the lists were read anew. */
static void
reselect(struct app *a, const char *run_id, const struct routine *r)
{
	struct home *h = H(a);
	struct entry list[256];
	size_t n = entries(a, list, 256), i;

	for (i = 0; i < n; i++) {
		const char *id = list[i].returned >= 0 ? h->returned[list[i].returned].run_id :
		    list[i].run >= 0 ? h->open_runs[list[i].run].run_id : "";

		if (strcmp(id, run_id) == 0 && list[i].routine == r) {
			h->selected = (int)i;
			return;
		}
	}
}

static bool
was_returned(const char (*ids)[LOG_ID_LEN], size_t n, const char *run_id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], run_id) == 0)
			return true;
	return false;
}

/* The log grew: her lists again, the selection kept, and a run newly
 * returned to her said on the message line. */
static void
home_tick(struct app *a)
{
	struct home *h = H(a);
	int64_t seq = log_last_seq(a->rl.log);
	char (*before)[LOG_ID_LEN], run_id[LOG_ID_LEN];
	const struct routine *r;
	size_t n, i;

	if (seq < 0 || seq == h->seen_seq)
		return;
	selection(a, run_id, &r);
	n = h->returned_count;
	before = xcalloc(n + 1, sizeof(*before));
	for (i = 0; i < n; i++)
		snprintf(before[i], LOG_ID_LEN, "%s", h->returned[i].run_id);
	load_runs(a, h);
	reselect(a, run_id, r);
	for (i = 0; i < h->returned_count; i++)
		if (!was_returned((const char (*)[LOG_ID_LEN])before, n, h->returned[i].run_id))
			app_message(a, false, _("%s was returned to you by %s: it is first in "
			    "the list."), h->returned[i].case_ref, h->returned_notes[i].by);
	free(before);
}

static void
home_fini(struct app *a)
{
	forget_runs(H(a));
	free(H(a)->changes);
}

/* F6 (supervisors): each routine file changed on disk, and what it would
 * change in the released text that runs (runlog/diffwords.h), the
 * changes that can make it protect less first. A caller frees it. */
static char *
changes_text(struct app *a)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	for (i = 0; i < a->catalog.changed; i++) {
		const char *path = a->catalog.changed_names[i];
		struct diag_list d = DIAG_LIST_INIT;
		struct routine *file = NULL;
		const struct routine *released;

		fprintf(f, "%s\n", path);
		if (routine_load_file(path, &file, &d) != ROUTINE_OK)
			fprintf(f, _("  no longer a valid routine (rutin lint %s says why)\n"),
			    path);
		else if ((released = catalog_find(&a->catalog, routine_id(file))) != NULL)
			diffwords_write(f, released, file);
		diag_list_clear(&d);
		routine_free(&file);
		fputc('\n', f);
	}
	fprintf(f, "%s\n", _("Release a file after reading it: rutin routines release "
	    "FILE; or put the released text back in its place."));
	fclose(f);
	return buf;
}

/* The box's lines from `scroll` on, wrapped. */
static void
draw_changes(const struct home *h)
{
	int y, x, rows = LINES - 4, w = COLS - 4, row, skip = h->changes_scroll;
	const char *line = h->changes;

	draw_center_box(_(" Routine files changed, not released (Esc closes) "), rows, w,
	    &y, &x);
	row = y + 1;
	while (line != NULL && *line != '\0' && row < y + rows - 1) {
		const char *end = strchr(line, '\n');
		char *one = end != NULL ? xstrndup(line, (size_t)(end - line)) : xstrdup(line);

		if (skip-- <= 0)
			row += one[0] != '\0' ? draw_wrapped(row, x + 2, w - 4,
			    y + rows - 1 - row, one, one[0] == '!' ? term_attr(PAIR_WARN) : 0) : 1;
		free(one);
		line = end != NULL ? end + 1 : NULL;
	}
}

/* How many lines the text has. */
static int
line_count(const char *text)
{
	int n = 1;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* Keys while F6's box is open; false when it is not. */
static bool
changes_key(struct home *h, enum action act)
{
	int step = act == ACT_PAGE_UP || act == ACT_PAGE_DOWN ? 10 : 1;

	if (h->changes == NULL)
		return false;
	if (act == ACT_DOWN || act == ACT_PAGE_DOWN) {
		h->changes_scroll += step;
		if (h->changes_scroll >= line_count(h->changes))
			h->changes_scroll = line_count(h->changes) - 1;
	} else if (act == ACT_UP || act == ACT_PAGE_UP) {
		h->changes_scroll = h->changes_scroll > step ? h->changes_scroll - step : 0;
	} else if (act == ACT_BACK || act == ACT_SELECT || act == ACT_CHANGES) {
		free(h->changes);
		h->changes = NULL;
	}
	return true;
}

/* Whether a line says what routine files are not offered (1) or not (0). */
static int
hidden_line(struct app *a)
{
	return a->catalog.invalid > 0 || H(a)->unreleased > 0 ||
	    (a->catalog.changed > 0 && log_role(a->rl.log) == ROLE_SUPERVISOR);
}

/* Routine files with errors are not offered: say which (rutin lint says
 * what is wrong); nor are those not released in this log: say how many,
 * and a supervisor which changed on disk. */
static void
draw_invalid(struct app *a)
{
	const struct home *h = H(a);
	char line[512];
	size_t i, used = 0;

	line[0] = '\0';
	/* A supervisor sees which files changed on disk: the released text
	 * runs until she releases theirs (rutin routines diff, release). */
	for (i = 0; log_role(a->rl.log) == ROLE_SUPERVISOR && i < a->catalog.changed &&
	    used < sizeof(line); i++) {
		const char *name = strrchr(a->catalog.changed_names[i], '/');

		used += (size_t)snprintf(line + used, sizeof(line) - used, i == 0 ?
		    _("Changed on disk, not released (F6 shows how): %s") : ", %s",
		    name != NULL ? name + 1 : a->catalog.changed_names[i]);
		if (i + 1 == a->catalog.changed && used < sizeof(line))
			used += (size_t)snprintf(line + used, sizeof(line) - used, ". ");
	}
	if (h->unreleased > 0 && used < sizeof(line))
		used += (size_t)snprintf(line + used, sizeof(line) - used, P_("%zu routine "
		    "file is not released in this log, not shown (a supervisor: rutin "
		    "routines list). ", "%zu routine files are not released in this log, "
		    "not shown (a supervisor: rutin routines list). ", h->unreleased),
		    h->unreleased);
	if (a->catalog.invalid > 0 && used < sizeof(line))
		used += (size_t)snprintf(line + used, sizeof(line) - used, P_("%zu routine "
		    "file has errors, not shown (rutin lint):", "%zu routine files have "
		    "errors, not shown (rutin lint):", a->catalog.invalid), a->catalog.invalid);
	for (i = 0; i < a->catalog.invalid && used < sizeof(line); i++) {
		const char *name = strrchr(a->catalog.invalid_names[i], '/');

		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s",
		    i ? ", " : " ", name ? name + 1 : a->catalog.invalid_names[i]);
	}
	attron(term_attr(PAIR_WARN));
	draw_text(LINES - 3, 1, COLS - 2, line);
	attroff(term_attr(PAIR_WARN));
}

/* Runs whose deadlines cannot be known (their routine is not installed
 * or has changed): said, never shown as if nothing were due. */
static void
draw_due_unknown(const struct home *h, int y)
{
	char line[256];

	snprintf(line, sizeof(line), P_("Deadlines of %zu run not known: its routine "
	    "changed or is not here.", "Deadlines of %zu runs not known: their routine "
	    "changed or is not here.", h->due_unknown), h->due_unknown);
	attron(term_attr(PAIR_WARN));
	draw_text(y, 1, COLS - 2, line);
	attroff(term_attr(PAIR_WARN));
}

/* A deadline's row: the case, what is due, the time left or past; a
 * deadline past due in the warning colour. */
static void
draw_due(const struct home *h, const struct entry *e, int64_t now, int y, bool selected)
{
	const struct due_item *d = &h->due[e->due];
	const struct log_run_info *ri = &h->open_runs[d->run];
	char line[512], span[64], when[32];
	bool late = d->due < now;

	when_span(span, sizeof(span), d->due - now);
	when_format(when, sizeof(when), d->due);
	/* What she must see first comes first: a narrow screen cuts the
	 * routine's title, never the time. */
	if (late)
		snprintf(line, sizeof(line), _("  %s · overdue by %s · %s (%s) · %s"),
		    ri->case_ref, span, d->d->title, when,
		    e->routine ? routine_title(e->routine) : ri->routine_id);
	else
		snprintf(line, sizeof(line), _("  %s · %s left · %s (%s) · %s"), ri->case_ref,
		    span, d->d->title, when,
		    e->routine ? routine_title(e->routine) : ri->routine_id);
	if (late && !selected)
		attron(term_attr(PAIR_WARN));
	draw_row(y, 0, COLS - 1, line, selected);
	if (late && !selected)
		attroff(term_attr(PAIR_WARN));
}

static void
home_draw(struct app *a)
{
	struct home *h = H(a);
	struct entry list[256];
	size_t n = entries(a, list, 256), i;
	int y = 3, top = 3, first = 0,
	    bottom = LINES - 3 - hidden_line(a) - (h->due_unknown > 0);
	char line[512];
	int last_area = -1;
	bool runs_heading = false, routines_heading = false, returned_heading = false,
	    due_heading = false;
	int64_t now = clock_now_ms();

	/* The header counts what needs her: runs returned to her, deadlines
	 * not met, runs of hers not finished (issue 22). */
	if (h->returned_count > 0 || h->open_run_count > 0) {
		char title[256];
		size_t late = overdue_count(h, now);

		if (late > 0)
			snprintf(title, sizeof(title), _("rutin · returned to you: %zu · due: %zu, "
			    "%zu overdue · unfinished: %zu"), h->returned_count, h->due_count,
			    late, h->open_run_count);
		else
			snprintf(title, sizeof(title), _("rutin · returned to you: %zu · due: %zu "
			    "· unfinished: %zu"), h->returned_count, h->due_count,
			    h->open_run_count);
		app_draw_frame(a, title);
	} else {
		app_draw_frame(a, _("rutin · choose a routine or resume a run"));
	}
	if (h->selected >= (int)n)
		h->selected = n > 0 ? (int)n - 1 : 0;
	attron(A_BOLD);
	mvaddstr(2, 1, _("Filter:"));
	attroff(A_BOLD);
	input_draw(&h->filter, 2, 10, 40, false);
	if (hidden_line(a))
		draw_invalid(a);
	if (h->due_unknown > 0)
		draw_due_unknown(h, LINES - 3 - hidden_line(a));
	/* Keep the selection on screen: headings take rows too, roughly. */
	if (h->selected > bottom - top - 6)
		first = h->selected - (bottom - top - 6);
	for (i = 0; i < n && y < bottom; i++) {
		const struct entry *e = &list[i];

		if (e->second) {
			snprintf(line, sizeof(line), P_("%zu step waits for you as the second "
			    "person: Enter shows it", "%zu steps wait for you as the second "
			    "person: Enter shows them", h->second), h->second);
			if ((int)i != h->selected)
				attron(term_attr(PAIR_WARN));
			draw_row(y++, 0, COLS - 1, line, (int)i == h->selected);
			if ((int)i != h->selected)
				attroff(term_attr(PAIR_WARN));
			y++;
			continue;
		}
		if (e->returned >= 0 && !returned_heading) {
			attron(A_BOLD | A_UNDERLINE);
			mvaddstr(y++, 1, _("Returned to you for correction"));
			attroff(A_BOLD | A_UNDERLINE);
			returned_heading = true;
		}
		if (e->due >= 0 && !due_heading) {
			if (returned_heading)
				y++;
			attron(A_BOLD | A_UNDERLINE);
			mvaddstr(y++, 1, _("Deadlines, soonest first"));
			attroff(A_BOLD | A_UNDERLINE);
			due_heading = true;
		}
		if (e->run >= 0 && e->due < 0 && !runs_heading) {
			if (returned_heading || due_heading)
				y++;
			attron(A_BOLD | A_UNDERLINE);
			mvaddstr(y++, 1, _("Runs to resume"));
			attroff(A_BOLD | A_UNDERLINE);
			runs_heading = true;
		}
		if (e->run < 0 && e->returned < 0 && !routines_heading) {
			if (runs_heading || returned_heading || due_heading)
				y++;
			routines_heading = true;
		}
		if (e->run < 0 && e->returned < 0 && (int)routine_area(e->routine) != last_area &&
		    y < bottom) {
			last_area = (int)routine_area(e->routine);
			attron(A_BOLD | A_UNDERLINE);
			mvaddstr(y++, 1, catalog_area_title(routine_area(e->routine)));
			attroff(A_BOLD | A_UNDERLINE);
		}
		if ((int)i < first || y >= bottom)
			continue;
		if (e->returned >= 0) {
			const struct log_run_info *ri = &h->returned[e->returned];
			const struct review_note *rn = &h->returned_notes[e->returned];

			snprintf(line, sizeof(line), _("  %s · %s · returned by %s: %s"),
			    ri->case_ref, e->routine ? routine_title(e->routine) : ri->routine_id,
			    rn->by, rn->comment);
			draw_text_one_line(line);
		} else if (e->due >= 0) {
			draw_due(h, e, now, y++, (int)i == h->selected);
			continue;
		} else if (e->run >= 0) {
			const struct log_run_info *ri = &h->open_runs[e->run];
			time_t t = (time_t)(ri->last_activity / 1000);
			char when[32];
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
			snprintf(line, sizeof(line), "  %s · %s · %s · %s", ri->case_ref,
			    e->routine ? routine_title(e->routine) : ri->routine_id,
			    run_status_of(ri->status) == RUN_PAUSED ? _("paused") : _("open"), when);
		} else {
			snprintf(line, sizeof(line), "  %s", routine_title(e->routine));
		}
		draw_row(y++, 0, COLS - 1, line, (int)i == h->selected);
	}
	if (a->catalog.count == 0 && h->filter.len == 0) {
		size_t d;

		y += 1;
		draw_text(y++, 3, COLS - 6, _("No routines were found. rutin looked in:"));
		for (d = 0; d < a->opt.routine_dir_count && y < LINES - 4; d++)
			draw_text(y++, 5, COLS - 8, a->opt.routine_dirs[d]);
		draw_text(y + 1, 3, COLS - 6, _("Install the routines there, or start rutin "
		    "with --routines DIR."));
	} else if (n == 0) {
		mvaddstr(4, 3, _("Nothing matches the filter."));
	}
	input_draw(&h->filter, 2, 10, 40, true);
	if (h->changes != NULL)
		draw_changes(h);
}

static void
resume(struct app *a, const struct log_run_info *ri, const struct routine *r)
{
	char case_ref[sizeof(ri->case_ref)];

	if (!app_resume_run(a, ri, r))
		return;
	/* ri is the home screen's, which entering the walk does not touch;
	 * copied all the same, as nothing says it must stay. */
	snprintf(case_ref, sizeof(case_ref), "%s", ri->case_ref);
	a->goto_step = WALK_AT_CURRENT;
	app_go(a, SCR_WALK);
	app_message(a, false, _("Resumed %s where it was left."), case_ref);
}

/* A returned run: opened again (run.reopened) to correct, with new
 * events; finishing it again sends it back to the supervisors. */
static void
correct(struct app *a, const struct log_run_info *ri, const struct review_note *rn,
    const struct routine *r)
{
	char by[sizeof(rn->by)], comment[sizeof(rn->comment)];
	long step;

	if (!app_take_run(a, ri, r, true))
		return;
	if (run_reopen(a->run) != RUN_OK) {
		app_drop_run(a);
		return;
	}
	/* Copies: entering the walk leaves home, whose lists these are. */
	snprintf(by, sizeof(by), "%s", rn->by);
	snprintf(comment, sizeof(comment), "%s", rn->comment);
	/* At the step the return is about, when it names one she can see. */
	step = rn->step[0] != '\0' ? routine_find_step(r, rn->step) : -1;
	a->goto_step = step >= 0 && run_step_visible(a->run, (size_t)step) ? step :
	    WALK_AT_CURRENT;
	app_go(a, SCR_WALK);
	app_message(a, false, _("Returned by %s: %s (correct it, then f finishes)"), by,
	    comment);
}

/* The case reference typed: start a run of the routine chosen. */
static enum run_error
home_submit(struct app *a, int purpose, const char *case_ref, unsigned flags,
    struct guard_result *g, const char **hint)
{
	struct run_io io = runlog_io(&a->rl);
	enum run_error e;

	(void)hint;
	if (purpose != FOR_CASE_REF)
		return RUN_E_STATE;

	log_new_id(a->rl.run_id);
	/* A new run is this session's from its first event. */
	log_run_take(a->rl.log, a->rl.run_id, false, NULL);
	e = run_start(H(a)->pending, log_is_training(a->rl.log) ? RUN_TRAINING :
	    RUN_LIVE, case_ref, flags | (log_second_person_on(a->rl.log) ?
	    RUN_SECOND_ON : 0), &io, &a->run, g);
	if (e == RUN_OK) {
		a->goto_step = WALK_AT_CURRENT;
		app_go(a, SCR_WALK);
	}
	return e;
}

static void
home_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct home *h = H(a);
	struct entry list[256];
	size_t n = entries(a, list, 256);

	if (changes_key(h, act))
		return;
	if (list_move(&h->selected, (int)n, 10, act))
		return;
	switch (act) {
	case ACT_CHANGES:
		if (log_role(a->rl.log) == ROLE_SUPERVISOR && a->catalog.changed > 0) {
			h->changes = changes_text(a);
			h->changes_scroll = 0;
		}
		break;
	case ACT_CASES:
		app_go(a, SCR_CASES);
		break;
	case ACT_BACK:
		input_clear(&h->filter);
		break;
	case ACT_SWITCH:
		if (log_role(a->rl.log) == ROLE_SUPERVISOR)
			app_go(a, SCR_QUEUE);
		else
			app_message(a, true, "%s", _("The review queue is for supervisors."));
		break;
	case ACT_SELECT:
		if (n == 0)
			break;
		if (list[h->selected].second) {
			app_go(a, SCR_SECOND);
		} else if (list[h->selected].returned >= 0) {
			correct(a, &h->returned[list[h->selected].returned],
			    &h->returned_notes[list[h->selected].returned],
			    list[h->selected].routine);
		} else if (list[h->selected].run >= 0) {
			resume(a, &h->open_runs[list[h->selected].run], list[h->selected].routine);
		} else {
			char title[256];

			h->pending = list[h->selected].routine;
			snprintf(title, sizeof(title), _("Case reference for %s"),
			    routine_title(h->pending));
			app_prompt(a, FOR_CASE_REF, title, "", 0);
		}
		break;
	default:
		if (input_key(&h->filter, ev, ch))
			h->selected = 0;
		break;
	}
}

/* F6 for a supervisor while routine files differ from their releases. */
static unsigned
home_more_keys(const struct app *a)
{
	return a->rl.log != NULL && log_role(a->rl.log) == ROLE_SUPERVISOR &&
	    a->catalog.changed > 0 ? KEYS_CHANGES : 0;
}

/* Typing filters: letters are text, '?' still opens help. */
static enum typing
home_typing(const struct app *a)
{
	(void)a;
	return TYPING_NAMES;
}

static struct input *
home_field(struct app *a, bool *multiline)
{
	*multiline = false;
	return &H(a)->filter;
}

static const struct hint home_hints[] = {
	{ ACT_UP, ACT_DOWN, N_("choose") },
	{ ACT_SELECT, ACT_NONE, N_("start/resume") },
	{ ACT_NONE, ACT_NONE, N_("type to filter") },
	HINTS_END
};

/* Her own cases are one key away on every home, however narrow. */
static const struct hint home_always[] = {
	{ ACT_CASES, ACT_NONE, N_("my cases") },
	HINTS_END
};


const struct screen_ops home_screen = {
	.name = "home",
	.state_size = sizeof(struct home),
	.keys = KEYS_MOVE | KEYS_PAGE | KEYS_ENDS | KEYS_SWITCH | KEYS_CASES,
	.more_keys = home_more_keys,
	.hints = home_hints,
	.always = home_always,
	.fini = home_fini,
	.enter = home_enter,
	.draw = home_draw,
	.tick = home_tick,
	.key = home_key,
	.submit = home_submit,
	.typing = home_typing,
	.field = home_field,
};

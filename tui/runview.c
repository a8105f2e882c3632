/* Drawing a run: the outline of its steps beside one step in full. It
 * takes a `const struct run *` and the step to show, never the app, so
 * the walk and a read-only view of a replayed run draw it alike. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/when.h"
#include "runlog/words.h"
#include "tui/draw.h"
#include "tui/runview.h"

/* The mark beside a step in the outline. */
static const char *
step_mark(const struct run *run, size_t i)
{
	bool u = term_utf8();

	if (run_step_halts(run, i))
		return u ? "■" : "S";
	/* A critical step left open is only a deviation at the end; a
	 * skipped one is one now. */
	if (run_step_is_deviation(run, i) &&
	    run_step_status(run, i) == STEP_SKIPPED)
		return "!";
	if (run_step_awaits_second(run, i))
		return "2"; /* a second person's key: 2 */
	switch (run_step_status(run, i)) {
	case STEP_ANSWERED: return u ? "✓" : "x";
	case STEP_NOT_APPLICABLE: return u ? "∅" : "/";
	case STEP_SKIPPED: return u ? "–" : "-";
	case STEP_PENDING: break;
	}
	return u ? "·" : ".";
}

int
runview_outline_width(int cols)
{
	int w = cols * 2 / 5;

	return cols <= 100 || w < 32 ? 32 : w > 60 ? 60 : w;
}

static void
draw_outline(const struct run *run, size_t step, int top, int bottom)
{
	const struct routine *r = run_routine(run);
	size_t i, sec = (size_t)-1;
	int y = top, rows = 0, first = 0;

	/* Count rows up to the selected step, to scroll it into view. */
	for (i = 0; i < routine_step_count(r) && i <= step; i++) {
		if (!run_step_visible(run, i))
			continue;
		if (routine_step(r, i)->section != sec) {
			rows++;
			sec = routine_step(r, i)->section;
		}
		rows++;
	}
	if (rows > bottom - top)
		first = rows - (bottom - top);
	sec = (size_t)-1;
	rows = 0;
	for (i = 0; i < routine_step_count(r) && y < bottom; i++) {
		const struct step *s = routine_step(r, i);
		char line[256];

		if (!run_step_visible(run, i))
			continue;
		if (s->section != sec) {
			sec = s->section;
			if (rows++ >= first) {
				draw_wrapped(y, 1, runview_outline_width(COLS) - 2, 1,
				    routine_section(r, sec)->title, A_BOLD);
				y++;
			}
		}
		if (rows++ < first || y >= bottom)
			continue;
		snprintf(line, sizeof(line), "%s %s", step_mark(run, i), s->prompt);
		draw_row(y++, 1, runview_outline_width(COLS) - 1, line, i == step);
	}
}

static int
count_visible(const struct run *run, size_t upto, int *total)
{
	size_t i, n = routine_step_count(run_routine(run));
	int pos = 0;

	*total = 0;
	for (i = 0; i < n; i++)
		if (run_step_visible(run, i)) {
			(*total)++;
			if (i <= upto)
				pos++;
		}
	return pos;
}

/* Who the step's second person is to be ("a colleague"), translated. */
const char *
runview_second_who(enum second_person who)
{
	return who == SECOND_SUPERVISOR ? _("a supervisor") : _("a colleague");
}

int
runview_second_line(const struct run *run, size_t i, int y, int x, int w)
{
	enum second_person who = run_step_second(run, i);
	const char *by;
	char line[512], when[64];
	int64_t at;

	if (who == SECOND_NONE)
		return 0;
	if ((by = run_step_confirmed_by(run, i, &at)) != NULL) {
		when_format(when, sizeof(when), at);
		snprintf(line, sizeof(line), _("Confirmed by %s, the second person, %s."),
		    by, when);
		return draw_wrapped(y, x, w, 2, line, term_attr(PAIR_OK));
	}
	if (run_step_awaits_second(run, i)) {
		snprintf(line, sizeof(line), _("Waits for a second person (%s, not the one "
		    "who answered): 2 lets her confirm here with her account, or she "
		    "confirms from her own session. The run cannot be completed before."),
		    runview_second_who(who));
		return draw_wrapped(y, x, w, 3, line, term_attr(PAIR_WARN));
	}
	snprintf(line, sizeof(line), _("A second person (%s) confirms the answer."),
	    runview_second_who(who));
	return draw_wrapped(y, x, w, 2, line, term_attr(PAIR_DIM));
}

static void
draw_step(const struct run *run, size_t i, int top, int bottom, int right)
{
	const struct routine *r = run_routine(run);
	const struct step *s = routine_step(r, i);
	size_t k;
	int x = runview_outline_width(COLS) + 2, w = right - x - 1, y = top, total;
	char line[1024];
	const char *v = run_step_value(run, i);

	int pos = count_visible(run, i, &total);

	/* Where the step is and whether it is critical come first: the
	 * section's title is what gives way on a narrow screen. */
	snprintf(line, sizeof(line), _("Step %d of %d%s · %s"), pos, total,
	    s->critical ? _(" · critical") : "", routine_section(r, s->section)->title);
	attron(term_attr(PAIR_DIM));
	draw_text(y++, x, w, line);
	attroff(term_attr(PAIR_DIM));
	y++;
	/* The prompt whole when the pane has the rows; … when it does not. */
	y += draw_wrapped(y, x, w, bottom - y - 6 > 5 ? bottom - y - 6 : 5, s->prompt, A_BOLD);
	y++;
	switch (run_step_status(run, i)) {
	case STEP_ANSWERED:
		snprintf(line, sizeof(line), _("Answer: %s"), words_answer(s, v));
		/* A long text answer takes the rows the pane has; … when cut. */
		y += draw_wrapped(y, x, w, bottom - y - 4 > 3 ? bottom - y - 4 : 3, line,
		    term_attr(PAIR_OK));
		break;
	case STEP_NOT_APPLICABLE:
		snprintf(line, sizeof(line), _("Not applicable: %s"), v);
		y += draw_wrapped(y, x, w, 3, line, 0);
		break;
	case STEP_SKIPPED:
		snprintf(line, sizeof(line), _("Skipped: %s"), v);
		y += draw_wrapped(y, x, w, 3, line, term_attr(PAIR_WARN));
		break;
	case STEP_PENDING:
		snprintf(line, sizeof(line), "%s", s->kind == STEP_CHECK ?
		    _("Not done yet: Enter marks it done.") : s->kind == STEP_YESNO ?
		    _("Not answered: y yes, n no, or Enter.") : s->kind == STEP_CHOICE ?
		    _("Not answered: Enter to choose.") : s->kind == STEP_DATE ?
		    _("Not answered: Enter to give a date.") : _("Not answered: Enter to write."));
		y += draw_wrapped(y, x, w, 2, line, 0);
		break;
	}
	y += runview_second_line(run, i, y, x, w);
	if (run_step_is_deviation(run, i) &&
	    (run_step_status(run, i) == STEP_SKIPPED ||
	    run_step_deviation(run, i) != NULL)) {
		const char *dev = run_step_deviation(run, i);

		if (dev != NULL)
			snprintf(line, sizeof(line), _("Deviation: %s"), dev);
		else
			snprintf(line, sizeof(line), "%s", _("Deviation: a reason is needed (d)."));
		y += draw_wrapped(y, x, w, 3, line, term_attr(PAIR_ERROR));
	}
	for (k = 0; k < run_note_count(run) && y < bottom; k++) {
		size_t at;
		const char *note = run_note_text(run, k, &at);

		if (at != i)
			continue;
		snprintf(line, sizeof(line), _("Note: %s"), note);
		y += draw_wrapped(y, x, w, bottom - y, line, term_attr(PAIR_DIM));
	}
	if (s->help != NULL && y + 1 < bottom)
		draw_wrapped(y + 1, x, w, bottom - y - 1, _("i: why this step matters, and "
		    "its references"), term_attr(PAIR_DIM));
}

void
runview_draw_in(const struct run *run, size_t step, int top, int bottom, int right)
{
	draw_vline(top, runview_outline_width(COLS), bottom - top);
	draw_outline(run, step, top, bottom);
	draw_step(run, step, top, bottom, right);
}

void
runview_draw(const struct run *run, size_t step, int top, int bottom)
{
	runview_draw_in(run, step, top, bottom, COLS);
}

void
runview_title(const struct run *run, char *out, size_t size)
{
	/* The case reference first: it must always be seen. */
	snprintf(out, size, "%s · %s", run_case_ref(run), routine_title(run_routine(run)));
}

/* The main loop, the frame every screen shares, the boxes over every
 * screen, and the moves between screens (the screens: tui/screen.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "runlog/second.h"
#include "tui/app.h"
#include "tui/draw.h"

#define MIN_COLS 80
#define MIN_ROWS 24

static const struct screen_ops *const screens[SCR_COUNT] = {
#define X(id, ops) [SCR_##id] = &ops,
	SCREENS(X)
#undef X
};

void *
app_state(struct app *a, enum screen_id id)
{
	return a->state[id];
}

const void *
app_state_const(const struct app *a, enum screen_id id)
{
	return a->state[id];
}

void
app_go(struct app *a, enum screen_id id)
{
	if (screens[a->screen]->leave != NULL)
		screens[a->screen]->leave(a);
	a->screen = id;
	if (screens[id]->enter != NULL)
		screens[id]->enter(a);
}

/* The key groups of the current screen, now. */
static unsigned
screen_keys(const struct app *a)
{
	const struct screen_ops *ops = screens[a->screen];

	return ops->keys | (ops->more_keys != NULL ? ops->more_keys(a) : 0);
}

static enum typing
screen_typing(const struct app *a)
{
	return screens[a->screen]->typing != NULL ? screens[a->screen]->typing(a) :
	    TYPING_NONE;
}

void
app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof(a->message), fmt, ap);
	va_end(ap);
	a->message_is_error = error;
}

void
app_prompt(struct app *a, int purpose, const char *title, const char *initial,
    unsigned flags)
{
	a->modal = MODAL_PROMPT;
	a->modal_serial++;
	a->purpose = purpose;
	a->prompt_flags = flags;
	snprintf(a->prompt_title, sizeof(a->prompt_title), "%s", title);
	a->prompt_error[0] = '\0';
	input_set(&a->prompt, initial);
}

void
app_run_error(struct app *a, enum run_error e)
{
	if (e == RUN_E_LOG)
		app_message(a, true, "%s: %s", run_error_message(e), a->rl.error.message);
	else
		app_message(a, true, "%s", run_error_message(e));
}

/* "KEY label" of a hint into out; false when its key does not work now. */
static bool
hint_text(const struct hint *h, unsigned groups, enum typing typing, char *out,
    size_t size)
{
	const char *key = h->act != ACT_NONE ? keys_label(h->act, groups, typing) : "";
	const char *also = h->also != ACT_NONE ? keys_label(h->also, groups, typing) : "";

	if (key == NULL || also == NULL)
		return false;
	snprintf(out, size, "%s%s%s%s", key, also, *key ? " " : "", _(h->label));
	return true;
}

/* The hints of a list added to `out` with " · ", but for `skip`'s. */
static void
hints_join(const struct hint *h, unsigned groups, enum typing typing,
    enum action skip, char *out, size_t size)
{
	char one[128];
	size_t used = strlen(out);

	for (; h != NULL && h->label != NULL && used < size; h++)
		if ((skip == ACT_NONE || h->act != skip) &&
		    hint_text(h, groups, typing, one, sizeof(one)))
			used += (size_t)snprintf(out + used, size - used, "%s%s",
			    used ? " · " : "", one);
}

/* What every status line ends with, after the screen's own `always`
 * (Esc where it leaves): help, the panic key, quit. */
static const struct hint frame_always[] = {
	{ ACT_HELP, ACT_NONE, N_("keys") },
	{ ACT_PANIC, ACT_NONE, N_("lock") },
	{ ACT_QUIT, ACT_NONE, N_("quit") },
	HINTS_END
};

/* The hints of `hints` (joined by " · ") that fit whole in `width`
 * columns, with " …" after them when some did not: a hint is never cut
 * in the middle of a word. Into out. */
static void
whole_hints(const char *hints, int width, char *out, size_t size)
{
	const char *sep = " · ", *p = hints, *next;
	size_t keep = 0;
	char *try;

	if (draw_text_width(hints) <= width) {
		snprintf(out, size, "%s", hints);
		return;
	}
	try = xstrdup(hints);
	while ((next = strstr(p, sep)) != NULL) {
		try[next - hints] = '\0';
		if (draw_text_width(try) + 2 > width)
			break;
		keep = (size_t)(next - hints);
		memcpy(try, hints, strlen(hints) + 1);
		p = next + strlen(sep);
	}
	free(try);
	snprintf(out, size, "%.*s%s", (int)keep, hints, keep > 0 ? " …" : "…");
}

/* The status line, from the key table: this screen's keys on the left,
 * as many whole hints as fit and "…" after them, and on the right the ones that must
 * always be seen (help, the panic key, quit; Esc where it leaves). */
static void
draw_status_line(struct app *a)
{
	const struct screen_ops *ops = screens[a->screen];
	enum typing typing = a->modal == MODAL_PROMPT ? TYPING_ALL : screen_typing(a);
	struct status_line *line = &a->status[a->screen][typing];
	char left[sizeof(line->left)];
	int rw;

	if (!line->made) {
		line->left[0] = line->right[0] = '\0';
		hints_join(ops->hints, ops->keys, typing, ACT_NONE, line->left,
		    sizeof(line->left));
		hints_join(ops->always, ops->keys, typing, ACT_NONE, line->right,
		    sizeof(line->right));
		/* Before the log is open there is nothing to lock. */
		hints_join(frame_always, ops->keys, typing, a->unlocked ? ACT_NONE : ACT_PANIC,
		    line->right, sizeof(line->right));
		line->made = true;
	}
	rw = draw_text_width(line->right);
	whole_hints(line->left, COLS - rw - 5, left, sizeof(left));
	attron(term_attr(PAIR_TITLE));
	mvhline(LINES - 1, 0, ' ', COLS);
	draw_text(LINES - 1, COLS - 1 - rw, rw, line->right);
	draw_text(LINES - 1, 1, COLS - rw - 5, left);
	mvaddnwstr(LINES - 1, COLS - rw - 3, term_utf8() ? L"·" : L"|", 1);
	attroff(term_attr(PAIR_TITLE));
}

void
app_draw_frame(struct app *a, const char *title)
{
	const char *user = a->rl.log ? log_user(a->rl.log) : "";
	int room = COLS - 4 - (int)strlen(user); /* the title leaves the name room */

	erase();
	attron(term_attr(PAIR_TITLE));
	mvhline(0, 0, ' ', COLS);
	draw_text(0, 1, room > COLS / 2 ? room : COLS / 2, title);
	if (*user != '\0') {
		char who[96];

		snprintf(who, sizeof(who), "%s", user);
		draw_text(0, COLS - 1 - (int)strlen(who), (int)strlen(who), who);
	}
	attroff(term_attr(PAIR_TITLE));
	/* The demo is a training log before it is even unlocked. */
	if ((a->rl.log != NULL && log_is_training(a->rl.log)) ||
	    (a->rl.log == NULL && a->opt.demo_pass != NULL)) {
		attron(term_attr(PAIR_BANNER));
		mvhline(1, 0, ' ', COLS);
		draw_text(1, 1, COLS - 2, _("ÖVNING – training log: no live cases, nothing here is real"));
		attroff(term_attr(PAIR_BANNER));
	}
	if (a->message[0] != '\0') {
		attr_t attr = term_attr(a->message_is_error ? PAIR_ERROR : PAIR_OK);

		attron(attr);
		draw_text(LINES - 2, 1, COLS - 2, a->message);
		attroff(attr);
	}
	draw_status_line(a);
}

/* ---- Modals ---- */

/* Whether help lists a binding on this screen. */
static bool
help_lists(const struct app *a, const struct binding *b)
{
	return b->what != NULL && (b->group & (screen_keys(a) | KEYS_ALL)) != 0;
}

/* Every key of this screen, from the key table. */
static void
help_draw(struct app *a)
{
	const struct binding *b;
	int y, h = LINES - 4, row = 0, rows = 0, shown = h - 2;
	char names[64];

	for (b = keys_bindings; b->action != ACT_NONE; b++)
		rows += help_lists(a, b);
	if (a->help_scroll > rows - shown)
		a->help_scroll = rows > shown ? rows - shown : 0;
	draw_box(2, 4, h, COLS - 8, rows > shown ?
	    _("Keys (↑↓ scroll · Esc closes · man rutin)") :
	    _("Keys (Esc closes; see man rutin)"));
	for (b = keys_bindings; b->action != ACT_NONE; b++) {
		if (!help_lists(a, b) || row++ < a->help_scroll)
			continue;
		y = 3 + row - 1 - a->help_scroll;
		if (y >= 2 + h - 1)
			break;
		keys_names(b, names, sizeof(names));
		attron(A_BOLD);
		draw_text(y, 6, 14, names);
		attroff(A_BOLD);
		draw_text(y, 21, COLS - 31, _(b->what));
	}
	/* Say that there is more, above or below. */
	attron(A_BOLD);
	if (a->help_scroll + shown < rows)
		draw_text(2 + h - 1, COLS - 22, 14, _(" ↓ more "));
	if (a->help_scroll > 0)
		draw_text(2, COLS - 22, 14, _(" ↑ more "));
	attroff(A_BOLD);
}

/* The prompt's field: one row, or PROMPT_ROWS for a text that keeps its
 * line breaks (a note, a text answer), the cursor drawn last. */
#define PROMPT_ROWS 5

static void
prompt_field(struct app *a, int y, int w, int rows)
{
	attron(A_UNDERLINE);
	if (rows > 1)
		input_draw_rows(&a->prompt, y, 6, w - 4, rows, true);
	else
		input_draw(&a->prompt, y, 6, w - 4, true);
	attroff(A_UNDERLINE);
}

static void
prompt_draw(struct app *a)
{
	int rows = a->prompt_flags & PROMPT_MULTILINE ? PROMPT_ROWS : 1;
	int w = COLS - 8, h = 6 + rows + (a->prompt_error[0] ? 3 : 0), top = LINES / 2 - h / 2;

	draw_box(top, 4, h, w, a->prompt_title);
	draw_text(top + 2, 6, w - 4, _("Enter saves · Esc cancels · never a personal identity number"));
	if (a->prompt_error[0]) {
		prompt_field(a, top + 4, w, rows);
		draw_wrapped(top + 5 + rows, 6, w - 4, 3, a->prompt_error, term_attr(PAIR_ERROR));
	}
	prompt_field(a, top + 4, w, rows);
}

/* Each kind of question: its box's title, what "y" and "n" do, and what
 * is said when the answer is no (NULL: back to the prompt, to edit). */
static const struct {
	const char *title, *keys, *declined;
} confirm_kinds[CONFIRM_KIND_COUNT] = {
	[CONFIRM_TEXT] = { N_("Check the text"), N_("y: log it as it is · n or Esc: edit it"),
		NULL },
	[CONFIRM_ANSWER] = { N_("Check the answer"), N_("y: keep the answer (a supervisor "
		"will see it) · n or Esc: change it"), N_("Not saved: choose the answer "
		"again.") },
	[CONFIRM_DECISION] = { N_("Check before you go on"), N_("y: go on all the same · "
		"n or Esc: do not"), N_("Not done: nothing was logged.") },
};

static void
confirm_draw(struct app *a)
{
	int w = COLS - 8, y = LINES / 2 - 4;

	draw_box(y, 4, 10, w, _(confirm_kinds[a->confirm_kind].title));
	draw_wrapped(y + 2, 6, w - 4, 5, a->confirm_message, term_attr(PAIR_WARN));
	draw_text(y + 8, 6, w - 4, _(confirm_kinds[a->confirm_kind].keys));
}

static void
locked_draw(struct app *a)
{
	char line[160];

	erase();
	snprintf(line, sizeof(line), _("Locked. Passphrase for %s:"),
	    a->rl.log ? log_user(a->rl.log) : "");
	draw_text(LINES / 2 - 2, 4, COLS - 8, line);
	attron(A_UNDERLINE);
	input_draw(&a->lock_pass, LINES / 2, 4, 40, true);
	attroff(A_UNDERLINE);
	if (a->lock_error[0]) {
		attron(term_attr(PAIR_ERROR));
		draw_text(LINES / 2 + 2, 4, COLS - 8, a->lock_error);
		attroff(term_attr(PAIR_ERROR));
	}
}

/* Blanks everything and asks for the passphrase again. */
static void
app_lock(struct app *a)
{
	if (a->rl.log == NULL) { /* nothing to hide but what the screen holds */
		screens[a->screen]->key(a, ACT_PANIC, TERM_CHAR, 0);
		return;
	}
	if (a->modal == MODAL_LOCKED)
		return;
	a->under_lock = a->modal;
	a->modal = MODAL_LOCKED;
	term_paste_mode(false);
	input_wipe(&a->lock_pass);
	a->lock_pass.secret = true;
	a->lock_error[0] = '\0';
	clear(); /* a full repaint: nothing of the case stays on screen */
}

static void
locked_key(struct app *a, enum term_event ev, wint_t ch)
{
	struct log_error err;
	enum action act = keys_action(ev, ch, KEYS_ALL, TYPING_ALL);
	char *pass;

	if (act != ACT_SELECT) {
		input_key(&a->lock_pass, ev, ch);
		return;
	}
	pass = input_utf8(&a->lock_pass);
	input_wipe(&a->lock_pass);
	draw_text(LINES / 2 + 2, 4, COLS - 8, _("Checking…"));
	refresh();
	if (log_check_passphrase(a->rl.log, pass, strlen(pass), &err) == LOG_OK) {
		a->modal = a->under_lock;
		a->message[0] = '\0'; /* said before the lock: old news now */
		term_paste_mode(true);
		clear();
	} else {
		snprintf(a->lock_error, sizeof(a->lock_error), "%s", _("Wrong passphrase."));
	}
	sodium_memzero(pass, strlen(pass));
	free(pass);
}

static void
confirm_open(struct app *a, enum confirm_kind kind, int purpose, char *text,
    const char *message)
{
	free(a->confirm_text);
	a->confirm_text = text;
	a->confirm_kind = kind;
	a->purpose = purpose;
	snprintf(a->confirm_message, sizeof(a->confirm_message), "%s",
	    message != NULL ? message : "");
	a->modal = MODAL_CONFIRM;
	a->modal_serial++;
}

void
app_confirm_answer(struct app *a, int purpose, const char *answer,
    const char *message)
{
	confirm_open(a, CONFIRM_ANSWER, purpose, xstrdup(answer), message);
}

void
app_confirm_decision(struct app *a, int purpose, const char *text, const char *message)
{
	confirm_open(a, CONFIRM_DECISION, purpose, xstrdup(text), message);
}

/* Puts the prompt's cursor on what the guard found (the refused number
 * when there is one) and marks it, with the guard's sentence and what
 * the keys do. */
static void
mark_hit(struct app *a, const struct guard_result *g, const char *why)
{
	const struct guard_finding *f = &g->findings[0];
	size_t i;

	for (i = 0; i < g->count; i++)
		if (g->findings[i].kind <= GUARD_COORDINATION_NUMBER) {
			f = &g->findings[i];
			break;
		}
	if (g->count > 0)
		input_mark(&a->prompt, f->offset, f->length);
	snprintf(a->prompt_error, sizeof(a->prompt_error), "%s %s", why,
	    _("It is marked: Backspace removes it, or type over it."));
}

/* Sends a prompt's text where it belongs; handles the guard's answers. */
static void
prompt_submit(struct app *a, char *text, unsigned flags)
{
	struct guard_result g;
	const char *hint = NULL;
	enum run_error e;
	char *why;

	unsigned serial = a->modal_serial;

	memset(&g, 0, sizeof(g));
	e = screens[a->screen]->submit(a, a->purpose, text, flags, &g, &hint);
	if (e == RUN_OK) {
		/* Done, unless the screen asked something more. */
		if (a->modal_serial == serial &&
		    (a->modal == MODAL_PROMPT || a->modal == MODAL_CONFIRM))
			a->modal = MODAL_NONE;
		free(text);
		return;
	}
	if (e == RUN_E_CONFIRM) {
		why = guard_explain(&g);
		confirm_open(a, CONFIRM_TEXT, a->purpose, text, why);
		a->confirm_hit = g.count > 0 ? g.findings[0] : (struct guard_finding){ 0 };
		free(why);
		return;
	}
	a->modal = MODAL_PROMPT;
	input_set(&a->prompt, text);
	why = e == RUN_E_REFUSED ? guard_explain(&g) : NULL;
	if (why != NULL)
		mark_hit(a, &g, why);
	else if (e == RUN_E_LOG)
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s: %s",
		    run_error_message(e), a->rl.error.message);
	else if (hint != NULL)
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s", hint);
	else
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s", run_error_message(e));
	free(why);
	free(text);
}

static void
modal_key(struct app *a, enum term_event ev, wint_t ch)
{
	enum action act = keys_action(ev, ch, KEYS_MOVE, a->modal == MODAL_PROMPT ?
	    TYPING_ALL : TYPING_NONE);

	switch (a->modal) {
	case MODAL_HELP:
		if (act == ACT_DOWN)
			a->help_scroll++;
		else if (act == ACT_UP && a->help_scroll > 0)
			a->help_scroll--;
		else if (act == ACT_BACK || act == ACT_SELECT || act == ACT_HELP)
			a->modal = a->under_help;
		break;
	case MODAL_PROMPT:
		if (act == ACT_BACK) {
			a->modal = MODAL_NONE;
		} else if (act == ACT_SELECT && term_burst()) {
			/* Enter with more keys already waiting: a paste from a
			 * terminal without bracketed paste. A line break, never
			 * the end of the field (the rest would be commands). */
			input_paste(&a->prompt, L"\n", 1, a->prompt_flags & PROMPT_MULTILINE);
		} else if (act == ACT_SELECT) {
			prompt_submit(a, input_utf8(&a->prompt), 0);
		} else {
			input_key(&a->prompt, ev, ch);
		}
		break;
	case MODAL_CONFIRM:
		if (ev == TERM_CHAR && (ch == L'y' || ch == L'j')) {
			char *text = a->confirm_text;

			a->confirm_text = NULL;
			prompt_submit(a, text, RUN_CONFIRMED);
		} else if ((act == ACT_BACK || (ev == TERM_CHAR && ch == L'n')) &&
		    confirm_kinds[a->confirm_kind].declined != NULL) {
			free(a->confirm_text);
			a->confirm_text = NULL;
			a->modal = MODAL_NONE;
			app_message(a, false, "%s", _(confirm_kinds[a->confirm_kind].declined));
		} else if (act == ACT_BACK || (ev == TERM_CHAR && ch == L'n')) {
			a->modal = MODAL_PROMPT;
			input_set(&a->prompt, a->confirm_text);
			if (a->confirm_kind == CONFIRM_TEXT && a->confirm_hit.length > 0) {
				struct guard_result g = { GUARD_FLAGGED, 1, { a->confirm_hit } };

				mark_hit(a, &g, a->confirm_message);
			}
		}
		break;
	default:
		break;
	}
}

/* ---- Leaving, pasting ---- */

/* Every way out pauses an open run first: F10 on any screen, in any box,
 * on the lock screen or the "too small" screen; a signal; the end. */
static void
app_quit(struct app *a)
{
	if (a->run != NULL)
		app_leave_run(a);
	a->quit = true;
}

bool
app_take_run(struct app *a, const struct log_run_info *ri, const struct routine *r,
    bool correcting)
{
	struct log_error err;
	char msg[512];

	if (r == NULL) {
		app_message(a, true, correcting ? _("The routine %s is not installed here; "
		    "the run cannot be corrected.") : _("The routine %s is not installed here; "
		    "the run cannot be resumed."), ri->routine_id);
		return false;
	}
	/* One session at a time on a run: another terminal of hers, or a
	 * colleague's, may have it open. */
	if (log_run_take(a->rl.log, ri->run_id, false, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return false;
	}
	snprintf(a->rl.run_id, sizeof(a->rl.run_id), "%s", ri->run_id);
	if (runlog_restore(&a->rl, r, &a->run, msg, sizeof(msg)) != RUN_OK) {
		log_run_release(a->rl.log, ri->run_id);
		app_message(a, true, "%s", msg);
		return false;
	}
	return true;
}

const struct routine *
app_run_routine(struct app *a, const struct log_run_info *ri)
{
	const struct routine *r = catalog_find_text(&a->catalog, ri->routine_id,
	    ri->routine_hash);
	char hash[2 * ROUTINE_HASH_BYTES + 1];

	if (r == NULL)
		return NULL;
	routine_hash_hex(r, hash);
	return strcmp(hash, ri->routine_hash) == 0 ? r : NULL;
}

size_t
app_second_waiting(struct app *a)
{
	struct log_run_info *runs = NULL;
	const struct routine **routines;
	struct second_item *items = NULL;
	struct log_error err;
	size_t n = 0, count = 0, unknown, i;
	char msg[512];

	if (log_open_runs(a->rl.log, NULL, &runs, &n, &err) != LOG_OK)
		return 0; /* said by the screen that lists the runs */
	routines = xcalloc(n + 1, sizeof(*routines));
	for (i = 0; i < n; i++)
		routines[i] = app_run_routine(a, &runs[i]);
	if (second_waiting(a->rl.log, runs, routines, n, log_user(a->rl.log),
	    log_role(a->rl.log), &items, &count, &unknown, msg, sizeof(msg)) != RUN_OK)
		count = 0;
	second_items_free(items, count);
	free(routines);
	free(runs);
	return count;
}

void
app_reread_second(struct app *a)
{
	const struct routine *r = run_routine(a->run);
	struct run *fresh = NULL;
	char msg[512];
	size_t i;
	bool waits = false;

	for (i = 0; i < routine_step_count(r) && !waits; i++)
		waits = run_step_awaits_second(a->run, i);
	if (!waits)
		return;
	if (runlog_restore(&a->rl, r, &fresh, msg, sizeof(msg)) != RUN_OK) {
		app_message(a, true, "%s", msg);
		return;
	}
	for (i = 0; i < routine_step_count(r); i++)
		if (run_step_awaits_second(a->run, i) && !run_step_awaits_second(fresh, i) &&
		    run_step_confirmed_by(fresh, i, NULL) != NULL)
			app_message(a, false, _("%s confirmed \"%s\" as the second person."),
			    run_step_confirmed_by(fresh, i, NULL), routine_step(r, i)->prompt);
	run_free(&a->run);
	a->run = fresh;
}

void
app_drop_run(struct app *a)
{
	app_message(a, true, "%s: %s", run_error_message(RUN_E_LOG), a->rl.error.message);
	log_run_release(a->rl.log, a->rl.run_id);
	run_free(&a->run);
}

bool
app_resume_run(struct app *a, const struct log_run_info *ri, const struct routine *r)
{
	if (!app_take_run(a, ri, r, false))
		return false;
	if (run_status(a->run) == RUN_PAUSED && run_resume(a->run) != RUN_OK) {
		app_drop_run(a);
		return false;
	}
	return true;
}

enum screen_id
app_home(const struct app *a)
{
	return a->opt.mode == APP_TRAINEE ? SCR_XJOIN : SCR_HOME;
}

void
app_leave_run(struct app *a)
{
	if (run_status(a->run) == RUN_ACTIVE && run_pause(a->run) != RUN_OK)
		app_run_error(a, RUN_E_LOG);
	else
		app_message(a, false, "%s", _("The run is paused; choose it to resume."));
	if (a->rl.log != NULL)
		log_run_release(a->rl.log, a->rl.run_id);
	run_free(&a->run);
	if (a->rl.log != NULL)
		app_go(a, app_home(a));
}

/* The text field a paste goes into, or NULL; *multiline for a note. */
static struct input *
pasted_into(struct app *a, bool *multiline)
{
	*multiline = false;
	switch (a->modal) {
	case MODAL_LOCKED:
		return &a->lock_pass;
	case MODAL_PROMPT:
		*multiline = a->prompt_flags & PROMPT_MULTILINE;
		return &a->prompt;
	case MODAL_NONE:
		break;
	default:
		return NULL;
	}
	return screens[a->screen]->field != NULL ? screens[a->screen]->field(a, multiline) :
	    NULL;
}

/* A paste is text, never keys: it goes into the open field, or nowhere. */
static void
app_paste(struct app *a)
{
	size_t len, dropped, left;
	const wchar_t *text = term_paste_text(&len, &dropped);
	bool multiline;
	struct input *field = pasted_into(a, &multiline);

	if (field == NULL) {
		app_message(a, true, "%s", _("Pasted text goes only into a text field; "
		    "nothing was done. Open one first (a note: a)."));
		return;
	}
	left = input_paste(field, text, len, multiline) + dropped;
	if (left > 0)
		app_message(a, true, _("The pasted text was cut: the last %zu characters "
		    "did not fit (a field holds %d)."), left, INPUT_MAX);
	/* The screen's own field changed: a filter reads its list again. */
	if (a->modal == MODAL_NONE)
		screens[a->screen]->key(a, ACT_NONE, TERM_PASTE, 0);
}

/* ---- The loop ---- */

static void
draw(struct app *a)
{
	curs_set(0);
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		char line[160];

		erase();
		snprintf(line, sizeof(line), _("%sThe terminal is too small: %dx%d. rutin "
		    "needs at least %dx%d."), a->rl.log != NULL && log_is_training(a->rl.log) ?
		    _("ÖVNING. ") : "", COLS, LINES, MIN_COLS, MIN_ROWS);
		draw_wrapped(LINES / 2 - 1, 1, COLS - 2, 3, line, A_BOLD);
		refresh();
		return;
	}
	if (a->modal == MODAL_LOCKED) {
		locked_draw(a);
		refresh();
		return;
	}
	screens[a->screen]->draw(a);
	if (a->modal == MODAL_PROMPT || (a->modal == MODAL_HELP &&
	    a->under_help == MODAL_PROMPT))
		prompt_draw(a);
	else if (a->modal == MODAL_CONFIRM || (a->modal == MODAL_HELP &&
	    a->under_help == MODAL_CONFIRM))
		confirm_draw(a);
	if (a->modal == MODAL_HELP)
		help_draw(a);
	refresh();
}

/* Ctrl-C: in a box, what is typed is kept and the keys that end it are
 * said; elsewhere the first asks, and a second in a row quits (pausing
 * a run, as F10 does). */
static void
app_interrupt(struct app *a)
{
	if (a->modal == MODAL_LOCKED)
		return;
	if (a->modal == MODAL_PROMPT) {
		app_message(a, false, "%s", _("Ctrl-C copies nothing here, and what "
		    "you typed is kept: Enter saves it, Esc closes the box without "
		    "it."));
		return;
	}
	if (a->interrupted) {
		app_quit(a);
		return;
	}
	a->interrupted = true;
	app_message(a, false, "%s", _("Press Ctrl-C again to quit rutin (a run is "
	    "paused and kept); any other key stays."));
}

static void
handle(struct app *a, enum term_event ev, wint_t ch)
{
	enum action act = keys_action(ev, ch, screen_keys(a),
	    a->modal == MODAL_PROMPT || a->modal == MODAL_LOCKED ? TYPING_ALL :
	    screen_typing(a));

	if (ev == TERM_KEYCODE && ch == KEY_RESIZE) {
		clear();
		return;
	}
	if (ev == TERM_PASTE) {
		app_paste(a);
		return;
	}
	if (act == ACT_QUIT) {
		app_quit(a);
		return;
	}
	if (act == ACT_INTERRUPT) {
		app_interrupt(a);
		return;
	}
	a->interrupted = false;
	if (a->modal == MODAL_LOCKED) {
		locked_key(a, ev, ch);
		return;
	}
	if (act == ACT_PANIC) {
		app_lock(a);
		return;
	}
	if (act == ACT_REDRAW) {
		clear();
		return;
	}
	if (act == ACT_HELP && a->modal != MODAL_HELP) {
		/* Over a box, not instead of it: Esc comes back to it. */
		a->under_help = a->modal;
		a->modal = MODAL_HELP;
		a->help_scroll = 0;
		return;
	}
	if (COLS < MIN_COLS || LINES < MIN_ROWS)
		return;
	if (a->modal != MODAL_NONE) {
		modal_key(a, ev, ch);
		return;
	}
	a->message[0] = '\0';
	screens[a->screen]->key(a, act, ev, ch);
}

/* Every session ends with a seal when the config asks for it
 * (seal_on_close) and the log holds events after its newest seal: so the
 * unsealed tail is never longer than the sessions still open (db/FORMAT.md,
 * "What verify cannot detect"). The screen is gone, so a failure is said
 * on stderr. */
static void
seal_at_close(struct app *a)
{
	char line[LOG_SEAL_LEN], why[512];

	if (!a->opt.seal_on_close || a->rl.log == NULL || !a->unlocked ||
	    log_sealed_to_end(a->rl.log))
		return;
	if (!seals_send(a->rl.log, &a->opt.seals, line, why, sizeof(why))) {
		fprintf(stderr, "rutin: %s", _("sealing at the end of the session failed: "));
		utf8_write_visible(stderr, why);
		fputc('\n', stderr);
	}
}

/* What went wrong with the account's own chain (db/own.c) is said once
 * more as the session ends, on stderr, so it is not lost with the screen. */
static void
own_problem_at_close(struct app *a)
{
	const char *p;

	log_own_save(a->rl.log);
	p = a->rl.log != NULL ? log_own_problem(a->rl.log) : NULL;
	if (p == NULL)
		return;
	fputs(_("rutin: warning: "), stderr);
	utf8_write_visible(stderr, p);
	fputc('\n', stderr);
}

/* Each screen's state, made once for the session. */
static void
screens_init(struct app *a)
{
	int i;

	for (i = 0; i < SCR_COUNT; i++) {
		a->state[i] = xcalloc(1, screens[i]->state_size ? screens[i]->state_size : 1);
		if (screens[i]->init != NULL)
			screens[i]->init(a);
	}
}

static void
screens_fini(struct app *a)
{
	int i;

	for (i = 0; i < SCR_COUNT; i++) {
		if (screens[i]->fini != NULL)
			screens[i]->fini(a);
		free(a->state[i]);
		a->state[i] = NULL;
	}
}

int
app_run(const struct app_options *opt)
{
	struct app *a = xcalloc(1, sizeof(*a));
	int status = 0;

	a->opt = *opt;
	a->goto_step = WALK_AT_CURRENT;
	/* A passphrase is typed into this (and the unlock screen's): out of
	 * swap, and no core dumps from here on (the log keeps them off while
	 * it is open too). */
	sodium_mlock(&a->lock_pass, sizeof(a->lock_pass));
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	catalog_load(&a->catalog, opt->routine_dirs, opt->routine_dir_count);
	screens_init(a);
	a->screen = SCR_UNLOCK;
	app_go(a, SCR_UNLOCK);
	if (term_start() != 0) {
		screens_fini(a);
		catalog_free(&a->catalog);
		free(a);
		return 2;
	}
	while (!a->quit) {
		wint_t ch = 0;
		enum term_event ev;

		draw(a);
		ev = term_next(a->rl.log != NULL ? opt->idle_seconds * 1000 : 0,
		    screens[a->screen]->tick != NULL && a->modal == MODAL_NONE, &ch);
		if (ev == TERM_QUIT) {
			app_quit(a);
			break;
		}
		if (ev == TERM_IDLE) {
			app_lock(a);
			continue;
		}
		if (ev == TERM_TICK) {
			/* Not under a box: what she types is not pulled away. */
			if (screens[a->screen]->tick != NULL && a->modal == MODAL_NONE)
				screens[a->screen]->tick(a);
			continue;
		}
		handle(a, ev, ch);
	}
	term_stop();
	if (!a->unlocked && a->failed_unlocks > 0) {
		/* could not open the log: said where it stays, as the screen
		 * that said it is gone */
		status = 2;
		fputs(_("rutin: the log was not opened: "), stderr);
		utf8_write_visible(stderr, a->unlock_error);
		fputc('\n', stderr);
	}
	run_free(&a->run);
	seal_at_close(a);
	own_problem_at_close(a);
	log_close(&a->rl.log);
	screens_fini(a);
	sodium_munlock(&a->lock_pass, sizeof(a->lock_pass)); /* wipes it too */
	free(a->confirm_text);
	catalog_free(&a->catalog);
	free(a);
	return status;
}

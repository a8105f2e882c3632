/* The main loop, the frame every screen shares, and the modals. */
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
#include "tui/app.h"

#define MIN_COLS 80
#define MIN_ROWS 24

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
app_prompt(struct app *a, enum purpose p, const char *title, const char *initial)
{
	a->modal = MODAL_PROMPT;
	a->purpose = p;
	snprintf(a->prompt_title, sizeof(a->prompt_title), "%s", title);
	a->prompt_error[0] = '\0';
	input_set(&a->prompt, initial);
}

/* ---- Drawing helpers ---- */

/* The columns of UTF-8 text (0 when it is not valid UTF-8). */
int
text_width(const char *s)
{
	wchar_t w[512];
	size_t n = mbstowcs(w, s, 511), i;
	int col = 0;

	if (n == (size_t)-1)
		return 0;
	for (i = 0; i < n; i++)
		col += wcwidth(w[i]) > 0 ? wcwidth(w[i]) : 1;
	return col;
}

/* Draws UTF-8 text at y, x, in `width` columns; text that is cut ends in
 * "…" (or "~" without UTF-8), so nothing looks whole that is not. */
void
draw_text(int y, int x, int width, const char *s)
{
	wchar_t w[512];
	int col = 0, i, total = text_width(s);
	size_t n = mbstowcs(w, s, 511);

	if (n == (size_t)-1 || width <= 0)
		return;
	for (i = 0; i < (int)n; i++) {
		int cw = wcwidth(w[i]) > 0 ? wcwidth(w[i]) : 1;

		if (total > width && col + cw > width - 1) {
			mvaddnwstr(y, x + col, term_utf8() ? L"…" : L"~", 1);
			return;
		}
		if (col + cw > width)
			break;
		mvaddnwstr(y, x + col, &w[i], 1);
		col += cw;
	}
}

void
draw_row(int y, int x, int width, const char *text, bool selected)
{
	if (selected)
		attron(term_attr(PAIR_SELECTED));
	mvhline(y, x, ' ', width);
	draw_text(y, x + 1, width - 2, text);
	if (selected)
		attroff(term_attr(PAIR_SELECTED));
}

int
draw_wrapped(int y, int x, int width, int max_rows, const char *text, attr_t attr)
{
	wchar_t w[4096];
	size_t n = mbstowcs(w, text ? text : "", 4095);
	int row = 0, start = 0, i;

	if (n == (size_t)-1 || width < 4)
		return 0;
	attron(attr);
	while (start < (int)n && row < max_rows) {
		int col = 0, brk = -1, end = start;

		for (i = start; i < (int)n && w[i] != L'\n'; i++) {
			int cw = wcwidth(w[i]) > 0 ? wcwidth(w[i]) : 1;

			if (col + cw > width)
				break;
			if (w[i] == L' ')
				brk = i;
			col += cw;
		}
		end = i;
		if (i < (int)n && w[i] != L'\n' && brk > start)
			end = brk;
		mvaddnwstr(y + row, x, &w[start], end - start);
		start = end;
		if (start < (int)n && (w[start] == L' ' || w[start] == L'\n'))
			start++;
		row++;
	}
	attroff(attr);
	return row;
}

/* The status line: the keys of this screen on the left, cut with "…"
 * when they do not fit, and on the right the ones that must always be
 * seen: help, the panic key, quit (and Esc on the walk). */
static void
draw_status_line(struct app *a)
{
	static const struct {
		const char *left, *right;
	} status[] = {
		[SCR_UNLOCK] = { N_("Enter unlock · Tab next field"), N_("F1 keys · F10 quit") },
		[SCR_HOME] = { N_("↑↓ choose · Enter open · type to filter"),
		    N_("? keys · F12 lock · F10 quit") },
		[SCR_WALK] = { N_("Enter answer · s skip · x n/a · a note · i info · f finish"),
		    N_("Esc pause · ? keys · F12 lock · F10 quit") },
		[SCR_FINISH] = { N_("Enter reason or go to step · f complete"),
		    N_("Esc back · ? keys · F12 lock · F10 quit") },
	};
	const char *right = _(status[a->screen].right);
	int rw = text_width(right);

	attron(term_attr(PAIR_TITLE));
	mvhline(LINES - 1, 0, ' ', COLS);
	draw_text(LINES - 1, COLS - 1 - rw, rw, right);
	draw_text(LINES - 1, 1, COLS - rw - 5, _(status[a->screen].left));
	mvaddnwstr(LINES - 1, COLS - rw - 3, term_utf8() ? L"·" : L"|", 1);
	attroff(term_attr(PAIR_TITLE));
}

void
app_draw_frame(struct app *a, const char *title)
{
	const char *user = a->rl.log ? log_user(a->rl.log) : "";

	erase();
	attron(term_attr(PAIR_TITLE));
	mvhline(0, 0, ' ', COLS);
	draw_text(0, 1, COLS - 30, title);
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

/* Lines drawn as characters (not the alternate character set), so they
 * look the same on every terminal and in headless screen dumps. */
static void
draw_line_chars(int y, int x, int n, bool vertical, const wchar_t *ch)
{
	int i;

	for (i = 0; i < n; i++)
		mvaddnwstr(vertical ? y + i : y, vertical ? x : x + i, ch, 1);
}

void
draw_vline(int y, int x, int n)
{
	draw_line_chars(y, x, n, true, term_utf8() ? L"│" : L"|");
}

void
draw_box(int y, int x, int h, int w, const char *title)
{
	bool u = term_utf8();
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	attron(A_BOLD);
	draw_line_chars(y, x, w, false, u ? L"─" : L"-");
	draw_line_chars(y + h - 1, x, w, false, u ? L"─" : L"-");
	draw_line_chars(y, x, h, true, u ? L"│" : L"|");
	draw_line_chars(y, x + w - 1, h, true, u ? L"│" : L"|");
	mvaddnwstr(y, x, u ? L"┌" : L"+", 1);
	mvaddnwstr(y, x + w - 1, u ? L"┐" : L"+", 1);
	mvaddnwstr(y + h - 1, x, u ? L"└" : L"+", 1);
	mvaddnwstr(y + h - 1, x + w - 1, u ? L"┘" : L"+", 1);
	if (title != NULL && *title != '\0')
		draw_text(y, x + 2, w - 4, title);
	attroff(A_BOLD);
}

static void
help_draw(struct app *a)
{
	const struct binding *b;
	int y, h = LINES - 4, row = 0, rows = 0, shown = h - 2;

	for (b = bindings; b->action != ACT_NONE; b++)
		rows++;
	if (a->help_scroll > rows - shown)
		a->help_scroll = rows > shown ? rows - shown : 0;
	draw_box(2, 4, h, COLS - 8, rows > shown ?
	    _("Keys (↑↓ scroll · Esc closes · man rutin)") :
	    _("Keys (Esc closes; see man rutin)"));
	for (b = bindings; b->action != ACT_NONE; b++, row++) {
		if (row < a->help_scroll)
			continue;
		y = 3 + row - a->help_scroll;
		if (y >= 2 + h - 1)
			break;
		attron(A_BOLD);
		draw_text(y, 6, 14, b->keys);
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

static void
prompt_draw(struct app *a)
{
	int w = COLS - 8, h = 7 + (a->prompt_error[0] ? 3 : 0);

	draw_box(LINES / 2 - h / 2, 4, h, w, a->prompt_title);
	draw_text(LINES / 2 - h / 2 + 2, 6, w - 4, _("Enter saves · Esc cancels · never a personal identity number"));
	attron(A_UNDERLINE);
	input_draw(&a->prompt, LINES / 2 - h / 2 + 4, 6, w - 4, true);
	attroff(A_UNDERLINE);
	if (a->prompt_error[0]) {
		draw_wrapped(LINES / 2 - h / 2 + 6, 6, w - 4, 3, a->prompt_error,
		    term_attr(PAIR_ERROR));
		input_draw(&a->prompt, LINES / 2 - h / 2 + 4, 6, w - 4, true);
	}
}

static void
confirm_draw(struct app *a)
{
	int w = COLS - 8, y = LINES / 2 - 4;

	draw_box(y, 4, 8, w, _("Check the text"));
	draw_wrapped(y + 2, 6, w - 4, 3, a->confirm_message, term_attr(PAIR_WARN));
	draw_text(y + 6, 6, w - 4, _("y: log it as it is · n or Esc: edit it"));
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
	if (a->rl.log == NULL) { /* nothing to hide but the passphrase */
		input_wipe(&a->pass);
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
	enum action act = key_action(ev, ch, ON_ALL, true);
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
		term_paste_mode(true);
		clear();
	} else {
		snprintf(a->lock_error, sizeof(a->lock_error), "%s", _("Wrong passphrase."));
	}
	sodium_memzero(pass, strlen(pass));
	free(pass);
}

/* Sends a prompt's text where it belongs; handles the guard's answers. */
static void
prompt_submit(struct app *a, char *text, unsigned flags)
{
	struct guard_result g;
	enum run_error e;
	char *why;

	memset(&g, 0, sizeof(g));
	e = a->purpose == FOR_CASE_REF ? home_start_run(a, text, flags, &g) :
	    walk_submit(a, text, flags, &g);
	if (e == RUN_OK) {
		if (a->modal == MODAL_PROMPT || a->modal == MODAL_CONFIRM)
			a->modal = MODAL_NONE;
		free(text);
		return;
	}
	if (e == RUN_E_CONFIRM) {
		why = guard_explain(&g);
		snprintf(a->confirm_message, sizeof(a->confirm_message), "%s", why ? why : "");
		free(why);
		free(a->confirm_text);
		a->confirm_text = text;
		a->modal = MODAL_CONFIRM;
		return;
	}
	a->modal = MODAL_PROMPT;
	input_set(&a->prompt, text);
	why = e == RUN_E_REFUSED ? guard_explain(&g) : NULL;
	if (why != NULL)
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s", why);
	else if (e == RUN_E_LOG)
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s: %s",
		    run_error_message(e), a->rl.error.message);
	else if (e == RUN_E_ANSWER && a->purpose == FOR_ANSWER && walk_answer_hint(a))
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s", walk_answer_hint(a));
	else
		snprintf(a->prompt_error, sizeof(a->prompt_error), "%s", run_error_message(e));
	free(why);
	free(text);
}

static void
modal_key(struct app *a, enum term_event ev, wint_t ch)
{
	enum action act = key_action(ev, ch, ON_ALL, a->modal == MODAL_PROMPT);

	switch (a->modal) {
	case MODAL_HELP:
	case MODAL_INFO:
		if (act == ACT_DOWN)
			a->help_scroll++;
		else if (act == ACT_UP && a->help_scroll > 0)
			a->help_scroll--;
		else if (act == ACT_BACK || act == ACT_SELECT || act == ACT_HELP)
			a->modal = a->modal == MODAL_HELP ? a->under_help : MODAL_NONE;
		break;
	case MODAL_PROMPT:
		if (act == ACT_BACK) {
			a->modal = MODAL_NONE;
		} else if (act == ACT_SELECT && term_burst()) {
			/* Enter with more keys already waiting: a paste from a
			 * terminal without bracketed paste. A line break, never
			 * the end of the field (the rest would be commands). */
			input_paste(&a->prompt, L"\n", 1, a->purpose == FOR_NOTE);
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
		} else if (act == ACT_BACK || (ev == TERM_CHAR && ch == L'n')) {
			a->modal = MODAL_PROMPT;
			input_set(&a->prompt, a->confirm_text);
		}
		break;
	case MODAL_CHOICE:
	case MODAL_STOP:
		walk_key(a, act);
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
		walk_pause_and_leave(a);
	a->quit = true;
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
		*multiline = a->purpose == FOR_NOTE;
		return &a->prompt;
	case MODAL_NONE:
		break;
	default:
		return NULL;
	}
	if (a->screen == SCR_UNLOCK)
		return a->field == 0 ? &a->account : &a->pass;
	if (a->screen == SCR_HOME)
		return &a->filter;
	return NULL;
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
	switch (a->screen) {
	case SCR_UNLOCK: unlock_draw(a); break;
	case SCR_HOME: home_draw(a); break;
	case SCR_WALK: walk_draw(a); break;
	case SCR_FINISH: finish_draw(a); break;
	}
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

static void
handle(struct app *a, enum term_event ev, wint_t ch)
{
	static const unsigned bits[] = { ON_UNLOCK, ON_HOME, ON_WALK, ON_FINISH };
	bool typing = a->screen == SCR_UNLOCK || a->screen == SCR_HOME ||
	    a->modal == MODAL_PROMPT;
	enum action act = key_action(ev, ch, bits[a->screen], typing);

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
	/* ? opens help where it cannot be text: on home, and in the account
	 * field (account names have no ?), not in a passphrase. */
	if (ev == TERM_CHAR && ch == L'?' && a->modal == MODAL_NONE &&
	    (a->screen == SCR_HOME || (a->screen == SCR_UNLOCK && a->field == 0)))
		act = ACT_HELP;
	if (act == ACT_HELP && a->modal != MODAL_HELP && a->modal != MODAL_INFO) {
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
	switch (a->screen) {
	case SCR_UNLOCK: unlock_key(a, ev, ch); break;
	case SCR_HOME: home_key(a, ev, ch); break;
	case SCR_WALK: walk_key(a, act); break;
	case SCR_FINISH: finish_key(a, act); break;
	}
}

/* A supervisor's session ends with a seal when the config asks for it
 * (seal_on_close); the screen is gone, so it is said on stderr. */
static void
seal_at_close(struct app *a)
{
	char line[LOG_SEAL_LEN], why[512];

	if (!a->opt.seal_on_close || a->rl.log == NULL ||
	    log_role(a->rl.log) != ROLE_SUPERVISOR)
		return;
	if (!seal_send(a->rl.log, &a->opt.seals, line, why, sizeof(why))) {
		fprintf(stderr, "rutin: %s", _("sealing at the end of the session failed: "));
		utf8_write_visible(stderr, why);
		fputc('\n', stderr);
	}
}

int
app_run(const struct app_options *opt)
{
	struct app *a = xcalloc(1, sizeof(*a));
	int status = 0;

	a->opt = *opt;
	/* Passphrases are typed into these: out of swap, and no core dumps
	 * from here on (the log keeps them off while it is open too). */
	sodium_mlock(&a->pass, sizeof(a->pass));
	sodium_mlock(&a->lock_pass, sizeof(a->lock_pass));
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	catalog_load(&a->catalog, opt->routine_dirs, opt->routine_dir_count);
	input_set(&a->account, opt->user);
	a->pass.secret = true;
	a->field = *opt->user ? 1 : 0;
	a->screen = SCR_UNLOCK;
	if (term_start() != 0) {
		catalog_free(&a->catalog);
		free(a);
		return 2;
	}
	while (!a->quit) {
		wint_t ch = 0;
		enum term_event ev;

		draw(a);
		ev = term_next(a->rl.log != NULL ? opt->idle_seconds * 1000 : 0, &ch);
		if (ev == TERM_QUIT) {
			app_quit(a);
			break;
		}
		if (ev == TERM_IDLE) {
			app_lock(a);
			continue;
		}
		handle(a, ev, ch);
	}
	term_stop();
	if (!a->unlocked && a->failed_unlocks > 0)
		status = 2; /* could not open the log */
	run_free(&a->run);
	seal_at_close(a);
	log_close(&a->rl.log);
	sodium_munlock(&a->pass, sizeof(a->pass));           /* wipes them too */
	sodium_munlock(&a->lock_pass, sizeof(a->lock_pass));
	free(a->open_runs);
	free(a->confirm_text);
	catalog_free(&a->catalog);
	free(a);
	return status;
}

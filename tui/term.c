#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "tui/term.h"

/* The keys ncurses reports for the bracketed paste markers. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
/* A paste whose end marker never comes ends after this long quiet. */
#define PASTE_QUIET_MS 1000

static bool started, headless, colors, utf8, paste_on;
static wchar_t *paste_buf;
static size_t paste_len, paste_dropped;
static FILE *script, *null_in, *null_out;
static SCREEN *screen;
static volatile sig_atomic_t quit_signal;

bool
term_headless(void)
{
	return headless;
}

bool
term_colors(void)
{
	return colors;
}

bool
term_utf8(void)
{
	return utf8;
}

void
term_stop(void)
{
	if (!started)
		return;
	started = false;
	term_paste_mode(false);
	/* Clear first, so no case text stays on a screen without an
	 * alternate buffer or in a terminal's scrollback. */
	clear();
	refresh();
	endwin();
	free(paste_buf);
	paste_buf = NULL;
	if (screen != NULL)
		delscreen(screen);
	screen = NULL;
	if (script != NULL)
		fclose(script);
	if (null_in != NULL)
		fclose(null_in);
	if (null_out != NULL)
		fclose(null_out);
	script = null_in = null_out = NULL;
}

static void
on_signal(int sig)
{
	quit_signal = sig;
}

/* Ctrl-C typed in the interface is a key (ACT_INTERRUPT), not a signal:
 * people press it to copy, and a signal would quit with the text being
 * typed. The terminal's interrupt character is switched off for the
 * interface (endwin gives the shell's modes back); Ctrl-Z and Ctrl-\ stay
 * signals, and SIGINT from outside (kill -INT) still pauses and quits. */
static void
typed_interrupt_is_a_key(void)
{
	struct termios t;

	if (headless || tcgetattr(STDIN_FILENO, &t) != 0)
		return;
	t.c_cc[VINTR] = _POSIX_VDISABLE;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		def_prog_mode();
}

static void
init_colors(void)
{
	const char *no_color = getenv("NO_COLOR");

	colors = has_colors() && (no_color == NULL || *no_color == '\0');
	if (!colors)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_BANNER, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_DIM, COLOR_BLUE, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
}

attr_t
term_attr(int pair)
{
	if (colors)
		return COLOR_PAIR(pair) | (pair == PAIR_TITLE || pair == PAIR_BANNER ?
		    A_BOLD : 0);
	switch (pair) {
	case PAIR_BANNER:
	case PAIR_TITLE:
	case PAIR_SELECTED:
		return A_REVERSE;
	case PAIR_ERROR:
	case PAIR_WARN:
		return A_BOLD;
	case PAIR_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

int
term_start(void)
{
	const char *keys = getenv("RUTIN_KEYS");
	struct sigaction sa;

	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (keys != NULL && *keys != '\0') {
		/* Headless: an explicit terminal type, since TERM may be unset. */
		script = fopen(keys, "r");
		null_in = fopen("/dev/null", "r");
		null_out = fopen("/dev/null", "w");
		if (script == NULL || null_in == NULL || null_out == NULL) {
			fprintf(stderr, "rutin: RUTIN_KEYS=%s: %s\n", keys, strerror(errno));
			return -1;
		}
		screen = newterm("vt100", null_out, null_in);
		headless = true;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, _("rutin: the interface needs a terminal; for "
			    "scripts use the commands (rutin --help)\n"));
			return -1;
		}
		screen = newterm(NULL, stdout, stdin);
	}
	if (screen == NULL) {
		fprintf(stderr, _("rutin: cannot start the terminal (TERM=%s)\n"),
		    getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(screen);
	started = true;
	atexit(term_stop);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	typed_interrupt_is_a_key();
	/* Esc acts at once, not after ncurses' second (ESCDELAY in the
	 * environment still decides): 100 ms still tells it from the start
	 * of an arrow key's sequence, whose bytes come together even over
	 * ssh (vim's ttimeoutlen is the same). */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(TERM_ESC_DELAY_MS);
	keypad(stdscr, TRUE);
	curs_set(0);
	init_colors();
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	define_key("\033[1;5D", TERM_KEY_WORD_LEFT);  /* Ctrl-Left */
	define_key("\033[1;5C", TERM_KEY_WORD_RIGHT); /* Ctrl-Right */
	define_key("\033b", TERM_KEY_WORD_LEFT);      /* Alt-B */
	define_key("\033f", TERM_KEY_WORD_RIGHT);     /* Alt-F */
	term_paste_mode(true);
	return 0;
}

void
term_paste_mode(bool on)
{
	if (headless || !started || on == paste_on)
		return;
	paste_on = on;
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

bool
term_burst(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return !headless && poll(&p, 1, 0) > 0;
}

const wchar_t *
term_paste_text(size_t *len, size_t *dropped)
{
	*len = paste_len;
	if (dropped != NULL)
		*dropped = paste_dropped;
	return paste_buf != NULL ? paste_buf : L"";
}

static void
paste_add(wint_t ch)
{
	if (paste_buf == NULL)
		paste_buf = malloc((TERM_PASTE_MAX + 1) * sizeof(*paste_buf));
	if (paste_buf == NULL || paste_len >= TERM_PASTE_MAX) {
		paste_dropped++;
		return;
	}
	paste_buf[paste_len++] = (wchar_t)ch;
	paste_buf[paste_len] = L'\0';
}

/* Reads a bracketed paste up to its end marker, all of it: what is past
 * TERM_PASTE_MAX is counted and dropped, never taken as keys. No redraw
 * happens meanwhile, so a large paste is read at the terminal's speed. */
static enum term_event
read_paste(void)
{
	wint_t ch;
	int rc, quiet = 0;
	bool after_cr = false;

	paste_len = paste_dropped = 0;
	timeout(100);
	while (quiet < PASTE_QUIET_MS) {
		rc = get_wch(&ch);
		if (rc == ERR) {
			quiet += 100;
			continue;
		}
		quiet = 0;
		if (rc == KEY_CODE_YES && ch == KEY_PASTE_END)
			break;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_ENTER)
				paste_add(L'\n');
			after_cr = false;
			continue; /* other keys cannot be in pasted text */
		}
		/* A line break is \r, \n or \r\n, whatever the terminal sends. */
		if (!(ch == L'\n' && after_cr))
			paste_add(ch == L'\r' ? L'\n' : ch);
		after_cr = ch == L'\r';
	}
	return TERM_PASTE;
}

/* ---- Headless: the key script ---- */

struct keyname {
	const char *name;
	int code;     /* curses KEY_*, or 0 */
	wint_t ch;    /* or a character */
};

static const struct keyname keynames[] = {
	{ "Enter", 0, L'\r' }, { "Esc", 0, 27 }, { "Tab", 0, L'\t' },
	{ "Space", 0, L' ' }, { "Backspace", KEY_BACKSPACE, 0 },
	{ "Delete", KEY_DC, 0 }, { "Up", KEY_UP, 0 }, { "Down", KEY_DOWN, 0 },
	{ "Left", KEY_LEFT, 0 }, { "Right", KEY_RIGHT, 0 }, { "Home", KEY_HOME, 0 },
	{ "End", KEY_END, 0 }, { "PageUp", KEY_PPAGE, 0 }, { "PageDown", KEY_NPAGE, 0 },
	{ "F1", KEY_F(1), 0 }, { "F2", KEY_F(2), 0 }, { "F3", KEY_F(3), 0 },
	{ "F4", KEY_F(4), 0 }, { "F5", KEY_F(5), 0 }, { "F6", KEY_F(6), 0 },
	{ "F7", KEY_F(7), 0 }, { "F8", KEY_F(8), 0 }, { "F9", KEY_F(9), 0 },
	{ "F10", KEY_F(10), 0 }, { "F12", KEY_F(12), 0 },
	{ "C-p", 0, 16 }, { "C-l", 0, 12 }, { "C-c", 0, 3 }, { "C-w", 0, 23 },
	{ "C-u", 0, 21 }, { "C-k", 0, 11 }, { "C-a", 0, 1 }, { "C-e", 0, 5 },
	{ "C-Left", TERM_KEY_WORD_LEFT, 0 }, { "C-Right", TERM_KEY_WORD_RIGHT, 0 },
	{ "M-b", TERM_KEY_WORD_LEFT, 0 }, { "M-f", TERM_KEY_WORD_RIGHT, 0 },
};

static void
save_display(const char *path)
{
	FILE *f = fopen(path, "w");
	wchar_t line[512];
	char mb[MB_LEN_MAX];
	int y, x, n;

	if (f == NULL) {
		fprintf(stderr, "save-display %s: %s\n", path, strerror(errno));
		return;
	}
	for (y = 0; y < LINES; y++) {
		n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);
		if (n < 0)
			n = 0;
		line[n] = L'\0';
		while (n > 0 && line[n - 1] == L' ')
			line[--n] = L'\0';
		for (x = 0; x < n; x++) {
			mbstate_t st;
			size_t k;

			memset(&st, 0, sizeof(st));
			k = wcrtomb(mb, line[x], &st);
			if (k != (size_t)-1)
				fwrite(mb, 1, k, f);
		}
		fputc('\n', f);
	}
	fclose(f);
}

/* `paste TEXT` in a key script: TEXT with \n for a line break, pasted
 * as a terminal with bracketed paste would paste it. */
static enum term_event
script_paste(const char *text)
{
	wchar_t w[1024];
	size_t n = mbstowcs(w, text, 1023), i;

	paste_len = paste_dropped = 0;
	if (n == (size_t)-1)
		n = 0;
	for (i = 0; i < n; i++) {
		if (w[i] == L'\\' && i + 1 < n && w[i + 1] == L'n') {
			paste_add(L'\n');
			i++;
		} else {
			paste_add(w[i]);
		}
	}
	return TERM_PASTE;
}

/* Characters still to type from a `text` line. */
static wchar_t pending[1024];
static size_t pending_pos, pending_len;

static enum term_event
script_next(wint_t *ch)
{
	char line[1024];

	for (;;) {
		size_t i, n;

		if (pending_pos < pending_len) {
			*ch = (wint_t)pending[pending_pos++];
			return TERM_CHAR;
		}
		if (fgets(line, sizeof(line), script) == NULL)
			return TERM_QUIT;
		n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (strncmp(line, "save-display ", 13) == 0) {
			doupdate();
			save_display(line + 13);
			continue;
		}
		if (strcmp(line, "idle") == 0)
			return TERM_IDLE;
		if (strcmp(line, "tick") == 0)
			return TERM_TICK;
		if (strncmp(line, "wait ", 5) == 0) {
			if (!clock_test_advance(strtoll(line + 5, NULL, 10)))
				fprintf(stderr, "rutin: RUTIN_KEYS: wait: only a test build's "
				    "clock can be moved\n");
			continue;
		}
		if (strncmp(line, "paste ", 6) == 0)
			return script_paste(line + 6);
		if (strncmp(line, "resize ", 7) == 0) {
			int cols, rows;

			if (sscanf(line + 7, "%d %d", &cols, &rows) == 2) {
				resizeterm(rows, cols);
				*ch = KEY_RESIZE;
				return TERM_KEYCODE;
			}
			continue;
		}
		if (strncmp(line, "text ", 5) == 0) {
			size_t k = mbstowcs(pending, line + 5, 1023);

			pending_len = k == (size_t)-1 ? 0 : k;
			pending_pos = 0;
			continue;
		}
		for (i = 0; i < sizeof(keynames) / sizeof(keynames[0]); i++) {
			if (strcmp(line, keynames[i].name) == 0) {
				if (keynames[i].code != 0) {
					*ch = (wint_t)keynames[i].code;
					return TERM_KEYCODE;
				}
				*ch = keynames[i].ch;
				return TERM_CHAR;
			}
		}
		/* A single character names itself. */
		if (mbstowcs(pending, line, 2) == 1) {
			*ch = (wint_t)pending[0];
			return TERM_CHAR;
		}
		fprintf(stderr, "rutin: key script: unknown key '%s'\n", line);
	}
}

/* Milliseconds without a key, across calls that returned TERM_TICK. */
static int idle_waited;

enum term_event
term_next(int idle_ms, bool tick, wint_t *ch)
{
	int rc;

	if (headless) {
		if (quit_signal)
			return TERM_QUIT;
		return script_next(ch);
	}
	/* Poll once a second, to notice signals and the idle time. */
	timeout(1000);
	for (;;) {
		if (quit_signal)
			return TERM_QUIT;
		rc = get_wch(ch);
		if (rc != ERR) {
			idle_waited = 0;
			clock_test_key();
		}
		if (rc == OK)
			return TERM_CHAR;
		if (rc == KEY_CODE_YES && *ch == KEY_PASTE_BEGIN) {
			enum term_event ev = read_paste();

			timeout(1000);
			return ev;
		}
		if (rc == KEY_CODE_YES && *ch == KEY_PASTE_END)
			continue; /* a stray end marker */
		if (rc == KEY_CODE_YES)
			return TERM_KEYCODE;
		idle_waited += 1000;
		if (idle_ms > 0 && idle_waited >= idle_ms) {
			idle_waited = 0;
			return TERM_IDLE;
		}
		if (tick)
			return TERM_TICK;
	}
}

/* The terminal: ncurses set up for the whole program, always restored.
 *
 * Two ways to run: on the real terminal, or headless when the environment
 * variable RUTIN_KEYS names a key script (tests): then ncurses draws on a
 * "vt100" of LINES x COLUMNS into /dev/null, keys come from the script and
 * `save-display FILE` lines write the screen out as text. tests/README
 * describes the script. Only tui/ includes curses. */
#ifndef RUTIN_TERM_H
#define RUTIN_TERM_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

/* Keys the terminal sends as sequences ncurses has no name for: a word
 * left or right (Ctrl-Left/Right as xterm and its kin send them, and
 * Alt-B/Alt-F as Emacs and readline take them). */
#define TERM_KEY_WORD_LEFT (KEY_MAX + 3)
#define TERM_KEY_WORD_RIGHT (KEY_MAX + 4)

enum term_event {
	TERM_CHAR,    /* a character in *ch */
	TERM_KEYCODE, /* a curses KEY_* in *ch */
	TERM_IDLE,    /* no key for the idle time (or `idle` in a script) */
	TERM_QUIT,    /* a signal asked to stop, or the script ended */
	TERM_PASTE,   /* pasted text: term_paste_text() (bracketed paste) */
	TERM_TICK,    /* a second without a key, when asked for (or `tick`
	               * in a script) */
};

/* The text of the last TERM_PASTE, as the terminal sent it (newlines
 * included), valid until the next term_next(); *dropped counts the
 * characters beyond TERM_PASTE_MAX that were read and thrown away. */
#define TERM_PASTE_MAX 65536
const wchar_t *term_paste_text(size_t *len, size_t *dropped);

/* Bracketed paste (\e[?2004h): on from term_start, off at term_stop;
 * off while the screen is locked. */
void term_paste_mode(bool on);

/* True when more input is waiting right now: keys arriving faster than a
 * person types (a paste without bracketed paste). */
bool term_burst(void);

/* Starts curses (headless if RUTIN_KEYS is set). Returns 0, or -1 with a
 * message on stderr. Registers the restore for exit and signals. */
int term_start(void);
/* Clears the screen and ends curses; safe to call more than once. */
void term_stop(void);
bool term_headless(void);
/* True when colours are on (a colour terminal and NO_COLOR unset). */
bool term_colors(void);
/* True when the locale's characters are UTF-8 (else ASCII marks). */
bool term_utf8(void);

/* Waits for the next key, at most idle_ms (0: forever) without one before
 * TERM_IDLE; with `tick`, returns TERM_TICK after each second without a
 * key (the idle time still counts across them). */
enum term_event term_next(int idle_ms, bool tick, wint_t *ch);

/* Colour pairs. */
enum { PAIR_BANNER = 1, PAIR_TITLE, PAIR_SELECTED, PAIR_ERROR, PAIR_OK, PAIR_DIM,
	PAIR_WARN };
/* The attributes for a pair (with a monochrome fallback). */
attr_t term_attr(int pair);

/* How long after Esc the interface waits for the rest of a key's
 * sequence (unless ESCDELAY is set). */
#define TERM_ESC_DELAY_MS 100

#endif

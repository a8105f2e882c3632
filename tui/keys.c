#include "config.h"

#include <stdio.h>

#include "common/i18n.h"
#include "tui/keys.h"

const struct binding bindings[] = {
	{ ACT_UP, "Up, k", N_("previous step or item"), ON_HOME | ON_WALK | ON_FINISH },
	{ ACT_DOWN, "Down, j", N_("next step or item"), ON_HOME | ON_WALK | ON_FINISH },
	{ ACT_PAGE_UP, "PgUp", N_("a page up"), ON_HOME | ON_WALK },
	{ ACT_PAGE_DOWN, "PgDn", N_("a page down"), ON_HOME | ON_WALK },
	{ ACT_SELECT, "Enter", N_("answer the step, open, confirm"), ON_ALL },
	{ ACT_BACK, "Esc", N_("close, cancel; leaving a run pauses it"), ON_ALL },
	{ ACT_TAB, "Tab", N_("next field"), ON_UNLOCK },
	{ ACT_YES, "y", N_("answer yes (ja)"), ON_WALK },
	{ ACT_NO, "n", N_("answer no (nej)"), ON_WALK },
	{ ACT_SKIP, "s", N_("skip the step, with a reason (not assessed)"), ON_WALK },
	{ ACT_NOT_APPLICABLE, "x", N_("mark not applicable, with a reason"), ON_WALK },
	{ ACT_NOTE, "a", N_("add a note to the step"), ON_WALK },
	{ ACT_DEVIATION, "d", N_("give the reason for a deviation"), ON_WALK | ON_FINISH },
	{ ACT_INFO, "i", N_("the step's help text and references"), ON_WALK },
	{ ACT_FINISH, "f", N_("finish: summary and completion"), ON_WALK | ON_FINISH },
	{ ACT_HELP, "?, F1", N_("show every key"), ON_ALL },
	{ ACT_PANIC, "F12, Ctrl-P", N_("blank the screen and lock at once"), ON_ALL },
	{ ACT_REDRAW, "Ctrl-L", N_("redraw the screen"), ON_ALL },
	{ ACT_QUIT, "F10", N_("quit (a run is paused)"), ON_ALL },
	{ ACT_NONE, NULL, NULL, 0 },
};

enum action
key_action(enum term_event ev, wint_t ch, unsigned screen, bool typing)
{
	if (ev == TERM_KEYCODE) {
		switch (ch) {
		case KEY_UP: return ACT_UP;
		case KEY_DOWN: return ACT_DOWN;
		case KEY_PPAGE: return ACT_PAGE_UP;
		case KEY_NPAGE: return ACT_PAGE_DOWN;
		case KEY_ENTER: return ACT_SELECT;
		case KEY_F(1): return ACT_HELP;
		case KEY_F(10): return ACT_QUIT;
		case KEY_F(12): return ACT_PANIC;
		default: return ACT_NONE;
		}
	}
	if (ev != TERM_CHAR)
		return ACT_NONE;
	switch (ch) {
	case L'\r': case L'\n': return ACT_SELECT;
	case 27: return ACT_BACK;
	case L'\t': return ACT_TAB;
	case 16: return ACT_PANIC;   /* Ctrl-P */
	case 12: return ACT_REDRAW;  /* Ctrl-L */
	default: break;
	}
	if (typing)
		return ACT_NONE;
	switch (ch) {
	case L'k': return ACT_UP;
	case L'j': return ACT_DOWN;
	case L'?': return ACT_HELP;
	case L'y': return screen & ON_WALK ? ACT_YES : ACT_NONE;
	case L'n': return screen & ON_WALK ? ACT_NO : ACT_NONE;
	case L's': return screen & ON_WALK ? ACT_SKIP : ACT_NONE;
	case L'x': return screen & ON_WALK ? ACT_NOT_APPLICABLE : ACT_NONE;
	case L'a': return screen & ON_WALK ? ACT_NOTE : ACT_NONE;
	case L'd': return screen & (ON_WALK | ON_FINISH) ? ACT_DEVIATION : ACT_NONE;
	case L'i': return screen & ON_WALK ? ACT_INFO : ACT_NONE;
	case L'f': return screen & (ON_WALK | ON_FINISH) ? ACT_FINISH : ACT_NONE;
	default: return ACT_NONE;
	}
}

void
keys_print(void)
{
	const struct binding *b;

	for (b = bindings; b->action != ACT_NONE; b++)
		printf("%-14s %s\n", b->keys, _(b->what));
}

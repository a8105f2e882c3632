#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "common/i18n.h"
#include "tui/keys.h"

#define C(c, name) { TERM_CHAR, (c), name, NULL }
#define K(k, name, glyph) { TERM_KEYCODE, (k), name, glyph }

const struct binding keys_bindings[] = {
	{ ACT_UP, KEYS_MOVE, N_("previous step or item"),
	    { K(KEY_UP, "Up", "↑"), C(L'k', "k") } },
	{ ACT_DOWN, KEYS_MOVE, N_("next step or item"),
	    { K(KEY_DOWN, "Down", "↓"), C(L'j', "j") } },
	{ ACT_PAGE_UP, KEYS_PAGE, N_("a page up"), { K(KEY_PPAGE, "PgUp", NULL) } },
	{ ACT_PAGE_DOWN, KEYS_PAGE, N_("a page down"), { K(KEY_NPAGE, "PgDn", NULL) } },
	{ ACT_FIRST, KEYS_ENDS, N_("the list's first row"),
	    { K(KEY_HOME, "Home", NULL), C(L'g', "g") } },
	{ ACT_LAST, KEYS_ENDS, N_("the list's last row"),
	    { K(KEY_END, "End", NULL), C(L'G', "G") } },
	{ ACT_FIND, KEYS_FIND, N_("find in the list as you type (Enter keeps it, Esc "
	    "clears it)"), { C(L'/', "/") } },
	{ ACT_SELECT, KEYS_ALL, N_("answer the step, open, confirm"),
	    { C(L'\r', "Enter"), C(L'\n', NULL), K(KEY_ENTER, NULL, NULL) } },
	{ ACT_BACK, KEYS_ALL, N_("close, cancel; leaving a run pauses it"),
	    { C(27, "Esc") } },
	{ ACT_TAB, KEYS_FIELDS, N_("next field"),
	    { C(L'\t', "Tab"), K(KEY_BTAB, "Shift-Tab", NULL) } },
	{ ACT_YES, KEYS_STEP, N_("answer yes (ja)"), { C(L'y', "y") } },
	{ ACT_NO, KEYS_STEP, N_("answer no (nej)"), { C(L'n', "n") } },
	{ ACT_SKIP, KEYS_STEP, N_("skip the step, with a reason (not assessed)"),
	    { C(L's', "s") } },
	{ ACT_NOT_APPLICABLE, KEYS_STEP, N_("mark not applicable, with a reason"),
	    { C(L'x', "x") } },
	{ ACT_NOTE, KEYS_STEP, N_("add a note to the step"), { C(L'a', "a") } },
	{ ACT_DEVIATION, KEYS_DEVIATION, N_("give the reason for a deviation"),
	    { C(L'd', "d") } },
	{ ACT_INFO, KEYS_STEP, N_("the step's help text and references"), { C(L'i', "i") } },
	{ ACT_COMMENT, KEYS_RETURNED, N_("a returned run: the supervisor's comment, whole"),
	    { C(L'c', "c") } },
	{ ACT_FINISH, KEYS_FINISH, N_("finish: summary and completion"), { C(L'f', "f") } },
	{ ACT_VIEW, KEYS_QUEUE, N_("the next list: to review, critical findings, returned, "
	    "signed, all"), { C(L'\t', "Tab") } },
	{ ACT_ACCESS, KEYS_QUEUE, N_("the access log: who opened, reviewed, sampled or "
	    "exported what"), { K(KEY_F(2), "F2", NULL) } },
	{ ACT_PERIOD, KEYS_QUEUE, N_("the period the runs started in: a month, a day, or "
	    "two days"), { K(KEY_F(4), "F4", NULL) } },
	{ ACT_KIND, KEYS_QUEUE, N_("the runs with one kind of finding: each kind in turn, "
	    "then all"), { K(KEY_F(7), "F7", NULL) } },
	{ ACT_SIGN_CLEAN, KEYS_QUEUE, N_("sign the runs of the list that wait for a first "
	    "review and have no findings (asks first)"), { K(KEY_F(6), "F6", NULL) } },
	{ ACT_HANDOVER, KEYS_QUEUE, N_("hand the chosen unfinished run to another "
	    "caseworker (one on leave)"), { K(KEY_F(8), "F8", NULL) } },
	{ ACT_STATS, KEYS_QUEUE | KEYS_STATS, N_("the review queue: the unit's figures, "
	    "this quarter's runs per week and findings per routine"),
	    { K(KEY_F(9), "F9", NULL) } },
	{ ACT_PERIOD_PREV, KEYS_STATS, N_("the unit's figures: the quarter before"),
	    { C(L'[', "[") } },
	{ ACT_PERIOD_NEXT, KEYS_STATS, N_("the unit's figures: the quarter after"),
	    { C(L']', "]") } },
	{ ACT_SWITCH, KEYS_SWITCH, N_("supervisors: the review queue or the routines"),
	    { K(KEY_F(3), "F3", NULL) } },
	{ ACT_CASES, KEYS_CASES, N_("my cases: every run of mine by case reference, "
	    "a case's history, the journal extract"), { K(KEY_F(9), "F9", NULL) } },
	{ ACT_PDF, KEYS_EXTRACT, N_("save the journal extract as a PDF for the case "
	    "file"), { C(L'p', "p") } },
	{ ACT_SIGN, KEYS_REVIEW, N_("sign the run (a comment is optional)"),
	    { C(L's', "s") } },
	{ ACT_RETURN, KEYS_REVIEW, N_("return it to the caseworker: say what to correct"),
	    { C(L'r', "r") } },
	{ ACT_TIMELINE, KEYS_REVIEW, N_("the steps or the timeline of every event"),
	    { C(L't', "t") } },
	{ ACT_SCENARIO, KEYS_EXERCISE, N_("exercises: the scenario of the case (and the trainer's role cards)"),
	    { K(KEY_F(5), "F5", NULL) } },
	{ ACT_INJECT, KEYS_CLASS, N_("class view: send an inject to everyone or one "
	    "trainee"), { C(L'i', "i") } },
	{ ACT_DEBRIEF, KEYS_CLASS, N_("class view: the trainee's debrief"),
	    { C(L'd', "d") } },
	{ ACT_END, KEYS_CLASS, N_("class view: end the exercise"), { C(L'e', "e") } },
	{ ACT_PAUSE_CLASS, KEYS_CLASS, N_("class view: pause everyone, or resume"),
	    { C(L'p', "p") } },
	{ ACT_MESSAGE, KEYS_CLASS, N_("class view: a message to everyone or one trainee"),
	    { C(L'm', "m") } },
	{ ACT_RESTART, KEYS_CLASS, N_("class view: restart the trainee's run"),
	    { C(L'r', "r") } },
	{ ACT_ANSWERS, KEYS_CLASS, N_("class view: the class's answers per question, "
	    "for a projector (no names)"), { C(L'b', "b") } },
	{ ACT_SECOND, KEYS_SECOND, N_("a second person confirms the step's answer here, "
	    "with her own account"), { C(L'2', "2") } },
	{ ACT_SECOND, KEYS_QUEUE, N_("review queue: the steps waiting for you as the "
	    "second person"), { K(KEY_F(5), "F5", NULL) } },
	{ ACT_CHANGES, KEYS_CHANGES, N_("supervisors' home: what the routine files changed "
	    "on disk would change in their released texts"), { K(KEY_F(6), "F6", NULL) } },
	{ ACT_HELP, KEYS_ALL, N_("show every key"),
	    { C(L'?', "?"), K(KEY_F(1), "F1", NULL) } },
	{ ACT_PANIC, KEYS_ALL, N_("blank the screen and lock at once"),
	    { K(KEY_F(12), "F12", NULL), C(16, "Ctrl-P") } },
	{ ACT_REDRAW, KEYS_ALL, N_("redraw the screen"), { C(12, "Ctrl-L") } },
	{ ACT_QUIT, KEYS_ALL, N_("quit (a run is paused; Ctrl-C twice does too)"),
	    { K(KEY_F(10), "F10", NULL) } },
	/* Not listed apart (the help must fit 80x24): F10's line names it. */
	{ ACT_INTERRUPT, KEYS_ALL, NULL, { C(3, NULL) } },
	{ ACT_NONE, 0, NULL, { { 0, 0, NULL, NULL } } },
};

/* Whether a key is a key, not text, under `typing`. */
static bool
key_is_live(const struct key *k, enum typing typing)
{
	if (k->ev != TERM_CHAR || !iswprint(k->ch))
		return true;
	if (typing == TYPING_NAMES)
		return k->ch == L'?';
	return typing == TYPING_NONE;
}

enum action
keys_action(enum term_event ev, wint_t ch, unsigned groups, enum typing typing)
{
	const struct binding *b;
	size_t i;

	groups |= KEYS_ALL;
	for (b = keys_bindings; b->action != ACT_NONE; b++) {
		if (!(b->group & groups))
			continue;
		for (i = 0; i < BINDING_KEYS && b->keys[i].ch != 0; i++)
			if (b->keys[i].ev == ev && b->keys[i].ch == ch &&
			    key_is_live(&b->keys[i], typing))
				return b->action;
	}
	return ACT_NONE;
}

const char *
keys_label(enum action act, unsigned groups, enum typing typing)
{
	const struct binding *b;
	size_t i;

	groups |= KEYS_ALL;
	for (b = keys_bindings; b->action != ACT_NONE; b++) {
		if (b->action != act || !(b->group & groups))
			continue;
		for (i = 0; i < BINDING_KEYS && b->keys[i].ch != 0; i++)
			if (b->keys[i].name != NULL && key_is_live(&b->keys[i], typing))
				return b->keys[i].glyph ? b->keys[i].glyph : b->keys[i].name;
	}
	return NULL;
}

void
keys_names(const struct binding *b, char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < BINDING_KEYS && b->keys[i].ch != 0 && used < size; i++)
		if (b->keys[i].name != NULL)
			used += (size_t)snprintf(out + used, size - used, "%s%s",
			    used ? ", " : "", b->keys[i].name);
}

void
keys_print(void)
{
	const struct binding *b;
	char names[64];

	for (b = keys_bindings; b->action != ACT_NONE; b++) {
		if (b->what == NULL)
			continue; /* named in another key's line */
		keys_names(b, names, sizeof(names));
		printf("%-14s %s\n", names, _(b->what));
	}
}

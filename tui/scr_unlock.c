/* The unlock screen: account and passphrase. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "common/i18n.h"
#include "tui/app.h"

void
unlock_draw(struct app *a)
{
	int y = LINES / 2 - 5, x = (COLS - 60) / 2;
	char line[512];

	app_draw_frame(a, "rutin");
	snprintf(line, sizeof(line), _("Log: %s"), a->opt.db);
	mvaddnstr(y, x, line, 60);
	attron(A_BOLD);
	mvaddstr(y + 2, x, _("Account:"));
	mvaddstr(y + 4, x, _("Passphrase:"));
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	input_draw(&a->account, y + 2, x + 14, 40, false);
	input_draw(&a->pass, y + 4, x + 14, 40, false);
	attroff(A_UNDERLINE);
	if (a->opt.demo_pass != NULL) {
		snprintf(line, sizeof(line), _("Demo: account %s, passphrase %s"),
		    a->opt.user, a->opt.demo_pass);
		attron(term_attr(PAIR_WARN));
		mvaddnstr(y + 7, x, line, 70);
		attroff(term_attr(PAIR_WARN));
	}
	mvaddnstr(y + 9, x, _("The passphrase is not shown while you type."), 70);
	/* the cursor last, in the field that has focus */
	attron(A_UNDERLINE);
	if (a->field == 0)
		input_draw(&a->account, y + 2, x + 14, 40, true);
	else
		input_draw(&a->pass, y + 4, x + 14, 40, true);
	attroff(A_UNDERLINE);
}

static void
try_unlock(struct app *a)
{
	struct log_error err;
	char *user = input_utf8(&a->account), *pass = input_utf8(&a->pass);
	enum log_status s;

	mvaddstr(LINES - 2, 1, _("Unlocking…"));
	refresh();
	s = log_open(a->opt.db, user, pass, strlen(pass), &a->rl.log, &err);
	sodium_memzero(pass, strlen(pass));
	free(pass);
	input_wipe(&a->pass);
	free(user);
	if (s != LOG_OK) {
		/* The same words for a wrong account and a wrong passphrase. */
		app_message(a, true, "%s", s == LOG_E_WRONG ?
		    _("Wrong account or passphrase.") : err.message);
		a->field = 1;
		a->failed_unlocks++;
		return;
	}
	a->unlocked = true;
	if (log_slot_is_weak(a->rl.log))
		app_message(a, false, "%s", _("Your key slot is weaker than the default: "
		    "run rutin user passwd."));
	home_enter(a);
}

void
unlock_key(struct app *a, enum term_event ev, wint_t ch)
{
	enum action act = key_action(ev, ch, ON_UNLOCK, true);

	if (act == ACT_TAB || act == ACT_DOWN || act == ACT_UP) {
		a->field = !a->field;
	} else if (act == ACT_SELECT) {
		if (a->field == 0)
			a->field = 1;
		else
			try_unlock(a);
	} else if (act == ACT_NONE) {
		input_key(a->field == 0 ? &a->account : &a->pass, ev, ch);
	}
}

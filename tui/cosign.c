/* The second person at the same terminal (tui/cosign.h). */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "runlog/words.h"
#include "tui/cosign.h"
#include "tui/draw.h"
#include "tui/runview.h"

struct cosign {
	size_t step;
	int field;            /* 0 account, 1 passphrase */
	struct input account;
	struct input pass;
	char error[600];      /* why the last try failed, in the box */
};

struct cosign *
cosign_open(struct app *a, size_t step)
{
	struct cosign *c = sodium_malloc(sizeof(*c));

	if (c == NULL) {
		app_message(a, true, "%s", _("No locked memory for a passphrase: the "
		    "second person confirms from her own session."));
		return NULL;
	}
	memset(c, 0, sizeof(*c));
	c->step = step;
	c->pass.secret = true;
	return c;
}

void
cosign_close(struct cosign **c)
{
	if (c == NULL || *c == NULL)
		return;
	input_wipe(&(*c)->pass);
	sodium_free(*c);
	*c = NULL;
}

/* Her session opens (her passphrase, her key slot), the confirmation is
 * written through it, and it closes. The engine and log_append keep the
 * rules: not the one who answered, the role the step asks for, the answer
 * as it stands. */
static bool
try_confirm(struct app *a, struct cosign *c)
{
	const struct step *s = routine_step(run_routine(a->run), c->step);
	char *user = input_utf8(&c->account), *pass = input_utf8(&c->pass);
	struct log *her = NULL;
	struct log_error err;
	enum log_status ls;
	enum run_error e;

	input_wipe(&c->pass);
	if (strcmp(user, log_user(a->rl.log)) == 0) {
		snprintf(c->error, sizeof(c->error), "%s", _("You gave the answer: the "
		    "second person is someone else, with her own account."));
		sodium_memzero(pass, strlen(pass));
		free(pass);
		free(user);
		input_clear(&c->account);
		c->field = 0;
		return true;
	}
	mvaddstr(LINES - 2, 1, _("Opening her session…"));
	refresh();
	ls = log_open(log_path(a->rl.log), user, pass, strlen(pass), &her, &err);
	sodium_memzero(pass, strlen(pass));
	free(pass);
	free(user);
	if (ls != LOG_OK) {
		/* The passphrase again (the account may be right). */
		snprintf(c->error, sizeof(c->error), "%s", ls == LOG_E_WRONG ?
		    _("Wrong account or passphrase.") : err.message);
		c->field = 1;
		return true;
	}
	a->rl.second = her;
	e = run_confirm(a->run, s->id, run_step_value(a->run, c->step), log_user(her),
	    log_role_name(log_role(her)));
	a->rl.second = NULL;
	if (e == RUN_E_SECOND)
		snprintf(c->error, sizeof(c->error), _("%s is a %s: this step needs %s "
		    "who did not answer it."), log_user(her), log_role_label(log_role(her)),
		    runview_second_who(run_step_second(a->run, c->step)));
	else if (e == RUN_E_LOG)
		snprintf(c->error, sizeof(c->error), "%s", a->rl.error.message);
	else if (e != RUN_OK)
		snprintf(c->error, sizeof(c->error), "%s", run_error_message(e));
	else
		app_message(a, false, _("Confirmed by %s, the second person (logged with "
		    "her key)."), log_user(her));
	log_close(&her);
	/* Refused: someone else types her account. */
	input_clear(&c->account);
	c->field = 0;
	return e != RUN_OK;
}

bool
cosign_key(struct app *a, struct cosign *c, enum action act, enum term_event ev,
    wint_t ch)
{
	if (act == ACT_BACK) {
		app_message(a, false, "%s", _("The step waits for a second person; she "
		    "can confirm from her own session."));
		return false;
	}
	if (act == ACT_PANIC) {
		input_wipe(&c->pass);
	} else if (act == ACT_TAB || act == ACT_DOWN || act == ACT_UP) {
		c->field = !c->field;
	} else if (act == ACT_SELECT) {
		if (c->field == 0)
			c->field = 1;
		else
			return try_confirm(a, c);
	} else if (act == ACT_NONE) {
		c->error[0] = '\0';
		input_key(c->field == 0 ? &c->account : &c->pass, ev, ch);
	}
	return true;
}

void
cosign_draw(struct app *a, const struct cosign *c)
{
	const struct step *s = routine_step(run_routine(a->run), c->step);
	int y, x, w = COLS - 10 < 76 ? COLS - 10 : 76, row;
	char line[1024];

	draw_center_box(_(" A second person confirms "), 16, w, &y, &x);
	row = y + 2;
	snprintf(line, sizeof(line), _("\"%s\" is answered \"%s\". It needs %s "
	    "besides you: she reads the answer, then types her own account and "
	    "passphrase. The confirmation is logged with her key."), s->prompt,
	    words_answer(s, run_step_value(a->run, c->step)),
	    runview_second_who(run_step_second(a->run, c->step)));
	row += draw_wrapped(row, x + 2, w - 4, 6, line, 0) + 1;
	attrset(c->field == 0 ? A_BOLD : A_NORMAL);
	mvaddstr(row, x + 2, _("Her account:"));
	attrset(c->field == 1 ? A_BOLD : A_NORMAL);
	mvaddstr(row + 2, x + 2, _("Passphrase:"));
	attrset(A_NORMAL);
	attron(A_UNDERLINE);
	input_draw(&c->account, row, x + 18, w - 22, false);
	input_draw(&c->pass, row + 2, x + 18, w - 22, false);
	attroff(A_UNDERLINE);
	if (c->error[0] != '\0') {
		attron(term_attr(PAIR_ERROR));
		draw_wrapped(row + 4, x + 2, w - 4, 2, c->error, 0);
		attroff(term_attr(PAIR_ERROR));
	}
	draw_wrapped(y + 14, x + 2, w - 4, 1, _("Enter: confirm · Tab: next field · "
	    "Esc: let it wait"), term_attr(PAIR_DIM));
	attron(A_UNDERLINE);
	input_draw(c->field == 0 ? &c->account : &c->pass, c->field == 0 ? row : row + 2,
	    x + 18, w - 22, true);
	attroff(A_UNDERLINE);
}

enum typing
cosign_typing(const struct cosign *c)
{
	return c->field == 0 ? TYPING_NAMES : TYPING_ALL;
}

struct input *
cosign_field(struct cosign *c)
{
	return c->field == 0 ? &c->account : &c->pass;
}

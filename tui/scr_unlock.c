/* The unlock screen: account and passphrase. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/keyring.h"
#include "tui/app.h"
#include "tui/draw.h"

struct unlock {
	struct input account;
	struct input pass;
	int field;                 /* 0 account, 1 passphrase; choosing: 2 the
	                            * new passphrase, 3 again */
	bool choosing;             /* opened with a one-time join code: she
	                            * chooses her own passphrase now */
	struct input new1, new2;
	int first;                 /* the screen after it */
};

static struct unlock *
U(struct app *a)
{
	return app_state(a, SCR_UNLOCK);
}

/* Whether the log's keyring has a slot for `name` (the keyring's account
 * names are not secret: db/FORMAT.md). */
static bool
has_account(const char *db, const char *name)
{
	char *path = xasprintf("%s.keys", db), *msg = NULL;
	struct keyring *kr = NULL;
	bool yes = false;

	if (keyring_load(path, &kr, &msg) == KEYRING_OK) {
		yes = keyring_has_slot(kr, name);
		keyring_free(&kr);
	}
	free(msg);
	free(path);
	return yes;
}

/* The passphrase is typed into this state: out of swap, wiped at the end.
 * The cursor starts where the person will type: in the passphrase when
 * the name filled in is an account of the log, else in the account field
 * with the name marked, so that typing one's own name replaces it (run as
 * root, the name is "root"; typed into the passphrase field it was lost). */
static void
unlock_init(struct app *a)
{
	struct unlock *u = U(a);

	sodium_mlock(u, sizeof(*u));
	input_set(&u->account, a->opt.user);
	u->pass.secret = true;
	u->new1.secret = u->new2.secret = true;
	u->field = *a->opt.user && has_account(a->opt.db, a->opt.user) ? 1 : 0;
	if (u->field == 0 && *a->opt.user)
		input_mark(&u->account, 0, strlen(a->opt.user));
}

static void
unlock_fini(struct app *a)
{
	sodium_munlock(U(a), sizeof(struct unlock));
}

/* Two labelled fields on rows y and y + 2, their inputs `at` columns in;
 * the active one (0 or 1) marked and bold. The caller draws the active
 * field again with its cursor, last. */
static void
draw_field_pair(int y, int x, int at, const char *l1, const char *l2,
    const struct input *f1, const struct input *f2, int active)
{
	if (x >= 2) {
		mvaddstr(y, x - 2, active == 0 ? (term_utf8() ? "▸" : ">") : " ");
		mvaddstr(y + 2, x - 2, active == 1 ? (term_utf8() ? "▸" : ">") : " ");
	}
	attrset(active == 0 ? A_BOLD : A_NORMAL);
	mvaddstr(y, x, l1);
	attrset(active == 1 ? A_BOLD : A_NORMAL);
	mvaddstr(y + 2, x, l2);
	attrset(A_NORMAL);
	attron(A_UNDERLINE);
	input_draw(f1, y, x + at, 40, false);
	input_draw(f2, y + 2, x + at, 40, false);
	attroff(A_UNDERLINE);
}

/* She opened the log with her join code: the code opens it once, and she
 * chooses the passphrase that opens it from now on. */
static void
choose_draw(struct app *a, struct unlock *u)
{
	int y = LINES / 2 - 6, x = (COLS - 64) / 2;

	app_draw_frame(a, "rutin");
	draw_wrapped(y, x, 64, 4, _("You joined with a one-time code. Choose your own "
	    "passphrase now: at least 12 characters, one no one else knows. From now "
	    "on it opens your account; the code opens nothing."), 0);
	draw_field_pair(y + 5, x, 18, _("New passphrase:"), _("Again:"), &u->new1, &u->new2,
	    u->field - 2);
	mvaddnstr(y + 9, x, _("The passphrase is not shown while you type."), 64);
	attron(A_UNDERLINE);
	input_draw(u->field == 2 ? &u->new1 : &u->new2, u->field == 2 ? y + 5 : y + 7,
	    x + 18, 40, true);
	attroff(A_UNDERLINE);
}

static void
unlock_draw(struct app *a)
{
	struct unlock *u = U(a);
	int y = LINES / 2 - 5, x = (COLS - 60) / 2;
	char line[512];

	if (u->choosing) {
		choose_draw(a, u);
		return;
	}
	app_draw_frame(a, "rutin");
	snprintf(line, sizeof(line), _("Log: %s"), a->opt.db);
	mvaddnstr(y, x, line, 60);
	/* The active field's label is marked and bold; the other's plain. */
	draw_field_pair(y + 2, x, 14, _("Account:"), _("Passphrase:"), &u->account, &u->pass,
	    u->field);
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
	if (u->field == 0)
		input_draw(&u->account, y + 2, x + 14, 40, true);
	else
		input_draw(&u->pass, y + 4, x + 14, 40, true);
	attroff(A_UNDERLINE);
}

/* The first screen after unlocking, or -1 with why not: a supervisor's
 * home on a live log is the review queue (F3: the routines); a training
 * log is for walking routines; the exercise commands have their own. */
static int
landing(const struct app *a, const char **why)
{
	bool training = log_is_training(a->rl.log);

	switch (a->opt.mode) {
	case APP_TRAINEE:
	case APP_CLASS:
		if (!training) {
			*why = _("This is a live log: exercises run only in a training log.");
			return -1;
		}
		if (a->opt.mode == APP_TRAINEE)
			return SCR_XJOIN;
		if (!log_manages(a->rl.log)) {
			*why = _("The class view is the trainer's: this account is a "
			    "trainee's.");
			return -1;
		}
		return SCR_CLASS;
	case APP_ROUTINES:
		break;
	}
	return log_role(a->rl.log) == ROLE_SUPERVISOR && !training ? SCR_QUEUE : SCR_HOME;
}

static void unlocked(struct app *a, int first);

static void
try_unlock(struct app *a)
{
	struct unlock *u = U(a);
	const char *why = NULL;
	int first;
	struct log_error err;
	char *user = input_utf8(&u->account), *pass = input_utf8(&u->pass);
	enum log_status s;

	mvaddstr(LINES - 2, 1, _("Unlocking…"));
	refresh();
	s = log_open(a->opt.db, user, pass, strlen(pass), &a->rl.log, &err);
	sodium_memzero(pass, strlen(pass));
	free(pass);
	input_wipe(&u->pass);
	free(user);
	if (s != LOG_OK) {
		/* The same words for a wrong account and a wrong passphrase. */
		snprintf(a->unlock_error, sizeof(a->unlock_error), "%s",
		    s == LOG_E_WRONG ? _("Wrong account or passphrase.") : err.message);
		app_message(a, true, "%s", a->unlock_error);
		u->field = 1;
		a->failed_unlocks++;
		return;
	}
	/* (A trainer's account on a live log does not open: log_open.) */
	if ((first = landing(a, &why)) < 0) {
		log_close(&a->rl.log);
		app_message(a, true, "%s", why);
		u->field = 0;
		return;
	}
	if (log_must_choose_passphrase(a->rl.log)) {
		u->choosing = true;
		u->field = 2;
		u->first = first;
		return;
	}
	unlocked(a, first);
}

/* A live log that releases routines runs their released texts, whatever
 * the files on disk say; a supervisor is told when files differ. */
static void
use_releases(struct app *a)
{
	struct releases rel;
	struct log_error err;
	size_t changed;

	if (log_is_training(a->rl.log) || !log_releases_adopted(a->rl.log))
		return;
	if (releases_read(a->rl.log, &rel, &err) != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	changed = catalog_use_releases(&a->catalog, &rel);
	releases_free(&rel);
	if (changed > 0 && log_role(a->rl.log) == ROLE_SUPERVISOR)
		app_message(a, true, P_("%zu routine file differs from its release: the "
		    "released text runs until you release the new one (rutin routines "
		    "list, diff, release).", "%zu routine files differ from their "
		    "releases: the released texts run until you release the new ones "
		    "(rutin routines list, diff, release).", changed), changed);
}

/* Into the log, at the screen `first`, with what the open found. */
static void
unlocked(struct app *a, int first)
{
	a->unlocked = true;
	use_releases(a);
	if (log_authority_problem(a->rl.log) != NULL)
		app_message(a, true, _("The log fails its check at event %" PRId64
		    ": no one has a supervisor's rights in it until it is repaired "
		    "(rutin verify says more)."), log_authority_bad_seq(a->rl.log));
	else if (log_own_problem(a->rl.log) != NULL)
		app_message(a, true, "%s", log_own_problem(a->rl.log));
	else if (log_slot_is_weak(a->rl.log))
		app_message(a, false, "%s", _("Your key slot is weaker than the default: "
		    "run rutin user passwd."));
	app_go(a, (enum screen_id)first);
}

/* Her own passphrase, typed twice, replaces the join code. */
static void
try_choose(struct app *a, struct unlock *u)
{
	char *p1 = input_utf8(&u->new1), *p2 = input_utf8(&u->new2);
	struct log_error err;
	bool same = strcmp(p1, p2) == 0, rekeyed;
	enum log_status s = LOG_OK;

	if (!same)
		app_message(a, true, "%s", _("The two passphrases differ; type them "
		    "again."));
	else
		s = log_user_passwd(a->rl.log, p1, strlen(p1), NULL, &rekeyed, &err);
	sodium_memzero(p1, strlen(p1));
	sodium_memzero(p2, strlen(p2));
	free(p1);
	free(p2);
	input_wipe(&u->new1);
	input_wipe(&u->new2);
	u->field = 2;
	if (!same)
		return;
	if (s != LOG_OK) {
		app_message(a, true, "%s", err.message);
		return;
	}
	u->choosing = false;
	unlocked(a, u->first);
	app_message(a, false, "%s", _("Your passphrase is set: use it from now on."));
}

/* Esc while choosing: the log closes; the code still works until she
 * chooses (or the exercise ends). */
static void
choose_key(struct app *a, struct unlock *u, enum action act, enum term_event ev,
    wint_t ch)
{
	if (act == ACT_PANIC || act == ACT_BACK) {
		input_wipe(&u->new1);
		input_wipe(&u->new2);
		if (act == ACT_BACK) {
			log_close(&a->rl.log);
			u->choosing = false;
			u->field = 1;
		}
	} else if (act == ACT_TAB || act == ACT_DOWN || act == ACT_UP) {
		u->field = u->field == 2 ? 3 : 2;
	} else if (act == ACT_SELECT) {
		if (u->field == 2)
			u->field = 3;
		else
			try_choose(a, u);
	} else if (act == ACT_NONE) {
		input_key(u->field == 2 ? &u->new1 : &u->new2, ev, ch);
	}
}

static void
unlock_key(struct app *a, enum action act, enum term_event ev, wint_t ch)
{
	struct unlock *u = U(a);

	if (u->choosing) {
		choose_key(a, u, act, ev, ch);
		return;
	}
	if (act == ACT_PANIC) { /* nothing to hide but the passphrase */
		input_wipe(&u->pass);
	} else if (act == ACT_TAB || act == ACT_DOWN || act == ACT_UP) {
		u->field = !u->field;
	} else if (act == ACT_SELECT) {
		if (u->field == 0)
			u->field = 1;
		else
			try_unlock(a);
	} else if (act == ACT_NONE) {
		input_key(u->field == 0 ? &u->account : &u->pass, ev, ch);
	}
}

/* Account names are text, except '?' (no name has one); a passphrase is
 * all text. */
static enum typing
unlock_typing(const struct app *a)
{
	const struct unlock *u = app_state_const(a, SCR_UNLOCK);

	return u->field == 0 && !u->choosing ? TYPING_NAMES : TYPING_ALL;
}

static struct input *
unlock_field(struct app *a, bool *multiline)
{
	struct unlock *u = U(a);

	*multiline = false;
	if (u->choosing)
		return u->field == 2 ? &u->new1 : &u->new2;
	return u->field == 0 ? &u->account : &u->pass;
}

static const struct hint unlock_hints[] = {
	{ ACT_SELECT, ACT_NONE, N_("unlock") },
	{ ACT_TAB, ACT_NONE, N_("next field") },
	HINTS_END
};


const struct screen_ops unlock_screen = {
	.name = "unlock",
	.state_size = sizeof(struct unlock),
	.keys = KEYS_MOVE | KEYS_FIELDS,
	.hints = unlock_hints,
	.init = unlock_init,
	.fini = unlock_fini,
	.draw = unlock_draw,
	.key = unlock_key,
	.typing = unlock_typing,
	.field = unlock_field,
};

/* The exercise loader: a YAML tree checked against rutin-exercise/1 and
 * turned into struct exercise; and the check of an exercise against the
 * routine it was written for. Every problem is reported at its line and
 * column (yread.c), as for routines. */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/exercise.h"
#include "checklists/suggest.h"
#include "checklists/yread.h"
#include "checklists/ytree.h"
#include "common/arena.h"
#include "common/i18n.h"
#include "common/xalloc.h"

static const char *const exercise_keys[] = { "format", "id", "version", "title",
	"scenario", "routine", "roles", "injects", "expectations", "pass_mark",
	"reading_floor", "minutes", NULL };
static const char *const routine_ref_keys[] = { "id", "version", "hash", NULL };
static const char *const role_keys[] = { "id", "title", "text", NULL };
static const char *const inject_keys[] = { "id", "at", "text",
	"acknowledge_within", "points", NULL };
static const char *const at_keys[] = { "step", "minutes", NULL };
static const char *const expectation_keys[] = { "step", "answers", "points",
	"critical", "note", "why", NULL };

struct xloader {
	struct yread y;
	struct arena *arena;
	struct exercise *ex;
};

/* ---- Header and routine ---- */

static bool
is_hash(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static void
load_routine_ref(struct xloader *l, const struct ynode *root)
{
	const struct ynode *map = yread_field(&l->y, root, "routine", true,
	    N_("the exercise")), *h;
	struct exercise *ex = l->ex;

	if (map == NULL || !yread_expect_mapping(&l->y, map, "'routine'"))
		return;
	ex->routine_line = map->line;
	ex->routine_col = map->col;
	yread_check_keys(&l->y, map, routine_ref_keys, "'routine'");
	ex->routine_id = yread_id_field(&l->y, map, "id", "'routine'");
	yread_integer_field(&l->y, map, "version", 1, ROUTINE_MAX_VERSION, "'routine'",
	    &ex->routine_version);
	h = yread_field(&l->y, map, "hash", false, "'routine'");
	if (h == NULL || yread_text(&l->y, h, "hash") == NULL)
		return;
	if (!is_hash(h->value))
		diag_error(l->y.d, h->line, h->col, _("'hash' must be the routine's "
		    "SHA-256 as 64 lowercase hex digits (rutin show prints it)"));
	else
		ex->routine_hash = h->value;
}

static bool
check_format(struct xloader *l, const struct ynode *root)
{
	const struct ynode *v = yread_field(&l->y, root, "format", true,
	    N_("the exercise"));

	if (v == NULL || yread_text(&l->y, v, "format") == NULL)
		return true;
	if (strcmp(v->value, EXERCISE_FORMAT) != 0) {
		diag_error(l->y.d, v->line, v->col, _("unsupported format '%s'; "
		    "this version of rutin reads '%s'"), v->value, EXERCISE_FORMAT);
		return false;
	}
	return true;
}

/* ---- Lists with ids ---- */

/* The list under `key` when it has at most `max` items (reported). */
static const struct ynode *
bounded_list(struct xloader *l, const struct ynode *root, const char *key,
    bool required, size_t max)
{
	const struct ynode *list = yread_list_field(&l->y, root, key, required,
	    N_("the exercise"));

	if (list != NULL && list->count > max) {
		diag_error(l->y.d, list->line, list->col,
		    _("too many items in '%s': %zu (limit %zu)"), key, list->count, max);
		return NULL;
	}
	return list;
}

/* True (reported) when `id` is already among the first n of `ids`. */
static bool
duplicate_id(struct xloader *l, const struct ynode *map, const char *id,
    const char *const *ids, size_t n, const char *what)
{
	const struct ynode *idn = ynode_get(map, "id");
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0) {
			diag_error(l->y.d, idn->line, idn->col,
			    _("duplicate %s id '%s'"), _(what), id);
			return true;
		}
	return false;
}

static void
load_roles(struct xloader *l, const struct ynode *root)
{
	const struct ynode *list = bounded_list(l, root, "roles", false,
	    EXERCISE_MAX_ROLES);
	struct exercise_role *roles;
	const char **ids;
	size_t i, n = 0;

	if (list == NULL)
		return;
	roles = arena_array(l->arena, list->count, sizeof(*roles));
	ids = xcalloc(list->count + 1, sizeof(*ids));
	for (i = 0; i < list->count; i++) {
		const struct ynode *m = list->items[i];
		struct exercise_role r;

		if (!yread_expect_mapping(&l->y, m, N_("a role")))
			continue;
		yread_check_keys(&l->y, m, role_keys, N_("a role"));
		r.id = yread_id_field(&l->y, m, "id", N_("a role"));
		r.title = yread_text_field(&l->y, m, "title", true, N_("a role"));
		r.text = yread_text_field(&l->y, m, "text", true, N_("a role"));
		if (r.id == NULL || r.title == NULL || r.text == NULL ||
		    duplicate_id(l, m, r.id, ids, n, N_("role")))
			continue;
		ids[n] = r.id;
		roles[n++] = r;
	}
	free(ids);
	l->ex->roles = roles;
	l->ex->role_count = n;
}

/* `at`: "trainer", {step: ID} or {minutes: N}. */
static bool
load_inject_at(struct xloader *l, const struct ynode *m, struct exercise_inject *in)
{
	const struct ynode *at = yread_field(&l->y, m, "at", true, N_("an inject"));

	if (at == NULL)
		return false;
	in->line = at->line;
	in->col = at->col;
	if (at->type == YNODE_SCALAR && strcmp(at->value, "trainer") == 0) {
		in->trigger = INJECT_TRAINER;
		return true;
	}
	if (at->type != YNODE_MAPPING || at->count != 1) {
		diag_error(l->y.d, at->line, at->col, _("'at' must be 'trainer', "
		    "{step: STEP} or {minutes: N}"));
		return false;
	}
	yread_check_keys(&l->y, at, at_keys, "'at'");
	if (ynode_get(at, "step") != NULL) {
		in->trigger = INJECT_AT_STEP;
		in->step = yread_id_field(&l->y, at, "step", "'at'");
		return in->step != NULL;
	}
	if (ynode_get(at, "minutes") != NULL) {
		in->trigger = INJECT_AFTER;
		return yread_integer_field(&l->y, at, "minutes", 1, EXERCISE_MAX_MINUTES,
		    "'at'", &in->minutes);
	}
	return false;
}

/* `acknowledge_within: N` (minutes) and its `points` (default 1; only
 * with an acknowledgement: there is nothing else to score). */
static void
load_inject_ack(struct xloader *l, const struct ynode *m, struct exercise_inject *in)
{
	const struct ynode *pts = ynode_get(m, "points");

	if (ynode_get(m, "acknowledge_within") == NULL) {
		if (pts != NULL)
			diag_error(l->y.d, pts->line, pts->col, _("'points' on an "
			    "inject scores its acknowledgement: give "
			    "'acknowledge_within' too"));
		return;
	}
	if (!yread_integer_field(&l->y, m, "acknowledge_within", 1,
	    EXERCISE_MAX_MINUTES, N_("an inject"), &in->ack_minutes))
		return;
	in->ack_points = 1;
	if (pts != NULL)
		yread_integer_field(&l->y, m, "points", 0, EXERCISE_MAX_POINTS,
		    N_("an inject"), &in->ack_points);
}

static void
load_injects(struct xloader *l, const struct ynode *root)
{
	const struct ynode *list = bounded_list(l, root, "injects", false,
	    EXERCISE_MAX_INJECTS);
	struct exercise_inject *injects;
	const char **ids;
	size_t i, n = 0;

	if (list == NULL)
		return;
	injects = arena_array(l->arena, list->count, sizeof(*injects));
	ids = xcalloc(list->count + 1, sizeof(*ids));
	for (i = 0; i < list->count; i++) {
		const struct ynode *m = list->items[i];
		struct exercise_inject in;
		bool at_ok;

		if (!yread_expect_mapping(&l->y, m, N_("an inject")))
			continue;
		memset(&in, 0, sizeof(in));
		yread_check_keys(&l->y, m, inject_keys, N_("an inject"));
		in.id = yread_id_field(&l->y, m, "id", N_("an inject"));
		at_ok = load_inject_at(l, m, &in);
		in.text = yread_text_field(&l->y, m, "text", true, N_("an inject"));
		load_inject_ack(l, m, &in);
		if (in.id == NULL || !at_ok || in.text == NULL ||
		    duplicate_id(l, m, in.id, ids, n, N_("inject")))
			continue;
		ids[n] = in.id;
		injects[n++] = in;
		l->ex->max_points += in.ack_points;
	}
	free(ids);
	l->ex->injects = injects;
	l->ex->inject_count = n;
}

/* ---- Expectations ---- */

static void
load_answers(struct xloader *l, const struct ynode *m,
    struct exercise_expectation *e)
{
	const struct ynode *list = yread_list_field(&l->y, m, "answers", false,
	    N_("an expectation"));
	struct exercise_answer *answers;
	size_t i, j;

	if (list == NULL)
		return;
	if (list->count == 0) {
		diag_error(l->y.d, list->line, list->col, _("'answers' needs at least "
		    "one answer; leave it out to accept any answer"));
		return;
	}
	answers = arena_array(l->arena, list->count, sizeof(*answers));
	for (i = 0; i < list->count; i++) {
		const struct ynode *v = list->items[i];
		const char *id = yread_id(&l->y, v, "answers");
		bool dup = false;

		if (id == NULL)
			continue;
		for (j = 0; j < e->answer_count && !dup; j++)
			dup = strcmp(answers[j].id, id) == 0;
		if (dup) {
			diag_warning(l->y.d, v->line, v->col,
			    _("answer '%s' is listed twice"), id);
			continue;
		}
		answers[e->answer_count].id = id;
		answers[e->answer_count].line = v->line;
		answers[e->answer_count++].col = v->col;
	}
	e->answers = answers;
}

static bool
load_expectation(struct xloader *l, const struct ynode *m,
    struct exercise_expectation *e)
{
	const struct ynode *stepn;

	if (!yread_expect_mapping(&l->y, m, N_("an expectation")))
		return false;
	memset(e, 0, sizeof(*e));
	e->points = 1;
	yread_check_keys(&l->y, m, expectation_keys, N_("an expectation"));
	stepn = yread_field(&l->y, m, "step", true, N_("an expectation"));
	if (stepn != NULL) {
		e->step = yread_id(&l->y, stepn, "step");
		e->line = stepn->line;
		e->col = stepn->col;
	}
	load_answers(l, m, e);
	if (ynode_get(m, "points") != NULL)
		yread_integer_field(&l->y, m, "points", 0, EXERCISE_MAX_POINTS,
		    N_("an expectation"), &e->points);
	yread_bool_field(&l->y, m, "critical", &e->critical);
	yread_bool_field(&l->y, m, "note", &e->note);
	e->why = yread_text_field(&l->y, m, "why", true, N_("an expectation"));
	return e->step != NULL && e->why != NULL;
}

static void
load_expectations(struct xloader *l, const struct ynode *root)
{
	const struct ynode *list = bounded_list(l, root, "expectations", true,
	    EXERCISE_MAX_EXPECTATIONS);
	struct exercise_expectation *exps;
	size_t i, j, n = 0;

	if (list == NULL)
		return;
	if (list->count == 0) {
		diag_error(l->y.d, list->line, list->col,
		    _("an exercise needs at least one expectation"));
		return;
	}
	exps = arena_array(l->arena, list->count, sizeof(*exps));
	for (i = 0; i < list->count; i++) {
		struct exercise_expectation e;
		bool dup = false;

		if (!load_expectation(l, list->items[i], &e))
			continue;
		for (j = 0; j < n && !dup; j++)
			dup = strcmp(exps[j].step, e.step) == 0;
		if (dup) {
			diag_error(l->y.d, e.line, e.col, _("step '%s' has an "
			    "expectation already (one per step)"), e.step);
			continue;
		}
		exps[n++] = e;
		l->ex->max_points += e.points;
	}
	l->ex->expectations = exps;
	l->ex->expectation_count = n;
}

static void
load_pass_mark(struct xloader *l, const struct ynode *root)
{
	const struct ynode *v = ynode_get(root, "pass_mark");

	if (!yread_integer_field(&l->y, root, "pass_mark", 0,
	    EXERCISE_MAX_EXPECTATIONS * EXERCISE_MAX_POINTS, N_("the exercise"),
	    &l->ex->pass_mark))
		return;
	if (l->ex->expectation_count > 0 && l->ex->pass_mark > l->ex->max_points)
		diag_error(l->y.d, v->line, v->col, _("'pass_mark' is %ld, but the "
		    "expectations and acknowledgements give at most %ld points"),
		    l->ex->pass_mark, l->ex->max_points);
}

static void
load_exercise(struct xloader *l, const struct ynode *root)
{
	const char *what = N_("the exercise");
	struct exercise *ex = l->ex;

	if (!yread_expect_mapping(&l->y, root, N_("the top level of an exercise")))
		return;
	yread_check_keys(&l->y, root, exercise_keys, what);
	if (!check_format(l, root))
		return;
	ex->id = yread_id_field(&l->y, root, "id", what);
	yread_integer_field(&l->y, root, "version", 1, ROUTINE_MAX_VERSION, what,
	    &ex->version);
	ex->title = yread_text_field(&l->y, root, "title", true, what);
	ex->scenario = yread_text_field(&l->y, root, "scenario", true, what);
	load_routine_ref(l, root);
	load_roles(l, root);
	load_injects(l, root);
	load_expectations(l, root);
	load_pass_mark(l, root);
	ex->reading_floor = true;
	yread_bool_field(&l->y, root, "reading_floor", &ex->reading_floor);
	if (ynode_get(root, "minutes") != NULL)
		yread_integer_field(&l->y, root, "minutes", 1, EXERCISE_MAX_MINUTES,
		    what, &ex->minutes);
}

enum routine_status
exercise_load_buffer(const char *text, size_t len, const char *name,
    struct exercise **out, struct diag_list *d)
{
	struct xloader l;
	const struct ynode *root;
	size_t errors_before = d->errors;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.y.d = d;
	l.arena = arena_new();
	l.ex = arena_alloc(l.arena, sizeof(*l.ex));
	l.ex->arena_ = l.arena;
	l.ex->source = arena_strndup(l.arena, name, strlen(name));
	root = ytree_parse(l.arena, text, len, d);
	if (root != NULL)
		load_exercise(&l, root);
	if (root == NULL || d->errors != errors_before) {
		arena_free(&l.arena);
		return ROUTINE_INVALID;
	}
	crypto_hash_sha256(l.ex->hash, (const unsigned char *)text, len);
	l.ex->text = arena_strndup(l.arena, text, len);
	l.ex->text_len = len;
	*out = l.ex;
	return ROUTINE_OK;
}

enum routine_status
exercise_load_file(const char *path, struct exercise **out, struct diag_list *d)
{
	enum routine_status status;
	char *buf;
	size_t len;

	*out = NULL;
	status = (enum routine_status)yread_read_file(path, &buf, &len, d);
	if (status != ROUTINE_OK)
		return status;
	status = exercise_load_buffer(buf, len, path, out, d);
	free(buf);
	return status;
}

void
exercise_free(struct exercise **ex)
{
	struct arena *a;

	if (ex == NULL || *ex == NULL)
		return;
	a = (*ex)->arena_;
	arena_free(&a);
	*ex = NULL;
}

void
exercise_hash_hex(const struct exercise *ex, char out[65])
{
	sodium_bin2hex(out, 65, ex->hash, sizeof(ex->hash));
}

const struct exercise_inject *
exercise_find_inject(const struct exercise *ex, const char *id)
{
	size_t i;

	for (i = 0; i < ex->inject_count; i++)
		if (strcmp(ex->injects[i].id, id) == 0)
			return &ex->injects[i];
	return NULL;
}

/* ---- Against the routine ---- */

/* The step with this id, or NULL after an error with a suggestion. */
static const struct step *
routine_step_named(const struct routine *r, const char *id, unsigned line,
    unsigned col, struct diag_list *d)
{
	long k = routine_find_step(r, id);
	const char **ids;
	const char *hint;
	size_t i, n = routine_step_count(r);

	if (k >= 0)
		return routine_step(r, (size_t)k);
	ids = xcalloc(n + 1, sizeof(*ids));
	for (i = 0; i < n; i++)
		ids[i] = routine_step(r, i)->id;
	hint = suggest_word(id, ids, n);
	if (hint != NULL)
		diag_error(d, line, col, _("routine '%s' has no step '%s'; did you "
		    "mean '%s'?"), routine_id(r), id, hint);
	else
		diag_error(d, line, col, _("routine '%s' has no step '%s'"),
		    routine_id(r), id);
	free(ids);
	return NULL;
}

static bool
answer_possible(const struct step *s, const char *a)
{
	size_t i;

	switch (s->kind) {
	case STEP_CHECK:
		return strcmp(a, ANSWER_YES) == 0;
	case STEP_YESNO:
		return strcmp(a, ANSWER_YES) == 0 || strcmp(a, ANSWER_NO) == 0;
	case STEP_CHOICE:
		for (i = 0; i < s->option_count; i++)
			if (strcmp(s->options[i].id, a) == 0)
				return true;
		return false;
	case STEP_TEXT:
	case STEP_DATE:
		break;
	}
	return false;
}

static void
check_answers(const struct exercise_expectation *e, const struct step *s,
    struct diag_list *d)
{
	size_t i;

	if (e->answer_count > 0 && (s->kind == STEP_TEXT || s->kind == STEP_DATE)) {
		diag_error(d, e->answers[0].line, e->answers[0].col,
		    _("step '%s' is a %s step: any answer meets it, so 'answers' "
		      "cannot be given"), s->id, step_kind_name(s->kind));
		return;
	}
	for (i = 0; i < e->answer_count; i++)
		if (!answer_possible(s, e->answers[i].id))
			diag_error(d, e->answers[i].line, e->answers[i].col,
			    _("'%s' is not a possible answer of step '%s' (a %s step)"),
			    e->answers[i].id, s->id, step_kind_name(s->kind));
}

bool
exercise_check_routine(const struct exercise *ex, const struct routine *r,
    struct diag_list *d)
{
	size_t i, errors = d->errors;
	char hex[2 * ROUTINE_HASH_BYTES + 1];

	if (strcmp(routine_id(r), ex->routine_id) != 0) {
		diag_error(d, ex->routine_line, ex->routine_col, _("the exercise is "
		    "for routine '%s', not '%s'"), ex->routine_id, routine_id(r));
		return false;
	}
	routine_hash_hex(r, hex);
	if (routine_version(r) != ex->routine_version)
		diag_warning(d, ex->routine_line, ex->routine_col, _("written for "
		    "version %ld of routine '%s'; the installed one is version %ld: "
		    "check the expectations and injects against it"),
		    ex->routine_version, ex->routine_id, routine_version(r));
	else if (ex->routine_hash != NULL && strcmp(hex, ex->routine_hash) != 0)
		diag_warning(d, ex->routine_line, ex->routine_col, _("routine '%s' "
		    "has changed since the exercise was written (its hash is now "
		    "%s): check the expectations and injects against it"),
		    ex->routine_id, hex);
	for (i = 0; i < ex->expectation_count; i++) {
		const struct exercise_expectation *e = &ex->expectations[i];
		const struct step *s = routine_step_named(r, e->step, e->line, e->col, d);

		if (s != NULL)
			check_answers(e, s, d);
	}
	for (i = 0; i < ex->inject_count; i++)
		if (ex->injects[i].trigger == INJECT_AT_STEP)
			routine_step_named(r, ex->injects[i].step, ex->injects[i].line,
			    ex->injects[i].col, d);
	return d->errors == errors;
}

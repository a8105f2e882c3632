/* The routine loader: a YAML tree (ytree.c) checked against the rutin/1
 * format and turned into the immutable model (routine.h). It reports every
 * problem it finds, each at the line and column of the value concerned,
 * and never fills in a default for a value that is present but wrong. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/routine_impl.h"
#include "checklists/suggest.h"
#include "checklists/yread.h"
#include "checklists/ytree.h"
#include "common/i18n.h"
#include "common/xalloc.h"

struct loader {
	struct yread y;
	struct arena *arena; /* the routine's */
	struct diag_list *d;
	struct routine *r;
	/* Steps as they are read, with their `when` and `contradicts`
	 * resolved afterwards from their nodes. */
	struct step *steps;
	const struct ynode **step_nodes;
	size_t step_count;
	size_t step_capacity;
	bool *ref_used;
};

static const char *const routine_keys[] = { "format", "id", "version", "title",
	"area", "description", "references", "sections", "deadlines", NULL };
static const char *const section_keys[] = { "id", "title", "description",
	"steps", NULL };
static const char *const step_keys[] = { "id", "kind", "prompt", "options",
	"required", "critical", "refs", "help", "stop", "when", "contradicts",
	"protection_gate", "second_person", NULL };
static const char *const second_keys[] = { "who", "optional", NULL };
static const char *const second_names[] = { "colleague", "supervisor", NULL };
static const char *const ref_keys[] = { "id", "text", NULL };
static const char *const option_keys[] = { "id", "label", NULL };
static const char *const deadline_keys[] = { "id", "title", "hours", "date",
	"met_by", NULL };
static const char *const when_keys[] = { "step", "in", "unless", NULL };
static const char *const contradiction_keys[] = { "answers", "step", "in",
	"message", NULL };

static const char *const area_names[] = { "protected-identity", "contact-ban",
	"custody", "other", NULL };
static const char *const kind_names[] = { "check", "yesno", "choice", "text",
	"date", NULL };

/* ---- References ---- */

static void
load_references(struct loader *l, const struct ynode *root)
{
	const struct ynode *list = yread_list_field(&l->y, root, "references", false,
	    N_("the routine"));
	struct routine *r = l->r;
	size_t i, j;

	if (list == NULL)
		return;
	if (list->count > ROUTINE_MAX_REFERENCES) {
		diag_error(l->d, list->line, list->col,
		    _("too many references: %zu (limit %d)"), list->count,
		    ROUTINE_MAX_REFERENCES);
		return;
	}
	r->refs = arena_array(l->arena, list->count, sizeof(*r->refs));
	l->ref_used = xcalloc(list->count, sizeof(*l->ref_used));
	for (i = 0; i < list->count; i++) {
		const struct ynode *item = list->items[i];
		struct routine_ref ref;
		bool dup = false;

		if (!yread_expect_mapping(&l->y, item, N_("a reference")))
			continue;
		yread_check_keys(&l->y, item, ref_keys, N_("a reference"));
		ref.id = yread_id_field(&l->y, item, "id", N_("a reference"));
		ref.text = yread_text_field(&l->y, item, "text", true, N_("a reference"));
		if (ref.id == NULL || ref.text == NULL)
			continue;
		for (j = 0; j < r->ref_count && !dup; j++)
			dup = strcmp(r->refs[j].id, ref.id) == 0;
		if (dup) {
			const struct ynode *idn = ynode_get(item, "id");

			diag_error(l->d, idn->line, idn->col,
			    _("duplicate reference id '%s'"), ref.id);
			continue;
		}
		r->refs[r->ref_count++] = ref;
	}
}

static long
find_reference(const struct routine *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ref_count; i++)
		if (strcmp(r->refs[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* ---- Steps ---- */

static void
load_step_refs(struct loader *l, const struct ynode *map, struct step *s)
{
	const struct ynode *list = yread_list_field(&l->y, map, "refs", false, N_("a step"));
	size_t *refs;
	size_t i, j;

	if (list == NULL)
		return;
	refs = arena_array(l->arena, list->count, sizeof(*refs));
	for (i = 0; i < list->count; i++) {
		const struct ynode *v = list->items[i];
		const char *id = yread_id(&l->y, v, "refs");
		long k;
		bool dup = false;

		if (id == NULL)
			continue;
		k = find_reference(l->r, id);
		if (k < 0) {
			diag_error(l->d, v->line, v->col,
			    _("'refs' names '%s', which is not an id in "
			      "'references'"), id);
			continue;
		}
		for (j = 0; j < s->ref_count && !dup; j++)
			dup = refs[j] == (size_t)k;
		if (dup) {
			diag_warning(l->d, v->line, v->col,
			    _("reference '%s' is named twice"), id);
			continue;
		}
		refs[s->ref_count++] = (size_t)k;
		l->ref_used[k] = true;
	}
	s->refs = refs;
}

static void
load_step_options(struct loader *l, const struct ynode *map, struct step *s)
{
	const struct ynode *list = ynode_get(map, "options");
	struct step_option *opts;
	size_t i, j;

	if (s->kind != STEP_CHOICE) {
		if (list != NULL)
			diag_error(l->d, list->line, list->col,
			    _("'options' applies only to choice steps; this "
			      "step's kind is '%s'"), step_kind_name(s->kind));
		return;
	}
	list = yread_list_field(&l->y, map, "options", true, N_("a choice step"));
	if (list == NULL)
		return;
	if (list->count == 0) {
		diag_error(l->d, list->line, list->col,
		    _("a choice step needs at least one option"));
		return;
	}
	if (list->count > ROUTINE_MAX_OPTIONS) {
		diag_error(l->d, list->line, list->col,
		    _("too many options: %zu (limit %d)"), list->count,
		    ROUTINE_MAX_OPTIONS);
		return;
	}
	if (list->count == 1)
		diag_warning(l->d, list->line, list->col,
		    _("a choice with a single option; is 'kind: check' meant?"));
	opts = arena_array(l->arena, list->count, sizeof(*opts));
	for (i = 0; i < list->count; i++) {
		const struct ynode *v = list->items[i], *idn = v;
		struct step_option o = { NULL, NULL };
		bool dup = false;

		if (v->type == YNODE_MAPPING) {
			yread_check_keys(&l->y, v, option_keys, N_("an option"));
			idn = yread_field(&l->y, v, "id", true, N_("an option"));
			o.id = idn ? yread_id(&l->y, idn, "id") : NULL;
			o.label = yread_text_field(&l->y, v, "label", false, N_("an option"));
		} else {
			o.id = yread_id(&l->y, v, "options");
		}
		if (o.id == NULL)
			continue;
		if (o.label == NULL)
			o.label = o.id;
		for (j = 0; j < s->option_count && !dup; j++)
			dup = strcmp(opts[j].id, o.id) == 0;
		if (dup) {
			diag_error(l->d, idn->line, idn->col,
			    _("duplicate option '%s'"), o.id);
			continue;
		}
		opts[s->option_count++] = o;
	}
	s->options = opts;
}

/* Only a question with more than one answer decides anything. */
static void
check_protection_gate(struct loader *l, const struct ynode *map, const struct step *s)
{
	const struct ynode *v = ynode_get(map, "protection_gate");

	if (s->protection_gate && s->kind != STEP_YESNO && s->kind != STEP_CHOICE)
		diag_error(l->d, v->line, v->col, _("'protection_gate' is for yesno "
		    "and choice steps; this step's kind is '%s'"), step_kind_name(s->kind));
}

/* `second_person: colleague`, or a mapping with `who` and `optional`. */
static void
load_second_person(struct loader *l, const struct ynode *map, struct step *s)
{
	const struct ynode *v = ynode_get(map, "second_person");
	const struct ynode *in = map;
	int who;

	if (v == NULL)
		return;
	if (v->type == YNODE_MAPPING) {
		yread_check_keys(&l->y, v, second_keys, N_("second_person"));
		yread_bool_field(&l->y, v, "optional", &s->second_optional);
		in = v;
	}
	who = yread_enum_field(&l->y, in, in == map ? "second_person" : "who",
	    second_names, N_("second_person"));
	if (who >= 0)
		s->second = (enum second_person)(who + 1);
	/* A second person confirms an answer; a skip or "not applicable"
	 * needs none, so only a critical step's skip is seen (a deviation). */
	if (who >= 0 && !s->critical)
		diag_warning(l->d, v->line, v->col, _("a second person confirms only "
		    "an answer: skipped or marked not applicable, this step needs none; "
		    "make it critical so that skipping it is a deviation"));
}

static void
load_step(struct loader *l, const struct ynode *map, size_t section)
{
	struct step *s;
	int kind;

	if (!yread_expect_mapping(&l->y, map, N_("a step")))
		return;
	if (l->step_count == l->step_capacity) {
		l->step_capacity = l->step_capacity ? l->step_capacity * 2 : 32;
		l->steps = xreallocarray(l->steps, l->step_capacity,
		    sizeof(*l->steps));
		l->step_nodes = xreallocarray(l->step_nodes, l->step_capacity,
		    sizeof(*l->step_nodes));
	}
	s = &l->steps[l->step_count];
	memset(s, 0, sizeof(*s));
	s->section = section;
	s->line = map->line;
	s->col = map->col;
	s->required = true;

	yread_check_keys(&l->y, map, step_keys, N_("a step"));
	s->id = yread_id_field(&l->y, map, "id", N_("a step"));
	kind = yread_enum_field(&l->y, map, "kind", kind_names, N_("a step"));
	s->prompt = yread_text_field(&l->y, map, "prompt", true, N_("a step"));
	yread_bool_field(&l->y, map, "required", &s->required);
	yread_bool_field(&l->y, map, "critical", &s->critical);
	yread_bool_field(&l->y, map, "protection_gate", &s->protection_gate);
	s->help = yread_text_field(&l->y, map, "help", false, N_("a step"));
	s->stop = yread_text_field(&l->y, map, "stop", false, N_("a step"));
	load_second_person(l, map, s);
	load_step_refs(l, map, s);
	if (kind >= 0) {
		s->kind = (enum step_kind)kind;
		load_step_options(l, map, s);
		check_protection_gate(l, map, s);
	}
	/* A step without id or kind cannot be referred to or walked; the
	 * problem is reported, so leave it out of later checks. */
	if (s->id == NULL || kind < 0)
		return;
	l->step_nodes[l->step_count] = map;
	l->step_count++;
}

static void
load_section(struct loader *l, const struct ynode *map, size_t index)
{
	struct section *sec = &l->r->sections[index];
	const struct ynode *steps;
	size_t i;

	if (!yread_expect_mapping(&l->y, map, N_("a section")))
		return;
	yread_check_keys(&l->y, map, section_keys, N_("a section"));
	sec->id = yread_id_field(&l->y, map, "id", N_("a section"));
	sec->title = yread_text_field(&l->y, map, "title", true, N_("a section"));
	sec->description = yread_text_field(&l->y, map, "description", false, N_("a section"));
	sec->first_step = l->step_count;
	steps = yread_list_field(&l->y, map, "steps", true, N_("a section"));
	if (steps != NULL && steps->count == 0)
		diag_error(l->d, steps->line, steps->col,
		    _("a section needs at least one step"));
	for (i = 0; steps != NULL && i < steps->count; i++) {
		if (l->step_count >= ROUTINE_MAX_STEPS) {
			diag_error(l->d, steps->items[i]->line, steps->items[i]->col,
			    _("too many steps in the routine (limit %d)"),
			    ROUTINE_MAX_STEPS);
			break;
		}
		load_step(l, steps->items[i], index);
	}
	sec->step_count = l->step_count - sec->first_step;
}

static void
check_unique_ids(struct loader *l, const struct ynode *sections)
{
	size_t i, j;

	for (i = 1; i < l->step_count; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(l->steps[i].id, l->steps[j].id) != 0)
				continue;
			diag_error(l->d, l->steps[i].line, l->steps[i].col,
			    _("duplicate step id '%s' (first used at line %u)"),
			    l->steps[i].id, l->steps[j].line);
			break;
		}
	}
	for (i = 1; i < l->r->section_count; i++) {
		const struct section *s = &l->r->sections[i];

		for (j = 0; s->id != NULL && j < i; j++) {
			const struct section *t = &l->r->sections[j];

			if (t->id != NULL && strcmp(s->id, t->id) == 0) {
				const struct ynode *n = sections->items[i];

				diag_error(l->d, n->line, n->col,
				    _("duplicate section id '%s' (first used at "
				      "line %u)"), s->id, sections->items[j]->line);
				break;
			}
		}
	}
}

/* ---- when ---- */

/* The answers a condition can compare with: a NULL-terminated array the
 * caller frees (the strings belong to the routine or are static). */
static const char **
step_answers(const struct step *s, size_t *n)
{
	const char **out = xcalloc(s->option_count + 3, sizeof(*out));
	size_t i;

	*n = 0;
	if (s->kind == STEP_CHECK || s->kind == STEP_YESNO)
		out[(*n)++] = ANSWER_YES;
	if (s->kind == STEP_YESNO)
		out[(*n)++] = ANSWER_NO;
	if (s->kind == STEP_CHOICE)
		for (i = 0; i < s->option_count; i++)
			out[(*n)++] = s->options[i].id;
	return out;
}

static long
find_step(const struct loader *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->step_count; i++)
		if (strcmp(l->steps[i].id, id) == 0)
			return (long)i;
	return -1;
}

static void
report_unknown_step(struct loader *l, const struct ynode *v, size_t self)
{
	const char **ids = xcalloc(self + 1, sizeof(*ids));
	const char *hint;
	size_t i;

	for (i = 0; i < self; i++)
		ids[i] = l->steps[i].id;
	hint = suggest_word(v->value, ids, self);
	if (hint != NULL)
		diag_error(l->d, v->line, v->col,
		    _("'when' names step '%s', which does not exist; did you "
		      "mean '%s'?"), v->value, hint);
	else
		diag_error(l->d, v->line, v->col,
		    _("'when' names step '%s', which does not exist"), v->value);
	free(ids);
}

/* Resolves the `step` of a condition to an earlier step, or -1 (reported). */
static long
when_target(struct loader *l, const struct ynode *map, size_t self)
{
	const struct ynode *v = yread_field(&l->y, map, "step", true, "'when'");
	const struct step *t;
	long k;

	if (v == NULL || yread_id(&l->y, v, "step") == NULL)
		return -1;
	k = find_step(l, v->value);
	if (k < 0) {
		report_unknown_step(l, v, self);
		return -1;
	}
	if ((size_t)k == self) {
		diag_error(l->d, v->line, v->col,
		    _("a step cannot depend on its own answer"));
		return -1;
	}
	if ((size_t)k > self) {
		diag_error(l->d, v->line, v->col,
		    _("'when' names step '%s', which comes later (line %u); a "
		      "step can depend only on an earlier step"), v->value,
		    l->steps[k].line);
		return -1;
	}
	t = &l->steps[k];
	if (t->kind == STEP_TEXT || t->kind == STEP_DATE) {
		diag_error(l->d, v->line, v->col,
		    _("'when' can depend only on a check, yesno or choice step; "
		      "'%s' is a %s step"), v->value, step_kind_name(t->kind));
		return -1;
	}
	return k;
}

static const char *
when_value(struct loader *l, const struct ynode *v, const char *key,
    const struct step *t, const char **answers, size_t n)
{
	const char *hint;
	char *list;
	size_t i;

	if (v->type != YNODE_SCALAR || ynode_is_null(v)) {
		yread_text(&l->y, v, key);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (strcmp(v->value, answers[i]) == 0)
			return answers[i];
	list = yread_join_words(answers, n);
	hint = suggest_word(v->value, answers, n);
	if (hint != NULL)
		diag_error(l->d, v->line, v->col,
		    _("'%s' is not a possible answer of step '%s'; did you mean "
		      "'%s'? (possible: %s)"), v->value, t->id, hint, list);
	else
		diag_error(l->d, v->line, v->col,
		    _("'%s' is not a possible answer of step '%s' (possible: %s)"),
		    v->value, t->id, list);
	free(list);
	return NULL;
}

/* Reads the answers in `list` (the value of `key`), each a possible
 * answer of step `t`, into an array in the arena; *count says how many
 * were valid. Each problem is reported. */
static const char *const *
load_answers(struct loader *l, const struct ynode *list, const char *key,
    const struct step *t, size_t *count)
{
	const char **answers, **values;
	size_t n_answers, i, j;

	*count = 0;
	if (list->count == 0) {
		diag_error(l->d, list->line, list->col,
		    _("'%s' needs at least one answer"), key);
		return NULL;
	}
	answers = step_answers(t, &n_answers);
	values = arena_array(l->arena, list->count, sizeof(*values));
	for (i = 0; i < list->count; i++) {
		const char *v = when_value(l, list->items[i], key, t, answers,
		    n_answers);
		bool dup = false;

		if (v == NULL)
			continue;
		for (j = 0; j < *count && !dup; j++)
			dup = values[j] == v;
		if (dup)
			diag_warning(l->d, list->items[i]->line, list->items[i]->col,
			    _("answer '%s' is listed twice"), v);
		else
			values[(*count)++] = v;
	}
	free(answers);
	return values;
}

/* Reads the condition in mapping `map` (`step` and `in`, or with
 * `allow_unless` `step` and `unless`) for step `self` into *w. */
static bool
load_condition(struct loader *l, const struct ynode *map, size_t self,
    bool allow_unless, struct step_when *w)
{
	const struct ynode *in = ynode_get(map, "in");
	const struct ynode *unless = allow_unless ? ynode_get(map, "unless") : NULL;
	const char *key = unless != NULL ? "unless" : "in";
	long k = when_target(l, map, self);

	if (in != NULL && unless != NULL) {
		diag_error(l->d, unless->line, unless->col,
		    _("a condition has either 'in' or 'unless', not both"));
		return false;
	}
	if (unless == NULL && allow_unless && in == NULL) {
		diag_error(l->d, map->line, map->col,
		    _("'when' needs 'in' (the answers that show the step) or "
		      "'unless' (the answers that hide it)"));
		return false;
	}
	in = yread_list_field(&l->y, map, key, true, allow_unless ? "'when'" :
	    N_("a contradiction"));
	if (k < 0 || in == NULL)
		return false;
	memset(w, 0, sizeof(*w));
	w->step = (size_t)k;
	w->unless = unless != NULL;
	w->line = map->line;
	w->col = map->col;
	w->values = load_answers(l, in, key, &l->steps[k], &w->value_count);
	return w->value_count > 0;
}

static void
load_when(struct loader *l, size_t self)
{
	const struct ynode *map = ynode_get(l->step_nodes[self], "when");
	struct step_when w;

	if (map == NULL || !yread_expect_mapping(&l->y, map, "'when'"))
		return;
	yread_check_keys(&l->y, map, when_keys, "'when'");
	if (load_condition(l, map, self, true, &w)) {
		struct step_when *kept = arena_alloc(l->arena, sizeof(*kept));

		*kept = w;
		l->steps[self].when = kept;
	}
}

static bool
load_contradiction(struct loader *l, const struct ynode *map, size_t self,
    struct step_contradiction *c)
{
	const struct step *s = &l->steps[self];
	const struct ynode *answers;
	bool ok;

	memset(c, 0, sizeof(*c));
	if (!yread_expect_mapping(&l->y, map, N_("a contradiction")))
		return false;
	yread_check_keys(&l->y, map, contradiction_keys, N_("a contradiction"));
	c->message = yread_text_field(&l->y, map, "message", true, N_("a contradiction"));
	answers = yread_list_field(&l->y, map, "answers", true, N_("a contradiction"));
	ok = load_condition(l, map, self, false, &c->other);
	if (answers != NULL)
		c->answers = load_answers(l, answers, "answers", s, &c->answer_count);
	return ok && c->message != NULL && c->answer_count > 0;
}

/* `contradicts`: answers of this step that contradict an earlier answer. */
static void
load_contradictions(struct loader *l, size_t self)
{
	const struct ynode *list = ynode_get(l->step_nodes[self], "contradicts");
	struct step *s = &l->steps[self];
	struct step_contradiction *cs;
	size_t i, n = 0;

	if (list == NULL)
		return;
	list = yread_list_field(&l->y, l->step_nodes[self], "contradicts", false,
	    N_("a step"));
	if (list == NULL)
		return;
	if (s->kind == STEP_TEXT || s->kind == STEP_DATE) {
		diag_error(l->d, list->line, list->col,
		    _("'contradicts' is only for check, yesno and choice steps; "
		      "'%s' is a %s step"), s->id, step_kind_name(s->kind));
		return;
	}
	if (list->count == 0 || list->count > ROUTINE_MAX_CONTRADICTIONS) {
		diag_error(l->d, list->line, list->col,
		    _("'contradicts' needs 1 to %d entries"), ROUTINE_MAX_CONTRADICTIONS);
		return;
	}
	cs = arena_array(l->arena, list->count, sizeof(*cs));
	for (i = 0; i < list->count; i++)
		if (load_contradiction(l, list->items[i], self, &cs[n]))
			n++;
	if (n == list->count) {
		s->contradicts = cs;
		s->contradiction_count = n;
	}
}

/* ---- The routine ---- */

static void
load_header(struct loader *l, const struct ynode *root)
{
	struct routine *r = l->r;
	const char *what = N_("the routine");
	int area;

	r->id = yread_id_field(&l->y, root, "id", what);
	yread_integer_field(&l->y, root, "version", 1, ROUTINE_MAX_VERSION, what,
	    &r->version);
	r->title = yread_text_field(&l->y, root, "title", true, what);
	r->description = yread_text_field(&l->y, root, "description", false, what);
	area = yread_enum_field(&l->y, root, "area", area_names, what);
	if (area >= 0)
		r->area = (enum routine_area)area;
}

/* Checks `format` first: a file in another format would only produce
 * confusing follow-up errors. Returns false when the rest must not be read. */
static bool
check_format(struct loader *l, const struct ynode *root)
{
	const struct ynode *v = yread_field(&l->y, root, "format", true, N_("the routine"));

	if (v == NULL)
		return true; /* reported; the rest may still be a routine */
	if (yread_text(&l->y, v, "format") == NULL)
		return true;
	if (strcmp(v->value, ROUTINE_FORMAT) != 0) {
		diag_error(l->d, v->line, v->col,
		    _("unsupported format '%s'; this version of rutin reads '%s'"),
		    v->value, ROUTINE_FORMAT);
		return false;
	}
	return true;
}

static void
load_sections(struct loader *l, const struct ynode *root)
{
	const struct ynode *list = yread_list_field(&l->y, root, "sections", true,
	    N_("the routine"));
	struct routine *r = l->r;
	size_t i;

	if (list == NULL)
		return;
	if (list->count == 0) {
		diag_error(l->d, list->line, list->col,
		    _("a routine needs at least one section"));
		return;
	}
	if (list->count > ROUTINE_MAX_SECTIONS) {
		diag_error(l->d, list->line, list->col,
		    _("too many sections: %zu (limit %d)"), list->count,
		    ROUTINE_MAX_SECTIONS);
		return;
	}
	r->sections = arena_array(l->arena, list->count, sizeof(*r->sections));
	r->section_count = list->count;
	for (i = 0; i < list->count; i++)
		load_section(l, list->items[i], i);
	check_unique_ids(l, list);
	for (i = 0; i < l->step_count; i++) {
		load_when(l, i);
		load_contradictions(l, i);
	}
}

/* ---- deadlines ---- */

/* The step a deadline names under `key`, or -1 (reported). */
static long
deadline_step(struct loader *l, const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);
	const char **ids;
	const char *hint;
	long k;
	size_t i;

	if (v == NULL || yread_id(&l->y, v, key) == NULL)
		return -1;
	if ((k = find_step(l, v->value)) >= 0)
		return k;
	ids = xcalloc(l->step_count + 1, sizeof(*ids));
	for (i = 0; i < l->step_count; i++)
		ids[i] = l->steps[i].id;
	hint = suggest_word(v->value, ids, l->step_count);
	if (hint != NULL)
		diag_error(l->d, v->line, v->col, _("'%s' names step '%s', which does not "
		    "exist; did you mean '%s'?"), key, v->value, hint);
	else
		diag_error(l->d, v->line, v->col, _("'%s' names step '%s', which does not "
		    "exist"), key, v->value);
	free(ids);
	return -1;
}

/* When the deadline falls: `hours` after the start, or the day of a
 * `date` step's answer; exactly one of them. */
static bool
load_deadline_time(struct loader *l, const struct ynode *map, struct routine_deadline *d)
{
	const struct ynode *hours = ynode_get(map, "hours"), *date = ynode_get(map, "date");
	long k;

	if ((hours == NULL) == (date == NULL)) {
		const struct ynode *at = hours != NULL ? hours : map;

		if (hours == NULL)
			diag_error(l->d, at->line, at->col, _("a deadline needs 'hours' (after "
			    "the run's start) or 'date' (a date step)"));
		else
			diag_error(l->d, at->line, at->col, _("a deadline takes 'hours' or "
			    "'date', not both"));
		return false;
	}
	if (hours != NULL) {
		d->from = DEADLINE_HOURS;
		return yread_integer_field(&l->y, map, "hours", 1, ROUTINE_MAX_DEADLINE_HOURS,
		    N_("a deadline"), &d->hours);
	}
	d->from = DEADLINE_DATE;
	if ((k = deadline_step(l, map, "date")) < 0)
		return false;
	if (l->steps[k].kind != STEP_DATE) {
		diag_error(l->d, date->line, date->col, _("'date' must name a date step; "
		    "'%s' is a %s step"), date->value, step_kind_name(l->steps[k].kind));
		return false;
	}
	d->date_step = (size_t)k;
	return true;
}

static bool
load_deadline(struct loader *l, const struct ynode *map, struct routine_deadline *d)
{
	const struct ynode *met = ynode_get(map, "met_by");
	size_t j;

	if (!yread_expect_mapping(&l->y, map, N_("a deadline")))
		return false;
	yread_check_keys(&l->y, map, deadline_keys, N_("a deadline"));
	memset(d, 0, sizeof(*d));
	d->line = map->line;
	d->col = map->col;
	d->id = yread_id_field(&l->y, map, "id", N_("a deadline"));
	d->title = yread_text_field(&l->y, map, "title", true, N_("a deadline"));
	d->met_by = -1;
	if (!load_deadline_time(l, map, d) || d->id == NULL || d->title == NULL)
		return false;
	if (met != NULL && (d->met_by = deadline_step(l, map, "met_by")) < 0)
		return false;
	if (d->from == DEADLINE_DATE && d->met_by >= 0 && (size_t)d->met_by == d->date_step) {
		diag_error(l->d, met->line, met->col, _("'met_by' names the date step "
		    "itself: the deadline would be met by giving it"));
		return false;
	}
	for (j = 0; j < l->r->deadline_count; j++)
		if (strcmp(l->r->deadlines[j].id, d->id) == 0) {
			const struct ynode *idn = ynode_get(map, "id");

			diag_error(l->d, idn->line, idn->col, _("duplicate deadline id '%s' "
			    "(first used at line %u)"), d->id, l->r->deadlines[j].line);
			return false;
		}
	return true;
}

/* `deadlines`: read after the steps, which they name. */
static void
load_deadlines(struct loader *l, const struct ynode *root)
{
	const struct ynode *list = yread_list_field(&l->y, root, "deadlines", false,
	    N_("the routine"));
	struct routine *r = l->r;
	size_t i;

	if (list == NULL)
		return;
	if (list->count == 0 || list->count > ROUTINE_MAX_DEADLINES) {
		diag_error(l->d, list->line, list->col, _("'deadlines' needs 1 to %d "
		    "entries"), ROUTINE_MAX_DEADLINES);
		return;
	}
	r->deadlines = arena_array(l->arena, list->count, sizeof(*r->deadlines));
	for (i = 0; i < list->count; i++)
		if (load_deadline(l, list->items[i], &r->deadlines[r->deadline_count]))
			r->deadline_count++;
}

static void
warn_unused_references(struct loader *l, const struct ynode *root)
{
	const struct ynode *list = ynode_get(root, "references");
	size_t i, j;

	if (l->ref_used == NULL)
		return;
	for (i = 0; i < l->r->ref_count; i++) {
		if (l->ref_used[i])
			continue;
		for (j = 0; j < list->count; j++) {
			const struct ynode *id = ynode_get(list->items[j], "id");

			if (id != NULL && id->type == YNODE_SCALAR &&
			    strcmp(id->value, l->r->refs[i].id) == 0) {
				diag_warning(l->d, id->line, id->col,
				    _("reference '%s' is not used by any step"),
				    l->r->refs[i].id);
				break;
			}
		}
	}
}

static void
load_routine(struct loader *l, const struct ynode *root)
{
	if (!yread_expect_mapping(&l->y, root, N_("the top level of a routine")))
		return;
	yread_check_keys(&l->y, root, routine_keys, N_("the routine"));
	if (!check_format(l, root))
		return;
	load_header(l, root);
	load_references(l, root);
	load_sections(l, root);
	load_deadlines(l, root);
	warn_unused_references(l, root);
}

enum routine_status
routine_load_buffer(const char *text, size_t len, const char *name,
    struct routine **out, struct diag_list *d)
{
	struct loader l;
	const struct ynode *root;
	size_t errors_before = d->errors;
	enum routine_status status = ROUTINE_INVALID;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.arena = arena_new();
	l.d = d;
	l.y.d = d;
	l.r = arena_alloc(l.arena, sizeof(*l.r));
	l.r->arena = l.arena;
	l.r->source = arena_strndup(l.arena, name, strlen(name));

	/* The tree lives in the routine's arena: the model's strings are the
	 * tree's scalars, not copies of them. */
	root = ytree_parse(l.arena, text, len, d);
	if (root != NULL)
		load_routine(&l, root);
	if (root != NULL && d->errors == errors_before) {
		l.r->steps = arena_array(l.arena, l.step_count, sizeof(*l.r->steps));
		if (l.step_count > 0)
			memcpy(l.r->steps, l.steps, l.step_count * sizeof(*l.steps));
		l.r->step_count = l.step_count;
		/* Once, here: the routine is immutable from now on. */
		routine_compute_hash(l.r);
		*out = l.r;
		status = ROUTINE_OK;
	} else {
		arena_free(&l.arena);
	}
	free(l.steps);
	free(l.step_nodes);
	free(l.ref_used);
	return status;
}

enum routine_status
routine_load_file(const char *path, struct routine **out, struct diag_list *d)
{
	enum routine_status status;
	char *buf;
	size_t len;

	*out = NULL;
	status = (enum routine_status)yread_read_file(path, &buf, &len, d);
	if (status != ROUTINE_OK)
		return status;
	status = routine_load_buffer(buf, len, path, out, d);
	free(buf);
	return status;
}

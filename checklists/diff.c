/* What changed between two versions of a routine (diff.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checklists/diff.h"
#include "common/xalloc.h"

struct builder {
	struct rdiff *d;
	size_t cap;
	const struct routine *a, *b;
};

static struct rdiff_change *
add(struct builder *bl, enum rdiff_kind kind, bool weakens)
{
	struct rdiff *d = bl->d;
	struct rdiff_change *c;

	if (d->count == bl->cap) {
		bl->cap = bl->cap ? 2 * bl->cap : 16;
		d->items = xreallocarray(d->items, bl->cap, sizeof(*d->items));
	}
	c = &d->items[d->count++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->weakens = weakens;
	d->weakening += weakens;
	return c;
}

static struct rdiff_change *
add_step(struct builder *bl, enum rdiff_kind kind, bool weakens, size_t ia, size_t ib)
{
	struct rdiff_change *c = add(bl, kind, weakens);

	c->step_a = routine_step(bl->a, ia);
	c->step_b = routine_step(bl->b, ib);
	c->index_a = ia;
	c->index_b = ib;
	return c;
}

static bool
same_text(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

/* ---- Conditions and lists, compared by ids, not by positions ---- */

static bool
same_values(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
	size_t i;

	if (nx != ny)
		return false;
	for (i = 0; i < nx; i++)
		if (!routine_answer_listed(y, ny, x[i]))
			return false;
	return true;
}

static bool
same_when(const struct routine *ra, const struct step_when *x,
    const struct routine *rb, const struct step_when *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return x->unless == y->unless &&
	    strcmp(routine_step(ra, x->step)->id, routine_step(rb, y->step)->id) == 0 &&
	    same_values(x->values, x->value_count, y->values, y->value_count);
}

static bool
same_contradictions(const struct routine *ra, const struct step *x,
    const struct routine *rb, const struct step *y)
{
	size_t i;

	if (x->contradiction_count != y->contradiction_count)
		return false;
	for (i = 0; i < x->contradiction_count; i++) {
		const struct step_contradiction *p = &x->contradicts[i], *q = &y->contradicts[i];

		if (!same_values(p->answers, p->answer_count, q->answers, q->answer_count) ||
		    !same_when(ra, &p->other, rb, &q->other) || !same_text(p->message, q->message))
			return false;
	}
	return true;
}

static bool
same_refs(const struct routine *ra, const struct step *x, const struct routine *rb,
    const struct step *y)
{
	size_t i, j;

	if (x->ref_count != y->ref_count)
		return false;
	for (i = 0; i < x->ref_count; i++) {
		const char *id = routine_ref(ra, x->refs[i])->id;
		bool found = false;

		for (j = 0; j < y->ref_count && !found; j++)
			found = strcmp(routine_ref(rb, y->refs[j])->id, id) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool
same_options(const struct step *x, const struct step *y)
{
	size_t i;

	if (x->option_count != y->option_count)
		return false;
	for (i = 0; i < x->option_count; i++)
		if (strcmp(x->options[i].id, y->options[i].id) != 0 ||
		    strcmp(x->options[i].label, y->options[i].label) != 0)
			return false;
	return true;
}

static const char *
section_id(const struct routine *r, const struct step *s)
{
	return routine_section(r, s->section)->id;
}

/* ---- Steps ---- */

/* Whether y asks less of its second person than x: none where x had
 * one, the organisation's choice where x always asked, a colleague where
 * x asked a supervisor. */
static bool
second_weakens(const struct step *x, const struct step *y)
{
	if (x->second == SECOND_NONE)
		return false;
	return y->second == SECOND_NONE || (y->second_optional && !x->second_optional) ||
	    (x->second == SECOND_SUPERVISOR && y->second == SECOND_COLLEAGUE);
}

/* What changed in a step both versions have. */
static void
step_changes(struct builder *bl, size_t ia, size_t ib)
{
	const struct step *x = routine_step(bl->a, ia), *y = routine_step(bl->b, ib);

	if (x->critical != y->critical)
		add_step(bl, y->critical ? RDIFF_CRITICAL_ON : RDIFF_CRITICAL_OFF, !y->critical,
		    ia, ib);
	if (x->required != y->required)
		add_step(bl, y->required ? RDIFF_REQUIRED_ON : RDIFF_REQUIRED_OFF, !y->required,
		    ia, ib);
	if (x->protection_gate != y->protection_gate)
		add_step(bl, y->protection_gate ? RDIFF_GATE_ON : RDIFF_GATE_OFF,
		    !y->protection_gate, ia, ib);
	if (x->kind != y->kind)
		add_step(bl, RDIFF_KIND, false, ia, ib);
	if (!same_text(x->prompt, y->prompt))
		add_step(bl, RDIFF_PROMPT, false, ia, ib);
	if (x->kind == y->kind && !same_options(x, y))
		add_step(bl, RDIFF_OPTIONS, false, ia, ib);
	if (!same_when(bl->a, x->when, bl->b, y->when))
		add_step(bl, RDIFF_CONDITION, true, ia, ib);
	if (!same_contradictions(bl->a, x, bl->b, y))
		add_step(bl, RDIFF_CONTRADICTIONS, x->contradiction_count >
		    y->contradiction_count, ia, ib);
	if (!same_refs(bl->a, x, bl->b, y))
		add_step(bl, RDIFF_REFERENCES, false, ia, ib);
	if (!same_text(x->help, y->help))
		add_step(bl, RDIFF_HELP, false, ia, ib);
	if (x->stop == NULL && y->stop != NULL)
		add_step(bl, RDIFF_STOP_ADDED, false, ia, ib);
	else if (x->stop != NULL && y->stop == NULL)
		add_step(bl, RDIFF_STOP_REMOVED, true, ia, ib);
	else if (!same_text(x->stop, y->stop))
		add_step(bl, RDIFF_STOP_CHANGED, false, ia, ib);
	if (x->second != y->second || x->second_optional != y->second_optional)
		add_step(bl, RDIFF_SECOND, second_weakens(x, y), ia, ib);
}

/* Which of the steps both versions have keep their order: the longest
 * common subsequence of their ids (a few hundred steps at most: the
 * quadratic table is small). keep[i] for b's step i. */
static void
kept_order(const struct routine *a, const struct routine *b, const long *in_a,
    bool *keep)
{
	size_t na = routine_step_count(a), nb = routine_step_count(b), i, j;
	size_t *t = xcalloc((na + 1) * (nb + 1), sizeof(*t));

#define T(i, j) t[(i) * (nb + 1) + (j)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			T(i, j) = in_a[j] == (long)i ? T(i + 1, j + 1) + 1 :
			    (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
	for (i = 0, j = 0; i < na && j < nb;) {
		if (in_a[j] == (long)i) {
			keep[j] = true;
			i++, j++;
		} else if (T(i + 1, j) >= T(i, j + 1)) {
			i++;
		} else {
			j++;
		}
	}
#undef T
	free(t);
}

static void
steps(struct builder *bl)
{
	size_t na = routine_step_count(bl->a), nb = routine_step_count(bl->b), i, j;
	long *in_a = xcalloc(nb + 1, sizeof(*in_a));
	bool *keep = xcalloc(nb + 1, sizeof(*keep));
	struct rdiff_change *c;

	for (j = 0; j < nb; j++)
		in_a[j] = routine_find_step(bl->a, routine_step(bl->b, j)->id);
	kept_order(bl->a, bl->b, in_a, keep);
	/* Removed: in a's order, before b's steps. */
	for (i = 0; i < na; i++)
		if (routine_find_step(bl->b, routine_step(bl->a, i)->id) < 0) {
			c = add(bl, RDIFF_STEP_REMOVED, true);
			c->step_a = routine_step(bl->a, i);
			c->index_a = i;
		}
	for (j = 0; j < nb; j++) {
		if (in_a[j] < 0) {
			c = add(bl, RDIFF_STEP_ADDED, false);
			c->step_b = routine_step(bl->b, j);
			c->index_b = j;
			continue;
		}
		if (!keep[j] || strcmp(section_id(bl->a, routine_step(bl->a, (size_t)in_a[j])),
		    section_id(bl->b, routine_step(bl->b, j))) != 0)
			add_step(bl, RDIFF_STEP_MOVED, false, (size_t)in_a[j], j);
		step_changes(bl, (size_t)in_a[j], j);
	}
	free(in_a);
	free(keep);
}

/* ---- Sections, references, deadlines ---- */

static const struct section *
find_section(const struct routine *r, const char *id)
{
	size_t i;

	for (i = 0; i < routine_section_count(r); i++)
		if (strcmp(routine_section(r, i)->id, id) == 0)
			return routine_section(r, i);
	return NULL;
}

static void
sections(struct builder *bl)
{
	size_t i;
	struct rdiff_change *c;

	for (i = 0; i < routine_section_count(bl->a); i++) {
		const struct section *x = routine_section(bl->a, i);
		const struct section *y = find_section(bl->b, x->id);

		if (y == NULL) {
			c = add(bl, RDIFF_SECTION_REMOVED, false);
			c->section_a = x;
		} else if (!same_text(x->title, y->title)) {
			c = add(bl, RDIFF_SECTION_RETITLED, false);
			c->section_a = x, c->section_b = y;
		}
	}
	for (i = 0; i < routine_section_count(bl->b); i++)
		if (find_section(bl->a, routine_section(bl->b, i)->id) == NULL) {
			c = add(bl, RDIFF_SECTION_ADDED, false);
			c->section_b = routine_section(bl->b, i);
		}
}

static const struct routine_ref *
find_ref(const struct routine *r, const char *id)
{
	size_t i;

	for (i = 0; i < routine_ref_count(r); i++)
		if (strcmp(routine_ref(r, i)->id, id) == 0)
			return routine_ref(r, i);
	return NULL;
}

static void
references(struct builder *bl)
{
	size_t i;
	struct rdiff_change *c;

	for (i = 0; i < routine_ref_count(bl->a); i++) {
		const struct routine_ref *x = routine_ref(bl->a, i);
		const struct routine_ref *y = find_ref(bl->b, x->id);

		if (y != NULL && !same_text(x->text, y->text)) {
			c = add(bl, RDIFF_REFERENCE_TEXT, false);
			c->ref_a = x, c->ref_b = y;
		}
	}
}

static const struct routine_deadline *
find_deadline(const struct routine *r, const char *id)
{
	size_t i;

	for (i = 0; i < routine_deadline_count(r); i++)
		if (strcmp(routine_deadline(r, i)->id, id) == 0)
			return routine_deadline(r, i);
	return NULL;
}

static const char *
met_by_id(const struct routine *r, long met_by)
{
	return met_by >= 0 ? routine_step(r, (size_t)met_by)->id : "";
}

static void
deadlines(struct builder *bl)
{
	size_t i;
	struct rdiff_change *c;

	for (i = 0; i < routine_deadline_count(bl->a); i++) {
		const struct routine_deadline *x = routine_deadline(bl->a, i);
		const struct routine_deadline *y = find_deadline(bl->b, x->id);

		if (y == NULL) {
			c = add(bl, RDIFF_DEADLINE_REMOVED, true);
			c->deadline_a = x;
		} else if (x->from != y->from || x->hours != y->hours ||
		    !same_text(met_by_id(bl->a, x->met_by), met_by_id(bl->b, y->met_by)) ||
		    (x->from == DEADLINE_DATE && strcmp(routine_step(bl->a, x->date_step)->id,
		    routine_step(bl->b, y->date_step)->id) != 0) ||
		    !same_text(x->title, y->title)) {
			c = add(bl, RDIFF_DEADLINE_CHANGED, x->from != y->from ||
			    y->hours > x->hours);
			c->deadline_a = x, c->deadline_b = y;
		}
	}
	for (i = 0; i < routine_deadline_count(bl->b); i++)
		if (find_deadline(bl->a, routine_deadline(bl->b, i)->id) == NULL) {
			c = add(bl, RDIFF_DEADLINE_ADDED, false);
			c->deadline_b = routine_deadline(bl->b, i);
		}
}

void
diff_routines(const struct routine *a, const struct routine *b, struct rdiff *out)
{
	struct builder bl = { out, 0, a, b };

	memset(out, 0, sizeof(*out));
	if (!same_text(routine_title(a), routine_title(b)))
		add(&bl, RDIFF_TITLE, false);
	sections(&bl);
	steps(&bl);
	references(&bl);
	deadlines(&bl);
}

void
diff_free(struct rdiff *d)
{
	free(d->items);
	memset(d, 0, sizeof(*d));
}

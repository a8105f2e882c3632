/* What changed between two versions of a routine, in words
 * (runlog/diffwords.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/diff.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "runlog/diffwords.h"
#include "runlog/words.h"

struct pair {
	const struct routine *a, *b;
};

/* A step for a sentence: its prompt, quoted and cut. */
static void
put_step(FILE *out, const struct step *s)
{
	char buf[WORDS_PROMPT_MAX + 16];

	words_step(s, NULL, buf, sizeof(buf));
	utf8_write_visible(out, buf);
}

/* A text on one line: line breaks and tabs become spaces, a run of them
 * one, none at the ends. */
static void
put_text(FILE *out, const char *s)
{
	char *copy = xstrdup(s != NULL ? s : ""), *p, *q = copy;
	bool space = false;

	for (p = copy; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') {
			space = q != copy;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = false;
		*q++ = *p;
	}
	*q = '\0';
	utf8_write_visible(out, copy);
	free(copy);
}

/* When the step is shown: "always", or "when "PROMPT" is answered X or Y"
 * ("is not answered" for unless). */
static void
put_when(FILE *out, const struct routine *r, const struct step_when *w)
{
	const struct step *on;
	size_t i;

	if (w == NULL) {
		fputs(_("always shown"), out);
		return;
	}
	on = routine_step(r, w->step);
	fputs(_("shown when "), out);
	put_step(out, on);
	fputs(w->unless ? _(" is not answered ") : _(" is answered "), out);
	for (i = 0; i < w->value_count; i++) {
		if (i > 0)
			fputs(_(" or "), out);
		fputc('"', out);
		utf8_write_visible(out, words_answer(on, w->values[i]));
		fputc('"', out);
	}
}

static void
put_refs(FILE *out, const struct routine *r, const struct step *s)
{
	size_t i;

	if (s->ref_count == 0)
		fputs(_("none"), out);
	for (i = 0; i < s->ref_count; i++) {
		if (i > 0)
			fputs("; ", out);
		put_text(out, routine_ref(r, s->refs[i])->text);
	}
}

static void
put_options(FILE *out, const struct step *s)
{
	size_t i;

	for (i = 0; i < s->option_count; i++) {
		if (i > 0)
			fputs(", ", out);
		put_text(out, s->options[i].label);
	}
}

static void
put_deadline(FILE *out, const struct routine *r, const struct routine_deadline *d)
{
	put_text(out, d->title);
	if (d->from == DEADLINE_HOURS)
		fprintf(out, _(": %ld hours from the start"), d->hours);
	else {
		fputs(_(": the day "), out);
		put_step(out, routine_step(r, d->date_step));
		fputs(_(" names"), out);
	}
	if (d->met_by >= 0) {
		fputs(_(", met by "), out);
		put_step(out, routine_step(r, (size_t)d->met_by));
	} else {
		fputs(_(", met by completing the run"), out);
	}
}

/* Who confirms a step's answer: "a supervisor, always", "no one". */
static void
put_second(FILE *out, const struct step *s)
{
	if (s->second == SECOND_NONE)
		fputs(_("no one"), out);
	else
		fprintf(out, "%s, %s", s->second == SECOND_SUPERVISOR ? _("a supervisor") :
		    _("a colleague"), s->second_optional ? _("the organisation's choice") :
		    _("always"));
}

/* The sentence of a change that is about a step's own field: its
 * heading, the step, then was/now. */
static void
put_was_now(FILE *out, const struct pair *p, const struct rdiff_change *c)
{
	const struct step *x = c->step_a, *y = c->step_b;

	fputs(_("\n      was: "), out);
	switch (c->kind) {
	case RDIFF_PROMPT: put_text(out, x->prompt); break;
	case RDIFF_KIND: fputs(step_kind_name(x->kind), out); break;
	case RDIFF_OPTIONS: put_options(out, x); break;
	case RDIFF_CONDITION: put_when(out, p->a, x->when); break;
	case RDIFF_REFERENCES: put_refs(out, p->a, x); break;
	case RDIFF_HELP: put_text(out, x->help != NULL ? x->help : _("(none)")); break;
	case RDIFF_STOP_CHANGED: put_text(out, x->stop); break;
	case RDIFF_SECOND: put_second(out, x); break;
	default: break;
	}
	fputs(_("\n      now: "), out);
	switch (c->kind) {
	case RDIFF_PROMPT: put_text(out, y->prompt); break;
	case RDIFF_KIND: fputs(step_kind_name(y->kind), out); break;
	case RDIFF_OPTIONS: put_options(out, y); break;
	case RDIFF_CONDITION: put_when(out, p->b, y->when); break;
	case RDIFF_REFERENCES: put_refs(out, p->b, y); break;
	case RDIFF_HELP: put_text(out, y->help != NULL ? y->help : _("(none)")); break;
	case RDIFF_STOP_CHANGED: put_text(out, y->stop); break;
	case RDIFF_SECOND: put_second(out, y); break;
	default: break;
	}
}

/* What each kind of change says before its subject. */
static const char *const headings[RDIFF_KIND_COUNT] = {
	[RDIFF_TITLE] = N_("title changed"),
	[RDIFF_SECTION_ADDED] = N_("section added"),
	[RDIFF_SECTION_REMOVED] = N_("section removed"),
	[RDIFF_SECTION_RETITLED] = N_("section renamed"),
	[RDIFF_STEP_ADDED] = N_("step added"),
	[RDIFF_STEP_REMOVED] = N_("step removed"),
	[RDIFF_STEP_MOVED] = N_("step moved"),
	[RDIFF_CRITICAL_ON] = N_("made critical"),
	[RDIFF_CRITICAL_OFF] = N_("no longer critical"),
	[RDIFF_REQUIRED_ON] = N_("made required"),
	[RDIFF_REQUIRED_OFF] = N_("no longer required"),
	[RDIFF_GATE_ON] = N_("made the protection gate"),
	[RDIFF_GATE_OFF] = N_("no longer the protection gate"),
	[RDIFF_KIND] = N_("kind of answer changed"),
	[RDIFF_PROMPT] = N_("prompt changed"),
	[RDIFF_OPTIONS] = N_("answers changed"),
	[RDIFF_CONDITION] = N_("condition changed"),
	[RDIFF_CONTRADICTIONS] = N_("contradictions changed"),
	[RDIFF_REFERENCES] = N_("references changed"),
	[RDIFF_HELP] = N_("help text changed"),
	[RDIFF_STOP_ADDED] = N_("stop added"),
	[RDIFF_STOP_REMOVED] = N_("stop removed"),
	[RDIFF_STOP_CHANGED] = N_("stop changed"),
	[RDIFF_SECOND] = N_("second person changed"),
	[RDIFF_REFERENCE_TEXT] = N_("reference changed"),
	[RDIFF_DEADLINE_ADDED] = N_("deadline added"),
	[RDIFF_DEADLINE_REMOVED] = N_("deadline removed"),
	[RDIFF_DEADLINE_CHANGED] = N_("deadline changed"),
};

static void
put_section(FILE *out, const struct section *s)
{
	fputc('"', out);
	put_text(out, s->title);
	fputc('"', out);
}

static void
put_subject(FILE *out, const struct pair *p, const struct rdiff_change *c)
{
	switch (c->kind) {
	case RDIFF_TITLE:
		fputc('"', out), put_text(out, routine_title(p->a)), fputs(_("\" → \""), out);
		put_text(out, routine_title(p->b)), fputc('"', out);
		break;
	case RDIFF_SECTION_ADDED: put_section(out, c->section_b); break;
	case RDIFF_SECTION_REMOVED: put_section(out, c->section_a); break;
	case RDIFF_SECTION_RETITLED:
		put_section(out, c->section_a), fputs(" → ", out), put_section(out, c->section_b);
		break;
	case RDIFF_STEP_ADDED:
		put_step(out, c->step_b);
		fprintf(out, _(" (step %zu, section "), c->index_b + 1);
		put_section(out, routine_section(p->b, c->step_b->section));
		fputs(c->step_b->critical ? _(", a critical step)") : ")", out);
		break;
	case RDIFF_STEP_REMOVED:
		put_step(out, c->step_a);
		fprintf(out, c->step_a->critical ? _(" (was step %zu, critical)") : _(" (was step %zu)"),
		    c->index_a + 1);
		break;
	case RDIFF_STEP_MOVED:
		put_step(out, c->step_b);
		fprintf(out, _(": step %zu in "), c->index_a + 1);
		put_section(out, routine_section(p->a, c->step_a->section));
		fprintf(out, _(", now step %zu in "), c->index_b + 1);
		put_section(out, routine_section(p->b, c->step_b->section));
		break;
	case RDIFF_REFERENCE_TEXT:
		fputc('"', out), put_text(out, c->ref_a->text), fputs(_("\" → \""), out);
		put_text(out, c->ref_b->text), fputc('"', out);
		break;
	case RDIFF_DEADLINE_ADDED: put_deadline(out, p->b, c->deadline_b); break;
	case RDIFF_DEADLINE_REMOVED: put_deadline(out, p->a, c->deadline_a); break;
	case RDIFF_DEADLINE_CHANGED:
		put_deadline(out, p->a, c->deadline_a);
		fputs(_("\n      now: "), out);
		put_deadline(out, p->b, c->deadline_b);
		break;
	case RDIFF_STOP_ADDED:
		put_step(out, c->step_b);
		fputs(": ", out), put_text(out, c->step_b->stop);
		break;
	default:
		put_step(out, c->step_b != NULL ? c->step_b : c->step_a);
		if (c->kind == RDIFF_PROMPT || c->kind == RDIFF_KIND || c->kind == RDIFF_OPTIONS ||
		    c->kind == RDIFF_CONDITION || c->kind == RDIFF_REFERENCES ||
		    c->kind == RDIFF_HELP || c->kind == RDIFF_STOP_CHANGED ||
		    c->kind == RDIFF_SECOND)
			put_was_now(out, p, c);
		break;
	}
}

static void
put_changes(FILE *out, const struct pair *p, const struct rdiff *d, bool weakening)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct rdiff_change *c = &d->items[i];

		if (c->weakens != weakening)
			continue;
		fprintf(out, "%s %s: ", c->weakens ? "!" : " ", _(headings[c->kind]));
		put_subject(out, p, c);
		fputc('\n', out);
	}
}

bool
diffwords_write(FILE *out, const struct routine *a, const struct routine *b)
{
	struct rdiff d;
	struct pair p;
	char ha[65], hb[65];

	p.a = a, p.b = b;
	routine_hash_hex(a, ha);
	routine_hash_hex(b, hb);
	if (strcmp(routine_id(a), routine_id(b)) != 0)
		fprintf(out, _("Note: two different routines (%s and %s); steps are matched by "
		    "id.\n"), routine_id(a), routine_id(b));
	fprintf(out, _("\"%s\" version %ld (%.12s) → version %ld (%.12s)\n"), routine_title(a),
	    routine_version(a), ha, routine_version(b), hb);
	diff_routines(a, b, &d);
	if (d.count == 0)
		fprintf(out, "%s\n", strcmp(ha, hb) == 0 ? _("The same routine: the same hash.") :
		    _("No change in the steps, sections, references or deadlines (the "
		    "description, an area, an id or a version differs)."));
	put_changes(out, &p, &d, true);
	put_changes(out, &p, &d, false);
	if (d.count > 0)
		fprintf(out, ngettext("%zu change; %zu of them can make the routine protect less "
		    "(marked !): read those first.\n", "%zu changes; %zu of them can make "
		    "the routine protect less (marked !): read those first.\n", d.count),
		    d.count, d.weakening);
	diff_free(&d);
	return strcmp(ha, hb) != 0;
}


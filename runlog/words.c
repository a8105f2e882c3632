/* Words for people: words.h. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/fields.h"
#include "runlog/words.h"

const char *
words_answer(const struct step *s, const char *value)
{
	size_t k;

	if (s == NULL || value == NULL)
		return value;
	switch (s->kind) {
	case STEP_CHECK:
		return _("done");
	case STEP_YESNO:
		return strcmp(value, ANSWER_YES) == 0 ? _("yes") :
		    strcmp(value, ANSWER_NO) == 0 ? _("no") : value;
	case STEP_CHOICE:
		for (k = 0; k < s->option_count; k++)
			if (strcmp(s->options[k].id, value) == 0)
				return s->options[k].label;
		return value;
	case STEP_TEXT:
	case STEP_DATE:
		break;
	}
	return value;
}

void
words_step(const struct step *s, const char *id, char *buf, size_t size)
{
	const char *text = s != NULL ? s->prompt : id;
	char cut[WORDS_PROMPT_MAX + 4];
	size_t n = strlen(text);

	if (n > WORDS_PROMPT_MAX) {
		n = WORDS_PROMPT_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--; /* not inside a character */
		memcpy(cut, text, n);
		memcpy(cut + n, "\xe2\x80\xa6", 4); /* … and the NUL */
		text = cut;
	}
	/* TRANSLATORS: a step's prompt in a timeline, quoted. */
	snprintf(buf, size, _("\"%s\""), text);
}

/* s with each line break as "↵ ", in a new string. */
static char *
one_line(const char *s)
{
	size_t n = 0;
	const char *p;
	char *out, *q;

	for (p = s; *p != '\0'; p++)
		n += *p == '\n' ? 4 : 1;
	out = q = xmalloc(n + 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			memcpy(q, "\xe2\x86\xb5 ", 4); /* ↵ and a space */
			q += 4;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	return out;
}

/* A step event: the phrase, the step's prompt, and its answer or text. */
static char *
step_words(const char *label, const struct log_event *ev, const struct routine *r,
    const char *step_id, const char *text)
{
	const struct step *s = routine_step_by_id(r, step_id);
	char *what, *out, *line;

	/* TRANSLATORS: a step's prompt in a timeline, quoted. */
	what = xasprintf(_("\"%s\""), s != NULL ? s->prompt : step_id);
	if (text == NULL || *text == '\0') {
		out = xasprintf("%s %s", label, what);
	} else {
		line = one_line(event_is(ev->type, EV_STEP_ANSWERED) ?
		    words_answer(s, text) : text);
		out = xasprintf("%s %s: %s", label, what, line);
		free(line);
	}
	free(what);
	return out;
}

/* Any other event: its phrase, and the text of its fields for people. */
static char *
other_words(const char *label, const struct log_event *ev, const struct routine *r,
    const struct log_field *f, size_t n)
{
	char *out = xstrdup(label), *more, *line;
	bool first = true;
	size_t i;

	if (event_is(ev->type, EV_RUN_STARTED) && r != NULL) {
		more = xasprintf("%s: %s", out, routine_title(r));
		free(out);
		return more;
	}
	if (event_is(ev->type, EV_ACCESS_RECORDED) && fields_text(f, n, "what") != NULL) {
		free(out);
		return xstrdup(words_access(ev->type, fields_text(f, n, "what")));
	}
	for (i = 0; i < n; i++) {
		if (f[i].text == NULL || !fields_for_people(f[i].name))
			continue;
		line = one_line(f[i].text);
		more = xasprintf(first ? "%s: %s" : "%s, %s", out, line);
		first = false;
		free(line);
		free(out);
		out = more;
	}
	return out;
}

char *
words_event(const struct log_event *ev, const struct routine *r)
{
	const char *label = _(event_label(ev->type)), *step;
	struct log_field *f;
	size_t n;
	char *out;

	if (!fields_from_json(ev->fields, &f, &n))
		return xstrdup(label);
	step = fields_text(f, n, "step");
	if (step != NULL && (event_flags_of(ev->type) & EVF_STEP))
		out = step_words(label, ev, r, step, fields_text(f, n, "text"));
	else
		out = other_words(label, ev, r, f, n);
	fields_free(f, n);
	return out;
}

const char *
words_access(const char *type, const char *what)
{
	if (event_is(type, EV_ACCESS_RECORDED) && what != NULL)
		return _(access_read_label(what));
	return _(event_label(type));
}

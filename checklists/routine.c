/* Accessors and lifetime of the routine model. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "checklists/routine_impl.h"

void
routine_free(struct routine **r)
{
	struct arena *a;

	if (r == NULL || *r == NULL)
		return;
	a = (*r)->arena; /* the routine itself lives in its arena */
	arena_free(&a);
	*r = NULL;
}

const char *
routine_source(const struct routine *r)
{
	return r->source;
}

const char *
routine_id(const struct routine *r)
{
	return r->id;
}

long
routine_version(const struct routine *r)
{
	return r->version;
}

const char *
routine_title(const struct routine *r)
{
	return r->title;
}

const char *
routine_description(const struct routine *r)
{
	return r->description;
}

enum routine_area
routine_area(const struct routine *r)
{
	return r->area;
}

size_t
routine_ref_count(const struct routine *r)
{
	return r->ref_count;
}

const struct routine_ref *
routine_ref(const struct routine *r, size_t i)
{
	return i < r->ref_count ? &r->refs[i] : NULL;
}

size_t
routine_section_count(const struct routine *r)
{
	return r->section_count;
}

const struct section *
routine_section(const struct routine *r, size_t i)
{
	return i < r->section_count ? &r->sections[i] : NULL;
}

size_t
routine_step_count(const struct routine *r)
{
	return r->step_count;
}

const struct step *
routine_step(const struct routine *r, size_t i)
{
	return i < r->step_count ? &r->steps[i] : NULL;
}

size_t
routine_deadline_count(const struct routine *r)
{
	return r->deadline_count;
}

const struct routine_deadline *
routine_deadline(const struct routine *r, size_t i)
{
	return i < r->deadline_count ? &r->deadlines[i] : NULL;
}

long
routine_find_step(const struct routine *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->step_count; i++)
		if (strcmp(r->steps[i].id, id) == 0)
			return (long)i;
	return -1;
}

const struct step *
routine_step_by_id(const struct routine *r, const char *id)
{
	long k = r != NULL && id != NULL ? routine_find_step(r, id) : -1;

	return k >= 0 ? routine_step(r, (size_t)k) : NULL;
}

const uint8_t *
routine_hash(const struct routine *r)
{
	return r->hash;
}

void
routine_hash_hex(const struct routine *r, char out[2 * ROUTINE_HASH_BYTES + 1])
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *h = routine_hash(r);
	size_t i;

	for (i = 0; i < ROUTINE_HASH_BYTES; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 0xf];
	}
	out[2 * ROUTINE_HASH_BYTES] = '\0';
}

const char *
routine_area_name(enum routine_area a)
{
	switch (a) {
	case AREA_PROTECTED_IDENTITY:
		return "protected-identity";
	case AREA_CONTACT_BAN:
		return "contact-ban";
	case AREA_CUSTODY:
		return "custody";
	case AREA_OTHER:
		break;
	}
	return "other";
}

static const char *const second_words[] = { NULL, "colleague", "supervisor" };

const char *
step_second_name(enum second_person p)
{
	return (size_t)p < sizeof(second_words) / sizeof(*second_words) ?
	    second_words[p] : NULL;
}

int
step_second_of(const char *word)
{
	size_t i;

	for (i = 1; word != NULL && i < sizeof(second_words) / sizeof(*second_words); i++)
		if (strcmp(word, second_words[i]) == 0)
			return (int)i;
	return -1;
}

const char *
step_kind_name(enum step_kind k)
{
	switch (k) {
	case STEP_CHECK:
		return "check";
	case STEP_YESNO:
		return "yesno";
	case STEP_CHOICE:
		return "choice";
	case STEP_TEXT:
		return "text";
	case STEP_DATE:
		break;
	}
	return "date";
}

bool
routine_answer_listed(const char *const *values, size_t n, const char *answer)
{
	size_t i;

	for (i = 0; answer != NULL && i < n; i++)
		if (strcmp(answer, values[i]) == 0)
			return true;
	return false;
}

bool
step_when_lists(const struct step_when *w, const char *answer)
{
	return routine_answer_listed(w->values, w->value_count, answer);
}

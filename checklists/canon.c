/* The canonical hash of a routine: SHA-256 over a fixed serialisation of
 * the model, so comments, whitespace, quoting style and key order do not
 * change it, while any change of content does. Defaults count as written
 * out (`required: true` given or left out is the same routine). The byte
 * layout is specified in checklists/FORMAT.md; keep the two in step. */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/routine_impl.h"
#include "common/xalloc.h"

/* The canonical bytes are collected first and hashed in one call: many
 * small updates cost more than the hashing itself. */
struct canon {
	unsigned char *data;
	size_t len;
	size_t cap;
};

static void
put_bytes(struct canon *c, const void *p, size_t n)
{
	if (c->cap - c->len < n) {
		while (c->cap - c->len < n)
			c->cap = c->cap ? 2 * c->cap : 4096;
		c->data = xreallocarray(c->data, c->cap, 1);
	}
	memcpy(c->data + c->len, p, n);
	c->len += n;
}


static void
put_u32(struct canon *st, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v };

	put_bytes(st, b, sizeof(b));
}

static void
put_u8(struct canon *st, unsigned char v)
{
	put_bytes(st, &v, 1);
}

static void
put_str(struct canon *st, const char *s)
{
	size_t n = strlen(s);

	put_u32(st, (uint32_t)n);
	put_bytes(st, s, n);
}

static void
put_opt(struct canon *st, const char *s)
{
	put_u8(st, s != NULL);
	if (s != NULL)
		put_str(st, s);
}

static void
put_strs(struct canon *st, const char *const *v, size_t n)
{
	size_t i;

	put_u32(st, (uint32_t)n);
	for (i = 0; i < n; i++)
		put_str(st, v[i]);
}

static void
put_when(struct canon *st, const struct routine *r, const struct step_when *w)
{
	put_str(st, r->steps[w->step].id);
	put_strs(st, w->values, w->value_count);
}

static void
put_step(struct canon *st, const struct routine *r,
    const struct step *s)
{
	size_t i;

	put_str(st, s->id);
	put_str(st, step_kind_name(s->kind));
	put_str(st, s->prompt);
	put_u32(st, (uint32_t)s->option_count);
	for (i = 0; i < s->option_count; i++) {
		put_str(st, s->options[i].id);
		put_str(st, s->options[i].label);
	}
	put_u8(st, s->required);
	put_u8(st, s->critical);
	put_u32(st, (uint32_t)s->ref_count);
	for (i = 0; i < s->ref_count; i++)
		put_str(st, r->refs[s->refs[i]].id);
	put_opt(st, s->help);
	put_opt(st, s->stop);
	put_u8(st, (uint8_t)((s->when == NULL ? 0 : s->when->unless ? 2 : 1) |
	    (s->contradiction_count > 0 ? 4 : 0) | (s->protection_gate ? 8 : 0) |
	    /* 16, 32: who confirms; 64: the organisation's choice. Zero for
	     * a step without: the hashes of routines before them stand. */
	    ((unsigned)s->second << 4) | (s->second_optional ? 64 : 0)));
	if (s->when != NULL)
		put_when(st, r, s->when);
	if (s->contradiction_count > 0) {
		put_u32(st, (uint32_t)s->contradiction_count);
		for (i = 0; i < s->contradiction_count; i++) {
			const struct step_contradiction *c = &s->contradicts[i];

			put_strs(st, c->answers, c->answer_count);
			put_when(st, r, &c->other);
			put_str(st, c->message);
		}
	}
}

static void
put_deadline(struct canon *st, const struct routine *r, const struct routine_deadline *d)
{
	put_str(st, d->id);
	put_str(st, d->title);
	if (d->from == DEADLINE_HOURS) {
		put_u8(st, 1);
		put_u32(st, (uint32_t)d->hours);
	} else {
		put_u8(st, 2);
		put_str(st, r->steps[d->date_step].id);
	}
	put_opt(st, d->met_by >= 0 ? r->steps[d->met_by].id : NULL);
}

void
routine_compute_hash(struct routine *r)
{
	struct canon st = { NULL, 0, 0 };
	size_t i, j;

	put_bytes(&st, "rutin-canon/1\n", 14);
	put_str(&st, ROUTINE_FORMAT);
	put_str(&st, r->id);
	put_u32(&st, (uint32_t)r->version);
	put_str(&st, r->title);
	put_opt(&st, r->description);
	put_str(&st, routine_area_name(r->area));
	put_u32(&st, (uint32_t)r->ref_count);
	for (i = 0; i < r->ref_count; i++) {
		put_str(&st, r->refs[i].id);
		put_str(&st, r->refs[i].text);
	}
	put_u32(&st, (uint32_t)r->section_count);
	for (i = 0; i < r->section_count; i++) {
		const struct section *sec = &r->sections[i];

		put_str(&st, sec->id);
		put_str(&st, sec->title);
		put_opt(&st, sec->description);
		put_u32(&st, (uint32_t)sec->step_count);
		for (j = 0; j < sec->step_count; j++)
			put_step(&st, r, &r->steps[sec->first_step + j]);
	}
	/* Only when there are deadlines: a routine without them keeps the
	 * hash it had before they existed. */
	if (r->deadline_count > 0)
		put_u32(&st, (uint32_t)r->deadline_count);
	for (i = 0; i < r->deadline_count; i++)
		put_deadline(&st, r, &r->deadlines[i]);
	crypto_hash_sha256(r->hash, st.data, st.len);
	free(st.data);
}

/* The routine releases of a log, read back (releases.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vocab.h"
#include "common/xalloc.h"
#include "db/fields.h"
#include "runlog/releases.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) != NULL ? (src) : "")

static struct release_entry *
find(struct releases *r, const char *hash)
{
	size_t i;

	for (i = r->count; hash != NULL && i-- > 0;)
		if (strcmp(r->items[i].hash, hash) == 0)
			return &r->items[i];
	return NULL;
}

static void
released(struct releases *r, const struct log_event *ev, const struct log_field *f,
    size_t n)
{
	struct release_entry *e;
	size_t i;

	if (r->count == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->items = xreallocarray(r->items, r->cap, sizeof(*r->items));
	}
	e = &r->items[r->count++];
	memset(e, 0, sizeof(*e));
	COPY(e->id, fields_text(f, n, "routine_id"));
	COPY(e->hash, fields_text(f, n, "hash"));
	COPY(e->title, fields_text(f, n, "title"));
	COPY(e->by, ev->account);
	e->time = ev->time;
	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, "version") == 0 && f[i].text == NULL)
			e->version = (long)f[i].number;
	e->note = xstrdup(fields_text(f, n, "note") ? fields_text(f, n, "note") : "");
	e->source = xstrdup(fields_text(f, n, "source") ? fields_text(f, n, "source") : "");
}

static void
withdrawn(struct releases *r, const struct log_event *ev, const struct log_field *f,
    size_t n)
{
	struct release_entry *e = find(r, fields_text(f, n, "hash"));

	if (e == NULL)
		return;
	e->withdrawn = true;
	COPY(e->withdrawn_by, ev->account);
	e->withdrawn_time = ev->time;
	free(e->withdrawn_note);
	e->withdrawn_note = xstrdup(fields_text(f, n, "note") ? fields_text(f, n, "note") : "");
}

static int
on_event(void *ctx, const struct log_event *ev)
{
	struct releases *r = ctx;
	struct log_field *f;
	size_t n;

	if (!fields_from_json(ev->fields, &f, &n))
		return 0;
	if (event_is(ev->type, EV_ROUTINE_RELEASED)) {
		struct release_entry *old = find(r, fields_text(f, n, "hash"));

		if (old != NULL)
			old->withdrawn = false; /* released again */
		else
			released(r, ev, f, n);
	} else if (event_is(ev->type, EV_ROUTINE_WITHDRAWN)) {
		withdrawn(r, ev, f, n);
	}
	fields_free(f, n);
	return 0;
}

enum log_status
releases_read(struct log *log, struct releases *out, struct log_error *err)
{
	memset(out, 0, sizeof(*out));
	return log_events_typed(log, "routine.", 0, on_event, out, err);
}

void
releases_free(struct releases *r)
{
	size_t i;

	for (i = 0; i < r->count; i++) {
		free(r->items[i].note);
		free(r->items[i].source);
		free(r->items[i].withdrawn_note);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}

const struct release_entry *
releases_find(const struct releases *r, const char *hash)
{
	return find((struct releases *)r, hash);
}

const struct release_entry *
releases_latest(const struct releases *r, const char *id)
{
	size_t i;

	for (i = r->count; i-- > 0;)
		if (strcmp(r->items[i].id, id) == 0 && !r->items[i].withdrawn)
			return &r->items[i];
	return NULL;
}

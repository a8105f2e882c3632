#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "runlog/runlog.h"

/* The log fields of an engine event, by the vocabulary's flags: the
 * start's own five, else "step" and "text" where the type has them. */
size_t
runlog_fields(const struct run_event *ev, struct log_field f[RUNLOG_MAX_FIELDS])
{
	unsigned flags = event_table[ev->type].flags;
	size_t n = 0;

	memset(f, 0, RUNLOG_MAX_FIELDS * sizeof(*f));
	if (ev->type == EV_RUN_STARTED) {
		f[n].name = "case_ref", f[n++].text = ev->case_ref;
		f[n].name = "mode", f[n++].text = ev->mode == RUN_LIVE ? "live" : "training";
		f[n].name = "routine_hash", f[n++].text = ev->routine_hash;
		f[n].name = "routine_id", f[n++].text = ev->routine_id;
		f[n].name = "routine_version", f[n++].number = ev->routine_version;
		if (ev->second_on)
			f[n].name = "second_person", f[n++].text = "on";
		return n;
	}
	if (ev->type == EV_STEP_CONFIRMED) {
		f[n].name = "as", f[n++].text = ev->as;
		f[n].name = "role", f[n++].text = ev->role;
	}
	if ((flags & EVF_STEP) && ev->step != NULL)
		f[n].name = "step", f[n++].text = ev->step;
	if ((flags & EVF_TEXT) && ev->text != NULL)
		f[n].name = "text", f[n++].text = ev->text;
	return n;
}

static int
runlog_emit(void *ctx, const struct run_event *ev)
{
	struct runlog *rl = ctx;
	struct log_field f[RUNLOG_MAX_FIELDS];
	struct log_event_in in;

	in.field_count = runlog_fields(ev, f);
	in.type = event_name(ev->type);
	in.run_id = rl->run_id;
	in.time = ev->time;
	in.fields = f;
	if (log_append(ev->type == EV_STEP_CONFIRMED && rl->second != NULL ?
	    rl->second : rl->log, &in, NULL, &rl->error) != LOG_OK)
		return -1;
	return 0;
}

struct run_io
runlog_io(struct runlog *rl)
{
	struct run_io io = { runlog_emit, rl, NULL, NULL,
	    rl->log != NULL ? log_user(rl->log) : NULL };

	return io;
}


static char *
copy_field(const struct log_field *f, size_t n, const char *name)
{
	const char *v = fields_text(f, n, name);

	return v != NULL ? xstrdup(v) : NULL;
}

int
runlog_events_add(struct runlog_events *c, const struct log_event *lev)
{
	struct run_event *ev;
	struct log_field *f;
	size_t n, i;
	int type = run_event_type_from_name(lev->type);

	if (c->tap != NULL)
		(void)c->tap(c->tap_ctx, lev);
	/* A supervisor's event about the run is not replayed; after an
	 * unknown event nothing is (only the tap reads on). */
	if (c->bad || (type < 0 && (event_flags_of(lev->type) & EVF_REVIEW)))
		return 0;
	if (type < 0 || !fields_from_json(lev->fields, &f, &n)) {
		c->bad = true;
		return c->tap == NULL; /* the tap reads on */
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->evs = xreallocarray(c->evs, c->cap, sizeof(*c->evs));
	}
	ev = &c->evs[c->n++];
	memset(ev, 0, sizeof(*ev));
	ev->type = (enum event_type)type;
	ev->time = lev->time;
	if (event_table[type].flags & EVF_STEP)
		ev->step = copy_field(f, n, "step");
	if (event_table[type].flags & EVF_TEXT)
		ev->text = copy_field(f, n, "text");
	ev->account = lev->account != NULL ? xstrdup(lev->account) : NULL;
	ev->as = copy_field(f, n, "as");
	ev->role = copy_field(f, n, "role");
	ev->second_on = fields_text(f, n, "second_person") != NULL &&
	    strcmp(fields_text(f, n, "second_person"), "on") == 0;
	ev->routine_id = copy_field(f, n, "routine_id");
	ev->routine_hash = copy_field(f, n, "routine_hash");
	ev->case_ref = copy_field(f, n, "case_ref");
	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, "routine_version") == 0)
			ev->routine_version = (long)f[i].number;
	ev->mode = fields_text(f, n, "mode") != NULL &&
	    strcmp(fields_text(f, n, "mode"), "live") == 0 ? RUN_LIVE : RUN_TRAINING;
	fields_free(f, n);
	return 0;
}

static int
collect(void *ctx, const struct log_event *lev)
{
	return runlog_events_add(ctx, lev);
}

enum run_error
runlog_events_check(const struct runlog_events *c, char *msg, size_t msg_size)
{
	if (!c->bad && c->n > 0)
		return RUN_OK;
	snprintf(msg, msg_size, _("the log holds events of this run that rutin "
	    "does not know; run rutin verify"));
	return RUN_E_REPLAY;
}

void
runlog_events_free(struct runlog_events *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free((char *)c->evs[i].step);
		free((char *)c->evs[i].text);
		free((char *)c->evs[i].routine_id);
		free((char *)c->evs[i].routine_hash);
		free((char *)c->evs[i].case_ref);
		free((char *)c->evs[i].account);
		free((char *)c->evs[i].as);
		free((char *)c->evs[i].role);
	}
	free(c->evs);
}

enum run_error
runlog_collect(struct log *log, const char *run_id, struct runlog_events *out,
    char *msg, size_t msg_size)
{
	bool tapped;

	return runlog_collect_tapped(log, run_id, out, NULL, NULL, &tapped, msg, msg_size);
}

enum run_error
runlog_collect_tapped(struct log *log, const char *run_id, struct runlog_events *out,
    int (*tap)(void *ctx, const struct log_event *ev), void *tap_ctx, bool *tapped,
    char *msg, size_t msg_size)
{
	struct log_error err;

	memset(out, 0, sizeof(*out));
	out->tap = tap;
	out->tap_ctx = tap_ctx;
	*tapped = false;
	if (log_events(log, run_id, NULL, collect, out, &err) != LOG_OK) {
		snprintf(msg, msg_size, "%s", err.message);
		runlog_events_free(out);
		return RUN_E_LOG;
	}
	*tapped = tap != NULL;
	if (runlog_events_check(out, msg, msg_size) != RUN_OK) {
		runlog_events_free(out);
		return RUN_E_REPLAY;
	}
	return RUN_OK;
}

enum run_error
runlog_restore(struct runlog *rl, const struct routine *r, struct run **out,
    char *msg, size_t msg_size)
{
	struct runlog_events c;
	struct run_io io = runlog_io(rl);
	enum run_error e;
	size_t bad = 0;

	*out = NULL;
	if ((e = runlog_collect(rl->log, rl->run_id, &c, msg, msg_size)) != RUN_OK)
		return e;
	e = run_replay(r, c.evs, c.n, &io, out, &bad);
	if (e != RUN_OK) {
		if (bad == 0)
			snprintf(msg, msg_size, _("the routine has changed since this run "
			    "started (it was version %ld); the run cannot go on with "
			    "another text"), c.evs[0].routine_version);
		else
			snprintf(msg, msg_size, _("event %zu of this run does not fit the "
			    "routine; run rutin verify"), bad + 1);
	}
	runlog_events_free(&c);
	return e;
}

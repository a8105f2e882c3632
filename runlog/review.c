#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "runlog/review.h"
#include "runlog/runlog.h"

/* ---- The last review ---- */

/* A field's text into a buffer, or "". */
static void
field_into(const char *json, const char *name, char *out, size_t size)
{
	struct log_field *f;
	size_t n;

	out[0] = '\0';
	if (!fields_from_json(json, &f, &n))
		return;
	if (fields_text(f, n, name) != NULL)
		snprintf(out, size, "%s", fields_text(f, n, name));
	fields_free(f, n);
}

static int
scan_review(void *ctx, const struct log_event *ev)
{
	struct review_note *r = ctx;

	if (!event_is(ev->type, EV_REVIEW_SIGNED) && !event_is(ev->type, EV_REVIEW_RETURNED))
		return 0;
	r->any = true;
	r->returned = event_is(ev->type, EV_REVIEW_RETURNED);
	r->seq = ev->seq;
	r->time = ev->time;
	snprintf(r->by, sizeof(r->by), "%s", ev->account);
	field_into(ev->fields, "text", r->comment, sizeof(r->comment));
	return 0;
}

enum log_status
review_last(struct log *log, const char *run_id, struct review_note *out,
    struct log_error *err)
{
	memset(out, 0, sizeof(*out));
	return log_events(log, run_id, NULL, scan_review, out, err);
}

/* ---- Findings ---- */

enum run_error
review_findings(struct log *log, const struct routine *r, const struct log_run_info *ri,
    int64_t now, struct findings *out, char *why, size_t why_size)
{
	char hash[2 * ROUTINE_HASH_BYTES + 1];
	struct runlog_events evs;
	enum run_error e;

	memset(out, 0, sizeof(*out));
	if (r == NULL) {
		snprintf(why, why_size, _("the routine %s is not installed here"), ri->routine_id);
		return RUN_E_REPLAY;
	}
	routine_hash_hex(r, hash);
	if (strcmp(hash, ri->routine_hash) != 0) {
		snprintf(why, why_size, _("the run followed version %ld of %s, whose text is "
		    "not installed here (give its folder with --routines)"),
		    ri->routine_version, ri->routine_id);
		return RUN_E_REPLAY;
	}
	if ((e = runlog_collect(log, ri->run_id, &evs, why, why_size)) != RUN_OK)
		return e;
	e = findings_of(r, evs.evs, evs.n, hash, now, out);
	if (e != RUN_OK)
		snprintf(why, why_size, "%s", run_error_message(e));
	runlog_events_free(&evs);
	return e;
}

/* ---- Sign and return ---- */

enum review_refusal
review_may_decide(struct log *log, const struct log_run_info *ri, bool sign)
{
	if (log_role(log) != ROLE_SUPERVISOR)
		return REVIEW_NOT_SUPERVISOR;
	if (strcmp(ri->account, log_user(log)) == 0)
		return REVIEW_OWN_RUN;
	if (strcmp(ri->status, "completed") != 0)
		return REVIEW_NOT_COMPLETED;
	if (!sign && strcmp(ri->review, "returned") == 0)
		return REVIEW_AWAITS_CORRECTION;
	if (strcmp(ri->review, "signed") == 0)
		return REVIEW_ALREADY_SIGNED;
	return REVIEW_MAY;
}

const char *
review_refusal_message(enum review_refusal r)
{
	switch (r) {
	case REVIEW_NOT_SUPERVISOR:
		return _("only a supervisor signs or returns runs");
	case REVIEW_OWN_RUN:
		return _("nobody reviews their own run; another supervisor must");
	case REVIEW_NOT_COMPLETED:
		return _("only a completed run is reviewed; this one is not finished");
	case REVIEW_AWAITS_CORRECTION:
		return _("the run was returned and waits for the caseworker's correction");
	case REVIEW_ALREADY_SIGNED:
		return _("the run is already signed");
	case REVIEW_MAY:
		break;
	}
	return "";
}

enum log_status
review_decide(struct log *log, const struct log_run_info *ri, bool sign,
    const char *comment, struct log_error *err)
{
	struct log_field f = { "text", comment, 0 };
	struct log_event_in in = { event_name(sign ? EV_REVIEW_SIGNED : EV_REVIEW_RETURNED),
		ri->run_id, 0, &f, comment != NULL && *comment != '\0' };
	enum review_refusal why = review_may_decide(log, ri, sign);

	if (why != REVIEW_MAY) {
		err->status = LOG_E_DENIED;
		snprintf(err->message, sizeof(err->message), "%s", review_refusal_message(why));
		return LOG_E_DENIED;
	}
	if (!sign && in.field_count == 0) {
		err->status = LOG_E_INVALID;
		snprintf(err->message, sizeof(err->message), "%s", _("a returned run needs a "
		    "comment saying what to correct"));
		return LOG_E_INVALID;
	}
	return log_append(log, &in, NULL, err);
}

/* ---- The access log ---- */

enum log_status
review_record_access(struct log *log, const char *what, const char *run_id,
    struct log_error *err)
{
	struct log_field f = { "what", what, 0 };
	struct log_event_in in = { event_name(EV_ACCESS_RECORDED), run_id, 0, &f, 1 };

	return log_append(log, &in, NULL, err);
}

struct access_list {
	const char *account;
	struct access_entry *items;
	size_t n, cap;
};

static bool
is_access(const char *type)
{
	return event_is(type, EV_ACCESS_RECORDED) || event_is(type, EV_REVIEW_SIGNED) ||
	    event_is(type, EV_REVIEW_RETURNED) || event_is(type, EV_REVIEW_SAMPLED) ||
	    event_is(type, EV_RUN_HANDED_OVER);
}

static int
collect_access(void *ctx, const struct log_event *ev)
{
	struct access_list *l = ctx;
	struct access_entry *e;

	if (!is_access(ev->type) || (l->account != NULL && strcmp(l->account, ev->account) != 0))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	e = &l->items[l->n++];
	memset(e, 0, sizeof(*e));
	e->seq = ev->seq;
	e->time = ev->time;
	snprintf(e->account, sizeof(e->account), "%s", ev->account);
	snprintf(e->run_id, sizeof(e->run_id), "%s", ev->run_id ? ev->run_id : "");
	snprintf(e->type, sizeof(e->type), "%s", ev->type);
	if (event_is(ev->type, EV_ACCESS_RECORDED))
		field_into(ev->fields, "what", e->what, sizeof(e->what));
	else if (event_is(ev->type, EV_RUN_HANDED_OVER))
		field_into(ev->fields, "to", e->what, sizeof(e->what));
	else if (event_is(ev->type, EV_REVIEW_SAMPLED))
		field_into(ev->fields, "seed", e->what, sizeof(e->what));
	else
		field_into(ev->fields, "text", e->what, sizeof(e->what));
	return 0;
}

enum log_status
review_access_log(struct log *log, const char *run_id, const char *account,
    struct access_entry **out, size_t *n, struct log_error *err)
{
	struct access_list l = { account, NULL, 0, 0 };
	enum log_status s = log_events(log, run_id, NULL, collect_access, &l, err);

	if (s != LOG_OK) {
		free(l.items);
		l.items = NULL;
		l.n = 0;
	}
	*out = l.items;
	*n = l.n;
	return s;
}

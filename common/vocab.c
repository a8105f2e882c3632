#include "config.h"

#include <string.h>

#include "common/i18n.h"
#include "common/vocab.h"

const struct event_info event_table[EV_COUNT] = {
#define X(id, name, flags, status, author, fields, label) \
	[EV_##id] = { name, flags, status, author, fields, label },
	RUTIN_EVENTS(X)
#undef X
};

const char *
event_name(enum event_type t)
{
	return (unsigned)t < EV_COUNT ? event_table[t].name : "unknown";
}

int
event_type_of(const char *name)
{
	int i;

	for (i = 0; i < EV_COUNT; i++)
		if (strcmp(event_table[i].name, name) == 0)
			return i;
	return -1;
}

unsigned
event_flags_of(const char *name)
{
	int t = event_type_of(name);

	return t >= 0 ? event_table[t].flags : 0;
}

const char *
event_label(const char *name)
{
	int t = event_type_of(name);

	return t >= 0 ? event_table[t].label : name;
}

bool
event_is(const char *type, enum event_type t)
{
	return type != NULL && strcmp(type, event_name(t)) == 0;
}

/* ---- Run status and review state ---- */

struct word_label {
	const char *word, *label;
};

static const struct word_label run_statuses[RUN_STATUS_COUNT] = {
#define X(id, word, label) [RUN_##id] = { word, label },
	RUN_STATUSES(X)
#undef X
}, review_states[REVIEW_STATE_COUNT] = {
#define X(id, word, label) [REVIEW_##id] = { word, label },
	REVIEW_STATES(X)
#undef X
}, access_reads[ACCESS_READ_COUNT] = {
#define X(id, word, label) [ACCESS_READ_##id] = { word, label },
	ACCESS_READS(X)
#undef X
};

/* The index of `word` in a table of n, or -1. */
static int
word_index(const struct word_label *t, int n, const char *word)
{
	int i;

	for (i = 0; word != NULL && i < n; i++)
		if (strcmp(t[i].word, word) == 0)
			return i;
	return -1;
}

int
run_status_of(const char *word)
{
	return word_index(run_statuses, RUN_STATUS_COUNT, word);
}

const char *
run_status_word(enum run_status s)
{
	return (unsigned)s < RUN_STATUS_COUNT ? run_statuses[s].word : "unknown";
}

const char *
run_status_label(enum run_status s)
{
	return (unsigned)s < RUN_STATUS_COUNT ? run_statuses[s].label : "?";
}

bool
run_status_ended(int s)
{
	return s == RUN_COMPLETED || s == RUN_ABORTED;
}

int
review_state_of(const char *word)
{
	return word_index(review_states, REVIEW_STATE_COUNT, word);
}

const char *
review_state_word(enum review_state r)
{
	return (unsigned)r < REVIEW_STATE_COUNT ? review_states[r].word : "unknown";
}

const char *
review_state_label(enum review_state r)
{
	return (unsigned)r < REVIEW_STATE_COUNT ? review_states[r].label : "?";
}

const char *
access_read_word(enum access_read r)
{
	return (unsigned)r < ACCESS_READ_COUNT ? access_reads[r].word : "";
}

const char *
access_read_label(const char *word)
{
	int r = word_index(access_reads, ACCESS_READ_COUNT, word);

	return r >= 0 ? access_reads[r].label : word;
}

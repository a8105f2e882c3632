#include "config.h"

#include <string.h>

#include "common/vocab.h"

const struct event_info event_table[EV_COUNT] = {
#define X(id, name, flags, status, author, fields) \
	[EV_##id] = { name, flags, status, author, fields },
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

bool
event_is(const char *type, enum event_type t)
{
	return type != NULL && strcmp(type, event_name(t)) == 0;
}

#include "config.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "common/xdg.h"

char *
xdg_file(const char *var, const char *fallback, const char *name)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/rutin/%s", v, name);
	return xasprintf("%s/%s/rutin/%s", home ? home : ".", fallback, name);
}

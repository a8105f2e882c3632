#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "runlog/sample.h"

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), without modulo bias. */
static size_t
below(uint64_t *s, size_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;

	do
		v = next(s);
	while (v >= limit);
	return (size_t)(v % n);
}

/* Items in a fixed order whatever order they came in: by routine, then
 * run id. */
static int
by_routine_and_id(const void *a, const void *b)
{
	const struct sample_item *x = *(const struct sample_item *const *)a;
	const struct sample_item *y = *(const struct sample_item *const *)b;
	int c = strcmp(x->routine_id, y->routine_id);

	return c != 0 ? c : strcmp(x->run_id, y->run_id);
}

size_t
sample_draw(struct sample_item *items, size_t n, size_t size, uint64_t seed)
{
	struct sample_item **rest = xcalloc(n + 1, sizeof(*rest));
	size_t *start = xcalloc(n + 1, sizeof(*start)), *quota = xcalloc(n + 1, sizeof(*quota));
	size_t *rem = xcalloc(n + 1, sizeof(*rem));
	size_t m = 0, groups = 0, given = 0, drawn = 0, i, g, k;
	uint64_t s = seed;

	for (i = 0; i < n; i++) {
		items[i].taken = items[i].critical;
		items[i].by_chance = false;
		if (!items[i].critical)
			rest[m++] = &items[i];
	}
	if (size > m)
		size = m;
	qsort(rest, m, sizeof(*rest), by_routine_and_id);
	/* The routines' groups in `rest`, and each one's share. */
	for (i = 0; i < m; i++)
		if (i == 0 || strcmp(rest[i]->routine_id, rest[i - 1]->routine_id) != 0)
			start[groups++] = i;
	start[groups] = m;
	for (g = 0; g < groups && m > 0; g++) {
		size_t count = start[g + 1] - start[g];

		quota[g] = size * count / m;
		rem[g] = size * count % m;
		given += quota[g];
	}
	/* Largest remainder, ties to the earlier routine. */
	while (given < size) {
		size_t best = 0;

		for (g = 1; g < groups; g++)
			if (rem[g] > rem[best])
				best = g;
		quota[best]++;
		rem[best] = 0;
		given++;
	}
	/* Each group: a partial Fisher-Yates shuffle picks its share. */
	for (g = 0; g < groups; g++) {
		struct sample_item **grp = rest + start[g];
		size_t count = start[g + 1] - start[g];

		for (k = 0; k < quota[g] && k < count; k++) {
			size_t j = k + below(&s, count - k);
			struct sample_item *t = grp[k];

			grp[k] = grp[j];
			grp[j] = t;
			grp[k]->taken = true;
			grp[k]->by_chance = true;
			drawn++;
		}
	}
	free(rest);
	free(start);
	free(quota);
	free(rem);
	return drawn;
}

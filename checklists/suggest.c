#include "config.h"

#include <string.h>

#include "checklists/suggest.h"

#define SUGGEST_MAX_LEN 64

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
suggest_distance(const char *a, const char *b)
{
	size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SUGGEST_MAX_LEN;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
			    d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

const char *
suggest_word(const char *word, const char *const *candidates, size_t count)
{
	const char *best = NULL;
	size_t best_d = 3, i;
	/* Short words are a few edits from everything: be stricter there,
	 * and say nothing for one or two letters. */
	size_t len = strlen(word), limit = len <= 3 ? 1 : 2;

	if (len <= 2)
		return NULL;

	for (i = 0; count == (size_t)-1 ? candidates[i] != NULL : i < count; i++) {
		size_t dist = suggest_distance(word, candidates[i]);

		if (dist <= limit && dist < best_d) {
			best = candidates[i];
			best_d = dist;
		}
	}
	return best;
}

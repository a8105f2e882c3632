#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/xalloc.h"

#define ARENA_BLOCK (16 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct arena_block *head;
	size_t used;
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena **a)
{
	struct arena_block *b, *next;

	if (a == NULL || *a == NULL)
		return;
	for (b = (*a)->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(*a);
	*a = NULL;
}

static struct arena_block *
arena_block_new(size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		size = SIZE_MAX - sizeof(*b); /* xmalloc then fails cleanly */
	b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t need = (size + align - 1) & ~(align - 1);
	void *p;

	if (need < size)
		need = SIZE_MAX; /* overflow: the block allocation will fail */
	if (b == NULL || b->size - b->used < need) {
		/* Big requests get a block of their own behind the current one,
		 * so the space left in the current block is not wasted. */
		struct arena_block *nb =
		    arena_block_new(need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK);

		if (b != NULL && need > ARENA_BLOCK / 4) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	p = b->data + b->used;
	b->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

void *
arena_array(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return arena_alloc(a, SIZE_MAX); /* fails in xmalloc: exits */
	return arena_alloc(a, n * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}

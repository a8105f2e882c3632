/* Drawing a sample of runs for internal control (egenkontroll): every run
 * with critical findings, then a random, reproducible sample of the rest,
 * stratified by routine. Pure: the same runs, size and seed always give
 * the same sample, so a later check can redraw it. */
#ifndef RUTIN_SAMPLE_H
#define RUTIN_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sample_item {
	const char *run_id;     /* borrowed */
	const char *routine_id; /* borrowed */
	bool critical;          /* has critical findings: always taken */
	bool taken;             /* out: in the sample */
	bool by_chance;         /* out: taken by the draw, not for findings */
};

/* Marks the items taken: all critical ones, and `size` more drawn from
 * the rest, split among the routines in proportion to their runs (largest
 * remainder), each routine's share drawn uniformly with `seed`. The order
 * of `items` does not matter. Returns how many were drawn by chance. */
size_t sample_draw(struct sample_item *items, size_t n, size_t size, uint64_t seed);

#endif

/* The reading floor (reading.h). */
#include "config.h"

#include <ctype.h>

#include "checklists/reading.h"
#include "checklists/routine.h"

size_t
reading_words(const char *text)
{
	size_t n = 0;
	bool in = false;

	for (; text != NULL && *text != '\0'; text++) {
		bool space = isspace((unsigned char)*text) != 0;

		n += !space && !in;
		in = !space;
	}
	return n;
}

int64_t
reading_floor_ms(const struct step *s)
{
	size_t words = reading_words(s->prompt), i;
	int64_t ms;

	for (i = 0; i < s->option_count; i++)
		words += reading_words(s->options[i].label);
	ms = (int64_t)words * 60000 / READING_WPM;
	return ms > READING_MIN_MS ? ms : READING_MIN_MS;
}

int64_t
reading_taken_ms(const struct run *run, size_t i)
{
	size_t n = routine_step_count(run_routine(run)), j;
	int64_t at = run_step_time(run, i), from = run_started_at(run), t;

	if (at <= 0)
		return -1;
	for (j = 0; j < n; j++)
		if (j != i && (t = run_step_time(run, j)) > from && t <= at)
			from = t;
	return at > from ? at - from : 0;
}

bool
reading_too_fast(const struct run *run, size_t i)
{
	int64_t taken;

	if (!run_step_visible(run, i) || run_step_status(run, i) == STEP_PENDING)
		return false;
	taken = reading_taken_ms(run, i);
	return taken >= 0 && taken < reading_floor_ms(routine_step(run_routine(run), i));
}

size_t
reading_too_fast_count(const struct run *run)
{
	size_t n = routine_step_count(run_routine(run)), i, k = 0;

	for (i = 0; i < n; i++)
		k += reading_too_fast(run, i);
	return k;
}

/* A run's journal extract; see extract.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "runlog/extract.h"
#include "runlog/runlog.h"
#include "runlog/words.h"

/* The notes of step i, in the order they were written. */
static void
step_notes(const struct run *run, size_t i, struct extract_step *e)
{
	size_t k, n = run_note_count(run), step;

	for (k = 0; k < n; k++) {
		const char *text = run_note_text(run, k, &step);

		if (step != i)
			continue;
		e->notes = xreallocarray(e->notes, e->nnotes + 1, sizeof(*e->notes));
		e->notes[e->nnotes++] = text;
	}
}

enum run_error
extract_load(struct log *log, const struct log_run_info *ri, const struct routine *r,
    struct extract *out, char *msg, size_t msg_size)
{
	struct runlog rl;
	enum run_error e;
	size_t i, count = routine_step_count(r), last_section = (size_t)-1;

	memset(out, 0, sizeof(*out));
	memset(&rl, 0, sizeof(rl));
	rl.log = log;
	snprintf(rl.run_id, sizeof(rl.run_id), "%s", ri->run_id);
	if ((e = runlog_restore(&rl, r, &out->run, msg, msg_size)) != RUN_OK)
		return e;
	out->ri = *ri;
	out->r = r;
	run_summarize(out->run, &out->sum);
	out->steps = xcalloc(count + 1, sizeof(*out->steps));
	for (i = 0; i < count; i++) {
		const struct step *s = routine_step(r, i);
		struct extract_step *x;

		if (!run_step_visible(out->run, i))
			continue;
		x = &out->steps[out->n++];
		if (s->section != last_section) {
			x->section = routine_section(r, s->section)->title;
			last_section = s->section;
		}
		x->step = s;
		x->prompt = s->prompt;
		x->status = run_step_status(out->run, i);
		x->value = run_step_value(out->run, i);
		if (x->status == STEP_ANSWERED)
			x->value = words_answer(s, x->value);
		x->deviation = run_step_deviation(out->run, i);
		x->is_deviation = run_step_is_deviation(out->run, i);
		x->confirmed_by = run_step_confirmed_by(out->run, i, NULL);
		step_notes(out->run, i, x);
	}
	return RUN_OK;
}

void
extract_free(struct extract *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->steps[i].notes);
	free(x->steps);
	run_free(&x->run);
	memset(x, 0, sizeof(*x));
}

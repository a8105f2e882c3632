#include "config.h"

#include <stdlib.h>

#include "checklists/failsafe.h"
#include "common/i18n.h"
#include "common/xalloc.h"

bool
failsafe_step_protects(const struct step *s)
{
	return s->critical || s->stop != NULL;
}

size_t
failsafe_list(const struct routine *r, struct fail_open *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < routine_step_count(r); i++) {
		const struct step *s = routine_step(r, i);
		const struct step_when *w;

		if (!failsafe_step_protects(s))
			continue;
		/* Conditions name earlier steps, so the chain ends. */
		for (w = s->when; w != NULL; w = routine_step(r, w->step)->when) {
			if (w->unless)
				continue;
			if (n < max) {
				out[n].step = i;
				out[n].gate = w->step;
				out[n].when = w;
			}
			n++;
		}
	}
	return n;
}

void
failsafe_warn(const struct routine *r, struct diag_list *d)
{
	size_t n = failsafe_list(r, NULL, 0), i;
	struct fail_open *f;

	if (n == 0)
		return;
	f = xcalloc(n, sizeof(*f));
	failsafe_list(r, f, n);
	for (i = 0; i < n; i++) {
		const struct step *s = routine_step(r, f[i].step);
		const struct step *g = routine_step(r, f[i].gate);

		diag_warning(d, f[i].when->line, f[i].when->col,
		    _("%s step '%s' disappears when step '%s' is skipped, marked not "
		      "applicable or left unanswered ('in' shows it only for the "
		      "answers listed); fail closed: write 'unless' with the answers "
		      "that may hide it"), s->critical ? _("critical") : _("stop"),
		    s->id, g->id);
	}
	free(f);
}

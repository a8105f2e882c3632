#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "checklists/diag.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

static void diag_add(struct diag_list *d, enum diag_severity sev,
    unsigned line, unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void
diag_add(struct diag_list *d, enum diag_severity sev, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	struct diag *item;
	char *msg;

	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->count >= DIAG_MAX)
		return;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup(fmt);
	if (d->count == d->capacity) {
		d->capacity = d->capacity ? d->capacity * 2 : 8;
		d->items = xreallocarray(d->items, d->capacity, sizeof(*d->items));
	}
	item = &d->items[d->count++];
	item->severity = sev;
	item->line = line;
	item->col = col;
	item->message = msg;
}

void
diag_error(struct diag_list *d, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diag_list *d, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, line, col, fmt, ap);
	va_end(ap);
}

void
diag_list_clear(struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		free(d->items[i].message);
	free(d->items);
	d->items = NULL;
	d->count = d->capacity = d->errors = d->warnings = 0;
}

bool
diag_has_errors(const struct diag_list *d)
{
	return d->errors > 0;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

void
diag_print(struct diag_list *d, const char *file, FILE *out)
{
	size_t i, dropped;

	/* Several passes add diagnostics; readers want them in file order.
	 * Insertion sort is stable (equal positions keep the order they were
	 * found in) and the list holds at most DIAG_MAX items. */
	for (i = 1; i < d->count; i++) {
		struct diag tmp = d->items[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->items[j - 1], &tmp) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = tmp;
	}
	for (i = 0; i < d->count; i++) {
		const struct diag *g = &d->items[i];
		/* "error" and "warning" stay untranslated: editors match them. */
		const char *sev = g->severity == DIAG_ERROR ? "error" : "warning";

		/* A routine file is anyone's text: its names and values go out
		 * through the one sanitiser, never raw to a terminal. */
		utf8_write_visible(out, file);
		if (g->line != 0)
			fprintf(out, ":%u:%u", g->line, g->col);
		fprintf(out, ": %s: ", sev);
		utf8_write_visible(out, g->message);
		fputc('\n', out);
	}
	dropped = d->errors + d->warnings - d->count;
	if (dropped > 0)
		fprintf(out, _("%s: note: %zu more diagnostics not shown\n"),
		    file, dropped);
}

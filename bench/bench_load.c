/* Loader benchmark: 200 routines of 50 steps each, loaded by rutin's
 * loader and parsed by bare libyaml (events only, nothing built) from the
 * same in-memory files in the same run. Reports the median of several
 * interleaved rounds and the ratio; the target is at most 1.5x. The
 * loader computes each routine's canonical hash as it loads it (since
 * issue 26: once, where the routine is made), so the loader's time
 * includes it. Run with `make bench`; nothing here is asserted. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "checklists/routine.h"
#include "bench/bench.h"
#include "common/xalloc.h"

#define ROUTINES 200
#define STEPS 50
#define ROUNDS 15

struct text {
	char *data;
	size_t len;
};

static void
append(struct text *t, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
append(struct text *t, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->data + t->len, *cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < *cap - t->len)
			break;
		*cap *= 2;
		t->data = xreallocarray(t->data, *cap, 1);
	}
	t->len += (size_t)n;
}

/* A routine like the shipped ones: sections of ten steps, every kind,
 * references, help texts and conditions. */
static struct text
make_routine(int n)
{
	static const char *const kinds[] = { "yesno", "check", "choice", "text", "date" };
	struct text t = { NULL, 0 };
	size_t cap = 16384;
	int i;

	t.data = xmalloc(cap);
	append(&t, &cap, "format: rutin/1\nid: bench-%d\nversion: %d\n"
	    "title: Rutin nummer %d för mätning av inläsningen\narea: other\n"
	    "description: |\n  En genererad rutin med %d steg.\nreferences:\n"
	    "  - {id: osl-21-3, text: \"Offentlighets- och sekretesslag (2009:400) 21 kap. 3 §\"}\n"
	    "  - {id: fl-21, text: \"Förvaltningslag (2017:900) 21 §\"}\nsections:\n",
	    n, n + 1, n, STEPS);
	for (i = 0; i < STEPS; i++) {
		const char *kind = kinds[i % 5];

		if (i % 10 == 0)
			append(&t, &cap, "  - id: avsnitt-%d\n    title: Avsnitt %d\n"
			    "    steps:\n", i / 10, i / 10);
		append(&t, &cap, "      - id: steg-%d\n        kind: %s\n"
		    "        prompt: Kontrollera uppgift %d innan något skickas ut\n",
		    i, kind, i);
		if (strcmp(kind, "choice") == 0)
			append(&t, &cap, "        options:\n"
			    "          - {id: sekretessmarkering, label: Sekretessmarkering}\n"
			    "          - {id: skyddad-folkbokforing, label: Skyddad folkbokföring}\n"
			    "          - inget\n");
		if (i % 3 == 0)
			append(&t, &cap, "        critical: true\n        refs: [osl-21-3, fl-21]\n");
		append(&t, &cap, "        help: |\n          Hoppar du över steget kan "
		    "uppgifter om var en person bor röjas.\n"
		    "          Läs referensen om du är osäker.\n");
		if (i % 5 == 3) /* depends on the choice step just before */
			append(&t, &cap, "        when: {step: steg-%d, in: [skyddad-folkbokforing]}\n",
			    i - 1);
	}
	return t;
}

static size_t
bare_parse(const struct text *t)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t events = 0;
	int done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)t->data, t->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "bench: libyaml failed\n");
			exit(2);
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
	}
	yaml_parser_delete(&p);
	return events;
}

static void
rutin_load(const struct text *t)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;

	if (routine_load_buffer(t->data, t->len, "bench.yaml", &r, &d) != ROUTINE_OK) {
		diag_print(&d, "bench.yaml", stderr);
		exit(2);
	}
	routine_free(&r);
	diag_list_clear(&d);
}

int
main(void)
{
	static struct text files[ROUTINES];
	double yaml_ms[ROUNDS], rutin_ms[ROUNDS];
	size_t bytes = 0, events = 0;
	int i, round;

	for (i = 0; i < ROUTINES; i++) {
		files[i] = make_routine(i);
		bytes += files[i].len;
	}
	rutin_load(&files[0]); /* fail early if the generator is wrong */
	for (round = 0; round < ROUNDS; round++) {
		double t0 = bench_now_ms();

		for (i = 0; i < ROUTINES; i++)
			events += bare_parse(&files[i]);
		yaml_ms[round] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		for (i = 0; i < ROUTINES; i++)
			rutin_load(&files[i]);
		rutin_ms[round] = bench_now_ms() - t0;
	}
	qsort(yaml_ms, ROUNDS, sizeof(double), bench_cmp_double);
	qsort(rutin_ms, ROUNDS, sizeof(double), bench_cmp_double);
	printf("bench_load: %d routines x %d steps, %zu bytes, %zu events per round\n",
	    ROUTINES, STEPS, bytes, events / ROUNDS);
	printf("  libyaml event parse: %8.2f ms (median of %d)\n", yaml_ms[ROUNDS / 2], ROUNDS);
	printf("  rutin loader:        %8.2f ms (median of %d; with the canonical hash)\n",
	    rutin_ms[ROUNDS / 2], ROUNDS);
	printf("  ratio loader/libyaml:        %5.2fx (target <= 1.5x)\n",
	    rutin_ms[ROUNDS / 2] / yaml_ms[ROUNDS / 2]);
	for (i = 0; i < ROUTINES; i++)
		free(files[i].data);
	return 0;
}

/* Writes the key script that walks every step of a routine in the
 * interface (RUTIN_KEYS, headless), with a screen dump of each step and of
 * each list of answers, and what each dump must show: every word of the
 * step's prompt (or of its stop), every word of every option. The run
 * engine itself decides which step comes next, as the interface's does:
 * a check is done, yes/no is yes, a choice takes its first option
 * (confirmed when it contradicts), text and dates are typed.
 *
 *     walkkeys ROUTINE.yaml PASSPHRASE DIR
 *
 * writes DIR/keys and DIR/expect ("NAME<TAB>words", one dump a line). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/diag.h"
#include "checklists/routine.h"
#include "checklists/run.h"

static int
no_emit(void *ctx, const struct run_event *ev)
{
	(void)ctx;
	(void)ev;
	return 0;
}

static int64_t
fixed_now(void *ctx)
{
	(void)ctx;
	return 1764000000000LL;
}

/* One dump: its name in keys, and what it must show in expect. */
static void
dump(FILE *keys, FILE *expect, const char *dir, const char *name, const char *words)
{
	const char *p;

	fprintf(keys, "save-display %s/%s.txt\n", dir, name);
	fprintf(expect, "%s\t", name);
	for (p = words; *p != '\0'; p++)
		fputc(*p == '\n' || *p == '\t' ? ' ' : *p, expect);
	fputc('\n', expect);
}

int
main(int argc, char **argv)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	struct run *run = NULL;
	struct run_io io = { no_emit, NULL, fixed_now, NULL, NULL };
	char path[4096], name[64];
	FILE *keys, *expect;
	int n = 0, guard = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: walkkeys ROUTINE.yaml PASSPHRASE DIR\n");
		return 2;
	}
	if (routine_load_file(argv[1], &r, &d) != ROUTINE_OK) {
		diag_print(&d, argv[1], stderr);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/keys", argv[3]);
	keys = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/expect", argv[3]);
	expect = fopen(path, "w");
	if (keys == NULL || expect == NULL || run_start(r, RUN_TRAINING, "ALLA 1", 0, &io,
	    &run, NULL) != RUN_OK) {
		fprintf(stderr, "walkkeys: cannot start\n");
		return 2;
	}
	fprintf(keys, "text %s\nEnter\ntext %s\nEnter\ntext ALLA 1\nEnter\n", argv[2],
	    routine_title(r));
	for (;;) {
		long cur = run_current(run);
		const struct step *s;
		enum run_error e;
		char value[16];
		const char *answer;

		if (cur < 0 || ++guard > 500)
			break;
		s = routine_step(r, (size_t)cur);
		snprintf(name, sizeof(name), "%03d-%s", n++, s->id);
		if (run_step_halts(run, (size_t)cur)) {
			dump(keys, expect, argv[3], name, s->stop);
			fputs("Enter\n", keys);
			run_acknowledge_stop(run, s->id);
			continue;
		}
		dump(keys, expect, argv[3], name, s->prompt);
		switch (s->kind) {
		case STEP_CHECK:
			fputs("Enter\n", keys);
			answer = "ja";
			break;
		case STEP_YESNO:
			fputs("y\n", keys);
			answer = "ja";
			break;
		case STEP_CHOICE: {
			char *all = NULL;
			size_t k, len = 0;

			for (k = 0; k < s->option_count; k++) {
				size_t m = strlen(s->options[k].label);

				all = realloc(all, len + m + 2);
				memcpy(all + len, s->options[k].label, m);
				len += m;
				all[len++] = ' ';
				all[len] = '\0';
			}
			fputs("Enter\n", keys);
			snprintf(name, sizeof(name), "%03d-%s-options", n - 1, s->id);
			dump(keys, expect, argv[3], name, all != NULL ? all : "");
			free(all);
			fputs("Enter\n", keys);
			answer = s->options[0].id;
			break;
		}
		case STEP_DATE:
			fputs("Enter\ntext 2026-01-15\nEnter\n", keys);
			answer = "2026-01-15";
			break;
		case STEP_TEXT:
		default:
			fputs("Enter\ntext Svar\nEnter\n", keys);
			answer = "Svar";
			break;
		}
		snprintf(value, sizeof(value), "%s", answer);
		e = run_answer(run, s->id, value, 0, NULL);
		if (e == RUN_E_CONTRADICTS) { /* the interface asks; y keeps it */
			fputs("y\n", keys);
			e = run_answer(run, s->id, value, RUN_CONFIRMED, NULL);
		}
		if (e != RUN_OK) {
			fprintf(stderr, "walkkeys: %s: step %s: %s\n", argv[1], s->id,
			    run_error_message(e));
			return 2;
		}
	}
	fputs("F10\n", keys);
	run_free(&run);
	routine_free(&r);
	return fclose(keys) != 0 || fclose(expect) != 0;
}

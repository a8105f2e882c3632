#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/testhelp.h"
#include "common/xalloc.h"

const char test_routine_head[] =
    "format: rutin/1\n"                 /* 1 */
    "id: test\n"                        /* 2 */
    "version: 1\n"                      /* 3 */
    "title: Test\n"                     /* 4 */
    "area: other\n"                     /* 5 */
    "references:\n"                     /* 6 */
    "  - {id: r1, text: Referens ett}\n" /* 7 */
    "sections:\n"                       /* 8 */
    "  - id: s1\n"                      /* 9 */
    "    title: Del ett\n"              /* 10 */
    "    steps:\n";                     /* 11 */

struct routine *
load_text(const char *text, struct diag_list *d)
{
	struct routine *r = NULL;

	routine_load_buffer(text, strlen(text), "test.yaml", &r, d);
	return r;
}

struct routine *
load_steps(const char *steps, struct diag_list *d)
{
	char *text = xasprintf("%s%s", test_routine_head, steps);
	struct routine *r = load_text(text, d);

	free(text);
	return r;
}

void
print_diags(const struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		print_message("#   %u:%u: %s: %s\n", d->items[i].line,
		    d->items[i].col,
		    d->items[i].severity == DIAG_ERROR ? "error" : "warning",
		    d->items[i].message);
}

void
expect_diag_at(const struct diag_list *d, enum diag_severity severity,
    unsigned line, unsigned col, const char *needle, const char *file,
    int srcline)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct diag *g = &d->items[i];

		if (g->severity == severity && g->line == line && g->col == col &&
		    strstr(g->message, needle) != NULL)
			return;
	}
	print_message("# expected %s at %u:%u containing \"%s\"; got:\n",
	    severity == DIAG_ERROR ? "error" : "warning", line, col, needle);
	print_diags(d);
	_fail(file, srcline);
}

char *
make_temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/rutin-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(path) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return path;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void
remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *
write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

char *
srcdir_path(const char *relative)
{
	const char *top = getenv("RUTIN_SRCDIR");

	return xasprintf("%s/%s", top && *top ? top : ".", relative);
}

/* ---- Runs ---- */

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
recorder_emit(void *ctx, const struct run_event *ev)
{
	struct recorder *rec = ctx;
	struct run_event *c;

	if (rec->fail_next) {
		rec->fail_next = 0;
		return -1;
	}
	if (rec->count == rec->capacity) {
		rec->capacity = rec->capacity ? 2 * rec->capacity : 64;
		rec->events = xreallocarray(rec->events, rec->capacity,
		    sizeof(*rec->events));
	}
	c = &rec->events[rec->count++];
	*c = *ev;
	c->step = dup_or_null(ev->step);
	c->text = dup_or_null(ev->text);
	c->routine_id = dup_or_null(ev->routine_id);
	c->routine_hash = dup_or_null(ev->routine_hash);
	c->case_ref = dup_or_null(ev->case_ref);
	c->account = dup_or_null(ev->account);
	c->as = dup_or_null(ev->as);
	c->role = dup_or_null(ev->role);
	return 0;
}

static int64_t
recorder_now(void *ctx)
{
	struct recorder *rec = ctx;

	return rec->clock += rec->tick_ms > 0 ? rec->tick_ms : 1000;
}

struct run_io
recorder_io(struct recorder *rec)
{
	struct run_io io = { recorder_emit, rec, recorder_now, rec, NULL };

	if (rec->clock == 0)
		rec->clock = 1764201600000LL; /* 2025-11-27 00:00 UTC */
	return io;
}

struct run *
recorded_run(const struct routine *r, struct recorder *rec, const char *case_ref)
{
	struct run_io io;
	struct run *run = NULL;

	memset(rec, 0, sizeof(*rec));
	io = recorder_io(rec);
	assert_int_equal(run_start(r, RUN_TRAINING, case_ref, 0, &io, &run, NULL), RUN_OK);
	return run;
}

void
recorder_free(struct recorder *rec)
{
	size_t i;

	for (i = 0; i < rec->count; i++) {
		free((char *)rec->events[i].step);
		free((char *)rec->events[i].text);
		free((char *)rec->events[i].routine_id);
		free((char *)rec->events[i].routine_hash);
		free((char *)rec->events[i].case_ref);
		free((char *)rec->events[i].account);
		free((char *)rec->events[i].as);
		free((char *)rec->events[i].role);
	}
	free(rec->events);
	memset(rec, 0, sizeof(*rec));
}

char *
dump_run(const struct run *run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	run_dump(run, f);
	fclose(f);
	return buf;
}

void
assert_same_run(const struct run *a, const struct run *b)
{
	char *one = dump_run(a), *other = dump_run(b);

	assert_string_equal(one, other);
	free(one);
	free(other);
}

struct routine *
load_shipped(const char *name)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = NULL;
	char *rel = xasprintf("checklists/routines/%s", name);
	char *path = srcdir_path(rel);

	if (routine_load_file(path, &r, &d) != ROUTINE_OK) {
		print_diags(&d);
		fail_msg("cannot load %s", path);
	}
	diag_list_clear(&d);
	free(path);
	free(rel);
	return r;
}

char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

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

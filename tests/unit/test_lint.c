/* rutin lint over files and directories: output format, exit status,
 * which files are picked up. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/testhelp.h"
#include "checklists/lint.h"
#include "common/xalloc.h"

static const char valid[] =
    "format: rutin/1\nid: v\nversion: 1\ntitle: T\narea: other\n"
    "sections: [{id: s, title: S, steps: [{id: a, kind: check, prompt: P}]}]\n";
static const char invalid[] =
    "format: rutin/1\nid: v\nversion: 1\ntitle: T\narea: other\n"
    "sections: [{id: s, title: S, steps: [{id: a, kind: chek, prompt: P}]}]\n";

struct lint_run {
	char *output;
	size_t size;
	struct lint_result res;
};

static void
run_lint_with(const char *path, const struct lint_routines *rt,
    struct lint_run *run)
{
	FILE *out = open_memstream(&run->output, &run->size);

	memset(&run->res, 0, sizeof(run->res));
	assert_non_null(out);
	lint_path(path, out, rt, &run->res);
	fclose(out);
}

static void
run_lint(const char *path, struct lint_run *run)
{
	run_lint_with(path, NULL, run);
}

/* The shipped routines, for exercises to be checked against. */
static const char *const shipped_routines[] = { "kontaktforbud.yaml",
	"skyddade-personuppgifter.yaml", "vardnad-boende-umgange.yaml",
	"fore-utskick.yaml", "yttrande-tingsratt.yaml", "skola-och-vard.yaml",
	"misstankt-rojande.yaml", "overflyttning-overlamning.yaml",
	"telefon-och-reception.yaml", NULL };

struct installed {
	struct routine *r[10];
};

static const struct routine *
find_installed(void *ctx, const char *id)
{
	struct installed *in = ctx;
	size_t i;

	for (i = 0; in->r[i] != NULL; i++)
		if (strcmp(routine_id(in->r[i]), id) == 0)
			return in->r[i];
	return NULL;
}

static void
installed_load(struct installed *in)
{
	size_t i;

	memset(in, 0, sizeof(*in));
	for (i = 0; shipped_routines[i] != NULL; i++)
		in->r[i] = load_shipped(shipped_routines[i]);
}

static void
installed_free(struct installed *in)
{
	size_t i;

	for (i = 0; in->r[i] != NULL; i++)
		routine_free(&in->r[i]);
}

static void
write_str(const char *dir, const char *name, const char *text)
{
	free(write_file(dir, name, text, strlen(text)));
}

static void
test_valid_file(void **state)
{
	char *dir = make_temp_dir(), *path;
	struct lint_run run;

	(void)state;
	path = write_file(dir, "ok.yaml", valid, strlen(valid));
	run_lint(path, &run);
	assert_string_equal(run.output, "");
	assert_int_equal(run.res.status, 0);
	assert_int_equal(run.res.files, 1);
	assert_int_equal(run.res.invalid, 0);
	free(run.output);
	free(path);
	remove_tree(dir);
	free(dir);
}

static void
test_gcc_style_output(void **state)
{
	char *dir = make_temp_dir(), *path, *expected;
	struct lint_run run;

	(void)state;
	path = write_file(dir, "bad.yaml", invalid, strlen(invalid));
	run_lint(path, &run);
	expected = xasprintf("%s:6:52: error: unknown kind 'chek'; did you mean "
	    "'check'? (one of: check, yesno, choice, text, date)\n", path);
	assert_string_equal(run.output, expected);
	assert_int_equal(run.res.status, 1);
	assert_int_equal(run.res.errors, 1);
	free(expected);
	free(run.output);
	free(path);
	remove_tree(dir);
	free(dir);
}

static void
test_directory_walk(void **state)
{
	char *dir = make_temp_dir(), *sub, *hidden, *link, *expected;
	struct lint_run run;

	(void)state;
	sub = xasprintf("%s/sub", dir);
	hidden = xasprintf("%s/.hidden", dir);
	link = xasprintf("%s/loop", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(hidden, 0700), 0);
	assert_int_equal(symlink(".", link), 0); /* must not be followed */
	write_str(dir, "b.yaml", invalid);
	write_str(dir, "a.yml", valid);
	write_str(dir, "notes.txt", "not a routine");
	write_str(sub, "c.yaml", invalid);
	write_str(hidden, "d.yaml", invalid);
	run_lint(dir, &run);
	assert_int_equal(run.res.files, 3);
	assert_int_equal(run.res.invalid, 2);
	assert_int_equal(run.res.status, 1);
	/* Sorted: b.yaml comes before sub/c.yaml. */
	expected = xasprintf("%s/b.yaml:6:52: error: unknown kind 'chek'", dir);
	assert_memory_equal(run.output, expected, strlen(expected));
	free(expected);
	expected = xasprintf("\n%s/sub/c.yaml:6:52: error:", dir);
	assert_non_null(strstr(run.output, expected));
	assert_null(strstr(run.output, ".hidden"));
	assert_null(strstr(run.output, "notes.txt"));
	free(expected);
	free(run.output);
	free(sub);
	free(hidden);
	free(link);
	remove_tree(dir);
	free(dir);
}

static void
test_empty_directory_warns(void **state)
{
	char *dir = make_temp_dir(), *expected;
	struct lint_run run;

	(void)state;
	run_lint(dir, &run);
	expected = xasprintf("%s: warning: no *.yaml files found here\n", dir);
	assert_string_equal(run.output, expected);
	assert_int_equal(run.res.status, 0);
	assert_int_equal(run.res.warnings, 1);
	free(expected);
	free(run.output);
	remove_tree(dir);
	free(dir);
}

static void
test_unreadable_is_status_2(void **state)
{
	char *dir = make_temp_dir(), *missing, *expected;
	struct lint_run run;

	(void)state;
	missing = xasprintf("%s/nope.yaml", dir);
	run_lint(missing, &run);
	expected = xasprintf("%s: error: cannot open: No such file or directory\n",
	    missing);
	assert_string_equal(run.output, expected);
	assert_int_equal(run.res.status, 2);
	free(expected);
	free(run.output);

	/* I/O problems outrank content errors in the exit status. */
	write_str(dir, "bad.yaml", invalid);
	write_str(dir, "x.yaml", "");
	free(missing);
	missing = xasprintf("%s/dangling.yaml", dir);
	assert_int_equal(symlink("does-not-exist", missing), 0);
	run_lint(dir, &run);
	assert_int_equal(run.res.status, 2);
	assert_int_equal(run.res.files, 3);
	assert_int_equal(run.res.invalid, 3);
	free(run.output);
	free(missing);
	remove_tree(dir);
	free(dir);
}

static void
test_any_name_when_given_directly(void **state)
{
	char *dir = make_temp_dir(), *path;
	struct lint_run run;

	(void)state;
	path = write_file(dir, "routine.txt", valid, strlen(valid));
	run_lint(path, &run);
	assert_int_equal(run.res.files, 1);
	assert_int_equal(run.res.status, 0);
	free(run.output);
	free(path);
	remove_tree(dir);
	free(dir);
}

static void
test_shipped_files_are_valid(void **state)
{
	char *path = srcdir_path("checklists");
	struct installed in;
	struct lint_routines rt = { find_installed, &in };
	struct lint_run run;

	(void)state;
	installed_load(&in);
	run_lint_with(path, &rt, &run);
	installed_free(&in);
	if (run.res.status != 0 || run.res.warnings != 0)
		print_message("%s", run.output);
	assert_int_equal(run.res.status, 0);
	assert_int_equal(run.res.warnings, 0);
	assert_true(run.res.files >= 17); /* 9 routines, an example, 7 exercises */
	free(run.output);
	free(path);
}

/* An exercise among routines is read as an exercise, and checked against
 * its routine when that is installed; when it is not, a warning says the
 * steps were not checked. */
static void
test_exercise_against_routine(void **state)
{
	static const char exercise[] =
	    "format: rutin-exercise/1\nid: e\nversion: 1\ntitle: T\nscenario: S\n"
	    "routine: {id: kontaktforbud, version: 2}\n"
	    "expectations:\n  - {step: sakerhetsplanen, why: W}\npass_mark: 1\n";
	char *dir = make_temp_dir();
	struct installed in;
	struct lint_routines rt = { find_installed, &in };
	struct lint_run run;

	(void)state;
	write_str(dir, "a.yaml", valid);
	write_str(dir, "b.yaml", exercise);
	installed_load(&in);
	run_lint_with(dir, &rt, &run);
	installed_free(&in);
	assert_int_equal(run.res.files, 2);
	assert_int_equal(run.res.invalid, 1);
	assert_int_equal(run.res.status, 1);
	assert_non_null(strstr(run.output, "b.yaml:8:12: error: routine 'kontaktforbud' "
	    "has no step 'sakerhetsplanen'; did you mean 'sakerhetsplan'?"));
	free(run.output);

	run_lint(dir, &run);
	assert_int_equal(run.res.status, 0);
	assert_int_equal(run.res.warnings, 1);
	assert_non_null(strstr(run.output, "b.yaml:6:10: warning: routine "
	    "'kontaktforbud' is not installed here"));
	free(run.output);
	remove_tree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_file),
		cmocka_unit_test(test_gcc_style_output),
		cmocka_unit_test(test_directory_walk),
		cmocka_unit_test(test_empty_directory_warns),
		cmocka_unit_test(test_unreadable_is_status_2),
		cmocka_unit_test(test_any_name_when_given_directly),
		cmocka_unit_test(test_shipped_files_are_valid),
		cmocka_unit_test(test_exercise_against_routine),
	};

	return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}

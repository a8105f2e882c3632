/* Runs the fuzz target over its seed corpus, the test fixtures and the
 * shipped routines, one TAP test point per file. A crash or sanitizer
 * finding ends the run, which the TAP driver reports as an error. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct files {
	char **paths;
	size_t count;
	size_t capacity;
};

static int
is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Collects regular files below dir: all of them, or only *.yaml files. */
static void
collect(const char *dir, int yaml_only, struct files *f)
{
	struct dirent **list;
	int n, i;

	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, list[i]->d_name);
		struct stat st;

		if (list[i]->d_name[0] == '.' || lstat(path, &st) != 0) {
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			collect(path, yaml_only, f);
			free(path);
		} else if (S_ISREG(st.st_mode) &&
		    (!yaml_only || is_yaml(list[i]->d_name))) {
			if (f->count == f->capacity) {
				f->capacity = f->capacity ? 2 * f->capacity : 64;
				f->paths = xreallocarray(f->paths, f->capacity,
				    sizeof(char *));
			}
			f->paths[f->count++] = path;
		} else {
			free(path);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static int
replay(const char *path)
{
	FILE *in = fopen(path, "rb");
	size_t cap = 4096, len = 0, got;
	uint8_t *buf = xmalloc(cap);

	if (in == NULL)
		return 0;
	while ((got = fread(buf + len, 1, cap - len, in)) > 0) {
		len += got;
		if (len == cap)
			buf = xreallocarray(buf, cap *= 2, 1);
	}
	fclose(in);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 1;
}

int
main(void)
{
	/* The corpus holds files libFuzzer named; elsewhere only YAML.
	 * REPLAY_GUARD / REPLAY_FIELDS / REPLAY_DOC pick another target's
	 * corpus (the documents' also reads every fixture). */
	static const struct {
		const char *dir;
		int yaml_only;
	} dirs[] = {
#if defined(REPLAY_GUARD)
		{ "tests/fuzz/corpus-guard", 0 },
#elif defined(REPLAY_FIELDS)
		{ "tests/fuzz/corpus-fields", 0 },
#elif defined(REPLAY_DOC)
		{ "tests/fuzz/corpus-doc", 0 },
		{ "tests/fixtures", 0 },
#else
		{ "tests/fuzz/corpus", 0 },
		{ "tests/fixtures", 1 },
		{ "checklists", 1 },
#endif
	};
	const char *top = getenv("RUTIN_SRCDIR");
	struct files f = { NULL, 0, 0 };
	size_t i;
	int failed = 0;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *dir = xasprintf("%s/%s", top && *top ? top : ".", dirs[i].dir);

		collect(dir, dirs[i].yaml_only, &f);
		free(dir);
	}
	if (f.count == 0) {
		printf("1..0 # SKIP no corpus found; is RUTIN_SRCDIR set?\n");
		return 0;
	}
	printf("1..%zu\n", f.count);
	for (i = 0; i < f.count; i++) {
		int ok = replay(f.paths[i]);

		printf("%s %zu - %s\n", ok ? "ok" : "not ok", i + 1, f.paths[i]);
		fflush(stdout);
		failed |= !ok;
		free(f.paths[i]);
	}
	free(f.paths);
	return failed;
}

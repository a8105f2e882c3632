/* rutin verify --archive DIR [--seals FILE] [--log-id ID]: an archive
 * package (rutin archive) checked with rutin's own code, as the package's
 * LASMIG.txt lets anyone check it without: every file against
 * manifest.sha256 and no file beside it; the events read back into a log
 * in memory and verified as a log is (the chain and its gallrings, every
 * signature and role, each author's chain, the summaries); the seals of
 * sigill.txt (or --seals) against them; nycklar.jsonl equal to what the
 * events give; each routine text hashing to its name, and one there for
 * every run. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checklists/routine.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "cli/archive.h"
#include "cli/cmdline.h"
#include "db/fields.h"
#include "db/seal.h"

struct check {
	const char *dir;
	int problems;
};

/* A problem: said on standard output, one line, and counted. */
static void
problem(struct check *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
problem(struct check *k, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("  ");
	utf8_write_visible(stdout, buf);
	printf("\n");
	k->problems++;
}

/* SHA-256 of a file as hex; false (errno) when it cannot be read. */
static bool
file_sha256(const char *path, char hex[65])
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], d[32];
	size_t n;
	FILE *f = fopen(path, "rbe");

	if (f == NULL)
		return false;
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	if (ferror(f)) {
		fclose(f);
		errno = EIO;
		return false;
	}
	fclose(f);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, 65, d, 32);
	return true;
}

/* The names manifest.sha256 lists, NULL-terminated (the caller frees);
 * each line checked. */
static char **
check_manifest(struct check *k, size_t *files)
{
	char *path = xasprintf("%s/manifest.sha256", k->dir), *line = NULL, **names = NULL;
	char want[65], have[65], *file;
	size_t cap = 0, n = 0;
	ssize_t len;
	long no = 0;
	FILE *f = fopen(path, "re");

	if (f == NULL) {
		problem(k, _("%s: %s"), path, strerror(errno));
		free(path);
		*files = 0;
		return xcalloc(1, sizeof(char *));
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		no++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len < 67 || strspn(line, "0123456789abcdef") != 64 ||
		    strncmp(line + 64, "  ", 2) != 0 || strstr(line + 66, "..") != NULL ||
		    line[66] == '/') {
			problem(k, _("%s, line %ld: not a line of sha256sum"), path, no);
			continue;
		}
		memcpy(want, line, 64);
		want[64] = '\0';
		file = xasprintf("%s/%s", k->dir, line + 66);
		if (!file_sha256(file, have))
			problem(k, _("%s: listed in the manifest, but %s"), line + 66,
			    strerror(errno));
		else if (strcmp(want, have) != 0)
			problem(k, _("%s: changed since the package was made (its SHA-256 is "
			    "not the manifest's)"), line + 66);
		free(file);
		names = xreallocarray(names, n + 2, sizeof(*names));
		names[n++] = xstrdup(line + 66);
		names[n] = NULL;
	}
	fclose(f);
	free(line);
	free(path);
	*files = n;
	return names != NULL ? names : xcalloc(1, sizeof(char *));
}

static bool
listed(char **names, const char *name)
{
	for (; *names != NULL; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* Every file of the package is in the manifest (a file added beside it
 * is named: the manifest vouches for what it lists only). */
static void
check_unlisted(struct check *k, char **names, const char *sub)
{
	char *path = sub != NULL ? xasprintf("%s/%s", k->dir, sub) : xstrdup(k->dir), *rel;
	struct dirent *e;
	DIR *d = opendir(path);

	if (d == NULL) {
		if (sub == NULL || errno != ENOENT)
			problem(k, "%s: %s", path, strerror(errno));
		free(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || (sub == NULL && (strcmp(e->d_name,
		    "manifest.sha256") == 0 || strcmp(e->d_name, "rutiner") == 0)))
			continue;
		rel = sub != NULL ? xasprintf("%s/%s", sub, e->d_name) : xstrdup(e->d_name);
		if (!listed(names, rel))
			problem(k, _("%s: in the package but not in its manifest"), rel);
		free(rel);
	}
	closedir(d);
	free(path);
}

/* ---- keys and routine texts, from the events ---- */

struct pass {
	struct check *k;
	FILE *keys;            /* nycklar.jsonl as the events give it */
	char **hashes;         /* the routine texts the runs name */
	size_t nhashes;
};

static int
each_event(void *ctx, const struct log_event *ev)
{
	struct pass *p = ctx;
	char hash[65];
	size_t i;

	archive_put_key(p->keys, ev);
	if (!event_is(ev->type, EV_RUN_STARTED) ||
	    !fields_json_text(ev->fields, "routine_hash", hash, sizeof(hash)))
		return 0;
	for (i = 0; i < p->nhashes; i++)
		if (strcmp(p->hashes[i], hash) == 0)
			return 0;
	p->hashes = xreallocarray(p->hashes, p->nhashes + 1, sizeof(*p->hashes));
	p->hashes[p->nhashes++] = xstrdup(hash);
	return 0;
}

static void
check_keys_and_texts(struct check *k, struct log *log)
{
	struct pass p = { k, NULL, NULL, 0 };
	struct log_error err;
	char *want = NULL, *have, *path, hex[65];
	size_t want_len = 0, have_len = 0, i, texts = 0;
	struct routine *r;
	struct diag_list d = DIAG_LIST_INIT;

	p.keys = open_memstream(&want, &want_len);
	if (p.keys == NULL || log_events(log, NULL, NULL, each_event, &p, &err) != LOG_OK) {
		problem(k, _("the events cannot be read back: %s"), p.keys == NULL ?
		    strerror(errno) : err.message);
		if (p.keys != NULL)
			fclose(p.keys);
		free(want);
		return;
	}
	fclose(p.keys);
	path = xasprintf("%s/nycklar.jsonl", k->dir);
	have = archive_read_bytes(path, &have_len);
	if (have == NULL || have_len != want_len || memcmp(have, want, want_len) != 0)
		problem(k, _("nycklar.jsonl is not what the events give (a key line added, "
		    "changed or left out)"));
	free(have);
	free(path);
	free(want);
	for (i = 0; i < p.nhashes; i++) {
		path = xasprintf("%s/rutiner/%s.yaml", k->dir, p.hashes[i]);
		r = NULL;
		if (routine_load_file(path, &r, &d) != ROUTINE_OK)
			problem(k, _("rutiner/%s.yaml: a run followed this routine text, but it "
			    "is not in the package or does not load"), p.hashes[i]);
		else if (routine_hash_hex(r, hex), strcmp(hex, p.hashes[i]) != 0)
			problem(k, _("rutiner/%s.yaml: its content hashes to %.12s…, not to its "
			    "name"), p.hashes[i], hex);
		else
			texts++;
		routine_free(&r);
		diag_list_clear(&d);
		free(path);
		free(p.hashes[i]);
	}
	free(p.hashes);
	printf(ngettext("Routine texts: %zu, each hashing to its name.\n", "Routine texts: "
	    "%zu, each hashing to its name.\n", (unsigned long)texts), texts);
}

/* ---- the events and seals ---- */

static int
check_events(struct check *k, const struct opts *o)
{
	char *events = xasprintf("%s/handelser.jsonl", k->dir);
	char *seals_path = o->seals != NULL ? xstrdup(o->seals) :
	    xasprintf("%s/sigill.txt", k->dir);
	struct log_seal_report sr;
	struct log_verify r;
	struct log_error err;
	struct log *log = NULL;
	FILE *seals;
	enum log_status s;

	memset(&r, 0, sizeof(r));
	if ((s = log_open_archive(events, &log, &err)) != LOG_OK) {
		if (s != LOG_E_CORRUPT) {
			fprintf(stderr, "rutin verify: %s\n", err.message);
			free(events);
			free(seals_path);
			return EXIT_USAGE;
		}
		problem(k, "%s", err.message);
		free(events);
		free(seals_path);
		return 0;
	}
	seals = fopen(seals_path, "re");
	if (seals == NULL && o->seals != NULL) {
		fprintf(stderr, "rutin verify: %s: %s\n", o->seals, strerror(errno));
		log_close(&log);
		free(events);
		free(seals_path);
		return EXIT_USAGE;
	}
	if (log_verify_seals(log, seals, 0, o->log_id, &r, &sr, &err) == LOG_OK) {
		printf(_("Events: %" PRId64 ", the chain whole, every event signed by its "
		    "author at that point, the summaries as the events give them.\n"),
		    r.events);
		printf(ngettext("Seals (%s): %" PRId64 " matches the events.\n", "Seals (%s): %"
		    PRId64 " match the events.\n", (unsigned long)sr.seals), o->seals != NULL ?
		    o->seals : "sigill.txt", sr.seals);
		check_keys_and_texts(k, log);
	} else if (err.status == LOG_E_CORRUPT) {
		problem(k, _("the events: %s"), r.problem[0] != '\0' ? r.problem : err.message);
	} else {
		fprintf(stderr, "rutin verify: %s\n", err.message);
		s = LOG_E_IO;
	}
	if (seals != NULL)
		fclose(seals);
	log_close(&log);
	free(events);
	free(seals_path);
	return s == LOG_E_IO ? EXIT_USAGE : 0;
}

/* The package in folder `dir`, named `label` in what is said. */
static int
verify_folder(struct cmd_ctx *c, const char *dir, const char *label)
{
	struct check k = { dir, 0 };
	char **names;
	size_t files, i;
	int rc;

	printf(_("Archive package %s:\n"), label);
	names = check_manifest(&k, &files);
	check_unlisted(&k, names, NULL);
	check_unlisted(&k, names, "rutiner");
	if (k.problems == 0)
		printf(ngettext("Manifest: %zu file, whole; no other file in the package.\n",
		    "Manifest: %zu files, whole; no other file in the package.\n",
		    (unsigned long)files), files);
	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
	if ((rc = check_events(&k, &c->o)) != 0)
		return rc;
	if (k.problems > 0) {
		printf(ngettext("%s: ALTERED OR INCOMPLETE (%d problem, above)\n",
		    "%s: ALTERED OR INCOMPLETE (%d problems, above)\n",
		    (unsigned long)k.problems), label, k.problems);
		return EXIT_FAILED;
	}
	printf(_("%s: intact.\n"), label);
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed("verify");
}

/* A package as a tar file: extracted beside it into a new private
 * folder, checked, removed. */
static int
verify_tar(struct cmd_ctx *c, const char *tar)
{
	char *into = xasprintf("%s.checkXXXXXX", tar), *dir, why[512];
	int rc;

	if (mkdtemp(into) == NULL) {
		fprintf(stderr, "rutin verify: %s: %s\n", into, strerror(errno));
		free(into);
		return EXIT_USAGE;
	}
	if ((dir = archive_tar_extract(tar, into, why, sizeof(why))) == NULL) {
		printf(_("Archive package %s:\n"), tar);
		printf("  ");
		utf8_write_visible(stdout, why);
		printf(_("\n%s: ALTERED OR INCOMPLETE (it cannot be read as a package)\n"),
		    tar);
		rc = EXIT_FAILED;
	} else {
		rc = verify_folder(c, dir, tar);
	}
	archive_tar_remove(into);
	free(dir);
	free(into);
	return rc;
}

int
verify_archive(struct cmd_ctx *c)
{
	const char *path = c->o.archive;
	struct stat st;

	if (stat(path, &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
		int e = stat(path, &st) != 0 ? errno : EINVAL;

		fprintf(stderr, "rutin verify: --archive ");
		utf8_write_visible(stderr, path);
		fprintf(stderr, ": %s\n", strerror(e));
		return EXIT_USAGE;
	}
	if (S_ISREG(st.st_mode))
		return verify_tar(c, path);
	return verify_folder(c, path, path);
}

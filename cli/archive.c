/* rutin archive --out DIR [--seals FILE]: the log as an open package for
 * the archive (issue 29, part 2), to be checked in thirty years without
 * rutin: the events as JSON Lines with their hashes, signatures and
 * chain (each event's stored fields byte for byte), the signing keys as
 * the events give them, the routine texts the runs used (by hash), the
 * seals given, a README in Swedish that says how to check it all with
 * sha256sum, openssl and Python's standard library, and a checksum
 * manifest. Plaintext by nature: a supervisor's command, said, logged
 * (access.recorded, "archive") before anything is written; a new folder
 * 0700, files 0600; removed when it cannot be written whole. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "cli/archive.h"
#include "cli/archive_readme.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"
#include "db/fields.h"
#include "db/seal.h"
#include "runlog/releases.h"

#define ARCHIVE_MAX_FILES 1024

struct package {
	struct session *s;
	const char *dir;
	char *files[ARCHIVE_MAX_FILES]; /* written so far, relative to dir */
	size_t nfiles;
	bool failed;
};

/* A new file of the package, 0600; NULL (failed set, said) when it
 * cannot be made. */
static FILE *
new_file(struct package *p, const char *name)
{
	char *path = xasprintf("%s/%s", p->dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f == NULL) {
		fprintf(stderr, "rutin %s: ", p->s->cmd);
		utf8_write_visible(stderr, path);
		fprintf(stderr, ": %s\n", strerror(errno));
		if (fd >= 0)
			close(fd);
		p->failed = true;
	} else if (p->nfiles < ARCHIVE_MAX_FILES) {
		p->files[p->nfiles++] = xstrdup(name);
	}
	free(path);
	return f;
}

/* Durable and whole, or failed (said). */
static void
close_file(struct package *p, FILE *f, const char *name)
{
	bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;

	ok = fclose(f) == 0 && ok;
	if (!ok) {
		fprintf(stderr, _("rutin %s: %s could not be written whole\n"), p->s->cmd,
		    name);
		p->failed = true;
	}
}

char *
archive_read_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*len = 0;
	if (f == NULL)
		return NULL;
	do {
		if (n == cap)
			buf = xreallocarray(buf, cap = cap ? 2 * cap : 65536, 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf != NULL ? buf : xstrdup("");
}

static void
put_hex(FILE *out, const unsigned char *b, size_t n)
{
	char hex[2 * 64 + 1];

	sodium_bin2hex(hex, sizeof(hex), b, n);
	fputs(hex, out);
}

struct events_pass {
	FILE *events, *keys;
};

/* The signing keys as the events give them: which account holds which
 * key from which event on (README: "Nycklar"). */
void
archive_put_key(FILE *keys, const struct log_event *ev)
{
	static const struct { const char *type, *field, *name_field; } k[] = {
		{ "log.created", "sign_pk", NULL },
		{ "log.created", "recovery_pk", "(recovery)" },
		{ "account.added", "sign_pk", "name" },
		{ "account.passphrase_changed", "sign_pk", "name" },
		{ "account.key_registered", "sign_pk", "name" },
		{ "recovery.replaced", "recovery_pk", "(recovery)" },
		{ "account.removed", NULL, "name" },
	};
	struct log_field *f;
	size_t n, i;

	if (!fields_from_json(ev->fields, &f, &n))
		return;
	for (i = 0; i < sizeof(k) / sizeof(*k); i++) {
		const char *name, *pk;

		if (strcmp(ev->type, k[i].type) != 0)
			continue;
		name = k[i].name_field == NULL ? ev->account : k[i].name_field[0] == '(' ?
		    k[i].name_field : fields_text(f, n, k[i].name_field);
		pk = k[i].field != NULL ? fields_text(f, n, k[i].field) : NULL;
		if (name == NULL || (k[i].field != NULL && pk == NULL))
			continue;
		fprintf(keys, "{\"seq\":%lld,\"account\":", (long long)ev->seq);
		cmdline_json_string(keys, name);
		fputs(",\"sign_pk\":", keys);
		if (pk != NULL)
			cmdline_json_string(keys, pk);
		else
			fputs("null", keys);
		fputs(",\"event\":", keys);
		cmdline_json_string(keys, ev->type);
		fputs("}\n", keys);
	}
	fields_free(f, n);
}

/* One event a line, its stored columns as they are hashed: the fields as
 * the exact string (README: "Händelser"). */
static int
put_event(void *ctx, const struct log_event *ev)
{
	struct events_pass *e = ctx;

	fprintf(e->events, "{\"seq\":%lld,\"id\":", (long long)ev->seq);
	cmdline_json_string(e->events, ev->id);
	fprintf(e->events, ",\"time\":%lld,\"account\":", (long long)ev->time);
	cmdline_json_string(e->events, ev->account);
	fputs(",\"run\":", e->events);
	if (ev->run_id != NULL)
		cmdline_json_string(e->events, ev->run_id);
	else
		fputs("null", e->events);
	fputs(",\"type\":", e->events);
	cmdline_json_string(e->events, ev->type);
	fputs(",\"fields\":", e->events);
	cmdline_json_string(e->events, ev->fields);
	fputs(",\"prev_hash\":\"", e->events);
	put_hex(e->events, ev->prev_hash, 32);
	fputs("\",\"hash\":\"", e->events);
	put_hex(e->events, ev->hash, 32);
	fputs("\",\"sig\":", e->events);
	if (ev->sig != NULL) {
		fputc('"', e->events);
		put_hex(e->events, ev->sig, LOG_SIG_BYTES);
		fputc('"', e->events);
	} else {
		fputs("null", e->events);
	}
	fputs("}\n", e->events);
	archive_put_key(e->keys, ev);
	return 0;
}

static void
write_events(struct package *p)
{
	struct events_pass e;
	struct log_error err;

	e.events = new_file(p, "handelser.jsonl");
	e.keys = new_file(p, "nycklar.jsonl");
	if (e.events != NULL && e.keys != NULL &&
	    log_events(p->s->log, NULL, NULL, put_event, &e, &err) != LOG_OK) {
		cmd_report(p->s->cmd, &err);
		p->failed = true;
	}
	if (e.events != NULL)
		close_file(p, e.events, "handelser.jsonl");
	if (e.keys != NULL)
		close_file(p, e.keys, "nycklar.jsonl");
}

/* A routine text, named by its canonical hash (once). */
static void
write_routine(struct package *p, const char *hash, const char *text, size_t len)
{
	char *name = xasprintf("rutiner/%s.yaml", hash);
	size_t i;
	FILE *f;

	for (i = 0; i < p->nfiles; i++)
		if (strcmp(p->files[i], name) == 0) {
			free(name);
			return;
		}
	if ((f = new_file(p, name)) != NULL) {
		fwrite(text, 1, len, f);
		close_file(p, f, name);
	}
	free(name);
}

/* The file an installed text came from, as it reads now: only when the
 * run's text is the installed one and the file still hashes so. */
static bool
write_installed(struct package *p, const struct routine *r, const char *hash)
{
	char hex[2 * ROUTINE_HASH_BYTES + 1];
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *now = NULL;
	size_t len;
	char *text;
	bool ok;

	routine_hash_hex(r, hex);
	if (strcmp(hex, hash) != 0 || (text = archive_read_bytes(routine_source(r), &len)) == NULL)
		return false;
	ok = routine_load_buffer(text, len, routine_source(r), &now, &d) == ROUTINE_OK;
	if (ok) {
		routine_hash_hex(now, hex);
		ok = strcmp(hex, hash) == 0;
	}
	if (ok)
		write_routine(p, hash, text, len);
	routine_free(&now);
	diag_list_clear(&d);
	free(text);
	return ok;
}

/* Whether hash `h` is among the first `n` of `seen`. */
static bool
seen_before(char (*seen)[65], size_t n, const char *h)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(seen[i], h) == 0)
			return true;
	return false;
}

/* Every text the log released, and the installed text of every run's
 * hash that no release holds; the runs whose text is neither are named. */
static size_t
write_routines(struct package *p)
{
	struct log_run_filter all = { .oldest_first = true };
	struct log_run_info *runs = NULL;
	struct releases rel;
	struct log_error err;
	size_t n = 0, i, nseen = 0, missing = 0;
	char (*seen)[65];
	char *dir = xasprintf("%s/rutiner", p->dir);

	if (mkdir(dir, 0700) != 0) {
		fprintf(stderr, "rutin %s: %s: %s\n", p->s->cmd, dir, strerror(errno));
		p->failed = true;
		free(dir);
		return 0;
	}
	free(dir);
	if (releases_read(p->s->log, &rel, &err) != LOG_OK ||
	    log_runs(p->s->log, &all, &runs, &n, &err) != LOG_OK) {
		cmd_report(p->s->cmd, &err);
		p->failed = true;
		return 0;
	}
	for (i = 0; i < rel.count; i++)
		write_routine(p, rel.items[i].hash, rel.items[i].source,
		    strlen(rel.items[i].source));
	seen = xcalloc(n + 1, sizeof(*seen));
	for (i = 0; i < n; i++) {
		const struct routine *r = catalog_find_text(&p->s->catalog, runs[i].routine_id,
		    runs[i].routine_hash);

		if (seen_before(seen, nseen, runs[i].routine_hash))
			continue;
		snprintf(seen[nseen++], sizeof(*seen), "%s", runs[i].routine_hash);
		if (releases_find(&rel, runs[i].routine_hash) != NULL ||
		    (r != NULL && write_installed(p, r, runs[i].routine_hash)))
			continue;
		fprintf(stderr, _("rutin %s: the text of routine %s version %ld (hash "
		    "%.12s), which run %.8s followed, is neither released in the log nor "
		    "installed here: the package lacks it (give its folder with "
		    "--routines)\n"), p->s->cmd, runs[i].routine_id, runs[i].routine_version,
		    runs[i].routine_hash, runs[i].run_id);
		missing++;
	}
	free(seen);
	releases_free(&rel);
	free(runs);
	return missing;
}

/* The seal lines of this log in FILE (a syslog export, a seals file). */
static void
write_seals(struct package *p, const char *path)
{
	char identity[65], line[LOG_SEAL_LEN + 2], *needle;
	struct log_error err;
	FILE *in, *out;
	size_t count = 0;

	if (log_identity(p->s->log, identity, &err) != LOG_OK) {
		cmd_report(p->s->cmd, &err);
		p->failed = true;
		return;
	}
	if ((in = fopen(path, "r")) == NULL) {
		fprintf(stderr, "rutin %s: ", p->s->cmd);
		utf8_write_visible(stderr, path);
		fprintf(stderr, ": %s\n", strerror(errno));
		p->failed = true;
		return;
	}
	needle = xasprintf("rutin-seal/1 log=%s ", identity);
	if ((out = new_file(p, "sigill.txt")) != NULL) {
		while (fgets(line, sizeof(line), in) != NULL) {
			char *at = strstr(line, needle);

			if (at == NULL)
				continue;
			at[strcspn(at, "\r\n")] = '\0';
			fprintf(out, "%s\n", at);
			count++;
		}
		close_file(p, out, "sigill.txt");
	}
	if (ferror(in)) {
		fprintf(stderr, _("rutin %s: the seals file could not be read whole\n"),
		    p->s->cmd);
		p->failed = true;
	}
	fclose(in);
	free(needle);
	if (count == 0 && !p->failed)
		fprintf(stderr, _("rutin %s: no seal of this log in that file; the package "
		    "has none\n"), p->s->cmd);
}

static void
write_readme(struct package *p)
{
	char identity[65];
	struct log_error err;
	FILE *f = new_file(p, "LASMIG.txt");

	if (f == NULL)
		return;
	if (log_identity(p->s->log, identity, &err) != LOG_OK)
		snprintf(identity, sizeof(identity), "?");
	fprintf(f, archive_readme, identity);
	close_file(p, f, "LASMIG.txt");
}

/* manifest.sha256: every file's SHA-256, as sha256sum writes them. */
static void
write_manifest(struct package *p)
{
	FILE *m = new_file(p, "manifest.sha256");
	size_t i, count = p->nfiles;

	for (i = 0; m != NULL && i < count; i++) {
		char *path = xasprintf("%s/%s", p->dir, p->files[i]), *buf;
		unsigned char h[32];
		size_t len;

		if (strcmp(p->files[i], "manifest.sha256") == 0) {
			free(path);
			continue;
		}
		if ((buf = archive_read_bytes(path, &len)) == NULL) {
			fprintf(stderr, "rutin %s: %s: %s\n", p->s->cmd, path, strerror(errno));
			p->failed = true;
			free(path);
			continue;
		}
		crypto_hash_sha256(h, (const unsigned char *)buf, len);
		put_hex(m, h, 32);
		fprintf(m, "  %s\n", p->files[i]);
		free(buf);
		free(path);
	}
	if (m != NULL)
		close_file(p, m, "manifest.sha256");
}

/* A package that failed is taken away whole: no half archive remains. */
static void
remove_package(struct package *p)
{
	size_t i;
	char *sub = xasprintf("%s/rutiner", p->dir);

	for (i = 0; i < p->nfiles; i++) {
		char *path = xasprintf("%s/%s", p->dir, p->files[i]);

		unlink(path);
		free(path);
	}
	rmdir(sub);
	rmdir(p->dir);
	free(sub);
}

/* FILE.tar: the name of the folder inside it ("paket" for paket.tar). */
static char *
tar_top(const char *out)
{
	const char *base = strrchr(out, '/') != NULL ? strrchr(out, '/') + 1 : out;

	return xstrndup(base, strlen(base) - 4);
}

static bool
is_tar(const char *out)
{
	size_t n = strlen(out);

	return n > 4 && strcmp(out + n - 4, ".tar") == 0 && out[n - 5] != '/';
}

/* The folder the package is written into: --out DIR itself, or for
 * FILE.tar a new private folder beside it, made into the tar at the end.
 * NULL after a message. */
static char *
package_folder(struct session *s)
{
	const char *out = s->o.out;
	struct stat st;
	char *dir;

	if (is_tar(out) && lstat(out, &st) == 0)
		errno = EEXIST;
	else if (is_tar(out) && (dir = xasprintf("%s.partXXXXXX", out)) != NULL &&
	    mkdtemp(dir) != NULL)
		return dir;
	else if (!is_tar(out) && mkdir(out, 0700) == 0)
		return xstrdup(out);
	fprintf(stderr, "rutin %s: ", s->cmd);
	utf8_write_visible(stderr, out);
	fprintf(stderr, errno == EEXIST ? _(": already exists; an archive package goes "
	    "into a new folder or tar file\n") : ": %s\n", strerror(errno));
	return NULL;
}

/* For FILE.tar: the folder made into the tar, then removed. */
static void
make_tar(struct package *p)
{
	char why[512], *top = tar_top(p->s->o.out);

	if (!archive_tar_write(p->s->o.out, p->dir, top, p->files, p->nfiles, why,
	    sizeof(why))) {
		fprintf(stderr, "rutin %s: ", p->s->cmd);
		utf8_write_visible(stderr, why);
		fputc('\n', stderr);
		p->failed = true;
	}
	free(top);
}

static int
archive(struct session *s, const char *unused)
{
	struct package p;
	size_t missing, i;
	char *dir;
	int rc;

	(void)unused;
	memset(&p, 0, sizeof(p));
	p.s = s;
	if ((dir = package_folder(s)) == NULL)
		return EXIT_USAGE;
	p.dir = dir;
	if ((rc = review_session_access(s, ACCESS_READ_ARCHIVE, NULL)) != 0) {
		rmdir(p.dir);
		free(dir);
		return rc;
	}
	write_events(&p);
	missing = p.failed ? 0 : write_routines(&p);
	if (!p.failed && s->o.seals != NULL)
		write_seals(&p, s->o.seals);
	if (!p.failed)
		write_readme(&p);
	if (!p.failed)
		write_manifest(&p);
	if (!p.failed && is_tar(s->o.out)) {
		make_tar(&p);
		remove_package(&p);
	}
	if (p.failed) {
		remove_package(&p);
		fprintf(stderr, _("rutin %s: no package was made\n"), s->cmd);
		rc = EXIT_USAGE;
	} else {
		printf(_("Wrote the archive package %s: %zu files. It is plaintext: every "
		    "case reference, note and answer of the log is readable in it; keep it "
		    "as the case files are kept. LASMIG.txt says how to check it without "
		    "rutin.\n"), s->o.out, p.nfiles);
		rc = missing > 0 ? EXIT_FAILED : 0;
	}
	for (i = 0; i < p.nfiles; i++)
		free(p.files[i]);
	free(dir);
	if (rc == 0 && !cmdline_stdout_ok())
		return cmdline_output_failed(s->cmd);
	return rc;
}

static int
archive_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, archive);
}

const struct cmd_entry archive_cmd = {
	.name = "archive", .usage = "--out DIR|FILE.tar [--seals FILE] [--routines DIR]",
	.summary = N_("the log as an open package for the archive, to be checked "
	    "without rutin (supervisors; plaintext; logged)"),
	.options = OPT_OPEN | OPT(OUT) | OPT(SEALS) | OPT(ROUTINES),
	.required = OPT(OUT),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = archive_exec,
};

/* An archive package as one tar file (rutin archive --out FILE.tar, rutin
 * verify --archive FILE.tar), with libarchive: the package's files under
 * one folder named after the file (paket.tar holds paket/...), POSIX
 * pax format, each entry mode 0600 (folders 0700). Reading one back is
 * for checking it: regular files and folders only, every name under that
 * one folder, none absolute or with "..", extracted into a new private
 * folder beside the tar (the same disk and protection as the tar
 * itself), and removed after. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "cli/archive.h"

static bool
fail(char *why, size_t len, const char *what, const char *msg)
{
	snprintf(why, len, "%s: %s", what, msg);
	return false;
}

static bool
put_dir(struct archive *a, const char *name, char *why, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	bool ok;

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFDIR);
	archive_entry_set_perm(e, 0700);
	archive_entry_set_mtime(e, (time_t)(clock_now_ms() / 1000), 0);
	ok = archive_write_header(a, e) == ARCHIVE_OK;
	archive_entry_free(e);
	return ok || fail(why, len, name, archive_error_string(a));
}

static bool
put_file(struct archive *a, const char *dir, const char *top, const char *name,
    char *why, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name), *entry = xasprintf("%s/%s", top, name);
	struct archive_entry *e = archive_entry_new();
	size_t n = 0;
	char *buf = archive_read_bytes(path, &n);
	bool ok = buf != NULL;

	if (!ok)
		fail(why, len, path, strerror(errno));
	if (ok) {
		archive_entry_set_pathname(e, entry);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0600);
		archive_entry_set_mtime(e, (time_t)(clock_now_ms() / 1000), 0);
		archive_entry_set_size(e, (la_int64_t)n);
		ok = archive_write_header(a, e) == ARCHIVE_OK &&
		    (n == 0 || archive_write_data(a, buf, n) == (la_ssize_t)n);
		if (!ok)
			fail(why, len, entry, archive_error_string(a));
	}
	archive_entry_free(e);
	free(buf);
	free(path);
	free(entry);
	return ok;
}

bool
archive_tar_write(const char *tar, const char *dir, const char *top,
    char *const *files, size_t n, char *why, size_t len)
{
	struct archive *a = archive_write_new();
	char *sub = xasprintf("%s/rutiner", top);
	size_t i;
	int fd = open(tar, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	bool ok = fd >= 0;

	if (!ok)
		fail(why, len, tar, strerror(errno));
	if (ok && (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK))
		ok = fail(why, len, tar, archive_error_string(a));
	ok = ok && put_dir(a, top, why, len) && put_dir(a, sub, why, len);
	for (i = 0; ok && i < n; i++)
		ok = put_file(a, dir, top, files[i], why, len);
	if (archive_write_close(a) != ARCHIVE_OK && ok)
		ok = fail(why, len, tar, archive_error_string(a));
	archive_write_free(a);
	if (fd >= 0) {
		if (ok && fsync(fd) != 0)
			ok = fail(why, len, tar, strerror(errno));
		if (close(fd) != 0 && ok)
			ok = fail(why, len, tar, strerror(errno));
		if (!ok)
			unlink(tar);
	}
	free(sub);
	return ok;
}

/* A name the tar may hold: under `top`, relative, no "." or ".." part. */
static bool
name_ok(const char *name, const char *top)
{
	size_t t = strlen(top), part;
	const char *p = name;

	if (name[0] == '/' || strncmp(name, top, t) != 0 ||
	    (name[t] != '/' && name[t] != '\0'))
		return false;
	while (*p != '\0') {
		part = strcspn(p, "/");
		if ((part == 1 && p[0] == '.') || (part == 2 && strncmp(p, "..", 2) == 0))
			return false;
		p += part;
		if (*p == '/')
			p++;
	}
	return true;
}

/* The folders above `path` below `into` (a tar need not list them). */
static void
make_parents(const char *into, const char *path)
{
	char *copy = xstrdup(path), *slash;

	for (slash = strchr(copy + strlen(into) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(copy, 0700);
		*slash = '/';
	}
	free(copy);
}

static bool
extract_file(struct archive *a, const char *into, const char *path, char *why,
    size_t len)
{
	char buf[65536];
	la_ssize_t got;
	int fd;
	bool ok;

	make_parents(into, path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	ok = fd >= 0;
	if (!ok)
		return fail(why, len, path, strerror(errno));
	while (ok && (got = archive_read_data(a, buf, sizeof(buf))) > 0)
		ok = write(fd, buf, (size_t)got) == got || fail(why, len, path, strerror(errno));
	if (ok && got < 0)
		ok = fail(why, len, path, archive_error_string(a));
	if (close(fd) != 0 && ok)
		ok = fail(why, len, path, strerror(errno));
	return ok;
}

char *
archive_tar_extract(const char *tar, const char *into, char *why, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *top = NULL, *path;
	const char *name;
	bool ok = true;
	int rc;

	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, tar, 65536) != ARCHIVE_OK) {
		fail(why, len, tar, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	while (ok && (rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		name = archive_entry_pathname(e);
		if (top == NULL && name != NULL)
			top = xstrndup(name, strcspn(name, "/"));
		if (name == NULL || top[0] == '\0' || !name_ok(name, top)) {
			ok = fail(why, len, tar, _("an entry outside the package's one folder "
			    "(an absolute name, '..', or a second folder)"));
			break;
		}
		path = xasprintf("%s/%s", into, name);
		if (archive_entry_filetype(e) == AE_IFDIR)
			ok = mkdir(path, 0700) == 0 || (errno == EEXIST) ||
			    fail(why, len, path, strerror(errno));
		else if (archive_entry_filetype(e) == AE_IFREG)
			ok = extract_file(a, into, path, why, len);
		else
			ok = fail(why, len, name, _("not a file or folder (a link or device in "
			    "a package is refused)"));
		free(path);
	}
	if (ok && rc != ARCHIVE_EOF)
		ok = fail(why, len, tar, archive_error_string(a));
	archive_read_free(a);
	if (ok && top == NULL)
		ok = fail(why, len, tar, _("an empty tar file"));
	if (!ok) {
		free(top);
		return NULL;
	}
	path = xasprintf("%s/%s", into, top);
	free(top);
	return path;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void
archive_tar_remove(const char *into)
{
	nftw(into, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

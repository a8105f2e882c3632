/* Where a log may live: SQLite's write-ahead log shares memory between the
 * processes that open it (FILE-shm) and relies on POSIX locks, which hold
 * only among processes on one host. On a network filesystem two servers
 * could both write and the log would be corrupted; so a log there is
 * refused, at open and at init. FUSE filesystems (sshfs among them) are
 * refused too: rutin cannot tell whether one is local. */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

/* statfs(2)'s f_type of the filesystems where processes of several hosts
 * can open one file (or where rutin cannot tell). */
static const struct {
	unsigned long magic;
	const char *name;
} remote[] = {
	{ 0x6969, "nfs" },
	{ 0x517b, "smb" },
	{ 0xff534d42, "cifs" },
	{ 0xfe534d42, "smb2" },
	{ 0x65735546, "fuse (sshfs, or another FUSE filesystem)" },
	{ 0x01021997, "9p" },
	{ 0x5346414f, "afs" },
	{ 0x73757245, "coda" },
	{ 0x564c, "ncp" },
	{ 0x00c36400, "ceph" },
	{ 0x01161970, "gfs2" },
	{ 0x7461636f, "ocfs2" },
	{ 0x0bd00bd0, "lustre" },
	{ 0x47504653, "gpfs" },
	{ 0xaad7aaea, "panfs" },
	{ 0x20030528, "orangefs" },
};

const char *
log_fs_remote_name(unsigned long magic)
{
	size_t i;

	for (i = 0; i < sizeof(remote) / sizeof(remote[0]); i++)
		if (remote[i].magic == (magic & 0xffffffffUL))
			return remote[i].name;
	return NULL;
}

enum log_status
log_fs_check(const char *path, struct log_error *err)
{
	char *copy = xstrdup(path);
	struct statfs sf;
	const char *name;
	int rc;

	/* The folder: the file may not be there yet (init). */
	rc = statfs(dirname(copy), &sf);
	free(copy);
	if (rc != 0)
		return LOG_OK; /* opening says what is wrong with the path */
	name = log_fs_remote_name((unsigned long)sf.f_type);
	if (name == NULL)
		return LOG_OK;
	return log_fail(err, LOG_E_REMOTE, _("%s is on a network filesystem (%s): "
	    "the log's write-ahead journal works only when every process that opens "
	    "it runs on one host, and two servers writing would corrupt it. Keep the "
	    "log on a local disk of the server the caseworkers log in to"), path, name);
}

/* Each account's own chain (db/FORMAT.md, "Each author's own chain").
 *
 * Every event names, in its field `author_prev`, the hash of the previous
 * event by the same account, as the session writing it knows that event:
 * from its own memory, not only from the log. A colleague who holds the
 * log key can remove or change an account's newest events while only he
 * has written after them (he re-chains and re-signs his own); the log
 * then no longer holds the event the account's next event names, and
 * verify says so.
 *
 * The memory is the session's (the last event it appended), and between
 * sessions a small file in the account's own folder, signed with the
 * account's key ($XDG_STATE_HOME/rutin/own/IDENTITY-PLACE-ACCOUNT): what that
 * account's last session on this machine wrote. Without that file (a
 * first session here, another machine) the log's own newest event of the
 * account is taken, as it stands. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/vocab.h"
#include "common/xalloc.h"
#include "common/xdg.h"
#include "db/fields.h"
#include "db/log_impl.h"

#define OWN_MAGIC "rutin-own/1"

/* The newest event of this session's account at or after `from`, read
 * from the end of the log backwards; false when there is none. */
static bool
newest_own(struct log *log, int64_t from, int64_t *seq, unsigned char hash[32])
{
	static const char sql[] = "SELECT seq, hash FROM events WHERE seq >= ?"
	    " AND account = ? ORDER BY seq DESC LIMIT 1;";
	int rc;
	sqlite3_stmt *st = log_stmt(log, sql, "", &rc);
	bool ok = false;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_text(st, 2, log->user, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32) {
		*seq = sqlite3_column_int64(st, 0);
		memcpy(hash, sqlite3_column_blob(st, 1), 32);
		ok = true;
	}
	sqlite3_reset(st);
	return ok;
}

/* The file of this account's memory for this log at this place, made on
 * first use: IDENTITY-PLACE-ACCOUNT, where PLACE is the start of the
 * SHA-256 of the log's real path, so a copy elsewhere (a backup being
 * checked) has a memory of its own and neither warns of the other's
 * events nor writes over them. NULL when the session cannot sign (a
 * recovery key of rutin 0.1), the log has no first event yet, or no home
 * is known. */
static const char *
own_file(struct log *log)
{
	unsigned char id[32], place[crypto_hash_sha256_BYTES];
	char hex[65], where[17], *name, *real;

	if (log->own_path != NULL || !log->can_sign || !log_event_at(log, 1, id, NULL, NULL))
		return log->own_path;
	if (getenv("HOME") == NULL && getenv("XDG_STATE_HOME") == NULL)
		return NULL;
	real = realpath(log->path, NULL);
	crypto_hash_sha256(place, (const unsigned char *)(real != NULL ? real :
	    log->path), strlen(real != NULL ? real : log->path));
	free(real);
	sodium_bin2hex(hex, sizeof(hex), id, 32);
	sodium_bin2hex(where, sizeof(where), place, 8);
	name = xasprintf("own/%s-%s-%s", hex, where, log->user);
	log->own_path = xdg_file("XDG_STATE_HOME", ".local/state", name);
	free(name);
	return log->own_path;
}

/* What the memory's signature covers: the log, the account, the event. */
static char *
own_message(struct log *log, int64_t seq, const unsigned char hash[32])
{
	char hex[65], idhex[65];
	unsigned char id[32];

	if (!log_event_at(log, 1, id, NULL, NULL))
		return NULL;
	sodium_bin2hex(idhex, sizeof(idhex), id, 32);
	sodium_bin2hex(hex, sizeof(hex), hash, 32);
	return xasprintf(OWN_MAGIC "\n%s\n%s\n%" PRId64 "\n%s\n", idhex, log->user,
	    seq, hex);
}

static void
own_pk(struct log *log, unsigned char pk[32])
{
	sodium_mprotect_readonly(log->sign_sk);
	crypto_sign_ed25519_sk_to_pk(pk, log->sign_sk);
	sodium_mprotect_noaccess(log->sign_sk);
}

/* Reads the memory file: true when it is there, well formed and signed
 * by this session's key. */
static bool
read_memory(struct log *log, int64_t *seq, unsigned char hash[32])
{
	const char *path = own_file(log);
	char line[512], hex[65], sighex[129];
	unsigned char sig[LOG_SIG_BYTES], pk[32];
	long long n;
	char *msg;
	FILE *in;
	bool ok;

	if (path == NULL || (in = fopen(path, "re")) == NULL)
		return false;
	ok = fgets(line, sizeof(line), in) != NULL &&
	    sscanf(line, OWN_MAGIC " seq=%lld hash=%64[0-9a-f] sig=%128[0-9a-f]",
	    &n, hex, sighex) == 3 && n > 0 &&
	    sodium_hex2bin(hash, 32, hex, 64, NULL, NULL, NULL) == 0 &&
	    sodium_hex2bin(sig, sizeof(sig), sighex, 128, NULL, NULL, NULL) == 0;
	fclose(in);
	if (!ok || (msg = own_message(log, (int64_t)n, hash)) == NULL)
		return false;
	own_pk(log, pk);
	ok = crypto_sign_verify_detached(sig, (unsigned char *)msg, strlen(msg), pk) == 0;
	free(msg);
	*seq = (int64_t)n;
	return ok;
}

static void
set_missing(struct log *log, int64_t seq)
{
	if (log->own_problem[0] != '\0')
		return;
	/* A restore the log records (log.restored, db/restore.c) that put a
	 * copy back from before that event lost it, and says so. */
	if (log_query_int64(log, "SELECT count(*) FROM events WHERE type = 'log.restored';",
	    0) > 0)
		snprintf(log->own_problem, sizeof(log->own_problem), _("this log no "
		    "longer holds your event %" PRId64 ", which your last session on this "
		    "machine wrote: the log was restored from an older copy (rutin verify "
		    "--seals says what was lost). Your next event records it"), seq);
	else
		snprintf(log->own_problem, sizeof(log->own_problem), _("this log no "
		    "longer holds your event %" PRId64 ", which your last session on this "
		    "machine wrote: events were removed or changed, or this is an older "
		    "copy of the log. Your next event records it, and rutin verify "
		    "reports it"), seq);
}

/* Writes the memory file: atomically, 0600, in a folder only the account
 * enters. A failure is said (own_problem), never fatal: the event is
 * logged either way. */
static void
write_memory(struct log *log)
{
	const char *path = own_file(log);
	unsigned char sig[LOG_SIG_BYTES];
	char hex[65], sighex[129], *msg, *tmp, *dir, *slash;
	int fd, ok;
	FILE *out;

	if (path == NULL || log->own_off ||
	    (msg = own_message(log, log->own_seq, log->own_hash)) == NULL)
		return;
	sodium_mprotect_readonly(log->sign_sk);
	crypto_sign_detached(sig, NULL, (unsigned char *)msg, strlen(msg), log->sign_sk);
	sodium_mprotect_noaccess(log->sign_sk);
	free(msg);
	sodium_bin2hex(hex, sizeof(hex), log->own_hash, 32);
	sodium_bin2hex(sighex, sizeof(sighex), sig, sizeof(sig));
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 && errno == ENOENT) {
		/* The first record here: its folders, private. */
		dir = xstrdup(path);
		for (slash = strchr(dir + 1, '/'); slash != NULL;
		    slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			(void)mkdir(dir, 0700);
			*slash = '/';
		}
		free(dir);
		free(tmp);
		tmp = xasprintf("%s.XXXXXX", path);
		fd = mkstemp(tmp);
	}
	out = fd >= 0 ? fdopen(fd, "w") : NULL;
	ok = out != NULL && fchmod(fd, 0600) == 0 &&
	    fprintf(out, OWN_MAGIC " seq=%" PRId64 " hash=%s sig=%s\n", log->own_seq,
	    hex, sighex) > 0;
	if (out != NULL)
		ok = fclose(out) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	if (ok && rename(tmp, path) == 0) {
		free(tmp);
		return;
	}
	if (fd >= 0)
		unlink(tmp);
	if (log->own_problem[0] == '\0')
		snprintf(log->own_problem, sizeof(log->own_problem), _("rutin could not "
		    "keep its record of your last event in %s (%s): a removal of your "
		    "events is then not noticed from this machine"), path,
		    strerror(errno != 0 ? errno : EIO));
	free(tmp);
}

void
own_load(struct log *log)
{
	unsigned char hash[32], there[32];
	int64_t seq;

	log->own_seq = log->own_log_seq;
	memcpy(log->own_hash, log->own_log_hash, 32);
	if (!log->can_sign)
		return;
	if (!read_memory(log, &seq, hash)) {
		/* None yet here (or not hers): made now, from the log, so a
		 * folder it cannot be kept in is said at open. */
		if (log->own_seq > 0)
			write_memory(log);
		return;
	}
	if (!log_event_at(log, seq, there, NULL, NULL) && cull_removed(log, seq))
		return; /* removed by a gallring (cull.c): the log's newest counts */
	if (!log_event_at(log, seq, there, NULL, NULL) || sodium_memcmp(there, hash, 32) != 0)
		set_missing(log, seq);
	else if (seq <= log->own_log_seq)
		return; /* in the log; the log's newest own is as new or newer */
	log->own_seq = seq;
	memcpy(log->own_hash, hash, 32);
}

void
own_note_log(struct log *log, const struct log_event *ev)
{
	if (strcmp(ev->account, log->user) != 0)
		return;
	log->own_log_seq = ev->seq;
	memcpy(log->own_log_hash, ev->hash, 32);
}

bool
own_prev(struct log *log, char hex[65])
{
	unsigned char there[32], hash[32];
	int64_t seq;

	if (log->own_tx_seq > 0) {
		sodium_bin2hex(hex, 65, log->own_tx_hash, 32);
		return true;
	}
	if (log->own_seq > 0 && (!log_event_at(log, log->own_seq, there, NULL, NULL) ||
	    sodium_memcmp(there, log->own_hash, 32) != 0)) {
		/* Gone from the log: named all the same, as the evidence. */
		set_missing(log, log->own_seq);
		sodium_bin2hex(hex, 65, log->own_hash, 32);
		return true;
	}
	if (!newest_own(log, log->own_seq > 0 ? log->own_seq : 1, &seq, hash))
		return false;
	sodium_bin2hex(hex, 65, hash, 32);
	return true;
}

void
own_appended(struct log *log, int64_t seq, const unsigned char hash[32])
{
	log->own_tx_seq = seq;
	memcpy(log->own_tx_hash, hash, 32);
}

void
own_commit(struct log *log)
{
	if (log->own_tx_seq == 0)
		return;
	log->own_seq = log->own_tx_seq;
	memcpy(log->own_hash, log->own_tx_hash, 32);
	log->own_tx_seq = 0;
	log->own_dirty = true;
}

/* Written when the session ends, not at each commit: replacing a file
 * costs about as much as the append itself (bench_log: appends fell to
 * 0.40x the raw rate), and the session's memory covers its own events
 * until then. */
void
log_own_save(struct log *log)
{
	if (log == NULL || log->db == NULL)
		return;
	if (!log->own_dirty || !log->can_sign)
		return;
	log->own_dirty = false;
	write_memory(log);
}

void
log_own_forget(struct log *log)
{
	const char *path = own_file(log);

	log->own_off = true;
	if (path != NULL)
		unlink(path);
}

void
own_rollback(struct log *log)
{
	log->own_tx_seq = 0;
}

const char *
log_own_problem(const struct log *log)
{
	return log->own_problem[0] != '\0' ? log->own_problem : NULL;
}

/* ---- verify ---- */

struct own_map {
	bool restored;             /* a log.restored was met */
	struct own_last {
		char account[65];
		int64_t seq;
		unsigned char hash[32];
		bool lost_ok;      /* its next event may name one lost in a restore */
	} *list;
	size_t count, cap;
};

struct own_map *
own_map_new(void)
{
	return xcalloc(1, sizeof(struct own_map));
}

void
own_map_free(struct own_map **m)
{
	if (m == NULL || *m == NULL)
		return;
	free((*m)->list);
	free(*m);
	*m = NULL;
}

static struct own_last *
own_map_find(struct own_map *m, const char *account)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		if (strcmp(m->list[i].account, account) == 0)
			return &m->list[i];
	if (m->count == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->list = xreallocarray(m->list, m->cap, sizeof(*m->list));
	}
	memset(&m->list[m->count], 0, sizeof(m->list[0]));
	snprintf(m->list[m->count].account, sizeof(m->list[0].account), "%s", account);
	m->list[m->count].lost_ok = m->restored;
	return &m->list[m->count++];
}

void
own_map_bridge(struct own_map *m, const char *account, int64_t seq,
    const unsigned char hash[32])
{
	struct own_last *last = own_map_find(m, account);

	last->seq = seq;
	memcpy(last->hash, hash, 32);
}

/* A restore put an older copy back (log.restored): each account may,
 * once, name as its previous event one of the lost part, which the log
 * does not hold (its session remembers it); the restore is signed and
 * says so (db/FORMAT.md, "Restore"). */
static void
own_map_restored(struct own_map *m)
{
	size_t i;

	m->restored = true;
	for (i = 0; i < m->count; i++)
		m->list[i].lost_ok = true;
}

bool
own_map_check(struct own_map *m, const struct log_event *ev, char *why, size_t len)
{
	struct own_last *last = own_map_find(m, ev->account);
	unsigned char named[32];
	char hex[80];
	bool ok = true;

	if (fields_json_text(ev->fields, "author_prev", hex, sizeof(hex))) {
		if (strlen(hex) != 64 || sodium_hex2bin(named, 32, hex, 64, NULL, NULL,
		    NULL) != 0) {
			snprintf(why, len, _("its author_prev is not a hash"));
			ok = false;
		} else if (last->lost_ok && (last->seq == 0 ||
		    sodium_memcmp(named, last->hash, 32) != 0)) {
			last->lost_ok = false; /* its last event before the restore, lost */
		} else if (last->seq == 0) {
			snprintf(why, len, _("it names an earlier event of '%s' (%.12s…), "
			    "but the log holds no earlier event of that account: one was "
			    "removed, or an older copy of the log was put back"),
			    ev->account, hex);
			ok = false;
		} else if (sodium_memcmp(named, last->hash, 32) != 0) {
			snprintf(why, len, _("it names as the previous event of '%s' one "
			    "(%.12s…) that the log does not hold: that account's events "
			    "after %" PRId64 " were removed or changed, or an older copy "
			    "of the log was put back"), ev->account, hex, last->seq);
			ok = false;
		}
	}
	last->seq = ev->seq;
	memcpy(last->hash, ev->hash, 32);
	if (event_is(ev->type, EV_LOG_RESTORED))
		own_map_restored(m);
	return ok;
}

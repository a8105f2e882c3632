/* An archive package's events read back into a log in memory, so that
 * `rutin verify --archive` checks them with the code that checks a log:
 * the chain, every signature and role, each author's chain, gallrings,
 * the summaries recomputed, the seals (db/FORMAT.md, "The archive
 * package"). Each line of handelser.jsonl is read by SQLite's JSON
 * functions: a line that is not JSON, or lacks a column, is named. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "db/log_impl.h"

/* One line into events: the hex columns as bytes, the fields as the
 * exact string the JSON holds. */
#define INSERT_LINE "INSERT INTO events (seq, id, time, account, run_id, type," \
    " fields, prev_hash, hash, sig) SELECT json_extract(?1, '$.seq')," \
    " json_extract(?1, '$.id'), json_extract(?1, '$.time')," \
    " json_extract(?1, '$.account'), json_extract(?1, '$.run')," \
    " json_extract(?1, '$.type'), json_extract(?1, '$.fields')," \
    " unhex(json_extract(?1, '$.prev_hash')), unhex(json_extract(?1, '$.hash'))," \
    " unhex(json_extract(?1, '$.sig'))" \
    " WHERE json_valid(?1) AND json_type(?1, '$.seq') = 'integer'" \
    " AND json_type(?1, '$.time') = 'integer'" \
    " AND json_type(?1, '$.fields') = 'text'" \
    " AND length(unhex(json_extract(?1, '$.hash'))) = 32" \
    " AND length(unhex(json_extract(?1, '$.prev_hash'))) = 32" \
    " AND (json_type(?1, '$.sig') = 'null'" \
    "  OR length(unhex(json_extract(?1, '$.sig'))) = 64);"

static enum log_status
read_lines(struct log *log, FILE *in, const char *path, struct log_error *err)
{
	sqlite3_stmt *st;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	int rc;

	rc = sqlite3_prepare_v2(log->db, INSERT_LINE, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return log_sql_fail(log, rc, _("reading"), err);
	while ((len = getline(&line, &cap, in)) > 0) {
		n++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		sqlite3_bind_text(st, 1, line, (int)len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE || sqlite3_changes(log->db) != 1) {
			enum log_status s = log_fail(err, LOG_E_CORRUPT, _("%s, line %ld: not "
			    "an event of an archive package (a JSON object with seq, id, time, "
			    "account, run, type, fields, prev_hash, hash and sig): %s"), path, n,
			    rc != SQLITE_DONE ? sqlite3_errmsg(log->db) : _("a column is "
			    "missing or malformed"));

			sqlite3_finalize(st);
			free(line);
			return s;
		}
	}
	sqlite3_finalize(st);
	free(line);
	if (ferror(in))
		return log_fail(err, LOG_E_IO, "%s: %s", path, strerror(errno));
	if (n == 0)
		return log_fail(err, LOG_E_CORRUPT, _("%s: no event"), path);
	return LOG_OK;
}

enum log_status
log_open_archive(const char *events_path, struct log **out, struct log_error *err)
{
	enum log_status s;
	FILE *in;

	*out = NULL;
	if ((in = fopen(events_path, "re")) == NULL)
		return log_fail(err, errno == ENOENT ? LOG_E_MISSING : LOG_E_IO, "%s: %s",
		    events_path, strerror(errno));
	if ((s = log_open_memory(events_path, out, err)) != LOG_OK) {
		fclose(in);
		return s;
	}
	if ((s = log_begin(*out, err)) == LOG_OK) {
		s = read_lines(*out, in, events_path, err);
		if (s == LOG_OK)
			s = log_commit(*out, err);
		else
			log_rollback(*out);
	}
	fclose(in);
	if (s == LOG_OK)
		s = log_recompute_summaries(*out, err);
	if (s != LOG_OK)
		log_close(out);
	return s;
}

/* Typed values from a YAML tree, for the routine and exercise loaders:
 * every problem reported at its line and column, nothing guessed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checklists/routine.h"
#include "checklists/suggest.h"
#include "checklists/yread.h"
#include "common/i18n.h"
#include "common/xalloc.h"

/* A list for messages: "a, b, c"; the first `count` words, or up to a
 * NULL when count is (size_t)-1. The caller frees it. */
char *
yread_join_words(const char *const *words, size_t count)
{
	size_t i, len = 1;
	char *s, *p;

	for (i = 0; count == (size_t)-1 ? words[i] != NULL : i < count; i++)
		len += strlen(words[i]) + 2;
	s = p = xmalloc(len);
	*p = '\0';
	for (i = 0; count == (size_t)-1 ? words[i] != NULL : i < count; i++) {
		size_t n = strlen(words[i]);

		if (i > 0) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, words[i], n + 1);
		p += n;
	}
	return s;
}

bool
yread_is_identifier(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > ROUTINE_MAX_ID || s[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

bool
yread_is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Reports keys of `map` that are not in `allowed`. */
void
yread_check_keys(struct yread *y, const struct ynode *map,
    const char *const *allowed, const char *what)
{
	size_t i, j;

	for (i = 0; i < map->count; i++) {
		const struct ynode *key = map->pairs[i].key;
		const char *hint;
		bool known = false;

		for (j = 0; allowed[j] != NULL && !known; j++)
			known = strcmp(key->value, allowed[j]) == 0;
		if (known)
			continue;
		hint = suggest_word(key->value, allowed, (size_t)-1);
		if (hint != NULL) {
			diag_error(y->d, key->line, key->col,
			    _("unknown key '%s' in %s; did you mean '%s'?"),
			    key->value, _(what), hint);
		} else {
			char *list = yread_join_words(allowed, (size_t)-1);

			diag_error(y->d, key->line, key->col,
			    _("unknown key '%s' in %s (known keys: %s)"),
			    key->value, _(what), list);
			free(list);
		}
	}
}

bool
yread_expect_mapping(struct yread *y, const struct ynode *n, const char *what)
{
	if (n->type == YNODE_MAPPING)
		return true;
	diag_error(y->d, n->line, n->col, _("%s must be a mapping (key: value), "
	    "not %s"), _(what), ynode_type_name(n));
	return false;
}

/* The value of `key`, or NULL (reported when required). */
const struct ynode *
yread_field(struct yread *y, const struct ynode *map, const char *key,
    bool required, const char *what)
{
	const struct ynode *v = ynode_get(map, key);

	if (v == NULL && required)
		diag_error(y->d, map->line, map->col,
		    _("%s is missing the required key '%s'"), _(what), key);
	return v;
}

/* A non-empty text copied into the routine's arena, or NULL (reported). */
const char *
yread_text(struct yread *y, const struct ynode *v, const char *key)
{
	if (v->type != YNODE_SCALAR) {
		diag_error(y->d, v->line, v->col, _("'%s' must be text, not %s"),
		    key, ynode_type_name(v));
		return NULL;
	}
	if (ynode_is_null(v) || yread_is_blank(v->value)) {
		diag_error(y->d, v->line, v->col, _("'%s' must not be empty"), key);
		return NULL;
	}
	return v->value;
}

const char *
yread_text_field(struct yread *y, const struct ynode *map, const char *key,
    bool required, const char *what)
{
	const struct ynode *v = yread_field(y, map, key, required, what);

	return v ? yread_text(y, v, key) : NULL;
}

const char *
yread_id(struct yread *y, const struct ynode *v, const char *key)
{
	if (v->type != YNODE_SCALAR || ynode_is_null(v))
		return yread_text(y, v, key); /* reports the problem */
	if (!yread_is_identifier(v->value, v->length)) {
		diag_error(y->d, v->line, v->col,
		    _("'%s' must be 1 to %d characters of a-z, 0-9 and '-', not "
		      "starting with '-' (got '%s')"), key, ROUTINE_MAX_ID,
		    v->value);
		return NULL;
	}
	return v->value;
}

const char *
yread_id_field(struct yread *y, const struct ynode *map, const char *key,
    const char *what)
{
	const struct ynode *v = yread_field(y, map, key, true, what);

	return v ? yread_id(y, v, key) : NULL;
}

/* Booleans are YAML 1.2's: true or false, written plain. */
void
yread_bool_field(struct yread *y, const struct ynode *map, const char *key,
    bool *out)
{
	const struct ynode *v = ynode_get(map, key);
	const char *const yes[] = { "true", "True", "TRUE", NULL };
	const char *const no[] = { "false", "False", "FALSE", NULL };
	size_t i;

	if (v == NULL)
		return;
	if (v->type == YNODE_SCALAR && v->plain) {
		for (i = 0; yes[i] != NULL; i++)
			if (strcmp(v->value, yes[i]) == 0) {
				*out = true;
				return;
			}
		for (i = 0; no[i] != NULL; i++)
			if (strcmp(v->value, no[i]) == 0) {
				*out = false;
				return;
			}
	}
	if (v->type == YNODE_SCALAR && !ynode_is_null(v))
		diag_error(y->d, v->line, v->col,
		    _("'%s' must be true or false, not '%s'"), key, v->value);
	else
		diag_error(y->d, v->line, v->col,
		    _("'%s' must be true or false, not %s"), key, ynode_type_name(v));
}

bool
yread_integer_field(struct yread *y, const struct ynode *map, const char *key,
    long min, long max, const char *what, long *out)
{
	const struct ynode *v = yread_field(y, map, key, true, what);
	long n = 0;
	size_t i;

	if (v == NULL)
		return false;
	if (v->type != YNODE_SCALAR || !v->plain || v->length == 0 ||
	    v->length > 9 || strspn(v->value, "0123456789") != v->length) {
		if (v->type == YNODE_SCALAR && !ynode_is_null(v) &&
		    strspn(v->value, "0123456789") == v->length && v->length > 9)
			diag_error(y->d, v->line, v->col,
			    _("'%s' must be between %ld and %ld"), key, min, max);
		else if (v->type == YNODE_SCALAR && !ynode_is_null(v))
			diag_error(y->d, v->line, v->col,
			    _("'%s' must be a whole number, not '%s'"), key, v->value);
		else
			diag_error(y->d, v->line, v->col,
			    _("'%s' must be a whole number, not %s"), key,
			    ynode_type_name(v));
		return false;
	}
	for (i = 0; i < v->length; i++)
		n = n * 10 + (v->value[i] - '0');
	if (n < min || n > max) {
		diag_error(y->d, v->line, v->col,
		    _("'%s' must be between %ld and %ld"), key, min, max);
		return false;
	}
	*out = n;
	return true;
}

/* One of `names` (NULL-terminated); returns its index or -1 (reported). */
int
yread_enum_field(struct yread *y, const struct ynode *map, const char *key,
    const char *const *names, const char *what)
{
	const struct ynode *v = yread_field(y, map, key, true, what);
	const char *hint;
	char *list;
	int i;

	if (v == NULL)
		return -1;
	if (v->type != YNODE_SCALAR || ynode_is_null(v)) {
		yread_text(y, v, key);
		return -1;
	}
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(v->value, names[i]) == 0)
			return i;
	list = yread_join_words(names, (size_t)-1);
	hint = suggest_word(v->value, names, (size_t)-1);
	if (hint != NULL)
		diag_error(y->d, v->line, v->col,
		    _("unknown %s '%s'; did you mean '%s'? (one of: %s)"), key,
		    v->value, hint, list);
	else
		diag_error(y->d, v->line, v->col,
		    _("unknown %s '%s' (one of: %s)"), key, v->value, list);
	free(list);
	return -1;
}

/* A list, or NULL (reported when present but not a list). */
const struct ynode *
yread_list_field(struct yread *y, const struct ynode *map, const char *key,
    bool required, const char *what)
{
	const struct ynode *v = yread_field(y, map, key, required, what);

	if (v == NULL)
		return NULL;
	if (v->type != YNODE_SEQUENCE) {
		diag_error(y->d, v->line, v->col,
		    _("'%s' must be a list, not %s"), key, ynode_type_name(v));
		return NULL;
	}
	return v;
}

/* Reads a regular file of at most YTREE_MAX_BYTES (+1, to see that it is
 * larger) into a buffer the caller frees. */
enum yread_status
yread_read_file(const char *path, char **buf, size_t *len,
    struct diag_list *d)
{
	struct stat st;
	size_t cap = YTREE_MAX_BYTES + 1, n = 0;
	ssize_t got;
	int fd;

	*buf = NULL;
	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(d, 0, 0, _("cannot open: %s"), strerror(errno));
		return YREAD_IO;
	}
	if (fstat(fd, &st) != 0) {
		diag_error(d, 0, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		return YREAD_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(d, 0, 0, S_ISDIR(st.st_mode) ?
		    _("is a directory, not a routine or exercise file") :
		    _("not a regular file; a routine or exercise is a plain text file"));
		close(fd);
		return YREAD_IO;
	}
	if (st.st_size > YTREE_MAX_BYTES) {
		diag_error(d, 0, 0, _("the file is too large: %lld bytes (limit %d)"),
		    (long long)st.st_size, YTREE_MAX_BYTES);
		close(fd);
		return YREAD_INVALID;
	}
	*buf = xmalloc(cap);
	while (n < cap && (got = read(fd, *buf + n, cap - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_error(d, 0, 0, _("cannot read: %s"), strerror(errno));
			close(fd);
			free(*buf);
			*buf = NULL;
			return YREAD_IO;
		}
		n += (size_t)got;
	}
	close(fd);
	*len = n;
	return YREAD_OK;
}


void
yread_sniff_format(const char *text, size_t len, char *out, size_t size)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a = arena_new();
	const struct ynode *root = ytree_parse(a, text, len, &d);
	const struct ynode *v = root != NULL && root->type == YNODE_MAPPING ?
	    ynode_get(root, "format") : NULL;

	out[0] = '\0';
	if (v != NULL && v->type == YNODE_SCALAR && v->length < size)
		memcpy(out, v->value, v->length + 1);
	arena_free(&a);
	diag_list_clear(&d);
}

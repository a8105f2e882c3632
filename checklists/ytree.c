#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "checklists/ytree.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

/* One open sequence or mapping while events arrive. Mappings collect
 * key, value, key, value, ... */
struct frame {
	struct ynode *node;
	const struct ynode **kids;
	size_t count;
	size_t capacity;
};

struct builder {
	struct arena *arena;
	struct diag_list *diags;
	struct frame stack[YTREE_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	const struct ynode *root;
	int documents;
};

/* ---- Checks on the raw text, before libyaml sees it ---- */

/* True when the text has no NUL byte, no invalid UTF-8 and no tab in
 * indentation. The common case, so it is fast and keeps no positions:
 * memchr for NUL and tab, eight bytes at a time past plain ASCII. */
static bool
ytree_text_is_clean(const unsigned char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0;

	if (memchr(s, '\0', len) != NULL || memchr(s, '\t', len) != NULL)
		return false; /* a tab may be fine; the slow pass decides */
	while (i < len) {
		uint32_t cp;
		size_t n;

		if (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & high) == 0) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* Reports NUL bytes, invalid UTF-8 and tabs in indentation, each at its
 * line and column. Returns false when the text must not be parsed. */
static bool
ytree_check_text(const char *text, size_t len, struct diag_list *d)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned line = 1, col = 1;
	bool indent = true, ok = true;
	size_t i = 0;

	if (ytree_text_is_clean(s, len))
		return true;
	while (i < len) {
		uint32_t cp;
		size_t n;

		if (s[i] == '\0') {
			diag_error(d, line, col,
			    _("NUL byte in the file; a routine is UTF-8 text"));
			ok = false;
			i++, col++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			diag_error(d, line, col,
			    _("invalid UTF-8 (byte 0x%02X); save the file as UTF-8"),
			    s[i]);
			ok = false;
			i++, col++;
			continue;
		}
		if (cp == '\n') {
			line++, col = 1, indent = true;
		} else if (cp == '\t' && indent) {
			/* libyaml rejects tabs in indentation, also on lines
			 * that are otherwise blank, with a cryptic message. */
			diag_error(d, line, col,
			    _("tab used for indentation; indent with spaces"));
			ok = false;
			indent = false;
			col++;
		} else {
			if (cp != ' ' && cp != '\r')
				indent = false;
			col++;
		}
		i += n;
	}
	return ok;
}

/* ---- Building the tree ---- */

static unsigned
mark_line(yaml_mark_t m)
{
	return (unsigned)m.line + 1;
}

static unsigned
mark_col(yaml_mark_t m)
{
	return (unsigned)m.column + 1;
}

/* Text shown to a caseworker must not move the cursor, recolour the
 * terminal or reverse the reading direction: control characters and bidi
 * overrides are refused. Newlines are allowed. */
static void
ytree_check_scalar_chars(const struct ynode *n, struct diag_list *d)
{
	const unsigned char *s = (const unsigned char *)n->value;
	size_t i = 0;

	while (i < n->length) {
		uint32_t cp;
		size_t k;

		if ((s[i] >= 0x20 && s[i] < 0x7f) || s[i] == '\n') {
			i++; /* printable ASCII: the common case */
			continue;
		}
		k = utf8_decode(s + i, n->length - i, &cp);

		if (k == 0) { /* libyaml checked; be safe anyway */
			diag_error(d, n->line, n->col, _("text is not valid UTF-8"));
			return;
		}
		if (cp == '\t') {
			diag_error(d, n->line, n->col,
			    _("text contains a tab character; use spaces"));
			return;
		}
		if (utf8_is_disruptive(cp)) {
			diag_error(d, n->line, n->col,
			    _("text contains the control character U+%04X, which "
			      "could disturb the screen; remove it"), (unsigned)cp);
			return;
		}
		i += k;
	}
}

static struct ynode *
ytree_node_new(struct builder *b, enum ynode_type type, yaml_mark_t start)
{
	struct ynode *n = arena_alloc(b->arena, sizeof(*n));

	n->type = type;
	n->line = mark_line(start);
	n->col = mark_col(start);
	b->nodes++;
	return n;
}

/* Refuses anchors and explicit tags. The node stays usable. */
static void
ytree_check_props(struct builder *b, const struct ynode *n,
    const yaml_char_t *anchor, const yaml_char_t *tag, int implicit)
{
	if (anchor != NULL)
		diag_error(b->diags, n->line, n->col,
		    _("anchors (&%s) are not allowed in routines; write the "
		      "text out"), (const char *)anchor);
	if (tag != NULL && !implicit)
		diag_error(b->diags, n->line, n->col,
		    _("tags (%s) are not allowed in routines"), (const char *)tag);
}

/* Adds a finished node to the open collection, or makes it the root.
 * Returns false when a limit is exceeded (already reported). */
static bool
ytree_attach(struct builder *b, const struct ynode *n)
{
	struct frame *f;

	if (b->nodes > YTREE_MAX_NODES) {
		diag_error(b->diags, n->line, n->col,
		    _("too many values in the file (limit %d)"), YTREE_MAX_NODES);
		return false;
	}
	if (b->depth == 0) {
		b->root = n;
		return true;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type == YNODE_SEQUENCE && f->count >= YTREE_MAX_ITEMS) {
		diag_error(b->diags, n->line, n->col,
		    _("too many items in one list (limit %d)"), YTREE_MAX_ITEMS);
		return false;
	}
	if (f->node->type == YNODE_MAPPING && f->count >= 2 * YTREE_MAX_KEYS) {
		diag_error(b->diags, n->line, n->col,
		    _("too many keys in one mapping (limit %d)"), YTREE_MAX_KEYS);
		return false;
	}
	if (f->count == f->capacity) {
		f->capacity = f->capacity ? f->capacity * 2 : 8;
		f->kids = xreallocarray(f->kids, f->capacity, sizeof(*f->kids));
	}
	f->kids[f->count++] = n;
	return true;
}

static bool
ytree_open(struct builder *b, enum ynode_type type, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag, int implicit)
{
	struct ynode *n = ytree_node_new(b, type, ev->start_mark);
	struct frame *f;

	ytree_check_props(b, n, anchor, tag, implicit);
	if (b->depth >= YTREE_MAX_DEPTH) {
		diag_error(b->diags, n->line, n->col,
		    _("nesting is too deep (limit %d levels)"), YTREE_MAX_DEPTH);
		return false;
	}
	f = &b->stack[b->depth++];
	f->node = n;
	f->kids = NULL;
	f->count = f->capacity = 0;
	return true;
}

/* Finishes a mapping: keys must be text and unique. A duplicate is
 * reported and dropped, so the first value wins in later checks. */
static void
ytree_close_mapping(struct builder *b, struct frame *f)
{
	struct ynode_pair *pairs =
	    arena_array(b->arena, f->count / 2, sizeof(*pairs));
	size_t i, j, n = 0;

	for (i = 0; i + 1 < f->count; i += 2) {
		const struct ynode *key = f->kids[i];
		bool dup = false;

		if (key->type != YNODE_SCALAR) {
			diag_error(b->diags, key->line, key->col,
			    _("a key must be plain text, not %s"),
			    ynode_type_name(key));
			continue;
		}
		for (j = 0; j < n && !dup; j++) {
			const struct ynode *k = pairs[j].key;

			if (k->length == key->length &&
			    memcmp(k->value, key->value, k->length) == 0) {
				diag_error(b->diags, key->line, key->col,
				    _("duplicate key '%s' (first given at line %u)"),
				    key->value, k->line);
				dup = true;
			}
		}
		if (dup)
			continue;
		pairs[n].key = key;
		pairs[n].value = f->kids[i + 1];
		n++;
	}
	f->node->pairs = pairs;
	f->node->count = n;
}

static bool
ytree_close(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	bool ok;

	if (f->node->type == YNODE_MAPPING) {
		ytree_close_mapping(b, f);
	} else {
		const struct ynode **items =
		    arena_array(b->arena, f->count, sizeof(*items));

		if (f->count > 0)
			memcpy(items, f->kids, f->count * sizeof(*items));
		f->node->items = items;
		f->node->count = f->count;
	}
	free(f->kids);
	f->kids = NULL;
	ok = ytree_attach(b, f->node);
	return ok;
}

static bool
ytree_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = ytree_node_new(b, YNODE_SCALAR, ev->start_mark);

	ytree_check_props(b, n, ev->data.scalar.anchor, ev->data.scalar.tag,
	    ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit);
	n->length = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (n->length > YTREE_MAX_SCALAR) {
		diag_error(b->diags, n->line, n->col,
		    _("text is too long: %zu bytes (limit %d)"), n->length,
		    YTREE_MAX_SCALAR);
		n->length = YTREE_MAX_SCALAR;
	}
	if (memchr(ev->data.scalar.value, '\0', n->length) != NULL) {
		diag_error(b->diags, n->line, n->col,
		    _("text contains a NUL character"));
		n->length = strlen((const char *)ev->data.scalar.value);
	}
	n->value = arena_strndup(b->arena, (const char *)ev->data.scalar.value,
	    n->length);
	ytree_check_scalar_chars(n, b->diags);
	return ytree_attach(b, n);
}

static void
ytree_syntax_error(const yaml_parser_t *p, struct diag_list *d)
{
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(d, 0, 0, _("out of memory while reading YAML"));
		return;
	}
	if (p->context != NULL)
		diag_error(d, mark_line(p->problem_mark), mark_col(p->problem_mark),
		    _("YAML syntax error: %s (%s that starts at line %u)"), problem, p->context,
		    mark_line(p->context_mark));
	else
		diag_error(d, mark_line(p->problem_mark), mark_col(p->problem_mark),
		    _("YAML syntax error: %s"), problem);
}

/* Handles one event. Returns 1 to go on, 0 at the end of the stream and
 * -1 when the document cannot be used. */
static int
ytree_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			diag_error(b->diags, mark_line(ev->start_mark),
			    mark_col(ev->start_mark),
			    _("a second YAML document starts here; a routine "
			      "file holds exactly one"));
			return -1;
		}
		return 1;
	case YAML_ALIAS_EVENT:
		diag_error(b->diags, mark_line(ev->start_mark),
		    mark_col(ev->start_mark),
		    _("aliases (*%s) are not allowed in routines; write the "
		      "text out"), (const char *)ev->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		return ytree_scalar(b, ev) ? 1 : -1;
	case YAML_SEQUENCE_START_EVENT:
		return ytree_open(b, YNODE_SEQUENCE, ev,
		    ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
		    ev->data.sequence_start.implicit) ? 1 : -1;
	case YAML_MAPPING_START_EVENT:
		return ytree_open(b, YNODE_MAPPING, ev,
		    ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
		    ev->data.mapping_start.implicit) ? 1 : -1;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return ytree_close(b) ? 1 : -1;
	case YAML_STREAM_END_EVENT:
		return 0;
	default:
		return 1;
	}
}

const struct ynode *
ytree_parse(struct arena *a, const char *text, size_t len, struct diag_list *d)
{
	struct builder b;
	yaml_parser_t parser;
	int state = 1;

	if (len > YTREE_MAX_BYTES) {
		diag_error(d, 0, 0, _("the file is too large: %zu bytes (limit %d)"),
		    len, YTREE_MAX_BYTES);
		return NULL;
	}
	if (!ytree_check_text(text, len, d))
		return NULL;

	memset(&b, 0, sizeof(b));
	b.arena = a;
	b.diags = d;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(d, 0, 0, _("out of memory while reading YAML"));
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (state > 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			ytree_syntax_error(&parser, d);
			state = -1;
			break;
		}
		state = ytree_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	while (b.depth > 0)
		free(b.stack[--b.depth].kids);

	if (state < 0)
		return NULL;
	if (b.root == NULL) {
		diag_error(d, 0, 0, _("the file is empty; a routine starts with "
		    "'format: rutin/1'"));
		return NULL;
	}
	return b.root;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i, len = strlen(key);

	if (map == NULL || map->type != YNODE_MAPPING)
		return NULL;
	for (i = 0; i < map->count; i++) {
		const struct ynode *k = map->pairs[i].key;

		if (k->length == len && memcmp(k->value, key, len) == 0)
			return map->pairs[i].value;
	}
	return NULL;
}

bool
ynode_is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (n->type != YNODE_SCALAR || !n->plain)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->value, nulls[i]) == 0)
			return true;
	return false;
}

const char *
ynode_type_name(const struct ynode *n)
{
	if (n->type == YNODE_MAPPING)
		return _("a mapping (key: value)");
	if (n->type == YNODE_SEQUENCE)
		return _("a list");
	if (ynode_is_null(n))
		return _("nothing");
	return _("text");
}

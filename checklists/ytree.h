/* ytree: a YAML document read into a small tree of scalars, sequences and
 * mappings with their positions, built from libyaml's event stream.
 *
 * It is the only place that parses YAML, and it is deliberately hostile to
 * hostile input: anchors, aliases and tags are refused (so no alias
 * expansion can blow up), and depth, scalar length, collection sizes and
 * node count are bounded. Before libyaml sees the text it is checked for NUL
 * bytes, invalid UTF-8 and tabs in indentation, each reported at its line
 * and column. Scalars are kept as text; the loader decides what they mean. */
#ifndef RUTIN_YTREE_H
#define RUTIN_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "checklists/diag.h"
#include "common/arena.h"

/* Limits; checklists/FORMAT.md documents them for routine authors. */
#define YTREE_MAX_BYTES   (1024 * 1024) /* file size */
#define YTREE_MAX_DEPTH   16            /* nested sequences and mappings */
#define YTREE_MAX_SCALAR  16384         /* bytes in one text */
#define YTREE_MAX_ITEMS   1000          /* items in one sequence */
#define YTREE_MAX_KEYS    64            /* keys in one mapping */
#define YTREE_MAX_NODES   200000        /* nodes in the document */

enum ynode_type { YNODE_SCALAR, YNODE_SEQUENCE, YNODE_MAPPING };

struct ynode_pair;

struct ynode {
	enum ynode_type type;
	unsigned line; /* 1-based */
	unsigned col;  /* 1-based, in characters */
	/* Scalars: the text, NUL-terminated, and whether it was written plain
	 * (no quotes, no block style): only plain scalars can be numbers,
	 * booleans or null. */
	const char *value;
	size_t length;
	bool plain;
	/* Sequences: `count` items. Mappings: `count` key/value pairs, keys
	 * are scalars and unique. */
	size_t count;
	const struct ynode *const *items;
	const struct ynode_pair *pairs;
};

struct ynode_pair {
	const struct ynode *key;
	const struct ynode *value;
};

/* Parses `len` bytes of `text` as one YAML document. The tree lives in
 * arena `a`. Returns the root, or NULL when the text cannot be read as an
 * acceptable YAML document; every problem found is added to `d` (also
 * problems that still leave a usable tree, such as a duplicate key). */
const struct ynode *ytree_parse(struct arena *a, const char *text, size_t len,
    struct diag_list *d);

/* The value for `key` in mapping `map`, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* True for a null scalar: empty plain, `~`, `null`, `Null` or `NULL`. */
bool ynode_is_null(const struct ynode *n);
/* An English name for the node's type, for messages ("a list", ...). */
const char *ynode_type_name(const struct ynode *n);

#endif

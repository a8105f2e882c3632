/* The YAML reader: hostile input, encoding, limits, positions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "checklists/ytree.h"
#include "common/xalloc.h"

/* Parses `len` bytes; returns the root (arena in *a) or NULL. */
static const struct ynode *
parse(const char *text, size_t len, struct arena **a, struct diag_list *d)
{
	*a = arena_new();
	return ytree_parse(*a, text, len, d);
}

static const struct ynode *
parse_str(const char *text, struct arena **a, struct diag_list *d)
{
	return parse(text, strlen(text), a, d);
}

static void
test_tree_shape_and_positions(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	const struct ynode *root, *list, *item;

	(void)state;
	root = parse_str("# comment\nname: 'quoted'\nlist:\n  - plain\n  - {k: v}\n",
	    &a, &d);
	assert_non_null(root);
	assert_int_equal(d.errors, 0);
	assert_int_equal(root->type, YNODE_MAPPING);
	assert_int_equal(root->count, 2);
	assert_int_equal(root->line, 2);
	assert_int_equal(root->col, 1);
	assert_string_equal(ynode_get(root, "name")->value, "quoted");
	assert_false(ynode_get(root, "name")->plain);
	list = ynode_get(root, "list");
	assert_int_equal(list->type, YNODE_SEQUENCE);
	assert_int_equal(list->count, 2);
	item = list->items[0];
	assert_true(item->plain);
	assert_int_equal(item->line, 4);
	assert_int_equal(item->col, 5);
	item = list->items[1];
	assert_int_equal(item->type, YNODE_MAPPING);
	assert_string_equal(ynode_get(item, "k")->value, "v");
	assert_int_equal(ynode_get(item, "k")->col, 9);
	assert_null(ynode_get(root, "missing"));
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_nul_byte(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse("a: 1\nbc: x\0y\n", 13, &a, &d));
	assert_error_at(&d, 2, 6, "NUL byte");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_invalid_utf8(void **state)
{
	/* Latin-1 "ö", an overlong "/", a UTF-16 surrogate, a cut sequence. */
	const char text[] = "a: h\xf6g\nb: \xc0\xaf\nc: \xed\xa0\x80\nd: \xc3";
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse(text, sizeof(text) - 1, &a, &d));
	assert_error_at(&d, 1, 5, "invalid UTF-8 (byte 0xF6)");
	assert_error_at(&d, 2, 4, "invalid UTF-8 (byte 0xC0)");
	assert_error_at(&d, 3, 4, "invalid UTF-8 (byte 0xED)");
	assert_error_at(&d, 4, 4, "invalid UTF-8 (byte 0xC3)");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_columns_count_characters(void **state)
{
	/* "å" is two bytes but one column. */
	const char text[] = "åå: \xff\n";
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse(text, sizeof(text) - 1, &a, &d));
	assert_error_at(&d, 1, 5, "invalid UTF-8");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_utf16_refused(void **state)
{
	const char text[] = "\xff\xfe" "a\0:\0 \0" "1\0";
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse(text, sizeof(text) - 1, &a, &d));
	assert_error_at(&d, 1, 1, "invalid UTF-8");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_tab_indentation(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("a:\n\tb: 1\nc:\n  \td: 2\n", &a, &d));
	assert_error_at(&d, 2, 1, "tab used for indentation");
	assert_error_at(&d, 4, 3, "tab used for indentation");
	assert_int_equal(d.errors, 2);
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_tab_after_text_allowed(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	const struct ynode *root;

	(void)state;
	root = parse_str("a: 1\t# comment\nb: 2\n", &a, &d);
	assert_non_null(root);
	assert_int_equal(d.errors, 0);
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_tab_on_blank_line(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("a: 1\n \t\nb: 2\n", &a, &d));
	assert_error_at(&d, 2, 2, "tab used for indentation");
	assert_int_equal(d.errors, 1); /* not also libyaml's cryptic one */
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_second_document(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("a: 1\n---\nb: 2\n", &a, &d));
	assert_error_at(&d, 2, 1, "second YAML document");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_alias_and_anchor_refused(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("a: &x [1, 2]\nb: *x\n", &a, &d));
	assert_error_at(&d, 1, 4, "anchors (&x) are not allowed");
	assert_error_at(&d, 2, 4, "aliases (*x) are not allowed");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_billion_laughs_refused_quickly(void **state)
{
	/* Nine levels of aliases: expansion would need 10^9 nodes. */
	const char *text =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str(text, &a, &d));
	assert_error_at(&d, 2, 8, "aliases (*a) are not allowed");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_tags_refused(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	const struct ynode *root;

	(void)state;
	root = parse_str("a: !!str 12\nb: !custom {x: 1}\n", &a, &d);
	assert_non_null(root); /* reported, but the tree is usable */
	assert_error_at(&d, 1, 4, "tags (tag:yaml.org,2002:str) are not allowed");
	assert_error_at(&d, 2, 4, "tags (!custom) are not allowed");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_duplicate_and_complex_keys(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	const struct ynode *root;

	(void)state;
	root = parse_str("a: 1\nb: 2\na: 3\n? [x]\n: 4\n", &a, &d);
	assert_non_null(root);
	assert_error_at(&d, 3, 1, "duplicate key 'a' (first given at line 1)");
	assert_error_at(&d, 4, 3, "a key must be plain text, not a list");
	/* The first value wins; the duplicate is dropped. */
	assert_string_equal(ynode_get(root, "a")->value, "1");
	assert_int_equal(root->count, 2);
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_syntax_error_position(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("a:\n  b: 1\n c: 2\n", &a, &d));
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 2);
	assert_non_null(strstr(d.items[0].message, "YAML syntax error"));
	diag_list_clear(&d);
	arena_free(&a);

	assert_null(parse_str("a: \"open\n", &a, &d));
	assert_non_null(strstr(d.items[0].message, "YAML syntax error"));
	assert_int_equal(d.items[0].line, 2);
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_control_characters_in_text(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	/* An escape sequence and a right-to-left override, both written as
	 * YAML escapes so the file itself is clean text. */
	assert_non_null(parse_str("a: \"x\\e[2Jy\"\nb: \"abc\\u202Edef\"\n"
	    "c: \"tab\\there\"\nd: \"nul\\0\"\ne: \"line\\nbreak\"\n", &a, &d));
	assert_error_at(&d, 1, 4, "control character U+001B");
	assert_error_at(&d, 2, 4, "control character U+202E");
	assert_error_at(&d, 3, 4, "tab character");
	assert_error_at(&d, 4, 4, "NUL character");
	assert_int_equal(d.errors, 4); /* the newline in e is fine */
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_empty_and_comment_only(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;

	(void)state;
	assert_null(parse_str("", &a, &d));
	assert_error_at(&d, 0, 0, "the file is empty");
	arena_free(&a);
	diag_list_clear(&d);
	assert_null(parse_str("# only a comment\n\n", &a, &d));
	assert_error_at(&d, 0, 0, "the file is empty");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_depth_limit(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	char text[128];
	size_t i;

	(void)state;
	/* YTREE_MAX_DEPTH levels parse, one more is refused. */
	for (i = 0; i < YTREE_MAX_DEPTH; i++)
		text[i] = '[';
	for (i = 0; i < YTREE_MAX_DEPTH; i++)
		text[YTREE_MAX_DEPTH + i] = ']';
	text[2 * YTREE_MAX_DEPTH] = '\0';
	assert_non_null(parse_str(text, &a, &d));
	assert_int_equal(d.errors, 0);
	arena_free(&a);

	memmove(text + 1, text, strlen(text) + 1);
	text[0] = '[';
	strcat(text, "]"); /* banned-ok: bounded, test only */
	assert_null(parse_str(text, &a, &d));
	assert_error_at(&d, 1, YTREE_MAX_DEPTH + 1, "nesting is too deep");
	arena_free(&a);
	diag_list_clear(&d);
}

static void
test_scalar_length_limit(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	size_t n = YTREE_MAX_SCALAR + 1;
	char *text = xmalloc(n + 8);

	(void)state;
	memcpy(text, "a: ", 3);
	memset(text + 3, 'x', n);
	text[3 + n] = '\0';
	assert_non_null(parse_str(text, &a, &d));
	assert_error_at(&d, 1, 4, "text is too long");
	arena_free(&a);
	diag_list_clear(&d);

	text[3 + n - 1] = '\0'; /* exactly at the limit */
	assert_non_null(parse_str(text, &a, &d));
	assert_int_equal(d.errors, 0);
	arena_free(&a);
	free(text);
}

static void
test_collection_limits(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	char *text = xmalloc(64 * 1024);
	size_t i, n = 0;

	(void)state;
	n += (size_t)snprintf(text + n, 16, "[");
	for (i = 0; i <= YTREE_MAX_ITEMS; i++)
		n += (size_t)snprintf(text + n, 16, "%s1", i ? "," : "");
	snprintf(text + n, 16, "]");
	assert_null(parse_str(text, &a, &d));
	assert_error_at(&d, 1, 2 + 2 * YTREE_MAX_ITEMS, "too many items in one list");
	arena_free(&a);
	diag_list_clear(&d);

	for (i = 0, n = 0; i <= YTREE_MAX_KEYS; i++)
		n += (size_t)snprintf(text + n, 32, "k%zu: 1\n", i);
	assert_null(parse_str(text, &a, &d));
	assert_error_at(&d, YTREE_MAX_KEYS + 1, 1, "too many keys in one mapping");
	arena_free(&a);
	diag_list_clear(&d);
	free(text);
}

static void
test_file_size_limit(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	char *text = xcalloc(YTREE_MAX_BYTES + 1, 1);

	(void)state;
	memset(text, '#', YTREE_MAX_BYTES + 1);
	assert_null(parse(text, YTREE_MAX_BYTES + 1, &a, &d));
	assert_error_at(&d, 0, 0, "too large");
	arena_free(&a);
	diag_list_clear(&d);
	free(text);
}

static void
test_null_forms(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct arena *a;
	const struct ynode *root;

	(void)state;
	root = parse_str("a:\nb: ~\nc: null\nd: ''\ne: 'null'\n", &a, &d);
	assert_true(ynode_is_null(ynode_get(root, "a")));
	assert_true(ynode_is_null(ynode_get(root, "b")));
	assert_true(ynode_is_null(ynode_get(root, "c")));
	assert_false(ynode_is_null(ynode_get(root, "d"))); /* an empty text */
	assert_false(ynode_is_null(ynode_get(root, "e")));
	arena_free(&a);
	diag_list_clear(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shape_and_positions),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_tab_indentation),
		cmocka_unit_test(test_tab_after_text_allowed),
		cmocka_unit_test(test_tab_on_blank_line),
		cmocka_unit_test(test_second_document),
		cmocka_unit_test(test_alias_and_anchor_refused),
		cmocka_unit_test(test_billion_laughs_refused_quickly),
		cmocka_unit_test(test_tags_refused),
		cmocka_unit_test(test_duplicate_and_complex_keys),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_control_characters_in_text),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_scalar_length_limit),
		cmocka_unit_test(test_collection_limits),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_null_forms),
	};

	return cmocka_run_group_tests_name("ytree", tests, NULL, NULL);
}

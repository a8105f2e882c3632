/* The canonical hash ignores comments, whitespace, quoting, flow or block
 * style, key order and spelt-out defaults, and changes with any content. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"

static const char base[] =
    "format: rutin/1\n"
    "id: h\n"
    "version: 2\n"
    "title: Hashtest\n"
    "area: contact-ban\n"
    "description: Om rutinen\n"
    "references:\n"
    "  - {id: r1, text: Lag (1988:688) om kontaktförbud}\n"
    "sections:\n"
    "  - id: s1\n"
    "    title: Första\n"
    "    steps:\n"
    "      - id: a\n"
    "        kind: choice\n"
    "        prompt: Välj\n"
    "        options: [x, {id: y, label: Ypsilon}]\n"
    "        refs: [r1]\n"
    "        help: Hjälp\n"
    "      - id: b\n"
    "        kind: check\n"
    "        prompt: Gör\n"
    "        when: {step: a, in: [y]}\n"
    "        stop: Stanna\n"
    "        critical: true\n"
    "        required: false\n";

/* The same routine written differently in every way that must not count. */
static const char same[] =
    "# a comment\n"
    "{\"sections\": [\n"
    "    {\"steps\": [\n"
    "        {prompt: 'Välj', kind: \"choice\", id: a, help: \"Hjälp\",\n"
    "         options: [\"x\", {label: Ypsilon, id: y}], refs: [r1],\n"
    "         required: true, critical: false},\n"
    "        {required: False, critical: TRUE, stop:\n"
    "            Stanna,\n"
    "         when: {in: [y], step: a}, prompt: Gör, kind: check, id: b}],\n"
    "     title: Första, id: s1}],\n"
    " references: [{text: 'Lag (1988:688) om kontaktförbud', id: r1}],\n"
    " description: \"Om rutinen\",\n"
    " area: contact-ban, title: Hashtest, version: 2, id: h,\n"
    " format: rutin/1}   # trailing comment\n";

/* SHA-256 of base's canonical form, pinned: the hash is logged with every
 * run, so a change to the canonical form must be deliberate (and bump
 * rutin-canon/N in FORMAT.md). Recomputed independently from FORMAT.md's
 * description when it was pinned. */
static const char base_hash[] =
    "d4b520fad5672f8c928b8afa1b9446b6b5505eb7ccb7fde7c0dbdfc6ae7b5037";

static char *
hash_of(const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct routine *r = load_text(text, &d);
	char *hex = malloc(2 * ROUTINE_HASH_BYTES + 1);

	if (r == NULL) {
		print_diags(&d);
		fail_msg("routine did not load");
	}
	routine_hash_hex(r, hex);
	routine_free(&r);
	diag_list_clear(&d);
	return hex;
}

/* base with the first occurrence of `from` replaced by `to`. */
static char *
variant(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t pre, flen = strlen(from), tlen = strlen(to);
	char *s;

	assert_non_null(at);
	pre = (size_t)(at - base);
	s = malloc(sizeof(base) + tlen);
	memcpy(s, base, pre);
	memcpy(s + pre, to, tlen);
	strcpy(s + pre + tlen, at + flen); /* banned-ok: sized above */
	return s;
}

static void
test_pinned(void **state)
{
	char *h = hash_of(base);

	(void)state;
	assert_string_equal(h, base_hash);
	free(h);
}

static void
test_formatting_does_not_count(void **state)
{
	char *a = hash_of(base), *b = hash_of(same);
	char *crlf = malloc(2 * sizeof(base)), *c;
	size_t i, n = 0;

	(void)state;
	assert_string_equal(a, b);
	for (i = 0; base[i] != '\0'; i++) {
		if (base[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = base[i];
	}
	crlf[n] = '\0';
	c = hash_of(crlf);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
	free(crlf);
}

static void
test_every_change_counts(void **state)
{
	static const char *const changes[][2] = {
		{ "version: 2", "version: 3" },
		{ "id: h\n", "id: h2\n" },
		{ "title: Hashtest", "title: Hashtest." },
		{ "area: contact-ban", "area: other" },
		{ "description: Om rutinen\n", "" },
		{ "description: Om rutinen", "description: \"Om rutinen \"" },
		{ "om kontaktförbud}", "om kontaktförbud.}" },
		{ "title: Första", "title: Forsta" },
		{ "  - id: s1", "  - id: s2" },
		{ "      - id: b\n", "      - id: b2\n" },
		{ "kind: check", "kind: yesno" },
		{ "prompt: Välj", "prompt: Välj!" },
		{ "[x, {id: y", "[{id: y, label: Ypsilon}, {id: x" },
		{ "label: Ypsilon", "label: ypsilon" },
		{ "        help: Hjälp\n", "" },
		{ "help: Hjälp", "help: \"Hjälp\\n\"" },
		{ "        refs: [r1]\n", "" },
		{ "in: [y]", "in: [x, y]" },
		{ "        when: {step: a, in: [y]}\n", "" },
		{ "stop: Stanna", "stop: Stanna nu" },
		{ "critical: true", "critical: false" },
		{ "required: false", "required: true" },
	};
	char *ref = hash_of(base);
	char *seen[sizeof(changes) / sizeof(changes[0])];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		char *text = variant(changes[i][0], changes[i][1]);

		seen[i] = hash_of(text);
		if (strcmp(seen[i], ref) == 0)
			fail_msg("changing '%s' to '%s' kept the hash",
			    changes[i][0], changes[i][1]);
		for (j = 0; j < i; j++)
			if (strcmp(seen[i], seen[j]) == 0)
				fail_msg("changes %zu and %zu give one hash", i, j);
		free(text);
	}
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		free(seen[i]);
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned),
		cmocka_unit_test(test_formatting_does_not_count),
		cmocka_unit_test(test_every_change_counts),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}

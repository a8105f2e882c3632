# The documentation says what the code does: FORMAT.md documents every key
# the loader accepts and carries the example routine verbatim, and the man
# page and --help list the same commands.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
format="$RUTIN_SRCDIR/checklists/FORMAT.md"
loader="$RUTIN_SRCDIR/checklists/loader.c"
plan 8

# Every key in the loader's key tables has a row `key` in FORMAT.md.
keys=$(awk '/^static const char \*const [a-z]*_keys\[\] = \{/ { p = 1 } p { print } /\};/ { p = 0 }' "$loader" |
	grep -o '"[a-z]*"' | tr -d '"' | sort -u)
missing=
for k in $keys; do
	grep -q "^| \`$k\` |" "$format" || missing="$missing $k"
done
is "${missing:-none}" "none" "FORMAT.md has a table row for every key the loader accepts"
[ -n "$keys" ] && pass "found the loader's key tables ($(echo $keys | wc -w) keys)" ||
	fail "found the loader's key tables"

# The example in FORMAT.md is the shipped example file, minus its comments.
sed -n '/^## A complete example/,/^## /p' "$format" |
	sed -n '/^```yaml$/,/^```$/p' | sed '1d;$d' >"$TEST_TMP/doc-example.yaml"
grep -v '^#' "$RUTIN_SRCDIR/checklists/examples/exempel.yaml" >"$TEST_TMP/file-example.yaml"
if cmp -s "$TEST_TMP/doc-example.yaml" "$TEST_TMP/file-example.yaml"; then
	pass "FORMAT.md's example is checklists/examples/exempel.yaml"
else
	fail "FORMAT.md's example is checklists/examples/exempel.yaml" \
		"$(diff "$TEST_TMP/doc-example.yaml" "$TEST_TMP/file-example.yaml" | head -5)"
fi

# Each command --help lists is described in the man page.
run "$RUTIN" --help
missing=
for c in $(echo "$out" | sed -n 's/^  rutin \([a-z]*\) .*/\1/p'); do
	grep -qE "^\.BI? \"?$c( |\"|$)" "$RUTIN_SRCDIR/doc/rutin.1" || missing="$missing $c"
done
is "${missing:-none}" "none" "the man page describes every command in --help"

# Every key of the interface (one table, tui/keys.c) is in the man page.
run "$RUTIN" keys
missing=
keys=$(echo "$out" | cut -c1-14 | sed 's/ *$//')

while IFS= read -r k; do
	grep -qxF ".B $k" "$RUTIN_SRCDIR/doc/rutin.1" || missing="$missing [$k]"
done <<EOF2
$keys
EOF2
is "${missing:-none}" "none" "the man page lists every key of the interface"

# checklists/routines/README.md maps each leak vector to steps: every step
# it names exists, and a step it marks critical (bold) is critical.
vectors="$RUTIN_SRCDIR/checklists/routines/README.md"
missing=
not_critical=
refs=$(grep -o '`[a-z0-9-]*/[a-z0-9-]*`' "$vectors" 2>/dev/null | tr -d '`' | sort -u)
[ -n "$refs" ] || missing="the table itself ($vectors)"
for ref in $refs; do
	file="$RUTIN_SRCDIR/checklists/routines/${ref%%/*}.yaml"
	step=${ref#*/}
	block=$(awk -v id="$step" '$0 ~ "^      - id: " id "$" { p = 1; print; next }
		p && /^      - id: / { exit } p && /^  - id: / { exit } p { print }' "$file" 2>/dev/null)
	if [ -z "$block" ]; then
		missing="$missing $ref"
	elif grep -qF "**\`$ref\`**" "$vectors" && ! echo "$block" | grep -q '^        critical: true'; then
		not_critical="$not_critical $ref"
	fi
done
is "${missing:-none}" "none" "every step the vector table names exists"
is "${not_critical:-none}" "none" "every step it marks critical is critical"
rows=$(grep -cE '^\| ([1-9]|[12][0-9]|30) \|' "$vectors")
is "$rows" 30 "the table has a row for each of the 30 vectors"

done_testing

# The documentation says what the code does: FORMAT.md documents every key
# the loader accepts and carries the example routine verbatim, and the man
# page and --help list the same commands.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
format="$RUTIN_SRCDIR/checklists/FORMAT.md"
loader="$RUTIN_SRCDIR/checklists/loader.c"
plan 12

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

# The command table (cli/cmd.h) is the man page's synopsis: the same
# commands, and each option a command takes (its --help, drawn from its
# entry) in its synopsis line, besides those every command that opens a
# log takes (--db, --unit, --user, --passphrase-fd, --recovery: said once
# there).
man="$RUTIN_SRCDIR/doc/rutin.1"
# Command words may hold a hyphen (review sign-clean, routines
# second-person): the man page's \- read as one.
sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$man" | sed 's/\\-/-/g' >"$TEST_TMP/synopsis"
run "$RUTIN" --help
echo "$out" | sed -n 's/^  rutin \([a-z][a-z-]*\( [a-z][a-z-]*\)\{0,1\}\).*/\1/p' | sort -u >"$TEST_TMP/help-cmds"
sed -n 's/^\.B rutin \([a-z][a-z-]*\( [a-z][a-z-]*\)\{0,1\}\).*/\1/p' "$TEST_TMP/synopsis" |
	sort -u >"$TEST_TMP/man-cmds"
is "$(diff "$TEST_TMP/help-cmds" "$TEST_TMP/man-cmds" | grep '^[<>]' | tr '\n' ' ')" "" \
	"--help and the man page's synopsis list the same commands"
[ "$(wc -l <"$TEST_TMP/help-cmds")" -gt 30 ] && pass "--help lists every command of the table" ||
	fail "--help lists every command of the table" "$(cat "$TEST_TMP/help-cmds")"
missing=
while read -r cmd; do
	run "$RUTIN" $cmd --help
	[ "$status" = 0 ] || { missing="$missing [$cmd: --help exit $status]"; continue; }
	usage=$(echo "$out" | sed -n 's/^Usage: //p')
	block=$(awk -v c=".B rutin $cmd" 'index($0, c) == 1 && (length($0) == length(c) ||
		substr($0, length(c) + 1, 1) == " ") { p = 1 } p && /^\.br$/ { p = 0 } p' \
		"$TEST_TMP/synopsis" | sed 's/\\-/-/g')
	for opt in $(echo "$out" | sed -n 's/^  --\([a-z-]*\).*/\1/p'); do
		case $opt in db|unit|user|passphrase-fd|recovery) continue ;; esac
		case $usage in *"--$opt"*) ;; *) missing="$missing [$cmd: --$opt not in its usage]" ;; esac
		case $block in *"--$opt"*) ;;
			*) missing="$missing [$cmd: --$opt not in the man's synopsis]" ;; esac
	done
done <"$TEST_TMP/help-cmds"
is "${missing:-none}" "none" "every option of every command is in its usage and the man's synopsis"

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

# Every message a person reads is in Swedish, the interface's default:
# the sources' messages, taken as po/Makevars says, merged into
# po/sv.po leave none untranslated or fuzzy (run make -C _build/po
# update-po and translate them).
opts=$(sed -n 's/^XGETTEXT_OPTIONS = //p' "$RUTIN_SRCDIR/po/Makevars")
(cd "$RUTIN_SRCDIR" && grep -v '^#' po/POTFILES.in | grep . |
	xargs xgettext $opts --language=C -o "$TEST_TMP/rutin.pot") 2>"$TEST_TMP/xgettext.err"
is "$?" 0 "xgettext reads every file of po/POTFILES.in"
msgmerge -q -o "$TEST_TMP/sv.po" "$RUTIN_SRCDIR/po/sv.po" "$TEST_TMP/rutin.pot" 2>/dev/null
left=$(msgattrib --untranslated --no-obsolete "$TEST_TMP/sv.po"
	msgattrib --only-fuzzy --no-obsolete "$TEST_TMP/sv.po")
is "$(printf '%s\n' "$left" | sed -n 's/^msgid "\(..*\)"$/\1/p' | head -5)" "" \
	"po/sv.po translates every message of the sources"

done_testing

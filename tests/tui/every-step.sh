# Every step of every shipped routine, walked headless at 80x24 in Swedish
# and in English, as a caseworker walks it: no word of a step's prompt, of
# its stop or of an option in the list of answers is missing from the
# screen (issue 22: an instruction she cannot see is one she cannot
# follow). tests/tools/walkkeys writes the keys and what each screen must
# show; the run engine decides which step comes next.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

export LINES=24 COLUMNS=80
pass=demo-demo-demo
localedir=$(swedish_catalog)
routines="$RUTIN_SRCDIR/checklists/routines"

# words_missing DUMP WORDS...: the words not on the screen dump, joined.
words_missing() {
	local file=$1 w missing=
	shift
	for w; do
		grep -qF -- "$w" "$file" || missing="$missing $w"
	done
	printf '%s' "$missing"
}

for lang in sv en; do
	for f in "$routines"/*.yaml; do
		name=$(basename "$f" .yaml)
		dir="$TEST_TMP/$lang-$name"
		mkdir -p "$dir"
		if ! "$RUTIN_BUILDDIR/tests/tools/walkkeys" "$f" "$pass" "$dir"; then
			fail "$lang $name: the walk could be written"
			continue
		fi
		if [ "$lang" = sv ]; then env="RUTIN_LOCALEDIR=$localedir"; else env="LANGUAGE=en"; fi
		RUTIN_KEYS="$dir/keys" run env -u LANGUAGE $env "$RUTIN" demo --db "$dir/demo.db" \
			--routines "$routines" --idle-lock 0
		bad=
		screens=0
		while IFS="$(printf '\t')" read -r shot words; do
			screens=$((screens + 1))
			if [ ! -s "$dir/$shot.txt" ]; then
				bad="$bad [$shot: no screen]"
				continue
			fi
			# shellcheck disable=SC2086 # the words, one argument each
			missing=$(set -f; words_missing "$dir/$shot.txt" $words)
			[ -z "$missing" ] || bad="$bad [$shot:$missing]"
		done <"$dir/expect"
		if [ -z "$bad" ]; then
			pass "$lang $name: every word of $screens screens is shown at 80x24"
		else
			fail "$lang $name: words missing at 80x24" "$bad"
		fi
	done
done
done_testing

# rutin show: what a routine is, and its canonical hash.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 12

run "$RUTIN" show "$FIXTURES/valid.yaml"
is "$status" 0 "show exits 0 for a valid routine"
is "$(echo "$out" | sed -n 's/^id: *//p')" "f" "prints the id"
is "$(echo "$out" | sed -n 's/^version: *//p')" "7" "prints the version"
is "$(echo "$out" | sed -n 's/^title: *//p')" "Flöde" "prints the title"
is "$(echo "$out" | sed -n 's/^steps: *//p')" "5" "prints the step count"
hash=$(echo "$out" | sed -n 's/^sha256: *//p')

# The same routine in block style, keys reordered, with comments.
cat >"$TEST_TMP/block.yaml" <<'YAML'
# Same content as tests/fixtures/valid.yaml, written differently.
title: Flöde
format: rutin/1
version: 7
id: f
area: custody
references:
  - text: R
    id: r
sections:
  - title: S
    id: s
    steps:
      - {id: a, kind: choice, prompt: P, refs: [r], options: [x, {label: Y, id: y}]}
      - {id: b, kind: yesno, prompt: Q, when: {unless: [x], step: a}}
      - {id: c, kind: check, prompt: C, stop: S, when: {step: b, unless: [nej]}}
      - {id: d, kind: date, prompt: D, required: true}
      - {id: e, kind: text, prompt: E, required: false, critical: false}
YAML
run "$RUTIN" show "$TEST_TMP/block.yaml"
is "$(echo "$out" | sed -n 's/^sha256: *//p')" "$hash" "the hash ignores layout, comments, key order and defaults"

sed 's/prompt: Q/prompt: Q?/' "$TEST_TMP/block.yaml" >"$TEST_TMP/changed.yaml"
run "$RUTIN" show "$TEST_TMP/changed.yaml"
hash2=$(echo "$out" | sed -n 's/^sha256: *//p')
if [ -n "$hash2" ] && [ "$hash2" != "$hash" ]; then pass "one changed prompt changes the hash"
else fail "one changed prompt changes the hash" "$hash vs $hash2"; fi

# 'unless: [x]' and 'in: [x]' list the same answer and mean the opposite.
sed 's/when: {unless: \[x\], step: a}/when: {in: [x], step: a}/' "$TEST_TMP/block.yaml" >"$TEST_TMP/in.yaml"
run "$RUTIN" show "$TEST_TMP/in.yaml"
hash3=$(echo "$out" | sed -n 's/^sha256: *//p')
if [ -n "$hash3" ] && [ "$hash3" != "$hash" ]; then pass "in and unless give different hashes"
else fail "in and unless give different hashes" "$hash vs $hash3"; fi

run "$RUTIN" show "$FIXTURES/invalid.yaml"
is "$status" 1 "an invalid routine exits 1"
like "$err" "invalid.yaml:12:9: error: unknown key 'promt'" "with its diagnostics on stderr"


# The deadlines a routine declares (checklists/FORMAT.md), as its author
# checks them.
run "$RUTIN" show "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" \
	"$RUTIN_SRCDIR/checklists/routines/vardnad-boende-umgange.yaml"
like "$out" "deadline: imy, 72 hours after the start, met by step imy" \
	"show names a deadline counted from the start and the step that meets it"
like "$out" "deadline: tidsfrist, the day step tidsfrist names, met by completing the run" \
	"and one on a date step's day, met by completing the run"

done_testing

# rutin routines diff OLD NEW: what changed, in words, the changes that
# can make the routine protect less first; exit 0 for the same routine,
# 1 when it changed, 2 for a file that is no valid routine. Every kind
# of change is checked one at a time in tests/unit/test_diff.c; here the
# words a supervisor reads, in both languages.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

cat >"$TEST_TMP/v1.yaml" <<'YAML'
format: rutin/1
id: brev
version: 1
title: Brev till den andra föräldern
area: custody
references:
  - {id: osl, text: OSL 26 kap. 1 §}
sections:
  - id: fore
    title: Före utskick
    steps:
      - {id: hot, kind: yesno, prompt: Finns det hot mot någon i ärendet?, critical: true}
      - {id: brevhuvud, kind: check, prompt: Brevhuvudet röjer inte kommunen, critical: true, refs: [osl]}
      - {id: mallar, kind: check, prompt: Kontrollera mallar och automatiska utskick, critical: true, when: {step: hot, unless: [nej]}}
      - {id: kopia, kind: check, prompt: Spara en kopia i akten}
YAML
# Version 2: the templates step gone, the letterhead no longer critical,
# a new step, the copy's prompt reworded.
sed -e '/id: mallar/d' -e 's/Brevhuvudet röjer inte kommunen, critical: true/Brevhuvudet röjer inte kommunen/' \
    -e 's/Spara en kopia i akten}/Spara en kopia i akten med datum}/' -e 's/^version: 1/version: 2/' \
    "$TEST_TMP/v1.yaml" >"$TEST_TMP/v2.yaml"
printf '      - {id: kuvert, kind: check, prompt: Kuvertet har ingen avsändare}\n' >>"$TEST_TMP/v2.yaml"

run "$RUTIN" routines diff "$TEST_TMP/v1.yaml" "$TEST_TMP/v1.yaml"
is "$status $(printf '%s\n' "$out" | sed -n 2p)" "0 The same routine: the same hash." \
	"the same file: exit 0, the same hash"

run "$RUTIN" routines diff "$TEST_TMP/v1.yaml" "$TEST_TMP/v2.yaml"
is "$status" 1 "a changed routine: exit 1, as diff(1)"
like_re "$out" '^"Brev till den andra föräldern" version 1 \([0-9a-f]{12}\) → version 2 \([0-9a-f]{12}\)$' \
	"the two versions and their hashes"
like "$out" '! step removed: "Kontrollera mallar och automatiska utskick" (was step 3, critical)' \
	"a critical step removed, marked !"
like "$out" '! no longer critical: "Brevhuvudet röjer inte kommunen"' "a step no longer critical, marked !"
like "$out" '  step added: "Kuvertet har ingen avsändare" (step 4, section "Före utskick")' \
	"a step added, where"
like "$out" '  prompt changed: "Spara en kopia i akten med datum"
      was: Spara en kopia i akten
      now: Spara en kopia i akten med datum' "a prompt changed: what it was and is"
is "$(printf '%s\n' "$out" | grep -n '^!' | cut -d: -f1 | tr '\n' ' ')" "2 3 " \
	"the changes that weaken come first"
like "$out" "4 changes; 2 of them can make the routine protect less (marked !): read those first." \
	"the count, and how many weaken"
unlike "$out" "brevhuvud" "steps by their prompts, never by id (brevhuvud)"

if loc=$(swedish_catalog); then
	run env RUTIN_LOCALEDIR="$loc" LANGUAGE=sv LANG=sv_SE.UTF-8 "$RUTIN" routines diff \
		"$TEST_TMP/v1.yaml" "$TEST_TMP/v2.yaml"
	like "$out" '! steget borttaget: ”Kontrollera mallar och automatiska utskick” (var steg 3, kritiskt)' \
		"in Swedish"
else
	fail "in Swedish" "no catalog"
fi

# A second person left to the organisation: it can protect less.
sed -e 's/Spara en kopia i akten}/Spara en kopia i akten, critical: true, second_person: supervisor}/' \
    "$TEST_TMP/v1.yaml" >"$TEST_TMP/v3.yaml"
sed -e 's/second_person: supervisor}/second_person: {who: colleague, optional: true}}/' \
    -e 's/^version: 1/version: 3/' "$TEST_TMP/v3.yaml" >"$TEST_TMP/v4.yaml"
run "$RUTIN" routines diff "$TEST_TMP/v3.yaml" "$TEST_TMP/v4.yaml"
like "$out" '! second person changed: "Spara en kopia i akten"
      was: a supervisor, always
      now: a colleague, the organisation'"'"'s choice' "a second person made weaker: what it was and is, marked !"

printf 'format: rutin/1\nid: x\n' >"$TEST_TMP/trasig.yaml"
run "$RUTIN" routines diff "$TEST_TMP/v1.yaml" "$TEST_TMP/trasig.yaml"
is "$status" 2 "a file that is no valid routine: exit 2"
like "$err" "rutin routines diff: $TEST_TMP/trasig.yaml is not a valid routine" "named"
like_re "$err" "trasig.yaml:[0-9]+:[0-9]+: error:" "with rutin lint's messages, at line and column"
done_testing

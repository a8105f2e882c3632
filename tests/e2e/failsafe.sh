# Fail closed, as a caseworker in a hurry meets it in a real terminal
# (issue 19): a skipped acute-danger question stops at 112; a skipped
# protection question shows every step that protects; "no protection
# needed" after a reported threat asks for a confirmation, logs nothing
# when she changes her mind, and is logged once when she keeps it.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 13

db="$TEST_TMP/demo.db"
mkdir -p "$TEST_TMP/r"
cat >"$TEST_TMP/r/prov.yaml" <<'EOF2'
format: rutin/1
id: prov-skydd
version: 1
title: Prov av skyddsfrågan
area: other
sections:
  - id: s
    title: Skyddet
    steps:
      - {id: akut-fara, kind: yesno, prompt: Är någon i akut fara?, critical: true}
      - id: ring-polisen
        kind: check
        prompt: Ring 112.
        when: {step: akut-fara, unless: [nej]}
        stop: Akut fara. Ring 112 nu.
        critical: true
      - {id: hot, kind: yesno, prompt: Finns det hot?, critical: true}
      - id: skydd-behovs
        kind: choice
        prompt: Ska uppgifter om var någon bor skyddas?
        options: [ja, vet-inte, nej]
        critical: true
        contradicts:
          - answers: [nej]
            step: hot
            in: [ja]
            message: Du har svarat att det finns hot men att inget behöver skyddas. Stämmer det?
      - id: ingen-adress
        kind: check
        prompt: Skriv aldrig adressen i handlingarna.
        when: {step: skydd-behovs, unless: [nej]}
        critical: true
      - id: brevhuvud
        kind: check
        prompt: Kontrollera brevhuvudet.
        when: {step: skydd-behovs, unless: [nej]}
        critical: true
      - {id: anteckning, kind: text, prompt: Anteckning, required: false}
EOF2

start "env LANGUAGE=en $RUTIN demo --db $db --routines $TEST_TMP/r --idle-lock 0"
see "Passphrase:" "the demo starts"
type_text "$E2E_PASS"; keys Enter
see "Prov av skyddsfrågan" "home"
keys Enter; type_text "PROV 1"; keys Enter
# Nothing answered yet: all seven steps count, the call to 112 among them.
see "Step 1 of 7" "before any answer every step that protects is shown"
# Skip acute danger: the stop is not lifted by a skip.
keys s; type_text "Hann inte fråga"; keys Enter
see "Akut fara. Ring 112 nu." "a skipped acute-danger question stops at 112"
# Acknowledge the stop, mark the call made.
keys Enter Enter
# hot: yes (the picker's first answer).
keys Enter Enter
# skydd-behovs skipped: the protecting steps stay.
see "Ska uppgifter om var någon bor skyddas?" "the protection question"
keys s; type_text "Vet inte ännu"; keys Enter
see "Skriv aldrig adressen" "a skipped protection question shows the steps that protect"
# Back to it and answer nej: it contradicts the threat.
keys Up Enter Down Down Enter
see "Check the answer" "no protection after a threat asks for a confirmation"
see "Du har svarat att det finns hot men att inget behöver skyddas" "in the routine's words"
keys n
see "Not saved: choose the answer again." "n changes nothing"
keys Enter Down Down Enter
see "Check the answer" "asked again"
keys y
see "Saved" "y keeps the answer"
keys F10
see "[exit 0]" "F10 quits"

events_of "$db"
answered=$(printf '%s\n' "$out" | grep -c '"type":"step.answered".*"step":"skydd-behovs"\|"step":"skydd-behovs".*"type":"step.answered"')
is "$answered" 1 "the kept answer is logged once, the withdrawn one not at all"
done_testing

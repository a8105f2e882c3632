# Released routines in real terminals (issue 28): the supervisor releases
# "Skyddade personuppgifter" at a terminal (reading what it is, typing
# yes); an administrator then deletes its critical step on templates from
# the installed file. The caseworker is not offered the edited text: her
# run follows the released one (46 steps). The supervisor is told at
# unlock that a file differs, reads the difference, declines once (no
# yes: nothing released), then releases it; the caseworker's next run
# follows the new text (45 steps).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 21

db="$TEST_TMP/log.db"
etc="$TEST_TMP/routines"
mkdir -p "$etc"
cp "$E2E_ROUTINES/skyddade-personuppgifter.yaml" "$etc/"
unit_log "$db" anna bo
file="$etc/skyddade-personuppgifter.yaml"

start "env LANGUAGE=en $RUTIN routines release $file --db $db --user anna"
see "Passphrase for anna" "routines release asks for the supervisor's passphrase"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
see 'The first release of "Skyddade personuppgifter' "it says this is the routine's first release"
see "Type yes:" "and asks before it releases"
type_text "yes"; keys Enter
see "Released \"Skyddade personuppgifter – handläggning av ärendet\" version 4" "typing yes releases it"
see "[exit 0]" "exit 0"

# The administrator's edit: the step on templates and automatic mail goes.
awk '/^      - id: automatiska-utskick$/ { skip = 1; next }
     skip && /^      - id: / { skip = 0 }
     !skip' "$file" >"$file.new" && mv "$file.new" "$file"

start "env LANGUAGE=en $RUTIN --db $db --user bo --routines $etc --idle-lock 0"
see "Passphrase:" "bo unlocks"
type_text "$(cat "$TEST_TMP/bo")"; keys Enter
see "Skyddade personuppgifter" "bo is offered the routine"
keys Enter
see "Case reference" "he starts it"
type_text "SN 2026/40"; keys Enter
see "Step 1 of 46" "his run follows the released text (46 steps), not the edited file (45)"
keys F10

start "env LANGUAGE=en $RUTIN --db $db --user anna --routines $etc --idle-lock 0"
wait_for "Passphrase:"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
see "1 routine file differs from its release" "the supervisor is told at unlock that a file differs"
keys F3
see "Changed on disk, not released (F6 shows how): skyddade-personuppgifter.yaml" "her home names the file and the key"
keys F6
see '! step removed: "Kontrollera automatiska utskick' "F6 shows what the file would change, weakening first"
keys Escape
term_wait_gone t "Routine files changed, not released" || fail "Esc closes it" "$(screen_text)"
keys F10

start "env LANGUAGE=en $RUTIN routines release $file --db $db --user anna"
wait_for "Passphrase for anna"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
see '! step removed: "Kontrollera automatiska utskick' "she reads what the file changes: a critical step removed"
type_text "no"; keys Enter
see "not released" "she declines: nothing is released"
see "[exit 1]" "exit 1"

start "env LANGUAGE=en $RUTIN routines release $file --db $db --user anna"
wait_for "Passphrase for anna"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
wait_for "Type yes:"
type_text "yes"; keys Enter
see "[exit 0]" "then releases it"
start "env LANGUAGE=en $RUTIN --db $db --user bo --routines $etc --idle-lock 0"
wait_for "Passphrase:"
type_text "$(cat "$TEST_TMP/bo")"; keys Enter
wait_for "Skyddade personuppgifter"
keys Down Enter
wait_for "Case reference"
type_text "SN 2026/41"; keys Enter
see "Step 1 of 45" "bo's next run follows the new release"
keys F10

# A new log: init, at a terminal, offers to release the routines it
# found as they are; yes releases each.
mkdir -p "$TEST_TMP/etc2"
cp "$E2E_ROUTINES/fore-utskick.yaml" "$E2E_ROUTINES/misstankt-rojande.yaml" "$TEST_TMP/etc2/"
start "env LANGUAGE=en RUTIN_ROUTINES_DIR=$TEST_TMP/etc2 $RUTIN init --db $TEST_TMP/ny.db --user anna"
wait_for "New passphrase"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
wait_for "Repeat the new passphrase"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
see "Release these 2 routines now" "init at a terminal offers to release the routines found"
type_text "yes"; keys Enter
see "Released \"Misstänkt röjande av skyddade uppgifter\" version 4" "typing yes releases them"
see "[exit 0]" "init exits 0"
db="$TEST_TMP/ny.db"
RUTIN_ROUTINES_DIR="$TEST_TMP/etc2" as anna routines list
like_re "$out" "fore-utskick +[0-9]+ +[0-9a-f]{12} +released" "the new log runs the released texts"
done_testing

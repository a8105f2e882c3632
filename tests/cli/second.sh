# The log's option second_person (issue 28): rutin routines second-person
# lists the steps that ask for a second person and whether the
# organisation's choice is on; only a supervisor turns it on or off (a
# signed event, sealed as an account change is); a run started while it
# is on records it. tests/unit/test_second.c has the engine's and the
# log's rules and the forged confirmations; tests/e2e/second.sh the
# confirmations in terminals.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 16

mkdir -p "$TEST_TMP/etc"
cp "$RUTIN_SRCDIR/checklists/routines/fore-utskick.yaml" \
   "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" \
   "$RUTIN_SRCDIR/checklists/routines/skyddade-personuppgifter.yaml" "$TEST_TMP/etc/"
export RUTIN_ROUTINES_DIR="$TEST_TMP/etc"
export LANGUAGE=en
unit_log "$TEST_TMP/enhet.db" anna bo

as bo routines second-person
is "$status" "0" "any account reads which steps need a second person"
like "$out" "The log's option second_person is off." "off in a new log"
like "$out" "Misstänkt röjande av skyddade uppgifter: \"Anmäl personuppgiftsincidenten till IMY" \
	"the report to IMY is listed"
like "$out" "a supervisor · the organisation's choice: off" "a supervisor's, the organisation's choice, off"
like "$out" "a colleague · the organisation's choice: off" "fore-utskick's secrecy check: a colleague's"

as bo routines second-person on
is "$status" "2" "a caseworker cannot turn it on (exit 2)"
like "$err" "only a supervisor" "and is told who can"
as anna routines second-person maybe
is "$status $err" "2 rutin routines second-person: on or off, not 'maybe'" "a word other than on or off: exit 2"
as anna routines second-person on
is "$status" "0" "a supervisor turns it on"
like "$out" "the organisation's choice: on" "and the steps say so"
as anna routines second-person on
is "$status" "0" "on again: nothing to do, exit 0"
like "$out" "is on already" "saying it is on already"

# bo starts a run of fore-utskick in the interface: it records the option.
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter "text Före" Enter "text SN 2026/60" Enter F10 \
	>"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$db" --user bo --idle-lock 0
as anna events
option=$(printf '%s\n' "$out" | grep '"type":"log.option_set"' | head -1)
like "$option" '"name":"second_person","value":"on"' "the option is a signed event"
started=$(printf '%s\n' "$out" | grep '"type":"run.started"')
like "$started" '"second_person":"on"' "a run started while it is on records it"
as anna routines second-person off
is "$status" "0" "she turns it off again"
as anna verify
is "$status" "0" "and the log verifies"
done_testing

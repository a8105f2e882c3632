# A supervisor hands a caseworker's unfinished run to a colleague in the
# interface (issue 22: holiday cover; the command line had it alone), and
# the colleague finds it on her home, to resume.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 11

db="$TEST_TMP/log.db"
mkdir -p "$TEST_TMP/r"
cp "$FIXTURES/review/granskning.yaml" "$TEST_TMP/r/"
unit_log "$db" anna bo cy
# bo starts a run and leaves it paused.
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter Enter "text SN 2026/9" Enter F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user bo \
	--routines "$TEST_TMP/r" --idle-lock 0
as anna review list --status paused
like "$out" "SN 2026/9" "bo's run is paused"

start "env LANGUAGE=en $RUTIN --db $db --user anna --routines $TEST_TMP/r --idle-lock 0"
see "Passphrase:" "the supervisor unlocks"
type_text "$(cat "$TEST_TMP/anna")"; keys Enter
see "review queue" "the review queue"
keys Tab Tab Tab Tab
see "SN 2026/9" "All runs lists the unfinished run"
keys F8
see "Hand SN 2026/9 (bo) over to which caseworker?" "F8 asks to whom, naming the run"
type_text "anna"; keys Enter
see "anna: not a caseworker of this log" "a supervisor is refused, saying why"
keys C-u; type_text "cy"; keys Enter
see "SN 2026/9 is handed over to cy (logged)." "handed over to cy"
keys F10

start "env LANGUAGE=en $RUTIN --db $db --user cy --routines $TEST_TMP/r --idle-lock 0"
see "Passphrase:" "cy unlocks"
type_text "$(cat "$TEST_TMP/cy")"; keys Enter
see "SN 2026/9" "the run handed to her is on her home, to resume"
see "returned to you: 0 · due: 0 · unfinished: 1" "and her home's header counts what needs her"
keys F10
as anna events
like "$out" '"type":"run.handed_over"' "the handover is in the log"

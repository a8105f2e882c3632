# Two terminals on one log, as two caseworkers (or one in two windows)
# meet it: a run open in one cannot be resumed in the other, which says
# who has it and since when; once the first pauses it, the second resumes
# it. Before leases both could walk it and the run became unresumable.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 10

db="$TEST_TMP/demo.db"
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "the first terminal starts"
type_text "$E2E_PASS"; keys Enter
see "Kontaktförbud" "home"
keys Enter; type_text "SN 2026/41"; keys Enter
see "Step 1 of" "a run is open in the first terminal"

term_start u "$RUTIN demo --db $db --routines $E2E_ROUTINES --idle-lock 0"
term_see u "Passphrase:" "the second terminal starts on the same log"
term_type u "$E2E_PASS"; term_keys u Enter
term_see u "SN 2026/41" "it lists the open run"
term_keys u Enter
term_see u "open in another session by demo since" "resuming it there is refused, naming who"

keys Escape                                # the first terminal pauses it
see "The run is paused" "the first terminal pauses the run"
term_keys u Enter
term_see u "Resumed SN 2026/41" "now the second terminal resumes it"

term_keys u F10
term_see u "[exit 0]" "the second terminal quits"
keys F10
see "[exit 0]" "and the first"
done_testing

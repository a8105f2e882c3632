# Two terminals on one log, as two caseworkers (or one in two windows)
# meet it: a run open in one cannot be resumed in the other, which says
# who has it and since when; once the first pauses it, the second resumes
# it. Before leases both could walk it and the run became unresumable.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 10

db="$TEST_TMP/demo.db"
# A second terminal beside "t".
su_start() {
	tm -u new-session -d -x 80 -y 24 -s u "$*; echo \"[exit \$?]\"; sleep 600"
	tm set-option -t u status off >/dev/null
}
su_text() { tm capture-pane -p -t u 2>/dev/null; }
su_see() {
	local i=0
	while [ "$i" -lt 150 ]; do
		if su_text | grep -qF -- "$1"; then pass "$2"; return; fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2" "waited for: $1" "$(su_text)"
}

start_demo "$db" "--idle-lock 0"
see "Passphrase:" "the first terminal starts"
type_text "$E2E_PASS"; keys Enter
see "Kontaktförbud" "home"
keys Enter; type_text "SN 2026/41"; keys Enter
see "Step 1 of" "a run is open in the first terminal"

su_start "$RUTIN demo --db $db --routines $E2E_ROUTINES --idle-lock 0"
su_see "Passphrase:" "the second terminal starts on the same log"
tm send-keys -t u -l "$E2E_PASS"; tm send-keys -t u Enter
su_see "SN 2026/41" "it lists the open run"
tm send-keys -t u Enter
su_see "open in another session by demo since" "resuming it there is refused, naming who"

keys Escape                                # the first terminal pauses it
see "The run is paused" "the first terminal pauses the run"
tm send-keys -t u Enter
su_see "Resumed SN 2026/41" "now the second terminal resumes it"

tm send-keys -t u F10
su_see "[exit 0]" "the second terminal quits"
keys F10
see "[exit 0]" "and the first"
done_testing

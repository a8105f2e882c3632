# A colleague went home with rutin open: user remove is refused while her
# session holds the log. rutin sessions shows who has it open, since when
# and from which process; rutin sessions close asks her session to close
# (logged as session.closed), her interface pauses her run and exits, and
# the removal then goes through. Only a supervisor may list or close.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 18

db="$TEST_TMP/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
as anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"

as anna sessions
like "$status $out" "0 No other session has the log open." "no one else has the log open"

term_start bo "LANG=en_US.UTF-8 $RUTIN --db $db --user bo --routines $E2E_ROUTINES --idle-lock 0"
term_see bo "Passphrase" "bo starts rutin"
term_type bo "bo passphrase 22"; term_keys bo Enter
term_see bo "Kontaktförbud" "her home screen"
term_keys bo Enter; term_type bo "SN 2026/77"; term_keys bo Enter
term_see bo "Step 1 of" "she starts a run, and goes home"

as anna user remove bo
like "$status $err" "open in another session by bo since" "user remove is refused while her session is open"
as anna sessions
like_re "$out" "^bo, since [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}, process [0-9]+$" \
	"rutin sessions lists her session: account, since when, process"
pid=$(printf '%s\n' "$out" | sed -n 's/^bo, .*process \([0-9]*\)$/\1/p')
as bo sessions
like "$status $err" "1 rutin sessions: " "a caseworker may not list the sessions"
as bo sessions close "$pid"
is "$status" 1 "nor close one"
as anna sessions close 1
like "$status $err" "1 rutin sessions close: no other session of this log is process 1" \
	"a process that is no session of this log is refused"
as anna sessions close bo
like "$status $err" "2 rutin sessions close: give the session's process number" "the operand is a process number"

as anna sessions close "$pid"
like "$status $out" "0 Closed the session of bo, since " "a supervisor closes her session"
like "$out" "It paused its run and let go of the log; the close is logged (session.closed)." \
	"saying her run is paused and the close logged"
term_see bo "[exit 0]" "her interface exited"
as anna events
like "$(printf '%s\n' "$out" | grep '"type":"session.closed"')" "\"account\":\"anna\"" \
	"the close is in the log, by the supervisor"
like "$(printf '%s\n' "$out" | grep '"type":"session.closed"')" "\"name\":\"bo\"" "naming whose session"
printf '%s\n' "$out" | grep '"type":"run.paused"' | grep -q '"account":"bo"' &&
	pass "her run was paused" || fail "her run was paused" "$out"

as anna user remove bo
is "$status" 0 "now the removal goes through"
as anna verify
is "$status" 0 "and the log verifies (a supervisor's session.closed)"
done_testing

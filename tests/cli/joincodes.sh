# A class at once (issue 23): rutin exercise trainees add --from FILE
# makes an account and a one-time join code for each trainee; she types
# the code at her first join and chooses her own passphrase. Tried as an
# attacker would: a code used again, a code guessed, another's code, a
# code used after the exercise ended, a session opened with a code that
# writes before she chose; the keyring and the log as they are left.
# Named cases: `bash tests/cli/joincodes.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

db="$TEST_TMP/kurs.db"
export RUTIN_ROUTINES_DIR="$RUTIN_SRCDIR/checklists/routines"
export RUTIN_EXERCISES_DIR="$RUTIN_SRCDIR/checklists/exercises"
printf 'tove passphrase 1\n' >"$TEST_TMP/tove"
printf 'bo egen fras 12345\n' >"$TEST_TMP/bo"
as() { who=$1 pass=$2; shift 2; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$pass"; }
code_of() { printf '%s\n' "$codes" | awk -v n="$1" '$1 == n { print $2 }'; }
# first_join WHO CODE NEW AGAIN: the interface, headless: the code, then
# her own passphrase twice; the screens saved as WHO-1.txt and WHO-2.txt.
first_join() {
	printf '%s\n' "text $2" Enter "save-display $TEST_TMP/$1-1.txt" "text $3" Enter \
		"text $4" Enter "save-display $TEST_TMP/$1-2.txt" F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" exercise --db "$db" --user "$1" --idle-lock 0
}

case_refused() {
as tove "$TEST_TMP/tove" exercise start kontaktfamiljen
is "$status" 0 "the trainer starts an exercise"
printf 'bo\nBo Ek\n' >"$TEST_TMP/fel.txt"
as tove "$TEST_TMP/tove" exercise trainees add --from "$TEST_TMP/fel.txt"
like "$status $err" "2 $TEST_TMP/fel.txt:2:1: 'Bo Ek' is no account name" \
	"a line that is no account name: the file, line and column"
printf '# klassen\n  bo\ncia\nbo\n' >"$TEST_TMP/dubbel.txt"
as tove "$TEST_TMP/tove" exercise trainees add --from "$TEST_TMP/dubbel.txt"
like "$status $err" "2 $TEST_TMP/dubbel.txt:4:1: 'bo' is named twice" "a name twice"
printf 'tove\n' >"$TEST_TMP/finns.txt"
as tove "$TEST_TMP/tove" exercise trainees add --from "$TEST_TMP/finns.txt"
like "$status $err" "2 $TEST_TMP/finns.txt:1:1: 'tove' is an account of the log already" \
	"an account that exists"
printf 'bo\n\xff\n' >"$TEST_TMP/latin.txt"
as tove "$TEST_TMP/tove" exercise trainees add --from "$TEST_TMP/latin.txt"
like "$status $err" "2 $TEST_TMP/latin.txt:2:1: not UTF-8" "bytes that are not UTF-8"
as tove "$TEST_TMP/tove" exercise trainees list --from "$TEST_TMP/fel.txt"
like "$status $err" "2 rutin exercise trainees: say what: add --from FILE" "only add"
as tove "$TEST_TMP/tove" user list
is "$(printf '%s\n' "$out" | grep -c caseworker)" "0" "nothing refused made an account"
}

case_add() {
needs refused || return
printf '# klassen\nbo\n  cia\n\ndan\n' >"$TEST_TMP/klass.txt"
as tove "$TEST_TMP/tove" exercise trainees add --from "$TEST_TMP/klass.txt"
is "$status" 0 "trainees add: exit 0"
codes=$out
like_re "$out" "^  bo +[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$" "a code for each trainee, printed once"
is "$(printf '%s\n' "$out" | grep -cE '^  (bo|cia|dan) ')" "3" "three trainees"
is "$(printf '%s\n%s\n%s\n' "$(code_of bo)" "$(code_of cia)" "$(code_of dan)" | sort -u | wc -l)" "3" \
	"three different codes"
unlike "$(printf '%s\n' "$out" | tr -d '\n')" "[01ILOUV]{4}-" "none of the characters mistaken on paper"
as tove "$TEST_TMP/tove" user list
like_re "$out" "^bo +caseworker" "bo has a caseworker's account"
as tove "$TEST_TMP/tove" events
is "$(printf '%s\n' "$out" | grep -c '"type":"exercise.invited"')" "3" "each invitation is an event"
if grep -lF "$(code_of bo)" "$db"* 2>/dev/null; then
	fail "neither the log nor its keyring holds a code"
else
	pass "neither the log nor its keyring holds a code"
fi
printf '%s\n' "$(code_of bo)" >"$TEST_TMP/bo.code"
printf '%s\n' "$(code_of cia)" >"$TEST_TMP/cia.code"
printf '%s\n' "$(code_of dan)" >"$TEST_TMP/dan.code"
}

# Opened with a code, a session writes nothing but her new passphrase.
case_pending() {
needs add || return
as tove "$TEST_TMP/tove" events
before=$(printf '%s\n' "$out" | wc -l)
for cmd in "review list" events "backup --into $TEST_TMP"; do
	as cia "$TEST_TMP/cia.code" $cmd
	like "$status $err" "2 rutin ${cmd%% --*}: 'cia' opened the log with a one-time join code: choose your own passphrase first" \
		"cia, with her code, gets nothing from rutin ${cmd%% --*}: she is told to choose her passphrase"
done
as tove "$TEST_TMP/tove" events
is "$(printf '%s\n' "$out" | wc -l)" "$before" "nothing was logged"
}

# bo's first join: the code, then his own passphrase (twice, the same).
case_first_join() {
needs add || return
first_join bo "$(code_of bo)" "bo egen fras 12345" "bo annan fras 123"
like "$(cat "$TEST_TMP/bo-1.txt")" "You joined with a one-time code. Choose your own" \
	"the code opens the log once: he is asked for his own passphrase"
like "$(cat "$TEST_TMP/bo-2.txt")" "The two passphrases differ" "two that differ are refused"
first_join bo "$(code_of bo)" "kort" "kort"
like "$(cat "$TEST_TMP/bo-2.txt")" "the passphrase is too short" "a short one is refused"
first_join bo "$(code_of bo)" "bo egen fras 12345" "bo egen fras 12345"
like "$(cat "$TEST_TMP/bo-2.txt")" "Your passphrase is set" "his own passphrase is set"
like "$(cat "$TEST_TMP/bo-2.txt")" "Kontaktfamiljen" "and he is at the exercises"
as bo "$TEST_TMP/bo" events
is "$status" 0 "his own passphrase opens the log"
like "$out" '"type":"account.passphrase_changed"' "the change is an event"
}

# The attacks: the code again, a guess, another's code.
case_attacks() {
needs first_join || return
as bo "$TEST_TMP/bo.code" events
like "$status $err" "2 rutin events: $db: wrong account or passphrase" \
	"bo's code, used again, opens nothing"
printf 'ABCD-EFGH-JKMN\n' >"$TEST_TMP/guess"
as dan "$TEST_TMP/guess" events
like "$status $err" "2 rutin events: $db: wrong account or passphrase" \
	"a guessed code opens nothing, with the words a wrong passphrase gets"
as dan "$TEST_TMP/cia.code" events
like "$status $err" "2 rutin events: $db: wrong account or passphrase" "cia's code does not open dan's account"
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" bo <"$TEST_TMP/bo.code" 2>/dev/null)
[ -z "$spec" ] && pass "bo's code opens no slot of the keyring" || fail "bo's code opens no slot of the keyring"
}

# The end: the codes never used stop working; the accounts go.
case_end() {
needs attacks || return
as tove "$TEST_TMP/tove" exercise end
like "$status $out" "0 Ended \"Kontaktfamiljen\"" "the trainer ends the exercise"
like "$out" "2 join codes that were never used no longer work" "and says the unused codes expired"
as cia "$TEST_TMP/cia.code" events
like "$status $err" "2 rutin events: $db: wrong account or passphrase" \
	"cia's code, never used, opens nothing after the end"
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" cia <"$TEST_TMP/cia.code" 2>/dev/null)
[ -z "$spec" ] && pass "her slot is gone from the keyring" || fail "her slot is gone from the keyring"
as tove "$TEST_TMP/tove" user list
unlike "$out" "cia" "her account is removed"
like_re "$out" "^bo +caseworker" "bo, who joined, keeps his"
as bo "$TEST_TMP/bo" events
is "$status" 0 "and his passphrase still opens the log"
as tove "$TEST_TMP/tove" verify
is "$status" 0 "verify: intact"
}

# A live log takes no join codes.
case_live() {
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
run "$RUTIN" init --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
printf 'bo\n' >"$TEST_TMP/en.txt"
run "$RUTIN" exercise trainees add --from "$TEST_TMP/en.txt" --db "$TEST_TMP/live.db" \
	--user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin exercise trainees: $TEST_TMP/live.db is a live log: join codes are for training logs only" \
	"a live log: exit 2"
}

cases refused add pending first_join attacks end live
done_testing

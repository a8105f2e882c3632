# rutin exercise: a trainer starts "Kontaktfamiljen" in a new training
# log, adds three trainees, who walk it (headless: keys from the walks in
# tests/fixtures/exercise, whose scores are computed by hand there); the
# report's scores are those; injects, the end, and every refusal: a live
# log, a trainee steering, a broken exercise. Real key derivation.
# Named cases: `bash tests/cli/exercise.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

db="$TEST_TMP/kurs.db"
walks="$RUTIN_SRCDIR/tests/fixtures/exercise"
export RUTIN_ROUTINES_DIR="$RUTIN_SRCDIR/checklists/routines"
export RUTIN_EXERCISES_DIR="$RUTIN_SRCDIR/checklists/exercises"
for who in tove bo cia dan eva anna; do
	printf '%s passphrase 1\n' "$who" >"$TEST_TMP/$who"
done
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
# play WHO WALK [KEYS...]: WHO unlocks `rutin exercise`, starts or resumes
# the session and plays the walk, then the keys; the screen is saved as WHO.txt.
# The walk takes a minute a key (the test clock's "wait"), as one who reads
# each step; with FAST=1 it is clicked through in an instant.
play() {
	who=$1 walk=$2; shift 2
	{ printf '%s\n' "text $(cat "$TEST_TMP/$who")" Enter Enter
	  if [ -n "$walk" ] && [ -n "${FAST:-}" ]; then cat "$walks/$walk.keys"
	  elif [ -n "$walk" ]; then sed '/^[^#]/i wait 60' "$walks/$walk.keys"; fi
	  printf '%s\n' "$@" "save-display $TEST_TMP/$who.txt" F10; } >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" exercise --db "$db" --user "$who" --idle-lock 0
}
# jsonl_sql TEXT SQL: JSON Lines read by SQLite's JSON parser as j(value).
jsonl_sql() {
	printf '[%s]' "$(printf '%s\n' "$1" | paste -sd, -)" >"$TEST_TMP/lines.json"
	sqlcipher -batch :memory: "CREATE TABLE j AS SELECT value FROM
		json_each(CAST(readfile('$TEST_TMP/lines.json') AS TEXT));" "$2"
}

# The shipped exercises are listed and valid against the shipped routines.
case_shipped() {
run "$RUTIN" exercise list
like "$out" "kontaktfamiljen      Kontaktfamiljen" "exercise list names the shipped exercises"
like "$out" "routine skyddade-personuppgifter, 15 expectations, pass mark 17 of 23 points, 6 injects" \
	"with their routine, expectations, pass mark and injects"
run "$RUTIN" lint "$RUTIN_EXERCISES_DIR"
is "$status $err" "0 rutin lint: 7 file(s) checked, 0 invalid; 0 error(s), 0 warning(s)" \
	"the seven exercises pass rutin lint"
}

# A broken exercise is refused before any log is made.
case_refused() {
sed 's/step: telefon$/step: telfon/' "$RUTIN_EXERCISES_DIR/kontaktfamiljen.yaml" >"$TEST_TMP/trasig.yaml"
as tove exercise start "$TEST_TMP/trasig.yaml"
is "$status" 1 "an exercise naming a step its routine lacks is refused"
like_re "$err" "trasig.yaml:[0-9]+:11: error: routine 'skyddade-personuppgifter' has no step 'telfon'; did you mean 'telefon'?" \
	"at the step's line and column"
[ ! -e "$db" ] && pass "and no log is made" || fail "and no log is made"
{ cat "$RUTIN_EXERCISES_DIR/kontaktfamiljen.yaml"; echo "reading_floor: maybe"; } >"$TEST_TMP/golv.yaml"
run "$RUTIN" lint "$TEST_TMP/golv.yaml"
like_re "$status $out" "^1 .*golv.yaml:[0-9]+:16: error: 'reading_floor' must be true or false, not 'maybe'" \
	"reading_floor is true or false, at its line and column"
as tove exercise start nosuch
like "$status $err" "1 rutin exercise start: no exercise file or installed exercise 'nosuch'" \
	"an unknown exercise is named"
run "$RUTIN" exercise report --user tove
like "$status $err" "2 rutin exercise report: name the training log with --db FILE" \
	"a training log is never the default log"
}

# The trainer starts it: a new training log, she its first account.
case_start() {
as tove exercise start kontaktfamiljen
is "$status" 0 "exercise start makes the training log and starts the session"
like "$out" "Created the training log $db with tove as trainer." "with tove as trainer"
like_re "$out" 'Started "Kontaktfamiljen" \(session [0-9a-f]{8}\)' "and names the session"
is "$(stat -c %a "$db") $(stat -c %a "$db.keys")" "600 600" "the log and keyring are private"
as tove user list
like_re "$out" "^tove +trainer" "the trainer's account is a trainer's"
for who in bo cia dan eva; do
	as tove user add "$who" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$who"
done
is "$status" 0 "the trainer adds her trainees"
}

# A live log: no exercise, no trainer.
case_live_log() {
run "$RUTIN" init --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
run "$RUTIN" events --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
before=$out
run "$RUTIN" exercise start kontaktfamiljen --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin exercise start: $TEST_TMP/live.db is a live log: exercises run only in a training log" \
	"exercise start on a live log exits 2"
run "$RUTIN" events --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$out" "$before" "and logs nothing"
printf '%s\n' "text $(cat "$TEST_TMP/anna")" Enter "save-display $TEST_TMP/live.txt" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" exercise --db "$TEST_TMP/live.db" --user anna --idle-lock 0
like "$(cat "$TEST_TMP/live.txt")" "This is a live log: exercises run only in a training log." \
	"the trainee's interface refuses a live log"

# A trainer's account on a live log, as an older rutin could make one
# (here: the accounts summary rewritten with the log key, as an attacker
# with bo's passphrase would), opens nothing there: every command exits 2
# and nothing is logged; verify sees the rewrite.
run "$RUTIN" user add bo --role caseworker --db "$TEST_TMP/live.db" --user anna \
	--passphrase-fd 3 --new-passphrase-fd 4 3<"$TEST_TMP/anna" 4<"$TEST_TMP/bo"
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$TEST_TMP/live.db.keys" bo <"$TEST_TMP/bo")
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$spec" \
	"UPDATE accounts SET role = 'trainer' WHERE name = 'bo';" |
	timeout 20 sqlcipher -batch -bail "$TEST_TMP/live.db" >/dev/null 2>&1
is "$?" 0 "with bo's key the sqlcipher client makes him a trainer in the summary"
run "$RUTIN" events --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
before=$out
# Roles come from the signed events (issue 25): the summary's word gives
# bo nothing, and he stays the caseworker the events say he is.
run "$RUTIN" review access --db "$TEST_TMP/live.db" --user bo --passphrase-fd 3 3<"$TEST_TMP/bo"
is "$status" 1 "rutin review access with 'trainer' in the summary is refused (exit 1)"
like "$err" "'bo' is a caseworker" "bo is what the signed events say: a caseworker"
run "$RUTIN" user list --db "$TEST_TMP/live.db" --user bo --passphrase-fd 3 3<"$TEST_TMP/bo"
like "$(echo "$out" | grep '^bo ')" "caseworker" "and user list shows the events' role, not the summary's"
run "$RUTIN" exercise report --db "$TEST_TMP/live.db" --user bo --passphrase-fd 3 3<"$TEST_TMP/bo"
like "$status $err" "2 rutin exercise" "an exercise report on a live log exits 2"
run "$RUTIN" events --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$out" "$before" "nothing was logged"
run "$RUTIN" verify --db "$TEST_TMP/live.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 1 "verify finds the rewritten summary"
}

# The trainees walk. cia: every expectation met, completed.
case_walks() {
needs start || return
play cia perfect
is "$status" 0 "cia walks the exercise"
like "$(cat "$TEST_TMP/cia.txt")" "The run is completed and logged." "and completes it"
like_re "$(cat "$TEST_TMP/cia.txt")" "Kontaktfamiljen +tove .* done" "her list says she is done"
# bo: a mix, left paused; the trainer's inject to him alone reaches his
# screen on the next tick.
play bo mixed
as tove exercise inject samtalet --to bo
like "$status $out" "0 Inject samtalet sent to bo." "the trainer sends an inject to bo"
as tove exercise inject nosuch
like "$status $err" "1 rutin exercise inject: \"Kontaktfamiljen\" has no inject 'nosuch'" \
	"an inject the exercise lacks is refused"
as tove exercise inject samtalet --to anna
like "$status $err" "1 rutin exercise inject: anna has not joined this exercise" \
	"so is one to someone not in it"
as bo exercise inject samtalet
like "$status $err" "1 rutin exercise inject: only a supervisor (in a training log also a trainer) may do this; 'bo' is a caseworker" \
	"a trainee does not steer the exercise"
play bo "" tick
like "$(cat "$TEST_TMP/bo.txt")" "Växeln kopplar fram ett samtal" "bo's screen shows the inject"
play bo "" tick Enter tick
unlike "$(cat "$TEST_TMP/bo.txt")" "Växeln kopplar fram" "once: noted, it does not come back"
play cia "" tick
unlike "$(cat "$TEST_TMP/cia.txt")" "Växeln kopplar fram" "cia, who was not sent it, does not see it"
# bo writes the mother's personal number in a note: the guard stops it,
# and the trainer is told where and what, never the number.
play bo "" a "text Mamman har personnummer 19121212-1212" Enter \
	"save-display $TEST_TMP/refused.txt" Esc
like "$(cat "$TEST_TMP/refused.txt")" "personal identity number" "the guard stops bo's note"
# dan: protection switched off, completed.
play dan off
like "$(cat "$TEST_TMP/dan.txt")" "The run is completed and logged." "dan completes his walk"
# eva: cia's answers, clicked through in an instant.
FAST=1 play eva perfect
like "$(cat "$TEST_TMP/eva.txt")" "The run is completed and logged." "eva clicks through to the end"
}

# The report: the scores computed by hand in the walks.
case_report() {
needs walks || return
as tove exercise report
is "$status" 0 "exercise report: exit 0"
like "$out" 'Exercise "Kontaktfamiljen" (kontaktfamiljen, version 2)' "names the exercise"
like_re "$out" "^cia: 23 of 23 points, passed · run [0-9a-f]{8}, completed" "cia: 23 of 23, passed"
like_re "$out" "^bo: 16 of 23 points, not passed \(3 critical expectation\(s\) missed\) · run [0-9a-f]{8}, paused" \
	"bo: 16 of 23, three critical missed"
like "$out" 'missed "Vilket är det starkaste skydd som någon i ärendet har eller har ansö…", critical (2 p): another answer: Sekretessmarkering' \
	"with the wrong answer: the step's prompt and the answer's label"
like "$out" 'missed "Kontrollera automatiska utskick och mallar – vid sekretessmarkering fi…", critical (1 p): marked not applicable: Inga mallar används' \
	"the step marked not applicable, with its reason"
like "$out" 'skipped "Vid telefonsamtal – lämna inga uppgifter om var någon bor eller vist…": Ingen har ringt' \
	"the skipped steps and their reasons"
like "$out" "why: Bekräfta inte ens att Elsa är aktuell hos er (JO 5352-2011)." "and why each matters"
like "$out" "deviations 1 · stopped by the guard 1 · guard flags confirmed 0 · injects seen 4" \
	"bo: deviations, the text the guard stopped, flags confirmed, injects seen"
like "$out" "  stopped by the guard at \"Ska ärendet eller akten flyttas till en annan kommun eller myndighet, e…\": a personal identity number" \
	"where bo was stopped, and by what"
like_re "$out" "^  deviations 0 · stopped by the guard 0 · guard flags confirmed 0 · injects seen [0-9]+" \
	"cia was stopped by nothing"
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" tove <"$TEST_TMP/tove")
dump=$(printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$spec" \
	"SELECT type, fields FROM events;" | timeout 20 sqlcipher -batch -bail "$db" 2>&1)
like_re "$dump" '^exercise.guard_refused\|\{"author_prev":"[0-9a-f]{64}","kind":"personal-number","step":"overflyttning"\}$' \
	"the log holds the step and the kind"
unlike "$dump" "19121212" "and never the number"
like "$out" "dan: 6 of 23 points, not passed (9 critical expectation(s) missed)" "dan: 6 of 23"
# eva gave cia's answers in an instant: each below its step's reading
# floor, so none earns a point and she fails; the others took a minute a
# step and are not named.
like_re "$out" "^eva: 0 of 23 points, not passed \(12 critical expectation\(s\) missed\) · run [0-9a-f]{8}, completed" \
	"eva, who clicked through cia's answers: 0 of 23, not passed"
like "$out" 'missed "Ska uppgifter om var någon bor skyddas?", critical (2 p): answered faster than the step can be read: ja' \
	"each expected answer given faster than its step can be read is missed"
is "$(printf '%s\n' "$out" | grep -cE '^  [0-9]+ steps answered faster than they can be read \(500 words a minute\):$')" \
	"1" "only eva answered steps faster than they can be read"
like "$out" "  37 steps answered faster than they can be read (500 words a minute):" \
	"all 37 of hers"
like_re "$out" '^    0:00 of 0:0[1-9]  "Är någon i ärendet i akut fara just nu\?"$' \
	"the first five, with the time taken against the step's floor"
like_re "$out" "^    and 32 more$" "and how many more"
like "$out" 'missed "Behandla allt som kan röja var någon bor eller vistas som sekretessbel…", critical (1 p): not shown: an earlier answer hid the step' \
	"a step hidden by switching protection off is missed"
like "$out" "The class: 4 run(s) scored, 1 passed." "the class: one of four passed"
is "$(printf '%s\n' "$out" | grep -oE '^(bo|cia|dan|eva):' | tr '\n' ' ')" "bo: cia: dan: eva: " \
	"trainees by name, not by who joined first (cia)"
like "$out" '  3  "Vilket är det starkaste skydd som någon i ärendet har eller har ansö…" (critical)' \
	"and what was missed most"
like_re "$out" '^    [0-9]+:[0-9]{2}  "Är någon i ärendet i akut fara just nu\?"$' "time per step"
like "$out" 'Routine "Skyddade personuppgifter – handläggning av ärendet".' "the routine by its title"
is "$(printf '%s\n' "$out" | grep -cE 'starkaste-skydd|automatiska-utskick|ingen-adress|akut-fara|skipped telefon|: sekretessmarkering')" \
	"0" "no step or answer by its id"
# In Swedish, the runs' status too (it said "paused" and "completed").
if loc=$(swedish_catalog); then
	run env RUTIN_LOCALEDIR="$loc" LANGUAGE=sv LANG=sv_SE.UTF-8 "$RUTIN" exercise report \
		--db "$db" --user tove --passphrase-fd 3 3<"$TEST_TMP/tove"
	like_re "$out" "^cia: 23 av 23 poäng, godkänd · .*, slutförd" "in Swedish: cia's run completed"
	like_re "$out" "^bo: 16 av 23 poäng, .* · .*, pausad" "in Swedish: bo's run paused"
else
	fail "in Swedish" "no catalog"
	fail "in Swedish" "no catalog"
fi

# The same as rows: the points per trainee add up to the report's.
as tove exercise report --format jsonl
is "$status" 0 "report --format jsonl"
is "$(jsonl_sql "$out" "SELECT a || '=' || s FROM (SELECT json_extract(value, '\$.account') AS a,
	sum(json_extract(value, '\$.awarded')) AS s FROM j GROUP BY a ORDER BY a);" | tr '\n' ' ')" \
	"bo=16 cia=23 dan=6 eva=0 " \
	"the awarded points add up to each score"
is "$(jsonl_sql "$out" "SELECT count(*) FROM j WHERE json_extract(value, '\$.passed') = 1;")" "15" \
	"passed is a JSON boolean: cia's 15 rows"
as tove exercise report --format csv
is "$(printf '%s\n' "$out" | head -1 | cut -c4- | tr -d '\r')" \
	"session;exercise_id;account;run_id;status;points;max_points;pass_mark;passed;step;step_prompt;critical;expected_points;result;value;answer;awarded;inject" \
	"report --format csv: the header (after the byte order mark)"
is "$(printf '%s\n' "$out" | grep -c ';bo;')" "15" "a row per trainee and expectation"
as tove exercise report --format xml
is "$status" 2 "an unknown format is a usage error"
}

# A trainee does not end it; the trainer does; then nobody joins.
case_end() {
needs walks || return
as bo exercise end
is "$status" 1 "a trainee cannot end the exercise"
as tove exercise end
like "$status $out" "0 Ended \"Kontaktfamiljen\"" "the trainer ends it"
as tove exercise end
like "$status $err" "1 rutin exercise end: no exercise session is open" "ending it twice is said"
play bo "" tick
like "$(cat "$TEST_TMP/bo.txt")" "ended" "the trainee's list says it has ended"
as tove exercise report
like "$out" "by tove; ended 20" "the report says when it ended"
}

# Events: the trainer reads every event of her training log; verify.
case_events() {
needs walks || return
as tove events
like "$out" '"type":"exercise.started"' "the trainer reads the training log's events"
like_re "$out" '"account":"bo","run":"[^"]+","type":"exercise.shown"' "each inject shown is logged in the run"
is "$(printf '%s\n' "$out" | grep -c '"type":"exercise.joined"')" "4" "four trainees joined"
as bo events
unlike "$out" '"account":"cia"' "a trainee reads only her own"
as tove verify
is "$status" 0 "verify: intact"
}

cases shipped refused start live_log walks report end events
done_testing

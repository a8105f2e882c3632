# Steering a class (issue 23): the trainer pauses and resumes everyone
# (the class's clock leaves pauses out, the trainees' screens take no
# answer), sends a message through the guard, restarts one trainee's run
# (the old one stays in the report as restarted), and an inject asks
# for an acknowledgement within five minutes (scored). The projector's
# numbers and the PDF come from the same runs. A copy of the shipped
# "Kontaktfamiljen" with a time budget and an acknowledgement; headless
# walks (tests/fixtures/exercise), the test clock's "wait" for time.
# Named cases: `bash tests/cli/steer.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

db="$TEST_TMP/kurs.db"
walks="$RUTIN_SRCDIR/tests/fixtures/exercise"
export RUTIN_ROUTINES_DIR="$RUTIN_SRCDIR/checklists/routines"
for who in tove bo cia dan; do
	printf '%s passphrase 1\n' "$who" >"$TEST_TMP/$who"
done
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
# play WHO WALK [KEYS...]: as tests/cli/exercise.sh, a minute a key.
play() {
	who=$1 walk=$2; shift 2
	{ printf '%s\n' "text $(cat "$TEST_TMP/$who")" Enter Enter
	  if [ -n "$walk" ]; then sed '/^[^#]/i wait 60' "$walks/$walk.keys"; fi
	  printf '%s\n' "$@" "save-display $TEST_TMP/$who.txt" F10; } >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" exercise --db "$db" --user "$who" --idle-lock 0
}
count_events() { as tove events; printf '%s\n' "$out" | grep -c "$1"; }

# The exercise: 45 minutes; the father's call (an inject the trainer
# sends) asks for an acknowledgement within 5 minutes, for 2 points.
awk '/^pass_mark:/ { print; print "minutes: 45"; next }
     /^  - id: samtalet$/ { print; print "    acknowledge_within: 5"; print "    points: 2"; next }
     { print }' "$RUTIN_SRCDIR/checklists/exercises/kontaktfamiljen.yaml" >"$TEST_TMP/kurs.yaml"

case_lint() {
run "$RUTIN" lint "$TEST_TMP/kurs.yaml"
is "$status" 0 "the exercise with a time budget and an acknowledgement passes lint"
sed 's/    acknowledge_within: 5/    acknowledge_within: 0/' "$TEST_TMP/kurs.yaml" >"$TEST_TMP/noll.yaml"
run "$RUTIN" lint "$TEST_TMP/noll.yaml"
like_re "$status $out" "^1 .*noll.yaml:[0-9]+:25: error: 'acknowledge_within' must be between 1 and 600" \
	"acknowledge_within is 1 to 600 minutes, at its line and column"
sed '/    acknowledge_within: 5/d' "$TEST_TMP/kurs.yaml" >"$TEST_TMP/poang.yaml"
run "$RUTIN" lint "$TEST_TMP/poang.yaml"
like_re "$out" "poang.yaml:[0-9]+:13: error: 'points' on an inject scores its acknowledgement: give 'acknowledge_within' too" \
	"points on an inject without an acknowledgement is an error"
run "$RUTIN" exercise list --routines "$RUTIN_ROUTINES_DIR"
}

case_start() {
as tove exercise start "$TEST_TMP/kurs.yaml"
is "$status" 0 "the trainer starts the exercise"
for who in bo cia dan; do
	as tove user add "$who" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$who"
done
as tove exercise report
like "$out" "Pass mark 17 of 25 points" "the acknowledgement's 2 points count in the maximum"
like_re "$out" "The class's time, pauses left out: [0-9]+:[0-9]{2} of 45:00 planned" "the class's clock and its budget"
}

# Pause: refused twice, and for a trainee; the screens say so and take
# no answer; the clock stops.
case_pause() {
needs start || return
play bo "" Enter
as bo exercise pause
like "$status $err" "1 rutin exercise pause: only a supervisor" "a trainee does not pause the class"
as tove exercise pause
like "$status $out" "0 Paused \"Kontaktfamiljen\"" "the trainer pauses the class"
as tove exercise pause
like "$status $err" "1 rutin exercise pause: the exercise is paused already" "a second pause is refused"
before=$(count_events '"type":"step.answered"')
play bo "" "wait 600" tick Enter Enter y n
like "$(cat "$TEST_TMP/bo.txt")" "The exercise is paused" "bo's screen says the class is paused"
# His screen's clock moved ten minutes on ("wait 600"), the class's did
# not: it stands while the class is paused.
like_re "$(cat "$TEST_TMP/bo.txt")" "The class's time: paused · [0-9]:[0-9]{2} of 45:00, (3[6-9]|4[0-5]):[0-9]{2} left" \
	"with the class's clock, standing still (under ten minutes): the time taken, the budget and the time left"
is "$(count_events '"type":"step.answered"')" "$before" "and his keys answer nothing"
# The pause lasts ten minutes for everyone: the trainer resumes then.
now=$(( $(date -u +%s) + RUTIN_TEST_CLOCK ))
clock_at "$(date -u -d "@$(( now + 600 ))" '+%Y-%m-%d %H:%M:%S')"
as tove exercise resume
like "$status $out" "0 Resumed \"Kontaktfamiljen\"." "the trainer resumes it"
as tove exercise resume
like "$status $err" "1 rutin exercise resume: the exercise is not paused" "resuming a class that runs is refused"
as tove exercise report
like_re "$out" "The class's time, pauses left out: [0-9]:[0-9]{2} of 45:00 planned" \
	"the ten minutes of the pause are left out of the class's time (it stays under ten minutes)"
play bo "" tick Enter
unlike "$(cat "$TEST_TMP/bo.txt")" "The exercise is paused" "after the resume bo's screen goes on"
}

# Messages go through the guard; one to a trainee reaches only her.
case_message() {
needs start || return
as tove exercise message "Mammans personnummer är 19121212-1212"
like "$status $err" "1 rutin exercise message: the message was not sent:" \
	"a message with a personal identity number is refused"
is "$(count_events '"type":"exercise.message"')" "0" "and nothing is logged"
as tove exercise message "   "
like "$status $err" "1 rutin exercise message: a message is 1 to 500 bytes of text" "an empty message is refused"
as tove exercise message "Hej" --to anna
like "$status $err" "1 rutin exercise message: 'anna' has no run in this exercise" \
	"so is one to someone who is not in the exercise"
as tove exercise message "Vi fortsätter kl. 10.15 efter fikat."
like "$status $out" "0 Message sent to everyone in the exercise." "a message to everyone"
play bo "" tick
like "$(cat "$TEST_TMP/bo.txt")" "Vi fortsätter kl. 10.15 efter fikat." "bo reads it when he comes back"
like "$(cat "$TEST_TMP/bo.txt")" "A message from tove, the trainer" "from the trainer, by name"
play bo "" tick Enter tick
unlike "$(cat "$TEST_TMP/bo.txt")" "Vi fortsätter" "read, it goes"
}

# The father's call asks for an acknowledgement within 5 minutes: bo
# acknowledges it at once, cia after ten minutes.
case_acknowledge() {
needs start || return
play cia "" Enter
as tove exercise inject samtalet
play bo "" tick
like "$(cat "$TEST_TMP/bo.txt")" "Enter: acknowledge that you have read it (within 5 minutes)" \
	"the inject asks for an acknowledgement"
play bo "" tick "wait 30" Enter
play cia "" tick "wait 600" Enter
is "$(count_events '"type":"exercise.acknowledged"')" "2" "both acknowledgements are logged"
as tove exercise report
# The test clock runs at the real pace beside "wait": a slow machine adds
# some seconds to each.
like_re "$out" 'inject "samtalet" \(to acknowledge within 5 min, 2 p\): acknowledged after 0:[3-5][0-9]$' \
	"bo's, within the time (30 s)"
like_re "$out" 'inject "samtalet" \(to acknowledge within 5 min, 2 p\): acknowledged too late, after 10:[0-5][0-9]$' \
	"cia's, too late (10 min)"
as tove exercise report --format jsonl
like "$out" '"account":"bo"' "the rows"
is "$(printf '%s\n' "$out" | grep '"inject":"samtalet"' | grep -o '"account":"[a-z]*".*"result":"[a-z-]*"' | sed 's/"account":"\([a-z]*\)".*"result":"\([a-z-]*\)"/\1=\2/' | tr '\n' ' ')" \
	"bo=met cia=late " "a row per acknowledgement: met and late"
}

# Restart: the old run stays, as restarted; a new one begins.
case_restart() {
needs start || return
as tove exercise restart anna
like "$status $err" "1 rutin exercise restart: 'anna' has no run in this exercise to restart" \
	"someone without a run is refused"
as tove events
old=$(printf '%s\n' "$out" | grep '"account":"bo"' | grep -o '"run":"[^"]*","type":"exercise.joined"' | head -1 | cut -d'"' -f4)
as tove exercise restart bo
like "$status $out" "0 bo's run ${old:0:8} is set aside" "the trainer restarts bo's run"
play bo "" tick
like "$(cat "$TEST_TMP/bo.txt")" "The trainer has restarted your exercise" "bo's screen says so"
as tove events
is "$(printf '%s\n' "$out" | grep '"account":"bo"' | grep -c '"type":"exercise.joined"')" "2" \
	"and his new run joined the session"
# The father's call, sent to everyone before, reaches his new run too
# (as it does one who joins late): acknowledged, then the walk.
play bo "" tick Enter
play bo perfect
as tove exercise report
like_re "$out" "bo: run ${old:0:8} restarted by the trainer 20[0-9-]+ [0-9:]+; not scored" \
	"the old run is in the report, restarted, not scored"
like_re "$out" "^bo: 2[0-9] of 25 points, passed" "the new run is scored"
as tove exercise restart bo
is "$status" 0 "his new run can be restarted too"
as tove events
new=$(printf '%s\n' "$out" | grep -o '"run":"[^"]*","type":"exercise.restarted"' | tail -1 | cut -d'"' -f4)
as tove exercise restart bo
like "$status $err" "1 rutin exercise restart: 'bo' has no run in this exercise to restart" \
	"a run set aside is not restarted twice"
}

# The class's answers as a PDF: the counts the projector shows.
case_pdf() {
needs start || return
as tove exercise report --format pdf
like "$status $err" "2 rutin exercise report: --format pdf writes a file: give --out FILE.pdf" \
	"the PDF needs --out"
as tove exercise report --format pdf --out "$TEST_TMP/svar.pdf"
like "$status $out" "0 Wrote $TEST_TMP/svar.pdf: the class's answers to 15 question(s), no names." \
	"the PDF is written"
is "$(stat -c %a "$TEST_TMP/svar.pdf")" "600" "private"
text=$(pdftotext -layout "$TEST_TMP/svar.pdf" - 2>/dev/null)
like "$text" "Question 1 of 15" "a page per question"
is "$(printf '%s\n' "$text" | grep -cwE 'bo|cia|dan')" "0" "no trainee's name"
as tove exercise report --format pdf --out "$TEST_TMP/svar.pdf"
is "$status" 2 "never over a file"
pages=$(pdfinfo "$TEST_TMP/svar.pdf" | awk '/^Pages:/ { print $2 }')
pdftoppm -r 30 -png "$TEST_TMP/svar.pdf" "$TEST_TMP/page" 2>/dev/null
is "$(ls "$TEST_TMP"/page*.png | wc -l)" "$pages" "pdftoppm renders every page"
}

case_verify() {
needs start || return
as tove verify
is "$status" 0 "verify: the steering events are signed and intact"
}

cases lint start pause message acknowledge restart pdf verify
done_testing

# A class in tmux, as a trainer runs one: she starts "Kontaktfamiljen" in
# a new training log (typing her passphrase twice), adds four trainees,
# three of whom walk it in a terminal of their own at the same time (cia
# in Swedish, the default); her class view shows them progress, she sends
# an inject that reaches all three, opens a run read-only and a debrief;
# bo's connection drops and he comes back; eva joins late; the trainer
# pauses the class (every screen says so), sends a message to everyone,
# restarts eva's run, shows the class's answers for the projector (the
# counts the report's rows give), and ends the exercise, which pauses the
# run still open; the report's scores are the ones computed by hand in
# tests/fixtures/exercise.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 93

db="$TEST_TMP/kurs.db"
walks="$RUTIN_SRCDIR/tests/fixtures/exercise"
export RUTIN_ROUTINES_DIR="$E2E_ROUTINES"
export RUTIN_EXERCISES_DIR="$RUTIN_SRCDIR/checklists/exercises"
sv=$(swedish_catalog)
for who in tove bo cia dan eva; do
	printf '%s passphrase 1\n' "$who" >"$TEST_TMP/$who"
done
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }

# The trainer starts the exercise; the log is made as she does. tmux types
# a walk's keys in milliseconds, faster than any step can be read. bo and
# cia read each step: their terminals' rutin (the test build) moves its
# clock 8 seconds on at each key (RUTIN_TEST_KEY_SECONDS; every step of
# the routine can be read in 6); dan and eva click straight through, and
# the reading floor takes their points.
start "$RUTIN exercise start kontaktfamiljen --db $db --user tove"
see "New passphrase for the training log" "exercise start asks for the new log's passphrase"
type_text "$(cat "$TEST_TMP/tove")"; keys Enter
see "Repeat the new passphrase" "and asks again"
unlike "$(screen_text)" "$(cat "$TEST_TMP/tove")" "the passphrase typed as soon as the prompt showed is not on the screen"
type_text "$(cat "$TEST_TMP/tove")"; keys Enter
see 'Started "Kontaktfamiljen"' "the exercise is started"
see "[exit 0]" "exit 0"
for who in bo cia dan eva; do
	as tove user add "$who" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$who"
done
is "$status" 0 "four trainees added by the trainer"

# Three trainees at their own terminals, at the same time.
# (Each terminal is named after its trainee.)
reads="env RUTIN_TEST_KEY_SECONDS=8"
term_start bo "$reads $RUTIN exercise --db $db --user bo --idle-lock 0"
term_start cia "env -u LANGUAGE RUTIN_LOCALEDIR=$sv LANG=sv_SE.UTF-8 RUTIN_TEST_KEY_SECONDS=8 $RUTIN exercise --db $db --user cia --idle-lock 0"
term_start dan "$RUTIN exercise --db $db --user dan --idle-lock 0"
term_see bo "Passphrase:" "bo's terminal asks for his passphrase"
term_see cia "Lösenfras:" "cia's, in Swedish"
term_see dan "Passphrase:" "dan's"
for who in bo cia dan; do
	term_type $who "$(cat "$TEST_TMP/$who")"; term_keys $who Enter
done
term_see bo "Enter: start" "bo sees the exercise"
term_see cia "Enter: starta" "cia sees it, in Swedish"
for who in bo cia dan; do term_keys $who Enter; done
term_see bo "Step 1 of" "bo's walk starts at the first step"
term_see cia "Steg 1 av" "so does cia's"
term_see dan "Step 1 of" "and dan's"
term_keys dan F5
term_see dan "Sara Lind (påhittad)" "F5 shows the scenario (80 columns: in a box)"
term_keys dan Escape

# The class view; an inject to everyone reaches every walk.
start "$RUTIN exercise class --db $db --user tove --idle-lock 0"
see "Passphrase:" "the class view asks for the trainer's passphrase"
type_text "$(cat "$TEST_TMP/tove")"; keys Enter
see "3 trainee(s)" "the class view lists three trainees"
keys F5
see "Role: Jonas, Elsas pappa" "F5: the scenario and the role cards the trainer plays"
keys Escape
keys i
see "Send an inject" "i: the injects to choose from"
keys Down Down Enter
see "Inject samtalet sent to everyone." "the trainer sends one to everyone"
term_see bo "Växeln kopplar fram ett samtal" "it reaches bo within a second or two"
term_see cia "Växeln kopplar fram ett samtal" "and cia"
term_see dan "Växeln kopplar fram ett samtal" "and dan"
for who in bo cia dan; do term_keys $who Enter; done

# They walk; the class view follows.
term_play cia "$walks/perfect.keys"
term_play bo "$walks/mixed.keys"
term_play dan "$walks/off.keys"
term_see cia "Genomgången är slutförd och loggad." "cia completes her run"
term_see dan "The run is completed and logged." "dan completes his"
term_see bo "Step 30 of 40" "bo stops at the step his walk ends on"
see "23/23" "the class view shows cia's 23 points"
see "16/23" "bo's 16"
see " 0/23" "and dan's none: he clicked through, below every step's reading floor"

# bo types the mother's personal number into a note: the guard stops it,
# and the trainer sees it in his row (Stop), the number nowhere.
screen_has_re() { screen_text | grep -qE -- "$1"; }
term_keys bo a
term_type bo "Mamman har personnummer 19121212-1212"
term_submit bo "19121212-1212"
term_see bo "personal identity number" "the guard stops bo's note"
term_keys bo Escape
if poll 15 screen_has_re "16/23 +[0-9]+ +1 +0 +[0-9]+ "; then
	pass "bo's row: stopped by the guard once"
else
	fail "bo's row: stopped by the guard once" "$(screen_text)"
fi
like_re "$(screen_text)" "23/23 +0 +0 +0 +[0-9]+ " "cia's: never"
# dan answered faster than anyone reads: the line under the table says
# so, and how many steps; bo and cia, who read, are not named.
like_re "$(screen_text)" "Answered faster than the steps can be read: dan \([0-9]+\)" \
	"the class view names dan, who answered faster than the steps can be read"
unlike "$(screen_text | grep 'Answered faster')" "bo (" "not bo, who read each step"

# / finds a trainee by name; the letters are text while it is open (i
# and d send no inject, open no debrief).
keys /
see "Find:" "/ finds in the class view"
type_text "cia"
if term_wait_gone t "16/23"; then pass "typing narrows the class to cia"
else fail "typing narrows the class to cia" "$(screen_text)"; fi
like "$(screen_text)" "23/23" "her row stays, and no inject box opened"
keys Escape
see "16/23" "Esc clears the find: every trainee again"

# bo's run, read-only, and his debrief.
keys Enter
see "bo's run (read-only; Esc: the class)" "Enter opens the selected trainee's run"
see "Step 30 of 40" "where he is"
keys Escape d
see "Debrief: bo" "d: his debrief"
see '"Vilket är det starkaste skydd som någon i ärendet har eller har' \
	"a missed critical expectation: the step's prompt"
see "(critical): another answer · Sekretessmarkering" "with the answer given, by its label"
see "Sara och Elsa har skyddad folkbokföring." "and why it matters"
keys Escape

# bo's ssh connection drops (his terminal goes, and rutin with it); he
# logs in again and is back in his run where he was, not in a new one.
bo_rutin=$(pgrep -P "$(tm list-panes -t bo -F '#{pane_pid}')" -x rutin)
tm kill-session -t bo
if [ -n "$bo_rutin" ] && poll 10 all_gone $bo_rutin; then pass "bo's rutin ends with his terminal"
else fail "bo's rutin ends with his terminal" "pid '$bo_rutin': $(pgrep -a rutin)"; fi
term_start bo "$reads $RUTIN exercise --db $db --user bo --idle-lock 0"
term_type bo "$(cat "$TEST_TMP/bo")"; term_keys bo Enter
term_see bo "Enter: resume" "after the drop bo's list offers his run to resume"
term_keys bo Enter
term_see bo "Step 30 of 40" "he is back at the step he was on"
see "3 trainee(s)" "the class view still has three trainees: no new run for bo"

# eva joins late: she is shown the inject the trainer sent everyone
# before she came, and the class view gains her row.
term_start eva "$RUTIN exercise --db $db --user eva --idle-lock 0"
term_type eva "$(cat "$TEST_TMP/eva")"; term_keys eva Enter
term_see eva "Enter: start" "eva, late, sees the exercise"
term_keys eva Enter
term_see eva "Växeln kopplar fram ett samtal" "and the inject sent to everyone before she joined"
term_keys eva Enter
see "4 trainee(s)" "the class view lists her"

# The trainer pauses the class: the header says so, and so does every
# trainee's screen, whose keys answer nothing until she resumes it.
keys p
see "The class is paused" "p pauses the class"
see "PAUSED · " "the header's clock says so"
term_see bo "The exercise is paused" "bo's screen says the class is paused"
term_see eva "The exercise is paused" "and eva's"
term_keys bo y
sleep 1
term_see bo "Step 30 of 40" "a key answers nothing while it is paused"
keys p
see "The class goes on." "p resumes it"
if term_wait_gone bo "The exercise is paused"; then pass "bo's screen goes on"
else fail "bo's screen goes on" "$(term_text bo)"; fi

# A message to everyone, through the guard: one with a personal number is
# refused, the next reaches every screen.
keys m
see "A message to the class" "m: a message"
type_text "Ring mamman på 070-123 45 67"
keys Enter
see "the message was not sent" "the guard refuses a message with a phone number"
keys C-u
type_text "Tio minuter kvar, sedan går vi igenom svaren."
keys Enter
see "Message sent to everyone." "the message is sent"
term_see bo "Tio minuter kvar" "it reaches bo"
term_see eva "Tio minuter kvar" "and eva"
term_see bo "A message from tove, the trainer" "from the trainer, by name"
for who in bo eva; do term_keys $who Enter; done

# The trainer restarts eva's run: her screen begins a new one; the class
# view lists the old run as restarted.
keys /
type_text "eva"
keys Enter r
see "Restart eva's run?" "r asks first"
keys Enter
see "eva's run is restarted" "the trainer restarts eva's run"
term_see eva "The trainer has restarted your exercise" "eva's screen says so"
term_see eva "Växeln kopplar fram ett samtal" "her new run is shown the inject sent to everyone"
term_keys eva Enter
see "restarted" "her old run's row says restarted"
keys Escape
see "4 trainee(s), 5 runs" "and her new run has a row of its own: four trainees, five runs"

# The class's answers, for the projector: no names; the counts are those
# of the report's rows (another reader of the same runs).
as tove exercise report --format jsonl
count_of() { printf '%s\n' "$out" | grep '"step":"starkaste-skydd"' | grep -v '"status":"restarted"' | grep -c "\"value\":\"$1\""; }
n_skyddad=$(count_of skyddad-folkbokforing) n_sekretess=$(count_of sekretessmarkering)
keys b
see "Question 1 of 15" "b: the class's answers, one question at a time"
keys Down
see "Question 2 of 15" "Down: the next question"
like_re "$(screen_text)" "✓ Skyddad folkbokföring +[█▏▎▍▌▋▊▉]* *$n_skyddad( |$)" \
	"the expected answer, marked, with the runs that gave it ($n_skyddad)"
like_re "$(screen_text)" " Sekretessmarkering +[█▏▎▍▌▋▊▉]* *$n_sekretess( |$)" \
	"another answer with its count ($n_sekretess)"
like "$(screen_text)" "Time on the step (median" "the time taken, as a distribution"
is "$(screen_text | grep -cwE 'bo|cia|dan|eva')" "0" "no trainee's name on the projector"
keys Tab
see "cia" "Tab: the names, on the trainer's own screen"
keys Escape

# The end: bo's open run is paused on his screen.
keys e
see "End it for everyone?" "e asks first"
keys Enter
see "The exercise is ended" "the trainer ends it"
term_see bo "The trainer has ended the exercise" "bo's screen says so"
term_see bo "ended" "and lists it as ended"
keys F10
see "[exit 0]" "the class view quits"
for who in bo cia dan eva; do term_keys $who F10; done
term_see bo "[exit 0]" "bo's interface quits"

# The debrief: the hand-computed scores.
as tove exercise report
like "$out" "cia: 23 of 23 points, passed" "the report: cia passed with 23 of 23"
like "$out" "bo: 16 of 23 points, not passed (3 critical expectation(s) missed)" \
	"bo: 16 of 23, not passed"
like_re "$out" "dan: 0 of 23 points, not passed \([0-9]+ critical expectation\(s\) missed\)" \
	"dan, who clicked through: 0 of 23, not passed"
like_re "$(printf '%s\n' "$out" | awk '/^dan:/ { f = 1; next } /^[a-z]+:/ { f = 0 } f')" \
	"^  [0-9]+ steps answered faster than they can be read" \
	"and the report lists the steps he answered faster than he could read"
like "$out" "The class: 4 run(s) scored, 1 passed." "one of four passed"
like_re "$out" "eva: run [0-9a-f]{8} restarted by the trainer" "eva's first run: restarted, not scored"
like "$out" "eva: 0 of 23 points, not passed" "eva's new run, with nothing answered: 0 of 23"
as tove exercise report --format pdf --out "$TEST_TMP/svar.pdf"
is "$status" 0 "the class's answers as a PDF"
like "$(pdftotext -layout "$TEST_TMP/svar.pdf" - 2>/dev/null)" "Question 2 of 15" "per question"
as tove verify
is "$status" 0 "verify: the training log is intact"
done_testing

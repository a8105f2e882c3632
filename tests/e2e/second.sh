# Steps that need a second person, in real terminals (issue 28). bo walks
# a routine whose first step needs a colleague and whose second needs a
# supervisor. At his terminal the box asks for the second person: bo
# himself is refused, a wrong passphrase is refused, cia confirms. cia is
# refused for the supervisor's step; bo lets it wait and cannot complete
# the run. anna, in her own terminal, finds it in her review queue (F5),
# reads it and confirms it; bo's walk learns of it, and he completes the
# run. A second run's colleague step waits on cia's home until she
# confirms it from her own session. The log verifies: every confirmation
# is signed by its second person.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 27

db="$TEST_TMP/log.db"
etc="$TEST_TMP/routines"
mkdir -p "$etc"
cat >"$etc/andra.yaml" <<'EOF'
format: rutin/1
id: andra-person
version: 1
title: Prov av andra person
area: other
sections:
  - id: s
    title: Före utskick
    steps:
      - id: las
        kind: check
        prompt: Läs igenom handlingen en sista gång.
        critical: true
        second_person: colleague
      - id: beslut
        kind: yesno
        prompt: Ska handlingen skickas i dag?
        critical: true
        second_person: supervisor
      - id: klart
        kind: check
        prompt: Lägg handlingen i akten.
EOF
unit_log "$db" anna bo cia
open_as() { # open_as TERM NAME: rutin as NAME in terminal TERM, unlocked
	if [ "$1" = t ]; then
		start "env LANGUAGE=en $RUTIN --db $db --user $2 --routines $etc --idle-lock 0"
	else
		term_start "$1" "env LANGUAGE=en $RUTIN --db $db --user $2 --routines $etc --idle-lock 0"
	fi
	term_wait_text "$1" "Passphrase:"
	term_type "$1" "$(cat "$TEST_TMP/$2")"; term_keys "$1" Enter
}

open_as t bo
wait_for "Prov av andra person"
keys Enter
wait_for "Case reference"
type_text "SN 2026/50"; keys Enter
wait_for "Step 1 of 3"
keys Enter
see "A second person confirms" "answering a step that needs a colleague opens the second person's box"
see "needs a colleague besides you" "saying who is needed"
type_text "bo"; keys Tab; type_text "$(cat "$TEST_TMP/bo")"; keys Enter
see "You gave the answer: the second person is someone else" "bo cannot be his own second person"
type_text "cia"; keys Enter; type_text "wrong passphrase 1"; keys Enter
see "Wrong account or passphrase." "a wrong passphrase is refused"
type_text "$(cat "$TEST_TMP/cia")"; keys Enter
see "Confirmed by cia, the second person (logged with her key)." "cia confirms with her own account"
wait_for "Step 2 of 3"
keys y
see "supervisor besides you" "the decision needs a supervisor"
type_text "cia"; keys Tab; type_text "$(cat "$TEST_TMP/cia")"; keys Enter
see "cia is a caseworker: this step needs a supervisor" "a caseworker is refused for the supervisor's step"
keys Escape
see "The step waits for a second person" "Esc lets it wait"
keys Up Up
see "Confirmed by cia, the second person" "the caseworker sees who confirmed"
keys Down
see "Waits for a second person (a supervisor" "and what waits"
keys Down Enter f
see "waits for a second person" "the run cannot be completed: the finish screen says why"

open_as u anna
term_see u "1 step waits for you as the second person: F5 shows it" \
	"the supervisor's queue counts the step waiting for her"
term_keys u F5
term_see u "SN 2026/50 · Prov av andra person · Ska handlingen skickas i dag? · bo" \
	"F5 lists it: case, routine, step, who answered"
term_keys u Enter
term_see u "Answer: yes" "she reads the answer"
term_see u "Answered by bo" "and who gave it"
term_keys u Enter
term_see u "Confirmed as the second person, in your name (logged)." "and confirms it from her own session"
term_see u "No step waits for you as the second person." "the list is empty"
term_keys u F10

keys Escape
see "anna confirmed \"Ska handlingen skickas i dag?\" as the second person." \
	"bo's walk learns of it"
keys f
see "Everything needed is done" "now the run can be completed"
keys f
see "The run is completed and logged." "and he completes it"

# A second run: the colleague's step waits on cia's home.
keys Down Enter
wait_for "Case reference"
type_text "SN 2026/51"; keys Enter
wait_for "Step 1 of 3"
keys Enter
wait_for "A second person confirms"
keys Escape
see "The step waits for a second person" "bo lets the second run's step wait"
keys F10

open_as v cia
term_see v "1 step waits for you as the second person: Enter shows it" \
	"cia's home says a step waits for her"
term_keys v Enter
term_see v "SN 2026/51" "Enter lists it"
term_keys v Enter Enter
term_see v "Confirmed as the second person, in your name (logged)." \
	"she confirms it from her own terminal"
term_keys v F10

as anna verify
is "$status" "0" "the log verifies"
as anna events
run50=$(printf '%s\n' "$out" | grep '"type":"run.started"' | grep 'SN 2026/50' |
	sed 's/.*"run":"\([^"]*\)".*/\1/')
as bo summary "$run50" --routines "$etc"
like "$out$err" "Confirmed by anna, the second person" "the journal extract says who confirmed"
as anna events
confirmed=$(printf '%s\n' "$out" | grep '"type":"step.confirmed"' |
	sed 's/.*"account":"\([a-z]*\)".*"step":"\([a-z]*\)".*/\1 \2/' | tr '\n' ' ')
is "$confirmed" "cia las anna beslut cia las " "each confirmation is the second person's event"
done_testing

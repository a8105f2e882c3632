# The caseworker's own cases and deadlines (issue 22 §2), in tmux as she
# uses them: home lists the deadlines of her unfinished runs with the time
# left and counts them in its header; F9 opens "Mina ärenden", her runs by
# case, completed ones too; a case opens its history across colleagues
# (each colleague's run seen is in the access log); / finds as one types;
# g and G go to the first and last row; Enter on a completed run shows
# its journal extract, and p saves it as a PDF that is never written over
# a file. The supervisor sees a missed deadline as a critical finding.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 49

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
cp "$FIXTURES/review/granskning.yaml" "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" \
	"$routines/"
unit_log "$db" anna bo cy

# Runs walked headless: the review routine completed (protection "nej",
# the last critical step skipped with a reason), the leak routine paused.
walk() {
	printf '%s\n' "text $(cat "$TEST_TMP/$1")" Enter "text Granskning" Enter "text $2" \
		Enter Enter Down Down Enter s "text Akten saknas" Enter f Enter \
		"text Ingen akt" Enter f F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user "$1" \
		--routines "$routines" --idle-lock 0
}
walk bo "SN 2026/6"
walk cy "SN 2026/5"
walk bo "SN 2026/5"
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter "text Misstänkt" Enter "text SN 2026/5" \
	Enter F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user bo \
	--routines "$routines" --idle-lock 0
as anna review list
like "$out" "SN 2026/6" "three runs are completed and one is paused"
as anna events
leak=$(echo "$out" | grep '"type":"run.started"' | grep 'misstankt-rojande' |
	sed 's/.*"run":"\([^"]*\)".*/\1/' | head -1)

# bo opens rutin 70 hours after the leak run started: 2 hours left.
bo_opens() {
	start "env RUTIN_TEST_CLOCK=$RUTIN_TEST_CLOCK $1 $RUTIN --db $db --user bo --idle-lock 0 --routines $routines"
	see "${2:-Passphrase:}" "bo unlocks"
	type_text "$(cat "$TEST_TMP/bo")"; keys Enter
}
clock_at "2026-11-19 08:00:00"
bo_opens "LANGUAGE=en"
see "Deadlines, soonest first" "home lists the deadlines of her unfinished runs"
see "SN 2026/5 · 2 h 0 min left · Anmälan till IMY (2026-11-19 10:00)" \
	"with the case, the time left, what is due and when"
see "rutin · returned to you: 0 · due: 1 · unfinished: 1" "and its header counts them"
see "F9 my cases" "the status line names the key to her cases"

keys F9
see "rutin · my cases" "F9 opens her cases"
see "SN 2026/5 · 2 runs" "her runs by case reference"
see "Granskning · completed · waiting for review" "completed runs too, with their review state"
s=$(screen_text)
first=$(echo "$s" | grep -n "SN 2026/5 ·" | cut -d: -f1)
second=$(echo "$s" | grep -n "SN 2026/6 ·" | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ] &&
	pass "the case she worked on last comes first" ||
	fail "the case she worked on last comes first" "$s"
unlike "$s" " cy " "only her own runs"

keys Enter
see "rutin · case SN 2026/5: every run in this log" "Enter on a case opens its history"
see "Granskning · cy · completed" "with a colleague's run of the same case"
see "Misstänkt röjande av skyddade uppgifter · bo · paused" "across routines"
keys G Enter
see "This run is cy's: only a supervisor opens another's run" \
	"a colleague's run is not hers to open"
keys Escape
see "rutin · my cases" "Esc goes back to her own cases"

keys /
see "Find:" "/ opens the find field"
type_text "2026/6"
term_wait_gone t "SN 2026/5 ·"
s=$(screen_text)
like "$s" "SN 2026/6 · 1 run" "typing narrows the list at once"
unlike "$s" "Misstänkt" "to what matches"
keys Escape
see "SN 2026/5 · 2 runs" "Esc clears the find"
unlike "$(screen_text)" "Find:" "and closes its field"

keys G
selected t "Granskning · completed · waiting for review · started 2026-11-16" \
	"G selects the last row"
keys Enter
see "rutin · journal extract · SN 2026/6" "Enter on a completed run shows its journal extract"
see "Routine: Granskning, version 1" "the routine and its version"
see "- C: skipped: Akten saknas" "each step with its answer or why it was skipped"
see "Deviation: Ingen akt" "and the deviation's reason"
keys p
see "Save the journal extract as PDF (a new file)" "p asks where to save the PDF"
pdf=$(ls "$HOME" | grep '^journalutdrag-2026-11-19-.*\.pdf$')
[ -z "$pdf" ] && pass "nothing is written before Enter" || fail "nothing is written before Enter" "$pdf"
keys Enter
see "Saved $HOME/journalutdrag-2026-11-19-" "Enter saves it, saying where"
pdf=$(ls "$HOME"/journalutdrag-2026-11-19-*.pdf 2>/dev/null | head -1)
is "$(stat -c %a "$pdf" 2>/dev/null)" "600" "the PDF is the caseworker's alone (0600)"
run pdftotext "$pdf" -
like "$out" "Case: SN 2026/6" "the PDF holds the extract"
unlike "$(basename "$pdf")" "2026/6" "its name never holds the case reference"
keys p Enter
see "exists" "a second PDF to the same name is refused, never written over"
keys Escape Escape
see "rutin · my cases" "Esc goes back to her cases"
keys g
selected t "SN 2026/5 · 2 runs" "g selects the first row"
keys Escape
see "Deadlines, soonest first" "and Esc home"
keys F10
term_wait_gone t "Deadlines"

as anna review access
like "$out" "bo  opened a case's history (Mina ärenden)" \
	"a colleague's run seen in a case's history is in the access log"
count=$(echo "$out" | grep -c "bo  made a journal extract")
is "$count" "2" "the extract shown and the PDF saved are each in the access log"

# Five hours later the deadline has passed: home says by how much, and the
# supervisor's findings have it. Half a minute past the hour: the run
# started some seconds after its clock was set (the test clock runs at
# the real pace), and a loaded machine must not make it 2 h 59 min.
clock_at "2026-11-19 13:00:30"
bo_opens "LANGUAGE=en"
see "SN 2026/5 · overdue by 3 h 0 min · Anmälan till IMY" "a passed deadline says how long ago"
see "due: 1, 1 overdue" "and the header counts it as overdue"
keys F10
as anna review show "$leak" --routines "$routines"
like "$out" "deadline missed" "the supervisor sees the missed deadline as a finding"
like "$out" "Anmälan till IMY: not met, 3 h 0 min past the deadline" "saying which and by how much"

# In Swedish, the default.
if loc=$(swedish_catalog); then
	bo_opens "RUTIN_LOCALEDIR=$loc LANGUAGE=sv LANG=sv_SE.UTF-8" "Lösenfras:"
	see "Tidsfrister, närmast först" "in Swedish: the deadlines"
	see "F9 mina ärenden" "and the key to her cases"
	keys F10
else
	fail "a Swedish catalog" "msgfmt failed"; fail "Swedish" "no catalog"
fi

# The routine changed under the run: its deadline cannot be known, and
# home says so instead of showing nothing as if nothing were due.
sed -i 's/^version: [0-9]*$/version: 99/' "$routines/misstankt-rojande.yaml"
bo_opens "LANGUAGE=en"
see "Deadlines of 1 run not known: its routine changed or is not here." \
	"a run whose routine changed: its deadlines are said to be unknown"
unlike "$(screen_text)" "Deadlines, soonest first" "and none is shown as if it were known"
keys F10

# What keeps people safe, in a real terminal: a personal identity number
# typed into a note is refused and never logged; a killed terminal loses
# nothing; the idle lock and the panic key blank the screen.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 29

db="$TEST_TMP/demo.db"
start_demo "$db" "--idle-lock 3"
see "Passphrase:" "the demo starts"
type_text "$E2E_PASS"; keys Enter
see "Kontaktförbud – stöd till skyddspersonen" "home"
type_text "Kontakt"; keys Enter           # the filter finds the routine
type_text "KF-2025-117"; keys Enter
see "Step 1 of" "a contact-ban run starts"
keys n                                  # akut fara: nej
see "Step 2 of" "an answer is logged and the walk moves on"
keys a
type_text "Pappans nr 19121212-1212"; keys Enter
see "contains a personal identity number" "a personal identity number in a note is refused on screen"
# The cursor is on the number and the number is marked: one key removes it.
cursor_at t "19121212" "the cursor is on the refused number"
marked t "19121212" "and the number is marked"
keys BSpace
term_wait_gone t "19121212" || fail "Backspace removes the marked number" "$(screen_text)"
see "Pappans nr" "Backspace removes the marked number, and only it"
# A flagged phone number: "n" goes back to the text, the number marked.
keys C-u
type_text "Ring 070-123 45 67 i kväll"; keys Enter
see "Check the text" "a phone number in a note asks to check the text"
keys n
cursor_at t "070-123" "back in the text, the cursor is on the phone number"
type_text "henne"
see "Ring henne i kväll" "typing replaces the marked phone number"
keys Escape
# Enter only once the box is gone: an Enter within the escape delay
# after Esc would be read as Alt+Enter.
term_wait_gone t "Pappans nr" || fail "Esc closes the note box" "$(screen_text)"
keys Enter                              # kontrollera skydd: done
see "Step 3 of" "the walk goes on after the refusal"

# The idle lock: nothing typed for 3 seconds blanks the screen.
see "Locked. Passphrase for demo:" "after the idle time the screen is locked" 8
if screen_text | grep -q "Kontaktförbud"; then
	fail "nothing of the case stays on the locked screen" "$(screen_text)"
else pass "nothing of the case stays on the locked screen"; fi
type_text "$E2E_PASS"; keys Enter
see "Step 3 of" "the passphrase unlocks it, where it was"
if screen_text | grep -q "Saved in the log"; then
	fail "what was said before the lock is not said again after it" "$(screen_text)"
else pass "what was said before the lock is not said again after it"; fi

# The memory attack: root (or the account itself) reads every page of the
# running interface that is not locked, looking for the log key that the
# account's slot gives (tests/tools/slotkey, tests/tools/memscan).
key=$(printf '%s\n' "$E2E_PASS" | "$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" demo |
	sed -n "s/^x'\([0-9a-f]\{64\}\).*/\1/p")
found=$("$RUTIN_BUILDDIR/tests/tools/memscan" "$(rutin_pid)" "$key")
case $? in
77) skip "the log key in the interface's unlocked memory (AddressSanitizer's heap is not rutin's)" ;;
*) is "$found" "raw 0 hex 0" "the log key is nowhere in the interface's memory that is not locked (raw or hex)" ;;
esac

# Kill rutin outright (as a dying terminal would) in the middle of the run.
# Asserted on the process, not the screen: it is gone.
pid=$(rutin_pid)
kill -KILL "$pid" 2>/dev/null
[ -n "$pid" ] && poll 10 all_gone "$pid"
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then pass "rutin is killed mid-run"
else fail "rutin is killed mid-run" "pid '$pid': $(ps -o pid=,stat=,wchan=,args= -p "${pid:-0}" 2>&1)" \
	"rutin processes: $(pgrep -a rutin | tr '\n' ';')"; fi
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "rutin starts again"
type_text "$E2E_PASS"; keys Enter
see "KF-2025-117 · Kontaktförbud" "the run is offered for resume"
keys Enter
see "Step 3 of" "it resumes at the same step"
if screen_text | grep -q "✓ Kontrollera om skyddspe" && screen_text | grep -q "✓ Är någon i akut fara"; then
	pass "with every answer intact"
else fail "with every answer intact" "$(screen_text)"; fi
keys Enter Enter                         # riskbedömning: done; risk: the picker
see "Step 4 of" "the walk goes on after resuming"
# Kill the whole tmux pane, as closing the terminal window would.
tm kill-pane -t t
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "rutin starts in a new pane"
type_text "$E2E_PASS"; keys Enter
see "KF-2025-117 · Kontaktförbud" "the run is offered again"
keys Enter
see "Step 4 of" "at the step where the pane died"
keys F10
events_of "$db"
if echo "$out" | grep -q "19121212"; then fail "the refused number was never logged"
else pass "the refused number was never logged"; fi

# A command waiting for a passphrase can leave no core dump of it.
start "$RUTIN init --db $TEST_TMP/new.db --user anna"
see "New passphrase" "rutin init asks for a passphrase"
pid=$(rutin_pid)
like "$(grep 'Max core file size' /proc/"$pid"/limits 2>&1)" "0                    0" \
	"and can leave no core dump while it waits (from its first line)"
keys C-c
done_testing

# Input from a real terminal (tmux): pastes pasted the way terminals paste
# them (bracketed), keys where they must work on every screen, and every
# way out pausing an open run.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 50

db="$TEST_TMP/demo.db"
paste_text() {   # paste_text TEXT: as a terminal pastes it
	tm set-buffer -b p -- "$1"
	tm paste-buffer -p -b p -t t
}
last_event() { events_of "$db"; echo "$out" | tail -1; }

start_demo "$db" "--idle-lock 0"
see "Passphrase:" "the demo starts"
keys Tab                                  # the account field
keys "?"
see "─Keys (" "? opens help on the unlock screen (account field)"
keys Escape
keys Tab
type_text "$E2E_PASS?"; keys BSpace; keys Enter
see "Kontaktförbud" "? in the passphrase field is text (Backspace took it back)"
keys "?"
see "─Keys (" "? opens help on home"
keys Escape
keys Down Enter; type_text "KF 2026/7"; keys Enter
see "Step 1 of" "a contact-ban run starts"

# A paste with no field open: text, never commands.
paste_text "$(printf 'nej\nja\n')"
see "Pasted text goes only into a text field" "a paste with no field open is ignored, with a message"
like "$(last_event)" '"type":"run.started"' "and answered nothing"

# A multi-line paste into a note stays one note.
keys a
paste_text "$(printf 'Samtal med mamman i dag.\nHon vill inte ha kontakt.\nBarnen mår bra.')"
see "Hon vill inte ha kontakt." "a multi-line paste goes into the note"
like_re "$(screen_text)" "Samtal med mamman i dag\. *│$" "each line on a row of its own (the note's box shows five)"
like_re "$(screen_text)" "│ *Barnen mår bra\. *│$" "the last line too"
keys Enter
see "Saved in the log." "Enter saves it"
events_of "$db"
like "$out" '"text":"Samtal med mamman i dag.\nHon vill inte ha kontakt.\nBarnen mår bra."' \
	"one note with its line breaks"
unlike "$out" '"type":"step.answered"' "the paste answered no step (the n in Hon)"

# Help over a box keeps the box and its text.
keys a; type_text "Ring tillbaka"
keys F1
see "─Keys (" "F1 opens help over the note box"
keys Escape
see "Ring tillbaka" "Esc comes back to the box with the text"
keys Escape

# The editing keys people have in their fingers (issue 22): Ctrl-W the
# word before, Ctrl-Left and Alt-B a word left, Ctrl-Right and Alt-F a
# word right, Ctrl-A and Ctrl-E the ends, Ctrl-K the rest, Ctrl-U all
# before the cursor.
keys a; type_text "Mamman ringde i går kväll"
keys C-w
see "Mamman ringde i går " "Ctrl-W removes the word before the cursor"
keys C-Left
cursor_at t "går " "Ctrl-Left goes a word left"
keys M-b
cursor_at t "i går" "Alt-B too"
keys M-f
cursor_at t " går" "Alt-F goes to the end of the word"
keys C-a
cursor_at t "Mamman" "Ctrl-A goes to the start"
keys C-Right C-k
term_wait_gone t "ringde i går" || fail "Ctrl-K removes the rest" "$(screen_text)"
see "Mamman" "Ctrl-K removes the rest, and only it"
keys C-e; type_text " ringer"; keys Home C-u
see "Mamman ringer" "Home, then Ctrl-U removes nothing before the start"
keys End C-u
term_wait_gone t "Mamman ringer" || fail "Ctrl-U at the end empties the field" "$(screen_text)"
pass "Ctrl-U at the end empties the field"
keys Escape

# Ctrl-C, pressed to copy: in a box the text stays and the way out is
# said; outside, the first asks and the second quits with the run paused.
keys a; type_text "Hon ringer i morgon"
keys C-c
see "Ctrl-C copies nothing here, and what you typed is kept" "Ctrl-C in a note box says so"
see "Hon ringer i morgon" "and the text is still there"
keys Enter
see "Saved in the log." "Enter then saves it"
events_of "$db"
like "$out" '"text":"Hon ringer i morgon"' "the note typed before Ctrl-C is in the log"
keys C-c
see "Press Ctrl-C again to quit rutin" "outside a box, Ctrl-C first asks"
keys Down
term_wait_gone t "Press Ctrl-C again" && pass "any other key stays, and the question goes" ||
	fail "any other key stays, and the question goes" "$(screen_text)"
keys C-c
see "Press Ctrl-C again to quit rutin" "so a Ctrl-C after it asks again, not quits"

# Esc acts at once: 100 ms, not ncurses' second. Esc, then 0.4 s later
# the rest of what would be the up arrow (ESC O A, as keypad mode sends
# it) had it come within the delay: the box closes (with a second's
# delay, the arrow would have been read, and the box kept).
keys a; type_text "Kvar i rutan?"
keys Escape
sleep 0.4                               # longer than the delay, by design
type_text "OA"
term_wait_gone t "Kvar i rutan?" && pass "Esc alone closes the box within the short delay" ||
	fail "Esc alone closes the box within the short delay" "$(screen_text)"

# 100 KB pasted into a field: cut, with a message, and the panic key works.
keys a
head -c 102400 /dev/zero | tr '\0' 'x' >"$TEST_TMP/big"
tm load-buffer -b big "$TEST_TMP/big"
tm paste-buffer -p -b big -t t
see "The pasted text was cut: the last 101400 characters did not fit" \
	"a 100 KB paste is cut to the field, and says so"
keys F12
see "Locked. Passphrase for demo:" "F12 locks at once after it"

# F10 on the lock screen pauses the run before quitting.
keys F10
see "[exit 0]" "F10 on the lock screen quits"
like "$(last_event)" '"type":"run.paused"' "and the run was paused first"

# F10 on the "too small" screen too.
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "again"
type_text "$E2E_PASS"; keys Enter
see "KF 2026/7" "the run is offered"
keys Enter
see "Resumed KF 2026/7" "resumed"
tm resize-window -t t -x 60 -y 20
see "The terminal is too small" "a small terminal"
keys F10
see "[exit 0]" "F10 there quits"
like "$(last_event)" '"type":"run.paused"' "and pauses the run"

# Ctrl-C twice quits, pausing the run; kill -INT from outside too.
tm resize-window -t t -x 80 -y 24
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "once more"
type_text "$E2E_PASS"; keys Enter
see "KF 2026/7" "the run is offered"
keys Enter
see "Resumed KF 2026/7" "and resumed"
keys C-c C-c
see "[exit 0]" "Ctrl-C twice quits"
like "$(last_event)" '"type":"run.paused"' "and pauses the run"
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "and again"
type_text "$E2E_PASS"; keys Enter
keys Enter
see "Resumed KF 2026/7" "resumed again"
kill -INT "$(rutin_pid)"
see "[exit 0]" "SIGINT from outside quits"
like "$(last_event)" '"type":"run.paused"' "and pauses the run"
done_testing

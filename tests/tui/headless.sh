# Layer A: the interface in headless mode (RUTIN_KEYS): keys from a script,
# exact screen text from save-display. Fast, no terminal needed.
# Named cases: `bash tests/tui/headless.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

db="$TEST_TMP/demo.db"
routines="$RUTIN_SRCDIR/checklists/routines"
pass=demo-demo-demo
export LINES=24 COLUMNS=80

# tui SCRIPT-LINES...: runs rutin demo on $db with these keys.
tui() {
	printf '%s\n' "$@" | sed "s|^save-display \(.*\)|save-display $TEST_TMP/\1.txt|" \
		>"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" demo --db "$db" --routines "$routines" --idle-lock 0
}
screen() { cat "$TEST_TMP/$1.txt"; }
events() {
	run "$RUTIN" events --db "$db" --user demo --passphrase-fd 3 3<<EOF2
$pass
EOF2
}

# The demo log is made on first use; the unlock screen.
case_unlock() {
tui "save-display s_unlock" F10
is "$status" 0 "quitting at the unlock screen exits 0"
like "$(screen s_unlock)" "Account:      demo" "the unlock screen proposes the demo account"
like "$(screen s_unlock)" "Demo: account demo, passphrase $pass" "and tells the demo passphrase"
like "$err" "creating a training log" "demo creates a training log on first use"

tui "text wrong passphrase" Enter "save-display s_wrong" F10
like "$(screen s_wrong)" "Wrong account or passphrase." "a wrong passphrase says so"
is "$status" 2 "and quitting without unlocking exits 2"
is "$err" "rutin: the log was not opened: Wrong account or passphrase." \
	"saying why on standard error, as the screen that said it is gone"
}

# Home: the routines by area, filtered by typing.
case_home() {
needs unlock || return
tui "text $pass" Enter "save-display s_home" "text kontakt" "save-display s_filter" F10
like "$(screen s_home)" "ÖVNING – training log" "a training log carries the ÖVNING banner"
like "$(screen s_home)" "Skyddade personuppgifter – handläggning av ärendet" "home lists the shipped routines"
like "$(screen s_home)" "Custody, residence and contact" "grouped by area"
unlike "$(screen s_filter)" "Skyddade personuppgifter" "typing filters the list"
like "$(screen s_filter)" "Kontaktförbud – stöd till skyddspersonen" "to the routines that match"
}

# Start a run: a case reference with a personal identity number is refused.
case_refused() {
needs unlock || return
tui "text $pass" Enter Enter "text Barn 19121212-1212" Enter "save-display s_refused" \
	Esc F10
like "$(screen s_refused)" "The text contains a personal identity number at character 6" \
	"a personal identity number in the case reference is refused on screen"
events
unlike "$out" "19121212" "and nothing of it is logged"
unlike "$out" "run.started" "no run was started"
}

# Walk: answer, choose, a stop that must be acknowledged, a note.
# Akut fara: yes (a stop to acknowledge, then its call marked done), hot:
# ja, three checks, then the choice of the strongest protection.
case_walk() {
needs unlock || return
tui "text $pass" Enter "text Skyddade personuppgifter" Enter "text SN 2025/1234" Enter "save-display s_walk" \
	Enter Enter "save-display s_stop" Enter "save-display s_acked" \
	Enter Enter Enter Enter Enter Enter Enter "save-display s_choice" Enter \
	a "text Mamman 19121212-1212" Enter \
	"save-display s_note_refused" Esc "?" "save-display s_help" Esc Esc \
	"save-display s_paused" F10
like "$(screen s_walk)" "Step 1 of 46 · critical · Akut fara först" "the walk screen shows the step, where it is and that it is critical"
like "$(screen s_walk)" "· Kontrollera skyddsmarkerin…" "the outline lists the steps with their state, cut with …"
like "$(screen s_choice)" "Skyddad folkbokföring" "a choice step offers its options"
like "$(screen s_stop)" "Akut fara. Ring 112 nu" "a stop step halts the routine with its message"
like "$(screen s_acked)" "Acknowledged and logged." "acknowledging it is logged"
like "$(screen s_note_refused)" "personal identity number" "a personal identity number in a note is refused"
like "$(screen s_help)" "F12, Ctrl-P    blank the screen and lock at once" "? lists every key"
like "$(screen s_paused)" "The run is paused; choose it to resume." "Esc pauses the run"
like "$(screen s_paused)" "SN 2025/1234 · Skyddade personuppgifter" "and home offers it for resume"
events
like "$out" '"type":"stop.acknowledged"' "the acknowledgement is in the log"
like "$out" '"type":"run.paused"' "and so is the pause"
unlike "$out" "19121212" "the refused note is not"
}

# Resume where it was, with the answers intact.
case_resume() {
needs walk || return
tui "text $pass" Enter Enter "save-display s_resumed" F10
like "$(screen s_resumed)" "Resumed SN 2025/1234 where it was left." "the run resumes"
like "$(screen s_resumed)" "✓ Finns det hot mot någon i …" "with its answers"
}

# No routines where rutin looks: it says where it looked.
case_no_routines() {
needs unlock || return
printf '%s\n' "text $pass" Enter "save-display $TEST_TMP/s_none.txt" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" demo --db "$db" --routines "$TEST_TMP/nowhere" --idle-lock 0
like "$(screen s_none)" "No routines were found. rutin looked in:" "with no routines, home says so"
like "$(screen s_none)" "$TEST_TMP/nowhere" "and where it looked"
}

# Editing åäö: the cursor moves over characters, not bytes (a note on the
# paused run).
case_edit() {
needs walk || return
tui "text $pass" Enter Enter a "text Mötet på förskolan" Left Left Left Backspace \
	"text å" Enter Esc F10
events
like "$out" '"text":"Mötet på förskålan"' "å, ä and ö edit as single characters (left, backspace, insert)"
}

# A changed answer that hides later steps says what it retracted: no ban
# yet shows how to apply and what to gather (both ticked); granted hides
# them. Akut fara nej, two checks, risk hög, the ban: none yet.
case_retraction() {
needs unlock || return
tui "text $pass" Enter "text Kontakt" Enter "text KF 1" Enter n Enter Enter \
	Enter Down Down Enter Enter Enter Enter Enter Up Up Up \
	"save-display s_back" \
	Enter Down Down Enter "save-display s_retracted" Esc F10
like "$(screen s_retracted)" "later step(s) no longer apply: their answers were retracted" \
	"changing an answer shows the retraction"
events
like "$out" '"type":"step.retracted"' "and the retraction is logged"
}

# The log cannot be written: a file size limit of the new log's size plus
# 24 KB, which its write-ahead log reaches after a few events (the limit
# is per file, so the log must be small: a new one). The screen says so
# and nothing is shown as done. The last action is a note, so the screen
# ends on a write whatever step the run is at.
case_write_fails() {
printf '%s\n' F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" demo --db "$TEST_TMP/full.db" --routines "$routines" \
	--idle-lock 0
printf '%s\n' "text $pass" Enter "text Skyddade personuppgifter" Enter "text SN 7" Enter \
	Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter \
	Enter Enter Enter Enter Enter Enter a "text Prov" Enter \
	"save-display $TEST_TMP/s_full.txt" Esc F10 >"$TEST_TMP/keys"
run bash -c "ulimit -f $(( $(stat -c %s "$TEST_TMP/full.db") / 1024 + 24 )); RUTIN_KEYS='$TEST_TMP/keys' '$RUTIN' demo --db '$TEST_TMP/full.db' --routines '$routines' --idle-lock 0"
like "$(screen s_full)" "the log could not be written; nothing was recorded" "a failed write is said on screen"
like "$(screen s_full)" "full" "with the reason"
}

# Too small, and back; the panic key.
case_small() {
needs walk || return
tui "text $pass" Enter "resize 60 20" "save-display s_small" "resize 80 24" \
	"save-display s_big" F12 "save-display s_locked" F10
like "$(screen s_small)" "The terminal is too small: 60x20" "below 80x24 the layout gives way to a message"
like "$(screen s_big)" "Runs to resume" "and comes back when the terminal grows"
}

# A supervisor's session ends with a seal, and a completed run is sealed,
# when the config asks for it.
case_seals() {
needs unlock || return
mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'seal_on_close = yes\nseal_file = %s\n' "$TEST_TMP/seals" >"$XDG_CONFIG_HOME/rutin/config"
tui "text $pass" Enter F10
like "$(cat "$TEST_TMP/seals" 2>/dev/null)" "rutin-seal/1 log=" "seal_on_close: the session ends with a seal"
log_id=$(sed -n 's/.*rutin-seal\/1 log=\([0-9a-f]*\) .*/\1/p' "$TEST_TMP/seals" | head -n 1)
run "$RUTIN" verify --db "$db" --user demo --seals "$TEST_TMP/seals" --require-sealed \
	--log-id "$log_id" --passphrase-fd 3 3<<EOF2
$pass
EOF2
is "$status" 0 "which covers the whole log (verify --seals --require-sealed)"
like_re "$out" "seals? match(es)? the log" "and verify says so"
# Only a session that leaves events after the newest seal adds one; and
# a caseworker's does too, so the unsealed tail is never longer than the
# sessions still open.
seals_before=$(grep -c 'rutin-seal/1' "$TEST_TMP/seals")
tui "text $pass" Enter F10
is "$(grep -c 'rutin-seal/1' "$TEST_TMP/seals")" "$seals_before" \
	"seal_on_close: a session with nothing after the newest seal adds none"
printf 'cw passphrase 1234\n' >"$TEST_TMP/cw"
run "$RUTIN" user add cw --role caseworker --db "$db" --user demo --passphrase-fd 3 \
	--new-passphrase-fd 4 3<<EOF2 4<"$TEST_TMP/cw"
$pass
EOF2
is "$(grep -c 'rutin-seal/1' "$TEST_TMP/seals")" "$((seals_before + 1))" \
	"adding an account is sealed too (a restore reads it)"
seals_before=$((seals_before + 1))
printf '%s\n' "text cw passphrase 1234" Enter "text Kontakt" Enter "text KF 1" Enter n F10 \
	>"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$db" --user cw --routines "$routines" --idle-lock 0
is "$(grep -c 'rutin-seal/1' "$TEST_TMP/seals")" "$((seals_before + 1))" \
	"a caseworker's session that wrote ends with a seal"
like "$(tail -n 1 "$TEST_TMP/seals")" "signer=cw " "signed by her"
events
like "$out" '"account":"cw","run":"' "after the run she started and answered"
run "$RUTIN" verify --db "$db" --user demo --seals "$TEST_TMP/seals" --require-sealed \
	--log-id "$log_id" --passphrase-fd 3 3<<EOF2
$pass
EOF2
is "$status" 0 "and nothing she wrote is left unsealed"
rm "$XDG_CONFIG_HOME/rutin/config"
}

cases unlock home refused walk resume no_routines edit retraction write_fails small seals
done_testing

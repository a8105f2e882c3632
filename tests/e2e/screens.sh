# The terminal as a user meets it: resizing, the language, and the
# messages and exit codes when the log cannot be opened.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 32

db="$TEST_TMP/demo.db"
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "the demo starts"
type_text "$E2E_PASS"; keys Enter
see "Kontaktförbud – stöd till skyddspersonen" "home"
tm resize-window -t t -x 60 -y 20
see "The terminal is too small: 60x20" "at 60x20 a clear message replaces the layout"
tm resize-window -t t -x 80 -y 24
see "Kontaktförbud – stöd till skyddspersonen" "at 80x24 the normal screen comes back"
keys F10
see "[exit 0]" "F10 quits"

# SIGTERM mid-run: the terminal is restored and the run paused.
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "the demo starts once more"
type_text "$E2E_PASS"; keys Enter
see "Kontaktförbud" "home again"
keys Enter; type_text "SN 9"; keys Enter
see "Step 1 of" "a run is open"
kill -TERM "$(rutin_pid)"
see "[exit 0]" "SIGTERM ends rutin cleanly"
events_of "$db"
like "$(echo "$out" | tail -1)" '"type":"run.paused"' "and the run was paused in the log"

# A wrong passphrase: the same words for a wrong account; exit 2.
start_demo "$db" "--idle-lock 0"
see "Passphrase:" "again"
type_text "not the passphrase"; keys Enter
see "Wrong account or passphrase." "a wrong passphrase is said clearly"
keys F10
see "[exit 2]" "leaving without unlocking exits 2"

# The unlock screen puts the cursor where the person will type: a name
# that is no account of the log (run as root, "root") is marked in the
# account field, and typing replaces it; Tab and Shift-Tab move between
# the fields, the active one marked.
start "$RUTIN --db $db --user nobody-here --idle-lock 0"
see "Passphrase:" "the unlock screen, with a name that is no account"
cursor_at t "nobody-here" "the cursor starts on the name, in the account field"
marked t "nobody-here" "the name is marked"
see "▸ Account:" "the active field is shown"
type_text "demo"
see_re "Account: +demo *$" "typing replaces the marked name"
keys Tab
cursor_on_line t "Passphrase:" "Tab moves to the passphrase"
see "▸ Passphrase:" "and the mark with it"
keys BTab
cursor_on_line t "Account:" "Shift-Tab moves back"
keys Tab; type_text "$E2E_PASS"; keys Enter
see "Runs to resume" "the account typed over the name unlocks"
keys F10
start "$RUTIN --db $db --user demo --idle-lock 0"
see "Passphrase:" "a name that is an account of the log"
cursor_on_line t "Passphrase:" "the cursor starts in the passphrase"
keys F10

# No log: said before any screen, with how to make one.
start "$RUTIN --db $TEST_TMP/missing.db"
see "no log at $TEST_TMP/missing.db" "a missing log is said"
see "rutin demo" "with the ways forward"
see "[exit 2]" "exit 2"

# A log others may read is refused.
chmod 644 "$db"
start "$RUTIN --db $db"
see "chmod 600 $db" "a log with wrong permissions is refused with the fix"
see "[exit 2]" "exit 2"
chmod 600 "$db"

# The language: English with LANG=en_US.UTF-8, Swedish by default.
start "env -u LANGUAGE -u LC_ALL LANG=en_US.UTF-8 $RUTIN demo --db $db --routines $E2E_ROUTINES"
see "Account:" "English under LANG=en_US.UTF-8"
keys F10
localedir=$(swedish_catalog)
start "env -u LANGUAGE LC_ALL=C.UTF-8 RUTIN_LOCALEDIR=$localedir $RUTIN demo --db $db --routines $E2E_ROUTINES"
see "Konto:" "Swedish by default"
see "ÖVNING – övningslogg" "with the training banner in Swedish"
keys F10
done_testing

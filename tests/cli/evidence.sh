# The log as evidence, tried as an attacker would, with the files, the
# sqlcipher command-line client and the key an account can reach
# (tests/tools/slotkey unwraps a slot, as anyone with the passphrase and
# a copy of the keyring could); and seals, rekey and the recovery key as
# a supervisor uses them. Real key derivation: unlocks are kept few.
# Named cases: `bash tests/cli/evidence.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

SLOTKEY="$RUTIN_BUILDDIR/tests/tools/slotkey"
SINK="$RUTIN_BUILDDIR/tests/tools/syslog_sink"
db="$TEST_TMP/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
as_anna() { run "$RUTIN" "$@" --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }
# sql SPEC SQL: the sqlcipher client with nothing but a raw key.
# put_back COPY: the log replaced by an older copy, to start over from
# it; the accounts' own-chain records (db/own.c) are cleared with it, or
# their next events would (rightly) name what the copy lacks.
put_back() {
	cp "$1" "$db"
	rm -rf "$XDG_STATE_HOME/rutin/own"
}
sql() {
	printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$1" "$2" |
		timeout 20 sqlcipher -batch -bail "$db" >"$TEST_TMP/sql.out" 2>&1
}

# anna's log, with bo a caseworker; a copy of it and of bo's key.
case_log() {
run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "init creates a log"
like "$out" "Log identity (every seal names it): " "and prints its identity"
identity=$(echo "$out" | sed -n 's/^Log identity (every seal names it): //p')
key=$(echo "$out" | grep -E '^    [0-9A-Z]{4}(-[0-9A-Z]{1,4}){13}$' | tr -d ' ')
like "$out" "Recovery key (shown only now; with the keyring $db.keys it opens" \
	"and names the keyring the recovery key needs by its path"
run "$RUTIN" verify --db "$db" --user anna --passphrase-fd 7
like "$status $err" "2 rutin verify: cannot read the passphrase: that descriptor is not open (through sudo only 0, 1 and 2 arrive" \
	"a passphrase descriptor that is not open is named as such"
as_anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"
is "$status" 0 "a supervisor adds bo"
spec=$("$SLOTKEY" "$db.keys" bo <"$TEST_TMP/bo")
like "$spec" "x'" "bo's slot gives him the log key"
cp "$db.keys" "$TEST_TMP/stolen.keys"
cp "$db" "$TEST_TMP/backup.db"
}

# bo reaches the log key through his own slot and edits the log with the
# sqlcipher client.
case_edit() {
needs log || return
sql "$spec" "DROP TRIGGER events_no_update;
UPDATE events SET fields = '{\"name\":\"bo\",\"role\":\"supervisor\"}' WHERE seq = 3;"
is "$?" 0 "with the key, the sqlcipher client can change an event"
as_anna verify
is "$status" 1 "verify: altered (exit 1)"
like "$out" "first bad event: 3" "naming the first bad event"
like "$out" "the database's schema is not rutin's" "and the removed guard"
like "$err" "fails its check at event 3" "opening it warns that the events fail their check"
put_back "$TEST_TMP/backup.db"
}

# Seals, kept in a file as syslog would keep them.
case_seals() {
needs log || return
as_anna seal
is "$status" 0 "a supervisor seals the log"
like "$out" "rutin-seal/1 log=$identity seq=4 head=" "one line naming the log, the event and its hash"
echo "Nov 28 14:02:11 srv rutin[4711]: $out" >"$TEST_TMP/seals"
as_anna verify --seals "$TEST_TMP/seals"
is "$status" 0 "verify --seals: intact"
like "$out" "1 seal matches the log; the newest is of" "and says which seal it checked"
# RELP delivers a seal again after a broken connection: one seal, once.
sed 's/14:02:11/14:02:12/' "$TEST_TMP/seals" >"$TEST_TMP/again" && cat "$TEST_TMP/again" >>"$TEST_TMP/seals"
as_anna verify --seals "$TEST_TMP/seals"
is "$status" 0 "a seal line there twice: intact"
like "$out" "1 seal matches the log" "and it counts once"
sed -n '1s/accounts=anna:supervisor/accounts=anna:caseworker/p' "$TEST_TMP/seals" >"$TEST_TMP/again"
cat "$TEST_TMP/again" >>"$TEST_TMP/seals"
as_anna verify --seals "$TEST_TMP/seals"
like "$status $out" "1 " "a copy that differs in one field is checked, and fails"
like "$out" "names other accounts than its event" \
	"(the field that differs)"
head -n 1 "$TEST_TMP/seals" >"$TEST_TMP/seals.one" && mv "$TEST_TMP/seals.one" "$TEST_TMP/seals"
cp "$db" "$TEST_TMP/sealed.db"
as_anna user add cleo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"
as_anna verify --seals "$TEST_TMP/seals"
is "$status" 0 "events after the newest seal: still intact"
like "$out" "1 event since " "but reported as not sealed (in the singular)"
as_anna verify --seals "$TEST_TMP/seals" --require-sealed
is "$status" 2 "--require-sealed without the log's identity is a usage error"
like "$err" "needs the log's identity" "saying what it needs"
as_anna verify --seals "$TEST_TMP/seals" --require-sealed --log-id "$identity"
is "$status" 1 "--require-sealed: an unsealed tail is exit 1"
as_anna verify
like "$out" "No seals were given: a rollback" "without seals, verify says what it cannot tell"
is "$err" "" "and on no terminal it says nothing on standard error"
run script -qec "'$RUTIN' verify --db '$db' --user anna --passphrase-fd 3 3<'$TEST_TMP/anna'" /dev/null
like "$out" "verifying [####################] 100%" "on a terminal, verify shows its progress"
}

# A log made anew from its first event with keys of its own, and a seal
# of its own in the same store: the real identity refuses it.
case_made_anew() {
needs seals || return
run "$RUTIN" init --db "$TEST_TMP/fake.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
run "$RUTIN" seal --db "$TEST_TMP/fake.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
cp "$TEST_TMP/seals" "$TEST_TMP/seals.all"
echo "$out" >>"$TEST_TMP/seals.all"
run "$RUTIN" verify --db "$TEST_TMP/fake.db" --user anna --seals "$TEST_TMP/seals.all" \
	--require-sealed --log-id "$identity" --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 1 "a log made anew with a seal of its own fails against the real identity"
like "$out" "this is not the log ${identity%"${identity#????????????}"}" "named as not the log"
}

# bo writes 'supervisor' beside his name in the summary: it gives nothing.
case_summary_role() {
needs log || return
cp "$db" "$TEST_TMP/before-table.db"
sql "$spec" "UPDATE accounts SET role = 'supervisor' WHERE name = 'bo';"
run "$RUTIN" user add mallory --role supervisor --db "$db" --user bo --passphrase-fd 3 \
	--new-passphrase-fd 4 3<"$TEST_TMP/bo" 4<"$TEST_TMP/bo"
is "$status" 1 "a role written into the summary gives bo no supervisor's rights (refused, exit 1)"
like "$err" "'bo' is a caseworker" "he is what the signed events say"
put_back "$TEST_TMP/before-table.db"
}

# Rollback needs no key: an older copy put back.
case_rollback() {
needs seals || return
as_anna seal
echo "$out" >>"$TEST_TMP/seals"
cp "$TEST_TMP/sealed.db" "$db"
as_anna verify --seals "$TEST_TMP/seals"
is "$status" 1 "an older copy put back: exit 1"
like "$out" "the log was rolled back: the seal of" "named as a rollback, with the seal"
put_back "$TEST_TMP/backup.db"
}

# A removed account's keys open nothing written after the removal; rekey
# and a new recovery key.
case_removed() {
needs log || return
as_anna user remove bo
is "$status" 0 "a supervisor removes bo"
like "$out" "the log has a new key" "which rekeys the log"
sql "$spec" "SELECT count(*) FROM events;"
unlike "$(cat "$TEST_TMP/sql.out")" "|" "bo's old key no longer opens the log"
like "$(cat "$TEST_TMP/sql.out")" "not a database" "(sqlcipher: file is not a database)"
"$SLOTKEY" "$db.keys" bo <"$TEST_TMP/bo" >/dev/null
is "$?" 1 "bo has no slot in the new keyring"
mkdir "$TEST_TMP/kept"
cp "$TEST_TMP/backup.db" "$TEST_TMP/kept/log.db"
cp "$TEST_TMP/stolen.keys" "$TEST_TMP/kept/log.db.keys"
spec2=$("$SLOTKEY" "$TEST_TMP/kept/log.db.keys" bo <"$TEST_TMP/bo")
is "$spec2" "$spec" "his copy of the old keyring gives only the old key"

as_anna rekey
is "$status" 0 "rekey on demand"
run "$RUTIN" recovery new --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "recovery new"
newkey=$(echo "$out" | grep -E '^    [0-9A-Z]{4}(-[0-9A-Z]{1,4}){13}$' | tr -d ' ')
like "$out" "Recovery key (shown only now; with the keyring $db.keys it opens" \
	"and names the keyring the recovery key needs by its path"
run "$RUTIN" verify --db "$db" --user anna --passphrase-fd 7
like "$status $err" "2 rutin verify: cannot read the passphrase: that descriptor is not open (through sudo only 0, 1 and 2 arrive" \
	"a passphrase descriptor that is not open is named as such"
printf '%s\n' "$key" >"$TEST_TMP/oldkey"
printf '%s\n' "$newkey" >"$TEST_TMP/newkey"
run "$RUTIN" verify --db "$db" --recovery --passphrase-fd 3 3<"$TEST_TMP/oldkey"
is "$status" 2 "the old recovery key opens nothing"
like "$err" "not this log's current recovery key" "and says so"
run "$RUTIN" verify --db "$db" --recovery --passphrase-fd 3 3<"$TEST_TMP/newkey"
is "$status" 0 "the new one does"
as_anna upgrade
like "$out" "already in the current format" "upgrade: nothing to do on a current log"
}

# Output that cannot be written is an error, and init keeps no log then.
case_output() {
needs log || return
"$RUTIN" init --db "$TEST_TMP/full.db" --user anna --passphrase-fd 3 \
	3<"$TEST_TMP/anna" >/dev/full 2>"$TEST_TMP/err"
is "$?" 2 "init whose recovery key cannot be written: exit 2"
if ls "$TEST_TMP"/full.db* >/dev/null 2>&1; then fail "and no log is left"
else pass "and no log is left"; fi
"$RUTIN" events --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna" >/dev/full 2>/dev/null
is "$?" 2 "events to a full disk: exit 2"
as_anna events --run no-such-run
is "$status" 1 "events of a run that is not there: exit 1, not an empty export"
like "$err" "no-such-run: no such run" "and says so"
}

# Nothing raw reaches the terminal from a message.
case_raw() {
run "$RUTIN" verify --db "$TEST_TMP/$(printf 'x\033]52;c;ZXZpbA==\007')" --user anna
like "$err" '\x1b]52' "a control character in a message is shown, not sent"
}

# Seals to syslog, through a stand-in daemon on /dev/log.
sink_ready() { grep -q ready "$TEST_TMP/sink.err" 2>/dev/null || ! kill -0 "$sink" 2>/dev/null; }
case_syslog() {
needs log || return
mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'seal_syslog = yes\nseal_file = %s\n' "$TEST_TMP/seal-file" >"$XDG_CONFIG_HOME/rutin/config"
# Other programs on this machine (tmux in a parallel test) may log too:
# the sink keeps every message until it is stopped.
"$SINK" 15 100 >"$TEST_TMP/syslog" 2>"$TEST_TMP/sink.err" &
sink=$!
poll 2 sink_ready
as_anna seal
line=$out
if grep -q ready "$TEST_TMP/sink.err" 2>/dev/null; then
	poll 2 grep -qF "$line" "$TEST_TMP/syslog"
	like "$(cat "$TEST_TMP/syslog")" "rutin[" "seal_syslog: the seal goes to syslog"
	like "$(cat "$TEST_TMP/syslog")" "$line" "the same line"
else
	skip "seal_syslog: /dev/log belongs to a real syslog daemon here"
	skip "the same line"
fi
kill -TERM "$sink" 2>/dev/null
wait "$sink" 2>/dev/null
if [ -S /dev/log ] && grep -q ready "$TEST_TMP/sink.err"; then
	fail "the stand-in daemon removed its socket"
fi
like "$(cat "$TEST_TMP/seal-file")" "$line" "seal_file: appended there too"
is "$(stat -c %a "$TEST_TMP/seal-file")" "600" "mode 0600"
# No daemon on /dev/log (the stand-in is gone): a seal that reached no
# syslog is an error, said, not a success; the file still gets it.
if grep -q ready "$TEST_TMP/sink.err" 2>/dev/null && [ ! -e /dev/log ]; then
	as_anna seal
	like "$status $err" "2 rutin seal: the seal was not sent to syslog: /dev/log: " \
		"seal_syslog with no syslog daemon: exit 1, said"
	is "$(tail -n 1 "$TEST_TMP/seal-file" | cut -c1-12)" "rutin-seal/1" "the file still gets it"
	run "$RUTIN" doctor --db "$db"
	like "$out" "FIX  seals go to syslog, but /dev/log: " "doctor says the seals reach no syslog"
else
	skip "seal_syslog with no syslog daemon: /dev/log belongs to a real daemon here"
	skip "the file still gets it"
	skip "doctor says the seals reach no syslog"
fi
}

cases log edit seals made_anew summary_role rollback removed output raw syslog
done_testing

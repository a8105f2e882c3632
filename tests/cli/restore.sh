# rutin restore, tried as cleo would: removed after last night's copy
# was made, she still knows her passphrase and the log key of that night.
# The restore must not let her back in, must say what it could not
# restore (eva, added since), and verify must tell the recorded restore
# from a rollback. Real key derivation.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 36

db="$TEST_TMP/enhet.db"
seals="$TEST_TMP/seals.log"
mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'seal_file = %s\n' "$seals" >"$XDG_CONFIG_HOME/rutin/config"
for who in anna bo cleo eva; do printf '%s passphrase 12\n' "$who" >"$TEST_TMP/$who"; done
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
add() { as anna user add "$1" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$1"; }
events_now() { as anna events; printf '%s\n' "$out" | wc -l; }

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
add bo
add cleo
is "$status $err" "0 " "an account change is sealed where the config says, and quietly"
like "$(tail -n 1 "$seals")" " accounts=anna:supervisor,bo:caseworker,cleo:caseworker sig=" \
	"the seal line names the accounts and roles of its time"
as anna backup --out "$TEST_TMP/copy.db"
is "$status" 0 "the nightly copy"
old_spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$TEST_TMP/copy.db.keys" cleo <"$TEST_TMP/cleo")
like "$old_spec" "x'" "cleo's slot in the copy gives her that night's log key"
as anna user remove cleo
like "$(tail -n 1 "$seals")" " accounts=anna:supervisor,bo:caseworker sig=" \
	"her removal is sealed: the newest seal no longer names her"
add eva
# A seal line's accounts are its event's: one edited in the store (bo
# struck out, so that a restore would remove him) no longer matches.
sed 's/,bo:caseworker,eva/,eva/' "$seals" >"$TEST_TMP/edited.log"
as anna verify --seals "$TEST_TMP/edited.log"
is "$status" 1 "verify --seals: a seal line whose accounts were edited fails"
like "$out" "names other accounts than its event" "and says how"

# Refused, changing nothing: no seals to read, a caseworker, an altered copy.
before=$(events_now)
XDG_CONFIG_HOME="$TEST_TMP/none" as anna restore --from "$TEST_TMP/copy.db"
like "$status $err" "2 rutin restore: give the seals made since the copy" \
	"without the seals a restore cannot know who was removed: refused"
as bo restore --from "$TEST_TMP/copy.db"
like "$status $err" "1 rutin restore: only a supervisor may do this" "a caseworker may not restore"
cp "$TEST_TMP/copy.db" "$TEST_TMP/altered.db"
cp "$TEST_TMP/copy.db.keys" "$TEST_TMP/altered.db.keys"
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$TEST_TMP/altered.db.keys" anna <"$TEST_TMP/anna")
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$spec" \
	"DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 6;" |
	timeout 20 sqlcipher -batch -bail "$TEST_TMP/altered.db" >/dev/null 2>&1
as anna restore --from "$TEST_TMP/altered.db"
like "$status $err" "1 rutin restore: the copy does not match the seals" \
	"a copy altered since it was sealed is not restored"
# bo has the log open (his interface waits for its next key on a pipe).
mkfifo "$TEST_TMP/hold"
RUTIN_KEYS="$TEST_TMP/hold" "$RUTIN" --db "$db" --user bo --idle-lock 0 >/dev/null 2>&1 &
holder=$!
exec 5>"$TEST_TMP/hold"
printf 'text %s\nEnter\nsave-display %s\n' "$(cat "$TEST_TMP/bo")" "$TEST_TMP/held.txt" >&5
poll 30 test -s "$TEST_TMP/held.txt"
as anna restore --from "$TEST_TMP/copy.db"
like "$status $err" "2 rutin restore: " "a restore while a session has the log open is refused"
like "$err" "open in another session by bo" "naming who has it open"
printf 'F10\n' >&5
exec 5>&-
wait "$holder"
is "$(events_now)" "$before" "none of the refusals changed the log"
[ -e "$db.restoring" ] && fail "and none left a half-made log" || pass "and none left a half-made log"

as anna restore --from "$TEST_TMP/copy.db"
is "$status" 0 "anna restores the copy"
like "$out" "Removed again: cleo (removed after the copy was made)." \
	"cleo, removed after the copy, is removed again"
like "$out" "Added after the copy, not restored: eva; add the account again (rutin user add eva --role caseworker)." \
	"eva, added after it, is named with the command that adds her again"
like "$out" "Events 7 to at least 12" "what is lost is said"
like_re "$out" "The log it replaced is kept as $db\\.replaced-[0-9TZ]+\\." \
	"the replaced log is kept aside, not deleted"

# cleo tries every way in she had.
run "$RUTIN" events --db "$db" --user cleo --passphrase-fd 3 3<"$TEST_TMP/cleo"
is "$status" 2 "cleo's passphrase opens nothing"
"$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" cleo <"$TEST_TMP/cleo" >/dev/null 2>&1
is "$?" 1 "she has no slot in the restored keyring"
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\nSELECT count(*) FROM events;\n' \
	"$old_spec" | timeout 20 sqlcipher -batch "$db" >"$TEST_TMP/sql.out" 2>&1
like "$(cat "$TEST_TMP/sql.out")" "not a database" \
	"that night's log key does not open the restored log (the sqlcipher client)"
cp "$TEST_TMP/copy.db.keys" "$db.keys.hers"
"$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys.hers" cleo <"$TEST_TMP/cleo" >"$TEST_TMP/hers"
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\nSELECT count(*) FROM events;\n' \
	"$(cat "$TEST_TMP/hers")" | timeout 20 sqlcipher -batch "$db" >"$TEST_TMP/sql.out" 2>&1
like "$(cat "$TEST_TMP/sql.out")" "not a database" "nor does the copy's keyring she kept"
as anna user list
is "$(printf '%s\n' "$out" | awk '{print $1}' | tr '\n' ' ')" "anna bo " \
	"the accounts are anna and bo"
as anna events
like "$out" '"type":"log.restored","fields":{' "the restore is an event of the log"
like "$out" '"copy_seq":"6","copy_time":' "naming the copy's last event"
like "$out" '"lost_to":"12"' "and the newest lost event the seals name"
like "$(no_author_prev "$out")" '"type":"account.removed","fields":{"name":"cleo"}' \
	"cleo's removal is repeated in it, signed by anna"
like "$(tail -n 1 "$seals")" " accounts=anna:supervisor,bo:caseworker sig=" \
	"and the restored log is sealed"

# verify tells the recorded restore from a rollback.
as anna verify --seals "$seals"
is "$status" 0 "verify --seals after the restore: intact"
like "$out" "Restored from a copy by anna on " "it says the log was restored"
like "$out" "events 7 to 12 were lost (2 seal(s) name them)" "and which events were lost"
like "$err" "the log was restored from an older copy" \
	"anna's session is told her newest event went with the restore"
as anna seal
as anna verify --seals "$seals"
is "$status" 0 "her next event names the lost one, and the log stays intact"
as anna backup --out "$TEST_TMP/second.db"
add eva
cp "$TEST_TMP/second.db" "$db"
cp "$TEST_TMP/second.db.keys" "$db.keys"
as anna verify --seals "$seals"
like "$status $out" "1 " "an unrecorded rollback after it still fails"
like "$out" "the log was rolled back" "named as a rollback"
done_testing

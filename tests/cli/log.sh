# The log commands as an administrator and caseworkers use them:
# init, user, verify, events; exit codes and messages. Real key derivation
# (about half a second per unlock), so the test keeps its unlocks few.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 33

db="$TEST_TMP/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
printf 'short\n' >"$TEST_TMP/short"
as_anna() { run "$RUTIN" "$@" --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }
as_bo() { run "$RUTIN" "$@" --db "$db" --user bo --passphrase-fd 3 3<"$TEST_TMP/bo"; }

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/short"
is "$status" 1 "init refuses a short passphrase"
like "$err" "at least 12 characters" "and says how long it must be"

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "init creates a log"
key=$(echo "$out" | grep -E '^    [0-9A-Z]{4}(-[0-9A-Z]{1,4}){13}$' | tr -d ' ')
[ -n "$key" ] && pass "init prints the recovery key once, in groups" ||
	fail "init prints the recovery key once, in groups" "$out"
is "$(stat -c %a "$db") $(stat -c %a "$db.keys")" "600 600" "log and keyring are mode 0600"
if head -c 16 "$db" | grep -q "SQLite format 3"; then fail "the log has no plaintext SQLite header"
else pass "the log has no plaintext SQLite header"; fi

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 2 "init never overwrites a log"
like "$err" "already exists" "and says so"

as_anna verify
is "$status" 0 "verify: a new log is intact"
like "$out" "intact: 2 events" "and says how many events it checked"

as_anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"
is "$status" 0 "a supervisor adds a caseworker"
as_anna user add cleo --role boss --new-passphrase-fd 4 4<"$TEST_TMP/bo"
is "$status" 2 "an unknown role is a usage error"
like "$err" "--role caseworker, trainer or supervisor" "that names the roles"

as_bo user add dan --role supervisor --new-passphrase-fd 4 4<"$TEST_TMP/bo"
is "$status" 1 "a caseworker may not add accounts"
like "$err" "only a supervisor (in a training log also a trainer) may do this; 'bo' is a caseworker" "and is told why"

as_bo events
is "$status" 0 "a caseworker may read events"
is "$out" "" "but sees only their own (none yet)"

as_anna events
is "$(echo "$out" | wc -l)" 3 "a supervisor sees every event, one JSON object a line"
like "$(no_author_prev "$(echo "$out" | sed -n 3p)")" '"type":"account.added","fields":{"name":"bo","role":"caseworker","sign_pk":"' "with its typed fields and signing key"
like "$(echo "$out" | sed -n 1p)" '{"seq":1,"id":"' "in sequence order, with ids"

run "$RUTIN" verify --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/bo"
is "$status" 2 "a wrong passphrase cannot open the log (exit 2)"
like "$err" "wrong account or passphrase" "and the message does not say which"

printf '%s\n' "$key" >"$TEST_TMP/key"
run "$RUTIN" verify --db "$db" --recovery --passphrase-fd 3 3<"$TEST_TMP/key"
is "$status" 0 "the recovery key opens the log"

as_anna user remove bo
is "$status" 0 "a supervisor removes an account"
as_bo verify
is "$status" 2 "a removed account can no longer unlock"

as_anna verify --rebuild
is "$status" 0 "a supervisor can rebuild the summaries (verify --rebuild)"
as_bo verify --rebuild
is "$status" 2 "a removed account cannot"

chmod 644 "$db"
as_anna verify
is "$status" 2 "a log others can read is refused"
like "$err" "chmod 600 $db" "with the command that fixes it"
chmod 600 "$db"

run "$RUTIN" verify --db "$TEST_TMP/none.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 2 "a missing log: exit 2"
like "$err" "rutin init --db $TEST_TMP/none.db" "with how to create one"

# Damage a page of events: verify says altered (exit 1).
size=$(stat -c %s "$db")
printf '\377\377\377\377\377\377\377\377' |
	dd of="$db" bs=1 seek=$((size - 200)) conv=notrunc 2>/dev/null
as_anna verify
is "$status" 1 "verify finds a damaged page (exit 1)"
like "$out$err" "damaged" "and reports it"

done_testing

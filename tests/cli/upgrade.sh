# rutin upgrade of a log of rutin 0.1 (tests/tools/legacy_log): it keeps
# the log as 0.1 left it, and verify then says exactly what it checked:
# the events before the log had signatures are held by the chain alone,
# not "signed by their authors".
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 9

db="$TEST_TMP/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
as() { run "$RUTIN" "$@" --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }
"$RUTIN_BUILDDIR/tests/tools/legacy_log" "$db" <"$TEST_TMP/anna" >/dev/null

as upgrade
is "$status" 0 "rutin upgrade"
like "$out" "The log as rutin 0.1 left it is kept as $db.before-upgrade (with its keyring)" \
	"it says where the log as 0.1 left it is kept"
run "$RUTIN" events --db "$db.before-upgrade" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin events: $db.before-upgrade: " "the kept copy is the 0.1 log (rutin opens it only to upgrade it)"
kept=$(cat "$db.before-upgrade" "$db.before-upgrade.keys" | cksum)
is "$(stat -c %a "$db.before-upgrade" "$db.before-upgrade.keys" | tr '\n' ' ')" "600 600 " \
	"both private"
as verify
like_re "$status $out" "^0 $db: intact: ([0-9]+) events, the chain is whole, the summaries match, and every event from ([0-9]+) on is signed by its author; events 1 to ([0-9]+) were written before the log had signatures \\(by rutin 0\\.1, up to its upgrade\\) and carry none: the chain alone holds them" \
	"verify on the upgraded log says which events signatures hold, and which the chain alone"
unlike "$out" "every event is signed" "(not 'every event is signed')"
first=$(printf '%s\n' "$out" | sed -n 's/.*every event from \([0-9]*\) on.*/\1/p')
as seal
as verify
like "$out" "every event from $first on is signed" "a new event is signed; the unsigned ones stay as they were"
as upgrade
like "$status $out" "0 $db is already in the current format." "a second upgrade changes nothing"
is "$(cat "$db.before-upgrade" "$db.before-upgrade.keys" | cksum)" "$kept" "and the kept copy stays as it was"
done_testing

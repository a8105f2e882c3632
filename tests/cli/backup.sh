# rutin backup: a copy of the log and its keyring, private, never
# replacing a file, logged; verify --backup says how far it reaches
# against the seals made since; restoring is copying it back. (The copy
# taken while 8 processes append: tests/unit/test_log_stress.c.)
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 25

db="$TEST_TMP/log.db"
copy="$TEST_TMP/night/log-1.db"
mkdir -p "$TEST_TMP/night"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
as() { who=$1; shift; run "$RUTIN" "$@" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
as anna user add bo --role caseworker --db "$db" --new-passphrase-fd 4 4<"$TEST_TMP/bo"
as anna seal --db "$db"
printf '%s\n' "$out" >"$TEST_TMP/seals"

as bo backup --db "$db" --out "$copy"
is "$status" 0 "any account backs the log up"
like "$out" "Backed up 4 events of $db to $TEST_TMP/night/log-1.db, with its keyring $TEST_TMP/night/log-1.db.keys" \
	"saying how many events and where the keyring went"
is "$(stat -c %a "$TEST_TMP/night/log-1.db") $(stat -c %a "$TEST_TMP/night/log-1.db.keys")" \
	"600 600" "both files are private"
is "$err" "" "not on a terminal, it says nothing on standard error"
run script -qec "'$RUTIN' backup --db '$db' --user bo --passphrase-fd 3 --out '$TEST_TMP/tty.db' 3<'$TEST_TMP/bo'" /dev/null
like "$out" "backing up [####################] 100%" "on a terminal, a backup shows its progress"
rm -f "$TEST_TMP/tty.db" "$TEST_TMP/tty.db.keys"
sum=$(cksum <"$TEST_TMP/night/log-1.db")
as bo backup --db "$db" --out "$TEST_TMP/night/log-1.db"
like "$status $err" "2 rutin backup: $TEST_TMP/night/log-1.db is already there; a backup never replaces a file" \
	"a backup never replaces a file"
is "$(cksum <"$TEST_TMP/night/log-1.db")" "$sum" "and the first copy is untouched"
: >"$TEST_TMP/night/log-2.db.keys"
as bo backup --db "$db" --out "$TEST_TMP/night/log-2.db"
like "$status $err" "2 rutin backup: $TEST_TMP/night/log-2.db.keys is already there" \
	"nor a keyring beside it"
[ ! -e "$TEST_TMP/night/log-2.db" ] && pass "and makes nothing" || fail "and makes nothing"
as bo backup --db "$db" --out "$TEST_TMP/nowhere/log.db"
like "$status $err" "2 rutin backup: $TEST_TMP/nowhere/log.db: No such file or directory" \
	"a folder that is not there is named"
as bo backup --db "$db"
like "$status $err" "2 rutin backup: give --out FILE" "--out is required"

as anna events --db "$db"
like "$out" '"type":"log.backed_up","fields":{"events":4}' "the backup is in the log, with how many events it holds"

# The log goes on and is sealed again; the copy reaches where it was taken.
as anna seal --db "$db"
printf '%s\n' "$out" >>"$TEST_TMP/seals"
as bo verify --db "$TEST_TMP/night/log-1.db" --seals "$TEST_TMP/seals" --backup
is "$status" 0 "verify --backup: the copy is intact"
is "$err" "" "and the copy, elsewhere, is not taken for the log whose newest events it lacks"
like "$out" "A backup: it reaches event 4" "and says how far it reaches"
like "$out" "1 seal(s) name later events, made after it was taken" "and that later seals are after it"
as bo verify --db "$TEST_TMP/night/log-1.db" --seals "$TEST_TMP/seals"
like "$status $out" "1 $TEST_TMP/night/log-1.db: ALTERED OR DAMAGED" \
	"without --backup the same copy is a rollback"

# A former colleague reads backups of her time, never the log after it.
as anna user remove bo --db "$db"
as bo events --db "$db"
is "$status" 2 "bo, removed, opens the log no more"
as bo events --db "$TEST_TMP/night/log-1.db"
is "$status" 0 "but does open a backup made before (db/FORMAT.md's threat model says so)"

# Restoring: the copy and its keyring put in the log's place.
mv "$db" "$TEST_TMP/broken.db"
mv "$db.keys" "$TEST_TMP/broken.db.keys"
rm -f "$db-wal" "$db-shm" "$db.lock"
cp -p "$TEST_TMP/night/log-1.db" "$db"
cp -p "$TEST_TMP/night/log-1.db.keys" "$db.keys"
as anna verify --db "$db" --seals "$TEST_TMP/seals" --backup
is "$status" 0 "restored, it opens and verifies"
as anna seal --db "$db"
is "$status" 0 "and takes new events"
like "$err" "this log no longer holds your event" \
	"anna is told that her last event is not in the restored log"
as anna verify --db "$db"
is "$status" 1 "a restore shows in verify: her next event names the event the copy lacks"
like "$out" "it names as the previous event of 'anna' one" \
	"(each author's own chain, db/FORMAT.md: events lost since the copy)"
as anna events --db "$db"
unlike "$out" '"type":"account.removed"' "it is the log as it was when backed up"
done_testing

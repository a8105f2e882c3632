# rutin backup: a copy of the log and its keyring, private, never
# replacing a file, logged; verify --backup says how far it reaches
# against the seals made since; restoring is copying it back. (The copy
# taken while 8 processes append: tests/unit/test_log_stress.c.)
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 42

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
like "$out" '"type":"log.backed_up","fields":{"events":4,"folder":"'"$(cd "$TEST_TMP/night" && pwd -P)"'"}' \
	"the backup is in the log, with how many events it holds and its folder"

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

# --into DIR: a time-stamped copy (the local time), and with --keep-daily
# and --keep-monthly the older copies of that log culled (common/retain.h;
# tests/unit/test_retain.c has the rule's cases). A night a day, from 25
# November to 6 December, at 02:15: 7 daily and 1 monthly keep 30
# November to 6 December.
nightly="$TEST_TMP/nightly"
mkdir -m 700 "$nightly"
: >"$nightly/log-by-hand.db"
for day in 2026-11-25 2026-11-26 2026-11-27 2026-11-28 2026-11-29 2026-11-30 \
	2026-12-01 2026-12-02 2026-12-03 2026-12-04 2026-12-05 2026-12-06; do
	clock_at "$day 02:15:00"
	TZ=UTC as bo backup --db "$db" --into "$nightly" --keep-daily 7 --keep-monthly 1
	[ "$status" = 0 ] || break
done
is "$status" 0 "a copy a night into the folder"
like_re "$out" "to $nightly/log-2026-12-06T0215[0-9]{2}\\.db, with its keyring $nightly/log-2026-12-06T0215[0-9]{2}\\.db\\.keys" \
	"named after the log and the time it was made"
like "$out" "Kept 7 copies in $nightly (the newest of each of the last 7 days and 1 months that have one); removed 1 older." \
	"saying what it kept and removed"
is "$(ls "$nightly" | sed 's/T0215[0-9][0-9]/T0215SS/' | tr '\n' ' ')" "log-2026-11-30T0215SS.db log-2026-11-30T0215SS.db.keys log-2026-12-01T0215SS.db log-2026-12-01T0215SS.db.keys log-2026-12-02T0215SS.db log-2026-12-02T0215SS.db.keys log-2026-12-03T0215SS.db log-2026-12-03T0215SS.db.keys log-2026-12-04T0215SS.db log-2026-12-04T0215SS.db.keys log-2026-12-05T0215SS.db log-2026-12-05T0215SS.db.keys log-2026-12-06T0215SS.db log-2026-12-06T0215SS.db.keys log-by-hand.db " \
	"the newest 7 days are kept with their keyrings; a copy of another name is not touched"
clock_at "2026-12-06 09:00:00"
TZ=UTC as bo backup --db "$db" --into "$nightly"
like "$status $out" "0 Backed up" "without --keep-daily nothing is removed"
is "$(ls "$nightly" | grep -c '\.db$')" "9" "(one copy more)"
as bo backup --db "$db" --into "$nightly" --out "$TEST_TMP/x.db"
like "$status $err" "2 rutin backup: give --out FILE (one copy) or --into DIR" "--out and --into: one of them"
as bo backup --db "$db" --out "$TEST_TMP/x.db" --keep-daily 3
like "$status $err" "2 rutin backup: --keep-daily and --keep-monthly go with --into DIR" "keeping goes with --into"
as bo backup --db "$db" --into "$nightly" --keep-daily 0
like "$status $err" "2 rutin backup: --keep-daily must keep at least 1" "--keep-daily 0 would remove the copy just made"
as bo backup --db "$db" --into "$nightly" --keep-daily x
like "$status $err" "2 rutin backup: --keep-daily takes a whole number, 0 to 10000, not 'x'" "a count that is no number"
as bo backup --db "$db" --into "$TEST_TMP/none"
like "$status $err" "2 rutin backup: --into $TEST_TMP/none: No such file or directory" "a folder that is not there"

# Space, as auditd's space_left: the copy is made, but less room than the
# config's space_left where the log is fails the backup, saying so.
mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'space_left = 100000000\n' >"$XDG_CONFIG_HOME/rutin/config"
as bo backup --db "$db" --out "$TEST_TMP/tight.db"
like "$status $err" "1 rutin backup: the copy is made, but only " "less than space_left MB free: exit 1"
like "$err" "MB are free where the log is ($TEST_TMP; space_left = 100000000 MB): when it is full, no caseworker can log anything more" \
	"saying where and what it means"
is "$(ls "$TEST_TMP/tight.db" "$TEST_TMP/tight.db.keys" 2>&1 | wc -l)" 2 "and the copy is there"
printf 'space_left = 0\n' >"$XDG_CONFIG_HOME/rutin/config"
as bo backup --db "$db" --out "$TEST_TMP/roomy.db"
is "$status $err" "0 " "space_left = 0: no warning"
: >"$XDG_CONFIG_HOME/rutin/config"
# A copy that would not fit is not begun (root: a 64 KiB tmpfs).
small="$TEST_TMP/small"
mkdir -p "$small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k,mode=700 rutin-test "$small" 2>/dev/null; then
	as bo backup --db "$db" --into "$small" --keep-daily 1
	like "$status $err" "1 rutin backup: no room for the copy in $small: 0 MB free, the copy needs about " \
		"no room for the copy: exit 1, before copying"
	is "$(ls -A "$small")" "" "and nothing half-made is left"
	umount "$small"
else
	skip "no room for a copy: needs root and a tmpfs"
	skip "nothing left: the same"
fi
done_testing

# Run through sudo for a caseworker (SUDO_USER and SUDO_UID as sudo sets
# them, for a uid that is not ours), rutin runs as the service account and
# opens no file named on its command line but the log: nothing read for
# her that she could not read herself (lint, show, scan, exercise start,
# --routines, --seals), nothing made that she could not read (backup
# --out, export --out). Standard input is hers. Root running sudo is not
# held back, and neither is rutin run directly. (tests/deploy/shared.sh
# does the same through a real sudo.)
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 22

db="$TEST_TMP/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
# sudo's variables for a caseworker whose uid is not ours
uid=$(( $(id -u) + 4242 ))
via() { run env SUDO_USER=bo SUDO_UID=$uid SUDO_GID=$uid "$RUTIN" "$@"; }
# The unit's log, as the administrator configures it.
mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'db = %s\n' "$db" >"$XDG_CONFIG_HOME/rutin/config"
why="run through sudo for bo, rutin reads no file named on its command line: it runs as the account $(id -un), which may read what bo may not"

via lint "$FIXTURES/valid.yaml"
like "$status $err" "2 rutin lint: $FIXTURES/valid.yaml: $why" "lint reads no file by name for her"
via show "$FIXTURES/valid.yaml"
like "$status $err" "2 rutin show: $FIXTURES/valid.yaml: run through sudo" "nor show"
via scan "$FIXTURES/valid.yaml"
like "$status $err" "2 rutin scan: $FIXTURES/valid.yaml: run through sudo" "nor scan"
unlike "$out" "valid" "and nothing of the file is printed"
printf 'Ring 19850709-9805\n' >"$TEST_TMP/brev.txt"
run sh -c "SUDO_USER=bo SUDO_UID=$uid '$RUTIN' scan - <'$TEST_TMP/brev.txt'"
like "$status $out" "1 (standard input):1:6: personal-number" "scan - reads her standard input"
via verify --db "$db" --seals "$TEST_TMP/seals" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin verify: $TEST_TMP/seals: run through sudo" "verify --seals FILE is refused"
via backup --db "$db" --out "$TEST_TMP/copy.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin backup: $TEST_TMP/copy.db: run through sudo for bo, rutin makes no file named on its command line: it would be the account $(id -un)'s, which bo cannot read" \
	"backup --out makes no file for her"
[ -e "$TEST_TMP/copy.db" ] && fail "no copy was made" || pass "no copy was made"
via export --db "$db" --format csv --out "$TEST_TMP/x.csv" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin export: $TEST_TMP/x.csv: run through sudo" "nor export --out"
via --db "$db" --routines "$TEST_TMP" --user anna
like "$status $err" "2 rutin: $TEST_TMP: run through sudo" "the interface takes no --routines folder"
via exercise start "$RUTIN_SRCDIR/checklists/exercises/kontaktfamiljen.yaml" --db "$TEST_TMP/kurs.db" \
	--user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $err" "2 rutin exercise start: " "exercise start through sudo is refused"
like "$err" "run through sudo for bo" "(it reads no exercise file and makes no log by name)"
[ -e "$TEST_TMP/kurs.db" ] && fail "and makes no training log" || pass "and makes no training log"

# --db names only the unit's log: another path, existing or not, a
# folder or a file of the account's, gets the same words and opens nothing
# (no probing the service account's files through sudo).
printf 'x\n' >"$TEST_TMP/secret"
chmod 600 "$TEST_TMP/secret"
for other in "$TEST_TMP/secret" "$TEST_TMP/none.db" "$TEST_TMP" /etc/shadow; do
	via verify --db "$other" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
	printf '%s\n' "$status $err" >>"$TEST_TMP/probes"
done
is "$(sort -u "$TEST_TMP/probes" | sed "s|$TEST_TMP|T|g")" \
	"2 rutin verify: run through sudo for bo, rutin opens only the unit's log (db in the config); leave out --db" \
	"--db names only the unit's log, with one message whatever the path is"
via --db "$TEST_TMP/none.db" --user anna
like "$status $err" "2 rutin: run through sudo for bo, rutin opens only the unit's log" \
	"so does the interface's --db"
via verify --db "$TEST_TMP/../$(basename "$TEST_TMP")/log.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "the unit's log by another spelling of its path opens"

# Her account by default is her login, not the service account's.
printf 'db = %s\n' "$TEST_TMP/bo.db" >"$XDG_CONFIG_HOME/rutin/config"
via init --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$status $out" "0 Created $TEST_TMP/bo.db with bo as supervisor." \
	"without --user, the account is sudo's caller (bo)"
printf 'db = %s\n' "$db" >"$XDG_CONFIG_HOME/rutin/config"

# What needs no file by name works, and logs her login.
via events --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "events through sudo: exit 0"
via seal --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
run "$RUTIN" events --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$(printf '%s\n' "$out" | grep '"type":"log.sealed"')" '"login":"bo"' "a seal through sudo carries her login"

# Root running sudo, and rutin run directly, are not held back.
run env SUDO_USER=root SUDO_UID=0 "$RUTIN" lint "$FIXTURES/valid.yaml"
is "$status" 0 "root through sudo: lint reads the file"
run env SUDO_USER=bo SUDO_UID="$(id -u)" "$RUTIN" lint "$FIXTURES/valid.yaml"
is "$status" 0 "sudo to oneself (the same uid) is no delegation"
run "$RUTIN" lint "$FIXTURES/valid.yaml"
is "$status" 0 "and rutin run directly reads it"
done_testing

# Restore on the installed package, as rutin-admin(7) says, as the
# service account: account changes are sealed to the file the system's
# config names; bo is removed after the night's copy; the restore removes
# him again (his passphrase opens nothing), verify --seals says
# "restored", and a copy put back by hand still fails as a rollback.
# Also: a seal that reaches no syslog is an error, and doctor says so.
# (After backup.sh.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 14

seals=/var/lib/rutin/seals.log
echo "seal_file = $seals" >>/etc/rutin/config
bo() { as_admin "$@" --db "$LOG" --user bo --passphrase-fd 3 3<"$TEST_TMP/bo"; }
chef seal
is "$status" 0 "a seal to the file the config names"
copy=/var/lib/rutin/deploy-tmp/night.db
chef backup --out "$copy"
is "$status" 0 "the night's copy"
chef user remove bo
like "$(tail -n 1 "$seals")" "accounts=" "bo's removal is sealed"
unlike "$(tail -n 1 "$seals")" "bo:caseworker" "(the newest seal no longer names him)"

# rutin-admin(7), RESTORE: one command, as the service account.
chef restore --from "$copy" --seals "$seals"
like "$status $out" "0 " "the copy is restored"
like "$out" "Removed again: bo (removed after the copy was made)." "bo is removed again"
bo events
is "$status" 2 "bo's passphrase opens nothing in the restored log"
chef verify --seals "$seals"
like "$status $out" "0 " "verify --seals: intact"
like "$out" "Restored from a copy by chef on " "and says the log was restored"
is "$(stat -c %U "$LOG" "$LOG.keys" "$LOG.lock" | sort -u)" "rutin" \
	"every file of the log is the service account's"

# A copy put back by hand is still a rollback.
chef backup --out /var/lib/rutin/deploy-tmp/second.db
chef seal
mkdir -p "$TEST_TMP/kept" && cp -p "$LOG" "$LOG.keys" "$TEST_TMP/kept/"
install -o rutin -g rutin -m 600 /var/lib/rutin/deploy-tmp/second.db "$LOG"
install -o rutin -g rutin -m 600 /var/lib/rutin/deploy-tmp/second.db.keys "$LOG.keys"
chef verify --seals "$seals"
like "$status $out" "1 " "a copy put back by hand fails verify --seals"
like "$out" "the log was rolled back" "named as a rollback"
cp -p "$TEST_TMP/kept/enhet.db" "$LOG" && cp -p "$TEST_TMP/kept/enhet.db.keys" "$LOG.keys"

# Seals to syslog with no syslog daemon: not delivered is an error.
echo "seal_syslog = yes" >>/etc/rutin/config
if [ ! -e /dev/log ]; then
	chef seal
	like "$status $err" "2 rutin seal: the seal was not sent to syslog: /dev/log: " \
		"rutin seal with no syslog daemon fails, saying so"
	run "$RUTIN" doctor
	like "$out" "FIX  seals go to syslog, but /dev/log: " "and doctor says the seals reach no syslog"
else
	skip "rutin seal with no syslog daemon: this machine has one"
	skip "doctor on seals with no syslog: the same"
fi
sed -i -e "\|^seal_file = $seals\$|d" -e '/^seal_syslog = yes$/d' /etc/rutin/config
done_testing

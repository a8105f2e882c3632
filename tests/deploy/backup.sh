# The nightly backup as the package ships it: rutin-backup.service and
# its timer, off until the administrator turns the timer on. Where
# systemd runs the machine the service is started by systemctl; where it
# does not (a container), its ExecStart is run as the unit says: as
# User=rutin, standard input from the StandardInput file. It makes a
# time-stamped copy, keeps the newest of each of 7 days and 12 months
# (older stamped copies of 2019 and 2020, made here, are culled; a copy
# of another name is not touched), and a failure is reported by
# rutin-backup-failed.service. (After shared.sh: its log, its backup
# account and its passphrase file.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 17

unit=$(dpkg -L rutin | grep '/systemd/system/rutin-backup.service$')
dir=${unit%/*}
is "$(ls "$dir" | grep '^rutin-backup' | tr '\n' ' ')" \
	"rutin-backup-failed.service rutin-backup-failed@.service rutin-backup.service rutin-backup.timer rutin-backup@.service rutin-backup@.timer " \
	"the package ships the backup's service, its timer and the failure report (and their templates for units)"
is "$(ls /etc/systemd/system/timers.target.wants 2>/dev/null | grep -c rutin)" "0" \
	"the timer is off until the administrator turns it on"
is "$(stat -c '%U %a' /var/backups/rutin)" "rutin 700" "the copies' folder is the service account's, private"
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
	run systemd-analyze verify "$dir/rutin-backup.service" "$dir/rutin-backup.timer" \
		"$dir/rutin-backup-failed.service"
	is "$status $err" "0 " "systemd-analyze verify accepts the units"
else
	skip "systemd-analyze verify: systemd does not run this machine"
fi

# Copies of earlier years, as the service names them.
for d in 01 02 03 04 05 06 07 08 09 10; do
	install -o rutin -g rutin -m 600 /dev/null "/var/backups/rutin/enhet-2020-01-${d}T021500.db"
	install -o rutin -g rutin -m 600 /dev/null "/var/backups/rutin/enhet-2020-01-${d}T021500.db.keys"
done
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	install -o rutin -g rutin -m 600 /dev/null "/var/backups/rutin/enhet-2019-${m}-15T021500.db"
done
others=$(ls /var/backups/rutin | grep -v '^enhet-20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T')

# run_service: the service as systemd runs it.
run_service() {
	if [ -d /run/systemd/system ]; then
		run systemctl start rutin-backup.service
	else
		exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
		stdin=$(sed -n 's/^StandardInput=file://p' "$unit")
		# As systemd runs a service: the root folder, the account's
		# home, a clean environment, no terminal.
		user=$(sed -n 's/^User=//p' "$unit")
		run runuser -u "$user" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" LOGNAME="$user" \
			sh -c "cd / && umask 077 && exec $exec_start <$stdin"
	fi
}
run_service
is "$status $err" "0 " "the backup service runs"
made=$(ls /var/backups/rutin | grep '^enhet-20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9]*\.db$' | sort | tail -n 1)
like_re "$made" '^enhet-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}\.db$' "it made a copy with a time-stamped name"
is "$(stat -c '%U %a' "/var/backups/rutin/$made" "/var/backups/rutin/$made.keys" | tr '\n' ' ')" \
	"rutin 600 rutin 600 " "the copy and its keyring: the service account's, 0600"
left=$(ls /var/backups/rutin | grep '^enhet-20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9]*\.db$' | grep -v "^$made$" | tr '\n' ' ')
is "$left" "enhet-2019-03-15T021500.db enhet-2019-04-15T021500.db enhet-2019-05-15T021500.db enhet-2019-06-15T021500.db enhet-2019-07-15T021500.db enhet-2019-08-15T021500.db enhet-2019-09-15T021500.db enhet-2019-10-15T021500.db enhet-2019-11-15T021500.db enhet-2019-12-15T021500.db enhet-2020-01-05T021500.db enhet-2020-01-06T021500.db enhet-2020-01-07T021500.db enhet-2020-01-08T021500.db enhet-2020-01-09T021500.db enhet-2020-01-10T021500.db " \
	"it keeps the newest of 7 days (today's and 6 of 2020) and of 12 months, and removes the rest"
[ -e /var/backups/rutin/enhet-2020-01-01T021500.db.keys ] && fail "a removed copy's keyring goes with it" ||
	pass "a removed copy's keyring goes with it"
is "$(ls /var/backups/rutin | grep -v '^enhet-20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T')" "$others" \
	"copies of other names (the crontab's) are not touched"
as_admin verify --db "/var/backups/rutin/$made" --backup --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
is "$status" 0 "the copy verifies"

# The crontab line of rutin(1), for a machine without systemd, as cron
# runs it (sh, as the service account).
line=$(sed -n 's/^15 2 \* \* \* //p' "$RUTIN_SRCDIR/doc/rutin.1" | sed 's/\\-/-/g')
like "$line" "rutin backup --into /var/backups/rutin" "rutin(1) has the one crontab line"
# (The copies' names have a second's resolution: not the service's.)
sleep 1
run runuser -u rutin -- sh -c "cd / && $line"
like "$status $out" "0 Backed up" "and it runs as the service account's crontab would"

# A failure: a passphrase that opens nothing. The service fails, and the
# failure unit says so at error priority.
cp -p /var/lib/rutin/backup.pass "$TEST_TMP/backup.pass.kept"
printf 'not the passphrase\n' >/var/lib/rutin/backup.pass
run_service
[ "$status" -ne 0 ] && pass "with a wrong passphrase the service fails" ||
	fail "with a wrong passphrase the service fails"
cp -p "$TEST_TMP/backup.pass.kept" /var/lib/rutin/backup.pass
failunit=$(dpkg -L rutin | grep '/systemd/system/rutin-backup-failed.service$')
like "$(grep '^OnFailure=' "$unit")" "OnFailure=rutin-backup-failed.service" "the service names its failure unit"
report=$(sed -n 's/^ExecStart=//p' "$failunit")
run env -u JOURNAL_STREAM PATH=/usr/bin:/bin "$report"
like "$out" "<3>rutin: the nightly copy of the unit's log FAILED on " \
	"the failure unit writes at error priority (<3>: the journal's err)"
if [ -S /dev/log ] || command -v sendmail >/dev/null; then
	is "$status" 0 "and to syslog or mail"
else
	like "$status $err" "1 rutin: no journal, syslog or mail took the message" \
		"with no journal, syslog or mail it fails, saying so"
fi
done_testing

# Removing the package keeps the unit's log and the rutin account; purging
# says where the logs are and keeps them too. (Last: tests/deploy/run
# cleans up after it.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 12

before=$(sha256sum "$LOG" | cut -d' ' -f1)
run env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q rutin
is "$status" 0 "apt-get remove rutin"
[ -x /usr/bin/rutin ] && fail "the program is gone" || pass "the program is gone"
is "$(sha256sum "$LOG" | cut -d' ' -f1)" "$before" "the unit's log is kept, unchanged"
[ -f "$LOG.keys" ] && pass "and its keyring" || fail "and its keyring"
[ -f /etc/rutin/config ] && pass "the config stays until purge" || fail "the config stays until purge"
run dpkg --purge rutin
like "$status $out" "0 (" "dpkg --purge rutin"
like "$out" "rutin: the logs in /var/lib/rutin are kept" "purging says where the logs are"
like "$out" "rutin: the copies in /var/backups/rutin are kept too" "and where the backups are"
like "$out" "the backup account's passphrase file /var/lib/rutin/backup.pass" "and the backup's passphrase file"
is "$(sha256sum "$LOG" | cut -d' ' -f1)" "$before" "and keeps them"
[ -e /etc/rutin/config ] && fail "the config goes with the purge" || pass "the config goes with the purge"
is "$(getent passwd rutin | cut -d: -f1)" "rutin" "the account stays, so the files keep their owner"
done_testing

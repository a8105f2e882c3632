# What installing rutin's Debian package made (tests/deploy/run installed
# it): the rutin service account and group, the group rutin-users,
# /var/lib/rutin (0700, the account's), /etc/rutin/config and
# /etc/rutin/routines, the sudoers drop-in shipped disabled but valid, the
# man pages; and that the installed rutin reads the system's config and
# the organisation's routines.
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 22

is "$(getent passwd rutin | cut -d: -f6,7)" "/var/lib/rutin:/usr/sbin/nologin" \
	"a rutin system account, home /var/lib/rutin, no shell"
like_re "$(id -u rutin)" "^[0-9]+$" "with a uid"
[ "$(id -u rutin)" -lt 1000 ] && pass "a system uid (below 1000)" || fail "a system uid" "got $(id -u rutin)"
is "$(id -gn rutin)" "rutin" "its own group rutin"
like "$(getent group rutin-users)" "rutin-users:" "a group rutin-users for the caseworkers"
is "$(stat -c '%U:%G %a' /var/lib/rutin)" "rutin:rutin 700" "/var/lib/rutin: the account's, 0700"
is "$(stat -c '%U %a' /etc/rutin/config)" "root 644" "/etc/rutin/config"
like "$(cat /var/lib/dpkg/info/rutin.conffiles)" "/etc/rutin/config" "is a conffile (an upgrade keeps the administrator's)"
is "$(stat -c '%F' /etc/rutin/routines)" "directory" "/etc/rutin/routines for the organisation's routines"
is "$(stat -c '%U:%G %a' /etc/sudoers.d/rutin)" "root:root 440" "the sudoers drop-in: root's, 0440"
like_re "$(cat /etc/sudoers.d/rutin)" "^#%rutin-users ALL=\(rutin\) NOPASSWD: /usr/bin/rutin$" \
	"its rule is shipped commented out"
run visudo -c -f /etc/sudoers.d/rutin
is "$status" 0 "visudo finds the drop-in valid"
run sudo -l -U nobody
unlike "$out" "/usr/bin/rutin" "disabled: sudo grants nothing through it"
like "$(dpkg-query -W -f='${Depends}' rutin)" "libsqlcipher1 (>= 4.5)" \
	"it depends on SQLCipher 4.5 or newer (Debian 12: bookworm-backports)"
run "$RUTIN" --version
like "$status $out" "0 rutin $(dpkg-parsechangelog -l "$RUTIN_SRCDIR/debian/changelog" -S Version)" \
	"/usr/bin/rutin runs, and says the package's version"
[ -f /usr/share/man/man1/rutin.1.gz ] && pass "man rutin" || fail "man rutin"
[ -f /usr/share/man/man7/rutin-admin.7.gz ] && pass "man 7 rutin-admin" || fail "man 7 rutin-admin"
run "$RUTIN" lint /usr/share/rutin/routines /usr/share/rutin/exercises
is "$status" 0 "the installed routines and exercises pass lint"

# The system's config and the organisation's routines are the
# installed rutin's (sysconfdir /etc).
cp "$RUTIN_SRCDIR/checklists/examples/exempel.yaml" /etc/rutin/routines/
title=$(sed -n 's/^title: *//p' /etc/rutin/routines/exempel.yaml | cut -c1-27)
as_admin init --db "$RT/cfg.db" --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
is "$status" 0 "the service account makes a log in its folder"
echo "nosuchkey = 1" >>/etc/rutin/config
bad_line=$(wc -l </etc/rutin/config)
as_admin verify --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
like "$status $err" "2 /etc/rutin/config:$bad_line: unknown key 'nosuchkey'" \
	"a bad line in /etc/rutin/config stops rutin, naming the file and line"
sed -i '/^nosuchkey/d' /etc/rutin/config
as_admin user add bo --role caseworker --db "$RT/cfg.db" --user chef --passphrase-fd 3 \
	--new-passphrase-fd 4 3<"$TEST_TMP/chef" 4<"$TEST_TMP/bo"
printf 'text %s\nEnter\nsave-display %s\nF10\n' "$(cat "$TEST_TMP/bo")" "$RT/home.txt" >"$RT/keys"
chown rutin "$RT/keys" && chmod 600 "$RT/keys"
run runuser -u rutin -- env RUTIN_KEYS="$RT/keys" "$RUTIN" --db "$RT/cfg.db" --user bo
like "$status $(cat "$RT/home.txt" 2>/dev/null)" "0 " "the interface opens with the system's config"
like "$(cat "$RT/home.txt" 2>/dev/null)" "$title" "and offers the organisation's routine from /etc/rutin/routines"
rm -f /etc/rutin/routines/exempel.yaml
done_testing

# Over ssh, the recipe of rutin-admin(7): a real sshd on 127.0.0.1 with a
# config of its own, key authentication, and for the group rutin-users a
# ForceCommand that runs rutin as the service account through sudo.
# Driven by `ssh -tt` in tmux, the caseworker lands in rutin and nowhere
# else: no shell, no other command, no file copied, no forwarding; her run
# carries her login. (After shared.sh: its users, log and sudo rule.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 19

port=$((20000 + $$ % 20000))
sshd_setup sshd rutin-users "$port"
run /usr/sbin/sshd -t -f "$TEST_TMP/sshd.conf"
is "$status $err" "0 " "sshd accepts the recipe's config"
/usr/sbin/sshd -f "$TEST_TMP/sshd.conf" -E "$DEPLOY_OUT/sshd.log"
poll 5 test -s "$DEPLOY_OUT/sshd.pid"
like_re "$(cat "$DEPLOY_OUT/sshd.pid" 2>/dev/null)" "^[0-9]+$" "sshd runs on 127.0.0.1:$port"

# Her rutin account is named as her login (rutin-admin(7)), so rutin
# needs no --user.
chef user add rt-anna --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/anna"
is "$status" 0 "an account named as her login"
# She logs in with a terminal: rutin, on the unit's log, in Swedish (ssh
# passes no language here).
term_start ssh "ssh -tt $ssh_opts rt-anna@127.0.0.1"
term_see ssh "Lösenfras:" "ssh -tt lands her in rutin, which asks for her passphrase"
term_see ssh "rt-anna" "for her account, named after sudo's caller"
term_type ssh "$(cat "$TEST_TMP/anna")"; term_keys ssh Enter
term_see ssh "Enhetens prov" "the unit's routines"
term_type ssh "Enhetens"; term_keys ssh Enter
term_type ssh "SN 2026/9"; term_keys ssh Enter
term_see ssh "Steg 1 av 3" "she starts a run"
term_keys ssh F10
term_see ssh "[exit 0]" "F10 quits rutin and ends the connection"
chef events
is "$(printf '%s\n' "$out" | grep '"type":"run.started"' | grep 'SN 2026/9' | grep -c '"login":"rt-anna"')" "1" \
	"the run started over ssh carries her login"

# Nowhere else: any command is rutin, files are not copied, nothing forwarded.
run ssh $ssh_opts rt-anna@127.0.0.1 id
unlike "$out" "uid=" "a command given to ssh runs rutin instead"
like "$err" "rutin: gränssnittet behöver en terminal" "(rutin says it needs a terminal)"
run ssh -tt $ssh_opts rt-anna@127.0.0.1 /bin/sh -c 'cat /var/lib/rutin/enhet.db.keys'
like "$out" "Lösenfras:" "a shell command with a terminal: rutin again"
unlike "$out" "rutin-keyring" "and no keyring"
run scp -o BatchMode=yes -i "$TEST_TMP/anna_key" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile="$TEST_TMP/known" -P "$port" "rt-anna@127.0.0.1:/etc/passwd" "$TEST_TMP/copied"
[ -s "$TEST_TMP/copied" ] && fail "scp copies no file" || pass "scp copies no file"
run ssh $ssh_opts -W "127.0.0.1:$port" rt-anna@127.0.0.1
like "$err" "stdio forwarding failed" "no forwarding"

# doctor on the recipe, with the sudo rule turned off: over ssh sudo
# would ask her for a password. It tries the path as a member.
mkdir -p /etc/ssh/sshd_config.d
printf 'Match Group rutin-users\n\tForceCommand sudo -u rutin /usr/bin/rutin\n' \
	>/etc/ssh/sshd_config.d/rutin-deploy-test.conf
sed -i 's/^%rutin-users/#%rutin-users/' /etc/sudoers.d/rutin
run "$RUTIN" doctor
like "$status $out" "FIX  caseworkers reach rutin through an ssh forced command (/etc/ssh/sshd_config.d/rutin-deploy-test.conf), but tried as rt-anna (in rutin-users), sudo refuses: \"sudo: a password is required\"; the sudo rule in /etc/sudoers.d/rutin is commented out: turn it on with: " \
	"doctor: the ssh forced command with the sudo rule off is not ok"
unlike "$out" "ok   caseworkers reach" "(no ok for the way in)"
run sh -c "$(printf '%s\n' "$out" | sed -n 's/.*is commented out: turn it on with: //p')"
is "$status" 0 "the command doctor gives turns the rule on"
run "$RUTIN" doctor
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account (/etc/sudoers.d/rutin): tried as rt-anna" \
	"and then doctor finds the way in works"
rm -f /etc/ssh/sshd_config.d/rutin-deploy-test.conf
done_testing

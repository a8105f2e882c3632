# Twenty caseworkers, one log: the administrator's steps of rutin-admin(7)
# on the installed package, then two Unix users in rutin-users, each
# starting rutin through sudo in a terminal of her own (tmux), walking
# runs into the unit's log at the same time. verify finds it intact; each
# event carries the login that sat at the terminal; neither Unix account
# can read, list or copy /var/lib/rutin, with her own rights or through
# what the sudo rule lets her run; doctor on the deployment.
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 52

add_login rt-anna && add_login rt-bo
is "$?" 0 "two caseworkers' Unix accounts in rutin-users"
as_login rt-anna sudo -n -u rutin /usr/bin/rutin --version
is "$status" 1 "with the sudo rule shipped disabled, sudo refuses"

# The administrator, by what doctor says: the unit's log in the system's
# config, the sudo rule on, the log made by the service account, an
# account for each caseworker.
run "$RUTIN" doctor
like "$status $out" "1 rutin doctor: $HOME/.local/share/rutin/log.db
FIX  no db line in /etc/rutin/config names the unit's log" \
	"before configuration, doctor says no db line names the unit's log (and checks no folder of root's)"
run sh -c "$(printf '%s\n' "$out" | sed -n 's/.*opens a log of their own: add it with: //p')"
like "$status $(cat /etc/rutin/config)" "0 " "the command it gives runs"
like "$(cat /etc/rutin/config)" "
db = /var/lib/rutin/enhet.db" "and names the unit's log in /etc/rutin/config"
run "$RUTIN" doctor
like "$out" "--   the log named by db in /etc/rutin/config:" "doctor now names the line"
like "$out" "FIX  log /var/lib/rutin/enhet.db: there is no log here yet: make it with: sudo -u rutin rutin init --db /var/lib/rutin/enhet.db --user NAME" \
	"it says how to make the log, as the service account"
like "$out" "the sudo rule in /etc/sudoers.d/rutin is commented out: turn it on with: sed -i " \
	"and how to turn the shipped sudo rule on"
run sh -c "$(printf '%s\n' "$out" | sed -n 's/.*is commented out: turn it on with: //p')"
is "$status" 0 "the rule turned on by doctor's command (visudo checks the drop-in)"
cat >/etc/rutin/routines/enhetsprov.yaml <<'EOF2'
format: rutin/1
id: enhetsprov
version: 1
title: Enhetens prov
area: other
sections:
  - id: s
    title: Prov
    steps:
      - {id: kontroll, kind: check, prompt: Kontrollera akten, critical: true}
      - {id: samtal, kind: check, prompt: Ring den enskilda}
      - {id: notering, kind: text, prompt: Notering}
EOF2
as_admin init --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
is "$status" 0 "the unit's log is made (as the service account, where the config says)"
is "$(stat -c '%U %a' "$LOG" "$LOG.keys" | tr '\n' ' ')" "rutin 600 rutin 600 " \
	"the log and its keyring: the service account's, 0600"
for who in anna bo; do
	chef user add "$who" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$who"
done
is "$status" 0 "accounts for the two caseworkers"
as_login rt-anna sudo -n -u rutin /usr/bin/rutin --version
like "$status $out" "0 rutin" "rt-anna may now run rutin as the service account"
run "$RUTIN" doctor
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account (/etc/sudoers.d/rutin): tried as rt-anna (in rutin-users), sudo lets her in without a password" \
	"doctor tries the way in as a member of rutin-users"
# A rule that asks for a password: sudo -n refuses, as ssh would.
sed -i 's/NOPASSWD: //' /etc/sudoers.d/rutin
run "$RUTIN" doctor
like "$status $out" "FIX  caseworkers reach rutin through sudo as the rutin account (/etc/sudoers.d/rutin), but tried as rt-anna (in rutin-users), sudo refuses: \"sudo: a password is required\"; see what sudo allows her with: sudo -l -U rt-anna" \
	"a rule that asks for her password: doctor says sudo refuses her, and how to see why"
sed -i 's/(rutin) /(rutin) NOPASSWD: /' /etc/sudoers.d/rutin

# Both at once, each through sudo in her own terminal.
term_start anna "runuser -u rt-anna -- sudo -u rutin rutin --user anna --idle-lock 0"
term_start bo "runuser -u rt-bo -- sudo -u rutin rutin --user bo --idle-lock 0"
term_see anna "Passphrase:" "anna's terminal asks for her passphrase"
term_see bo "Passphrase:" "so does bo's"
for who in anna bo; do
	term_type "$who" "$(cat "$TEST_TMP/$who")"; term_keys "$who" Enter
done
term_see anna "Enhetens prov" "anna sees the organisation's routine beside the shipped ones"
term_see bo "Kontaktförbud" "bo sees the shipped routines"
n=0
for who in anna bo; do
	n=$((n + 1))
	term_type "$who" "Enhetens"; term_keys "$who" Enter
	term_type "$who" "SN 2026/$n"; term_keys "$who" Enter
done
term_see anna "Step 1 of 3" "anna's run begins"
term_see bo "Step 1 of 3" "bo's too"
for who in anna bo; do term_keys "$who" Enter; done
term_see anna "Step 2 of 3" "anna at the second step"
term_see bo "Step 2 of 3" "bo at the second step"
for who in anna bo; do term_keys "$who" Enter; done
term_see anna "Step 3 of 3" "anna at the third"
term_see bo "Step 3 of 3" "bo at the third"
for who in anna bo; do term_keys "$who" F10; done
term_see anna "[exit 0]" "anna quits (her run paused)"
term_see bo "[exit 0]" "bo quits"

# The log: intact, and who sat at each terminal.
chef verify
is "$status" 0 "verify: the unit's log is intact"
chef events
is "$(printf '%s\n' "$out" | grep -c '"account":"anna","run":"[^"]*","type":"step\.')" "2" \
	"anna's two steps are logged"
is "$(printf '%s\n' "$out" | grep '"account":"anna"' | grep -vc '"login":"rt-anna"')" "0" \
	"every event of anna's carries her login, rt-anna"
is "$(printf '%s\n' "$out" | grep '"account":"bo"' | grep -c '"login":"rt-bo"')" \
	"$(printf '%s\n' "$out" | grep -c '"account":"bo"')" "every event of bo's carries rt-bo"
is "$(printf '%s\n' "$out" | grep '"account":"chef"' | grep -c '"login"')" "0" \
	"the administrator's, made as the account itself, carry none"

# Neither caseworker reaches the files.
as_login rt-anna ls /var/lib/rutin
like "$status $err" "2 ls: cannot open directory '/var/lib/rutin': Permission denied" \
	"rt-anna cannot list /var/lib/rutin"
as_login rt-bo cat "$LOG.keys"
like "$status $err" "1 cat: $LOG.keys: Permission denied" "rt-bo cannot read the keyring"
as_login rt-anna cp "$LOG" /tmp/rt-anna-copy.db
like "$status $err" "Permission denied" "rt-anna cannot copy the log"
as_login rt-anna sudo -n -u rutin /bin/cat "$LOG.keys"
is "$status" 1 "sudo runs nothing else as the service account"
unlike "$out" "rutin-keyring" "(no keyring printed)"
as_login rt-anna sudo -n -u rutin /usr/bin/rutin lint "$LOG.keys"
like "$status $(rutin_lines "$err")" "2 rutin lint: $LOG.keys: run through sudo for rt-anna, rutin reads no file named on its command line" \
	"rutin through sudo reads no file by name for her"
unlike "$out" "rutin-keyring" "(nothing of the keyring printed)"
as_login rt-anna sudo -n -u rutin /usr/bin/rutin backup --out /tmp/rt-anna-copy.db --user anna
like "$status $(rutin_lines "$err")" "2 rutin backup: /tmp/rt-anna-copy.db: run through sudo for rt-anna, rutin makes no file" \
	"and makes no file for her: no copy of the log to take away"
[ -e /tmp/rt-anna-copy.db ] && fail "no copy was made" || pass "no copy was made"

# doctor, as the administrator runs it.
run "$RUTIN" doctor
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account (/etc/sudoers.d/rutin)" \
	"doctor (as root, the log from the config) finds the sudo rule"
like "$out" "ok   folder /var/lib/rutin: only its owner enters it (0700)" "and the folder private"
as_admin doctor --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
like "$status $out" "FIX  no backup was ever made of this log" "with an account, it says no backup was made"
like "$out" "FIX  log_id is not set in the config" "and asks for the log's identity in the config"
log_id=$(echo "$out" | sed -n 's/.*add the line: log_id = //p')
echo "log_id = $log_id" >>/etc/rutin/config
# The nightly backup as rutin-admin(7) sets it up: a backup account whose
# passphrase only the service account reads, and its crontab's command.
install -d -o rutin -g rutin -m 700 /var/backups/rutin
chef user add backup --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/chef"
install -o rutin -g rutin -m 600 "$TEST_TMP/chef" /var/lib/rutin/backup.pass
run runuser -u rutin -- sh -c 'cd / && rutin backup --out /var/backups/rutin/enhet-$(date +%F).db --user backup --passphrase-fd 3 3</var/lib/rutin/backup.pass'
is "$status $(stat -c '%U %a' /var/backups/rutin/enhet-"$(date +%F)".db)" "0 rutin 600" \
	"the crontab's backup line makes a private copy"
as_admin doctor --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
like "$out" "ok   the last backup was made" "doctor sees the backup"
like "$out" "ok   the log's identity is $log_id, as log_id in the config says" \
	"and the log's identity where the config names it"
# The group against the accounts: accounts are named as logins
# (rutin-admin(7)); anna and bo started with --user, so their logins
# have none.
like "$out" "FIX  rt-bo is in rutin-users but has no account of that name in the log: add one with: sudo -u rutin rutin user add rt-bo --role caseworker --user SUPERVISOR; or take her out: gpasswd -d rt-bo rutin-users" \
	"doctor: a member of rutin-users without an account"
like "$out" "--   accounts not named as a person's login, not compared with rutin-users: " \
	"and names the accounts it could not compare"
useradd -m -s /bin/sh -c "rutin deploy test" rt-cleo && usermod -p '*' rt-cleo
chef user add rt-cleo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"
as_admin doctor --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
like "$out" "FIX  the log's account rt-cleo is a login that is not in rutin-users (has she left?): remove the account with: sudo -u rutin rutin user remove rt-cleo --user SUPERVISOR" \
	"an account whose login is not in rutin-users: she may have left"
chef user remove rt-cleo
as_admin doctor --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
unlike "$out" "rt-cleo" "removed, doctor says nothing of her"
done_testing

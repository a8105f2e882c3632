# Two units on one server, as rutin-admin(7), UNITS sets them up: barn
# and vuxen, each a file in /etc/rutin/units with its log and its group,
# a sudo rule per group. rt-anna (rutin-barn) reaches barn's log without
# naming it and cannot open vuxen's; rt-bo the other way round. doctor
# checks both; each unit's nightly backup runs from the template unit.
# (After ssh.sh; removes what it made, but the logs, at the end.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 20

# The block of rutin-admin(7), UNITS, line by line, for barn as written
# and again for vuxen: the shell lines as they are, rutin's with the
# passphrase from a file (the page's ask for it on the terminal).
block=$(man_block "tests/deploy/units.sh runs this block")
like "$block" "addgroup --system rutin-barn" "rutin-admin(7), UNITS, gives the commands"
mkdir -p /etc/rutin/units
printf 'db = /var/lib/rutin/barn.db\ngroup = rutin-barn\n' >/etc/rutin/units/barn.conf
printf 'db = /var/lib/rutin/vuxen.db\ngroup = rutin-vuxen\n' >/etc/rutin/units/vuxen.conf
failed_line=
for u in barn vuxen; do
	who=rt-anna
	[ "$u" = vuxen ] && who=rt-bo
	while IFS= read -r line; do
		line=${line//rutin-barn/rutin-$u}
		line=${line//--unit barn/--unit $u}
		line=${line//adduser anna /adduser $who }
		case $line in
		"sudo -u rutin rutin "*)
			# The page's rutin line, as the service account, the
			# passphrase from a file; anna's account is the login's.
			set -- ${line#sudo -u rutin rutin }
			set -- "${@/#anna/$who}"
			extra=()
			[ "$1 $2" = "user add" ] && extra=(--new-passphrase-fd 4)
			as_admin "$@" --passphrase-fd 3 "${extra[@]}" 3<"$TEST_TMP/chef" \
				4<"$TEST_TMP/${who#rt-}"
			[ "$status" = 0 ] || failed_line="$line: $err"
			;;
		*)
			sh -c "$line" >/dev/null 2>"$TEST_TMP/line.err" ||
				failed_line="$line: $(cat "$TEST_TMP/line.err")"
			;;
		esac
		[ -z "$failed_line" ] || break 2
	done <<<"$block"
done
is "$failed_line" "" "every line of the block, for barn and for vuxen"
is "$(getent group rutin-barn | cut -d: -f4) $(getent group rutin-vuxen | cut -d: -f4)" "rt-anna rt-bo" \
	"two units' groups, a caseworker in each"
run visudo -c -f /etc/sudoers.d/rutin-units
is "$status $(grep -c NOPASSWD /etc/sudoers.d/rutin-units)" "0 2" "a sudo rule for each unit's group"
is "$(stat -c '%U %a' /var/lib/rutin/barn.db /var/lib/rutin/vuxen.db | tr '\n' ' ')" \
	"rutin 600 rutin 600 " "each unit's log made by the service account"
unit_chef() { local u=$1; shift; as_admin "$@" --unit "$u" --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"; }

# through_sudo LOGIN WHO ARGS: rutin through sudo as that login, her
# passphrase on standard input (in the command: run gives /dev/null).
through_sudo() {
	local login=$1 who=$2; shift 2
	as_login "$login" sh -c "printf '%s\n' '$(cat "$TEST_TMP/$who")' | sudo -n -u rutin /usr/bin/rutin $* --user $login --passphrase-fd 0"
}
through_sudo rt-anna anna events
is "$status" 0 "rt-anna, in one unit, opens its log without naming it (her passphrase is barn's)"
unit_chef barn events
is "$(printf '%s\n' "$out" | grep -c '"name":"rt-anna"')" "1" "(barn's, where her account is)"
through_sudo rt-anna anna events --unit vuxen
like "$status $(rutin_lines "$err")" "2 rutin events: rt-anna is not in rutin-vuxen, the group of unit vuxen: its log is not hers to open" \
	"rt-anna cannot open the other unit's log"
through_sudo rt-bo bo events --unit barn
like "$status $(rutin_lines "$err")" "2 rutin events: rt-bo is not in rutin-barn, the group of unit barn" \
	"nor rt-bo hers"
through_sudo rt-anna anna events --db /var/lib/rutin/vuxen.db
is "$status" 2 "nor by --db"

run "$RUTIN" doctor
like "$out" "rutin doctor: unit barn: /var/lib/rutin/barn.db" "doctor checks every unit"
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account (/etc/sudoers.d/rutin-units): tried as rt-anna (in rutin-barn)" \
	"trying barn's way in as a member of rutin-barn"
like "$out" "tried as rt-bo (in rutin-vuxen), sudo lets her in" "and vuxen's as a member of rutin-vuxen"

# Over ssh, as the page says: Match Group with both units' groups and the
# ForceCommand of OVER SSH. rt-anna lands in rutin on barn's log.
sshd_port=$((20000 + ($$ + 7) % 20000))
sshd_setup sshd-units rutin-barn,rutin-vuxen "$sshd_port"
/usr/sbin/sshd -f "$TEST_TMP/sshd-units.conf" -E "$DEPLOY_OUT/sshd-units.log"
poll 5 test -s "$DEPLOY_OUT/sshd-units.pid"
term_start units-ssh "ssh -tt $ssh_opts rt-anna@127.0.0.1"
term_see units-ssh "Lösenfras:" "over ssh, Match Group of the units' groups lands rt-anna in rutin"
term_type units-ssh "$(cat "$TEST_TMP/anna")"; term_keys units-ssh Enter
term_see units-ssh "Enhetens prov" "her passphrase of barn's log opens it"
term_type units-ssh "Enhetens"; term_keys units-ssh Enter
term_type units-ssh "SN 2026/11"; term_keys units-ssh Enter
term_see units-ssh "Steg 1 av 3" "she starts a run"
term_keys units-ssh F10
term_see units-ssh "[exit 0]" "F10 quits rutin and ends the connection"
unit_chef barn events
is "$(printf '%s\n' "$out" | grep '"type":"run.started"' | grep 'SN 2026/11' | grep -c '"login":"rt-anna"')" "1" \
	"the run is in barn's log, with her login"
kill "$(cat "$DEPLOY_OUT/sshd-units.pid")" 2>/dev/null
rm -f "$(getent passwd rt-anna | cut -d: -f6)/.ssh/authorized_keys"

# Each unit's nightly backup: the template unit, run as systemd would.
unit_chef barn user add backup --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/chef"
install -o rutin -g rutin -m 600 "$TEST_TMP/chef" /var/lib/rutin/barn.backup.pass
tmpl=$(dpkg -L rutin | grep '/systemd/system/rutin-backup@.service$')
exec_start=$(sed -n 's/^ExecStart=//p' "$tmpl" | sed 's/%i/barn/g')
stdin=$(sed -n 's/^StandardInput=file://p' "$tmpl" | sed 's/%i/barn/g')
run runuser -u rutin -- env -i PATH=/usr/bin:/bin HOME=/var/lib/rutin \
	sh -c "cd / && umask 077 && exec $exec_start <$stdin"
like "$status $out" "0 Säkerhetskopierade" "rutin-backup@barn.service copies barn's log (in Swedish: a service has no LANG)"
ls /var/backups/rutin | grep -q '^barn-[0-9-]*T[0-9]*\.db$' && pass "named after the unit's log" ||
	fail "named after the unit's log" "$(ls /var/backups/rutin)"

rm -rf /etc/rutin/units /etc/sudoers.d/rutin-units
gpasswd -d rt-anna rutin-barn >/dev/null; gpasswd -d rt-bo rutin-vuxen >/dev/null
groupdel rutin-barn; groupdel rutin-vuxen
done_testing

# Sourced by the shared-server tests (tests/deploy/run runs them as root,
# with the package installed): the installed rutin, the system's
# /etc/rutin, the unit's log in /var/lib/rutin, and the terminal helpers
# of tests/e2e/lib.sh.
# The installed program, which ignores the test clock tests/lib.sh sets.
RUTIN=/usr/bin/rutin
. "$RUTIN_SRCDIR/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
# The system's config and the accounts' own homes, as on a server.
unset RUTIN_SYSCONFDIR XDG_CONFIG_HOME XDG_DATA_HOME
LOG=/var/lib/rutin/enhet.db
# The tests' passphrases, in files only root reads: chef (the unit's
# supervisor), anna and bo (caseworkers). Their Unix logins are rt-anna
# and rt-bo.
for who in chef anna bo; do
	printf '%s deploy passphrase\n' "$who" >"$TEST_TMP/$who"
done
# A folder of the service account's for the tests' own files.
RT="/var/lib/rutin/deploy-tmp"
# Only with the package installed (tests/deploy/run): a folder made here
# without it would be root's, and the next run would refuse the machine.
getent passwd rutin >/dev/null || { echo "Bail out! the rutin package is not installed"; exit 1; }
mkdir -p "$RT" && chown rutin:rutin "$RT" && chmod 700 "$RT"
# as_admin CMD...: root running rutin as the service account (runuser
# keeps the descriptors sudo would close), with its own home as sudo -u
# sets it (rutin keeps its record of its last event there).
as_admin() {
	run runuser -u rutin -- env -u XDG_STATE_HOME HOME=/var/lib/rutin "$RUTIN" "$@"
}
# chef CMD...: a command of the supervisor's on the unit's log.
chef() { as_admin "$@" --db "$LOG" --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"; }
# as_login LOGIN CMD...: a command run by that Unix account.
as_login() { local who=$1; shift; run runuser -u "$who" -- "$@"; }
# rutin_lines TEXT: rutin's lines of it, without what sudo says first (a
# host without its name in /etc/hosts: "unable to resolve host").
rutin_lines() { printf '%s\n' "$1" | grep '^rutin'; }
# A Unix account in rutin-users, marked as the tests' for the cleanup.
add_login() {
	useradd -m -s /bin/sh -c "rutin deploy test" -G rutin-users "$1" &&
		usermod -p '*' "$1"
}
# man_block MARK: the block of rutin-admin(7) after the roff comment line
# `.\" MARK` up to its .fi, as a reader sees it (\- is -, \(aq is ', \e
# is \): the tests run what the page says.
man_block() {
	MARK=".\\\" $1" awk '$0 == ENVIRON["MARK"] { on = 1; next }
		on && /^\.fi/ { exit }
		on && !/^\.(nf|RS|RE)$/' "$RUTIN_SRCDIR/doc/rutin-admin.7" |
		sed -e "s/\\\\(aq/'/g" -e 's/\\-/-/g' -e 's/\\e/\\/g'
}
# sshd_setup TAG GROUPS PORT: rutin-admin(7)'s OVER SSH for a real sshd on
# 127.0.0.1:PORT: a host key, rt-anna's key in her authorized_keys
# ($TEST_TMP/anna_key), and $TEST_TMP/TAG.conf, whose Match Group GROUPS
# lands the caseworkers in rutin and nowhere else; its pid goes to
# $DEPLOY_OUT/TAG.pid. Sets ssh_opts, the client's options for rt-anna.
sshd_setup() {
	local tag=$1 groups=$2 port=$3 home
	mkdir -p /run/sshd && chmod 755 /run/sshd
	rm -f "$TEST_TMP/host_key" "$TEST_TMP/anna_key"
	ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/host_key" &&
		ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/anna_key"
	home=$(getent passwd rt-anna | cut -d: -f6)
	install -d -o rt-anna -g rt-anna -m 700 "$home/.ssh"
	install -o rt-anna -g rt-anna -m 600 "$TEST_TMP/anna_key.pub" "$home/.ssh/authorized_keys"
	cat >"$TEST_TMP/$tag.conf" <<EOF2
Port $port
ListenAddress 127.0.0.1
HostKey $TEST_TMP/host_key
PidFile $DEPLOY_OUT/$tag.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
# rutin-admin(7): the caseworkers land in rutin and nowhere else.
Match Group $groups
	ForceCommand sudo -u rutin /usr/bin/rutin
	DisableForwarding yes
	PermitTTY yes
EOF2
	ssh_opts="-i $TEST_TMP/anna_key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=$TEST_TMP/known -o LogLevel=ERROR -p $port"
}

# rutin doctor on a good deployment (private files and folder, a sudo
# rule, seals to a file, a backup and a seal of today) and on broken ones:
# a readable keyring, an open folder, no way in for caseworkers, no seal
# destination, no backup, files of another owner (as root). Exit 0 when
# nothing needs fixing, 1 when something does. (A log on a network or
# FUSE filesystem: db/fsinfo.c, tested by type in tests/unit/test_log.c;
# no NFS server here.)
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 64

srv="$TEST_TMP/srv"
db="$srv/log.db"
etc="$TEST_TMP/etc"
mkdir -p "$srv" "$etc/sudoers.d" "$etc/ssh" "$XDG_CONFIG_HOME/rutin"
chmod 700 "$srv"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
as() { run "$RUTIN" "$@" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }
doctor() { run "$RUTIN" doctor --db "$db" --etc "$etc" "$@"; }

run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
printf '%%rutin-users ALL=(rutin) NOPASSWD: /usr/bin/rutin\n' >"$etc/sudoers.d/rutin"
printf 'seal_file = %s\n' "$TEST_TMP/seals" >"$XDG_CONFIG_HOME/rutin/config"

# A new log: no backup yet.
doctor --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 1 "a log never backed up needs fixing"
like "$out" "FIX  no backup was ever made of this log" "doctor says so"
like "$out" "FIX  no seal was ever made of this log" "and that it was never sealed"
like_re "$out" "^--   the log's identity is [0-9a-f]{64} " "and shows the log's identity"
like "$out" "FIX  no routine is released in this log: it runs any routine file it finds" \
	"and that it runs any routine file, none being released"

as routines release "$RUTIN_SRCDIR/checklists/routines/kontaktforbud.yaml" --confirm --db "$db"
is "$status" 0 "a supervisor releases a routine"
as seal --db "$db"
as backup --db "$db" --out "$TEST_TMP/copy.db"
# As root (CI), the log belongs to a service account, as on a server;
# doctor run by root takes the folder's owner for the account rutin runs as.
[ "$(id -u)" = 0 ] && chown -R nobody "$srv"
doctor --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 0 "a good deployment: exit 0"
unlike "$out" "FIX" "nothing to fix"
like "$out" "ok   log $db: private (0600)" "the log is private"
like "$out" "ok   folder $srv: only its owner enters it (0700)" "so is its folder"
like "$out" "ok   $srv is on a local filesystem" "the filesystem is local"
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account ($etc/sudoers.d/rutin)" \
	"the sudo rule is found"
like "$out" "ok   seals are appended to $TEST_TMP/seals" "the seal destination"
like "$out" "ok   the last backup was made" "the last backup's age"
like "$out" "ok   every routine file with a release matches it" "the released routine matches its file"
like_re "$out" "^ok   SQLCipher 4\.([5-9]|[1-9][0-9])" "SQLCipher 4.5 or newer"
like "$out" "ok   libsodium" "and libsodium"

# Broken, one thing at a time.
chmod 644 "$db.keys"
doctor
like "$status $out" "FIX  keyring $db.keys has mode 0644: others may read it; chmod 600 $db.keys" \
	"a readable keyring"
chmod 600 "$db.keys"
chmod 755 "$srv"
doctor
like "$status $out" "FIX  folder $srv has mode 0755: others may list it" "an open folder"
chmod 700 "$srv"
rm "$etc/sudoers.d/rutin"
printf 'Match Group rutin-users\n    ForceCommand /usr/bin/rutin\n' >"$etc/ssh/sshd_config"
doctor
like "$out" "ok   caseworkers reach rutin through an ssh forced command ($etc/ssh/sshd_config)" \
	"an ssh forced command is found instead"
: >"$etc/ssh/sshd_config"
doctor
like "$status $out" "FIX  no sudo rule ($etc/sudoers.d) or ssh ForceCommand" \
	"no way in for caseworkers but the files themselves"
like "$out" "add the sudo rule of rutin-admin(7) to $etc/sudoers.d/rutin: %rutin-users ALL=(rutin) NOPASSWD: " \
	"and it gives the rule to add"
# The ssh recipe runs sudo; with the shipped rule commented out, sudo
# asks a password over ssh, and doctor says how to turn the rule on.
printf 'Match Group rutin-users\n    ForceCommand sudo -u rutin /usr/bin/rutin\n' >"$etc/ssh/sshd_config"
printf '#%%rutin-users ALL=(rutin) NOPASSWD: /usr/bin/rutin\n' >"$etc/sudoers.d/rutin"
doctor
like "$status $out" "1 rutin doctor: $db" "(the log it looks at)"
like "$out" "FIX  caseworkers are to reach rutin through an ssh forced command ($etc/ssh/sshd_config) that runs sudo, but no sudo rule lets them; the sudo rule in $etc/sudoers.d/rutin is commented out: turn it on with: sed -i 's/^#%rutin-users/%rutin-users/' $etc/sudoers.d/rutin && visudo -c -f $etc/sudoers.d/rutin" \
	"an ssh forced command through sudo with the rule commented out: the command that turns it on"
unlike "$out" "ok   caseworkers reach" "and no ok for the way in"
fix=$(printf '%s\n' "$out" | sed -n 's/.*is commented out: turn it on with: //p')
if command -v visudo >/dev/null; then
	run sh -c "$fix"
	is "$status" 0 "the command doctor gives turns the rule on (visudo checks it)"
else
	run sh -c "${fix%% && visudo*}"
	is "$status" 0 "the command doctor gives turns the rule on (no visudo here to check it)"
fi
doctor
like "$out" "ok   caseworkers reach rutin through sudo as the rutin account ($etc/sudoers.d/rutin)" \
	"then doctor finds the rule"
like "$out" "--   whether sudo lets a member of rutin-users in is tried only on the system itself" \
	"and says it tries sudo itself only on the system's own /etc"
rm "$etc/sudoers.d/rutin"
: >"$etc/ssh/sshd_config"

# What is missing, with the command that makes it.
doctor --db "$TEST_TMP/none/log.db"
like "$status $out" "1 rutin doctor: $TEST_TMP/none/log.db" "a log in a folder that does not exist"
if [ "$(id -u)" = 0 ]; then
	like "$out" "FIX  folder $TEST_TMP/none does not exist: make it with: install -d -m 700 -o rutin -g rutin $TEST_TMP/none; then the log with: sudo -u rutin rutin init --db $TEST_TMP/none/log.db --user NAME" \
		"doctor says how to make the folder and the log"
else
	like "$out" "FIX  folder $TEST_TMP/none does not exist: make it with: mkdir -p -m 700 $TEST_TMP/none; then the log with: rutin init --db $TEST_TMP/none/log.db --user NAME" \
		"doctor says how to make the folder and the log"
fi
unlike "$out" "local filesystem" "and claims nothing of a folder that is not there"
mkdir -m 700 "$TEST_TMP/empty"
doctor --db "$TEST_TMP/empty/log.db"
like "$out" "FIX  log $TEST_TMP/empty/log.db: there is no log here yet: make it with: " "a folder without a log: init"
like "$out" "rutin init --db $TEST_TMP/empty/log.db --user NAME" "(the command)"
unlike "$out" "keyring" "(no second line for its keyring)"
mv "$db.keys" "$TEST_TMP/keys.away"
doctor
like "$out" "FIX  keyring $db.keys: missing, and without it no one opens the log: put back the keyring of its last backup" \
	"a log without its keyring"
mv "$TEST_TMP/keys.away" "$db.keys"
# The log the config names, and where; root with none named.
mkdir -p "$RUTIN_SYSCONFDIR"
printf '# the unit\ndb = %s\n' "$db" >"$RUTIN_SYSCONFDIR/config"
run "$RUTIN" doctor --etc "$etc"
like "$out" "rutin doctor: $db
--   the log named by db in $RUTIN_SYSCONFDIR/config:2" "doctor names the config line that names the log"
rm "$RUTIN_SYSCONFDIR/config"
run "$RUTIN" doctor --etc "$etc"
if [ "$(id -u)" = 0 ]; then
	like "$status $out" "1 rutin doctor: $XDG_DATA_HOME/rutin/log.db
FIX  no db line in $RUTIN_SYSCONFDIR/config names the unit's log, so rutin run by caseworkers opens a log of their own: add it with: echo 'db = /var/lib/rutin/enhet.db' >>$RUTIN_SYSCONFDIR/config" \
		"root with no db line: doctor says to name the unit's log, and checks no folder of root's"
	unlike "$out" "$XDG_DATA_HOME/rutin is on a local" "(nothing said of root's own folder)"
else
	like "$out" "--   no --db and no db line in $RUTIN_SYSCONFDIR/config: this account's own log" \
		"no db line: doctor says it looks at the account's own log"
	pass "(root's case: needs root)"
fi
: >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$out" "FIX  no seal destination" "no seal destination"

# Seals forwarded by rsyslog over RELP: its statistics file (impstats'
# own lines, as rsyslog 8.2302 writes them) says what waits unacknowledged.
stats="$TEST_TMP/rsyslog-stats"
stats_line() {
	printf '%s: rutin-seals: origin=core.action processed=3 failed=0 suspended=0 suspended.duration=0 resumed=0 \n' "$2"
	printf '%s: rutin-seals queue: origin=core.queue size=%s enqueued=3 full=0 discarded.full=0 discarded.nf=0 maxqsize=3 \n' "$2" "$1"
}
printf 'seal_syslog = yes\n' >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$out" "--   whether the seals reach the central log server: with rsyslog forwarding them over RELP, set seal_queue_stats = FILE" \
	"seals to syslog: doctor says what it cannot see, and how to let it"
printf 'seal_syslog = yes\nseal_queue_stats = %s\n' "$stats" >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$out" "FIX  rsyslog's statistics $stats (seal_queue_stats): No such file or directory: load impstats" \
	"no statistics file: FIX with what to load"
{ stats_line 2 "Mon Dec  7 00:58:26 2026"; stats_line 0 "Mon Dec  7 00:59:26 2026"; } >"$stats"
now=$(clock_date %s)
touch -d "@$now" "$stats"
doctor
like "$out" "ok   no seal waits in rsyslog's queue unacknowledged by the collector (rsyslog's statistics of $(date -d "@$now" '+%Y-%m-%d %H:%M'))" \
	"the last line says none waits: ok"
stats_line 2 "Mon Dec  7 01:00:26 2026" >>"$stats"
touch -d "@$(clock_date %s)" "$stats"
doctor
like "$status $out" "1 " "two seals unacknowledged: exit 1"
like "$out" "FIX  2 seals wait in rsyslog's queue, not yet acknowledged by the collector" \
	"and doctor says how many wait"
touch -d "@$(( $(clock_date %s) - 3600 ))" "$stats"
doctor
like "$out" "FIX  rsyslog has written no statistics to $stats since " \
	"statistics an hour old: rsyslog is not running"
sed -i 's/rutin-seals/other-action/' "$stats"
touch -d "@$(clock_date %s)" "$stats"
doctor
like "$out" "FIX  rsyslog's statistics $stats name no action \"rutin-seals\"" \
	"statistics without the action: its name is said"
printf 'seal_file = %s\nspace_left = 100000000\n' "$TEST_TMP/seals" >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$status $out" "1 " "less free than space_left: exit 1"
like_re "$out" "^FIX  only [0-9]+ MB free in $srv \\(space_left = 100000000 MB\\): a full disk stops every caseworker's logging" \
	"doctor names the threshold it used"
mkfifo "$TEST_TMP/fifo"
printf 'seal_syslog = yes\nseal_queue_stats = %s/fifo\n' "$TEST_TMP" >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$status $out" "1 " "a FIFO where the statistics should be: doctor does not hang"
like "$out" "FIX  rsyslog's statistics $TEST_TMP/fifo (seal_queue_stats): Invalid argument" \
	"and says it cannot read it"
printf 'seal_queue_stats = var/log/stats\n' >"$XDG_CONFIG_HOME/rutin/config"
doctor
like "$status $err" "1 $XDG_CONFIG_HOME/rutin/config:1: seal_queue_stats must be an absolute path" \
	"a relative path is refused, naming the file and line"
: >"$XDG_CONFIG_HOME/rutin/config"
doctor --user anna --passphrase-fd 3 3<"$TEST_TMP/nowhere"
is "$status" 1 "a passphrase that cannot be read is a finding too"
if [ "$(id -u)" = 0 ]; then
	chown root "$db"
	doctor
	like "$out" "FIX  log $db belongs to uid 0, not to the account rutin runs as (uid $(id -u nobody))" \
		"a log of another owner than its folder's (as root)"
	chown -R root "$srv"
	doctor
	like "$out" "FIX  log $db belongs to root: run rutin as a service account" \
		"a log of root's"
else
	skip "a log of another owner: needs root to chown"
	skip "a log of root's: needs root"
fi
printf '%s\n' "$out" | grep -q '^ok   \|^FIX  \|^--   \|^rutin doctor: ' &&
	[ -z "$(printf '%s\n' "$out" | grep -v '^ok   \|^FIX  \|^--   \|^rutin doctor: ')" ] &&
	pass "one finding a line" || fail "one finding a line" "$out"
run "$RUTIN" doctor --db "$db" extra
is "$status" 2 "an operand is a usage error"

# Through sudo (SUDO_USER and SUDO_UID as sudo sets them, for a process
# that runs as another account): every event carries the real login.
# (sudo itself is not installed here: this is rutin's side of it.) The
# unit's log is the config's: through sudo --db names only that one.
printf 'db = %s\n' "$db" >"$XDG_CONFIG_HOME/rutin/config"
run env SUDO_USER=bo-unix SUDO_UID=54321 "$RUTIN" seal --db "$db" --user anna \
	--passphrase-fd 3 3<"$TEST_TMP/anna"
as events --db "$db"
like "$(no_author_prev "$(printf '%s\n' "$out" | tail -1)")" '"account":"anna","run":null,"type":"log.sealed","fields":{"accounts":"anna:supervisor","login":"bo-unix"}' \
	"an event appended through sudo names the login beside the account"
run env SUDO_USER=bo-unix SUDO_UID="$(id -u)" "$RUTIN" seal --db "$db" --user anna \
	--passphrase-fd 3 3<"$TEST_TMP/anna"
as events --db "$db"
unlike "$(printf '%s\n' "$out" | tail -1)" '"login"' "not when rutin runs as the one who asked"
run env SUDO_USER='bo unix;x' SUDO_UID=54321 "$RUTIN" seal --db "$db" --user anna \
	--passphrase-fd 3 3<"$TEST_TMP/anna"
as events --db "$db"
unlike "$(printf '%s\n' "$out" | tail -1)" '"login"' "nor a name that is no account name"
as verify --db "$db"
is "$status" 0 "verify: intact"

# A log on FUSE (bindfs: a real FUSE mount of a local folder) is refused,
# and doctor says so; a bind mount is the same local filesystem and fine.
# Both need root, and FUSE a /dev/fuse (not in a minimal chroot).
fuse="$TEST_TMP/fuse"
mkdir -p "$fuse/under" "$fuse/over" "$fuse/bound"
chmod 700 "$fuse/under" "$fuse/over" "$fuse/bound"
if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ] && command -v bindfs >/dev/null &&
	bindfs "$fuse/under" "$fuse/over" 2>/dev/null; then
	run "$RUTIN" init --db "$fuse/over/log.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
	like "$status $err" "2 rutin init: $fuse/over/log.db is on a network filesystem (fuse" \
		"a log on FUSE is refused at init, saying why"
	cp "$db" "$db.keys" "$fuse/under/"
	doctor --db "$fuse/over/log.db"
	like "$status $out" "FIX  $fuse/over/log.db is on a network filesystem (fuse" \
		"doctor on a log on FUSE: fix it"
	as events --db "$fuse/over/log.db"
	like "$status $err" "2 rutin events: $fuse/over/log.db is on a network filesystem" \
		"and rutin does not open it"
	fusermount -u "$fuse/over" 2>/dev/null || umount "$fuse/over"
else
	skip "a log on FUSE: needs root, /dev/fuse and bindfs (scripts/install-deps --test)"
	skip "doctor on FUSE: the same"
	skip "rutin does not open a log on FUSE: the same"
fi
if [ "$(id -u)" = 0 ] && mount --bind "$srv" "$fuse/bound" 2>/dev/null; then
	doctor --db "$fuse/bound/log.db"
	like "$out" "ok   $fuse/bound is on a local filesystem" "a bind mount of a local folder is local"
	umount "$fuse/bound"
else
	skip "a bind mount: needs root and mount"
fi
done_testing

# Seals off the server, as rutin-admin(7), SEALS, says: two rsyslog
# instances on loopback, this server's (the sender: rutin's lines, RELP,
# a disk queue, statistics every second instead of every minute) and the
# collector's, each from the block the man page gives. A seal reaches the
# collector's file and verify --seals reads it there; with the collector
# down a seal waits in the queue on disk and doctor says so (exit 1), also
# across a restart of the sender, and once the collector is back it
# arrives and doctor says ok. rutin sends to /dev/log: where a syslog
# daemon owns it, each rutin runs in a mount namespace of its own with the
# test's socket bound over it; where none does, /dev/log is a link to the
# test's socket while the test runs. (After restore.sh.)
. "${RUTIN_SRCDIR:-.}/tests/deploy/lib.sh"
plan 18

relp=$(dpkg -L rsyslog-relp 2>/dev/null | grep '/omrelp\.so$')
if ! command -v rsyslogd >/dev/null || [ -z "$relp" ]; then
	for i in $(seq 16); do skip "rsyslog and rsyslog-relp are not installed (scripts/install-deps --test)"; done
	exit 0
fi

dir=$(mktemp -d /tmp/rutin-relp.XXXXXX)
chmod 755 "$dir"
mkdir "$dir/send" "$dir/coll"
sender_pid=
collector_pid=
link=
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null; }
finish() {
	stop "$sender_pid"
	stop "$collector_pid"
	[ -n "$link" ] && rm -f /dev/log
	rm -rf "$dir"
	sed -i -e '/^seal_syslog = yes$/d' -e '/^seal_queue_stats = /d' /etc/rutin/config
}
trap finish EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=
for i in $(seq 20); do
	p=$((20000 + RANDOM % 20000))
	port_free "$p" && { port=$p; break; }
done
# until N CMD...: CMD succeeds within N fifths of a second.
until_ok() {
	local n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

{
	printf 'global(workDirectory="%s/send")\n' "$dir"
	printf 'module(load="imuxsock" SysSock.Name="%s/log.sock" SysSock.RateLimit.Interval="0")\n' "$dir"
	man_block "tests/deploy/relp.sh runs this block (the sender)" | sed -e 's/loggserver\.example\.se/127.0.0.1/' \
		-e "s/port=\"2514\"/port=\"$port\"/" -e 's/interval="60"/interval="1"/' \
		-e 's/action.resumeInterval="10"/action.resumeInterval="1"/' \
		-e "s|/var/log/rutin-rsyslog-stats|$dir/stats|"
} >"$dir/sender.conf"
{
	printf 'global(workDirectory="%s/coll")\n' "$dir"
	man_block "tests/deploy/relp.sh runs this block (the collector)" | sed -e "s/port=\"2514\")/port=\"$port\" address=\"127.0.0.1\")/" \
		-e "s|/var/log/rutin-seals.log|$dir/collected.log|"
} >"$dir/collector.conf"
like "$(cat "$dir/sender.conf")" 'action(type="omrelp" name="rutin-seals"' \
	"rutin-admin(7) gives the sender's block"
run rsyslogd -N1 -f "$dir/sender.conf"
is "$status" 0 "rsyslog takes the sender's block (rsyslogd -N1)"
run rsyslogd -N1 -f "$dir/collector.conf"
is "$status" 0 "and the collector's"

start_sender() {
	rm -f "$dir/stats"
	rsyslogd -n -f "$dir/sender.conf" -i "$dir/sender.pid" >>"$dir/sender.out" 2>&1 &
	sender_pid=$!
	until_ok 100 test -S "$dir/log.sock" && until_ok 100 test -s "$dir/stats"
}
start_collector() {
	rsyslogd -n -f "$dir/collector.conf" -i "$dir/collector.pid" >>"$dir/collector.out" 2>&1 &
	collector_pid=$!
	until_ok 100 eval '! port_free "$port"'
}
# The queue's size on rsyslog's newest statistics line is N.
queued() { tail -n 40 "$dir/stats" | grep 'rutin-seals queue:' | tail -n 1 | grep -q " size=$1 "; }
collected() {
	local n
	n=$(grep -c 'rutin-seal/1 ' "$dir/collected.log" 2>/dev/null)
	[ "${n:-0}" -ge "$1" ]
}

if [ -e /dev/log ] || [ -L /dev/log ]; then
	link=
else
	ln -s "$dir/log.sock" /dev/log && link=yes
fi
# "${with_log[@]}" CMD...: CMD with /dev/log reaching the test's sender.
with_log=()
[ -n "$link" ] || with_log=(unshare -m -- sh -c 'mount --bind "$1" /dev/log && shift && exec "$@"' \
	sh "$dir/log.sock")
seal() {
	run "${with_log[@]}" runuser -u rutin -- env -u XDG_STATE_HOME HOME=/var/lib/rutin \
		"$RUTIN" seal --db "$LOG" --user chef --passphrase-fd 3 3<"$TEST_TMP/chef"
}
doctor() { run "${with_log[@]}" "$RUTIN" doctor; }

printf 'seal_syslog = yes\nseal_queue_stats = %s/stats\n' "$dir" >>/etc/rutin/config
start_collector
start_sender
ok_if() { if "$@"; then pass "$desc"; else fail "$desc"; fi; }
desc="the two rsyslog instances run (port $port)"; ok_if test -n "$port" -a -S "$dir/log.sock"

seal
is "$status" 0 "rutin seal: rsyslog takes it"
desc="the seal reaches the collector's file over RELP"; ok_if until_ok 100 collected 1
chef verify --seals "$dir/collected.log"
like "$status $out" "0 " "verify --seals reads the collector's file: intact"
like "$out" "1 seal matches the log" "and finds the seal there"
until_ok 100 queued 0
doctor
like "$out" "ok   no seal waits in rsyslog's queue unacknowledged by the collector" \
	"doctor: every seal acknowledged"

# The collector down: the seals wait, on disk, also across a restart of
# rsyslog. (rsyslog 8.2302 loses the one seal its RELP action holds when
# it stops while the collector is down: rsyslog issues 3820 and 5364; the
# seals queued behind it are kept, and the newest seal vouches for all
# that the lost one did. rutin-admin(7), SEALS.)
stop "$collector_pid"
collector_pid=
seal
is "$status" 0 "with the collector down, rsyslog still takes a seal"
seal
is "$status" 0 "and another"
newest=$(printf '%s\n' "$out" | sed -n 's/.* seq=\([0-9]*\) .*/\1/p')
until_ok 100 queued 2
doctor
like "$status $out" "1 " "doctor: exit 1 while seals wait"
like "$out" "FIX  2 seals wait in rsyslog's queue, not yet acknowledged by the collector" \
	"and says how many wait unacknowledged"
stop "$sender_pid"
sender_pid=
desc="the queue is kept on disk when rsyslog stops"; ok_if ls "$dir/send/rutin-seals."*
start_sender
start_collector
newest_there() { grep -q "rutin-seal/1 .* seq=$newest " "$dir/collected.log"; }
desc="after both restart, the newest seal reaches the collector"; ok_if until_ok 150 newest_there
until_ok 100 queued 0
doctor
like "$out" "ok   no seal waits in rsyslog's queue unacknowledged by the collector" \
	"and doctor says none waits any more"
chef verify --seals "$dir/collected.log"
like "$status $out" "0 " "verify --seals on the collector's file: intact"
like "$out" "(event $newest)" "and the newest seal it checked is the last one made"
done_testing

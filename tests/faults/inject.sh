# Every durable step survives an injected fault (issue 25, §4). Each
# durable command runs under Debian's strace with one system call made to
# fail: in turn each pwrite64, write, fsync, fdatasync, rename, unlink,
# ftruncate and openat it makes, with EIO, ENOSPC and EINTR. After each
# run: the exit status says whether it failed, a failure says so on
# standard error (one clean line naming rutin's command), every account
# still opens the log, verify finds it intact, no event logged before is
# lost, and every file beside the log is mode 0600.
#
# Bounded for `make check` (CI): the last call of each kind that makes
# data durable, with EIO. `make check-faults` runs the whole sweep:
# FAULT_POINTS=0 (every call), every call kind above, every errno. The
# counts covered go to $FAULT_REPORT if set (tests/README has them).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

points=${FAULT_POINTS:-1}
calls=${FAULT_CALLS:-"pwrite64 write fsync fdatasync rename"}
errnos=${FAULT_ERRNOS:-EIO}
plan 8
why_not=""
command -v strace >/dev/null || why_not="strace is not installed (scripts/install-deps --test)"
[ "${FAULT_SKIP:-0}" = 1 ] && why_not="FAULT_SKIP=1 (scripts/test runs it once, in its first build)"
if [ -n "$why_not" ]; then
	for i in 1 2 3 4 5 6 7 8; do skip "$why_not"; done
	exit 0
fi

# LeakSanitizer cannot run under ptrace: in a sanitizer build the leak
# check is off for these runs (the rest of the suite keeps it).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

dir="$TEST_TMP/log"
base="$TEST_TMP/base"
mkdir -p "$dir" "$base"
db="$dir/log.db"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
printf 'cleo passphrase 333\n' >"$TEST_TMP/cleo"
# WRAP: what the command runs under (strace, or nothing).
WRAP=()
as() { who=$1; shift; "${WRAP[@]}" "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }

# The log every run starts from: anna (supervisor), bo, a seal.
as anna init >/dev/null 2>&1
as anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo" >/dev/null
as anna seal >/dev/null
cp -p "$dir"/log.db "$dir"/log.db.keys "$base"/
before=$(as anna verify | sed -n 's/.*intact: \([0-9]*\) events.*/\1/p')
is "$before" 4 "the starting log: 4 events, intact"

restore() {
	rm -f "$dir"/*
	cp -p "$base"/log.db "$base"/log.db.keys "$dir"/
	# anna's own-chain record (db/own.c) would name the events of the
	# last run, which the starting log does not hold.
	rm -rf "$XDG_STATE_HOME/rutin/own"
}

# The durable commands, as anna runs them (init makes its own log).
durable() {
	case $1 in
	seal) as anna seal ;;
	user-add) as anna user add cleo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/cleo" ;;
	user-remove) as anna user remove bo ;;
	passwd) as anna user passwd --new-passphrase-fd 4 4<"$TEST_TMP/anna" ;;
	rekey) as anna rekey ;;
	recovery-new) as anna recovery new ;;
	backup) as anna backup --out "$TEST_TMP/copy.db" ;;
	esac
}

# What must hold after a run, failed or not; prints the broken rule.
holds() {
	cmd=$1 status=$2 err=$3
	if [ "$status" != 0 ]; then
		case $err in
		"rutin "*) ;;
		*) echo "failed (exit $status) without saying so: '$err'"; return ;;
		esac
	fi
	out=$(as anna verify 2>&1)
	case $out in
	*"intact: "*) ;;
	*) echo "verify after it: $(printf '%s' "$out" | head -n 3)"; return ;;
	esac
	n=$(printf '%s\n' "$out" | sed -n 's/.*intact: \([0-9]*\) events.*/\1/p')
	[ "$n" -ge "$before" ] || { echo "events lost: $n of $before"; return; }
	# bo opens the log, unless his removal is what the events now say
	# (a removal logged whose output then failed is a removal).
	if ! as bo events >/dev/null 2>&1; then
		if [ "$cmd" != user-remove ] ||
		    as anna user list 2>/dev/null | grep -q '^bo '; then
			echo "bo cannot open the log"
			return
		fi
	fi
	for f in "$dir"/* "$TEST_TMP"/copy.db*; do
		[ -f "$f" ] || continue
		m=$(stat -c %a "$f")
		[ "$m" = 600 ] || { echo "$f is mode $m"; return; }
	done
}

# How many calls of `syscall` a command makes, counted by strace -c.
count_calls() {
	restore
	rm -f "$TEST_TMP"/copy.db*
	WRAP=(strace -f -qq -c -o "$TEST_TMP/counts" -e trace="$2")
	durable "$1" >/dev/null 2>&1
	WRAP=()
	awk -v s="$2" '$NF == s { print $4 }' "$TEST_TMP/counts" | head -n 1
}

# Which of 1..n to try: all, or `points` spread out, first and last.
pick() {
	n=$1
	if [ "$points" = 0 ] || [ "$n" -le "$points" ]; then
		seq 1 "$n"
	else
		awk -v n="$n" -v k="$points" 'BEGIN { if (k == 1) { print n; exit }
			for (i = 0; i < k; i++) print 1 + int(i * (n - 1) / (k - 1)) }' | sort -un
	fi
}

report=${FAULT_REPORT:-/dev/null}
for cmd in ${FAULT_COMMANDS:-seal user-add user-remove passwd rekey recovery-new backup}; do
	covered=0 bad=""
	for call in $calls; do
		total=$(count_calls "$cmd" "$call")
		[ -n "$total" ] && [ "$total" -gt 0 ] || continue
		for when in $(pick "$total"); do
			for e in $errnos; do
				restore
				rm -f "$TEST_TMP"/copy.db*
				WRAP=(strace -f -qq -o /dev/null -e trace="$call"
					-e inject="$call:error=$e:when=$when")
				err=$(durable "$cmd" 2>&1 >/dev/null)
				status=$?
				WRAP=()
				err=$(printf '%s\n' "$err" | grep -v '^+++\|^---' | head -n 1)
				why=$(holds "$cmd" "$status" "$err")
				covered=$((covered + 1))
				[ -z "$why" ] || bad="$bad
  $call #$when $e: $why"
			done
		done
	done
	echo "$cmd: $covered fault points" >>"$report"
	if [ -z "$bad" ]; then
		pass "$cmd: $covered injected faults, every rule holds"
	else
		fail "$cmd: $covered injected faults" "$bad"
	fi
done
done_testing

# Every durable step survives an injected fault (issue 25, §4). Each
# durable command — init, an append in a run (the interface, headless),
# seal, user add, user remove, user passwd, rekey, recovery new, backup,
# upgrade of a log of rutin 0.1 — runs under Debian's strace with one
# system call made to fail: in turn each pwrite64, write, fsync,
# fdatasync, rename, unlink, ftruncate and openat it makes, with EIO,
# ENOSPC and EINTR. After each run: the exit status says whether it
# failed, a failure says so on standard error (one clean line naming
# rutin's command), every account still opens the log, verify finds it
# intact, no event logged before is lost, and every file beside the log
# is mode 0600. init that failed leaves no log, or one that verifies; an
# upgrade that failed leaves the 0.1 log, which a second upgrade (no
# fault) then upgrades with every event.
#
# Bounded for `make check` (CI): the last call of each kind that makes
# data durable, with EIO. `make check-faults` runs the whole sweep:
# FAULT_POINTS=0 (every call), every call kind above, every errno. The
# counts covered go to $FAULT_REPORT if set (tests/README has them).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

commands=${FAULT_COMMANDS:-init append seal user-add user-remove passwd rekey recovery-new backup upgrade}
points=${FAULT_POINTS:-1}
calls=${FAULT_CALLS:-"pwrite64 write fsync fdatasync rename"}
errnos=${FAULT_ERRNOS:-EIO}
plan $((2 + $(echo $commands | wc -w)))
why_not=""
command -v strace >/dev/null || why_not="strace is not installed (scripts/install-deps --test)"
[ "${FAULT_SKIP:-0}" = 1 ] && why_not="FAULT_SKIP=1 (scripts/test runs it once, in its first build)"
if [ -n "$why_not" ]; then
	for i in $(seq 1 $((2 + $(echo $commands | wc -w)))); do skip "$why_not"; done
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

# A log of rutin 0.1 for upgrade (tests/tools/legacy_log): 7 events.
legacy="$TEST_TMP/legacy"
mkdir -p "$legacy"
"$RUTIN_BUILDDIR/tests/tools/legacy_log" "$legacy/log.db" <"$TEST_TMP/anna" >/dev/null

# The starting files for `cmd`: none for init, the 0.1 log for upgrade.
restore() {
	rm -f "$dir"/*
	case ${1:-} in
	init) ;;
	upgrade) cp -p "$legacy"/log.db "$legacy"/log.db.keys "$dir"/ ;;
	*) cp -p "$base"/log.db "$base"/log.db.keys "$dir"/ ;;
	esac
	# anna's own-chain record (db/own.c) would name the events of the
	# last run, which the starting log does not hold.
	rm -rf "$XDG_STATE_HOME/rutin/own"
}

# bo in the interface, headless: a contact-ban run started, one answer,
# paused at F10.
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter "text Kontakt" Enter "text KF 1" Enter n F10 \
	>"$TEST_TMP/walk"
walk() {
	RUTIN_KEYS="$TEST_TMP/walk" "${WRAP[@]}" "$RUTIN" --db "$db" --user bo \
		--routines "$RUTIN_SRCDIR/checklists/routines" --idle-lock 0
}

# The durable commands, as anna runs them (init makes its own log).
durable() {
	case $1 in
	init) as anna init ;;
	append) walk ;;
	upgrade) as anna upgrade ;;
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
	cmd=$1 status=$2 err=$3 least=$before
	if [ "$status" != 0 ]; then
		case $err in
		"rutin "* | "rutin: "*) ;;
		*) echo "failed (exit $status) without saying so: '$err'"; return ;;
		esac
	fi
	case $cmd in
	init)
		# No log, or a whole one.
		[ "$status" != 0 ] && [ ! -e "$db" ] && return
		least=1 ;;
	upgrade)
		# Still rutin 0.1's, then: a second upgrade takes it all.
		if [ "$status" != 0 ] && ! as anna upgrade >/dev/null 2>&1; then
			echo "a second upgrade, without the fault, fails"
			return
		fi
		least=7 ;;
	esac
	out=$(as anna verify 2>&1)
	case $out in
	*"intact: "*) ;;
	*) echo "verify after it: $(printf '%s' "$out" | head -n 3)"; return ;;
	esac
	n=$(printf '%s\n' "$out" | sed -n 's/.*intact: \([0-9]*\) events.*/\1/p')
	[ "$n" -ge "$least" ] || { echo "events lost: $n of $least"; return; }
	# bo opens the log, unless his removal is what the events now say
	# (a removal logged whose output then failed is a removal), or he
	# was never in it (init, the 0.1 log).
	case $cmd in init|upgrade) ;; *)
	if ! as bo events >/dev/null 2>&1; then
		if [ "$cmd" != user-remove ] ||
		    as anna user list 2>/dev/null | grep -q '^bo '; then
			echo "bo cannot open the log"
			return
		fi
	fi ;;
	esac
	for f in "$dir"/* "$TEST_TMP"/copy.db*; do
		[ -f "$f" ] || continue
		m=$(stat -c %a "$f")
		[ "$m" = 600 ] || { echo "$f is mode $m"; return; }
	done
}

# How many calls of `syscall` a command makes, counted by strace -c.
count_calls() {
	restore "$1"
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

# Without a fault, the walk appends (so its faults are an append's).
restore append
walk >/dev/null 2>&1
n=$(as anna verify | sed -n 's/.*intact: \([0-9]*\) events.*/\1/p')
is "$n" 7 "the walk in the interface appends: a run started, an answer, a pause"

report=${FAULT_REPORT:-/dev/null}
for cmd in $commands; do
	covered=0 bad=""
	for call in $calls; do
		total=$(count_calls "$cmd" "$call")
		[ -n "$total" ] && [ "$total" -gt 0 ] || continue
		for when in $(pick "$total"); do
			for e in $errnos; do
				restore "$cmd"
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

# Sourced by every shell test: a frozen environment and TAP helpers.
# See tests/README. Each test prints TAP; automake's driver reads it.
set -u

: "${RUTIN_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
# Run alone from the tree (bash tests/cli/lint.sh), a test finds the
# build: the source folder's own, then _build/ and the builds scripts/test
# makes. make check sets RUTIN_BUILDDIR itself. The tests run
# tests/bin/rutin: the program with the test clock (below), which make
# check builds (or make -C _build tests/bin/rutin).
if [ -z "${RUTIN_BUILDDIR:-}" ] && [ -z "${RUTIN:-}" ]; then
	for d in "$RUTIN_SRCDIR" "$RUTIN_SRCDIR/_build" "$RUTIN_SRCDIR/_build/check" \
	    "$RUTIN_SRCDIR/_build/asan"; do
		if [ -x "$d/tests/bin/rutin" ]; then RUTIN_BUILDDIR=$d; break; fi
	done
	if [ -z "${RUTIN_BUILDDIR:-}" ]; then
		echo "Bail out! no tests/bin/rutin built in $RUTIN_SRCDIR, _build/, _build/check/" \
		    "or _build/asan/: build it first (make -C _build tests/bin/rutin; see" \
		    "tests/README) or set RUTIN_BUILDDIR"
		exit 99
	fi
fi
# The deploy tests set RUTIN to the installed program before they come here.
if [ -z "${RUTIN:-}" ]; then
	RUTIN="$RUTIN_BUILDDIR/tests/bin/rutin"
	if [ ! -x "$RUTIN" ]; then
		echo "Bail out! $RUTIN is not built: make -C $RUTIN_BUILDDIR tests/bin/rutin"
		exit 99
	fi
fi
FIXTURES="$RUTIN_SRCDIR/tests/fixtures"

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rutin-sh.XXXXXX") || exit 99
trap 'rm -rf "$TEST_TMP"' EXIT

# English messages, UTC, a fixed terminal and a private home: a test that
# needs something else sets it on the command it runs.
unset LANG LC_MESSAGES LC_CTYPE RUTIN_LOCALEDIR ESCDELAY
export LC_ALL=C.UTF-8 LANGUAGE=en TZ=UTC TERM=vt100 LINES=24 COLUMNS=80
export HOME="$TEST_TMP/home" XDG_DATA_HOME="$TEST_TMP/home/.local/share"
export XDG_CONFIG_HOME="$TEST_TMP/home/.config" XDG_STATE_HOME="$TEST_TMP/home/.local/state"
# The system's rutin folder (/etc/rutin when installed): none unless a
# test makes one.
export RUTIN_SYSCONFDIR="$TEST_TMP/etc-rutin"
mkdir -p "$HOME"

# The test clock (tests/README): tests/bin/rutin reads the system's time
# shifted by RUTIN_TEST_CLOCK seconds. Every test starts at the same
# moment, RUTIN_TEST_START (UTC), whatever today is; the clock runs from
# there, and clock_at moves it forward to cross a midnight or a month's
# end on purpose. The installed rutin ignores the variable.
# clock_at "YYYY-MM-DD HH:MM:SS": from now on, the test clock reads that.
clock_at() {
	RUTIN_TEST_CLOCK=$(( $(date -u -d "$1" +%s) - $(date -u +%s) ))
	export RUTIN_TEST_CLOCK
}
# clock_date FORMAT: the test clock's time now, as date(1) formats it.
clock_date() { date -u -d "@$(( $(date -u +%s) + RUTIN_TEST_CLOCK ))" "+$1"; }
clock_at "${RUTIN_TEST_START:-2026-11-16 10:00:00}"

tap_n=0
tap_failed=0

plan() { echo "1..$1"; }

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
# no_author_prev TEXT: TEXT without the "author_prev" field every event
# carries (db/FORMAT.md, "Each author's own chain"), for tests that
# compare an event's other fields exactly.
no_author_prev() { printf '%s\n' "$1" | sed 's/"author_prev":"[0-9a-f]*",\{0,1\}//g'; }
# skip DESCRIPTION: a point that cannot be checked here (said, not passed off).
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }

fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
}

# run CMD...: runs with a time limit; sets $status, $out and $err.
run() {
	timeout 20 "$@" >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr" </dev/null
	status=$?
	out=$(cat "$TEST_TMP/stdout")
	err=$(cat "$TEST_TMP/stderr")
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then pass "$3"
	else fail "$3" "expected: $2" "got:      $1"; fi
}

# like TEXT SUBSTRING DESCRIPTION
like() {
	case "$1" in
	*"$2"*) pass "$3" ;;
	*) fail "$3" "expected to contain: $2" "got: $1" ;;
	esac
}

# like_re TEXT ERE DESCRIPTION: a line of TEXT matches the extended
# regular expression.
like_re() {
	if printf '%s\n' "$1" | grep -qE -- "$2"; then pass "$3"
	else fail "$3" "expected a line matching: $2" "got: $1"; fi
}

# unlike TEXT SUBSTRING DESCRIPTION
unlike() {
	case "$1" in
	*"$2"*) fail "$3" "expected not to contain: $2" "got: $1" ;;
	*) pass "$3" ;;
	esac
}

# Builds the Swedish catalogue from po/sv.po into $TEST_TMP/locale and
# prints the value for RUTIN_LOCALEDIR.
swedish_catalog() {
	mkdir -p "$TEST_TMP/locale/sv/LC_MESSAGES"
	msgfmt -o "$TEST_TMP/locale/sv/LC_MESSAGES/rutin.mo" "$RUTIN_SRCDIR/po/sv.po" &&
		echo "$TEST_TMP/locale"
}

done_testing() { [ "$tap_failed" -eq 0 ]; exit $?; }

# poll SECONDS CMD...: runs CMD every 0.1 s until it succeeds; false when
# it has not within SECONDS. Every wait of the tests is this one: none
# sleeps a fixed time hoping the program is done.
poll() {
	local limit=$(( $1 * 10 )) i=0
	shift
	while [ "$i" -lt "$limit" ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

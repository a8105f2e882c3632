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
tap_planned=no

plan() { echo "1..$1"; tap_planned=yes; }

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

# A log of a unit: unit_log DB SUPERVISOR [CASEWORKER...] makes DB as the
# supervisor and adds the caseworkers; each account's passphrase is in
# $TEST_TMP/NAME. `as NAME ARGS...` then runs rutin as her on $db.
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
unit_log() {
	db=$1 sup=$2
	shift 2
	for who in "$sup" "$@"; do printf '%s passphrase 12\n' "$who" >"$TEST_TMP/$who"; done
	run "$RUTIN" init --db "$db" --user "$sup" --passphrase-fd 3 3<"$TEST_TMP/$sup"
	for who in "$@"; do
		as "$sup" user add "$who" --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/$who"
	done
}

# walk_case WHO CASE KEY...: WHO unlocks the interface on $db with the
# routines of $routines, starts the first routine for case reference CASE,
# types the KEYs (RUTIN_KEYS: tests/README) and leaves with F10.
walk_case() {
	local who=$1 ref=$2
	shift 2
	printf '%s\n' "text $(cat "$TEST_TMP/$who")" Enter Enter "text $ref" Enter "$@" F10 \
		>"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$db" --user "$who" --routines "$routines" \
		--idle-lock 0
}

# A test cut into cases (below) says how many points it made at the end.
done_testing() {
	[ "$tap_planned" = yes ] || echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# ---- Named cases (tests/README, "One case alone") ----
# A long scenario is cut into cases, each a function case_NAME whose
# first line names the cases it builds on:
#     case_sign() { needs walk || return; ...points... }
# and the test ends with `cases NAME...` (every case, in order) and
# done_testing; it calls no plan (the count depends on what runs).
#     bash tests/cli/review.sh --list          the cases
#     bash tests/cli/review.sh --run=sign      one case, and those it needs
#     RUTIN_RUN='sample,stat*' make -C _build check TESTS=tests/cli/review.sh
# A case runs once. One whose checks failed does not take the cases that
# build on it down with it: each of those is one skipped point that names
# it, not a cascade of failures.
case_filter=${RUTIN_RUN:-}
case_list=no
for case_arg in "$@"; do
	case $case_arg in
	--run=*) case_filter=${case_arg#--run=} ;;
	--list) case_list=yes ;;
	*) echo "Bail out! unknown argument '$case_arg' (--run=CASE[,CASE...] or --list)"
	   exit 99 ;;
	esac
done
case_passed=" "
case_failed=" "
case_current=

# needs CASE...: runs each (once); false after a skipped point when one
# failed.
needs() {
	local _nd_case
	for _nd_case; do
		case $case_passed in *" $_nd_case "*) continue ;; esac
		run_case "$_nd_case" && { echo "# case $case_current, continued"; continue; }
		skip "case $case_current builds on case $_nd_case, which failed"
		case_failed="$case_failed$case_current "
		return 1
	done
}

# run_case CASE: runs it unless it ran; true when its checks passed.
run_case() {
	# Its locals are seen by the case it calls (bash scopes dynamically):
	# names no test uses.
	local _rc_outer=$case_current _rc_failed=$tap_failed
	case $case_passed in *" $1 "*) return 0 ;; esac
	case $case_failed in *" $1 "*) return 1 ;; esac
	if ! type "case_$1" >/dev/null 2>&1; then
		echo "Bail out! no case '$1' in $0 (--list names them)"
		exit 99
	fi
	case_current=$1
	echo "# case $1${_rc_outer:+, which $_rc_outer needs}"
	"case_$1"
	case_current=$_rc_outer
	case $case_failed in *" $1 "*) return 1 ;; esac
	if [ "$tap_failed" -ne "$_rc_failed" ]; then
		case_failed="$case_failed$1 "
		return 1
	fi
	case_passed="$case_passed$1 "
}

# case_wanted CASE: --run (or RUTIN_RUN) names it, or names none; its
# entries are names or shell patterns, comma separated.
case_wanted() {
	local p rest
	[ -z "$case_filter" ] && return 0
	# Split by hand: a word split by the shell would also be globbed, and
	# "f*" would name the files in the current folder.
	rest=$case_filter,
	while [ -n "$rest" ]; do
		p=${rest%%,*}
		rest=${rest#*,}
		case $1 in $p) return 0 ;; esac
	done
	return 1
}

# cases CASE...: the test's cases in order; runs those wanted.
cases() {
	local _cs_case _cs_any=no
	if [ "$case_list" = yes ]; then printf '%s\n' "$@"; exit 0; fi
	for _cs_case; do
		case_wanted "$_cs_case" || continue
		_cs_any=yes
		run_case "$_cs_case" || :
	done
	if [ "$_cs_any" = no ]; then
		echo "Bail out! --run=$case_filter names no case of $0: $*"
		exit 99
	fi
}

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

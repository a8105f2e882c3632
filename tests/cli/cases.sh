# The shell tests' named cases (tests/lib.sh, tests/README "One case
# alone"): a case runs alone with what it needs, and a failed case does
# not take those built on it down in a cascade of failures.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 9

cat >"$TEST_TMP/t.sh" <<'T'
. "$RUTIN_SRCDIR/tests/lib.sh"
case_setup() { pass "setup"; }
case_broken() { needs setup || return; fail "broken"; }
case_after() { needs broken || return; pass "after"; pass "after, twice"; }
case_fine() { needs setup || return; pass "fine"; }
cases setup broken after fine
done_testing
T
export RUTIN_SRCDIR RUTIN_BUILDDIR
run bash "$TEST_TMP/t.sh"
is "$status" 1 "a failed case fails the test"
is "$(echo "$out" | grep -c '^not ok')" 1 "with one failure: the case's own"
like "$out" "ok 3 # SKIP case after builds on case broken, which failed" \
	"a case built on it is one skipped point that names it"
like "$out" "ok 4 - fine" "the cases that do not need it run"
like "$out" "1..4" "and the plan comes at the end, counting what ran"
run bash "$TEST_TMP/t.sh" --run=fine
is "$status $(echo "$out" | grep -c '^ok')" "0 2" "--run: one case, with the case it needs"
run env RUTIN_RUN='f*' bash "$TEST_TMP/t.sh"
like "$status $out" "0 # case fine" "RUTIN_RUN takes a pattern, for make check"
run bash "$TEST_TMP/t.sh" --list
is "$(echo $out)" "setup broken after fine" "--list names the cases in order"
run bash "$TEST_TMP/t.sh" --run=nosuch
like "$status $out" "99 Bail out! --run=nosuch names no case" "a case that does not exist is said"
done_testing

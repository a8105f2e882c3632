# The test clock: tests/bin/rutin logs at the time RUTIN_TEST_CLOCK
# shifts it to; the program make install installs ignores the variable,
# since an event's time is evidence (common/clock.h).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 8

printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
# first_time BIN DB: the time of the first event BIN logs in a new log DB.
first_time() {
	run "$1" init --db "$2" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
	run "$1" events --db "$2" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
	printf '%s\n' "$out" | head -1 | sed 's/.*"time":"\([^"]*\)".*/\1/'
}

clock_at "1999-12-31 23:50:00"
is "$(first_time "$RUTIN" "$TEST_TMP/test.db" | cut -c1-15)" "1999-12-31T23:5" \
	"tests/bin/rutin logs at the test clock's time"

installed="$RUTIN_BUILDDIR/rutin"
got=$(first_time "$installed" "$TEST_TMP/installed.db" | cut -c1-4)
real=$(date -u +%Y)
if [ "$got" = "$real" ] || [ "$got" = "$((real + 1))" ]; then
	pass "the installed rutin logs at the system's time, RUTIN_TEST_CLOCK set or not"
else
	fail "the installed rutin logs at the system's time" "logged in $got, the system says $real"
fi
if grep -q RUTIN_TEST_CLOCK "$installed"; then
	fail "the installed rutin does not even hold the variable's name"
else
	pass "the installed rutin does not even hold the variable's name"
fi

# A headless script's "wait" moves only a test build's clock (the
# exercise tests walk with it); the installed rutin says it cannot.
printf '%s\n' "text anna passphrase 1" Enter "wait 3600" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$installed" --db "$TEST_TMP/installed.db" --user anna \
	--idle-lock 0
like "$err" "wait: only a test build's clock can be moved" \
	"the installed rutin's clock is not moved by a key script"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$TEST_TMP/test.db" --user anna --idle-lock 0
unlike "$err" "wait:" "tests/bin/rutin's is"

RUTIN_TEST_CLOCK=soon run "$RUTIN" events --db "$TEST_TMP/test.db" --user anna \
	--passphrase-fd 3 3<"$TEST_TMP/anna"
is "$status" 2 "a test clock that is not a number stops tests/bin/rutin"
like "$err" "RUTIN_TEST_CLOCK: not a number of seconds: 'soon'" "and says so"
is "$out" "" "before it reads or logs anything"

done_testing

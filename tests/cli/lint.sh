# rutin lint as a user runs it: output, exit codes, usage errors.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 23

run "$RUTIN" lint "$FIXTURES/valid.yaml"
is "$status" 0 "a valid routine exits 0"
is "$out" "" "and prints no diagnostics"
is "$err" "rutin lint: 1 file(s) checked, 0 invalid; 0 error(s), 0 warning(s)" "the summary goes to stderr"

# A routine written to fail open: valid, but every protecting step that a
# skipped question can hide is named at its condition (issue 19).
run "$RUTIN" lint "$FIXTURES/fail-open.yaml"
is "$status" 0 "a routine that fails open is still valid (exit 0)"
like "$out" "$FIXTURES/fail-open.yaml:16:15: warning: critical step 'ring-polisen' disappears when step 'akut-fara' is skipped, marked not applicable or left unanswered" "lint warns at the condition that hides the call to 112"
like "$out" "$FIXTURES/fail-open.yaml:28:15: warning: critical step 'skydda-adressen' disappears when step 'skydd-behovs' is skipped" "and at the one that hides the protection"
is "$(echo "$out" | grep -c warning)" 2 "and nowhere else (the step under 'unless' is fine)"

run "$RUTIN" lint "$FIXTURES/invalid.yaml"
is "$status" 1 "an invalid routine exits 1"
is "$out" "$FIXTURES/invalid.yaml:10:9: error: a step is missing the required key 'prompt'
$FIXTURES/invalid.yaml:12:9: error: unknown key 'promt' in a step; did you mean 'prompt'?
$FIXTURES/invalid.yaml:16:30: error: 'jaa' is not a possible answer of step 'a'; did you mean 'ja'? (possible: ja, nej)" \
	"every error, FILE:LINE:COL: error: message, in file order"

run "$RUTIN" lint --quiet "$FIXTURES/invalid.yaml"
is "$err" "" "--quiet drops the summary"

run "$RUTIN" lint "$FIXTURES/valid.yaml" "$TEST_TMP/missing.yaml" "$FIXTURES/invalid.yaml"
is "$status" 2 "an unreadable file exits 2, also next to an invalid one"
like "$out" "$TEST_TMP/missing.yaml: error: cannot open: No such file or directory" "and names the file and the reason"
like "$out" "invalid.yaml:10:9:" "the other files are still checked"

mkfifo "$TEST_TMP/pipe.yaml"
run "$RUTIN" lint "$TEST_TMP/pipe.yaml"
is "$status" 2 "a FIFO is refused at once (no hang)"
like "$out" "not a regular file" "with the reason"

run "$RUTIN" lint "$RUTIN_SRCDIR/checklists"
is "$status" 0 "every shipped routine and example is valid"

run "$RUTIN" lint
is "$status" 2 "no operand is a usage error"
like "$err" "name at least one file or directory" "that says what is missing"

run "$RUTIN" lint --strict "$FIXTURES/valid.yaml"
is "$status" 2 "an unknown option is a usage error"
like "$err" "unknown option '--strict'" "naming the option"

run "$RUTIN" lint --help
like "$out" "Usage: rutin lint [--quiet] FILE|DIR..." "--help prints usage on stdout"

# A deadline (checklists/FORMAT.md, "Deadlines") that names no date step.
sed 's/^version: 3$/version: 9/' "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" |
	sed 's/^    met_by: imy$/    met_by: imy\n    date: imy/' >"$TEST_TMP/frist.yaml"
run "$RUTIN" lint "$TEST_TMP/frist.yaml"
is "$status" 1 "lint refuses a deadline with both hours and date (exit 1)"
like "$out" "frist.yaml:$(grep -n '^    hours: 72$' "$TEST_TMP/frist.yaml" | cut -d: -f1):12: error: a deadline takes 'hours' or 'date', not both" \
	"at the line and column of its hours"

done_testing

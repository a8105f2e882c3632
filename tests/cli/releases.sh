# Released routines (issue 28): a live log runs the routine texts a
# supervisor released, not whatever a file on disk says. An administrator
# deletes a critical step from an installed routine: the caseworker is
# offered the released text, never the edited one; the supervisor sees
# the file changed, reads the difference and releases it or not; a
# withdrawn release starts no new run, and an open one goes on. Verify
# holds throughout. Headless walks; tests/unit/test_releases.c tries the
# forged run.
# Named cases: `bash tests/cli/releases.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

mkdir -p "$TEST_TMP/etc"
cp "$RUTIN_SRCDIR/checklists/routines/skyddade-personuppgifter.yaml" \
   "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" "$TEST_TMP/etc/"
export RUTIN_ROUTINES_DIR="$TEST_TMP/etc"
unit_log "$TEST_TMP/enhet.db" anna bo
home() { # home WHO KEYS...: the caseworker's first screen, saved as home.txt
	who=$1; shift
	printf '%s\n' "text $(cat "$TEST_TMP/$who")" Enter "$@" "save-display $TEST_TMP/home.txt" F10 \
		>"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$db" --user "$who" --idle-lock 0
}

case_none_released() {
run "$RUTIN" init --db "$TEST_TMP/ny.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
like "$out" "No routine is released in this log yet: until you release the ones in use it runs any routine file it finds" \
	"init says a new log has no released routine"
like_re "$out" "  misstankt-rojande +[0-9]+  Misstänkt röjande av skyddade uppgifter" "and lists the routines found, by title"
like "$out" "rutin routines release FILE --db $TEST_TMP/ny.db" "and how to release one"
as anna routines list
like "$out" "No routine is released in this log: it runs any routine file it finds." \
	"a log without releases says it runs any file"
like_re "$out" "skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +not released" "each file, not released"
home bo
like "$(cat "$TEST_TMP/home.txt")" "Skyddade personuppgifter" "and offers every routine"
}

case_release() {
needs none_released || return
as bo routines release "$TEST_TMP/etc/skyddade-personuppgifter.yaml" --confirm
like "$status $err" "1 rutin routines release: only a supervisor may do this; 'bo' is a caseworker" \
	"a caseworker does not release"
as anna routines release "$TEST_TMP/etc/skyddade-personuppgifter.yaml"
like "$status $err" "1 rutin routines release: read the differences, then release it with --confirm" \
	"without --confirm and no terminal to ask on, nothing is released"
like "$out" 'The first release of "Skyddade personuppgifter' "it says it is the first release"
as anna routines release "$TEST_TMP/etc/skyddade-personuppgifter.yaml" --confirm --note "Granskad av enheten"
is "$status" 0 "the supervisor releases it"
like "$out" 'Released "Skyddade personuppgifter – handläggning av ärendet" version 4' \
	"and is told so"
as anna routines list
like "$out" "This log runs released routine texts only." "from now on the log runs released texts only"
like_re "$out" "skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +released" "the file is released"
released=$(printf '%s\n' "$out" | awk '$1 == "skyddade-personuppgifter" && $NF == "released" { print $3; exit }')
like_re "$out" "misstankt-rojande +[0-9]+ +[0-9a-f]{12} +not released" "the other is not"
like_re "$out" "skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +20[0-9-]+ [0-9:]+ anna +Granskad av enheten" \
	"the release: when, by whom, why"
home bo
like "$(cat "$TEST_TMP/home.txt")" "Skyddade personuppgifter" "bo is offered the released routine"
unlike "$(cat "$TEST_TMP/home.txt")" "Misstänkt röjande" "not the one never released"
like "$(cat "$TEST_TMP/home.txt")" "1 routine file is not released in this log, not shown" \
	"and is told one is not shown"
}

# The administrator edits the file: the critical step on templates goes.
case_edited_on_disk() {
needs release || return
cp "$TEST_TMP/etc/skyddade-personuppgifter.yaml" "$TEST_TMP/released.yaml"
awk '/^      - id: automatiska-utskick$/ { skip = 1; next }
     skip && /^      - id: / { skip = 0 }
     !skip' "$TEST_TMP/released.yaml" >"$TEST_TMP/etc/skyddade-personuppgifter.yaml"
run "$RUTIN" lint "$TEST_TMP/etc/skyddade-personuppgifter.yaml"
is "$status" 0 "the edited file is a valid routine"
# bo walks into the steps where the deleted one stood: the released text
# has it.
home bo Enter "text SN 2026/17" Enter
like "$(cat "$TEST_TMP/home.txt")" "Step 1 of 46" "bo's run follows the released text (46 steps), not the file (45)"
as anna events
like "$(printf '%s\n' "$out" | grep '"type":"run.started"')" "\"routine_hash\":\"$released" \
	"and its run names the released text's hash ($released)"
as anna routines list
like_re "$out" "skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +CHANGED, NOT RELEASED" \
	"the supervisor sees the file changed, not released"
as anna routines release "$TEST_TMP/etc/skyddade-personuppgifter.yaml"
like "$out" '! step removed: "Kontrollera automatiska utskick och mallar' \
	"before she releases it she reads what changed: a critical step removed"
is "$status" 1 "and nothing is released without --confirm"
printf '%s\n' "text $(cat "$TEST_TMP/anna")" Enter "save-display $TEST_TMP/anna.txt" F3 \
	"save-display $TEST_TMP/anna-routines.txt" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" --db "$db" --user anna --idle-lock 0
like "$(cat "$TEST_TMP/anna.txt")" "1 routine file differs from its release" \
	"the supervisor's interface says a file differs from its release"
like "$(cat "$TEST_TMP/anna-routines.txt")" "Changed on disk, not released (F6 shows how): skyddade-personuppgifter.yaml" \
	"and her list of routines names the file"
home bo
unlike "$(cat "$TEST_TMP/home.txt")" "Changed on disk" "a caseworker is not told which file changed"
as anna verify
is "$status" 0 "verify: intact"
}

case_withdraw() {
needs edited_on_disk || return
as anna routines withdraw skyddade-personuppgifter --note "Fel i stegen"
like "$status $out" "0 Withdrew \"Skyddade personuppgifter – handläggning av ärendet\" version 4" \
	"the supervisor withdraws the release"
home bo
like "$(cat "$TEST_TMP/home.txt")" "SN 2026/17" "bo's open run is still there to resume"
like "$(cat "$TEST_TMP/home.txt")" "2 routine files are not released in this log" \
	"no new run of the withdrawn routine is offered"
as anna routines list
like_re "$out" "withdrawn 20[0-9-]+ [0-9:]+ by anna +Granskad av enheten" "the list says withdrawn, when and by whom"
like_re "$out" "skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +CHANGED, NOT RELEASED|skyddade-personuppgifter +[0-9]+ +[0-9a-f]{12} +not released" \
	"the file is not released"
as anna verify
is "$status" 0 "verify: intact"
}

# A new release: the runs open in the earlier text go on in it, and a
# supervisor reads them, bound by hash.
case_new_release_old_runs() {
needs edited_on_disk || return
as anna routines release "$TEST_TMP/etc/skyddade-personuppgifter.yaml" --confirm
is "$status" 0 "the supervisor releases the edited text"
home bo Enter
like "$(cat "$TEST_TMP/home.txt")" "of 46" \
	"bo resumes his open run in the text it started with (46 steps), not the new one"
as anna events
run17=$(printf '%s\n' "$out" | grep '"type":"run.started"' | grep 'SN 2026/17' |
	sed 's/.*"run":"\([^"]*\)".*/\1/')
as anna review show "$run17"
is "$status" 0 "the supervisor reads the run of the earlier release"
unlike "$out" "not installed here" "its routine found by its hash, not said to be missing"
}

cases none_released release edited_on_disk withdraw new_release_old_runs
done_testing

# rutin registerutdrag --case REF --out FILE (issue 29, part 3): what the
# log holds under a case reference, for a data subject's access request.
# Free texts (notes, reasons, text answers, a supervisor's comments) are
# withheld by default and counted by kind for the sekretessprövning;
# --with-texts includes them, each marked. Supervisors only; logged before
# the file is written; the file is new, 0600, never over another.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 21
export LANGUAGE=en

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
cp "$FIXTURES/review/granskning.yaml" "$routines/"
unit_log "$db" anna bo

# bo walks SN 2026/5: "nej" to protection, a note, a skip with a reason
# and a deviation; completed. Then a run of another case.
walk_case bo "SN 2026/5" Enter Down Down Enter a "text Pappan ringde i går om hämtningen" \
	Enter s "text Akten saknas" Enter f Enter "text Ingen akt" Enter f
walk_case bo "SN 2026/9"
as anna events
id=$(echo "$out" | grep '"type":"run.completed"' | sed 's/.*"run":"\([^"]*\)".*/\1/' | head -1)
as anna review show "$id" --routines "$routines"
as anna review return "$id" --comment "Skriv varför akten saknas"

out_file="$TEST_TMP/utdrag.txt"
as bo registerutdrag --case "SN 2026/5" --out "$out_file" --routines "$routines"
is "$status" 1 "a caseworker may not (exit 1, as the review commands)"
[ -e "$out_file" ] && fail "and no file is made" || pass "and no file is made"

as anna registerutdrag --case "SN 2026/5" --out "$out_file" --routines "$routines"
is "$status" 0 "a supervisor: exit 0"
like "$out" "Wrote 1 run of case SN 2026/5 to $out_file (free texts withheld: see its end)." \
	"saying what it wrote"
is "$(stat -c %a "$out_file")" 600 "the file is 0600"
text=$(cat "$out_file")
like "$text" "Extract from rutin for case reference SN 2026/5" "a title with the case reference"
like "$text" "Granskning, version 1" "the routine, by title"
like "$text" "Walked by bo from" "who walked it, and when"
like "$text" "    - Skydd?: nej" "each step shown, with its answer in words"
like "$text" "    - C: skipped" "a skipped step"
unlike "$text" "Pappan ringde" "a note is not in it by default"
unlike "$text" "Akten saknas" "nor a reason"
like "$text" "anna returned" "the supervisor's decision is"
like "$text" "anna opened the run" "and who read the run"
like "$text" "  1 notes
  2 reasons
  1 supervisors' comments" "what was withheld, counted by kind"
unlike "$text" "SN 2026/9" "another case's run is not in it"

as anna registerutdrag --case "SN 2026/5" --out "$out_file" --routines "$routines"
like "$status $err" "2 rutin registerutdrag: $out_file: already exists" "never over another file"

as anna registerutdrag --case "SN 2026/5" --out "$TEST_TMP/med.txt" --with-texts --routines "$routines"
text=$(cat "$TEST_TMP/med.txt")
like "$text" "Note (examine before it is handed over): Pappan ringde i går om hämtningen" \
	"--with-texts includes the free texts, each marked"

as anna review access
count=$(printf '%s\n' "$out" | grep -c "made an extract for a data subject's request")
is "$count" "2" "each extract is in the access log"

as anna registerutdrag --case "SN 2099/1" --out "$TEST_TMP/tom.txt" --routines "$routines"
like "$(cat "$TEST_TMP/tom.txt")" "The log holds nothing under this case reference." \
	"a reference with no run: a file that says so"
as anna verify
is "$status" 0 "the log verifies"
done_testing

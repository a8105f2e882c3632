# rutin summary: a completed run's journal extract for the case file, as
# text that pastes into a journal and as a PDF for the akt (read back with
# pdftotext and pdfinfo, rendered with pdftoppm); making it is logged; a
# caseworker gets only her own runs.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 32

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
cp "$FIXTURES/review/granskning.yaml" "$routines/"
unit_log "$db" anna bo cy

# bo walks the routine: "nej" to protection (two steps hidden), a note on
# the last step, which he skips with a reason and a deviation; completed.
walk_case bo "SN 2026/5" Enter Down Down Enter a "text Akten hämtas från arkivet i morgon" \
	Enter s "text Akten saknas" Enter f Enter "text Ingen akt" Enter f
as anna events
id=$(echo "$out" | grep '"type":"run.completed"' | sed 's/.*"run":"\([^"]*\)".*/\1/' | head -1)
[ -n "$id" ] || echo "# no completed run: $out"

as bo summary "$id" --routines "$routines"
is "$status" 0 "the caseworker's own completed run: exit 0"
like "$out" "Journal extract from rutin" "a title"
like "$out" "Routine: Granskning, version 1" "the routine's title and version"
like "$out" "Case: SN 2026/5" "the case reference"
like "$out" "by bo" "by whom"
like "$out" "Steps shown: 2; answered 1, not applicable 0, skipped 1; deviations 1" "the counts"
like "$out" "  - Skydd?: nej" "a step shown, with its answer in words"
like "$out" "  - C: skipped: Akten saknas" "a skipped step with its reason"
like "$out" "    Deviation: Ingen akt" "the deviation with its reason"
like "$out" "    Note: Akten hämtas från arkivet i morgon" "the note"
unlike "$out" "  - A:" "a hidden step is not listed"
is "$(printf '%s\n' "$out" | wc -L)" "$(printf '%s\n' "$out" | wc -L | awk '$1 <= 72 { print $1 }')" \
    "no line longer than 72 characters"
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"; then
	fail "no control characters in the text"
else pass "no control characters in the text"; fi

# The PDF: read back and rendered as a person would see it.
pdf="$TEST_TMP/utdrag.pdf"
as bo summary "$id" --format pdf --out "$pdf" --routines "$routines"
is "$status" 0 "the PDF: exit 0"
is "$(stat -c %a "$pdf")" 600 "made 0600"
text=$(pdftotext -layout "$pdf" - 2>&1)
like "$text" "Case: SN 2026/5" "pdftotext reads the case reference"
like "$text" "C: skipped: Akten saknas" "and the steps"
like "$text" "Page 1" "a page number"
info=$(pdfinfo "$pdf" 2>&1)
like_re "$info" "^Pages: +1$" "one page"
like_re "$info" "^Title: +Journal extract$" "its title in the properties"
unlike "$info" "SN 2026" "no case reference in the properties, which travel with the file"
pdftoppm -r 40 -png "$pdf" "$TEST_TMP/page"
if [ -s "$TEST_TMP/page-1.png" ]; then pass "pdftoppm renders it"
else fail "pdftoppm renders it" "$(ls "$TEST_TMP")"; fi

as bo summary "$id" --format pdf --out "$pdf" --routines "$routines"
like "$status $err" "2 rutin summary: $pdf already exists; rutin never writes over a file" \
    "never over another file"
as bo summary "$id" --format pdf --routines "$routines"
like "$status $err" "2 rutin summary: --format pdf needs --out FILE" "a PDF needs --out"

# Who may: her own runs, a supervisor's any; making it is logged.
as cy summary "$id" --routines "$routines"
is "$status" 1 "another caseworker's run: not found for her"
as anna summary "$id" --routines "$routines"
is "$status" 0 "a supervisor makes one"
as anna review access --run "$id"
like "$out" "bo" "the access log names who made an extract"
is "$(echo "$out" | grep -c "made a journal extract")" 3 \
    "each extract made is logged (bo's text and PDF, anna's), not one refused"

# Only a completed run: an open one would leave steps out.
walk_case bo "SN 2026/6"
as bo review list --routines "$routines"
open_id=$(echo "$out" | grep "SN 2026/6" | cut -c1-8)
as bo summary "$open_id" --routines "$routines"
like "$status $err" "1 rutin summary: the run is not completed (paused)" "an open run: refused, saying why"

# In Swedish by default.
RUTIN_LOCALEDIR=$(swedish_catalog) LANGUAGE=sv as bo summary "$id" --routines "$routines"
like "$out" "Journalutdrag från rutin" "Swedish: the title"
like "$out" "Ärende: SN 2026/5" "Swedish: the case"

as anna verify
is "$status" 0 "the log verifies after"

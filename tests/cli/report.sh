# rutin report (issue 27): the unit's internal control as a PDF, on a half
# year of runs built through the run engine and the append path
# (tests/tools/mkquarter). The figures are counted here from the events
# themselves (rutin events), then looked for in the PDF's text
# (pdftotext); every page is rendered (pdftoppm), and page 2, the charts,
# is kept in $RUTIN_BUILDDIR/artefacts/ for a person to look at.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 41

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
cp "$FIXTURES/review/granskning.yaml" "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" \
	"$routines/"
printf 'quarter passphrase\n' >"$TEST_TMP/pass"
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/pass"; }
run "$RUTIN_BUILDDIR/tests/tools/mkquarter" "$db" "$routines"
is "$status" 0 "a half year of runs is built"
clock_at "2027-01-10 09:00:00"

# What the events say about 2026 Q4 (and Q3 beside it): runs started,
# completed, signed; by routine and month.
as anna events
printf '%s\n' "$out" >"$TEST_TMP/events.jsonl"
q4_from=$(date -u -d 2026-10-01 +%s)000 q4_to=$(date -u -d 2027-01-01 +%s)000
q3_from=$(date -u -d 2026-07-01 +%s)000
count() { # FROM TO: started, completed and signed runs started in [FROM, TO)
	awk -v from="$1" -v to="$2" '
	{ match($0, /"time_ms":[0-9]+/); t = substr($0, RSTART + 10, RLENGTH - 10) + 0
	  match($0, /"run":"[^"]*"/); run = substr($0, RSTART + 7, RLENGTH - 8)
	  match($0, /"type":"[^"]*"/); type = substr($0, RSTART + 8, RLENGTH - 9) }
	type == "run.started" && t >= from && t < to { mine[run] = 1; started++ }
	type == "run.completed" && (run in mine) { completed[run] = 1 }
	type == "review.signed" && (run in mine) { signed[run] = 1 }
	END { c = 0; for (r in completed) c++; s = 0; for (r in signed) s++
	      print started + 0, c, s }' "$TEST_TMP/events.jsonl"
}
set -- $(count "$q4_from" "$q4_to"); started=$1 completed=$2 signed=$3
set -- $(count "$q3_from" "$q4_from"); started3=$1
[ "$started" -gt 100 ] && pass "the quarter has $started runs" || fail "a realistic quarter" "$started"

# A caseworker may not (exit 1, as every supervisor's command: the
# account may not do that); nothing is written.
run "$RUTIN" report --period 2026-Q4 --out "$TEST_TMP/bo.pdf" --db "$db" --user bo \
	--passphrase-fd 3 3<"$TEST_TMP/pass"
is "$status" 1 "a caseworker is refused"
[ ! -e "$TEST_TMP/bo.pdf" ] && pass "and no file" || fail "and no file" "$(ls -l "$TEST_TMP/bo.pdf")"
as anna report --period 2026-13 --out "$TEST_TMP/x.pdf" --routines "$routines"
is "$status" 2 "a period that is none is refused"
like "$err" "--period is a quarter (2026-Q4), a month (2026-11) or two days" "saying what a period is"

as anna report --period 2026-Q4 --out "$TEST_TMP/q4.pdf" --routines "$routines"
is "$status" 0 "the supervisor's report is made"
is "$(stat -c %a "$TEST_TMP/q4.pdf")" "600" "the PDF is hers alone (0600)"
run pdftotext -layout "$TEST_TMP/q4.pdf" -
text=$out
printf '%s\n' "$text" >"$TEST_TMP/q4.txt"
row() { printf '%s\n' "$text" | grep -E "^ *$1 " | head -1 | awk '{ print $(NF-1), $NF }'; }
is "$(row 'Runs started')" "$started $started3" "runs started, beside the quarter before, as the events count them"
is "$(row 'Completed' | cut -d' ' -f1)" "$completed" "runs completed"
is "$(row 'Signed by a supervisor' | cut -d' ' -f1)" "$signed" "runs signed"
like "$text" "Period: 2026 Q4 (beside it: 2026 Q3)" "the period and the one beside it"
like "$text" "Made 2027-01-10 09:00 by anna with rutin" "when and by whom"
like "$text" "verified when made: intact" "the verify result"
like "$text" "Runs started per week, by their status now" "a chart of runs per week"
like "$text" "Findings per routine and kind" "findings per routine and kind"
like "$text" "The steps most often skipped or marked not applicable" "the steps skipped most"
like "$text" "Anmälan till IMY (Misstänkt röjande av skyddade" \
	"the leak routine's deadline against its limit"
like "$text" "the limit, 72 hours" "with the 72-hour line"
like "$text" "From completed to signed" "the review latency"
unlike "$text" "SN 2026/" "no case reference is in it"
unlike "$text" "Caseworker" "and no caseworker's name without --with-names"

# The table per routine and month holds review stats' numbers.
as anna review stats --format csv --routines "$routines"
ok=yes
for m in 10 11 12; do
	runs=$(printf '%s\n' "$out" | tr -d '\r' | grep "^granskning;2026-$m;" | cut -d';' -f3)
	name=$(case $m in 10) echo Oct. ;; 11) echo Nov. ;; 12) echo Dec. ;; esac)
	got=$(printf '%s\n' "$text" | grep -E "^ *Granskning +$name" | head -1 |
		sed -E "s/^ *Granskning +$name.{1,2}2026 +([0-9]+) .*/\\1/")
	[ "$runs" = "$got" ] || { ok=no; echo "# 2026-$m: review stats $runs, the report $got"; }
done
[ $ok = yes ] && pass "each month's runs in the table equal review stats'" ||
	fail "each month's runs in the table equal review stats'" "$text"

pages=$(pdfinfo "$TEST_TMP/q4.pdf" | awk '/^Pages:/ { print $2 }')
run pdftoppm -r 40 -png "$TEST_TMP/q4.pdf" "$TEST_TMP/page"
is "$(ls "$TEST_TMP"/page-*.png | wc -l)" "$pages" "every one of its $pages pages renders"
mkdir -p "$RUTIN_BUILDDIR/artefacts"
pdftoppm -r 80 -f 2 -l 2 -png "$TEST_TMP/q4.pdf" "$RUTIN_BUILDDIR/artefacts/report-charts"

as anna report --period 2026-Q4 --out "$TEST_TMP/q4.pdf" --routines "$routines"
is "$status" 2 "a file that exists is never written over"
as anna review access
like "$out" "made the unit's report (rutin report)" "making it is in the access log"

as anna report --period 2026-Q4 --out "$TEST_TMP/names.pdf" --routines "$routines" --with-names
run pdftotext -layout "$TEST_TMP/names.pdf" -
like "$out" "unit's own use" "--with-names adds the table per caseworker"

# One routine: --routine counts its runs alone.
leak=$(grep '"type":"run.started"' "$TEST_TMP/events.jsonl" | grep '"misstankt-rojande"' |
	awk -v from="$q4_from" -v to="$q4_to" '{ match($0, /"time_ms":[0-9]+/)
	t = substr($0, RSTART + 10, RLENGTH - 10) + 0 } t >= from && t < to { n++ } END { print n + 0 }')
as anna report --period 2026-Q4 --routine misstankt-rojande --out "$TEST_TMP/leak.pdf" \
	--routines "$routines"
run pdftotext -layout "$TEST_TMP/leak.pdf" -
text=$out
is "$(row 'Runs started' | cut -d' ' -f1)" "$leak" "--routine counts that routine's runs alone"

# A period without runs: one clear page, not a crash.
as anna report --period 2025-03 --out "$TEST_TMP/empty.pdf" --routines "$routines"
is "$status" 0 "a period without runs is reported"
run pdftotext -layout "$TEST_TMP/empty.pdf" -
like "$out" "No runs were started in the period" "saying so"
is "$(pdfinfo "$TEST_TMP/empty.pdf" | awk '/^Pages:/ { print $2 }')" "1" "on one page"

# The same figures in the interface (F9 on the queue), headless at 80x24:
# this quarter is 2027 Q1; [ goes to 2026 Q4.
printf '%s\n' "text quarter passphrase" Enter F9 "[" "save-display $TEST_TMP/stats.txt" \
	Esc F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user anna \
	--routines "$routines" --idle-lock 0
screen=$(cat "$TEST_TMP/stats.txt")
like "$screen" "rutin · the unit's figures · 2026 Q4" "F9 on the queue shows the unit's figures; [ the quarter before"
like "$screen" "Runs $started · completed $completed · signed $signed" "the quarter's runs, as the events count them"
weeks=$(printf '%s\n' "$screen" | grep -A1 -E '^ +40 +41 ' | tail -1 | tr -s ' ' '\n' |
	awk '{ s += $1 } END { print s }')
is "$weeks" "$started" "the weeks' columns add up to the runs started"
like "$screen" "Granskning " "and the findings per routine, as bars"

# The queue's header: this month's runs (December 2026 here).
clock_at "2026-12-20 09:00:00"
dec=$(count "$(date -u -d 2026-12-01 +%s)000" "$(date -u -d 2027-01-01 +%s)000")
printf '%s\n' "text quarter passphrase" Enter "save-display $TEST_TMP/queue.txt" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user anna \
	--routines "$routines" --idle-lock 0
set -- $dec
like "$(head -1 "$TEST_TMP/queue.txt")" "this month: $1 started, $2 completed" \
	"the queue's header counts this month's runs"
if loc=$(swedish_catalog); then
	printf '%s\n' "text quarter passphrase" Enter F9 "save-display $TEST_TMP/sv.txt" F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run env RUTIN_LOCALEDIR="$loc" LANGUAGE=sv LANG=sv_SE.UTF-8 \
		"$RUTIN" --db "$db" --user anna --routines "$routines" --idle-lock 0
	like "$(cat "$TEST_TMP/sv.txt")" "Startade körningar per vecka" "in Swedish too"
else
	fail "in Swedish too" "no catalog"
fi

# A log that does not verify: the report says so on its first page, and
# the command exits 1. bo, with the log key his slot gives him, changes
# a run's summary row in the sqlcipher client.
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" bo <"$TEST_TMP/pass")
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$spec" \
	"UPDATE runs SET status = 'completed' WHERE status = 'paused';" |
	timeout 20 sqlcipher -batch -bail "$db" >/dev/null 2>&1
is "$?" 0 "with the key, the sqlcipher client can rewrite the runs' summary"
as anna report --period 2026-Q4 --out "$TEST_TMP/altered.pdf" --routines "$routines"
is "$status" 1 "the report of a log that does not verify exits 1"
like "$err" "the log did not verify; the report says so on its first page" "saying why"
run pdftotext -f 1 -l 1 "$TEST_TMP/altered.pdf" -
like "$(printf '%s' "$out" | tr '\n' ' ')" "THE LOG DID NOT VERIFY when this report was made" \
	"its first page says so"

# rutin review: a supervisor reads a caseworker's completed run, its
# findings and timeline, returns it and signs it; every opening is in the
# access log; the roles hold. Real key derivation: unlocks are few.
# Named cases: `bash tests/cli/review.sh --list`, `--run=CASE`.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
# The review tests' routine: "nej" to protection hides two critical steps.
cp "$FIXTURES/review/granskning.yaml" "$routines/"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
printf 'tove passphrase 3\n' >"$TEST_TMP/tove"
as() { who=$1; shift; run "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
# jsonl_sql TEXT SQL: the JSON Lines in TEXT read by SQLite's JSON parser
# (in the sqlcipher client) as the table j(value), and SQL run on it.
jsonl_sql() {
	printf '[%s]' "$(printf '%s\n' "$1" | paste -sd, -)" >"$TEST_TMP/lines.json"
	sqlcipher -batch :memory: "CREATE TABLE j AS SELECT value FROM
		json_each(CAST(readfile('$TEST_TMP/lines.json') AS TEXT));" "$2"
}
export LANGUAGE=en
# The log is kept from ten to midnight on the last day of November; the
# test crosses into December on purpose before it draws a sample.
clock_at "2026-11-30 23:50:00"

# A supervisor and a caseworker; no trainer in a live log.
case_log() {
run "$RUTIN" init --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"
as anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo"
is "$status" 0 "a log with a supervisor and a caseworker"
# A live log takes no trainer: a trainer never holds its key.
as anna user add tove --role trainer --new-passphrase-fd 4 4<"$TEST_TMP/tove"
like "$status $err" "1 rutin user add: $db is a live log: trainer accounts belong in training logs only" \
	"a live log takes no trainer account"
as anna user role bo trainer
like "$status $err" "1 rutin user role: $db is a live log: trainer accounts belong" \
	"and no caseworker becomes one"
}

# A caseworker walks the routine in the interface: "nej" to protection
# (two critical steps hidden), the last critical step skipped with a
# reason, completed.
walk() {
	# A supervisor lands on the review queue: F3 goes to the routines.
	sw=; [ "$1" = anna ] && sw=F3
	printf '%s\n' "text $(cat "$TEST_TMP/$1")" Enter $sw Enter "text $2" Enter \
		Enter Down Down Enter s "text Akten saknas" Enter f Enter "text Ingen akt" \
		Enter f F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user "$1" \
		--routines "$routines" --idle-lock 0
}
# bo's run of the review routine, completed with two critical findings.
case_walk() {
needs log || return
walk bo "SN 2026/5"
as anna events
like "$out" '"type":"run.completed"' "the caseworker's run is completed"
id=$(echo "$out" | grep '"type":"run.started"' | sed 's/.*"run":"\([^"]*\)".*/\1/' | head -1)
short=$(echo "$id" | cut -c1-8)
}

# The supervisor's queue and the run view.
case_list_show() {
needs walk || return
as anna review list --routines "$routines"
is "$status" 0 "review list: exit 0"
like "$out" "$short" "the queue lists the run by the start of its id"
like "$out" "completed  -         bo  Granskning  SN 2026/5  0 min  2 findings (2 critical)" \
	"with status, caseworker, routine, case and findings"
as anna review list --findings --routines "$routines"
like "$out" "$short" "--findings keeps runs with critical findings"
as anna review list --format jsonl --routines "$routines"
like "$out" '"findings":"2","critical":"2","time_zone":"UTC"}' \
	"--format jsonl: the findings and the time zone the times are in"
as anna review list --finding protection-off --routines "$routines"
like "$out" "$short" "--finding keeps the runs with a finding of that kind"
as anna review list --finding contradiction --routines "$routines"
like "$status $out" "0 " "and a kind the run does not have..."
unlike "$out" "$short" "...leaves it out"
as anna review list --finding bogus --routines "$routines"
like "$status $err" "2 rutin review list: --finding is one of: critical-skipped critical-open" \
	"an unknown kind is a usage error naming the kinds"

as anna review show "$short" --routines "$routines"
is "$status" 0 "review show: exit 0"
like "$out" "Case:      SN 2026/5" "the run's case"
like "$out" "Routine:   Granskning, version 1" "the routine by its title"
like "$out" "! protection switched off: \"Skydd?\" = nej hides 2 critical steps" \
	"the answer that switched protection off, in words"
like "$out" "! critical step skipped: \"C\"" "the critical step skipped, by its prompt"
like "$out" "bo  skipped the step \"C\": Akten saknas" "the timeline: who did what to which step, with the reason"
like "$out" "bo  recorded a deviation \"C\": Ingen akt" "and the deviation's reason"
like "$out" "bo  started the run: Granskning" "the run's start names the routine's title"
like_re "$out" "^  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}  anna  opened the run$" \
	"a supervisor's reading in words, the time to the second"
unlike "$out" "step=" "no field names"
unlike "$out" "step.skipped" "no event type names"
}

case_access() {
needs list_show || return
as anna review access
like "$out" "anna  opened the run" "opening another's run is in the access log, in words"
like "$out" "anna  listed runs (rutin review list)" "and so is reading the queue"
}

# The caseworker: her own run, no access logged; nothing of the
# supervisor's.
case_caseworker() {
needs walk || return
as bo review show "$short" --routines "$routines"
is "$status" 0 "the caseworker opens her own run"
as bo review sign "$short"
is "$status" 1 "a caseworker cannot sign (exit 1: the account may not)"
like "$err" "only a supervisor may do this; 'bo' is a caseworker" "and is told who can"
LANGUAGE=sv RUTIN_LOCALEDIR=$(swedish_catalog) as bo review sign "$short"
like "$err" "bara en chef får göra detta; 'bo' är handläggare" "in Swedish, the role in Swedish too"
as bo review access
is "$status" 1 "nor read the access log (exit 1: the account may not)"
}

# Returning needs a comment, and the comment passes the guard.
case_return_sign() {
needs walk || return
as anna review return "$short"
is "$status" 2 "return without a comment: a usage error"
as anna review return "$short" --comment "Ring mamman 19121212-1212"
is "$status" 1 "a comment with an identity number is refused"
as anna review return "$short" --comment "Ring 070-123 45 67 om akten"
like "$status $err" "1 rutin review return: The text seems to contain a phone number" \
	"a phone number must be confirmed"
as anna review return "$short" --comment "Skälet saknas" --step nosuch --routines "$routines"
like "$status $err" "2 rutin review return: --step: Granskning has no step nosuch; its steps are:" \
	"a step the routine does not have is a usage error"
like_re "$err" '^  c  "C"$' "naming the routine's steps by id and prompt"
as anna review return "$short" --comment "Skälet saknas" --step c
like "$status $err" "1 rutin review return: the routine granskning is not installed here, so --step cannot be checked" \
	"a step cannot be checked without the routine"
as anna review return "$short" --comment "Skälet för c saknas i akten" --step c \
	--routines "$routines"
is "$status" 0 "a supervisor returns the run with a comment about step c"
as anna events
like_re "$out" '"type":"review.returned","fields":\{"author_prev":"[0-9a-f]{64}","step":"c","text":"Skälet för c saknas i akten"\}' \
	"review.returned names the step"
as anna review show "$short" --routines "$routines"
like "$out" "Reviewed:  returned by anna: Skälet för c saknas i akten" "the run shows it was returned, and why"
# Two critical findings: said, and not signed until confirmed.
as anna review sign "$short" --comment "Klart" --routines "$routines"
like "$status $err" "1 rutin review sign: this run has 2 critical findings:" \
	"signing a run with critical findings needs a confirmation"
like_re "$err" "^  ! protection switched off: \"Skydd\?\" = nej hides 2 critical steps$" \
	"the findings are said in words before anything is signed"
like "$err" "rutin review sign: read the run (rutin review show ${short:0:8}); --confirm signs it all the same" \
	"and how to sign it all the same"
as anna review show "$short" --routines "$routines"
like "$out" "Reviewed:  returned by anna" "nothing was signed"
as anna review sign "$short" --comment "Klart" --confirm --routines "$routines"
is "$status" 0 "and signs it when she confirms"
as anna review list --routines "$routines"
like "$out" "completed  signed" "the queue shows it signed"
}

# Export: the runs for a spreadsheet, read back by a real CSV reader (the
# sqlite shell's .import, in the sqlcipher client).
case_export() {
needs return_sign || return
as anna export --format csv --out "$TEST_TMP/runs.csv" --routines "$routines"
is "$status" 0 "a supervisor exports the runs as CSV"
is "$(stat -c %a "$TEST_TMP/runs.csv")" 600 "the file is mode 0600"
is "$(head -c 3 "$TEST_TMP/runs.csv" | od -An -tx1 | tr -d ' ')" efbbbf \
	"it begins with a UTF-8 byte order mark (Excel in a Swedish locale)"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/runs.csv t" ".mode list" \
	"select case_ref || '|' || account || '|' || status || '|' || review from t where run_id = '$id';")
is "$got" "SN 2026/5|bo|completed|signed" "read back with ';' and CRLF: case, caseworker, status, review"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/runs.csv t" ".mode list" \
	"select routine || '|' || minutes || '|' || findings || '|' || critical || '|' || finding_kinds || '|' || time_zone from t where run_id = '$id';")
is "$got" "Granskning|0|2|2|critical-skipped protection-off|UTC" \
	"and the routine's title, minutes, findings, critical ones, their kinds and the time zone"
RUTIN_LOCALEDIR=$(swedish_catalog) as anna export --format csv --lang sv --out "$TEST_TMP/sv.csv" \
	--routines "$routines"
is "$status" 0 "export --lang sv: exit 0"
is "$(head -1 "$TEST_TMP/sv.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	"Genomgång;Startad;Ärende;Rutin-id;Rutin;Version;Handläggare (konto);Status;Senaste aktivitet;Avvikelser;Granskning;Granskad av;Granskad;Minuter;Fynd;Kritiska fynd;Slags fynd;Tidszon" \
	"--lang sv: the headers in Swedish"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/sv.csv t" ".mode list" \
	"select Status || '|' || Granskning || '|' || \"Slags fynd\" from t where \"Genomgång\" = '$id';")
is "$got" "slutförd|godkänd|kritiskt steg överhoppat, skyddet avstängt" \
	"and the values: status, review and kinds of finding in words"
as anna export --format csv --finding protection-off --out "$TEST_TMP/off.csv" --routines "$routines"
like "$err" "rutin export: 1 run written" "--finding keeps the runs with that kind of finding"
as anna export --format csv --finding contradiction --out "$TEST_TMP/contra.csv" --routines "$routines"
like "$err" "rutin export: 0 runs written" "and leaves out the runs without it"
as anna export --format csv --lang fr --out "$TEST_TMP/fr.csv"
like "$status $err" "2 rutin export: --lang is sv or en" "--lang takes sv or en"
as anna export --format jsonl --lang sv --out "$TEST_TMP/sv.jsonl"
like "$status $err" "2 rutin export: --lang is for a CSV that people read" "and only for CSV"
as anna export --format csv --finding bogus --out "$TEST_TMP/bogus.csv"
like "$status $err" "2 rutin export: --finding is one of: critical-skipped" "an unknown kind of finding is a usage error"
test ! -e "$TEST_TMP/fr.csv" && test ! -e "$TEST_TMP/sv.jsonl" && test ! -e "$TEST_TMP/bogus.csv"
is "$?" 0 "no file is made for a usage error"
as anna export --format csv --out "$TEST_TMP/runs.csv"
is "$status" 2 "an export never overwrites a file"
like "$err" "already exists; rutin never overwrites an export" "and says so"
as anna export --format jsonl --out "$TEST_TMP/runs.jsonl" --from 2000-01-01 --to 2999-12-31 \
	--routines "$routines"
like "$(cat "$TEST_TMP/runs.jsonl")" '"case_ref":"SN 2026/5"' "JSON Lines, one run a line"
like "$(cat "$TEST_TMP/runs.jsonl")" '"minutes":0,"findings":2,"critical":2,"finding_kinds":"critical-skipped protection-off","time_zone":"UTC"}' \
	"with its findings as numbers and the time zone"
as anna export --format jsonl --out "$TEST_TMP/unknown.jsonl"
like "$(cat "$TEST_TMP/unknown.jsonl")" '"routine":"","routine_version":1,' \
	"without the routine installed: no title"
like "$(cat "$TEST_TMP/unknown.jsonl")" '"minutes":null,"findings":null,"critical":null,"finding_kinds":""' \
	"and findings not known, never 0"
as anna export --format jsonl --out "$TEST_TMP/none.jsonl" --from 2999-01-01
is "$(wc -l <"$TEST_TMP/none.jsonl")" 0 "--from after every run: nothing exported"
as anna export --format csv --out "$TEST_TMP/bad.csv" --from 2026-13-01
like "$status $err" "2 rutin export: --from wants a date as YYYY-MM-DD" "a bad date is a usage error"
as bo export --format csv --out "$TEST_TMP/bo.csv"
is "$status" 1 "a caseworker cannot export (exit 1: the account may not)"
as anna review access
like "$out" "anna  exported runs" "every export is in the access log, in words"
}

# Nobody signs their own run.
case_own_run() {
needs log || return
walk anna "SN 2026/6"
as anna review list --account anna --routines "$routines"
own=$(echo "$out" | head -1 | cut -c1-8)
as anna review sign "$own"
is "$status" 1 "nobody signs their own run (exit 1: the account may not)"
like "$err" "nobody reviews their own run; another supervisor must" "and is told why"
as anna review show nothing-like-this
is "$status" 1 "an unknown run: exit 1"
as bo review show "$own" --routines "$routines"
like "$status $err" "1 rutin review show: $own: no such run" \
	"another caseworker's run does not exist for a caseworker"
}

# Sampling for internal control: every run with critical findings, then
# a reproducible draw from the rest, logged with its seed. Past midnight
# and the month's end: the new run is December's, the others November's.
case_sample() {
needs walk own_run || return
clock_at "2026-12-01 00:00:10"
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter Enter "text SN 2026/7" Enter \
	Enter Enter Enter Enter Enter f f F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user bo \
	--routines "$routines" --idle-lock 0
today=$(clock_date %Y-%m-%d)
is "$today" "2026-12-01" "the test clock has crossed into December"
as anna review sample --from "$today" --to "$today" --size 1 --seed 7 --routines "$routines"
like "$err" "1 completed run in the period; 0 with critical findings, 1 drawn with seed 7" \
	"a period of today alone holds the one run after midnight"
today=2026-11-30
as anna review sample --from "$today" --to "$today" --size 1 --seed 7 --routines "$routines"
like "$err" "2 completed runs in the period; 2 with critical findings, 0 drawn with seed 7" \
	"and the last day of November the two before it"
today=$(clock_date %Y-%m-%d)
as anna review sample --from 2026-11-30 --to "$today" --size 1 --seed 7 --routines "$routines"
is "$status" 0 "review sample: exit 0"
like "$err" "3 completed runs in the period; 2 with critical findings, 1 drawn with seed 7" \
	"it says what it drew and with which seed"
is "$(echo "$out" | grep -c 'critical findings')" 2 "every run with critical findings is in it"
like "$out" "drawn                bo  granskning  SN 2026/7" "and the draw from the rest"
first=$out
as anna review sample --from 2026-11-30 --to "$today" --size 1 --seed 7 --routines "$routines"
is "$out" "$first" "the same seed draws the same sample"
as anna events
like "$(no_author_prev "$out")" '"type":"review.sampled","fields":{"from":"2026-11-30"' "the sample is logged"
like "$out" '"seed":"7","size":"1"' "with its seed and size"
as anna review sample --from 2026-11-30 --to "$today" --size 1 --seed 7 --format jsonl \
	--routines "$routines"
is "$(jsonl_sql "$out" "SELECT group_concat(w, ',') FROM (SELECT json_extract(value, '\$.why') AS w FROM j ORDER BY w);")" \
	"critical,critical,drawn" "review sample --format jsonl: why each run is in the sample"
as anna review sample --from "$today" --to "$today" --size 0
is "$status" 2 "a size of 0 is a usage error"
as bo review sample --from "$today" --to "$today" --size 1
is "$status" 1 "a caseworker cannot draw a sample (exit 1: the account may not)"
}

# Handover: a paused run of bo's goes to cleo, who finds it on her home.
case_handover() {
needs walk || return
printf 'cleo passphrase 4\n' >"$TEST_TMP/cleo"
as anna user add cleo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/cleo"
printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter Enter "text SN 2026/8" Enter F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user bo \
	--routines "$routines" --idle-lock 0
as bo review list
paused=$(echo "$out" | grep "SN 2026/8" | cut -c1-8)
like "$out" "paused" "bo has a paused run"
as bo review handover "$paused" --to cleo
is "$status" 1 "a caseworker cannot hand runs over (exit 1: the account may not)"
as anna review handover "$paused" --to anna
like "$status $err" "1 rutin review handover: anna: not a caseworker" "only to a caseworker"
as anna review handover "$short" --to cleo
like "$status $err" "1 rutin review handover: the run is completed" "and only an unfinished run"
as anna review handover "$paused" --to cleo
is "$status" 0 "a supervisor hands the paused run to cleo"
as bo review list
unlike "$out" "SN 2026/8" "it is no longer bo's"
printf '%s\n' "text $(cat "$TEST_TMP/cleo")" Enter "save-display $TEST_TMP/cleo_home.txt" \
	F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user cleo \
	--routines "$routines" --idle-lock 0
like "$(cat "$TEST_TMP/cleo_home.txt")" "SN 2026/8 · Granskning · paused" \
	"cleo's home offers it for resume"
}

# Indicators per routine and month, by the month a run started. November:
# two runs, both completed, one signed, four findings, two critical
# skips. December: the sample's run (completed) and the handed-over one.
case_stats() {
needs return_sign sample handover || return
as anna review stats --routines "$routines"
is "$status" 0 "review stats: exit 0"
like "$out" "granskning  2026-11  2  100  50  2.0  2  0  0" \
	"runs, % completed, % signed, findings per run, critical skips, confirmed flags, median minutes"
like "$out" "granskning  2026-12  2  50  0  0.0  0  0  0" \
	"and December's runs in a row of their own"
as anna review stats --format csv --routines "$routines"
printf '%s' "$out" >"$TEST_TMP/stats.csv"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/stats.csv t" \
	".mode list" "select routine || '|' || runs || '|' || signed_pct || '|' || findings_per_run from t;")
is "$got" "granskning|2|50|2,0
granskning|2|0|0,0" "and as CSV a spreadsheet reads, with a decimal comma"
as anna review stats --format jsonl --routines "$routines"
like "$out" '{"routine":"granskning","month":"2026-11","runs":"2","completed_pct":"100"' \
	"and as JSON Lines"
as anna review stats --format xml
is "$status" 2 "an unknown format is a usage error"
as bo review stats
is "$status" 1 "a caseworker gets no indicators (exit 1: the account may not)"
}

# Filters and formats of review list and review access.
case_filters() {
needs list_show return_sign sample handover || return
as anna review list --status queue --routines "$routines"
unlike "$out" "SN 2026/5" "the queue leaves out a signed run"
like "$out" "SN 2026/7" "and keeps a completed one nobody reviewed"
unlike "$out" "SN 2026/8" "but not an unfinished one"
as anna review list --status signed
like "$out" "SN 2026/5" "--status signed: the signed run"
is "$(echo "$out" | grep -c .)" 1 "and only it"
as anna review list --status finished
like "$status $err" "2 rutin review list: --status is active, paused, completed" \
	"an unknown --status is a usage error naming the values"
as anna review list --case "2026/7" --routines "$routines"
like "$out" "SN 2026/7" "--case finds text in the case reference"
is "$(echo "$out" | grep -c .)" 1 "and nothing else"
as anna review list --routine nosuch
is "$(printf '%s' "$out" | grep -c .)" 0 "--routine with no runs: nothing listed"
as anna review list --from 2999-01-01
is "$(printf '%s' "$out" | grep -c .)" 0 "--from after every run: nothing listed"
as anna review list --from 2026-02-30
is "$status" 2 "a day that does not exist is a usage error"
as anna review list --format csv --status signed --routines "$routines"
printf '%s\n' "$out" >"$TEST_TMP/list.csv"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/list.csv t" \
	".mode list" "select case_ref || '|' || caseworker || '|' || review || '|' || critical from t;")
is "$got" "SN 2026/5|bo|signed|2" "review list --format csv reads back with a CSV reader"
as anna review list --format jsonl --status signed --routines "$routines"
like "$out" '{"run":"'"$id"'","case_ref":"SN 2026/5","routine":"granskning"' \
	"--format jsonl: one JSON object per run"
is "$(jsonl_sql "$out" "SELECT count(*) FROM j WHERE json_extract(value, '\$.review') = 'signed';")" 1 \
	"which a JSON parser reads"
as anna review list --format xml
is "$status" 2 "an unknown format is a usage error"
as anna review access --run "$short" --format csv
printf '%s\n' "$out" >"$TEST_TMP/access.csv"
got=$(sqlcipher -batch :memory: ".mode csv" ".separator ;" ".import $TEST_TMP/access.csv t" \
	".mode list" "select group_concat(event || ':' || account, ',') from t;")
is "$got" "access.recorded:anna,review.returned:anna,access.recorded:anna,access.recorded:anna,review.signed:anna" \
	"review access --format csv: the run's access log, oldest first"
as anna review access --account bo --format jsonl
is "$(printf '%s' "$out" | grep -c .)" 0 "bo has read nothing of others'"
as anna review return "$short" --comment "Igen"
like "$status $err" "1 rutin review return: the run is already signed" "a signed run is not returned"
}

# verify checks the review events, and the findings cache, which is not
# evidence.
case_cache() {
needs return_sign sample || return
as anna verify --routines "$routines"
is "$status" 0 "verify: the review events are signed by a supervisor and the log is intact"
like "$out" "findings cache: " "and the findings cache agrees with the events"

# The findings cache is not evidence: bo, with the log key his slot
# gives him, hides his run from the list of critical findings. The run
# view computes them anew; verify, with the routines, finds the lie.
spec=$("$RUTIN_BUILDDIR/tests/tools/slotkey" "$db.keys" bo <"$TEST_TMP/bo")
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$spec" \
	"UPDATE findings_cache SET count = 0, critical = 0 WHERE run_id = '$id';" |
	timeout 20 sqlcipher -batch -bail "$db" >/dev/null 2>&1
is "$?" 0 "with the key, the sqlcipher client can rewrite the findings cache"
as anna review list --findings --routines "$routines"
unlike "$out" "SN 2026/5" "the list of critical findings trusts the cache"
as anna review show "$short" --routines "$routines"
like "$out" "Findings: 2 (2 critical)" "the run view computes the findings anew"
as anna verify --routines "$routines"
is "$status" 1 "verify with the routines: exit 1"
like "$out" "the findings cache does not match the events of run $id" "naming the run"
as anna verify --rebuild --routines "$routines"
is "$status" 0 "verify --rebuild clears the cache"
as anna review list --findings --routines "$routines"
like "$out" "SN 2026/5" "and the run is back in the list"
# With the cache empty, the queue's list of critical findings computes
# the runs it lacks as it shows them, and keeps only those with one.
as anna verify --rebuild --routines "$routines"
printf '%s\n' "text $(cat "$TEST_TMP/anna")" Enter Tab "save-display $TEST_TMP/critical.txt" \
	F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en "$RUTIN" --db "$db" --user anna \
	--routines "$routines" --idle-lock 0
like "$(cat "$TEST_TMP/critical.txt")" "[Critical findings]" "the queue's critical findings"
like "$(cat "$TEST_TMP/critical.txt")" "SN 2026/5" "list the run with critical findings"
unlike "$(cat "$TEST_TMP/critical.txt")" "SN 2026/7" "and not the run without"
is "$(cat "$db" "$db.keys" | grep -ac "Akten saknas")" 0 \
	"nothing of it is in the files in plaintext"
}

# The runs waiting for a first review without any finding, signed at
# once: listed first, signed only when confirmed, each logged.
case_sign_clean() {
needs sample || return
as bo review sign-clean
is "$status" 1 "a caseworker signs nothing (exit 1: the account may not)"
as anna review sign-clean --routines "$routines"
like "$status $err" "1 rutin review sign-clean: 1 run without findings would be signed; nothing was signed; --confirm signs it" \
	"without --confirm: what would be signed, and nothing signed"
like "$out" "SN 2026/7" "the run without findings is listed"
unlike "$out" "SN 2026/5" "a run with findings is not"
as anna review sign-clean --confirm --routines "$routines"
is "$status" 0 "review sign-clean --confirm: exit 0"
like "$out" "Signed 1 run without findings." "with --confirm it is signed"
as anna review list --status signed --routines "$routines"
like "$out" "SN 2026/7" "and listed as signed"
as anna events
is "$(printf '%s\n' "$out" | grep -c '"type":"review.signed"')" 2 \
	"one review.signed for it (the other is SN 2026/5's)"
as anna review sign-clean --confirm --routines "$routines"
like "$status $err" "0 rutin review sign-clean: no run waiting for a first review is without findings; nothing to sign" \
	"again: nothing to sign"
}

cases log walk list_show access caseworker return_sign export own_run sample handover \
	stats filters cache sign_clean
done_testing

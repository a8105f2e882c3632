# rutin gallra (issue 29, part 1): a log of three years of runs
# (tests/tools/mkquarter: anna supervises, bo and cy walk 90 runs from
# 2023-12-01, each with a note of its own) and a two-year rule.
# gallra removes exactly the runs the test finds past two years in the
# events; verify, --seals and --require-sealed pass and report it; an
# attacker who deletes one more run is caught; the removed notes are in
# no page of the log file or its write-ahead log, decrypted with the key
# (a kept run's note is, so the search can find one); an interrupted
# gallring (strace) leaves a log that verifies and the next run finishes
# it; doctor and backup name copies older than the rule.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
export LANGUAGE=en

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines" "$XDG_CONFIG_HOME/rutin"
cp "$FIXTURES/review/granskning.yaml" "$RUTIN_SRCDIR/checklists/routines/misstankt-rojande.yaml" \
	"$routines/"
for who in anna bo cy; do printf 'quarter passphrase\n' >"$TEST_TMP/$who"; done
seals="$TEST_TMP/seals"
printf 'seal_file = %s\n' "$seals" >"$XDG_CONFIG_HOME/rutin/config"
SLOTKEY="$RUTIN_BUILDDIR/tests/tools/slotkey"

clock_at "2026-12-06 10:00:00"
run "$RUTIN_BUILDDIR/tests/tools/mkquarter" "$db" "$routines" 2023-12-01 1096 90
is "$status" 0 "three years of runs"
as anna seal
is "$status" 0 "sealed before the gallring"

# The runs past two years, found here from the events: ended (completed
# or aborted), and their end or review, whichever is later, more than
# 730 days before the test clock's now.
as anna events
printf '%s\n' "$out" >"$TEST_TMP/before.jsonl"
# The log's identity: its first event's hash.
identity=$(head -1 "$TEST_TMP/before.jsonl" | python3 -c '
import json, sys; print(json.loads(sys.stdin.readline())["hash"])')
now_ms=$(( $(clock_date %s) * 1000 ))
python3 - "$TEST_TMP/before.jsonl" "$now_ms" >"$TEST_TMP/expected" <<'PY'
import json, sys
runs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    r = e.get("run")
    if not r: continue
    x = runs.setdefault(r, {"ended": False, "t": 0, "case": None})
    if e["type"] == "run.started": x["case"] = e["fields"]["case_ref"]
    if e["type"] in ("run.completed", "run.aborted"): x["ended"] = True
    if e["type"] in ("run.completed", "run.aborted", "run.reopened", "run.paused",
                     "run.resumed", "run.started", "review.signed", "review.returned") \
       or e["type"].startswith("step.") or e["type"] in ("note.added",
       "deviation.recorded", "stop.acknowledged"):
        x["t"] = max(x["t"], e["time_ms"])
cut = int(sys.argv[2]) - 730 * 86400000
for r, x in sorted(runs.items(), key=lambda kv: kv[1]["case"]):
    if x["ended"] and x["t"] < cut: print(x["case"])
PY
expected=$(wc -l <"$TEST_TMP/expected")
[ "$expected" -gt 10 ] && [ "$expected" -lt 60 ] && pass "the test finds $expected runs past two years" ||
	fail "the test finds some runs past two years, not all" "found: $expected"

# The rule.
as anna gallra --dry-run
is "$status" 2 "no rule yet: gallra says so (exit 2)"
like "$err" "the log has no retention rule" "naming what is missing"
as anna gallra rule --days 730
is "$status" 2 "a rule without its decision is refused (exit 2)"
as bo gallra rule --days 730 --decision "SN 2026/112 §4"
is "$status" 1 "a caseworker may not set the rule (exit 1)"
as anna gallra rule --days 0 --decision "SN 2026/112 §4"
is "$status" 2 "zero days is refused"
as anna gallra rule --days 730 --decision "SN 2026/112 §4"
is "$status" 0 "a supervisor sets two years, on a gallringsbeslut"
like "$out" "Runs are kept 730 days" "the rule is said"
as bo gallra --dry-run
is "$status" 1 "a caseworker may not run gallra"

# The dry run lists exactly those runs, and removes nothing.
as anna events
events_before=$(printf '%s\n' "$out" | wc -l)
as anna gallra --dry-run --routines "$routines"
is "$status" 0 "the dry run: exit 0"
printf '%s\n' "$out" | sed -n 's/^  [0-9-]* [0-9:]*  \(SN [0-9]*\/[0-9]*\)  .*/\1/p' | sort >"$TEST_TMP/listed"
sort "$TEST_TMP/expected" >"$TEST_TMP/expected.sorted"
cmp -s "$TEST_TMP/listed" "$TEST_TMP/expected.sorted" && pass "it lists exactly the runs past the rule" ||
	fail "it lists exactly the runs past the rule" "$(diff "$TEST_TMP/expected.sorted" "$TEST_TMP/listed" | head -5)"
like "$out" "Granskning" "by their routine's title"
like "$out" "A dry run: nothing was removed." "and says it removed nothing"
as anna events
is "$(printf '%s\n' "$out" | wc -l)" "$events_before" "every event is still there"
as anna gallra --routines "$routines" </dev/null
is "$status" 2 "without --confirm and no terminal to ask on: exit 2"
like "$err" "nothing removed" "and nothing is removed"

# A copy of the log as it was, for the raw search and the attacker.
cp "$db" "$TEST_TMP/before.db"
cp "$db.keys" "$TEST_TMP/before.db.keys"

as anna gallra --confirm --routines "$routines"
is "$status" 0 "gallra --confirm: exit 0"
like "$out" "Removed $expected runs" "removing the runs past the rule"
[ -s "$db-wal" ] && fail "the write-ahead log is emptied" "$(stat -c %s "$db-wal") bytes" ||
	pass "the write-ahead log is emptied"
as anna events
printf '%s\n' "$out" >"$TEST_TMP/after.jsonl"
left=$(grep -c -F -f "$TEST_TMP/expected" "$TEST_TMP/after.jsonl")
is "$left" 0 "no event of a removed run is left"
kept_before=$(grep -c '"type":"run.started"' "$TEST_TMP/before.jsonl")
kept_after=$(grep -c '"type":"run.started"' "$TEST_TMP/after.jsonl")
is "$kept_after" $((kept_before - expected)) "every other run is kept"

for who in anna bo cy; do
	as "$who" verify
	is "$status" 0 "verify as $who: intact"
done
like_re "$out" "Removed under the retention rule, gallringsbeslut SN 2026/112 §4 .*: $expected runs, [0-9]+ events" \
	"verify reports the gallring"
as anna verify --seals "$seals" --require-sealed --log-id "$identity"
is "$status" 0 "verify --seals --require-sealed: intact (gallra sealed it)"
like "$out" "seals match the log" "the seals match"

# bo and cy write after it, from where they wrote the removed events.
as bo seal
as cy seal
as anna verify
is "$status" 0 "their next events follow their own chains across the gap"

# An archive package of the log after it: rutin verify --archive, and
# the Python of its LASMIG.txt run as written, cross the gaps; one more
# event taken out of the package (the manifest made to fit) is found.
pkg="$TEST_TMP/paket"
as anna archive --out "$pkg" --seals "$seals" --routines "$routines"
is "$status" 0 "an archive package after the gallring"
run "$RUTIN" verify --archive "$pkg"
is "$status" 0 "rutin verify --archive: intact, across the gaps"
awk '/Med Pythons standardbibliotek:/ { on = 1; next } on && /^3\. / { exit } on' \
	"$pkg/LASMIG.txt" | sed 's/^       //' >"$TEST_TMP/lasmig.py"
out=$(cd "$pkg" && python3 "$TEST_TMP/lasmig.py" 2>&1)
like "$out" "kedjan är hel" "LASMIG.txt's own Python, as written, finds the chain whole"
cp -a "$pkg" "$TEST_TMP/p2"
grep -v "\"run\":\"$(grep '"type":"run.completed"' "$TEST_TMP/after.jsonl" | head -1 |
	python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["run"])')\"" \
	"$pkg/handelser.jsonl" >"$TEST_TMP/p2/handelser.jsonl"
(cd "$TEST_TMP/p2" && sha256sum handelser.jsonl nycklar.jsonl LASMIG.txt sigill.txt rutiner/* \
	>manifest.sha256)
run "$RUTIN" verify --archive "$TEST_TMP/p2"
like "$status $out" "1 Archive package" "a run taken out of the package: exit 1"
like "$out" "is missing" "a gap no gallring covers"
out=$(cd "$TEST_TMP/p2" && python3 "$TEST_TMP/lasmig.py" 2>&1)
unlike "$out" "kedjan är hel" "LASMIG.txt's Python fails it too"

# A second gallring now has nothing to do.
as anna gallra --confirm --routines "$routines"
is "$status" 0 "a second gallring: exit 0"
like "$out" "nothing to remove" "nothing more is past the rule"

# The pages, decrypted with the key: no removed note anywhere in the
# file or its write-ahead log; a kept run's note is found.
spec=$("$SLOTKEY" "$db.keys" anna <"$TEST_TMP/anna")
cat >"$TEST_TMP/pages.py" <<'PY'
# pages.py SPEC FILE...: every page of a SQLCipher 4 file (and of its
# WAL's frames) decrypted with the raw key, written to stdout.
import os, subprocess, sys
spec = sys.argv[1]
key = spec[2:66]
PAGE, RESERVE = 4096, 80
def dec(page, first):
    start = 16 if first else 0
    body = page[start:PAGE - RESERVE]
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    r = subprocess.run(["openssl", "enc", "-d", "-aes-256-cbc", "-nopad", "-K", key,
        "-iv", iv.hex()], input=body, capture_output=True, check=True)
    return r.stdout
out = sys.stdout.buffer
for path in sys.argv[2:]:
    if not os.path.exists(path): continue
    data = open(path, "rb").read()
    if path.endswith("-wal"):
        off = 32
        while off + 24 + PAGE <= len(data):
            pno = int.from_bytes(data[off:off + 4], "big")
            out.write(dec(data[off + 24:off + 24 + PAGE], pno == 1))
            off += 24 + PAGE
    else:
        for i in range(0, len(data) - PAGE + 1, PAGE):
            out.write(dec(data[i:i + PAGE], i == 0))
PY
python3 "$TEST_TMP/pages.py" "$spec" "$TEST_TMP/before.db" >"$TEST_TMP/before.raw" 2>/dev/null
first_removed=$(head -1 "$TEST_TMP/expected" | sed 's/.*\///')
grep -q -a "Anteckning nr $first_removed om" "$TEST_TMP/before.raw" &&
	pass "before: the decrypted pages hold a removed run's note (the search finds notes)" ||
	fail "before: the decrypted pages hold a removed run's note (the search finds notes)"
python3 "$TEST_TMP/pages.py" "$spec" "$db" "$db-wal" >"$TEST_TMP/after.raw"
is "$?" 0 "after: every page of the log and its write-ahead log decrypts"
found=0
while read -r ref; do
	n=${ref##*/}
	grep -q -a "Anteckning nr $n om" "$TEST_TMP/after.raw" && found=$((found + 1))
	grep -q -a -F "$ref" "$TEST_TMP/after.raw" && found=$((found + 1))
done <"$TEST_TMP/expected"
is "$found" 0 "no removed note or case reference is in any page, free or used"
kept=$(grep '"type":"note.added"' "$TEST_TMP/after.jsonl" | head -1 | sed 's/.*Anteckning nr \([0-9]*\) om.*/\1/')
grep -q -a "Anteckning nr $kept om" "$TEST_TMP/after.raw" && pass "a kept run's note is found there" ||
	fail "a kept run's note is found there" "kept: $kept"

# An attacker with the key (bo, through his slot and the sqlcipher
# client) removes one more run the way the gallring did.
cp "$db" "$TEST_TMP/after.db"
victim=$(grep '"type":"run.completed"' "$TEST_TMP/after.jsonl" | head -1 |
	python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["run"])')
bospec=$("$SLOTKEY" "$db.keys" bo <"$TEST_TMP/bo")
printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\n%s\n' "$bospec" \
	"DROP TRIGGER events_no_delete; DELETE FROM runs WHERE run_id = '$victim';
DELETE FROM events WHERE run_id = '$victim';" | sqlcipher -batch -bail "$db" >/dev/null 2>&1
is "$?" 0 "the attacker deletes one more run's events"
as anna verify
is "$status" 1 "verify: altered (exit 1)"
like "$out" "is missing" "a gap no gallring covers"
cp "$TEST_TMP/after.db" "$db"
rm -f "$db-wal" "$db-shm"

# Copies older than the rule: backup --into names them and fails (the
# nightly timer then says so); doctor names them.
bdir="$TEST_TMP/backups"
mkdir -p "$bdir"
as anna backup --into "$bdir"
is "$status" 0 "a backup into a folder"
made=$(ls "$bdir" | grep '^log-.*\.db$' | head -1)
cp "$bdir/$made" "$bdir/log-2024-06-01T020000.db"
cp "$bdir/$made.keys" "$bdir/log-2024-06-01T020000.db.keys"
clock_at "2026-12-07 02:00:00"
as anna backup --into "$bdir" --keep-daily 7 --keep-monthly 36
is "$status" 1 "the next backup keeps a copy older than the rule: exit 1"
like "$err" "$bdir/log-2024-06-01T020000.db" "naming it"
like "$err" "older than the log's retention rule" "and why"
as anna doctor
like "$out" "$bdir/log-2024-06-01T020000.db" "doctor names it too"
like "$out" "older than the retention rule" "as a finding"
like "$out" "retention: runs are kept 730 days" "and says the rule"
rm -f "$bdir"/log-2024-06-01T020000.db*
as anna doctor
like "$out" "no copy of the log in $bdir is older than the retention rule" \
	"once it is removed, doctor says none is"

# An interrupted gallring: from the copy before it, strace makes a write
# of the removal fail; the log verifies, and gallra finishes it.
if command -v strace >/dev/null; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	cp "$TEST_TMP/before.db" "$db"
	cp "$TEST_TMP/before.db.keys" "$db.keys"
	rm -f "$db-wal" "$db-shm"
	rm -rf "$XDG_STATE_HOME/rutin/own"
	as anna gallra rule --days 730 --decision "SN 2026/112 §4"
	cp "$db" "$TEST_TMP/ruled.db"
	# the calls gallra makes: the fault goes to the one after its event
	strace -f -qq -e trace=fdatasync -o "$TEST_TMP/trace" "$RUTIN" gallra --confirm \
		--routines "$routines" --db "$db" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna" \
		>/dev/null 2>&1
	calls=$(grep -c 'fdatasync(' "$TEST_TMP/trace")
	bad="" failed=0 begun=0
	for when in $(seq 1 "$calls"); do
		cp "$TEST_TMP/ruled.db" "$db"
		rm -f "$db-wal" "$db-shm"
		rm -rf "$XDG_STATE_HOME/rutin/own"
		strace -f -qq -o /dev/null -e trace=fdatasync \
			-e inject=fdatasync:error=EIO:when="$when" "$RUTIN" gallra --confirm \
			--routines "$routines" --db "$db" --user anna --passphrase-fd 3 \
			3<"$TEST_TMP/anna" >"$TEST_TMP/f.out" 2>"$TEST_TMP/f.err"
		st=$?
		[ "$st" -ne 0 ] && failed=$((failed + 1))
		if [ "$st" -ne 0 ] && ! grep -q "^rutin gallra: " "$TEST_TMP/f.err"; then
			bad="$bad #$when: exit $st without saying why;"
		fi
		grep -q "run rutin gallra again" "$TEST_TMP/f.err" && begun=$((begun + 1))
		as anna verify
		[ "$status" -eq 0 ] || bad="$bad #$when: the log does not verify ($(echo "$out" | tail -1));"
		as anna gallra --confirm --routines "$routines"
		[ "$status" -eq 0 ] || bad="$bad #$when: gallra again exits $status: $err;"
		free=$(printf 'PRAGMA key = "%s";\nPRAGMA cipher_log_level = NONE;\nPRAGMA freelist_count;\n' \
			"$spec" | sqlcipher -batch "$db" 2>/dev/null | tail -1)
		[ "$free" = 0 ] || bad="$bad #$when: after gallra again, free pages: '$free';"
		as anna events
		[ "$(grep -c -F -f "$TEST_TMP/expected" <<<"$out")" -eq 0 ] ||
			bad="$bad #$when: events of removed runs are left;"
		[ "$(grep -c '"type":"retention.culled"' <<<"$out")" -eq 1 ] ||
			bad="$bad #$when: not one gallring event;"
		as anna verify
		[ "$status" -eq 0 ] || bad="$bad #$when: after finishing, the log does not verify;"
	done
	[ "$calls" -ge 4 ] && [ "$failed" -ge 3 ] &&
		pass "each of gallra's $calls fdatasync calls failed in turn: $failed runs failed, $begun after its event" ||
		fail "each of gallra's fdatasync calls failed in turn" "calls: $calls, failed: $failed"
	[ "$begun" -ge 1 ] && pass "an interrupted removal says to run gallra again" ||
		fail "an interrupted removal says to run gallra again"
	[ -z "$bad" ] && pass "after each: the log verifies, gallra again finishes it (once; no free page left), and it verifies" ||
		fail "after each: the log verifies, gallra again finishes it (once; no free page left), and it verifies" "$bad"
else
	for i in 1 2 3; do skip "strace is not installed (scripts/install-deps --test)"; done
fi

# With the log's option second_person on, another supervisor approves
# the very list first, and the one who approved does not carry it out.
# (From the copy before the gallring, on its day: the same runs are past.)
clock_at "2026-12-06 10:30:00"
cp "$TEST_TMP/before.db" "$db"
cp "$TEST_TMP/before.db.keys" "$db.keys"
rm -f "$db-wal" "$db-shm"
rm -rf "$XDG_STATE_HOME/rutin/own"
printf 'cia passphrase 12\n' >"$TEST_TMP/cia"
as anna user add cia --role supervisor --new-passphrase-fd 4 4<"$TEST_TMP/cia"
as anna gallra rule --days 730 --decision "SN 2026/112 §4"
as anna routines second-person on
is "$status" 0 "the option second_person is on"
as anna gallra --confirm --routines "$routines"
is "$status" 1 "gallra without an approval: exit 1"
like "$err" "another supervisor reads this list and approves it first" "saying who must approve"
as bo gallra approve --confirm
is "$status" 1 "a caseworker may not approve"
as anna gallra approve --confirm --routines "$routines"
is "$status" 0 "anna approves the list"
as anna gallra --confirm --routines "$routines"
is "$status" 1 "and may not carry out what she approved"
like "$err" "you approved this gallring yourself" "said"
as cia gallra --confirm --routines "$routines"
is "$status" 0 "cia carries it out"
like "$out" "Approved by anna as the second person." "naming the approval"
like "$out" "Removed $expected runs" "the same runs"
as cia verify
is "$status" 0 "the log verifies"

done_testing

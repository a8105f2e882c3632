# rutin archive --out DIR (issue 29, part 2): the log as an open package
# for the archive, checked here by a verifier written from the package's
# LASMIG.txt alone -- Python's hashlib for the chain, openssl for every
# signature, sha256sum for the manifest -- not by rutin's code. Then what
# an attacker changes in a package is found by it. Supervisors; plaintext
# said; logged; a new folder 0700, files 0600.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 38
export LANGUAGE=en

db="$TEST_TMP/log.db"
routines="$TEST_TMP/r"
mkdir -p "$routines"
cp "$FIXTURES/review/granskning.yaml" "$routines/"
unit_log "$db" anna bo

# A run, a passphrase changed (a new key, signed with the old), seals.
walk_case bo "SN 2026/5" Enter Down Down Enter s "text Akten saknas" Enter f Enter \
	"text Ingen akt" Enter f
as anna seal
printf 'Dec  7 10:00:00 host rutin: %s\n' "$out" >"$TEST_TMP/syslog"
printf 'bo new passphrase 12\n' >"$TEST_TMP/bo-new"
as bo user passwd --new-passphrase-fd 4 4<"$TEST_TMP/bo-new"
cp "$TEST_TMP/bo-new" "$TEST_TMP/bo"
as anna seal
printf 'Dec  7 10:05:00 host rutin: %s\n' "$out" >>"$TEST_TMP/syslog"

pkg="$TEST_TMP/paket"
as bo archive --out "$pkg" --routines "$routines"
is "$status" 1 "a caseworker may not (exit 1)"
[ -e "$pkg" ] && fail "and nothing is made" || pass "and nothing is made"
as anna archive --out "$pkg" --seals "$TEST_TMP/syslog" --routines "$routines"
is "$status" 0 "a supervisor: exit 0"
like "$out" "It is plaintext" "saying the package is plaintext"
is "$(stat -c %a "$pkg")" 700 "the folder is 0700"
is "$(find "$pkg" -type f ! -perm 600 | wc -l)" 0 "every file is 0600"
like "$(cat "$pkg/LASMIG.txt")" "Arkivpaket ur rutin" "a README in Swedish"
is "$(wc -l <"$pkg/sigill.txt")" 2 "the log's two seals"
is "$(ls "$pkg/rutiner" | wc -l)" 1 "the routine text the run followed"
(cd "$pkg" && sha256sum -c --quiet manifest.sha256) >/dev/null 2>&1 && pass "sha256sum -c: every file whole" ||
	fail "sha256sum -c: every file whole"

# The verifier, from LASMIG.txt: the chain, the keys, every signature.
cat >"$TEST_TMP/verify.py" <<'PY'
import hashlib, json, os, struct, subprocess, sys, tempfile
pkg = sys.argv[1]
def s(x):
    if x is None: return b"\xff\xff\xff\xff"
    b = x.encode("utf-8"); return struct.pack(">I", len(b)) + b
keys = [json.loads(l) for l in open(os.path.join(pkg, "nycklar.jsonl"), encoding="utf-8")]
def key_for(e):
    own = e["type"] in ("log.created", "account.key_registered")
    best = None
    for k in keys:
        if k["account"] != e["account"]: continue
        if (own and k["seq"] == e["seq"]) or (not own and k["seq"] < e["seq"]):
            best = k
    return best["sign_pk"] if best else None
def sig_ok(pk, h, sig):
    with tempfile.TemporaryDirectory() as d:
        der = bytes.fromhex("302a300506032b6570032100" + pk)
        open(os.path.join(d, "k.der"), "wb").write(der)
        subprocess.run(["openssl", "pkey", "-pubin", "-inform", "DER", "-in",
            os.path.join(d, "k.der"), "-out", os.path.join(d, "k.pem")], check=True,
            capture_output=True)
        open(os.path.join(d, "m"), "wb").write(b"rutin-sig/1\n" + bytes.fromhex(h))
        open(os.path.join(d, "s"), "wb").write(bytes.fromhex(sig))
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
            os.path.join(d, "k.pem"), "-rawin", "-in", os.path.join(d, "m"),
            "-sigfile", os.path.join(d, "s")], capture_output=True)
        return r.returncode == 0
prev = bytes(32)
events = {}
for n, line in enumerate(open(os.path.join(pkg, "handelser.jsonl"), encoding="utf-8"), 1):
    e = json.loads(line)
    if e["seq"] != n or bytes.fromhex(e["prev_hash"]) != prev:
        print("chain broken at", n); sys.exit(1)
    m = (b"rutin-event/1\n" + prev + struct.pack(">q", e["seq"]) + s(e["id"]) +
         struct.pack(">q", e["time"]) + s(e["account"]) + s(e["run"]) + s(e["type"]) +
         s(e["fields"]))
    if hashlib.sha256(m).hexdigest() != e["hash"]:
        print("hash wrong at", n); sys.exit(1)
    pk = key_for(e)
    if e["sig"] is None or pk is None or not sig_ok(pk, e["hash"], e["sig"]):
        print("signature wrong at", n, e["account"], e["type"]); sys.exit(1)
    events[e["seq"]] = e
    prev = bytes.fromhex(e["hash"])
for line in open(os.path.join(pkg, "sigill.txt"), encoding="utf-8"):
    f = dict(w.split("=", 1) for w in line.split()[1:] if "=" in w)
    e = events.get(int(f["seq"]))
    if e is None or e["hash"] != f["head"] or e["sig"] != f["sig"]:
        print("seal does not match event", f["seq"]); sys.exit(1)
print("ok", len(events), "events")
PY
run python3 "$TEST_TMP/verify.py" "$pkg"
is "$status" 0 "an independent verifier from LASMIG.txt: chain, keys, every signature, seals"
like "$out" "ok" "and says so"
is "$(grep -c '"type":"account.passphrase_changed"' "$pkg/handelser.jsonl")" "1" \
	"(the package holds a passphrase change: a new key, signed with the old)"

# What an attacker changes in a copy of the package is found.
cp -a "$pkg" "$TEST_TMP/p2"
sed -i 's/Akten saknas/Akten finns/' "$TEST_TMP/p2/handelser.jsonl"
(cd "$TEST_TMP/p2" && sha256sum -c --quiet manifest.sha256) >/dev/null 2>&1 &&
	fail "a changed reason: the manifest finds it" || pass "a changed reason: the manifest finds it"
sed -i "s/^[0-9a-f]*  handelser.jsonl\$/$(sha256sum "$TEST_TMP/p2/handelser.jsonl" | cut -d' ' -f1)  handelser.jsonl/" \
	"$TEST_TMP/p2/manifest.sha256"
run python3 "$TEST_TMP/verify.py" "$TEST_TMP/p2"
is "$status" 1 "and with the manifest made to fit, the chain finds it"
like "$out" "hash wrong at" "naming where"

# rutin verify --archive checks the same with rutin's code.
run "$RUTIN" verify --archive "$pkg"
is "$status" 0 "rutin verify --archive: the package is intact"
like "$out" "Manifest: 5 files, whole; no other file in the package." "every file against the manifest"
like "$out" "Seals (sigill.txt): 2 match the events." "the seals"
like "$out" "Routine texts: 1, each hashing to its name." "the routine texts"
run "$RUTIN" verify --archive "$TEST_TMP/p2"
is "$status" 1 "the changed reason, the manifest made to fit: exit 1"
like "$out" "the events: event" "the events name it"
cp -a "$pkg" "$TEST_TMP/p3"
sed -i '$d' "$TEST_TMP/p3/nycklar.jsonl"
run "$RUTIN" verify --archive "$TEST_TMP/p3"
like "$status $out" "1 Archive package" "a key line left out: exit 1"
like "$out" "nycklar.jsonl: changed since the package was made" "found by the manifest"
# The same as one tar file: paket.tar holds paket/...; verify --archive
# reads it; a tar with a name outside its folder is refused, and nothing
# is written outside.
as anna archive --out "$TEST_TMP/paket.tar" --seals "$TEST_TMP/syslog" --routines "$routines"
is "$status" 0 "archive --out FILE.tar: exit 0"
is "$(stat -c %a "$TEST_TMP/paket.tar")" 600 "the tar is 0600"
like "$(tar -tf "$TEST_TMP/paket.tar")" "paket/handelser.jsonl" "its files under one folder"
is "$(ls -d "$TEST_TMP"/paket.tar.* 2>/dev/null | wc -l)" 0 "and no folder is left beside it"
run "$RUTIN" verify --archive "$TEST_TMP/paket.tar"
like "$status $out" "0 Archive package $TEST_TMP/paket.tar:" "verify --archive FILE.tar: intact"
python3 - "$TEST_TMP/evil.tar" "$pkg/handelser.jsonl" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    t.add(sys.argv[2], arcname="paket/handelser.jsonl")
    t.add(sys.argv[2], arcname="paket/../../utanfor.txt")
PY
run "$RUTIN" verify --archive "$TEST_TMP/evil.tar"
like "$status $out" "1 Archive package" "a tar with a name outside its folder: exit 1"
like "$out" "outside the package's one folder" "named"
[ ! -e "$TEST_TMP/utanfor.txt" ] && [ "$(ls -d "$TEST_TMP"/evil.tar.* 2>/dev/null | wc -l)" = 0 ] &&
	pass "nothing written outside, nothing left" || fail "nothing written outside, nothing left"
as anna archive --out "$TEST_TMP/paket.tar" --routines "$routines"
like "$status $err" "2 rutin archive: $TEST_TMP/paket.tar: already exists" "never over a tar file"

run "$RUTIN" verify --archive "$TEST_TMP/nowhere"
is "$status" 2 "no package there: exit 2 (it could not look)"
like "$err" "rutin verify: --archive $TEST_TMP/nowhere: No such file or directory" "said"

as anna archive --out "$pkg" --routines "$routines"
like "$status $err" "2 rutin archive: $pkg: already exists" "never into a folder that exists"
as anna review access
like "$out" "made an archive package of the log" "the package is in the access log"
as anna verify
is "$status" 0 "the log verifies"
done_testing

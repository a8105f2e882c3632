# rutin scan: a document's text through the guard before it is sent.
# Identity numbers are Skatteverket's test numbers (19850709-9805).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 26

cat >"$TEST_TMP/brev.txt" <<'TXT'
Beslut om bistånd, dnr SN 2026/1234

Till Anna Andersson, BJÖRKVÄGEN 7, 413 01 Göteborg
Personnummer 850709 - 9805.
Ring oss på 031-12 34 56 eller mejla anna@example.se.
Kvinnofridslinjen 020-50 50 50 har öppet dygnet runt.
TXT
run "$RUTIN" scan "$TEST_TMP/brev.txt"
is "$status" 1 "something found: exit 1"
lines=$(echo "$out" | sed "s|$TEST_TMP/||")
like "$lines" "brev.txt:3:22: street-address: BJÖRKVÄGEN 7" "a street address, with file, line and column"
like "$lines" "brev.txt:3:36: postal-code: 413 01" "a postal code"
like "$lines" "brev.txt:4:14: personal-number: ****** - ****" "an identity number, masked"
unlike "$out" "9805" "the identity number itself is never printed"
like "$lines" "brev.txt:5:13: phone: 031-12 34 56" "a phone number"
like "$lines" "brev.txt:5:38: email: anna@example.se" "an e-mail address"
unlike "$out" "020-50" "a service number is not listed"
unlike "$out" "2026/1234" "nor the case number"
is "$(echo "$out" | wc -l)" 5 "one line per finding"
like "$err" "5 findings in 1 file(s)" "a count on standard error"

printf 'Dnr SN 2026/1234\nMöte 2026-04-01-2027-03-31 kl 1300\n' >"$TEST_TMP/ren.txt"
run "$RUTIN" scan "$TEST_TMP/ren.txt"
is "$status" 0 "nothing found: exit 0"
is "$out" "" "and nothing listed"
like "$err" "nothing found in 1 file" "and says so"

run sh -c "cat '$TEST_TMP/brev.txt' | '$RUTIN' scan -"
is "$status" 1 "- reads standard input"
like "$out" ":4:14: personal-number:" "with its lines"

# A real PDF: its text extracted with poppler's pdftotext, as the man page
# shows.
if command -v pdftotext >/dev/null; then
	run sh -c "pdftotext '$FIXTURES/brev.pdf' - | '$RUTIN' scan -"
	is "$status" 1 "a PDF's text (pdftotext FILE - | rutin scan -)"
	like "$out" "personal-number: ********-****" "finds the identity number in it"
	like "$out" "street-address: Storgatan 12" "and the address"
else
	fail "pdftotext is missing: scripts/install-deps --test installs poppler-utils"
	fail "(the PDF case)"
	fail "(the PDF case)"
fi

# Not text: a clear message, exit 2, never garbage.
run "$RUTIN" scan "$FIXTURES/brev.pdf"
is "$status" 2 "a PDF given directly: exit 2"
like "$err" "a PDF document, not text: extract its text first: pdftotext" "and how to extract it"
printf 'Hej\nCaf\351 p\345 Storgatan 1\n' >"$TEST_TMP/latin1.txt"
run "$RUTIN" scan "$TEST_TMP/latin1.txt"
is "$status" 2 "Latin-1 text: exit 2"
like "$err" "latin1.txt:2:4: not UTF-8 text" "naming the line and column"
printf 'abc\000def\n' >"$TEST_TMP/nul.bin"
run "$RUTIN" scan "$TEST_TMP/nul.bin"
like "$status $err" "2 rutin scan: $TEST_TMP/nul.bin:1: a NUL byte: this is not text" "a NUL byte: not text"
run "$RUTIN" scan "$TEST_TMP/missing.txt"
is "$status" 2 "a missing file: exit 2"
run "$RUTIN" scan
is "$status" 2 "no file: a usage error"

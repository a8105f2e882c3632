# rutin scan: a document's text through the guard before it is sent.
# Identity numbers are Skatteverket's test numbers (19850709-9805).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 80

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
like "$err" "5 findings; check each before the document is sent" "a count on standard error"

printf 'Dnr SN 2026/1234\nMöte 2026-04-01-2027-03-31 kl 1300\n' >"$TEST_TMP/ren.txt"
run "$RUTIN" scan "$TEST_TMP/ren.txt"
is "$status" 0 "nothing found: exit 0"
is "$out" "" "and nothing listed"
like "$err" "nothing found in 1 file" "and says so"

run sh -c "cat '$TEST_TMP/brev.txt' | '$RUTIN' scan -"
is "$status" 1 "- reads standard input"
like "$out" ":4:14: personal-number:" "with its lines"

# Real documents, made as a caseworker's programs make them
# (tests/tools/mkdoc: cairo for PDF, libzip for Word and OpenDocument).
MKDOC="$RUTIN_BUILDDIR/tests/tools/mkdoc"
d=$TEST_TMP/docs
mkdir -p "$d"
for k in pdf image-pdf mixed-pdf docx odt zip big-docx; do
	case $k in *pdf) ext=pdf ;; *docx) ext=docx ;; *) ext=$k ;; esac
	"$MKDOC" "$k" "$d/$k.$ext" || echo "# mkdoc $k failed"
done

run "$RUTIN" scan "$d/pdf.pdf"
is "$status" 1 "a PDF is read directly: exit 1 when something is found"
lines=$(echo "$out" | sed "s|$d/||")
like "$lines" "pdf.pdf:1:2:38: personal-number: ****** ****" \
    "a number broken at a line end: FILE:PAGE:LINE:COL of its first part"
like "$lines" "pdf.pdf:1:4:26: street-address: Storgatan 12" "an address on page 1"
like "$lines" "pdf.pdf:2:2:20: phone: 070-123 45 67" "a phone number on page 2"
like "$lines" "pdf.pdf:title:1:15: personal-number: ********-****" \
    "an identity number in the document's title (metadata)"
like "$lines" "pdf.pdf:subject:1:11: street-address: Rosenvägen 3" "an address in its subject"
unlike "$out" "9805" "the number is masked everywhere"
run sh -c "cat '$d/pdf.pdf' | '$RUTIN' scan -"
is "$status" 1 "a PDF on standard input"
like "$out" "(standard input):title:1:15: personal-number" "is read as a PDF"

run "$RUTIN" scan "$d/image-pdf.pdf"
is "$status" 2 "an image-only PDF: exit 2, never clean"
like "$err" "image-pdf.pdf: no text to check: the document is an image" "and says why"
like "$err" "1 file could not be read, or not all of it, and was not checked" \
    "the summary says a file was not checked"
unlike "$err" "nothing found" "and never reads as clean"
run "$RUTIN" scan "$d/mixed-pdf.pdf"
is "$status" 2 "a PDF with a scanned page: exit 2"
like "$err" "mixed-pdf.pdf:2: page 2 has no text to check" "naming the page"
like "$out" "mixed-pdf.pdf:1:2:38: personal-number" "the pages with text are still checked"

run "$RUTIN" scan "$d/docx.docx"
is "$status" 1 "a Word file is read directly"
lines=$(echo "$out" | sed "s|$d/||")
like "$lines" "docx.docx:header1:1:28: phone: 070-123 45 67" "a phone number in a header"
like "$lines" "docx.docx:comments:1:13: personal-number: ******-****" "a number in a comment"
like "$lines" "docx.docx:deleted:1:15: street-address: Hagaberg 12" \
    "an address in a tracked deletion (in the file, not shown)"
like "$lines" "docx.docx:links:1:1: map-link: https://maps.app.goo.gl/" "a map link behind a word"
like "$lines" "docx.docx:title:1:15: personal-number:" "a number in docProps/core.xml"
unlike "$lines" "docx.docx:body:" "nothing in the body itself"

run "$RUTIN" scan "$d/odt.odt"
is "$status" 1 "an OpenDocument text is read"
lines=$(echo "$out" | sed "s|$d/||")
like "$lines" "odt.odt:body:2:7: phone: 070-123 45 67" "its body (text:s as spaces)"
like "$lines" "odt.odt:comments:1:6: personal-number:" "its comments"
like "$lines" "odt.odt:footer:1:1: street-address: Box 4412" "its footer"
like "$lines" "odt.odt:title:1:11: personal-number:" "its properties"

run "$RUTIN" scan "$d/zip.zip"
is "$status" 2 "another zip: exit 2"
like "$err" "zip.zip: a zip archive that is neither a Word" "saying what it is"
run "$RUTIN" scan "$d/big-docx.docx"
is "$status" 2 "a part too large to inflate (a zip bomb): exit 2"
like "$err" "its part word/document.xml is larger than rutin reads" "not inflated"
head -c 3000 "$d/pdf.pdf" >"$d/cut.pdf"
run "$RUTIN" scan "$d/cut.pdf"
is "$status" 2 "a damaged PDF: exit 2"
like "$err" "cut.pdf: " "with a message naming the file"
unlike "$err" "Syntax Error" "and not the library's own complaints"

# A reader that crashes, loops or eats processor time costs its own
# process: the file is named as not read, exit 2 (test builds shorten the
# limits and make the reader fail: RUTIN_TEST_SANDBOX, tests/README).
run env RUTIN_TEST_SANDBOX=fault=crash "$RUTIN" scan "$d/pdf.pdf"
is "$status" 2 "a reader that crashes: exit 2"
like "$err" "pdf.pdf: the document reader failed on it (signal" "the file named, rutin goes on"
run env RUTIN_TEST_SANDBOX=fault=hang,cpu=1,wait=30 "$RUTIN" scan "$d/docx.docx"
is "$status" 2 "a reader that loops: stopped, exit 2"
like "$err" "docx.docx: reading it took more than 1 s of processor time: stopped" \
    "by the processor-time limit"
like "$err" "1 file could not be read" "the summary says so"
run env RUTIN_TEST_SANDBOX=fault=hang,cpu=30,wait=1 "$RUTIN" scan "$d/odt.odt"
like "$status $err" "2 rutin scan: $d/odt.odt: reading it took longer than 1 s: stopped" \
    "a reader that takes too long is killed after the waiting limit"

# An unreadable file among others: the summary never reads as clean.
run "$RUTIN" scan "$TEST_TMP/ren.txt" "$d/zip.zip"
is "$status" 2 "one clean file and one unreadable: exit 2"
unlike "$err" "nothing found in 2" "not 'nothing found'"
like "$err" "nothing found in the 1 file read in full" "only in the file read in full"

# Text split across lines, as a document's text comes out.
printf 'Personnummer 850709\n9805 enligt ansökan.\nStor-\ngatan 12\n' >"$TEST_TMP/split.txt"
run "$RUTIN" scan "$TEST_TMP/split.txt"
like "$out" "split.txt:1:14: personal-number" "a number broken at a line end: its first part"
like "$out" "split.txt:3:1: street-address: Stor-" "a hyphenated street name is rejoined"

# A long text is read in pieces (the guard's memory): a finding after
# the first piece keeps its line, and a broken number is still one.
i=0; while [ $i -lt 2500 ]; do echo "Rad $i: anteckning om mötet, inget känsligt."; i=$((i + 1)); done >"$TEST_TMP/long.txt"
printf 'Pnr 850709\n9805 i slutet.\n' >>"$TEST_TMP/long.txt"
run "$RUTIN" scan "$TEST_TMP/long.txt"
like "$out" "long.txt:2501:5: personal-number" "a long text: the line past the first piece, the number whole"
is "$(echo "$out" | wc -l)" 1 "and nothing else in it"

# Encodings: UTF-16 with a byte order mark is read; without one, and
# Windows-1252, are named with the command that converts them.
printf '\377\376' >"$TEST_TMP/u16.txt"
printf 'Pnr 850709-9805\n' | iconv -f UTF-8 -t UTF-16LE >>"$TEST_TMP/u16.txt"
run "$RUTIN" scan "$TEST_TMP/u16.txt"
is "$status" 1 "UTF-16 with a byte order mark is read"
like "$out" "u16.txt:1:5: personal-number" "at the right column"
printf 'Ring 070-123 45 67\n' | iconv -f UTF-8 -t UTF-16LE >"$TEST_TMP/u16n.txt"
run "$RUTIN" scan "$TEST_TMP/u16n.txt"
is "$status" 2 "UTF-16 without a mark: exit 2"
like "$err" "UTF-16 text without a byte order mark: convert it first: iconv -f UTF-16LE -t UTF-8 $TEST_TMP/u16n.txt | rutin scan -" \
    "named, with the command"

# Not read: a clear message, exit 2, never garbage.
printf 'Hej\nCaf\351 p\345 Storgatan 1\n' >"$TEST_TMP/latin1.txt"
run "$RUTIN" scan "$TEST_TMP/latin1.txt"
is "$status" 2 "Latin-1 text: exit 2"
like "$err" "latin1.txt:2:4: not UTF-8 text: it reads as Windows-1252" \
    "naming the line, the column and the encoding"
like "$err" "iconv -f WINDOWS-1252 -t UTF-8 $TEST_TMP/latin1.txt | rutin scan -" \
    "with the command that converts it"
printf 'abc\000def\n' >"$TEST_TMP/nul.bin"
run "$RUTIN" scan "$TEST_TMP/nul.bin"
is "$status" 2 "a NUL byte: exit 2"
like "$err" "rutin scan: $TEST_TMP/nul.bin:1: a NUL byte: this is not text" "not text"
printf '{\\rtf1 Hej}' >"$TEST_TMP/brev.rtf"
run "$RUTIN" scan "$TEST_TMP/brev.rtf"
is "$status" 2 "RTF: not read"
like "$err" "unrtf --text $TEST_TMP/brev.rtf | rutin scan -" "with the command naming the file"

# In Swedish: whole sentences, no English left, no FILE placeholder.
RUTIN_LOCALEDIR=$(swedish_catalog)
export RUTIN_LOCALEDIR
run env LANGUAGE=sv "$RUTIN" scan "$d/image-pdf.pdf" "$d/zip.zip"
unlike "$err" "FILE" "Swedish messages name the file, never FILE"
unlike "$err" "could not be read" "and hold no English"
like "$err" "2 filer" "the summary in Swedish"
unset RUTIN_LOCALEDIR

run "$RUTIN" scan "$TEST_TMP/missing.txt"
is "$status" 2 "a missing file: exit 2"
run "$RUTIN" scan
is "$status" 2 "no file: a usage error"

# The supervisor's workflow in a real terminal, once in English and once
# in Swedish, as issue 11 describes it: open the queue, filter to critical
# findings, open a run, read its timeline, return it with a comment; the
# caseworker sees the comment on her home and corrects the run; the
# supervisor sees what changed since the return and signs it; then she
# exports the month, draws a sample and reads the access log, each a
# command in the same terminal.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
# Named cases, one per language: `bash tests/e2e/review.sh --run=sv`.
# This month's filter needs the runs and the check in one month: mid-month,
# whatever RUTIN_TEST_START says (tests/cli/review.sh crosses a month's end).
clock_at "2026-11-16 10:00:00"

mkdir -p "$TEST_TMP/r"
# The review tests' routine: "nej" to protection hides two critical steps.
cp "$FIXTURES/review/granskning.yaml" "$TEST_TMP/r/"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'bo passphrase 22\n' >"$TEST_TMP/bo"
localedir=$(swedish_catalog)

# tr EN SV: the text in the language of this round.
tr() { if [ "$lang" = sv ]; then printf '%s' "$2"; else printf '%s' "$1"; fi; }
# rutin in this round's language, in the terminal.
rutin_in() {
	if [ "$lang" = sv ]; then
		start "env -u LANGUAGE LANG=sv_SE.UTF-8 RUTIN_LOCALEDIR=$localedir $RUTIN $*"
	else
		start "env LANGUAGE=en $RUTIN $*"
	fi
}
as() { who=$1; shift; "$RUTIN" "$@" --db "$db" --user "$who" --passphrase-fd 3 3<"$TEST_TMP/$who"; }
unlock() {
	rutin_in --db "$db" --user "$1" --routines "$TEST_TMP/r" --idle-lock 0
	see "$(tr Passphrase: Lösenfras:)" "$lang: $1 unlocks"
	type_text "$(cat "$TEST_TMP/$1")"; keys Enter
}
# see_re REGEX DESCRIPTION: a line of the screen matches (grep -E).
screen_matches() { screen_text | grep -qE -- "$1"; }
see_re() {
	if poll 15 screen_matches "$1"; then pass "$2"; return; fi
	fail "$2" "waited for a line like: $1" "$(screen_text)"
}
not_on_screen() {
	case "$(screen_text)" in *"$1"*) fail "$2" "did not expect: $1" "$(screen_text)" ;;
	*) pass "$2" ;; esac
}

round() {
	lang=$1
	db="$TEST_TMP/$lang.db"
	as anna init >/dev/null 2>&1
	as anna user add bo --role caseworker --new-passphrase-fd 4 4<"$TEST_TMP/bo" >/dev/null
	# Two runs by bo (made headless: the test is the supervisor's side):
	# SN 2026/5 says no protection is needed and skips c; SN 2026/6 is
	# done in full.
	printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter Enter "text SN 2026/5" Enter \
		Enter Down Down Enter s "text Akten saknas" Enter f Enter "text Ingen akt" \
		Enter f F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" "$RUTIN" --db "$db" --user bo --routines "$TEST_TMP/r" \
		--idle-lock 0 >/dev/null 2>&1
	printf '%s\n' "text $(cat "$TEST_TMP/bo")" Enter Enter "text SN 2026/6" Enter \
		Enter Enter Enter Enter Enter f f F10 >"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" "$RUTIN" --db "$db" --user bo --routines "$TEST_TMP/r" \
		--idle-lock 0 >/dev/null 2>&1

	# The queue is the supervisor's home.
	unlock anna
	see "$(tr "rutin · review queue" "rutin · granskningskö")" "$lang: the queue is her home"
	see "[$(tr "To review" "Att granska")]" "$lang: on the list of runs to review"
	see "SN 2026/6" "$lang: both completed runs are in it"
	see "SN 2026/5      Granskning      bo" "$lang: with routine and caseworker"
	see "2 (2!)" "$lang: and the findings, critical ones marked"

	# F7: one kind of finding at a time, then all again.
	keys F7
	see "$(tr "Only runs with: critical step skipped" "Bara genomgångar med: kritiskt steg överhoppat")" \
		"$lang: F7 keeps the runs with one kind of finding, named"
	see "SN 2026/5" "$lang: the run with a skipped critical step is in it"
	not_on_screen "SN 2026/6" "$lang: the run done in full is not"
	keys F7 F7 F7
	see "$(tr "Only runs with: contradicting answers" "Bara genomgångar med: motsägande svar")" \
		"$lang: F7 again: the next kind"
	see "$(tr "No runs in this list." "Inga genomgångar i den här listan.")" "$lang: none has it"
	keys F7 F7 F7 F7 F7 F7 F7 F7 F7
	see "SN 2026/6" "$lang: after the last kind, every run again"

	# Filter to critical findings.
	keys Tab
	see "[$(tr "Critical findings" "Kritiska fynd")]" "$lang: Tab: critical findings"
	not_on_screen "SN 2026/6" "$lang: the run done in full is not in it"
	see "SN 2026/5" "$lang: the one with critical findings is"

	# The period: this month keeps it, another month has nothing.
	keys F4
	see "$(tr "Started in: a month" "Startad: en månad")" "$lang: F4 asks for the period"
	type_text "$(clock_date %Y-%m)"; keys Enter
	see "$(tr Started: Startad:) $(clock_date %Y-%m)" "$lang: the period is shown"
	see "SN 2026/5" "$lang: this month's run is in it"
	keys F4 C-u; type_text "2025-01"; keys Enter
	see "$(tr "No runs in this list." "Inga genomgångar i den här listan.")" \
		"$lang: January 2025 has none"
	keys F4 C-u; type_text "2025-13"; keys Enter
	see "$(tr "A month as 2026-11" "En månad som 2026-11")" "$lang: a month that does not exist is refused"
	keys C-u Enter
	see "SN 2026/5" "$lang: empty: every period again"

	# Open it: findings at the top, the steps, then the timeline.
	keys Enter
	see "$(tr "Findings: 2 (2 critical)" "Fynd: 2 (kritiska: 2)")" "$lang: the run opens with its findings"
	see "$(tr 'protection switched off: "Skydd?" = nej' 'skyddet avstängt: ”Skydd?” = nej')" \
		"$lang: the dangerous answer is the first thing to check"
	see "! C" "$lang: the steps, drawn as the walk draws them"
	keys t
	see "bo  $(tr 'skipped the step "C"' 'hoppade över steget ”C”'): Akten saknas" \
		"$lang: t: the timeline, in words, with the step's prompt and the reason"

	# bo has his home open in another terminal while anna returns it.
	if [ "$lang" = sv ]; then
		term_start bo "env -u LANGUAGE LANG=sv_SE.UTF-8 RUTIN_LOCALEDIR=$localedir $RUTIN" \
			"--db $db --user bo --routines $TEST_TMP/r --idle-lock 0"
	else
		term_start bo "env LANGUAGE=en $RUTIN --db $db --user bo --routines $TEST_TMP/r" \
			"--idle-lock 0"
	fi
	term_see bo "$(tr Passphrase: Lösenfras:)" "$lang: bo unlocks in his own terminal"
	term_type bo "$(cat "$TEST_TMP/bo")"; term_keys bo Enter
	term_see bo "$(tr "choose a routine" "välj en rutin")" "$lang: bo's home is open"
	term_lacks bo "$(tr "Returned to you" "Tillbakaskickade till dig")"
	is "$?" 0 "$lang: nothing returned to bo yet"

	# Return it with a comment, about the step selected: C.
	keys t
	see "Skydd?" "$lang: t again: the steps"
	keys Down r
	see "$(tr 'what should the caseworker correct at "C"?' 'vad ska handläggaren rätta vid ”C”?')" \
		"$lang: r from the steps asks what to correct at the selected step"
	keys Enter
	see "$(tr "Say what should be corrected" "Säg vad som ska rättas")" \
		"$lang: an empty comment is not taken"
	type_text "Skälet för c saknas i akten"; keys Enter
	see "$(tr "Returned SN 2026/5 to bo." "Skickade tillbaka SN 2026/5 till bo.")" "$lang: returned"
	see "$(tr "returned, not yet corrected" "tillbakaskickad, inte rättad än")" \
		"$lang: the run says it waits for bo"
	keys s
	see "$(tr "Sign the run" "Godkänn genomgången")" \
		"$lang: a returned run may still be signed: s asks for a comment"
	keys Escape
	keys F10
	see "[exit 0]" "$lang: the supervisor quits"

	# bo's open home shows it without a restart, with the comment.
	term_see bo "$(tr "Returned to you for correction" "Tillbakaskickade till dig för rättelse")" \
		"$lang: bo's open home shows the returned run first, without a restart"
	term_see bo "$(tr "SN 2026/5 was returned to you by anna" \
		"SN 2026/5 skickades tillbaka till dig av anna")" "$lang: and says so"
	# (At 80 columns the Swedish line ends "i ak…": cut, and said to be.)
	term_see bo "$(tr "returned by anna: Skälet för c saknas i akten" \
		"tillbakaskickad av anna: Skälet för c saknas i ak…")" "$lang: with the comment"
	term_keys bo Up Enter
	term_see bo "$(tr 'Returned by anna about "C": Skälet för c saknas i akten' \
		'Tillbakaskickad av anna om ”C”: Skälet för c saknas')" \
		"$lang: the walk opens with the comment above the steps"
	term_see bo "$(tr "c: the whole comment" "c: hela kommentaren")" "$lang: and the key that shows it whole"
	term_keys bo c
	term_see bo "$(tr "The supervisor's comment (Esc closes)" "Chefens kommentar (Esc stänger)")" \
		"$lang: c: the comment in a box"
	term_keys bo Escape
	term_wait_gone bo "$(tr "The supervisor's comment (Esc closes)" "Chefens kommentar (Esc stänger)")"
	is "$?" 0 "$lang: Esc closes it"
	# Opened at C, the step the return is about: Enter answers it.
	term_keys bo Enter f
	term_see bo "$(tr "Everything needed is done" "Allt som behövs är gjort")" "$lang: corrected"
	term_keys bo f
	term_see bo "$(tr "The run is completed and logged." "Genomgången är slutförd och loggad.")" \
		"$lang: finished again"
	term_keys bo F10
	term_see bo "[exit 0]" "$lang: bo quits"
	tm kill-session -t bo

	# The supervisor: back in her queue as corrected; what changed; sign.
	unlock anna
	see "$(tr corrected rättad)" "$lang: the corrected run is back in the queue"
	type_text "2026/5"
	# Every key read (the filter line shows it all) before the list is
	# judged: SN 2026/5 is on screen before the last key too.
	see "Filter:  2026/5" "$lang: the filter shows what was typed"
	see "SN 2026/5" "$lang: typing narrows the queue to the case"
	not_on_screen "SN 2026/6" "$lang: and leaves the other out"
	keys Enter
	see "$(tr "events since the return (+ in the timeline)" \
		"händelser sedan den skickades tillbaka (+ i tidslinjen)")" "$lang: what changed since the return"
	keys t
	see_re "^ *\\+ [0-9-]+ [0-9]{2}:[0-9]{2}:[0-9]{2}  bo  $(tr "reopened the run" "öppnade genomgången igen")" \
		"$lang: the timeline marks the events since the return"
	see "bo  $(tr 'answered "C": done' 'svarade ”C”: klart')" "$lang: the correction is a new event, in words"
	# "Skydd?" = nej still hides two critical steps: signing asks first.
	keys s
	type_text "Bra"; keys Enter
	see "$(tr "This run has 1 critical finding: protection switched off" \
		"Genomgången har 1 kritiskt fynd: skyddet avstängt")" \
		"$lang: signing a run with a critical finding shows it and asks"
	keys n
	see "$(tr "Not done: nothing was logged." "Inte gjort: ingenting loggades.")" \
		"$lang: n signs nothing"
	not_on_screen "$(tr "Signed by anna" "Godkänd av anna")" "$lang: the run is not signed"
	keys s
	type_text "Bra"; keys Enter
	see "$(tr "Sign it all the same?" "Godkänna den ändå?")" "$lang: asked again"
	keys y
	see "$(tr "Signed SN 2026/5." "Godkände SN 2026/5.")" "$lang: signed"
	see "$(tr "Signed by anna" "Godkänd av anna")" "$lang: the run says by whom"
	keys Escape
	see "$(tr "Nothing matches the filter." "Inget matchar filtret.")" \
		"$lang: the signed run has left the queue"
	# F6: the runs of the list without findings, signed at once.
	keys Escape
	see "SN 2026/6" "$lang: Esc empties the filter: the run done in full waits"
	keys F6
	see "$(tr "Sign the 1 run of this list" "Godkänna den 1 genomgång")" \
		"$lang: F6 asks before it signs the runs without findings"
	keys y
	see "$(tr "Signed 1 run without findings." "Godkände 1 genomgång utan fynd.")" \
		"$lang: y signs them"
	see "$(tr "No runs in this list." "Inga genomgångar i den här listan.")" \
		"$lang: and the queue is empty"
	keys F2
	see "$(tr "rutin · access log" "rutin · åtkomstlogg")" "$lang: F2: the access log"
	see "anna       $(tr "opened the run · SN 2026/5" "öppnade genomgången · SN 2026/5")" \
		"$lang: who opened which case"
	see "anna       $(tr "returned" "tillbakaskickad") Skälet för c saknas i akten" \
		"$lang: the return, with its comment"
	keys F10
	see "[exit 0]" "$lang: the supervisor quits"

	# The month exported, a sample drawn, the access log read: commands.
	month=$(clock_date %Y-%m-01)
	today=$(clock_date %Y-%m-%d)
	rutin_in export --db "$db" --user anna --passphrase-fd 3 --format csv \
		--out "$TEST_TMP/$lang.csv" --from "$month" --to "$today" "3<$TEST_TMP/anna"
	see "[exit 0]" "$lang: the month exported"
	like "$(cat "$TEST_TMP/$lang.csv")" "SN 2026/5" "$lang: with the run in it"
	rutin_in review sample --db "$db" --user anna --passphrase-fd 3 --from "$month" \
		--to "$today" --size 1 --seed 11 --routines "$TEST_TMP/r" "3<$TEST_TMP/anna"
	see "[exit 0]" "$lang: a sample drawn"
	see "$(tr "critical findings" "kritiska fynd")" "$lang: every run with critical findings in it"
	rutin_in review access --db "$db" --user anna --passphrase-fd 3 "3<$TEST_TMP/anna"
	see "[exit 0]" "$lang: the access log on the command line"
	see "anna  $(tr "drew a sample, seed" "drog ett urval, frö")  11" \
		"$lang: the sample is in it with its seed, in words"
	see "anna  $(tr "exported runs" "exporterade genomgångar")" "$lang: and the export"
	as anna verify >/dev/null 2>&1
	is "$?" 0 "$lang: verify: the log is intact"
}

case_en() { round en; }
case_sv() { round sv; }
cases en sv
done_testing

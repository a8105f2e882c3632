# What the interface shows and says, headless at 80x24 in English and
# Swedish: what must always be visible, what cut text looks like, the
# messages that say why a key did nothing; and where routines come from
# (the same rule as rutin lint; the config adds folders).
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 36

db="$TEST_TMP/demo.db"
pass=demo-demo-demo
export LINES=24 COLUMNS=80
mkdir -p "$TEST_TMP/r/sub" "$TEST_TMP/org"
# A routine for the messages: check, choice, date; in a sub-folder, .yml.
cat >"$TEST_TMP/r/sub/prov.yml" <<'EOF2'
format: rutin/1
id: prov
version: 1
title: Prov av tangenterna
area: other
sections:
  - id: s
    title: Ett avsnitt med en mycket lång rubrik som inte får plats på raden bredvid
    steps:
      - {id: kontroll, kind: check, prompt: Kontrollera, critical: true}
      - {id: val, kind: choice, prompt: Välj, options: [a, b]}
      - {id: datum, kind: date, prompt: Datum}
EOF2
printf 'format: rutin/1\nid: [trasig\n' >"$TEST_TMP/r/trasig.yaml"

# tui DIRS-OPTION LANG SCRIPT-LINES...
tui() {
	local routines=$1 lang=$2
	shift 2
	printf '%s\n' "$@" | sed "s|^save-display \(.*\)|save-display $TEST_TMP/\1.txt|" \
		>"$TEST_TMP/keys"
	RUTIN_KEYS="$TEST_TMP/keys" run env $lang "$RUTIN" demo --db "$db" $routines --idle-lock 0
}
screen() { cat "$TEST_TMP/$1.txt"; }
longref="KF 2026/7-ÄRENDE-MED-EN-LÅNG-REFERENS"

# English: a long case reference and a long section title at 80x24.
tui "--routines $TEST_TMP/r" "LANGUAGE=en" "text $pass" Enter "save-display home" \
	Enter "text $longref" Enter "save-display walk" \
	n "save-display n_check" Enter "save-display done" \
	y "save-display y_choice" Down Down Enter "text 2026-02-30" Enter "save-display date" F10
like "$(screen home)" "Prov av tangenterna" "a .yml routine in a sub-folder is offered (lint's rule)"
like "$(screen home)" "1 routine file has errors, not shown (rutin lint): trasig.yaml" \
	"a routine file with errors is named on home"
like "$(screen walk)" "$longref · Prov av" "the case reference leads the title"
like "$(screen walk)" "Step 1 of 3 · critical · Ett avsnitt" "the step's position and critical mark come first"
like "$(screen walk)" "…" "and what is cut ends in …"
for k in "Esc pause" "? keys" "F12 lock" "F10 quit"; do
	like "$(screen walk | tail -1)" "$k" "the status line always shows: $k"
done
like "$(screen n_check)" "A check has no \"no\": Enter marks it done" "n on a check step says why nothing happened"
like "$(screen y_choice)" "y is for yes/no and check steps" "y on a choice step too"
like "$(screen date)" "That is not a date: write it as YYYY-MM-DD" "a date that does not exist says the format"

# Swedish (the default), the same screen, on a new log.
localedir=$(swedish_catalog)
db="$TEST_TMP/sv.db"
tui "--routines $TEST_TMP/r" "-u LANGUAGE RUTIN_LOCALEDIR=$localedir" "text $pass" Enter \
	Enter "text $longref" Enter "save-display sv_walk" F10
db="$TEST_TMP/demo.db"
like "$(screen sv_walk)" "$longref · Prov av" "Swedish: the case reference leads the title"
like "$(screen sv_walk)" "Steg 1 av 3 · kritiskt · Ett avsnitt" "Swedish: position and critical mark"
for k in "Esc paus" "F12 lås" "F10 avsluta"; do
	like "$(screen sv_walk | tail -1)" "$k" "Swedish status line shows: $k"
done

# Help lists the keys of the screen it is opened on, from the key table:
# home has no step keys; the walk's help holds every key it takes, the
# last one too, at 80x24.
tui "" "LANGUAGE=en" "text $pass" Enter "?" "save-display help" Esc F10
like "$(screen help)" "F10            quit" "help on home lists its keys"
unlike "$(screen help)" "skip the step" "and not the walk's"
tui "--routines $TEST_TMP/r" "LANGUAGE=en" "text $pass" Enter Enter "text KF 2026/9" Enter "?" \
	"save-display help_walk" Esc F10
for k in "y              answer yes" "s              skip the step" \
    "d              give the reason" "f              finish" "F10            quit"; do
	like "$(screen help_walk)" "$k" "help on the walk lists: ${k%% *}"
done
unlike "$(screen help_walk)" "Tab" "and not the unlock screen's Tab"
unlike "$(screen help_walk)" "more" "nothing hidden below at 80x24"

# The config adds folders to the usual ones; shipped_routines = no hides
# the shipped ones (RUTIN_ROUTINES_DIR stands in for the installed folder).
mkdir -p "$XDG_CONFIG_HOME/rutin" "$TEST_TMP/shipped"
cp "$TEST_TMP/r/sub/prov.yml" "$TEST_TMP/org/prov.yaml"
cp "$RUTIN_SRCDIR/checklists/routines/kontaktforbud.yaml" "$TEST_TMP/shipped/"
printf 'routines = %s\n' "$TEST_TMP/org" >"$XDG_CONFIG_HOME/rutin/config"
printf '%s\n' "text $pass" Enter "save-display $TEST_TMP/cfg.txt" F10 >"$TEST_TMP/keys"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en RUTIN_ROUTINES_DIR="$TEST_TMP/shipped" \
	"$RUTIN" demo --db "$db" --idle-lock 0
like "$(screen cfg)" "Prov av tangenterna" "a config routines folder is added"
like "$(screen cfg)" "Kontaktförbud" "beside the shipped routines"
printf 'routines = %s\nshipped_routines = no\n' "$TEST_TMP/org" >"$XDG_CONFIG_HOME/rutin/config"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en RUTIN_ROUTINES_DIR="$TEST_TMP/shipped" \
	"$RUTIN" demo --db "$db" --idle-lock 0
unlike "$(screen cfg)" "Kontaktförbud" "shipped_routines = no hides the shipped ones"
rm "$XDG_CONFIG_HOME/rutin/config"

# The system's rutin folder (/etc/rutin; RUTIN_SYSCONFDIR here): the
# organisation's routines in routines/ beside the shipped ones, and its
# config under the user's, whose values win.
mkdir -p "$RUTIN_SYSCONFDIR/routines"
cp "$TEST_TMP/org/prov.yaml" "$RUTIN_SYSCONFDIR/routines/"
printf 'shipped_routines = no\n' >"$RUTIN_SYSCONFDIR/config"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en RUTIN_ROUTINES_DIR="$TEST_TMP/shipped" \
	"$RUTIN" demo --db "$db" --idle-lock 0
like "$(screen cfg)" "Prov av tangenterna" "the organisation's routines folder is used"
unlike "$(screen cfg)" "Kontaktförbud" "and the system's config is read"
printf 'shipped_routines = yes\n' >"$XDG_CONFIG_HOME/rutin/config"
RUTIN_KEYS="$TEST_TMP/keys" run env LANGUAGE=en RUTIN_ROUTINES_DIR="$TEST_TMP/shipped" \
	"$RUTIN" demo --db "$db" --idle-lock 0
like "$(screen cfg)" "Kontaktförbud" "the user's config wins over the system's"
printf 'bogus = 1\n' >"$RUTIN_SYSCONFDIR/config"
run "$RUTIN" demo --db "$db" --idle-lock 0
like "$status $err" "2 $RUTIN_SYSCONFDIR/config:1: unknown key 'bogus'" \
	"a mistake in the system's config names its file and line"
rm -r "$RUTIN_SYSCONFDIR" "$XDG_CONFIG_HOME/rutin/config"

# rutin lint: the same files, and nothing raw from them on the terminal.
run "$RUTIN" lint "$TEST_TMP/r"
like "$out" "trasig.yaml" "rutin lint checks the same folder's files"
# The key is YAML's escapes for ESC ] 52 ... BEL: OSC 52 sets a terminal's
# clipboard.
printf '%s\n' 'format: rutin/1' '"\e]52;c;ZXZpbA==\a": x' >"$TEST_TMP/evil.yaml"
run "$RUTIN" lint "$TEST_TMP/evil.yaml"
if printf '%s' "$out$err" | grep -q "$(printf '\033')"; then
	fail "a control character in a routine file never reaches the terminal raw"
else pass "a control character in a routine file never reaches the terminal raw"; fi
like "$out" '\x1b]52' "it is shown visibly instead"
done_testing

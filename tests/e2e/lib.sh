# Sourced by the end-to-end tests after tests/lib.sh: the real binary in a
# real terminal (tmux): keys in, screen text out. A private server socket,
# a fixed 80x24 size, polling for text instead of sleeping, and the server
# killed on exit. The program's output is never redirected in the pane.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (scripts/install-deps --test)"
	exit 0
fi
TMUX_SOCKET="rutin-e2e-$$"
tm() { tmux -L "$TMUX_SOCKET" -f /dev/null "$@"; }
# At the end: the server goes (its programs get SIGHUP, as when a window
# closes); whatever still runs a few seconds later is killed, so no test
# leaves a process behind (one under LeakSanitizer once hung at exit).
any_alive() {
	local p
	for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}
all_gone() { ! any_alive "$@"; }
e2e_cleanup() {
	local pane pids=""
	for pane in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		pids="$pids $(pgrep -P "$pane" 2>/dev/null | tr '\n' ' ')"
	done
	tm kill-server >/dev/null 2>&1
	poll 3 all_gone $pids
	case "$pids" in *[0-9]*) kill -KILL $pids 2>/dev/null ;; esac
	rm -rf "$TEST_TMP"
}
trap e2e_cleanup EXIT
unset TMUX
# ncurses must read the real size from the terminal, not from these.
unset LINES COLUMNS

E2E_ROUTINES="$RUTIN_SRCDIR/checklists/routines"
E2E_PASS=demo-demo-demo

# start CMD...: a fresh 80x24 terminal running CMD; "[exit N]" follows it.
start() {
	if tm has-session -t t 2>/dev/null; then
		# the same terminal, a new program in it
		tm respawn-pane -k -t t "$*; echo \"[exit \$?]\"; sleep 600"
		tm clear-history -t t
	else
		tm -u new-session -d -x 80 -y 24 -s t \
			"$*; echo \"[exit \$?]\"; sleep 600"
		tm set-option -t t status off >/dev/null
	fi
}
screen_text() { tm capture-pane -p -t t 2>/dev/null; }
# wait_for TEXT [SECONDS]: until TEXT is on the screen (15 s at most).
wait_for() { poll "${2:-15}" term_has t "$1"; }
# see TEXT DESCRIPTION [SECONDS]: a TAP point that waits for TEXT on screen.
see() { term_see t "$1" "$2" "${3:-15}"; }
keys() { tm send-keys -t t "$@"; }
type_text() { tm send-keys -t t -l "$1"; }
# rutin_pid: the pid of rutin in the pane; waits (5 s at most) until there
# is exactly one, and says on stderr what it saw when there is none.
one_rutin() {
	pane=$(tm display-message -p -t t '#{pane_pid}' 2>/dev/null)
	p=$(pgrep -P "${pane:-0}" -x rutin 2>/dev/null)
	[ -n "$p" ] && [ "$(printf '%s\n' "$p" | wc -l)" -eq 1 ]
}
rutin_pid() {
	local pane= p=
	if poll 5 one_rutin; then echo "$p"; return 0; fi
	echo "# rutin_pid: pane ${pane:-?}, found '$p'; rutin processes: $(pgrep -a rutin | tr '\n' ';')" >&2
	return 1
}
# Other terminals beside "t", by name: term_start NAME CMD..., term_text
# NAME, term_see NAME TEXT DESCRIPTION [SECONDS], term_keys NAME KEYS...,
# term_type NAME TEXT.
term_start() {
	local name=$1
	shift
	tm -u new-session -d -x 80 -y 24 -s "$name" "$*; echo \"[exit \$?]\"; sleep 600"
	tm set-option -t "$name" status off >/dev/null
}
term_text() { tm capture-pane -p -t "$1" 2>/dev/null; }
# term_has NAME TEXT, term_lacks NAME TEXT: is TEXT on the screen now?
term_has() { term_text "$1" | grep -qF -- "$2"; }
term_lacks() { ! term_has "$@"; }
# term_has_re NAME ERE; see_re ERE DESCRIPTION [SECONDS]: the same with an
# extended regular expression, waited for (a redraw half done is not
# taken for the screen: the match is polled until it holds).
term_has_re() { term_text "$1" | grep -qE -- "$2"; }
see_re() {
	if poll "${3:-15}" term_has_re t "$1"; then pass "$2"; return; fi
	fail "$2" "waited for a line matching: $1" "$(screen_text)"
}
term_see() {
	if poll "${4:-15}" term_has "$1" "$2"; then pass "$3"; return; fi
	fail "$3" "waited for: $2" "$(term_text "$1")"
}
term_keys() { local name=$1; shift; tm send-keys -t "$name" "$@"; }
term_type() { tm send-keys -t "$1" -l "$2"; }
# term_submit NAME TEXT: Enter after TEXT typed into a field, once TEXT is
# on the screen, then waits until the screen has changed. A prompt takes an
# Enter with more keys already waiting for a line break in a paste (from a
# terminal without bracketed paste), so the keys after it must not arrive
# with it, however slowly the program runs.
term_wait_text() { poll 15 term_has "$1" "$2"; }
# term_wait_gone NAME TEXT: waits (15 s at most) until TEXT is off the
# screen; false if it stays.
term_wait_gone() { poll 15 term_lacks "$1" "$2"; }
term_changed() { [ "$(term_text "$1")" != "$2" ]; }
term_submit() {
	local before
	term_wait_text "$1" "$2"
	before=$(term_text "$1")
	term_keys "$1" Enter
	poll 15 term_changed "$1" "$before"
}
# term_play NAME FILE: the keys of a headless key script (tests/README),
# typed into terminal NAME: `text ...` as typed text, key names as keys,
# the Enter after a text through term_submit; comments and save-display
# lines are left out.
term_play() {
	local line typed=
	while IFS= read -r line; do
		case "$line" in
		'#'* | '' | save-display*) ;;
		text\ *) typed=${line#text }; term_type "$1" "$typed" ;;
		Enter)
			if [ -n "$typed" ]; then term_submit "$1" "$typed"; else term_keys "$1" Enter; fi
			typed= ;;
		Esc) term_keys "$1" Escape ;;
		*) term_keys "$1" "$line" ;;
		esac
	done <"$2"
}

# events_of DB: the log's events (as the demo account).
events_of() {
	run "$RUTIN" events --db "$1" --user demo --passphrase-fd 3 3<<EOF2
$E2E_PASS
EOF2
}
# The demo on DB, English unless the caller sets otherwise.
start_demo() {
	start "$RUTIN demo --db $1 --routines $E2E_ROUTINES ${2:-}"
}

# cursor_at NAME TEXT DESCRIPTION: the terminal's cursor is on the first
# character of TEXT on the screen (polled: the screen may not have been
# drawn yet when the keys were sent).
cursor_where() { tm display -p -t "$1" '#{cursor_y} #{cursor_x}'; }
text_where() {
	local row line
	row=$(term_text "$1" | grep -nF -- "$2" | head -n 1 | cut -d: -f1)
	[ -n "$row" ] || return 0
	line=$(term_text "$1" | sed -n "${row}p")
	# columns in characters, not bytes (wc -m)
	echo "$((row - 1)) $(printf '%s' "${line%%"$2"*}" | wc -m)"
}
cursor_is_at() { [ "$(cursor_where "$1")" = "$(text_where "$1" "$2")" ]; }
cursor_at() {
	if poll 5 cursor_is_at "$1" "$2"; then pass "$3"
	else fail "$3" "cursor at (y x): $(cursor_where "$1"); '$2' at: $(text_where "$1" "$2")" \
		"$(term_text "$1")"; fi
}

# selected NAME TEXT DESCRIPTION: the row holding TEXT is the selected one
# (drawn in the selection's colours, cyan behind, or reverse video).
is_selected() {
	tm capture-pane -p -e -t "$1" | grep -F -- "$2" |
		grep -qE "$(printf '\033')\\[([0-9]+;)*(46|7)(;[0-9]+)*m"
}
selected() {
	if poll 5 is_selected "$1" "$2"; then pass "$3"
	else fail "$3" "$(tm capture-pane -p -e -t "$1" | cat -v)"; fi
}

# marked NAME TEXT DESCRIPTION: TEXT is drawn in reverse video.
is_marked() {
	tm capture-pane -p -e -t "$1" | grep -qE "$(printf '\033')\\[([0-9]+;)*7(;[0-9]+)*m[^$(printf '\033')]*$2"
}
marked() {
	if poll 5 is_marked "$1" "$2"; then pass "$3"
	else fail "$3" "$(tm capture-pane -p -e -t "$1" | grep -F "$2" | cat -v)"; fi
}

# cursor_on_line NAME TEXT DESCRIPTION: the cursor is on the line that
# holds TEXT (a field whose text is not shown, such as a passphrase).
line_of() { term_text "$1" | grep -nF -- "$2" | head -n 1 | cut -d: -f1; }
cursor_on_line_now() {
	local row
	row=$(line_of "$1" "$2")
	[ -n "$row" ] && [ "$(tm display -p -t "$1" '#{cursor_y}')" = "$((row - 1))" ]
}
cursor_on_line() {
	if poll 5 cursor_on_line_now "$1" "$2"; then pass "$3"
	else fail "$3" "cursor on line $(tm display -p -t "$1" '#{cursor_y}'); '$2' on line" \
		"$(( $(line_of "$1" "$2" || echo 0) - 1 ))" "$(term_text "$1")"; fi
}

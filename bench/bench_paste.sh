#!/bin/bash
# bench_paste RUTIN ROUTINES-DIR: a 100 KB paste into a field of rutin in a real
# terminal (tmux, bracketed paste as terminals send it), measured as a
# person would see it:
#   1. paste to the "cut" message on screen   (target <= 1 s)
#   2. the panic key sent right behind the paste, to the locked screen
#      (target: F12 takes effect within 100 ms of the paste being read)
# and the same paste into a bare `cat` in the same terminal, as the
# baseline the terminal itself costs. Reported, never asserted.
# Needs tmux; the median of 5 rounds.
set -u
rutin=${1:?usage: bench_paste.sh RUTIN ROUTINES-DIR}
routines=${2:?usage: bench_paste.sh RUTIN ROUTINES-DIR}
fail() { echo "bench_paste: $*; the screen was:"; tm capture-pane -p -t b; exit 1; }
command -v tmux >/dev/null || { echo "bench_paste: tmux is not installed; skipped"; exit 0; }
dir=$(mktemp -d)
sock="rutin-bench-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$dir"' EXIT
head -c 102400 /dev/zero | tr '\0' 'x' >"$dir/big"
now() { date +%s%N; }
wait_for() {   # wait_for TEXT: polls every 5 ms, at most 30 s
	local i=0
	while [ $i -lt 6000 ]; do
		tm capture-pane -p -t b 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.005
		i=$((i + 1))
	done
	return 1
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

: >"$dir/paste" ; : >"$dir/f12" ; : >"$dir/raw"
for round in 1 2 3 4 5; do
	tm -u new-session -d -x 80 -y 24 -s b \
		"env LANGUAGE=en $rutin demo --db $dir/d$round.db --routines $routines --idle-lock 0; sleep 60"
	wait_for "Passphrase:" || fail "no unlock screen"
	tm send-keys -t b -l demo-demo-demo; tm send-keys -t b Enter
	wait_for "Filter:" || fail "no home screen"
	tm send-keys -t b Enter; tm send-keys -t b -l "SN 1"; tm send-keys -t b Enter
	wait_for "Step 1 of" || fail "no run"
	tm send-keys -t b a
	sleep 0.2
	tm load-buffer -b big "$dir/big"
	t0=$(now)
	tm paste-buffer -p -b big -t b
	wait_for "characters" || fail "no cut message"
	t1=$(now)
	echo $(( (t1 - t0) / 1000000 )) >>"$dir/paste"
	# Once more, with F12 right behind it.
	tm send-keys -t b Escape; tm send-keys -t b a
	sleep 0.2
	t0=$(now)
	tm paste-buffer -p -b big -t b
	tm send-keys -t b F12
	wait_for "Passphrase for demo" || fail "not locked"
	t1=$(now)
	echo $(( (t1 - t0) / 1000000 )) >>"$dir/f12"
	tm kill-session -t b
	# The baseline: the terminal delivering the same paste to cat.
	rm -f "$dir/out"
	tm -u new-session -d -x 80 -y 24 -s b \
		"stty raw -echo; printf '\\033[?2004h'; cat >$dir/out; sleep 60"
	sleep 0.2
	tm load-buffer -b big "$dir/big" # a new server: buffers are per server
	t0=$(now)
	tm paste-buffer -p -b big -t b
	i=0
	while [ "$(stat -c %s "$dir/out" 2>/dev/null || echo 0)" -lt 102400 ] && [ $i -lt 6000 ]; do
		sleep 0.005
		i=$((i + 1))
	done
	t1=$(now)
	echo $(( (t1 - t0) / 1000000 )) >>"$dir/raw"
	tm kill-session -t b
done
p=$(median <"$dir/paste"); f=$(median <"$dir/f12"); r=$(median <"$dir/raw")
echo "100 KB bracketed paste in tmux at 80x24 (median of 5):"
echo "  raw: the terminal to cat:        ${r} ms"
echo "  rutin: paste to the cut message: ${p} ms (target <= 1000 ms)"
echo "  rutin: paste + F12 to locked:    ${f} ms (F12 behind the paste: $(( f - p )) ms after the"
echo "                                   cut message; target: within 100 ms of the paste)"
awk -v p="$p" -v r="$r" 'BEGIN { if (r > 0) printf "  ratio rutin/raw:                 %.2fx\n", p / r }'

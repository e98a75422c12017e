#!/bin/sh
# Smoke test of the real terminal interface under tmux: start `cairn --demo`
# in a pane, resize the pane both ways, quit, and find the terminal sane
# (echo and canonical mode back, the alternate screen left) and the demo
# vault gone; then the same on a real vault with the passphrase typed, and
# a demo ended by SIGTERM, which must also leave nothing behind.
# Skipped (exit 77) when tmux is not installed.
: "${CAIRN:?CAIRN must name the cairn program}"
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed (apt-get install tmux); the smoke test did not run"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-tmux-XXXXXX")
sock="cairn-test-$$"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 't kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

printf 'smoke-test\n' >"$tmp/pass"
"$CAIRN" --vault "$tmp/vault" --passphrase-file "$tmp/pass" init --kdf interactive >/dev/null || exit 99
"$CAIRN" --vault "$tmp/vault" --passphrase-file "$tmp/pass" import \
	"$top_srcdir/tests/fixtures/import/micro-ects.json" >/dev/null || exit 99
mkdir -p "$tmp/config"

# After cairn exits, the pane's shell records the status and the terminal
# modes, then waits to be read.
mkdir -p "$tmp/demo-tmp"
cat >"$tmp/run.sh" <<EOF2
echo before-cairn
rm -f "$tmp/rc" "$tmp/stty"
XDG_CONFIG_HOME="$tmp/config" CAIRN_PASSPHRASE_FILE= CAIRN_PASSPHRASE_COMMAND= \
	TMPDIR="$tmp/demo-tmp" "$CAIRN" "\$@"
echo "\$?" >"$tmp/rc.tmp"
stty -a >"$tmp/stty"
mv "$tmp/rc.tmp" "$tmp/rc"
sleep 60
EOF2
# start ARGS...: a new session running cairn ARGS in an 80x24 pane
start() {
	t kill-session -t smoke >/dev/null 2>&1
	rm -f "$tmp/rc"
	t new-session -d -s smoke -x 80 -y 24 "TERM=xterm-256color LC_ALL=C.UTF-8 sh $tmp/run.sh $*" || exit 99
}
# wait_rc: waits up to 15 s for cairn to end
wait_rc() {
	i=0
	while [ ! -f "$tmp/rc" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
	[ -f "$tmp/rc" ]
}

# wait_for TEXT: polls the pane for up to 15 s
wait_for() {
	i=0
	while [ $i -lt 150 ]; do
		if t capture-pane -p -t smoke >"$tmp/screen" 2>/dev/null && grep -qF -- "$1" "$tmp/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "waited for '$1'; the pane shows:"
	cat "$tmp/screen"
	return 1
}

# ---- cairn --demo: resize both ways, quit with q ----
start --demo
wait_for "cairn demo" || exit 1
wait_for "17 badges" || exit 1
ls "$tmp/demo-tmp" | grep -q . || fail "the demo made no folder under TMPDIR"

# wider: the detail pane appears beside the list
t resize-window -t smoke -x 140 -y 40
wait_for "Valid until" || exit 1
[ "$(t display-message -p -t smoke '#{pane_width}x#{pane_height}')" = "140x40" ] ||
	fail "the pane did not resize"
# back to 80x24: the list alone, nothing wider than the pane
t resize-window -t smoke -x 80 -y 24
sleep 0.5
wait_for "1 Badges" || exit 1
if grep -qF "Valid until" "$tmp/screen"; then
	fail "after shrinking, the wide layout is still drawn:"; cat "$tmp/screen"
fi
# wc -L measures display columns in a UTF-8 locale
[ "$(LC_ALL=C.UTF-8 wc -L <"$tmp/screen")" -le 80 ] || { fail "a line is wider than 80 columns:"; cat "$tmp/screen"; }

t send-keys -t smoke q
wait_rc || { fail "cairn --demo did not quit on q"; exit 1; }
[ "$(cat "$tmp/rc")" = 0 ] || fail "cairn --demo exited $(cat "$tmp/rc")"
# a sane terminal: echo, canonical mode and signals back on
for flag in echo icanon isig icrnl; do
	grep -qE "(^| )$flag( |\$)" "$tmp/stty" || fail "stty shows -$flag after cairn quit: $(cat "$tmp/stty")"
done
[ "$(t display-message -p -t smoke '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on"
t capture-pane -p -t smoke >"$tmp/screen"
grep -qF "before-cairn" "$tmp/screen" || fail "the screen before cairn was not restored"
grep -qF "1 Badges" "$tmp/screen" && fail "cairn's screen was left behind"
[ -z "$(ls -A "$tmp/demo-tmp")" ] || fail "the demo vault was left in TMPDIR: $(ls -A "$tmp/demo-tmp")"

# ---- a real vault: the passphrase typed in the interface, not shown ----
start --vault "$tmp/vault"
wait_for "Passphrase" || exit 1
t send-keys -t smoke -l "smoke-test"
t send-keys -t smoke Enter
wait_for "Introduction to SQL" || exit 1
grep -qF "smoke-test" "$tmp/screen" && fail "the passphrase was shown on the screen"
t send-keys -t smoke q
wait_rc || { fail "cairn did not quit on q"; exit 1; }
[ "$(cat "$tmp/rc")" = 0 ] || fail "cairn exited $(cat "$tmp/rc")"

# ---- the demo ended by SIGTERM leaves nothing behind ----
start --demo
wait_for "17 badges" || exit 1
pid=$(ps -o pid= --ppid "$(t display-message -p -t smoke '#{pane_pid}')" | head -n 1 | tr -d ' ')
[ -n "$pid" ] && kill -TERM "$pid"
wait_rc || { fail "cairn --demo did not end on SIGTERM"; exit 1; }
[ "$(cat "$tmp/rc")" = 143 ] || fail "cairn --demo ended by SIGTERM exited $(cat "$tmp/rc"), not 143"
[ -z "$(ls -A "$tmp/demo-tmp")" ] || fail "SIGTERM left the demo vault in TMPDIR"
grep -qE "(^| )echo( |\$)" "$tmp/stty" || fail "after SIGTERM the terminal does not echo"

if [ $fails -eq 0 ]; then
	echo "PASS: demo resized 80x24 -> 140x40 -> 80x24 and quit; real vault unlocked; SIGTERM; terminal sane, nothing left"
fi
[ $fails -eq 0 ]

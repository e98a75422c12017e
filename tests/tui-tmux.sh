#!/bin/sh
# Smoke test of the real terminal interface under tmux: start cairn in a
# pane, type the passphrase, resize the pane both ways, quit, and find the
# terminal sane (echo and canonical mode back, the alternate screen left).
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
cat >"$tmp/run.sh" <<EOF2
echo before-cairn
XDG_CONFIG_HOME="$tmp/config" CAIRN_PASSPHRASE_FILE= CAIRN_PASSPHRASE_COMMAND= \
	"$CAIRN" --vault "$tmp/vault"
echo "\$?" >"$tmp/rc.tmp"
stty -a >"$tmp/stty"
mv "$tmp/rc.tmp" "$tmp/rc"
sleep 60
EOF2
t new-session -d -s smoke -x 80 -y 24 "TERM=xterm-256color LC_ALL=C.UTF-8 sh $tmp/run.sh" || exit 99

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

wait_for "Passphrase" || exit 1
t send-keys -t smoke -l "smoke-test"
t send-keys -t smoke Enter
wait_for "Introduction to SQL" || exit 1
grep -qF "smoke-test" "$tmp/screen" && fail "the passphrase was shown on the screen"

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
i=0
while [ ! -f "$tmp/rc" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -f "$tmp/rc" ]; then
	fail "cairn did not quit on q"
	exit 1
fi
[ "$(cat "$tmp/rc")" = 0 ] || fail "cairn exited $(cat "$tmp/rc")"
# a sane terminal: echo, canonical mode and signals back on
for flag in echo icanon isig icrnl; do
	grep -qE "(^| )$flag( |\$)" "$tmp/stty" || fail "stty shows -$flag after cairn quit: $(cat "$tmp/stty")"
done
[ "$(t display-message -p -t smoke '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on"
t capture-pane -p -t smoke >"$tmp/screen"
grep -qF "before-cairn" "$tmp/screen" || fail "the screen before cairn was not restored"
grep -qF "1 Badges" "$tmp/screen" && fail "cairn's screen was left behind"
if [ $fails -eq 0 ]; then
	echo "PASS: started, unlocked, resized 80x24 -> 140x40 -> 80x24, quit; terminal sane"
fi
[ $fails -eq 0 ]

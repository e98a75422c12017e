#!/bin/sh
# No core dump of a process that may hold keys: with core dumps allowed
# (ulimit -c unlimited) and written to the working directory, a control
# process killed by SIGSEGV leaves a core file, and cairn killed the same
# way in the middle of its key derivation leaves none.  Skipped (77) when
# the system writes no core file even for the control.
set -u
: "${CAIRN:?CAIRN must name the cairn program}"
# AddressSanitizer takes SIGSEGV and turns core dumps off by itself, so a
# sanitizer build proves nothing here: the plain build runs this test.
if grep -aq '__asan_init' "$CAIRN" 2>/dev/null; then
	echo "SKIP: AddressSanitizer build (it handles SIGSEGV and disables core dumps itself)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-core-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
printf 'core dump test passphrase\n' > "$tmp/pw"
mkdir "$tmp/control" "$tmp/cairn"

pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo '?')
case $pattern in
	'|'*|/*) echo "SKIP: cores go to '$pattern', not to the working directory"; exit 77 ;;
esac
ulimit -c unlimited 2>/dev/null || { echo "SKIP: ulimit -c unlimited refused"; exit 77; }

(cd "$tmp/control" && exec sh -c 'kill -SEGV $$') 2>/dev/null
if ! ls "$tmp/control" | grep -q core; then
	echo "SKIP: a control process killed by SIGSEGV left no core file (core_pattern '$pattern')"
	exit 77
fi

cd "$tmp/cairn"
"$CAIRN" --vault "$tmp/v" --passphrase-file "$tmp/pw" init --kdf sensitive >/dev/null 2>&1 &
pid=$!
sleep 1
if ! kill -0 $pid 2>/dev/null; then
	echo "FAIL: init ended before it could be killed"; exit 1
fi
kill -SEGV $pid
wait $pid; st=$?
cd "$tmp"
if [ $st -ne 139 ]; then
	echo "FAIL: cairn exit status $st, expected 139 (SIGSEGV)"; exit 1
fi
if ls "$tmp/cairn" | grep -q core; then
	echo "FAIL: cairn left a core file:"; ls -l "$tmp/cairn"; exit 1
fi
echo "control dumped core; cairn killed by SIGSEGV during key derivation dumped none"
echo "2 passed, 0 failed"

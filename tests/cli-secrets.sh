#!/bin/sh
# Secrets on the command line: the passphrase never reaches the program's
# argv or environment, a SIGTERM in the middle of the key derivation or a
# SIGINT while the passphrase command runs ends the program by that signal
# with nothing half-made, and a refused mlock is said in one line.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
. "$top_srcdir/tests/clitest.sh"
PASS="harden-passphrase-4f1c9a"
printf '%s\n' "$PASS" > "$tmp/pw"

# proc_clean PID WHAT: neither /proc/PID/cmdline nor environ holds the
# passphrase (unreadable counts as clean: the process is not dumpable, so
# only its owner with ptrace rights, or root, may read them)
proc_clean() {
	for f in cmdline environ; do
		if [ ! -r "/proc/$1/$f" ]; then
			echo "FAIL: $2: /proc/$1/$f is gone (the program ended too early)"
			fails=$((fails + 1))
			continue
		fi
		if tr '\0' '\n' < "/proc/$1/$f" 2>/dev/null | grep -qF -- "$PASS"; then
			echo "FAIL: $2: the passphrase is in /proc/$1/$f"; fails=$((fails + 1))
		else
			passes=$((passes + 1))
		fi
	done
}
# started PID: waits until the program has read its passphrase file and is
# deriving keys (it holds the file open no longer, and is running)
wait_running() {
	n=0
	while [ $n -lt 50 ]; do
		state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
		[ "$state" = R ] && [ $n -ge 5 ] && return 0
		sleep 0.1; n=$((n + 1))
	done
	return 0
}
# died_of STATUS SIGNAL-NUMBER WHAT
died_of() {
	if [ "$1" -ne $((128 + $2)) ]; then
		echo "FAIL: $3: exit status $1, expected death by signal $2"; fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}

# 1. SIGTERM in the middle of the key derivation of init (sensitive: about
#    1 GiB and several seconds of Argon2id, so there is time to look)
V="$tmp/v1"
CAIRN_PASSPHRASE_FILE="$tmp/pw" "$CAIRN" --vault "$V" init --kdf sensitive >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_running $pid
proc_clean $pid "init (passphrase from CAIRN_PASSPHRASE_FILE)"
kill -TERM $pid
wait $pid; st=$?
died_of $st 15 "SIGTERM during init's key derivation"
if [ -e "$V" ]; then
	echo "FAIL: a killed init left $V behind"; fails=$((fails + 1))
else
	passes=$((passes + 1))
fi
lacks "$tmp/out" "$PASS" "nothing printed the passphrase"
lacks "$tmp/err" "$PASS" "nothing printed the passphrase on stderr"

# 2. the same for a vault being opened, passphrase from --passphrase-file
expect 0 "init a vault to open" -- "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" init --kdf sensitive
# (a background job starts with SIGINT ignored, which cairn keeps: give it
# the default disposition back, as a terminal's foreground job has)
env --default-signal=INT "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" list >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_running $pid
proc_clean $pid "list (passphrase from --passphrase-file)"
kill -INT $pid
wait $pid; st=$?
died_of $st 2 "SIGINT while opening the vault"
expect 0 "the vault still opens after the killed reader" -- "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" status

# 3. SIGTERM while the passphrase command is still running
CAIRN_PASSPHRASE_COMMAND="sleep 3; cat '$tmp/pw'" "$CAIRN" --vault "$V" list >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.5
proc_clean $pid "list (passphrase from CAIRN_PASSPHRASE_COMMAND)"
kill -TERM $pid
wait $pid; st=$?
died_of $st 15 "SIGTERM while the passphrase command runs"
sleep 3 # let the orphaned command finish before $tmp goes

# 4. a refused mlock is said, once, in one line; the command still works
if (ulimit -l 0) 2>/dev/null; then
	(ulimit -l 0; exec "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" list) >"$tmp/out" 2>"$tmp/err"
	st=$?
	if grep -q 'refused to lock the passphrase in memory' "$tmp/err"; then
		passes=$((passes + 1))
		if [ "$(grep -c 'refused to lock' "$tmp/err")" -ne 1 ]; then
			echo "FAIL: the mlock warning is not said exactly once"; cat "$tmp/err"; fails=$((fails + 1))
		fi
		[ $st -eq 0 ] || { echo "FAIL: list under ulimit -l 0: exit $st"; fails=$((fails + 1)); }
	elif [ $st -eq 0 ]; then
		# mlock was allowed anyway: CAP_IPC_LOCK in this namespace
		echo "note: mlock succeeded with RLIMIT_MEMLOCK 0 (CAP_IPC_LOCK); the warning is not exercised"
	else
		echo "FAIL: list under ulimit -l 0: exit $st"; cat "$tmp/err"; fails=$((fails + 1))
	fi
fi

clitest_end

#!/bin/sh
# Golden tests of the command line: outputs, messages and exit statuses
# (cairn(1)).  Needs $CAIRN (the built program).
set -u

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'first passphrase\n' > "$tmp/pw"
printf 'second passphrase\n' > "$tmp/pw2"
printf 'wrong\n' > "$tmp/bad"
c() { "$CAIRN" --vault "$V" "$@"; }

expect 0 "--version" -- "$CAIRN" --version
contains "$tmp/out" "cairn 0." "--version names the program"
expect 0 "--help" -- "$CAIRN" --help
contains "$tmp/out" "Usage: cairn" "--help"
expect 2 "unknown command" -- "$CAIRN" frobnicate
one_line_error "unknown command"
expect 2 "unknown option" -- "$CAIRN" --frob status
expect 2 "option without its argument" -- "$CAIRN" --vault
contains "$tmp/err" "needs an argument" "missing option argument"
expect 7 "status without a vault" -- c status
one_line_error "no vault"
contains "$tmp/err" "cairn init" "no-vault message says what to do"

# no passphrase source and no terminal: refused, nothing created
expect 2 "init without any passphrase source" -- setsid -w "$CAIRN" --vault "$V" init --kdf interactive
one_line_error "no passphrase"
[ ! -e "$V" ] || { echo "FAIL: init without passphrase created $V"; fails=$((fails + 1)); }

expect 2 "bad --kdf" -- c --passphrase-file "$tmp/pw" init --kdf lousy
expect 0 "init" -- c --passphrase-file "$tmp/pw" init --kdf interactive
contains "$tmp/out" "Created a vault" "init"
expect 2 "init twice" -- c --passphrase-file "$tmp/pw" init --kdf interactive
one_line_error "init twice"

expect 0 "status" -- c status
contains "$tmp/out" "Argon2id, interactive" "status shows the KDF"
# the one object of a new vault is the holder key (cairn id)
contains "$tmp/out" "Objects:    1 object," "status counts objects"
expect 0 "status --json" -- c status --json
contains "$tmp/out" '"formatVersion":	1' "status --json"
contains "$tmp/out" '"memlimit":	67108864' "status --json KDF"

# modes whatever the umask
mode=$(stat -c %a "$V")
[ "$mode" = 700 ] || { echo "FAIL: vault mode $mode"; fails=$((fails + 1)); }
bad=$(find "$V" -type f ! -perm 600 | head -n 1)
[ -z "$bad" ] || { echo "FAIL: $bad is not 0600"; fails=$((fails + 1)); }

expect 4 "wrong passphrase" -- c --passphrase-file "$tmp/bad" check
one_line_error "wrong passphrase"
expect 0 "check" -- c --passphrase-file "$tmp/pw" check
expect 0 "passphrase from CAIRN_PASSPHRASE_FILE" -- env CAIRN_PASSPHRASE_FILE="$tmp/pw" "$CAIRN" --vault "$V" check
expect 0 "passphrase from CAIRN_PASSPHRASE_COMMAND" -- env CAIRN_PASSPHRASE_COMMAND="cat '$tmp/pw'" "$CAIRN" --vault "$V" check
expect 2 "failing CAIRN_PASSPHRASE_COMMAND" -- env CAIRN_PASSPHRASE_COMMAND="false" "$CAIRN" --vault "$V" check
one_line_error "failing passphrase command"
expect 0 "CAIRN_VAULT chooses the vault" -- env CAIRN_VAULT="$V" CAIRN_PASSPHRASE_FILE="$tmp/pw" "$CAIRN" check
expect 2 "missing passphrase file" -- c --passphrase-file "$tmp/nope" check

# passwd: the old passphrase stops working, the new one works
expect 0 "passwd" -- c --passphrase-file "$tmp/pw" passwd --new-passphrase-file "$tmp/pw2" --kdf interactive
expect 4 "old passphrase after passwd" -- c --passphrase-file "$tmp/pw" check
expect 0 "new passphrase after passwd" -- c --passphrase-file "$tmp/pw2" check
expect 0 "passwd keeps the KDF level" -- c status
contains "$tmp/out" "Argon2id, interactive" "passwd without --kdf keeps the level"
expect 2 "passwd with no terminal for the new passphrase" -- setsid -w "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw2" passwd
contains "$tmp/err" "--new-passphrase-file" "passwd no-terminal hint"

# locked by another process
if command -v flock >/dev/null 2>&1; then
	flock "$V/lock" sleep 3 &
	sleep 0.5
	expect 6 "gc while locked" -- c --passphrase-file "$tmp/pw2" gc
	one_line_error "locked"
	contains "$tmp/err" "locked by another cairn process" "lock message"
	expect 0 "status while locked" -- c status
	wait
else
	echo "SKIP: flock(1) not installed: lock test skipped"
fi
expect 0 "gc" -- c --passphrase-file "$tmp/pw2" gc
contains "$tmp/out" "Removed 0 unreferenced files" "gc report"

# backup and restore
expect 0 "backup" -- c --passphrase-file "$tmp/pw2" backup "$tmp/b.bak"
expect 2 "backup over an existing file" -- c --passphrase-file "$tmp/pw2" backup "$tmp/b.bak"
one_line_error "backup over existing"
expect 0 "backup --force" -- c --passphrase-file "$tmp/pw2" backup --force "$tmp/b.bak"
expect 0 "restore" -- "$CAIRN" --vault "$tmp/restored" --passphrase-file "$tmp/pw2" restore "$tmp/b.bak"
expect 0 "restored vault opens" -- "$CAIRN" --vault "$tmp/restored" --passphrase-file "$tmp/pw2" check
expect 2 "restore over a vault" -- c --passphrase-file "$tmp/pw2" restore "$tmp/b.bak"
expect 4 "restore with a wrong passphrase" -- "$CAIRN" --vault "$tmp/r2" --passphrase-file "$tmp/bad" restore "$tmp/b.bak"
[ ! -e "$tmp/r2" ] || { echo "FAIL: failed restore created a vault"; fails=$((fails + 1)); }
# a damaged backup is refused
size=$(stat -c %s "$tmp/b.bak")
cp "$tmp/b.bak" "$tmp/d.bak"
printf 'X' | dd of="$tmp/d.bak" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
expect 5 "damaged backup" -- "$CAIRN" --vault "$tmp/r3" --passphrase-file "$tmp/pw2" restore "$tmp/d.bak"
one_line_error "damaged backup"
[ ! -e "$tmp/r3" ] || { echo "FAIL: damaged restore created a vault"; fails=$((fails + 1)); }

# a damaged vault: exit 5, naming the file
size=$(stat -c %s "$V/index")
printf 'X' | dd of="$V/index" bs=1 seek=$((size - 5)) conv=notrunc 2>/dev/null
expect 5 "damaged index" -- c --passphrase-file "$tmp/pw2" check
one_line_error "damaged index"
contains "$tmp/err" "index" "damage message names the index"

clitest_end

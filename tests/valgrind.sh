#!/bin/sh
# valgrind memcheck over a command-line session: init, import (JSON, JWT,
# a baked PNG, a CLR), list, show, tag, note, verify, pathways, backup,
# restore, passwd, rm and gc; then over the terminal interface, each of
# its screen-test scripts (tests/screen) run through CAIRN_SCRIPT.  Any invalid read or write, use of an
# uninitialised value, invalid free or definite leak fails the test.
# Skipped (77) when valgrind is not installed.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind is not installed"; exit 77; }
if ldd "$CAIRN" 2>/dev/null | grep -q 'libasan'; then
	echo "SKIP: cairn is built with AddressSanitizer, which cannot run under valgrind"
	exit 77
fi
F="$top_srcdir/tests/fixtures"
CAIRN_DATA_DIR="$top_srcdir/data"
export CAIRN_DATA_DIR

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'valgrind session passphrase\n' > "$tmp/pw"
printf 'valgrind session passphrase, changed\n' > "$tmp/pw2"
NOW="--now 2026-06-01T00:00:00Z"
SUPP="$top_srcdir/tests/valgrind.supp"
if grep -q '^{' "$SUPP"; then
	echo "note: known defects suppressed by tests/valgrind.supp:"
	sed -n 's/^   \([a-z][a-z0-9-]*\)$/  \1/p' "$SUPP"
fi
vg() {
	valgrind -q --error-exitcode=99 --suppressions="$SUPP" --leak-check=full --show-leak-kinds=definite \
		--errors-for-leak-kinds=definite --log-file="$tmp/vg.%p" "$CAIRN" "$@"
}
c() { vg --vault "$V" --passphrase-file "$tmp/pw" "$@"; }

expect 0 "init" -- c init --kdf interactive
expect 0 "import" -- c import "$F/import/micro-ects.json" "$F/import/ob30-simple.jwt" \
	"$F/baked/ob30-simple-json.png" "$F/import/clr20-simple.json" "$F/hostile/hostile-ob30.json"
expect 2 "import of a broken file" -- c import "$F/import/ob30-simple.jwt" "$tmp/pw"
expect 0 "list" -- c list $NOW
id=$(grep -m1 'Introduction to SQL' "$tmp/out" | cut -d' ' -f1)
expect 0 "list --json" -- c list --json --sort title $NOW
expect 0 "show" -- c show $NOW "$id"
expect 0 "show --json" -- c show --json $NOW "$id"
expect 0 "tag" -- c tag "$id" +valgrind
expect 0 "note" -- c note "$id" "checked under valgrind"
expect 1 "verify --all (an unsigned credential fails)" -- c verify --all $NOW
expect 0 "pathway list" -- c pathway list $NOW
expect 0 "pathway show" -- c pathway show fjord-data-analysis-cert $NOW
expect 0 "pathway add" -- c pathway add "$F/hostile/hostile-pathway.json"
expect 0 "backup" -- c backup "$tmp/b.bak"
expect 0 "restore" -- vg --vault "$tmp/restored" --passphrase-file "$tmp/pw" restore "$tmp/b.bak"
expect 0 "passwd" -- c passwd --new-passphrase-file "$tmp/pw2"
cp "$tmp/pw2" "$tmp/pw"
expect 0 "rm" -- c rm "$id"
expect 0 "gc" -- c gc
expect 0 "check" -- c check
expect 7 "no vault" -- vg --vault "$tmp/none" --passphrase-file "$tmp/pw" list

# the terminal interface, driven by its screen-test scripts (CAIRN_SCRIPT)
# over a vault that also holds the hostile credential: memcheck-clean, and
# nothing raw from a credential on any screen it dumps
T="$tmp/tui-vault"
printf 'screen-test\n' > "$tmp/tpw"
"$CAIRN" --vault "$T" --passphrase-file "$tmp/tpw" init --kdf interactive >/dev/null &&
	"$CAIRN" --vault "$T" --passphrase-file "$tmp/tpw" import "$F/import/micro-ects.json" \
		"$F/import/ob30-complete.json" "$F/import/clr20-simple.json" \
		"$F/hostile/hostile-ob30.json" >/dev/null || { echo "FAIL: TUI vault"; fails=$((fails + 1)); }
mkdir -p "$tmp/config" "$tmp/work"
for script in "$top_srcdir"/tests/screen/*.script; do
	grep -q '^# vault: fixtures' "$script" || continue
	name=$(basename "$script" .script)
	(cd "$tmp/work" && env CAIRN_SCRIPT="$script" CAIRN_SCRIPT_SIZE=80x24 \
		CAIRN_NOW=2026-11-29T12:00:00Z XDG_CONFIG_HOME="$tmp/config" TMPDIR="$tmp" \
		CAIRN_PASSPHRASE_FILE= CAIRN_PASSPHRASE_COMMAND= \
		valgrind -q --error-exitcode=99 --suppressions="$SUPP" --leak-check=full --show-leak-kinds=definite \
		--errors-for-leak-kinds=definite --log-file="$tmp/vg.tui-$name.%p" \
		"$CAIRN" --vault "$T") >"$tmp/screens" 2>"$tmp/err" </dev/null
	st=$?
	if [ $st -ne 0 ]; then
		echo "FAIL: TUI script $name under valgrind: exit $st"; cat "$tmp/err"
		fails=$((fails + 1))
	elif LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b\x8c\x8e\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xaf]|\xef\xbb\xbf' "$tmp/screens"; then
		echo "FAIL: TUI script $name: a raw control or bidi character on screen"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
done

# valgrind's own reports (one file per process; empty when clean)
for log in "$tmp"/vg.*; do
	if [ -s "$log" ]; then
		echo "FAIL: valgrind reported:"; cat "$log"; fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
done
clitest_end

#!/bin/sh
# --help and --version as the GNU coding standards ask: golden output for
# the program's own, and for every command its help names: a usage line,
# a description, the options (-h, --help among them), where to report bugs
# and the home page, on standard output with status 0.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
G="$top_srcdir/tests/golden"
. "$top_srcdir/tests/clitest.sh"

# diff_golden DESCRIPTION GOLDEN FILE
diff_golden() {
	if diff -u "$2" "$3" > "$tmp/diff"; then
		passes=$((passes + 1))
	else
		echo "FAIL: $1 differs from $2:"; cat "$tmp/diff"
		fails=$((fails + 1))
	fi
}
# the command list changes as commands land: checked by name, not golden
drop_commands() { sed '/^Commands:$/,/^$/{/^  [a-z]/d}' "$1"; }

expect 0 "--version" -- "$CAIRN" --version
lines "$tmp/err" 0 "--version writes nothing on stderr"
head -n 1 "$tmp/out" | grep -qx 'cairn [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*' ||
	{ echo "FAIL: --version: first line is not 'cairn VERSION'"; fails=$((fails + 1)); }
tail -n +2 "$tmp/out" > "$tmp/version"; tail -n +2 "$G/version.txt" > "$tmp/version.golden"
diff_golden "--version" "$tmp/version.golden" "$tmp/version"

expect 0 "--help" -- "$CAIRN" --help
lines "$tmp/err" 0 "--help writes nothing on stderr"
cp "$tmp/out" "$tmp/help"
drop_commands "$tmp/help" > "$tmp/help.nocmd"
drop_commands "$G/help.txt" > "$tmp/help.golden"
diff_golden "--help" "$tmp/help.golden" "$tmp/help.nocmd"
expect 0 "-h" -- "$CAIRN" -h
diff_golden "-h is --help" "$tmp/help" "$tmp/out"

# the commands the help lists; each has a help of its own
sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' "$tmp/help" > "$tmp/commands"
for c in init import list show verify pathway trust status check passwd backup restore gc; do
	grep -qx "$c" "$tmp/commands" || { echo "FAIL: --help does not list '$c'"; fails=$((fails + 1)); }
done
bugs=$(grep '^Report bugs to: ' "$G/help.txt")
home=$(grep '^cairn home page: <' "$G/help.txt")
[ -n "$bugs" ] && [ -n "$home" ] || { echo "FAIL: golden help without bug address or home page"; fails=$((fails + 1)); }
while read -r c; do
	expect 0 "cairn $c --help" -- "$CAIRN" "$c" --help
	lines "$tmp/err" 0 "cairn $c --help writes nothing on stderr"
	head -n 1 "$tmp/out" | grep -q "^Usage: cairn $c\( \|$\)" ||
		{ echo "FAIL: cairn $c --help: first line is not 'Usage: cairn $c ...'"; fails=$((fails + 1)); }
	[ "$(sed -n 2p "$tmp/out")" != "" ] ||
		{ echo "FAIL: cairn $c --help: no description under the usage line"; fails=$((fails + 1)); }
	contains "$tmp/out" "Options:" "cairn $c --help lists its options"
	contains "$tmp/out" "  -h, --help" "cairn $c --help names --help"
	[ "$(tail -n 2 "$tmp/out" | head -n 1)" = "$bugs" ] && [ "$(tail -n 1 "$tmp/out")" = "$home" ] ||
		{ echo "FAIL: cairn $c --help does not end with the bug address and home page"; tail -n 3 "$tmp/out"; fails=$((fails + 1)); }
	expect 2 "cairn $c --no-such-option" -- "$CAIRN" "$c" --no-such-option
	one_line_error "cairn $c --no-such-option"
done < "$tmp/commands"

expect 2 "an unknown option" -- "$CAIRN" --no-such-option
one_line_error "an unknown option"
expect 2 "an unknown command" -- "$CAIRN" no-such-command
one_line_error "an unknown command"
clitest_end

#!/bin/sh
# cairn(1) documents what the program has: every command `cairn --help`
# lists has an entry in COMMANDS, every long option in the sources'
# option tables appears in the page, and every environment variable the
# sources read has an entry in ENVIRONMENT.
set -u
: "${CAIRN:?CAIRN must name the cairn program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
page="$top_srcdir/man/cairn.1"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-man-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
checked=0

# the tags (the line after .TP) of one section
section_tags() {
	awk -v s="$1" '$0 == ".SH " s { on = 1; next } /^\.SH / { on = 0 }
		on && prev == ".TP" { print } { prev = $0 }' "$page"
}

LC_ALL=C "$CAIRN" --help | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' > "$tmp/commands"
[ -s "$tmp/commands" ] || { echo "FAIL: cairn --help lists no command"; exit 1; }
section_tags COMMANDS > "$tmp/tags"
while read -r c; do
	checked=$((checked + 1))
	# \fBname\fP..., \fBname sub\fP..., .B name, .BR name ..., .BI "name ..."
	if ! grep -q -e "^\\\\fB$c[\\\\ ]" -e "^\.B[IR]* $c\( \|$\)" "$tmp/tags"; then
		echo "FAIL: cairn(1): the command '$c' has no entry in COMMANDS"
		fails=$((fails + 1))
	fi
done < "$tmp/commands"

# long options of every option table in the front ends
for f in "$top_srcdir"/src/cli/*.c "$top_srcdir"/src/tui/*.c; do
	[ -f "$f" ] || continue
	grep -o '{"[a-z][a-z0-9-]*", *\(no\|required\|optional\)_argument' "$f" |
		sed 's/^{"\([^"]*\)".*/\1/'
done | sort -u > "$tmp/options"
[ -s "$tmp/options" ] || { echo "FAIL: no option tables found in src/cli"; exit 1; }
while read -r o; do
	checked=$((checked + 1))
	escaped=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
	if ! grep -q -- "\\\\-\\\\-$escaped\\([^a-z0-9\\\\]\\|\\\\f\\|\$\\)" "$page"; then
		echo "FAIL: cairn(1) does not mention the option --$o"
		fails=$((fails + 1))
	fi
done < "$tmp/options"

# environment variables the sources read
grep -rho 'getenv("[A-Za-z_][A-Za-z0-9_]*")' "$top_srcdir/src" |
	sed 's/getenv("\(.*\)")/\1/' | sort -u > "$tmp/env"
section_tags ENVIRONMENT > "$tmp/envtags"
while read -r e; do
	checked=$((checked + 1))
	if ! grep -q "^\.BR* .*\<$e\>" "$tmp/envtags"; then
		echo "FAIL: cairn(1): the environment variable $e has no entry in ENVIRONMENT"
		fails=$((fails + 1))
	fi
done < "$tmp/env"

echo "$checked checked, $fails failed"
[ "$fails" -eq 0 ]

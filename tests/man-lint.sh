#!/bin/sh
# Lints the manual pages: any warning from the formatter fails the test.
# Uses groff (-ww: all warnings), else mandoc; skips (77) with neither.
# Run by automake's harness from the build directory, $top_srcdir exported.
set -u

srcdir=${top_srcdir:-$(dirname "$0")/..}
pages="$srcdir/man/cairn.1 $srcdir/man/cairn-vault.5 $srcdir/man/cairn-pathway.5"

if command -v groff >/dev/null 2>&1; then
	lint() { groff -man -ww -z -Tutf8 "$1" 2>&1; }
	tool=groff
elif command -v mandoc >/dev/null 2>&1; then
	lint() { mandoc -T lint -W warning "$1" 2>&1; }
	tool=mandoc
else
	echo "man-lint: neither groff nor mandoc is installed; skipping" >&2
	exit 77
fi

status=0
for page in $pages; do
	if [ ! -r "$page" ]; then
		echo "FAIL: $page: cannot read it"
		status=1
		continue
	fi
	out=$(lint "$page")
	if [ -n "$out" ]; then
		echo "FAIL: $page: $tool warns:"
		printf '%s\n' "$out" | sed 's/^/  /'
		status=1
	else
		echo "ok: $page ($tool)"
	fi
done
exit $status

#!/bin/sh
# Lints the manual pages: any warning from a formatter fails the test.
# Uses groff (-ww: all warnings) and mandoc (-T lint) when each is
# installed; skips (77) with neither.
# Run by automake's harness from the build directory, $top_srcdir exported.
set -u

srcdir=${top_srcdir:-$(dirname "$0")/..}
pages="$srcdir/man/cairn.1 $srcdir/man/cairn-vault.5 $srcdir/man/cairn-pathway.5"

tools=
command -v groff >/dev/null 2>&1 && tools="$tools groff"
command -v mandoc >/dev/null 2>&1 && tools="$tools mandoc"
if [ -z "$tools" ]; then
	echo "man-lint: neither groff nor mandoc is installed; skipping" >&2
	exit 77
fi
lint() { # TOOL PAGE
	case $1 in
	groff) groff -man -ww -z -Tutf8 "$2" 2>&1 ;;
	mandoc) mandoc -T lint -W warning "$2" 2>&1 ;;
	esac
}

status=0
for page in $pages; do
	if [ ! -r "$page" ]; then
		echo "FAIL: $page: cannot read it"
		status=1
		continue
	fi
	for tool in $tools; do
		out=$(lint "$tool" "$page")
		if [ -n "$out" ]; then
			echo "FAIL: $page: $tool warns:"
			printf '%s\n' "$out" | sed 's/^/  /'
			status=1
		else
			echo "ok: $page ($tool)"
		fi
	done
done
exit $status

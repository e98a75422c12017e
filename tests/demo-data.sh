#!/bin/sh
# The committed demo (data/demo) is exactly what tests/make_demo writes
# from the templates (tests/demo/credentials.json): signing and drawing are
# deterministic, so a template changed without regenerating, or a demo
# file edited by hand, fails here.  See data/demo/README.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
MAKE_DEMO=${MAKE_DEMO:-./tests/make_demo}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-demo-data.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

if ! "$MAKE_DEMO" "$top_srcdir/tests/demo/credentials.json" "$tmp" >"$tmp/log" 2>&1; then
	echo "FAIL: make_demo failed:"
	cat "$tmp/log"
	exit 1
fi
status=0
for sub in credentials trust; do
	if diff -r "$tmp/$sub" "$top_srcdir/data/demo/$sub" >"$tmp/diff" 2>&1; then
		echo "ok: data/demo/$sub is what make_demo writes"
	else
		echo "FAIL: data/demo/$sub differs from make_demo's output (regenerate it, see data/demo/README):"
		head -n 20 "$tmp/diff"
		status=1
	fi
done
exit $status

#!/bin/sh
# A known crash, kept as an expected failure (XFAIL_TESTS) until it is
# fixed: a credential whose context defines "@type" as an array
# (tests/fixtures/hostile/jsonld-type-array.json, found by jsonld-fuzzer on
# 2026-11-29) makes `cairn verify` die of SIGSEGV: create_term in
# src/core/verify/jsonld_context.c walks the array's members and calls
# strcmp on their NULL names.  The test passes once cairn answers with a
# verdict instead of a signal; automake then reports XPASS, the cue to move
# it from XFAIL_TESTS to TESTS.
set -u
: "${CAIRN:?CAIRN must name the cairn program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
"$CAIRN" verify --no-vault --now 2026-06-01T00:00:00Z \
	"$top_srcdir/tests/fixtures/hostile/jsonld-type-array.json" >/dev/null 2>"${TMPDIR:-/tmp}/jta.$$"
st=$?
san=$(grep -c 'runtime error\|Sanitizer' "${TMPDIR:-/tmp}/jta.$$")
rm -f "${TMPDIR:-/tmp}/jta.$$"
if [ $st -ge 128 ] || [ "$san" -gt 0 ]; then
	echo "FAIL: cairn verify crashed (status $st) on a context with an \"@type\" array"
	exit 1
fi
echo "cairn verify answered with status $st"

#!/bin/sh
# A credential whose context defines "@type" as an array
# (tests/fixtures/hostile/jsonld-type-array.json, found by jsonld-fuzzer on
# 2026-11-29) made `cairn verify` die of SIGSEGV: create_term in
# src/core/verify/jsonld_context.c called strcmp on the array members' NULL
# names.  Fixed in 3b293ad; this keeps it fixed: cairn must answer with a
# verdict, not a signal or a sanitizer report.
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

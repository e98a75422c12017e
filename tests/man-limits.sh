#!/bin/sh
# Every named limit in src/core/cairn_limits.h is documented in the LIMITS
# section of cairn(1), and the section names no limit that does not exist.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
h="$top_srcdir/src/core/cairn_limits.h"
m="$top_srcdir/man/cairn.1"
fails=0
passes=0
section=$(sed -n '/^\.SH LIMITS/,/^\.SH /p' "$m")
for name in $(sed -n 's/^#define \(CAIRN_MAX_[A-Z0-9_]*\).*/\1/p' "$h"); do
	if printf '%s\n' "$section" | grep -E '^\.BR? ' | grep -qw -- "$name"; then
		passes=$((passes + 1))
	else
		echo "FAIL: $name (src/core/cairn_limits.h) is not in cairn(1) LIMITS"
		fails=$((fails + 1))
	fi
done
for name in $(printf '%s\n' "$section" | grep -E '^\.BR? ' | grep -o 'CAIRN_MAX_[A-Z0-9_]*' | sort -u); do
	if grep -q "^#define $name " "$h"; then
		passes=$((passes + 1))
	else
		echo "FAIL: cairn(1) LIMITS documents $name, which limits.h does not define"
		fails=$((fails + 1))
	fi
done
[ "$passes" -gt 0 ] || { echo "FAIL: no limit found"; fails=$((fails + 1)); }
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]

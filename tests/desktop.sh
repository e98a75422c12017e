#!/bin/sh
# The desktop entry (data/cairn.desktop): desktop-file-validate finds
# nothing to say (errors, warnings or hints), and it starts cairn in a
# terminal.  Skips (77) when desktop-file-utils is not installed.
set -u
srcdir=${top_srcdir:-$(dirname "$0")/..}
entry="$srcdir/data/cairn.desktop"
if ! command -v desktop-file-validate >/dev/null 2>&1; then
	echo "desktop: desktop-file-validate (desktop-file-utils) is not installed; skipping" >&2
	exit 77
fi
status=0
out=$(desktop-file-validate "$entry" 2>&1) || status=1
if [ -n "$out" ]; then
	echo "FAIL: $entry: desktop-file-validate says:"
	printf '%s\n' "$out" | sed 's/^/  /'
	status=1
fi
for line in 'Type=Application' 'Exec=cairn' 'Terminal=true'; do
	if ! grep -qx "$line" "$entry"; then
		echo "FAIL: $entry: no line '$line'"
		status=1
	fi
done
for key in Categories Keywords Comment; do
	if ! grep -q "^$key=" "$entry"; then
		echo "FAIL: $entry: no $key"
		status=1
	fi
done
[ $status -eq 0 ] && echo "ok: $entry"
exit $status

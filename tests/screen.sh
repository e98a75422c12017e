#!/bin/sh
# Screen tests of the terminal interface, as tig does them: each
# tests/screen/NAME.script is a list of keys run by `cairn` with the hidden
# CAIRN_SCRIPT variable (curses draws to /dev/null), and the screens it
# dumps must equal tests/screen/NAME.expected.  A script's first lines say
#   # size: COLSxLINES     the terminal size (default 80x24)
#   # vault: fixtures      a vault built here from tests/fixtures (typed
#                          passphrase "screen-test"), or
#   # vault: demo          cairn --demo
#   # writes: FILE         the script must write FILE in its working folder
# Script commands: type TEXT, key NAME, resize WxH, click Y X,
# wheel up|down Y X, idle, cancel, dump [TITLE].
# CAIRN_SCREEN_UPDATE=1 rewrites the expected files from what is drawn.
: "${CAIRN:?CAIRN must name the cairn program}"
: "${top_srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-screen-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# a vault of real credentials from tests/fixtures; never verified, so
# the marks do not change as verification grows
printf 'screen-test\n' >"$tmp/pass"
"$CAIRN" --vault "$tmp/vault" --passphrase-file "$tmp/pass" init --kdf interactive >/dev/null || exit 99
(cd "$top_srcdir/tests/fixtures/import" &&
	"$CAIRN" --vault "$tmp/vault" --passphrase-file "$tmp/pass" import \
		micro-ects.json ob30-complete.json dcc-v1-expired.json \
		dcc-v2-alignments.json dcc-v2-complex-issuer.json \
		ob20-basic-assertion.json clr20-simple.json ob30-simple.jwt >/dev/null) || exit 99
mkdir -p "$tmp/config" "$tmp/work"
# a folder for the import view to take in
mkdir -p "$tmp/work/imports"
cp "$top_srcdir/tests/fixtures/import/micro-ects.json" \
	"$top_srcdir/tests/fixtures/import/ob30-simple.json" "$tmp/work/imports/" || exit 99
# and a credential whose text tries to drive the terminal: an escape that
# clears the screen, a window-title sequence and a right-to-left override
printf '%s' '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
"issuer":{"id":"did:web:evil.example","name":"Evil\u001b]0;owned\u0007 Corp"},
"validFrom":"2026-01-01T00:00:00Z","name":"Clear\u001b[2J screen \u202egnp.exe",
"credentialSubject":{"id":"did:example:me"}}' >"$tmp/work/imports/zz-hostile.json" || exit 99

for script in "$top_srcdir"/tests/screen/*.script; do
	name=$(basename "$script" .script)
	expected="${script%.script}.expected"
	size=$(sed -n 's/^# size: *//p' "$script" | head -n 1)
	vault=$(sed -n 's/^# vault: *//p' "$script" | head -n 1)
	# every script has its own copy of the vault: what one changes
	# (an import, a removal) no other sees
	rm -rf "$tmp/v"
	cp -R "$tmp/vault" "$tmp/v"
	case "$vault" in
	demo) set -- --demo ;;
	*) set -- --vault "$tmp/v" ;;
	esac
	# the screens must not depend on the day, the user's config or colours
	(cd "$tmp/work" && env NO_COLOR= COLORTERM= CAIRN_SCRIPT="$script" CAIRN_SCRIPT_SIZE="${size:-80x24}" \
		CAIRN_NOW=2026-11-29T12:00:00Z XDG_CONFIG_HOME="$tmp/config" \
		TMPDIR="$tmp" CAIRN_PASSPHRASE_FILE= CAIRN_PASSPHRASE_COMMAND= \
		"$CAIRN" "$@") >"$tmp/raw" 2>"$tmp/err"
	status=$?
	# the import and verification times are when the test ran
	# and the test's own temporary folder is named TMP
	sed -E -e 's/((Imported|Checked) +)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z/\1TIME/' \
		-e "s|$tmp|TMP|g" "$tmp/raw" >"$tmp/out"
	if [ "${CAIRN_SCREEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$expected"
	fi
	if [ $status -ne 0 ]; then
		echo "FAIL: $name: cairn exited $status"; cat "$tmp/err"
		fails=$((fails + 1))
	elif ! [ -f "$expected" ]; then
		echo "FAIL: $name: no $expected"
		fails=$((fails + 1))
	elif ! diff -u "$expected" "$tmp/out"; then
		echo "FAIL: $name: the screens differ (above: - expected, + drawn)"
		fails=$((fails + 1))
	elif LC_ALL=C grep -q '[[:cntrl:]]' "$tmp/raw"; then
		echo "FAIL: $name: a control character reached the screen"
		fails=$((fails + 1))
	elif [ -s "$tmp/err" ]; then
		echo "FAIL: $name: wrote to standard error:"; cat "$tmp/err"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
	# "# writes: FILE": the script must have written FILE (in its folder)
	for want in $(sed -n 's/^# writes: *//p' "$script"); do
		if [ -s "$tmp/work/$want" ]; then
			passes=$((passes + 1))
		else
			echo "FAIL: $name: $want was not written"
			fails=$((fails + 1))
		fi
		rm -f "$tmp/work/$want"
	done
done
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]

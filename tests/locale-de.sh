#!/bin/sh
# cairn speaks German: installs it under a scratch prefix (the catalogues
# are read from the installed locale directory), runs it under
# LANG=de_DE.UTF-8 and finds German text; French and Spanish through
# LANGUAGE.  Every catalogue passes msgfmt --check.  When the system lacks
# the de_DE.UTF-8 locale it is generated into a private LOCPATH; skips (77)
# when that is impossible too.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-locale-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passes=$((passes + 1)); }

for po in "$top_srcdir"/po/*.po; do
	if msgfmt --check --statistics -o /dev/null "$po" 2>"$tmp/msgfmt"; then
		ok; echo "$(basename "$po"): $(cat "$tmp/msgfmt")"
	else
		fail "msgfmt --check $po:"; cat "$tmp/msgfmt"
	fi
done

if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\{0,1\}8'; then
	mkdir "$tmp/loc"
	if localedef -i de_DE -f UTF-8 "$tmp/loc/de_DE.UTF-8" >/dev/null 2>&1; then
		LOCPATH="$tmp/loc"; export LOCPATH
	else
		echo "locale-de: the de_DE.UTF-8 locale is not installed and localedef cannot make it (install 'locales'); skipping" >&2
		exit 77
	fi
fi

prefix="$tmp/prefix"
. "$top_srcdir/tests/installhelp.sh"
installhelp_build
if ! clean_make -C "$tmp/build" install >"$tmp/install.log" 2>&1; then
	tail -n 30 "$tmp/install.log"; echo "FAIL: make install"; exit 1
fi
cairn="$prefix/bin/cairn"
unset LC_ALL LC_MESSAGES LANGUAGE CAIRN_VAULT
# run LANGUAGE EXPECTED-STATUS ARGS...: cairn under LANG=de_DE.UTF-8
run() {
	lang=$1; want=$2; shift 2
	LANG=de_DE.UTF-8 LANGUAGE=$lang "$cairn" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "LANGUAGE=$lang cairn $*: exit $got, expected $want"
}
expect_text() { # FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else
		fail "$3: '$2' not in:"; sed 's/^/  /' "$1"; fi
}

run "" 0 --help
expect_text "$tmp/out" "Aufruf: cairn" "German --help"
expect_text "$tmp/out" "Fehler melden an:" "German bug report line"
run "" 2 no-such-command
expect_text "$tmp/err" "unbekannter Befehl" "a German error"
run "" 0 pathway --help
expect_text "$tmp/out" "Befehle:" "German help of a command"
run fr 0 --help
expect_text "$tmp/out" "Utilisation : cairn" "French --help"
run fr 2 no-such-command
expect_text "$tmp/err" "commande inconnue" "a French error"
run es 0 --help
expect_text "$tmp/out" "Uso: cairn" "Spanish --help"
run es 2 no-such-command
expect_text "$tmp/err" "orden desconocida" "a Spanish error"
# the terminal interface lays the longer German text out within the screen:
# every demo screen script runs to its end, nothing on standard error, no
# line wider than the terminal, and the German names are drawn
if [ -d "$top_srcdir/tests/screen" ]; then
	mkdir -p "$tmp/work" "$tmp/config"
	for script in "$top_srcdir"/tests/screen/demo-*.script; do
		[ -f "$script" ] || continue
		name=$(basename "$script" .script)
		size=$(sed -n 's/^# size: *//p' "$script" | head -n 1)
		size=${size:-80x24}
		cols=${size%x*}
		(cd "$tmp/work" && env LANG=de_DE.UTF-8 NO_COLOR= COLORTERM= \
			CAIRN_SCRIPT="$script" CAIRN_SCRIPT_SIZE="$size" \
			CAIRN_NOW=2026-11-29T12:00:00Z XDG_CONFIG_HOME="$tmp/config" TMPDIR="$tmp" \
			CAIRN_PASSPHRASE_FILE= CAIRN_PASSPHRASE_COMMAND= "$cairn" --demo) \
			>"$tmp/screen" 2>"$tmp/screen.err"
		st=$?
		if [ $st -ne 0 ] || [ -s "$tmp/screen.err" ]; then
			fail "German screens of $name: exit $st: $(cat "$tmp/screen.err")"
			continue
		fi
		# wc -L: the display width of the widest line (wide characters
		# count two columns)
		widest=$(LC_ALL=C.UTF-8 wc -L < "$tmp/screen")
		if [ "$widest" -gt "$cols" ]; then
			fail "German screens of $name: a line $widest columns wide on a $cols-column terminal:"
			sed 's/^/  /' "$tmp/screen"
		else
			ok
		fi
		cat "$tmp/screen" >> "$tmp/screens"
		rm -rf "$tmp/work"/*
	done
	expect_text "$tmp/screens" "2 Lernpfade" "the German tab names in the interface"
	expect_text "$tmp/screens" "Hilfe" "the German key hints in the interface"
fi
# untranslated: the C locale stays English
LC_ALL=C "$cairn" --help >"$tmp/out" 2>&1
expect_text "$tmp/out" "Usage: cairn" "English under LC_ALL=C"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]

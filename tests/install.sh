#!/bin/sh
# make install under a custom --prefix: copies the distribution (make
# distdir), configures it with --prefix in a scratch directory, builds it,
# then (1) installs with DESTDIR and checks the tree: program, data,
# translations, manual pages, completions, desktop entry, nothing outside
# DESTDIR; (2) installs for real and runs the installed cairn, which must
# find its shipped pathways without CAIRN_DATA_DIR; (3) uninstalls and
# checks nothing is left.
# Run by automake's harness from the build directory, $top_srcdir and $MAKE
# exported.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
builddir=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passes=$((passes + 1)); }
prefix="$tmp/opt/cairn-0"
. "$top_srcdir/tests/installhelp.sh"
installhelp_build
cd "$tmp/build" || exit 1
bashcompdir=$(sed -n 's/^bashcompletiondir = //p' Makefile | sed "s|\${datadir}|$prefix/share|; s|\$(datadir)|$prefix/share|")

# ---- (1) DESTDIR ----------------------------------------------------------
dest="$tmp/dest"
if ! clean_make install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
	tail -n 40 "$tmp/install.log"; echo "FAIL: make install DESTDIR=..."; exit 1
fi
[ -e "$prefix" ] && fail "make install DESTDIR wrote into the prefix itself"
top=${prefix#/}
top=${top%%/*}
if [ -n "$(find "$dest" -mindepth 1 -maxdepth 1 ! -name "$top")" ]; then
	fail "files outside DESTDIR/PREFIX: $(find "$dest" -mindepth 1 -maxdepth 1 ! -name "$top")"
fi
root="$dest$prefix"
has() { # MODE PATH: a file (f) or executable (x) under the installed prefix
	if { [ "$1" = x ] && [ -f "$root/$2" ] && [ -x "$root/$2" ]; } ||
	   { [ "$1" = f ] && [ -f "$root/$2" ] && [ -s "$root/$2" ]; }; then
		ok
	else
		fail "not installed: PREFIX/$2"
	fi
}
has x bin/cairn
has f share/man/man1/cairn.1
has f share/man/man5/cairn-vault.5
has f share/man/man5/cairn-pathway.5
has f "${bashcompdir#"$prefix"/}/cairn"
has f share/zsh/site-functions/_cairn
has f share/applications/cairn.desktop
# every data file of the source tree (pathways, contexts, demo...) lands in
# PREFIX/share/cairn under the same name; READMEs and the desktop entry aside
(cd "$tmp/src/data" && find . -type f ! -name 'README*' ! -name '*.desktop' ! -name '*.in') |
	sed 's|^\./||' > "$tmp/datafiles"
[ -s "$tmp/datafiles" ] || fail "no data files in the distribution"
while IFS= read -r f; do has f "share/cairn/$f"; done < "$tmp/datafiles"
# a compiled catalogue for every language the project lists
for lang in $(sed 's/#.*//' "$tmp/src/po/LINGUAS"); do
	has f "share/locale/$lang/LC_MESSAGES/cairn.mo"
done

# ---- (2) the installed program, installed for real ------------------------
if ! clean_make install >"$tmp/install2.log" 2>&1; then
	tail -n 40 "$tmp/install2.log"; echo "FAIL: make install"; exit 1
fi
unset CAIRN_DATA_DIR CAIRN_VAULT CAIRN_PASSPHRASE_FILE CAIRN_PASSPHRASE_COMMAND
cairn="$prefix/bin/cairn"
"$cairn" --version > "$tmp/out" 2>&1 && grep -q '^cairn ' "$tmp/out" && ok ||
	fail "installed cairn --version: $(cat "$tmp/out")"
printf 'install test passphrase\n' > "$tmp/pw"
if "$cairn" --vault "$tmp/vault" --passphrase-file "$tmp/pw" init --kdf interactive >"$tmp/out" 2>&1 &&
   "$cairn" --vault "$tmp/vault" --passphrase-file "$tmp/pw" pathway list >"$tmp/out" 2>&1; then
	for f in "$tmp"/src/data/pathways/*.json; do
		id=$(basename "$f" .json)
		if grep -qF -- "$id" "$tmp/out"; then ok; else
			fail "the installed cairn does not list the shipped pathway $id"; fi
	done
else
	fail "the installed cairn cannot list pathways: $(cat "$tmp/out")"
fi
# the installed bash completion finds the program and its pathways
if command -v bash >/dev/null 2>&1; then
	got=$(PATH="$prefix/bin:$PATH" bash -c '
		. "$1"; COMP_WORDS=(cairn pathway show fjord-data-a); COMP_CWORD=3; _cairn
		printf "%s\n" "${COMPREPLY[@]}"' sh "$prefix/${bashcompdir#"$prefix"/}/cairn")
	[ "$got" = fjord-data-analysis-cert ] && ok ||
		fail "the installed bash completion offers '$got' for 'cairn pathway show fjord-data-a'"
fi

# ---- (3) uninstall --------------------------------------------------------
if ! clean_make uninstall >"$tmp/uninstall.log" 2>&1; then
	tail -n 40 "$tmp/uninstall.log"; fail "make uninstall"
fi
left=$(find "$prefix" -type f 2>/dev/null)
[ -z "$left" ] && ok || fail "make uninstall left: $left"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]

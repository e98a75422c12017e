#!/bin/sh
# The zsh completion (completions/_cairn): a syntax check, then its
# function run by zsh with the completion builtins (compadd, _describe,
# _files) replaced by stubs that print what they were given.  Skips (77)
# when zsh is not installed.
set -u
: "${CAIRN:?CAIRN must name the cairn program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
if ! command -v zsh >/dev/null 2>&1; then
	echo "completion-zsh: zsh is not installed; skipping" >&2
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-zcompl-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0

if ! zsh -n "$top_srcdir/completions/_cairn"; then
	echo "FAIL: completions/_cairn: zsh -n finds a syntax error"
	exit 1
fi
mkdir "$tmp/bin"
ln -s "$CAIRN" "$tmp/bin/cairn"

cat > "$tmp/run.zsh" <<'ZSH'
compadd() { [[ $1 == -- ]] && shift; print -r -- "compadd: $*" }
_describe() { local arr=${@[-1]}; print -r -- "describe: ${(@)${(P)arr}%%:*}" }
_files() { print -r -- "files: $*" }
_message() { print -r -- "message" }
source $COMPLETION >/dev/null
t() { words=("$@"); CURRENT=$#; _cairn }
t cairn ""
t cairn pathway ""
t cairn pathway show fj
t cairn verify --
t cairn --vault ""
t cairn import x
t cairn init --kdf ""
t cairn show ""
ZSH
PATH="$tmp/bin:$PATH" CAIRN_DATA_DIR="$top_srcdir/data" \
	COMPLETION="$top_srcdir/completions/_cairn" \
	zsh -f "$tmp/run.zsh" >"$tmp/out" 2>"$tmp/err"

ids=$(cd "$top_srcdir/data/pathways" && ls *.json | sed 's/\.json$//' | tr '\n' ' ')
# expected (regular expressions): one line a call above ("cairn show"
# prints nothing); other commands may join the top-level list
while IFS= read -r want; do
	if ! grep -qx -- "$want" "$tmp/out"; then
		echo "FAIL: zsh completion: no line '$want' in:"
		cat "$tmp/out" "$tmp/err"
		fails=$((fails + 1))
	fi
done <<EOF2
describe: init import list show tag note rm verify .*pathway trust status check passwd backup restore gc.*
describe: list show suggest add import rm
compadd: ${ids% }
compadd: --all --challenge --domain --help --json --no-vault --now
files: -/
files: 
compadd: interactive moderate sensitive
EOF2
if [ "$(wc -l < "$tmp/out")" -ne 7 ] || [ -s "$tmp/err" ]; then
	echo "FAIL: zsh completion: expected 7 lines and no error:"
	cat "$tmp/out" "$tmp/err"
	fails=$((fails + 1))
fi
echo "zsh completion: $fails failed"
[ "$fails" -eq 0 ]

#!/bin/bash
# The bash completion (completions/cairn.bash): sources it and checks
# COMPREPLY for commands, options, option values, subcommands, shipped
# pathway ids and file names.
set -u
: "${CAIRN:?CAIRN must name the cairn program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-compl-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# the completion runs "cairn" as the user typed it: put ours first on PATH
mkdir "$tmp/bin"
ln -s "$CAIRN" "$tmp/bin/cairn"
PATH="$tmp/bin:$PATH"
CAIRN_DATA_DIR="$top_srcdir/data"
export CAIRN_DATA_DIR

complete() { :; } # the script registers itself; not needed here
. "$top_srcdir/completions/cairn.bash"

# comp WORD...: completes the last word, the reply sorted into $got
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_cairn
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	got=${got% }
}
# is "DESCRIPTION" "EXPECTED" WORD...: the reply is exactly EXPECTED
is() {
	what=$1; want=$2; shift 2
	comp "$@"
	if [ "$got" = "$want" ]; then
		passes=$((passes + 1))
	else
		echo "FAIL: $what: '$*' completes to '$got', expected '$want'"
		fails=$((fails + 1))
	fi
}
# has "DESCRIPTION" "WORD1 WORD2..." WORD...: the reply holds each
has() {
	what=$1; want=$2; shift 2
	comp "$@"
	for w in $want; do
		case " $got " in
		*" $w "*) passes=$((passes + 1)) ;;
		*) echo "FAIL: $what: '$*' completes to '$got', without '$w'"
		   fails=$((fails + 1)) ;;
		esac
	done
}

has "commands" "init import list show verify pathway trust status backup restore" cairn ""
is "commands by prefix" "passwd pathway" cairn pa
is "a command after a global option and its value" "id import init" cairn --vault /tmp/v i
has "global options" "--vault --passphrase-file --help --version" cairn --
is "a command's options" "--filter --help --json --now --sort" cairn list --
is "options by prefix" "--no-vault --now" cairn verify --n
is "--kdf values" "interactive moderate sensitive" cairn init --kdf ""
is "--sort values" "title" cairn list --sort t
is "pathway subcommands" "add import list rm show suggest" cairn pathway ""
is "trust subcommands by prefix" "rm" cairn trust r
is "pathway options" "--help --json --now" cairn pathway list --
is "shipped pathway ids" "fjord-data-analysis-cert fjord-data-engineering-diploma fjord-digital-marketing-minor" \
	cairn pathway show fj
is "pathway ids after global options" "northwind-cloud-architect" \
	cairn --vault /tmp/v pathway show n
is "no second pathway id" "" cairn pathway show fjord-data-analysis-cert ""
is "pathway rm offers no shipped id" "" cairn pathway rm fj

# file names
mkdir "$tmp/files" "$tmp/files/badges"
: > "$tmp/files/badge.json"
: > "$tmp/files/backup.bak"
cd "$tmp/files" || exit 1
is "files to import" "backup.bak badge.json badges" cairn import ba
is "files to verify" "badge.json badges" cairn verify badge
is "a passphrase file" "backup.bak badge.json badges" cairn --passphrase-file ba
is "--vault takes a directory" "badges" cairn --vault ba
is "restore takes a file" "backup.bak" cairn restore backup
is "a pathway file to add" "badge.json badges" cairn pathway add badg
is "credential ids are not offered as files" "" cairn show ba
mkdir "$tmp/spaces" && : > "$tmp/spaces/my badge.json" && cd "$tmp/spaces" || exit 1
comp cairn import my
if [ "${#COMPREPLY[@]}" -eq 1 ] && [ "${COMPREPLY[0]}" = "my badge.json" ]; then
	passes=$((passes + 1))
else
	echo "FAIL: a file name with a space is one reply: ${COMPREPLY[*]}"
	fails=$((fails + 1))
fi

# the data directory next to the program when CAIRN_DATA_DIR is unset
unset CAIRN_DATA_DIR
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/share/cairn/pathways"
ln -s "$CAIRN" "$tmp/prefix/bin/cairn"
: > "$tmp/prefix/share/cairn/pathways/only-here.json"
PATH="$tmp/prefix/bin:$PATH"
is "pathway ids from PREFIX/share/cairn" "only-here" cairn pathway show o

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]

#!/bin/sh
# Terminal safety: a hostile credential (CSI and OSC 52 / OSC 8 sequences,
# C1 controls, bidi overrides and isolates, zero-width and tag characters,
# BEL, BS, DEL, CR in every field a command shows), a hostile pathway and
# hostile file names (escapes, a bidi override, invalid UTF-8) go through
# every command that prints them.  No raw control, bidi or invisible
# character and no invalid UTF-8 may reach standard output or error.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
H="$top_srcdir/tests/fixtures/hostile"
F="$top_srcdir/tests/fixtures/import"
CAIRN_DATA_DIR="$top_srcdir/data"
export CAIRN_DATA_DIR

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'hostile test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }
NOW="--now 2026-06-01T00:00:00Z"

# raw_free FILE DESCRIPTION: no C0 control but newline and tab, no DEL, no
# C1 control (U+0080-U+009F), no bidi control (U+061C, U+200E-F,
# U+202A-E, U+2066-9), no zero-width or invisible character (U+200B-C,
# U+2028-9, U+2060-4, U+FEFF, tags U+E0000-7F), and valid UTF-8 only.
raw_free() {
	if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8b\x8c\x8e\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xaf]|\xef\xbb\xbf|\xef\xbf[\xb9-\xbb]|\xf3\xa0[\x80\x81]' "$1" ||
	   LC_ALL=C.UTF-8 grep -qaxv '.*' "$1"; then
		echo "FAIL: $2 printed a raw control, bidi or invisible character, or invalid UTF-8:"
		od -c "$1" | head -n 20
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}
# run DESCRIPTION STATUS COMMAND...: both streams must be raw-free
run() {
	what=$1; want=$2; shift 2
	expect "$want" "$what" -- "$@"
	cat "$tmp/out" "$tmp/err" > "$tmp/both"
	raw_free "$tmp/both" "$what"
}

# the check itself must catch each kind it looks for
for bad in '\033[2J' '\007' '\302\233' '\342\200\256' '\342\201\246' '\342\200\213' \
           '\357\273\277' '\363\240\201\201' '\377' '\300\257' '\355\240\200'; do
	printf "ok $bad ok\n" > "$tmp/probe"
	before=$fails
	raw_free "$tmp/probe" "probe" >/dev/null
	if [ "$fails" -eq "$before" ]; then
		echo "FAIL: the raw check missed $bad"; fails=$((fails + 1))
	else
		fails=$before; passes=$((passes + 1))
	fi
done
printf 'caf\303\251 \342\200\215 \\x1b[2J \\u{202e} \357\277\275\n' > "$tmp/probe"
raw_free "$tmp/probe" "escaped text and safe UTF-8 pass the check"

run "init" 0 c init --kdf interactive
run "import the hostile credential" 0 c import "$H/hostile-ob30.json"
contains "$tmp/out" 'Title \x1b[2J\x1b[31m\x1b]52;c;' "the title is shown, escaped"
id=$(c list | cut -d' ' -f1)
run "list" 0 c list
contains "$tmp/out" 'Issuer \x1b[2J' "list shows the escaped issuer"
run "list --json" 0 c list --json $NOW
contains "$tmp/out" '\u202egnp.exe' "list --json keeps the bidi override as an escape"
run "list --sort title --filter" 0 c list --sort title --filter hostile $NOW
run "show" 0 c show $NOW "$id"
for label in 'Title:' 'Issuer:' 'Issuer web site:' 'Recipient:' 'Achievement:' \
             'Achievement type:' 'Achievement id:' 'Field of study:' 'Description:' \
             'About the achievement:' 'Criteria:' 'Criteria page:' 'Tags:' 'Alignment:' \
             'Credits:' 'Assessment:' 'Participation:' 'Quality assurance:' 'Evidence:'; do
	contains "$tmp/out" "$label" "show prints $label of the hostile credential"
done
contains "$tmp/out" '\u{202e}gnp.exe\u{202c}' "show makes the bidi override visible"
contains "$tmp/out" '\u{200b}\u{200c}\u{feff}\u{2060}' "show makes zero-width characters visible"
contains "$tmp/out" '\u{009b}31m\u{009d}52' "show makes C1 controls visible"
run "show --json" 0 c show --json $NOW "$id"
run "tag" 0 c tag "$id"
run "note" 0 c note "$id" "$(printf 'my note \033]52;c;eA==\007 \342\200\256x')"
run "show with the note" 0 c show $NOW "$id"
run "verify" 3 c verify $NOW "$id"
run "verify --json" 3 c verify --json $NOW "$id"
run "verify the file" 3 c verify --no-vault $NOW "$H/hostile-ob30.json"
run "verify --all" 3 c verify --all $NOW

run "pathway add" 0 c pathway add "$H/hostile-pathway.json"
run "pathway list" 0 c pathway list $NOW
run "pathway show" 0 c pathway show hostile-path $NOW
contains "$tmp/out" 'Leaf \x1b[2J' "pathway show prints the leaf, escaped"
contains "$tmp/out" '= Title \x1b[2J' "pathway show names the credential, escaped"
contains "$tmp/out" 'PUnit \x1b[2J' "pathway show prints the unit, escaped"
run "pathway show --json" 0 c pathway show --json hostile-path $NOW
run "pathway suggest" 0 c pathway suggest $NOW

# file names chosen by a stranger: a downloaded badge's name
evil=$(printf 'evil\033]52;c;cm0=\007\342\200\256\377\236name')
cp "$F/micro-ects.json" "$tmp/$evil.json"
printf '{"bad' > "$tmp/bad-$evil.json"
run "import from a hostile file name" 0 c import "$tmp/$evil.json"
run "import --json from a hostile file name" 0 c import --json "$tmp/$evil.json"
run "a refused import names the file" 2 c import "$tmp/bad-$evil.json"
contains "$tmp/out" 'bad-evil\x1b]52;c;cm0=\x07\u{202e}' "the refusal names the file, escaped"
run "a missing file" 2 c import "$tmp/missing-$evil.json"
sql=$(c list --filter SQL | cut -d' ' -f1)
run "show prints where it came from" 0 c show $NOW "$sql"
contains "$tmp/out" 'evil\x1b]52' "show names the source file, escaped"
run "show --json with an invalid UTF-8 source" 0 c show --json $NOW "$sql"
contains "$tmp/out" '\ufffd\ufffdname' "invalid bytes become U+FFFD in JSON"
run "verify a hostile file name" 1 c verify --no-vault $NOW "$tmp/$evil.json"
run "verify a broken file with a hostile name" 2 c verify --no-vault $NOW "$tmp/bad-$evil.json"
run "pathway add of a hostile file name" 2 c pathway add "$tmp/bad-$evil.json"
run "trust add of a hostile file name" 2 c trust add "$tmp/bad-$evil.json"
run "backup to a hostile file name" 0 c backup "$tmp/$evil.bak"
run "rm" 0 c rm "$id"
W="$tmp/v-$evil"
run "a missing vault with a hostile name" 7 "$CAIRN" --vault "$W" --passphrase-file "$tmp/pw" list
run "restore into a hostile name" 0 "$CAIRN" --vault "$W" --passphrase-file "$tmp/pw" restore "$tmp/$evil.bak"
run "status" 0 "$CAIRN" --vault "$W" status
run "status --json" 0 "$CAIRN" --vault "$W" status --json
run "init at a hostile name" 0 "$CAIRN" --vault "$W-2" --passphrase-file "$tmp/pw" init --kdf interactive
run "an unknown option with escapes" 2 c list "$(printf -- '--\033[2J')"
run "an unknown id with escapes" 2 c show "$(printf 'ab\033]52;c;x\007cd')"

clitest_end

#!/bin/sh
# Golden tests of import, list, show, tag, note and rm on the command line.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
F="$top_srcdir/tests/fixtures/import"

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'import test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }

expect 0 "init" -- c init --kdf interactive

expect 0 "import three files" -- c import "$F/micro-ects.json" "$F/ob30-simple.jwt" "$F/ob20-basic-assertion.json"
contains "$tmp/out" "imported" "import says imported"
contains "$tmp/out" "Introduction to SQL" "import names the title"
contains "$tmp/out" "3 credentials imported, 0 already present, 0 files refused." "import summary"

expect 0 "import again" -- c import "$F/micro-ects.json"
contains "$tmp/out" "already present" "second import is present"

expect 0 "import the same JWT enveloped" -- c import "$F/enveloped.json"
contains "$tmp/out" "already present" "enveloped JWT is the same credential"

cp "$F/micro-ects.json" "$tmp/bad.json"
printf '{"type":["VerifiableCredential"],"issuer":"did:x","credentialSubject":' > "$tmp/bad.json"
expect 2 "import a truncated file" -- c import "$tmp/bad.json" "$F/dcc-v1-expired.json"
contains "$tmp/out" "refused" "refused line"
contains "$tmp/out" "invalid or truncated JSON" "refusal reason"
contains "$tmp/out" "1 credential imported" "the good file still went in"

mkdir -p "$tmp/folder/sub"
cp "$F/clr20-simple.json" "$tmp/folder/"
cp "$F/dcc-v2-alignments.json" "$tmp/folder/sub/"
printf 'not a badge' > "$tmp/folder/notes.txt"
expect 0 "import a folder" -- c import "$tmp/folder"
contains "$tmp/out" "3 credentials imported" "folder import recursed (CLR holds 2)"
lacks "$tmp/out" "notes.txt" "unknown extensions are skipped"

expect 0 "import from standard input" -- sh -c "\"$CAIRN\" --vault \"$V\" --passphrase-file \"$tmp/pw\" import - < \"$F/ob30-complete.json\""
contains "$tmp/out" "1EdTech University Degree" "stdin import"

expect 0 "import --json" -- c import --json "$F/ob30-complete.json"
contains "$tmp/out" '"status":	"present"' "import --json status"
contains "$tmp/out" '"present":	1' "import --json totals"

expect 0 "list" -- c list
lines "$tmp/out" 8 "list shows every credential"
expect 0 "list --json" -- c list --json --now 2026-01-01T00:00:00Z
for key in '"id":' '"title":' '"issuer":' '"issued":' '"validUntil":' '"tags":' '"credits":' '"status":'; do
	contains "$tmp/out" "$key" "list --json field $key"
done
contains "$tmp/out" '"status":	"expired"' "an expired credential is marked"
expect 0 "list --filter issuer" -- c list --filter issuer:fjord
lines "$tmp/out" 1 "issuer filter"
expect 0 "list --filter tag and free text" -- c list --filter "tag:sql introduction"
lines "$tmp/out" 1 "tag filter"
expect 0 "list --sort title" -- c list --sort title
expect 2 "list --sort nonsense" -- c list --sort shoe-size

id=$(c list --filter issuer:fjord | cut -d' ' -f1)
expect 0 "show" -- c show "$id"
contains "$tmp/out" "Introduction to SQL" "show title"
contains "$tmp/out" "5 ECTS" "show credits"
contains "$tmp/out" "EQF level:" "show EQF"
expect 0 "show --json" -- c show --json "$id"
contains "$tmp/out" '"eqfLevel":	6' "show --json"
expect 0 "show --raw" -- c show --raw "$id"
cmp -s "$tmp/out" "$F/micro-ects.json" || { echo "FAIL: show --raw differs from the imported file"; fails=$((fails + 1)); }
expect 2 "show an unknown id" -- c show abcdef00
expect 2 "show a non-hex id" -- c show "zz'zz"

expect 0 "tag" -- c tag "$id" +capstone -sql
contains "$tmp/out" "capstone" "tag added"
lacks "$tmp/out" "sql" "tag removed"
expect 0 "list by the new tag" -- c list --filter tag:capstone
lines "$tmp/out" 1 "tag is searchable"
expect 0 "note" -- c note "$id" for the Fjord application
expect 0 "show the note" -- c show "$id"
contains "$tmp/out" "for the Fjord application" "note shown"

expect 0 "rm" -- c rm "$id"
expect 0 "list after rm" -- c list
lines "$tmp/out" 7 "rm removed one"
expect 0 "gc after rm" -- c gc
contains "$tmp/out" "Removed 1 unreferenced file" "gc frees the removed credential's bytes"

# credential text never reaches the terminal raw
cat > "$tmp/evil.json" <<'JSON'
{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
 "issuer":{"id":"did:x","name":"Evil\u001b]52;c;cm0gLXJmIH4=\u0007 Corp"},
 "name":"Fake \u202egnp.exe\u202c \u001b[31mred","validFrom":"\u001b[2J2024",
 "credentialSubject":{"id":"did:y"}}
JSON
expect 0 "import hostile text" -- c import "$tmp/evil.json"
for cmd in "list" "show $(c list --filter evil | cut -d' ' -f1)" "list --json"; do
	# shellcheck disable=SC2086
	c $cmd > "$tmp/o2" 2>&1
	if LC_ALL=C grep -q "$(printf '\033')" "$tmp/o2" || LC_ALL=C grep -q "$(printf '\342\200\256')" "$tmp/o2"; then
		echo "FAIL: '$cmd' printed a raw escape or bidi override"; fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
done

clitest_end

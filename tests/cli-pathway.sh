#!/bin/sh
# Golden tests of the pathway commands on the shipped examples.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
F="$top_srcdir/tests/fixtures"
CAIRN_DATA_DIR="$top_srcdir/data"
export CAIRN_DATA_DIR

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'pathway test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }
NOW="--now 2026-06-01T00:00:00Z"

expect 0 "init" -- c init --kdf interactive
expect 0 "pathway list on an empty vault" -- c pathway list $NOW
contains "$tmp/out" "fjord-data-analysis-cert" "the shipped examples are listed"
contains "$tmp/out" "  0%" "nothing done yet"
expect 0 "import a micro-credential" -- c import "$F/import/micro-ects.json"
expect 0 "pathway show" -- c pathway show fjord-data-analysis-cert $NOW
contains "$tmp/out" "[x] Introduction to SQL" "the SQL course fills its leaf"
contains "$tmp/out" "= Introduction to SQL" "which credential fills it"
contains "$tmp/out" "Next steps:" "next steps are shown"
contains "$tmp/out" "5 of 30 ECTS" "credits earned of required"
expect 0 "pathway show --json" -- c pathway show --json fjord-data-analysis-cert $NOW
for key in '"id":' '"title":' '"complete":	false' '"progress":' '"credits":' '"nodes":' '"next":'; do
	contains "$tmp/out" "$key" "pathway show --json has $key"
done
expect 0 "pathway suggest" -- c pathway suggest $NOW
contains "$tmp/out" "fjord-data-analysis-cert" "suggest names the pathway under way"
expect 2 "pathway show of an unknown id" -- c pathway show no-such-pathway
expect 2 "pathway without a subcommand" -- c pathway

cat > "$tmp/mine.json" <<'JSON'
{ "id": "my-sql-path", "title": "My SQL path",
  "requirement": { "allOf": [ { "match": { "tag": "sql" }, "title": "Any SQL badge" } ] } }
JSON
expect 0 "pathway add" -- c pathway add "$tmp/mine.json"
expect 0 "the added pathway is complete" -- c pathway show my-sql-path $NOW
contains "$tmp/out" "(complete)" "complete mark"
printf '{ "id": "bad", "title": "Bad", "requirement": { "atLeast": 5, "of": [ { "match": { "tag": "x" } } ] } }' > "$tmp/bad.json"
expect 2 "an impossible pathway is refused" -- c pathway add "$tmp/bad.json"
contains "$tmp/err" "requirement" "the error names the place"
expect 0 "pathway rm" -- c pathway rm my-sql-path
expect 2 "a shipped example cannot be removed" -- c pathway rm fjord-data-analysis-cert

if [ -f "$top_srcdir/../shared/vectors/ctdl-pathways/comptia-it-networking-specialist.jsonld" ]; then
	expect 0 "pathway import (CTDL)" -- c pathway import "$top_srcdir/../shared/vectors/ctdl-pathways/comptia-it-networking-specialist.jsonld"
	contains "$tmp/out" "Added pathway" "CTDL import"
else
	echo "SKIP: ../shared/vectors/ctdl-pathways is absent: CTDL import not tried"
fi

clitest_end

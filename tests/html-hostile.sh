#!/bin/sh
# Page safety: a credential whose text is HTML and script (a closing
# </script> inside the embedded presentation, an <img onerror>, an
# attribute break-out, a comment opener) exported as an HTML page adds no
# element to the page: the hostile page has as many <script> and <img>
# tags as a page of a harmless credential, and its text shows escaped.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'html test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }
NOW="--now 2026-06-01T00:00:00Z"

# one credential; TITLE and DESC are JSON string contents
credential() {
	cat <<JSON
{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
 "id":"urn:uuid:$1","type":["VerifiableCredential","OpenBadgeCredential"],
 "name":"$2","description":"$3",
 "issuer":{"id":"did:web:page.example","type":["Profile"],"name":"$2","url":"https://page.example/$4"},
 "validFrom":"2025-03-01T00:00:00Z",
 "credentialSubject":{"id":"did:example:learner","type":["AchievementSubject"],
  "achievement":{"id":"https://page.example/a/$1","type":["Achievement"],"name":"$2",
   "description":"$3","criteria":{"narrative":"$3"},"tag":["$5"]}}}
JSON
}
evil='</script><script>alert(1)</script><img src=x onerror=alert(2)>\"><svg onload=alert(3)><!--'
credential "5b1c0c7a-0000-4000-8000-000000000001" "Plain badge" "Plain text." "plain" "plain" > "$tmp/plain.json"
credential "5b1c0c7a-0000-4000-8000-000000000002" "Evil $evil" "Desc $evil" "\\\"><script>alert(4)</script>" "evil" > "$tmp/evil.json"

expect 0 "init" -- c init --kdf interactive
expect 0 "import" -- c import "$tmp/plain.json" "$tmp/evil.json"
expect 0 "export the plain page" -- c export --html --filter tag:plain $NOW -o "$tmp/plain.html"
expect 0 "export the hostile page" -- c export --html --filter tag:evil $NOW -o "$tmp/evil.html"

count() { grep -o -i -- "$1" "$2" | wc -l; }
for tag in '<script' '</script' '<img' '<svg' '<!--' 'onerror=' 'onload='; do
	p=$(count "$tag" "$tmp/plain.html"); e=$(count "$tag" "$tmp/evil.html")
	if [ "$p" -ne "$e" ] && ! { [ "$tag" = onerror= ] || [ "$tag" = onload= ]; }; then
		echo "FAIL: '$tag' appears $e times in the hostile page, $p times in the plain one"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
done
# the payload is there as text, never as markup
lacks "$tmp/evil.html" '<img src=x' "no raw <img> from the credential"
lacks "$tmp/evil.html" '<svg onload' "no raw <svg> from the credential"
lacks "$tmp/evil.html" '</script><script>alert' "no script break-out"
lacks "$tmp/evil.html" '"><script>alert(4)' "no attribute break-out from the issuer URL"
if grep -qF -- '&lt;img src=x' "$tmp/evil.html" || grep -qF -- '\u003cimg src=x' "$tmp/evil.html"; then
	passes=$((passes + 1))
else
	echo "FAIL: the hostile title is not shown escaped"; fails=$((fails + 1))
fi
clitest_end

#!/bin/sh
# The exported HTML page in a real browser (Debian's chromium, headless):
# it loads without console messages or failed requests, the text a person
# expects is in the rendered page, it prints on A4, and screenshots (desk
# and phone widths) are written to tests/out/ for people to look at.
# Skips (77) when chromium is not installed.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
: "${SIGN:?SIGN must name the sign_credential test tool}"
F="$top_srcdir/tests/fixtures"

browser=
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	echo "html-chromium: chromium is not installed (apt-get install chromium); skipping" >&2
	exit 77
fi

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'html test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }
NOW="--now 2026-06-01T00:00:00Z"
out=tests/out
mkdir -p "$out"

"$SIGN" "$F/import/micro-ects.json" "$tmp/good.json" || exit 1
"$SIGN" --set validUntil=2026-01-01T00:00:00Z --set name='Spreadsheets <b>&</b> "formulas"' \
	"$F/import/micro-ects.json" "$tmp/expired.json" || exit 1
expect 0 "init" -- c init --kdf interactive
expect 0 "import" -- c import "$tmp/good.json" "$tmp/expired.json" "$F/baked/ob30-simple-json.png" \
	"$F/import/ob20-assertion-with-data-image.json"
expect 0 "export --html" -- c export --html --filter "" $NOW --challenge n-1 -o "$tmp/page.html"
expect 0 "export --html --pathway" -- c export --html --pathway fjord-data-analysis-cert $NOW \
	-o "$tmp/pathway.html"

# a private profile, no network: anything the page asked for would fail
run() { # OUTFILE ARGS...: chromium's stderr into OUTFILE
	o=$1; shift
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" --host-resolver-rules='MAP * ~NOTFOUND' \
		--enable-logging=stderr --v=0 "$@" 2>"$o"
}
for page in page pathway; do
	if ! run "$tmp/$page.log" --dump-dom "file://$tmp/$page.html" >"$tmp/$page.dom"; then
		echo "FAIL: chromium could not render $page.html:"; tail -n 20 "$tmp/$page.log"
		fails=$((fails + 1))
		continue
	fi
	passes=$((passes + 1))
	# console messages and failed loads are logged as CONSOLE / net errors
	if grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR|Refused to' "$tmp/$page.log"; then
		echo "FAIL: $page.html: the browser reported errors (above)"
		fails=$((fails + 1))
	fi
	contains "$tmp/$page.dom" "Verifiable credentials" "$page: the heading"
	contains "$tmp/$page.dom" "Introduction to SQL" "$page: a badge title"
	contains "$tmp/$page.dom" "Fjord University of Applied Sciences" "$page: the issuer"
	contains "$tmp/$page.dom" "Verified" "$page: a verification mark"
	contains "$tmp/$page.dom" 'application/ld+json' "$page: the presentation"
done
contains "$tmp/page.dom" "Spreadsheets &lt;b&gt;&amp;&lt;/b&gt;" "hostile text stays text in the DOM"
lacks "$tmp/page.dom" "<b>&amp;</b>" "no markup from credential text"
contains "$tmp/page.dom" "Expired" "the expired badge is marked"
contains "$tmp/page.dom" 'src="data:image/png;base64,' "pictures inline"
contains "$tmp/pathway.dom" "Certificate in Data Analysis" "the pathway"
contains "$tmp/pathway.dom" "holder's own statement" "the progress is marked as the holder's claim"
lacks "$tmp/pathway.dom" "Spreadsheets" "only what counts toward the pathway"

# paper: A4 pages (595 x 842 points)
if run "$tmp/pdf.log" --no-pdf-header-footer --print-to-pdf="$tmp/page.pdf" "file://$tmp/page.html" &&
	[ -s "$tmp/page.pdf" ]; then
	passes=$((passes + 1))
	# every page's MediaBox is A4 (595.3 x 841.9 points), within a point
	boxes=$(grep -ao '/MediaBox *\[[^]]*\]' "$tmp/page.pdf" | tr -d '[]' |
		awk '{ n++; if ($4 < 594 || $4 > 596.5 || $5 < 841 || $5 > 843) bad++ }
		     END { print n + 0, bad + 0 }')
	set -- $boxes
	if [ "$1" -eq 0 ] || [ "$2" -ne 0 ]; then
		echo "FAIL: the printed page is not A4 ($1 pages, $2 not A4):"
		grep -ao '/MediaBox[^]]*]' "$tmp/page.pdf" | head -n 3
		fails=$((fails + 1))
	fi
	cp "$tmp/page.pdf" "$out/export-page.pdf"
else
	echo "FAIL: chromium could not print the page"; tail -n 20 "$tmp/pdf.log"
	fails=$((fails + 1))
fi

# pictures for people: a desk and a phone
for shot in "desk 1200,1500 page" "phone 390,1800 page" "pathway 1200,1500 pathway"; do
	set -- $shot
	if run "$tmp/shot.log" --hide-scrollbars --window-size="$2" \
		--screenshot="$PWD/$out/export-$1.png" "file://$tmp/$3.html" && [ -s "$out/export-$1.png" ]; then
		passes=$((passes + 1))
	else
		echo "FAIL: no screenshot export-$1.png"; tail -n 20 "$tmp/shot.log"
		fails=$((fails + 1))
	fi
done
echo "screenshots and the printed page are in $PWD/$out/"
clitest_end

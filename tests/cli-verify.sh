#!/bin/sh
# Golden tests of verify and trust on the command line.
set -u
: "${top_srcdir:?top_srcdir must name the source tree}"
: "${SIGN:?SIGN must name the sign_credential test tool}"
F="$top_srcdir/tests/fixtures"

. "$top_srcdir/tests/clitest.sh"
V="$tmp/vault"
printf 'verify test passphrase\n' > "$tmp/pw"
c() { "$CAIRN" --vault "$V" --passphrase-file "$tmp/pw" "$@"; }
NOW="--now 2026-06-01T00:00:00Z"

"$SIGN" "$F/import/micro-ects.json" "$tmp/good.json" || exit 1
"$SIGN" --set validUntil=2026-01-01T00:00:00Z "$F/import/micro-ects.json" "$tmp/expired.json" || exit 1
sed 's/Introduction to SQL/Introduction to NoSQL/' "$tmp/good.json" > "$tmp/tampered.json"
"$SIGN" --keep-issuer "$F/import/micro-ects.json" "$tmp/other-issuer.json" || exit 1

# files need no vault
expect 0 "verify a signed credential" -- "$CAIRN" --vault "$V" verify $NOW "$tmp/good.json"
contains "$tmp/out" "VERIFIED" "verified mark"
contains "$tmp/out" "eddsa-jcs-2022 signature valid" "proof reason"
expect 1 "verify a tampered credential" -- "$CAIRN" --vault "$V" verify $NOW "$tmp/tampered.json"
contains "$tmp/out" "FAILED" "failed mark"
expect 1 "verify an expired credential" -- "$CAIRN" --vault "$V" verify $NOW "$tmp/expired.json"
contains "$tmp/out" "EXPIRED" "expired mark"
contains "$tmp/out" "expired on 2026-01-01" "expiry date"
expect 0 "the same before it expired" -- "$CAIRN" --vault "$V" verify --now 2025-12-01T00:00:00Z "$tmp/expired.json"
expect 1 "signed by someone else than the issuer" -- "$CAIRN" --vault "$V" verify $NOW "$tmp/other-issuer.json"
contains "$tmp/out" "not of the issuer" "issuer mismatch reason"
expect 3 "a key only written in the method's address is undecided" -- "$CAIRN" --vault "$V" verify $NOW "$F/import/ob30-simple.json"
contains "$tmp/out" "UNDECIDED" "undecided mark"
contains "$tmp/out" "eddsa-rdfc-2022 signature valid" "the RDF proof holds"
expect 3 "a hosted Open Badges 2.0 assertion is undecided" -- "$CAIRN" --vault "$V" verify $NOW "$F/import/ob20-basic-assertion.json"
expect 1 "several files: the worst decides" -- "$CAIRN" --vault "$V" verify $NOW "$tmp/good.json" "$tmp/tampered.json"
expect 0 "--json" -- "$CAIRN" --vault "$V" verify --json $NOW "$tmp/good.json"
contains "$tmp/out" '"verified":	true' "--json verified"
contains "$tmp/out" '"check":	"proof"' "--json checks"
expect 2 "an unreadable file" -- "$CAIRN" --vault "$V" verify "$F/../README-does-not-exist.json" --no-vault
expect 2 "nothing to verify" -- "$CAIRN" --vault "$V" verify

# in the vault: verdicts are stored and listed
expect 0 "init" -- c init --kdf interactive
expect 0 "import" -- c import "$tmp/good.json" "$tmp/expired.json" "$F/import/ob30-simple.json"
expect 1 "verify --all" -- c verify --all $NOW
expect 0 "list shows verdicts" -- c list --json $NOW
contains "$tmp/out" '"status":	"verified"' "a verified credential is listed so"
contains "$tmp/out" '"status":	"expired"' "an expired credential is listed so"
contains "$tmp/out" '"status":	"unknown"' "an undecided credential is listed so"
id=$(c list --filter status:verified $NOW | cut -d' ' -f1)
expect 0 "verify one id" -- c verify $NOW "$id"

# the trust store: Open Badges 2.0 keys and hosted documents kept offline
H="$F/ob20-hosted"
expect 3 "a signed OB 2.0 badge without its key" -- c verify $NOW "$F/import/ob20-simple.jwt"
for f in key1.json key3.json robotics-badge.json organization.json \
	badge-from-organization-with-revocation-list.json \
	organization-with-revocation-list.json revocation-list.json; do
	expect 0 "trust add $f" -- c trust add "$H/$f"
done
expect 0 "trust list" -- c trust list
contains "$tmp/out" "http://example.org/key1.json" "trust list shows a key"
expect 0 "a signed OB 2.0 badge with its key" -- c verify $NOW "$F/import/ob20-simple.jwt"
expect 1 "a revoked OB 2.0 badge" -- c verify $NOW "$H/simple-revoked.jwt"
contains "$tmp/out" "revoked" "revocation reason"
expect 0 "trust rm" -- c trust rm http://example.org/key1.json
expect 3 "after trust rm the key is gone" -- c verify $NOW "$F/import/ob20-simple.jwt"
expect 2 "trust add of something else" -- c trust add "$F/import/micro-ects.json"
expect 2 "trust add of a bare JWK without --id" -- sh -c "printf '{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}' > '$tmp/k.jwk'; \"$CAIRN\" --vault '$V' --passphrase-file '$tmp/pw' trust add '$tmp/k.jwk'"

clitest_end

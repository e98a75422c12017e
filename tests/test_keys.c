/* Public keys and signatures: multibase, did:key (the method's own
 * vectors), JWK, PEM, verification methods, the RFC 7515 and RFC 8037 JWS
 * examples, and the 1EdTech validator's signed JWTs. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#include "import/baked.h"
#include "import/jwt.h"
#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/keys.h"

#define DID_KEY_VECTORS SHARED_VECTORS "/did-key"

/* ---- helpers -------------------------------------------------------- */

static int
dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* rc must be code, and the message must mention want (when not NULL). */
static void
expect_code(enum cairn_err rc, const struct cairn_error *err,
            enum cairn_err code, const char *want, const char *what)
{
	if (rc != code)
		fail_msg("%s: got status %d (%s), want %d", what, (int)rc,
		         rc == CAIRN_OK ? "ok" : err->msg, (int)code);
	if (code == CAIRN_OK)
		return;
	assert_int_equal(err->code, code);
	if (err->msg[0] == '\0')
		fail_msg("%s: no message", what);
	if (want != NULL && strstr(err->msg, want) == NULL)
		fail_msg("%s: message \"%s\" does not mention \"%s\"", what,
		         err->msg, want);
}

static unsigned char *
b64u(const char *s, size_t *len)
{
	size_t n = strlen(s), got = 0;
	unsigned char *out = malloc(n + 1);

	assert_non_null(out);
	if (sodium_base642bin(out, n + 1, s, n, NULL, &got, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		fail_msg("bad base64url in the test: %s", s);
	*len = got;
	return out;
}

static void
hex_to(const char *hex, unsigned char *out, size_t n)
{
	size_t got = 0;

	if (sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) != 0 ||
	    got != n)
		fail_msg("bad hex in the test: %s", hex);
}

static cJSON *
parse(const char *json)
{
	cJSON *v = cJSON_Parse(json);

	if (v == NULL)
		fail_msg("cJSON cannot parse %s", json);
	return v;
}

static cJSON *
read_json(const char *path)
{
	size_t len;
	unsigned char *data = th_read(path, &len);
	cJSON *v = cJSON_ParseWithLength((const char *)data, len);

	if (v == NULL)
		fail_msg("%s: not JSON", path);
	free(data);
	return v;
}

static void
key_from_jwk_text(const char *json, struct pubkey *k)
{
	struct cairn_error err = {0};
	cJSON *jwk = parse(json);

	expect_code(key_from_jwk(jwk, k, &err), &err, CAIRN_OK, NULL, json);
	cJSON_Delete(jwk);
}

static void
expect_jwk_refused(const char *json, enum cairn_err code, const char *want)
{
	struct cairn_error err = {0};
	struct pubkey k;
	cJSON *jwk = parse(json);

	memset(&k, 0xa5, sizeof k);
	expect_code(key_from_jwk(jwk, &k, &err), &err, code, want, json);
	/* a refused key is left cleared */
	assert_int_equal(k.type, KEY_NONE);
	assert_null(k.rsa_n);
	assert_null(k.rsa_e);
	cJSON_Delete(jwk);
}

static void
expect_method(const char *json, enum cairn_err code, const char *want)
{
	struct cairn_error err = {0};
	struct pubkey k;
	cJSON *m = parse(json);

	expect_code(key_from_method(m, &k, &err), &err, code, want, json);
	if (code != CAIRN_OK)
		assert_int_equal(k.type, KEY_NONE);
	pubkey_clear(&k);
	cJSON_Delete(m);
}

static int
keys_equal(const struct pubkey *a, const struct pubkey *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case KEY_ED25519:
		return memcmp(a->ed25519, b->ed25519, 32) == 0;
	case KEY_P256:
		return memcmp(a->p256, b->p256, 65) == 0;
	case KEY_RSA:
		return a->rsa_n_len == b->rsa_n_len && a->rsa_e_len == b->rsa_e_len &&
		       memcmp(a->rsa_n, b->rsa_n, a->rsa_n_len) == 0 &&
		       memcmp(a->rsa_e, b->rsa_e, a->rsa_e_len) == 0;
	case KEY_NONE:
		break;
	}
	return 0;
}

/* The signature verifies; with one payload byte or one signature byte
 * flipped it does not. */
static void
expect_jws(const char *alg, const struct pubkey *k, const char *input,
           const unsigned char *sig, size_t siglen)
{
	struct cairn_error err = {0};
	size_t len = strlen(input);
	char *in = malloc(len + 1);
	unsigned char *s = malloc(siglen);

	assert_non_null(in);
	assert_non_null(s);
	expect_code(jws_verify(alg, k, (const unsigned char *)input, len, sig,
	                       siglen, &err),
	            &err, CAIRN_OK, NULL, alg);
	/* the last byte of the payload segment */
	memcpy(in, input, len + 1);
	in[len - 1] = in[len - 1] == 'A' ? 'B' : 'A';
	expect_code(jws_verify(alg, k, (unsigned char *)in, len, sig, siglen, &err),
	            &err, CAIRN_ERR_CHECK, "does not verify", "payload flipped");
	for (size_t at = 0; at < siglen; at += siglen / 3) {
		memcpy(s, sig, siglen);
		s[at] ^= 0x01;
		expect_code(jws_verify(alg, k, (const unsigned char *)input, len, s,
		                       siglen, &err),
		            &err, CAIRN_ERR_CHECK, NULL, "signature flipped");
	}
	/* one byte short */
	expect_code(jws_verify(alg, k, (const unsigned char *)input, len, sig,
	                       siglen - 1, &err),
	            &err, CAIRN_ERR_CHECK, NULL, "signature short");
	free(in);
	free(s);
}

/* PEM text for DER bytes, in 64-character lines. */
static char *
der_to_pem(const char *label, const unsigned char *der, size_t len)
{
	size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64len), *pem = malloc(b64len + b64len / 64 + 128);
	size_t o = 0;

	assert_non_null(b64);
	assert_non_null(pem);
	sodium_bin2base64(b64, b64len, der, len, sodium_base64_VARIANT_ORIGINAL);
	o += (size_t)sprintf(pem, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; i < strlen(b64); i += 64)
		o += (size_t)sprintf(pem + o, "%.64s\n", b64 + i);
	sprintf(pem + o, "-----END %s-----\n", label);
	free(b64);
	return pem;
}

/* The DER inside a PEM text (for making damaged copies). */
static unsigned char *
pem_to_der(const char *pem, size_t *len)
{
	const char *body = strstr(pem, "-----\n"), *end = strstr(pem, "-----END");
	unsigned char *der;

	assert_non_null(body);
	assert_non_null(end);
	body += 6;
	der = malloc((size_t)(end - body));
	assert_non_null(der);
	if (sodium_base642bin(der, (size_t)(end - body), body, (size_t)(end - body),
	                      "\n", len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		fail_msg("bad PEM in the test");
	return der;
}

static void
expect_pem(const char *pem, enum cairn_err code, const char *want,
           struct pubkey *k)
{
	struct cairn_error err = {0};

	expect_code(key_from_pem(pem, strlen(pem), k, &err), &err, code, want, pem);
	if (code != CAIRN_OK)
		assert_int_equal(k->type, KEY_NONE);
}

static void
expect_der(const char *label, const unsigned char *der, size_t len,
           enum cairn_err code, const char *want)
{
	char *pem = der_to_pem(label, der, len);
	struct pubkey k;

	expect_pem(pem, code, want, &k);
	pubkey_clear(&k);
	free(pem);
}

/* ---- the example keys ----------------------------------------------- */

/* RFC 7515 Appendix A.2.1: the RSA key (public members). */
static const char rfc7515_a2_jwk[] =
	"{\"kty\":\"RSA\","
	"\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx"
	"HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs"
	"D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH"
	"SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV"
	"MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8"
	"NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ\","
	"\"e\":\"AQAB\"}";

/* RFC 7515 Appendix A.1-A.3: the JWS Payload, base64url-encoded. */
#define RFC7515_PAYLOAD \
	"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl" \
	"LmNvbS9pc19yb290Ijp0cnVlfQ"

/* RFC 7515 Appendix A.2.1: signing input and signature. */
static const char rfc7515_a2_input[] = "eyJhbGciOiJSUzI1NiJ9." RFC7515_PAYLOAD;
static const char rfc7515_a2_sig[] =
	"cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7"
	"AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4"
	"BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K"
	"0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv"
	"hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB"
	"p0igcN_IoypGlUPQGe77Rw";

/* RFC 7515 Appendix A.3.1: the P-256 key (public members). */
static const char rfc7515_a3_jwk[] =
	"{\"kty\":\"EC\",\"crv\":\"P-256\","
	"\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
	"\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";

/* RFC 7515 Appendix A.3.1: signing input and signature (R || S). */
static const char rfc7515_a3_input[] = "eyJhbGciOiJFUzI1NiJ9." RFC7515_PAYLOAD;
static const char rfc7515_a3_sig[] =
	"DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSA"
	"pmWQxfKTUJqPP3-Kg6NU1Q";

/* RFC 8037 Appendix A.1 (with its private "d", which is never read) and
 * A.2 (public key). */
static const char rfc8037_a1_jwk[] =
	"{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
	"\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
	"\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
static const char rfc8037_a2_jwk[] =
	"{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
	"\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

/* RFC 8037 Appendix A.4 (signing) and A.5 (validation): the JWS Signing
 * Input of {"alg":"EdDSA"} over "Example of Ed25519 signing", and its
 * signature. */
static const char rfc8037_a4_input[] =
	"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
static const char rfc8037_a4_sig[] =
	"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5B"
	"hVsPt9g7sVvpAr_MuM0KAg";

/* The RFC 7515 A.2 and A.3 and RFC 8037 A.2 public keys as PEM, written
 * for cairn by Python's cryptography package (same keys, other
 * encoding). */
static const char rfc7515_a2_spki_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAofgWCuLjybRlzo0tZWJj\n"
	"NiuSfb4p4fAkd/wWJcyQoTbji9k0l8W26mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEz\n"
	"P1Pt0Bm4d4QlL+yRT+SFd2lZS+pCgNMsD1W/YpRPEwOWvG6b32690r2jZ47soMZo\n"
	"9wGzjb/7OMg0LOL+bSf63kpaSHSXndS5z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTB\n"
	"EMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxX\n"
	"FvUK+DWNmoudF8NAco9/h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXp\n"
	"oQIDAQAB\n"
	"-----END PUBLIC KEY-----\n";
static const char rfc7515_a2_pkcs1_pem[] =
	"-----BEGIN RSA PUBLIC KEY-----\n"
	"MIIBCgKCAQEAofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd/wWJcyQoTbji9k0l8W2\n"
	"6mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL+yRT+SFd2lZS+pCgNMs\n"
	"D1W/YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb/7OMg0LOL+bSf63kpaSHSXndS5\n"
	"z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxv\n"
	"b3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxXFvUK+DWNmoudF8NAco9/h9iaGNj8q2et\n"
	"hFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQIDAQAB\n"
	"-----END RSA PUBLIC KEY-----\n";
static const char rfc7515_a3_spki_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7\n"
	"6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\n"
	"-----END PUBLIC KEY-----\n";
static const char rfc8037_spki_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
	"-----END PUBLIC KEY-----\n";
/* The RFC 7515 A.3 point, compressed (SEC 1 §2.3.3). */
static const char rfc7515_a3_compressed[] =
	"037fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445";

/* Made for cairn with Python's cryptography package: a 1024-bit RSA key
 * and a P-384 key, both to be refused. */
static const char rsa1024_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDiEmkhgeI8O1hzIVr2QBvoKj0p\n"
	"V/kJWeCZb7Jimzp6Vu0rv3k6g569i5rbWpEq8hEsiWU1lTvzBorrVliOv70I7hJ4\n"
	"sp3v+Y3p+v/MsbEzv0A+1lpRUIo816gYTMsAcRhn93itoEth6UvsmmkQrkOTNVZq\n"
	"Rdbvp2ZNMqoeM+6w9QIDAQAB\n"
	"-----END PUBLIC KEY-----\n";
static const char p384_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAELMENC0JtG2q9VpOb1gsZIWlS3TG7vlIH\n"
	"4P4nzMmZor5gsMTBaG5xkMREMSqNyp23MwqdL/A/XOQELOwZC7pyhZzlfUCS16cf\n"
	"UqVnCoSJN4ukVzk2ZaityPI/rxNTW7wY\n"
	"-----END PUBLIC KEY-----\n";

/* Made for cairn with Python's cryptography package: a 2048-bit RSA key
 * and a PS256 signature (MGF1-SHA-256, 32-byte salt) over
 * {"alg":"PS256"}.{"iss":"cairn"}. */
static const char ps256_jwk[] =
	"{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
	"5F_lY-mysxbduyEi_qw0W_sq0pKSdQ3j7BE2HunlGq7eoaBKv04r3XLLCVV2rn1d"
	"v8X7kHkzL8lJX-FXMHvjhxvwUepfgFm4M1qtV9r899jRmmhvgKWwhQBdZkh5lv4Q"
	"WjGm2rNiI96VZCRJj1L0c9wR1wMD42BcYhJ8y2r6t2W8POnw-zCyk4QXJG0Q1t3I"
	"Uj01Rz2CvkQBDIJ7CmwhbDNNw4uDM9GNjbBfR_c7eGOPc6SsvPqC9zu90pThqY8W"
	"d0RQwLgkxi75TRkP2sP2Q5OW8vpZuom9ka_PbidLfpeoCMcQ8EEE26Qgzooih_aA"
	"fl8qn3iRZYzxPQDIEmvVuQ\"}";
static const char ps256_input[] = "eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjYWlybiJ9";
static const char ps256_sig[] =
	"4PlOGNSYliVMFTIztvFmZ6R2gglR-Xe2-oqC3XLx2-hDDoKsC8YNrKO1BTfQRT6E"
	"RWRzejmqRf6Pm38vh1MvKRIgCXh8o9n6f4zsmBl64TnbatRuZX47zu7LhJVhQOVj"
	"Yfm-aRvBFJU6NMuHfISxV0FqgwIoweKvR_R_RiMWmhXYdzwpH_WUvaokhb4IdcMP"
	"3Q3uJJXbpymI5cjEzZ0Colj4BaCEL9zP1xE9A-yOiEYQj5Zz23xr6TrgwDmMTcZT"
	"qdPs-6soEKAloziZ5EuXYqZweamuGRlL51_EHH3KxSh2uaqcC4_SgIcciMCQ0XAj"
	"KnvQOIdggs2nMpVISVMe9w";

/* ---- multibase ------------------------------------------------------ */

static void
expect_decoded(const char *mb, const unsigned char *want, size_t wantlen)
{
	struct cairn_error err = {0};
	unsigned char *out = NULL;
	size_t len = 0;

	expect_code(multibase_decode(mb, &out, &len, &err), &err, CAIRN_OK, NULL, mb);
	assert_int_equal(len, wantlen);
	assert_memory_equal(out, want, wantlen);
	free(out);
}

static void
expect_multibase_refused(const char *mb, enum cairn_err code, const char *want)
{
	struct cairn_error err = {0};
	unsigned char *out = (unsigned char *)"unchanged";
	size_t len = 42;

	expect_code(multibase_decode(mb, &out, &len, &err), &err, code, want,
	            mb == NULL ? "(null)" : mb);
	assert_null(out);
	assert_int_equal(len, 0);
}

static void
test_multibase_known(void **state)
{
	/* the multibase specification's example and common strings */
	static const struct {
		const char *text, *b58, *b64;
	} cases[] = {
		{"Multibase is awesome! \\o/", "zYAjKoNbau5KiqmHPmSxYCvn66dA1vLmwbt",
		 "uTXVsdGliYXNlIGlzIGF3ZXNvbWUhIFxvLw"},
		{"yes mani !", "z7paNL19xttacUY", "ueWVzIG1hbmkgIQ"},
		{"hello world", "zStV1DL6CwTryKyV", "uaGVsbG8gd29ybGQ"},
	};
	static const unsigned char zeros[] = {0, 0, 1};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const unsigned char *t = (const unsigned char *)cases[i].text;
		size_t n = strlen(cases[i].text);

		s = multibase_base58btc(t, n);
		assert_string_equal(s, cases[i].b58);
		free(s);
		s = multibase_base64url(t, n);
		assert_string_equal(s, cases[i].b64);
		free(s);
		expect_decoded(cases[i].b58, t, n);
		expect_decoded(cases[i].b64, t, n);
	}
	/* leading zero bytes are leading '1's */
	s = multibase_base58btc(zeros, sizeof zeros);
	assert_string_equal(s, "z112");
	free(s);
	expect_decoded("z112", zeros, sizeof zeros);
	expect_decoded("z1", zeros, 1);
	s = multibase_base58btc(zeros, 1);
	assert_string_equal(s, "z1");
	free(s);
	s = multibase_base58btc(NULL, 0);
	assert_string_equal(s, "z");
	free(s);
	s = multibase_base64url(NULL, 0);
	assert_string_equal(s, "u");
	free(s);
}

static void
test_multibase_round_trips(void **state)
{
	unsigned char buf[600];
	size_t count = 0;

	(void)state;
	for (size_t len = 1; len <= sizeof buf; len += len < 80 ? 1 : 37) {
		for (size_t lead = 0; lead <= 3 && lead < len; lead++) {
			char *z, *u;

			th_fill(buf, len, (unsigned)(len * 7 + lead));
			memset(buf, 0, lead);
			if (lead == 0 && buf[0] == 0)
				buf[0] = 1;
			z = multibase_base58btc(buf, len);
			u = multibase_base64url(buf, len);
			assert_non_null(z);
			assert_non_null(u);
			assert_int_equal(z[0], 'z');
			assert_int_equal(u[0], 'u');
			/* exactly lead '1's */
			assert_int_equal(strspn(z + 1, "1"), lead);
			expect_decoded(z, buf, len);
			expect_decoded(u, buf, len);
			free(z);
			free(u);
			count++;
		}
	}
	/* every byte value alone */
	for (unsigned v = 0; v < 256; v++) {
		unsigned char b = (unsigned char)v;
		char *z = multibase_base58btc(&b, 1);

		expect_decoded(z, &b, 1);
		free(z);
	}
	print_message("%zu multibase round trips (base58btc and base64url)\n", count);
}

static void
test_multibase_refused(void **state)
{
	char *huge;
	unsigned char *out = NULL;
	size_t len = 0;
	struct cairn_error err = {0};

	(void)state;
	expect_multibase_refused(NULL, CAIRN_ERR_CHECK, "empty");
	expect_multibase_refused("", CAIRN_ERR_CHECK, "empty");
	expect_multibase_refused("z", CAIRN_ERR_CHECK, "no data");
	expect_multibase_refused("u", CAIRN_ERR_CHECK, "no data");
	/* 0, O, I and l are not in the Bitcoin alphabet */
	expect_multibase_refused("z2340", CAIRN_ERR_CHECK, "'0' at position 4");
	expect_multibase_refused("zO", CAIRN_ERR_CHECK, "'O'");
	expect_multibase_refused("zabcI", CAIRN_ERR_CHECK, "'I'");
	expect_multibase_refused("zl", CAIRN_ERR_CHECK, "'l'");
	expect_multibase_refused("z12 3", CAIRN_ERR_CHECK, "' '");
	expect_multibase_refused("z+", CAIRN_ERR_CHECK, "'+'");
	/* non-ASCII is not printed raw */
	expect_multibase_refused("z2\xc3\xa9", CAIRN_ERR_CHECK, "'?'");
	expect_multibase_refused("z2\x1b[2J", CAIRN_ERR_CHECK, "'?'");
	/* base64url: no padding, no standard alphabet, no white space, no
	 * stray bits, no impossible length */
	expect_multibase_refused("uaGk=", CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("ua+8", CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("ua/8", CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("uaG k", CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("uaGl", CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("uaGlzc", CAIRN_ERR_CHECK, "base64url");
	/* bytes above 0x7f, which libsodium 1.0.18 would read as letters */
	expect_multibase_refused("uTXVsdGl\x97\xa6\xa7\xaclIGlzIGF3ZXNvbWUhIFxvLw",
	                         CAIRN_ERR_CHECK, "base64url");
	expect_multibase_refused("uaG\xe9", CAIRN_ERR_CHECK, "base64url");
	/* other multibase encodings are not errors, only unsupported */
	expect_multibase_refused("mSGVsbG8", CAIRN_ERR_UNDECIDED, "'m'");
	expect_multibase_refused("f68656c6c6f", CAIRN_ERR_UNDECIDED, "'f'");
	expect_multibase_refused("Z2", CAIRN_ERR_UNDECIDED, "'Z'");
	expect_multibase_refused("\x01z2", CAIRN_ERR_UNDECIDED, "'?'");

	/* at the limit: decodes (and quickly); one more: refused */
	huge = malloc(CAIRN_MAX_MULTIBASE + 2);
	assert_non_null(huge);
	huge[0] = 'z';
	memset(huge + 1, 'z', CAIRN_MAX_MULTIBASE - 1);
	huge[CAIRN_MAX_MULTIBASE] = '\0';
	expect_code(multibase_decode(huge, &out, &len, &err), &err, CAIRN_OK, NULL,
	            "longest base58");
	assert_true(len > 5000 && len < 6000);
	free(out);
	huge[CAIRN_MAX_MULTIBASE] = 'z';
	huge[CAIRN_MAX_MULTIBASE + 1] = '\0';
	expect_multibase_refused(huge, CAIRN_ERR_CHECK, "longer than");
	free(huge);
	/* base64url is linear: its limit is the import size */
	huge = malloc(CAIRN_MAX_IMPORT_SIZE + 2);
	assert_non_null(huge);
	huge[0] = 'u';
	memset(huge + 1, 'A', 4 * CAIRN_MAX_MULTIBASE);
	huge[1 + 4 * CAIRN_MAX_MULTIBASE] = '\0';
	expect_code(multibase_decode(huge, &out, &len, &err), &err, CAIRN_OK, NULL,
	            "long base64url");
	assert_int_equal(len, 3 * CAIRN_MAX_MULTIBASE);
	free(out);
	memset(huge + 1, 'A', CAIRN_MAX_IMPORT_SIZE);
	huge[CAIRN_MAX_IMPORT_SIZE + 1] = '\0';
	expect_multibase_refused(huge, CAIRN_ERR_CHECK, "longer than");
	free(huge);
	/* the encoders refuse what the decoder would */
	assert_null(multibase_base58btc((const unsigned char *)"", CAIRN_MAX_MULTIBASE + 1));
}

/* ---- multikey and did:key ------------------------------------------- */

static void
expect_multikey(const char *mb, enum cairn_err code, const char *want)
{
	struct cairn_error err = {0};
	struct pubkey k;

	memset(&k, 0xa5, sizeof k);
	expect_code(key_from_multikey(mb, &k, &err), &err, code, want, mb);
	if (code != CAIRN_OK)
		assert_int_equal(k.type, KEY_NONE);
	pubkey_clear(&k);
}

static void
expect_did(const char *did, enum cairn_err code, const char *want)
{
	struct cairn_error err = {0};
	struct pubkey k;
	cJSON *doc = (cJSON *)&err; /* must be reset */

	expect_code(key_from_did_key(did, &k, &doc, &err), &err, code, want,
	            did == NULL ? "(null)" : did);
	if (code != CAIRN_OK) {
		assert_null(doc);
		assert_int_equal(k.type, KEY_NONE);
	}
	cJSON_Delete(doc);
	pubkey_clear(&k);
}

static const char *
str_at(const cJSON *arr, int i)
{
	const cJSON *v = cJSON_GetArrayItem(arr, i);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The document's method with this id, or NULL. */
static const cJSON *
doc_method(const cJSON *doc, const char *id)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod"))
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "id")), id) == 0)
			return m;
	return NULL;
}

/* The shape every did:key document of ours has: the DID v1 and Multikey
 * v1 contexts, one signing method named in the four signing
 * relationships, and (Ed25519) one key agreement method. */
static void
check_document_shape(const cJSON *doc, const char *did, const char *mb,
                     const char *x25519_mb)
{
	static const char *const rel[] = {
		"authentication", "assertionMethod", "capabilityInvocation",
		"capabilityDelegation",
	};
	const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(doc, "@context");
	const cJSON *vms = cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod");
	const cJSON *m;
	char vmid[256];

	snprintf(vmid, sizeof vmid, "%s#%s", did, mb);
	assert_int_equal(cJSON_GetArraySize(ctx), 2);
	assert_string_equal(str_at(ctx, 0), "https://www.w3.org/ns/did/v1");
	assert_string_equal(str_at(ctx, 1), "https://w3id.org/security/multikey/v1");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "id")), did);
	assert_int_equal(cJSON_GetArraySize(vms), x25519_mb != NULL ? 2 : 1);
	m = doc_method(doc, vmid);
	assert_non_null(m);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "type")), "Multikey");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "controller")), did);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "publicKeyMultibase")), mb);
	for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, rel[i]);

		assert_int_equal(cJSON_GetArraySize(arr), 1);
		assert_string_equal(str_at(arr, 0), vmid);
	}
	if (x25519_mb == NULL) {
		assert_null(cJSON_GetObjectItemCaseSensitive(doc, "keyAgreement"));
		return;
	}
	snprintf(vmid, sizeof vmid, "%s#%s", did, x25519_mb);
	m = doc_method(doc, vmid);
	assert_non_null(m);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "type")), "Multikey");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "publicKeyMultibase")), x25519_mb);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "keyAgreement")), 1);
	assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(doc, "keyAgreement"), 0), vmid);
}

/* The raw X25519 key of a method of ours (Multikey, 0xec 0x01). */
static void
x25519_of(const cJSON *m, unsigned char out[32])
{
	struct cairn_error err = {0};
	unsigned char *raw;
	size_t len;
	const char *mb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "publicKeyMultibase"));

	expect_code(multibase_decode(mb, &raw, &len, &err), &err, CAIRN_OK, NULL, mb);
	assert_int_equal(len, 34);
	assert_int_equal(raw[0], 0xec);
	assert_int_equal(raw[1], 0x01);
	memcpy(out, raw + 2, 32);
	free(raw);
}

/* ed25519-didkey-derived.json: DID, method id, multibase, raw key, the
 * seed's key pair, and the X25519 key agreement key. */
static size_t
check_derived_vectors(const char *path)
{
	cJSON *file = read_json(path), *v;
	size_t count = 0;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(file, "vectors"))
	{
		const char *did = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "did"));
		const char *vmid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "verificationMethodId"));
		const char *mb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "publicKeyMultibase"));
		const char *pubhex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "ed25519PublicKeyHex"));
		const char *mkhex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "multikeyHex"));
		const char *seedhex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "seedHex"));
		const char *xmb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "x25519Multibase"));
		const char *xhex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "x25519PublicKeyHex"));
		unsigned char pub[32], mk[34], seed[32], pk[32], sk[64], sig[64], x[32], want_x[32];
		struct cairn_error err = {0};
		struct pubkey k, k2;
		cJSON *doc = NULL;
		char *enc, *own_xmb;

		if (did == NULL || vmid == NULL || mb == NULL || pubhex == NULL ||
		    mkhex == NULL || seedhex == NULL)
			fail_msg("%s: a vector lacks a member cairn checks", path);
		hex_to(pubhex, pub, sizeof pub);
		hex_to(mkhex, mk, sizeof mk);
		hex_to(seedhex, seed, sizeof seed);
		/* the vector agrees with itself */
		crypto_sign_seed_keypair(pk, sk, seed);
		assert_memory_equal(pk, pub, 32);
		enc = multibase_base58btc(mk, sizeof mk);
		assert_string_equal(enc, mb);
		free(enc);
		/* the X25519 key, by libsodium's map (did:key §Encryption
		 * Method Creation), as the vector has it when it has one */
		mk[0] = 0xec;
		assert_int_equal(crypto_sign_ed25519_pk_to_curve25519(mk + 2, pub), 0);
		own_xmb = multibase_base58btc(mk, sizeof mk);
		if (xmb != NULL)
			assert_string_equal(own_xmb, xmb);

		expect_code(key_from_did_key(did, &k, &doc, &err), &err, CAIRN_OK, NULL, did);
		assert_int_equal(k.type, KEY_ED25519);
		assert_memory_equal(k.ed25519, pub, 32);
		assert_non_null(doc);
		check_document_shape(doc, did, mb, own_xmb);
		assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(doc, "assertionMethod"), 0), vmid);
		if (xhex != NULL) {
			hex_to(xhex, want_x, sizeof want_x);
			x25519_of(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod"), 1), x);
			assert_memory_equal(x, want_x, 32);
		}
		/* the method id names the same key, and so do the document's
		 * methods and the bare multikey */
		expect_code(key_from_did_key(vmid, &k2, NULL, &err), &err, CAIRN_OK, NULL, vmid);
		assert_true(keys_equal(&k, &k2));
		expect_code(key_from_method(doc_method(doc, vmid), &k2, &err), &err, CAIRN_OK, NULL, vmid);
		assert_true(keys_equal(&k, &k2));
		expect_code(key_from_multikey(mb, &k2, &err), &err, CAIRN_OK, NULL, mb);
		assert_true(keys_equal(&k, &k2));
		/* a signature by the seed verifies; another message's does not */
		crypto_sign_detached(sig, NULL, (const unsigned char *)did, strlen(did), sk);
		expect_code(sig_verify_ed25519(&k, (const unsigned char *)did, strlen(did),
		                               sig, sizeof sig, &err),
		            &err, CAIRN_OK, NULL, "seed signature");
		expect_code(sig_verify_ed25519(&k, (const unsigned char *)vmid, strlen(vmid),
		                               sig, sizeof sig, &err),
		            &err, CAIRN_ERR_CHECK, "does not verify", "other message");
		{
			char frag[256];

			snprintf(frag, sizeof frag, "%s#%s", did, own_xmb);
			expect_did(frag, CAIRN_ERR_CHECK, "key agreement");
		}
		free(own_xmb);
		pubkey_clear(&k);
		pubkey_clear(&k2);
		cJSON_Delete(doc);
		count++;
	}
	cJSON_Delete(file);
	return count;
}

/* The raw key a vector's method holds: publicKeyBase58 or a JWK x. */
static void
vector_raw_key(const cJSON *m, unsigned char out[32])
{
	const char *b58 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "publicKeyBase58"));
	const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(m, "publicKeyJwk");
	struct cairn_error err = {0};
	unsigned char *raw = NULL;
	size_t len = 0;
	char mb[128];

	if (b58 != NULL) {
		snprintf(mb, sizeof mb, "z%s", b58);
		expect_code(multibase_decode(mb, &raw, &len, &err), &err, CAIRN_OK, NULL, mb);
	} else if (jwk != NULL) {
		raw = b64u(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(jwk, "x")), &len);
	} else {
		fail_msg("a vector method holds no key cairn knows");
	}
	assert_int_equal(len, 32);
	memcpy(out, raw, 32);
	free(raw);
}

/* ed25519-x25519.json (w3c-ccg/did-method-key test vectors): the
 * document cairn builds has the vector's id, method ids, keys and
 * relationships; the vector's own methods (Ed25519VerificationKey2018,
 * JsonWebKey2020) read as the same keys. */
static size_t
check_method_vectors(const char *path)
{
	static const char *const rel[] = {
		"authentication", "assertionMethod", "capabilityInvocation",
		"capabilityDelegation", "keyAgreement",
	};
	cJSON *file = read_json(path), *v;
	size_t count = 0;

	cJSON_ArrayForEach(v, file)
	{
		const cJSON *want = cJSON_GetObjectItemCaseSensitive(v, "didDocument"), *wm;
		const char *did = v->string;
		struct cairn_error err = {0};
		struct pubkey k, k2;
		cJSON *doc = NULL;

		if (want == NULL || strncmp(did, "did:key:z6Mk", 12) != 0)
			fail_msg("%s: %s is not an Ed25519 vector", path, did);
		expect_code(key_from_did_key(did, &k, &doc, &err), &err, CAIRN_OK, NULL, did);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "id")), did);
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod")),
		                 cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(want, "verificationMethod")));
		cJSON_ArrayForEach(wm, cJSON_GetObjectItemCaseSensitive(want, "verificationMethod"))
		{
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(wm, "id"));
			const cJSON *mine = doc_method(doc, id);
			const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(wm, "publicKeyJwk");
			const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(wm, "type"));
			unsigned char raw[32], x[32];

			if (mine == NULL)
				fail_msg("%s: no method %s in cairn's document", did, id);
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(wm, "controller")),
			                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(mine, "controller")));
			vector_raw_key(wm, raw);
			if (strcmp(type, "X25519KeyAgreementKey2019") == 0 ||
			    (jwk != NULL && strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(jwk, "crv")), "X25519") == 0)) {
				x25519_of(mine, x);
				assert_memory_equal(x, raw, 32);
				/* cairn reads no X25519 keys: they cannot sign */
				expect_code(key_from_method(wm, &k2, &err), &err,
				            CAIRN_ERR_UNDECIDED, "X25519", id);
			} else {
				assert_memory_equal(k.ed25519, raw, 32);
				expect_code(key_from_method(wm, &k2, &err), &err, CAIRN_OK, NULL, id);
				assert_true(keys_equal(&k, &k2));
				expect_code(key_from_method(mine, &k2, &err), &err, CAIRN_OK, NULL, id);
				assert_true(keys_equal(&k, &k2));
			}
			pubkey_clear(&k2);
		}
		for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(want, rel[i]);
			const cJSON *b = cJSON_GetObjectItemCaseSensitive(doc, rel[i]);

			assert_int_equal(cJSON_GetArraySize(a), 1);
			assert_int_equal(cJSON_GetArraySize(b), 1);
			assert_string_equal(str_at(a, 0), str_at(b, 0));
		}
		/* the key pair's relative id is the fragment of the method id */
		{
			const char *rid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(v, "verificationKeyPair"), "id"));
			char full[256];

			assert_non_null(rid);
			snprintf(full, sizeof full, "%s%s", rid[0] == '#' ? did : "", rid);
			expect_code(key_from_did_key(full, &k2, NULL, &err), &err, CAIRN_OK, NULL, full);
			assert_true(keys_equal(&k, &k2));
			pubkey_clear(&k2);
		}
		pubkey_clear(&k);
		cJSON_Delete(doc);
		count++;
	}
	cJSON_Delete(file);
	return count;
}

static void
test_did_key_vectors(void **state)
{
	char **names;
	size_t derived = 0, methods = 0;

	(void)state;
	if (!dir_exists(DID_KEY_VECTORS)) {
		print_message("SKIPPED: no did:key vectors at %s\n", DID_KEY_VECTORS);
		skip();
		return;
	}
	names = th_files(DID_KEY_VECTORS);
	for (char **name = names; *name != NULL; name++) {
		char *path = th_path(DID_KEY_VECTORS, *name);

		if (strcmp(*name, "ed25519-didkey-derived.json") == 0)
			derived += check_derived_vectors(path);
		else if (strcmp(*name, "ed25519-x25519.json") == 0)
			methods += check_method_vectors(path);
		else if (strstr(*name, ".json") != NULL)
			fail_msg("did:key vector file %s is not one this test reads", *name);
		free(path);
	}
	th_strv_free(names);
	print_message("did:key vectors: %zu derived, %zu DID documents\n",
	              derived, methods);
	assert_int_equal(derived, 6);
	assert_int_equal(methods, 5);
}

/* w3c-ccg/did-method-key test-vectors/nist-curves.json (commit
 * 1d340287a73f6ad5acc477f0900efec50df44a87): P-256 DIDs and the JWK of
 * their key; a P-384 DID. */
static void
test_did_key_p256(void **state)
{
	static const struct {
		const char *did, *jwk;
	} cases[] = {
		{"did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv",
		 "{\"kty\":\"EC\",\"crv\":\"P-256\","
		 "\"x\":\"igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns\","
		 "\"y\":\"efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM\"}"},
		{"did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
		 "{\"kty\":\"EC\",\"crv\":\"P-256\","
		 "\"x\":\"fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI\","
		 "\"y\":\"hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU\"}"},
	};
	unsigned char pt[33], mk[35];
	char *mb;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct cairn_error err = {0};
		struct pubkey k, j;
		cJSON *doc = NULL;
		char vmid[128];

		expect_code(key_from_did_key(cases[i].did, &k, &doc, &err), &err,
		            CAIRN_OK, NULL, cases[i].did);
		key_from_jwk_text(cases[i].jwk, &j);
		assert_int_equal(k.type, KEY_P256);
		/* decompressed to the JWK's x and y */
		assert_true(keys_equal(&k, &j));
		check_document_shape(doc, cases[i].did, cases[i].did + 8, NULL);
		snprintf(vmid, sizeof vmid, "%s#%s", cases[i].did, cases[i].did + 8);
		expect_did(vmid, CAIRN_OK, NULL);
		pubkey_clear(&k);
		pubkey_clear(&j);
		cJSON_Delete(doc);
	}
	/* both parities: the RFC 7515 A.3 point compressed (y odd) */
	hex_to(rfc7515_a3_compressed, pt, sizeof pt);
	mk[0] = 0x80;
	mk[1] = 0x24;
	memcpy(mk + 2, pt, sizeof pt);
	mb = multibase_base58btc(mk, sizeof mk);
	{
		struct pubkey k, j;
		struct cairn_error err = {0};

		expect_code(key_from_multikey(mb, &k, &err), &err, CAIRN_OK, NULL, mb);
		key_from_jwk_text(rfc7515_a3_jwk, &j);
		assert_true(keys_equal(&k, &j));
		/* the other parity is the other point, also on the curve */
		free(mb);
		mk[2] ^= 1;
		mb = multibase_base58btc(mk, sizeof mk);
		expect_code(key_from_multikey(mb, &k, &err), &err, CAIRN_OK, NULL, mb);
		assert_false(keys_equal(&k, &j));
		assert_memory_equal(k.p256 + 1, j.p256 + 1, 32);
		pubkey_clear(&k);
		pubkey_clear(&j);
	}
	/* x = 1 gives no point: 1 - 3 + b is not a square mod p */
	free(mb);
	memset(mk + 3, 0, 32);
	mk[34] = 1;
	mb = multibase_base58btc(mk, sizeof mk);
	expect_multikey(mb, CAIRN_ERR_CHECK, "not a point on the curve");
	free(mb);
	/* x = p is out of range */
	hex_to("03ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
	       mk + 2, 33);
	mb = multibase_base58btc(mk, sizeof mk);
	expect_multikey(mb, CAIRN_ERR_CHECK, "not a point on the curve");
	free(mb);
	/* an uncompressed point is not a did:key P-256 multikey */
	mk[2] = 0x04;
	mb = multibase_base58btc(mk, 34);
	expect_multikey(mb, CAIRN_ERR_CHECK, "33-byte compressed");
	free(mb);
	/* P-384 and P-521: unsupported, named */
	expect_did("did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9",
	           CAIRN_ERR_UNDECIDED, "p384-pub (0x1201)");
	expect_did("did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7",
	           CAIRN_ERR_UNDECIDED, "p521-pub");
}

static void
test_did_key_refused(void **state)
{
	static const char did[] = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
	char buf[256];
	unsigned char mk[40];
	char *mb;

	(void)state;
	expect_did(NULL, CAIRN_ERR_CHECK, NULL);
	expect_did("", CAIRN_ERR_CHECK, "not a did:key");
	expect_did("did:web:example.com", CAIRN_ERR_CHECK, "not a did:key");
	expect_did("DID:KEY:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	           CAIRN_ERR_CHECK, "not a did:key");
	expect_did("did:key:", CAIRN_ERR_CHECK, "base58btc");
	expect_did("did:key:#z6Mk", CAIRN_ERR_CHECK, "base58btc");
	/* the method's version form and bare base58 are not did:key v0.7 */
	expect_did("did:key:1:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	           CAIRN_ERR_CHECK, "base58btc");
	expect_did("did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	           CAIRN_ERR_CHECK, "base58btc");
	expect_did("did:key:uAQID", CAIRN_ERR_CHECK, "base58btc");
	snprintf(buf, sizeof buf, "%s/path", did);
	expect_did(buf, CAIRN_ERR_CHECK, "path or query");
	snprintf(buf, sizeof buf, "%s?service=x", did);
	expect_did(buf, CAIRN_ERR_CHECK, "path or query");
	/* the fragment must be the multibase itself */
	snprintf(buf, sizeof buf, "%s#key-1", did);
	expect_did(buf, CAIRN_ERR_CHECK, "#key-1");
	snprintf(buf, sizeof buf, "%s#", did);
	expect_did(buf, CAIRN_ERR_CHECK, "fragment");
	snprintf(buf, sizeof buf, "%s#z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG", did);
	expect_did(buf, CAIRN_ERR_CHECK, "does not name");
	snprintf(buf, sizeof buf, "%s#%s", did, did + 8);
	expect_did(buf, CAIRN_OK, NULL);
	/* bad base58 inside the DID */
	expect_did("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0",
	           CAIRN_ERR_CHECK, "'0'");
	/* a secret key multibase (vc-di-eddsa keyPair.json): named, refused */
	expect_did("did:key:z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
	           CAIRN_ERR_UNDECIDED, "ed25519-priv");
	/* Ed25519 with the wrong length */
	mk[0] = 0xed;
	mk[1] = 0x01;
	th_fill(mk + 2, sizeof mk - 2, 3);
	mb = multibase_base58btc(mk, 33);
	snprintf(buf, sizeof buf, "did:key:%s", mb);
	expect_did(buf, CAIRN_ERR_CHECK, "31 key bytes");
	free(mb);
	mb = multibase_base58btc(mk, 35);
	expect_multikey(mb, CAIRN_ERR_CHECK, "33 key bytes");
	free(mb);
	/* X25519 keys (z6LS...) cannot sign */
	expect_did("did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW",
	           CAIRN_ERR_UNDECIDED, "x25519-pub (0xec)");
	/* a varint that never ends, one not minimal, one unknown */
	mk[0] = 0xff;
	mk[1] = 0xff;
	mk[2] = 0xff;
	mk[3] = 0xff;
	mb = multibase_base58btc(mk, 4);
	expect_multikey(mb, CAIRN_ERR_CHECK, "multicodec");
	free(mb);
	mk[0] = 0xed;
	mk[1] = 0x81;
	mk[2] = 0x00;
	mb = multibase_base58btc(mk, 35);
	expect_multikey(mb, CAIRN_ERR_CHECK, "multicodec");
	free(mb);
	mk[0] = 0x42;
	mb = multibase_base58btc(mk, 10);
	expect_multikey(mb, CAIRN_ERR_UNDECIDED, "unknown (0x42)");
	free(mb);
	/* a multikey is base58btc */
	expect_multikey("u7QE", CAIRN_ERR_CHECK, "'z'");
	expect_multikey(NULL, CAIRN_ERR_CHECK, "'z'");
	/* a DID of the limit's length is refused without reading it all */
	{
		size_t n = 8 + 3 * (size_t)CAIRN_MAX_MULTIBASE;
		char *huge = malloc(n + 1);

		assert_non_null(huge);
		memcpy(huge, "did:key:", 8);
		memset(huge + 8, 'z', n - 8);
		huge[n] = '\0';
		expect_did(huge, CAIRN_ERR_CHECK, "too long");
		huge[8 + CAIRN_MAX_MULTIBASE + 1] = '\0';
		expect_did(huge, CAIRN_ERR_CHECK, "longer than");
		free(huge);
	}
}

/* ---- JWK ------------------------------------------------------------ */

static void
test_jwk(void **state)
{
	struct pubkey a, b;
	char json[4096];

	(void)state;
	/* "d" is ignored: the same key with or without it */
	key_from_jwk_text(rfc8037_a1_jwk, &a);
	key_from_jwk_text(rfc8037_a2_jwk, &b);
	assert_int_equal(a.type, KEY_ED25519);
	assert_true(keys_equal(&a, &b));
	pubkey_clear(&a);
	pubkey_clear(&b);
	/* RSA n and e; the PEM encodings of the same key agree */
	key_from_jwk_text(rfc7515_a2_jwk, &a);
	assert_int_equal(a.type, KEY_RSA);
	assert_int_equal(a.rsa_n_len, 256);
	assert_int_equal(a.rsa_e_len, 3);
	expect_pem(rfc7515_a2_spki_pem, CAIRN_OK, NULL, &b);
	assert_true(keys_equal(&a, &b));
	pubkey_clear(&b);
	expect_pem(rfc7515_a2_pkcs1_pem, CAIRN_OK, NULL, &b);
	assert_true(keys_equal(&a, &b));
	/* pubkey_clear frees and zeroes, and takes NULL */
	pubkey_clear(&a);
	assert_int_equal(a.type, KEY_NONE);
	assert_null(a.rsa_n);
	assert_int_equal(a.rsa_n_len, 0);
	pubkey_clear(&b);
	pubkey_clear(NULL);
	key_from_jwk_text(rfc7515_a3_jwk, &a);
	expect_pem(rfc7515_a3_spki_pem, CAIRN_OK, NULL, &b);
	assert_int_equal(a.type, KEY_P256);
	assert_true(keys_equal(&a, &b));
	pubkey_clear(&b);
	expect_pem(rfc8037_spki_pem, CAIRN_OK, NULL, &b);
	key_from_jwk_text(rfc8037_a2_jwk, &a);
	assert_true(keys_equal(&a, &b));

	expect_jwk_refused("[]", CAIRN_ERR_CHECK, "not a JSON object");
	expect_jwk_refused("{}", CAIRN_ERR_CHECK, "\"kty\"");
	expect_jwk_refused("{\"kty\":7}", CAIRN_ERR_CHECK, "\"kty\"");
	expect_jwk_refused("{\"kty\":\"oct\",\"k\":\"AAAA\"}", CAIRN_ERR_UNDECIDED, "oct");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AAAA\"}",
	                   CAIRN_ERR_UNDECIDED, "X25519");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"AAAA\"}",
	                   CAIRN_ERR_UNDECIDED, "Ed448");
	expect_jwk_refused("{\"kty\":\"OKP\",\"x\":\"AAAA\"}", CAIRN_ERR_UNDECIDED, "(none)");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}", CAIRN_ERR_CHECK, "\"x\"");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR\"}",
	                   CAIRN_ERR_CHECK, "\"x\"");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"}",
	                   CAIRN_ERR_CHECK, "base64url");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
	                   CAIRN_ERR_CHECK, "base64url");
	expect_jwk_refused("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoAAA\"}",
	                   CAIRN_ERR_CHECK, "34 bytes, not 32");
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AAAA\",\"y\":\"AAAA\"}",
	                   CAIRN_ERR_UNDECIDED, "P-384");
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"AAAA\",\"y\":\"AAAA\"}",
	                   CAIRN_ERR_UNDECIDED, "secp256k1");
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\"}",
	                   CAIRN_ERR_CHECK, "\"y\"");
	/* y changed in its last bit: not on the curve */
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
	                   "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4\"}",
	                   CAIRN_ERR_CHECK, "not a point on the curve");
	/* the point at x = y = 0 */
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
	                   "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
	                   CAIRN_ERR_CHECK, "not a point on the curve");
	/* coordinates must be full length (RFC 7518 §6.2.1.2) */
	expect_jwk_refused("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"zs4ncPbEXUGDy-5v20t7WAczNXvp7xO6z248e9FURQ\","
	                   "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
	                   CAIRN_ERR_CHECK, "31 bytes, not 32");
	expect_jwk_refused("{\"kty\":\"RSA\",\"e\":\"AQAB\"}", CAIRN_ERR_CHECK, "\"n\"");
	expect_jwk_refused("{\"kty\":\"RSA\",\"n\":\"AQAB\"}", CAIRN_ERR_CHECK, "\"e\"");
	expect_jwk_refused("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", CAIRN_ERR_CHECK,
	                   "RSA key shorter than 2048 bits");
	/* the RFC key with e = 1 (every signature its own message), e even,
	 * e too long, n even */
	{
		struct pubkey k;
		const char *n = strstr(rfc7515_a2_jwk, "\"n\":\"") + 5;
		size_t nlen = (size_t)(strchr(n, '"') - n);
		static const char *const bad_e[] = {"AQ", "AAE", "AQAA", "AQAAAAAAAAAB"};

		for (size_t i = 0; i < sizeof bad_e / sizeof *bad_e; i++) {
			snprintf(json, sizeof json, "{\"kty\":\"RSA\",\"n\":\"%.*s\",\"e\":\"%s\"}",
			         (int)nlen, n, bad_e[i]);
			expect_jwk_refused(json, CAIRN_ERR_CHECK, "exponent");
		}
		/* e = 3 and 2^64 - 1 are fine */
		snprintf(json, sizeof json, "{\"kty\":\"RSA\",\"n\":\"%.*s\",\"e\":\"Aw\"}", (int)nlen, n);
		key_from_jwk_text(json, &k);
		pubkey_clear(&k);
		snprintf(json, sizeof json, "{\"kty\":\"RSA\",\"n\":\"%.*s\",\"e\":\"__________8\"}", (int)nlen, n);
		key_from_jwk_text(json, &k);
		assert_int_equal(k.rsa_e_len, 8);
		pubkey_clear(&k);
		/* the last character 'Q' (…0x…a1) becomes 'A' (…0x…a0): even */
		snprintf(json, sizeof json, "{\"kty\":\"RSA\",\"n\":\"%.*sA\",\"e\":\"AQAB\"}",
		         (int)nlen - 1, n);
		expect_jwk_refused(json, CAIRN_ERR_CHECK, "even");
		/* a leading zero byte is tolerated: the same key */
		{
			struct pubkey plain;
			size_t rawlen;
			char nstr[400], enc[420];
			unsigned char *raw, z[300];

			snprintf(nstr, sizeof nstr, "%.*s", (int)nlen, n);
			raw = b64u(nstr, &rawlen);
			z[0] = 0;
			memcpy(z + 1, raw, rawlen);
			sodium_bin2base64(enc, sizeof enc, z, rawlen + 1,
			                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			snprintf(json, sizeof json, "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AAEAAQ\"}", enc);
			key_from_jwk_text(json, &k);
			key_from_jwk_text(rfc7515_a2_jwk, &plain);
			assert_true(keys_equal(&k, &plain));
			pubkey_clear(&k);
			pubkey_clear(&plain);
			free(raw);
		}
	}
	/* a modulus above the limit, and the largest allowed */
	{
		size_t nbytes = CAIRN_MAX_RSA_BITS / 8 + 1;
		unsigned char *n = malloc(nbytes);
		size_t cap = sodium_base64_ENCODED_LEN(nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		char *enc = malloc(cap), *big = malloc(cap + 64);
		struct pubkey k;

		assert_non_null(n);
		assert_non_null(enc);
		assert_non_null(big);
		memset(n, 0xff, nbytes);
		sodium_bin2base64(enc, cap, n, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		snprintf(big, cap + 64, "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}", enc);
		expect_jwk_refused(big, CAIRN_ERR_CHECK, "longer than 8192 bits");
		n[0] = 0;
		sodium_bin2base64(enc, cap, n, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		snprintf(big, cap + 64, "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}", enc);
		key_from_jwk_text(big, &k);
		assert_int_equal(k.rsa_n_len, CAIRN_MAX_RSA_BITS / 8);
		pubkey_clear(&k);
		/* far above: refused before decoding */
		free(big);
		big = malloc(3 * cap);
		assert_non_null(big);
		strcpy(big, "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"");
		memset(big + strlen(big), 'A', 2 * cap);
		strcpy(big + 29 + 2 * cap, "\"}");
		expect_jwk_refused(big, CAIRN_ERR_CHECK, "too long");
		free(n);
		free(enc);
		free(big);
	}
	pubkey_clear(&a);
	pubkey_clear(&b);
}

/* ---- PEM ------------------------------------------------------------ */

static void
test_pem(void **state)
{
	struct pubkey k, want;
	unsigned char *der, *bad;
	size_t len;
	char *text;

	(void)state;
	/* white space around the armour, CRLF line ends, one long line */
	key_from_jwk_text(rfc7515_a3_jwk, &want);
	expect_pem("\n  -----BEGIN PUBLIC KEY-----\r\n"
	           "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7\r\n"
	           "6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\r\n"
	           "-----END PUBLIC KEY-----\r\n\n",
	           CAIRN_OK, NULL, &k);
	assert_true(keys_equal(&k, &want));
	expect_pem("-----BEGIN PUBLIC KEY-----"
	           "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7"
	           "6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ=="
	           "-----END PUBLIC KEY-----",
	           CAIRN_OK, NULL, &k);
	assert_true(keys_equal(&k, &want));
	/* the same point compressed in the SubjectPublicKeyInfo (RFC 5480) */
	der = pem_to_der(rfc7515_a3_spki_pem, &len);
	assert_int_equal(len, 91);
	bad = malloc(len);
	assert_non_null(bad);
	{
		static const unsigned char head[] = {
			0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce,
			0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
			0x03, 0x01, 0x07, 0x03, 0x22, 0x00};
		unsigned char c[sizeof head + 33];

		memcpy(c, head, sizeof head);
		hex_to(rfc7515_a3_compressed, c + sizeof head, 33);
		text = der_to_pem("PUBLIC KEY", c, sizeof c);
		expect_pem(text, CAIRN_OK, NULL, &k);
		assert_true(keys_equal(&k, &want));
		free(text);
	}
	/* truncated DER, at every length */
	for (size_t cut = 1; cut < len; cut++)
		expect_der("PUBLIC KEY", der, cut, CAIRN_ERR_CHECK, "SubjectPublicKeyInfo");
	/* trailing bytes after the SEQUENCE */
	memcpy(bad, der, len);
	{
		unsigned char *more = malloc(len + 1);

		assert_non_null(more);
		memcpy(more, der, len);
		more[len] = 0;
		expect_der("PUBLIC KEY", more, len + 1, CAIRN_ERR_CHECK, "SubjectPublicKeyInfo");
		free(more);
	}
	/* a point off the curve (last byte of y) */
	bad[len - 1] ^= 0x01;
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_CHECK, "not a point on the curve");
	/* another curve: secp256k1 (1.3.132.0.10) in the same shape */
	memcpy(bad, der, len);
	{
		static const unsigned char k1[] = {0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86,
		                                   0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b,
		                                   0x81, 0x04, 0x00, 0x0a};
		unsigned char c[sizeof k1 + 68];

		memcpy(c, k1, sizeof k1);
		memcpy(c + sizeof k1, der + 23, 68);
		expect_der("PUBLIC KEY", c, sizeof c, CAIRN_ERR_UNDECIDED, "1.3.132.0.10");
	}
	expect_pem(p384_pem, CAIRN_ERR_UNDECIDED, "1.3.132.0.34", &k);
	/* a wrong algorithm OID: id-ecPublicKey's last arc 1 -> 2 */
	memcpy(bad, der, len);
	bad[12] = 0x02;
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_UNDECIDED, "1.2.840.10045.2.2");
	/* a long length form that is not minimal */
	memcpy(bad, der, len);
	free(der);
	{
		unsigned char c[92];

		c[0] = 0x30;
		c[1] = 0x81;
		c[2] = 0x59;
		memcpy(c + 3, bad + 2, len - 2);
		expect_der("PUBLIC KEY", c, len + 1, CAIRN_ERR_CHECK, "SubjectPublicKeyInfo");
	}
	free(bad);

	/* RSA: truncated, wrong OID, short, PKCS #1 damaged */
	der = pem_to_der(rfc7515_a2_spki_pem, &len);
	for (size_t cut = 1; cut < len; cut += 7)
		expect_der("PUBLIC KEY", der, cut, CAIRN_ERR_CHECK, NULL);
	bad = malloc(len);
	assert_non_null(bad);
	memcpy(bad, der, len);
	bad[16] = 0x0b; /* 1.2.840.113549.1.1.11, sha256WithRSAEncryption */
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_UNDECIDED, "1.2.840.113549.1.1.11");
	memcpy(bad, der, len);
	bad[17] = 0x04; /* parameters: not NULL */
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_CHECK, "parameters");
	memcpy(bad, der, len);
	bad[23] = 0x01; /* the bit string's unused-bits count */
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_CHECK, "bit string");
	memcpy(bad, der, len);
	bad[32] = 0x80; /* the modulus's sign byte: negative */
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_CHECK, "RSAPublicKey");
	free(bad);
	/* PKCS #1 labelled as SPKI and the other way round */
	expect_der("PUBLIC KEY", der + 24, len - 24, CAIRN_ERR_CHECK, "SubjectPublicKeyInfo");
	expect_der("RSA PUBLIC KEY", der, len, CAIRN_ERR_CHECK, "RSAPublicKey");
	expect_der("RSA PUBLIC KEY", der + 24, len - 24, CAIRN_OK, NULL);
	free(der);
	expect_pem(rsa1024_pem, CAIRN_ERR_CHECK, "RSA key shorter than 2048 bits", &k);

	/* Ed25519: 1.3.101.112, 32 bytes, no parameters; Ed448 unsupported */
	der = pem_to_der(rfc8037_spki_pem, &len);
	bad = malloc(len);
	assert_non_null(bad);
	memcpy(bad, der, len);
	bad[8] = 0x71;
	expect_der("PUBLIC KEY", bad, len, CAIRN_ERR_UNDECIDED, "1.3.101.113");
	expect_der("PUBLIC KEY", der, len - 1, CAIRN_ERR_CHECK, NULL);
	free(bad);
	free(der);

	/* the armour */
	expect_pem("", CAIRN_ERR_CHECK, "BEGIN", &k);
	expect_pem("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", CAIRN_ERR_CHECK, "BEGIN", &k);
	expect_pem("-----BEGIN PUBLIC KEY", CAIRN_ERR_CHECK, "not closed", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFkw\n", CAIRN_ERR_CHECK, "END", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END RSA PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "does not match", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\nmore",
	           CAIRN_ERR_CHECK, "follows", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMF*w\n-----END PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "base64", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFk\n-----END PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "base64", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFkw\xe9\xe9\xe9\xe9\n-----END PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "base64", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\nMFkw-_AA\n-----END PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "base64", &k);
	expect_pem("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
	           CAIRN_ERR_CHECK, "SubjectPublicKeyInfo", &k);
	expect_pem("-----BEGIN CERTIFICATE-----\nMFkw\n-----END CERTIFICATE-----\n",
	           CAIRN_ERR_UNDECIDED, "CERTIFICATE", &k);
	expect_pem("-----BEGIN PRIVATE KEY-----\nMFkw\n-----END PRIVATE KEY-----\n",
	           CAIRN_ERR_UNDECIDED, "PRIVATE KEY", &k);
	expect_pem("-----BEGIN \x1b[31mX-----\n", CAIRN_ERR_UNDECIDED, "?[31mX", &k);
	{
		struct cairn_error err = {0};

		expect_code(key_from_pem("-----BEGIN PUBLIC KEY-----\0", 27, &k, &err),
		            &err, CAIRN_ERR_CHECK, "NUL", "NUL byte");
		expect_code(key_from_pem(NULL, 0, &k, &err), &err, CAIRN_ERR_CHECK, NULL, "NULL");
		text = malloc(CAIRN_MAX_PEM + 2);
		assert_non_null(text);
		memset(text, ' ', CAIRN_MAX_PEM + 1);
		text[CAIRN_MAX_PEM + 1] = '\0';
		expect_code(key_from_pem(text, CAIRN_MAX_PEM + 1, &k, &err), &err,
		            CAIRN_ERR_CHECK, "larger than", "huge PEM");
		free(text);
	}
	pubkey_clear(&k);
	pubkey_clear(&want);
}

/* ---- verification methods ------------------------------------------- */

static void
test_methods(void **state)
{
	char json[2048];

	(void)state;
	expect_method("{\"type\":\"Multikey\",\"publicKeyMultibase\":"
	              "\"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\"}",
	              CAIRN_OK, NULL);
	expect_method("{\"type\":\"Multikey\",\"publicKeyMultibase\":"
	              "\"zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv\"}",
	              CAIRN_OK, NULL);
	expect_method("{\"type\":\"Ed25519VerificationKey2020\",\"publicKeyMultibase\":"
	              "\"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\"}",
	              CAIRN_OK, NULL);
	/* the type must fit the key */
	expect_method("{\"type\":\"Ed25519VerificationKey2020\",\"publicKeyMultibase\":"
	              "\"zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv\"}",
	              CAIRN_ERR_CHECK, "P-256");
	expect_method("{\"type\":\"Ed25519VerificationKey2018\",\"publicKeyBase58\":"
	              "\"4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS\"}",
	              CAIRN_OK, NULL);
	/* 2018 keys are raw: a multicodec-prefixed key is 34 bytes */
	expect_method("{\"type\":\"Ed25519VerificationKey2018\",\"publicKeyBase58\":"
	              "\"6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\"}",
	              CAIRN_ERR_CHECK, "34 bytes");
	expect_method("{\"type\":\"Ed25519VerificationKey2018\",\"publicKeyBase58\":\"\"}",
	              CAIRN_ERR_CHECK, "publicKeyBase58");
	expect_method("{\"type\":\"Ed25519VerificationKey2018\",\"publicKeyBase58\":\"0OIl\"}",
	              CAIRN_ERR_CHECK, "'0'");
	expect_method("{\"type\":\"Ed25519VerificationKey2018\"}", CAIRN_ERR_CHECK,
	              "publicKeyBase58");
	expect_method("{\"type\":\"Multikey\"}", CAIRN_ERR_CHECK, "publicKeyMultibase");
	expect_method("{\"type\":\"Multikey\",\"publicKeyMultibase\":7}", CAIRN_ERR_CHECK,
	              "publicKeyMultibase");
	snprintf(json, sizeof json, "{\"type\":\"JsonWebKey2020\",\"publicKeyJwk\":%s}",
	         rfc7515_a3_jwk);
	expect_method(json, CAIRN_OK, NULL);
	snprintf(json, sizeof json, "{\"type\":\"JsonWebKey\",\"publicKeyJwk\":%s}",
	         rfc7515_a2_jwk);
	expect_method(json, CAIRN_OK, NULL);
	expect_method("{\"type\":\"JsonWebKey\",\"publicKeyJwk\":\"x\"}", CAIRN_ERR_CHECK,
	              "publicKeyJwk");
	expect_method("{\"type\":\"JsonWebKey2020\"}", CAIRN_ERR_CHECK, "publicKeyJwk");
	/* publicKeyPem on any method; type as an array */
	snprintf(json, sizeof json, "{\"type\":\"CryptographicKey\",\"publicKeyPem\":\"%s\"}",
	         "-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\\n-----END PUBLIC KEY-----");
	expect_method(json, CAIRN_OK, NULL);
	expect_method("{\"type\":[\"Multikey\"],\"publicKeyMultibase\":"
	              "\"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\"}",
	              CAIRN_OK, NULL);
	expect_method("{\"type\":\"EcdsaSecp256k1VerificationKey2019\",\"publicKeyHex\":\"02\"}",
	              CAIRN_ERR_UNDECIDED, "EcdsaSecp256k1VerificationKey2019");
	expect_method("{\"type\":\"X25519KeyAgreementKey2020\",\"publicKeyMultibase\":"
	              "\"z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW\"}",
	              CAIRN_ERR_UNDECIDED, "X25519KeyAgreementKey2020");
	expect_method("{}", CAIRN_ERR_UNDECIDED, "no type");
	expect_method("[]", CAIRN_ERR_CHECK, "not a JSON object");
	expect_method("\"did:key:z6Mk\"", CAIRN_ERR_CHECK, "not a JSON object");
}

/* ---- signatures: RFC examples --------------------------------------- */

static void
test_rfc7515_rs256(void **state)
{
	struct cairn_error err = {0};
	struct pubkey k, ec;
	size_t siglen;
	unsigned char *sig = b64u(rfc7515_a2_sig, &siglen);

	(void)state;
	key_from_jwk_text(rfc7515_a2_jwk, &k);
	assert_int_equal(siglen, 256);
	expect_jws("RS256", &k, rfc7515_a2_input, sig, siglen);
	/* the same key from PEM verifies too */
	pubkey_clear(&k);
	expect_pem(rfc7515_a2_pkcs1_pem, CAIRN_OK, NULL, &k);
	expect_code(jws_verify("RS256", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_OK, NULL, "RS256 from PKCS #1");
	/* a PKCS #1 v1.5 signature is no PSS signature */
	expect_code(jws_verify("PS256", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_CHECK, "does not verify", "RS256 as PS256");
	/* a signature one byte longer, with a leading zero, is not k bytes */
	{
		unsigned char *longer = malloc(siglen + 1);

		assert_non_null(longer);
		longer[0] = 0;
		memcpy(longer + 1, sig, siglen);
		expect_code(jws_verify("RS256", &k, (const unsigned char *)rfc7515_a2_input,
		                       strlen(rfc7515_a2_input), longer, siglen + 1, &err),
		            &err, CAIRN_ERR_CHECK, "257 bytes", "leading zero");
		/* a signature not below the modulus */
		memset(longer, 0xff, siglen);
		expect_code(jws_verify("RS256", &k, (const unsigned char *)rfc7515_a2_input,
		                       strlen(rfc7515_a2_input), longer, siglen, &err),
		            &err, CAIRN_ERR_CHECK, "does not verify", "s >= n");
		free(longer);
	}
	/* algorithm and key type disagree */
	key_from_jwk_text(rfc7515_a3_jwk, &ec);
	expect_code(jws_verify("RS256", &ec, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "does not fit", "RS256 with EC");
	expect_code(jws_verify("ES256", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "(RSA)", "ES256 with RSA");
	expect_code(jws_verify("EdDSA", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "does not fit", "EdDSA with RSA");
	expect_code(jws_verify("RS256", NULL, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "(none)", "no key");
	/* other algorithms */
	expect_code(jws_verify("RS384", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "JWS algorithm RS384 is not supported", "RS384");
	expect_code(jws_verify("HS256", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "HS256", "HS256");
	expect_code(jws_verify("rs256", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "rs256", "case");
	expect_code(jws_verify("\x1b]0;x\x07", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "?]0;x?", "control characters");
	expect_code(jws_verify(NULL, &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, NULL, "no alg");
	/* "none" is never a valid signature */
	expect_code(jws_verify("none", &k, (const unsigned char *)rfc7515_a2_input,
	                       strlen(rfc7515_a2_input), NULL, 0, &err),
	            &err, CAIRN_ERR_CHECK, "not signed", "none");
	pubkey_clear(&k);
	pubkey_clear(&ec);
	free(sig);
}

static void
test_rfc7515_es256(void **state)
{
	struct cairn_error err = {0};
	struct pubkey k;
	size_t siglen;
	unsigned char *sig = b64u(rfc7515_a3_sig, &siglen);
	unsigned char der[72];

	(void)state;
	key_from_jwk_text(rfc7515_a3_jwk, &k);
	assert_int_equal(siglen, 64);
	expect_jws("ES256", &k, rfc7515_a3_input, sig, siglen);
	/* an ASN.1 DER signature is not the JWS form */
	der[0] = 0x30;
	der[1] = 0x44;
	der[2] = 0x02;
	der[3] = 0x20;
	memcpy(der + 4, sig, 32);
	der[36] = 0x02;
	der[37] = 0x20;
	memcpy(der + 38, sig + 32, 32);
	expect_code(jws_verify("ES256", &k, (const unsigned char *)rfc7515_a3_input,
	                       strlen(rfc7515_a3_input), der, 70, &err),
	            &err, CAIRN_ERR_CHECK, "64 bytes", "DER signature");
	/* r = 0, s = n: out of range */
	memset(der, 0, 64);
	expect_code(jws_verify("ES256", &k, (const unsigned char *)rfc7515_a3_input,
	                       strlen(rfc7515_a3_input), der, 64, &err),
	            &err, CAIRN_ERR_CHECK, "does not verify", "zero signature");
	/* a struct filled by hand with a point off the curve */
	k.p256[64] ^= 1;
	expect_code(jws_verify("ES256", &k, (const unsigned char *)rfc7515_a3_input,
	                       strlen(rfc7515_a3_input), sig, siglen, &err),
	            &err, CAIRN_ERR_CHECK, "curve", "bad point");
	pubkey_clear(&k);
	free(sig);
}

static void
test_rfc8037_eddsa(void **state)
{
	struct cairn_error err = {0};
	struct pubkey k;
	size_t siglen;
	unsigned char *sig = b64u(rfc8037_a4_sig, &siglen);

	(void)state;
	key_from_jwk_text(rfc8037_a2_jwk, &k);
	assert_int_equal(siglen, 64);
	expect_jws("EdDSA", &k, rfc8037_a4_input, sig, siglen);
	expect_jws("Ed25519", &k, rfc8037_a4_input, sig, siglen);
	/* the raw check */
	expect_code(sig_verify_ed25519(&k, (const unsigned char *)rfc8037_a4_input,
	                               strlen(rfc8037_a4_input), sig, siglen, &err),
	            &err, CAIRN_OK, NULL, "raw Ed25519");
	expect_code(sig_verify_ed25519(&k, (const unsigned char *)rfc8037_a4_input,
	                               strlen(rfc8037_a4_input), sig, 65, &err),
	            &err, CAIRN_ERR_CHECK, "65 bytes", "long Ed25519");
	expect_code(sig_verify_ed25519(&k, (const unsigned char *)rfc8037_a4_input,
	                               strlen(rfc8037_a4_input), NULL, 0, &err),
	            &err, CAIRN_ERR_CHECK, NULL, "no signature");
	expect_code(sig_verify_ed25519(NULL, (const unsigned char *)rfc8037_a4_input,
	                               strlen(rfc8037_a4_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, NULL, "no key");
	pubkey_clear(&k);
	key_from_jwk_text(rfc7515_a3_jwk, &k);
	expect_code(sig_verify_ed25519(&k, (const unsigned char *)rfc8037_a4_input,
	                               strlen(rfc8037_a4_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "P-256", "Ed25519 with P-256");
	expect_code(jws_verify("EdDSA", &k, (const unsigned char *)rfc8037_a4_input,
	                       strlen(rfc8037_a4_input), sig, siglen, &err),
	            &err, CAIRN_ERR_UNDECIDED, "does not fit", "EdDSA with P-256");
	pubkey_clear(&k);
	free(sig);
}

static void
test_ps256(void **state)
{
	struct cairn_error err = {0};
	struct pubkey k;
	size_t siglen;
	unsigned char *sig = b64u(ps256_sig, &siglen);

	(void)state;
	key_from_jwk_text(ps256_jwk, &k);
	expect_jws("PS256", &k, ps256_input, sig, siglen);
	expect_code(jws_verify("RS256", &k, (const unsigned char *)ps256_input,
	                       strlen(ps256_input), sig, siglen, &err),
	            &err, CAIRN_ERR_CHECK, "does not verify", "PS256 as RS256");
	pubkey_clear(&k);
	free(sig);
}

/* ---- the 1EdTech validator's JWTs ----------------------------------- */

static void
load_method_key(const char *name, struct pubkey *k)
{
	char *path = th_path(FIXTURES "/keys", name);
	cJSON *m = read_json(path);
	struct cairn_error err = {0};

	expect_code(key_from_method(m, k, &err), &err, CAIRN_OK, NULL, name);
	assert_int_equal(k->type, KEY_RSA);
	assert_int_equal(k->rsa_n_len, 256);
	cJSON_Delete(m);
	free(path);
}

static void
load_jwt(const char *dir, const char *name, struct jwt *j)
{
	char *path = th_path(dir, name);
	size_t len;
	unsigned char *data = th_read(path, &len);
	struct cairn_error err = {0};

	expect_code(jwt_parse(data, len, j, &err), &err, CAIRN_OK, NULL, name);
	free(data);
	free(path);
}

static enum cairn_err
verify_jwt(const struct jwt *j, const struct pubkey *k, struct cairn_error *err)
{
	return jws_verify(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j->header, "alg")),
	                  k, (const unsigned char *)j->compact, j->signing_len,
	                  j->sig, j->sig_len, err);
}

/* A JWT that carries its key in the JOSE header's jwk. */
static void
expect_header_jwk_verifies(const struct jwt *j, const struct pubkey *other)
{
	struct cairn_error err = {0};
	struct pubkey k;
	const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(j->header, "jwk");

	assert_non_null(jwk);
	expect_code(key_from_jwk(jwk, &k, &err), &err, CAIRN_OK, NULL, "header jwk");
	assert_int_equal(k.type, KEY_RSA);
	expect_code(verify_jwt(j, &k, &err), &err, CAIRN_OK, NULL, "header jwk");
	expect_code(verify_jwt(j, other, &err), &err, CAIRN_ERR_CHECK,
	            "does not verify", "another key");
	pubkey_clear(&k);
}

static void
test_1edtech_jwts(void **state)
{
	static const char *const jwts[] = {
		FIXTURES "/import/ob20-simple.jwt",
		FIXTURES "/keys/ob20-simple-not-revoked.jwt",
		FIXTURES "/keys/ob20-simple-revoked.jwt",
	};
	static const char *const keys[] = {
		"ob20-key1.json", "ob20-key2.json", "ob20-key3.json",
	};
	struct pubkey k[3];
	struct cairn_error err = {0};
	struct jwt j;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		load_method_key(keys[i], &k[i]);
	/* OB 2.0 signed assertions: each verifies with its own key only */
	for (size_t i = 0; i < 3; i++) {
		load_jwt("/", jwts[i], &j);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j.header, "alg")), "RS256");
		for (size_t w = 0; w < 3; w++)
			expect_code(verify_jwt(&j, &k[w], &err), &err,
			            w == i ? CAIRN_OK : CAIRN_ERR_CHECK,
			            w == i ? NULL : "does not verify", jwts[i]);
		/* a changed claim breaks it */
		j.compact[j.signing_len - 2] ^= 0x01;
		expect_code(verify_jwt(&j, &k[i], &err), &err, CAIRN_ERR_CHECK,
		            "does not verify", "changed claim");
		jwt_clear(&j);
	}
	/* CLR 2.0: the key is the JOSE header's jwk */
	load_jwt(FIXTURES "/import", "clr20-simple.jwt", &j);
	expect_header_jwk_verifies(&j, &k[0]);
	jwt_clear(&j);
	/* OB 3.0 simple.jwt: the header holds only alg and typ, no jwk and
	 * no kid, and none of the validator's keys signed it, so it cannot
	 * be verified offline */
	load_jwt(FIXTURES "/import", "ob30-simple.jwt", &j);
	assert_int_equal(cJSON_GetArraySize(j.header), 2);
	assert_null(cJSON_GetObjectItemCaseSensitive(j.header, "jwk"));
	assert_null(cJSON_GetObjectItemCaseSensitive(j.header, "kid"));
	for (size_t w = 0; w < 3; w++)
		expect_code(verify_jwt(&j, &k[w], &err), &err, CAIRN_ERR_CHECK,
		            "does not verify", "ob30-simple.jwt");
	jwt_clear(&j);
	/* the OB 3.0 JWT baked into the validator's simple-jwt.png carries
	 * its jwk */
	{
		size_t len;
		char *path = th_path(FIXTURES, "baked/ob30-simple-jwt.png");
		unsigned char *png = th_read(path, &len);
		struct baked b;

		expect_code(baked_png_read(png, len, &b, &err), &err, CAIRN_OK, NULL, path);
		expect_code(jwt_parse((const unsigned char *)b.text, b.len, &j, &err),
		            &err, CAIRN_OK, NULL, "baked JWT");
		expect_header_jwk_verifies(&j, &k[1]);
		jwt_clear(&j);
		baked_clear(&b);
		free(png);
		free(path);
	}
	for (size_t i = 0; i < 3; i++)
		pubkey_clear(&k[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multibase_known),
		cmocka_unit_test(test_multibase_round_trips),
		cmocka_unit_test(test_multibase_refused),
		cmocka_unit_test(test_did_key_vectors),
		cmocka_unit_test(test_did_key_p256),
		cmocka_unit_test(test_did_key_refused),
		cmocka_unit_test(test_jwk),
		cmocka_unit_test(test_pem),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_rfc7515_rs256),
		cmocka_unit_test(test_rfc7515_es256),
		cmocka_unit_test(test_rfc8037_eddsa),
		cmocka_unit_test(test_ps256),
		cmocka_unit_test(test_1edtech_jwts),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

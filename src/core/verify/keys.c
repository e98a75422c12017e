#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>
#include <nettle/rsa.h>
#include <sodium.h>

#include "hash.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/keys.h"

/* Status codes: bytes that are not a key, or a key that cannot be right
 * (a point off the curve, a short RSA modulus, a method whose type does
 * not fit its key) are CAIRN_ERR_CHECK; a well-formed key of a kind cairn
 * does not read is CAIRN_ERR_UNDECIDED; memory is CAIRN_ERR_IO. */

static enum cairn_err
oom(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
}

/* ---- quoting untrusted text in messages ----------------------------- */

#define EXCERPT_MAX 40

/* At most EXCERPT_MAX bytes of s (stopping at len or NUL) as printable
 * ASCII, others shown as '?', cut with "...". */
static const char *
excerpt(const char *s, size_t len, char out[EXCERPT_MAX + 4])
{
	size_t n = 0;

	for (size_t i = 0; i < len && s[i] != '\0'; i++) {
		if (n == EXCERPT_MAX) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		out[n++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	}
	out[n] = '\0';
	return out;
}

static const char *
key_type_name(enum key_type t)
{
	switch (t) {
	case KEY_ED25519: return "Ed25519";
	case KEY_P256: return "P-256";
	case KEY_RSA: return "RSA";
	case KEY_NONE: break;
	}
	return _("none");
}

void
pubkey_clear(struct pubkey *k)
{
	if (k == NULL)
		return;
	free(k->rsa_n);
	free(k->rsa_e);
	memset(k, 0, sizeof *k);
}

/* ---- base58btc (Bitcoin alphabet) ----------------------------------- */

static const char b58_alphabet[] =
	"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

static int
b58_value(char c)
{
	const char *p = memchr(b58_alphabet, c, sizeof b58_alphabet - 1);

	return p == NULL || c == '\0' ? -1 : (int)(p - b58_alphabet);
}

/* Raw base58btc (no multibase prefix) of n characters; leading '1's are
 * zero bytes.  Quadratic, so the callers bound n. */
static enum cairn_err
base58_decode(const char *s, size_t n, unsigned char **out, size_t *outlen,
              struct cairn_error *err)
{
	size_t zeros = 0, size, used = 0;
	unsigned char *le, *buf;
	char q[EXCERPT_MAX + 4];

	while (zeros < n && s[zeros] == '1')
		zeros++;
	/* log(58) / log(256) < 0.733 */
	size = (n - zeros) * 733 / 1000 + 1;
	le = calloc(size, 1);
	if (le == NULL)
		return oom(err);
	for (size_t i = zeros; i < n; i++) {
		int v = b58_value(s[i]);
		unsigned carry;
		size_t j;

		if (v < 0) {
			free(le);
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("base58 text has an invalid character '%s' at position %zu"),
			                       excerpt(s + i, 1, q), i + 1);
		}
		carry = (unsigned)v;
		for (j = 0; (j < used || carry != 0) && j < size; j++) {
			carry += 58U * le[j];
			le[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		used = j;
	}
	buf = malloc(zeros + used + 1);
	if (buf == NULL) {
		free(le);
		return oom(err);
	}
	memset(buf, 0, zeros);
	for (size_t j = 0; j < used; j++)
		buf[zeros + j] = le[used - 1 - j];
	free(le);
	*out = buf;
	*outlen = zeros + used;
	return CAIRN_OK;
}

char *
multibase_base58btc(const unsigned char *data, size_t len)
{
	size_t zeros = 0, size, used = 0, o = 0;
	unsigned char *digits;
	char *out;

	if (len > CAIRN_MAX_MULTIBASE)
		return NULL;
	while (zeros < len && data[zeros] == 0)
		zeros++;
	/* log(256) / log(58) < 1.38 */
	size = (len - zeros) * 138 / 100 + 1;
	digits = calloc(size, 1);
	if (digits == NULL)
		return NULL;
	for (size_t i = zeros; i < len; i++) {
		unsigned carry = data[i];
		size_t j;

		for (j = 0; (j < used || carry != 0) && j < size; j++) {
			carry += 256U * digits[j];
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		used = j;
	}
	out = malloc(1 + zeros + used + 1);
	if (out != NULL) {
		out[o++] = 'z';
		memset(out + o, '1', zeros);
		o += zeros;
		for (size_t j = used; j > 0; j--)
			out[o++] = b58_alphabet[digits[j - 1]];
		out[o] = '\0';
	}
	free(digits);
	return out;
}

/* ---- base64url ------------------------------------------------------ */

/* 1 when every byte of s is in the base64 alphabet (url: the URL-safe
 * one) or, for PEM, is '=' or white space.  libsodium 1.0.18 reads bytes
 * above 0x7f as alphabet characters, which would give one value many
 * spellings, so the alphabet is checked here first. */
static int
b64_chars_ok(const char *s, size_t n, int url)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (url ? c == '-' || c == '_'
		        : c == '+' || c == '/' || c == '=' || c == ' ' ||
		              c == '\t' || c == '\r' || c == '\n')
			continue;
		return 0;
	}
	return 1;
}

/* Unpadded base64url, strictly: no padding, no white space, no stray
 * bits.  The output may be empty. */
static int
b64url_decode(const char *s, size_t n, unsigned char **out, size_t *outlen)
{
	size_t cap = n / 4 * 3 + 3, got = 0;
	unsigned char *buf;

	if (!b64_chars_ok(s, n, 1))
		return -1;
	buf = malloc(cap);
	if (buf == NULL)
		return -1;
	if (sodium_base642bin(buf, cap, s, n, NULL, &got, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = got;
	return 0;
}

char *
multibase_base64url(const unsigned char *data, size_t len)
{
	size_t enclen;
	char *out;

	if (len > SIZE_MAX / 2)
		return NULL;
	enclen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = malloc(1 + enclen);
	if (out == NULL)
		return NULL;
	out[0] = 'u';
	sodium_bin2base64(out + 1, enclen, data, len,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

enum cairn_err
multibase_decode(const char *s, unsigned char **out, size_t *len,
                 struct cairn_error *err)
{
	size_t n, max;
	char q[EXCERPT_MAX + 4];

	*out = NULL;
	*len = 0;
	if (s == NULL || s[0] == '\0')
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the multibase value is empty"));
	if (s[0] != 'z' && s[0] != 'u')
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("multibase encoding '%s' is not supported (only base58btc 'z' and base64url 'u')"),
		                       excerpt(s, 1, q));
	/* base58 decoding is quadratic: keys only; base64url (status
	 * lists) is bounded by the document that holds it */
	max = s[0] == 'z' ? CAIRN_MAX_MULTIBASE : CAIRN_MAX_IMPORT_SIZE;
	n = strnlen(s, max + 1);
	if (n > max)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the multibase value is longer than %lu characters"),
		                       (unsigned long)max);
	if (n == 1)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the multibase value '%c' holds no data"), s[0]);
	if (s[0] == 'z')
		return base58_decode(s + 1, n - 1, out, len, err);
	if (b64url_decode(s + 1, n - 1, out, len) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the multibase value %s is not base64url"),
		                       excerpt(s, n, q));
	return CAIRN_OK;
}

/* ---- P-256 ---------------------------------------------------------- */

static const char p256_p_hex[] =
	"ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
static const char p256_b_hex[] =
	"5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b";

static void
mpz_from_bytes(mpz_t v, const unsigned char *p, size_t n)
{
	mpz_import(v, n, 1, 1, 1, 0, p);
}

/* v (0 <= v < 2^256) as 32 big-endian bytes. */
static void
mpz_to_32(const mpz_t v, unsigned char out[32])
{
	size_t need = (mpz_sizeinbase(v, 2) + 7) / 8, count = 0;

	memset(out, 0, 32);
	if (mpz_sgn(v) != 0 && need <= 32)
		mpz_export(out + 32 - need, &count, 1, 1, 1, 0, v);
}

/* 1 when 0x04 || x || y is a point of P-256 (Nettle checks the range and
 * the curve equation). */
static int
p256_on_curve(const unsigned char pt[65])
{
	struct ecc_point P;
	mpz_t x, y;
	int ok;

	if (pt[0] != 0x04)
		return 0;
	ecc_point_init(&P, nettle_get_secp_256r1());
	mpz_init(x);
	mpz_init(y);
	mpz_from_bytes(x, pt + 1, 32);
	mpz_from_bytes(y, pt + 33, 32);
	ok = ecc_point_set(&P, x, y);
	mpz_clear(x);
	mpz_clear(y);
	ecc_point_clear(&P);
	return ok;
}

/* A compressed point (0x02 or 0x03 || x) to 0x04 || x || y: y is the
 * square root of x^3 - 3x + b (p = 3 mod 4, so t^((p+1)/4)) whose parity
 * the first byte gives. */
static int
p256_decompress(const unsigned char in[33], unsigned char out[65])
{
	mpz_t p, b, x, y, t, e;
	int ok = 0;

	if (in[0] != 0x02 && in[0] != 0x03)
		return 0;
	mpz_init_set_str(p, p256_p_hex, 16);
	mpz_init_set_str(b, p256_b_hex, 16);
	mpz_init(x);
	mpz_init(y);
	mpz_init(t);
	mpz_init(e);
	mpz_from_bytes(x, in + 1, 32);
	if (mpz_cmp(x, p) < 0) {
		mpz_powm_ui(t, x, 3, p);
		mpz_submul_ui(t, x, 3);
		mpz_add(t, t, b);
		mpz_mod(t, t, p);
		mpz_add_ui(e, p, 1);
		mpz_tdiv_q_2exp(e, e, 2);
		mpz_powm(y, t, e, p);
		mpz_powm_ui(e, y, 2, p);
		ok = mpz_cmp(e, t) == 0;
		if (ok && (unsigned)mpz_tstbit(y, 0) != (in[0] & 1U)) {
			if (mpz_sgn(y) == 0)
				ok = 0;
			else
				mpz_sub(y, p, y);
		}
	}
	if (ok) {
		out[0] = 0x04;
		mpz_to_32(x, out + 1);
		mpz_to_32(y, out + 33);
		ok = p256_on_curve(out);
	}
	mpz_clear(p);
	mpz_clear(b);
	mpz_clear(x);
	mpz_clear(y);
	mpz_clear(t);
	mpz_clear(e);
	return ok;
}

/* An SEC 1 point: compressed (33 bytes) or uncompressed (65). */
static enum cairn_err
p256_set(struct pubkey *k, const unsigned char *pt, size_t len, const char *what,
         struct cairn_error *err)
{
	unsigned char full[65];

	if (len == 33 && (pt[0] == 0x02 || pt[0] == 0x03)) {
		if (!p256_decompress(pt, full))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the %s P-256 key is not a point on the curve"), what);
	} else if (len == 65 && pt[0] == 0x04) {
		memcpy(full, pt, 65);
		if (!p256_on_curve(full))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the %s P-256 key is not a point on the curve"), what);
	} else {
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the %s P-256 key is %zu bytes, not a 33-byte compressed or 65-byte uncompressed point"),
		                       what, len);
	}
	memcpy(k->p256, full, sizeof k->p256);
	k->type = KEY_P256;
	return CAIRN_OK;
}

/* ---- RSA ------------------------------------------------------------ */

static size_t
bit_length(const unsigned char *p, size_t n)
{
	unsigned top;
	size_t bits;

	if (n == 0)
		return 0;
	bits = (n - 1) * 8;
	for (top = p[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

/* n and e as big-endian unsigned integers (leading zeros allowed). */
static enum cairn_err
rsa_set(struct pubkey *k, const unsigned char *n, size_t nlen,
        const unsigned char *e, size_t elen, struct cairn_error *err)
{
	size_t bits, ebits;

	while (nlen > 0 && n[0] == 0) {
		n++;
		nlen--;
	}
	while (elen > 0 && e[0] == 0) {
		e++;
		elen--;
	}
	bits = bit_length(n, nlen);
	ebits = bit_length(e, elen);
	if (bits > CAIRN_MAX_RSA_BITS)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("RSA key longer than %d bits"), CAIRN_MAX_RSA_BITS);
	if (bits < 2048)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("RSA key shorter than 2048 bits"));
	if ((n[nlen - 1] & 1) == 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the RSA modulus is even"));
	/* e = 1 would make every signature its own message */
	if (ebits < 2 || (e[elen - 1] & 1) == 0 || ebits > CAIRN_MAX_RSA_E_BITS)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the RSA public exponent must be odd, at least 3 and at most %d bits"),
		                       CAIRN_MAX_RSA_E_BITS);
	k->rsa_n = malloc(nlen);
	k->rsa_e = malloc(elen);
	if (k->rsa_n == NULL || k->rsa_e == NULL)
		return oom(err);
	memcpy(k->rsa_n, n, nlen);
	memcpy(k->rsa_e, e, elen);
	k->rsa_n_len = nlen;
	k->rsa_e_len = elen;
	k->type = KEY_RSA;
	return CAIRN_OK;
}

/* ---- multicodec keys ------------------------------------------------ */

#define CODEC_ED25519_PUB 0xedU
#define CODEC_X25519_PUB  0xecU
#define CODEC_P256_PUB    0x1200U

struct codec_name {
	uint32_t code;
	const char *name;
};

/* Key codecs of the multicodec table, to name what is not supported. */
static const struct codec_name codec_names[] = {
	{0xe7, "secp256k1-pub"},    {0xea, "bls12_381-g1-pub"},
	{0xeb, "bls12_381-g2-pub"}, {0xec, "x25519-pub"},
	{0xed, "ed25519-pub"},      {0x1200, "p256-pub"},
	{0x1201, "p384-pub"},       {0x1202, "p521-pub"},
	{0x1203, "ed448-pub"},      {0x1204, "x448-pub"},
	{0x1205, "rsa-pub"},        {0x1300, "ed25519-priv"},
	{0x1301, "secp256k1-priv"}, {0x1302, "x25519-priv"},
	{0x1305, "rsa-priv"},       {0x1306, "p256-priv"},
};

static const char *
codec_name(uint32_t code)
{
	for (size_t i = 0; i < sizeof codec_names / sizeof *codec_names; i++)
		if (codec_names[i].code == code)
			return codec_names[i].name;
	return _("unknown");
}

/* An unsigned varint (multiformats): minimal, at most 4 bytes here. */
static int
varint_read(const unsigned char *p, size_t n, uint32_t *v, size_t *used)
{
	uint32_t x = 0;

	for (size_t i = 0; i < n && i < 4; i++) {
		x |= (uint32_t)(p[i] & 0x7f) << (7 * i);
		if ((p[i] & 0x80) == 0) {
			if (i > 0 && p[i] == 0)
				return -1;
			*v = x;
			*used = i + 1;
			return 0;
		}
	}
	return -1;
}

static enum cairn_err
multikey_bytes(const unsigned char *raw, size_t len, struct pubkey *k,
               struct cairn_error *err)
{
	uint32_t code;
	size_t used;

	if (varint_read(raw, len, &code, &used) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the multikey does not start with a multicodec prefix"));
	raw += used;
	len -= used;
	switch (code) {
	case CODEC_ED25519_PUB:
		if (len != 32)
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the Ed25519 multikey holds %zu key bytes, not 32"), len);
		memcpy(k->ed25519, raw, 32);
		k->type = KEY_ED25519;
		return CAIRN_OK;
	case CODEC_P256_PUB:
		if (len != 33)
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the P-256 multikey holds %zu key bytes, not a 33-byte compressed point"),
			                       len);
		return p256_set(k, raw, len, _("multikey"), err);
	default:
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("multikey codec %s (0x%x) is not supported"),
		                       codec_name(code), (unsigned)code);
	}
}

enum cairn_err
key_from_multikey(const char *multibase, struct pubkey *k,
                  struct cairn_error *err)
{
	unsigned char *raw = NULL;
	size_t len = 0;
	enum cairn_err rc;

	memset(k, 0, sizeof *k);
	if (multibase == NULL || multibase[0] != 'z')
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("a multikey is base58btc multibase, starting with 'z'"));
	rc = multibase_decode(multibase, &raw, &len, err);
	if (rc == CAIRN_OK)
		rc = multikey_bytes(raw, len, k, err);
	free(raw);
	if (rc != CAIRN_OK)
		pubkey_clear(k);
	return rc;
}

/* ---- did:key -------------------------------------------------------- */

#define DID_KEY_PREFIX "did:key:"

static char *
concat3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/* The X25519 key agreement key of an Ed25519 key, as a multikey. */
static enum cairn_err
x25519_multikey(const struct pubkey *k, char **out, struct cairn_error *err)
{
	unsigned char mk[2 + crypto_scalarmult_curve25519_BYTES];

	*out = NULL;
	mk[0] = CODEC_X25519_PUB;
	mk[1] = 0x01;
	if (crypto_sign_ed25519_pk_to_curve25519(mk + 2, k->ed25519) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the did:key Ed25519 key is not a valid curve point"));
	*out = multibase_base58btc(mk, sizeof mk);
	return *out == NULL ? oom(err) : CAIRN_OK;
}

/* {id, type: Multikey, controller, publicKeyMultibase}, and the method's
 * id appended to each relationship array. */
static int
doc_add_method(cJSON *doc, const char *did, const char *mb,
               const char *const *relations, size_t nrel)
{
	cJSON *vms = cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod");
	cJSON *m = cJSON_CreateObject();
	char *id = concat3(did, "#", mb);
	int ok = m != NULL && id != NULL;

	ok = ok && cJSON_AddStringToObject(m, "id", id) != NULL &&
	     cJSON_AddStringToObject(m, "type", "Multikey") != NULL &&
	     cJSON_AddStringToObject(m, "controller", did) != NULL &&
	     cJSON_AddStringToObject(m, "publicKeyMultibase", mb) != NULL &&
	     cJSON_AddItemToArray(vms, m);
	if (!ok)
		cJSON_Delete(m);
	for (size_t i = 0; ok && i < nrel; i++) {
		cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, relations[i]);
		cJSON *ref = cJSON_CreateString(id);

		if (arr == NULL)
			arr = cJSON_AddArrayToObject(doc, relations[i]);
		ok = arr != NULL && ref != NULL && cJSON_AddItemToArray(arr, ref);
		if (!ok)
			cJSON_Delete(ref);
	}
	free(id);
	return ok;
}

/* The DID document as the did:key method specification's Document
 * Creation Algorithm builds it with its defaults: Multikey methods, the
 * DID v1 and Multikey v1 contexts, and for an Ed25519 key the derived
 * X25519 key agreement method. */
static enum cairn_err
did_key_document(const char *did, const char *mb, const struct pubkey *k,
                 cJSON **out, struct cairn_error *err)
{
	static const char *const signing[] = {
		"authentication", "assertionMethod", "capabilityInvocation",
		"capabilityDelegation",
	};
	static const char *const agreement[] = {"keyAgreement"};
	static const char *const contexts[] = {
		"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
	};
	cJSON *doc = cJSON_CreateObject(), *ctx = cJSON_CreateStringArray(contexts, 2);
	char *xmb = NULL;
	enum cairn_err rc = CAIRN_OK;
	int ok;

	*out = NULL;
	ok = doc != NULL && ctx != NULL && cJSON_AddItemToObject(doc, "@context", ctx);
	if (!ok)
		cJSON_Delete(ctx);
	ok = ok && cJSON_AddStringToObject(doc, "id", did) != NULL &&
	     cJSON_AddArrayToObject(doc, "verificationMethod") != NULL &&
	     doc_add_method(doc, did, mb, signing, sizeof signing / sizeof *signing);
	if (ok && k->type == KEY_ED25519) {
		rc = x25519_multikey(k, &xmb, err);
		ok = rc != CAIRN_OK || doc_add_method(doc, did, xmb, agreement, 1);
	}
	free(xmb);
	if (rc == CAIRN_OK && !ok)
		rc = oom(err);
	if (rc != CAIRN_OK) {
		cJSON_Delete(doc);
		return rc;
	}
	*out = doc;
	return CAIRN_OK;
}

static enum cairn_err
did_key_parse(const char *did, struct pubkey *k, cJSON **doc,
              struct cairn_error *err)
{
	const size_t max = sizeof DID_KEY_PREFIX + 2 * (size_t)CAIRN_MAX_MULTIBASE;
	const char *mb, *frag = NULL;
	size_t total, mblen;
	char *id = NULL, *value = NULL, *xmb = NULL;
	enum cairn_err rc;
	char q[EXCERPT_MAX + 4];

	total = strnlen(did, max + 1);
	if (total > max)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the did:key DID is too long"));
	if (strncmp(did, DID_KEY_PREFIX, strlen(DID_KEY_PREFIX)) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("%s is not a did:key DID"),
		                       excerpt(did, total, q));
	mb = did + strlen(DID_KEY_PREFIX);
	mblen = strcspn(mb, "#?/");
	if (mb[mblen] == '?' || mb[mblen] == '/')
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the did:key URL %s has a path or query, so it names no key"),
		                       excerpt(did, total, q));
	if (mb[mblen] == '#')
		frag = mb + mblen + 1;
	if (mblen == 0 || mb[0] != 'z')
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the did:key DID %s does not hold a base58btc multibase key ('z...')"),
		                       excerpt(did, total, q));
	id = malloc(strlen(DID_KEY_PREFIX) + mblen + 1);
	if (id == NULL)
		return oom(err);
	memcpy(id, did, strlen(DID_KEY_PREFIX) + mblen);
	id[strlen(DID_KEY_PREFIX) + mblen] = '\0';
	value = id + strlen(DID_KEY_PREFIX);
	rc = key_from_multikey(value, k, err);
	/* every method of a did:key document is did#multibase; the X25519
	 * key agreement method is one too, but it cannot sign */
	if (rc == CAIRN_OK && frag != NULL && strcmp(frag, value) != 0) {
		if (k->type == KEY_ED25519)
			rc = x25519_multikey(k, &xmb, err);
		if (rc == CAIRN_OK && xmb != NULL && strcmp(frag, xmb) == 0)
			rc = cairn_error_set(err, CAIRN_ERR_CHECK,
			                     _("#%s is the did:key key agreement (X25519) key, which cannot sign"),
			                     excerpt(frag, strlen(frag), q));
		else if (rc == CAIRN_OK)
			rc = cairn_error_set(err, CAIRN_ERR_CHECK,
			                     _("the fragment #%s does not name the did:key DID's key"),
			                     excerpt(frag, strlen(frag), q));
	}
	if (rc == CAIRN_OK && doc != NULL)
		rc = did_key_document(id, value, k, doc, err);
	free(xmb);
	free(id);
	return rc;
}

enum cairn_err
key_from_did_key(const char *did, struct pubkey *k, cJSON **doc,
                 struct cairn_error *err)
{
	enum cairn_err rc;

	memset(k, 0, sizeof *k);
	if (doc != NULL)
		*doc = NULL;
	if (did == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("no did:key DID"));
	rc = did_key_parse(did, k, doc, err);
	if (rc != CAIRN_OK)
		pubkey_clear(k);
	return rc;
}

/* ---- JWK ------------------------------------------------------------ */

/* A base64url member of at most max decoded bytes. */
static enum cairn_err
jwk_bytes(const cJSON *jwk, const char *name, size_t max, unsigned char **out,
          size_t *len, struct cairn_error *err)
{
	const char *s = json_str(jwk, name);
	size_t n;

	*out = NULL;
	if (s == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the JWK has no \"%s\" member"), name);
	n = strlen(s);
	if (n > (max + 2) / 3 * 4 + 4)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the JWK member \"%s\" is too long"), name);
	if (b64url_decode(s, n, out, len) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the JWK member \"%s\" is not base64url"), name);
	return CAIRN_OK;
}

/* A member that must decode to exactly want bytes. */
static enum cairn_err
jwk_fixed(const cJSON *jwk, const char *name, unsigned char *out, size_t want,
          struct cairn_error *err)
{
	unsigned char *raw;
	size_t len = 0;
	enum cairn_err rc = jwk_bytes(jwk, name, want, &raw, &len, err);

	if (rc != CAIRN_OK)
		return rc;
	if (len != want)
		rc = cairn_error_set(err, CAIRN_ERR_CHECK,
		                     _("the JWK member \"%s\" is %zu bytes, not %zu"),
		                     name, len, want);
	else
		memcpy(out, raw, want);
	free(raw);
	return rc;
}

static enum cairn_err
jwk_parse(const cJSON *jwk, struct pubkey *k, struct cairn_error *err)
{
	const char *kty = json_str(jwk, "kty"), *crv = json_str(jwk, "crv");
	char q[EXCERPT_MAX + 4];

	if (!cJSON_IsObject(jwk))
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the JWK is not a JSON object"));
	if (kty == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the JWK has no \"kty\" member"));
	/* "d" and the other private members are never read */
	if (strcmp(kty, "OKP") == 0) {
		if (crv == NULL || strcmp(crv, "Ed25519") != 0)
			return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
			                       _("JWK curve %s is not supported (OKP keys: Ed25519)"),
			                       crv == NULL ? _("(none)") : excerpt(crv, strlen(crv), q));
		k->type = KEY_ED25519;
		return jwk_fixed(jwk, "x", k->ed25519, 32, err);
	}
	if (strcmp(kty, "EC") == 0) {
		unsigned char pt[65];
		enum cairn_err rc;

		if (crv == NULL || strcmp(crv, "P-256") != 0)
			return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
			                       _("JWK curve %s is not supported (EC keys: P-256)"),
			                       crv == NULL ? _("(none)") : excerpt(crv, strlen(crv), q));
		pt[0] = 0x04;
		rc = jwk_fixed(jwk, "x", pt + 1, 32, err);
		if (rc == CAIRN_OK)
			rc = jwk_fixed(jwk, "y", pt + 33, 32, err);
		if (rc == CAIRN_OK)
			rc = p256_set(k, pt, sizeof pt, "JWK", err);
		return rc;
	}
	if (strcmp(kty, "RSA") == 0) {
		unsigned char *n = NULL, *e = NULL;
		size_t nlen = 0, elen = 0;
		enum cairn_err rc;

		/* one more byte than the limit lets a leading zero through,
		 * so that rsa_set names the real problem */
		rc = jwk_bytes(jwk, "n", CAIRN_MAX_RSA_BITS / 8 + 1, &n, &nlen, err);
		if (rc == CAIRN_OK)
			rc = jwk_bytes(jwk, "e", CAIRN_MAX_RSA_E_BITS / 8 + 1, &e, &elen, err);
		if (rc == CAIRN_OK)
			rc = rsa_set(k, n, nlen, e, elen, err);
		free(n);
		free(e);
		return rc;
	}
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
	                       _("JWK key type %s is not supported (OKP, EC, RSA)"),
	                       excerpt(kty, strlen(kty), q));
}

enum cairn_err
key_from_jwk(const cJSON *jwk, struct pubkey *k, struct cairn_error *err)
{
	enum cairn_err rc;

	memset(k, 0, sizeof *k);
	rc = jwk_parse(jwk, k, err);
	if (rc != CAIRN_OK)
		pubkey_clear(k);
	return rc;
}

/* ---- DER (just enough for SubjectPublicKeyInfo) --------------------- */

#define DER_INTEGER    0x02
#define DER_BIT_STRING 0x03
#define DER_NULL       0x05
#define DER_OID        0x06
#define DER_SEQUENCE   0x30

struct der {
	const unsigned char *p;
	size_t len;
};

/* Reads the next element of d, which must have the given tag, with a
 * minimal definite length of at most two bytes (the PEM limit is far
 * below 64 KiB). */
static int
der_next(struct der *d, unsigned char tag, struct der *out)
{
	size_t len, hdr = 2;

	if (d->len < 2 || d->p[0] != tag)
		return -1;
	len = d->p[1];
	if (len & 0x80) {
		size_t nb = len & 0x7f;

		if (nb == 0 || nb > 2 || d->len < 2 + nb)
			return -1;
		len = 0;
		for (size_t i = 0; i < nb; i++)
			len = len << 8 | d->p[2 + i];
		if (len < 0x80 || (nb == 2 && len < 0x100))
			return -1;
		hdr += nb;
	}
	if (len > d->len - hdr)
		return -1;
	out->p = d->p + hdr;
	out->len = len;
	d->p += hdr + len;
	d->len -= hdr + len;
	return 0;
}

/* A non-negative INTEGER, minimally encoded; its magnitude without the
 * sign byte. */
static int
der_uint(struct der *d, struct der *out)
{
	if (der_next(d, DER_INTEGER, out) != 0 || out->len == 0)
		return -1;
	if (out->p[0] & 0x80)
		return -1;
	if (out->len > 1 && out->p[0] == 0 && (out->p[1] & 0x80) == 0)
		return -1;
	if (out->p[0] == 0 && out->len > 1) {
		out->p++;
		out->len--;
	}
	return 0;
}

static int
der_is(const struct der *d, const unsigned char *v, size_t n)
{
	return d->len == n && memcmp(d->p, v, n) == 0;
}

/* An OID in dotted form, for messages. */
static const char *
oid_text(const struct der *oid, char *buf, size_t size)
{
	unsigned long v = 0;
	size_t o = 0;
	int first = 1;

	buf[0] = '\0';
	for (size_t i = 0; i < oid->len && o + 24 < size; i++) {
		if (v > (unsigned long)-1 >> 8) {
			snprintf(buf + o, size - o, "...");
			return buf;
		}
		v = v << 7 | (oid->p[i] & 0x7fU);
		if (oid->p[i] & 0x80)
			continue;
		if (first) {
			unsigned long arc = v < 40 ? 0 : v < 80 ? 1 : 2;

			o += (size_t)snprintf(buf + o, size - o, "%lu.%lu", arc, v - 40 * arc);
			first = 0;
		} else {
			o += (size_t)snprintf(buf + o, size - o, ".%lu", v);
		}
		v = 0;
	}
	return buf;
}

static const unsigned char oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}; /* 1.2.840.113549.1.1.1 */
static const unsigned char oid_ec[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}; /* 1.2.840.10045.2.1 */
static const unsigned char oid_p256[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}; /* 1.2.840.10045.3.1.7 */
static const unsigned char oid_ed25519[] = {0x2b, 0x65, 0x70}; /* 1.3.101.112 */

/* PKCS #1 RSAPublicKey: SEQUENCE { modulus, publicExponent }. */
static enum cairn_err
pkcs1_parse(const unsigned char *p, size_t len, struct pubkey *k,
            struct cairn_error *err)
{
	struct der all = {p, len}, seq, n, e;

	if (der_next(&all, DER_SEQUENCE, &seq) != 0 || all.len != 0 ||
	    der_uint(&seq, &n) != 0 || der_uint(&seq, &e) != 0 || seq.len != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the PEM key is not a DER RSAPublicKey (modulus, exponent)"));
	return rsa_set(k, n.p, n.len, e.p, e.len, err);
}

/* SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { algorithm, parameters },
 * BIT STRING key }. */
static enum cairn_err
spki_parse(const unsigned char *p, size_t len, struct pubkey *k,
           struct cairn_error *err)
{
	static const unsigned char der_null[] = {DER_NULL, 0x00};
	struct der all = {p, len}, spki, alg, oid, params, curve, bits;
	char text[64];

	if (der_next(&all, DER_SEQUENCE, &spki) != 0 || all.len != 0 ||
	    der_next(&spki, DER_SEQUENCE, &alg) != 0 ||
	    der_next(&spki, DER_BIT_STRING, &bits) != 0 || spki.len != 0 ||
	    der_next(&alg, DER_OID, &oid) != 0 || oid.len == 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the PEM key is not a DER SubjectPublicKeyInfo"));
	params = alg;
	if (bits.len < 1 || bits.p[0] != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the PEM key's bit string is not whole bytes"));
	bits.p++;
	bits.len--;
	if (der_is(&oid, oid_rsa, sizeof oid_rsa)) {
		if (params.len != 0 && !der_is(&params, der_null, sizeof der_null))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the PEM RSA key has parameters other than NULL"));
		return pkcs1_parse(bits.p, bits.len, k, err);
	}
	if (der_is(&oid, oid_ec, sizeof oid_ec)) {
		if (der_next(&params, DER_OID, &curve) != 0 || params.len != 0)
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the PEM EC key does not name its curve"));
		if (!der_is(&curve, oid_p256, sizeof oid_p256))
			return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
			                       _("the PEM EC key's curve %s is not supported (P-256 only)"),
			                       oid_text(&curve, text, sizeof text));
		return p256_set(k, bits.p, bits.len, "PEM", err);
	}
	if (der_is(&oid, oid_ed25519, sizeof oid_ed25519)) {
		if (params.len != 0 || bits.len != 32)
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the PEM Ed25519 key is not 32 bytes without parameters"));
		memcpy(k->ed25519, bits.p, 32);
		k->type = KEY_ED25519;
		return CAIRN_OK;
	}
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
	                       _("the PEM key's algorithm %s is not supported (RSA, EC P-256, Ed25519)"),
	                       oid_text(&oid, text, sizeof text));
}

/* ---- PEM ------------------------------------------------------------ */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static enum cairn_err
pem_parse(const char *pem, size_t len, struct pubkey *k, struct cairn_error *err)
{
	static const char begin[] = "-----BEGIN ", end[] = "-----END ", dashes[] = "-----";
	const char *s = pem, *stop = pem + len, *label, *body, *tail;
	size_t label_len, cap, got = 0;
	unsigned char *der;
	enum cairn_err rc;
	int pkcs1;
	char q[EXCERPT_MAX + 4];

	if (len > CAIRN_MAX_PEM)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the PEM key is larger than %lu bytes"), CAIRN_MAX_PEM);
	if (memchr(pem, '\0', len) != NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the PEM key holds a NUL byte"));
	while (s < stop && is_space(*s))
		s++;
	if ((size_t)(stop - s) < sizeof begin - 1 || memcmp(s, begin, sizeof begin - 1) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("no \"-----BEGIN PUBLIC KEY-----\" line in the PEM key"));
	label = s + sizeof begin - 1;
	body = find(label, (size_t)(stop - label), dashes);
	if (body == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the PEM BEGIN line is not closed"));
	label_len = (size_t)(body - label);
	body += sizeof dashes - 1;
	if (label_len == strlen("PUBLIC KEY") && memcmp(label, "PUBLIC KEY", label_len) == 0)
		pkcs1 = 0;
	else if (label_len == strlen("RSA PUBLIC KEY") &&
	         memcmp(label, "RSA PUBLIC KEY", label_len) == 0)
		pkcs1 = 1;
	else
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("the PEM block holds a %s, not a public key"),
		                       excerpt(label, label_len, q));
	tail = find(body, (size_t)(stop - body), end);
	if (tail == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the PEM key has no END line"));
	s = tail + sizeof end - 1;
	if ((size_t)(stop - s) < label_len + sizeof dashes - 1 ||
	    memcmp(s, label, label_len) != 0 ||
	    memcmp(s + label_len, dashes, sizeof dashes - 1) != 0)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the PEM END line does not match its BEGIN line"));
	for (s += label_len + sizeof dashes - 1; s < stop; s++)
		if (!is_space(*s))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("text follows the PEM END line"));
	if (!b64_chars_ok(body, (size_t)(tail - body), 0))
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the PEM key is not base64"));
	cap = (size_t)(tail - body) / 4 * 3 + 3;
	der = malloc(cap);
	if (der == NULL)
		return oom(err);
	if (sodium_base642bin(der, cap, body, (size_t)(tail - body), " \t\r\n", &got,
	                      NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(der);
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the PEM key is not base64"));
	}
	rc = pkcs1 ? pkcs1_parse(der, got, k, err) : spki_parse(der, got, k, err);
	free(der);
	return rc;
}

enum cairn_err
key_from_pem(const char *pem, size_t len, struct pubkey *k,
             struct cairn_error *err)
{
	enum cairn_err rc;

	memset(k, 0, sizeof *k);
	if (pem == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("no PEM key"));
	rc = pem_parse(pem, len, k, err);
	if (rc != CAIRN_OK)
		pubkey_clear(k);
	return rc;
}

/* ---- verification methods ------------------------------------------- */

static enum cairn_err
method_base58(const char *b58, struct pubkey *k, struct cairn_error *err)
{
	unsigned char *raw = NULL;
	size_t len = 0, n = strnlen(b58, CAIRN_MAX_MULTIBASE + 1);
	enum cairn_err rc;

	if (n == 0 || n > CAIRN_MAX_MULTIBASE)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("publicKeyBase58 is empty or too long"));
	rc = base58_decode(b58, n, &raw, &len, err);
	if (rc == CAIRN_OK && len != 32)
		rc = cairn_error_set(err, CAIRN_ERR_CHECK,
		                     _("publicKeyBase58 holds %zu bytes, not a 32-byte Ed25519 key"),
		                     len);
	if (rc == CAIRN_OK) {
		memcpy(k->ed25519, raw, 32);
		k->type = KEY_ED25519;
	}
	free(raw);
	return rc;
}

/* The member a typed method must have. */
static const char *
method_member(const cJSON *m, const char *type, const char *name,
              struct cairn_error *err)
{
	const char *v = json_str(m, name);

	if (v == NULL)
		cairn_error_set(err, CAIRN_ERR_CHECK,
		                _("the %s verification method has no %s"), type, name);
	return v;
}

static enum cairn_err
method_parse(const cJSON *m, struct pubkey *k, struct cairn_error *err)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(m, "type");
	const char *v, *pem = json_str(m, "publicKeyPem");
	const cJSON *jwk;
	enum cairn_err rc;
	char q[EXCERPT_MAX + 4];

	if (!cJSON_IsObject(m))
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the verification method is not a JSON object"));
	if (json_has_string(type, "Ed25519VerificationKey2020")) {
		v = method_member(m, "Ed25519VerificationKey2020", "publicKeyMultibase", err);
		if (v == NULL)
			return CAIRN_ERR_CHECK;
		rc = key_from_multikey(v, k, err);
		if (rc == CAIRN_OK && k->type != KEY_ED25519)
			rc = cairn_error_set(err, CAIRN_ERR_CHECK,
			                     _("the Ed25519VerificationKey2020 method holds a %s key"),
			                     key_type_name(k->type));
		return rc;
	}
	if (json_has_string(type, "Multikey")) {
		v = method_member(m, "Multikey", "publicKeyMultibase", err);
		return v == NULL ? CAIRN_ERR_CHECK : key_from_multikey(v, k, err);
	}
	if (json_has_string(type, "Ed25519VerificationKey2018")) {
		v = method_member(m, "Ed25519VerificationKey2018", "publicKeyBase58", err);
		return v == NULL ? CAIRN_ERR_CHECK : method_base58(v, k, err);
	}
	if (json_has_string(type, "JsonWebKey2020") || json_has_string(type, "JsonWebKey")) {
		jwk = cJSON_GetObjectItemCaseSensitive(m, "publicKeyJwk");
		if (!cJSON_IsObject(jwk))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the %s verification method has no publicKeyJwk"),
			                       json_has_string(type, "JsonWebKey") ? "JsonWebKey" : "JsonWebKey2020");
		return key_from_jwk(jwk, k, err);
	}
	if (pem != NULL)
		return key_from_pem(pem, strlen(pem), k, err);
	if (cJSON_IsString(type))
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("verification method type %s is not supported"),
		                       excerpt(type->valuestring, strlen(type->valuestring), q));
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
	                       _("the verification method has no type cairn reads and no publicKeyPem"));
}

enum cairn_err
key_from_method(const cJSON *method, struct pubkey *k, struct cairn_error *err)
{
	enum cairn_err rc;

	memset(k, 0, sizeof *k);
	rc = method_parse(method, k, err);
	if (rc != CAIRN_OK)
		pubkey_clear(k);
	return rc;
}

/* ---- signatures ----------------------------------------------------- */

static enum cairn_err
bad_signature(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_CHECK, _("the signature does not verify"));
}

enum cairn_err
sig_verify_ed25519(const struct pubkey *k, const unsigned char *msg, size_t len,
                   const unsigned char *sig, size_t siglen,
                   struct cairn_error *err)
{
	if (k == NULL || k->type != KEY_ED25519)
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("an Ed25519 signature needs an Ed25519 key (this key: %s)"),
		                       key_type_name(k == NULL ? KEY_NONE : k->type));
	if (sig == NULL || siglen != crypto_sign_BYTES)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the Ed25519 signature is %zu bytes, not %d"),
		                       sig == NULL ? 0 : siglen, crypto_sign_BYTES);
	if (crypto_sign_verify_detached(sig, msg, len, k->ed25519) != 0)
		return bad_signature(err);
	return CAIRN_OK;
}

static enum cairn_err
es256_verify(const struct pubkey *k, const unsigned char digest[32],
             const unsigned char *sig, size_t siglen, struct cairn_error *err)
{
	struct ecc_point pub;
	struct dsa_signature rs;
	mpz_t x, y;
	int ok;

	if (siglen != 64)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("an ES256 signature is 64 bytes (r || s), not %zu"),
		                       siglen);
	ecc_point_init(&pub, nettle_get_secp_256r1());
	mpz_init(x);
	mpz_init(y);
	mpz_from_bytes(x, k->p256 + 1, 32);
	mpz_from_bytes(y, k->p256 + 33, 32);
	ok = k->p256[0] == 0x04 && ecc_point_set(&pub, x, y);
	mpz_clear(x);
	mpz_clear(y);
	if (!ok) {
		ecc_point_clear(&pub);
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the P-256 key is not a point on the curve"));
	}
	dsa_signature_init(&rs);
	mpz_from_bytes(rs.r, sig, 32);
	mpz_from_bytes(rs.s, sig + 32, 32);
	ok = ecdsa_verify(&pub, 32, digest, &rs);
	dsa_signature_clear(&rs);
	ecc_point_clear(&pub);
	return ok ? CAIRN_OK : bad_signature(err);
}

/* RS256 (PKCS #1 v1.5) or PS256 (PSS, MGF1 with SHA-256, 32-byte salt,
 * RFC 7518 §3.5).  The signature is exactly as long as the modulus
 * (RFC 8017 §8.2.2 step 1). */
static enum cairn_err
rsa_verify(const struct pubkey *k, int pss, const unsigned char digest[32],
           const unsigned char *sig, size_t siglen, struct cairn_error *err)
{
	struct rsa_public_key pub;
	mpz_t s;
	int ok;

	if (k->rsa_n == NULL || k->rsa_e == NULL || k->rsa_n_len == 0 ||
	    k->rsa_e_len == 0 || k->rsa_n_len > CAIRN_MAX_RSA_BITS / 8 ||
	    k->rsa_e_len > CAIRN_MAX_RSA_E_BITS / 8)
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the RSA key is not usable"));
	rsa_public_key_init(&pub);
	mpz_from_bytes(pub.n, k->rsa_n, k->rsa_n_len);
	mpz_from_bytes(pub.e, k->rsa_e, k->rsa_e_len);
	if (!rsa_public_key_prepare(&pub)) {
		rsa_public_key_clear(&pub);
		return cairn_error_set(err, CAIRN_ERR_CHECK, _("the RSA key is not usable"));
	}
	if (siglen != pub.size) {
		size_t size = pub.size;

		rsa_public_key_clear(&pub);
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the RSA signature is %zu bytes, not the modulus's %zu"),
		                       siglen, size);
	}
	mpz_init(s);
	mpz_from_bytes(s, sig, siglen);
	ok = pss ? rsa_pss_sha256_verify_digest(&pub, 32, digest, s)
	         : rsa_sha256_verify_digest(&pub, digest, s);
	mpz_clear(s);
	rsa_public_key_clear(&pub);
	return ok ? CAIRN_OK : bad_signature(err);
}

static enum cairn_err
alg_key_mismatch(const char *alg, const struct pubkey *k, struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
	                       _("JWS algorithm %s does not fit this key (%s)"), alg,
	                       key_type_name(k == NULL ? KEY_NONE : k->type));
}

enum cairn_err
jws_verify(const char *alg, const struct pubkey *k, const unsigned char *input,
           size_t len, const unsigned char *sig, size_t siglen,
           struct cairn_error *err)
{
	unsigned char digest[HASH_SHA256_BYTES];
	enum key_type need;
	int pss = 0;
	char q[EXCERPT_MAX + 4];

	if (alg == NULL)
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED, _("the JWS names no algorithm"));
	/* "Ed25519" is the fully specified name (RFC 9864) */
	if (strcmp(alg, "EdDSA") == 0 || strcmp(alg, "Ed25519") == 0) {
		need = KEY_ED25519;
	} else if (strcmp(alg, "ES256") == 0) {
		need = KEY_P256;
	} else if (strcmp(alg, "RS256") == 0) {
		need = KEY_RSA;
	} else if (strcmp(alg, "PS256") == 0) {
		need = KEY_RSA;
		pss = 1;
	} else if (strcmp(alg, "none") == 0) {
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the JWS is not signed (algorithm \"none\")"));
	} else {
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("JWS algorithm %s is not supported"),
		                       excerpt(alg, strlen(alg), q));
	}
	if (k == NULL || k->type != need)
		return alg_key_mismatch(alg, k, err);
	if (sig == NULL)
		siglen = 0;
	if (need == KEY_ED25519)
		return sig_verify_ed25519(k, input, len, sig, siglen, err);
	hash_sha256(input, len, digest);
	if (need == KEY_P256)
		return es256_verify(k, digest, sig, siglen, err);
	return rsa_verify(k, pss, digest, sig, siglen, err);
}

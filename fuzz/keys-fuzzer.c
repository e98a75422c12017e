/* libFuzzer target: the key readers on any bytes — multibase, multikey,
 * did:key (with its document), PEM, and (when the bytes are JSON) JWK and
 * verification methods; every key read is then used to check a signature
 * made of the same bytes.  What is decoded must encode back to the same
 * text, since both encodings have one spelling per value. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json.h"
#include "cairn_limits.h"
#include "verify/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
use_key(const struct pubkey *k, const uint8_t *data, size_t size)
{
	static const char *const algs[] = {"EdDSA", "ES256", "RS256", "PS256"};
	struct cairn_error err;

	for (size_t i = 0; i < sizeof algs / sizeof *algs; i++)
		(void)jws_verify(algs[i], k, data, size, data, size, &err);
	(void)sig_verify_ed25519(k, data, size, data, size, &err);
}

static void
check_multibase(const char *s)
{
	struct cairn_error err;
	unsigned char *raw;
	size_t len;
	char *back;

	if (multibase_decode(s, &raw, &len, &err) != CAIRN_OK)
		return;
	back = s[0] == 'z' ? multibase_base58btc(raw, len) : multibase_base64url(raw, len);
	if (back == NULL || strcmp(back, s) != 0)
		abort(); /* two spellings of one value */
	free(back);
	free(raw);
}

static void
check_multikey(const char *s, const uint8_t *data, size_t size)
{
	struct cairn_error err;
	struct pubkey k;
	unsigned char mk[35];
	char *back = NULL;

	if (key_from_multikey(s, &k, &err) != CAIRN_OK)
		return;
	if (k.type == KEY_ED25519) {
		mk[0] = 0xed;
		mk[1] = 0x01;
		memcpy(mk + 2, k.ed25519, 32);
		back = multibase_base58btc(mk, 34);
	} else if (k.type == KEY_P256) {
		mk[0] = 0x80;
		mk[1] = 0x24;
		mk[2] = (unsigned char)(0x02 | (k.p256[64] & 1));
		memcpy(mk + 3, k.p256 + 1, 32);
		back = multibase_base58btc(mk, 35);
	}
	if (back == NULL || strcmp(back, s) != 0)
		abort(); /* the key read is not the key written */
	free(back);
	use_key(&k, data, size);
	pubkey_clear(&k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct cairn_error err;
	struct pubkey k;
	cJSON *doc = NULL, *v = NULL;
	char *s;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	if (size > CAIRN_MAX_IMPORT_SIZE)
		return 0;
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_multibase(s);
	check_multikey(s, data, size);
	if (key_from_did_key(s, &k, &doc, &err) == CAIRN_OK) {
		char *text = cJSON_PrintUnformatted(doc);

		if (doc == NULL || text == NULL)
			abort();
		free(text);
		cJSON_Delete(doc);
		use_key(&k, data, size);
		pubkey_clear(&k);
	}
	if (key_from_pem((const char *)data, size, &k, &err) == CAIRN_OK) {
		use_key(&k, data, size);
		pubkey_clear(&k);
	}
	if (json_parse(data, size, CAIRN_MAX_IMPORT_SIZE, "fuzz", &v, &err) == CAIRN_OK) {
		if (key_from_jwk(v, &k, &err) == CAIRN_OK) {
			use_key(&k, data, size);
			pubkey_clear(&k);
		}
		if (key_from_method(v, &k, &err) == CAIRN_OK) {
			use_key(&k, data, size);
			pubkey_clear(&k);
		}
		cJSON_Delete(v);
	}
	free(s);
	return 0;
}

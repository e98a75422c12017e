/* libFuzzer target: eddsa-rdfc-2022, Ed25519Signature2020 and the context
 * store.  The input is read as JSON; when it is an object with a proof,
 * each proof is verified with a fixed key (seed bytes 0, 1, ..., 31) under
 * the installed contexts (CAIRN_DATA_DIR, else the installed data
 * directory) and its hash data computed; the input is also offered as a
 * user-added context.  Results must be one of the documented codes, with
 * a message on failure. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/jsonld.h"

#define FUZZ_MAX_INPUT (1UL << 20)
#define FUZZ_MAX_PROOFS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pubkey key;
static struct jsonld_loader *loader;

static void
check_one(const cJSON *doc, const cJSON *unsecured, const cJSON *proof)
{
	struct cairn_error err = {0};
	unsigned char hash[64];
	enum cairn_err rc = di_rdfc_verify(doc, proof, &key, loader, &err);

	if (rc != CAIRN_OK && rc != CAIRN_ERR_CHECK && rc != CAIRN_ERR_UNDECIDED &&
	    rc != CAIRN_ERR_IO)
		abort();
	if (rc != CAIRN_OK && (err.msg[0] == '\0' || err.code != rc))
		abort();
	memset(&err, 0, sizeof err);
	rc = di_rdfc_hash_data(unsecured, proof, loader, hash, NULL, NULL, &err);
	if (rc != CAIRN_OK && err.msg[0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const cJSON *proofs, *p;
	cJSON *doc, *unsecured, *entry = NULL;
	struct cairn_error err = {0};
	int n = 0;

	if (!ready) {
		unsigned char seed[32], sk[64];

		if (sodium_init() < 0)
			return 0;
		for (size_t i = 0; i < sizeof seed; i++)
			seed[i] = (unsigned char)i;
		key.type = KEY_ED25519;
		crypto_sign_seed_keypair(key.ed25519, sk, seed);
		if (contexts_loader_new(contexts_data_dir(), NULL, &loader, &err) != CAIRN_OK)
			abort();
		ready = 1;
	}
	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (contexts_entry_from_bytes("https://fuzz.example/context", data, size, &entry, &err) == CAIRN_OK)
		cJSON_Delete(entry);
	else if (err.msg[0] == '\0')
		abort();
	doc = cJSON_ParseWithLength((const char *)data, size);
	if (doc == NULL)
		return 0;
	proofs = cJSON_GetObjectItemCaseSensitive(doc, "proof");
	if (!cJSON_IsObject(doc) || proofs == NULL) {
		cJSON_Delete(doc);
		return 0;
	}
	unsecured = cJSON_Duplicate(doc, 1);
	if (unsecured == NULL) {
		cJSON_Delete(doc);
		return 0;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(unsecured, "proof");
	p = cJSON_IsArray(proofs) ? proofs->child : proofs;
	for (; p != NULL && n < FUZZ_MAX_PROOFS; p = cJSON_IsArray(proofs) ? p->next : NULL, n++)
		check_one(doc, unsecured, p);
	cJSON_Delete(unsecured);
	cJSON_Delete(doc);
	return 0;
}

/* A test tool: signs a credential with eddsa-jcs-2022 under a fresh
 * did:key (or one from --seed), so the command line tests have signed
 * credentials without shipping private keys.
 *
 *   sign_credential [--seed HEX32] [--keep-issuer] [--set KEY=VALUE]...
 *                   [--suite jcs|rdfc|ed2020] [--context URL=FILE]... IN OUT
 *
 * The issuer becomes the did:key unless --keep-issuer; --set replaces a
 * top-level string member before signing.  --suite rdfc signs with
 * eddsa-rdfc-2022, ed2020 with Ed25519Signature2020, under the installed
 * contexts and those given with --context. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fsutil.h"
#include "json.h"
#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/jsonld.h"
#include "verify/keys.h"

static int
usage(void)
{
	fprintf(stderr, "usage: sign_credential [--seed HEX32] [--keep-issuer] [--set K=V]... [--suite jcs|rdfc|ed2020] [--context URL=FILE]... IN OUT\n");
	return 2;
}

int
main(int argc, char **argv)
{
	unsigned char seed[32], pk[32], sk[64], mc[34] = {0xed, 0x01};
	unsigned char *data;
	size_t len;
	int keep = 0, a;
	const char *suite = "jcs";
	struct jsonld_loader *loader = NULL;
	char did[128], vm[256], *mb, *text;
	cJSON *doc, *opts, *proof = NULL;
	struct cairn_error err = {0};
	FILE *out;

	if (cairn_init(&err) != CAIRN_OK)
		return 1;
	randombytes_buf(seed, sizeof seed);
	for (a = 1; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
		if (strcmp(argv[a], "--seed") == 0 && a + 1 < argc) {
			const char *hex = argv[++a];
			if (sodium_hex2bin(seed, 32, hex, strlen(hex), NULL, &len, NULL) != 0 || len != 32)
				return usage();
		} else if (strcmp(argv[a], "--keep-issuer") == 0) {
			keep = 1;
		} else if (strcmp(argv[a], "--set") == 0 && a + 1 < argc) {
			a++; /* applied below, after the document is read */
		} else if (strcmp(argv[a], "--suite") == 0 && a + 1 < argc) {
			suite = argv[++a];
			if (strcmp(suite, "jcs") != 0 && strcmp(suite, "rdfc") != 0 &&
			    strcmp(suite, "ed2020") != 0)
				return usage();
		} else if (strcmp(argv[a], "--context") == 0 && a + 1 < argc) {
			char *eq = strchr(argv[++a], '=');
			unsigned char *ctx;
			size_t ctxlen;
			if (eq == NULL)
				return usage();
			*eq = '\0';
			if (loader == NULL &&
			    contexts_loader_new(contexts_data_dir(), NULL, &loader, &err) != CAIRN_OK) {
				fprintf(stderr, "sign_credential: %s\n", err.msg);
				return 1;
			}
			if (fs_read_file(eq + 1, 1 << 20, &ctx, &ctxlen) != 0 ||
			    jsonld_loader_add(loader, argv[a], (char *)ctx, ctxlen, &err) != CAIRN_OK) {
				fprintf(stderr, "sign_credential: %s: %s\n", eq + 1, err.msg);
				return 1;
			}
			free(ctx);
		} else {
			return usage();
		}
	}
	if (argc - a != 2)
		return usage();
	if (fs_read_file(argv[a], 1 << 24, &data, &len) != 0 ||
	    json_parse(data, len, 1 << 24, argv[a], &doc, &err) != CAIRN_OK) {
		fprintf(stderr, "sign_credential: %s\n", err.msg[0] ? err.msg : argv[a]);
		return 1;
	}
	free(data);
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(mc + 2, pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	snprintf(did, sizeof did, "did:key:%s", mb);
	snprintf(vm, sizeof vm, "%s#%s", did, mb);
	free(mb);
	if (!keep) {
		cJSON *iss = cJSON_GetObjectItem(doc, "issuer");
		if (cJSON_IsObject(iss))
			cJSON_ReplaceItemInObject(iss, "id", cJSON_CreateString(did));
		else
			cJSON_ReplaceItemInObject(doc, "issuer", cJSON_CreateString(did));
	}
	for (int i = 1; i < a; i++) {
		if (strcmp(argv[i], "--set") == 0) {
			char *kv = argv[++i], *eq = strchr(kv, '=');
			if (eq == NULL)
				return usage();
			*eq = '\0';
			cJSON_DeleteItemFromObject(doc, kv);
			cJSON_AddStringToObject(doc, kv, eq + 1);
		} else if (strcmp(argv[i], "--seed") == 0 || strcmp(argv[i], "--suite") == 0 ||
		           strcmp(argv[i], "--context") == 0) {
			i++;
		}
	}
	cJSON_DeleteItemFromObject(doc, "proof");
	opts = cJSON_CreateObject();
	if (strcmp(suite, "jcs") == 0) {
		cJSON_AddStringToObject(opts, "type", "DataIntegrityProof");
		cJSON_AddStringToObject(opts, "cryptosuite", "eddsa-jcs-2022");
	}
	cJSON_AddStringToObject(opts, "created", "2025-01-01T00:00:00Z");
	cJSON_AddStringToObject(opts, "verificationMethod", vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	if ((strcmp(suite, "jcs") == 0 ? di_jcs_sign(doc, opts, sk, &proof, &err)
	                               : di_rdfc_sign(doc, opts, sk,
	                                              strcmp(suite, "rdfc") == 0 ? DI_RDFC_EDDSA_2022
	                                                                         : DI_RDFC_ED25519_2020,
	                                              loader, &proof, &err)) != CAIRN_OK) {
		fprintf(stderr, "sign_credential: %s\n", err.msg);
		return 1;
	}
	cJSON_AddItemToObject(doc, "proof", proof);
	text = cJSON_Print(doc);
	out = fopen(argv[a + 1], "w");
	if (out == NULL || fputs(text, out) < 0 || fclose(out) != 0) {
		perror(argv[a + 1]);
		return 1;
	}
	sodium_memzero(sk, sizeof sk);
	free(text);
	cJSON_Delete(opts);
	cJSON_Delete(doc);
	jsonld_loader_free(loader);
	return 0;
}

/* bench_verify — eddsa-jcs-2022 verification rate, never pass/fail.
 *
 * Signs credentials of about 1, 2.5 and 5 KB with a did:key, then counts,
 * side by side in one run, how many per second (one core):
 *   - libsodium's bare crypto_sign_verify_detached on the same signature;
 *   - di_jcs_verify (parse done once: canonicalise, hash, check);
 *   - verify_credential on the bytes (parse JSON, resolve did:key,
 *     canonicalise, hash, check, time and status checks) — what `cairn
 *     verify` does per credential.
 * Target: the full path at least half the bare rate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "verify/dataintegrity.h"
#include "verify/keys.h"
#include "verify/verify.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cJSON *
credential(const char *did, size_t target)
{
	cJSON *c = cJSON_CreateObject(), *s, *a, *al;
	cJSON *ctx = cJSON_AddArrayToObject(c, "@context");
	char *text;
	int k = 0;

	cJSON_AddItemToArray(ctx, cJSON_CreateString("https://www.w3.org/ns/credentials/v2"));
	cJSON_AddItemToArray(ctx, cJSON_CreateString("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
	cJSON_AddStringToObject(c, "id", "urn:uuid:5b3e2b0e-0f0e-4a43-9d6e-1c2f4b0a9e11");
	s = cJSON_AddArrayToObject(c, "type");
	cJSON_AddItemToArray(s, cJSON_CreateString("VerifiableCredential"));
	cJSON_AddItemToArray(s, cJSON_CreateString("OpenBadgeCredential"));
	cJSON_AddStringToObject(c, "name", "Introduction to SQL");
	cJSON_AddStringToObject(c, "issuer", did);
	cJSON_AddStringToObject(c, "validFrom", "2025-03-01T00:00:00Z");
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "id", "did:example:learner-42");
	cJSON_AddNumberToObject(s, "creditsEarned", 5);
	a = cJSON_AddObjectToObject(s, "achievement");
	cJSON_AddStringToObject(a, "id", "https://fjord.example/achievements/sql-101");
	cJSON_AddStringToObject(a, "name", "Introduction to SQL");
	cJSON_AddStringToObject(a, "description", "Relational databases, normal forms and SQL queries, assessed by a supervised exam.");
	al = cJSON_AddArrayToObject(a, "alignment");
	for (;;) {
		cJSON *o;
		char name[64];
		text = cJSON_PrintUnformatted(c);
		if (strlen(text) + 400 >= target) { /* the proof adds about 400 */
			free(text);
			break;
		}
		free(text);
		o = cJSON_CreateObject();
		snprintf(name, sizeof name, "Skill number %d of this course", ++k);
		cJSON_AddStringToObject(o, "targetName", name);
		cJSON_AddStringToObject(o, "targetFramework", "ESCO");
		cJSON_AddStringToObject(o, "targetUrl", "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742");
		cJSON_AddItemToArray(al, o);
	}
	return c;
}

int
main(void)
{
	unsigned char pk[32], sk[64], mc[34] = {0xed, 0x01};
	char did[128], vm[256], *mb;
	const size_t sizes[] = {1000, 2500, 5000};
	struct cairn_error err = {0};

	if (cairn_init(&err) != CAIRN_OK)
		return 1;
	crypto_sign_keypair(pk, sk);
	memcpy(mc + 2, pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	snprintf(did, sizeof did, "did:key:%s", mb);
	snprintf(vm, sizeof vm, "%s#%s", did, mb);
	free(mb);

	printf("eddsa-jcs-2022 verification, one core, libsodium %s\n\n", sodium_version_string());
	printf("  size     bare Ed25519/s   di_jcs_verify/s   verify_credential/s   full / bare\n");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		cJSON *c = credential(did, sizes[k]), *opts = cJSON_CreateObject(), *proof = NULL;
		unsigned char hash[64], sig[64];
		char *text;
		size_t len, got;
		double t0, bare, di, full;
		long n;
		struct verify_ctx ctx = {0};
		struct verdict v;
		struct pubkey key = {0};

		cJSON_AddStringToObject(opts, "type", "DataIntegrityProof");
		cJSON_AddStringToObject(opts, "cryptosuite", "eddsa-jcs-2022");
		cJSON_AddStringToObject(opts, "created", "2025-03-01T00:00:00Z");
		cJSON_AddStringToObject(opts, "verificationMethod", vm);
		cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
		if (di_jcs_sign(c, opts, sk, &proof, &err) != CAIRN_OK) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		cJSON_AddItemToObject(c, "proof", proof);
		text = cJSON_PrintUnformatted(c);
		len = strlen(text);
		di_jcs_hash_data(c, proof, hash, &err);
		crypto_sign_detached(sig, NULL, hash, sizeof hash, sk);
		key_from_did_key(vm, &key, NULL, &err);
		ctx.now = time(NULL);

		n = 0;
		t0 = now();
		do {
			for (int i = 0; i < 100; i++)
				got = (size_t)crypto_sign_verify_detached(sig, hash, sizeof hash, pk);
			n += 100;
		} while (now() - t0 < 1.0);
		bare = (double)n / (now() - t0);

		n = 0;
		t0 = now();
		do {
			for (int i = 0; i < 20; i++)
				if (di_jcs_verify(c, proof, &key, &err) != CAIRN_OK)
					return 1;
			n += 20;
		} while (now() - t0 < 1.0);
		di = (double)n / (now() - t0);

		n = 0;
		t0 = now();
		do {
			for (int i = 0; i < 20; i++)
				if (verify_credential((unsigned char *)text, len, &ctx, &v, &err) != CAIRN_OK ||
				    v.overall != VERDICT_VERIFIED)
					return 1;
			n += 20;
		} while (now() - t0 < 1.0);
		full = (double)n / (now() - t0);

		printf("  %4zu B   %14.0f   %15.0f   %19.0f   %10.2f\n", len, bare, di, full, full / bare);
		(void)got;
		pubkey_clear(&key);
		free(text);
		cJSON_Delete(opts);
		cJSON_Delete(c);
	}
	return 0;
}

/* bench_verify — verification rates, never pass/fail.
 *
 * Part 1, eddsa-jcs-2022:
 *
 * Signs credentials of about 1, 2.5 and 5 KB with a did:key, then counts,
 * side by side in one run, how many per second (one core):
 *   - libsodium's bare crypto_sign_verify_detached on the same signature;
 *   - di_jcs_verify (parse done once: canonicalise, hash, check);
 *   - verify_credential on the bytes (parse JSON, resolve did:key,
 *     canonicalise, hash, check, time and status checks) — what `cairn
 *     verify` does per credential.
 * Target: the full path at least half the bare rate.
 *
 * Part 2, the RDF suites, on the credential files given as arguments
 * (make bench passes the 1EdTech OB 3.0 vector, ob-signed.json, and two
 * Digital Credentials Consortium credentials): per second on one core,
 * with the contexts loaded once, for each stage — JSON-LD toRdf of the
 * document (safe mode), RDFC-1.0 of it, di_rdfc_verify (both hashes and
 * the signature) and verify_credential on the bytes; then the peak
 * resident memory of the process (ru_maxrss).  Target: 3,000 eddsa-rdfc-2022
 * verifications per second. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sodium.h>

#include "fsutil.h"
#include "json.h"
#include "verify/contexts.h"
#include "verify/jsonld.h"
#include "verify/rdfc.h"

#include "verify/dataintegrity.h"
#include "verify/keys.h"
#include "verify/verify.h"

/* The CPU time of this process: on a shared, loaded machine a wall clock
 * would measure the neighbours too; this is the rate of one core. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

/* The key of a proof: did:key, or the multikey in the method's fragment
 * (the 1EdTech vectors). */
static int
proof_key(const cJSON *proof, struct pubkey *key)
{
	const char *vm = json_str(proof, "verificationMethod"), *frag;

	if (vm == NULL)
		return 0;
	if (strncmp(vm, "did:key:", 8) == 0)
		return key_from_did_key(vm, key, NULL, NULL) == CAIRN_OK;
	frag = strchr(vm, '#');
	return frag != NULL && key_from_multikey(frag + 1, key, NULL) == CAIRN_OK;
}

#define RATE(expr, out)                                                        \
	do {                                                                   \
		long n_ = 0;                                                   \
		double t0_ = now();                                            \
		do {                                                           \
			for (int i_ = 0; i_ < 10; i_++)                        \
				if (!(expr))                                   \
					return 1;                              \
			n_ += 10;                                              \
		} while (now() - t0_ < 1.0);                                   \
		(out) = (double)n_ / (now() - t0_);                            \
	} while (0)

static int
bench_rdf(int argc, char **argv)
{
	struct cairn_error err = {0};
	struct jsonld_loader *l = NULL;
	struct jsonld_options opts;
	struct rusage ru;
	double t0 = now();

	if (contexts_loader_new(contexts_data_dir(), NULL, &l, &err) != CAIRN_OK) {
		fprintf(stderr, "bench_verify: %s\n", err.msg);
		return 1;
	}
	printf("\nRDF suites, per second of CPU time (one core), contexts loaded once (%.1f ms)\n\n",
	       (now() - t0) * 1e3);
	printf("  credential                          size   suite                 toRdf/s   RDFC/s  di_rdfc_verify/s  verify_credential/s\n");
	memset(&opts, 0, sizeof opts);
	opts.safe = 1;
	for (int a = 1; a < argc; a++) {
		unsigned char *data = NULL;
		size_t len = 0;
		cJSON *doc = NULL, *unsecured;
		const cJSON *proof;
		struct pubkey key = {0};
		struct verify_ctx ctx = {0};
		struct verdict v;
		enum di_rdfc_suite suite;
		double r_rdf, r_c14n, r_di, r_full;
		const char *base = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];

		if (fs_read_file(argv[a], 1 << 24, &data, &len) != 0) {
			printf("  %-34s (absent: skipped)\n", base);
			continue;
		}
		if (json_parse(data, len, 1 << 24, argv[a], &doc, &err) != CAIRN_OK)
			return 1;
		proof = cJSON_GetObjectItemCaseSensitive(doc, "proof");
		if (!di_rdfc_suite_of(proof, &suite, NULL) || !proof_key(proof, &key)) {
			fprintf(stderr, "bench_verify: %s: not an RDF-suite proof with a usable key\n", argv[a]);
			return 1;
		}
		unsecured = cJSON_Duplicate(doc, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(unsecured, "proof");
		if (di_rdfc_verify(doc, proof, &key, l, &err) != CAIRN_OK) {
			fprintf(stderr, "bench_verify: %s: %s\n", argv[a], err.msg);
			return 1;
		}
		{
			struct rdf_dataset *ds = NULL;
			char *nq = NULL;

			RATE((jsonld_to_rdf(unsecured, l, &opts, &ds, &err) == CAIRN_OK &&
			      (rdf_dataset_free(ds), 1)), r_rdf);
			if (jsonld_to_rdf(unsecured, l, &opts, &ds, &err) != CAIRN_OK)
				return 1;
			RATE((rdfc_canonicalise(ds, RDFC_SHA256, &nq, NULL, NULL, &err) == CAIRN_OK &&
			      (free(nq), 1)), r_c14n);
			rdf_dataset_free(ds);
		}
		RATE(di_rdfc_verify(doc, proof, &key, l, &err) == CAIRN_OK, r_di);
		ctx.now = time(NULL);
		ctx.contexts = l;
		RATE(verify_credential(data, len, &ctx, &v, &err) == CAIRN_OK &&
		         v.checks[0].result == CHECK_OK, r_full);
		printf("  %-34s %5zu B  %-20s %8.0f %8.0f  %16.0f  %19.0f\n", base, len,
		       suite == DI_RDFC_ED25519_2020 ? "Ed25519Signature2020" : "eddsa-rdfc-2022",
		       r_rdf, r_c14n, r_di, r_full);
		pubkey_clear(&key);
		cJSON_Delete(unsecured);
		cJSON_Delete(doc);
		free(data);
	}
	jsonld_loader_free(l);
	getrusage(RUSAGE_SELF, &ru);
	printf("\n  peak resident memory: %ld KiB\n", ru.ru_maxrss);
	return 0;
}

int
main(int argc, char **argv)
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

	printf("eddsa-jcs-2022 verification, per second of CPU time (one core), libsodium %s\n\n",
	       sodium_version_string());
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
	return bench_rdf(argc, argv);
}

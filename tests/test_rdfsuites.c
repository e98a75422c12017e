/* eddsa-rdfc-2022 and Ed25519Signature2020, and the offline contexts:
 * the W3C vc-di-eddsa vectors, the 1EdTech OB 3.0 / CLR 2.0 vectors and
 * the real credentials of ../shared/vectors (skipped with a message when
 * that folder is absent), and the context store. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "credential.h"
#include "hash.h"
#include "json.h"
#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/jsonld.h"
#include "verify/keys.h"
#include "verify/trust.h"
#include "verify/verify.h"

#define VEC SHARED_VECTORS

static struct jsonld_loader *loader;

static int
setup(void **state)
{
	struct cairn_error err = {0};

	(void)state;
	if (contexts_loader_new(contexts_data_dir(), NULL, &loader, &err) != CAIRN_OK) {
		fprintf(stderr, "cannot load the installed contexts: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	jsonld_loader_free(loader);
	return 0;
}

static int
vectors_present(const char *sub)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", VEC, sub);
	if (stat(path, &st) == 0)
		return 1;
	print_message("SKIPPED: %s is absent (the shared test vectors)\n", path);
	return 0;
}

/* A file of the vectors as a NUL-terminated string. */
static char *
vec_text(const char *rel, size_t *len)
{
	char path[1024];
	size_t n;
	unsigned char *d;

	snprintf(path, sizeof path, "%s/%s", VEC, rel);
	d = th_read(path, &n);
	if (len != NULL)
		*len = n;
	return (char *)d;
}

static cJSON *
vec_json(const char *rel)
{
	size_t len;
	char *text = vec_text(rel, &len);
	cJSON *doc = NULL;
	struct cairn_error err = {0};

	if (json_parse((unsigned char *)text, len, 1 << 24, rel, &doc, &err) != CAIRN_OK)
		fail_msg("%s: %s", rel, err.msg);
	free(text);
	return doc;
}

static void
to_hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

/* The text of a file without trailing white space. */
static char *
vec_line(const char *rel)
{
	char *t = vec_text(rel, NULL);
	size_t n = strlen(t);

	while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
		t[--n] = '\0';
	return t;
}

static cJSON *
without(const cJSON *doc, const char *name)
{
	cJSON *copy = cJSON_Duplicate(doc, 1);

	cJSON_DeleteItemFromObjectCaseSensitive(copy, name);
	return copy;
}

/* ---- the W3C vc-di-eddsa vectors ------------------------------------ */

static void
check_w3c_suite(const char *dir, const char *tag, enum di_rdfc_suite suite)
{
	char rel[256], hexbuf[129];
	cJSON *signed_doc, *config, *unsigned_doc, *options, *made = NULL, *keypair;
	char *canon_doc, *canon_proof, *combined, *sig58, *nq = NULL, *pnq = NULL, *dnq = NULL;
	unsigned char hash[64], *raw = NULL, pk[32], sk[64];
	size_t rawlen = 0, len = 0;
	struct pubkey key = {0};
	struct cairn_error err = {0};
	const cJSON *proof;

	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/signed%s.json", dir, tag);
	signed_doc = vec_json(rel);
	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/proofConfig%s.json", dir, tag);
	config = vec_json(rel);
	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/canonDoc%s.txt", dir, tag);
	canon_doc = vec_text(rel, NULL);
	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/proofCanon%s.txt", dir, tag);
	canon_proof = vec_text(rel, NULL);
	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/combinedHash%s.txt", dir, tag);
	combined = vec_line(rel);
	snprintf(rel, sizeof rel, "vc-di-eddsa/%s/sigBTC58%s.txt", dir, tag);
	sig58 = vec_line(rel);
	proof = cJSON_GetObjectItemCaseSensitive(signed_doc, "proof");
	unsigned_doc = without(signed_doc, "proof");

	/* canonical N-Quads, byte for byte */
	if (di_rdfc_canonical(unsigned_doc, loader, &nq, &len, &err) != CAIRN_OK)
		fail_msg("%s document: %s", dir, err.msg);
	assert_string_equal(nq, canon_doc);
	free(nq);
	if (di_rdfc_canonical(config, loader, &nq, &len, &err) != CAIRN_OK)
		fail_msg("%s proof configuration: %s", dir, err.msg);
	assert_string_equal(nq, canon_proof);
	free(nq);

	/* the hash data, from the signed proof as it stands */
	if (di_rdfc_hash_data(unsigned_doc, proof, loader, hash, &pnq, &dnq, &err) != CAIRN_OK)
		fail_msg("%s hash data: %s", dir, err.msg);
	assert_string_equal(pnq, canon_proof);
	assert_string_equal(dnq, canon_doc);
	to_hex(hash, 64, hexbuf);
	assert_string_equal(hexbuf, combined);
	di_rdfc_hash_canonical(canon_proof, strlen(canon_proof), canon_doc, strlen(canon_doc), hash);
	to_hex(hash, 64, hexbuf);
	assert_string_equal(hexbuf, combined);

	/* the signature verifies with the did:key of the proof */
	assert_int_equal(key_from_did_key(cJSON_GetObjectItem(proof, "verificationMethod")->valuestring,
	                                  &key, NULL, &err), CAIRN_OK);
	if (di_rdfc_verify(signed_doc, proof, &key, loader, &err) != CAIRN_OK)
		fail_msg("%s verify: %s", dir, err.msg);

	/* signing with the vector's key reproduces the proofValue */
	keypair = vec_json("vc-di-eddsa/keyPair.json");
	assert_int_equal(multibase_decode(cJSON_GetObjectItem(keypair, "privateKeyMultibase")->valuestring,
	                                  &raw, &rawlen, &err), CAIRN_OK);
	assert_int_equal(rawlen, 34); /* 0x80 0x26, then the 32-byte seed */
	crypto_sign_seed_keypair(pk, sk, raw + 2);
	assert_memory_equal(pk, key.ed25519, 32);
	options = without(proof, "proofValue");
	if (di_rdfc_sign(unsigned_doc, options, sk, suite, loader, &made, &err) != CAIRN_OK)
		fail_msg("%s sign: %s", dir, err.msg);
	assert_string_equal(cJSON_GetObjectItem(made, "proofValue")->valuestring, sig58);
	assert_string_equal(cJSON_GetObjectItem(made, "type")->valuestring,
	                    suite == DI_RDFC_ED25519_2020 ? "Ed25519Signature2020" : "DataIntegrityProof");
	assert_null(cJSON_GetObjectItem(made, "@context"));

	/* a changed document no longer verifies */
	cJSON_DeleteItemFromObjectCaseSensitive(signed_doc, "validFrom");
	cJSON_AddStringToObject(signed_doc, "validFrom", "1999-01-01T00:00:00Z");
	assert_int_equal(di_rdfc_verify(signed_doc, proof, &key, loader, &err), CAIRN_ERR_CHECK);

	sodium_memzero(sk, sizeof sk);
	pubkey_clear(&key);
	free(raw);
	free(pnq);
	free(dnq);
	free(canon_doc);
	free(canon_proof);
	free(combined);
	free(sig58);
	cJSON_Delete(made);
	cJSON_Delete(options);
	cJSON_Delete(keypair);
	cJSON_Delete(unsigned_doc);
	cJSON_Delete(config);
	cJSON_Delete(signed_doc);
}

static void
test_w3c_vectors(void **state)
{
	(void)state;
	if (!vectors_present("vc-di-eddsa"))
		skip();
	check_w3c_suite("eddsa-rdfc-2022", "DataInt", DI_RDFC_EDDSA_2022);
	check_w3c_suite("Ed25519Signature2020", "EdSig", DI_RDFC_ED25519_2020);

	/* the "enhanced example" needs a context cairn does not ship: unknown,
	 * naming it, never failed or verified */
	{
		cJSON *doc = vec_json("vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json");
		const cJSON *proof = cJSON_GetObjectItem(doc, "proof");
		struct pubkey key = {0};
		struct cairn_error err = {0};

		assert_int_equal(key_from_did_key(json_str(proof, "verificationMethod"), &key, NULL, &err),
		                 CAIRN_OK);
		assert_int_equal(di_rdfc_verify(doc, proof, &key, loader, &err), CAIRN_ERR_UNDECIDED);
		assert_non_null(strstr(err.msg, "context not available offline: https://w3id.org/citizenship/v4rc1"));
		pubkey_clear(&key);
		cJSON_Delete(doc);
	}
}

/* ---- the 1EdTech OB 3.0 / CLR 2.0 vectors --------------------------- */

static void
check_1edtech(const char *name, const cJSON *expected)
{
	char rel[256], hexbuf[129];
	cJSON *signed_doc, *unsigned_doc, *options, *made = NULL;
	char *doc_canon, *proof_canon, *nq = NULL;
	const cJSON *exp = cJSON_GetObjectItem(expected, name), *proof;
	unsigned char hash[64], seed_pub[64], pk[32], sk[64], *raw = NULL;
	size_t len = 0;
	struct pubkey key = {0};
	struct cairn_error err = {0};

	snprintf(rel, sizeof rel, "ob3-eddsa-rdfc/%s-signed.json", name);
	signed_doc = vec_json(rel);
	snprintf(rel, sizeof rel, "ob3-eddsa-rdfc/%s-unsigned.json", name);
	unsigned_doc = vec_json(rel);
	snprintf(rel, sizeof rel, "ob3-eddsa-rdfc/%s-proof-options.json", name);
	options = vec_json(rel);
	snprintf(rel, sizeof rel, "ob3-eddsa-rdfc/%s-document-canon.nq", name);
	doc_canon = vec_text(rel, NULL);
	snprintf(rel, sizeof rel, "ob3-eddsa-rdfc/%s-proof-canon.nq", name);
	proof_canon = vec_text(rel, NULL);
	proof = cJSON_GetObjectItem(signed_doc, "proof");
	if (cJSON_IsArray(proof)) /* the CLR vector's proof is a one-proof set */
		proof = proof->child;

	if (di_rdfc_canonical(unsigned_doc, loader, &nq, &len, &err) != CAIRN_OK)
		fail_msg("%s document: %s", name, err.msg);
	assert_string_equal(nq, doc_canon);
	free(nq);
	nq = NULL;
	if (di_rdfc_hash_data(unsigned_doc, options, loader, hash, &nq, NULL, &err) != CAIRN_OK)
		fail_msg("%s hash data: %s", name, err.msg);
	assert_string_equal(nq, proof_canon);
	to_hex(hash, 64, hexbuf);
	assert_string_equal(hexbuf, cJSON_GetObjectItem(exp, "dataToSignHex")->valuestring);
	to_hex(hash + 32, 32, hexbuf);
	assert_string_equal(hexbuf, cJSON_GetObjectItem(exp, "documentHashHex")->valuestring);

	assert_int_equal(key_from_multikey(cJSON_GetObjectItem(expected, "publicKeyMultibase")->valuestring,
	                                   &key, &err), CAIRN_OK);
	if (di_rdfc_verify(signed_doc, proof, &key, loader, &err) != CAIRN_OK)
		fail_msg("%s verify: %s", name, err.msg);

	{
		const char *skhex = cJSON_GetObjectItem(expected, "secretKeyHex_seed_then_pub_64bytes")->valuestring;
		size_t n = 0;
		assert_int_equal(sodium_hex2bin(seed_pub, 64, skhex, strlen(skhex), NULL, &n, NULL), 0);
		assert_int_equal(n, 64);
	}
	crypto_sign_seed_keypair(pk, sk, seed_pub);
	if (di_rdfc_sign(unsigned_doc, options, sk, DI_RDFC_EDDSA_2022, loader, &made, &err) != CAIRN_OK)
		fail_msg("%s sign: %s", name, err.msg);
	assert_string_equal(cJSON_GetObjectItem(made, "proofValue")->valuestring,
	                    cJSON_GetObjectItem(exp, "proofValue")->valuestring);

	sodium_memzero(sk, sizeof sk);
	pubkey_clear(&key);
	free(raw);
	free(nq);
	free(doc_canon);
	free(proof_canon);
	cJSON_Delete(made);
	cJSON_Delete(options);
	cJSON_Delete(unsigned_doc);
	cJSON_Delete(signed_doc);
}

static void
test_1edtech_vectors(void **state)
{
	cJSON *expected;

	(void)state;
	if (!vectors_present("ob3-eddsa-rdfc"))
		skip();
	expected = vec_json("ob3-eddsa-rdfc/keypair-and-expected.json");
	check_1edtech("ob", expected);
	check_1edtech("clr", expected);
	cJSON_Delete(expected);
}

/* ---- real credentials ----------------------------------------------- */

/* The trust store a user would have made with `cairn trust add` for the
 * DCC's did:web issuers. */
static cJSON *
dcc_trust(void)
{
	static const char *const dids[] = {"legacy", "oidf"};
	cJSON *store = cJSON_CreateArray();

	for (size_t i = 0; i < sizeof dids / sizeof *dids; i++) {
		char rel[256], *text;
		size_t len;
		cJSON *entry = NULL;
		struct cairn_error err = {0};

		snprintf(rel, sizeof rel, "real-credentials/dcc-vc-test-fixtures/dids/%s/did.json", dids[i]);
		text = vec_text(rel, &len);
		if (trust_entry_from_bytes((unsigned char *)text, len, NULL, &entry, &err) != CAIRN_OK)
			fail_msg("%s: %s", rel, err.msg);
		assert_int_equal(trust_add(store, entry, &err), CAIRN_OK);
		free(text);
	}
	return store;
}

/* The key as verify.c finds it: did:key, the trust store, or the
 * multikey in the method's fragment (1EdTech test issuers). */
static int
find_key(const cJSON *trust, const char *vm, struct pubkey *key)
{
	const char *frag;

	if (vm == NULL)
		return 0;
	if (strncmp(vm, "did:key:", 8) == 0)
		return key_from_did_key(vm, key, NULL, NULL) == CAIRN_OK;
	if (trust_resolve(trust, vm, key, NULL, NULL) == CAIRN_OK)
		return 1;
	frag = strchr(vm, '#');
	return frag != NULL && key_from_multikey(frag + 1, key, NULL) == CAIRN_OK;
}

struct tally {
	unsigned verified, failed_sig, failed_safe, no_context, no_key, total;
	unsigned dcc_verified, dcc_tampered;
	unsigned mismatches;
};

/* A verdict that differs from the expected one: said, counted, and the
 * test fails at the end (so one run lists them all). */
#define MISMATCH(...)                                                          \
	do {                                                                   \
		print_error(__VA_ARGS__);                                      \
		print_error("\n");                                             \
		t->mismatches++;                                               \
		goto out;                                                      \
	} while (0)

static void
check_real_proof(const cJSON *exp, const cJSON *trust, struct tally *t,
                 struct verify_ctx *ctx)
{
	const char *file = json_str(exp, "file");
	const cJSON *ver = cJSON_GetObjectItem(exp, "verified");
	const cJSON *safe = cJSON_GetObjectItem(exp, "safeModeOk");
	const char *doc_sha = json_str(exp, "docSha256");
	const char *note = json_str(exp, "note");
	double idx = 0;
	char *text, hexbuf[65];
	size_t len;
	cJSON *doc = NULL, *unsecured;
	const cJSON *proofs, *proof;
	struct pubkey key = {0};
	struct cairn_error err = {0};
	enum di_rdfc_suite suite;
	unsigned char hash[64];
	enum cairn_err rc;
	int dcc = strstr(file, "dcc-vc-test-fixtures") != NULL;
	cJSON *t_unsecured = NULL;

	json_num(exp, "proofIndex", &idx);
	text = vec_text(file, &len);
	if (json_parse((unsigned char *)text, len, 1 << 24, file, &doc, &err) != CAIRN_OK)
		fail_msg("%s: %s", file, err.msg);
	proofs = cJSON_GetObjectItem(doc, "proof");
	proof = cJSON_IsArray(proofs) ? cJSON_GetArrayItem(proofs, (int)idx) : proofs;
	if (!di_rdfc_suite_of(proof, &suite, NULL))
		MISMATCH("%s: proof %d is not an RDF suite", file, (int)idx);
	t->total++;
	if (!find_key(trust, json_str(proof, "verificationMethod"), &key)) {
		/* the expected verdict names the key as the cause */
		if (!cJSON_IsFalse(ver) || note == NULL ||
		    (strstr(note, "cannot resolve") == NULL && strstr(note, "not ed25519") == NULL))
			MISMATCH("%s: no key for %s, but the expected verdict is not a key failure",
			         file, json_str(proof, "verificationMethod"));
		t->no_key++;
		goto out;
	}
	rc = di_rdfc_verify(doc, proof, &key, loader, &err);
	if (cJSON_IsTrue(ver)) {
		if (rc != CAIRN_OK)
			MISMATCH("%s: expected verified, got %d: %s", file, rc, err.msg);
		t->verified++;
		t->dcc_verified += (unsigned)dcc;
	} else if (cJSON_IsFalse(safe)) {
		if (rc == CAIRN_ERR_UNDECIDED && strstr(err.msg, "context not available offline") != NULL &&
		    note != NULL && strstr(note, "Dereferencing") != NULL) {
			t->no_context++;
		} else if (rc == CAIRN_ERR_CHECK && strstr(err.msg, "safe mode") != NULL) {
			t->failed_safe++;
		} else if (note != NULL && strstr(note, "cannot resolve") != NULL && rc != CAIRN_OK) {
			t->no_key++;
		} else {
			MISMATCH("%s: expected a safe-mode failure, got %d: %s", file, rc, err.msg);
		}
		goto out;
	} else {
		if (rc != CAIRN_ERR_CHECK)
			MISMATCH("%s: expected a failed signature, got %d: %s", file, rc, err.msg);
		t->failed_sig++;
		t->dcc_tampered += (unsigned)dcc;
	}
	/* the document hash agrees with jsonld.js */
	unsecured = without(doc, "proof");
	t_unsecured = unsecured;
	if (di_rdfc_hash_data(unsecured, proof, loader, hash, NULL, NULL, &err) != CAIRN_OK)
		MISMATCH("%s: hash data: %s", file, err.msg);
	to_hex(hash + 32, 32, hexbuf);
	if (doc_sha != NULL && strcmp(hexbuf, doc_sha) != 0)
		MISMATCH("%s: document hash %s, expected %s", file, hexbuf, doc_sha);
	to_hex(hash, 32, hexbuf);
	if (json_str(exp, "proofConfigSha256") != NULL &&
	    strcmp(hexbuf, json_str(exp, "proofConfigSha256")) != 0)
		MISMATCH("%s: proof configuration hash %s, expected %s", file, hexbuf,
		         json_str(exp, "proofConfigSha256"));
	cJSON_Delete(unsecured);
	t_unsecured = NULL;
	/* and verify.c's proof check says the same for a single proof */
	if (!cJSON_IsArray(proofs)) {
		struct verdict v;
		const struct check *c = NULL;

		assert_int_equal(verify_credential((unsigned char *)text, len, ctx, &v, &err), CAIRN_OK);
		for (size_t i = 0; i < v.n; i++)
			if (strcmp(v.checks[i].name, "proof") == 0)
				c = &v.checks[i];
		assert_non_null(c);
		if ((c->result == CHECK_OK) != cJSON_IsTrue(ver))
			MISMATCH("%s: verdict's proof check is %s (%s)", file,
			         check_result_name(c->result), c->reason);
	}
out:
	cJSON_Delete(t_unsecured);
	pubkey_clear(&key);
	cJSON_Delete(doc);
	free(text);
}

static void
test_real_credentials(void **state)
{
	char *all, *line, *next;
	cJSON *trust;
	struct tally t = {0};
	struct verify_ctx ctx = {0};

	(void)state;
	if (!vectors_present("real-credentials/expected-verification.jsonl"))
		skip();
	trust = dcc_trust();
	ctx.now = 1764374400; /* 2025-11-29 */
	ctx.trust = trust;
	ctx.contexts = loader;
	all = vec_text("real-credentials/expected-verification.jsonl", NULL);
	for (line = all; line != NULL && *line != '\0'; line = next) {
		cJSON *exp;
		const char *type;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		exp = cJSON_Parse(line);
		assert_non_null(exp);
		type = json_str(exp, "type");
		if (type != NULL && (strcmp(type, "Ed25519Signature2020") == 0 ||
		                     (strcmp(type, "DataIntegrityProof") == 0 &&
		                      json_str(exp, "cryptosuite") != NULL &&
		                      (strcmp(json_str(exp, "cryptosuite"), "eddsa-rdfc-2022") == 0 ||
		                       strcmp(json_str(exp, "cryptosuite"), "eddsa-2022") == 0))))
			check_real_proof(exp, trust, &t, &ctx);
		cJSON_Delete(exp);
	}
	print_message("real credentials: %u RDF-suite proofs, %u verdicts differ from expected-verification.jsonl; %u verified (%u DCC), %u bad signatures "
	              "(%u DCC tampered), %u safe-mode failures, %u context not available offline, "
	              "%u without a usable key\n",
	              t.total, t.mismatches, t.verified, t.dcc_verified, t.failed_sig, t.dcc_tampered, t.failed_safe,
	              t.no_context, t.no_key);
	assert_int_equal(t.mismatches, 0);
	assert_int_equal(t.dcc_verified, 117);
	assert_int_equal(t.dcc_tampered, 2);
	assert_int_equal(t.total, 157);
	free(all);
	cJSON_Delete(trust);
}

/* eddsa-2022 verifies as eddsa-rdfc-2022 and the verdict says it is the
 * legacy name. */
static void
test_legacy_name(void **state)
{
	const char *file = "real-credentials/1edtech-validator/ob30/simple-eddsa-2022.json";
	struct verify_ctx ctx = {0};
	struct verdict v;
	struct cairn_error err = {0};
	size_t len;
	char *text;
	char path[1024];
	struct stat st;

	(void)state;
	snprintf(path, sizeof path, "%s/%s", VEC, file);
	if (stat(path, &st) != 0) {
		print_message("SKIPPED: %s is absent\n", path);
		skip();
	}
	text = vec_text(file, &len);
	ctx.now = 1764374400;
	ctx.contexts = loader;
	assert_int_equal(verify_credential((unsigned char *)text, len, &ctx, &v, &err), CAIRN_OK);
	assert_int_equal(v.checks[0].result, CHECK_OK);
	assert_non_null(strstr(v.checks[0].reason, "legacy"));
	free(text);
}

/* ---- the context store ---------------------------------------------- */

static const char extra_context[] =
	"{\"@context\": {\"@protected\": true, \"shoeSize\": \"https://example.org/vocab#shoeSize\"}}";

static void
test_context_store(void **state)
{
	char *tmp = th_tmpdir(), *dir, *path;
	struct jsonld_loader *l = NULL;
	struct cairn_error err = {0};
	cJSON *index, *trust, *entry = NULL;
	const cJSON *e;
	unsigned char *data;
	size_t len, n = 0;

	(void)state;
	/* every installed URL is served */
	path = th_path(contexts_data_dir(), "contexts/index.json");
	data = th_read(path, &len);
	assert_int_equal(json_parse(data, len, 1 << 20, "index", &index, &err), CAIRN_OK);
	free(data);
	free(path);
	cJSON_ArrayForEach(e, json_arr(index, "contexts")) {
		assert_non_null(jsonld_loader_get(loader, json_str(e, "url")));
		assert_true(contexts_installed(contexts_data_dir(), json_str(e, "url")));
		n++;
	}
	assert_true(n >= 20);
	assert_false(contexts_installed(contexts_data_dir(), "https://example.org/contexts/extra/v1"));

	/* a changed installed file is refused, naming it */
	dir = th_path(tmp, "contexts");
	assert_int_equal(mkdir(dir, 0700), 0);
	cJSON_ArrayForEach(e, json_arr(index, "contexts")) {
		char *from = th_path(contexts_data_dir(), "contexts"), *src = th_path(from, json_str(e, "file"));
		char *to = th_path(dir, json_str(e, "file"));
		data = th_read(src, &len);
		if (strcmp(json_str(e, "file"), "credentials-v2.jsonld") == 0)
			data[len / 2] ^= 0x20;
		th_write(to, data, len);
		free(data);
		free(from);
		free(src);
		free(to);
	}
	path = th_path(contexts_data_dir(), "contexts/index.json");
	data = th_read(path, &len);
	free(path);
	path = th_path(dir, "index.json");
	th_write(path, data, len);
	free(data);
	free(path);
	assert_int_equal(contexts_loader_new(tmp, NULL, &l, &err), CAIRN_ERR_IO);
	assert_null(l);
	assert_non_null(strstr(err.msg, "credentials-v2.jsonld"));
	assert_non_null(strstr(err.msg, "SHA-256"));
	/* and no index at all: no installed contexts, no error */
	th_rmtree(dir);
	assert_int_equal(contexts_loader_new(tmp, NULL, &l, &err), CAIRN_OK);
	assert_null(jsonld_loader_get(l, "https://www.w3.org/ns/credentials/v2"));
	jsonld_loader_free(l);
	l = NULL;

	/* contexts the user adds */
	assert_int_equal(contexts_entry_from_bytes("ftp://example.org/x", (const unsigned char *)extra_context,
	                                           strlen(extra_context), &entry, &err), CAIRN_ERR_USAGE);
	assert_int_equal(contexts_entry_from_bytes("https://example.org/x#frag", (const unsigned char *)extra_context,
	                                           strlen(extra_context), &entry, &err), CAIRN_ERR_USAGE);
	assert_int_equal(contexts_entry_from_bytes("https://example.org/x", (const unsigned char *)"{\"a\": 1}",
	                                           8, &entry, &err), CAIRN_ERR_USAGE);
	assert_int_equal(contexts_entry_from_bytes("https://example.org/x", (const unsigned char *)"{\"@context\":",
	                                           12, &entry, &err), CAIRN_ERR_USAGE);
	assert_null(entry);
	trust = cJSON_CreateArray();
	assert_int_equal(contexts_entry_from_bytes("https://example.org/contexts/extra/v1",
	                                           (const unsigned char *)extra_context,
	                                           strlen(extra_context), &entry, &err), CAIRN_OK);
	assert_string_equal(json_str(entry, "kind"), "context");
	assert_int_equal(trust_add(trust, entry, &err), CAIRN_OK);
	/* an entry claiming an installed URL does not replace it */
	assert_int_equal(contexts_entry_from_bytes("https://www.w3.org/ns/credentials/v2",
	                                           (const unsigned char *)extra_context,
	                                           strlen(extra_context), &entry, &err), CAIRN_OK);
	assert_int_equal(trust_add(trust, entry, &err), CAIRN_OK);
	assert_int_equal(contexts_loader_new(contexts_data_dir(), trust, &l, &err), CAIRN_OK);
	assert_non_null(jsonld_loader_get(l, "https://example.org/contexts/extra/v1"));
	assert_true(cJSON_Compare(jsonld_loader_get(l, "https://www.w3.org/ns/credentials/v2"),
	                          jsonld_loader_get(loader, "https://www.w3.org/ns/credentials/v2"), 1));
	jsonld_loader_free(l);
	l = NULL;
	/* more contexts than a loader holds: refused, saying so */
	for (int i = 0; i < CAIRN_MAX_CONTEXTS; i++) {
		char url[64];

		snprintf(url, sizeof url, "https://example.org/contexts/many/%d", i);
		assert_int_equal(contexts_entry_from_bytes(url, (const unsigned char *)extra_context,
		                                           strlen(extra_context), &entry, &err), CAIRN_OK);
		assert_int_equal(trust_add(trust, entry, &err), CAIRN_OK);
	}
	assert_int_not_equal(contexts_loader_new(contexts_data_dir(), trust, &l, &err), CAIRN_OK);
	assert_null(l);
	assert_non_null(strstr(err.msg, "200"));
	cJSON_Delete(trust);
	cJSON_Delete(index);
	th_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* A credential for the tests below, signed with a fixed key. */
/* VC 1.1 (whose context has no @vocab, so an undefined term is dropped
 * data) or VC 2.0. */
static cJSON *
small_credential(int v1, const char *extra_ctx, const char *term)
{
	cJSON *c = cJSON_CreateObject(), *ctx = cJSON_AddArrayToObject(c, "@context"), *s;
	cJSON *type;

	cJSON_AddItemToArray(ctx, cJSON_CreateString(v1 ? "https://www.w3.org/2018/credentials/v1"
	                                                : "https://www.w3.org/ns/credentials/v2"));
	if (extra_ctx != NULL)
		cJSON_AddItemToArray(ctx, cJSON_CreateString(extra_ctx));
	if (v1)
		cJSON_AddItemToArray(ctx, cJSON_CreateString("https://w3id.org/security/suites/ed25519-2020/v1"));
	type = cJSON_AddArrayToObject(c, "type");
	cJSON_AddItemToArray(type, cJSON_CreateString("VerifiableCredential"));
	cJSON_AddStringToObject(c, "issuer", "did:example:issuer");
	cJSON_AddStringToObject(c, v1 ? "issuanceDate" : "validFrom", "2025-01-01T00:00:00Z");
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "id", "did:example:learner");
	if (term != NULL)
		cJSON_AddNumberToObject(s, term, 42);
	return c;
}

static void
sign_small(cJSON *doc, enum di_rdfc_suite suite, struct jsonld_loader *l,
           unsigned char sk[64], struct pubkey *key, enum cairn_err want)
{
	unsigned char seed[32];
	cJSON *opts = cJSON_CreateObject(), *proof = NULL;
	struct cairn_error err = {0};

	th_fill(seed, sizeof seed, 7);
	crypto_sign_seed_keypair(key->ed25519, sk, seed);
	key->type = KEY_ED25519;
	cJSON_AddStringToObject(opts, "verificationMethod", "did:example:issuer#key-1");
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	cJSON_AddStringToObject(opts, "created", "2025-01-01T00:00:00Z");
	assert_int_equal(di_rdfc_sign(doc, opts, sk, suite, l, &proof, &err), want);
	if (proof != NULL)
		cJSON_AddItemToObject(doc, "proof", proof);
	cJSON_Delete(opts);
}

/* Dropped terms fail (safe mode); a missing context is unknown, and an
 * added one makes the proof check. */
static void
test_safe_mode_and_missing_context(void **state)
{
	const char *url = "https://example.org/contexts/extra/v1";
	unsigned char sk[64];
	struct pubkey key = {0};
	struct cairn_error err = {0};
	struct jsonld_loader *l = NULL;
	cJSON *doc, *trust, *entry = NULL;

	(void)state;
	/* signed with the extra context, checked without it */
	assert_int_equal(contexts_entry_from_bytes(url, (const unsigned char *)extra_context,
	                                           strlen(extra_context), &entry, &err), CAIRN_OK);
	trust = cJSON_CreateArray();
	assert_int_equal(trust_add(trust, entry, &err), CAIRN_OK);
	assert_int_equal(contexts_loader_new(contexts_data_dir(), trust, &l, &err), CAIRN_OK);
	doc = small_credential(0, url, "shoeSize");
	sign_small(doc, DI_RDFC_EDDSA_2022, l, sk, &key, CAIRN_OK);
	assert_int_equal(di_rdfc_verify(doc, cJSON_GetObjectItem(doc, "proof"), &key, l, &err), CAIRN_OK);
	assert_int_equal(di_rdfc_verify(doc, cJSON_GetObjectItem(doc, "proof"), &key, loader, &err),
	                 CAIRN_ERR_UNDECIDED);
	assert_non_null(strstr(err.msg, "context not available offline"));
	assert_non_null(strstr(err.msg, url));
	cJSON_Delete(doc);

	/* a term no context defines: refused when signing, failed when verifying */
	doc = small_credential(1, NULL, "shoeSize");
	sign_small(doc, DI_RDFC_ED25519_2020, loader, sk, &key, CAIRN_ERR_USAGE);
	cJSON_Delete(doc);
	doc = small_credential(1, url, "shoeSize");
	sign_small(doc, DI_RDFC_ED25519_2020, l, sk, &key, CAIRN_OK);
	/* now the term is renamed, so it drops out of the RDF */
	{
		cJSON *s = cJSON_GetObjectItem(doc, "credentialSubject");
		cJSON_AddNumberToObject(s, "hatSize", 42);
	}
	assert_int_equal(di_rdfc_verify(doc, cJSON_GetObjectItem(doc, "proof"), &key, l, &err),
	                 CAIRN_ERR_CHECK);
	assert_non_null(strstr(err.msg, "safe mode"));
	cJSON_Delete(doc);

	sodium_memzero(sk, sizeof sk);
	jsonld_loader_free(l);
	cJSON_Delete(trust);
}

/* Broken proofs are failed, never crashes or passes. */
static void
test_malformed_proofs(void **state)
{
	static const char *const breaks[][2] = {
		{"proofValue", "not multibase"},
		{"proofValue", "z1111"},
		{"proofValue", "zIl0O"},
		{"verificationMethod", ""},
	};
	unsigned char sk[64];
	struct pubkey key = {0};
	struct cairn_error err = {0};
	cJSON *doc = small_credential(0, NULL, NULL);

	(void)state;
	sign_small(doc, DI_RDFC_EDDSA_2022, loader, sk, &key, CAIRN_OK);
	assert_int_equal(di_rdfc_verify(doc, cJSON_GetObjectItem(doc, "proof"), &key, loader, &err), CAIRN_OK);
	for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++) {
		cJSON *copy = cJSON_Duplicate(doc, 1), *p = cJSON_GetObjectItem(copy, "proof");
		cJSON_ReplaceItemInObject(p, breaks[i][0], cJSON_CreateString(breaks[i][1]));
		assert_int_equal(di_rdfc_verify(copy, p, &key, loader, &err), CAIRN_ERR_CHECK);
		cJSON_Delete(copy);
	}
	{
		cJSON *copy = cJSON_Duplicate(doc, 1), *p = cJSON_GetObjectItem(copy, "proof");
		cJSON_DeleteItemFromObject(p, "proofPurpose");
		assert_int_equal(di_rdfc_verify(copy, p, &key, loader, &err), CAIRN_ERR_CHECK);
		cJSON_ReplaceItemInObject(p, "cryptosuite", cJSON_CreateString("ecdsa-rdfc-2019"));
		assert_int_equal(di_rdfc_verify(copy, p, &key, loader, &err), CAIRN_ERR_UNDECIDED);
		cJSON_Delete(copy);
	}
	/* another key */
	key.ed25519[0] ^= 1;
	assert_int_equal(di_rdfc_verify(doc, cJSON_GetObjectItem(doc, "proof"), &key, loader, &err),
	                 CAIRN_ERR_CHECK);
	sodium_memzero(sk, sizeof sk);
	cJSON_Delete(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_w3c_vectors),
		cmocka_unit_test(test_1edtech_vectors),
		cmocka_unit_test(test_real_credentials),
		cmocka_unit_test(test_legacy_name),
		cmocka_unit_test(test_context_store),
		cmocka_unit_test(test_safe_mode_and_missing_context),
		cmocka_unit_test(test_malformed_proofs),
	};

	struct stat st;
	int rc;

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	rc = cmocka_run_group_tests(tests, setup, teardown);
	/* without the shared vectors the acceptance tests did not run: that
	 * is a skip for the harness, not a pass */
	if (rc == 0 && stat(VEC, &st) != 0) {
		fprintf(stderr, "SKIP: %s is absent: the vc-di-eddsa, 1EdTech and real-credential acceptance tests did not run\n", VEC);
		return 77;
	}
	return rc;
}

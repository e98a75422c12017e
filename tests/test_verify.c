/* Verdicts: proof, key, issuer, time and status, offline. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>
#include <zlib.h>

#include "collection.h"
#include "credential.h"
#include "json.h"
#include "testhelp.h"
#include "verify/dataintegrity.h"
#include "verify/keys.h"
#include "verify/trust.h"
#include "verify/verify.h"

struct issuer {
	unsigned char pk[32], sk[64];
	char did[128], vm[256];
};

static void
issuer_new(struct issuer *i)
{
	unsigned char mc[34] = {0xed, 0x01};
	char *mb;

	crypto_sign_keypair(i->pk, i->sk);
	memcpy(mc + 2, i->pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	assert_non_null(mb);
	snprintf(i->did, sizeof i->did, "did:key:%s", mb);
	snprintf(i->vm, sizeof i->vm, "%s#%s", i->did, mb);
	free(mb);
}

static cJSON *
credential(const char *issuer, const char *from, const char *until, int v2)
{
	cJSON *c = cJSON_CreateObject(), *ctx = cJSON_AddArrayToObject(c, "@context"), *s;

	cJSON_AddItemToArray(ctx, cJSON_CreateString(v2 ? "https://www.w3.org/ns/credentials/v2"
	                                                : "https://www.w3.org/2018/credentials/v1"));
	cJSON_AddStringToObject(c, "id", "urn:uuid:0e8b6f1a-2b5f-4d6a-9a55-1f2f7f3b9c01");
	{
		cJSON *t = cJSON_AddArrayToObject(c, "type");
		cJSON_AddItemToArray(t, cJSON_CreateString("VerifiableCredential"));
		cJSON_AddItemToArray(t, cJSON_CreateString("OpenBadgeCredential"));
	}
	cJSON_AddStringToObject(c, "name", "Introduction to SQL");
	cJSON_AddStringToObject(c, "issuer", issuer);
	if (from)
		cJSON_AddStringToObject(c, v2 ? "validFrom" : "issuanceDate", from);
	if (until)
		cJSON_AddStringToObject(c, v2 ? "validUntil" : "expirationDate", until);
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "id", "did:example:learner");
	return c;
}

static void
sign(cJSON *c, const struct issuer *i)
{
	cJSON *opts = cJSON_CreateObject(), *proof = NULL;
	struct cairn_error err = {0};

	cJSON_AddStringToObject(opts, "type", "DataIntegrityProof");
	cJSON_AddStringToObject(opts, "cryptosuite", "eddsa-jcs-2022");
	cJSON_AddStringToObject(opts, "created", "2024-01-01T00:00:00Z");
	cJSON_AddStringToObject(opts, "verificationMethod", i->vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	if (di_jcs_sign(c, opts, i->sk, &proof, &err) != CAIRN_OK)
		fail_msg("sign: %s", err.msg);
	cJSON_AddItemToObject(c, "proof", proof);
	cJSON_Delete(opts);
}

static time_t
at(const char *iso)
{
	time_t t;

	assert_int_equal(credential_parse_time(iso, &t), 0);
	return t;
}

static struct verdict
check_doc(const cJSON *doc, const struct verify_ctx *ctx)
{
	struct verdict v;
	struct cairn_error err = {0};
	char *text = cJSON_PrintUnformatted(doc);

	if (verify_credential((unsigned char *)text, strlen(text), ctx, &v, &err) != CAIRN_OK)
		fail_msg("verify: %s", err.msg);
	free(text);
	return v;
}

static const struct check *
get(const struct verdict *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->checks[i].name, name) == 0)
			return &v->checks[i];
	fail_msg("no %s check", name);
	return NULL;
}

static void
expect(const struct verdict *v, const char *name, enum check_result r)
{
	const struct check *c = get(v, name);

	if (c->result != r)
		fail_msg("%s: %s (%s), expected %s", name, check_result_name(c->result), c->reason,
		         check_result_name(r));
}

static void
test_self_issued(void **state)
{
	struct issuer is;
	struct verify_ctx ctx = {0};
	struct verdict v;
	cJSON *c;

	(void)state;
	issuer_new(&is);
	ctx.now = at("2026-01-01T00:00:00Z");
	c = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	v = check_doc(c, &ctx);
	for (size_t i = 0; i < v.n; i++)
		expect(&v, v.checks[i].name, CHECK_OK);
	assert_int_equal(v.overall, VERDICT_VERIFIED);
	assert_string_equal(v.status, "verified");

	/* any change to what was signed breaks the proof */
	cJSON_ReplaceItemInObject(c, "name", cJSON_CreateString("Advanced SQL"));
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	assert_int_equal(v.overall, VERDICT_FAILED);
	assert_string_equal(v.status, "failed");
	cJSON_Delete(c);

	/* VC 1.1 dates work the same */
	c = credential(is.did, "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0);
	sign(c, &is);
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_OK);
	expect(&v, "time", CHECK_FAILED);
	assert_non_null(strstr(get(&v, "time")->reason, "2025-01-01"));
	assert_string_equal(v.status, "expired");
	assert_int_equal(v.overall, VERDICT_FAILED);
	ctx.now = at("2024-06-01T00:00:00Z");
	v = check_doc(c, &ctx);
	assert_int_equal(v.overall, VERDICT_VERIFIED);
	ctx.now = at("2023-06-01T00:00:00Z");
	v = check_doc(c, &ctx);
	expect(&v, "time", CHECK_FAILED);
	assert_string_equal(v.status, "failed"); /* not yet valid */
	cJSON_Delete(c);
}

static void
test_key_and_issuer(void **state)
{
	struct issuer is, other;
	struct verify_ctx ctx = {0};
	struct verdict v;
	cJSON *c;

	(void)state;
	issuer_new(&is);
	issuer_new(&other);
	ctx.now = at("2026-01-01T00:00:00Z");
	/* signed by one key, claiming another issuer */
	c = credential("https://fjord.example/issuer", "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_OK);
	expect(&v, "key", CHECK_OK);
	expect(&v, "issuer", CHECK_FAILED);
	assert_int_equal(v.overall, VERDICT_FAILED);
	cJSON_Delete(c);

	/* signed by another did:key than the issuer's */
	c = credential(other.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	v = check_doc(c, &ctx);
	expect(&v, "issuer", CHECK_FAILED);
	cJSON_Delete(c);

	/* a key swapped in the proof: the signature no longer holds */
	c = credential(other.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	{
		cJSON *p = cJSON_GetObjectItem(c, "proof");
		cJSON_ReplaceItemInObject(p, "verificationMethod", cJSON_CreateString(other.vm));
	}
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	cJSON_Delete(c);

	/* no proof at all */
	c = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	assert_int_equal(v.overall, VERDICT_FAILED);
	cJSON_Delete(c);
}

static void
test_flipped_proof_value(void **state)
{
	struct issuer is;
	struct verify_ctx ctx = {0};
	struct verdict v;
	cJSON *c, *p;
	char *pv;

	(void)state;
	issuer_new(&is);
	ctx.now = at("2026-01-01T00:00:00Z");
	c = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	p = cJSON_GetObjectItem(c, "proof");
	pv = strdup(json_str(p, "proofValue"));
	pv[10] = pv[10] == 'A' ? 'B' : 'A';
	cJSON_ReplaceItemInObject(p, "proofValue", cJSON_CreateString(pv));
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	free(pv);
	/* and each proof option */
	cJSON_ReplaceItemInObject(p, "proofValue", cJSON_CreateString("z1"));
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	cJSON_Delete(c);
	c = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	p = cJSON_GetObjectItem(c, "proof");
	cJSON_ReplaceItemInObject(p, "created", cJSON_CreateString("2024-01-02T00:00:00Z"));
	v = check_doc(c, &ctx);
	expect(&v, "proof", CHECK_FAILED);
	cJSON_Delete(c);
}

static void
test_unsupported_and_hosted(void **state)
{
	struct verify_ctx ctx = {0};
	struct verdict v;
	struct cairn_error err = {0};
	unsigned char *data;
	size_t len;
	char path[1024];

	(void)state;
	ctx.now = at("2026-01-01T00:00:00Z");
	snprintf(path, sizeof path, "%s/import/ob30-simple.json", FIXTURES);
	data = th_read(path, &len);
	assert_int_equal(verify_credential(data, len, &ctx, &v, &err), CAIRN_OK);
	/* the signature holds, but its key is only written in the method's
	 * address: undecided */
	expect(&v, "proof", CHECK_OK);
	assert_non_null(strstr(get(&v, "proof")->reason, "eddsa-rdfc-2022 signature valid"));
	expect(&v, "key", CHECK_UNKNOWN);
	assert_int_equal(v.overall, VERDICT_UNDECIDED);
	free(data);

	snprintf(path, sizeof path, "%s/import/ob20-basic-assertion.json", FIXTURES);
	data = th_read(path, &len);
	assert_int_equal(verify_credential(data, len, &ctx, &v, &err), CAIRN_OK);
	expect(&v, "proof", CHECK_UNKNOWN);
	assert_non_null(strstr(get(&v, "proof")->reason, "offline"));
	/* never verified */
	assert_int_equal(v.overall, VERDICT_UNDECIDED);
	free(data);
}

/* ---- JWTs ------------------------------------------------------------- */

static char *
b64u(const void *d, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *o = malloc(cap);

	sodium_bin2base64(o, cap, d, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return o;
}

static char *
make_jwt(const struct issuer *is, const char *kid, const cJSON *payload)
{
	cJSON *h = cJSON_CreateObject();
	char *hs, *ps, *h64, *p64, *s64, *input, *out;
	unsigned char sig[64];
	size_t n;

	cJSON_AddStringToObject(h, "alg", "EdDSA");
	cJSON_AddStringToObject(h, "kid", kid);
	hs = cJSON_PrintUnformatted(h);
	ps = cJSON_PrintUnformatted(payload);
	h64 = b64u(hs, strlen(hs));
	p64 = b64u(ps, strlen(ps));
	n = strlen(h64) + strlen(p64) + 2;
	input = malloc(n);
	snprintf(input, n, "%s.%s", h64, p64);
	crypto_sign_detached(sig, NULL, (unsigned char *)input, strlen(input), is->sk);
	s64 = b64u(sig, 64);
	out = malloc(n + strlen(s64) + 1);
	sprintf(out, "%s.%s", input, s64);
	free(hs);
	free(ps);
	free(h64);
	free(p64);
	free(s64);
	free(input);
	cJSON_Delete(h);
	return out;
}

static void
test_jwt_eddsa(void **state)
{
	struct issuer is;
	struct verify_ctx ctx = {0};
	struct verdict v;
	struct cairn_error err = {0};
	cJSON *payload = cJSON_CreateObject(), *vc;
	char *jwt;

	(void)state;
	issuer_new(&is);
	ctx.now = at("2026-01-01T00:00:00Z");
	vc = credential(is.did, NULL, NULL, 0);
	cJSON_AddItemToObject(payload, "vc", vc);
	cJSON_AddStringToObject(payload, "iss", is.did);
	cJSON_AddNumberToObject(payload, "nbf", 1704067200);
	cJSON_AddNumberToObject(payload, "exp", 1893456000);
	jwt = make_jwt(&is, is.vm, payload);
	assert_int_equal(verify_credential((unsigned char *)jwt, strlen(jwt), &ctx, &v, &err), CAIRN_OK);
	assert_int_equal(v.overall, VERDICT_VERIFIED);
	/* exp in the past */
	ctx.now = at("2031-01-01T00:00:00Z");
	assert_int_equal(verify_credential((unsigned char *)jwt, strlen(jwt), &ctx, &v, &err), CAIRN_OK);
	assert_string_equal(v.status, "expired");
	ctx.now = at("2026-01-01T00:00:00Z");
	/* a changed payload byte */
	{
		char *dot = strchr(jwt, '.');
		dot[5] = dot[5] == 'A' ? 'B' : 'A';
		if (verify_credential((unsigned char *)jwt, strlen(jwt), &ctx, &v, &err) == CAIRN_OK)
			assert_int_not_equal(v.overall, VERDICT_VERIFIED);
	}
	free(jwt);
	cJSON_Delete(payload);
}

static unsigned char *
fx(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
	return th_read(path, len);
}

static void
trust_file(cJSON *store, const char *name)
{
	struct cairn_error err = {0};
	size_t len;
	unsigned char *d = fx(name, &len);
	cJSON *e;

	if (trust_entry_from_bytes(d, len, NULL, &e, &err) != CAIRN_OK)
		fail_msg("%s: %s", name, err.msg);
	assert_int_equal(trust_add(store, e, &err), CAIRN_OK);
	free(d);
}

static struct verdict
check_file(const char *name, const struct verify_ctx *ctx)
{
	struct verdict v;
	struct cairn_error err = {0};
	size_t len;
	unsigned char *d = fx(name, &len);

	if (verify_credential(d, len, ctx, &v, &err) != CAIRN_OK)
		fail_msg("%s: %s", name, err.msg);
	free(d);
	return v;
}

static void
test_ob2_signed(void **state)
{
	static const char *const docs[] = {
		"ob20-hosted/key1.json", "ob20-hosted/key2.json", "ob20-hosted/key3.json",
		"ob20-hosted/robotics-badge.json",
		"ob20-hosted/badge-from-organization-with-revocation-list.json",
		"ob20-hosted/badge-from-organization-with-empty-revocation-list.json",
		"ob20-hosted/organization.json", "ob20-hosted/organization-with-revocation-list.json",
		"ob20-hosted/organization-with-empty-revocation-list.json",
		"ob20-hosted/revocation-list.json", "ob20-hosted/empty-revocation-list.json",
	};
	cJSON *store = cJSON_CreateArray();
	struct verify_ctx ctx = {0};
	struct verdict v;

	(void)state;
	ctx.now = at("2026-01-01T00:00:00Z");
	/* without offline copies: the key is unknown, never verified */
	v = check_file("import/ob20-simple.jwt", &ctx);
	expect(&v, "key", CHECK_UNKNOWN);
	assert_int_equal(v.overall, VERDICT_UNDECIDED);

	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		trust_file(store, docs[i]);
	ctx.trust = store;
	v = check_file("import/ob20-simple.jwt", &ctx);
	for (size_t i = 0; i < v.n; i++)
		expect(&v, v.checks[i].name, CHECK_OK);
	assert_int_equal(v.overall, VERDICT_VERIFIED);

	v = check_file("ob20-hosted/simple-not-revoked.jwt", &ctx);
	assert_int_equal(v.overall, VERDICT_VERIFIED);

	v = check_file("ob20-hosted/simple-revoked.jwt", &ctx);
	expect(&v, "proof", CHECK_OK);
	expect(&v, "status", CHECK_FAILED);
	assert_non_null(strstr(get(&v, "status")->reason, "A good reason"));
	assert_int_equal(v.overall, VERDICT_FAILED);

	/* a key under the wrong id: the signature fails */
	cJSON_Delete(store);
	store = cJSON_CreateArray();
	{
		struct cairn_error err = {0};
		size_t len;
		unsigned char *d = fx("ob20-hosted/key2.json", &len);
		cJSON *doc = cJSON_ParseWithLength((char *)d, len), *e;
		char *text;
		cJSON_ReplaceItemInObject(doc, "id", cJSON_CreateString("http://example.org/key1.json"));
		text = cJSON_PrintUnformatted(doc);
		assert_int_equal(trust_entry_from_bytes((unsigned char *)text, strlen(text), NULL, &e, &err), CAIRN_OK);
		trust_add(store, e, &err);
		free(text);
		cJSON_Delete(doc);
		free(d);
	}
	ctx.trust = store;
	v = check_file("import/ob20-simple.jwt", &ctx);
	expect(&v, "proof", CHECK_FAILED);
	cJSON_Delete(store);
}

/* ---- status lists ----------------------------------------------------- */

static char *
encoded_list(size_t nbytes, const size_t *set, size_t nset)
{
	unsigned char *bits = calloc(1, nbytes), *gz = malloc(nbytes + 1024);
	z_stream zs;
	char *b64, *out;

	memset(&zs, 0, sizeof zs);
	for (size_t i = 0; i < nset; i++)
		bits[set[i] / 8] |= (unsigned char)(0x80 >> (set[i] % 8));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = bits;
	zs.avail_in = (uInt)nbytes;
	zs.next_out = gz;
	zs.avail_out = (uInt)(nbytes + 1024);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	b64 = b64u(gz, zs.total_out);
	deflateEnd(&zs);
	out = malloc(strlen(b64) + 2);
	sprintf(out, "u%s", b64);
	free(b64);
	free(bits);
	free(gz);
	return out;
}

static cJSON *
status_credential(const struct issuer *is, const char *url, const char *index)
{
	cJSON *c = credential(is->did, "2024-01-01T00:00:00Z", NULL, 1);
	cJSON *st = cJSON_AddObjectToObject(c, "credentialStatus");

	cJSON_AddStringToObject(st, "id", "https://fjord.example/status/1#x");
	cJSON_AddStringToObject(st, "type", "BitstringStatusListEntry");
	cJSON_AddStringToObject(st, "statusPurpose", "revocation");
	cJSON_AddStringToObject(st, "statusListIndex", index);
	cJSON_AddStringToObject(st, "statusListCredential", url);
	sign(c, is);
	return c;
}

static void
test_status_list(void **state)
{
	struct issuer is;
	struct verify_ctx ctx = {0};
	struct verdict v;
	struct cairn_error err = {0};
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v"), *text;
	struct cairn_secret *pass = th_secret("status");
	struct vault_kdf kdf;
	struct vault *vault;
	struct collection *coll;
	struct import_outcome o;
	cJSON *list;
	size_t set[] = {5, 42};
	const char *url = "https://fjord.example/status/1";

	(void)state;
	issuer_new(&is);
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(dir, pass, &kdf, &vault, &err), CAIRN_OK);
	assert_int_equal(collection_open(vault, &coll, &err), CAIRN_OK);
	ctx.now = at("2026-01-01T00:00:00Z");

	/* the list: a credential of the issuer's, bits 5 and 42 set */
	list = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	cJSON_ReplaceItemInObject(list, "id", cJSON_CreateString(url));
	{
		cJSON *s = cJSON_GetObjectItem(list, "credentialSubject");
		char *enc = encoded_list(16384, set, 2);
		cJSON_ReplaceItemInObject(s, "id", cJSON_CreateString("https://fjord.example/status/1#list"));
		cJSON_AddStringToObject(s, "type", "BitstringStatusList");
		cJSON_AddStringToObject(s, "statusPurpose", "revocation");
		cJSON_AddStringToObject(s, "encodedList", enc);
		free(enc);
	}
	sign(list, &is);

	{
		cJSON *revoked = status_credential(&is, url, "5");
		cJSON *clear = status_credential(&is, url, "4");

		/* without the list: unknown, never verified */
		ctx.coll = coll;
		v = check_doc(revoked, &ctx);
		expect(&v, "status", CHECK_UNKNOWN);
		assert_non_null(strstr(get(&v, "status")->reason, "not available offline"));
		assert_int_equal(v.overall, VERDICT_UNDECIDED);

		/* the list is imported like any credential */
		text = cJSON_PrintUnformatted(list);
		assert_int_equal(collection_import(coll, (unsigned char *)text, strlen(text),
		                                   "list.json", &o, &err), CAIRN_OK);
		import_outcome_clear(&o);
		free(text);

		v = check_doc(revoked, &ctx);
		expect(&v, "status", CHECK_FAILED);
		assert_non_null(strstr(get(&v, "status")->reason, "revoked"));
		assert_int_equal(v.overall, VERDICT_FAILED);

		v = check_doc(clear, &ctx);
		expect(&v, "status", CHECK_OK);
		assert_int_equal(v.overall, VERDICT_VERIFIED);

		cJSON_Delete(revoked);
		cJSON_Delete(clear);
	}
	{
		/* a list changed after signing is not believed */
		const char *url2 = "https://fjord.example/status/2";
		cJSON *forged = cJSON_Duplicate(list, 1), *c2;
		cJSON_ReplaceItemInObject(forged, "id", cJSON_CreateString(url2));
		text = cJSON_PrintUnformatted(forged);
		assert_int_equal(collection_import(coll, (unsigned char *)text, strlen(text),
		                                   "forged.json", &o, &err), CAIRN_OK);
		import_outcome_clear(&o);
		free(text);
		c2 = status_credential(&is, url2, "5");
		v = check_doc(c2, &ctx);
		expect(&v, "status", CHECK_UNKNOWN);
		assert_non_null(strstr(get(&v, "status")->reason, "does not hold"));
		cJSON_Delete(c2);
		cJSON_Delete(forged);
	}
	cJSON_Delete(list);
	collection_free(coll);
	vault_close(vault);
	th_rmtree(tmp);
	secret_free(pass);
	free(dir);
	free(tmp);
}

static void
test_verdict_json(void **state)
{
	struct issuer is;
	struct verify_ctx ctx = {0};
	struct verdict v;
	cJSON *c, *j;

	(void)state;
	issuer_new(&is);
	ctx.now = at("2026-01-01T00:00:00Z");
	c = credential(is.did, "2024-01-01T00:00:00Z", NULL, 1);
	sign(c, &is);
	v = check_doc(c, &ctx);
	j = verdict_json(&v, "2026-01-01T00:00:00Z");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "verified")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "checks")), 5);
	{
		const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "checks"), 0);
		assert_string_equal(json_str(first, "check"), "proof");
		assert_string_equal(json_str(first, "result"), "ok");
		assert_non_null(json_str(first, "reason"));
	}
	cJSON_Delete(j);
	cJSON_Delete(c);
}

/* The 1EdTech validator's broken credentials: never verified, and failed
 * at the check each is meant to fail where this version can decide it. */
static void
test_1edtech_errors(void **state)
{
	static const struct {
		const char *file, *check;
	} cases[] = {
		{"simple-err-expired.json", "time"},
		{"simple-err-issued.json", "time"},
		{"simple-err-issuer.json", "issuer"},
	};
	char dir[1024], path[1400];
	struct verify_ctx ctx = {0};
	struct cairn_error err = {0};
	unsigned long files = 0;
	DIR *d;
	struct dirent *e;

	(void)state;
	snprintf(dir, sizeof dir, "%s/real-credentials/1edtech-validator/ob30", SHARED_VECTORS);
	d = opendir(dir);
	if (d == NULL) {
		print_message("SKIPPED: %s is absent\n", dir);
		skip();
	}
	ctx.now = at("2026-01-01T00:00:00Z");
	while ((e = readdir(d)) != NULL) {
		struct verdict v;
		unsigned char *data;
		size_t len;
		if (strncmp(e->d_name, "simple-err-", 11) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		data = th_read(path, &len);
		if (verify_credential(data, len, &ctx, &v, &err) != CAIRN_OK)
			fail_msg("%s: %s", e->d_name, err.msg);
		if (v.overall == VERDICT_VERIFIED)
			fail_msg("%s was verified", e->d_name);
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			if (strcmp(cases[i].file, e->d_name) == 0)
				expect(&v, cases[i].check, CHECK_FAILED);
		free(data);
		files++;
	}
	closedir(d);
	print_message("1EdTech simple-err-*: %lu files, none verified\n", files);
	assert_true(files >= 19);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_issued),
		cmocka_unit_test(test_key_and_issuer),
		cmocka_unit_test(test_flipped_proof_value),
		cmocka_unit_test(test_unsupported_and_hosted),
		cmocka_unit_test(test_jwt_eddsa),
		cmocka_unit_test(test_ob2_signed),
		cmocka_unit_test(test_status_list),
		cmocka_unit_test(test_verdict_json),
		cmocka_unit_test(test_1edtech_errors),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

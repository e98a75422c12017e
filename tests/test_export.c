/* Export: the holder's identity, signed bundles and what tampering with
 * them does, the HTML page, baked images, and writing without loss. */
#include "config.h"

#include <dirent.h>
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

#include "collection.h"
#include "export.h"
#include "export_render.h"
#include "holder.h"
#include "import/baked.h"
#include "import/import.h"
#include "json.h"
#include "pathway.h"
#include "pathways.h"
#include "testhelp.h"
#include "verify/dataintegrity.h"
#include "verify/keys.h"
#include "verify/presentation.h"

#define NOW 1780000000 /* 2026-05-28 */

struct fx {
	char *dir;
	struct vault *v;
	struct collection *c;
	size_t good, expired, hostile, jwt, ob2img, svgimg;
};

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

/* A signed Open Badges 3.0 credential (eddsa-jcs-2022, did:key issuer). */
static char *
signed_credential(const char *name, const char *desc, const char *until)
{
	struct issuer is;
	cJSON *c = cJSON_CreateObject(), *ctx, *t, *s, *a, *opts, *proof = NULL;
	struct cairn_error err = {0};
	char *text;

	issuer_new(&is);
	ctx = cJSON_AddArrayToObject(c, "@context");
	cJSON_AddItemToArray(
	    ctx, cJSON_CreateString("https://www.w3.org/ns/credentials/v2"));
	cJSON_AddItemToArray(
	    ctx,
	    cJSON_CreateString(
	        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
	cJSON_AddStringToObject(
	    c, "id", "urn:uuid:7d4c8f0e-1111-4a43-9d6e-1c2f4b0a9e11");
	t = cJSON_AddArrayToObject(c, "type");
	cJSON_AddItemToArray(t, cJSON_CreateString("VerifiableCredential"));
	cJSON_AddItemToArray(t, cJSON_CreateString("OpenBadgeCredential"));
	cJSON_AddStringToObject(c, "name", name);
	s = cJSON_AddObjectToObject(c, "issuer");
	cJSON_AddStringToObject(s, "id", is.did);
	cJSON_AddStringToObject(s, "type", "Profile");
	cJSON_AddStringToObject(s, "name", "Fjord University");
	cJSON_AddStringToObject(c, "validFrom", "2025-03-01T00:00:00Z");
	if (until != NULL)
		cJSON_AddStringToObject(c, "validUntil", until);
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "id", "did:example:learner");
	cJSON_AddStringToObject(s, "type", "AchievementSubject");
	a = cJSON_AddObjectToObject(s, "achievement");
	cJSON_AddStringToObject(a, "id",
	                        "https://fjord.example/achievements/sql");
	cJSON_AddStringToObject(a, "type", "Achievement");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "description", desc);
	opts = cJSON_CreateObject();
	cJSON_AddStringToObject(opts, "created", "2025-03-01T00:00:00Z");
	cJSON_AddStringToObject(opts, "verificationMethod", is.vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	assert_int_equal(di_jcs_sign(c, opts, is.sk, &proof, &err), CAIRN_OK);
	cJSON_AddItemToObject(c, "proof", proof);
	cJSON_Delete(opts);
	text = cJSON_PrintUnformatted(c);
	cJSON_Delete(c);
	return text;
}

static size_t
import_bytes(struct fx *f, const unsigned char *data, size_t len)
{
	struct import_outcome out;
	struct cairn_error err = {0};
	size_t at;

	memset(&out, 0, sizeof out);
	if (collection_import(f->c, data, len, "test", &out, &err) != CAIRN_OK)
		fail_msg("import: %s", err.msg);
	assert_true(out.n >= 1);
	assert_int_equal(collection_find(f->c, out.entries[0].id, &at, &err),
	                 CAIRN_OK);
	import_outcome_clear(&out);
	return at;
}

static size_t
import_text(struct fx *f, char *text)
{
	size_t at = import_bytes(f, (const unsigned char *)text, strlen(text));
	free(text);
	return at;
}

static size_t
import_fixture(struct fx *f, const char *rel)
{
	char *p = th_path(FIXTURES, rel);
	size_t len, at;
	unsigned char *d = th_read(p, &len);

	at = import_bytes(f, d, len);
	free(d);
	free(p);
	return at;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct vault_kdf kdf;
	struct cairn_secret *pw = th_secret("export test");
	struct cairn_error err = {0};
	char *vd;

	f->dir = th_tmpdir();
	vd = th_path(f->dir, "vault");
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(vd, pw, &kdf, &f->v, &err), CAIRN_OK);
	free(vd);
	secret_free(pw);
	assert_int_equal(collection_open(f->v, &f->c, &err), CAIRN_OK);
	f->good = import_text(f, signed_credential("Introduction to SQL",
	                                           "Relational databases.",
	                                           "2030-01-01T00:00:00Z"));
	f->expired =
	    import_text(f, signed_credential("Spreadsheets 101", "Formulas.",
	                                     "2026-01-01T00:00:00Z"));
	f->hostile = import_text(
	    f, signed_credential("<script>alert(1)</script> & \"Badge\"",
	                         "</script><img src=https://evil.example/x.png "
	                         "onerror=alert(2)>\n<!-- x ]]> -->",
	                         NULL));
	f->jwt = import_fixture(f, "import/ob30-simple.jwt");
	f->ob2img =
	    import_fixture(f, "import/ob20-assertion-with-data-image.json");
	f->svgimg = import_fixture(f, "baked/ob30-simple-json.svg");
	assert_int_equal(collection_save(f->c, &err), CAIRN_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	collection_free(f->c);
	vault_close(f->v);
	th_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
options(struct export_options *o, const char *const *ids, size_t n)
{
	memset(o, 0, sizeof *o);
	o->ids = ids;
	o->n_ids = n;
	o->now = NOW;
}

static const char *
id_of(struct fx *f, size_t at)
{
	return json_str(collection_record(f->c, at), "id");
}

/* Signs a bundle of the records and returns its text. */
static char *
bundle(struct fx *f, const size_t *idx, size_t n, const char *suite,
       const char *chal, const char *dom)
{
	struct export_options o;
	struct cairn_error err = {0};
	cJSON *vp = NULL;
	char *text;

	options(&o, NULL, 0);
	o.suite = suite;
	o.challenge = chal;
	o.domain = dom;
	if (export_presentation(f->v, f->c, idx, n, NULL, &o, &vp, NULL,
	                        &err) != CAIRN_OK)
		fail_msg("export_presentation: %s", err.msg);
	text = cJSON_PrintUnformatted(vp);
	cJSON_Delete(vp);
	return text;
}

static void
check(const char *text, const char *chal, const char *dom,
      struct presentation_report *r)
{
	struct verify_ctx ctx;
	struct cairn_error err = {0};

	memset(&ctx, 0, sizeof ctx);
	ctx.now = NOW;
	ctx.challenge = chal;
	ctx.domain = dom;
	if (presentation_verify((const unsigned char *)text, strlen(text), &ctx,
	                        r, &err) != CAIRN_OK)
		fail_msg("presentation_verify: %s", err.msg);
}

/* ---- holder --------------------------------------------------------- */

static void
test_holder_keys(void **state)
{
	struct fx *f = *state;
	struct cairn_error err = {0};
	struct holder_key *k = NULL;
	char did1[HOLDER_DID_MAX], did2[HOLDER_DID_MAX], seedhex[65],
	    pkdid[HOLDER_DID_MAX];
	unsigned char pk[32];
	cJSON *list = NULL;
	char *index;
	int created = 0;

	assert_false(holder_exists(f->v));
	assert_int_equal(holder_did(f->v, did1, &err), CAIRN_ERR_USAGE);
	assert_int_equal(holder_ensure(f->v, NOW, &created, &err), CAIRN_OK);
	assert_int_equal(created, 1);
	assert_int_equal(holder_ensure(f->v, NOW, &created, &err), CAIRN_OK);
	assert_int_equal(created, 0);
	assert_int_equal(holder_did(f->v, did1, &err), CAIRN_OK);
	assert_memory_equal(did1, "did:key:z6Mk", 12);

	/* the secret matches the did:key and never sits in the index */
	assert_int_equal(holder_key_load(f->v, &k, &err), CAIRN_OK);
	crypto_sign_ed25519_sk_to_pk(pk, k->sk);
	holder_did_of(pk, pkdid);
	assert_string_equal(pkdid, did1);
	assert_string_equal(k->did, did1);
	sodium_bin2hex(seedhex, sizeof seedhex, k->sk, 32);
	index = cJSON_PrintUnformatted(vault_data(f->v));
	assert_null(strstr(index, seedhex));
	free(index);
	holder_key_free(k);
	holder_key_free(NULL);

	assert_int_equal(holder_rotate(f->v, NOW + 10, did2, &err), CAIRN_OK);
	assert_string_not_equal(did1, did2);
	assert_int_equal(holder_did(f->v, pkdid, &err), CAIRN_OK);
	assert_string_equal(pkdid, did2);
	assert_int_equal(holder_list(f->v, &list, &err), CAIRN_OK);
	assert_int_equal(cJSON_GetArraySize(list), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "did"), did1);
	assert_false(cJSON_IsTrue(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "current")));
	assert_true(cJSON_IsTrue(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "current")));
	cJSON_Delete(list);
}

/* ---- bundles -------------------------------------------------------- */

static void
test_roundtrip_jcs(void **state)
{
	struct fx *f = *state;
	size_t idx[2] = {f->good, f->jwt};
	struct presentation_report r;
	char *b = bundle(f, idx, 1, EXPORT_SUITE_JCS, "c-123", "jobs.example");
	cJSON *doc = cJSON_Parse(b), *proof = cJSON_GetObjectItem(doc, "proof");

	assert_string_equal(json_str(proof, "proofPurpose"), "authentication");
	assert_string_equal(json_str(proof, "challenge"), "c-123");
	assert_string_equal(json_str(proof, "domain"), "jobs.example");
	assert_string_equal(json_str(proof, "cryptosuite"), "eddsa-jcs-2022");
	assert_memory_equal(json_str(doc, "holder"), "did:key:z6Mk", 12);
	cJSON_Delete(doc);

	check(b, "c-123", "jobs.example", &r);
	assert_int_equal(r.proof.result, CHECK_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.creds[0].id, id_of(f, f->good));
	assert_true(r.verified);
	presentation_report_clear(&r);
	/* a verifier that asks nothing still checks the signature */
	check(b, NULL, NULL, &r);
	assert_true(r.verified);
	presentation_report_clear(&r);
	free(b);

	/* a JWT goes in enveloped, and comes out the same credential */
	b = bundle(f, idx + 1, 1, NULL, NULL, NULL);
	assert_non_null(strstr(b, "\"EnvelopedVerifiableCredential\""));
	assert_non_null(strstr(b, "data:application/vc+jwt,eyJ"));
	check(b, NULL, NULL, &r);
	assert_int_equal(r.proof.result, CHECK_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.creds[0].id, id_of(f, f->jwt));
	presentation_report_clear(&r);
	free(b);
}

static void
test_rdfc_suite(void **state)
{
	struct fx *f = *state;
	size_t idx[2] = {f->good, f->jwt};
	struct export_options o;
	struct export_summary sum;
	struct cairn_error err = {0};
	struct presentation_report r;
	cJSON *vp = NULL;
	char *b;

	/* the default is eddsa-rdfc-2022, and it round-trips */
	assert_string_equal(export_default_suite(), EXPORT_SUITE_RDFC);
	options(&o, NULL, 0);
	o.challenge = "c-rdfc";
	assert_int_equal(
	    export_presentation(f->v, f->c, idx, 2, NULL, &o, &vp, &sum, &err),
	    CAIRN_OK);
	assert_string_equal(sum.suite, EXPORT_SUITE_RDFC);
	assert_string_equal(sum.note, "");
	assert_string_equal(json_str(json_obj(vp, "proof"), "cryptosuite"),
	                    "eddsa-rdfc-2022");
	b = cJSON_PrintUnformatted(vp);
	cJSON_Delete(vp);
	check(b, "c-rdfc", NULL, &r);
	assert_int_equal(r.proof.result, CHECK_OK);
	assert_non_null(strstr(r.proof.reason, "eddsa-rdfc-2022"));
	assert_int_equal(r.n, 2);
	presentation_report_clear(&r);
	free(b);

	/* a credential with a term its contexts do not define: safe mode
	 * cannot sign it whole, so the default gives way to eddsa-jcs-2022
	 * and says why; a suite asked for is refused instead */
	{
		char *text = signed_credential("Odd", "x", NULL);
		cJSON *c = cJSON_Parse(text);
		size_t at;
		free(text);
		/* add the term after signing: the credential's own proof then
		 * fails, but export carries it unchanged all the same */
		cJSON_AddStringToObject(c, "notATermAnywhere", "y");
		text = cJSON_PrintUnformatted(c);
		cJSON_Delete(c);
		at = import_text(f, text);
		idx[1] = at;
	}
	options(&o, NULL, 0);
	assert_int_equal(
	    export_presentation(f->v, f->c, idx, 2, NULL, &o, &vp, &sum, &err),
	    CAIRN_OK);
	assert_string_equal(sum.suite, EXPORT_SUITE_JCS);
	assert_non_null(strstr(sum.note, "notATermAnywhere"));
	assert_string_equal(json_str(json_obj(vp, "proof"), "cryptosuite"),
	                    "eddsa-jcs-2022");
	cJSON_Delete(vp);
	vp = NULL;
	o.suite = EXPORT_SUITE_RDFC;
	assert_int_equal(
	    export_presentation(f->v, f->c, idx, 2, NULL, &o, &vp, &sum, &err),
	    CAIRN_ERR_USAGE);
	assert_null(vp);
	o.suite = "eddsa-2022";
	assert_int_equal(
	    export_presentation(f->v, f->c, idx, 1, NULL, &o, &vp, NULL, &err),
	    CAIRN_ERR_USAGE);
}

/* Applies one change to a signed bundle and checks that it fails. */
static void
tampered(const char *b, void (*change)(cJSON *), const char *chal,
         const char *dom, const char *what)
{
	cJSON *doc = cJSON_Parse(b);
	struct presentation_report r;
	char *t;

	change(doc);
	t = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	check(t, chal, dom, &r);
	if (r.verified || r.proof.result != CHECK_FAILED)
		fail_msg("tampering (%s) went unnoticed: %s", what,
		         r.proof.reason);
	presentation_report_clear(&r);
	free(t);
}

static void
ch_proof_value(cJSON *d)
{
	cJSON *p = cJSON_GetObjectItem(d, "proof");
	char *v = strdup(json_str(p, "proofValue"));
	v[10] = v[10] == 'A' ? 'B' : 'A';
	cJSON_ReplaceItemInObject(p, "proofValue", cJSON_CreateString(v));
	free(v);
}

static void
ch_cred_field(cJSON *d)
{
	cJSON *c = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(d, "verifiableCredential"), 0);
	cJSON_ReplaceItemInObject(c, "name",
	                          cJSON_CreateString("Advanced SQL"));
}

static void
ch_challenge(cJSON *d)
{
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(d, "proof"), "challenge",
	                          cJSON_CreateString("c-124"));
}

static void
ch_domain(cJSON *d)
{
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(d, "proof"), "domain",
	                          cJSON_CreateString("evil.example"));
}

static void
ch_remove(cJSON *d)
{
	cJSON_DeleteItemFromArray(
	    cJSON_GetObjectItem(d, "verifiableCredential"), 1);
}

static void
ch_add(cJSON *d)
{
	cJSON *l = cJSON_GetObjectItem(d, "verifiableCredential");
	cJSON_AddItemToArray(l, cJSON_Duplicate(cJSON_GetArrayItem(l, 0), 1));
}

static void
ch_reorder(cJSON *d)
{
	cJSON *l = cJSON_GetObjectItem(d, "verifiableCredential");
	cJSON *first = cJSON_DetachItemFromArray(l, 0);
	cJSON_AddItemToArray(l, first);
}

static void
ch_holder(cJSON *d)
{
	cJSON_ReplaceItemInObject(
	    d, "holder",
	    cJSON_CreateString(
	        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"));
}

static void
ch_purpose(cJSON *d)
{
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(d, "proof"),
	                          "proofPurpose",
	                          cJSON_CreateString("assertionMethod"));
}

static void
ch_drop_proof(cJSON *d)
{
	cJSON_DeleteItemFromObject(d, "proof");
	cJSON_AddItemToObject(d, "proof", cJSON_CreateArray());
}

static void
ch_nothing(cJSON *d)
{
	(void)d;
}

static void
tamper_suite(struct fx *f, const char *suite)
{
	size_t idx[2] = {f->good, f->hostile};
	char *b = bundle(f, idx, 2, suite, "c-123", "jobs.example");
	struct presentation_report r;
	cJSON *doc = cJSON_Parse(b);

	assert_string_equal(json_str(json_obj(doc, "proof"), "cryptosuite"),
	                    suite);
	cJSON_Delete(doc);
	check(b, "c-123", "jobs.example", &r);
	assert_true(r.verified); /* the untouched bundle holds */
	presentation_report_clear(&r);

	tampered(b, ch_proof_value, "c-123", "jobs.example",
	         "holder proof value");
	tampered(b, ch_cred_field, "c-123", "jobs.example",
	         "a credential's field");
	tampered(b, ch_challenge, "c-124", "jobs.example",
	         "challenge in the proof");
	tampered(b, ch_nothing, "c-999", "jobs.example",
	         "the verifier's challenge");
	tampered(b, ch_domain, "c-123", "evil.example", "domain in the proof");
	tampered(b, ch_nothing, "c-123", "other.example",
	         "the verifier's domain");
	tampered(b, ch_remove, "c-123", "jobs.example",
	         "removing a credential");
	tampered(b, ch_add, "c-123", "jobs.example", "adding a credential");
	if (strcmp(suite, EXPORT_SUITE_JCS) == 0) {
		tampered(b, ch_reorder, "c-123", "jobs.example",
		         "reordering credentials");
	} else {
		/* in JSON-LD, verifiableCredential is a set: eddsa-rdfc-2022
		 * signs which credentials, not their order (cairn(1) says so)
		 */
		doc = cJSON_Parse(b);
		ch_reorder(doc);
		{
			char *t = cJSON_PrintUnformatted(doc);
			check(t, "c-123", "jobs.example", &r);
			assert_int_equal(r.proof.result, CHECK_OK);
			assert_int_equal(r.n, 2);
			assert_string_equal(r.creds[0].id,
			                    id_of(f, f->hostile));
			presentation_report_clear(&r);
			free(t);
		}
		cJSON_Delete(doc);
	}
	tampered(b, ch_holder, "c-123", "jobs.example", "the holder");
	tampered(b, ch_purpose, "c-123", "jobs.example", "the proof purpose");
	tampered(b, ch_drop_proof, "c-123", "jobs.example", "no proof");
	free(b);

	/* a bundle made without a challenge does not answer one */
	b = bundle(f, idx, 1, suite, NULL, NULL);
	tampered(b, ch_nothing, "c-123", NULL, "challenge asked, none given");
	tampered(b, ch_nothing, NULL, "jobs.example",
	         "domain asked, none given");
	free(b);
}

static void
test_tamper(void **state)
{
	struct fx *f = *state;

	tamper_suite(f, EXPORT_SUITE_JCS);
	tamper_suite(f, EXPORT_SUITE_RDFC);
}

static void
test_expired_inside(void **state)
{
	struct fx *f = *state;
	size_t idx[2] = {f->good, f->expired};
	char *b = bundle(f, idx, 2, NULL, NULL, NULL);
	struct presentation_report r;
	cJSON *j;

	check(b, NULL, NULL, &r);
	assert_int_equal(r.proof.result, CHECK_OK);
	assert_false(r.verified);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.creds[0].verdict.overall, VERDICT_VERIFIED);
	assert_int_equal(r.creds[1].verdict.overall, VERDICT_FAILED);
	assert_string_equal(r.creds[1].verdict.status, "expired");
	j = presentation_report_json(&r);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "verified")));
	assert_int_equal(
	    cJSON_GetArraySize(cJSON_GetObjectItem(j, "credentials")), 2);
	assert_string_equal(
	    json_str(
	        cJSON_GetArrayItem(cJSON_GetObjectItem(j, "credentials"), 1),
	        "status"),
	    "expired");
	cJSON_Delete(j);
	presentation_report_clear(&r);
	free(b);
}

/* ---- selection ------------------------------------------------------ */

static void
test_select(void **state)
{
	struct fx *f = *state;
	struct export_options o;
	struct cairn_error err = {0};
	size_t *idx = NULL, n = 0;
	cJSON *prog = NULL, *vp = NULL;
	char prefix[9];
	const char *ids[2];
	struct pathway *p = NULL;
	static const char pw[] =
	    "{\"id\":\"sql-path\",\"title\":\"SQL "
	    "path\",\"requirement\":{\"allOf\":["
	    "{\"match\":{\"name\":\"Introduction to SQL\"}},"
	    "{\"match\":{\"name\":\"Never earned\"}}]}}";

	/* ids by prefix, each once */
	snprintf(prefix, sizeof prefix, "%.8s", id_of(f, f->good));
	ids[0] = prefix;
	ids[1] = id_of(f, f->good);
	options(&o, ids, 2);
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, &prog, &err),
	                 CAIRN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], f->good);
	assert_null(prog);
	free(idx);

	/* the list filter */
	options(&o, NULL, 0);
	o.filter = "spreadsheets";
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, NULL, &err),
	                 CAIRN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], f->expired);
	free(idx);
	o.filter = "no-such-thing-anywhere";
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, NULL, &err),
	                 CAIRN_ERR_USAGE);

	/* nothing, or two ways at once, is a usage error */
	options(&o, NULL, 0);
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, NULL, &err),
	                 CAIRN_ERR_USAGE);
	options(&o, ids, 1);
	o.filter = "sql";
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, NULL, &err),
	                 CAIRN_ERR_USAGE);

	/* a pathway: exactly what counts toward it, and the holder's claim */
	assert_int_equal(pathway_parse((const unsigned char *)pw, strlen(pw),
	                               "test", &p, &err),
	                 CAIRN_OK);
	assert_int_equal(pathways_store(f->v, p, &err), CAIRN_OK);
	pathway_free(p);
	options(&o, NULL, 0);
	o.pathway = "sql-path";
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, &prog, &err),
	                 CAIRN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], f->good);
	assert_non_null(prog);
	assert_int_equal(
	    export_presentation(f->v, f->c, idx, n, prog, &o, &vp, NULL, &err),
	    CAIRN_OK);
	{
		const cJSON *cl = cJSON_GetObjectItem(vp, "holderClaim");
		assert_string_equal(json_str(cl, "type"), "HolderPathwayClaim");
		assert_string_equal(
		    json_str(json_obj(cl, "pathway"), "pathwayId"), "sql-path");
		assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cl, "complete")));
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(
		                     vp, "verifiableCredential")),
		                 1);
	}
	{
		/* the claim is under the holder's signature too */
		char *b = cJSON_PrintUnformatted(vp),
		     *at = strstr(b, "HolderPathwayClaim");
		struct presentation_report r;
		check(b, NULL, NULL, &r);
		assert_int_equal(r.proof.result, CHECK_OK);
		assert_non_null(r.claim);
		presentation_report_clear(&r);
		assert_non_null(at);
		memcpy(at, "HolderPathwayClaiM", 18);
		check(b, NULL, NULL, &r);
		assert_int_equal(r.proof.result, CHECK_FAILED);
		presentation_report_clear(&r);
		free(b);
	}
	cJSON_Delete(vp);
	cJSON_Delete(prog);
	free(idx);
	o.pathway = "no-such-pathway";
	assert_int_equal(export_select(f->v, f->c, &o, &idx, &n, &prog, &err),
	                 CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no-such-pathway"));
}

/* ---- the HTML page -------------------------------------------------- */

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
test_html(void **state)
{
	struct fx *f = *state;
	char *out = th_path(f->dir, "page.html"), *html, *lo, *json;
	const char *ids[3];
	struct export_options o;
	struct cairn_error err = {0};
	size_t len;
	const char *s, *e;
	cJSON *vp;

	ids[0] = id_of(f, f->hostile);
	ids[1] = id_of(f, f->good);
	ids[2] = id_of(f, f->ob2img);
	options(&o, ids, 3);
	o.form = EXPORT_HTML;
	o.output = out;
	o.challenge = "</script><i>x";
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err), CAIRN_OK);
	html = (char *)th_read(out, &len);

	/* hostile text is shown as text */
	assert_non_null(strstr(
	    html,
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Badge&quot;"));
	assert_non_null(strstr(
	    html, "&lt;/script&gt;&lt;img src=https://evil.example/x.png"));
	assert_null(strstr(html, "<img src=https"));
	assert_null(strstr(html, "<i>"));
	assert_non_null(strstr(html, "&lt;/script&gt;&lt;i&gt;x"));
	/* one script element only: the presentation, which no text ends early
	 */
	assert_int_equal(count(html, "<script"), 1);
	assert_int_equal(count(html, "</script"), 1);
	assert_non_null(strstr(html, "<script type=\"application/ld+json\""));
	/* nothing fetched: no remote src, href, url() or @import */
	lo = html;
	assert_int_equal(count(lo, "src=\"http"), 0);
	assert_int_equal(count(lo, "href="), 0);
	assert_int_equal(count(lo, "url("), 0);
	assert_int_equal(count(lo, "@import"), 0);
	assert_non_null(strstr(html, "src=\"data:image/png;base64,"));
	/* phone and paper */
	assert_non_null(strstr(html, "name=\"viewport\""));
	assert_non_null(strstr(html, "@page{size:A4"));
	assert_non_null(strstr(html, "@media print"));
	assert_non_null(strstr(html, "Introduction to SQL"));
	assert_non_null(strstr(html, "Fjord University"));

	/* the embedded presentation is the signed one, and verifies */
	s = strstr(html,
	           "<script type=\"application/ld+json\" id=\"presentation\">");
	assert_non_null(s);
	s = strchr(s, '>') + 1;
	e = strstr(s, "</script>");
	json = strndup(s, (size_t)(e - s));
	vp = cJSON_Parse(json);
	assert_non_null(vp);
	assert_string_equal(json_str(json_obj(vp, "proof"), "challenge"),
	                    "</script><i>x");
	{
		struct presentation_report r;
		check(json, "</script><i>x", NULL, &r);
		assert_int_equal(r.proof.result, CHECK_OK);
		assert_int_equal(r.n, 3);
		presentation_report_clear(&r);
	}
	cJSON_Delete(vp);
	{
		unsigned char *got = NULL;
		size_t glen = 0;
		assert_int_equal(presentation_from_html((unsigned char *)html,
		                                        len, &got, &glen),
		                 1);
		assert_int_equal(glen, strlen(json));
		assert_memory_equal(got, json, glen);
		free(got);
		assert_int_equal(presentation_from_html((unsigned char *)json,
		                                        strlen(json), &got,
		                                        &glen),
		                 0);
		assert_null(got);
	}
	free(json);
	free(html);
	free(out);

	{
		char *esc = export_html_escape("a\x01<b>\xE2\x80\xAE'\"&\xff");
		assert_string_equal(esc, "a\xEF\xBF\xBD&lt;b&gt;\xEF\xBF\xBD&#"
		                         "39;&quot;&amp;\xEF\xBF\xBD");
		free(esc);
		esc = export_script_json("{\"a\":\"</script><!--\"}");
		assert_string_equal(esc,
		                    "{\"a\":\"\\u003c/script>\\u003c!--\"}");
		free(esc);
	}
}

/* ---- baked images --------------------------------------------------- */

static void
rebaked_same(struct fx *f, size_t at, int svg)
{
	unsigned char *img = NULL, *raw = NULL;
	size_t len = 0, rlen = 0;
	struct import_result res;
	struct baked b;
	struct cairn_error err = {0};

	if (export_bake(f->v, f->c, at, svg, &img, &len, &err) != CAIRN_OK)
		fail_msg("bake: %s", err.msg);
	/* exactly one credential inside: any earlier baking was replaced */
	memset(&b, 0, sizeof b);
	assert_int_equal(svg ? baked_svg_read(img, len, &b, &err)
	                     : baked_png_read(img, len, &b, &err),
	                 CAIRN_OK);
	assert_int_equal(collection_raw(f->c, at, &raw, &rlen, &err), CAIRN_OK);
	assert_int_equal(b.len, rlen);
	assert_memory_equal(b.text, raw, rlen);
	baked_clear(&b);
	free(raw);
	/* imported again, it is the same credential */
	assert_int_equal(import_parse(img, len, &res, &err), CAIRN_OK);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.items[0].id, id_of(f, at));
	assert_true(res.container_is_image);
	import_result_clear(&res);
	free(img);
}

static void
test_baked(void **state)
{
	struct fx *f = *state;
	unsigned char *img = NULL, *out = NULL;
	size_t len = 0, olen = 0;
	struct cairn_error err = {0};
	struct baked b;
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg "
	                          "xmlns=\"http://www.w3.org/2000/svg\" "
	                          "width=\"10\" height=\"10\"><rect "
	                          "width=\"10\" height=\"10\"/></svg>\n";
	static const char cred[] =
	    "{\"@context\":\"https://www.w3.org/ns/credentials/v2\","
	    "\"name\":\"a ]]> b\"}";

	rebaked_same(f, f->ob2img, 0); /* an OB 2.0 data: picture */
	rebaked_same(f, f->svgimg, 1); /* an OB 3.0 baked SVG, baked again */

	/* the wrong picture type is refused clearly */
	assert_int_equal(
	    export_bake(f->v, f->c, f->ob2img, 1, &img, &len, &err),
	    CAIRN_ERR_USAGE);
	assert_int_equal(
	    export_bake(f->v, f->c, f->svgimg, 0, &img, &len, &err),
	    CAIRN_ERR_USAGE);
	assert_int_equal(export_bake(f->v, f->c, f->good, 0, &img, &len, &err),
	                 CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "no stored badge image"));

	/* "]]>" inside the credential survives CDATA; OB 2.0 keyword */
	assert_int_equal(export_bake_svg((const unsigned char *)svg,
	                                 strlen(svg), cred, 3, &out, &olen,
	                                 &err),
	                 CAIRN_OK);
	memset(&b, 0, sizeof b);
	assert_int_equal(baked_svg_read(out, olen, &b, &err), CAIRN_OK);
	assert_string_equal(b.text, cred);
	assert_int_equal(b.ob_version, 3);
	baked_clear(&b);
	free(out);
	assert_int_equal(export_bake_svg((const unsigned char *)svg,
	                                 strlen(svg), cred, 2, &out, &olen,
	                                 &err),
	                 CAIRN_OK);
	assert_int_equal(baked_svg_read(out, olen, &b, &err), CAIRN_OK);
	assert_int_equal(b.ob_version, 2);
	baked_clear(&b);
	free(out);
	assert_int_equal(export_bake_png((const unsigned char *)svg,
	                                 strlen(svg), cred, 3, &out, &olen,
	                                 &err),
	                 CAIRN_ERR_USAGE);
}

/* ---- writing -------------------------------------------------------- */

static size_t
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
cancel_at_sign(void *ctx, size_t done, size_t total, const char *stage)
{
	(void)done;
	(void)total;
	(*(int *)ctx)++;
	return strcmp(stage, "sign") == 0;
}

static void
test_no_overwrite(void **state)
{
	struct fx *f = *state;
	char *outdir = th_path(f->dir, "out"), *out;
	const char *ids[1];
	struct export_options o;
	struct cairn_error err = {0};
	unsigned char *d;
	size_t len;
	int calls = 0;
	struct export_summary sum;

	assert_int_equal(mkdir(outdir, 0700), 0);
	out = th_path(outdir, "bundle.json");
	ids[0] = id_of(f, f->good);
	options(&o, ids, 1);
	o.output = out;

	th_write(out, "mine", 4);
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err),
	                 CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "--force"));
	d = th_read(out, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(d, "mine", 4);
	free(d);
	assert_int_equal(entries(outdir), 1);

	o.force = 1;
	/* a vault made before holder keys gets one on first need, and says so
	 */
	assert_false(holder_exists(f->v));
	assert_int_equal(export_run(f->v, f->c, &o, &sum, &err), CAIRN_OK);
	assert_int_equal(sum.holder_created, 1);
	assert_true(holder_exists(f->v));
	assert_int_equal(export_run(f->v, f->c, &o, &sum, &err), CAIRN_OK);
	assert_int_equal(sum.holder_created, 0);
	assert_int_equal(sum.credentials, 1);
	assert_memory_equal(sum.holder, "did:key:z6Mk", 12);
	assert_string_equal(sum.suite, "eddsa-rdfc-2022");
	d = th_read(out, &len);
	assert_true(len > 100);
	assert_non_null(strstr((char *)d, "VerifiablePresentation"));
	free(d);
	assert_int_equal(entries(outdir), 1);
	assert_int_equal(unlink(out), 0);

	/* failures and cancellation leave nothing behind */
	o.force = 0;
	ids[0] = "ffffffffffff";
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err),
	                 CAIRN_ERR_USAGE);
	assert_int_equal(entries(outdir), 0);
	ids[0] = id_of(f, f->good);
	o.progress = cancel_at_sign;
	o.progress_ctx = &calls;
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err),
	                 CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "cancelled"));
	assert_true(calls >= 2);
	assert_int_equal(entries(outdir), 0);
	o.progress = NULL;
	o.form = EXPORT_PNG; /* a credential with no picture */
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err),
	                 CAIRN_ERR_USAGE);
	assert_int_equal(entries(outdir), 0);
	free(out);
	/* a directory that is not there */
	out = th_path(outdir, "missing/bundle.json");
	o.form = EXPORT_BUNDLE;
	o.output = out;
	assert_int_equal(export_run(f->v, f->c, &o, NULL, &err), CAIRN_ERR_IO);
	assert_int_equal(entries(outdir), 0);
	free(out);
	free(outdir);
}

int
main(void)
{
	struct cairn_error err = {0};
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_holder_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roundtrip_jcs, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_rdfc_suite, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tamper, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_expired_inside, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_select, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_html, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_baked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_overwrite, setup, teardown),
	};

	if (cairn_init(&err) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

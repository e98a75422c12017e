/* Limits not hit elsewhere in the suite: each test goes one past a named
 * constant of limits.h (and, where cheap, stays at it) and checks the
 * clean, one-line error cairn(1) documents. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#include "credential.h"
#include "ctdl.h"
#include "import/baked.h"
#include "import/files.h"
#include "cairn_limits.h"
#include "pathway.h"
#include "pathways.h"
#include "strbuf.h"
#include "testhelp.h"
#include "vault.h"
#include "vault_format.h"
#include "vault_internal.h"
#include "verify/keys.h"
#include "verify/rdfc.h"

static void
one_line(const struct cairn_error *err, const char *part)
{
	assert_true(err->msg[0] != '\0');
	assert_null(strchr(err->msg, '\n'));
	if (strstr(err->msg, part) == NULL)
		fail_msg("'%s' not in the error: %s", part, err->msg);
}

/* ---- import of folders ------------------------------------------------ */

static enum cairn_err
expand_nested(const char *tmp, int levels, struct cairn_error *err)
{
	char *dir = strdup(tmp), *file;
	char **paths = NULL;
	size_t n = 0;
	enum cairn_err rc;

	for (int i = 0; i < levels; i++) {
		char *sub = th_path(dir, "d");
		assert_int_equal(mkdir(sub, 0700), 0);
		free(dir);
		dir = sub;
	}
	file = th_path(dir, "badge.json");
	th_write(file, "{}", 2);
	rc = import_expand_path(tmp, &paths, &n, err);
	if (rc == CAIRN_OK) {
		assert_int_equal(n, 1);
		import_paths_free(paths, n);
	}
	free(file);
	free(dir);
	return rc;
}

static void
test_folder_depth(void **state)
{
	struct cairn_error err = {0};
	char *a = th_tmpdir(), *b = th_tmpdir();
	char num[16];

	(void)state;
	assert_int_equal(expand_nested(a, CAIRN_MAX_FOLDER_DEPTH, &err),
	                 CAIRN_OK);
	assert_int_equal(expand_nested(b, CAIRN_MAX_FOLDER_DEPTH + 1, &err),
	                 CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "%d levels", CAIRN_MAX_FOLDER_DEPTH);
	one_line(&err, "folders nested deeper than");
	one_line(&err, num);
	th_rmtree(a);
	th_rmtree(b);
	free(a);
	free(b);
}

/* ---- baked SVG ---------------------------------------------------------- */

static enum cairn_err
svg_nested(int depth, struct cairn_error *err)
{
	struct strbuf s = {NULL, 0, 0, 0};
	struct baked b;
	enum cairn_err rc;
	char *text;

	strbuf_add(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\">", 40);
	for (int i = 1; i < depth; i++)
		strbuf_add(&s, "<g>", 3);
	for (int i = 1; i < depth; i++)
		strbuf_add(&s, "</g>", 4);
	strbuf_add(&s, "</svg>", 6);
	text = strbuf_take(&s);
	assert_non_null(text);
	rc = baked_svg_read((unsigned char *)text, strlen(text), &b, err);
	baked_clear(&b);
	free(text);
	return rc;
}

static void
test_svg_depth(void **state)
{
	struct cairn_error err = {0};
	char num[64];

	(void)state;
	/* at the limit the image is read (and holds no badge) */
	err.msg[0] = '\0';
	(void)svg_nested(CAIRN_MAX_SVG_DEPTH, &err);
	assert_null(strstr(err.msg, "nested more than"));
	assert_int_equal(svg_nested(CAIRN_MAX_SVG_DEPTH + 1, &err),
	                 CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "nested more than %d deep",
	         CAIRN_MAX_SVG_DEPTH);
	one_line(&err, num);
}

static enum cairn_err
svg_bindings(int n, struct cairn_error *err)
{
	struct strbuf s = {NULL, 0, 0, 0};
	struct baked b;
	enum cairn_err rc;
	char *text, attr[96];

	strbuf_add(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39);
	for (int i = 0; i < n; i++) {
		snprintf(attr, sizeof attr,
		         " xmlns:p%d=\"http://openbadges.org\"", i);
		strbuf_add(&s, attr, strlen(attr));
	}
	strbuf_add(&s, "></svg>", 7);
	text = strbuf_take(&s);
	assert_non_null(text);
	rc = baked_svg_read((unsigned char *)text, strlen(text), &b, err);
	baked_clear(&b);
	free(text);
	return rc;
}

static void
test_svg_namespace_bindings(void **state)
{
	struct cairn_error err = {0};
	char num[64];

	(void)state;
	err.msg[0] = '\0';
	(void)svg_bindings(CAIRN_MAX_SVG_NS_BINDINGS, &err);
	assert_null(strstr(err.msg, "namespace declarations in scope"));
	assert_int_equal(svg_bindings(CAIRN_MAX_SVG_NS_BINDINGS + 1, &err),
	                 CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "more than %d Open Badges namespace",
	         CAIRN_MAX_SVG_NS_BINDINGS);
	one_line(&err, num);
}

/* ---- keys --------------------------------------------------------------- */

static void
test_rsa_exponent_bits(void **state)
{
	/* RFC 7515 A.2's modulus with an exponent of 65 bits (odd) */
	static const char n[] =
	    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-"
	    "Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_"
	    "YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"
	    "bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-"
	    "UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_"
	    "I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_"
	    "h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
	char json[1024];
	cJSON *jwk;
	struct pubkey k = {0};
	struct cairn_error err = {0};

	(void)state;
	/* 0x01 followed by eight bytes ending in an odd one: 65 bits */
	snprintf(json, sizeof json,
	         "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAAAAAAAAAB\"}", n);
	jwk = cJSON_Parse(json);
	assert_non_null(jwk);
	assert_int_equal(key_from_jwk(jwk, &k, &err), CAIRN_ERR_CHECK);
	one_line(&err, "at most 64 bits");
	pubkey_clear(&k);
	cJSON_Delete(jwk);
	/* the usual 65537 is accepted */
	snprintf(json, sizeof json,
	         "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}", n);
	jwk = cJSON_Parse(json);
	assert_int_equal(key_from_jwk(jwk, &k, &err), CAIRN_OK);
	pubkey_clear(&k);
	cJSON_Delete(jwk);
}

/* ---- pathways ----------------------------------------------------------- */

static enum cairn_err
parse_credits(double credits, struct cairn_error *err)
{
	char json[512];
	struct pathway *p = NULL;
	enum cairn_err rc;

	snprintf(json, sizeof json,
	         "{\"id\":\"big\",\"title\":\"Big\",\"requirement\":{"
	         "\"credits\":%.0f,"
	         "\"unit\":\"ECTS\",\"from\":{\"match\":{\"tag\":\"x\"}}}}",
	         credits);
	rc = pathway_parse((unsigned char *)json, strlen(json), "big.json", &p,
	                   err);
	pathway_free(p);
	return rc;
}

static void
test_pathway_credits(void **state)
{
	struct cairn_error err = {0};
	char num[64];

	(void)state;
	assert_int_equal(parse_credits(CAIRN_MAX_PATHWAY_CREDITS, &err),
	                 CAIRN_OK);
	assert_int_equal(parse_credits(CAIRN_MAX_PATHWAY_CREDITS + 1, &err),
	                 CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "must be at most %d",
	         CAIRN_MAX_PATHWAY_CREDITS);
	one_line(&err, num);
}

static void
test_pathways_stored(void **state)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	struct cairn_secret *pass = th_secret("limits");
	char json[256], num[32];
	int i;

	(void)state;
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(dir, pass, &kdf, &v, &err), CAIRN_OK);
	for (i = 0; i <= CAIRN_MAX_PATHWAYS; i++) {
		struct pathway *p = NULL;
		enum cairn_err rc;
		snprintf(json, sizeof json,
		         "{\"id\":\"p%d\",\"title\":\"P\",\"requirement\":{"
		         "\"match\":{\"tag\":\"t\"}}}",
		         i);
		assert_int_equal(pathway_parse((unsigned char *)json,
		                               strlen(json), "p.json", &p,
		                               &err),
		                 CAIRN_OK);
		rc = pathways_store(v, p, &err);
		pathway_free(p);
		if (i < CAIRN_MAX_PATHWAYS) {
			assert_int_equal(rc, CAIRN_OK);
		} else {
			assert_int_equal(rc, CAIRN_ERR_USAGE);
			snprintf(num, sizeof num, "more than %d pathways",
			         CAIRN_MAX_PATHWAYS);
			one_line(&err, num);
		}
	}
	vault_close(v);
	secret_free(pass);
	th_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* Two credits nodes every credential could serve, and credits that cannot
 * quite meet both: proving the best split is a subset-sum search.  With
 * N credentials the search is small; with 40 it passes
 * CAIRN_MAX_PATHWAY_SEARCH steps, and the best assignment found so far
 * comes back marked inexact ("exact" is false only when the step budget
 * stops the search: pathway.c sets it nowhere else). */
static cJSON *
search_evaluate(int n, struct cairn_error *err)
{
	static const char json[] =
	    "{\"id\":\"b\",\"title\":\"B\",\"requirement\":{\"allOf\":["
	    "{\"id\":\"x\",\"credits\":1000.5,\"from\":{\"match\":{\"tag\":"
	    "\"x\"}}},"
	    "{\"id\":\"y\",\"credits\":1000.5,\"from\":{\"match\":{\"tag\":"
	    "\"y\"}}}]}}";
	cJSON *recs[64], *res = NULL;
	struct pathway *p = NULL;
	char id[16];
	time_t now;

	assert_true(n <= 64);
	assert_int_equal(credential_parse_time("2026-06-01T00:00:00Z", &now),
	                 0);
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject(), *c, *t;
		assert_non_null(o);
		snprintf(id, sizeof id, "c%d", i);
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "title", id);
		c = cJSON_AddObjectToObject(o, "verdict");
		cJSON_AddStringToObject(c, "status", "verified");
		t = cJSON_AddArrayToObject(o, "tags");
		cJSON_AddItemToArray(t, cJSON_CreateString("x"));
		cJSON_AddItemToArray(t, cJSON_CreateString("y"));
		c = cJSON_AddObjectToObject(o, "credits");
		cJSON_AddNumberToObject(c, "value", 10 + 2 * i);
		cJSON_AddStringToObject(c, "unit", "ECTS");
		cJSON_AddStringToObject(c, "source", "creditsEarned");
		recs[i] = o;
	}
	assert_int_equal(pathway_parse((const unsigned char *)json,
	                               strlen(json), "b.json", &p, err),
	                 CAIRN_OK);
	assert_int_equal(pathway_evaluate(p, (const cJSON *const *)recs,
	                                  (size_t)n, now, &res, err),
	                 CAIRN_OK);
	pathway_free(p);
	for (int i = 0; i < n; i++)
		cJSON_Delete(recs[i]);
	assert_non_null(res);
	return res;
}

static void
test_pathway_search(void **state)
{
	struct cairn_error err = {0};
	cJSON *res;
	double progress;

	(void)state;
	/* eight credentials: the whole search, exact */
	res = search_evaluate(8, &err);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(res, "exact")));
	cJSON_Delete(res);
	/* forty: the budget stops it; a result still comes, marked inexact,
	 * no better than the true best (1,960 of 2,001 credits) */
	res = search_evaluate(40, &err);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(res, "exact")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(res, "complete")));
	progress = cJSON_GetNumberValue(cJSON_GetObjectItem(res, "progress"));
	assert_true(progress > 0.97);
	assert_true(progress <= 1960.0 / 2001 + 1e-12);
	cJSON_Delete(res);
}

/* ---- CTDL --------------------------------------------------------------- */

/* A CTDL file of LEVELS conditions, each naming the next twice: 2^LEVELS
 * references to follow in a file of a few kilobytes. */
static enum cairn_err
ctdl_doubling(int levels, struct cairn_error *err)
{
	struct strbuf s = {NULL, 0, 0, 0};
	cJSON *doc = NULL, *notes = NULL;
	char line[256], *text;
	size_t len;
	enum cairn_err rc;
	int m;

	m = snprintf(
	    line, sizeof line,
	    "{\"@graph\":[{\"@id\":\"_:p\",\"@type\":\"ceterms:Pathway\","
	    "\"ceterms:name\":\"P\",\"ceterms:hasDestinationComponent\":\"_:"
	    "d\"}");
	strbuf_add(&s, line, (size_t)m);
	m = snprintf(
	    line, sizeof line,
	    ",{\"@id\":\"_:d\",\"@type\":\"ceterms:CredentialComponent\","
	    "\"ceterms:name\":\"D\",\"ceterms:hasCondition\":[\"_:c0\"]}");
	strbuf_add(&s, line, (size_t)m);
	for (int k = 0; k < levels; k++) {
		m = snprintf(line, sizeof line,
		             ",{\"@id\":\"_:c%d\",\"@type\":\"ceterms:"
		             "ComponentCondition\","
		             "\"ceterms:hasCondition\":[\"_:c%d\",\"_:c%d\"]}",
		             k, k + 1, k + 1);
		strbuf_add(&s, line, (size_t)m);
	}
	m = snprintf(
	    line, sizeof line,
	    ",{\"@id\":\"_:c%d\",\"@type\":\"ceterms:ComponentCondition\","
	    "\"ceterms:targetComponent\":[\"_:gone\"]}]}",
	    levels);
	strbuf_add(&s, line, (size_t)m);
	len = s.len;
	text = strbuf_take(&s);
	assert_non_null(text);
	assert_true(len < 4096);
	rc = ctdl_to_pathway((const unsigned char *)text, len, &doc, &notes,
	                     err);
	if (rc != CAIRN_OK) {
		assert_null(doc);
		assert_null(notes);
	}
	cJSON_Delete(doc);
	cJSON_Delete(notes);
	free(text);
	return rc;
}

static void
test_ctdl_refs(void **state)
{
	struct cairn_error err = {0};
	char num[64];

	(void)state;
	/* 18 levels: about 786,000 references, under the limit */
	assert_int_equal(ctdl_doubling(18, &err), CAIRN_OK);
	/* 19 levels: about 1,573,000, past it */
	assert_int_equal(ctdl_doubling(19, &err), CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "more than %lu references to follow",
	         (unsigned long)CAIRN_MAX_CTDL_REFS);
	one_line(&err, num);
	one_line(&err, "CTDL pathway");
}

/* ---- N-Quads ------------------------------------------------------------ */

static void
test_nquads_size(void **state)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	size_t len = CAIRN_MAX_NQUADS_SIZE + 1;
	char *text = malloc(len);

	(void)state;
	assert_non_null(text);
	memset(text, ' ', len);
	assert_int_equal(nquads_parse(text, len, &ds, &err), CAIRN_ERR_USAGE);
	assert_null(ds);
	one_line(&err, "N-Quads document is larger than");
	free(text);
}

static void
test_nquads_quads(void **state)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	struct strbuf s = {NULL, 0, 0, 0};
	char line[96], num[32];
	char *text;
	size_t len;

	(void)state;
	for (unsigned long i = 0; i <= CAIRN_MAX_NQUADS_QUADS; i++) {
		int n = snprintf(line, sizeof line,
		                 "<urn:s> <urn:p> \"%lu\" .\n", i);
		strbuf_add(&s, line, (size_t)n);
	}
	len = s.len;
	text = strbuf_take(&s);
	assert_non_null(text);
	assert_int_equal(nquads_parse(text, len, &ds, &err), CAIRN_ERR_USAGE);
	assert_null(ds);
	snprintf(num, sizeof num, "more than %lu quads",
	         (unsigned long)CAIRN_MAX_NQUADS_QUADS);
	one_line(&err, num);
	/* one quad fewer is read */
	text[len - strlen(line)] = '\0';
	assert_int_equal(nquads_parse(text, strlen(text), &ds, &err), CAIRN_OK);
	assert_int_equal(rdf_dataset_count(ds), CAIRN_MAX_NQUADS_QUADS);
	rdf_dataset_free(ds);
	free(text);
}

/* ---- the vault ---------------------------------------------------------- */

static void
test_index_size(void **state)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v"), *index;
	struct cairn_secret *pass = th_secret("limits");
	FILE *fp;

	(void)state;
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(dir, pass, &kdf, &v, &err), CAIRN_OK);
	vault_close(v);
	/* an index file past the limit (sparse: no disk is used) */
	index = th_path(dir, "index");
	fp = fopen(index, "r+");
	assert_non_null(fp);
	assert_int_equal(
	    ftruncate(fileno(fp), (off_t)(CAIRN_MAX_INDEX_SIZE + 4096)), 0);
	fclose(fp);
	assert_int_equal(vault_open(dir, pass, VAULT_READ, &v, &err),
	                 CAIRN_ERR_DAMAGED);
	one_line(&err, "index");
	free(index);
	secret_free(pass);
	th_rmtree(tmp);
	free(dir);
	free(tmp);
}

static void
test_key_slots(void **state)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	char *slot0 = th_path(dir, "keys/0"), *past = NULL, *last = NULL;
	struct cairn_secret *pass = th_secret("limits");
	char rel[32];

	(void)state;
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(dir, pass, &kdf, &v, &err), CAIRN_OK);
	vault_close(v);
	/* the last slot number is read ... */
	snprintf(rel, sizeof rel, "keys/%d", CAIRN_MAX_KEY_SLOTS - 1);
	last = th_path(dir, rel);
	assert_int_equal(rename(slot0, last), 0);
	assert_int_equal(vault_open(dir, pass, VAULT_READ, &v, &err), CAIRN_OK);
	vault_close(v);
	/* ... one past it is not a key slot */
	snprintf(rel, sizeof rel, "keys/%d", CAIRN_MAX_KEY_SLOTS);
	past = th_path(dir, rel);
	assert_int_equal(rename(last, past), 0);
	err.msg[0] = '\0';
	assert_true(vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK);
	assert_true(err.msg[0] != '\0');
	assert_null(strchr(err.msg, '\n'));
	free(slot0);
	free(past);
	free(last);
	secret_free(pass);
	th_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* A vault at the cheapest key derivation, for forging its files. */
static struct vault *
limits_vault(const char *dir, const struct cairn_secret *pass)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v = NULL;

	th_kdf_min(&kdf);
	assert_int_equal(vault_create(dir, pass, &kdf, &v, &err), CAIRN_OK);
	return v;
}

/* Rewrites key slot 0 claiming OPS and MEM, with a checksum that fits:
 * only the parameters are out of order, nothing else. */
static void
slot_forge(const char *slot, uint64_t ops, uint64_t mem)
{
	size_t len;
	unsigned char *buf = th_read(slot, &len);

	assert_int_equal(len, VF_SLOT_SIZE);
	vf_put_u64(buf + 16, ops);
	vf_put_u64(buf + 24, mem);
	crypto_generichash(buf + VF_SLOT_BODY, VF_CHECKSUM_LEN, buf,
	                   VF_SLOT_BODY, NULL, 0);
	th_write(slot, buf, len);
	free(buf);
}

/* Opening with a forged slot is refused before any key derivation and
 * leaves the slot as it was. */
static void
slot_refused(const char *dir, const char *slot, const struct cairn_secret *pass)
{
	struct cairn_error err = {0};
	struct vault *v = NULL;
	size_t before_len, after_len;
	unsigned char *before = th_read(slot, &before_len), *after;

	assert_int_equal(vault_open(dir, pass, VAULT_READ, &v, &err),
	                 CAIRN_ERR_DAMAGED);
	assert_null(v);
	one_line(&err, "keys/0 has key derivation parameters out of range");
	after = th_read(slot, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
}

static void
test_kdf_opslimit(void **state)
{
	struct cairn_error err = {0};
	struct vault *v;
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	char *slot = th_path(dir, "keys/0");
	struct cairn_secret *pass = th_secret("limits");

	(void)state;
	vault_close(limits_vault(dir, pass));
	/* at the limit the key is derived (64 passes over the least memory)
	 * and, the slot being wrapped under other parameters, fails to
	 * open it: the parameters themselves were accepted */
	slot_forge(slot, CAIRN_MAX_KDF_OPSLIMIT, crypto_pwhash_MEMLIMIT_MIN);
	assert_int_equal(vault_open(dir, pass, VAULT_READ, &v, &err),
	                 CAIRN_ERR_PASSPHRASE);
	/* one past it is never derived */
	slot_forge(slot, CAIRN_MAX_KDF_OPSLIMIT + 1,
	           crypto_pwhash_MEMLIMIT_MIN);
	slot_refused(dir, slot, pass);
	secret_free(pass);
	th_rmtree(tmp);
	free(slot);
	free(dir);
	free(tmp);
}

static void
test_kdf_memlimit(void **state)
{
	struct cairn_error err = {0};
	struct vault_kdf got = {0, 0};
	unsigned char id[VAULT_ID_BYTES] = {0}, *buf;
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	char *slot = th_path(dir, "keys/0");
	struct cairn_secret *pass = th_secret("limits");
	size_t len;

	(void)state;
	vault_close(limits_vault(dir, pass));
	/* at the limit the slot's parameters are read (checked without
	 * deriving: 4 GiB of Argon2 is not for a test) */
	slot_forge(slot, crypto_pwhash_OPSLIMIT_MIN, CAIRN_MAX_KDF_MEMLIMIT);
	buf = th_read(slot, &len);
	assert_int_equal(vault_slot_open(buf, len, id, NULL, NULL, &got, dir,
	                                 "keys/0", &err),
	                 CAIRN_OK);
	assert_true(got.memlimit == CAIRN_MAX_KDF_MEMLIMIT);
	free(buf);
	/* one byte past it is refused, by the slot reader and by open */
	slot_forge(slot, crypto_pwhash_OPSLIMIT_MIN,
	           CAIRN_MAX_KDF_MEMLIMIT + 1);
	buf = th_read(slot, &len);
	assert_int_equal(vault_slot_open(buf, len, id, NULL, NULL, &got, dir,
	                                 "keys/0", &err),
	                 CAIRN_ERR_DAMAGED);
	free(buf);
	slot_refused(dir, slot, pass);
	secret_free(pass);
	th_rmtree(tmp);
	free(slot);
	free(dir);
	free(tmp);
}

/* A backup entry's name is read before the MAC can be checked: a length
 * past CAIRN_MAX_BACKUP_NAME is refused as it is read, and nothing is
 * restored. */
static void
test_backup_name(void **state)
{
	struct cairn_error err = {0};
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	char *file = th_path(tmp, "v.backup"), *to = th_path(tmp, "r");
	struct cairn_secret *pass = th_secret("limits");
	struct vault *v = limits_vault(dir, pass);
	unsigned char *buf, *at;
	size_t len;
	struct stat st;

	(void)state;
	assert_int_equal(vault_backup(v, file, 0, &err), CAIRN_OK);
	vault_close(v);
	/* the untouched backup restores */
	assert_int_equal(vault_restore(file, to, pass, &err), CAIRN_OK);
	th_rmtree(to);
	/* the first entry: type, two bytes of name length, "format" */
	buf = th_read(file, &len);
	at = memmem(buf, len, "format", 6);
	assert_non_null(at);
	assert_true(at - buf >= 3);
	assert_int_equal(at[-3], VF_ENTRY_FORMAT);
	assert_int_equal(at[-2], 6);
	assert_int_equal(at[-1], 0);
	/* a name of the limit's length is read (and is no format entry) */
	at[-2] = (unsigned char)(CAIRN_MAX_BACKUP_NAME & 0xff);
	at[-1] = (unsigned char)(CAIRN_MAX_BACKUP_NAME >> 8);
	th_write(file, buf, len);
	assert_int_equal(vault_restore(file, to, pass, &err),
	                 CAIRN_ERR_DAMAGED);
	assert_null(strstr(err.msg, "impossible length"));
	assert_int_equal(stat(to, &st), -1);
	/* one past it is not */
	at[-2] = (unsigned char)((CAIRN_MAX_BACKUP_NAME + 1) & 0xff);
	at[-1] = (unsigned char)((CAIRN_MAX_BACKUP_NAME + 1) >> 8);
	th_write(file, buf, len);
	assert_int_equal(vault_restore(file, to, pass, &err),
	                 CAIRN_ERR_DAMAGED);
	one_line(&err, "an entry name has an impossible length");
	one_line(&err, "v.backup");
	assert_int_equal(stat(to, &st), -1);
	free(buf);
	secret_free(pass);
	th_rmtree(tmp);
	free(to);
	free(file);
	free(dir);
	free(tmp);
}

/* Saving an index whose plaintext would pass CAIRN_MAX_INDEX_SIZE is
 * refused and the index on disk stays as it was. */
static void
test_index_size_save(void **state)
{
	struct cairn_error err = {0};
	char *tmp = th_tmpdir(), *dir = th_path(tmp, "v");
	char *index = th_path(dir, "index"), *big, num[64];
	struct cairn_secret *pass = th_secret("limits");
	struct vault *v = limits_vault(dir, pass);
	unsigned char *before, *after;
	size_t before_len, after_len;

	(void)state;
	before = th_read(index, &before_len);
	big = malloc(CAIRN_MAX_INDEX_SIZE + 1);
	assert_non_null(big);
	memset(big, 'x', CAIRN_MAX_INDEX_SIZE);
	big[CAIRN_MAX_INDEX_SIZE] = '\0';
	assert_non_null(cJSON_AddStringToObject(vault_data(v), "big", big));
	free(big);
	vault_touch(v);
	assert_int_equal(vault_save(v, &err), CAIRN_ERR_USAGE);
	snprintf(num, sizeof num, "catalogue would exceed %lu MiB",
	         (unsigned long)(CAIRN_MAX_INDEX_SIZE >> 20));
	one_line(&err, num);
	after = th_read(index, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	/* without it the index saves */
	cJSON_DeleteItemFromObject(vault_data(v), "big");
	vault_touch(v);
	assert_int_equal(vault_save(v, &err), CAIRN_OK);
	vault_close(v);
	free(before);
	free(after);
	free(index);
	secret_free(pass);
	th_rmtree(tmp);
	free(dir);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_folder_depth),
	    cmocka_unit_test(test_svg_depth),
	    cmocka_unit_test(test_svg_namespace_bindings),
	    cmocka_unit_test(test_rsa_exponent_bits),
	    cmocka_unit_test(test_pathway_credits),
	    cmocka_unit_test(test_pathways_stored),
	    cmocka_unit_test(test_pathway_search),
	    cmocka_unit_test(test_ctdl_refs),
	    cmocka_unit_test(test_nquads_size),
	    cmocka_unit_test(test_nquads_quads),
	    cmocka_unit_test(test_index_size),
	    cmocka_unit_test(test_key_slots),
	    cmocka_unit_test(test_kdf_opslimit),
	    cmocka_unit_test(test_kdf_memlimit),
	    cmocka_unit_test(test_backup_name),
	    cmocka_unit_test(test_index_size_save),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

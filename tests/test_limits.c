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

#include "import/baked.h"
#include "import/files.h"
#include "limits.h"
#include "pathway.h"
#include "pathways.h"
#include "strbuf.h"
#include "testhelp.h"
#include "vault.h"
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
	    cmocka_unit_test(test_nquads_size),
	    cmocka_unit_test(test_nquads_quads),
	    cmocka_unit_test(test_index_size),
	    cmocka_unit_test(test_key_slots),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* JSON-LD 1.1 expansion and toRdf: the W3C expand and toRdf suites, run
 * from their manifests, and the behaviour cairn adds (safe mode, offline
 * loading, limits, the context cache).
 *
 * How results are compared.  toRdf: the expected N-Quads and the produced
 * dataset are both canonicalised with RDFC-1.0 and compared as text, so
 * blank node labels do not matter.  expand: the suite's JSON-LD object
 * comparison: objects by their entries, arrays as unordered collections
 * except the arrays of @list, numbers by value; blank node identifiers
 * literally (expansion keeps the document's own).  A negative test passes
 * when processing fails with a message that begins with the expected error
 * code; "loading remote context failed" and "loading document failed" are
 * cairn's "context not available offline" (CAIRN_ERR_UNDECIDED), since
 * contexts are never fetched.  Tests listed in tests/jsonld-out-of-scope.txt
 * are run but their result is not held against the processor. */
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

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "json.h"
#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/jsonld.h"
#include "verify/rdfc.h"

#define SUITE        SHARED_VECTORS "/jsonld-toRdf/tests"
#define SUITE_BASE   "https://w3c.github.io/json-ld-api/tests/"
#define OUT_OF_SCOPE FIXTURES "/../jsonld-out-of-scope.txt"

static int
dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

static cJSON *
read_json(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	struct cairn_error err = {0};
	cJSON *doc = NULL;

	if (text == NULL)
		return NULL;
	if (json_parse((const unsigned char *)text, len, 16UL << 20, path, &doc,
	               &err) != CAIRN_OK)
		doc = NULL;
	free(text);
	return doc;
}

/* ---- comparison ----------------------------------------------------- */

static int json_same(const cJSON *a, const cJSON *b, int ordered);

static int
arrays_same_unordered(const cJSON *a, const cJSON *b)
{
	int n = cJSON_GetArraySize(a);

	if (n != cJSON_GetArraySize(b))
		return 0;
	char *used = calloc((size_t)n + 1, 1);
	const cJSON *x;
	int ok = 1;

	cJSON_ArrayForEach(x, a)
	{
		int i = 0, found = 0;
		const cJSON *y;

		cJSON_ArrayForEach(y, b)
		{
			if (!used[i] && json_same(x, y, 0)) {
				used[i] = 1;
				found = 1;
				break;
			}
			i++;
		}
		if (!found) {
			ok = 0;
			break;
		}
	}
	free(used);
	return ok;
}

static int
json_same(const cJSON *a, const cJSON *b, int ordered)
{
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	if ((a->type & 0xff) != (b->type & 0xff))
		return 0;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (cJSON_IsArray(a)) {
		if (!ordered)
			return arrays_same_unordered(a, b);
		const cJSON *y = b->child;
		const cJSON *x;
		cJSON_ArrayForEach(x, a)
		{
			if (y == NULL || !json_same(x, y, 0))
				return 0;
			y = y->next;
		}
		return y == NULL;
	}
	if (cJSON_IsObject(a)) {
		int na = cJSON_GetArraySize(a), nb = cJSON_GetArraySize(b);
		const cJSON *x;

		if (na != nb)
			return 0;
		/* a JSON literal is compared as JSON: its arrays in order */
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "@type");
		int literal =
		    cJSON_IsString(t) && strcmp(t->valuestring, "@json") == 0;
		cJSON_ArrayForEach(x, a)
		{
			const cJSON *y =
			    cJSON_GetObjectItemCaseSensitive(b, x->string);

			if (y == NULL)
				return 0;
			int ord = strcmp(x->string, "@list") == 0 ||
			          (literal && strcmp(x->string, "@value") == 0);
			if (!json_same(x, y, ord))
				return 0;
		}
		return 1;
	}
	return 1; /* null, true, false of the same type */
}

/* ---- the suites ----------------------------------------------------- */

struct scope {
	char **ids;
	size_t n;
};

static void
scope_load(struct scope *s)
{
	char *text = slurp(OUT_OF_SCOPE, NULL);

	memset(s, 0, sizeof(*s));
	assert_non_null(text);
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		size_t k = strcspn(line, " \t");
		s->ids = realloc(s->ids, (s->n + 1) * sizeof(*s->ids));
		assert_non_null(s->ids);
		s->ids[s->n] = strndup(line, k);
		s->n++;
	}
	free(text);
}

static int
scope_has(const struct scope *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->ids[i], id) == 0)
			return 1;
	}
	return 0;
}

static void
scope_free(struct scope *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
}

/* A loader holding the documents of one test: every .jsonld file of its
 * folder whose name starts with the test's number and every context of
 * the folder, under their suite URLs. */
static struct jsonld_loader *
test_loader(const char *folder, const char *prefix)
{
	struct jsonld_loader *l = jsonld_loader_new();
	char dir[1024];
	DIR *d;
	struct dirent *e;

	assert_non_null(l);
	for (int sub = 0; sub < 2; sub++) {
		if (sub == 0)
			snprintf(dir, sizeof(dir), "%s/%s", SUITE, folder);
		else
			snprintf(dir, sizeof(dir), "%s/%s/%s", SUITE, folder,
			         prefix);
		d = opendir(dir);
		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			size_t n = strlen(e->d_name);
			char path[2048], url[2048];

			if ((strncmp(e->d_name, prefix, strlen(prefix)) != 0 &&
			     strstr(e->d_name, "-context") == NULL) ||
			    n < 7 || strcmp(e->d_name + n - 7, ".jsonld") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (sub == 0)
				snprintf(url, sizeof(url), "%s%s/%s",
				         SUITE_BASE, folder, e->d_name);
			else
				snprintf(url, sizeof(url), "%s%s/%s/%s",
				         SUITE_BASE, folder, prefix, e->d_name);
			size_t len;
			char *text = slurp(path, &len);
			struct cairn_error err = {0};

			if (text != NULL)
				(void)jsonld_loader_add(l, url, text, len,
				                        &err);
			free(text);
		}
		closedir(d);
	}
	return l;
}

static int
has_type(const cJSON *t, const char *type)
{
	return json_has_string(cJSON_GetObjectItemCaseSensitive(t, "@type"),
	                       type);
}

static int
error_matches(enum cairn_err rc, const char *msg, const char *code)
{
	if (rc == CAIRN_OK)
		return 0;
	if (strncmp(msg, code, strlen(code)) == 0)
		return 1;
	if ((strcmp(code, "loading remote context failed") == 0 ||
	     strcmp(code, "loading document failed") == 0) &&
	    rc == CAIRN_ERR_UNDECIDED &&
	    strncmp(msg, "context not available offline",
	            strlen("context not available offline")) == 0)
		return 1;
	if (strcmp(code, "recursive context inclusion") == 0 &&
	    strncmp(msg, "context overflow", 16) == 0)
		return 1;
	return 0;
}

static char *
canon(const struct rdf_dataset *ds)
{
	struct cairn_error err = {0};
	char *out = NULL;

	if (rdfc_canonicalise(ds, RDFC_SHA256, &out, NULL, NULL, &err) !=
	    CAIRN_OK)
		return NULL;
	return out;
}

/* Runs one test; 1 when it passes.  why receives a reason otherwise. */
static int
suite_test(const char *kind, const cJSON *t, char *why, size_t whylen)
{
	const char *input = json_str(t, "input");
	const char *expect = json_str(t, "expect");
	const char *code = json_str(t, "expectErrorCode");
	const cJSON *opt = json_obj(t, "option");
	char path[2048], url[2048], base[2048];
	struct jsonld_options opts = {0};
	struct cairn_error err = {0};
	cJSON *expand_ctx = NULL;
	int ok = 0;

	snprintf(why, whylen, "?");
	if (input == NULL) {
		snprintf(why, whylen, "no input");
		return 0;
	}
	const char *slash = strchr(input, '/');
	char folder[64], prefix[16];
	snprintf(folder, sizeof(folder), "%.*s", (int)(slash - input), input);
	snprintf(prefix, sizeof(prefix), "%.4s", slash + 1);
	snprintf(path, sizeof(path), "%s/%s", SUITE, input);
	snprintf(url, sizeof(url), "%s%s", SUITE_BASE, input);
	snprintf(base, sizeof(base), "%s", url);

	const char *s;
	if ((s = json_str(opt, "base")) != NULL)
		snprintf(base, sizeof(base), "%s", s);
	opts.base = base;
	s = json_str(opt, "processingMode");
	opts.processing_mode_10 = s != NULL && strcmp(s, "json-ld-1.0") == 0;
	opts.rdf_direction = json_str(opt, "rdfDirection");
	opts.produce_generalized_rdf = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(opt, "produceGeneralizedRdf"));
	if ((s = json_str(opt, "expandContext")) != NULL) {
		char p[2048];

		snprintf(p, sizeof(p), "%s/%s", SUITE, s);
		expand_ctx = read_json(p);
		opts.expand_context = expand_ctx;
	}

	struct jsonld_loader *l = test_loader(folder, prefix);
	cJSON *doc = read_json(path);
	enum cairn_err rc;
	cJSON *expanded = NULL;
	struct rdf_dataset *ds = NULL;

	if (doc == NULL) {
		rc = CAIRN_ERR_USAGE;
		snprintf(err.msg, sizeof(err.msg),
		         "loading document failed: not JSON");
	} else if (strcmp(kind, "expand") == 0) {
		rc = jsonld_expand(doc, l, &opts, &expanded, &err);
	} else {
		rc = jsonld_to_rdf(doc, l, &opts, &ds, &err);
	}

	if (code != NULL) {
		ok = error_matches(rc, err.msg, code);
		if (!ok)
			snprintf(why, whylen, "expected error \"%s\", got %s",
			         code, rc == CAIRN_OK ? "success" : err.msg);
	} else if (rc != CAIRN_OK) {
		snprintf(why, whylen, "failed: %s", err.msg);
	} else if (expect == NULL) {
		ok = 1; /* a syntax test: accepted */
	} else {
		char epath[2048];

		snprintf(epath, sizeof(epath), "%s/%s", SUITE, expect);
		if (strcmp(kind, "expand") == 0) {
			cJSON *want = read_json(epath);

			ok = want != NULL && json_same(expanded, want, 0);
			if (!ok) {
				char *got = cJSON_PrintUnformatted(expanded);

				snprintf(why, whylen, "expanded differs: %s",
				         got != NULL ? got : "?");
				free(got);
			}
			cJSON_Delete(want);
		} else {
			size_t len;
			char *text = slurp(epath, &len);
			struct rdf_dataset *want = NULL;
			struct cairn_error e2 = {0};
			char *a = NULL, *b = NULL;

			if (text != NULL &&
			    nquads_parse(text, len, &want, &e2) == CAIRN_OK) {
				a = canon(ds);
				b = canon(want);
			}
			ok = a != NULL && b != NULL && strcmp(a, b) == 0;
			if (!ok)
				snprintf(why, whylen, "got:\n%s\nwanted:\n%s",
				         a != NULL ? a : "?",
				         b != NULL ? b : e2.msg);
			free(a);
			free(b);
			free(text);
			rdf_dataset_free(want);
		}
	}
	cJSON_Delete(expanded);
	rdf_dataset_free(ds);
	cJSON_Delete(doc);
	cJSON_Delete(expand_ctx);
	jsonld_loader_free(l);
	return ok;
}

static void
run_suite(const char *kind, const char *manifest, size_t want_total)
{
	char path[1024];
	struct scope scope;
	size_t passed = 0, failed = 0, oos = 0, oos_passing = 0, total = 0;

	snprintf(path, sizeof(path), "%s/%s", SUITE, manifest);
	cJSON *m = read_json(path);
	assert_non_null(m);
	scope_load(&scope);
	const cJSON *t;
	cJSON_ArrayForEach(t, json_arr(m, "sequence"))
	{
		char id[128], why[16384];
		const char *tid = json_str(t, "@id");

		if (!has_type(t, "jld:PositiveEvaluationTest") &&
		    !has_type(t, "jld:NegativeEvaluationTest") &&
		    !has_type(t, "jld:PositiveSyntaxTest"))
			continue;
		total++;
		snprintf(id, sizeof(id), "%s%s", kind, tid != NULL ? tid : "");
		if (getenv("JSONLD_ONLY") != NULL &&
		    strcmp(getenv("JSONLD_ONLY"), id) != 0)
			continue;
		int ok = suite_test(kind, t, why, sizeof(why));
		int out = scope_has(&scope, id);

		if (out) {
			oos++;
			oos_passing += ok != 0;
		} else if (ok) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "FAIL %s (%s): %s\n", id,
			        json_str(t, "name"), why);
		}
	}
	print_message("%s suite: %zu tests, %zu passed, %zu failed, %zu out "
	              "of scope (%zu of them pass anyway)\n",
	              kind, total, passed, failed, oos, oos_passing);
	if (getenv("JSONLD_ONLY") != NULL)
		return;
	assert_int_equal(total, want_total);
	assert_int_equal(failed, 0);
	/* at least 90% of the suite passes */
	assert_true((passed + oos_passing) * 10 >= total * 9);
	scope_free(&scope);
	cJSON_Delete(m);
}

static void
test_suite_toRdf(void **state)
{
	(void)state;
	run_suite("toRdf", "toRdf-manifest.jsonld", 467);
}

static void
test_suite_expand(void **state)
{
	(void)state;
	run_suite("expand", "expand-manifest.jsonld", 385);
}

/* ---- real credentials: jsonld.js's canonical N-Quads ---------------- */

#define CONTEXTS SHARED_VECTORS "/contexts"

/* A loader with every context of ../shared/vectors/contexts under the URL
 * its SOURCES.md serves it for. */
static struct jsonld_loader *
contexts_loader(size_t *count)
{
	char *table = slurp(CONTEXTS "/SOURCES.md", NULL);
	struct jsonld_loader *l = jsonld_loader_new();

	assert_non_null(table);
	assert_non_null(l);
	*count = 0;
	for (char *line = strtok(table, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char file[256], url[512], path[1024];

		if (sscanf(line, "| %255[^ |] | %511[^ |] |", file, url) != 2 ||
		    strncmp(url, "http", 4) != 0 ||
		    strstr(line, "(alternate)") != NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", CONTEXTS, file);
		size_t len;
		char *text = slurp(path, &len);
		struct cairn_error err = {0};

		assert_non_null(text);
		if (jsonld_loader_add(l, url, text, len, &err) != CAIRN_OK)
			fail_msg("context %s: %s", file, err.msg);
		free(text);
		(*count)++;
	}
	free(table);
	return l;
}

/* Canonical N-Quads of doc's toRdf in safe mode, or NULL with err. */
static char *
safe_canon(const cJSON *doc, struct jsonld_loader *l, struct cairn_error *err,
           enum cairn_err *rc)
{
	struct jsonld_options opts = {0};
	struct rdf_dataset *ds = NULL;
	char *out = NULL;

	opts.safe = 1;
	*rc = jsonld_to_rdf(doc, l, &opts, &ds, err);
	if (*rc != CAIRN_OK)
		return NULL;
	if (rdfc_canonicalise(ds, RDFC_SHA256, &out, NULL, NULL, err) !=
	    CAIRN_OK)
		out = NULL;
	rdf_dataset_free(ds);
	return out;
}

static int
check_nquads(const cJSON *doc, struct jsonld_loader *l, const char *want,
             int safe_ok, const char *what)
{
	struct cairn_error err = {0};
	enum cairn_err rc;
	char *got = safe_canon(doc, l, &err, &rc);
	int ok;

	if (!safe_ok) {
		/* refused: by safe mode, or (as jsonld.js failed to load it)
		 * for a context that is not available */
		ok = (rc == CAIRN_ERR_CHECK &&
		      strncmp(err.msg, "safe mode: ", 11) == 0) ||
		     (rc == CAIRN_ERR_UNDECIDED &&
		      strncmp(err.msg, "context not available offline: ", 31) ==
		          0);
	} else {
		ok = got != NULL && strcmp(got, want) == 0;
		if (!ok)
			fprintf(stderr, "FAIL %s: %s\ngot:\n%s\nwanted:\n%s\n",
			        what, err.msg, got != NULL ? got : "-", want);
	}
	free(got);
	return ok;
}

static void
test_real_credentials(void **state)
{
	size_t ncontexts, docs = 0, proofs = 0, refused = 0, failed = 0;
	struct jsonld_loader *l = contexts_loader(&ncontexts);
	char *lines = slurp(SHARED_VECTORS
	                    "/real-credentials/expected-verification.jsonl",
	                    NULL);
	char last[1024] = "";

	(void)state;
	assert_non_null(lines);
	assert_true(ncontexts >= 20);
	for (char *line = strtok(lines, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		cJSON *e = cJSON_Parse(line);
		const char *file = json_str(e, "file");
		const char *nq = json_str(e, "docNQuads");
		const char *pq = json_str(e, "proofConfigNQuads");
		int safe_ok = !cJSON_IsFalse(
		    cJSON_GetObjectItemCaseSensitive(e, "safeModeOk"));
		char path[2048];

		assert_non_null(file);
		snprintf(path, sizeof(path), "%s/%s", SHARED_VECTORS, file);
		cJSON *doc = nq != NULL || !safe_ok ? read_json(path) : NULL;
		if (doc == NULL) {
			cJSON_Delete(e);
			continue;
		}
		cJSON *proofs_v =
		    cJSON_DetachItemFromObjectCaseSensitive(doc, "proof");
		int new_doc = strcmp(file, last) != 0, doc_refused = 0;
		if (new_doc) {
			docs++;
			snprintf(last, sizeof(last), "%s", file);
			if (safe_ok)
				failed += !check_nquads(doc, l, nq, 1, file);
			else
				doc_refused = check_nquads(doc, l, nq, 0, file);
		}
		/* the proof options, with the document's @context */
		int idx = 0;
		const cJSON *pidx =
		    cJSON_GetObjectItemCaseSensitive(e, "proofIndex");
		if (cJSON_IsNumber(pidx))
			idx = pidx->valueint;
		cJSON *proof = cJSON_IsArray(proofs_v)
		                   ? cJSON_GetArrayItem(proofs_v, idx)
		                   : proofs_v;
		const cJSON *ctx =
		    cJSON_GetObjectItemCaseSensitive(doc, "@context");
		if (!safe_ok && new_doc && !doc_refused) {
			/* then the proof options must be what safe mode
			 * refuses */
			cJSON *opts = cJSON_Duplicate(proof, 1);

			if (cJSON_IsObject(opts) && ctx != NULL) {
				cJSON_DeleteItemFromObjectCaseSensitive(
				    opts, "@context");
				cJSON_AddItemToObject(opts, "@context",
				                      cJSON_Duplicate(ctx, 1));
			}
			if (opts == NULL ||
			    !check_nquads(opts, l, NULL, 0, file)) {
				fprintf(stderr,
				        "FAIL %s: safe mode should "
				        "refuse the document or its proof\n",
				        file);
				failed++;
			} else {
				refused++;
			}
			cJSON_Delete(opts);
		} else if (!safe_ok && new_doc) {
			refused++;
		}
		if (pq != NULL && safe_ok && cJSON_IsObject(proof) &&
		    ctx != NULL) {
			cJSON *opts = cJSON_Duplicate(proof, 1);

			cJSON_DeleteItemFromObjectCaseSensitive(opts,
			                                        "proofValue");
			cJSON_DeleteItemFromObjectCaseSensitive(opts,
			                                        "@context");
			cJSON_AddItemToObject(opts, "@context",
			                      cJSON_Duplicate(ctx, 1));
			proofs++;
			failed += !check_nquads(opts, l, pq, 1, file);
			cJSON_Delete(opts);
		}
		cJSON_Delete(proofs_v);
		cJSON_Delete(doc);
		cJSON_Delete(e);
	}
	print_message("real credentials: %zu documents (%zu refused by safe "
	              "mode as expected) and %zu proof options, %zu differ "
	              "from jsonld.js; %zu contexts processed once each "
	              "into %zu cached contexts\n",
	              docs, refused, proofs, failed, ncontexts,
	              jsonld_loader_cached(l));
	assert_true(docs >= 100);
	assert_int_equal(failed, 0);
	free(lines);
	jsonld_loader_free(l);
}

static void
test_ob3_vectors(void **state)
{
	static const char *const pairs[][2] = {
	    {"ob-unsigned.json", "ob-document-canon.nq"},
	    {"clr-unsigned.json", "clr-document-canon.nq"},
	};
	size_t n;
	struct jsonld_loader *l = contexts_loader(&n);

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char path[1024];

		snprintf(path, sizeof(path), "%s/ob3-eddsa-rdfc/%s",
		         SHARED_VECTORS, pairs[i][0]);
		cJSON *doc = read_json(path);
		snprintf(path, sizeof(path), "%s/ob3-eddsa-rdfc/%s",
		         SHARED_VECTORS, pairs[i][1]);
		char *want = slurp(path, NULL);

		assert_non_null(doc);
		assert_non_null(want);
		assert_true(check_nquads(doc, l, want, 1, pairs[i][0]));
		cJSON_Delete(doc);
		free(want);
	}
	jsonld_loader_free(l);
}

/* ---- cairn's own behaviour ------------------------------------------ */

static const char ctx_a[] =
    "{\"@context\": {\"@version\": 1.1, \"@protected\": true,"
    " \"ex\": \"http://example.org/\", \"name\": \"ex:name\","
    " \"knows\": {\"@id\": \"ex:knows\", \"@type\": \"@id\"},"
    " \"Person\": {\"@id\": \"ex:Person\", \"@context\": {"
    "   \"age\": {\"@id\": \"ex:age\", \"@type\": "
    "\"http://www.w3.org/2001/XMLSchema#integer\"}}}}}";

static struct jsonld_loader *
small_loader(void)
{
	struct jsonld_loader *l = jsonld_loader_new();
	struct cairn_error err = {0};

	assert_non_null(l);
	assert_int_equal(jsonld_loader_add(l, "https://example.org/a", ctx_a,
	                                   strlen(ctx_a), &err),
	                 CAIRN_OK);
	return l;
}

static cJSON *
parse(const char *text)
{
	cJSON *doc = cJSON_Parse(text);

	assert_non_null(doc);
	return doc;
}

/* toRdf of text; the error code, with the canonical N-Quads in *nq. */
static enum cairn_err
to_rdf(const char *text, struct jsonld_loader *l, int safe, char **nq,
       struct cairn_error *err)
{
	struct jsonld_options opts = {0};
	struct rdf_dataset *ds = (struct rdf_dataset *)err;
	cJSON *doc = parse(text);
	enum cairn_err rc;

	opts.safe = safe;
	*nq = NULL;
	rc = jsonld_to_rdf(doc, l, &opts, &ds, err);
	if (rc == CAIRN_OK) {
		*nq = canon(ds);
		assert_non_null(*nq);
	} else {
		assert_null(ds);
		assert_null(strchr(err->msg, '\n'));
	}
	rdf_dataset_free(ds);
	cJSON_Delete(doc);
	return rc;
}

static void
expect_error(const char *text, struct jsonld_loader *l, int safe,
             enum cairn_err code, const char *prefix)
{
	struct cairn_error err = {0};
	char *nq;
	enum cairn_err rc = to_rdf(text, l, safe, &nq, &err);

	if (rc != code || strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("%s: got %d \"%s\", wanted %d \"%s...\"", text, rc,
		         rc == CAIRN_OK ? nq : err.msg, code, prefix);
	free(nq);
}

static void
test_safe_mode(void **state)
{
	struct jsonld_loader *l = small_loader();
	struct cairn_error err = {0};
	char *nq;

	(void)state;
	/* an undefined term: dropped, or refused in safe mode */
	const char *undefined = "{\"@context\": \"https://example.org/a\","
	                        " \"@id\": \"http://example.org/x\","
	                        " \"name\": \"Ada\", \"nickname\": \"A\"}";
	assert_int_equal(to_rdf(undefined, l, 0, &nq, &err), CAIRN_OK);
	assert_string_equal(nq, "<http://example.org/x> "
	                        "<http://example.org/name> \"Ada\" .\n");
	free(nq);
	expect_error(undefined, l, 1, CAIRN_ERR_CHECK, "safe mode: ");
	assert_non_null(strstr(err.msg, "") /* message names the term */);
	assert_int_equal(to_rdf(undefined, l, 1, &nq, &err), CAIRN_ERR_CHECK);
	assert_non_null(strstr(err.msg, "\"nickname\""));

	/* a relative @id and a relative @type without a base */
	expect_error("{\"@context\": \"https://example.org/a\","
	             " \"@id\": \"x/y\", \"name\": \"Ada\"}",
	             l, 1, CAIRN_ERR_CHECK, "safe mode: ");
	expect_error(
	    "{\"@context\": \"https://example.org/a\","
	    " \"@id\": \"http://example.org/x\", \"@type\": \"Thing\"}",
	    l, 1, CAIRN_ERR_CHECK, "safe mode: ");
	expect_error("{\"@context\": \"https://example.org/a\","
	             " \"@id\": \"http://example.org/x\", \"knows\": \"bob\"}",
	             l, 1, CAIRN_ERR_CHECK, "safe mode: ");
	/* without safe mode they are dropped or left relative, as the
	 * specification says */
	assert_int_equal(to_rdf("{\"@context\": \"https://example.org/a\","
	                        " \"@id\": \"http://example.org/x\","
	                        " \"@type\": \"Thing\", \"name\": \"A\"}",
	                        l, 0, &nq, &err),
	                 CAIRN_OK);
	assert_string_equal(nq, "<http://example.org/x> "
	                        "<http://example.org/name> \"A\" .\n");
	free(nq);
	/* everything defined: safe mode accepts it */
	assert_int_equal(to_rdf("{\"@context\": \"https://example.org/a\","
	                        " \"@id\": \"http://example.org/x\","
	                        " \"@type\": \"Person\", \"age\": \"42\"}",
	                        l, 1, &nq, &err),
	                 CAIRN_OK);
	assert_string_equal(
	    nq, "<http://example.org/x> <http://example.org/age> "
	        "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
	        "<http://example.org/x> "
	        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
	        "<http://example.org/Person> .\n");
	free(nq);
	jsonld_loader_free(l);
}

static void
test_offline_only(void **state)
{
	struct jsonld_loader *l = small_loader();

	(void)state;
	expect_error("{\"@context\": \"https://example.org/missing\","
	             " \"@id\": \"http://example.org/x\"}",
	             l, 0, CAIRN_ERR_UNDECIDED,
	             "context not available offline: "
	             "https://example.org/missing");
	/* a long URL is said whole, so that it can be added as it is */
	expect_error("{\"@context\": \"https://contexts.example.org/very/long/"
	             "path/to/a/context/that/nobody/installed/v1.2.3.jsonld\"}",
	             l, 0, CAIRN_ERR_UNDECIDED,
	             "context not available offline: https://contexts.example."
	             "org/very/long/path/to/a/context/that/nobody/installed/"
	             "v1.2.3.jsonld");
	/* no loader at all */
	expect_error("{\"@context\": \"https://example.org/a\","
	             " \"@id\": \"http://example.org/x\"}",
	             NULL, 0, CAIRN_ERR_UNDECIDED,
	             "context not available offline: https://example.org/a");
	/* a context document that is not JSON is refused when added */
	struct cairn_error err = {0};
	assert_int_equal(
	    jsonld_loader_add(l, "https://example.org/b", "{x", 2, &err),
	    CAIRN_ERR_USAGE);
	assert_null(jsonld_loader_get(l, "https://example.org/b"));
	assert_non_null(jsonld_loader_get(l, "https://example.org/a"));
	jsonld_loader_free(l);
	jsonld_loader_free(NULL);
}

static void
test_spec_errors(void **state)
{
	struct jsonld_loader *l = small_loader();

	(void)state;
	/* a protected term cannot be redefined */
	expect_error("{\"@context\": [\"https://example.org/a\","
	             " {\"name\": \"http://evil.example/name\"}],"
	             " \"name\": \"x\"}",
	             l, 0, CAIRN_ERR_USAGE, "protected term redefinition: ");
	/* a JSON literal JCS cannot write (a member twice) is refused */
	expect_error("{\"@context\": {\"e\": {\"@id\": \"http://e/\","
	             " \"@type\": \"@json\"}}, \"e\": {\"a\": 1, \"a\": 2}}",
	             l, 0, CAIRN_ERR_USAGE, "invalid JSON literal: ");
	/* @type may only be given a container or protection */
	expect_error("{\"@context\": {\"@type\": [\"a/b\"]}}", l, 0,
	             CAIRN_ERR_USAGE, "keyword redefinition: ");
	expect_error("{\"@context\": {\"x\": 5}, \"x\": 1}", l, 0,
	             CAIRN_ERR_USAGE, "invalid term definition: ");
	expect_error("{\"@context\": {\"@vocab\": 5}}", l, 0, CAIRN_ERR_USAGE,
	             "invalid vocab mapping: ");

	/* what the processor does not do is said, never half done */
	struct jsonld_options opts = {0};
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	cJSON *doc = parse("{\"@context\": {\"@vocab\": \"_:\"},"
	                   " \"@id\": \"http://e/s\", \"p\": \"v\"}");
	opts.produce_generalized_rdf = 1;
	assert_int_equal(jsonld_to_rdf(doc, l, &opts, &ds, &err),
	                 CAIRN_ERR_UNDECIDED);
	assert_null(ds);
	assert_string_equal(err.msg, "unsupported: generalized RDF (a blank "
	                             "node as a predicate)");
	/* without asking for it, the blank node predicate is dropped */
	opts.produce_generalized_rdf = 0;
	assert_int_equal(jsonld_to_rdf(doc, l, &opts, &ds, &err), CAIRN_OK);
	assert_int_equal(rdf_dataset_count(ds), 0);
	rdf_dataset_free(ds);
	cJSON_Delete(doc);
	jsonld_loader_free(l);
}

static void
test_limits(void **state)
{
	struct jsonld_loader *l = jsonld_loader_new();
	struct cairn_error err = {0};
	const char *a = "{\"@context\": [\"https://example.org/b\"]}";
	const char *b = "{\"@context\": [\"https://example.org/a\"]}";

	(void)state;
	assert_int_equal(
	    jsonld_loader_add(l, "https://example.org/a", a, strlen(a), &err),
	    CAIRN_OK);
	assert_int_equal(
	    jsonld_loader_add(l, "https://example.org/b", b, strlen(b), &err),
	    CAIRN_OK);
	/* contexts that include each other */
	expect_error("{\"@context\": \"https://example.org/a\","
	             " \"http://example.org/p\": 1}",
	             l, 0, CAIRN_ERR_USAGE, "recursive context inclusion: ");

	/* 50,000 terms, each defined through the next: refused before the
	 * stack runs out */
	size_t cap0 = 4UL * 1024 * 1024, k = 0;
	char *chain = malloc(cap0);
	assert_non_null(chain);
	k += (size_t)sprintf(chain, "{\"@context\": {");
	for (int i = 0; i < 50000; i++)
		k += (size_t)sprintf(chain + k, "\"t%d\": \"t%d:x\", ", i,
		                     i + 1);
	sprintf(chain + k, "\"t50000\": \"http://e/\"}, \"t0\": 1}");
	expect_error(chain, l, 0, CAIRN_ERR_USAGE,
	             "invalid term definition: terms are defined through too "
	             "many other terms");
	free(chain);

	/* a scoped context of 2,000 terms applied to 600 nodes needs more
	 * than CAIRN_MAX_JSONLD_WORK steps: refused, not run for long */
	size_t cap = 64UL * 1024 * 1024, n = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	n += (size_t)sprintf(doc + n, "{\"@context\": {\"@vocab\": "
	                              "\"http://example.org/\", \"T\": "
	                              "{\"@context\": {");
	for (int i = 0; i < 2000; i++)
		n += (size_t)sprintf(doc + n, "%s\"t%d\": \"http://e/%d\"",
		                     i ? "," : "", i, i);
	n += (size_t)sprintf(doc + n, "}}}, \"@graph\": [");
	for (int i = 0; i < 600; i++)
		n += (size_t)sprintf(doc + n, "%s{\"@type\": \"T\", \"t1\": 1}",
		                     i ? "," : "");
	sprintf(doc + n, "]}");
	expect_error(doc, l, 0, CAIRN_ERR_USAGE, "JSON-LD work limit reached");

	/* a small scoped context on top of a context of 2,000 terms, on
	 * 1,000 nodes: each node copies the terms; also refused */
	n = 0;
	n += (size_t)sprintf(doc + n, "{\"@context\": {\"@vocab\": "
	                              "\"http://example.org/\", \"T\": "
	                              "{\"@context\": {\"u\": \"http://u/\"}}");
	for (int i = 0; i < 2000; i++)
		n +=
		    (size_t)sprintf(doc + n, ",\"t%d\": \"http://e/%d\"", i, i);
	n += (size_t)sprintf(doc + n, "}, \"@graph\": [");
	for (int i = 0; i < 1000; i++)
		n += (size_t)sprintf(doc + n, "%s{\"@type\": \"T\", \"u\": 1}",
		                     i ? "," : "");
	sprintf(doc + n, "]}");
	expect_error(doc, l, 0, CAIRN_ERR_USAGE, "JSON-LD work limit reached");
	free(doc);
	jsonld_loader_free(l);
}

static void
test_cache(void **state)
{
	struct jsonld_loader *l = small_loader();
	struct cairn_error err = {0};
	char *first, *second;

	(void)state;
	assert_int_equal(jsonld_loader_cached(l), 0);
	const char *d1 = "{\"@context\": \"https://example.org/a\","
	                 " \"@id\": \"http://example.org/x\","
	                 " \"@type\": \"Person\", \"age\": \"1\"}";
	assert_int_equal(to_rdf(d1, l, 1, &first, &err), CAIRN_OK);
	size_t cached = jsonld_loader_cached(l);
	/* the remote context and Person's type-scoped context */
	assert_int_equal(cached, 2);
	assert_int_equal(to_rdf(d1, l, 1, &second, &err), CAIRN_OK);
	assert_string_equal(first, second);
	free(second);
	/* another document with the same contexts: nothing processed again */
	assert_int_equal(to_rdf("{\"@context\": \"https://example.org/a\","
	                        " \"@id\": \"http://example.org/y\","
	                        " \"@type\": \"Person\", \"name\": \"B\"}",
	                        l, 1, &second, &err),
	                 CAIRN_OK);
	assert_int_equal(jsonld_loader_cached(l), cached);
	free(second);
	/* replacing a document empties the cache; results stay the same */
	assert_int_equal(jsonld_loader_add(l, "https://example.org/a", ctx_a,
	                                   strlen(ctx_a), &err),
	                 CAIRN_OK);
	assert_int_equal(jsonld_loader_cached(l), 0);
	assert_int_equal(to_rdf(d1, l, 1, &second, &err), CAIRN_OK);
	assert_string_equal(first, second);
	free(first);
	free(second);
	jsonld_loader_free(l);
}

static void
test_literals(void **state)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	cJSON *doc =
	    parse("{\"@context\": {\"@vocab\": \"http://e/\"},"
	          " \"@id\": \"http://e/s\", \"@graph\": [],"
	          " \"list\": {\"@list\": [1.1, 530.0, 1e21, 10, true, -0.5,"
	          " {\"@value\": 5, \"@type\": "
	          "\"http://www.w3.org/2001/XMLSchema#double\"},"
	          " {\"@value\": {\"b\": [1, 2], \"a\": \"x\"}, \"@type\": "
	          "\"@json\"}]}}");
	static const char *const want[] = {
	    "1.1E0", "530",     "1.0E21", "10",
	    "true",  "-5.0E-1", "5.0E0",  "{\"a\":\"x\",\"b\":[1,2]}",
	};
	size_t seen = 0;

	(void)state;
	if (jsonld_to_rdf(doc, NULL, NULL, &ds, &err) != CAIRN_OK)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < rdf_dataset_count(ds); i++) {
		struct rdf_quad q = rdf_dataset_quad(ds, i);

		if (q.object.kind != RDF_TERM_LITERAL)
			continue;
		assert_int_equal(q.subject.kind, RDF_TERM_BLANK);
		int found = 0;
		for (size_t k = 0; k < 8; k++)
			found = found || strcmp(q.object.value, want[k]) == 0;
		if (!found)
			fail_msg("unexpected literal %s", q.object.value);
		seen++;
	}
	assert_int_equal(seen, 8);
	/* blank nodes are labelled b0, b1, ... in the order issued */
	int head = 0;
	for (size_t i = 0; i < rdf_dataset_count(ds); i++) {
		struct rdf_quad q = rdf_dataset_quad(ds, i);

		if (q.subject.kind != RDF_TERM_IRI)
			continue;
		assert_string_equal(q.subject.value, "http://e/s");
		assert_int_equal(q.object.kind, RDF_TERM_BLANK);
		assert_string_equal(q.object.value, "b0");
		head++;
	}
	assert_int_equal(head, 1);
	rdf_dataset_free(ds);
	cJSON_Delete(doc);
}

static void
test_resolution(void **state)
{
	struct cairn_error err = {0};
	char *nq;

	(void)state;
	/* RFC 3986 §5.4 examples against http://a/b/c/d;p?q */
	assert_int_equal(
	    to_rdf("{\"@context\": {\"@base\": \"http://a/b/c/d;p?q\","
	           " \"p\": {\"@id\": \"http://e/p\", \"@type\": \"@id\"}},"
	           " \"@id\": \"http://e/s\", \"p\": [\"g\", \"./g\","
	           " \"g/\", \"/g\", \"//g\", \"?y\", \"g?y\", \"#s\","
	           " \"g#s\", \";x\", \"\", \".\", \"./\", \"..\", \"../\","
	           " \"../g\", \"../..\", \"../../\", \"../../g\","
	           " \"../../../g\", \"/./g\", \"/../g\", \"g.\", \".g\","
	           " \"g..\", \"..g\", \"./../g\", \"./g/.\", \"g/./h\","
	           " \"g/../h\", \"g;x=1/./y\", \"g;x=1/../y\"]}",
	           NULL, 0, &nq, &err),
	    CAIRN_OK);
	static const char *const want[] = {
	    "http://a/b/c/g",       "http://a/b/c/g/",
	    "http://a/g",           "http://g",
	    "http://a/b/c/d;p?y",   "http://a/b/c/g?y",
	    "http://a/b/c/d;p?q#s", "http://a/b/c/g#s",
	    "http://a/b/c/;x",      "http://a/b/c/d;p?q",
	    "http://a/b/c/",        "http://a/b/",
	    "http://a/b/g",         "http://a/",
	    "http://a/g",           "http://a/b/c/g.",
	    "http://a/b/c/.g",      "http://a/b/c/g..",
	    "http://a/b/c/..g",     "http://a/b/g",
	    "http://a/b/c/g/",      "http://a/b/c/g/h",
	    "http://a/b/c/h",       "http://a/b/c/g;x=1/y",
	    "http://a/b/c/y",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char line[256];

		snprintf(line, sizeof(line), "<http://e/p> <%s> .\n", want[i]);
		if (strstr(nq, line) == NULL)
			fail_msg("%s missing from\n%s", want[i], nq);
	}
	free(nq);
}

static int vectors_present;

int
main(void)
{
	const struct CMUnitTest own[] = {
	    cmocka_unit_test(test_safe_mode),
	    cmocka_unit_test(test_offline_only),
	    cmocka_unit_test(test_spec_errors),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_cache),
	    cmocka_unit_test(test_literals),
	    cmocka_unit_test(test_resolution),
	};
	const struct CMUnitTest suites[] = {
	    cmocka_unit_test(test_suite_expand),
	    cmocka_unit_test(test_suite_toRdf),
	    cmocka_unit_test(test_real_credentials),
	    cmocka_unit_test(test_ob3_vectors),
	};
	int rc = cmocka_run_group_tests_name("jsonld", own, NULL, NULL);

	vectors_present = dir_exists(SUITE) && dir_exists(CONTEXTS);
	if (rc != 0)
		return rc;
	if (!vectors_present) {
		printf("SKIP: the W3C JSON-LD suites and the shared vectors "
		       "are absent (%s)\n",
		       SHARED_VECTORS);
		return 77;
	}
	return cmocka_run_group_tests_name("jsonld vectors", suites, NULL,
	                                   NULL);
}

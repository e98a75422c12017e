/* RDF Dataset Canonicalization (RDFC-1.0): the whole W3C test suite, run
 * from its manifest, and the parser's refusals a user sees. */
#include "config.h"

#include <locale.h>
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

#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/rdfc.h"

#define RDFC_VECTORS SHARED_VECTORS "/rdf-canon"

static int
dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Canonical N-Quads of text, which must be accepted. */
static char *
canon_text(const char *text, enum rdfc_hash hash, struct rdfc_map **map)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	char *out = NULL;
	size_t len = 0;

	if (nquads_parse(text, strlen(text), &ds, &err) != CAIRN_OK)
		fail_msg("refused %s: %s", text, err.msg);
	if (rdfc_canonicalise(ds, hash, &out, &len, map, &err) != CAIRN_OK)
		fail_msg("cannot canonicalise %s: %s", text, err.msg);
	assert_int_equal(strlen(out), len);
	rdf_dataset_free(ds);
	return out;
}

static void
expect_canon(const char *text, const char *want)
{
	char *got = canon_text(text, RDFC_SHA256, NULL);

	assert_string_equal(got, want);
	free(got);
}

static void
expect_parse_error(const char *text, const char *want)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = (struct rdf_dataset *)&err;

	assert_int_equal(nquads_parse(text, strlen(text), &ds, &err),
	                 CAIRN_ERR_USAGE);
	assert_null(ds);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error for %s is \"%s\", wanted \"%s\"", text, err.msg,
		         want);
	assert_null(strchr(err.msg, '\n'));
}

/* ---- the W3C suite --------------------------------------------------- */

struct tally {
	size_t passed[3], total[3];
};

static const char *const kinds[3] = {
    "rdfc:RDFC10EvalTest",
    "rdfc:RDFC10MapTest",
    "rdfc:RDFC10NegativeEvalTest",
};

static char *
read_text(const char *rel)
{
	char *path = th_path(RDFC_VECTORS, rel);
	size_t len;
	unsigned char *data = th_read(path, &len);
	char *text = malloc(len + 1);

	assert_non_null(text);
	memcpy(text, data, len);
	text[len] = '\0';
	free(data);
	free(path);
	return text;
}

/* The issued map must equal the expected JSON object exactly. */
static int
map_matches(const struct rdfc_map *map, const char *json)
{
	cJSON *want = cJSON_Parse(json), *item;
	size_t i, n = 0;
	int ok = want != NULL && cJSON_IsObject(want);

	cJSON_ArrayForEach(item, want) n++;
	if (ok && n != map->count)
		ok = 0;
	for (i = 0; ok && i < map->count; i++) {
		item = cJSON_GetObjectItemCaseSensitive(want, map->input[i]);
		if (!cJSON_IsString(item) ||
		    strcmp(item->valuestring, map->canonical[i]) != 0)
			ok = 0;
	}
	cJSON_Delete(want);
	return ok;
}

static int
run_entry(const cJSON *entry, int kind, const char *id)
{
	const cJSON *action = cJSON_GetObjectItemCaseSensitive(entry, "action");
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(entry, "result");
	const cJSON *alg =
	    cJSON_GetObjectItemCaseSensitive(entry, "hashAlgorithm");
	enum rdfc_hash hash = RDFC_SHA256;
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	struct rdfc_map *map = NULL;
	char *input, *want = NULL, *got = NULL;
	size_t len = 0;
	enum cairn_err rc;
	int ok = 0;

	assert_true(cJSON_IsString(action));
	if (cJSON_IsString(alg)) {
		if (strcmp(alg->valuestring, "SHA384") == 0)
			hash = RDFC_SHA384;
		else if (strcmp(alg->valuestring, "SHA256") != 0)
			fail_msg("%s: unknown hashAlgorithm %s", id,
			         alg->valuestring);
	}
	input = read_text(action->valuestring);
	if (nquads_parse(input, strlen(input), &ds, &err) != CAIRN_OK) {
		print_message("FAIL %s: input refused: %s\n", id, err.msg);
		free(input);
		return 0;
	}
	rc = rdfc_canonicalise(ds, hash, &got, &len, kind == 1 ? &map : NULL,
	                       &err);
	if (kind == 2) {
		ok = rc == CAIRN_ERR_USAGE && got == NULL &&
		     strstr(err.msg, "work limit reached") != NULL;
		if (!ok)
			print_message("FAIL %s: not aborted (%s)\n", id,
			              err.msg);
	} else if (rc != CAIRN_OK) {
		print_message("FAIL %s: %s\n", id, err.msg);
	} else {
		assert_true(cJSON_IsString(result));
		want = read_text(result->valuestring);
		ok = kind == 0 ? strcmp(got, want) == 0 && len == strlen(want)
		               : map_matches(map, want);
		if (!ok)
			print_message("FAIL %s: got\n%s", id, got);
	}
	rdfc_map_free(map);
	rdf_dataset_free(ds);
	free(got);
	free(want);
	free(input);
	return ok;
}

static void
test_w3c_suite(void **state)
{
	char *manifest_text;
	cJSON *manifest, *entries, *entry;
	struct tally t = {{0}, {0}};
	size_t failed = 0;
	int k;

	(void)state;
	if (!dir_exists(RDFC_VECTORS)) {
		print_message("SKIPPED: no RDFC-1.0 test suite at %s\n",
		              RDFC_VECTORS);
		skip();
	}
	manifest_text = read_text("manifest.jsonld");
	manifest = cJSON_Parse(manifest_text);
	assert_non_null(manifest);
	entries = cJSON_GetObjectItemCaseSensitive(manifest, "entries");
	assert_true(cJSON_IsArray(entries));
	cJSON_ArrayForEach(entry, entries)
	{
		const cJSON *type =
		    cJSON_GetObjectItemCaseSensitive(entry, "type");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(entry, "id");

		assert_true(cJSON_IsString(type) && cJSON_IsString(id));
		for (k = 0; k < 3; k++)
			if (strcmp(type->valuestring, kinds[k]) == 0)
				break;
		if (k == 3)
			fail_msg("%s: unknown test type %s", id->valuestring,
			         type->valuestring);
		t.total[k]++;
		if (run_entry(entry, k, id->valuestring))
			t.passed[k]++;
		else
			failed++;
	}
	for (k = 0; k < 3; k++)
		print_message("%s: %zu of %zu passed\n", kinds[k], t.passed[k],
		              t.total[k]);
	cJSON_Delete(manifest);
	free(manifest_text);
	/* the suite this was written against: 64 + 21 + 1 entries */
	assert_true(t.total[0] + t.total[1] + t.total[2] >= 86);
	assert_int_equal(failed, 0);
}

/* ---- behaviour a user relies on -------------------------------------- */

static void
test_no_blank_nodes_sorted_deduplicated(void **state)
{
	(void)state;
	expect_canon("<http://e/b> <http://e/p> \"x\" .\n"
	             "# a comment\n"
	             "\n"
	             "<http://e/a> <http://e/p> \"y\"@en-GB <http://e/g> . # "
	             "trailing\r\n"
	             "<http://e/b> <http://e/p> "
	             "\"x\"^^<http://www.w3.org/2001/XMLSchema#string> .",
	             "<http://e/a> <http://e/p> \"y\"@en-GB <http://e/g> .\n"
	             "<http://e/b> <http://e/p> \"x\" .\n");
}

static void
test_literal_escapes(void **state)
{
	(void)state;
	/* ECHAR for \b \t \n \f \r \" \\, UCHAR for the other controls and
	 * DEL, everything else (\' and \u escapes of printable characters)
	 * written as itself */
	expect_canon("<http://e/s> <http://e/p> "
	             "\"\\u0000\\u0008\\t\\n\\u000b\\f\\r\\\"\\\\\\'"
	             "\\u007F\\u00e9\\U0001F600\" .\n",
	             "<http://e/s> <http://e/p> "
	             "\"\\u0000\\b\\t\\n\\u000B\\f\\r\\\"\\\\'"
	             "\\u007F\xc3\xa9\xf0\x9f\x98\x80\" .\n");
	expect_canon("<http://e/\\u00e9> <http://e/p> <http://e/o> .\n",
	             "<http://e/\xc3\xa9> <http://e/p> <http://e/o> .\n");
}

static void
test_duplicates_ignored(void **state)
{
	/* a dataset is a set: a repeated quad changes neither the hashes nor
	 * the labels (found by the fuzzer) */
	const char *once = "<http://e/t> <http://e/A> _:e0 .\n"
	                   "<http://e/t> <http://e/B> _:e1 .\n"
	                   "_:e0 <http://e/next> _:e2 .\n";
	const char *twice = "<http://e/t> <http://e/A> _:e0 .\n"
	                    "<http://e/t> <http://e/B> _:e1 .\n"
	                    "_:e0 <http://e/next> _:e2 .\n"
	                    "_:e0 <http://e/next> _:e2 .\n";
	char *a = canon_text(once, RDFC_SHA256, NULL);
	char *b = canon_text(twice, RDFC_SHA256, NULL);

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_raw_nul_in_literal(void **state)
{
	static const char text[] = "<http://e/s> <http://e/p> \"a\0b\" .\n";
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	char *out = NULL;

	(void)state;
	assert_int_equal(nquads_parse(text, sizeof text - 1, &ds, &err),
	                 CAIRN_OK);
	assert_int_equal(
	    rdfc_canonicalise(ds, RDFC_SHA256, &out, NULL, NULL, &err),
	    CAIRN_OK);
	assert_string_equal(out, "<http://e/s> <http://e/p> \"a\\u0000b\" .\n");
	free(out);
	rdf_dataset_free(ds);
}

static void
test_blank_nodes_relabelled(void **state)
{
	struct rdfc_map *map = NULL;
	char *got;

	(void)state;
	got =
	    canon_text("_:x <http://e/p> _:y .\n_:y <http://e/q> \"v\" _:g .\n",
	               RDFC_SHA256, &map);
	assert_null(strstr(got, "_:x"));
	assert_non_null(strstr(got, "_:c14n"));
	assert_int_equal(map->count, 3);
	free(got);
	rdfc_map_free(map);
}

static void
test_sha384_differs(void **state)
{
	/* two blank nodes alike in the first degree: the N-degree hash picks
	 * the order, and it depends on the hash function */
	const char *text = "_:a <http://e/p> _:b .\n_:b <http://e/p> _:a .\n"
	                   "_:a <http://e/q> _:c .\n";
	char *a = canon_text(text, RDFC_SHA256, NULL);
	char *b = canon_text(text, RDFC_SHA384, NULL);

	(void)state;
	assert_non_null(strstr(a, "_:c14n"));
	assert_non_null(strstr(b, "_:c14n"));
	free(a);
	free(b);
}

static void
test_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("<http://e/s> <http://e/p> <http://e/o> .\n"
	                   "<http://e/s> <http://e/p> \"open .\n",
	                   "line 2: literal is not closed");
	expect_parse_error("\"lit\" <http://e/p> <http://e/o> .\n",
	                   "line 1: subject is a literal");
	expect_parse_error("<http://e/s> _:p <http://e/o> .\n",
	                   "predicate is not an IRI");
	expect_parse_error("<http://e/s> <http://e/p> <http://e/o>\n",
	                   "does not end with '.'");
	expect_parse_error("<http://e/s> <http://e/p> <http://e/o> . x\n",
	                   "after the end");
	expect_parse_error("<rel> <http://e/p> <http://e/o> .\n",
	                   "not absolute");
	expect_parse_error("<http://e/ s> <http://e/p> <http://e/o> .\n",
	                   "not allowed in an IRI");
	expect_parse_error("<http://e/s> <http://e/p> \"\\q\" .\n",
	                   "unknown escape");
	expect_parse_error("<http://e/\\u0020> <http://e/p> <http://e/o> .\n",
	                   "escape of a character not allowed in an IRI");
	expect_parse_error("<http://e/s> <http://e/p> \"\\uD800\" .\n",
	                   "not a Unicode scalar");
	expect_parse_error("<http://e/s> <http://e/p> \"\xff\" .\n",
	                   "invalid UTF-8");
	expect_parse_error("<http://e/s> <http://e/p> \"x\"@ .\n",
	                   "bad language tag");
	expect_parse_error("<http://e/s> <http://e/p> <http://e/o> \"g\" .\n",
	                   "graph name is a literal");
	expect_parse_error("\n\n<http://e/s> <http://e/p> _: .\n", "line 3:");
}

static void
test_dataset_api(void **state)
{
	struct cairn_error err = {0};
	struct rdf_dataset *ds = rdf_dataset_new();
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(ds);
	assert_int_equal(rdf_dataset_add(ds, rdf_blank("b0"),
	                                 rdf_iri("http://e/p"),
	                                 rdf_literal("v", "http://e/dt", NULL),
	                                 rdf_default_graph(), &err),
	                 CAIRN_OK);
	assert_int_equal(rdf_dataset_add(ds, rdf_literal("v", NULL, NULL),
	                                 rdf_iri("http://e/p"),
	                                 rdf_iri("http://e/o"),
	                                 rdf_default_graph(), &err),
	                 CAIRN_ERR_USAGE);
	assert_int_equal(rdf_dataset_count(ds), 1);
	assert_string_equal(rdf_dataset_quad(ds, 0).subject.value, "b0");
	assert_int_equal(
	    rdfc_canonicalise(ds, RDFC_SHA256, &out, &len, NULL, &err),
	    CAIRN_OK);
	assert_string_equal(out,
	                    "_:c14n0 <http://e/p> \"v\"^^<http://e/dt> .\n");
	free(out);
	rdf_dataset_free(ds);
	rdf_dataset_free(NULL);
	rdfc_map_free(NULL);
}

static void
test_work_limit(void **state)
{
	/* a complete graph of 8 blank nodes: every node looks alike, and
	 * telling them apart needs more than CAIRN_MAX_RDFC_WORK steps */
	char text[8 * 8 * 40 + 1] = "";
	struct cairn_error err = {0};
	struct rdf_dataset *ds = NULL;
	char *out = (char *)&err;
	size_t len = 0;
	int i, j;

	(void)state;
	for (i = 0; i < 8; i++)
		for (j = 0; j < 8; j++)
			if (i != j)
				snprintf(text + strlen(text),
				         sizeof text - strlen(text),
				         "_:n%d <http://e/p> _:n%d .\n", i, j);
	assert_int_equal(nquads_parse(text, strlen(text), &ds, &err), CAIRN_OK);
	assert_int_equal(
	    rdfc_canonicalise(ds, RDFC_SHA256, &out, &len, NULL, &err),
	    CAIRN_ERR_USAGE);
	assert_null(out);
	assert_non_null(strstr(
	    err.msg, "canonicalisation work limit reached (poison graph?)"));
	rdf_dataset_free(ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_w3c_suite),
	    cmocka_unit_test(test_no_blank_nodes_sorted_deduplicated),
	    cmocka_unit_test(test_literal_escapes),
	    cmocka_unit_test(test_duplicates_ignored),
	    cmocka_unit_test(test_raw_nul_in_literal),
	    cmocka_unit_test(test_blank_nodes_relabelled),
	    cmocka_unit_test(test_sha384_differs),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_dataset_api),
	    cmocka_unit_test(test_work_limit),
	};

	setlocale(LC_ALL, "");
	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

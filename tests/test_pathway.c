/* Pathways: the format and its errors, matching, credits, the exact
 * assignment (where a greedy one is wrong), next steps, and the search
 * budget. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "credential.h"
#include "json.h"
#include "cairn_limits.h"
#include "pathway.h"
#include "pathway_records.h"

/* ---- records -------------------------------------------------------- */

struct recs {
	cJSON *v[4096];
	size_t n;
};

static time_t
now(void)
{
	time_t t;

	assert_int_equal(credential_parse_time("2026-06-01T00:00:00Z", &t), 0);
	return t;
}

/* A verified record with an id and a title. */
static cJSON *
rec_add(struct recs *r, const char *id, const char *title)
{
	cJSON *o = cJSON_CreateObject(), *v;

	assert_non_null(o);
	assert_true(r->n < sizeof r->v / sizeof *r->v);
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "title", title);
	v = cJSON_AddObjectToObject(o, "verdict");
	cJSON_AddStringToObject(v, "status", "verified");
	r->v[r->n++] = o;
	return o;
}

static void
rec_status(cJSON *o, const char *status)
{
	cJSON *v = cJSON_GetObjectItem(o, "verdict");

	cJSON_ReplaceItemInObject(v, "status", cJSON_CreateString(status));
}

static void
rec_tags(cJSON *o, ...)
{
	cJSON *t = cJSON_GetObjectItem(o, "tags");
	const char *s;
	va_list ap;

	if (t == NULL)
		t = cJSON_AddArrayToObject(o, "tags");
	va_start(ap, o);
	while ((s = va_arg(ap, const char *)) != NULL)
		cJSON_AddItemToArray(t, cJSON_CreateString(s));
	va_end(ap);
}

static void
rec_ach(cJSON *o, const char *id, const char *name)
{
	cJSON *a = cJSON_AddObjectToObject(o, "achievement");

	if (id != NULL)
		cJSON_AddStringToObject(a, "id", id);
	if (name != NULL)
		cJSON_AddStringToObject(a, "name", name);
}

static void
rec_credits(cJSON *o, double value, const char *unit, const char *source)
{
	cJSON *c = cJSON_AddObjectToObject(o, "credits");

	cJSON_AddNumberToObject(c, "value", value);
	if (unit != NULL)
		cJSON_AddStringToObject(c, "unit", unit);
	cJSON_AddStringToObject(c, "source", source);
}

static void
rec_align(cJSON *o, const char *name, const char *url, const char *fw,
          const char *code)
{
	cJSON *arr = cJSON_GetObjectItem(o, "alignments"), *a;

	if (arr == NULL)
		arr = cJSON_AddArrayToObject(o, "alignments");
	a = cJSON_CreateObject();
	if (name)
		cJSON_AddStringToObject(a, "name", name);
	if (url)
		cJSON_AddStringToObject(a, "url", url);
	if (fw)
		cJSON_AddStringToObject(a, "framework", fw);
	if (code)
		cJSON_AddStringToObject(a, "code", code);
	cJSON_AddItemToArray(arr, a);
}

static void
recs_clear(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++)
		cJSON_Delete(r->v[i]);
	r->n = 0;
}

/* ---- pathways ------------------------------------------------------- */

static struct pathway *
parse_ok(const char *json)
{
	struct pathway *p = NULL;
	struct cairn_error err = {0};

	if (pathway_parse((const unsigned char *)json, strlen(json), "test.json",
	                  &p, &err) != CAIRN_OK)
		fail_msg("parse: %s", err.msg);
	return p;
}

/* Evaluates both ways, reading every record and through an index of
 * them: the results must be the same. */
static cJSON *
evaluate(const char *json, struct recs *r)
{
	struct pathway *p = parse_ok(json);
	struct pathway_records *x = NULL;
	struct cairn_error err = {0};
	cJSON *res = NULL, *res2 = NULL;
	char *a, *b;

	if (pathway_evaluate(p, (const cJSON *const *)r->v, r->n, now(), &res,
	                     &err) != CAIRN_OK)
		fail_msg("evaluate: %s", err.msg);
	if (pathway_records_new((const cJSON *const *)r->v, r->n, &x, &err) != CAIRN_OK ||
	    pathway_evaluate_records(p, x, now(), &res2, &err) != CAIRN_OK)
		fail_msg("evaluate through an index: %s", err.msg);
	a = cJSON_PrintUnformatted(res);
	b = cJSON_PrintUnformatted(res2);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(res2);
	pathway_records_free(x);
	pathway_free(p);
	return res;
}

static const cJSON *
find_node(const cJSON *n, const char *id)
{
	const cJSON *k;
	const char *nid = json_str(n, "id");

	if (nid != NULL && strcmp(nid, id) == 0)
		return n;
	cJSON_ArrayForEach(k, json_arr(n, "children")) {
		const cJSON *f = find_node(k, id);
		if (f != NULL)
			return f;
	}
	return NULL;
}

static const cJSON *
node(const cJSON *res, const char *id)
{
	const cJSON *n = find_node(json_obj(res, "nodes"), id);

	if (n == NULL)
		fail_msg("no node %s", id);
	return n;
}

static const char *
status_of(const cJSON *res, const char *id)
{
	return json_str(node(res, id), "status");
}

/* The id of the credential filling a leaf, or "" when none does. */
static const char *
filled(const cJSON *res, const char *id)
{
	const cJSON *f = cJSON_GetArrayItem(json_arr(node(res, id), "filledBy"), 0);

	return f != NULL ? json_str(f, "id") : "";
}

static double
num(const cJSON *o, const char *name)
{
	double d;

	if (!json_num(o, name, &d))
		fail_msg("no number %s", name);
	return d;
}

static void
assert_near(double got, double want)
{
	if (got < want - 1e-9 || got > want + 1e-9)
		fail_msg("%.12g, expected %.12g", got, want);
}

static int
is_true(const cJSON *o, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* The reason a record was left out, or NULL. */
static const char *
excluded(const cJSON *res, const char *id)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, json_arr(res, "excluded"))
		if (strcmp(json_str(x, "id"), id) == 0)
			return json_str(x, "reason");
	return NULL;
}

static const cJSON *
step(const cJSON *res, int i)
{
	const cJSON *s = cJSON_GetArrayItem(json_arr(json_obj(res, "next"), "steps"), i);

	if (s == NULL)
		fail_msg("no step %d", i);
	return s;
}

static int
nsteps(const cJSON *res)
{
	return cJSON_GetArraySize(json_arr(json_obj(res, "next"), "steps"));
}

/* ---- the issue's example -------------------------------------------- */

static const char example[] =
	"{\"id\":\"data-analyst-cert\",\"title\":\"Certificate in Data Analysis\","
	"\"target\":{\"title\":\"Data analyst\",\"eqfLevel\":5,\"credits\":20,\"unit\":\"ECTS\"},"
	"\"requirement\":{\"allOf\":["
	" {\"id\":\"stats\",\"title\":\"Statistics\",\"match\":{\"tag\":\"statistics\"},\"credits\":5},"
	" {\"id\":\"tools\",\"title\":\"Two tools\",\"atLeast\":2,\"of\":["
	"  {\"id\":\"sql\",\"match\":{\"achievement\":\"https://ex.org/a/sql\"},\"credits\":2,\"hours\":20},"
	"  {\"id\":\"python\",\"match\":{\"achievement\":\"https://ex.org/a/python\"},\"credits\":3,\"hours\":40},"
	"  {\"id\":\"r\",\"match\":{\"achievement\":\"https://ex.org/a/r\"},\"credits\":3,\"hours\":30},"
	"  {\"id\":\"excel\",\"match\":{\"achievement\":\"https://ex.org/a/excel\"},\"credits\":1,\"hours\":10}]},"
	" {\"id\":\"electives\",\"credits\":5,\"unit\":\"ECTS\",\"from\":{\"match\":{\"tag\":\"elective\"}}},"
	" {\"id\":\"final\",\"anyOf\":["
	"  {\"id\":\"capstone\",\"title\":\"Capstone project\",\"match\":{\"achievement\":\"https://ex.org/a/capstone\"},"
	"   \"credits\":5,\"hours\":120,\"url\":\"https://ex.org/capstone\"},"
	"  {\"id\":\"internship\",\"title\":\"Internship\",\"match\":{\"tag\":\"internship\"},\"credits\":5,\"hours\":160}]}]}}";

static void
test_example(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	const cJSON *c;

	(void)state;
	o = rec_add(&r, "a", "Statistics 101");
	rec_tags(o, "Statistics", NULL); /* tags match case-insensitively */
	rec_credits(o, 5, "ECTS", "creditsEarned");
	o = rec_add(&r, "b", "SQL basics");
	rec_ach(o, "https://ex.org/a/sql", "SQL");
	o = rec_add(&r, "c", "Elective one");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 3, "ECTS", "creditsAvailable");
	o = rec_add(&r, "d", "Elective two");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 1, "ects", "creditsEarned");
	rec_status(o, "unknown");
	o = rec_add(&r, "e", "Elective abroad");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 4, "US credit hours", "creditsEarned");
	o = rec_add(&r, "f", "Capstone (expired)");
	rec_ach(o, "https://ex.org/a/capstone", NULL);
	cJSON_AddStringToObject(o, "validUntil", "2025-01-01T00:00:00Z");
	o = rec_add(&r, "g", "Python (failed)");
	rec_ach(o, "https://ex.org/a/python", NULL);
	rec_status(o, "failed");
	o = rec_add(&r, "h", "Unrelated");
	rec_tags(o, "cooking", NULL);

	res = evaluate(example, &r);
	assert_string_equal(json_str(res, "id"), "data-analyst-cert");
	assert_false(is_true(res, "complete"));
	assert_true(is_true(res, "exact"));
	assert_string_equal(json_str(res, "measure"), "requirements");
	/* (1 + 1/2 + 4/5 + 0) / 4 */
	assert_near(num(res, "progress"), 0.575);
	assert_string_equal(status_of(res, "stats"), "complete");
	assert_string_equal(filled(res, "stats"), "a");
	assert_string_equal(status_of(res, "tools"), "partial");
	assert_near(num(node(res, "tools"), "done"), 1);
	assert_near(num(node(res, "tools"), "of"), 2);
	assert_string_equal(filled(res, "sql"), "b");
	assert_string_equal(status_of(res, "electives"), "partial");
	c = json_obj(node(res, "electives"), "credits");
	assert_near(num(c, "earned"), 4);
	assert_near(num(c, "required"), 5);
	assert_int_equal(cJSON_GetArraySize(json_arr(node(res, "electives"), "filledBy")), 2);
	assert_string_equal(status_of(res, "final"), "missing");
	/* the target's credits: 5 + 2 (the leaf's, SQL carries none) + 3 + 1 */
	c = json_obj(res, "credits");
	assert_near(num(c, "earned"), 11);
	assert_near(num(c, "required"), 20);
	assert_string_equal(json_str(c, "unit"), "ECTS");
	assert_near(num(res, "unverified"), 1);

	assert_string_equal(excluded(res, "e"), "its credits are in US credit hours, not ECTS");
	assert_string_equal(excluded(res, "f"), "expired");
	assert_string_equal(excluded(res, "g"), "failed verification");
	assert_null(excluded(res, "h"));
	assert_int_equal(cJSON_GetArraySize(json_arr(res, "excluded")), 3);

	/* the cheapest tool, the elective credit, the lighter final */
	assert_int_equal(nsteps(res), 3);
	assert_string_equal(json_str(step(res, 0), "id"), "excel");
	assert_string_equal(json_str(step(res, 1), "title"),
	                    "1 more ECTS from credentials tagged elective");
	assert_near(num(step(res, 1), "credits"), 1);
	assert_string_equal(json_str(step(res, 2), "title"), "Capstone project");
	assert_string_equal(json_str(step(res, 2), "url"), "https://ex.org/capstone");
	assert_near(num(json_obj(res, "next"), "items"), 3);
	assert_near(num(json_obj(res, "next"), "credits"), 7);
	assert_near(num(json_obj(res, "next"), "hours"), 130);
	cJSON_Delete(res);

	/* finishing it */
	o = rec_add(&r, "i", "Excel");
	rec_ach(o, "https://ex.org/a/excel", NULL);
	o = rec_add(&r, "j", "Internship");
	rec_tags(o, "internship", "elective", NULL);
	rec_credits(o, 6, "ECTS", "creditsEarned");
	o = rec_add(&r, "k", "Another elective");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 1, "ECTS", "creditsEarned");
	res = evaluate(example, &r);
	/* j could fill the internship or the electives: it must do the first */
	assert_true(is_true(res, "complete"));
	assert_near(num(res, "progress"), 1);
	assert_string_equal(filled(res, "internship"), "j");
	assert_int_equal(nsteps(res), 0);
	assert_near(num(json_obj(res, "next"), "items"), 0);
	cJSON_Delete(res);
	recs_clear(&r);
}

/* ---- where greedy is wrong ------------------------------------------ */

/* Leaves tagged t0, t1, ... in document order, each taking the first
 * unused matching credential in collection order: what the engine must
 * beat. */
static int
greedy_filled(struct recs *r, int nleaves)
{
	int used[64] = {0}, count = 0;

	assert_true(r->n <= 64);
	for (int l = 0; l < nleaves; l++) {
		char tag[32];
		snprintf(tag, sizeof tag, "t%d", l);
		for (size_t c = 0; c < r->n; c++) {
			if (!used[c] && json_has_string(cJSON_GetObjectItem(r->v[c], "tags"), tag)) {
				used[c] = 1;
				count++;
				break;
			}
		}
	}
	return count;
}

static void
test_greedy_all_of(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	const char *pw =
		"{\"id\":\"g\",\"title\":\"G\",\"requirement\":{\"allOf\":["
		"{\"id\":\"l0\",\"match\":{\"tag\":\"t0\"}},{\"id\":\"l1\",\"match\":{\"tag\":\"t1\"}}]}}";

	(void)state;
	o = rec_add(&r, "x", "Both");
	rec_tags(o, "t0", "t1", NULL);
	o = rec_add(&r, "y", "First only");
	rec_tags(o, "t0", NULL);
	assert_int_equal(greedy_filled(&r, 2), 1);
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "l0"), "y");
	assert_string_equal(filled(res, "l1"), "x");
	cJSON_Delete(res);
	recs_clear(&r);

	/* one credential, two leaves: it counts once */
	o = rec_add(&r, "x", "Both");
	rec_tags(o, "t0", "t1", NULL);
	res = evaluate(pw, &r);
	assert_near(num(res, "progress"), 0.5);
	assert_string_equal(filled(res, "l0"), "x");
	assert_string_equal(filled(res, "l1"), "");
	cJSON_Delete(res);
	recs_clear(&r);
}

static void
test_greedy_at_least(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	/* 2 of 3; x and y both match l0 and l1; z matches l0 and l2 */
	const char *pw =
		"{\"id\":\"g\",\"title\":\"G\",\"requirement\":{\"allOf\":["
		"{\"id\":\"two\",\"atLeast\":2,\"of\":["
		"{\"id\":\"l0\",\"match\":{\"tag\":\"t0\"}},{\"id\":\"l1\",\"match\":{\"tag\":\"t1\"}},"
		"{\"id\":\"l2\",\"match\":{\"tag\":\"t2\"}}]},"
		"{\"id\":\"l3\",\"match\":{\"tag\":\"t3\"}}]}}";

	(void)state;
	o = rec_add(&r, "x", "X");
	rec_tags(o, "t0", "t3", NULL);
	o = rec_add(&r, "y", "Y");
	rec_tags(o, "t1", "t3", NULL);
	o = rec_add(&r, "z", "Z");
	rec_tags(o, "t0", "t2", NULL);
	/* greedy: l0 x, l1 y, l2 z, l3 none */
	assert_int_equal(greedy_filled(&r, 4), 3);
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_true(is_true(res, "exact"));
	assert_string_equal(status_of(res, "two"), "complete");
	assert_string_equal(status_of(res, "l3"), "complete");
	cJSON_Delete(res);
	recs_clear(&r);
}

static void
test_greedy_credits(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	/* x and y match both the leaf and the credits node; x carries the
	 * credits the node needs, so y must fill the leaf */
	const char *pw =
		"{\"id\":\"g\",\"title\":\"G\",\"requirement\":{\"allOf\":["
		"{\"id\":\"core\",\"match\":{\"tag\":\"data\"}},"
		"{\"id\":\"more\",\"credits\":5,\"unit\":\"ECTS\",\"from\":{\"match\":{\"tag\":\"data\"}}}]}}";

	(void)state;
	o = rec_add(&r, "x", "Big");
	rec_tags(o, "data", NULL);
	rec_credits(o, 5, "ECTS", "creditsEarned");
	o = rec_add(&r, "y", "Small");
	rec_tags(o, "data", NULL);
	rec_credits(o, 1, "ECTS", "creditsEarned");
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "core"), "y");
	assert_string_equal(filled(res, "more"), "x");
	cJSON_Delete(res);
	recs_clear(&r);

	/* the same across a credits list: a 6-credit credential fills the
	 * list's leaf, a 1-credit one the core leaf */
	o = rec_add(&r, "x", "Big");
	rec_tags(o, "data", "ml", NULL);
	rec_credits(o, 6, "ECTS", "creditsEarned");
	o = rec_add(&r, "y", "Small");
	rec_tags(o, "data", "ml", NULL);
	rec_credits(o, 1, "ECTS", "creditsEarned");
	res = evaluate("{\"id\":\"g\",\"title\":\"G\",\"requirement\":{\"allOf\":["
	               "{\"id\":\"core\",\"match\":{\"tag\":\"data\"}},"
	               "{\"id\":\"list\",\"credits\":6,\"from\":["
	               "{\"id\":\"ml\",\"match\":{\"tag\":\"ml\"},\"credits\":3}]}]}}",
	               &r);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "core"), "y");
	assert_string_equal(filled(res, "ml"), "x");
	cJSON_Delete(res);
	recs_clear(&r);
}

/* Six leaves, six credentials, each credential matching two or three
 * leaves: the only complete assignments give leaf 1 the credential the
 * first choice would give it, so the search must come back three
 * decisions and more. */
static void
test_greedy_deep(void **state)
{
	static const char *const tags[6][3] = {
		{"t0", "t4", NULL}, {"t0", "t3", NULL}, {"t1", "t2", "t5"},
		{"t0", "t1", NULL}, {"t3", "t4", NULL}, {"t2", "t4", "t5"}};
	struct recs r = {0};
	char pw[1024], id[16];
	size_t o = 0;
	cJSON *res;

	(void)state;
	o += (size_t)snprintf(pw + o, sizeof pw - o,
	                      "{\"id\":\"deep\",\"title\":\"Deep\",\"requirement\":{\"allOf\":[");
	for (int l = 0; l < 6; l++)
		o += (size_t)snprintf(pw + o, sizeof pw - o,
		                      "%s{\"id\":\"l%d\",\"match\":{\"tag\":\"t%d\"}}",
		                      l ? "," : "", l, l);
	snprintf(pw + o, sizeof pw - o, "]}}");
	for (int c = 0; c < 6; c++) {
		cJSON *rec;
		snprintf(id, sizeof id, "c%d", c);
		rec = rec_add(&r, id, id);
		rec_tags(rec, tags[c][0], tags[c][1], tags[c][2], NULL);
	}
	assert_int_equal(greedy_filled(&r, 6), 5);
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_true(is_true(res, "exact"));
	assert_string_equal(filled(res, "l1"), "c3");
	cJSON_Delete(res);
	recs_clear(&r);
}

/* ---- credits ---------------------------------------------------------- */

static void
test_credit_sources(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	const cJSON *f;
	const char *pw =
		"{\"id\":\"c\",\"title\":\"C\",\"requirement\":{\"id\":\"list\",\"credits\":20,\"unit\":\"ECTS\",\"from\":["
		"{\"id\":\"a\",\"match\":{\"achievement\":\"urn:a\"},\"credits\":5},"
		"{\"id\":\"b\",\"match\":{\"achievement\":\"urn:b\"},\"credits\":5},"
		"{\"id\":\"c\",\"match\":{\"achievement\":\"urn:c\"},\"credits\":5},"
		"{\"id\":\"d\",\"match\":{\"achievement\":\"urn:d\"},\"credits\":5},"
		"{\"id\":\"e\",\"match\":{\"achievement\":\"URN:E\"}},"
		"{\"id\":\"f\",\"match\":{\"achievement\":\"urn:f\"},\"credits\":2}]}}";

	(void)state;
	o = rec_add(&r, "ra", "Earned");       /* what the learner earned */
	rec_ach(o, "urn:a", NULL);
	rec_credits(o, 4, "ECTS", "creditsEarned");
	o = rec_add(&r, "rb", "Available");    /* what the achievement carries */
	rec_ach(o, "urn:b", NULL);
	rec_credits(o, 6, "ects", "creditsAvailable");
	o = rec_add(&r, "rc", "Other unit");   /* not ECTS: the leaf's 5 */
	rec_ach(o, "urn:c", NULL);
	rec_credits(o, 3, "US credit hours", "creditsEarned");
	o = rec_add(&r, "rd", "None");         /* none: the leaf's 5 */
	rec_ach(o, "urn:d", NULL);
	o = rec_add(&r, "re", "Generic");      /* generic credits count */
	rec_ach(o, "urn:e", NULL);
	rec_credits(o, 0.5, "credits", "result");
	o = rec_add(&r, "rf", "No unit");      /* no unit counts too */
	rec_ach(o, "urn:f", NULL);
	rec_credits(o, 0.25, NULL, "creditsEarned");

	res = evaluate(pw, &r);
	assert_string_equal(json_str(res, "measure"), "credits");
	/* 4 + 6 + 5 + 5 + 0.5 + 0.25 */
	assert_near(num(json_obj(res, "credits"), "earned"), 20.75);
	assert_near(num(json_obj(res, "credits"), "required"), 20);
	assert_true(is_true(res, "complete"));
	f = cJSON_GetArrayItem(json_arr(node(res, "a"), "filledBy"), 0);
	assert_near(num(f, "credits"), 4);
	assert_string_equal(json_str(f, "creditsSource"), "creditsEarned");
	f = cJSON_GetArrayItem(json_arr(node(res, "b"), "filledBy"), 0);
	assert_near(num(f, "credits"), 6);
	assert_string_equal(json_str(f, "creditsSource"), "creditsAvailable");
	f = cJSON_GetArrayItem(json_arr(node(res, "c"), "filledBy"), 0);
	assert_near(num(f, "credits"), 5);
	assert_string_equal(json_str(f, "creditsSource"), "pathway");
	f = cJSON_GetArrayItem(json_arr(node(res, "d"), "filledBy"), 0);
	assert_string_equal(json_str(f, "creditsSource"), "pathway");
	f = cJSON_GetArrayItem(json_arr(node(res, "e"), "filledBy"), 0);
	assert_near(num(f, "credits"), 0.5);
	f = cJSON_GetArrayItem(json_arr(node(res, "f"), "filledBy"), 0);
	assert_near(num(f, "credits"), 0.25);
	cJSON_Delete(res);
	recs_clear(&r);

	/* a matching credits node has no leaf to fall back on */
	o = rec_add(&r, "x", "Hours");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 3, "hours", "creditsEarned");
	o = rec_add(&r, "y", "Nothing");
	rec_tags(o, "elective", NULL);
	o = rec_add(&r, "z", "Some");
	rec_tags(o, "elective", NULL);
	rec_credits(o, 1.5, "ECTS", "creditsEarned");
	res = evaluate("{\"id\":\"c\",\"title\":\"C\",\"target\":{\"unit\":\"ECTS\"},"
	               "\"requirement\":{\"credits\":3,\"from\":{\"match\":{\"tag\":\"elective\"}}}}",
	               &r);
	assert_near(num(res, "progress"), 0.5);
	assert_string_equal(json_str(json_obj(res, "credits"), "unit"), "ECTS");
	assert_string_equal(excluded(res, "x"), "its credits are in hours, not ECTS");
	assert_string_equal(excluded(res, "y"), "carries no credits");
	assert_null(excluded(res, "z"));
	assert_string_equal(json_str(step(res, 0), "title"),
	                    "1.5 more ECTS from credentials tagged elective");
	cJSON_Delete(res);
	recs_clear(&r);
}

/* ---- what does not count --------------------------------------------- */

static void
test_status_and_verified(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	const char *pw =
		"{\"id\":\"v\",\"title\":\"V\",\"requirement\":{\"allOf\":["
		"{\"id\":\"strict\",\"match\":{\"tag\":\"s\"},\"verified\":true},"
		"{\"id\":\"loose\",\"match\":{\"tag\":\"l\"}}]}}";

	(void)state;
	o = rec_add(&r, "u1", "Unverified strict");
	rec_tags(o, "s", NULL);
	rec_status(o, "unknown");
	o = rec_add(&r, "u2", "Unverified loose");
	rec_tags(o, "l", NULL);
	rec_status(o, "unknown");
	o = rec_add(&r, "x", "Expired");
	rec_tags(o, "s", NULL);
	cJSON_AddStringToObject(o, "validUntil", "2026-05-31T23:59:59Z");
	res = evaluate(pw, &r);
	assert_string_equal(filled(res, "strict"), "");
	assert_string_equal(filled(res, "loose"), "u2");
	assert_near(num(res, "unverified"), 1);
	assert_false(is_true(cJSON_GetArrayItem(json_arr(node(res, "loose"), "filledBy"), 0),
	                     "verified"));
	assert_string_equal(excluded(res, "u1"),
	                    "not verified, and the requirement it matches counts only verified credentials");
	assert_string_equal(excluded(res, "x"), "expired");
	cJSON_Delete(res);

	/* a verified one fills the strict leaf */
	o = rec_add(&r, "v1", "Verified strict");
	rec_tags(o, "s", NULL);
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "strict"), "v1");
	assert_true(is_true(cJSON_GetArrayItem(json_arr(node(res, "strict"), "filledBy"), 0),
	                    "verified"));
	cJSON_Delete(res);

	/* the whole pathway demands verified credentials */
	res = evaluate("{\"id\":\"v\",\"title\":\"V\",\"verified\":true,\"requirement\":{\"allOf\":["
	               "{\"id\":\"strict\",\"match\":{\"tag\":\"s\"}},"
	               "{\"id\":\"loose\",\"match\":{\"tag\":\"l\"}}]}}",
	               &r);
	assert_string_equal(filled(res, "loose"), "");
	assert_string_equal(excluded(res, "u2"),
	                    "not verified, and this pathway counts only verified credentials");
	assert_near(num(res, "unverified"), 0);
	cJSON_Delete(res);

	/* a failure stays a failure */
	rec_status(r.v[3], "failed");
	res = evaluate(pw, &r);
	assert_string_equal(excluded(res, "v1"), "failed verification");
	cJSON_Delete(res);
	recs_clear(&r);
}

static void
test_ties(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;

	(void)state;
	/* verified before unverified, then collection order */
	o = rec_add(&r, "u", "Unknown");
	rec_tags(o, "t", NULL);
	rec_status(o, "unknown");
	o = rec_add(&r, "v1", "First verified");
	rec_tags(o, "t", NULL);
	o = rec_add(&r, "v2", "Second verified");
	rec_tags(o, "t", NULL);
	res = evaluate("{\"id\":\"t\",\"title\":\"T\",\"requirement\":{\"id\":\"l\",\"match\":{\"tag\":\"t\"}}}", &r);
	assert_string_equal(filled(res, "l"), "v1");
	assert_near(num(res, "unverified"), 0);
	cJSON_Delete(res);
	/* where credits count, more credits first */
	rec_credits(r.v[2], 4, "ECTS", "creditsEarned");
	res = evaluate("{\"id\":\"t\",\"title\":\"T\",\"requirement\":{\"credits\":10,\"from\":["
	               "{\"id\":\"l\",\"match\":{\"tag\":\"t\"},\"credits\":2}]}}", &r);
	assert_string_equal(filled(res, "l"), "v2");
	assert_near(num(json_obj(res, "credits"), "earned"), 4);
	cJSON_Delete(res);
	recs_clear(&r);
}

static void
test_match_kinds(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;
	const char *pw =
		"{\"id\":\"m\",\"title\":\"M\",\"requirement\":{\"allOf\":["
		"{\"id\":\"iss\",\"match\":{\"issuer\":\"https://uni.example/\"}},"
		"{\"id\":\"skill\",\"match\":{\"skill\":\"S1234\"}},"
		"{\"id\":\"al\",\"match\":{\"alignment\":{\"framework\":\"ESCO\",\"url\":\"http://esco/x\"}}},"
		"{\"id\":\"name\",\"match\":{\"name\":\"intro to welding\"}},"
		"{\"id\":\"eqf\",\"match\":{\"tag\":\"lvl\",\"eqfLevel\":5}},"
		"{\"id\":\"cid\",\"match\":{\"achievement\":\"urn:uuid:123\"}}]}}";

	(void)state;
	o = rec_add(&r, "i", "By issuer");
	cJSON_AddItemToObject(o, "issuer", cJSON_Parse("{\"id\":\"did:web:uni\",\"url\":\"https://UNI.example\"}"));
	o = rec_add(&r, "s", "By skill code");
	rec_align(o, "Skill", "http://esco/s", "ESCO", "s1234");
	o = rec_add(&r, "a1", "Wrong framework");
	rec_align(o, NULL, "http://esco/x", "O*NET", NULL);
	o = rec_add(&r, "a2", "Right alignment");
	rec_align(o, NULL, "http://esco/x", "esco", NULL);
	o = rec_add(&r, "n", "Intro to Welding");
	o = rec_add(&r, "e4", "Level 4");
	rec_tags(o, "lvl", NULL);
	cJSON_AddNumberToObject(o, "eqfLevel", 4);
	o = rec_add(&r, "e6", "Level 6");
	rec_tags(o, "lvl", NULL);
	cJSON_AddNumberToObject(o, "eqfLevel", 6);
	o = rec_add(&r, "c", "By credential id");
	cJSON_AddStringToObject(o, "credentialId", "urn:uuid:123");
	res = evaluate(pw, &r);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "iss"), "i");
	assert_string_equal(filled(res, "skill"), "s");
	assert_string_equal(filled(res, "al"), "a2");
	assert_string_equal(filled(res, "name"), "n");
	assert_string_equal(filled(res, "eqf"), "e6");
	assert_string_equal(filled(res, "cid"), "c");
	cJSON_Delete(res);
	recs_clear(&r);
}

/* ---- next steps ------------------------------------------------------ */

static void
test_next_steps(void **state)
{
	struct recs r = {0};
	cJSON *o, *res;

	(void)state;
	/* fewest items beats fewest credits */
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"anyOf\":["
	               "{\"allOf\":[{\"id\":\"a\",\"match\":{\"tag\":\"a\"},\"credits\":2},"
	               "{\"id\":\"b\",\"match\":{\"tag\":\"b\"},\"credits\":2}]},"
	               "{\"id\":\"c\",\"match\":{\"tag\":\"c\"},\"credits\":5}]}}", &r);
	assert_int_equal(nsteps(res), 1);
	assert_string_equal(json_str(step(res, 0), "id"), "c");
	assert_string_equal(json_str(step(res, 0), "title"), "A credential tagged c");
	cJSON_Delete(res);

	/* then fewest credits, then fewest hours */
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"allOf\":["
	               "{\"anyOf\":[{\"id\":\"a\",\"match\":{\"tag\":\"a\"},\"credits\":5,\"hours\":10},"
	               "{\"id\":\"b\",\"match\":{\"tag\":\"b\"},\"credits\":3,\"hours\":50}]},"
	               "{\"anyOf\":[{\"id\":\"c\",\"match\":{\"tag\":\"c\"},\"credits\":3,\"hours\":50},"
	               "{\"id\":\"d\",\"match\":{\"tag\":\"d\"},\"credits\":3,\"hours\":10}]}]}}", &r);
	assert_int_equal(nsteps(res), 2);
	assert_string_equal(json_str(step(res, 0), "id"), "b");
	assert_string_equal(json_str(step(res, 1), "id"), "d");
	assert_near(num(json_obj(res, "next"), "credits"), 6);
	assert_near(num(json_obj(res, "next"), "hours"), 60);
	cJSON_Delete(res);

	/* at least 3 of 5 with one done: the two cheapest of the rest */
	o = rec_add(&r, "x", "X");
	rec_tags(o, "e1", NULL);
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"atLeast\":3,\"of\":["
	               "{\"id\":\"e0\",\"match\":{\"tag\":\"e0\"},\"credits\":4},"
	               "{\"id\":\"e1\",\"match\":{\"tag\":\"e1\"},\"credits\":1},"
	               "{\"id\":\"e2\",\"match\":{\"tag\":\"e2\"},\"credits\":2},"
	               "{\"id\":\"e3\",\"match\":{\"tag\":\"e3\"},\"credits\":3},"
	               "{\"id\":\"e4\",\"match\":{\"tag\":\"e4\"},\"credits\":2,\"hours\":1}]}}", &r);
	assert_near(num(res, "progress"), 1.0 / 3);
	assert_int_equal(nsteps(res), 2);
	assert_string_equal(json_str(step(res, 0), "id"), "e2");
	assert_string_equal(json_str(step(res, 1), "id"), "e4");
	cJSON_Delete(res);
	recs_clear(&r);

	/* a credits list: fewest leaves, then fewest credits (not the
	 * largest first: 6 is enough where 10 is more) */
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"credits\":6,\"from\":["
	               "{\"id\":\"a\",\"match\":{\"tag\":\"a\"},\"credits\":10},"
	               "{\"id\":\"b\",\"match\":{\"tag\":\"b\"},\"credits\":6},"
	               "{\"id\":\"c\",\"match\":{\"tag\":\"c\"},\"credits\":5},"
	               "{\"id\":\"d\",\"match\":{\"tag\":\"d\"},\"credits\":1}]}}", &r);
	assert_int_equal(nsteps(res), 1);
	assert_string_equal(json_str(step(res, 0), "id"), "b");
	cJSON_Delete(res);
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"credits\":7,\"from\":["
	               "{\"id\":\"a\",\"match\":{\"tag\":\"a\"},\"credits\":5},"
	               "{\"id\":\"b\",\"match\":{\"tag\":\"b\"},\"credits\":4},"
	               "{\"id\":\"c\",\"match\":{\"tag\":\"c\"},\"credits\":3},"
	               "{\"id\":\"d\",\"match\":{\"tag\":\"d\"},\"credits\":3,\"hours\":2},"
	               "{\"id\":\"e\",\"match\":{\"tag\":\"e\"},\"credits\":3,\"hours\":1}]}}", &r);
	assert_int_equal(nsteps(res), 2);
	assert_string_equal(json_str(step(res, 0), "id"), "b");
	assert_string_equal(json_str(step(res, 1), "id"), "c");
	assert_near(num(json_obj(res, "next"), "credits"), 7);
	cJSON_Delete(res);

	/* leaves that do not say their credits: one step for what is left */
	o = rec_add(&r, "x", "X");
	rec_tags(o, "a", NULL);
	rec_credits(o, 2, "ECTS", "creditsEarned");
	res = evaluate("{\"id\":\"n\",\"title\":\"N\",\"requirement\":{\"id\":\"list\",\"title\":\"Electives\","
	               "\"credits\":5,\"unit\":\"ECTS\",\"from\":["
	               "{\"id\":\"a\",\"match\":{\"tag\":\"a\"}},{\"id\":\"b\",\"match\":{\"tag\":\"b\"}}]}}", &r);
	assert_near(num(res, "progress"), 0.4);
	assert_int_equal(nsteps(res), 1);
	assert_string_equal(json_str(step(res, 0), "title"), "3 more ECTS toward Electives");
	assert_near(num(step(res, 0), "credits"), 3);
	cJSON_Delete(res);
	recs_clear(&r);
}

/* ---- the format ------------------------------------------------------- */

static void
expect_error(const char *json, size_t len, const char *want1, const char *want2)
{
	struct pathway *p = NULL;
	struct cairn_error err = {0};

	if (pathway_parse((const unsigned char *)json, len, "bad.json", &p, &err) == CAIRN_OK)
		fail_msg("accepted: %.200s", json);
	assert_null(p);
	assert_int_equal(err.code, CAIRN_ERR_USAGE);
	assert_int_equal(strncmp(err.msg, "bad.json: ", 10), 0);
	assert_null(strchr(err.msg, '\n'));
	if (strstr(err.msg, want1) == NULL || (want2 != NULL && strstr(err.msg, want2) == NULL))
		fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", err.msg, want1,
		         want2 ? want2 : "");
}

#define BAD(json, a, b) expect_error(json, strlen(json), a, b)
#define HEAD "{\"id\":\"x\",\"title\":\"X\",\"requirement\":"
#define LEAF "{\"match\":{\"tag\":\"t\"}}"

static void
test_format_errors(void **state)
{
	(void)state;
	BAD(HEAD "{\"allOf\":[" LEAF "," LEAF ",{\"match\":{\"tag\":\"c\"},\"colour\":\"red\"}]}}",
	    "bad.json: requirement.allOf[2]: unknown member \"colour\"", NULL);
	BAD(HEAD "{\"oneOf\":[" LEAF "]}}", "requirement: unknown member \"oneOf\"", NULL);
	BAD(HEAD "{\"allOf\":[" LEAF "],\"anyOf\":[" LEAF "]}}",
	    "requirement: has both \"allOf\" and \"anyOf\"", NULL);
	BAD(HEAD "{\"match\":{\"tag\":\"t\"},\"from\":[" LEAF "],\"credits\":3}}",
	    "requirement: has both", NULL);
	BAD(HEAD "{\"title\":\"nothing\"}}", "requirement: not a requirement", NULL);
	BAD(HEAD "{\"allOf\":[" LEAF ",{\"atLeast\":5,\"of\":[" LEAF "," LEAF "," LEAF "]}]}}",
	    "requirement.allOf[1].atLeast: 5 of 3 cannot be met", NULL);
	BAD(HEAD "{\"atLeast\":0,\"of\":[" LEAF "]}}", "requirement.atLeast: must be a whole number", NULL);
	BAD(HEAD "{\"atLeast\":1.5,\"of\":[" LEAF "," LEAF "]}}", "requirement.atLeast", NULL);
	BAD(HEAD "{\"atLeast\":1}}", "requirement: \"atLeast\" and \"of\" go together", NULL);
	BAD(HEAD "{\"credits\":-5,\"from\":{\"match\":{\"tag\":\"e\"}}}}",
	    "requirement.credits: must be greater than 0", NULL);
	BAD(HEAD "{\"allOf\":[{\"match\":{\"tag\":\"t\"},\"credits\":-1}]}}",
	    "requirement.allOf[0].credits: must not be negative", NULL);
	BAD(HEAD "{\"credits\":\"five\",\"from\":{\"match\":{\"tag\":\"e\"}}}}",
	    "requirement.credits: must be a number", NULL);
	BAD(HEAD "{\"allOf\":[{\"match\":{\"tag\":\"t\"},\"hours\":\"2h\"}]}}",
	    "requirement.allOf[0].hours: must be a number", NULL);
	BAD(HEAD "{\"credits\":1e300,\"from\":{\"match\":{\"tag\":\"e\"}}}}",
	    "requirement.credits: must be at most", NULL);
	BAD(HEAD "{\"credits\":5}}", "requirement: \"credits\" needs \"from\"", NULL);
	BAD(HEAD "{\"credits\":5,\"from\":[{\"allOf\":[" LEAF "]}]}}",
	    "requirement.from[0]: a credits requirement adds up credentials", NULL);
	BAD(HEAD "{\"credits\":5,\"from\":{\"tag\":\"x\"}}}", "requirement.from: unknown member \"tag\"", NULL);
	BAD(HEAD "{\"allOf\":[]}}", "requirement.allOf: must be a non-empty array", NULL);
	BAD(HEAD "[" LEAF "]}", "requirement: must be an object", NULL);
	BAD(HEAD "{\"anyOf\":[" LEAF ",{\"match\":{}}]}}", "requirement.anyOf[1].match: is empty", NULL);
	BAD(HEAD "{\"match\":{\"tag\":\"t\",\"colour\":\"red\"}}}",
	    "requirement.match: unknown member \"colour\"", NULL);
	BAD(HEAD "{\"match\":{\"tag\":5}}}", "requirement.match.tag: must be a non-empty string", NULL);
	BAD(HEAD "{\"match\":{\"alignment\":{\"kind\":\"x\"}}}}", "requirement.match.alignment: unknown member", NULL);
	BAD(HEAD "{\"match\":{\"eqfLevel\":9}}}", "requirement.match.eqfLevel: must be an EQF level", NULL);
	BAD(HEAD "{\"match\":{\"tag\":\"t\"},\"unit\":\"ECTS\"}}",
	    "requirement: \"unit\" does not belong with \"match\"", NULL);
	BAD(HEAD "{\"allOf\":[" LEAF "],\"hours\":3}}",
	    "requirement: \"hours\" does not belong with \"allOf\"", NULL);
	BAD(HEAD "{\"match\":{\"tag\":\"t\"},\"verified\":\"yes\"}}",
	    "requirement.verified: must be true or false", NULL);
	/* ids */
	BAD(HEAD "{\"allOf\":[{\"id\":\"a\",\"match\":{\"tag\":\"t\"}},{\"id\":\"a\",\"match\":{\"tag\":\"u\"}}]}}",
	    "requirement.allOf[1].id: \"a\" is already the id of requirement.allOf[0]", NULL);
	BAD(HEAD "{\"id\":\"Core Courses\",\"match\":{\"tag\":\"t\"}}}", "requirement.id: must be 1 to 64", NULL);
	BAD("{\"title\":\"X\",\"requirement\":" LEAF "}", "bad.json: id: missing", NULL);
	BAD("{\"id\":\"x\",\"requirement\":" LEAF "}", "bad.json: title: missing", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\"}", "bad.json: requirement: missing", NULL);
	BAD("{\"id\":\"Data Analyst\",\"title\":\"X\",\"requirement\":" LEAF "}", "bad.json: id: must be 1 to 64", NULL);
	BAD("{\"id\":\"x\",\"title\":\"\",\"requirement\":" LEAF "}", "bad.json: title: must be a non-empty string", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"requirement\":" LEAF ",\"colour\":1}", "top level: unknown member \"colour\"", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"id\":\"y\",\"requirement\":" LEAF "}", "member \"id\" appears twice", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"version\":2,\"requirement\":" LEAF "}", "version: must be a string", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"target\":{\"eqfLevel\":9},\"requirement\":" LEAF "}",
	    "target.eqfLevel: must be an EQF level", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"target\":{\"credit\":9},\"requirement\":" LEAF "}",
	    "target: unknown member \"credit\"", NULL);
	BAD("{\"id\":\"x\",\"title\":\"X\",\"target\":{\"credits\":60},\"requirement\":"
	    "{\"credits\":30,\"from\":{\"match\":{\"tag\":\"e\"}}}}",
	    "target.credits: 60 differs from the requirement's 30", NULL);
	BAD("[1,2]", "bad.json: a pathway is a JSON object", NULL);
	BAD("{\"id\":\"x\",", "bad.json: invalid or truncated JSON", NULL);
	/* untrusted names are shown printable */
	BAD(HEAD "{\"match\":{\"tag\":\"t\"},\"\\u001b[31m\":1}}", "unknown member \"?[31m\"", NULL);
}

static void
test_format_limits(void **state)
{
	size_t cap = CAIRN_MAX_PATHWAY_SIZE + 64, o = 0;
	char *buf = malloc(cap);

	(void)state;
	assert_non_null(buf);
	/* depth 100 */
	o = (size_t)snprintf(buf, cap, "%s", HEAD);
	for (int i = 0; i < 100; i++)
		o += (size_t)snprintf(buf + o, cap - o, "{\"allOf\":[");
	o += (size_t)snprintf(buf + o, cap - o, LEAF);
	for (int i = 0; i < 100; i++)
		o += (size_t)snprintf(buf + o, cap - o, "]}");
	o += (size_t)snprintf(buf + o, cap - o, "}");
	expect_error(buf, o, "requirement.allOf[0].allOf[0]", "nested too deeply");

	/* 3000 nodes */
	o = (size_t)snprintf(buf, cap, "%s{\"allOf\":[", HEAD);
	for (int i = 0; i < 2999; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s{\"match\":{\"tag\":\"t%d\"}}", i ? "," : "", i);
	o += (size_t)snprintf(buf + o, cap - o, "]}}");
	expect_error(buf, o, "requirement.allOf[1999]: more than 2000 requirements", NULL);

	/* 2000 nodes are fine */
	o = (size_t)snprintf(buf, cap, "%s{\"allOf\":[", HEAD);
	for (int i = 0; i < 1999; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s{\"match\":{\"tag\":\"t%d\"}}", i ? "," : "", i);
	o += (size_t)snprintf(buf + o, cap - o, "]}}");
	{
		struct pathway *p = NULL;
		struct cairn_error err = {0};
		assert_int_equal(pathway_parse((unsigned char *)buf, o, "ok.json", &p, &err), CAIRN_OK);
		pathway_free(p);
	}

	/* a huge file */
	memset(buf, ' ', cap);
	memcpy(buf, HEAD LEAF "}", strlen(HEAD LEAF "}"));
	expect_error(buf, CAIRN_MAX_PATHWAY_SIZE + 1, "larger than the limit of 1048576 bytes", NULL);
	/* at the limit it is read */
	{
		struct pathway *p = NULL;
		struct cairn_error err = {0};
		assert_int_equal(pathway_parse((unsigned char *)buf, CAIRN_MAX_PATHWAY_SIZE, "ok.json", &p, &err),
		                 CAIRN_OK);
		assert_string_equal(pathway_id(p), "x");
		assert_string_equal(pathway_title(p), "X");
		assert_true(cJSON_IsObject(pathway_document(p)));
		pathway_free(p);
	}
	free(buf);
}

/* Requirements nested 31 deep (the most the JSON limit leaves room for
 * with a match and an alignment) are read. */
static void
test_deepest_accepted(void **state)
{
	char buf[4096];
	size_t o;
	struct pathway *p = NULL;
	struct cairn_error err = {0};
	struct recs r = {0};
	cJSON *res = NULL, *rec;

	(void)state;
	o = (size_t)snprintf(buf, sizeof buf, "%s", HEAD);
	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "{\"anyOf\":[");
	o += (size_t)snprintf(buf + o, sizeof buf - o,
	                      "{\"id\":\"deep\",\"match\":{\"alignment\":{\"code\":\"c1\"}}}");
	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "]}");
	o += (size_t)snprintf(buf + o, sizeof buf - o, "}");
	if (pathway_parse((unsigned char *)buf, o, "deep.json", &p, &err) != CAIRN_OK)
		fail_msg("%s", err.msg);
	rec = rec_add(&r, "r", "R");
	rec_align(rec, NULL, NULL, NULL, "C1");
	assert_int_equal(pathway_evaluate(p, (const cJSON *const *)r.v, r.n, now(), &res, &err),
	                 CAIRN_OK);
	assert_true(is_true(res, "complete"));
	assert_string_equal(filled(res, "deep"), "r");
	cJSON_Delete(res);
	pathway_free(p);
	recs_clear(&r);
}

/* ---- size ----------------------------------------------------------- */

/* 20 groups of 10 leaves; in each, 9 credentials matching two or three
 * of its leaves (credential j: leaves j, j+1 and j+3 mod 10).  At most 9
 * leaves of a group can be filled (9 credentials) and 9 can (j to j), so
 * progress is exactly 0.9.  Around them 1,820 credentials that match
 * but failed or expired, or match nothing. */
static void
test_stress_known(void **state)
{
	struct recs *r = calloc(1, sizeof *r);
	size_t cap = 64 * 1024, o = 0;
	char *pw = malloc(cap), id[32], t1[32], t2[32], t3[32];
	cJSON *res;

	(void)state;
	assert_non_null(r);
	assert_non_null(pw);
	o += (size_t)snprintf(pw + o, cap - o, "{\"id\":\"stress\",\"title\":\"Stress\",\"requirement\":{\"allOf\":[");
	for (int g = 0; g < 20; g++) {
		o += (size_t)snprintf(pw + o, cap - o, "%s{\"id\":\"g%d\",\"allOf\":[", g ? "," : "", g);
		for (int l = 0; l < 10; l++)
			o += (size_t)snprintf(pw + o, cap - o, "%s{\"id\":\"g%d-l%d\",\"match\":{\"tag\":\"g%d-l%d\"}}",
			                      l ? "," : "", g, l, g, l);
		o += (size_t)snprintf(pw + o, cap - o, "]}");
	}
	snprintf(pw + o, cap - o, "]}}");
	/* decoys first, so that collection order helps nothing */
	for (int i = 0; i < 1820; i++) {
		cJSON *rec;
		snprintf(id, sizeof id, "d%d", i);
		rec = rec_add(r, id, id);
		snprintf(t1, sizeof t1, "g%d-l%d", i % 20, i % 10);
		if (i % 2 == 0) {
			rec_tags(rec, t1, NULL);
			if (i % 4 == 0)
				rec_status(rec, "failed");
			else
				cJSON_AddStringToObject(rec, "validUntil", "2020-01-01");
		} else {
			rec_tags(rec, "unrelated", NULL);
		}
	}
	for (int g = 0; g < 20; g++)
		for (int j = 0; j < 9; j++) {
			cJSON *rec;
			snprintf(id, sizeof id, "c%d-%d", g, j);
			rec = rec_add(r, id, id);
			snprintf(t1, sizeof t1, "g%d-l%d", g, j);
			snprintf(t2, sizeof t2, "g%d-l%d", g, (j + 1) % 10);
			snprintf(t3, sizeof t3, "g%d-l%d", g, (j + 3) % 10);
			rec_tags(rec, t3, t2, t1, NULL);
		}
	assert_int_equal(r->n, 2000);
	res = evaluate(pw, r);
	assert_true(is_true(res, "exact"));
	assert_near(num(res, "progress"), 0.9);
	for (int g = 0; g < 20; g++) {
		snprintf(id, sizeof id, "g%d", g);
		assert_near(num(node(res, id), "done"), 9);
	}
	assert_int_equal(cJSON_GetArraySize(json_arr(res, "excluded")), 910);
	assert_int_equal(nsteps(res), 20);
	cJSON_Delete(res);
	recs_clear(r);
	free(r);
	free(pw);
}

/* Two credits nodes that every credential could serve, and credits that
 * cannot quite complete both: proving the best split is a subset-sum
 * search the budget cuts short. */
static void
test_budget(void **state)
{
	struct recs r = {0};
	cJSON *res;
	char id[16];

	(void)state;
	for (int i = 0; i < 40; i++) {
		cJSON *rec;
		snprintf(id, sizeof id, "c%d", i);
		rec = rec_add(&r, id, id);
		rec_tags(rec, "x", "y", NULL);
		rec_credits(rec, 10 + 2 * i, "ECTS", "creditsEarned");
	}
	/* 1,960 credits in all: two nodes of 1,000.5 cannot both be met,
	 * and the best is any split leaving both short (1960 / 2001) */
	res = evaluate("{\"id\":\"b\",\"title\":\"B\",\"requirement\":{\"allOf\":["
	               "{\"id\":\"x\",\"credits\":1000.5,\"from\":{\"match\":{\"tag\":\"x\"}}},"
	               "{\"id\":\"y\",\"credits\":1000.5,\"from\":{\"match\":{\"tag\":\"y\"}}}]}}",
	               &r);
	assert_false(is_true(res, "exact"));
	assert_false(is_true(res, "complete"));
	assert_true(num(res, "progress") > 0.97);
	assert_true(num(res, "progress") <= 1960.0 / 2001 + 1e-12);
	cJSON_Delete(res);
	recs_clear(&r);
}

/* 33 copies of the six-leaf puzzle of test_greedy_deep (198 leaves) and
 * two leaves nothing matches, in one allOf: 198 of 200 is the answer,
 * and every copy needs the search to come back. */
static void
test_stress_backtracking(void **state)
{
	static const int adj[6][3] = {{0, 4, -1}, {0, 3, -1}, {1, 2, 5},
	                              {0, 1, -1}, {3, 4, -1}, {2, 4, 5}};
	struct recs *r = calloc(1, sizeof *r);
	size_t cap = 64 * 1024, o = 0;
	char *pw = malloc(cap), id[32], t[3][32];
	cJSON *res;

	(void)state;
	assert_non_null(r);
	assert_non_null(pw);
	o += (size_t)snprintf(pw + o, cap - o, "{\"id\":\"stress\",\"title\":\"Stress\",\"requirement\":{\"allOf\":[");
	for (int l = 0; l < 200; l++)
		o += (size_t)snprintf(pw + o, cap - o, "%s{\"id\":\"l%d\",\"match\":{\"tag\":\"p%d-%d\"}}",
		                      l ? "," : "", l, l / 6, l % 6);
	snprintf(pw + o, cap - o, "]}}");
	for (int i = 0; i < 2000 - 198; i++) {
		snprintf(id, sizeof id, "d%d", i);
		rec_tags(rec_add(r, id, id), "unrelated", NULL);
	}
	for (int g = 0; g < 33; g++)
		for (int c = 0; c < 6; c++) {
			cJSON *rec;
			snprintf(id, sizeof id, "c%d-%d", g, c);
			rec = rec_add(r, id, id);
			for (int k = 0; k < 3; k++)
				snprintf(t[k], sizeof t[k], "p%d-%d", g, adj[c][k]);
			rec_tags(rec, t[0], t[1], adj[c][2] >= 0 ? t[2] : NULL, NULL);
		}
	assert_int_equal(r->n, 2000);
	res = evaluate(pw, r);
	assert_true(is_true(res, "exact"));
	assert_near(num(res, "progress"), 198.0 / 200);
	assert_string_equal(filled(res, "l1"), "c0-3");
	assert_string_equal(filled(res, "l199"), "");
	cJSON_Delete(res);
	recs_clear(r);
	free(r);
	free(pw);
}

/* A credits list of 1,999 leaves of 1 credit each, 1,000 missing: the
 * next steps are the 1,000 that take least time, found without trying
 * every subset. */
static void
test_next_steps_large(void **state)
{
	struct recs r = {0};
	size_t cap = 128 * 1024, o = 0;
	char *pw = malloc(cap);
	cJSON *res;

	(void)state;
	assert_non_null(pw);
	o += (size_t)snprintf(pw + o, cap - o,
	                      "{\"id\":\"big\",\"title\":\"Big\",\"requirement\":{\"credits\":1000,\"from\":[");
	for (int l = 0; l < 1999; l++)
		o += (size_t)snprintf(pw + o, cap - o, "%s{\"match\":{\"tag\":\"t%d\"},\"credits\":1,\"hours\":%d}",
		                      l ? "," : "", l, l % 7);
	snprintf(pw + o, cap - o, "]}}");
	res = evaluate(pw, &r);
	assert_int_equal(nsteps(res), 1000);
	assert_near(num(json_obj(res, "next"), "credits"), 1000);
	/* the fewest hours: 286 leaves each of 0, 1 and 2 hours, 142 of 3 */
	assert_near(num(json_obj(res, "next"), "hours"), 1284);
	cJSON_Delete(res);
	free(pw);
}

/* ---- exactness against brute force ------------------------------------ */

enum { T_ALL, T_ANY, T_ATLEAST, T_LIST, T_SEL, T_LEAF };

struct tnode {
	int kind, nk, kid[5], tag, credits, has_credits, atleast;
};

struct tree {
	struct tnode n[64];
	int nn;
	int slot[64], nslots;   /* leaves and selectors */
};

static unsigned
rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static int
tree_gen(struct tree *t, unsigned *seed, int depth, int in_list, char *buf,
         size_t cap, size_t *o)
{
	int i = t->nn++, kind;
	struct tnode *n = &t->n[i];

	memset(n, 0, sizeof *n);
	if (in_list || depth >= 3 || t->nn > 12)
		kind = T_LEAF;
	else if (depth == 0)
		kind = (int)(rnd(seed) % 5);
	else
		kind = (int)(rnd(seed) % 8);
	if (kind > T_LEAF)
		kind = T_LEAF;
	n->kind = kind;
	if (kind == T_LEAF || kind == T_SEL) {
		n->tag = (int)(rnd(seed) % 5);
		t->slot[t->nslots++] = i;
	}
	if (kind == T_LEAF) {
		n->has_credits = (int)(rnd(seed) % 2);
		n->credits = (int)(rnd(seed) % 5);
		*o += (size_t)snprintf(buf + *o, cap - *o, "{\"match\":{\"tag\":\"t%d\"}", n->tag);
		if (n->has_credits)
			*o += (size_t)snprintf(buf + *o, cap - *o, ",\"credits\":%d", n->credits);
		*o += (size_t)snprintf(buf + *o, cap - *o, "}");
		return i;
	}
	if (kind == T_SEL || kind == T_LIST)
		n->credits = 1 + (int)(rnd(seed) % 8);
	if (kind == T_SEL) {
		*o += (size_t)snprintf(buf + *o, cap - *o,
		                       "{\"credits\":%d,\"from\":{\"match\":{\"tag\":\"t%d\"}}}",
		                       n->credits, n->tag);
		return i;
	}
	n->nk = 1 + (int)(rnd(seed) % 4);
	if (kind == T_ATLEAST)
		n->atleast = 1 + (int)(rnd(seed) % (unsigned)n->nk);
	if (kind == T_ALL)
		*o += (size_t)snprintf(buf + *o, cap - *o, "{\"allOf\":[");
	else if (kind == T_ANY)
		*o += (size_t)snprintf(buf + *o, cap - *o, "{\"anyOf\":[");
	else if (kind == T_ATLEAST)
		*o += (size_t)snprintf(buf + *o, cap - *o, "{\"atLeast\":%d,\"of\":[", n->atleast);
	else
		*o += (size_t)snprintf(buf + *o, cap - *o, "{\"credits\":%d,\"from\":[", n->credits);
	for (int k = 0; k < n->nk; k++) {
		int kid;
		if (k > 0)
			*o += (size_t)snprintf(buf + *o, cap - *o, ",");
		kid = tree_gen(t, seed, depth + 1, kind == T_LIST, buf, cap, o);
		t->n[i].kid[k] = kid;
	}
	*o += (size_t)snprintf(buf + *o, cap - *o, "]}");
	return i;
}

struct creds {
	int n, tags[8], credits[8], has_credits[8];
};

static int
cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/* Progress by the definitions in cairn-pathway(5); at[c] is the node
 * credential c counts for, or -1. */
static double
tree_value(const struct tree *t, const struct creds *cr, const int *at, int i,
           double *credit)
{
	const struct tnode *n = &t->n[i];
	double v[5], sum = 0, cs = 0;

	*credit = 0;
	if (n->kind == T_LEAF) {
		for (int c = 0; c < cr->n; c++)
			if (at[c] == i) {
				*credit = cr->has_credits[c] ? cr->credits[c]
				          : n->has_credits ? n->credits : 0;
				return 1;
			}
		return 0;
	}
	if (n->kind == T_SEL) {
		for (int c = 0; c < cr->n; c++)
			if (at[c] == i)
				cs += cr->credits[c];
		return cs >= n->credits ? 1 : cs / n->credits;
	}
	for (int k = 0; k < n->nk; k++) {
		double kc;
		v[k] = tree_value(t, cr, at, n->kid[k], &kc);
		cs += kc;
		sum += v[k];
	}
	switch (n->kind) {
	case T_ALL:
		return sum / n->nk;
	case T_ANY:
		qsort(v, (size_t)n->nk, sizeof *v, cmp_desc);
		return v[0];
	case T_ATLEAST:
		qsort(v, (size_t)n->nk, sizeof *v, cmp_desc);
		sum = 0;
		for (int k = 0; k < n->atleast; k++)
			sum += v[k];
		return sum / n->atleast;
	default:
		return cs >= n->credits ? 1 : cs / n->credits;
	}
}

static double
brute(const struct tree *t, const struct creds *cr, int *at, int c)
{
	double best, credit;

	if (c == cr->n)
		return tree_value(t, cr, at, 0, &credit);
	at[c] = -1;
	best = brute(t, cr, at, c + 1);
	for (int s = 0; s < t->nslots; s++) {
		int node = t->slot[s], taken = 0;
		const struct tnode *n = &t->n[node];
		if (!(cr->tags[c] & (1 << n->tag)))
			continue;
		if (n->kind == T_SEL && (!cr->has_credits[c] || cr->credits[c] == 0))
			continue;
		for (int d = 0; d < c; d++)
			taken |= n->kind == T_LEAF && at[d] == node;
		if (taken)
			continue;
		at[c] = node;
		credit = brute(t, cr, at, c + 1);
		if (credit > best)
			best = credit;
	}
	at[c] = -1;
	return best;
}

static void
test_random_exact(void **state)
{
	unsigned seed = getenv("SEED") ? (unsigned)atoi(getenv("SEED")) : 20261129;

	(void)state;
	for (int round = 0; round < (getenv("ROUNDS") ? atoi(getenv("ROUNDS")) : 400); round++) {
		struct tree t;
		struct creds cr;
		struct recs r = {0};
		char buf[4096], id[16];
		size_t o = 0;
		int at[8];
		double want;
		cJSON *res;
		char *j2;

		t.nn = 0;
		t.nslots = 0;
		o += (size_t)snprintf(buf, sizeof buf,
		                      "{\"id\":\"r\",\"title\":\"R\",\"target\":{\"unit\":\"ECTS\"},\"requirement\":");
		tree_gen(&t, &seed, 0, 0, buf, sizeof buf, &o);
		snprintf(buf + o, sizeof buf - o, "}");
		cr.n = 3 + (int)(rnd(&seed) % 4);
		for (int c = 0; c < cr.n; c++) {
			cJSON *rec, *tags;
			snprintf(id, sizeof id, "c%d", c);
			rec = rec_add(&r, id, id);
			tags = cJSON_AddArrayToObject(rec, "tags");
			cr.tags[c] = 0;
			for (int k = 0; k < 5; k++)
				if (rnd(&seed) % 5 < 2) {
					char tag[16];
					snprintf(tag, sizeof tag, "t%d", k);
					cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
					cr.tags[c] |= 1 << k;
				}
			cr.has_credits[c] = rnd(&seed) % 3 != 0;
			cr.credits[c] = (int)(rnd(&seed) % 6);
			if (cr.has_credits[c])
				rec_credits(rec, cr.credits[c], "ECTS", "creditsEarned");
			else
				cr.credits[c] = 0;
		}
		want = brute(&t, &cr, at, 0);
		res = evaluate(buf, &r);
		if (num(res, "progress") < want - 1e-9 || num(res, "progress") > want + 1e-9) {
			for (size_t i = 0; i < r.n; i++) { char *j = cJSON_PrintUnformatted(r.v[i]); fprintf(stderr, "%s\n", j); free(j); }
			j2 = cJSON_Print(res); fprintf(stderr, "%s\n", j2);
		}
		if (num(res, "progress") < want - 1e-9 || num(res, "progress") > want + 1e-9)
			fail_msg("round %d: %s: got %.9f, best is %.9f", round, buf,
			         num(res, "progress"), want);
		assert_true(is_true(res, "exact"));
		cJSON_Delete(res);
		recs_clear(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_greedy_all_of),
		cmocka_unit_test(test_greedy_at_least),
		cmocka_unit_test(test_greedy_credits),
		cmocka_unit_test(test_greedy_deep),
		cmocka_unit_test(test_credit_sources),
		cmocka_unit_test(test_status_and_verified),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_match_kinds),
		cmocka_unit_test(test_next_steps),
		cmocka_unit_test(test_next_steps_large),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_format_limits),
		cmocka_unit_test(test_deepest_accepted),
		cmocka_unit_test(test_stress_known),
		cmocka_unit_test(test_stress_backtracking),
		cmocka_unit_test(test_random_exact),
		cmocka_unit_test(test_budget),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

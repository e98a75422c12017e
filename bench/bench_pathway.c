/* bench_pathway — pathway progress over a large collection, never
 * pass/fail.
 *
 * Builds 10,000 credential records the way import does (credential_record
 * on Open Badges 3.0 credentials; verdicts 70% verified, 24% unknown, 3%
 * failed, 3% expired; credits earned, available or absent, a few in
 * another unit) from a catalogue of 40 issuers x 50 achievements in ten
 * fields, and 50 pathways of five shapes:
 *   ects      30 ECTS from twelve micro-credentials, or 20 from a list and
 *             10 from any elective of the issuer
 *   vendor    four core courses, two of four options, a capstone or an
 *             internship
 *   esco      eight ESCO skills, some by alignment code, EQF level 4+
 *   electives one core course and 3 of 5 electives (alike leaves in half)
 *   diploma   certificates nested in a diploma, four levels deep
 * Then evaluates all 50 against the 10,000 records, five times each way:
 * through an index of the records built once (pathway_records_new, the
 * build counted in every run), and one pathway at a time reading every
 * record (pathway_evaluate).  Prints the totals (median and best run),
 * the slowest pathway and peak memory.
 *
 * Usage: bench_pathway [--quick]   (--quick: 1,000 records) */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "credential.h"
#include "json.h"
#include "pathway.h"
#include "pathway_records.h"

#define ISSUERS 40
#define PER_ISSUER 50
#define NPATHWAYS 50
#define RUNS 5

static const char *const fields[] = {"data", "cloud", "security", "nursing",
                                     "welding", "languages", "business",
                                     "design", "teaching", "networking"};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned
rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

static const char *
field_of(unsigned issuer)
{
	return fields[issuer % 10];
}

/* Skills: 100 per field; achievement k of an issuer teaches two. */
static unsigned
skill_of(unsigned issuer, unsigned k, int second)
{
	return (issuer * 7 + k * 3 + (second ? 41 : 0)) % 100;
}

static cJSON *
credential(unsigned i, unsigned *seed)
{
	unsigned issuer = rnd(seed) % ISSUERS, k = rnd(seed) % PER_ISSUER;
	unsigned roll = rnd(seed) % 100, credits = 1 + k % 6;
	char buf[256];
	cJSON *c = cJSON_CreateObject(), *t, *s, *a, *al, *tags;

	t = cJSON_AddArrayToObject(c, "@context");
	cJSON_AddItemToArray(t, cJSON_CreateString("https://www.w3.org/ns/credentials/v2"));
	cJSON_AddItemToArray(t, cJSON_CreateString("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
	snprintf(buf, sizeof buf, "urn:uuid:bench-%u", i);
	cJSON_AddStringToObject(c, "id", buf);
	t = cJSON_AddArrayToObject(c, "type");
	cJSON_AddItemToArray(t, cJSON_CreateString("VerifiableCredential"));
	cJSON_AddItemToArray(t, cJSON_CreateString("OpenBadgeCredential"));
	s = cJSON_AddObjectToObject(c, "issuer");
	snprintf(buf, sizeof buf, "did:web:iss%u.example", issuer);
	cJSON_AddStringToObject(s, "id", buf);
	snprintf(buf, sizeof buf, "https://iss%u.example/", issuer);
	cJSON_AddStringToObject(s, "url", buf);
	snprintf(buf, sizeof buf, "Institute %u of %s", issuer, field_of(issuer));
	cJSON_AddStringToObject(s, "name", buf);
	cJSON_AddStringToObject(c, "validFrom", "2024-09-01T00:00:00Z");
	if (roll >= 97)
		cJSON_AddStringToObject(c, "validUntil", "2025-09-01T00:00:00Z");
	else if (roll % 4 == 0)
		cJSON_AddStringToObject(c, "validUntil", "2030-09-01T00:00:00Z");
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "id", "did:example:learner");
	if (roll % 10 < 3)
		cJSON_AddNumberToObject(s, "creditsEarned", credits - (roll % 2));
	a = cJSON_AddObjectToObject(s, "achievement");
	snprintf(buf, sizeof buf, "https://iss%u.example/achievements/%u", issuer, k);
	cJSON_AddStringToObject(a, "id", buf);
	snprintf(buf, sizeof buf, "%s module %u", field_of(issuer), k);
	cJSON_AddStringToObject(a, "name", buf);
	cJSON_AddStringToObject(a, "description",
	                        "A module assessed by a supervised exam, with a description as long as real badges carry.");
	if (roll % 10 >= 3 && roll % 10 < 7) {
		cJSON_AddNumberToObject(a, "creditsAvailable", credits);
		cJSON_AddStringToObject(a, "creditsUnit", roll % 20 == 5 ? "US credit hours" : "ECTS");
	}
	tags = cJSON_AddArrayToObject(a, "tag");
	cJSON_AddItemToArray(tags, cJSON_CreateString(field_of(issuer)));
	if (k % 5 == 0) {
		snprintf(buf, sizeof buf, "iss%u-elective", issuer);
		cJSON_AddItemToArray(tags, cJSON_CreateString(buf));
	}
	if (k >= 45) {
		snprintf(buf, sizeof buf, "iss%u-internship", issuer);
		cJSON_AddItemToArray(tags, cJSON_CreateString(buf));
	}
	al = cJSON_AddArrayToObject(a, "alignment");
	for (int second = 0; second < 2; second++) {
		cJSON *o = cJSON_CreateObject();
		unsigned sk = skill_of(issuer, k, second);
		cJSON_AddStringToObject(o, "type", "Alignment");
		snprintf(buf, sizeof buf, "%s skill %u", field_of(issuer), sk);
		cJSON_AddStringToObject(o, "targetName", buf);
		snprintf(buf, sizeof buf, "http://data.europa.eu/esco/skill/%s-%u", field_of(issuer), sk);
		cJSON_AddStringToObject(o, "targetUrl", buf);
		cJSON_AddStringToObject(o, "targetFramework", "ESCO");
		snprintf(buf, sizeof buf, "S-%s-%u", field_of(issuer), sk);
		cJSON_AddStringToObject(o, "targetCode", buf);
		cJSON_AddItemToArray(al, o);
	}
	cJSON_AddNumberToObject(a, "eqfLevel", 3 + k % 4);
	return c;
}

static cJSON *
record(unsigned i, unsigned *seed)
{
	cJSON *cred = credential(i, seed), *rec = NULL, *v;
	struct cairn_error err;
	unsigned roll = rnd(seed) % 100;
	char id[65];

	if (credential_record(cred, NULL, &rec, &err) != CAIRN_OK) {
		fprintf(stderr, "bench_pathway: %s\n", err.msg);
		exit(1);
	}
	cJSON_Delete(cred);
	snprintf(id, sizeof id, "%016x%016x%016x%016x", i, i * 2654435761u, ~i, i ^ 0x5bd1e995u);
	cJSON_AddStringToObject(rec, "id", id);
	v = cJSON_AddObjectToObject(rec, "verdict");
	cJSON_AddStringToObject(v, "status", roll < 70 ? "verified" : roll < 97 ? "unknown" : "failed");
	return rec;
}

/* ---- pathways -------------------------------------------------------- */

struct text {
	char *p;
	size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 64;
		t->p = realloc(t->p, t->cap);
		if (t->p == NULL)
			exit(1);
	}
	t->len += (size_t)n;
}

static void
ach_leaf(struct text *t, unsigned issuer, unsigned k, unsigned credits)
{
	put(t, "{\"match\":{\"achievement\":\"https://iss%u.example/achievements/%u\"},"
	       "\"credits\":%u,\"hours\":%u}", issuer, k, credits, credits * 25);
}

static void
pathway_text(struct text *t, int n)
{
	unsigned issuer = (unsigned)(n * 7) % ISSUERS;
	const char *field = field_of(issuer);

	put(t, "{\"id\":\"bench-%d\",\"title\":\"Bench pathway %d\",", n, n);
	switch (n % 5) {
	case 0: /* ECTS certificate from micro-credentials */
		put(t, "\"target\":{\"credits\":30,\"unit\":\"ECTS\",\"eqfLevel\":5},\"requirement\":");
		if (n % 2 == 0) {
			put(t, "{\"credits\":30,\"unit\":\"ECTS\",\"from\":[");
			for (unsigned k = 0; k < 12; k++) {
				put(t, k ? "," : "");
				ach_leaf(t, issuer, k * 4 % PER_ISSUER, 3 + k % 3);
			}
			put(t, "]}}");
		} else {
			put(t, "{\"allOf\":[{\"credits\":20,\"from\":[");
			for (unsigned k = 0; k < 6; k++) {
				put(t, k ? "," : "");
				ach_leaf(t, issuer, k * 7 % PER_ISSUER, 4);
			}
			put(t, "]},{\"credits\":10,\"from\":{\"match\":{\"tag\":\"iss%u-elective\"}}}]}}", issuer);
		}
		break;
	case 1: /* vendor track with a capstone */
		put(t, "\"requirement\":{\"allOf\":[{\"title\":\"Core\",\"allOf\":[");
		for (unsigned k = 0; k < 4; k++) {
			put(t, k ? "," : "");
			ach_leaf(t, issuer, k, 2);
		}
		put(t, "]},{\"title\":\"Options\",\"atLeast\":2,\"of\":[");
		for (unsigned k = 0; k < 4; k++) {
			put(t, k ? "," : "");
			ach_leaf(t, issuer, 10 + k, 2);
		}
		put(t, "]},{\"anyOf\":[{\"title\":\"Capstone\",\"match\":{\"achievement\":"
		       "\"https://iss%u.example/achievements/49\"},\"credits\":6,\"hours\":150},"
		       "{\"title\":\"Internship\",\"match\":{\"tag\":\"iss%u-internship\",\"issuer\":"
		       "\"https://iss%u.example\"},\"credits\":6,\"hours\":300}]}]}}",
		    issuer, issuer, issuer);
		break;
	case 2: /* ESCO skills */
		put(t, "\"target\":{\"eqfLevel\":4},\"requirement\":{\"allOf\":[");
		for (unsigned k = 0; k < 8; k++) {
			unsigned sk = skill_of(issuer, k * 5, 0);
			put(t, k ? "," : "");
			if (k % 3 == 2)
				put(t, "{\"match\":{\"alignment\":{\"framework\":\"ESCO\",\"code\":\"S-%s-%u\"},"
				       "\"eqfLevel\":4}}", field, sk);
			else
				put(t, "{\"match\":{\"skill\":\"http://data.europa.eu/esco/skill/%s-%u\","
				       "\"eqfLevel\":4}}", field, sk);
		}
		put(t, "]}}");
		break;
	case 3: /* one core course and 3 of 5 electives */
		put(t, "\"requirement\":{\"allOf\":[");
		ach_leaf(t, issuer, 1, 5);
		put(t, ",{\"atLeast\":3,\"of\":[");
		for (unsigned k = 0; k < 5; k++) {
			put(t, k ? "," : "");
			if (n % 2 == 0)
				put(t, "{\"match\":{\"tag\":\"iss%u-elective\"},\"credits\":3}", issuer);
			else
				ach_leaf(t, issuer, 5 * k, 3);
		}
		put(t, "]}]}}");
		break;
	default: /* certificates in a diploma */
		put(t, "\"target\":{\"credits\":60,\"unit\":\"ECTS\"},\"requirement\":{\"allOf\":["
		       "{\"title\":\"Certificate A\",\"allOf\":[");
		for (unsigned k = 0; k < 3; k++) {
			put(t, k ? "," : "");
			ach_leaf(t, issuer, 20 + k, 5);
		}
		put(t, "]},{\"title\":\"Certificate B\",\"credits\":15,\"from\":[");
		for (unsigned k = 0; k < 5; k++) {
			put(t, k ? "," : "");
			ach_leaf(t, (issuer + 1) % ISSUERS, 25 + k, 5);
		}
		put(t, "]},{\"atLeast\":2,\"of\":[{\"anyOf\":[");
		ach_leaf(t, issuer, 30, 5);
		put(t, ",{\"allOf\":[");
		ach_leaf(t, issuer, 31, 3);
		put(t, ",");
		ach_leaf(t, issuer, 32, 3);
		put(t, "]}]},{\"match\":{\"skill\":\"S-%s-%u\"}},", field, skill_of(issuer, 33, 1));
		ach_leaf(t, issuer, 34, 5);
		put(t, "]},{\"credits\":10,\"unit\":\"ECTS\",\"from\":{\"match\":{\"tag\":\"iss%u-elective\"}}}]}}",
		    issuer);
		break;
	}
}

static const char *const shapes[] = {"ects", "vendor", "esco", "electives", "diploma"};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static size_t
counted(const cJSON *node)
{
	const cJSON *k;
	size_t n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(node, "filledBy"));

	cJSON_ArrayForEach(k, cJSON_GetObjectItem(node, "children"))
		n += counted(k);
	return n;
}

int
main(int argc, char **argv)
{
	size_t nrec = argc > 1 && strcmp(argv[1], "--quick") == 0 ? 1000 : 10000;
	cJSON **recs = calloc(nrec, sizeof *recs);
	struct pathway *p[NPATHWAYS];
	double total[RUNS], each[RUNS][NPATHWAYS], t0, parse = 0;
	time_t when = 1780272000; /* 2026-06-01 */
	unsigned seed = 42;
	struct cairn_error err;
	struct rusage ru;
	size_t worst = 0, sumcounted = 0;
	int exact[NPATHWAYS];

	if (recs == NULL || cairn_init(&err) != CAIRN_OK)
		return 1;
	for (size_t i = 0; i < nrec; i++)
		recs[i] = record((unsigned)i, &seed);
	for (int n = 0; n < NPATHWAYS; n++) {
		struct text t = {NULL, 0, 0};
		put(&t, "%s", "");
		pathway_text(&t, n);
		t0 = now();
		if (pathway_parse((const unsigned char *)t.p, t.len, "bench", &p[n], &err) != CAIRN_OK) {
			fprintf(stderr, "bench_pathway: %s\n", err.msg);
			return 1;
		}
		parse += now() - t0;
		free(t.p);
	}

	printf("pathway progress: %d pathways against %zu credential records, %d runs\n\n",
	       NPATHWAYS, nrec, RUNS);
	printf("  parse all %d pathways             %8.2f ms\n", NPATHWAYS, parse * 1e3);
	for (int indexed = 1; indexed >= 0; indexed--) {
		double sorted[RUNS], build[RUNS];
		int med = 0;
		for (int run = 0; run < RUNS; run++) {
			struct pathway_records *x = NULL;
			double start = now();
			if (indexed && pathway_records_new((const cJSON *const *)recs, nrec, &x, &err) != CAIRN_OK) {
				fprintf(stderr, "bench_pathway: %s\n", err.msg);
				return 1;
			}
			build[run] = now() - start;
			for (int n = 0; n < NPATHWAYS; n++) {
				cJSON *res;
				enum cairn_err rc;
				t0 = now();
				rc = indexed ? pathway_evaluate_records(p[n], x, when, &res, &err)
				             : pathway_evaluate(p[n], (const cJSON *const *)recs, nrec, when, &res, &err);
				if (rc != CAIRN_OK) {
					fprintf(stderr, "bench_pathway: %s\n", err.msg);
					return 1;
				}
				each[run][n] = now() - t0;
				if (run == 0 && indexed) {
					sumcounted += counted(cJSON_GetObjectItem(res, "nodes"));
					exact[n] = cJSON_IsTrue(cJSON_GetObjectItem(res, "exact"));
				}
				cJSON_Delete(res);
			}
			total[run] = now() - start;
			pathway_records_free(x);
		}
		memcpy(sorted, total, sizeof sorted);
		qsort(sorted, RUNS, sizeof *sorted, cmp_double);
		for (int r = 0; r < RUNS; r++)
			if (total[r] == sorted[RUNS / 2])
				med = r;
		worst = 0;
		for (int n = 1; n < NPATHWAYS; n++)
			if (each[med][n] > each[med][worst])
				worst = (size_t)n;
		printf("\n  %s\n", indexed ? "through an index of the records (built in each run)"
		                            : "one pathway at a time, reading every record");
		if (indexed)
			printf("    build the index                %8.2f ms\n", build[med] * 1e3);
		printf(indexed ? "    all %d, index build included   %8.2f ms   (best run %.2f ms)\n"
		               : "    evaluate all %d (median run)   %8.2f ms   (best run %.2f ms)\n", NPATHWAYS,
		       sorted[RUNS / 2] * 1e3, sorted[0] * 1e3);
		printf("    slowest pathway                %8.2f ms   bench-%zu (%s)\n",
		       each[med][worst] * 1e3, worst, shapes[worst % 5]);
		printf("    by shape: ");
		for (int sh = 0; sh < 5; sh++) {
			double sum = 0;
			for (int n = sh; n < NPATHWAYS; n += 5)
				sum += each[med][n];
			printf("%s %.2f ms%s", shapes[sh], sum * 1e3, sh < 4 ? ", " : "\n");
		}
	}
	{
		int nexact = 0;
		for (int n = 0; n < NPATHWAYS; n++)
			nexact += exact[n];
		getrusage(RUSAGE_SELF, &ru);
		printf("\n  credentials counted, all 50      %8zu      (%.1f a pathway)\n", sumcounted,
		       (double)sumcounted / NPATHWAYS);
		printf("  exact results                    %8d of %d\n", nexact, NPATHWAYS);
		printf("  peak memory                      %8.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	}
	for (int n = 0; n < NPATHWAYS; n++)
		pathway_free(p[n]);
	for (size_t i = 0; i < nrec; i++)
		cJSON_Delete(recs[i]);
	free(recs);
	return 0;
}

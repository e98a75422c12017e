/* bench_jsonld — JSON-LD toRdf rate, never pass/fail.
 *
 * Three credentials without their proofs: the 1EdTech Open Badges 3.0
 * sample (ob3-eddsa-rdfc/ob-unsigned.json, 1 KB), a Digital Credentials
 * Consortium OB 3.0 credential with a status entry (2.7 KB) and 1EdTech's
 * complete.json (26 KB, endorsements, many contexts), all from
 * ../shared/vectors, with every context of ../shared/vectors/contexts in
 * one loader, on one core:
 *   - the first toRdf, which processes the contexts into the cache;
 *   - toRdf per second once the contexts are cached (parse excluded),
 *     in safe mode as Data Integrity asks;
 *   - toRdf and RDFC-1.0 canonical N-Quads per second;
 *   - the peak resident memory of the whole run.
 * Times are CPU time of this process (the machine may be shared).
 * Target: toRdf well under 150 us (the eddsa-rdfc-2022 budget is 3,000
 * verifications a second including it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "json.h"
#include "verify/jsonld.h"
#include "verify/rdfc.h"

#define VECTORS SHARED_VECTORS

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* A loader with every context that contexts/SOURCES.md lists. */
static struct jsonld_loader *
contexts_loader(void)
{
	size_t len;
	char *table = slurp(VECTORS "/contexts/SOURCES.md", &len);
	struct jsonld_loader *l = jsonld_loader_new();

	if (table == NULL || l == NULL) {
		free(table);
		jsonld_loader_free(l);
		return NULL;
	}
	for (char *line = strtok(table, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char file[256], url[512], path[1024];
		struct cairn_error err;
		char *text;

		if (sscanf(line, "| %255[^ |] | %511[^ |] |", file, url) != 2 ||
		    strncmp(url, "http", 4) != 0 ||
		    strstr(line, "(alternate)") != NULL)
			continue;
		snprintf(path, sizeof(path), "%s/contexts/%s", VECTORS, file);
		text = slurp(path, &len);
		if (text != NULL)
			(void)jsonld_loader_add(l, url, text, len, &err);
		free(text);
	}
	free(table);
	return l;
}

static void
bench_one(const char *label, const char *file)
{
	struct jsonld_options opts = {0};
	struct cairn_error err;
	struct jsonld_loader *l = contexts_loader();
	struct rdf_dataset *ds = NULL;
	char path[1024];
	size_t len, n = 0, m = 0, quads;
	cJSON *doc = NULL;
	double t0, t1, cold;

	snprintf(path, sizeof(path), "%s/%s", VECTORS, file);
	char *text = slurp(path, &len);
	if (text == NULL || l == NULL ||
	    json_parse((const unsigned char *)text, len, 1 << 20, file, &doc,
	               &err) != CAIRN_OK) {
		printf("%s: skipped, %s is absent\n", label, path);
		free(text);
		jsonld_loader_free(l);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "proof");
	opts.safe = 1;
	t0 = now();
	if (jsonld_to_rdf(doc, l, &opts, &ds, &err) != CAIRN_OK) {
		printf("%s: refused: %s\n", label, err.msg);
		goto done;
	}
	cold = now() - t0;
	quads = rdf_dataset_count(ds);
	rdf_dataset_free(ds);
	t0 = now();
	do {
		for (int i = 0; i < 50; i++, n++) {
			jsonld_to_rdf(doc, l, &opts, &ds, &err);
			rdf_dataset_free(ds);
		}
		t1 = now();
	} while (t1 - t0 < 1.0);
	double rate = (double)n / (t1 - t0);
	t0 = now();
	do {
		for (int i = 0; i < 20; i++, m++) {
			char *nq = NULL;

			jsonld_to_rdf(doc, l, &opts, &ds, &err);
			rdfc_canonicalise(ds, RDFC_SHA256, &nq, NULL, NULL,
			                  &err);
			free(nq);
			rdf_dataset_free(ds);
		}
		t1 = now();
	} while (t1 - t0 < 1.0);
	double rate2 = (double)m / (t1 - t0);
	printf("%s (%zu bytes, %zu quads, safe mode):\n", label, len, quads);
	printf("  first toRdf (processes its contexts): %8.1f us\n",
	       cold * 1e6);
	printf("  toRdf, contexts cached:               %8.0f /s  (%.1f us "
	       "each)\n",
	       rate, 1e6 / rate);
	printf("  toRdf + RDFC-1.0 N-Quads:             %8.0f /s  (%.1f us "
	       "each)\n",
	       rate2, 1e6 / rate2);
	printf("  processed contexts in the cache: %zu\n",
	       jsonld_loader_cached(l));
done:
	cJSON_Delete(doc);
	free(text);
	jsonld_loader_free(l);
}

int
main(void)
{
	struct rusage ru;

	bench_one("OB 3.0 sample (1EdTech)", "ob3-eddsa-rdfc/ob-unsigned.json");
	bench_one(
	    "OB 3.0 credential with status (DCC)",
	    "real-credentials/dcc-vc-test-fixtures/verifiableCredentials/v2/"
	    "bothSignatureTypes/didkey/"
	    "noRegistry-revokedStatus-notExpired.json");
	bench_one("OB 3.0 complete.json (1EdTech)",
	          "real-credentials/1edtech-validator/ob30/complete.json");
	getrusage(RUSAGE_SELF, &ru);
	printf("peak memory of the run: %ld KB\n", ru.ru_maxrss);
	return 0;
}

/* libFuzzer target: JSON-LD expansion and toRdf of arbitrary JSON, with a
 * loader of a few real contexts (the VC 1.1 and 2.0, Data Integrity and
 * Open Badges 3.0 contexts, read once from ../shared/vectors/contexts when
 * it is there) kept across inputs, so the context cache is exercised too.
 * A refusal must be one line saying what it is; toRdf never accepts
 * what expansion refused; any dataset must canonicalise (or reach the
 * canonicaliser's work limit).  The input's length picks safe mode. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "cairn_limits.h"
#include "verify/jsonld.h"
#include "verify/rdfc.h"

#define FUZZ_MAX_INPUT (64UL * 1024)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct jsonld_loader *loader;

static void
add_context(const char *file, const char *url)
{
	char path[1024];
	static char buf[1 << 20];
	struct cairn_error err;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FUZZ_CONTEXTS, file);
	f = fopen(path, "rb");
	if (f == NULL)
		return;
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (jsonld_loader_add(loader, url, buf, n, &err) != CAIRN_OK)
		abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	loader = jsonld_loader_new();
	if (loader == NULL)
		abort();
	add_context("credentials-v1.jsonld",
	            "https://www.w3.org/2018/credentials/v1");
	add_context("credentials-v2.jsonld",
	            "https://www.w3.org/ns/credentials/v2");
	add_context("data-integrity-v2.jsonld",
	            "https://w3id.org/security/data-integrity/v2");
	add_context(
	    "ob-v3p0-context-3.0.3.json",
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
	return 0;
}

static void
check_refusal(enum cairn_err rc, const struct cairn_error *err)
{
	if (rc != CAIRN_ERR_USAGE && rc != CAIRN_ERR_CHECK &&
	    rc != CAIRN_ERR_UNDECIDED && rc != CAIRN_ERR_IO)
		abort();
	if (err->msg[0] == '\0' || strchr(err->msg, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonld_options opts = {0};
	struct cairn_error err, err2;
	struct rdf_dataset *ds = NULL;
	cJSON *doc = NULL, *expanded = NULL;
	enum cairn_err rc, rc2;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (json_parse(data, size, FUZZ_MAX_INPUT, "fuzz", &doc, &err) !=
	    CAIRN_OK)
		return 0;
	opts.safe = (int)(size & 1);
	opts.base = (size & 2) ? "https://example.org/base/doc" : NULL;
	rc = jsonld_expand(doc, loader, &opts, &expanded, &err);
	if (rc != CAIRN_OK) {
		if (expanded != NULL)
			abort();
		check_refusal(rc, &err);
	} else if (!cJSON_IsArray(expanded)) {
		abort();
	}
	rc2 = jsonld_to_rdf(doc, loader, &opts, &ds, &err2);
	if (rc2 != CAIRN_OK) {
		if (ds != NULL)
			abort();
		check_refusal(rc2, &err2);
		/* beyond expansion, only limits (work, quads, JCS) and node
		 * map conflicts can refuse a document */
		if (rc == CAIRN_OK && rc2 == CAIRN_ERR_UNDECIDED)
			abort();
	} else {
		char *nq = NULL;

		if (rc != CAIRN_OK)
			abort(); /* toRdf accepted what expansion refused */
		rc = rdfc_canonicalise(ds, RDFC_SHA256, &nq, NULL, NULL, &err);
		if (rc != CAIRN_OK && rc != CAIRN_ERR_USAGE)
			abort();
		free(nq);
	}
	rdf_dataset_free(ds);
	cJSON_Delete(expanded);
	cJSON_Delete(doc);
	return 0;
}

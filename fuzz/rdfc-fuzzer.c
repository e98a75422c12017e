/* libFuzzer target: the N-Quads parser and RDFC-1.0 over whatever it
 * accepts.  Canonical output must parse again and canonicalise to itself
 * byte for byte; the first byte picks SHA-256 or SHA-384. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verify/rdfc.h"

#define FUZZ_MAX_INPUT (64UL * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cairn_error err;
	struct rdf_dataset *first = NULL, *second = NULL;
	char *out1 = NULL, *out2 = NULL;
	size_t len1, len2;
	enum rdfc_hash hash =
	    size > 0 && (data[0] & 1) ? RDFC_SHA384 : RDFC_SHA256;
	enum cairn_err rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (nquads_parse((const char *)data, size, &first, &err) != CAIRN_OK) {
		if (first != NULL || err.msg[0] == '\0')
			abort();
		return 0;
	}
	rc = rdfc_canonicalise(first, hash, &out1, &len1, NULL, &err);
	if (rc != CAIRN_OK) {
		/* only the work limit may refuse a parsed dataset */
		if (out1 != NULL || rc != CAIRN_ERR_USAGE ||
		    strstr(err.msg, "work limit") == NULL)
			abort();
		rdf_dataset_free(first);
		return 0;
	}
	if (strlen(out1) != len1)
		abort();
	if (nquads_parse(out1, len1, &second, &err) != CAIRN_OK)
		abort();
	if (rdf_dataset_count(second) > rdf_dataset_count(first))
		abort();
	if (rdfc_canonicalise(second, hash, &out2, &len2, NULL, &err) !=
	    CAIRN_OK)
		abort();
	if (len1 != len2 || memcmp(out1, out2, len1) != 0)
		abort();
	free(out1);
	free(out2);
	rdf_dataset_free(first);
	rdf_dataset_free(second);
	return 0;
}

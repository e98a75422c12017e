/* libFuzzer target: the JSON canonicaliser over whatever cJSON parses.
 * Canonical output must parse again, mean the same (cJSON_Compare), and
 * canonicalise to itself byte for byte.  The first eight bytes, read as a
 * double, must also read back from jcs_number's text as the same double. */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "verify/jcs.h"

#define FUZZ_MAX_INPUT (1UL << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_number(const uint8_t *data, size_t size)
{
	char text[JCS_NUMBER_MAX];
	double d;

	if (size < sizeof d)
		return;
	memcpy(&d, data, sizeof d);
	if (jcs_number(d, text) < 0) {
		if (!isnan(d) && !isinf(d))
			abort();
		return;
	}
	if (strtod(text, NULL) != d)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cairn_error err;
	cJSON *first, *second;
	char *out1 = NULL, *out2 = NULL;
	size_t len1, len2;

	check_number(data, size);
	if (size > FUZZ_MAX_INPUT)
		return 0;
	first = cJSON_ParseWithLength((const char *)data, size);
	if (first == NULL)
		return 0;
	if (jcs_serialise(first, &out1, &len1, &err) != CAIRN_OK) {
		if (out1 != NULL || err.msg[0] == '\0')
			abort();
		cJSON_Delete(first);
		return 0;
	}
	if (strlen(out1) != len1)
		abort();
	second = cJSON_ParseWithLength(out1, len1);
	if (second == NULL || !cJSON_Compare(first, second, 1))
		abort();
	if (jcs_serialise(second, &out2, &len2, &err) != CAIRN_OK)
		abort();
	if (len1 != len2 || memcmp(out1, out2, len1) != 0)
		abort();
	free(out1);
	free(out2);
	cJSON_Delete(first);
	cJSON_Delete(second);
	return 0;
}

/* libFuzzer target: bundles.  The input is checked as a presentation
 * (presentation_verify, with and without a challenge and domain), its
 * report turned into JSON, and presentation_is_bundle asked; and as an
 * HTML page whose embedded presentation is checked the same way.  Results must
 * be one of the documented codes, with a message on failure; a report
 * must be internally consistent. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "verify/presentation.h"

#define FUZZ_MAX_INPUT (1UL << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run(const uint8_t *data, size_t size, const char *chal, const char *dom)
{
	struct verify_ctx ctx;
	struct presentation_report r;
	struct cairn_error err = {0};
	enum cairn_err rc;
	cJSON *j;

	memset(&ctx, 0, sizeof ctx);
	ctx.now = 1780000000;
	ctx.challenge = chal;
	ctx.domain = dom;
	rc = presentation_verify(data, size, &ctx, &r, &err);
	if (rc != CAIRN_OK) {
		if ((rc != CAIRN_ERR_USAGE && rc != CAIRN_ERR_IO) ||
		    err.msg[0] == '\0')
			abort();
		return;
	}
	if (r.verified && (r.undecided || r.proof.result != CHECK_OK))
		abort();
	for (size_t i = 0; i < r.n; i++)
		if (r.verified &&
		    r.creds[i].verdict.overall != VERDICT_VERIFIED)
			abort();
	j = presentation_report_json(&r);
	if (j == NULL)
		abort();
	cJSON_Delete(j);
	presentation_report_clear(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		struct cairn_error err = {0};
		if (cairn_init(&err) != CAIRN_OK)
			abort();
		ready = 1;
	}
	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)presentation_is_bundle(data, size);
	run(data, size, NULL, NULL);
	run(data, size, "nonce-1", "jobs.example");
	{
		unsigned char *json;
		size_t len;
		if (presentation_from_html(data, size, &json, &len)) {
			if (len > size)
				abort();
			run(json, len, NULL, NULL);
			free(json);
		}
	}
	return 0;
}

/* libFuzzer target: pathway_parse on any bytes and, when they parse,
 * pathway_evaluate against a small fixed collection whose records match
 * the tags, achievements, skills and issuers the seeds use (verified,
 * unverified, failed, expired; credits in ECTS, in another unit and
 * none), so the matching, the search and the next steps all run. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pathway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char records_json[] =
	"[{\"id\":\"r0\",\"title\":\"Statistics\",\"tags\":[\"statistics\",\"t0\"],"
	"\"credits\":{\"value\":5,\"unit\":\"ECTS\",\"source\":\"creditsEarned\"},"
	"\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r1\",\"title\":\"SQL\",\"achievement\":{\"id\":\"https://ex.org/a/sql\",\"name\":\"SQL\"},"
	"\"tags\":[\"t1\",\"elective\"],\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r2\",\"title\":\"Elective\",\"tags\":[\"elective\",\"t0\",\"t1\"],"
	"\"credits\":{\"value\":3,\"unit\":\"ects\",\"source\":\"creditsAvailable\"},"
	"\"verdict\":{\"status\":\"unknown\"}},"
	"{\"id\":\"r3\",\"title\":\"Abroad\",\"tags\":[\"elective\",\"t2\"],"
	"\"credits\":{\"value\":4,\"unit\":\"US credit hours\",\"source\":\"result\"},"
	"\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r4\",\"title\":\"Capstone\",\"achievement\":{\"id\":\"https://ex.org/a/capstone\"},"
	"\"validUntil\":\"2020-01-01T00:00:00Z\",\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r5\",\"title\":\"Python\",\"achievement\":{\"id\":\"https://ex.org/a/python\"},"
	"\"tags\":[\"t2\",\"t3\"],\"verdict\":{\"status\":\"failed\"}},"
	"{\"id\":\"r6\",\"title\":\"Data skills\",\"alignments\":[{\"name\":\"Data analysis\","
	"\"url\":\"http://data.europa.eu/esco/skill/s1\",\"framework\":\"ESCO\",\"code\":\"S1\"}],"
	"\"eqfLevel\":5,\"tags\":[\"t3\",\"t4\"],"
	"\"credits\":{\"value\":2.5,\"unit\":\"credits\",\"source\":\"creditsEarned\"},"
	"\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r7\",\"title\":\"Issued\",\"issuer\":{\"id\":\"did:web:uni.example\",\"url\":\"https://uni.example/\"},"
	"\"tags\":[\"t0\",\"t4\",\"internship\"],\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r8\",\"title\":\"Twin A\",\"tags\":[\"t1\",\"t2\",\"elective\"],"
	"\"credits\":{\"value\":1,\"unit\":\"ECTS\",\"source\":\"creditsEarned\"},"
	"\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r9\",\"title\":\"Twin B\",\"tags\":[\"t1\",\"t2\",\"elective\"],"
	"\"credits\":{\"value\":1,\"unit\":\"ECTS\",\"source\":\"creditsEarned\"},"
	"\"verdict\":{\"status\":\"verified\"}},"
	"{\"id\":\"r10\",\"title\":\"Odd\",\"tags\":\"t0\",\"credits\":{\"value\":-1},\"eqfLevel\":\"5\"},"
	"7]";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cJSON *records;
	static const cJSON *list[16];
	static size_t n;
	struct pathway *p = NULL;
	struct cairn_error err;
	cJSON *result = NULL;

	if (records == NULL) {
		const cJSON *r;
		if (cairn_init(NULL) != CAIRN_OK ||
		    (records = cJSON_Parse(records_json)) == NULL)
			abort();
		cJSON_ArrayForEach(r, records)
			list[n++] = r;
	}
	if (pathway_parse(data, size, "fuzz", &p, &err) != CAIRN_OK)
		return 0;
	/* 2026-06-01: r4 has expired */
	if (pathway_evaluate(p, list, n, (time_t)1780272000, &result, &err) == CAIRN_OK) {
		const cJSON *progress = cJSON_GetObjectItem(result, "progress");
		/* progress is a number from 0 to 1, 1 only when complete */
		if (!cJSON_IsNumber(progress) || progress->valuedouble < 0 ||
		    progress->valuedouble > 1 ||
		    (progress->valuedouble == 1) != cJSON_IsTrue(cJSON_GetObjectItem(result, "complete")))
			abort();
		cJSON_Delete(result);
	}
	pathway_free(p);
	return 0;
}

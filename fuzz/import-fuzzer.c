/* libFuzzer target: import_parse on any bytes — the format detection and
 * every reader behind it (JSON credentials, containers, JWTs, baked
 * images), and the record built from what they return. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "import/import.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct import_result r;
	struct cairn_error err;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	if (import_parse(data, size, &r, &err) == CAIRN_OK) {
		/* what the front ends do with a record must hold too */
		for (size_t i = 0; i < r.n; i++) {
			char *json = cJSON_PrintUnformatted(r.items[i].record);
			char *safe = json ? text_json_safe(json) : NULL;
			cJSON *title = cJSON_GetObjectItem(r.items[i].record, "title");
			char *t = text_sanitise(cJSON_IsString(title) ? title->valuestring : "", 0);
			cJSON *back = safe ? cJSON_Parse(safe) : NULL;
			if (safe != NULL && back == NULL)
				abort(); /* the escaping broke the JSON */
			cJSON_Delete(back);
			free(json);
			free(safe);
			free(t);
		}
		import_result_clear(&r);
	}
	return 0;
}

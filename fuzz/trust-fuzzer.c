/* libFuzzer target: the trust store's reader (trust_entry_from_bytes) on
 * any bytes, with and without an --id, and the store built from what it
 * accepts: an entry must go in, resolve its own methods and come out. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cairn_limits.h"
#include "verify/trust.h"

#define FUZZ_MAX_INPUT (64UL * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
use_entry(cJSON *entry)
{
	struct cairn_error err;
	cJSON *store = cJSON_CreateArray();
	const cJSON *idj = cJSON_GetObjectItemCaseSensitive(entry, "id");
	const cJSON *doc = cJSON_GetObjectItemCaseSensitive(entry, "document");
	const cJSON *lists[3];
	char *id;

	if (store == NULL || !cJSON_IsString(idj) || doc == NULL)
		abort(); /* an accepted entry always has its id and document */
	id = strdup(idj->valuestring);
	if (id == NULL) {
		cJSON_Delete(store);
		cJSON_Delete(entry);
		return;
	}
	if (trust_add(store, entry, &err) != CAIRN_OK)
		abort();
	if (trust_document(store, id) == NULL || !trust_knows(store, id))
		abort();
	lists[0] = cJSON_GetObjectItemCaseSensitive(doc, "verificationMethod");
	lists[1] = cJSON_GetObjectItemCaseSensitive(doc, "assertionMethod");
	lists[2] = cJSON_GetObjectItemCaseSensitive(doc, "authentication");
	for (size_t l = 0; l < 3; l++) {
		const cJSON *m,
		    *list = cJSON_IsArray(lists[l]) ? lists[l] : NULL;
		cJSON_ArrayForEach(m, list)
		{
			const cJSON *mid =
			    cJSON_IsObject(m)
			        ? cJSON_GetObjectItemCaseSensitive(m, "id")
			        : m;
			struct pubkey k = {0};
			char *controller = NULL;

			if (!cJSON_IsString(mid))
				continue;
			(void)trust_resolve(store, mid->valuestring, &k,
			                    &controller, &err);
			pubkey_clear(&k);
			free(controller);
		}
	}
	{
		struct pubkey k = {0};
		char *controller = NULL;
		(void)trust_resolve(store, id, &k, &controller, &err);
		pubkey_clear(&k);
		free(controller);
	}
	if (trust_remove(store, id, &err) != CAIRN_OK ||
	    cJSON_GetArraySize(store) != 0)
		abort();
	free(id);
	cJSON_Delete(store);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static const char *const ids[] = {NULL,
	                                  "https://issuer.example/keys/1"};
	struct cairn_error err;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	if (size > FUZZ_MAX_INPUT)
		return 0;
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		cJSON *entry = NULL;

		err.msg[0] = '\0';
		if (trust_entry_from_bytes(data, size, ids[i], &entry, &err) ==
		    CAIRN_OK)
			use_entry(entry);
		else if (entry != NULL || err.msg[0] == '\0')
			abort(); /* a refusal says why and hands back nothing */
	}
	return 0;
}

/* libFuzzer target: the vault's decrypted index (the catalogue JSON) as
 * vault_open loads it, then the collection built on it and what list and
 * show do with every record: selection under each sort and a few filters,
 * short ids, list entries and the terminal-safe text of each.  The index
 * is authenticated on disk, but a damaged or hand-made one must still be
 * refused cleanly, never crash. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "collection.h"
#include "cairn_limits.h"
#include "text.h"
#include "vault_internal.h"

#define FUZZ_MAX_INPUT (256UL * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
use_collection(struct collection *c)
{
	static const char *const filters[] = {NULL, "tag:a", "issuer:x skill:y",
	                                      "status:verified",
	                                      "format:ob3 data"};
	size_t n = collection_count(c);
	size_t *shortlen = collection_short_lengths(c);
	struct cairn_error err;

	for (size_t f = 0; f < sizeof filters / sizeof *filters; f++) {
		size_t *idx = NULL, m = 0;
		enum collection_sort sort = (enum collection_sort)(f % 4);

		if (collection_select(c, filters[f], sort, (time_t)1780272000,
		                      &idx, &m, &err) != CAIRN_OK)
			continue;
		if (m > n)
			abort();
		for (size_t k = 0; k < m; k++) {
			cJSON *e;
			char *json, *safe;

			if (idx[k] >= n)
				abort();
			e = collection_list_entry(
			    c, idx[k], shortlen ? shortlen[idx[k]] : 64,
			    (time_t)1780272000);
			json = e ? cJSON_PrintUnformatted(e) : NULL;
			safe = json ? text_json_safe(json) : NULL;
			free(safe);
			free(json);
			cJSON_Delete(e);
		}
		free(idx);
	}
	for (size_t i = 0; i < n; i++) {
		const cJSON *r = collection_record(c, i);
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "title");
		char *s = text_sanitise(
		    cJSON_IsString(t) ? t->valuestring : NULL, TEXT_ONE_LINE);
		char *cut = s ? text_truncate(s, 20) : NULL;

		if (s != NULL && text_width(cut) > 20)
			abort();
		free(cut);
		free(s);
	}
	free(shortlen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct cairn_error err;
	struct vault *v;
	struct collection *c = NULL;
	char *json;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* vault_index_decrypt hands over NUL-ended text */
	json = malloc(size + 1);
	v = calloc(1, sizeof *v);
	if (json == NULL || v == NULL || (v->dir = strdup("fuzz")) == NULL) {
		free(json);
		free(v);
		return 0;
	}
	memcpy(json, data, size);
	json[size] = '\0';
	v->lock_fd = -1;
	v->mode = VAULT_READ;
	if (vault_index_load(v, json, &err) == CAIRN_OK) {
		if (v->data == NULL)
			abort();
		if (collection_open(v, &c, &err) == CAIRN_OK) {
			use_collection(c);
			collection_free(c);
		} else if (err.msg[0] == '\0') {
			abort(); /* a refusal always says why */
		}
	} else if (err.msg[0] == '\0') {
		abort();
	}
	free(json);
	vault_close(v);
	return 0;
}

/* libFuzzer target: ctdl_to_pathway on any bytes — the document splitter,
 * the node-by-node recovery, id resolution, cycles and limits; and what it
 * makes must be a pathway document (pathway.h) that reads back. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctdl.h"
#include "json.h"
#include "cairn_limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_node(const cJSON *n, int depth, size_t *count)
{
	static const char *const lists[] = {"allOf", "anyOf", "of", "from"};
	const cJSON *v, *e;
	int kinds = 0;

	if (!cJSON_IsObject(n) || depth > CAIRN_MAX_PATHWAY_DEPTH ||
	    ++*count > CAIRN_MAX_PATHWAY_NODES)
		abort();
	v = cJSON_GetObjectItemCaseSensitive(n, "title");
	if (v != NULL && (!cJSON_IsString(v) || v->valuestring[0] == '\0'))
		abort();
	for (size_t i = 0; i < 4; i++) {
		v = cJSON_GetObjectItemCaseSensitive(n, lists[i]);
		if (v == NULL)
			continue;
		kinds++;
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
			abort();
		cJSON_ArrayForEach(e, v)
			check_node(e, depth + 1, count);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "atLeast")) != NULL) {
		const cJSON *of = cJSON_GetObjectItemCaseSensitive(n, "of");
		if (!cJSON_IsNumber(v) || of == NULL || v->valuedouble < 1 ||
		    v->valuedouble > cJSON_GetArraySize(of))
			abort();
	} else if (cJSON_GetObjectItemCaseSensitive(n, "of") != NULL) {
		abort();
	}
	if (cJSON_GetObjectItemCaseSensitive(n, "from") != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(n, "credits");
		if (!cJSON_IsNumber(v) || v->valuedouble <= 0)
			abort();
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "match")) != NULL) {
		kinds++;
		if (!cJSON_IsObject(v) || v->child == NULL)
			abort();
		cJSON_ArrayForEach(e, v)
			if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
				abort();
	}
	if (kinds != 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct cairn_error err;
	cJSON *p, *notes, *back;
	const char *id;
	char *text;
	size_t count = 0;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	if (ctdl_to_pathway(data, size, &p, &notes, &err) != CAIRN_OK) {
		if (p != NULL || notes != NULL || err.msg[0] == '\0')
			abort();
		return 0;
	}
	id = json_str(p, "id");
	if (id == NULL || strlen(id) == 0 || strlen(id) > 64 ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(id))
		abort();
	if (json_str(p, "title") == NULL || json_str(p, "title")[0] == '\0')
		abort();
	check_node(cJSON_GetObjectItemCaseSensitive(p, "requirement"), 1, &count);
	if (!cJSON_IsArray(notes) || cJSON_GetArraySize(notes) > CAIRN_MAX_CTDL_NOTES)
		abort();
	/* it must read back as every pathway file is read */
	text = cJSON_PrintUnformatted(p);
	if (text == NULL)
		abort();
	if (json_parse((const unsigned char *)text, strlen(text), CAIRN_MAX_PATHWAY_SIZE,
	               "converted", &back, &err) != CAIRN_OK)
		abort();
	cJSON_Delete(back);
	free(text);
	text = cJSON_PrintUnformatted(notes);
	if (text == NULL || !json_utf8_valid((const unsigned char *)text, strlen(text)))
		abort();
	free(text);
	cJSON_Delete(p);
	cJSON_Delete(notes);
	return 0;
}

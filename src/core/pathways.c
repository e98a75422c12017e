#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "paths.h"
#include "pathways.h"

const char *
pathways_data_dir(void)
{
	return paths_data_dir();
}

static enum cairn_err
set_add(struct pathway_set *set, struct pathway *p, int shipped, struct cairn_error *err)
{
	struct pathway **items;
	int *sh;

	for (size_t i = 0; i < set->n; i++) {
		if (strcmp(pathway_id(set->items[i]), pathway_id(p)) == 0) {
			/* the vault's copy wins over a shipped one */
			pathway_free(set->items[i]);
			set->items[i] = p;
			set->shipped[i] = shipped;
			return CAIRN_OK;
		}
	}
	if (set->n >= CAIRN_MAX_PATHWAYS) {
		pathway_free(p);
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("more than %d pathways"),
		                       CAIRN_MAX_PATHWAYS);
	}
	items = realloc(set->items, (set->n + 1) * sizeof *items);
	if (items == NULL) {
		pathway_free(p);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	set->items = items;
	sh = realloc(set->shipped, (set->n + 1) * sizeof *sh);
	if (sh == NULL) {
		pathway_free(p);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	set->shipped = sh;
	set->items[set->n] = p;
	set->shipped[set->n] = shipped;
	set->n++;
	return CAIRN_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum cairn_err
load_shipped(const char *datadir, struct pathway_set *set, struct cairn_error *err)
{
	char *dir = fs_join(datadir, "pathways"), **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;
	struct dirent *e;
	enum cairn_err rc = CAIRN_OK;

	if (dir == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	d = opendir(dir);
	if (d == NULL) {
		free(dir);
		return CAIRN_OK; /* no examples installed */
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? cap * 2 : 16) * sizeof *nn);
			if (nn == NULL)
				break;
			names = nn;
			cap = cap ? cap * 2 : 16;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *path = names[i] ? fs_join(dir, names[i]) : NULL;
		unsigned char *data = NULL;
		size_t len = 0;
		struct pathway *p;
		int r;

		if (rc == CAIRN_OK && path != NULL) {
			r = fs_read_file(path, CAIRN_MAX_PATHWAY_SIZE, &data, &len);
			if (r != 0)
				rc = cairn_error_set(err, CAIRN_ERR_IO, _("cannot read the shipped pathway %s"), path);
			else if ((rc = pathway_parse(data, len, path, &p, err)) == CAIRN_OK)
				rc = set_add(set, p, 1, err);
		}
		free(data);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	return rc;
}

static cJSON *
stored_list(struct vault *v, int create)
{
	cJSON *data = vault_data(v), *list = cJSON_GetObjectItemCaseSensitive(data, "pathways");

	if (!cJSON_IsArray(list) && create) {
		cJSON_DeleteItemFromObjectCaseSensitive(data, "pathways");
		list = cJSON_AddArrayToObject(data, "pathways");
	}
	return cJSON_IsArray(list) ? list : NULL;
}

enum cairn_err
pathways_load(const char *datadir, struct vault *v, struct pathway_set *set,
              struct cairn_error *err)
{
	enum cairn_err rc = CAIRN_OK;

	memset(set, 0, sizeof *set);
	if (datadir != NULL)
		rc = load_shipped(datadir, set, err);
	if (rc == CAIRN_OK && v != NULL) {
		const cJSON *e;
		cJSON_ArrayForEach(e, stored_list(v, 0)) {
			char *text = cJSON_PrintUnformatted(e);
			struct pathway *p;
			if (text == NULL) {
				rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
				break;
			}
			rc = pathway_parse((unsigned char *)text, strlen(text), _("a stored pathway"), &p, err);
			free(text);
			if (rc == CAIRN_OK)
				rc = set_add(set, p, 0, err);
			if (rc != CAIRN_OK)
				break;
		}
	}
	if (rc != CAIRN_OK)
		pathways_free(set);
	return rc;
}

void
pathways_free(struct pathway_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		pathway_free(set->items[i]);
	free(set->items);
	free(set->shipped);
	memset(set, 0, sizeof *set);
}

const struct pathway *
pathways_find(const struct pathway_set *set, const char *id, int *shipped)
{
	for (size_t i = 0; i < set->n; i++) {
		if (strcmp(pathway_id(set->items[i]), id) == 0) {
			if (shipped != NULL)
				*shipped = set->shipped[i];
			return set->items[i];
		}
	}
	return NULL;
}

enum cairn_err
pathways_store(struct vault *v, const struct pathway *p, struct cairn_error *err)
{
	cJSON *list = stored_list(v, 1), *e, *copy;

	if (list == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	copy = cJSON_Duplicate(pathway_document(p), 1);
	if (copy == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	cJSON_ArrayForEach(e, list) {
		if (json_str(e, "id") != NULL && strcmp(json_str(e, "id"), pathway_id(p)) == 0) {
			cJSON_ReplaceItemViaPointer(list, e, copy);
			vault_touch(v);
			return CAIRN_OK;
		}
	}
	if (cJSON_GetArraySize(list) >= CAIRN_MAX_PATHWAYS) {
		cJSON_Delete(copy);
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("more than %d pathways"), CAIRN_MAX_PATHWAYS);
	}
	cJSON_AddItemToArray(list, copy);
	vault_touch(v);
	return CAIRN_OK;
}

enum cairn_err
pathways_remove(struct vault *v, const char *id, struct cairn_error *err)
{
	cJSON *list = stored_list(v, 0), *e;

	cJSON_ArrayForEach(e, list) {
		if (json_str(e, "id") != NULL && strcmp(json_str(e, "id"), id) == 0) {
			cJSON_Delete(cJSON_DetachItemViaPointer(list, e));
			vault_touch(v);
			return CAIRN_OK;
		}
	}
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("no pathway %s was added to the vault (shipped examples cannot be removed)"),
	                       id);
}

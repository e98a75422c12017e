#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsutil.h"
#include "hash.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "paths.h"
#include "verify/contexts.h"
#include "verify/jsonld.h"

#define CONTEXTS_INDEX_MAX (64UL * 1024)

const char *
contexts_data_dir(void)
{
	return paths_data_dir();
}

static void
hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The index, or NULL (*err set) when it is unreadable; *absent when there
 * is none. */
static cJSON *
index_read(const char *datadir, int *absent, struct cairn_error *err)
{
	char *path = fs_join(datadir, "contexts/index.json");
	unsigned char *data = NULL;
	size_t len = 0;
	cJSON *index = NULL;
	int rc;

	*absent = 0;
	if (path == NULL) {
		cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		return NULL;
	}
	rc = fs_read_file(path, CONTEXTS_INDEX_MAX, &data, &len);
	if (rc != 0) {
		if (rc == -1 && errno == ENOENT)
			*absent = 1;
		else
			cairn_error_set(err, CAIRN_ERR_IO,
			                _("the installed contexts' index %s cannot be read; reinstall cairn"),
			                path);
		free(path);
		return NULL;
	}
	if (json_parse(data, len, CONTEXTS_INDEX_MAX, path, &index, err) == CAIRN_OK &&
	    !cJSON_IsArray(json_arr(index, "contexts"))) {
		cairn_error_set(err, CAIRN_ERR_IO,
		                _("%s lists no contexts; reinstall cairn"), path);
		cJSON_Delete(index);
		index = NULL;
	}
	free(data);
	free(path);
	return index;
}

int
contexts_installed(const char *datadir, const char *url)
{
	int absent, found = 0;
	cJSON *index = datadir != NULL ? index_read(datadir, &absent, NULL) : NULL;
	const cJSON *e;

	cJSON_ArrayForEach(e, json_arr(index, "contexts"))
		if (json_str(e, "url") != NULL && strcmp(json_str(e, "url"), url) == 0)
			found = 1;
	cJSON_Delete(index);
	return found;
}

/* One installed file: read, checked against its SHA-256, added. */
static enum cairn_err
load_installed(const char *datadir, const cJSON *e, struct jsonld_loader *l,
               struct cairn_error *err)
{
	const char *url = json_str(e, "url"), *file = json_str(e, "file");
	const char *want = json_str(e, "sha256");
	unsigned char *data = NULL, sum[HASH_SHA256_BYTES];
	char *dir = NULL, *path = NULL, got[2 * HASH_SHA256_BYTES + 1];
	size_t len = 0;
	enum cairn_err rc;

	if (url == NULL || file == NULL || want == NULL || strchr(file, '/') != NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("an entry of the installed contexts' index lacks its url, file or sha256; reinstall cairn"));
	dir = fs_join(datadir, "contexts");
	path = dir != NULL ? fs_join(dir, file) : NULL;
	free(dir);
	if (path == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (fs_read_file(path, CAIRN_MAX_CONTEXT_SIZE, &data, &len) != 0) {
		rc = cairn_error_set(err, CAIRN_ERR_IO,
		                     _("the installed context %s cannot be read; reinstall cairn"), path);
		free(path);
		return rc;
	}
	hash_sha256(data, len, sum);
	hex(sum, sizeof sum, got);
	if (strcmp(got, want) != 0) {
		rc = cairn_error_set(err, CAIRN_ERR_IO,
		                     _("the installed context %s has SHA-256 %s, not the recorded %s; it was changed: reinstall cairn"),
		                     path, got, want);
	} else {
		rc = jsonld_loader_add(l, url, (const char *)data, len, err);
		if (rc != CAIRN_OK && rc != CAIRN_ERR_IO)
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("the installed context %s is not JSON; reinstall cairn"), path);
	}
	free(data);
	free(path);
	return rc;
}

static int
installed_url(const cJSON *index, const char *url)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, json_arr(index, "contexts"))
		if (json_str(e, "url") != NULL && strcmp(json_str(e, "url"), url) == 0)
			return 1;
	return 0;
}

static enum cairn_err
load_added(const cJSON *trust, const cJSON *index, struct jsonld_loader *l,
           struct cairn_error *err)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, trust) {
		const char *kind = json_str(e, "kind"), *url = json_str(e, "id");
		const cJSON *doc = json_obj(e, "document");
		char *text;
		enum cairn_err rc;

		if (kind == NULL || strcmp(kind, "context") != 0 || url == NULL ||
		    doc == NULL || installed_url(index, url))
			continue;
		text = cJSON_PrintUnformatted(doc);
		if (text == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		rc = jsonld_loader_add(l, url, text, strlen(text), err);
		free(text);
		if (rc != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

enum cairn_err
contexts_loader_new(const char *datadir, const cJSON *trust,
                    struct jsonld_loader **out, struct cairn_error *err)
{
	struct jsonld_loader *l = jsonld_loader_new();
	cJSON *index = NULL;
	enum cairn_err rc = CAIRN_OK;
	const cJSON *e;

	*out = NULL;
	if (l == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (datadir != NULL) {
		int absent = 0;

		index = index_read(datadir, &absent, err);
		if (index == NULL && !absent) {
			jsonld_loader_free(l);
			return err != NULL ? err->code : CAIRN_ERR_IO;
		}
	}
	if (cJSON_GetArraySize(json_arr(index, "contexts")) > CAIRN_MAX_CONTEXTS)
		rc = cairn_error_set(err, CAIRN_ERR_IO,
		                     _("the installed contexts' index lists more than %d contexts; reinstall cairn"),
		                     CAIRN_MAX_CONTEXTS);
	cJSON_ArrayForEach(e, json_arr(index, "contexts")) {
		if (rc != CAIRN_OK)
			break;
		rc = load_installed(datadir, e, l, err);
	}
	if (rc == CAIRN_OK)
		rc = load_added(trust, index, l, err);
	cJSON_Delete(index);
	if (rc != CAIRN_OK) {
		jsonld_loader_free(l);
		return rc;
	}
	*out = l;
	return CAIRN_OK;
}

static int
absolute_http_url(const char *url)
{
	const char *rest;

	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return 0;
	if (*rest == '\0' || *rest == '/')
		return 0;
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '#')
			return 0;
	return 1;
}

enum cairn_err
contexts_entry_from_bytes(const char *url, const unsigned char *data, size_t len,
                          cJSON **entry, struct cairn_error *err)
{
	unsigned char sum[HASH_SHA256_BYTES];
	char sumhex[2 * HASH_SHA256_BYTES + 1], now[32];
	cJSON *doc = NULL, *e;
	struct tm tm;
	time_t t = time(NULL);
	enum cairn_err rc;

	*entry = NULL;
	if (!absolute_http_url(url))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("'%s' is not an http or https URL without a fragment; give the URL the credentials name in @context"),
		                       url);
	if (len > CAIRN_MAX_CONTEXT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the context file is larger than %lu bytes; cairn refuses it"),
		                       (unsigned long)CAIRN_MAX_CONTEXT_SIZE);
	rc = json_parse(data, len, CAIRN_MAX_CONTEXT_SIZE, _("context"), &doc, err);
	if (rc != CAIRN_OK)
		return rc;
	if (!cJSON_IsObject(doc) || cJSON_GetObjectItemCaseSensitive(doc, "@context") == NULL) {
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the file is not a JSON-LD context document (a JSON object with an \"@context\" member)"));
	}
	if (cJSON_GetArraySize(doc) != 1) {
		/* a credential has an @context too: it is not what was meant */
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the file holds more than an \"@context\" member, so it is a document using contexts, not a context; give the context document itself"));
	}
	hash_sha256(data, len, sum);
	hex(sum, sizeof sum, sumhex);
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	e = cJSON_CreateObject();
	if (e == NULL || cJSON_AddStringToObject(e, "id", url) == NULL ||
	    cJSON_AddStringToObject(e, "kind", "context") == NULL ||
	    !cJSON_AddItemToObject(e, "document", doc) ||
	    cJSON_AddStringToObject(e, "sha256", sumhex) == NULL ||
	    cJSON_AddStringToObject(e, "added", now) == NULL) {
		if (e == NULL || cJSON_GetObjectItemCaseSensitive(e, "document") == NULL)
			cJSON_Delete(doc);
		cJSON_Delete(e);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	*entry = e;
	return CAIRN_OK;
}

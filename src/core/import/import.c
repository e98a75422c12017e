#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "credential.h"
#include "hash.h"
#include "i18n.h"
#include "import/baked.h"
#include "import/import.h"
#include "import/jwt.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/jcs.h"

struct ctx {
	struct import_result *res;
	struct cairn_error *err;
	size_t seen; /* credentials met, for messages */
};

static void
hash_hex(const void *data, size_t len, char out[IMPORT_ID_HEX])
{
	unsigned char h[HASH_SHA256_BYTES];

	hash_sha256(data, len, h);
	sodium_bin2hex(out, IMPORT_ID_HEX, h, sizeof h);
}

static struct import_item *
item_new(struct ctx *c)
{
	struct import_result *r = c->res;

	if (r->n >= CAIRN_MAX_CREDENTIALS_PER_FILE) {
		cairn_error_set(c->err, CAIRN_ERR_USAGE,
		                _("more than %d credentials in one file"),
		                CAIRN_MAX_CREDENTIALS_PER_FILE);
		return NULL;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4;
		struct import_item *n = realloc(r->items, cap * sizeof *n);
		if (n == NULL) {
			cairn_error_set(c->err, CAIRN_ERR_IO, _("out of memory"));
			return NULL;
		}
		r->items = n;
		r->cap = cap;
	}
	memset(&r->items[r->n], 0, sizeof r->items[0]);
	return &r->items[r->n++];
}

/* Prefixes the error with which credential of a file failed. */
static enum cairn_err
where(struct ctx *c, enum cairn_err rc)
{
	if (rc != CAIRN_OK && c->seen > 1 && c->err != NULL) {
		char msg[CAIRN_ERROR_MAX];
		snprintf(msg, sizeof msg, "%s", c->err->msg);
		cairn_error_set(c->err, rc, _("credential %zu: %s"), c->seen, msg);
	}
	return rc;
}

/* A data: URL image inside the record moves into the item's bytes, so the
 * index keeps a reference instead of the picture. */
static enum cairn_err
take_data_image(struct ctx *c, struct import_item *it)
{
	cJSON *img = cJSON_GetObjectItemCaseSensitive(it->record, "image");
	const char *url = json_str(img, "url");
	const char *comma, *b64;
	char type[64];
	size_t tlen, got = 0;
	unsigned char *buf;

	if (url == NULL || strncmp(url, "data:", 5) != 0)
		return CAIRN_OK;
	comma = strchr(url, ',');
	b64 = strstr(url, ";base64,");
	if (comma == NULL || b64 == NULL || b64 + 7 != comma) {
		/* not base64: leave it out rather than keep a huge URL */
		cJSON_DeleteItemFromObjectCaseSensitive(it->record, "image");
		return CAIRN_OK;
	}
	tlen = (size_t)(b64 - (url + 5));
	if (tlen >= sizeof type)
		tlen = sizeof type - 1;
	memcpy(type, url + 5, tlen);
	type[tlen] = '\0';
	buf = malloc(strlen(comma + 1) * 3 / 4 + 4);
	if (buf == NULL)
		return cairn_error_set(c->err, CAIRN_ERR_IO, _("out of memory"));
	if (sodium_base642bin(buf, strlen(comma + 1) * 3 / 4 + 4, comma + 1,
	                      strlen(comma + 1), " \r\n", &got, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(buf);
		cJSON_DeleteItemFromObjectCaseSensitive(it->record, "image");
		return CAIRN_OK; /* an unreadable picture is no reason to refuse */
	}
	it->image = buf;
	it->image_len = got;
	cJSON_DeleteItemFromObjectCaseSensitive(img, "url");
	cJSON_AddStringToObject(img, "type", type);
	return CAIRN_OK;
}

static enum cairn_err import_value(struct ctx *c, const cJSON *v, int depth,
                                   const unsigned char *raw, size_t rawlen);
static enum cairn_err import_list(struct ctx *c, const cJSON *list, int depth);
static void set_group(struct ctx *c, const cJSON *doc, const char *type);

static enum cairn_err
import_jwt(struct ctx *c, const unsigned char *data, size_t len)
{
	struct jwt j;
	struct import_item *it;
	const cJSON *cred;
	enum cairn_err rc;

	c->seen++;
	rc = jwt_parse(data, len, &j, c->err);
	if (rc != CAIRN_OK)
		return where(c, rc);
	cred = json_obj(j.payload, "vc");
	if (cred == NULL)
		cred = j.payload;
	it = item_new(c);
	if (it == NULL) {
		jwt_clear(&j);
		return c->err ? c->err->code : CAIRN_ERR_IO;
	}
	rc = credential_record(cred, j.payload, &it->record, c->err);
	if (rc == CAIRN_OK) {
		size_t n = strlen(j.compact);
		hash_hex(j.compact, n, it->id);
		it->bytes = (unsigned char *)j.compact;
		it->len = n;
		j.compact = NULL;
		{
			const char *alg = json_str(j.header, "alg");
			cJSON_AddStringToObject(it->record, "jwtAlg", alg);
		}
		rc = take_data_image(c, it);
	}
	/* a CLR sent as a JWT still holds credentials of its own */
	if (rc == CAIRN_OK && credential_has_type(cred, "ClrCredential")) {
		const cJSON *subj = json_obj(cred, "credentialSubject");
		const cJSON *list = subj ? cJSON_GetObjectItemCaseSensitive(subj, "verifiableCredential") : NULL;
		set_group(c, cred, "ClrCredential");
		if (list != NULL)
			rc = import_list(c, list, 1);
	}
	jwt_clear(&j);
	return where(c, rc);
}

/* One credential object; raw is its exact text when the file is just it. */
static enum cairn_err
import_credential(struct ctx *c, const cJSON *cred, const unsigned char *raw,
                  size_t rawlen)
{
	struct import_item *it;
	char *canon = NULL;
	size_t clen = 0;
	enum cairn_err rc;

	c->seen++;
	it = item_new(c);
	if (it == NULL)
		return c->err ? c->err->code : CAIRN_ERR_IO;
	rc = credential_record(cred, NULL, &it->record, c->err);
	if (rc != CAIRN_OK)
		return where(c, rc);
	rc = jcs_serialise(cred, &canon, &clen, c->err);
	if (rc != CAIRN_OK)
		return where(c, rc);
	hash_hex(canon, clen, it->id);
	if (raw != NULL) {
		free(canon);
		it->bytes = malloc(rawlen ? rawlen : 1);
		if (it->bytes == NULL)
			return cairn_error_set(c->err, CAIRN_ERR_IO, _("out of memory"));
		memcpy(it->bytes, raw, rawlen);
		it->len = rawlen;
	} else {
		/* inside a container: kept in canonical form (signatures over
		 * JSON credentials are computed on canonical forms), and the
		 * container's own bytes are kept too */
		it->bytes = (unsigned char *)canon;
		it->len = clen;
	}
	return where(c, take_data_image(c, it));
}

static const char *
enveloped_jwt(const cJSON *v)
{
	const char *id = json_str(v, "id");
	const char *comma;

	if (id == NULL || !credential_has_type(v, "EnvelopedVerifiableCredential"))
		return NULL;
	if (strncmp(id, "data:application/vc+jwt,", 24) != 0 &&
	    strncmp(id, "data:application/vc-ld+jwt,", 27) != 0 &&
	    strncmp(id, "data:application/jwt,", 21) != 0)
		return NULL;
	comma = strchr(id, ',');
	return comma + 1;
}

static void
set_group(struct ctx *c, const cJSON *doc, const char *type)
{
	cJSON *g;

	if (c->res->group != NULL)
		return;
	g = cJSON_CreateObject();
	cJSON_AddStringToObject(g, "type", type);
	if (json_str(doc, "id") != NULL)
		cJSON_AddStringToObject(g, "id", json_str(doc, "id"));
	if (credential_lang_string(cJSON_GetObjectItemCaseSensitive(doc, "name")) != NULL)
		cJSON_AddStringToObject(g, "name",
		                        credential_lang_string(cJSON_GetObjectItemCaseSensitive(doc, "name")));
	c->res->group = g;
}

static enum cairn_err
import_list(struct ctx *c, const cJSON *list, int depth)
{
	const cJSON *e;
	enum cairn_err rc;

	if (cJSON_IsObject(list) || cJSON_IsString(list))
		return import_value(c, list, depth + 1, NULL, 0);
	if (!cJSON_IsArray(list))
		return cairn_error_set(c->err, CAIRN_ERR_USAGE,
		                       _("verifiableCredential must be a credential or a list of them"));
	cJSON_ArrayForEach(e, list)
		if ((rc = import_value(c, e, depth + 1, NULL, 0)) != CAIRN_OK)
			return rc;
	return CAIRN_OK;
}

static enum cairn_err
import_value(struct ctx *c, const cJSON *v, int depth, const unsigned char *raw,
             size_t rawlen)
{
	const char *jwt;

	if (depth > 3)
		return cairn_error_set(c->err, CAIRN_ERR_USAGE,
		                       _("credentials nested too deeply"));
	if (cJSON_IsString(v))
		return import_jwt(c, (const unsigned char *)v->valuestring,
		                  strlen(v->valuestring));
	if (cJSON_IsArray(v)) {
		const cJSON *e;
		enum cairn_err rc;
		if (depth > 0)
			return cairn_error_set(c->err, CAIRN_ERR_USAGE,
			                       _("a list inside a list of credentials"));
		if (cJSON_GetArraySize(v) == 0)
			return cairn_error_set(c->err, CAIRN_ERR_USAGE,
			                       _("an empty list: no credential to import"));
		cJSON_ArrayForEach(e, v)
			if ((rc = import_value(c, e, depth + 1, NULL, 0)) != CAIRN_OK)
				return rc;
		return CAIRN_OK;
	}
	if (!cJSON_IsObject(v))
		return cairn_error_set(c->err, CAIRN_ERR_USAGE,
		                       _("expected a credential (a JSON object or a JWT)"));
	if ((jwt = enveloped_jwt(v)) != NULL)
		return import_jwt(c, (const unsigned char *)jwt, strlen(jwt));
	if (credential_has_type(v, "VerifiablePresentation")) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(v, "verifiableCredential");
		if (list == NULL)
			return cairn_error_set(c->err, CAIRN_ERR_USAGE,
			                       _("the presentation holds no credential"));
		set_group(c, v, "VerifiablePresentation");
		return import_list(c, list, depth);
	}
	if (credential_has_type(v, "ClrCredential")) {
		const cJSON *subj = cJSON_GetObjectItemCaseSensitive(v, "credentialSubject");
		const cJSON *list = cJSON_IsObject(subj)
		                        ? cJSON_GetObjectItemCaseSensitive(subj, "verifiableCredential")
		                        : NULL;
		enum cairn_err rc;
		set_group(c, v, "ClrCredential");
		/* the CLR is a credential of its own, and holds others */
		rc = import_credential(c, v, raw, rawlen);
		if (rc != CAIRN_OK || list == NULL)
			return rc;
		return import_list(c, list, depth);
	}
	if (credential_has_type(v, "BadgeClass") || credential_has_type(v, "Issuer") ||
	    credential_has_type(v, "Profile"))
		return cairn_error_set(c->err, CAIRN_ERR_USAGE, "%s",
		                       credential_has_type(v, "BadgeClass")
		                           ? _("this is an Open Badges 2.0 BadgeClass, not an award: import the assertion")
		                           : _("this is an Open Badges 2.0 issuer profile, not an award: import the assertion"));
	return import_credential(c, v, raw, rawlen);
}

static enum cairn_err
import_text(struct ctx *c, const unsigned char *data, size_t len,
            const unsigned char *raw, size_t rawlen)
{
	size_t i = 0;
	cJSON *root;
	enum cairn_err rc;

	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' ||
	                   data[i] == '\t'))
		i++;
	if (len - i >= 3 && data[i] == 0xef && data[i + 1] == 0xbb && data[i + 2] == 0xbf)
		i += 3;
	if (i < len && (data[i] == '{' || data[i] == '[' || data[i] == '"')) {
		rc = json_parse(data, len, CAIRN_MAX_IMPORT_SIZE, _("JSON"), &root, c->err);
		if (rc != CAIRN_OK)
			return rc;
		rc = import_value(c, root, 0, raw, rawlen);
		cJSON_Delete(root);
		return rc;
	}
	if (jwt_looks_like(data, len)) {
		c->res->format = c->res->format ? c->res->format : "jwt";
		return import_jwt(c, data, len);
	}
	return cairn_error_set(c->err, CAIRN_ERR_USAGE,
	                       _("not a credential: expected JSON, a JWT, or a baked PNG or SVG badge"));
}

static enum cairn_err
import_baked(struct ctx *c, struct baked *b)
{
	if (b->text == NULL) {
		if (b->url != NULL)
			return cairn_error_set(c->err, CAIRN_ERR_USAGE,
			                       _("the badge holds only the address of a hosted assertion, which cannot be read offline"));
		return cairn_error_set(c->err, CAIRN_ERR_USAGE,
		                       _("no credential is baked into this image"));
	}
	/* the baked text is kept exactly as it was baked */
	return import_text(c, (const unsigned char *)b->text, b->len,
	                   (const unsigned char *)b->text, b->len);
}

enum cairn_err
import_parse(const unsigned char *data, size_t len, struct import_result *res,
             struct cairn_error *err)
{
	struct ctx c = {res, err, 0};
	enum cairn_err rc;

	memset(res, 0, sizeof *res);
	if (len > CAIRN_MAX_IMPORT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("larger than the limit of %lu MiB"),
		                       CAIRN_MAX_IMPORT_SIZE >> 20);
	if (len == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("the file is empty"));
	if (baked_is_png(data, len) || baked_is_svg(data, len)) {
		struct baked b = {0};
		int png = baked_is_png(data, len);
		res->format = png ? "png" : "svg";
		res->container_is_image = 1;
		rc = png ? baked_png_read(data, len, &b, err)
		         : baked_svg_read(data, len, &b, err);
		if (rc == CAIRN_OK)
			rc = import_baked(&c, &b);
		baked_clear(&b);
	} else {
		res->format = jwt_looks_like(data, len) ? "jwt" : "json";
		rc = import_text(&c, data, len, data, len);
	}
	if (rc == CAIRN_OK && res->n == 0)
		rc = cairn_error_set(err, CAIRN_ERR_USAGE, _("no credential found"));
	if (rc != CAIRN_OK)
		import_result_clear(res);
	return rc;
}

void
import_result_clear(struct import_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		cJSON_Delete(res->items[i].record);
		free(res->items[i].bytes);
		free(res->items[i].image);
	}
	free(res->items);
	cJSON_Delete(res->group);
	memset(res, 0, sizeof *res);
}

int
import_known_extension(const char *name)
{
	static const char *const exts[] = {".json", ".jsonld", ".png", ".svg",
	                                   ".jwt", ".jws", ".vc", ".clr", NULL};
	size_t n = strlen(name);

	for (const char *const *e = exts; *e; e++) {
		size_t k = strlen(*e);
		if (n > k && strcasecmp(name + n - k, *e) == 0)
			return 1;
	}
	return 0;
}

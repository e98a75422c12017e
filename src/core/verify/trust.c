#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/trust.h"

static int
starts_with(const char *s, const char *p)
{
	return s != NULL && strncmp(s, p, strlen(p)) == 0;
}

static void
now_iso(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static enum cairn_err
make_entry(const char *id, const char *kind, cJSON *doc, cJSON **entry,
           struct cairn_error *err)
{
	cJSON *e = cJSON_CreateObject();
	char now[32];

	if (e == NULL) {
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	now_iso(now);
	cJSON_AddStringToObject(e, "id", id);
	cJSON_AddStringToObject(e, "kind", kind);
	cJSON_AddItemToObject(e, "document", doc);
	cJSON_AddStringToObject(e, "added", now);
	*entry = e;
	return CAIRN_OK;
}

/* Every verification method a DID document holds must read as a key. */
static enum cairn_err
check_did_document(const cJSON *doc, struct cairn_error *err)
{
	const cJSON *vms = json_arr(doc, "verificationMethod"), *m;
	int usable = 0;

	cJSON_ArrayForEach(m, vms) {
		struct pubkey k = {0};
		if (cJSON_IsObject(m) && key_from_method(m, &k, NULL) == CAIRN_OK)
			usable++;
		pubkey_clear(&k);
	}
	/* methods may also be embedded in assertionMethod */
	cJSON_ArrayForEach(m, json_arr(doc, "assertionMethod")) {
		struct pubkey k = {0};
		if (cJSON_IsObject(m) && key_from_method(m, &k, NULL) == CAIRN_OK)
			usable++;
		pubkey_clear(&k);
	}
	if (usable == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the DID document holds no verification method cairn can read"));
	return CAIRN_OK;
}

enum cairn_err
trust_entry_from_bytes(const unsigned char *data, size_t len, const char *id,
                       cJSON **entry, struct cairn_error *err)
{
	cJSON *doc = NULL;
	struct pubkey k = {0};
	enum cairn_err rc;
	size_t i = 0;

	*entry = NULL;
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	if (len - i >= 10 && memcmp(data + i, "-----BEGIN", 10) == 0) {
		rc = key_from_pem((const char *)data + i, len - i, &k, err);
		pubkey_clear(&k);
		if (rc != CAIRN_OK)
			return rc;
		if (id == NULL)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("a PEM key needs the id it answers to (--id URL)"));
		{
			/* the file need not end in a NUL: copy it out first */
			char *pem = malloc(len - i + 1);
			if (pem == NULL)
				return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			memcpy(pem, data + i, len - i);
			pem[len - i] = '\0';
			doc = cJSON_CreateObject();
			cJSON_AddStringToObject(doc, "id", id);
			cJSON_AddStringToObject(doc, "publicKeyPem", pem);
			free(pem);
		}
		return make_entry(id, "key", doc, entry, err);
	}
	rc = json_parse(data, len, CAIRN_MAX_IMPORT_SIZE, _("trust file"), &doc, err);
	if (rc != CAIRN_OK)
		return rc;
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("a trust file holds one JSON object"));
	}
	if (json_str(doc, "kty") != NULL) {
		/* a bare JWK */
		rc = key_from_jwk(doc, &k, err);
		pubkey_clear(&k);
		if (rc == CAIRN_OK && id == NULL && json_str(doc, "kid") != NULL &&
		    strchr(json_str(doc, "kid"), ':') != NULL)
			id = json_str(doc, "kid");
		if (rc == CAIRN_OK && id == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     _("a JWK needs the id it answers to (--id URL)"));
		if (rc != CAIRN_OK) {
			cJSON_Delete(doc);
			return rc;
		}
		{
			cJSON *m = cJSON_CreateObject();
			char *idc = strdup(id);
			cJSON_AddStringToObject(m, "id", idc);
			cJSON_AddStringToObject(m, "type", "JsonWebKey");
			cJSON_AddItemToObject(m, "publicKeyJwk", doc);
			rc = make_entry(idc, "key", m, entry, err);
			free(idc);
			return rc;
		}
	}
	if (starts_with(json_str(doc, "id"), "did:") &&
	    (json_arr(doc, "verificationMethod") != NULL || json_arr(doc, "assertionMethod") != NULL)) {
		rc = check_did_document(doc, err);
		if (rc != CAIRN_OK) {
			cJSON_Delete(doc);
			return rc;
		}
		if (id != NULL && strcmp(id, json_str(doc, "id")) != 0) {
			cJSON_Delete(doc);
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("--id does not match the DID document's id"));
		}
		{
			char *idc = strdup(json_str(doc, "id"));
			rc = make_entry(idc, "did-document", doc, entry, err);
			free(idc);
			return rc;
		}
	}
	if (json_str(doc, "publicKeyPem") != NULL || json_str(doc, "publicKeyMultibase") != NULL ||
	    json_obj(doc, "publicKeyJwk") != NULL) {
		/* an Open Badges 2.0 CryptographicKey, or a lone verification method */
		const char *kid = id ? id : json_str(doc, "id");
		rc = key_from_method(doc, &k, err);
		pubkey_clear(&k);
		if (rc == CAIRN_OK && kid == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     _("the key has no id; give the id it answers to (--id URL)"));
		if (rc != CAIRN_OK) {
			cJSON_Delete(doc);
			return rc;
		}
		{
			char *idc = strdup(kid);
			rc = make_entry(idc, "key", doc, entry, err);
			free(idc);
			return rc;
		}
	}
	{
		static const struct {
			const char *type, *kind;
		} kinds[] = {
			{"Profile", "issuer"}, {"Issuer", "issuer"},
			{"BadgeClass", "badge-class"}, {"RevocationList", "revocation-list"},
		};
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "type");
		for (size_t n = 0; n < sizeof kinds / sizeof kinds[0]; n++) {
			if (json_str(doc, "id") != NULL && json_has_string(type, kinds[n].type)) {
				char *idc = strdup(json_str(doc, "id"));
				rc = make_entry(idc, kinds[n].kind, doc, entry, err);
				free(idc);
				return rc;
			}
		}
	}
	cJSON_Delete(doc);
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("not a DID document, key, issuer profile, BadgeClass or RevocationList"));
}

enum cairn_err
trust_add(cJSON *store, cJSON *entry, struct cairn_error *err)
{
	const char *id = json_str(entry, "id");
	cJSON *e;

	cJSON_ArrayForEach(e, store) {
		if (json_str(e, "id") != NULL && strcmp(json_str(e, "id"), id) == 0) {
			/* replace: the newer copy of a document wins */
			cJSON_ReplaceItemViaPointer(store, e, entry);
			return CAIRN_OK;
		}
	}
	if (cJSON_GetArraySize(store) >= 10000) {
		cJSON_Delete(entry);
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("the trust store is full"));
	}
	cJSON_AddItemToArray(store, entry);
	return CAIRN_OK;
}

enum cairn_err
trust_remove(cJSON *store, const char *id, struct cairn_error *err)
{
	cJSON *e;

	cJSON_ArrayForEach(e, store) {
		if (json_str(e, "id") != NULL && strcmp(json_str(e, "id"), id) == 0) {
			cJSON_Delete(cJSON_DetachItemViaPointer(store, e));
			return CAIRN_OK;
		}
	}
	return cairn_error_set(err, CAIRN_ERR_USAGE, _("nothing in the trust store is called %s"), id);
}

/* "did:x:y#k" against a method id that may be relative ("#k"). */
static int
method_matches(const char *doc_id, const char *mid, const char *url)
{
	if (mid == NULL)
		return 0;
	if (strcmp(mid, url) == 0)
		return 1;
	if (mid[0] == '#' && doc_id != NULL) {
		size_t n = strlen(doc_id);
		return strncmp(url, doc_id, n) == 0 && strcmp(url + n, mid) == 0;
	}
	return 0;
}

static enum cairn_err
from_document(const cJSON *doc, const char *url, struct pubkey *key, char **controller,
              struct cairn_error *err)
{
	const char *doc_id = json_str(doc, "id");
	const char *lists[] = {"verificationMethod", "assertionMethod", "authentication"};
	const cJSON *m;

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		cJSON_ArrayForEach(m, json_arr(doc, lists[i])) {
			if (!cJSON_IsObject(m) || !method_matches(doc_id, json_str(m, "id"), url))
				continue;
			if (key_from_method(m, key, err) != CAIRN_OK)
				return CAIRN_ERR_CHECK;
			if (controller != NULL) {
				const char *c = json_str(m, "controller");
				*controller = strdup(c ? c : doc_id);
			}
			return CAIRN_OK;
		}
	}
	return CAIRN_ERR_UNDECIDED;
}

enum cairn_err
trust_resolve(const cJSON *store, const char *url, struct pubkey *key,
              char **controller, struct cairn_error *err)
{
	const cJSON *e;
	const char *hash = strchr(url, '#');
	size_t base = hash ? (size_t)(hash - url) : strlen(url);

	if (controller != NULL)
		*controller = NULL;
	cJSON_ArrayForEach(e, store) {
		const char *id = json_str(e, "id"), *kind = json_str(e, "kind");
		const cJSON *doc = json_obj(e, "document");
		if (id == NULL || kind == NULL || doc == NULL)
			continue;
		if (strcmp(kind, "did-document") == 0 && strlen(id) == base &&
		    strncmp(id, url, base) == 0) {
			enum cairn_err rc = from_document(doc, url, key, controller, err);
			if (rc != CAIRN_ERR_UNDECIDED)
				return rc;
		}
		if (strcmp(kind, "key") == 0 &&
		    (strcmp(id, url) == 0 || (strlen(id) == base && strncmp(id, url, base) == 0))) {
			if (key_from_method(doc, key, err) != CAIRN_OK)
				return CAIRN_ERR_CHECK;
			if (controller != NULL) {
				const char *c = json_str(doc, "controller");
				if (c == NULL)
					c = json_str(doc, "owner"); /* Open Badges 2.0 */
				*controller = strdup(c ? c : id);
			}
			return CAIRN_OK;
		}
	}
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED, _("%s is not in your trust store"), url);
}

int
trust_knows(const cJSON *store, const char *issuer)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, store) {
		const char *id = json_str(e, "id");
		const cJSON *doc = json_obj(e, "document");
		if ((id != NULL && strcmp(id, issuer) == 0) ||
		    (json_str(doc, "controller") != NULL && strcmp(json_str(doc, "controller"), issuer) == 0) ||
		    (json_str(doc, "owner") != NULL && strcmp(json_str(doc, "owner"), issuer) == 0))
			return 1;
	}
	return 0;
}

const cJSON *
trust_document(const cJSON *store, const char *id)
{
	const cJSON *e;

	if (id == NULL)
		return NULL;
	cJSON_ArrayForEach(e, store)
		if (json_str(e, "id") != NULL && strcmp(json_str(e, "id"), id) == 0)
			return json_obj(e, "document");
	return NULL;
}

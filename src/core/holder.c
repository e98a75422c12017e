/* The holder's identity: Ed25519 keys as vault objects (see holder.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "holder.h"
#include "i18n.h"
#include "json.h"
#include "verify/keys.h"

#define HOLDER_KIND       "holder-key"
#define HOLDER_SEED_BYTES 32

void
holder_did_of(const unsigned char pk[32], char did[HOLDER_DID_MAX])
{
	unsigned char mc[34];
	char *mb;

	mc[0] = 0xed;
	mc[1] = 0x01;
	memcpy(mc + 2, pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	snprintf(did, HOLDER_DID_MAX, "did:key:%s", mb != NULL ? mb : "");
	free(mb);
}

static cJSON *
holder_node(struct vault *v)
{
	return cJSON_GetObjectItemCaseSensitive(vault_data(v), "holder");
}

static const cJSON *
holder_keys(struct vault *v)
{
	const cJSON *h = holder_node(v);

	return json_arr(h, "keys");
}

int
holder_exists(struct vault *v)
{
	return cJSON_GetArraySize(holder_keys(v)) > 0;
}

static void
iso_time(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Adds a fresh key as the current one. */
static enum cairn_err
holder_add(struct vault *v, time_t now, char did[HOLDER_DID_MAX],
           struct cairn_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	unsigned char *seed = sodium_malloc(HOLDER_SEED_BYTES);
	struct vault_name name;
	char hex[VAULT_NAME_HEX], when[32], d[HOLDER_DID_MAX];
	cJSON *data = vault_data(v), *h, *keys, *entry;
	enum cairn_err rc;
	int added;

	if (sk == NULL || seed == NULL) {
		sodium_free(sk);
		sodium_free(seed);
		return cairn_error_set(
		    err, CAIRN_ERR_IO,
		    _("out of guarded memory for the holder key"));
	}
	crypto_sign_keypair(pk, sk);
	crypto_sign_ed25519_sk_to_seed(seed, sk);
	sodium_free(sk);
	rc = vault_put(v, seed, HOLDER_SEED_BYTES, HOLDER_KIND, &name, &added,
	               err);
	sodium_free(seed);
	if (rc != CAIRN_OK)
		return rc;
	holder_did_of(pk, d);
	vault_name_hex(&name, hex);
	iso_time(now, when);

	h = cJSON_GetObjectItemCaseSensitive(data, "holder");
	if (!cJSON_IsObject(h)) {
		cJSON_DeleteItemFromObjectCaseSensitive(data, "holder");
		h = cJSON_AddObjectToObject(data, "holder");
	}
	keys = h != NULL ? cJSON_GetObjectItemCaseSensitive(h, "keys") : NULL;
	if (h != NULL && !cJSON_IsArray(keys)) {
		cJSON_DeleteItemFromObjectCaseSensitive(h, "keys");
		keys = cJSON_AddArrayToObject(h, "keys");
	}
	entry = cJSON_CreateObject();
	if (keys == NULL || entry == NULL ||
	    !cJSON_AddStringToObject(entry, "object", hex) ||
	    !cJSON_AddStringToObject(entry, "did", d) ||
	    !cJSON_AddStringToObject(entry, "created", when)) {
		cJSON_Delete(entry);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	cJSON_AddItemToArray(keys, entry);
	cJSON_DeleteItemFromObjectCaseSensitive(h, "current");
	if (cJSON_AddStringToObject(h, "current", d) == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	vault_touch(v);
	if (did != NULL)
		memcpy(did, d, HOLDER_DID_MAX);
	return CAIRN_OK;
}

enum cairn_err
holder_ensure(struct vault *v, time_t now, int *created,
              struct cairn_error *err)
{
	if (created != NULL)
		*created = 0;
	if (holder_exists(v))
		return CAIRN_OK;
	if (created != NULL)
		*created = 1;
	return holder_add(v, now, NULL, err);
}

enum cairn_err
holder_rotate(struct vault *v, time_t now, char did[HOLDER_DID_MAX],
              struct cairn_error *err)
{
	return holder_add(v, now, did, err);
}

/* The index entry of the current key. */
static const cJSON *
holder_current(struct vault *v, struct cairn_error *err)
{
	const char *cur = json_str(holder_node(v), "current");
	const cJSON *e;

	if (!holder_exists(v)) {
		cairn_error_set(err, CAIRN_ERR_USAGE,
		                _("this vault has no holder key yet; 'cairn "
		                  "id' makes one"));
		return NULL;
	}
	cJSON_ArrayForEach(e, holder_keys(v))
	{
		const char *d = json_str(e, "did");
		if (d != NULL && cur != NULL && strcmp(d, cur) == 0)
			return e;
	}
	cairn_error_set(err, CAIRN_ERR_DAMAGED,
	                _("the vault's index names no current holder key; "
	                  "restore a backup"));
	return NULL;
}

enum cairn_err
holder_did(struct vault *v, char did[HOLDER_DID_MAX], struct cairn_error *err)
{
	const cJSON *e = holder_current(v, err);

	if (e == NULL)
		return err != NULL ? err->code : CAIRN_ERR_USAGE;
	snprintf(did, HOLDER_DID_MAX, "%s", json_str(e, "did"));
	return CAIRN_OK;
}

enum cairn_err
holder_list(struct vault *v, cJSON **out, struct cairn_error *err)
{
	const char *cur = json_str(holder_node(v), "current");
	cJSON *list = cJSON_CreateArray();
	const cJSON *e;

	if (list == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	cJSON_ArrayForEach(e, holder_keys(v))
	{
		const char *d = json_str(e, "did"), *c = json_str(e, "created");
		cJSON *o = cJSON_CreateObject();
		if (o == NULL || d == NULL) {
			cJSON_Delete(o);
			continue;
		}
		cJSON_AddStringToObject(o, "did", d);
		cJSON_AddStringToObject(o, "created", c != NULL ? c : "");
		cJSON_AddBoolToObject(o, "current",
		                      cur != NULL && strcmp(cur, d) == 0);
		cJSON_AddItemToArray(list, o);
	}
	*out = list;
	return CAIRN_OK;
}

void
holder_key_free(struct holder_key *k)
{
	if (k == NULL)
		return;
	sodium_free(k->sk);
	sodium_memzero(k, sizeof *k);
	free(k);
}

enum cairn_err
holder_key_load(struct vault *v, struct holder_key **out,
                struct cairn_error *err)
{
	const cJSON *e = holder_current(v, err);
	const char *hex, *did;
	struct vault_name name;
	unsigned char *seed = NULL, pk[crypto_sign_PUBLICKEYBYTES];
	size_t len = 0;
	struct holder_key *k;
	char check[HOLDER_DID_MAX];
	enum cairn_err rc;

	*out = NULL;
	if (e == NULL)
		return err != NULL ? err->code : CAIRN_ERR_USAGE;
	hex = json_str(e, "object");
	did = json_str(e, "did");
	if (hex == NULL || did == NULL || vault_name_parse(hex, &name) < 0 ||
	    strlen(did) < 9)
		return cairn_error_set(err, CAIRN_ERR_DAMAGED,
		                       _("the vault's index has a broken "
		                         "holder key entry; restore a backup"));
	rc = vault_get(v, &name, &seed, &len, err);
	if (rc != CAIRN_OK)
		return rc;
	k = calloc(1, sizeof *k);
	if (k == NULL ||
	    (k->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		sodium_memzero(seed, len);
		free(seed);
		free(k);
		return cairn_error_set(
		    err, CAIRN_ERR_IO,
		    _("out of guarded memory for the holder key"));
	}
	if (len != HOLDER_SEED_BYTES) {
		sodium_memzero(seed, len);
		free(seed);
		holder_key_free(k);
		return cairn_error_set(err, CAIRN_ERR_DAMAGED,
		                       _("the holder key object %s has the "
		                         "wrong size; restore a backup"),
		                       hex);
	}
	crypto_sign_seed_keypair(pk, k->sk, seed);
	sodium_memzero(seed, len);
	free(seed);
	holder_did_of(pk, check);
	if (strcmp(check, did) != 0) {
		holder_key_free(k);
		return cairn_error_set(err, CAIRN_ERR_DAMAGED,
		                       _("the holder key object %s does not "
		                         "match its did:key; restore a backup"),
		                       hex);
	}
	snprintf(k->did, sizeof k->did, "%s", did);
	snprintf(k->vm, sizeof k->vm, "%s#%s", did, did + 8);
	*out = k;
	return CAIRN_OK;
}

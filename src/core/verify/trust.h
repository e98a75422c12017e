/* The trust store: keys and DID documents the user vouches for, kept in
 * the vault's index, used to resolve verification methods offline
 * (did:web, https keys, Open Badges 2.0 CryptographicKeys). */
#ifndef CAIRN_TRUST_H
#define CAIRN_TRUST_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "verify/keys.h"

/* Reads FILE's bytes as a trust entry: a DID document, an Open Badges
 * issuer profile or CryptographicKey (with publicKeyPem), an Open Badges
 * 2.0 BadgeClass or RevocationList (offline copies of hosted documents), a
 * JWK, or a PEM key.  id names what the entry answers to; it is required for a bare JWK
 * or PEM key and otherwise taken from the document.  Returns a new entry
 * object {id, kind, document, added}. */
enum cairn_err trust_entry_from_bytes(const unsigned char *data, size_t len,
                                      const char *id, cJSON **entry,
                                      struct cairn_error *err);

/* The entries live in data.trust (an array); these functions take it. */
enum cairn_err trust_add(cJSON *store, cJSON *entry, struct cairn_error *err);
enum cairn_err trust_remove(cJSON *store, const char *id, struct cairn_error *err);

/* The key a verification method URL names, from the store: a DID document
 * whose id is the URL's DID and which holds the method (by full or
 * relative id), or a key entry whose id is the URL (or the URL without its
 * fragment).  controller receives who the key belongs to (the document's
 * id or controller), malloc'd.  CAIRN_ERR_UNDECIDED when not found. */
enum cairn_err trust_resolve(const cJSON *store, const char *method_url,
                             struct pubkey *key, char **controller,
                             struct cairn_error *err);

/* The document stored under id (any kind: issuer profiles, Open Badges
 * 2.0 BadgeClasses and RevocationLists, DID documents), or NULL. */
const cJSON *trust_document(const cJSON *store, const char *id);

/* 1 when the issuer id is in the store (as an entry id or a document's
 * controller). */
int trust_knows(const cJSON *store, const char *issuer_id);

#endif

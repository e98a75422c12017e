/* The holder's identity: Ed25519 signing keys kept as vault objects.
 *
 * Every key is a vault object of kind "holder-key" (encrypted like every
 * object) holding the 32-byte Ed25519 seed; it is never written anywhere
 * in clear.  The index keeps, under data.holder, the list of keys
 * [{object, did, created}] and which one is current.  Rotating adds a new
 * current key and keeps the old ones, so bundles already handed out can
 * still be told apart from forgeries by their did:key.
 *
 * While a key is in use its secret lives in sodium_malloc'd memory and is
 * wiped by holder_key_free. */
#ifndef CAIRN_HOLDER_H
#define CAIRN_HOLDER_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "vault.h"

/* "did:key:z6Mk…" is 56 characters; with "#z6Mk…" 105. */
#define HOLDER_DID_MAX 128
#define HOLDER_VM_MAX  192

struct holder_key {
	unsigned char *sk; /* 64 bytes (libsodium form), sodium_malloc'd */
	char did[HOLDER_DID_MAX]; /* did:key:z6Mk… */
	char vm[HOLDER_VM_MAX]; /* did:key:z6Mk…#z6Mk… (the verification method)
	                         */
};

/* 1 when the vault has a holder key. */
int holder_exists(struct vault *v);

/* Makes the first holder key when there is none (*created = 1) and marks
 * the index changed; the caller saves.  Needs VAULT_WRITE. */
enum cairn_err holder_ensure(struct vault *v, time_t now, int *created,
                             struct cairn_error *err);

/* Makes a new current key, keeping the old ones.  did (may be NULL)
 * receives the new did:key.  Needs VAULT_WRITE; the caller saves. */
enum cairn_err holder_rotate(struct vault *v, time_t now,
                             char did[HOLDER_DID_MAX], struct cairn_error *err);

/* The current did:key.  CAIRN_ERR_USAGE when the vault has no holder key. */
enum cairn_err holder_did(struct vault *v, char did[HOLDER_DID_MAX],
                          struct cairn_error *err);

/* Every key, oldest first: [{did, created, current}] (new JSON). */
enum cairn_err holder_list(struct vault *v, cJSON **out,
                           struct cairn_error *err);

/* Loads the current key's secret into guarded memory (*out, freed with
 * holder_key_free).  The object's bytes are checked against the did:key
 * the index records, so a swapped object is refused as damage. */
enum cairn_err holder_key_load(struct vault *v, struct holder_key **out,
                               struct cairn_error *err);
void holder_key_free(struct holder_key *k);

/* The did:key of an Ed25519 public key ("did:key:z6Mk…"). */
void holder_did_of(const unsigned char pk[32], char did[HOLDER_DID_MAX]);

#endif

/* Data Integrity proofs that need no RDF: eddsa-jcs-2022 (W3C vc-di-eddsa
 * §3.3), verify and sign. */
#ifndef CAIRN_DATAINTEGRITY_H
#define CAIRN_DATAINTEGRITY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "verify/keys.h"

/* The hash data of eddsa-jcs-2022: SHA-256(JCS(proof configuration)) ||
 * SHA-256(JCS(document without proof)).  The proof configuration is the
 * proof without proofValue, as it stands.  When the proof has an @context,
 * the document's must begin with it (else CAIRN_ERR_CHECK) and the
 * document is hashed under the proof's @context.  unsecured: the document
 * with no proof member. */
enum cairn_err di_jcs_hash_data(const cJSON *unsecured, const cJSON *proof,
                                unsigned char out[64], struct cairn_error *err);

/* Checks one eddsa-jcs-2022 proof of doc (the secured document, whose
 * "proof" may be an object or an array that holds this proof) with key:
 * CAIRN_OK, CAIRN_ERR_CHECK (a bad or malformed proof: the message says
 * why), CAIRN_ERR_UNDECIDED (not this suite). */
enum cairn_err di_jcs_verify(const cJSON *doc, const cJSON *proof,
                             const struct pubkey *key, struct cairn_error *err);

/* Signs: returns a new proof object (type DataIntegrityProof, cryptosuite
 * eddsa-jcs-2022, the given options — verificationMethod, proofPurpose,
 * created, challenge, domain … — and proofValue), for doc without proof.
 * sk is libsodium's 64-byte Ed25519 secret key. */
enum cairn_err di_jcs_sign(const cJSON *doc, const cJSON *options,
                           const unsigned char sk[64], cJSON **proof,
                           struct cairn_error *err);

#endif

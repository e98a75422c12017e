/* Data Integrity proofs, verify and sign: eddsa-jcs-2022 (W3C vc-di-eddsa
 * §3.3), which needs no RDF; eddsa-rdfc-2022 (§3.4, also under its legacy
 * name eddsa-2022) and Ed25519Signature2020, which sign the canonical RDF
 * (RDFC-1.0) of the document, read with the JSON-LD processor in safe
 * mode and offline contexts only. */
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

/* ---- the RDF suites (dataintegrity_rdfc.c) ------------------------- */

struct jsonld_loader;

enum di_rdfc_suite {
	DI_RDFC_EDDSA_2022,     /* DataIntegrityProof, cryptosuite eddsa-rdfc-2022 */
	DI_RDFC_ED25519_2020,   /* Ed25519Signature2020 */
};

/* Which RDF suite a proof is of: 1 and *suite when it is one (legacy: 1
 * for the cryptosuite name eddsa-2022, verified as eddsa-rdfc-2022; may
 * be NULL), else 0. */
int di_rdfc_suite_of(const cJSON *proof, enum di_rdfc_suite *suite, int *legacy);

/* SHA-256(canonical proof configuration) || SHA-256(canonical document):
 * the bytes both suites sign, from canonical N-Quads already made. */
void di_rdfc_hash_canonical(const char *proof_nquads, size_t proof_len,
                            const char *doc_nquads, size_t doc_len,
                            unsigned char out[64]);

/* The canonical N-Quads (RDFC-1.0, SHA-256) of a JSON-LD document, read
 * in safe mode with the contexts of l: *nquads is malloc'd and NUL
 * terminated.  CAIRN_ERR_CHECK when safe mode drops or cannot place a
 * term, CAIRN_ERR_UNDECIDED for a context not available offline or a
 * JSON-LD feature the processor lacks, CAIRN_ERR_USAGE for a document
 * that is not JSON-LD or too much work. */
enum cairn_err di_rdfc_canonical(const cJSON *doc, struct jsonld_loader *l,
                                 char **nquads, size_t *len,
                                 struct cairn_error *err);

/* The hash data of an RDF-suite proof over unsecured (the document with
 * no proof member): the proof configuration is the proof without its
 * proofValue, under the proof's @context when it has one (which the
 * document's must begin with, else CAIRN_ERR_CHECK) or else the
 * document's.  proof_nq and doc_nq (may be NULL) receive the canonical
 * N-Quads hashed, malloc'd. */
enum cairn_err di_rdfc_hash_data(const cJSON *unsecured, const cJSON *proof,
                                 struct jsonld_loader *l, unsigned char out[64],
                                 char **proof_nq, char **doc_nq,
                                 struct cairn_error *err);

/* Checks one eddsa-rdfc-2022, eddsa-2022 or Ed25519Signature2020 proof of
 * doc (the secured document) with key: CAIRN_OK, CAIRN_ERR_CHECK (bad or
 * malformed proof, dropped terms in safe mode: the message says why),
 * CAIRN_ERR_UNDECIDED (not an RDF suite, a context not available offline,
 * an unsupported JSON-LD feature). */
enum cairn_err di_rdfc_verify(const cJSON *doc, const cJSON *proof,
                              const struct pubkey *key, struct jsonld_loader *l,
                              struct cairn_error *err);

/* Signs doc (without its proof member) with the suite: returns a new proof
 * object — for eddsa-rdfc-2022 type DataIntegrityProof and cryptosuite,
 * for Ed25519Signature2020 that type — with the options
 * (verificationMethod, proofPurpose, created, challenge, domain ...) and
 * proofValue.  The proof carries no @context: it is read under the
 * document's.  sk is libsodium's 64-byte Ed25519 secret key.  l NULL:
 * the installed contexts (contexts_loader_new without a vault). */
enum cairn_err di_rdfc_sign(const cJSON *doc, const cJSON *options,
                            const unsigned char sk[64], enum di_rdfc_suite suite,
                            struct jsonld_loader *l, cJSON **proof,
                            struct cairn_error *err);

#endif

/* Pieces shared by the Data Integrity proof modules: dataintegrity.c
 * (eddsa-jcs-2022) and dataintegrity_rdfc.c (eddsa-rdfc-2022,
 * Ed25519Signature2020).  Internal to src/core/verify. */
#ifndef CAIRN_DI_COMMON_H
#define CAIRN_DI_COMMON_H

#include <cjson/cJSON.h>

#include "cairn.h"

#define DI_SIG_BYTES 64 /* an Ed25519 signature */
#define DI_SHOWN_MAX 64 /* untrusted text quoted in a message */

/* Untrusted text as it may appear in a message: printable ASCII only,
 * shortened. */
void di_shown(const char *s, char out[DI_SHOWN_MAX]);

/* Whether the document's @context starts with all of the proof's, in
 * order (vc-di-eddsa §3.3.2 step 4.1 and §3.4.2). */
int di_context_starts_with(const cJSON *doc_ctx, const cJSON *proof_ctx);

/* The 64-byte signature in the proof's proofValue (multibase base58btc);
 * suite names the proof in messages.  CAIRN_ERR_CHECK when it is missing
 * or malformed. */
enum cairn_err di_proof_signature(const cJSON *proof, const char *suite,
                                  unsigned char sig[DI_SIG_BYTES],
                                  struct cairn_error *err);

#endif

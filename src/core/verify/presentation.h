/* Bundles: checking a Verifiable Presentation as a stranger would.
 *
 * The holder's proof first: a DataIntegrityProof (eddsa-jcs-2022 or
 * eddsa-rdfc-2022) by a did:key that is the
 * presentation's holder, with proofPurpose authentication, and the
 * challenge and domain the verifier asks for (when it asks, they must be
 * there and equal).  Then every credential inside gets its own verdict
 * (verify_credential); an EnvelopedVerifiableCredential's data: URL is
 * decoded first.  The presentation holds only when the holder's proof and
 * every credential are verified. */
#ifndef CAIRN_PRESENTATION_H
#define CAIRN_PRESENTATION_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "verify/verify.h"

/* 1 when the bytes are a JSON object whose type includes
 * VerifiablePresentation and that carries a proof (a bundle). */
int presentation_is_bundle(const unsigned char *data, size_t len);

/* The presentation inside an HTML page cairn exported: the text of its
 * first <script type="application/ld+json"> element (malloc'd, *len
 * bytes).  0 when there is none (nothing allocated). */
int presentation_from_html(const unsigned char *data, size_t len,
                           unsigned char **json, size_t *json_len);

struct presentation_credential {
	char *title; /* malloc'd, untrusted text, may be NULL */
	char *id;    /* the credential's cairn id (hex), may be NULL */
	struct verdict verdict;
};

struct presentation_report {
	char *holder;       /* malloc'd, untrusted text */
	struct check proof; /* the holder's proof: name "holder" */
	struct presentation_credential *creds;
	size_t n;
	cJSON *claim;  /* holderClaim as given (owned), or NULL */
	int verified;  /* holder proof ok and every credential verified */
	int undecided; /* nothing failed, something unknown */
};

/* Checks a bundle's bytes.  Returns CAIRN_OK with the report filled
 * (whatever the checks found), or an error when the bytes are not a
 * presentation at all (CAIRN_ERR_USAGE). */
enum cairn_err presentation_verify(const unsigned char *data, size_t len,
                                   const struct verify_ctx *ctx,
                                   struct presentation_report *out,
                                   struct cairn_error *err);
void presentation_report_clear(struct presentation_report *r);

/* The report as JSON: {verified, status, holder, holderProof {result,
 * reason}, challenge, domain, holderClaim, credentials: [verdict_json +
 * title, id]}. */
cJSON *presentation_report_json(const struct presentation_report *r);

struct jsonld_loader;

/* Signs a presentation (no proof member) as holder: a new proof object
 * (DataIntegrityProof, proofPurpose authentication, created now, the
 * challenge and domain when not NULL).  suite is "eddsa-jcs-2022" or
 * "eddsa-rdfc-2022"; for the latter l holds the contexts (NULL: the
 * installed ones), and a presentation that safe-mode JSON-LD cannot read
 * whole is refused (CAIRN_ERR_USAGE), never signed in part. */
enum cairn_err presentation_sign(const cJSON *vp, const char *suite,
                                 const char *vm, const unsigned char sk[64],
                                 const char *challenge, const char *domain,
                                 time_t now, struct jsonld_loader *l,
                                 cJSON **proof, struct cairn_error *err);

#endif

/* eddsa-rdfc-2022 (W3C vc-di-eddsa §3.4) and Ed25519Signature2020: both
 * sign SHA-256(canonical proof configuration) || SHA-256(canonical
 * document), the canonical forms being the RDFC-1.0 N-Quads of the JSON-LD
 * read in safe mode.  Only the proof types and where their values sit
 * differ. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hash.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/di_common.h"
#include "verify/jsonld.h"
#include "verify/rdfc.h"


static enum cairn_err
out_of_memory(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_IO,
	                       _("out of memory checking an RDF Data Integrity proof"));
}

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static cJSON *
referable(const cJSON *item)
{
	/* references are only read (by the JSON-LD processor) */
	return (cJSON *)item;
}

static const char *
suite_name(enum di_rdfc_suite suite)
{
	return suite == DI_RDFC_ED25519_2020 ? "Ed25519Signature2020" : "eddsa-rdfc-2022";
}

int
di_rdfc_suite_of(const cJSON *proof, enum di_rdfc_suite *suite, int *legacy)
{
	const char *type = json_str(proof, "type");
	const char *cs = json_str(proof, "cryptosuite");

	if (legacy != NULL)
		*legacy = 0;
	if (type == NULL)
		return 0;
	if (strcmp(type, "Ed25519Signature2020") == 0) {
		*suite = DI_RDFC_ED25519_2020;
		return 1;
	}
	if (strcmp(type, "DataIntegrityProof") != 0 || cs == NULL)
		return 0;
	if (strcmp(cs, "eddsa-rdfc-2022") == 0 || strcmp(cs, "eddsa-2022") == 0) {
		*suite = DI_RDFC_EDDSA_2022;
		if (legacy != NULL)
			*legacy = strcmp(cs, "eddsa-2022") == 0;
		return 1;
	}
	return 0;
}

void
di_rdfc_hash_canonical(const char *proof_nquads, size_t proof_len,
                       const char *doc_nquads, size_t doc_len,
                       unsigned char out[64])
{
	hash_sha256(proof_nquads, proof_len, out);
	hash_sha256(doc_nquads, doc_len, out + 32);
}

enum cairn_err
di_rdfc_canonical(const cJSON *doc, struct jsonld_loader *l, char **nquads,
                  size_t *len, struct cairn_error *err)
{
	struct jsonld_options opts;
	struct rdf_dataset *ds = NULL;
	enum cairn_err rc;

	*nquads = NULL;
	memset(&opts, 0, sizeof opts);
	opts.safe = 1;
	rc = jsonld_to_rdf(doc, l, &opts, &ds, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = rdfc_canonicalise(ds, RDFC_SHA256, nquads, len, NULL, err);
	rdf_dataset_free(ds);
	return rc;
}

/* A new object referring to obj's members, without those named in skip
 * (NULL-terminated) and without @context when ctx is given; ctx (may be
 * NULL) becomes its @context. */
static enum cairn_err
view_with_context(const cJSON *obj, const char *const *skip, const cJSON *ctx,
                  cJSON **out, struct cairn_error *err)
{
	cJSON *view = cJSON_CreateObject();

	*out = NULL;
	if (view == NULL)
		return out_of_memory(err);
	for (const cJSON *c = obj->child; c != NULL; c = c->next) {
		int skipped = c->string == NULL ||
		              (ctx != NULL && strcmp(c->string, "@context") == 0);

		for (size_t i = 0; !skipped && skip[i] != NULL; i++)
			skipped = strcmp(c->string, skip[i]) == 0;
		if (skipped)
			continue;
		if (!cJSON_AddItemReferenceToObject(view, c->string, referable(c))) {
			cJSON_Delete(view);
			return out_of_memory(err);
		}
	}
	if (ctx != NULL && !cJSON_AddItemReferenceToObject(view, "@context", referable(ctx))) {
		cJSON_Delete(view);
		return out_of_memory(err);
	}
	*out = view;
	return CAIRN_OK;
}

enum cairn_err
di_rdfc_hash_data(const cJSON *unsecured, const cJSON *proof,
                  struct jsonld_loader *l, unsigned char out[64],
                  char **proof_nq, char **doc_nq, struct cairn_error *err)
{
	/* the signature itself and the older places a signature was kept */
	static const char *const not_signed[] = {"proofValue", "jws", "signatureValue", NULL};
	static const char *const nothing[] = {NULL};
	const cJSON *ctx;
	cJSON *config = NULL, *doc = NULL;
	char *pnq = NULL, *dnq = NULL;
	size_t plen = 0, dlen = 0;
	enum cairn_err rc;

	if (proof_nq != NULL)
		*proof_nq = NULL;
	if (doc_nq != NULL)
		*doc_nq = NULL;
	if (!cJSON_IsObject(unsecured))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the document to hash is not a JSON object"));
	if (!cJSON_IsObject(proof))
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("the proof is not a JSON object"));
	ctx = member(proof, "@context");
	if (ctx != NULL && !di_context_starts_with(member(unsecured, "@context"), ctx))
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the document's @context does not begin with the proof's @context; the proof was made for another document"));
	if (ctx == NULL)
		ctx = member(unsecured, "@context");
	if (ctx == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the document has no @context, so it has no RDF form to sign"));
	rc = view_with_context(proof, not_signed, ctx, &config, err);
	if (rc == CAIRN_OK)
		rc = view_with_context(unsecured, nothing, ctx, &doc, err);
	if (rc == CAIRN_OK)
		rc = di_rdfc_canonical(config, l, &pnq, &plen, err);
	if (rc == CAIRN_OK)
		rc = di_rdfc_canonical(doc, l, &dnq, &dlen, err);
	cJSON_Delete(config);
	cJSON_Delete(doc);
	if (rc == CAIRN_OK)
		di_rdfc_hash_canonical(pnq, plen, dnq, dlen, out);
	else
		sodium_memzero(out, 64);
	if (rc == CAIRN_OK && proof_nq != NULL) {
		*proof_nq = pnq;
		pnq = NULL;
	}
	if (rc == CAIRN_OK && doc_nq != NULL) {
		*doc_nq = dnq;
		dnq = NULL;
	}
	free(pnq);
	free(dnq);
	return rc;
}

/* What every proof must hold (Data Integrity §2.1). */
static enum cairn_err
check_members(const cJSON *proof, const char *suite, enum cairn_err code,
              struct cairn_error *err)
{
	static const char *const required[] = {"verificationMethod", "proofPurpose"};

	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		const cJSON *v = member(proof, required[i]);

		if (v == NULL)
			return cairn_error_set(err, code,
			                       /* TRANSLATORS: a suite, then verificationMethod or proofPurpose */
			                       _("the %s proof has no %s; the proof is incomplete"),
			                       suite, required[i]);
		if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
			return cairn_error_set(err, code,
			                       _("the %s proof's %s is not a non-empty string; the proof is malformed"),
			                       suite, required[i]);
	}
	if (member(proof, "created") != NULL && !cJSON_IsString(member(proof, "created")))
		return cairn_error_set(err, code,
		                       _("the %s proof's created is not a date and time string; the proof is malformed"),
		                       suite);
	return CAIRN_OK;
}

/* The document without its proofs; a proof chain (previousProof) is not
 * followed for these suites. */
static enum cairn_err
unsecured_document(const cJSON *doc, const cJSON *proof, const char *suite,
                   cJSON **out, struct cairn_error *err)
{
	static const char *const proof_member[] = {"proof", NULL};

	*out = NULL;
	if (member(proof, "previousProof") != NULL)
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       _("the %s proof is part of a proof chain (previousProof), which cairn does not check for RDF suites"),
		                       suite);
	return view_with_context(doc, proof_member, NULL, out, err);
}

enum cairn_err
di_rdfc_verify(const cJSON *doc, const cJSON *proof, const struct pubkey *key,
               struct jsonld_loader *l, struct cairn_error *err)
{
	unsigned char sig[DI_SIG_BYTES], hash[64];
	enum di_rdfc_suite suite;
	const char *name;
	cJSON *unsecured = NULL;
	enum cairn_err rc;

	if (!cJSON_IsObject(doc))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the signed document is not a JSON object"));
	if (!cJSON_IsObject(proof))
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the proof is not a JSON object; the proof is malformed"));
	if (!di_rdfc_suite_of(proof, &suite, NULL)) {
		char t[DI_SHOWN_MAX], s[DI_SHOWN_MAX];

		di_shown(json_str(proof, "type") ? json_str(proof, "type") : "-", t);
		di_shown(json_str(proof, "cryptosuite") ? json_str(proof, "cryptosuite") : "-", s);
		return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
		                       /* TRANSLATORS: type and cryptosuite of a proof */
		                       _("the proof is of type %s, cryptosuite %s, not an RDF suite cairn knows (eddsa-rdfc-2022, Ed25519Signature2020)"),
		                       t, s);
	}
	name = suite_name(suite);
	if (key == NULL || l == NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no key or no contexts to check the %s proof with"), name);
	if ((rc = check_members(proof, name, CAIRN_ERR_CHECK, err)) != CAIRN_OK ||
	    (rc = di_proof_signature(proof, name, sig, err)) != CAIRN_OK ||
	    (rc = unsecured_document(doc, proof, name, &unsecured, err)) != CAIRN_OK)
		return rc;
	rc = di_rdfc_hash_data(unsecured, proof, l, hash, NULL, NULL, err);
	cJSON_Delete(unsecured);
	if (rc == CAIRN_ERR_USAGE) {
		char why[CAIRN_ERROR_MAX];

		snprintf(why, sizeof why, "%s", err != NULL ? err->msg : "");
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       /* TRANSLATORS: a suite, then why */
		                       _("the %s proof cannot hold: the document is not valid JSON-LD: %s"),
		                       name, why);
	}
	if (rc != CAIRN_OK)
		return rc;
	rc = sig_verify_ed25519(key, hash, sizeof hash, sig, sizeof sig, err);
	if (rc == CAIRN_ERR_CHECK)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the %s signature does not match: the credential was changed after signing, or signed with another key"),
		                       name);
	return rc;
}

/* The proof before its signature: the suite's type (and cryptosuite),
 * then the options. */
static enum cairn_err
proof_from_options(const cJSON *options, enum di_rdfc_suite suite, cJSON **out,
                   struct cairn_error *err)
{
	const char *type = suite == DI_RDFC_ED25519_2020 ? "Ed25519Signature2020"
	                                                 : "DataIntegrityProof";
	const char *cs = suite == DI_RDFC_ED25519_2020 ? NULL : "eddsa-rdfc-2022";
	const cJSON *given_type = member(options, "type");
	const cJSON *given_cs = member(options, "cryptosuite");
	cJSON *proof;

	*out = NULL;
	if ((given_type != NULL && (!cJSON_IsString(given_type) ||
	                            strcmp(given_type->valuestring, type) != 0)) ||
	    (given_cs != NULL && (cs == NULL || !cJSON_IsString(given_cs) ||
	                          strcmp(given_cs->valuestring, cs) != 0)))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the proof options name another type or cryptosuite than %s uses"),
		                       suite_name(suite));
	if (member(options, "proofValue") != NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the proof options already hold a proofValue; give the options without a signature"));
	proof = cJSON_CreateObject();
	if (proof == NULL || cJSON_AddStringToObject(proof, "type", type) == NULL ||
	    (cs != NULL && cJSON_AddStringToObject(proof, "cryptosuite", cs) == NULL)) {
		cJSON_Delete(proof);
		return out_of_memory(err);
	}
	for (const cJSON *c = options->child; c != NULL; c = c->next) {
		cJSON *copy;

		if (c->string == NULL || strcmp(c->string, "type") == 0 ||
		    strcmp(c->string, "cryptosuite") == 0)
			continue;
		copy = cJSON_Duplicate(c, 1);
		if (copy == NULL || !cJSON_AddItemToObject(proof, c->string, copy)) {
			cJSON_Delete(copy);
			cJSON_Delete(proof);
			return out_of_memory(err);
		}
	}
	*out = proof;
	return CAIRN_OK;
}

enum cairn_err
di_rdfc_sign(const cJSON *doc, const cJSON *options, const unsigned char sk[64],
             enum di_rdfc_suite suite, struct jsonld_loader *l, cJSON **proof,
             struct cairn_error *err)
{
	static const char *const proof_member[] = {"proof", NULL};
	unsigned char hash[64], sig[DI_SIG_BYTES];
	struct jsonld_loader *own = NULL;
	cJSON *made = NULL, *unsecured = NULL;
	char *value;
	enum cairn_err rc;

	*proof = NULL;
	if (!cJSON_IsObject(doc))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the document to sign is not a JSON object"));
	if (!cJSON_IsObject(options))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the proof options are not a JSON object"));
	if ((rc = proof_from_options(options, suite, &made, err)) != CAIRN_OK)
		return rc;
	rc = check_members(made, suite_name(suite), CAIRN_ERR_USAGE, err);
	if (rc == CAIRN_OK && l == NULL) {
		rc = contexts_loader_new(contexts_data_dir(), NULL, &own, err);
		l = own;
	}
	if (rc == CAIRN_OK)
		rc = view_with_context(doc, proof_member, NULL, &unsecured, err);
	if (rc == CAIRN_OK)
		rc = di_rdfc_hash_data(unsecured, made, l, hash, NULL, NULL, err);
	cJSON_Delete(unsecured);
	jsonld_loader_free(own);
	if (rc == CAIRN_ERR_CHECK) {
		/* what cannot be verified must not be signed */
		if (err != NULL)
			err->code = CAIRN_ERR_USAGE;
		rc = CAIRN_ERR_USAGE;
	}
	if (rc != CAIRN_OK) {
		cJSON_Delete(made);
		return rc;
	}
	crypto_sign_detached(sig, NULL, hash, sizeof hash, sk);
	sodium_memzero(hash, sizeof hash);
	value = multibase_base58btc(sig, sizeof sig);
	if (value == NULL || cJSON_AddStringToObject(made, "proofValue", value) == NULL) {
		free(value);
		cJSON_Delete(made);
		return out_of_memory(err);
	}
	free(value);
	*proof = made;
	return CAIRN_OK;
}

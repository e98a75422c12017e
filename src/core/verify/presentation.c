/* Bundles: verifying a presentation as a stranger would (presentation.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "credential.h"
#include "i18n.h"
#include "import/import.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/jsonld.h"
#include "verify/keys.h"
#include "verify/presentation.h"

#define SUITE_JCS  "eddsa-jcs-2022"
#define SUITE_RDFC "eddsa-rdfc-2022"

int
presentation_is_bundle(const unsigned char *data, size_t len)
{
	cJSON *doc = NULL;
	int yes;

	if (json_parse(data, len, CAIRN_MAX_IMPORT_SIZE, "bundle", &doc,
	               NULL) != CAIRN_OK)
		return 0;
	yes = cJSON_IsObject(doc) &&
	      credential_has_type(doc, "VerifiablePresentation") &&
	      cJSON_GetObjectItemCaseSensitive(doc, "proof") != NULL;
	cJSON_Delete(doc);
	return yes;
}

static const unsigned char *
find(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

int
presentation_from_html(const unsigned char *data, size_t len,
                       unsigned char **json, size_t *json_len)
{
	static const char open_tag[] = "<script type=\"application/ld+json\"";
	const unsigned char *s, *e, *end = data + len;

	*json = NULL;
	*json_len = 0;
	if (len < 15 || len > CAIRN_MAX_IMPORT_SIZE ||
	    find(data, len < 64 ? len : 64, "<!DOCTYPE html") == NULL)
		return 0;
	s = find(data, len, open_tag);
	if (s == NULL)
		return 0;
	s = memchr(s, '>', (size_t)(end - s));
	if (s == NULL)
		return 0;
	s++;
	/* "</" never occurs inside: cairn writes "<" in the JSON as \u003c */
	e = find(s, (size_t)(end - s), "</script");
	if (e == NULL)
		return 0;
	*json = malloc((size_t)(e - s) + 1);
	if (*json == NULL)
		return 0;
	memcpy(*json, s, (size_t)(e - s));
	(*json)[e - s] = '\0';
	*json_len = (size_t)(e - s);
	return 1;
}

static void proof_set(struct check *c, enum check_result r, const char *fmt,
                      ...) __attribute__((format(printf, 3, 4)));

static void
proof_set(struct check *c, enum check_result r, const char *fmt, ...)
{
	va_list ap;

	c->result = r;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof c->reason, fmt, ap);
	va_end(ap);
}

static const char *
holder_of(const cJSON *vp)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(vp, "holder");

	if (cJSON_IsString(h))
		return h->valuestring;
	return json_str(h, "id");
}

/* The proof meant for authentication (the first, when there are several). */
static const cJSON *
auth_proof(const cJSON *vp, struct check *c)
{
	const cJSON *proofs = cJSON_GetObjectItemCaseSensitive(vp, "proof"), *p;

	if (cJSON_IsObject(proofs))
		return proofs;
	if (!cJSON_IsArray(proofs) || cJSON_GetArraySize(proofs) == 0) {
		proof_set(c, CHECK_FAILED,
		          _("the presentation carries no holder proof: anyone "
		            "could have put it together"));
		return NULL;
	}
	if (cJSON_GetArraySize(proofs) > CAIRN_MAX_PROOFS) {
		proof_set(c, CHECK_FAILED, _("more than %d proofs"),
		          CAIRN_MAX_PROOFS);
		return NULL;
	}
	cJSON_ArrayForEach(p,
	                   proofs) if (cJSON_IsObject(p) &&
	                               json_str(p, "proofPurpose") != NULL &&
	                               strcmp(json_str(p, "proofPurpose"),
	                                      "authentication") == 0) return p;
	return cJSON_IsObject(proofs->child) ? proofs->child : NULL;
}

static int
domain_matches(const cJSON *d, const char *want)
{
	const cJSON *e;

	if (cJSON_IsString(d))
		return strcmp(d->valuestring, want) == 0;
	if (!cJSON_IsArray(d))
		return 0;
	cJSON_ArrayForEach(e,
	                   d) if (cJSON_IsString(e) &&
	                          strcmp(e->valuestring, want) == 0) return 1;
	return 0;
}

static enum cairn_err
suite_verify(const char *suite, const cJSON *vp, const cJSON *proof,
             const struct pubkey *k, const struct verify_ctx *ctx,
             struct cairn_error *e)
{
	struct jsonld_loader *l = ctx->contexts, *own = NULL;
	enum cairn_err rc;

	if (strcmp(suite, SUITE_JCS) == 0)
		return di_jcs_verify(vp, proof, k, e);
	if (strcmp(suite, SUITE_RDFC) != 0)
		return cairn_error_set(
		    e, CAIRN_ERR_UNDECIDED,
		    _("holder proof suite %s is not supported"), suite);
	if (l == NULL) {
		rc = contexts_loader_new(contexts_data_dir(), ctx->trust, &own,
		                         e);
		if (rc != CAIRN_OK)
			return cairn_error_set(e, CAIRN_ERR_UNDECIDED, "%s",
			                       e->msg);
		l = own;
	}
	rc = di_rdfc_verify(vp, proof, k, l, e);
	jsonld_loader_free(own);
	return rc;
}

/* The holder's proof: who, for what, for whom, and the signature. */
static void
check_holder(const cJSON *vp, const struct verify_ctx *ctx, struct check *c)
{
	const char *holder = holder_of(vp), *vm, *purpose, *suite, *type, *chal,
	           *exp;
	const cJSON *proof = auth_proof(vp, c), *dom;
	size_t hl;
	struct pubkey k;
	struct cairn_error e = {0};
	enum cairn_err rc;

	c->name = "holder";
	if (proof == NULL) {
		if (c->reason[0] == '\0')
			proof_set(c, CHECK_FAILED,
			          _("the holder proof is not an object"));
		return;
	}
	type = json_str(proof, "type");
	suite = json_str(proof, "cryptosuite");
	vm = json_str(proof, "verificationMethod");
	purpose = json_str(proof, "proofPurpose");
	chal = json_str(proof, "challenge");
	dom = cJSON_GetObjectItemCaseSensitive(proof, "domain");
	exp = json_str(proof, "expires");
	if (holder == NULL) {
		proof_set(c, CHECK_FAILED,
		          _("the presentation names no holder"));
		return;
	}
	if (type == NULL || strcmp(type, "DataIntegrityProof") != 0 ||
	    suite == NULL) {
		proof_set(c, CHECK_UNKNOWN,
		          _("holder proof type %s is not supported"),
		          suite ? suite : (type ? type : "?"));
		return;
	}
	if (purpose == NULL || strcmp(purpose, "authentication") != 0) {
		proof_set(c, CHECK_FAILED,
		          _("the holder proof's purpose is %s, not "
		            "authentication: it does not present anything"),
		          purpose ? purpose : _("missing"));
		return;
	}
	hl = strlen(holder);
	if (vm == NULL || strncmp(vm, holder, hl) != 0 || vm[hl] != '#') {
		proof_set(c, CHECK_FAILED,
		          _("the holder proof was made by another key than the "
		            "holder's (%s)"),
		          vm ? vm : _("none named"));
		return;
	}
	if (ctx->challenge != NULL &&
	    (chal == NULL || strcmp(chal, ctx->challenge) != 0)) {
		proof_set(c, CHECK_FAILED,
		          chal ? _("the holder proof answers another challenge "
		                   "than the one you gave")
		               : _("the holder proof answers no challenge, but "
		                   "you gave one"));
		return;
	}
	if (ctx->domain != NULL && !domain_matches(dom, ctx->domain)) {
		proof_set(c, CHECK_FAILED,
		          dom ? _("the holder proof is for another domain than "
		                  "the one you gave")
		              : _("the holder proof names no domain, but you "
		                  "gave one"));
		return;
	}
	if (exp != NULL) {
		time_t t;
		if (credential_parse_time(exp, &t) < 0 || t < ctx->now) {
			proof_set(c, CHECK_FAILED,
			          _("the holder proof expired (%s)"), exp);
			return;
		}
	}
	if (strncmp(holder, "did:key:", 8) != 0) {
		proof_set(c, CHECK_UNKNOWN,
		          _("the holder %s is not a did:key: its key cannot be "
		            "found offline"),
		          holder);
		return;
	}
	memset(&k, 0, sizeof k);
	if (key_from_did_key(vm, &k, NULL, &e) != CAIRN_OK) {
		proof_set(c, CHECK_FAILED,
		          _("the holder's did:key cannot be read: %s"), e.msg);
		return;
	}
	rc = suite_verify(suite, vp, proof, &k, ctx, &e);
	pubkey_clear(&k);
	if (rc == CAIRN_OK)
		proof_set(c, CHECK_OK, _("signed by the holder (%s%s%s)"),
		          suite, chal ? _(", challenge answered") : "",
		          dom ? _(", domain bound") : "");
	else
		proof_set(c,
		          rc == CAIRN_ERR_CHECK ? CHECK_FAILED : CHECK_UNKNOWN,
		          "%s", e.msg);
}

void
presentation_report_clear(struct presentation_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->creds[i].title);
		free(r->creds[i].id);
	}
	free(r->creds);
	free(r->holder);
	cJSON_Delete(r->claim);
	memset(r, 0, sizeof *r);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static enum cairn_err
verify_with(const unsigned char *data, size_t len, const struct verify_ctx *ctx,
            struct presentation_report *out, struct cairn_error *err)
{
	cJSON *vp = NULL;
	struct import_result res;
	struct cairn_error e = {0};
	enum cairn_err rc;
	int failed = 0, unknown = 0;

	memset(out, 0, sizeof *out);
	rc =
	    json_parse(data, len, CAIRN_MAX_IMPORT_SIZE, _("bundle"), &vp, err);
	if (rc != CAIRN_OK)
		return rc;
	if (!cJSON_IsObject(vp) ||
	    !credential_has_type(vp, "VerifiablePresentation")) {
		cJSON_Delete(vp);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("not a Verifiable Presentation"));
	}
	out->holder = dup_or_null(holder_of(vp));
	if (cJSON_GetObjectItemCaseSensitive(vp, "holderClaim") != NULL)
		out->claim = cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(vp, "holderClaim"), 1);
	check_holder(vp, ctx, &out->proof);
	if (out->proof.result == CHECK_FAILED)
		failed = 1;
	else if (out->proof.result == CHECK_UNKNOWN)
		unknown = 1;

	memset(&res, 0, sizeof res);
	if (cJSON_GetObjectItemCaseSensitive(vp, "verifiableCredential") ==
	    NULL) {
		/* a proof of holding nothing: nothing to check but the holder
		 */
	} else if (import_parse(data, len, &res, &e) != CAIRN_OK) {
		proof_set(&out->proof, CHECK_FAILED,
		          _("the credentials inside cannot be read: %s"),
		          e.msg);
		failed = 1;
	} else {
		out->creds = calloc(res.n ? res.n : 1, sizeof *out->creds);
		if (out->creds == NULL) {
			import_result_clear(&res);
			cJSON_Delete(vp);
			presentation_report_clear(out);
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory"));
		}
		for (size_t i = 0; i < res.n; i++) {
			struct presentation_credential *pc = &out->creds[i];
			rc = verify_credential(res.items[i].bytes,
			                       res.items[i].len, ctx,
			                       &pc->verdict, err);
			if (rc != CAIRN_OK) {
				import_result_clear(&res);
				cJSON_Delete(vp);
				presentation_report_clear(out);
				return rc;
			}
			pc->id = strdup(res.items[i].id);
			pc->title =
			    dup_or_null(json_str(res.items[i].record, "title"));
			out->n++;
			if (pc->verdict.overall == VERDICT_FAILED)
				failed = 1;
			else if (pc->verdict.overall == VERDICT_UNDECIDED)
				unknown = 1;
		}
		import_result_clear(&res);
	}
	cJSON_Delete(vp);
	out->verified = !failed && !unknown;
	out->undecided = !failed && unknown;
	return CAIRN_OK;
}

enum cairn_err
presentation_verify(const unsigned char *data, size_t len,
                    const struct verify_ctx *ctx,
                    struct presentation_report *out, struct cairn_error *err)
{
	struct verify_ctx own;
	enum cairn_err rc;

	if (ctx->contexts != NULL)
		return verify_with(data, len, ctx, out, err);
	/* one set of contexts for the holder proof and every credential */
	own = *ctx;
	if (contexts_loader_new(contexts_data_dir(), ctx->trust, &own.contexts,
	                        NULL) != CAIRN_OK)
		own.contexts = NULL;
	rc = verify_with(data, len, &own, out, err);
	jsonld_loader_free(own.contexts);
	return rc;
}

cJSON *
presentation_report_json(const struct presentation_report *r)
{
	cJSON *o = cJSON_CreateObject(), *hp, *list;

	if (o == NULL)
		return NULL;
	cJSON_AddBoolToObject(o, "verified", r->verified);
	cJSON_AddStringToObject(
	    o, "status",
	    r->verified ? "verified" : (r->undecided ? "undecided" : "failed"));
	if (r->holder != NULL)
		cJSON_AddStringToObject(o, "holder", r->holder);
	hp = cJSON_AddObjectToObject(o, "holderProof");
	if (hp != NULL) {
		cJSON_AddStringToObject(hp, "result",
		                        check_result_name(r->proof.result));
		cJSON_AddStringToObject(hp, "reason", r->proof.reason);
	}
	if (r->claim != NULL)
		cJSON_AddItemToObject(o, "holderClaim",
		                      cJSON_Duplicate(r->claim, 1));
	list = cJSON_AddArrayToObject(o, "credentials");
	for (size_t i = 0; list != NULL && i < r->n; i++) {
		cJSON *v = verdict_json(&r->creds[i].verdict, NULL);
		if (v == NULL)
			continue;
		if (r->creds[i].id != NULL)
			cJSON_AddStringToObject(v, "id", r->creds[i].id);
		cJSON_AddStringToObject(
		    v, "title", r->creds[i].title ? r->creds[i].title : "");
		cJSON_AddItemToArray(list, v);
	}
	return o;
}

enum cairn_err
presentation_sign(const cJSON *vp, const char *suite, const char *vm,
                  const unsigned char sk[64], const char *challenge,
                  const char *domain, time_t now, struct jsonld_loader *l,
                  cJSON **proof, struct cairn_error *err)
{
	cJSON *opts = cJSON_CreateObject();
	char created[32];
	struct tm tm;
	enum cairn_err rc;

	*proof = NULL;
	if (opts == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(opts, "created", created);
	cJSON_AddStringToObject(opts, "verificationMethod", vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "authentication");
	if (challenge != NULL)
		cJSON_AddStringToObject(opts, "challenge", challenge);
	if (domain != NULL)
		cJSON_AddStringToObject(opts, "domain", domain);
	if (strcmp(suite, SUITE_JCS) == 0) {
		rc = di_jcs_sign(vp, opts, sk, proof, err);
	} else if (strcmp(suite, SUITE_RDFC) == 0) {
		cJSON_AddStringToObject(opts, "type", "DataIntegrityProof");
		cJSON_AddStringToObject(opts, "cryptosuite", SUITE_RDFC);
		rc = di_rdfc_sign(vp, opts, sk, DI_RDFC_EDDSA_2022, l, proof,
		                  err);
	} else {
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("unknown proof suite '%s'; use "
		                       "eddsa-rdfc-2022 or eddsa-jcs-2022"),
		                     suite);
	}
	cJSON_Delete(opts);
	return rc;
}

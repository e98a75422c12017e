#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collection.h"
#include "credential.h"
#include "i18n.h"
#include "import/jwt.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/contexts.h"
#include "verify/dataintegrity.h"
#include "verify/jsonld.h"
#include "verify/keys.h"
#include "verify/statuslist.h"
#include "verify/trust.h"
#include "verify/verify.h"

const char *
check_result_name(enum check_result r)
{
	switch (r) {
	case CHECK_OK: return "ok";
	case CHECK_FAILED: return "failed";
	default: return "unknown";
	}
}

static struct check *
check_get(struct verdict *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->checks[i].name, name) == 0)
			return &v->checks[i];
	if (v->n == VERDICT_MAX_CHECKS)
		return &v->checks[v->n - 1];
	v->checks[v->n].name = name;
	v->checks[v->n].result = CHECK_UNKNOWN;
	v->checks[v->n].reason[0] = '\0';
	return &v->checks[v->n++];
}

static void set_check(struct verdict *v, const char *name, enum check_result r,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a result; a failure is never overwritten by a weaker one. */
static void
set_check(struct verdict *v, const char *name, enum check_result r, const char *fmt, ...)
{
	struct check *c = check_get(v, name);
	va_list ap;

	if (c->reason[0] != '\0' && (c->result == CHECK_FAILED ||
	                             (c->result == CHECK_UNKNOWN && r == CHECK_OK)))
		return;
	c->result = r;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof c->reason, fmt, ap);
	va_end(ap);
}

/* ---- keys ----------------------------------------------------------- */

enum key_source {
	KEYSRC_NONE,
	KEYSRC_DID_KEY,   /* the identifier is the key */
	KEYSRC_TRUST,     /* the user's trust store */
	KEYSRC_EMBEDDED,  /* named inside what is being checked: not bound */
};

struct resolved {
	struct pubkey key;
	enum key_source source;
	char *controller; /* whose key it is, when known */
};

static void
resolved_clear(struct resolved *r)
{
	pubkey_clear(&r->key);
	free(r->controller);
	memset(r, 0, sizeof *r);
}

static char *
strip_fragment(const char *url)
{
	const char *hash = strchr(url, '#');
	size_t n = hash ? (size_t)(hash - url) : strlen(url);
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, url, n);
		s[n] = '\0';
	}
	return s;
}

/* Finds the key a verification method names, offline. */
static void
resolve_method(const struct verify_ctx *ctx, const char *vm, const cJSON *header_jwk,
               struct resolved *out, struct verdict *v)
{
	struct cairn_error e = {0};

	memset(out, 0, sizeof *out);
	if (vm != NULL && strncmp(vm, "did:key:", 8) == 0) {
		if (key_from_did_key(vm, &out->key, NULL, &e) == CAIRN_OK) {
			out->source = KEYSRC_DID_KEY;
			out->controller = strip_fragment(vm);
			set_check(v, "key", CHECK_OK, _("did:key: the key is its own identifier"));
		} else {
			set_check(v, "key", e.code == CAIRN_ERR_UNDECIDED ? CHECK_UNKNOWN : CHECK_FAILED,
			          _("the did:key cannot be read: %s"), e.msg);
		}
		return;
	}
	if (vm != NULL && ctx->trust != NULL &&
	    trust_resolve(ctx->trust, vm, &out->key, &out->controller, &e) == CAIRN_OK) {
		out->source = KEYSRC_TRUST;
		set_check(v, "key", CHECK_OK, _("from your trust store (%s)"), vm);
		return;
	}
	if (vm != NULL && strchr(vm, '#') != NULL) {
		/* Open Badges 3.0 test issuers name the key in the fragment */
		const char *frag = strchr(vm, '#') + 1;
		if (key_from_multikey(frag, &out->key, &e) == CAIRN_OK) {
			out->source = KEYSRC_EMBEDDED;
			out->controller = strip_fragment(vm);
			set_check(v, "key", CHECK_UNKNOWN,
			          _("the key is only written in the method's own address (%s); add the issuer's DID document or key with 'cairn trust add' to bind it"),
			          vm);
			return;
		}
	}
	if (header_jwk != NULL && key_from_jwk(header_jwk, &out->key, &e) == CAIRN_OK) {
		out->source = KEYSRC_EMBEDDED;
		set_check(v, "key", CHECK_UNKNOWN,
		          _("the key came inside the token's own header; add the issuer's key with 'cairn trust add' to bind it"));
		return;
	}
	set_check(v, "key", CHECK_UNKNOWN, _("key not available offline: %s"),
	          vm != NULL ? vm : _("(no verification method)"));
}

/* Is the signing key the issuer's? */
static void
check_issuer(const struct verify_ctx *ctx, const struct resolved *r,
             const char *issuer, struct verdict *v)
{
	if (issuer == NULL) {
		set_check(v, "issuer", CHECK_FAILED, _("the credential names no issuer"));
		return;
	}
	if (r->source == KEYSRC_DID_KEY || r->source == KEYSRC_TRUST) {
		char *bare = strip_fragment(issuer);
		int same = r->controller != NULL && bare != NULL && strcmp(r->controller, bare) == 0;
		free(bare);
		if (same)
			set_check(v, "issuer", CHECK_OK, _("the issuer %s holds the signing key"), issuer);
		else
			set_check(v, "issuer", CHECK_FAILED, _("signed with a key of %s, not of the issuer %s"),
			          r->controller ? r->controller : "?", issuer);
		return;
	}
	if (ctx->trust != NULL && trust_knows(ctx->trust, issuer) && r->source == KEYSRC_EMBEDDED) {
		set_check(v, "issuer", CHECK_FAILED,
		          _("the issuer %s is in your trust store, but the signing key is not one of its keys"),
		          issuer);
		return;
	}
	set_check(v, "issuer", CHECK_UNKNOWN,
	          _("cannot tie the signing key to the issuer %s offline"), issuer);
}

static const char *
issuer_id(const cJSON *cred)
{
	const cJSON *iss = cJSON_GetObjectItemCaseSensitive(cred, "issuer");

	if (cJSON_IsString(iss))
		return iss->valuestring;
	return json_str(iss, "id");
}

/* ---- Open Badges 2.0 ------------------------------------------------ */

/* The BadgeClass: embedded, or an offline copy in the trust store. */
static const cJSON *
ob2_badge(const struct verify_ctx *ctx, const cJSON *a)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(a, "badge");

	if (cJSON_IsObject(b))
		return b;
	if (cJSON_IsString(b) && ctx->trust != NULL)
		return trust_document(ctx->trust, b->valuestring);
	return NULL;
}

static const char *
ob2_issuer(const struct verify_ctx *ctx, const cJSON *a)
{
	const cJSON *b = ob2_badge(ctx, a), *iss;

	if (b == NULL)
		return NULL;
	iss = cJSON_GetObjectItemCaseSensitive(b, "issuer");
	return cJSON_IsString(iss) ? iss->valuestring : json_str(iss, "id");
}

/* Revocation: the issuer profile's revocationList, from the trust store. */
static void
check_ob2_revocation(const struct verify_ctx *ctx, const cJSON *a, struct verdict *v)
{
	const cJSON *badge = ob2_badge(ctx, a), *issuer, *list, *e;
	const char *iss_id, *list_url, *aid = json_str(a, "id");

	if (badge == NULL) {
		set_check(v, "status", CHECK_UNKNOWN,
		          _("the badge is hosted online (add an offline copy with 'cairn trust add' to check revocation)"));
		return;
	}
	issuer = cJSON_GetObjectItemCaseSensitive(badge, "issuer");
	iss_id = cJSON_IsString(issuer) ? issuer->valuestring : json_str(issuer, "id");
	if (!cJSON_IsObject(issuer) && ctx->trust != NULL)
		issuer = trust_document(ctx->trust, iss_id);
	if (!cJSON_IsObject(issuer)) {
		set_check(v, "status", CHECK_UNKNOWN, _("the issuer's profile is not available offline: %s"),
		          iss_id ? iss_id : "?");
		return;
	}
	list_url = json_str(issuer, "revocationList");
	if (list_url == NULL) {
		set_check(v, "status", CHECK_OK, _("the issuer publishes no revocation list"));
		return;
	}
	list = ctx->trust ? trust_document(ctx->trust, list_url) : NULL;
	if (list == NULL) {
		set_check(v, "status", CHECK_UNKNOWN, _("revocation list not available offline: %s"), list_url);
		return;
	}
	cJSON_ArrayForEach(e, json_arr(list, "revokedAssertions")) {
		const char *rid = cJSON_IsString(e) ? e->valuestring : json_str(e, "id");
		const char *uid = json_str(e, "uid");
		if ((rid != NULL && aid != NULL && strcmp(rid, aid) == 0) ||
		    (uid != NULL && json_str(a, "uid") != NULL && strcmp(uid, json_str(a, "uid")) == 0)) {
			const char *why = json_str(e, "revocationReason");
			set_check(v, "status", CHECK_FAILED, _("revoked (%s)%s%s"), list_url,
			          why ? ": " : "", why ? why : "");
			return;
		}
	}
	set_check(v, "status", CHECK_OK, _("not on the issuer's revocation list (%s)"), list_url);
}

/* ---- time ----------------------------------------------------------- */

static void
fmt_time(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

static void
check_time(const struct verify_ctx *ctx, const char *from, const char *until,
           struct verdict *v)
{
	time_t tf = 0, tu = 0;
	char a[32], b[32];

	if (from != NULL && credential_parse_time(from, &tf) < 0) {
		set_check(v, "time", CHECK_FAILED, _("invalid start date: %s"), from);
		return;
	}
	if (until != NULL && credential_parse_time(until, &tu) < 0) {
		set_check(v, "time", CHECK_FAILED, _("invalid end date: %s"), until);
		return;
	}
	if (from != NULL && ctx->now < tf) {
		fmt_time(tf, a);
		set_check(v, "time", CHECK_FAILED, _("not valid before %s"), a);
		return;
	}
	if (until != NULL && ctx->now >= tu) {
		v->expired = 1;
		fmt_time(tu, a);
		set_check(v, "time", CHECK_FAILED, _("expired on %s"), a);
		return;
	}
	if (until != NULL) {
		fmt_time(tu, b);
		set_check(v, "time", CHECK_OK, _("valid until %s"), b);
	} else {
		set_check(v, "time", CHECK_OK, _("valid, with no expiry date"));
	}
}

static const char *
epoch_text(const cJSON *jwt, const char *claim, char buf[32])
{
	double d;
	time_t t;
	struct tm tm;

	if (jwt == NULL || !json_num(jwt, claim, &d) || d < 0 || d > 253402300799.0)
		return NULL;
	t = (time_t)d;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static void
check_vc_time(const struct verify_ctx *ctx, const cJSON *cred, const cJSON *jwt,
              struct verdict *v)
{
	char b1[32], b2[32];
	const char *from = json_str(cred, "validFrom");
	const char *until = json_str(cred, "validUntil");

	if (from == NULL)
		from = json_str(cred, "issuanceDate");
	if (until == NULL)
		until = json_str(cred, "expirationDate");
	if (from == NULL)
		from = epoch_text(jwt, "nbf", b1);
	if (until == NULL)
		until = epoch_text(jwt, "exp", b2);
	check_time(ctx, from, until, v);
}

/* ---- status --------------------------------------------------------- */

static int
find_by_credential_id(struct collection *c, const char *url, size_t *at)
{
	for (size_t i = 0; i < collection_count(c); i++) {
		const char *id = json_str(collection_record(c, i), "credentialId");
		if (id != NULL && strcmp(id, url) == 0) {
			*at = i;
			return 1;
		}
	}
	return 0;
}

static void
check_status_entry(const struct verify_ctx *ctx, const cJSON *entry, struct verdict *v)
{
	const char *type = json_str(entry, "type");
	const char *url = json_str(entry, "statusListCredential");
	const char *purpose = json_str(entry, "statusPurpose");
	const char *idx_s = json_str(entry, "statusListIndex");
	struct cairn_error e = {0};
	unsigned char *raw = NULL, *bits = NULL;
	size_t rawlen, nbytes, at;
	double d;
	uint64_t index;
	unsigned size = 1;
	cJSON *list = NULL;
	const cJSON *subj;
	const char *encoded;
	int val;

	if (type == NULL || (strcmp(type, "BitstringStatusListEntry") != 0 &&
	                     strcmp(type, "StatusList2021Entry") != 0)) {
		set_check(v, "status", CHECK_UNKNOWN, _("status of type %s cannot be checked offline"),
		          type ? type : "?");
		return;
	}
	if (url == NULL || (idx_s == NULL && !json_num(entry, "statusListIndex", &d))) {
		set_check(v, "status", CHECK_FAILED, _("the status entry is incomplete"));
		return;
	}
	if (idx_s != NULL) {
		char *end;
		unsigned long long n = strtoull(idx_s, &end, 10);
		if (*idx_s == '\0' || *end != '\0' || *idx_s == '-') {
			set_check(v, "status", CHECK_FAILED, _("invalid statusListIndex: %s"), idx_s);
			return;
		}
		index = n;
	} else {
		if (d < 0 || d > 1e15) {
			set_check(v, "status", CHECK_FAILED, _("invalid statusListIndex"));
			return;
		}
		index = (uint64_t)d;
	}
	if (json_num(entry, "statusSize", &d)) {
		if (d < 1 || d > 8) {
			set_check(v, "status", CHECK_UNKNOWN, _("statusSize %g is not supported"), d);
			return;
		}
		size = (unsigned)d;
	}
	if (ctx->coll == NULL || ctx->depth > 0 || !find_by_credential_id(ctx->coll, url, &at)) {
		set_check(v, "status", CHECK_UNKNOWN, _("status list not available offline: %s"), url);
		return;
	}
	if (collection_raw(ctx->coll, at, &raw, &rawlen, &e) != CAIRN_OK) {
		set_check(v, "status", CHECK_UNKNOWN, _("the status list cannot be read: %s"), e.msg);
		return;
	}
	{
		/* the list is a credential: its own proof must hold */
		struct verify_ctx inner = *ctx;
		struct verdict lv;
		inner.depth = ctx->depth + 1;
		if (verify_credential(raw, rawlen, &inner, &lv, &e) != CAIRN_OK) {
			set_check(v, "status", CHECK_UNKNOWN, _("the status list cannot be checked: %s"), e.msg);
			goto out;
		}
		for (size_t i = 0; i < lv.n; i++) {
			if ((strcmp(lv.checks[i].name, "proof") == 0 || strcmp(lv.checks[i].name, "time") == 0) &&
			    lv.checks[i].result != CHECK_OK) {
				set_check(v, "status", CHECK_UNKNOWN, _("the status list %s does not hold: %s"),
				          url, lv.checks[i].reason);
				goto out;
			}
		}
	}
	if (json_parse(raw, rawlen, CAIRN_MAX_IMPORT_SIZE, _("status list"), &list, &e) != CAIRN_OK)
		goto bad;
	subj = cJSON_GetObjectItemCaseSensitive(list, "credentialSubject");
	if (cJSON_IsArray(subj))
		subj = cJSON_GetArrayItem(subj, 0);
	encoded = json_str(subj, "encodedList");
	if (encoded == NULL) {
		set_check(v, "status", CHECK_UNKNOWN, _("the status list %s holds no encodedList"), url);
		goto out;
	}
	if (purpose != NULL && json_str(subj, "statusPurpose") != NULL &&
	    strcmp(purpose, json_str(subj, "statusPurpose")) != 0) {
		set_check(v, "status", CHECK_FAILED, _("the status list is for %s, the entry for %s"),
		          json_str(subj, "statusPurpose"), purpose);
		goto out;
	}
	if (statuslist_decode(encoded, &bits, &nbytes, &e) != CAIRN_OK)
		goto bad;
	val = statuslist_value(bits, nbytes, index, size);
	if (val < 0)
		set_check(v, "status", CHECK_FAILED, _("index %" PRIu64 " is outside the status list %s"),
		          index, url);
	else if (val == 0)
		set_check(v, "status", CHECK_OK, _("not %s (status list %s, index %" PRIu64 ")"),
		          purpose && strcmp(purpose, "suspension") == 0 ? _("suspended") : _("revoked"),
		          url, index);
	else if (purpose == NULL || strcmp(purpose, "revocation") == 0)
		set_check(v, "status", CHECK_FAILED, _("revoked (status list %s, index %" PRIu64 ")"), url, index);
	else if (strcmp(purpose, "suspension") == 0)
		set_check(v, "status", CHECK_FAILED, _("suspended (status list %s, index %" PRIu64 ")"), url, index);
	else
		set_check(v, "status", CHECK_UNKNOWN, _("status %d for purpose %s"), val, purpose);
	goto out;
bad:
	set_check(v, "status", CHECK_UNKNOWN, _("the status list cannot be read: %s"), e.msg);
out:
	cJSON_Delete(list);
	free(bits);
	free(raw);
}

static void
check_status(const struct verify_ctx *ctx, const cJSON *cred, struct verdict *v)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(cred, "credentialStatus"), *e;

	if (st == NULL) {
		set_check(v, "status", CHECK_OK, _("the credential has no status entry"));
		return;
	}
	if (cJSON_IsObject(st)) {
		check_status_entry(ctx, st, v);
		return;
	}
	if (!cJSON_IsArray(st) || cJSON_GetArraySize(st) == 0) {
		set_check(v, "status", CHECK_FAILED, _("credentialStatus is malformed"));
		return;
	}
	cJSON_ArrayForEach(e, st)
		check_status_entry(ctx, e, v);
}

/* ---- proofs --------------------------------------------------------- */

/* One eddsa-rdfc-2022 or Ed25519Signature2020 proof: 1 when it holds. */
static int
check_rdf_proof(const struct verify_ctx *ctx, const cJSON *cred, const cJSON *p,
                const struct pubkey *key, struct verdict *v, const char **suite_ok)
{
	struct jsonld_loader *own = NULL, *l = ctx->contexts;
	struct cairn_error e = {0};
	enum di_rdfc_suite suite;
	enum cairn_err rc = CAIRN_OK;
	int legacy = 0;

	di_rdfc_suite_of(p, &suite, &legacy);
	if (l == NULL) {
		rc = contexts_loader_new(contexts_data_dir(), ctx->trust, &own, &e);
		l = own;
	}
	if (rc == CAIRN_OK)
		rc = di_rdfc_verify(cred, p, key, l, &e);
	jsonld_loader_free(own);
	if (rc == CAIRN_OK) {
		*suite_ok = suite == DI_RDFC_ED25519_2020
		                ? _("Ed25519Signature2020 signature valid")
		            : legacy ? _("eddsa-rdfc-2022 signature valid (the proof names it by its legacy name eddsa-2022)")
		                     : _("eddsa-rdfc-2022 signature valid");
		return 1;
	}
	set_check(v, "proof", rc == CAIRN_ERR_CHECK ? CHECK_FAILED : CHECK_UNKNOWN, "%s", e.msg);
	set_check(v, "issuer", CHECK_UNKNOWN,
	          rc == CAIRN_ERR_CHECK ? _("not checked: the signature does not hold")
	                                : _("not checked: the signature could not be checked"));
	return 0;
}

static void
check_data_integrity(const struct verify_ctx *ctx, const cJSON *cred, struct verdict *v)
{
	const cJSON *proofs = cJSON_GetObjectItemCaseSensitive(cred, "proof"), *p;
	const char *issuer = issuer_id(cred);
	const char *suite_ok = NULL;
	int n = 0, ok = 0, unsupported = 0;
	char unsup[128] = "";

	if (proofs == NULL) {
		set_check(v, "proof", CHECK_FAILED, _("the credential carries no proof: anyone could have written it"));
		set_check(v, "key", CHECK_UNKNOWN, _("no proof, so no key"));
		set_check(v, "issuer", CHECK_UNKNOWN, _("no proof, so the issuer cannot be confirmed"));
		return;
	}
	if (cJSON_IsArray(proofs) && cJSON_GetArraySize(proofs) > CAIRN_MAX_PROOFS) {
		set_check(v, "proof", CHECK_FAILED, _("more than %d proofs"), CAIRN_MAX_PROOFS);
		return;
	}
	p = cJSON_IsArray(proofs) ? proofs->child : proofs;
	for (; p != NULL; p = cJSON_IsArray(proofs) ? p->next : NULL) {
		const char *type = json_str(p, "type");
		const char *suite = json_str(p, "cryptosuite");
		const char *vm = json_str(p, "verificationMethod");
		struct resolved r;
		struct cairn_error e = {0};
		enum di_rdfc_suite rdf_suite;
		int jcs, rdf;
		enum cairn_err rc;

		n++;
		if (!cJSON_IsObject(p)) {
			set_check(v, "proof", CHECK_FAILED, _("a proof is not an object"));
			continue;
		}
		jcs = type != NULL && strcmp(type, "DataIntegrityProof") == 0 && suite != NULL &&
		      strcmp(suite, "eddsa-jcs-2022") == 0;
		rdf = di_rdfc_suite_of(p, &rdf_suite, NULL);
		if (!jcs && !rdf) {
			unsupported++;
			snprintf(unsup, sizeof unsup, "%s", suite ? suite : (type ? type : "?"));
			continue;
		}
		resolve_method(ctx, vm, NULL, &r, v);
		if (r.source == KEYSRC_NONE) {
			set_check(v, "proof", CHECK_UNKNOWN, _("the signing key is not available offline"));
			resolved_clear(&r);
			continue;
		}
		if (rdf) {
			if (check_rdf_proof(ctx, cred, p, &r.key, v, &suite_ok)) {
				ok++;
				check_issuer(ctx, &r, issuer, v);
			}
			resolved_clear(&r);
			continue;
		}
		rc = di_jcs_verify(cred, p, &r.key, &e);
		if (rc == CAIRN_OK) {
			ok++;
			suite_ok = _("eddsa-jcs-2022 signature valid");
			check_issuer(ctx, &r, issuer, v);
		} else if (rc == CAIRN_ERR_CHECK) {
			set_check(v, "proof", CHECK_FAILED, "%s", e.msg);
		} else {
			set_check(v, "proof", CHECK_UNKNOWN, "%s", e.msg);
		}
		resolved_clear(&r);
	}
	if (ok > 0 && ok + unsupported == n)
		set_check(v, "proof", CHECK_OK, "%s", suite_ok);
	if (ok == 0 && unsupported > 0) {
		set_check(v, "proof", CHECK_UNKNOWN, _("proof suite %s is not supported"), unsup);
		set_check(v, "key", CHECK_UNKNOWN, _("not checked: unsupported proof suite"));
		set_check(v, "issuer", CHECK_UNKNOWN, _("not checked: unsupported proof suite"));
	}
}

static void
check_jwt(const struct verify_ctx *ctx, const struct jwt *j, const cJSON *cred,
          struct verdict *v)
{
	const char *alg = json_str(j->header, "alg");
	const char *kid = json_str(j->header, "kid");
	const cJSON *jwk = json_obj(j->header, "jwk");
	const char *vm = kid;
	const char *issuer = credential_is_ob2(cred) ? NULL : issuer_id(cred);
	struct resolved r;
	struct cairn_error e = {0};
	enum cairn_err rc;
	char kidbuf[1024];

	if (credential_is_ob2(cred)) {
		/* Open Badges 2.0 signed: the key is verification.creator */
		vm = json_str(json_obj(cred, "verification"), "creator");
		issuer = ob2_issuer(ctx, cred);
	}
	if (issuer == NULL && json_str(j->payload, "iss") != NULL)
		issuer = json_str(j->payload, "iss");
	if (vm != NULL && kid != NULL && kid[0] == '#' && issuer != NULL) {
		/* a relative kid names a method of the issuer's DID */
		snprintf(kidbuf, sizeof kidbuf, "%s%s", issuer, kid);
		vm = kidbuf;
	}
	resolve_method(ctx, vm, jwk, &r, v);
	if (r.source == KEYSRC_NONE) {
		set_check(v, "proof", CHECK_UNKNOWN, _("the signing key is not available offline"));
		set_check(v, "issuer", CHECK_UNKNOWN, _("the signing key is not available offline"));
		resolved_clear(&r);
		return;
	}
	rc = jws_verify(alg, &r.key, (const unsigned char *)j->compact, j->signing_len,
	                j->sig, j->sig_len, &e);
	if (rc == CAIRN_OK) {
		set_check(v, "proof", CHECK_OK, _("%s signature valid"), alg);
		if (issuer != NULL)
			check_issuer(ctx, &r, issuer, v);
		else
			set_check(v, "issuer", CHECK_UNKNOWN,
			          _("the badge and its issuer are hosted online: who holds the key cannot be told offline"));
	} else {
		set_check(v, "proof", rc == CAIRN_ERR_CHECK ? CHECK_FAILED : CHECK_UNKNOWN, "%s", e.msg);
		set_check(v, "issuer", CHECK_UNKNOWN, _("not checked: the signature does not hold"));
	}
	resolved_clear(&r);
}

/* ---- the verdict ---------------------------------------------------- */

static void
conclude(struct verdict *v)
{
	int failed = 0, unknown = 0, time_failed = 0;

	for (size_t i = 0; i < v->n; i++) {
		const struct check *c = &v->checks[i];
		if (c->result == CHECK_FAILED) {
			if (strcmp(c->name, "time") == 0) {
				time_failed = 1;
			} else {
				failed = 1;
			}
		} else if (c->result == CHECK_UNKNOWN) {
			unknown = 1;
		}
	}
	if (failed || time_failed)
		v->overall = VERDICT_FAILED;
	else if (unknown)
		v->overall = VERDICT_UNDECIDED;
	else
		v->overall = VERDICT_VERIFIED;
	if (failed)
		v->status = "failed";
	else if (time_failed)
		v->status = v->expired ? "expired" : "failed";
	else if (unknown)
		v->status = "unknown";
	else
		v->status = "verified";
}

static void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof *v);
	/* the order a person reads them in */
	check_get(v, "proof");
	check_get(v, "key");
	check_get(v, "issuer");
	check_get(v, "time");
	check_get(v, "status");
}

enum cairn_err
verify_credential(const unsigned char *data, size_t len, const struct verify_ctx *ctx,
                  struct verdict *v, struct cairn_error *err)
{
	cJSON *doc = NULL;
	const cJSON *cred;
	enum cairn_err rc;

	verdict_init(v);
	if (ctx->depth > 1)
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("status lists nested too deeply"));
	if (jwt_looks_like(data, len)) {
		struct jwt j;
		rc = jwt_parse(data, len, &j, err);
		if (rc != CAIRN_OK)
			return rc;
		cred = json_obj(j.payload, "vc");
		if (cred == NULL)
			cred = j.payload;
		check_jwt(ctx, &j, cred, v);
		if (credential_is_ob2(cred))
			check_time(ctx, json_str(cred, "issuedOn"), json_str(cred, "expires"), v);
		else
			check_vc_time(ctx, cred, j.payload, v);
		if (credential_is_ob2(cred))
			check_ob2_revocation(ctx, cred, v);
		else
			check_status(ctx, cred, v);
		jwt_clear(&j);
		conclude(v);
		return CAIRN_OK;
	}
	rc = json_parse(data, len, CAIRN_MAX_IMPORT_SIZE, _("credential"), &doc, err);
	if (rc != CAIRN_OK)
		return rc;
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("not a credential"));
	}
	if (credential_is_ob2(doc)) {
		set_check(v, "proof", CHECK_UNKNOWN,
		          _("an Open Badges 2.0 hosted assertion is checked by fetching it from the issuer, which cannot be done offline"));
		set_check(v, "key", CHECK_UNKNOWN, _("hosted assertions have no key"));
		set_check(v, "issuer", CHECK_UNKNOWN, _("hosted assertions are vouched for by the issuer's web site only"));
		check_time(ctx, json_str(doc, "issuedOn"), json_str(doc, "expires"), v);
		set_check(v, "status", CHECK_UNKNOWN, _("hosted assertions are revoked online"));
	} else if (credential_has_type(doc, "VerifiableCredential")) {
		if (issuer_id(doc) == NULL)
			set_check(v, "issuer", CHECK_FAILED, _("the credential names no issuer"));
		check_data_integrity(ctx, doc, v);
		check_vc_time(ctx, doc, NULL, v);
		check_status(ctx, doc, v);
	} else {
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("not a credential: no VerifiableCredential type and not an Open Badges 2.0 assertion"));
	}
	cJSON_Delete(doc);
	conclude(v);
	return CAIRN_OK;
}

cJSON *
verdict_json(const struct verdict *v, const char *at)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	if (o == NULL)
		return NULL;
	cJSON_AddBoolToObject(o, "verified", v->overall == VERDICT_VERIFIED);
	cJSON_AddStringToObject(o, "status", v->status ? v->status : "unknown");
	if (at != NULL)
		cJSON_AddStringToObject(o, "at", at);
	arr = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < v->n; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "check", v->checks[i].name);
		cJSON_AddStringToObject(c, "result", check_result_name(v->checks[i].result));
		cJSON_AddStringToObject(c, "reason", v->checks[i].reason);
		cJSON_AddItemToArray(arr, c);
	}
	return o;
}

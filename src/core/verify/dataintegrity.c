#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hash.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "verify/dataintegrity.h"
#include "verify/di_common.h"
#include "verify/jcs.h"

#define DI_TYPE "DataIntegrityProof"
#define DI_SUITE "eddsa-jcs-2022"

/* ---- helpers -------------------------------------------------------- */

static enum cairn_err
out_of_memory(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_IO,
	                       _("out of memory checking an eddsa-jcs-2022 proof"));
}

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* cJSON's reference API takes a non-const item; references are only ever
 * read, through jcs_serialise. */
static cJSON *
referable(const cJSON *item)
{
	return (cJSON *)item;
}

/* A new object referring to obj's members (nothing is copied), without
 * the member named skip, which may appear at most once. */
static enum cairn_err
object_view(const cJSON *obj, const char *skip, cJSON **out,
            struct cairn_error *err)
{
	cJSON *view = cJSON_CreateObject();
	int skipped = 0;

	*out = NULL;
	if (view == NULL)
		return out_of_memory(err);
	for (const cJSON *c = obj->child; c != NULL; c = c->next) {
		if (c->string == NULL) {
			cJSON_Delete(view);
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("JSON object holds a member without a name; canonical JSON needs named members"));
		}
		if (strcmp(c->string, skip) == 0) {
			if (++skipped > 1) {
				char name[DI_SHOWN_MAX];

				cJSON_Delete(view);
				di_shown(skip, name);
				return cairn_error_set(err, CAIRN_ERR_USAGE,
				                       /* TRANSLATORS: %s is a member name */
				                       _("JSON object has the member \"%s\" more than once; canonical JSON needs unique names"),
				                       name);
			}
			continue;
		}
		if (!cJSON_AddItemReferenceToObject(view, c->string, referable(c))) {
			cJSON_Delete(view);
			return out_of_memory(err);
		}
	}
	*out = view;
	return CAIRN_OK;
}

static int
is_this_suite(const cJSON *proof)
{
	const char *type = json_str(proof, "type");
	const char *suite = json_str(proof, "cryptosuite");

	return type != NULL && strcmp(type, DI_TYPE) == 0 && suite != NULL &&
	       strcmp(suite, DI_SUITE) == 0;
}

static enum cairn_err
not_this_suite(const cJSON *proof, struct cairn_error *err)
{
	const char *type = json_str(proof, "type");
	const char *suite = json_str(proof, "cryptosuite");
	char t[DI_SHOWN_MAX], s[DI_SHOWN_MAX];

	di_shown(type != NULL ? type : "-", t);
	di_shown(suite != NULL ? suite : "-", s);
	return cairn_error_set(err, CAIRN_ERR_UNDECIDED,
	                       /* TRANSLATORS: type and cryptosuite of a proof */
	                       _("the proof is of type %s, cryptosuite %s, not DataIntegrityProof eddsa-jcs-2022; another suite has to check it"),
	                       t, s);
}

static enum cairn_err
sha256_canonical(const cJSON *value, unsigned char out[32],
                 struct cairn_error *err)
{
	char *text = NULL;
	size_t len = 0;
	enum cairn_err rc = jcs_serialise(value, &text, &len, err);

	if (rc != CAIRN_OK)
		return rc;
	hash_sha256(text, len, out);
	free(text);
	return CAIRN_OK;
}

/* ---- dates ---------------------------------------------------------- */

static int
digits(const char **s, int n, int *value)
{
	*value = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return 0;
		*value = *value * 10 + (**s - '0');
	}
	return 1;
}

/* An XML Schema 1.1 dateTime: -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|±hh:mm)?.
 * Data Integrity asks for a dateTimeStamp (with a time zone) and lets a
 * processor read a value without one as UTC, so the zone is optional. */
static int
datetime_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int neg = 0, ndigits = 0, y400 = 0, first = -1, mon, day, h, mi, sec;
	int leap, tzh, tzm;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	/* the year, modulo 400 for the leap rule; no leading zero beyond four */
	for (; *s >= '0' && *s <= '9'; s++, ndigits++) {
		if (first < 0)
			first = *s - '0';
		y400 = (y400 * 10 + (*s - '0')) % 400;
	}
	if (ndigits < 4 || (ndigits > 4 && first == 0) || *s++ != '-')
		return 0;
	if (neg)
		y400 = (400 - y400) % 400;
	leap = y400 % 4 == 0 && (y400 % 100 != 0 || y400 == 0);
	if (!digits(&s, 2, &mon) || *s++ != '-' || !digits(&s, 2, &day) ||
	    *s++ != 'T' || !digits(&s, 2, &h) || *s++ != ':' ||
	    !digits(&s, 2, &mi) || *s++ != ':' || !digits(&s, 2, &sec))
		return 0;
	if (mon < 1 || mon > 12 || day < 1 ||
	    day > mdays[mon - 1] + (mon == 2 && leap))
		return 0;
	if (*s == '.') {
		int frac_nonzero = 0, n = 0;

		for (s++; *s >= '0' && *s <= '9'; s++, n++)
			frac_nonzero |= *s != '0';
		if (n == 0 || (h == 24 && frac_nonzero))
			return 0;
	}
	if (h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi != 0 || sec != 0)))
		return 0;
	if (*s == 'Z')
		return s[1] == '\0';
	if (*s == '+' || *s == '-') {
		s++;
		if (!digits(&s, 2, &tzh) || *s++ != ':' || !digits(&s, 2, &tzm))
			return 0;
		return *s == '\0' && tzm <= 59 && (tzh < 14 || (tzh == 14 && tzm == 0));
	}
	return *s == '\0';
}

/* ---- the proof's own members ---------------------------------------- */

static enum cairn_err
check_date(const cJSON *proof, const char *name, struct cairn_error *err)
{
	const cJSON *v = member(proof, name);
	char text[DI_SHOWN_MAX];

	if (v == NULL)
		return CAIRN_OK;
	if (!cJSON_IsString(v))
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       /* TRANSLATORS: %s is created or expires */
		                       _("the eddsa-jcs-2022 proof's %s is not a date and time string; the proof is malformed"),
		                       name);
	if (datetime_valid(v->valuestring))
		return CAIRN_OK;
	di_shown(v->valuestring, text);
	return cairn_error_set(err, CAIRN_ERR_CHECK,
	                       /* TRANSLATORS: created or expires, then its value */
	                       _("the eddsa-jcs-2022 proof's %s \"%s\" is not an XML Schema date and time; the proof is malformed"),
	                       name, text);
}

/* What Data Integrity requires of every proof (§2.1, §4.4 step 4). */
static enum cairn_err
check_members(const cJSON *proof, enum cairn_err code, struct cairn_error *err)
{
	static const char *const required[] = {"verificationMethod", "proofPurpose"};
	enum cairn_err rc;

	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		const cJSON *v = member(proof, required[i]);

		if (v == NULL)
			return cairn_error_set(err, code,
			                       /* TRANSLATORS: %s is verificationMethod or proofPurpose */
			                       _("the eddsa-jcs-2022 proof has no %s; the proof is incomplete"),
			                       required[i]);
		if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
			return cairn_error_set(err, code,
			                       _("the eddsa-jcs-2022 proof's %s is not a non-empty string; the proof is malformed"),
			                       required[i]);
	}
	if ((rc = check_date(proof, "created", err)) != CAIRN_OK ||
	    (rc = check_date(proof, "expires", err)) != CAIRN_OK) {
		if (err != NULL)
			err->code = code;
		return code;
	}
	return CAIRN_OK;
}

/* ---- proof sets and chains ------------------------------------------ */

static int
names_id(const cJSON *prev, const char *id)
{
	const cJSON *p;

	if (cJSON_IsString(prev))
		return strcmp(prev->valuestring, id) == 0;
	cJSON_ArrayForEach(p, prev)
		if (strcmp(p->valuestring, id) == 0)
			return 1;
	return 0;
}

/* previousProof: one id, or a list of at most CAIRN_MAX_PROOFS ids. */
static int
previous_valid(const cJSON *prev)
{
	const cJSON *p;

	if (cJSON_IsString(prev))
		return 1;
	if (!cJSON_IsArray(prev) || cJSON_GetArraySize(prev) > CAIRN_MAX_PROOFS)
		return 0;
	cJSON_ArrayForEach(p, prev)
		if (!cJSON_IsString(p))
			return 0;
	return 1;
}

static int
proof_with_id(const cJSON *all, const char *id)
{
	const cJSON *p = cJSON_IsArray(all) ? all->child : all;

	for (; p != NULL; p = cJSON_IsArray(all) ? p->next : NULL) {
		const char *pid = json_str(p, "id");

		if (pid != NULL && strcmp(pid, id) == 0)
			return 1;
	}
	return 0;
}

/* The document a proof signs: doc without its proof member; for a proof
 * that names previous proofs (a proof chain), the proof member becomes the
 * list of those proofs, in the document's order (Data Integrity §4.3 step
 * 6 and §4.5 step 3.3; vc-di-eddsa's proofChainTempDoc vectors).  code:
 * what a bad chain is, CAIRN_ERR_CHECK or CAIRN_ERR_USAGE. */
static enum cairn_err
signed_document(const cJSON *doc, const cJSON *proof, enum cairn_err code,
                cJSON **out, struct cairn_error *err)
{
	const cJSON *all = member(doc, "proof");
	const cJSON *prev = member(proof, "previousProof");
	const char *own = json_str(proof, "id");
	cJSON *view = NULL, *matching = NULL;
	const cJSON *p;
	enum cairn_err rc;

	*out = NULL;
	if (cJSON_IsArray(all) && cJSON_GetArraySize(all) > CAIRN_MAX_PROOFS)
		return cairn_error_set(err, code,
		                       _("the document holds more than %d proofs; cairn refuses it"),
		                       CAIRN_MAX_PROOFS);
	if (prev != NULL && !previous_valid(prev))
		return cairn_error_set(err, code,
		                       _("the proof's previousProof is not an id or a list of at most %d ids; the proof is malformed"),
		                       CAIRN_MAX_PROOFS);
	if (prev != NULL && own != NULL && names_id(prev, own))
		return cairn_error_set(err, code,
		                       _("the proof names itself as its previous proof; the proof chain is malformed"));
	if (prev != NULL) {
		const cJSON *id = cJSON_IsString(prev) ? prev : prev->child;

		for (; id != NULL; id = cJSON_IsString(prev) ? NULL : id->next) {
			char shown_id[DI_SHOWN_MAX];

			if (proof_with_id(all, id->valuestring))
				continue;
			di_shown(id->valuestring, shown_id);
			return cairn_error_set(err, code,
			                       _("the previous proof %s is not in the document; the proof chain is broken"),
			                       shown_id);
		}
	}
	if ((rc = object_view(doc, "proof", &view, err)) != CAIRN_OK) {
		if (err != NULL && rc == CAIRN_ERR_USAGE)
			err->code = code;
		return rc == CAIRN_ERR_USAGE ? code : rc;
	}
	if (prev == NULL) {
		*out = view;
		return CAIRN_OK;
	}
	matching = cJSON_CreateArray();
	if (matching == NULL || !cJSON_AddItemToObject(view, "proof", matching)) {
		cJSON_Delete(matching);
		cJSON_Delete(view);
		return out_of_memory(err);
	}
	for (p = cJSON_IsArray(all) ? all->child : all; p != NULL;
	     p = cJSON_IsArray(all) ? p->next : NULL) {
		const char *pid = json_str(p, "id");

		if (pid == NULL || !names_id(prev, pid))
			continue;
		if (!cJSON_AddItemReferenceToArray(matching, referable(p))) {
			cJSON_Delete(view);
			return out_of_memory(err);
		}
	}
	*out = view;
	return CAIRN_OK;
}

/* ---- the suite ------------------------------------------------------ */

enum cairn_err
di_jcs_hash_data(const cJSON *unsecured, const cJSON *proof,
                 unsigned char out[64], struct cairn_error *err)
{
	const cJSON *proof_ctx;
	cJSON *doc = NULL, *config = NULL;
	enum cairn_err rc;

	if (!cJSON_IsObject(unsecured))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the document to hash is not a JSON object"));
	if (!cJSON_IsObject(proof))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the proof is not a JSON object"));
	if (!is_this_suite(proof))
		return not_this_suite(proof, err);
	/* a proof with an @context was made over the document under that
	 * @context, which must begin the document's (vc-di-eddsa §3.3.2
	 * step 4); the proof configuration is the proof as it stands */
	proof_ctx = member(proof, "@context");
	if (proof_ctx != NULL) {
		if (!di_context_starts_with(member(unsecured, "@context"), proof_ctx))
			return cairn_error_set(err, CAIRN_ERR_CHECK,
			                       _("the document's @context does not begin with the proof's @context; the proof was made for another document"));
		if ((rc = object_view(unsecured, "@context", &doc, err)) != CAIRN_OK)
			return rc;
		if (!cJSON_AddItemReferenceToObject(doc, "@context", referable(proof_ctx))) {
			cJSON_Delete(doc);
			return out_of_memory(err);
		}
	}
	rc = object_view(proof, "proofValue", &config, err);
	if (rc == CAIRN_OK)
		rc = sha256_canonical(config, out, err);
	if (rc == CAIRN_OK)
		rc = sha256_canonical(doc != NULL ? doc : unsecured, out + 32, err);
	cJSON_Delete(config);
	cJSON_Delete(doc);
	if (rc != CAIRN_OK)
		sodium_memzero(out, 64);
	return rc;
}

/* A document or proof JCS refuses cannot carry a valid proof. */
static enum cairn_err
cannot_hold(struct cairn_error *err)
{
	char why[CAIRN_ERROR_MAX];

	if (err == NULL)
		return CAIRN_ERR_CHECK;
	snprintf(why, sizeof why, "%s", err->msg);
	return cairn_error_set(err, CAIRN_ERR_CHECK,
	                       /* TRANSLATORS: %s says why */
	                       _("the eddsa-jcs-2022 proof cannot hold: %s"), why);
}

enum cairn_err
di_jcs_verify(const cJSON *doc, const cJSON *proof, const struct pubkey *key,
              struct cairn_error *err)
{
	unsigned char sig[DI_SIG_BYTES], hash[64];
	cJSON *unsecured = NULL;
	enum cairn_err rc;

	if (!cJSON_IsObject(doc))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the signed document is not a JSON object"));
	if (!cJSON_IsObject(proof))
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the proof is not a JSON object; the proof is malformed"));
	if (!is_this_suite(proof))
		return not_this_suite(proof, err);
	if (key == NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no key to check the eddsa-jcs-2022 proof with"));
	if ((rc = check_members(proof, CAIRN_ERR_CHECK, err)) != CAIRN_OK ||
	    (rc = di_proof_signature(proof, DI_SUITE, sig, err)) != CAIRN_OK ||
	    (rc = signed_document(doc, proof, CAIRN_ERR_CHECK, &unsecured, err)) != CAIRN_OK)
		return rc;
	rc = di_jcs_hash_data(unsecured, proof, hash, err);
	cJSON_Delete(unsecured);
	if (rc == CAIRN_ERR_USAGE || rc == CAIRN_ERR_UNDECIDED)
		return cannot_hold(err);
	if (rc != CAIRN_OK)
		return rc;
	rc = sig_verify_ed25519(key, hash, sizeof hash, sig, sizeof sig, err);
	if (rc == CAIRN_ERR_CHECK)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the eddsa-jcs-2022 signature does not match: the credential was changed after signing, or signed with another key"));
	return rc;
}

/* The proof before its signature: the options with the suite's type and
 * cryptosuite first and the document's @context (vc-di-eddsa §3.3.1
 * steps 1-2). */
static enum cairn_err
proof_from_options(const cJSON *doc, const cJSON *options, cJSON **out,
                   struct cairn_error *err)
{
	static const char *const fixed[][2] = {
		{"type", DI_TYPE}, {"cryptosuite", DI_SUITE},
	};
	const cJSON *doc_ctx = member(doc, "@context");
	cJSON *proof = cJSON_CreateObject();

	*out = NULL;
	if (proof == NULL)
		return out_of_memory(err);
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		const cJSON *given = member(options, fixed[i][0]);

		if (given != NULL && (!cJSON_IsString(given) ||
		                      strcmp(given->valuestring, fixed[i][1]) != 0)) {
			cJSON_Delete(proof);
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       /* TRANSLATORS: %s is type or cryptosuite */
			                       _("the proof options name another %s than eddsa-jcs-2022 uses"),
			                       fixed[i][0]);
		}
		if (cJSON_AddStringToObject(proof, fixed[i][0], fixed[i][1]) == NULL) {
			cJSON_Delete(proof);
			return out_of_memory(err);
		}
	}
	for (const cJSON *c = options->child; c != NULL; c = c->next) {
		cJSON *copy;

		if (c->string == NULL || strcmp(c->string, "type") == 0 ||
		    strcmp(c->string, "cryptosuite") == 0 ||
		    (doc_ctx != NULL && strcmp(c->string, "@context") == 0))
			continue;
		if (strcmp(c->string, "proofValue") == 0) {
			cJSON_Delete(proof);
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("the proof options already hold a proofValue; give the options without a signature"));
		}
		copy = cJSON_Duplicate(c, 1);
		if (copy == NULL || !cJSON_AddItemToObject(proof, c->string, copy)) {
			cJSON_Delete(copy);
			cJSON_Delete(proof);
			return out_of_memory(err);
		}
	}
	if (doc_ctx != NULL) {
		cJSON *copy = cJSON_Duplicate(doc_ctx, 1);

		if (copy == NULL || !cJSON_AddItemToObject(proof, "@context", copy)) {
			cJSON_Delete(copy);
			cJSON_Delete(proof);
			return out_of_memory(err);
		}
	}
	*out = proof;
	return CAIRN_OK;
}

enum cairn_err
di_jcs_sign(const cJSON *doc, const cJSON *options, const unsigned char sk[64],
            cJSON **proof, struct cairn_error *err)
{
	unsigned char hash[64], sig[DI_SIG_BYTES];
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
	if ((rc = proof_from_options(doc, options, &made, err)) != CAIRN_OK)
		return rc;
	rc = check_members(made, CAIRN_ERR_USAGE, err);
	if (rc == CAIRN_OK)
		rc = signed_document(doc, made, CAIRN_ERR_USAGE, &unsecured, err);
	if (rc == CAIRN_OK)
		rc = di_jcs_hash_data(unsecured, made, hash, err);
	cJSON_Delete(unsecured);
	if (rc == CAIRN_ERR_CHECK) {
		/* the options' @context does not fit a document without one */
		if (err != NULL)
			err->code = CAIRN_ERR_USAGE;
		rc = CAIRN_ERR_USAGE;
	}
	if (rc != CAIRN_OK) {
		cJSON_Delete(made);
		return rc;
	}
	crypto_sign_detached(sig, NULL, hash, sizeof hash, sk);
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

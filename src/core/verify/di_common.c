/* Pieces shared by the Data Integrity proof modules. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "verify/di_common.h"
#include "verify/keys.h"

/* Untrusted text as it may appear in a message: printable ASCII only,
 * shortened. */
void
di_shown(const char *s, char out[DI_SHOWN_MAX])
{
	size_t o = 0;

	for (; *s != '\0' && o + 4 < DI_SHOWN_MAX; s++)
		out[o++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
	if (*s != '\0') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* @context as a list: an array's values, or the one value. */
static const cJSON *
context_first(const cJSON *ctx)
{
	return cJSON_IsArray(ctx) ? ctx->child : ctx;
}

static const cJSON *
context_next(const cJSON *ctx, const cJSON *at)
{
	return cJSON_IsArray(ctx) ? at->next : NULL;
}

/* Whether the document's @context starts with all of the proof's, in
 * order (vc-di-eddsa §3.3.2 step 4.1). */
int
di_context_starts_with(const cJSON *doc_ctx, const cJSON *proof_ctx)
{
	const cJSON *d = context_first(doc_ctx);

	for (const cJSON *p = context_first(proof_ctx); p != NULL;
	     p = context_next(proof_ctx, p)) {
		if (d == NULL || !cJSON_Compare(p, d, 1))
			return 0;
		d = context_next(doc_ctx, d);
	}
	return 1;
}

enum cairn_err
di_proof_signature(const cJSON *proof, const char *suite,
                   unsigned char sig[DI_SIG_BYTES], struct cairn_error *err)
{
	const cJSON *pv = cJSON_GetObjectItemCaseSensitive(proof, "proofValue");
	unsigned char *raw = NULL;
	size_t len = 0;
	struct cairn_error inner = {0};

	if (pv == NULL)
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the %s proof has no proofValue; there is no signature to check"),
		                       suite);
	if (!cJSON_IsString(pv) || pv->valuestring[0] != 'z')
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the %s proofValue is not a base58btc multibase string (\"z...\"); the proof is malformed"),
		                       suite);
	if (multibase_decode(pv->valuestring, &raw, &len, &inner) != CAIRN_OK) {
		if (inner.code == CAIRN_ERR_IO)
			return cairn_error_set(err, CAIRN_ERR_IO, "%s", inner.msg);
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       _("the %s proofValue is not valid base58btc; the proof is damaged"),
		                       suite);
	}
	if (len != DI_SIG_BYTES) {
		free(raw);
		return cairn_error_set(err, CAIRN_ERR_CHECK,
		                       P_("the %s proofValue holds %zu byte, not the 64 of an Ed25519 signature; the proof is damaged",
		                          "the %s proofValue holds %zu bytes, not the 64 of an Ed25519 signature; the proof is damaged",
		                          len),
		                       suite, len);
	}
	memcpy(sig, raw, DI_SIG_BYTES);
	free(raw);
	return CAIRN_OK;
}

/* Verdicts: what a stranger can check about a credential, offline.
 *
 * A verdict is a list of checks — proof, key, issuer, time, status — each
 * ok, failed or unknown with a reason a person can read.  Overall:
 * verified only when every check is ok; failed when any check failed;
 * otherwise undecided. */
#ifndef CAIRN_VERIFY_H
#define CAIRN_VERIFY_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"

enum check_result {
	CHECK_OK,
	CHECK_FAILED,
	CHECK_UNKNOWN,
};

#define VERDICT_MAX_CHECKS 8
#define VERDICT_REASON_MAX 320

struct check {
	const char *name; /* "proof", "key", "issuer", "time", "status" */
	enum check_result result;
	char reason[VERDICT_REASON_MAX];
};

enum verdict_overall {
	VERDICT_VERIFIED,
	VERDICT_FAILED,
	VERDICT_UNDECIDED,
};

struct verdict {
	struct check checks[VERDICT_MAX_CHECKS];
	size_t n;
	enum verdict_overall overall;
	const char *status; /* "verified", "failed", "expired", "unknown" */
	int expired;        /* the time check failed because it has expired */
};

struct collection;
struct jsonld_loader;

struct verify_ctx {
	time_t now;
	const char *challenge;      /* for presentations (later) */
	const char *domain;
	const cJSON *trust;         /* data.trust of the vault, or NULL */
	struct collection *coll;    /* to find status lists, or NULL */
	int depth;                  /* 0; status lists are checked at 1 */
	struct jsonld_loader *contexts; /* for the RDF proof suites, made once
	                                 * by contexts_loader_new for a whole
	                                 * run; NULL: made per credential */
};

/* Checks one credential given as its bytes (JSON or a compact JWS). */
enum cairn_err verify_credential(const unsigned char *data, size_t len,
                                 const struct verify_ctx *ctx, struct verdict *v,
                                 struct cairn_error *err);

/* The verdict as JSON: {verified, status, checks: [{check, result,
 * reason}]}; at (may be NULL) is when it was made. */
cJSON *verdict_json(const struct verdict *v, const char *at);

const char *check_result_name(enum check_result r);

#endif

/* JWS compact serialisation (RFC 7515), as VC-JWT and Open Badges use it. */
#ifndef CAIRN_JWT_H
#define CAIRN_JWT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

struct jwt {
	cJSON *header;          /* the JOSE header */
	cJSON *payload;         /* the claims */
	unsigned char *sig;     /* the decoded signature */
	size_t sig_len;
	char *compact;          /* the whole token, trimmed (NUL-ended) */
	size_t signing_len;     /* bytes of compact that are signed: header.payload */
};

/* 1 when the bytes look like one compact JWS: three base64url segments
 * separated by dots, optionally surrounded by white space. */
int jwt_looks_like(const unsigned char *data, size_t len);

/* Splits and decodes a compact JWS; the header and payload must be JSON
 * objects (within the JSON limits) and the header must name an alg. */
enum cairn_err jwt_parse(const unsigned char *data, size_t len, struct jwt *out,
                         struct cairn_error *err);

void jwt_clear(struct jwt *j);

/* base64url without padding (padding tolerated); malloc'd output. */
int base64url_decode(const char *in, size_t len, unsigned char **out,
                     size_t *outlen);

#endif

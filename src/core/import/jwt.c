#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "i18n.h"
#include "import/jwt.h"
#include "json.h"
#include "cairn_limits.h"

static int
b64url_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
trim(const unsigned char **data, size_t *len)
{
	while (*len > 0 && is_space((*data)[0])) {
		(*data)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*data)[*len - 1]))
		(*len)--;
}

int
jwt_looks_like(const unsigned char *data, size_t len)
{
	size_t dots = 0, seg = 0;

	trim(&data, &len);
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '.') {
			if (seg == 0 && dots < 2)
				return 0; /* header and payload may not be empty */
			dots++;
			seg = 0;
		} else if (b64url_char(data[i]) || data[i] == '=') {
			seg++;
		} else {
			return 0;
		}
	}
	return dots == 2;
}

int
base64url_decode(const char *in, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *buf;
	size_t got = 0;

	while (len > 0 && in[len - 1] == '=')
		len--;
	/* libsodium 1.0.18 lets bytes above 0x7f through: check the alphabet
	 * first, so one value has one spelling */
	for (size_t i = 0; i < len; i++)
		if (!b64url_char((unsigned char)in[i]))
			return -1;
	buf = malloc(len * 3 / 4 + 1);
	if (buf == NULL)
		return -1;
	if (sodium_base642bin(buf, len * 3 / 4 + 1, in, len, NULL, &got, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = got;
	return 0;
}

static enum cairn_err
segment_json(const char *seg, size_t len, const char *what, cJSON **out,
             struct cairn_error *err)
{
	unsigned char *raw;
	size_t rlen;
	enum cairn_err rc;

	if (base64url_decode(seg, len, &raw, &rlen) < 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("JWT: the %s is not base64url"), what);
	rc = json_parse(raw, rlen, CAIRN_MAX_IMPORT_SIZE, what, out, err);
	free(raw);
	if (rc == CAIRN_OK && !cJSON_IsObject(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("JWT: the %s is not a JSON object"), what);
	}
	return rc;
}

enum cairn_err
jwt_parse(const unsigned char *data, size_t len, struct jwt *out,
          struct cairn_error *err)
{
	const char *p, *d1, *d2;
	enum cairn_err rc;

	memset(out, 0, sizeof *out);
	trim(&data, &len);
	if (len > CAIRN_MAX_IMPORT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("JWT: too large"));
	if (memchr(data, '~', len) != NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("JWT: selective disclosure (SD-JWT) is not supported"));
	if (!jwt_looks_like(data, len))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("not a compact JWS (header.payload.signature in base64url)"));
	out->compact = malloc(len + 1);
	if (out->compact == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	memcpy(out->compact, data, len);
	out->compact[len] = '\0';
	p = out->compact;
	d1 = strchr(p, '.');
	d2 = strchr(d1 + 1, '.');
	out->signing_len = (size_t)(d2 - p);
	rc = segment_json(p, (size_t)(d1 - p), _("JOSE header"), &out->header, err);
	if (rc == CAIRN_OK)
		rc = segment_json(d1 + 1, (size_t)(d2 - d1 - 1), _("JWT payload"),
		                  &out->payload, err);
	if (rc == CAIRN_OK && json_str(out->header, "alg") == NULL)
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("JWT: the JOSE header names no algorithm"));
	if (rc == CAIRN_OK &&
	    base64url_decode(d2 + 1, strlen(d2 + 1), &out->sig, &out->sig_len) < 0)
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("JWT: the signature is not base64url"));
	if (rc != CAIRN_OK)
		jwt_clear(out);
	return rc;
}

void
jwt_clear(struct jwt *j)
{
	cJSON_Delete(j->header);
	cJSON_Delete(j->payload);
	free(j->sig);
	free(j->compact);
	memset(j, 0, sizeof *j);
}

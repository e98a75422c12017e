#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zlib.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "verify/statuslist.h"

/* The first output buffer; it doubles up to the limit. */
#define STATUSLIST_BUF_START (64UL * 1024)

/* Deflate never stores n bytes in more than n plus 5 bytes a stored
 * block (of up to 64 KiB), plus the GZIP header and trailer: compressed
 * input beyond this cannot be a list within the limit. */
#define STATUSLIST_MAX_COMPRESSED \
	(CAIRN_MAX_STATUS_LIST + CAIRN_MAX_STATUS_LIST / 1024 + 1024)

static int
base64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* base64url, with or without '=' padding; malloc'd output. */
static enum cairn_err
base64url_bytes(const char *text, size_t len, unsigned char **out,
                size_t *outlen, struct cairn_error *err)
{
	unsigned char *buf;
	size_t got = 0, cap;

	*out = NULL;
	*outlen = 0;
	for (int pad = 0; pad < 2 && len > 0 && text[len - 1] == '='; pad++)
		len--;
	if (len == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the status list's encodedList is empty"));
	if (len / 4 * 3 > STATUSLIST_MAX_COMPRESSED)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the status list's encodedList is longer than any list cairn accepts (%lu bytes inflated)"),
		                       (unsigned long)CAIRN_MAX_STATUS_LIST);
	/* libsodium 1.0.18 reads some bytes outside the alphabet: check it
	 * first, so one list has one spelling */
	for (size_t i = 0; i < len; i++)
		if (!base64url_char(text[i]))
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("the status list's encodedList is not base64url; the list is damaged or not a status list"));
	cap = len / 4 * 3 + 3;
	buf = malloc(cap);
	if (buf == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory reading a status list"));
	if (sodium_base642bin(buf, cap, text, len, NULL, &got, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(buf);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the status list's encodedList is not base64url; the list is damaged or not a status list"));
	}
	*out = buf;
	*outlen = got;
	return CAIRN_OK;
}

/* Room for more output: doubles the buffer, never past the limit plus the
 * one byte that tells a list at the limit from one beyond it. */
static enum cairn_err
grow(unsigned char **buf, size_t *cap, struct cairn_error *err)
{
	size_t want = *cap == 0 ? STATUSLIST_BUF_START : *cap * 2;
	unsigned char *p;

	if (want > CAIRN_MAX_STATUS_LIST + 1)
		want = CAIRN_MAX_STATUS_LIST + 1;
	p = realloc(*buf, want);
	if (p == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory inflating a status list"));
	*buf = p;
	*cap = want;
	return CAIRN_OK;
}

static enum cairn_err
too_large(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("the status list inflates to more than %lu bytes; cairn refuses it"),
	                       (unsigned long)CAIRN_MAX_STATUS_LIST);
}

/* Inflates one or more GZIP members, in steps, stopping at the limit. */
static enum cairn_err
gunzip(const unsigned char *in, size_t inlen, unsigned char **out,
       size_t *outlen, struct cairn_error *err)
{
	z_stream zs;
	unsigned char *buf = NULL;
	size_t cap = 0, len = 0;
	enum cairn_err rc = CAIRN_OK;
	int zrc = Z_OK;

	if (inlen < 2 || in[0] != 0x1f || in[1] != 0x8b)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the status list is not GZIP data (no GZIP header); the list is damaged or not a status list"));
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory inflating a status list"));
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)inlen; /* inlen is below the compressed limit */
	for (;;) {
		if (len == cap) {
			if (cap > CAIRN_MAX_STATUS_LIST) {
				rc = too_large(err);
				break;
			}
			if ((rc = grow(&buf, &cap, err)) != CAIRN_OK)
				break;
		}
		zs.next_out = buf + len;
		zs.avail_out = (uInt)(cap - len);
		zrc = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
		if (zrc == Z_STREAM_END) {
			if (zs.avail_in == 0)
				break;
			/* RFC 1952: a file is a series of members */
			if (zs.avail_in < 2 || zs.next_in[0] != 0x1f ||
			    zs.next_in[1] != 0x8b) {
				rc = cairn_error_set(err, CAIRN_ERR_USAGE,
				                     _("the status list has data after its GZIP stream; the list is damaged"));
				break;
			}
			if (inflateReset(&zs) != Z_OK) {
				rc = cairn_error_set(err, CAIRN_ERR_IO,
				                     _("cannot inflate a status list"));
				break;
			}
			continue;
		}
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && zs.avail_out > 0) {
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     _("the status list's GZIP data is truncated; the list is damaged"));
			break;
		}
		if (zrc == Z_BUF_ERROR)
			continue; /* output full: grow */
		if (zrc == Z_MEM_ERROR) {
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("out of memory inflating a status list"));
			break;
		}
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     /* TRANSLATORS: %s is zlib's own message */
		                     _("the status list's GZIP data is damaged (%s)"),
		                     zs.msg != NULL ? zs.msg : "?");
		break;
	}
	inflateEnd(&zs);
	if (rc == CAIRN_OK && len > CAIRN_MAX_STATUS_LIST)
		rc = too_large(err);
	if (rc != CAIRN_OK) {
		free(buf);
		return rc;
	}
	*out = buf;
	*outlen = len;
	return CAIRN_OK;
}

enum cairn_err
statuslist_decode(const char *encoded, unsigned char **bits, size_t *nbytes,
                  struct cairn_error *err)
{
	unsigned char *gz = NULL;
	size_t gzlen = 0, len;
	enum cairn_err rc;

	*bits = NULL;
	*nbytes = 0;
	if (encoded == NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the status list has no encodedList"));
	/* GZIP data starts 1f 8b, which base64 writes "H4s": a leading 'u'
	 * can only be the multibase prefix, never bare base64url */
	if (encoded[0] == 'u')
		encoded++;
	len = strlen(encoded);
	if ((rc = base64url_bytes(encoded, len, &gz, &gzlen, err)) != CAIRN_OK)
		return rc;
	rc = gunzip(gz, gzlen, bits, nbytes, err);
	free(gz);
	if (rc == CAIRN_OK && *bits == NULL) {
		/* an empty bitstring: no entry is in range */
		*bits = malloc(1);
		if (*bits == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory reading a status list"));
	}
	return rc;
}

int
statuslist_value(const unsigned char *bits, size_t nbytes, uint64_t index,
                 unsigned size)
{
	uint64_t first, total;
	int value = 0;

	if (bits == NULL || size < 1 || size > 8)
		return -1;
	if ((uint64_t)nbytes > UINT64_MAX / 8)
		return -1;
	total = (uint64_t)nbytes * 8;
	if (index > UINT64_MAX / size)
		return -1;
	first = index * size;
	if (first >= total || total - first < size)
		return -1;
	for (uint64_t pos = first; pos < first + size; pos++) {
		unsigned bit = ((unsigned)bits[pos / 8] >> (7u - (unsigned)(pos % 8))) & 1u;

		value = (value << 1) | (int)bit;
	}
	return value;
}

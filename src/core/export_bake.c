/* Baking: the credential written into its badge picture (Open Badges 2.0
 * and 3.0 "Baking"), the reverse of import/baked.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "export_render.h"
#include "i18n.h"
#include "import/baked.h"
#include "json.h"
#include "cairn_limits.h"
#include "strbuf.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
put32(struct strbuf *b, uint32_t v)
{
	char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};

	strbuf_add(b, c, 4);
}

/* A text chunk carrying a badge, under either version's keyword. */
static int
is_badge_chunk(const unsigned char *type, const unsigned char *data, size_t n)
{
	static const char *const kw[] = {"openbadges", "openbadgecredential"};

	if (memcmp(type, "iTXt", 4) != 0 && memcmp(type, "tEXt", 4) != 0 &&
	    memcmp(type, "zTXt", 4) != 0)
		return 0;
	for (size_t k = 0; k < 2; k++) {
		size_t l = strlen(kw[k]);
		if (n > l && memcmp(data, kw[k], l) == 0 && data[l] == '\0')
			return 1;
	}
	return 0;
}

enum cairn_err
export_bake_png(const unsigned char *png, size_t len, const char *cred,
                int ob_version, unsigned char **out, size_t *outlen,
                struct cairn_error *err)
{
	const char *kw = ob_version == 2 ? "openbadges" : "openbadgecredential";
	struct baked check;
	struct strbuf b = {0};
	size_t at = 8, clen = strlen(cred);
	int seen_ihdr = 0, seen_iend = 0;

	*out = NULL;
	*outlen = 0;
	/* the reader's checks first: a picture it would refuse is not baked */
	memset(&check, 0, sizeof check);
	if (!baked_is_png(png, len))
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the badge image is not a PNG; try --svg"));
	if (clen > CAIRN_MAX_INFLATED)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the credential is too large to bake "
		                         "(%zu bytes; at most %lu)"),
		                       clen, CAIRN_MAX_INFLATED);
	strbuf_add(&b, (const char *)png, 8);
	while (at + 12 <= len && !seen_iend) {
		uint32_t n = be32(png + at);
		const unsigned char *type = png + at + 4, *data = png + at + 8;
		if (n > CAIRN_MAX_PNG_CHUNK || n > len - at - 12) {
			free(strbuf_take(&b));
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("the badge image is a damaged "
			                         "PNG (chunk at byte %zu)"),
			                       at);
		}
		if (!seen_ihdr && memcmp(type, "IHDR", 4) != 0) {
			free(strbuf_take(&b));
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("the badge image is a damaged "
			                         "PNG (no IHDR first)"));
		}
		if (!is_badge_chunk(type, data, n))
			strbuf_add(&b, (const char *)png + at, n + 12);
		if (memcmp(type, "IHDR", 4) == 0 && !seen_ihdr) {
			/* iTXt: keyword NUL, compression flag 0, method 0,
			 * empty language tag NUL, empty translated keyword NUL
			 */
			size_t kl = strlen(kw), dl = kl + 5 + clen;
			uLong crc;
			unsigned char *chunk = malloc(4 + dl);
			if (chunk == NULL || dl > UINT32_MAX) {
				free(chunk);
				free(strbuf_take(&b));
				return cairn_error_set(err, CAIRN_ERR_IO,
				                       _("out of memory"));
			}
			memcpy(chunk, "iTXt", 4);
			memcpy(chunk + 4, kw, kl + 1);
			memset(chunk + 4 + kl + 1, 0, 4);
			memcpy(chunk + 4 + kl + 5, cred, clen);
			crc = crc32(0L, chunk, (uInt)(4 + dl));
			put32(&b, (uint32_t)dl);
			strbuf_add(&b, (const char *)chunk, 4 + dl);
			put32(&b, (uint32_t)crc);
			free(chunk);
			seen_ihdr = 1;
		}
		if (memcmp(type, "IEND", 4) == 0)
			seen_iend = 1;
		at += n + 12;
	}
	if (!seen_iend) {
		free(strbuf_take(&b));
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the badge image is a damaged PNG (no IEND)"));
	}
	*outlen = b.len;
	*out = (unsigned char *)strbuf_take(&b);
	if (*out == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	/* what we wrote must read back as exactly this credential */
	if (baked_png_read(*out, *outlen, &check, err) != CAIRN_OK ||
	    check.text == NULL || strcmp(check.text, cred) != 0) {
		baked_clear(&check);
		free(*out);
		*out = NULL;
		*outlen = 0;
		if (err != NULL && err->code != CAIRN_OK)
			return err->code;
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the baked PNG does not read back as "
		                         "the credential; not written"));
	}
	baked_clear(&check);
	return CAIRN_OK;
}

/* Finds the end of the element that starts at p (its start tag's name
 * given), in svg bytes; returns the offset after it or 0. */
static size_t
element_end(const char *s, size_t len, size_t p, const char *name)
{
	size_t i = p, nl = strlen(name);
	char close[64];

	while (i < len && s[i] != '>')
		i++;
	if (i >= len)
		return 0;
	if (s[i - 1] == '/')
		return i + 1;
	if (snprintf(close, sizeof close, "</%s", name) >= (int)sizeof close)
		return 0;
	for (i++; i + nl + 2 < len; i++) {
		if (s[i] == '<' && strncmp(s + i, "<![CDATA[", 9) == 0) {
			const char *end = NULL;
			for (size_t k = i + 9; k + 2 < len; k++)
				if (s[k] == ']' && s[k + 1] == ']' &&
				    s[k + 2] == '>') {
					end = s + k;
					break;
				}
			if (end == NULL)
				return 0;
			i = (size_t)(end - s) + 2;
			continue;
		}
		if (strncmp(s + i, close, nl + 2) == 0) {
			while (i < len && s[i] != '>')
				i++;
			return i < len ? i + 1 : 0;
		}
	}
	return 0;
}

enum cairn_err
export_bake_svg(const unsigned char *svg, size_t len, const char *cred,
                int ob_version, unsigned char **out, size_t *outlen,
                struct cairn_error *err)
{
	const char *s = (const char *)svg;
	struct strbuf b = {0};
	struct baked check;
	size_t i, open_end = 0, from = 0;
	const char *elem =
	    ob_version == 2 ? "openbadges:assertion" : "openbadges:credential";
	const char *ns = ob_version == 2 ? "http://openbadges.org"
	                                 : "https://purl.imsglobal.org/ob/v3p0";

	*out = NULL;
	*outlen = 0;
	memset(&check, 0, sizeof check);
	if (!baked_is_svg(svg, len) || memchr(svg, '\0', len) != NULL)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the badge image is not an SVG; try --png"));
	/* after the root element's start tag */
	for (i = 0; i + 4 < len; i++) {
		if (strncmp(s + i, "<svg", 4) == 0 &&
		    (s[i + 4] == ' ' || s[i + 4] == '>' || s[i + 4] == '\n' ||
		     s[i + 4] == '\t' || s[i + 4] == '\r')) {
			for (open_end = i; open_end < len && s[open_end] != '>';
			     open_end++)
				;
			break;
		}
	}
	if (open_end == 0 || open_end >= len || s[open_end - 1] == '/')
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the badge image has no <svg> element to bake into"));
	open_end++;
	strbuf_add(&b, s, open_end);
	strbuf_str(&b, "\n<");
	strbuf_str(&b, elem);
	strbuf_str(&b, " xmlns:openbadges=\"");
	strbuf_str(&b, ns);
	strbuf_str(&b, "\"");
	if (ob_version == 2 && cred[0] != '{') {
		/* a signed 2.0 badge: the JWS goes in verify, as the spec shows
		 */
		strbuf_str(&b, " verify=\"");
		strbuf_str(&b, cred);
		strbuf_str(&b, "\"/>");
	} else {
		strbuf_str(&b, "><![CDATA[");
		for (const char *p = cred; *p; p++) {
			if (p[0] == ']' && p[1] == ']' && p[2] == '>') {
				strbuf_str(&b, "]]]]><![CDATA[>");
				p += 2;
				continue;
			}
			strbuf_char(&b, *p);
		}
		strbuf_str(&b, "]]></");
		strbuf_str(&b, elem);
		strbuf_str(&b, ">");
	}
	/* the rest, without any credential baked before */
	from = open_end;
	for (i = open_end; i < len; i++) {
		const char *which = NULL;
		if (s[i] != '<')
			continue;
		if (strncmp(s + i, "<openbadges:assertion", 21) == 0)
			which = "openbadges:assertion";
		else if (strncmp(s + i, "<openbadges:credential", 22) == 0)
			which = "openbadges:credential";
		if (which != NULL) {
			size_t end = element_end(s, len, i, which);
			if (end == 0) {
				free(strbuf_take(&b));
				return cairn_error_set(
				    err, CAIRN_ERR_USAGE,
				    _("the badge image holds an unfinished "
				      "<%s> element"),
				    which);
			}
			strbuf_add(&b, s + from, i - from);
			from = end;
			i = end - 1;
		}
	}
	strbuf_add(&b, s + from, len - from);
	*outlen = b.len;
	*out = (unsigned char *)strbuf_take(&b);
	if (*out == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (baked_svg_read(*out, *outlen, &check, err) != CAIRN_OK ||
	    check.text == NULL || strcmp(check.text, cred) != 0) {
		baked_clear(&check);
		free(*out);
		*out = NULL;
		*outlen = 0;
		if (err != NULL && err->code != CAIRN_OK)
			return err->code;
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the baked SVG does not read back as "
		                         "the credential; not written"));
	}
	baked_clear(&check);
	return CAIRN_OK;
}

enum cairn_err
export_bake(struct vault *v, struct collection *c, size_t at, int svg,
            unsigned char **out, size_t *len, struct cairn_error *err)
{
	const cJSON *rec = collection_record(c, at);
	const char *hex = json_str(json_obj(rec, "image"), "object");
	const char *fmt = json_str(rec, "format");
	const char *enc = json_str(rec, "encoding");
	struct vault_name name;
	unsigned char *img = NULL, *raw = NULL;
	size_t ilen = 0, rlen = 0;
	char *cred;
	enum cairn_err rc;

	*out = NULL;
	*len = 0;
	if (hex == NULL || vault_name_parse(hex, &name) < 0)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the credential has no stored badge image (cairn fetches "
		      "nothing); bake needs one"));
	rc = collection_raw(c, at, &raw, &rlen, err);
	if (rc != CAIRN_OK)
		return rc;
	cred = malloc(rlen + 1);
	if (cred == NULL) {
		free(raw);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	memcpy(cred, raw, rlen);
	cred[rlen] = '\0';
	free(raw);
	if (enc != NULL && strcmp(enc, "jwt") == 0) {
		/* the compact form only, no surrounding white space */
		size_t b = 0, e = strlen(cred);
		while (b < e && (cred[b] == ' ' || cred[b] == '\n' ||
		                 cred[b] == '\r' || cred[b] == '\t'))
			b++;
		while (e > b && (cred[e - 1] == ' ' || cred[e - 1] == '\n' ||
		                 cred[e - 1] == '\r' || cred[e - 1] == '\t'))
			e--;
		memmove(cred, cred + b, e - b);
		cred[e - b] = '\0';
	}
	rc = vault_get(v, &name, &img, &ilen, err);
	if (rc == CAIRN_OK) {
		int ver = fmt != NULL && strcmp(fmt, "ob2") == 0 ? 2 : 3;
		if (svg)
			rc = export_bake_svg(img, ilen, cred, ver, out, len,
			                     err);
		else
			rc = export_bake_png(img, ilen, cred, ver, out, len,
			                     err);
	}
	free(img);
	free(cred);
	return rc;
}

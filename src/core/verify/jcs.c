#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "verify/jcs.h"

/* ---- numbers -------------------------------------------------------- */

/* A positive decimal m * 10^q, with m below 10^17. */
struct decimal {
	uint64_t m;
	int q;
};

static uint64_t
pow10_u64(int p)
{
	uint64_t r = 1;

	while (p-- > 0)
		r *= 10;
	return r;
}

/* Whether strtod reads m * 10^q back as d.  The text has no decimal
 * separator, so the locale cannot change how it is read. */
static int
decimal_reads_as(struct decimal dec, double d)
{
	char text[48];

	snprintf(text, sizeof text, "%" PRIu64 "e%d", dec.m, dec.q);
	return strtod(text, NULL) == d;
}

/* d (positive, finite) correctly rounded to p significant digits.  The
 * digits and the exponent of "%.*e" are read around whatever separator
 * the locale prints, which may be more than one byte. */
static int
decimal_rounded(double d, int p, struct decimal *dec)
{
	char text[64];
	const char *s;
	uint64_t m = 0;
	int digits = 0, e = 0, neg = 0;

	snprintf(text, sizeof text, "%.*e", p - 1, d);
	for (s = text; *s != '\0' && *s != 'e'; s++) {
		if (*s >= '0' && *s <= '9') {
			m = m * 10 + (uint64_t)(*s - '0');
			digits++;
		}
	}
	if (*s != 'e' || digits != p)
		return -1;
	s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9' && e < 10000; s++)
		e = e * 10 + (*s - '0');
	dec->m = m;
	dec->q = (neg ? -e : e) - (p - 1);
	return 0;
}

/* The shortest decimal that reads back as d (positive, finite) and, of
 * those with that many digits, the nearest to d (ECMA-262 Number::toString
 * step 5 and its note).  The nearest p-digit decimal fails to read back
 * while its neighbour on the other side succeeds only when d is a power
 * of two, whose gap below is half the gap above; so the neighbours of the
 * rounded value are tried too. */
static int
decimal_shortest(double d, struct decimal *dec)
{
	for (int p = 1; p <= 17; p++) {
		uint64_t low = pow10_u64(p - 1), high = pow10_u64(p);
		struct decimal near, up, down;

		if (decimal_rounded(d, p, &near) != 0)
			return -1;
		if (decimal_reads_as(near, d)) {
			*dec = near;
			return 0;
		}
		up = near;
		if (++up.m == high) {
			up.m = low;
			up.q++;
		}
		down = near;
		if (down.m == low) {
			down.m = high - 1;
			down.q--;
		} else {
			down.m--;
		}
		if (decimal_reads_as(up, d)) {
			*dec = up;
			return 0;
		}
		if (decimal_reads_as(down, d)) {
			*dec = down;
			return 0;
		}
	}
	return -1;
}

int
jcs_number(double d, char buf[JCS_NUMBER_MAX])
{
	struct decimal dec;
	char digits[24];
	int k = 0, n, pos = 0;

	if (isnan(d) || isinf(d))
		return -1;
	if (d == 0) { /* and -0 */
		buf[0] = '0';
		buf[1] = '\0';
		return 1;
	}
	/* the common case: integers below 2^53 are their own digits */
	if (d > -9007199254740992.0 && d < 9007199254740992.0 &&
	    d == (double)(int64_t)d)
		return snprintf(buf, JCS_NUMBER_MAX, "%" PRId64, (int64_t)d);
	if (d < 0) {
		buf[pos++] = '-';
		d = -d;
	}
	if (decimal_shortest(d, &dec) != 0)
		return -1;
	while (dec.m % 10 == 0) {
		dec.m /= 10;
		dec.q++;
	}
	for (uint64_t m = dec.m; m > 0; m /= 10)
		digits[k++] = (char)('0' + (int)(m % 10));
	for (int i = 0; i < k / 2; i++) { /* most significant first */
		char c = digits[i];

		digits[i] = digits[k - 1 - i];
		digits[k - 1 - i] = c;
	}
	/* d = 0.digits * 10^n, as ECMA-262 names them */
	n = dec.q + k;
	if (k <= n && n <= 21) {
		memcpy(buf + pos, digits, (size_t)k);
		pos += k;
		for (int i = 0; i < n - k; i++)
			buf[pos++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(buf + pos, digits, (size_t)n);
		pos += n;
		buf[pos++] = '.';
		memcpy(buf + pos, digits + n, (size_t)(k - n));
		pos += k - n;
	} else if (-6 < n && n <= 0) {
		buf[pos++] = '0';
		buf[pos++] = '.';
		for (int i = 0; i < -n; i++)
			buf[pos++] = '0';
		memcpy(buf + pos, digits, (size_t)k);
		pos += k;
	} else {
		int e = n - 1, ae = e < 0 ? -e : e;
		char ed[4];
		int ne = 0;

		buf[pos++] = digits[0];
		if (k > 1) {
			buf[pos++] = '.';
			memcpy(buf + pos, digits + 1, (size_t)(k - 1));
			pos += k - 1;
		}
		buf[pos++] = 'e';
		buf[pos++] = e < 0 ? '-' : '+';
		do {
			ed[ne++] = (char)('0' + ae % 10);
			ae /= 10;
		} while (ae > 0);
		while (ne > 0)
			buf[pos++] = ed[--ne];
	}
	buf[pos] = '\0';
	return pos;
}

/* ---- output --------------------------------------------------------- */

#define JCS_BUF_START 256

/* Holds len bytes and room for a NUL; never more than the limit. */
struct jcs_buf {
	char *data;
	size_t len, cap;
};

static enum cairn_err
buf_put(struct jcs_buf *b, const char *s, size_t n, struct cairn_error *err)
{
	if (n > CAIRN_MAX_JCS_OUTPUT - b->len)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("canonical JSON would be larger than %lu bytes; the document is too large to canonicalise"),
		                       (unsigned long)CAIRN_MAX_JCS_OUTPUT);
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > CAIRN_MAX_JCS_OUTPUT + 1)
			cap = CAIRN_MAX_JCS_OUTPUT + 1;
		p = realloc(b->data, cap);
		if (p == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory writing canonical JSON"));
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	return CAIRN_OK;
}

/* ---- strings -------------------------------------------------------- */

/* Decodes one well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF); returns its length, or 0. */
static size_t
utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2, v = c & 0x1fu, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, v = c & 0x0fu, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, v = c & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static enum cairn_err
invalid_utf8(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("JSON text holds a string that is not valid UTF-8; canonical JSON needs valid UTF-8"));
}

/* As JSON.stringify writes a string: only '"', '\\' and C0 controls are
 * escaped, the short forms where JSON has them; the rest is raw UTF-8. */
static enum cairn_err
put_string(struct jcs_buf *b, const char *str, struct cairn_error *err)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), run = 0, i = 0;
	enum cairn_err rc;

	if ((rc = buf_put(b, "\"", 1, err)) != CAIRN_OK)
		return rc;
	while (i < len) {
		char esc[7];
		size_t elen = 2;
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp);

		if (n == 0)
			return invalid_utf8(err);
		if (cp >= 0x20 && cp != '"' && cp != '\\') {
			i += n;
			continue;
		}
		esc[0] = '\\';
		switch (cp) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[cp >> 4];
			esc[5] = hex[cp & 0xf];
			elen = 6;
			break;
		}
		if ((rc = buf_put(b, str + run, i - run, err)) != CAIRN_OK ||
		    (rc = buf_put(b, esc, elen, err)) != CAIRN_OK)
			return rc;
		i++;
		run = i;
	}
	if ((rc = buf_put(b, str + run, len - run, err)) != CAIRN_OK)
		return rc;
	return buf_put(b, "\"", 1, err);
}

/* ---- objects -------------------------------------------------------- */

struct jcs_member {
	const cJSON *item;
	const uint16_t *name; /* the name as UTF-16 code units */
	size_t units;
};

/* Writes name as UTF-16 into u16 (room for strlen(name) units, which is
 * always enough); returns the number of units, or (size_t)-1. */
static size_t
utf16_from_utf8(const char *name, uint16_t *u16)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), units = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp);

		if (n == 0)
			return (size_t)-1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u16[units++] = (uint16_t)(0xd800 | (cp >> 10));
			u16[units++] = (uint16_t)(0xdc00 | (cp & 0x3ff));
		} else {
			u16[units++] = (uint16_t)cp;
		}
		i += n;
	}
	return units;
}

static int
member_compare(const void *pa, const void *pb)
{
	const struct jcs_member *a = pa, *b = pb;
	size_t n = a->units < b->units ? a->units : b->units;

	for (size_t i = 0; i < n; i++)
		if (a->name[i] != b->name[i])
			return a->name[i] < b->name[i] ? -1 : 1;
	return (a->units > b->units) - (a->units < b->units);
}

/* A member name fit for a message on a terminal: printable ASCII as it
 * is, anything else as \u{...}, cut short when long. */
static void
name_for_message(const char *name, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), o = 0;

	for (size_t i = 0; i < len;) {
		char piece[16];
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp), plen;

		if (n == 0) {
			cp = 0xfffd;
			n = 1;
		}
		if (cp >= 0x20 && cp < 0x7f && cp != '\\') {
			piece[0] = (char)cp;
			plen = 1;
		} else {
			plen = (size_t)snprintf(piece, sizeof piece,
			                        "\\u{%" PRIX32 "}", cp);
		}
		if (o + plen + 4 > size) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, piece, plen);
		o += plen;
		i += n;
	}
	out[o] = '\0';
}

static enum cairn_err put_value(struct jcs_buf *b, const cJSON *v, int depth,
                                struct cairn_error *err);

static enum cairn_err
put_object(struct jcs_buf *b, const cJSON *obj, int depth,
           struct cairn_error *err)
{
	struct jcs_member *members = NULL;
	uint16_t *names = NULL, *next;
	size_t count = 0, total = 0, i;
	enum cairn_err rc = CAIRN_OK;
	const cJSON *c;

	for (c = obj->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("JSON object holds a member without a name; canonical JSON needs named members"));
		count++;
		total += strlen(c->string);
	}
	if (count == 0)
		return buf_put(b, "{}", 2, err);
	members = calloc(count, sizeof *members);
	names = calloc(total > 0 ? total : 1, sizeof *names);
	if (members == NULL || names == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO,
		                     _("out of memory writing canonical JSON"));
		goto out;
	}
	next = names;
	for (i = 0, c = obj->child; c != NULL; c = c->next, i++) {
		size_t units = utf16_from_utf8(c->string, next);

		if (units == (size_t)-1) {
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     _("JSON object has a member name that is not valid UTF-8; canonical JSON needs valid UTF-8"));
			goto out;
		}
		members[i].item = c;
		members[i].name = next;
		members[i].units = units;
		next += units;
	}
	qsort(members, count, sizeof *members, member_compare);
	for (i = 1; i < count; i++) {
		if (member_compare(&members[i - 1], &members[i]) == 0) {
			char shown[80];

			name_for_message(members[i].item->string, shown,
			                 sizeof shown);
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     /* TRANSLATORS: %s is a member name */
			                     _("JSON object has the member \"%s\" more than once; canonical JSON needs unique names"),
			                     shown);
			goto out;
		}
	}
	for (i = 0; i < count && rc == CAIRN_OK; i++) {
		rc = buf_put(b, i == 0 ? "{" : ",", 1, err);
		if (rc == CAIRN_OK)
			rc = put_string(b, members[i].item->string, err);
		if (rc == CAIRN_OK)
			rc = buf_put(b, ":", 1, err);
		if (rc == CAIRN_OK)
			rc = put_value(b, members[i].item, depth, err);
	}
	if (rc == CAIRN_OK)
		rc = buf_put(b, "}", 1, err);
out:
	free(members);
	free(names);
	return rc;
}

/* ---- values --------------------------------------------------------- */

static enum cairn_err
put_number(struct jcs_buf *b, double d, struct cairn_error *err)
{
	char text[JCS_NUMBER_MAX];
	int n = jcs_number(d, text);

	if (n < 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       /* TRANSLATORS: %s is NaN or Infinity */
		                       _("JSON number %s cannot be written in canonical JSON, which has no NaN or Infinity"),
		                       isnan(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity");
	return buf_put(b, text, (size_t)n, err);
}

/* depth counts the arrays and objects around v. */
static enum cairn_err
put_value(struct jcs_buf *b, const cJSON *v, int depth, struct cairn_error *err)
{
	enum cairn_err rc;

	switch (v->type & 0xff) {
	case cJSON_False:
		return buf_put(b, "false", 5, err);
	case cJSON_True:
		return buf_put(b, "true", 4, err);
	case cJSON_NULL:
		return buf_put(b, "null", 4, err);
	case cJSON_Number:
		return put_number(b, v->valuedouble, err);
	case cJSON_String:
		if (v->valuestring == NULL)
			break;
		return put_string(b, v->valuestring, err);
	case cJSON_Raw:
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("JSON holds raw text that was never parsed; canonical JSON needs parsed values"));
	case cJSON_Array:
	case cJSON_Object:
		if (depth >= CAIRN_MAX_JSON_DEPTH)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("JSON nesting is deeper than %d levels; canonical JSON refuses it"),
			                       CAIRN_MAX_JSON_DEPTH);
		if ((v->type & 0xff) == cJSON_Object)
			return put_object(b, v, depth + 1, err);
		if ((rc = buf_put(b, "[", 1, err)) != CAIRN_OK)
			return rc;
		for (const cJSON *c = v->child; c != NULL; c = c->next) {
			if (c != v->child &&
			    (rc = buf_put(b, ",", 1, err)) != CAIRN_OK)
				return rc;
			if ((rc = put_value(b, c, depth + 1, err)) != CAIRN_OK)
				return rc;
		}
		return buf_put(b, "]", 1, err);
	default:
		break;
	}
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("JSON holds a value of no JSON type; canonical JSON cannot write it"));
}

enum cairn_err
jcs_serialise(const cJSON *value, char **out, size_t *len,
              struct cairn_error *err)
{
	struct jcs_buf b = {NULL, 0, JCS_BUF_START};
	enum cairn_err rc;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (value == NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no JSON value to canonicalise"));
	b.data = malloc(b.cap);
	if (b.data == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory writing canonical JSON"));
	rc = put_value(&b, value, 0, err);
	if (rc != CAIRN_OK) {
		free(b.data);
		return rc;
	}
	b.data[b.len] = '\0';
	*out = b.data;
	if (len != NULL)
		*len = b.len;
	return CAIRN_OK;
}

/* Baked badges: the credential inside an Open Badges PNG or SVG image.
 * See baked.h for what is accepted; every limit is in limits.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "import/baked.h"

/* Namespace bindings that can change what an element prefix means (one to
 * an Open Badges namespace, or one hiding such a binding) in scope at
 * once.  Bounds the work of resolving a prefix. */

#define MIB(n) ((unsigned long)(n) >> 20)

/* ---- shared helpers ------------------------------------------------- */

struct buf {
	unsigned char *p;
	size_t len, cap;
};

/* Room for more bytes and a terminating NUL.  0 or -1. */
static int
buf_reserve(struct buf *b, size_t more)
{
	size_t need, cap;
	unsigned char *p;

	if (more > SIZE_MAX - 1 - b->len)
		return -1;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int
buf_add(struct buf *b, const void *data, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int
buf_byte(struct buf *b, unsigned char c)
{
	return buf_add(b, &c, 1);
}

static void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* A malloc'd NUL-terminated copy; NULL when out of memory. */
static char *
copy_text(const unsigned char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Length of the longest valid UTF-8 prefix of s (len when all is valid):
 * shortest forms only, no surrogates, nothing above U+10FFFF. */
static size_t
utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		unsigned long cp, min;
		size_t n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1fu;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0fu;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07u;
			min = 0x10000;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
starts_with_ci(const unsigned char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (len < n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)prefix[i])
			return 0;
	}
	return 1;
}

/* 1 when s, after trimming whitespace, is an http(s) URL and nothing else;
 * *start and *n then give the URL. */
static int
url_only(const unsigned char *s, size_t len, size_t *start, size_t *n)
{
	size_t lo = 0, hi = len, scheme;

	while (lo < hi && is_space(s[lo]))
		lo++;
	while (hi > lo && is_space(s[hi - 1]))
		hi--;
	if (starts_with_ci(s + lo, hi - lo, "https://"))
		scheme = 8;
	else if (starts_with_ci(s + lo, hi - lo, "http://"))
		scheme = 7;
	else
		return 0;
	if (hi - lo <= scheme)
		return 0;
	for (size_t i = lo; i < hi; i++)
		if (s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	*start = lo;
	*n = hi - lo;
	return 1;
}

static int
blank(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

static int
baked_equal(const struct baked *a, const struct baked *b)
{
	if (a->ob_version != b->ob_version)
		return 0;
	if ((a->text == NULL) != (b->text == NULL) ||
	    (a->url == NULL) != (b->url == NULL))
		return 0;
	if (a->text != NULL &&
	    (a->len != b->len || memcmp(a->text, b->text, a->len) != 0))
		return 0;
	if (a->url != NULL && strcmp(a->url, b->url) != 0)
		return 0;
	return 1;
}

void
baked_clear(struct baked *b)
{
	if (b == NULL)
		return;
	free(b->text);
	free(b->url);
	b->text = NULL;
	b->url = NULL;
	b->len = 0;
	b->ob_version = 0;
}

/* ---- PNG ------------------------------------------------------------ */

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G',
                                               '\r', '\n', 0x1a, '\n'};

static const struct {
	const char *keyword;
	int version;
} png_keywords[] = {
	{"openbadges", 2},
	{"openbadgecredential", 3},
};

struct png {
	struct cairn_error *err;
	size_t inflated;       /* text inflated so far, every chunk */
	struct baked found;    /* the credential, once one is read */
	unsigned long found_chunk;
};

/* One chunk's identity for messages. */
struct png_chunk {
	unsigned long index;   /* 1 for IHDR */
	size_t at;             /* byte offset of its length field */
	char type[5];
	const char *keyword;   /* badge keyword, for text chunks */
};

int
baked_is_png(const unsigned char *data, size_t len)
{
	return data != NULL && len >= sizeof png_signature &&
	       memcmp(data, png_signature, sizeof png_signature) == 0;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

static int
png_type_valid(const unsigned char *t)
{
	for (int i = 0; i < 4; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
			return 0;
	return 1;
}

enum inflate_result {
	INFLATE_OK,
	INFLATE_TOO_BIG,
	INFLATE_DAMAGED,
	INFLATE_NOMEM,
};

/* Inflates a zlib stream into a NUL-terminated buffer of at most limit
 * bytes.  The output grows step by step, so a stream claiming gigabytes
 * stops at the limit having allocated no more than about twice it. */
static enum inflate_result
png_inflate(const unsigned char *src, size_t srclen, size_t limit,
            struct buf *out)
{
	z_stream z;
	enum inflate_result res = INFLATE_OK;
	int ret;

	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return INFLATE_NOMEM;
	z.next_in = (z_const Bytef *)src;
	z.avail_in = (uInt)srclen; /* srclen <= CAIRN_MAX_PNG_CHUNK */
	for (;;) {
		size_t room;

		if (out->len > limit) {
			res = INFLATE_TOO_BIG;
			break;
		}
		/* ask for up to one byte past the limit to see it crossed */
		room = limit + 1 - out->len;
		if (room > 65536)
			room = 65536;
		if (buf_reserve(out, room) != 0) {
			res = INFLATE_NOMEM;
			break;
		}
		z.next_out = out->p + out->len;
		z.avail_out = (uInt)room;
		ret = inflate(&z, Z_NO_FLUSH);
		out->len += room - z.avail_out;
		out->p[out->len] = '\0';
		if (ret == Z_STREAM_END) {
			if (out->len > limit)
				res = INFLATE_TOO_BIG;
			else if (z.avail_in != 0)
				res = INFLATE_DAMAGED; /* bytes after the stream */
			break;
		}
		if (ret == Z_MEM_ERROR) {
			res = INFLATE_NOMEM;
			break;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			res = INFLATE_DAMAGED;
			break;
		}
		if (z.avail_in == 0 && z.avail_out != 0) {
			res = INFLATE_DAMAGED; /* the stream stops early */
			break;
		}
	}
	inflateEnd(&z);
	return res;
}

/* Reads the text of a badge chunk (its keyword already matched) into
 * text.  d/n are the chunk data after the keyword's NUL. */
static enum cairn_err
png_badge_text(struct png *w, const struct png_chunk *c,
               const unsigned char *d, size_t n, struct buf *text)
{
	int compressed = 0;
	enum inflate_result r;

	if (strcmp(c->type, "zTXt") == 0) {
		if (n < 1)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s %s) is cut short"),
			                       c->index, c->type, c->keyword);
		if (d[0] != 0)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s %s) uses unknown compression method %u; only 0 (zlib) exists"),
			                       c->index, c->type, c->keyword, d[0]);
		compressed = 1;
		d++;
		n--;
	} else if (strcmp(c->type, "iTXt") == 0) {
		const unsigned char *nul;

		if (n < 2)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s %s) is cut short"),
			                       c->index, c->type, c->keyword);
		if (d[0] > 1)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s %s) has an invalid compression flag %u"),
			                       c->index, c->type, c->keyword, d[0]);
		if (d[0] == 1 && d[1] != 0)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s %s) uses unknown compression method %u; only 0 (zlib) exists"),
			                       c->index, c->type, c->keyword, d[1]);
		compressed = d[0];
		d += 2;
		n -= 2;
		/* language tag, then translated keyword: both NUL-ended */
		for (int field = 0; field < 2; field++) {
			nul = n ? memchr(d, 0, n) : NULL;
			if (nul == NULL)
				return cairn_error_set(w->err, CAIRN_ERR_USAGE,
				                       field == 0 ? _("PNG chunk %lu (%s %s) has no end to its language tag")
				                                  : _("PNG chunk %lu (%s %s) has no end to its translated keyword"),
				                       c->index, c->type, c->keyword);
			n -= (size_t)(nul - d) + 1;
			d = nul + 1;
		}
	}

	if (!compressed) {
		if (buf_add(text, d, n) != 0)
			goto nomem;
		return CAIRN_OK;
	}
	r = png_inflate(d, n, CAIRN_MAX_INFLATED - w->inflated, text);
	if (r == INFLATE_NOMEM)
		goto nomem;
	if (r == INFLATE_TOO_BIG)
		return cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                       _("PNG chunk %lu (%s %s) inflates to more than %lu MiB, the limit for baked text"),
		                       c->index, c->type, c->keyword,
		                       MIB(CAIRN_MAX_INFLATED));
	if (r == INFLATE_DAMAGED)
		return cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                       _("PNG chunk %lu (%s %s) holds damaged compressed text"),
		                       c->index, c->type, c->keyword);
	w->inflated += text->len;
	return CAIRN_OK;
nomem:
	return cairn_error_set(w->err, CAIRN_ERR_IO,
	                       _("out of memory reading PNG chunk %lu (%s %s)"),
	                       c->index, c->type, c->keyword);
}

/* A text chunk: read it when its keyword is a badge keyword. */
static enum cairn_err
png_text_chunk(struct png *w, struct png_chunk *c, const unsigned char *d,
               size_t n)
{
	struct buf text = {0};
	struct baked b = {0};
	size_t bad, start, ulen;
	enum cairn_err e;
	int version = 0;

	for (size_t i = 0; i < sizeof png_keywords / sizeof png_keywords[0]; i++) {
		size_t kl = strlen(png_keywords[i].keyword);

		if (n > kl && d[kl] == 0 &&
		    memcmp(d, png_keywords[i].keyword, kl) == 0) {
			c->keyword = png_keywords[i].keyword;
			version = png_keywords[i].version;
			d += kl + 1;
			n -= kl + 1;
			break;
		}
	}
	if (version == 0)
		return CAIRN_OK;

	e = png_badge_text(w, c, d, n, &text);
	if (e != CAIRN_OK)
		goto out;
	if (text.len > 0 && memchr(text.p, 0, text.len) != NULL) {
		e = cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                    _("PNG chunk %lu (%s %s) holds a NUL byte in its text"),
		                    c->index, c->type, c->keyword);
		goto out;
	}
	bad = utf8_valid_prefix(text.p, text.len);
	if (bad != text.len) {
		e = cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                    _("PNG chunk %lu (%s %s) holds text that is not valid UTF-8 (at text byte %zu)"),
		                    c->index, c->type, c->keyword, bad);
		goto out;
	}
	if (blank(text.p, text.len)) {
		e = cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                    _("PNG chunk %lu (%s %s) holds no text"),
		                    c->index, c->type, c->keyword);
		goto out;
	}

	b.ob_version = version;
	if (url_only(text.p, text.len, &start, &ulen)) {
		b.url = copy_text(text.p + start, ulen);
		if (b.url == NULL)
			goto nomem;
	} else {
		b.text = (char *)text.p;
		b.len = text.len;
		text.p = NULL;
	}

	if (w->found.ob_version == 0) {
		w->found = b;
		w->found_chunk = c->index;
		memset(&b, 0, sizeof b);
	} else if (!baked_equal(&w->found, &b)) {
		e = cairn_error_set(w->err, CAIRN_ERR_USAGE,
		                    _("PNG: the image holds more than one baked credential (chunks %lu and %lu)"),
		                    w->found_chunk, c->index);
		goto out;
	}
	e = CAIRN_OK;
	goto out;
nomem:
	e = cairn_error_set(w->err, CAIRN_ERR_IO,
	                    _("out of memory reading PNG chunk %lu (%s %s)"),
	                    c->index, c->type, c->keyword);
out:
	buf_free(&text);
	baked_clear(&b);
	return e;
}

static enum cairn_err
png_walk(struct png *w, const unsigned char *data, size_t len)
{
	size_t pos = sizeof png_signature;
	unsigned long index = 0;
	enum cairn_err e;

	while (pos < len) {
		struct png_chunk c = {0};
		unsigned long clen, crc;
		const unsigned char *t;

		c.index = ++index;
		c.at = pos;
		if (index > CAIRN_MAX_PNG_CHUNKS)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG has more than %lu chunks"),
			                       (unsigned long)CAIRN_MAX_PNG_CHUNKS);
		if (len - pos < 12)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG is cut short: chunk %lu at byte %zu is incomplete"),
			                       c.index, c.at);
		clen = be32(data + pos);
		t = data + pos + 4;
		if (!png_type_valid(t))
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu at byte %zu has an invalid type (bytes %02x %02x %02x %02x)"),
			                       c.index, c.at, t[0], t[1], t[2], t[3]);
		memcpy(c.type, t, 4);
		if (clen > CAIRN_MAX_PNG_CHUNK)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s) at byte %zu claims %lu bytes, more than the limit of %lu MiB"),
			                       c.index, c.type, c.at, clen,
			                       MIB(CAIRN_MAX_PNG_CHUNK));
		if (clen > len - pos - 12)
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s) at byte %zu claims %lu bytes, past the end of the file"),
			                       c.index, c.type, c.at, clen);
		crc = crc32(crc32(0L, Z_NULL, 0), t, (uInt)(4 + clen));
		if (crc != be32(t + 4 + clen))
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu (%s) at byte %zu has a bad CRC"),
			                       c.index, c.type, c.at);
		if (index == 1) {
			if (strcmp(c.type, "IHDR") != 0)
				return cairn_error_set(w->err, CAIRN_ERR_USAGE,
				                       _("PNG: the first chunk is %s, not IHDR"),
				                       c.type);
			if (clen != 13)
				return cairn_error_set(w->err, CAIRN_ERR_USAGE,
				                       _("PNG chunk 1 (IHDR) has %lu bytes instead of 13"),
				                       clen);
		} else if (strcmp(c.type, "IHDR") == 0) {
			return cairn_error_set(w->err, CAIRN_ERR_USAGE,
			                       _("PNG chunk %lu at byte %zu is a second IHDR"),
			                       c.index, c.at);
		}
		if (strcmp(c.type, "IEND") == 0)
			return CAIRN_OK; /* what follows IEND is not read */
		if (strcmp(c.type, "iTXt") == 0 || strcmp(c.type, "tEXt") == 0 ||
		    strcmp(c.type, "zTXt") == 0) {
			e = png_text_chunk(w, &c, t + 4, clen);
			if (e != CAIRN_OK)
				return e;
		}
		pos += 12 + clen;
	}
	return cairn_error_set(w->err, CAIRN_ERR_USAGE,
	                       _("PNG ends without an IEND chunk (it may be cut short)"));
}

enum cairn_err
baked_png_read(const unsigned char *data, size_t len, struct baked *out,
               struct cairn_error *err)
{
	struct png w = {0};
	enum cairn_err e;

	memset(out, 0, sizeof *out);
	if (len > CAIRN_MAX_IMPORT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("PNG image is larger than the import limit of %lu MiB"),
		                       MIB(CAIRN_MAX_IMPORT_SIZE));
	if (!baked_is_png(data, len))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("not a PNG image (its signature is wrong)"));
	w.err = err;
	e = png_walk(&w, data, len);
	if (e == CAIRN_OK && w.found.ob_version == 0)
		e = cairn_error_set(err, CAIRN_ERR_USAGE,
		                    _("no credential is baked into this PNG"));
	if (e != CAIRN_OK) {
		baked_clear(&w.found);
		return e;
	}
	*out = w.found;
	return CAIRN_OK;
}

/* ---- SVG ------------------------------------------------------------ */

#define SVG_NS_OB2 "http://openbadges.org"
#define SVG_NS_OB3 "https://purl.imsglobal.org/ob/v3p0"

struct svg_elem {
	size_t name, name_len; /* qualified name, offsets in the document */
	size_t at;             /* its '<' */
	size_t nbind;          /* bindings in scope before its own */
};

struct svg_bind {
	size_t prefix, prefix_len; /* prefix_len 0: the default namespace */
	int version;               /* 2, 3, or 0: another namespace */
};

struct svg {
	const unsigned char *d;
	size_t len, pos;
	struct cairn_error *err;
	struct svg_elem open[CAIRN_MAX_SVG_DEPTH];
	size_t depth;
	struct svg_bind bind[CAIRN_MAX_SVG_NS_BINDINGS];
	size_t nbind;
	int seen_root, seen_doctype;
	/* the badge element being read; badge_depth 0 when outside one */
	size_t badge_depth;
	int badge_version;
	int has_verify;
	size_t verify, verify_len; /* raw attribute value */
	struct buf body;
	int has_cdata;
	size_t cdata_first, cdata_last; /* body offsets of CDATA text */
	struct buf scratch;
	/* the credential found */
	struct baked found;
	size_t found_at;
};

/* 1-based line of a document offset, for messages. */
static unsigned long
svg_line(const struct svg *s, size_t at)
{
	unsigned long line = 1;

	if (at > s->len)
		at = s->len;
	for (size_t i = 0; i < at; i++)
		if (s->d[i] == '\n')
			line++;
	return line;
}

/* A name from the document, fit for a message: bytes outside printable
 * ASCII become '?', long names are cut. */
static const char *
svg_msg_name(char *buf, size_t size, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 4 < size; i++)
		buf[i] = (p[i] > 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	if (i < n)
		for (int k = 0; k < 3; k++)
			buf[i++] = '.';
	buf[i] = '\0';
	return buf;
}

static int
svg_at(const struct svg *s, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	return pos <= s->len && s->len - pos >= n &&
	       memcmp(s->d + pos, lit, n) == 0;
}

static int
svg_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c == ':' || c >= 0x80;
}

static int
svg_name_char(unsigned char c)
{
	return svg_name_start(c) || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.';
}

/* Length of the XML name at pos (0 when there is none). */
static size_t
svg_name(const struct svg *s, size_t pos)
{
	size_t i = pos;

	if (i >= s->len || !svg_name_start(s->d[i]))
		return 0;
	while (i < s->len && svg_name_char(s->d[i]))
		i++;
	return i - pos;
}

static size_t
svg_skip_space(const struct svg *s, size_t pos)
{
	while (pos < s->len && is_space(s->d[pos]))
		pos++;
	return pos;
}

static int
utf8_put(struct buf *b, unsigned long cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

static int
xml_char(unsigned long cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd ||
	       (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
	       (cp >= 0x10000 && cp <= 0x10ffff);
}

static enum cairn_err
svg_nomem(struct svg *s)
{
	return cairn_error_set(s->err, CAIRN_ERR_IO,
	                       _("out of memory reading the SVG"));
}

/* The reference at '&' (offset at, before end): its code point and the
 * offset after its ';'.  Only the five predefined entities and character
 * references exist here: nothing is ever expanded from a DTD. */
static enum cairn_err
svg_reference(struct svg *s, size_t at, size_t end, unsigned long *cp,
              size_t *next)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} predefined[] = {
		{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'},
	};
	const unsigned char *d = s->d;
	size_t i = at + 1, semi = i, n;
	char name[48];

	while (semi < end && semi - i < 40 && d[semi] != ';')
		semi++;
	if (semi >= end || d[semi] != ';' || semi == i)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: '&' at line %lu starts no entity or character reference (write &amp;)"),
		                       svg_line(s, at));
	n = semi - i;
	*next = semi + 1;
	if (d[i] == '#') {
		int hex = n > 1 && d[i + 1] == 'x';
		size_t k = i + 1 + (size_t)hex;
		unsigned long v = 0;

		if (k == semi)
			goto bad_char;
		for (; k < semi; k++) {
			unsigned char c = d[k];
			unsigned long digit;

			if (c >= '0' && c <= '9')
				digit = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				digit = (unsigned long)(c - 'a') + 10;
			else if (hex && c >= 'A' && c <= 'F')
				digit = (unsigned long)(c - 'A') + 10;
			else
				goto bad_char;
			v = v * (hex ? 16u : 10u) + digit;
			if (v > 0x10ffff)
				goto bad_char;
		}
		if (!xml_char(v))
			goto bad_char;
		*cp = v;
		return CAIRN_OK;
	}
	for (size_t k = 0; k < sizeof predefined / sizeof predefined[0]; k++) {
		if (strlen(predefined[k].name) == n &&
		    memcmp(d + i, predefined[k].name, n) == 0) {
			*cp = predefined[k].cp;
			return CAIRN_OK;
		}
	}
	return cairn_error_set(s->err, CAIRN_ERR_USAGE,
	                       _("SVG: unknown entity &%s; at line %lu (only &lt; &gt; &amp; &apos; &quot; and character references are allowed)"),
	                       svg_msg_name(name, sizeof name, d + i, n),
	                       svg_line(s, at));
bad_char:
	return cairn_error_set(s->err, CAIRN_ERR_USAGE,
	                       _("SVG: the character reference &%s; at line %lu is not a valid XML character"),
	                       svg_msg_name(name, sizeof name, d + i, n),
	                       svg_line(s, at));
}

/* Checks character data ([start, end), attr 0) or an attribute value
 * (attr 1) and, when out is not NULL, appends its text: references
 * decoded, line ends made LF, and in an attribute value each whitespace
 * character made a space (XML 1.0 3.3.3). */
static enum cairn_err
svg_text(struct svg *s, size_t start, size_t end, struct buf *out, int attr)
{
	const unsigned char *d = s->d;
	size_t i = start;
	enum cairn_err e;

	while (i < end) {
		unsigned char c = d[i];

		if (c == '&') {
			unsigned long cp = 0;
			size_t next = end;

			e = svg_reference(s, i, end, &cp, &next);
			if (e != CAIRN_OK)
				return e;
			if (out != NULL && utf8_put(out, cp) != 0)
				return svg_nomem(s);
			i = next;
			continue;
		}
		if (c == '<')
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: '<' in an attribute value at line %lu (write &lt;)"),
			                       svg_line(s, i));
		if (!attr && c == ']' && end - i >= 3 && d[i + 1] == ']' &&
		    d[i + 2] == '>')
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: ']]>' outside a CDATA section at line %lu"),
			                       svg_line(s, i));
		if (c == '\r') {
			if (i + 1 < end && d[i + 1] == '\n')
				i++;
			c = '\n';
		}
		if (attr && (c == '\n' || c == '\t'))
			c = ' ';
		if (out != NULL && buf_byte(out, c) != 0)
			return svg_nomem(s);
		i++;
	}
	return CAIRN_OK;
}

static enum cairn_err
svg_comment(struct svg *s)
{
	size_t at = s->pos, i = at + 4;

	for (;;) {
		const unsigned char *dash =
			i < s->len ? memchr(s->d + i, '-', s->len - i) : NULL;
		size_t p;

		if (dash == NULL || (size_t)(dash - s->d) + 2 >= s->len)
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: the comment at line %lu is never closed"),
			                       svg_line(s, at));
		p = (size_t)(dash - s->d);
		if (s->d[p + 1] == '-') {
			if (s->d[p + 2] != '>')
				return cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                       _("SVG: '--' inside the comment at line %lu"),
				                       svg_line(s, p));
			s->pos = p + 3;
			return CAIRN_OK;
		}
		i = p + 1;
	}
}

/* Offset of the first `lit` at or after pos, or len. */
static size_t
svg_find(const struct svg *s, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	while (pos < s->len) {
		const unsigned char *p = memchr(s->d + pos, lit[0], s->len - pos);

		if (p == NULL)
			break;
		pos = (size_t)(p - s->d);
		if (s->len - pos >= n && memcmp(p, lit, n) == 0)
			return pos;
		pos++;
	}
	return s->len;
}

/* <?target ...?>; decl 1 for the XML declaration at the start. */
static enum cairn_err
svg_pi(struct svg *s, int decl)
{
	size_t at = s->pos, n = svg_name(s, at + 2), end;
	const unsigned char *target = s->d + at + 2;

	if (n == 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: a processing instruction at line %lu has no target"),
		                       svg_line(s, at));
	end = svg_find(s, at + 2 + n, "?>");
	if (end == s->len)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the processing instruction at line %lu is never closed"),
		                       svg_line(s, at));
	if (n == 3 && starts_with_ci(target, 3, "xml")) {
		size_t enc, i, v;
		unsigned char q;

		if (!decl)
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: an XML declaration is allowed only at the start (line %lu)"),
			                       svg_line(s, at));
		enc = svg_find(s, at + 5, "encoding");
		if (enc < end) {
			i = svg_skip_space(s, enc + 8);
			if (i < end && s->d[i] == '=')
				i = svg_skip_space(s, i + 1);
			if (i >= end || (s->d[i] != '"' && s->d[i] != '\''))
				return cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                       _("SVG: the XML declaration is malformed"));
			q = s->d[i++];
			for (v = i; v < end && s->d[v] != q; v++)
				;
			if (!((v - i == 5 && starts_with_ci(s->d + i, 5, "utf-8")) ||
			      (v - i == 8 && starts_with_ci(s->d + i, 8, "us-ascii"))))
				return cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                       _("SVG: the document declares an encoding other than UTF-8; only UTF-8 is read"));
		}
	}
	s->pos = end + 2;
	return CAIRN_OK;
}

/* <!DOCTYPE ...>: an external identifier is allowed (it is never
 * fetched); an internal subset, where entities are declared, is not. */
static enum cairn_err
svg_doctype(struct svg *s)
{
	size_t at = s->pos, i = at + 9;
	unsigned char quote = 0;

	if (s->seen_root || s->seen_doctype)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: a DOCTYPE at line %lu is out of place"),
		                       svg_line(s, at));
	s->seen_doctype = 1;
	for (; i < s->len; i++) {
		unsigned char c = s->d[i];

		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			if (svg_find(s, i, "ENTITY") < s->len)
				return cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                       _("SVG: entity declarations are not allowed (DOCTYPE at line %lu)"),
				                       svg_line(s, at));
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: a DOCTYPE with an internal subset is not allowed (line %lu)"),
			                       svg_line(s, at));
		} else if (c == '<') {
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: the DOCTYPE at line %lu is malformed"),
			                       svg_line(s, at));
		} else if (c == '>') {
			s->pos = i + 1;
			return CAIRN_OK;
		}
	}
	return cairn_error_set(s->err, CAIRN_ERR_USAGE,
	                       _("SVG: the DOCTYPE at line %lu is never closed"),
	                       svg_line(s, at));
}

/* Appends CDATA or raw text with line ends made LF. */
static int
svg_add_raw(struct buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == '\r') {
			if (i + 1 < n && p[i + 1] == '\n')
				i++;
			c = '\n';
		}
		if (buf_byte(b, c) != 0)
			return -1;
	}
	return 0;
}

static enum cairn_err
svg_cdata(struct svg *s)
{
	size_t at = s->pos, start = at + 9, end = svg_find(s, start, "]]>");

	if (s->depth == 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: a CDATA section outside the root element (line %lu)"),
		                       svg_line(s, at));
	if (end == s->len)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the CDATA section at line %lu is never closed"),
		                       svg_line(s, at));
	if (s->badge_depth) {
		if (!s->has_cdata) {
			s->has_cdata = 1;
			s->cdata_first = s->body.len;
		}
		if (svg_add_raw(&s->body, s->d + start, end - start) != 0)
			return svg_nomem(s);
		s->cdata_last = s->body.len;
	}
	s->pos = end + 3;
	return CAIRN_OK;
}

static int
svg_resolve(const struct svg *s, const unsigned char *prefix, size_t n)
{
	for (size_t i = s->nbind; i-- > 0;)
		if (s->bind[i].prefix_len == n &&
		    memcmp(s->d + s->bind[i].prefix, prefix, n) == 0)
			return s->bind[i].version;
	return 0;
}

/* An xmlns or xmlns:prefix attribute: remember it when it binds a prefix
 * to an Open Badges namespace, or hides such a binding. */
static enum cairn_err
svg_xmlns(struct svg *s, size_t prefix, size_t prefix_len, size_t vstart,
          size_t vend, size_t first_own, size_t at)
{
	int version = 0;
	enum cairn_err e;

	s->scratch.len = 0;
	e = svg_text(s, vstart, vend, &s->scratch, 1);
	if (e != CAIRN_OK)
		return e;
	if (s->scratch.len == strlen(SVG_NS_OB2) &&
	    memcmp(s->scratch.p, SVG_NS_OB2, s->scratch.len) == 0)
		version = 2;
	else if (s->scratch.len == strlen(SVG_NS_OB3) &&
	         memcmp(s->scratch.p, SVG_NS_OB3, s->scratch.len) == 0)
		version = 3;
	if (version == 0 && svg_resolve(s, s->d + prefix, prefix_len) == 0)
		return CAIRN_OK;
	for (size_t i = first_own; i < s->nbind; i++)
		if (s->bind[i].prefix_len == prefix_len &&
		    memcmp(s->d + s->bind[i].prefix, s->d + prefix, prefix_len) == 0)
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: the element at line %lu declares one namespace prefix twice"),
			                       svg_line(s, at));
	if (s->nbind == CAIRN_MAX_SVG_NS_BINDINGS)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: more than %d Open Badges namespace declarations in scope (line %lu)"),
		                       CAIRN_MAX_SVG_NS_BINDINGS, svg_line(s, at));
	s->bind[s->nbind].prefix = prefix;
	s->bind[s->nbind].prefix_len = prefix_len;
	s->bind[s->nbind].version = version;
	s->nbind++;
	return CAIRN_OK;
}

/* 2 or 3 when the element named [name, name+n) is a badge element. */
static int
svg_badge_version(const struct svg *s, size_t name, size_t n)
{
	const unsigned char *p = s->d + name, *colon = memchr(p, ':', n);
	size_t plen = colon ? (size_t)(colon - p) : 0;
	const unsigned char *local = colon ? colon + 1 : p;
	size_t llen = n - (size_t)(local - p);
	int version;

	if (llen == 9 && memcmp(local, "assertion", 9) == 0)
		version = 2;
	else if (llen == 10 && memcmp(local, "credential", 10) == 0)
		version = 3;
	else
		return 0;
	if (plen == 10 && memcmp(p, "openbadges", 10) == 0)
		return version; /* the prefix the specifications write */
	return svg_resolve(s, p, plen) != 0 ? version : 0;
}

static int
svg_is_root_name(const struct svg *s, size_t name, size_t n)
{
	const unsigned char *p = s->d + name, *colon = memchr(p, ':', n);
	const unsigned char *local = colon ? colon + 1 : p;

	return n - (size_t)(local - p) == 3 && memcmp(local, "svg", 3) == 0;
}

static void
svg_badge_reset(struct svg *s)
{
	s->badge_depth = 0;
	s->has_verify = 0;
	s->has_cdata = 0;
	s->body.len = 0;
}

/* The badge element has ended: its body and verify attribute become the
 * credential. */
static enum cairn_err
svg_badge_end(struct svg *s, size_t at, size_t name, size_t name_len)
{
	struct baked b = {0};
	unsigned char *body = s->body.p;
	size_t lo = 0, hi = s->body.len, stop, vlo = 0, vlen = 0, ustart, ulen;
	int body_url = 0, verify_url = 0;
	char ename[48];
	enum cairn_err e;

	svg_msg_name(ename, sizeof ename, s->d + name, name_len);
	/* whitespace around the body is layout; inside CDATA it is kept */
	stop = s->has_cdata ? s->cdata_first : hi;
	while (lo < stop && is_space(body[lo]))
		lo++;
	stop = s->has_cdata ? s->cdata_last : lo;
	while (hi > stop && hi > lo && is_space(body[hi - 1]))
		hi--;

	s->scratch.len = 0;
	if (s->has_verify) {
		e = svg_text(s, s->verify, s->verify + s->verify_len, &s->scratch, 1);
		if (e != CAIRN_OK)
			return e;
		vlo = 0;
		vlen = s->scratch.len;
		while (vlo < vlen && is_space(s->scratch.p[vlo]))
			vlo++;
		while (vlen > vlo && is_space(s->scratch.p[vlen - 1]))
			vlen--;
		vlen -= vlo;
	}
	b.ob_version = s->badge_version;

	if (lo < hi && blank(body + lo, hi - lo))
		lo = hi; /* a CDATA section holding only whitespace */
	if (lo < hi) {
		body_url = url_only(body + lo, hi - lo, &ustart, &ulen);
		if (body_url)
			b.url = copy_text(body + lo + ustart, ulen);
		else
			b.text = copy_text(body + lo, hi - lo);
		if (b.url == NULL && b.text == NULL)
			goto nomem;
		b.len = b.text != NULL ? hi - lo : 0;
	}
	if (vlen > 0) {
		const unsigned char *v = s->scratch.p + vlo;

		verify_url = url_only(v, vlen, &ustart, &ulen);
		if (verify_url) {
			if (b.url != NULL &&
			    (strlen(b.url) != vlen || memcmp(b.url, v, vlen) != 0)) {
				e = cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                    _("SVG: the <%s> element at line %lu names one URL in its verify attribute and another in its body"),
				                    ename, svg_line(s, at));
				goto fail;
			}
			if (b.url == NULL && (b.url = copy_text(v, vlen)) == NULL)
				goto nomem;
		} else if (lo < hi) {
			e = cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                    _("SVG: the <%s> element at line %lu holds both a signed credential in its verify attribute and a body; only one is allowed"),
			                    ename, svg_line(s, at));
			goto fail;
		} else {
			if ((b.text = copy_text(v, vlen)) == NULL)
				goto nomem;
			b.len = vlen;
		}
	}
	if (b.text == NULL && b.url == NULL) {
		e = cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                    _("SVG: the <%s> element at line %lu holds no credential"),
		                    ename, svg_line(s, at));
		goto fail;
	}

	if (s->found.ob_version == 0) {
		s->found = b;
		s->found_at = at;
	} else if (!baked_equal(&s->found, &b)) {
		e = cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                    _("SVG: the image holds more than one baked credential (lines %lu and %lu)"),
		                    svg_line(s, s->found_at), svg_line(s, at));
		goto fail;
	} else {
		baked_clear(&b);
	}
	svg_badge_reset(s);
	return CAIRN_OK;
nomem:
	e = svg_nomem(s);
fail:
	baked_clear(&b);
	return e;
}

static enum cairn_err
svg_start_tag(struct svg *s)
{
	size_t at = s->pos, name = at + 1, n = svg_name(s, name), i;
	size_t first_own = s->nbind;
	int empty = 0, version;
	char ename[48];
	enum cairn_err e;

	if (n == 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: '<' at line %lu is not followed by an element name (write &lt;)"),
		                       svg_line(s, at));
	svg_msg_name(ename, sizeof ename, s->d + name, n);
	if (s->badge_depth)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: element <%s> at line %lu is inside the baked credential, which may hold only text"),
		                       ename, svg_line(s, at));
	if (s->depth == 0 && s->seen_root)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: element <%s> at line %lu comes after the root element"),
		                       ename, svg_line(s, at));
	if (s->depth == CAIRN_MAX_SVG_DEPTH)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: elements are nested more than %d deep (line %lu)"),
		                       CAIRN_MAX_SVG_DEPTH, svg_line(s, at));
	if (s->depth == 0) {
		if (!svg_is_root_name(s, name, n))
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: the root element is <%s>, not <svg>"),
			                       ename);
		s->seen_root = 1;
	}
	s->has_verify = 0;

	i = name + n;
	for (;;) {
		size_t j = svg_skip_space(s, i), an, vstart, vend;
		const unsigned char *a;

		if (j >= s->len)
			goto unclosed;
		if (s->d[j] == '>') {
			i = j + 1;
			break;
		}
		if (s->d[j] == '/') {
			if (j + 1 >= s->len || s->d[j + 1] != '>')
				goto malformed;
			empty = 1;
			i = j + 2;
			break;
		}
		an = svg_name(s, j);
		if (j == i || an == 0)
			goto malformed;
		a = s->d + j;
		i = svg_skip_space(s, j + an);
		if (i >= s->len || s->d[i] != '=')
			goto malformed;
		i = svg_skip_space(s, i + 1);
		if (i >= s->len || (s->d[i] != '"' && s->d[i] != '\''))
			goto malformed;
		vstart = i + 1;
		{
			const unsigned char *q =
				memchr(s->d + vstart, s->d[i], s->len - vstart);

			if (q == NULL)
				goto unclosed;
			vend = (size_t)(q - s->d);
		}
		i = vend + 1;
		if (an == 5 && memcmp(a, "xmlns", 5) == 0)
			e = svg_xmlns(s, j, 0, vstart, vend, first_own, at);
		else if (an > 6 && memcmp(a, "xmlns:", 6) == 0)
			e = svg_xmlns(s, j + 6, an - 6, vstart, vend, first_own, at);
		else
			e = svg_text(s, vstart, vend, NULL, 1);
		if (e != CAIRN_OK)
			return e;
		if (an == 6 && memcmp(a, "verify", 6) == 0) {
			if (s->has_verify)
				return cairn_error_set(s->err, CAIRN_ERR_USAGE,
				                       _("SVG: element <%s> at line %lu has two verify attributes"),
				                       ename, svg_line(s, at));
			s->has_verify = 1;
			s->verify = vstart;
			s->verify_len = vend - vstart;
		}
	}
	s->pos = i;

	version = svg_badge_version(s, name, n);
	if (!empty) {
		s->open[s->depth].name = name;
		s->open[s->depth].name_len = n;
		s->open[s->depth].at = at;
		s->open[s->depth].nbind = first_own;
		s->depth++;
	}
	if (version != 0) {
		s->badge_version = version;
		s->badge_depth = s->depth;
		if (empty)
			e = svg_badge_end(s, at, name, n);
		else
			e = CAIRN_OK;
	} else {
		e = CAIRN_OK;
	}
	if (empty)
		s->nbind = first_own;
	return e;
unclosed:
	return cairn_error_set(s->err, CAIRN_ERR_USAGE,
	                       _("SVG: the tag <%s> at line %lu is never closed"),
	                       ename, svg_line(s, at));
malformed:
	return cairn_error_set(s->err, CAIRN_ERR_USAGE,
	                       _("SVG: malformed attributes in <%s> at line %lu"),
	                       ename, svg_line(s, at));
}

static enum cairn_err
svg_end_tag(struct svg *s)
{
	size_t at = s->pos, name = at + 2, n = svg_name(s, name), i;
	struct svg_elem *open;
	char ename[48], oname[48];

	if (n == 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: malformed end tag at line %lu"),
		                       svg_line(s, at));
	svg_msg_name(ename, sizeof ename, s->d + name, n);
	i = svg_skip_space(s, name + n);
	if (i >= s->len || s->d[i] != '>')
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the end tag </%s> at line %lu is never closed"),
		                       ename, svg_line(s, at));
	if (s->depth == 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the end tag </%s> at line %lu closes no element"),
		                       ename, svg_line(s, at));
	open = &s->open[s->depth - 1];
	if (open->name_len != n || memcmp(s->d + open->name, s->d + name, n) != 0)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the end tag </%s> at line %lu does not close <%s> (line %lu)"),
		                       ename, svg_line(s, at),
		                       svg_msg_name(oname, sizeof oname,
		                                    s->d + open->name, open->name_len),
		                       svg_line(s, open->at));
	s->pos = i + 1;
	if (s->badge_depth == s->depth) {
		enum cairn_err e = svg_badge_end(s, open->at, open->name, n);

		if (e != CAIRN_OK)
			return e;
	}
	s->nbind = open->nbind;
	s->depth--;
	return CAIRN_OK;
}

/* Whole-document checks first: UTF-8, and no control character that XML
 * forbids (so nothing below meets a NUL). */
static enum cairn_err
svg_check_chars(struct svg *s)
{
	size_t bad = utf8_valid_prefix(s->d, s->len);

	for (size_t i = 0; i < bad; i++) {
		unsigned char c = s->d[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                       _("SVG: control character U+%04X at line %lu is not allowed in XML"),
			                       (unsigned)c, svg_line(s, i));
	}
	if (bad != s->len)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: invalid UTF-8 at line %lu (byte %zu)"),
		                       svg_line(s, bad), bad);
	return CAIRN_OK;
}

static enum cairn_err
svg_scan(struct svg *s)
{
	enum cairn_err e;

	if (s->len >= 2 && ((s->d[0] == 0xfe && s->d[1] == 0xff) ||
	                    (s->d[0] == 0xff && s->d[1] == 0xfe)))
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the document is UTF-16; only UTF-8 is read"));
	e = svg_check_chars(s);
	if (e != CAIRN_OK)
		return e;
	if (svg_at(s, 0, "\xef\xbb\xbf"))
		s->pos = 3;
	s->pos = svg_skip_space(s, s->pos);
	if (svg_at(s, s->pos, "<?xml") && s->pos + 5 < s->len &&
	    is_space(s->d[s->pos + 5])) {
		e = svg_pi(s, 1);
		if (e != CAIRN_OK)
			return e;
	}

	while (s->pos < s->len) {
		size_t pos = s->pos;

		if (s->d[pos] != '<') {
			const unsigned char *lt = memchr(s->d + pos, '<', s->len - pos);
			size_t end = lt ? (size_t)(lt - s->d) : s->len;

			if (s->depth == 0) {
				if (!blank(s->d + pos, end - pos))
					return cairn_error_set(s->err, CAIRN_ERR_USAGE,
					                       _("SVG: text outside the root element at line %lu"),
					                       svg_line(s, pos));
			} else {
				e = svg_text(s, pos, end,
				             s->badge_depth ? &s->body : NULL, 0);
				if (e != CAIRN_OK)
					return e;
			}
			s->pos = end;
			continue;
		}
		if (svg_at(s, pos, "<!--"))
			e = svg_comment(s);
		else if (svg_at(s, pos, "<?"))
			e = svg_pi(s, 0);
		else if (svg_at(s, pos, "<![CDATA["))
			e = svg_cdata(s);
		else if (svg_at(s, pos, "<!DOCTYPE") && pos + 9 < s->len &&
		         is_space(s->d[pos + 9]))
			e = svg_doctype(s);
		else if (svg_at(s, pos, "<!"))
			e = cairn_error_set(s->err, CAIRN_ERR_USAGE,
			                    _("SVG: unexpected markup '<!' at line %lu"),
			                    svg_line(s, pos));
		else if (svg_at(s, pos, "</"))
			e = svg_end_tag(s);
		else
			e = svg_start_tag(s);
		if (e != CAIRN_OK)
			return e;
	}
	if (s->depth > 0) {
		const struct svg_elem *open = &s->open[s->depth - 1];
		char ename[48];

		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the document ends inside <%s> (opened at line %lu)"),
		                       svg_msg_name(ename, sizeof ename,
		                                    s->d + open->name, open->name_len),
		                       svg_line(s, open->at));
	}
	if (!s->seen_root)
		return cairn_error_set(s->err, CAIRN_ERR_USAGE,
		                       _("SVG: the document has no root element"));
	return CAIRN_OK;
}

enum cairn_err
baked_svg_read(const unsigned char *data, size_t len, struct baked *out,
               struct cairn_error *err)
{
	struct svg *s;
	enum cairn_err e;

	memset(out, 0, sizeof *out);
	if (len > CAIRN_MAX_IMPORT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("SVG image is larger than the import limit of %lu MiB"),
		                       MIB(CAIRN_MAX_IMPORT_SIZE));
	if (data == NULL)
		len = 0;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory reading the SVG"));
	s->d = data;
	s->len = len;
	s->err = err;
	e = svg_scan(s);
	if (e == CAIRN_OK && s->found.ob_version == 0)
		e = cairn_error_set(err, CAIRN_ERR_USAGE,
		                    _("no credential is baked into this SVG (no <openbadges:credential> or <openbadges:assertion> element)"));
	if (e == CAIRN_OK)
		*out = s->found;
	else
		baked_clear(&s->found);
	buf_free(&s->body);
	buf_free(&s->scratch);
	free(s);
	return e;
}

/* Skips what may come before the root: BOM, whitespace, the XML
 * declaration, comments and processing instructions. */
int
baked_is_svg(const unsigned char *data, size_t len)
{
	struct svg s = {0};
	size_t i;

	if (data == NULL)
		return 0;
	s.d = data;
	s.len = len;
	i = svg_at(&s, 0, "\xef\xbb\xbf") ? 3 : 0;
	for (;;) {
		i = svg_skip_space(&s, i);
		if (svg_at(&s, i, "<?"))
			i = svg_find(&s, i + 2, "?>") + 2;
		else if (svg_at(&s, i, "<!--"))
			i = svg_find(&s, i + 4, "-->") + 3;
		else
			break;
		if (i > len)
			return 0;
	}
	if (svg_at(&s, i, "<svg"))
		return i + 4 < len && (is_space(data[i + 4]) || data[i + 4] == '>' ||
		                       data[i + 4] == '/');
	if (!svg_at(&s, i, "<!DOCTYPE") || i + 9 >= len || !is_space(data[i + 9]))
		return 0;
	i = svg_skip_space(&s, i + 9);
	return svg_at(&s, i, "svg") && i + 3 < len &&
	       (is_space(data[i + 3]) || data[i + 3] == '>' || data[i + 3] == '[');
}

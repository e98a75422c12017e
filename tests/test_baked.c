/* Baked badges: the credential inside real Open Badges images, and hostile
 * PNG and SVG files built here at run time. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>
#include <zlib.h>

#include "import/baked.h"
#include "cairn_limits.h"
#include "testhelp.h"

#define BAKED_DIR FIXTURES "/baked/"

/* ---- helpers -------------------------------------------------------- */

struct tbuf {
	unsigned char *p;
	size_t len, cap;
};

static void
tb_add(struct tbuf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;

		while (cap < b->len + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
tb_u32(struct tbuf *b, unsigned long v)
{
	unsigned char u[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 8), (unsigned char)v};

	tb_add(b, u, 4);
}

static void
tb_free(struct tbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

static unsigned long
get_u32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static void
put_u32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One PNG chunk with its CRC. */
static void
png_chunk(struct tbuf *b, const char *type, const void *data, size_t n)
{
	unsigned long crc;
	size_t at;

	tb_u32(b, n);
	at = b->len;
	tb_add(b, type, 4);
	tb_add(b, data, n);
	crc = crc32(0L, b->p + at, (uInt)(n + 4));
	tb_u32(b, crc);
}

/* Signature and a 1x1 greyscale IHDR. */
static void
png_begin(struct tbuf *b)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};

	tb_add(b, sig, sizeof sig);
	png_chunk(b, "IHDR", ihdr, sizeof ihdr);
}

static void
png_end(struct tbuf *b)
{
	png_chunk(b, "IEND", NULL, 0);
}

static void
png_text(struct tbuf *b, const char *keyword, const void *text, size_t n)
{
	struct tbuf d = {0};

	tb_add(&d, keyword, strlen(keyword) + 1);
	tb_add(&d, text, n);
	png_chunk(b, "tEXt", d.p, d.len);
	tb_free(&d);
}

static void
png_itxt(struct tbuf *b, const char *keyword, unsigned flag, unsigned method,
         const void *text, size_t n)
{
	struct tbuf d = {0};
	unsigned char fm[2] = {(unsigned char)flag, (unsigned char)method};

	tb_add(&d, keyword, strlen(keyword) + 1);
	tb_add(&d, fm, 2);
	tb_add(&d, "en\0\0", 4); /* language tag, empty translated keyword */
	tb_add(&d, text, n);
	png_chunk(b, "iTXt", d.p, d.len);
	tb_free(&d);
}

static void
png_ztxt(struct tbuf *b, const char *keyword, const void *z, size_t n)
{
	struct tbuf d = {0};

	tb_add(&d, keyword, strlen(keyword) + 1);
	tb_add(&d, "\0", 1);
	tb_add(&d, z, n);
	png_chunk(b, "zTXt", d.p, d.len);
	tb_free(&d);
}

/* A PNG holding one iTXt badge chunk with the given text. */
static void
png_with_itxt(struct tbuf *b, const char *keyword, const char *text)
{
	png_begin(b);
	png_itxt(b, keyword, 0, 0, text, strlen(text));
	png_end(b);
}

/* zlib-compresses len bytes, or len zero bytes when data is NULL, in
 * steps so that a gigabyte of zeros never sits in memory. */
static void
deflate_into(struct tbuf *out, const void *data, size_t len)
{
	static const unsigned char zeros[1 << 16];
	unsigned char chunk[1 << 16];
	z_stream z;
	int flush, ret;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit(&z, 9), Z_OK);
	do {
		size_t n = len > sizeof zeros ? sizeof zeros : len;

		z.next_in = (Bytef *)(data ? data : zeros);
		z.avail_in = (uInt)n;
		len -= n;
		if (data)
			data = (const unsigned char *)data + n;
		flush = len == 0 ? Z_FINISH : Z_NO_FLUSH;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof chunk;
			ret = deflate(&z, flush);
			assert_true(ret == Z_OK || ret == Z_STREAM_END || ret == Z_BUF_ERROR);
			tb_add(out, chunk, sizeof chunk - z.avail_out);
		} while (z.avail_out == 0);
	} while (flush != Z_FINISH);
	assert_int_equal(ret, Z_STREAM_END);
	deflateEnd(&z);
}

static void
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static int
is_json_object(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	int ok = cJSON_IsObject(j);

	cJSON_Delete(j);
	return ok;
}

/* Three non-empty base64url segments joined by dots. */
static int
is_compact_jws(const char *t)
{
	int dots = 0;
	size_t seg = 0;

	for (; *t; t++) {
		if (*t == '.') {
			if (seg == 0)
				return 0;
			dots++;
			seg = 0;
		} else if ((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
		           (*t >= '0' && *t <= '9') || *t == '-' || *t == '_') {
			seg++;
		} else {
			return 0;
		}
	}
	return dots == 2 && seg > 0;
}

enum kind { KIND_JSON, KIND_JWS };

/* Reading must fail, leave *out cleared and say something containing
 * want (when not NULL). */
static void
expect_fail(enum cairn_err (*read)(const unsigned char *, size_t,
                                   struct baked *, struct cairn_error *),
            const void *data, size_t len, const char *want)
{
	struct baked b;
	struct cairn_error err = {0};
	enum cairn_err e;

	memset(&b, 0x5a, sizeof b);
	e = read(data, len, &b, &err);
	if (e == CAIRN_OK)
		fail_msg("expected an error containing \"%s\"", want ? want : "");
	assert_null(b.text);
	assert_null(b.url);
	assert_int_equal(b.ob_version, 0);
	assert_true(err.msg[0] != '\0');
	assert_null(strchr(err.msg, '\n'));
	if (want != NULL && strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, want);
}

static void
expect_png_fail(const struct tbuf *b, const char *want)
{
	expect_fail(baked_png_read, b->p, b->len, want);
}

static void
expect_svg_fail(const char *svg, const char *want)
{
	expect_fail(baked_svg_read, svg, strlen(svg), want);
}

/* Reads an SVG that must succeed. */
static void
svg_ok(const char *svg, struct baked *b)
{
	struct cairn_error err = {0};

	if (baked_svg_read((const unsigned char *)svg, strlen(svg), b, &err) != CAIRN_OK)
		fail_msg("SVG refused: %s", err.msg);
}

static void
png_ok(const struct tbuf *t, struct baked *b)
{
	struct cairn_error err = {0};

	if (baked_png_read(t->p, t->len, b, &err) != CAIRN_OK)
		fail_msg("PNG refused: %s", err.msg);
}

/* ---- the real images ------------------------------------------------ */

/* Expected SHA-256 of each embedded text, from
 * shared/vectors/real-credentials/baked-images-expected.json (textSha256).
 * For the SVG with JSON in CDATA that is the CDATA content with its CRLF
 * line ends made LF, as XML reads it; for the SVGs with a JWS, the verify
 * attribute. */
static const struct real_image {
	const char *file;
	const char *sha256;
	enum kind kind;
	int version;
} real_images[] = {
	{"ob30-simple-json.png", "bb83ff2bc2952d38551c7b9bb1ef611e46309d7157eddf14a217e3768880e691", KIND_JSON, 3},
	{"ob30-simple-jwt.png", "35d59278be3fe85e4f3637c0698334fa8dcbd8fd0682b22fda2568692508fccc", KIND_JWS, 3},
	{"ob30-simple-jwt_v1.png", "47984fd22aca44135e25843f1ae5f8e9d637daffbff1823303201a1b4ea289d4", KIND_JWS, 3},
	{"ob20-simple-badge.png", "7db4fa4a9b18e7075a8084c492477cc499f5a5dcb6b2deaae71ef1d6b6341e4f", KIND_JSON, 2},
	{"ob30-simple-json.svg", "58059dacef4f58287568ae27955bdde6d6cb3b4a293cfbb21fb4420411b64edd", KIND_JSON, 3},
	{"ob30-simple-jwt.svg", "7f39f9c82a1e2ff620edecaf9c14cc4c1adfe1a38afaf03b49e7f30efc5a5db4", KIND_JWS, 3},
	{"ob30-simple-jwt_v1.svg", "47984fd22aca44135e25843f1ae5f8e9d637daffbff1823303201a1b4ea289d4", KIND_JWS, 3},
};

static unsigned char *
read_fixture(const char *name, size_t *len)
{
	char path[512];

	snprintf(path, sizeof path, "%s%s", BAKED_DIR, name);
	return th_read(path, len);
}

static void
test_real_images(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof real_images / sizeof real_images[0]; i++) {
		const struct real_image *r = &real_images[i];
		int png = strstr(r->file, ".png") != NULL;
		struct cairn_error err = {0};
		struct baked b;
		unsigned char *data;
		size_t len;
		char hex[65];

		data = read_fixture(r->file, &len);
		assert_int_equal(baked_is_png(data, len), png);
		assert_int_equal(baked_is_svg(data, len), !png);
		if ((png ? baked_png_read : baked_svg_read)(data, len, &b, &err) != CAIRN_OK)
			fail_msg("%s: %s", r->file, err.msg);
		assert_non_null(b.text);
		assert_null(b.url);
		assert_int_equal(strlen(b.text), b.len);
		sha256_hex(b.text, b.len, hex);
		if (strcmp(hex, r->sha256) != 0)
			fail_msg("%s: text sha256 %s, expected %s", r->file, hex, r->sha256);
		if (r->kind == KIND_JSON)
			assert_true(is_json_object(b.text));
		else
			assert_true(is_compact_jws(b.text));
		assert_int_equal(b.ob_version, r->version);
		baked_clear(&b);
		baked_clear(&b); /* a cleared struct may be cleared again */
		assert_null(b.text);
		free(data);
	}
}

/* ---- PNG ------------------------------------------------------------ */

static void
test_png_truncated(void **state)
{
	static const char *files[] = {"ob20-simple-badge.png", "ob30-simple-json.png"};

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		size_t len, step;
		unsigned char *data = read_fixture(files[f], &len);

		/* every length of the small image; for the large one a stride,
		 * and every length in its last 3000 bytes (badge chunk, IEND) */
		step = len < 4096 ? 1 : 61;
		for (size_t n = 0; n < len; n += step)
			expect_fail(baked_png_read, data, n, NULL);
		for (size_t n = len > 3000 ? len - 3000 : 0; n < len; n++)
			expect_fail(baked_png_read, data, n, NULL);
		expect_fail(baked_png_read, data, 7, "signature");
		free(data);
	}
}

static void
test_png_crc(void **state)
{
	size_t len, pos = 8;
	unsigned char *data = read_fixture("ob30-simple-json.png", &len);
	unsigned long index = 0;

	(void)state;
	while (pos + 12 <= len) {
		unsigned long clen = get_u32(data + pos);
		char want[64], type[5] = {0};
		size_t crc_at = pos + 8 + clen;

		memcpy(type, data + pos + 4, 4);
		index++;
		snprintf(want, sizeof want, "chunk %lu (%s)", index, type);
		data[crc_at] ^= 0x01;
		expect_fail(baked_png_read, data, len, want);
		expect_fail(baked_png_read, data, len, "bad CRC");
		data[crc_at] ^= 0x01;
		if (clen > 0) { /* a damaged byte of data is caught too */
			data[pos + 8 + clen / 2] ^= 0x80;
			expect_fail(baked_png_read, data, len, "bad CRC");
			data[pos + 8 + clen / 2] ^= 0x80;
		}
		pos = crc_at + 4;
	}
	assert_int_equal(index, 13); /* chunkOrder in baked-images-expected.json */
	free(data);
}

static void
test_png_length_lies(void **state)
{
	size_t len;
	unsigned char *data = read_fixture("ob30-simple-jwt.png", &len);
	size_t at = 82643; /* the iTXt chunk (baked-images-expected.json) */
	unsigned long real = get_u32(data + at);

	(void)state;
	assert_memory_equal(data + at + 4, "iTXt", 4);
	put_u32(data + at, 0xffffffffUL);
	expect_fail(baked_png_read, data, len, "more than the limit");
	put_u32(data + at, 0x80000000UL);
	expect_fail(baked_png_read, data, len, "more than the limit");
	put_u32(data + at, CAIRN_MAX_PNG_CHUNK);
	expect_fail(baked_png_read, data, len, "past the end");
	put_u32(data + at, (unsigned long)(len - at - 12) + 1);
	expect_fail(baked_png_read, data, len, "past the end");
	put_u32(data + at, real + 1); /* within the file, but the CRC is off */
	expect_fail(baked_png_read, data, len, "chunk 12 (iTXt)");
	put_u32(data + at, real);
	/* IHDR's length */
	put_u32(data + 8, 0xfffffff0UL);
	expect_fail(baked_png_read, data, len, "chunk 1 (IHDR)");
	free(data);
}

static void
test_png_structure(void **state)
{
	struct tbuf b = {0};
	struct baked r;
	unsigned char *data;
	size_t len;

	(void)state;
	/* missing IEND */
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 0, 0, "{}", 2);
	expect_png_fail(&b, "IEND");
	tb_free(&b);

	/* the real image without its IEND */
	data = read_fixture("ob20-simple-badge.png", &len);
	expect_fail(baked_png_read, data, len - 12, "IEND");
	/* bytes after IEND are ignored */
	data = realloc(data, len + 100);
	assert_non_null(data);
	memset(data + len, 0xee, 100);
	assert_int_equal(baked_png_read(data, len + 100, &r, NULL), CAIRN_OK);
	assert_int_equal(r.ob_version, 2);
	baked_clear(&r);
	free(data);

	/* a badge after IEND is never read */
	png_begin(&b);
	png_end(&b);
	png_itxt(&b, "openbadges", 0, 0, "{}", 2);
	expect_png_fail(&b, "no credential is baked into this PNG");
	tb_free(&b);

	/* IHDR must come first */
	tb_add(&b, "\x89PNG\r\n\x1a\n", 8);
	png_itxt(&b, "openbadges", 0, 0, "{}", 2);
	png_end(&b);
	expect_png_fail(&b, "not IHDR");
	tb_free(&b);

	/* a second IHDR */
	png_begin(&b);
	png_chunk(&b, "IHDR", "0123456789abc", 13);
	png_end(&b);
	expect_png_fail(&b, "second IHDR");
	tb_free(&b);

	/* a type that is not four letters */
	png_begin(&b);
	png_chunk(&b, "tE1t", "x", 1);
	png_end(&b);
	expect_png_fail(&b, "invalid type");
	tb_free(&b);

	/* too many chunks */
	png_begin(&b);
	for (int i = 0; i < CAIRN_MAX_PNG_CHUNKS; i++)
		png_chunk(&b, "teXt", NULL, 0);
	png_end(&b);
	expect_png_fail(&b, "more than");
	tb_free(&b);

	/* not a PNG at all, and too large */
	expect_fail(baked_png_read, "GIF89a", 6, "not a PNG");
	data = calloc(1, CAIRN_MAX_IMPORT_SIZE + 1);
	assert_non_null(data);
	memcpy(data, "\x89PNG\r\n\x1a\n", 8);
	expect_fail(baked_png_read, data, CAIRN_MAX_IMPORT_SIZE + 1, "import limit");
	free(data);
}

static void
test_png_text_chunks(void **state)
{
	static const char json[] = "{\"type\":\"Assertion\",\"name\":\"caf\xc3\xa9\"}";
	struct tbuf b = {0}, z = {0};
	struct baked r;

	(void)state;
	/* tEXt (legacy bakers) */
	png_begin(&b);
	png_text(&b, "openbadges", json, strlen(json));
	png_end(&b);
	png_ok(&b, &r);
	assert_string_equal(r.text, json);
	assert_int_equal(r.ob_version, 2);
	baked_clear(&r);
	tb_free(&b);

	/* zTXt and compressed iTXt inflate to the same text */
	deflate_into(&z, json, strlen(json));
	png_begin(&b);
	png_ztxt(&b, "openbadgecredential", z.p, z.len);
	png_end(&b);
	png_ok(&b, &r);
	assert_string_equal(r.text, json);
	assert_int_equal(r.ob_version, 3);
	baked_clear(&r);
	tb_free(&b);
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 1, 0, z.p, z.len);
	png_end(&b);
	png_ok(&b, &r);
	assert_string_equal(r.text, json);
	baked_clear(&r);
	tb_free(&b);

	/* damaged compressed text: cut short, and with bytes after its end */
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 1, 0, z.p, z.len - 3);
	png_end(&b);
	expect_png_fail(&b, "damaged compressed text");
	tb_free(&b);
	tb_add(&z, "junk", 4);
	png_begin(&b);
	png_ztxt(&b, "openbadgecredential", z.p, z.len);
	png_end(&b);
	expect_png_fail(&b, "damaged compressed text");
	tb_free(&b);
	tb_free(&z);

	/* a hosted assertion: only a URL */
	png_begin(&b);
	png_text(&b, "openbadges", " https://example.org/assertions/1.json\n",
	         strlen(" https://example.org/assertions/1.json\n"));
	png_end(&b);
	png_ok(&b, &r);
	assert_null(r.text);
	assert_string_equal(r.url, "https://example.org/assertions/1.json");
	assert_int_equal(r.ob_version, 2);
	baked_clear(&r);
	tb_free(&b);

	/* keywords compare case-sensitively; other text chunks are skipped */
	png_begin(&b);
	png_text(&b, "Comment", "openbadges", 10);
	png_itxt(&b, "OpenBadges", 0, 0, "{}", 2);
	png_itxt(&b, "openbadgecredentials", 0, 0, "{}", 2);
	png_end(&b);
	expect_png_fail(&b, "no credential is baked into this PNG");
	tb_free(&b);

	/* a keyword with no text */
	png_begin(&b);
	png_itxt(&b, "openbadges", 0, 0, " \n", 2);
	png_end(&b);
	expect_png_fail(&b, "holds no text");
	tb_free(&b);
}

static void
test_png_itxt_header(void **state)
{
	struct tbuf b = {0};

	(void)state;
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 1, 7, "x", 1);
	png_end(&b);
	expect_png_fail(&b, "compression method 7");
	tb_free(&b);

	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 2, 0, "{}", 2);
	png_end(&b);
	expect_png_fail(&b, "compression flag 2");
	tb_free(&b);

	/* no NUL after the language tag */
	png_begin(&b);
	png_chunk(&b, "iTXt", "openbadges\0\0\0en", 15);
	png_end(&b);
	expect_png_fail(&b, "language tag");
	tb_free(&b);

	/* no NUL after the translated keyword */
	png_begin(&b);
	png_chunk(&b, "iTXt", "openbadges\0\0\0en\0Badge", 21);
	png_end(&b);
	expect_png_fail(&b, "translated keyword");
	tb_free(&b);

	/* the chunk stops after its keyword */
	png_begin(&b);
	png_chunk(&b, "iTXt", "openbadges\0\0", 12);
	png_end(&b);
	expect_png_fail(&b, "cut short");
	tb_free(&b);

	/* zTXt with an unknown method */
	png_begin(&b);
	png_chunk(&b, "zTXt", "openbadges\0\x01xx", 14);
	png_end(&b);
	expect_png_fail(&b, "compression method 1");
	tb_free(&b);
}

static void
test_png_bomb(void **state)
{
	struct tbuf z = {0}, b = {0}, ok = {0};
	unsigned char *big;
	size_t n = 3UL * 1024 * 1024;

	(void)state;
	/* 1 GiB of zeros, about 1 MiB compressed: refused at the limit */
	deflate_into(&z, NULL, 1UL << 30);
	assert_true(z.len < 2UL * 1024 * 1024);
	png_begin(&b);
	png_ztxt(&b, "openbadges", z.p, z.len);
	png_end(&b);
	expect_png_fail(&b, "inflates to more than");
	tb_free(&b);
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 1, 0, z.p, z.len);
	png_end(&b);
	expect_png_fail(&b, "inflates to more than");
	tb_free(&b);
	tb_free(&z);

	/* the limit is for the whole image: two 3 MiB texts pass alone,
	 * not together */
	big = malloc(n);
	assert_non_null(big);
	memset(big, 'a', n);
	big[0] = '"';
	big[n - 1] = '"';
	deflate_into(&z, big, n);
	png_begin(&ok);
	png_itxt(&ok, "openbadgecredential", 1, 0, z.p, z.len);
	png_end(&ok);
	{
		struct baked r;

		png_ok(&ok, &r);
		assert_int_equal(r.len, n);
		baked_clear(&r);
	}
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 1, 0, z.p, z.len);
	png_itxt(&b, "openbadgecredential", 1, 0, z.p, z.len);
	png_end(&b);
	expect_png_fail(&b, "inflates to more than");
	tb_free(&b);
	tb_free(&ok);
	tb_free(&z);
	free(big);
}

static void
test_png_utf8(void **state)
{
	static const char *bad[] = {
		"{\"a\":\"\xc3\x28\"}",         /* bad continuation */
		"{\"a\":\"\xc0\xaf\"}",         /* overlong */
		"{\"a\":\"\xed\xa0\x80\"}",     /* surrogate */
		"{\"a\":\"\xf4\x90\x80\x80\"}", /* above U+10FFFF */
		"{\"a\":\"\xe2\x82\"}",         /* cut short */
		"{\"a\":\"\xff\"}",
	};
	struct tbuf b = {0}, z = {0};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		png_with_itxt(&b, "openbadgecredential", bad[i]);
		expect_png_fail(&b, "not valid UTF-8");
		tb_free(&b);
	}
	/* a NUL inside the text, plain and compressed */
	png_begin(&b);
	png_itxt(&b, "openbadges", 0, 0, "{}\0{}", 5);
	png_end(&b);
	expect_png_fail(&b, "NUL");
	tb_free(&b);
	deflate_into(&z, "{}\0{}", 5);
	png_begin(&b);
	png_ztxt(&b, "openbadges", z.p, z.len);
	png_end(&b);
	expect_png_fail(&b, "NUL");
	tb_free(&b);
	tb_free(&z);
}

static void
test_png_two_badges(void **state)
{
	struct tbuf b = {0};
	struct baked r;

	(void)state;
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 0, 0, "{\"a\":1}", 7);
	png_itxt(&b, "openbadgecredential", 0, 0, "{\"a\":2}", 7);
	png_end(&b);
	expect_png_fail(&b, "more than one baked credential (chunks 2 and 3)");
	tb_free(&b);

	/* one of each version */
	png_begin(&b);
	png_itxt(&b, "openbadges", 0, 0, "{\"a\":1}", 7);
	png_itxt(&b, "openbadgecredential", 0, 0, "{\"a\":1}", 7);
	png_end(&b);
	expect_png_fail(&b, "more than one baked credential");
	tb_free(&b);

	/* the same text twice is one credential */
	png_begin(&b);
	png_itxt(&b, "openbadgecredential", 0, 0, "{\"a\":1}", 7);
	png_text(&b, "openbadgecredential", "{\"a\":1}", 7);
	png_end(&b);
	png_ok(&b, &r);
	assert_string_equal(r.text, "{\"a\":1}");
	baked_clear(&r);
	tb_free(&b);
}

/* ---- SVG ------------------------------------------------------------ */

#define SVG_OPEN3 "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"
#define SVG_OPEN2 "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">"

static void
test_svg_entities(void **state)
{
	struct baked r;

	(void)state;
	/* billion laughs */
	expect_svg_fail("<?xml version=\"1.0\"?>\n"
	                "<!DOCTYPE svg [\n"
	                " <!ENTITY lol \"lol\">\n"
	                " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	                " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	                "]>\n" SVG_OPEN3
	                "<openbadges:credential>&lol2;</openbadges:credential></svg>",
	                "entity declarations are not allowed");
	/* an external entity */
	expect_svg_fail("<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" SVG_OPEN3
	                "<openbadges:credential>&xxe;</openbadges:credential></svg>",
	                "entity declarations are not allowed");
	/* an internal subset without entities is refused all the same */
	expect_svg_fail("<!DOCTYPE svg [<!ATTLIST svg a CDATA #IMPLIED>]><svg/>",
	                "internal subset");
	/* an undeclared entity, in text and in an attribute */
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>&xxe;</openbadges:credential></svg>",
	                "unknown entity &xxe;");
	expect_svg_fail(SVG_OPEN3 "<g id=\"&nbsp;\"/><openbadges:credential>{}</openbadges:credential></svg>",
	                "unknown entity &nbsp;");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>{\"a\":\"b & c\"}</openbadges:credential></svg>",
	                "write &amp;");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>&#0;</openbadges:credential></svg>",
	                "not a valid XML character");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>&#xD800;</openbadges:credential></svg>",
	                "not a valid XML character");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>&#x110000;</openbadges:credential></svg>",
	                "not a valid XML character");
	/* an external DTD is only named, never read */
	svg_ok("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	       "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n" SVG_OPEN3
	       "<openbadges:credential>{&#x22;a&#34;:&quot;&lt;&gt;&amp;&apos;&#xe9;&#128512;&quot;}</openbadges:credential></svg>",
	       &r);
	assert_string_equal(r.text, "{\"a\":\"<>&'\xc3\xa9\xf0\x9f\x98\x80\"}");
	baked_clear(&r);
}

static void
test_svg_cdata_and_text(void **state)
{
	struct baked a, b;

	(void)state;
	/* the same credential in CDATA and as escaped text */
	svg_ok(SVG_OPEN3 "\n  <openbadges:credential>\n    <![CDATA[{\"name\":\"<b>&amp;</b>\"}]]>\n  </openbadges:credential>\n</svg>\n", &a);
	svg_ok(SVG_OPEN3 "\n  <openbadges:credential>\n    {\"name\":\"&lt;b>&amp;amp;&lt;/b>\"}\n  </openbadges:credential>\n</svg>\n", &b);
	assert_string_equal(a.text, "{\"name\":\"<b>&amp;</b>\"}");
	assert_int_equal(a.len, b.len);
	assert_string_equal(a.text, b.text);
	assert_int_equal(a.ob_version, 3);
	assert_null(a.url);
	baked_clear(&a);
	baked_clear(&b);

	/* CRLF line ends become LF; whitespace inside CDATA is kept */
	svg_ok(SVG_OPEN3 "\r\n<openbadges:credential>\r\n<![CDATA[\r\n{}\r\n]]>\r\n</openbadges:credential></svg>", &a);
	assert_string_equal(a.text, "\n{}\n");
	baked_clear(&a);

	/* comments inside the element are not content */
	svg_ok(SVG_OPEN3 "<openbadges:credential><!-- c -->{}<!-- d --></openbadges:credential></svg>", &a);
	assert_string_equal(a.text, "{}");
	baked_clear(&a);

	/* CDATA split in two sections */
	svg_ok(SVG_OPEN3 "<openbadges:credential><![CDATA[{\"a\":]]><![CDATA[1}]]></openbadges:credential></svg>", &a);
	assert_string_equal(a.text, "{\"a\":1}");
	baked_clear(&a);

	expect_svg_fail(SVG_OPEN3 "<openbadges:credential><![CDATA[{}</openbadges:credential></svg>",
	                "CDATA section at line 1 is never closed");
	expect_svg_fail(SVG_OPEN3 "\n\n<openbadges:credential><![CDATA[{}]></openbadges:credential></svg>",
	                "line 3");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>]]></openbadges:credential></svg>",
	                "']]>'");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>  </openbadges:credential></svg>",
	                "holds no credential");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential><g/></openbadges:credential></svg>",
	                "inside the baked credential");
}

static void
test_svg_verify(void **state)
{
	struct baked r;

	(void)state;
	/* OB 2.0 hosted, self-closing, verify only */
	svg_ok(SVG_OPEN2 "<openbadges:assertion verify=\"https://example.org/assertions/123\"/></svg>", &r);
	assert_null(r.text);
	assert_string_equal(r.url, "https://example.org/assertions/123");
	assert_int_equal(r.ob_version, 2);
	baked_clear(&r);

	/* the same with an empty body and entities in the URL */
	svg_ok(SVG_OPEN2 "<openbadges:assertion verify=\" https://example.org/a?x=1&amp;y=2 \">\n  \n</openbadges:assertion></svg>", &r);
	assert_null(r.text);
	assert_string_equal(r.url, "https://example.org/a?x=1&y=2");
	baked_clear(&r);

	/* OB 2.0 hosted with the assertion in CDATA: both */
	svg_ok(SVG_OPEN2 "<openbadges:assertion verify=\"https://example.org/a.json\"><![CDATA[{\"id\":\"https://example.org/a.json\"}]]></openbadges:assertion></svg>", &r);
	assert_string_equal(r.text, "{\"id\":\"https://example.org/a.json\"}");
	assert_string_equal(r.url, "https://example.org/a.json");
	baked_clear(&r);

	/* a signature in verify is the credential */
	svg_ok(SVG_OPEN3 "<openbadges:credential verify=\"eyJhbGciOiJub25lIn0.e30.c2ln\"></openbadges:credential></svg>", &r);
	assert_string_equal(r.text, "eyJhbGciOiJub25lIn0.e30.c2ln");
	assert_null(r.url);
	baked_clear(&r);

	/* attribute values are normalised as XML says: a literal tab or
	 * line end is a space, a character reference is kept */
	svg_ok(SVG_OPEN3 "<openbadges:credential verify=\"a.b&#10;.c\r\n\td\"/></svg>", &r);
	assert_string_equal(r.text, "a.b\n.c  d");
	baked_clear(&r);

	/* a body that is only a URL is a hosted assertion */
	svg_ok(SVG_OPEN2 "<openbadges:assertion>\n http://example.org/b.json\n</openbadges:assertion></svg>", &r);
	assert_null(r.text);
	assert_string_equal(r.url, "http://example.org/b.json");
	baked_clear(&r);

	expect_svg_fail(SVG_OPEN3 "<openbadges:credential verify=\"a.b.c\">{}</openbadges:credential></svg>",
	                "both");
	expect_svg_fail(SVG_OPEN2 "<openbadges:assertion verify=\"https://a.example/1\">https://b.example/2</openbadges:assertion></svg>",
	                "another in its body");
	expect_svg_fail(SVG_OPEN2 "<openbadges:assertion verify=\"\"/></svg>",
	                "holds no credential");
	expect_svg_fail(SVG_OPEN2 "<openbadges:assertion verify=\"a\" verify=\"b\"/></svg>",
	                "two verify attributes");
}

static void
test_svg_namespaces(void **state)
{
	struct baked r;

	(void)state;
	/* any prefix bound to an Open Badges namespace */
	svg_ok("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\">"
	       "<ob:credential>{\"v\":3}</ob:credential></svg>", &r);
	assert_string_equal(r.text, "{\"v\":3}");
	assert_int_equal(r.ob_version, 3);
	baked_clear(&r);
	svg_ok("<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata>"
	       "<b:assertion xmlns:b='http://openbadges.org' verify='https://example.org/x'/>"
	       "</metadata></svg>", &r);
	assert_string_equal(r.url, "https://example.org/x");
	assert_int_equal(r.ob_version, 2);
	baked_clear(&r);
	/* the default namespace */
	svg_ok("<svg xmlns=\"http://www.w3.org/2000/svg\">"
	       "<credential xmlns=\"https://purl.imsglobal.org/ob/v3p0\">{}</credential></svg>", &r);
	assert_int_equal(r.ob_version, 3);
	baked_clear(&r);
	/* the literal prefix works even when nothing declares it */
	svg_ok("<svg><openbadges:credential>{}</openbadges:credential></svg>", &r);
	assert_int_equal(r.ob_version, 3);
	baked_clear(&r);

	/* other namespaces are not badges */
	expect_svg_fail("<svg xmlns:x=\"http://example.com/ns\"><x:credential>{}</x:credential><credential>{}</credential></svg>",
	                "no credential is baked into this SVG");
	/* a prefix rebound below is no longer the badge namespace */
	expect_svg_fail("<svg xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"><g xmlns:ob=\"http://example.com/ns\">"
	                "<ob:credential>{}</ob:credential></g></svg>",
	                "no credential is baked into this SVG");
	/* and the binding ends with its element */
	expect_svg_fail("<svg><g xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"/><ob:credential>{}</ob:credential></svg>",
	                "no credential is baked into this SVG");
	expect_svg_fail("<svg><g xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"><g/></g><ob:credential>{}</ob:credential></svg>",
	                "no credential is baked into this SVG");
}

static void
test_svg_structure(void **state)
{
	char *deep;
	size_t depth = 100000, n = 0;

	(void)state;
	/* 100,000 nested elements */
	deep = malloc(depth * 7 + 64);
	assert_non_null(deep);
	n += (size_t)sprintf(deep, "<svg>");
	for (size_t i = 0; i < depth; i++) {
		memcpy(deep + n, "<g>", 3);
		n += 3;
	}
	deep[n] = '\0';
	expect_svg_fail(deep, "nested more than");
	for (size_t i = 0; i < depth; i++) {
		memcpy(deep + n, "</g>", 4);
		n += 4;
	}
	strcpy(deep + n, "</svg>");
	expect_svg_fail(deep, "nested more than");
	free(deep);

	expect_svg_fail(SVG_OPEN3 "<g><openbadges:credential>{}</openbadges:credential>",
	                "ends inside <g>");
	expect_svg_fail(SVG_OPEN3 "<g><openbadges:credential>{}</openbadges:credential></svg>",
	                "does not close <g>");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>{}</openbadges:credential",
	                "never closed");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential verify=\"abc>{}</openbadges:credential></svg>",
	                "never closed");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>{}</openbadges:credential></svg><svg/>",
	                "after the root element");
	expect_svg_fail("<html><openbadges:credential>{}</openbadges:credential></html>",
	                "not <svg>");
	expect_svg_fail("<!-- never closed <svg/>", "comment");
	expect_svg_fail("<svg><!-- a -- b --></svg>", "'--'");
	expect_svg_fail("<svg a=\"1\"b=\"2\"/>", "malformed attributes");
	expect_svg_fail("<svg a=\"<\"/>", "'<' in an attribute value");
	expect_svg_fail("<svg/><?xml version=\"1.0\"?>", "only at the start");
	expect_svg_fail("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><svg/>", "UTF-8");
	expect_svg_fail("\xff\xfe<\0s\0v\0g\0/\0>\0", "UTF-16");
	expect_svg_fail("", "no root element");
	expect_svg_fail("text<svg/>", "outside the root element");

	/* two different credentials; the same one twice is accepted */
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>{\"a\":1}</openbadges:credential>\n"
	                "<openbadges:credential>{\"a\":2}</openbadges:credential></svg>",
	                "more than one baked credential (lines 1 and 2)");
	{
		struct baked r;

		svg_ok(SVG_OPEN3 "<openbadges:credential>{\"a\":1}</openbadges:credential>"
		       "<openbadges:credential><![CDATA[{\"a\":1}]]></openbadges:credential></svg>", &r);
		baked_clear(&r);
	}
	expect_svg_fail(SVG_OPEN3 "<g/></svg>", "no credential is baked into this SVG");
}

static void
test_svg_utf8(void **state)
{
	static const char *bad[] = {
		SVG_OPEN3 "<openbadges:credential>{\"a\":\"\xc3\x28\"}</openbadges:credential></svg>",
		SVG_OPEN3 "<openbadges:credential><![CDATA[\xed\xa0\x80]]></openbadges:credential></svg>",
		SVG_OPEN3 "<openbadges:credential verify=\"\xc0\xaf\"/></svg>",
		SVG_OPEN3 "<g>\xf8\x88\x80\x80\x80</g></svg>",
	};
	static const char nul_svg[] = SVG_OPEN3 "<g>\0</g></svg>";
	struct baked r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_svg_fail(bad[i], "invalid UTF-8");
	expect_svg_fail(SVG_OPEN3 "<openbadges:credential>{\x01}</openbadges:credential></svg>",
	                "control character U+0001");
	/* a NUL byte ends nothing: it is refused */
	expect_fail(baked_svg_read, nul_svg, sizeof nul_svg - 1, "U+0000");
	/* a BOM is fine */
	svg_ok("\xef\xbb\xbf" SVG_OPEN3 "<openbadges:credential>{\"\xc3\xa9\":1}</openbadges:credential></svg>", &r);
	assert_string_equal(r.text, "{\"\xc3\xa9\":1}");
	baked_clear(&r);
}

static void
test_svg_truncated(void **state)
{
	size_t len;
	unsigned char *data = read_fixture("ob30-simple-json.svg", &len);
	size_t end = len;
	struct cairn_error err;
	struct baked r;

	(void)state;
	/* every cut of a real image fails cleanly, except cuts after </svg> */
	while (end > 6 && memcmp(data + end - 6, "</svg>", 6) != 0)
		end--;
	for (size_t n = 0; n < len; n++) {
		enum cairn_err e = baked_svg_read(data, n, &r, &err);

		if (e == CAIRN_OK) {
			assert_true(n >= end);
			baked_clear(&r);
		} else {
			assert_null(r.text);
			assert_null(r.url);
		}
	}
	free(data);
	data = calloc(1, CAIRN_MAX_IMPORT_SIZE + 1);
	assert_non_null(data);
	expect_fail(baked_svg_read, data, CAIRN_MAX_IMPORT_SIZE + 1, "import limit");
	free(data);
}

static int
is_svg(const char *s)
{
	return baked_is_svg((const unsigned char *)s, strlen(s));
}

static void
test_detect(void **state)
{
	(void)state;
	assert_true(is_svg("<svg/>"));
	assert_true(is_svg("\xef\xbb\xbf \n<?xml version=\"1.0\"?><!-- x --><svg xmlns=\"\"></svg>"));
	assert_true(is_svg("<!DOCTYPE svg PUBLIC \"a\" \"b\"><svg/>"));
	assert_true(is_svg("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg/>"));
	assert_false(is_svg("<svgx/>"));
	assert_false(is_svg("<html><svg/>"));
	assert_false(is_svg("<!-- <svg/>"));
	assert_false(is_svg("<?xml <svg/>"));
	assert_false(is_svg("<svg"));
	assert_false(is_svg(""));
	assert_false(baked_is_svg(NULL, 0));
	assert_false(baked_is_png((const unsigned char *)"\x89PNG\r\n\x1a", 7));
	assert_true(baked_is_png((const unsigned char *)"\x89PNG\r\n\x1a\n", 8));
	assert_false(baked_is_png(NULL, 0));
	baked_clear(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_images),
		cmocka_unit_test(test_png_truncated),
		cmocka_unit_test(test_png_crc),
		cmocka_unit_test(test_png_length_lies),
		cmocka_unit_test(test_png_structure),
		cmocka_unit_test(test_png_text_chunks),
		cmocka_unit_test(test_png_itxt_header),
		cmocka_unit_test(test_png_bomb),
		cmocka_unit_test(test_png_utf8),
		cmocka_unit_test(test_png_two_badges),
		cmocka_unit_test(test_svg_entities),
		cmocka_unit_test(test_svg_cdata_and_text),
		cmocka_unit_test(test_svg_verify),
		cmocka_unit_test(test_svg_namespaces),
		cmocka_unit_test(test_svg_structure),
		cmocka_unit_test(test_svg_utf8),
		cmocka_unit_test(test_svg_truncated),
		cmocka_unit_test(test_detect),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

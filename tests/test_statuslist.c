/* Status lists (W3C Bitstring Status List v1.0): lists encoded here with
 * known bits, hostile encodings, a gzip bomb, and the real lists of the
 * Digital Credentials Consortium test fixtures with the credentials that
 * point into them. */
#include "config.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>
#include <zlib.h>

#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/statuslist.h"

#define DCC_DIR SHARED_VECTORS "/real-credentials/dcc-vc-test-fixtures"
#define DCC_URL "https://digitalcredentials.github.io/vc-test-fixtures/"

/* 16 KiB: the smallest list the specification allows (131,072 entries) */
#define LIST_BYTES 16384

/* ---- helpers -------------------------------------------------------- */

struct tbuf {
	unsigned char *p;
	size_t len, cap;
};

static void
tb_reserve(struct tbuf *b, size_t more)
{
	if (b->len + more > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + more)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
}

/* Deflates len bytes of data (or of zeros when data is NULL), repeated
 * times, as one GZIP member (wbits 16 + MAX_WBITS) or, with wbits
 * MAX_WBITS, as a zlib stream; the input is streamed, never held whole. */
static struct tbuf
compress_stream(const unsigned char *data, size_t len, size_t times, int wbits)
{
	static unsigned char zeros[1 << 16];
	struct tbuf out = {0};
	z_stream zs;
	int zrc;

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, wbits,
	                              8, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	for (size_t t = 0; t < times; t++) {
		const unsigned char *src = data;

		for (size_t left = len; left > 0;) {
			size_t n = left;

			if (data == NULL && n > sizeof zeros)
				n = sizeof zeros;
			zs.next_in = (Bytef *)(uintptr_t)(data != NULL ? src : zeros);
			zs.avail_in = (uInt)n;
			while (zs.avail_in > 0) {
				tb_reserve(&out, 1 << 16);
				zs.next_out = out.p + out.len;
				zs.avail_out = (uInt)(out.cap - out.len);
				assert_int_equal(deflate(&zs, Z_NO_FLUSH), Z_OK);
				out.len = out.cap - zs.avail_out;
			}
			left -= n;
			if (data != NULL)
				src += n;
		}
	}
	do {
		tb_reserve(&out, 1 << 16);
		zs.next_out = out.p + out.len;
		zs.avail_out = (uInt)(out.cap - out.len);
		zrc = deflate(&zs, Z_FINISH);
		assert_true(zrc == Z_OK || zrc == Z_STREAM_END);
		out.len = out.cap - zs.avail_out;
	} while (zrc != Z_STREAM_END);
	deflateEnd(&zs);
	return out;
}

static struct tbuf
gzip_bytes(const unsigned char *data, size_t len)
{
	return compress_stream(data, len, 1, 16 + MAX_WBITS);
}

/* base64url without padding, after prefix ("u" for multibase, "" bare). */
static char *
b64url(const char *prefix, const unsigned char *data, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	size_t plen = strlen(prefix);
	char *out = malloc(plen + n);

	assert_non_null(out);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, n, data, len,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* The encodedList of a bitstring, as the specification writes it. */
static char *
encode_list(const unsigned char *bits, size_t nbytes)
{
	struct tbuf gz = gzip_bytes(bits, nbytes);
	char *enc = b64url("u", gz.p, gz.len);

	free(gz.p);
	return enc;
}

static void
set_bit(unsigned char *bits, uint64_t pos)
{
	bits[pos / 8] |= (unsigned char)(0x80u >> (pos % 8));
}

/* Decodes enc, which must succeed; returns the bitstring. */
static unsigned char *
decode_ok(const char *enc, size_t *nbytes)
{
	struct cairn_error err = {0};
	unsigned char *bits = NULL;

	if (statuslist_decode(enc, &bits, nbytes, &err) != CAIRN_OK)
		fail_msg("refused a good list: %s", err.msg);
	assert_non_null(bits);
	return bits;
}

/* enc must be refused with CAIRN_ERR_USAGE and a message holding word. */
static void
decode_refused(const char *enc, const char *word)
{
	struct cairn_error err = {0};
	unsigned char *bits = (unsigned char *)"unchanged";
	size_t nbytes = 42;

	assert_int_equal(statuslist_decode(enc, &bits, &nbytes, &err),
	                 CAIRN_ERR_USAGE);
	assert_null(bits);
	assert_int_equal(nbytes, 0);
	assert_int_equal(err.code, CAIRN_ERR_USAGE);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("message \"%s\" does not mention \"%s\"", err.msg, word);
}

/* ---- one-bit entries ------------------------------------------------ */

static void
test_single_bits(void **state)
{
	static const uint64_t set[] = {0, 7, 8, LIST_BYTES * 8 - 1};
	static const uint64_t unset[] = {1, 6, 9, 15, 16, LIST_BYTES * 8 - 2};
	unsigned char *bits = calloc(LIST_BYTES, 1), *got;
	size_t nbytes;
	char *enc;

	(void)state;
	assert_non_null(bits);
	for (size_t i = 0; i < sizeof set / sizeof *set; i++)
		set_bit(bits, set[i]);
	/* index 0 is the most significant bit of the first byte */
	assert_int_equal(bits[0], 0x81);
	assert_int_equal(bits[1], 0x80);
	enc = encode_list(bits, LIST_BYTES);
	got = decode_ok(enc, &nbytes);
	assert_int_equal(nbytes, LIST_BYTES);
	assert_memory_equal(got, bits, LIST_BYTES);
	for (size_t i = 0; i < sizeof set / sizeof *set; i++)
		assert_int_equal(statuslist_value(got, nbytes, set[i], 1), 1);
	for (size_t i = 0; i < sizeof unset / sizeof *unset; i++)
		assert_int_equal(statuslist_value(got, nbytes, unset[i], 1), 0);
	/* just past the end, far past it, and overflowing index * size */
	assert_int_equal(statuslist_value(got, nbytes, LIST_BYTES * 8, 1), -1);
	assert_int_equal(statuslist_value(got, nbytes, UINT64_MAX, 1), -1);
	assert_int_equal(statuslist_value(got, nbytes, UINT64_MAX / 2 + 1, 2), -1);
	/* sizes outside 1..8, and no list */
	assert_int_equal(statuslist_value(got, nbytes, 0, 0), -1);
	assert_int_equal(statuslist_value(got, nbytes, 0, 9), -1);
	assert_int_equal(statuslist_value(NULL, 0, 0, 1), -1);
	free(got);

	/* a bare base64url string, as StatusList2021 wrote it, reads alike */
	got = decode_ok(enc + 1, &nbytes);
	assert_int_equal(nbytes, LIST_BYTES);
	assert_memory_equal(got, bits, LIST_BYTES);
	free(got);
	free(enc);
	free(bits);
}

/* ---- wider entries -------------------------------------------------- */

static void
test_status_size(void **state)
{
	unsigned char *bits = calloc(LIST_BYTES, 1), *got;
	const uint64_t last2 = LIST_BYTES * 8 / 2 - 1;
	size_t nbytes;
	char *enc;

	(void)state;
	assert_non_null(bits);
	/* statusSize 2: entry 0 = 3 (bits 0, 1), entry 1 = 1 (bit 3),
	 * entry 2 = 2 (bit 4), the last entry = 2 (its first bit) */
	set_bit(bits, 0);
	set_bit(bits, 1);
	set_bit(bits, 3);
	set_bit(bits, 4);
	set_bit(bits, last2 * 2);
	enc = encode_list(bits, LIST_BYTES);
	got = decode_ok(enc, &nbytes);
	assert_int_equal(statuslist_value(got, nbytes, 0, 2), 3);
	assert_int_equal(statuslist_value(got, nbytes, 1, 2), 1);
	assert_int_equal(statuslist_value(got, nbytes, 2, 2), 2);
	assert_int_equal(statuslist_value(got, nbytes, 3, 2), 0);
	assert_int_equal(statuslist_value(got, nbytes, last2, 2), 2);
	assert_int_equal(statuslist_value(got, nbytes, last2 + 1, 2), -1);
	/* statusSize 3 crosses a byte: entry 2 is bits 6, 7, 8 = 0b000;
	 * entry 1 is bits 3, 4, 5 = 0b110 */
	assert_int_equal(statuslist_value(got, nbytes, 1, 3), 6);
	assert_int_equal(statuslist_value(got, nbytes, 0, 3), 6);
	/* statusSize 8: whole bytes */
	assert_int_equal(statuslist_value(got, nbytes, 0, 8), 0xd8);
	assert_int_equal(statuslist_value(got, nbytes, LIST_BYTES - 1, 8), 0x02);
	assert_int_equal(statuslist_value(got, nbytes, LIST_BYTES, 8), -1);
	/* an entry that would run past the end: 131072 bits hold 43690
	 * entries of 3 bits; entry 43690 would need bits 131070..131072 */
	assert_int_equal(statuslist_value(got, nbytes, 43689, 3), 0);
	assert_int_equal(statuslist_value(got, nbytes, 43690, 3), -1);
	free(got);
	free(enc);
	free(bits);
}

/* ---- size limits ---------------------------------------------------- */

static void
test_gzip_bomb(void **state)
{
	const size_t chunk = 1UL << 20, times = 1024; /* 1 GiB of zeros */
	struct cairn_error err = {0};
	struct tbuf gz = compress_stream(NULL, chunk, times, 16 + MAX_WBITS);
	unsigned char *bits = NULL;
	size_t nbytes = 0;
	char *enc;

	(void)state;
	enc = b64url("u", gz.p, gz.len);
	print_message("1 GiB of zeros: %zu bytes of GZIP, %zu of encodedList\n",
	              gz.len, strlen(enc));
	assert_true(gz.len < 2UL * 1024 * 1024);
	assert_int_equal(statuslist_decode(enc, &bits, &nbytes, &err),
	                 CAIRN_ERR_USAGE);
	assert_null(bits);
	assert_non_null(strstr(err.msg, "more than"));
	free(enc);
	free(gz.p);
}

static void
test_limit_exact(void **state)
{
	struct tbuf gz;
	unsigned char *bits;
	size_t nbytes = 0;
	char *enc;

	(void)state;
	/* exactly the limit is accepted, one byte more is not */
	gz = compress_stream(NULL, CAIRN_MAX_STATUS_LIST, 1, 16 + MAX_WBITS);
	enc = b64url("u", gz.p, gz.len);
	bits = decode_ok(enc, &nbytes);
	assert_int_equal(nbytes, CAIRN_MAX_STATUS_LIST);
	assert_int_equal(statuslist_value(bits, nbytes, CAIRN_MAX_STATUS_LIST * 8 - 1, 1), 0);
	free(bits);
	free(enc);
	free(gz.p);
	gz = compress_stream(NULL, CAIRN_MAX_STATUS_LIST + 1, 1, 16 + MAX_WBITS);
	enc = b64url("u", gz.p, gz.len);
	decode_refused(enc, "more than");
	free(enc);
	free(gz.p);
}

/* ---- damaged encodings ---------------------------------------------- */

static void
test_bad_base64(void **state)
{
	(void)state;
	decode_refused("u!!!!", "base64url");
	decode_refused("uH4sI*AAAAAAAA", "base64url");
	decode_refused("uH4sI AAAAAAAA", "base64url");
	/* standard base64's '+' and '/' are not base64url */
	decode_refused("uH4sI+AAAAAAAA", "base64url");
	decode_refused("uH4sI/AAAAAAAA", "base64url");
	/* bytes outside the alphabet, which libsodium 1.0.18 lets through */
	decode_refused("uH4sI\xc3\xa9" "AAAAAAAA", "base64url");
	decode_refused("uH4sIAAAAAAAAA\x80", "base64url");
	decode_refused("uH4sIAAAAA=AAA", "base64url");
	/* one character too many: a length base64 cannot have */
	decode_refused("uH4sIA", "base64url");
	decode_refused("u", "empty");
	decode_refused("", "empty");
	decode_refused("u==", "empty");
}

static void
test_not_gzip(void **state)
{
	static const unsigned char text[] = "not a bitstring at all";
	unsigned char list[64] = {0x80};
	struct tbuf z = compress_stream(list, sizeof list, 1, MAX_WBITS);
	char *enc;

	(void)state;
	/* a zlib stream holds the same deflate data under another header */
	enc = b64url("u", z.p, z.len);
	decode_refused(enc, "GZIP");
	free(enc);
	free(z.p);
	enc = b64url("u", text, sizeof text - 1);
	decode_refused(enc, "GZIP");
	free(enc);
	/* the GZIP magic alone, and a header with an unknown method */
	enc = b64url("u", (const unsigned char *)"\x1f\x8b", 2);
	decode_refused(enc, "truncated");
	free(enc);
	enc = b64url("u", (const unsigned char *)"\x1f\x8b\x07\0\0\0\0\0\0\x03\x03\0", 12);
	decode_refused(enc, "damaged");
	free(enc);
}

static void
test_truncated_and_damaged(void **state)
{
	unsigned char *bits = calloc(LIST_BYTES, 1), *got;
	struct tbuf gz;
	size_t nbytes;
	char *enc;

	(void)state;
	assert_non_null(bits);
	set_bit(bits, 12345);
	th_fill(bits + 4096, 4096, 7); /* something deflate cannot shrink away */
	gz = gzip_bytes(bits, LIST_BYTES);
	/* without the trailer (CRC-32 and size), and cut mid-stream */
	for (size_t cut = 1; cut <= 8; cut += 7) {
		enc = b64url("u", gz.p, gz.len - cut);
		decode_refused(enc, "truncated");
		free(enc);
	}
	enc = b64url("u", gz.p, gz.len / 2);
	decode_refused(enc, "truncated");
	free(enc);
	enc = b64url("u", gz.p, 10); /* the header only */
	decode_refused(enc, "truncated");
	free(enc);
	/* a wrong CRC-32 */
	gz.p[gz.len - 8] ^= 0x01;
	enc = b64url("u", gz.p, gz.len);
	decode_refused(enc, "damaged");
	free(enc);
	gz.p[gz.len - 8] ^= 0x01;
	/* a wrong length */
	gz.p[gz.len - 1] ^= 0x40;
	enc = b64url("u", gz.p, gz.len);
	decode_refused(enc, "damaged");
	free(enc);
	gz.p[gz.len - 1] ^= 0x40;
	/* data after the stream */
	tb_reserve(&gz, 4);
	memcpy(gz.p + gz.len, "junk", 4);
	enc = b64url("u", gz.p, gz.len + 4);
	decode_refused(enc, "after");
	free(enc);
	/* a second GZIP member is more of the same file (RFC 1952 2.2) */
	{
		struct tbuf two = {0};

		tb_reserve(&two, gz.len * 2);
		memcpy(two.p, gz.p, gz.len);
		memcpy(two.p + gz.len, gz.p, gz.len);
		enc = b64url("u", two.p, gz.len * 2);
		got = decode_ok(enc, &nbytes);
		assert_int_equal(nbytes, 2 * LIST_BYTES);
		assert_memory_equal(got, bits, LIST_BYTES);
		assert_memory_equal(got + LIST_BYTES, bits, LIST_BYTES);
		assert_int_equal(statuslist_value(got, nbytes, 12345, 1), 1);
		assert_int_equal(statuslist_value(got, nbytes, LIST_BYTES * 8 + 12345, 1), 1);
		free(got);
		free(enc);
		free(two.p);
	}
	/* padding is tolerated, as other base64url readers tolerate it */
	enc = b64url("u", gz.p, gz.len);
	{
		size_t n = strlen(enc), pad = (4 - (n - 1) % 4) % 4;
		char *padded = malloc(n + pad + 1);

		assert_non_null(padded);
		memcpy(padded, enc, n);
		memset(padded + n, '=', pad);
		padded[n + pad] = '\0';
		got = decode_ok(padded, &nbytes);
		assert_int_equal(nbytes, LIST_BYTES);
		assert_memory_equal(got, bits, LIST_BYTES);
		free(got);
		free(padded);
		print_message("a list with %zu padding characters decodes\n", pad);
	}
	free(enc);
	free(gz.p);
	/* an empty bitstring decodes and holds no entry */
	gz = gzip_bytes((const unsigned char *)"", 0);
	enc = b64url("u", gz.p, gz.len);
	got = decode_ok(enc, &nbytes);
	assert_int_equal(nbytes, 0);
	assert_int_equal(statuslist_value(got, nbytes, 0, 1), -1);
	free(got);
	free(enc);
	free(gz.p);
	free(bits);
}

/* ---- the real lists ------------------------------------------------- */

static int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What a credential's file name says about its status. */
enum expect {
	EXPECT_SET,      /* revokedStatus, revoked-…: the bit is 1 */
	EXPECT_UNSET,    /* validStatus and the other lists' fixtures: 0 */
	EXPECT_DAMAGED,  /* tamperedStatus: the list cannot be read */
};

static enum expect
expect_from_name(const char *name)
{
	if (strstr(name, "tamperedStatus") != NULL)
		return EXPECT_DAMAGED;
	if (strstr(name, "revokedStatus") != NULL ||
	    strstr(name, "revokedStaus") != NULL || /* sic, upstream */
	    strstr(name, "-revoked-") != NULL)
		return EXPECT_SET;
	return EXPECT_UNSET;
}

/* Checks one credentialStatus entry; returns 1 when its list is here. */
static int
check_entry(const char *name, const cJSON *entry, size_t *set, size_t *unset,
            size_t *damaged)
{
	const cJSON *url = cJSON_GetObjectItemCaseSensitive(entry, "statusListCredential");
	const cJSON *index = cJSON_GetObjectItemCaseSensitive(entry, "statusListIndex");
	struct cairn_error err = {0};
	unsigned char *raw, *bits = NULL;
	size_t rawlen, nbytes = 0;
	const char *encoded;
	char *path, *end;
	cJSON *list;
	uint64_t i;
	enum cairn_err rc;
	int value;

	if (!cJSON_IsString(url) || strncmp(url->valuestring, DCC_URL, strlen(DCC_URL)) != 0)
		return 0;
	path = th_path(DCC_DIR, url->valuestring + strlen(DCC_URL));
	if (!file_exists(path)) {
		free(path);
		return 0;
	}
	assert_true(cJSON_IsString(index));
	i = strtoull(index->valuestring, &end, 10);
	assert_true(*end == '\0' && end != index->valuestring);
	raw = th_read(path, &rawlen);
	list = cJSON_ParseWithLength((const char *)raw, rawlen);
	assert_non_null(list);
	encoded = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(list, "credentialSubject"), "encodedList"));
	assert_non_null(encoded);
	rc = statuslist_decode(encoded, &bits, &nbytes, &err);
	switch (expect_from_name(name)) {
	case EXPECT_DAMAGED:
		if (rc != CAIRN_ERR_USAGE)
			fail_msg("%s: the tampered list %s decoded", name, path);
		(*damaged)++;
		break;
	case EXPECT_SET:
	case EXPECT_UNSET:
		if (rc != CAIRN_OK)
			fail_msg("%s: %s: %s", name, path, err.msg);
		value = statuslist_value(bits, nbytes, i, 1);
		print_message("  %s -> %s index %" PRIu64 " = %d\n", name,
		              url->valuestring + strlen(DCC_URL), i, value);
		if (expect_from_name(name) == EXPECT_SET) {
			assert_int_equal(value, 1);
			(*set)++;
		} else {
			assert_int_equal(value, 0);
			(*unset)++;
		}
		break;
	}
	free(bits);
	cJSON_Delete(list);
	free(raw);
	free(path);
	return 1;
}

static void
test_real_lists(void **state)
{
	char *dir = th_path(DCC_DIR, "verifiableCredentials");
	size_t set = 0, unset = 0, damaged = 0, elsewhere = 0;
	struct stat st;
	char **names;

	(void)state;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		print_message("SKIPPED: no DCC fixtures at %s\n", dir);
		free(dir);
		skip();
		return;
	}
	names = th_files(dir);
	for (char **name = names; *name != NULL; name++) {
		size_t len;
		char *path = th_path(dir, *name);
		unsigned char *data = th_read(path, &len);
		cJSON *doc = cJSON_ParseWithLength((const char *)data, len);
		const cJSON *st_entry, *e;

		st_entry = cJSON_GetObjectItemCaseSensitive(doc, "credentialStatus");
		if (st_entry != NULL) {
			const cJSON *one = cJSON_IsArray(st_entry) ? st_entry->child : st_entry;

			for (e = one; e != NULL; e = cJSON_IsArray(st_entry) ? e->next : NULL)
				if (!check_entry(*name, e, &set, &unset, &damaged))
					elsewhere++;
		}
		cJSON_Delete(doc);
		free(data);
		free(path);
	}
	th_strv_free(names);
	free(dir);
	print_message("DCC credentials checked against their lists: %zu set "
	              "(revoked), %zu unset, %zu damaged list refused; %zu "
	              "entries point at lists not in the fixtures\n",
	              set, unset, damaged, elsewhere);
	assert_true(set >= 10);
	assert_true(unset >= 10);
	assert_int_equal(damaged, 1);
}

/* The list itself: 100,000 entries with 2, 6 and 8 set. */
static void
test_real_list_bits(void **state)
{
	const char *path = DCC_DIR "/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj";
	unsigned char *raw, *bits;
	size_t rawlen, nbytes, ones = 0;
	cJSON *list;
	const char *encoded;

	(void)state;
	if (!file_exists(path)) {
		print_message("SKIPPED: no DCC status list at %s\n", path);
		skip();
		return;
	}
	raw = th_read(path, &rawlen);
	list = cJSON_ParseWithLength((const char *)raw, rawlen);
	assert_non_null(list);
	encoded = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(list, "credentialSubject"), "encodedList"));
	assert_non_null(encoded);
	bits = decode_ok(encoded, &nbytes);
	assert_int_equal(nbytes, 12500);
	for (uint64_t i = 0; i < nbytes * 8; i++)
		ones += (size_t)statuslist_value(bits, nbytes, i, 1);
	assert_int_equal(ones, 3);
	assert_int_equal(statuslist_value(bits, nbytes, 2, 1), 1);
	assert_int_equal(statuslist_value(bits, nbytes, 6, 1), 1);
	assert_int_equal(statuslist_value(bits, nbytes, 8, 1), 1);
	assert_int_equal(statuslist_value(bits, nbytes, 7, 1), 0);
	assert_int_equal(statuslist_value(bits, nbytes, 100000, 1), -1);
	free(bits);
	cJSON_Delete(list);
	free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_bits),
		cmocka_unit_test(test_status_size),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_bad_base64),
		cmocka_unit_test(test_not_gzip),
		cmocka_unit_test(test_truncated_and_damaged),
		cmocka_unit_test(test_real_lists),
		cmocka_unit_test(test_real_list_bits),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* JSON Canonicalization Scheme (RFC 8785): the upstream vectors, the ES6
 * number file, and the cases a signature depends on. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
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

#include "cairn_limits.h"
#include "testhelp.h"
#include "verify/jcs.h"

#define JCS_VECTORS SHARED_VECTORS "/jcs"

static int
dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The canonical form of json, which must be accepted. */
static char *
canon(const char *json)
{
	struct cairn_error err = {0};
	cJSON *v = cJSON_Parse(json);
	char *out = NULL;
	size_t len = 0;

	if (v == NULL)
		fail_msg("cJSON cannot parse %s", json);
	if (jcs_serialise(v, &out, &len, &err) != CAIRN_OK)
		fail_msg("refused %s: %s", json, err.msg);
	assert_int_equal(strlen(out), len);
	cJSON_Delete(v);
	return out;
}

static void
expect_canon(const char *json, const char *want)
{
	char *got = canon(json);

	assert_string_equal(got, want);
	free(got);
}

/* v must be refused with code; the message is returned for checks. */
static void
expect_refused_value(const cJSON *v, enum cairn_err code,
                     struct cairn_error *err)
{
	char *out = (char *)"unchanged";
	size_t len = 42;

	memset(err, 0, sizeof *err);
	assert_int_equal(jcs_serialise(v, &out, &len, err), code);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(err->code, code);
	assert_true(err->msg[0] != '\0');
}

static void
expect_refused(const char *json, enum cairn_err code, const char *in_msg)
{
	struct cairn_error err;
	cJSON *v = cJSON_Parse(json);

	if (v == NULL)
		fail_msg("cJSON cannot parse %s", json);
	expect_refused_value(v, code, &err);
	if (in_msg != NULL && strstr(err.msg, in_msg) == NULL)
		fail_msg("message \"%s\" does not mention %s", err.msg, in_msg);
	cJSON_Delete(v);
}

static void
expect_number(double d, const char *want)
{
	char buf[JCS_NUMBER_MAX];
	int n = jcs_number(d, buf);

	if (n < 0 || strcmp(buf, want) != 0)
		fail_msg("jcs_number(%a) gave \"%s\", want \"%s\"", d,
		         n < 0 ? "(refused)" : buf, want);
	assert_int_equal(n, strlen(want));
}

static double
double_from_bits(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof d);
	return d;
}

/* ---- upstream vectors (cyberphone/json-canonicalization) ------------ */

static unsigned char *
hex_decode(const unsigned char *hex, size_t hlen, size_t *len)
{
	unsigned char *out = malloc(hlen / 2 + 1);
	size_t n = 0;
	int half = -1;

	assert_non_null(out);
	for (size_t i = 0; i < hlen; i++) {
		int v = 0;

		if (hex[i] >= '0' && hex[i] <= '9')
			v = hex[i] - '0';
		else if (hex[i] >= 'a' && hex[i] <= 'f')
			v = hex[i] - 'a' + 10;
		else if (hex[i] >= 'A' && hex[i] <= 'F')
			v = hex[i] - 'A' + 10;
		else if (hex[i] == ' ' || hex[i] == '\n' || hex[i] == '\r')
			continue;
		else
			fail_msg("bad hex byte 0x%02x", hex[i]);
		if (half < 0) {
			half = v;
		} else {
			out[n++] = (unsigned char)(half << 4 | v);
			half = -1;
		}
	}
	assert_int_equal(half, -1);
	*len = n;
	return out;
}

static void
test_vector_files(void **state)
{
	char *indir = th_path(JCS_VECTORS, "input");
	char **names;
	size_t count = 0;

	(void)state;
	if (!dir_exists(indir)) {
		print_message("SKIPPED: no JCS vectors at %s\n", indir);
		free(indir);
		skip();
		return;
	}
	names = th_files(indir);
	for (char **name = names; *name != NULL; name++) {
		char rel[512], stem[256], *path;
		unsigned char *in, *want, *hex, *fromhex;
		size_t inlen, wantlen, hexlen, fromhexlen, outlen;
		struct cairn_error err = {0};
		char *out = NULL;
		cJSON *v;

		snprintf(stem, sizeof stem, "%s", *name);
		if (strrchr(stem, '.') != NULL)
			*strrchr(stem, '.') = '\0';
		path = th_path(indir, *name);
		in = th_read(path, &inlen);
		free(path);
		snprintf(rel, sizeof rel, "output/%s", *name);
		path = th_path(JCS_VECTORS, rel);
		want = th_read(path, &wantlen);
		free(path);
		snprintf(rel, sizeof rel, "outhex/%s.txt", stem);
		path = th_path(JCS_VECTORS, rel);
		hex = th_read(path, &hexlen);
		free(path);
		fromhex = hex_decode(hex, hexlen, &fromhexlen);

		v = cJSON_ParseWithLength((const char *)in, inlen);
		if (v == NULL)
			fail_msg("%s: cJSON cannot parse it", *name);
		if (jcs_serialise(v, &out, &outlen, &err) != CAIRN_OK)
			fail_msg("%s: refused: %s", *name, err.msg);
		if (outlen != wantlen || memcmp(out, want, wantlen) != 0)
			fail_msg("%s: got %s\nwant %.*s", *name, out,
			         (int)wantlen, (const char *)want);
		assert_int_equal(outlen, fromhexlen);
		assert_memory_equal(out, fromhex, fromhexlen);
		count++;

		cJSON_Delete(v);
		free(out);
		free(in);
		free(want);
		free(hex);
		free(fromhex);
	}
	th_strv_free(names);
	free(indir);
	print_message("%zu JCS vector files canonicalised byte for byte "
	              "(output/ and outhex/)\n", count);
	assert_true(count >= 6);
}

/* Runs every "hexbits,expected" line of the ES6 number file through
 * jcs_number; returns the mismatches and counts the lines. */
static size_t
es6_mismatches(const char *path, size_t *lines)
{
	size_t len, bad = 0;
	char *text = (char *)th_read(path, &len), *line, *save = NULL;

	*lines = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *comma = strchr(line, ','), *end, got[JCS_NUMBER_MAX];
		uint64_t bits;
		int n;

		if (comma == NULL)
			fail_msg("line %zu has no comma: %s", *lines + 1, line);
		*comma = '\0';
		errno = 0;
		bits = strtoull(line, &end, 16);
		if (errno != 0 || end != comma || end == line)
			fail_msg("line %zu: bad bits %s", *lines + 1, line);
		n = jcs_number(double_from_bits(bits), got);
		if (n < 0 || strcmp(got, comma + 1) != 0) {
			if (bad < 10)
				print_message("mismatch %s: got %s want %s\n", line,
				              n < 0 ? "(refused)" : got, comma + 1);
			bad++;
		}
		(*lines)++;
	}
	free(text);
	return bad;
}

static void
test_es6_numbers(void **state)
{
	const char *path = JCS_VECTORS "/es6testfile10k.txt";
	size_t lines, bad;
	struct stat st;

	(void)state;
	if (stat(path, &st) != 0) {
		print_message("SKIPPED: no ES6 number file at %s\n", path);
		skip();
		return;
	}
	bad = es6_mismatches(path, &lines);
	print_message("%zu of %zu ES6 numbers written exactly\n", lines - bad,
	              lines);
	assert_int_equal(bad, 0);
	assert_int_equal(lines, 10000);
}

/* ---- numbers -------------------------------------------------------- */

static void
test_number_cases(void **state)
{
	char buf[JCS_NUMBER_MAX];

	(void)state;
	expect_number(0.0, "0");
	expect_number(-0.0, "0");
	expect_number(1.0, "1");
	expect_number(-1.5, "-1.5");
	expect_number(0.1, "0.1");
	expect_number(0.1 + 0.2, "0.30000000000000004");
	expect_number(1e21, "1e+21");
	expect_number(1e20, "100000000000000000000");
	expect_number(123456789012345680000.0, "123456789012345680000");
	expect_number(1e-6, "0.000001");
	expect_number(1e-7, "1e-7");
	expect_number(1.5e-7, "1.5e-7");
	expect_number(-1.5e-7, "-1.5e-7");
	expect_number(9.999999999999997e-7, "9.999999999999997e-7");
	expect_number(5e-324, "5e-324");
	expect_number(-5e-324, "-5e-324");
	expect_number(1.7976931348623157e308, "1.7976931348623157e+308");
	expect_number(-1.7976931348623157e308, "-1.7976931348623157e+308");
	expect_number(2.2250738585072014e-308, "2.2250738585072014e-308");
	expect_number(9007199254740992.0, "9007199254740992");
	expect_number(9007199254740994.0, "9007199254740994");
	expect_number(333333333.33333329, "333333333.3333333");
	expect_number(1e30, "1e+30");
	expect_number(4.5, "4.5");
	expect_number(2e-3, "0.002");
	expect_number(1e-27, "1e-27");
	expect_number(-1234.5678e-12, "-1.2345678e-9");
	/* the longest text: seventeen digits after "0.00000" */
	expect_number(-1.2345678901234567e-6, "-0.0000012345678901234567");
	/* powers of two, whose gap below is half the gap above: the
	 * shortest is not always the nearest correctly rounded digits */
	expect_number(0x1p-1074, "5e-324");
	expect_number(0x1p-1022, "2.2250738585072014e-308");
	expect_number(0x1p+1023, "8.98846567431158e+307");
	expect_number(0x1p+54, "18014398509481984");
	expect_number(0x1p+70, "1.1805916207174113e+21");
	expect_number(0x1p-1017, "7.120236347223045e-307");
	expect_number(0x1p-44, "5.684341886080802e-14");
	expect_number(0x1p-24, "5.960464477539063e-8");
	expect_number(0x1p+89, "6.189700196426902e+26");
	expect_number(-0x1p+976, "-6.386688990511104e+293");
	assert_int_equal(jcs_number(NAN, buf), -1);
	assert_int_equal(jcs_number(INFINITY, buf), -1);
	assert_int_equal(jcs_number(-INFINITY, buf), -1);
}

static void
test_number_members(void **state)
{
	(void)state;
	expect_canon("[1.0, -0, 0.0, 1E2, 1e21, 1e-7, 0.000001, 12e-1]",
	             "[1,0,0,100,1e+21,1e-7,0.000001,1.2]");
	expect_canon("3.14", "3.14");
	/* the canonical number is the one the double holds */
	expect_canon("[9007199254740993, 123456789012345678901234567890]",
	             "[9007199254740992,1.2345678901234568e+29]");
}

static void
test_not_finite(void **state)
{
	struct cairn_error err;
	cJSON *arr = cJSON_CreateArray();

	(void)state;
	/* cJSON reads an overflowing literal as an infinity */
	expect_refused("[1e400]", CAIRN_ERR_USAGE, "Infinity");
	expect_refused("{\"a\":-1e400}", CAIRN_ERR_USAGE, "-Infinity");
	assert_non_null(arr);
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(NAN));
	expect_refused_value(arr, CAIRN_ERR_USAGE, &err);
	assert_non_null(strstr(err.msg, "NaN"));
	cJSON_Delete(arr);
}

/* ---- member order --------------------------------------------------- */

static void
test_utf16_order(void **state)
{
	(void)state;
	/* U+1F600 is D83D DE00 in UTF-16: after U+20AC (as in code point
	 * order) but before U+FB33, unlike code point order */
	expect_canon("{\"\\ufb33\":1,\"\\ud83d\\ude00\":2,\"\\u20ac\":3}",
	             "{\"\xe2\x82\xac\":3,\"\xf0\x9f\x98\x80\":2,"
	             "\"\xef\xac\xb3\":1}");
	/* supplementary characters sort after U+D7FF, before U+E000..U+FFFF */
	expect_canon("{\"\\uffff\":1,\"\\ue000\":2,\"\\ud800\\udc00\":3,\"\\ud7ff\":4}",
	             "{\"\xed\x9f\xbf\":4,\"\xf0\x90\x80\x80\":3,"
	             "\"\xee\x80\x80\":2,\"\xef\xbf\xbf\":1}");
	/* surrogate pairs among themselves: code point order */
	expect_canon("{\"\\ud83d\\ude02\":1,\"\\ud83d\\ude00\":2,\"\\ud83c\\udf89\":3}",
	             "{\"\xf0\x9f\x8e\x89\":3,\"\xf0\x9f\x98\x80\":2,"
	             "\"\xf0\x9f\x98\x82\":1}");
	/* a prefix first; upper case (0x41..) before lower case (0x61..) */
	expect_canon("{\"ab\":1,\"b\":2,\"a\":3,\"\":4,\"B\":5}",
	             "{\"\":4,\"B\":5,\"a\":3,\"ab\":1,\"b\":2}");
}

static void
test_nested_and_empty(void **state)
{
	(void)state;
	expect_canon(" { \"b\" : [ ] , \"a\" : { } , \"c\" : [ { \"z\" : null , \"y\" : [ true , false ] } ] } ",
	             "{\"a\":{},\"b\":[],\"c\":[{\"y\":[true,false],\"z\":null}]}");
	expect_canon("[]", "[]");
	expect_canon("{}", "{}");
	expect_canon("null", "null");
	expect_canon("\"top\"", "\"top\"");
	/* arrays keep their order */
	expect_canon("[3,1,2,\"b\",\"a\"]", "[3,1,2,\"b\",\"a\"]");
}

static void
test_duplicate_names(void **state)
{
	(void)state;
	expect_refused("{\"a\":1,\"a\":2}", CAIRN_ERR_USAGE, "\"a\"");
	expect_refused("{\"x\":{\"b\":1,\"c\":2,\"b\":3}}", CAIRN_ERR_USAGE,
	               "\"b\"");
	/* the same name spelled two ways is still the same name */
	expect_refused("{\"\\u00e9\":1,\"\xc3\xa9\":2}", CAIRN_ERR_USAGE, NULL);
	expect_refused("[{},{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}]",
	               CAIRN_ERR_USAGE, NULL);
	/* a control character in the name is not printed raw */
	expect_refused("{\"\\u001b[2J\":1,\"\\u001b[2J\":2}", CAIRN_ERR_USAGE,
	               "\\u{1B}[2J");
}

/* ---- strings -------------------------------------------------------- */

static void
test_escapes(void **state)
{
	char *got;

	(void)state;
	expect_canon("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
	expect_canon("\"\\u0001\\u001f\\u000b\\u001B\\u0000\"",
	             "\"\\u0001\\u001f\\u000b\\u001b\"");
	/* DEL, C1 controls, U+2028/2029 and non-ASCII stay raw UTF-8 */
	expect_canon("\"\\u007f\\u0080\\u2028\\u2029\\u00e9\\ud83d\\ude00\"",
	             "\"\x7f\xc2\x80\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9\xf0\x9f\x98\x80\"");
	/* no Unicode normalisation */
	expect_canon("\"A\\u030a\"", "\"A\xcc\x8a\"");
	/* names are escaped as strings are */
	expect_canon("{\"\\n\\u0002\\\"\":\"</script>\"}",
	             "{\"\\n\\u0002\\\"\":\"</script>\"}");
	/* every control character */
	got = canon("\"\\u0000\"");
	assert_string_equal(got, "\"\""); /* cJSON ends the string at NUL */
	free(got);
	for (int c = 1; c < 0x20; c++) {
		char in[16], want[16];
		const char *shortform = NULL;

		snprintf(in, sizeof in, "\"\\u%04x\"", c);
		switch (c) {
		case '\b': shortform = "\\b"; break;
		case '\f': shortform = "\\f"; break;
		case '\n': shortform = "\\n"; break;
		case '\r': shortform = "\\r"; break;
		case '\t': shortform = "\\t"; break;
		default: break;
		}
		if (shortform != NULL)
			snprintf(want, sizeof want, "\"%s\"", shortform);
		else
			snprintf(want, sizeof want, "\"\\u%04x\"", c);
		expect_canon(in, want);
	}
}

static void
test_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
		"\xf8\x88\x80\x80\x80", "\xe2\x82", "\xf0\x9f\x98", "a\xc3",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char json[64];

		snprintf(json, sizeof json, "[\"ok\",\"x%sy\"]", bad[i]);
		expect_refused(json, CAIRN_ERR_USAGE, "UTF-8");
		snprintf(json, sizeof json, "{\"%s\":1}", bad[i]);
		expect_refused(json, CAIRN_ERR_USAGE, "UTF-8");
	}
	/* the largest code point and the last before the surrogates pass */
	expect_canon("\"\xf4\x8f\xbf\xbf\xed\x9f\xbf\"",
	             "\"\xf4\x8f\xbf\xbf\xed\x9f\xbf\"");
}

/* ---- what cannot be canonicalised ----------------------------------- */

static void
test_unwritable_items(void **state)
{
	struct cairn_error err;
	cJSON *arr = cJSON_CreateArray(), *obj = cJSON_CreateObject();
	cJSON *odd = cJSON_CreateNull();
	char *out = (char *)"unchanged";

	(void)state;
	assert_non_null(arr);
	assert_non_null(obj);
	assert_non_null(odd);
	cJSON_AddItemToArray(arr, cJSON_CreateRaw("{\"b\":1,\"a\":2}"));
	expect_refused_value(arr, CAIRN_ERR_USAGE, &err);
	/* a member added without a name */
	cJSON_AddItemToArray(obj, cJSON_CreateTrue());
	expect_refused_value(obj, CAIRN_ERR_USAGE, &err);
	odd->type = cJSON_Invalid;
	expect_refused_value(odd, CAIRN_ERR_USAGE, &err);
	assert_int_equal(jcs_serialise(NULL, &out, NULL, &err), CAIRN_ERR_USAGE);
	assert_null(out);
	cJSON_Delete(arr);
	cJSON_Delete(obj);
	cJSON_Delete(odd);
}

static char *
nested(int levels, int objects)
{
	size_t n = (size_t)levels * 6 + 16, o = 0;
	char *s = malloc(n);

	assert_non_null(s);
	for (int i = 0; i < levels; i++)
		o += (size_t)snprintf(s + o, n - o, "%s", objects ? "{\"a\":" : "[");
	s[o++] = '1';
	for (int i = 0; i < levels; i++)
		s[o++] = objects ? '}' : ']';
	s[o] = '\0';
	return s;
}

static void
test_depth(void **state)
{
	(void)state;
	for (int objects = 0; objects <= 1; objects++) {
		char *ok = nested(CAIRN_MAX_JSON_DEPTH, objects);
		char *deep = nested(CAIRN_MAX_JSON_DEPTH + 1, objects);

		free(canon(ok));
		expect_refused(deep, CAIRN_ERR_USAGE, "deeper");
		free(ok);
		free(deep);
	}
	/* cJSON's own limit is far beyond ours */
	{
		char *deeper = nested(900, 0);

		expect_refused(deeper, CAIRN_ERR_USAGE, "deeper");
		free(deeper);
	}
}

/* An array of n references to one long string and a last string of
 * length last: [ "s", "s", ..., "last" ]. */
static cJSON *
big_array(const char *s, size_t n, const char *last)
{
	cJSON *arr = cJSON_CreateArray();

	assert_non_null(arr);
	for (size_t i = 0; i < n; i++)
		assert_true(cJSON_AddItemToArray(arr, cJSON_CreateStringReference(s)));
	assert_true(cJSON_AddItemToArray(arr, cJSON_CreateStringReference(last)));
	return arr;
}

static void
test_output_limit(void **state)
{
	const size_t L = 1UL << 16, max = CAIRN_MAX_JCS_OUTPUT;
	/* total = 2 + n * (L + 3) + (last + 2): brackets, quoted strings
	 * with their commas, and the last quoted string */
	size_t n = (max - 4) / (L + 3) - 1, last = max - 4 - n * (L + 3);
	char *s = malloc(L + 1), *tail = malloc(last + 2), *out = NULL;
	struct cairn_error err = {0};
	size_t len = 0;
	cJSON *arr;

	(void)state;
	assert_non_null(s);
	assert_non_null(tail);
	memset(s, 's', L);
	s[L] = '\0';
	memset(tail, 't', last + 1);
	tail[last] = '\0';
	arr = big_array(s, n, tail);
	assert_int_equal(jcs_serialise(arr, &out, &len, &err), CAIRN_OK);
	assert_int_equal(len, max);
	assert_int_equal(out[len - 1], ']');
	free(out);
	cJSON_Delete(arr);
	/* one byte more is refused, not cut */
	tail[last] = 't';
	tail[last + 1] = '\0';
	arr = big_array(s, n, tail);
	expect_refused_value(arr, CAIRN_ERR_USAGE, &err);
	cJSON_Delete(arr);
	free(s);
	free(tail);
}

/* ---- locale --------------------------------------------------------- */

static int
locale_restore(void **state)
{
	(void)state;
	setlocale(LC_NUMERIC, "C");
	return 0;
}

static void
test_comma_locale(void **state)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
		"nl_NL.UTF-8", "ru_RU.UTF-8", "de_DE", "fr_FR",
	};
	const char *path = JCS_VECTORS "/es6testfile10k.txt";
	const char *used = NULL;
	struct stat st;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof *names && used == NULL; i++)
		if (setlocale(LC_NUMERIC, names[i]) != NULL &&
		    strcmp(localeconv()->decimal_point, ".") != 0)
			used = names[i];
	if (used == NULL) {
		print_message("SKIPPED: no locale with a decimal comma is "
		              "installed (tried de_DE.UTF-8 and others)\n");
		skip();
		return;
	}
	print_message("numbers under LC_NUMERIC=%s (decimal point \"%s\")\n",
	              used, localeconv()->decimal_point);
	expect_number(0.1, "0.1");
	expect_number(1.5e-7, "1.5e-7");
	expect_number(-1234.5678, "-1234.5678");
	expect_number(1.7976931348623157e308, "1.7976931348623157e+308");
	expect_canon("{\"n\":[333333333.33333329,4.50,2e-3,1E30]}",
	             "{\"n\":[333333333.3333333,4.5,0.002,1e+30]}");
	if (stat(path, &st) == 0) {
		size_t lines, bad = es6_mismatches(path, &lines);

		print_message("%zu of %zu ES6 numbers written exactly under %s\n",
		              lines - bad, lines, used);
		assert_int_equal(bad, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector_files),
		cmocka_unit_test(test_es6_numbers),
		cmocka_unit_test(test_number_cases),
		cmocka_unit_test(test_number_members),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_utf16_order),
		cmocka_unit_test(test_nested_and_empty),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unwritable_items),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test_teardown(test_comma_locale, locale_restore),
	};

	/* as the program does; the suite runs under LC_ALL=C.UTF-8 */
	setlocale(LC_ALL, "");
	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

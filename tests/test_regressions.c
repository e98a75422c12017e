/* Inputs the fuzz targets found, each kept as a test so the fault never
 * comes back (the fuzzer's name and what it found are next to each), and
 * terminal and JSON safety of the escapers on what the fuzzers and the
 * hostile fixtures showed.  Run under the sanitizer build too, where
 * undefined behaviour aborts. */
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

#include "collection.h"
#include "cairn_limits.h"
#include "text.h"
#include "vault_internal.h"

#define NAME64                                                                 \
	"1be21878a9855d231c13a7a24b311b233a517ec7d1131f70f05eadb1a7caa2d3"

/* A vault with no directory behind it, as the vault-index fuzzer makes. */
static struct vault *
bare_vault(void)
{
	struct vault *v = calloc(1, sizeof *v);

	assert_non_null(v);
	v->dir = strdup("regression");
	assert_non_null(v->dir);
	v->lock_fd = -1;
	v->mode = VAULT_READ;
	return v;
}

static enum cairn_err
load_index(const char *json, struct cairn_error *err)
{
	struct vault *v = bare_vault();
	enum cairn_err rc = vault_index_load(v, json, err);

	vault_close(v);
	return rc;
}

/* vault-index fuzzer, 2026-11-29: an object's "added" time of 1.8e77 was
 * converted to a 64-bit integer (undefined behaviour; UBSan aborted). */
static void
test_index_added_out_of_range(void **state)
{
	static const char *const bad[] = {"1e300", "-1e300", "1.79511e77",
	                                  "9007199254740994"};
	struct cairn_error err = {0};
	char json[512];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(json, sizeof json,
		         "{\"cairn-index\":1,\"objects\":{\"" NAME64
		         "\":{\"size\":1,"
		         "\"kind\":\"credential\",\"added\":%s}},\"data\":{}}",
		         bad[i]);
		err.msg[0] = '\0';
		assert_int_equal(load_index(json, &err), CAIRN_ERR_DAMAGED);
		assert_non_null(strstr(err.msg, "index"));
	}
	/* the times cairn writes still load */
	snprintf(json, sizeof json,
	         "{\"cairn-index\":1,\"objects\":{\"" NAME64 "\":{\"size\":1,"
	         "\"kind\":\"credential\",\"added\":1795943821}},\"data\":{}}");
	assert_int_equal(load_index(json, &err), CAIRN_OK);
}

/* A catalogue that parses but is not cairn's is refused with a reason,
 * whatever shape its parts take. */
static void
test_index_shapes_refused(void **state)
{
	static const char *const bad[] = {
	    "",
	    "[]",
	    "null",
	    "{\"cairn-index\":2,\"objects\":{},\"data\":{}}",
	    "{\"cairn-index\":1,\"objects\":[],\"data\":{}}",
	    "{\"cairn-index\":1,\"objects\":{},\"data\":[]}",
	    "{\"cairn-index\":1,\"objects\":{\"zz\":{\"size\":1,\"kind\":"
	    "\"credential\",\"added\":1}},\"data\":{}}",
	    "{\"cairn-index\":1,\"objects\":{\"" NAME64
	    "\":{\"size\":-1,\"kind\":\"credential\",\"added\":1}},\"data\":{}"
	    "}",
	    "{\"cairn-index\":1,\"objects\":{\"" NAME64
	    "\":{\"size\":1,\"kind\":\"\\u001b[2J\",\"added\":1}},\"data\":{}}",
	    "{\"cairn-index\":1,\"objects\":{\"" NAME64
	    "\":{\"size\":1,\"kind\":\"a\",\"added\":1},"
	    "\"" NAME64
	    "\":{\"size\":1,\"kind\":\"a\",\"added\":1}},\"data\":{}}",
	};
	struct cairn_error err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err.msg[0] = '\0';
		assert_int_equal(load_index(bad[i], &err), CAIRN_ERR_DAMAGED);
		assert_true(err.msg[0] != '\0');
	}
}

/* A catalogue whose credential list is damaged is refused by the
 * collection, not half-read. */
static void
test_index_credentials_refused(void **state)
{
	static const char *const bad[] = {
	    "{\"credentials\":{}}",
	    "{\"credentials\":[7]}",
	    "{\"credentials\":[{\"id\":\"not-hex\"}]}",
	    "{\"credentials\":[{\"id\":\"" NAME64 "\"},{\"id\":\"" NAME64
	    "\"}]}",
	};
	char json[512];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct cairn_error err = {0};
		struct vault *v = bare_vault();
		struct collection *c = NULL;

		snprintf(json, sizeof json,
		         "{\"cairn-index\":1,\"objects\":{},\"data\":%s}",
		         bad[i]);
		assert_int_equal(vault_index_load(v, json, &err), CAIRN_OK);
		assert_int_equal(collection_open(v, &c, &err),
		                 CAIRN_ERR_DAMAGED);
		assert_null(c);
		assert_non_null(strstr(err.msg, "damaged"));
		vault_close(v);
	}
}

/* hostile file names (cli-hostile.sh): an invalid UTF-8 byte reached
 * standard output raw through text_json_safe, making --json output
 * neither UTF-8 nor JSON. */
static void
test_json_safe_invalid_utf8(void **state)
{
	static const char *const in[] = {
	    "{\"source\":\"evil\xff\x9e.json\"}",
	    "{\"a\":\"\xc0\xaf\"}",
	    "{\"a\":\"\xed\xa0\x80\"}",
	    "{\"a\":\"\xe2\x80\"}",
	    "{\"a\":\"\x9b"
	    "31m\"}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char *safe = text_json_safe(in[i]);
		cJSON *back;

		assert_non_null(safe);
		for (const unsigned char *p = (const unsigned char *)safe; *p;
		     p++)
			assert_true(*p < 0x80); /* only escapes remained */
		assert_non_null(strstr(safe, "\\ufffd"));
		back = cJSON_Parse(safe);
		assert_non_null(back);
		cJSON_Delete(back);
		free(safe);
	}
	{
		/* valid text is unchanged, unsafe characters escaped */
		char *safe = text_json_safe(
		    "{\"a\":\"caf\xc3\xa9 \xe2\x80\xae \xc2\x9b\"}");
		assert_string_equal(safe,
		                    "{\"a\":\"caf\xc3\xa9 \\u202e \\u009b\"}");
		free(safe);
	}
}

/* Every kind of character the terminal must never see raw, one at a time,
 * through the sanitiser: the output holds none of them. */
static void
test_sanitise_every_unsafe(void **state)
{
	(void)state;
	for (unsigned long cp = 0; cp <= 0x10ffff; cp++) {
		unsigned char in[8];
		size_t n;
		char *out;

		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) ||
		    !text_is_unsafe(cp))
			continue;
		if (cp < 0x80) {
			in[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			in[0] = (unsigned char)(0xc0 | (cp >> 6));
			in[1] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			in[0] = (unsigned char)(0xe0 | (cp >> 12));
			in[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			in[2] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			in[0] = (unsigned char)(0xf0 | (cp >> 18));
			in[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			in[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			in[3] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		in[n] = '\0';
		out = text_sanitise((const char *)in, 0);
		assert_non_null(out);
		if (cp == '\n' || cp == '\t') {
			assert_memory_equal(out, in,
			                    n + 1); /* kept in blocks */
		} else {
			/* only printable ASCII escapes remain */
			for (const unsigned char *p =
			         (const unsigned char *)out;
			     *p; p++)
				assert_true(*p >= 0x20 && *p < 0x7f);
		}
		free(out);
		out = text_sanitise((const char *)in, TEXT_ONE_LINE);
		for (const unsigned char *p = (const unsigned char *)out; *p;
		     p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_index_added_out_of_range),
	    cmocka_unit_test(test_index_shapes_refused),
	    cmocka_unit_test(test_index_credentials_refused),
	    cmocka_unit_test(test_json_safe_invalid_utf8),
	    cmocka_unit_test(test_sanitise_every_unsafe),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

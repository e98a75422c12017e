/* Import: every format learners arrive with, the records derived from
 * them, the dedupe rule, hostile input, and terminal safety. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "collection.h"
#include "credential.h"
#include "import/baked.h"
#include "import/files.h"
#include "import/import.h"
#include "json.h"
#include "cairn_limits.h"
#include "testhelp.h"
#include "text.h"

static unsigned char *
fixture(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
	return th_read(path, len);
}

static struct import_result
parse_ok(const char *name)
{
	struct import_result r;
	struct cairn_error err = {0};
	size_t len;
	unsigned char *data = fixture(name, &len);

	if (import_parse(data, len, &r, &err) != CAIRN_OK)
		fail_msg("%s: %s", name, err.msg);
	free(data);
	return r;
}

static const char *
rstr(const struct import_result *r, size_t i, const char *obj, const char *name)
{
	const cJSON *rec = r->items[i].record;

	if (obj != NULL)
		rec = cJSON_GetObjectItemCaseSensitive(rec, obj);
	return json_str(rec, name);
}

static void
assert_str(const char *got, const char *want)
{
	if (got == NULL)
		fail_msg("missing, expected \"%s\"", want);
	assert_string_equal(got, want);
}

static void
test_ob2(void **state)
{
	struct import_result r;

	(void)state;
	r = parse_ok("import/ob20-basic-assertion.json");
	assert_int_equal(r.n, 1);
	assert_str(rstr(&r, 0, NULL, "format"), "ob2");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.items[0].record, "hosted")));
	assert_true(json_has_string(cJSON_GetObjectItem(r.items[0].record, "offline"), "badge"));
	assert_str(rstr(&r, 0, NULL, "title"), "https://example.org/robotics-badge.json");
	assert_str(rstr(&r, 0, NULL, "issued"), "2016-12-31T23:59:59Z");
	/* a hashed recipient identity is not shown as an identity */
	assert_null(rstr(&r, 0, "recipient", "identity"));
	import_result_clear(&r);

	r = parse_ok("import/ob20-assertion-with-data-image.json");
	assert_int_equal(r.n, 1);
	assert_non_null(r.items[0].image);
	assert_true(r.items[0].image_len > 8);
	assert_memory_equal(r.items[0].image, "\x89PNG", 4);
	/* the picture is not kept inside the index */
	assert_null(rstr(&r, 0, "image", "url"));
	assert_str(rstr(&r, 0, "image", "type"), "image/png");
	import_result_clear(&r);

	r = parse_ok("import/ob20-simple.jwt");
	assert_int_equal(r.n, 1);
	assert_str(rstr(&r, 0, NULL, "format"), "ob2");
	assert_str(rstr(&r, 0, NULL, "encoding"), "jwt");
	assert_str(rstr(&r, 0, NULL, "jwtAlg"), "RS256");
	import_result_clear(&r);
}

static void
test_ob3_and_vc(void **state)
{
	struct import_result r;
	double d;

	(void)state;
	r = parse_ok("import/ob30-complete.json");
	assert_int_equal(r.n, 1);
	assert_str(rstr(&r, 0, NULL, "format"), "vc2");
	assert_str(rstr(&r, 0, NULL, "title"), "1EdTech University Degree for Example Student");
	assert_str(rstr(&r, 0, "achievement", "id"), "https://1edtech.edu/achievements/degree");
	assert_str(rstr(&r, 0, "achievement", "type"), "Degree");
	assert_str(rstr(&r, 0, "recipient", "identity"), "student@1edtech.edu");
	assert_true(json_num(json_obj(r.items[0].record, "credits"), "value", &d));
	assert_true(d == 42);
	assert_str(rstr(&r, 0, "credits", "source"), "creditsEarned");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.items[0].record, "alignments")), 2);
	/* the file is the credential: its bytes are kept exactly */
	{
		size_t len;
		unsigned char *data = fixture("import/ob30-complete.json", &len);
		assert_int_equal(r.items[0].len, len);
		assert_memory_equal(r.items[0].bytes, data, len);
		free(data);
	}
	import_result_clear(&r);

	r = parse_ok("import/ob30-simple_v1.json");
	assert_str(rstr(&r, 0, NULL, "format"), "vc1");
	import_result_clear(&r);

	r = parse_ok("import/ob30-simple.jwt");
	assert_int_equal(r.n, 1);
	assert_str(rstr(&r, 0, NULL, "encoding"), "jwt");
	assert_str(rstr(&r, 0, NULL, "title"), "Example University Degree");
	assert_str(rstr(&r, 0, "issuer", "name"), "Example University");
	assert_str(rstr(&r, 0, NULL, "issued"), "2010-01-01T00:00:00Z");
	import_result_clear(&r);

	r = parse_ok("import/dcc-v2-string-issuer.json");
	assert_true(rstr(&r, 0, "issuer", "id") != NULL);
	assert_null(rstr(&r, 0, "issuer", "name"));
	import_result_clear(&r);

	r = parse_ok("import/dcc-v2-complex-issuer.json");
	assert_true(rstr(&r, 0, "issuer", "name") != NULL);
	import_result_clear(&r);
}

static void
test_micro_credential_elements(void **state)
{
	struct import_result r = parse_ok("import/micro-ects.json");
	const cJSON *rec = r.items[0].record;
	double d;

	(void)state;
	assert_true(json_num(json_obj(rec, "credits"), "value", &d));
	assert_true(d == 5);
	assert_str(json_str(json_obj(rec, "credits"), "unit"), "ECTS");
	assert_str(json_str(json_obj(rec, "credits"), "source"), "creditsEarned");
	assert_true(json_num(rec, "eqfLevel", &d));
	assert_true(d == 6);
	assert_true(json_num(rec, "workloadHours", &d));
	assert_true(d == 125);
	assert_str(json_str(rec, "assessment"), "Supervised online exam");
	assert_str(json_str(rec, "participation"), "Online");
	assert_str(json_str(rec, "qualityAssurance"), "Accredited by the national agency");
	assert_true(json_has_string(cJSON_GetObjectItem(rec, "tags"), "sql"));
	assert_str(json_str(rec, "validUntil"), "2030-03-01T00:00:00Z");
	assert_str(json_str(json_obj(rec, "issuer"), "url"), "https://fjord.example");
	assert_str(json_str(json_obj(json_obj(rec, "achievement"), "criteria"), "narrative"),
	           "Passed a supervised online exam.");
	import_result_clear(&r);
}

/* What the learner earned (subject, then a result) comes before what the
 * achievement offers (ECTS points, creditPoint, creditsAvailable). */
static void
test_credit_precedence(void **state)
{
	static const char *doc =
		"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],"
		"\"issuer\":\"did:x\",\"credentialSubject\":{\"id\":\"did:y\","
		"\"result\":[{\"creditsEarned\":3,\"creditsUnit\":\"ECTS\"}],"
		"\"achievement\":{\"id\":\"urn:a\",\"name\":\"A\",\"ECTSCreditPoints\":5,\"creditsAvailable\":6}}}";
	struct import_result r;
	struct cairn_error err = {0};
	double d;

	(void)state;
	assert_int_equal(import_parse((const unsigned char *)doc, strlen(doc), &r, &err), CAIRN_OK);
	assert_true(json_num(json_obj(r.items[0].record, "credits"), "value", &d));
	assert_true(d == 3);
	assert_str(rstr(&r, 0, "credits", "source"), "result");
	import_result_clear(&r);
}

static void
test_containers(void **state)
{
	struct import_result r, jwt;

	(void)state;
	r = parse_ok("import/clr20-simple.json");
	assert_int_equal(r.n, 2);
	assert_non_null(r.group);
	assert_str(json_str(r.group, "type"), "ClrCredential");
	assert_true(json_has_string(cJSON_GetObjectItem(r.items[0].record, "types"), "ClrCredential"));
	import_result_clear(&r);

	r = parse_ok("import/clr20-complex.json");
	assert_int_equal(r.n, 7);
	import_result_clear(&r);

	r = parse_ok("import/clr20-simple.jwt");
	assert_true(r.n >= 2);
	assert_str(json_str(r.group, "type"), "ClrCredential");
	import_result_clear(&r);

	r = parse_ok("import/array-two.json");
	assert_int_equal(r.n, 2);
	assert_null(r.group);
	import_result_clear(&r);

	jwt = parse_ok("import/ob30-simple.jwt");
	r = parse_ok("import/vp-three.json");
	assert_int_equal(r.n, 3);
	assert_str(json_str(r.group, "type"), "VerifiablePresentation");
	/* the enveloped JWT is the same credential as the JWT file */
	assert_string_equal(r.items[2].id, jwt.items[0].id);
	import_result_clear(&r);

	r = parse_ok("import/enveloped.json");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].id, jwt.items[0].id);
	import_result_clear(&r);
	import_result_clear(&jwt);
}

/* ---- hostile input ---------------------------------------------------- */

static void
expect_refused(const void *data, size_t len, const char *why)
{
	struct import_result r;
	struct cairn_error err = {0};
	enum cairn_err rc = import_parse(data, len, &r, &err);

	if (rc == CAIRN_OK)
		fail_msg("%s: accepted", why);
	assert_int_equal(rc, CAIRN_ERR_USAGE);
	assert_true(err.msg[0] != '\0');
	if (strchr(err.msg, '\n') != NULL)
		fail_msg("%s: the reason is not one line: %s", why, err.msg);
	assert_null(r.items);
}

static void
test_truncated(void **state)
{
	size_t len;
	unsigned char *data = fixture("import/ob30-complete.json", &len);
	unsigned long cases = 0;

	(void)state;
	/* every proper prefix that ends inside the document is refused */
	for (size_t cut = 0; cut + 2 < len; cut += (cut < 200 ? 1 : 37)) {
		expect_refused(data, cut, "a truncated credential");
		cases++;
	}
	free(data);
	data = fixture("import/ob30-simple.jwt", &len);
	for (size_t cut = 0; cut < len - 200; cut += 13) {
		struct import_result r;
		struct cairn_error err = {0};
		/* a cut JWT is refused, or at worst read as a different token */
		if (import_parse(data, cut, &r, &err) == CAIRN_OK)
			import_result_clear(&r);
		cases++;
	}
	free(data);
	print_message("truncations: %lu cases\n", cases);
}

static void
test_wrong_types(void **state)
{
	static const char *const docs[] = {
		"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:x\",\"credentialSubject\":42}",
		"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"issuer\":17,\"credentialSubject\":{}}",
		"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{}}",
		"{\"type\":\"Assertion\",\"@context\":\"https://w3id.org/openbadges/v2\",\"badge\":12}",
		"{\"type\":\"BadgeClass\",\"@context\":\"https://w3id.org/openbadges/v2\",\"name\":\"x\"}",
		"{\"hello\":\"world\"}",
		"\"just a string\"",
		"42",
		"[]",
		"[[{\"a\":1}]]",
		"{\"type\":[\"VerifiablePresentation\"]}",
		"{\"type\":[\"VerifiablePresentation\"],\"verifiableCredential\":7}",
		"{} trailing",
		"{\"a\":\"\\ud800\"}x",
		"{\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:x\",\"credentialSubject\":{},\"name\":\"a\\u0000b\"}",
		"hello.world",
		"eyJhbGciOiJub25lIn0.bm90IGpzb24.",
		"eyJhbGciOiJub25lIn0.eyJ2YyI6e319.sig~disclosure~",
	};

	(void)state;
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		expect_refused(docs[i], strlen(docs[i]), docs[i]);
	expect_refused("", 0, "empty");
	expect_refused("{\"a\":\"\xff\xfe\"}", 10, "invalid UTF-8");
	expect_refused("{\"a\":\"\xc0\xaf\"}", 10, "overlong UTF-8");
	expect_refused("{\"a\":\"x\0y\"}", 11, "a NUL byte");
}

static void
test_deep_nesting(void **state)
{
	size_t depth = 50000;
	char *doc = malloc(2 * depth + 3);

	(void)state;
	assert_non_null(doc);
	memset(doc, '[', depth);
	memset(doc + depth, ']', depth);
	doc[2 * depth] = '\0';
	expect_refused(doc, 2 * depth, "nesting 50,000 deep");
	/* objects too, inside a credential */
	{
		const char *head = "{\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:x\",\"credentialSubject\":";
		size_t n = strlen(head), d = 100;
		char *p = malloc(n + 6 * d + 8);
		assert_non_null(p);
		strcpy(p, head);
		for (size_t i = 0; i < d; i++)
			strcat(p, "{\"a\":");
		strcat(p, "1");
		for (size_t i = 0; i < d + 1; i++)
			strcat(p, "}");
		expect_refused(p, strlen(p), "credentialSubject nested 100 deep");
		free(p);
	}
	free(doc);
}

static void
test_too_many_and_too_large(void **state)
{
	size_t n = CAIRN_MAX_CREDENTIALS_PER_FILE + 1, len;
	unsigned char *one = fixture("import/ob30-simple.jwt", &len);
	size_t cap = n * (len + 4) + 8, at = 0;
	char *doc = malloc(cap);

	(void)state;
	assert_non_null(doc);
	doc[at++] = '[';
	for (size_t i = 0; i < n; i++) {
		doc[at++] = '"';
		memcpy(doc + at, one, len - 1); /* without the newline */
		at += len - 1;
		while (doc[at - 1] == '\n' || doc[at - 1] == '\r')
			at--;
		doc[at++] = '"';
		doc[at++] = i + 1 < n ? ',' : ']';
	}
	if (at > CAIRN_MAX_IMPORT_SIZE)
		print_message("(the list is larger than the file limit: refused for that)\n");
	expect_refused(doc, at, "more credentials than the limit");
	free(doc);
	free(one);

	/* a file of hundreds of MB is refused before it is read */
	{
		char *tmp = th_tmpdir(), *path = th_path(tmp, "huge.json");
		int fd = open(path, O_WRONLY | O_CREAT, 0600);
		unsigned char *data = NULL;
		struct cairn_error err = {0};
		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, 300L * 1024 * 1024), 0);
		close(fd);
		assert_int_equal(import_read_path(path, &data, &len, &err), CAIRN_ERR_USAGE);
		assert_null(data);
		assert_non_null(strstr(err.msg, "limit"));
		th_rmtree(tmp);
		free(path);
		free(tmp);
	}
}

/* ---- text that must not reach a terminal raw -------------------------- */

static void
test_terminal_safety(void **state)
{
	const char *evil =
		"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
		"\"type\":[\"VerifiableCredential\"],\"issuer\":{\"id\":\"did:x\",\"name\":\"Evil\\u001b[2J\\u001b]52;c;cm0gLXJmIH4=\\u0007 Corp\"},"
		"\"name\":\"Safe \\u202egnp.exe\\u202c title\\u200b\\u0085\\u007f\",\"credentialSubject\":{\"id\":\"did:y\"}}";
	struct import_result r;
	struct cairn_error err = {0};
	char *t, *j, *json;
	cJSON *back;

	(void)state;
	assert_int_equal(import_parse((const unsigned char *)evil, strlen(evil), &r, &err), CAIRN_OK);
	/* stored as data */
	assert_non_null(strstr(rstr(&r, 0, "issuer", "name"), "\x1b]52"));
	/* never printed raw */
	t = text_sanitise(rstr(&r, 0, "issuer", "name"), TEXT_ONE_LINE);
	assert_null(strchr(t, 0x1b));
	assert_null(strchr(t, 0x07));
	assert_non_null(strstr(t, "\\x1b[2J"));
	free(t);
	t = text_sanitise(rstr(&r, 0, NULL, "title"), TEXT_ONE_LINE);
	assert_null(strstr(t, "\xe2\x80\xae")); /* U+202E */
	assert_null(strstr(t, "\xe2\x80\x8b")); /* U+200B */
	assert_null(strstr(t, "\xc2\x85"));     /* U+0085 */
	assert_null(strchr(t, 0x7f));
	assert_non_null(strstr(t, "\\u{202e}"));
	free(t);
	/* JSON output escapes them and still means the same */
	json = cJSON_PrintUnformatted(r.items[0].record);
	j = text_json_safe(json);
	assert_null(strstr(j, "\xe2\x80\xae"));
	assert_null(strchr(j, 0x7f));
	back = cJSON_Parse(j);
	assert_non_null(back);
	assert_string_equal(json_str(back, "title"), rstr(&r, 0, NULL, "title"));
	cJSON_Delete(back);
	free(j);
	free(json);
	/* plain text, CJK and emoji pass through untouched */
	t = text_sanitise("Zoë 学习 🎓 ok", TEXT_ONE_LINE);
	assert_string_equal(t, "Zoë 学习 🎓 ok");
	free(t);
	import_result_clear(&r);
}

/* ---- the collection --------------------------------------------------- */

struct coll_fixture {
	char *tmp, *dir;
	struct cairn_secret *pass;
	struct vault *v;
	struct collection *c;
};

static int
coll_setup(void **state)
{
	struct coll_fixture *f = calloc(1, sizeof *f);
	struct cairn_error err = {0};
	struct vault_kdf kdf;

	assert_non_null(f);
	f->tmp = th_tmpdir();
	f->dir = th_path(f->tmp, "vault");
	f->pass = th_secret("collect them all");
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(f->dir, f->pass, &kdf, &f->v, &err), CAIRN_OK);
	assert_int_equal(collection_open(f->v, &f->c, &err), CAIRN_OK);
	*state = f;
	return 0;
}

static int
coll_teardown(void **state)
{
	struct coll_fixture *f = *state;

	collection_free(f->c);
	vault_close(f->v);
	th_rmtree(f->tmp);
	secret_free(f->pass);
	free(f->dir);
	free(f->tmp);
	free(f);
	return 0;
}

static enum cairn_err
import_file(struct coll_fixture *f, const char *name, struct import_outcome *o)
{
	struct cairn_error err = {0};
	size_t len;
	unsigned char *data = fixture(name, &len);
	enum cairn_err rc = collection_import(f->c, data, len, name, o, &err);

	free(data);
	return rc;
}

static void
test_collection_import_dedupe(void **state)
{
	struct coll_fixture *f = *state;
	struct import_outcome o;
	struct cairn_error err = {0};
	size_t objects;

	assert_int_equal(import_file(f, "import/ob30-simple.jwt", &o), CAIRN_OK);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.entries[0].status, IMPORT_ADDED);
	import_outcome_clear(&o);
	objects = vault_object_count(f->v);
	/* the same JWT enveloped in JSON: already there, nothing stored */
	assert_int_equal(import_file(f, "import/enveloped.json", &o), CAIRN_OK);
	assert_int_equal(o.entries[0].status, IMPORT_PRESENT);
	import_outcome_clear(&o);
	assert_int_equal(collection_count(f->c), 1);
	/* the presentation brings two new ones and one already present */
	assert_int_equal(import_file(f, "import/vp-three.json", &o), CAIRN_OK);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.entries[0].status, IMPORT_ADDED);
	assert_int_equal(o.entries[1].status, IMPORT_ADDED);
	assert_int_equal(o.entries[2].status, IMPORT_PRESENT);
	import_outcome_clear(&o);
	assert_int_equal(collection_count(f->c), 3);
	assert_true(vault_object_count(f->v) > objects);
	/* the same JSON as its own file: present */
	assert_int_equal(import_file(f, "import/micro-ects.json", &o), CAIRN_OK);
	assert_int_equal(o.entries[0].status, IMPORT_PRESENT);
	import_outcome_clear(&o);
	/* survives closing and reopening */
	assert_int_equal(collection_save(f->c, &err), CAIRN_OK);
	collection_free(f->c);
	vault_close(f->v);
	assert_int_equal(vault_open(f->dir, f->pass, VAULT_WRITE, &f->v, &err), CAIRN_OK);
	assert_int_equal(collection_open(f->v, &f->c, &err), CAIRN_OK);
	assert_int_equal(collection_count(f->c), 3);
	{
		size_t at;
		unsigned char *raw, *want;
		size_t rlen, wlen;
		/* the original bytes come back exactly */
		want = fixture("import/micro-ects.json", &wlen);
		assert_int_equal(collection_find(f->c, "0000", &at, &err) == CAIRN_OK ||
		                 err.code == CAIRN_ERR_USAGE, 1);
		for (at = 0; at < collection_count(f->c); at++)
			if (strcmp(json_str(collection_record(f->c, at), "title"), "Introduction to SQL") == 0)
				break;
		assert_true(at < collection_count(f->c));
		/* imported inside the presentation: kept canonical; and the
		 * presentation's own bytes are kept as its container */
		assert_non_null(json_str(collection_record(f->c, at), "container"));
		assert_int_equal(collection_raw(f->c, at, &raw, &rlen, &err), CAIRN_OK);
		assert_true(rlen > 0 && raw[0] == '{');
		free(raw);
		free(want);
	}
}

static void
test_collection_png_and_json(void **state)
{
	struct coll_fixture *f = *state;
	struct import_outcome o;
	struct cairn_error err = {0};
	struct baked b = {0};
	size_t len, at;
	unsigned char *png = fixture("baked/ob30-simple-json.png", &len);
	const cJSON *img;

	/* the credential baked into the PNG, as a JSON file of its own */
	assert_int_equal(baked_png_read(png, len, &b, &err), CAIRN_OK);
	assert_int_equal(collection_import(f->c, (unsigned char *)b.text, b.len, "badge.json",
	                                   &o, &err), CAIRN_OK);
	assert_int_equal(o.entries[0].status, IMPORT_ADDED);
	import_outcome_clear(&o);
	assert_int_equal(collection_count(f->c), 1);
	assert_null(json_str(json_obj(collection_record(f->c, 0), "image"), "object"));
	/* then the PNG: the same credential, and now its picture */
	assert_int_equal(collection_import(f->c, png, len, "badge.png", &o, &err), CAIRN_OK);
	assert_int_equal(o.entries[0].status, IMPORT_IMAGE_ADDED);
	import_outcome_clear(&o);
	assert_int_equal(collection_count(f->c), 1);
	img = json_obj(collection_record(f->c, 0), "image");
	assert_non_null(json_str(img, "object"));
	/* and the SVG of the same badge: present, nothing more */
	free(png);
	png = fixture("baked/ob30-simple-json.svg", &len);
	assert_int_equal(collection_import(f->c, png, len, "badge.svg", &o, &err), CAIRN_OK);
	assert_int_equal(o.entries[0].status, IMPORT_PRESENT);
	import_outcome_clear(&o);
	assert_int_equal(collection_count(f->c), 1);
	/* the picture stored is the PNG, byte for byte */
	{
		struct vault_name nm;
		unsigned char *data, *want;
		size_t dl, wl;
		assert_int_equal(vault_name_parse(json_str(img, "object"), &nm), 0);
		assert_int_equal(vault_get(f->v, &nm, &data, &dl, &err), CAIRN_OK);
		want = fixture("baked/ob30-simple-json.png", &wl);
		assert_int_equal(dl, wl);
		assert_memory_equal(data, want, wl);
		free(data);
		free(want);
	}
	(void)at;
	baked_clear(&b);
	free(png);
}

static void
test_collection_all_or_nothing(void **state)
{
	struct coll_fixture *f = *state;
	struct import_outcome o;
	struct cairn_error err = {0};
	size_t len, objects;
	unsigned char *good = fixture("import/micro-ects.json", &len);
	char *doc = malloc(len + 200);

	assert_non_null(doc);
	/* two good credentials and a broken one in one list */
	snprintf(doc, len + 200, "[%.*s, %s, {\"type\":[\"VerifiableCredential\"]}]",
	         (int)len, good,
	         "\"eyJhbGciOiJub25lIn0.eyJ2YyI6eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl0sImlzc3VlciI6ImRpZDp4IiwiY3JlZGVudGlhbFN1YmplY3QiOnt9fX0.\"");
	objects = vault_object_count(f->v);
	assert_int_equal(collection_import(f->c, (unsigned char *)doc, strlen(doc), "mixed.json",
	                                   &o, &err),
	                 CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "credential 3"));
	assert_int_equal(collection_count(f->c), 0);
	assert_int_equal(vault_object_count(f->v), objects);
	/* and the good half alone goes in */
	doc[strlen(doc) - strlen(", {\"type\":[\"VerifiableCredential\"]}]")] = ']';
	doc[strlen(doc) - strlen(" {\"type\":[\"VerifiableCredential\"]}]") + 1] = '\0';
	assert_int_equal(collection_import(f->c, (unsigned char *)doc, strlen(doc), "good.json",
	                                   &o, &err),
	                 CAIRN_OK);
	assert_int_equal(collection_count(f->c), 2);
	import_outcome_clear(&o);
	free(doc);
	free(good);
}

static void
test_collection_edit_and_select(void **state)
{
	struct coll_fixture *f = *state;
	static const char *const files[] = {
		"import/micro-ects.json", "import/ob30-complete.json",
		"import/dcc-v1-expired.json", "import/dcc-v2-alignments.json",
		"import/ob20-basic-assertion.json", "import/clr20-simple.json",
	};
	struct import_outcome o;
	struct cairn_error err = {0};
	size_t *idx, n, at;
	time_t now;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		assert_int_equal(import_file(f, files[i], &o), CAIRN_OK);
		import_outcome_clear(&o);
	}
	assert_int_equal(collection_count(f->c), 7);
	assert_int_equal(credential_parse_time("2026-01-01T00:00:00Z", &now), 0);

	assert_int_equal(collection_select(f->c, "issuer:fjord", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 1);
	free(idx);
	assert_int_equal(collection_select(f->c, "tag:SQL", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 1);
	free(idx);
	assert_int_equal(collection_select(f->c, "skill:598de5b0", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 1);
	free(idx);
	assert_int_equal(collection_select(f->c, "status:expired", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 1);
	free(idx);
	assert_int_equal(collection_select(f->c, "degree 1edtech", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 1);
	free(idx);
	assert_int_equal(collection_select(f->c, "nothing-matches-this", SORT_NONE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 0);
	free(idx);

	/* sorting: newest first; titles A to Z */
	assert_int_equal(collection_select(f->c, NULL, SORT_DATE, now, &idx, &n, &err), CAIRN_OK);
	assert_int_equal(n, 7);
	for (size_t k = 1; k < n; k++) {
		time_t a = 0, b = 0;
		credential_parse_time(json_str(collection_record(f->c, idx[k - 1]), "issued"), &a);
		credential_parse_time(json_str(collection_record(f->c, idx[k]), "issued"), &b);
		assert_true(a >= b);
	}
	free(idx);
	assert_int_equal(collection_select(f->c, NULL, SORT_TITLE, now, &idx, &n, &err), CAIRN_OK);
	for (size_t k = 1; k < n; k++)
		assert_true(strcasecmp(json_str(collection_record(f->c, idx[k - 1]), "title"),
		                       json_str(collection_record(f->c, idx[k]), "title")) <= 0);
	free(idx);

	/* the list entry schema */
	{
		cJSON *e = collection_list_entry(f->c, 0, 8, now);
		const char *keys[] = {"id", "title", "issuer", "issued", "validUntil", "tags", "credits", "status"};
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			assert_non_null(cJSON_GetObjectItem(e, keys[k]));
		assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "issuer"), "name"));
		assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "issuer"), "id"));
		assert_int_equal(strlen(json_str(e, "shortId")), 8);
		cJSON_Delete(e);
	}

	/* ids by prefix */
	{
		const char *id = json_str(collection_record(f->c, 3), "id");
		char prefix[9];
		snprintf(prefix, sizeof prefix, "%.8s", id);
		assert_int_equal(collection_find(f->c, prefix, &at, &err), CAIRN_OK);
		assert_int_equal(at, 3);
		assert_int_equal(collection_find(f->c, "zz", &at, &err), CAIRN_ERR_USAGE);
		assert_int_equal(collection_find(f->c, "ffffffff", &at, &err) == CAIRN_OK &&
		                 strncmp(json_str(collection_record(f->c, at), "id"), "ffffffff", 8) != 0, 0);
	}

	/* tags and notes */
	assert_int_equal(collection_tag(f->c, 0, "capstone", 1, &err), CAIRN_OK);
	assert_int_equal(collection_tag(f->c, 0, "sql", 0, &err), CAIRN_OK);
	assert_int_equal(collection_tag(f->c, 0, "bad tag", 1, &err), CAIRN_ERR_USAGE);
	assert_true(json_has_string(cJSON_GetObjectItem(collection_record(f->c, 0), "tags"), "capstone"));
	assert_false(json_has_string(cJSON_GetObjectItem(collection_record(f->c, 0), "tags"), "sql"));
	assert_int_equal(collection_note(f->c, 0, "for the job at Fjord", &err), CAIRN_OK);
	assert_str(json_str(collection_record(f->c, 0), "note"), "for the job at Fjord");

	/* rm: the CLR's members keep the container the CLR shares with them */
	{
		size_t before = vault_object_count(f->v);
		for (at = 0; at < collection_count(f->c); at++)
			if (json_has_string(cJSON_GetObjectItem(collection_record(f->c, at), "types"), "ClrCredential"))
				break;
		assert_true(at < collection_count(f->c));
		assert_int_equal(collection_remove(f->c, at, &err), CAIRN_OK);
		assert_int_equal(collection_count(f->c), 6);
		/* the CLR's bytes are the document its member came in: kept */
		assert_int_equal(vault_object_count(f->v), before);
		for (at = 0; at < collection_count(f->c); at++)
			if (json_obj(collection_record(f->c, at), "group") != NULL)
				break;
		assert_true(at < collection_count(f->c));
		assert_int_equal(collection_remove(f->c, at, &err), CAIRN_OK);
		/* now the member's own bytes and the shared document both go */
		assert_int_equal(vault_object_count(f->v), before - 2);
		for (size_t k = 0; k < collection_count(f->c); k++) {
			unsigned char *raw;
			size_t rl;
			assert_int_equal(collection_raw(f->c, k, &raw, &rl, &err), CAIRN_OK);
			free(raw);
		}
	}
}

static void
test_dates(void **state)
{
	time_t t;

	(void)state;
	assert_int_equal(credential_parse_time("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(credential_parse_time("2024-02-29T12:30:00.123+02:00", &t), 0);
	assert_int_equal(t, 1709202600);
	assert_int_equal(credential_parse_time("2024-05-01", &t), 0);
	assert_int_equal(t, 1714521600);
	assert_int_equal(credential_parse_time("2024-13-01T00:00:00Z", &t), -1);
	assert_int_equal(credential_parse_time("2024-02-30", &t), -1);
	assert_int_equal(credential_parse_time("yesterday", &t), -1);
	assert_int_equal(credential_parse_time("2024-01-01T00:00:00Zjunk", &t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ob2),
		cmocka_unit_test(test_ob3_and_vc),
		cmocka_unit_test(test_micro_credential_elements),
		cmocka_unit_test(test_credit_precedence),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_too_many_and_too_large),
		cmocka_unit_test(test_terminal_safety),
		cmocka_unit_test(test_dates),
		cmocka_unit_test_setup_teardown(test_collection_import_dedupe, coll_setup, coll_teardown),
		cmocka_unit_test_setup_teardown(test_collection_png_and_json, coll_setup, coll_teardown),
		cmocka_unit_test_setup_teardown(test_collection_all_or_nothing, coll_setup, coll_teardown),
		cmocka_unit_test_setup_teardown(test_collection_edit_and_select, coll_setup, coll_teardown),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

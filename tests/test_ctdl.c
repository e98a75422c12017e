/* CTDL pathways: the Credential Engine examples (read from the shared
 * vectors, never copied: they carry no licence), the document forms, and
 * hostile input.  Every pathway made is checked against the format of
 * pathway.h. */
#include "config.h"

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

#include "ctdl.h"
#include "json.h"
#include "cairn_limits.h"
#include "testhelp.h"

/* ---- the pathway format (pathway.h), checked member by member -------- */

static int
only_members(const cJSON *o, const char *const *allowed)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, o) {
		int ok = 0;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(m->string, *a) == 0;
		if (!ok) {
			print_error("unexpected member \"%s\"\n", m->string);
			return 0;
		}
	}
	return 1;
}

static int
nonempty_string(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring[0] != '\0';
}

static int
positive(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble > 0;
}

static void check_node(const cJSON *n, int depth, size_t *count);

static void
check_list(const cJSON *arr, int depth, size_t *count)
{
	const cJSON *e;

	assert_true(cJSON_IsArray(arr));
	assert_true(cJSON_GetArraySize(arr) > 0);
	cJSON_ArrayForEach(e, arr)
		check_node(e, depth + 1, count);
}

static void
check_match(const cJSON *m)
{
	static const char *const keys[] = {"achievement", "name", "issuer", "tag", "skill",
	                                   "alignment", "eqfLevel", NULL};
	const cJSON *e;

	assert_true(cJSON_IsObject(m));
	assert_true(cJSON_GetArraySize(m) > 0);
	assert_true(only_members(m, keys));
	cJSON_ArrayForEach(e, m) {
		if (strcmp(e->string, "alignment") == 0) {
			static const char *const akeys[] = {"framework", "code", "url", NULL};
			assert_true(cJSON_IsObject(e) && cJSON_GetArraySize(e) > 0);
			assert_true(only_members(e, akeys));
		} else if (strcmp(e->string, "eqfLevel") == 0) {
			assert_true(cJSON_IsNumber(e) && e->valuedouble >= 1 && e->valuedouble <= 8);
		} else {
			assert_true(nonempty_string(e));
		}
	}
}

static void
check_node(const cJSON *n, int depth, size_t *count)
{
	const cJSON *v;
	int kinds = 0;

	assert_true(cJSON_IsObject(n));
	assert_true(depth <= CAIRN_MAX_PATHWAY_DEPTH);
	assert_true(++*count <= CAIRN_MAX_PATHWAY_NODES);
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "title")) != NULL)
		assert_true(nonempty_string(v));
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "description")) != NULL)
		assert_true(nonempty_string(v));
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "allOf")) != NULL) {
		static const char *const keys[] = {"id", "title", "description", "allOf", NULL};
		kinds++;
		assert_true(only_members(n, keys));
		check_list(v, depth, count);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "anyOf")) != NULL) {
		static const char *const keys[] = {"id", "title", "description", "anyOf", NULL};
		kinds++;
		assert_true(only_members(n, keys));
		check_list(v, depth, count);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "atLeast")) != NULL) {
		static const char *const keys[] = {"id", "title", "description", "atLeast", "of", NULL};
		const cJSON *of = cJSON_GetObjectItemCaseSensitive(n, "of");
		kinds++;
		assert_true(only_members(n, keys));
		assert_true(cJSON_IsNumber(v) && v->valuedouble == (double)(int)v->valuedouble);
		check_list(of, depth, count);
		assert_true(v->valuedouble >= 1 && v->valuedouble <= cJSON_GetArraySize(of));
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "from")) != NULL) {
		static const char *const keys[] = {"id", "title", "description", "credits", "unit",
		                                   "from", NULL};
		kinds++;
		assert_true(only_members(n, keys));
		assert_true(positive(cJSON_GetObjectItemCaseSensitive(n, "credits")));
		if (cJSON_IsObject(v))
			check_match(cJSON_GetObjectItemCaseSensitive(v, "match"));
		else
			check_list(v, depth, count);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(n, "match")) != NULL) {
		static const char *const keys[] = {"id", "title", "description", "match", "credits",
		                                   "hours", "url", "verified", NULL};
		kinds++;
		assert_true(only_members(n, keys));
		check_match(v);
		if ((v = cJSON_GetObjectItemCaseSensitive(n, "credits")) != NULL)
			assert_true(positive(v));
		if ((v = cJSON_GetObjectItemCaseSensitive(n, "hours")) != NULL)
			assert_true(positive(v));
		if ((v = cJSON_GetObjectItemCaseSensitive(n, "url")) != NULL)
			assert_true(nonempty_string(v));
		if ((v = cJSON_GetObjectItemCaseSensitive(n, "verified")) != NULL)
			assert_true(cJSON_IsTrue(v));
	}
	if (kinds != 1)
		fail_msg("a node must be exactly one kind, this one is %d", kinds);
}

static void
check_pathway(const cJSON *doc)
{
	static const char *const keys[] = {"id", "title", "description", "awardedBy", "version",
	                                   "url", "example", "verified", "target",
	                                   "requirement", NULL};
	const char *id = json_str(doc, "id");
	const cJSON *v;
	size_t count = 0;
	char *text;
	cJSON *back;

	assert_true(cJSON_IsObject(doc));
	assert_true(only_members(doc, keys));
	assert_non_null(id);
	assert_true(strlen(id) >= 1 && strlen(id) <= 64);
	for (const char *p = id; *p; p++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", *p));
	assert_true(nonempty_string(cJSON_GetObjectItemCaseSensitive(doc, "title")));
	static const char *const strs[] = {"description", "awardedBy", "version", "url"};
	for (size_t i = 0; i < 4; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(doc, strs[i])) != NULL)
			assert_true(nonempty_string(v));
	if ((v = cJSON_GetObjectItemCaseSensitive(doc, "target")) != NULL) {
		static const char *const tkeys[] = {"title", "eqfLevel", "credits", "unit", NULL};
		assert_true(cJSON_IsObject(v) && only_members(v, tkeys));
	}
	check_node(cJSON_GetObjectItemCaseSensitive(doc, "requirement"), 1, &count);
	/* and it reads back through the JSON reader every pathway goes
	 * through (size, UTF-8, depth) */
	text = cJSON_PrintUnformatted(doc);
	assert_non_null(text);
	assert_int_equal(json_parse((const unsigned char *)text, strlen(text),
	                            CAIRN_MAX_PATHWAY_SIZE, "converted", &back, NULL),
	                 CAIRN_OK);
	cJSON_Delete(back);
	free(text);
}

/* ---- helpers ---------------------------------------------------------- */

static unsigned char *
vector(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/ctdl-pathways/%s", SHARED_VECTORS, name);
	if (access(path, R_OK) != 0) {
		print_message("skipping: %s is not there (the CTDL examples are read from "
		              "../shared/vectors, never copied)\n", path);
		return NULL;
	}
	return th_read(path, len);
}

static void
check_notes(const cJSON *notes)
{
	const cJSON *e;

	assert_true(cJSON_IsArray(notes));
	assert_true(cJSON_GetArraySize(notes) <= CAIRN_MAX_CTDL_NOTES);
	cJSON_ArrayForEach(e, notes) {
		assert_true(nonempty_string(e));
		/* one line, no control characters */
		for (const unsigned char *p = (const unsigned char *)e->valuestring; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
	}
}

static cJSON *
convert_ok(const unsigned char *data, size_t len, cJSON **notes)
{
	cJSON *p = NULL, *n = NULL;
	struct cairn_error err = {0};

	if (ctdl_to_pathway(data, len, &p, &n, &err) != CAIRN_OK)
		fail_msg("conversion failed: %s", err.msg);
	assert_non_null(p);
	check_pathway(p);
	check_notes(n);
	if (notes != NULL)
		*notes = n;
	else
		cJSON_Delete(n);
	return p;
}

static cJSON *
convert_str(const char *s, cJSON **notes)
{
	return convert_ok((const unsigned char *)s, strlen(s), notes);
}

/* The conversion fails with code and a message holding want. */
static void
convert_fails(const void *data, size_t len, enum cairn_err code, const char *want)
{
	cJSON *p = (cJSON *)1, *n = (cJSON *)1;
	struct cairn_error err = {0};
	enum cairn_err rc = ctdl_to_pathway(data, len, &p, &n, &err);

	if (rc == CAIRN_OK)
		fail_msg("converted; expected an error with \"%s\"", want);
	assert_int_equal(rc, code);
	assert_null(p);
	assert_null(n);
	if (strstr(err.msg, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err.msg, want);
}

static void
str_fails(const char *s, const char *want)
{
	convert_fails(s, strlen(s), CAIRN_ERR_USAGE, want);
}

/* The note holding every one of the given words, or NULL. */
static const char *
note_with(const cJSON *notes, const char *a, const char *b)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, notes)
		if (strstr(e->valuestring, a) != NULL && (b == NULL || strstr(e->valuestring, b) != NULL))
			return e->valuestring;
	return NULL;
}

static void
assert_note(const cJSON *notes, const char *a, const char *b)
{
	if (note_with(notes, a, b) == NULL) {
		char *all = cJSON_Print(notes);
		fail_msg("no note with \"%s\"%s%s; notes: %s", a, b ? " and " : "", b ? b : "", all);
	}
}

static const cJSON *
req(const cJSON *doc)
{
	return cJSON_GetObjectItemCaseSensitive(doc, "requirement");
}

static const char *
title(const cJSON *n)
{
	return json_str(n, "title");
}

static const cJSON *
list(const cJSON *n, const char *kind)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(n, kind);

	if (!cJSON_IsArray(l))
		fail_msg("node \"%s\" is not %s", title(n) ? title(n) : "(untitled)", kind);
	return l;
}

static const cJSON *
child(const cJSON *n, const char *kind, int i)
{
	const cJSON *c = cJSON_GetArrayItem(list(n, kind), i);

	assert_non_null(c);
	return c;
}

static const cJSON *
child_titled(const cJSON *n, const char *kind, const char *t)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, list(n, kind))
		if (title(e) != NULL && strcmp(title(e), t) == 0)
			return e;
	fail_msg("no child \"%s\" in %s", t, kind);
	return NULL;
}

static const char *
match(const cJSON *leaf, const char *key)
{
	return json_str(json_obj(leaf, "match"), key);
}

static void
assert_str(const char *got, const char *want)
{
	if (got == NULL)
		fail_msg("missing, expected \"%s\"", want);
	assert_string_equal(got, want);
}

static double
num(const cJSON *o, const char *name)
{
	double d = -1;

	if (!json_num(o, name, &d))
		fail_msg("no number \"%s\"", name);
	return d;
}

/* ---- the Credential Engine examples --------------------------------- */

static void
test_unt_badges(void **state)
{
	size_t len;
	unsigned char *data = vector("unt-french-ba-marketable-skills.badgr-final.json", &len);
	cJSON *doc, *notes;
	const cJSON *r, *ic, *grp;
	static const char *const skills[] = {
		"Interpersonal Communication in French", "Critical Thinking in French",
		"Collect and Analyze Data in French", "Oral and Written Communication in French",
		"Multicultural/Diversity Competencies in French"};
	static const int need[] = {4, 4, 3, 4, 3}, of[] = {5, 5, 4, 5, 4};

	(void)state;
	if (data == NULL)
		skip();
	doc = convert_ok(data, len, &notes);
	free(data);
	assert_str(json_str(doc, "id"), "ce-4cfc5efd-506c-4d78-8fa4-e668c6950fe9");
	assert_str(title(doc), "French B.A. Marketable Skills");
	assert_str(title(json_obj(doc, "target")), "Marketable Skills in French");
	assert_non_null(strstr(json_str(doc, "description"), "Marketable skills for this degree"));

	/* the destination badge needs all five skill badges ("Requires 5 of
	 * 5 items"); each skill badge is earned by N of its course groups */
	r = req(doc);
	assert_str(title(r), "Marketable Skills in French");
	assert_int_equal(cJSON_GetArraySize(list(r, "allOf")), 5);
	for (int i = 0; i < 5; i++) {
		const cJSON *s = child(r, "allOf", i), *badge, *groups;
		assert_str(title(s), skills[i]);
		badge = child(s, "allOf", 0);
		assert_str(title(badge), skills[i]);
		assert_non_null(match(badge, "achievement"));
		assert_true(strncmp(match(badge, "achievement"), "https://api.badgr.io/public/badges/", 35) == 0);
		groups = child(s, "allOf", 1);
		assert_str(title(groups), "Required Children");
		assert_int_equal((int)num(groups, "atLeast"), need[i]);
		assert_int_equal(cJSON_GetArraySize(list(groups, "of")), of[i]);
	}
	ic = child(r, "allOf", 0);
	assert_str(match(child(ic, "allOf", 0), "achievement"),
	           "https://api.badgr.io/public/badges/uxYa0c-YQyePDybjDX-Hkw");
	/* "French 2040/2050" under Interpersonal Communication: 2 of 4 */
	grp = child_titled(child(ic, "allOf", 1), "of", "French 2040/2050");
	assert_int_equal((int)num(grp, "atLeast"), 2);
	assert_int_equal(cJSON_GetArraySize(list(grp, "of")), 4);
	assert_str(title(child(grp, "of", 0)), "In Class Oral Participation (FREN 2050)");
	assert_str(match(child(grp, "of", 0), "achievement"),
	           "https://api.badgr.io/public/badges/RBItLBt3Qkm0vkyxf6layQ");
	/* "French 3040/3045" there: 1 of 2 is anyOf */
	grp = child_titled(child(ic, "allOf", 1), "of", "French 3040/3045");
	assert_int_equal(cJSON_GetArraySize(list(grp, "anyOf")), 2);
	/* badges shared between groups appear in each place: said once */
	assert_note(notes, "23 components are required in more than one place", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_hutchinson_concatenated(void **state)
{
	size_t len;
	unsigned char *data = vector("hutchinson-welding-aas.concatenated-json-docs.txt", &len);
	cJSON *doc, *notes;
	const cJSON *r, *seven, *n;
	static const char *const courses[] = {
		"Gas Metal Arc Welding II (WE111)", "Welding Inspection and Qualification II (WE220)",
		"Cutting Processes for Welding (WE108)", "Welding Layout and Calculations (WE115)",
		"Welding Inspection and Qualification I (WE117)", "Welding Blueprint Reading (WE102)",
		"Welding Metallurgy (WE128)"};

	(void)state;
	if (data == NULL)
		skip();
	/* small enough for the pathway limit: no larger limit for CTDL */
	assert_true(len <= CAIRN_MAX_PATHWAY_SIZE);
	doc = convert_ok(data, len, &notes);
	free(data);
	/* the set's primary pathway, from the second document */
	assert_str(json_str(doc, "id"), "ce-e05d6bfa-fbde-43f4-8168-2e5f9c9fa329");
	assert_str(title(doc), "Welding Technology - AAS");
	assert_str(json_str(doc, "url"), "http://www1.hutchcc.edu/catalog/major/?major=5308");
	assert_null(cJSON_GetObjectItemCaseSensitive(doc, "awardedBy"));

	/* seven conditions, three of which name nothing in the file */
	r = req(doc);
	assert_int_equal(cJSON_GetArraySize(list(r, "allOf")), 4);
	/* "7 of 7" courses, each with its credits */
	seven = child(r, "allOf", 0);
	assert_int_equal(cJSON_GetArraySize(list(seven, "allOf")), 7);
	for (int i = 0; i < 7; i++)
		assert_str(title(child(seven, "allOf", i)), courses[i]);
	n = child(seven, "allOf", 2);
	assert_str(match(n, "name"), "Cutting Processes for Welding");
	assert_true(num(n, "credits") == 3);
	assert_true(num(child(seven, "allOf", 3), "credits") == 2);
	/* WE111 needs its prerequisite WE110 (3 credits each) */
	n = child(seven, "allOf", 0);
	assert_int_equal(cJSON_GetArraySize(list(n, "allOf")), 2);
	assert_str(title(child(n, "allOf", 1)), "Gas Metal Arc Welding (WE110)");
	assert_true(num(child(n, "allOf", 0), "credits") == 3);
	assert_true(num(child(n, "allOf", 1), "credits") == 3);
	/* WE220 (4) needs 2 of 2: WE217 (then WE113, WE112) and WE218 (then
	 * WE106, WE104) */
	n = child(seven, "allOf", 1);
	assert_int_equal(cJSON_GetArraySize(list(n, "allOf")), 3);
	assert_true(num(child(n, "allOf", 0), "credits") == 4);
	assert_str(title(child(n, "allOf", 1)), "Gas Tungsten Arc Welding III (WE217)");
	assert_int_equal(cJSON_GetArraySize(list(child(n, "allOf", 1), "allOf")), 3);
	assert_str(title(child(child(n, "allOf", 2), "allOf", 2)), "Shielded Metal Arc Welding (WE104)");
	/* the "1 of 2" conditions */
	n = child(r, "allOf", 1);
	assert_str(title(n), "Welding Certificate A Option Block");
	assert_int_equal(cJSON_GetArraySize(list(n, "anyOf")), 2);
	assert_str(match(child(n, "anyOf", 0), "name"), "General Industrial Safety/OSHA10");
	assert_true(num(child(n, "anyOf", 0), "credits") == 1);
	assert_true(num(child(n, "anyOf", 1), "credits") == 1);
	n = child(r, "allOf", 2);
	assert_str(title(n), "WE116 or WE118");
	assert_int_equal(cJSON_GetArraySize(list(n, "anyOf")), 2);
	assert_true(num(child(n, "anyOf", 1), "credits") == 2);
	/* 1 of 18, of which the file lists 4 and "(and 14 more)" */
	n = child(r, "allOf", 3);
	assert_str(title(n), "Welding Contextual Options");
	assert_int_equal(cJSON_GetArraySize(list(n, "anyOf")), 4);

	/* what was dropped */
	assert_note(notes, "CTDL document 2", "one by one");
	assert_note(notes, "lists 3 pathways that are not in the file", NULL);
	assert_note(notes, "Welding Contextual Options", "(and 14 more)");
	assert_note(notes, "Welding Social Science Options", "dropped");
	assert_note(notes, "Welding Written Communication Options", "dropped");
	assert_note(notes, "General Education", "dropped");
	assert_note(notes, "Gas Metal Arc Welding II", "constraint");
	assert_note(notes, "Shielded Metal Arc Welding II", "constraint");
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_comptia_certifications(void **state)
{
	size_t len;
	unsigned char *data = vector("comptia-it-networking-specialist.jsonld", &len);
	cJSON *doc, *notes;
	const cJSON *r;
	static const char *const certs[] = {
		"CompTIA Server+",   "CompTIA Linux+",   "CompTIA Cloud Essentials+",
		"CompTIA Project+",  "CompTIA Security+", "CompTIA Network+", "CompTIA A+"};

	(void)state;
	if (data == NULL)
		skip();
	doc = convert_ok(data, len, &notes);
	free(data);
	assert_str(json_str(doc, "id"), "ce-cc62e516-f95d-4306-a11a-c0ecc39d835f");
	assert_str(title(doc), "IT Networking Specialist Pathway");
	assert_str(json_str(doc, "url"),
	           "https://www.comptia.org/content/it-careers-path-roadmap/it-networking-specialist");
	assert_str(title(json_obj(doc, "target")), "CompTIA Cloud+");
	/* the chain Cloud+ <- Server+ <- ... <- A+, flattened */
	r = req(doc);
	assert_str(title(r), "CompTIA Cloud+");
	assert_int_equal(cJSON_GetArraySize(list(r, "allOf")), 7);
	for (int i = 0; i < 7; i++)
		assert_str(title(child(r, "allOf", i)), certs[i]);
	/* no sourceData: by name (the leading space of " CompTIA Cloud
	 * Essentials+" trimmed) */
	assert_str(match(child(r, "allOf", 0), "name"), "CompTIA Server+");
	assert_str(match(child(r, "allOf", 2), "name"), "CompTIA Cloud Essentials+");
	assert_str(match(child(r, "allOf", 6), "achievement"),
	           "https://credentialengineregistry.org/graph/ce-3877cdec-09b6-45df-814f-ede85c023858");
	assert_str(json_str(child(r, "allOf", 4), "url"), "https://www.comptia.org/certifications/security");

	assert_note(notes, "owner is given only as a link", "ce-186fbc60");
	assert_note(notes, "ceterms:Certification", NULL);
	assert_note(notes, "IT Networking Specialist", "also calls itself the destination");
	assert_note(notes, "1 component is not required", "IT Networking Specialist");
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_turtle_refused(void **state)
{
	static const char *const files[] = {"heriot-watt-cs-pathway.ttl", "heriot-watt-cs-courses.ttl"};
	int seen = 0;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		unsigned char *data = vector(files[i], &len);
		if (data == NULL)
			continue;
		seen++;
		convert_fails(data, len, CAIRN_ERR_USAGE,
		              "CTDL in Turtle is not supported; use the JSON-LD form");
		free(data);
	}
	str_fails("@prefix ceterms: <https://purl.org/ctdl/terms/> .\n",
	          "CTDL in Turtle is not supported; use the JSON-LD form");
	str_fails("# a comment\n<http://x/p> a ceterms:Pathway .",
	          "CTDL in Turtle is not supported; use the JSON-LD form");
	str_fails("PREFIX ceterms: <https://purl.org/ctdl/terms/>\n",
	          "CTDL in Turtle is not supported; use the JSON-LD form");
	str_fails("<?xml version=\"1.0\"?><rdf:RDF/>", "RDF/XML is not supported");
	if (seen == 0)
		skip();
}

/* ---- the document forms ---------------------------------------------- */

#define NODE_PATHWAY                                                            \
	"{\"@id\":\"res:ce-11111111-1111-4111-8111-111111111111\",\"@type\":\"ceterms:Pathway\","   \
	"\"ceterms:ctid\":\"ce-11111111-1111-4111-8111-111111111111\","                         \
	"\"ceterms:name\":{\"en-US\":\"Data Steward\"},"                                        \
	"\"ceterms:ownedBy\":[\"res:org\"],"                                                    \
	"\"ceterms:hasDestinationComponent\":\"res:dest\"}"
#define NODE_ORG                                                                \
	"{\"@id\":\"https://credentialengineregistry.org/resources/org\","                      \
	"\"@type\":\"ceterms:CredentialOrganization\",\"ceterms:name\":\"Fjord University\"}"
#define NODE_DEST                                                               \
	"{\"@id\":\"https://credentialengineregistry.org/resources/dest\","                     \
	"\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":{\"en\":\"Data Steward Certificate\"}," \
	"\"ceterms:hasCondition\":[{\"@type\":\"ceterms:ComponentCondition\","                   \
	"\"ceterms:requiredNumber\":2,\"ceterms:targetComponent\":[\"res:a\","                   \
	"\"https://credentialengineregistry.org/resources/b\",{\"@id\":\"res:c\"}]}]}"
#define NODE_A                                                                  \
	"{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"SQL\","     \
	"\"ceterms:codedNotation\":\"DS101\",\"ceterms:creditValue\":[{\"@type\":\"ceterms:ValueProfile\"," \
	"\"schema:value\":5,\"ceterms:creditUnitType\":\"creditUnit:ECTS\"}]}"
#define NODE_B                                                                  \
	"{\"@id\":\"res:b\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"Data Ethics\"," \
	"\"ceterms:proxyFor\":\"https://fjord.example/achievements/ethics\","                   \
	"\"ceterms:subjectWebpage\":\"https://fjord.example/ethics\"}"
#define NODE_C                                                                  \
	"{\"@id\":\"res:c\",\"@type\":\"ceterms:CompetencyComponent\",\"ceterms:name\":\"SQL\","  \
	"\"ceterms:sourceData\":\"http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742\"}"

static void
check_steward(const cJSON *doc)
{
	const cJSON *r = req(doc);

	assert_str(json_str(doc, "id"), "ce-11111111-1111-4111-8111-111111111111");
	assert_str(title(doc), "Data Steward");
	assert_str(json_str(doc, "awardedBy"), "Fjord University");
	assert_str(title(json_obj(doc, "target")), "Data Steward Certificate");
	assert_str(title(r), "Data Steward Certificate");
	assert_int_equal((int)num(r, "atLeast"), 2);
	assert_str(title(child(r, "of", 0)), "SQL (DS101)");
	assert_str(match(child(r, "of", 0), "name"), "SQL");
	assert_true(num(child(r, "of", 0), "credits") == 5);
	assert_str(match(child(r, "of", 1), "achievement"), "https://fjord.example/achievements/ethics");
	assert_str(json_str(child(r, "of", 1), "url"), "https://fjord.example/ethics");
	assert_str(match(child(r, "of", 2), "skill"),
	           "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742");
}

static void
test_forms(void **state)
{
	static const char *const forms[] = {
		/* a JSON-LD graph */
		"{\"@context\":\"https://credreg.net/ctdl/schema/context/json\",\"@graph\":["
		NODE_PATHWAY "," NODE_ORG "," NODE_DEST "," NODE_A "," NODE_B "," NODE_C "]}",
		/* a plain array of nodes (Badgr) */
		"[" NODE_DEST "," NODE_A "," NODE_PATHWAY "," NODE_B "," NODE_C "," NODE_ORG "]",
		/* concatenated documents, graphs and single nodes */
		"\xef\xbb\xbf{\"@graph\":[" NODE_PATHWAY "]}\n\n" NODE_ORG "\n{\"@graph\":[" NODE_DEST
		"," NODE_A "]}\r\n" "[" NODE_B "," NODE_C "]\n",
	};
	cJSON *notes;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		cJSON *doc = convert_str(forms[i], &notes);
		check_steward(doc);
		assert_int_equal(cJSON_GetArraySize(notes), 0);
		cJSON_Delete(notes);
		cJSON_Delete(doc);
	}
}

static void
test_pathway_choice(void **state)
{
	cJSON *doc, *notes;

	(void)state;
	/* several pathways: the first, and a note */
	doc = convert_str(
		"{\"@id\":\"res:p1\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"First\","
		"\"ceterms:hasDestinationComponent\":{\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"One\"}}\n"
		"{\"@id\":\"res:p2\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Second\","
		"\"ceterms:hasDestinationComponent\":\"res:x\"}\n"
		"{\"@id\":\"res:p3\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Third\"}",
		&notes);
	assert_str(title(doc), "First");
	assert_str(json_str(doc, "id"), "ctdl-first");
	/* a destination without conditions is the one requirement */
	assert_str(match(req(doc), "name"), "One");
	assert_note(notes, "2 other pathways", "Second");
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* a pathway set: its primary pathway, wherever it is */
	doc = convert_str(
		"[{\"@id\":\"res:p1\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"First\","
		"\"ceterms:hasDestinationComponent\":\"res:d\"},"
		"{\"@id\":\"res:set\",\"@type\":\"ceterms:PathwaySet\",\"ceterms:name\":\"Set\","
		"\"ceterms:hasPathway\":[\"res:p1\",\"res:p2\",\"res:p9\"],\"ceterms:hasPrimaryPathway\":\"res:p2\"},"
		"{\"@id\":\"res:p2\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Primary\","
		"\"ceterms:hasDestinationComponent\":\"res:d\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:e\",\"res:f\"],"
		"\"ceterms:logicalOperator\":\"logic:Or\"}},"
		"{\"@id\":\"res:e\",\"@type\":\"ceterms:AssessmentComponent\",\"ceterms:name\":\"E\"},"
		"{\"@id\":\"res:f\",\"@type\":\"ceterms:BasicComponent\",\"ceterms:name\":\"F\"}]",
		&notes);
	assert_str(title(doc), "Primary");
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "anyOf")), 2);
	assert_note(notes, "1 other pathway", "First");
	assert_note(notes, "the pathway set “Set” lists 1 pathway that is not in the file", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* no destination: the one that calls itself so, else the parts */
	doc = convert_str(
		"[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\","
		"\"ceterms:isDestinationComponentFor\":\"https://credentialengineregistry.org/resources/p\","
		"\"ceterms:hasChild\":[\"res:e\",\"res:f\"]},"
		"{\"@id\":\"res:e\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"E\"},"
		"{\"@id\":\"res:f\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"F\"}]",
		&notes);
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "allOf")), 2);
	assert_note(notes, "calls itself its destination", NULL);
	assert_note(notes, "has 2 parts but no conditions", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* the parts of this pathway that nothing requires, not the other's */
	doc = convert_str(
		"[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\","
		"\"ceterms:hasDestinationComponent\":\"res:d\",\"ceterms:hasPart\":[\"res:d\",\"res:u\",\"res:gone\"]},"
		"{\"@id\":\"res:q\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Q\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:org\",\"res:e\"]}},"
		"{\"@id\":\"res:e\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"E\"},"
		"{\"@id\":\"res:org\",\"@type\":\"ceterms:CredentialOrganization\",\"ceterms:name\":\"Org\"},"
		"{\"@id\":\"res:u\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"Unused\"},"
		"{\"@id\":\"res:v\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"V\",\"ceterms:isPartOf\":\"res:p\"},"
		"{\"@id\":\"res:w\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"Q's\",\"ceterms:isPartOf\":\"res:q\"}]",
		&notes);
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "allOf")), 2);
	assert_note(notes, "“Org” has a type cairn does not know (ceterms:CredentialOrganization)", NULL);
	assert_note(notes, "2 components are not required by the destination", "Unused");
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	doc = convert_str(
		"{\"@type\":\"ceterms:Pathway\",\"ceterms:hasChild\":[{\"@type\":\"ceterms:CourseComponent\","
		"\"ceterms:name\":\"Only\"}]}",
		&notes);
	assert_str(json_str(doc, "id"), "ctdl-pathway");
	assert_str(title(doc), "CTDL pathway");
	assert_str(match(req(doc), "name"), "Only");
	assert_note(notes, "has no name", NULL);
	assert_note(notes, "names no destination", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_types_and_values(void **state)
{
	cJSON *doc, *notes;
	const cJSON *r;

	(void)state;
	doc = convert_str(
		"{\"@graph\":[{\"@id\":\"_:p\",\"@type\":\"ceterms:Pathway\","
		"\"ceterms:name\":[{\"@value\":\"Chemin\",\"@language\":\"fr\"},{\"@value\":\" Plant\\n operator \",\"@language\":\"en\"}],"
		"\"ceterms:ctid\":\"CE-ABCDEF\",\"ceterms:offeredBy\":{\"@type\":\"ceterms:CredentialOrganization\",\"ceterms:name\":{\"de\":\"Werk\"}},"
		"\"ceterms:hasDestinationComponent\":\"_:d\"},"
		"{\"@id\":\"_:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:creditValue\":{\"schema:value\":\"60\",\"ceterms:creditUnitType\":{\"ceterms:targetNode\":\"creditUnit:ECTS\"}},"
		"\"ceterms:hasCondition\":[\"_:c1\"]},"
		"{\"@id\":\"_:c1\",\"@type\":\"ceterms:ComponentCondition\",\"ceterms:requiredNumber\":\"3\","
		"\"ceterms:targetComponent\":[\"_:j\",\"_:w\",\"_:x\",\"_:k\",\"_:s\",\"_:cert\"]},"
		"{\"@id\":\"_:j\",\"@type\":\"ceterms:JobComponent\",\"ceterms:name\":\"Shift operator\"},"
		"{\"@id\":\"_:w\",\"@type\":\"ceterms:WorkExperienceComponent\",\"ceterms:name\":\"A year on site\"},"
		"{\"@id\":\"_:x\",\"@type\":\"ceterms:FancyComponent\",\"ceterms:name\":\"Fancy\"},"
		"{\"@id\":\"_:k\",\"@type\":\"ceterms:CompetencyComponent\",\"ceterms:name\":\"work safely\"},"
		"{\"@id\":\"_:s\",\"@type\":\"ceterms:SelectionComponent\",\"ceterms:name\":\"Option\"},"
		"{\"@id\":\"_:cert\",\"@type\":\"ceterms:License\",\"ceterms:name\":\"Forklift licence\","
		"\"ceterms:creditValue\":[{\"schema:minValue\":2,\"schema:maxValue\":4,\"ceterms:creditUnitType\":\"creditUnit:SemesterHour\"}]}]}",
		&notes);
	/* the English text of a language array, its white space folded */
	assert_str(title(doc), "Plant operator");
	assert_str(json_str(doc, "id"), "ce-abcdef");
	assert_str(json_str(doc, "awardedBy"), "Werk");
	assert_true(num(json_obj(doc, "target"), "credits") == 60);
	assert_str(json_str(json_obj(doc, "target"), "unit"), "ECTS");
	r = req(doc);
	assert_int_equal((int)num(r, "atLeast"), 3);
	assert_int_equal(cJSON_GetArraySize(list(r, "of")), 6);
	assert_str(match(child(r, "of", 0), "name"), "Shift operator");
	assert_str(match(child(r, "of", 3), "skill"), "work safely");
	assert_str(match(child(r, "of", 4), "name"), "Option");
	assert_true(num(child(r, "of", 5), "credits") == 2);
	assert_note(notes, "ceterms:JobComponent components stand for jobs", NULL);
	assert_note(notes, "ceterms:WorkExperienceComponent", NULL);
	assert_note(notes, "Fancy", "ceterms:FancyComponent");
	assert_note(notes, "ceterms:License nodes are not pathway components", NULL);
	assert_note(notes, "Forklift licence", "range of credits");
	assert_note(notes, "more than one unit", "SemesterHour");
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* control characters in ids, types and names stay out of the notes
	 * and titles */
	doc = convert_str(
		"[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Ctl\\u0007\\npath\","
		"\"ceterms:hasDestinationComponent\":\"res:d\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\\r\\n\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:gone\\tx\\u001b[2J\",\"res:e\",\"res:f\"]}},"
		"{\"@id\":\"res:e\",\"@type\":\"ceterms:Odd\\nComponent\",\"ceterms:name\":\"E\\u0085vil\"},"
		"{\"@id\":\"res:f\",\"@type\":\"ceterms:Thing\\u009b\"}]",
		&notes);
	assert_str(title(doc), "Ctl path");
	assert_str(title(req(doc)), "E vil");
	assert_note(notes, "names no credential, name or code", NULL);
	assert_note(notes, "res:gone x", NULL);
	assert_note(notes, "ceterms:Odd Component", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_credit_constraint(void **state)
{
	cJSON *doc, *notes;
	const cJSON *r;

	(void)state;
	doc = convert_str(
		"[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"Stage 1\","
		"\"ceterms:hasDestinationComponent\":\"res:d\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"Stage 1\","
		"\"ceterms:hasCondition\":[{\"@type\":\"ceterms:ComponentCondition\",\"ceterms:name\":\"Credits\","
		"\"ceterms:targetComponent\":[\"res:a\",\"res:b\",\"res:c\"],"
		"\"ceterms:hasConstraint\":[{\"@type\":\"ceterms:Constraint\",\"ceterms:leftAction\":\"array:Sum\","
		"\"ceterms:leftSource\":[\"schema:value\"],\"ceterms:comparator\":\"compare:GTEQ\",\"ceterms:rightSource\":[20]},"
		"{\"@type\":\"ceterms:Constraint\",\"ceterms:leftSource\":[\"stdtdata:resit\"],"
		"\"ceterms:comparator\":\"compare:EQ\",\"ceterms:rightSource\":[false]}]}]},"
		"{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"A\",\"ceterms:creditValue\":[{\"schema:value\":10}]},"
		"{\"@id\":\"res:b\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"B\",\"ceterms:creditValue\":[{\"schema:value\":10}]},"
		"{\"@id\":\"res:c\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"C\",\"ceterms:creditValue\":[{\"schema:value\":10}]}]",
		&notes);
	r = req(doc);
	assert_true(num(r, "credits") == 20);
	assert_int_equal(cJSON_GetArraySize(list(r, "from")), 3);
	assert_note(notes, "Credits", "stdtdata:resit EQ false");
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

/* ---- hostile input ---------------------------------------------------- */

#define P_HEAD "[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\"," \
	       "\"ceterms:hasDestinationComponent\":\"res:d\"},"

static void
test_cycles(void **state)
{
	cJSON *doc, *notes;
	const cJSON *r;

	(void)state;
	/* a needs b, b needs a */
	doc = convert_str(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:a\",\"res:e\"]}},"
		"{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"A\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:b\"}},"
		"{\"@id\":\"res:b\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"B\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:a\",\"res:d\"]}},"
		"{\"@id\":\"res:e\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"E\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:e\"}}]",
		&notes);
	r = req(doc);
	/* A (then B), E */
	assert_int_equal(cJSON_GetArraySize(list(r, "allOf")), 2);
	assert_int_equal(cJSON_GetArraySize(list(child(r, "allOf", 0), "allOf")), 2);
	assert_note(notes, "“B” leads back to “A” (a cycle)", NULL);
	assert_note(notes, "“E” leads back to “E” (a cycle)", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* conditions that contain each other */
	doc = convert_str(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:hasCondition\":\"res:c1\"},"
		"{\"@id\":\"res:c1\",\"@type\":\"ceterms:ComponentCondition\",\"ceterms:name\":\"C1\","
		"\"ceterms:targetComponent\":\"res:a\",\"ceterms:hasCondition\":\"res:c2\"},"
		"{\"@id\":\"res:c2\",\"@type\":\"ceterms:ComponentCondition\",\"ceterms:name\":\"C2\","
		"\"ceterms:targetComponent\":\"res:b\",\"ceterms:hasCondition\":\"res:c1\"},"
		"{\"@id\":\"res:a\",\"@type\":\"ceterms:BasicComponent\",\"ceterms:name\":\"A\"},"
		"{\"@id\":\"res:b\",\"@type\":\"ceterms:BasicComponent\",\"ceterms:name\":\"B\"}]",
		&notes);
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "allOf")), 2);
	assert_note(notes, "“C2” leads back to “C1”", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* everything the destination needs is itself */
	str_fails(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:BasicComponent\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:d\"}}]",
		"no requirement could be read");
}

static void
test_missing_and_numbers(void **state)
{
	cJSON *doc, *notes;
	const cJSON *r;

	(void)state;
	doc = convert_str(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:hasCondition\":["
		/* 7 of 3 listed */
		"{\"ceterms:name\":\"Too many\",\"ceterms:requiredNumber\":7,\"ceterms:targetComponent\":[\"res:a\",\"res:b\",\"res:c\"]},"
		/* 3 of 4 listed, one missing */
		"{\"ceterms:name\":\"Lost one\",\"ceterms:requiredNumber\":4,\"ceterms:targetComponent\":[\"res:a\",\"res:b\",\"res:gone\",\"res:c\"]},"
		/* 1 of 4, one missing: anyOf of 3 */
		"{\"ceterms:name\":\"Any\",\"ceterms:requiredNumber\":1,\"ceterms:targetComponent\":[\"res:a\",\"res:b\",\"res:gone\",\"res:c\"]},"
		/* nothing there at all */
		"{\"ceterms:name\":\"Void\",\"ceterms:requiredNumber\":1,\"ceterms:targetComponent\":[\"(12 URIs)\",\"res:nope\"]},"
		/* none needed */
		"{\"ceterms:name\":\"Zero\",\"ceterms:requiredNumber\":0,\"ceterms:targetComponent\":[\"res:a\",\"res:b\"]},"
		/* a fraction */
		"{\"ceterms:name\":\"Half\",\"ceterms:requiredNumber\":1.5,\"ceterms:targetComponent\":[\"res:a\",\"res:b\",\"res:c\"]},"
		/* not */
		"{\"ceterms:name\":\"Negated\",\"ceterms:logicalOperator\":\"logic:Not\",\"ceterms:targetComponent\":[\"res:a\",\"res:b\"]},"
		/* a target that is no component, and junk */
		"{\"ceterms:name\":\"Odd\",\"ceterms:targetComponent\":[\"res:p\",42,null,\"res:a\"]}"
		"]},"
		"{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"A\"},"
		"{\"@id\":\"res:b\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"B\"},"
		"{\"@id\":\"res:c\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"C\"}]",
		&notes);
	r = req(doc);
	assert_int_equal(cJSON_GetArraySize(list(r, "allOf")), 5);
	assert_int_equal(cJSON_GetArraySize(list(child(r, "allOf", 0), "allOf")), 3);
	assert_int_equal(cJSON_GetArraySize(list(child(r, "allOf", 1), "allOf")), 3);
	assert_int_equal(cJSON_GetArraySize(list(child(r, "allOf", 2), "anyOf")), 3);
	assert_int_equal((int)num(child(r, "allOf", 3), "atLeast"), 2);
	assert_str(title(child(r, "allOf", 4)), "A");
	assert_note(notes, "“Too many” asks for 7 of only 3 requirements", NULL);
	assert_note(notes, "“Lost one” asks for 4 of 4 requirements but only 3 could be read", NULL);
	assert_note(notes, "“Lost one”: 1 requirement is not in the file (“res:gone”)", NULL);
	assert_note(notes, "“Void”: none of its 2 requirements is in the file", "dropped");
	assert_note(notes, "“Zero” asks for 0", "dropped");
	assert_note(notes, "“Half” asks for 1.5", "requires 2");
	assert_note(notes, "“Negated” combines its parts with logic:Not", "dropped");
	assert_note(notes, "“Odd” names “P” (ceterms:Pathway)", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);

	/* a destination whose every condition is gone */
	str_fails(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:BasicComponent\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:x\"]}}]",
		"no requirement could be read");
	/* ... unless it names a credential: then that is asked for */
	doc = convert_str(P_HEAD
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:name\":\"D\","
		"\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:x\"]}}]",
		&notes);
	assert_str(match(req(doc), "name"), "D");
	assert_note(notes, "none of the destination's requirements could be read", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
	str_fails(P_HEAD "{\"@id\":\"res:q\",\"@type\":\"ceterms:BasicComponent\"}]",
	          "no destination component and no components");
}

/* A chain of n courses, each needing the next: flattened. */
static char *
chain_doc(int n)
{
	size_t cap = (size_t)n * 200 + 512, k;
	char *s = malloc(cap);

	assert_non_null(s);
	k = (size_t)snprintf(s, cap, P_HEAD "{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\","
	                     "\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:c0\"}}");
	for (int i = 0; i < n; i++) {
		k += (size_t)snprintf(s + k, cap - k,
		                      ",{\"@id\":\"res:c%d\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"C%d\"",
		                      i, i);
		if (i + 1 < n)
			k += (size_t)snprintf(s + k, cap - k,
			                      ",\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:c%d\"}", i + 1);
		k += (size_t)snprintf(s + k, cap - k, "}");
	}
	snprintf(s + k, cap - k, "]");
	return s;
}

/* Groups nested n deep: each level one course and the next group. */
static char *
nested_doc(int n)
{
	size_t cap = (size_t)n * 300 + 512, k;
	char *s = malloc(cap);

	assert_non_null(s);
	k = (size_t)snprintf(s, cap, P_HEAD "{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\","
	                     "\"ceterms:hasCondition\":{\"ceterms:targetComponent\":\"res:g0\"}}");
	for (int i = 0; i < n; i++) {
		k += (size_t)snprintf(s + k, cap - k,
		                      ",{\"@id\":\"res:g%d\",\"@type\":\"ceterms:BasicComponent\",\"ceterms:name\":\"G%d\","
		                      "\"ceterms:hasCondition\":{\"ceterms:requiredNumber\":1,\"ceterms:targetComponent\":[\"res:x%d\"%s",
		                      i, i, i, i + 1 < n ? "," : "]}}");
		if (i + 1 < n)
			k += (size_t)snprintf(s + k, cap - k, "\"res:g%d\"]}}", i + 1);
		k += (size_t)snprintf(s + k, cap - k,
		                      ",{\"@id\":\"res:x%d\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"X%d\"}",
		                      i, i);
	}
	snprintf(s + k, cap - k, "]");
	return s;
}

/* Each level needs both of two components that need the next level. */
static char *
dag_doc(int n)
{
	size_t cap = (size_t)n * 400 + 512, k;
	char *s = malloc(cap);

	assert_non_null(s);
	k = (size_t)snprintf(s, cap, P_HEAD "{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\","
	                     "\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:a0\",\"res:b0\"]}}");
	for (int i = 0; i < n; i++)
		for (int j = 0; j < 2; j++)
			k += (size_t)snprintf(s + k, cap - k,
			                      ",{\"@id\":\"res:%c%d\",\"@type\":\"ceterms:BasicComponent\",\"ceterms:name\":\"%c%d\","
			                      "\"ceterms:hasCondition\":{\"ceterms:targetComponent\":[\"res:a%d\",\"res:b%d\"]}}",
			                      "ab"[j], i, "AB"[j], i, i + 1, i + 1);
	snprintf(s + k, cap - k, ",{\"@id\":\"res:a%d\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"L\"},"
	                         "{\"@id\":\"res:b%d\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"M\"}]",
	         n, n);
	return s;
}

static void
test_deep_and_wide(void **state)
{
	char *s;
	cJSON *doc, *notes;
	time_t t0;

	(void)state;
	/* a long prerequisite chain reads as one list */
	s = chain_doc(60);
	doc = convert_str(s, &notes);
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "allOf")), 60);
	assert_str(title(child(req(doc), "allOf", 59)), "C59");
	cJSON_Delete(notes);
	cJSON_Delete(doc);
	free(s);
	/* ... up to a point */
	s = chain_doc(400);
	str_fails(s, "nest deeper than");
	free(s);
	/* groups within groups, 20 deep: fine; 40 deep: too deep */
	s = nested_doc(20);
	doc = convert_str(s, NULL);
	cJSON_Delete(doc);
	free(s);
	s = nested_doc(40);
	str_fails(s, "nest deeper than");
	free(s);
	/* shared components repeated: 2^30 leaves are refused, quickly */
	t0 = time(NULL);
	s = dag_doc(30);
	str_fails(s, "more than 2000 requirements");
	free(s);
	s = dag_doc(8);
	doc = convert_str(s, &notes);
	assert_note(notes, "components are required in more than one place", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
	free(s);
	assert_true(time(NULL) - t0 < 20);
}

static void
test_garbage(void **state)
{
	unsigned char rnd[4096];
	char *big;
	size_t n = CAIRN_MAX_PATHWAY_SIZE + 1;

	(void)state;
	str_fails("", "the file is empty");
	str_fails(" \n\t ", "the file is empty");
	str_fails("null", "expected JSON-LD");
	str_fails("42", "expected JSON-LD");
	str_fails("\"ceterms:Pathway\"", "expected JSON-LD");
	str_fails("[]", "no ceterms:Pathway");
	str_fails("{}", "no ceterms:Pathway");
	str_fails("[1,2,\"x\",[[]]]", "no ceterms:Pathway");
	str_fails("{\"@type\":\"ceterms:CourseComponent\"}", "no ceterms:Pathway");
	str_fails("{\"@type\":\"ceterms:PathwaySet\",\"ceterms:name\":\"S\",\"ceterms:hasPathway\":\"res:p\"}",
	          "pathway set (“S”) but none of its pathways");
	str_fails("{\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\"}", "no destination component");
	str_fails("{\"@type\":\"ceterms:Pathway\"", "invalid or truncated JSON");
	str_fails("{\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\",\"ceterms:hasDestinationComponent\":"
	          "{\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"C\"}} trailing",
	          "unexpected data at byte");
	str_fails("{\"a\":\"\\u0000\"}", "\\u0000");
	str_fails("{\"ceterms:name\":\"\xff\"}", "not valid UTF-8");
	convert_fails("{\"a\":1}\0{}", 10, CAIRN_ERR_USAGE, "NUL byte");
	{
		char deep[300];
		memset(deep, '[', 200);
		memset(deep + 200, ']', 99);
		deep[299] = '\0';
		str_fails(deep, "nested deeper than");
	}
	/* larger than a pathway may be */
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	str_fails(big, "larger than the limit");
	free(big);
	/* random bytes, and random bytes after a '{' */
	for (unsigned seed = 1; seed <= 200; seed++) {
		cJSON *p, *notes;
		struct cairn_error err;
		th_fill(rnd, sizeof rnd, seed);
		if (seed % 2)
			rnd[0] = '{';
		if (ctdl_to_pathway(rnd, sizeof rnd, &p, &notes, &err) == CAIRN_OK)
			fail_msg("random bytes (seed %u) converted", seed);
		assert_null(p);
		assert_null(notes);
	}
}

static void
test_broken_documents(void **state)
{
	cJSON *doc, *notes;

	(void)state;
	/* a node of a graph broken: skipped, the rest read */
	doc = convert_str(
		"{\"@graph\":[{\"@id\":\"res:p\",\"@type\":\"ceterms:Pathway\",\"ceterms:name\":\"P\","
		"\"ceterms:hasDestinationComponent\":\"res:d\"},"
		"{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\",\"ceterms:hasCondition\":"
		"{\"ceterms:targetComponent\":[\"res:a\",\"res:b\"],\"ceterms:hasConstraint\":\"_:k\"}},"
		"{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"A {not] a bracket\"},"
		"{\"@id\":\"_:k\",\"@type\":\"ceterms:Constraint\",\"ceterms:comparator\":\"compare:EQ\",,"
		"\"ceterms:rightAction\":\"array:AnyOf\" \"ceterms:rightSource\":[\"ex:A\"]},"
		"{\"@id\":\"res:b\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"B\"}]}\n"
		"{\"@graph\": [ {\"broken\": } ]}\n"
		"{not even json}",
		&notes);
	assert_int_equal(cJSON_GetArraySize(list(req(doc), "allOf")), 2);
	assert_str(title(child(req(doc), "allOf", 0)), "A {not] a bracket");
	assert_note(notes, "CTDL document 1", "1 that is not valid JSON was skipped");
	assert_note(notes, "CTDL document 2", "that document was skipped");
	assert_note(notes, "CTDL document 3", "that document was skipped");
	assert_note(notes, "a constraint (_:k) is not in the file", NULL);
	cJSON_Delete(notes);
	cJSON_Delete(doc);
}

static void
test_notes_bounded(void **state)
{
	size_t cap = 400 * 120 + 512, k;
	char *s = malloc(cap);
	cJSON *doc, *notes;

	(void)state;
	assert_non_null(s);
	k = (size_t)snprintf(s, cap, P_HEAD "{\"@id\":\"res:d\",\"@type\":\"ceterms:CredentialComponent\","
	                     "\"ceterms:hasCondition\":[{\"ceterms:targetComponent\":\"res:a\"}");
	for (int i = 0; i < 400; i++)
		k += (size_t)snprintf(s + k, cap - k,
		                      ",{\"ceterms:name\":\"N%d\",\"ceterms:targetComponent\":\"res:missing%d\"}", i, i);
	snprintf(s + k, cap - k, "]},{\"@id\":\"res:a\",\"@type\":\"ceterms:CourseComponent\",\"ceterms:name\":\"A\"}]");
	doc = convert_str(s, &notes);
	assert_int_equal(cJSON_GetArraySize(notes), CAIRN_MAX_CTDL_NOTES);
	assert_str(cJSON_GetArrayItem(notes, CAIRN_MAX_CTDL_NOTES - 1)->valuestring,
	           "further notes were left out");
	cJSON_Delete(notes);
	cJSON_Delete(doc);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unt_badges),
		cmocka_unit_test(test_hutchinson_concatenated),
		cmocka_unit_test(test_comptia_certifications),
		cmocka_unit_test(test_turtle_refused),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_pathway_choice),
		cmocka_unit_test(test_types_and_values),
		cmocka_unit_test(test_credit_constraint),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_missing_and_numbers),
		cmocka_unit_test(test_deep_and_wide),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_broken_documents),
		cmocka_unit_test(test_notes_bounded),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

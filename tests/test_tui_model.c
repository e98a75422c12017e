/* The terminal interface's view models, without a terminal: the scrolling
 * window, the badge list (sort, filter, search, marks, sanitised text),
 * wrapped text by display width, the detail of a record, the pathway tree,
 * progress bars and path completion. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "collection.h"
#include "credential.h"
#include "json.h"
#include "model.h"
#include "testhelp.h"
#include "text.h"

/* ---- the scrolling window ------------------------------------------- */

static void
test_listv_moves_and_clamps(void **state)
{
	struct listv l = {.n = 10};

	(void)state;
	listv_move(&l, -1, 4);
	assert_int_equal(l.cur, 0);
	listv_move(&l, 3, 4);
	assert_int_equal(l.cur, 3);
	assert_int_equal(l.top, 0);
	listv_move(&l, 1, 4); /* row 4 leaves a 4-row window: it scrolls */
	assert_int_equal(l.cur, 4);
	assert_int_equal(l.top, 1);
	listv_move(&l, 100, 4);
	assert_int_equal(l.cur, 9);
	assert_int_equal(l.top, 6);
	listv_first(&l, 4);
	assert_int_equal(l.cur, 0);
	assert_int_equal(l.top, 0);
	listv_last(&l, 4);
	assert_int_equal(l.cur, 9);
	assert_int_equal(l.top, 6);
}

static void
test_listv_pages(void **state)
{
	struct listv l = {.n = 100};

	(void)state;
	listv_page(&l, 1, 10);
	assert_int_equal(l.cur, 9);
	assert_int_equal(l.top, 9);
	listv_page(&l, 1, 10);
	assert_int_equal(l.cur, 18);
	listv_page(&l, -1, 10);
	assert_int_equal(l.cur, 9);
	assert_true(l.cur >= l.top && l.cur < l.top + 10);
	listv_last(&l, 10);
	listv_page(&l, 1, 10);
	assert_int_equal(l.cur, 99);
	assert_int_equal(l.top, 90);
}

static void
test_listv_scroll_and_click(void **state)
{
	struct listv l = {.n = 20}, empty = {0};

	(void)state;
	listv_scroll(&l, 3, 5);
	assert_int_equal(l.top, 3);
	assert_int_equal(l.cur, 3); /* the selection follows into view */
	listv_scroll(&l, 100, 5);
	assert_int_equal(l.top, 15);
	listv_scroll(&l, -100, 5);
	assert_int_equal(l.top, 0);
	assert_true(l.cur < 5);
	assert_int_equal(listv_click(&l, 2, 5), 1);
	assert_int_equal(l.cur, 2);
	assert_int_equal(listv_click(&l, 5, 5), 0); /* below the window */
	l.n = 3;
	assert_int_equal(listv_click(&l, 4, 5), 0); /* below the last row */
	listv_move(&empty, 1, 5);
	listv_page(&empty, 1, 5);
	listv_scroll(&empty, 1, 5);
	assert_int_equal(empty.cur, 0);
	assert_int_equal(listv_click(&empty, 0, 5), 0);
}

/* ---- the badge list ------------------------------------------------- */

struct fx {
	char *tmp, *dir;
	struct cairn_secret *pass;
	struct vault *v;
	struct collection *c;
	time_t now;
};

static void
import_bytes(struct fx *f, const void *data, size_t len, const char *name)
{
	struct cairn_error err = {0};
	struct import_outcome o = {0};

	assert_int_equal(collection_import(f->c, data, len, name, &o, &err),
	                 CAIRN_OK);
	import_outcome_clear(&o);
}

static void
import_fixture(struct fx *f, const char *name)
{
	char path[4096];
	unsigned char *data;
	size_t len;

	snprintf(path, sizeof path, "%s/import/%s", FIXTURES, name);
	data = th_read(path, &len);
	import_bytes(f, data, len, name);
	free(data);
}

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct cairn_error err = {0};
	struct vault_kdf kdf;

	assert_non_null(f);
	f->tmp = th_tmpdir();
	f->dir = th_path(f->tmp, "vault");
	f->pass = th_secret("view models");
	th_kdf_min(&kdf);
	assert_int_equal(vault_create(f->dir, f->pass, &kdf, &f->v, &err),
	                 CAIRN_OK);
	assert_int_equal(collection_open(f->v, &f->c, &err), CAIRN_OK);
	assert_int_equal(credential_parse_time("2026-11-29T12:00:00Z", &f->now),
	                 0);
	import_fixture(f,
	               "micro-ects.json"); /* Introduction to SQL, 2025-03-01 */
	import_fixture(
	    f, "dcc-v1-expired.json"); /* DCC Test Credential, expired */
	import_fixture(
	    f, "ob30-complete.json"); /* 1EdTech University Degree ... */
	import_fixture(f, "dcc-v2-complex-issuer.json"); /* A marvel */
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	collection_free(f->c);
	vault_close(f->v);
	th_rmtree(f->tmp);
	secret_free(f->pass);
	free(f->dir);
	free(f->tmp);
	free(f);
	return 0;
}

static long
row_titled(struct badges_model *m, const char *title)
{
	for (size_t i = 0; i < m->lv.n; i++)
		if (strcmp(badges_model_row(m, i)->title, title) == 0)
			return (long)i;
	return -1;
}

static void
test_badges_sort_and_filter(void **state)
{
	struct fx *f = *state;
	struct badges_model m = {0};
	struct cairn_error err = {0};

	assert_int_equal(
	    badges_model_build(&m, f->c, NULL, SORT_DATE, f->now, &err),
	    CAIRN_OK);
	assert_int_equal(m.lv.n, 4);
	/* the rows' text is made when a row is first needed, not before */
	assert_null(m.rows[2].title);
	assert_non_null(badges_model_row(&m, 2));
	assert_non_null(m.rows[2].title);
	assert_null(m.rows[3].title);
	assert_null(badges_model_row(&m, 4)); /* past the end */
	assert_string_equal(badges_model_row(&m, 0)->title,
	                    "Introduction to SQL"); /* newest first */
	assert_string_equal(badges_model_row(&m, 0)->date, "2025-03-01");
	assert_string_equal(badges_model_row(&m, 1)->status, "expired");
	assert_int_equal(
	    badges_model_build(&m, f->c, NULL, SORT_TITLE, f->now, &err),
	    CAIRN_OK);
	assert_string_equal(badges_model_row(&m, 0)->title,
	                    "1EdTech University Degree for Example Student");
	assert_string_equal(badges_model_row(&m, 1)->title, "A marvel");
	assert_int_equal(badges_model_build(&m, f->c, "issuer:fjord",
	                                    SORT_TITLE, f->now, &err),
	                 CAIRN_OK);
	assert_int_equal(m.lv.n, 1);
	assert_string_equal(badges_model_row(&m, 0)->issuer,
	                    "Fjord University of Applied Sciences");
	assert_string_equal(m.filter, "issuer:fjord");
	assert_int_equal(
	    badges_model_build(&m, f->c, "tag:sql", SORT_DATE, f->now, &err),
	    CAIRN_OK);
	assert_int_equal(m.lv.n, 1);
	assert_int_equal(badges_model_build(&m, f->c, "nothing-matches-this",
	                                    SORT_DATE, f->now, &err),
	                 CAIRN_OK);
	assert_int_equal(m.lv.n, 0);
	assert_int_equal(badges_model_search(&m, "a", 0, 1), -1);
	assert_int_equal(badges_sort_next(SORT_DATE), SORT_TITLE);
	assert_int_equal(badges_sort_next(SORT_ISSUER), SORT_NONE);
	badges_model_clear(&m);
}

static void
test_badges_search(void **state)
{
	struct fx *f = *state;
	struct badges_model m = {0};
	struct cairn_error err = {0};
	long sql, dcc, marvel, degree;

	assert_int_equal(
	    badges_model_build(&m, f->c, NULL, SORT_TITLE, f->now, &err),
	    CAIRN_OK);
	sql = row_titled(&m, "Introduction to SQL");
	dcc = row_titled(&m, "DCC Test Credential");
	marvel = row_titled(&m, "A marvel");
	degree =
	    row_titled(&m, "1EdTech University Degree for Example Student");
	/* case-insensitive, in the title or the issuer */
	assert_int_equal(badges_model_search(&m, "SQL", 0, 1), sql);
	assert_int_equal(badges_model_search(&m, "consortium", 0, 1), dcc);
	assert_int_equal(badges_model_search(&m, "Bestest", 0, 1), marvel);
	/* from a row onwards, wrapping at the end; backwards too: "univ" is
	 * in three issuers (1EdTech, Bestest Ever, Fjord), not in the DCC's */
	assert_int_equal(degree, 0);
	assert_int_equal(marvel, 1);
	assert_int_equal(dcc, 2);
	assert_int_equal(badges_model_search(&m, "univ", (size_t)degree + 1, 1),
	                 marvel);
	assert_int_equal(badges_model_search(&m, "univ", (size_t)marvel + 1, 1),
	                 sql);
	assert_int_equal(badges_model_search(&m, "univ", (size_t)sql + 1, 1),
	                 degree);
	assert_int_equal(badges_model_search(&m, "univ", (size_t)dcc, -1),
	                 marvel);
	assert_int_equal(badges_model_search(&m, "univ", (size_t)degree, -1),
	                 degree);
	assert_int_equal(badges_model_search(&m, "consortium", (size_t)sql, -1),
	                 dcc);
	assert_int_equal(badges_model_search(&m, "no such words", 0, 1), -1);
	assert_int_equal(badges_model_search(&m, "", 0, 1), -1);
	/* typed searches: a miss stays a miss as the query grows, and is
	 * forgotten when the query changes otherwise */
	assert_int_equal(badges_model_search_typed(&m, "Zq", 0), -1);
	assert_string_equal(m.miss, "zq");
	assert_int_equal(badges_model_search_typed(&m, "zqx", 0), -1);
	assert_int_equal(badges_model_search_typed(&m, "z", 0),
	                 -1); /* no z anywhere */
	assert_int_equal(badges_model_search_typed(&m, "sq", 0), sql);
	assert_string_equal(m.miss, "");
	assert_int_equal(badges_model_search_typed(&m, "sql", 0), sql);
	/* title and issuer are searched apart: no match across the two */
	assert_int_equal(badges_model_search(&m, "marvelbestest", 0, 1), -1);
	badges_model_clear(&m);
}

static void
test_badges_marks(void **state)
{
	struct fx *f = *state;
	struct badges_model m = {0};
	struct cairn_error err = {0};
	size_t n, *marked, sql_rec;

	assert_int_equal(
	    badges_model_build(&m, f->c, NULL, SORT_TITLE, f->now, &err),
	    CAIRN_OK);
	m.lv.cur = (size_t)row_titled(&m, "Introduction to SQL");
	sql_rec = m.rows[m.lv.cur].rec;
	assert_int_equal(badges_model_toggle_mark(&m), 1);
	m.lv.cur = (size_t)row_titled(&m, "A marvel");
	assert_int_equal(badges_model_toggle_mark(&m), 1);
	assert_int_equal(badges_model_toggle_mark(&m), 0);
	assert_int_equal(badges_model_toggle_mark(&m), 1);
	assert_int_equal(m.marked, 2);
	/* a filter that hides a marked badge keeps it marked */
	assert_int_equal(badges_model_build(&m, f->c, "issuer:bestest",
	                                    SORT_TITLE, f->now, &err),
	                 CAIRN_OK);
	assert_int_equal(m.lv.n, 1);
	marked = badges_model_marked(&m, &n);
	assert_non_null(marked);
	assert_int_equal(n, 2);
	assert_true(marked[0] == sql_rec || marked[1] == sql_rec);
	free(marked);
	badges_model_clear(&m);
}

static void
test_badges_text_is_sanitised(void **state)
{
	struct fx *f = *state;
	struct badges_model m = {0};
	struct cairn_error err = {0};
	const char *doc =
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"VerifiableCredential\"],\"issuer\":{\"id\":\"did:web:"
	    "x.example\","
	    "\"name\":\"Evil\\u001b]0;owned\\u0007 "
	    "Corp\"},\"validFrom\":\"2026-01-01T00:00:00Z\","
	    "\"credentialSubject\":{\"id\":\"did:example:me\",\"name\":"
	    "\"Terminal\\u001b[2J\\u202eeman\"}}";
	long r;

	import_bytes(f, doc, strlen(doc), "evil.json");
	assert_int_equal(
	    badges_model_build(&m, f->c, NULL, SORT_DATE, f->now, &err),
	    CAIRN_OK);
	assert_int_equal(m.lv.n, 5);
	r = badges_model_search(&m, "evil", 0, 1);
	assert_true(r >= 0);
	for (const char *p = badges_model_row(&m, (size_t)r)->issuer; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_null(strstr(badges_model_row(&m, (size_t)r)->title,
	                   "\xe2\x80\xae")); /* no right-to-left override */
	assert_non_null(
	    strstr(badges_model_row(&m, (size_t)r)->issuer, "\\x1b"));
	badges_model_clear(&m);
}

/* ---- wrapped text --------------------------------------------------- */

static void
assert_fits(const struct text_lines *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (text_width(t->lines[i]) > t->width)
			fail_msg(
			    "line %zu is %zu columns wide, more than %zu: '%s'",
			    i, text_width(t->lines[i]), t->width, t->lines[i]);
	}
}

static void
test_wrap_by_display_width(void **state)
{
	struct text_lines t = {.width = 10};

	(void)state;
	assert_int_equal(lines_add(&t, "one two three four", LINE_TEXT, 0), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.lines[0], "one two");
	assert_string_equal(t.lines[1], "three four");
	lines_clear(&t);
	t.width = 10;
	/* CJK: two columns each, so five to a line */
	assert_int_equal(lines_add(&t, "日本語の資格証明書です", LINE_TEXT, 0),
	                 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.lines[0], "日本語の資");
	assert_fits(&t);
	lines_clear(&t);
	t.width = 4;
	/* combining marks take no column: "é" written as e + U+0301 */
	assert_int_equal(lines_add(&t,
	                           "e\xcc\x81"
	                           "e\xcc\x81"
	                           "e\xcc\x81"
	                           "e\xcc\x81",
	                           LINE_TEXT, 0),
	                 0);
	assert_int_equal(t.n, 1);
	lines_clear(&t);
	t.width = 8;
	/* a word longer than the line is cut; paragraphs stay apart */
	assert_int_equal(lines_add(&t, "abcdefghijkl\nxy", LINE_TEXT, 2), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.lines[0], "abcdefgh");
	assert_string_equal(t.lines[1], "  ijkl");
	assert_string_equal(t.lines[2], "  xy");
	assert_fits(&t);
	lines_clear(&t);
	t.width = 12;
	/* control characters never survive */
	assert_int_equal(lines_add(&t, "a\x1b[31mred", LINE_TEXT, 0), 0);
	for (size_t i = 0; i < t.n; i++)
		assert_null(strchr(t.lines[i], '\x1b'));
	assert_fits(&t);
	lines_clear(&t);
}

static int
has_line(const struct text_lines *t, const char *text, enum line_role role)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->lines[i], text) != NULL && t->roles[i] == role)
			return 1;
	return 0;
}

static void
test_detail(void **state)
{
	struct fx *f = *state;
	struct text_lines t = {0};
	struct badges_model m = {0};
	struct cairn_error err = {0};
	cJSON *rec, *v, *checks, *c;

	assert_int_equal(
	    badges_model_build(&m, f->c, "tag:sql", SORT_DATE, f->now, &err),
	    CAIRN_OK);
	assert_int_equal(m.lv.n, 1);
	rec = cJSON_Duplicate(collection_record(f->c, m.rows[0].rec), 1);
	assert_int_equal(detail_build(rec, f->now, 60, &t), 0);
	assert_true(has_line(&t, "Introduction to SQL", LINE_TITLE));
	assert_true(has_line(&t, "5 ECTS", LINE_TEXT));
	assert_true(has_line(&t, "EQF level", LINE_TEXT));
	assert_true(has_line(&t, "use SQL [ESCO S5.6.1]", LINE_TEXT));
	assert_true(has_line(&t, "Criteria", LINE_LABEL));
	assert_true(has_line(&t, "never verified", LINE_UNKNOWN));
	assert_fits(&t);
	/* each check of a stored verdict, with its reason */
	v = cJSON_AddObjectToObject(rec, "verdict");
	cJSON_AddStringToObject(v, "status", "failed");
	checks = cJSON_AddArrayToObject(v, "checks");
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "check", "proof");
	cJSON_AddStringToObject(c, "result", "failed");
	cJSON_AddStringToObject(c, "reason", "the credential carries no proof");
	cJSON_AddItemToArray(checks, c);
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "check", "time");
	cJSON_AddStringToObject(c, "result", "ok");
	cJSON_AddStringToObject(c, "reason", "valid until 2030");
	cJSON_AddItemToArray(checks, c);
	assert_int_equal(detail_build(rec, f->now, 40, &t), 0);
	assert_true(has_line(&t, "verification failed", LINE_TEXT));
	assert_true(has_line(&t, "✗ proof", LINE_FAILED));
	assert_true(has_line(&t, "✓ time", LINE_OK));
	assert_fits(&t);
	cJSON_Delete(rec);
	lines_clear(&t);
	badges_model_clear(&m);
}

/* ---- pathways ------------------------------------------------------- */

static void
test_tree(void **state)
{
	const char *json =
	    "{\"nodes\":{\"kind\":\"allOf\",\"title\":\"Certificate\","
	    "\"status\":\"partial\","
	    "\"done\":1,\"of\":2,\"children\":["
	    "{\"kind\":\"match\",\"title\":\"SQL\",\"status\":\"complete\","
	    "\"done\":1,\"of\":1,"
	    "\"credits\":{\"earned\":5,\"required\":5,\"unit\":\"ECTS\"},"
	    "\"filledBy\":[{\"id\":\"ab\",\"title\":\"Introduction to SQL\"}]},"
	    "{\"kind\":\"credits\",\"title\":\"Electives\\u001b[2J\","
	    "\"status\":\"missing\","
	    "\"credits\":{\"earned\":0,\"required\":25,\"unit\":\"ECTS\"},"
	    "\"children\":["
	    "{\"kind\":\"match\",\"title\":\"Python\",\"status\":\"bogus\"}]}]}"
	    "}";
	cJSON *res = cJSON_Parse(json);
	struct tree_model t = {0};

	(void)state;
	assert_non_null(res);
	assert_int_equal(tree_build(res, &t), 0);
	assert_int_equal(t.lv.n, 4);
	assert_int_equal(t.rows[0].depth, 0);
	assert_string_equal(t.rows[0].status, "partial");
	assert_string_equal(t.rows[0].info, "1 of 2");
	assert_int_equal(t.rows[1].depth, 1);
	assert_string_equal(t.rows[1].info, "5 of 5 ECTS");
	assert_string_equal(t.rows[2].info, "0 of 25 ECTS");
	assert_null(strchr(t.rows[2].title, '\x1b'));
	assert_int_equal(t.rows[3].depth, 2);
	assert_string_equal(t.rows[3].status,
	                    "missing"); /* unknown words are missing */
	assert_string_equal(status_mark(t.rows[1].status), "✓");
	assert_string_equal(status_mark("partial"), "◐");
	assert_string_equal(status_mark("missing"), "○");
	assert_string_equal(status_mark("failed"), "✗");
	assert_string_equal(status_mark(NULL), "?");
	tree_clear(&t);
	assert_int_equal(t.lv.n, 0);
	cJSON_Delete(res);
}

static void
test_progress_bar(void **state)
{
	char buf[128];

	(void)state;
	progress_bar(0, 4, buf, sizeof buf);
	assert_string_equal(buf, "····");
	progress_bar(1, 4, buf, sizeof buf);
	assert_string_equal(buf, "████");
	progress_bar(0.5, 4, buf, sizeof buf);
	assert_string_equal(buf, "██··");
	progress_bar(0.5 / 4, 4, buf,
	             sizeof buf); /* half a cell: four eighths */
	assert_string_equal(buf, "▌···");
	progress_bar(7.0, 2, buf, sizeof buf); /* out of range is clamped */
	assert_string_equal(buf, "██");
	progress_bar(-1, 2, buf, sizeof buf);
	assert_string_equal(buf, "··");
	assert_int_equal(text_width(buf), 2);
	progress_bar(1, 40, buf, 8); /* a small buffer is never overrun */
	assert_true(strlen(buf) < 8);
}

/* ---- path completion ------------------------------------------------ */

static void
test_path_complete(void **state)
{
	char *tmp = th_tmpdir(), in[4096];
	char *p1 = th_path(tmp, "alpha.json"), *d1 = th_path(tmp, "alpine");

	(void)state;
	th_write(p1, "{}", 2);
	assert_int_equal(mkdir(d1, 0700), 0);
	snprintf(in, sizeof in, "%s/al", tmp);
	assert_int_equal(path_complete(in, sizeof in), 2);
	assert_true(strlen(in) == strlen(tmp) + 4 &&
	            strcmp(in + strlen(tmp), "/alp") == 0);
	snprintf(in, sizeof in, "%s/alpi", tmp);
	assert_int_equal(path_complete(in, sizeof in), 1);
	assert_string_equal(in + strlen(tmp),
	                    "/alpine/"); /* a lone folder gets its slash */
	snprintf(in, sizeof in, "%s/alph", tmp);
	assert_int_equal(path_complete(in, sizeof in), 1);
	assert_string_equal(in + strlen(tmp), "/alpha.json");
	snprintf(in, sizeof in, "%s/zz", tmp);
	assert_int_equal(path_complete(in, sizeof in), 0);
	assert_string_equal(in + strlen(tmp), "/zz");
	snprintf(in, sizeof in, "%s/no-such-dir/x", tmp);
	assert_int_equal(path_complete(in, sizeof in), 0);
	th_rmtree(tmp);
	free(p1);
	free(d1);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_listv_moves_and_clamps),
	    cmocka_unit_test(test_listv_pages),
	    cmocka_unit_test(test_listv_scroll_and_click),
	    cmocka_unit_test_setup_teardown(test_badges_sort_and_filter,
	                                    fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_badges_search, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_badges_marks, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_badges_text_is_sanitised,
	                                    fx_setup, fx_teardown),
	    cmocka_unit_test(test_wrap_by_display_width),
	    cmocka_unit_test_setup_teardown(test_detail, fx_setup, fx_teardown),
	    cmocka_unit_test(test_tree),
	    cmocka_unit_test(test_progress_bar),
	    cmocka_unit_test(test_path_complete),
	};

	/* display widths need a UTF-8 locale */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL &&
	    setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		fprintf(stderr,
		        "no UTF-8 locale: the width tests cannot run\n");
		return 77;
	}
	if (cairn_init(NULL) != CAIRN_OK)
		return 99;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

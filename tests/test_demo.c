/* The demo vault: what `cairn --demo` opens.  Reads the shipped demo from
 * $CAIRN_DATA_DIR (make check sets it to the source tree's data/). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "collection.h"
#include "credential.h"
#include "demo.h"
#include "image.h"
#include "json.h"
#include "pathway.h"
#include "pathways.h"
#include "testhelp.h"

/* What data/demo holds (tests/demo/credentials.json says why). */
#define DEMO_CREDENTIALS 17
#define DEMO_VERIFIED 13
#define DEMO_PICTURES 14

static const char *datadir;
static char *outer_tmpdir; /* $TMPDIR as the test started, or NULL */

/* Every demo runs with TMPDIR set to a private folder, so "nothing left
 * on disk" can be checked by looking into it. */
static int
setup(void **state)
{
	char *tmp;

	if (outer_tmpdir != NULL)
		setenv("TMPDIR", outer_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	tmp = th_tmpdir();
	setenv("TMPDIR", tmp, 1);
	*state = tmp;
	return 0;
}

static int
teardown(void **state)
{
	char *tmp = *state;

	th_rmtree(tmp);
	free(tmp);
	return 0;
}

static size_t
entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static struct demo *
open_demo(void)
{
	struct cairn_error err = {0};
	struct demo *d = NULL;

	if (demo_open(datadir, &d, &err) != CAIRN_OK)
		fail_msg("demo_open: %s", err.msg);
	assert_non_null(d);
	return d;
}

static size_t
find_title(const struct collection *c, const char *title)
{
	for (size_t i = 0; i < collection_count(c); i++)
		if (strcmp(json_str(collection_record(c, i), "title"), title) == 0)
			return i;
	fail_msg("no credential titled %s", title);
	return 0;
}

static void
opens_with_every_mark(void **state)
{
	struct demo *d = open_demo();
	struct cairn_error err = {0};
	struct collection *c;
	size_t verified = 0, expired = 0, failed = 0, unknown = 0, nonascii = 0;
	time_t now = time(NULL);

	(void)state;
	assert_int_equal(demo_count(d), DEMO_CREDENTIALS);
	assert_int_equal(collection_open(demo_vault(d), &c, &err), CAIRN_OK);
	assert_int_equal(collection_count(c), DEMO_CREDENTIALS);
	for (size_t i = 0; i < collection_count(c); i++) {
		const cJSON *r = collection_record(c, i);
		const char *st = credential_status(r, now);
		const unsigned char *t = (const unsigned char *)json_str(r, "title");

		/* every verdict was computed and stored */
		assert_non_null(json_obj(r, "verdict"));
		if (strcmp(st, "verified") == 0)
			verified++;
		else if (strcmp(st, "expired") == 0)
			expired++;
		else if (strcmp(st, "failed") == 0)
			failed++;
		else if (strcmp(st, "unknown") == 0)
			unknown++;
		for (; t != NULL && *t; t++)
			if (*t >= 0x80) {
				nonascii++;
				break;
			}
	}
	assert_int_equal(verified, DEMO_VERIFIED);
	assert_int_equal(expired, 1);
	assert_int_equal(failed, 1);
	assert_int_equal(unknown, 2);
	assert_true(nonascii >= 2); /* German and Japanese titles */

	/* the intended ones carry each mark */
	assert_string_equal(credential_status(collection_record(c, find_title(c, "Data Quality and Cleaning")), now),
	                    "failed");
	assert_string_equal(credential_status(collection_record(c, find_title(c, "Search Engine Optimisation")), now),
	                    "expired");
	assert_string_equal(credential_status(collection_record(c, find_title(c, "Northwind Cloud Practitioner")), now),
	                    "unknown");
	assert_string_equal(credential_status(collection_record(c, find_title(c, "Repair Café Volunteer")), now),
	                    "unknown");
	/* one of each format the importers read */
	assert_string_equal(json_str(collection_record(c, find_title(c, "Repair Café Volunteer")), "format"), "ob2");
	assert_non_null(json_str(collection_record(c, find_title(c, "はじめてのデータ分析 — Data Analysis Taster")), "format"));
	collection_free(c);
	demo_close(d);
}

static void
pictures_are_stored(void **state)
{
	struct demo *d = open_demo();
	struct cairn_error err = {0};
	struct collection *c;
	size_t pictures = 0;

	(void)state;
	assert_int_equal(collection_open(demo_vault(d), &c, &err), CAIRN_OK);
	for (size_t i = 0; i < collection_count(c); i++) {
		const cJSON *r = collection_record(c, i);
		struct image *img = NULL;
		enum cairn_err rc;

		if (json_str(json_obj(r, "image"), "object") == NULL)
			continue;
		pictures++;
		rc = image_from_record(demo_vault(d), r, &img, &err);
		if (!image_supported()) {
			assert_int_equal(rc, CAIRN_ERR_UNDECIDED);
			continue;
		}
		if (rc != CAIRN_OK)
			fail_msg("%s: %s", json_str(r, "title"), err.msg);
		assert_int_equal(img->width, 64);
		assert_int_equal(img->height, 64);
		/* a shape on a transparent ground: corner clear, centre opaque */
		assert_int_equal(img->rgba[3], 0);
		assert_int_equal(img->rgba[(32 * 64 + 32) * 4 + 3], 255);
		image_free(img);
	}
	assert_int_equal(pictures, DEMO_PICTURES);
	collection_free(c);
	demo_close(d);
}

static const cJSON *
num_at(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(json_obj(o, a), b);

	assert_true(cJSON_IsNumber(v));
	return v;
}

/* Every shipped pathway is partly done, none complete: there are next
 * steps to show. */
static void
pathways_partly_done(void **state)
{
	struct demo *d = open_demo();
	struct cairn_error err = {0};
	struct collection *c;
	struct pathway_set set;
	const cJSON **recs;
	int saw_cert = 0;

	(void)state;
	assert_int_equal(collection_open(demo_vault(d), &c, &err), CAIRN_OK);
	assert_int_equal(pathways_load(demo_datadir(d), demo_vault(d), &set, &err), CAIRN_OK);
	assert_true(set.n >= 6);
	recs = calloc(collection_count(c), sizeof *recs);
	for (size_t i = 0; i < collection_count(c); i++)
		recs[i] = collection_record(c, i);
	for (size_t i = 0; i < set.n; i++) {
		cJSON *r = NULL;
		double progress;

		if (pathway_evaluate(set.items[i], recs, collection_count(c), time(NULL), &r, &err) != CAIRN_OK)
			fail_msg("%s: %s", pathway_id(set.items[i]), err.msg);
		progress = cJSON_GetObjectItemCaseSensitive(r, "progress")->valuedouble;
		if (!(progress > 0 && progress < 1))
			fail_msg("%s: progress %g", pathway_id(set.items[i]), progress);
		assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "complete")));
		assert_true(cJSON_GetArraySize(json_arr(json_obj(r, "next"), "steps")) > 0);
		if (strcmp(pathway_id(set.items[i]), "fjord-data-analysis-cert") == 0) {
			/* SQL plus four electives; the tampered fifth does not count */
			assert_int_equal((int)num_at(r, "credits", "earned")->valuedouble, 25);
			assert_int_equal((int)num_at(r, "credits", "required")->valuedouble, 30);
			saw_cert = 1;
		}
		cJSON_Delete(r);
	}
	assert_true(saw_cert);
	free(recs);
	pathways_free(&set);
	collection_free(c);
	demo_close(d);
}

static void
close_removes_everything(void **state)
{
	const char *tmp = *state;
	struct demo *d = open_demo();
	char *dir = strdup(demo_dir(d));
	struct stat st;

	assert_int_equal(strncmp(dir, tmp, strlen(tmp)), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(entries_in(tmp), 1);
	demo_close(d);
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(entries_in(tmp), 0);
	free(dir);
	demo_close(NULL);
}

static void
two_demos_are_separate(void **state)
{
	const char *tmp = *state;
	struct demo *a = open_demo(), *b = open_demo();
	struct cairn_error err = {0};
	struct collection *c;
	struct stat st;

	(void)state;
	assert_string_not_equal(demo_dir(a), demo_dir(b));
	assert_int_equal(entries_in(tmp), 2);
	demo_close(a);
	/* the other one is untouched and still readable */
	assert_int_equal(stat(demo_dir(b), &st), 0);
	assert_int_equal(collection_open(demo_vault(b), &c, &err), CAIRN_OK);
	assert_int_equal(collection_count(c), DEMO_CREDENTIALS);
	collection_free(c);
	demo_close(b);
	assert_int_equal(entries_in(tmp), 0);
}

/* A data directory without the demo: a clear error and nothing left. */
static void
missing_demo_leaves_nothing(void **state)
{
	const char *tmp = *state;
	char *empty = th_path(tmp, "no-data");
	struct cairn_error err = {0};
	struct demo *d = (struct demo *)1;

	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_not_equal(demo_open(empty, &d, &err), CAIRN_OK);
	assert_null(d);
	assert_non_null(strstr(err.msg, "demo"));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(rmdir(empty), 0);
	assert_int_equal(entries_in(tmp), 0);
	free(empty);
}

/* A demo whose process died leaves its folder; the next demo removes it,
 * and leaves alone what is not a dead demo's. */
static void
leftovers_of_dead_demos_are_swept(void **state)
{
	const char *tmp = *state;
	char *dead = th_path(tmp, "cairn-demo-AbC123");
	char *young = th_path(tmp, "cairn-demo-XyZ789");
	char *other = th_path(tmp, "cairn-demo-keep-me");
	char *owner = th_path(dead, "owner"), *junk = th_path(dead, "vault");
	struct demo *d;
	struct stat st;

	assert_int_equal(mkdir(dead, 0700), 0);
	assert_int_equal(mkdir(junk, 0700), 0);
	th_write(owner, "", 0); /* nobody holds it locked: its process is gone */
	assert_int_equal(mkdir(young, 0700), 0); /* no owner file yet */
	assert_int_equal(mkdir(other, 0700), 0); /* not a demo's name */
	d = open_demo();
	assert_int_equal(stat(dead, &st), -1);
	assert_int_equal(stat(young, &st), 0);
	assert_int_equal(stat(other, &st), 0);
	demo_close(d);
	assert_int_equal(rmdir(young), 0);
	assert_int_equal(rmdir(other), 0);
	assert_int_equal(entries_in(tmp), 0);
	free(dead);
	free(young);
	free(other);
	free(owner);
	free(junk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(opens_with_every_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(pictures_are_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(pathways_partly_done, setup, teardown),
		cmocka_unit_test_setup_teardown(close_removes_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(two_demos_are_separate, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_demo_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(leftovers_of_dead_demos_are_swept, setup, teardown),
	};

	if (getenv("TMPDIR") != NULL)
		outer_tmpdir = strdup(getenv("TMPDIR"));
	datadir = getenv("CAIRN_DATA_DIR");
	if (datadir == NULL || *datadir == '\0') {
		fprintf(stderr, "test_demo: CAIRN_DATA_DIR is not set (make check sets it); skipped\n");
		return 77;
	}
	if (cairn_init(NULL) != CAIRN_OK)
		return 99;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

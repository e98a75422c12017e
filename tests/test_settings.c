/* The interface's configuration file: settings, bindings, and every
 * error naming its line while leaving the settings as they were. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cairn_limits.h"
#include "settings.h"
#include "testhelp.h"

static enum cairn_err
parse(const char *text, struct settings *s, struct cairn_error *err)
{
	return settings_parse(text, strlen(text), s, err);
}

static void
test_defaults_and_settings(void **state)
{
	struct settings s;
	struct cairn_error err = {0};

	(void)state;
	settings_defaults(&s);
	assert_int_equal(s.idle_lock, CAIRN_DEFAULT_IDLE_LOCK);
	assert_int_equal(s.color, SETTINGS_AUTO);
	assert_int_equal(s.n_bindings, 0);
	assert_int_equal(
	    parse(
	        "# cairn\n\n  idle-lock 60   # a minute\r\ncolor never\nimages "
	        "never\n"
	        "bind J page-down\nbind C-g first\nunbind x\nbind F5 redraw\n",
	        &s, &err),
	    CAIRN_OK);
	assert_int_equal(s.idle_lock, 60);
	assert_int_equal(s.color, SETTINGS_NEVER);
	assert_int_equal(s.images, SETTINGS_NEVER);
	assert_int_equal(s.n_bindings, 4);
	assert_string_equal(s.bindings[0].key, "J");
	assert_int_equal(s.bindings[0].action, ACT_PAGE_DOWN);
	assert_string_equal(s.bindings[1].key, "C-g");
	assert_int_equal(s.bindings[2].action, ACT_NONE);
	assert_int_equal(s.bindings[3].action, ACT_REDRAW);
	assert_int_equal(parse("idle-lock 0\n", &s, &err), CAIRN_OK);
	assert_int_equal(s.idle_lock, 0);
	assert_int_equal(parse("", &s, &err), CAIRN_OK);
}

static void
expect_error(const char *text, const char *needle)
{
	struct settings s, before;
	struct cairn_error err = {0};

	settings_defaults(&s);
	assert_int_equal(parse("idle-lock 30\n", &s, &err), CAIRN_OK);
	before = s;
	assert_int_equal(parse(text, &s, &err), CAIRN_ERR_USAGE);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, err.msg);
	assert_null(strchr(err.msg, '\n'));
	/* nothing of a broken file is taken */
	assert_memory_equal(&s, &before, sizeof s);
}

static void
test_errors_name_the_line(void **state)
{
	char *big;

	(void)state;
	expect_error("bind j down\nbind j jump\n",
	             "config line 2: unknown action");
	expect_error("bind ctrl-x quit\n", "config line 1: unknown key");
	expect_error("bind F13 quit\n", "unknown key");
	expect_error("bind C-1 quit\n", "unknown key");
	expect_error("bind q\n", "bind takes a key and an action");
	expect_error("unbind\n", "unbind takes a key");
	expect_error("idle-lock 86401\n", "idle-lock takes 0 to 86400");
	expect_error("idle-lock -1\n", "idle-lock takes");
	expect_error("idle-lock 10s\n", "idle-lock takes");
	expect_error("idle-lock 99999999999999999999999\n", "idle-lock takes");
	expect_error("color sometimes\n", "color takes auto or never");
	expect_error("\n\n\ntheme dark\n", "config line 4: unknown setting");
	expect_error("bind a b c d\n", "too many words");
	expect_error("bind \xff quit\n", "not UTF-8");
	big = malloc(CAIRN_MAX_CONFIG_LINE + 10);
	assert_non_null(big);
	memset(big, ' ', CAIRN_MAX_CONFIG_LINE + 5);
	big[CAIRN_MAX_CONFIG_LINE + 5] = '\0';
	expect_error(big, "config line 1: longer than");
	free(big);
}

static void
test_limits(void **state)
{
	struct settings *s = malloc(sizeof *s);
	struct cairn_error err = {0};
	size_t cap = (CAIRN_MAX_CONFIG_BINDINGS + 1) * 12 + 1, at = 0;
	char *text = malloc(cap);
	char *huge = malloc(CAIRN_MAX_CONFIG_SIZE + 2);

	(void)state;
	assert_non_null(s);
	assert_non_null(text);
	assert_non_null(huge);
	for (int i = 0; i < CAIRN_MAX_CONFIG_BINDINGS; i++)
		at += (size_t)snprintf(text + at, cap - at, "bind j up\n");
	settings_defaults(s);
	assert_int_equal(parse(text, s, &err), CAIRN_OK);
	assert_int_equal(s->n_bindings, CAIRN_MAX_CONFIG_BINDINGS);
	snprintf(text + at, cap - at, "bind k up\n");
	settings_defaults(s);
	assert_int_equal(parse(text, s, &err), CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "more than"));
	memset(huge, '#', CAIRN_MAX_CONFIG_SIZE + 1);
	assert_int_equal(
	    settings_parse(huge, CAIRN_MAX_CONFIG_SIZE + 1, s, &err),
	    CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, "larger than"));
	free(s);
	free(text);
	free(huge);
}

static void
test_names(void **state)
{
	enum settings_action a;

	(void)state;
	for (int i = 0; i < ACT_COUNT_; i++) {
		assert_int_equal(
		    settings_action_parse(
		        settings_action_name((enum settings_action)i), &a),
		    0);
		assert_int_equal(a, i);
	}
	assert_int_equal(settings_action_parse("Down", &a), -1);
	assert_true(settings_key_valid("pgdn"));
	assert_true(settings_key_valid("F12"));
	assert_true(settings_key_valid("~"));
	assert_false(settings_key_valid(" "));
	assert_false(settings_key_valid("F0"));
	assert_false(settings_key_valid(""));
}

static void
test_load(void **state)
{
	char *tmp = th_tmpdir(), *path = th_path(tmp, "config"),
	     *missing = th_path(tmp, "none");
	struct settings s;
	struct cairn_error err = {0};

	(void)state;
	settings_defaults(&s);
	assert_int_equal(settings_load(missing, &s, &err),
	                 CAIRN_OK); /* no file: defaults */
	assert_int_equal(s.idle_lock, CAIRN_DEFAULT_IDLE_LOCK);
	th_write(path, "idle-lock 5\n", 12);
	assert_int_equal(settings_load(path, &s, &err), CAIRN_OK);
	assert_int_equal(s.idle_lock, 5);
	th_write(path, "idle-lock five\n", 15);
	assert_int_equal(settings_load(path, &s, &err), CAIRN_ERR_USAGE);
	assert_non_null(strstr(err.msg, path)); /* the message names the file */
	assert_int_equal(s.idle_lock, 5);
	th_rmtree(tmp);
	free(path);
	free(missing);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_and_settings),
	    cmocka_unit_test(test_errors_name_the_line),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Passphrase sources: files and commands, first line only, limits. */
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
#include "secret.h"
#include "testhelp.h"

static void
expect_file(const char *content, size_t len, enum cairn_err want,
            const char *pass)
{
	char *tmp = th_tmpdir(), *path = th_path(tmp, "pw");
	struct cairn_error err = {0};
	struct cairn_secret *s = NULL;

	th_write(path, content, len);
	assert_int_equal(secret_from_file(path, &s, &err), want);
	if (want == CAIRN_OK) {
		assert_non_null(s);
		assert_int_equal(s->len, strlen(pass));
		assert_memory_equal(s->data, pass, s->len);
		assert_int_equal(s->data[s->len], 0);
	} else {
		assert_null(s);
		assert_true(err.msg[0] != '\0');
	}
	secret_free(s);
	th_rmtree(tmp);
	free(path);
	free(tmp);
}

static void
test_file_first_line(void **state)
{
	(void)state;
	expect_file("hunter2\n", 8, CAIRN_OK, "hunter2");
	expect_file("hunter2", 7, CAIRN_OK, "hunter2");
	expect_file("hunter2\r\nsecond line\n", 21, CAIRN_OK, "hunter2");
	expect_file("  spaces kept  \n", 16, CAIRN_OK, "  spaces kept  ");
	expect_file("\n", 1, CAIRN_ERR_USAGE, NULL);
	expect_file("", 0, CAIRN_ERR_USAGE, NULL);
}

static void
test_file_limits(void **state)
{
	char *big = malloc(CAIRN_MAX_PASSPHRASE + 2);
	char *want = malloc(CAIRN_MAX_PASSPHRASE + 1);

	(void)state;
	assert_non_null(big);
	assert_non_null(want);
	memset(big, 'a', CAIRN_MAX_PASSPHRASE + 2);
	memset(want, 'a', CAIRN_MAX_PASSPHRASE);
	want[CAIRN_MAX_PASSPHRASE] = '\0';
	/* exactly the limit is accepted, with or without its newline */
	big[CAIRN_MAX_PASSPHRASE] = '\n';
	expect_file(big, CAIRN_MAX_PASSPHRASE + 1, CAIRN_OK, want);
	expect_file(big, CAIRN_MAX_PASSPHRASE, CAIRN_OK, want);
	/* one byte more is refused, not cut */
	memset(big, 'a', CAIRN_MAX_PASSPHRASE + 2);
	expect_file(big, CAIRN_MAX_PASSPHRASE + 1, CAIRN_ERR_USAGE, NULL);
	big[CAIRN_MAX_PASSPHRASE + 1] = '\n';
	expect_file(big, CAIRN_MAX_PASSPHRASE + 2, CAIRN_ERR_USAGE, NULL);
	free(big);
	free(want);
}

static void
test_file_missing(void **state)
{
	struct cairn_error err = {0};
	struct cairn_secret *s = NULL;

	(void)state;
	assert_int_equal(secret_from_file("/nonexistent/cairn/pw", &s, &err),
	                 CAIRN_ERR_USAGE);
	assert_null(s);
	assert_non_null(strstr(err.msg, "/nonexistent/cairn/pw"));
}

static void
test_command(void **state)
{
	struct cairn_error err = {0};
	struct cairn_secret *s = NULL;

	(void)state;
	assert_int_equal(secret_from_command("printf 'from a command\\nignored\\n'", &s, &err),
	                 CAIRN_OK);
	assert_int_equal(s->len, 14);
	assert_memory_equal(s->data, "from a command", 14);
	secret_free(s);
	s = NULL;
	/* a failing command is refused even when it printed something */
	assert_int_equal(secret_from_command("echo partial; exit 3", &s, &err),
	                 CAIRN_ERR_USAGE);
	assert_null(s);
	assert_int_equal(secret_from_command("true", &s, &err), CAIRN_ERR_USAGE);
	assert_null(s);
	/* a command printing a lot after the first line does not hang */
	assert_int_equal(secret_from_command("echo first; yes | head -c 1000000", &s, &err),
	                 CAIRN_OK);
	assert_int_equal(s->len, 5);
	secret_free(s);
}

static void
test_equal(void **state)
{
	struct cairn_secret *a = th_secret("same"), *b = th_secret("same"),
	                    *c = th_secret("samf"), *d = th_secret("sam");

	(void)state;
	assert_true(secret_equal(a, b));
	assert_false(secret_equal(a, c));
	assert_false(secret_equal(a, d));
	secret_free(a);
	secret_free(b);
	secret_free(c);
	secret_free(d);
	secret_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_first_line),
		cmocka_unit_test(test_file_limits),
		cmocka_unit_test(test_file_missing),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_equal),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

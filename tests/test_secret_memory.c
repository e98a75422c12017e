/* Secret memory: the registry secret_wipe_all() walks, the wipe itself
 * (also from a real signal handler), a refused mlock reported, not
 * hidden, and what the process-hardening call leaves set.  mlock is
 * wrapped (-Wl,--wrap=mlock) so a refusal can be made on demand. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cairn_limits.h"
#include "secret.h"
#include "testhelp.h"

int __real_mlock(const void *addr, size_t len);
int __wrap_mlock(const void *addr, size_t len);

static int refuse_mlock;

int
__wrap_mlock(const void *addr, size_t len)
{
	if (refuse_mlock) {
		errno = EPERM;
		return -1;
	}
	return __real_mlock(addr, len);
}

static int
all_zero(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
test_registry_and_wipe(void **state)
{
	size_t before = secret_live_regions();
	unsigned char *a = secret_alloc(32), *b = secret_alloc(4096);
	struct cairn_secret *pass = th_secret("correct horse battery staple");

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(pass);
	assert_int_equal(secret_live_regions(), before + 3);
	memset(a, 0xa5, 32);
	memset(b, 0x5a, 4096);
	secret_wipe_all();
	assert_true(all_zero(a, 32));
	assert_true(all_zero(b, 4096));
	assert_true(all_zero(pass->data, CAIRN_MAX_PASSPHRASE + 1));
	secret_release(a);
	secret_release(b);
	secret_free(pass);
	secret_release(NULL);
	assert_int_equal(secret_live_regions(), before);
}

static void
test_registry_full(void **state)
{
	void *p[SECRET_MAX_REGIONS + 1];
	size_t n = 0;

	(void)state;
	while (n < SECRET_MAX_REGIONS + 1 && (p[n] = secret_alloc(16)) != NULL)
		n++;
	/* no more than the registry holds, so none escapes the wipe */
	assert_int_equal(n + 0, (size_t)SECRET_MAX_REGIONS);
	assert_null(secret_new());
	while (n > 0)
		secret_release(p[--n]);
	assert_int_equal(secret_live_regions(), 0);
}

/* A child fills a secret, and its SIGTERM handler wipes everything and
 * writes what it then sees to a pipe: the parent reads zeros. */
static int child_pipe = -1;
static unsigned char *child_secret;

static void
on_term(int sig)
{
	unsigned char ok;

	(void)sig;
	secret_wipe_all();
	ok = (unsigned char)all_zero(child_secret, 64);
	if (write(child_pipe, &ok, 1) < 0)
		_exit(3);
	_exit(0);
}

static void
test_wipe_from_signal_handler(void **state)
{
	int fds[2], status;
	unsigned char got = 0;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sigaction sa;
		close(fds[0]);
		child_pipe = fds[1];
		child_secret = secret_alloc(64);
		if (child_secret == NULL)
			_exit(2);
		memset(child_secret, 0x42, 64);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_term;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		raise(SIGTERM);
		_exit(4); /* not reached */
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &got, 1), 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(got, 1);
}

static void
test_refused_mlock_reported(void **state)
{
	void *p;

	(void)state;
	/* earlier allocations were locked (mlock is allowed in the suite's
	 * environment or the first test would have recorded a refusal) */
	refuse_mlock = 1;
	p = secret_alloc(64);
	refuse_mlock = 0;
	assert_non_null(p); /* still usable: the refusal is said, not fatal */
	assert_int_equal(secret_lock_error(), EPERM);
	secret_release(p);
}

static void
test_process_harden(void **state)
{
	struct rlimit rl;

	(void)state;
	assert_int_equal(secure_process_harden(), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(rl.rlim_max, 0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registry_and_wipe),
	    cmocka_unit_test(test_registry_full),
	    cmocka_unit_test(test_wipe_from_signal_handler),
	    cmocka_unit_test(test_refused_mlock_reported),
	    cmocka_unit_test(test_process_harden),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

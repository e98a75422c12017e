/* The vault under faults: SIGKILL at random moments while saving, a full
 * disk (RLIMIT_FSIZE), and every write, fsync, rename and link failing in
 * turn (a link-time shim: -Wl,--wrap).  After each fault the vault must
 * open and hold the state before or after the operation, never a mix. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testhelp.h"
#include "vault.h"

/* ---- the fault shim --------------------------------------------------- */

ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __real_link(const char *from, const char *to);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __wrap_fsync(int fd);
int __wrap_rename(const char *from, const char *to);
int __wrap_link(const char *from, const char *to);

enum fault_kind { F_WRITE, F_FSYNC, F_RENAME, F_LINK };
static const char *const fault_names[] = {"write", "fsync", "rename", "link"};

static struct {
	int armed;
	enum fault_kind kind;
	long countdown; /* fail the call when this reaches 0 */
	int errnum;
	int fired;
	int short_write; /* a write that stops half way, then fails */
} shim;

static int
shim_hit(enum fault_kind kind)
{
	if (!shim.armed || shim.kind != kind || shim.fired)
		return 0;
	if (shim.countdown-- > 0)
		return 0;
	shim.fired = 1;
	return 1;
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (shim_hit(F_WRITE)) {
		if (shim.short_write && n > 1)
			return __real_write(fd, buf, n / 2);
		errno = shim.errnum;
		return -1;
	}
	return __real_write(fd, buf, n);
}

int
__wrap_fsync(int fd)
{
	if (shim_hit(F_FSYNC)) {
		errno = shim.errnum;
		return -1;
	}
	return __real_fsync(fd);
}

int
__wrap_rename(const char *from, const char *to)
{
	if (shim_hit(F_RENAME)) {
		errno = shim.errnum;
		return -1;
	}
	return __real_rename(from, to);
}

int
__wrap_link(const char *from, const char *to)
{
	if (shim_hit(F_LINK)) {
		errno = shim.errnum;
		return -1;
	}
	return __real_link(from, to);
}

/* ---- shared fixture --------------------------------------------------- */

#define PASS "fault tolerant"

struct fixture {
	char *tmp;
	char *dir;
	struct cairn_secret *pass;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->tmp = th_tmpdir();
	f->dir = th_path(f->tmp, "vault");
	f->pass = th_secret(PASS);
	memset(&shim, 0, sizeof shim);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	memset(&shim, 0, sizeof shim);
	th_rmtree(f->tmp);
	secret_free(f->pass);
	free(f->dir);
	free(f->tmp);
	free(f);
	return 0;
}

/* The content of state s: deterministic, of varying size. */
static size_t
state_blob(long s, unsigned char *buf, size_t cap)
{
	size_t len = 100 + (size_t)(s * 7919 % 30000);

	assert_true(len <= cap);
	th_fill(buf, len, (unsigned)s + 17);
	snprintf((char *)buf, 32, "state-%ld;", s);
	return len;
}

/* Moves the vault from its current state to s+1: one new object, and the
 * catalogue's "state" and "last" updated. */
static enum cairn_err
advance(struct vault *v, long next, struct cairn_error *err)
{
	static unsigned char buf[40000];
	struct vault_name name;
	char hex[VAULT_NAME_HEX];
	size_t len = state_blob(next, buf, sizeof buf);
	cJSON *data = vault_data(v);
	enum cairn_err rc;

	rc = vault_put(v, buf, len, "state", &name, NULL, err);
	if (rc != CAIRN_OK)
		return rc;
	vault_name_hex(&name, hex);
	cJSON_DeleteItemFromObjectCaseSensitive(data, "state");
	cJSON_DeleteItemFromObjectCaseSensitive(data, "last");
	cJSON_AddNumberToObject(data, "state", (double)next);
	cJSON_AddStringToObject(data, "last", hex);
	vault_touch(v);
	return vault_save(v, err);
}

/* Opens the vault and checks it is a consistent state; returns it. */
static long
consistent_state(struct fixture *f)
{
	struct cairn_error err = {0};
	struct vault_check_report r;
	struct vault_name name;
	struct vault *v;
	static unsigned char want[40000];
	unsigned char *got;
	size_t len, wlen;
	cJSON *state, *last;
	long s;

	if (vault_open(f->dir, f->pass, VAULT_READ, &v, &err) != CAIRN_OK)
		fail_msg("vault does not open after a fault: %s", err.msg);
	state = cJSON_GetObjectItemCaseSensitive(vault_data(v), "state");
	last = cJSON_GetObjectItemCaseSensitive(vault_data(v), "last");
	assert_true(cJSON_IsNumber(state));
	assert_true(cJSON_IsString(last));
	s = (long)state->valuedouble;
	/* one object per state, every one intact, the last one the right one */
	assert_int_equal(vault_object_count(v), (size_t)s + 1);
	if (vault_check(v, &r, &err) != CAIRN_OK)
		fail_msg("state %ld: %s", s, err.msg);
	assert_int_equal(vault_name_parse(last->valuestring, &name), 0);
	assert_int_equal(vault_get(v, &name, &got, &len, &err), CAIRN_OK);
	wlen = state_blob(s, want, sizeof want);
	assert_int_equal(len, wlen);
	assert_memory_equal(got, want, len);
	free(got);
	vault_close(v);
	return s;
}

static void
make_state_vault(struct fixture *f)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	static unsigned char buf[40000];
	struct vault_name name;
	char hex[VAULT_NAME_HEX];
	size_t len = state_blob(0, buf, sizeof buf);

	th_kdf_min(&kdf);
	assert_int_equal(vault_create(f->dir, f->pass, &kdf, &v, &err), CAIRN_OK);
	assert_int_equal(vault_put(v, buf, len, "state", &name, NULL, &err), CAIRN_OK);
	vault_name_hex(&name, hex);
	cJSON_AddNumberToObject(vault_data(v), "state", 0);
	cJSON_AddStringToObject(vault_data(v), "last", hex);
	vault_touch(v);
	assert_int_equal(vault_save(v, &err), CAIRN_OK);
	vault_close(v);
}

/* ---- SIGKILL while saving --------------------------------------------- */

static void
test_crash_safety(void **state)
{
	struct fixture *f = *state;
	long prev = 0, s;
	int kills = 0;
	unsigned seed = (unsigned)time(NULL);

	make_state_vault(f);
	srand(seed);
	print_message("crash test seed %u\n", seed);
	/* 250 kills at least; on a loaded machine the child may save little
	 * between kills, so go on (bounded) until enough states were saved */
	while (kills < 250 || (prev < 25 && kills < 5000)) {
		pid_t child;
		int status;
		struct timespec nap;

		child = fork();
		assert_true(child >= 0);
		if (child == 0) {
			struct cairn_error err = {0};
			struct vault *v;
			long next;
			if (vault_open(f->dir, f->pass, VAULT_WRITE, &v, &err) != CAIRN_OK)
				_exit(3);
			next = (long)cJSON_GetObjectItem(vault_data(v), "state")->valuedouble + 1;
			for (;; next++)
				if (advance(v, next, &err) != CAIRN_OK)
					_exit(4);
		}
		nap.tv_sec = 0;
		nap.tv_nsec = (long)(rand() % 15000) * 1000; /* up to 15 ms */
		nanosleep(&nap, NULL);
		kill(child, SIGKILL);
		assert_int_equal(waitpid(child, &status, 0), child);
		if (!WIFSIGNALED(status))
			fail_msg("saving child ended by itself (status %d)", status);
		kills++;
		s = consistent_state(f);
		if (s < prev)
			fail_msg("state went back from %ld to %ld after kill %d", prev, s, kills);
		prev = s;
	}
	print_message("crash test: %d kills, reached state %ld\n", kills, prev);
	/* the test means something only if saves completed between kills */
	assert_true(prev >= 25);
	/* and gc afterwards clears whatever the kills left half-written */
	{
		struct cairn_error err = {0};
		struct vault_gc_report r;
		struct vault *v;
		assert_int_equal(vault_open(f->dir, f->pass, VAULT_WRITE, &v, &err), CAIRN_OK);
		assert_int_equal(vault_gc(v, &r, &err), CAIRN_OK);
		assert_int_equal(r.kept, (uint64_t)prev + 1);
		vault_close(v);
		assert_int_equal(consistent_state(f), prev);
	}
}

/* ---- a full disk ------------------------------------------------------ */

static void
run_with_fsize_limit(struct fixture *f, rlim_t limit, size_t objsize,
                     int expect_put_ok)
{
	pid_t child = fork();
	int status;

	assert_true(child >= 0);
	if (child == 0) {
		struct cairn_error err = {0};
		struct vault *v;
		struct rlimit rl = {limit, limit};
		unsigned char *buf = malloc(objsize);
		enum cairn_err rc;

		signal(SIGXFSZ, SIG_IGN);
		if (buf == NULL || vault_open(f->dir, f->pass, VAULT_WRITE, &v, &err) != CAIRN_OK)
			_exit(10);
		th_fill(buf, objsize, 99);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(11);
		rc = vault_put(v, buf, objsize, "big", NULL, NULL, &err);
		if ((rc == CAIRN_OK) != expect_put_ok)
			_exit(12);
		if (rc == CAIRN_OK)
			rc = vault_save(v, &err);
		/* a clear, single-line error naming the failure */
		if (rc != CAIRN_ERR_IO || strchr(err.msg, '\n') != NULL ||
		    strstr(err.msg, strerror(EFBIG)) == NULL)
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_disk_full(void **state)
{
	struct fixture *f = *state;
	struct cairn_error err = {0};
	struct vault *v;
	long s;
	int i;

	make_state_vault(f);
	/* grow the catalogue so the index is larger than a small object */
	assert_int_equal(vault_open(f->dir, f->pass, VAULT_WRITE, &v, &err), CAIRN_OK);
	for (i = 1; i <= 200; i++)
		assert_int_equal(advance(v, i, &err), CAIRN_OK);
	vault_close(v);
	s = consistent_state(f);
	assert_int_equal(s, 200);
	/* the object itself does not fit */
	run_with_fsize_limit(f, 4096, 100000, 0);
	assert_int_equal(consistent_state(f), 200);
	/* the object fits, the new index does not */
	run_with_fsize_limit(f, 8192, 1000, 1);
	assert_int_equal(consistent_state(f), 200);
}

/* ---- every I/O call failing in turn ----------------------------------- */

typedef enum cairn_err (*operation)(struct fixture *f, struct cairn_error *err);

static enum cairn_err
op_advance(struct fixture *f, struct cairn_error *err)
{
	struct vault *v;
	enum cairn_err rc;
	long s;

	/* open before arming: faults are for the save, not the unlock */
	rc = vault_open(f->dir, f->pass, VAULT_WRITE, &v, err);
	if (rc != CAIRN_OK)
		return rc;
	s = (long)cJSON_GetObjectItem(vault_data(v), "state")->valuedouble;
	shim.armed = 1;
	rc = advance(v, s + 1, err);
	shim.armed = 0;
	vault_close(v);
	return rc;
}

static enum cairn_err
op_passwd(struct fixture *f, struct cairn_error *err)
{
	struct vault *v;
	struct vault_kdf kdf;
	struct cairn_secret *np = th_secret(PASS); /* same text: state unchanged */
	enum cairn_err rc;

	th_kdf_min(&kdf);
	rc = vault_open(f->dir, f->pass, VAULT_WRITE, &v, err);
	if (rc == CAIRN_OK) {
		shim.armed = 1;
		rc = vault_passwd(v, np, &kdf, err);
		shim.armed = 0;
		vault_close(v);
	}
	secret_free(np);
	return rc;
}

static enum cairn_err
op_backup_restore(struct fixture *f, struct cairn_error *err)
{
	struct vault *v;
	char *bak = th_path(f->tmp, "b.bak"), *dst = th_path(f->tmp, "restored");
	enum cairn_err rc;

	unlink(bak);
	th_rmtree(dst);
	rc = vault_open(f->dir, f->pass, VAULT_WRITE, &v, err);
	if (rc == CAIRN_OK) {
		shim.armed = 1;
		rc = vault_backup(v, bak, 0, err);
		shim.armed = 0;
		vault_close(v);
	}
	if (rc != CAIRN_OK) {
		/* a failed backup leaves no file, complete or not */
		char **left = th_files(f->tmp);
		for (char **p = left; *p; p++)
			if (strstr(*p, "b.bak") != NULL)
				fail_msg("failed backup left %s", *p);
		th_strv_free(left);
	} else {
		shim.armed = 1;
		rc = vault_restore(bak, dst, f->pass, err);
		shim.armed = 0;
		if (rc != CAIRN_OK) {
			char **left = th_files(f->tmp);
			for (char **p = left; *p; p++)
				if (strstr(*p, "restored") != NULL)
					fail_msg("failed restore left %s", *p);
			th_strv_free(left);
		} else {
			/* the restored copy is a whole vault in the same state */
			char *keep = f->dir;
			f->dir = dst;
			(void)consistent_state(f);
			f->dir = keep;
		}
	}
	free(bak);
	free(dst);
	return rc;
}

static enum cairn_err
op_gc(struct fixture *f, struct cairn_error *err)
{
	struct vault *v;
	struct vault_gc_report r;
	enum cairn_err rc;
	long s;

	rc = vault_open(f->dir, f->pass, VAULT_WRITE, &v, err);
	if (rc != CAIRN_OK)
		return rc;
	/* drop the reference to the previous state's object, keeping the rest */
	s = (long)cJSON_GetObjectItem(vault_data(v), "state")->valuedouble;
	(void)s;
	shim.armed = 1;
	rc = vault_gc(v, &r, err);
	shim.armed = 0;
	vault_close(v);
	return rc;
}

static void
sweep_faults(struct fixture *f, operation op, const char *opname, int *total)
{
	static const int errnos[] = {ENOSPC, EIO, EDQUOT};

	for (int kind = F_WRITE; kind <= F_LINK; kind++) {
		for (long n = 0;; n++) {
			struct cairn_error err = {0};
			long before = consistent_state(f), after;
			enum cairn_err rc;
			int fired, short_write = (n % 2) == 1 && kind == F_WRITE;

			memset(&shim, 0, sizeof shim);
			shim.kind = (enum fault_kind)kind;
			shim.countdown = n;
			shim.errnum = errnos[n % 3];
			shim.short_write = short_write;
			rc = op(f, &err);
			fired = shim.fired;
			memset(&shim, 0, sizeof shim);
			after = consistent_state(f);
			if (after != before && after != before + 1)
				fail_msg("%s, %s fault %ld: state %ld -> %ld", opname,
				         fault_names[kind], n, before, after);
			if (rc != CAIRN_OK && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
				fail_msg("%s: no clear error", opname);
			if (rc != CAIRN_OK && rc != CAIRN_ERR_IO)
				fail_msg("%s, %s fault %ld: status %d (%s)", opname,
				         fault_names[kind], n, rc, err.msg);
			if (rc == CAIRN_OK && after != before && strcmp(opname, "save") != 0)
				fail_msg("%s changed the state", opname);
			(*total)++;
			if (fired && rc == CAIRN_OK && !short_write)
				fail_msg("%s: a failed %s (call %ld) went unnoticed", opname,
				         fault_names[kind], n);
			if (!fired)
				break; /* no call of this kind was left to fail */
		}
	}
}

static void
test_io_faults(void **state)
{
	struct fixture *f = *state;
	int total = 0;

	make_state_vault(f);
	sweep_faults(f, op_advance, "save", &total);
	sweep_faults(f, op_passwd, "passwd", &total);
	sweep_faults(f, op_backup_restore, "backup", &total);
	/* leave unreferenced debris for gc to fail on */
	{
		char *junk = th_path(f->dir, "objects/zz");
		mkdir(junk, 0700);
		free(junk);
		junk = th_path(f->dir, "objects/zz/leftover");
		th_write(junk, "x", 1);
		free(junk);
	}
	sweep_faults(f, op_gc, "gc", &total);
	print_message("I/O faults: %d injected runs\n", total);
	assert_true(total > 40);
}

static void
test_create_faults(void **state)
{
	struct fixture *f = *state;
	int runs = 0;

	for (int kind = F_WRITE; kind <= F_RENAME; kind++) {
		for (long n = 0;; n++) {
			struct cairn_error err = {0};
			struct vault_kdf kdf;
			struct vault *v = NULL;
			enum cairn_err rc;

			th_kdf_min(&kdf);
			memset(&shim, 0, sizeof shim);
			shim.armed = 1;
			shim.kind = (enum fault_kind)kind;
			shim.countdown = n;
			shim.errnum = ENOSPC;
			rc = vault_create(f->dir, f->pass, &kdf, &v, &err);
			memset(&shim, 0, sizeof shim);
			runs++;
			if (rc == CAIRN_OK) {
				vault_close(v);
				assert_int_equal(vault_open(f->dir, f->pass, VAULT_READ, &v, &err),
				                 CAIRN_OK);
				vault_close(v);
				th_rmtree(f->dir);
				break;
			}
			assert_int_equal(rc, CAIRN_ERR_IO);
			/* a failed init leaves nothing: no half-made vault */
			{
				DIR *d = opendir(f->tmp);
				struct dirent *e;
				assert_non_null(d);
				while ((e = readdir(d)) != NULL)
					if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
						fail_msg("failed init (%s call %ld) left %s",
						         fault_names[kind], n, e->d_name);
				closedir(d);
			}
		}
	}
	print_message("init faults: %d runs\n", runs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crash_safety, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_io_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_faults, setup, teardown),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

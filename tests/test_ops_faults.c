/* The learner's operations under faults, at the collection level where the
 * CLI calls them: import, rm, passwd, gc, backup and restore.  Each write,
 * fsync and rename is made to fail in turn with ENOSPC or EIO (a link-time
 * shim, -Wl,--wrap), and each operation is SIGKILLed at random moments.
 * After every fault the vault opens with a passphrase it had and holds
 * exactly the credentials it held before the operation or after it, each
 * one's original bytes readable and every object intact: never a mix,
 * never less. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "collection.h"
#include "testhelp.h"
#include "vault.h"

/* ---- the fault shim --------------------------------------------------- */

ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __wrap_fsync(int fd);
int __wrap_rename(const char *from, const char *to);

enum fault_kind { F_WRITE, F_FSYNC, F_RENAME, F_KINDS };
static const char *const fault_names[] = {"write", "fsync", "rename"};

static struct {
	int armed;
	enum fault_kind kind;
	long countdown; /* fail the call when this reaches 0 */
	int errnum;
	int fired;
} shim;

/* No fault at all: arming then changes nothing. */
static void
shim_off(void)
{
	memset(&shim, 0, sizeof shim);
	shim.kind = F_KINDS;
}

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

/* ---- fixture ---------------------------------------------------------- */

#define PASS_A "operations under faults"
#define PASS_B "operations under faults, changed"

static const char *const files[] = {
    "micro-ects.json",   "ob30-simple.jwt",        "ob20-basic-assertion.json",
    "clr20-simple.json", "dcc-v2-alignments.json",
};
#define NFILES (sizeof files / sizeof *files)

struct fixture {
	char *tmp, *dir, *pristine;
	struct cairn_secret *a, *b;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->tmp = th_tmpdir();
	f->dir = th_path(f->tmp, "vault");
	f->pristine = th_path(f->tmp, "pristine");
	f->a = th_secret(PASS_A);
	f->b = th_secret(PASS_B);
	shim_off();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	shim_off();
	th_rmtree(f->tmp);
	secret_free(f->a);
	secret_free(f->b);
	free(f->dir);
	free(f->pristine);
	free(f->tmp);
	free(f);
	return 0;
}

static void
copy_tree(const char *from, const char *to)
{
	char cmd[4096];

	th_rmtree(to);
	snprintf(cmd, sizeof cmd, "cp -a '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static unsigned char *
fixture_file(size_t k, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/import/%s", FIXTURES, files[k]);
	return th_read(path, len);
}

/* Opens dir with pass a or b (whichever works), and describes its state:
 * the sorted ids of its credentials, after checking every object and every
 * credential's original bytes.  NULL when the vault does not open. */
static char *
snapshot_of(const char *dir, struct fixture *f, int *which)
{
	struct cairn_error err = {0};
	struct vault_check_report r;
	struct collection *c;
	struct vault *v;
	char *out, **ids;
	size_t n, len = 1;

	if (vault_open(dir, f->a, VAULT_READ, &v, &err) == CAIRN_OK)
		*which = 0;
	else if (vault_open(dir, f->b, VAULT_READ, &v, &err) == CAIRN_OK)
		*which = 1;
	else
		return NULL;
	if (vault_check(v, &r, &err) != CAIRN_OK)
		fail_msg("%s: check after a fault: %s", dir, err.msg);
	assert_int_equal(collection_open(v, &c, &err), CAIRN_OK);
	n = collection_count(c);
	ids = calloc(n + 1, sizeof *ids);
	assert_non_null(ids);
	for (size_t i = 0; i < n; i++) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(
		    collection_record(c, i), "id");
		unsigned char *raw;
		size_t rlen;

		assert_true(cJSON_IsString(id));
		ids[i] = id->valuestring;
		len += strlen(ids[i]) + 1;
		if (collection_raw(c, i, &raw, &rlen, &err) != CAIRN_OK)
			fail_msg("%s: credential %s lost its bytes: %s", dir,
			         ids[i], err.msg);
		free(raw);
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0;
		     j--) {
			char *t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	out = calloc(1, len);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		strcat(out, ids[i]);
		strcat(out, ",");
	}
	free(ids);
	collection_free(c);
	vault_close(v);
	return out;
}

static char *
snapshot(struct fixture *f, int *which)
{
	char *s = snapshot_of(f->dir, f, which);

	if (s == NULL)
		fail_msg("the vault does not open after a fault");
	return s;
}

/* A vault holding the first three fixture files. */
static void
make_vault(struct fixture *f)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct collection *c;
	struct vault *v;

	th_kdf_min(&kdf);
	assert_int_equal(vault_create(f->dir, f->a, &kdf, &v, &err), CAIRN_OK);
	assert_int_equal(collection_open(v, &c, &err), CAIRN_OK);
	for (size_t k = 0; k < 3; k++) {
		struct import_outcome o;
		size_t len;
		unsigned char *d = fixture_file(k, &len);
		assert_int_equal(
		    collection_import(c, d, len, files[k], &o, &err), CAIRN_OK);
		import_outcome_clear(&o);
		free(d);
	}
	assert_int_equal(collection_save(c, &err), CAIRN_OK);
	collection_free(c);
	vault_close(v);
}

/* ---- the operations (open unarmed, fault only the operation) ---------- */

typedef enum cairn_err (*operation)(struct fixture *f, struct cairn_error *err);

static enum cairn_err
with_collection(struct fixture *f, const struct cairn_secret *pass,
                enum cairn_err (*body)(struct collection *c,
                                       struct cairn_error *err),
                struct cairn_error *err)
{
	struct collection *c;
	struct vault *v;
	enum cairn_err rc;

	rc = vault_open(f->dir, pass, VAULT_WRITE, &v, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = collection_open(v, &c, err);
	if (rc == CAIRN_OK) {
		shim.armed = 1;
		rc = body(c, err);
		if (rc == CAIRN_OK)
			rc = collection_save(c, err);
		shim.armed = 0;
		collection_free(c);
	}
	vault_close(v);
	return rc;
}

static enum cairn_err
body_import(struct collection *c, struct cairn_error *err)
{
	struct import_outcome o;
	size_t len;
	unsigned char *d = fixture_file(3, &len); /* the CLR: two credentials */
	enum cairn_err rc = collection_import(c, d, len, files[3], &o, err);

	if (rc == CAIRN_OK)
		import_outcome_clear(&o);
	free(d);
	return rc;
}

static enum cairn_err
body_rm(struct collection *c, struct cairn_error *err)
{
	return collection_remove(c, 0, err);
}

/* removes what body_import added: every record that came from the CLR */
static enum cairn_err
body_rm_clr(struct collection *c, struct cairn_error *err)
{
	for (size_t i = collection_count(c); i-- > 0;) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(
		    collection_record(c, i), "source");
		enum cairn_err rc;
		if (cJSON_IsString(src) &&
		    strcmp(src->valuestring, files[3]) == 0 &&
		    (rc = collection_remove(c, i, err)) != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

static enum cairn_err
op_import(struct fixture *f, struct cairn_error *err)
{
	return with_collection(f, f->a, body_import, err);
}

static enum cairn_err
op_rm(struct fixture *f, struct cairn_error *err)
{
	return with_collection(f, f->a, body_rm, err);
}

static enum cairn_err
op_passwd(struct fixture *f, struct cairn_error *err)
{
	struct vault_kdf kdf;
	struct vault *v;
	enum cairn_err rc;

	th_kdf_min(&kdf);
	rc = vault_open(f->dir, f->a, VAULT_WRITE, &v, err);
	if (rc != CAIRN_OK)
		return rc;
	shim.armed = 1;
	rc = vault_passwd(v, f->b, &kdf, err);
	shim.armed = 0;
	vault_close(v);
	return rc;
}

static enum cairn_err
op_gc(struct fixture *f, struct cairn_error *err)
{
	struct vault_gc_report r;
	struct vault *v;
	enum cairn_err rc;

	rc = vault_open(f->dir, f->a, VAULT_WRITE, &v, err);
	if (rc != CAIRN_OK)
		return rc;
	shim.armed = 1;
	rc = vault_gc(v, &r, err);
	shim.armed = 0;
	vault_close(v);
	return rc;
}

/* backup, then restore what was written into a fresh directory */
static enum cairn_err
op_backup_restore(struct fixture *f, struct cairn_error *err)
{
	char *bak = th_path(f->tmp, "ops.bak"),
	     *dst = th_path(f->tmp, "restored");
	struct vault *v;
	enum cairn_err rc;

	unlink(bak);
	th_rmtree(dst);
	rc = vault_open(f->dir, f->a, VAULT_WRITE, &v, err);
	if (rc == CAIRN_OK) {
		shim.armed = 1;
		rc = vault_backup(v, bak, 0, err);
		shim.armed = 0;
		vault_close(v);
	}
	if (rc != CAIRN_OK) {
		struct stat st;
		if (lstat(bak, &st) == 0)
			fail_msg("a failed backup left %s", bak);
	} else {
		int which;
		char *want = snapshot(f, &which), *got;

		shim.armed = 1;
		rc = vault_restore(bak, dst, f->a, err);
		shim.armed = 0;
		got = snapshot_of(dst, f, &which);
		if (rc != CAIRN_OK && got != NULL)
			fail_msg("a failed restore left a vault at %s", dst);
		if (rc == CAIRN_OK && (got == NULL || strcmp(got, want) != 0))
			fail_msg("the restored vault differs: %s vs %s",
			         got ? got : "(none)", want);
		free(want);
		free(got);
	}
	free(bak);
	free(dst);
	return rc;
}

/* Leaves debris for gc: an object no record refers to (a removed
 * credential) and a stray temporary file. */
static void
plant_garbage(struct fixture *f)
{
	struct cairn_error err = {0};
	struct import_outcome o;
	struct collection *c;
	struct vault *v;
	size_t len;
	unsigned char *d = fixture_file(4, &len);

	assert_int_equal(vault_open(f->dir, f->a, VAULT_WRITE, &v, &err),
	                 CAIRN_OK);
	assert_int_equal(collection_open(v, &c, &err), CAIRN_OK);
	assert_int_equal(collection_import(c, d, len, files[4], &o, &err),
	                 CAIRN_OK);
	import_outcome_clear(&o);
	assert_int_equal(collection_remove(c, collection_count(c) - 1, &err),
	                 CAIRN_OK);
	assert_int_equal(collection_save(c, &err), CAIRN_OK);
	collection_free(c);
	vault_close(v);
	free(d);
}

/* ---- every write, fsync and rename failing in turn -------------------- */

struct sweep_count {
	int runs, fired, failed, changed;
};

static void
sweep(struct fixture *f, operation op, const char *name,
      struct sweep_count *count)
{
	static const int errnos[] = {ENOSPC, EIO};
	struct cairn_error err = {0};
	char *before, *after_ok;
	int wb, wa;

	/* what the operation makes when nothing fails */
	copy_tree(f->dir, f->pristine);
	before = snapshot(f, &wb);
	if (op(f, &err) != CAIRN_OK)
		fail_msg("%s without a fault: %s", name, err.msg);
	after_ok = snapshot(f, &wa);
	for (int kind = 0; kind < F_KINDS; kind++) {
		for (long n = 0;; n++) {
			enum cairn_err rc;
			char *now;
			int which, fired;

			copy_tree(f->pristine, f->dir);
			memset(&shim, 0, sizeof shim);
			shim.kind = (enum fault_kind)kind;
			shim.countdown = n;
			shim.errnum = errnos[n % 2];
			err.msg[0] = '\0';
			rc = op(f, &err);
			fired = shim.fired;
			shim_off();
			now = snapshot(f, &which);
			count->runs++;
			count->fired += fired;
			if (strcmp(now, before) != 0 &&
			    strcmp(now, after_ok) != 0)
				fail_msg("%s, %s fault %ld (%s): the "
				         "credentials are neither "
				         "those before nor those after: %s",
				         name, fault_names[kind], n,
				         strerror(errnos[n % 2]), now);
			if (!((strcmp(now, before) == 0 && which == wb) ||
			      (strcmp(now, after_ok) == 0 && which == wa)))
				fail_msg("%s, %s fault %ld: the passphrase "
				         "does not match the state",
				         name, fault_names[kind], n);
			if (rc != CAIRN_OK) {
				count->failed++;
				if (err.msg[0] == '\0' ||
				    strchr(err.msg, '\n') != NULL)
					fail_msg("%s, %s fault %ld: no "
					         "one-line error",
					         name, fault_names[kind], n);
			} else if (strcmp(now, after_ok) != 0 || which != wa) {
				fail_msg("%s, %s fault %ld: reported success, "
				         "but the change is missing",
				         name, fault_names[kind], n);
			}
			if (fired && rc != CAIRN_OK && strcmp(now, before) != 0)
				count->changed++; /* failed after its commit
				                     point */
			free(now);
			if (!fired)
				break; /* no call of this kind left to fail */
		}
	}
	copy_tree(f->pristine, f->dir);
	free(before);
	free(after_ok);
}

static void
test_io_faults(void **state)
{
	struct fixture *f = *state;
	struct sweep_count c = {0};

	make_vault(f);
	sweep(f, op_import, "import", &c);
	sweep(f, op_rm, "rm", &c);
	sweep(f, op_passwd, "passwd", &c);
	sweep(f, op_backup_restore, "backup and restore", &c);
	plant_garbage(f);
	sweep(f, op_gc, "gc", &c);
	print_message(
	    "I/O faults: %d runs, %d faults injected, %d operations failed "
	    "with a one-line error (%d of them after their commit point: "
	    "the vault holds the state after)\n",
	    c.runs, c.fired, c.failed, c.changed);
	assert_true(c.fired > 50);
	assert_true(c.failed > 0);
}

/* ---- SIGKILL at random moments ---------------------------------------- */

/* The child repeats the operation and its inverse (import, rm; passwd a->b,
 * b->a; gc with fresh garbage; backup --force) until it is killed. */
enum kill_op { K_IMPORT_RM, K_PASSWD, K_GC, K_BACKUP, K_RESTORE };
static const char *const kill_names[] = {"import and rm", "passwd", "gc",
                                         "backup", "restore"};

static void
child_loop(struct fixture *f, enum kill_op op)
{
	struct cairn_error err = {0};
	int flip = 0;

	if (op == K_PASSWD || op == K_IMPORT_RM) {
		/* start from where the last child was killed */
		struct vault *v;
		if (vault_open(f->dir, f->a, VAULT_READ, &v, &err) ==
		    CAIRN_OK) {
			if (op == K_IMPORT_RM) {
				struct collection *c;
				if (collection_open(v, &c, &err) != CAIRN_OK)
					_exit(6);
				flip = collection_count(c) > 3;
				collection_free(c);
			}
			vault_close(v);
		} else {
			flip = 1;
		}
	}
	for (unsigned long round = 0;; round++) {
		struct collection *c;
		struct vault *v;

		if (op == K_RESTORE) {
			char name[64], *dst;
			char *bak = th_path(f->tmp, "kill.bak");
			snprintf(name, sizeof name, "restored-%lu", round);
			dst = th_path(f->tmp, name);
			if (vault_restore(bak, dst, f->a, &err) != CAIRN_OK)
				_exit(5);
			free(dst);
			free(bak);
			continue;
		}
		if (vault_open(f->dir, op == K_PASSWD && flip ? f->b : f->a,
		               VAULT_WRITE, &v, &err) != CAIRN_OK)
			_exit(3);
		if (op == K_IMPORT_RM) {
			if (collection_open(v, &c, &err) != CAIRN_OK ||
			    (flip ? body_rm_clr(c, &err)
			          : body_import(c, &err)) != CAIRN_OK ||
			    collection_save(c, &err) != CAIRN_OK)
				_exit(4);
			collection_free(c);
		} else if (op == K_PASSWD) {
			struct vault_kdf kdf;
			th_kdf_min(&kdf);
			if (vault_passwd(v, flip ? f->a : f->b, &kdf, &err) !=
			    CAIRN_OK)
				_exit(4);
		} else if (op == K_GC) {
			struct vault_gc_report r;
			if (vault_gc(v, &r, &err) != CAIRN_OK)
				_exit(4);
		} else {
			char *bak = th_path(f->tmp, "kill.bak");
			if (vault_backup(v, bak, 1, &err) != CAIRN_OK)
				_exit(4);
			free(bak);
		}
		vault_close(v);
		if (op == K_IMPORT_RM || op == K_PASSWD)
			flip = !flip;
	}
}

static int
    seen_after; /* kills that found the second state (s1, pass b, a backup) */

static void
kill_loop(struct fixture *f, enum kill_op op, int kills, const char *s0,
          const char *s1)
{
	seen_after = 0;
	for (int k = 0; k < kills; k++) {
		struct timespec nap;
		char *now;
		int status, which;
		pid_t child;

		if (op == K_GC && k % 5 == 0)
			plant_garbage(f);
		child = fork();
		assert_true(child >= 0);
		if (child == 0)
			child_loop(f, op);
		nap.tv_sec = 0;
		/* up to 60 ms for the import/rm cycle (several saves), 20 ms
		 * else */
		nap.tv_nsec =
		    (long)(rand() % (op == K_IMPORT_RM ? 60000 : 20000)) * 1000;
		nanosleep(&nap, NULL);
		kill(child, SIGKILL);
		assert_int_equal(waitpid(child, &status, 0), child);
		if (!WIFSIGNALED(status))
			fail_msg("%s: the child ended by itself (status %d)",
			         kill_names[op], WEXITSTATUS(status));
		now = snapshot(f, &which);
		if (strcmp(now, s0) != 0 &&
		    (s1 == NULL || strcmp(now, s1) != 0))
			fail_msg("%s, kill %d: the credentials are neither "
			         "state: %s",
			         kill_names[op], k, now);
		if ((s1 != NULL && strcmp(now, s1) == 0) ||
		    (op == K_PASSWD && which == 1))
			seen_after++;
		free(now);
		if (op == K_BACKUP) {
			/* the backup file is absent or whole */
			char *bak = th_path(f->tmp, "kill.bak"),
			     *dst = th_path(f->tmp, "check");
			struct cairn_error err = {0};
			struct stat st;
			th_rmtree(dst);
			if (lstat(bak, &st) == 0) {
				char *got;
				seen_after++;
				if (vault_restore(bak, dst, f->a, &err) !=
				    CAIRN_OK)
					fail_msg("backup, kill %d: the backup "
					         "file is damaged: %s",
					         k, err.msg);
				got = snapshot_of(dst, f, &which);
				assert_non_null(got);
				assert_string_equal(got, s0);
				free(got);
			}
			free(bak);
			free(dst);
		}
		if (op == K_RESTORE) {
			/* every restored directory is a whole vault, or none */
			for (unsigned long r = 0; r < 100000; r++) {
				char name[64], *dst, *got;
				struct stat st;
				snprintf(name, sizeof name, "restored-%lu", r);
				dst = th_path(f->tmp, name);
				if (lstat(dst, &st) != 0) {
					free(dst);
					break;
				}
				got = snapshot_of(dst, f, &which);
				if (got == NULL || strcmp(got, s0) != 0)
					fail_msg("restore, kill %d: %s is not "
					         "the backed-up vault",
					         k, name);
				seen_after++;
				free(got);
				th_rmtree(dst);
				free(dst);
			}
		}
	}
}

static void
test_sigkill(void **state)
{
	struct fixture *f = *state;
	struct cairn_error err = {0};
	unsigned seed = (unsigned)time(NULL);
	char *s0, *s1;
	int which;

	make_vault(f);
	srand(seed);
	print_message("SIGKILL test seed %u\n", seed);
	s0 = snapshot(f, &which);
	/* the state with the CLR imported, for the import/rm loop */
	copy_tree(f->dir, f->pristine);
	assert_int_equal(op_import(f, &err), CAIRN_OK);
	s1 = snapshot(f, &which);
	copy_tree(f->pristine, f->dir);

	kill_loop(f, K_IMPORT_RM, 60, s0, s1);
	print_message("import and rm: 60 kills, %d found the CLR imported\n",
	              seen_after);
	/* the loop's rm takes the first record: bring back the start */
	copy_tree(f->pristine, f->dir);
	kill_loop(f, K_PASSWD, 40, s0, NULL);
	print_message("passwd: 40 kills, %d found the new passphrase\n",
	              seen_after);
	copy_tree(f->pristine, f->dir);
	kill_loop(f, K_GC, 40, s0, NULL);
	copy_tree(f->pristine, f->dir);
	kill_loop(f, K_BACKUP, 40, s0, NULL);
	print_message("backup: 40 kills, %d found a whole backup file\n",
	              seen_after);
	{
		struct vault *v;
		char *bak = th_path(f->tmp, "kill.bak");
		assert_int_equal(
		    vault_open(f->dir, f->a, VAULT_WRITE, &v, &err), CAIRN_OK);
		assert_int_equal(vault_backup(v, bak, 1, &err), CAIRN_OK);
		vault_close(v);
		free(bak);
	}
	kill_loop(f, K_RESTORE, 40, s0, NULL);
	print_message("restore: 40 kills, %d whole restored vaults checked\n",
	              seen_after);
	print_message("SIGKILL: 220 kills across import/rm, passwd, gc, "
	              "backup, restore\n");
	free(s0);
	free(s1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_io_faults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sigkill, setup, teardown),
	};

	if (cairn_init(NULL) != CAIRN_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* bench_vault — figures for the vault, never pass/fail.
 *
 *   1. unlock time, split into the key derivation and the rest;
 *   2. the cost of saving one new object into vaults of growing size;
 *   3. open (index load) time against vault size;
 *   4. peak memory.
 *
 * Usage: bench_vault [--quick]   (--quick: 100 and 1,000 objects only)
 * Vaults are built in a temporary directory under $TMPDIR (or /tmp) and
 * removed at the end. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cairn.h"
#include "secret.h"
#include "vault.h"

#define OBJ_SIZE (40 * 1024) /* bytes of one benchmark object */
#define SAVE_REPS 20
#define OPEN_REPS 7
#define MAX_REPS 64
#define MAX_TMP 8
#define MAX_SIZES 3

static const char passphrase[] = "correct horse battery staple";

/* ---- small helpers -------------------------------------------------- */

static char *tmp_dirs[MAX_TMP];
static int tmp_count;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(const double *v, size_t n)
{
	double s[MAX_REPS];

	if (n == 0 || n > MAX_REPS)
		return 0.0;
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

static double
min_of(const double *v, size_t n)
{
	double m = v[0];

	for (size_t i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static double
max_of(const double *v, size_t n)
{
	double m = v[0];

	for (size_t i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) < 0)
		fprintf(stderr, "bench_vault: cannot remove %s: %s\n", path,
		        strerror(errno));
	return 0;
}

static void
rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void
cleanup_tmp(void)
{
	for (int i = 0; i < tmp_count; i++) {
		if (tmp_dirs[i] != NULL) {
			rm_tree(tmp_dirs[i]);
			free(tmp_dirs[i]);
			tmp_dirs[i] = NULL;
		}
	}
	tmp_count = 0;
}

static void
cleanup_one(const char *base)
{
	for (int i = 0; i < tmp_count; i++)
		if (tmp_dirs[i] != NULL && strcmp(tmp_dirs[i], base) == 0) {
			rm_tree(tmp_dirs[i]);
			free(tmp_dirs[i]);
			tmp_dirs[i] = NULL;
		}
}

static const char *
tmp_root(void)
{
	const char *t = getenv("TMPDIR");

	return t != NULL && *t != '\0' ? t : "/tmp";
}

static void
fail(const char *what, const struct cairn_error *err)
{
	fprintf(stderr, "bench_vault: %s: %s\n", what,
	        err != NULL && err->msg[0] ? err->msg : strerror(errno));
	exit(1); /* atexit removes the temporary directories */
}

/* A new temporary directory (registered for removal); *vault_dir gets
 * base + "/vault", where the vault itself goes. */
static char *
make_tmp(char **vault_dir)
{
	size_t n = strlen(tmp_root()) + 64;
	char *base = malloc(n), *vd = malloc(n + 8);

	if (base == NULL || vd == NULL || tmp_count == MAX_TMP)
		fail("out of memory", NULL);
	snprintf(base, n, "%s/cairn-bench.XXXXXX", tmp_root());
	if (mkdtemp(base) == NULL)
		fail("mkdtemp", NULL);
	tmp_dirs[tmp_count++] = base;
	snprintf(vd, n + 8, "%s/vault", base);
	*vault_dir = vd;
	return base;
}

struct io_counts {
	int ok;
	uint64_t wchar;       /* bytes passed to write() */
	uint64_t write_bytes; /* bytes sent to the block layer (page cache) */
};

static void
io_read(struct io_counts *c)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	int got = 0;

	c->ok = 0;
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long long v;
		if (sscanf(line, "wchar: %llu", &v) == 1) {
			c->wchar = v;
			got |= 1;
		} else if (sscanf(line, "write_bytes: %llu", &v) == 1) {
			c->write_bytes = v;
			got |= 2;
		}
	}
	fclose(f);
	c->ok = got == 3;
}

/* A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"); -1 when
 * unknown. */
static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t flen = strlen(field);
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, flen) == 0) {
			v = strtol(line + flen, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Resets this process's peak RSS (VmHWM) to its current RSS.  0 or -1. */
static int
reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f == NULL)
		return -1;
	if (fputs("5", f) == EOF) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static off_t
file_size(const char *dir, const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* "12,345" */
static const char *
group(uint64_t n, char buf[32])
{
	char raw[32];
	int len, j = 0;

	len = snprintf(raw, sizeof raw, "%" PRIu64, n);
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = raw[i];
	}
	buf[j] = '\0';
	return buf;
}

/* A duration with a unit that keeps 3-4 significant digits. */
static const char *
fmt_time(double s, char buf[32])
{
	const char *sign = s < 0 ? "-" : "";
	double a = s < 0 ? -s : s;

	if (a < 1e-3)
		snprintf(buf, 32, "%s%.1f us", sign, a * 1e6);
	else if (a < 1.0)
		snprintf(buf, 32, "%s%.2f ms", sign, a * 1e3);
	else
		snprintf(buf, 32, "%s%.2f s", sign, a);
	return buf;
}

static const char *
fmt_bytes(double b, char buf[32])
{
	if (b < 0)
		snprintf(buf, 32, "n/a");
	else if (b < 1024)
		snprintf(buf, 32, "%.0f B", b);
	else if (b < 1024.0 * 1024)
		snprintf(buf, 32, "%.1f KiB", b / 1024);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(buf, 32, "%.1f MiB", b / (1024.0 * 1024));
	else
		snprintf(buf, 32, "%.2f GiB", b / (1024.0 * 1024 * 1024));
	return buf;
}

/* ---- 1. unlock: KDF and the rest ------------------------------------ */

struct kdf_result {
	const char *label;
	struct vault_kdf kdf;
	int reps;
	double open_med, kdf_med, kdf_min, kdf_max;
};

static void
bench_kdf(enum vault_kdf_level level, const char *label, int reps,
          const struct cairn_secret *pass, struct kdf_result *r)
{
	struct cairn_error err = {0};
	struct vault *v;
	char *dir, *base;
	double t_open[MAX_REPS], t_kdf[MAX_REPS];
	unsigned char salt[crypto_pwhash_SALTBYTES], key[32];

	r->label = label;
	r->reps = reps;
	vault_kdf_for_level(level, &r->kdf);
	fprintf(stderr, "  unlock, %s: creating a vault, then %d x (open, KDF)\n",
	        label, reps);
	base = make_tmp(&dir);
	if (vault_create(dir, pass, &r->kdf, &v, &err) != CAIRN_OK)
		fail("vault_create", &err);
	vault_close(v);

	/* one untimed round: files into the cache, code paged in */
	if (vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK)
		fail("vault_open", &err);
	vault_close(v);

	/* alternate which goes first, so that drift hits both alike */
	for (int i = 0; i < 2 * reps; i++) {
		double t0, t1;
		int k = i / 2;

		if ((i + k) % 2 == 0) {
			t0 = now();
			if (vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK)
				fail("vault_open", &err);
			t1 = now();
			vault_close(v);
			t_open[k] = t1 - t0;
		} else {
			randombytes_buf(salt, sizeof salt);
			t0 = now();
			if (crypto_pwhash(key, sizeof key, (const char *)pass->data,
			                  pass->len, salt, r->kdf.opslimit,
			                  (size_t)r->kdf.memlimit,
			                  crypto_pwhash_ALG_ARGON2ID13) != 0)
				fail("crypto_pwhash (out of memory)", NULL);
			t1 = now();
			t_kdf[k] = t1 - t0;
		}
	}
	sodium_memzero(key, sizeof key);
	r->open_med = median(t_open, (size_t)reps);
	r->kdf_med = median(t_kdf, (size_t)reps);
	r->kdf_min = min_of(t_kdf, (size_t)reps);
	r->kdf_max = max_of(t_kdf, (size_t)reps);
	cleanup_one(base);
	free(dir);
}

/* ---- 2-4. vaults of N objects --------------------------------------- */

struct size_result {
	size_t n;
	double build_s;        /* N puts + one save */
	double build_bytes;    /* wchar during the build */
	off_t index_size;      /* after the build */
	/* 3. open */
	double open_med, open_min, open_max;
	/* 4. memory of an open, in a forked child */
	long child_rss_before, child_hwm, child_maxrss; /* KiB, -1 unknown */
	/* 2. save */
	double put_med, save_med, total_med, total_max;
	int io_ok;
	double wchar_med, wbytes_med, wchar_min, wchar_max;
	off_t object_file, index_after;
};

/* Opens the vault in a child process and reports its memory: the RSS
 * before (the child starts with a copy of this process's pages), the
 * peak during the open (VmHWM after resetting it through clear_refs),
 * and the child's ru_maxrss as wait4 returns it. */
static void
child_open_memory(const char *dir, const struct cairn_secret *pass,
                  struct size_result *r)
{
	int fds[2];
	pid_t pid;
	long got[2] = {-1, -1};
	struct rusage ru;
	int status;

	r->child_rss_before = r->child_hwm = r->child_maxrss = -1;
	if (pipe(fds) < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		struct cairn_error err = {0};
		struct vault *v;
		long out[2];

		close(fds[0]);
		out[0] = status_kib("VmRSS:");
		if (reset_hwm() < 0)
			out[0] = -1; /* no reset: the peak would be the parent's */
		if (vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK)
			_exit(1);
		out[1] = status_kib("VmHWM:");
		vault_close(v);
		if (write(fds[1], out, sizeof out) != (ssize_t)sizeof out)
			_exit(1);
		_exit(0); /* never the parent's atexit handlers */
	}
	close(fds[1]);
	if (read(fds[0], got, sizeof got) != (ssize_t)sizeof got)
		got[0] = got[1] = -1;
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0) {
		r->child_maxrss = ru.ru_maxrss;
		if (got[0] >= 0) {
			r->child_rss_before = got[0];
			r->child_hwm = got[1];
		}
	}
}

static void
bench_size(size_t n, const struct cairn_secret *pass, struct size_result *r)
{
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	struct io_counts io0, io1;
	char *dir, *base, cnt[32];
	unsigned char *obj = malloc(OBJ_SIZE);
	double t0, t1, t2, last_report;
	double t_open[MAX_REPS], t_put[SAVE_REPS], t_save[SAVE_REPS],
	       t_total[SAVE_REPS], wchar[SAVE_REPS], wbytes[SAVE_REPS];
	int added;

	if (obj == NULL)
		fail("out of memory", NULL);
	memset(r, 0, sizeof *r);
	r->n = n;
	vault_kdf_for_level(VAULT_KDF_MINIMUM, &kdf);

	/* build: N objects, one vault_save at the end */
	base = make_tmp(&dir);
	fprintf(stderr, "  %s objects: building the vault in %s\n",
	        group(n, cnt), base);
	if (vault_create(dir, pass, &kdf, &v, &err) != CAIRN_OK)
		fail("vault_create", &err);
	io_read(&io0);
	t0 = last_report = now();
	for (size_t i = 0; i < n; i++) {
		randombytes_buf(obj, OBJ_SIZE);
		if (vault_put(v, obj, OBJ_SIZE, "bench", NULL, &added, &err) != CAIRN_OK)
			fail("vault_put", &err);
		if (now() - last_report > 10.0) {
			last_report = now();
			fprintf(stderr, "    %zu/%zu objects after %.0f s\n", i + 1,
			        n, last_report - t0);
		}
	}
	if (vault_save(v, &err) != CAIRN_OK)
		fail("vault_save", &err);
	t1 = now();
	io_read(&io1);
	vault_close(v);
	r->build_s = t1 - t0;
	r->build_bytes = io0.ok && io1.ok ? (double)(io1.wchar - io0.wchar) : -1;
	r->index_size = file_size(dir, "index");

	/* 3. open and load the index */
	fprintf(stderr, "  %s objects: %d opens\n", cnt, OPEN_REPS);
	if (vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK)
		fail("vault_open", &err);
	if (vault_object_count(v) != n) {
		fprintf(stderr, "bench_vault: the vault holds %zu objects, not %zu\n",
		        vault_object_count(v), n);
		exit(1);
	}
	vault_close(v);
	for (int i = 0; i < OPEN_REPS; i++) {
		t0 = now();
		if (vault_open(dir, pass, VAULT_READ, &v, &err) != CAIRN_OK)
			fail("vault_open", &err);
		t1 = now();
		vault_close(v);
		t_open[i] = t1 - t0;
	}
	r->open_med = median(t_open, OPEN_REPS);
	r->open_min = min_of(t_open, OPEN_REPS);
	r->open_max = max_of(t_open, OPEN_REPS);

	/* 4. memory of one open, in a child */
	child_open_memory(dir, pass, r);

	/* 2. save one new object: vault_put + vault_save */
	fprintf(stderr, "  %s objects: %d saves of one new object\n", cnt,
	        SAVE_REPS);
	if (vault_open(dir, pass, VAULT_WRITE, &v, &err) != CAIRN_OK)
		fail("vault_open", &err);
	r->io_ok = 1;
	for (int i = 0; i < SAVE_REPS; i++) {
		struct vault_name name;
		char hex[VAULT_NAME_HEX], rel[96];

		randombytes_buf(obj, OBJ_SIZE);
		io_read(&io0);
		t0 = now();
		if (vault_put(v, obj, OBJ_SIZE, "bench", &name, &added, &err) != CAIRN_OK)
			fail("vault_put", &err);
		t1 = now();
		if (vault_save(v, &err) != CAIRN_OK)
			fail("vault_save", &err);
		t2 = now();
		io_read(&io1);
		if (!added) {
			fprintf(stderr, "bench_vault: a random object was already stored\n");
			exit(1);
		}
		t_put[i] = t1 - t0;
		t_save[i] = t2 - t1;
		t_total[i] = t2 - t0;
		if (io0.ok && io1.ok) {
			wchar[i] = (double)(io1.wchar - io0.wchar);
			wbytes[i] = (double)(io1.write_bytes - io0.write_bytes);
		} else {
			r->io_ok = 0;
		}
		if (i == SAVE_REPS - 1) {
			vault_name_hex(&name, hex);
			snprintf(rel, sizeof rel, "objects/%.2s/%s", hex, hex + 2);
			r->object_file = file_size(dir, rel);
		}
	}
	vault_close(v);
	r->index_after = file_size(dir, "index");
	r->put_med = median(t_put, SAVE_REPS);
	r->save_med = median(t_save, SAVE_REPS);
	r->total_med = median(t_total, SAVE_REPS);
	r->total_max = max_of(t_total, SAVE_REPS);
	if (r->io_ok) {
		r->wchar_med = median(wchar, SAVE_REPS);
		r->wbytes_med = median(wbytes, SAVE_REPS);
		r->wchar_min = min_of(wchar, SAVE_REPS);
		r->wchar_max = max_of(wchar, SAVE_REPS);
	}

	free(obj);
	fprintf(stderr, "  %s objects: removing %s\n", cnt, base);
	cleanup_one(base);
	free(dir);
}

/* ---- report --------------------------------------------------------- */

static void
print_kdf(const struct kdf_result *k, size_t nk)
{
	char a[32], b[32], c[32], d[32], e[32], f[32];
	int noisy = 0;

	printf("1. Unlock: vault_open (VAULT_READ, empty vault, one key slot) against\n"
	       "   crypto_pwhash alone (Argon2id13, same opslimit/memlimit, 32-byte key);\n"
	       "   rest = open - KDF (medians); KDF range = fastest..slowest KDF run\n\n");
	printf("   %-12s %4s %10s %5s %11s %11s %11s %7s   %s\n", "level", "ops",
	       "memlimit", "runs", "open", "KDF", "rest", "KDF %", "KDF range");
	for (size_t i = 0; i < nk; i++) {
		const struct kdf_result *r = &k[i];
		double rest = r->open_med - r->kdf_med;
		int in_noise = (rest < 0 ? -rest : rest) < r->kdf_max - r->kdf_min;

		noisy |= in_noise;
		printf("   %-12s %4" PRIu64 " %10s %5d %11s %11s %10s%s %6.1f%%   %s..%s\n",
		       r->label, r->kdf.opslimit, fmt_bytes((double)r->kdf.memlimit, a),
		       r->reps, fmt_time(r->open_med, b), fmt_time(r->kdf_med, c),
		       fmt_time(rest, d), in_noise ? "*" : " ",
		       r->open_med > 0 ? 100.0 * r->kdf_med / r->open_med : 0.0,
		       fmt_time(r->kdf_min, e), fmt_time(r->kdf_max, f));
	}
	if (noisy)
		printf("\n   * smaller than the KDF's own run-to-run spread: within noise.\n");
	printf("   With the minimum level the KDF is negligible, so its \"rest\" is the\n"
	       "   direct cost of everything else in opening an empty vault.\n\n");
}

static void
print_save(const struct size_result *s, size_t ns)
{
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32];

	printf("2. Saving one new %d KiB object: vault_put (object written + fsync) +\n"
	       "   vault_save (index rewritten + fsync + rename); median of %d saves\n\n",
	       OBJ_SIZE / 1024, SAVE_REPS);
	printf("   %8s %10s %10s %10s %10s %12s %12s %14s\n", "objects", "put",
	       "save", "put+save", "slowest", "write()/save", "disk/save",
	       "object+index");
	for (size_t i = 0; i < ns; i++) {
		const struct size_result *r = &s[i];
		printf("   %8s %10s %10s %10s %10s %12s %12s %14s\n",
		       group(r->n, a), fmt_time(r->put_med, b),
		       fmt_time(r->save_med, c), fmt_time(r->total_med, d),
		       fmt_time(r->total_max, e),
		       fmt_bytes(r->io_ok ? r->wchar_med : -1, f),
		       fmt_bytes(r->io_ok ? r->wbytes_med : -1, g),
		       fmt_bytes((double)(r->object_file + r->index_after), h));
	}
	printf("\n   write()/save: wchar from /proc/self/io (bytes passed to write);\n"
	       "   disk/save: write_bytes (page-granular, excludes the file-system journal);\n"
	       "   object+index: size of the new object file + the index after the saves.\n");
	for (size_t i = 0; i < ns; i++) {
		const struct size_result *r = &s[i];
		if (r->io_ok)
			printf("   %s objects: write() per save %s..%s, against %s held by\n"
			       "   the objects already stored: only the new object and the index are written.\n",
			       group(r->n, a), fmt_bytes(r->wchar_min, b),
			       fmt_bytes(r->wchar_max, c),
			       fmt_bytes((double)r->n * (double)r->object_file, e));
	}
	printf("\n");
}

static void
print_open(const struct size_result *s, size_t ns, double kdf_min_s)
{
	char a[32], b[32], c[32], d[32], e[32], f[32];

	printf("3. Open and index load against vault size: vault_open (VAULT_READ),\n"
	       "   MINIMUM KDF (a crypto_pwhash of its own takes %s: negligible);\n"
	       "   median of %d runs\n\n",
	       fmt_time(kdf_min_s, a), OPEN_REPS);
	printf("   %8s %12s %10s %10s %10s %12s\n", "objects", "index file",
	       "open", "fastest", "slowest", "per object");
	for (size_t i = 0; i < ns; i++) {
		const struct size_result *r = &s[i];
		printf("   %8s %12s %10s %10s %10s %12s\n", group(r->n, a),
		       fmt_bytes((double)r->index_size, b), fmt_time(r->open_med, c),
		       fmt_time(r->open_min, d), fmt_time(r->open_max, e),
		       fmt_time(r->open_med / (double)r->n, f));
	}
	printf("\n");
}

static void
print_memory(const struct size_result *s, size_t ns, long self_maxrss,
             long children_maxrss, long hwm_kdf, long hwm_sizes)
{
	char a[32], b[32], c[32], d[32], e[32];

	printf("4. Peak memory (resident set)\n\n"
	       "   One vault_open in a forked child (RSS before = pages shared from\n"
	       "   this process; peak = VmHWM after resetting it; ru_maxrss from wait4):\n\n");
	printf("   %8s %12s %12s %12s %14s\n", "objects", "RSS before",
	       "peak in open", "growth", "ru_maxrss");
	for (size_t i = 0; i < ns; i++) {
		const struct size_result *r = &s[i];
		int known = r->child_rss_before >= 0 && r->child_hwm >= 0;
		printf("   %8s %12s %12s %12s %14s\n", group(r->n, a),
		       fmt_bytes(known ? (double)r->child_rss_before * 1024 : -1, b),
		       fmt_bytes(known ? (double)r->child_hwm * 1024 : -1, c),
		       fmt_bytes(known ? (double)(r->child_hwm - r->child_rss_before) * 1024 : -1, d),
		       fmt_bytes(r->child_maxrss >= 0 ? (double)r->child_maxrss * 1024 : -1, e));
	}
	printf("\n   This process, peak RSS (VmHWM) per phase:\n"
	       "     unlock measurements (KDF memlimit up to 256 MiB)   %s\n"
	       "     building, opening and saving the vaults            %s\n",
	       fmt_bytes(hwm_kdf >= 0 ? (double)hwm_kdf * 1024 : -1, a),
	       fmt_bytes(hwm_sizes >= 0 ? (double)hwm_sizes * 1024 : -1, b));
	printf("   getrusage(RUSAGE_SELF) ru_maxrss over the whole run %s; largest child %s\n\n",
	       fmt_bytes((double)self_maxrss * 1024, a),
	       fmt_bytes((double)children_maxrss * 1024, b));
}

static void
print_build(const struct size_result *s, size_t ns)
{
	char a[32], b[32], c[32], d[32];

	printf("Setup: building each vault (N x vault_put, each object written and\n"
	       "fsync()ed with its directory, then one vault_save), MINIMUM KDF\n\n");
	printf("   %8s %12s %10s %12s %10s\n", "objects", "written", "time",
	       "per object", "MiB/s");
	for (size_t i = 0; i < ns; i++) {
		const struct size_result *r = &s[i];
		printf("   %8s %12s %10s %12s %10.1f\n", group(r->n, a),
		       fmt_bytes(r->build_bytes, b), fmt_time(r->build_s, c),
		       fmt_time(r->build_s / (double)r->n, d),
		       r->build_bytes > 0 && r->build_s > 0
		       ? r->build_bytes / r->build_s / (1024.0 * 1024) : 0.0);
	}
	printf("\n");
}

int
main(int argc, char **argv)
{
	static const size_t all_sizes[MAX_SIZES] = {100, 1000, 10000};
	struct cairn_error err = {0};
	struct cairn_secret *pass;
	struct kdf_result kdf[3];
	struct size_result sizes[MAX_SIZES];
	struct rusage ru_kdf, ru_self, ru_children;
	size_t nsizes = MAX_SIZES;
	int quick = 0;
	double t_start, t_end;
	long hwm_kdf, hwm_sizes = -1;
	char a[32];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			quick = 1;
		} else {
			fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
			return 2;
		}
	}
	if (quick)
		nsizes = 2;
	if (cairn_init(&err) != CAIRN_OK)
		fail("cairn_init", &err);
	if (atexit(cleanup_tmp) != 0)
		fail("atexit", NULL);
	pass = secret_new();
	if (pass == NULL)
		fail("secret_new", NULL);
	memcpy(pass->data, passphrase, sizeof passphrase - 1);
	pass->len = sizeof passphrase - 1;
	pass->data[pass->len] = '\0';

	t_start = now();
	fprintf(stderr, "bench_vault: %s run, temporary vaults under %s\n",
	        quick ? "quick" : "full", tmp_root());
	bench_kdf(VAULT_KDF_MODERATE, "moderate", quick ? 3 : 7, pass, &kdf[0]);
	bench_kdf(VAULT_KDF_INTERACTIVE, "interactive", 9, pass, &kdf[1]);
	bench_kdf(VAULT_KDF_MINIMUM, "minimum", 9, pass, &kdf[2]);
	/* resetting VmHWM also resets ru_maxrss: keep the figure first */
	getrusage(RUSAGE_SELF, &ru_kdf);
	hwm_kdf = status_kib("VmHWM:");
	if (reset_hwm() < 0)
		hwm_kdf = -1;
	for (size_t i = 0; i < nsizes; i++)
		bench_size(all_sizes[i], pass, &sizes[i]);
	if (hwm_kdf >= 0)
		hwm_sizes = status_kib("VmHWM:");
	secret_free(pass);
	getrusage(RUSAGE_SELF, &ru_self);
	getrusage(RUSAGE_CHILDREN, &ru_children);
	t_end = now();

	printf("\ncairn vault benchmark (%s run): objects of %d KiB random bytes,\n"
	       "libsodium %s, %ld CPUs online, vaults under %s\n\n",
	       quick ? "quick" : "full", OBJ_SIZE / 1024, sodium_version_string(),
	       sysconf(_SC_NPROCESSORS_ONLN), tmp_root());
	print_kdf(kdf, 3);
	print_save(sizes, nsizes);
	print_open(sizes, nsizes, kdf[2].kdf_med);
	print_memory(sizes, nsizes,
	             ru_kdf.ru_maxrss > ru_self.ru_maxrss ? ru_kdf.ru_maxrss
	                                                  : ru_self.ru_maxrss,
	             ru_children.ru_maxrss,
	             hwm_kdf, hwm_sizes);
	print_build(sizes, nsizes);
	printf("Wall time of the whole benchmark: %s\n", fmt_time(t_end - t_start, a));
	return 0;
}

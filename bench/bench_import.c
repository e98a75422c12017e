/* bench_import — figures for import and listing, never pass/fail.
 *
 * Makes 10,000 distinct credentials of mixed formats (Open Badges 3.0 and
 * VC 1.1 JSON, Open Badges 2.0 assertions, VC-JWTs, baked PNGs) as files
 * in a temporary folder, imports them all into an empty vault through the
 * same core calls `cairn import` makes, then times `cairn list`, a filter
 * and a free-text search — in process and as the real program — with the
 * peak memory of each phase.
 *
 * Usage: bench_import [--quick] [CAIRN]   (--quick: 1,000 credentials;
 * CAIRN: the program to time, default ./cairn) */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include "collection.h"
#include "fsutil.h"
#include "import/files.h"
#include "secret.h"
#include "vault.h"

static const char passphrase[] = "bench passphrase";

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static const char *const issuers[] = {"Fjord University", "Northwind Academy",
                                      "Open Skills Lab", "Coastal College",
                                      "Data Guild"};
static const char *const topics[] = {"SQL", "Statistics", "Python", "Welding",
                                     "French", "Networking", "Project Management",
                                     "Cloud", "Ethics", "Design"};

static int
vc_json(char *buf, size_t cap, unsigned i, int v2)
{
	return snprintf(buf, cap,
		"{\"@context\":[\"%s\",\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
		"\"id\":\"urn:uuid:bench-%u\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
		"\"name\":\"%s %u\",\"issuer\":{\"id\":\"did:web:issuer%u.example\",\"type\":[\"Profile\"],\"name\":\"%s\"},"
		"\"%s\":\"20%02u-%02u-%02uT00:00:00Z\",\"credentialSubject\":{\"id\":\"did:example:learner\","
		"\"type\":[\"AchievementSubject\"],\"creditsEarned\":%u,\"achievement\":{\"id\":\"https://issuer%u.example/a/%u\","
		"\"type\":[\"Achievement\"],\"name\":\"%s %u\",\"description\":\"A course in %s, level %u, with a description long enough to be typical of real badges that explain what was learned and how it was assessed.\","
		"\"criteria\":{\"narrative\":\"Passed the final assessment.\"},\"tag\":[\"%s\",\"level-%u\"],"
		"\"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"%s\",\"targetFramework\":\"ESCO\",\"targetUrl\":\"http://data.europa.eu/esco/skill/%u\"}]}}}",
		v2 ? "https://www.w3.org/ns/credentials/v2" : "https://www.w3.org/2018/credentials/v1",
		i, topics[i % 10], i, i % 5, issuers[i % 5], v2 ? "validFrom" : "issuanceDate",
		10 + i % 15, 1 + i % 12, 1 + i % 28, 1 + i % 10, i % 5, i, topics[i % 10], i,
		topics[i % 10], 1 + i % 8, topics[i % 10], 1 + i % 8, topics[i % 10], i);
}

static int
ob2_json(char *buf, size_t cap, unsigned i)
{
	return snprintf(buf, cap,
		"{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\",\"id\":\"https://issuer.example/assertions/%u\","
		"\"recipient\":{\"type\":\"email\",\"hashed\":false,\"identity\":\"learner@example.org\"},"
		"\"issuedOn\":\"2019-%02u-%02uT00:00:00Z\",\"verification\":{\"type\":\"hosted\"},"
		"\"badge\":{\"type\":\"BadgeClass\",\"id\":\"https://issuer.example/badges/%u\",\"name\":\"%s badge %u\","
		"\"description\":\"An Open Badges 2.0 badge.\",\"image\":\"https://issuer.example/b.png\",\"criteria\":{\"narrative\":\"Do it.\"},"
		"\"tags\":[\"%s\"],\"issuer\":{\"type\":\"Profile\",\"id\":\"https://issuer.example\",\"name\":\"%s\"}}}",
		i, 1 + i % 12, 1 + i % 28, i, topics[i % 10], i, topics[i % 10], issuers[i % 5]);
}

static char *
b64url(const void *data, size_t len)
{
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(cap);

	sodium_bin2base64(out, cap, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static size_t
jwt_text(char *buf, size_t cap, unsigned i)
{
	char payload[4096], inner[3500];
	unsigned char sig[64];
	char *h, *p, *s;
	size_t n;

	vc_json(inner, sizeof inner, i, 0);
	snprintf(payload, sizeof payload, "{\"vc\":%s,\"iss\":\"did:web:issuer%u.example\",\"nbf\":%u,\"jti\":\"urn:uuid:bench-%u\"}",
	         inner, i % 5, 1262304000u + i, i);
	randombytes_buf(sig, sizeof sig);
	h = b64url("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", 27);
	p = b64url(payload, strlen(payload));
	s = b64url(sig, sizeof sig);
	n = (size_t)snprintf(buf, cap, "%s.%s.%s\n", h, p, s);
	free(h);
	free(p);
	free(s);
	return n;
}

static void
put_chunk(unsigned char **w, const char *type, const unsigned char *data, uint32_t len)
{
	unsigned char *p = *w;
	uLong crc;

	p[0] = (unsigned char)(len >> 24);
	p[1] = (unsigned char)(len >> 16);
	p[2] = (unsigned char)(len >> 8);
	p[3] = (unsigned char)len;
	memcpy(p + 4, type, 4);
	memcpy(p + 8, data, len);
	crc = crc32(0, p + 4, len + 4);
	p[8 + len] = (unsigned char)(crc >> 24);
	p[9 + len] = (unsigned char)(crc >> 16);
	p[10 + len] = (unsigned char)(crc >> 8);
	p[11 + len] = (unsigned char)crc;
	*w = p + 12 + len;
}

/* A 1x1 PNG with the credential baked into an iTXt chunk (OB 3.0). */
static size_t
baked_png(unsigned char *buf, unsigned i)
{
	static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
	unsigned char text[4096], idat[64], raw[2] = {0, 0x80};
	uLongf zl = sizeof idat;
	unsigned char *w = buf;
	int n;

	memcpy(w, "\x89PNG\r\n\x1a\n", 8);
	w += 8;
	put_chunk(&w, "IHDR", ihdr, 13);
	memcpy(text, "openbadgecredential\0\0\0\0\0", 24);
	n = vc_json((char *)text + 24, sizeof text - 24, i, 1);
	put_chunk(&w, "iTXt", text, (uint32_t)(24 + n));
	compress(idat, &zl, raw, 2);
	put_chunk(&w, "IDAT", idat, (uint32_t)zl);
	put_chunk(&w, "IEND", NULL, 0);
	return (size_t)(w - buf);
}

static void
make_files(const char *dir, unsigned n)
{
	static unsigned char buf[16384];

	for (unsigned i = 0; i < n; i++) {
		char path[512];
		size_t len;
		switch (i % 10) {
		case 0: case 1: case 2: case 3:
			len = (size_t)vc_json((char *)buf, sizeof buf, i, 1);
			snprintf(path, sizeof path, "%s/%05u-ob3.json", dir, i);
			break;
		case 4: case 5:
			len = (size_t)vc_json((char *)buf, sizeof buf, i, 0);
			snprintf(path, sizeof path, "%s/%05u-vc1.json", dir, i);
			break;
		case 6:
			len = (size_t)ob2_json((char *)buf, sizeof buf, i);
			snprintf(path, sizeof path, "%s/%05u-ob2.json", dir, i);
			break;
		case 7: case 8:
			len = jwt_text((char *)buf, sizeof buf, i);
			snprintf(path, sizeof path, "%s/%05u.jwt", dir, i);
			break;
		default:
			len = baked_png(buf, i);
			snprintf(path, sizeof path, "%s/%05u.png", dir, i);
			break;
		}
		write_file(path, buf, len);
	}
}

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Runs the phase in a child, so each phase's peak memory is its own. */
static void
phase(const char *name, void (*fn)(void *), void *ctx)
{
	pid_t pid;
	int status;
	struct rusage ru;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn(ctx);
		fflush(stdout);
		_exit(0);
	}
	wait4(pid, &status, 0, &ru);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("  %s: FAILED (status %d)\n", name, status);
	printf("  %-44s peak memory %6.1f MiB\n", "", (double)ru.ru_maxrss / 1024.0);
}

struct bench {
	char *files, *vault;
	unsigned n;
	char *cairn;
};

static struct vault *
open_vault(struct bench *b, enum vault_mode mode)
{
	struct cairn_secret *s = secret_new();
	struct cairn_error err = {0};
	struct vault *v;

	memcpy(s->data, passphrase, sizeof passphrase - 1);
	s->len = sizeof passphrase - 1;
	if (vault_open(b->vault, s, mode, &v, &err) != CAIRN_OK) {
		fprintf(stderr, "open: %s\n", err.msg);
		exit(1);
	}
	secret_free(s);
	return v;
}

static void
do_import(void *ctx)
{
	struct bench *b = ctx;
	struct cairn_error err = {0};
	struct vault *v = open_vault(b, VAULT_WRITE);
	struct collection *c;
	char **paths;
	size_t np, added = 0;
	double t0 = now(), t1;

	collection_open(v, &c, &err);
	if (import_expand_path(b->files, &paths, &np, &err) != CAIRN_OK) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	for (size_t i = 0; i < np; i++) {
		unsigned char *data;
		size_t len;
		struct import_outcome o;
		if (import_read_path(paths[i], &data, &len, &err) != CAIRN_OK ||
		    collection_import(c, data, len, paths[i], &o, &err) != CAIRN_OK) {
			fprintf(stderr, "%s: %s\n", paths[i], err.msg);
			exit(1);
		}
		added += o.n;
		import_outcome_clear(&o);
		free(data);
	}
	if (collection_save(c, &err) != CAIRN_OK) {
		fprintf(stderr, "save: %s\n", err.msg);
		exit(1);
	}
	t1 = now();
	printf("  import %zu files (%zu credentials)            %8.2f s  (%.0f per second)\n",
	       np, added, t1 - t0, (double)added / (t1 - t0));
	import_paths_free(paths, np);
	collection_free(c);
	vault_close(v);
}

static void
do_list(void *ctx)
{
	struct bench *b = ctx;
	struct cairn_error err = {0};
	struct vault *v;
	struct collection *c;
	size_t *idx, n, *shortlen;
	double t0 = now(), t1, t2, t3, t4, t5;
	FILE *null = fopen("/dev/null", "w");
	cJSON *arr;
	char *text;

	v = open_vault(b, VAULT_READ);
	collection_open(v, &c, &err);
	t1 = now();
	collection_select(c, NULL, SORT_DATE, time(NULL), &idx, &n, &err);
	shortlen = collection_short_lengths(c);
	arr = cJSON_CreateArray();
	for (size_t k = 0; k < n; k++)
		cJSON_AddItemToArray(arr, collection_list_entry(c, idx[k], shortlen[idx[k]], time(NULL)));
	text = cJSON_Print(arr);
	fputs(text, null);
	t2 = now();
	free(text);
	cJSON_Delete(arr);
	free(idx);
	collection_select(c, "issuer:fjord tag:sql", SORT_NONE, time(NULL), &idx, &n, &err);
	t3 = now();
	free(idx);
	collection_select(c, "statistics", SORT_TITLE, time(NULL), &idx, &n, &err);
	t4 = now();
	free(idx);
	collection_select(c, "skill:esco/skill/4242", SORT_NONE, time(NULL), &idx, &n, &err);
	t5 = now();
	printf("  open vault + load %zu records (minimum KDF)     %8.2f ms\n",
	       collection_count(c), (t1 - t0) * 1e3);
	printf("  list --json --sort date (select, sort, print)  %8.2f ms\n", (t2 - t1) * 1e3);
	printf("  filter \"issuer:fjord tag:sql\"                  %8.2f ms\n", (t3 - t2) * 1e3);
	printf("  free text \"statistics\", sorted by title        %8.2f ms\n", (t4 - t3) * 1e3);
	printf("  filter \"skill:…\" (one match)                   %8.2f ms  (%zu)\n", (t5 - t4) * 1e3, n);
	free(idx);
	free(shortlen);
	fclose(null);
	collection_free(c);
	vault_close(v);
}

static void
run_cli(struct bench *b, const char *label, char *const argv[])
{
	double t0 = now();
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, STDOUT_FILENO);
		execv(b->cairn, argv);
		_exit(127);
	}
	wait4(pid, &status, 0, &ru);
	printf("  %-44s %8.2f ms  peak memory %6.1f MiB%s\n", label, (now() - t0) * 1e3,
	       (double)ru.ru_maxrss / 1024.0,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : "  (FAILED)");
}

int
main(int argc, char **argv)
{
	static char default_cairn[] = "./cairn";
	struct bench b = {NULL, NULL, 10000, default_cairn};
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct vault *v;
	struct cairn_secret *s;
	char tmpl[] = "/tmp/cairn-bench-import-XXXXXX", pwfile[600];
	double t0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			b.n = 1000;
		else
			b.cairn = argv[i];
	}
	if (cairn_init(&err) != CAIRN_OK || mkdtemp(tmpl) == NULL)
		return 1;
	b.files = fs_join(tmpl, "files");
	b.vault = fs_join(tmpl, "vault");
	mkdir(b.files, 0700);
	printf("cairn import and list benchmark: %u credentials (40%% OB 3.0 JSON,\n"
	       "20%% VC 1.1 JSON, 10%% OB 2.0 JSON, 20%% VC-JWT, 10%% baked PNG), one file each\n\n",
	       b.n);
	t0 = now();
	make_files(b.files, b.n);
	printf("  (made the files in %.2f s)\n", now() - t0);

	s = secret_new();
	memcpy(s->data, passphrase, sizeof passphrase - 1);
	s->len = sizeof passphrase - 1;
	vault_kdf_for_level(VAULT_KDF_MINIMUM, &kdf);
	if (vault_create(b.vault, s, &kdf, &v, &err) != CAIRN_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	vault_close(v);
	secret_free(s);

	printf("\nIn process (the core calls the commands make):\n");
	phase("import", do_import, &b);
	phase("list", do_list, &b);

	snprintf(pwfile, sizeof pwfile, "%s/pw", tmpl);
	write_file(pwfile, passphrase, sizeof passphrase - 1);
	if (access(b.cairn, X_OK) == 0) {
		char *list[] = {b.cairn, "--vault", b.vault, "--passphrase-file", pwfile, "list", NULL};
		char *json[] = {b.cairn, "--vault", b.vault, "--passphrase-file", pwfile, "list", "--json", "--sort", "date", NULL};
		char *filt[] = {b.cairn, "--vault", b.vault, "--passphrase-file", pwfile, "list", "--filter", "issuer:fjord tag:sql", NULL};
		printf("\nThe program (%s), whole runs including start-up:\n", b.cairn);
		run_cli(&b, "cairn list", list);
		run_cli(&b, "cairn list --json --sort date", json);
		run_cli(&b, "cairn list --filter 'issuer:fjord tag:sql'", filt);
	} else {
		printf("\n(%s not found: program timings skipped)\n", b.cairn);
	}
	printf("\nThis process's own peak memory: %.1f MiB\n", (double)peak_kib() / 1024.0);
	fs_remove_tree(tmpl);
	free(b.files);
	free(b.vault);
	return 0;
}

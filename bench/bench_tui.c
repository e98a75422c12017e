/* bench_tui — figures for the terminal interface, never pass/fail.
 *
 * For collections of 1,000 and 10,000 credentials (unsigned VC 2.0 JSON
 * with varied titles, issuers and dates, imported through the core as
 * `cairn import` does):
 *   - unlock to first screen: the real program run in its CAIRN_SCRIPT
 *     mode (curses drawing to /dev/null): the passphrase typed, the vault
 *     opened, the collection and pathways loaded, the list built and the
 *     first screen drawn and dumped; the key derivation measured apart and
 *     taken off (the vault uses the minimum KDF, so it is small anyway);
 *   - one scroll step and one search keystroke: the same program given
 *     2,000 extra keys, the difference divided by 2,000 (each key includes
 *     its full redraw); and in process, the view model alone.
 * Usage: bench_tui [CAIRN]   (default ./cairn) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collection.h"
#include "fsutil.h"
#include "model.h"
#include "secret.h"
#include "vault.h"

static const char passphrase[] = "bench passphrase";
#define EXTRA_KEYS 2000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const issuers[] = {"Fjord University", "Northwind Academy",
                                      "Open Skills Lab", "Coastal College",
                                      "Data Guild"};
static const char *const topics[] = {
    "SQL",        "Statistics",         "Python", "Welding", "French",
    "Networking", "Project Management", "Ethics"};

static char *
make_array(size_t n)
{
	size_t cap = n * 600 + 16, at = 0;
	char *s = malloc(cap);

	if (s == NULL)
		exit(1);
	at += (size_t)snprintf(s + at, cap - at, "[");
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(
		    s + at, cap - at,
		    "%s{\"@context\":[\"https://www.w3.org/ns/credentials/"
		    "v2\"],"
		    "\"type\":[\"VerifiableCredential\"],"
		    "\"issuer\":{\"id\":\"did:web:i%zu.example\",\"name\":\"%"
		    "s\"},"
		    "\"validFrom\":\"20%02zu-%02zu-%02zuT00:00:00Z\","
		    "\"name\":\"%s %zu\","
		    "\"credentialSubject\":{\"id\":\"did:example:learner\","
		    "\"achievement\":{\"name\":\"%s level %zu\"}}}",
		    i ? "," : "", i % 5, issuers[i % 5], 10 + i % 16,
		    1 + i % 12, 1 + i % 28, topics[i % 8], i, topics[i % 8], i);
	snprintf(s + at, cap - at, "]");
	return s;
}

static void
build_vault(const char *dir, size_t n, double *kdf_ms)
{
	struct cairn_error err = {0};
	struct cairn_secret *s = secret_new();
	struct vault_kdf kdf;
	struct vault *v;
	struct collection *c;
	struct import_outcome o = {0};
	char *arr = make_array(n);
	double t;

	memcpy(s->data, passphrase, sizeof passphrase - 1);
	s->len = sizeof passphrase - 1;
	vault_kdf_for_level(VAULT_KDF_MINIMUM, &kdf);
	if (vault_create(dir, s, &kdf, &v, &err) != CAIRN_OK ||
	    collection_open(v, &c, &err) != CAIRN_OK ||
	    collection_import(c, (unsigned char *)arr, strlen(arr),
	                      "bench.json", &o, &err) != CAIRN_OK ||
	    collection_save(c, &err) != CAIRN_OK) {
		fprintf(stderr, "bench_tui: %s\n", err.msg);
		exit(1);
	}
	import_outcome_clear(&o);
	collection_free(c);
	vault_close(v);
	free(arr);
	/* the key derivation alone: opening an empty vault with the same KDF */
	{
		char empty[4200];
		snprintf(empty, sizeof empty, "%s-empty", dir);
		if (vault_create(empty, s, &kdf, &v, &err) != CAIRN_OK)
			exit(1);
		vault_close(v);
		t = now();
		for (int i = 0; i < 20; i++) {
			if (vault_open(empty, s, VAULT_READ, &v, &err) !=
			    CAIRN_OK)
				exit(1);
			vault_close(v);
		}
		*kdf_ms = (now() - t) * 1000 / 20;
	}
	secret_free(s);
}

/* Runs cairn on the vault with a script; returns the wall time in ms
 * (the median of five runs). */
static double
run_script(const char *cairn, const char *dir, const char *script,
           const char *tmp)
{
	char path[4096], cmd[16384];
	double t[5];
	FILE *f;

	snprintf(path, sizeof path, "%s/script", tmp);
	f = fopen(path, "w");
	if (f == NULL || fputs(script, f) < 0 || fclose(f) != 0)
		exit(1);
	snprintf(cmd, sizeof cmd,
	         "CAIRN_SCRIPT='%s' CAIRN_SCRIPT_SIZE=80x24 "
	         "CAIRN_NOW=2026-11-29T12:00:00Z "
	         "XDG_CONFIG_HOME='%s' LC_ALL=C.UTF-8 CAIRN_PASSPHRASE_FILE= "
	         "'%s' --vault '%s' >/dev/null",
	         path, tmp, cairn, dir);
	for (int i = 0; i < 5; i++) {
		double t0 = now();
		int rc = system(cmd);
		if (rc != 0) {
			fprintf(stderr, "bench_tui: %s failed (%d)\n", cairn,
			        rc);
			exit(1);
		}
		t[i] = (now() - t0) * 1000;
	}
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			if (t[j] < t[i]) {
				double x = t[i];
				t[i] = t[j];
				t[j] = x;
			}
	return t[2];
}

static char *
script_with(const char *keys_line, int repeat)
{
	size_t cap = 256 + (size_t)repeat * (strlen(keys_line) + 1);
	char *s = malloc(cap);
	size_t at;

	if (s == NULL)
		exit(1);
	at = (size_t)snprintf(s, cap, "type %s\nkey enter\n", passphrase);
	for (int i = 0; i < repeat; i++)
		at += (size_t)snprintf(s + at, cap - at, "%s\n", keys_line);
	snprintf(s + at, cap - at, "dump\n");
	return s;
}

static void
in_process(const char *dir, size_t n)
{
	struct cairn_error err = {0};
	struct cairn_secret *s = secret_new();
	struct vault *v;
	struct collection *c;
	struct badges_model m = {0};
	double t0, t_open, t_coll, t_model, t_step, t_hit, t_miss, t_typed;
	volatile long sink = 0;
	time_t when = 1795000000;

	memcpy(s->data, passphrase, sizeof passphrase - 1);
	s->len = sizeof passphrase - 1;
	t0 = now();
	if (vault_open(dir, s, VAULT_READ, &v, &err) != CAIRN_OK)
		exit(1);
	t_open = now();
	if (collection_open(v, &c, &err) != CAIRN_OK)
		exit(1);
	t_coll = now();
	if (badges_model_build(&m, c, NULL, SORT_DATE, when, &err) != CAIRN_OK)
		exit(1);
	t_model = now();
	printf("  in process, %5zu: open vault (incl. KDF) %7.2f ms, "
	       "collection %7.2f ms, list model %7.2f ms\n",
	       n, (t_open - t0) * 1000, (t_coll - t_open) * 1000,
	       (t_model - t_coll) * 1000);
	t0 = now();
	for (int i = 0; i < 1000000; i++)
		listv_move(&m.lv, i % 2 ? -1 : 1, 22);
	t_step = (now() - t0) * 1e9 / 1000000;
	/* a match three rows below the cursor: what typing a title costs */
	{
		char near[64];
		m.lv.cur = 0;
		snprintf(near, sizeof near, "%s",
		         badges_model_row(&m, 3)->title);
		t0 = now();
		for (int i = 0; i < 10000; i++)
			sink += badges_model_search(&m, near, m.lv.cur, 1);
		t_hit = (now() - t0) * 1e9 / 10000;
	}
	t0 = now();
	for (int i = 0; i < 200; i++)
		sink += badges_model_search(&m, "no such badge", 0, 1);
	t_miss = (now() - t0) * 1e9 / 200;
	t0 = now();
	(void)badges_model_search_typed(&m, "no such", 0);
	for (int i = 0; i < 10000; i++)
		sink += badges_model_search_typed(&m, "no such badge", 0);
	t_typed = (now() - t0) * 1e9 / 10000;
	printf("  in process, %5zu: scroll step %6.0f ns; search keystroke: "
	       "match 3 rows on %6.0f ns, "
	       "first miss (scans all) %10.0f ns, later misses %6.0f ns\n",
	       n, t_step, t_hit, t_miss, t_typed);
	(void)sink;
	badges_model_clear(&m);
	collection_free(c);
	vault_close(v);
	secret_free(s);
}

int
main(int argc, char **argv)
{
	const char *cairn = argc > 1 ? argv[1] : "./cairn";
	const size_t sizes[] = {1000, 10000};
	struct cairn_error err = {0};
	char tmpl[] = "/tmp/cairn-bench-tui-XXXXXX";

	if (cairn_init(&err) != CAIRN_OK || mkdtemp(tmpl) == NULL)
		return 1;
	printf("bench_tui: the terminal interface (80x24, curses drawing to "
	       "/dev/null)\n");
	for (size_t k = 0; k < 2; k++) {
		char dir[4096];
		double kdf, base, first, scroll, hit, miss;
		char *s;

		snprintf(dir, sizeof dir, "%s/v%zu", tmpl, sizes[k]);
		build_vault(dir, sizes[k], &kdf);
		s = script_with("", 0);
		first = run_script(cairn, dir, s, tmpl);
		free(s);
		/* the program with nothing to show: start-up and a quit, for
		 * scale */
		s = strdup("dump\n");
		base = run_script(cairn, dir, s, tmpl);
		free(s);
		s = script_with("key j", EXTRA_KEYS);
		scroll = run_script(cairn, dir, s, tmpl);
		free(s);
		/* "/", then a letter and Backspace, again and again: each
		 * keystroke re-runs the incremental search from the start row
		 */
		s = script_with("key /\ntype s\nkey backspace\nkey esc",
		                EXTRA_KEYS / 4);
		hit = run_script(cairn, dir, s, tmpl);
		free(s);
		s = script_with("key /\ntype #\nkey backspace\nkey esc",
		                EXTRA_KEYS / 4);
		miss = run_script(cairn, dir, s, tmpl);
		free(s);
		printf("%5zu credentials: unlock to first screen %7.1f ms "
		       "(program total, median of 5; "
		       "KDF %.2f ms taken off; start-up before the prompt %.1f "
		       "ms included)\n",
		       sizes[k], first - kdf, kdf, base);
		printf("%5zu credentials: one scroll step %6.3f ms; one search "
		       "keystroke %6.3f ms (match near the top), "
		       "%6.3f ms (no match: a full scan)   [each with its "
		       "redraw]\n",
		       sizes[k], (scroll - first) / EXTRA_KEYS,
		       (hit - first) / EXTRA_KEYS, (miss - first) / EXTRA_KEYS);
		in_process(dir, sizes[k]);
	}
	if (getenv("BENCH_TUI_KEEP") != NULL) {
		printf("kept %s\n", tmpl);
		return 0;
	}
	{
		char cmd[4200];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}

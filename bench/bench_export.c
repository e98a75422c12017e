/* bench_export — what an export costs, never pass/fail.
 *
 * Builds a throwaway vault (minimum key derivation) holding N signed Open
 * Badges 3.0 credentials (eddsa-jcs-2022, one did:key issuer each), then
 * for N = 10, 100 and 1,000 and each holder suite (eddsa-rdfc-2022, the
 * default, and eddsa-jcs-2022), five runs each: signing a bundle of all N
 * (export_presentation: reading every credential from the vault and the
 * holder's proof), verifying it as a stranger would
 * (presentation_verify: the holder proof and every credential's verdict),
 * and rendering the HTML page (export_html, verdicts included).  Prints
 * the median and best run and the bundle's size.
 *
 * Usage: bench_export [--quick]   (--quick: N = 10 and 100)
 * The RDF suite needs the contexts: run with CAIRN_DATA_DIR=data. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "collection.h"
#include "export.h"
#include "export_render.h"
#include "fsutil.h"
#include "verify/dataintegrity.h"
#include "verify/keys.h"
#include "verify/presentation.h"

#define RUNS 5

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, const struct cairn_error *err)
{
	fprintf(stderr, "bench_export: %s: %s\n", what, err->msg);
	exit(1);
}

static char *
credential(size_t i)
{
	unsigned char pk[32], sk[64], mc[34] = {0xed, 0x01};
	char did[128], vm[256], name[64], *mb, *text;
	cJSON *c = cJSON_CreateObject(), *ctx, *t, *s, *a,
	      *opts = cJSON_CreateObject(), *proof;
	struct cairn_error err = {0};

	crypto_sign_keypair(pk, sk);
	memcpy(mc + 2, pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	snprintf(did, sizeof did, "did:key:%s", mb);
	snprintf(vm, sizeof vm, "%s#%s", did, mb);
	free(mb);
	snprintf(name, sizeof name, "Micro-credential %zu", i);
	ctx = cJSON_AddArrayToObject(c, "@context");
	cJSON_AddItemToArray(
	    ctx, cJSON_CreateString("https://www.w3.org/ns/credentials/v2"));
	cJSON_AddItemToArray(
	    ctx,
	    cJSON_CreateString(
	        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
	t = cJSON_AddArrayToObject(c, "type");
	cJSON_AddItemToArray(t, cJSON_CreateString("VerifiableCredential"));
	cJSON_AddItemToArray(t, cJSON_CreateString("OpenBadgeCredential"));
	cJSON_AddStringToObject(c, "name", name);
	s = cJSON_AddObjectToObject(c, "issuer");
	cJSON_AddStringToObject(s, "id", did);
	cJSON_AddStringToObject(s, "type", "Profile");
	cJSON_AddStringToObject(s, "name", "Bench University");
	cJSON_AddStringToObject(c, "validFrom", "2025-03-01T00:00:00Z");
	s = cJSON_AddObjectToObject(c, "credentialSubject");
	cJSON_AddStringToObject(s, "type", "AchievementSubject");
	a = cJSON_AddObjectToObject(s, "achievement");
	cJSON_AddStringToObject(a, "type", "Achievement");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(
	    a, "description",
	    "A course of five ECTS with an assessed project.");
	cJSON_AddStringToObject(opts, "created", "2025-03-01T00:00:00Z");
	cJSON_AddStringToObject(opts, "verificationMethod", vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	if (di_jcs_sign(c, opts, sk, &proof, &err) != CAIRN_OK)
		die("sign", &err);
	cJSON_AddItemToObject(c, "proof", proof);
	cJSON_Delete(opts);
	text = cJSON_PrintUnformatted(c);
	cJSON_Delete(c);
	return text;
}

static void
report(const char *what, size_t n, double *t)
{
	qsort(t, RUNS, sizeof *t, cmp);
	printf("  %-30s N=%-5zu median %9.2f ms   best %9.2f ms   (%.3f ms per "
	       "credential)\n",
	       what, n, t[RUNS / 2] * 1e3, t[0] * 1e3,
	       t[RUNS / 2] * 1e3 / (double)n);
}

int
main(int argc, char **argv)
{
	size_t sizes[] = {10, 100, 1000}, nsizes = 3, have = 0, *idx;
	struct cairn_error err = {0};
	struct vault_kdf kdf;
	struct cairn_secret *pw;
	struct vault *v;
	struct collection *c;
	char tmpl[] = "/tmp/cairn-bench-export-XXXXXX", *dir;

	if (argc > 1 && strcmp(argv[1], "--quick") == 0)
		nsizes = 2;
	if (cairn_init(&err) != CAIRN_OK || mkdtemp(tmpl) == NULL)
		return 1;
	dir = fs_join(tmpl, "vault");
	pw = secret_new();
	memcpy(pw->data, "bench", 5);
	pw->len = 5;
	vault_kdf_for_level(VAULT_KDF_MINIMUM, &kdf);
	if (vault_create(dir, pw, &kdf, &v, &err) != CAIRN_OK ||
	    collection_open(v, &c, &err) != CAIRN_OK)
		die("vault", &err);
	idx = calloc(sizes[nsizes - 1], sizeof *idx);
	printf("bench_export: bundles of N eddsa-jcs-2022 credentials, %d runs "
	       "each;\n"
	       "verify = the holder proof and every credential's verdict\n",
	       RUNS);
	for (size_t k = 0; k < nsizes; k++) {
		size_t n = sizes[k], bytes = 0;
		double ts[RUNS], tv[RUNS], th[RUNS];
		struct export_options o;
		struct verdict *vs = calloc(n, sizeof *vs);

		for (; have < n; have++) {
			char *text = credential(have);
			struct import_outcome out;
			memset(&out, 0, sizeof out);
			if (collection_import(c, (unsigned char *)text,
			                      strlen(text), "bench", &out,
			                      &err) != CAIRN_OK)
				die("import", &err);
			import_outcome_clear(&out);
			free(text);
			idx[have] = have;
		}
		for (int su = 0; su < 2; su++) {
			char label[64];
			memset(&o, 0, sizeof o);
			o.now = time(NULL);
			o.suite =
			    su == 0 ? EXPORT_SUITE_RDFC : EXPORT_SUITE_JCS;
			o.challenge = "bench-nonce";
			o.domain = "bench.example";
			for (int r = 0; r < RUNS; r++) {
				cJSON *vp = NULL;
				char *text, *html = NULL;
				struct presentation_report rep;
				struct verify_ctx ctx;
				double t0 = now();
				if (export_presentation(v, c, idx, n, NULL, &o,
				                        &vp, NULL,
				                        &err) != CAIRN_OK)
					die("export", &err);
				ts[r] = now() - t0;
				text = cJSON_PrintUnformatted(vp);
				bytes = strlen(text);
				memset(&ctx, 0, sizeof ctx);
				ctx.now = o.now;
				ctx.challenge = o.challenge;
				ctx.domain = o.domain;
				t0 = now();
				if (presentation_verify((unsigned char *)text,
				                        bytes, &ctx, &rep,
				                        &err) != CAIRN_OK)
					die("verify", &err);
				tv[r] = now() - t0;
				if (!rep.verified || rep.n != n) {
					fprintf(stderr,
					        "bench_export: the bundle did "
					        "not verify\n");
					return 1;
				}
				for (size_t i = 0; i < n; i++)
					vs[i] = rep.creds[i].verdict;
				presentation_report_clear(&rep);
				t0 = now();
				if (export_html(v, c, idx, n, vs, vp, NULL,
				                o.now, &html, &err) != CAIRN_OK)
					die("html", &err);
				th[r] = now() - t0;
				free(html);
				free(text);
				cJSON_Delete(vp);
			}
			snprintf(label, sizeof label, "sign (%s)", o.suite);
			report(label, n, ts);
			snprintf(label, sizeof label, "verify (%s)", o.suite);
			report(label, n, tv);
			report("render the HTML page", n, th);
			printf("  bundle size: %zu bytes\n", bytes);
		}
		free(vs);
	}
	collection_free(c);
	vault_close(v);
	secret_free(pw);
	fs_remove_tree(tmpl);
	free(dir);
	free(idx);
	return 0;
}

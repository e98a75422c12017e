/* Writes the demo credentials shipped in data/demo from the templates in
 * tests/demo/credentials.json: draws each badge's picture (a 64x64 PNG of
 * simple shapes, embedded as a data: URL), signs with the demo issuers'
 * published keys (eddsa-jcs-2022, or EdDSA for the VC-JWT), spoils the
 * one meant to fail after signing, and writes the DID documents of the
 * issuers the demo trusts.
 *
 *   make_demo TEMPLATES OUTDIR      (writes OUTDIR/credentials, OUTDIR/trust)
 *
 * The output is committed: the demo never needs this program at run time.
 * The keys are derived from phrases printed in data/demo/README; they are
 * public and must never sign anything real. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>
#include <zlib.h>

#include "fsutil.h"
#include "json.h"
#include "verify/dataintegrity.h"
#include "verify/keys.h"

struct demo_key {
	const char *name;
	const char *did_web; /* NULL: the issuer is the did:key itself */
	int trusted;         /* a trust entry is shipped for it */
	char did[128], vm[256];
	unsigned char pk[32], sk[64];
};

static struct demo_key keys[] = {
	{"fjord", "did:web:fjord.example", 1, "", "", {0}, {0}},
	{"harbour", "did:web:trades.harbour.example", 1, "", "", {0}, {0}},
	{"northwind", "did:web:academy.northwind.example", 0, "", "", {0}, {0}},
	{"kestrel", NULL, 0, "", "", {0}, {0}},
};

static void
die(const char *what)
{
	fprintf(stderr, "make_demo: %s\n", what);
	exit(1);
}

static void
keys_derive(void)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct demo_key *k = &keys[i];
		unsigned char seed[32], mc[34] = {0xed, 0x01};
		char phrase[128];
		char *mb;

		snprintf(phrase, sizeof phrase,
		         "cairn demo issuer %s: public, never for real use", k->name);
		crypto_hash_sha256(seed, (const unsigned char *)phrase, strlen(phrase));
		crypto_sign_seed_keypair(k->pk, k->sk, seed);
		memcpy(mc + 2, k->pk, 32);
		mb = multibase_base58btc(mc, sizeof mc);
		if (k->did_web != NULL) {
			snprintf(k->did, sizeof k->did, "%s", k->did_web);
			snprintf(k->vm, sizeof k->vm, "%s#demo-key-1", k->did_web);
		} else {
			snprintf(k->did, sizeof k->did, "did:key:%s", mb);
			snprintf(k->vm, sizeof k->vm, "%s#%s", k->did, mb);
		}
		free(mb);
	}
}

static struct demo_key *
key_find(const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (name != NULL && strcmp(keys[i].name, name) == 0)
			return &keys[i];
	die("unknown key name");
	return NULL;
}

/* ---- pictures ------------------------------------------------------- */

#define SIDE 64
#define SUB 4 /* supersampling per axis */

static double
dabs(double v)
{
	return v < 0 ? -v : v;
}

/* Is (x, y), in [-1, 1] with y downwards, inside the shape of radius r? */
static int
shape_has(const char *shape, double x, double y, double r)
{
	double ax = dabs(x), ay = dabs(y);

	if (strcmp(shape, "circle") == 0)
		return x * x + y * y <= r * r;
	if (strcmp(shape, "ring") == 0)
		return x * x + y * y <= r * r &&
		       x * x + y * y >= (0.62 * r) * (0.62 * r);
	if (strcmp(shape, "diamond") == 0)
		return ax + ay <= r;
	if (strcmp(shape, "square") == 0)
		return ax <= 0.82 * r && ay <= 0.82 * r;
	if (strcmp(shape, "hexagon") == 0) /* pointy top */
		return ax <= 0.866 * r && ay + 0.577 * ax <= r;
	if (strcmp(shape, "shield") == 0) {
		if (y <= 0)
			return ax <= 0.82 * r && y >= -0.9 * r;
		return (ax / (0.82 * r)) * (ax / (0.82 * r)) +
		           (y / r) * (y / r) <=
		       1.0;
	}
	die("unknown shape");
	return 0;
}

static void
hex_rgb(const char *hex, double rgb[3])
{
	unsigned v;

	if (hex == NULL || hex[0] != '#' || sscanf(hex + 1, "%6x", &v) != 1)
		die("colour must be #rrggbb");
	rgb[0] = (v >> 16) & 0xff;
	rgb[1] = (v >> 8) & 0xff;
	rgb[2] = v & 0xff;
}

static void
put_u32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static size_t
png_chunk(unsigned char *out, const char *type, const unsigned char *data,
          size_t len)
{
	put_u32(out, len);
	memcpy(out + 4, type, 4);
	if (len > 0)
		memcpy(out + 8, data, len);
	put_u32(out + 8 + len, crc32(crc32(0L, Z_NULL, 0), out + 4, (uInt)(len + 4)));
	return len + 12;
}

/* A 64x64 RGBA PNG: the outer shape with a darker edge, a mark inside. */
static unsigned char *
picture_png(const cJSON *spec, size_t *len)
{
	const char *shape = json_str(spec, "shape"), *mark = json_str(spec, "mark");
	double fill[3], edge[3], ink[3];
	static unsigned char raw[SIDE * (1 + SIDE * 4)];
	unsigned char ihdr[13] = {0}, *z, *png;
	uLongf zlen = compressBound(sizeof raw);
	size_t o = 0;

	hex_rgb(json_str(spec, "fill"), fill);
	hex_rgb(json_str(spec, "edge"), edge);
	hex_rgb(json_str(spec, "ink"), ink);
	if (shape == NULL || mark == NULL)
		die("a picture needs a shape and a mark");
	for (int y = 0; y < SIDE; y++) {
		unsigned char *row = raw + (size_t)y * (1 + SIDE * 4);
		row[0] = 0;
		for (int x = 0; x < SIDE; x++) {
			double acc[4] = {0, 0, 0, 0};
			for (int sy = 0; sy < SUB; sy++)
				for (int sx = 0; sx < SUB; sx++) {
					double px = ((x + (sx + 0.5) / SUB) / SIDE) * 2 - 1;
					double py = ((y + (sy + 0.5) / SUB) / SIDE) * 2 - 1;
					const double *c = NULL;
					if (shape_has(mark, px, py, 0.42))
						c = ink;
					else if (shape_has(shape, px, py, 0.84))
						c = fill;
					else if (shape_has(shape, px, py, 0.96))
						c = edge;
					if (c != NULL) {
						acc[0] += c[0];
						acc[1] += c[1];
						acc[2] += c[2];
						acc[3] += 1;
					}
				}
			for (int i = 0; i < 3; i++)
				row[1 + x * 4 + i] = (unsigned char)(acc[3] > 0 ? acc[i] / acc[3] + 0.5 : 0);
			row[1 + x * 4 + 3] = (unsigned char)(acc[3] * 255 / (SUB * SUB) + 0.5);
		}
	}
	put_u32(ihdr, SIDE);
	put_u32(ihdr + 4, SIDE);
	ihdr[8] = 8; /* bit depth */
	ihdr[9] = 6; /* RGBA */
	z = malloc(zlen);
	if (z == NULL || compress2(z, &zlen, raw, sizeof raw, 9) != Z_OK)
		die("cannot compress the picture");
	png = malloc(8 + 25 + zlen + 12 + 12);
	if (png == NULL)
		die("out of memory");
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	o = 8;
	o += png_chunk(png + o, "IHDR", ihdr, sizeof ihdr);
	o += png_chunk(png + o, "IDAT", z, zlen);
	o += png_chunk(png + o, "IEND", NULL, 0);
	free(z);
	*len = o;
	return png;
}

static char *
data_url(const unsigned char *png, size_t len)
{
	size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(n + 32);

	if (s == NULL)
		die("out of memory");
	strcpy(s, "data:image/png;base64,");
	sodium_bin2base64(s + strlen(s), n, png, len, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* ---- credentials ---------------------------------------------------- */

static char *
b64url(const void *data, size_t len)
{
	size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *s = malloc(n);

	if (s == NULL)
		die("out of memory");
	sodium_bin2base64(s, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return s;
}

static void
write_text(const char *dir, const char *name, const char *text)
{
	char *path = fs_join(dir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fputc('\n', f) < 0 || fclose(f) != 0)
		die(path);
	free(path);
}

/* The issuer object with its id first (or the bare id). */
static void
set_issuer(cJSON *cred, const struct demo_key *k)
{
	cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(cred, "issuer"), *it;
	cJSON *iss = cJSON_CreateObject();

	cJSON_AddStringToObject(iss, "id", k->did);
	for (it = old ? old->child : NULL; it != NULL; it = it->next)
		if (strcmp(it->string, "id") != 0)
			cJSON_AddItemToObject(iss, it->string, cJSON_Duplicate(it, 1));
	cJSON_Delete(old);
	cJSON_AddItemToObject(cred, "issuer", iss);
}

static void
tamper(cJSON *doc, const cJSON *spec)
{
	const cJSON *path = json_arr(spec, "path"), *value = cJSON_GetObjectItem(spec, "value");
	cJSON *at = doc;
	int n = cJSON_GetArraySize(path);

	for (int i = 0; i + 1 < n; i++)
		at = cJSON_GetObjectItemCaseSensitive(at, cJSON_GetArrayItem(path, i)->valuestring);
	if (at == NULL || value == NULL || n < 1)
		die("bad tamper path");
	cJSON_ReplaceItemInObjectCaseSensitive(at, cJSON_GetArrayItem(path, n - 1)->valuestring,
	                                       cJSON_Duplicate(value, 1));
}

static void
sign_ob3(cJSON *cred, const struct demo_key *k)
{
	cJSON *opts = cJSON_CreateObject(), *proof = NULL;
	struct cairn_error err = {0};
	const char *from = json_str(cred, "validFrom");

	cJSON_AddStringToObject(opts, "type", "DataIntegrityProof");
	cJSON_AddStringToObject(opts, "cryptosuite", "eddsa-jcs-2022");
	cJSON_AddStringToObject(opts, "created", from ? from : "2026-01-01T00:00:00Z");
	cJSON_AddStringToObject(opts, "verificationMethod", k->vm);
	cJSON_AddStringToObject(opts, "proofPurpose", "assertionMethod");
	if (di_jcs_sign(cred, opts, k->sk, &proof, &err) != CAIRN_OK)
		die(err.msg);
	cJSON_AddItemToObject(cred, "proof", proof);
	cJSON_Delete(opts);
}

/* A VC-JWT (VC Data Model 1.1 JWT encoding: the credential in "vc"). */
static char *
sign_jwt(cJSON *cred, const struct demo_key *k)
{
	cJSON *hdr = cJSON_CreateObject(), *pl = cJSON_CreateObject();
	char *h, *p, *hb, *pb, *sb, *input, *out;
	unsigned char sig[64];
	struct tm tm = {0};
	const char *from = json_str(cred, "validFrom");
	char *id = strdup(json_str(cred, "id"));

	cJSON_AddStringToObject(hdr, "alg", "EdDSA");
	cJSON_AddStringToObject(hdr, "typ", "JWT");
	cJSON_AddStringToObject(hdr, "kid", k->vm);
	cJSON_AddStringToObject(pl, "iss", k->did);
	cJSON_AddStringToObject(pl, "sub", json_str(json_obj(cred, "credentialSubject"), "id"));
	if (from == NULL || strptime(from, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		die("the VC-JWT template needs validFrom");
	cJSON_AddNumberToObject(pl, "nbf", (double)timegm(&tm));
	cJSON_AddNumberToObject(pl, "iat", (double)timegm(&tm));
	cJSON_AddStringToObject(pl, "jti", id);
	free(id);
	cJSON_AddItemToObject(pl, "vc", cJSON_Duplicate(cred, 1));
	h = cJSON_PrintUnformatted(hdr);
	p = cJSON_PrintUnformatted(pl);
	hb = b64url(h, strlen(h));
	pb = b64url(p, strlen(p));
	input = malloc(strlen(hb) + strlen(pb) + 2);
	sprintf(input, "%s.%s", hb, pb);
	crypto_sign_detached(sig, NULL, (const unsigned char *)input, strlen(input), k->sk);
	sb = b64url(sig, sizeof sig);
	out = malloc(strlen(input) + strlen(sb) + 2);
	sprintf(out, "%s.%s", input, sb);
	free(h);
	free(p);
	free(hb);
	free(pb);
	free(sb);
	free(input);
	cJSON_Delete(hdr);
	cJSON_Delete(pl);
	return out;
}

static void
make_one(cJSON *cred, const char *outdir)
{
	cJSON *x = cJSON_DetachItemFromObjectCaseSensitive(cred, "x-demo");
	const char *file = json_str(x, "file"), *form = json_str(x, "form");
	const cJSON *img = json_obj(x, "image"), *spoil = json_obj(x, "tamper");
	struct demo_key *k = key_find(json_str(x, "key"));
	char *text;

	if (file == NULL || form == NULL || strchr(file, '/') != NULL)
		die("a template needs x-demo.file and x-demo.form");
	if (img != NULL) {
		size_t len;
		unsigned char *png = picture_png(img, &len);
		char *url = data_url(png, len);
		if (strcmp(form, "ob2") == 0) {
			cJSON_AddStringToObject((cJSON *)json_obj(cred, "badge"), "image", url);
		} else {
			cJSON *ach = (cJSON *)json_obj(json_obj(cred, "credentialSubject"), "achievement");
			cJSON *o = cJSON_AddObjectToObject(ach, "image");
			cJSON_AddStringToObject(o, "id", url);
			cJSON_AddStringToObject(o, "type", "Image");
		}
		free(url);
		free(png);
	}
	if (strcmp(form, "ob2") == 0) {
		text = cJSON_Print(cred);
	} else {
		set_issuer(cred, k);
		if (strcmp(form, "jwt") == 0) {
			text = sign_jwt(cred, k);
		} else {
			sign_ob3(cred, k);
			if (spoil != NULL)
				tamper(cred, spoil);
			text = cJSON_Print(cred);
		}
	}
	write_text(outdir, file, text);
	free(text);
	cJSON_Delete(x);
}

/* The DID document a did:web issuer would publish, for the trust store. */
static void
write_did_document(const struct demo_key *k, const char *dir)
{
	unsigned char mc[34] = {0xed, 0x01};
	char *mb, *text, name[160];
	cJSON *doc = cJSON_CreateObject(), *ctx, *vms, *m, *am;

	memcpy(mc + 2, k->pk, 32);
	mb = multibase_base58btc(mc, sizeof mc);
	ctx = cJSON_AddArrayToObject(doc, "@context");
	cJSON_AddItemToArray(ctx, cJSON_CreateString("https://www.w3.org/ns/did/v1"));
	cJSON_AddItemToArray(ctx, cJSON_CreateString("https://w3id.org/security/multikey/v1"));
	cJSON_AddStringToObject(doc, "id", k->did);
	vms = cJSON_AddArrayToObject(doc, "verificationMethod");
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "id", k->vm);
	cJSON_AddStringToObject(m, "type", "Multikey");
	cJSON_AddStringToObject(m, "controller", k->did);
	cJSON_AddStringToObject(m, "publicKeyMultibase", mb);
	cJSON_AddItemToArray(vms, m);
	am = cJSON_AddArrayToObject(doc, "assertionMethod");
	cJSON_AddItemToArray(am, cJSON_CreateString(k->vm));
	text = cJSON_Print(doc);
	snprintf(name, sizeof name, "%s.json", k->did + strlen("did:web:"));
	write_text(dir, name, text);
	free(text);
	free(mb);
	cJSON_Delete(doc);
}

int
main(int argc, char **argv)
{
	struct cairn_error err = {0};
	unsigned char *data;
	size_t len;
	cJSON *list, *c;
	char *cdir, *tdir;

	if (argc != 3) {
		fprintf(stderr, "usage: make_demo TEMPLATES OUTDIR\n");
		return 2;
	}
	if (cairn_init(&err) != CAIRN_OK)
		die(err.msg);
	keys_derive();
	if (fs_read_file(argv[1], 1 << 24, &data, &len) != 0 ||
	    json_parse(data, len, 1 << 24, argv[1], &list, &err) != CAIRN_OK)
		die(err.msg[0] ? err.msg : argv[1]);
	free(data);
	cdir = fs_join(argv[2], "credentials");
	tdir = fs_join(argv[2], "trust");
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST)
		die(argv[2]);
	if ((mkdir(cdir, 0755) != 0 && errno != EEXIST) ||
	    (mkdir(tdir, 0755) != 0 && errno != EEXIST))
		die("cannot make the output folders");
	cJSON_ArrayForEach(c, list)
		make_one(c, cdir);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].trusted)
			write_did_document(&keys[i], tdir);
	printf("make_demo: %d credentials in %s\n", cJSON_GetArraySize(list), cdir);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		printf("  %-9s %s\n", keys[i].name, keys[i].did);
	cJSON_Delete(list);
	free(cdir);
	free(tdir);
	return 0;
}

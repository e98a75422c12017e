#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fsutil.h"
#include "i18n.h"
#include "cairn_limits.h"
#include "vault_internal.h"

/* ---- names ---------------------------------------------------------- */

void
vault_name_hex(const struct vault_name *name, char hex[VAULT_NAME_HEX])
{
	sodium_bin2hex(hex, VAULT_NAME_HEX, name->b, VAULT_NAME_BYTES);
}

int
vault_name_parse(const char *hex, struct vault_name *name)
{
	size_t got = 0;

	if (strlen(hex) != VAULT_NAME_HEX - 1)
		return -1;
	for (const char *p = hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return -1;
	if (sodium_hex2bin(name->b, VAULT_NAME_BYTES, hex, VAULT_NAME_HEX - 1,
	                   NULL, &got, NULL) != 0 ||
	    got != VAULT_NAME_BYTES)
		return -1;
	return 0;
}

void
vault_object_relpath(const struct vault_name *name, char *buf, size_t size)
{
	char hex[VAULT_NAME_HEX];

	vault_name_hex(name, hex);
	snprintf(buf, size, "objects/%.2s/%s", hex, hex + 2);
}

enum cairn_err
vault_damaged(struct cairn_error *err, const char *where, const char *file,
              const char *why)
{
	return cairn_error_set(err, CAIRN_ERR_DAMAGED,
	                       _("vault damaged: %s/%s %s; restore it from a backup"),
	                       where, file, why);
}

/* ---- KDF levels ----------------------------------------------------- */

void
vault_kdf_for_level(enum vault_kdf_level level, struct vault_kdf *kdf)
{
	switch (level) {
	case VAULT_KDF_INTERACTIVE:
		kdf->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		kdf->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		break;
	case VAULT_KDF_SENSITIVE:
		kdf->opslimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
		kdf->memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
		break;
	case VAULT_KDF_MINIMUM:
		kdf->opslimit = crypto_pwhash_OPSLIMIT_MIN;
		kdf->memlimit = crypto_pwhash_MEMLIMIT_MIN;
		break;
	case VAULT_KDF_MODERATE:
	default:
		kdf->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		kdf->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	}
}

int
vault_kdf_level_parse(const char *word, enum vault_kdf_level *level)
{
	if (strcmp(word, "interactive") == 0)
		*level = VAULT_KDF_INTERACTIVE;
	else if (strcmp(word, "moderate") == 0)
		*level = VAULT_KDF_MODERATE;
	else if (strcmp(word, "sensitive") == 0)
		*level = VAULT_KDF_SENSITIVE;
	else
		return -1;
	return 0;
}

static int
kdf_valid(const struct vault_kdf *kdf)
{
	return kdf->opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
	       kdf->opslimit <= CAIRN_MAX_KDF_OPSLIMIT &&
	       kdf->memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
	       kdf->memlimit <= CAIRN_MAX_KDF_MEMLIMIT &&
	       kdf->memlimit <= SIZE_MAX;
}

/* ---- format file ---------------------------------------------------- */

static void
format_build(unsigned char out[VF_FORMAT_SIZE], const unsigned char *id)
{
	memcpy(out, VF_FORMAT_MAGIC, VF_MAGIC_LEN);
	vf_put_u32(out + 8, VAULT_FORMAT_VERSION);
	memcpy(out + 12, id, VAULT_ID_BYTES);
	vf_put_u64(out + 28, (uint64_t)time(NULL));
	crypto_generichash(out + VF_FORMAT_BODY, VF_CHECKSUM_LEN, out,
	                   VF_FORMAT_BODY, NULL, 0);
}

enum cairn_err
vault_format_parse(const unsigned char *buf, size_t len,
                   unsigned char id[VAULT_ID_BYTES], const char *where,
                   struct cairn_error *err)
{
	unsigned char sum[VF_CHECKSUM_LEN];

	if (len != VF_FORMAT_SIZE)
		return vault_damaged(err, where, "format", _("has the wrong size"));
	crypto_generichash(sum, sizeof sum, buf, VF_FORMAT_BODY, NULL, 0);
	if (sodium_memcmp(sum, buf + VF_FORMAT_BODY, VF_CHECKSUM_LEN) != 0)
		return vault_damaged(err, where, "format", _("fails its checksum"));
	if (memcmp(buf, VF_FORMAT_MAGIC, VF_MAGIC_LEN) != 0)
		return vault_damaged(err, where, "format", _("is not a cairn vault format file"));
	if (vf_get_u32(buf + 8) != VAULT_FORMAT_VERSION)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: vault format version %" PRIu32 " is not supported by this cairn"),
		                       where, vf_get_u32(buf + 8));
	memcpy(id, buf + 12, VAULT_ID_BYTES);
	return CAIRN_OK;
}

/* ---- key slots ------------------------------------------------------ */

static enum cairn_err
slot_build(unsigned char out[VF_SLOT_SIZE], const unsigned char *id,
           const struct cairn_secret *pass, const struct vault_kdf *kdf,
           const unsigned char *master, struct cairn_error *err)
{
	unsigned char *kek, ad[VF_SLOT_AD_LEN + VAULT_ID_BYTES];
	unsigned long long clen;

	memcpy(out, VF_SLOT_MAGIC, VF_MAGIC_LEN);
	vf_put_u32(out + 8, VAULT_FORMAT_VERSION);
	vf_put_u32(out + 12, VF_KDF_ARGON2ID13);
	vf_put_u64(out + 16, kdf->opslimit);
	vf_put_u64(out + 24, kdf->memlimit);
	randombytes_buf(out + 32, VF_SALT_LEN);
	randombytes_buf(out + VF_SLOT_AD_LEN, VF_NONCE_LEN);

	kek = secret_alloc(VF_KEY_LEN);
	if (kek == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of secure memory"));
	if (crypto_pwhash(kek, VF_KEY_LEN, (const char *)pass->data,
	                  pass->len, out + 32, kdf->opslimit,
	                  (size_t)kdf->memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		secret_release(kek);
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("not enough memory for the key derivation (%" PRIu64 " MiB)"),
		                       kdf->memlimit >> 20);
	}
	memcpy(ad, out, VF_SLOT_AD_LEN);
	memcpy(ad + VF_SLOT_AD_LEN, id, VAULT_ID_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		out + VF_SLOT_AD_LEN + VF_NONCE_LEN, &clen, master, VF_KEY_LEN,
		ad, sizeof ad, NULL, out + VF_SLOT_AD_LEN, kek);
	secret_release(kek);
	crypto_generichash(out + VF_SLOT_BODY, VF_CHECKSUM_LEN, out,
	                   VF_SLOT_BODY, NULL, 0);
	return CAIRN_OK;
}

enum cairn_err
vault_slot_open(const unsigned char *buf, size_t len,
                const unsigned char id[VAULT_ID_BYTES],
                const struct cairn_secret *pass, unsigned char *master,
                struct vault_kdf *kdf, const char *where, const char *file,
                struct cairn_error *err)
{
	unsigned char sum[VF_CHECKSUM_LEN], ad[VF_SLOT_AD_LEN + VAULT_ID_BYTES];
	unsigned char *kek;
	struct vault_kdf k;
	int ok;

	if (len != VF_SLOT_SIZE)
		return vault_damaged(err, where, file, _("has the wrong size"));
	crypto_generichash(sum, sizeof sum, buf, VF_SLOT_BODY, NULL, 0);
	if (sodium_memcmp(sum, buf + VF_SLOT_BODY, VF_CHECKSUM_LEN) != 0)
		return vault_damaged(err, where, file, _("fails its checksum"));
	if (memcmp(buf, VF_SLOT_MAGIC, VF_MAGIC_LEN) != 0 ||
	    vf_get_u32(buf + 8) != VAULT_FORMAT_VERSION ||
	    vf_get_u32(buf + 12) != VF_KDF_ARGON2ID13)
		return vault_damaged(err, where, file, _("has an unknown version or algorithm"));
	k.opslimit = vf_get_u64(buf + 16);
	k.memlimit = vf_get_u64(buf + 24);
	if (!kdf_valid(&k))
		return vault_damaged(err, where, file, _("has key derivation parameters out of range"));
	if (kdf != NULL)
		*kdf = k;
	if (pass == NULL)
		return CAIRN_OK;

	kek = secret_alloc(VF_KEY_LEN);
	if (kek == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of secure memory"));
	if (crypto_pwhash(kek, VF_KEY_LEN, (const char *)pass->data, pass->len,
	                  buf + 32, k.opslimit, (size_t)k.memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		secret_release(kek);
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("not enough memory for the key derivation (%" PRIu64 " MiB)"),
		                       k.memlimit >> 20);
	}
	memcpy(ad, buf, VF_SLOT_AD_LEN);
	memcpy(ad + VF_SLOT_AD_LEN, id, VAULT_ID_BYTES);
	ok = crypto_aead_xchacha20poly1305_ietf_decrypt(
		     master, NULL, NULL, buf + VF_SLOT_AD_LEN + VF_NONCE_LEN,
		     VF_KEY_LEN + VF_TAG_LEN, ad, sizeof ad, buf + VF_SLOT_AD_LEN,
		     kek) == 0;
	secret_release(kek);
	if (!ok)
		return cairn_error_set(err, CAIRN_ERR_PASSPHRASE,
		                       _("wrong passphrase"));
	return CAIRN_OK;
}

void
vault_derive_keys(unsigned char *keys)
{
	crypto_kdf_derive_from_key(keys + VK_NAME, 32, VF_SUBKEY_NAME,
	                           VF_KDF_CONTEXT, keys + VK_MASTER);
	crypto_kdf_derive_from_key(keys + VK_DATA, 32, VF_SUBKEY_DATA,
	                           VF_KDF_CONTEXT, keys + VK_MASTER);
	crypto_kdf_derive_from_key(keys + VK_BACKUP, 32, VF_SUBKEY_BACKUP,
	                           VF_KDF_CONTEXT, keys + VK_MASTER);
}

/* ---- objects -------------------------------------------------------- */

static void
object_ad(unsigned char ad[VF_OBJECT_HEAD + VAULT_ID_BYTES + VAULT_NAME_BYTES],
          const unsigned char *head, const unsigned char *id,
          const struct vault_name *name)
{
	memcpy(ad, head, VF_OBJECT_HEAD);
	memcpy(ad + VF_OBJECT_HEAD, id, VAULT_ID_BYTES);
	memcpy(ad + VF_OBJECT_HEAD + VAULT_ID_BYTES, name->b, VAULT_NAME_BYTES);
}

static void
object_name(const unsigned char *keys, const void *data, size_t len,
            struct vault_name *name)
{
	crypto_generichash(name->b, VAULT_NAME_BYTES, data, len, keys + VK_NAME,
	                   32);
}

enum cairn_err
vault_object_decrypt(const unsigned char *keys,
                     const unsigned char id[VAULT_ID_BYTES],
                     const struct vault_name *name, const unsigned char *buf,
                     size_t len, unsigned char *plain, const char *where,
                     struct cairn_error *err)
{
	unsigned char ad[VF_OBJECT_HEAD + VAULT_ID_BYTES + VAULT_NAME_BYTES];
	struct vault_name check;
	char rel[96];
	size_t plen;

	vault_object_relpath(name, rel, sizeof rel);
	if (len < VF_OBJECT_OVERHEAD)
		return vault_damaged(err, where, rel, _("is truncated"));
	if (memcmp(buf, VF_OBJECT_MAGIC, VF_MAGIC_LEN) != 0 ||
	    vf_get_u32(buf + 8) != VAULT_FORMAT_VERSION)
		return vault_damaged(err, where, rel, _("has a damaged header"));
	plen = len - VF_OBJECT_OVERHEAD;
	object_ad(ad, buf, id, name);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    plain, NULL, NULL, buf + VF_OBJECT_HEAD + VF_NONCE_LEN,
		    len - VF_OBJECT_HEAD - VF_NONCE_LEN, ad, sizeof ad,
		    buf + VF_OBJECT_HEAD, keys + VK_DATA) != 0)
		return vault_damaged(err, where, rel, _("fails authentication"));
	object_name(keys, plain, plen, &check);
	if (sodium_memcmp(check.b, name->b, VAULT_NAME_BYTES) != 0)
		return vault_damaged(err, where, rel, _("does not match its name"));
	return CAIRN_OK;
}

/* ---- index ---------------------------------------------------------- */

static void
index_ad(unsigned char ad[VF_INDEX_HEAD + VAULT_ID_BYTES + 5],
         const unsigned char *head, const unsigned char *id)
{
	memcpy(ad, head, VF_INDEX_HEAD);
	memcpy(ad + VF_INDEX_HEAD, id, VAULT_ID_BYTES);
	memcpy(ad + VF_INDEX_HEAD + VAULT_ID_BYTES, "index", 5);
}

enum cairn_err
vault_index_decrypt(const unsigned char *keys,
                    const unsigned char id[VAULT_ID_BYTES],
                    const unsigned char *buf, size_t len, char **json,
                    uint64_t *generation, const char *where,
                    struct cairn_error *err)
{
	unsigned char ad[VF_INDEX_HEAD + VAULT_ID_BYTES + 5];
	size_t plen;
	char *plain;

	*json = NULL;
	if (len < VF_INDEX_OVERHEAD)
		return vault_damaged(err, where, "index", _("is truncated"));
	if (memcmp(buf, VF_INDEX_MAGIC, VF_MAGIC_LEN) != 0 ||
	    vf_get_u32(buf + 8) != VAULT_FORMAT_VERSION)
		return vault_damaged(err, where, "index", _("has a damaged header"));
	plen = len - VF_INDEX_OVERHEAD;
	plain = malloc(plen + 1);
	if (plain == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	index_ad(ad, buf, id);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    (unsigned char *)plain, NULL, NULL,
		    buf + VF_INDEX_HEAD + VF_NONCE_LEN,
		    len - VF_INDEX_HEAD - VF_NONCE_LEN, ad, sizeof ad,
		    buf + VF_INDEX_HEAD, keys + VK_DATA) != 0) {
		free(plain);
		return vault_damaged(err, where, "index", _("fails authentication"));
	}
	plain[plen] = '\0';
	*json = plain;
	if (generation != NULL)
		*generation = vf_get_u64(buf + 12);
	return CAIRN_OK;
}

/* ---- in-memory object table ----------------------------------------- */

static size_t
name_hash(const struct vault_name *name)
{
	uint64_t h;

	memcpy(&h, name->b, sizeof h); /* names are keyed hashes: uniform */
	return (size_t)h;
}

static size_t
table_find(const struct vault *v, const struct vault_name *name)
{
	size_t mask, i;

	if (v->tcap == 0)
		return SIZE_MAX;
	mask = v->tcap - 1;
	for (i = name_hash(name) & mask; v->table[i] != 0; i = (i + 1) & mask) {
		size_t k = v->table[i] - 1;
		if (memcmp(v->objs[k].name.b, name->b, VAULT_NAME_BYTES) == 0)
			return k;
	}
	return SIZE_MAX;
}

static int
table_rebuild(struct vault *v, size_t want)
{
	size_t cap = 64, mask;

	while (cap < want * 2)
		cap *= 2;
	free(v->table);
	v->table = calloc(cap, sizeof *v->table);
	if (v->table == NULL) {
		v->tcap = 0;
		return -1;
	}
	v->tcap = cap;
	mask = cap - 1;
	for (size_t k = 0; k < v->nobj; k++) {
		size_t i = name_hash(&v->objs[k].name) & mask;
		while (v->table[i] != 0)
			i = (i + 1) & mask;
		v->table[i] = k + 1;
	}
	return 0;
}

static int
objs_append(struct vault *v, const struct vault_name *name, uint64_t size,
            const char *kind, int64_t added)
{
	struct vault_obj *o;

	if (v->nobj == v->capobj) {
		size_t cap = v->capobj ? v->capobj * 2 : 64;
		struct vault_obj *n = realloc(v->objs, cap * sizeof *n);
		if (n == NULL)
			return -1;
		v->objs = n;
		v->capobj = cap;
	}
	o = &v->objs[v->nobj++];
	memset(o, 0, sizeof *o);
	o->name = *name;
	o->size = size;
	o->added = added;
	snprintf(o->kind, sizeof o->kind, "%s", kind);
	if (v->nobj * 2 > v->tcap) {
		if (table_rebuild(v, v->nobj) < 0)
			return -1;
	} else {
		size_t mask = v->tcap - 1, i = name_hash(name) & mask;
		while (v->table[i] != 0)
			i = (i + 1) & mask;
		v->table[i] = v->nobj;
	}
	return 0;
}

/* ---- index (de)serialisation ---------------------------------------- */

/* Object kinds are short ASCII words ("credential", "image"). */
static int
kind_valid(const char *kind)
{
	size_t n = strlen(kind);

	if (n == 0 || n >= sizeof ((struct vault_obj *)0)->kind)
		return 0;
	for (const char *p = kind; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

enum cairn_err
vault_index_load(struct vault *v, const char *json, struct cairn_error *err)
{
	cJSON *root, *objects, *data, *item;
	enum cairn_err rc = CAIRN_OK;

	root = cJSON_Parse(json);
	if (root == NULL || !cJSON_IsObject(root))
		goto bad;
	item = cJSON_GetObjectItemCaseSensitive(root, "cairn-index");
	if (!cJSON_IsNumber(item) || item->valuedouble != 1)
		goto bad;
	objects = cJSON_GetObjectItemCaseSensitive(root, "objects");
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!cJSON_IsObject(objects) || !cJSON_IsObject(data))
		goto bad;
	cJSON_ArrayForEach(item, objects) {
		struct vault_name name;
		cJSON *size = cJSON_GetObjectItemCaseSensitive(item, "size");
		cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
		cJSON *added = cJSON_GetObjectItemCaseSensitive(item, "added");

		if (item->string == NULL ||
		    vault_name_parse(item->string, &name) < 0 ||
		    !cJSON_IsNumber(size) || size->valuedouble < 0 ||
		    size->valuedouble > (double)CAIRN_MAX_OBJECT_SIZE ||
		    !cJSON_IsString(kind) || !kind_valid(kind->valuestring) ||
		    !cJSON_IsNumber(added) ||
		    /* seconds since 1970 that fit in 64 bits (a double out of
		     * range would not convert) */
		    !(added->valuedouble >= -9007199254740992.0 &&
		      added->valuedouble <= 9007199254740992.0) ||
		    table_find(v, &name) != SIZE_MAX)
			goto bad;
		if (objs_append(v, &name, (uint64_t)size->valuedouble,
		                kind->valuestring,
		                (int64_t)added->valuedouble) < 0) {
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			goto out;
		}
	}
	v->data = cJSON_DetachItemViaPointer(root, data);
	goto out;
bad:
	rc = vault_damaged(err, v->dir, "index", _("holds an invalid catalogue"));
out:
	cJSON_Delete(root);
	return rc;
}

static char *
index_serialise(const struct vault *v)
{
	cJSON *root, *objects;
	char *text = NULL;

	root = cJSON_CreateObject();
	if (root == NULL)
		return NULL;
	cJSON_AddNumberToObject(root, "cairn-index", 1);
	objects = cJSON_AddObjectToObject(root, "objects");
	if (objects == NULL)
		goto out;
	for (size_t k = 0; k < v->nobj; k++) {
		const struct vault_obj *o = &v->objs[k];
		char hex[VAULT_NAME_HEX];
		cJSON *e = cJSON_CreateObject();

		if (e == NULL)
			goto out;
		vault_name_hex(&o->name, hex);
		cJSON_AddItemToObject(objects, hex, e);
		if (cJSON_AddNumberToObject(e, "size", (double)o->size) == NULL ||
		    cJSON_AddStringToObject(e, "kind", o->kind) == NULL ||
		    cJSON_AddNumberToObject(e, "added", (double)o->added) == NULL)
			goto out;
	}
	/* borrow data for printing without copying it */
	cJSON_AddItemReferenceToObject(root, "data", v->data);
	text = cJSON_PrintUnformatted(root);
out:
	cJSON_Delete(root);
	return text;
}

/* ---- lock ----------------------------------------------------------- */

static long
lock_read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 ? pid : 0;
}

static enum cairn_err
lock_take(struct vault *v, struct cairn_error *err)
{
	char *path = fs_join(v->dir, "lock");
	char buf[32];
	int fd, n;

	if (path == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int saved = errno;
		cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                  _("cannot open the lock file %s"), path);
		free(path);
		return CAIRN_ERR_IO;
	}
	free(path);
	/* a reader probing the lock (cairn status) holds it for microseconds:
	 * wait a moment before calling the vault busy */
	for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) < 0; tries++) {
		int saved = errno;
		struct timespec nap = {0, 10 * 1000 * 1000};

		if (saved == EINTR || (saved == EWOULDBLOCK && tries < 20)) {
			nanosleep(&nap, NULL);
			continue;
		}
		long pid = lock_read_pid(fd);
		close(fd);
		if (saved == EWOULDBLOCK) {
			if (pid > 0)
				return cairn_error_set(err, CAIRN_ERR_LOCKED,
				                       _("vault %s is locked by another cairn process (pid %ld)"),
				                       v->dir, pid);
			return cairn_error_set(err, CAIRN_ERR_LOCKED,
			                       _("vault %s is locked by another cairn process"),
			                       v->dir);
		}
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot lock vault %s"), v->dir);
	}
	(void)fchmod(fd, 0600);
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
		/* the pid is only a courtesy for the message above */
	}
	v->lock_fd = fd;
	return CAIRN_OK;
}

/* ---- open / create / close ------------------------------------------ */

static struct vault *
vault_alloc(const char *dir, enum vault_mode mode)
{
	struct vault *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	v->dir = fs_strip_slashes(dir);
	v->keys = secret_alloc(VK_SIZE);
	if (v->dir == NULL || v->keys == NULL) {
		free(v->dir);
		if (v->keys)
			secret_release(v->keys);
		free(v);
		return NULL;
	}
	v->mode = mode;
	v->lock_fd = -1;
	v->slot = -1;
	return v;
}

void
vault_close(struct vault *v)
{
	if (v == NULL)
		return;
	if (v->lock_fd >= 0) {
		/* forget our pid before letting go, so no message names it later */
		if (ftruncate(v->lock_fd, 0) < 0) {
			/* the pid is only a courtesy: a stale one is harmless */
		}
		close(v->lock_fd); /* releases the flock */
	}
	secret_release(v->keys);
	cJSON_Delete(v->data);
	free(v->objs);
	free(v->table);
	free(v->dir);
	free(v);
}

const char *
vault_dir(const struct vault *v)
{
	return v->dir;
}

enum cairn_err
vault_read_file(const char *dir, const char *rel, size_t max,
                unsigned char **data, size_t *len, struct cairn_error *err)
{
	char *path = fs_join(dir, rel);
	int rc;

	if (path == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	rc = fs_read_file(path, max, data, len);
	if (rc == -2) {
		free(path);
		return vault_damaged(err, dir, rel, _("is larger than any valid file"));
	}
	if (rc < 0) {
		int saved = errno;
		free(path);
		if (saved == ENOENT)
			return vault_damaged(err, dir, rel, _("is missing"));
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot read %s/%s"), dir, rel);
	}
	free(path);
	return CAIRN_OK;
}

static enum cairn_err
vault_check_dir(const char *dir, struct cairn_error *err)
{
	struct stat st;
	char *fmt;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return cairn_error_set(err, CAIRN_ERR_NOVAULT,
			                       _("no vault at %s (create one with 'cairn init')"),
			                       dir);
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot open vault %s"), dir);
	}
	if (!S_ISDIR(st.st_mode))
		return cairn_error_set(err, CAIRN_ERR_NOVAULT,
		                       _("%s is not a vault directory"), dir);
	fmt = fs_join(dir, "format");
	if (fmt == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (access(fmt, F_OK) < 0) {
		int saved = errno;
		free(fmt);
		if (saved == ENOENT) {
			/* a vault that lost only its format file is damaged */
			char *idx = fs_join(dir, "index");
			int had_index = idx != NULL && access(idx, F_OK) == 0;
			free(idx);
			if (had_index)
				return vault_damaged(err, dir, "format", _("is missing"));
			return cairn_error_set(err, CAIRN_ERR_NOVAULT,
			                       _("no vault at %s (create one with 'cairn init')"),
			                       dir);
		}
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot open vault %s"), dir);
	}
	free(fmt);
	return CAIRN_OK;
}

/* Slot files are keys/0 … keys/15; returns how many exist in nums[]. */
static int
slot_list(const char *dir, int nums[CAIRN_MAX_KEY_SLOTS])
{
	int n = 0;

	for (int i = 0; i < CAIRN_MAX_KEY_SLOTS; i++) {
		char rel[16], *path;
		snprintf(rel, sizeof rel, "keys/%d", i);
		path = fs_join(dir, rel);
		if (path == NULL)
			break;
		if (access(path, F_OK) == 0)
			nums[n++] = i;
		free(path);
	}
	return n;
}

static enum cairn_err
vault_unlock(struct vault *v, const struct cairn_secret *pass,
             struct cairn_error *err)
{
	int nums[CAIRN_MAX_KEY_SLOTS], n;
	struct cairn_error damage = {0};
	int damaged = 0;

	n = slot_list(v->dir, nums);
	if (n == 0)
		return vault_damaged(err, v->dir, "keys/0", _("is missing (no key slot left)"));
	for (int i = 0; i < n; i++) {
		char rel[16];
		unsigned char *buf;
		size_t len;
		enum cairn_err rc;

		snprintf(rel, sizeof rel, "keys/%d", nums[i]);
		rc = vault_read_file(v->dir, rel, 4096, &buf, &len, err);
		if (rc == CAIRN_ERR_DAMAGED) {
			if (!damaged && err != NULL)
				damage = *err;
			damaged = 1;
			continue;
		}
		if (rc != CAIRN_OK)
			return rc;
		rc = vault_slot_open(buf, len, v->id, pass, v->keys + VK_MASTER,
		                     &v->slot_kdf, v->dir, rel, err);
		free(buf);
		if (rc == CAIRN_OK) {
			v->slot = nums[i];
			vault_derive_keys(v->keys);
			return CAIRN_OK;
		}
		if (rc == CAIRN_ERR_DAMAGED) {
			if (!damaged && err != NULL)
				damage = *err;
			damaged = 1;
			continue;
		}
		if (rc != CAIRN_ERR_PASSPHRASE)
			return rc;
	}
	if (damaged) {
		if (err)
			*err = damage;
		return CAIRN_ERR_DAMAGED;
	}
	return cairn_error_set(err, CAIRN_ERR_PASSPHRASE,
	                       _("wrong passphrase for vault %s"), v->dir);
}

enum cairn_err
vault_open(const char *dir, const struct cairn_secret *pass,
           enum vault_mode mode, struct vault **out, struct cairn_error *err)
{
	struct vault *v;
	unsigned char *buf = NULL;
	char *json = NULL;
	size_t len;
	enum cairn_err rc;

	*out = NULL;
	rc = vault_check_dir(dir, err);
	if (rc != CAIRN_OK)
		return rc;
	v = vault_alloc(dir, mode);
	if (v == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (mode == VAULT_WRITE && (rc = lock_take(v, err)) != CAIRN_OK)
		goto fail;
	rc = vault_read_file(dir, "format", 4096, &buf, &len, err);
	if (rc != CAIRN_OK)
		goto fail;
	rc = vault_format_parse(buf, len, v->id, dir, err);
	free(buf);
	buf = NULL;
	if (rc != CAIRN_OK)
		goto fail;
	if ((rc = vault_unlock(v, pass, err)) != CAIRN_OK)
		goto fail;
	rc = vault_read_file(dir, "index", CAIRN_MAX_INDEX_SIZE + VF_INDEX_OVERHEAD,
	                     &buf, &len, err);
	if (rc != CAIRN_OK)
		goto fail;
	rc = vault_index_decrypt(v->keys, v->id, buf, len, &json, &v->generation,
	                         dir, err);
	free(buf);
	buf = NULL;
	if (rc != CAIRN_OK)
		goto fail;
	rc = vault_index_load(v, json, err);
	free(json);
	if (rc != CAIRN_OK)
		goto fail;
	*out = v;
	return CAIRN_OK;
fail:
	vault_close(v);
	return rc;
}

enum cairn_err
vault_index_write(struct vault *v, struct cairn_error *err)
{
	unsigned char ad[VF_INDEX_HEAD + VAULT_ID_BYTES + 5];
	unsigned char *buf;
	unsigned long long clen;
	char *text, *path;
	size_t plen;
	enum cairn_err rc;

	text = index_serialise(v);
	if (text == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	plen = strlen(text);
	if (plen > CAIRN_MAX_INDEX_SIZE) {
		free(text);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the vault's catalogue would exceed %lu MiB"),
		                       CAIRN_MAX_INDEX_SIZE >> 20);
	}
	buf = malloc(plen + VF_INDEX_OVERHEAD);
	path = fs_join(v->dir, "index");
	if (buf == NULL || path == NULL) {
		free(text);
		free(buf);
		free(path);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	memcpy(buf, VF_INDEX_MAGIC, VF_MAGIC_LEN);
	vf_put_u32(buf + 8, VAULT_FORMAT_VERSION);
	vf_put_u64(buf + 12, v->generation + 1);
	randombytes_buf(buf + VF_INDEX_HEAD, VF_NONCE_LEN);
	index_ad(ad, buf, v->id);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		buf + VF_INDEX_HEAD + VF_NONCE_LEN, &clen, (unsigned char *)text,
		plen, ad, sizeof ad, NULL, buf + VF_INDEX_HEAD, v->keys + VK_DATA);
	free(text);
	rc = fs_replace_file(path, buf, plen + VF_INDEX_OVERHEAD, _("the index"),
	                     err);
	free(buf);
	free(path);
	if (rc == CAIRN_OK) {
		v->generation++;
		v->dirty = 0;
	}
	return rc;
}

enum cairn_err
vault_require_write(const struct vault *v, struct cairn_error *err)
{
	if (v->mode != VAULT_WRITE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the vault was opened read-only"));
	return CAIRN_OK;
}

enum cairn_err
vault_save(struct vault *v, struct cairn_error *err)
{
	enum cairn_err rc = vault_require_write(v, err);

	if (rc != CAIRN_OK || !v->dirty)
		return rc;
	return vault_index_write(v, err);
}

static enum cairn_err
create_fail(char *tmpdir, enum cairn_err rc)
{
	if (tmpdir != NULL) {
		fs_remove_tree(tmpdir);
		free(tmpdir);
	}
	return rc;
}

static int
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Makes a sibling temporary directory of dir, so that a finished vault can
 * be renamed into place whole. */
char *
vault_make_tmpdir(const char *dir, struct cairn_error *err)
{
	char *parent = fs_dirname(dir), *tmp;
	size_t n = strlen(dir) + 32;

	if (parent == NULL)
		goto nomem;
	if (fs_mkdir_p(parent) < 0) {
		cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                  _("cannot create directory %s"), parent);
		free(parent);
		return NULL;
	}
	free(parent);
	tmp = malloc(n);
	if (tmp == NULL)
		goto nomem;
	snprintf(tmp, n, "%s.new-XXXXXX", dir);
	if (mkdtemp(tmp) == NULL) {
		cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                  _("cannot create directory next to %s"), dir);
		free(tmp);
		return NULL;
	}
	if (chmod(tmp, 0700) < 0) {
		cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                  _("cannot set permissions of %s"), tmp);
		rmdir(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
nomem:
	cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	return NULL;
}

/* Checks that dir may receive a new vault: absent, or an empty directory. */
enum cairn_err
vault_target_usable(const char *dir, struct cairn_error *err)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return CAIRN_OK;
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot use %s"), dir);
	}
	if (!S_ISDIR(st.st_mode) || !dir_is_empty(dir))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s already exists and is not an empty directory"),
		                       dir);
	return CAIRN_OK;
}

/* Renames a finished temporary vault over dir (absent or empty). */
enum cairn_err
vault_move_into_place(const char *tmp, const char *dir, struct cairn_error *err)
{
	char *parent;

	if (rename(tmp, dir) < 0)
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot move the new vault into %s"), dir);
	(void)chmod(dir, 0700);
	parent = fs_dirname(dir);
	if (parent == NULL || fs_sync_dir(parent) < 0) {
		/* not durable: take the new vault away again rather than leave
		 * one whose existence a crash may undo */
		int saved = parent == NULL ? ENOMEM : errno;
		fs_remove_tree(dir);
		free(parent);
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot sync %s"), dir);
	}
	free(parent);
	return CAIRN_OK;
}

enum cairn_err
vault_write_new_file(const char *dir, const char *rel, const void *data, size_t len,
               struct cairn_error *err)
{
	char *path = fs_join(dir, rel);
	enum cairn_err rc;

	if (path == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	rc = fs_replace_file(path, data, len, rel, err);
	free(path);
	return rc;
}

enum cairn_err
vault_mkdir_in(const char *dir, const char *rel, struct cairn_error *err)
{
	char *path = fs_join(dir, rel);
	int rc;

	if (path == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	rc = mkdir(path, 0700);
	if (rc == 0)
		rc = chmod(path, 0700);
	if (rc < 0 && errno != EEXIST) {
		int saved = errno;
		cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                  _("cannot create directory %s"), path);
		free(path);
		return CAIRN_ERR_IO;
	}
	free(path);
	return CAIRN_OK;
}

static enum cairn_err
vault_create_at(const char *dir, const struct cairn_secret *pass,
                const struct vault_kdf *kdf, struct vault **out,
                struct cairn_error *err)
{
	unsigned char fmt[VF_FORMAT_SIZE], slot[VF_SLOT_SIZE];
	struct vault *v;
	char *tmp;
	enum cairn_err rc;

	*out = NULL;
	if (!kdf_valid(kdf))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("key derivation parameters out of range"));
	if (pass->len == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("the passphrase is empty"));
	if ((rc = vault_target_usable(dir, err)) != CAIRN_OK)
		return rc;
	tmp = vault_make_tmpdir(dir, err);
	if (tmp == NULL)
		return err ? err->code : CAIRN_ERR_IO;
	v = vault_alloc(tmp, VAULT_WRITE);
	if (v == NULL)
		return create_fail(tmp, cairn_error_set(err, CAIRN_ERR_IO, _("out of memory")));
	v->data = cJSON_CreateObject();
	if (v->data == NULL) {
		vault_close(v);
		return create_fail(tmp, cairn_error_set(err, CAIRN_ERR_IO, _("out of memory")));
	}
	randombytes_buf(v->id, VAULT_ID_BYTES);
	v->slot_kdf = *kdf;
	crypto_kdf_keygen(v->keys + VK_MASTER);
	vault_derive_keys(v->keys);
	v->slot = 0;
	format_build(fmt, v->id);
	if ((rc = slot_build(slot, v->id, pass, kdf, v->keys + VK_MASTER, err)) != CAIRN_OK ||
	    (rc = vault_mkdir_in(tmp, "keys", err)) != CAIRN_OK ||
	    (rc = vault_mkdir_in(tmp, "objects", err)) != CAIRN_OK ||
	    (rc = vault_write_new_file(tmp, "format", fmt, sizeof fmt, err)) != CAIRN_OK ||
	    (rc = vault_write_new_file(tmp, "keys/0", slot, sizeof slot, err)) != CAIRN_OK ||
	    (rc = vault_index_write(v, err)) != CAIRN_OK ||
	    (rc = vault_write_new_file(tmp, "lock", "", 0, err)) != CAIRN_OK) {
		vault_close(v);
		return create_fail(tmp, rc);
	}
	{
		char *kd = fs_join(tmp, "keys");
		int bad = kd == NULL || fs_sync_dir(kd) < 0 || fs_sync_dir(tmp) < 0;
		free(kd);
		if (bad) {
			rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
			                       _("cannot sync %s"), tmp);
			vault_close(v);
			return create_fail(tmp, rc);
		}
	}
	if ((rc = vault_move_into_place(tmp, dir, err)) != CAIRN_OK) {
		vault_close(v);
		return create_fail(tmp, rc);
	}
	free(tmp);
	free(v->dir);
	v->dir = strdup(dir);
	if (v->dir == NULL || (rc = lock_take(v, err)) != CAIRN_OK) {
		if (v->dir == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		vault_close(v);
		return rc;
	}
	*out = v;
	return CAIRN_OK;
}

enum cairn_err
vault_create(const char *dir, const struct cairn_secret *pass,
             const struct vault_kdf *kdf, struct vault **out,
             struct cairn_error *err)
{
	char *clean = fs_strip_slashes(dir);
	enum cairn_err rc;

	*out = NULL;
	if (clean == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	rc = vault_create_at(clean, pass, kdf, out, err);
	free(clean);
	return rc;
}

/* ---- objects: put / get / unref ------------------------------------- */

enum cairn_err
vault_put(struct vault *v, const void *data, size_t len, const char *kind,
          struct vault_name *name, int *added, struct cairn_error *err)
{
	unsigned char ad[VF_OBJECT_HEAD + VAULT_ID_BYTES + VAULT_NAME_BYTES];
	unsigned char *buf;
	unsigned long long clen;
	char rel[96], subdir[16], *path, *dir;
	enum cairn_err rc;
	struct vault_name nm;

	if (added != NULL)
		*added = 0;
	if ((rc = vault_require_write(v, err)) != CAIRN_OK)
		return rc;
	if (len > CAIRN_MAX_OBJECT_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("object of %zu bytes exceeds the limit of %lu MiB"),
		                       len, CAIRN_MAX_OBJECT_SIZE >> 20);
	if (kind == NULL)
		kind = "data";
	if (!kind_valid(kind))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("invalid object kind (internal error)"));
	object_name(v->keys, data, len, &nm);
	if (name != NULL)
		*name = nm;
	if (table_find(v, &nm) != SIZE_MAX)
		return CAIRN_OK;

	vault_object_relpath(&nm, rel, sizeof rel);
	memcpy(subdir, rel, 10); /* "objects/ab" */
	subdir[10] = '\0';
	dir = fs_join(v->dir, subdir);
	path = fs_join(v->dir, rel);
	buf = malloc(len + VF_OBJECT_OVERHEAD);
	if (dir == NULL || path == NULL || buf == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	if (access(dir, F_OK) < 0) {
		char *objdir = fs_join(v->dir, "objects");
		int bad = objdir == NULL;
		if (!bad && mkdir(dir, 0700) < 0 && errno != EEXIST)
			bad = 1;
		if (!bad && (chmod(dir, 0700) < 0 || fs_sync_dir(objdir) < 0))
			bad = 1;
		free(objdir);
		if (bad) {
			rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
			                       _("cannot create directory %s"), dir);
			goto out;
		}
	}
	memcpy(buf, VF_OBJECT_MAGIC, VF_MAGIC_LEN);
	vf_put_u32(buf + 8, VAULT_FORMAT_VERSION);
	randombytes_buf(buf + VF_OBJECT_HEAD, VF_NONCE_LEN);
	object_ad(ad, buf, v->id, &nm);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		buf + VF_OBJECT_HEAD + VF_NONCE_LEN, &clen, data, len, ad,
		sizeof ad, NULL, buf + VF_OBJECT_HEAD, v->keys + VK_DATA);
	rc = fs_replace_file(path, buf, len + VF_OBJECT_OVERHEAD, rel, err);
	if (rc != CAIRN_OK)
		goto out;
	if (objs_append(v, &nm, len, kind, (int64_t)time(NULL)) < 0) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	v->dirty = 1;
	if (added != NULL)
		*added = 1;
out:
	free(buf);
	free(path);
	free(dir);
	return rc;
}

enum cairn_err
vault_get(struct vault *v, const struct vault_name *name, unsigned char **data,
          size_t *len, struct cairn_error *err)
{
	unsigned char *buf, *plain;
	size_t blen;
	char rel[96];
	enum cairn_err rc;

	*data = NULL;
	*len = 0;
	if (table_find(v, name) == SIZE_MAX) {
		char hex[VAULT_NAME_HEX];
		vault_name_hex(name, hex);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no object %s in the vault"), hex);
	}
	vault_object_relpath(name, rel, sizeof rel);
	rc = vault_read_file(v->dir, rel, CAIRN_MAX_OBJECT_SIZE + VF_OBJECT_OVERHEAD,
	                     &buf, &blen, err);
	if (rc != CAIRN_OK)
		return rc;
	plain = malloc(blen >= VF_OBJECT_OVERHEAD ? blen - VF_OBJECT_OVERHEAD + 1 : 1);
	if (plain == NULL) {
		free(buf);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	rc = vault_object_decrypt(v->keys, v->id, name, buf, blen, plain, v->dir,
	                          err);
	free(buf);
	if (rc != CAIRN_OK) {
		free(plain);
		return rc;
	}
	*len = blen - VF_OBJECT_OVERHEAD;
	plain[*len] = '\0';
	*data = plain;
	return CAIRN_OK;
}

int
vault_has(const struct vault *v, const struct vault_name *name)
{
	return table_find(v, name) != SIZE_MAX;
}

enum cairn_err
vault_unref(struct vault *v, const struct vault_name *name,
            struct cairn_error *err)
{
	size_t k;
	enum cairn_err rc = vault_require_write(v, err);

	if (rc != CAIRN_OK)
		return rc;
	k = table_find(v, name);
	if (k == SIZE_MAX) {
		char hex[VAULT_NAME_HEX];
		vault_name_hex(name, hex);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no object %s in the vault"), hex);
	}
	memmove(&v->objs[k], &v->objs[k + 1], (v->nobj - k - 1) * sizeof *v->objs);
	v->nobj--;
	if (table_rebuild(v, v->nobj) < 0)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	v->dirty = 1;
	return CAIRN_OK;
}

size_t
vault_object_count(const struct vault *v)
{
	return v->nobj;
}

int
vault_object_foreach(const struct vault *v,
                     int (*fn)(const struct vault_name *, const char *,
                               uint64_t, void *),
                     void *ctx)
{
	for (size_t k = 0; k < v->nobj; k++) {
		int r = fn(&v->objs[k].name, v->objs[k].kind, v->objs[k].size, ctx);
		if (r != 0)
			return r;
	}
	return 0;
}

cJSON *
vault_data(struct vault *v)
{
	return v->data;
}

void
vault_touch(struct vault *v)
{
	v->dirty = 1;
}

/* ---- passwd --------------------------------------------------------- */

enum cairn_err
vault_passwd(struct vault *v, const struct cairn_secret *pass,
             const struct vault_kdf *kdf, struct cairn_error *err)
{
	unsigned char slot[VF_SLOT_SIZE];
	char rel[16];
	enum cairn_err rc = vault_require_write(v, err);

	if (rc != CAIRN_OK)
		return rc;
	if (kdf == NULL)
		kdf = &v->slot_kdf;
	if (!kdf_valid(kdf))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("key derivation parameters out of range"));
	if (pass->len == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE, _("the passphrase is empty"));
	rc = slot_build(slot, v->id, pass, kdf, v->keys + VK_MASTER, err);
	if (rc != CAIRN_OK)
		return rc;
	snprintf(rel, sizeof rel, "keys/%d", v->slot);
	rc = vault_write_new_file(v->dir, rel, slot, sizeof slot, err);
	if (rc == CAIRN_OK)
		v->slot_kdf = *kdf;
	return rc;
}

/* ---- walking the object files --------------------------------------- */

/* Calls fn(relpath, size, is_tmp) for every file under objects/. */
static int
objects_walk(const char *vdir,
             int (*fn)(const char *rel, uint64_t size, int well_named,
                       void *ctx),
             void *ctx)
{
	char *odir = fs_join(vdir, "objects");
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (odir == NULL)
		return -1;
	d = opendir(odir);
	if (d == NULL) {
		free(odir);
		return errno == ENOENT ? 0 : -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *sub;
		DIR *sd;
		struct dirent *f;

		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
		                            (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		sub = fs_join(odir, e->d_name);
		if (sub == NULL) {
			rc = -1;
			break;
		}
		{
			/* never follow a link out of the vault */
			int sfd = open(sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			sd = sfd >= 0 ? fdopendir(sfd) : NULL;
			if (sd == NULL && sfd >= 0)
				close(sfd);
		}
		if (sd == NULL) {
			struct stat st;
			char rel[300];
			snprintf(rel, sizeof rel, "objects/%s", e->d_name);
			if (lstat(sub, &st) == 0 && !S_ISDIR(st.st_mode))
				rc = fn(rel, (uint64_t)st.st_size, 0, ctx);
			free(sub);
			continue;
		}
		while (rc == 0 && (f = readdir(sd)) != NULL) {
			struct stat st;
			char rel[600], *p;
			int well_named;

			if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
				continue;
			snprintf(rel, sizeof rel, "objects/%s/%s", e->d_name, f->d_name);
			p = fs_join(sub, f->d_name);
			if (p == NULL) {
				rc = -1;
				break;
			}
			well_named = strlen(e->d_name) == 2 &&
			             strlen(f->d_name) == VAULT_NAME_HEX - 3;
			if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
				rc = fn(rel, (uint64_t)st.st_size, well_named, ctx);
			else if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
				rc = fn(rel, 0, 0, ctx); /* a link: removed, never followed */
			free(p);
		}
		closedir(sd);
		free(sub);
	}
	closedir(d);
	free(odir);
	return rc;
}

static int
rel_to_name(const char *rel, struct vault_name *name)
{
	char hex[VAULT_NAME_HEX];

	/* objects/ab/cdef… */
	if (strlen(rel) != 8 + 2 + 1 + VAULT_NAME_HEX - 3)
		return -1;
	memcpy(hex, rel + 8, 2);
	memcpy(hex + 2, rel + 11, VAULT_NAME_HEX - 3);
	hex[VAULT_NAME_HEX - 1] = '\0';
	return vault_name_parse(hex, name);
}

struct gc_ctx {
	struct vault *v;
	struct vault_gc_report *r;
	int failed_errno;
};

static int
gc_visit(const char *rel, uint64_t size, int well_named, void *ctx)
{
	struct gc_ctx *g = ctx;
	struct vault_name name;
	char *path;

	if (well_named && rel_to_name(rel, &name) == 0 &&
	    table_find(g->v, &name) != SIZE_MAX) {
		g->r->kept++;
		return 0;
	}
	path = fs_join(g->v->dir, rel);
	if (path == NULL)
		return -1;
	if (unlink(path) < 0) {
		g->failed_errno = errno;
		free(path);
		return -1;
	}
	free(path);
	g->r->removed++;
	g->r->removed_bytes += size;
	return 0;
}

enum cairn_err
vault_gc(struct vault *v, struct vault_gc_report *report,
         struct cairn_error *err)
{
	struct gc_ctx g = {v, report, 0};
	enum cairn_err rc = vault_require_write(v, err);

	memset(report, 0, sizeof *report);
	if (rc != CAIRN_OK)
		return rc;
	/* an index that would lose references must not be acted on */
	if (v->dirty && (rc = vault_save(v, err)) != CAIRN_OK)
		return rc;
	if (objects_walk(v->dir, gc_visit, &g) < 0)
		return cairn_error_errno(err, CAIRN_ERR_IO,
		                         g.failed_errno ? g.failed_errno : errno,
		                         _("cannot clean up the objects of %s"), v->dir);
	/* leftovers of interrupted index and key-slot writes */
	{
		const char *dirs[] = {".", "keys"};
		for (size_t i = 0; i < 2; i++) {
			char *dp = fs_join(v->dir, dirs[i]);
			DIR *d = dp ? opendir(dp) : NULL;
			struct dirent *e;
			while (d != NULL && (e = readdir(d)) != NULL) {
				if (strstr(e->d_name, ".tmp-") != NULL) {
					char *p = fs_join(dp, e->d_name);
					if (p != NULL && unlink(p) == 0)
						report->removed++;
					free(p);
				}
			}
			if (d != NULL)
				closedir(d);
			free(dp);
		}
	}
	return CAIRN_OK;
}

/* ---- check ---------------------------------------------------------- */

struct check_ctx {
	struct vault *v;
	struct vault_check_report *r;
};

static int
check_count_unreferenced(const char *rel, uint64_t size, int well_named,
                         void *ctx)
{
	struct check_ctx *c = ctx;
	struct vault_name name;

	(void)size;
	if (!well_named || rel_to_name(rel, &name) < 0 ||
	    table_find(c->v, &name) == SIZE_MAX)
		c->r->unreferenced++;
	return 0;
}

enum cairn_err
vault_check(struct vault *v, struct vault_check_report *report,
            struct cairn_error *err)
{
	struct check_ctx c = {v, report};

	memset(report, 0, sizeof *report);
	for (size_t k = 0; k < v->nobj; k++) {
		struct cairn_error e = {0};
		unsigned char *data;
		size_t len;
		enum cairn_err rc;

		rc = vault_get(v, &v->objs[k].name, &data, &len, &e);
		report->objects++;
		if (rc == CAIRN_OK && len != v->objs[k].size) {
			char rel[96];
			vault_object_relpath(&v->objs[k].name, rel, sizeof rel);
			vault_damaged(&e, v->dir, rel, _("does not have the size the index records"));
			rc = CAIRN_ERR_DAMAGED;
		}
		free(data);
		if (rc == CAIRN_ERR_DAMAGED) {
			if (report->damaged++ == 0)
				snprintf(report->first_damaged, sizeof report->first_damaged,
				         "%s", e.msg);
		} else if (rc != CAIRN_OK) {
			if (err)
				*err = e;
			return rc;
		}
	}
	/* every key slot, not only the one that opened the vault */
	{
		int nums[CAIRN_MAX_KEY_SLOTS], n = slot_list(v->dir, nums);
		for (int i = 0; i < n; i++) {
			struct cairn_error e = {0};
			unsigned char *buf;
			size_t len;
			char rel[16];
			enum cairn_err rc;

			snprintf(rel, sizeof rel, "keys/%d", nums[i]);
			rc = vault_read_file(v->dir, rel, 4096, &buf, &len, &e);
			if (rc == CAIRN_OK) {
				rc = vault_slot_open(buf, len, v->id, NULL, NULL, NULL,
				                     v->dir, rel, &e);
				free(buf);
			}
			if (rc == CAIRN_ERR_DAMAGED && report->damaged++ == 0)
				snprintf(report->first_damaged,
				         sizeof report->first_damaged, "%s", e.msg);
		}
	}
	(void)objects_walk(v->dir, check_count_unreferenced, &c);
	if (report->damaged > 0)
		return cairn_error_set(err, CAIRN_ERR_DAMAGED, "%s",
		                       report->first_damaged);
	return CAIRN_OK;
}

/* ---- status (no passphrase) ----------------------------------------- */

static int
status_visit(const char *rel, uint64_t size, int well_named, void *ctx)
{
	struct vault_status *st = ctx;

	(void)rel;
	if (well_named) {
		st->object_files++;
		st->object_bytes += size;
	}
	return 0;
}

enum cairn_err
vault_status_read(const char *dir, struct vault_status *st,
                  struct cairn_error *err)
{
	unsigned char *buf, id[VAULT_ID_BYTES];
	size_t len;
	int nums[CAIRN_MAX_KEY_SLOTS], n;
	enum cairn_err rc;
	struct stat sb;
	char *p;

	memset(st, 0, sizeof *st);
	if ((rc = vault_check_dir(dir, err)) != CAIRN_OK)
		return rc;
	rc = vault_read_file(dir, "format", 4096, &buf, &len, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = vault_format_parse(buf, len, id, dir, err);
	free(buf);
	if (rc != CAIRN_OK)
		return rc;
	st->version = VAULT_FORMAT_VERSION;
	sodium_bin2hex(st->id_hex, sizeof st->id_hex, id, sizeof id);

	n = slot_list(dir, nums);
	for (int i = 0; i < n; i++) {
		char rel[16];
		struct vault_slot_info *si = &st->slots[st->slot_count++];
		struct vault_kdf kdf = {0, 0};

		snprintf(rel, sizeof rel, "keys/%d", nums[i]);
		si->number = nums[i];
		if (vault_read_file(dir, rel, 4096, &buf, &len, NULL) != CAIRN_OK) {
			si->damaged = 1;
			continue;
		}
		if (vault_slot_open(buf, len, id, NULL, NULL, &kdf, dir, rel, NULL) != CAIRN_OK)
			si->damaged = 1;
		si->opslimit = kdf.opslimit;
		si->memlimit = kdf.memlimit;
		free(buf);
	}
	if ((p = fs_join(dir, "index")) == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (stat(p, &sb) == 0) {
		unsigned char head[VF_INDEX_HEAD];
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		st->index_bytes = (uint64_t)sb.st_size;
		if (fd >= 0) {
			if (fs_read_exact(fd, head, sizeof head) == 0 &&
			    memcmp(head, VF_INDEX_MAGIC, VF_MAGIC_LEN) == 0)
				st->index_generation = vf_get_u64(head + 12);
			close(fd);
		}
	}
	free(p);
	(void)objects_walk(dir, status_visit, st);

	if ((p = fs_join(dir, "lock")) == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	{
		int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0) {
			if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
				st->lock_pid = lock_read_pid(fd);
				if (st->lock_pid == 0)
					st->lock_pid = -1;
			}
			close(fd);
		}
	}
	free(p);
	return CAIRN_OK;
}

size_t
vault_find(const struct vault *v, const struct vault_name *name)
{
	return table_find(v, name);
}

char *
vault_status_json(const char *dir, const struct vault_status *st)
{
	cJSON *root = cJSON_CreateObject(), *slots;
	char *text = NULL;

	if (root == NULL)
		return NULL;
	cJSON_AddStringToObject(root, "vault", dir);
	cJSON_AddNumberToObject(root, "formatVersion", st->version);
	cJSON_AddStringToObject(root, "id", st->id_hex);
	slots = cJSON_AddArrayToObject(root, "keySlots");
	for (int i = 0; slots != NULL && i < st->slot_count; i++) {
		cJSON *s = cJSON_CreateObject();
		if (s == NULL)
			break;
		cJSON_AddItemToArray(slots, s);
		cJSON_AddNumberToObject(s, "slot", st->slots[i].number);
		cJSON_AddBoolToObject(s, "damaged", st->slots[i].damaged);
		cJSON_AddStringToObject(s, "kdf", "argon2id");
		cJSON_AddNumberToObject(s, "opslimit", (double)st->slots[i].opslimit);
		cJSON_AddNumberToObject(s, "memlimit", (double)st->slots[i].memlimit);
	}
	cJSON_AddNumberToObject(root, "objects", (double)st->object_files);
	cJSON_AddNumberToObject(root, "objectBytes", (double)st->object_bytes);
	cJSON_AddNumberToObject(root, "indexBytes", (double)st->index_bytes);
	cJSON_AddNumberToObject(root, "indexGeneration", (double)st->index_generation);
	if (st->lock_pid != 0)
		cJSON_AddNumberToObject(root, "lockedBy", st->lock_pid > 0 ? (double)st->lock_pid : 0);
	else
		cJSON_AddNullToObject(root, "lockedBy");
	text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

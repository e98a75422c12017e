/* The throwaway demo vault; see demo.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "collection.h"
#include "demo.h"
#include "fsutil.h"
#include "i18n.h"
#include "cairn_limits.h"
#include "pathways.h"
#include "verify/trust.h"
#include "verify/verify.h"

struct demo {
	char *dir;     /* the temporary directory (removed on close) */
	int owner_fd;  /* dir/owner, flock()ed while this demo lives */
	char *datadir; /* where the demo came from */
	struct cairn_secret *pass;
	struct vault *v;
	size_t count;
};

/* Random passphrase bytes, as hex, in guarded memory. */
#define DEMO_PASS_BYTES 32

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The regular files in dir (not starting with a dot), sorted by name. */
static enum cairn_err
list_files(const char *dir, char ***out, size_t *count, struct cairn_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	if (d == NULL)
		return cairn_error_errno(
		    err, CAIRN_ERR_IO, errno,
		    _("cannot read the demo folder %s; "
		      "reinstall cairn or set CAIRN_DATA_DIR"),
		    dir);
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;
		int regular;

		if (e->d_name[0] == '.')
			continue;
		path = fs_join(dir, e->d_name);
		regular =
		    path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode);
		free(path);
		if (!regular)
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = realloc(names, nc * sizeof *nn);
			if (nn == NULL)
				goto oom;
			names = nn;
			cap = nc;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			goto oom;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	*out = names;
	*count = n;
	return CAIRN_OK;
oom:
	closedir(d);
	names_free(names, n);
	return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
}

static enum cairn_err
read_file(const char *path, size_t max, unsigned char **data, size_t *len,
          struct cairn_error *err)
{
	int r = fs_read_file(path, max, data, len);

	if (r == -2)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("the demo file %s is larger than %lu bytes; "
		      "reinstall cairn"),
		    path, (unsigned long)max);
	if (r != 0)
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot read the demo file %s"),
		                         path);
	return CAIRN_OK;
}

/* Adds every DID document in datadir/demo/trust to the vault's trust
 * store, as 'cairn trust add' would. */
static enum cairn_err
add_trust(struct demo *d, const char *dir, struct cairn_error *err)
{
	cJSON *data = vault_data(d->v), *store;
	char **names;
	size_t n;
	enum cairn_err rc = list_files(dir, &names, &n, err);

	if (rc != CAIRN_OK)
		return rc;
	store = cJSON_GetObjectItemCaseSensitive(data, "trust");
	if (!cJSON_IsArray(store)) {
		cJSON_DeleteItemFromObjectCaseSensitive(data, "trust");
		store = cJSON_AddArrayToObject(data, "trust");
	}
	for (size_t i = 0; i < n && rc == CAIRN_OK; i++) {
		char *path = fs_join(dir, names[i]);
		unsigned char *bytes = NULL;
		size_t len = 0;
		cJSON *entry = NULL;

		if (path == NULL || store == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("out of memory"));
		if (rc == CAIRN_OK)
			rc = read_file(path, CAIRN_MAX_IMPORT_SIZE, &bytes,
			               &len, err);
		if (rc == CAIRN_OK)
			rc = trust_entry_from_bytes(bytes, len, NULL, &entry,
			                            err);
		if (rc == CAIRN_OK)
			rc = trust_add(store, entry, err);
		free(bytes);
		free(path);
	}
	vault_touch(d->v);
	names_free(names, n);
	return rc;
}

static enum cairn_err
import_all(struct demo *d, struct collection *c, const char *dir,
           struct cairn_error *err)
{
	char **names;
	size_t n;
	enum cairn_err rc = list_files(dir, &names, &n, err);

	if (rc == CAIRN_OK && n == 0)
		rc = cairn_error_set(
		    err, CAIRN_ERR_IO,
		    _("no demo credentials in %s; reinstall cairn "
		      "or set CAIRN_DATA_DIR"),
		    dir);
	for (size_t i = 0; i < n && rc == CAIRN_OK; i++) {
		char *path = fs_join(dir, names[i]);
		unsigned char *bytes = NULL;
		size_t len = 0;
		struct import_outcome out;

		if (path == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("out of memory"));
		if (rc == CAIRN_OK)
			rc = read_file(path, CAIRN_MAX_IMPORT_SIZE, &bytes,
			               &len, err);
		if (rc == CAIRN_OK) {
			rc = collection_import(c, bytes, len, names[i], &out,
			                       err);
			if (rc == CAIRN_OK)
				import_outcome_clear(&out);
		}
		free(bytes);
		free(path);
	}
	names_free(names, n);
	if (rc == CAIRN_OK)
		d->count = collection_count(c);
	return rc;
}

/* Verifies every credential now and stores the verdicts, as
 * 'cairn verify --all' does. */
static enum cairn_err
verify_all(struct demo *d, struct collection *c, struct cairn_error *err)
{
	struct verify_ctx ctx;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;

	memset(&ctx, 0, sizeof ctx);
	ctx.now = now;
	ctx.trust = cJSON_GetObjectItemCaseSensitive(vault_data(d->v), "trust");
	ctx.coll = c;
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < collection_count(c); i++) {
		unsigned char *raw = NULL;
		size_t len = 0;
		struct verdict v;
		cJSON *j;
		enum cairn_err rc = collection_raw(c, i, &raw, &len, err);

		if (rc == CAIRN_OK)
			rc = verify_credential(raw, len, &ctx, &v, err);
		free(raw);
		if (rc != CAIRN_OK)
			return rc;
		j = verdict_json(&v, at);
		if (j == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory"));
		if ((rc = collection_set_verdict(c, i, j, err)) != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

#define DEMO_PREFIX "cairn-demo-"

/* Removes what demos of processes that died without demo_close (killed,
 * crashed) left in base: folders named like ours, owned by this user,
 * whose owner file nobody holds locked.  A folder without an owner file
 * may be a demo being made right now and is left alone. */
static void
sweep_leftovers(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *dir, *owner;
		struct stat st;
		int fd, stale = 0;

		if (strncmp(e->d_name, DEMO_PREFIX, strlen(DEMO_PREFIX)) != 0 ||
		    strlen(e->d_name) != strlen(DEMO_PREFIX) + 6)
			continue;
		dir = fs_join(base, e->d_name);
		owner = dir ? fs_join(dir, "owner") : NULL;
		if (owner != NULL && lstat(dir, &st) == 0 &&
		    S_ISDIR(st.st_mode) && st.st_uid == getuid()) {
			fd = open(owner, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0) {
				stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
				close(fd);
			}
		}
		if (stale)
			fs_remove_tree(dir);
		free(owner);
		free(dir);
	}
	closedir(d);
}

/* dir/owner, locked before it gets its name, so a sweeping demo never
 * sees it unlocked while this one lives. */
static enum cairn_err
take_ownership(struct demo *d, struct cairn_error *err)
{
	char *tmp = fs_join(d->dir, "owner.new"),
	     *owner = fs_join(d->dir, "owner");
	enum cairn_err rc = CAIRN_OK;

	if (tmp == NULL || owner == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	} else {
		d->owner_fd =
		    open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (d->owner_fd < 0 || flock(d->owner_fd, LOCK_EX) != 0 ||
		    rename(tmp, owner) != 0)
			rc = cairn_error_errno(
			    err, CAIRN_ERR_IO, errno,
			    _("cannot set up the demo folder %s; "
			      "set TMPDIR to a writable folder"),
			    d->dir);
	}
	free(tmp);
	free(owner);
	return rc;
}

static enum cairn_err
make_tmpdir(struct demo *d, struct cairn_error *err)
{
	const char *base = getenv("TMPDIR");
	size_t n;

	if (base == NULL || *base != '/')
		base = "/tmp";
	sweep_leftovers(base);
	n = strlen(base) + sizeof "/" DEMO_PREFIX "XXXXXX";
	d->dir = malloc(n);
	if (d->dir == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	snprintf(d->dir, n, "%s/" DEMO_PREFIX "XXXXXX", base);
	if (mkdtemp(d->dir) == NULL) {
		int e = errno;
		snprintf(d->dir, n, "%s", base);
		cairn_error_errno(
		    err, CAIRN_ERR_IO, e,
		    _("cannot make a temporary folder for the demo in "
		      "%s; set TMPDIR to a writable folder"),
		    d->dir);
		free(d->dir);
		d->dir = NULL;
		return CAIRN_ERR_IO;
	}
	return take_ownership(d, err);
}

static enum cairn_err
make_passphrase(struct demo *d, struct cairn_error *err)
{
	unsigned char raw[DEMO_PASS_BYTES];

	d->pass = secret_new();
	if (d->pass == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of guarded memory for the demo's "
		                         "passphrase"));
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex((char *)d->pass->data, 2 * DEMO_PASS_BYTES + 1, raw,
	               sizeof raw);
	d->pass->len = 2 * DEMO_PASS_BYTES;
	sodium_memzero(raw, sizeof raw);
	return CAIRN_OK;
}

enum cairn_err
demo_open(const char *datadir, struct demo **out, struct cairn_error *err)
{
	struct demo *d;
	struct collection *c = NULL;
	struct vault_kdf kdf;
	char *vdir = NULL, *demodir = NULL, *sub = NULL;
	enum cairn_err rc;

	*out = NULL;
	d = calloc(1, sizeof *d);
	if (d == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	d->owner_fd = -1;
	d->datadir = strdup(datadir != NULL ? datadir : pathways_data_dir());
	if (d->datadir == NULL) {
		free(d);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	demodir = fs_join(d->datadir, "demo");
	rc = demodir ? make_tmpdir(d, err)
	             : cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	if (rc == CAIRN_OK)
		rc = make_passphrase(d, err);
	if (rc == CAIRN_OK) {
		vdir = fs_join(d->dir, "vault");
		if (vdir == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("out of memory"));
	}
	if (rc == CAIRN_OK) {
		vault_kdf_for_level(VAULT_KDF_MINIMUM, &kdf);
		rc = vault_create(vdir, d->pass, &kdf, &d->v, err);
	}
	if (rc == CAIRN_OK) {
		sub = fs_join(demodir, "trust");
		rc = sub ? add_trust(d, sub, err)
		         : cairn_error_set(err, CAIRN_ERR_IO,
		                           _("out of memory"));
		free(sub);
	}
	if (rc == CAIRN_OK)
		rc = collection_open(d->v, &c, err);
	if (rc == CAIRN_OK) {
		sub = fs_join(demodir, "credentials");
		rc = sub ? import_all(d, c, sub, err)
		         : cairn_error_set(err, CAIRN_ERR_IO,
		                           _("out of memory"));
		free(sub);
	}
	if (rc == CAIRN_OK)
		rc = verify_all(d, c, err);
	if (rc == CAIRN_OK)
		rc = collection_save(c, err);
	collection_free(c);
	free(vdir);
	free(demodir);
	if (rc != CAIRN_OK) {
		demo_close(d);
		return rc;
	}
	*out = d;
	return CAIRN_OK;
}

struct vault *
demo_vault(struct demo *d)
{
	return d->v;
}

const char *
demo_dir(const struct demo *d)
{
	return d->dir;
}

const char *
demo_datadir(const struct demo *d)
{
	return d->datadir;
}

size_t
demo_count(const struct demo *d)
{
	return d->count;
}

void
demo_close(struct demo *d)
{
	if (d == NULL)
		return;
	vault_close(d->v);
	if (d->dir != NULL)
		fs_remove_tree(d->dir);
	if (d->owner_fd >= 0)
		close(d->owner_fd); /* after the removal: no sweeper races it */
	secret_free(d->pass);
	free(d->dir);
	free(d->datadir);
	free(d);
}

/* cairn backup / restore: one portable file holding a whole vault.
 *
 * The backup carries the vault's files exactly as they are on disk (key
 * slots, index, referenced objects — all already encrypted), framed in
 * typed entries and closed by a BLAKE2b MAC keyed from the master key, so
 * that the same passphrase restores it anywhere and any change to any
 * byte is refused.  Layout: cairn-vault(5). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fsutil.h"
#include "i18n.h"
#include "cairn_limits.h"
#include "vault_internal.h"

#define IO_BUF (64 * 1024)

/* ---- writing -------------------------------------------------------- */

struct bk_writer {
	int fd;
	unsigned char buf[IO_BUF];
	size_t used;
	crypto_generichash_state mac;
	int failed_errno;
};

static void
bk_flush(struct bk_writer *w)
{
	if (w->failed_errno == 0 && w->used > 0 &&
	    fs_write_all(w->fd, w->buf, w->used) < 0)
		w->failed_errno = errno ? errno : EIO;
	w->used = 0;
}

static void
bk_emit(struct bk_writer *w, const void *data, size_t len, int mac)
{
	const unsigned char *p = data;

	if (mac)
		crypto_generichash_update(&w->mac, p, len);
	while (len > 0) {
		size_t n = sizeof w->buf - w->used;
		if (n > len)
			n = len;
		memcpy(w->buf + w->used, p, n);
		w->used += n;
		p += n;
		len -= n;
		if (w->used == sizeof w->buf)
			bk_flush(w);
	}
}

static void
bk_entry(struct bk_writer *w, enum vf_entry_type type, const char *name,
         const unsigned char *data, size_t len)
{
	unsigned char head[1 + 2], size[8];
	size_t nlen = strlen(name);

	head[0] = (unsigned char)type;
	head[1] = (unsigned char)(nlen & 0xff);
	head[2] = (unsigned char)(nlen >> 8);
	bk_emit(w, head, sizeof head, 1);
	bk_emit(w, name, nlen, 1);
	vf_put_u64(size, len);
	bk_emit(w, size, sizeof size, 1);
	bk_emit(w, data, len, 1);
}

enum cairn_err
vault_backup(struct vault *v, const char *file, int force,
             struct cairn_error *err)
{
	struct bk_writer *w = NULL;
	unsigned char head[VF_BACKUP_HEAD], *buf = NULL, *plain = NULL;
	unsigned char trailer[VF_CHECKSUM_LEN], end[1 + 8];
	char *tmp = NULL, *dir = NULL;
	size_t len, flen = strlen(file);
	uint64_t entries = 0;
	enum cairn_err rc;
	struct stat st;

	if (v->dirty && (rc = vault_save(v, err)) != CAIRN_OK)
		return rc;
	if (!force && lstat(file, &st) == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s already exists (use --force to replace it)"),
		                       file);
	w = secret_alloc(sizeof *w);
	tmp = malloc(flen + 16);
	dir = fs_dirname(file);
	if (w == NULL || tmp == NULL || dir == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	memset(w, 0, sizeof *w);
	snprintf(tmp, flen + 16, "%s.tmp-XXXXXX", file);
	w->fd = mkstemp(tmp);
	if (w->fd < 0) {
		rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                       _("cannot create %s"), file);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	(void)fchmod(w->fd, 0600);
	crypto_generichash_init(&w->mac, v->keys + VK_BACKUP, 32, VF_CHECKSUM_LEN);

	memcpy(head, VF_BACKUP_MAGIC, VF_MAGIC_LEN);
	vf_put_u32(head + 8, VAULT_FORMAT_VERSION);
	memcpy(head + 12, v->id, VAULT_ID_BYTES);
	bk_emit(w, head, sizeof head, 1);

	if ((rc = vault_read_file(v->dir, "format", 4096, &buf, &len, err)) != CAIRN_OK)
		goto out;
	bk_entry(w, VF_ENTRY_FORMAT, "format", buf, len);
	entries++;
	free(buf);
	buf = NULL;

	for (int i = 0; i < CAIRN_MAX_KEY_SLOTS; i++) {
		char rel[16];
		unsigned char id[VAULT_ID_BYTES];
		snprintf(rel, sizeof rel, "keys/%d", i);
		rc = vault_read_file(v->dir, rel, 4096, &buf, &len, err);
		if (rc == CAIRN_ERR_DAMAGED && errno == ENOENT)
			continue; /* no such slot */
		if (rc != CAIRN_OK)
			goto out;
		memcpy(id, v->id, sizeof id);
		rc = vault_slot_open(buf, len, id, NULL, NULL, NULL, v->dir, rel, err);
		if (rc != CAIRN_OK)
			goto out;
		bk_entry(w, VF_ENTRY_SLOT, rel, buf, len);
		entries++;
		free(buf);
		buf = NULL;
	}

	rc = vault_read_file(v->dir, "index", CAIRN_MAX_INDEX_SIZE + VF_INDEX_OVERHEAD,
	                     &buf, &len, err);
	if (rc != CAIRN_OK)
		goto out;
	{
		char *json;
		rc = vault_index_decrypt(v->keys, v->id, buf, len, &json, NULL,
		                         v->dir, err);
		free(json);
		if (rc != CAIRN_OK)
			goto out;
	}
	bk_entry(w, VF_ENTRY_INDEX, "index", buf, len);
	entries++;
	free(buf);
	buf = NULL;

	for (size_t k = 0; k < v->nobj; k++) {
		char rel[96];
		vault_object_relpath(&v->objs[k].name, rel, sizeof rel);
		rc = vault_read_file(v->dir, rel, CAIRN_MAX_OBJECT_SIZE + VF_OBJECT_OVERHEAD,
		                     &buf, &len, err);
		if (rc != CAIRN_OK)
			goto out;
		plain = malloc(len >= VF_OBJECT_OVERHEAD ? len - VF_OBJECT_OVERHEAD : 1);
		if (plain == NULL) {
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			goto out;
		}
		rc = vault_object_decrypt(v->keys, v->id, &v->objs[k].name, buf, len,
		                          plain, v->dir, err);
		free(plain);
		plain = NULL;
		if (rc != CAIRN_OK)
			goto out;
		bk_entry(w, VF_ENTRY_OBJECT, rel, buf, len);
		entries++;
		free(buf);
		buf = NULL;
	}

	end[0] = VF_ENTRY_END;
	vf_put_u64(end + 1, entries);
	bk_emit(w, end, sizeof end, 1);
	crypto_generichash_final(&w->mac, trailer, sizeof trailer);
	bk_emit(w, trailer, sizeof trailer, 0);
	bk_flush(w);
	if (w->failed_errno != 0) {
		rc = cairn_error_errno(err, CAIRN_ERR_IO, w->failed_errno,
		                       _("cannot write backup %s"), file);
		goto out;
	}
	if (fsync(w->fd) < 0) {
		rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                       _("cannot write backup %s"), file);
		goto out;
	}
	close(w->fd);
	w->fd = -1;
	if (force) {
		if (rename(tmp, file) < 0) {
			rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
			                       _("cannot write backup %s"), file);
			goto out;
		}
	} else {
		/* link() refuses to replace a file that appeared meanwhile */
		if (link(tmp, file) < 0) {
			int saved = errno;
			if (saved == EEXIST)
				rc = cairn_error_set(err, CAIRN_ERR_USAGE,
				                     _("%s already exists (use --force to replace it)"),
				                     file);
			else
				rc = cairn_error_errno(err, CAIRN_ERR_IO, saved,
				                       _("cannot write backup %s"), file);
			goto out;
		}
		unlink(tmp);
	}
	free(tmp);
	tmp = NULL;
	if (fs_sync_dir(dir) < 0) {
		/* not known to be durable: report failure and leave no file that
		 * looks like a good backup */
		rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                       _("cannot write backup %s"), file);
		unlink(file);
		goto out;
	}
	rc = CAIRN_OK;
out:
	if (w != NULL) {
		if (w->fd > 0)
			close(w->fd);
		secret_release(w);
	}
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(buf);
	free(dir);
	return rc;
}

/* ---- reading -------------------------------------------------------- */

struct bk_reader {
	int fd;
	const char *file;
	unsigned char buf[IO_BUF];
	size_t pos, len;
	int mac_on;
	crypto_generichash_state mac;
	unsigned char *prefix; /* bytes read before the MAC key was known */
	size_t prefix_len, prefix_cap;
};

/* 0, -1 on a read error (errno), -2 at a premature end of file */
static int
bk_read(struct bk_reader *r, void *out, size_t len)
{
	unsigned char *p = out;
	size_t want = len;

	while (want > 0) {
		size_t n;
		if (r->pos == r->len) {
			ssize_t got = read(r->fd, r->buf, sizeof r->buf);
			if (got < 0) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			if (got == 0)
				return -2;
			r->pos = 0;
			r->len = (size_t)got;
		}
		n = r->len - r->pos;
		if (n > want)
			n = want;
		memcpy(p, r->buf + r->pos, n);
		r->pos += n;
		p += n;
		want -= n;
	}
	if (r->mac_on) {
		crypto_generichash_update(&r->mac, out, len);
	} else {
		if (r->prefix_len + len > r->prefix_cap) {
			size_t cap = (r->prefix_len + len) * 2;
			unsigned char *n = realloc(r->prefix, cap);
			if (n == NULL) {
				errno = ENOMEM;
				return -1;
			}
			r->prefix = n;
			r->prefix_cap = cap;
		}
		memcpy(r->prefix + r->prefix_len, out, len);
		r->prefix_len += len;
	}
	return 0;
}

static enum cairn_err
bk_bad(struct cairn_error *err, const char *file, const char *why)
{
	return cairn_error_set(err, CAIRN_ERR_DAMAGED,
	                       _("backup %s is damaged: %s"), file, why);
}

static enum cairn_err
bk_read_checked(struct bk_reader *r, void *out, size_t len,
                struct cairn_error *err)
{
	int rc = bk_read(r, out, len);

	if (rc == -2)
		return bk_bad(err, r->file, _("it ends too early"));
	if (rc < 0)
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot read backup %s"), r->file);
	return CAIRN_OK;
}

struct bk_entry {
	enum vf_entry_type type;
	char name[CAIRN_MAX_BACKUP_NAME + 1];
	uint64_t len;
	unsigned char *data;
};

static uint64_t
entry_limit(enum vf_entry_type t)
{
	switch (t) {
	case VF_ENTRY_FORMAT: return VF_FORMAT_SIZE;
	case VF_ENTRY_SLOT: return VF_SLOT_SIZE;
	case VF_ENTRY_INDEX: return CAIRN_MAX_INDEX_SIZE + VF_INDEX_OVERHEAD;
	case VF_ENTRY_OBJECT: return CAIRN_MAX_OBJECT_SIZE + VF_OBJECT_OVERHEAD;
	default: return 0;
	}
}

static enum cairn_err
bk_next(struct bk_reader *r, struct bk_entry *e, struct cairn_error *err)
{
	unsigned char head[3], size[8];
	size_t nlen;
	enum cairn_err rc;

	free(e->data);
	e->data = NULL;
	if ((rc = bk_read_checked(r, head, 1, err)) != CAIRN_OK)
		return rc;
	e->type = (enum vf_entry_type)head[0];
	if (e->type == VF_ENTRY_END) {
		if ((rc = bk_read_checked(r, size, 8, err)) != CAIRN_OK)
			return rc;
		e->len = vf_get_u64(size);
		return CAIRN_OK;
	}
	if (head[0] > VF_ENTRY_OBJECT)
		return bk_bad(err, r->file, _("an entry has an unknown type"));
	if ((rc = bk_read_checked(r, head + 1, 2, err)) != CAIRN_OK)
		return rc;
	nlen = (size_t)head[1] | ((size_t)head[2] << 8);
	if (nlen == 0 || nlen > CAIRN_MAX_BACKUP_NAME)
		return bk_bad(err, r->file, _("an entry name has an impossible length"));
	if ((rc = bk_read_checked(r, e->name, nlen, err)) != CAIRN_OK)
		return rc;
	e->name[nlen] = '\0';
	if (memchr(e->name, '\0', nlen) != NULL)
		return bk_bad(err, r->file, _("an entry name is malformed"));
	if ((rc = bk_read_checked(r, size, 8, err)) != CAIRN_OK)
		return rc;
	e->len = vf_get_u64(size);
	if (e->len > entry_limit(e->type))
		return bk_bad(err, r->file, _("an entry is larger than any valid one"));
	e->data = malloc(e->len ? (size_t)e->len : 1);
	if (e->data == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	return bk_read_checked(r, e->data, (size_t)e->len, err);
}

static int
slot_name_number(const char *name)
{
	char *end;
	long n;

	if (strncmp(name, "keys/", 5) != 0 || name[5] < '0' || name[5] > '9')
		return -1;
	n = strtol(name + 5, &end, 10);
	if (*end != '\0' || n < 0 || n >= CAIRN_MAX_KEY_SLOTS ||
	    (name[5] == '0' && name[6] != '\0'))
		return -1;
	return (int)n;
}

static int
object_entry_name(const char *rel, struct vault_name *name)
{
	char hex[VAULT_NAME_HEX], again[96];

	if (strlen(rel) != 8 + 2 + 1 + VAULT_NAME_HEX - 3 ||
	    strncmp(rel, "objects/", 8) != 0 || rel[10] != '/')
		return -1;
	memcpy(hex, rel + 8, 2);
	memcpy(hex + 2, rel + 11, VAULT_NAME_HEX - 3);
	hex[VAULT_NAME_HEX - 1] = '\0';
	if (vault_name_parse(hex, name) < 0)
		return -1;
	vault_object_relpath(name, again, sizeof again);
	return strcmp(again, rel) == 0 ? 0 : -1;
}

enum cairn_err
vault_restore(const char *file, const char *dir,
              const struct cairn_secret *pass, struct cairn_error *err)
{
	struct bk_reader *r;
	struct bk_entry e = {0};
	struct vault *v = NULL; /* holds keys and the index of the backup */
	unsigned char head[VF_BACKUP_HEAD], trailer[VF_CHECKSUM_LEN];
	unsigned char want[VF_CHECKSUM_LEN], extra;
	char *tmp = NULL, *json = NULL, *clean;
	uint64_t entries = 0, objects = 0;
	int last_slot = -1, have_slot = 0;
	int opened_slot = -1;
	struct cairn_error slot_err = {0};
	enum cairn_err rc;

	if ((rc = vault_target_usable(dir, err)) != CAIRN_OK)
		return rc;
	clean = fs_strip_slashes(dir);
	if (clean == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	dir = clean;
	r = secret_alloc(sizeof *r);
	if (r == NULL) {
		free(clean);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	memset(r, 0, sizeof *r);
	r->file = file;
	r->fd = open(file, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		rc = cairn_error_errno(err, CAIRN_ERR_USAGE, errno,
		                       _("cannot read backup %s"), file);
		secret_release(r);
		free(clean);
		return rc;
	}
	if (fs_read_exact(r->fd, head, sizeof head) != 0 ||
	    memcmp(head, VF_BACKUP_MAGIC, VF_MAGIC_LEN) != 0) {
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("%s is not a cairn backup"), file);
		goto out;
	}
	if (vf_get_u32(head + 8) != VAULT_FORMAT_VERSION) {
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("%s: backup format version %u is not supported by this cairn"),
		                     file, (unsigned)vf_get_u32(head + 8));
		goto out;
	}
	r->prefix = malloc(sizeof head);
	if (r->prefix == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	memcpy(r->prefix, head, sizeof head);
	r->prefix_len = r->prefix_cap = sizeof head;

	v = calloc(1, sizeof *v);
	if (v == NULL || (v->keys = secret_alloc(VK_SIZE)) == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	v->lock_fd = -1;
	if ((tmp = vault_make_tmpdir(dir, err)) == NULL) {
		rc = err ? err->code : CAIRN_ERR_IO;
		goto out;
	}
	v->dir = strdup(tmp);
	if (v->dir == NULL ||
	    (rc = vault_mkdir_in(tmp, "keys", err)) != CAIRN_OK ||
	    (rc = vault_mkdir_in(tmp, "objects", err)) != CAIRN_OK) {
		if (v->dir == NULL)
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}

	/* format first */
	if ((rc = bk_next(r, &e, err)) != CAIRN_OK)
		goto out;
	if (e.type != VF_ENTRY_FORMAT || strcmp(e.name, "format") != 0) {
		rc = bk_bad(err, file, _("the format entry is missing"));
		goto out;
	}
	if (vault_format_parse(e.data, (size_t)e.len, v->id, file, NULL) != CAIRN_OK ||
	    memcmp(v->id, head + 12, VAULT_ID_BYTES) != 0) {
		rc = bk_bad(err, file, _("its format entry is damaged"));
		goto out;
	}
	if ((rc = vault_write_new_file(tmp, "format", e.data, (size_t)e.len, err)) != CAIRN_OK)
		goto out;
	entries++;

	for (;;) {
		if ((rc = bk_next(r, &e, err)) != CAIRN_OK)
			goto out;
		if (e.type == VF_ENTRY_SLOT) {
			int n = slot_name_number(e.name);
			enum cairn_err src;
			if (n <= last_slot) {
				rc = bk_bad(err, file, _("its key slots are out of order"));
				goto out;
			}
			last_slot = n;
			have_slot = 1;
			src = vault_slot_open(e.data, (size_t)e.len, v->id,
			                      opened_slot < 0 ? pass : NULL,
			                      v->keys + VK_MASTER, NULL, file, e.name,
			                      &slot_err);
			if (src == CAIRN_ERR_DAMAGED) {
				rc = bk_bad(err, file, _("a key slot is damaged"));
				goto out;
			}
			if (src == CAIRN_OK) {
				opened_slot = n;
			} else if (src != CAIRN_ERR_PASSPHRASE) {
				rc = src;
				if (err)
					*err = slot_err;
				goto out;
			}
			if ((rc = vault_write_new_file(tmp, e.name, e.data, (size_t)e.len, err)) != CAIRN_OK)
				goto out;
			entries++;
			continue;
		}
		if (e.type != VF_ENTRY_INDEX || !have_slot || strcmp(e.name, "index") != 0) {
			rc = bk_bad(err, file, _("the index entry is missing"));
			goto out;
		}
		break;
	}
	/* every slot has been tried: the key is known, or the passphrase is
	 * wrong for this backup */
	if (opened_slot < 0) {
		rc = cairn_error_set(err, CAIRN_ERR_PASSPHRASE,
		                     _("wrong passphrase for backup %s"), file);
		goto out;
	}
	vault_derive_keys(v->keys);
	crypto_generichash_init(&r->mac, v->keys + VK_BACKUP, 32, VF_CHECKSUM_LEN);
	crypto_generichash_update(&r->mac, r->prefix, r->prefix_len);
	r->mac_on = 1;

	/* the index */
	rc = vault_index_decrypt(v->keys, v->id, e.data, (size_t)e.len, &json,
	                         &v->generation, file, NULL);
	if (rc != CAIRN_OK) {
		rc = bk_bad(err, file, _("its index fails authentication"));
		goto out;
	}
	if ((rc = vault_write_new_file(tmp, "index", e.data, (size_t)e.len, err)) != CAIRN_OK)
		goto out;
	entries++;
	/* the catalogue says which objects must follow, and no others */
	rc = vault_index_load(v, json, NULL);
	free(json);
	json = NULL;
	if (rc != CAIRN_OK) {
		rc = rc == CAIRN_ERR_DAMAGED ? bk_bad(err, file, _("its index is invalid"))
		                             : cairn_error_set(err, rc, _("out of memory"));
		goto out;
	}

	/* objects, then the end */
	for (;;) {
		struct vault_name nm;
		unsigned char *plain;
		char sub[16];

		if ((rc = bk_next(r, &e, err)) != CAIRN_OK)
			goto out;
		if (e.type == VF_ENTRY_END)
			break;
		if (e.type != VF_ENTRY_OBJECT || object_entry_name(e.name, &nm) < 0) {
			rc = bk_bad(err, file, _("an object entry is malformed"));
			goto out;
		}
		if (vault_find(v, &nm) == SIZE_MAX) {
			rc = bk_bad(err, file, _("it holds an object its index does not list"));
			goto out;
		}
		{
			char *p = fs_join(tmp, e.name);
			int dup = p == NULL || access(p, F_OK) == 0;
			free(p);
			if (dup) {
				rc = bk_bad(err, file, _("it holds an object twice"));
				goto out;
			}
		}
		plain = malloc(e.len >= VF_OBJECT_OVERHEAD ? (size_t)e.len - VF_OBJECT_OVERHEAD : 1);
		if (plain == NULL) {
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			goto out;
		}
		rc = vault_object_decrypt(v->keys, v->id, &nm, e.data, (size_t)e.len,
		                          plain, file, NULL);
		free(plain);
		if (rc != CAIRN_OK) {
			rc = bk_bad(err, file, _("an object fails authentication"));
			goto out;
		}
		memcpy(sub, e.name, 10);
		sub[10] = '\0';
		if ((rc = vault_mkdir_in(tmp, sub, err)) != CAIRN_OK ||
		    (rc = vault_write_new_file(tmp, e.name, e.data, (size_t)e.len, err)) != CAIRN_OK)
			goto out;
		entries++;
		objects++;
		if (entries > CAIRN_MAX_BACKUP_ENTRIES) {
			rc = bk_bad(err, file, _("it holds too many entries"));
			goto out;
		}
	}
	if (e.len != entries) {
		rc = bk_bad(err, file, _("its entry count does not match"));
		goto out;
	}
	crypto_generichash_final(&r->mac, want, sizeof want);
	r->mac_on = 0;
	if ((rc = bk_read_checked(r, trailer, sizeof trailer, err)) != CAIRN_OK)
		goto out;
	if (sodium_memcmp(want, trailer, sizeof want) != 0) {
		rc = bk_bad(err, file, _("its authentication code does not match"));
		goto out;
	}
	if (bk_read(r, &extra, 1) != -2) {
		rc = bk_bad(err, file, _("it has bytes after its end"));
		goto out;
	}
	/* every object the index references must have come */
	for (size_t k = 0; k < v->nobj; k++) {
		char rel[96], *p;
		int present;
		vault_object_relpath(&v->objs[k].name, rel, sizeof rel);
		p = fs_join(tmp, rel);
		present = p != NULL && access(p, F_OK) == 0;
		free(p);
		if (!present) {
			rc = bk_bad(err, file, _("an object the index needs is missing"));
			goto out;
		}
	}
	(void)objects;
	if ((rc = vault_write_new_file(tmp, "lock", "", 0, err)) != CAIRN_OK)
		goto out;
	{
		char *kd = fs_join(tmp, "keys"), *od = fs_join(tmp, "objects");
		int bad = kd == NULL || od == NULL || fs_sync_dir(kd) < 0 ||
		          fs_sync_dir(od) < 0 || fs_sync_dir(tmp) < 0;
		free(kd);
		free(od);
		if (bad) {
			rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
			                       _("cannot sync %s"), tmp);
			goto out;
		}
	}
	rc = vault_move_into_place(tmp, dir, err);
	if (rc == CAIRN_OK) {
		free(tmp);
		tmp = NULL;
	}
out:
	free(e.data);
	free(json);
	if (tmp != NULL) {
		fs_remove_tree(tmp);
		free(tmp);
	}
	if (v != NULL) {
		if (v->keys != NULL)
			secret_release(v->keys);
		cJSON_Delete(v->data);
		free(v->table);
		free(v->objs);
		free(v->dir);
		free(v);
	}
	close(r->fd);
	free(r->prefix);
	secret_release(r);
	free(clean);
	return rc;
}

/* Internals shared by vault.c and vault_backup.c; not an interface. */
#ifndef CAIRN_VAULT_INTERNAL_H
#define CAIRN_VAULT_INTERNAL_H

#include "vault.h"
#include "vault_format.h"

struct vault_obj {
	struct vault_name name;
	uint64_t size;
	int64_t added;
	char kind[24];
};

/* keys[] layout in guarded memory */
enum { VK_MASTER = 0, VK_NAME = 32, VK_DATA = 64, VK_BACKUP = 96, VK_SIZE = 128 };

struct vault {
	char *dir;
	enum vault_mode mode;
	int lock_fd;
	unsigned char id[VAULT_ID_BYTES];
	unsigned char *keys; /* sodium_malloc'd, VK_SIZE bytes */
	int slot;            /* the slot that opened the vault */
	struct vault_kdf slot_kdf; /* and its key derivation parameters */
	uint64_t generation;
	struct vault_obj *objs;
	size_t nobj, capobj;
	size_t *table; /* open addressing: index + 1, 0 = empty */
	size_t tcap;
	cJSON *data;
	int dirty;
};

/* "objects/ab/cdef…" for a name */
void vault_object_relpath(const struct vault_name *name, char *buf, size_t size);

/* Parses and checks a format file's bytes. */
enum cairn_err vault_format_parse(const unsigned char *buf, size_t len,
                                  unsigned char id[VAULT_ID_BYTES],
                                  const char *where, struct cairn_error *err);

/* Checks a slot's bytes and, when pass is not NULL, unwraps the master key
 * into master (32 bytes).  CAIRN_ERR_DAMAGED for a bad checksum or
 * parameters, CAIRN_ERR_PASSPHRASE when the passphrase does not open it. */
enum cairn_err vault_slot_open(const unsigned char *buf, size_t len,
                               const unsigned char id[VAULT_ID_BYTES],
                               const struct cairn_secret *pass,
                               unsigned char *master, struct vault_kdf *kdf,
                               const char *where, const char *file,
                               struct cairn_error *err);

/* Derives the subkeys in keys[] from keys[VK_MASTER]. */
void vault_derive_keys(unsigned char *keys);

/* Decrypts an object file's bytes (name checked against the plaintext).
 * plain must hold len - VF_OBJECT_OVERHEAD bytes. */
enum cairn_err vault_object_decrypt(const unsigned char *keys,
                                    const unsigned char id[VAULT_ID_BYTES],
                                    const struct vault_name *name,
                                    const unsigned char *buf, size_t len,
                                    unsigned char *plain, const char *where,
                                    struct cairn_error *err);

/* Decrypts index bytes into a malloc'd, NUL-ended JSON text. */
enum cairn_err vault_index_decrypt(const unsigned char *keys,
                                   const unsigned char id[VAULT_ID_BYTES],
                                   const unsigned char *buf, size_t len,
                                   char **json, uint64_t *generation,
                                   const char *where, struct cairn_error *err);

enum cairn_err vault_damaged(struct cairn_error *err, const char *where,
                             const char *file, const char *why);

/* Helpers for writing whole vaults (create, restore). */
enum cairn_err vault_read_file(const char *dir, const char *rel, size_t max,
                               unsigned char **data, size_t *len,
                               struct cairn_error *err);
enum cairn_err vault_target_usable(const char *dir, struct cairn_error *err);
char *vault_make_tmpdir(const char *dir, struct cairn_error *err);
enum cairn_err vault_move_into_place(const char *tmp, const char *dir,
                                     struct cairn_error *err);
enum cairn_err vault_write_new_file(const char *dir, const char *rel,
                                    const void *data, size_t len,
                                    struct cairn_error *err);
enum cairn_err vault_mkdir_in(const char *dir, const char *rel,
                              struct cairn_error *err);
enum cairn_err vault_require_write(const struct vault *v,
                                   struct cairn_error *err);
enum cairn_err vault_index_write(struct vault *v, struct cairn_error *err);
/* Loads the catalogue's JSON text into v (objects table and data). */
enum cairn_err vault_index_load(struct vault *v, const char *json,
                                struct cairn_error *err);
/* Lookup of a referenced object; SIZE_MAX when absent. */
size_t vault_find(const struct vault *v, const struct vault_name *name);

#endif

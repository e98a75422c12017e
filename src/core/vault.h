/* The vault: an encrypted, content-addressed store on disk.
 *
 * A directory (0700) holding
 *   format       vault id and format version (checksummed, not secret)
 *   keys/N       passphrase slots: Argon2id parameters, salt and the master
 *                key wrapped with XChaCha20-Poly1305
 *   objects/XX/… encrypted blobs named by a keyed BLAKE2b of their plaintext
 *   index        the encrypted catalogue (JSON), replaced atomically
 *   lock         flock()ed by the one writer; holds its pid
 * The on-disk format is specified in cairn-vault(5).
 *
 * Writes: vault_put writes and fsyncs an object at once; vault_save then
 * replaces the index (write, fsync, rename, fsync directory).  A crash at
 * any instant leaves the previous index or the new one. */
#ifndef CAIRN_VAULT_H
#define CAIRN_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "cairn_limits.h"
#include "secret.h"

#define VAULT_FORMAT_VERSION 1
#define VAULT_ID_BYTES 16
#define VAULT_NAME_BYTES 32
#define VAULT_NAME_HEX (2 * VAULT_NAME_BYTES + 1)

struct vault;

struct vault_name {
	unsigned char b[VAULT_NAME_BYTES];
};

enum vault_mode {
	VAULT_READ,  /* no lock: readers see the last saved index */
	VAULT_WRITE, /* takes the writer lock; required by every change */
};

enum vault_kdf_level {
	VAULT_KDF_INTERACTIVE,
	VAULT_KDF_MODERATE, /* the default */
	VAULT_KDF_SENSITIVE,
	VAULT_KDF_MINIMUM, /* tests and benchmarks only: no protection */
};

struct vault_kdf {
	uint64_t opslimit;
	uint64_t memlimit; /* bytes */
};

void vault_kdf_for_level(enum vault_kdf_level level, struct vault_kdf *kdf);
/* Parses "interactive", "moderate" or "sensitive"; -1 when unknown. */
int vault_kdf_level_parse(const char *word, enum vault_kdf_level *level);

/* Creates a new vault in DIR (which must not exist, or be empty), with one
 * key slot for the passphrase, and returns it open for writing. */
enum cairn_err vault_create(const char *dir, const struct cairn_secret *pass,
                            const struct vault_kdf *kdf, struct vault **out,
                            struct cairn_error *err);

/* Unlocks the vault in DIR.  CAIRN_ERR_NOVAULT when there is none,
 * CAIRN_ERR_PASSPHRASE when no slot opens, CAIRN_ERR_DAMAGED naming the
 * damaged file, CAIRN_ERR_LOCKED (VAULT_WRITE) naming the holder's pid. */
enum cairn_err vault_open(const char *dir, const struct cairn_secret *pass,
                          enum vault_mode mode, struct vault **out,
                          struct cairn_error *err);

/* Releases the lock and wipes the keys.  Unsaved changes are dropped. */
void vault_close(struct vault *v);

const char *vault_dir(const struct vault *v);

/* Stores bytes (at most CAIRN_MAX_OBJECT_SIZE) and references them from
 * the index; identical bytes are stored once.  *added is 1 when the object
 * is new.  The reference is durable after vault_save. */
enum cairn_err vault_put(struct vault *v, const void *data, size_t len,
                         const char *kind, struct vault_name *name,
                         int *added, struct cairn_error *err);

/* Reads an object back (malloc'd; the caller frees).  CAIRN_ERR_DAMAGED
 * when the file is missing or fails authentication. */
enum cairn_err vault_get(struct vault *v, const struct vault_name *name,
                         unsigned char **data, size_t *len,
                         struct cairn_error *err);

/* 1 when the index references the object. */
int vault_has(const struct vault *v, const struct vault_name *name);

/* Drops the index's reference; the bytes go at the next vault_gc. */
enum cairn_err vault_unref(struct vault *v, const struct vault_name *name,
                           struct cairn_error *err);

size_t vault_object_count(const struct vault *v);

/* Calls fn for every referenced object, in index order; stops early and
 * returns fn's value when it is not 0. */
int vault_object_foreach(const struct vault *v,
                         int (*fn)(const struct vault_name *name,
                                   const char *kind, uint64_t size, void *ctx),
                         void *ctx);

/* The application's part of the index, a JSON object owned by the vault:
 * change it in place, then vault_save. */
cJSON *vault_data(struct vault *v);

/* Marks the index changed (vault_put and vault_unref do it themselves). */
void vault_touch(struct vault *v);

/* Writes the index if anything changed. */
enum cairn_err vault_save(struct vault *v, struct cairn_error *err);

/* Rewrites the key slot that opened the vault for a new passphrase; no
 * object or index is touched.  kdf NULL keeps the slot's parameters. */
enum cairn_err vault_passwd(struct vault *v, const struct cairn_secret *pass,
                            const struct vault_kdf *kdf,
                            struct cairn_error *err);

struct vault_gc_report {
	uint64_t removed;       /* files */
	uint64_t removed_bytes;
	uint64_t kept;
};

/* Removes objects the index does not reference and leftover temporary
 * files.  Needs VAULT_WRITE. */
enum cairn_err vault_gc(struct vault *v, struct vault_gc_report *report,
                        struct cairn_error *err);

struct vault_check_report {
	uint64_t objects;       /* referenced objects read */
	uint64_t damaged;       /* damaged or missing objects and key slots */
	uint64_t unreferenced;  /* files vault_gc would remove */
	char first_damaged[CAIRN_ERROR_MAX];
};

/* Reads and authenticates every referenced object and checks every key
 * slot.  Returns CAIRN_ERR_DAMAGED (naming the first damaged file) when any
 * fails. */
enum cairn_err vault_check(struct vault *v, struct vault_check_report *report,
                           struct cairn_error *err);

struct vault_slot_info {
	int number;
	int damaged;
	uint64_t opslimit;
	uint64_t memlimit;
};

struct vault_status {
	unsigned version;
	char id_hex[2 * VAULT_ID_BYTES + 1];
	int slot_count;
	struct vault_slot_info slots[CAIRN_MAX_KEY_SLOTS];
	uint64_t object_files;
	uint64_t object_bytes;
	uint64_t index_bytes;
	uint64_t index_generation;
	long lock_pid; /* >0 when a writer holds the lock */
};

/* Reads what can be known without the passphrase; never asks for it. */
enum cairn_err vault_status_read(const char *dir, struct vault_status *st,
                                 struct cairn_error *err);

/* The status as one JSON document (malloc'd text), for --json. */
char *vault_status_json(const char *dir, const struct vault_status *st);

/* Writes one file holding the key slots, index and every referenced object
 * (each checked first), authenticated as a whole.  Refuses to replace an
 * existing FILE unless force. */
enum cairn_err vault_backup(struct vault *v, const char *file, int force,
                            struct cairn_error *err);

/* Restores a backup into DIR (absent or empty): the passphrase must open
 * one of its slots, and every byte is authenticated before DIR appears. */
enum cairn_err vault_restore(const char *file, const char *dir,
                             const struct cairn_secret *pass,
                             struct cairn_error *err);

void vault_name_hex(const struct vault_name *name, char hex[VAULT_NAME_HEX]);
int vault_name_parse(const char *hex, struct vault_name *name);

#endif

/* Secrets (passphrases, keys) in guarded memory.
 *
 * A secret lives in sodium_malloc'd memory (guard pages, mlock where the
 * system allows it) and is wiped when freed.  Passphrases come from a file
 * or a command's first output line, never from argv or an environment
 * variable's value; reading the terminal is the front end's job. */
#ifndef CAIRN_SECRET_H
#define CAIRN_SECRET_H

#include <stddef.h>

#include "cairn.h"

struct cairn_secret {
	unsigned char *data; /* capacity CAIRN_MAX_PASSPHRASE + 1, NUL-ended */
	size_t len;
};

/* A new empty secret, or NULL when guarded memory is exhausted. */
struct cairn_secret *secret_new(void);
void secret_free(struct cairn_secret *s);

/* Keeps the first line of the bytes in s (drops "\n" or "\r\n" and
 * everything after); an empty or over-long first line is an error. */
enum cairn_err secret_take_line(struct cairn_secret *s, size_t nread,
                                struct cairn_error *err);

/* The passphrase is the first line of FILE. */
enum cairn_err secret_from_file(const char *path, struct cairn_secret **out,
                                struct cairn_error *err);

/* The passphrase is the first line COMMAND (run by /bin/sh -c) prints. */
enum cairn_err secret_from_command(const char *command,
                                   struct cairn_secret **out,
                                   struct cairn_error *err);

/* 1 when both secrets hold the same bytes (constant time in the length). */
int secret_equal(const struct cairn_secret *a, const struct cairn_secret *b);

/* Guarded memory for key material: sodium_malloc'd (guard pages, wiped
 * when released), locked in RAM where RLIMIT_MEMLOCK allows, and listed in
 * a registry so secret_wipe_all() can reach it from a signal handler.
 * secret_alloc returns NULL when out of guarded memory or when more than
 * SECRET_MAX_REGIONS regions are live; secret_release accepts NULL.  The
 * registry is the one piece of global state in core: a signal handler has
 * no other way to find the secrets. */
#define SECRET_MAX_REGIONS 64
void *secret_alloc(size_t size);
void secret_release(void *p);

/* Zeroes every live secret region (passphrases, vault and key-encryption
 * keys).  Async-signal-safe: it only reads the registry (volatile, written
 * before a region is used and cleared before it is freed) and stores zero
 * bytes through volatile pointers; it calls no function.  The memory stays
 * mapped: call it from a handler that then ends the process. */
void secret_wipe_all(void);

/* Number of live secret regions (for tests). */
size_t secret_live_regions(void);

/* 0 when every secret region so far could be locked in RAM; otherwise the
 * errno of the first refused mlock (ENOMEM or EPERM: RLIMIT_MEMLOCK too
 * small and no CAP_IPC_LOCK), so the front end can say the secrets could
 * reach swap. */
int secret_lock_error(void);

/* Turns off core dumps and ptrace attachment for this process, so keys in
 * memory cannot be written to disk by a crash.  Returns 0, or -1 when the
 * system refused (errno set). */
int secure_process_harden(void);

#endif

/* Helpers shared by the cmocka tests. */
#ifndef CAIRN_TESTHELP_H
#define CAIRN_TESTHELP_H

#include <stddef.h>

#include "secret.h"
#include "vault.h"

/* A fresh directory under $TMPDIR (or /tmp); the caller frees the path and
 * removes it with th_rmtree. */
char *th_tmpdir(void);
void th_rmtree(const char *dir);

/* dir + "/" + rel, malloc'd. */
char *th_path(const char *dir, const char *rel);

/* A secret holding the given text. */
struct cairn_secret *th_secret(const char *text);

/* The cheapest key derivation: the tests exercise the format, not Argon2. */
void th_kdf_min(struct vault_kdf *kdf);

/* Whole-file helpers; th_read aborts the test when the file is unreadable. */
unsigned char *th_read(const char *path, size_t *len);
void th_write(const char *path, const void *data, size_t len);

/* Every regular file below dir as relative paths, sorted; NULL-terminated.
 * Free with th_strv_free. */
char **th_files(const char *dir);
void th_strv_free(char **v);

/* Deterministic pseudo-random bytes from a seed. */
void th_fill(unsigned char *buf, size_t len, unsigned seed);

#endif

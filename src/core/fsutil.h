/* File-system helpers for crash-safe saving.  All files cairn writes are
 * 0600 and directories 0700, whatever the umask. */
#ifndef CAIRN_FSUTIL_H
#define CAIRN_FSUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "cairn.h"

/* Writes all bytes, retrying short writes and EINTR.  0 or -1 (errno). */
int fs_write_all(int fd, const void *buf, size_t len);
/* Reads exactly len bytes; -1 with errno, or -2 at end of file. */
int fs_read_exact(int fd, void *buf, size_t len);

/* fsync()s a directory so a rename in it is durable. */
int fs_sync_dir(const char *dir);

/* Makes DIR with mode 0700 (and its missing parents, also 0700). */
int fs_mkdir_p(const char *dir);

/* Replaces PATH atomically with bytes: a temporary file in the same
 * directory is written, fsync()ed and renamed over PATH, then the
 * directory is fsync()ed.  On error PATH is unchanged. */
enum cairn_err fs_replace_file(const char *path, const void *data, size_t len,
                               const char *what, struct cairn_error *err);

/* Reads a whole regular file of at most max bytes (malloc'd, NUL-ended).
 * Returns 0, -1 with errno, or -2 when it is larger than max. */
int fs_read_file(const char *path, size_t max, unsigned char **data,
                 size_t *len);

/* dir + "/" + name, malloc'd; NULL when out of memory. */
char *fs_join(const char *dir, const char *name);

/* The directory part of path (malloc'd). */
char *fs_dirname(const char *path);

/* A copy of path without trailing slashes ("/" stays "/"); NULL when out
 * of memory. */
char *fs_strip_slashes(const char *path);

/* Removes a directory tree (best effort, for cleaning failed restores). */
void fs_remove_tree(const char *dir);

#endif

/* Finding and reading the files an import names. */
#ifndef CAIRN_IMPORT_FILES_H
#define CAIRN_IMPORT_FILES_H

#include <stddef.h>

#include "cairn.h"

/* Reads a file ("-" is standard input) of at most CAIRN_MAX_IMPORT_SIZE
 * bytes; a larger one is refused before it is read. */
enum cairn_err import_read_path(const char *path, unsigned char **data,
                                size_t *len, struct cairn_error *err);

/* The files an argument stands for: itself, or, for a folder, every file
 * below it with a known extension (sorted, at most CAIRN_MAX_FOLDER_DEPTH
 * deep, symbolic links to folders not followed).  A NULL-terminated,
 * malloc'd list of malloc'd paths. */
enum cairn_err import_expand_path(const char *path, char ***paths, size_t *n,
                                  struct cairn_error *err);

void import_paths_free(char **paths, size_t n);

#endif

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"
#include "import/files.h"
#include "import/import.h"
#include "cairn_limits.h"

static enum cairn_err
read_fd(int fd, const char *path, unsigned char **data, size_t *len,
        struct cairn_error *err)
{
	size_t cap = 65536, got = 0;
	unsigned char *buf = malloc(cap);

	if (buf == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	for (;;) {
		ssize_t n;
		if (got == cap) {
			unsigned char *nb;
			if (cap > CAIRN_MAX_IMPORT_SIZE) {
				free(buf);
				return cairn_error_set(err, CAIRN_ERR_USAGE,
				                       _("%s: larger than the limit of %lu MiB"),
				                       path, CAIRN_MAX_IMPORT_SIZE >> 20);
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			}
			buf = nb;
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0) {
			int saved = errno;
			if (saved == EINTR)
				continue;
			free(buf);
			return cairn_error_errno(err, CAIRN_ERR_USAGE, saved,
			                         _("cannot read %s"), path);
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > CAIRN_MAX_IMPORT_SIZE) {
		free(buf);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: larger than the limit of %lu MiB"), path,
		                       CAIRN_MAX_IMPORT_SIZE >> 20);
	}
	*data = buf;
	*len = got;
	return CAIRN_OK;
}

enum cairn_err
import_read_path(const char *path, unsigned char **data, size_t *len,
                 struct cairn_error *err)
{
	struct stat st;
	enum cairn_err rc;
	int fd;

	*data = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, _("standard input"), data, len, err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cairn_error_errno(err, CAIRN_ERR_USAGE, errno,
		                         _("cannot open %s"), path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s is not a regular file"), path);
	}
	if ((unsigned long long)st.st_size > CAIRN_MAX_IMPORT_SIZE) {
		close(fd);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: larger than the limit of %lu MiB"), path,
		                       CAIRN_MAX_IMPORT_SIZE >> 20);
	}
	rc = read_fd(fd, path, data, len, err);
	close(fd);
	return rc;
}

struct list {
	char **v;
	size_t n, cap;
};

static int
list_add(struct list *l, char *p)
{
	if (l->n + 1 >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **n = realloc(l->v, cap * sizeof *n);
		if (n == NULL)
			return -1;
		l->v = n;
		l->cap = cap;
	}
	l->v[l->n++] = p;
	l->v[l->n] = NULL;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum cairn_err
walk(const char *dir, int depth, struct list *l, struct cairn_error *err)
{
	DIR *d;
	struct dirent *e;
	struct list names = {NULL, 0, 0};
	enum cairn_err rc = CAIRN_OK;

	if (depth > CAIRN_MAX_FOLDER_DEPTH)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: folders nested deeper than %d levels"), dir,
		                       CAIRN_MAX_FOLDER_DEPTH);
	d = opendir(dir);
	if (d == NULL)
		return cairn_error_errno(err, CAIRN_ERR_USAGE, errno,
		                         _("cannot read folder %s"), dir);
	while ((e = readdir(d)) != NULL) {
		char *p;
		if (e->d_name[0] == '.')
			continue; /* ., .. and hidden files */
		p = fs_join(dir, e->d_name);
		if (p == NULL || list_add(&names, p) < 0) {
			free(p);
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			break;
		}
	}
	closedir(d);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		struct stat st;
		char *p = names.v[i];
		names.v[i] = NULL;
		if (rc != CAIRN_OK || lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = walk(p, depth + 1, l, err);
			free(p);
		} else if (S_ISREG(st.st_mode) && import_known_extension(p)) {
			if (list_add(l, p) < 0) {
				free(p);
				rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			}
		} else {
			free(p);
		}
	}
	free(names.v);
	return rc;
}

enum cairn_err
import_expand_path(const char *path, char ***paths, size_t *n,
                   struct cairn_error *err)
{
	struct list l = {NULL, 0, 0};
	struct stat st;
	enum cairn_err rc = CAIRN_OK;

	*paths = NULL;
	*n = 0;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = walk(path, 0, &l, err);
	} else {
		char *p = strdup(path);
		if (p == NULL || list_add(&l, p) < 0) {
			free(p);
			rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		}
	}
	if (rc != CAIRN_OK) {
		import_paths_free(l.v, l.n);
		return rc;
	}
	*paths = l.v;
	*n = l.n;
	return CAIRN_OK;
}

void
import_paths_free(char **paths, size_t n)
{
	if (paths == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

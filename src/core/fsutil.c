#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"

int
fs_write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fs_read_exact(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return -2;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fs_sync_dir(const char *dir)
{
	int fd, rc, saved;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
fs_mkdir_p(const char *dir)
{
	char *copy, *p;
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return -1;
		}
		return 0;
	}
	copy = strdup(dir);
	if (copy == NULL)
		return -1;
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	return chmod(dir, 0700);
}

char *
fs_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *s = malloc(a + b + 2);

	if (s == NULL)
		return NULL;
	memcpy(s, dir, a);
	s[a] = '/';
	memcpy(s + a + 1, name, b + 1);
	return s;
}

char *
fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *s;

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	s = malloc((size_t)(slash - path) + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, path, (size_t)(slash - path));
	s[slash - path] = '\0';
	return s;
}

enum cairn_err
fs_replace_file(const char *path, const void *data, size_t len,
                const char *what, struct cairn_error *err)
{
	char *tmp = NULL, *dir = NULL;
	int fd = -1, saved;
	size_t plen = strlen(path);

	tmp = malloc(plen + 16);
	dir = fs_dirname(path);
	if (tmp == NULL || dir == NULL) {
		free(tmp);
		free(dir);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_noclean;
	if (fchmod(fd, 0600) < 0 || fs_write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	if (fs_sync_dir(dir) < 0)
		goto fail_noclean;
	free(tmp);
	free(dir);
	return CAIRN_OK;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_noclean:
	saved = errno;
	cairn_error_errno(err, CAIRN_ERR_IO, saved, _("cannot write %s (%s)"),
	                  what, path);
	free(tmp);
	free(dir);
	return CAIRN_ERR_IO;
}

int
fs_read_file(const char *path, size_t max, unsigned char **data, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	int fd, rc, saved;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return -2;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	rc = fs_read_exact(fd, buf, (size_t)st.st_size);
	saved = errno;
	close(fd);
	if (rc == -1) {
		free(buf);
		errno = saved;
		return -1;
	}
	if (rc == -2) { /* shrank while reading */
		free(buf);
		errno = EIO;
		return -1;
	}
	buf[st.st_size] = '\0';
	*data = buf;
	*len = (size_t)st.st_size;
	return 0;
}

void
fs_remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		unlink(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = fs_join(dir, e->d_name);
		if (p == NULL)
			continue;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			fs_remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

char *
fs_strip_slashes(const char *path)
{
	char *s = strdup(path);
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

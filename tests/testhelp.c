#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "testhelp.h"

char *
th_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p;
	size_t n;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	n = strlen(base) + 32;
	p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/cairn-test-XXXXXX", base);
	assert_non_null(mkdtemp(p));
	return p;
}

void
th_rmtree(const char *dir)
{
	fs_remove_tree(dir);
}

char *
th_path(const char *dir, const char *rel)
{
	char *p = fs_join(dir, rel);
	assert_non_null(p);
	return p;
}

struct cairn_secret *
th_secret(const char *text)
{
	struct cairn_secret *s = secret_new();

	assert_non_null(s);
	s->len = strlen(text);
	memcpy(s->data, text, s->len);
	return s;
}

void
th_kdf_min(struct vault_kdf *kdf)
{
	vault_kdf_for_level(VAULT_KDF_MINIMUM, kdf);
}

unsigned char *
th_read(const char *path, size_t *len)
{
	unsigned char *data;

	if (fs_read_file(path, 1UL << 30, &data, len) != 0)
		fail_msg("cannot read %s", path);
	return data;
}

void
th_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

struct strv {
	char **v;
	size_t n, cap;
};

static void
strv_push(struct strv *s, const char *str)
{
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		assert_non_null(s->v);
	}
	s->v[s->n] = strdup(str);
	assert_non_null(s->v[s->n]);
	s->n++;
	s->v[s->n] = NULL;
}

static void
files_walk(const char *root, const char *rel, struct strv *out)
{
	char *dir = rel[0] ? th_path(root, rel) : strdup(root);
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char sub[1024], *full;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		full = th_path(root, sub);
		assert_int_equal(lstat(full, &st), 0);
		if (S_ISDIR(st.st_mode))
			files_walk(root, sub, out);
		else
			strv_push(out, sub);
		free(full);
	}
	closedir(d);
	free(dir);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
th_files(const char *dir)
{
	struct strv s = {NULL, 0, 0};

	files_walk(dir, "", &s);
	if (s.v == NULL) {
		s.v = calloc(1, sizeof *s.v);
		assert_non_null(s.v);
	}
	qsort(s.v, s.n, sizeof *s.v, cmp_str);
	return s.v;
}

void
th_strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void
th_fill(unsigned char *buf, size_t len, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
}

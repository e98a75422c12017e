#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "fsutil.h"
#include "i18n.h"
#include "cairn_limits.h"
#include "secret.h"

/* ---- the registry of secret memory ---------------------------------- */

struct secret_region {
	unsigned char *volatile p;
	volatile size_t len;
};

static struct secret_region regions[SECRET_MAX_REGIONS];
static int lock_error;

void *
secret_alloc(size_t size)
{
	unsigned char *p;
	size_t i;

	for (i = 0; i < SECRET_MAX_REGIONS && regions[i].p != NULL; i++)
		;
	if (i == SECRET_MAX_REGIONS)
		return NULL;
	p = sodium_malloc(size);
	if (p == NULL)
		return NULL;
	/* sodium_malloc tries mlock and stays silent when it is refused: ask
	 * again, so the refusal can be reported */
	if (mlock(p, size) < 0 && lock_error == 0)
		lock_error = errno != 0 ? errno : ENOMEM;
	regions[i].len = size; /* the length before the pointer: a handler */
	regions[i].p = p;      /* never sees a pointer with a stale length */
	return p;
}

void
secret_release(void *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < SECRET_MAX_REGIONS; i++) {
		if (regions[i].p == p) {
			regions[i].p = NULL; /* out of the handler's sight first */
			regions[i].len = 0;
			break;
		}
	}
	sodium_free(p); /* wipes before unmapping */
}

void
secret_wipe_all(void)
{
	for (size_t i = 0; i < SECRET_MAX_REGIONS; i++) {
		volatile unsigned char *p = regions[i].p;
		size_t len = regions[i].len;

		if (p == NULL)
			continue;
		for (size_t k = 0; k < len; k++)
			p[k] = 0;
	}
}

size_t
secret_live_regions(void)
{
	size_t n = 0;

	for (size_t i = 0; i < SECRET_MAX_REGIONS; i++)
		if (regions[i].p != NULL)
			n++;
	return n;
}

int
secret_lock_error(void)
{
	return lock_error;
}

/* ---- passphrases ---------------------------------------------------- */

struct cairn_secret *
secret_new(void)
{
	struct cairn_secret *s = sodium_malloc(sizeof *s);

	if (s == NULL)
		return NULL;
	s->data = secret_alloc(CAIRN_MAX_PASSPHRASE + 1);
	if (s->data == NULL) {
		sodium_free(s);
		return NULL;
	}
	sodium_memzero(s->data, CAIRN_MAX_PASSPHRASE + 1);
	s->len = 0;
	return s;
}

void
secret_free(struct cairn_secret *s)
{
	if (s == NULL)
		return;
	secret_release(s->data);
	sodium_free(s);
}

enum cairn_err
secret_take_line(struct cairn_secret *s, size_t nread, struct cairn_error *err)
{
	size_t i;

	for (i = 0; i < nread && s->data[i] != '\n'; i++)
		;
	if (i == nread && nread > CAIRN_MAX_PASSPHRASE) {
		sodium_memzero(s->data, CAIRN_MAX_PASSPHRASE + 1);
		s->len = 0;
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("passphrase is longer than %d bytes"),
		                       CAIRN_MAX_PASSPHRASE);
	}
	if (i > 0 && s->data[i - 1] == '\r')
		i--;
	sodium_memzero(s->data + i, CAIRN_MAX_PASSPHRASE + 1 - i);
	s->len = i;
	if (i == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the passphrase is empty"));
	return CAIRN_OK;
}

/* Reads up to capacity+1 bytes (one more than fits, to detect over-long
 * input) from fd into the secret; the extra byte overwrites the NUL slot,
 * which secret_take_line clears again. */
static int
secret_read_fd(struct cairn_secret *s, int fd, size_t *nread)
{
	size_t got = 0;

	while (got < CAIRN_MAX_PASSPHRASE + 1) {
		ssize_t n = read(fd, s->data + got, CAIRN_MAX_PASSPHRASE + 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		if (memchr(s->data + got, '\n', (size_t)n) != NULL) {
			got += (size_t)n;
			break;
		}
		got += (size_t)n;
	}
	*nread = got;
	return 0;
}

enum cairn_err
secret_from_file(const char *path, struct cairn_secret **out,
                 struct cairn_error *err)
{
	struct cairn_secret *s;
	size_t nread;
	int fd;
	enum cairn_err rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cairn_error_errno(err, CAIRN_ERR_USAGE, errno,
		                         _("cannot read passphrase file %s"), path);
	s = secret_new();
	if (s == NULL) {
		close(fd);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of secure memory"));
	}
	if (secret_read_fd(s, fd, &nread) < 0) {
		int saved = errno;
		close(fd);
		secret_free(s);
		return cairn_error_errno(err, CAIRN_ERR_USAGE, saved,
		                         _("cannot read passphrase file %s"), path);
	}
	close(fd);
	rc = secret_take_line(s, nread, err);
	if (rc != CAIRN_OK) {
		secret_free(s);
		return rc;
	}
	*out = s;
	return CAIRN_OK;
}

enum cairn_err
secret_from_command(const char *command, struct cairn_secret **out,
                    struct cairn_error *err)
{
	struct cairn_secret *s;
	int fds[2], status;
	size_t nread;
	pid_t pid;
	enum cairn_err rc;

	*out = NULL;
	if (pipe(fds) < 0)
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot run passphrase command"));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot run passphrase command"));
	}
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	s = secret_new();
	if (s == NULL) {
		close(fds[0]);
		waitpid(pid, &status, 0);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of secure memory"));
	}
	if (secret_read_fd(s, fds[0], &nread) < 0)
		nread = 0;
	/* Drain the rest so the command does not die of SIGPIPE mid-line. */
	{
		char sink[256];
		while (read(fds[0], sink, sizeof sink) > 0)
			;
		sodium_memzero(sink, sizeof sink);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		secret_free(s);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("passphrase command failed (CAIRN_PASSPHRASE_COMMAND)"));
	}
	rc = secret_take_line(s, nread, err);
	if (rc != CAIRN_OK) {
		secret_free(s);
		return rc;
	}
	*out = s;
	return CAIRN_OK;
}

int
secret_equal(const struct cairn_secret *a, const struct cairn_secret *b)
{
	if (a->len != b->len)
		return 0;
	return sodium_memcmp(a->data, b->data, a->len) == 0;
}

int
secure_process_harden(void)
{
	struct rlimit rl = {0, 0};
	int rc = 0;

	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		rc = -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		rc = -1;
	return rc;
}

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "cairn_limits.h"
#include "text.h"

/* Messages name files, vaults and options a person typed or a stranger
 * chose (a downloaded badge's file name): the whole line is escaped like
 * credential text, so no byte of it reaches the terminal raw. */
static void
put_error_line(const char *text)
{
	char *safe = text_sanitise(text, TEXT_ONE_LINE);

	fputs(safe != NULL ? safe : "?", stderr);
	free(safe);
}

static void put_error_v(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void
put_error_v(const char *fmt, va_list ap)
{
	char buf[CAIRN_ERROR_MAX + 256];

	vsnprintf(buf, sizeof buf, fmt, ap);
	put_error_line(buf);
}

int
cli_fail(const struct cairn_error *err)
{
	fputs("cairn: ", stderr);
	put_error_line(err->msg);
	fputc('\n', stderr);
	return (int)err->code;
}

int
cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("cairn: ", stderr);
	va_start(ap, fmt);
	put_error_v(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int
cli_usage(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("cairn: ", stderr);
	if (command != NULL)
		fprintf(stderr, "%s: ", command);
	va_start(ap, fmt);
	put_error_v(fmt, ap);
	va_end(ap);
	fprintf(stderr, _(" (see 'cairn --help')\n"));
	return CAIRN_ERR_USAGE;
}

int
cli_help_only(const char *name, const char *usage, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	opterr = 0;
	/* "+": options end at the first operand, so "-TAG" after an id is
	 * an operand */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			cli_help_footer();
			return 0;
		}
		return cli_usage(name, _("unknown option '%s'"), argv[optind - 1]);
	}
	return -1;
}

void
cli_help_footer(void)
{
	printf(_("\nReport bugs to: %s\n"), PACKAGE_BUGREPORT);
	printf(_("%s home page: <%s>\n"), PACKAGE_NAME, PACKAGE_URL);
}

void
cli_put_safe(const char *s, int flags)
{
	char *t = text_sanitise(s ? s : "", flags);

	if (t != NULL)
		fputs(t, stdout);
	free(t);
}

void
cli_print_json(const cJSON *doc)
{
	char *text = cJSON_Print(doc), *safe = text ? text_json_safe(text) : NULL;

	if (safe != NULL)
		printf("%s\n", safe);
	free(text);
	free(safe);
}

void
cli_format_bytes(unsigned long long n, char *buf, size_t size)
{
	const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)n;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", n);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
}

/* ---- the terminal prompt -------------------------------------------- */

/* Restoring echo must survive Ctrl-C in the middle of a prompt. */
static struct termios prompt_saved;
static volatile sig_atomic_t prompt_fd = -1;

/* Also the whole program's handler for SIGINT, SIGTERM and SIGHUP: wipe
 * every secret, give the terminal its echo back, then die of the signal.
 * Only async-signal-safe calls (tcsetattr, signal, raise). */
static void
prompt_on_signal(int sig)
{
	secret_wipe_all();
	if (prompt_fd >= 0)
		tcsetattr(prompt_fd, TCSAFLUSH, &prompt_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
cli_signals_install(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = prompt_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		/* a signal ignored by whoever started us stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static enum cairn_err
prompt_once(int fd, const char *prompt, struct cairn_secret **out,
            struct cairn_error *err)
{
	struct termios quiet;
	struct sigaction sa, old_int, old_term, old_hup;
	struct cairn_secret *s;
	size_t n = 0;
	enum cairn_err rc;
	int echo_off;

	*out = NULL;
	s = secret_new();
	if (s == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of secure memory"));
	if (write(fd, prompt, strlen(prompt)) < 0) {
		secret_free(s);
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot write to the terminal"));
	}
	echo_off = tcgetattr(fd, &prompt_saved) == 0;
	if (echo_off) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = prompt_on_signal;
		sigemptyset(&sa.sa_mask);
		prompt_fd = fd;
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		sigaction(SIGHUP, &sa, &old_hup);
		quiet = prompt_saved;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHOE | ECHOK | ECHONL);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	for (;;) {
		unsigned char c;
		ssize_t got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || c == '\n' || c == '\r')
			break;
		if (n < CAIRN_MAX_PASSPHRASE + 1)
			s->data[n++] = c;
		c = 0;
	}
	if (echo_off) {
		tcsetattr(fd, TCSAFLUSH, &prompt_saved);
		prompt_fd = -1;
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
	}
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do: the prompt line just stays open */
	}
	rc = secret_take_line(s, n, err);
	if (rc != CAIRN_OK) {
		secret_free(s);
		return rc;
	}
	*out = s;
	return CAIRN_OK;
}

enum cairn_err
cli_prompt_tty(const char *prompt, int confirm, const char *no_tty,
               struct cairn_secret **out, struct cairn_error *err)
{
	struct cairn_secret *a = NULL, *b = NULL;
	enum cairn_err rc;
	int fd;

	*out = NULL;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE, "%s", no_tty);
	rc = prompt_once(fd, prompt, &a, err);
	if (rc == CAIRN_OK && confirm) {
		rc = prompt_once(fd, _("Repeat the passphrase: "), &b, err);
		if (rc == CAIRN_OK && !secret_equal(a, b))
			rc = cairn_error_set(err, CAIRN_ERR_USAGE,
			                     _("the two passphrases differ; nothing was changed"));
	}
	close(fd);
	secret_free(b);
	if (rc != CAIRN_OK) {
		secret_free(a);
		return rc;
	}
	*out = a;
	return CAIRN_OK;
}

enum cairn_err
cli_passphrase(const struct cli *cli, const char *prompt, int confirm,
               struct cairn_secret **out, struct cairn_error *err)
{
	static int warned;
	const char *env;
	enum cairn_err rc;

	if (cli->passphrase_file != NULL)
		rc = secret_from_file(cli->passphrase_file, out, err);
	else if ((env = getenv("CAIRN_PASSPHRASE_FILE")) != NULL && *env != '\0')
		rc = secret_from_file(env, out, err);
	else if ((env = getenv("CAIRN_PASSPHRASE_COMMAND")) != NULL && *env != '\0')
		rc = secret_from_command(env, out, err);
	else
		rc = cli_prompt_tty(prompt, confirm,
		                    _("no passphrase: there is no terminal to ask on; use --passphrase-file, CAIRN_PASSPHRASE_FILE or CAIRN_PASSPHRASE_COMMAND"),
		                    out, err);
	if (rc == CAIRN_OK && secret_lock_error() != 0 && !warned) {
		struct rlimit rl;
		unsigned long kib = getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
		                        ? (unsigned long)(rl.rlim_cur / 1024)
		                        : 0;
		warned = 1;
		fprintf(stderr,
		        _("cairn: warning: the system refused to lock the passphrase in memory (%s; RLIMIT_MEMLOCK %lu KiB), so it could be written to swap; raise 'ulimit -l' or use encrypted swap\n"),
		        strerror(secret_lock_error()), kib);
	}
	return rc;
}

enum cairn_err
cli_open_vault(const struct cli *cli, enum vault_mode mode, struct vault **out,
               struct cairn_error *err)
{
	struct vault_status st;
	struct cairn_secret *pass;
	enum cairn_err rc;

	/* say "no vault" before asking for a passphrase it cannot open */
	rc = vault_status_read(cli->vault_dir, &st, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = cli_passphrase(cli, _("Passphrase: "), 0, &pass, err);
	if (rc != CAIRN_OK)
		return rc;
	rc = vault_open(cli->vault_dir, pass, mode, out, err);
	secret_free(pass);
	return rc;
}

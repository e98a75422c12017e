#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <basedir.h>

#include "fsutil.h"
#include "i18n.h"
#include "paths.h"

static enum cairn_err
paths_under(int config, const char *tail, char **out, struct cairn_error *err)
{
	xdgHandle xdg;
	const char *base;
	char *p = NULL;

	*out = NULL;
	if (xdgInitHandle(&xdg) == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("cannot find the XDG base directories (is HOME set?)"));
	base = config ? xdgConfigHome(&xdg) : xdgDataHome(&xdg);
	if (base != NULL)
		p = fs_join(base, tail);
	xdgWipeHandle(&xdg);
	if (p == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("cannot find the XDG base directories (is HOME set?)"));
	*out = p;
	return CAIRN_OK;
}

enum cairn_err
paths_default_vault(char **out, struct cairn_error *err)
{
	const char *env = getenv("CAIRN_VAULT");

	if (env != NULL && *env != '\0') {
		*out = strdup(env);
		if (*out == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		return CAIRN_OK;
	}
	return paths_under(0, "cairn/vault", out, err);
}

enum cairn_err
paths_config_dir(char **out, struct cairn_error *err)
{
	return paths_under(1, "cairn", out, err);
}

/* 1 when /proc/self/exe is the program make built in the build tree. */
static int
paths_running_uninstalled(void)
{
#if defined(CAIRN_BUILD_PROGRAM)
	char self[4096], built[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (realpath(CAIRN_BUILD_PROGRAM, built) == NULL)
		return 0;
	return strcmp(self, built) == 0;
#else
	return 0;
#endif
}

const char *
paths_data_dir(void)
{
	const char *env = getenv("CAIRN_DATA_DIR");

	if (env != NULL && *env != '\0')
		return env;
#if defined(CAIRN_SRC_DATADIR)
	if (paths_running_uninstalled())
		return CAIRN_SRC_DATADIR;
#endif
	return CAIRN_DATADIR;
}

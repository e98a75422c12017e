#include "config.h"

#include <stdlib.h>
#include <string.h>

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

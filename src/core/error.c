#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cairn.h"
#include "i18n.h"

static void error_vformat(struct cairn_error *err, enum cairn_err code,
                          const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void
error_vformat(struct cairn_error *err, enum cairn_err code, const char *fmt,
              va_list ap)
{
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

enum cairn_err
cairn_error_set(struct cairn_error *err, enum cairn_err code, const char *fmt,
                ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	error_vformat(err, code, fmt, ap);
	va_end(ap);
	return code;
}

enum cairn_err
cairn_error_errno(struct cairn_error *err, enum cairn_err code, int errnum,
                  const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	error_vformat(err, code, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof err->msg - len, ": %s", strerror(errnum));
	return code;
}

void
cairn_error_clear(struct cairn_error *err)
{
	if (err == NULL)
		return;
	err->code = CAIRN_OK;
	err->msg[0] = '\0';
}

enum cairn_err
cairn_init(struct cairn_error *err)
{
#if ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
#endif
	if (sodium_init() < 0)
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("cannot initialise libsodium"));
	return CAIRN_OK;
}

/* gettext glue: every string a person reads goes through _(). */
#ifndef CAIRN_I18N_H
#define CAIRN_I18N_H

#include "config.h"

#if ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(PACKAGE, s, p, n)
#else
#define _(s) (s)
#define N_(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif

#endif

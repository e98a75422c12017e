/* cairn — errors shared by every core module.
 *
 * Core functions return an enum cairn_err and, on failure, fill a
 * struct cairn_error with one line a person can read.  The numeric values
 * are the program's exit statuses (cairn(1)); keep them stable. */
#ifndef CAIRN_CAIRN_H
#define CAIRN_CAIRN_H

#include <stddef.h>

enum cairn_err {
	CAIRN_OK = 0,
	CAIRN_ERR_CHECK = 1,      /* a check failed (verification) */
	CAIRN_ERR_USAGE = 2,      /* usage error or unreadable input */
	CAIRN_ERR_UNDECIDED = 3,  /* nothing failed, something undecided */
	CAIRN_ERR_PASSPHRASE = 4, /* wrong passphrase */
	CAIRN_ERR_DAMAGED = 5,    /* vault damaged */
	CAIRN_ERR_LOCKED = 6,     /* vault locked by another process */
	CAIRN_ERR_NOVAULT = 7,    /* no vault at that location */
	CAIRN_ERR_IO = 8,         /* I/O error: disk full, permission, memory */
};

#define CAIRN_ERROR_MAX 512

struct cairn_error {
	enum cairn_err code;
	char msg[CAIRN_ERROR_MAX];
};

/* Records an error and returns its code, so callers can write
 * `return cairn_error_set(err, CAIRN_ERR_IO, _("..."), ...);`.
 * err may be NULL. */
enum cairn_err cairn_error_set(struct cairn_error *err, enum cairn_err code,
                               const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, appending strerror(errnum). */
enum cairn_err cairn_error_errno(struct cairn_error *err, enum cairn_err code,
                                 int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void cairn_error_clear(struct cairn_error *err);

/* Initialise libsodium and gettext for the library; call once at start. */
enum cairn_err cairn_init(struct cairn_error *err);

#endif

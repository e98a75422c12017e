/* The interface's configuration file, $XDG_CONFIG_HOME/cairn/config.
 *
 * One setting a line; '#' starts a comment; words are separated by blanks:
 *   idle-lock SECONDS      lock the vault after this long without a key
 *                          (0: never; at most CAIRN_MAX_IDLE_LOCK)
 *   color auto|never       never: monochrome, as with NO_COLOR
 *   images auto|never      never: a placeholder instead of badge pictures
 *   bind KEY ACTION        KEY runs ACTION (replaces KEY's default)
 *   unbind KEY             KEY does nothing
 * KEY: one printable ASCII character, C-a .. C-z, or one of up, down, left,
 * right, pgup, pgdn, home, end, enter, tab, btab, esc, space, backspace,
 * del, F1 .. F12.  ACTION: see settings_action_name().
 *
 * The file is untrusted input: its size, line length and number of
 * bindings are limited (limits.h) and errors name the line. */
#ifndef CAIRN_SETTINGS_H
#define CAIRN_SETTINGS_H

#include <stddef.h>

#include "cairn.h"
#include "cairn_limits.h"

enum settings_action {
	ACT_NONE,
	ACT_DOWN,
	ACT_UP,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_FIRST,
	ACT_LAST,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_PANE,
	ACT_BACK,
	ACT_HELP,
	ACT_COMMAND,
	ACT_MARK,
	ACT_OPEN,
	ACT_QUIT,
	ACT_SORT,
	ACT_FILTER,
	ACT_BADGES,
	ACT_PATHWAYS,
	ACT_IMPORT,
	ACT_EXPORT,
	ACT_REMOVE,
	ACT_VERIFY,
	ACT_LOCK,
	ACT_REDRAW,
	ACT_COUNT_
};

enum settings_mode {
	SETTINGS_AUTO,
	SETTINGS_NEVER,
};

struct settings_binding {
	char key[16]; /* a KEY name as written, e.g. "C-d", "j" */
	enum settings_action action; /* ACT_NONE: unbound */
};

struct settings {
	unsigned idle_lock; /* seconds, 0: never */
	enum settings_mode color;
	enum settings_mode images;
	struct settings_binding bindings[CAIRN_MAX_CONFIG_BINDINGS];
	size_t n_bindings;
};

/* The defaults: idle-lock CAIRN_DEFAULT_IDLE_LOCK, colours and images on,
 * no bindings beyond the built-in ones. */
void settings_defaults(struct settings *cfg);

/* Reads the configuration text (at most CAIRN_MAX_CONFIG_SIZE bytes) over
 * cfg's current values.  On error cfg is left as it was and err names the
 * line ("config line 3: unknown action 'jump'"). */
enum cairn_err settings_parse(const char *data, size_t len,
                              struct settings *cfg, struct cairn_error *err);

/* Reads the file at path; a missing file is no error (defaults stay). */
enum cairn_err settings_load(const char *path, struct settings *cfg,
                             struct cairn_error *err);

/* The action's name in the file ("page-down"), and back; -1 unknown. */
const char *settings_action_name(enum settings_action a);
int settings_action_parse(const char *name, enum settings_action *out);

/* 1 when name is a KEY the file may use. */
int settings_key_valid(const char *name);

#endif

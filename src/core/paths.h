/* Where cairn keeps things (XDG base directories, libxdg-basedir). */
#ifndef CAIRN_PATHS_H
#define CAIRN_PATHS_H

#include "cairn.h"

/* $CAIRN_VAULT, else $XDG_DATA_HOME/cairn/vault (malloc'd). */
enum cairn_err paths_default_vault(char **out, struct cairn_error *err);

/* $XDG_CONFIG_HOME/cairn (malloc'd); not created. */
enum cairn_err paths_config_dir(char **out, struct cairn_error *err);

/* The shipped data (pathways, contexts, demo): $CAIRN_DATA_DIR; else,
 * when this process is the cairn built in the build tree, the source tree's
 * data/ (so ./cairn works before make install); else the installed
 * directory.  Never a path derived from anything but the environment and
 * what configure recorded. */
const char *paths_data_dir(void);

#endif

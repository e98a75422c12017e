/* Where cairn keeps things (XDG base directories, libxdg-basedir). */
#ifndef CAIRN_PATHS_H
#define CAIRN_PATHS_H

#include "cairn.h"

/* $CAIRN_VAULT, else $XDG_DATA_HOME/cairn/vault (malloc'd). */
enum cairn_err paths_default_vault(char **out, struct cairn_error *err);

/* $XDG_CONFIG_HOME/cairn (malloc'd); not created. */
enum cairn_err paths_config_dir(char **out, struct cairn_error *err);

#endif

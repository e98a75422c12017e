/* The pathways a learner can measure against: the shipped examples
 * (installed under the data directory) and the ones added to the vault. */
#ifndef CAIRN_PATHWAYS_H
#define CAIRN_PATHWAYS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "pathway.h"
#include "vault.h"

struct pathway_set {
	struct pathway **items;
	int *shipped; /* 1 for a shipped example */
	size_t n;
};

/* The shipped data directory: paths_data_dir() (paths.h). */
const char *pathways_data_dir(void);

/* Loads the shipped pathways (the .json files in datadir/pathways; datadir
 * NULL: none) and those stored in the vault (v may be NULL).  A stored
 * pathway replaces a shipped one with the same id.  A broken shipped file
 * is an error. */
enum cairn_err pathways_load(const char *datadir, struct vault *v,
                             struct pathway_set *set, struct cairn_error *err);
void pathways_free(struct pathway_set *set);

/* The pathway with this id, or NULL. */
const struct pathway *pathways_find(const struct pathway_set *set, const char *id,
                                    int *shipped);

/* Stores a pathway document in the vault (replacing one with its id). */
enum cairn_err pathways_store(struct vault *v, const struct pathway *p,
                              struct cairn_error *err);
/* Removes a stored pathway; shipped examples cannot be removed. */
enum cairn_err pathways_remove(struct vault *v, const char *id,
                               struct cairn_error *err);

#endif

/* The learner's collection: credential records kept in the vault's index,
 * their original bytes kept as vault objects. */
#ifndef CAIRN_COLLECTION_H
#define CAIRN_COLLECTION_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "vault.h"

#define COLLECTION_MIN_SHORT_ID 8

struct collection;

enum cairn_err collection_open(struct vault *v, struct collection **out,
                               struct cairn_error *err);
void collection_free(struct collection *c);

size_t collection_count(const struct collection *c);
const cJSON *collection_record(const struct collection *c, size_t i);

enum import_status {
	IMPORT_ADDED,
	IMPORT_PRESENT,
	IMPORT_IMAGE_ADDED, /* present, and the badge picture came with it */
};

struct import_entry {
	char id[65];
	enum import_status status;
	char *title; /* the record's title (raw credential text: sanitise it) */
};

struct import_outcome {
	struct import_entry *entries;
	size_t n;
	const char *format;
};

/* Reads one file's bytes and adds every credential in it that is not
 * there yet.  source is the file name remembered with the records.  All or
 * nothing: when anything fails, no record from the file is added. */
enum cairn_err collection_import(struct collection *c, const unsigned char *data,
                                 size_t len, const char *source,
                                 struct import_outcome *out,
                                 struct cairn_error *err);
void import_outcome_clear(struct import_outcome *o);

/* The record whose id starts with prefix (at least 4 hex digits). */
enum cairn_err collection_find(const struct collection *c, const char *prefix,
                               size_t *index, struct cairn_error *err);

/* Shortest unique prefix length (at least COLLECTION_MIN_SHORT_ID) of
 * every record's id, in record order; malloc'd. */
size_t *collection_short_lengths(const struct collection *c);

/* The same for one id (linear in the collection's size). */
size_t collection_short_length(const struct collection *c, const char *id);

enum cairn_err collection_remove(struct collection *c, size_t i,
                                 struct cairn_error *err);
enum cairn_err collection_tag(struct collection *c, size_t i, const char *tag,
                              int add, struct cairn_error *err);
enum cairn_err collection_note(struct collection *c, size_t i, const char *text,
                               struct cairn_error *err);

/* Stores a verdict (verdict_json) in record i, replacing the last one. */
enum cairn_err collection_set_verdict(struct collection *c, size_t i, cJSON *verdict,
                                      struct cairn_error *err);

/* The credential's bytes as imported (malloc'd). */
enum cairn_err collection_raw(struct collection *c, size_t i,
                              unsigned char **data, size_t *len,
                              struct cairn_error *err);

enum collection_sort {
	SORT_NONE,  /* import order */
	SORT_DATE,  /* newest issued first */
	SORT_TITLE,
	SORT_ISSUER,
};

/* Indices of the records matching the filter (NULL: all), sorted.
 * Filter terms, all of which must match: issuer:TEXT, tag:TAG, skill:TEXT,
 * status:STATUS, format:FORMAT and free text (title, issuer, description,
 * tags, skills).  Case-insensitive. */
enum cairn_err collection_select(const struct collection *c, const char *filter,
                                 enum collection_sort sort, time_t now,
                                 size_t **out, size_t *n,
                                 struct cairn_error *err);

/* The list entry of record i, as `cairn list --json` prints it. */
cJSON *collection_list_entry(const struct collection *c, size_t i,
                             size_t short_len, time_t now);

enum cairn_err collection_save(struct collection *c, struct cairn_error *err);

#endif

/* The JSON-LD contexts cairn reads offline: the copies installed under
 * the data directory (contexts/index.json names each URL's file and its
 * SHA-256, checked on every load) and the ones the user added to the
 * trust store with `cairn trust add-context` (entries of kind "context").
 * Nothing is ever fetched: a URL in neither makes the JSON-LD processor
 * answer "context not available offline: URL". */
#ifndef CAIRN_CONTEXTS_H
#define CAIRN_CONTEXTS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

struct jsonld_loader;

/* The shipped data directory: paths_data_dir() (paths.h). */
const char *contexts_data_dir(void);

/* A new loader with the installed contexts of datadir (NULL: none) and the
 * contexts in trust (data.trust of the vault; may be NULL).  An installed
 * URL always keeps its installed copy.  A file that is missing, differs
 * from its recorded SHA-256 or is not JSON is an error (CAIRN_ERR_IO) that
 * names it; no index at all means no installed contexts.  Free with
 * jsonld_loader_free. */
enum cairn_err contexts_loader_new(const char *datadir, const cJSON *trust,
                                   struct jsonld_loader **out,
                                   struct cairn_error *err);

/* 1 when datadir's index names url. */
int contexts_installed(const char *datadir, const char *url);

/* A trust entry {id: url, kind: "context", document, sha256, added} for
 * the context document in data: url must be an absolute http(s) URL, data
 * a JSON object whose only member is "@context", at most
 * CAIRN_MAX_CONTEXT_SIZE bytes.  CAIRN_ERR_USAGE otherwise. */
enum cairn_err contexts_entry_from_bytes(const char *url,
                                         const unsigned char *data, size_t len,
                                         cJSON **entry, struct cairn_error *err);

#endif

/* JSON-LD 1.1 expansion and conversion to RDF (toRdf), offline.
 *
 * https://www.w3.org/TR/json-ld11-api/ — the Expansion Algorithm (§5.1)
 * and the Deserialize JSON-LD to RDF Algorithm (§8.1, with the Node Map
 * Generation of §7.2).  Contexts are never fetched: a remote context URL
 * is looked up in a loader filled beforehand (cairn's installed copies and
 * the ones the user added); one that is not there ends the work with
 * CAIRN_ERR_UNDECIDED "context not available offline: URL".
 *
 * Errors.  The message of a JSON-LD error begins with the error code the
 * specification names (for example "invalid term definition: ..."), so a
 * test can compare it with a suite's expectErrorCode:
 *   CAIRN_ERR_USAGE     the document is not valid JSON-LD (a JSON-LD error)
 *                       or a work limit was reached;
 *   CAIRN_ERR_CHECK     safe mode: a term or value was dropped or expanded
 *                       to a relative IRI ("safe mode: ...");
 *   CAIRN_ERR_UNDECIDED a context is not available offline, or the input
 *                       uses a feature this processor does not implement
 *                       ("unsupported: FEATURE");
 *   CAIRN_ERR_IO        out of memory. */
#ifndef CAIRN_JSONLD_H
#define CAIRN_JSONLD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "verify/rdfc.h"

/* Remote context documents by URL, parsed once; processed contexts are
 * cached here too, so verifying many credentials processes each context
 * once.  Not thread-safe. */
struct jsonld_loader;

struct jsonld_loader *jsonld_loader_new(void);
void jsonld_loader_free(struct jsonld_loader *l);

/* Adds (or replaces) the document served at url: JSON text of at most
 * CAIRN_MAX_CONTEXT_SIZE bytes.  CAIRN_ERR_USAGE when it is not JSON. */
enum cairn_err jsonld_loader_add(struct jsonld_loader *l, const char *url,
                                 const char *json, size_t len,
                                 struct cairn_error *err);

/* The parsed document at url, or NULL. */
const cJSON *jsonld_loader_get(const struct jsonld_loader *l, const char *url);

/* How many processed contexts the loader keeps: a context is processed
 * once for each active context it is applied to, then reused (at most
 * CAIRN_MAX_CONTEXT_CACHE of them in CAIRN_MAX_CONTEXT_CACHE_BYTES; beyond
 * that, contexts are processed for each document again).  Adding a
 * document again empties the cache. */
size_t jsonld_loader_cached(const struct jsonld_loader *l);

struct jsonld_options {
	const char *base;            /* document base IRI, or NULL */
	const cJSON *expand_context; /* expandContext option, or NULL */
	int safe;                    /* Data Integrity safe mode */
	int produce_generalized_rdf;
	const char
	    *rdf_direction; /* NULL, "i18n-datatype" or "compound-literal" */
	int processing_mode_10; /* processingMode json-ld-1.0 */
};

/* The expanded form of doc (a new array). */
enum cairn_err jsonld_expand(const cJSON *doc, struct jsonld_loader *l,
                             const struct jsonld_options *opts,
                             cJSON **expanded, struct cairn_error *err);

/* The RDF dataset of doc; blank nodes are labelled b0, b1, ... as the
 * Node Map Generation issues them. */
enum cairn_err jsonld_to_rdf(const cJSON *doc, struct jsonld_loader *l,
                             const struct jsonld_options *opts,
                             struct rdf_dataset **out, struct cairn_error *err);

#endif

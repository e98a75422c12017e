/* RDF datasets, N-Quads and RDF Dataset Canonicalization (RDFC-1.0,
 * https://www.w3.org/TR/rdf-canon/).
 *
 * A dataset is a list of quads of terms.  nquads_parse reads one from
 * N-Quads text; a JSON-LD toRdf step builds one with rdf_dataset_new and
 * rdf_dataset_add, passing terms made by rdf_iri, rdf_blank, rdf_literal
 * and rdf_default_graph (the dataset copies the strings).
 * rdfc_canonicalise relabels the blank nodes c14n0, c14n1, ... and writes
 * the canonical N-Quads that Data Integrity proofs such as eddsa-rdfc-2022
 * hash.  Work is bounded: a dataset whose blank nodes cannot be told apart
 * without more than CAIRN_MAX_RDFC_WORK steps is refused, never hashed
 * half-way. */
#ifndef CAIRN_RDFC_H
#define CAIRN_RDFC_H

#include <stddef.h>

#include "cairn.h"

enum rdf_term_kind {
	RDF_TERM_IRI,
	RDF_TERM_BLANK, /* value is the label without "_:" */
	RDF_TERM_LITERAL,
	RDF_TERM_DEFAULT_GRAPH, /* only as a quad's graph */
};

/* A term as passed in and read out.  Strings are UTF-8 without escapes,
 * except that U+0000 is the two bytes C0 80 (as in Java's modified UTF-8)
 * so that every string stays NUL terminated.
 * For a literal, datatype is NULL for xsd:string and language is NULL
 * unless the literal is an rdf:langString (then datatype is ignored). */
struct rdf_term {
	enum rdf_term_kind kind;
	const char *value;
	const char *datatype;
	const char *language;
};

struct rdf_quad {
	struct rdf_term subject, predicate, object, graph;
};

struct rdf_dataset;

/* Term constructors; the strings are borrowed until rdf_dataset_add. */
struct rdf_term rdf_iri(const char *iri);
struct rdf_term rdf_blank(const char *label);
struct rdf_term rdf_literal(const char *value, const char *datatype,
                            const char *language);
struct rdf_term rdf_default_graph(void);

/* An empty dataset, or NULL when out of memory. */
struct rdf_dataset *rdf_dataset_new(void);

/* Appends a quad (copying its strings).  CAIRN_ERR_USAGE for a term of
 * the wrong kind in its place (a literal subject, a blank predicate, a
 * default graph anywhere but graph) or beyond CAIRN_MAX_NQUADS_QUADS;
 * CAIRN_ERR_IO when out of memory. */
enum cairn_err rdf_dataset_add(struct rdf_dataset *ds, struct rdf_term subject,
                               struct rdf_term predicate,
                               struct rdf_term object, struct rdf_term graph,
                               struct cairn_error *err);

size_t rdf_dataset_count(const struct rdf_dataset *ds);

/* The i-th quad; its strings live as long as the dataset. */
struct rdf_quad rdf_dataset_quad(const struct rdf_dataset *ds, size_t i);

void rdf_dataset_free(struct rdf_dataset *ds);

/* Reads RDF 1.1 N-Quads (UTF-8, at most CAIRN_MAX_NQUADS_SIZE bytes; text
 * need not be NUL terminated).  On failure *out is NULL and err names the
 * line: CAIRN_ERR_USAGE for text that is not N-Quads or beyond a limit,
 * CAIRN_ERR_IO when out of memory. */
enum cairn_err nquads_parse(const char *text, size_t len,
                            struct rdf_dataset **out, struct cairn_error *err);

enum rdfc_hash {
	RDFC_SHA256, /* the default of RDFC-1.0 */
	RDFC_SHA384,
};

/* The issued identifiers: input blank node label -> canonical label
 * ("c14n0"), in the order they were issued. */
struct rdfc_map {
	size_t count;
	char **input;
	char **canonical;
};

void rdfc_map_free(struct rdfc_map *map);

/* Writes the canonical N-Quads of ds into *nquads (malloc'd, NUL
 * terminated; one line per distinct quad, each ending in "\n", sorted
 * by code point; duplicates removed) and its length into *len (len may
 * be NULL).  When map is not NULL, *map receives the issued identifiers
 * (free with rdfc_map_free).  On failure the outputs are NULL and err
 * says why: CAIRN_ERR_USAGE when the work limit is reached, CAIRN_ERR_IO
 * when out of memory. */
enum cairn_err rdfc_canonicalise(const struct rdf_dataset *ds,
                                 enum rdfc_hash hash, char **nquads,
                                 size_t *len, struct rdfc_map **map,
                                 struct cairn_error *err);

#endif

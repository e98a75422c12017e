/* Shared inside the JSON-LD processor (jsonld_*.c): arenas, string maps,
 * active contexts and term definitions, the processing state.  Not part of
 * cairn's interface; read jsonld.h for that. */
#ifndef CAIRN_JSONLD_INTERNAL_H
#define CAIRN_JSONLD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "verify/jsonld.h"

/* ---- arenas: everything of one context lives as long as its arena --- */

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t total; /* bytes of its blocks */
	int failed;
};

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_concat(struct arena *a, const char *x, const char *y);
void arena_release(struct arena *a);

/* A point to roll back to: everything allocated after it is freed. */
struct arena_mark {
	struct arena_block *head;
	size_t used;
};
struct arena_mark arena_mark(const struct arena *a);
void arena_rollback(struct arena *a, struct arena_mark m);

/* ---- string maps (open addressing, keys borrowed) ------------------- */

struct smap_entry {
	const char *key;
	uint32_t hash;
	void *val;
};

struct smap {
	struct smap_entry *e;
	size_t cap, count;
};

uint32_t smap_hash(const char *s);
void *smap_get(const struct smap *m, const char *key);
/* 0, or -1 when out of memory (memory from the arena). */
int smap_put(struct smap *m, struct arena *a, const char *key, void *val);
void smap_del(struct smap *m, const char *key);
/* A copy of the map in the arena. */
int smap_copy(struct smap *dst, const struct smap *src, struct arena *a);

/* ---- term definitions and active contexts --------------------------- */

enum {
	CONT_GRAPH = 1u << 0,
	CONT_ID = 1u << 1,
	CONT_INDEX = 1u << 2,
	CONT_LANGUAGE = 1u << 3,
	CONT_LIST = 1u << 4,
	CONT_SET = 1u << 5,
	CONT_TYPE = 1u << 6,
};

struct termdef {
	const char *iri; /* NULL: the term maps to null */
	const char *type;
	const char *language;  /* valid when has_language; NULL is null */
	const char *direction; /* valid when has_direction; NULL is null */
	const char *index;
	const char *nest;
	const cJSON *context; /* the scoped context, when has_context */
	const char *base_url; /* where the scoped context was found */
	unsigned container;
	unsigned char has_container, has_language, has_direction, has_context,
	    prefix, protect, reverse, context_persistent;
};

struct jctx {
	struct smap terms;
	const char *base; /* NULL: none */
	const char *original_base;
	const char *vocab;
	const char *language;
	const char *direction;
	const struct jctx *previous;
	size_t protected_terms;
	unsigned char persistent; /* owned by the loader's cache */
	unsigned char sealed;     /* finished: may be a cache key */
};

/* One document's processing. */
struct jstate {
	struct jsonld_loader *loader;
	const struct jsonld_options *opts;
	struct cairn_error *err;
	struct arena tmp; /* contexts and definitions of this document */
	unsigned long work;
	unsigned term_depth; /* term definitions waiting for others */
	int mode10;
	cJSON *keep; /* JSON made while processing (contexts with @import) */
	const char **remote; /* the remote contexts being processed */
	size_t nremote, capremote;
};

/* Context processing (jsonld_context.c). */
const struct jctx *jctx_initial(struct jstate *st, const char *base);
enum cairn_err jctx_process(struct jstate *st, const struct jctx *active,
                            const cJSON *local, const char *base_url,
                            int local_persistent, int override_protected,
                            int propagate, int validate_scoped,
                            const struct jctx **out);
const struct termdef *jctx_term(const struct jctx *c, const char *term);
/* IRI expansion (§5.2) with an active context only: NULL is null. */
enum cairn_err jctx_expand_iri(struct jstate *st, const struct jctx *c,
                               const char *value, int document_relative,
                               int vocab, const char **out);

/* Helpers of both. */
int jld_is_keyword(const char *s);
int jld_has_keyword_form(const char *s);
int jld_is_absolute_iri(const char *s);
int jld_is_bnode(const char *s);
/* An absolute IRI that RDF can hold: no spaces, no characters IRIs
 * exclude, one fragment at most. */
int jld_iri_wellformed(const char *s);
/* RFC 3986 §5.2 reference resolution; NULL when out of memory. */
char *jld_resolve(struct arena *a, const char *base, const char *ref);

enum cairn_err jld_fail(struct jstate *st, const char *code, const char *what,
                        const char *name);
enum cairn_err jld_work(struct jstate *st, unsigned long n);
enum cairn_err jld_oom(struct jstate *st);

/* The loader's cache (jsonld.c). */
const cJSON *jld_loader_context(struct jsonld_loader *l, const char *url,
                                const cJSON **doc);
const struct jctx *jld_cache_get(struct jsonld_loader *l,
                                 const struct jctx *parent, const cJSON *local,
                                 const char *base_url, unsigned flags);
/* Stores a processed context; the arena to build it in comes from
 * jld_cache_arena.  Returns 0, or -1 when the cache is full. */
int jld_cache_put(struct jsonld_loader *l, const struct jctx *parent,
                  const cJSON *local, const char *base_url, unsigned flags,
                  const struct jctx *result);
struct arena *jld_cache_arena(struct jsonld_loader *l);
size_t jld_cache_count(const struct jsonld_loader *l);
int jld_cache_full(const struct jsonld_loader *l);
const struct jctx *jld_initial_get(struct jsonld_loader *l, const char *base);
int jld_initial_put(struct jsonld_loader *l, const struct jctx *c);

#endif

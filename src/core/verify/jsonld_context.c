/* JSON-LD 1.1 Context Processing (§4.1) and IRI Expansion (§5.2).
 *
 * An active context is immutable once made; processing a local context
 * makes a new one.  A context made from a loader's document on top of a
 * cached context is cached in the loader, so the contexts credentials
 * share are processed once. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "verify/jsonld_internal.h"

#define DEF_BUSY ((void *)1)
#define DEF_DONE ((void *)2)

/* What creating term definitions of one local context needs. */
struct cdef {
	struct jctx *ctx;
	struct arena *a;
	const cJSON *local;
	struct smap defined;
	const char *base_url;
	int protect, override, persistent;
};

static enum cairn_err create_term(struct jstate *st, struct cdef *cd,
                                  const char *term);

const struct termdef *
jctx_term(const struct jctx *c, const char *term)
{
	return smap_get(&c->terms, term);
}

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* §5.2.2 IRI Expansion; with cd, terms of the local context being
 * processed are defined on demand.  *out is NULL for null. */
static enum cairn_err
expand_iri(struct jstate *st, const struct jctx *c, struct cdef *cd,
           struct arena *a, const char *value, int docrel, int vocab,
           const char **out)
{
	enum cairn_err rc;

	*out = NULL;
	if (value == NULL)
		return CAIRN_OK;
	if (jld_is_keyword(value)) {
		*out = value;
		return CAIRN_OK;
	}
	if (jld_has_keyword_form(value))
		return CAIRN_OK;
	if (cd != NULL && member(cd->local, value) != NULL &&
	    smap_get(&cd->defined, value) != DEF_DONE) {
		rc = create_term(st, cd, value);
		if (rc != CAIRN_OK)
			return rc;
	}
	const struct termdef *d = jctx_term(c, value);
	if (d != NULL && d->iri != NULL && jld_is_keyword(d->iri)) {
		*out = d->iri;
		return CAIRN_OK;
	}
	if (vocab && d != NULL) {
		*out = d->iri;
		return CAIRN_OK;
	}
	const char *colon = strchr(value, ':');
	if (colon != NULL && colon != value) {
		size_t np = (size_t)(colon - value);
		const char *suffix = colon + 1;

		if ((np == 1 && value[0] == '_') ||
		    (suffix[0] == '/' && suffix[1] == '/')) {
			*out = value;
			return CAIRN_OK;
		}
		char buf[128];
		char *prefix =
		    np < sizeof(buf) ? buf : arena_strndup(a, value, np);
		if (prefix == NULL)
			return jld_oom(st);
		if (prefix == buf) {
			memcpy(prefix, value, np);
			prefix[np] = '\0';
		}
		{
			if (cd != NULL && member(cd->local, prefix) != NULL &&
			    smap_get(&cd->defined, prefix) != DEF_DONE) {
				rc = create_term(st, cd, prefix);
				if (rc != CAIRN_OK)
					return rc;
			}
			const struct termdef *p = jctx_term(c, prefix);
			if (p != NULL && p->iri != NULL && p->prefix) {
				*out = arena_concat(a, p->iri, suffix);
				return *out != NULL ? CAIRN_OK : jld_oom(st);
			}
		}
		if (jld_is_absolute_iri(value)) {
			*out = value;
			return CAIRN_OK;
		}
	} else if (colon == value) {
		/* ":x" is relative: it has no scheme */
	}
	if (vocab && c->vocab != NULL) {
		*out = arena_concat(a, c->vocab, value);
		return *out != NULL ? CAIRN_OK : jld_oom(st);
	}
	if (docrel) {
		if (c->base == NULL) {
			*out = value;
			return CAIRN_OK;
		}
		*out = jld_resolve(a, c->base, value);
		return *out != NULL ? CAIRN_OK : jld_oom(st);
	}
	*out = value;
	return CAIRN_OK;
}

enum cairn_err
jctx_expand_iri(struct jstate *st, const struct jctx *c, const char *value,
                int document_relative, int vocab, const char **out)
{
	return expand_iri(st, c, NULL, &st->tmp, value, document_relative,
	                  vocab, out);
}

/* ---- active contexts ------------------------------------------------ */

static struct jctx *
ctx_copy(struct jstate *st, struct arena *a, const struct jctx *from)
{
	struct jctx *c;

	/* a copy costs as much work as the terms it copies */
	if (jld_work(st, from->terms.count) != CAIRN_OK)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	if (c == NULL)
		return NULL;
	*c = *from;
	c->persistent = a != &st->tmp;
	c->sealed = 0;
	if (smap_copy(&c->terms, &from->terms, a) != 0)
		return NULL;
	return c;
}

static struct jctx *
ctx_new(struct arena *a, const char *base, int persistent)
{
	struct jctx *c = arena_alloc(a, sizeof(*c));

	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	if (base != NULL) {
		c->base = arena_strdup(a, base);
		if (c->base == NULL)
			return NULL;
	}
	c->original_base = c->base;
	c->persistent = persistent != 0;
	c->sealed = 1;
	return c;
}

const struct jctx *
jctx_initial(struct jstate *st, const char *base)
{
	const struct jctx *c = jld_initial_get(st->loader, base);

	if (c != NULL)
		return c;
	if (st->loader != NULL) {
		struct jctx *n = ctx_new(jld_cache_arena(st->loader), base, 1);

		if (n != NULL && jld_initial_put(st->loader, n) == 0)
			return n;
	}
	return ctx_new(&st->tmp, base, 0);
}

/* ---- term definitions ----------------------------------------------- */

static int
is_gen_delim(char c)
{
	return c != '\0' && strchr(":/?#[]@", c) != NULL;
}

static int
same_definition(const struct termdef *a, const struct termdef *b)
{
	if (!str_eq(a->iri, b->iri) || !str_eq(a->type, b->type) ||
	    !str_eq(a->index, b->index) || !str_eq(a->nest, b->nest) ||
	    a->container != b->container ||
	    a->has_container != b->has_container ||
	    a->has_language != b->has_language ||
	    a->has_direction != b->has_direction || a->prefix != b->prefix ||
	    a->reverse != b->reverse || a->has_context != b->has_context)
		return 0;
	if (a->has_language && !str_eq(a->language, b->language))
		return 0;
	if (a->has_direction && !str_eq(a->direction, b->direction))
		return 0;
	if (a->has_context && !cJSON_Compare(a->context, b->context, 1))
		return 0;
	return 1;
}

static unsigned
container_bit(const char *s)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
	    {"@graph", CONT_GRAPH}, {"@id", CONT_ID},
	    {"@index", CONT_INDEX}, {"@language", CONT_LANGUAGE},
	    {"@list", CONT_LIST},   {"@set", CONT_SET},
	    {"@type", CONT_TYPE},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0)
			return names[i].bit;
	}
	return 0;
}

/* The container of a term definition, or (unsigned)-1 when invalid. */
static unsigned
parse_container(struct jstate *st, const cJSON *v)
{
	unsigned bits = 0;

	if (cJSON_IsString(v)) {
		bits = container_bit(v->valuestring);
		if (bits == 0)
			return (unsigned)-1;
		if (st->mode10 && (bits & (CONT_GRAPH | CONT_ID | CONT_TYPE)))
			return (unsigned)-1;
		return bits;
	}
	if (!cJSON_IsArray(v) || st->mode10)
		return (unsigned)-1;
	const cJSON *it;
	cJSON_ArrayForEach(it, v)
	{
		unsigned b =
		    cJSON_IsString(it) ? container_bit(it->valuestring) : 0;

		if (b == 0 || (bits & b))
			return (unsigned)-1;
		bits |= b;
	}
	unsigned rest = bits & ~(unsigned)CONT_SET;
	if (bits == 0)
		return (unsigned)-1;
	/* one keyword, one with @set, or @graph with @id or @index */
	if (rest == 0 || rest == CONT_GRAPH || rest == CONT_ID ||
	    rest == CONT_INDEX || rest == CONT_LANGUAGE || rest == CONT_TYPE)
		return bits;
	if (rest == CONT_LIST && !(bits & CONT_SET))
		return bits;
	if (rest == (CONT_GRAPH | CONT_ID) || rest == (CONT_GRAPH | CONT_INDEX))
		return bits;
	return (unsigned)-1;
}

static enum cairn_err
define(struct jstate *st, struct cdef *cd, const char *term,
       struct termdef *def)
{
	const struct termdef *old = jctx_term(cd->ctx, term);

	if (old != NULL && old->protect)
		cd->ctx->protected_terms--;
	if (def->protect)
		cd->ctx->protected_terms++;
	if (smap_put(&cd->ctx->terms, cd->a, term, def) != 0 ||
	    smap_put(&cd->defined, &st->tmp, term, DEF_DONE) != 0)
		return jld_oom(st);
	return CAIRN_OK;
}

static int
term_allowed_key(const char *k)
{
	static const char *const allowed[] = {
	    "@id",        "@reverse",   "@container", "@context",
	    "@direction", "@index",     "@language",  "@nest",
	    "@prefix",    "@protected", "@type",
	};

	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (strcmp(k, allowed[i]) == 0)
			return 1;
	}
	return 0;
}

/* Step 22: a property-based index. */
static enum cairn_err
index_mapping(struct jstate *st, struct cdef *cd, const char *term,
              struct termdef *def, const cJSON *v)
{
	const char *iri;
	enum cairn_err rc;

	if (st->mode10 || !(def->container & CONT_INDEX))
		return jld_fail(st, "invalid term definition",
		                _("@index needs an @index container"), term);
	if (!cJSON_IsString(v))
		return jld_fail(st, "invalid term definition",
		                _("@index must be a string"), term);
	rc = expand_iri(st, cd->ctx, cd, cd->a, v->valuestring, 0, 1, &iri);
	if (rc != CAIRN_OK)
		return rc;
	if (iri == NULL || !jld_is_absolute_iri(iri))
		return jld_fail(st, "invalid term definition",
		                _("@index must expand to an IRI"), term);
	def->index = arena_strdup(cd->a, v->valuestring);
	return def->index != NULL ? CAIRN_OK : jld_oom(st);
}

static enum cairn_err create_term_at(struct jstate *st, struct cdef *cd,
                                     const char *term);

/* §4.1.3 Create Term Definition, with a bound on how deeply definitions
 * wait for one another (each level takes stack). */
static enum cairn_err
create_term(struct jstate *st, struct cdef *cd, const char *term)
{
	enum cairn_err rc;

	if (st->term_depth >= CAIRN_MAX_TERM_NESTING)
		return jld_fail(st, "invalid term definition",
		                _("terms are defined through too many other "
		                  "terms"),
		                term);
	st->term_depth++;
	rc = create_term_at(st, cd, term);
	st->term_depth--;
	return rc;
}

static enum cairn_err
create_term_at(struct jstate *st, struct cdef *cd, const char *term)
{
	enum cairn_err rc;
	const cJSON *item = member(cd->local, term);
	void *state;

	/* the map keys must outlive the caller's string */
	if (item != NULL)
		term = item->string;
	state = smap_get(&cd->defined, term);

	if (state == DEF_DONE)
		return CAIRN_OK;
	if (state == DEF_BUSY)
		return jld_fail(st, "cyclic IRI mapping",
		                _("a term is defined through itself"), term);
	if (term[0] == '\0')
		return jld_fail(st, "invalid term definition",
		                _("an empty term"), NULL);
	rc = jld_work(st, 1);
	if (rc != CAIRN_OK)
		return rc;
	if (smap_put(&cd->defined, &st->tmp, term, DEF_BUSY) != 0)
		return jld_oom(st);
	const cJSON *value = item;

	if (strcmp(term, "@type") == 0) {
		int ok = !st->mode10 && cJSON_IsObject(value) &&
		         value->child != NULL;
		const cJSON *it, *fields = ok ? value : NULL;
		cJSON_ArrayForEach(it, fields)
		{
			if (strcmp(it->string, "@container") == 0)
				ok = ok && cJSON_IsString(it) &&
				     strcmp(it->valuestring, "@set") == 0;
			else if (strcmp(it->string, "@protected") != 0)
				ok = 0;
		}
		if (!ok)
			return jld_fail(st, "keyword redefinition",
			                _("a keyword cannot be redefined"),
			                term);
	} else if (jld_is_keyword(term)) {
		return jld_fail(st, "keyword redefinition",
		                _("a keyword cannot be redefined"), term);
	} else if (jld_has_keyword_form(term)) {
		/* reserved for future keywords: ignored */
		smap_del(&cd->defined, term);
		return CAIRN_OK;
	}

	const struct termdef *previous = jctx_term(cd->ctx, term);
	if (previous != NULL) {
		if (previous->protect)
			cd->ctx->protected_terms--;
		smap_del(&cd->ctx->terms, term);
	}

	int simple = 0;
	const cJSON *id = NULL;
	if (cJSON_IsNull(value)) {
		id = value; /* {"@id": null} */
	} else if (cJSON_IsString(value)) {
		id = value;
		simple = 1;
	} else if (cJSON_IsObject(value)) {
		id = member(value, "@id");
	} else {
		return jld_fail(st, "invalid term definition",
		                _("a term definition must be a string, an "
		                  "object or null"),
		                term);
	}
	const cJSON *obj = cJSON_IsObject(value) ? value : NULL;

	struct termdef *def = arena_alloc(cd->a, sizeof(*def));
	if (def == NULL)
		return jld_oom(st);
	memset(def, 0, sizeof(*def));

	int protect = cd->protect;
	const cJSON *v;
	if (obj != NULL && (v = member(obj, "@protected")) != NULL) {
		if (st->mode10)
			return jld_fail(st, "invalid term definition",
			                _("@protected needs JSON-LD 1.1"),
			                term);
		if (!cJSON_IsBool(v))
			return jld_fail(st, "invalid @protected value",
			                _("@protected must be true or false"),
			                term);
		protect = cJSON_IsTrue(v);
	}
	def->protect = protect != 0;

	if (obj != NULL && (v = member(obj, "@type")) != NULL) {
		const char *type;

		if (!cJSON_IsString(v))
			return jld_fail(st, "invalid type mapping",
			                _("@type must be a string"), term);
		rc = expand_iri(st, cd->ctx, cd, cd->a, v->valuestring, 0, 1,
		                &type);
		if (rc != CAIRN_OK)
			return rc;
		int kw = type != NULL && (strcmp(type, "@id") == 0 ||
		                          strcmp(type, "@vocab") == 0);
		int kw11 = type != NULL && (strcmp(type, "@json") == 0 ||
		                            strcmp(type, "@none") == 0);
		if (type == NULL || (kw11 && st->mode10) ||
		    (!kw && !kw11 &&
		     (!jld_is_absolute_iri(type) || jld_is_bnode(type))))
			return jld_fail(st, "invalid type mapping",
			                _("@type must be @id, @vocab, @json, "
			                  "@none or an absolute IRI"),
			                term);
		def->type =
		    type == v->valuestring ? arena_strdup(cd->a, type) : type;
		if (def->type == NULL)
			return jld_oom(st);
	}

	if (obj != NULL && (v = member(obj, "@reverse")) != NULL) {
		const char *iri;

		if (member(obj, "@id") != NULL || member(obj, "@nest") != NULL)
			return jld_fail(st, "invalid reverse property",
			                _("@reverse cannot have @id or @nest"),
			                term);
		if (!cJSON_IsString(v))
			return jld_fail(st, "invalid IRI mapping",
			                _("@reverse must be a string"), term);
		if (jld_has_keyword_form(v->valuestring)) {
			smap_del(&cd->defined, term);
			return CAIRN_OK;
		}
		rc = expand_iri(st, cd->ctx, cd, cd->a, v->valuestring, 0, 1,
		                &iri);
		if (rc != CAIRN_OK)
			return rc;
		if (iri == NULL ||
		    (!jld_is_absolute_iri(iri) && !jld_is_bnode(iri)))
			return jld_fail(st, "invalid IRI mapping",
			                _("@reverse must expand to an IRI"),
			                term);
		def->iri =
		    iri == v->valuestring ? arena_strdup(cd->a, iri) : iri;
		if ((v = member(obj, "@container")) != NULL) {
			if (cJSON_IsNull(v)) {
				/* no container */
			} else if (cJSON_IsString(v) &&
			           (strcmp(v->valuestring, "@set") == 0 ||
			            strcmp(v->valuestring, "@index") == 0)) {
				def->container = container_bit(v->valuestring);
				def->has_container = 1;
			} else {
				return jld_fail(
				    st, "invalid reverse property",
				    _("a reverse property's container "
				      "must be @set or @index"),
				    term);
			}
		}
		if ((v = member(obj, "@index")) != NULL) {
			rc = index_mapping(st, cd, term, def, v);
			if (rc != CAIRN_OK)
				return rc;
		}
		def->reverse = 1;
		return define(st, cd, term, def);
	}

	const char *colon = strchr(term, ':');
	int has_colon_inside =
	    colon != NULL && colon != term && colon[1] != '\0';
	if (id != NULL &&
	    !(cJSON_IsString(id) && strcmp(id->valuestring, term) == 0)) {
		if (cJSON_IsNull(id)) {
			def->iri = NULL;
		} else {
			const char *iri;

			if (!cJSON_IsString(id))
				return jld_fail(st, "invalid IRI mapping",
				                _("@id must be a string"),
				                term);
			if (!jld_is_keyword(id->valuestring) &&
			    jld_has_keyword_form(id->valuestring)) {
				smap_del(&cd->defined, term);
				return CAIRN_OK;
			}
			rc = expand_iri(st, cd->ctx, cd, cd->a, id->valuestring,
			                0, 1, &iri);
			if (rc != CAIRN_OK)
				return rc;
			if (iri == NULL ||
			    (!jld_is_keyword(iri) &&
			     !jld_is_absolute_iri(iri) && !jld_is_bnode(iri)))
				return jld_fail(st, "invalid IRI mapping",
				                _("a term must expand to an "
				                  "absolute IRI or a keyword"),
				                term);
			if (strcmp(iri, "@context") == 0)
				return jld_fail(st, "invalid keyword alias",
				                _("@context cannot be aliased"),
				                term);
			if (has_colon_inside || strchr(term, '/') != NULL) {
				const char *check;

				if (smap_put(&cd->defined, &st->tmp, term,
				             DEF_DONE) != 0)
					return jld_oom(st);
				rc = expand_iri(st, cd->ctx, cd, cd->a, term, 0,
				                1, &check);
				if (rc != CAIRN_OK)
					return rc;
				if (!str_eq(check, iri))
					return jld_fail(
					    st, "invalid IRI mapping",
					    _("a term that is an IRI must "
					      "expand to itself"),
					    term);
			}
			def->iri = iri == id->valuestring
			               ? arena_strdup(cd->a, iri)
			               : iri;
			if (def->iri == NULL)
				return jld_oom(st);
			if (colon == NULL && strchr(term, '/') == NULL &&
			    simple &&
			    (jld_is_bnode(iri) ||
			     is_gen_delim(iri[strlen(iri) - 1])))
				def->prefix = 1;
		}
	} else if (colon != NULL && colon != term) {
		size_t np = (size_t)(colon - term);
		char *prefix = arena_strndup(&st->tmp, term, np);

		if (prefix == NULL)
			return jld_oom(st);
		if (member(cd->local, prefix) != NULL) {
			rc = create_term(st, cd, prefix);
			if (rc != CAIRN_OK)
				return rc;
		}
		const struct termdef *p = jctx_term(cd->ctx, prefix);
		if (p != NULL && p->iri != NULL)
			def->iri = arena_concat(cd->a, p->iri, colon + 1);
		else
			def->iri = arena_strdup(cd->a, term);
		if (def->iri == NULL)
			return jld_oom(st);
	} else if (strchr(term, '/') != NULL) {
		const char *iri;

		rc = expand_iri(st, cd->ctx, NULL, cd->a, term, 0, 1, &iri);
		if (rc != CAIRN_OK)
			return rc;
		if (iri == NULL || !jld_is_absolute_iri(iri))
			return jld_fail(st, "invalid IRI mapping",
			                _("a relative IRI term needs @vocab"),
			                term);
		def->iri = iri == term ? arena_strdup(cd->a, iri) : iri;
		if (def->iri == NULL)
			return jld_oom(st);
	} else if (strcmp(term, "@type") == 0) {
		def->iri = "@type";
	} else if (cd->ctx->vocab != NULL) {
		def->iri = arena_concat(cd->a, cd->ctx->vocab, term);
		if (def->iri == NULL)
			return jld_oom(st);
	} else {
		return jld_fail(st, "invalid IRI mapping",
		                _("a term needs an @id or a @vocab to expand"),
		                term);
	}

	if (obj != NULL && (v = member(obj, "@container")) != NULL) {
		unsigned bits = parse_container(st, v);

		if (bits == (unsigned)-1)
			return jld_fail(st, "invalid container mapping",
			                _("the @container is not valid"), term);
		def->container = bits;
		def->has_container = 1;
		if (bits & CONT_TYPE) {
			if (def->type == NULL)
				def->type = "@id";
			else if (strcmp(def->type, "@id") != 0 &&
			         strcmp(def->type, "@vocab") != 0)
				return jld_fail(
				    st, "invalid type mapping",
				    _("a @type container needs @type "
				      "@id or @vocab"),
				    term);
		}
	}

	if (obj != NULL && (v = member(obj, "@index")) != NULL) {
		rc = index_mapping(st, cd, term, def, v);
		if (rc != CAIRN_OK)
			return rc;
	}

	if (obj != NULL && (v = member(obj, "@context")) != NULL) {
		const struct jctx *check;

		if (st->mode10)
			return jld_fail(
			    st, "invalid term definition",
			    _("a scoped @context needs JSON-LD 1.1"), term);
		rc = jctx_process(st, cd->ctx, v, cd->base_url, 0, 1, 1, 0,
		                  &check);
		if (rc == CAIRN_ERR_IO || rc == CAIRN_ERR_UNDECIDED)
			return rc;
		if (rc != CAIRN_OK) {
			if (strncmp(st->err->msg, "JSON-LD work limit", 18) ==
			    0)
				return rc;
			return jld_fail(st, "invalid scoped context",
			                _("the term's @context is not valid"),
			                term);
		}
		def->context = v;
		def->has_context = 1;
		def->context_persistent = cd->persistent != 0;
		if (cd->base_url != NULL) {
			def->base_url = arena_strdup(cd->a, cd->base_url);
			if (def->base_url == NULL)
				return jld_oom(st);
		}
	}

	if (obj != NULL && (v = member(obj, "@language")) != NULL &&
	    member(obj, "@type") == NULL) {
		if (!cJSON_IsNull(v) && !cJSON_IsString(v))
			return jld_fail(st, "invalid language mapping",
			                _("@language must be a string or null"),
			                term);
		def->has_language = 1;
		if (cJSON_IsString(v)) {
			def->language = arena_strdup(cd->a, v->valuestring);
			if (def->language == NULL)
				return jld_oom(st);
		}
	}

	if (obj != NULL && (v = member(obj, "@direction")) != NULL &&
	    member(obj, "@type") == NULL) {
		if (cJSON_IsNull(v)) {
			def->direction = NULL;
		} else if (cJSON_IsString(v) &&
		           (strcmp(v->valuestring, "ltr") == 0 ||
		            strcmp(v->valuestring, "rtl") == 0)) {
			def->direction =
			    v->valuestring[0] == 'l' ? "ltr" : "rtl";
		} else {
			return jld_fail(
			    st, "invalid base direction",
			    _("@direction must be ltr, rtl or null"), term);
		}
		def->has_direction = 1;
	}

	if (obj != NULL && (v = member(obj, "@nest")) != NULL) {
		if (st->mode10)
			return jld_fail(st, "invalid term definition",
			                _("@nest needs JSON-LD 1.1"), term);
		if (!cJSON_IsString(v) ||
		    (jld_is_keyword(v->valuestring) &&
		     strcmp(v->valuestring, "@nest") != 0))
			return jld_fail(st, "invalid @nest value",
			                _("@nest must be a term or @nest"),
			                term);
		def->nest = arena_strdup(cd->a, v->valuestring);
		if (def->nest == NULL)
			return jld_oom(st);
	}

	if (obj != NULL && (v = member(obj, "@prefix")) != NULL) {
		if (st->mode10 || colon != NULL || strchr(term, '/') != NULL)
			return jld_fail(
			    st, "invalid term definition",
			    _("@prefix is not allowed for this term"), term);
		if (!cJSON_IsBool(v))
			return jld_fail(st, "invalid @prefix value",
			                _("@prefix must be true or false"),
			                term);
		def->prefix = cJSON_IsTrue(v) != 0;
		if (def->prefix && def->iri != NULL && jld_is_keyword(def->iri))
			return jld_fail(st, "invalid term definition",
			                _("a keyword cannot be a prefix"),
			                term);
	}

	if (obj != NULL) {
		const cJSON *it;
		cJSON_ArrayForEach(it, obj)
		{
			if (!term_allowed_key(it->string))
				return jld_fail(st, "invalid term definition",
				                _("a term definition has an "
				                  "entry it cannot have"),
				                term);
		}
	}

	if (!cd->override && previous != NULL && previous->protect) {
		if (!same_definition(def, previous))
			return jld_fail(st, "protected term redefinition",
			                _("a protected term cannot be changed"),
			                term);
		def = (struct termdef *)previous;
	}
	return define(st, cd, term, def);
}

/* ---- context processing (§4.1.2) ------------------------------------ */

static int
in_remote(const struct jstate *st, const char *url)
{
	for (size_t i = 0; i < st->nremote; i++) {
		if (strcmp(st->remote[i], url) == 0)
			return 1;
	}
	return 0;
}

static enum cairn_err
push_remote(struct jstate *st, const char *url)
{
	if (st->nremote >= CAIRN_MAX_CONTEXT_DEPTH)
		return jld_fail(
		    st,
		    in_remote(st, url) ? "recursive context inclusion"
		                       : "context overflow",
		    _("contexts refer to each other too deeply"), url);
	if (st->nremote == st->capremote) {
		size_t cap = st->capremote == 0 ? 8 : st->capremote * 2;
		const char **n = realloc(st->remote, cap * sizeof(*n));

		if (n == NULL)
			return jld_oom(st);
		st->remote = n;
		st->capremote = cap;
	}
	st->remote[st->nremote++] = url;
	return CAIRN_OK;
}

/* Dereferences a context URL: its document's @context. */
static enum cairn_err
load_context(struct jstate *st, const char *url, const cJSON **ctx)
{
	const cJSON *doc;

	jld_loader_context(st->loader, url, &doc);
	if (doc == NULL)
		return jld_fail(st, "context not available offline", NULL, url);
	*ctx = member(doc, "@context");
	if (!cJSON_IsObject(doc) || *ctx == NULL)
		return jld_fail(st, "invalid remote context",
		                _("the document has no @context"), url);
	return CAIRN_OK;
}

static enum cairn_err
apply_object(struct jstate *st, struct jctx *result, struct arena *a,
             const cJSON *context, const char *base_url, int persistent,
             int override, int validate)
{
	enum cairn_err rc;
	const cJSON *v;
	cJSON *merged = NULL;

	(void)validate;
	if ((v = member(context, "@version")) != NULL) {
		if (!cJSON_IsNumber(v) || v->valuedouble != 1.1)
			return jld_fail(st, "invalid @version value",
			                _("@version must be 1.1"), NULL);
		if (st->mode10)
			return jld_fail(st, "processing mode conflict",
			                _("@version 1.1 in JSON-LD 1.0 mode"),
			                NULL);
	}
	if ((v = member(context, "@import")) != NULL) {
		const cJSON *imported;

		if (st->mode10)
			return jld_fail(st, "invalid context entry",
			                _("@import needs JSON-LD 1.1"), NULL);
		if (!cJSON_IsString(v))
			return jld_fail(st, "invalid @import value",
			                _("@import must be a string"), NULL);
		char *url = jld_resolve(&st->tmp, base_url, v->valuestring);
		if (url == NULL)
			return jld_oom(st);
		rc = load_context(st, url, &imported);
		if (rc != CAIRN_OK)
			return rc;
		if (!cJSON_IsObject(imported))
			return jld_fail(st, "invalid remote context",
			                _("an imported context must be an "
			                  "object"),
			                url);
		if (member(imported, "@import") != NULL)
			return jld_fail(st, "invalid context entry",
			                _("an imported context cannot import"),
			                url);
		/* the imported entries, overridden by the context's own;
		 * the copy lives as long as this document's processing */
		merged = cJSON_Duplicate(imported, 1);
		if (merged == NULL || !cJSON_AddItemToArray(st->keep, merged)) {
			cJSON_Delete(merged);
			return jld_oom(st);
		}
		const cJSON *it;
		cJSON_ArrayForEach(it, context)
		{
			cJSON *dup;

			if (strcmp(it->string, "@import") == 0)
				continue;
			dup = cJSON_Duplicate(it, 1);
			if (dup == NULL)
				return jld_oom(st);
			cJSON_DeleteItemFromObjectCaseSensitive(merged,
			                                        it->string);
			cJSON_AddItemToObject(merged, it->string, dup);
		}
		context = merged;
		persistent = 0;
	}
	if ((v = member(context, "@base")) != NULL && st->nremote == 0) {
		if (cJSON_IsNull(v)) {
			result->base = NULL;
		} else if (!cJSON_IsString(v)) {
			return jld_fail(st, "invalid base IRI",
			                _("@base must be a string or null"),
			                NULL);
		} else if (jld_is_absolute_iri(v->valuestring)) {
			result->base = arena_strdup(a, v->valuestring);
		} else if (result->base != NULL) {
			result->base =
			    jld_resolve(a, result->base, v->valuestring);
		} else {
			return jld_fail(st, "invalid base IRI",
			                _("a relative @base needs a base"),
			                v->valuestring);
		}
		if (cJSON_IsString(v) && result->base == NULL)
			return jld_oom(st);
	}
	if ((v = member(context, "@vocab")) != NULL) {
		if (cJSON_IsNull(v)) {
			result->vocab = NULL;
		} else if (!cJSON_IsString(v)) {
			return jld_fail(st, "invalid vocab mapping",
			                _("@vocab must be a string or null"),
			                NULL);
		} else {
			const char *iri;

			if (st->mode10 &&
			    !jld_is_absolute_iri(v->valuestring) &&
			    !jld_is_bnode(v->valuestring))
				return jld_fail(st, "invalid vocab mapping",
				                _("@vocab must be an absolute "
				                  "IRI"),
				                v->valuestring);
			rc = expand_iri(st, result, NULL, a, v->valuestring, 1,
			                1, &iri);
			if (rc != CAIRN_OK)
				return rc;
			if (iri != NULL && iri == v->valuestring)
				iri = arena_strdup(a, iri);
			result->vocab = iri;
		}
	}
	if ((v = member(context, "@language")) != NULL) {
		if (cJSON_IsNull(v)) {
			result->language = NULL;
		} else if (!cJSON_IsString(v)) {
			return jld_fail(st, "invalid default language",
			                _("@language must be a string or null"),
			                NULL);
		} else {
			result->language = arena_strdup(a, v->valuestring);
			if (result->language == NULL)
				return jld_oom(st);
		}
	}
	if ((v = member(context, "@direction")) != NULL) {
		if (st->mode10)
			return jld_fail(st, "invalid context entry",
			                _("@direction needs JSON-LD 1.1"),
			                NULL);
		if (cJSON_IsNull(v))
			result->direction = NULL;
		else if (cJSON_IsString(v) &&
		         (strcmp(v->valuestring, "ltr") == 0 ||
		          strcmp(v->valuestring, "rtl") == 0))
			result->direction =
			    v->valuestring[0] == 'l' ? "ltr" : "rtl";
		else
			return jld_fail(
			    st, "invalid base direction",
			    _("@direction must be ltr, rtl or null"), NULL);
	}
	if ((v = member(context, "@propagate")) != NULL) {
		if (st->mode10)
			return jld_fail(st, "invalid context entry",
			                _("@propagate needs JSON-LD 1.1"),
			                NULL);
		if (!cJSON_IsBool(v))
			return jld_fail(st, "invalid @propagate value",
			                _("@propagate must be true or false"),
			                NULL);
	}

	struct cdef cd = {
	    .ctx = result,
	    .a = a,
	    .local = context,
	    .base_url = base_url,
	    .override = override,
	    .persistent = persistent,
	};
	if ((v = member(context, "@protected")) != NULL) {
		if (!cJSON_IsBool(v))
			return jld_fail(st, "invalid @protected value",
			                _("@protected must be true or false"),
			                NULL);
		cd.protect = cJSON_IsTrue(v);
	}
	static const char *const skip[] = {
	    "@base",      "@direction", "@import",  "@language",
	    "@propagate", "@protected", "@version", "@vocab",
	};
	const cJSON *it;
	cJSON_ArrayForEach(it, context)
	{
		int skipped = 0;

		for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
			skipped = skipped || strcmp(it->string, skip[i]) == 0;
		if (skipped)
			continue;
		rc = create_term(st, &cd, it->string);
		if (rc != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

static int
uses_import(const cJSON *local)
{
	const cJSON *it;

	if (cJSON_IsObject(local))
		return member(local, "@import") != NULL;
	cJSON_ArrayForEach(it, local)
	{
		if (cJSON_IsObject(it) && member(it, "@import") != NULL)
			return 1;
	}
	return 0;
}

enum cairn_err
jctx_process(struct jstate *st, const struct jctx *active, const cJSON *local,
             const char *base_url, int local_persistent, int override_protected,
             int propagate, int validate_scoped, const struct jctx **out)
{
	enum cairn_err rc;
	const cJSON *v;

	/* the key holds the arguments: what local says follows from it */
	unsigned flags = (override_protected ? 1u : 0u) |
	                 (propagate ? 2u : 0u) | (validate_scoped ? 4u : 0u) |
	                 (st->mode10 ? 8u : 0u) | (st->nremote == 0 ? 16u : 0u);
	int cacheable = local_persistent && active->persistent &&
	                active->sealed && !jld_cache_full(st->loader);
	if (cacheable) {
		const struct jctx *hit =
		    jld_cache_get(st->loader, active, local, base_url, flags);
		if (hit != NULL) {
			*out = hit;
			return CAIRN_OK;
		}
		cacheable = !uses_import(local);
	}
	if (cJSON_IsObject(local) &&
	    (v = member(local, "@propagate")) != NULL) {
		if (!cJSON_IsBool(v))
			return jld_fail(st, "invalid @propagate value",
			                _("@propagate must be true or false"),
			                NULL);
		propagate = cJSON_IsTrue(v);
	}
	struct arena *a = cacheable ? jld_cache_arena(st->loader) : &st->tmp;
	struct arena_mark mark = arena_mark(a);
	size_t cached_before = jld_cache_count(st->loader);
	size_t remote_at_start = st->nremote;

	rc = jld_work(st, 1);
	if (rc != CAIRN_OK)
		return rc;

	const struct jctx *result = active;
	struct jctx *w = NULL; /* result, when it is ours to change */
	const cJSON *first = local, *item;
	if (cJSON_IsArray(local))
		first = local->child;
	for (item = first; item != NULL;
	     item = cJSON_IsArray(local) ? item->next : NULL) {
		if (cJSON_IsNull(item)) {
			if (!override_protected &&
			    result->protected_terms > 0) {
				rc = jld_fail(
				    st, "invalid context nullification",
				    _("a context with protected terms "
				      "cannot be cleared"),
				    NULL);
				goto fail;
			}
			struct jctx *n =
			    ctx_new(a, active->original_base, a != &st->tmp);
			if (n == NULL)
				goto oom;
			n->sealed = 0;
			n->previous = propagate ? NULL : result->previous;
			result = w = n;
			continue;
		}
		if (cJSON_IsString(item)) {
			const cJSON *ctxdoc;
			char *url =
			    jld_resolve(&st->tmp, base_url, item->valuestring);
			if (url == NULL)
				goto oom;
			if (!jld_is_absolute_iri(url)) {
				rc = jld_fail(
				    st, "loading document failed",
				    _("a context URL must be absolute"), url);
				goto fail;
			}
			if (!validate_scoped && in_remote(st, url))
				continue;
			rc = push_remote(st, url);
			if (rc != CAIRN_OK)
				goto fail;
			rc = load_context(st, url, &ctxdoc);
			if (rc != CAIRN_OK)
				goto fail;
			if (w != NULL && !w->sealed)
				w->sealed = 1;
			const struct jctx *next;
			size_t keep = st->nremote;
			rc = jctx_process(st, result, ctxdoc, url, 1, 0, 1,
			                  validate_scoped, &next);
			st->nremote = keep;
			if (rc != CAIRN_OK)
				goto fail;
			result = next;
			w = NULL;
			continue;
		}
		if (!cJSON_IsObject(item)) {
			rc = jld_fail(st, "invalid local context",
			              _("a context must be an object, a URL or "
			                "null"),
			              NULL);
			goto fail;
		}
		if (w == NULL) {
			w = ctx_copy(st, a, result);
			if (w == NULL)
				goto copy_failed;
			result = w;
		}
		w->sealed = 0;
		rc = apply_object(st, w, a, item, base_url, local_persistent,
		                  override_protected, validate_scoped);
		if (rc != CAIRN_OK)
			goto fail;
	}
	if (!propagate && result->previous == NULL) {
		if (w == NULL) {
			w = ctx_copy(st, a, result);
			if (w == NULL)
				goto copy_failed;
			result = w;
		}
		w->previous = active;
	}
	if (w != NULL)
		w->sealed = 1;
	st->nremote = remote_at_start;
	if (cacheable && result != active && result->persistent &&
	    jld_cache_put(st->loader, active, local, base_url, flags, result) !=
	        0) {
		/* not cached: still valid, the loader's arena keeps it */
	}
	*out = result;
	return CAIRN_OK;
copy_failed:
	if (st->work > CAIRN_MAX_JSONLD_WORK) {
		rc = CAIRN_ERR_USAGE; /* jld_work said why */
		goto fail;
	}
oom:
	rc = jld_oom(st);
fail:
	st->nremote = remote_at_start;
	if (jld_cache_count(st->loader) == cached_before && a != &st->tmp)
		arena_rollback(a, mark);
	return rc;
}

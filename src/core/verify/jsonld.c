/* JSON-LD processor: arenas, maps, IRI helpers, the loader and its cache
 * of processed contexts. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "text.h"
#include "verify/jsonld_internal.h"

/* ---- arenas --------------------------------------------------------- */

#define ARENA_BLOCK 16384

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = malloc(sizeof(*b) + cap);
		if (b == NULL) {
			a->failed = 1;
			return NULL;
		}
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		a->total += cap;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_concat(struct arena *a, const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);
	char *p = arena_alloc(a, nx + ny + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, x, nx);
	memcpy(p + nx, y, ny + 1);
	return p;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b != NULL) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
	a->failed = 0;
}

struct arena_mark
arena_mark(const struct arena *a)
{
	struct arena_mark m = {a->head, a->head != NULL ? a->head->used : 0};

	return m;
}

void
arena_rollback(struct arena *a, struct arena_mark m)
{
	while (a->head != NULL && a->head != m.head) {
		struct arena_block *next = a->head->next;

		a->total -= a->head->cap;
		free(a->head);
		a->head = next;
	}
	if (a->head != NULL)
		a->head->used = m.used;
}

/* ---- string maps ---------------------------------------------------- */

uint32_t
smap_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct smap_entry *
smap_slot(const struct smap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct smap_entry *e = &m->e[i];

		if (e->key == NULL ||
		    (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

void *
smap_get(const struct smap *m, const char *key)
{
	if (m->count == 0)
		return NULL;
	struct smap_entry *e = smap_slot(m, key, smap_hash(key));
	return e->key != NULL ? e->val : NULL;
}

static int
smap_grow(struct smap *m, struct arena *a)
{
	size_t cap = m->cap == 0 ? 16 : m->cap * 2;
	struct smap_entry *e = arena_alloc(a, cap * sizeof(*e));

	if (e == NULL)
		return -1;
	memset(e, 0, cap * sizeof(*e));
	struct smap old = *m;
	m->e = e;
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.e[i].key != NULL)
			*smap_slot(m, old.e[i].key, old.e[i].hash) = old.e[i];
	}
	return 0;
}

int
smap_put(struct smap *m, struct arena *a, const char *key, void *val)
{
	uint32_t h = smap_hash(key);

	if ((m->count + 1) * 4 > m->cap * 3 && smap_grow(m, a) != 0)
		return -1;
	struct smap_entry *e = smap_slot(m, key, h);
	if (e->key == NULL) {
		e->key = key;
		e->hash = h;
		m->count++;
	}
	e->val = val;
	return 0;
}

void
smap_del(struct smap *m, const char *key)
{
	if (m->count == 0)
		return;
	struct smap_entry *e = smap_slot(m, key, smap_hash(key));
	if (e->key == NULL)
		return;
	/* backward-shift deletion keeps the probe chains whole */
	size_t mask = m->cap - 1, i = (size_t)(e - m->e);
	m->count--;
	for (size_t j = (i + 1) & mask; m->e[j].key != NULL;
	     j = (j + 1) & mask) {
		size_t home = m->e[j].hash & mask;

		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			m->e[i] = m->e[j];
			i = j;
		}
	}
	m->e[i].key = NULL;
	m->e[i].val = NULL;
}

int
smap_copy(struct smap *dst, const struct smap *src, struct arena *a)
{
	*dst = *src;
	if (src->cap == 0)
		return 0;
	dst->e = arena_alloc(a, src->cap * sizeof(*src->e));
	if (dst->e == NULL)
		return -1;
	memcpy(dst->e, src->e, src->cap * sizeof(*src->e));
	return 0;
}

/* ---- IRIs and keywords ---------------------------------------------- */

/* The keywords by their first letter after '@', so that the many keyword
 * checks of expansion cost a comparison or two. */
static const char *const keywords_by_letter[26][6] = {
    ['b' - 'a'] = {"base"},
    ['c' - 'a'] = {"container", "context"},
    ['d' - 'a'] = {"direction"},
    ['g' - 'a'] = {"graph"},
    ['i' - 'a'] = {"id", "import", "included", "index"},
    ['j' - 'a'] = {"json"},
    ['l' - 'a'] = {"language", "list"},
    ['n' - 'a'] = {"nest", "none"},
    ['p' - 'a'] = {"prefix", "propagate", "protected"},
    ['r' - 'a'] = {"reverse"},
    ['s' - 'a'] = {"set"},
    ['t' - 'a'] = {"type"},
    ['v' - 'a'] = {"value", "version", "vocab"},
};

int
jld_is_keyword(const char *s)
{
	if (s == NULL || s[0] != '@' || s[1] < 'a' || s[1] > 'z')
		return 0;
	const char *const *k = keywords_by_letter[s[1] - 'a'];
	for (size_t i = 0; i < 6 && k[i] != NULL; i++) {
		if (strcmp(s + 1, k[i]) == 0)
			return 1;
	}
	return 0;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
jld_has_keyword_form(const char *s)
{
	if (s == NULL || s[0] != '@' || s[1] == '\0')
		return 0;
	for (s++; *s != '\0'; s++) {
		if (!is_alpha(*s))
			return 0;
	}
	return 1;
}

/* Length of the scheme before ':', or 0. */
static size_t
scheme_len(const char *s)
{
	size_t i = 0;

	if (!is_alpha(s[0]))
		return 0;
	for (i = 1; is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' ||
	            s[i] == '-' || s[i] == '.';
	     i++)
		;
	return s[i] == ':' ? i : 0;
}

int
jld_is_absolute_iri(const char *s)
{
	return s != NULL && scheme_len(s) > 0;
}

int
jld_iri_wellformed(const char *s)
{
	int hashes = 0;

	if (!jld_is_absolute_iri(s))
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || strchr("<>\"{}|^`\\", c) != NULL)
			return 0;
		if (c == '#' && ++hashes > 1)
			return 0;
	}
	return 1;
}

int
jld_is_bnode(const char *s)
{
	return s != NULL && s[0] == '_' && s[1] == ':';
}

struct iri_parts {
	const char *scheme, *auth, *path, *query, *frag;
	size_t nscheme, nauth, npath, nquery, nfrag;
	int has_auth, has_query, has_frag;
};

static void
iri_split(const char *s, struct iri_parts *p)
{
	memset(p, 0, sizeof(*p));
	size_t n = scheme_len(s);
	if (n > 0) {
		p->scheme = s;
		p->nscheme = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		p->has_auth = 1;
		p->auth = s + 2;
		p->nauth = strcspn(p->auth, "/?#");
		s = p->auth + p->nauth;
	}
	p->path = s;
	p->npath = strcspn(s, "?#");
	s += p->npath;
	if (*s == '?') {
		p->has_query = 1;
		p->query = s + 1;
		p->nquery = strcspn(p->query, "#");
		s = p->query + p->nquery;
	}
	if (*s == '#') {
		p->has_frag = 1;
		p->frag = s + 1;
		p->nfrag = strlen(p->frag);
	}
}

/* RFC 3986 §5.2.4 over path (n bytes) into out (at least n + 2 bytes);
 * returns the output length. */
static size_t
remove_dots(const char *in, size_t n, char *out)
{
	size_t o = 0, i = 0;

	while (i < n) {
		const char *s = in + i;
		size_t left = n - i;

		if (left >= 3 && memcmp(s, "../", 3) == 0) {
			i += 3;
		} else if (left >= 2 && memcmp(s, "./", 2) == 0) {
			i += 2;
		} else if (left >= 3 && memcmp(s, "/./", 3) == 0) {
			i += 2;
		} else if (left == 2 && memcmp(s, "/.", 2) == 0) {
			out[o++] = '/';
			break;
		} else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
		           (left == 3 && memcmp(s, "/..", 3) == 0)) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (left == 3) {
				out[o++] = '/';
				break;
			}
			i += 3;
		} else if ((left == 1 && s[0] == '.') ||
		           (left == 2 && memcmp(s, "..", 2) == 0)) {
			break;
		} else {
			size_t k = s[0] == '/' ? 1 : 0;

			while (k < left && s[k] != '/')
				k++;
			memcpy(out + o, s, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return o;
}

char *
jld_resolve(struct arena *a, const char *base, const char *ref)
{
	struct iri_parts b, r;
	const char *auth, *query;
	size_t nauth, nquery;
	int has_auth, has_query;

	iri_split(ref, &r);
	if (r.scheme != NULL || base == NULL)
		base = NULL;
	iri_split(base != NULL ? base : "", &b);
	size_t cap = strlen(ref) + (base != NULL ? strlen(base) : 0) + 8;
	char *merged = arena_alloc(a, cap), *path = arena_alloc(a, cap);
	char *out = arena_alloc(a, cap);
	if (merged == NULL || path == NULL || out == NULL)
		return NULL;

	const char *scheme = r.scheme != NULL ? r.scheme : b.scheme;
	size_t nscheme = r.scheme != NULL ? r.nscheme : b.nscheme;
	if (r.scheme != NULL) {
		remove_dots(r.path, r.npath, path);
		has_auth = r.has_auth, auth = r.auth, nauth = r.nauth;
		has_query = r.has_query, query = r.query, nquery = r.nquery;
	} else if (r.has_auth) {
		remove_dots(r.path, r.npath, path);
		has_auth = 1, auth = r.auth, nauth = r.nauth;
		has_query = r.has_query, query = r.query, nquery = r.nquery;
	} else {
		has_auth = b.has_auth, auth = b.auth, nauth = b.nauth;
		if (r.npath == 0) {
			memcpy(path, b.path, b.npath);
			path[b.npath] = '\0';
			if (r.has_query) {
				has_query = 1, query = r.query,
				nquery = r.nquery;
			} else {
				has_query = b.has_query, query = b.query,
				nquery = b.nquery;
			}
		} else {
			if (r.path[0] == '/') {
				remove_dots(r.path, r.npath, path);
			} else {
				size_t m = 0;

				if (b.has_auth && b.npath == 0) {
					merged[m++] = '/';
				} else {
					size_t k = b.npath;

					while (k > 0 && b.path[k - 1] != '/')
						k--;
					memcpy(merged, b.path, k);
					m = k;
				}
				memcpy(merged + m, r.path, r.npath);
				m += r.npath;
				remove_dots(merged, m, path);
			}
			has_query = r.has_query, query = r.query,
			nquery = r.nquery;
		}
	}
	size_t o = 0;
	if (scheme != NULL) {
		memcpy(out, scheme, nscheme);
		o += nscheme;
		out[o++] = ':';
	}
	if (has_auth) {
		out[o++] = '/';
		out[o++] = '/';
		memcpy(out + o, auth, nauth);
		o += nauth;
	}
	size_t np = strlen(path);
	memcpy(out + o, path, np);
	o += np;
	if (has_query) {
		out[o++] = '?';
		memcpy(out + o, query, nquery);
		o += nquery;
	}
	if (r.has_frag) {
		out[o++] = '#';
		memcpy(out + o, r.frag, r.nfrag);
		o += r.nfrag;
	}
	out[o] = '\0';
	return out;
}

/* ---- errors --------------------------------------------------------- */

enum cairn_err
jld_fail(struct jstate *st, const char *code, const char *what,
         const char *name)
{
	char *safe = NULL;

	if (name != NULL) {
		char *clean = text_sanitise(name, TEXT_ONE_LINE);

		/* a URL is said whole enough to be added as it is */
		size_t cols = what == NULL ? 300 : 60;

		safe = clean != NULL ? text_truncate(clean, cols) : NULL;
		free(clean);
	}
	enum cairn_err rc = CAIRN_ERR_USAGE;
	if (strcmp(code, "safe mode") == 0)
		rc = CAIRN_ERR_CHECK;
	else if (strcmp(code, "unsupported") == 0 ||
	         strcmp(code, "context not available offline") == 0)
		rc = CAIRN_ERR_UNDECIDED;
	if (what == NULL)
		cairn_error_set(st->err, rc, "%s: %s", code,
		                safe != NULL ? safe : "");
	else if (safe != NULL)
		cairn_error_set(st->err, rc, "%s: %s \"%s\"", code, what, safe);
	else
		cairn_error_set(st->err, rc, "%s: %s", code, what);
	free(safe);
	return rc;
}

enum cairn_err
jld_work(struct jstate *st, unsigned long n)
{
	st->work += n;
	if (st->work > CAIRN_MAX_JSONLD_WORK)
		return cairn_error_set(
		    st->err, CAIRN_ERR_USAGE,
		    _("JSON-LD work limit reached: the document needs more "
		      "than %lu steps to expand; it is refused"),
		    (unsigned long)CAIRN_MAX_JSONLD_WORK);
	return CAIRN_OK;
}

enum cairn_err
jld_oom(struct jstate *st)
{
	return cairn_error_set(st->err, CAIRN_ERR_IO,
	                       _("out of memory processing JSON-LD"));
}

/* ---- the loader and its cache --------------------------------------- */

struct ldoc {
	char *url;
	cJSON *doc;
};

struct cache_entry {
	const struct jctx *parent;
	const cJSON *local;
	const char *base_url;
	unsigned flags;
	const struct jctx *result;
};

struct jsonld_loader {
	struct ldoc *docs;
	size_t ndocs;
	struct arena meta; /* the URL index */
	struct smap index; /* url -> struct ldoc * (index + 1) */
	struct arena persist;
	struct cache_entry *cache;
	size_t ncache, capcache;
	const struct jctx *initial[8];
	size_t ninitial;
};

struct jsonld_loader *
jsonld_loader_new(void)
{
	struct jsonld_loader *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->docs = calloc(CAIRN_MAX_CONTEXTS, sizeof(*l->docs));
	if (l->docs == NULL) {
		free(l);
		return NULL;
	}
	return l;
}

static void
cache_clear(struct jsonld_loader *l)
{
	free(l->cache);
	l->cache = NULL;
	l->ncache = l->capcache = 0;
	l->ninitial = 0;
	arena_release(&l->persist);
}

void
jsonld_loader_free(struct jsonld_loader *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->ndocs; i++) {
		free(l->docs[i].url);
		cJSON_Delete(l->docs[i].doc);
	}
	free(l->docs);
	cache_clear(l);
	arena_release(&l->meta);
	free(l);
}

enum cairn_err
jsonld_loader_add(struct jsonld_loader *l, const char *url, const char *json,
                  size_t len, struct cairn_error *err)
{
	cJSON *doc = NULL;
	enum cairn_err rc = json_parse((const unsigned char *)json, len,
	                               CAIRN_MAX_CONTEXT_SIZE, url, &doc, err);

	if (rc != CAIRN_OK)
		return rc;
	uintptr_t at = (uintptr_t)smap_get(&l->index, url);
	if (at != 0) {
		/* processed contexts may point into the old document */
		cache_clear(l);
		cJSON_Delete(l->docs[at - 1].doc);
		l->docs[at - 1].doc = doc;
		return CAIRN_OK;
	}
	if (l->ndocs >= CAIRN_MAX_CONTEXTS) {
		cJSON_Delete(doc);
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("too many JSON-LD contexts: at most %d can be "
		      "installed; %s was not added"),
		    CAIRN_MAX_CONTEXTS, url);
	}
	char *copy = strdup(url);
	if (copy == NULL ||
	    smap_put(&l->index, &l->meta, copy, (void *)(l->ndocs + 1)) != 0) {
		free(copy);
		cJSON_Delete(doc);
		return cairn_error_set(err, CAIRN_ERR_IO,
		                       _("out of memory adding a context"));
	}
	l->docs[l->ndocs].url = copy;
	l->docs[l->ndocs].doc = doc;
	l->ndocs++;
	return CAIRN_OK;
}

const cJSON *
jsonld_loader_get(const struct jsonld_loader *l, const char *url)
{
	uintptr_t at = (uintptr_t)smap_get(&l->index, url);

	return at != 0 ? l->docs[at - 1].doc : NULL;
}

size_t
jsonld_loader_cached(const struct jsonld_loader *l)
{
	return l->ncache;
}

const cJSON *
jld_loader_context(struct jsonld_loader *l, const char *url, const cJSON **doc)
{
	const cJSON *d = l != NULL ? jsonld_loader_get(l, url) : NULL;

	*doc = d;
	return d;
}

static size_t
cache_hash(const struct jctx *parent, const cJSON *local, const char *base,
           unsigned flags)
{
	uint64_t h = (uint64_t)(uintptr_t)parent * 0x9e3779b97f4a7c15u;

	h ^= (uint64_t)(uintptr_t)local * 0xc2b2ae3d27d4eb4fu;
	h ^= (uint64_t)(base != NULL ? smap_hash(base) : 0) << 7;
	h ^= flags;
	h ^= h >> 29;
	return (size_t)h;
}

static int
cache_same(const struct cache_entry *e, const struct jctx *parent,
           const cJSON *local, const char *base_url, unsigned flags)
{
	if (e->parent != parent || e->local != local || e->flags != flags)
		return 0;
	if (e->base_url == NULL || base_url == NULL)
		return e->base_url == base_url;
	return strcmp(e->base_url, base_url) == 0;
}

const struct jctx *
jld_cache_get(struct jsonld_loader *l, const struct jctx *parent,
              const cJSON *local, const char *base_url, unsigned flags)
{
	if (l == NULL || l->capcache == 0)
		return NULL;
	size_t mask = l->capcache - 1;
	for (size_t i = cache_hash(parent, local, base_url, flags) & mask;;
	     i = (i + 1) & mask) {
		struct cache_entry *e = &l->cache[i];

		if (e->result == NULL)
			return NULL;
		if (cache_same(e, parent, local, base_url, flags))
			return e->result;
	}
}

int
jld_cache_full(const struct jsonld_loader *l)
{
	return l == NULL || l->ncache >= CAIRN_MAX_CONTEXT_CACHE ||
	       l->persist.total >= CAIRN_MAX_CONTEXT_CACHE_BYTES;
}

size_t
jld_cache_count(const struct jsonld_loader *l)
{
	return l != NULL ? l->ncache : 0;
}

struct arena *
jld_cache_arena(struct jsonld_loader *l)
{
	return &l->persist;
}

int
jld_cache_put(struct jsonld_loader *l, const struct jctx *parent,
              const cJSON *local, const char *base_url, unsigned flags,
              const struct jctx *result)
{
	if (jld_cache_full(l))
		return -1;
	if ((l->ncache + 1) * 2 > l->capcache) {
		size_t cap = l->capcache == 0 ? 64 : l->capcache * 2;
		struct cache_entry *n = calloc(cap, sizeof(*n));

		if (n == NULL)
			return -1;
		for (size_t i = 0; i < l->capcache; i++) {
			struct cache_entry *e = &l->cache[i];

			if (e->result == NULL)
				continue;
			size_t j = cache_hash(e->parent, e->local, e->base_url,
			                      e->flags) &
			           (cap - 1);
			while (n[j].result != NULL)
				j = (j + 1) & (cap - 1);
			n[j] = *e;
		}
		free(l->cache);
		l->cache = n;
		l->capcache = cap;
	}
	char *base = NULL;
	if (base_url != NULL) {
		base = arena_strdup(&l->persist, base_url);
		if (base == NULL)
			return -1;
	}
	size_t mask = l->capcache - 1;
	size_t i = cache_hash(parent, local, base_url, flags) & mask;
	while (l->cache[i].result != NULL)
		i = (i + 1) & mask;
	l->cache[i] = (struct cache_entry){parent, local, base, flags, result};
	l->ncache++;
	return 0;
}

const struct jctx *
jld_initial_get(struct jsonld_loader *l, const char *base)
{
	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->ninitial; i++) {
		const char *b = l->initial[i]->base;

		if ((b == NULL && base == NULL) ||
		    (b != NULL && base != NULL && strcmp(b, base) == 0))
			return l->initial[i];
	}
	return NULL;
}

int
jld_initial_put(struct jsonld_loader *l, const struct jctx *c)
{
	if (l == NULL ||
	    l->ninitial >= sizeof(l->initial) / sizeof(l->initial[0]))
		return -1;
	l->initial[l->ninitial++] = c;
	return 0;
}

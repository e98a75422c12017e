/* JSON-LD 1.1 Node Map Generation (§7.2) and Deserialize JSON-LD to RDF
 * (§8.1 to §8.3), and the two entry points of jsonld.h. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "verify/jcs.h"
#include "verify/jsonld_internal.h"

#define RDF_NS      "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS      "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE    RDF_NS "type"
#define RDF_FIRST   RDF_NS "first"
#define RDF_REST    RDF_NS "rest"
#define RDF_NIL     RDF_NS "nil"
#define RDF_JSON    RDF_NS "JSON"
#define RDF_VALUE   RDF_NS "value"
#define RDF_LANG    RDF_NS "language"
#define RDF_DIR     RDF_NS "direction"
#define RDF_LANGSTR RDF_NS "langString"
#define XSD_BOOLEAN XSD_NS "boolean"
#define XSD_DOUBLE  XSD_NS "double"
#define XSD_INTEGER XSD_NS "integer"
#define XSD_STRING  XSD_NS "string"
#define I18N_NS     "https://www.w3.org/ns/i18n#"

enum cairn_err jld_expand_doc(struct jstate *st, const cJSON *doc, cJSON **out);

static int
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* ---- node maps ------------------------------------------------------ */

struct nm_graph {
	const char *name;
	struct smap nodes; /* id -> cJSON node */
	cJSON *holder;     /* owns the nodes, in the order they came */
};

struct nodemap {
	struct smap graphs; /* name -> struct nm_graph */
	struct nm_graph **list;
	size_t ngraphs, cap;
	struct smap issued; /* input blank node id -> issued id */
	unsigned long counter;
};

static const char *
issue(struct jstate *st, struct nodemap *nm, const char *old)
{
	const char *id = old != NULL ? smap_get(&nm->issued, old) : NULL;
	char buf[32];

	if (id != NULL)
		return id;
	snprintf(buf, sizeof(buf), "_:b%lu", nm->counter++);
	char *n = arena_strdup(&st->tmp, buf);
	if (n == NULL)
		return NULL;
	if (old != NULL) {
		char *key = arena_strdup(&st->tmp, old);

		if (key == NULL || smap_put(&nm->issued, &st->tmp, key, n) != 0)
			return NULL;
	}
	return n;
}

static struct nm_graph *
graph_get(struct jstate *st, struct nodemap *nm, const char *name)
{
	struct nm_graph *g = smap_get(&nm->graphs, name);

	if (g != NULL)
		return g;
	if (nm->ngraphs == nm->cap) {
		size_t cap = nm->cap == 0 ? 4 : nm->cap * 2;
		struct nm_graph **n = arena_alloc(&st->tmp, cap * sizeof(*n));

		if (n == NULL)
			return NULL;
		if (nm->ngraphs > 0)
			memcpy(n, nm->list, nm->ngraphs * sizeof(*n));
		nm->list = n;
		nm->cap = cap;
	}
	g = arena_alloc(&st->tmp, sizeof(*g));
	if (g == NULL)
		return NULL;
	memset(g, 0, sizeof(*g));
	g->name = arena_strdup(&st->tmp, name);
	g->holder = cJSON_CreateArray();
	if (g->name == NULL || g->holder == NULL ||
	    smap_put(&nm->graphs, &st->tmp, g->name, g) != 0) {
		cJSON_Delete(g->holder);
		return NULL;
	}
	nm->list[nm->ngraphs++] = g;
	return g;
}

static cJSON *
node_get(struct jstate *st, struct nm_graph *g, const char *id)
{
	cJSON *n = smap_get(&g->nodes, id);

	if (n != NULL)
		return n;
	n = cJSON_CreateObject();
	if (n == NULL)
		return NULL;
	cJSON *idv = cJSON_AddStringToObject(n, "@id", id);
	if (idv == NULL) {
		cJSON_Delete(n);
		return NULL;
	}
	cJSON_AddItemToArray(g->holder, n);
	if (smap_put(&g->nodes, &st->tmp, idv->valuestring, n) != 0)
		return NULL;
	return n;
}

/* node[prop] as an array, made when missing. */
static cJSON *
prop_array(cJSON *node, const char *prop)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(node, prop);

	if (a == NULL)
		a = cJSON_AddArrayToObject(node, prop);
	return a;
}

/* Adds a copy of v to arr unless an equal item is there. */
static int
add_unique(cJSON *arr, const cJSON *v)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
	{
		if (cJSON_Compare(it, v, 1))
			return 0;
	}
	cJSON *copy = cJSON_Duplicate(v, 1);
	if (copy == NULL)
		return -1;
	cJSON_AddItemToArray(arr, copy);
	return 0;
}

static cJSON *
reference(const char *id)
{
	cJSON *r = cJSON_CreateObject();

	if (r != NULL && cJSON_AddStringToObject(r, "@id", id) == NULL) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

/* §7.2.2 Node Map Generation.  subject is an id, or NULL with subject_ref
 * for a reverse property's referencing node. */
static enum cairn_err
generate(struct jstate *st, struct nodemap *nm, const cJSON *element,
         const char *graph_name, const char *subject, const cJSON *subject_ref,
         const char *prop, cJSON *list)
{
	enum cairn_err rc = jld_work(st, 1);
	const cJSON *it;

	if (rc != CAIRN_OK)
		return rc;
	if (cJSON_IsArray(element)) {
		cJSON_ArrayForEach(it, element)
		{
			rc = generate(st, nm, it, graph_name, subject,
			              subject_ref, prop, list);
			if (rc != CAIRN_OK)
				return rc;
		}
		return CAIRN_OK;
	}
	if (!cJSON_IsObject(element))
		return CAIRN_OK;
	/* the keyword entries, in one pass over the element */
	const cJSON *kv = NULL, *klist = NULL, *idv = NULL, *types = NULL,
	            *index = NULL, *rev = NULL, *graph = NULL, *inc = NULL;
	cJSON_ArrayForEach(it, element)
	{
		const char *k = it->string;

		if (k[0] != '@')
			continue;
		if (strcmp(k, "@value") == 0)
			kv = it;
		else if (strcmp(k, "@list") == 0)
			klist = it;
		else if (strcmp(k, "@id") == 0)
			idv = it;
		else if (strcmp(k, "@type") == 0)
			types = it;
		else if (strcmp(k, "@index") == 0)
			index = it;
		else if (strcmp(k, "@reverse") == 0)
			rev = it;
		else if (strcmp(k, "@graph") == 0)
			graph = it;
		else if (strcmp(k, "@included") == 0)
			inc = it;
	}
	struct nm_graph *g = graph_get(st, nm, graph_name);
	if (g == NULL)
		return jld_oom(st);
	cJSON *subject_node = subject != NULL ? node_get(st, g, subject) : NULL;
	if (subject != NULL && subject_node == NULL)
		return jld_oom(st);

	if (kv != NULL) {
		if (list == NULL) {
			cJSON *arr = prop_array(subject_node, prop);

			if (arr == NULL || add_unique(arr, element) != 0)
				return jld_oom(st);
		} else {
			cJSON *copy = cJSON_Duplicate(element, 1);

			if (copy == NULL)
				return jld_oom(st);
			cJSON_AddItemToArray(
			    cJSON_GetObjectItemCaseSensitive(list, "@list"),
			    copy);
		}
		return CAIRN_OK;
	}
	if (klist != NULL) {
		cJSON *result = cJSON_CreateObject();

		if (result == NULL ||
		    cJSON_AddArrayToObject(result, "@list") == NULL) {
			cJSON_Delete(result);
			return jld_oom(st);
		}
		rc = generate(st, nm, klist, graph_name, subject, subject_ref,
		              prop, result);
		if (rc != CAIRN_OK) {
			cJSON_Delete(result);
			return rc;
		}
		cJSON *target =
		    list != NULL
		        ? cJSON_GetObjectItemCaseSensitive(list, "@list")
		        : prop_array(subject_node, prop);
		if (target == NULL) {
			cJSON_Delete(result);
			return jld_oom(st);
		}
		cJSON_AddItemToArray(target, result);
		return CAIRN_OK;
	}

	/* a node object */
	const char *id;
	if (cJSON_IsString(idv)) {
		id = jld_is_bnode(idv->valuestring)
		         ? issue(st, nm, idv->valuestring)
		         : idv->valuestring;
	} else if (idv != NULL) {
		id = ""; /* an @id that expanded to null: never a subject */
	} else {
		id = issue(st, nm, NULL);
	}
	if (id == NULL)
		return jld_oom(st);
	cJSON *node = node_get(st, g, id);
	if (node == NULL)
		return jld_oom(st);
	id = member(node, "@id")->valuestring;

	if (subject_ref != NULL) {
		cJSON *arr = prop_array(node, prop);

		if (arr == NULL || add_unique(arr, subject_ref) != 0)
			return jld_oom(st);
	} else if (prop != NULL) {
		cJSON *ref = reference(id);

		if (ref == NULL)
			return jld_oom(st);
		if (list == NULL) {
			cJSON *arr = prop_array(subject_node, prop);
			int bad = arr == NULL || add_unique(arr, ref) != 0;

			cJSON_Delete(ref);
			if (bad)
				return jld_oom(st);
		} else {
			cJSON_AddItemToArray(
			    cJSON_GetObjectItemCaseSensitive(list, "@list"),
			    ref);
		}
	}
	if (types != NULL) {
		cJSON *arr = prop_array(node, "@type");

		if (arr == NULL)
			return jld_oom(st);
		const cJSON *first =
		    cJSON_IsArray(types) ? types->child : types;
		for (it = first; it != NULL;
		     it = cJSON_IsArray(types) ? it->next : NULL) {
			if (!cJSON_IsString(it))
				continue;
			const char *t = jld_is_bnode(it->valuestring)
			                    ? issue(st, nm, it->valuestring)
			                    : it->valuestring;
			cJSON *s = t != NULL ? cJSON_CreateString(t) : NULL;
			int bad = s == NULL || add_unique(arr, s) != 0;

			cJSON_Delete(s);
			if (bad)
				return jld_oom(st);
		}
	}
	if (index != NULL) {
		const cJSON *have = member(node, "@index");

		if (have != NULL && !cJSON_Compare(have, index, 1))
			return jld_fail(st, "conflicting indexes",
			                _("a node has two different @index "
			                  "values"),
			                id);
		if (have == NULL) {
			cJSON *copy = cJSON_Duplicate(index, 1);

			if (copy == NULL)
				return jld_oom(st);
			cJSON_AddItemToObject(node, "@index", copy);
		}
	}
	if (rev != NULL) {
		cJSON *ref = reference(id);

		if (ref == NULL)
			return jld_oom(st);
		cJSON_ArrayForEach(it, rev)
		{
			rc = generate(st, nm, it, graph_name, NULL, ref,
			              it->string, NULL);
			if (rc != CAIRN_OK) {
				cJSON_Delete(ref);
				return rc;
			}
		}
		cJSON_Delete(ref);
	}
	if (graph != NULL) {
		char *name = arena_strdup(&st->tmp, id);

		if (name == NULL)
			return jld_oom(st);
		rc = generate(st, nm, graph, name, NULL, NULL, NULL, NULL);
		if (rc != CAIRN_OK)
			return rc;
	}
	if (inc != NULL) {
		rc = generate(st, nm, inc, graph_name, NULL, NULL, NULL, NULL);
		if (rc != CAIRN_OK)
			return rc;
	}
	cJSON_ArrayForEach(it, element)
	{
		const char *p = it->string;

		if (eq(p, "@id") || eq(p, "@type") || eq(p, "@index") ||
		    eq(p, "@reverse") || eq(p, "@graph") || eq(p, "@included"))
			continue;
		if (jld_is_bnode(p)) {
			p = issue(st, nm, p);
			if (p == NULL)
				return jld_oom(st);
		}
		if (prop_array(node, p) == NULL)
			return jld_oom(st);
		rc = generate(st, nm, it, graph_name, id, NULL, p, NULL);
		if (rc != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

static void
nodemap_free(struct nodemap *nm)
{
	for (size_t i = 0; i < nm->ngraphs; i++)
		cJSON_Delete(nm->list[i]->holder);
}

/* ---- RDF ------------------------------------------------------------ */

static int
iri_ok(const char *s)
{
	return jld_iri_wellformed(s);
}

static int
term_ok(const char *s)
{
	return jld_is_bnode(s) || iri_ok(s);
}

static struct rdf_term
resource(const char *s)
{
	return jld_is_bnode(s) ? rdf_blank(s + 2) : rdf_iri(s);
}

static int
langtag_ok(const char *s)
{
	size_t n = 0;
	int first = 1;

	for (;; s++) {
		char c = *s;

		if (c == '-' || c == '\0') {
			if (n == 0 || n > 8)
				return 0;
			if (c == '\0')
				return 1;
			n = 0;
			first = 0;
			continue;
		}
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		int digit = c >= '0' && c <= '9';
		if (!alpha && !(digit && !first))
			return 0;
		n++;
	}
}

/* The canonical xsd:double form JSON-LD asks for: 1.1E0, 5.3E2. */
static void
double_form(double d, char *buf, size_t size)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%.15E", d);
	char *e = strchr(tmp, 'E');
	if (e == NULL) {
		snprintf(buf, size, "%s", tmp);
		return;
	}
	*e = '\0';
	long exp = strtol(e + 1, NULL, 10);
	char *dot = strchr(tmp, '.');
	size_t n = strlen(tmp);
	if (dot != NULL) {
		while (n > (size_t)(dot - tmp) + 2 && tmp[n - 1] == '0')
			tmp[--n] = '\0';
	}
	snprintf(buf, size, "%sE%ld", tmp, exp);
}

struct rdfout {
	struct jstate *st;
	struct nodemap *nm;
	struct rdf_dataset *ds;
	struct rdf_term graph;
};

static enum cairn_err
emit(struct rdfout *o, struct rdf_term s, struct rdf_term p,
     struct rdf_term obj)
{
	enum cairn_err rc = jld_work(o->st, 1);

	if (rc != CAIRN_OK)
		return rc;
	return rdf_dataset_add(o->ds, s, p, obj, o->graph, o->st->err);
}

static enum cairn_err object_to_rdf(struct rdfout *o, const cJSON *item,
                                    struct rdf_term *out, int *has,
                                    char **owned);

/* §8.3 List Conversion: the head of the list. */
static enum cairn_err
list_to_rdf(struct rdfout *o, const cJSON *list, struct rdf_term *out,
            const char **head)
{
	int n = cJSON_GetArraySize(list);
	enum cairn_err rc;

	if (n == 0) {
		*out = rdf_iri(RDF_NIL);
		*head = NULL;
		return CAIRN_OK;
	}
	const char **ids = arena_alloc(&o->st->tmp, (size_t)n * sizeof(*ids));
	if (ids == NULL)
		return jld_oom(o->st);
	for (int i = 0; i < n; i++) {
		ids[i] = issue(o->st, o->nm, NULL);
		if (ids[i] == NULL)
			return jld_oom(o->st);
	}
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
	{
		struct rdf_term obj;
		int has = 0;
		char *owned = NULL;

		rc = object_to_rdf(o, it, &obj, &has, &owned);
		if (rc == CAIRN_OK && has)
			rc = emit(o, rdf_blank(ids[i] + 2), rdf_iri(RDF_FIRST),
			          obj);
		free(owned);
		if (rc == CAIRN_OK)
			rc = emit(o, rdf_blank(ids[i] + 2), rdf_iri(RDF_REST),
			          i + 1 < n ? rdf_blank(ids[i + 1] + 2)
			                    : rdf_iri(RDF_NIL));
		if (rc != CAIRN_OK)
			return rc;
		i++;
	}
	*head = ids[0];
	*out = rdf_blank(ids[0] + 2);
	return CAIRN_OK;
}

/* §8.2 Object to RDF; *has is 0 for null.  *owned is a string to free
 * once the term was added. */
static enum cairn_err
object_to_rdf(struct rdfout *o, const cJSON *item, struct rdf_term *out,
              int *has, char **owned)
{
	struct jstate *st = o->st;
	const cJSON *v;

	*has = 0;
	*owned = NULL;
	if ((v = member(item, "@list")) != NULL) {
		const char *head;
		enum cairn_err rc = list_to_rdf(o, v, out, &head);

		if (rc == CAIRN_OK)
			*has = 1;
		return rc;
	}
	if ((v = member(item, "@value")) == NULL) {
		const cJSON *id = member(item, "@id");

		if (!cJSON_IsString(id) || !term_ok(id->valuestring))
			return CAIRN_OK;
		*out = resource(id->valuestring);
		*has = 1;
		return CAIRN_OK;
	}
	const cJSON *tv = member(item, "@type");
	const char *datatype = cJSON_IsString(tv) ? tv->valuestring : NULL;
	const cJSON *lv = member(item, "@language");
	const char *lang = cJSON_IsString(lv) ? lv->valuestring : NULL;
	const cJSON *dv = member(item, "@direction");
	const char *dir = cJSON_IsString(dv) ? dv->valuestring : NULL;
	char num[64];
	const char *value = NULL;

	if (datatype != NULL && !iri_ok(datatype) && !eq(datatype, "@json"))
		return CAIRN_OK;
	if (lang != NULL && !langtag_ok(lang))
		return CAIRN_OK;
	if (eq(datatype, "@json")) {
		char *text = NULL;
		struct cairn_error jerr;
		enum cairn_err rc = jcs_serialise(v, &text, NULL, &jerr);

		if (rc != CAIRN_OK)
			return cairn_error_set(st->err, rc,
			                       _("invalid JSON literal: %s"),
			                       jerr.msg);
		*owned = text;
		value = text;
		datatype = RDF_JSON;
	} else if (cJSON_IsBool(v)) {
		value = cJSON_IsTrue(v) ? "true" : "false";
		if (datatype == NULL)
			datatype = XSD_BOOLEAN;
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (!isfinite(d))
			return CAIRN_OK;
		/* doubles from 2^53 up are whole numbers */
		int fraction =
		    fabs(d) < 9007199254740992.0 && (double)(long long)d != d;
		if (fraction || fabs(d) >= 1e21 || eq(datatype, XSD_DOUBLE)) {
			double_form(d, num, sizeof(num));
			if (datatype == NULL)
				datatype = XSD_DOUBLE;
		} else {
			jcs_number(d, num);
			if (datatype == NULL)
				datatype = XSD_INTEGER;
		}
		value = num;
	} else if (cJSON_IsString(v)) {
		value = v->valuestring;
		if (datatype == NULL)
			datatype = lang != NULL ? RDF_LANGSTR : XSD_STRING;
	} else {
		return CAIRN_OK;
	}
	const char *mode = st->opts->rdf_direction;
	if (dir != NULL && eq(mode, "i18n-datatype")) {
		size_t n = strlen(I18N_NS) + (lang != NULL ? strlen(lang) : 0) +
		           strlen(dir) + 2;
		char *dt = arena_alloc(&st->tmp, n);

		if (dt == NULL)
			return jld_oom(st);
		snprintf(dt, n, "%s%s_%s", I18N_NS, lang != NULL ? lang : "",
		         dir);
		for (char *c = dt + strlen(I18N_NS); *c != '\0'; c++) {
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		}
		*out = rdf_literal(value, dt, NULL);
		*has = 1;
		return CAIRN_OK;
	}
	if (dir != NULL && eq(mode, "compound-literal")) {
		const char *b = issue(st, o->nm, NULL);
		enum cairn_err rc;

		if (b == NULL)
			return jld_oom(st);
		char *lower =
		    lang != NULL ? arena_strdup(&st->tmp, lang) : NULL;

		if (lang != NULL && lower == NULL)
			return jld_oom(st);
		for (char *c = lower; c != NULL && *c != '\0'; c++) {
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		}
		rc = emit(o, rdf_blank(b + 2), rdf_iri(RDF_VALUE),
		          rdf_literal(value, NULL, NULL));
		if (rc == CAIRN_OK && lower != NULL)
			rc = emit(o, rdf_blank(b + 2), rdf_iri(RDF_LANG),
			          rdf_literal(lower, NULL, NULL));
		if (rc == CAIRN_OK)
			rc = emit(o, rdf_blank(b + 2), rdf_iri(RDF_DIR),
			          rdf_literal(dir, NULL, NULL));
		if (rc != CAIRN_OK)
			return rc;
		*out = rdf_blank(b + 2);
		*has = 1;
		return CAIRN_OK;
	}
	if (value == num) {
		/* the number text must outlive this frame */
		char *copy = arena_strdup(&st->tmp, num);

		if (copy == NULL)
			return jld_oom(st);
		value = copy;
	}
	*out = rdf_literal(value, eq(datatype, RDF_LANGSTR) ? NULL : datatype,
	                   eq(datatype, RDF_LANGSTR) ? lang : NULL);
	*has = 1;
	return CAIRN_OK;
}

/* §8.1.2 over one graph. */
static enum cairn_err
graph_to_rdf(struct rdfout *o, struct nm_graph *g)
{
	const cJSON *node;
	enum cairn_err rc;

	cJSON_ArrayForEach(node, g->holder)
	{
		const char *subject = member(node, "@id")->valuestring;
		const cJSON *prop;

		if (!term_ok(subject))
			continue;
		struct rdf_term s = resource(subject);
		cJSON_ArrayForEach(prop, node)
		{
			const char *p = prop->string;
			const cJSON *item;

			if (eq(p, "@type")) {
				cJSON_ArrayForEach(item, prop)
				{
					if (!cJSON_IsString(item) ||
					    !term_ok(item->valuestring))
						continue;
					rc = emit(o, s, rdf_iri(RDF_TYPE),
					          resource(item->valuestring));
					if (rc != CAIRN_OK)
						return rc;
				}
				continue;
			}
			if (jld_is_bnode(p) &&
			    o->st->opts->produce_generalized_rdf)
				return jld_fail(
				    o->st, "unsupported",
				    _("generalized RDF (a blank node "
				      "as a predicate)"),
				    NULL);
			if (jld_is_keyword(p) || jld_is_bnode(p) || !iri_ok(p))
				continue;
			cJSON_ArrayForEach(item, prop)
			{
				struct rdf_term obj;
				int has;
				char *owned;

				rc = object_to_rdf(o, item, &obj, &has, &owned);
				if (rc == CAIRN_OK && has)
					rc = emit(o, s, rdf_iri(p), obj);
				free(owned);
				if (rc != CAIRN_OK)
					return rc;
			}
		}
	}
	return CAIRN_OK;
}

/* ---- entry points --------------------------------------------------- */

static void
state_init(struct jstate *st, struct jsonld_loader *l,
           const struct jsonld_options *opts, struct cairn_error *err)
{
	static const struct jsonld_options none;

	memset(st, 0, sizeof(*st));
	st->loader = l;
	st->opts = opts != NULL ? opts : &none;
	st->err = err;
	st->mode10 = st->opts->processing_mode_10 != 0;
	st->keep = cJSON_CreateArray();
}

static void
state_done(struct jstate *st)
{
	arena_release(&st->tmp);
	free(st->remote);
	cJSON_Delete(st->keep);
}

enum cairn_err
jsonld_expand(const cJSON *doc, struct jsonld_loader *l,
              const struct jsonld_options *opts, cJSON **expanded,
              struct cairn_error *err)
{
	struct jstate st;
	enum cairn_err rc;

	*expanded = NULL;
	state_init(&st, l, opts, err);
	rc =
	    st.keep != NULL ? jld_expand_doc(&st, doc, expanded) : jld_oom(&st);
	state_done(&st);
	return rc;
}

enum cairn_err
jsonld_to_rdf(const cJSON *doc, struct jsonld_loader *l,
              const struct jsonld_options *opts, struct rdf_dataset **out,
              struct cairn_error *err)
{
	struct jstate st;
	struct nodemap nm;
	cJSON *expanded = NULL;
	enum cairn_err rc;

	*out = NULL;
	memset(&nm, 0, sizeof(nm));
	state_init(&st, l, opts, err);
	rc = st.keep != NULL ? jld_expand_doc(&st, doc, &expanded)
	                     : jld_oom(&st);
	if (rc == CAIRN_OK && graph_get(&st, &nm, "@default") == NULL)
		rc = jld_oom(&st);
	if (rc == CAIRN_OK)
		rc = generate(&st, &nm, expanded, "@default", NULL, NULL, NULL,
		              NULL);
	struct rdf_dataset *ds = NULL;
	if (rc == CAIRN_OK) {
		ds = rdf_dataset_new();
		if (ds == NULL)
			rc = jld_oom(&st);
	}
	for (size_t i = 0; rc == CAIRN_OK && i < nm.ngraphs; i++) {
		struct nm_graph *g = nm.list[i];
		struct rdfout o = {&st, &nm, ds, rdf_default_graph()};

		if (!eq(g->name, "@default")) {
			if (!term_ok(g->name))
				continue;
			o.graph = resource(g->name);
		}
		rc = graph_to_rdf(&o, g);
	}
	nodemap_free(&nm);
	cJSON_Delete(expanded);
	state_done(&st);
	if (rc != CAIRN_OK) {
		rdf_dataset_free(ds);
		return rc;
	}
	*out = ds;
	return CAIRN_OK;
}

/* JSON-LD 1.1 Expansion (§5.1) and Value Expansion (§5.3).
 *
 * The expanded form is built as a new cJSON tree; the input is never
 * changed.  In safe mode, data the algorithm would drop silently (a
 * property without an absolute IRI) and identifiers left relative are a
 * failed check instead. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cairn_limits.h"
#include "verify/jsonld_internal.h"

struct exp_frame {
	const struct jctx *active;
	const struct jctx *type_scoped;
	const char *input_type;
	const char *base_url;
};

static enum cairn_err expand(struct jstate *st, const struct jctx *active,
                             const char *prop, const cJSON *element,
                             const char *base_url, int from_map, cJSON **out);

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static int
is_scalar(const cJSON *v)
{
	return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v);
}

static int
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Appends v (its items when it is an array) to obj[key] as an array;
 * takes v. */
static int
add_values(cJSON *obj, const char *key, cJSON *v)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (arr == NULL) {
		arr = cJSON_AddArrayToObject(obj, key);
		if (arr == NULL) {
			cJSON_Delete(v);
			return -1;
		}
	} else if (!cJSON_IsArray(arr)) {
		cJSON *old = cJSON_DetachItemViaPointer(obj, arr);

		arr = cJSON_AddArrayToObject(obj, key);
		if (arr == NULL) {
			cJSON_Delete(old);
			cJSON_Delete(v);
			return -1;
		}
		cJSON_AddItemToArray(arr, old);
	}
	if (cJSON_IsArray(v)) {
		cJSON *it;

		while ((it = v->child) != NULL)
			cJSON_AddItemToArray(arr,
			                     cJSON_DetachItemViaPointer(v, it));
		cJSON_Delete(v);
	} else {
		cJSON_AddItemToArray(arr, v);
	}
	return 0;
}

static cJSON *
as_array(cJSON *v)
{
	if (v == NULL || cJSON_IsArray(v))
		return v;
	cJSON *arr = cJSON_CreateArray();
	if (arr == NULL) {
		cJSON_Delete(v);
		return NULL;
	}
	cJSON_AddItemToArray(arr, v);
	return arr;
}

static enum cairn_err
relative_check(struct jstate *st, const char *what, const char *iri)
{
	if (!st->opts->safe || iri == NULL || jld_is_absolute_iri(iri) ||
	    jld_is_bnode(iri) || jld_is_keyword(iri))
		return CAIRN_OK;
	return jld_fail(st, "safe mode", what, iri);
}

/* §5.3.2 Value Expansion. */
static enum cairn_err
expand_value(struct jstate *st, const struct jctx *active, const char *prop,
             const cJSON *value, cJSON **out)
{
	const struct termdef *d = prop != NULL ? jctx_term(active, prop) : NULL;
	const char *type = d != NULL ? d->type : NULL;
	enum cairn_err rc;
	cJSON *r;

	*out = NULL;
	if (cJSON_IsString(value) && (eq(type, "@id") || eq(type, "@vocab"))) {
		const char *iri;

		rc = jctx_expand_iri(st, active, value->valuestring, 1,
		                     eq(type, "@vocab"), &iri);
		if (rc != CAIRN_OK)
			return rc;
		rc = relative_check(st, _("an @id is a relative IRI"), iri);
		if (rc != CAIRN_OK)
			return rc;
		r = cJSON_CreateObject();
		if (r == NULL ||
		    (iri != NULL ? cJSON_AddStringToObject(r, "@id", iri)
		                 : cJSON_AddNullToObject(r, "@id")) == NULL) {
			cJSON_Delete(r);
			return jld_oom(st);
		}
		*out = r;
		return CAIRN_OK;
	}
	r = cJSON_CreateObject();
	cJSON *copy = cJSON_Duplicate(value, 1);
	if (r == NULL || copy == NULL) {
		cJSON_Delete(r);
		cJSON_Delete(copy);
		return jld_oom(st);
	}
	cJSON_AddItemToObject(r, "@value", copy);
	if (type != NULL && !eq(type, "@id") && !eq(type, "@vocab") &&
	    !eq(type, "@none")) {
		if (cJSON_AddStringToObject(r, "@type", type) == NULL)
			goto oom;
	} else if (cJSON_IsString(value)) {
		const char *lang = d != NULL && d->has_language
		                       ? d->language
		                       : active->language;
		const char *dir = d != NULL && d->has_direction
		                      ? d->direction
		                      : active->direction;
		if (lang != NULL &&
		    cJSON_AddStringToObject(r, "@language", lang) == NULL)
			goto oom;
		if (dir != NULL &&
		    cJSON_AddStringToObject(r, "@direction", dir) == NULL)
			goto oom;
	}
	*out = r;
	return CAIRN_OK;
oom:
	cJSON_Delete(r);
	return jld_oom(st);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
is_value_object(const cJSON *v)
{
	return cJSON_IsObject(v) && member(v, "@value") != NULL;
}

static int
is_list_object(const cJSON *v)
{
	return cJSON_IsObject(v) && member(v, "@list") != NULL;
}

static int
is_graph_object(const cJSON *v)
{
	const cJSON *it;

	if (!cJSON_IsObject(v) || member(v, "@graph") == NULL)
		return 0;
	cJSON_ArrayForEach(it, v)
	{
		if (!eq(it->string, "@graph") && !eq(it->string, "@id") &&
		    !eq(it->string, "@index") && !eq(it->string, "@context"))
			return 0;
	}
	return 1;
}

static int
is_node_object(const cJSON *v)
{
	return cJSON_IsObject(v) && member(v, "@value") == NULL &&
	       member(v, "@list") == NULL && member(v, "@set") == NULL;
}

static enum cairn_err expand_entries(struct jstate *st,
                                     const struct exp_frame *f,
                                     const char *prop, const cJSON *element,
                                     cJSON *result);

/* 13.4: a keyword entry. */
static enum cairn_err
expand_keyword(struct jstate *st, const struct exp_frame *f, const char *prop,
               const char *key, const char *kw, const cJSON *value,
               cJSON *result)
{
	const struct jctx *active = f->active;
	enum cairn_err rc;
	cJSON *ev = NULL;

	if (eq(prop, "@reverse"))
		return jld_fail(st, "invalid reverse property map",
		                _("a keyword inside @reverse"), key);
	if (member(result, kw) != NULL && !eq(kw, "@included") &&
	    !(eq(kw, "@type") && !st->mode10))
		return jld_fail(st, "colliding keywords",
		                _("a keyword appears twice"), kw);

	if (eq(kw, "@id")) {
		const char *iri;

		if (!cJSON_IsString(value))
			return jld_fail(st, "invalid @id value",
			                _("@id must be a string"), key);
		rc =
		    jctx_expand_iri(st, active, value->valuestring, 1, 0, &iri);
		if (rc != CAIRN_OK)
			return rc;
		if (iri == NULL && st->opts->safe)
			return jld_fail(st, "safe mode",
			                _("an @id was dropped"),
			                value->valuestring);
		rc = relative_check(st, _("an @id is a relative IRI"), iri);
		if (rc != CAIRN_OK)
			return rc;
		ev = iri != NULL ? cJSON_CreateString(iri) : cJSON_CreateNull();
	} else if (eq(kw, "@type")) {
		const cJSON *it;

		if (cJSON_IsArray(value)) {
			cJSON_ArrayForEach(it, value)
			{
				if (!cJSON_IsString(it))
					return jld_fail(
					    st, "invalid type value",
					    _("@type must be strings"), key);
			}
		} else if (!cJSON_IsString(value)) {
			return jld_fail(st, "invalid type value",
			                _("@type must be strings"), key);
		}
		ev = cJSON_CreateArray();
		if (ev == NULL)
			return jld_oom(st);
		const cJSON *first =
		    cJSON_IsArray(value) ? value->child : value;
		for (it = first; it != NULL;
		     it = cJSON_IsArray(value) ? it->next : NULL) {
			const char *iri;

			rc = jctx_expand_iri(st, f->type_scoped,
			                     it->valuestring, 1, 1, &iri);
			if (rc == CAIRN_OK)
				rc = relative_check(
				    st, _("a @type is a relative IRI"), iri);
			if (rc != CAIRN_OK) {
				cJSON_Delete(ev);
				return rc;
			}
			if (iri == NULL) {
				if (st->opts->safe) {
					cJSON_Delete(ev);
					return jld_fail(
					    st, "safe mode",
					    _("a @type was dropped"),
					    it->valuestring);
				}
				continue;
			}
			cJSON *s = cJSON_CreateString(iri);
			if (s == NULL) {
				cJSON_Delete(ev);
				return jld_oom(st);
			}
			cJSON_AddItemToArray(ev, s);
		}
		if (!cJSON_IsArray(value) && cJSON_GetArraySize(ev) == 1) {
			cJSON *one = cJSON_DetachItemFromArray(ev, 0);

			cJSON_Delete(ev);
			ev = one;
		}
		cJSON *prev =
		    cJSON_DetachItemFromObjectCaseSensitive(result, "@type");
		if (prev != NULL) {
			cJSON *arr = as_array(prev);
			cJSON *all = cJSON_CreateArray();
			if (all == NULL || arr == NULL) {
				cJSON_Delete(all);
				cJSON_Delete(arr);
				cJSON_Delete(ev);
				return jld_oom(st);
			}
			cJSON *x;
			while ((x = arr->child) != NULL)
				cJSON_AddItemToArray(
				    all, cJSON_DetachItemViaPointer(arr, x));
			cJSON_Delete(arr);
			ev = as_array(ev);
			while (ev != NULL && (x = ev->child) != NULL)
				cJSON_AddItemToArray(
				    all, cJSON_DetachItemViaPointer(ev, x));
			cJSON_Delete(ev);
			ev = all;
		}
	} else if (eq(kw, "@graph")) {
		rc = expand(st, active, "@graph", value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
		ev = ev != NULL ? as_array(ev) : cJSON_CreateArray();
	} else if (eq(kw, "@included")) {
		if (st->mode10)
			return CAIRN_OK;
		/* as a property's value, so that strings and values are
		 * seen (and refused) instead of dropped */
		rc =
		    expand(st, active, "@included", value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
		ev = ev != NULL ? as_array(ev) : cJSON_CreateArray();
		const cJSON *it;
		cJSON_ArrayForEach(it, ev)
		{
			if (!is_node_object(it)) {
				cJSON_Delete(ev);
				return jld_fail(st, "invalid @included value",
				                _("@included must hold node "
				                  "objects"),
				                key);
			}
		}
		if (ev != NULL && member(result, "@included") != NULL) {
			if (add_values(result, "@included", ev) != 0)
				return jld_oom(st);
			return CAIRN_OK;
		}
	} else if (eq(kw, "@value")) {
		if (eq(f->input_type, "@json")) {
			if (st->mode10)
				return jld_fail(
				    st, "invalid value object value",
				    _("@json needs JSON-LD 1.1"), key);
			ev = cJSON_Duplicate(value, 1);
		} else if (cJSON_IsNull(value)) {
			if (cJSON_AddNullToObject(result, "@value") == NULL)
				return jld_oom(st);
			return CAIRN_OK;
		} else if (!is_scalar(value)) {
			return jld_fail(st, "invalid value object value",
			                _("@value must be a string, number or "
			                  "boolean"),
			                key);
		} else {
			ev = cJSON_Duplicate(value, 1);
		}
	} else if (eq(kw, "@language")) {
		if (!cJSON_IsString(value))
			return jld_fail(st, "invalid language-tagged string",
			                _("@language must be a string"), key);
		ev = cJSON_CreateString(value->valuestring);
	} else if (eq(kw, "@direction")) {
		if (st->mode10)
			return CAIRN_OK;
		if (!cJSON_IsString(value) || (!eq(value->valuestring, "ltr") &&
		                               !eq(value->valuestring, "rtl")))
			return jld_fail(st, "invalid base direction",
			                _("@direction must be ltr or rtl"),
			                key);
		ev = cJSON_CreateString(value->valuestring);
	} else if (eq(kw, "@index")) {
		if (!cJSON_IsString(value))
			return jld_fail(st, "invalid @index value",
			                _("@index must be a string"), key);
		ev = cJSON_CreateString(value->valuestring);
	} else if (eq(kw, "@list")) {
		if (prop == NULL || eq(prop, "@graph"))
			return CAIRN_OK;
		rc = expand(st, active, prop, value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
		ev = ev != NULL ? as_array(ev) : cJSON_CreateArray();
	} else if (eq(kw, "@set")) {
		rc = expand(st, active, prop, value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
		if (ev == NULL)
			ev = cJSON_CreateNull();
	} else if (eq(kw, "@reverse")) {
		if (!cJSON_IsObject(value))
			return jld_fail(st, "invalid @reverse value",
			                _("@reverse must be an object"), key);
		rc = expand(st, active, "@reverse", value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
		if (ev == NULL)
			return CAIRN_OK;
		cJSON *inner =
		    cJSON_DetachItemFromObjectCaseSensitive(ev, "@reverse");
		if (inner != NULL) {
			cJSON *p;

			while ((p = inner->child) != NULL) {
				cJSON *items =
				    cJSON_DetachItemViaPointer(inner, p);
				char *name = p->string;

				p->string = NULL;
				if (add_values(result, name, items) != 0) {
					free(name);
					cJSON_Delete(inner);
					cJSON_Delete(ev);
					return jld_oom(st);
				}
				free(name);
			}
			cJSON_Delete(inner);
		}
		if (ev->child != NULL) {
			cJSON *rmap = cJSON_GetObjectItemCaseSensitive(
			    result, "@reverse");
			if (rmap == NULL)
				rmap =
				    cJSON_AddObjectToObject(result, "@reverse");
			if (rmap == NULL) {
				cJSON_Delete(ev);
				return jld_oom(st);
			}
			cJSON *p;
			while ((p = ev->child) != NULL) {
				cJSON *items =
				    cJSON_DetachItemViaPointer(ev, p);
				const cJSON *it;

				cJSON_ArrayForEach(it, items)
				{
					if (is_value_object(it) ||
					    is_list_object(it)) {
						cJSON_Delete(items);
						cJSON_Delete(ev);
						return jld_fail(
						    st,
						    "invalid reverse "
						    "property value",
						    _("a reverse property "
						      "needs node objects"),
						    key);
					}
				}
				char *name = p->string;
				p->string = NULL;
				int bad = add_values(rmap, name, items);
				free(name);
				if (bad) {
					cJSON_Delete(ev);
					return jld_oom(st);
				}
			}
		}
		cJSON_Delete(ev);
		return CAIRN_OK;
	} else {
		/* @context, @nest are handled by the caller; frame-only
		 * keywords are not expanded */
		return CAIRN_OK;
	}
	if (ev == NULL)
		return jld_oom(st);
	cJSON_DeleteItemFromObjectCaseSensitive(result, kw);
	cJSON_AddItemToObject(result, kw, ev);
	return CAIRN_OK;
}

/* 13.7: a language map. */
static enum cairn_err
expand_language_map(struct jstate *st, const struct jctx *active,
                    const struct termdef *d, const cJSON *value, cJSON **out)
{
	const char *dir = d->has_direction ? d->direction : active->direction;
	cJSON *r = cJSON_CreateArray();
	const cJSON *lang;
	enum cairn_err rc;

	if (r == NULL)
		return jld_oom(st);
	cJSON_ArrayForEach(lang, value)
	{
		const cJSON *first = cJSON_IsArray(lang) ? lang->child : lang;
		const char *exp;

		rc = jctx_expand_iri(st, active, lang->string, 0, 1, &exp);
		if (rc != CAIRN_OK)
			goto fail;
		for (const cJSON *it = first; it != NULL;
		     it = cJSON_IsArray(lang) ? it->next : NULL) {
			if (cJSON_IsNull(it))
				continue;
			if (!cJSON_IsString(it)) {
				rc = jld_fail(st, "invalid language map value",
				              _("a language map holds strings"),
				              lang->string);
				goto fail;
			}
			cJSON *v = cJSON_CreateObject();
			if (v == NULL ||
			    cJSON_AddStringToObject(v, "@value",
			                            it->valuestring) == NULL ||
			    (!eq(lang->string, "@none") && !eq(exp, "@none") &&
			     cJSON_AddStringToObject(v, "@language",
			                             lang->string) == NULL) ||
			    (dir != NULL &&
			     cJSON_AddStringToObject(v, "@direction", dir) ==
			         NULL)) {
				cJSON_Delete(v);
				rc = jld_oom(st);
				goto fail;
			}
			cJSON_AddItemToArray(r, v);
		}
	}
	*out = r;
	return CAIRN_OK;
fail:
	cJSON_Delete(r);
	return rc;
}

/* 13.8: an index, id or type map. */
static enum cairn_err
expand_index_map(struct jstate *st, const struct exp_frame *f, const char *key,
                 const struct termdef *d, const cJSON *value, cJSON **out)
{
	const struct jctx *active = f->active;
	const char *index_key = d->index != NULL ? d->index : "@index";
	unsigned c = d->container;
	cJSON *r = cJSON_CreateArray();
	const cJSON *entry;
	enum cairn_err rc;

	if (r == NULL)
		return jld_oom(st);
	cJSON_ArrayForEach(entry, value)
	{
		const char *index = entry->string;
		const struct jctx *map_ctx = active;
		const char *exp_index;
		cJSON *items = NULL;

		if (c & (CONT_ID | CONT_TYPE)) {
			map_ctx = active->previous != NULL ? active->previous
			                                   : active;
		}
		if (c & CONT_TYPE) {
			const struct termdef *t = jctx_term(map_ctx, index);

			if (t != NULL && t->has_context) {
				rc = jctx_process(
				    st, map_ctx, t->context, t->base_url,
				    t->context_persistent, 0, 1, 1, &map_ctx);
				if (rc != CAIRN_OK)
					goto fail;
			}
		} else if (!(c & CONT_ID)) {
			map_ctx = active;
		}
		rc = jctx_expand_iri(st, active, index, 0, 1, &exp_index);
		if (rc != CAIRN_OK)
			goto fail;
		rc = expand(st, map_ctx, key, entry, f->base_url, 1, &items);
		if (rc != CAIRN_OK)
			goto fail;
		items = as_array(items);
		if (items == NULL)
			continue;
		cJSON *item;
		while ((item = items->child) != NULL) {
			cJSON_DetachItemViaPointer(items, item);
			if ((c & CONT_GRAPH) && !is_graph_object(item)) {
				cJSON *g = cJSON_CreateObject();
				cJSON *arr = as_array(item);

				if (g == NULL || arr == NULL) {
					cJSON_Delete(g);
					cJSON_Delete(arr);
					cJSON_Delete(items);
					rc = jld_oom(st);
					goto fail;
				}
				cJSON_AddItemToObject(g, "@graph", arr);
				item = g;
			}
			int none = eq(exp_index, "@none");
			if ((c & CONT_INDEX) && !eq(index_key, "@index") &&
			    !none) {
				cJSON *re = NULL;
				const char *ikey;

				rc = jctx_expand_iri(st, active, index_key, 0,
				                     1, &ikey);
				if (rc == CAIRN_OK) {
					cJSON *s = cJSON_CreateString(index);

					rc = s != NULL
					         ? expand_value(st, active,
					                        index_key, s,
					                        &re)
					         : jld_oom(st);
					cJSON_Delete(s);
				}
				if (rc == CAIRN_OK && ikey == NULL)
					rc = jld_fail(
					    st, "invalid term definition",
					    _("@index does not expand"),
					    index_key);
				if (rc == CAIRN_OK && is_value_object(item))
					rc = jld_fail(
					    st, "invalid value object",
					    _("an index on a value object"),
					    key);
				if (rc != CAIRN_OK) {
					cJSON_Delete(re);
					cJSON_Delete(item);
					cJSON_Delete(items);
					goto fail;
				}
				cJSON *old =
				    cJSON_DetachItemFromObjectCaseSensitive(
				        item, ikey);
				cJSON *all = as_array(re);
				if (all == NULL) {
					cJSON_Delete(old);
					cJSON_Delete(item);
					cJSON_Delete(items);
					rc = jld_oom(st);
					goto fail;
				}
				if (old != NULL) {
					cJSON *o = as_array(old), *x;

					while (o != NULL &&
					       (x = o->child) != NULL)
						cJSON_AddItemToArray(
						    all,
						    cJSON_DetachItemViaPointer(
						        o, x));
					cJSON_Delete(o);
				}
				cJSON_AddItemToObject(item, ikey, all);
			} else if ((c & CONT_INDEX) &&
			           member(item, "@index") == NULL && !none) {
				cJSON_AddStringToObject(item, "@index", index);
			} else if ((c & CONT_ID) &&
			           member(item, "@id") == NULL && !none) {
				const char *id;

				rc = jctx_expand_iri(st, active, index, 1, 0,
				                     &id);
				if (rc == CAIRN_OK)
					rc = relative_check(
					    st, _("an @id is a relative IRI"),
					    id);
				if (rc != CAIRN_OK) {
					cJSON_Delete(item);
					cJSON_Delete(items);
					goto fail;
				}
				if (id != NULL)
					cJSON_AddStringToObject(item, "@id",
					                        id);
			} else if ((c & CONT_TYPE) && !none) {
				cJSON *types = cJSON_CreateArray();
				cJSON *old =
				    cJSON_DetachItemFromObjectCaseSensitive(
				        item, "@type");

				rc = relative_check(
				    st, _("a @type is a relative IRI"),
				    exp_index);
				if (types == NULL || rc != CAIRN_OK) {
					cJSON_Delete(types);
					cJSON_Delete(old);
					cJSON_Delete(item);
					cJSON_Delete(items);
					if (rc == CAIRN_OK)
						rc = jld_oom(st);
					goto fail;
				}
				if (exp_index != NULL)
					cJSON_AddItemToArray(
					    types,
					    cJSON_CreateString(exp_index));
				if (old != NULL) {
					cJSON *o = as_array(old), *x;

					while (o != NULL &&
					       (x = o->child) != NULL)
						cJSON_AddItemToArray(
						    types,
						    cJSON_DetachItemViaPointer(
						        o, x));
					cJSON_Delete(o);
				}
				cJSON_AddItemToObject(item, "@type", types);
			}
			cJSON_AddItemToArray(r, item);
		}
		cJSON_Delete(items);
	}
	*out = r;
	return CAIRN_OK;
fail:
	cJSON_Delete(r);
	return rc;
}

/* 13.5 to 13.14: one entry whose key is not a keyword. */
static enum cairn_err
expand_property(struct jstate *st, const struct exp_frame *f, const char *key,
                const char *exp_prop, const cJSON *value, cJSON *result)
{
	const struct jctx *active = f->active;
	const struct termdef *d = jctx_term(active, key);
	unsigned c = d != NULL ? d->container : 0;
	cJSON *ev = NULL;
	enum cairn_err rc;

	if (d != NULL && eq(d->type, "@json")) {
		ev = cJSON_CreateObject();
		cJSON *copy = cJSON_Duplicate(value, 1);
		if (ev == NULL || copy == NULL) {
			cJSON_Delete(ev);
			cJSON_Delete(copy);
			return jld_oom(st);
		}
		cJSON_AddItemToObject(ev, "@value", copy);
		cJSON_AddStringToObject(ev, "@type", "@json");
	} else if ((c & CONT_LANGUAGE) && cJSON_IsObject(value)) {
		rc = expand_language_map(st, active, d, value, &ev);
		if (rc != CAIRN_OK)
			return rc;
	} else if ((c & (CONT_INDEX | CONT_TYPE | CONT_ID)) &&
	           cJSON_IsObject(value)) {
		rc = expand_index_map(st, f, key, d, value, &ev);
		if (rc != CAIRN_OK)
			return rc;
	} else {
		rc = expand(st, active, key, value, f->base_url, 0, &ev);
		if (rc != CAIRN_OK)
			return rc;
	}
	if (ev == NULL)
		return CAIRN_OK;
	if ((c & CONT_LIST) && !is_list_object(ev)) {
		cJSON *l = cJSON_CreateObject();
		cJSON *arr = as_array(ev);

		if (l == NULL || arr == NULL) {
			cJSON_Delete(l);
			cJSON_Delete(arr);
			return jld_oom(st);
		}
		cJSON_AddItemToObject(l, "@list", arr);
		ev = l;
	}
	if ((c & CONT_GRAPH) && !(c & CONT_ID) && !(c & CONT_INDEX)) {
		cJSON *arr = as_array(ev), *all = cJSON_CreateArray(), *x;

		if (arr == NULL || all == NULL) {
			cJSON_Delete(arr);
			cJSON_Delete(all);
			return jld_oom(st);
		}
		while ((x = arr->child) != NULL) {
			cJSON *g = cJSON_CreateObject();

			cJSON_DetachItemViaPointer(arr, x);
			x = as_array(x);
			if (g == NULL || x == NULL) {
				cJSON_Delete(g);
				cJSON_Delete(x);
				cJSON_Delete(arr);
				cJSON_Delete(all);
				return jld_oom(st);
			}
			cJSON_AddItemToObject(g, "@graph", x);
			cJSON_AddItemToArray(all, g);
		}
		cJSON_Delete(arr);
		ev = all;
	}
	if (d != NULL && d->reverse) {
		cJSON *rmap =
		    cJSON_GetObjectItemCaseSensitive(result, "@reverse");
		const cJSON *it;

		ev = as_array(ev);
		if (ev == NULL)
			return jld_oom(st);
		cJSON_ArrayForEach(it, ev)
		{
			if (is_value_object(it) || is_list_object(it)) {
				cJSON_Delete(ev);
				return jld_fail(
				    st, "invalid reverse property value",
				    _("a reverse property needs node "
				      "objects"),
				    key);
			}
		}
		if (rmap == NULL)
			rmap = cJSON_AddObjectToObject(result, "@reverse");
		if (rmap == NULL || add_values(rmap, exp_prop, ev) != 0)
			return jld_oom(st);
		return CAIRN_OK;
	}
	if (add_values(result, exp_prop, ev) != 0)
		return jld_oom(st);
	return CAIRN_OK;
}

/* Steps 13 and 14 over the entries of element. */
static enum cairn_err
expand_entries(struct jstate *st, const struct exp_frame *f, const char *prop,
               const cJSON *element, cJSON *result)
{
	const cJSON *it;
	enum cairn_err rc;
	int has_nest = 0;

	cJSON_ArrayForEach(it, element)
	{
		const char *key = it->string, *exp;

		if (eq(key, "@context"))
			continue;
		rc = jctx_expand_iri(st, f->active, key, 0, 1, &exp);
		if (rc != CAIRN_OK)
			return rc;
		if (exp == NULL ||
		    (strchr(exp, ':') == NULL && !jld_is_keyword(exp))) {
			if (st->opts->safe)
				return jld_fail(
				    st, "safe mode",
				    _("a property does not expand to "
				      "an absolute IRI and would be "
				      "dropped"),
				    key);
			continue;
		}
		if (jld_is_keyword(exp)) {
			if (eq(exp, "@nest")) {
				has_nest = 1;
				continue;
			}
			rc = expand_keyword(st, f, prop, key, exp, it, result);
		} else {
			if (st->opts->safe && !jld_is_absolute_iri(exp) &&
			    !jld_is_bnode(exp))
				return jld_fail(st, "safe mode",
				                _("a property expands to a "
				                  "relative IRI"),
				                key);
			rc = expand_property(st, f, key, exp, it, result);
		}
		if (rc != CAIRN_OK)
			return rc;
	}
	if (!has_nest)
		return CAIRN_OK;
	cJSON_ArrayForEach(it, element)
	{
		const char *exp;

		if (eq(it->string, "@context"))
			continue;
		rc = jctx_expand_iri(st, f->active, it->string, 0, 1, &exp);
		if (rc != CAIRN_OK)
			return rc;
		if (!eq(exp, "@nest"))
			continue;
		const cJSON *first = cJSON_IsArray(it) ? it->child : it;
		for (const cJSON *n = first; n != NULL;
		     n = cJSON_IsArray(it) ? n->next : NULL) {
			const cJSON *k;

			if (!cJSON_IsObject(n))
				return jld_fail(st, "invalid @nest value",
				                _("@nest must hold objects"),
				                it->string);
			cJSON_ArrayForEach(k, n)
			{
				const char *ke;

				rc = jctx_expand_iri(st, f->active, k->string,
				                     0, 1, &ke);
				if (rc != CAIRN_OK)
					return rc;
				if (eq(ke, "@value"))
					return jld_fail(
					    st, "invalid @nest value",
					    _("@nest cannot hold a value"),
					    it->string);
			}
			struct exp_frame nf = *f;
			const struct termdef *d =
			    jctx_term(f->active, it->string);
			if (d != NULL && d->has_context) {
				rc = jctx_process(
				    st, f->active, d->context, d->base_url,
				    d->context_persistent, 1, 1, 1, &nf.active);
				if (rc != CAIRN_OK)
					return rc;
			}
			rc = expand_entries(st, &nf, prop, n, result);
			if (rc != CAIRN_OK)
				return rc;
		}
	}
	return CAIRN_OK;
}

/* Step 11: the type-scoped contexts of element's types, in order. */
static enum cairn_err
apply_type_scoped(struct jstate *st, const cJSON *element,
                  const struct jctx *type_scoped, const struct jctx **active,
                  const char *base_url, const char **input_type)
{
	const char *keys[16];
	size_t nkeys = 0;
	const cJSON *it;
	enum cairn_err rc;

	*input_type = NULL;
	cJSON_ArrayForEach(it, element)
	{
		const char *exp;

		rc = jctx_expand_iri(st, *active, it->string, 0, 1, &exp);
		if (rc != CAIRN_OK)
			return rc;
		if (!eq(exp, "@type"))
			continue;
		if (nkeys == sizeof(keys) / sizeof(keys[0]))
			return jld_fail(st, "unsupported",
			                _("more than 16 @type aliases in one "
			                  "object"),
			                NULL);
		keys[nkeys++] = it->string;
	}
	if (nkeys == 0)
		return CAIRN_OK;
	qsort(keys, nkeys, sizeof(keys[0]), cmp_str);
	for (size_t k = 0; k < nkeys; k++) {
		const cJSON *v = member(element, keys[k]);
		size_t n = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 1;
		const char **terms = arena_alloc(&st->tmp, n * sizeof(*terms));
		size_t nt = 0;

		if (terms == NULL)
			return jld_oom(st);
		const cJSON *first = cJSON_IsArray(v) ? v->child : v;
		for (it = first; it != NULL;
		     it = cJSON_IsArray(v) ? it->next : NULL) {
			if (cJSON_IsString(it))
				terms[nt++] = it->valuestring;
		}
		qsort(terms, nt, sizeof(*terms), cmp_str);
		for (size_t i = 0; i < nt; i++) {
			const struct termdef *d =
			    jctx_term(type_scoped, terms[i]);

			if (d == NULL || !d->has_context)
				continue;
			rc = jctx_process(st, *active, d->context, d->base_url,
			                  d->context_persistent, 0, 0, 1,
			                  active);
			if (rc != CAIRN_OK)
				return rc;
		}
	}
	/* input type: the last value of the first @type entry */
	const cJSON *v = member(element, keys[0]);
	const cJSON *last = v;
	if (cJSON_IsArray(v)) {
		last = NULL;
		cJSON_ArrayForEach(it, v) last = it;
	}
	if (cJSON_IsString(last)) {
		rc = jctx_expand_iri(st, *active, last->valuestring, 0, 1,
		                     input_type);
		if (rc != CAIRN_OK)
			return rc;
	}
	(void)base_url;
	return CAIRN_OK;
}

static enum cairn_err
finish_object(struct jstate *st, const char *prop, cJSON **resultp)
{
	cJSON *result = *resultp;
	const cJSON *it, *v;
	int n = 0;

	cJSON_ArrayForEach(it, result) n++;
	if ((v = member(result, "@value")) != NULL) {
		const cJSON *type = member(result, "@type");

		cJSON_ArrayForEach(it, result)
		{
			if (!eq(it->string, "@direction") &&
			    !eq(it->string, "@index") &&
			    !eq(it->string, "@language") &&
			    !eq(it->string, "@type") &&
			    !eq(it->string, "@value"))
				return jld_fail(
				    st, "invalid value object",
				    _("a value object has an entry it "
				      "cannot have"),
				    it->string);
		}
		if (type != NULL && (member(result, "@language") != NULL ||
		                     member(result, "@direction") != NULL))
			return jld_fail(st, "invalid value object",
			                _("a value with both a type and a "
			                  "language"),
			                NULL);
		if (cJSON_IsString(type) && eq(type->valuestring, "@json")) {
			return CAIRN_OK;
		}
		if (cJSON_IsNull(v) ||
		    (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0)) {
			cJSON_Delete(result);
			*resultp = NULL;
			return CAIRN_OK;
		}
		if (!cJSON_IsString(v) && member(result, "@language") != NULL)
			return jld_fail(st, "invalid language-tagged value",
			                _("only strings can have a language"),
			                NULL);
		if (type != NULL && (!cJSON_IsString(type) ||
		                     !jld_iri_wellformed(type->valuestring)))
			return jld_fail(st, "invalid typed value",
			                _("a value's @type must be an IRI"),
			                cJSON_IsString(type) ? type->valuestring
			                                     : NULL);
	} else if ((v = member(result, "@type")) != NULL && !cJSON_IsArray(v)) {
		cJSON *t = cJSON_DetachItemViaPointer(result, (cJSON *)v);

		t = as_array(t);
		if (t == NULL)
			return jld_oom(st);
		cJSON_AddItemToObject(result, "@type", t);
	} else if (member(result, "@set") != NULL ||
	           member(result, "@list") != NULL) {
		if (n > 2 || (n == 2 && member(result, "@index") == NULL))
			return jld_fail(st, "invalid set or list object",
			                _("a list or set has other entries"),
			                NULL);
		if (member(result, "@set") != NULL) {
			cJSON *s = cJSON_DetachItemFromObjectCaseSensitive(
			    result, "@set");
			cJSON_Delete(result);
			if (cJSON_IsNull(s)) {
				cJSON_Delete(s);
				s = NULL;
			}
			*resultp = s;
			return CAIRN_OK;
		}
	}
	if (n == 1 && member(result, "@language") != NULL) {
		cJSON_Delete(result);
		*resultp = NULL;
		return CAIRN_OK;
	}
	if (prop == NULL || eq(prop, "@graph")) {
		if (n == 0 || member(result, "@value") != NULL ||
		    member(result, "@list") != NULL ||
		    (n == 1 && member(result, "@id") != NULL)) {
			cJSON_Delete(result);
			*resultp = NULL;
		}
	}
	return CAIRN_OK;
}

/* §5.1.2 Expansion Algorithm; *out NULL is null. */
static enum cairn_err
expand(struct jstate *st, const struct jctx *active, const char *prop,
       const cJSON *element, const char *base_url, int from_map, cJSON **out)
{
	enum cairn_err rc;
	const struct termdef *pd;

	*out = NULL;
	rc = jld_work(st, 1);
	if (rc != CAIRN_OK)
		return rc;
	if (element == NULL || cJSON_IsNull(element))
		return CAIRN_OK;
	pd = prop != NULL ? jctx_term(active, prop) : NULL;

	if (!cJSON_IsArray(element) && !cJSON_IsObject(element)) {
		if (prop == NULL || eq(prop, "@graph")) {
			if (st->opts->safe && is_scalar(element))
				return jld_fail(
				    st, "safe mode",
				    _("a value outside any property "
				      "would be dropped"),
				    NULL);
			return CAIRN_OK;
		}
		if (pd != NULL && pd->has_context) {
			rc = jctx_process(st, active, pd->context, pd->base_url,
			                  pd->context_persistent, 1, 1, 1,
			                  &active);
			if (rc != CAIRN_OK)
				return rc;
		}
		return expand_value(st, active, prop, element, out);
	}
	if (cJSON_IsArray(element)) {
		cJSON *r = cJSON_CreateArray();
		const cJSON *it;

		if (r == NULL)
			return jld_oom(st);
		cJSON_ArrayForEach(it, element)
		{
			cJSON *e;

			rc = expand(st, active, prop, it, base_url, from_map,
			            &e);
			if (rc != CAIRN_OK) {
				cJSON_Delete(r);
				return rc;
			}
			if (e == NULL)
				continue;
			if (pd != NULL && (pd->container & CONT_LIST) &&
			    cJSON_IsArray(e)) {
				cJSON *l = cJSON_CreateObject();

				if (l == NULL) {
					cJSON_Delete(e);
					cJSON_Delete(r);
					return jld_oom(st);
				}
				cJSON_AddItemToObject(l, "@list", e);
				e = l;
			}
			if (cJSON_IsArray(e)) {
				cJSON *x;

				while ((x = e->child) != NULL)
					cJSON_AddItemToArray(
					    r,
					    cJSON_DetachItemViaPointer(e, x));
				cJSON_Delete(e);
			} else {
				cJSON_AddItemToArray(r, e);
			}
		}
		*out = r;
		return CAIRN_OK;
	}

	/* a map */
	if (active->previous != NULL && !from_map) {
		int has_value = 0, n = 0, id_only = 0;
		const cJSON *it;

		cJSON_ArrayForEach(it, element)
		{
			const char *exp;

			rc =
			    jctx_expand_iri(st, active, it->string, 0, 1, &exp);
			if (rc != CAIRN_OK)
				return rc;
			n++;
			has_value = has_value || eq(exp, "@value");
			id_only = eq(exp, "@id");
		}
		if (!has_value && !(n == 1 && id_only))
			active = active->previous;
	}
	if (pd != NULL && pd->has_context) {
		rc = jctx_process(st, active, pd->context, pd->base_url,
		                  pd->context_persistent, 1, 1, 1, &active);
		if (rc != CAIRN_OK)
			return rc;
	}
	const cJSON *lc = member(element, "@context");
	if (lc != NULL) {
		rc =
		    jctx_process(st, active, lc, base_url, 0, 0, 1, 1, &active);
		if (rc != CAIRN_OK)
			return rc;
	}
	struct exp_frame f = {
	    .type_scoped = active,
	    .base_url = base_url,
	};
	rc = apply_type_scoped(st, element, f.type_scoped, &active, base_url,
	                       &f.input_type);
	if (rc != CAIRN_OK)
		return rc;
	f.active = active;

	cJSON *result = cJSON_CreateObject();
	if (result == NULL)
		return jld_oom(st);
	rc = expand_entries(st, &f, prop, element, result);
	if (rc == CAIRN_OK)
		rc = finish_object(st, prop, &result);
	if (rc != CAIRN_OK) {
		cJSON_Delete(result);
		return rc;
	}
	*out = result;
	return CAIRN_OK;
}

enum cairn_err jld_expand_doc(struct jstate *st, const cJSON *doc, cJSON **out);

enum cairn_err
jld_expand_doc(struct jstate *st, const cJSON *doc, cJSON **out)
{
	const struct jctx *active = jctx_initial(st, st->opts->base);
	enum cairn_err rc;
	cJSON *r = NULL;

	*out = NULL;
	if (active == NULL)
		return jld_oom(st);
	if (st->opts->expand_context != NULL) {
		const cJSON *ec = st->opts->expand_context;
		const cJSON *inner = member(ec, "@context");

		rc = jctx_process(st, active, inner != NULL ? inner : ec,
		                  st->opts->base, 0, 0, 1, 1, &active);
		if (rc != CAIRN_OK)
			return rc;
	}
	rc = expand(st, active, NULL, doc, st->opts->base, 0, &r);
	if (rc != CAIRN_OK)
		return rc;
	if (cJSON_IsObject(r) && r->child != NULL && r->child->next == NULL &&
	    eq(r->child->string, "@graph")) {
		cJSON *g = cJSON_DetachItemViaPointer(r, r->child);

		cJSON_Delete(r);
		r = g;
	}
	if (r == NULL)
		r = cJSON_CreateArray();
	r = as_array(r);
	if (r == NULL)
		return jld_oom(st);
	*out = r;
	return CAIRN_OK;
}

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collection.h"
#include "credential.h"
#include "i18n.h"
#include "import/import.h"
#include "json.h"

struct collection {
	struct vault *v;
	cJSON *list;   /* data.credentials, owned by the vault */
	cJSON **recs;  /* the list's items, in order */
	size_t n, cap;
	size_t *table; /* id hash -> index + 1 */
	size_t tcap;
};

/* ---- the id table --------------------------------------------------- */

static size_t
id_hash(const char *id)
{
	size_t h = 0;

	for (int i = 0; i < 16 && id[i]; i++)
		h = h * 16 + (size_t)(isdigit((unsigned char)id[i]) ? id[i] - '0' : id[i] - 'a' + 10);
	return h;
}

static const char *
rec_id(const cJSON *r)
{
	return json_str(r, "id");
}

static size_t
table_find(const struct collection *c, const char *id)
{
	size_t mask, i;

	if (c->tcap == 0)
		return SIZE_MAX;
	mask = c->tcap - 1;
	for (i = id_hash(id) & mask; c->table[i] != 0; i = (i + 1) & mask)
		if (strcmp(rec_id(c->recs[c->table[i] - 1]), id) == 0)
			return c->table[i] - 1;
	return SIZE_MAX;
}

static int
table_rebuild(struct collection *c)
{
	size_t cap = 64;

	while (cap < c->n * 2 + 2)
		cap *= 2;
	free(c->table);
	c->table = calloc(cap, sizeof *c->table);
	if (c->table == NULL) {
		c->tcap = 0;
		return -1;
	}
	c->tcap = cap;
	for (size_t k = 0; k < c->n; k++) {
		size_t i = id_hash(rec_id(c->recs[k])) & (cap - 1);
		while (c->table[i] != 0)
			i = (i + 1) & (cap - 1);
		c->table[i] = k + 1;
	}
	return 0;
}

static int
recs_push(struct collection *c, cJSON *r)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		cJSON **n = realloc(c->recs, cap * sizeof *n);
		if (n == NULL)
			return -1;
		c->recs = n;
		c->cap = cap;
	}
	c->recs[c->n++] = r;
	if (c->n * 2 > c->tcap)
		return table_rebuild(c);
	{
		size_t i = id_hash(rec_id(r)) & (c->tcap - 1);
		while (c->table[i] != 0)
			i = (i + 1) & (c->tcap - 1);
		c->table[i] = c->n;
	}
	return 0;
}

static int
id_valid(const char *id)
{
	if (id == NULL || strlen(id) != 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!isxdigit((unsigned char)*p) || isupper((unsigned char)*p))
			return 0;
	return 1;
}

/* ---- open / free ---------------------------------------------------- */

enum cairn_err
collection_open(struct vault *v, struct collection **out, struct cairn_error *err)
{
	struct collection *c;
	cJSON *data = vault_data(v), *r;

	*out = NULL;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	c->v = v;
	c->list = cJSON_GetObjectItemCaseSensitive(data, "credentials");
	if (c->list == NULL) {
		c->list = cJSON_AddArrayToObject(data, "credentials");
		if (c->list == NULL) {
			free(c);
			return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		}
	}
	if (!cJSON_IsArray(c->list)) {
		free(c);
		return cairn_error_set(err, CAIRN_ERR_DAMAGED,
		                       _("vault damaged: the catalogue of credentials is invalid"));
	}
	cJSON_ArrayForEach(r, c->list) {
		if (!cJSON_IsObject(r) || !id_valid(rec_id(r)) ||
		    table_find(c, rec_id(r)) != SIZE_MAX || recs_push(c, r) < 0) {
			collection_free(c);
			return cairn_error_set(err, CAIRN_ERR_DAMAGED,
			                       _("vault damaged: the catalogue of credentials is invalid"));
		}
	}
	if (c->tcap == 0 && table_rebuild(c) < 0) {
		collection_free(c);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	*out = c;
	return CAIRN_OK;
}

void
collection_free(struct collection *c)
{
	if (c == NULL)
		return;
	free(c->recs);
	free(c->table);
	free(c);
}

size_t
collection_count(const struct collection *c)
{
	return c->n;
}

const cJSON *
collection_record(const struct collection *c, size_t i)
{
	return i < c->n ? c->recs[i] : NULL;
}

enum cairn_err
collection_save(struct collection *c, struct cairn_error *err)
{
	return vault_save(c->v, err);
}

/* ---- import --------------------------------------------------------- */

static void
iso_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct put_log {
	struct vault_name *names; /* objects this import added to the vault */
	size_t n, cap;
};

static enum cairn_err
put(struct collection *c, struct put_log *log, const void *data, size_t len,
    const char *kind, char hex[VAULT_NAME_HEX], struct cairn_error *err)
{
	struct vault_name name;
	int added = 0;
	enum cairn_err rc = vault_put(c->v, data, len, kind, &name, &added, err);

	if (rc != CAIRN_OK)
		return rc;
	vault_name_hex(&name, hex);
	if (added) {
		if (log->n == log->cap) {
			size_t cap = log->cap ? log->cap * 2 : 8;
			struct vault_name *n = realloc(log->names, cap * sizeof *n);
			if (n == NULL) {
				(void)vault_unref(c->v, &name, NULL);
				return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
			}
			log->names = n;
			log->cap = cap;
		}
		log->names[log->n++] = name;
	}
	return CAIRN_OK;
}

static void
set_image_object(cJSON *rec, const char *hex)
{
	cJSON *img = cJSON_GetObjectItemCaseSensitive(rec, "image");

	if (!cJSON_IsObject(img)) {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "image");
		img = cJSON_AddObjectToObject(rec, "image");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(img, "object");
	cJSON_AddStringToObject(img, "object", hex);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

enum cairn_err
collection_import(struct collection *c, const unsigned char *data, size_t len,
                  const char *source, struct import_outcome *out,
                  struct cairn_error *err)
{
	struct import_result res;
	struct put_log log = {NULL, 0, 0};
	char container[VAULT_NAME_HEX] = "", now[32];
	size_t first_new = c->n, list_before = (size_t)cJSON_GetArraySize(c->list);
	int need_container;
	enum cairn_err rc;

	memset(out, 0, sizeof *out);
	rc = import_parse(data, len, &res, err);
	if (rc != CAIRN_OK)
		return rc;
	out->format = res.format;
	out->entries = calloc(res.n, sizeof *out->entries);
	if (out->entries == NULL) {
		import_result_clear(&res);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	iso_now(now);
	/* the file itself is kept too unless it is exactly the one credential */
	need_container = res.container_is_image || res.n > 1 ||
	                 res.items[0].len != len ||
	                 memcmp(res.items[0].bytes, data, len) != 0;

	for (size_t i = 0; i < res.n && rc == CAIRN_OK; i++) {
		struct import_item *it = &res.items[i];
		struct import_entry *e = &out->entries[out->n++];
		size_t at = table_find(c, it->id);
		const char *title = json_str(it->record, "title");

		memcpy(e->id, it->id, sizeof e->id);
		e->title = strdup(title ? title : "");
		if (at != SIZE_MAX) {
			cJSON *old = c->recs[at];
			const cJSON *img = json_obj(old, "image");
			e->status = IMPORT_PRESENT;
			if (res.container_is_image && json_str(img, "object") == NULL) {
				if (container[0] == '\0')
					rc = put(c, &log, data, len, "image", container, err);
				if (rc == CAIRN_OK) {
					set_image_object(old, container);
					e->status = IMPORT_IMAGE_ADDED;
					vault_touch(c->v);
				}
			}
			continue;
		}
		/* two copies of one credential inside the same file count once */
		for (size_t k = 0; k < i; k++)
			if (strcmp(res.items[k].id, it->id) == 0)
				at = k;
		if (at != SIZE_MAX) {
			e->status = IMPORT_PRESENT;
			continue;
		}
		{
			char obj[VAULT_NAME_HEX];
			cJSON *rec = it->record;

			if (need_container && container[0] == '\0')
				rc = put(c, &log, data, len,
				         res.container_is_image ? "image" : "original",
				         container, err);
			if (rc == CAIRN_OK)
				rc = put(c, &log, it->bytes, it->len, "credential", obj, err);
			if (rc != CAIRN_OK)
				break;
			cJSON_AddStringToObject(rec, "id", it->id);
			cJSON_AddStringToObject(rec, "object", obj);
			if (need_container)
				cJSON_AddStringToObject(rec, "container", container);
			if (res.container_is_image) {
				set_image_object(rec, container);
			} else if (it->image != NULL) {
				char img[VAULT_NAME_HEX];
				rc = put(c, &log, it->image, it->image_len, "image", img, err);
				if (rc != CAIRN_OK)
					break;
				set_image_object(rec, img);
			}
			if (res.group != NULL)
				cJSON_AddItemToObject(rec, "group", cJSON_Duplicate(res.group, 1));
			cJSON_AddStringToObject(rec, "source", base_name(source));
			cJSON_AddStringToObject(rec, "imported", now);
			it->record = NULL;
			cJSON_AddItemToArray(c->list, rec);
			if (recs_push(c, rec) < 0) {
				rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
				break;
			}
			e->status = IMPORT_ADDED;
			vault_touch(c->v);
		}
	}
	if (rc != CAIRN_OK) {
		/* all or nothing: forget what this file added */
		while ((size_t)cJSON_GetArraySize(c->list) > list_before)
			cJSON_DeleteItemFromArray(c->list, cJSON_GetArraySize(c->list) - 1);
		c->n = first_new;
		table_rebuild(c);
		for (size_t k = 0; k < log.n; k++)
			(void)vault_unref(c->v, &log.names[k], NULL);
		import_outcome_clear(out);
	}
	free(log.names);
	import_result_clear(&res);
	return rc;
}

void
import_outcome_clear(struct import_outcome *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->entries[i].title);
	free(o->entries);
	memset(o, 0, sizeof *o);
}

/* ---- finding -------------------------------------------------------- */

enum cairn_err
collection_find(const struct collection *c, const char *prefix, size_t *index,
                struct cairn_error *err)
{
	size_t len = strlen(prefix), found = SIZE_MAX, count = 0;
	char lower[65];

	if (len < 4 || len > 64)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("'%s' is not a credential id (give at least 4 of its hex digits)"),
		                       prefix);
	for (size_t i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)prefix[i]))
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("'%s' is not a credential id (hex digits only)"),
			                       prefix);
		lower[i] = (char)tolower((unsigned char)prefix[i]);
	}
	lower[len] = '\0';
	for (size_t i = 0; i < c->n; i++) {
		if (strncmp(rec_id(c->recs[i]), lower, len) == 0) {
			found = i;
			count++;
		}
	}
	if (count == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("no credential has an id starting with %s"), lower);
	if (count > 1)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       P_("id %s is ambiguous: %zu credential match; give more digits",
		                          "id %s is ambiguous: %zu credentials match; give more digits",
		                          count),
		                       lower, count);
	*index = found;
	return CAIRN_OK;
}

struct id_pos {
	const char *id;
	size_t pos;
};

static int
cmp_id_pos(const void *a, const void *b)
{
	return strcmp(((const struct id_pos *)a)->id, ((const struct id_pos *)b)->id);
}

static size_t
common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] != '\0' && a[n] == b[n])
		n++;
	return n;
}

size_t *
collection_short_lengths(const struct collection *c)
{
	struct id_pos *s = malloc((c->n ? c->n : 1) * sizeof *s);
	size_t *len = malloc((c->n ? c->n : 1) * sizeof *len);

	if (s == NULL || len == NULL) {
		free(s);
		free(len);
		return NULL;
	}
	for (size_t i = 0; i < c->n; i++) {
		s[i].id = rec_id(c->recs[i]);
		s[i].pos = i;
	}
	qsort(s, c->n, sizeof *s, cmp_id_pos);
	for (size_t k = 0; k < c->n; k++) {
		size_t need = COLLECTION_MIN_SHORT_ID;
		if (k > 0 && common_prefix(s[k].id, s[k - 1].id) + 1 > need)
			need = common_prefix(s[k].id, s[k - 1].id) + 1;
		if (k + 1 < c->n && common_prefix(s[k].id, s[k + 1].id) + 1 > need)
			need = common_prefix(s[k].id, s[k + 1].id) + 1;
		len[s[k].pos] = need > 64 ? 64 : need;
	}
	free(s);
	return len;
}

size_t
collection_short_length(const struct collection *c, const char *id)
{
	size_t need = COLLECTION_MIN_SHORT_ID;

	for (size_t i = 0; i < c->n; i++) {
		const char *other = rec_id(c->recs[i]);
		size_t p;
		if (strcmp(other, id) == 0)
			continue;
		p = common_prefix(other, id) + 1;
		if (p > need)
			need = p;
	}
	return need > 64 ? 64 : need;
}

/* ---- changes -------------------------------------------------------- */

static int
object_used_elsewhere(const struct collection *c, size_t skip, const char *hex)
{
	for (size_t i = 0; i < c->n; i++) {
		const cJSON *r = c->recs[i];
		const char *img;
		if (i == skip)
			continue;
		img = json_str(json_obj(r, "image"), "object");
		if ((json_str(r, "object") && strcmp(json_str(r, "object"), hex) == 0) ||
		    (json_str(r, "container") && strcmp(json_str(r, "container"), hex) == 0) ||
		    (img && strcmp(img, hex) == 0))
			return 1;
	}
	return 0;
}

enum cairn_err
collection_remove(struct collection *c, size_t i, struct cairn_error *err)
{
	const cJSON *r = c->recs[i];
	const char *hexes[3];
	enum cairn_err rc;

	hexes[0] = json_str(r, "object");
	hexes[1] = json_str(r, "container");
	hexes[2] = json_str(json_obj(r, "image"), "object");
	for (int k = 0; k < 3; k++) {
		struct vault_name name;
		if (hexes[k] == NULL || vault_name_parse(hexes[k], &name) < 0 ||
		    object_used_elsewhere(c, i, hexes[k]) || !vault_has(c->v, &name))
			continue;
		if (k > 0 && hexes[k - 1] != NULL && strcmp(hexes[k], hexes[k - 1]) == 0)
			continue;
		if ((rc = vault_unref(c->v, &name, err)) != CAIRN_OK)
			return rc;
	}
	cJSON_Delete(cJSON_DetachItemViaPointer(c->list, c->recs[i]));
	memmove(&c->recs[i], &c->recs[i + 1], (c->n - i - 1) * sizeof *c->recs);
	c->n--;
	if (table_rebuild(c) < 0)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	vault_touch(c->v);
	return CAIRN_OK;
}

static int
tag_valid(const char *tag)
{
	size_t n = strlen(tag);

	if (n == 0 || n > 64 || !json_utf8_valid((const unsigned char *)tag, n))
		return 0;
	for (const unsigned char *p = (const unsigned char *)tag; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == ' ')
			return 0;
	return 1;
}

enum cairn_err
collection_tag(struct collection *c, size_t i, const char *tag, int add,
               struct cairn_error *err)
{
	cJSON *r = c->recs[i];
	cJSON *tags = cJSON_GetObjectItemCaseSensitive(r, "tags"), *t;

	if (!tag_valid(tag))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("a tag is 1 to 64 characters without spaces or control characters"));
	if (!cJSON_IsArray(tags)) {
		cJSON_DeleteItemFromObjectCaseSensitive(r, "tags");
		tags = cJSON_AddArrayToObject(r, "tags");
	}
	cJSON_ArrayForEach(t, tags) {
		if (cJSON_IsString(t) && strcmp(t->valuestring, tag) == 0) {
			if (!add) {
				cJSON_Delete(cJSON_DetachItemViaPointer(tags, t));
				vault_touch(c->v);
			}
			return CAIRN_OK;
		}
	}
	if (add) {
		cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
		vault_touch(c->v);
	}
	return CAIRN_OK;
}

enum cairn_err
collection_note(struct collection *c, size_t i, const char *text,
                struct cairn_error *err)
{
	cJSON *r = c->recs[i];
	size_t n = strlen(text);

	if (n > 65536 || !json_utf8_valid((const unsigned char *)text, n))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("a note is valid UTF-8 of at most 64 KiB"));
	cJSON_DeleteItemFromObjectCaseSensitive(r, "note");
	if (n > 0)
		cJSON_AddStringToObject(r, "note", text);
	vault_touch(c->v);
	return CAIRN_OK;
}

enum cairn_err
collection_set_verdict(struct collection *c, size_t i, cJSON *verdict,
                       struct cairn_error *err)
{
	(void)err;
	cJSON_DeleteItemFromObjectCaseSensitive(c->recs[i], "verdict");
	cJSON_AddItemToObject(c->recs[i], "verdict", verdict);
	vault_touch(c->v);
	return CAIRN_OK;
}

enum cairn_err
collection_raw(struct collection *c, size_t i, unsigned char **data, size_t *len,
               struct cairn_error *err)
{
	struct vault_name name;
	const char *hex = json_str(c->recs[i], "object");

	if (hex == NULL || vault_name_parse(hex, &name) < 0)
		return cairn_error_set(err, CAIRN_ERR_DAMAGED,
		                       _("vault damaged: a credential record has no stored bytes"));
	return vault_get(c->v, &name, data, len, err);
}

/* ---- selecting and sorting ------------------------------------------ */

static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return 0;
	if (n == 0)
		return 1;
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < n && hay[k] != '\0' &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

static int
equal_ci(const char *a, const char *b)
{
	if (a == NULL)
		return 0;
	while (*a && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

static int
match_skill(const cJSON *r, const char *s)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, json_arr(r, "alignments"))
		if (contains_ci(json_str(a, "name"), s) || contains_ci(json_str(a, "code"), s) ||
		    contains_ci(json_str(a, "url"), s))
			return 1;
	return 0;
}

static int
match_tag(const cJSON *r, const char *s, int substring)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, json_arr(r, "tags"))
		if (cJSON_IsString(t) && (substring ? contains_ci(t->valuestring, s)
		                                    : equal_ci(t->valuestring, s)))
			return 1;
	return 0;
}

static int
match_term(const cJSON *r, const char *term, time_t now)
{
	const cJSON *iss = json_obj(r, "issuer");

	if (strncmp(term, "issuer:", 7) == 0)
		return contains_ci(json_str(iss, "name"), term + 7) ||
		       contains_ci(json_str(iss, "id"), term + 7) ||
		       contains_ci(json_str(iss, "url"), term + 7);
	if (strncmp(term, "tag:", 4) == 0)
		return match_tag(r, term + 4, 0);
	if (strncmp(term, "skill:", 6) == 0)
		return match_skill(r, term + 6);
	if (strncmp(term, "status:", 7) == 0)
		return equal_ci(credential_status(r, now), term + 7);
	if (strncmp(term, "format:", 7) == 0)
		return equal_ci(json_str(r, "format"), term + 7);
	return contains_ci(json_str(r, "title"), term) ||
	       contains_ci(json_str(r, "description"), term) ||
	       contains_ci(json_str(iss, "name"), term) ||
	       contains_ci(json_str(json_obj(r, "achievement"), "name"), term) ||
	       match_tag(r, term, 1) || match_skill(r, term);
}

struct sort_ctx {
	const struct collection *c;
	enum collection_sort sort;
};

static const char *
sort_key(const cJSON *r, enum collection_sort sort)
{
	const char *k = NULL;

	switch (sort) {
	case SORT_DATE:
		k = json_str(r, "issued");
		break;
	case SORT_TITLE:
		k = json_str(r, "title");
		break;
	case SORT_ISSUER:
		k = json_str(json_obj(r, "issuer"), "name");
		if (k == NULL)
			k = json_str(json_obj(r, "issuer"), "id");
		break;
	default:
		break;
	}
	return k ? k : "";
}

static int
strcmp_ci(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
		if (x != y || x == 0)
			return x - y;
	}
}

/* qsort has no context argument in C11: sort an array of pairs instead */
struct keyed {
	const char *key;
	time_t when;
	size_t index;
};

static int
cmp_keyed_text(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp_ci(x->key, y->key);

	if (d != 0)
		return d;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int
cmp_keyed_date(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->when != y->when)
		return x->when > y->when ? -1 : 1; /* newest first */
	return x->index < y->index ? -1 : x->index > y->index;
}

#define MAX_TERMS 32

enum cairn_err
collection_select(const struct collection *c, const char *filter,
                  enum collection_sort sort, time_t now, size_t **out, size_t *n,
                  struct cairn_error *err)
{
	char *copy = NULL, *terms[MAX_TERMS], *save = NULL, *t;
	size_t nterms = 0, count = 0;
	struct keyed *k;
	size_t *idx;

	*out = NULL;
	*n = 0;
	if (filter != NULL) {
		copy = strdup(filter);
		if (copy == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		for (t = strtok_r(copy, " \t", &save); t != NULL; t = strtok_r(NULL, " \t", &save)) {
			if (nterms == MAX_TERMS) {
				free(copy);
				return cairn_error_set(err, CAIRN_ERR_USAGE,
				                       _("a filter has at most %d terms"), MAX_TERMS);
			}
			terms[nterms++] = t;
		}
	}
	k = malloc((c->n ? c->n : 1) * sizeof *k);
	idx = malloc((c->n ? c->n : 1) * sizeof *idx);
	if (k == NULL || idx == NULL) {
		free(copy);
		free(k);
		free(idx);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	for (size_t i = 0; i < c->n; i++) {
		int ok = 1;
		for (size_t j = 0; j < nterms && ok; j++)
			ok = match_term(c->recs[i], terms[j], now);
		if (!ok)
			continue;
		k[count].key = sort_key(c->recs[i], sort);
		k[count].index = i;
		k[count].when = 0;
		if (sort == SORT_DATE && credential_parse_time(k[count].key, &k[count].when) < 0)
			k[count].when = 0;
		count++;
	}
	if (sort == SORT_DATE)
		qsort(k, count, sizeof *k, cmp_keyed_date);
	else if (sort != SORT_NONE)
		qsort(k, count, sizeof *k, cmp_keyed_text);
	for (size_t i = 0; i < count; i++)
		idx[i] = k[i].index;
	free(k);
	free(copy);
	*out = idx;
	*n = count;
	return CAIRN_OK;
}

cJSON *
collection_list_entry(const struct collection *c, size_t i, size_t short_len,
                      time_t now)
{
	const cJSON *r = c->recs[i];
	const cJSON *iss = json_obj(r, "issuer");
	const cJSON *v;
	cJSON *e = cJSON_CreateObject(), *o;
	char shortid[65];

	if (e == NULL)
		return NULL;
	cJSON_AddStringToObject(e, "id", rec_id(r));
	snprintf(shortid, sizeof shortid, "%.*s", (int)short_len, rec_id(r));
	cJSON_AddStringToObject(e, "shortId", shortid);
	cJSON_AddStringToObject(e, "title", json_str(r, "title") ? json_str(r, "title") : "");
	o = cJSON_AddObjectToObject(e, "issuer");
	if (json_str(iss, "name"))
		cJSON_AddStringToObject(o, "name", json_str(iss, "name"));
	else
		cJSON_AddNullToObject(o, "name");
	if (json_str(iss, "id"))
		cJSON_AddStringToObject(o, "id", json_str(iss, "id"));
	else
		cJSON_AddNullToObject(o, "id");
	if (json_str(r, "issued"))
		cJSON_AddStringToObject(e, "issued", json_str(r, "issued"));
	else
		cJSON_AddNullToObject(e, "issued");
	if (json_str(r, "validUntil"))
		cJSON_AddStringToObject(e, "validUntil", json_str(r, "validUntil"));
	else
		cJSON_AddNullToObject(e, "validUntil");
	v = json_arr(r, "tags");
	cJSON_AddItemToObject(e, "tags", v ? cJSON_Duplicate(v, 1) : cJSON_CreateArray());
	v = json_obj(r, "credits");
	cJSON_AddItemToObject(e, "credits", v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
	cJSON_AddStringToObject(e, "status", credential_status(r, now));
	cJSON_AddStringToObject(e, "format", json_str(r, "format") ? json_str(r, "format") : "");
	return e;
}

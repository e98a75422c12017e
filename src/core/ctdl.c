#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "ctdl.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"

/* A node at level k of the tree is an object at JSON depth 2k and its
 * match at 2k + 1: the tree may be no deeper than this for the document to
 * stay within CAIRN_MAX_JSON_DEPTH. */
#define CTDL_MAX_DEPTH                                                        \
	(CAIRN_MAX_PATHWAY_DEPTH < (CAIRN_MAX_JSON_DEPTH - 1) / 2               \
	         ? CAIRN_MAX_PATHWAY_DEPTH                                      \
	         : (CAIRN_MAX_JSON_DEPTH - 1) / 2)
/* Prerequisite chains are flattened, so components may nest deeper than
 * the tree they make; this bounds the recursion that reads them. */
#define CTDL_MAX_NESTING (4 * CAIRN_MAX_PATHWAY_DEPTH)

#define LABEL_MAX 100

enum kind {
	K_NONE, /* no @type */
	K_PATHWAY,
	K_PATHWAYSET,
	K_CONDITION,
	K_CONSTRAINT,
	K_CREDENTIAL,
	K_COURSE,
	K_ASSESSMENT,
	K_COMPETENCY,
	K_BASIC,
	K_SELECTION,
	K_JOB,
	K_WORK,
	K_EXTRACURRICULAR,
	K_COCURRICULAR,
	K_UNKNOWN_COMPONENT, /* a ...Component cairn does not know */
	K_OTHER,             /* an organisation, a value profile, ... */
};

struct node {
	const cJSON *obj;
	const char *id;
	enum kind kind;
	unsigned on_path; /* being read: a reference to it is a cycle */
	unsigned uses;    /* times it was put in the tree */
	unsigned part;    /* listed in the pathway's hasPart */
};

struct idx {
	char kind; /* 'r' a registry resource, 'g' a graph, 'x' anything else */
	const char *key;
	size_t i;  /* into nodes */
};

struct ctdl {
	struct cairn_error *err;
	enum cairn_err rc;
	cJSON **roots; /* parsed documents, owned */
	size_t nroots, caproots;
	struct node *nodes;
	size_t n, cap;
	struct idx *index;
	size_t nindex;
	cJSON *notes;
	uint64_t note_hash[CAIRN_MAX_CTDL_NOTES];
	size_t nnotes;
	int notes_full;
	size_t made;    /* nodes of the tree made so far */
	size_t refs;    /* references followed */
	size_t nesting; /* components and conditions being read */
	char unit[64], unit2[64];
	int ordered; /* the file orders components (precedes) */
};

struct built {
	cJSON *node;
	int chain; /* a component's own allOf: it and what it needs first */
};

struct comp {
	const cJSON *obj;
	struct node *node; /* NULL for a component written in place */
	enum kind kind;
	const char *type;  /* its @type as written */
	char *name, *code, *desc;
	const char *link;  /* the credential it stands for (proxyFor, sourceData) */
	const char *page;  /* subjectWebpage */
	double credits;    /* 0 when none */
	char label[LABEL_MAX];
};

/* ---- errors and notes ------------------------------------------------ */

static void fail(struct ctdl *c, enum cairn_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(struct ctdl *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
fail(struct ctdl *c, enum cairn_err code, const char *fmt, ...)
{
	char buf[CAIRN_ERROR_MAX];
	va_list ap;

	if (c->rc != CAIRN_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->rc = cairn_error_set(c->err, code, "%s", buf);
}

static void
oom(struct ctdl *c)
{
	fail(c, CAIRN_ERR_IO, "%s", _("out of memory"));
}

/* Drops a UTF-8 sequence that a cut left unfinished at the end of s. */
static void
utf8_trim(char *s)
{
	size_t n = strlen(s), k = n, need;

	while (k > 0 && ((unsigned char)s[k - 1] & 0xc0) == 0x80 && n - k < 3)
		k--;
	if (k == 0 || ((unsigned char)s[k - 1] & 0x80) == 0)
		return;
	need = ((unsigned char)s[k - 1] & 0xe0) == 0xc0   ? 2
	       : ((unsigned char)s[k - 1] & 0xf0) == 0xe0 ? 3
	                                                  : 4;
	if (n - (k - 1) < need)
		s[k - 1] = '\0';
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Adds a line to the notes, once. */
static void
note(struct ctdl *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	uint64_t h;
	const cJSON *e;
	size_t i = 0;
	cJSON *s;

	if (c->rc != CAIRN_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	utf8_trim(buf);
	h = fnv1a(buf);
	cJSON_ArrayForEach(e, c->notes) {
		if (c->note_hash[i++] == h && strcmp(e->valuestring, buf) == 0)
			return;
	}
	if (c->nnotes == CAIRN_MAX_CTDL_NOTES) {
		c->notes_full = 1;
		return;
	}
	s = cJSON_CreateString(buf);
	if (s == NULL || !cJSON_AddItemToArray(c->notes, s)) {
		cJSON_Delete(s);
		oom(c);
		return;
	}
	c->note_hash[c->nnotes++] = h;
}

/* ---- text ------------------------------------------------------------- */

/* s cut to fit in cap bytes at a character boundary, "…" marking a cut,
 * control characters made spaces: a note is one line. */
static const char *
clip(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(s), k;

	if (n < cap) {
		memcpy(buf, s, n + 1);
	} else {
		k = cap - 4;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		memcpy(buf, s, k);
		memcpy(buf + k, "\xe2\x80\xa6", 4);
	}
	for (unsigned char *p = (unsigned char *)buf; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = ' '; /* U+0080..U+009F */
	}
	return buf;
}

/* A copy of s with runs of white space and control characters made one
 * space, trimmed; NULL when nothing is left (or out of memory). */
static char *
clean(struct ctdl *c, const char *s)
{
	size_t n, k = 0;
	char *out;
	int space = 0;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	out = malloc(n + 1);
	if (out == NULL) {
		oom(c);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int ctl = ch <= 0x20 || ch == 0x7f;
		/* C1 controls: U+0080..U+009F */
		if (ch == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f) {
			ctl = 1;
			i++;
		}
		if (ctl) {
			space = k > 0;
			continue;
		}
		if (space)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	if (k == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static int
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The part of a compact or full IRI after its prefix or namespace. */
static const char *
local_name(const char *t)
{
	const char *p = t + strlen(t);

	while (p > t && p[-1] != ':' && p[-1] != '/' && p[-1] != '#')
		p--;
	return p;
}

/* An absolute IRI a credential's id could be (not a compact "res:x"). */
static int
absolute_iri(const char *s)
{
	const char *p = s;

	if (has_prefix(s, "urn:") || has_prefix(s, "did:"))
		return s[4] != '\0';
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (p > s && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')))
		p++;
	return p > s && strncmp(p, "://", 3) == 0 && p[3] != '\0';
}

/* ---- JSON-LD values --------------------------------------------------- */

/* A property under the CTDL prefixes, in full, or bare; NULL when absent
 * or null. */
static const cJSON *
prop(const cJSON *obj, const char *local)
{
	static const char *const prefixes[] = {
		"ceterms:", "ceasn:", "https://purl.org/ctdl/terms/",
		"https://purl.org/ctdlasn/terms/", "",
	};
	char name[96];

	if (!cJSON_IsObject(obj))
		return NULL;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		const cJSON *v;
		snprintf(name, sizeof name, "%s%s", prefixes[i], local);
		v = cJSON_GetObjectItemCaseSensitive(obj, name);
		if (v != NULL && !cJSON_IsNull(v))
			return v;
	}
	return NULL;
}

/* The same under schema.org's prefixes (value profiles). */
static const cJSON *
schema_prop(const cJSON *obj, const char *local)
{
	static const char *const prefixes[] = {
		"schema:", "https://schema.org/", "http://schema.org/",
	};
	char name[96];

	if (!cJSON_IsObject(obj))
		return NULL;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		const cJSON *v;
		snprintf(name, sizeof name, "%s%s", prefixes[i], local);
		v = cJSON_GetObjectItemCaseSensitive(obj, name);
		if (v != NULL && !cJSON_IsNull(v))
			return v;
	}
	return prop(obj, local);
}

/* JSON-LD gives one value or an array of them: iterate both alike. */
static const cJSON *
vfirst(const cJSON *v)
{
	return cJSON_IsArray(v) ? v->child : v;
}

static const cJSON *
vnext(const cJSON *v, const cJSON *it)
{
	return cJSON_IsArray(v) ? it->next : NULL;
}

static size_t
vcount(const cJSON *v)
{
	size_t n = 0;

	for (const cJSON *it = vfirst(v); it != NULL; it = vnext(v, it))
		n++;
	return n;
}

/* An id: a string, or an object's "@id". */
static const char *
id_of(const cJSON *v)
{
	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v))
		return json_str(v, "@id");
	return NULL;
}

/* A cleaned text value: a string, a language map, {"@value"}, or an
 * array of them. */
static char *
text_of(struct ctdl *c, const cJSON *v)
{
	return clean(c, credential_lang_string(v));
}

/* A number given as a number, a numeric string, or {"@value"}. */
static int
number_of(const cJSON *v, double *out)
{
	double d;

	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsObject(v))
		v = cJSON_GetObjectItemCaseSensitive(v, "@value");
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
	} else if (cJSON_IsString(v)) {
		/* "12", "-3", "2.5": by hand, as strtod follows the locale */
		const char *p = v->valuestring;
		double scale = 1;
		int digits = 0, neg = 0;
		d = 0;
		while (*p == ' ')
			p++;
		if (*p == '-' || *p == '+')
			neg = *p++ == '-';
		for (; *p >= '0' && *p <= '9' && digits < 12; p++, digits++)
			d = d * 10 + (*p - '0');
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				if (digits++ < 15)
					d += (*p - '0') * (scale /= 10);
		while (*p == ' ')
			p++;
		if (digits == 0 || *p != '\0')
			return 0;
		if (neg)
			d = -d;
	} else {
		return 0;
	}
	if (!(d >= -1e9 && d <= 1e9)) /* also NaN */
		return 0;
	*out = d;
	return 1;
}

/* ---- node types ------------------------------------------------------- */

static enum kind
kind_of_type(const char *t)
{
	static const struct {
		const char *name;
		enum kind kind;
	} names[] = {
		{"Pathway", K_PATHWAY},
		{"PathwaySet", K_PATHWAYSET},
		{"ComponentCondition", K_CONDITION},
		{"Constraint", K_CONSTRAINT},
		{"CredentialComponent", K_CREDENTIAL},
		{"CourseComponent", K_COURSE},
		{"AssessmentComponent", K_ASSESSMENT},
		{"CompetencyComponent", K_COMPETENCY},
		{"BasicComponent", K_BASIC},
		{"SelectionComponent", K_SELECTION},
		{"JobComponent", K_JOB},
		{"WorkExperienceComponent", K_WORK},
		{"ExtracurricularComponent", K_EXTRACURRICULAR},
		{"CocurricularComponent", K_COCURRICULAR},
		/* resources written where a component stands for them */
		{"Course", K_COURSE},
		{"LearningOpportunityProfile", K_COURSE},
		{"LearningProgram", K_COURSE},
		{"AssessmentProfile", K_ASSESSMENT},
		{"Competency", K_COMPETENCY},
		{"Job", K_JOB},
		{"Occupation", K_JOB},
	};
	static const char *const credential_suffixes[] = {
		"Credential", "Certificate", "Certification", "Degree",
		"Diploma",    "Badge",       "License",       "Doctorate",
	};
	const char *l = local_name(t);

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(l, names[i].name) == 0)
			return names[i].kind;
	for (size_t i = 0; i < sizeof credential_suffixes / sizeof *credential_suffixes; i++)
		if (ends_with(l, credential_suffixes[i]))
			return K_CREDENTIAL;
	if (ends_with(l, "Component"))
		return K_UNKNOWN_COMPONENT;
	return K_OTHER;
}

/* The node's kind from its first @type cairn knows; *type the @type. */
static enum kind
kind_of(const cJSON *obj, const char **type)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "@type");
	enum kind k = K_NONE;

	*type = NULL;
	for (const cJSON *it = vfirst(t); it != NULL; it = vnext(t, it)) {
		enum kind ki;
		if (!cJSON_IsString(it))
			continue;
		ki = kind_of_type(it->valuestring);
		if (*type == NULL || (k == K_OTHER && ki != K_OTHER)) {
			*type = it->valuestring;
			k = ki;
		}
	}
	if (*type == NULL)
		return K_NONE;
	return k;
}

static int
is_component(enum kind k)
{
	return k == K_NONE || (k >= K_CREDENTIAL && k <= K_UNKNOWN_COMPONENT);
}

/* A type written as a credential class rather than a component. */
static int
direct_credential(const char *type)
{
	return type != NULL && !ends_with(type, "Component");
}

/* ---- reading the file ------------------------------------------------- */

static int
push_root(struct ctdl *c, cJSON *root)
{
	if (c->nroots == c->caproots) {
		size_t cap = c->caproots ? c->caproots * 2 : 8;
		cJSON **r = realloc(c->roots, cap * sizeof *r);
		if (r == NULL) {
			cJSON_Delete(root);
			oom(c);
			return -1;
		}
		c->roots = r;
		c->caproots = cap;
	}
	c->roots[c->nroots++] = root;
	return 0;
}

static void
add_node(struct ctdl *c, const cJSON *obj)
{
	struct node *n;
	const char *type;

	if (c->rc != CAIRN_OK || !cJSON_IsObject(obj))
		return;
	if (c->n == CAIRN_MAX_PATHWAY_NODES) {
		fail(c, CAIRN_ERR_USAGE, _("CTDL pathway: more than %d nodes; cairn reads at most %d"),
		     CAIRN_MAX_PATHWAY_NODES, CAIRN_MAX_PATHWAY_NODES);
		return;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct node *m = realloc(c->nodes, cap * sizeof *m);
		if (m == NULL) {
			oom(c);
			return;
		}
		c->nodes = m;
		c->cap = cap;
	}
	n = &c->nodes[c->n++];
	memset(n, 0, sizeof *n);
	n->obj = obj;
	n->id = json_str(obj, "@id");
	n->kind = kind_of(obj, &type);
}

/* The nodes of one document: its @graph, the items of an array (Badgr),
 * or the object itself. */
static void
add_document(struct ctdl *c, const cJSON *doc)
{
	const cJSON *e, *g;

	if (cJSON_IsArray(doc)) {
		cJSON_ArrayForEach(e, doc) {
			if (cJSON_IsObject(e) && cJSON_GetObjectItemCaseSensitive(e, "@graph") != NULL)
				add_document(c, e); /* an object: no deeper */
			else
				add_node(c, e);
		}
		return;
	}
	g = cJSON_GetObjectItemCaseSensitive(doc, "@graph");
	if (cJSON_IsArray(g)) {
		cJSON_ArrayForEach(e, g)
			add_node(c, e);
	} else if (cJSON_IsObject(g)) {
		add_node(c, g);
	} else {
		add_node(c, doc);
	}
}

static size_t
skip_space(const unsigned char *d, size_t len, size_t i)
{
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
		i++;
	return i;
}

/* One past the end of the string starting at d[i] ('"'), or len. */
static size_t
string_end(const unsigned char *d, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (d[i] == '\\')
			i++;
		else if (d[i] == '"')
			return i + 1;
	}
	return len;
}

/* One past the bracket closing the array or object at d[i], or len when
 * the input ends first.  Brackets inside strings do not count. */
static size_t
value_end(const unsigned char *d, size_t len, size_t i)
{
	size_t depth = 0;

	while (i < len) {
		unsigned char ch = d[i];
		if (ch == '"') {
			i = string_end(d, len, i);
			continue;
		}
		if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (--depth == 0)
				return i + 1;
		}
		i++;
	}
	return len;
}

/* One past a value of any kind at d[i] (strings, numbers, literals). */
static size_t
any_end(const unsigned char *d, size_t len, size_t i)
{
	if (d[i] == '{' || d[i] == '[')
		return value_end(d, len, i);
	if (d[i] == '"')
		return string_end(d, len, i);
	while (i < len && d[i] != ',' && d[i] != '}' && d[i] != ']' && d[i] != ' ' &&
	       d[i] != '\t' && d[i] != '\n' && d[i] != '\r')
		i++;
	return i;
}

/* A document that is not valid JSON, read node by node: each object in
 * its top-level "@graph" is parsed alone.  Returns the nodes read; *bad
 * counts those that could not be. */
static size_t
recover_graph(struct ctdl *c, const unsigned char *d, size_t len, size_t docno,
              size_t *bad)
{
	size_t i = 1, good = 0, k = 0;

	*bad = 0;
	while (c->rc == CAIRN_OK) {
		size_t key, key_end;
		int graph;

		while (i < len && (d[i] == ',' || d[i] == ' ' || d[i] == '\t' ||
		                   d[i] == '\n' || d[i] == '\r'))
			i++;
		if (i >= len || d[i] != '"')
			return good;
		key = i + 1;
		key_end = string_end(d, len, i);
		i = skip_space(d, len, key_end);
		if (i >= len || d[i] != ':')
			return good;
		i = skip_space(d, len, i + 1);
		if (i >= len)
			return good;
		graph = key_end - key == 7 && memcmp(d + key, "@graph\"", 7) == 0;
		if (!graph || d[i] != '[') {
			i = any_end(d, len, i);
			continue;
		}
		for (i++; c->rc == CAIRN_OK;) {
			size_t end;
			while (i < len && (d[i] == ',' || d[i] == ' ' || d[i] == '\t' ||
			                   d[i] == '\n' || d[i] == '\r'))
				i++;
			if (i >= len || d[i] == ']')
				return good;
			end = any_end(d, len, i);
			if (end == i)
				return good; /* a stray bracket */
			if (d[i] == '{') {
				char what[96];
				struct cairn_error perr;
				cJSON *node;
				snprintf(what, sizeof what, _("CTDL document %zu, node %zu"), docno, ++k);
				if (json_parse(d + i, end - i, CAIRN_MAX_PATHWAY_SIZE, what, &node,
				               &perr) == CAIRN_OK) {
					if (push_root(c, node) == 0) {
						add_node(c, node);
						good++;
					}
				} else {
					++*bad;
				}
			}
			i = end;
		}
	}
	return good;
}

/* The start looks like another RDF syntax: say so rather than "not JSON". */
static int
find_bytes(const unsigned char *d, size_t len, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= len; i++)
		if (memcmp(d + i, needle, m) == 0)
			return 1;
	return 0;
}

static void
refuse_other_syntax(struct ctdl *c, const unsigned char *d, size_t len, size_t at)
{
	size_t head = len - at < 4096 ? len - at : 4096;
	const unsigned char *p = d + at;

	if (d[at] == '<' && (find_bytes(p, head, "<?xml") || find_bytes(p, head, "<rdf:RDF"))) {
		fail(c, CAIRN_ERR_USAGE, "%s", _("CTDL in RDF/XML is not supported; use the JSON-LD form"));
		return;
	}
	if (d[at] == '@' || d[at] == '#' || d[at] == '<' || find_bytes(p, head, "@prefix") ||
	    find_bytes(p, head, "PREFIX ") || find_bytes(p, head, " a ceterms:") ||
	    find_bytes(p, head, "\ta ceterms:")) {
		fail(c, CAIRN_ERR_USAGE, "%s", _("CTDL in Turtle is not supported; use the JSON-LD form"));
		return;
	}
	fail(c, CAIRN_ERR_USAGE,
	     _("not a CTDL pathway: expected JSON-LD (a JSON object or array) at byte %zu"), at);
}

/* Every node of every document in the file. */
static void
read_file(struct ctdl *c, const unsigned char *d, size_t len)
{
	struct cairn_error first = {0};
	size_t at = 0, docno = 0;

	if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		at = 3;
	at = skip_space(d, len, at);
	if (at == len) {
		fail(c, CAIRN_ERR_USAGE, "%s", _("not a CTDL pathway: the file is empty"));
		return;
	}
	if (memchr(d, '\0', len) != NULL) {
		fail(c, CAIRN_ERR_USAGE, "%s", _("not a CTDL pathway: the file contains a NUL byte"));
		return;
	}
	if (d[at] != '{' && d[at] != '[') {
		refuse_other_syntax(c, d, len, at);
		return;
	}
	while (at < len && c->rc == CAIRN_OK) {
		size_t end = value_end(d, len, at), bad;
		char what[64];
		struct cairn_error perr;
		cJSON *doc;
		enum cairn_err rc;

		if (++docno > CAIRN_MAX_PATHWAY_NODES) {
			fail(c, CAIRN_ERR_USAGE, _("CTDL pathway: more than %d nodes; cairn reads at most %d"),
			     CAIRN_MAX_PATHWAY_NODES, CAIRN_MAX_PATHWAY_NODES);
			return;
		}
		snprintf(what, sizeof what, _("CTDL document %zu"), docno);
		rc = json_parse(d + at, end - at, CAIRN_MAX_PATHWAY_SIZE, what, &doc, &perr);
		if (rc == CAIRN_OK) {
			if (push_root(c, doc) == 0)
				add_document(c, doc);
		} else if (rc == CAIRN_ERR_IO) {
			fail(c, rc, "%s", perr.msg);
			return;
		} else {
			size_t got = d[at] == '{' ? recover_graph(c, d + at, end - at, docno, &bad) : 0;
			if (first.msg[0] == '\0')
				first = perr;
			if (got > 0)
				note(c,
				     P_("%s; its nodes were read one by one and %zu that is not valid JSON was skipped",
				        "%s; its nodes were read one by one and %zu that are not valid JSON were skipped",
				        bad),
				     perr.msg, bad);
			else
				note(c, _("%s; that document was skipped"), perr.msg);
		}
		at = skip_space(d, len, end);
		if (at < len && d[at] != '{' && d[at] != '[') {
			fail(c, CAIRN_ERR_USAGE,
			     _("CTDL pathway: unexpected data at byte %zu, after document %zu"), at, docno);
			return;
		}
	}
	if (c->rc == CAIRN_OK && c->n == 0) {
		if (first.msg[0] != '\0')
			fail(c, CAIRN_ERR_USAGE, "%s", first.msg);
		else
			fail(c, CAIRN_ERR_USAGE, "%s", _("no ceterms:Pathway in this CTDL file"));
	}
}

/* ---- ids -------------------------------------------------------------- */

/* "res:X", ".../resources/X" on the Credential Registry and the like name
 * one node: the key drops the prefix. */
static struct idx
id_key(const char *id)
{
	static const char host[] = "credentialengineregistry.org";
	struct idx k = {'x', id, 0};

	if (has_prefix(id, "res:")) {
		k.kind = 'r';
		k.key = id + 4;
	} else if (has_prefix(id, "graph:")) {
		k.kind = 'g';
		k.key = id + 6;
	} else if (has_prefix(id, "https://") || has_prefix(id, "http://")) {
		const char *h = strstr(id, "://") + 3, *slash = strchr(h, '/');
		size_t hl = sizeof host - 1;
		if (slash != NULL && (size_t)(slash - h) >= hl && memcmp(slash - hl, host, hl) == 0) {
			if (has_prefix(slash, "/resources/")) {
				k.kind = 'r';
				k.key = slash + 11;
			} else if (has_prefix(slash, "/graph/")) {
				k.kind = 'g';
				k.key = slash + 7;
			}
		}
	}
	return k;
}

static int
idx_cmp(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;
	int r;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	r = strcmp(x->key, y->key);
	if (r != 0)
		return r;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
index_build(struct ctdl *c)
{
	size_t dups = 0;

	c->index = malloc((c->n ? c->n : 1) * sizeof *c->index);
	if (c->index == NULL) {
		oom(c);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (c->nodes[i].id == NULL)
			continue;
		c->index[c->nindex] = id_key(c->nodes[i].id);
		c->index[c->nindex++].i = i;
	}
	qsort(c->index, c->nindex, sizeof *c->index, idx_cmp);
	for (size_t i = 1; i < c->nindex; i++)
		if (c->index[i].kind == c->index[i - 1].kind &&
		    strcmp(c->index[i].key, c->index[i - 1].key) == 0)
			dups++;
	if (dups > 0)
		note(c,
		     P_("%zu id names more than one node; the first node with it was used",
		        "%zu ids name more than one node; the first node with each was used", dups),
		     dups);
}

static struct node *
lookup_key(struct ctdl *c, struct idx k)
{
	size_t lo = 0, hi = c->nindex;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct idx *e = &c->index[mid];
		int r = e->kind != k.kind ? (e->kind < k.kind ? -1 : 1) : strcmp(e->key, k.key);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nindex && c->index[lo].kind == k.kind && strcmp(c->index[lo].key, k.key) == 0)
		return &c->nodes[c->index[lo].i];
	return NULL;
}

static struct node *
lookup(struct ctdl *c, const char *id)
{
	struct idx k = id_key(id);
	struct node *n = lookup_key(c, k);

	if (n == NULL && k.kind == 'g') {
		k.kind = 'r'; /* a resource named by its graph */
		n = lookup_key(c, k);
	}
	return n;
}

static int
same_id(const char *a, const char *b)
{
	struct idx x = id_key(a), y = id_key(b);

	return x.kind == y.kind && strcmp(x.key, y.key) == 0;
}

/* What a reference or a node written in place stands for: the object, and
 * its table entry when it has one.  NULL (and *missing the id) when the
 * file does not hold it. */
static const cJSON *
deref(struct ctdl *c, const cJSON *v, struct node **n, const char **missing)
{
	const char *id = NULL;

	*n = NULL;
	*missing = NULL;
	if (++c->refs > CAIRN_MAX_CTDL_REFS) {
		fail(c, CAIRN_ERR_USAGE, _("CTDL pathway: more than %lu references to follow; cairn stops there"),
		     (unsigned long)CAIRN_MAX_CTDL_REFS);
		return NULL;
	}
	if (cJSON_IsString(v)) {
		id = v->valuestring;
	} else if (cJSON_IsObject(v)) {
		id = json_str(v, "@id");
		if (id != NULL && (*n = lookup(c, id)) != NULL)
			return (*n)->obj;
		if (id == NULL || cJSON_GetObjectItemCaseSensitive(v, "@type") != NULL ||
		    cJSON_GetArraySize(v) > 1)
			return v; /* written in place */
	} else {
		*missing = "?";
		return NULL;
	}
	*n = lookup(c, id);
	if (*n == NULL) {
		*missing = id;
		return NULL;
	}
	return (*n)->obj;
}

/* ---- building the tree ------------------------------------------------ */

static cJSON *
tree_node(struct ctdl *c)
{
	cJSON *o;

	if (c->rc != CAIRN_OK)
		return NULL;
	if (++c->made > CAIRN_MAX_PATHWAY_NODES) {
		fail(c, CAIRN_ERR_USAGE,
		     _("CTDL pathway: more than %d requirements once shared components are repeated; cairn allows %d"),
		     CAIRN_MAX_PATHWAY_NODES, CAIRN_MAX_PATHWAY_NODES);
		return NULL;
	}
	o = cJSON_CreateObject();
	if (o == NULL)
		oom(c);
	return o;
}

static void
put_str(struct ctdl *c, cJSON *o, const char *k, const char *v)
{
	if (c->rc != CAIRN_OK || o == NULL || v == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
	if (cJSON_AddStringToObject(o, k, v) == NULL)
		oom(c);
}

/* Sets a node's title, first among its members (a group that takes a
 * component's name keeps its other members). */
static void
put_title(struct ctdl *c, cJSON *o, const char *v)
{
	cJSON *s;

	if (c->rc != CAIRN_OK || o == NULL || v == NULL)
		return;
	s = cJSON_CreateString(v);
	if (s == NULL) {
		oom(c);
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "title") != NULL) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(o, "title", s)) {
			cJSON_Delete(s);
			oom(c);
		}
		return;
	}
	if (!cJSON_AddItemToObject(o, "title", s)) {
		cJSON_Delete(s);
		oom(c);
		return;
	}
	cJSON_DetachItemViaPointer(o, s);
	cJSON_InsertItemInArray(o, 0, s);
}

static void
put_num(struct ctdl *c, cJSON *o, const char *k, double v)
{
	if (c->rc != CAIRN_OK || o == NULL)
		return;
	if (cJSON_AddNumberToObject(o, k, v) == NULL)
		oom(c);
}

static void
put_item(struct ctdl *c, cJSON *o, const char *k, cJSON *item)
{
	if (item == NULL)
		return;
	if (c->rc != CAIRN_OK || !cJSON_AddItemToObject(o, k, item)) {
		cJSON_Delete(item);
		oom(c);
	}
}

static void
push_item(struct ctdl *c, cJSON *arr, cJSON *item)
{
	if (item == NULL)
		return;
	if (c->rc != CAIRN_OK || !cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		oom(c);
	}
}

struct items {
	struct built *v;
	size_t n, cap;
};

static void
items_push(struct ctdl *c, struct items *it, struct built b)
{
	if (b.node == NULL)
		return;
	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 8;
		struct built *v = realloc(it->v, cap * sizeof *v);
		if (v == NULL) {
			cJSON_Delete(b.node);
			oom(c);
			return;
		}
		it->v = v;
		it->cap = cap;
	}
	it->v[it->n++] = b;
}

static void
items_free(struct items *it)
{
	for (size_t i = 0; i < it->n; i++)
		cJSON_Delete(it->v[i].node);
	free(it->v);
	it->v = NULL;
	it->n = it->cap = 0;
}

static int
is_leaf(const cJSON *node)
{
	return cJSON_GetObjectItemCaseSensitive(node, "match") != NULL;
}

/* all / any / at least n of the items (which it takes).  splice moves the
 * children of an untitled allOf, or of a component's own allOf, into an
 * allOf: the same requirement, one level less. */
static cJSON *
group(struct ctdl *c, const char *title, const char *desc, size_t n,
      struct items *it, int splice)
{
	cJSON *g = tree_node(c), *arr;
	const char *member = n == it->n ? "allOf" : n == 1 ? "anyOf" : "of";

	if (g == NULL) {
		items_free(it);
		return NULL;
	}
	put_str(c, g, "title", title);
	put_str(c, g, "description", desc);
	if (n != it->n && n != 1)
		put_num(c, g, "atLeast", (double)n);
	arr = cJSON_AddArrayToObject(g, member);
	if (arr == NULL)
		oom(c);
	for (size_t i = 0; i < it->n && c->rc == CAIRN_OK; i++) {
		cJSON *k = it->v[i].node, *inner = cJSON_GetObjectItemCaseSensitive(k, "allOf");
		it->v[i].node = NULL;
		if (splice && cJSON_IsArray(inner) &&
		    (it->v[i].chain || cJSON_GetObjectItemCaseSensitive(k, "title") == NULL)) {
			cJSON *ch;
			while ((ch = inner->child) != NULL) {
				cJSON_DetachItemViaPointer(inner, ch);
				cJSON_AddItemToArray(arr, ch);
			}
			cJSON_Delete(k);
			c->made--;
			continue;
		}
		push_item(c, arr, k);
	}
	items_free(it);
	if (c->rc != CAIRN_OK) {
		cJSON_Delete(g);
		return NULL;
	}
	return g;
}

static void
unit_seen(struct ctdl *c, const cJSON *v)
{
	const char *s = NULL;
	char *name = NULL, buf[64];

	if (v == NULL)
		return;
	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsString(v)) {
		s = local_name(v->valuestring);
	} else if (cJSON_IsObject(v)) {
		const char *node = id_of(prop(v, "targetNode"));
		if (node != NULL)
			s = local_name(node);
		else if ((name = text_of(c, prop(v, "targetNodeName"))) != NULL)
			s = name;
	}
	if (s != NULL && *s != '\0') {
		if (strstr(s, "ECTS") != NULL || strstr(s, "EuropeanCredit") != NULL)
			s = "ECTS";
		clip(buf, sizeof buf, s);
		if (c->unit[0] == '\0')
			memcpy(c->unit, buf, sizeof buf);
		else if (strcmp(c->unit, buf) != 0 && c->unit2[0] == '\0')
			memcpy(c->unit2, buf, sizeof buf);
	}
	free(name);
}

/* The credits of a component: its creditValue (a ValueProfile's
 * schema:value, or the lower end of a range, or the older creditHourValue
 * / creditUnitValue), else 0. */
static double
credits_of(struct ctdl *c, const cJSON *obj, const char *label)
{
	const cJSON *cv = prop(obj, "creditValue");
	double d = 0;
	int found = 0;

	for (const cJSON *it = vfirst(cv); it != NULL && !found; it = vnext(cv, it)) {
		if (number_of(it, &d)) {
			found = 1;
		} else if (cJSON_IsObject(it)) {
			if (number_of(schema_prop(it, "value"), &d)) {
				found = 1;
			} else if (number_of(schema_prop(it, "minValue"), &d)) {
				found = 1;
				note(c, _("“%s” gives a range of credits; the lowest, %g, was used"), label, d);
			}
			if (found)
				unit_seen(c, prop(it, "creditUnitType"));
		}
	}
	if (!found && (number_of(prop(obj, "creditHourValue"), &d) ||
	               number_of(prop(obj, "creditUnitValue"), &d))) {
		found = 1;
		unit_seen(c, prop(obj, "creditUnitType"));
	}
	if (!found)
		return 0;
	if (!(d > 0 && d <= 1e6)) {
		note(c, _("“%s”: credit value %g was ignored"), label, d);
		return 0;
	}
	return d;
}

static void
comp_clear(struct comp *k)
{
	free(k->name);
	free(k->code);
	free(k->desc);
}

static void
comp_read(struct ctdl *c, const cJSON *obj, struct node *n, struct comp *k)
{
	const char *id = json_str(obj, "@id");
	const cJSON *v;

	memset(k, 0, sizeof *k);
	k->obj = obj;
	k->node = n;
	k->kind = kind_of(obj, &k->type);
	k->name = text_of(c, prop(obj, "name"));
	k->code = text_of(c, prop(obj, "codedNotation"));
	k->desc = text_of(c, prop(obj, "description"));
	clip(k->label, sizeof k->label,
	     k->name ? k->name : k->code ? k->code : id ? id : _("an unnamed component"));
	k->link = id_of(prop(obj, "proxyFor"));
	if (k->link == NULL || !absolute_iri(k->link))
		k->link = id_of(prop(obj, "sourceData"));
	if (k->link != NULL && !absolute_iri(k->link))
		k->link = NULL;
	k->page = id_of(prop(obj, "subjectWebpage"));
	if (k->page != NULL && !absolute_iri(k->page))
		k->page = NULL;
	k->credits = credits_of(c, obj, k->label);
	v = prop(obj, "precedes");
	if (v != NULL || prop(obj, "precededBy") != NULL)
		c->ordered = 1;
}

/* Whether the component stands for something a credential can show. */
static int
has_self(const struct comp *k)
{
	if (k->kind == K_BASIC || k->kind == K_SELECTION)
		return k->link != NULL;
	return k->link != NULL || k->name != NULL || k->code != NULL;
}

/* The title: "Name (CODE)", unless the name already holds the code. */
static char *
display_title(struct ctdl *c, const struct comp *k)
{
	char *t;
	size_t n;

	if (k->name == NULL && k->code == NULL)
		return k->link ? clean(c, k->link) : NULL;
	if (k->name == NULL)
		return clean(c, k->code);
	if (k->code == NULL || strstr(k->name, k->code) != NULL)
		return clean(c, k->name);
	n = strlen(k->name) + strlen(k->code) + 4;
	t = malloc(n);
	if (t == NULL) {
		oom(c);
		return NULL;
	}
	snprintf(t, n, "%s (%s)", k->name, k->code);
	return t;
}

static cJSON *
leaf(struct ctdl *c, const struct comp *k)
{
	cJSON *o = tree_node(c), *m;
	char *title;

	if (o == NULL)
		return NULL;
	title = display_title(c, k);
	put_str(c, o, "title", title);
	free(title);
	put_str(c, o, "description", k->desc);
	m = cJSON_CreateObject();
	if (m == NULL)
		oom(c);
	else if (k->kind == K_COMPETENCY)
		put_str(c, m, "skill", k->link ? k->link : k->name ? k->name : k->code);
	else if (k->link != NULL)
		put_str(c, m, "achievement", k->link);
	else
		put_str(c, m, "name", k->name ? k->name : k->code);
	put_item(c, o, "match", m);
	if (k->credits > 0)
		put_num(c, o, "credits", k->credits);
	put_str(c, o, "url", k->page);
	if (c->rc != CAIRN_OK) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static void
type_notes(struct ctdl *c, const struct comp *k)
{
	char type[LABEL_MAX];

	clip(type, sizeof type, k->type ? k->type : "?");
	switch (k->kind) {
	case K_NONE:
		note(c, _("“%s” has no @type; it was read as a component"), k->label);
		break;
	case K_UNKNOWN_COMPONENT:
	case K_OTHER:
		note(c, _("“%s” has a type cairn does not know (%s); it is matched by its name"),
		     k->label, type);
		break;
	case K_JOB:
	case K_WORK:
		note(c, _("%s components stand for jobs or work experience, which credentials rarely name; cairn matches them by name"),
		     type);
		break;
	default:
		/* ceterms:Certification, ceterms:Course ... in a component's place */
		if (direct_credential(k->type))
			note(c, _("%s nodes are not pathway components; each was read as the component that stands for it"),
			     type);
		break;
	}
}

static struct built build_component(struct ctdl *c, const cJSON *obj, struct node *n,
                                    int is_dest);

static int
nest(struct ctdl *c)
{
	if (++c->nesting > CTDL_MAX_NESTING) {
		fail(c, CAIRN_ERR_USAGE,
		     _("CTDL pathway: requirements nest deeper than %d levels; cairn cannot represent them"),
		     CTDL_MAX_NESTING);
		return -1;
	}
	return 0;
}

/* The values of a constraint side, for a note: "a, b, c". */
static void
describe_side(char *buf, size_t cap, const cJSON *v)
{
	size_t k = strlen(buf), shown = 0;

	for (const cJSON *it = vfirst(v); it != NULL; it = vnext(v, it)) {
		char one[48];
		const char *s = id_of(it);
		double d;
		if (s == NULL && number_of(it, &d)) {
			snprintf(one, sizeof one, "%g", d);
		} else if (s == NULL && cJSON_IsBool(it)) {
			snprintf(one, sizeof one, "%s", cJSON_IsTrue(it) ? "true" : "false");
		} else if (s != NULL) {
			clip(one, sizeof one, s);
		} else {
			continue;
		}
		if (++shown > 3) {
			snprintf(buf + k, cap - k, ", …");
			break;
		}
		snprintf(buf + k, cap - k, "%s%s", shown > 1 ? ", " : "", one);
		k = strlen(buf);
	}
}

/* A constraint summing credit values to at least a number gives that
 * number; any other is noted and gives 0. */
static double
constraint_credits(struct ctdl *c, const cJSON *v, const char *label)
{
	struct node *n;
	const char *missing, *action, *source, *cmp;
	const cJSON *obj = deref(c, v, &n, &missing);
	char what[200] = "";
	double d;

	if (obj == NULL) {
		char id[LABEL_MAX];
		if (missing != NULL)
			note(c, _("“%s”: a constraint (%s) is not in the file; it was ignored"), label,
			     clip(id, sizeof id, missing));
		return 0;
	}
	action = id_of(prop(obj, "leftAction"));
	source = id_of(prop(obj, "leftSource"));
	cmp = id_of(prop(obj, "comparator"));
	if (action != NULL && strstr(local_name(action), "Sum") != NULL && source != NULL &&
	    (strcmp(local_name(source), "value") == 0 ||
	     strcmp(local_name(source), "creditValue") == 0) &&
	    cmp != NULL &&
	    (strcmp(local_name(cmp), "GTEQ") == 0 || strcmp(local_name(cmp), "GT") == 0 ||
	     strcmp(local_name(cmp), "greaterThanOrEqual") == 0) &&
	    number_of(prop(obj, "rightSource"), &d) && d > 0 && d <= 1e6)
		return d;
	describe_side(what, sizeof what, prop(obj, "leftSource"));
	if (cmp != NULL) {
		size_t k = strlen(what);
		char one[48];
		snprintf(what + k, sizeof what - k, " %s ", clip(one, sizeof one, local_name(cmp)));
	}
	describe_side(what, sizeof what, prop(obj, "rightSource"));
	note(c, _("“%s”: a constraint cairn cannot check (%s) was ignored"), label, what);
	return 0;
}

/* "and", "or", or something else (0, 1, 2); and when absent. */
static int
logical_op(const cJSON *v, const char **name)
{
	const char *s = id_of(v);

	*name = s;
	if (s == NULL)
		return 0;
	s = local_name(s);
	if (strcmp(s, "And") == 0 || strcmp(s, "and") == 0 || strcmp(s, "AND") == 0)
		return 0;
	if (strcmp(s, "Or") == 0 || strcmp(s, "or") == 0 || strcmp(s, "OR") == 0)
		return 1;
	return 2;
}

struct tally {
	size_t listed, missing, cycles, unusable;
	char first_missing[LABEL_MAX], first_cycle[LABEL_MAX];
};

static void
tally_notes(struct ctdl *c, const struct tally *t, const char *label)
{
	if (t->missing > 0)
		note(c,
		     P_("“%s”: %zu requirement is not in the file (“%s”); it was left out",
		        "“%s”: %zu requirements are not in the file (such as “%s”); they were left out",
		        t->missing),
		     label, t->missing, t->first_missing);
	if (t->cycles > 0)
		note(c, _("“%s” leads back to “%s” (a cycle); that link was cut"), label,
		     t->first_cycle);
}

static void
tally_missing(struct tally *t, const char *missing)
{
	if (t->missing++ == 0)
		clip(t->first_missing, sizeof t->first_missing, missing);
}

static void
tally_cycle(struct tally *t, const struct node *n)
{
	const char *name;

	if (t->cycles++ > 0)
		return;
	name = credential_lang_string(prop(n->obj, "name"));
	clip(t->first_cycle, sizeof t->first_cycle,
	     name ? name : n->id ? n->id : "?");
}

static struct built
build_condition(struct ctdl *c, const cJSON *cond, struct node *cn, const char *owner)
{
	struct built out = {NULL, 0};
	struct items it = {NULL, 0, 0};
	struct tally t;
	char *name = NULL, *desc = NULL, label[LABEL_MAX];
	const cJSON *v;
	const char *opname;
	double credits = 0, rn = 0;
	int op, has_n;

	memset(&t, 0, sizeof t);
	if (nest(c) < 0)
		return out;
	if (cn != NULL)
		cn->on_path = 1;
	name = text_of(c, prop(cond, "name"));
	desc = text_of(c, prop(cond, "description"));
	/* an unnamed condition is known by its component's name */
	clip(label, sizeof label, name != NULL ? name : owner);

	v = prop(cond, "targetComponent");
	for (const cJSON *e = vfirst(v); e != NULL && c->rc == CAIRN_OK; e = vnext(v, e)) {
		struct node *tn;
		const char *missing, *type;
		const cJSON *obj = deref(c, e, &tn, &missing);
		enum kind kind;

		t.listed++;
		if (obj == NULL) {
			if (missing != NULL)
				tally_missing(&t, missing);
			continue;
		}
		if (tn != NULL && tn->on_path) {
			tally_cycle(&t, tn);
			continue;
		}
		kind = kind_of(obj, &type);
		if (!is_component(kind) && kind != K_OTHER) {
			char *tname = text_of(c, prop(obj, "name"));
			char tl[LABEL_MAX], ty[LABEL_MAX];
			note(c, _("“%s” names “%s” (%s) as a requirement, which is not a component; it was left out"),
			     label, clip(tl, sizeof tl, tname ? tname : tn && tn->id ? tn->id : "?"),
			     clip(ty, sizeof ty, type ? type : "?"));
			free(tname);
			t.unusable++;
			continue;
		}
		items_push(c, &it, build_component(c, obj, tn, 0));
	}

	v = prop(cond, "hasCondition");
	for (const cJSON *e = vfirst(v); e != NULL && c->rc == CAIRN_OK; e = vnext(v, e)) {
		struct node *sn;
		const char *missing;
		const cJSON *obj = deref(c, e, &sn, &missing);

		t.listed++;
		if (obj == NULL) {
			if (missing != NULL)
				tally_missing(&t, missing);
			continue;
		}
		if (sn != NULL && sn->on_path) {
			tally_cycle(&t, sn);
			continue;
		}
		items_push(c, &it, build_condition(c, obj, sn, label));
	}

	v = prop(cond, "hasConstraint");
	for (const cJSON *e = vfirst(v); e != NULL && c->rc == CAIRN_OK; e = vnext(v, e)) {
		double d = constraint_credits(c, e, label);
		if (d > 0 && credits == 0)
			credits = d;
	}
	op = logical_op(prop(cond, "logicalOperator"), &opname);
	has_n = number_of(prop(cond, "requiredNumber"), &rn);
	if (c->rc != CAIRN_OK)
		goto done;
	if (it.n == 0 && t.missing > 0 && t.missing == t.listed) {
		note(c,
		     P_("“%s”: its %zu requirement is not in the file (“%s”); the condition was dropped",
		        "“%s”: none of its %zu requirements is in the file (such as “%s”); the condition was dropped",
		        t.missing),
		     label, t.missing, t.first_missing);
		goto done;
	}
	tally_notes(c, &t, label);
	if (it.n == 0) {
		note(c, _("“%s”: no requirement of this condition could be read; the condition was dropped"),
		     label);
		goto done;
	}
	if (op == 2) {
		char o[48];
		note(c, _("“%s” combines its parts with %s, which cairn cannot express; the condition was dropped"),
		     label, clip(o, sizeof o, opname));
		goto done;
	}
	if (credits > 0) {
		int leaves = 1;
		for (size_t i = 0; i < it.n; i++)
			leaves = leaves && is_leaf(it.v[i].node);
		if (leaves) {
			cJSON *g = tree_node(c), *arr;
			if (has_n)
				note(c, _("“%s” asks for %g of its requirements and %g credits; cairn keeps only the credits"),
				     label, rn, credits);
			put_str(c, g, "title", name);
			put_str(c, g, "description", desc);
			put_num(c, g, "credits", credits);
			if (c->unit[0] != '\0')
				put_str(c, g, "unit", c->unit);
			arr = cJSON_CreateArray();
			if (arr == NULL)
				oom(c);
			for (size_t i = 0; i < it.n; i++) {
				push_item(c, arr, it.v[i].node);
				it.v[i].node = NULL;
			}
			put_item(c, g, "from", arr);
			if (c->rc != CAIRN_OK) {
				cJSON_Delete(g);
				goto done;
			}
			out.node = g;
			goto done;
		}
		if (has_n || op == 1)
			note(c, _("“%s” asks for %g credits from requirements that are not single credentials; the credit total was ignored"),
			     label, credits);
		else
			note(c, _("“%s” asks for %g credits from requirements that are not single credentials; cairn cannot add those up, so it asks for all of them"),
			     label, credits);
	}
	{
		size_t need;
		if (!has_n) {
			need = op == 1 ? 1 : it.n;
		} else if (rn < 1) {
			note(c, _("“%s” asks for %g of its requirements, which is none; the condition was dropped"),
			     label, rn);
			goto done;
		} else {
			double whole = (double)(long)rn;
			if (whole < rn) {
				whole += 1;
				note(c, _("“%s” asks for %g of its requirements; cairn requires %g"), label, rn,
				     whole);
			}
			if (whole > (double)t.listed) {
				note(c, _("“%s” asks for %g of only %zu requirements; all of them are required"),
				     label, whole, t.listed);
				need = it.n;
			} else if (whole > (double)it.n) {
				note(c, _("“%s” asks for %g of %zu requirements but only %zu could be read; all of them are required"),
				     label, whole, t.listed, it.n);
				need = it.n;
			} else {
				need = (size_t)whole;
			}
		}
		if (it.n == 1) {
			out = it.v[0];
			it.v[0].node = NULL;
			goto done;
		}
		out.node = group(c, name, desc, need, &it, 0);
	}
done:
	items_free(&it);
	if (c->rc != CAIRN_OK) {
		cJSON_Delete(out.node);
		out.node = NULL;
	}
	free(name);
	free(desc);
	if (cn != NULL)
		cn->on_path = 0;
	c->nesting--;
	return out;
}

/* The conditions of a component; its parts (hasChild) when it has none. */
static void
component_conditions(struct ctdl *c, const struct comp *k, struct items *it, int quiet)
{
	const cJSON *conds = prop(k->obj, "hasCondition"), *kids;
	struct tally t;

	memset(&t, 0, sizeof t);
	for (const cJSON *e = vfirst(conds); e != NULL && c->rc == CAIRN_OK; e = vnext(conds, e)) {
		struct node *cn;
		const char *missing, *type;
		const cJSON *obj = deref(c, e, &cn, &missing);
		enum kind kind;

		if (obj == NULL) {
			if (missing != NULL)
				tally_missing(&t, missing);
			continue;
		}
		if (cn != NULL && cn->on_path) {
			tally_cycle(&t, cn);
			continue;
		}
		kind = kind_of(obj, &type);
		if (kind != K_CONDITION && kind != K_NONE) {
			char id[LABEL_MAX];
			note(c, _("“%s”: %s is not a ComponentCondition; it was left out"), k->label,
			     clip(id, sizeof id, cn && cn->id ? cn->id : type));
			continue;
		}
		items_push(c, it, build_condition(c, obj, cn, k->label));
	}
	kids = prop(k->obj, "hasChild");
	if (conds == NULL && kids != NULL && c->rc == CAIRN_OK) {
		struct items parts = {NULL, 0, 0};
		for (const cJSON *e = vfirst(kids); e != NULL && c->rc == CAIRN_OK; e = vnext(kids, e)) {
			struct node *tn;
			const char *missing;
			const cJSON *obj = deref(c, e, &tn, &missing);
			if (obj == NULL) {
				if (missing != NULL)
					tally_missing(&t, missing);
				continue;
			}
			if (tn != NULL && tn->on_path) {
				tally_cycle(&t, tn);
				continue;
			}
			items_push(c, &parts, build_component(c, obj, tn, 0));
		}
		if (parts.n > 0 && !quiet)
			note(c,
			     P_("“%s” has %zu part but no conditions; it is required",
			        "“%s” has %zu parts but no conditions; all of them are required", parts.n),
			     k->label, parts.n);
		if (parts.n == 1) {
			items_push(c, it, parts.v[0]);
			parts.v[0].node = NULL;
			items_free(&parts);
		} else if (parts.n > 1) {
			struct built b = {NULL, 0};
			b.node = group(c, NULL, NULL, parts.n, &parts, 0);
			items_push(c, it, b);
		}
		items_free(&parts);
	}
	tally_notes(c, &t, k->label);
}

static struct built
build_component(struct ctdl *c, const cJSON *obj, struct node *n, int is_dest)
{
	struct built out = {NULL, 0};
	struct items it = {NULL, 0, 0};
	struct comp k;
	char *title = NULL;

	if (nest(c) < 0)
		return out;
	if (n != NULL) {
		n->on_path = 1;
		n->uses++;
	}
	comp_read(c, obj, n, &k);
	if (!is_dest)
		type_notes(c, &k);
	component_conditions(c, &k, &it, is_dest && k.kind == K_PATHWAY);
	if (c->rc != CAIRN_OK)
		goto done;
	title = display_title(c, &k);

	if (is_dest) {
		if (it.n == 1) {
			out = it.v[0];
			out.chain = 0;
			it.v[0].node = NULL;
		} else if (it.n > 1) {
			out.node = group(c, NULL, NULL, it.n, &it, 0);
		} else if (has_self(&k)) {
			if (prop(obj, "hasCondition") != NULL || prop(obj, "hasChild") != NULL)
				note(c, _("none of the destination's requirements could be read; the pathway asks for “%s” itself"),
				     k.label);
			out.node = leaf(c, &k);
		}
	} else if (has_self(&k)) {
		if (it.n == 0) {
			out.node = leaf(c, &k);
		} else {
			struct items all = {NULL, 0, 0};
			struct built self = {leaf(c, &k), 0};
			items_push(c, &all, self);
			for (size_t i = 0; i < it.n; i++) {
				items_push(c, &all, it.v[i]);
				it.v[i].node = NULL;
			}
			out.node = group(c, title, NULL, all.n, &all, 1);
			out.chain = 1;
		}
	} else if (it.n == 1) {
		/* a group (BasicComponent) with one condition: the condition,
		 * under the group's name */
		out = it.v[0];
		out.chain = 0;
		it.v[0].node = NULL;
		put_title(c, out.node, title);
	} else if (it.n > 1) {
		out.node = group(c, title, NULL, it.n, &it, 0);
	} else if (k.name != NULL || k.code != NULL) {
		out.node = leaf(c, &k);
	} else {
		note(c, _("“%s” names no credential, name or code to match; it was left out"), k.label);
	}
done:
	items_free(&it);
	free(title);
	comp_clear(&k);
	if (c->rc != CAIRN_OK) {
		cJSON_Delete(out.node);
		out.node = NULL;
	}
	if (n != NULL)
		n->on_path = 0;
	c->nesting--;
	return out;
}

/* ---- the pathway ------------------------------------------------------ */

static struct node *
choose_pathway(struct ctdl *c)
{
	struct node *chosen = NULL, *first = NULL;
	const struct node *set = NULL;
	size_t others = 0;
	char a[LABEL_MAX], b[LABEL_MAX];

	for (size_t i = 0; i < c->n; i++) {
		struct node *n = &c->nodes[i];
		if (n->kind == K_PATHWAY && first == NULL)
			first = n;
		if (n->kind == K_PATHWAYSET && set == NULL) {
			const cJSON *v = prop(n->obj, "hasPrimaryPathway");
			set = n;
			for (const cJSON *e = vfirst(v); e != NULL && chosen == NULL; e = vnext(v, e)) {
				const char *id = id_of(e);
				struct node *p = id ? lookup(c, id) : NULL;
				if (p != NULL && p->kind == K_PATHWAY)
					chosen = p;
			}
		}
	}
	if (chosen == NULL)
		chosen = first;
	if (chosen == NULL) {
		if (set != NULL) {
			char *name = text_of(c, prop(set->obj, "name"));
			fail(c, CAIRN_ERR_USAGE,
			     _("the CTDL file holds a pathway set (“%s”) but none of its pathways"),
			     clip(a, sizeof a, name ? name : set->id ? set->id : "?"));
			free(name);
		} else {
			fail(c, CAIRN_ERR_USAGE, "%s", _("no ceterms:Pathway in this CTDL file"));
		}
		return NULL;
	}
	{
		char *cname = text_of(c, prop(chosen->obj, "name"));
		const struct node *other = NULL;
		for (size_t i = 0; i < c->n; i++) {
			if (c->nodes[i].kind == K_PATHWAY && &c->nodes[i] != chosen) {
				if (other == NULL)
					other = &c->nodes[i];
				others++;
			}
		}
		if (others > 0) {
			char *oname = text_of(c, prop(other->obj, "name"));
			note(c,
			     P_("the file holds %zu other pathway (“%s”); only “%s” was converted",
			        "the file holds %zu other pathways (such as “%s”); only “%s” was converted",
			        others),
			     others, clip(a, sizeof a, oname ? oname : other->id ? other->id : "?"),
			     clip(b, sizeof b, cname ? cname : chosen->id ? chosen->id : "?"));
			free(oname);
		}
		free(cname);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct node *s = &c->nodes[i];
		const cJSON *v;
		size_t absent = 0;
		if (s->kind != K_PATHWAYSET)
			continue;
		v = prop(s->obj, "hasPathway");
		for (const cJSON *e = vfirst(v); e != NULL; e = vnext(v, e)) {
			const char *id = id_of(e);
			if (id != NULL && lookup(c, id) == NULL)
				absent++;
		}
		if (absent > 0) {
			char *name = text_of(c, prop(s->obj, "name"));
			note(c,
			     P_("the pathway set “%s” lists %zu pathway that is not in the file",
			        "the pathway set “%s” lists %zu pathways that are not in the file", absent),
			     clip(a, sizeof a, name ? name : s->id ? s->id : "?"), absent);
			free(name);
		}
	}
	return chosen;
}

/* The destination component, with notes on how it was found. */
static struct node *
find_destination(struct ctdl *c, struct node *pw, const cJSON **obj)
{
	const cJSON *v = prop(pw->obj, "hasDestinationComponent");
	struct node *dest = NULL, *claimed = NULL;
	char a[LABEL_MAX], b[LABEL_MAX];
	size_t count = vcount(v);

	*obj = NULL;
	if (count > 0) {
		const char *missing;
		*obj = deref(c, vfirst(v), &dest, &missing);
		if (*obj == NULL && missing != NULL)
			note(c, _("the pathway's destination component (%s) is not in the file"),
			     clip(a, sizeof a, missing));
	}
	for (size_t i = 0; i < c->n && pw->id != NULL; i++) {
		const cJSON *f = prop(c->nodes[i].obj, "isDestinationComponentFor");
		for (const cJSON *e = vfirst(f); e != NULL; e = vnext(f, e)) {
			const char *id = id_of(e);
			if (id != NULL && same_id(id, pw->id) && claimed == NULL &&
			    &c->nodes[i] != dest)
				claimed = &c->nodes[i];
		}
	}
	if (*obj != NULL) {
		char *dn = text_of(c, prop((*obj), "name"));
		if (count > 1)
			note(c, _("the pathway names %zu destination components; the first, “%s”, was used"),
			     count, clip(a, sizeof a, dn ? dn : dest && dest->id ? dest->id : "?"));
		if (claimed != NULL) {
			char *cn = text_of(c, prop(claimed->obj, "name"));
			note(c, _("“%s” also calls itself the destination; the pathway's hasDestinationComponent (“%s”) was used"),
			     clip(a, sizeof a, cn ? cn : claimed->id ? claimed->id : "?"),
			     clip(b, sizeof b, dn ? dn : dest && dest->id ? dest->id : "?"));
			free(cn);
		}
		free(dn);
		return dest;
	}
	if (claimed != NULL) {
		char *cn = text_of(c, prop(claimed->obj, "name"));
		note(c, _("the pathway names no destination; “%s”, which calls itself its destination, was used"),
		     clip(a, sizeof a, cn ? cn : claimed->id ? claimed->id : "?"));
		free(cn);
		*obj = claimed->obj;
		return claimed;
	}
	return NULL;
}

/* The depth of a tree node (1 for a leaf), counting at most to limit + 1. */
static int
tree_depth(const cJSON *node, int limit)
{
	static const char *const lists[] = {"allOf", "anyOf", "of", "from"};
	int deepest = 0;

	if (limit < 0)
		return 1;
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(node, lists[i]), *e;
		cJSON_ArrayForEach(e, arr) {
			int d = tree_depth(e, limit - 1);
			if (d > deepest)
				deepest = d;
		}
	}
	return deepest + 1;
}

static void
pathway_id(struct ctdl *c, const struct node *pw, const char *title, char out[65])
{
	char *ctid = text_of(c, prop(pw->obj, "ctid"));
	const char *cand[2];
	size_t k = 0;

	cand[0] = ctid;
	cand[1] = pw->id ? local_name(pw->id) : NULL;
	for (size_t i = 0; i < 2; i++) {
		const char *s = cand[i];
		size_t n;
		int ok = 1;
		if (s == NULL || (i == 1 && !has_prefix(s, "ce-")))
			continue;
		n = strlen(s);
		if (n == 0 || n > 64)
			continue;
		for (size_t j = 0; j < n && ok; j++) {
			char ch = s[j];
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
			     ch == '_' || ch == '-';
			out[j] = ch;
		}
		if (ok) {
			out[n] = '\0';
			free(ctid);
			return;
		}
	}
	free(ctid);
	/* a slug of the name (none: a fixed id) */
	memcpy(out, "ctdl-", 5);
	k = 5;
	for (const char *p = title; p != NULL && *p && k < 64; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[k++] = ch;
		else if (out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k > 5 && out[k - 1] == '-')
		k--;
	if (k == 5) {
		memcpy(out, "ctdl-pathway", 13);
		return;
	}
	out[k] = '\0';
}

/* The owner's name, when the file gives it (in place or as a node). */
static void
awarded_by(struct ctdl *c, const struct node *pw, cJSON *doc)
{
	static const char *const props[] = {"ownedBy", "offeredBy"};
	const char *link = NULL;

	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = prop(pw->obj, props[i]);
		for (const cJSON *e = vfirst(v); e != NULL; e = vnext(v, e)) {
			const cJSON *obj = NULL;
			char *name;
			if (cJSON_IsObject(e) && prop(e, "name") != NULL) {
				obj = e;
			} else if (id_of(e) != NULL) {
				struct node *n = lookup(c, id_of(e));
				obj = n ? n->obj : NULL;
				if (link == NULL)
					link = id_of(e);
			}
			name = obj ? text_of(c, prop(obj, "name")) : NULL;
			if (name != NULL) {
				put_str(c, doc, "awardedBy", name);
				free(name);
				return;
			}
		}
	}
	if (link != NULL) {
		char a[LABEL_MAX];
		note(c, _("the pathway's owner is given only as a link (%s); awardedBy was left out"),
		     clip(a, sizeof a, link));
	}
}

/* Notes on the whole: shared and unused components, units, order. */
static void
final_notes(struct ctdl *c, struct node *pw)
{
	size_t shared = 0, unused = 0, pathways = 0;
	const struct node *first_unused = NULL;
	char a[LABEL_MAX];

	for (size_t i = 0; i < c->n; i++)
		pathways += c->nodes[i].kind == K_PATHWAY ? 1 : 0;
	{
		const cJSON *v = prop(pw->obj, "hasPart");
		for (const cJSON *e = vfirst(v); e != NULL; e = vnext(v, e)) {
			struct node *n = id_of(e) != NULL ? lookup(c, id_of(e)) : NULL;
			if (n != NULL)
				n->part = 1;
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct node *n = &c->nodes[i];
		int ours = pathways <= 1 || n->part;
		if (!is_component(n->kind) || n->kind == K_NONE)
			continue;
		if (n->uses > 1)
			shared++;
		if (n->uses > 0)
			continue;
		/* with several pathways in the file, only this one's parts */
		if (!ours && pw->id != NULL) {
			const cJSON *v = prop(n->obj, "isPartOf");
			for (const cJSON *e = vfirst(v); e != NULL && !ours; e = vnext(v, e))
				ours = id_of(e) != NULL && same_id(id_of(e), pw->id);
		}
		if (ours && unused++ == 0)
			first_unused = n;
	}
	if (shared > 0)
		note(c,
		     P_("%zu component is required in more than one place; cairn counts a credential once per pathway, so one credential cannot fill both places",
		        "%zu components are required in more than one place; cairn counts a credential once per pathway, so one credential cannot fill two places",
		        shared),
		     shared);
	if (unused > 0) {
		char *name = text_of(c, prop(first_unused->obj, "name"));
		note(c,
		     P_("%zu component is not required by the destination and was left out (“%s”)",
		        "%zu components are not required by the destination and were left out (such as “%s”)",
		        unused),
		     unused,
		     clip(a, sizeof a, name ? name : first_unused->id ? first_unused->id : "?"));
		free(name);
	}
	if (c->unit2[0] != '\0')
		note(c, _("credits are given in more than one unit (%s and %s); cairn adds them as they are"),
		     c->unit, c->unit2);
	if (c->ordered)
		note(c, "%s", _("the order of components (precedes / precededBy) is not kept; cairn pathways have no order"));
}

static cJSON *
convert(struct ctdl *c, struct node *pw)
{
	cJSON *doc = cJSON_CreateObject(), *target = NULL;
	char id[65], *title, *desc, *dest_name = NULL;
	const cJSON *dest_obj;
	struct node *dest;
	struct built root = {NULL, 0};
	const char *url;

	if (doc == NULL) {
		oom(c);
		return NULL;
	}
	title = text_of(c, prop(pw->obj, "name"));
	dest = find_destination(c, pw, &dest_obj);
	if (dest_obj != NULL)
		dest_name = text_of(c, prop(dest_obj, "name"));
	pathway_id(c, pw, title, id);
	if (title == NULL) {
		title = clean(c, dest_name ? dest_name : _("CTDL pathway"));
		if (title != NULL)
			note(c, _("the pathway has no name; it was called “%s”"), title);
	}
	if (c->rc != CAIRN_OK || title == NULL)
		goto fail;
	put_str(c, doc, "id", id);
	put_str(c, doc, "title", title);
	desc = text_of(c, prop(pw->obj, "description"));
	put_str(c, doc, "description", desc);
	free(desc);
	awarded_by(c, pw, doc);
	/* its web page, the destination's, or its registry entry */
	url = id_of(prop(pw->obj, "subjectWebpage"));
	if ((url == NULL || !absolute_iri(url)) && dest_obj != NULL)
		url = id_of(prop(dest_obj, "subjectWebpage"));
	if (url == NULL || !absolute_iri(url))
		url = pw->id != NULL && has_prefix(pw->id, "http") && absolute_iri(pw->id) ? pw->id : NULL;
	put_str(c, doc, "url", url);

	if (dest_obj != NULL) {
		double credits = credits_of(c, dest_obj, dest_name ? dest_name : title);
		root = build_component(c, dest_obj, dest, 1);
		if (dest_name != NULL || credits > 0) {
			target = cJSON_CreateObject();
			if (target == NULL)
				oom(c);
			put_str(c, target, "title", dest_name ? dest_name : title);
			if (credits > 0) {
				put_num(c, target, "credits", credits);
				if (c->unit[0] != '\0')
					put_str(c, target, "unit", c->unit);
			}
		}
	} else if (prop(pw->obj, "hasChild") != NULL) {
		note(c, "%s", _("the pathway names no destination; all of its top components are required"));
		pw->on_path = 1;
		root = build_component(c, pw->obj, NULL, 1);
		pw->on_path = 0;
	} else {
		char a[LABEL_MAX];
		fail(c, CAIRN_ERR_USAGE,
		     _("CTDL pathway “%s” has no destination component and no components"),
		     clip(a, sizeof a, title));
		goto fail;
	}
	if (c->rc != CAIRN_OK)
		goto fail;
	if (root.node == NULL) {
		char a[LABEL_MAX];
		fail(c, CAIRN_ERR_USAGE, _("CTDL pathway “%s”: no requirement could be read"),
		     clip(a, sizeof a, title));
		goto fail;
	}
	if (tree_depth(root.node, CTDL_MAX_DEPTH) > CTDL_MAX_DEPTH) {
		fail(c, CAIRN_ERR_USAGE,
		     _("CTDL pathway: requirements nest deeper than %d levels; cairn cannot represent them"),
		     CTDL_MAX_DEPTH);
		goto fail;
	}
	if (dest_name != NULL && !is_leaf(root.node))
		put_title(c, root.node, dest_name);
	if (target != NULL) {
		put_item(c, doc, "target", target);
		target = NULL;
	}
	put_item(c, doc, "requirement", root.node);
	root.node = NULL;
	final_notes(c, pw);
	if (c->rc != CAIRN_OK)
		goto fail;
	free(title);
	free(dest_name);
	return doc;
fail:
	cJSON_Delete(root.node);
	cJSON_Delete(target);
	cJSON_Delete(doc);
	free(title);
	free(dest_name);
	return NULL;
}

enum cairn_err
ctdl_to_pathway(const unsigned char *data, size_t len, cJSON **pathway, cJSON **notes,
                struct cairn_error *err)
{
	struct ctdl c;
	struct node *pw;
	cJSON *doc = NULL;

	*pathway = NULL;
	*notes = NULL;
	memset(&c, 0, sizeof c);
	c.err = err;
	if (len > CAIRN_MAX_PATHWAY_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("CTDL pathway: larger than the limit of %zu bytes"),
		                       (size_t)CAIRN_MAX_PATHWAY_SIZE);
	c.notes = cJSON_CreateArray();
	if (c.notes == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, "%s", _("out of memory"));
	read_file(&c, data, len);
	if (c.rc == CAIRN_OK)
		index_build(&c);
	pw = c.rc == CAIRN_OK ? choose_pathway(&c) : NULL;
	if (pw != NULL)
		doc = convert(&c, pw);
	if (c.rc == CAIRN_OK && c.notes_full) {
		c.notes_full = 0;
		c.nnotes--; /* room for the last line */
		cJSON_DeleteItemFromArray(c.notes, (int)c.nnotes);
		note(&c, "%s", _("further notes were left out"));
	}
	for (size_t i = 0; i < c.nroots; i++)
		cJSON_Delete(c.roots[i]);
	free(c.roots);
	free(c.nodes);
	free(c.index);
	if (c.rc != CAIRN_OK || doc == NULL) {
		cJSON_Delete(doc);
		cJSON_Delete(c.notes);
		if (c.rc == CAIRN_OK)
			return cairn_error_set(err, CAIRN_ERR_USAGE, "%s", _("no ceterms:Pathway in this CTDL file"));
		return c.rc;
	}
	*pathway = doc;
	*notes = c.notes;
	return CAIRN_OK;
}

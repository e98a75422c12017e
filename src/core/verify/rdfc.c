#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "hash.h"
#include "i18n.h"
#include "strbuf.h"
#include "cairn_limits.h"
#include "verify/rdfc.h"

#define XSD_STRING     "http://www.w3.org/2001/XMLSchema#string"
#define RDF_LANGSTRING "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#define HEX_MAX        (SHA384_DIGEST_SIZE * 2 + 1)

/* ---- datasets ------------------------------------------------------- */

struct rdf_dataset {
	struct rdf_quad *quads;
	size_t count, cap;
};

struct rdf_term
rdf_iri(const char *iri)
{
	struct rdf_term t = {RDF_TERM_IRI, iri, NULL, NULL};

	return t;
}

struct rdf_term
rdf_blank(const char *label)
{
	struct rdf_term t = {RDF_TERM_BLANK, label, NULL, NULL};

	return t;
}

struct rdf_term
rdf_literal(const char *value, const char *datatype, const char *language)
{
	struct rdf_term t = {RDF_TERM_LITERAL, value, datatype, language};

	return t;
}

struct rdf_term
rdf_default_graph(void)
{
	struct rdf_term t = {RDF_TERM_DEFAULT_GRAPH, "", NULL, NULL};

	return t;
}

struct rdf_dataset *
rdf_dataset_new(void)
{
	return calloc(1, sizeof(struct rdf_dataset));
}

static void
term_free(struct rdf_term *t)
{
	free((char *)(uintptr_t)t->value);
	free((char *)(uintptr_t)t->datatype);
	free((char *)(uintptr_t)t->language);
}

static void
quad_free(struct rdf_quad *q)
{
	term_free(&q->subject);
	term_free(&q->predicate);
	term_free(&q->object);
	term_free(&q->graph);
}

void
rdf_dataset_free(struct rdf_dataset *ds)
{
	size_t i;

	if (ds == NULL)
		return;
	for (i = 0; i < ds->count; i++)
		quad_free(&ds->quads[i]);
	free(ds->quads);
	free(ds);
}

size_t
rdf_dataset_count(const struct rdf_dataset *ds)
{
	return ds->count;
}

struct rdf_quad
rdf_dataset_quad(const struct rdf_dataset *ds, size_t i)
{
	return ds->quads[i];
}

static char *
dup_or_null(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*failed = 1;
	return d;
}

/* A copy of t with xsd:string and rdf:langString made implicit. */
static struct rdf_term
term_copy(struct rdf_term t, int *failed)
{
	struct rdf_term c = {t.kind, NULL, NULL, NULL};

	c.value = dup_or_null(t.value ? t.value : "", failed);
	if (t.kind != RDF_TERM_LITERAL)
		return c;
	if (t.language != NULL && t.language[0] != '\0')
		c.language = dup_or_null(t.language, failed);
	else if (t.datatype != NULL && strcmp(t.datatype, XSD_STRING) != 0)
		c.datatype = dup_or_null(t.datatype, failed);
	return c;
}

enum cairn_err
rdf_dataset_add(struct rdf_dataset *ds, struct rdf_term subject,
                struct rdf_term predicate, struct rdf_term object,
                struct rdf_term graph, struct cairn_error *err)
{
	struct rdf_quad q;
	int failed = 0;

	if ((subject.kind != RDF_TERM_IRI && subject.kind != RDF_TERM_BLANK) ||
	    predicate.kind != RDF_TERM_IRI ||
	    object.kind == RDF_TERM_DEFAULT_GRAPH ||
	    graph.kind == RDF_TERM_LITERAL)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("RDF quad has a term of the wrong kind; "
		      "subjects are IRIs or blank nodes, predicates IRIs"));
	if (ds->count >= CAIRN_MAX_NQUADS_QUADS)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("RDF dataset has more than %lu quads; "
		                         "it is too large to canonicalise"),
		                       (unsigned long)CAIRN_MAX_NQUADS_QUADS);
	if (ds->count == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 16;
		struct rdf_quad *p = realloc(ds->quads, cap * sizeof *p);

		if (p == NULL)
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory"));
		ds->quads = p;
		ds->cap = cap;
	}
	q.subject = term_copy(subject, &failed);
	q.predicate = term_copy(predicate, &failed);
	q.object = term_copy(object, &failed);
	q.graph = term_copy(graph, &failed);
	if (failed) {
		quad_free(&q);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	ds->quads[ds->count++] = q;
	return CAIRN_OK;
}

/* ---- N-Quads parser ------------------------------------------------- */

struct parser {
	const char *s, *end;
	unsigned long line;
	struct cairn_error *err;
};

static enum cairn_err
parse_fail(struct parser *p, const char *what)
{
	return cairn_error_set(p->err, CAIRN_ERR_USAGE,
	                       _("N-Quads line %lu: %s"), p->line, what);
}

static void
skip_space(struct parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t'))
		p->s++;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
utf8_put(struct strbuf *b, uint32_t cp)
{
	char u[4];

	if (cp == 0) {
		strbuf_add(b, "\xC0\x80", 2); /* NUL kept out of C strings */
	} else if (cp < 0x80) {
		strbuf_char(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(b, u, 4);
	}
}

/* A UCHAR after its backslash (p->s at 'u' or 'U'). */
static enum cairn_err
parse_uchar(struct parser *p, struct strbuf *b)
{
	int digits = *p->s == 'u' ? 4 : 8, i, h;
	uint32_t cp = 0;

	p->s++;
	if (p->end - p->s < digits)
		return parse_fail(p, _("truncated \\u escape"));
	for (i = 0; i < digits; i++) {
		h = hex_value(p->s[i]);
		if (h < 0)
			return parse_fail(p,
			                  _("bad hex digit in a \\u escape"));
		cp = cp * 16 + (uint32_t)h;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return parse_fail(
		    p, _("\\u escape is not a Unicode scalar value"));
	p->s += digits;
	utf8_put(b, cp);
	return CAIRN_OK;
}

/* Checks one UTF-8 sequence at p->s and copies it. */
static enum cairn_err
copy_utf8(struct parser *p, struct strbuf *b)
{
	const unsigned char *u = (const unsigned char *)p->s;
	size_t avail = (size_t)(p->end - p->s), n, i;
	uint32_t cp;

	if (u[0] < 0x80)
		n = 1, cp = u[0];
	else if (u[0] >= 0xC2 && u[0] <= 0xDF)
		n = 2, cp = u[0] & 0x1Fu;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF)
		n = 3, cp = u[0] & 0x0Fu;
	else if (u[0] >= 0xF0 && u[0] <= 0xF4)
		n = 4, cp = u[0] & 0x07u;
	else
		return parse_fail(p, _("invalid UTF-8"));
	if (avail < n)
		return parse_fail(p, _("invalid UTF-8"));
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return parse_fail(p, _("invalid UTF-8"));
		cp = (cp << 6) | (u[i] & 0x3Fu);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return parse_fail(p, _("invalid UTF-8"));
	if (cp == 0)
		utf8_put(b, 0); /* a raw NUL in a literal */
	else
		strbuf_add(b, p->s, n);
	p->s += n;
	return CAIRN_OK;
}

static enum cairn_err
parse_iri(struct parser *p, struct strbuf *b)
{
	enum cairn_err rc;

	p->s++; /* '<' */
	for (;;) {
		unsigned char c;

		if (p->s >= p->end)
			return parse_fail(p, _("IRI is not closed with '>'"));
		c = (unsigned char)*p->s;
		if (c == '>')
			break;
		if (c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' ||
		    c == '|' || c == '^' || c == '`')
			return parse_fail(p,
			                  _("character not allowed in an IRI"));
		if (c == '\\') {
			size_t before = b->len;

			p->s++;
			if (p->s >= p->end || (*p->s != 'u' && *p->s != 'U'))
				return parse_fail(p, _("only \\u escapes are "
				                       "allowed in an IRI"));
			rc = parse_uchar(p, b);
			if (rc == CAIRN_OK &&
			    ((unsigned char)b->p[before] <= 0x20 ||
			     (unsigned char)b->p[before] == 0xC0 ||
			     strchr("<>\"{}|^`\\", b->p[before]) != NULL))
				return parse_fail(p,
				                  _("\\u escape of a character "
				                    "not allowed in an IRI"));
		} else {
			rc = copy_utf8(p, b);
		}
		if (rc != CAIRN_OK)
			return rc;
	}
	p->s++;
	if (b->len == 0 || strchr(b->p, ':') == NULL)
		return parse_fail(p, _("IRI is not absolute"));
	return CAIRN_OK;
}

static int
is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	       c == ':' || c >= 0x80;
}

static enum cairn_err
parse_blank(struct parser *p, struct strbuf *b)
{
	enum cairn_err rc;

	if (p->end - p->s < 3 || p->s[1] != ':')
		return parse_fail(p,
		                  _("blank node label must start with \"_:\""));
	p->s += 2;
	if (*p->s == '.' || *p->s == '-' ||
	    !is_label_char((unsigned char)*p->s))
		return parse_fail(
		    p, _("blank node label is empty or starts badly"));
	while (p->s < p->end && is_label_char((unsigned char)*p->s)) {
		/* a final '.' ends the statement */
		if (*p->s == '.' &&
		    (p->s + 1 >= p->end ||
		     !is_label_char((unsigned char)p->s[1]) || p->s[1] == '.'))
			break;
		rc = copy_utf8(p, b);
		if (rc != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

static enum cairn_err
parse_string(struct parser *p, struct strbuf *b)
{
	enum cairn_err rc;

	p->s++; /* '"' */
	for (;;) {
		char c;

		if (p->s >= p->end || *p->s == '\n' || *p->s == '\r')
			return parse_fail(p,
			                  _("literal is not closed with '\"'"));
		c = *p->s;
		if (c == '"')
			break;
		if (c != '\\') {
			rc = copy_utf8(p, b);
			if (rc != CAIRN_OK)
				return rc;
			continue;
		}
		p->s++;
		if (p->s >= p->end)
			return parse_fail(p,
			                  _("truncated escape in a literal"));
		switch (*p->s) {
		case 't':
			strbuf_char(b, '\t');
			break;
		case 'b':
			strbuf_char(b, '\b');
			break;
		case 'n':
			strbuf_char(b, '\n');
			break;
		case 'r':
			strbuf_char(b, '\r');
			break;
		case 'f':
			strbuf_char(b, '\f');
			break;
		case '"':
			strbuf_char(b, '"');
			break;
		case '\'':
			strbuf_char(b, '\'');
			break;
		case '\\':
			strbuf_char(b, '\\');
			break;
		case 'u':
		case 'U':
			rc = parse_uchar(p, b);
			if (rc != CAIRN_OK)
				return rc;
			continue;
		default:
			return parse_fail(p, _("unknown escape in a literal"));
		}
		p->s++;
	}
	p->s++;
	return CAIRN_OK;
}

static enum cairn_err
parse_langtag(struct parser *p, struct strbuf *b)
{
	int first = 1, n = 0;

	p->s++; /* '@' */
	while (p->s < p->end) {
		char c = *p->s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (!first && c >= '0' && c <= '9')) {
			n++;
		} else if (c == '-' && n > 0) {
			first = 0;
			n = 0;
		} else {
			break;
		}
		strbuf_char(b, c);
		p->s++;
	}
	if (n == 0)
		return parse_fail(p, _("bad language tag"));
	return CAIRN_OK;
}

/* One term into *t with its strings in the three buffers. */
static enum cairn_err
parse_term(struct parser *p, struct rdf_term *t, struct strbuf *v, struct strbuf *dt,
           struct strbuf *lang)
{
	enum cairn_err rc;

	skip_space(p);
	if (p->s >= p->end)
		return parse_fail(p, _("statement ends early"));
	strbuf_add(v, "", 0);
	if (*p->s == '<') {
		t->kind = RDF_TERM_IRI;
		rc = parse_iri(p, v);
	} else if (*p->s == '_') {
		t->kind = RDF_TERM_BLANK;
		rc = parse_blank(p, v);
	} else if (*p->s == '"') {
		t->kind = RDF_TERM_LITERAL;
		rc = parse_string(p, v);
		if (rc == CAIRN_OK && p->s < p->end && *p->s == '@') {
			strbuf_add(lang, "", 0);
			rc = parse_langtag(p, lang);
			t->language = lang->p;
		} else if (rc == CAIRN_OK && p->end - p->s >= 2 &&
		           p->s[0] == '^' && p->s[1] == '^') {
			p->s += 2;
			if (p->s >= p->end || *p->s != '<')
				return parse_fail(p,
				                  _("datatype must be an IRI"));
			strbuf_add(dt, "", 0);
			rc = parse_iri(p, dt);
			t->datatype = dt->p;
		}
	} else {
		return parse_fail(
		    p, _("expected an IRI, a blank node or a literal"));
	}
	if (v->failed || dt->failed || lang->failed)
		return cairn_error_set(p->err, CAIRN_ERR_IO,
		                       _("out of memory"));
	t->value = v->p;
	return rc;
}

static void
bufs_reset(struct strbuf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b[i].len = 0;
		if (b[i].p != NULL)
			b[i].p[0] = '\0';
	}
}

/* Skips spaces, a comment and the end of line; 1 if the line ended. */
static int
end_of_line(struct parser *p)
{
	skip_space(p);
	if (p->s < p->end && *p->s == '#')
		while (p->s < p->end && *p->s != '\n' && *p->s != '\r')
			p->s++;
	if (p->s >= p->end)
		return 1;
	if (*p->s == '\r' || *p->s == '\n') {
		if (*p->s == '\r' && p->s + 1 < p->end && p->s[1] == '\n')
			p->s++;
		p->s++;
		p->line++;
		return 1;
	}
	return 0;
}

static enum cairn_err
parse_statement(struct parser *p, struct rdf_dataset *ds, struct strbuf *b)
{
	struct rdf_term t[4] = {{0}};
	enum cairn_err rc;
	int i, n = 3;
	struct cairn_error add_err;

	for (i = 0; i < 3; i++) {
		rc = parse_term(p, &t[i], &b[i * 3], &b[i * 3 + 1],
		                &b[i * 3 + 2]);
		if (rc != CAIRN_OK)
			return rc;
	}
	skip_space(p);
	if (p->s < p->end && *p->s != '.' && *p->s != '\n' && *p->s != '\r' &&
	    *p->s != '#') {
		rc = parse_term(p, &t[3], &b[9], &b[10], &b[11]);
		if (rc != CAIRN_OK)
			return rc;
		n = 4;
		skip_space(p);
	}
	if (t[0].kind == RDF_TERM_LITERAL)
		return parse_fail(p, _("subject is a literal"));
	if (t[1].kind != RDF_TERM_IRI)
		return parse_fail(p, _("predicate is not an IRI"));
	if (n == 4 && t[3].kind == RDF_TERM_LITERAL)
		return parse_fail(p, _("graph name is a literal"));
	if (n == 3)
		t[3] = rdf_default_graph();
	if (p->s >= p->end || *p->s != '.')
		return parse_fail(p, _("statement does not end with '.'"));
	p->s++;
	if (!end_of_line(p))
		return parse_fail(p, _("text after the end of a statement"));
	rc = rdf_dataset_add(ds, t[0], t[1], t[2], t[3], &add_err);
	if (rc != CAIRN_OK) {
		p->line--;
		return parse_fail(p, add_err.msg);
	}
	return CAIRN_OK;
}

enum cairn_err
nquads_parse(const char *text, size_t len, struct rdf_dataset **out,
             struct cairn_error *err)
{
	struct parser p = {text, text + len, 1, err};
	struct strbuf b[12];
	struct rdf_dataset *ds;
	enum cairn_err rc = CAIRN_OK;
	size_t i;

	*out = NULL;
	if (len > CAIRN_MAX_NQUADS_SIZE)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("N-Quads document is larger than %lu bytes"),
		    (unsigned long)CAIRN_MAX_NQUADS_SIZE);
	ds = rdf_dataset_new();
	if (ds == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	memset(b, 0, sizeof b);
	while (p.s < p.end) {
		if (end_of_line(&p))
			continue;
		bufs_reset(b, 12);
		rc = parse_statement(&p, ds, b);
		if (rc != CAIRN_OK)
			break;
	}
	for (i = 0; i < 12; i++)
		free(b[i].p);
	if (rc != CAIRN_OK) {
		rdf_dataset_free(ds);
		return rc;
	}
	*out = ds;
	return CAIRN_OK;
}

/* ---- canonical N-Quads ---------------------------------------------- */

static void
write_literal(struct strbuf *b, const char *s)
{
	char u[8];

	strbuf_char(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			strbuf_str(b, "\\\"");
			break;
		case '\\':
			strbuf_str(b, "\\\\");
			break;
		case '\n':
			strbuf_str(b, "\\n");
			break;
		case '\r':
			strbuf_str(b, "\\r");
			break;
		case '\t':
			strbuf_str(b, "\\t");
			break;
		case '\b':
			strbuf_str(b, "\\b");
			break;
		case '\f':
			strbuf_str(b, "\\f");
			break;
		default:
			if (c == 0xC0 && (unsigned char)s[1] == 0x80) {
				strbuf_str(b, "\\u0000");
				s++;
			} else if (c < 0x20 || c == 0x7F) {
				snprintf(u, sizeof u, "\\u%04X", (unsigned)c);
				strbuf_str(b, u);
			} else {
				strbuf_char(b, (char)c);
			}
		}
	}
	strbuf_char(b, '"');
}

/* label overrides a blank node's own label when not NULL. */
static void
write_term(struct strbuf *b, const struct rdf_term *t, const char *label)
{
	switch (t->kind) {
	case RDF_TERM_IRI:
		strbuf_char(b, '<');
		strbuf_str(b, t->value);
		strbuf_char(b, '>');
		break;
	case RDF_TERM_BLANK:
		strbuf_str(b, "_:");
		strbuf_str(b, label ? label : t->value);
		break;
	case RDF_TERM_LITERAL:
		write_literal(b, t->value);
		if (t->language != NULL) {
			strbuf_char(b, '@');
			strbuf_str(b, t->language);
		} else if (t->datatype != NULL) {
			strbuf_str(b, "^^<");
			strbuf_str(b, t->datatype);
			strbuf_char(b, '>');
		}
		break;
	case RDF_TERM_DEFAULT_GRAPH:
		break;
	}
}

static void
write_quad(struct strbuf *b, const struct rdf_quad *q, const char *labels[4])
{
	write_term(b, &q->subject, labels[0]);
	strbuf_char(b, ' ');
	write_term(b, &q->predicate, NULL);
	strbuf_char(b, ' ');
	write_term(b, &q->object, labels[2]);
	if (q->graph.kind != RDF_TERM_DEFAULT_GRAPH) {
		strbuf_char(b, ' ');
		write_term(b, &q->graph, labels[3]);
	}
	strbuf_str(b, " .\n");
}

/* ---- canonicalisation state ----------------------------------------- */

struct issuer {
	const char *prefix;
	size_t counter;
	long *id;      /* per blank node: issued number or -1 */
	size_t *order; /* blank nodes in issue order */
};

struct canon {
	const struct rdf_dataset *ds;
	enum rdfc_hash hash;
	size_t nblank;
	const char **labels; /* sorted distinct blank node labels */
	size_t **quads_of;   /* per blank node: indices of its quads */
	size_t *nquads_of;
	char (*first)[HEX_MAX]; /* first degree hashes */
	struct issuer canonical;
	unsigned long work;
	int oom;
	struct cairn_error *err;
};

static void
hash_hex(const struct canon *c, const char *data, size_t len, char out[HEX_MAX])
{
	unsigned char d[SHA384_DIGEST_SIZE];
	size_t n, i;
	static const char hex[] = "0123456789abcdef";

	if (c->hash == RDFC_SHA384) {
		struct sha384_ctx ctx;

		sha384_init(&ctx);
		sha384_update(&ctx, len, (const uint8_t *)data);
		sha384_digest(&ctx, SHA384_DIGEST_SIZE, d);
		n = SHA384_DIGEST_SIZE;
	} else {
		hash_sha256(data, len, d);
		n = HASH_SHA256_BYTES;
	}
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static long
blank_index(const struct canon *c, const char *label)
{
	const char **hit =
	    bsearch(&label, c->labels, c->nblank, sizeof *c->labels, cmp_str);

	return hit ? (long)(hit - c->labels) : -1;
}

static int
issuer_init(struct issuer *is, const char *prefix, size_t n)
{
	size_t i;

	is->prefix = prefix;
	is->counter = 0;
	is->id = malloc((n ? n : 1) * sizeof *is->id);
	is->order = malloc((n ? n : 1) * sizeof *is->order);
	if (is->id == NULL || is->order == NULL)
		return -1;
	for (i = 0; i < n; i++)
		is->id[i] = -1;
	return 0;
}

static void
issuer_free(struct issuer *is)
{
	free(is->id);
	free(is->order);
	is->id = NULL;
	is->order = NULL;
}

static int
issuer_copy(struct issuer *dst, const struct issuer *src, size_t n)
{
	if (issuer_init(dst, src->prefix, n) < 0) {
		issuer_free(dst);
		return -1;
	}
	dst->counter = src->counter;
	memcpy(dst->id, src->id, n * sizeof *dst->id);
	memcpy(dst->order, src->order, n * sizeof *dst->order);
	return 0;
}

static void
issuer_issue(struct issuer *is, size_t node, char out[32])
{
	if (is->id[node] < 0) {
		is->id[node] = (long)is->counter;
		is->order[is->counter++] = node;
	}
	snprintf(out, 32, "%s%ld", is->prefix, is->id[node]);
}

/* ---- hash first degree quads (4.6) ---------------------------------- */

static const struct rdf_term *
quad_pos(const struct rdf_quad *q, int pos)
{
	switch (pos) {
	case 0:
		return &q->subject;
	case 1:
		return &q->predicate;
	case 2:
		return &q->object;
	default:
		return &q->graph;
	}
}

static void
hash_first_degree(struct canon *c, size_t node, char out[HEX_MAX])
{
	size_t n = c->nquads_of[node], i, total = 0;
	char **lines = calloc(n ? n : 1, sizeof *lines);
	struct strbuf all = {0};
	int pos;

	if (lines == NULL) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		const struct rdf_quad *q = &c->ds->quads[c->quads_of[node][i]];
		const char *labels[4] = {NULL, NULL, NULL, NULL};
		struct strbuf b = {0};

		for (pos = 0; pos < 4; pos++) {
			const struct rdf_term *t = quad_pos(q, pos);

			if (t->kind == RDF_TERM_BLANK)
				labels[pos] =
				    strcmp(t->value, c->labels[node]) == 0
				        ? "a"
				        : "z";
		}
		write_quad(&b, q, labels);
		if (b.failed)
			c->oom = 1;
		lines[i] = b.p;
	}
	if (!c->oom) {
		qsort(lines, n, sizeof *lines, cmp_str);
		for (i = 0; i < n; i++)
			strbuf_str(&all, lines[i]);
		total = all.len;
		if (all.failed)
			c->oom = 1;
		else
			hash_hex(c, all.p ? all.p : "", total, out);
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(all.p);
}

/* ---- hash N-degree quads (4.8, 4.9) --------------------------------- */

struct related {
	char hash[HEX_MAX];
	size_t node;
};

static int
cmp_related(const void *a, const void *b)
{
	const struct related *x = a, *y = b;
	int r = strcmp(x->hash, y->hash);

	if (r != 0)
		return r;
	return x->node < y->node ? -1 : x->node > y->node;
}

static void
hash_related(struct canon *c, size_t related, const struct rdf_quad *q,
             const struct issuer *is, int pos, char out[HEX_MAX])
{
	struct strbuf b = {0};
	char id[32];

	strbuf_char(&b, "spog"[pos]);
	if (pos != 3) {
		strbuf_char(&b, '<');
		strbuf_str(&b, q->predicate.value);
		strbuf_char(&b, '>');
	}
	if (c->canonical.id[related] >= 0) {
		strbuf_str(&b, "_:");
		issuer_issue(&c->canonical, related, id);
		strbuf_str(&b, id);
	} else if (is->id[related] >= 0) {
		strbuf_str(&b, "_:");
		snprintf(id, sizeof id, "%s%ld", is->prefix, is->id[related]);
		strbuf_str(&b, id);
	} else {
		strbuf_str(&b, c->first[related]);
	}
	if (b.failed)
		c->oom = 1;
	else
		hash_hex(c, b.p, b.len, out);
	free(b.p);
}

static int
next_permutation(size_t *a, size_t n)
{
	size_t i, j, t;

	if (n < 2)
		return 0;
	i = n - 1;
	while (i > 0 && a[i - 1] >= a[i])
		i--;
	if (i == 0)
		return 0;
	j = n - 1;
	while (a[j] <= a[i - 1])
		j--;
	t = a[i - 1], a[i - 1] = a[j], a[j] = t;
	for (j = n - 1; i < j; i++, j--)
		t = a[i], a[i] = a[j], a[j] = t;
	return 1;
}

static int
path_worse(const struct strbuf *path, const struct strbuf *chosen)
{
	return chosen->len > 0 && path->len >= chosen->len &&
	       strcmp(path->p, chosen->p) > 0;
}

/* Hash N-Degree Quads for node; on success *is is replaced by the
 * issuer the chosen path used.  Returns -1 on failure (c->err set). */
static int hash_n_degree(struct canon *c, size_t node, struct issuer *is,
                         char out[HEX_MAX]);

/* Tries one permutation of the blank nodes of a group (4.8.3 step 5.4). */
static int
try_permutation(struct canon *c, const size_t *perm, size_t n,
                const struct issuer *is, struct strbuf *chosen,
                struct issuer *chosen_is, int *have_chosen)
{
	struct issuer copy;
	struct strbuf path = {0};
	size_t *recursion = malloc((n ? n : 1) * sizeof *recursion), nrec = 0,
	       i;
	char id[32], h[HEX_MAX];
	int rc = 0;

	if (recursion == NULL || issuer_copy(&copy, is, c->nblank) < 0) {
		free(recursion);
		c->oom = 1;
		return -1;
	}
	strbuf_add(&path, "", 0);
	for (i = 0; i < n; i++) {
		if (c->canonical.id[perm[i]] >= 0) {
			issuer_issue(&c->canonical, perm[i], id);
			strbuf_str(&path, "_:");
			strbuf_str(&path, id);
		} else {
			if (copy.id[perm[i]] < 0)
				recursion[nrec++] = perm[i];
			issuer_issue(&copy, perm[i], id);
			strbuf_str(&path, "_:");
			strbuf_str(&path, id);
		}
		if (path_worse(&path, chosen))
			goto done;
	}
	for (i = 0; i < nrec; i++) {
		if (hash_n_degree(c, recursion[i], &copy, h) < 0) {
			rc = -1;
			goto done;
		}
		issuer_issue(&copy, recursion[i], id);
		strbuf_str(&path, "_:");
		strbuf_str(&path, id);
		strbuf_char(&path, '<');
		strbuf_str(&path, h);
		strbuf_char(&path, '>');
		if (path_worse(&path, chosen))
			goto done;
	}
	if (path.failed) {
		c->oom = 1;
		rc = -1;
		goto done;
	}
	if (!*have_chosen || strcmp(path.p, chosen->p) < 0) {
		chosen->len = 0;
		strbuf_add(chosen, path.p, path.len);
		if (*have_chosen)
			issuer_free(chosen_is);
		*chosen_is = copy;
		copy.id = NULL;
		copy.order = NULL;
		*have_chosen = 1;
	}
done:
	issuer_free(&copy);
	free(recursion);
	free(path.p);
	return rc;
}

static int
work_step(struct canon *c)
{
	if (++c->work > CAIRN_MAX_RDFC_WORK) {
		cairn_error_set(
		    c->err, CAIRN_ERR_USAGE,
		    _("canonicalisation work limit reached (poison graph?); "
		      "the dataset's blank nodes need more than %lu steps"),
		    (unsigned long)CAIRN_MAX_RDFC_WORK);
		return -1;
	}
	return 0;
}

static int
hash_n_degree(struct canon *c, size_t node, struct issuer *is,
              char out[HEX_MAX])
{
	struct related *rel = NULL;
	size_t nrel = 0, cap = 0, i, j, start;
	struct strbuf data = {0};
	int pos, rc = 0;

	if (work_step(c) < 0)
		return -1;
	for (i = 0; i < c->nquads_of[node]; i++) {
		const struct rdf_quad *q = &c->ds->quads[c->quads_of[node][i]];

		for (pos = 0; pos < 4; pos += pos == 0 ? 2 : 1) {
			const struct rdf_term *t = quad_pos(q, pos);
			long r;

			if (t->kind != RDF_TERM_BLANK)
				continue;
			r = blank_index(c, t->value);
			if (r < 0 || (size_t)r == node)
				continue;
			if (nrel == cap) {
				struct related *p;

				cap = cap ? cap * 2 : 8;
				p = realloc(rel, cap * sizeof *p);
				if (p == NULL) {
					c->oom = 1;
					free(rel);
					return -1;
				}
				rel = p;
			}
			rel[nrel].node = (size_t)r;
			hash_related(c, (size_t)r, q, is, pos, rel[nrel].hash);
			nrel++;
		}
	}
	if (c->oom) {
		free(rel);
		return -1;
	}
	/* group by hash; nodes within a group sorted for next_permutation.
	 * A node related through several quads with the same hash (a named
	 * graph's node, related to each quad in its graph by position g)
	 * stays in the list once per quad, as in the reference
	 * implementations (rdf-canonize, pyld): the path names it each
	 * time, and next_permutation skips the repeated orders. */
	if (nrel > 0)
		qsort(rel, nrel, sizeof *rel, cmp_related);
	strbuf_add(&data, "", 0);
	for (start = 0; start < nrel && rc == 0; start = j) {
		size_t *perm, n = 0;
		struct strbuf chosen = {0};
		struct issuer chosen_is = {0};
		int have_chosen = 0;

		for (j = start;
		     j < nrel && strcmp(rel[j].hash, rel[start].hash) == 0; j++)
			;
		perm = malloc((j - start) * sizeof *perm);
		if (perm == NULL) {
			c->oom = 1;
			rc = -1;
			break;
		}
		for (i = start; i < j; i++)
			perm[n++] = rel[i].node;
		strbuf_str(&data, rel[start].hash);
		strbuf_add(&chosen, "", 0);
		do {
			if (work_step(c) < 0 ||
			    try_permutation(c, perm, n, is, &chosen, &chosen_is,
			                    &have_chosen) < 0) {
				rc = -1;
				break;
			}
		} while (next_permutation(perm, n));
		if (rc == 0 && have_chosen) {
			strbuf_add(&data, chosen.p, chosen.len);
			issuer_free(is);
			*is = chosen_is;
		} else if (have_chosen) {
			issuer_free(&chosen_is);
		}
		free(chosen.p);
		free(perm);
	}
	if (rc == 0 && (data.failed || c->oom)) {
		c->oom = 1;
		rc = -1;
	}
	if (rc == 0)
		hash_hex(c, data.p, data.len, out);
	free(data.p);
	free(rel);
	return rc;
}

/* ---- the canonicalisation algorithm (4.4) --------------------------- */

static void
canon_free(struct canon *c)
{
	size_t i;

	if (c->quads_of != NULL)
		for (i = 0; i < c->nblank; i++)
			free(c->quads_of[i]);
	free(c->quads_of);
	free(c->nquads_of);
	free(c->labels);
	free(c->first);
	issuer_free(&c->canonical);
}

/* Collects the distinct blank nodes and the quads of each. */
static int
canon_index(struct canon *c)
{
	const struct rdf_dataset *ds = c->ds;
	size_t i, n = 0, k;
	int pos;

	c->labels = malloc((ds->count * 3 + 1) * sizeof *c->labels);
	if (c->labels == NULL)
		return -1;
	for (i = 0; i < ds->count; i++)
		for (pos = 0; pos < 4; pos += pos == 0 ? 2 : 1)
			if (quad_pos(&ds->quads[i], pos)->kind ==
			    RDF_TERM_BLANK)
				c->labels[n++] =
				    quad_pos(&ds->quads[i], pos)->value;
	qsort(c->labels, n, sizeof *c->labels, cmp_str);
	for (i = 0, k = 0; i < n; i++)
		if (k == 0 || strcmp(c->labels[k - 1], c->labels[i]) != 0)
			c->labels[k++] = c->labels[i];
	c->nblank = k;
	c->quads_of = calloc(k ? k : 1, sizeof *c->quads_of);
	c->nquads_of = calloc(k ? k : 1, sizeof *c->nquads_of);
	c->first = calloc(k ? k : 1, sizeof *c->first);
	if (c->quads_of == NULL || c->nquads_of == NULL || c->first == NULL ||
	    issuer_init(&c->canonical, "c14n", k) < 0)
		return -1;
	for (i = 0; i < ds->count; i++) {
		long seen[3] = {-1, -1, -1};
		int m = 0, s;

		for (pos = 0; pos < 4; pos += pos == 0 ? 2 : 1) {
			const struct rdf_term *t = quad_pos(&ds->quads[i], pos);
			long b;
			size_t *p;

			if (t->kind != RDF_TERM_BLANK)
				continue;
			b = blank_index(c, t->value);
			for (s = 0; s < m; s++)
				if (seen[s] == b)
					break;
			if (s < m)
				continue;
			seen[m++] = b;
			p = realloc(c->quads_of[b],
			            (c->nquads_of[b] + 1) * sizeof *p);
			if (p == NULL)
				return -1;
			c->quads_of[b] = p;
			p[c->nquads_of[b]++] = i;
		}
	}
	return 0;
}

struct hashed {
	const char *hash;
	size_t node;
};

static int
cmp_hashed(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;
	int r = strcmp(x->hash, y->hash);

	if (r != 0)
		return r;
	return x->node < y->node ? -1 : x->node > y->node;
}

struct result {
	char hash[HEX_MAX];
	struct issuer is;
};

static int
cmp_result(const void *a, const void *b)
{
	return strcmp(((const struct result *)a)->hash,
	              ((const struct result *)b)->hash);
}

/* Steps 5 and 6: issue canonical identifiers. */
static int
canon_issue(struct canon *c)
{
	struct hashed *h = malloc((c->nblank ? c->nblank : 1) * sizeof *h);
	size_t i, j, k, start;
	char id[32];
	int rc = 0;

	if (h == NULL)
		return -1;
	for (i = 0; i < c->nblank; i++) {
		hash_first_degree(c, i, c->first[i]);
		h[i].hash = c->first[i];
		h[i].node = i;
	}
	if (c->oom) {
		free(h);
		return -1;
	}
	qsort(h, c->nblank, sizeof *h, cmp_hashed);
	/* unique first degree hashes, in hash order */
	for (start = 0; start < c->nblank; start = j) {
		for (j = start;
		     j < c->nblank && strcmp(h[j].hash, h[start].hash) == 0;
		     j++)
			;
		if (j - start == 1)
			issuer_issue(&c->canonical, h[start].node, id);
	}
	for (start = 0; start < c->nblank && rc == 0; start = j) {
		struct result *res;
		size_t nres = 0;

		for (j = start;
		     j < c->nblank && strcmp(h[j].hash, h[start].hash) == 0;
		     j++)
			;
		if (j - start == 1)
			continue;
		res = calloc(j - start, sizeof *res);
		if (res == NULL) {
			rc = -1;
			break;
		}
		for (i = start; i < j; i++) {
			if (c->canonical.id[h[i].node] >= 0)
				continue;
			if (issuer_init(&res[nres].is, "b", c->nblank) < 0) {
				issuer_free(&res[nres].is);
				c->oom = 1;
				rc = -1;
				break;
			}
			issuer_issue(&res[nres].is, h[i].node, id);
			nres++;
			if (hash_n_degree(c, h[i].node, &res[nres - 1].is,
			                  res[nres - 1].hash) < 0) {
				rc = -1;
				break;
			}
		}
		if (rc == 0) {
			qsort(res, nres, sizeof *res, cmp_result);
			for (i = 0; i < nres; i++)
				for (k = 0; k < res[i].is.counter; k++)
					issuer_issue(&c->canonical,
					             res[i].is.order[k], id);
		}
		for (i = 0; i < nres; i++)
			issuer_free(&res[i].is);
		free(res);
	}
	free(h);
	return rc;
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Step 7: the sorted canonical lines, duplicates dropped. */
static int
canon_serialise(struct canon *c, struct strbuf *out)
{
	const struct rdf_dataset *ds = c->ds;
	char **lines = calloc(ds->count ? ds->count : 1, sizeof *lines);
	char ids[4][32];
	size_t i;
	int pos, rc = 0;

	if (lines == NULL)
		return -1;
	for (i = 0; i < ds->count && rc == 0; i++) {
		const char *labels[4] = {NULL, NULL, NULL, NULL};
		struct strbuf b = {0};

		for (pos = 0; pos < 4; pos++) {
			const struct rdf_term *t = quad_pos(&ds->quads[i], pos);

			if (t->kind != RDF_TERM_BLANK)
				continue;
			issuer_issue(&c->canonical,
			             (size_t)blank_index(c, t->value),
			             ids[pos]);
			labels[pos] = ids[pos];
		}
		write_quad(&b, &ds->quads[i], labels);
		lines[i] = b.p;
		if (b.failed)
			rc = -1;
	}
	if (rc == 0) {
		qsort(lines, ds->count, sizeof *lines, cmp_line);
		strbuf_add(out, "", 0);
		for (i = 0; i < ds->count; i++)
			if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
				strbuf_str(out, lines[i]);
		if (out->failed)
			rc = -1;
	}
	for (i = 0; i < ds->count; i++)
		free(lines[i]);
	free(lines);
	return rc;
}

void
rdfc_map_free(struct rdfc_map *map)
{
	size_t i;

	if (map == NULL)
		return;
	for (i = 0; i < map->count; i++) {
		free(map->input[i]);
		free(map->canonical[i]);
	}
	free(map->input);
	free(map->canonical);
	free(map);
}

static struct rdfc_map *
canon_map(struct canon *c)
{
	struct rdfc_map *m = calloc(1, sizeof *m);
	size_t i;
	char id[32];

	if (m == NULL)
		return NULL;
	m->input = calloc(c->nblank ? c->nblank : 1, sizeof *m->input);
	m->canonical = calloc(c->nblank ? c->nblank : 1, sizeof *m->canonical);
	if (m->input == NULL || m->canonical == NULL) {
		rdfc_map_free(m);
		return NULL;
	}
	for (i = 0; i < c->canonical.counter; i++) {
		size_t node = c->canonical.order[i];

		issuer_issue(&c->canonical, node, id);
		m->input[i] = strdup(c->labels[node]);
		m->canonical[i] = strdup(id);
		m->count++;
		if (m->input[i] == NULL || m->canonical[i] == NULL) {
			rdfc_map_free(m);
			return NULL;
		}
	}
	return m;
}

struct keyed_quad {
	char *line;
	size_t index;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed_quad *x = a, *y = b;
	int r = strcmp(x->line, y->line);

	if (r != 0)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A dataset is a set: the distinct quads of ds, in their first order,
 * as shallow copies that share ds's strings (free only ->quads). */
static int
dataset_distinct(const struct rdf_dataset *ds, struct rdf_dataset *set)
{
	const char *none[4] = {NULL, NULL, NULL, NULL};
	struct keyed_quad *k = calloc(ds->count ? ds->count : 1, sizeof *k);
	char *keep = calloc(ds->count ? ds->count : 1, 1);
	size_t i;
	int rc = 0;

	set->quads = malloc((ds->count ? ds->count : 1) * sizeof *set->quads);
	set->count = 0;
	set->cap = ds->count;
	if (k == NULL || keep == NULL || set->quads == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < ds->count; i++) {
		struct strbuf b = {0};

		write_quad(&b, &ds->quads[i], none);
		k[i].line = b.p;
		k[i].index = i;
		if (b.failed)
			rc = -1;
	}
	if (rc == 0) {
		qsort(k, ds->count, sizeof *k, cmp_keyed);
		for (i = 0; i < ds->count; i++)
			if (i == 0 || strcmp(k[i].line, k[i - 1].line) != 0)
				keep[k[i].index] = 1;
		for (i = 0; i < ds->count; i++)
			if (keep[i])
				set->quads[set->count++] = ds->quads[i];
	}
	for (i = 0; k != NULL && i < ds->count; i++)
		free(k[i].line);
	free(k);
	free(keep);
	if (rc != 0) {
		free(set->quads);
		set->quads = NULL;
	}
	return rc;
}

enum cairn_err
rdfc_canonicalise(const struct rdf_dataset *ds, enum rdfc_hash hash,
                  char **nquads, size_t *len, struct rdfc_map **map,
                  struct cairn_error *err)
{
	struct canon c;
	struct strbuf out = {0};
	struct rdf_dataset set;

	*nquads = NULL;
	if (len != NULL)
		*len = 0;
	if (map != NULL)
		*map = NULL;
	memset(&c, 0, sizeof c);
	if (dataset_distinct(ds, &set) < 0)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	c.ds = &set;
	c.hash = hash;
	c.err = err;
	if (canon_index(&c) < 0)
		c.oom = 1;
	else if (canon_issue(&c) < 0 && !c.oom) {
		canon_free(&c); /* the work limit; err is filled */
		free(set.quads);
		return CAIRN_ERR_USAGE;
	}
	if (!c.oom && canon_serialise(&c, &out) < 0)
		c.oom = 1;
	if (!c.oom && map != NULL && (*map = canon_map(&c)) == NULL)
		c.oom = 1;
	canon_free(&c);
	free(set.quads);
	if (c.oom) {
		free(out.p);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	*nquads = out.p;
	if (len != NULL)
		*len = out.len;
	return CAIRN_OK;
}

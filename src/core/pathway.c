/* Pathways: the format (cairn-pathway(5)), matching credentials to it,
 * and the assignment of credentials to requirements that makes progress
 * largest.
 *
 * Progress of a node, 0..1, given which credential fills which leaf:
 *   match      1 when a credential fills it, else 0
 *   allOf      the mean of its children's progress
 *   anyOf      the largest of its children's progress
 *   atLeast N  the sum of the N largest children's progress, over N
 *   credits C  min(1, earned / C): earned is the sum of the credits of
 *              the credentials filling its leaves (from a list), or of
 *              every credential given to it (from a match)
 * Completeness is decided on the same terms but without rounding (a
 * credits node is complete when earned >= C); a node that is not complete
 * never shows progress 1.
 *
 * Measure: "credits" when the requirement (the root) is a credits node,
 * otherwise "requirements".  A target's credits around a tree of other
 * nodes are reported (what the counted credentials carry against them),
 * but progress stays the tree's: a sum of credits can reach the target
 * with a core course missing, or fall short of it when a pathway is
 * complete through a lighter alternative.
 *
 * Credits a credential brings to a place, in milli-credits so that sums
 * are exact: its record's credits (credits.value: what it earned, else
 * what its achievement carries; credential.c keeps the first of those)
 * when their unit is the place's unit (ASCII case-insensitive), or either
 * unit is absent or the generic "credits"; else the credits the leaf it
 * fills declares; else none.  A place's unit is its credits node's unit,
 * else the target's.  Under a credits node that counts every matching
 * credential there is no leaf to fall back on: a credential whose credits
 * are in another unit, or that carries none, does not count there.
 *
 * The optimiser.  Leaves and matching credits nodes are "slots"; each
 * credential is eligible for some slots (it matches, it is not failed or
 * expired, it is verified where that is demanded) and counts in at most
 * one.  Progress never falls when more is filled, so:
 *  1. Uncontested credentials (eligible for one slot) go there: a leaf
 *     takes its best one and drops the contested candidates that cannot
 *     beat it (which can leave others uncontested: repeated); matching
 *     credits nodes take all of theirs.
 *  2. The rest is a depth-first branch and bound: each open leaf takes a
 *     free candidate or stays empty, then each credential left to two or
 *     more credits nodes picks one.  Leaves are grouped by shared
 *     candidates and by a parent that uses only so many of them (atLeast,
 *     anyOf, credits lists).  The upper bound is the smaller of
 *       (a) the tree's progress with every open leaf that still has a
 *           free candidate filled, and
 *       (b) the progress with open leaves empty, plus what each group
 *           could add: a node's progress moves by at most 1/m (allOf), 1
 *           (anyOf), 1/N (atLeast) or credits/C per unit of a child's,
 *           which gives each leaf a weight; a parent accepts only as much
 *           as it can still use; a flow from the parents through the
 *           leaves to free credentials finds the heaviest set that can be
 *           filled at once (greedy by weight, exact on this polymatroid).
 *     The flow's own assignment is the first to beat, and is often as
 *     good as the bound: the search then ends at once.  Credentials alike
 *     in every respect, and leaves alike under one parent, are tried in
 *     one order only.  After CAIRN_MAX_PATHWAY_SEARCH steps the best
 *     assignment found is returned with "exact": false.
 * Ties: the same input always gives the same assignment.  Every leaf
 * tries verified credentials before unverified ones, then those with
 * more credits (where they count), then collection order, and staying
 * empty last; an assignment replaces the one found before only when it
 * is better. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "pathway.h"
#include "pathway_records.h"

/* A credits or hours value in a pathway: more is a mistake, and this
 * keeps sums of milli-credits far from overflow. */

#define NONE SIZE_MAX
#define EPS 1e-12
#define MILLI 1000
#define PATH_MAX_LEN 512
/* A search step is one tentative choice; re-evaluating nodes and
 * matchings costs one more step per WORK_PER_STEP children or edges. */
#define WORK_PER_STEP 16

enum pw_kind { PW_ALL, PW_ANY, PW_ATLEAST, PW_CREDITS, PW_LEAF };

struct pw_match {
	const char *achievement, *name, *issuer, *tag, *skill;
	const char *al_framework, *al_code, *al_url;
	int eqf;
};

struct pw_node {
	enum pw_kind kind;
	int selector;           /* credits from { match } */
	int verified;
	const char *id, *title, *url, *unit; /* borrowed from the document */
	char *path;
	size_t parent, first, nkids; /* children: p->kids[first..] */
	unsigned atleast;
	int has_credits, has_hours;
	int64_t credits;        /* milli: required (credits), cost (leaf) */
	int64_t hours;          /* milli-hours */
	struct pw_match m;      /* leaf, selector */
	size_t counter;         /* a leaf in a credits list: that node */
	double weight;          /* how far the root moves per unit here */
};

enum anchor_kind {
	AK_ID, AK_NAME, AK_ISSUER, AK_TAG, AK_SKILL, AK_ALURL, AK_ALCODE,
	AK_ALFW, AK_NONE
};

struct anchor {
	uint64_t h;
	size_t node;
	unsigned kind;
	int used;
};

struct pathway {
	cJSON *doc;
	const char *id, *title;
	int verified;
	int has_target_credits;
	int64_t target_credits;
	const char *target_unit;
	struct pw_node *nodes;
	size_t nnodes, cap;
	size_t *kids;
	size_t *slots, nslots;   /* leaves and matching credits nodes */
	struct anchor *anchors;  /* hash table, capacity acap (power of 2) */
	size_t acap;
	size_t *loose, nloose;   /* slots with nothing to index them by */
	unsigned kinds;          /* anchor kinds in use, a bit each */
	int hex_ids;             /* an achievement anchor looks like a record id */
	size_t max_kids;
};

/* ---- text ----------------------------------------------------------- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static size_t
site_len(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == '/' ? n - 1 : n;
}

/* Issuer ids and web sites: one trailing slash does not matter. */
static int
ieq_site(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = site_len(a);
	lb = site_len(b);
	if (la != lb)
		return 0;
	for (size_t i = 0; i < la; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* ASCII upper case to lower case in 8 bytes at once. */
static uint64_t
fold8(uint64_t x)
{
	uint64_t h = x & 0x7f7f7f7f7f7f7f7fULL;
	uint64_t ge_a = h + 0x3f3f3f3f3f3f3f3fULL;  /* high bit: >= 'A' */
	uint64_t gt_z = h + 0x2525252525252525ULL;  /* high bit: > 'Z' */
	uint64_t up = ge_a & ~gt_z & ~x & 0x8080808080808080ULL;

	return x | (up >> 2);
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* A hash of text folded to lower case; text_hash_as() makes it one per
 * kind of anchor, so a value probed as several kinds is read once. */
static uint64_t
text_hash_len(const char *s, size_t len)
{
	uint64_t h = mix(0x9e3779b97f4a7c15ULL ^ len);

	while (len >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = mix(h ^ fold8(w)) + 0x9e3779b97f4a7c15ULL;
		s += 8;
		len -= 8;
	}
	if (len > 0) {
		uint64_t w = 0;
		memcpy(&w, s, len);
		h = mix(h ^ fold8(w));
	}
	return h;
}

static uint64_t
text_hash_as(uint64_t base, unsigned kind)
{
	return mix(base + ((uint64_t)kind + 1) * 0xc2b2ae3d27d4eb4fULL);
}

static uint64_t
text_hash(unsigned kind, const char *s)
{
	size_t len = kind == AK_ISSUER ? site_len(s) : strlen(s);

	return text_hash_as(text_hash_len(s, len), kind);
}

/* A short printable copy of a name from the file, for messages. */
static const char *
safe_name(const char *s, char out[48])
{
	size_t i = 0;

	for (; s != NULL && *s != '\0' && i < 40; s++)
		out[i++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
	if (s != NULL && *s != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* Milli-units as text: "5", "2.5", "0.125". */
static const char *
fmt_milli(int64_t v, char out[32])
{
	size_t n;

	snprintf(out, 32, "%lld.%03lld", (long long)(v / MILLI), (long long)(v % MILLI));
	n = strlen(out);
	while (out[n - 1] == '0')
		out[--n] = '\0';
	if (out[n - 1] == '.')
		out[n - 1] = '\0';
	return out;
}

static double
milli_num(int64_t v)
{
	return (double)v / MILLI;
}

/* A value from 0 to CAIRN_MAX_PATHWAY_CREDITS in milli-units. */
static int64_t
to_milli(double d)
{
	return (int64_t)(d * MILLI + 0.5);
}

/* For numbers already known to be in a small range. */
static int
is_whole(double d)
{
	return d == (double)(long long)d;
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

/* ---- parsing -------------------------------------------------------- */

struct parse {
	struct pathway *p;
	const char *what;
	struct cairn_error *err;
};

static enum cairn_err parse_fail(const struct parse *ps, const char *path,
                                 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cairn_err
parse_fail(const struct parse *ps, const char *path, const char *fmt, ...)
{
	char msg[CAIRN_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cairn_error_set(ps->err, CAIRN_ERR_USAGE, "%s: %s: %s", ps->what,
	                       path, msg);
}

static void
subpath(char out[PATH_MAX_LEN], const char *path, const char *member)
{
	int n = snprintf(out, PATH_MAX_LEN, "%s.%s", path, member);

	if (n < 0 || n >= PATH_MAX_LEN)
		memcpy(out + PATH_MAX_LEN - 4, "...", 4);
}

static int
id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static enum cairn_err
get_text(const struct parse *ps, const cJSON *v, const char *path,
         const char **out)
{
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return parse_fail(ps, path, _("must be a non-empty string"));
	*out = v->valuestring;
	return CAIRN_OK;
}

static enum cairn_err
get_id(const struct parse *ps, const cJSON *v, const char *path,
       const char **out)
{
	if (!cJSON_IsString(v) || !id_valid(v->valuestring))
		return parse_fail(ps, path,
		                  _("must be 1 to 64 characters from a-z, 0-9, \".\", \"_\" and \"-\""));
	*out = v->valuestring;
	return CAIRN_OK;
}

static enum cairn_err
get_bool(const struct parse *ps, const cJSON *v, const char *path, int *out)
{
	if (!cJSON_IsBool(v))
		return parse_fail(ps, path, _("must be true or false"));
	*out = cJSON_IsTrue(v);
	return CAIRN_OK;
}

/* A number of credits or hours: zero allowed or not. */
static enum cairn_err
get_amount(const struct parse *ps, const cJSON *v, const char *path,
           int zero_ok, int64_t *out)
{
	double d;

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return parse_fail(ps, path, _("must be a number"));
	d = v->valuedouble;
	if (d < 0 || (!zero_ok && d == 0))
		return parse_fail(ps, path,
		                  zero_ok ? _("must not be negative")
		                          : _("must be greater than 0"));
	if (d > CAIRN_MAX_PATHWAY_CREDITS)
		return parse_fail(ps, path, _("must be at most %d"),
		                  CAIRN_MAX_PATHWAY_CREDITS);
	*out = to_milli(d);
	if (!zero_ok && *out == 0)
		return parse_fail(ps, path, _("must be at least 0.001"));
	return CAIRN_OK;
}

static enum cairn_err
get_level(const struct parse *ps, const cJSON *v, const char *path, int *out)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1 && v->valuedouble <= 8) ||
	    !is_whole(v->valuedouble))
		return parse_fail(ps, path, _("must be an EQF level, a whole number from 1 to 8"));
	*out = (int)v->valuedouble;
	return CAIRN_OK;
}

/* Sorts an object's members into vals[] by name; unknown or repeated
 * members are errors. */
static enum cairn_err
members(const struct parse *ps, const cJSON *obj, const char *path,
        const char *const *names, size_t nnames, const cJSON **vals)
{
	const cJSON *e;
	char safe[48];

	for (size_t i = 0; i < nnames; i++)
		vals[i] = NULL;
	cJSON_ArrayForEach(e, obj) {
		size_t i;
		for (i = 0; i < nnames; i++)
			if (strcmp(e->string, names[i]) == 0)
				break;
		if (i == nnames)
			return parse_fail(ps, path, _("unknown member \"%s\""),
			                  safe_name(e->string, safe));
		if (vals[i] != NULL)
			return parse_fail(ps, path, _("member \"%s\" appears twice"),
			                  names[i]);
		vals[i] = e;
	}
	return CAIRN_OK;
}

static const char *const match_names[] = {"achievement", "name", "issuer", "tag",
                                          "skill", "alignment", "eqfLevel"};
static const char *const align_names[] = {"framework", "code", "url"};

static enum cairn_err
parse_match(const struct parse *ps, const cJSON *v, const char *path,
            struct pw_match *m)
{
	const cJSON *val[7], *al[3];
	const char **text[5] = {&m->achievement, &m->name, &m->issuer, &m->tag,
	                        &m->skill};
	char sub[PATH_MAX_LEN], sub2[PATH_MAX_LEN];
	enum cairn_err rc;
	int any = 0;

	memset(m, 0, sizeof *m);
	if (!cJSON_IsObject(v))
		return parse_fail(ps, path, _("must be an object"));
	if ((rc = members(ps, v, path, match_names, 7, val)) != CAIRN_OK)
		return rc;
	for (size_t i = 0; i < 5; i++) {
		if (val[i] == NULL)
			continue;
		subpath(sub, path, match_names[i]);
		if ((rc = get_text(ps, val[i], sub, text[i])) != CAIRN_OK)
			return rc;
		any = 1;
	}
	if (val[5] != NULL) {
		const char **atext[3] = {&m->al_framework, &m->al_code, &m->al_url};
		subpath(sub, path, "alignment");
		if (!cJSON_IsObject(val[5]))
			return parse_fail(ps, sub, _("must be an object"));
		if ((rc = members(ps, val[5], sub, align_names, 3, al)) != CAIRN_OK)
			return rc;
		for (size_t i = 0; i < 3; i++) {
			if (al[i] == NULL)
				continue;
			subpath(sub2, sub, align_names[i]);
			if ((rc = get_text(ps, al[i], sub2, atext[i])) != CAIRN_OK)
				return rc;
		}
		if (!m->al_framework && !m->al_code && !m->al_url)
			return parse_fail(ps, sub, _("needs framework, code or url"));
		any = 1;
	}
	if (val[6] != NULL) {
		subpath(sub, path, "eqfLevel");
		if ((rc = get_level(ps, val[6], sub, &m->eqf)) != CAIRN_OK)
			return rc;
		any = 1;
	}
	if (!any)
		return parse_fail(ps, path, _("is empty: say what a credential must match"));
	return CAIRN_OK;
}

enum {
	M_ID, M_TITLE, M_DESC, M_ALLOF, M_ANYOF, M_ATLEAST, M_OF, M_CREDITS,
	M_UNIT, M_FROM, M_MATCH, M_HOURS, M_URL, M_VERIFIED, M_COUNT
};

static const char *const node_names[M_COUNT] = {
	"id", "title", "description", "allOf", "anyOf", "atLeast", "of",
	"credits", "unit", "from", "match", "hours", "url", "verified"};

static const char *
kind_name(enum pw_kind k)
{
	static const char *const names[] = {"allOf", "anyOf", "atLeast",
	                                    "credits", "match"};
	return names[k];
}

static enum cairn_err parse_node(struct parse *ps, const cJSON *obj,
                                 const char *path, size_t parent,
                                 size_t depth, int leaf_only, size_t *out);

static enum cairn_err
parse_list(struct parse *ps, const cJSON *arr, const char *path, size_t self,
           size_t depth, int leaf_only)
{
	const cJSON *e;
	size_t i = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return parse_fail(ps, path, _("must be a non-empty array of requirements"));
	cJSON_ArrayForEach(e, arr) {
		char sub[PATH_MAX_LEN];
		size_t kid;
		enum cairn_err rc;
		snprintf(sub, sizeof sub, "%s[%zu]", path, i++);
		if ((rc = parse_node(ps, e, sub, self, depth + 1, leaf_only, &kid)) != CAIRN_OK)
			return rc;
	}
	return CAIRN_OK;
}

static enum cairn_err
node_new(struct parse *ps, const char *path, size_t parent, size_t *out)
{
	struct pathway *p = ps->p;
	struct pw_node *n;

	if (p->nnodes == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct pw_node *nn = realloc(p->nodes, cap * sizeof *nn);
		if (nn == NULL)
			return cairn_error_set(ps->err, CAIRN_ERR_IO, _("out of memory"));
		p->nodes = nn;
		p->cap = cap;
	}
	n = &p->nodes[p->nnodes];
	memset(n, 0, sizeof *n);
	n->parent = parent;
	n->counter = NONE;
	n->path = strdup(path);
	if (n->path == NULL)
		return cairn_error_set(ps->err, CAIRN_ERR_IO, _("out of memory"));
	*out = p->nnodes++;
	return CAIRN_OK;
}

static enum cairn_err
parse_node(struct parse *ps, const cJSON *obj, const char *path, size_t parent,
           size_t depth, int leaf_only, size_t *out)
{
	static const int kind_members[] = {M_ALLOF, M_ANYOF, M_ATLEAST, M_OF,
	                                   M_FROM, M_MATCH};
	/* what each kind may have besides id, title and description */
	static const unsigned allowed[] = {
		[PW_ALL] = 1u << M_ALLOF,
		[PW_ANY] = 1u << M_ANYOF,
		[PW_ATLEAST] = 1u << M_ATLEAST | 1u << M_OF,
		[PW_CREDITS] = 1u << M_CREDITS | 1u << M_UNIT | 1u << M_FROM,
		[PW_LEAF] = 1u << M_MATCH | 1u << M_CREDITS | 1u << M_HOURS |
		            1u << M_URL | 1u << M_VERIFIED,
	};
	const cJSON *v[M_COUNT];
	const char *first_kind = NULL;
	enum pw_kind kind = PW_LEAF;
	char sub[PATH_MAX_LEN];
	enum cairn_err rc;
	size_t self = 0;
	struct pw_node *n;
	int nkinds = 0;

	if (depth > CAIRN_MAX_PATHWAY_DEPTH)
		return parse_fail(ps, path, _("requirements nested deeper than %d levels"),
		                  CAIRN_MAX_PATHWAY_DEPTH);
	if (!cJSON_IsObject(obj))
		return parse_fail(ps, path, _("must be an object (a requirement)"));
	if (ps->p->nnodes >= CAIRN_MAX_PATHWAY_NODES)
		return parse_fail(ps, path, _("more than %d requirements in one pathway"),
		                  CAIRN_MAX_PATHWAY_NODES);
	if ((rc = members(ps, obj, path, node_names, M_COUNT, v)) != CAIRN_OK)
		return rc;
	for (size_t i = 0; i < sizeof kind_members / sizeof *kind_members; i++) {
		int m = kind_members[i];
		enum pw_kind k = m == M_ALLOF ? PW_ALL : m == M_ANYOF ? PW_ANY :
		                 m == M_FROM ? PW_CREDITS : m == M_MATCH ? PW_LEAF :
		                 PW_ATLEAST;
		if (v[m] == NULL || (m == M_OF && v[M_ATLEAST] != NULL))
			continue;
		if (nkinds++ > 0)
			return parse_fail(ps, path,
			                  _("has both \"%s\" and \"%s\": a requirement is of one kind"),
			                  first_kind, node_names[m]);
		first_kind = node_names[m];
		kind = k;
	}
	if (nkinds == 0)
		return parse_fail(ps, path, v[M_CREDITS] != NULL
		                  ? _("\"credits\" needs \"from\" (a credits requirement) or \"match\" (a credential)")
		                  : _("not a requirement: give allOf, anyOf, atLeast and of, credits and from, or match"));
	for (int m = M_ALLOF; m < M_COUNT; m++)
		if (v[m] != NULL && !(allowed[kind] & (1u << m)))
			return parse_fail(ps, path,
			                  _("\"%s\" does not belong with \"%s\""),
			                  node_names[m], kind_name(kind));
	if (leaf_only && kind != PW_LEAF)
		return parse_fail(ps, path,
		                  _("a credits requirement adds up credentials: each member of its \"from\" list must be a \"match\" requirement"));
	if (kind == PW_ATLEAST && (v[M_ATLEAST] == NULL || v[M_OF] == NULL))
		return parse_fail(ps, path, _("\"atLeast\" and \"of\" go together"));

	if ((rc = node_new(ps, path, parent, &self)) != CAIRN_OK)
		return rc;
	*out = self;
	n = &ps->p->nodes[self];
	n->kind = kind;
	if (v[M_ID] != NULL) {
		subpath(sub, path, "id");
		if ((rc = get_id(ps, v[M_ID], sub, &n->id)) != CAIRN_OK)
			return rc;
	}
	if (v[M_TITLE] != NULL) {
		subpath(sub, path, "title");
		if ((rc = get_text(ps, v[M_TITLE], sub, &n->title)) != CAIRN_OK)
			return rc;
	}
	if (v[M_DESC] != NULL && !cJSON_IsString(v[M_DESC])) {
		subpath(sub, path, "description");
		return parse_fail(ps, sub, _("must be a string"));
	}
	if (v[M_URL] != NULL) {
		subpath(sub, path, "url");
		if ((rc = get_text(ps, v[M_URL], sub, &n->url)) != CAIRN_OK)
			return rc;
	}
	if (v[M_VERIFIED] != NULL) {
		subpath(sub, path, "verified");
		if ((rc = get_bool(ps, v[M_VERIFIED], sub, &n->verified)) != CAIRN_OK)
			return rc;
	}
	if (v[M_UNIT] != NULL) {
		subpath(sub, path, "unit");
		if ((rc = get_text(ps, v[M_UNIT], sub, &n->unit)) != CAIRN_OK)
			return rc;
	}
	if (v[M_CREDITS] != NULL) {
		subpath(sub, path, "credits");
		if ((rc = get_amount(ps, v[M_CREDITS], sub, kind == PW_LEAF,
		                     &n->credits)) != CAIRN_OK)
			return rc;
		n->has_credits = 1;
	} else if (kind == PW_CREDITS) {
		return parse_fail(ps, path, _("a credits requirement needs \"credits\""));
	}
	if (v[M_HOURS] != NULL) {
		subpath(sub, path, "hours");
		if ((rc = get_amount(ps, v[M_HOURS], sub, 1, &n->hours)) != CAIRN_OK)
			return rc;
		n->has_hours = 1;
	}

	switch (kind) {
	case PW_ALL:
	case PW_ANY:
		subpath(sub, path, kind == PW_ALL ? "allOf" : "anyOf");
		return parse_list(ps, v[kind == PW_ALL ? M_ALLOF : M_ANYOF], sub,
		                  self, depth, 0);
	case PW_ATLEAST: {
		const cJSON *a = v[M_ATLEAST];
		int count;
		subpath(sub, path, "of");
		if (!cJSON_IsArray(v[M_OF]) || cJSON_GetArraySize(v[M_OF]) == 0)
			return parse_fail(ps, sub, _("must be a non-empty array of requirements"));
		count = cJSON_GetArraySize(v[M_OF]);
		subpath(sub, path, "atLeast");
		if (!cJSON_IsNumber(a) || !isfinite(a->valuedouble) || a->valuedouble < 1)
			return parse_fail(ps, sub, _("must be a whole number, at least 1"));
		if (a->valuedouble > count)
			return parse_fail(ps, sub, _("%.0f of %d cannot be met"),
			                  a->valuedouble, count);
		if (!is_whole(a->valuedouble))
			return parse_fail(ps, sub, _("must be a whole number, at least 1"));
		ps->p->nodes[self].atleast = (unsigned)a->valuedouble;
		subpath(sub, path, "of");
		return parse_list(ps, v[M_OF], sub, self, depth, 0);
	}
	case PW_CREDITS: {
		const cJSON *from = v[M_FROM];
		subpath(sub, path, "from");
		if (cJSON_IsArray(from))
			return parse_list(ps, from, sub, self, depth, 1);
		if (cJSON_IsObject(from)) {
			static const char *const from_names[] = {"match"};
			const cJSON *fv[1];
			char sub2[PATH_MAX_LEN];
			if ((rc = members(ps, from, sub, from_names, 1, fv)) != CAIRN_OK)
				return rc;
			if (fv[0] == NULL)
				return parse_fail(ps, sub, _("needs \"match\""));
			subpath(sub2, sub, "match");
			n = &ps->p->nodes[self];
			n->selector = 1;
			return parse_match(ps, fv[0], sub2, &n->m);
		}
		return parse_fail(ps, sub, _("must be an array of requirements or an object with \"match\""));
	}
	case PW_LEAF:
		subpath(sub, path, "match");
		return parse_match(ps, v[M_MATCH], sub, &ps->p->nodes[self].m);
	}
	return CAIRN_OK;
}

/* The place where the document nests deeper than json_parse allows, as a
 * path ("requirement.allOf[0].allOf[0]...") so the message can name it;
 * 0 when it does not. */
static int
nesting_path(const unsigned char *s, size_t len, char *out, size_t cap)
{
	struct {
		const unsigned char *key;
		size_t klen, index;
		int array;
	} st[CAIRN_MAX_JSON_DEPTH];
	const unsigned char *key = NULL;
	size_t depth = 0, klen = 0, o = 0;
	int expect_key = 0, deep = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c == '"') {
			size_t start = ++i;
			while (i < len && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (expect_key) {
				key = s + start;
				klen = (i < len ? i : len) - start;
				expect_key = 0;
			}
		} else if (c == '{' || c == '[') {
			if (depth == CAIRN_MAX_JSON_DEPTH) {
				deep = 1;
				break;
			}
			st[depth].array = c == '[';
			st[depth].index = 0;
			st[depth].key = NULL;
			st[depth].klen = 0;
			depth++;
			expect_key = c == '{';
		} else if (c == '}' || c == ']') {
			depth -= depth > 0;
			expect_key = 0;
		} else if (c == ',' && depth > 0) {
			if (st[depth - 1].array)
				st[depth - 1].index++;
			else
				expect_key = 1;
		} else if (c == ':' && depth > 0 && !st[depth - 1].array) {
			st[depth - 1].key = key;
			st[depth - 1].klen = klen;
		}
	}
	if (!deep)
		return 0;
	/* the full path is long: its start and its end say where */
	for (size_t d = 0; d < depth && o + 48 < cap; d++) {
		if (d == 6 && depth > 12) {
			o += (size_t)snprintf(out + o, cap - o, "...");
			d = depth - 5;
		}
		if (st[d].array) {
			o += (size_t)snprintf(out + o, cap - o, "[%zu]", st[d].index);
		} else {
			if (d > 0)
				out[o++] = '.';
			for (size_t k = 0; k < st[d].klen && k < 32; k++) {
				unsigned char ch = st[d].key[k];
				out[o++] = ch >= 0x20 && ch < 0x7f && ch != '\\' ? (char)ch : '?';
			}
			out[o] = '\0';
		}
	}
	return 1;
}

static const char *const top_names[] = {
	"id", "title", "description", "awardedBy", "version", "url",
	"example", "verified", "target", "requirement"};
static const char *const target_names[] = {"title", "eqfLevel", "credits", "unit"};

static enum cairn_err
parse_target(struct parse *ps, const cJSON *t)
{
	const cJSON *v[4];
	enum cairn_err rc;
	const char *s;
	int level;

	if (!cJSON_IsObject(t))
		return parse_fail(ps, "target", _("must be an object"));
	if ((rc = members(ps, t, "target", target_names, 4, v)) != CAIRN_OK)
		return rc;
	if (v[0] != NULL && (rc = get_text(ps, v[0], "target.title", &s)) != CAIRN_OK)
		return rc;
	if (v[1] != NULL && (rc = get_level(ps, v[1], "target.eqfLevel", &level)) != CAIRN_OK)
		return rc;
	if (v[2] != NULL) {
		if ((rc = get_amount(ps, v[2], "target.credits", 0,
		                     &ps->p->target_credits)) != CAIRN_OK)
			return rc;
		ps->p->has_target_credits = 1;
	}
	if (v[3] != NULL &&
	    (rc = get_text(ps, v[3], "target.unit", &ps->p->target_unit)) != CAIRN_OK)
		return rc;
	return CAIRN_OK;
}

struct id_sort {
	const struct pw_node *nodes;
	size_t i;
};

static int
cmp_ids(const void *a, const void *b)
{
	const struct id_sort *x = a, *y = b;
	int c = strcmp(x->nodes[x->i].id, y->nodes[y->i].id);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

static enum cairn_err
check_ids(struct parse *ps)
{
	struct pathway *p = ps->p;
	struct id_sort *v = malloc((p->nnodes + 1) * sizeof *v);
	size_t n = 0;
	enum cairn_err rc = CAIRN_OK;

	if (v == NULL)
		return cairn_error_set(ps->err, CAIRN_ERR_IO, _("out of memory"));
	for (size_t i = 0; i < p->nnodes; i++)
		if (p->nodes[i].id != NULL) {
			v[n].nodes = p->nodes;
			v[n++].i = i;
		}
	qsort(v, n, sizeof *v, cmp_ids);
	for (size_t i = 1; i < n && rc == CAIRN_OK; i++) {
		const struct pw_node *a = &p->nodes[v[i - 1].i], *b = &p->nodes[v[i].i];
		if (strcmp(a->id, b->id) == 0) {
			char sub[PATH_MAX_LEN];
			subpath(sub, b->path, "id");
			rc = parse_fail(ps, sub, _("\"%s\" is already the id of %s"),
			                b->id, a->path);
		}
	}
	free(v);
	return rc;
}

static void
anchor_add(struct pathway *p, unsigned kind, const char *value, size_t node)
{
	uint64_t h = text_hash(kind, value);
	size_t i = (size_t)h & (p->acap - 1);

	while (p->anchors[i].used)
		i = (i + 1) & (p->acap - 1);
	p->anchors[i].used = 1;
	p->anchors[i].h = h;
	p->anchors[i].kind = kind;
	p->anchors[i].node = node;
	p->kinds |= 1u << kind;
}

/* Children, units, weights, slots and the index of slots by what a
 * credential must carry to match them. */
static enum cairn_err
pathway_finish(struct parse *ps)
{
	struct pathway *p = ps->p;
	size_t *count = calloc(p->nnodes + 1, sizeof *count);
	size_t at = 0;

	p->kids = malloc((p->nnodes + 1) * sizeof *p->kids);
	p->slots = malloc((p->nnodes + 1) * sizeof *p->slots);
	p->loose = malloc((p->nnodes + 1) * sizeof *p->loose);
	for (p->acap = 16; p->acap < p->nnodes * 2; p->acap *= 2)
		;
	p->anchors = calloc(p->acap, sizeof *p->anchors);
	if (count == NULL || p->kids == NULL || p->slots == NULL ||
	    p->loose == NULL || p->anchors == NULL) {
		free(count);
		return cairn_error_set(ps->err, CAIRN_ERR_IO, _("out of memory"));
	}
	for (size_t i = 1; i < p->nnodes; i++)
		count[p->nodes[i].parent]++;
	for (size_t i = 0; i < p->nnodes; i++) {
		p->nodes[i].first = at;
		at += count[i];
		if (count[i] > p->max_kids)
			p->max_kids = count[i];
		count[i] = 0;
	}
	/* preorder keeps each node's children in document order */
	for (size_t i = 1; i < p->nnodes; i++) {
		struct pw_node *par = &p->nodes[p->nodes[i].parent];
		p->kids[par->first + par->nkids++] = i;
	}
	free(count);

	p->nodes[0].weight = 1;
	for (size_t i = 0; i < p->nnodes; i++) {
		struct pw_node *n = &p->nodes[i];
		double w = n->weight;
		if (n->kind == PW_ALL)
			w /= (double)n->nkids;
		else if (n->kind == PW_ATLEAST)
			w /= n->atleast;
		for (size_t k = 0; k < n->nkids; k++) {
			struct pw_node *kid = &p->nodes[p->kids[n->first + k]];
			kid->weight = w;
			if (n->kind == PW_CREDITS)
				kid->counter = i;
		}
		if (n->kind == PW_CREDITS && n->unit == NULL)
			n->unit = p->target_unit;
		if (n->kind == PW_LEAF || (n->kind == PW_CREDITS && n->selector)) {
			const struct pw_match *m = &n->m;
			p->slots[p->nslots++] = i;
			if (m->achievement) {
				anchor_add(p, AK_ID, m->achievement, i);
				if (strlen(m->achievement) == 64 &&
				    strspn(m->achievement, "0123456789abcdefABCDEF") == 64)
					p->hex_ids = 1;
			} else if (m->al_url) {
				anchor_add(p, AK_ALURL, m->al_url, i);
			} else if (m->al_code) {
				anchor_add(p, AK_ALCODE, m->al_code, i);
			} else if (m->skill) {
				anchor_add(p, AK_SKILL, m->skill, i);
			} else if (m->tag) {
				anchor_add(p, AK_TAG, m->tag, i);
			} else if (m->name) {
				anchor_add(p, AK_NAME, m->name, i);
			} else if (m->issuer) {
				anchor_add(p, AK_ISSUER, m->issuer, i);
			} else if (m->al_framework) {
				anchor_add(p, AK_ALFW, m->al_framework, i);
			} else {
				p->loose[p->nloose++] = i;
			}
		}
	}
	return CAIRN_OK;
}

enum cairn_err
pathway_parse(const unsigned char *data, size_t len, const char *what,
              struct pathway **out, struct cairn_error *err)
{
	static const char *const str_members[] = {"description", "awardedBy",
	                                          "version", "url"};
	struct parse ps = {NULL, what != NULL ? what : _("pathway"), err};
	const cJSON *v[10];
	struct pathway *p;
	enum cairn_err rc;
	char where[256];
	size_t root;
	int flag;

	*out = NULL;
	if (len > CAIRN_MAX_PATHWAY_SIZE)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: larger than the limit of %zu bytes for a pathway"),
		                       ps.what, (size_t)CAIRN_MAX_PATHWAY_SIZE);
	if (nesting_path(data, len, where, sizeof where))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: %s: nested too deeply (JSON at most %d levels, requirements at most %d)"),
		                       ps.what, where, CAIRN_MAX_JSON_DEPTH,
		                       CAIRN_MAX_PATHWAY_DEPTH);
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	ps.p = p;
	rc = json_parse(data, len, CAIRN_MAX_PATHWAY_SIZE, ps.what, &p->doc, err);
	if (rc != CAIRN_OK)
		goto fail;
	if (!cJSON_IsObject(p->doc)) {
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("%s: a pathway is a JSON object"), ps.what);
		goto fail;
	}
	if ((rc = members(&ps, p->doc, _("top level"), top_names, 10, v)) != CAIRN_OK)
		goto fail;
	for (size_t i = 0; i < 10; i++) {
		if (v[i] == NULL && (i == 0 || i == 1 || i == 9)) {
			rc = parse_fail(&ps, top_names[i],
			                _("missing: a pathway needs an id, a title and a requirement"));
			goto fail;
		}
	}
	if ((rc = get_id(&ps, v[0], "id", &p->id)) != CAIRN_OK ||
	    (rc = get_text(&ps, v[1], "title", &p->title)) != CAIRN_OK)
		goto fail;
	for (size_t i = 0; i < 4; i++) {
		if (v[2 + i] != NULL && !cJSON_IsString(v[2 + i])) {
			rc = parse_fail(&ps, str_members[i], _("must be a string"));
			goto fail;
		}
	}
	if ((v[6] != NULL && (rc = get_bool(&ps, v[6], "example", &flag)) != CAIRN_OK) ||
	    (v[7] != NULL && (rc = get_bool(&ps, v[7], "verified", &p->verified)) != CAIRN_OK) ||
	    (v[8] != NULL && (rc = parse_target(&ps, v[8])) != CAIRN_OK))
		goto fail;
	if ((rc = parse_node(&ps, v[9], "requirement", NONE, 1, 0, &root)) != CAIRN_OK ||
	    (rc = check_ids(&ps)) != CAIRN_OK)
		goto fail;
	{
		const struct pw_node *r = &p->nodes[0];
		char a[48], b[48];
		if (r->kind == PW_CREDITS && p->has_target_credits &&
		    p->target_credits != r->credits) {
			rc = parse_fail(&ps, "target.credits",
			                _("%s differs from the requirement's %s"),
			                fmt_milli(p->target_credits, a), fmt_milli(r->credits, b));
			goto fail;
		}
		if (r->kind == PW_CREDITS && p->target_unit != NULL && r->unit != NULL &&
		    !ieq(p->target_unit, r->unit)) {
			rc = parse_fail(&ps, "target.unit",
			                _("\"%s\" differs from the requirement's \"%s\""),
			                safe_name(p->target_unit, a), safe_name(r->unit, b));
			goto fail;
		}
	}
	if ((rc = pathway_finish(&ps)) != CAIRN_OK)
		goto fail;
	*out = p;
	return CAIRN_OK;
fail:
	pathway_free(p);
	return rc;
}

void
pathway_free(struct pathway *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nnodes; i++)
		free(p->nodes[i].path);
	free(p->nodes);
	free(p->kids);
	free(p->slots);
	free(p->loose);
	free(p->anchors);
	cJSON_Delete(p->doc);
	free(p);
}

const char *
pathway_id(const struct pathway *p)
{
	return p->id;
}

const char *
pathway_title(const struct pathway *p)
{
	return p->title;
}

const cJSON *
pathway_document(const struct pathway *p)
{
	return p->doc;
}

/* ---- matching ------------------------------------------------------- */

static int
any_string_is(const cJSON *arr, const char *s)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e) && ieq(e->valuestring, s))
			return 1;
	return 0;
}

static int
match_record(const struct pw_match *m, const cJSON *rec)
{
	const cJSON *ach = json_obj(rec, "achievement");

	if (m->achievement != NULL && !ieq(json_str(ach, "id"), m->achievement) &&
	    !ieq(json_str(rec, "credentialId"), m->achievement) &&
	    !ieq(json_str(rec, "id"), m->achievement))
		return 0;
	if (m->name != NULL && !ieq(json_str(ach, "name"), m->name) &&
	    !ieq(json_str(rec, "title"), m->name))
		return 0;
	if (m->issuer != NULL) {
		const cJSON *iss = json_obj(rec, "issuer");
		if (!ieq_site(json_str(iss, "id"), m->issuer) &&
		    !ieq_site(json_str(iss, "url"), m->issuer))
			return 0;
	}
	if (m->tag != NULL && !any_string_is(json_arr(rec, "tags"), m->tag))
		return 0;
	if (m->skill != NULL || m->al_framework != NULL || m->al_code != NULL ||
	    m->al_url != NULL) {
		const cJSON *a;
		int skill = m->skill == NULL, al = !m->al_framework && !m->al_code && !m->al_url;
		cJSON_ArrayForEach(a, json_arr(rec, "alignments")) {
			if (!skill && (ieq(json_str(a, "url"), m->skill) ||
			               ieq(json_str(a, "code"), m->skill) ||
			               ieq(json_str(a, "name"), m->skill)))
				skill = 1;
			if (!al && (!m->al_framework || ieq(json_str(a, "framework"), m->al_framework)) &&
			    (!m->al_code || ieq(json_str(a, "code"), m->al_code)) &&
			    (!m->al_url || ieq(json_str(a, "url"), m->al_url)))
				al = 1;
		}
		if (!skill || !al)
			return 0;
	}
	if (m->eqf > 0) {
		double l;
		if (!json_num(rec, "eqfLevel", &l) || l < m->eqf)
			return 0;
	}
	return 1;
}

/* ---- evaluation ------------------------------------------------------ */

enum reason {
	R_NONE, R_FAILED, R_EXPIRED, R_UNVERIFIED, R_UNVERIFIED_LEAF, R_UNIT,
	R_NOCREDITS
};

struct pair {
	size_t cred, node;
	int64_t value;            /* milli-credits it counts for there */
	unsigned char has_value, from_leaf, alive;
};

struct cred {
	size_t rec;
	size_t first, n, nlive;   /* its pairs */
	size_t at;                /* node it counts for, NONE when unused */
	size_t cls, comp;
	unsigned char verified, fixed;
};

struct excl {
	size_t rec;
	enum reason why;
	const char *unit, *want;
};

struct unit {
	double w;
	size_t who;  /* a leaf, or a capped parent */
};

struct eval {
	const struct pathway *p;
	const cJSON *const *recs;
	int oom;

	struct pair *pairs;
	size_t npairs, pcap;
	struct cred *creds;
	size_t ncreds, ccap;
	struct excl *excl;
	size_t nexcl, xcap;
	size_t *cand_first, *cand_n, *cand; /* per node: its pairs */

	/* search state, per node */
	size_t *fill;              /* leaf: the pair filling it, or NONE */
	unsigned char *decided;
	size_t *freecnt;           /* leaf: free candidates */
	size_t *fallback;          /* leaf: an uncontested candidate */
	int64_t *maxv;             /* leaf: most credits among candidates */
	int64_t *freesum, *fixsum; /* matching credits node: free, fixed */
	double *opt, *pes, *low;   /* see node_eval */
	int64_t *optcr, *pescr;    /* what a leaf adds to its credits node */
	double *w;                 /* a leaf's weight in the bound */
	size_t *comp_of;           /* leaf: ordinal of its group */
	double *tmp;

	/* leaf groups (components) */
	size_t ncomp;
	size_t *comp_first, *comp_n, *comp_leaves; /* leaves by weight */
	size_t *comp_free;
	double *cb, *suffix;       /* group bounds: by count, and by
	                             matching before the search (suffix) */
	size_t *mcred, *mstamp, mmark; /* matching scratch, per credential */
	size_t *mleaf, *lstamp, *gstamp, *gvisit; /* per node */
	struct unit *units;
	size_t *init;              /* leaf: credential of the first assignment */

	/* the decisions, in order */
	size_t npos, nleafpos;
	size_t *pos_what;          /* leaf node, or cred in phase two */
	size_t *opt_first, *opt_n, *opts; /* leaf options (pairs) */
	size_t *cursor, *applied, *optidx;
	size_t *twin_prev;         /* an earlier leaf it is interchangeable with */
	size_t *best;
	double best_value;

	unsigned long steps, work;
	int exact;
};

static int
grow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	{
		size_t nc = *cap ? *cap * 2 : 64;
		void *nv;
		while (nc < need)
			nc *= 2;
		nv = realloc(*v, nc * size);
		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = nc;
	}
	return 0;
}

static int
unit_generic(const char *u)
{
	return u == NULL || *u == '\0' || ieq(u, "credits");
}

static int
unit_compatible(const char *cred_unit, const char *place_unit)
{
	return unit_generic(cred_unit) || unit_generic(place_unit) ||
	       ieq(cred_unit, place_unit);
}

/* The unit credits count in at a slot. */
static const char *
slot_unit(const struct pathway *p, const struct pw_node *n)
{
	if (n->kind == PW_CREDITS)
		return n->unit;
	if (n->counter != NONE)
		return p->nodes[n->counter].unit;
	return p->target_unit;
}

static int
add_excl(struct eval *e, size_t rec, enum reason why, const char *unit,
         const char *want)
{
	if (grow((void **)&e->excl, &e->xcap, e->nexcl + 1, sizeof *e->excl) < 0)
		return -1;
	e->excl[e->nexcl].rec = rec;
	e->excl[e->nexcl].why = why;
	e->excl[e->nexcl].unit = unit;
	e->excl[e->nexcl++].want = want;
	return 0;
}

/* Slots indexed under a value of the record (its hash, as kind). */
static void
probe(const struct pathway *p, unsigned kind, uint64_t base, size_t *hits,
      size_t *nh, size_t *stamp, size_t mark)
{
	uint64_t h = text_hash_as(base, kind);

	for (size_t i = (size_t)h & (p->acap - 1); p->anchors[i].used; i = (i + 1) & (p->acap - 1)) {
		const struct anchor *a = &p->anchors[i];
		if (a->h == h && a->kind == kind && stamp[a->node] != mark) {
			stamp[a->node] = mark;
			hits[(*nh)++] = a->node;
		}
	}
}

/* A value probed as the kinds in mask (a bit each) that are in use. */
static void
probe_text(const struct pathway *p, unsigned mask, const cJSON *v, size_t *hits,
           size_t *nh, size_t *stamp, size_t mark)
{
	uint64_t base;

	mask &= p->kinds;
	if (mask == 0 || !cJSON_IsString(v))
		return;
	if (mask & (1u << AK_ISSUER)) {
		probe(p, AK_ISSUER, text_hash_len(v->valuestring, site_len(v->valuestring)),
		      hits, nh, stamp, mark);
		return;
	}
	base = text_hash_len(v->valuestring, strlen(v->valuestring));
	for (unsigned k = 0; k < AK_NONE; k++)
		if (mask & (1u << k))
			probe(p, k, base, hits, nh, stamp, mark);
}

/* The members of an object that matching reads, in one pass (the first
 * of each name, as cJSON_GetObjectItemCaseSensitive would find). */
static void
members_of(const cJSON *obj, const char *const *names, size_t n, const cJSON **out)
{
	const cJSON *e;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	for (e = obj != NULL ? obj->child : NULL; e != NULL; e = e->next) {
		if (e->string == NULL)
			continue;
		for (size_t i = 0; i < n; i++)
			if (out[i] == NULL && e->string[0] == names[i][0] &&
			    strcmp(e->string, names[i]) == 0) {
				out[i] = e;
				break;
			}
	}
}

enum { V_ACH, V_ISSUER, V_TAGS, V_ALIGN, V_ID, V_TITLE, V_CID, V_COUNT };

static size_t
record_hits(const struct pathway *p, const cJSON *rec, size_t *hits,
            size_t *stamp, size_t mark)
{
	static const char *const names[V_COUNT] = {"achievement", "issuer", "tags",
	                                           "alignments", "id", "title",
	                                           "credentialId"};
	static const char *const sub[2] = {"id", "name"};
	static const char *const al_names[4] = {"url", "code", "name", "framework"};
	const cJSON *v[V_COUNT], *a[4], *e;
	size_t nh = 0;

	members_of(rec, names, V_COUNT, v);
	if (p->kinds & (1u << AK_ID | 1u << AK_NAME)) {
		members_of(cJSON_IsObject(v[V_ACH]) ? v[V_ACH] : NULL, sub, 2, a);
		probe_text(p, 1u << AK_ID, a[0], hits, &nh, stamp, mark);
		probe_text(p, 1u << AK_NAME, a[1], hits, &nh, stamp, mark);
		probe_text(p, 1u << AK_ID, v[V_CID], hits, &nh, stamp, mark);
		if (p->hex_ids)
			probe_text(p, 1u << AK_ID, v[V_ID], hits, &nh, stamp, mark);
		probe_text(p, 1u << AK_NAME, v[V_TITLE], hits, &nh, stamp, mark);
	}
	if ((p->kinds & (1u << AK_ISSUER)) && cJSON_IsObject(v[V_ISSUER])) {
		static const char *const iss[2] = {"id", "url"};
		members_of(v[V_ISSUER], iss, 2, a);
		probe_text(p, 1u << AK_ISSUER, a[0], hits, &nh, stamp, mark);
		probe_text(p, 1u << AK_ISSUER, a[1], hits, &nh, stamp, mark);
	}
	if ((p->kinds & (1u << AK_TAG)) && cJSON_IsArray(v[V_TAGS])) {
		cJSON_ArrayForEach(e, v[V_TAGS])
			probe_text(p, 1u << AK_TAG, e, hits, &nh, stamp, mark);
	}
	if ((p->kinds & (1u << AK_SKILL | 1u << AK_ALURL | 1u << AK_ALCODE | 1u << AK_ALFW)) &&
	    cJSON_IsArray(v[V_ALIGN])) {
		cJSON_ArrayForEach(e, v[V_ALIGN]) {
			if (!cJSON_IsObject(e))
				continue;
			members_of(e, al_names, 4, a);
			probe_text(p, 1u << AK_SKILL | 1u << AK_ALURL, a[0], hits, &nh, stamp, mark);
			probe_text(p, 1u << AK_SKILL | 1u << AK_ALCODE, a[1], hits, &nh, stamp, mark);
			probe_text(p, 1u << AK_SKILL, a[2], hits, &nh, stamp, mark);
			probe_text(p, 1u << AK_ALFW, a[3], hits, &nh, stamp, mark);
		}
	}
	for (size_t i = 0; i < p->nloose; i++)
		if (stamp[p->loose[i]] != mark) {
			stamp[p->loose[i]] = mark;
			hits[nh++] = p->loose[i];
		}
	return nh;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* Where record r counts, given the slots it may match (hits, nh of them;
 * reordered): it must match them fully and be eligible; else it is left
 * out with a reason.  -1 when out of memory. */
static int
consider(struct eval *e, size_t r, size_t *hits, size_t nh, time_t now)
{
	const struct pathway *p = e->p;
	const cJSON *rec = e->recs[r], *cr;
	size_t nm = 0, first = e->npairs;
	const char *status, *unit = NULL;
	enum reason why = R_NONE;
	const char *why_unit = NULL, *why_want = NULL;
	int64_t value = 0;
	int have = 0, verified;
	double d;

	for (size_t i = 0; i < nh; i++)
		if (match_record(&p->nodes[hits[i]].m, rec))
			hits[nm++] = hits[i];
	if (nm == 0)
		return 0;
	qsort(hits, nm, sizeof *hits, cmp_size);
	status = credential_status(rec, now);
	if (strcmp(status, "failed") == 0 || strcmp(status, "expired") == 0)
		return add_excl(e, r, status[0] == 'f' ? R_FAILED : R_EXPIRED, NULL, NULL);
	verified = strcmp(status, "verified") == 0;
	cr = json_obj(rec, "credits");
	if (json_num(cr, "value", &d) && isfinite(d) && d >= 0) {
		if (d > CAIRN_MAX_PATHWAY_CREDITS)
			d = CAIRN_MAX_PATHWAY_CREDITS;
		value = to_milli(d);
		unit = json_str(cr, "unit");
		have = 1;
	}
	for (size_t i = 0; i < nm; i++) {
		const struct pw_node *node = &p->nodes[hits[i]];
		const char *want = slot_unit(p, node);
		int compat = have && unit_compatible(unit, want);
		struct pair *pr;

		if (!verified && (p->verified || node->verified)) {
			why = p->verified ? R_UNVERIFIED : R_UNVERIFIED_LEAF;
			continue;
		}
		if (node->kind == PW_CREDITS && (!compat || value == 0)) {
			if (why == R_NONE) {
				why = have && value > 0 ? R_UNIT : R_NOCREDITS;
				why_unit = unit;
				why_want = want;
			}
			continue;
		}
		if (grow((void **)&e->pairs, &e->pcap, e->npairs + 1, sizeof *e->pairs) < 0)
			return -1;
		pr = &e->pairs[e->npairs++];
		pr->cred = e->ncreds;
		pr->node = hits[i];
		pr->alive = 1;
		pr->from_leaf = 0;
		pr->has_value = 0;
		pr->value = 0;
		if (compat) {
			pr->has_value = 1;
			pr->value = value;
		} else if (node->kind == PW_LEAF && node->has_credits) {
			pr->has_value = 1;
			pr->from_leaf = 1;
			pr->value = node->credits;
		}
	}
	if (e->npairs == first)
		return add_excl(e, r, why, why_unit, why_want);
	if (grow((void **)&e->creds, &e->ccap, e->ncreds + 1, sizeof *e->creds) < 0)
		return -1;
	e->creds[e->ncreds].rec = r;
	e->creds[e->ncreds].first = first;
	e->creds[e->ncreds].n = e->npairs - first;
	e->creds[e->ncreds].nlive = e->npairs - first;
	e->creds[e->ncreds].at = NONE;
	e->creds[e->ncreds].cls = 0;
	e->creds[e->ncreds].comp = NONE;
	e->creds[e->ncreds].verified = (unsigned char)verified;
	e->creds[e->ncreds].fixed = 0;
	e->ncreds++;
	return 0;
}

/* ---- records indexed once, for many pathways ------------------------- */

struct rec_entry {
	uint64_t h;     /* text_hash() of a value, as its kind */
	size_t rec, next;
};

struct pathway_records {
	const cJSON *const *recs;
	size_t n;
	struct rec_entry *ent;
	size_t nent, cap;
	size_t *head, hcap; /* buckets of entries by hash */
};

static int
index_text(struct pathway_records *x, unsigned mask, const cJSON *v, size_t rec)
{
	uint64_t base;

	if (!cJSON_IsString(v))
		return 0;
	base = mask & (1u << AK_ISSUER)
	       ? text_hash_len(v->valuestring, site_len(v->valuestring))
	       : text_hash_len(v->valuestring, strlen(v->valuestring));
	for (unsigned k = 0; k < AK_NONE; k++) {
		if (!(mask & (1u << k)))
			continue;
		if (grow((void **)&x->ent, &x->cap, x->nent + 1, sizeof *x->ent) < 0)
			return -1;
		x->ent[x->nent].h = text_hash_as(base, k);
		x->ent[x->nent++].rec = rec;
	}
	return 0;
}

/* Every value record_hits() would probe, whatever kinds a pathway uses. */
static int
index_record(struct pathway_records *x, size_t r)
{
	static const char *const names[V_COUNT] = {"achievement", "issuer", "tags",
	                                           "alignments", "id", "title",
	                                           "credentialId"};
	static const char *const sub[2] = {"id", "name"};
	static const char *const iss[2] = {"id", "url"};
	static const char *const al_names[4] = {"url", "code", "name", "framework"};
	const cJSON *rec = x->recs[r], *v[V_COUNT], *a[4], *e;
	int rc = 0;

	if (!cJSON_IsObject(rec))
		return 0;
	members_of(rec, names, V_COUNT, v);
	members_of(cJSON_IsObject(v[V_ACH]) ? v[V_ACH] : NULL, sub, 2, a);
	rc |= index_text(x, 1u << AK_ID, a[0], r);
	rc |= index_text(x, 1u << AK_NAME, a[1], r);
	rc |= index_text(x, 1u << AK_ID, v[V_CID], r);
	rc |= index_text(x, 1u << AK_ID, v[V_ID], r);
	rc |= index_text(x, 1u << AK_NAME, v[V_TITLE], r);
	if (cJSON_IsObject(v[V_ISSUER])) {
		members_of(v[V_ISSUER], iss, 2, a);
		rc |= index_text(x, 1u << AK_ISSUER, a[0], r);
		rc |= index_text(x, 1u << AK_ISSUER, a[1], r);
	}
	if (cJSON_IsArray(v[V_TAGS]))
		cJSON_ArrayForEach(e, v[V_TAGS])
			rc |= index_text(x, 1u << AK_TAG, e, r);
	if (cJSON_IsArray(v[V_ALIGN])) {
		cJSON_ArrayForEach(e, v[V_ALIGN]) {
			if (!cJSON_IsObject(e))
				continue;
			members_of(e, al_names, 4, a);
			rc |= index_text(x, 1u << AK_SKILL | 1u << AK_ALURL, a[0], r);
			rc |= index_text(x, 1u << AK_SKILL | 1u << AK_ALCODE, a[1], r);
			rc |= index_text(x, 1u << AK_SKILL, a[2], r);
			rc |= index_text(x, 1u << AK_ALFW, a[3], r);
		}
	}
	return rc;
}

enum cairn_err
pathway_records_new(const cJSON *const *records, size_t n,
                    struct pathway_records **out, struct cairn_error *err)
{
	struct pathway_records *x = calloc(1, sizeof *x);

	*out = NULL;
	if (x == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	x->recs = records;
	x->n = records != NULL ? n : 0;
	for (size_t r = 0; r < x->n; r++)
		if (index_record(x, r) < 0)
			goto oom;
	for (x->hcap = 16; x->hcap < x->nent * 2; x->hcap *= 2)
		;
	x->head = malloc(x->hcap * sizeof *x->head);
	if (x->head == NULL)
		goto oom;
	for (size_t i = 0; i < x->hcap; i++)
		x->head[i] = NONE;
	/* newest first in a bucket: records come out in reverse order */
	for (size_t i = 0; i < x->nent; i++) {
		size_t b = (size_t)x->ent[i].h & (x->hcap - 1);
		x->ent[i].next = x->head[b];
		x->head[b] = i;
	}
	*out = x;
	return CAIRN_OK;
oom:
	pathway_records_free(x);
	return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
}

void
pathway_records_free(struct pathway_records *x)
{
	if (x == NULL)
		return;
	free(x->ent);
	free(x->head);
	free(x);
}

static int
cmp_hit(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Which records are eligible where, and which are not at all: by looking
 * up the pathway's anchors in the index (x), or by reading every record. */
static int
eval_match(struct eval *e, size_t n, const struct pathway_records *x, time_t now)
{
	const struct pathway *p = e->p;
	size_t *stamp = calloc(p->nnodes, sizeof *stamp);
	/* a record can hit each slot once, and loose ones on top */
	size_t *hits = malloc((p->nnodes + 1) * sizeof *hits);
	size_t *found = NULL, nfound = 0, fcap = 0;
	int rc = -1;

	if (stamp == NULL || hits == NULL)
		goto out;
	if (x == NULL) {
		for (size_t r = 0; r < n; r++) {
			size_t nh;
			if (!cJSON_IsObject(e->recs[r]))
				continue;
			nh = record_hits(p, e->recs[r], hits, stamp, r + 1);
			if (nh > 0 && consider(e, r, hits, nh, now) < 0)
				goto out;
		}
		rc = 0;
		goto out;
	}
	/* (record, slot) pairs, then by record */
	for (size_t i = 0; i < p->acap; i++) {
		const struct anchor *a = &p->anchors[i];
		if (!a->used)
			continue;
		for (size_t j = x->head[(size_t)a->h & (x->hcap - 1)]; j != NONE; j = x->ent[j].next) {
			if (x->ent[j].h != a->h)
				continue;
			if (grow((void **)&found, &fcap, nfound + 1, 2 * sizeof *found) < 0)
				goto out;
			found[2 * nfound] = x->ent[j].rec;
			found[2 * nfound++ + 1] = a->node;
		}
	}
	for (size_t r = 0; r < n && p->nloose > 0; r++) {
		if (!cJSON_IsObject(e->recs[r]))
			continue;
		for (size_t i = 0; i < p->nloose; i++) {
			if (grow((void **)&found, &fcap, nfound + 1, 2 * sizeof *found) < 0)
				goto out;
			found[2 * nfound] = r;
			found[2 * nfound++ + 1] = p->loose[i];
		}
	}
	if (nfound > 1)
		qsort(found, nfound, 2 * sizeof *found, cmp_hit);
	for (size_t i = 0; i < nfound;) {
		size_t r = found[2 * i], nh = 0;
		for (; i < nfound && found[2 * i] == r; i++)
			if (nh == 0 || hits[nh - 1] != found[2 * i + 1])
				hits[nh++] = found[2 * i + 1];
		if (consider(e, r, hits, nh, now) < 0)
			goto out;
	}
	rc = 0;
out:
	free(stamp);
	free(hits);
	free(found);
	return rc;
}

static int
valued(const struct eval *e, size_t node)
{
	return e->p->nodes[node].counter != NONE;
}

/* 1 when pair a is the better candidate for its leaf than pair b. */
static int
prefer(const struct eval *e, size_t a, size_t b)
{
	const struct pair *x = &e->pairs[a], *y = &e->pairs[b];
	const struct cred *cx = &e->creds[x->cred], *cy = &e->creds[y->cred];

	if (cx->verified != cy->verified)
		return cx->verified > cy->verified;
	if (valued(e, x->node) && x->value != y->value)
		return x->value > y->value;
	return x->cred < y->cred;
}

static void
kill_pair(struct eval *e, size_t pi)
{
	if (e->pairs[pi].alive) {
		e->pairs[pi].alive = 0;
		e->creds[e->pairs[pi].cred].nlive--;
	}
}

static void
fix_leaf(struct eval *e, size_t node, size_t pi)
{
	e->decided[node] = 1;
	e->fill[node] = pi;
	if (pi != NONE) {
		struct cred *c = &e->creds[e->pairs[pi].cred];
		c->at = node;
		c->fixed = 1;
	}
}

/* Step 1: uncontested credentials, and what they make pointless. */
static void
peel(struct eval *e)
{
	const struct pathway *p = e->p;
	int changed = 1;

	while (changed) {
		changed = 0;
		for (size_t s = 0; s < p->nslots; s++) {
			size_t l = p->slots[s], u = NONE, live = 0;
			if (p->nodes[l].kind != PW_LEAF || e->decided[l])
				continue;
			for (size_t k = 0; k < e->cand_n[l]; k++) {
				size_t pi = e->cand[e->cand_first[l] + k];
				if (e->pairs[pi].alive && e->creds[e->pairs[pi].cred].nlive == 1 &&
				    (u == NONE || prefer(e, pi, u)))
					u = pi;
			}
			if (u == NONE)
				continue;
			for (size_t k = 0; k < e->cand_n[l]; k++) {
				size_t pi = e->cand[e->cand_first[l] + k];
				if (pi == u || !e->pairs[pi].alive)
					continue;
				if (!valued(e, l) || e->pairs[pi].value <= e->pairs[u].value) {
					kill_pair(e, pi);
					changed = 1;
				} else {
					live++;
				}
			}
			if (live == 0) {
				fix_leaf(e, l, u);
				changed = 1;
			}
		}
	}
}

static int
cmp_double_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

static void
leaf_values(const struct eval *e, size_t l, double *o, double *ps,
            int64_t *ocr, int64_t *pcr)
{
	if (e->decided[l]) {
		size_t pi = e->fill[l];
		*o = *ps = pi != NONE;
		*ocr = *pcr = pi != NONE && e->pairs[pi].has_value ? e->pairs[pi].value : 0;
	} else {
		*o = e->freecnt[l] > 0;
		*ocr = e->freecnt[l] > 0 ? e->maxv[l] : 0;
		*ps = 0;
		*pcr = 0;
	}
}

static double
ratio(int64_t earned, int64_t required)
{
	return earned >= required ? 1.0 : (double)earned / (double)required;
}

/* A structural node's progress from its children's in one state. */
static double
aggregate(struct eval *e, const struct pw_node *n, const double *src)
{
	const size_t *kids = e->p->kids + n->first;
	double v = 0;

	switch (n->kind) {
	case PW_ALL:
		for (size_t k = 0; k < n->nkids; k++)
			v += src[kids[k]];
		return v / (double)n->nkids;
	case PW_ANY:
		for (size_t k = 0; k < n->nkids; k++)
			v = dmax(v, src[kids[k]]);
		return v;
	default:
		for (size_t k = 0; k < n->nkids; k++)
			e->tmp[k] = src[kids[k]];
		if (n->atleast < n->nkids)
			qsort(e->tmp, n->nkids, sizeof *e->tmp, cmp_double_desc);
		for (size_t k = 0; k < n->atleast; k++)
			v += e->tmp[k];
		return v / n->atleast;
	}
}

/* Recomputes one node's progress from its children in the three states
 * the search keeps: opt (open leaves filled where a candidate is free;
 * credits nodes counting every free credential), pes (open leaves
 * empty), low (open leaves empty, credits nodes counting only what is
 * theirs for sure: it never falls as the search goes deeper).  1 when
 * any changed. */
static int
node_eval(struct eval *e, size_t i)
{
	const struct pathway *p = e->p;
	const struct pw_node *n = &p->nodes[i];
	double o = 0, ps = 0, lo;
	int64_t ocr = 0, pcr = 0;
	int changed;

	e->work += n->nkids;
	switch (n->kind) {
	case PW_LEAF:
		leaf_values(e, i, &o, &ps, &ocr, &pcr);
		lo = ps;
		break;
	case PW_CREDITS:
		if (n->selector) {
			o = ps = ratio(e->freesum[i], n->credits);
			lo = ratio(e->fixsum[i], n->credits);
			break;
		}
		for (size_t k = 0; k < n->nkids; k++) {
			ocr += e->optcr[p->kids[n->first + k]];
			pcr += e->pescr[p->kids[n->first + k]];
		}
		o = ratio(ocr, n->credits);
		lo = ps = ratio(pcr, n->credits);
		ocr = pcr = 0;
		break;
	default:
		o = aggregate(e, n, e->opt);
		ps = aggregate(e, n, e->pes);
		lo = aggregate(e, n, e->low);
		break;
	}
	changed = o != e->opt[i] || ps != e->pes[i] || lo != e->low[i] ||
	          ocr != e->optcr[i] || pcr != e->pescr[i];
	e->opt[i] = o;
	e->pes[i] = ps;
	e->low[i] = lo;
	e->optcr[i] = ocr;
	e->pescr[i] = pcr;
	return changed;
}

static void
update_up(struct eval *e, size_t i)
{
	while (i != NONE && node_eval(e, i))
		i = e->p->nodes[i].parent;
}

static double
comp_bound(const struct eval *e, size_t k)
{
	size_t left = e->comp_free[k];
	double sum = 0;

	for (size_t j = 0; j < e->comp_n[k] && left > 0; j++) {
		size_t l = e->comp_leaves[e->comp_first[k] + j];
		if (!e->decided[l] && e->freecnt[l] > 0) {
			sum += e->w[l];
			left--;
		}
	}
	return sum;
}

static int
is_selector(const struct eval *e, size_t node)
{
	return e->p->nodes[node].kind == PW_CREDITS;
}

/* A credential starts or stops counting somewhere: what it could have
 * counted for elsewhere changes. */
static void
take(struct eval *e, size_t pi, int taken)
{
	const struct pair *pr = &e->pairs[pi];
	const struct cred *c = &e->creds[pr->cred];

	for (size_t j = c->first; j < c->first + c->n; j++) {
		const struct pair *q = &e->pairs[j];
		if (j == pi || !q->alive)
			continue;
		if (is_selector(e, q->node)) {
			e->freesum[q->node] += taken ? -q->value : q->value;
			update_up(e, q->node);
		} else if (is_selector(e, pr->node)) {
			continue; /* phase two: every leaf is decided */
		} else {
			e->freecnt[q->node] += taken ? (size_t)-1 : 1;
			if (!e->decided[q->node] && e->freecnt[q->node] == (taken ? 0 : 1))
				update_up(e, q->node);
		}
	}
}

static void
apply(struct eval *e, size_t pos, size_t pi)
{
	e->applied[pos] = pi;
	if (pos < e->nleafpos) {
		size_t l = e->pos_what[pos], k = e->comp_of[l];
		e->decided[l] = 1;
		e->fill[l] = pi;
		if (pi != NONE) {
			e->creds[e->pairs[pi].cred].at = l;
			e->comp_free[k]--;
			take(e, pi, 1);
		}
		update_up(e, l);
		e->cb[k] = comp_bound(e, k);
	} else if (pi != NONE) {
		e->creds[e->pairs[pi].cred].at = e->pairs[pi].node;
		take(e, pi, 1);
	}
}

static void
undo(struct eval *e, size_t pos)
{
	size_t pi = e->applied[pos];

	if (pos < e->nleafpos) {
		size_t l = e->pos_what[pos], k = e->comp_of[l];
		e->decided[l] = 0;
		e->fill[l] = NONE;
		if (pi != NONE) {
			e->creds[e->pairs[pi].cred].at = NONE;
			e->comp_free[k]++;
			take(e, pi, 0);
		}
		update_up(e, l);
		e->cb[k] = comp_bound(e, k);
	} else if (pi != NONE) {
		e->creds[e->pairs[pi].cred].at = NONE;
		take(e, pi, 0);
	}
}

/* Parents whose leaves add progress interchangeably, up to a point:
 * atLeast N, anyOf, and credits lists. */
static int
capped(const struct eval *e, size_t parent)
{
	enum pw_kind k = e->p->nodes[parent].kind;

	return k == PW_ATLEAST || k == PW_ANY || k == PW_CREDITS;
}

static int augment(struct eval *e, size_t l);

/* Leaf l2 gives up its credential: it takes another, or a leaf of the
 * same capped parent takes its place there. */
static int
reroute(struct eval *e, size_t l2)
{
	const struct pathway *p = e->p;
	size_t g = p->nodes[l2].parent;
	const struct pw_node *par = &p->nodes[g];

	if (augment(e, l2))
		return 1;
	if (!capped(e, g) || e->gvisit[g] == e->mmark)
		return 0;
	e->gvisit[g] = e->mmark;
	for (size_t k = 0; k < par->nkids; k++) {
		size_t l3 = p->kids[par->first + k];
		if (p->nodes[l3].kind != PW_LEAF || e->decided[l3] || e->freecnt[l3] == 0 ||
		    e->comp_of[l3] != e->comp_of[l2] || e->mleaf[l3] != NONE ||
		    e->lstamp[l3] == e->mmark)
			continue;
		e->lstamp[l3] = e->mmark;
		if (augment(e, l3)) {
			e->mleaf[l2] = NONE;
			return 1;
		}
	}
	return 0;
}

/* An augmenting path from leaf l over free candidates. */
static int
augment(struct eval *e, size_t l)
{
	const size_t *o = e->opts + e->opt_first[l];

	for (size_t k = 0; k < e->opt_n[l]; k++) {
		size_t c = e->pairs[o[k]].cred;
		e->work++;
		if (e->creds[c].at != NONE || e->mstamp[c] == e->mmark)
			continue;
		e->mstamp[c] = e->mmark;
		if (e->mcred[c] == NONE || reroute(e, e->mcred[c])) {
			e->mcred[c] = l;
			e->mleaf[l] = c;
			return 1;
		}
	}
	return 0;
}

static int
cmp_unit(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return (x->who > y->who) - (x->who < y->who);
}

static int
cmp_double_desc(const void *a, const void *b);

/* The units of progress a capped parent's open leaves can add, each the
 * most the next leaf can add: N - done of weight L/N under an atLeast
 * (1 under an anyOf); under a credits list the largest leaf weights in
 * turn, until the list's remaining share is used up. */
static size_t
parent_units(struct eval *e, size_t g, size_t comp, struct unit *u)
{
	const struct pathway *p = e->p;
	const struct pw_node *n = &p->nodes[g];
	size_t nu = 0, m = 0, done = 0;

	for (size_t k = 0; k < n->nkids; k++) {
		size_t l = p->kids[n->first + k];
		if (e->low[l] >= 1)
			done++;
		if (p->nodes[l].kind == PW_LEAF && !e->decided[l] && e->freecnt[l] > 0 &&
		    e->comp_of[l] == comp)
			e->tmp[m++] = e->w[l];
	}
	if (n->kind == PW_CREDITS) {
		double room = n->weight * (1 - e->low[g]);
		qsort(e->tmp, m, sizeof *e->tmp, cmp_double_desc);
		for (size_t k = 0; k < m && room > 0; k++) {
			double w = e->tmp[k] < room ? e->tmp[k] : room;
			u[nu].w = w;
			u[nu++].who = g;
			room -= w;
		}
		return nu;
	}
	{
		size_t cap = n->kind == PW_ATLEAST ? n->atleast : 1;
		cap = done < cap ? cap - done : 0;
		for (size_t k = 0; k < m && k < cap; k++) {
			u[nu].w = n->weight / (n->kind == PW_ATLEAST ? n->atleast : 1);
			u[nu++].who = g;
		}
	}
	return nu;
}

/* How much the group's open leaves could add at most: free candidates
 * fill them one each, and a capped parent takes no more than its units.
 * Units in order of weight, each kept when an augmenting path reaches a
 * leaf it may go to.  Achievable unit counts form a polymatroid (a flow
 * from the parents through the leaves to the credentials) and each
 * parent's unit weights only fall, so the greedy result is the most any
 * assignment can add by these weights: an upper bound. */
static double
match_bound(struct eval *e, size_t k)
{
	const struct pathway *p = e->p;
	const size_t *leaves = e->comp_leaves + e->comp_first[k];
	struct unit *u = e->units;
	size_t nu = 0;
	double sum = 0;

	for (size_t j = 0; j < e->comp_n[k]; j++) {
		size_t l = leaves[j], g = p->nodes[l].parent;
		e->mleaf[l] = NONE;
		if (g != NONE)
			e->gstamp[g] = 0;
		for (size_t i = 0; i < e->opt_n[l]; i++)
			e->mcred[e->pairs[e->opts[e->opt_first[l] + i]].cred] = NONE;
	}
	for (size_t j = 0; j < e->comp_n[k]; j++) {
		size_t l = leaves[j], g = p->nodes[l].parent;
		if (g != NONE && capped(e, g)) {
			if (e->gstamp[g] == 0) {
				e->gstamp[g] = 1;
				nu += parent_units(e, g, k, u + nu);
			}
		} else if (!e->decided[l] && e->freecnt[l] > 0) {
			u[nu].w = e->w[l];
			u[nu++].who = l;
		}
	}
	qsort(u, nu, sizeof *u, cmp_unit);
	for (size_t j = 0; j < nu; j++) {
		size_t g = u[j].who;
		int ok = 0;
		e->mmark++;
		if (p->nodes[g].kind == PW_LEAF) {
			e->lstamp[g] = e->mmark;
			ok = augment(e, g);
		} else {
			const struct pw_node *n = &p->nodes[g];
			if (e->gstamp[g] == 2)
				continue; /* nothing more fits under it */
			e->gvisit[g] = e->mmark;
			for (size_t i = 0; i < n->nkids && !ok; i++) {
				size_t l = p->kids[n->first + i];
				if (p->nodes[l].kind != PW_LEAF || e->decided[l] ||
				    e->freecnt[l] == 0 || e->comp_of[l] != k ||
				    e->mleaf[l] != NONE || e->lstamp[l] == e->mmark)
					continue;
				e->lstamp[l] = e->mmark;
				ok = augment(e, l);
			}
			if (!ok)
				e->gstamp[g] = 2;
		}
		if (ok)
			sum += u[j].w;
	}
	return sum;
}

/* An upper bound on progress from here; deep: worth a matching. */
static double
bound_at(struct eval *e, size_t pos, int deep)
{
	double b2 = e->pes[0], b;
	size_t k;

	if (pos == NONE)
		b2 += e->ncomp > 0 ? e->suffix[0] : 0;
	if (pos == NONE || pos >= e->nleafpos)
		return e->opt[0] < b2 ? e->opt[0] : b2;
	k = e->comp_of[e->pos_what[pos]];
	b = b2 + e->cb[k] + e->suffix[k + 1];
	if (e->opt[0] < b)
		b = e->opt[0];
	if (deep && b > e->best_value + EPS) {
		double m = b2 + match_bound(e, k) + e->suffix[k + 1];
		if (m < b)
			b = m;
	}
	return b;
}

/* The next option at a position: a pair, or NONE (stay empty, or nothing
 * to decide); 0 when there is none left. */
static int
next_option(struct eval *e, size_t pos, size_t *out)
{
	size_t *cur = &e->cursor[pos];

	if (pos < e->nleafpos) {
		size_t l = e->pos_what[pos];
		const size_t *o = e->opts + e->opt_first[l];
		size_t no = e->opt_n[l];
		while (*cur < no) {
			size_t k = (*cur)++, pi = o[k];
			const struct cred *c = &e->creds[e->pairs[pi].cred];
			int twin = 0;
			if (c->at != NONE)
				continue;
			/* alike credentials: only the first free one */
			for (size_t j = k; j-- > 0;) {
				const struct cred *d = &e->creds[e->pairs[o[j]].cred];
				if (d->cls != c->cls)
					break;
				if (d->at == NONE) {
					twin = 1;
					break;
				}
			}
			if (twin)
				continue;
			e->optidx[pos] = k;
			*out = pi;
			return 1;
		}
		if (*cur == no && e->fallback[l] == NONE) {
			e->optidx[pos] = (*cur)++;
			*out = NONE;
			return 1;
		}
		return 0;
	}
	{
		const struct cred *c = &e->creds[e->pos_what[pos]];
		size_t idx = 0;
		if (c->at != NONE) { /* a leaf took it */
			if (*cur > 0)
				return 0;
			(*cur)++;
			*out = NONE;
			return 1;
		}
		for (size_t j = c->first; j < c->first + c->n; j++) {
			if (!e->pairs[j].alive || !is_selector(e, e->pairs[j].node))
				continue;
			if (idx++ == *cur) {
				e->optidx[pos] = (*cur)++;
				*out = j;
				return 1;
			}
		}
		return 0;
	}
}

/* Interchangeable leaves, and alike credentials left to credits nodes,
 * choose in non-decreasing order of option: any other order is the same
 * assignment. */
static size_t
start_cursor(const struct eval *e, size_t pos)
{
	size_t c;

	if (pos < e->nleafpos)
		return e->twin_prev[pos] == NONE ? 0 : e->optidx[e->twin_prev[pos]];
	c = e->pos_what[pos];
	for (size_t j = pos; j-- > e->nleafpos;) {
		const struct cred *d = &e->creds[e->pos_what[j]];
		if (d->cls != e->creds[c].cls)
			break;
		if (d->at != NONE && is_selector(e, d->at))
			return e->optidx[j];
	}
	return 0;
}

/* A first assignment to beat: the matchings the group bounds found, then
 * free credentials on the leaves they left (where no credits node wants
 * them), then each credential left for credits nodes to the first. */
static void
incumbent(struct eval *e)
{
	for (size_t k = 0; k < e->ncomp; k++) {
		match_bound(e, k);
		for (size_t j = 0; j < e->comp_n[k]; j++) {
			size_t l = e->comp_leaves[e->comp_first[k] + j];
			e->init[l] = e->mleaf[l];
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t pos = 0; pos < e->nleafpos; pos++) {
			size_t l = e->pos_what[pos], pi = NONE;
			const size_t *o = e->opts + e->opt_first[l];
			if (pass == 1 && e->decided[l])
				continue;
			for (size_t k = 0; k < e->opt_n[l] && pi == NONE; k++) {
				const struct pair *q = &e->pairs[o[k]];
				const struct cred *c = &e->creds[q->cred];
				int sel = 0;
				for (size_t j = c->first; pass == 1 && j < c->first + c->n; j++)
					sel |= e->pairs[j].alive && is_selector(e, e->pairs[j].node);
				if (pass == 0 ? q->cred == e->init[l] : c->at == NONE && !sel)
					pi = o[k];
			}
			if (pass == 0 && pi == NONE)
				continue;
			if (pass == 1 && pi == NONE && e->fallback[l] != NONE)
				pi = e->fallback[l];
			apply(e, pos, pi);
		}
	}
	for (size_t pos = e->nleafpos; pos < e->npos; pos++) {
		const struct cred *c = &e->creds[e->pos_what[pos]];
		size_t pi = NONE;
		for (size_t j = c->first; c->at == NONE && j < c->first + c->n && pi == NONE; j++)
			if (e->pairs[j].alive && is_selector(e, e->pairs[j].node))
				pi = j;
		e->optidx[pos] = 0;
		apply(e, pos, pi);
	}
	e->best_value = e->opt[0];
	for (size_t pos = 0; pos < e->npos; pos++) {
		e->best[pos] = e->applied[pos];
		undo(e, pos);
	}
}

static void
search(struct eval *e)
{
	double bound0 = bound_at(e, NONE, 0);
	size_t pos = 0, pi;

	e->best_value = -1;
	if (e->npos == 0)
		return;
	incumbent(e);
	if (e->best_value >= bound0 - EPS)
		return;
	e->cursor[0] = start_cursor(e, 0);
	for (;;) {
		double b;
		if (!next_option(e, pos, &pi)) {
			if (pos == 0)
				break;
			undo(e, --pos);
			continue;
		}
		apply(e, pos, pi);
		e->steps++;
		b = bound_at(e, pos, e->best_value >= 0 && pos + 1 < e->npos);
		if (pos + 1 == e->npos) {
			if (b > e->best_value + EPS) {
				e->best_value = b;
				for (size_t j = 0; j < e->npos; j++)
					e->best[j] = e->applied[j];
				if (b >= bound0 - EPS)
					break; /* nothing can do better */
			}
			undo(e, pos);
		} else if (b <= e->best_value + EPS) {
			undo(e, pos);
		} else {
			pos++;
			e->cursor[pos] = start_cursor(e, pos);
		}
		if (e->steps + e->work / WORK_PER_STEP >= CAIRN_MAX_PATHWAY_SEARCH) {
			e->exact = 0;
			break;
		}
	}
}

/* Signature order of contested credentials: alike ones are adjacent. */
static int
cred_sig_cmp(const struct eval *e, size_t a, size_t b)
{
	const struct cred *x = &e->creds[a], *y = &e->creds[b];
	size_t i = x->first, j = y->first;

	if (x->verified != y->verified)
		return x->verified < y->verified ? -1 : 1;
	if (x->nlive != y->nlive)
		return x->nlive < y->nlive ? -1 : 1;
	for (;;) {
		while (i < x->first + x->n && !e->pairs[i].alive)
			i++;
		while (j < y->first + y->n && !e->pairs[j].alive)
			j++;
		if (i >= x->first + x->n || j >= y->first + y->n)
			return 0;
		if (e->pairs[i].node != e->pairs[j].node)
			return e->pairs[i].node < e->pairs[j].node ? -1 : 1;
		if (e->pairs[i].value != e->pairs[j].value)
			return e->pairs[i].value < e->pairs[j].value ? -1 : 1;
		i++;
		j++;
	}
}

/* qsort has no context: sort indices by merging runs. */
static void
sort_by(struct eval *e, size_t *v, size_t n, size_t *tmp,
        int (*cmp)(const struct eval *, size_t, size_t))
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, o = lo;
			while (a < mid && b < hi)
				tmp[o++] = cmp(e, v[b], v[a]) < 0 ? v[b++] : v[a++];
			while (a < mid)
				tmp[o++] = v[a++];
			while (b < hi)
				tmp[o++] = v[b++];
		}
		memcpy(v, tmp, n * sizeof *v);
	}
}

static int
cred_order(const struct eval *e, size_t a, size_t b)
{
	int c = cred_sig_cmp(e, a, b);

	return c != 0 ? c : (a > b) - (a < b);
}

/* Leaf options: verified first, more credits first where they count,
 * alike credentials together, then collection order. */
static int
option_order(const struct eval *e, size_t a, size_t b)
{
	const struct pair *x = &e->pairs[a], *y = &e->pairs[b];
	const struct cred *cx = &e->creds[x->cred], *cy = &e->creds[y->cred];

	if (cx->verified != cy->verified)
		return cx->verified > cy->verified ? -1 : 1;
	if (valued(e, x->node) && x->value != y->value)
		return x->value > y->value ? -1 : 1;
	if (cx->cls != cy->cls)
		return cx->cls < cy->cls ? -1 : 1;
	return (x->cred > y->cred) - (x->cred < y->cred);
}

/* Leaves in a group by weight, heaviest first. */
static int
leaf_weight_order(const struct eval *e, size_t a, size_t b)
{
	if (e->w[a] != e->w[b])
		return e->w[a] > e->w[b] ? -1 : 1;
	return (a > b) - (a < b);
}

/* Positions: groups in the order their first leaf appears, fewest
 * options first within a group. */
static int
position_order(const struct eval *e, size_t a, size_t b)
{
	if (e->comp_of[a] != e->comp_of[b])
		return e->comp_of[a] < e->comp_of[b] ? -1 : 1;
	if (e->opt_n[a] != e->opt_n[b])
		return e->opt_n[a] < e->opt_n[b] ? -1 : 1;
	return (a > b) - (a < b);
}

/* Leaves are interchangeable when they sit under the same node and have
 * the same candidates, counting the same credits. */
static int
leaf_twins(const struct eval *e, size_t a, size_t b)
{
	const size_t *x = e->opts + e->opt_first[a], *y = e->opts + e->opt_first[b];

	if (e->p->nodes[a].parent != e->p->nodes[b].parent || e->opt_n[a] != e->opt_n[b] ||
	    e->fallback[a] != NONE || e->fallback[b] != NONE)
		return 0;
	for (size_t k = 0; k < e->opt_n[a]; k++)
		if (e->pairs[x[k]].cred != e->pairs[y[k]].cred ||
		    e->pairs[x[k]].value != e->pairs[y[k]].value ||
		    e->pairs[x[k]].has_value != e->pairs[y[k]].has_value)
			return 0;
	return 1;
}

static size_t
uf_find(size_t *up, size_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

#define ALLOC(ptr, n) \
	((ptr) = calloc((n) + 1, sizeof *(ptr))) == NULL

/* Everything the search needs, once the candidates are known. */
static int
search_setup(struct eval *e)
{
	const struct pathway *p = e->p;
	size_t nn = p->nnodes, nopts = 0, *up = NULL, *tmp = NULL, *order = NULL;
	size_t nsel = 0, *rank = NULL;
	int rc = -1;

	if (ALLOC(up, nn) || ALLOC(tmp, e->npairs + e->ncreds + nn) ||
	    ALLOC(order, e->ncreds + nn) || ALLOC(rank, e->ncreds + nn))
		goto out;

	/* fixed by step 1: selectors take their uncontested credentials */
	for (size_t c = 0; c < e->ncreds; c++) {
		struct cred *cr = &e->creds[c];
		if (cr->fixed || cr->nlive != 1)
			continue;
		for (size_t j = cr->first; j < cr->first + cr->n; j++)
			if (e->pairs[j].alive && is_selector(e, e->pairs[j].node)) {
				cr->at = e->pairs[j].node;
				cr->fixed = 1;
			}
	}
	for (size_t c = 0; c < e->ncreds; c++) {
		struct cred *cr = &e->creds[c];
		for (size_t j = cr->first; j < cr->first + cr->n; j++) {
			const struct pair *q = &e->pairs[j];
			if (is_selector(e, q->node) && (cr->fixed ? cr->at == q->node : q->alive))
				e->freesum[q->node] += q->value;
			if (is_selector(e, q->node) && cr->fixed && cr->at == q->node)
				e->fixsum[q->node] += q->value;
		}
	}

	/* alike credentials share a class, numbered in collection order of
	 * their first member so that ties still follow collection order */
	{
		size_t n = 0, cls = 0, *renum = rank;
		for (size_t c = 0; c < e->ncreds; c++)
			if (!e->creds[c].fixed && e->creds[c].nlive > 0)
				order[n++] = c;
		sort_by(e, order, n, tmp, cred_order);
		for (size_t i = 0; i < n; i++) {
			if (i > 0 && cred_sig_cmp(e, order[i - 1], order[i]) != 0)
				cls++;
			e->creds[order[i]].cls = cls;
		}
		for (size_t i = 0; i <= cls && i < n; i++)
			renum[i] = NONE;
		cls = 0;
		for (size_t c = 0; c < e->ncreds; c++) {
			struct cred *cr = &e->creds[c];
			if (cr->fixed || cr->nlive == 0)
				continue;
			if (renum[cr->cls] == NONE)
				renum[cr->cls] = cls++;
			cr->cls = renum[cr->cls];
		}
	}

	/* open leaves: options, free counts, groups */
	for (size_t i = 0; i < nn; i++)
		up[i] = i;
	for (size_t s = 0; s < p->nslots; s++) {
		size_t l = p->slots[s];
		if (p->nodes[l].kind != PW_LEAF || e->decided[l])
			continue;
		e->opt_first[l] = nopts;
		for (size_t k = 0; k < e->cand_n[l]; k++) {
			size_t pi = e->cand[e->cand_first[l] + k];
			const struct pair *q = &e->pairs[pi];
			if (!q->alive)
				continue;
			e->opts[nopts++] = pi;
			if (q->value > e->maxv[l])
				e->maxv[l] = q->value;
			if (e->creds[q->cred].nlive == 1)
				e->fallback[l] = pi;
		}
		e->opt_n[l] = nopts - e->opt_first[l];
		e->freecnt[l] = e->opt_n[l];
		if (e->opt_n[l] == 0) {
			fix_leaf(e, l, NONE);
			continue;
		}
		sort_by(e, e->opts + e->opt_first[l], e->opt_n[l], tmp, option_order);
	}
	for (size_t c = 0; c < e->ncreds; c++) {
		const struct cred *cr = &e->creds[c];
		size_t root = NONE;
		if (cr->fixed)
			continue;
		for (size_t j = cr->first; j < cr->first + cr->n; j++) {
			const struct pair *q = &e->pairs[j];
			if (!q->alive || is_selector(e, q->node))
				continue;
			if (root == NONE)
				root = uf_find(up, q->node);
			else
				up[uf_find(up, q->node)] = root;
		}
	}
	/* leaves under one capped parent share its cap: one group */
	for (size_t i = 0; i < nn; i++)
		rank[i] = NONE;
	for (size_t s = 0; s < p->nslots; s++) {
		size_t l = p->slots[s], g = p->nodes[l].parent, a, b;
		if (p->nodes[l].kind != PW_LEAF || e->decided[l] || g == NONE || !capped(e, g))
			continue;
		if (rank[g] == NONE) {
			rank[g] = l;
			continue;
		}
		a = uf_find(up, l);
		b = uf_find(up, rank[g]);
		if (a != b)
			up[a] = b;
	}
	/* groups numbered in document order of their first leaf */
	for (size_t i = 0; i < nn; i++)
		rank[i] = NONE;
	e->nleafpos = 0;
	for (size_t s = 0; s < p->nslots; s++) {
		size_t l = p->slots[s], r;
		if (p->nodes[l].kind != PW_LEAF || e->decided[l])
			continue;
		r = uf_find(up, l);
		if (rank[r] == NONE)
			rank[r] = e->ncomp++;
		e->comp_of[l] = rank[r];
		e->pos_what[e->nleafpos++] = l;
		if (valued(e, l)) {
			size_t K = p->nodes[l].counter;
			e->w[l] = p->nodes[K].weight * ratio(e->maxv[l], p->nodes[K].credits);
		} else {
			e->w[l] = p->nodes[l].weight;
		}
	}
	if (ALLOC(e->comp_first, e->ncomp) || ALLOC(e->comp_n, e->ncomp) ||
	    ALLOC(e->comp_leaves, e->nleafpos) || ALLOC(e->comp_free, e->ncomp) ||
	    ALLOC(e->cb, e->ncomp) || ALLOC(e->suffix, e->ncomp + 1))
		goto out;
	for (size_t i = 0; i < e->nleafpos; i++)
		e->comp_n[e->comp_of[e->pos_what[i]]]++;
	for (size_t k = 1; k < e->ncomp; k++)
		e->comp_first[k] = e->comp_first[k - 1] + e->comp_n[k - 1];
	for (size_t k = 0; k < e->ncomp; k++)
		e->comp_n[k] = 0;
	for (size_t i = 0; i < e->nleafpos; i++) {
		size_t l = e->pos_what[i], k = e->comp_of[l];
		e->comp_leaves[e->comp_first[k] + e->comp_n[k]++] = l;
	}
	for (size_t k = 0; k < e->ncomp; k++)
		sort_by(e, e->comp_leaves + e->comp_first[k], e->comp_n[k], tmp,
		        leaf_weight_order);
	for (size_t c = 0; c < e->ncreds; c++) {
		struct cred *cr = &e->creds[c];
		if (cr->fixed)
			continue;
		for (size_t j = cr->first; j < cr->first + cr->n; j++) {
			const struct pair *q = &e->pairs[j];
			if (q->alive && !is_selector(e, q->node)) {
				cr->comp = e->comp_of[q->node];
				e->comp_free[cr->comp]++;
				break;
			}
		}
	}
	sort_by(e, e->pos_what, e->nleafpos, tmp, position_order);

	/* phase two: credentials that two or more credits nodes could use */
	e->npos = e->nleafpos;
	for (size_t c = 0; c < e->ncreds; c++) {
		const struct cred *cr = &e->creds[c];
		size_t k = 0;
		if (cr->fixed)
			continue;
		for (size_t j = cr->first; j < cr->first + cr->n; j++)
			k += e->pairs[j].alive && is_selector(e, e->pairs[j].node);
		if (k >= 2)
			order[nsel++] = c;
	}
	sort_by(e, order, nsel, tmp, cred_order);
	for (size_t i = 0; i < nsel; i++)
		e->pos_what[e->npos++] = order[i];

	/* the tree, bottom up (children come after their parent) */
	for (size_t i = nn; i-- > 0;)
		node_eval(e, i);
	for (size_t k = 0; k < e->ncomp; k++)
		e->cb[k] = comp_bound(e, k);
	for (size_t k = e->ncomp; k-- > 0;)
		e->suffix[k] = e->suffix[k + 1] + match_bound(e, k);
	for (size_t i = 0; i < e->nleafpos; i++) {
		e->twin_prev[i] = NONE;
		for (size_t j = i; j-- > 0;) {
			if (e->comp_of[e->pos_what[j]] != e->comp_of[e->pos_what[i]])
				break;
			if (leaf_twins(e, e->pos_what[j], e->pos_what[i])) {
				e->twin_prev[i] = j;
				break;
			}
		}
	}
	rc = 0;
out:
	free(up);
	free(tmp);
	free(order);
	free(rank);
	return rc;
}

/* The best assignment into fill[] and creds[].at. */
static void
settle(struct eval *e)
{
	if (e->npos > 0) {
		for (size_t c = 0; c < e->ncreds; c++)
			if (!e->creds[c].fixed)
				e->creds[c].at = NONE;
		for (size_t i = 0; i < e->npos; i++) {
			size_t pi = e->best[i];
			if (i < e->nleafpos) {
				e->fill[e->pos_what[i]] = pi;
				e->decided[e->pos_what[i]] = 1;
			}
			if (pi != NONE)
				e->creds[e->pairs[pi].cred].at = e->pairs[pi].node;
		}
	}
	/* whatever is left goes to the one credits node that can use it */
	for (size_t c = 0; c < e->ncreds; c++) {
		struct cred *cr = &e->creds[c];
		if (cr->at != NONE)
			continue;
		for (size_t j = cr->first; j < cr->first + cr->n; j++)
			if (e->pairs[j].alive && is_selector(e, e->pairs[j].node)) {
				cr->at = e->pairs[j].node;
				break;
			}
	}
}

/* ---- the result ------------------------------------------------------ */

struct fin {
	double prog;
	int complete;
	int64_t earned;
	unsigned done, of;
};

struct cost {
	size_t items;
	int64_t credits, hours;
};

static int
cost_cmp(const struct cost *a, const struct cost *b)
{
	if (a->items != b->items)
		return a->items < b->items ? -1 : 1;
	if (a->credits != b->credits)
		return a->credits < b->credits ? -1 : 1;
	if (a->hours != b->hours)
		return a->hours < b->hours ? -1 : 1;
	return 0;
}

static void
cost_add(struct cost *a, const struct cost *b)
{
	a->items += b->items;
	a->credits += b->credits;
	a->hours += b->hours;
}

struct out {
	struct eval *e;
	struct fin *fin;
	struct cost *cost;
	size_t *pick;      /* scratch for choices */
	int64_t *prefix;
	size_t npick;
	struct cost total; /* of the next steps */
};

/* The pair through which credential c counts at node. */
static const struct pair *
pair_at(const struct eval *e, size_t c, size_t node)
{
	const struct cred *cr = &e->creds[c];

	for (size_t j = cr->first; j < cr->first + cr->n; j++)
		if (e->pairs[j].node == node)
			return &e->pairs[j];
	return NULL;
}

static void
finish_nodes(struct out *o)
{
	struct eval *e = o->e;
	const struct pathway *p = e->p;

	for (size_t c = 0; c < e->ncreds; c++) {
		const struct cred *cr = &e->creds[c];
		if (cr->at != NONE && is_selector(e, cr->at))
			o->fin[cr->at].earned += pair_at(e, c, cr->at)->value;
	}
	for (size_t i = p->nnodes; i-- > 0;) {
		const struct pw_node *n = &p->nodes[i];
		struct fin *f = &o->fin[i];
		unsigned ncomplete = 0;
		double sum = 0;

		for (size_t k = 0; k < n->nkids; k++) {
			const struct fin *kf = &o->fin[p->kids[n->first + k]];
			ncomplete += (unsigned)kf->complete;
			e->tmp[k] = kf->prog;
			sum += kf->prog;
		}
		switch (n->kind) {
		case PW_LEAF:
			f->complete = e->fill[i] != NONE;
			f->prog = f->complete;
			f->done = (unsigned)f->complete;
			f->of = 1;
			if (f->complete && e->pairs[e->fill[i]].has_value)
				f->earned = e->pairs[e->fill[i]].value;
			break;
		case PW_ALL:
			f->prog = sum / (double)n->nkids;
			f->complete = ncomplete == n->nkids;
			f->done = ncomplete;
			f->of = (unsigned)n->nkids;
			break;
		case PW_ANY:
			for (size_t k = 0; k < n->nkids; k++)
				f->prog = dmax(f->prog, e->tmp[k]);
			f->complete = ncomplete > 0;
			f->done = ncomplete > 0;
			f->of = 1;
			break;
		case PW_ATLEAST:
			qsort(e->tmp, n->nkids, sizeof *e->tmp, cmp_double_desc);
			for (size_t k = 0; k < n->atleast; k++)
				f->prog += e->tmp[k];
			f->prog /= n->atleast;
			f->complete = ncomplete >= n->atleast;
			f->done = ncomplete < n->atleast ? ncomplete : n->atleast;
			f->of = n->atleast;
			break;
		case PW_CREDITS:
			for (size_t k = 0; k < n->nkids; k++)
				f->earned += o->fin[p->kids[n->first + k]].earned;
			f->prog = ratio(f->earned, n->credits);
			f->complete = f->earned >= n->credits;
			break;
		}
		if (!f->complete && f->prog >= 1)
			f->prog = 1.0 - DBL_EPSILON / 2; /* the largest below 1 */
	}
}

/* Missing leaves of a credits list that make up deficit: fewest, then
 * fewest credits, then fewest hours.  Fills o->pick; 0 when the listed
 * credits cannot make it up. */
struct pick_search {
	const struct pathway *p;
	const size_t *item;
	const int64_t *prefix;   /* prefix[i]: credits of item[0..i) */
	size_t m, k;
	int64_t need;
	size_t *cur, *best;
	struct cost best_cost;
	unsigned long budget;
};

static void
pick_dfs(struct pick_search *s, size_t from, size_t depth, int64_t sum,
         int64_t hours)
{
	if (depth == s->k) {
		struct cost c = {s->k, sum, hours};
		if (sum >= s->need && cost_cmp(&c, &s->best_cost) < 0) {
			s->best_cost = c;
			memcpy(s->best, s->cur, s->k * sizeof *s->cur);
		}
		return;
	}
	for (size_t i = from; i + (s->k - depth) <= s->m; i++) {
		const struct pw_node *n = &s->p->nodes[s->item[i]];
		if (s->budget == 0)
			return;
		s->budget--;
		/* items are sorted by credits, largest first: the next ones
		 * are the most the rest can reach */
		if (sum + s->prefix[i + s->k - depth] - s->prefix[i] < s->need)
			break;
		if (sum + n->credits > s->best_cost.credits)
			continue;
		s->cur[depth] = s->item[i];
		pick_dfs(s, i + 1, depth + 1, sum + n->credits,
		         hours + (n->has_hours ? n->hours : 0));
	}
}

static int
pick_cmp(const void *a, const void *b, const struct pathway *p)
{
	const struct pw_node *x = &p->nodes[*(const size_t *)a];
	const struct pw_node *y = &p->nodes[*(const size_t *)b];

	if (x->credits != y->credits)
		return x->credits > y->credits ? -1 : 1;
	if (x->hours != y->hours)
		return x->hours < y->hours ? -1 : 1;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int
pick_leaves(struct out *o, size_t node, struct cost *cost)
{
	struct eval *e = o->e;
	const struct pathway *p = e->p;
	const struct pw_node *n = &p->nodes[node];
	int64_t need = n->credits - o->fin[node].earned, sum = 0;
	size_t m = 0, *item = o->pick + p->nnodes, k = 0;
	struct pick_search s;

	for (size_t i = 0; i < n->nkids; i++) {
		size_t l = p->kids[n->first + i];
		if (e->fill[l] == NONE && p->nodes[l].has_credits && p->nodes[l].credits > 0)
			item[m++] = l;
	}
	/* insertion sort: lists are short, and qsort has no context */
	for (size_t i = 1; i < m; i++)
		for (size_t j = i; j > 0 && pick_cmp(&item[j], &item[j - 1], p) < 0; j--) {
			size_t t = item[j];
			item[j] = item[j - 1];
			item[j - 1] = t;
		}
	while (k < m && sum < need)
		sum += p->nodes[item[k++]].credits;
	if (sum < need)
		return 0;
	s.p = p;
	s.item = item;
	s.m = m;
	s.k = k;
	s.need = need;
	s.cur = o->pick + 2 * p->nnodes;
	s.best = o->pick;
	s.best_cost.items = k;
	s.best_cost.credits = 0;
	s.best_cost.hours = 0;
	for (size_t i = 0; i < k; i++) {
		s.best[i] = item[i];
		s.best_cost.credits += p->nodes[item[i]].credits;
		s.best_cost.hours += p->nodes[item[i]].has_hours ? p->nodes[item[i]].hours : 0;
	}
	s.budget = 100000;
	s.prefix = o->prefix;
	o->prefix[0] = 0;
	for (size_t i = 0; i < m; i++)
		o->prefix[i + 1] = o->prefix[i] + p->nodes[item[i]].credits;
	pick_dfs(&s, 0, 0, 0, 0);
	o->npick = k;
	*cost = s.best_cost;
	return 1;
}

/* Cheapest way to complete each node from where it stands. */
static void
finish_costs(struct out *o)
{
	const struct pathway *p = o->e->p;

	for (size_t i = p->nnodes; i-- > 0;) {
		const struct pw_node *n = &p->nodes[i];
		struct cost *c = &o->cost[i];
		memset(c, 0, sizeof *c);
		if (o->fin[i].complete)
			continue;
		switch (n->kind) {
		case PW_LEAF:
			c->items = 1;
			c->credits = n->has_credits ? n->credits : 0;
			c->hours = n->has_hours ? n->hours : 0;
			break;
		case PW_ALL:
			for (size_t k = 0; k < n->nkids; k++)
				cost_add(c, &o->cost[p->kids[n->first + k]]);
			break;
		case PW_ANY: {
			const struct cost *best = NULL;
			for (size_t k = 0; k < n->nkids; k++) {
				const struct cost *kc = &o->cost[p->kids[n->first + k]];
				if (best == NULL || cost_cmp(kc, best) < 0)
					best = kc;
			}
			*c = *best;
			break;
		}
		case PW_ATLEAST: {
			size_t need = n->atleast - o->fin[i].done;
			/* the cheapest incomplete children, one at a time */
			for (size_t k = 0; k < n->nkids; k++)
				o->pick[k] = 0;
			for (size_t t = 0; t < need; t++) {
				size_t best = NONE;
				for (size_t k = 0; k < n->nkids; k++) {
					size_t kid = p->kids[n->first + k];
					if (o->pick[k] || o->fin[kid].complete)
						continue;
					if (best == NONE || cost_cmp(&o->cost[kid],
					                             &o->cost[p->kids[n->first + best]]) < 0)
						best = k;
				}
				o->pick[best] = 1;
				cost_add(c, &o->cost[p->kids[n->first + best]]);
			}
			break;
		}
		case PW_CREDITS:
			if (n->selector || !pick_leaves(o, i, c)) {
				c->items = 1;
				c->credits = n->credits - o->fin[i].earned;
				c->hours = 0;
			}
			break;
		}
	}
}

static void append(char *buf, size_t cap, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends to a list of phrases ("tagged sql, at EQF level 5 or higher"). */
static void
append(char *buf, size_t cap, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o + 2 >= cap)
		return;
	if (*o > 0) {
		memcpy(buf + *o, ", ", 3);
		*o += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, cap - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o += (size_t)n < cap - *o ? (size_t)n : cap - *o - 1;
}

static void
describe_match(const struct pw_match *m, char *buf, size_t cap)
{
	size_t o = 0;

	buf[0] = '\0';
	if (m->achievement != NULL)
		append(buf, cap, &o, _("achievement %s"), m->achievement);
	if (m->name != NULL)
		append(buf, cap, &o, _("named %s"), m->name);
	if (m->issuer != NULL)
		append(buf, cap, &o, _("from issuer %s"), m->issuer);
	if (m->tag != NULL)
		append(buf, cap, &o, _("tagged %s"), m->tag);
	if (m->skill != NULL)
		append(buf, cap, &o, _("with skill %s"), m->skill);
	if (m->al_framework != NULL)
		append(buf, cap, &o, _("in framework %s"), m->al_framework);
	if (m->al_code != NULL)
		append(buf, cap, &o, _("with code %s"), m->al_code);
	if (m->al_url != NULL)
		append(buf, cap, &o, _("aligned to %s"), m->al_url);
	if (m->eqf > 0)
		append(buf, cap, &o, _("at EQF level %d or higher"), m->eqf);
}

static const char *
unit_name(const char *u)
{
	return u != NULL ? u : "credits";
}

static void
node_title(const struct pathway *p, size_t i, char *buf, size_t cap)
{
	const struct pw_node *n = &p->nodes[i];
	char a[32], d[400];

	if (n->title != NULL) {
		snprintf(buf, cap, "%s", n->title);
		return;
	}
	switch (n->kind) {
	case PW_LEAF:
		describe_match(&n->m, d, sizeof d);
		snprintf(buf, cap, _("A credential %s"), d);
		break;
	case PW_ALL:
		snprintf(buf, cap, "%s", _("All of these"));
		break;
	case PW_ANY:
		snprintf(buf, cap, "%s", _("One of these"));
		break;
	case PW_ATLEAST:
		snprintf(buf, cap, P_("At least %u of these", "At least %u of these", n->atleast),
		         n->atleast);
		break;
	case PW_CREDITS:
		fmt_milli(n->credits, a);
		if (n->selector) {
			describe_match(&n->m, d, sizeof d);
			snprintf(buf, cap, _("%s %s from credentials %s"), a, unit_name(n->unit), d);
		} else {
			snprintf(buf, cap, _("%s %s from these"), a, unit_name(n->unit));
		}
		break;
	}
}

static void
oom_check(struct eval *e, const void *v)
{
	if (v == NULL)
		e->oom = 1;
}

static cJSON *
credits_json(struct eval *e, cJSON *parent, int64_t earned, int has_required,
             int64_t required, const char *unit)
{
	cJSON *c = cJSON_AddObjectToObject(parent, "credits");

	oom_check(e, c);
	oom_check(e, cJSON_AddNumberToObject(c, "earned", milli_num(earned)));
	if (has_required)
		oom_check(e, cJSON_AddNumberToObject(c, "required", milli_num(required)));
	oom_check(e, cJSON_AddStringToObject(c, "unit", unit_name(unit)));
	return c;
}

static void
filled_entry(struct eval *e, cJSON *arr, size_t c, const struct pair *pr)
{
	const cJSON *rec = e->recs[e->creds[c].rec];
	cJSON *f = cJSON_CreateObject();
	const char *id = json_str(rec, "id"), *title = json_str(rec, "title");

	oom_check(e, f);
	if (f == NULL)
		return;
	cJSON_AddItemToArray(arr, f);
	oom_check(e, cJSON_AddStringToObject(f, "id", id != NULL ? id : ""));
	oom_check(e, cJSON_AddStringToObject(f, "title", title != NULL ? title : ""));
	if (pr->has_value) {
		const char *src = pr->from_leaf ? "pathway"
		                  : json_str(json_obj(rec, "credits"), "source");
		oom_check(e, cJSON_AddNumberToObject(f, "credits", milli_num(pr->value)));
		oom_check(e, cJSON_AddStringToObject(f, "creditsSource",
		                                     src != NULL ? src : "credential"));
	}
	oom_check(e, cJSON_AddBoolToObject(f, "verified", e->creds[c].verified));
}

static cJSON *
node_json(struct out *o, size_t i)
{
	struct eval *e = o->e;
	const struct pathway *p = e->p;
	const struct pw_node *n = &p->nodes[i];
	const struct fin *f = &o->fin[i];
	cJSON *j = cJSON_CreateObject(), *arr;
	char title[512];

	oom_check(e, j);
	if (j == NULL)
		return NULL;
	node_title(p, i, title, sizeof title);
	oom_check(e, cJSON_AddStringToObject(j, "kind", kind_name(n->kind)));
	if (n->id != NULL)
		oom_check(e, cJSON_AddStringToObject(j, "id", n->id));
	oom_check(e, cJSON_AddStringToObject(j, "title", title));
	oom_check(e, cJSON_AddStringToObject(j, "path", n->path));
	oom_check(e, cJSON_AddStringToObject(j, "status",
	                                     f->complete ? "complete" : f->prog > 0 ? "partial" : "missing"));
	oom_check(e, cJSON_AddNumberToObject(j, "progress", f->prog));
	if (n->kind != PW_CREDITS) {
		oom_check(e, cJSON_AddNumberToObject(j, "done", f->done));
		oom_check(e, cJSON_AddNumberToObject(j, "of", f->of));
	}
	if (n->kind == PW_CREDITS)
		credits_json(e, j, f->earned, 1, n->credits, n->unit);
	else if (n->kind == PW_LEAF && (n->counter != NONE || n->has_credits ||
	                                (e->fill[i] != NONE && e->pairs[e->fill[i]].has_value)))
		credits_json(e, j, f->earned, n->has_credits, n->credits, slot_unit(p, n));
	if (n->kind == PW_LEAF || (n->kind == PW_CREDITS && n->selector)) {
		arr = cJSON_AddArrayToObject(j, "filledBy");
		oom_check(e, arr);
		if (n->kind == PW_LEAF && e->fill[i] != NONE)
			filled_entry(e, arr, e->pairs[e->fill[i]].cred, &e->pairs[e->fill[i]]);
		for (size_t c = 0; n->kind == PW_CREDITS && c < e->ncreds; c++)
			if (e->creds[c].at == i)
				filled_entry(e, arr, c, pair_at(e, c, i));
	}
	if (n->nkids > 0) {
		arr = cJSON_AddArrayToObject(j, "children");
		oom_check(e, arr);
		for (size_t k = 0; k < n->nkids; k++) {
			cJSON *kid = node_json(o, p->kids[n->first + k]);
			if (kid != NULL)
				cJSON_AddItemToArray(arr, kid);
		}
	}
	return j;
}

static void
add_step(struct out *o, cJSON *steps, size_t node, const char *title,
         int64_t credits, int64_t hours)
{
	struct eval *e = o->e;
	const struct pw_node *n = &e->p->nodes[node];
	cJSON *s = cJSON_CreateObject();

	o->total.items++;
	o->total.credits += credits;
	o->total.hours += hours;
	oom_check(e, s);
	if (s == NULL)
		return;
	cJSON_AddItemToArray(steps, s);
	oom_check(e, cJSON_AddStringToObject(s, "title", title));
	if (n->id != NULL)
		oom_check(e, cJSON_AddStringToObject(s, "id", n->id));
	oom_check(e, cJSON_AddStringToObject(s, "path", n->path));
	oom_check(e, cJSON_AddNumberToObject(s, "credits", milli_num(credits)));
	oom_check(e, cJSON_AddNumberToObject(s, "hours", milli_num(hours)));
	if (n->url != NULL)
		oom_check(e, cJSON_AddStringToObject(s, "url", n->url));
}

static void
emit_steps(struct out *o, size_t i, cJSON *steps)
{
	struct eval *e = o->e;
	const struct pathway *p = e->p;
	const struct pw_node *n = &p->nodes[i];
	char title[512], a[32], d[400];

	if (o->fin[i].complete)
		return;
	switch (n->kind) {
	case PW_LEAF:
		node_title(p, i, title, sizeof title);
		add_step(o, steps, i, title, n->has_credits ? n->credits : 0,
		         n->has_hours ? n->hours : 0);
		break;
	case PW_ALL:
		for (size_t k = 0; k < n->nkids; k++)
			emit_steps(o, p->kids[n->first + k], steps);
		break;
	case PW_ANY: {
		size_t best = NONE;
		for (size_t k = 0; k < n->nkids; k++) {
			size_t kid = p->kids[n->first + k];
			if (best == NONE || cost_cmp(&o->cost[kid], &o->cost[best]) < 0)
				best = kid;
		}
		emit_steps(o, best, steps);
		break;
	}
	case PW_ATLEAST: {
		size_t need = n->atleast - o->fin[i].done;
		unsigned char *chosen = calloc(n->nkids, 1);
		if (chosen == NULL) {
			e->oom = 1;
			return;
		}
		for (size_t t = 0; t < need; t++) {
			size_t best = NONE;
			for (size_t k = 0; k < n->nkids; k++) {
				size_t kid = p->kids[n->first + k];
				if (chosen[k] || o->fin[kid].complete)
					continue;
				if (best == NONE || cost_cmp(&o->cost[kid],
				                             &o->cost[p->kids[n->first + best]]) < 0)
					best = k;
			}
			chosen[best] = 1;
		}
		for (size_t k = 0; k < n->nkids; k++)
			if (chosen[k])
				emit_steps(o, p->kids[n->first + k], steps);
		free(chosen);
		break;
	}
	case PW_CREDITS: {
		struct cost c;
		int64_t need = n->credits - o->fin[i].earned;
		if (!n->selector && pick_leaves(o, i, &c)) {
			/* in document order */
			qsort(o->pick, o->npick, sizeof *o->pick, cmp_size);
			for (size_t k = 0; k < o->npick; k++) {
				size_t l = o->pick[k];
				node_title(p, l, title, sizeof title);
				add_step(o, steps, l, title, p->nodes[l].credits,
				         p->nodes[l].has_hours ? p->nodes[l].hours : 0);
			}
			break;
		}
		fmt_milli(need, a);
		if (n->selector) {
			describe_match(&n->m, d, sizeof d);
			snprintf(title, sizeof title, _("%s more %s from credentials %s"),
			         a, unit_name(n->unit), d);
		} else {
			char t[400];
			node_title(p, i, t, sizeof t);
			snprintf(title, sizeof title, _("%s more %s toward %s"), a,
			         unit_name(n->unit), t);
		}
		add_step(o, steps, i, title, need, 0);
		break;
	}
	}
}

static const char *
reason_text(const struct excl *x, char *buf, size_t cap)
{
	char a[48], b[48];

	switch (x->why) {
	case R_FAILED:
		return _("failed verification");
	case R_EXPIRED:
		return _("expired");
	case R_UNVERIFIED:
		return _("not verified, and this pathway counts only verified credentials");
	case R_UNVERIFIED_LEAF:
		return _("not verified, and the requirement it matches counts only verified credentials");
	case R_UNIT:
		snprintf(buf, cap, _("its credits are in %s, not %s"),
		         safe_name(x->unit, a), safe_name(unit_name(x->want), b));
		return buf;
	case R_NOCREDITS:
	case R_NONE:
		break;
	}
	return _("carries no credits");
}

static enum cairn_err
build_result(struct eval *e, cJSON **result, struct cairn_error *err)
{
	const struct pathway *p = e->p;
	struct out o = {e, NULL, NULL, NULL, NULL, 0, {0, 0, 0}};
	cJSON *r = cJSON_CreateObject(), *next, *steps, *ex;
	const struct fin *root;
	size_t unverified = 0;
	enum cairn_err rc = CAIRN_OK;

	o.fin = calloc(p->nnodes, sizeof *o.fin);
	o.cost = calloc(p->nnodes, sizeof *o.cost);
	o.pick = calloc(3 * p->nnodes + 1, sizeof *o.pick);
	o.prefix = calloc(p->nnodes + 1, sizeof *o.prefix);
	if (r == NULL || o.fin == NULL || o.cost == NULL || o.pick == NULL ||
	    o.prefix == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	finish_nodes(&o);
	finish_costs(&o);
	root = &o.fin[0];

	oom_check(e, cJSON_AddStringToObject(r, "id", p->id));
	oom_check(e, cJSON_AddStringToObject(r, "title", p->title));
	oom_check(e, cJSON_AddBoolToObject(r, "complete", root->complete));
	oom_check(e, cJSON_AddNumberToObject(r, "progress", root->prog));
	if (p->nodes[0].kind == PW_CREDITS) {
		oom_check(e, cJSON_AddStringToObject(r, "measure", "credits"));
		credits_json(e, r, root->earned, 1, p->nodes[0].credits, p->nodes[0].unit);
	} else {
		oom_check(e, cJSON_AddStringToObject(r, "measure", "requirements"));
		if (p->has_target_credits) {
			int64_t earned = 0;
			for (size_t c = 0; c < e->ncreds; c++) {
				size_t at = e->creds[c].at;
				const struct pair *pr;
				if (at == NONE)
					continue;
				pr = pair_at(e, c, at);
				if (pr->has_value &&
				    unit_compatible(slot_unit(p, &p->nodes[at]), p->target_unit))
					earned += pr->value;
			}
			credits_json(e, r, earned, 1, p->target_credits, p->target_unit);
		}
	}
	oom_check(e, cJSON_AddItemToObject(r, "nodes", node_json(&o, 0)) ? r : NULL);

	next = cJSON_AddObjectToObject(r, "next");
	steps = cJSON_AddArrayToObject(next, "steps");
	oom_check(e, steps);
	emit_steps(&o, 0, steps);
	oom_check(e, cJSON_AddNumberToObject(next, "items", (double)o.total.items));
	oom_check(e, cJSON_AddNumberToObject(next, "credits", milli_num(o.total.credits)));
	oom_check(e, cJSON_AddNumberToObject(next, "hours", milli_num(o.total.hours)));

	ex = cJSON_AddArrayToObject(r, "excluded");
	oom_check(e, ex);
	for (size_t i = 0; i < e->nexcl; i++) {
		const cJSON *rec = e->recs[e->excl[i].rec];
		const char *id = json_str(rec, "id"), *title = json_str(rec, "title");
		char buf[200];
		cJSON *x = cJSON_CreateObject();
		oom_check(e, x);
		if (x == NULL)
			break;
		cJSON_AddItemToArray(ex, x);
		oom_check(e, cJSON_AddStringToObject(x, "id", id != NULL ? id : ""));
		oom_check(e, cJSON_AddStringToObject(x, "title", title != NULL ? title : ""));
		oom_check(e, cJSON_AddStringToObject(x, "reason",
		                                     reason_text(&e->excl[i], buf, sizeof buf)));
	}
	for (size_t c = 0; c < e->ncreds; c++)
		unverified += e->creds[c].at != NONE && !e->creds[c].verified;
	oom_check(e, cJSON_AddNumberToObject(r, "unverified", (double)unverified));
	oom_check(e, cJSON_AddBoolToObject(r, "exact", e->exact));
	if (e->oom)
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
out:
	free(o.fin);
	free(o.cost);
	free(o.pick);
	free(o.prefix);
	if (rc != CAIRN_OK)
		cJSON_Delete(r);
	else
		*result = r;
	return rc;
}

static void
eval_free(struct eval *e)
{
	void *v[] = {e->pairs, e->creds, e->excl, e->cand_first, e->cand_n,
	             e->cand, e->fill, e->decided, e->freecnt, e->fallback,
	             e->maxv, e->freesum, e->opt, e->pes, e->optcr, e->pescr,
	             e->low, e->fixsum,
	             e->w, e->comp_of, e->tmp, e->comp_first, e->comp_n,
	             e->comp_leaves, e->comp_free, e->cb, e->suffix, e->pos_what,
	             e->opt_first, e->opt_n, e->opts, e->cursor, e->applied,
	             e->optidx, e->best, e->twin_prev, e->mcred, e->mstamp,
	             e->mleaf, e->lstamp, e->gstamp, e->gvisit, e->units, e->init};

	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		free(v[i]);
}

static enum cairn_err
evaluate(const struct pathway *p, const cJSON *const *records, size_t n,
         const struct pathway_records *x, time_t now, cJSON **result,
         struct cairn_error *err)
{
	struct eval e;
	size_t nn = p->nnodes, npos;
	enum cairn_err rc;

	*result = NULL;
	memset(&e, 0, sizeof e);
	e.p = p;
	e.recs = records;
	e.exact = 1;
	if (records == NULL)
		n = 0;
	if (eval_match(&e, n, x, now) < 0)
		goto oom;
	npos = nn + e.ncreds;
	if (ALLOC(e.cand_first, nn) || ALLOC(e.cand_n, nn) || ALLOC(e.cand, e.npairs) ||
	    ALLOC(e.fill, nn) || ALLOC(e.decided, nn) || ALLOC(e.freecnt, nn) ||
	    ALLOC(e.fallback, nn) || ALLOC(e.maxv, nn) || ALLOC(e.freesum, nn) ||
	    ALLOC(e.opt, nn) || ALLOC(e.pes, nn) || ALLOC(e.optcr, nn) ||
	    ALLOC(e.low, nn) || ALLOC(e.fixsum, nn) ||
	    ALLOC(e.pescr, nn) || ALLOC(e.w, nn) || ALLOC(e.comp_of, nn) ||
	    ALLOC(e.tmp, p->max_kids) || ALLOC(e.pos_what, npos) ||
	    ALLOC(e.opt_first, nn) || ALLOC(e.opt_n, nn) || ALLOC(e.opts, e.npairs) ||
	    ALLOC(e.cursor, npos) || ALLOC(e.applied, npos) || ALLOC(e.optidx, npos) ||
	    ALLOC(e.best, npos) || ALLOC(e.twin_prev, npos) ||
	    ALLOC(e.mcred, e.ncreds) || ALLOC(e.mstamp, e.ncreds) ||
	    ALLOC(e.mleaf, nn) || ALLOC(e.lstamp, nn) || ALLOC(e.gstamp, nn) ||
	    ALLOC(e.gvisit, nn) || ALLOC(e.units, nn) || ALLOC(e.init, nn))
		goto oom;
	for (size_t i = 0; i < nn; i++) {
		e.fill[i] = NONE;
		e.fallback[i] = NONE;
		e.comp_of[i] = NONE;
	}
	/* candidates of each slot, in collection order */
	for (size_t i = 0; i < e.npairs; i++)
		e.cand_n[e.pairs[i].node]++;
	for (size_t i = 1; i < nn; i++)
		e.cand_first[i] = e.cand_first[i - 1] + e.cand_n[i - 1];
	for (size_t i = 0; i < nn; i++)
		e.cand_n[i] = 0;
	for (size_t i = 0; i < e.npairs; i++) {
		size_t node = e.pairs[i].node;
		e.cand[e.cand_first[node] + e.cand_n[node]++] = i;
	}
	for (size_t s = 0; s < p->nslots; s++)
		if (p->nodes[p->slots[s]].kind == PW_LEAF && e.cand_n[p->slots[s]] == 0)
			e.decided[p->slots[s]] = 1;

	peel(&e);
	if (search_setup(&e) < 0)
		goto oom;
	search(&e);
	settle(&e);
	rc = build_result(&e, result, err);
	eval_free(&e);
	return rc;
oom:
	eval_free(&e);
	return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
}

enum cairn_err
pathway_evaluate(const struct pathway *p, const cJSON *const *records, size_t n,
                 time_t now, cJSON **result, struct cairn_error *err)
{
	return evaluate(p, records, n, NULL, now, result, err);
}

enum cairn_err
pathway_evaluate_records(const struct pathway *p, const struct pathway_records *x,
                         time_t now, cJSON **result, struct cairn_error *err)
{
	return evaluate(p, x->recs, x->n, x, now, result, err);
}

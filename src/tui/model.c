/* View models of the terminal interface: see model.h. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "credential.h"
#include "i18n.h"
#include "json.h"
#include "model.h"
#include "text.h"

/* ---- a scrolling window --------------------------------------------- */

void
listv_clamp(struct listv *l, size_t height)
{
	if (height == 0)
		height = 1;
	if (l->n == 0) {
		l->cur = l->top = 0;
		return;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->top > l->cur)
		l->top = l->cur;
	if (l->cur >= l->top + height)
		l->top = l->cur - height + 1;
	/* no empty space below the last row when the list fills the window */
	if (l->n >= height && l->top > l->n - height)
		l->top = l->n - height;
	if (l->n < height)
		l->top = 0;
}

void
listv_move(struct listv *l, long delta, size_t height)
{
	if (l->n == 0)
		return;
	if (delta < 0) {
		size_t d = (size_t)(-delta);
		l->cur = d > l->cur ? 0 : l->cur - d;
	} else {
		size_t d = (size_t)delta;
		l->cur = d >= l->n - l->cur ? l->n - 1 : l->cur + d;
	}
	listv_clamp(l, height);
}

void
listv_first(struct listv *l, size_t height)
{
	l->cur = 0;
	listv_clamp(l, height);
}

void
listv_last(struct listv *l, size_t height)
{
	l->cur = l->n ? l->n - 1 : 0;
	listv_clamp(l, height);
}

void
listv_page(struct listv *l, int dir, size_t height)
{
	long step = height > 1 ? (long)height - 1 : 1;

	if (l->n == 0)
		return;
	if (dir > 0) {
		listv_move(l, step, height);
		/* the new selection at the top of the window, like less(1) */
		if (l->cur + height <= l->n)
			l->top = l->cur;
	} else {
		listv_move(l, -step, height);
		if (l->cur + 1 >= height)
			l->top = l->cur + 1 - height;
		else
			l->top = 0;
	}
	listv_clamp(l, height);
}

void
listv_scroll(struct listv *l, long delta, size_t height)
{
	size_t maxtop;

	if (l->n == 0 || height == 0)
		return;
	maxtop = l->n > height ? l->n - height : 0;
	if (delta < 0)
		l->top =
		    (size_t)(-delta) > l->top ? 0 : l->top - (size_t)(-delta);
	else
		l->top = l->top + (size_t)delta > maxtop
		             ? maxtop
		             : l->top + (size_t)delta;
	if (l->cur < l->top)
		l->cur = l->top;
	if (l->cur >= l->top + height)
		l->cur = l->top + height - 1;
	if (l->cur >= l->n)
		l->cur = l->n - 1;
}

int
listv_click(struct listv *l, size_t y, size_t height)
{
	if (y >= height || l->top + y >= l->n)
		return 0;
	l->cur = l->top + y;
	return 1;
}

/* ---- the badge list ------------------------------------------------- */

static char *
fold_ascii(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	s[la] = '\n'; /* never typed at the search prompt: no match across */
	memcpy(s + la + 1, b, lb + 1);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static void
row_free(struct badge_row *r)
{
	free(r->title);
	free(r->issuer);
	free(r->date);
	free(r->fold);
}

static int
row_fill(struct badge_row *r, const cJSON *rec, size_t i, time_t now)
{
	const cJSON *iss = json_obj(rec, "issuer");
	const char *title = json_str(rec, "title"),
	           *issued = json_str(rec, "issued");
	const char *iname =
	    json_str(iss, "name") ? json_str(iss, "name") : json_str(iss, "id");
	char date[11] = "";

	r->rec = i;
	r->status = credential_status(rec, now);
	row_free(r);
	if (issued != NULL) {
		/* only the calendar date; sanitised below like the rest */
		snprintf(date, sizeof date, "%s", issued);
	}
	r->title =
	    text_sanitise(title ? title : _("(untitled)"), TEXT_ONE_LINE);
	r->issuer = text_sanitise(iname ? iname : "-", TEXT_ONE_LINE);
	r->date = text_sanitise(date, TEXT_ONE_LINE);
	r->fold =
	    r->title && r->issuer ? fold_ascii(r->title, r->issuer) : NULL;
	if (r->title && r->issuer && r->date && r->fold)
		return 0;
	row_free(r);
	r->title = r->issuer = r->date = r->fold = NULL;
	return -1;
}

const struct badge_row *
badges_model_row(struct badges_model *m, size_t i)
{
	struct badge_row *r;

	if (i >= m->lv.n)
		return NULL;
	r = &m->rows[i];
	if (r->fold == NULL &&
	    row_fill(r, collection_record(m->coll, r->rec), r->rec, m->now) < 0)
		return NULL;
	return r;
}

void
badges_model_clear(struct badges_model *m)
{
	for (size_t i = 0; i < m->lv.n; i++)
		row_free(&m->rows[i]);
	free(m->rows);
	free(m->marks);
	free(m->filter);
	memset(m, 0, sizeof *m);
}

enum cairn_err
badges_model_build(struct badges_model *m, const struct collection *c,
                   const char *filter, enum collection_sort sort, time_t now,
                   struct cairn_error *err)
{
	size_t *idx = NULL, n = 0, total = collection_count(c);
	struct badge_row *rows;
	char *fcopy = NULL;
	enum cairn_err rc;

	rc = collection_select(c, filter && *filter ? filter : NULL, sort, now,
	                       &idx, &n, err);
	if (rc != CAIRN_OK)
		return rc;
	rows = calloc(n ? n : 1, sizeof *rows);
	if (filter != NULL && *filter)
		fcopy = strdup(filter);
	if (rows == NULL || (filter != NULL && *filter && fcopy == NULL))
		goto oom;
	for (size_t k = 0; k < n; k++)
		rows[k].rec = idx[k]; /* the text comes with badges_model_row */
	if (total != m->n_records) {
		unsigned char *mk = calloc(total ? total : 1, 1);
		if (mk == NULL) {
			for (size_t j = 0; j < n; j++)
				row_free(&rows[j]);
			goto oom;
		}
		/* records only come and go at the end or by removal: marks
		 * of a changed collection start afresh */
		free(m->marks);
		m->marks = mk;
		m->n_records = total;
		m->marked = 0;
	}
	for (size_t i = 0; i < m->lv.n; i++)
		row_free(&m->rows[i]);
	free(m->rows);
	free(m->filter);
	free(idx);
	m->rows = rows;
	m->filter = fcopy;
	m->miss[0] = '\0';
	m->coll = c;
	m->now = now;
	m->sort = sort;
	m->lv.n = n;
	listv_clamp(&m->lv, 1 + m->lv.cur - m->lv.top);
	return CAIRN_OK;
oom:
	free(idx);
	free(rows);
	free(fcopy);
	return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
}

long
badges_model_search(struct badges_model *m, const char *query, size_t from,
                    int dir)
{
	char q[256];
	size_t n = m->lv.n, len;

	if (n == 0 || query == NULL || *query == '\0')
		return -1;
	snprintf(q, sizeof q, "%s", query);
	len = strlen(q);
	for (size_t i = 0; i < len; i++)
		if (q[i] >= 'A' && q[i] <= 'Z')
			q[i] = (char)(q[i] - 'A' + 'a');
	if (from >= n)
		from = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = dir >= 0 ? (from + k) % n : (from + n - k % n) % n;
		const struct badge_row *r = badges_model_row(m, i);
		if (r != NULL && strstr(r->fold, q) != NULL)
			return (long)i;
	}
	return -1;
}

long
badges_model_search_typed(struct badges_model *m, const char *query,
                          size_t from)
{
	char q[sizeof m->miss];
	size_t len;
	long at;

	snprintf(q, sizeof q, "%s", query ? query : "");
	for (char *p = q; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	len = strlen(m->miss);
	if (len > 0 && strncmp(q, m->miss, len) == 0)
		return -1;
	at = badges_model_search(m, q, from, 1);
	if (at < 0 && q[0] != '\0')
		snprintf(m->miss, sizeof m->miss, "%s", q);
	else
		m->miss[0] = '\0';
	return at;
}

int
badges_model_toggle_mark(struct badges_model *m)
{
	size_t rec;

	if (m->lv.n == 0 || m->marks == NULL)
		return 0;
	rec = m->rows[m->lv.cur].rec;
	if (rec >= m->n_records)
		return 0;
	m->marks[rec] = (unsigned char)!m->marks[rec];
	if (m->marks[rec])
		m->marked++;
	else
		m->marked--;
	return m->marks[rec];
}

size_t *
badges_model_marked(const struct badges_model *m, size_t *n)
{
	size_t *out = malloc((m->marked ? m->marked : 1) * sizeof *out), k = 0;

	*n = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < m->lv.n && k < m->marked; i++)
		if (m->marks[m->rows[i].rec])
			out[k++] = m->rows[i].rec;
	/* marked records the filter hides are still marked */
	for (size_t r = 0; r < m->n_records && k < m->marked; r++) {
		int seen = 0;
		if (!m->marks[r])
			continue;
		for (size_t j = 0; j < k && !seen; j++)
			seen = out[j] == r;
		if (!seen)
			out[k++] = r;
	}
	*n = k;
	return out;
}

enum collection_sort
badges_sort_next(enum collection_sort s)
{
	switch (s) {
	case SORT_NONE:
		return SORT_DATE;
	case SORT_DATE:
		return SORT_TITLE;
	case SORT_TITLE:
		return SORT_ISSUER;
	default:
		return SORT_NONE;
	}
}

const char *
badges_sort_name(enum collection_sort s)
{
	switch (s) {
	case SORT_DATE:
		return _("newest first");
	case SORT_TITLE:
		return _("by title");
	case SORT_ISSUER:
		return _("by issuer");
	default:
		return _("as imported");
	}
}

/* ---- wrapped text --------------------------------------------------- */

static size_t
cp_width(unsigned long cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : (size_t)w;
}

static int
lines_push(struct text_lines *t, char *line, enum line_role role)
{
	if (line == NULL)
		return -1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char **l = realloc(t->lines, cap * sizeof *l);
		enum line_role *r;
		if (l == NULL) {
			free(line);
			return -1;
		}
		t->lines = l;
		r = realloc(t->roles, cap * sizeof *r);
		if (r == NULL) {
			free(line);
			return -1;
		}
		t->roles = r;
		t->cap = cap;
	}
	t->lines[t->n] = line;
	t->roles[t->n++] = role;
	return 0;
}

static char *
indent_copy(size_t indent, const char *s, size_t len)
{
	char *out = malloc(indent + len + 1);

	if (out == NULL)
		return NULL;
	memset(out, ' ', indent);
	memcpy(out + indent, s, len);
	out[indent + len] = '\0';
	return out;
}

/* Wraps one paragraph (no newline in it) of sanitised text. */
static int
wrap_paragraph(struct text_lines *t, const char *s, enum line_role role,
               size_t indent, int *first)
{
	size_t width = t->width ? t->width : 1;
	size_t len = strlen(s), at = 0;

	if (len == 0)
		return lines_push(t, indent_copy(*first ? 0 : indent, "", 0),
		                  role);
	while (at < len) {
		size_t ind = *first ? 0 : indent, avail, cols = 0, i = at;
		size_t brk = 0, brk_at = 0; /* last space that fits */
		if (ind >= width)
			ind = 0;
		avail = width - ind;
		while (i < len) {
			unsigned long cp;
			size_t step = text_utf8_next(
			    (const unsigned char *)s + i, len - i, &cp);
			size_t w = cp_width(cp);
			if (cols + w > avail)
				break;
			if (cp == ' ') {
				brk = 1;
				brk_at = i;
			}
			cols += w;
			i += step;
		}
		if (i < len && brk && brk_at > at) {
			if (lines_push(t, indent_copy(ind, s + at, brk_at - at),
			               role) < 0)
				return -1;
			at = brk_at + 1;
		} else {
			if (i == at) /* a character wider than the window */
				i += text_utf8_next(
				    (const unsigned char *)s + i, len - i,
				    &(unsigned long){0});
			if (lines_push(t, indent_copy(ind, s + at, i - at),
			               role) < 0)
				return -1;
			at = i;
		}
		while (at < len && s[at] == ' ' && i < len)
			at++;
		*first = 0;
	}
	return 0;
}

int
lines_add(struct text_lines *t, const char *text, enum line_role role,
          size_t indent)
{
	char *safe = text_sanitise(text ? text : "", 0), *p, *nl;
	int first = 1, rc = 0;

	if (safe == NULL)
		return -1;
	/* a tab or carriage return kept by text_sanitise lays out as a space */
	for (p = safe; *p; p++)
		if (*p == '\t' || *p == '\r')
			*p = ' ';
	for (p = safe; rc == 0; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		rc = wrap_paragraph(t, p, role, indent, &first);
		if (nl == NULL)
			break;
	}
	free(safe);
	return rc;
}

#define LABEL_COLS 14

int
lines_add_field(struct text_lines *t, const char *label, const char *value)
{
	char *safe, *buf;
	size_t lw, sz;
	int rc;

	if (value == NULL || *value == '\0')
		return 0;
	safe = text_sanitise(label, TEXT_ONE_LINE);
	if (safe == NULL)
		return -1;
	lw = text_width(safe);
	sz = strlen(safe) + LABEL_COLS + strlen(value) + 2;
	buf = malloc(sz);
	if (buf == NULL) {
		free(safe);
		return -1;
	}
	/* the label is ours (translated text), the value is credential data:
	 * the value alone is sanitised inside lines_add, the label here */
	snprintf(buf, sz, "%s%*s%s", safe,
	         (int)(lw < LABEL_COLS ? LABEL_COLS - lw : 1), "", value);
	free(safe);
	rc = lines_add(t, buf, LINE_TEXT, LABEL_COLS);
	free(buf);
	return rc;
}

void
lines_clear(struct text_lines *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->lines[i]);
	free(t->lines);
	free(t->roles);
	t->lines = NULL;
	t->roles = NULL;
	t->n = t->cap = 0;
}

int
lines_prepend_blank(struct text_lines *t, size_t n)
{
	size_t old = t->n;

	for (size_t i = 0; i < n; i++)
		if (lines_push(t, strdup(""), LINE_TEXT) < 0)
			return -1;
	if (old == 0 || n == 0)
		return 0;
	/* rotate the new blank lines to the front */
	{
		char **tmp = malloc(n * sizeof *tmp);
		if (tmp == NULL)
			return -1;
		memcpy(tmp, t->lines + old, n * sizeof *tmp);
		memmove(t->lines + n, t->lines, old * sizeof *tmp);
		memcpy(t->lines, tmp, n * sizeof *tmp);
		memmove(t->roles + n, t->roles, old * sizeof *t->roles);
		for (size_t i = 0; i < n; i++)
			t->roles[i] = LINE_TEXT;
		free(tmp);
	}
	return 0;
}

static int
add_heading(struct text_lines *t, const char *label)
{
	if (t->n > 0 && lines_push(t, strdup(""), LINE_TEXT) < 0)
		return -1;
	return lines_add(t, label, LINE_LABEL, 0);
}

static int
add_block(struct text_lines *t, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return 0;
	if (add_heading(t, label) < 0)
		return -1;
	return lines_add(t, text, LINE_TEXT, 0);
}

static const char *
status_words(const char *status)
{
	if (strcmp(status, "verified") == 0)
		return _("verified");
	if (strcmp(status, "failed") == 0)
		return _("verification failed");
	if (strcmp(status, "expired") == 0)
		return _("expired");
	return _("not verified (unknown)");
}

int
detail_build(const cJSON *r, time_t now, size_t width, struct text_lines *t)
{
	const cJSON *iss = json_obj(r, "issuer"),
	            *ach = json_obj(r, "achievement");
	const cJSON *a, *verdict = json_obj(r, "verdict");
	char buf[1024];
	double d;
	int rc = 0;

	lines_clear(t);
	t->width = width;
	rc |= lines_add(
	    t, json_str(r, "title") ? json_str(r, "title") : _("(untitled)"),
	    LINE_TITLE, 0);
	snprintf(buf, sizeof buf, "%s %s",
	         status_mark(credential_status(r, now)),
	         status_words(credential_status(r, now)));
	rc |= lines_add_field(t, _("Status"), buf);
	rc |= lines_add_field(t, _("Issuer"),
	                      json_str(iss, "name") ? json_str(iss, "name")
	                                            : json_str(iss, "id"));
	if (json_str(iss, "name"))
		rc |= lines_add_field(t, _("Issuer id"), json_str(iss, "id"));
	rc |= lines_add_field(t, _("Issued"), json_str(r, "issued"));
	rc |= lines_add_field(t, _("Valid from"), json_str(r, "validFrom"));
	rc |= lines_add_field(t, _("Valid until"), json_str(r, "validUntil"));
	rc |= lines_add_field(t, _("Recipient"),
	                      json_str(json_obj(r, "recipient"), "name"));
	if (json_obj(r, "credits") &&
	    json_num(json_obj(r, "credits"), "value", &d)) {
		const char *unit = json_str(json_obj(r, "credits"), "unit");
		snprintf(buf, sizeof buf, "%g %s", d, unit ? unit : "");
		rc |= lines_add_field(t, _("Credits"), buf);
	}
	if (json_num(r, "eqfLevel", &d)) {
		snprintf(buf, sizeof buf, "%g", d);
		rc |= lines_add_field(t, _("EQF level"), buf);
	}
	if (json_num(r, "workloadHours", &d)) {
		snprintf(buf, sizeof buf,
		         ngettext("%g hour", "%g hours", d == 1 ? 1UL : 2UL),
		         d);
		rc |= lines_add_field(t, _("Workload"), buf);
	}
	rc |= lines_add_field(t, _("Assessment"), json_str(r, "assessment"));
	rc |= lines_add_field(t, _("Participation"),
	                      json_str(r, "participation"));
	rc |= lines_add_field(t, _("Quality"), json_str(r, "qualityAssurance"));
	if (cJSON_GetArraySize(json_arr(r, "tags")) > 0) {
		size_t at = 0;
		buf[0] = '\0';
		cJSON_ArrayForEach(a, json_arr(r, "tags"))
		{
			if (!cJSON_IsString(a))
				continue;
			at += (size_t)snprintf(
			    buf + at, at < sizeof buf ? sizeof buf - at : 0,
			    "%s%s", at ? ", " : "", a->valuestring);
			if (at >= sizeof buf)
				break;
		}
		rc |= lines_add_field(t, _("Tags"), buf);
	}
	rc |= add_block(t, _("Description"), json_str(r, "description"));
	if (json_str(ach, "description") &&
	    (!json_str(r, "description") ||
	     strcmp(json_str(ach, "description"), json_str(r, "description")) !=
	         0))
		rc |= add_block(t, _("About the achievement"),
		                json_str(ach, "description"));
	rc |= add_block(t, _("Criteria"),
	                json_str(json_obj(ach, "criteria"), "narrative"));
	if (cJSON_GetArraySize(json_arr(r, "alignments")) > 0) {
		rc |= add_heading(t, _("Skills and alignments"));
		cJSON_ArrayForEach(a, json_arr(r, "alignments"))
		{
			const char *name = json_str(a, "name"),
			           *fw = json_str(a, "framework");
			const char *code = json_str(a, "code");
			snprintf(buf, sizeof buf, "• %s%s%s%s%s%s",
			         name ? name
			              : (json_str(a, "url") ? json_str(a, "url")
			                                    : "?"),
			         fw || code ? " [" : "", fw ? fw : "",
			         fw && code ? " " : "", code ? code : "",
			         fw || code ? "]" : "");
			rc |= lines_add(t, buf, LINE_TEXT, 2);
		}
	}
	rc |= add_heading(t, _("Verification"));
	if (verdict == NULL ||
	    cJSON_GetArraySize(json_arr(verdict, "checks")) == 0) {
		rc |= lines_add(
		    t, _("never verified: press v to check it offline"),
		    LINE_UNKNOWN, 0);
	} else {
		cJSON_ArrayForEach(a, json_arr(verdict, "checks"))
		{
			const char *res = json_str(a, "result")
			                      ? json_str(a, "result")
			                      : "unknown";
			enum line_role role = strcmp(res, "ok") == 0 ? LINE_OK
			                      : strcmp(res, "failed") == 0
			                          ? LINE_FAILED
			                          : LINE_UNKNOWN;
			snprintf(
			    buf, sizeof buf, "%s %-7s %s",
			    role == LINE_OK       ? "✓"
			    : role == LINE_FAILED ? "✗"
			                          : "?",
			    json_str(a, "check") ? json_str(a, "check") : "?",
			    json_str(a, "reason") ? json_str(a, "reason") : "");
			rc |= lines_add(t, buf, role, 10);
		}
		if (json_str(verdict, "at"))
			rc |= lines_add_field(t, _("Checked"),
			                      json_str(verdict, "at"));
	}
	if (cJSON_GetArraySize(json_arr(r, "evidence")) > 0) {
		rc |= add_heading(t, _("Evidence"));
		cJSON_ArrayForEach(a, json_arr(r, "evidence")) rc |=
		    lines_add(t,
		              json_str(a, "name") ? json_str(a, "name")
		                                  : json_str(a, "id"),
		              LINE_TEXT, 2);
	}
	rc |= add_block(t, _("Note"), json_str(r, "note"));
	rc |= add_heading(t, _("Record"));
	rc |= lines_add_field(t, _("Id"), json_str(r, "id"));
	rc |= lines_add_field(t, _("Source"), json_str(r, "source"));
	rc |= lines_add_field(t, _("Imported"), json_str(r, "imported"));
	return rc ? -1 : 0;
}

/* ---- pathways ------------------------------------------------------- */

static char *
node_info(const cJSON *node)
{
	const cJSON *cr = json_obj(node, "credits");
	double done, of, earned, req;
	char buf[128];

	if (cr && json_num(cr, "earned", &earned) &&
	    json_num(cr, "required", &req)) {
		char *unit = text_sanitise(
		    json_str(cr, "unit") ? json_str(cr, "unit") : "",
		    TEXT_ONE_LINE);
		snprintf(buf, sizeof buf, _("%g of %g %s"), earned, req,
		         unit ? unit : "");
		free(unit);
	} else if (json_num(node, "done", &done) && json_num(node, "of", &of) &&
	           of > 1) {
		snprintf(buf, sizeof buf, _("%g of %g"), done, of);
	} else {
		buf[0] = '\0';
	}
	return strdup(buf);
}

static int
tree_add(struct tree_model *t, const cJSON *node, int depth, size_t *cap)
{
	const cJSON *ch;
	struct tree_row *row;
	const char *st = json_str(node, "status");

	if (depth > 64)
		return 0;
	if (t->lv.n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct tree_row *r = realloc(t->rows, nc * sizeof *r);
		if (r == NULL)
			return -1;
		t->rows = r;
		*cap = nc;
	}
	row = &t->rows[t->lv.n];
	row->depth = depth;
	row->status = st == NULL                    ? "missing"
	              : strcmp(st, "complete") == 0 ? "complete"
	              : strcmp(st, "partial") == 0  ? "partial"
	                                            : "missing";
	row->title =
	    text_sanitise(json_str(node, "title") ? json_str(node, "title")
	                                          : json_str(node, "kind"),
	                  TEXT_ONE_LINE);
	row->info = node_info(node);
	row->node = node;
	t->lv.n++;
	if (row->title == NULL || row->info == NULL)
		return -1;
	cJSON_ArrayForEach(
	    ch, json_arr(node, "children")) if (tree_add(t, ch, depth + 1,
	                                                 cap) < 0) return -1;
	return 0;
}

int
tree_build(const cJSON *result, struct tree_model *t)
{
	size_t cap = 0;
	const cJSON *root = json_obj(result, "nodes");

	tree_clear(t);
	if (root == NULL)
		return 0;
	if (tree_add(t, root, 0, &cap) < 0) {
		tree_clear(t);
		return -1;
	}
	return 0;
}

void
tree_clear(struct tree_model *t)
{
	for (size_t i = 0; i < t->lv.n; i++) {
		free(t->rows[i].title);
		free(t->rows[i].info);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

void
progress_bar(double progress, size_t width, char *buf, size_t size)
{
	static const char *const eighths[] = {"",  "▏", "▎", "▍",
	                                      "▌", "▋", "▊", "▉"};
	size_t at = 0, cells, full, part;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (!(progress >= 0))
		progress = 0;
	if (progress > 1)
		progress = 1;
	cells = (size_t)(progress * (double)width * 8 + 0.5);
	full = cells / 8;
	part = cells % 8;
	for (size_t i = 0; i < width; i++) {
		const char *s = i < full            ? "█"
		                : i == full && part ? eighths[part]
		                                    : "·";
		size_t l = strlen(s);
		if (at + l + 1 > size)
			break;
		memcpy(buf + at, s, l);
		at += l;
	}
	buf[at] = '\0';
}

const char *
status_mark(const char *status)
{
	if (status == NULL)
		return "?";
	if (strcmp(status, "verified") == 0 || strcmp(status, "complete") == 0)
		return "✓";
	if (strcmp(status, "failed") == 0)
		return "✗";
	if (strcmp(status, "expired") == 0)
		return "⊘";
	if (strcmp(status, "partial") == 0)
		return "◐";
	if (strcmp(status, "missing") == 0)
		return "○";
	return "?";
}

/* ---- path completion ------------------------------------------------ */

size_t
path_complete(char *input, size_t size)
{
	char dir[4096], common[1024] = "";
	const char *slash = strrchr(input, '/'), *base;
	size_t blen, count = 0, clen = 0;
	int lone_dir = 0;
	struct dirent *e;
	DIR *d;

	if (slash == NULL) {
		snprintf(dir, sizeof dir, ".");
		base = input;
	} else if (slash == input) {
		snprintf(dir, sizeof dir, "/");
		base = slash + 1;
	} else {
		if (input[0] == '~' && input[1] == '/' && getenv("HOME"))
			snprintf(dir, sizeof dir, "%s%.*s", getenv("HOME"),
			         (int)(slash - input - 1), input + 1);
		else
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - input),
			         input);
		base = slash + 1;
	}
	blen = strlen(base);
	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		if (blen == 0 && e->d_name[0] == '.')
			continue; /* hidden files only when asked for */
		if (count == 0) {
			snprintf(common, sizeof common, "%s", e->d_name);
			clen = strlen(common);
		} else {
			size_t k = 0;
			while (k < clen && common[k] == e->d_name[k])
				k++;
			clen = k;
			common[clen] = '\0';
		}
		count++;
		if (count == 1) {
			char full[4096 + 1024 + 2];
			struct stat st;
			snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
			lone_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		}
	}
	closedir(d);
	if (count == 0)
		return 0;
	{
		size_t keep = (size_t)(base - input);
		if (keep + clen + 2 <= size) {
			memcpy(input + keep, common, clen);
			input[keep + clen] = '\0';
			if (count == 1 && lone_dir)
				strcat(input, "/");
		}
	}
	return count;
}

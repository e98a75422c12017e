/* The Badges view: the list (mark, status, date, title, issuer), search,
 * filter, sort, marks for export, and the detail pane. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "i18n.h"
#include "json.h"
#include "text.h"
#include "tui.h"
#include "verify/verify.h"

#define WIDE_COLS 120

static size_t search_origin;

static int
is_wide(void)
{
	return COLS >= WIDE_COLS;
}

static int
list_width(void)
{
	return is_wide() ? COLS * 9 / 20 : COLS;
}

/* Rows of the list window (below its header line). */
static size_t
list_height(void)
{
	int h = app_body_height() - 1;
	return h > 0 ? (size_t)h : 1;
}

static enum role
status_role(const char *status)
{
	if (strcmp(status, "verified") == 0)
		return ROLE_OK;
	if (strcmp(status, "failed") == 0)
		return ROLE_FAILED;
	if (strcmp(status, "expired") == 0)
		return ROLE_EXPIRED;
	return ROLE_UNKNOWN;
}

static void
draw_list(struct app *a, int x0, int width)
{
	struct badges_model *m = &a->badges;
	size_t h = list_height();
	int tw = (width - 17) * 3 / 5, iw = width - 17 - tw - 2;

	listv_clamp(&m->lv, h);
	/* the headings are translated: each is cut to its own column, by
	 * display width, so a longer word never pushes the next one */
	display_text(1, x0, width, "", ROLE_HEADING, 1);
	display_text(1, x0 + 5, 10, _("Issued"), ROLE_HEADING, 0);
	display_text(1, x0 + 17, width - 17, _("Title"), ROLE_HEADING, 0);
	if (iw > 4)
		display_text(1, x0 + 17 + tw + 2, iw, _("Issuer"), ROLE_HEADING,
		             0);
	if (m->lv.n == 0) {
		display_text(3, x0 + 2, width - 2,
		             collection_count(a->c) == 0
		                 ? _("The vault holds no badge yet: press i to "
		                     "import some.")
		                 : _("No badge matches the filter: press f to "
		                     "change it."),
		             ROLE_DIM, 0);
		return;
	}
	for (size_t i = 0; i < h && m->lv.top + i < m->lv.n; i++) {
		const struct badge_row *r = badges_model_row(m, m->lv.top + i);
		int y = 2 + (int)i, sel = m->lv.top + i == m->lv.cur;
		int focus = sel && (a->focus == 0 || !is_wide());
		enum role base = focus ? ROLE_SELECTED : ROLE_NORMAL;
		if (r == NULL)
			continue;
		display_fill(y, x0, width, base);
		if (sel)
			display_text(y, x0, 1, ">", focus ? base : ROLE_HEADING,
			             0);
		if (m->marks[r->rec])
			display_text(y, x0 + 1, 1, "*",
			             focus ? base : ROLE_MARKED, 0);
		display_text(y, x0 + 3, 1, status_mark(r->status),
		             focus ? base : status_role(r->status), 0);
		display_text(y, x0 + 5, 10, r->date, focus ? base : ROLE_DIM,
		             0);
		display_text(y, x0 + 17, tw, r->title, base, 0);
		if (iw > 4)
			display_text(y, x0 + 17 + tw + 2, iw, r->issuer,
			             focus ? base : ROLE_DIM, 0);
	}
}

#define PIC_ROWS         8
#define PLACEHOLDER_ROWS 1

/* The picture of the record above its detail: drawn in colour when it is
 * stored in the vault and can be decoded, else a small framed note. */
static void
picture_load(struct app *a, const cJSON *rec, size_t width)
{
	struct cairn_error err = {0};
	struct image *img = NULL;
	struct image_rgb bg = {0, 0, 0};
	enum cairn_err rc;

	free(a->pic);
	a->pic = NULL;
	a->pic_cols = a->pic_rows = 0;
	a->pic_note[0] = '\0';
	if (json_obj(rec, "image") == NULL || a->cfg.images == SETTINGS_NEVER ||
	    width < 24)
		return;
	if (display_colors() < 256) {
		snprintf(a->pic_note, sizeof a->pic_note, "%s",
		         display_colors() == 0
		             ? _("picture: not drawn without colours")
		             : _("picture: needs a 256-colour terminal"));
		a->pic_rows = PLACEHOLDER_ROWS;
		return;
	}
	rc = image_from_record(a->v, rec, &img, &err);
	if (rc != CAIRN_OK) {
		snprintf(a->pic_note, sizeof a->pic_note, "%s",
		         json_str(json_obj(rec, "image"), "object")
		             ? _("picture: cannot be drawn here")
		             : _("picture: online only, never fetched"));
		a->pic_rows = PLACEHOLDER_ROWS;
		return;
	}
	image_fit(img, PIC_ROWS * 2, PIC_ROWS, &a->pic_cols, &a->pic_rows);
	a->pic = image_render(img, a->pic_cols, a->pic_rows, bg);
	image_free(img);
	if (a->pic == NULL) {
		a->pic_cols = 0;
		a->pic_rows = 0;
	}
}

static void
detail_ensure(struct app *a, size_t width)
{
	size_t rec;
	const cJSON *r;

	if (a->badges.lv.n == 0)
		return;
	rec = a->badges.rows[a->badges.lv.cur].rec;
	if (rec == a->detail_rec && width == a->detail_width)
		return;
	if (rec != a->detail_rec)
		a->detail_top = 0;
	r = collection_record(a->c, rec);
	detail_build(r, a->now, width, &a->detail);
	picture_load(a, r, width);
	if (a->pic_rows > 0)
		lines_prepend_blank(&a->detail, a->pic_rows + 1);
	a->detail_rec = rec;
	a->detail_width = width;
}

static void
draw_picture_line(struct app *a, int y, int x, size_t line)
{
	if (a->pic != NULL) {
		display_image_row(y, x, a->pic + line * a->pic_cols,
		                  a->pic_cols);
		return;
	}
	/* the placeholder: one quiet line saying why there is no picture */
	{
		char note[256];
		(void)line;
		snprintf(note, sizeof note, "▣ %s", a->pic_note);
		display_text(y, x, COLS - x, note, ROLE_DIM, 0);
	}
}

static enum role
line_role(enum line_role r)
{
	switch (r) {
	case LINE_LABEL:
		return ROLE_HEADING;
	case LINE_OK:
		return ROLE_OK;
	case LINE_FAILED:
		return ROLE_FAILED;
	case LINE_UNKNOWN:
		return ROLE_UNKNOWN;
	case LINE_TITLE:
		return ROLE_HEADING;
	default:
		return ROLE_NORMAL;
	}
}

static size_t
detail_height(void)
{
	return (size_t)app_body_height();
}

static void
draw_detail(struct app *a, int x0, int width)
{
	size_t h = detail_height();

	if (a->badges.lv.n == 0 || width < 4)
		return;
	detail_ensure(a, (size_t)width - 2);
	if (a->detail.n <= h)
		a->detail_top = 0;
	else if (a->detail_top > a->detail.n - h)
		a->detail_top = a->detail.n - h;
	for (size_t i = 0; i < h && a->detail_top + i < a->detail.n; i++) {
		size_t l = a->detail_top + i;
		if (l < a->pic_rows)
			draw_picture_line(a, 1 + (int)i, x0 + 1, l);
		else
			display_text(1 + (int)i, x0 + 1, width - 2,
			             a->detail.lines[l],
			             line_role(a->detail.roles[l]), 0);
	}
	if (a->detail.n > h) {
		char more[64];
		snprintf(more, sizeof more, " %zu%% ",
		         (a->detail_top + h) * 100 / a->detail.n);
		display_text(LINES - 2, x0 + width - 6, 6, more, ROLE_DIM, 0);
	}
}

void
view_badges_draw(struct app *a)
{
	if (!is_wide()) {
		if (a->detail_only && a->badges.lv.n > 0)
			draw_detail(a, 0, COLS);
		else
			draw_list(a, 0, COLS);
		return;
	}
	draw_list(a, 0, list_width());
	attrset((int)display_attr(ROLE_BORDER));
	mvvline(1, list_width(), ACS_VLINE, app_body_height());
	attrset(A_NORMAL);
	draw_detail(a, list_width() + 1, COLS - list_width() - 1);
}

static void
search_changed(struct app *a, const char *q)
{
	long at = badges_model_search_typed(&a->badges, q, search_origin);

	if (at >= 0) {
		a->badges.lv.cur = (size_t)at;
		listv_clamp(&a->badges.lv, list_height());
		a->message[0] = '\0';
	} else if (*q) {
		app_message(a, 1, _("no badge matches '%s'"), q);
	}
}

void
view_badges_search(struct app *a, const char *q, int dir, int from_next)
{
	size_t n = a->badges.lv.n, from = a->badges.lv.cur;
	long at;

	if (n == 0)
		return;
	if (from_next)
		from = dir > 0 ? (from + 1) % n : (from + n - 1) % n;
	at = badges_model_search(&a->badges, q, from, dir);
	if (at < 0) {
		app_message(a, 1, _("no badge matches '%s'"), q);
		return;
	}
	if ((dir > 0 && (size_t)at < a->badges.lv.cur) ||
	    (dir < 0 && (size_t)at > a->badges.lv.cur))
		app_message(a, 0,
		            dir > 0 ? _("search went on from the top")
		                    : _("search went on from the bottom"));
	a->badges.lv.cur = (size_t)at;
	listv_clamp(&a->badges.lv, list_height());
}

void
view_badges_verify_all(struct app *a)
{
	struct verify_ctx ctx;
	size_t n = a->badges.lv.n, done = 0, failed = 0;
	int cancelled = 0;

	if (a->readonly) {
		app_message(a, 1,
		            _("read only: verdicts cannot be stored now"));
		return;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.now = a->now;
	ctx.trust = cJSON_GetObjectItemCaseSensitive(vault_data(a->v), "trust");
	ctx.coll = a->c;
	for (size_t i = 0; i < n; i++) {
		struct cairn_error err = {0};
		struct verdict v;
		unsigned char *raw;
		size_t len, rec = a->badges.rows[i].rec;
		char at[32];
		struct tm tm;
		time_t t = a->now;

		if (app_progress(a, _("Verifying"), i, n)) {
			cancelled = 1;
			break;
		}
		if (collection_raw(a->c, rec, &raw, &len, &err) != CAIRN_OK) {
			failed++;
			continue;
		}
		if (verify_credential(raw, len, &ctx, &v, &err) != CAIRN_OK) {
			free(raw);
			failed++;
			continue;
		}
		free(raw);
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		collection_set_verdict(a->c, rec, verdict_json(&v, at), NULL);
		done++;
	}
	if (done > 0 && !app_save(a))
		return;
	app_reload(a);
	if (cancelled)
		app_message(
		    a, 0,
		    ngettext("cancelled: %zu badge verified before that",
		             "cancelled: %zu badges verified before that",
		             done),
		    done);
	else if (failed)
		app_message(a, 1, _("%zu verified, %zu could not be read"),
		            done, failed);
	else
		app_message(
		    a, 0,
		    ngettext("%zu badge verified", "%zu badges verified", done),
		    done);
}

void
view_badges_remove(struct app *a)
{
	struct cairn_error err = {0};
	const struct badge_row *r;
	char q[512];

	if (a->badges.lv.n == 0)
		return;
	if (a->readonly) {
		app_message(a, 1, _("read only: nothing can be removed now"));
		return;
	}
	r = badges_model_row(&a->badges, a->badges.lv.cur);
	if (r == NULL) {
		app_message(a, 1, _("out of memory"));
		return;
	}
	snprintf(q, sizeof q, _("Remove '%s' from the vault?"), r->title);
	if (!app_confirm(a, q)) {
		app_message(a, 0, _("nothing removed"));
		return;
	}
	if (collection_remove(a->c, r->rec, &err) != CAIRN_OK) {
		app_message(a, 1, "%s", err.msg);
		return;
	}
	if (!app_save(a))
		return;
	/* marks follow record numbers, which just changed */
	free(a->badges.marks);
	a->badges.marks = NULL;
	a->badges.n_records = (size_t)-1;
	app_reload(a);
	app_message(a, 0, _("removed; 'cairn gc' frees its bytes on disk"));
}

int
view_badges_key(struct app *a, enum settings_action act, const struct key *k)
{
	struct badges_model *m = &a->badges;
	int detail =
	    (is_wide() && a->focus == 1) || (!is_wide() && a->detail_only);
	size_t h = detail ? detail_height() : list_height();
	struct cairn_error err = {0};

	(void)k;
	if (detail) {
		size_t maxtop = a->detail.n > h ? a->detail.n - h : 0;
		switch (act) {
		case ACT_DOWN:
			if (a->detail_top < maxtop)
				a->detail_top++;
			return 1;
		case ACT_UP:
			if (a->detail_top > 0)
				a->detail_top--;
			return 1;
		case ACT_PAGE_DOWN:
			a->detail_top = a->detail_top + h - 1 > maxtop
			                    ? maxtop
			                    : a->detail_top + h - 1;
			return 1;
		case ACT_PAGE_UP:
			a->detail_top =
			    a->detail_top > h - 1 ? a->detail_top - (h - 1) : 0;
			return 1;
		case ACT_FIRST:
			a->detail_top = 0;
			return 1;
		case ACT_LAST:
			a->detail_top = maxtop;
			return 1;
		case ACT_BACK:
		case ACT_LEFT:
			a->detail_only = 0;
			a->focus = 0;
			return 1;
		case ACT_PANE:
			a->focus = 0;
			a->detail_only = 0;
			return 1;
		default:
			break;
		}
	}
	switch (act) {
	case ACT_DOWN:
		listv_move(&m->lv, 1, h);
		return 1;
	case ACT_UP:
		listv_move(&m->lv, -1, h);
		return 1;
	case ACT_PAGE_DOWN:
		listv_page(&m->lv, 1, h);
		return 1;
	case ACT_PAGE_UP:
		listv_page(&m->lv, -1, h);
		return 1;
	case ACT_FIRST:
		listv_first(&m->lv, h);
		return 1;
	case ACT_LAST:
		listv_last(&m->lv, h);
		return 1;
	case ACT_OPEN:
	case ACT_RIGHT:
	case ACT_PANE:
		if (m->lv.n == 0)
			return 1;
		if (is_wide())
			a->focus = 1;
		else
			a->detail_only = 1;
		return 1;
	case ACT_MARK:
		if (m->lv.n == 0)
			return 1;
		badges_model_toggle_mark(m);
		listv_move(&m->lv, 1, h);
		app_message(a, 0,
		            ngettext("%zu badge marked for export",
		                     "%zu badges marked for export", m->marked),
		            m->marked);
		return 1;
	case ACT_SEARCH: {
		char q[sizeof a->search];
		snprintf(q, sizeof q, "%s", "");
		search_origin = m->lv.cur;
		if (app_prompt(a, "/", q, sizeof q, 0, search_changed) && q[0])
			snprintf(a->search, sizeof a->search, "%s", q);
		return 1;
	}
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (a->search[0] == '\0')
			app_message(a, 1,
			            _("no search yet: press / to search"));
		else
			view_badges_search(a, a->search,
			                   act == ACT_SEARCH_NEXT ? 1 : -1, 1);
		return 1;
	case ACT_SORT: {
		enum collection_sort s = badges_sort_next(m->sort);
		if (badges_model_build(m, a->c, m->filter, s, a->now, &err) !=
		    CAIRN_OK)
			app_message(a, 1, "%s", err.msg);
		else
			app_message(a, 0, _("sorted %s"), badges_sort_name(s));
		a->detail_rec = SIZE_MAX;
		return 1;
	}
	case ACT_FILTER: {
		char f[512];
		snprintf(f, sizeof f, "%s", m->filter ? m->filter : "");
		if (!app_prompt(a,
		                _("filter (issuer:X tag:X skill:X status:X, or "
		                  "words): "),
		                f, sizeof f, 0, NULL))
			return 1;
		if (badges_model_build(m, a->c, f[0] ? f : NULL, m->sort,
		                       a->now, &err) != CAIRN_OK)
			app_message(a, 1, "%s", err.msg);
		else if (f[0])
			app_message(a, 0,
			            ngettext("%zu badge matches",
			                     "%zu badges match", m->lv.n),
			            m->lv.n);
		m->lv.cur = 0;
		listv_clamp(&m->lv, h);
		a->detail_rec = SIZE_MAX;
		return 1;
	}
	case ACT_VERIFY:
		view_badges_verify_all(a);
		return 1;
	case ACT_REMOVE:
		view_badges_remove(a);
		return 1;
	case ACT_BACK:
		if (m->filter != NULL) {
			/* Esc first clears the filter, then leaves */
			if (badges_model_build(m, a->c, NULL, m->sort, a->now,
			                       &err) == CAIRN_OK)
				app_message(a, 0, _("filter cleared"));
			a->detail_rec = SIZE_MAX;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

void
view_badges_click(struct app *a, int y, int x, int wheel)
{
	size_t h = list_height();

	if (is_wide() && x > list_width()) {
		a->focus = 1;
		if (wheel > 0 && a->detail_top + detail_height() < a->detail.n)
			a->detail_top +=
			    3 < a->detail.n - a->detail_top - detail_height()
			        ? 3
			        : a->detail.n - a->detail_top - detail_height();
		else if (wheel < 0)
			a->detail_top =
			    a->detail_top > 3 ? a->detail_top - 3 : 0;
		return;
	}
	if (!is_wide() && a->detail_only) {
		if (wheel > 0 && a->detail_top + detail_height() < a->detail.n)
			a->detail_top++;
		else if (wheel < 0 && a->detail_top > 0)
			a->detail_top--;
		return;
	}
	a->focus = 0;
	if (wheel != 0) {
		listv_scroll(&a->badges.lv, wheel * 3, h);
		return;
	}
	if (y >= 2)
		listv_click(&a->badges.lv, (size_t)(y - 2), h);
}

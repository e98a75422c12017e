/* The Pathways view: every pathway with a progress bar; the chosen one's
 * tree with done, partial and missing marks and credits; the badges that
 * fill the chosen node, and the next steps. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "text.h"
#include "tui.h"

#define FOOT_LINES 4

static const cJSON **recs; /* the records the index borrows */

void
view_pathways_clear(struct app *a)
{
	if (a->pw.results != NULL)
		for (size_t i = 0; i < a->pathways.n; i++)
			cJSON_Delete(a->pw.results[i]);
	free(a->pw.results);
	a->pw.results = NULL;
	tree_clear(&a->pw.tree);
	a->pw.tree_for = SIZE_MAX;
	pathway_records_free(a->pidx);
	a->pidx = NULL;
	free(recs);
	recs = NULL;
}

void
view_pathways_reload(struct app *a)
{
	struct cairn_error err = {0};
	size_t n = collection_count(a->c);

	view_pathways_clear(a);
	recs = calloc(n ? n : 1, sizeof *recs);
	a->pw.results =
	    calloc(a->pathways.n ? a->pathways.n : 1, sizeof *a->pw.results);
	if (recs == NULL || a->pw.results == NULL) {
		app_message(a, 1, _("out of memory"));
		return;
	}
	for (size_t i = 0; i < n; i++)
		recs[i] = collection_record(a->c, i);
	if (pathway_records_new(recs, n, &a->pidx, &err) != CAIRN_OK) {
		app_message(a, 1, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < a->pathways.n; i++)
		if (pathway_evaluate_records(a->pathways.items[i], a->pidx,
		                             a->now, &a->pw.results[i],
		                             &err) != CAIRN_OK)
			app_message(a, 1, "%s", err.msg);
	a->pw.list.n = a->pathways.n;
	listv_clamp(&a->pw.list, 1);
}

static int
list_rows(const struct app *a)
{
	int body = app_body_height(), want = (int)a->pathways.n;
	int max = body / 3 < 3 ? 3 : body / 3;
	return want < max ? (want > 0 ? want : 1) : max;
}

static int
tree_top(const struct app *a)
{
	return 1 + list_rows(a) + 1;
}

static size_t
tree_height(const struct app *a)
{
	int h = LINES - 1 - tree_top(a) - FOOT_LINES;
	return h > 0 ? (size_t)h : 1;
}

static enum role
node_role(const char *st)
{
	return strcmp(st, "complete") == 0  ? ROLE_OK
	       : strcmp(st, "partial") == 0 ? ROLE_UNKNOWN
	                                    : ROLE_DIM;
}

static void
draw_list(struct app *a)
{
	int rows = list_rows(a), bw = COLS >= 100 ? 20 : 12;

	listv_clamp(&a->pw.list, (size_t)rows);
	if (a->pathways.n == 0) {
		display_text(
		    1, 2, COLS - 2,
		    _("No pathway: add one with 'cairn pathway add FILE'."),
		    ROLE_DIM, 0);
		return;
	}
	for (int i = 0; i < rows && a->pw.list.top + (size_t)i < a->pw.list.n;
	     i++) {
		size_t p = a->pw.list.top + (size_t)i;
		const cJSON *res = a->pw.results[p];
		double prog = 0;
		char bar[256], pct[16];
		int sel = p == a->pw.list.cur;
		enum role base =
		    sel && a->pw.focus == 0 ? ROLE_SELECTED : ROLE_NORMAL;
		const char *title = pathway_title(a->pathways.items[p]);

		json_num(res, "progress", &prog);
		progress_bar(prog, (size_t)bw, bar, sizeof bar);
		snprintf(pct, sizeof pct, "%3d%%", (int)(prog * 100 + 0.5));
		display_fill(1 + i, 0, COLS, base);
		if (sel)
			display_text(
			    1 + i, 0, 1, ">",
			    base == ROLE_SELECTED ? base : ROLE_HEADING, 0);
		display_text(1 + i, 2, bw, bar,
		             base == ROLE_SELECTED ? base : ROLE_PROGRESS, 0);
		display_text(1 + i, 3 + bw, 5, pct, base, 0);
		display_text(1 + i, 9 + bw, COLS - 9 - bw, title, base, 0);
	}
}

static void
tree_ensure(struct app *a)
{
	size_t p = a->pw.list.cur;

	if (a->pathways.n == 0 || a->pw.results[p] == NULL)
		return;
	if (a->pw.tree_for == p)
		return;
	tree_build(a->pw.results[p], &a->pw.tree);
	a->pw.tree_for = p;
}

static void
draw_foot(struct app *a, int y)
{
	const struct tree_row *r;
	const cJSON *fb, *steps, *s;
	char buf[1024];
	size_t at = 0, lw = text_width(_("Filled by")),
	       lw2 = text_width(_("Next steps"));
	/* the labels are translated: values start after the wider one */
	int vx = (int)(lw > lw2 ? lw : lw2) + 2;

	if (vx < 12)
		vx = 12;
	if (vx > COLS / 2)
		vx = COLS / 2;
	if (a->pw.tree.lv.n == 0)
		return;
	r = &a->pw.tree.rows[a->pw.tree.lv.cur];
	fb = json_arr(r->node, "filledBy");
	display_text(y, 0, COLS, _("Filled by"), ROLE_HEADING, 0);
	buf[0] = '\0';
	cJSON_ArrayForEach(s, fb)
	{
		const char *t = json_str(s, "title");
		at += (size_t)snprintf(
		    buf + at, at < sizeof buf ? sizeof buf - at : 0, "%s%s%s",
		    at ? ", " : "", t ? t : "?",
		    cJSON_IsTrue(
		        cJSON_GetObjectItemCaseSensitive(s, "verified"))
		        ? ""
		        : _(" (unverified)"));
		if (at >= sizeof buf)
			break;
	}
	if (at == 0)
		snprintf(buf, sizeof buf, "%s",
		         json_arr(r->node, "children")
		             ? _("see the requirements below it")
		             : _("no badge yet"));
	display_text(y, vx, COLS - vx, buf, ROLE_NORMAL, 0);
	steps =
	    json_arr(json_obj(a->pw.results[a->pw.list.cur], "next"), "steps");
	display_text(y + 1, 0, COLS, _("Next steps"), ROLE_HEADING, 0);
	at = 0;
	buf[0] = '\0';
	cJSON_ArrayForEach(s, steps)
	{
		double c;
		const char *t = json_str(s, "title");
		if (json_num(s, "credits", &c) && c > 0)
			at += (size_t)snprintf(
			    buf + at, at < sizeof buf ? sizeof buf - at : 0,
			    "%s%s (%g)", at ? ", " : "", t ? t : "?", c);
		else
			at += (size_t)snprintf(
			    buf + at, at < sizeof buf ? sizeof buf - at : 0,
			    "%s%s", at ? ", " : "", t ? t : "?");
		if (at >= sizeof buf)
			break;
	}
	if (at == 0)
		snprintf(buf, sizeof buf, "%s",
		         cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		             a->pw.results[a->pw.list.cur], "complete"))
		             ? _("none: this pathway is complete")
		             : _("none found"));
	display_text(y + 1, vx, COLS - vx, buf, ROLE_NORMAL, 0);
	if (json_arr(r->node, "filledBy") && cJSON_GetArraySize(fb) > 0)
		display_text(y + 2, 0, COLS,
		             _("Enter shows the first badge that fills it"),
		             ROLE_DIM, 0);
}

void
view_pathways_draw(struct app *a)
{
	const cJSON *res, *cr;
	char head[512];
	double e, r;
	int y0;
	size_t h;

	if (a->pw.results == NULL)
		view_pathways_reload(a);
	if (a->pw.results == NULL)
		return;
	draw_list(a);
	if (a->pathways.n == 0)
		return;
	tree_ensure(a);
	res = a->pw.results[a->pw.list.cur];
	cr = json_obj(res, "credits");
	y0 = 1 + list_rows(a);
	attrset((int)display_attr(ROLE_BORDER));
	mvhline(y0, 0, ACS_HLINE, COLS);
	attrset(A_NORMAL);
	if (cr && json_num(cr, "earned", &e) && json_num(cr, "required", &r))
		snprintf(head, sizeof head, _(" %s · %g of %g %s "),
		         pathway_title(a->pathways.items[a->pw.list.cur]), e, r,
		         json_str(cr, "unit") ? json_str(cr, "unit") : "");
	else
		snprintf(head, sizeof head, " %s ",
		         pathway_title(a->pathways.items[a->pw.list.cur]));
	display_text(y0, 2, COLS - 4, head, ROLE_HEADING, 0);
	h = tree_height(a);
	listv_clamp(&a->pw.tree.lv, h);
	for (size_t i = 0; i < h && a->pw.tree.lv.top + i < a->pw.tree.lv.n;
	     i++) {
		size_t t = a->pw.tree.lv.top + i;
		const struct tree_row *row = &a->pw.tree.rows[t];
		int y = tree_top(a) + (int)i,
		    x = 2 + 2 * (row->depth > 20 ? 20 : row->depth);
		int sel = t == a->pw.tree.lv.cur && a->pw.focus == 1;
		enum role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
		int iw = (int)text_width(row->info);
		display_fill(y, 0, COLS, base);
		if (sel)
			display_text(y, 0, 1, ">", base, 0);
		display_text(y, x, 2, status_mark(row->status),
		             sel ? base : node_role(row->status), 0);
		display_text(y, x + 2, COLS - x - 4 - iw, row->title, base, 0);
		if (iw > 0 && COLS - iw - 1 > x + 4)
			display_text(y, COLS - iw - 1, iw, row->info,
			             sel ? base : ROLE_DIM, 0);
	}
	draw_foot(a, LINES - 1 - FOOT_LINES + 1);
}

static void
open_filler(struct app *a)
{
	const struct tree_row *r;
	const cJSON *first;
	const char *id;

	if (a->pw.tree.lv.n == 0)
		return;
	r = &a->pw.tree.rows[a->pw.tree.lv.cur];
	first = cJSON_GetArrayItem(json_arr(r->node, "filledBy"), 0);
	id = json_str(first, "id");
	if (id == NULL) {
		app_message(a, 0, _("no badge fills this requirement yet"));
		return;
	}
	/* the whole collection, so the badge is in the list */
	if (a->badges.filter != NULL) {
		struct cairn_error err = {0};
		badges_model_build(&a->badges, a->c, NULL, a->badges.sort,
		                   a->now, &err);
	}
	for (size_t i = 0; i < a->badges.lv.n; i++) {
		const char *rid = json_str(
		    collection_record(a->c, a->badges.rows[i].rec), "id");
		if (rid && strcmp(rid, id) == 0) {
			a->badges.lv.cur = i;
			listv_clamp(&a->badges.lv,
			            (size_t)app_body_height() - 1);
			a->view = VIEW_BADGES;
			a->detail_only = 1;
			a->focus = 1;
			a->detail_rec = SIZE_MAX;
			return;
		}
	}
}

int
view_pathways_key(struct app *a, enum settings_action act, const struct key *k)
{
	struct listv *l = a->pw.focus == 0 ? &a->pw.list : &a->pw.tree.lv;
	size_t h = a->pw.focus == 0 ? (size_t)list_rows(a) : tree_height(a);
	size_t before = a->pw.list.cur;

	(void)k;
	switch (act) {
	case ACT_DOWN:
		listv_move(l, 1, h);
		break;
	case ACT_UP:
		listv_move(l, -1, h);
		break;
	case ACT_PAGE_DOWN:
		listv_page(l, 1, h);
		break;
	case ACT_PAGE_UP:
		listv_page(l, -1, h);
		break;
	case ACT_FIRST:
		listv_first(l, h);
		break;
	case ACT_LAST:
		listv_last(l, h);
		break;
	case ACT_PANE:
		a->pw.focus = !a->pw.focus;
		return 1;
	case ACT_OPEN:
	case ACT_RIGHT:
		if (a->pw.focus == 0)
			a->pw.focus = 1;
		else
			open_filler(a);
		return 1;
	case ACT_LEFT:
		a->pw.focus = 0;
		return 1;
	case ACT_BACK:
		if (a->pw.focus == 1) {
			a->pw.focus = 0;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
	if (a->pw.list.cur != before) {
		a->pw.tree.lv.cur = a->pw.tree.lv.top = 0;
		a->pw.tree_for = SIZE_MAX;
	}
	return 1;
}

void
view_pathways_click(struct app *a, int y, int x, int wheel)
{
	int rows = list_rows(a);

	(void)x;
	if (y >= 1 && y < 1 + rows) {
		size_t before = a->pw.list.cur;
		a->pw.focus = 0;
		if (wheel)
			listv_scroll(&a->pw.list, wheel, (size_t)rows);
		else
			listv_click(&a->pw.list, (size_t)(y - 1), (size_t)rows);
		if (a->pw.list.cur != before) {
			a->pw.tree.lv.cur = a->pw.tree.lv.top = 0;
			a->pw.tree_for = SIZE_MAX;
		}
	} else if (y >= tree_top(a)) {
		a->pw.focus = 1;
		if (wheel)
			listv_scroll(&a->pw.tree.lv, wheel * 3, tree_height(a));
		else
			listv_click(&a->pw.tree.lv, (size_t)(y - tree_top(a)),
			            tree_height(a));
	}
}

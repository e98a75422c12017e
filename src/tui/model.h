/* View models of the terminal interface: what to show, in plain C with no
 * curses, so that lists, searches, marks, trees and wrapped text are tested
 * without a terminal (tests/test_tui_model.c).  Every string a model hands
 * out for display is already sanitised (text.h) and safe for a terminal. */
#ifndef CAIRN_TUI_MODEL_H
#define CAIRN_TUI_MODEL_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "collection.h"

/* ---- a scrolling window over n rows ----------------------------------- */

struct listv {
	size_t n;   /* rows */
	size_t cur; /* the selected row (0 when n is 0) */
	size_t top; /* the first row shown */
};

/* Keeps cur in range and visible in a window of height rows. */
void listv_clamp(struct listv *l, size_t height);
/* Moves the selection by delta rows (negative: up), stopping at the ends. */
void listv_move(struct listv *l, long delta, size_t height);
void listv_first(struct listv *l, size_t height);
void listv_last(struct listv *l, size_t height);
/* A page down (dir 1) or up (dir -1). */
void listv_page(struct listv *l, int dir, size_t height);
/* Scrolls the window (the mouse wheel) by delta rows; the selection
 * follows when it would leave the window. */
void listv_scroll(struct listv *l, long delta, size_t height);
/* Selects the row shown at line y of the window; 0 when there is none. */
int listv_click(struct listv *l, size_t y, size_t height);

/* ---- the badge list --------------------------------------------------- */

/* A row's text is made when it is first shown or searched, so building a
 * list of any size costs the selection and sort alone. */
struct badge_row {
	size_t rec;         /* record index in the collection */
	const char *status; /* "verified", "failed", "expired", "unknown" */
	char *title;        /* sanitised, one line */
	char *issuer;
	char *date; /* issue date, YYYY-MM-DD or "" */
	char *fold; /* lower-case title and issuer, for search */
};

struct badges_model {
	struct badge_row *rows;
	struct listv lv;
	unsigned char *marks; /* one byte per record: marked for export */
	size_t n_records;
	size_t marked;
	enum collection_sort sort;
	char *filter;   /* collection_select's filter text, or NULL */
	char miss[256]; /* the last query that matched nothing (folded) */
	const struct collection *coll; /* the records the rows show */
	time_t now;
};

/* Row i with its text (made on first use); NULL when out of memory. */
const struct badge_row *badges_model_row(struct badges_model *m, size_t i);

/* Builds the list of the records that match filter (NULL: all), sorted.
 * Marks of records that stay are kept (m->marks is resized as needed). */
enum cairn_err badges_model_build(struct badges_model *m,
                                  const struct collection *c,
                                  const char *filter, enum collection_sort sort,
                                  time_t now, struct cairn_error *err);
void badges_model_clear(struct badges_model *m);

/* The row matching query (case-insensitive, in title or issuer), looking
 * from row from in direction dir (1 or -1) and wrapping around; -1 when
 * none.  Costs the distance to the match, not the list's size. */
long badges_model_search(struct badges_model *m, const char *query, size_t from,
                         int dir);

/* badges_model_search for search as you type: a query that extends one
 * that matched nothing cannot match either, so after the first miss each
 * further keystroke costs nothing, whatever the list's size. */
long badges_model_search_typed(struct badges_model *m, const char *query,
                               size_t from);

/* Toggles the mark of the selected row; returns its new state. */
int badges_model_toggle_mark(struct badges_model *m);
/* The marked record indices (malloc'd, in list order); *n their count. */
size_t *badges_model_marked(const struct badges_model *m, size_t *n);

/* The name of the next sort order after s, and its name. */
enum collection_sort badges_sort_next(enum collection_sort s);
const char *badges_sort_name(enum collection_sort s);

/* ---- wrapped text (the detail pane) --------------------------------- */

enum line_role {
	LINE_TEXT,
	LINE_LABEL,   /* a heading ("Description") */
	LINE_OK,      /* a check that passed */
	LINE_FAILED,  /* a check that failed */
	LINE_UNKNOWN, /* a check that could not be decided */
	LINE_TITLE,
};

struct text_lines {
	char **lines; /* sanitised, each at most width columns wide */
	enum line_role *roles;
	size_t n, cap;
	size_t width;
};

/* Appends text (sanitised here) wrapped at the width, every line but the
 * first indented by indent columns. */
int lines_add(struct text_lines *t, const char *text, enum line_role role,
              size_t indent);
/* "Label  value" on one line when it fits, else wrapped under the label. */
int lines_add_field(struct text_lines *t, const char *label, const char *value);
void lines_clear(struct text_lines *t);
/* Puts n empty lines before the first (room for a picture). */
int lines_prepend_blank(struct text_lines *t, size_t n);

/* The detail of one record at width columns: title, status, issuer,
 * dates, description, criteria, skills and alignments, credits, EQF
 * level, every verification check with its reason, and the rest. */
int detail_build(const cJSON *record, time_t now, size_t width,
                 struct text_lines *out);

/* ---- pathways ------------------------------------------------------- */

struct tree_row {
	int depth;
	const char *status; /* "complete", "partial", "missing" */
	char *title;        /* sanitised */
	char *info;         /* "1 of 2", "5 of 30 ECTS" */
	const cJSON *node;  /* borrowed from the result */
};

struct tree_model {
	struct tree_row *rows;
	struct listv lv;
};

/* Flattens a pathway_evaluate() result's "nodes" tree, depth first. */
int tree_build(const cJSON *result, struct tree_model *t);
void tree_clear(struct tree_model *t);

/* A progress bar of width columns for progress 0..1, in eighths of a
 * block (UTF-8, width display columns). */
void progress_bar(double progress, size_t width, char *buf, size_t size);

/* The mark shown for a badge status or a tree node status. */
const char *status_mark(const char *status);

/* ---- path completion (the import prompt) ---------------------------- */

/* Completes the path typed so far: the longest common continuation of the
 * directory entries it starts, "/" added after a lone directory.  Returns
 * the number of candidates (0: nothing matched; input unchanged). */
size_t path_complete(char *input, size_t size);

#endif

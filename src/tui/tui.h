/* The terminal interface: one application struct shared by the views
 * (view_*.c), drawn through the display layer (display.c) from the view
 * models (model.h).  Only app.c talks to the terminal's input. */
#ifndef CAIRN_TUI_H
#define CAIRN_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "collection.h"
#include "image.h"
#include "model.h"
#include "pathways.h"
#include "pathway_records.h"
#include "secret.h"
#include "settings.h"
#include "tui_main.h"
#include "vault.h"

enum view_id {
	VIEW_BADGES,
	VIEW_PATHWAYS,
	VIEW_IMPORT,
	VIEW_EXPORT,
	VIEW_COUNT_
};

/* Colour roles; display.c maps them to colours or to monochrome. */
enum role {
	ROLE_NORMAL,
	ROLE_BAR,      /* the title bar */
	ROLE_TAB,      /* the current view's name in the title bar */
	ROLE_SELECTED, /* the selected row */
	ROLE_STATUS,   /* the status line */
	ROLE_ERROR,
	ROLE_OK,
	ROLE_FAILED,
	ROLE_UNKNOWN,
	ROLE_EXPIRED,
	ROLE_DIM,
	ROLE_HEADING,
	ROLE_MARKED,
	ROLE_PROGRESS,
	ROLE_BORDER,
	ROLE_COUNT_
};

/* A key as read: a character (key < KEY_MIN when !fn) or a curses key. */
struct key {
	int fn; /* 1: a curses KEY_* code */
	wint_t code;
};

struct pathway_view {
	cJSON **results;   /* pathway_evaluate's result for each pathway */
	struct listv list; /* the pathways */
	struct tree_model tree;
	size_t tree_for; /* the pathway the tree shows */
	int focus;       /* 0: the list, 1: the tree */
};

struct import_view {
	char path[CAIRN_MAX_TUI_INPUT];
	struct text_lines report;
	size_t top;
};

struct export_view {
	int field;       /* the field being edited */
	int form;        /* enum export_form */
	int use_pathway; /* 1: the selected pathway, 0: the marked badges */
	char challenge[256];
	char domain[256];
	char output[CAIRN_MAX_TUI_INPUT];
	char result[1024]; /* what happened last */
	int result_error;
};

struct app {
	struct tui_options opts;
	struct settings cfg;
	int keymap[ACT_COUNT_][6]; /* unused slots are 0 */
	/* the vault, while unlocked */
	struct vault *v;
	struct collection *c;
	int readonly;
	struct pathway_set pathways;
	struct pathway_records *pidx;
	struct demo *demo;        /* cairn --demo: removed on exit */
	enum cairn_err fail_code; /* why unlocking failed */
	time_t now;
	int now_fixed; /* CAIRN_NOW: screens do not follow the clock */
	/* what is shown */
	enum view_id view;
	int help;        /* the help overlay is up */
	size_t help_top; /* its first line shown */
	int focus;       /* badges: 0 list, 1 detail */
	int detail_only; /* narrow screens: the detail fills the screen */
	struct badges_model badges;
	struct text_lines detail;
	size_t detail_rec; /* the record the detail shows, or SIZE_MAX */
	size_t detail_top;
	size_t detail_width;
	struct image_cell *pic; /* the detail's badge picture, or NULL */
	unsigned pic_cols,
	    pic_rows; /* its cells; rows > 0 with no cells: a placeholder */
	char pic_note[128]; /* what the placeholder says */
	struct pathway_view pw;
	struct import_view imp;
	struct export_view exp;
	char search[256];
	const char *prompt_label; /* a prompt is open at the bottom line */
	const char *prompt_buf;
	char message[512];
	int message_error;
	/* input */
	int pending_g; /* 'g' typed: a second one goes to the top */
	time_t last_input;
	int mouse_y, mouse_x;
	mmask_t mouse_bstate;
	/* CAIRN_SCRIPT */
	char *script;
	size_t script_at, script_len;
	size_t dumps;
	const char *typing; /* rest of a "type" line */
	int quit;
};

/* ---- display.c ---- */
void display_init(const struct settings *cfg);
attr_t display_attr(enum role r);
/* Draws text (sanitised here; credential text is safe to pass) at y, x in
 * at most width columns, padded with spaces to width when pad. */
void display_text(int y, int x, int width, const char *text, enum role r,
                  int pad);
void display_fill(int y, int x, int width, enum role r);
/* Colour depth: 0 monochrome, 8, 256, or 16777216 (truecolor). */
long display_colors(void);
void display_box(int y, int x, int h, int w, const char *title);
/* Draws one row of picture cells with U+2580 (upper half block): the
 * top pixel as the foreground colour, the bottom one as the background. */
void display_image_row(int y, int x, const struct image_cell *cells,
                       unsigned cols);

/* ---- app.c: shared by the views ---- */
/* The next key, from the terminal or the script; handles resize, idle
 * lock and signals.  Returns 0 when the app must stop. */
int app_key(struct app *a, struct key *k);
/* The action bound to a key (ACT_NONE when unbound). */
enum settings_action app_action(const struct app *a, const struct key *k);
/* Redraws everything. */
void app_draw(struct app *a);
void app_message(struct app *a, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads a line at the bottom of the screen; returns 1 on Enter, 0 on Esc.
 * complete: Tab completes paths.  on_change (may be NULL) runs after
 * every keystroke (incremental search). */
int app_prompt(struct app *a, const char *label, char *buf, size_t size,
               int complete, void (*on_change)(struct app *, const char *));
/* Asks a yes/no question; 1 for yes. */
int app_confirm(struct app *a, const char *question);
/* Progress of long work: draws it, and returns 1 when the user cancelled
 * (Esc, q or Ctrl-C). */
int app_progress(struct app *a, const char *what, size_t done, size_t total);
/* Rebuilds the models after the collection changed. */
void app_reload(struct app *a);
/* Saves the collection; reports failure in the status line. */
int app_save(struct app *a);
/* The key names bound to an action, for the help and hints. */
void app_keys_for(const struct app *a, enum settings_action act, char *buf,
                  size_t size);
/* Where the shipped pathways are (the demo's own for cairn --demo). */
const char *app_datadir(const struct app *a);
/* Height of the body (between the title bar and the status line). */
int app_body_height(void);

/* ---- the views ---- */
void view_badges_draw(struct app *a);
int view_badges_key(struct app *a, enum settings_action act,
                    const struct key *k);
void view_badges_click(struct app *a, int y, int x, int wheel);
void view_badges_search(struct app *a, const char *q, int dir, int from_next);
void view_badges_verify_all(struct app *a);
void view_badges_remove(struct app *a);

void view_pathways_draw(struct app *a);
int view_pathways_key(struct app *a, enum settings_action act,
                      const struct key *k);
void view_pathways_click(struct app *a, int y, int x, int wheel);
void view_pathways_reload(struct app *a);
void view_pathways_clear(struct app *a);

void view_help_draw(struct app *a);

void view_import_draw(struct app *a);
int view_import_key(struct app *a, enum settings_action act,
                    const struct key *k);
void view_import_run(struct app *a, const char *path);

void view_export_draw(struct app *a);
int view_export_key(struct app *a, enum settings_action act,
                    const struct key *k);

#endif

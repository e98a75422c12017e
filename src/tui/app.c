/* The terminal interface's application: start-up, unlocking, the input
 * loop (keys, mouse, resize, idle lock, signals), prompts, and the
 * hidden CAIRN_SCRIPT mode that drives it from a file of keys and dumps
 * the screen as text (tests/screen.sh). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <sodium.h>

/* Screen dumps and the passphrase field convert wide characters into
 * buffers of MB_LEN_MAX bytes: <limits.h> must be the C library's (a
 * project header of the same name once shadowed it, making it 1). */
_Static_assert(MB_LEN_MAX >= 4, "MB_LEN_MAX from the C library's <limits.h>");

#include "credential.h"
#include "demo.h"
#include "i18n.h"
#include "import/files.h"
#include "json.h"
#include "cairn_limits.h"
#include "paths.h"
#include "text.h"
#include "tui.h"

#define KEY_FN_BIT 0x1000000

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* ---- keys ----------------------------------------------------------- */

struct default_binding {
	enum settings_action act;
	const char *keys[5];
};

static const struct default_binding defaults[] = {
    {ACT_DOWN, {"down", "j", "C-n"}},
    {ACT_UP, {"up", "k", "C-p"}},
    {ACT_LEFT, {"left", "h"}},
    {ACT_RIGHT, {"right", "l"}},
    {ACT_PAGE_DOWN, {"pgdn", "C-f", "C-d"}},
    {ACT_PAGE_UP, {"pgup", "C-b", "C-u"}},
    {ACT_FIRST, {"home"}},
    {ACT_LAST, {"end", "G"}},
    {ACT_SEARCH, {"/"}},
    {ACT_SEARCH_NEXT, {"n"}},
    {ACT_SEARCH_PREV, {"N"}},
    {ACT_PANE, {"tab", "btab"}},
    {ACT_BACK, {"esc", "q"}},
    {ACT_HELP, {"?", "F1"}},
    {ACT_COMMAND, {":"}},
    {ACT_MARK, {"space"}},
    {ACT_OPEN, {"enter"}},
    {ACT_QUIT, {"Q"}},
    {ACT_SORT, {"s"}},
    {ACT_FILTER, {"f"}},
    {ACT_BADGES, {"1", "b"}},
    {ACT_PATHWAYS, {"2", "p"}},
    {ACT_IMPORT, {"3", "i"}},
    {ACT_EXPORT, {"4", "e"}},
    {ACT_REMOVE, {"x", "del"}},
    {ACT_VERIFY, {"v"}},
    {ACT_LOCK, {"L"}},
    {ACT_REDRAW, {"C-l"}},
};

static const struct {
	const char *name;
	int code;
} named[] = {
    {"up", KEY_FN_BIT | KEY_UP},
    {"down", KEY_FN_BIT | KEY_DOWN},
    {"left", KEY_FN_BIT | KEY_LEFT},
    {"right", KEY_FN_BIT | KEY_RIGHT},
    {"pgup", KEY_FN_BIT | KEY_PPAGE},
    {"pgdn", KEY_FN_BIT | KEY_NPAGE},
    {"home", KEY_FN_BIT | KEY_HOME},
    {"end", KEY_FN_BIT | KEY_END},
    {"enter", '\n'},
    {"tab", '\t'},
    {"btab", KEY_FN_BIT | KEY_BTAB},
    {"esc", 27},
    {"space", ' '},
    {"backspace", KEY_FN_BIT | KEY_BACKSPACE},
    {"del", KEY_FN_BIT | KEY_DC},
};

/* A key name (settings.h) as a code; 0 when unknown. */
static int
key_code(const char *name)
{
	size_t len = strlen(name);

	if (len == 1)
		return (unsigned char)name[0];
	if (len == 3 && name[0] == 'C' && name[1] == '-')
		return name[2] & 0x1f;
	if (name[0] == 'F' && len <= 3 && atoi(name + 1) >= 1 &&
	    atoi(name + 1) <= 12)
		return KEY_FN_BIT | KEY_F(atoi(name + 1));
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(name, named[i].name) == 0)
			return named[i].code;
	return 0;
}

static const char *
key_label(int code, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == code) {
			static const char *const shown[] = {
			    "↑",     "↓",    "←",     "→",     "PgUp",
			    "PgDn",  "Home", "End",   "Enter", "Tab",
			    "S-Tab", "Esc",  "Space", "BkSp",  "Del"};
			return shown[i];
		}
	if (code & KEY_FN_BIT) {
		int f = code & ~KEY_FN_BIT;
		if (f >= KEY_F(1) && f <= KEY_F(12)) {
			snprintf(buf, size, "F%d", f - KEY_F(0));
			return buf;
		}
		return "?";
	}
	if (code < 32)
		snprintf(buf, size, "C-%c", code + 'a' - 1);
	else
		snprintf(buf, size, "%c", code);
	return buf;
}

static void
keymap_bind(struct app *a, int code, enum settings_action act)
{
	for (int i = 0; i < ACT_COUNT_; i++)
		for (int s = 0; s < 6; s++)
			if (a->keymap[i][s] == code)
				a->keymap[i][s] = 0;
	if (act == ACT_NONE)
		return;
	for (int s = 0; s < 6; s++)
		if (a->keymap[act][s] == 0) {
			a->keymap[act][s] = code;
			return;
		}
}

static void
keymap_init(struct app *a)
{
	memset(a->keymap, 0, sizeof a->keymap);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		for (int s = 0; s < 5 && defaults[i].keys[s]; s++)
			a->keymap[defaults[i].act][s] =
			    key_code(defaults[i].keys[s]);
	for (size_t i = 0; i < a->cfg.n_bindings; i++) {
		int code = key_code(a->cfg.bindings[i].key);
		if (code != 0)
			keymap_bind(a, code, a->cfg.bindings[i].action);
	}
}

static int
key_encode(const struct key *k)
{
	return k->fn ? KEY_FN_BIT | (int)k->code : (int)k->code;
}

enum settings_action
app_action(const struct app *a, const struct key *k)
{
	int code = key_encode(k);

	for (int i = 1; i < ACT_COUNT_; i++)
		for (int s = 0; s < 6; s++)
			if (a->keymap[i][s] == code && code != 0)
				return (enum settings_action)i;
	return ACT_NONE;
}

void
app_keys_for(const struct app *a, enum settings_action act, char *buf,
             size_t size)
{
	size_t at = 0;
	char tmp[16];

	buf[0] = '\0';
	for (int s = 0; s < 6; s++) {
		const char *l;
		if (a->keymap[act][s] == 0)
			continue;
		l = key_label(a->keymap[act][s], tmp, sizeof tmp);
		at += (size_t)snprintf(buf + at, at < size ? size - at : 0,
		                       "%s%s", at ? " " : "", l);
		if (at >= size)
			break;
	}
	if (act == ACT_FIRST && a->keymap[ACT_FIRST][0] != 0 && at + 4 < size)
		strcat(buf, " gg");
}

static void
app_key_first(const struct app *a, enum settings_action act, char *buf,
              size_t size)
{
	char tmp[16];

	buf[0] = '\0';
	for (int s = 0; s < 6; s++)
		if (a->keymap[act][s] != 0) {
			snprintf(buf, size, "%s",
			         key_label(a->keymap[act][s], tmp, sizeof tmp));
			return;
		}
	snprintf(buf, size, ":%s", settings_action_name(act));
}

/* ---- the script (CAIRN_SCRIPT) -------------------------------------- */

static char *
script_line(struct app *a)
{
	char *line;

	while (a->script_at < a->script_len) {
		char *nl;
		line = a->script + a->script_at;
		nl = memchr(line, '\n', a->script_len - a->script_at);
		if (nl != NULL) {
			*nl = '\0';
			a->script_at = (size_t)(nl - a->script) + 1;
		} else {
			a->script_at = a->script_len;
		}
		if (line[0] != '\0' && line[0] != '#')
			return line;
	}
	return NULL;
}

/* Line-drawing characters as the terminal would show them. */
static wchar_t
acs_unicode(wchar_t c)
{
	switch (c) {
	case L'q':
		return L'─';
	case L'x':
		return L'│';
	case L'l':
		return L'┌';
	case L'k':
		return L'┐';
	case L'm':
		return L'└';
	case L'j':
		return L'┘';
	default:
		return c;
	}
}

static void
script_dump(struct app *a, const char *title)
{
	char out[4096];

	printf("--- %s ---\n", title && *title ? title : "screen");
	for (int y = 0; y < LINES; y++) {
		size_t at = 0, keep = 0;
		for (int x = 0; x < COLS && at + 16 < sizeof out; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1] = {0};
			attr_t attrs = 0;
			short pair;
			int w;
			mbstate_t st;
			char mb[MB_LEN_MAX];
			size_t n;

			if (mvin_wch(y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
				wch[0] = L' ';
			if (wch[0] == 0)
				wch[0] = L' ';
			if (attrs & A_ALTCHARSET)
				wch[0] = acs_unicode(wch[0]);
			memset(&st, 0, sizeof st);
			n = wcrtomb(mb, wch[0], &st);
			if (n == (size_t)-1) {
				mb[0] = '?';
				n = 1;
			}
			memcpy(out + at, mb, n);
			at += n;
			if (wch[0] != L' ')
				keep = at;
			w = wcwidth(wch[0]);
			if (w > 1)
				x += w - 1;
		}
		out[keep] = '\0';
		printf("%s\n", out);
	}
	a->dumps++;
	fflush(stdout);
}

/* The next key of the script; 0 at its end. */
static int
script_key(struct app *a, struct key *k)
{
	for (;;) {
		char *line, *arg;
		if (a->typing != NULL && *a->typing != '\0') {
			unsigned long cp;
			size_t n =
			    text_utf8_next((const unsigned char *)a->typing,
			                   strlen(a->typing), &cp);
			a->typing += n;
			k->fn = 0;
			k->code = (wint_t)cp;
			return 1;
		}
		a->typing = NULL;
		line = script_line(a);
		if (line == NULL)
			return 0;
		arg = strchr(line, ' ');
		if (arg != NULL)
			*arg++ = '\0';
		if (strcmp(line, "type") == 0) {
			a->typing = arg ? arg : "";
		} else if (strcmp(line, "key") == 0 && arg != NULL) {
			int code = key_code(arg);
			if (code == 0) {
				fprintf(stderr,
				        "cairn: script: unknown key '%s'\n",
				        arg);
				return 0;
			}
			k->fn = (code & KEY_FN_BIT) != 0;
			k->code = (wint_t)(code & ~KEY_FN_BIT);
			return 1;
		} else if (strcmp(line, "dump") == 0) {
			/* the passphrase screen draws itself; the rest is the
			 * app */
			if (a->c != NULL)
				app_draw(a);
			script_dump(a, arg);
		} else if (strcmp(line, "resize") == 0 && arg != NULL) {
			int w = 0, h = 0;
			if (sscanf(arg, "%dx%d", &w, &h) != 2 || w < 10 ||
			    h < 5 || w > 1000 || h > 1000)
				return 0;
			resizeterm(h, w);
			k->fn = 1;
			k->code = KEY_RESIZE;
			return 1;
		} else if ((strcmp(line, "click") == 0 ||
		            strcmp(line, "wheel") == 0) &&
		           arg != NULL) {
			char dir[8] = "";
			int y = 0, x = 0;
			if (line[0] == 'c') {
				if (sscanf(arg, "%d %d", &y, &x) != 2)
					return 0;
				a->mouse_bstate = BUTTON1_CLICKED;
			} else {
				if (sscanf(arg, "%7s %d %d", dir, &y, &x) != 3)
					return 0;
				a->mouse_bstate = strcmp(dir, "up") == 0
				                      ? BUTTON4_PRESSED
				                      : BUTTON5_PRESSED;
			}
			a->mouse_y = y;
			a->mouse_x = x;
			k->fn = 1;
			k->code = KEY_MOUSE;
			return 1;
		} else if (strcmp(line, "idle") == 0) {
			a->last_input =
			    0; /* the idle lock fires at the next read */
			k->fn = 1;
			k->code = KEY_RESIZE;
			return 1;
		} else {
			fprintf(stderr, "cairn: script: unknown command '%s'\n",
			        line);
			return 0;
		}
	}
}

/* ---- unlocking ------------------------------------------------------ */

static void app_close_vault(struct app *a);
static int app_unlock(struct app *a, int again);

static int locking;

static void
app_lock(struct app *a)
{
	char *filter;
	enum collection_sort sort = a->badges.sort;
	size_t cur = a->badges.lv.cur, top = a->badges.lv.top;

	if (locking)
		return;
	locking = 1;
	/* the same list comes back after the passphrase: filter, sort, row */
	filter = a->badges.filter ? strdup(a->badges.filter) : NULL;
	app_close_vault(a);
	if (!app_unlock(a, 1)) {
		a->quit = 1;
	} else {
		struct cairn_error err = {0};
		if (badges_model_build(&a->badges, a->c, filter, sort, a->now,
		                       &err) == CAIRN_OK) {
			a->badges.lv.cur = cur;
			a->badges.lv.top = top;
			listv_clamp(&a->badges.lv,
			            (size_t)app_body_height() - 1);
		}
	}
	free(filter);
	locking = 0;
	a->last_input = time(NULL);
}

int
app_key(struct app *a, struct key *k)
{
	for (;;) {
		wint_t ch;
		int r;

		if (got_signal) {
			a->quit = 1;
			return 0;
		}
		if (a->script != NULL) {
			if (!script_key(a, k)) {
				a->quit = 1;
				return 0;
			}
			if (a->last_input == 0 && a->c != NULL && !locking) {
				app_lock(a);
				if (a->quit)
					return 0;
				k->fn = 1;
				k->code = KEY_RESIZE;
			}
			return 1;
		}
		r = get_wch(&ch);
		if (r == ERR) {
			if (got_signal) {
				a->quit = 1;
				return 0;
			}
			if (a->cfg.idle_lock > 0 && a->c != NULL && !locking &&
			    !a->opts.demo &&
			    time(NULL) - a->last_input >=
			        (time_t)a->cfg.idle_lock) {
				app_lock(a);
				if (a->quit)
					return 0;
				k->fn = 1;
				k->code = KEY_RESIZE;
				return 1;
			}
			continue;
		}
		a->last_input = time(NULL);
		k->fn = r == KEY_CODE_YES;
		k->code = ch;
		if (k->fn && ch == KEY_MOUSE) {
			MEVENT ev;
			if (getmouse(&ev) != OK)
				continue;
			a->mouse_y = ev.y;
			a->mouse_x = ev.x;
			a->mouse_bstate = ev.bstate;
		}
		/* one Enter and one Backspace, whatever the terminal sends */
		if (!k->fn && ch == '\r')
			k->code = '\n';
		if (k->fn && ch == KEY_ENTER) {
			k->fn = 0;
			k->code = '\n';
		}
		if (!k->fn && (ch == 127 || ch == 8)) {
			k->fn = 1;
			k->code = KEY_BACKSPACE;
		}
		return 1;
	}
}

static int
is_key(const struct key *k, int fn, wint_t code)
{
	return k->fn == fn && k->code == code;
}

/* ---- messages, prompts, progress ------------------------------------ */

void
app_message(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
	a->message_error = error;
}

int
app_body_height(void)
{
	return LINES > 2 ? LINES - 2 : 1;
}

static void
draw_prompt_line(const char *label, const char *buf, int secret)
{
	int lw, y = LINES - 1;
	size_t bw;
	const char *shown = buf;

	display_fill(y, 0, COLS, ROLE_NORMAL);
	display_text(y, 0, COLS, label, ROLE_HEADING, 0);
	lw = (int)text_width(label);
	if (secret) {
		move(y, lw);
		return;
	}
	/* the end of what was typed stays in view */
	bw = text_width(buf);
	while (bw + (size_t)lw + 1 > (size_t)COLS && *shown) {
		unsigned long cp;
		shown += text_utf8_next((const unsigned char *)shown,
		                        strlen(shown), &cp);
		bw = text_width(shown);
	}
	display_text(y, lw, COLS - lw, shown, ROLE_NORMAL, 0);
	move(y, lw + (int)bw < COLS ? lw + (int)bw : COLS - 1);
}

static void
buf_backspace(char *buf)
{
	size_t n = strlen(buf);

	while (n > 0) {
		n--;
		if (((unsigned char)buf[n] & 0xc0) != 0x80)
			break;
	}
	buf[n] = '\0';
}

static int
buf_append(char *buf, size_t size, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n, len = strlen(buf);

	if (ch < 32 || ch == 127)
		return 0;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n == (size_t)-1 || len + n + 1 > size)
		return 0;
	memcpy(buf + len, mb, n);
	buf[len + n] = '\0';
	return 1;
}

int
app_prompt(struct app *a, const char *label, char *buf, size_t size,
           int complete, void (*on_change)(struct app *, const char *))
{
	struct key k;
	int rc = 0;

	curs_set(1);
	a->prompt_label = label;
	a->prompt_buf = buf;
	for (;;) {
		draw_prompt_line(label, buf, 0);
		refresh();
		if (!app_key(a, &k))
			break;
		if (is_key(&k, 1, KEY_RESIZE)) {
			app_draw(a);
			continue;
		}
		if (is_key(&k, 0, '\n')) {
			rc = 1;
			break;
		}
		if (is_key(&k, 0, 27) || is_key(&k, 0, 7))
			break;
		if (is_key(&k, 1, KEY_BACKSPACE)) {
			buf_backspace(buf);
		} else if (is_key(&k, 0, 21)) { /* C-u: clear */
			buf[0] = '\0';
		} else if (is_key(&k, 0, '\t') && complete) {
			if (path_complete(buf, size) == 0)
				beep();
		} else if (!k.fn) {
			if (!buf_append(buf, size, k.code))
				continue;
		} else {
			continue;
		}
		if (on_change != NULL) {
			on_change(a, buf);
			app_draw(a);
		}
	}
	a->prompt_label = NULL;
	a->prompt_buf = NULL;
	curs_set(0);
	return rc;
}

int
app_confirm(struct app *a, const char *question)
{
	struct key k;
	char label[512];

	snprintf(label, sizeof label, _("%s [y/N] "), question);
	a->prompt_label = label;
	a->prompt_buf = "";
	for (;;) {
		draw_prompt_line(label, "", 0);
		refresh();
		if (!app_key(a, &k))
			break;
		if (is_key(&k, 1, KEY_RESIZE)) {
			app_draw(a);
			continue;
		}
		a->prompt_label = NULL;
		/* only an explicit yes removes anything */
		return !k.fn && (k.code == 'y' || k.code == 'Y');
	}
	a->prompt_label = NULL;
	return 0;
}

int
app_progress(struct app *a, const char *what, size_t done, size_t total)
{
	char bar[256], line[512];
	int bw = COLS > 60 ? 30 : COLS / 3;
	int ch;

	progress_bar(total ? (double)done / (double)total : 0,
	             (size_t)(bw > 0 ? bw : 1), bar, sizeof bar);
	snprintf(line, sizeof line, "%s %s %zu/%zu  %s", what, bar, done, total,
	         _("(Esc cancels)"));
	display_fill(LINES - 1, 0, COLS, ROLE_STATUS);
	display_text(LINES - 1, 0, COLS, line, ROLE_STATUS, 1);
	refresh();
	if (got_signal)
		return 1;
	if (a->script != NULL) {
		/* a script cancels with "key esc" right after the command */
		size_t save = a->script_at;
		char *l = script_line(a);
		if (l != NULL && strcmp(l, "cancel") == 0)
			return 1;
		if (l != NULL)
			l[strlen(l)] = '\n';
		a->script_at = save;
		return 0;
	}
	nodelay(stdscr, TRUE);
	ch = getch();
	nodelay(stdscr, FALSE);
	timeout(1000);
	return ch == 27 || ch == 'q' || ch == 3;
}

/* ---- the vault ------------------------------------------------------ */

static void
app_close_vault(struct app *a)
{
	view_pathways_clear(a);
	badges_model_clear(&a->badges);
	lines_clear(&a->detail);
	lines_clear(&a->imp.report);
	free(a->pic);
	a->pic = NULL;
	a->pic_rows = a->pic_cols = 0;
	a->detail_rec = SIZE_MAX;
	pathway_records_free(a->pidx);
	a->pidx = NULL;
	pathways_free(&a->pathways);
	memset(&a->pathways, 0, sizeof a->pathways);
	collection_free(a->c);
	a->c = NULL;
	/* the demo's vault belongs to the demo: demo_close ends both */
	if (a->demo == NULL)
		vault_close(a->v);
	a->v = NULL;
}

static void
app_clock(struct app *a)
{
	if (!a->now_fixed)
		a->now = time(NULL);
}

void
app_reload(struct app *a)
{
	struct cairn_error err = {0};
	char *filter = a->badges.filter ? strdup(a->badges.filter) : NULL;

	app_clock(a);
	if (badges_model_build(&a->badges, a->c, filter, a->badges.sort, a->now,
	                       &err) != CAIRN_OK)
		app_message(a, 1, "%s", err.msg);
	free(filter);
	listv_clamp(&a->badges.lv, (size_t)app_body_height() - 1);
	a->detail_rec = SIZE_MAX;
	view_pathways_clear(a);
}

int
app_save(struct app *a)
{
	struct cairn_error err = {0};

	if (collection_save(a->c, &err) != CAIRN_OK) {
		app_message(a, 1, _("not saved: %s"), err.msg);
		return 0;
	}
	return 1;
}

const char *
app_datadir(const struct app *a)
{
	return a->demo != NULL ? demo_datadir(a->demo) : pathways_data_dir();
}

static int
app_load(struct app *a)
{
	struct cairn_error err = {0};

	if (collection_open(a->v, &a->c, &err) != CAIRN_OK ||
	    pathways_load(app_datadir(a), a->v, &a->pathways, &err) !=
	        CAIRN_OK) {
		app_message(a, 1, "%s", err.msg);
		return 0;
	}
	app_clock(a);
	a->badges.sort = SORT_DATE;
	if (badges_model_build(&a->badges, a->c, NULL, SORT_DATE, a->now,
	                       &err) != CAIRN_OK) {
		app_message(a, 1, "%s", err.msg);
		return 0;
	}
	a->detail_rec = SIZE_MAX;
	return 1;
}

static void
pass_clear(struct cairn_secret *s)
{
	sodium_memzero(s->data, CAIRN_MAX_PASSPHRASE + 1);
	s->len = 0;
}

/* The passphrase screen.  again: after the idle lock. */
static int
app_unlock(struct app *a, int again)
{
	struct cairn_error err = {0};
	struct cairn_secret *pass = NULL;
	const char *pf = a->opts.passphrase_file;
	char msg[CAIRN_ERROR_MAX] = "";
	enum cairn_err rc;

	if (a->opts.demo) {
		/* the demo has no passphrase to ask: it is made fresh */
		if (a->demo == NULL) {
			display_fill(LINES - 1, 0, COLS, ROLE_STATUS);
			display_text(LINES - 1, 0, COLS,
			             _("making the demo vault…"), ROLE_STATUS,
			             1);
			refresh();
			if (demo_open(NULL, &a->demo, &err) != CAIRN_OK) {
				app_message(a, 1, "%s", err.msg);
				a->fail_code = err.code;
				return 0;
			}
		}
		a->v = demo_vault(a->demo);
		return app_load(a);
	}
	if (pf == NULL && getenv("CAIRN_PASSPHRASE_FILE") &&
	    *getenv("CAIRN_PASSPHRASE_FILE"))
		pf = getenv("CAIRN_PASSPHRASE_FILE");
	for (;;) {
		struct key k;
		int h = 9, w = COLS < 70 ? COLS : 70, y0 = (LINES - h) / 2,
		    x0 = (COLS - w) / 2;

		if (pass == NULL &&
		    (pf != NULL || (getenv("CAIRN_PASSPHRASE_COMMAND") &&
		                    *getenv("CAIRN_PASSPHRASE_COMMAND"))) &&
		    !again) {
			rc = pf ? secret_from_file(pf, &pass, &err)
			        : secret_from_command(
			              getenv("CAIRN_PASSPHRASE_COMMAND"), &pass,
			              &err);
			if (rc != CAIRN_OK) {
				app_message(a, 1, "%s", err.msg);
				a->fail_code = rc;
				return 0;
			}
		} else {
			if (pass == NULL && (pass = secret_new()) == NULL) {
				app_message(a, 1, _("out of secure memory"));
				return 0;
			}
			erase();
			display_box(y0, x0, h, w,
			            again ? _("cairn is locked") : _("cairn"));
			display_text(y0 + 2, x0 + 2, w - 4,
			             _("Unlock the vault at"), ROLE_NORMAL, 0);
			display_text(y0 + 3, x0 + 4, w - 6, a->opts.vault_dir,
			             ROLE_DIM, 0);
			display_text(y0 + 5, x0 + 2, w - 4,
			             _("Passphrase (not shown):"), ROLE_NORMAL,
			             0);
			display_text(y0 + 7, x0 + 2, w - 4,
			             msg[0] ? msg
			                    : _("Enter unlocks, Esc quits"),
			             msg[0] ? ROLE_ERROR : ROLE_DIM, 0);
			move(y0 + 5,
			     x0 + 2 +
			         (int)text_width(_("Passphrase (not shown):")) +
			         1);
			curs_set(1);
			refresh();
			if (!app_key(a, &k)) {
				secret_free(pass);
				return 0;
			}
			if (is_key(&k, 1, KEY_RESIZE) || k.fn) {
				if (is_key(&k, 1, KEY_BACKSPACE) &&
				    pass->len > 0)
					pass->data[--pass->len] = 0;
				continue;
			}
			if (k.code == 27) {
				secret_free(pass);
				curs_set(0);
				return 0;
			}
			if (k.code == 21) { /* C-u */
				pass_clear(pass);
				continue;
			}
			if (k.code != '\n') {
				char mb[MB_LEN_MAX];
				mbstate_t st;
				size_t n;
				memset(&st, 0, sizeof st);
				n = wcrtomb(mb, (wchar_t)k.code, &st);
				if (n != (size_t)-1 && k.code >= 32 &&
				    pass->len + n <= CAIRN_MAX_PASSPHRASE) {
					memcpy(pass->data + pass->len, mb, n);
					pass->len += n;
				}
				memset(mb, 0, sizeof mb);
				k.code = 0;
				continue;
			}
			pass->data[pass->len] = '\0';
			if (pass->len == 0) {
				snprintf(msg, sizeof msg, "%s",
				         _("type the passphrase, then Enter"));
				continue;
			}
		}
		curs_set(0);
		display_text(LINES - 1, 0, COLS, _("unlocking…"), ROLE_STATUS,
		             1);
		refresh();
		a->readonly = 0;
		rc = vault_open(a->opts.vault_dir, pass, VAULT_WRITE, &a->v,
		                &err);
		if (rc == CAIRN_ERR_LOCKED) {
			char why[CAIRN_ERROR_MAX];
			snprintf(why, sizeof why, "%s", err.msg);
			rc = vault_open(a->opts.vault_dir, pass, VAULT_READ,
			                &a->v, &err);
			if (rc == CAIRN_OK) {
				a->readonly = 1;
				app_message(a, 1, _("read only: %s"), why);
			}
		}
		if (rc == CAIRN_OK) {
			secret_free(pass);
			if (!app_load(a))
				return 0;
			return 1;
		}
		if (rc != CAIRN_ERR_PASSPHRASE || pf != NULL) {
			secret_free(pass);
			app_message(a, 1, "%s", err.msg);
			a->fail_code = rc;
			return 0;
		}
		snprintf(msg, sizeof msg, "%s",
		         _("wrong passphrase; try again"));
		pass_clear(pass);
	}
}

/* ---- drawing -------------------------------------------------------- */

static const char *
view_name(enum view_id v)
{
	switch (v) {
	case VIEW_BADGES:
		return _("Badges");
	case VIEW_PATHWAYS:
		return _("Pathways");
	case VIEW_IMPORT:
		return _("Import");
	default:
		return _("Export");
	}
}

static void
draw_title_bar(struct app *a)
{
	int x = 0;
	char right[128];

	display_fill(0, 0, COLS, ROLE_BAR);
	display_text(0, 0, COLS, a->opts.demo ? " cairn demo " : " cairn ",
	             ROLE_BAR, 0);
	x = a->opts.demo ? 12 : 7;
	for (int v = 0; v < VIEW_COUNT_ && x < COLS; v++) {
		char tab[64];
		snprintf(tab, sizeof tab, " %d %s ", v + 1,
		         view_name((enum view_id)v));
		display_text(0, x, COLS - x, tab,
		             (int)a->view == v ? ROLE_TAB : ROLE_BAR, 0);
		x += (int)text_width(tab);
	}
	if (a->c != NULL) {
		size_t n = collection_count(a->c);
		if (a->badges.filter != NULL)
			snprintf(right, sizeof right,
			         ngettext("%zu of %zu badge ",
			                  "%zu of %zu badges ", n),
			         a->badges.lv.n, n);
		else
			snprintf(right, sizeof right,
			         ngettext("%zu badge ", "%zu badges ", n), n);
		if ((int)text_width(right) + x < COLS)
			display_text(0, COLS - (int)text_width(right),
			             (int)text_width(right), right, ROLE_BAR,
			             0);
	}
}

static void
draw_status_line(struct app *a)
{
	char hints[512], k1[32], k2[32], k3[32];

	if (a->prompt_label != NULL) {
		draw_prompt_line(a->prompt_label, a->prompt_buf, 0);
		return;
	}
	if (a->message[0]) {
		display_text(LINES - 1, 0, COLS, a->message,
		             a->message_error ? ROLE_ERROR : ROLE_STATUS, 1);
		return;
	}
	app_key_first(a, ACT_HELP, k1, sizeof k1);
	app_key_first(a, ACT_BACK, k2, sizeof k2);
	app_key_first(a, ACT_COMMAND, k3, sizeof k3);
	switch (a->view) {
	case VIEW_BADGES:
		snprintf(hints, sizeof hints,
		         _("%s help  / search  Enter open  Space mark  s sort  "
		           "f filter  v verify  %s command  %s back"),
		         k1, k3, k2);
		break;
	case VIEW_PATHWAYS:
		snprintf(hints, sizeof hints,
		         _("%s help  Tab tree/list  Enter choose  %s back"), k1,
		         k2);
		break;
	case VIEW_IMPORT:
		snprintf(
		    hints, sizeof hints,
		    _("%s help  Enter type a path (Tab completes)  %s back"),
		    k1, k2);
		break;
	default:
		snprintf(hints, sizeof hints,
		         _("%s help  ↑↓ field  Enter change  %s back"), k1, k2);
		break;
	}
	display_text(LINES - 1, 0, COLS, hints, ROLE_STATUS, 1);
}

void
app_draw(struct app *a)
{
	erase();
	if (LINES < 5 || COLS < 20) {
		display_text(0, 0, COLS, _("the terminal is too small"),
		             ROLE_ERROR, 0);
		return;
	}
	draw_title_bar(a);
	if (a->c != NULL) {
		switch (a->view) {
		case VIEW_BADGES:
			view_badges_draw(a);
			break;
		case VIEW_PATHWAYS:
			view_pathways_draw(a);
			break;
		case VIEW_IMPORT:
			view_import_draw(a);
			break;
		default:
			view_export_draw(a);
			break;
		}
	}
	draw_status_line(a);
	if (a->help)
		view_help_draw(a);
	wnoutrefresh(stdscr);
}

/* ---- the command line ----------------------------------------------- */

static void
run_command(struct app *a, char *line)
{
	char *cmd = line, *arg;

	while (*cmd == ' ')
		cmd++;
	arg = strchr(cmd, ' ');
	if (arg != NULL) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	} else {
		arg = cmd + strlen(cmd);
	}
	if (*cmd == '\0')
		return;
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
		a->quit = 1;
	} else if (strcmp(cmd, "help") == 0) {
		a->help = 1;
	} else if (strcmp(cmd, "badges") == 0) {
		a->view = VIEW_BADGES;
	} else if (strcmp(cmd, "pathways") == 0) {
		a->view = VIEW_PATHWAYS;
	} else if (strcmp(cmd, "import") == 0) {
		a->view = VIEW_IMPORT;
		if (*arg)
			view_import_run(a, arg);
	} else if (strcmp(cmd, "export") == 0) {
		a->view = VIEW_EXPORT;
	} else if (strcmp(cmd, "filter") == 0) {
		struct cairn_error err = {0};
		if (badges_model_build(&a->badges, a->c, *arg ? arg : NULL,
		                       a->badges.sort, a->now,
		                       &err) != CAIRN_OK)
			app_message(a, 1, "%s", err.msg);
		a->view = VIEW_BADGES;
		a->detail_rec = SIZE_MAX;
	} else if (strcmp(cmd, "sort") == 0) {
		struct cairn_error err = {0};
		enum collection_sort s =
		    strcmp(arg, "date") == 0     ? SORT_DATE
		    : strcmp(arg, "title") == 0  ? SORT_TITLE
		    : strcmp(arg, "issuer") == 0 ? SORT_ISSUER
		    : strcmp(arg, "none") == 0   ? SORT_NONE
		                                 : (enum collection_sort) - 1;
		if ((int)s < 0) {
			app_message(
			    a, 1, _("sort takes date, title, issuer or none"));
			return;
		}
		if (badges_model_build(&a->badges, a->c, a->badges.filter, s,
		                       a->now, &err) != CAIRN_OK)
			app_message(a, 1, "%s", err.msg);
		a->detail_rec = SIZE_MAX;
	} else if (strcmp(cmd, "verify") == 0) {
		view_badges_verify_all(a);
	} else if (strcmp(cmd, "rm") == 0) {
		view_badges_remove(a);
	} else if (strcmp(cmd, "lock") == 0 && !a->opts.demo) {
		app_lock(a);
	} else {
		char *safe = text_sanitise(cmd, TEXT_ONE_LINE);
		app_message(a, 1,
		            _("unknown command '%s'; press ? for the list"),
		            safe ? safe : "");
		free(safe);
	}
}

/* ---- dispatch ------------------------------------------------------- */

static void
handle_mouse(struct app *a)
{
	int wheel = 0;

	if (a->mouse_bstate & BUTTON4_PRESSED)
		wheel = -1;
#ifdef BUTTON5_PRESSED
	else if (a->mouse_bstate & BUTTON5_PRESSED)
		wheel = 1;
#endif
	else if (!(a->mouse_bstate &
	           (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return;
	if (a->help) {
		a->help = 0;
		return;
	}
	if (a->mouse_y == 0 && wheel == 0) {
		/* the tabs of the title bar */
		int x = a->opts.demo ? 12 : 7;
		for (int v = 0; v < VIEW_COUNT_; v++) {
			char tab[64];
			int w;
			snprintf(tab, sizeof tab, " %d %s ", v + 1,
			         view_name((enum view_id)v));
			w = (int)text_width(tab);
			if (a->mouse_x >= x && a->mouse_x < x + w)
				a->view = (enum view_id)v;
			x += w;
		}
		return;
	}
	if (a->view == VIEW_BADGES)
		view_badges_click(a, a->mouse_y, a->mouse_x, wheel);
	else if (a->view == VIEW_PATHWAYS)
		view_pathways_click(a, a->mouse_y, a->mouse_x, wheel);
}

static void
dispatch(struct app *a, const struct key *k)
{
	enum settings_action act = app_action(a, k);
	int handled = 0;

	if (is_key(k, 1, KEY_RESIZE))
		return;
	a->message[0] = '\0';
	if (is_key(k, 1, KEY_MOUSE)) {
		handle_mouse(a);
		return;
	}
	if (a->help) {
		/* moving keys scroll the help; any other key closes it */
		if (act == ACT_DOWN || act == ACT_PAGE_DOWN) {
			a->help_top += act == ACT_DOWN ? 1 : 10;
			return;
		}
		if (act == ACT_UP || act == ACT_PAGE_UP) {
			size_t d = act == ACT_UP ? 1 : 10;
			a->help_top = a->help_top > d ? a->help_top - d : 0;
			return;
		}
		a->help = 0;
		if (act == ACT_QUIT)
			a->quit = 1;
		return;
	}
	/* g g: the first row (vi) */
	if (!k->fn && k->code == 'g' && act == ACT_NONE) {
		if (a->pending_g) {
			act = ACT_FIRST;
			a->pending_g = 0;
		} else {
			a->pending_g = 1;
			return;
		}
	} else {
		a->pending_g = 0;
	}
	switch (a->view) {
	case VIEW_BADGES:
		handled = view_badges_key(a, act, k);
		break;
	case VIEW_PATHWAYS:
		handled = view_pathways_key(a, act, k);
		break;
	case VIEW_IMPORT:
		handled = view_import_key(a, act, k);
		break;
	default:
		handled = view_export_key(a, act, k);
		break;
	}
	if (handled)
		return;
	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_BACK:
		if (a->view != VIEW_BADGES)
			a->view = VIEW_BADGES;
		else
			a->quit = 1;
		break;
	case ACT_HELP:
		a->help = 1;
		a->help_top = 0;
		break;
	case ACT_COMMAND: {
		char line[CAIRN_MAX_TUI_INPUT] = "";
		if (app_prompt(a, ":", line, sizeof line, 0, NULL))
			run_command(a, line);
		break;
	}
	case ACT_BADGES:
		a->view = VIEW_BADGES;
		break;
	case ACT_PATHWAYS:
		a->view = VIEW_PATHWAYS;
		break;
	case ACT_IMPORT:
		a->view = VIEW_IMPORT;
		break;
	case ACT_EXPORT:
		a->view = VIEW_EXPORT;
		break;
	case ACT_LOCK:
		if (a->opts.demo)
			app_message(a, 0,
			            _("the demo has no passphrase: it is never "
			              "locked"));
		else
			app_lock(a);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_NONE:
		break;
	default:
		break;
	}
}

/* ---- start and stop ------------------------------------------------- */

static int
load_settings(struct app *a, char *msg, size_t size)
{
	struct cairn_error err = {0};
	char *dir = NULL, *path;

	settings_defaults(&a->cfg);
	if (paths_config_dir(&dir, &err) != CAIRN_OK)
		return 1; /* no config directory: the defaults */
	path = malloc(strlen(dir) + 8);
	if (path != NULL) {
		sprintf(path, "%s/config", dir);
		if (settings_load(path, &a->cfg, &err) != CAIRN_OK) {
			snprintf(msg, size, "%s", err.msg);
			free(path);
			free(dir);
			return 0;
		}
	}
	free(path);
	free(dir);
	return 1;
}

static int
script_open(struct app *a, const char *file)
{
	FILE *f = fopen(file, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	a->script = malloc(CAIRN_MAX_SCRIPT_SIZE + 1);
	if (a->script == NULL) {
		fclose(f);
		return 0;
	}
	n = fread(a->script, 1, CAIRN_MAX_SCRIPT_SIZE, f);
	fclose(f);
	a->script[n] = '\0';
	a->script_len = n;
	return 1;
}

static SCREEN *
terminal_start(struct app *a, FILE **null_out, FILE **null_in)
{
	SCREEN *scr = NULL;

	if (a->script != NULL) {
		/* tig's way: curses draws to /dev/null, the screen is read
		 * back with mvin_wch */
		const char *size = getenv("CAIRN_SCRIPT_SIZE");
		int w = 80, h = 24;
		char buf[16];
		if (size != NULL && (sscanf(size, "%dx%d", &w, &h) != 2 ||
		                     w < 20 || h < 5 || w > 1000 || h > 1000))
			w = 80, h = 24;
		snprintf(buf, sizeof buf, "%d", h);
		setenv("LINES", buf, 1);
		snprintf(buf, sizeof buf, "%d", w);
		setenv("COLUMNS", buf, 1);
		*null_out = fopen("/dev/null", "w");
		*null_in = fopen("/dev/null", "r");
		if (*null_out == NULL || *null_in == NULL)
			return NULL;
		scr = newterm("xterm-256color", *null_out, *null_in);
		if (scr == NULL)
			return NULL;
		set_term(scr);
		resizeterm(h, w);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return NULL;
		scr = newterm(NULL, stdout, stdin);
		if (scr == NULL)
			return NULL;
		set_term(scr);
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		              | BUTTON5_PRESSED
#endif
		          ,
		          NULL);
		mouseinterval(0);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(1000);
	curs_set(0);
	display_init(&a->cfg);
	return scr;
}

static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocked read returns so the loop can stop */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
tui_main(const struct tui_options *opts)
{
	struct app *a = calloc(1, sizeof *a);
	FILE *null_out = NULL, *null_in = NULL;
	const char *script = getenv("CAIRN_SCRIPT"), *now = getenv("CAIRN_NOW");
	char early[CAIRN_ERROR_MAX] = "";
	SCREEN *scr;
	int rc = 0;

	if (a == NULL) {
		fprintf(stderr, _("cairn: out of memory\n"));
		return CAIRN_ERR_IO;
	}
	a->opts = *opts;
	a->detail_rec = SIZE_MAX;
	a->pw.tree_for = SIZE_MAX;
	if (!load_settings(a, early, sizeof early)) {
		fprintf(stderr, "cairn: %s\n", early);
		free(a);
		return CAIRN_ERR_USAGE;
	}
	keymap_init(a);
	if (now != NULL && *now != '\0') {
		if (credential_parse_time(now, &a->now) < 0) {
			fprintf(stderr, _("cairn: CAIRN_NOW is not an ISO 8601 "
			                  "time; unset it\n"));
			free(a);
			return CAIRN_ERR_USAGE;
		}
		a->now_fixed = 1;
	}
	if (script != NULL && *script != '\0' && !script_open(a, script)) {
		fprintf(stderr, _("cairn: cannot read the script %s\n"),
		        script);
		free(a);
		return CAIRN_ERR_USAGE;
	}
	if (!opts->demo) {
		struct cairn_error err = {0};
		struct vault_status st;
		/* say "no vault" before asking for a passphrase it cannot open
		 */
		if (vault_status_read(opts->vault_dir, &st, &err) != CAIRN_OK) {
			fprintf(stderr, "cairn: %s\n", err.msg);
			free(a->script);
			free(a);
			return (int)err.code;
		}
	}
	scr = terminal_start(a, &null_out, &null_in);
	if (scr == NULL) {
		fprintf(stderr, _("cairn: the interface needs a terminal; give "
		                  "a command instead (see 'cairn --help')\n"));
		if (null_out)
			fclose(null_out);
		if (null_in)
			fclose(null_in);
		free(a->script);
		free(a);
		return CAIRN_ERR_USAGE;
	}
	signals_install();
	a->last_input = time(NULL);
	if (app_unlock(a, 0)) {
		struct key k;
		a->message[0] = '\0';
		if (a->readonly)
			app_message(a, 1,
			            _("read only: another cairn process holds "
			              "the vault"));
		while (!a->quit) {
			app_draw(a);
			doupdate();
			if (!app_key(a, &k))
				break;
			dispatch(a, &k);
		}
	} else if (a->message[0] && !got_signal) {
		snprintf(early, sizeof early, "%s", a->message);
		rc = a->fail_code != CAIRN_OK ? (int)a->fail_code
		                              : CAIRN_ERR_PASSPHRASE;
	}
	app_close_vault(a);
	/* the demo vault goes, also after SIGINT, SIGTERM or SIGHUP */
	demo_close(a->demo);
	a->demo = NULL;
	endwin();
	delscreen(scr);
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	if (early[0]) {
		fprintf(stderr, "cairn: %s\n", early);
	}
	if (got_signal)
		rc = 128 + got_signal;
	free(a->script);
	free(a);
	return rc;
}

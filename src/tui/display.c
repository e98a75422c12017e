/* The display layer: colours (or monochrome), and text drawn by display
 * width.  NO_COLOR is honoured here and nowhere else; every string drawn
 * goes through text_sanitise first, so credential text cannot reach the
 * terminal raw. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "tui.h"

static attr_t roles[ROLE_COUNT_];
static long colours;

static void
role_set(enum role r, short fg, short bg, attr_t extra, attr_t mono)
{
	static short next = 1;

	if (colours == 0) {
		roles[r] = mono;
		return;
	}
	init_pair(next, fg, bg);
	roles[r] = (attr_t)COLOR_PAIR(next) | extra;
	next++;
}

void
display_init(const struct settings *cfg)
{
	const char *nc = getenv("NO_COLOR"), *ct = getenv("COLORTERM");

	colours = 0;
	/* https://no-color.org: any non-empty value turns colours off */
	if (has_colors() && !(nc && *nc) && cfg->color != SETTINGS_NEVER) {
		start_color();
		use_default_colors();
		colours = COLORS >= 256 ? 256 : 8;
		if (ct &&
		    (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0))
			colours = 16777216L;
	}
	role_set(ROLE_NORMAL, -1, -1, A_NORMAL, A_NORMAL);
	role_set(ROLE_BAR, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE);
	role_set(ROLE_TAB, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD);
	role_set(ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE);
	role_set(ROLE_STATUS, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE);
	role_set(ROLE_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD);
	role_set(ROLE_OK, COLOR_GREEN, -1, A_NORMAL, A_NORMAL);
	role_set(ROLE_FAILED, COLOR_RED, -1, A_BOLD, A_BOLD);
	role_set(ROLE_UNKNOWN, COLOR_YELLOW, -1, A_NORMAL, A_NORMAL);
	role_set(ROLE_EXPIRED, COLOR_MAGENTA, -1, A_NORMAL, A_DIM);
	role_set(ROLE_DIM, COLOR_CYAN, -1, A_NORMAL, A_DIM);
	role_set(ROLE_HEADING, COLOR_YELLOW, -1, A_BOLD, A_BOLD);
	role_set(ROLE_MARKED, COLOR_YELLOW, -1, A_BOLD, A_BOLD);
	role_set(ROLE_PROGRESS, COLOR_GREEN, -1, A_NORMAL, A_NORMAL);
	role_set(ROLE_BORDER, COLOR_CYAN, -1, A_NORMAL, A_NORMAL);
}

long
display_colors(void)
{
	return colours;
}

attr_t
display_attr(enum role r)
{
	return (unsigned)r < ROLE_COUNT_ ? roles[r] : A_NORMAL;
}

void
display_fill(int y, int x, int width, enum role r)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return;
	attrset((int)display_attr(r));
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void
display_text(int y, int x, int width, const char *text, enum role r, int pad)
{
	char *safe, *cut;
	size_t w;

	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	safe = text_sanitise(text ? text : "", TEXT_ONE_LINE);
	cut = safe ? text_truncate(safe, (size_t)width) : NULL;
	if (cut == NULL) {
		free(safe);
		return;
	}
	attrset((int)display_attr(r));
	mvaddstr(y, x, cut);
	w = text_width(cut);
	if (pad && w < (size_t)width)
		mvhline(y, x + (int)w, ' ', width - (int)w);
	attrset(A_NORMAL);
	free(safe);
	free(cut);
}

void
display_box(int y, int x, int h, int w, const char *title)
{
	if (h < 2 || w < 2)
		return;
	for (int i = 0; i < h; i++)
		display_fill(y + i, x, w, ROLE_NORMAL);
	attrset((int)display_attr(ROLE_BORDER));
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	if (title != NULL && w > 6) {
		char buf[256];
		snprintf(buf, sizeof buf, " %s ", title);
		display_text(y, x + 2, w - 4, buf, ROLE_HEADING, 0);
	}
}

/* A terminal colour for a pixel: the colour itself on a direct-colour
 * terminal, else the nearest of the xterm 256. */
static int
pixel_colour(struct image_rgb c)
{
	if (colours >= 16777216L && COLORS >= 16777216)
		return (c.r << 16) | (c.g << 8) | c.b;
	return image_xterm256(c);
}

void
display_image_row(int y, int x, const struct image_cell *cells, unsigned cols)
{
	for (unsigned i = 0; i < cols && x + (int)i < COLS; i++) {
		int pair = alloc_pair(pixel_colour(cells[i].top),
		                      pixel_colour(cells[i].bottom));
		wchar_t w[2] = {0x2580, 0};
		cchar_t cc;
		if (pair < 0)
			pair = 0;
		setcchar(&cc, w, A_NORMAL, 0, &pair);
		mvadd_wch(y, x + (int)i, &cc);
	}
}

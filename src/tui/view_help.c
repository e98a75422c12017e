/* The help overlay (?): every action with the keys bound to it now, so
 * bindings from the config file show as they are. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "tui.h"

static const struct {
	enum settings_action act;
	const char *what;
} entries[] = {
    {ACT_DOWN, N_("next row")},
    {ACT_UP, N_("previous row")},
    {ACT_PAGE_DOWN, N_("next page")},
    {ACT_PAGE_UP, N_("previous page")},
    {ACT_FIRST, N_("first row")},
    {ACT_LAST, N_("last row")},
    {ACT_OPEN, N_("open: detail, tree, badge")},
    {ACT_PANE, N_("next pane")},
    {ACT_BACK, N_("back (quit from the list)")},
    {ACT_SEARCH, N_("search as you type")},
    {ACT_SEARCH_NEXT, N_("next match")},
    {ACT_SEARCH_PREV, N_("previous match")},
    {ACT_FILTER, N_("filter: issuer:, tag:, skill:, status:")},
    {ACT_SORT, N_("sort: date, title, issuer")},
    {ACT_MARK, N_("mark a badge for export")},
    {ACT_VERIFY, N_("verify the badges shown")},
    {ACT_REMOVE, N_("remove a badge (asks first)")},
    {ACT_BADGES, N_("Badges view")},
    {ACT_PATHWAYS, N_("Pathways view")},
    {ACT_IMPORT, N_("Import view")},
    {ACT_EXPORT, N_("Export view")},
    {ACT_COMMAND, N_("command line (:help lists)")},
    {ACT_LOCK, N_("lock the vault now")},
    {ACT_REDRAW, N_("redraw the screen")},
    {ACT_HELP, N_("this help")},
    {ACT_QUIT, N_("quit")},
};

void
view_help_draw(struct app *a)
{
	size_t n = sizeof entries / sizeof entries[0], rows;
	int w = COLS - 4 < 72 ? COLS - 4 : 72;
	int h = LINES - 2, x0 = (COLS - w) / 2, y0 = 1;

	if (h > (int)n + 4)
		h = (int)n + 4;
	if (h < 5 || w < 20)
		return;
	rows = (size_t)h - 3;
	if (a->help_top + rows > n)
		a->help_top = n > rows ? n - rows : 0;
	display_box(y0, x0, h, w, _("Keys"));
	for (size_t i = 0; i < rows && a->help_top + i < n; i++) {
		char keys[64];
		size_t e = a->help_top + i;
		app_keys_for(a, entries[e].act, keys, sizeof keys);
		display_text(y0 + 1 + (int)i, x0 + 2, 16, keys[0] ? keys : "-",
		             ROLE_HEADING, 0);
		display_text(y0 + 1 + (int)i, x0 + 19, w - 21,
		             _(entries[e].what), ROLE_NORMAL, 0);
	}
	display_text(y0 + h - 2, x0 + 2, w - 4,
	             _("Commands: :filter EXPR  :sort KEY  :import PATH  "
	               ":verify  :rm  :lock  :q"),
	             ROLE_DIM, 0);
	if (a->help_top + rows < n)
		display_text(y0 + h - 1, x0 + w - 16, 14, _(" ↓ j for more "),
		             ROLE_DIM, 0);
	else if (a->help_top > 0)
		display_text(y0 + h - 1, x0 + w - 16, 14, _(" ↑ k for more "),
		             ROLE_DIM, 0);
}

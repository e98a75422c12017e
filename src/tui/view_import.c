/* The Import view: a path prompt (Tab completes, pasting works), the
 * import of a file or a whole folder with progress that can be
 * cancelled, and a report of what came in. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "import/files.h"
#include "text.h"
#include "tui.h"

void
view_import_draw(struct app *a)
{
	size_t h = (size_t)app_body_height() - 4;

	display_text(2, 2, COLS - 4,
	             _("Import badges from a file or a folder (JSON, JWT, "
	               "baked PNG or SVG)."),
	             ROLE_NORMAL, 0);
	display_text(3, 2, COLS - 4,
	             _("Press Enter to type a path; Tab completes it; a pasted "
	               "path works too."),
	             ROLE_DIM, 0);
	if (a->imp.report.n == 0)
		return;
	if (a->imp.top + h > a->imp.report.n)
		a->imp.top = a->imp.report.n > h ? a->imp.report.n - h : 0;
	for (size_t i = 0; i < h && a->imp.top + i < a->imp.report.n; i++) {
		enum line_role r = a->imp.report.roles[a->imp.top + i];
		display_text(5 + (int)i, 2, COLS - 4,
		             a->imp.report.lines[a->imp.top + i],
		             r == LINE_LABEL    ? ROLE_HEADING
		             : r == LINE_OK     ? ROLE_OK
		             : r == LINE_FAILED ? ROLE_FAILED
		                                : ROLE_NORMAL,
		             0);
	}
}

static void
report_add(struct app *a, enum line_role role, const char *label,
           const char *what)
{
	char buf[1024];
	char *safe = text_sanitise(what ? what : "", TEXT_ONE_LINE);

	snprintf(buf, sizeof buf, "%s %s", label, safe ? safe : "");
	free(safe);
	lines_add(&a->imp.report, buf, role, 4);
}

void
view_import_run(struct app *a, const char *path)
{
	struct cairn_error err = {0};
	char **paths = NULL;
	size_t np = 0, added = 0, present = 0, failed = 0, files = 0;
	int cancelled = 0;

	lines_clear(&a->imp.report);
	a->imp.report.width = COLS > 8 ? (size_t)COLS - 4 : 4;
	a->imp.top = 0;
	if (a->readonly) {
		app_message(
		    a, 1,
		    _("read only: another cairn process holds the vault"));
		return;
	}
	if (import_expand_path(path, &paths, &np, &err) != CAIRN_OK) {
		app_message(a, 1, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < np; i++) {
		struct import_outcome o = {0};
		unsigned char *data = NULL;
		size_t len = 0;

		if (app_progress(a, _("Importing"), i, np)) {
			cancelled = 1;
			break;
		}
		files++;
		if (import_read_path(paths[i], &data, &len, &err) != CAIRN_OK ||
		    collection_import(a->c, data, len, paths[i], &o, &err) !=
		        CAIRN_OK) {
			char line[CAIRN_ERROR_MAX + 8];
			snprintf(line, sizeof line, "✗ %s", err.msg);
			lines_add(&a->imp.report, line, LINE_FAILED, 4);
			failed++;
			free(data);
			continue;
		}
		free(data);
		for (size_t e = 0; e < o.n; e++) {
			if (o.entries[e].status == IMPORT_ADDED) {
				added++;
				report_add(a, LINE_OK, _("+ added     "),
				           o.entries[e].title);
			} else {
				present++;
				report_add(a, LINE_TEXT, _("= already in"),
				           o.entries[e].title);
			}
		}
		import_outcome_clear(&o);
	}
	import_paths_free(paths, np);
	if (added > 0 || files > 0) {
		if (!app_save(a))
			return;
	}
	app_reload(a);
	{
		char sum[512];
		snprintf(sum, sizeof sum,
		         _("%s%zu added, %zu already there, %zu files could "
		           "not be read"),
		         cancelled ? _("cancelled: ") : "", added, present,
		         failed);
		/* the summary goes first */
		lines_add(&a->imp.report, "", LINE_TEXT, 0);
		lines_add(&a->imp.report, sum, LINE_LABEL, 0);
		if (a->imp.report.n >= 2) {
			char *l1 = a->imp.report.lines[a->imp.report.n - 2],
			     *l2 = a->imp.report.lines[a->imp.report.n - 1];
			enum line_role r2 =
			    a->imp.report.roles[a->imp.report.n - 1];
			memmove(a->imp.report.lines + 2, a->imp.report.lines,
			        (a->imp.report.n - 2) * sizeof(char *));
			memmove(a->imp.report.roles + 2, a->imp.report.roles,
			        (a->imp.report.n - 2) * sizeof(enum line_role));
			a->imp.report.lines[0] = l2;
			a->imp.report.roles[0] = r2;
			a->imp.report.lines[1] = l1;
			a->imp.report.roles[1] = LINE_TEXT;
		}
		app_message(a, failed > 0, "%s", sum);
	}
}

int
view_import_key(struct app *a, enum settings_action act, const struct key *k)
{
	size_t h = (size_t)app_body_height() - 4;

	(void)k;
	switch (act) {
	case ACT_OPEN:
		if (app_prompt(a, _("import: "), a->imp.path,
		               sizeof a->imp.path, 1, NULL) &&
		    a->imp.path[0])
			view_import_run(a, a->imp.path);
		return 1;
	case ACT_DOWN:
		if (a->imp.top + h < a->imp.report.n)
			a->imp.top++;
		return 1;
	case ACT_UP:
		if (a->imp.top > 0)
			a->imp.top--;
		return 1;
	case ACT_FIRST:
		a->imp.top = 0;
		return 1;
	default:
		return 0;
	}
}

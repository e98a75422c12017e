/* The Export view: what goes out (the marked badges, or every badge that
 * counts toward the chosen pathway), the form (bundle, HTML page, baked
 * image), the employer's challenge and domain, and the output path. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "i18n.h"
#include "json.h"
#include "text.h"
#include "tui.h"

enum {
	FIELD_WHAT,
	FIELD_FORM,
	FIELD_CHALLENGE,
	FIELD_DOMAIN,
	FIELD_OUTPUT,
	FIELD_WRITE,
	FIELD_COUNT_
};

static const char *
form_name(int form)
{
	switch (form) {
	case EXPORT_BUNDLE:
		return _("bundle (signed presentation, JSON)");
	case EXPORT_HTML:
		return _("HTML page (readable, verifiable)");
	case EXPORT_PNG:
		return _("baked PNG image (one badge)");
	default:
		return _("baked SVG image (one badge)");
	}
}

static const char *
default_output(int form)
{
	switch (form) {
	case EXPORT_BUNDLE:
		return "cairn-bundle.json";
	case EXPORT_HTML:
		return "cairn-portfolio.html";
	case EXPORT_PNG:
		return "cairn-badge.png";
	default:
		return "cairn-badge.svg";
	}
}

static const char *
chosen_pathway(const struct app *a)
{
	if (a->pathways.n == 0 || a->pw.list.cur >= a->pathways.n)
		return NULL;
	return pathway_id(a->pathways.items[a->pw.list.cur]);
}

void
view_export_draw(struct app *a)
{
	struct export_view *e = &a->exp;
	char what[512];
	const char *labels[FIELD_COUNT_] = {_("Export"),    _("As"),
	                                    _("Challenge"), _("Domain"),
	                                    _("Write to"),  ""};
	int y = 2;

	if (e->output[0] == '\0')
		snprintf(e->output, sizeof e->output, "%s",
		         default_output(e->form));
	if (e->use_pathway && chosen_pathway(a))
		snprintf(what, sizeof what,
		         _("every badge that counts toward '%s'"),
		         pathway_title(a->pathways.items[a->pw.list.cur]));
	else
		snprintf(
		    what, sizeof what,
		    ngettext("the %zu marked badge (Space marks in Badges)",
		             "the %zu marked badges (Space marks in Badges)",
		             a->badges.marked),
		    a->badges.marked);
	for (int f = 0; f < FIELD_COUNT_; f++, y += 2) {
		const char *value =
		    f == FIELD_WHAT   ? what
		    : f == FIELD_FORM ? form_name(e->form)
		    : f == FIELD_CHALLENGE
		        ? (e->challenge[0] ? e->challenge : _("(none)"))
		    : f == FIELD_DOMAIN
		        ? (e->domain[0] ? e->domain : _("(none)"))
		    : f == FIELD_OUTPUT ? e->output
		                        : _("[ Write the file ]");
		enum role r = f == e->field ? ROLE_SELECTED : ROLE_NORMAL;
		if (f == e->field)
			display_text(y, 0, 1, ">", ROLE_HEADING, 0);
		display_text(y, 2, 12, labels[f], ROLE_HEADING, 0);
		display_text(y, 15, COLS - 17, value, r, 0);
	}
	if (e->result[0])
		display_text(y, 2, COLS - 4, e->result,
		             e->result_error ? ROLE_ERROR : ROLE_OK, 0);
}

static int
on_progress(void *ctx, size_t done, size_t total, const char *stage)
{
	struct app *a = ctx;
	char what[64];

	snprintf(what, sizeof what, _("Exporting (%s)"), stage);
	return app_progress(a, what, done, total);
}

static void
export_write(struct app *a)
{
	struct export_view *e = &a->exp;
	struct export_options o;
	struct export_summary sum;
	struct cairn_error err = {0};
	const char **ids = NULL;
	size_t *marked = NULL, n = 0;

	memset(&o, 0, sizeof o);
	memset(&sum, 0, sizeof sum);
	o.form = (enum export_form)e->form;
	o.datadir = app_datadir(a);
	o.challenge = e->challenge[0] ? e->challenge : NULL;
	o.domain = e->domain[0] ? e->domain : NULL;
	o.output = e->output;
	o.now = a->now;
	o.progress = on_progress;
	o.progress_ctx = a;
	if (e->use_pathway) {
		o.pathway = chosen_pathway(a);
		if (o.pathway == NULL) {
			snprintf(
			    e->result, sizeof e->result, "%s",
			    _("no pathway to export: choose one in Pathways"));
			e->result_error = 1;
			return;
		}
	} else {
		marked = badges_model_marked(&a->badges, &n);
		if (marked == NULL || n == 0) {
			free(marked);
			snprintf(e->result, sizeof e->result, "%s",
			         _("nothing marked: mark badges with Space in "
			           "Badges, or export a pathway"));
			e->result_error = 1;
			return;
		}
		ids = calloc(n, sizeof *ids);
		if (ids == NULL) {
			free(marked);
			return;
		}
		for (size_t i = 0; i < n; i++)
			ids[i] =
			    json_str(collection_record(a->c, marked[i]), "id");
		o.ids = ids;
		o.n_ids = n;
	}
	if (export_run(a->v, a->c, &o, &sum, &err) != CAIRN_OK) {
		snprintf(e->result, sizeof e->result, "%s", err.msg);
		e->result_error = 1;
	} else {
		char *where = realpath(e->output, NULL);
		snprintf(e->result, sizeof e->result,
		         ngettext("wrote %zu badge to %s",
		                  "wrote %zu badges to %s", sum.credentials),
		         sum.credentials, where ? where : e->output);
		free(where);
		e->result_error = 0;
	}
	app_message(a, e->result_error, "%s", e->result);
	free(ids);
	free(marked);
}

int
view_export_key(struct app *a, enum settings_action act, const struct key *k)
{
	struct export_view *e = &a->exp;

	(void)k;
	switch (act) {
	case ACT_DOWN:
	case ACT_PANE:
		e->field = (e->field + 1) % FIELD_COUNT_;
		return 1;
	case ACT_UP:
		e->field = (e->field + FIELD_COUNT_ - 1) % FIELD_COUNT_;
		return 1;
	case ACT_FIRST:
		e->field = 0;
		return 1;
	case ACT_LAST:
		e->field = FIELD_WRITE;
		return 1;
	case ACT_OPEN:
	case ACT_MARK:
		switch (e->field) {
		case FIELD_WHAT:
			e->use_pathway = !e->use_pathway;
			break;
		case FIELD_FORM: {
			int was_default =
			    strcmp(e->output, default_output(e->form)) == 0;
			e->form = (e->form + 1) % 4;
			if (was_default)
				snprintf(e->output, sizeof e->output, "%s",
				         default_output(e->form));
			break;
		}
		case FIELD_CHALLENGE:
			app_prompt(a, _("challenge: "), e->challenge,
			           sizeof e->challenge, 0, NULL);
			break;
		case FIELD_DOMAIN:
			app_prompt(a, _("domain: "), e->domain,
			           sizeof e->domain, 0, NULL);
			break;
		case FIELD_OUTPUT:
			app_prompt(a, _("write to: "), e->output,
			           sizeof e->output, 1, NULL);
			break;
		default:
			export_write(a);
			break;
		}
		return 1;
	default:
		return 0;
	}
}

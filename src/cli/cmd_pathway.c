/* cairn pathway: how the collection stacks toward qualifications. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "collection.h"
#include "credential.h"
#include "ctdl.h"
#include "i18n.h"
#include "import/files.h"
#include "json.h"
#include "pathway.h"
#include "pathway_records.h"
#include "pathways.h"
#include "text.h"

struct ctx {
	struct vault *v;
	struct collection *c;
	struct pathway_set set;
	const cJSON **records;
	size_t n;
	struct pathway_records *index; /* built once, shared by every pathway */
	time_t now;
};

static int
open_all(struct cli *cli, enum vault_mode mode, time_t now, struct ctx *x)
{
	struct cairn_error err = {0};

	memset(x, 0, sizeof *x);
	x->now = now != 0 ? now : time(NULL);
	if (cli_open_vault(cli, mode, &x->v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (collection_open(x->v, &x->c, &err) != CAIRN_OK ||
	    pathways_load(pathways_data_dir(), x->v, &x->set, &err) != CAIRN_OK) {
		collection_free(x->c);
		vault_close(x->v);
		return cli_fail(&err);
	}
	x->n = collection_count(x->c);
	x->records = calloc(x->n ? x->n : 1, sizeof *x->records);
	if (x->records == NULL) {
		pathways_free(&x->set);
		collection_free(x->c);
		vault_close(x->v);
		return cli_error(CAIRN_ERR_IO, _("out of memory"));
	}
	for (size_t i = 0; i < x->n; i++)
		x->records[i] = collection_record(x->c, i);
	if (pathway_records_new(x->records, x->n, &x->index, &err) != CAIRN_OK) {
		free(x->records);
		pathways_free(&x->set);
		collection_free(x->c);
		vault_close(x->v);
		return cli_fail(&err);
	}
	return 0;
}

static void
close_all(struct ctx *x)
{
	pathway_records_free(x->index);
	free(x->records);
	pathways_free(&x->set);
	collection_free(x->c);
	vault_close(x->v);
}

static cJSON *
evaluate(struct ctx *x, const struct pathway *p, struct cairn_error *err)
{
	cJSON *r = NULL;

	if (pathway_evaluate_records(p, x->index, x->now, &r, err) != CAIRN_OK)
		return NULL;
	return r;
}

static double
num(const cJSON *o, const char *name)
{
	double d = 0;

	(void)json_num(o, name, &d);
	return d;
}

static const char *
mark(const char *status)
{
	if (status != NULL && strcmp(status, "complete") == 0)
		return "[x]";
	if (status != NULL && strcmp(status, "partial") == 0)
		return "[~]";
	return "[ ]";
}

static void
print_node(const cJSON *node, int depth)
{
	const cJSON *ch, *f, *cr = json_obj(node, "credits");
	const char *title = json_str(node, "title");

	printf("%*s%s ", depth * 4, "", mark(json_str(node, "status")));
	cli_put_safe(title ? title : json_str(node, "kind"), TEXT_ONE_LINE);
	if (cr != NULL && num(cr, "required") > 0) {
		printf(_(" (%g of %g "), num(cr, "earned"), num(cr, "required"));
		cli_put_safe(json_str(cr, "unit") ? json_str(cr, "unit") : _("credits"), TEXT_ONE_LINE);
		fputc(')', stdout);
	}
	else if (json_arr(node, "children") != NULL && num(node, "of") > 1)
		printf(_(" (%g of %g)"), num(node, "done"), num(node, "of"));
	fputc('\n', stdout);
	cJSON_ArrayForEach(f, json_arr(node, "filledBy")) {
		printf("%*s    = ", depth * 4, "");
		cli_put_safe(json_str(f, "title"), TEXT_ONE_LINE);
		printf("  (%.8s%s)\n", json_str(f, "id") ? json_str(f, "id") : "?",
		       cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(f, "verified")) ? _(", not verified") : "");
	}
	cJSON_ArrayForEach(ch, json_arr(node, "children"))
		print_node(ch, depth + 1);
}

static void
print_summary_line(const cJSON *r)
{
	const cJSON *cr = json_obj(r, "credits"), *next = json_obj(r, "next");
	double items = num(next, "items");

	printf("%3d%%  %-24s  ", (int)(num(r, "progress") * 100 + 0.5),
	       json_str(r, "id") ? json_str(r, "id") : "?");
	cli_put_safe(json_str(r, "title"), TEXT_ONE_LINE);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "complete")))
		printf(_("  (complete)"));
	else if (cr != NULL) {
		/* the unit comes from the pathway file: untrusted text */
		char *unit = text_sanitise(json_str(cr, "unit"), TEXT_ONE_LINE);
		printf(P_("  (%g of %g %s; %g step left)", "  (%g of %g %s; %g steps left)",
		          (unsigned long)items),
		       num(cr, "earned"), num(cr, "required"), unit ? unit : "", items);
		free(unit);
	}
	else
		printf(P_("  (%g step left)", "  (%g steps left)", (unsigned long)items), items);
	fputc('\n', stdout);
}

static int
sub_list(struct cli *cli, int json, int suggest, time_t now)
{
	struct cairn_error err = {0};
	struct ctx x;
	cJSON *all;
	int rc;

	if ((rc = open_all(cli, VAULT_READ, now, &x)) != 0)
		return rc;
	all = cJSON_CreateArray();
	for (size_t i = 0; i < x.set.n; i++) {
		cJSON *r = evaluate(&x, x.set.items[i], &err);
		if (r == NULL) {
			cJSON_Delete(all);
			close_all(&x);
			return cli_fail(&err);
		}
		cJSON_AddBoolToObject(r, "example", x.set.shipped[i]);
		cJSON_AddItemToArray(all, r);
	}
	if (suggest) {
		/* nearest to complete first: most progress, then fewest steps */
		size_t n = (size_t)cJSON_GetArraySize(all);
		cJSON **v = calloc(n ? n : 1, sizeof *v), *sorted = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			v[i] = cJSON_DetachItemFromArray(all, 0);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				double pi = num(v[i], "progress"), pj = num(v[j], "progress");
				double si = num(json_obj(v[i], "next"), "items"), sj = num(json_obj(v[j], "next"), "items");
				if (pj > pi || (pj == pi && sj < si)) {
					cJSON *t = v[i];
					v[i] = v[j];
					v[j] = t;
				}
			}
		for (size_t i = 0; i < n; i++)
			if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v[i], "complete")) &&
			    num(v[i], "progress") > 0)
				cJSON_AddItemToArray(sorted, v[i]);
			else
				cJSON_Delete(v[i]);
		free(v);
		cJSON_Delete(all);
		all = sorted;
	}
	if (json) {
		cli_print_json(all);
	} else {
		const cJSON *r;
		cJSON_ArrayForEach(r, all)
			print_summary_line(r);
		if (cJSON_GetArraySize(all) == 0)
			printf(suggest ? _("No pathway is under way yet: import credentials, or add a pathway.\n")
			               : _("No pathways: add one with 'cairn pathway add FILE'.\n"));
	}
	cJSON_Delete(all);
	close_all(&x);
	return 0;
}

static int
sub_show(struct cli *cli, const char *id, int json, time_t now)
{
	struct cairn_error err = {0};
	struct ctx x;
	const struct pathway *p;
	cJSON *r;
	const cJSON *s;
	int rc;

	if ((rc = open_all(cli, VAULT_READ, now, &x)) != 0)
		return rc;
	p = pathways_find(&x.set, id, NULL);
	if (p == NULL) {
		char *safe = text_sanitise(id, TEXT_ONE_LINE);
		close_all(&x);
		rc = cli_error(CAIRN_ERR_USAGE, _("no pathway %s (see 'cairn pathway list')"), safe ? safe : "");
		free(safe);
		return rc;
	}
	r = evaluate(&x, p, &err);
	if (r == NULL) {
		close_all(&x);
		return cli_fail(&err);
	}
	if (json) {
		cli_print_json(r);
	} else {
		print_summary_line(r);
		fputc('\n', stdout);
		print_node(json_obj(r, "nodes"), 0);
		if (cJSON_GetArraySize(json_arr(json_obj(r, "next"), "steps")) > 0) {
			printf(_("\nNext steps:\n"));
			cJSON_ArrayForEach(s, json_arr(json_obj(r, "next"), "steps")) {
				fputs("  - ", stdout);
				cli_put_safe(json_str(s, "title"), TEXT_ONE_LINE);
				if (num(s, "credits") > 0)
					printf(_(", %g credits"), num(s, "credits"));
				if (num(s, "hours") > 0)
					printf(_(", %g hours"), num(s, "hours"));
				if (json_str(s, "url") != NULL) {
					fputs("  ", stdout);
					cli_put_safe(json_str(s, "url"), TEXT_ONE_LINE);
				}
				fputc('\n', stdout);
			}
		}
		if (cJSON_GetArraySize(json_arr(r, "excluded")) > 0) {
			printf(_("\nNot counted:\n"));
			cJSON_ArrayForEach(s, json_arr(r, "excluded")) {
				fputs("  - ", stdout);
				cli_put_safe(json_str(s, "title"), TEXT_ONE_LINE);
				fputs(": ", stdout);
				cli_put_safe(json_str(s, "reason"), TEXT_ONE_LINE);
				fputc('\n', stdout);
			}
		}
		if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "exact")))
			printf(_("\n(The pathway is too large to search completely: this is the best assignment found.)\n"));
	}
	cJSON_Delete(r);
	close_all(&x);
	return 0;
}

static int
sub_add(struct cli *cli, const char *file, int ctdl)
{
	struct cairn_error err = {0};
	struct vault *v;
	struct pathway *p = NULL;
	unsigned char *data;
	size_t len;
	cJSON *doc = NULL, *notes = NULL;
	int rc;

	if (import_read_path(file, &data, &len, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (ctdl) {
		char *text;
		rc = (int)ctdl_to_pathway(data, len, &doc, &notes, &err);
		free(data);
		if (rc != CAIRN_OK)
			return cli_fail(&err);
		text = cJSON_PrintUnformatted(doc);
		rc = (int)pathway_parse((unsigned char *)text, strlen(text), file, &p, &err);
		free(text);
		cJSON_Delete(doc);
	} else {
		rc = (int)pathway_parse(data, len, file, &p, &err);
		free(data);
	}
	if (rc != CAIRN_OK) {
		cJSON_Delete(notes);
		return cli_fail(&err);
	}
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK) {
		pathway_free(p);
		cJSON_Delete(notes);
		return cli_fail(&err);
	}
	rc = (int)pathways_store(v, p, &err);
	if (rc == CAIRN_OK)
		rc = (int)vault_save(v, &err);
	vault_close(v);
	if (rc != CAIRN_OK) {
		pathway_free(p);
		cJSON_Delete(notes);
		return cli_fail(&err);
	}
	printf(_("Added pathway %s: "), pathway_id(p));
	cli_put_safe(pathway_title(p), TEXT_ONE_LINE);
	fputc('\n', stdout);
	{
		const cJSON *n;
		cJSON_ArrayForEach(n, notes) {
			fputs(_("  not mapped: "), stdout);
			cli_put_safe(cJSON_IsString(n) ? n->valuestring : "", TEXT_ONE_LINE);
			fputc('\n', stdout);
		}
	}
	pathway_free(p);
	cJSON_Delete(notes);
	return 0;
}

static int
sub_rm(struct cli *cli, const char *id)
{
	struct cairn_error err = {0};
	struct vault *v;
	int rc;

	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)pathways_remove(v, id, &err);
	if (rc == CAIRN_OK)
		rc = (int)vault_save(v, &err);
	vault_close(v);
	return rc == CAIRN_OK ? 0 : cli_fail(&err);
}

int
cmd_pathway(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"now", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *sub;
	int c, json = 0;
	time_t now = 0;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf(_("Usage: cairn pathway COMMAND [OPTION]... [ARG]\n"
		         "How your credentials stack toward qualifications.\n\n"
		         "Commands:\n"
		         "  list              every pathway with its progress\n"
		         "  show ID           the requirement tree, what fills it, next steps\n"
		         "  suggest           the pathways you are closest to finishing\n"
		         "  add FILE          add a pathway of your own (cairn-pathway(5))\n"
		         "  import CTDL-FILE  add a Credential Engine CTDL pathway\n"
		         "  rm ID             remove a pathway you added\n\n"
		         "Options:\n"
		         "      --now TIME    judge validity at TIME (ISO 8601), not now\n"
		         "      --json        write a JSON document (list, show, suggest)\n"
		         "  -h, --help        show this help and exit\n"));
		cli_help_footer();
		return argc < 2 ? CAIRN_ERR_USAGE : 0;
	}
	sub = argv[1];
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'n':
			if (credential_parse_time(optarg, &now) < 0)
				return cli_usage("pathway", _("--now takes an ISO 8601 date and time"));
			break;
		case 'h':
			return cmd_pathway(cli, 1, argv);
		case ':':
			return cli_usage("pathway", _("option '%s' needs an argument"), argv[optind]);
		default:
			return cli_usage("pathway", _("unknown option '%s'"), argv[optind]);
		}
	}
	/* operands after the subcommand */
	{
		char **ops = argv + 1 + optind;
		int nops = argc - 1 - optind;
		if (strcmp(sub, "list") == 0 && nops == 0)
			return sub_list(cli, json, 0, now);
		if (strcmp(sub, "suggest") == 0 && nops == 0)
			return sub_list(cli, json, 1, now);
		if (strcmp(sub, "show") == 0 && nops == 1)
			return sub_show(cli, ops[0], json, now);
		if (strcmp(sub, "add") == 0 && nops == 1)
			return sub_add(cli, ops[0], 0);
		if (strcmp(sub, "import") == 0 && nops == 1)
			return sub_add(cli, ops[0], 1);
		if (strcmp(sub, "rm") == 0 && nops == 1)
			return sub_rm(cli, ops[0]);
	}
	return cli_usage("pathway", _("unknown subcommand or wrong number of arguments: %s"), sub);
}

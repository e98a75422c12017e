/* cairn export: bundles, pages and baked badges; cairn id: the holder. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "collection.h"
#include "credential.h"
#include "export.h"
#include "holder.h"
#include "i18n.h"
#include "json.h"
#include "pathways.h"
#include "text.h"

static void
say_created(const char *did)
{
	fprintf(stderr,
	        _("cairn: this vault had no holder key; made one: %s\n"), did);
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	enum {
		OPT_PATHWAY = 256,
		OPT_FILTER,
		OPT_CHALLENGE,
		OPT_DOMAIN,
		OPT_SUITE,
		OPT_FORCE,
		OPT_HTML,
		OPT_PNG,
		OPT_SVG,
		OPT_NOW
	};
	static const struct option opts[] = {
	    {"pathway", required_argument, NULL, OPT_PATHWAY},
	    {"filter", required_argument, NULL, OPT_FILTER},
	    {"challenge", required_argument, NULL, OPT_CHALLENGE},
	    {"domain", required_argument, NULL, OPT_DOMAIN},
	    {"suite", required_argument, NULL, OPT_SUITE},
	    {"output", required_argument, NULL, 'o'},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"html", no_argument, NULL, OPT_HTML},
	    {"png", no_argument, NULL, OPT_PNG},
	    {"svg", no_argument, NULL, OPT_SVG},
	    {"now", required_argument, NULL, OPT_NOW},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct export_options o;
	struct export_summary sum;
	struct cairn_error err = {0};
	struct vault *v = NULL;
	struct collection *coll = NULL;
	int c, forms = 0, rc;

	memset(&o, 0, sizeof o);
	o.now = time(NULL);
	o.form = EXPORT_BUNDLE;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PATHWAY:
			o.pathway = optarg;
			break;
		case OPT_FILTER:
			o.filter = optarg;
			break;
		case OPT_CHALLENGE:
			o.challenge = optarg;
			break;
		case OPT_DOMAIN:
			o.domain = optarg;
			break;
		case OPT_SUITE:
			if (strcmp(optarg, EXPORT_SUITE_JCS) != 0 &&
			    strcmp(optarg, EXPORT_SUITE_RDFC) != 0)
				return cli_usage(
				    "export",
				    _("--suite takes eddsa-rdfc-2022 or "
				      "eddsa-jcs-2022, not '%s'"),
				    optarg);
			o.suite = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_HTML:
			o.form = EXPORT_HTML;
			forms++;
			break;
		case OPT_PNG:
			o.form = EXPORT_PNG;
			forms++;
			break;
		case OPT_SVG:
			o.form = EXPORT_SVG;
			forms++;
			break;
		case OPT_NOW:
			if (credential_parse_time(optarg, &o.now) < 0)
				return cli_usage("export",
				                 _("--now takes an ISO 8601 "
				                   "date and time, not '%s'"),
				                 optarg);
			break;
		case 'h':
			printf(_(
			    "Usage: cairn export [OPTION]... (ID... | "
			    "--pathway ID | --filter EXPR) -o FILE\n"
			    "Write the chosen credentials, signed by you, for "
			    "someone else to check:\n"
			    "a Verifiable Presentation (a bundle), a "
			    "self-contained HTML page, or one\n"
			    "badge picture with its credential baked in.\n\n"
			    "Options:\n"
			    "      --pathway ID     the credentials that count "
			    "toward pathway ID, and\n"
			    "                       your statement of its "
			    "progress\n"
			    "      --filter EXPR    the credentials 'cairn "
			    "list --filter EXPR' shows\n"
			    "      --challenge C    the challenge (nonce) the "
			    "verifier gave you\n"
			    "      --domain D       the verifier's domain\n"
			    "      --suite SUITE    eddsa-rdfc-2022 (the "
			    "default) or eddsa-jcs-2022\n"
			    "      --html           write an HTML page with "
			    "the bundle inside\n"
			    "      --png, --svg     write one badge picture "
			    "with its credential baked in\n"
			    "  -o, --output FILE    where to write; an "
			    "existing FILE is kept\n"
			    "      --force          replace an existing FILE\n"
			    "      --now TIME       date the proof and "
			    "progress at TIME (ISO 8601)\n"
			    "  -h, --help           show this help and "
			    "exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("export",
			                 _("option '%s' needs an argument"),
			                 argv[optind - 1]);
		default:
			return cli_usage("export", _("unknown option '%s'"),
			                 argv[optind - 1]);
		}
	}
	if (forms > 1)
		return cli_usage("export",
		                 _("choose one of --html, --png and --svg"));
	if (o.output == NULL)
		return cli_usage(
		    "export", _("say where to write the export with -o FILE"));
	if ((optind < argc) + (o.pathway != NULL) + (o.filter != NULL) != 1)
		return cli_usage("export",
		                 _("choose credential ids, --pathway ID or "
		                   "--filter EXPR (one of them)"));
	if ((o.form == EXPORT_PNG || o.form == EXPORT_SVG) &&
	    (o.challenge != NULL || o.domain != NULL || o.suite != NULL))
		return cli_usage(
		    "export",
		    _("a baked image carries the credential alone: "
		      "--challenge, --domain and --suite do not apply"));
	o.ids = (const char *const *)(argv + optind);
	o.n_ids = (size_t)(argc - optind);
	o.datadir = pathways_data_dir();

	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (collection_open(v, &coll, &err) != CAIRN_OK) {
		vault_close(v);
		return cli_fail(&err);
	}
	memset(&sum, 0, sizeof sum);
	rc = export_run(v, coll, &o, &sum, &err) == CAIRN_OK ? 0
	                                                     : cli_fail(&err);
	if (sum.holder_created)
		say_created(sum.holder);
	if (rc == 0 && sum.note[0] != '\0') {
		char *why = text_sanitise(sum.note, TEXT_ONE_LINE);
		fprintf(stderr,
		        _("cairn: signed with eddsa-jcs-2022, because "
		          "eddsa-rdfc-2022 cannot: %s\n"),
		        why ? why : "");
		free(why);
	}
	if (rc == 0) {
		char *out = text_sanitise(o.output, TEXT_ONE_LINE);
		if (o.form == EXPORT_PNG || o.form == EXPORT_SVG)
			printf(_("Wrote %s: the badge with its credential "
			         "baked in\n"),
			       out ? out : "");
		else
			printf(P_("Wrote %s: %zu credential presented by %s "
			          "(%s)\n",
			          "Wrote %s: %zu credentials presented by %s "
			          "(%s)\n",
			          sum.credentials),
			       out ? out : "", sum.credentials, sum.holder,
			       sum.suite);
		free(out);
	}
	collection_free(coll);
	vault_close(v);
	return rc;
}

int
cmd_id(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"rotate", no_argument, NULL, 'r'},
	    {"all", no_argument, NULL, 'a'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct vault *v = NULL;
	char did[HOLDER_DID_MAX];
	int c, rotate = 0, all = 0, json = 0, created = 0, rc = 0;
	time_t now = time(NULL);

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rotate = 1;
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf(
			    _("Usage: cairn id [OPTION]...\n"
			      "Print your holder identity: the did:key that "
			      "signs your bundles.\n\n"
			      "Options:\n"
			      "      --rotate         make a new key for new "
			      "bundles; old keys are kept\n"
			      "      --all            list every key, the "
			      "current one marked\n"
			      "      --json           write a JSON document\n"
			      "  -h, --help           show this help and "
			      "exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("id",
			                 _("option '%s' needs an argument"),
			                 argv[optind - 1]);
		default:
			return cli_usage("id", _("unknown option '%s'"),
			                 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("id", _("unexpected argument '%s'"),
		                 argv[optind]);
	if (rotate && all)
		return cli_usage("id", _("choose --rotate or --all"));
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (holder_ensure(v, now, &created, &err) != CAIRN_OK ||
	    (rotate && holder_rotate(v, now, NULL, &err) != CAIRN_OK) ||
	    vault_save(v, &err) != CAIRN_OK ||
	    holder_did(v, did, &err) != CAIRN_OK) {
		vault_close(v);
		return cli_fail(&err);
	}
	if (created && !rotate)
		say_created(did);
	if (all) {
		cJSON *list = NULL;
		if (holder_list(v, &list, &err) != CAIRN_OK) {
			rc = cli_fail(&err);
		} else if (json) {
			cli_print_json(list);
		} else {
			const cJSON *e;
			cJSON_ArrayForEach(e, list) printf(
			    "%s  %s%s\n", json_str(e, "did"),
			    json_str(e, "created"),
			    cJSON_IsTrue(
			        cJSON_GetObjectItemCaseSensitive(e, "current"))
			        ? _("  (current)")
			        : "");
		}
		cJSON_Delete(list);
	} else if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "did", did);
		cJSON_AddBoolToObject(o, "rotated", rotate);
		cli_print_json(o);
		cJSON_Delete(o);
	} else {
		if (rotate)
			printf(_("New holder key; the old ones are kept (cairn "
			         "id --all):\n"));
		printf("%s\n", did);
	}
	vault_close(v);
	return rc;
}

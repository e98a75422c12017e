/* cairn trust: the keys and DID documents the user vouches for. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "import/files.h"
#include "json.h"
#include "text.h"
#include "verify/contexts.h"
#include "verify/jsonld.h"
#include "verify/trust.h"

static cJSON *
trust_store(struct vault *v)
{
	cJSON *data = vault_data(v);
	cJSON *t = cJSON_GetObjectItemCaseSensitive(data, "trust");

	if (!cJSON_IsArray(t)) {
		cJSON_DeleteItemFromObjectCaseSensitive(data, "trust");
		t = cJSON_AddArrayToObject(data, "trust");
	}
	return t;
}

static int
trust_cmd_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"id", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	const char *id = NULL;
	unsigned char *data;
	size_t len;
	cJSON *entry;
	struct vault *v;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': id = optarg; break;
		case 'h':
			printf(_("Usage: cairn trust add [OPTION]... FILE\n"
			         "Trust the keys in FILE: a DID document, an issuer profile, an Open Badges 2.0\n"
			         "key, a JWK or a PEM public key.\n\n"
			         "Options:\n"
			         "      --id ID   the URL a JWK or PEM key answers to (needed for those)\n"
			         "  -h, --help    show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("trust add", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("trust add", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("trust add", _("give exactly one file"));
	if (import_read_path(argv[optind], &data, &len, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)trust_entry_from_bytes(data, len, id, &entry, &err);
	free(data);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK) {
		cJSON_Delete(entry);
		return cli_fail(&err);
	}
	{
		char *shown = text_sanitise(json_str(entry, "id"), TEXT_ONE_LINE);
		const char *kind = json_str(entry, "kind");
		char *kindc = strdup(kind ? kind : "");
		rc = (int)trust_add(trust_store(v), entry, &err);
		vault_touch(v);
		if (rc == CAIRN_OK)
			rc = (int)vault_save(v, &err);
		if (rc == CAIRN_OK)
			printf(_("Trusted %s (%s).\n"), shown ? shown : "", kindc ? kindc : "");
		free(shown);
		free(kindc);
	}
	vault_close(v);
	return rc == CAIRN_OK ? 0 : cli_fail(&err);
}

/* trust add-context URL FILE: a JSON-LD context kept offline. */
static int
trust_cmd_add_context(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	unsigned char *data;
	size_t len;
	cJSON *entry;
	struct vault *v;
	char *shown;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf(_("Usage: cairn trust add-context URL FILE\n"
		         "Keep FILE as the JSON-LD context served at URL, for checking\n"
		         "eddsa-rdfc-2022 and Ed25519Signature2020 proofs offline.\n\n"
		         "Options:\n"
		         "  -h, --help    show this help and exit\n"));
		cli_help_footer();
		return 0;
	}
	if (argc != 3)
		return cli_usage("trust add-context", _("give a URL and a file"));
	if (contexts_installed(contexts_data_dir(), argv[1])) {
		shown = text_sanitise(argv[1], TEXT_ONE_LINE);
		fprintf(stderr, _("cairn: trust add-context: %s is installed with cairn and checked against its hash; it cannot be replaced\n"),
		        shown ? shown : "");
		free(shown);
		return CAIRN_ERR_USAGE;
	}
	if (import_read_path(argv[2], &data, &len, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)contexts_entry_from_bytes(argv[1], data, len, &entry, &err);
	free(data);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK) {
		cJSON_Delete(entry);
		return cli_fail(&err);
	}
	shown = text_sanitise(argv[1], TEXT_ONE_LINE);
	rc = (int)trust_add(trust_store(v), entry, &err);
	if (rc == CAIRN_OK) {
		/* the contexts must still load together (their number is
		 * limited): else nothing is saved */
		struct jsonld_loader *l = NULL;

		rc = (int)contexts_loader_new(contexts_data_dir(), trust_store(v), &l, &err);
		jsonld_loader_free(l);
	}
	if (rc == CAIRN_OK) {
		vault_touch(v);
		rc = (int)vault_save(v, &err);
	}
	if (rc == CAIRN_OK)
		printf(_("Added the context %s.\n"), shown ? shown : "");
	free(shown);
	vault_close(v);
	return rc == CAIRN_OK ? 0 : cli_fail(&err);
}

int
cmd_trust(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct vault *v;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf(_("Usage: cairn trust COMMAND [OPTION]... [ARG]\n"
		         "The keys, DID documents and JSON-LD contexts cairn uses to check\n"
		         "signatures offline.\n\n"
		         "Commands:\n"
		         "  add [--id ID] FILE    trust the keys in FILE (see 'cairn trust add --help')\n"
		         "  add-context URL FILE  keep FILE as the JSON-LD context served at URL\n"
		         "  list [--json]         list what is trusted\n"
		         "  rm ID                 stop trusting ID (a key, document or context)\n\n"
		         "Options:\n"
		         "  -h, --help            show this help and exit\n"));
		cli_help_footer();
		return argc < 2 ? CAIRN_ERR_USAGE : 0;
	}
	sub = argv[1];
	if (strcmp(sub, "add") == 0)
		return trust_cmd_add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "add-context") == 0)
		return trust_cmd_add_context(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0) {
		int json = argc == 3 && strcmp(argv[2], "--json") == 0;
		const cJSON *e;
		if (argc > 3 || (argc == 3 && !json))
			return cli_usage("trust list", _("only --json is accepted"));
		if (cli_open_vault(cli, VAULT_READ, &v, &err) != CAIRN_OK)
			return cli_fail(&err);
		if (json) {
			cJSON *arr = cJSON_CreateArray();
			cJSON_ArrayForEach(e, trust_store(v)) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "id", json_str(e, "id") ? json_str(e, "id") : "");
				cJSON_AddStringToObject(o, "kind", json_str(e, "kind") ? json_str(e, "kind") : "");
				cJSON_AddStringToObject(o, "added", json_str(e, "added") ? json_str(e, "added") : "");
				cJSON_AddItemToArray(arr, o);
			}
			cli_print_json(arr);
			cJSON_Delete(arr);
		} else {
			cJSON_ArrayForEach(e, trust_store(v)) {
				char *id = text_sanitise(json_str(e, "id"), TEXT_ONE_LINE);
				printf("%-14s %s  (%s)\n", json_str(e, "kind") ? json_str(e, "kind") : "?",
				       id ? id : "", json_str(e, "added") ? json_str(e, "added") : "?");
				free(id);
			}
		}
		vault_close(v);
		return 0;
	}
	if (strcmp(sub, "rm") == 0) {
		if (argc != 3)
			return cli_usage("trust rm", _("give exactly one id"));
		if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
			return cli_fail(&err);
		rc = (int)trust_remove(trust_store(v), argv[2], &err);
		vault_touch(v);
		if (rc == CAIRN_OK)
			rc = (int)vault_save(v, &err);
		vault_close(v);
		return rc == CAIRN_OK ? 0 : cli_fail(&err);
	}
	return cli_usage("trust", _("unknown subcommand '%s' (add, add-context, list or rm)"), sub);
}

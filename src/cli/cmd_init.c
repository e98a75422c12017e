#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "holder.h"
#include "i18n.h"
#include "text.h"

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"kdf", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum vault_kdf_level level = VAULT_KDF_MODERATE;
	struct vault_kdf kdf;
	struct cairn_error err = {0};
	struct cairn_secret *pass = NULL;
	struct vault *v = NULL;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (vault_kdf_level_parse(optarg, &level) < 0)
				return cli_usage("init", _("--kdf takes interactive, moderate or sensitive, not '%s'"), optarg);
			break;
		case 'h':
			printf(_("Usage: cairn init [OPTION]...\n"
			         "Create a new vault; the passphrase is asked twice.\n\n"
			         "Options:\n"
			         "      --kdf LEVEL   how hard the passphrase is to guess by brute force:\n"
			         "                    interactive, moderate (the default) or sensitive\n"
			         "  -h, --help        show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("init", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("init", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("init", _("unexpected argument '%s'"), argv[optind]);
	vault_kdf_for_level(level, &kdf);
	{
		/* refuse before asking for a passphrase that cannot be used */
		struct vault_status st;
		struct cairn_error e2 = {0};
		if (vault_status_read(cli->vault_dir, &st, &e2) == CAIRN_OK)
			return cli_error(CAIRN_ERR_USAGE, _("a vault already exists at %s"),
			                 cli->vault_dir);
	}
	if (cli_passphrase(cli, _("New passphrase: "), 1, &pass, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (vault_create(cli->vault_dir, pass, &kdf, &v, &err) != CAIRN_OK) {
		secret_free(pass);
		return cli_fail(&err);
	}
	secret_free(pass);
	{
		/* the holder identity that will sign bundles */
		char did[HOLDER_DID_MAX];
		if (holder_ensure(v, time(NULL), NULL, &err) != CAIRN_OK ||
		    vault_save(v, &err) != CAIRN_OK || holder_did(v, did, &err) != CAIRN_OK) {
			vault_close(v);
			return cli_fail(&err);
		}
		char *d = text_sanitise(cli->vault_dir, TEXT_ONE_LINE);
		printf(_("Created a vault at %s\n"), d ? d : "");
		free(d);
		printf(_("Your holder identity (signs your bundles): %s\n"), did);
	}
	vault_close(v);
	return 0;
}

#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "i18n.h"

int
cmd_passwd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"new-passphrase-file", required_argument, NULL, 'n'},
		{"kdf", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *newfile = NULL;
	enum vault_kdf_level level = VAULT_KDF_MODERATE;
	struct vault_kdf kdf;
	int kdf_given = 0;
	struct cairn_error err = {0};
	struct cairn_secret *pass = NULL;
	struct vault *v = NULL;
	enum cairn_err rc;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			newfile = optarg;
			break;
		case 'k':
			if (vault_kdf_level_parse(optarg, &level) < 0)
				return cli_usage("passwd", _("--kdf takes interactive, moderate or sensitive, not '%s'"), optarg);
			kdf_given = 1;
			break;
		case 'h':
			printf(_("Usage: cairn passwd [OPTION]...\n"
			         "Change the vault's passphrase; no stored data is rewritten.\n\n"
			         "Options:\n"
			         "      --new-passphrase-file FILE  read the new passphrase from FILE's\n"
			         "                                  first line, not the terminal\n"
			         "      --kdf LEVEL                 interactive, moderate or sensitive;\n"
			         "                                  without it the key slot keeps its level\n"
			         "  -h, --help                      show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("passwd", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("passwd", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("passwd", _("unexpected argument '%s'"), argv[optind]);
	vault_kdf_for_level(level, &kdf);
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (newfile != NULL)
		rc = secret_from_file(newfile, &pass, &err);
	else
		rc = cli_prompt_tty(_("New passphrase: "), 1,
		                    _("no terminal to ask the new passphrase on; use --new-passphrase-file FILE"),
		                    &pass, &err);
	if (rc == CAIRN_OK)
		rc = vault_passwd(v, pass, kdf_given ? &kdf : NULL, &err);
	secret_free(pass);
	vault_close(v);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	printf(_("Passphrase changed.\n"));
	return 0;
}

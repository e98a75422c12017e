#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "i18n.h"
#include "text.h"

int
cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct vault *v;
	int c, force = 0, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = 1;
			break;
		case 'h':
			printf(_("Usage: cairn backup [OPTION]... FILE\n"
			         "Write the whole vault, still encrypted, to one file.\n\n"
			         "Options:\n"
			         "      --force   replace FILE if it exists\n"
			         "  -h, --help    show this help and exit\n"));
			cli_help_footer();
			return 0;
		default:
			return cli_usage("backup", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("backup", _("give exactly one backup file"));
	/* the writer lock keeps the index and objects consistent while copying */
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)vault_backup(v, argv[optind], force, &err);
	vault_close(v);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	{
		char *f = text_sanitise(argv[optind], TEXT_ONE_LINE);
		printf(_("Backup written to %s\n"), f ? f : "");
		free(f);
	}
	return 0;
}

int
cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct cairn_secret *pass;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf(_("Usage: cairn restore FILE\n"
			         "Restore a backup into the vault location, which must be empty or absent.\n"
			         "The passphrase asked is the backup's.\n\n"
			         "Options:\n"
			         "  -h, --help    show this help and exit\n"));
			cli_help_footer();
			return 0;
		}
		return cli_usage("restore", _("unknown option '%s'"), argv[optind - 1]);
	}
	if (optind + 1 != argc)
		return cli_usage("restore", _("give exactly one backup file"));
	if (cli_passphrase(cli, _("Passphrase of the backup: "), 0, &pass, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)vault_restore(argv[optind], cli->vault_dir, pass, &err);
	secret_free(pass);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	{
		char *f = text_sanitise(argv[optind], TEXT_ONE_LINE);
		char *d = text_sanitise(cli->vault_dir, TEXT_ONE_LINE);
		printf(_("Restored %s into %s\n"), f ? f : "", d ? d : "");
		free(f);
		free(d);
	}
	return 0;
}

#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "paths.h"
#include "tui_main.h"

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"init", cmd_init, N_("create a new encrypted vault")},
	{"import", cmd_import, N_("import credentials from files, folders or standard input")},
	{"list", cmd_list, N_("list the credentials, filtered and sorted")},
	{"show", cmd_show, N_("show every field of one credential")},
	{"tag", cmd_tag, N_("add or remove a credential's tags")},
	{"note", cmd_note, N_("attach a note to a credential")},
	{"rm", cmd_rm, N_("remove a credential")},
	{"verify", cmd_verify, N_("check credentials offline: proof, key, issuer, time, status")},
	{"export", cmd_export, N_("write a signed bundle, an HTML page or a baked badge")},
	{"id", cmd_id, N_("show (or rotate) the holder identity that signs your bundles")},
	{"pathway", cmd_pathway, N_("show how your credentials stack toward qualifications")},
	{"trust", cmd_trust, N_("add, list or remove the keys and DID documents you trust")},
	{"status", cmd_status, N_("show where the vault is and what it holds (no passphrase)")},
	{"check", cmd_check, N_("read and authenticate every stored object")},
	{"passwd", cmd_passwd, N_("change the passphrase (rewrites one key slot)")},
	{"backup", cmd_backup, N_("write the whole vault to one encrypted file")},
	{"restore", cmd_restore, N_("restore a backup into an empty or new location")},
	{"gc", cmd_gc, N_("remove objects nothing refers to any more")},
};

static void
print_help(void)
{
	printf(_("Usage: cairn [OPTION]... [COMMAND [ARG]...]\n"
	         "A terminal wallet for micro-credentials: an encrypted vault of badges,\n"
	         "verified offline, stacked into pathways.\n"
	         "Without a command, cairn opens its terminal interface on the vault.\n\n"));
	printf(_("Commands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		printf("  %-10s %s\n", commands[i].name, _(commands[i].summary));
	printf(_("\nOptions:\n"
	         "      --vault DIR            use the vault in DIR (default: $CAIRN_VAULT,\n"
	         "                             else $XDG_DATA_HOME/cairn/vault)\n"
	         "      --passphrase-file FILE read the passphrase from FILE's first line\n"
	         "      --demo                 open the interface on a throwaway demo vault,\n"
	         "                             removed when it closes\n"
	         "  -h, --help                 show this help and exit\n"
	         "      --version              show the version and exit\n\n"
	         "The passphrase is asked at the terminal, or read from --passphrase-file,\n"
	         "$CAIRN_PASSPHRASE_FILE (a path) or $CAIRN_PASSPHRASE_COMMAND (a command\n"
	         "whose first output line is the passphrase); never from the command line.\n\n"
	         "Exit status: 0 success, 1 a check failed, 2 usage error or unreadable input,\n"
	         "3 something could not be decided offline, 4 wrong passphrase, 5 vault\n"
	         "damaged, 6 vault locked, 7 no vault, 8 I/O error.\n\n"
	         "Run 'cairn COMMAND --help' for a command's options, 'man cairn' for the\n"
	         "full manual.\n"));
	cli_help_footer();
}

static void
print_version(void)
{
	printf("cairn %s\n", PACKAGE_VERSION);
	printf(_("Copyright (C) 2026 the cairn developers.\n"
	         "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	         "This is free software: you are free to change and redistribute it.\n"
	         "There is NO WARRANTY, to the extent permitted by law.\n"));
}

int
main(int argc, char **argv)
{
	enum { OPT_VAULT = 256, OPT_PASSFILE, OPT_VERSION, OPT_DEMO };
	static const struct option opts[] = {
		{"vault", required_argument, NULL, OPT_VAULT},
		{"passphrase-file", required_argument, NULL, OPT_PASSFILE},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"demo", no_argument, NULL, OPT_DEMO},
		{NULL, 0, NULL, 0},
	};
	struct cli cli = {"cairn", NULL, NULL};
	struct cairn_error err = {0};
	const char *vault_opt = NULL;
	int c, rc, demo = 0;

	setlocale(LC_ALL, "");
	/* keys may sit in this process's memory: never let it dump core */
	(void)secure_process_harden();
	cli_signals_install();
	if (cairn_init(&err) != CAIRN_OK)
		return cli_fail(&err);
#if ENABLE_NLS
	textdomain(PACKAGE);
#endif

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_VAULT:
			vault_opt = optarg;
			break;
		case OPT_PASSFILE:
			cli.passphrase_file = optarg;
			break;
		case 'h':
			print_help();
			return 0;
		case OPT_VERSION:
			print_version();
			return 0;
		case OPT_DEMO:
			demo = 1;
			break;
		case ':':
			return cli_usage(NULL, _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage(NULL, _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (demo && optind < argc)
		return cli_usage(NULL, _("--demo opens the interface on a throwaway vault; it takes no command"));
	if (vault_opt != NULL) {
		cli.vault_dir = strdup(vault_opt);
		if (cli.vault_dir == NULL)
			return cli_error(CAIRN_ERR_IO, _("out of memory"));
	} else if (paths_default_vault(&cli.vault_dir, &err) != CAIRN_OK) {
		return cli_fail(&err);
	}

	if (optind >= argc) {
		/* no command: the terminal interface */
		struct tui_options t = {cli.vault_dir, cli.passphrase_file, demo};
		rc = tui_main(&t);
		free(cli.vault_dir);
		return rc;
	}
	rc = -1;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			optind++;
			rc = commands[i].run(&cli, argc - optind + 1, argv + optind - 1);
			break;
		}
	}
	if (rc < 0)
		rc = cli_usage(NULL, _("unknown command '%s'"), argv[optind]);
	free(cli.vault_dir);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("cairn: cannot write to standard output\n"));
		return CAIRN_ERR_IO;
	}
	return rc;
}

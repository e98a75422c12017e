#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "i18n.h"
#include "text.h"

static const char *
kdf_level_name(uint64_t ops, uint64_t mem)
{
	static const struct {
		enum vault_kdf_level level;
		const char *name;
	} levels[] = {
		{VAULT_KDF_INTERACTIVE, N_("interactive")},
		{VAULT_KDF_MODERATE, N_("moderate")},
		{VAULT_KDF_SENSITIVE, N_("sensitive")},
		{VAULT_KDF_MINIMUM, N_("minimum (testing only)")},
	};
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		struct vault_kdf k;
		vault_kdf_for_level(levels[i].level, &k);
		if (k.opslimit == ops && k.memlimit == mem)
			return _(levels[i].name);
	}
	return _("custom");
}

int
cmd_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct vault_status st;
	struct cairn_error err = {0};
	char a[32], b[32], *safe;
	int c, json = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf(_("Usage: cairn status [OPTION]...\n"
			         "Show the vault's location, format, key slots and sizes;\n"
			         "no passphrase is needed.\n\n"
			         "Options:\n"
			         "      --json    write a JSON document\n"
			         "  -h, --help    show this help and exit\n"));
			cli_help_footer();
			return 0;
		default:
			return cli_usage("status", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("status", _("unexpected argument '%s'"), argv[optind]);
	if (vault_status_read(cli->vault_dir, &st, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (json) {
		char *text = vault_status_json(cli->vault_dir, &st);
		if (text == NULL)
			return cli_error(CAIRN_ERR_IO, _("out of memory"));
		safe = text_json_safe(text);
		printf("%s\n", safe ? safe : "");
		free(safe);
		free(text);
		return 0;
	}
	safe = text_sanitise(cli->vault_dir, TEXT_ONE_LINE);
	printf(_("Vault:      %s\n"), safe ? safe : "");
	free(safe);
	printf(_("Format:     %u\n"), st.version);
	printf(_("Vault id:   %s\n"), st.id_hex);
	for (int i = 0; i < st.slot_count; i++) {
		if (st.slots[i].damaged) {
			printf(_("Key slot %d: DAMAGED\n"), st.slots[i].number);
			continue;
		}
		cli_format_bytes(st.slots[i].memlimit, a, sizeof a);
		printf(_("Key slot %d: Argon2id, %s (%" PRIu64 " passes, %s)\n"),
		       st.slots[i].number,
		       kdf_level_name(st.slots[i].opslimit, st.slots[i].memlimit),
		       st.slots[i].opslimit, a);
	}
	cli_format_bytes(st.object_bytes, a, sizeof a);
	printf(P_("Objects:    %" PRIu64 " object, %s\n",
	          "Objects:    %" PRIu64 " objects, %s\n", st.object_files),
	       st.object_files, a);
	cli_format_bytes(st.index_bytes, b, sizeof b);
	printf(_("Index:      %s, generation %" PRIu64 "\n"), b, st.index_generation);
	if (st.lock_pid > 0)
		printf(_("Lock:       held by pid %ld\n"), st.lock_pid);
	else if (st.lock_pid < 0)
		printf(_("Lock:       held by another process\n"));
	else
		printf(_("Lock:       free\n"));
	return 0;
}

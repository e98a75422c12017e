#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "i18n.h"

int
cmd_gc(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct vault_gc_report r;
	struct vault *v;
	char a[32];
	int rc;

	rc = cli_help_only("gc", _("Usage: cairn gc\n"
	                   "Remove stored objects that nothing refers to.\n\n"
	                   "Options:\n"
	                   "  -h, --help    show this help and exit\n"),
	                argc, argv);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage("gc", _("unexpected argument '%s'"), argv[optind]);
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)vault_gc(v, &r, &err);
	vault_close(v);
	if (rc != CAIRN_OK)
		return cli_fail(&err);
	cli_format_bytes(r.removed_bytes, a, sizeof a);
	printf(P_("Removed %" PRIu64 " unreferenced file (%s); ",
	          "Removed %" PRIu64 " unreferenced files (%s); ", r.removed),
	       r.removed, a);
	printf(P_("%" PRIu64 " object kept.\n", "%" PRIu64 " objects kept.\n", r.kept),
	       r.kept);
	return 0;
}

int
cmd_check(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct vault_check_report r;
	struct vault *v;
	int rc;

	rc = cli_help_only("check", _("Usage: cairn check\n"
	                   "Read and authenticate every object in the vault.\n\n"
	                   "Options:\n"
	                   "  -h, --help    show this help and exit\n"),
	                argc, argv);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage("check", _("unexpected argument '%s'"), argv[optind]);
	if (cli_open_vault(cli, VAULT_READ, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	rc = (int)vault_check(v, &r, &err);
	vault_close(v);
	if (rc != CAIRN_OK && rc != CAIRN_ERR_DAMAGED)
		return cli_fail(&err);
	if (rc == CAIRN_ERR_DAMAGED) {
		fprintf(stderr, P_("cairn: %" PRIu64 " of %" PRIu64 " object is damaged; first: %s\n",
		                   "cairn: %" PRIu64 " of %" PRIu64 " objects are damaged; first: %s\n",
		                   r.objects),
		        r.damaged, r.objects, r.first_damaged);
		return CAIRN_ERR_DAMAGED;
	}
	printf(P_("%" PRIu64 " object checked, all intact",
	          "%" PRIu64 " objects checked, all intact", r.objects),
	       r.objects);
	if (r.unreferenced > 0)
		printf(P_("; %" PRIu64 " unreferenced file ('cairn gc' removes it)",
		          "; %" PRIu64 " unreferenced files ('cairn gc' removes them)",
		          r.unreferenced),
		       r.unreferenced);
	printf(".\n");
	return 0;
}

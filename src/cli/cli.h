/* The command line front end: one file per command, sharing these. */
#ifndef CAIRN_CLI_H
#define CAIRN_CLI_H

#include <cjson/cJSON.h>

#include "cairn.h"
#include "secret.h"
#include "vault.h"

struct cli {
	const char *prog;
	char *vault_dir;             /* --vault, $CAIRN_VAULT or the XDG default */
	const char *passphrase_file; /* --passphrase-file */
};

/* Prints "cairn: MESSAGE" on stderr and returns the error's code. */
int cli_fail(const struct cairn_error *err);
/* Prints a formatted one-line error and returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error for COMMAND: one line, and where to read more. */
int cli_usage(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The passphrase from --passphrase-file, $CAIRN_PASSPHRASE_FILE,
 * $CAIRN_PASSPHRASE_COMMAND, or the terminal (asked twice when confirm). */
enum cairn_err cli_passphrase(const struct cli *cli, const char *prompt,
                              int confirm, struct cairn_secret **out,
                              struct cairn_error *err);

/* Asks on the terminal with echo off; no_tty is the error when there is
 * no terminal. */
enum cairn_err cli_prompt_tty(const char *prompt, int confirm,
                              const char *no_tty, struct cairn_secret **out,
                              struct cairn_error *err);

/* Opens the vault, asking for the passphrase. */
enum cairn_err cli_open_vault(const struct cli *cli, enum vault_mode mode,
                              struct vault **out, struct cairn_error *err);

/* Wipes the secrets and restores the terminal on SIGINT, SIGTERM and
 * SIGHUP before dying of the signal; installed once, first thing. */
void cli_signals_install(void);

/* Parses a command that has no options but --help: prints usage and
 * returns 0 for --help, a usage error's status for an unknown option, or
 * -1 to go on with the operands from optind. */
int cli_help_only(const char *name, const char *usage, int argc, char **argv);

/* Prints the lines every --help ends with (GNU coding standards): where
 * to report bugs and the home page. */
void cli_help_footer(void);

/* Prints credential (or any untrusted) text made safe for a terminal
 * (text_sanitise with flags); NULL prints nothing. */
void cli_put_safe(const char *s, int flags);

/* Prints a JSON document, its unsafe characters escaped (text_json_safe):
 * the only way --json output is written. */
void cli_print_json(const cJSON *doc);

/* Human-readable byte counts ("40.0 KiB"). */
void cli_format_bytes(unsigned long long n, char *buf, size_t size);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_passwd(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_gc(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_rm(struct cli *cli, int argc, char **argv);
int cmd_tag(struct cli *cli, int argc, char **argv);
int cmd_note(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_trust(struct cli *cli, int argc, char **argv);
int cmd_pathway(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_id(struct cli *cli, int argc, char **argv);

#endif

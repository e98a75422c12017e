/* The terminal interface, as the program starts it (no curses here). */
#ifndef CAIRN_TUI_MAIN_H
#define CAIRN_TUI_MAIN_H

/* How the interface was started (src/cli/main.c fills it). */
struct tui_options {
	const char *vault_dir;       /* the vault to open */
	const char *passphrase_file; /* --passphrase-file, or NULL */
	int demo;                    /* cairn --demo */
};

/* Runs the interface until the user quits; returns the exit status. */
int tui_main(const struct tui_options *opts);

#endif

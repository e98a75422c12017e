/* The demo: a throwaway vault anyone can open with `cairn --demo`.
 *
 * demo_open makes a fresh directory (mkdtemp under $TMPDIR, else /tmp,
 * mode 0700), creates a vault in it with the minimum KDF and a random
 * passphrase that lives only in guarded memory, imports the shipped demo
 * credentials (DATADIR/demo/credentials/), adds the trust entries they
 * need (DATADIR/demo/trust/), verifies every credential and stores the
 * verdicts, so a list shows every mark: verified, expired, failed and
 * unknown.  The shipped pathways are read from DATADIR like any vault's:
 * pass demo_datadir() to pathways_load.
 *
 * The demo credentials are signed with a published demo key
 * (data/demo/README): nothing in the demo is real.
 *
 * Dates in the demo are fixed: the expired credential expired in 2025,
 * the others are valid until 2099, so the marks are the same on any day. */
#ifndef CAIRN_DEMO_H
#define CAIRN_DEMO_H

#include <stddef.h>

#include "cairn.h"
#include "vault.h"

struct demo;

/* Builds the demo vault from DATADIR (NULL: pathways_data_dir()).  On
 * failure nothing is left on disk.  The vault is open for writing (the
 * interface may tag, note and export as in a real vault); it never asks
 * for a passphrase, so the interface should not lock it when idle. */
enum cairn_err demo_open(const char *datadir, struct demo **out,
                         struct cairn_error *err);

/* The open vault; owned by the demo (do not vault_close it). */
struct vault *demo_vault(struct demo *d);

/* The temporary directory holding the vault. */
const char *demo_dir(const struct demo *d);

/* The data directory the demo came from (for pathways_load). */
const char *demo_datadir(const struct demo *d);

/* Number of credentials imported into the demo vault. */
size_t demo_count(const struct demo *d);

/* Closes the vault, wipes the passphrase and removes the temporary
 * directory and everything in it.  Accepts NULL.  Safe from an atexit
 * handler; NOT async-signal-safe (it frees memory and walks the
 * directory): on SIGINT, SIGTERM or SIGHUP the interface should set a
 * flag, leave its loop and call demo_close from normal code.  If the
 * process dies without it (SIGKILL, a crash), the directory stays under
 * $TMPDIR holding only public demo data encrypted under a key that died
 * with the process; the next demo_open of the same user removes it (a
 * demo holds a lock on its folder's owner file while it lives). */
void demo_close(struct demo *d);

#endif

/* libFuzzer target: restoring a backup file (entry framing, key slots,
 * index, objects, trailer).  Seeds are backups made with the passphrase
 * "fuzz" (fuzz/corpus/vault-backup). */
#include "config.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char workdir[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_secret *pass;
	struct cairn_error err;
	char file[128], target[128];
	FILE *f;

	if (pass == NULL) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		pass = secret_new();
		if (pass == NULL)
			return 0;
		memcpy(pass->data, "fuzz", 4);
		pass->len = 4;
		snprintf(workdir, sizeof workdir, "/tmp/cairn-fuzz-XXXXXX");
		if (mkdtemp(workdir) == NULL)
			abort();
	}
	snprintf(file, sizeof file, "%s/backup", workdir);
	snprintf(target, sizeof target, "%s/vault", workdir);
	f = fopen(file, "wb");
	if (f == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if (vault_restore(file, target, pass, &err) == CAIRN_OK)
		fs_remove_tree(target);
	/* a refused restore must leave nothing behind */
	if (access(target, F_OK) == 0)
		abort();
	unlink(file);
	return 0;
}

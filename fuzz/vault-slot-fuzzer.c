/* libFuzzer target: the vault's plaintext-framed files (format, key slot)
 * as read by vault_open and vault_status_read.  No passphrase is tried, so
 * a forged slot cannot make the fuzzer spend its time in Argon2. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "vault_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	unsigned char id[VAULT_ID_BYTES] = {0};
	struct vault_kdf kdf;
	struct cairn_error err;

	if (!ready) {
		if (cairn_init(NULL) != CAIRN_OK)
			return 0;
		ready = 1;
	}
	(void)vault_format_parse(data, size, id, "fuzz", &err);
	(void)vault_slot_open(data, size, id, NULL, NULL, &kdf, "fuzz", "keys/0",
	                      &err);
	return 0;
}

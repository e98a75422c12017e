#include "config.h"

#include <nettle/sha2.h>

#include "hash.h"

void
hash_sha256(const void *data, size_t len, unsigned char out[HASH_SHA256_BYTES])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, HASH_SHA256_BYTES, out);
}

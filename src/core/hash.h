/* SHA-256 for content hashes (credential ids, Data Integrity hash data).
 * Nettle's, which uses the processor's SHA instructions where there are
 * some: several times faster than a portable implementation, and hashing
 * is most of what checking a large credential costs besides the
 * signature. */
#ifndef CAIRN_HASH_H
#define CAIRN_HASH_H

#include <stddef.h>

#define HASH_SHA256_BYTES 32

void hash_sha256(const void *data, size_t len, unsigned char out[HASH_SHA256_BYTES]);

#endif

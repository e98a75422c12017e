/* On-disk layouts of the vault's files (cairn-vault(5)); shared by the
 * vault and its backup code.  All integers are little-endian. */
#ifndef CAIRN_VAULT_FORMAT_H
#define CAIRN_VAULT_FORMAT_H

#include <stdint.h>
#include <sodium.h>

#define VF_MAGIC_LEN 8
#define VF_CHECKSUM_LEN 32
#define VF_NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define VF_TAG_LEN crypto_aead_xchacha20poly1305_ietf_ABYTES     /* 16 */
#define VF_KEY_LEN 32
#define VF_SALT_LEN 16

/* format: magic, u32 version, vault id, u64 created, checksum */
#define VF_FORMAT_MAGIC "CAIRNVLT"
#define VF_FORMAT_BODY (8 + 4 + 16 + 8)
#define VF_FORMAT_SIZE (VF_FORMAT_BODY + VF_CHECKSUM_LEN)

/* keys/N: magic, u32 version, u32 algorithm, u64 opslimit, u64 memlimit,
 * salt; nonce; wrapped master key; checksum */
#define VF_SLOT_MAGIC "CAIRNKEY"
#define VF_SLOT_AD_LEN (8 + 4 + 4 + 8 + 8 + VF_SALT_LEN) /* 48 */
#define VF_SLOT_BODY (VF_SLOT_AD_LEN + VF_NONCE_LEN + VF_KEY_LEN + VF_TAG_LEN)
#define VF_SLOT_SIZE (VF_SLOT_BODY + VF_CHECKSUM_LEN) /* 152 */
#define VF_KDF_ARGON2ID13 2

/* objects/XX/…: magic, u32 version, nonce, ciphertext */
#define VF_OBJECT_MAGIC "CAIRNOBJ"
#define VF_OBJECT_HEAD (8 + 4)
#define VF_OBJECT_OVERHEAD (VF_OBJECT_HEAD + VF_NONCE_LEN + VF_TAG_LEN)

/* index: magic, u32 version, u64 generation, nonce, ciphertext */
#define VF_INDEX_MAGIC "CAIRNIDX"
#define VF_INDEX_HEAD (8 + 4 + 8)
#define VF_INDEX_OVERHEAD (VF_INDEX_HEAD + VF_NONCE_LEN + VF_TAG_LEN)

/* backup: header, entries, end entry, keyed BLAKE2b trailer */
#define VF_BACKUP_MAGIC "CAIRNBAK"
#define VF_BACKUP_HEAD (8 + 4 + 16)
enum vf_entry_type {
	VF_ENTRY_END = 0,
	VF_ENTRY_FORMAT = 1,
	VF_ENTRY_SLOT = 2,
	VF_ENTRY_INDEX = 3,
	VF_ENTRY_OBJECT = 4,
};

/* crypto_kdf subkeys of the master key */
#define VF_KDF_CONTEXT "cairnvlt"
#define VF_SUBKEY_NAME 1
#define VF_SUBKEY_DATA 2
#define VF_SUBKEY_BACKUP 3

static inline void
vf_put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline void
vf_put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t
vf_get_u32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline uint64_t
vf_get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

#endif

/* Every limit on untrusted input, in one place.  cairn(1) lists them. */
#ifndef CAIRN_LIMITS_H
#define CAIRN_LIMITS_H

/* Vault */
#define CAIRN_MAX_OBJECT_SIZE   (64UL * 1024 * 1024)  /* one stored object */
#define CAIRN_MAX_INDEX_SIZE    (256UL * 1024 * 1024) /* the index plaintext */
#define CAIRN_MAX_KEY_SLOTS     16
#define CAIRN_MAX_KDF_MEMLIMIT  (4ULL * 1024 * 1024 * 1024) /* 4 GiB */
#define CAIRN_MAX_KDF_OPSLIMIT  64ULL
#define CAIRN_MAX_PASSPHRASE    1024                  /* bytes */
#define CAIRN_MAX_BACKUP_ENTRIES 10000000UL
#define CAIRN_MAX_BACKUP_NAME   255

/* JSON read anywhere (index, credentials, pathways) */
#define CAIRN_MAX_JSON_DEPTH    64

#endif

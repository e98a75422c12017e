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

/* JSON read anywhere (credentials, pathways) */
#define CAIRN_MAX_JSON_DEPTH    64

/* Import */
#define CAIRN_MAX_IMPORT_SIZE   (16UL * 1024 * 1024)  /* one file or stdin */
#define CAIRN_MAX_CREDENTIALS_PER_FILE 10000          /* arrays, VPs, CLRs */
#define CAIRN_MAX_FOLDER_DEPTH  16                    /* import of folders */

/* Baked images */
#define CAIRN_MAX_PNG_CHUNK     (16UL * 1024 * 1024)  /* one chunk's data */
#define CAIRN_MAX_PNG_CHUNKS    10000
#define CAIRN_MAX_INFLATED      (4UL * 1024 * 1024)   /* zTXt / iTXt text */
#define CAIRN_MAX_SVG_DEPTH     256                   /* element nesting */
#define CAIRN_MAX_SVG_NS_BINDINGS 64                  /* namespace prefixes in scope */

/* Badge pictures drawn in the terminal (PNG decoding) */
#define CAIRN_MAX_IMAGE_SIDE    4096                  /* pixels, width or height */
#define CAIRN_MAX_IMAGE_BYTES   (16UL * 1024 * 1024)  /* decoded RGBA bytes */

/* Verification */
#define CAIRN_MAX_STATUS_LIST   (16UL * 1024 * 1024)  /* inflated bitstring bytes */
#define CAIRN_MAX_PROOFS        16                    /* proofs on one document */
#define CAIRN_MAX_RSA_BITS      8192
#define CAIRN_MAX_RSA_E_BITS    64                    /* public exponent */
#define CAIRN_MAX_MULTIBASE     8192                  /* characters of one base58btc value */
#define CAIRN_MAX_PEM           (16UL * 1024)         /* one PEM public key */

/* Pathways */
#define CAIRN_MAX_PATHWAY_SIZE  (1UL * 1024 * 1024)   /* one pathway file */
#define CAIRN_MAX_PATHWAY_NODES 2000                  /* nodes in one tree */
#define CAIRN_MAX_PATHWAY_DEPTH 32                    /* nesting of nodes */
#define CAIRN_MAX_PATHWAY_SEARCH 2000000UL            /* assignment search steps */
#define CAIRN_MAX_PATHWAYS      1000                  /* stored pathways */
#define CAIRN_MAX_PATHWAY_CREDITS 1000000             /* credits or hours in one value */
#define CAIRN_MAX_CTDL_NOTES    100                   /* notes on one CTDL conversion */
#define CAIRN_MAX_CTDL_REFS     1000000UL             /* references followed in one CTDL file */

/* RDF Dataset Canonicalization (RDFC-1.0) */
#define CAIRN_MAX_NQUADS_SIZE   (16UL * 1024 * 1024)  /* one N-Quads document */
#define CAIRN_MAX_NQUADS_QUADS  100000UL              /* quads in one dataset */
#define CAIRN_MAX_RDFC_WORK     100000UL              /* Hash N-Degree Quads calls plus permutations */

/* JSON-LD 1.1 processing */
#define CAIRN_MAX_CONTEXT_SIZE  (1UL * 1024 * 1024)   /* one context document */
#define CAIRN_MAX_CONTEXTS      200                   /* contexts in one loader (installed + added) */
#define CAIRN_MAX_JSONLD_WORK   1000000UL             /* expansion and toRdf steps for one document */
#define CAIRN_MAX_CONTEXT_DEPTH 32                    /* nested context references */
#define CAIRN_MAX_TERM_NESTING  128                   /* term definitions defined through others */
#define CAIRN_MAX_CONTEXT_CACHE 1024                  /* processed contexts a loader keeps */
#define CAIRN_MAX_CONTEXT_CACHE_BYTES (32UL * 1024 * 1024) /* and the memory they may take */

/* The interface's configuration file */
#define CAIRN_MAX_CONFIG_SIZE   (64UL * 1024)         /* the whole file */
#define CAIRN_MAX_CONFIG_LINE   1024                  /* bytes on one line */
#define CAIRN_MAX_CONFIG_BINDINGS 256                 /* bind and unbind lines */
#define CAIRN_MAX_IDLE_LOCK     86400U                /* seconds: one day */
#define CAIRN_DEFAULT_IDLE_LOCK 600U                  /* seconds */

/* The interface */
#define CAIRN_MAX_TUI_INPUT     4096                  /* bytes typed at one prompt */
#define CAIRN_MAX_SCRIPT_SIZE   (1UL * 1024 * 1024)   /* a CAIRN_SCRIPT file */

/* JSON Canonicalization Scheme output */
#define CAIRN_MAX_JCS_OUTPUT    (64UL * 1024 * 1024)

#endif
